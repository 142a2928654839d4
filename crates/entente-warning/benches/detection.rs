//! Detection benchmark: 250 countries × 10 categories × 20 years of weekly series (2,500 series
//! of 1,043 weeks, negative-binomial counts with a few surges), every detector at its default
//! threshold evaluated at every week. Prints the median of 7 runs. Run with
//! `cargo bench -p entente-warning --bench detection`.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use entente_domain::rng::Rng;
use entente_warning::Category;
use entente_warning::alert::{DetectOptions, detect_cells};
use entente_warning::country::Iso3;
use entente_warning::date::Day;
use entente_warning::event::Layer;
use entente_warning::series::{CellKey, Counts};

fn main() {
    let mut rng = Rng::new(42);
    let first = Day::from_ymd(2005, 1, 3).map_or(Day(12_786), |d| d);
    let weeks = 1043;
    let mut cells: HashMap<CellKey, BTreeMap<Day, Counts>> = HashMap::new();
    for c in 0..250usize {
        let country = Iso3::from_index(c * 70).unwrap_or_else(|| Iso3::from_index(0).unwrap_or_else(|| unreachable!()));
        for category in Category::ALL {
            let mu = 0.2 + rng.unit() * 15.0;
            let surge_at = rng.below(weeks as u64) as usize;
            let mut days = BTreeMap::new();
            for w in 0..weeks {
                let m = if (surge_at..surge_at + 3).contains(&w) { 3.0 * mu + 2.0 } else { mu };
                let n = rng.neg_binomial(m, 0.3);
                if n > 0 {
                    days.insert(Day(first.0 + 7 * w as i32), Counts { events: n, fatalities: n / 2 });
                }
            }
            if !days.is_empty() {
                cells.insert(CellKey { layer: Layer::Curated, country, admin1: String::new(), category }, days);
            }
        }
    }
    let mut list: Vec<(&CellKey, &BTreeMap<Day, Counts>)> = cells.iter().collect();
    list.sort_by(|a, b| a.0.cmp(b.0));
    let last_week = first.week_index() + weeks as i32 - 1;
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    for (label, threads) in [("1 thread", 1), ("all threads", threads)] {
        let opts = DetectOptions { weeks, threads, ..DetectOptions::default() };
        let mut times = Vec::new();
        let mut alarms = 0;
        for _ in 0..7 {
            let t = Instant::now();
            alarms = detect_cells(&list, last_week, &opts).len();
            times.push(t.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        println!(
            "detect {} series x {weeks} weeks, 7 detectors, every week evaluated ({label}: {threads}): median {:.3} s, {alarms} alarms",
            list.len(),
            times[3]
        );
    }
}
