//! Reading the network's CSV files, validated in full: every bad row is reported with its line,
//! column and reason, and nothing is returned unless the whole file is good.
//!
//! Files:
//! - network: `code,name,kind,framework,joined,left,region,note` (+ optional `name_fr`, `end_reason`)
//! - sizes: `code,name,population_millions,gdp_usd_billions,year,source`
//! - groupings: `code,name,name_fr,kind,members,note` (members separated by spaces)

use std::collections::HashMap;
use std::fmt;
use std::io::Read;

use serde::Serialize;

use super::{
    EndReason, FrameworkCode, FrameworkRole, Grouping, Membership, Nation, NationCode, NationKind, NationSize, names_fr,
};
use crate::date::PartialDate;

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportError {
    /// 1-based line of the file (the header is line 1).
    pub line: u64,
    /// The column at fault, when one is.
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(f, "line {}, column {}: {}", self.line, c, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// Every problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct FileErrors {
    pub file: String,
    pub errors: Vec<ImportError>,
}

impl fmt::Display for FileErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        write!(f, "{}: {} error{} found, nothing was imported", self.file, n, if n == 1 { "" } else { "s" })?;
        for e in &self.errors {
            write!(f, "\n  {}: {}", self.file, e)?;
        }
        Ok(())
    }
}

/// Which of the network's files a CSV header announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Network,
    Sizes,
    Groupings,
    Formats,
}

pub const NETWORK_COLUMNS: &[&str] = &["code", "name", "kind", "framework", "joined", "left", "region", "note"];
const NETWORK_OPTIONAL: &[&str] = &["left", "region", "note", "name_fr", "end_reason"];
pub const SIZES_COLUMNS: &[&str] = &["code", "name", "population_millions", "gdp_usd_billions", "year", "source"];
pub const GROUPINGS_COLUMNS: &[&str] = &["code", "name", "name_fr", "kind", "members", "note"];

/// Tell a file's kind from its header line.
pub fn sniff(content: &[u8]) -> Option<FileKind> {
    detect(content).ok()
}

/// Tell a file's kind from its header (its first line that is not blank), or say why it has
/// none: the file is empty, holds only blank lines, or starts with the header of no file
/// Entente imports. The error names the line.
pub fn detect(content: &[u8]) -> Result<FileKind, ImportError> {
    let expected = format!(
        "expected the header of a network file ({}), a sizes file ({}), a groupings file ({}) or a formats file ({})",
        NETWORK_COLUMNS.join(","),
        SIZES_COLUMNS.join(","),
        GROUPINGS_COLUMNS.join(","),
        FORMATS_COLUMNS.join(","),
    );
    let fail = |line: u64, message: String| Err(ImportError { line, column: None, message });
    if content.is_empty() {
        return fail(1, format!("the file is empty (0 bytes); {expected}"));
    }
    let body = content.strip_prefix("\u{feff}".as_bytes()).unwrap_or(content);
    let lines = Lines::new(body);
    let mut start = 0;
    let mut header = None;
    for (i, end) in lines.breaks.iter().copied().chain([body.len()]).enumerate() {
        let line = body.get(start..end).unwrap_or_default();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.iter().all(u8::is_ascii_whitespace) {
            header = Some((i as u64 + 1, line));
            break;
        }
        start = end + 1;
    }
    let Some((line, header)) = header else {
        return fail(1, format!("the file is empty: it holds only blank lines; {expected}"));
    };
    let header = String::from_utf8_lossy(header);
    let cols: Vec<&str> = header.split(',').map(|c| c.trim().trim_matches('"')).collect();
    let has = |c: &str| cols.contains(&c);
    if has("framework") && has("joined") {
        Ok(FileKind::Network)
    } else if has("population_millions") {
        Ok(FileKind::Sizes)
    } else if has("members") {
        Ok(FileKind::Groupings)
    } else if has("include_allies") {
        Ok(FileKind::Formats)
    } else {
        fail(line, format!("not a file Entente imports; {expected}"))
    }
}

/// A validated network file.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkFile {
    pub nations: Vec<Nation>,
    pub memberships: Vec<Membership>,
    /// The line each membership came from, in the same order.
    pub lines: Vec<u64>,
}

/// One record of a table: its physical line, its values, and the line each value starts on (a
/// quoted value may span lines, moving every later value and record down).
struct Record {
    line: u64,
    values: Vec<String>,
    lines: Vec<u64>,
}

struct Table {
    header: Vec<String>,
    rows: Vec<Record>,
}

/// Where a file's lines break, to name the physical line of any byte. Lines are counted here
/// from byte offsets rather than taken from the CSV reader: the reader ends a record at the `\r`
/// of `\r\n` and counts the `\n` only while reading the next record, so on CRLF files every
/// record it reports starts one line too early.
struct Lines<'a> {
    bytes: &'a [u8],
    /// Offsets of the bytes that end a line: `\n`, and a `\r` not followed by `\n`.
    breaks: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let breaks = bytes
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
            .map(|(i, _)| i)
            .collect();
        Lines { bytes, breaks }
    }

    /// The 1-based line of the byte at `offset`.
    fn line(&self, offset: usize) -> u64 {
        1 + self.breaks.partition_point(|&b| b < offset) as u64
    }

    /// Where a record the reader says starts at `offset` really starts: past the end of the
    /// previous line (the `\n` of its `\r\n`) and past any blank lines the reader skipped.
    fn record_start(&self, offset: usize) -> usize {
        let mut i = offset;
        while matches!(self.bytes.get(i), Some(b'\r' | b'\n')) {
            i += 1;
        }
        i
    }

    /// The offsets where the first `n` fields of the record starting at `start` begin, read
    /// the way the CSV reader reads them (a quote opens a quoted value only as a value's first
    /// byte; `""` inside quotes is a quote).
    fn field_starts(&self, start: usize, n: usize) -> Vec<usize> {
        #[derive(Clone, Copy)]
        enum State {
            Start,
            Unquoted,
            Quoted,
            QuoteInQuoted,
        }
        let mut starts = vec![start];
        let mut state = State::Start;
        for (at, &b) in self.bytes.iter().enumerate().skip(start) {
            if starts.len() >= n {
                break;
            }
            state = match (state, b) {
                (State::Start, b'"') => State::Quoted,
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::QuoteInQuoted, b'"') | (State::Quoted, _) => State::Quoted,
                (State::Start | State::Unquoted | State::QuoteInQuoted, b',') => {
                    starts.push(at + 1);
                    State::Start
                }
                (State::Start | State::Unquoted | State::QuoteInQuoted, b'\r' | b'\n') => break,
                (State::Start | State::Unquoted | State::QuoteInQuoted, _) => State::Unquoted,
            };
        }
        starts
    }
}

/// A value of a record as text, or the error naming the line and column of its first byte that
/// is not UTF-8.
fn utf8_value(raw: &[u8], first_line: u64, column: impl FnOnce() -> String) -> Result<String, ImportError> {
    match std::str::from_utf8(raw) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let valid = &raw[..e.valid_up_to()];
            let line = first_line + valid.iter().filter(|&&b| b == b'\n').count() as u64;
            let chars = String::from_utf8_lossy(valid).chars().count();
            Err(ImportError {
                line,
                column: Some(column()),
                message: format!(
                    "not valid UTF-8: byte 0x{:02X} after {chars} character{} of the value; save the file as UTF-8",
                    raw[e.valid_up_to()],
                    if chars == 1 { "" } else { "s" }
                ),
            })
        }
    }
}

/// Read a CSV table. Header problems stop here; problems with a row's shape are returned beside
/// the good rows, so that one run reports every bad row. Every error names the physical line of
/// the file, with LF or CRLF line ends, with or without a final line end, and below values that
/// span lines.
fn read_table(
    mut input: impl Read,
    required: &[&str],
    optional: &[&str],
) -> Result<(Table, Vec<ImportError>), Vec<ImportError>> {
    let err = |line: u64, column: Option<&str>, message: String| ImportError {
        line,
        column: column.map(str::to_string),
        message,
    };
    let mut bytes = Vec::new();
    if let Err(e) = input.read_to_end(&mut bytes) {
        return Err(vec![err(1, None, format!("cannot read the file: {e}"))]);
    }
    let lines = Lines::new(&bytes);
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(bytes.as_slice());
    let mut rec = csv::ByteRecord::new();
    // Where a record starts and the line of each of its values.
    let locate = |rec: &csv::ByteRecord| -> (u64, Vec<u64>) {
        let offset = rec.position().map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let start = lines.record_start(offset);
        let field_lines = lines.field_starts(start, rec.len()).into_iter().map(|s| lines.line(s)).collect();
        (lines.line(start), field_lines)
    };
    let empty = || format!("the file is empty; expected the header {}", required.join(","));
    match rdr.read_byte_record(&mut rec) {
        Ok(true) => {}
        Ok(false) => return Err(vec![err(1, None, empty())]),
        Err(e) => return Err(vec![err(1, None, format!("cannot read the header: {e}"))]),
    }
    let (header_line, header_lines) = locate(&rec);
    let mut header = Vec::with_capacity(rec.len());
    for (i, raw) in rec.iter().enumerate() {
        let line = header_lines.get(i).copied().unwrap_or(header_line);
        match utf8_value(raw, line, || format!("{} of the header", i + 1)) {
            Ok(h) => header.push(h.trim_start_matches('\u{feff}').trim().to_string()),
            Err(e) => return Err(vec![e]),
        }
    }
    let mut errors = Vec::new();
    if header.iter().all(String::is_empty) {
        return Err(vec![err(header_line, None, empty())]);
    }
    for c in required {
        if !optional.contains(c) && !header.iter().any(|h| h == c) {
            errors.push(err(
                header_line,
                Some(c),
                format!("required column '{c}' is missing (header: {})", header.join(",")),
            ));
        }
    }
    for h in &header {
        if !required.contains(&h.as_str()) && !optional.contains(&h.as_str()) {
            errors.push(err(header_line, Some(h), format!("unknown column '{h}' (expected: {})", required.join(","))));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut rows = Vec::new();
    let mut last_line = header_line;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(last_line + 1, |p| {
                    lines.line(lines.record_start(usize::try_from(p.byte()).unwrap_or(usize::MAX)))
                });
                errors.push(err(line, None, format!("not valid CSV: {e}")));
                break;
            }
        }
        let (line, field_lines) = locate(&rec);
        last_line = line;
        let mut values = Vec::with_capacity(rec.len());
        let mut bad = false;
        for (i, raw) in rec.iter().enumerate() {
            let at = field_lines.get(i).copied().unwrap_or(line);
            let column = || header.get(i).cloned().unwrap_or_else(|| format!("{} (beyond the header)", i + 1));
            match utf8_value(raw, at, column) {
                // Trimmed as text: the reader trims ASCII spaces only, and a no-break space is one too.
                Ok(v) => values.push(v.trim().to_string()),
                Err(e) => {
                    errors.push(e);
                    bad = true;
                }
            }
        }
        if !bad && values.iter().all(String::is_empty) {
            continue;
        }
        if rec.len() != header.len() {
            errors.push(err(line, None, format!("{} fields, but the header has {} columns", rec.len(), header.len())));
            continue;
        }
        if !bad {
            rows.push(Record { line, values, lines: field_lines });
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(err(header_line + 1, None, "the file has a header but no rows".to_string()));
    }
    Ok((Table { header, rows }, errors))
}

impl Table {
    fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The line the value of `column` starts on in `rec` (the record's line for an unknown column).
    fn line_of(&self, rec: &Record, column: &str) -> u64 {
        self.col(column).and_then(|i| rec.lines.get(i)).copied().unwrap_or(rec.line)
    }

    fn error(&self, rec: &Record, column: &str, message: impl Into<String>) -> ImportError {
        ImportError { line: self.line_of(rec, column), column: Some(column.to_string()), message: message.into() }
    }
}

struct Row<'a> {
    table: &'a Table,
    rec: &'a Record,
}

impl Row<'_> {
    fn get(&self, column: &str) -> &str {
        self.table.col(column).and_then(|i| self.rec.values.get(i)).map_or("", String::as_str)
    }

    fn error(&self, column: &str, message: impl Into<String>) -> ImportError {
        self.table.error(self.rec, column, message)
    }

    fn required(&self, column: &str, errors: &mut Vec<ImportError>) -> Option<&str> {
        let v = self.get(column);
        if v.is_empty() {
            errors.push(self.error(column, format!("'{column}' is empty")));
            None
        } else {
            Some(v)
        }
    }
}

/// One row of a network file as text, before any check: what a line of the file gives, or what
/// a form for one change to the registry gives (see [`super::edit`]). Empty means absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkRow {
    pub code: String,
    pub name: String,
    pub name_fr: String,
    pub kind: String,
    pub framework: String,
    pub joined: String,
    pub left: String,
    pub region: String,
    pub note: String,
    pub end_reason: String,
}

impl NetworkRow {
    /// The row that would import a stored membership of `nation`.
    pub fn of(nation: &Nation, m: &Membership) -> NetworkRow {
        NetworkRow {
            code: m.nation.to_string(),
            name: nation.name.clone(),
            name_fr: nation.name_fr.clone().unwrap_or_default(),
            kind: m.kind.as_str().to_string(),
            framework: m.framework.to_string(),
            joined: m.joined.to_string(),
            left: m.left.map(|l| l.to_string()).unwrap_or_default(),
            region: nation.region.clone().unwrap_or_default(),
            note: m.note.clone(),
            end_reason: m.end_reason.map(|r| r.as_str().to_string()).unwrap_or_default(),
        }
    }

    fn get(&self, column: &str) -> &str {
        match column {
            "code" => &self.code,
            "name" => &self.name,
            "name_fr" => &self.name_fr,
            "kind" => &self.kind,
            "framework" => &self.framework,
            "joined" => &self.joined,
            "left" => &self.left,
            "region" => &self.region,
            "note" => &self.note,
            "end_reason" => &self.end_reason,
            _ => "",
        }
    }
}

/// Where the other row of a rule about two rows is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A line of the same file.
    Line(u64),
    /// A period the registry holds, by the date it starts.
    Recorded(PartialDate),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line(n) => write!(f, "on line {n}"),
            Place::Recorded(d) => write!(f, "recorded from {d}"),
        }
    }
}

/// Why a row of the network is refused: by the importer for a line of a file, and by the
/// registry's editing for a change made in a form or through the API. Each names no line: the
/// caller says where the row is ([`RowError`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A required value is empty (the column's name).
    Empty(&'static str),
    Code(super::CodeError),
    UnknownKind(String),
    UnknownFramework {
        given: String,
        known: Vec<String>,
    },
    Date(crate::date::DateParseError),
    UnknownEndReason(String),
    KindDoesNotFit {
        kind: NationKind,
        framework: FrameworkCode,
        expected: NationKind,
    },
    NotIso3(NationCode),
    LeftNotAfterJoined {
        left: PartialDate,
        joined: PartialDate,
    },
    EndReasonWithoutLeft,
    NameDiffers {
        name: String,
        first: String,
        nation: NationCode,
        other: Place,
    },
    RegionDiffers {
        region: String,
        first: String,
        nation: NationCode,
        other: Place,
    },
    /// A nation that is an organisation in one row and a state in another.
    OrganisationAndState {
        nation: NationCode,
        other: Place,
        other_is_organisation: bool,
    },
    Duplicate {
        nation: NationCode,
        framework: FrameworkCode,
        joined: PartialDate,
        other: Place,
    },
    Overlap {
        nation: NationCode,
        framework: FrameworkCode,
        other: Place,
    },
    /// A nation added by hand whose code the registry already holds.
    NationExists(NationCode),
    /// A period to end (suspended, left) where the nation has no open period in the framework.
    NoOpenPeriod {
        nation: NationCode,
        framework: FrameworkCode,
    },
    /// A membership change that is not joined, suspended or left.
    UnknownEvent(String),
    /// A point of contact released to an audience that is not offered.
    UnknownAudience(String),
    /// A typed text the one text rule refuses.
    Text(crate::text::TextError),
    NotEmail(String),
    NotPhone(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Empty(c) => write!(f, "'{c}' is empty"),
            Problem::Code(e) => write!(f, "{e}"),
            Problem::UnknownKind(k) => {
                write!(f, "unknown kind '{k}' (expected member, partner_state or partner_org)")
            }
            Problem::UnknownFramework { given, known } => {
                write!(f, "unknown framework '{given}' (known: {})", known.join(", "))
            }
            Problem::Date(e) => write!(f, "{e}"),
            Problem::UnknownEndReason(r) => {
                write!(f, "unknown end reason '{r}' (expected left, suspended or became_member)")
            }
            Problem::KindDoesNotFit { kind, framework, expected } => write!(
                f,
                "kind '{}' does not fit framework {framework}: its participants are '{}'",
                kind.as_str(),
                expected.as_str()
            ),
            Problem::NotIso3(code) => write!(f, "'{code}' is not an ISO 3166-1 alpha-3 code, which a state needs"),
            Problem::LeftNotAfterJoined { left, joined } => write!(f, "left ({left}) is not after joined ({joined})"),
            Problem::EndReasonWithoutLeft => f.write_str("an end reason needs a 'left' date"),
            Problem::NameDiffers { name, first, nation, other } => {
                write!(f, "name '{name}' differs from '{first}' given for {nation} {other}")
            }
            Problem::RegionDiffers { region, first, nation, other } => {
                write!(f, "region '{region}' differs from '{first}' given for {nation} {other}")
            }
            Problem::OrganisationAndState { nation, other, other_is_organisation: true } => {
                write!(f, "{nation} is an organisation {other} and a state here")
            }
            Problem::OrganisationAndState { nation, other, other_is_organisation: false } => {
                write!(f, "{nation} is a state {other} and an organisation here")
            }
            Problem::Duplicate { nation, framework, joined, other } => {
                write!(f, "duplicate: {nation} in {framework} from {joined} is already {other}")
            }
            Problem::Overlap { nation, framework, other } => {
                write!(f, "this period of {nation} in {framework} overlaps the one {other}")
            }
            Problem::NationExists(code) => write!(f, "{code} is already in the registry"),
            Problem::NoOpenPeriod { nation, framework } => {
                write!(f, "{nation} has no open period in {framework} to end")
            }
            Problem::UnknownEvent(e) => {
                write!(f, "'{e}' is not a membership change (expected joined, suspended or left)")
            }
            Problem::UnknownAudience(a) => {
                write!(f, "'{a}' is not an audience (expected staff, allies, all_partners or public)")
            }
            Problem::Text(e) => write!(f, "{e}"),
            Problem::NotEmail(e) => write!(f, "'{}' is not an e-mail address", e.escape_debug()),
            Problem::NotPhone(p) => {
                write!(f, "'{}' is not a telephone number (digits, spaces and + - ( ) . only)", p.escape_debug())
            }
        }
    }
}

/// A refused row: which one (its index in the rows checked), the column at fault when one is,
/// and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub index: usize,
    pub column: Option<&'static str>,
    pub problem: Problem,
}

/// Rows of a network, checked: the nations they describe, in the order they first appear, and the
/// memberships with the index of the row each came from.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedRows {
    pub nations: Vec<Nation>,
    pub memberships: Vec<Membership>,
    pub rows: Vec<usize>,
}

struct RawMembership {
    index: usize,
    nation: NationCode,
    name: String,
    name_fr: Option<String>,
    region: Option<String>,
    kind: NationKind,
    framework: FrameworkCode,
    joined: PartialDate,
    left: Option<PartialDate>,
    end_reason: Option<EndReason>,
    note: String,
}

/// The rules of one row on its own.
fn check_row(
    index: usize,
    row: &NetworkRow,
    frameworks: &[(FrameworkCode, FrameworkRole)],
    errors: &mut Vec<RowError>,
) -> Option<RawMembership> {
    let before = errors.len();
    let mut fail = |column: &'static str, problem: Problem| {
        errors.push(RowError { index, column: Some(column), problem });
    };
    fn required<'r>(
        row: &'r NetworkRow,
        column: &'static str,
        fail: &mut dyn FnMut(&'static str, Problem),
    ) -> Option<&'r str> {
        let v = row.get(column);
        if v.is_empty() {
            fail(column, Problem::Empty(column));
            None
        } else {
            Some(v)
        }
    }
    let code = required(row, "code", &mut fail).and_then(|c| match c.parse::<NationCode>() {
        Ok(c) => Some(c),
        Err(e) => {
            fail("code", Problem::Code(e));
            None
        }
    });
    let name = required(row, "name", &mut fail).map(str::to_string);
    let kind = required(row, "kind", &mut fail).and_then(|k| {
        let parsed = NationKind::parse(k);
        if parsed.is_none() {
            fail("kind", Problem::UnknownKind(k.to_string()));
        }
        parsed
    });
    let framework = required(row, "framework", &mut fail).and_then(|f| {
        let found = frameworks.iter().find(|(c, _)| c.as_str() == f);
        if found.is_none() {
            let known = frameworks.iter().map(|(c, _)| c.to_string()).collect();
            fail("framework", Problem::UnknownFramework { given: f.to_string(), known });
        }
        found
    });
    let joined = required(row, "joined", &mut fail).and_then(|d| match d.parse::<PartialDate>() {
        Ok(d) => Some(d),
        Err(e) => {
            fail("joined", Problem::Date(e));
            None
        }
    });
    let left = match row.get("left") {
        "" => None,
        d => match d.parse::<PartialDate>() {
            Ok(d) => Some(d),
            Err(e) => {
                fail("left", Problem::Date(e));
                None
            }
        },
    };
    let end_reason = match row.get("end_reason") {
        "" => None,
        r => match EndReason::parse(r) {
            Some(r) => Some(r),
            None => {
                fail("end_reason", Problem::UnknownEndReason(r.to_string()));
                None
            }
        },
    };
    if let (Some(kind), Some((fcode, role))) = (kind, framework) {
        let expected = match role {
            FrameworkRole::Alliance => NationKind::Member,
            FrameworkRole::Organisations => NationKind::PartnerOrg,
            FrameworkRole::Partnership => NationKind::PartnerState,
        };
        if kind != expected {
            fail("kind", Problem::KindDoesNotFit { kind, framework: fcode.clone(), expected });
        }
    }
    if let (Some(code), Some(kind)) = (&code, kind)
        && kind != NationKind::PartnerOrg
        && !code.is_iso3()
    {
        fail("code", Problem::NotIso3(code.clone()));
    }
    if let (Some(j), Some(l)) = (joined, left)
        && l.first_day() <= j.first_day()
    {
        fail("left", Problem::LeftNotAfterJoined { left: l, joined: j });
    }
    if end_reason.is_some() && row.get("left").is_empty() {
        fail("end_reason", Problem::EndReasonWithoutLeft);
    }
    if errors.len() > before {
        return None;
    }
    let (Some(nation), Some(name), Some(kind), Some((framework, _)), Some(joined)) =
        (code, name, kind, framework, joined)
    else {
        return None;
    };
    let opt = |c: &str| Some(row.get(c).to_string()).filter(|s| !s.is_empty());
    Some(RawMembership {
        index,
        nation,
        name,
        name_fr: opt("name_fr"),
        region: opt("region"),
        kind,
        framework: framework.clone(),
        joined,
        left,
        end_reason,
        note: row.get("note").to_string(),
    })
}

/// Check rows of a network against the known frameworks (code and role): each row on its own,
/// then the rules across rows (one name, region and nature per nation; no duplicate or
/// overlapping periods). A rule about two rows is reported on the later one (by index), naming
/// the other where `place` says it is. The one validation of the network, whether the rows come
/// from a file ([`parse_network`]) or from a change made by hand ([`super::edit`]).
pub fn check_rows(
    rows: &[NetworkRow],
    frameworks: &[(FrameworkCode, FrameworkRole)],
    place: &dyn Fn(usize) -> Place,
) -> Result<CheckedRows, Vec<RowError>> {
    let mut errors = Vec::new();
    let raws: Vec<RawMembership> =
        rows.iter().enumerate().filter_map(|(i, row)| check_row(i, row, frameworks, &mut errors)).collect();

    // Cross-row rules. Each rule looks rows up by key, so the checks take time in proportion to the rows.
    let mut first_of: HashMap<&NationCode, &RawMembership> = HashMap::new();
    let mut periods: HashMap<(&NationCode, &FrameworkCode), Vec<usize>> = HashMap::new();
    let err = |r: &RawMembership, column: Option<&'static str>, problem: Problem| RowError {
        index: r.index,
        column,
        problem,
    };
    for (i, r) in raws.iter().enumerate() {
        periods.entry((&r.nation, &r.framework)).or_default().push(i);
        let Some(first) = first_of.get(&r.nation) else {
            first_of.insert(&r.nation, r);
            continue;
        };
        if first.name != r.name {
            errors.push(err(
                r,
                Some("name"),
                Problem::NameDiffers {
                    name: r.name.clone(),
                    first: first.name.clone(),
                    nation: r.nation.clone(),
                    other: place(first.index),
                },
            ));
        }
        if r.region.is_some() && first.region.is_some() && first.region != r.region {
            errors.push(err(
                r,
                Some("region"),
                Problem::RegionDiffers {
                    region: r.region.clone().unwrap_or_default(),
                    first: first.region.clone().unwrap_or_default(),
                    nation: r.nation.clone(),
                    other: place(first.index),
                },
            ));
        }
        if (first.kind == NationKind::PartnerOrg) != (r.kind == NationKind::PartnerOrg) {
            errors.push(err(
                r,
                Some("kind"),
                Problem::OrganisationAndState {
                    nation: r.nation.clone(),
                    other: place(first.index),
                    other_is_organisation: first.kind == NationKind::PartnerOrg,
                },
            ));
        }
    }
    for mut group in periods.into_values() {
        // The same start, as written, twice: a duplicate, reported against its first row.
        let mut seen: HashMap<PartialDate, usize> = HashMap::new();
        for &i in &group {
            let r = &raws[i];
            if let Some(&first) = seen.get(&r.joined) {
                errors.push(err(
                    r,
                    None,
                    Problem::Duplicate {
                        nation: r.nation.clone(),
                        framework: r.framework.clone(),
                        joined: r.joined,
                        other: place(raws[first].index),
                    },
                ));
            } else {
                seen.insert(r.joined, i);
            }
        }
        // Overlaps, in one pass by start date: a period overlaps an earlier-starting one exactly
        // when it starts before the furthest end reached so far. Each overlap is reported on the
        // later of the two rows, naming the other.
        group.sort_by_key(|&i| (raws[i].joined.first_day(), raws[i].index));
        let mut reach: Option<(Option<chrono::NaiveDate>, usize)> = None;
        for &i in &group {
            let r = &raws[i];
            let start = r.joined.first_day();
            if let Some((end, j)) = reach
                && end.is_none_or(|e| start < e)
                && raws[j].joined != r.joined
            {
                let (later, other) = if raws[j].index > r.index { (&raws[j], r) } else { (r, &raws[j]) };
                errors.push(err(
                    later,
                    Some("joined"),
                    Problem::Overlap {
                        nation: later.nation.clone(),
                        framework: later.framework.clone(),
                        other: place(other.index),
                    },
                ));
            }
            let end = r.left.map(|l| l.first_day());
            if reach.is_none_or(|(e, _)| e.is_some_and(|e| end.is_none_or(|x| x > e))) {
                reach = Some((end, i));
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.index);
        return Err(errors);
    }

    // End reasons the rows leave implicit: becoming an ally on the day a partnership ends, or a
    // suspension the note records.
    let alliance_start: HashMap<&NationCode, chrono::NaiveDate> =
        raws.iter().filter(|r| r.framework.is_alliance()).map(|r| (&r.nation, r.joined.first_day())).collect();
    let mut memberships = Vec::with_capacity(raws.len());
    let mut indices = Vec::with_capacity(raws.len());
    // Each nation's rows, nations in the order they first appear.
    let mut order: Vec<&NationCode> = Vec::new();
    let mut own: HashMap<&NationCode, Vec<&RawMembership>> = HashMap::new();
    for r in &raws {
        let end_reason = r.left.map(|left| {
            r.end_reason.unwrap_or_else(|| {
                if alliance_start.get(&r.nation) == Some(&left.first_day()) {
                    EndReason::BecameMember
                } else if r.note.to_lowercase().contains("suspend") {
                    EndReason::Suspended
                } else {
                    EndReason::Left
                }
            })
        });
        let mut m = as_membership(r);
        m.end_reason = end_reason;
        memberships.push(m);
        indices.push(r.index);
        own.entry(&r.nation)
            .or_insert_with(|| {
                order.push(&r.nation);
                Vec::new()
            })
            .push(r);
    }
    let mut nations: Vec<Nation> = Vec::with_capacity(order.len());
    for code in order {
        let Some(own) = own.get(code) else { continue };
        let Some(first) = own.first() else { continue };
        // The nation's kind is that of its latest relationship; an ally stays a member.
        let kind = if own.iter().any(|x| x.kind == NationKind::Member) {
            NationKind::Member
        } else {
            own.iter().map(|x| x.kind).next_back().unwrap_or(first.kind)
        };
        nations.push(Nation {
            code: code.clone(),
            name: first.name.clone(),
            name_fr: own
                .iter()
                .find_map(|x| x.name_fr.clone())
                .or_else(|| names_fr::nation(code.as_str()).map(str::to_string)),
            kind,
            region: own.iter().find_map(|x| x.region.clone()),
            size: None,
        });
    }
    Ok(CheckedRows { nations, memberships, rows: indices })
}

/// Parse and validate a network file against the known frameworks (code and role).
pub fn parse_network(
    input: impl Read,
    frameworks: &[(FrameworkCode, FrameworkRole)],
) -> Result<NetworkFile, Vec<ImportError>> {
    let (table, mut errors) = read_table(input, NETWORK_COLUMNS, NETWORK_OPTIONAL)?;
    let rows: Vec<NetworkRow> = table
        .rows
        .iter()
        .map(|rec| {
            let row = Row { table: &table, rec };
            let get = |c: &str| row.get(c).to_string();
            NetworkRow {
                code: get("code"),
                name: get("name"),
                name_fr: get("name_fr"),
                kind: get("kind"),
                framework: get("framework"),
                joined: get("joined"),
                left: get("left"),
                region: get("region"),
                note: get("note"),
                end_reason: get("end_reason"),
            }
        })
        .collect();
    let line_of = |i: usize| table.rows.get(i).map_or(0, |r| r.line);
    let checked = check_rows(&rows, frameworks, &|i| Place::Line(line_of(i)));
    let in_file = |e: RowError| -> ImportError {
        match (table.rows.get(e.index), e.column) {
            (Some(rec), Some(column)) => table.error(rec, column, e.problem.to_string()),
            _ => ImportError { line: line_of(e.index), column: None, message: e.problem.to_string() },
        }
    };
    match checked {
        Ok(c) if errors.is_empty() => Ok(NetworkFile {
            nations: c.nations,
            memberships: c.memberships,
            lines: c.rows.into_iter().map(line_of).collect(),
        }),
        Ok(_) => {
            errors.sort_by_key(|e| e.line);
            Err(errors)
        }
        Err(found) => {
            errors.extend(found.into_iter().map(in_file));
            errors.sort_by_key(|e| e.line);
            Err(errors)
        }
    }
}

fn as_membership(r: &RawMembership) -> Membership {
    Membership {
        nation: r.nation.clone(),
        framework: r.framework.clone(),
        kind: r.kind,
        joined: r.joined,
        left: r.left,
        end_reason: r.end_reason,
        note: r.note.clone(),
    }
}

/// One validated row of a sizes file.
#[derive(Debug, Clone, PartialEq)]
pub struct SizeRow {
    pub line: u64,
    pub code: NationCode,
    pub size: NationSize,
}

/// Parse and validate a sizes file. Whether each code is in the registry is checked by the caller.
pub fn parse_sizes(input: impl Read) -> Result<Vec<SizeRow>, Vec<ImportError>> {
    let (table, mut errors) = read_table(input, SIZES_COLUMNS, &["name", "source"])?;
    let mut out: Vec<SizeRow> = Vec::new();
    let mut seen: HashMap<NationCode, u64> = HashMap::new();
    for rec in &table.rows {
        let line = &rec.line;
        let row = Row { table: &table, rec };
        let before = errors.len();
        let code = row
            .required("code", &mut errors)
            .and_then(|c| c.parse::<NationCode>().map_err(|e| errors.push(row.error("code", e.to_string()))).ok());
        let mut number = |col: &str| -> Option<f64> {
            let v = row.required(col, &mut errors)?;
            match v.parse::<f64>() {
                Ok(x) if x.is_finite() && x >= 0.0 => Some(x),
                _ => {
                    errors.push(row.error(col, format!("'{v}' is not a non-negative number")));
                    None
                }
            }
        };
        let population = number("population_millions");
        let gdp = number("gdp_usd_billions");
        let year = row.required("year", &mut errors).and_then(|y| match y.parse::<i32>() {
            Ok(y) if (1800..=2200).contains(&y) => Some(y),
            _ => {
                errors.push(row.error("year", format!("'{y}' is not a year")));
                None
            }
        });
        if errors.len() > before {
            continue;
        }
        let (Some(code), Some(population_millions), Some(gdp_usd_billions), Some(year)) = (code, population, gdp, year)
        else {
            continue;
        };
        if let Some(prev) = seen.get(&code) {
            errors.push(row.error("code", format!("duplicate: {code} is already on line {prev}")));
            continue;
        }
        seen.insert(code.clone(), *line);
        out.push(SizeRow {
            line: *line,
            code,
            size: NationSize { population_millions, gdp_usd_billions, year, source: row.get("source").to_string() },
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

/// One validated row of a groupings file.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupingRow {
    pub line: u64,
    pub grouping: Grouping,
}

/// Parse and validate a groupings file. Whether each member is in the registry is checked by the caller.
pub fn parse_groupings(input: impl Read) -> Result<Vec<GroupingRow>, Vec<ImportError>> {
    let (table, mut errors) = read_table(input, GROUPINGS_COLUMNS, &["name_fr", "note"])?;
    let mut out: Vec<GroupingRow> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for rec in &table.rows {
        let line = &rec.line;
        let row = Row { table: &table, rec };
        let before = errors.len();
        let code = row.required("code", &mut errors).map(str::to_string);
        let name = row.required("name", &mut errors).map(str::to_string);
        let kind = row.required("kind", &mut errors).and_then(|k| {
            if k == "organisation" || k == "grouping" {
                Some(k.to_string())
            } else {
                errors.push(row.error("kind", format!("unknown kind '{k}' (expected organisation or grouping)")));
                None
            }
        });
        let mut members = Vec::new();
        for m in row.get("members").split_whitespace() {
            match m.parse::<NationCode>() {
                Ok(c) if members.contains(&c) => errors.push(row.error("members", format!("{c} is listed twice"))),
                Ok(c) => members.push(c),
                Err(e) => errors.push(row.error("members", e.to_string())),
            }
        }
        if members.is_empty() && errors.len() == before {
            errors.push(row.error("members", "a grouping needs at least one member"));
        }
        if errors.len() > before {
            continue;
        }
        let (Some(code), Some(name), Some(kind)) = (code, name, kind) else { continue };
        if let Some(prev) = seen.get(&code) {
            errors.push(row.error("code", format!("duplicate: {code} is already on line {prev}")));
            continue;
        }
        seen.insert(code.clone(), *line);
        let name_fr = Some(row.get("name_fr").to_string()).filter(|s| !s.is_empty()).unwrap_or_else(|| name.clone());
        out.push(GroupingRow {
            line: *line,
            grouping: Grouping { code, name, name_fr, kind, members, note: row.get("note").to_string() },
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

/// Write memberships back in the network file format (the inverse of [`parse_network`]).
pub fn write_network_csv(nations: &[Nation], memberships: &[Membership]) -> Result<String, csv::Error> {
    let by_code: HashMap<&NationCode, &Nation> = nations.iter().map(|n| (&n.code, n)).collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(NETWORK_COLUMNS.iter().chain(["end_reason"].iter()))?;
    for m in memberships {
        let nation = by_code.get(&m.nation);
        w.write_record([
            m.nation.as_str(),
            nation.map_or("", |n| n.name.as_str()),
            m.kind.as_str(),
            m.framework.as_str(),
            &m.joined.to_string(),
            &m.left.map(|l| l.to_string()).unwrap_or_default(),
            nation.and_then(|n| n.region.as_deref()).unwrap_or_default(),
            &m.note,
            m.end_reason.map_or("", EndReason::as_str),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub const FORMATS_COLUMNS: &[&str] = &[
    "slug",
    "name",
    "name_fr",
    "include_allies",
    "frameworks",
    "partners",
    "description",
    "description_fr",
    "valid_from",
    "valid_to",
];

/// One validated row of a formats file.
#[derive(Debug, Clone, PartialEq)]
pub struct FormatRow {
    pub line: u64,
    pub format: super::Format,
}

/// Parse and validate a formats file (`slug,name,name_fr,include_allies,frameworks,partners,description,description_fr`;
/// frameworks and partners separated by spaces). Whether codes exist is checked by the caller.
pub fn parse_formats(input: impl Read) -> Result<Vec<FormatRow>, Vec<ImportError>> {
    let (table, mut errors) = read_table(
        input,
        FORMATS_COLUMNS,
        &["name_fr", "frameworks", "partners", "description", "description_fr", "valid_from", "valid_to"],
    )?;
    let mut out: Vec<FormatRow> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for rec in &table.rows {
        let line = &rec.line;
        let row = Row { table: &table, rec };
        let before = errors.len();
        let slug = row.required("slug", &mut errors).map(str::to_string);
        if let Some(s) = &slug
            && !super::Format::valid_slug(s)
        {
            errors.push(row.error("slug", format!("'{s}' is not a slug: use lowercase letters, digits and dashes")));
        }
        let name = row.required("name", &mut errors).map(str::to_string);
        let include_allies = match row.get("include_allies") {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" | "" => Some(false),
            v => {
                errors.push(row.error("include_allies", format!("'{v}' is not true or false")));
                None
            }
        };
        let mut frameworks = Vec::new();
        for f in row.get("frameworks").split_whitespace() {
            match f.parse::<FrameworkCode>() {
                Ok(c) => frameworks.push(c),
                Err(e) => errors.push(row.error("frameworks", e.to_string())),
            }
        }
        let mut partners = Vec::new();
        for p in row.get("partners").split_whitespace() {
            match p.parse::<NationCode>() {
                Ok(c) => partners.push(c),
                Err(e) => errors.push(row.error("partners", e.to_string())),
            }
        }
        let mut date = |column: &str| -> Option<chrono::NaiveDate> {
            let v = row.get(column);
            if v.is_empty() {
                return None;
            }
            chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").map_or_else(
                |_| {
                    errors.push(row.error(column, format!("'{v}' is not a date (YYYY-MM-DD)")));
                    None
                },
                Some,
            )
        };
        let (valid_from, valid_to) = (date("valid_from"), date("valid_to"));
        if let (Some(from), Some(to)) = (valid_from, valid_to)
            && to < from
        {
            errors.push(row.error("valid_to", format!("{to} is before valid_from {from}")));
        }
        if errors.len() > before {
            continue;
        }
        let (Some(slug), Some(name), Some(include_allies)) = (slug, name, include_allies) else { continue };
        let spec = super::FormatSpec { include_allies, frameworks, partners };
        if let Err(e) = spec.validate() {
            errors.push(ImportError { line: *line, column: None, message: e.to_string() });
            continue;
        }
        if let Some(prev) = seen.get(&slug) {
            errors.push(row.error("slug", format!("duplicate: {slug} is already on line {prev}")));
            continue;
        }
        seen.insert(slug.clone(), *line);
        let text = |c: &str| row.get(c).to_string();
        let or_en = |fr: String, en: &str| if fr.is_empty() { en.to_string() } else { fr };
        let description = text("description");
        out.push(FormatRow {
            line: *line,
            format: super::Format {
                name_fr: or_en(text("name_fr"), &name),
                description_fr: or_en(text("description_fr"), &description),
                slug,
                name,
                description,
                spec,
                valid_from,
                valid_to,
            },
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}
