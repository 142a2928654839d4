//! UCDP Georeferenced Event Dataset (GED) CSV: 49 columns, found by header name.

use csv::StringRecord;

use crate::country::CountryTables;
use crate::date::{self, DatePrecision};
use crate::event::{Actor, Event, GeoPrecision, Severity, Source};
use crate::mapping::Mappings;

/// The 49 GED columns in codebook order (the generator writes exactly these).
pub const COLUMNS: [&str; 49] = [
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
];

#[derive(Debug, Clone)]
pub struct Header {
    idx: Vec<Option<usize>>,
    pub names: Vec<String>,
}

const REQUIRED: [&str; 12] = [
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_prec",
    "latitude",
    "longitude",
    "country",
    "date_prec",
    "date_start",
    "date_end",
    "best",
];

impl Header {
    pub fn from_record(h: &StringRecord) -> Result<Header, String> {
        let names: Vec<String> =
            h.iter().map(|s| s.trim().trim_start_matches('\u{feff}').to_ascii_lowercase()).collect();
        for n in REQUIRED {
            if !names.iter().any(|x| x == n) {
                return Err(format!("not a UCDP GED file: no '{n}' column in the header"));
            }
        }
        let idx = COLUMNS.iter().map(|c| names.iter().position(|x| x == c)).collect();
        Ok(Header { idx, names })
    }

    fn pos(&self, name: &str) -> Option<usize> {
        COLUMNS.iter().position(|c| *c == name).and_then(|i| self.idx[i])
    }
}

pub fn to_event(
    r: &StringRecord,
    h: &Header,
    countries: &CountryTables,
    maps: &Mappings,
) -> Result<Event, (String, String)> {
    if r.len() != h.names.len() {
        return Err(("row".into(), format!("expected {} fields as in the header, found {}", h.names.len(), r.len())));
    }
    let get = |n: &str| h.pos(n).and_then(|i| r.get(i)).unwrap_or("").trim();
    let bad = |n: &str, why: &str| (n.to_string(), why.to_string());
    let id = get("id");
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("id", "event id is not a number"));
    }
    let tov = get("type_of_violence");
    if !matches!(tov, "1" | "2" | "3") {
        return Err(bad("type_of_violence", "must be 1, 2 or 3"));
    }
    let date = date::parse(get("date_start")).ok_or_else(|| bad("date_start", "not a date"))?;
    let end = date::parse(get("date_end")).ok_or_else(|| bad("date_end", "not a date"))?;
    if end < date {
        return Err(bad("date_end", "ends before date_start"));
    }
    let date_precision = match get("date_prec") {
        "1" => DatePrecision::Day,
        "2" => DatePrecision::Days,
        "3" => DatePrecision::Week,
        "4" => DatePrecision::Month,
        "5" => DatePrecision::Year,
        _ => return Err(bad("date_prec", "must be 1 to 5")),
    };
    let geo_precision = match get("where_prec") {
        "1" => GeoPrecision::Exact,
        "2" | "3" => GeoPrecision::Near,
        "4" => GeoPrecision::Admin1,
        "6" => GeoPrecision::Country,
        "5" | "7" => GeoPrecision::Unknown,
        _ => return Err(bad("where_prec", "must be 1 to 7")),
    };
    let coord = |n: &str, lim: f64| -> Result<Option<f64>, (String, String)> {
        match get(n) {
            "" => Ok(None),
            s => match s.parse::<f64>() {
                Ok(v) if v.is_finite() && v.abs() <= lim => Ok(Some(v)),
                _ => Err(bad(n, "not a coordinate")),
            },
        }
    };
    let latitude = coord("latitude", 90.0)?;
    let longitude = coord("longitude", 180.0)?;
    let deaths = |n: &str| -> Result<Option<u32>, (String, String)> {
        match get(n) {
            "" if n != "best" => Ok(None),
            s => s.parse().map(Some).map_err(|_| bad(n, "not a non-negative integer")),
        }
    };
    let best = deaths("best")?;
    let low = deaths("low")?;
    let high = deaths("high")?;
    let country_name = get("country");
    let country = countries.name(country_name).ok_or_else(|| bad("country", "unknown country name"))?;
    let actors = [("side_a", "side_a_new_id"), ("side_b", "side_b_new_id")]
        .into_iter()
        .filter(|(n, _)| !get(n).is_empty())
        .map(|(n, id)| Actor { name: get(n).to_string(), code: get(id).to_string(), country: None })
        .collect();
    let location = match get("where_coordinates") {
        "" => get("where_description"),
        w => w,
    };
    Ok(Event {
        source: Source::Ucdp,
        source_id: id.to_string(),
        date,
        date_precision,
        country: Some(country),
        admin1: get("adm_1").to_string(),
        admin2: get("adm_2").to_string(),
        location: location.to_string(),
        latitude,
        longitude,
        geo_precision,
        actors,
        severity: Severity { fatalities: best, fatalities_low: low, fatalities_high: high, ..Severity::default() },
        event_type: tov.to_string(),
        category: maps.ucdp.classify(tov),
        provenance: get("source_article").to_string(),
        reporter: String::new(),
    })
}
