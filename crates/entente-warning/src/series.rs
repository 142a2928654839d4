//! Counters per cell (layer × country × admin1 × category) and day, kept incrementally: an
//! import adds its own counts to the stored ones and never rereads earlier inputs. Weekly series
//! (ISO weeks) are sums of the daily counters.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::category::Category;
use crate::country::Iso3;
use crate::date::Day;
use crate::event::{Event, Layer, Source};

/// A series cell. `admin1` is empty for the whole country.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CellKey {
    pub layer: Layer,
    pub country: Iso3,
    #[serde(default)]
    pub admin1: String,
    pub category: Category,
}

impl CellKey {
    pub fn country_level(&self) -> CellKey {
        CellKey { admin1: String::new(), ..self.clone() }
    }
}

/// One day's count of events and sum of reported fatalities.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub events: u64,
    pub fatalities: u64,
}

impl Counts {
    pub fn add(&mut self, o: Counts) {
        self.events += o.events;
        self.fatalities += o.fatalities;
    }
}

/// A short reference to an event, kept as one of a cell-week's most severe events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRef {
    pub source: Source,
    pub source_id: String,
    pub date: Day,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub admin1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatalities: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goldstein: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentions: Option<u32>,
    #[serde(default)]
    pub event_type: String,
    /// Other sources that reported the same incident (after fusion), as `source:id`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_reported_by: Vec<String>,
    #[serde(default)]
    pub provenance: String,
    pub weight: f64,
}

const PROVENANCE_CHARS: usize = 240;

impl EventRef {
    pub fn of(e: &Event) -> EventRef {
        EventRef {
            source: e.source,
            source_id: e.source_id.clone(),
            date: e.date,
            location: e.location.clone(),
            admin1: e.admin1.clone(),
            fatalities: e.severity.fatalities,
            goldstein: e.severity.goldstein,
            mentions: e.severity.mentions,
            event_type: e.event_type.clone(),
            also_reported_by: Vec::new(),
            provenance: e.provenance.chars().take(PROVENANCE_CHARS).collect(),
            weight: e.weight(),
        }
    }
}

/// How many events each cell-week keeps as its "top contributing events".
pub const TOP_K: usize = 3;

/// The order of a top list: heavier first, then earlier, then by source and source id. A total
/// order on distinct events, so that a list never depends on the order in which its events
/// arrive (threads, blocks, files).
pub fn top_order(a: &EventRef, b: &EventRef) -> Ordering {
    b.weight
        .total_cmp(&a.weight)
        .then(a.date.cmp(&b.date))
        .then(a.source.cmp(&b.source))
        .then_with(|| a.source_id.cmp(&b.source_id))
}

/// Insert into a top-k list kept in [`top_order`].
pub fn push_top(list: &mut Vec<EventRef>, r: EventRef, k: usize) {
    if list.len() >= k && list.last().is_some_and(|l| top_order(&r, l) != Ordering::Less) {
        return;
    }
    let pos = list.iter().position(|x| top_order(&r, x) == Ordering::Less).unwrap_or(list.len());
    list.insert(pos, r);
    list.truncate(k);
}

/// Counts and top events from some input, to be added to the store.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub days: FxHashMap<CellKey, BTreeMap<Day, Counts>>,
    /// Keyed by cell and week index ([`Day::week_index`]).
    pub top: FxHashMap<(CellKey, i32), Vec<EventRef>>,
}

impl Tally {
    /// Count one event in its country cell and (if it names one) its admin1 cell.
    pub fn count(&mut self, e: &Event, also: &[String]) {
        let (Some(country), Some(category)) = (e.country, e.category) else {
            return;
        };
        let c = Counts { events: 1, fatalities: u64::from(e.severity.fatalities.unwrap_or(0)) };
        let key = CellKey { layer: e.source.layer(), country, admin1: String::new(), category };
        let week = e.date.week_index();
        let mut r = EventRef::of(e);
        r.also_reported_by = also.to_vec();
        let mut keys = vec![key.clone()];
        if !e.admin1.is_empty() {
            keys.push(CellKey { admin1: e.admin1.clone(), ..key });
        }
        for k in keys {
            self.days.entry(k.clone()).or_default().entry(e.date).or_default().add(c);
            push_top(self.top.entry((k, week)).or_default(), r.clone(), TOP_K);
        }
    }

    /// The cells an event counts in: its country cell and, if it names one, its admin1 cell.
    pub fn cells_of(e: &Event) -> Vec<CellKey> {
        let (Some(country), Some(category)) = (e.country, e.category) else {
            return Vec::new();
        };
        let key = CellKey { layer: e.source.layer(), country, admin1: String::new(), category };
        if e.admin1.is_empty() { vec![key] } else { vec![key.clone(), CellKey { admin1: e.admin1.clone(), ..key }] }
    }

    pub fn add_counts(&mut self, key: CellKey, day: Day, c: Counts) {
        self.days.entry(key).or_default().entry(day).or_default().add(c);
    }

    /// Fold another tally into this one.
    pub fn merge(&mut self, other: Tally) {
        for (k, days) in other.days {
            let mine = self.days.entry(k).or_default();
            for (d, c) in days {
                mine.entry(d).or_default().add(c);
            }
        }
        for (k, refs) in other.top {
            let mine = self.top.entry(k).or_default();
            for r in refs {
                push_top(mine, r, TOP_K);
            }
        }
    }

    /// Events counted, all cells at country level.
    pub fn country_total(&self) -> u64 {
        self.days.iter().filter(|(k, _)| k.admin1.is_empty()).flat_map(|(_, d)| d.values()).map(|c| c.events).sum()
    }

    /// Weekly counts per country-level cell: (cell, week index) → counts.
    pub fn weekly(&self) -> BTreeMap<(CellKey, i32), Counts> {
        let mut out: BTreeMap<(CellKey, i32), Counts> = BTreeMap::new();
        for (k, days) in self.days.iter().filter(|(k, _)| k.admin1.is_empty()) {
            for (d, c) in days {
                out.entry((k.clone(), d.week_index())).or_default().add(*c);
            }
        }
        out
    }
}

/// A dense weekly series for one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct WeeklySeries {
    pub cell: CellKey,
    /// Week index ([`Day::week_index`]) of `events[0]`.
    pub first_week: i32,
    pub events: Vec<f64>,
    pub fatalities: Vec<f64>,
}

/// Turn daily counters into a dense weekly series from the cell's first week to `last_week`.
pub fn weekly_series(cell: &CellKey, days: &BTreeMap<Day, Counts>, last_week: i32) -> Option<WeeklySeries> {
    let first_week = days.keys().next()?.week_index();
    if last_week < first_week {
        return None;
    }
    let n = (last_week - first_week + 1) as usize;
    let mut events = vec![0.0; n];
    let mut fatalities = vec![0.0; n];
    for (d, c) in days {
        let i = (d.week_index() - first_week) as usize;
        if i < n {
            events[i] += c.events as f64;
            fatalities[i] += c.fatalities as f64;
        }
    }
    Some(WeeklySeries { cell: cell.clone(), first_week, events, fatalities })
}

/// A cell's weekly sums: (week index, counts), ordered by week; weeks without data are left out.
/// What detection reads, and what the database keeps per cell (packed, [`pack_week_sums`]).
pub type WeekSums = Vec<(i32, Counts)>;

/// Sum daily counters into weekly sums.
pub fn week_sums(days: &BTreeMap<Day, Counts>) -> WeekSums {
    let mut out: WeekSums = Vec::new();
    for (d, c) in days {
        let w = d.week_index();
        match out.last_mut() {
            Some((lw, lc)) if *lw == w => lc.add(*c),
            _ => out.push((w, *c)),
        }
    }
    out
}

/// Add two lists of weekly sums (each ordered by week).
pub fn merge_week_sums(a: &[(i32, Counts)], b: &[(i32, Counts)]) -> WeekSums {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            Ordering::Equal => {
                let mut c = a[i].1;
                c.add(b[j].1);
                out.push((a[i].0, c));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(b: &[u8], at: &mut usize) -> Option<u64> {
    let mut v: u64 = 0;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*at)?;
        *at += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(v);
        }
    }
    None
}

/// Weekly sums packed as LEB128 varints: for each week, its distance from the previous one (the
/// first: its index, zigzag-coded), then events, then fatalities. A few bytes a week.
pub fn pack_week_sums(s: &[(i32, Counts)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() * 4);
    let mut prev: Option<i32> = None;
    for (w, c) in s {
        let step = match prev {
            None => ((i64::from(*w) << 1) ^ (i64::from(*w) >> 63)) as u64,
            Some(p) => (i64::from(*w) - i64::from(p)) as u64,
        };
        put_varint(&mut out, step);
        put_varint(&mut out, c.events);
        put_varint(&mut out, c.fatalities);
        prev = Some(*w);
    }
    out
}

/// The weekly sums [`pack_week_sums`] wrote (`None` if the bytes are not such a list).
pub fn unpack_week_sums(b: &[u8]) -> Option<WeekSums> {
    let mut out = Vec::with_capacity(b.len() / 3);
    let mut at = 0;
    let mut prev: Option<i32> = None;
    while at < b.len() {
        let step = get_varint(b, &mut at)?;
        let w = match prev {
            None => i32::try_from(((step >> 1) as i64) ^ -((step & 1) as i64)).ok()?,
            Some(p) => {
                let w = i32::try_from(i64::from(p) + i64::try_from(step).ok()?).ok()?;
                if w <= p {
                    return None;
                }
                w
            }
        };
        let events = get_varint(b, &mut at)?;
        let fatalities = get_varint(b, &mut at)?;
        out.push((w, Counts { events, fatalities }));
        prev = Some(w);
    }
    Some(out)
}

/// [`weekly_series`] from weekly sums: the same series as from the daily counters they sum.
pub fn weekly_series_of_weeks(cell: &CellKey, weeks: &[(i32, Counts)], last_week: i32) -> Option<WeeklySeries> {
    let first_week = weeks.first()?.0;
    if last_week < first_week {
        return None;
    }
    let n = (last_week - first_week + 1) as usize;
    let mut events = vec![0.0; n];
    let mut fatalities = vec![0.0; n];
    for (w, c) in weeks {
        let i = (w - first_week) as usize;
        if i < n {
            events[i] += c.events as f64;
            fatalities[i] += c.fatalities as f64;
        }
    }
    Some(WeeklySeries { cell: cell.clone(), first_week, events, fatalities })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::DatePrecision;
    use crate::event::{GeoPrecision, Severity};

    fn ev(id: &str, day: Day, admin1: &str, fatalities: u32) -> Event {
        Event {
            source: Source::Acled,
            source_id: id.into(),
            date: day,
            date_precision: DatePrecision::Day,
            country: Some("MLI".parse().unwrap()),
            admin1: admin1.into(),
            admin2: String::new(),
            location: String::new(),
            latitude: None,
            longitude: None,
            geo_precision: GeoPrecision::Unknown,
            actors: vec![],
            severity: Severity { fatalities: Some(fatalities), ..Severity::default() },
            event_type: String::new(),
            category: Some(Category::Terrorism),
            provenance: String::new(),
            reporter: String::new(),
        }
    }

    #[test]
    fn counts_go_to_country_and_admin1_cells_and_weeks() {
        let d = Day::from_ymd(2024, 1, 1).unwrap(); // Monday
        let mut t = Tally::default();
        t.count(&ev("a", d, "Mopti", 3), &[]);
        t.count(&ev("b", Day(d.0 + 6), "", 1), &[]);
        t.count(&ev("c", Day(d.0 + 7), "Mopti", 10), &[]);
        assert_eq!(t.country_total(), 3);
        let w = t.weekly();
        let key = CellKey {
            layer: Layer::Curated,
            country: "MLI".parse().unwrap(),
            admin1: String::new(),
            category: Category::Terrorism,
        };
        assert_eq!(w[&(key.clone(), d.week_index())], Counts { events: 2, fatalities: 4 });
        assert_eq!(w[&(key.clone(), d.week_index() + 1)], Counts { events: 1, fatalities: 10 });
        let top = &t.top[&(key.clone(), d.week_index())];
        assert_eq!(top[0].source_id, "a");
        let s = weekly_series(&key, &t.days[&key], d.week_index() + 3).unwrap();
        assert_eq!(s.events, vec![2.0, 1.0, 0.0, 0.0]);
        assert_eq!(s.fatalities, vec![4.0, 10.0, 0.0, 0.0]);
        let mopti = CellKey { admin1: "Mopti".into(), ..key };
        assert_eq!(t.days[&mopti].values().map(|c| c.events).sum::<u64>(), 2);
    }

    #[test]
    fn top_list_breaks_ties_by_date_then_source_id_whatever_the_arrival_order() {
        let d = Day::from_ymd(2024, 1, 1).unwrap();
        let refs: Vec<EventRef> = [("b", 0, 5), ("a", 0, 5), ("c", 1, 5), ("d", 0, 9), ("e", 2, 5), ("a0", 0, 5)]
            .iter()
            .map(|&(id, day, f)| EventRef::of(&ev(id, Day(d.0 + day), "", f)))
            .collect();
        let mut orders = vec![refs.clone()];
        let mut rev = refs.clone();
        rev.reverse();
        orders.push(rev);
        orders.push([&refs[3..], &refs[..3]].concat());
        let tops: Vec<Vec<String>> = orders
            .into_iter()
            .map(|order| {
                let mut l = Vec::new();
                for r in order {
                    push_top(&mut l, r, 3);
                }
                l.into_iter().map(|r| r.source_id).collect()
            })
            .collect();
        for t in &tops {
            assert_eq!(t, &["d", "a", "a0"]);
        }
    }

    #[test]
    fn top_list_keeps_the_heaviest() {
        let mut l = Vec::new();
        let d = Day(0);
        for (i, f) in [5u32, 1, 9, 7, 3].into_iter().enumerate() {
            push_top(&mut l, EventRef::of(&ev(&i.to_string(), d, "", f)), 3);
        }
        let ids: Vec<&str> = l.iter().map(|r| r.source_id.as_str()).collect();
        assert_eq!(ids, ["2", "3", "0"]);
    }

    proptest::proptest! {
        /// Weekly sums, packed and unpacked, merged from two halves, give the series the daily
        /// counters give.
        #[test]
        fn week_sums_pack_merge_and_give_the_daily_series(
            days in proptest::collection::vec((-400i32..3000, 0u64..5000, 0u64..300), 0..200),
            split in 0usize..200,
            last in -50i32..500,
        ) {
            let cell = CellKey { layer: Layer::Media, country: "MLI".parse().unwrap(), admin1: String::new(), category: Category::Unrest };
            let mut all = BTreeMap::new();
            let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
            for (i, (d, e, f)) in days.iter().enumerate() {
                let c = Counts { events: *e, fatalities: *f };
                all.entry(Day(*d)).or_insert_with(Counts::default).add(c);
                let half = if i < split { &mut a } else { &mut b };
                half.entry(Day(*d)).or_insert_with(Counts::default).add(c);
            }
            let weeks = week_sums(&all);
            proptest::prop_assert_eq!(unpack_week_sums(&pack_week_sums(&weeks)), Some(weeks.clone()));
            let merged = merge_week_sums(
                &unpack_week_sums(&pack_week_sums(&week_sums(&a))).unwrap(),
                &week_sums(&b),
            );
            proptest::prop_assert_eq!(&merged, &weeks);
            proptest::prop_assert_eq!(weekly_series_of_weeks(&cell, &weeks, last), weekly_series(&cell, &all, last));
        }
    }
}
