//! Surge detectors over a count series `y_t` (one cell, one value per ISO week).
//!
//! | detector | statistic | baseline | alarm |
//! |---|---|---|---|
//! | EARS C1 | `(y_t − ȳ)/max(s, σ_min)` | `t−7 … t−1` | score > threshold |
//! | EARS C2 | same | `t−9 … t−3` (2-period guard band) | score > threshold |
//! | EARS C3 | `Σ_{i=0..2} max(0, C2_{t−i} − 1)` | as C2 | score > threshold |
//! | Poisson CUSUM | `S_t = max(0, S_{t−1} + y_t ln(λ1/λ0) − (λ1 − λ0))`, `λ1 = λ0 + max(2√λ0, 1)` | λ0: mean of the 52 periods before a 2-period guard | `S_t` > threshold, then reset |
//! | NB GLR | `max_k max_{κ≥0} Σ_{t=k..n} ℓ_NB(y_t; μ0_t e^κ, α) − ℓ_NB(y_t; μ0_t, α)` over the last 8 periods | μ0 and α (moments) from the 52 periods before a 2-period guard | GLR ≥ threshold, then reset |
//! | ACLED surge | `y_t / mean(y_{t−4..t−1}) − 1` | 4 periods | ratio ≥ threshold, if the 4-period mean ≥ 1 and not (mean ≤ 2 and y_t ≤ 5) |
//! | ACLED threat | `mean(y_{t−3..t}) / mean(y_{t−55..t−4}) − 1` | 52 periods before the last 4 | ratio ≥ threshold, if the 4-period mean ≥ 1 and not (52-period mean ≤ 2 and y_t ≤ 5) |
//!
//! Default thresholds come from the back-test in [`crate::calibrate`] (table in the README).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A detector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Detector {
    EarsC1,
    EarsC2,
    EarsC3,
    PoissonCusum,
    NbGlr,
    AcledSurge,
    AcledThreat,
}

/// One alarm of a detector on a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Signal {
    /// Index in the series.
    pub t: usize,
    pub observed: f64,
    pub expected: f64,
    pub score: f64,
}

/// EARS standard-deviation floor (avoids division by zero on flat baselines).
pub const MIN_SIGMA: f64 = 0.5;
/// Baseline length and guard band of the CUSUM and GLR detectors.
pub const BASELINE: usize = 52;
pub const GUARD: usize = 2;
/// Minimum baseline length before the CUSUM and GLR detectors start.
pub const MIN_BASELINE: usize = 8;
/// GLR change-point window.
pub const GLR_WINDOW: usize = 8;

impl Detector {
    pub const ALL: [Detector; 7] = [
        Detector::EarsC1,
        Detector::EarsC2,
        Detector::EarsC3,
        Detector::PoissonCusum,
        Detector::NbGlr,
        Detector::AcledSurge,
        Detector::AcledThreat,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Detector::EarsC1 => "ears_c1",
            Detector::EarsC2 => "ears_c2",
            Detector::EarsC3 => "ears_c3",
            Detector::PoissonCusum => "poisson_cusum",
            Detector::NbGlr => "nb_glr",
            Detector::AcledSurge => "acled_surge",
            Detector::AcledThreat => "acled_threat",
        }
    }

    /// The detector's name in a language (message `warning-detector-<code>`).
    pub fn name(self, lang: entente_domain::Lang) -> String {
        entente_i18n::t(lang, &format!("warning-detector-{}", self.as_str()))
    }

    /// The default threshold, chosen by the back-test for the false-alarm target stated in the
    /// README (see [`crate::calibrate::FALSE_ALARM_TARGET`]).
    pub fn default_threshold(self) -> f64 {
        match self {
            Detector::EarsC1 => 8.0,
            Detector::EarsC2 => 8.0,
            Detector::EarsC3 => 12.0,
            Detector::PoissonCusum => 20.0,
            Detector::NbGlr => 6.0,
            Detector::AcledSurge => 6.0,
            Detector::AcledThreat => 1.5,
        }
    }

    /// The thresholds the back-test tries.
    pub fn threshold_grid(self) -> &'static [f64] {
        match self {
            Detector::EarsC1 | Detector::EarsC2 => &[2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0],
            Detector::EarsC3 => &[2.0, 3.0, 4.0, 6.0, 8.0, 10.0, 12.0, 15.0],
            Detector::PoissonCusum => &[3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0, 30.0],
            Detector::NbGlr => &[3.0, 4.0, 5.0, 6.0, 8.0, 10.0],
            Detector::AcledSurge => &[1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0],
            Detector::AcledThreat => &[1.0, 1.5, 2.0, 3.0, 4.0],
        }
    }

    /// Run the detector over a whole series and return its alarms.
    pub fn run(self, y: &[f64], threshold: f64) -> Vec<Signal> {
        self.run_from(y, threshold, 0)
    }

    /// The alarms at index `from` and later: those of [`Detector::run`], but the detectors that
    /// look only at a window before each period (EARS, ACLED ratios) compute only those periods;
    /// the CUSUM and the GLR, whose resets carry over, still run over the whole series.
    pub fn run_from(self, y: &[f64], threshold: f64, from: usize) -> Vec<Signal> {
        match self {
            Detector::EarsC1 => ears(y, 1, threshold, from),
            Detector::EarsC2 => ears(y, 3, threshold, from),
            Detector::EarsC3 => ears_c3(y, threshold, from),
            Detector::PoissonCusum => after(poisson_cusum(y, threshold), from),
            Detector::NbGlr => after(nb_glr(y, threshold), from),
            Detector::AcledSurge => surge(y, threshold, from),
            Detector::AcledThreat => threat(y, threshold, from),
        }
    }
}

impl fmt::Display for Detector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Detector {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Detector::ALL.into_iter().find(|d| d.as_str() == s.trim()).ok_or_else(|| {
            let names: Vec<&str> = Detector::ALL.iter().map(|d| d.as_str()).collect();
            format!("unknown detector '{s}': expected one of {}", names.join(", "))
        })
    }
}

fn mean_sd(b: &[f64]) -> (f64, f64) {
    let n = b.len() as f64;
    let m = b.iter().sum::<f64>() / n;
    let v = if b.len() > 1 { b.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0) } else { 0.0 };
    (m, v.sqrt())
}

/// EARS statistic at t with the baseline ending `lag` periods before t (C1: lag 1; C2: lag 3).
fn ears_stat(y: &[f64], t: usize, lag: usize) -> Option<(f64, f64)> {
    if t < lag + 6 {
        return None;
    }
    let b = &y[t + 1 - lag - 7..t + 1 - lag];
    let (m, s) = mean_sd(b);
    Some(((y[t] - m) / s.max(MIN_SIGMA), m))
}

fn after(mut v: Vec<Signal>, from: usize) -> Vec<Signal> {
    v.retain(|s| s.t >= from);
    v
}

fn ears(y: &[f64], lag: usize, threshold: f64, from: usize) -> Vec<Signal> {
    (from..y.len())
        .filter_map(|t| {
            let (score, m) = ears_stat(y, t, lag)?;
            (score > threshold).then_some(Signal { t, observed: y[t], expected: m, score })
        })
        .collect()
}

fn ears_c3(y: &[f64], threshold: f64, from: usize) -> Vec<Signal> {
    // C2 from two periods before the first one asked for.
    let base = from.saturating_sub(2);
    let c2: Vec<Option<(f64, f64)>> = (base..y.len()).map(|t| ears_stat(y, t, 3)).collect();
    (from.max(2)..y.len())
        .filter_map(|t| {
            let (_, m) = c2[t - base]?;
            let mut score = 0.0;
            for i in 0..3 {
                score += (c2[t - i - base]?.0 - 1.0).max(0.0);
            }
            (score > threshold).then_some(Signal { t, observed: y[t], expected: m, score })
        })
        .collect()
}

/// Running sums of y and y², so any window's mean and variance cost O(1).
struct Prefix {
    s: Vec<f64>,
    s2: Vec<f64>,
}

impl Prefix {
    fn new(y: &[f64]) -> Prefix {
        let mut s = Vec::with_capacity(y.len() + 1);
        let mut s2 = Vec::with_capacity(y.len() + 1);
        let (mut a, mut b) = (0.0, 0.0);
        s.push(0.0);
        s2.push(0.0);
        for v in y {
            a += v;
            b += v * v;
            s.push(a);
            s2.push(b);
        }
        Prefix { s, s2 }
    }

    fn sum(&self, start: usize, end: usize) -> f64 {
        self.s[end] - self.s[start]
    }

    /// Mean and sample variance of y[start..end].
    fn mean_var(&self, start: usize, end: usize) -> (f64, f64) {
        let n = (end - start) as f64;
        let sum = self.sum(start, end);
        let m = sum / n;
        let v = if n > 1.0 { ((self.s2[end] - self.s2[start]) - sum * m).max(0.0) / (n - 1.0) } else { 0.0 };
        (m, v)
    }
}

/// Mean and NB dispersion (method of moments, clamped to [0, 5]) of the baseline before t.
fn baseline(p: &Prefix, t: usize) -> Option<(f64, f64)> {
    if t < GUARD + MIN_BASELINE {
        return None;
    }
    let end = t - GUARD;
    let start = end.saturating_sub(BASELINE);
    let (m, v) = p.mean_var(start, end);
    let alpha = if m > 0.0 { ((v - m) / (m * m)).clamp(0.0, 5.0) } else { 0.0 };
    Some((m, alpha))
}

/// Floor on an in-control mean, so a silent baseline still has a defined likelihood.
const MU_FLOOR: f64 = 0.05;

fn poisson_cusum(y: &[f64], h: f64) -> Vec<Signal> {
    let mut s = 0.0;
    let mut out = Vec::new();
    let p = Prefix::new(y);
    for (t, &yt) in y.iter().enumerate() {
        let Some((m, _)) = baseline(&p, t) else {
            continue;
        };
        let l0 = m.max(MU_FLOOR);
        let l1 = l0 + (2.0 * l0.sqrt()).max(1.0);
        // An empty period adds 0 · ln(λ1/λ0) = 0: the logarithm is not computed.
        let up = if yt == 0.0 { 0.0 } else { yt * (l1 / l0).ln() };
        s = (s + up - (l1 - l0)).max(0.0);
        if s > h {
            out.push(Signal { t, observed: yt, expected: l0, score: s });
            s = 0.0;
        }
    }
    out
}

/// NB log-likelihood ratio of scaling the means by e^κ over a window.
fn nb_llr(y: &[f64], mu: &[f64], r: Option<f64>, kappa: f64) -> f64 {
    let ek = kappa.exp();
    match r {
        None => y.iter().zip(mu).map(|(y, m)| y * kappa - m * (ek - 1.0)).sum(),
        Some(r) => y.iter().zip(mu).map(|(y, m)| y * kappa - (y + r) * ((r + m * ek) / (r + m)).ln()).sum(),
    }
}

/// Maximise the NB LLR over κ ≥ 0 (concave in κ): Poisson start, then Newton steps.
fn nb_max(y: &[f64], mu: &[f64], r: Option<f64>) -> f64 {
    let sy: f64 = y.iter().sum();
    let sm: f64 = mu.iter().sum();
    if sy <= sm || sm <= 0.0 {
        return 0.0;
    }
    let mut k = (sy / sm).ln();
    if let Some(r) = r {
        for _ in 0..4 {
            let ek = k.exp();
            let (mut g, mut h) = (0.0, 0.0);
            for (y, m) in y.iter().zip(mu) {
                let q = m * ek / (r + m * ek);
                g += y - (y + r) * q;
                h -= (y + r) * q * (1.0 - q);
            }
            if h >= 0.0 {
                break;
            }
            let next = (k - g / h).max(0.0);
            let done = (next - k).abs() < 1e-4;
            k = next;
            if done {
                break;
            }
        }
    }
    nb_llr(y, mu, r, k).max(0.0)
}

fn nb_glr(y: &[f64], c: f64) -> Vec<Signal> {
    let n = y.len();
    let mut mu = vec![0.0; n];
    let mut alpha = vec![0.0; n];
    let mut ok = vec![false; n];
    let p = Prefix::new(y);
    for t in 0..n {
        if let Some((m, a)) = baseline(&p, t) {
            mu[t] = m.max(MU_FLOOR);
            alpha[t] = a;
            ok[t] = true;
        }
    }
    let mut out = Vec::new();
    let mut since = 0usize;
    for t in 0..n {
        if !ok[t] {
            since = t + 1;
            continue;
        }
        // A point at or below its expectation cannot raise the statistic: its own log-likelihood
        // term is ≤ 0 for every κ ≥ 0 (the NB and Poisson terms are concave with a non-positive
        // slope at 0), and every shorter window ending at t − 1 was already below the threshold.
        if y[t] <= mu[t] {
            continue;
        }
        let a = alpha[t];
        let r = (a > 1e-9).then(|| 1.0 / a);
        let lo = since.max((t + 1).saturating_sub(GLR_WINDOW));
        // Poisson LLR of each window first (closed form); the NB statistic is computed only for
        // the windows whose Poisson LLR reaches half the threshold (the back-test measures the
        // detector with this prefilter).
        let mut best: f64 = 0.0;
        let (mut sy, mut sm) = (0.0, 0.0);
        for k in (lo..=t).rev() {
            sy += y[k];
            sm += mu[k];
            if sy <= sm {
                continue;
            }
            // κ̂ = ln(Σy/Σμ), so (e^κ̂ − 1)·Σμ = Σy − Σμ.
            let pois = sy * (sy / sm).ln() - (sy - sm);
            if pois < c / 2.0 {
                continue;
            }
            let v = match r {
                None => pois,
                Some(_) => nb_max(&y[k..=t], &mu[k..=t], r),
            };
            best = best.max(v);
        }
        if best >= c {
            out.push(Signal { t, observed: y[t], expected: mu[t], score: best });
            since = t + 1;
        }
    }
    out
}

/// ACLED-style low-baseline guard: too few events to call a change.
fn low_baseline(base_mean: f64, y_t: f64) -> bool {
    base_mean <= 2.0 && y_t <= 5.0
}

fn surge(y: &[f64], threshold: f64, from: usize) -> Vec<Signal> {
    (from.max(4)..y.len())
        .filter_map(|t| {
            let base = y[t - 4..t].iter().sum::<f64>() / 4.0;
            if base < 1.0 || low_baseline(base, y[t]) {
                return None;
            }
            let score = y[t] / base - 1.0;
            (score >= threshold).then_some(Signal { t, observed: y[t], expected: base, score })
        })
        .collect()
}

fn threat(y: &[f64], threshold: f64, from: usize) -> Vec<Signal> {
    if y.len() <= from.max(55) {
        return Vec::new();
    }
    let p = Prefix::new(y);
    (from.max(55)..y.len())
        .filter_map(|t| {
            let recent = p.sum(t - 3, t + 1) / 4.0;
            let base = p.sum(t - 55, t - 3) / 52.0;
            if recent < 1.0 || low_baseline(base, y[t]) {
                return None;
            }
            let score = recent / base.max(1.0 / 52.0) - 1.0;
            (score >= threshold).then_some(Signal { t, observed: y[t], expected: base, score })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::Just;

    fn flat_then(level: f64, n: usize, surge_at: usize, surge: f64) -> Vec<f64> {
        // A gently varying baseline (so the standard deviation is not zero), then a surge.
        (0..n).map(|t| if t >= surge_at { surge } else { level + [0.0, 1.0, -1.0, 0.0][t % 4] }).collect()
    }

    #[test]
    fn every_detector_has_a_name_in_both_languages() {
        for d in Detector::ALL {
            for lang in entente_domain::Lang::ALL {
                assert!(entente_i18n::has(lang, &format!("warning-detector-{d}")), "{d} has no name in {lang}");
            }
        }
        assert_eq!(Detector::NbGlr.name(entente_domain::Lang::Fr), "GLR binomial négatif");
        assert_eq!(Detector::EarsC2.name(entente_domain::Lang::En), "EARS C2");
    }

    #[test]
    fn every_detector_fires_on_a_clear_surge_and_not_before() {
        let y = flat_then(10.0, 120, 100, 80.0);
        for d in Detector::ALL {
            let s = d.run(&y, d.default_threshold());
            assert!(!s.is_empty(), "{d} missed the surge");
            assert!(s.iter().all(|x| x.t >= 100), "{d} fired before the surge: {:?}", s[0]);
            assert!(s[0].t <= 104, "{d} too late: {}", s[0].t);
            assert!(s[0].observed > s[0].expected);
        }
    }

    #[test]
    fn ears_c1_matches_the_formula() {
        let mut y = vec![1.0, 2.0, 3.0, 1.0, 2.0, 3.0, 2.0, 0.0];
        y[7] = 9.0;
        let s = Detector::EarsC1.run(&y, 3.0);
        let (m, sd) = mean_sd(&y[0..7]);
        assert_eq!(s.len(), 1);
        assert!((s[0].score - (9.0 - m) / sd).abs() < 1e-12);
        assert_eq!(s[0].expected, m);
        // C2 needs a baseline ending 3 periods back: not available at t = 7.
        assert!(Detector::EarsC2.run(&y, 3.0).is_empty());
    }

    #[test]
    fn cusum_accumulates_small_shifts_and_resets() {
        let mut y: Vec<f64> = (0..80).map(|t| [4.0, 5.0, 6.0, 5.0][t % 4]).collect();
        y.extend(std::iter::repeat_n(9.0, 20));
        let s = Detector::PoissonCusum.run(&y, 5.0);
        assert!(s.len() >= 2, "a persisting shift alarms again after the reset");
        assert!(s[0].t >= 80 && s[0].t <= 84);
        assert!(Detector::EarsC1.run(&y, 5.0).len() < s.len() + 2);
    }

    #[test]
    fn nb_glr_is_more_cautious_on_overdispersed_baselines() {
        let calm: Vec<f64> = (0..60).map(|t| [5.0, 5.0, 6.0, 4.0][t % 4]).collect();
        let wild: Vec<f64> = (0..60).map(|t| [0.0, 12.0, 1.0, 7.0][t % 4]).collect();
        let bump = |mut v: Vec<f64>| {
            v.extend([11.0, 11.0]);
            v
        };
        let calm = bump(calm);
        let wild = bump(wild);
        let score = |y: &[f64]| Detector::NbGlr.run(y, 0.5).last().map_or(0.0, |s| s.score);
        assert!(score(&calm) > 2.0 * score(&wild), "calm {} wild {}", score(&calm), score(&wild));
    }

    #[test]
    fn ratio_guards_hold_back_low_baselines() {
        // 1 → 4 events: a 300% rise, but on a low baseline: no alert.
        let y = vec![1.0, 1.0, 1.0, 1.0, 4.0];
        assert!(Detector::AcledSurge.run(&y, 1.0).is_empty());
        // 3 → 9: qualifies.
        let y = vec![3.0, 3.0, 3.0, 3.0, 9.0];
        let s = Detector::AcledSurge.run(&y, 1.0);
        assert_eq!(s.len(), 1);
        assert!((s[0].score - 2.0).abs() < 1e-12);
        // Silent cells never qualify.
        assert!(Detector::AcledSurge.run(&[0.0; 10], 1.0).is_empty());
        assert!(Detector::AcledThreat.run(&[0.0; 80], 1.0).is_empty());
    }

    #[test]
    fn names_round_trip() {
        for d in Detector::ALL {
            assert_eq!(d.as_str().parse::<Detector>(), Ok(d));
            assert!(d.threshold_grid().contains(&d.default_threshold()));
        }
        assert!("farrington".parse::<Detector>().is_err());
    }

    proptest::proptest! {
        /// The alarms from a period on are those of the whole run from that period on.
        #[test]
        fn alarms_from_a_period_are_the_whole_runs(
            y in proptest::collection::vec(proptest::prop_oneof![Just(0u32), 0u32..6, 0u32..60], 0..140),
            from in 0usize..150,
            threshold in 0.0f64..10.0,
        ) {
            let y: Vec<f64> = y.into_iter().map(f64::from).collect();
            for d in Detector::ALL {
                let whole: Vec<Signal> = d.run(&y, threshold).into_iter().filter(|s| s.t >= from).collect();
                proptest::prop_assert_eq!(d.run_from(&y, threshold, from), whole, "{}", d);
            }
        }
    }
}
