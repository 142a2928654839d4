//! Small descriptive and inferential statistics for the indicators.

use serde::Serialize;

use crate::rng::Rng;

/// Count, mean, median and 90th percentile of a set of values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Values counted (NaN values are ignored).
    pub count: usize,
    pub mean: Option<f64>,
    /// Nearest-rank median ([`quantile`] at 0.5).
    pub median: Option<f64>,
    /// Nearest-rank 90th percentile ([`quantile`] at 0.9).
    pub p90: Option<f64>,
}

/// The values without NaN, sorted ascending.
fn sorted(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    v.sort_by(f64::total_cmp);
    v
}

/// Nearest-rank quantile of a sorted, NaN-free, non-empty slice.
fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    let rank = (p * n as f64).ceil();
    // `as usize` saturates (negative and NaN give 0); the clamp does the rest.
    let rank = (rank as usize).clamp(1, n);
    sorted[rank - 1]
}

/// Nearest-rank quantile of unsorted values (value at index ceil(p*n) clamped to 1..=n, minus 1, of the sorted values); None when empty. NaN values are ignored.
pub fn quantile(values: &[f64], p: f64) -> Option<f64> {
    let v = sorted(values);
    (!v.is_empty()).then(|| quantile_sorted(&v, p))
}

/// Count, mean, nearest-rank median and p90; NaN values are ignored.
pub fn summary(values: &[f64]) -> Summary {
    let v = sorted(values);
    if v.is_empty() {
        return Summary { count: 0, mean: None, median: None, p90: None };
    }
    Summary {
        count: v.len(),
        mean: Some(v.iter().sum::<f64>() / v.len() as f64),
        median: Some(quantile_sorted(&v, 0.5)),
        p90: Some(quantile_sorted(&v, 0.9)),
    }
}

/// Gini coefficient of non-negative values (0 = equal, towards 1 = concentrated); None when empty; 0 when all are zero. Use the sorted formula G = (2*Σ i*x_i)/(n*Σx) - (n+1)/n with i from 1.
///
/// NaN values are ignored; the result is clamped at 0 against rounding.
pub fn gini(values: &[f64]) -> Option<f64> {
    let v = sorted(values);
    if v.is_empty() {
        return None;
    }
    let n = v.len() as f64;
    let total: f64 = v.iter().sum();
    if total == 0.0 {
        return Some(0.0);
    }
    let weighted: f64 = v.iter().enumerate().map(|(i, x)| (i + 1) as f64 * x).sum();
    Some((2.0 * weighted / (n * total) - (n + 1.0) / n).max(0.0))
}

/// The outcome of [`permutation_test`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PermutationTest {
    /// Between-group sum of squares of the observed grouping.
    pub statistic: f64,
    pub p_value: f64,
    /// eta squared: between-group over total sum of squares
    pub effect_size: f64,
    pub rounds: u32,
    pub seed: u64,
}

/// Between-group sum of squares of `values` cut into consecutive groups of `sizes`.
fn between_ss(values: &[f64], sizes: &[usize], grand_mean: f64) -> f64 {
    let mut start = 0;
    let mut ss = 0.0;
    for &n in sizes {
        let g = &values[start..start + n];
        let mean = g.iter().sum::<f64>() / n as f64;
        ss += n as f64 * (mean - grand_mean) * (mean - grand_mean);
        start += n;
    }
    ss
}

/// Tests "no difference between groups": statistic = between-group sum of squares Σ n_g (mean_g - mean)^2; shuffles group labels `rounds` times with the seeded Rng; p = (1 + #{permuted ≥ observed - 1e-12}) / (rounds + 1). None when fewer than two non-empty groups or fewer than 3 values in all. Deterministic for a given seed.
///
/// NaN values are dropped first; empty groups take no part.
pub fn permutation_test(groups: &[Vec<f64>], rounds: u32, seed: u64) -> Option<PermutationTest> {
    let groups: Vec<Vec<f64>> = groups
        .iter()
        .map(|g| g.iter().copied().filter(|x| !x.is_nan()).collect::<Vec<f64>>())
        .filter(|g| !g.is_empty())
        .collect();
    let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
    let mut values: Vec<f64> = groups.into_iter().flatten().collect();
    if sizes.len() < 2 || values.len() < 3 {
        return None;
    }
    let grand_mean = values.iter().sum::<f64>() / values.len() as f64;
    let total_ss: f64 = values.iter().map(|x| (x - grand_mean) * (x - grand_mean)).sum();
    let statistic = between_ss(&values, &sizes, grand_mean);
    let effect_size = if total_ss > 0.0 { (statistic / total_ss).clamp(0.0, 1.0) } else { 0.0 };
    let mut rng = Rng::new(seed);
    let mut at_least = 0u64;
    for _ in 0..rounds {
        rng.shuffle(&mut values);
        if between_ss(&values, &sizes, grand_mean) >= statistic - 1e-12 {
            at_least += 1;
        }
    }
    let p_value = (1 + at_least) as f64 / (f64::from(rounds) + 1.0);
    Some(PermutationTest { statistic, p_value, effect_size, rounds, seed })
}

/// Splits items into three groups by value, ascending (small, middle, large), sizes as equal as possible (differ by at most one; when n % 3 == 1 the middle group gets the extra, when n % 3 == 2 the first and last do), stable for ties (sort by value then original order).
///
/// Values compare by `f64::total_cmp`.
pub fn terciles<T>(mut items: Vec<(T, f64)>) -> [Vec<(T, f64)>; 3] {
    items.sort_by(|a, b| a.1.total_cmp(&b.1));
    let n = items.len();
    let base = n / 3;
    let (first, middle) = match n % 3 {
        0 => (base, base),
        1 => (base, base + 1),
        _ => (base + 1, base),
    };
    let last = items.split_off(first + middle);
    let mid = items.split_off(first);
    [items, mid, last]
}
