//! A seeded generator of format-exact ACLED, GDELT 2.0 and UCDP GED files of any size (the real
//! files cannot be downloaded everywhere). The same seed gives the same bytes, whatever the
//! number of threads: rows are made in fixed blocks, each from its own seeded generator.
//!
//! The row writers are also what the round-trip property tests use: a row spec written by the
//! generator must parse back to the same values.

use std::io::Write;

use entente_domain::rng::Rng;

use crate::country::{CountryTables, Iso3};
use crate::date::Day;
use crate::error::WarningError;
use crate::parse::Format;

const CAMEO_EVENTCODES: &str = include_str!("../../../data/cameo_eventcodes.csv");

/// A country as the three sources spell it.
#[derive(Debug, Clone)]
pub struct Country {
    pub iso3: Iso3,
    pub fips: String,
    pub numeric: u16,
    pub name: String,
}

/// What the generator draws from.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub countries: Vec<Country>,
    /// (code, Goldstein) for every CAMEO event code.
    pub cameo: Vec<(String, f32)>,
}

impl Catalogue {
    pub fn new(t: &CountryTables) -> Result<Catalogue, WarningError> {
        let mut countries = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (fips, iso3) in t.fips_pairs() {
            let (Some(numeric), true) = (t.numeric_of(iso3), seen.insert(iso3)) else {
                continue;
            };
            let name = t.display_name(iso3);
            if t.name(&name) == Some(iso3) {
                countries.push(Country { iso3, fips, numeric, name });
            }
        }
        let mut cameo = Vec::new();
        let mut rdr = csv::Reader::from_reader(CAMEO_EVENTCODES.as_bytes());
        for rec in rdr.records() {
            let rec = rec.map_err(|e| WarningError::Table(format!("cameo_eventcodes.csv: {e}")))?;
            let g: f32 = rec
                .get(2)
                .unwrap_or("")
                .parse()
                .map_err(|_| WarningError::Table("cameo_eventcodes.csv: goldstein".into()))?;
            cameo.push((rec.get(0).unwrap_or("").to_string(), g));
        }
        if countries.is_empty() || cameo.is_empty() {
            return Err(WarningError::Table("generator catalogue is empty".into()));
        }
        Ok(Catalogue { countries, cameo })
    }
}

/// One GDELT 2.0 row's varying values.
#[derive(Debug, Clone, PartialEq)]
pub struct GdeltSpec {
    pub id: u64,
    pub day: Day,
    pub actor1: Option<(String, String, String)>,
    pub actor2: Option<(String, String, String)>,
    pub event_code: String,
    pub goldstein: f32,
    pub mentions: u32,
    pub tone: f64,
    /// (FIPS, ADM1, ADM2, full name, lat, long); `None` = not geocoded.
    pub geo: Option<(String, String, String, String, f64, f64)>,
    pub url: String,
}

fn quad_class(code: &str) -> u8 {
    match code.get(0..2).and_then(|r| r.parse::<u8>().ok()).unwrap_or(1) {
        1..=5 => 1,
        6..=8 => 2,
        9..=13 => 3,
        _ => 4,
    }
}

/// Write one GDELT 2.0 line (61 tab-separated columns, newline-terminated).
pub fn write_gdelt2(out: &mut Vec<u8>, r: &GdeltSpec) {
    let (y, m, d) = r.day.ymd();
    let jan1 = Day::from_ymd(y, 1, 1).map_or(r.day.0, |j| j.0);
    let fraction = f64::from(y) + f64::from(r.day.0 - jan1) / 365.0;
    let _ = write!(out, "{}\t{y:04}{m:02}{d:02}\t{y:04}{m:02}\t{y:04}\t{fraction:.4}\t", r.id);
    for a in [&r.actor1, &r.actor2] {
        match a {
            Some((code, name, country)) => {
                let _ = write!(out, "{code}\t{name}\t{country}\t\t\t\t\t{}\t\t\t", code.get(3..6).unwrap_or(""));
            }
            None => out.extend_from_slice(b"\t\t\t\t\t\t\t\t\t\t"),
        }
    }
    let code = &r.event_code;
    let base = code.get(0..3).unwrap_or(code);
    let root = code.get(0..2).unwrap_or(code);
    let _ = write!(
        out,
        "{}\t{code}\t{base}\t{root}\t{}\t{:.1}\t{}\t{}\t{}\t{}\t",
        u8::from(!r.id.is_multiple_of(3)),
        quad_class(code),
        r.goldstein,
        r.mentions,
        1 + r.mentions / 4,
        r.mentions,
        r.tone
    );
    for block in 0..3 {
        match &r.geo {
            Some((fips, adm1, adm2, name, lat, lon)) if block != 1 || r.actor2.is_some() => {
                let _ = write!(
                    out,
                    "4\t{name}\t{fips}\t{adm1}\t{adm2}\t{lat:.4}\t{lon:.4}\t-{}\t",
                    100_000 + (r.id % 900_000)
                );
            }
            _ => out.extend_from_slice(b"0\t\t\t\t\t\t\t\t"),
        }
    }
    let _ = writeln!(out, "{y:04}{m:02}{d:02}{:02}{:02}00\t{}", r.id % 24, (r.id % 4) * 15, r.url);
}

/// Draw a GDELT row.
pub fn gdelt_spec(rng: &mut Rng, cat: &Catalogue, id: u64, first_day: Day, days: u32) -> GdeltSpec {
    let c = &cat.countries[rng.below(cat.countries.len() as u64) as usize];
    // Conflict roots (14–20) are drawn three times as often as their share of the code list.
    let code = loop {
        let (code, g) = &cat.cameo[rng.below(cat.cameo.len() as u64) as usize];
        let conflict = code.as_str() >= "14";
        if conflict || rng.below(3) == 0 {
            break (code.clone(), *g);
        }
    };
    let actor = |rng: &mut Rng| {
        let o = &cat.countries[rng.below(cat.countries.len() as u64) as usize];
        let kind = ["GOV", "MIL", "REB", "CVL", "OPP", "COP"][rng.below(6) as usize];
        (format!("{}{kind}", o.iso3), format!("{} {kind}", o.name.to_uppercase()), o.iso3.to_string())
    };
    let actor1 = (rng.below(10) != 0).then(|| actor(rng));
    let actor2 = (rng.below(3) != 0).then(|| actor(rng));
    let geo = (rng.below(20) != 0).then(|| {
        let adm = rng.below(40);
        (
            c.fips.clone(),
            format!("{}{adm:02}", c.fips),
            format!("{}", 10_000 + rng.below(90_000)),
            format!("Town {adm}, Region {adm}, {}", c.name),
            rng.unit() * 120.0 - 55.0,
            rng.unit() * 340.0 - 170.0,
        )
    });
    GdeltSpec {
        id,
        day: Day(first_day.0 + rng.below(u64::from(days)) as i32),
        actor1,
        actor2,
        event_code: code.0,
        goldstein: code.1,
        mentions: 1 + rng.below(30) as u32,
        tone: ((rng.unit() * 20.0 - 12.0) * 1e6).round() / 1e6,
        geo,
        url: format!(
            "https://news.example.org/{}/{}/story-{id}.html",
            ["world", "politics", "africa", "asia", "europe"][rng.below(5) as usize],
            rng.below(100_000)
        ),
    }
}

/// One ACLED row's values.
#[derive(Debug, Clone, PartialEq)]
pub struct AcledSpec {
    pub id: String,
    pub day: Day,
    pub time_precision: u8,
    pub event_type: String,
    pub sub_event_type: String,
    pub actor1: String,
    pub inter1: u8,
    pub actor2: String,
    pub inter2: u8,
    pub numeric: u16,
    pub country: String,
    pub admin1: String,
    pub admin2: String,
    pub location: String,
    pub latitude: f64,
    pub longitude: f64,
    pub geo_precision: u8,
    pub source: String,
    pub notes: String,
    pub fatalities: u32,
}

/// ACLED event type → sub-event types (codebook since 2023).
pub const ACLED_TYPES: [(&str, &str); 25] = [
    ("Battles", "Armed clash"),
    ("Battles", "Government regains territory"),
    ("Battles", "Non-state actor overtakes territory"),
    ("Explosions/Remote violence", "Chemical weapon"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Suicide bomb"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Explosions/Remote violence", "Grenade"),
    ("Violence against civilians", "Sexual violence"),
    ("Violence against civilians", "Attack"),
    ("Violence against civilians", "Abduction/forced disappearance"),
    ("Protests", "Peaceful protest"),
    ("Protests", "Protest with intervention"),
    ("Protests", "Excessive force against protesters"),
    ("Riots", "Violent demonstration"),
    ("Riots", "Mob violence"),
    ("Strategic developments", "Agreement"),
    ("Strategic developments", "Arrests"),
    ("Strategic developments", "Change to group/activity"),
    ("Strategic developments", "Disrupted weapons use"),
    ("Strategic developments", "Headquarters or base established"),
    ("Strategic developments", "Looting/property destruction"),
    ("Strategic developments", "Non-violent transfer of territory"),
    ("Strategic developments", "Other"),
];

fn disorder(event_type: &str) -> &'static str {
    match event_type {
        "Protests" | "Riots" => "Demonstrations",
        "Strategic developments" => "Strategic developments",
        _ => "Political violence",
    }
}

pub fn acled_spec(rng: &mut Rng, cat: &Catalogue, n: u64, first_day: Day, days: u32) -> AcledSpec {
    let c = &cat.countries[rng.below(cat.countries.len() as u64) as usize];
    let (et, st) = ACLED_TYPES[rng.below(25) as usize];
    let inter1 = 1 + rng.below(8) as u8;
    let inter2 = rng.below(9) as u8;
    let adm = rng.below(12);
    let lethal = matches!(et, "Battles" | "Explosions/Remote violence" | "Violence against civilians");
    AcledSpec {
        id: format!("{}{}", c.iso3, n + 1),
        day: Day(first_day.0 + rng.below(u64::from(days)) as i32),
        time_precision: 1 + rng.below(3) as u8,
        event_type: et.into(),
        sub_event_type: st.into(),
        actor1: format!("Group {} of {}", rng.below(50), c.name),
        inter1,
        actor2: if inter2 == 0 { String::new() } else { format!("Group {} of {}", rng.below(50), c.name) },
        inter2,
        numeric: c.numeric,
        country: c.name.clone(),
        admin1: format!("Province {adm}"),
        admin2: format!("District {}", rng.below(30)),
        location: format!("Town {}", rng.below(500)),
        latitude: ((rng.unit() * 140.0 - 60.0) * 1e4).round() / 1e4,
        longitude: ((rng.unit() * 340.0 - 170.0) * 1e4).round() / 1e4,
        geo_precision: 1 + rng.below(3) as u8,
        source: ["Local media", "Partner network", "National press; Radio"][rng.below(3) as usize].into(),
        notes: format!(
            "On {}, an event of type \"{st}\" took place, in town {}.",
            Day(first_day.0).ymd().0,
            rng.below(500)
        ),
        fatalities: if lethal { rng.poisson(2.0) as u32 * (1 + rng.below(3) as u32) } else { 0 },
    }
}

pub fn write_acled<W: Write>(w: &mut csv::Writer<W>, r: &AcledSpec) -> csv::Result<()> {
    let (y, _, _) = r.day.ymd();
    let (lo, hi) = (r.inter1.min(r.inter2), r.inter1.max(r.inter2));
    let interaction = if r.inter2 == 0 { format!("{}0", r.inter1) } else { format!("{lo}{hi}") };
    w.write_record([
        r.id.as_str(),
        &r.day.to_string(),
        &y.to_string(),
        &r.time_precision.to_string(),
        disorder(&r.event_type),
        &r.event_type,
        &r.sub_event_type,
        &r.actor1,
        "",
        &r.inter1.to_string(),
        &r.actor2,
        "",
        &r.inter2.to_string(),
        &interaction,
        "",
        &r.numeric.to_string(),
        "Region",
        &r.country,
        &r.admin1,
        &r.admin2,
        "",
        &r.location,
        &format!("{}", r.latitude),
        &format!("{}", r.longitude),
        &r.geo_precision.to_string(),
        &r.source,
        "National",
        &r.notes,
        &r.fatalities.to_string(),
        "",
        "1700000000",
    ])
}

/// One UCDP GED row's values.
#[derive(Debug, Clone, PartialEq)]
pub struct UcdpSpec {
    pub id: u64,
    pub type_of_violence: u8,
    pub side_a: String,
    pub side_b: String,
    pub where_prec: u8,
    pub adm_1: String,
    pub adm_2: String,
    pub latitude: f64,
    pub longitude: f64,
    pub country: String,
    pub date_prec: u8,
    pub date_start: Day,
    pub date_end: Day,
    pub best: u32,
    pub low: u32,
    pub high: u32,
    pub source_article: String,
}

pub fn ucdp_spec(rng: &mut Rng, cat: &Catalogue, id: u64, first_day: Day, days: u32) -> UcdpSpec {
    let c = &cat.countries[rng.below(cat.countries.len() as u64) as usize];
    let start = Day(first_day.0 + rng.below(u64::from(days)) as i32);
    let best = rng.poisson(3.0) as u32 + 1;
    UcdpSpec {
        id,
        type_of_violence: 1 + rng.below(3) as u8,
        side_a: format!("Government of {}", c.name),
        side_b: format!("Movement {}", rng.below(40)),
        where_prec: 1 + rng.below(7) as u8,
        adm_1: format!("Province {}", rng.below(12)),
        adm_2: format!("District {}", rng.below(30)),
        latitude: ((rng.unit() * 140.0 - 60.0) * 1e6).round() / 1e6,
        longitude: ((rng.unit() * 340.0 - 170.0) * 1e6).round() / 1e6,
        country: c.name.clone(),
        date_prec: 1 + rng.below(5) as u8,
        date_start: start,
        date_end: Day(start.0 + rng.below(3) as i32),
        best,
        low: best.saturating_sub(1),
        high: best + rng.below(4) as u32,
        source_article: format!("\"Agency report {}\",Wire,{}", rng.below(10_000), start),
    }
}

pub fn write_ucdp<W: Write>(w: &mut csv::Writer<W>, r: &UcdpSpec) -> csv::Result<()> {
    let (y, _, _) = r.date_start.ymd();
    let s = |v: &dyn std::fmt::Display| v.to_string();
    w.write_record([
        s(&r.id),
        s(&r.id),
        s(&y),
        "TRUE".into(),
        "Clear".into(),
        s(&r.type_of_violence),
        s(&(200 + u32::from(r.type_of_violence))),
        s(&(200 + u32::from(r.type_of_violence))),
        format!("{}: {}", r.country, r.side_b),
        s(&(400 + r.id % 50)),
        s(&(400 + r.id % 50)),
        format!("{} - {}", r.side_a, r.side_b),
        "100".into(),
        "100".into(),
        r.side_a.clone(),
        s(&(1000 + r.id % 40)),
        s(&(1000 + r.id % 40)),
        r.side_b.clone(),
        "2".into(),
        r.source_article.clone(),
        String::new(),
        s(&r.date_start),
        String::new(),
        String::new(),
        s(&r.where_prec),
        format!("{} town", r.adm_2),
        String::new(),
        r.adm_1.clone(),
        r.adm_2.clone(),
        s(&r.latitude),
        s(&r.longitude),
        format!("POINT ({} {})", r.longitude, r.latitude),
        "150000".into(),
        r.country.clone(),
        "500".into(),
        "Africa".into(),
        "1".into(),
        s(&r.date_prec),
        format!("{} 00:00:00.000", r.date_start),
        format!("{} 00:00:00.000", r.date_end),
        s(&(r.best / 2)),
        s(&(r.best / 4)),
        s(&(r.best - r.best / 2 - r.best / 4)),
        "0".into(),
        s(&r.best),
        s(&r.high),
        s(&r.low),
        "500".into(),
        String::new(),
    ])
}

/// Rows per independently seeded block.
const GEN_BLOCK: u64 = 32_768;

/// Options of a generation run.
#[derive(Debug, Clone, Copy)]
pub struct GenOptions {
    pub format: Format,
    pub rows: u64,
    pub seed: u64,
    pub first_day: Day,
    pub days: u32,
    pub threads: usize,
}

fn block(cat: &Catalogue, o: &GenOptions, b: u64) -> Result<Vec<u8>, WarningError> {
    let mut rng = Rng::new(o.seed ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let from = b * GEN_BLOCK;
    let to = (from + GEN_BLOCK).min(o.rows);
    let mut out = Vec::with_capacity(((to - from) * 400) as usize);
    let csv_err = |e: csv::Error| WarningError::Format(format!("generator: {e}"));
    match o.format {
        Format::Gdelt2 => {
            for i in from..to {
                write_gdelt2(&mut out, &gdelt_spec(&mut rng, cat, 1_000_000_000 + i, o.first_day, o.days));
            }
        }
        Format::Acled => {
            let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(&mut out);
            for i in from..to {
                write_acled(&mut w, &acled_spec(&mut rng, cat, i, o.first_day, o.days)).map_err(csv_err)?;
            }
            w.flush().map_err(|e| WarningError::Format(format!("generator: {e}")))?;
        }
        Format::Ucdp => {
            let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(&mut out);
            for i in from..to {
                write_ucdp(&mut w, &ucdp_spec(&mut rng, cat, 100_000 + i, o.first_day, o.days)).map_err(csv_err)?;
            }
            w.flush().map_err(|e| WarningError::Format(format!("generator: {e}")))?;
        }
        f => {
            return Err(WarningError::Format(format!("the generator writes acled, gdelt2 or ucdp, not {f}")));
        }
    }
    Ok(out)
}

/// Write a whole file. Returns the bytes written.
pub fn generate(
    out: &mut dyn Write,
    cat: &Catalogue,
    o: &GenOptions,
    progress: &dyn Fn(u64),
) -> Result<u64, WarningError> {
    let io = |e| WarningError::io("output", e);
    let header = match o.format {
        Format::Acled => Some(crate::parse::acled::COLUMNS.join(",")),
        Format::Ucdp => Some(crate::parse::ucdp::COLUMNS.join(",")),
        _ => None,
    };
    let mut written = 0u64;
    if let Some(h) = header {
        out.write_all(h.as_bytes()).map_err(io)?;
        out.write_all(b"\n").map_err(io)?;
        written += h.len() as u64 + 1;
    }
    let blocks = o.rows.div_ceil(GEN_BLOCK);
    let threads = o.threads.max(1) as u64;
    let mut b = 0;
    while b < blocks {
        let batch: Vec<u64> = (b..(b + threads * 4).min(blocks)).collect();
        let results: Vec<Result<Vec<u8>, WarningError>> = std::thread::scope(|s| {
            let hs: Vec<_> = batch
                .chunks(batch.len().div_ceil(threads as usize).max(1))
                .map(|part| s.spawn(move || part.iter().map(|&i| block(cat, o, i)).collect::<Vec<_>>()))
                .collect();
            hs.into_iter()
                .flat_map(|h| {
                    h.join().unwrap_or_else(|_| vec![Err(WarningError::Format("generator thread panicked".into()))])
                })
                .collect()
        });
        for r in results {
            let bytes = r?;
            out.write_all(&bytes).map_err(io)?;
            written += bytes.len() as u64;
        }
        progress(written);
        b += batch.len() as u64;
    }
    out.flush().map_err(io)?;
    Ok(written)
}
