//! Input formats (JSON file or CSV directory) and their validation into an [`Instance`].
//!
//! Every problem found is reported with the place it comes from — `requests[12].seats` in JSON,
//! `requests.csv line 14, column seats` in CSV — and nothing here panics on bad input.
//! The formats are documented in the crate README.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::{Activity, Day, Ineligible, Instance, Membership, Nation, Person, Prerequisite, Request};
use crate::reference;

/// Highest priority rank accepted (1 = most wanted).
pub const MAX_PRIORITY: i64 = 1000;
/// Most seats accepted on one activity or one request.
pub const MAX_SEATS: i64 = 1_000_000;
/// Largest ratio between two nations' entitlement weights.
pub const MAX_WEIGHT_RATIO: f64 = 1000.0;

/// The JSON input, also what the generator writes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nations: Vec<NationRecord>,
    pub activities: Vec<ActivityRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<PersonRecord>,
    pub requests: Vec<RequestRecord>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationRecord {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population_millions: Option<f64>,
    /// When absent, the shipped network's history for this code is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memberships: Option<Vec<MembershipRecord>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembershipRecord {
    pub framework: String,
    pub joined: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityRecord {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub start: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    pub seats: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nation_cap: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frameworks: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prerequisites: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonRecord {
    pub id: String,
    pub nation: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub completed: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestRecord {
    pub nation: String,
    pub activity: String,
    pub seats: i64,
    pub priority: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nominees: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted: Option<String>,
}

/// One problem in the input, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub at: String,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// Why an input could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: {cause}")]
    Io { path: String, cause: std::io::Error },
    /// The text is not well-formed (JSON syntax, wrong type, unknown field, bad CSV).
    #[error("{0}")]
    Syntax(String),
    /// The text is well-formed but describes an impossible or inconsistent problem.
    #[error("{}", render_errors(.0))]
    Invalid(Vec<InputError>),
}

fn render_errors(errors: &[InputError]) -> String {
    const SHOWN: usize = 20;
    let mut s = format!("{} problem{} in the input", errors.len(), if errors.len() == 1 { "" } else { "s" });
    for e in errors.iter().take(SHOWN) {
        s.push_str("\n  ");
        s.push_str(&e.to_string());
    }
    if errors.len() > SHOWN {
        s.push_str(&format!("\n  … and {} more", errors.len() - SHOWN));
    }
    s
}

/// Where records came from, to name positions the way the user wrote them.
#[derive(Debug, Clone, Default)]
pub enum Origin {
    #[default]
    Json,
    /// CSV files; per section, the line of each record (and of each membership row).
    Csv { lines: BTreeMap<&'static str, Vec<usize>>, membership_lines: Vec<Vec<usize>> },
}

impl Origin {
    fn at(&self, section: &'static str, index: usize, field: &str) -> String {
        match self {
            Origin::Json => format!("{section}[{index}].{field}"),
            Origin::Csv { lines, .. } => {
                let line = lines.get(section).and_then(|l| l.get(index)).copied().unwrap_or(index + 2);
                format!("{section}.csv line {line}, column {field}")
            }
        }
    }

    fn at_membership(&self, nation: usize, index: usize, field: &str) -> String {
        match self {
            Origin::Json => format!("nations[{nation}].memberships[{index}].{field}"),
            Origin::Csv { membership_lines, .. } => {
                let line = membership_lines.get(nation).and_then(|l| l.get(index)).copied().unwrap_or(0);
                format!("memberships.csv line {line}, column {field}")
            }
        }
    }
}

/// Read an input: a directory is read as CSV files, anything else as JSON.
pub fn load(path: &Path) -> Result<Instance, LoadError> {
    if path.is_dir() {
        return load_csv_dir(path);
    }
    let text =
        std::fs::read_to_string(path).map_err(|cause| LoadError::Io { path: path.display().to_string(), cause })?;
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
        return Err(LoadError::Syntax(format!(
            "{}: CSV input is a directory holding activities.csv and requests.csv (and optionally \
             nations.csv, memberships.csv, people.csv); give the directory",
            path.display()
        )));
    }
    parse_json(&text)
}

/// Parse and validate the JSON format.
pub fn parse_json(text: &str) -> Result<Instance, LoadError> {
    let file = parse_json_file(text)?;
    validate(&file, &Origin::Json).map_err(LoadError::Invalid)
}

/// Parse the JSON format without validating it.
pub fn parse_json_file(text: &str) -> Result<InstanceFile, LoadError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        if path == "." || path.is_empty() {
            LoadError::Syntax(e.inner().to_string())
        } else {
            LoadError::Syntax(format!("{path}: {}", e.inner()))
        }
    })
}

// ---------------------------------------------------------------------------------------------
// CSV

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActivityRow {
    id: String,
    #[serde(default)]
    title: String,
    start: String,
    #[serde(default)]
    end: String,
    seats: i64,
    #[serde(default)]
    nation_cap: Option<i64>,
    #[serde(default)]
    frameworks: String,
    #[serde(default)]
    prerequisites: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestRow {
    nation: String,
    activity: String,
    seats: i64,
    priority: i64,
    #[serde(default)]
    nominees: String,
    #[serde(default)]
    submitted: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NationRow {
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    weight: Option<f64>,
    #[serde(default)]
    cap: Option<i64>,
    #[serde(default)]
    population_millions: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MembershipRow {
    nation: String,
    framework: String,
    joined: String,
    #[serde(default)]
    left: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonRow {
    id: String,
    nation: String,
    #[serde(default)]
    completed: String,
}

fn split_list(s: &str) -> Vec<String> {
    s.split(';').map(str::trim).filter(|x| !x.is_empty()).map(String::from).collect()
}

fn non_empty(s: String) -> Option<String> {
    if s.trim().is_empty() { None } else { Some(s) }
}

/// The files of a CSV input, in memory (`None`: the file is absent).
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvFiles<'a> {
    pub activities: Option<&'a [u8]>,
    pub requests: Option<&'a [u8]>,
    pub nations: Option<&'a [u8]>,
    pub memberships: Option<&'a [u8]>,
    pub people: Option<&'a [u8]>,
}

/// Read one CSV table. `shown` names a file in messages about a missing one.
fn read_csv<T: for<'de> Deserialize<'de>>(
    name: &str,
    bytes: Option<&[u8]>,
    required: bool,
    shown: &dyn Fn(&str) -> String,
) -> Result<Vec<(usize, T)>, LoadError> {
    let Some(bytes) = bytes else {
        if required {
            return Err(LoadError::Syntax(format!(
                "{}: missing (a CSV input needs activities.csv and requests.csv)",
                shown(name)
            )));
        }
        return Ok(Vec::new());
    };
    let mut rd = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(bytes);
    let headers = rd.headers().map_err(|e| LoadError::Syntax(format!("{name}: {e}")))?.clone();
    let mut out = Vec::new();
    for row in rd.deserialize::<T>() {
        match row {
            Ok(r) => out.push((out.len() + 2, r)),
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                let msg = match e.kind() {
                    csv::ErrorKind::Deserialize { err, .. } => {
                        let column = err.field().and_then(|f| headers.get(f as usize)).unwrap_or("?");
                        format!("{name} line {line}, column {column}: {}", err.kind())
                    }
                    _ => format!("{name} line {line}: {e}"),
                };
                return Err(LoadError::Syntax(msg));
            }
        }
    }
    Ok(out)
}

/// Parse and validate a CSV input held in memory (the files [`load_csv_dir`] reads).
pub fn parse_csv(files: &CsvFiles) -> Result<Instance, LoadError> {
    let (file, origin) = read_csv_files(files, &|name| name.to_string())?;
    validate(&file, &origin).map_err(LoadError::Invalid)
}

/// Read and validate a CSV directory (`activities.csv`, `requests.csv`, optional `nations.csv`,
/// `memberships.csv`, `people.csv`; lists inside a cell are separated by `;`).
pub fn load_csv_dir(dir: &Path) -> Result<Instance, LoadError> {
    let (file, origin) = read_csv_dir(dir)?;
    validate(&file, &origin).map_err(LoadError::Invalid)
}

fn read_csv_dir(dir: &Path) -> Result<(InstanceFile, Origin), LoadError> {
    let read = |name: &str| -> Result<Option<Vec<u8>>, LoadError> {
        let path = dir.join(name);
        if !path.exists() {
            return Ok(None);
        }
        std::fs::read(&path).map(Some).map_err(|e| LoadError::Syntax(format!("{name}: {e}")))
    };
    let (activities, requests) = (read("activities.csv")?, read("requests.csv")?);
    let (nations, memberships, people) = (read("nations.csv")?, read("memberships.csv")?, read("people.csv")?);
    let files = CsvFiles {
        activities: activities.as_deref(),
        requests: requests.as_deref(),
        nations: nations.as_deref(),
        memberships: memberships.as_deref(),
        people: people.as_deref(),
    };
    read_csv_files(&files, &|name| dir.join(name).display().to_string())
}

fn read_csv_files(files: &CsvFiles, shown: &dyn Fn(&str) -> String) -> Result<(InstanceFile, Origin), LoadError> {
    let activities = read_csv::<ActivityRow>("activities.csv", files.activities, true, shown)?;
    let requests = read_csv::<RequestRow>("requests.csv", files.requests, true, shown)?;
    let nations = read_csv::<NationRow>("nations.csv", files.nations, false, shown)?;
    let memberships = read_csv::<MembershipRow>("memberships.csv", files.memberships, false, shown)?;
    let people = read_csv::<PersonRow>("people.csv", files.people, false, shown)?;

    let mut lines: BTreeMap<&'static str, Vec<usize>> = BTreeMap::new();
    let mut file = InstanceFile::default();
    for (line, a) in activities {
        lines.entry("activities").or_default().push(line);
        file.activities.push(ActivityRecord {
            id: a.id,
            title: non_empty(a.title),
            start: a.start,
            end: non_empty(a.end),
            seats: a.seats,
            nation_cap: a.nation_cap,
            frameworks: split_list(&a.frameworks),
            prerequisites: split_list(&a.prerequisites),
        });
    }
    for (line, r) in requests {
        lines.entry("requests").or_default().push(line);
        file.requests.push(RequestRecord {
            nation: r.nation,
            activity: r.activity,
            seats: r.seats,
            priority: r.priority,
            nominees: split_list(&r.nominees),
            submitted: non_empty(r.submitted),
        });
    }
    for (line, n) in nations {
        lines.entry("nations").or_default().push(line);
        file.nations.push(NationRecord {
            code: n.code,
            name: non_empty(n.name),
            weight: n.weight,
            cap: n.cap,
            population_millions: n.population_millions,
            memberships: None,
        });
    }
    // Memberships attach to their nation, which is added when nations.csv does not list it.
    let mut membership_lines: Vec<Vec<usize>> = vec![Vec::new(); file.nations.len()];
    for (line, m) in memberships {
        let i = match file.nations.iter().position(|n| n.code == m.nation) {
            Some(i) => i,
            None => {
                file.nations.push(NationRecord { code: m.nation.clone(), ..NationRecord::default() });
                lines.entry("nations").or_default().push(line);
                membership_lines.push(Vec::new());
                file.nations.len() - 1
            }
        };
        file.nations[i].memberships.get_or_insert_with(Vec::new).push(MembershipRecord {
            framework: m.framework,
            joined: m.joined,
            left: non_empty(m.left),
        });
        membership_lines[i].push(line);
    }
    for (line, p) in people {
        lines.entry("people").or_default().push(line);
        file.people.push(PersonRecord { id: p.id, nation: p.nation, completed: split_list(&p.completed) });
    }
    Ok((file, Origin::Csv { lines, membership_lines }))
}

/// Write an input as a CSV directory (the generator's `--format csv`).
pub fn write_csv_dir(file: &InstanceFile, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let io = |e: csv::Error| std::io::Error::other(e.to_string());
    let mut w = csv::Writer::from_path(dir.join("activities.csv")).map_err(io)?;
    w.write_record(["id", "title", "start", "end", "seats", "nation_cap", "frameworks", "prerequisites"])
        .map_err(io)?;
    for a in &file.activities {
        w.write_record([
            a.id.as_str(),
            a.title.as_deref().unwrap_or(""),
            a.start.as_str(),
            a.end.as_deref().unwrap_or(""),
            &a.seats.to_string(),
            &a.nation_cap.map(|c| c.to_string()).unwrap_or_default(),
            &a.frameworks.join(";"),
            &a.prerequisites.join(";"),
        ])
        .map_err(io)?;
    }
    w.flush()?;
    let mut w = csv::Writer::from_path(dir.join("requests.csv")).map_err(io)?;
    w.write_record(["nation", "activity", "seats", "priority", "nominees", "submitted"]).map_err(io)?;
    for r in &file.requests {
        w.write_record([
            r.nation.as_str(),
            r.activity.as_str(),
            &r.seats.to_string(),
            &r.priority.to_string(),
            &r.nominees.join(";"),
            r.submitted.as_deref().unwrap_or(""),
        ])
        .map_err(io)?;
    }
    w.flush()?;
    if !file.nations.is_empty() {
        let mut w = csv::Writer::from_path(dir.join("nations.csv")).map_err(io)?;
        w.write_record(["code", "name", "weight", "cap", "population_millions"]).map_err(io)?;
        let mut m = csv::Writer::from_path(dir.join("memberships.csv")).map_err(io)?;
        m.write_record(["nation", "framework", "joined", "left"]).map_err(io)?;
        for n in &file.nations {
            w.write_record([
                n.code.as_str(),
                n.name.as_deref().unwrap_or(""),
                &n.weight.map(|x| x.to_string()).unwrap_or_default(),
                &n.cap.map(|x| x.to_string()).unwrap_or_default(),
                &n.population_millions.map(|x| x.to_string()).unwrap_or_default(),
            ])
            .map_err(io)?;
            for ms in n.memberships.iter().flatten() {
                m.write_record([n.code.as_str(), &ms.framework, &ms.joined, ms.left.as_deref().unwrap_or("")])
                    .map_err(io)?;
            }
        }
        w.flush()?;
        m.flush()?;
    }
    if !file.people.is_empty() {
        let mut w = csv::Writer::from_path(dir.join("people.csv")).map_err(io)?;
        w.write_record(["id", "nation", "completed"]).map_err(io)?;
        for p in &file.people {
            w.write_record([p.id.as_str(), &p.nation, &p.completed.join(";")]).map_err(io)?;
        }
        w.flush()?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Validation

struct Errors<'o> {
    origin: &'o Origin,
    list: Vec<InputError>,
}

impl Errors<'_> {
    fn add(&mut self, section: &'static str, index: usize, field: &str, message: impl Into<String>) {
        self.list.push(InputError { at: self.origin.at(section, index, field), message: message.into() });
    }
}

fn count(value: i64, min: i64, what: &str) -> Result<u32, String> {
    if value < 0 {
        Err(format!("{value} is negative; expected a whole number of {what} ≥ {min}"))
    } else if value < min {
        Err(format!("{value} is too small; expected a whole number of {what} ≥ {min}"))
    } else if value > MAX_SEATS {
        Err(format!("{value} is too large; at most {MAX_SEATS} {what}"))
    } else {
        Ok(value as u32)
    }
}

/// Check a parsed input and build the canonical [`Instance`]; all problems are returned at once.
pub fn validate(file: &InstanceFile, origin: &Origin) -> Result<Instance, Vec<InputError>> {
    let mut err = Errors { origin, list: Vec::new() };

    // Activities.
    let mut activities: Vec<Activity> = Vec::with_capacity(file.activities.len());
    let mut activity_pos: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(file.activities.len(), Default::default());
    let mut known_frameworks: BTreeSet<String> = reference::frameworks().map(String::from).collect();
    for n in &file.nations {
        for m in n.memberships.iter().flatten() {
            known_frameworks.insert(m.framework.clone());
        }
    }
    for (i, a) in file.activities.iter().enumerate() {
        let id = a.id.trim();
        if id.is_empty() {
            err.add("activities", i, "id", "is empty");
        } else if let Some(first) = activity_pos.insert(id, i) {
            err.add(
                "activities",
                i,
                "id",
                format!("duplicate activity '{id}' (first at {})", origin.at("activities", first, "id")),
            );
        }
        let start = Day::parse(&a.start);
        if start.is_none() {
            err.add("activities", i, "start", format!("'{}' is not a date; expected YYYY-MM-DD", a.start));
        }
        let end = match &a.end {
            None => start,
            Some(e) => {
                let d = Day::parse(e);
                if d.is_none() {
                    err.add("activities", i, "end", format!("'{e}' is not a date; expected YYYY-MM-DD"));
                }
                d
            }
        };
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            err.add("activities", i, "end", format!("{e} is before the start {s}"));
        }
        let seats = count(a.seats, 0, "seats").map_err(|m| err.add("activities", i, "seats", m)).ok();
        let nation_cap = match a.nation_cap {
            None => None,
            Some(c) => count(c, 1, "seats").map_err(|m| err.add("activities", i, "nation_cap", m)).ok(),
        };
        for (k, f) in a.frameworks.iter().enumerate() {
            if !known_frameworks.contains(f) {
                let known: Vec<&str> = known_frameworks.iter().map(String::as_str).collect();
                err.add(
                    "activities",
                    i,
                    &format!("frameworks[{k}]"),
                    format!("unknown framework '{f}' (known: {})", known.join(", ")),
                );
            }
        }
        for (k, p) in a.prerequisites.iter().enumerate() {
            if p.trim().is_empty() {
                err.add("activities", i, &format!("prerequisites[{k}]"), "is empty");
            } else if p == id {
                err.add(
                    "activities",
                    i,
                    &format!("prerequisites[{k}]"),
                    format!("activity '{id}' cannot be its own prerequisite"),
                );
            }
        }
        let mut frameworks = a.frameworks.clone();
        frameworks.sort();
        frameworks.dedup();
        activities.push(Activity {
            id: id.to_string(),
            title: a.title.clone().unwrap_or_default(),
            start: start.unwrap_or(Day(0)),
            end: end.unwrap_or(Day(0)),
            seats: seats.unwrap_or(0),
            nation_cap,
            frameworks,
            prerequisites: a.prerequisites.iter().map(|p| Prerequisite { id: p.clone(), activity: None }).collect(),
        });
    }

    // Cyclic prerequisites among this year's activities (depth-first search, iterative).
    {
        let edges: Vec<Vec<usize>> = file
            .activities
            .iter()
            .map(|a| a.prerequisites.iter().filter_map(|p| activity_pos.get(p.as_str()).copied()).collect())
            .collect();
        let mut state = vec![0u8; edges.len()]; // 0 new, 1 on stack, 2 done
        let mut reported: HashSet<usize> = HashSet::default();
        for root in 0..edges.len() {
            if state[root] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            state[root] = 1;
            while let Some(top) = stack.last_mut() {
                let (v, k) = *top;
                if k < edges[v].len() {
                    top.1 += 1;
                    let w = edges[v][k];
                    if state[w] == 0 {
                        state[w] = 1;
                        stack.push((w, 0));
                    } else if state[w] == 1 {
                        let from = stack.iter().position(|&(x, _)| x == w).unwrap_or(0);
                        let mut cycle: Vec<&str> =
                            stack[from..].iter().map(|&(x, _)| file.activities[x].id.as_str()).collect();
                        cycle.push(file.activities[w].id.as_str());
                        if reported.insert(w) {
                            err.add(
                                "activities",
                                w,
                                "prerequisites",
                                format!("cyclic prerequisites: {}", cycle.join(" → ")),
                            );
                        }
                    }
                } else {
                    state[v] = 2;
                    stack.pop();
                }
            }
        }
    }

    // Nations listed explicitly.
    let mut nation_records: BTreeMap<String, (usize, &NationRecord)> = BTreeMap::new();
    for (i, n) in file.nations.iter().enumerate() {
        let code = n.code.trim();
        if code.is_empty() {
            err.add("nations", i, "code", "is empty");
            continue;
        }
        if let Some((first, _)) = nation_records.insert(code.to_string(), (i, n)) {
            err.add(
                "nations",
                i,
                "code",
                format!("duplicate nation '{code}' (first at {})", origin.at("nations", first, "code")),
            );
        }
        if let Some(w) = n.weight
            && !(w.is_finite() && w > 0.0)
        {
            err.add("nations", i, "weight", format!("{w} is not a positive number"));
        }
        if let Some(c) = n.cap {
            let _ = count(c, 0, "seats").map_err(|m| err.add("nations", i, "cap", m));
        }
        if let Some(p) = n.population_millions
            && !(p.is_finite() && p >= 0.0)
        {
            err.add("nations", i, "population_millions", format!("{p} is not a population in millions"));
        }
        for (k, m) in n.memberships.iter().flatten().enumerate() {
            if m.framework.trim().is_empty() {
                err.list.push(InputError { at: origin.at_membership(i, k, "framework"), message: "is empty".into() });
            }
            let joined = Day::parse_partial(&m.joined);
            if joined.is_none() {
                err.list.push(InputError {
                    at: origin.at_membership(i, k, "joined"),
                    message: format!("'{}' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD", m.joined),
                });
            }
            if let Some(l) = &m.left {
                match Day::parse_partial(l) {
                    None => err.list.push(InputError {
                        at: origin.at_membership(i, k, "left"),
                        message: format!("'{l}' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD"),
                    }),
                    Some(l) if joined.is_some_and(|j| l < j) => err.list.push(InputError {
                        at: origin.at_membership(i, k, "left"),
                        message: format!("{l} is before joined {}", m.joined),
                    }),
                    _ => {}
                }
            }
        }
    }
    let weights: Vec<f64> =
        file.nations.iter().filter_map(|n| n.weight).filter(|w| w.is_finite() && *w > 0.0).collect();
    if let (Some(lo), Some(hi)) = (weights.iter().copied().reduce(f64::min), weights.iter().copied().reduce(f64::max))
        && hi / lo > MAX_WEIGHT_RATIO
    {
        let i = file.nations.iter().position(|n| n.weight == Some(hi)).unwrap_or(0);
        err.add(
            "nations",
            i,
            "weight",
            format!("weights may differ by a factor of at most {MAX_WEIGHT_RATIO} (here {lo} to {hi})"),
        );
    }

    // The nation set: listed nations plus those requests name that the shipped network knows.
    let mut codes: BTreeSet<String> = nation_records.keys().cloned().collect();
    for (i, r) in file.requests.iter().enumerate() {
        let code = r.nation.trim();
        if codes.contains(code) {
            continue;
        }
        if reference::nation(code).is_some() {
            codes.insert(code.to_string());
        } else {
            err.add(
                "requests",
                i,
                "nation",
                format!("unknown nation '{code}' (not in nations and not in the shipped network)"),
            );
        }
    }
    for (i, p) in file.people.iter().enumerate() {
        let code = p.nation.trim();
        if !codes.contains(code) && reference::nation(code).is_none() {
            err.add("people", i, "nation", format!("unknown nation '{code}'"));
        } else {
            codes.insert(code.to_string());
        }
    }
    let codes: Vec<String> = codes.into_iter().collect();
    let mut nations: Vec<Nation> = Vec::with_capacity(codes.len());
    for code in &codes {
        let shipped = reference::nation(code);
        let record = nation_records.get(code).map(|&(_, n)| n);
        let memberships = match record.and_then(|n| n.memberships.as_ref()) {
            Some(list) => list
                .iter()
                .map(|m| Membership {
                    framework: m.framework.trim().to_string(),
                    joined: Day::parse_partial(&m.joined).unwrap_or(Day(0)),
                    left: m.left.as_deref().and_then(Day::parse_partial),
                })
                .collect(),
            None => match shipped {
                Some(s) => s.memberships.clone(),
                None => {
                    if let Some(&(i, _)) = nation_records.get(code) {
                        err.add(
                            "nations",
                            i,
                            "memberships",
                            format!("nation '{code}' is not in the shipped network; list its memberships"),
                        );
                    }
                    Vec::new()
                }
            },
        };
        nations.push(Nation {
            code: code.clone(),
            name: record
                .and_then(|n| n.name.clone())
                .or_else(|| shipped.map(|s| s.name.clone()))
                .unwrap_or_else(|| code.clone()),
            weight: record.and_then(|n| n.weight).filter(|w| w.is_finite() && *w > 0.0).unwrap_or(1.0),
            cap: record.and_then(|n| n.cap).and_then(|c| u32::try_from(c).ok()),
            memberships,
            population_millions: record
                .and_then(|n| n.population_millions)
                .or_else(|| shipped.and_then(|s| s.population_millions)),
        });
    }

    // Canonical order: activities by id.
    let mut order: Vec<usize> = (0..activities.len()).collect();
    order.sort_by(|&a, &b| activities[a].id.cmp(&activities[b].id));
    let mut sorted: Vec<Activity> = order.iter().map(|&i| activities[i].clone()).collect();
    let index_of: HashMap<String, usize> = sorted.iter().enumerate().map(|(k, a)| (a.id.clone(), k)).collect();
    for a in &mut sorted {
        for p in &mut a.prerequisites {
            p.activity = index_of.get(&p.id).copied();
        }
    }
    let activities = sorted;
    let nation_of: HashMap<&str, usize> = nations.iter().enumerate().map(|(k, n)| (n.code.as_str(), k)).collect();

    // People.
    let mut people: Vec<Person> = Vec::with_capacity(file.people.len());
    let mut person_pos: HashMap<&str, usize> = HashMap::default();
    for (i, p) in file.people.iter().enumerate() {
        let id = p.id.trim();
        if id.is_empty() {
            err.add("people", i, "id", "is empty");
            continue;
        }
        if let Some(first) = person_pos.insert(id, people.len()) {
            err.add(
                "people",
                i,
                "id",
                format!("duplicate person '{id}' (first at {})", origin.at("people", first, "id")),
            );
        }
        if let Some(&n) = nation_of.get(p.nation.trim()) {
            people.push(Person { id: id.to_string(), nation: n, completed: p.completed.clone() });
        }
    }

    // Requests.
    let mut requests: Vec<Request> = Vec::with_capacity(file.requests.len());
    let mut seen: HashMap<(usize, usize), usize> =
        HashMap::with_capacity_and_hasher(file.requests.len(), Default::default());
    for (i, r) in file.requests.iter().enumerate() {
        let nation = nation_of.get(r.nation.trim()).copied();
        let activity = index_of.get(r.activity.trim()).copied();
        if activity.is_none() {
            err.add("requests", i, "activity", format!("unknown activity '{}'", r.activity));
        }
        let seats = count(r.seats, 1, "seats").map_err(|m| err.add("requests", i, "seats", m)).ok();
        if !(1..=MAX_PRIORITY).contains(&r.priority) {
            err.add(
                "requests",
                i,
                "priority",
                format!("{} is out of range; expected a rank from 1 (most wanted) to {MAX_PRIORITY}", r.priority),
            );
        }
        let mut names: HashSet<&str> = HashSet::with_capacity_and_hasher(r.nominees.len(), Default::default());
        for (k, p) in r.nominees.iter().enumerate() {
            let p = p.trim();
            if p.is_empty() {
                err.add("requests", i, &format!("nominees[{k}]"), "is empty");
            } else if !names.insert(p) {
                err.add("requests", i, &format!("nominees[{k}]"), format!("'{p}' is listed twice"));
            } else if let Some(&pi) = person_pos.get(p)
                && let Some(n) = nation
                && people.get(pi).is_some_and(|x| x.nation != n)
            {
                err.add("requests", i, &format!("nominees[{k}]"), format!("'{p}' is a person of another nation"));
            }
        }
        let (Some(nation), Some(activity), Some(seats)) = (nation, activity, seats) else {
            continue;
        };
        if let Some(first) = seen.insert((nation, activity), i) {
            err.add(
                "requests",
                i,
                "activity",
                format!(
                    "duplicate request by {} for '{}' (first at {}); merge them",
                    r.nation,
                    r.activity,
                    origin.at("requests", first, "activity")
                ),
            );
            continue;
        }
        requests.push(Request {
            nation,
            activity,
            seats,
            priority: r.priority.clamp(1, MAX_PRIORITY) as u32,
            nominees: r.nominees.iter().map(|s| s.trim().to_string()).collect(),
            submitted: r.submitted.clone(),
            position: i,
            usable: 0,
            ineligible: None,
        });
    }
    if !err.list.is_empty() {
        return Err(err.list);
    }
    requests.sort_by_key(|r| (r.nation, r.activity));

    let mut instance = Instance { programme: file.programme.clone(), nations, activities, people, requests };
    decide_eligibility(&mut instance);
    Ok(instance)
}

/// Decide eligibility by framework as of each activity's start date, apply per-nation caps, and
/// pre-filter nominees who cannot possibly meet prerequisites.
fn decide_eligibility(inst: &mut Instance) {
    let completed: HashMap<&str, HashSet<&str>> =
        inst.people.iter().map(|p| (p.id.as_str(), p.completed.iter().map(String::as_str).collect())).collect();
    // (nation, person) → activities this person is nominated for.
    let mut nominated: HashMap<(usize, &str), Vec<usize>> = HashMap::default();
    for r in &inst.requests {
        for p in &r.nominees {
            nominated.entry((r.nation, p.as_str())).or_default().push(r.activity);
        }
    }
    let mut usable = Vec::with_capacity(inst.requests.len());
    for r in &inst.requests {
        let nation = &inst.nations[r.nation];
        let act = &inst.activities[r.activity];
        let on = act.start;
        let active: Vec<&str> = nation.frameworks_on(on);
        let open = !active.is_empty()
            && (act.frameworks.is_empty() || act.frameworks.iter().any(|f| active.contains(&f.as_str())));
        if !open {
            usable.push((
                0,
                Some(Ineligible::Framework {
                    open_to: act.frameworks.clone(),
                    nation_frameworks: active.iter().map(|s| s.to_string()).collect(),
                    on,
                }),
            ));
            continue;
        }
        let mut u = r.seats.min(act.nation_cap.unwrap_or(u32::MAX));
        let mut reason = None;
        if !r.nominees.is_empty() {
            let mut memo: HashMap<(&str, usize), Result<(), String>> = HashMap::default();
            let mut able = 0u32;
            for p in &r.nominees {
                match could_qualify(inst, &completed, &nominated, &mut memo, r.nation, p, r.activity, 0) {
                    Ok(()) => able += 1,
                    Err(missing) => {
                        reason.get_or_insert(missing);
                    }
                }
            }
            u = u.min(able);
            if u > 0 {
                reason = None;
            }
        }
        usable.push((u, reason.map(|missing| Ineligible::Prerequisite { missing })));
    }
    for (r, (u, why)) in inst.requests.iter_mut().zip(usable) {
        r.usable = u;
        r.ineligible = why;
    }
}

/// Whether person `p` of `nation` could meet the prerequisites of `activity`: each one completed
/// before, or on this year's menu, ending before `activity` starts, with `p` nominated for it and
/// able to meet its own prerequisites. `Err` names a prerequisite that cannot be met.
#[allow(clippy::too_many_arguments)]
fn could_qualify<'a>(
    inst: &'a Instance,
    completed: &HashMap<&str, HashSet<&str>>,
    nominated: &HashMap<(usize, &str), Vec<usize>>,
    memo: &mut HashMap<(&'a str, usize), Result<(), String>>,
    nation: usize,
    p: &'a str,
    activity: usize,
    depth: usize,
) -> Result<(), String> {
    if let Some(r) = memo.get(&(p, activity)) {
        return r.clone();
    }
    let act = &inst.activities[activity];
    let mut result = Ok(());
    for pre in &act.prerequisites {
        if completed.get(p).is_some_and(|c| c.contains(pre.id.as_str())) {
            continue;
        }
        let this_year = pre.activity.filter(|&a| {
            inst.activities[a].end < act.start
                && depth < inst.activities.len()
                && nominated.get(&(nation, p)).is_some_and(|l| l.contains(&a))
        });
        let ok = match this_year {
            Some(a) => could_qualify(inst, completed, nominated, memo, nation, p, a, depth + 1).is_ok(),
            None => false,
        };
        if !ok {
            result = Err(pre.id.clone());
            break;
        }
    }
    memo.insert((p, activity), result.clone());
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> serde_json::Value {
        serde_json::json!({
            "nations": [{"code": "AAA", "memberships": [{"framework": "PFP", "joined": "1994"}]}],
            "activities": [
                {"id": "C1", "start": "2024-03-04", "end": "2024-03-08", "seats": 2},
                {"id": "C2", "start": "2024-04-01", "seats": 3, "frameworks": ["MD"]}
            ],
            "requests": [
                {"nation": "AAA", "activity": "C1", "seats": 1, "priority": 1},
                {"nation": "GEO", "activity": "C1", "seats": 2, "priority": 2}
            ]
        })
    }

    fn errors(v: serde_json::Value) -> Vec<String> {
        match parse_json(&v.to_string()) {
            Err(LoadError::Invalid(list)) => list.iter().map(|e| e.to_string()).collect(),
            Err(e) => vec![e.to_string()],
            Ok(_) => vec![],
        }
    }

    #[test]
    fn valid_input_is_canonical_and_uses_shipped_network() {
        let inst = parse_json(&base().to_string()).unwrap();
        assert_eq!(inst.nations.iter().map(|n| n.code.as_str()).collect::<Vec<_>>(), ["AAA", "GEO"]);
        assert_eq!(inst.nations[1].name, "Georgia");
        assert_eq!(inst.requests.len(), 2);
        assert_eq!(inst.requests[1].usable, 2);
        assert_eq!(inst.activities[1].end, inst.activities[1].start);
    }

    #[test]
    fn unknown_activity_is_named() {
        let mut v = base();
        v["requests"][1]["activity"] = "C9".into();
        assert_eq!(errors(v), ["requests[1].activity: unknown activity 'C9'"]);
    }

    #[test]
    fn negative_seats_are_named() {
        let mut v = base();
        v["activities"][0]["seats"] = (-4).into();
        v["requests"][0]["seats"] = (-1).into();
        let e = errors(v);
        assert!(e[0].starts_with("activities[0].seats: -4 is negative"), "{e:?}");
        assert!(e[1].starts_with("requests[0].seats: -1 is negative"), "{e:?}");
    }

    #[test]
    fn cyclic_prerequisites_are_named() {
        let mut v = base();
        v["activities"][0]["prerequisites"] = serde_json::json!(["C2"]);
        v["activities"][1]["prerequisites"] = serde_json::json!(["C1"]);
        let e = errors(v);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].contains("cyclic prerequisites: C1 → C2 → C1") || e[0].contains("cyclic prerequisites: C2 → C1 → C2"),
            "{e:?}"
        );
    }

    #[test]
    fn other_mistakes_are_named() {
        let mut v = base();
        v["activities"][1]["id"] = "C1".into();
        v["activities"][0]["end"] = "2024-03-01".into();
        v["activities"][0]["frameworks"] = serde_json::json!(["PFF"]);
        v["requests"][0]["priority"] = 0.into();
        v["requests"][1]["nation"] = "XXX".into();
        v["nations"][0]["weight"] = (-1.0).into();
        let e = errors(v).join("\n");
        for needle in [
            "activities[1].id: duplicate activity 'C1'",
            "activities[0].end: 2024-03-01 is before the start 2024-03-04",
            "activities[0].frameworks[0]: unknown framework 'PFF'",
            "requests[0].priority: 0 is out of range",
            "requests[1].nation: unknown nation 'XXX'",
            "nations[0].weight: -1 is not a positive number",
        ] {
            assert!(e.contains(needle), "missing {needle:?} in\n{e}");
        }
    }

    #[test]
    fn syntax_errors_name_the_path() {
        let e = parse_json(r#"{"activities": [{"id": "A", "start": "2024-01-01", "seats": "ten"}], "requests": []}"#)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("activities[0].seats: invalid type"), "{e}");
        let e = parse_json(r#"{"activities": [], "requests": [], "seeds": 3}"#).unwrap_err().to_string();
        assert!(e.contains("unknown field `seeds`"), "{e}");
        let e = parse_json("{").unwrap_err().to_string();
        assert!(e.contains("EOF"), "{e}");
    }

    #[test]
    fn duplicate_requests_are_rejected() {
        let mut v = base();
        v["requests"][1]["nation"] = "AAA".into();
        let e = errors(v);
        assert!(e[0].starts_with("requests[1].activity: duplicate request by AAA for 'C1'"), "{e:?}");
    }

    #[test]
    fn eligibility_follows_frameworks_on_the_start_date() {
        let v = serde_json::json!({
            "activities": [
                {"id": "ALLY-FEB", "start": "2024-02-01", "seats": 5, "frameworks": ["ALLIANCE"]},
                {"id": "ALLY-APR", "start": "2024-04-01", "seats": 5, "frameworks": ["ALLIANCE"]},
                {"id": "OPEN", "start": "2024-04-01", "seats": 5}
            ],
            "requests": [
                {"nation": "SWE", "activity": "ALLY-FEB", "seats": 1, "priority": 1},
                {"nation": "SWE", "activity": "ALLY-APR", "seats": 1, "priority": 1},
                {"nation": "RUS", "activity": "OPEN", "seats": 1, "priority": 1}
            ]
        });
        let inst = parse_json(&v.to_string()).unwrap();
        let by = |code: &str, id: &str| {
            inst.requests
                .iter()
                .find(|r| inst.nations[r.nation].code == code && inst.activities[r.activity].id == id)
                .unwrap()
        };
        assert!(matches!(by("SWE", "ALLY-FEB").ineligible, Some(Ineligible::Framework { .. })));
        assert_eq!(by("SWE", "ALLY-APR").usable, 1);
        assert!(matches!(by("RUS", "OPEN").ineligible, Some(Ineligible::Framework { .. })));
    }

    #[test]
    fn prerequisites_filter_nominees() {
        let v = serde_json::json!({
            "nations": [{"code": "AAA", "memberships": [{"framework": "PFP", "joined": "1994"}]}],
            "activities": [
                {"id": "BASIC", "start": "2024-01-08", "end": "2024-01-12", "seats": 5},
                {"id": "ADV", "start": "2024-02-05", "seats": 5, "prerequisites": ["BASIC"]},
                {"id": "EXPERT", "start": "2024-03-05", "seats": 5, "prerequisites": ["PAST-1"], "nation_cap": 1}
            ],
            "people": [{"id": "p1", "nation": "AAA", "completed": ["PAST-1"]}],
            "requests": [
                {"nation": "AAA", "activity": "BASIC", "seats": 1, "priority": 1, "nominees": ["p2"]},
                {"nation": "AAA", "activity": "ADV", "seats": 3, "priority": 1, "nominees": ["p1", "p2", "p3"]},
                {"nation": "AAA", "activity": "EXPERT", "seats": 2, "priority": 1, "nominees": ["p2", "p3"]}
            ]
        });
        let inst = parse_json(&v.to_string()).unwrap();
        let adv = inst.requests.iter().find(|r| inst.activities[r.activity].id == "ADV").unwrap();
        assert_eq!(adv.usable, 1, "only p2 is nominated for BASIC");
        let expert = inst.requests.iter().find(|r| inst.activities[r.activity].id == "EXPERT").unwrap();
        assert_eq!(expert.usable, 0);
        assert_eq!(expert.ineligible, Some(Ineligible::Prerequisite { missing: "PAST-1".into() }));
    }

    #[test]
    fn csv_directory_round_trips_and_names_lines() {
        let dir = std::env::temp_dir().join(format!("entente-alloc-csv-{}", std::process::id()));
        let file = parse_json_file(&base().to_string()).unwrap();
        write_csv_dir(&file, &dir).unwrap();
        let a = load_csv_dir(&dir).unwrap();
        let b = parse_json(&base().to_string()).unwrap();
        assert_eq!(a, b);
        std::fs::write(dir.join("requests.csv"), "nation,activity,seats,priority\nAAA,C1,-2,1\nAAA,C7,1,1\n").unwrap();
        let e = load_csv_dir(&dir).unwrap_err().to_string();
        assert!(e.contains("requests.csv line 2, column seats: -2 is negative"), "{e}");
        assert!(e.contains("requests.csv line 3, column activity: unknown activity 'C7'"), "{e}");
        std::fs::write(dir.join("requests.csv"), "nation,activity,seats,priority\nAAA,C1,x,1\n").unwrap();
        let e = load_csv_dir(&dir).unwrap_err().to_string();
        assert!(e.contains("requests.csv line 2, column seats"), "{e}");
        std::fs::remove_file(dir.join("requests.csv")).unwrap();
        let e = load_csv_dir(&dir).unwrap_err().to_string();
        assert!(e.contains("requests.csv: missing") && e.contains(&dir.display().to_string()), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn csv_files_in_memory_read_like_a_directory() {
        let dir = std::env::temp_dir().join(format!("entente-alloc-csv-mem-{}", std::process::id()));
        write_csv_dir(&parse_json_file(&base().to_string()).unwrap(), &dir).unwrap();
        let read = |name: &str| std::fs::read(dir.join(name)).ok();
        let (activities, requests, nations) = (read("activities.csv"), read("requests.csv"), read("nations.csv"));
        let (memberships, people) = (read("memberships.csv"), read("people.csv"));
        let files = CsvFiles {
            activities: activities.as_deref(),
            requests: requests.as_deref(),
            nations: nations.as_deref(),
            memberships: memberships.as_deref(),
            people: people.as_deref(),
        };
        assert_eq!(parse_csv(&files).unwrap(), load_csv_dir(&dir).unwrap());
        let e = parse_csv(&CsvFiles { requests: None, ..files }).unwrap_err().to_string();
        assert_eq!(e, "requests.csv: missing (a CSV input needs activities.csv and requests.csv)");
        let e = parse_csv(&CsvFiles { activities: Some(b"id,start\n\"A1"), ..files }).unwrap_err().to_string();
        assert!(e.starts_with("activities.csv"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
