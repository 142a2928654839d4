//! Fusion: one real-world incident reported by several curated sources (ACLED, UCDP, partner
//! reports) is linked into one incident and counted once, keeping every source's provenance.
//!
//! The rule (documented in the crate README, weights in [`FusionRule`]):
//! 1. **Blocking** — only events with the same country and the same category can match, and never
//!    two events from the same source (each dataset already de-duplicates itself); an event whose
//!    source and id are already in an incident is a re-import and is recognised as such.
//! 2. **Date** — the days must be within `max_days` (widened by 6 days when either date is only
//!    known to the week, by 30 when known to the month or year). Score `1 − gap/(window + 1)`.
//! 3. **Place** — with coordinates on both sides, distance ≤ `max_km` (score `1 − d/(2·max_km)`),
//!    farther is no match; otherwise equal admin1 (0.7, or 0.9 if admin2 also equal), different
//!    admin1 is no match, unknown place 0.5.
//! 4. **Actors** — Jaccard overlap of the actors' name words (3+ letters, lower case); 0.5 when
//!    either side names no actor.
//! 5. **Confidence** = `w_date·date + w_place·place + w_actors·actors`; the event joins the best
//!    incident whose confidence reaches `threshold`, else it starts a new incident.
//!
//! GDELT (the media layer) is not fused: it is counted in its own layer (see [`crate::event::Layer`]).

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};

use crate::category::Category;
use crate::country::Iso3;
use crate::date::{DatePrecision, Day};
use crate::event::{Event, Source};

/// Weights and limits of the fusion rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FusionRule {
    pub max_days: i32,
    pub max_km: f64,
    pub w_date: f64,
    pub w_place: f64,
    pub w_actors: f64,
    pub threshold: f64,
}

impl Default for FusionRule {
    fn default() -> Self {
        FusionRule { max_days: 1, max_km: 25.0, w_date: 0.3, w_place: 0.4, w_actors: 0.3, threshold: 0.6 }
    }
}

/// One source's record of an incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub source: Source,
    pub source_id: String,
    pub provenance: String,
    /// Confidence of the link to the incident (1.0 for the first report).
    pub confidence: f64,
}

/// A fused incident: the first report's event and every source that reported it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub event: Event,
    pub members: Vec<Member>,
}

impl Incident {
    pub fn id(&self) -> String {
        format!("{}:{}", self.event.source, self.event.source_id)
    }
}

fn slack(p: DatePrecision) -> i32 {
    match p {
        DatePrecision::Day => 0,
        DatePrecision::Days | DatePrecision::Week => 6,
        DatePrecision::Month | DatePrecision::Year => 30,
    }
}

fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

fn actor_words(e: &Event) -> BTreeSet<String> {
    e.actors
        .iter()
        .flat_map(|a| a.name.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect::<Vec<_>>())
        .filter(|w| w.chars().count() >= 3)
        .collect()
}

impl FusionRule {
    /// The date window (in days) for two events.
    pub fn window(&self, a: &Event, b: &Event) -> i32 {
        self.max_days + slack(a.date_precision).max(slack(b.date_precision))
    }

    /// Confidence that `a` and `b` report the same incident (0 when blocked or out of range).
    pub fn confidence(&self, a: &Event, b: &Event) -> f64 {
        if a.country.is_none() || a.country != b.country || a.category.is_none() || a.category != b.category {
            return 0.0;
        }
        if a.source == b.source {
            return 0.0;
        }
        let window = self.window(a, b);
        let gap = (a.date.0 - b.date.0).abs();
        if gap > window {
            return 0.0;
        }
        let date = 1.0 - f64::from(gap) / f64::from(window + 1);
        let place = match (a.latitude.zip(a.longitude), b.latitude.zip(b.longitude)) {
            (Some(p), Some(q)) => {
                let d = haversine_km(p, q);
                if d > self.max_km {
                    return 0.0;
                }
                1.0 - d / (2.0 * self.max_km)
            }
            _ if !a.admin1.is_empty() && !b.admin1.is_empty() => {
                if !a.admin1.eq_ignore_ascii_case(&b.admin1) {
                    return 0.0;
                }
                if !a.admin2.is_empty() && a.admin2.eq_ignore_ascii_case(&b.admin2) { 0.9 } else { 0.7 }
            }
            _ => 0.5,
        };
        let (wa, wb) = (actor_words(a), actor_words(b));
        let actors = if wa.is_empty() || wb.is_empty() {
            0.5
        } else {
            wa.intersection(&wb).count() as f64 / wa.union(&wb).count() as f64
        };
        self.w_date * date + self.w_place * place + self.w_actors * actors
    }
}

/// What happened to an event offered to the fuser.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A new incident: count it. Carries the incident's index.
    New(usize),
    /// Linked to an existing incident with this confidence: do not count again.
    Linked { incident: usize, confidence: f64 },
    /// The same source and id is already in an incident (a re-import): do not count again.
    Known(usize),
    /// No country or no category: nothing to fuse; counted (or not) on its own.
    Unfusable,
}

/// The incidents of some countries, indexed for matching.
#[derive(Debug, Default)]
pub struct Fuser {
    pub rule: FusionRule,
    pub incidents: Vec<Incident>,
    by_cell_day: HashMap<(Iso3, Category, Day), Vec<usize>>,
    by_source_id: HashMap<(Source, String), usize>,
    /// Countries whose stored incidents are loaded.
    pub loaded: HashSet<Iso3>,
    /// Incidents created or changed since loading (to be written back).
    pub dirty: HashSet<Iso3>,
}

impl Fuser {
    pub fn new(rule: FusionRule) -> Fuser {
        Fuser { rule, ..Fuser::default() }
    }

    /// Add stored incidents (already fused) without matching.
    pub fn load(&mut self, country: Iso3, incidents: Vec<Incident>) {
        self.loaded.insert(country);
        for inc in incidents {
            self.index(inc);
        }
    }

    fn index(&mut self, inc: Incident) -> usize {
        let i = self.incidents.len();
        if let (Some(c), Some(k)) = (inc.event.country, inc.event.category) {
            self.by_cell_day.entry((c, k, inc.event.date)).or_default().push(i);
        }
        for m in &inc.members {
            self.by_source_id.insert((m.source, m.source_id.clone()), i);
        }
        self.incidents.push(inc);
        i
    }

    /// Offer an event: link it to the best matching incident or start a new one.
    pub fn offer(&mut self, e: Event) -> Outcome {
        if let Some(&i) = self.by_source_id.get(&(e.source, e.source_id.clone())) {
            return Outcome::Known(i);
        }
        let (Some(country), Some(category)) = (e.country, e.category) else {
            return Outcome::Unfusable;
        };
        let reach = self.rule.max_days + 30;
        let mut best: Option<(usize, f64)> = None;
        for d in (e.date.0 - reach)..=(e.date.0 + reach) {
            let Some(list) = self.by_cell_day.get(&(country, category, Day(d))) else {
                continue;
            };
            for &i in list {
                let inc = &self.incidents[i];
                if inc.members.iter().any(|m| m.source == e.source) {
                    continue;
                }
                let c = self.rule.confidence(&inc.event, &e);
                if c >= self.rule.threshold && best.is_none_or(|(_, b)| c > b) {
                    best = Some((i, c));
                }
            }
        }
        self.dirty.insert(country);
        let member = Member {
            source: e.source,
            source_id: e.source_id.clone(),
            provenance: e.provenance.clone(),
            confidence: best.map_or(1.0, |(_, c)| c),
        };
        match best {
            Some((i, confidence)) => {
                self.by_source_id.insert((e.source, e.source_id.clone()), i);
                self.incidents[i].members.push(member);
                Outcome::Linked { incident: i, confidence }
            }
            None => Outcome::New(self.index(Incident { event: e, members: vec![member] })),
        }
    }

    /// The incidents of one country.
    pub fn of_country(&self, c: Iso3) -> impl Iterator<Item = &Incident> {
        self.incidents.iter().filter(move |i| i.event.country == Some(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Actor, GeoPrecision, Severity};

    fn ev(source: Source, id: &str, day: i32, lat: Option<f64>, admin1: &str, actors: &[&str]) -> Event {
        Event {
            source,
            source_id: id.into(),
            date: Day(19_000 + day),
            date_precision: DatePrecision::Day,
            country: Some("NGA".parse().unwrap()),
            admin1: admin1.into(),
            admin2: String::new(),
            location: String::new(),
            latitude: lat,
            longitude: lat.map(|_| 13.15),
            geo_precision: GeoPrecision::Exact,
            actors: actors.iter().map(|a| Actor { name: (*a).into(), code: String::new(), country: None }).collect(),
            severity: Severity::default(),
            event_type: String::new(),
            category: Some(Category::Terrorism),
            provenance: format!("{source} record {id}"),
            reporter: String::new(),
        }
    }

    #[test]
    fn same_incident_from_three_sources_is_one_incident_with_three_provenances() {
        let mut f = Fuser::new(FusionRule::default());
        let a = ev(Source::Acled, "NGA1", 0, Some(11.85), "Borno", &["Boko Haram - JAS", "Civilians (Nigeria)"]);
        let u = ev(Source::Ucdp, "501", 1, Some(11.90), "Borno state", &["Boko Haram", "Civilians"]);
        let r = ev(Source::Report, "NGA-2024-7", 0, None, "Borno", &["Boko Haram"]);
        assert_eq!(f.offer(a), Outcome::New(0));
        assert!(matches!(f.offer(u), Outcome::Linked { incident: 0, .. }));
        assert!(matches!(f.offer(r), Outcome::Linked { incident: 0, confidence } if confidence >= 0.6));
        assert_eq!(f.incidents.len(), 1);
        let provs: Vec<&str> = f.incidents[0].members.iter().map(|m| m.provenance.as_str()).collect();
        assert_eq!(provs, ["acled record NGA1", "ucdp record 501", "report record NGA-2024-7"]);
    }

    #[test]
    fn near_misses_stay_apart() {
        let rule = FusionRule::default();
        let base = ev(Source::Acled, "1", 0, Some(11.85), "Borno", &["Boko Haram"]);
        // Too far in time.
        assert_eq!(rule.confidence(&base, &ev(Source::Ucdp, "2", 3, Some(11.85), "Borno", &["Boko Haram"])), 0.0);
        // Too far in space (about 110 km).
        assert_eq!(rule.confidence(&base, &ev(Source::Ucdp, "2", 0, Some(12.85), "Borno", &["Boko Haram"])), 0.0);
        // Other admin1, no coordinates.
        let mut b = ev(Source::Report, "2", 0, None, "Yobe", &["Boko Haram"]);
        let mut a2 = base.clone();
        a2.latitude = None;
        assert_eq!(rule.confidence(&a2, &b), 0.0);
        // Other category.
        b.admin1 = "Borno".into();
        b.category = Some(Category::ArmedConflict);
        assert_eq!(rule.confidence(&a2, &b), 0.0);
        // Same source never fuses.
        assert_eq!(rule.confidence(&base, &ev(Source::Acled, "2", 0, Some(11.85), "Borno", &["Boko Haram"])), 0.0);
        // Same day, same admin1, disjoint actors: below the threshold.
        let c = ev(Source::Report, "3", 0, None, "Borno", &["Fulani herders"]);
        assert!(rule.confidence(&a2, &c) < rule.threshold);
        let mut f = Fuser::new(rule);
        f.offer(a2);
        assert_eq!(f.offer(c), Outcome::New(1));
    }

    #[test]
    fn reimport_is_recognised_and_coarse_dates_widen_the_window() {
        let mut f = Fuser::new(FusionRule::default());
        let a = ev(Source::Acled, "1", 0, Some(11.85), "Borno", &["Boko Haram"]);
        f.offer(a.clone());
        assert_eq!(f.offer(a), Outcome::Known(0));
        let mut u = ev(Source::Ucdp, "9", 5, Some(11.86), "Borno", &["Boko Haram"]);
        assert_eq!(FusionRule::default().confidence(&f.incidents[0].event, &u), 0.0);
        u.date_precision = DatePrecision::Week;
        assert!(matches!(f.offer(u), Outcome::Linked { .. }));
    }
}
