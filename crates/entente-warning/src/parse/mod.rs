//! Streaming parsers. Every parser reads a byte stream once, keeps one row in memory at a time,
//! and hands each accepted row to a sink as a normalised [`Event`]. Bad rows are counted and
//! reported with file, line, column and reason; under [`ErrorPolicy::FailFast`] the first one stops
//! the run with [`WarningError::Row`].

pub mod acled;
pub mod gdelt;
pub mod report;
pub mod ucdp;

use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::str::FromStr;

use crate::country::CountryTables;
use crate::error::{ErrorPolicy, ImportReport, RowError, WarningError};
use crate::event::Event;
use crate::mapping::Mappings;

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Acled,
    Gdelt1,
    Gdelt2,
    Ucdp,
    Report,
}

impl Format {
    pub const ALL: [Format; 5] = [Format::Acled, Format::Gdelt1, Format::Gdelt2, Format::Ucdp, Format::Report];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Acled => "acled",
            Format::Gdelt1 => "gdelt1",
            Format::Gdelt2 => "gdelt2",
            Format::Ucdp => "ucdp",
            Format::Report => "report",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown format '{s}': expected acled, gdelt1, gdelt2, ucdp or report"))
    }
}

/// Everything a parser looks codes up in.
#[derive(Debug, Clone)]
pub struct Tables {
    pub countries: CountryTables,
    pub maps: Mappings,
}

impl Tables {
    pub fn embedded() -> Result<Tables, WarningError> {
        Ok(Tables { countries: CountryTables::embedded()?, maps: Mappings::embedded()? })
    }
}

/// Tell the format from the first bytes of the (decompressed) input.
pub fn sniff(head: &[u8]) -> Option<Format> {
    let head = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head).trim_ascii_start();
    let first = match memchr::memchr(b'\n', head) {
        Some(i) => &head[..i],
        None => head,
    };
    let first = first.strip_suffix(b"\r").unwrap_or(first);
    if first.trim_ascii_start().starts_with(b"{") {
        return Some(Format::Report);
    }
    if memchr::memchr(b'\t', first).is_some() {
        let n = memchr::memchr_iter(b'\t', first).count() + 1;
        return match n {
            61 => Some(Format::Gdelt2),
            57 | 58 => Some(Format::Gdelt1),
            _ => None,
        };
    }
    let line = String::from_utf8_lossy(first).to_ascii_lowercase();
    let cols: Vec<&str> = line.split(',').map(|c| c.trim().trim_matches('"')).collect();
    if cols.contains(&"event_id_cnty") {
        Some(Format::Acled)
    } else if cols.contains(&"type_of_violence") && cols.contains(&"relid") {
        Some(Format::Ucdp)
    } else if cols.contains(&"reporter") && cols.contains(&"category") {
        Some(Format::Report)
    } else {
        None
    }
}

/// Route a bad row by the policy.
fn reject(report: &mut ImportReport, policy: ErrorPolicy, e: RowError) -> Result<(), WarningError> {
    match policy {
        ErrorPolicy::FailFast => Err(WarningError::Row(e)),
        ErrorPolicy::SkipAndReport => {
            report.skip(e);
            Ok(())
        }
    }
}

fn accept(report: &mut ImportReport, e: &Event) {
    report.rows_ok += 1;
    if e.country.is_none() {
        report.unlocated += 1;
    }
    if e.category.is_none() {
        report.uncategorised += 1;
    }
}

/// A sink receives each accepted event.
pub type Sink<'a> = dyn FnMut(Event) -> Result<(), WarningError> + 'a;

/// Parse a whole stream of the given format.
pub fn parse_stream(
    format: Format,
    reader: impl Read,
    file: &str,
    tables: &Tables,
    policy: ErrorPolicy,
    sink: &mut Sink<'_>,
) -> Result<ImportReport, WarningError> {
    let mut report = ImportReport::new(file, format.as_str());
    match format {
        Format::Gdelt1 | Format::Gdelt2 => parse_gdelt(format, reader, tables, policy, &mut report, sink)?,
        Format::Acled | Format::Ucdp => parse_csv(format, reader, tables, policy, &mut report, sink)?,
        Format::Report => parse_report(reader, tables, policy, &mut report, sink)?,
    }
    Ok(report)
}

fn io_err(file: &str, e: std::io::Error) -> WarningError {
    WarningError::io(file, e)
}

fn parse_gdelt(
    format: Format,
    reader: impl Read,
    tables: &Tables,
    policy: ErrorPolicy,
    report: &mut ImportReport,
    sink: &mut Sink<'_>,
) -> Result<(), WarningError> {
    let mut r = BufReader::with_capacity(1 << 20, reader);
    let mut buf = Vec::with_capacity(4096);
    let mut line_no = 0u64;
    loop {
        let mut fields = [&b""[..]; gdelt::MAX_FIELDS];
        buf.clear();
        if r.read_until(b'\n', &mut buf).map_err(|e| io_err(&report.file, e))? == 0 {
            return Ok(());
        }
        line_no += 1;
        let mut line = buf.strip_suffix(b"\n").unwrap_or(&buf);
        line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        report.rows_read += 1;
        let n = gdelt::split(line, &mut fields);
        let layout = match (format, n) {
            (Format::Gdelt1, Some(n @ (57 | 58))) => gdelt::gdelt1_layout(n),
            (Format::Gdelt1, _) => gdelt::GDELT1_58,
            _ => gdelt::GDELT2,
        };
        let checked = match n {
            None => Err((usize::MAX, format!("more than {} tab-separated columns", gdelt::MAX_FIELDS))),
            Some(n) => gdelt::check(&fields[..n], &layout, &tables.countries, &tables.maps),
        };
        match checked {
            Ok(c) => {
                let n = n.unwrap_or(0);
                let e = gdelt::to_event(&fields[..n], &layout, &c, &tables.countries);
                accept(report, &e);
                sink(e)?;
            }
            Err((col, reason)) => {
                let e = RowError {
                    file: report.file.clone(),
                    line: line_no,
                    column: gdelt::column_name(&layout, col).to_string(),
                    reason,
                };
                reject(report, policy, e)?;
            }
        }
    }
}

fn csv_error(file: &str, e: csv::Error) -> Result<RowError, WarningError> {
    let line = e.position().map_or(0, csv::Position::line);
    let reason = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Err(io_err(file, io)),
        _ => Ok(RowError { file: file.into(), line, column: "row".into(), reason }),
    }
}

enum CsvHeader {
    Acled(Box<acled::Header>),
    Ucdp(Box<ucdp::Header>),
    Report(Vec<String>),
}

fn parse_csv(
    format: Format,
    reader: impl Read,
    tables: &Tables,
    policy: ErrorPolicy,
    report: &mut ImportReport,
    sink: &mut Sink<'_>,
) -> Result<(), WarningError> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(reader);
    let header_rec = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            let e = csv_error(&report.file, e)?;
            return Err(WarningError::Format(format!("{}: unreadable header: {}", report.file, e.reason)));
        }
    };
    let fmt_err = |m: String| WarningError::Format(format!("{}: {m}", report.file));
    let header = match format {
        Format::Acled => CsvHeader::Acled(Box::new(acled::Header::from_record(&header_rec).map_err(fmt_err)?)),
        Format::Ucdp => CsvHeader::Ucdp(Box::new(ucdp::Header::from_record(&header_rec).map_err(fmt_err)?)),
        _ => {
            let names: Vec<String> = header_rec.iter().map(|s| s.trim().to_ascii_lowercase()).collect();
            report::check_header(&names).map_err(fmt_err)?;
            CsvHeader::Report(names)
        }
    };
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => {
                report.rows_read += 1;
                let e = csv_error(&report.file, e)?;
                reject(report, policy, e)?;
                continue;
            }
        }
        report.rows_read += 1;
        let line = rec.position().map_or(0, csv::Position::line);
        let result = match &header {
            CsvHeader::Acled(h) => acled::to_event(&rec, h, &tables.countries, &tables.maps),
            CsvHeader::Ucdp(h) => ucdp::to_event(&rec, h, &tables.countries, &tables.maps),
            CsvHeader::Report(names) => report::from_csv(names, &rec).and_then(report::to_event),
        };
        match result {
            Ok(e) => {
                accept(report, &e);
                sink(e)?;
            }
            Err((column, reason)) => {
                let e = RowError { file: report.file.clone(), line, column, reason };
                reject(report, policy, e)?;
            }
        }
    }
}

fn parse_report(
    reader: impl Read,
    tables: &Tables,
    policy: ErrorPolicy,
    report: &mut ImportReport,
    sink: &mut Sink<'_>,
) -> Result<(), WarningError> {
    let mut r = BufReader::new(reader);
    let mut head = Vec::new();
    // A report file is CSV unless its first non-blank byte opens a JSON object.
    let is_json = loop {
        let buf = r.fill_buf().map_err(|e| io_err(&report.file, e))?;
        if buf.is_empty() {
            return Ok(());
        }
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => break buf[i] == b'{',
            None => {
                let n = buf.len();
                head.extend_from_slice(buf);
                r.consume(n);
            }
        }
    };
    let reader = std::io::Cursor::new(head).chain(r);
    if !is_json {
        return parse_csv(Format::Report, reader, tables, policy, report, sink);
    }
    let mut r = BufReader::new(reader);
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        if r.read_until(b'\n', &mut buf).map_err(|e| io_err(&report.file, e))? == 0 {
            return Ok(());
        }
        line_no += 1;
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        report.rows_read += 1;
        let parsed = serde_json::from_slice::<report::ReportJson>(&buf)
            .map_err(|e| {
                let msg = e.to_string();
                let column = msg.split('`').nth(1).unwrap_or("row").to_string();
                (column, msg)
            })
            .and_then(report::to_event);
        match parsed {
            Ok(e) => {
                accept(report, &e);
                sink(e)?;
            }
            Err((column, reason)) => {
                let e = RowError { file: report.file.clone(), line: line_no, column, reason };
                reject(report, policy, e)?;
            }
        }
    }
}
