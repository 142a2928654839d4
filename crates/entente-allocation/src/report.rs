//! The fairness report of an allocation: fulfilment per nation, minimum, Gini coefficients,
//! fulfilment by state size, envy, empty seats. The same figures for every mechanism on the same
//! input show what fairness costs and gains.

use serde::Serialize;

use crate::mechanism::Outcome;
use crate::model::Instance;

/// One nation's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NationLine {
    pub nation: String,
    pub population_millions: Option<f64>,
    /// Usable seats asked for (eligible, within caps).
    pub demand: u64,
    pub granted: u32,
    /// `granted / demand` (1 when nothing was asked).
    pub fulfilment: f64,
}

/// Fulfilment of the nations in one population band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SizeBand {
    pub band: &'static str,
    pub nations: usize,
    pub demand: u64,
    pub granted: u64,
    /// Mean of the nations' fulfilment ratios.
    pub mean_fulfilment: f64,
}

/// Seats asked and given at one priority rank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriorityLine {
    pub priority: u32,
    pub demand: u64,
    pub granted: u64,
}

/// The fairness report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub mechanism: String,
    pub seats_offered: u64,
    pub seats_filled: u64,
    pub seats_empty: u64,
    /// Empty seats in activities where an eligible request of a nation below its caps is unmet
    /// (0 means no seat is wasted).
    pub seats_wasted: u64,
    pub min_fulfilment: f64,
    pub mean_fulfilment: f64,
    /// Mean fulfilment of the ten smallest states by population (among those asking).
    pub smallest_states_fulfilment: f64,
    pub min_seats: u32,
    pub p10_seats: u32,
    pub median_seats: u32,
    pub max_seats: u32,
    pub gini_seats: f64,
    pub gini_fulfilment: f64,
    /// Ordered pairs (i, k) where i values k's seats above its own (i could use more of them).
    pub envy_pairs: u64,
    /// Envy pairs not removed by taking away any single seat (0 = envy-free up to one seat).
    pub ef1_violations: u64,
    pub sum_of_squares: u128,
    pub by_size: Vec<SizeBand>,
    pub by_priority: Vec<PriorityLine>,
    pub nations: Vec<NationLine>,
}

/// Nearest-rank quantile of sorted values.
fn quantile(sorted: &[u32], q: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let k = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[k - 1]
}

/// Gini coefficient of non-negative values (0 = equal).
pub fn gini(values: &[f64]) -> f64 {
    let n = values.len();
    let total: f64 = values.iter().sum();
    if n == 0 || total <= 0.0 {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let weighted: f64 = v.iter().enumerate().map(|(i, x)| (2.0 * (i as f64 + 1.0) - n as f64 - 1.0) * x).sum();
    weighted / (n as f64 * total)
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The explanations of every request of `nation` (all when `None`) and the report of one
/// allocation; with `threads` ≥ 2 the report is built on a second thread meanwhile. (Splitting
/// the explanations themselves over threads was measured slower: writing them is memory-bound.)
pub fn explain_and_report<'a>(
    inst: &'a Instance,
    out: &Outcome,
    nation: Option<usize>,
    threads: usize,
) -> (Vec<crate::explain::Explanation<'a>>, Report) {
    if threads <= 1 {
        return (crate::explain::explain(inst, out, nation), report(inst, out));
    }
    std::thread::scope(|scope| {
        let rep = scope.spawn(|| report(inst, out));
        let explained = crate::explain::explain(inst, out, nation);
        (explained, rep.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    })
}

/// Build the report of one allocation.
pub fn report(inst: &Instance, out: &Outcome) -> Report {
    let n = inst.nations.len();
    let a = inst.activities.len();
    let demand = inst.demand();
    let mut filled = vec![0u64; a];
    for (req, &s) in inst.requests.iter().zip(&out.seats) {
        filled[req.activity] += u64::from(s);
    }
    let offered: u64 = inst.activities.iter().map(|x| u64::from(x.seats)).sum();
    let seats_filled: u64 = filled.iter().sum();

    // Waste: free seats in activities some nation below its caps could still use.
    let mut unmet = vec![0u64; a];
    for (r, req) in inst.requests.iter().enumerate() {
        let below_cap = inst.nations[req.nation].cap.is_none_or(|c| out.totals[req.nation] < c);
        if below_cap && out.seats[r] < out.usable[r] {
            unmet[req.activity] += u64::from(out.usable[r] - out.seats[r]);
        }
    }
    let wasted: u64 = inst
        .activities
        .iter()
        .zip(&filled)
        .zip(&unmet)
        .map(|((act, &f), &u)| u64::from(act.seats).saturating_sub(f).min(u))
        .sum();

    let lines: Vec<NationLine> = inst
        .nations
        .iter()
        .enumerate()
        .map(|(i, nation)| NationLine {
            nation: nation.code.clone(),
            population_millions: nation.population_millions,
            demand: demand[i],
            granted: out.totals[i],
            fulfilment: if demand[i] == 0 { 1.0 } else { round4(f64::from(out.totals[i]) / demand[i] as f64) },
        })
        .collect();
    let asking: Vec<&NationLine> = lines.iter().filter(|l| l.demand > 0).collect();
    let ratios: Vec<f64> = asking.iter().map(|l| f64::from(l.granted) / l.demand as f64).collect();
    let mut seats: Vec<u32> = asking.iter().map(|l| l.granted).collect();
    seats.sort_unstable();
    let mut smallest: Vec<(&NationLine, f64)> =
        asking.iter().filter_map(|l| l.population_millions.map(|p| (*l, p))).collect();
    smallest.sort_by(|x, y| x.1.total_cmp(&y.1).then(x.0.nation.cmp(&y.0.nation)));
    let small: Vec<f64> = smallest.iter().take(10).map(|(l, _)| f64::from(l.granted) / l.demand as f64).collect();

    // Envy: nation i values nation k's seats at min(cap_i, Σ_j min(x_kj, usable_ij)).
    let mut usable = vec![0u32; n * a];
    for req in &inst.requests {
        usable[req.nation * a + req.activity] = req.usable;
    }
    let mut held: Vec<(usize, usize, u32)> = inst
        .requests
        .iter()
        .zip(&out.seats)
        .filter(|(_, s)| **s > 0)
        .map(|(req, &s)| (req.nation, req.activity, s))
        .collect();
    held.sort_unstable();
    let mut held_start = vec![0usize; n + 1];
    for &(k, _, _) in &held {
        held_start[k + 1] += 1;
    }
    for k in 0..n {
        held_start[k + 1] += held_start[k];
    }
    let (mut envy, mut ef1) = (0u64, 0u64);
    for i in 0..n {
        let own = u64::from(out.totals[i]);
        // i cannot value anyone's seats above what it can use, nor k's above what k holds.
        if demand[i] <= own {
            continue;
        }
        let row = &usable[i * a..(i + 1) * a];
        let cap = inst.nations[i].cap.map_or(u64::MAX, u64::from);
        for k in 0..n {
            if k == i || u64::from(out.totals[k]) <= own {
                continue;
            }
            // Only whether the value exceeds own and own + 1 matters.
            let mut v = 0u64;
            for &(_, j, s) in &held[held_start[k]..held_start[k + 1]] {
                v += u64::from(s.min(row[j]));
                if v > own + 1 {
                    break;
                }
            }
            let v = v.min(cap);
            if v > own {
                envy += 1;
                if v > own + 1 {
                    ef1 += 1;
                }
            }
        }
    }

    let bands: [(&'static str, f64, f64); 4] = [
        ("under 3 M", 0.0, 3.0),
        ("3 to 10 M", 3.0, 10.0),
        ("10 to 40 M", 10.0, 40.0),
        ("40 M and more", 40.0, f64::INFINITY),
    ];
    let mut by_size: Vec<SizeBand> = bands
        .iter()
        .map(|&(band, lo, hi)| {
            let members: Vec<&&NationLine> =
                asking.iter().filter(|l| l.population_millions.is_some_and(|p| p >= lo && p < hi)).collect();
            band_line(band, &members)
        })
        .collect();
    let unknown: Vec<&&NationLine> = asking.iter().filter(|l| l.population_millions.is_none()).collect();
    if !unknown.is_empty() {
        by_size.push(band_line("organisations and unknown", &unknown));
    }

    let mut by_priority: Vec<PriorityLine> = Vec::new();
    for (req, &s) in inst.requests.iter().zip(&out.seats) {
        let p = req.priority.min(6);
        match by_priority.iter_mut().find(|l| l.priority == p) {
            Some(l) => {
                l.demand += u64::from(req.usable);
                l.granted += u64::from(s);
            }
            None => {
                by_priority.push(PriorityLine { priority: p, demand: u64::from(req.usable), granted: u64::from(s) })
            }
        }
    }
    by_priority.sort_by_key(|l| l.priority);

    Report {
        mechanism: out.mechanism.as_str().to_string(),
        seats_offered: offered,
        seats_filled,
        seats_empty: offered - seats_filled,
        seats_wasted: wasted,
        min_fulfilment: round4(ratios.iter().copied().fold(f64::INFINITY, f64::min).min(1.0)),
        mean_fulfilment: round4(if ratios.is_empty() { 1.0 } else { ratios.iter().sum::<f64>() / ratios.len() as f64 }),
        smallest_states_fulfilment: round4(if small.is_empty() {
            1.0
        } else {
            small.iter().sum::<f64>() / small.len() as f64
        }),
        min_seats: seats.first().copied().unwrap_or(0),
        p10_seats: quantile(&seats, 0.1),
        median_seats: quantile(&seats, 0.5),
        max_seats: seats.last().copied().unwrap_or(0),
        gini_seats: round4(gini(&seats.iter().map(|&s| f64::from(s)).collect::<Vec<_>>())),
        gini_fulfilment: round4(gini(&ratios)),
        envy_pairs: envy,
        ef1_violations: ef1,
        sum_of_squares: out.totals.iter().map(|&u| u128::from(u) * u128::from(u)).sum(),
        by_size,
        by_priority,
        nations: lines,
    }
}

fn band_line(band: &'static str, members: &[&&NationLine]) -> SizeBand {
    let ratios: Vec<f64> = members.iter().map(|l| f64::from(l.granted) / l.demand as f64).collect();
    SizeBand {
        band,
        nations: members.len(),
        demand: members.iter().map(|l| l.demand).sum(),
        granted: members.iter().map(|l| u64::from(l.granted)).sum(),
        mean_fulfilment: round4(if ratios.is_empty() { 0.0 } else { ratios.iter().sum::<f64>() / ratios.len() as f64 }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gini_of_known_distributions() {
        assert_eq!(gini(&[5.0, 5.0, 5.0]), 0.0);
        assert!((gini(&[0.0, 0.0, 0.0, 4.0]) - 0.75).abs() < 1e-12);
        assert!((gini(&[1.0, 2.0, 3.0, 4.0]) - 0.25).abs() < 1e-12);
        assert_eq!(gini(&[]), 0.0);
    }

    #[test]
    fn nearest_rank_quantiles() {
        let v: Vec<u32> = (1..=10).collect();
        assert_eq!(quantile(&v, 0.1), 1);
        assert_eq!(quantile(&v, 0.5), 5);
        assert_eq!(quantile(&v, 1.0), 10);
        assert_eq!(quantile(&[], 0.5), 0);
    }
}
