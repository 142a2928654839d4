//! Question 6: are small states treated equally? Seat requests granted, by size tercile.

use std::collections::BTreeMap;

use serde::Serialize;

use super::stats::{self, PermutationTest};
use super::treatment::NationValue;
use crate::registry::{NationCode, NationSize, Network};

/// The measure of a state's size its tercile is formed by (the registry's sizes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeMeasure {
    /// Population in millions (the default).
    #[default]
    Population,
    /// Gross domestic product in billions of US dollars.
    Gdp,
}

impl SizeMeasure {
    pub const ALL: [SizeMeasure; 2] = [SizeMeasure::Population, SizeMeasure::Gdp];

    /// `"population"` or `"gdp"`.
    pub fn as_str(self) -> &'static str {
        match self {
            SizeMeasure::Population => "population",
            SizeMeasure::Gdp => "gdp",
        }
    }

    /// `"population"` or `"gdp"`, in any case.
    pub fn parse(s: &str) -> Option<SizeMeasure> {
        Self::ALL.into_iter().find(|m| m.as_str().eq_ignore_ascii_case(s))
    }

    /// A state's size in this measure's unit (millions of inhabitants, billions of US dollars).
    pub fn of(self, size: &NationSize) -> f64 {
        match self {
            SizeMeasure::Population => size.population_millions,
            SizeMeasure::Gdp => size.gdp_usd_billions,
        }
    }
}

/// Seats one nation asked for and was granted in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeatOutcome {
    pub nation: NationCode,
    pub year: i32,
    pub asked: u32,
    pub granted: u32,
}

/// One nation's requests over all years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NationFulfilment {
    pub nation: NationCode,
    /// In the unit of the size measure (millions of inhabitants or billions of US dollars).
    pub size: f64,
    /// 1 = smallest third .. 3 = largest
    pub tercile: u8,
    pub asked: u64,
    pub granted: u64,
    /// granted / asked
    pub fulfilment: f64,
}

/// One size tercile's requests over all years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TercileLine {
    pub tercile: u8,
    pub nations: usize,
    /// The smallest and largest size in the tercile, in the size measure's unit.
    pub size_min: f64,
    pub size_max: f64,
    pub asked: u64,
    pub granted: u64,
    /// mean of the nations' fulfilment
    pub mean_fulfilment: f64,
    /// granted / asked over the tercile
    pub pooled_fulfilment: f64,
}

/// The terciles' pooled fulfilment in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearTerciles {
    pub year: i32,
    /// pooled fulfilment per tercile that year (None when the tercile asked nothing)
    pub pooled: [Option<f64>; 3],
}

/// The answer to question 6.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EqualTreatment {
    /// The measure the terciles are formed by.
    pub size: SizeMeasure,
    pub nations: Vec<NationFulfilment>,
    /// One line per non-empty tercile, smallest first.
    pub terciles: Vec<TercileLine>,
    pub by_year: Vec<YearTerciles>,
    /// Gini of the nations' fulfilment
    pub gini: Option<f64>,
    /// permutation test of the nations' fulfilment across the three terciles (2,000 rounds)
    pub test: Option<PermutationTest>,
    /// nations that asked but have no size in the registry (organisations), left out
    pub without_size: Vec<NationCode>,
}

/// Rounds of the permutation test in [`seat_fulfilment`].
pub const PERMUTATION_ROUNDS: u32 = 2000;

/// Aggregates outcomes per nation (nations that asked 0 seats in total are left out), assigns terciles by `size` (population or GDP) among the nations that asked (stats::terciles), and computes the rest. Nations sorted by tercile then size then code.
///
/// Nations unknown to the registry count as without size. Years are those with an outcome of a
/// nation kept, ascending.
pub fn seat_fulfilment(network: &Network, size: SizeMeasure, outcomes: &[SeatOutcome], seed: u64) -> EqualTreatment {
    let mut totals: BTreeMap<&NationCode, (u64, u64)> = BTreeMap::new();
    for o in outcomes {
        let t = totals.entry(&o.nation).or_default();
        t.0 += u64::from(o.asked);
        t.1 += u64::from(o.granted);
    }
    let mut without_size = Vec::new();
    let mut sized = Vec::new();
    for (&code, &(asked, granted)) in totals.iter().filter(|(_, t)| t.0 > 0) {
        match network.nation(code).and_then(|n| n.size.as_ref()) {
            Some(s) => sized.push(((code, asked, granted), size.of(s))),
            None => without_size.push(code.clone()),
        }
    }

    let mut nations = Vec::new();
    for (i, group) in stats::terciles(sized).into_iter().enumerate() {
        for ((code, asked, granted), size) in group {
            nations.push(NationFulfilment {
                nation: code.clone(),
                size,
                tercile: i as u8 + 1,
                asked,
                granted,
                fulfilment: granted as f64 / asked as f64,
            });
        }
    }
    nations.sort_by(|a, b| {
        a.tercile.cmp(&b.tercile).then(a.size.total_cmp(&b.size)).then_with(|| a.nation.cmp(&b.nation))
    });

    let in_tercile = |t: u8| nations.iter().filter(move |n| n.tercile == t);
    let mut terciles = Vec::new();
    let mut groups: Vec<Vec<f64>> = Vec::new();
    for t in 1..=3u8 {
        let fulfilments: Vec<f64> = in_tercile(t).map(|n| n.fulfilment).collect();
        groups.push(fulfilments.clone());
        if fulfilments.is_empty() {
            continue;
        }
        let sizes = in_tercile(t).map(|n| n.size);
        let asked: u64 = in_tercile(t).map(|n| n.asked).sum();
        let granted: u64 = in_tercile(t).map(|n| n.granted).sum();
        terciles.push(TercileLine {
            tercile: t,
            nations: fulfilments.len(),
            size_min: sizes.clone().fold(f64::INFINITY, f64::min),
            size_max: sizes.fold(f64::NEG_INFINITY, f64::max),
            asked,
            granted,
            mean_fulfilment: fulfilments.iter().sum::<f64>() / fulfilments.len() as f64,
            pooled_fulfilment: granted as f64 / asked as f64,
        });
    }

    let tercile_of: BTreeMap<&NationCode, u8> = nations.iter().map(|n| (&n.nation, n.tercile)).collect();
    let mut per_year: BTreeMap<i32, [(u64, u64); 3]> = BTreeMap::new();
    for o in outcomes {
        if let Some(&t) = tercile_of.get(&o.nation) {
            let cell = &mut per_year.entry(o.year).or_default()[usize::from(t) - 1];
            cell.0 += u64::from(o.asked);
            cell.1 += u64::from(o.granted);
        }
    }
    let by_year = per_year
        .into_iter()
        .map(|(year, cells)| YearTerciles {
            year,
            pooled: cells.map(|(asked, granted)| (asked > 0).then(|| granted as f64 / asked as f64)),
        })
        .collect();

    let fulfilments: Vec<f64> = nations.iter().map(|n| n.fulfilment).collect();
    EqualTreatment {
        size,
        gini: stats::gini(&fulfilments),
        test: stats::permutation_test(&groups, PERMUTATION_ROUNDS, seed),
        nations,
        terciles,
        by_year,
        without_size,
    }
}

/// Per nation: seats granted over seats asked (items = seats asked), for the nations that asked
/// for at least one seat — seat fulfilment as a measure of [`super::treatment`], so that its
/// trend by year is read as the other measures' are.
pub fn fulfilment(outcomes: &[SeatOutcome]) -> Vec<NationValue> {
    let mut per: BTreeMap<&NationCode, (u64, u64)> = BTreeMap::new();
    for o in outcomes {
        let e = per.entry(&o.nation).or_default();
        e.0 += u64::from(o.asked);
        e.1 += u64::from(o.granted);
    }
    per.into_iter()
        .filter(|(_, (asked, _))| *asked > 0)
        .map(|(nation, (asked, granted))| NationValue {
            nation: nation.clone(),
            value: granted as f64 / asked as f64,
            items: asked,
        })
        .collect()
}
