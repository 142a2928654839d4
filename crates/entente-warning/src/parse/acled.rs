//! ACLED exports: the 31-column layout in use since March 2023, and older files that also carry
//! `data_id`, `event_id_no_cnty` and `iso3`. Columns are found by header name, so both layouts
//! (and column reordering) are accepted.

use csv::StringRecord;

use crate::category::Category;
use crate::country::CountryTables;
use crate::date::{self, DatePrecision};
use crate::event::{Actor, Event, GeoPrecision, Severity, Source};
use crate::mapping::Mappings;

/// The columns of the current layout, in order (the generator writes exactly these).
pub const COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// The ACLED actor types, with the labels ACLED tooling writes instead of codes.
pub const INTER_LABELS: [&str; 9] = [
    "",
    "State forces",
    "Rebel groups",
    "Political militias",
    "Identity militias",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
];

/// `inter1`/`inter2` given as a code (0–8) or a label (singular or plural, any case).
pub fn inter_code(s: &str) -> Option<u8> {
    let t = s.trim();
    if t.is_empty() {
        return Some(0);
    }
    if let Ok(v) = t.parse::<u8>() {
        return (v <= 8).then_some(v);
    }
    let norm = |x: &str| x.to_ascii_lowercase().trim_end_matches('s').to_string();
    let t = norm(t);
    INTER_LABELS.iter().position(|l| !l.is_empty() && norm(l) == t).map(|i| i as u8)
}

/// Column positions found from the header.
#[derive(Debug, Clone)]
pub struct Header {
    id: usize,
    date: usize,
    time_precision: Option<usize>,
    event_type: usize,
    sub_event_type: usize,
    actor1: usize,
    assoc1: Option<usize>,
    inter1: usize,
    actor2: usize,
    assoc2: Option<usize>,
    inter2: usize,
    iso: Option<usize>,
    iso3: Option<usize>,
    country: usize,
    admin1: usize,
    admin2: usize,
    location: usize,
    latitude: usize,
    longitude: usize,
    geo_precision: Option<usize>,
    source: Option<usize>,
    notes: Option<usize>,
    fatalities: usize,
    pub names: Vec<String>,
}

impl Header {
    pub fn from_record(h: &StringRecord) -> Result<Header, String> {
        let names: Vec<String> =
            h.iter().map(|s| s.trim().trim_start_matches('\u{feff}').to_ascii_lowercase()).collect();
        let find = |n: &str| names.iter().position(|x| x == n);
        let need = |n: &str| find(n).ok_or_else(|| format!("not an ACLED file: no '{n}' column in the header"));
        Ok(Header {
            id: need("event_id_cnty")?,
            date: need("event_date")?,
            time_precision: find("time_precision"),
            event_type: need("event_type")?,
            sub_event_type: need("sub_event_type")?,
            actor1: need("actor1")?,
            assoc1: find("assoc_actor_1"),
            inter1: need("inter1")?,
            actor2: need("actor2")?,
            assoc2: find("assoc_actor_2"),
            inter2: need("inter2")?,
            iso: find("iso"),
            iso3: find("iso3"),
            country: need("country")?,
            admin1: need("admin1")?,
            admin2: need("admin2")?,
            location: need("location")?,
            latitude: need("latitude")?,
            longitude: need("longitude")?,
            geo_precision: find("geo_precision"),
            source: find("source"),
            notes: find("notes"),
            fatalities: need("fatalities")?,
            names,
        })
    }

    fn name(&self, i: usize) -> String {
        self.names.get(i).cloned().unwrap_or_else(|| "row".into())
    }
}

fn is_maritime(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["sea", "ocean", "gulf", "strait", "bay", "channel"].iter().any(|w| n.split_whitespace().any(|x| x == *w))
}

/// Turn one record into an event, or name the column that is wrong and why.
pub fn to_event(
    r: &StringRecord,
    h: &Header,
    countries: &CountryTables,
    maps: &Mappings,
) -> Result<Event, (String, String)> {
    if r.len() != h.names.len() {
        return Err(("row".into(), format!("expected {} fields as in the header, found {}", h.names.len(), r.len())));
    }
    let get = |i: usize| r.get(i).unwrap_or("").trim();
    let opt = |i: Option<usize>| i.map_or("", get);
    let bad = |i: usize, why: &str| (h.name(i), why.to_string());

    let id = get(h.id);
    if id.is_empty() {
        return Err(bad(h.id, "empty event id"));
    }
    let date = date::parse(get(h.date)).ok_or_else(|| bad(h.date, "not a date (ISO, dd-mm-yyyy or dd Month yyyy)"))?;
    let date_precision = match opt(h.time_precision) {
        "" | "1" => DatePrecision::Day,
        "2" => DatePrecision::Week,
        "3" => DatePrecision::Month,
        _ => {
            return Err((h.name(h.time_precision.unwrap_or(usize::MAX)), "time_precision must be 1, 2 or 3".into()));
        }
    };
    let inter1 = inter_code(get(h.inter1)).ok_or_else(|| bad(h.inter1, "not an ACLED actor type code or label"))?;
    let inter2 = inter_code(get(h.inter2)).ok_or_else(|| bad(h.inter2, "not an ACLED actor type code or label"))?;

    let country_name = get(h.country);
    let by_code = match (opt(h.iso), opt(h.iso3)) {
        ("", "") => None,
        ("", iso3) => Some(iso3.parse().map_err(|_| bad(h.iso3.unwrap_or(usize::MAX), "not an ISO3 code"))?),
        (iso, _) => {
            let n: u16 = iso.parse().map_err(|_| bad(h.iso.unwrap_or(usize::MAX), "not an ISO 3166 numeric code"))?;
            countries.numeric(n)
        }
    };
    let country = match by_code.or_else(|| countries.name(country_name)) {
        Some(c) => Some(c),
        None if is_maritime(country_name) => None,
        None => {
            return Err(bad(h.country, "unknown country (neither the ISO code nor the name is known)"));
        }
    };

    let coord = |i: usize, lim: f64| -> Result<Option<f64>, (String, String)> {
        match get(i) {
            "" => Ok(None),
            s => match s.parse::<f64>() {
                Ok(v) if v.is_finite() && v.abs() <= lim => Ok(Some(v)),
                _ => Err(bad(i, "not a coordinate")),
            },
        }
    };
    let latitude = coord(h.latitude, 90.0)?;
    let longitude = coord(h.longitude, 180.0)?;
    let geo_precision = match opt(h.geo_precision) {
        "1" => GeoPrecision::Exact,
        "2" => GeoPrecision::Near,
        "3" => GeoPrecision::Admin1,
        "" => GeoPrecision::Unknown,
        _ => {
            return Err((h.name(h.geo_precision.unwrap_or(usize::MAX)), "geo_precision must be 1, 2 or 3".into()));
        }
    };
    let fatalities: u32 = get(h.fatalities).parse().map_err(|_| bad(h.fatalities, "not a non-negative integer"))?;

    let mut actors = Vec::new();
    for (name, assoc, code) in [(h.actor1, h.assoc1, inter1), (h.actor2, h.assoc2, inter2)] {
        if !get(name).is_empty() {
            actors.push(Actor { name: get(name).to_string(), code: code.to_string(), country: None });
        }
        for a in opt(assoc).split(';').map(str::trim).filter(|a| !a.is_empty()) {
            actors.push(Actor { name: a.to_string(), code: String::new(), country: None });
        }
    }
    let event_type = get(h.event_type);
    let sub = get(h.sub_event_type);
    let category: Option<Category> = maps.acled.classify(event_type, sub, inter1, inter2);
    let mut provenance = opt(h.source).to_string();
    let notes = opt(h.notes);
    if !notes.is_empty() {
        if !provenance.is_empty() {
            provenance.push_str(" | ");
        }
        provenance.push_str(notes);
    }
    Ok(Event {
        source: Source::Acled,
        source_id: id.to_string(),
        date,
        date_precision,
        country,
        admin1: get(h.admin1).to_string(),
        admin2: get(h.admin2).to_string(),
        location: get(h.location).to_string(),
        latitude,
        longitude,
        geo_precision,
        actors,
        severity: Severity { fatalities: Some(fatalities), ..Severity::default() },
        event_type: format!("{event_type}/{sub}"),
        category,
        provenance,
        reporter: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inter_codes_and_labels() {
        assert_eq!(inter_code("2"), Some(2));
        assert_eq!(inter_code(""), Some(0));
        assert_eq!(inter_code("Rebel groups"), Some(2));
        assert_eq!(inter_code("rebel group"), Some(2));
        assert_eq!(inter_code("External/Other forces"), Some(8));
        assert_eq!(inter_code("Civilians"), Some(7));
        assert_eq!(inter_code("9"), None);
        assert_eq!(inter_code("Aliens"), None);
    }
}
