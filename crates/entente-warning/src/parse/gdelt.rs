//! GDELT events: 2.0 (61 tab-separated columns) and 1.0 (57 columns in the back-file, 58 with
//! SOURCEURL), no header row. Rows are split on tabs without copying; the same check is used by
//! the event parser and by the parallel counting path, so both accept exactly the same rows.

use memchr::memchr;
use wide::u8x16;

use crate::category::Category;
use crate::country::{CountryTables, Iso3, Lookup};
use crate::date::{self, DatePrecision, Day};
use crate::event::{Actor, Event, GeoPrecision, Severity, Source};
use crate::mapping::Mappings;

/// Column positions of one GDELT layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub source: Source,
    pub columns: usize,
    pub geo_type: usize,
    pub geo_fullname: usize,
    pub geo_country: usize,
    pub geo_adm1: usize,
    pub geo_adm2: Option<usize>,
    pub geo_lat: usize,
    pub geo_long: usize,
    pub date_added: usize,
    pub source_url: Option<usize>,
}

pub const GDELT2: Layout = Layout {
    source: Source::Gdelt2,
    columns: 61,
    geo_type: 51,
    geo_fullname: 52,
    geo_country: 53,
    geo_adm1: 54,
    geo_adm2: Some(55),
    geo_lat: 56,
    geo_long: 57,
    date_added: 59,
    source_url: Some(60),
};

pub const GDELT1_58: Layout = Layout {
    source: Source::Gdelt1,
    columns: 58,
    geo_type: 49,
    geo_fullname: 50,
    geo_country: 51,
    geo_adm1: 52,
    geo_adm2: None,
    geo_lat: 53,
    geo_long: 54,
    date_added: 56,
    source_url: Some(57),
};

pub const GDELT1_57: Layout = Layout { columns: 57, source_url: None, ..GDELT1_58 };

/// The 61 GDELT 2.0 column names (GDELT 1.0 names are the same without the `*_ADM2Code` columns).
pub const GDELT2_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The name of column `i` in a layout.
pub fn column_name(layout: &Layout, i: usize) -> &'static str {
    if layout.columns == 61 || i >= layout.columns {
        return GDELT2_COLUMNS.get(i).copied().unwrap_or("row");
    }
    // GDELT 1.0: same as 2.0 without the three ADM2 columns (39, 47, 55 in 2.0 numbering).
    let mut j = i;
    for adm2 in [39, 47, 55] {
        if j >= adm2 {
            j += 1;
        }
    }
    GDELT2_COLUMNS.get(j).copied().unwrap_or("row")
}

pub const MAX_FIELDS: usize = 61;

/// Bit i set where byte i of the 32 bytes at `base` is a tab (bytes past the end count as not
/// tabs). Two 16-byte SIMD compares + movemasks (SSE2 on x86-64, scalar elsewhere).
#[inline(always)]
fn tab_mask32(line: &[u8], base: usize) -> u64 {
    let tabs = u8x16::splat(b'\t');
    let half = |at: usize| -> u64 {
        let chunk = match line.get(at..at + 16).and_then(|w| <[u8; 16]>::try_from(w).ok()) {
            Some(w) => w,
            None => {
                let mut w = [0u8; 16];
                if at < line.len() {
                    w[..line.len() - at].copy_from_slice(&line[at..]);
                }
                w
            }
        };
        u64::from(u8x16::new(chunk).cmp_eq(tabs).move_mask() as u32 & 0xffff)
    };
    half(base) | (half(base + 16) << 16)
}

/// Split a line (without its newline) on tabs, 32 bytes at a time (SIMD compare + movemask).
/// Returns the number of fields, or `None` when there are more than 61.
#[inline]
pub fn split<'a>(line: &'a [u8], out: &mut [&'a [u8]; MAX_FIELDS]) -> Option<usize> {
    let mut n = 0;
    let mut start = 0;
    let mut base = 0;
    while base < line.len() {
        let mut m = tab_mask32(line, base);
        while m != 0 {
            let p = base + m.trailing_zeros() as usize;
            m &= m - 1;
            if n == MAX_FIELDS - 1 {
                return None;
            }
            out[n] = &line[start..p];
            n += 1;
            start = p + 1;
        }
        base += 32;
    }
    out[n] = &line[start..];
    Some(n + 1)
}

/// The fields [`check`] and the counters read, as a bit set of field indices.
pub fn needed_fields(layout: &Layout) -> u64 {
    [0, 1, 26, 30, 31, 34, layout.geo_country, layout.geo_adm1, layout.geo_lat, layout.geo_long]
        .iter()
        .fold(0u64, |m, &i| m | (1 << i))
}

/// Like [`split`], but only the fields in `needed` (bit i = field i) are filled in `out`; the
/// others keep whatever they held. Tabs are still all counted, so the field count is exact.
/// Chunks holding no tab that bounds a needed field are passed with one popcount.
#[inline]
pub fn split_needed<'a>(line: &'a [u8], needed: u64, out: &mut [&'a [u8]; MAX_FIELDS]) -> Option<usize> {
    // Tab j ends field j and starts field j + 1.
    let want = needed | (needed >> 1);
    let mut n = 0usize;
    let mut fstart = 0usize;
    let mut base = 0;
    while base < line.len() {
        let mut m = tab_mask32(line, base);
        let count = m.count_ones() as usize;
        if count > 0 {
            if n + count > MAX_FIELDS - 1 {
                return None;
            }
            let range = ((1u64 << count) - 1) << n;
            if want & range != 0 {
                let mut j = n;
                while m != 0 {
                    let p = base + m.trailing_zeros() as usize;
                    m &= m - 1;
                    if needed >> j & 1 == 1 {
                        out[j] = &line[fstart..p];
                    }
                    if needed >> (j + 1) & 1 == 1 {
                        fstart = p + 1;
                    }
                    j += 1;
                }
            }
            n += count;
        }
        base += 32;
    }
    if needed >> n & 1 == 1 {
        out[n] = &line[fstart..];
    }
    Some(n + 1)
}

/// What the checks established about a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Checked {
    pub day: Day,
    pub country: Option<Iso3>,
    pub category: Option<Category>,
}

/// A rejected field: the column index and the reason.
pub type FieldError = (usize, String);

#[inline]
fn is_int(b: &[u8]) -> bool {
    let d = b.strip_prefix(b"-").unwrap_or(b);
    !d.is_empty() && d.len() <= 18 && d.iter().all(u8::is_ascii_digit)
}

/// Decimal number: optional sign, digits, optional fraction (as GDELT writes them).
#[inline]
fn is_decimal(b: &[u8]) -> bool {
    let d = b.strip_prefix(b"-").or_else(|| b.strip_prefix(b"+")).unwrap_or(b);
    let (int, frac) = match memchr(b'.', d) {
        Some(i) => (&d[..i], &d[i + 1..]),
        None => (d, &d[0..0]),
    };
    !(int.is_empty() && frac.is_empty())
        && d.len() <= 32
        && int.iter().all(u8::is_ascii_digit)
        && frac.iter().all(u8::is_ascii_digit)
}

/// Check a split row. Every accepted row can be turned into an [`Event`] without error.
#[inline]
pub fn check(f: &[&[u8]], layout: &Layout, countries: &CountryTables, maps: &Mappings) -> Result<Checked, FieldError> {
    if f.len() != layout.columns {
        return Err((usize::MAX, format!("expected {} tab-separated columns, found {}", layout.columns, f.len())));
    }
    if f[0].is_empty() || !f[0].iter().all(u8::is_ascii_digit) || f[0].len() > 19 {
        return Err((0, "event id is not a number".into()));
    }
    let day = date::parse_compact(f[1]).ok_or_else(|| (1, "not a date in YYYYMMDD form".to_string()))?;
    let code = f[26];
    if !(2..=4).contains(&code.len()) || !code.iter().all(u8::is_ascii_digit) {
        return Err((26, "CAMEO event code must be 2 to 4 digits".into()));
    }
    for i in [30, 34, layout.geo_lat, layout.geo_long] {
        if !f[i].is_empty() && !is_decimal(f[i]) {
            return Err((i, "not a decimal number".into()));
        }
    }
    if !f[31].is_empty() && !is_int(f[31]) {
        return Err((31, "not an integer".into()));
    }
    let country = match f[layout.geo_country] {
        [] => None,
        c => match countries.fips(c) {
            Lookup::Country(iso) => Some(iso),
            Lookup::NoCountry => None,
            Lookup::Unknown => {
                return Err((layout.geo_country, "unknown FIPS 10-4 country code".into()));
            }
        },
    };
    let category = maps.cameo.classify(code);
    Ok(Checked { day, country, category })
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn num<T: std::str::FromStr>(b: &[u8]) -> Option<T> {
    std::str::from_utf8(b).ok()?.parse().ok()
}

/// Build the normalised event from a checked row.
pub fn to_event(f: &[&[u8]], layout: &Layout, c: &Checked, countries: &CountryTables) -> Event {
    let actor = |code: usize, name: usize, country: usize| -> Option<Actor> {
        if f[code].is_empty() && f[name].is_empty() {
            return None;
        }
        let country = match countries.cameo(f[country]) {
            Lookup::Country(iso) => Some(iso),
            _ => None,
        };
        Some(Actor { name: text(f[name]), code: text(f[code]), country })
    };
    let geo_precision = match f[layout.geo_type] {
        b"1" => GeoPrecision::Country,
        b"2" | b"5" => GeoPrecision::Admin1,
        b"3" | b"4" => GeoPrecision::Exact,
        _ => GeoPrecision::Unknown,
    };
    let url = layout.source_url.map(|i| text(f[i])).unwrap_or_default();
    Event {
        source: layout.source,
        source_id: text(f[0]),
        date: c.day,
        date_precision: DatePrecision::Day,
        country: c.country,
        admin1: text(f[layout.geo_adm1]),
        admin2: layout.geo_adm2.map(|i| text(f[i])).unwrap_or_default(),
        location: text(f[layout.geo_fullname]),
        latitude: num(f[layout.geo_lat]),
        longitude: num(f[layout.geo_long]),
        geo_precision,
        actors: [actor(5, 6, 7), actor(15, 16, 17)].into_iter().flatten().collect(),
        severity: Severity { goldstein: num(f[30]), tone: num(f[34]), mentions: num(f[31]), ..Severity::default() },
        event_type: text(f[26]),
        category: c.category,
        provenance: url,
        reporter: String::new(),
    }
}

/// The layout for a GDELT 1.0 row with `n` columns.
pub fn gdelt1_layout(n: usize) -> Layout {
    if n == 57 { GDELT1_57 } else { GDELT1_58 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_follow_the_codebooks() {
        assert_eq!(column_name(&GDELT2, 53), "ActionGeo_CountryCode");
        assert_eq!(column_name(&GDELT1_58, 51), "ActionGeo_CountryCode");
        assert_eq!(column_name(&GDELT1_58, 57), "SOURCEURL");
        assert_eq!(column_name(&GDELT1_57, 56), "DATEADDED");
        assert_eq!(column_name(&GDELT2, usize::MAX), "row");
        assert_eq!(column_name(&GDELT1_58, usize::MAX), "row");
    }

    #[test]
    fn split_counts_fields_and_refuses_too_many() {
        let mut out = [&b""[..]; MAX_FIELDS];
        assert_eq!(split(b"a\tb\t\tc", &mut out), Some(4));
        assert_eq!(out[2], b"");
        let long = vec![b'\t'; 61];
        assert_eq!(split(&long, &mut out), None);
        let exact = vec![b'\t'; 60];
        assert_eq!(split(&exact, &mut out), Some(61));
        // Every byte value, at every offset in a word: only tabs split.
        for b in 0..=255u8 {
            for at in 0..17 {
                let mut line = vec![b'x'; 17];
                line[at] = b;
                let mut out = [&b""[..]; MAX_FIELDS];
                let n = split(&line, &mut out).unwrap();
                assert_eq!(n, if b == b'\t' { 2 } else { 1 }, "byte {b} at {at}");
                if b == b'\t' {
                    assert_eq!((out[0].len(), out[1].len()), (at, 16 - at));
                }
            }
        }
        assert_eq!(split(b"", &mut out), Some(1));
        // The sparse splitter fills the needed fields exactly as the full one.
        let line: Vec<u8> = (0..61).map(|i| format!("f{i}")).collect::<Vec<_>>().join("\t").into_bytes();
        let mut full = [&b""[..]; MAX_FIELDS];
        assert_eq!(split(&line, &mut full), Some(61));
        for needed in [needed_fields(&GDELT2), needed_fields(&GDELT1_58), 1 << 60, u64::MAX >> 3, 0b101] {
            let mut sparse = [&b"?"[..]; MAX_FIELDS];
            assert_eq!(split_needed(&line, needed, &mut sparse), Some(61));
            for i in 0..61 {
                if needed >> i & 1 == 1 {
                    assert_eq!(sparse[i], full[i], "field {i}");
                }
            }
        }
        assert_eq!(split_needed(&[b'\t'; 61], needed_fields(&GDELT2), &mut out), None);
    }

    #[test]
    fn decimals() {
        for ok in ["1", "-1.5", "+2.25", "0.", ".5", "-36.8167"] {
            assert!(is_decimal(ok.as_bytes()), "{ok}");
        }
        for bad in ["", "-", ".", "1e5", "1.2.3", "abc", "--1"] {
            assert!(!is_decimal(bad.as_bytes()), "{bad}");
        }
    }
}
