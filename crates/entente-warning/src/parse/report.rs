//! Security-challenge reports shared by members and partners, in the normalised form.
//!
//! Two spellings of the same record are accepted (see the crate README):
//! * CSV with the header [`COLUMNS`] (any order; `actors` separated by `;`);
//! * JSON Lines: one object per line with the same keys (`actors` as an array of strings).
//!
//! `id`, `reporter`, `date`, `country` and `category` are required; a report is the only way the
//! categories no dataset records (trafficking, cyber) enter the engine.

use serde::Deserialize;

use crate::category::Category;
use crate::country::Iso3;
use crate::date::{self, DatePrecision};
use crate::event::{Actor, Event, GeoPrecision, Severity, Source};

pub const COLUMNS: [&str; 15] = [
    "id",
    "reporter",
    "date",
    "date_precision",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "category",
    "event_type",
    "actors",
    "fatalities",
    "provenance",
];

/// One report as written in JSON Lines.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportJson {
    pub id: String,
    pub reporter: String,
    pub date: String,
    #[serde(default)]
    pub date_precision: Option<String>,
    pub country: String,
    #[serde(default)]
    pub admin1: String,
    #[serde(default)]
    pub admin2: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    pub category: String,
    #[serde(default)]
    pub event_type: String,
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(default)]
    pub fatalities: Option<u32>,
    #[serde(default)]
    pub provenance: String,
}

fn precision(s: &str) -> Result<DatePrecision, (String, String)> {
    match s.trim() {
        "" | "day" => Ok(DatePrecision::Day),
        "days" => Ok(DatePrecision::Days),
        "week" => Ok(DatePrecision::Week),
        "month" => Ok(DatePrecision::Month),
        "year" => Ok(DatePrecision::Year),
        _ => Err(("date_precision".into(), "must be day, days, week, month or year".into())),
    }
}

/// Validate a report and make the event.
pub fn to_event(r: ReportJson) -> Result<Event, (String, String)> {
    let bad = |c: &str, why: &str| (c.to_string(), why.to_string());
    let id = r.id.trim();
    if id.is_empty() {
        return Err(bad("id", "empty report id"));
    }
    let reporter = r.reporter.trim();
    if reporter.is_empty() {
        return Err(bad("reporter", "empty reporter"));
    }
    let date = date::parse(&r.date).ok_or_else(|| bad("date", "not a date"))?;
    let date_precision = precision(r.date_precision.as_deref().unwrap_or(""))?;
    let country: Iso3 = r.country.parse().map_err(|_| bad("country", "not an ISO 3166-1 alpha-3 code"))?;
    let category: Category =
        r.category.parse().map_err(|_| bad("category", "not one of the ten challenge categories"))?;
    for (v, c, lim) in [(r.latitude, "latitude", 90.0), (r.longitude, "longitude", 180.0)] {
        if v.is_some_and(|x: f64| !x.is_finite() || x.abs() > lim) {
            return Err(bad(c, "not a coordinate"));
        }
    }
    let geo_precision = match (r.latitude, r.longitude, r.admin1.trim().is_empty()) {
        (Some(_), Some(_), _) => GeoPrecision::Exact,
        (_, _, false) => GeoPrecision::Admin1,
        _ => GeoPrecision::Country,
    };
    Ok(Event {
        source: Source::Report,
        source_id: id.to_string(),
        date,
        date_precision,
        country: Some(country),
        admin1: r.admin1.trim().to_string(),
        admin2: r.admin2.trim().to_string(),
        location: r.location.trim().to_string(),
        latitude: r.latitude,
        longitude: r.longitude,
        geo_precision,
        actors: r
            .actors
            .iter()
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
            .map(|a| Actor { name: a.to_string(), code: String::new(), country: None })
            .collect(),
        severity: Severity { fatalities: r.fatalities, ..Severity::default() },
        event_type: r.event_type.trim().to_string(),
        category: Some(category),
        provenance: r.provenance.trim().to_string(),
        reporter: reporter.to_string(),
    })
}

/// Read a CSV record (with its header) into the JSON shape.
pub fn from_csv(header: &[String], rec: &csv::StringRecord) -> Result<ReportJson, (String, String)> {
    if rec.len() != header.len() {
        return Err(("row".into(), format!("expected {} fields as in the header, found {}", header.len(), rec.len())));
    }
    let get = |n: &str| header.iter().position(|h| h == n).and_then(|i| rec.get(i)).unwrap_or("").trim().to_string();
    let float = |n: &str| -> Result<Option<f64>, (String, String)> {
        let s = get(n);
        if s.is_empty() {
            Ok(None)
        } else {
            s.parse().map(Some).map_err(|_| (n.to_string(), "not a number".to_string()))
        }
    };
    let fatalities = match get("fatalities") {
        s if s.is_empty() => None,
        s => Some(s.parse().map_err(|_| ("fatalities".to_string(), "not a non-negative integer".to_string()))?),
    };
    Ok(ReportJson {
        id: get("id"),
        reporter: get("reporter"),
        date: get("date"),
        date_precision: Some(get("date_precision")),
        country: get("country"),
        admin1: get("admin1"),
        admin2: get("admin2"),
        location: get("location"),
        latitude: float("latitude")?,
        longitude: float("longitude")?,
        category: get("category"),
        event_type: get("event_type"),
        actors: get("actors").split(';').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
        fatalities,
        provenance: get("provenance"),
    })
}

/// Check a CSV header names report columns.
pub fn check_header(names: &[String]) -> Result<(), String> {
    for n in ["id", "reporter", "date", "country", "category"] {
        if !names.iter().any(|x| x == n) {
            return Err(format!("not a report file: no '{n}' column in the header"));
        }
    }
    if let Some(x) = names.iter().find(|x| !COLUMNS.contains(&x.as_str())) {
        return Err(format!("not a report file: unknown column '{x}'"));
    }
    Ok(())
}
