//! A seeded generator of realistic allocation problems, used by tests and benchmarks.
//!
//! * Nations: the real network shipped in `data/nato_network.csv`, every state and organisation
//!   taking part on the programme year's first day (memberships and their dates come from the
//!   shipped history, so eligibility changes mid-year — Sweden joins the Alliance on 2024-03-07).
//! * Activities: courses, workshops, exercises and conferences over the year in 30 areas, with
//!   seats, some framework restrictions, some per-nation caps and a few prerequisites.
//! * Demand is skewed: activity popularity is heavy-tailed (Pareto); larger states ask for more
//!   activities and more seats per activity; the most popular 2 % are made 5× oversubscribed.
//! * Each request names nominees (with reserves) drawn from the nation's roster, so the same
//!   people are nominated for several activities and some dates clash.
//!
//! The same scale and seed give the same instance, byte for byte.

use std::fmt;
use std::str::FromStr;

use entente_domain::rng::Rng;

use crate::input::{ActivityRecord, InstanceFile, PersonRecord, RequestRecord};
use crate::model::Day;
use crate::reference;

/// Instance size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// A programme year: ≈70 nations, 1,400 activities, ≈60,000 requests.
    Pcm,
    /// The nominee-level stress scale: the same nations, 22,400 activity sessions (16× the menu),
    /// ≈1,000,000 requests.
    X100,
    /// Custom: this many activities, request density as at PCM scale.
    Activities(usize),
}

impl Scale {
    pub fn activities(self) -> usize {
        match self {
            Scale::Pcm => 1_400,
            Scale::X100 => 22_400,
            Scale::Activities(n) => n,
        }
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scale::Pcm => f.write_str("pcm"),
            Scale::X100 => f.write_str("x100"),
            Scale::Activities(n) => write!(f, "{n}"),
        }
    }
}

impl FromStr for Scale {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "pcm" => Ok(Scale::Pcm),
            "x100" => Ok(Scale::X100),
            _ => match s.parse::<usize>() {
                Ok(n) if n > 0 => Ok(Scale::Activities(n)),
                _ => Err(format!("unknown scale '{s}' (expected pcm, x100 or a number of activities)")),
            },
        }
    }
}

const YEAR: i32 = 2024;
/// Share of all (nation, activity) pairs requested.
const DENSITY: f64 = 0.72;
/// Seats asked for over seats offered, across the whole year.
const OVERALL_DEMAND: f64 = 1.25;

const AREAS: [&str; 30] = [
    "Cyber defence",
    "Counter-terrorism",
    "Crisis management",
    "Defence institution building",
    "Civil emergency planning",
    "Border security",
    "Counter-IED",
    "Maritime security",
    "Air command and control",
    "Logistics",
    "Medical support",
    "Military education",
    "Non-proliferation",
    "CBRN defence",
    "Energy security",
    "Strategic communications",
    "Women, peace and security",
    "Arms control",
    "Peace support operations",
    "Military engineering",
    "Intelligence analysis",
    "Legal advisers",
    "Defence budgeting",
    "Interoperability standards",
    "Search and rescue",
    "Small arms and light weapons",
    "Demining",
    "Building integrity",
    "Language training",
    "Public diplomacy",
];

#[derive(Clone, Copy)]
enum Kind {
    Course,
    Workshop,
    Exercise,
    Conference,
}

/// Generate an instance.
pub fn generate(scale: Scale, seed: u64) -> Result<InstanceFile, String> {
    let mut rng = Rng::new(seed ^ 0x5EA7_A110_C0DE_2024);
    let day0 = Day::from_ymd(YEAR, 1, 1).ok_or("bad year")?;
    let nations: Vec<&reference::ReferenceNation> =
        reference::network()?.iter().filter(|n| n.participates_on(day0)).collect();

    // Activities.
    let n_act = scale.activities();
    let width = n_act.to_string().len().max(4);
    let mut acts: Vec<ActivityRecord> = Vec::with_capacity(n_act);
    let mut popularity: Vec<f64> = Vec::with_capacity(n_act);
    let mut windows: Vec<(Day, Day)> = Vec::with_capacity(n_act);
    // First Monday of the year.
    let monday = Day(day0.0 + ((7 - day0.weekday() as i32) % 7));
    for k in 0..n_act {
        let area = rng.below(AREAS.len() as u64) as usize;
        let kind = match rng.below(100) {
            0..=54 => Kind::Course,
            55..=79 => Kind::Workshop,
            80..=91 => Kind::Exercise,
            _ => Kind::Conference,
        };
        let week = rng.below(50) as i32;
        let (offset, days, seats, label) = match kind {
            Kind::Course => (0, 5, 16 + rng.below(25) as i64, "course"),
            Kind::Workshop => (rng.below(3) as i32, 3, 18 + rng.below(23) as i64, "workshop"),
            Kind::Exercise => (0, 12, 40 + rng.below(81) as i64, "exercise"),
            Kind::Conference => (1 + rng.below(2) as i32, 2, 50 + rng.below(91) as i64, "conference"),
        };
        let start = Day(monday.0 + 7 * week + offset);
        let end = Day(start.0 + days - 1);
        let frameworks: Vec<String> = match rng.below(100) {
            0..=71 => vec![],
            72..=81 => vec!["ALLIANCE", "PFP"],
            82..=87 => vec!["ALLIANCE"],
            88..=92 => vec!["ALLIANCE", "MD", "ICI"],
            93..=96 => vec!["ALLIANCE", "PAG"],
            _ => vec!["PFP"],
        }
        .into_iter()
        .map(String::from)
        .collect();
        let nation_cap = if rng.below(100) < 35 { Some(2 + rng.below(3) as i64) } else { None };
        let u = rng.unit().max(1e-9);
        popularity.push(u.powf(-1.0 / 1.6));
        windows.push((start, end));
        acts.push(ActivityRecord {
            id: format!("A{k:0width$}"),
            title: Some(format!("{} {label}", AREAS[area])),
            start: start.to_string(),
            end: Some(end.to_string()),
            seats,
            nation_cap,
            frameworks,
            prerequisites: Vec::new(),
        });
    }
    // Prerequisites: some courses require an earlier course of the same title, or a past one.
    let mut past_ids: Vec<String> = Vec::new();
    for k in 0..n_act {
        if rng.below(100) >= 6 || !acts[k].title.as_deref().is_some_and(|t| t.ends_with("course")) {
            continue;
        }
        let earlier = (0..n_act)
            .filter(|&e| e != k && acts[e].title == acts[k].title && windows[e].1 < windows[k].0)
            .min_by_key(|&e| windows[e].0);
        let pre = match earlier {
            Some(e) if rng.below(2) == 0 => acts[e].id.clone(),
            _ => {
                let id = format!("PAST-{k:0width$}");
                past_ids.push(id.clone());
                id
            }
        };
        acts[k].prerequisites.push(pre);
    }

    // Nations' appetite: larger states ask for more.
    let size: Vec<f64> = nations.iter().map(|n| n.population_millions.unwrap_or(2.0)).collect();
    let appetite: Vec<f64> = size.iter().map(|p| p.powf(0.45)).collect();
    let top = appetite.iter().copied().fold(0.0, f64::max);
    let mean_share: f64 = appetite.iter().map(|a| a / top).sum::<f64>() / nations.len() as f64;

    let mut requests: Vec<RequestRecord> = Vec::new();
    let mut people: Vec<PersonRecord> = Vec::new();
    let mut demand = vec![0i64; n_act];
    for (ni, nation) in nations.iter().enumerate() {
        let share = (appetite[ni] / top / mean_share * DENSITY).min(0.97);
        let want = ((share * n_act as f64).round() as usize).min(n_act);
        let eligible = |k: usize, rng: &mut Rng| {
            let fw = &acts[k].frameworks;
            let on = windows[k].0;
            let open =
                nation.memberships.iter().any(|m| m.active_on(on) && (fw.is_empty() || fw.contains(&m.framework)));
            // A few requests ignore eligibility, as real ones sometimes do.
            open || rng.below(1000) < 5
        };
        // Weighted sampling without replacement (Efraimidis–Spirakis keys).
        let mut keyed: Vec<(f64, usize)> = Vec::with_capacity(n_act);
        for (k, p) in popularity.iter().enumerate() {
            if eligible(k, &mut rng) {
                let u = rng.unit().max(1e-12);
                keyed.push((u.ln() / p, k));
            }
        }
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        keyed.truncate(want);
        let mut chosen: Vec<usize> = keyed.iter().map(|&(_, k)| k).collect();
        chosen.sort_unstable();
        // Ranks: popular activities first, with noise; five levels.
        let mut scored: Vec<(f64, usize)> = chosen.iter().map(|&k| (popularity[k] * (0.3 + rng.unit()), k)).collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut priority = vec![0i64; n_act];
        for (pos, &(_, k)) in scored.iter().enumerate() {
            priority[k] = 1 + (5 * pos / scored.len().max(1)) as i64;
        }
        let max_seats = if size[ni] >= 40.0 {
            6
        } else if size[ni] >= 10.0 {
            4
        } else if size[ni] >= 3.0 {
            3
        } else {
            2
        };
        let total_seats: i64 = chosen.len() as i64 * (1 + max_seats) / 2;
        let roster = ((total_seats as f64 / 2.5).ceil() as usize).max(8);
        let staffed = (size[ni].ln().max(0.0) * 2.0) as u64;
        for &k in &chosen {
            let mut seats = 1i64;
            while seats < max_seats && rng.below(100) < 45 {
                seats += 1;
            }
            let reserves = if rng.below(100) < 30 { 1 } else { 0 };
            let listed = (seats + reserves) as usize;
            let first = rng.below(roster as u64) as usize;
            let nominees = (0..listed).map(|x| format!("{}-{:05}", nation.code, 1 + (first + x) % roster)).collect();
            // Submission during a four-week call; better-staffed ministries answer a little earlier.
            let minute = rng.below(28 * 24 * 60).saturating_sub(staffed * 24 * 60);
            let submitted =
                format!("2023-10-{:02}T{:02}:{:02}:00", 2 + minute / (24 * 60), (minute / 60) % 24, minute % 60);
            demand[k] += seats;
            requests.push(RequestRecord {
                nation: nation.code.clone(),
                activity: acts[k].id.clone(),
                seats,
                priority: priority[k],
                nominees,
                submitted: Some(submitted),
            });
        }
        // Some of the roster completed the past prerequisite courses.
        if !past_ids.is_empty() {
            for x in 1..=roster {
                if rng.below(100) < 40 {
                    let completed = (0..1 + rng.below(3))
                        .map(|_| past_ids[rng.below(past_ids.len() as u64) as usize].clone())
                        .collect();
                    people.push(PersonRecord {
                        id: format!("{}-{x:05}", nation.code),
                        nation: nation.code.clone(),
                        completed,
                    });
                }
            }
        }
    }
    // Seats in all: the year's demand is 1.25× the seats on offer overall.
    let offered: i64 = acts.iter().map(|a| a.seats).sum();
    let asked: i64 = demand.iter().sum();
    let factor = asked as f64 / OVERALL_DEMAND / offered.max(1) as f64;
    for a in &mut acts {
        a.seats = ((a.seats as f64 * factor).round() as i64).max(4);
    }
    // The most popular 2 % become 5× oversubscribed.
    let mut by_pop: Vec<usize> = (0..n_act).collect();
    by_pop.sort_by(|&a, &b| popularity[b].total_cmp(&popularity[a]).then(a.cmp(&b)));
    for &k in by_pop.iter().take(n_act.div_ceil(50)) {
        acts[k].seats = ((demand[k] + 4) / 5).max(4);
    }
    for p in &mut people {
        p.completed.sort();
        p.completed.dedup();
    }
    Ok(InstanceFile {
        programme: Some(format!("{YEAR} (generated: scale {scale}, seed {seed})")),
        nations: Vec::new(),
        activities: acts,
        people,
        requests,
    })
}
