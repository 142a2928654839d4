//! Question 6 beyond seats: is a small state answered as fast, heard as much, and believed as
//! often as a large one? Four measures with one value per nation — days to acknowledge its
//! consultation requests, the share of its agenda proposals accepted, its share of voice in the
//! meetings it sat in, the share of its security reports verified — each compared across the same
//! size terciles as seat fulfilment (by population or GDP, [`SizeMeasure`]; [`stats::terciles`]
//! among the nations with a value) with a seeded permutation test; and envy between nations in
//! published seat allocations, counted by the size third of the nation that envies and of the
//! nation envied. Each also year by year ([`trend`], [`envy_by_year`]): the period's terciles
//! kept, each year's values summarised and tested within them.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::equal::SizeMeasure;
use super::stats::{self, PermutationTest};
use crate::consultation::AgendaStatus;
use crate::registry::{NationCode, Network};
use crate::warning::ReportStatus;

/// Rounds of each measure's permutation test.
pub const PERMUTATION_ROUNDS: u32 = 2000;

/// A measure of question 6 compared across size terciles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Median days from filing a consultation request to its acknowledgement (lower is faster).
    ResponseDays,
    /// Accepted agenda proposals over decided ones (accepted or rejected).
    AgendaAccepted,
    /// Statements made over the statements an equal share of each meeting's seats would make.
    Voice,
    /// Verified security reports over triaged ones.
    ReportsVerified,
}

impl Measure {
    pub const ALL: [Measure; 4] =
        [Measure::ResponseDays, Measure::AgendaAccepted, Measure::Voice, Measure::ReportsVerified];

    pub fn as_str(self) -> &'static str {
        match self {
            Measure::ResponseDays => "response_days",
            Measure::AgendaAccepted => "agenda_accepted",
            Measure::Voice => "voice",
            Measure::ReportsVerified => "reports_verified",
        }
    }
}

/// One nation's value of a measure, and how many items it is computed over.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NationValue {
    pub nation: NationCode,
    pub value: f64,
    /// Acknowledged requests, decided proposals, statements made, triaged reports.
    pub items: u64,
}

/// One nation's value with its size.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NationMeasure {
    pub nation: NationCode,
    /// In the unit of the size measure (millions of inhabitants or billions of US dollars).
    pub size: f64,
    /// 1 = smallest third .. 3 = largest
    pub tercile: u8,
    pub value: f64,
    pub items: u64,
}

/// One size tercile's nations' values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureTercile {
    pub tercile: u8,
    pub nations: usize,
    /// The smallest and largest size in the tercile, in the size measure's unit.
    pub size_min: f64,
    pub size_max: f64,
    pub items: u64,
    /// Mean of the nations' values.
    pub mean: f64,
    /// Nearest-rank median of the nations' values.
    pub median: f64,
}

/// A measure compared across size terciles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ByTercile {
    pub measure: Measure,
    /// The measure the terciles are formed by.
    pub size: SizeMeasure,
    /// Sorted by tercile, then size, then code.
    pub nations: Vec<NationMeasure>,
    /// One line per non-empty tercile, smallest first.
    pub terciles: Vec<MeasureTercile>,
    /// Permutation test of the nations' values across the terciles.
    pub test: Option<PermutationTest>,
    /// Nations with a value but no size in the registry (organisations), left out.
    pub without_size: Vec<NationCode>,
}

impl ByTercile {
    pub fn tercile(&self, t: u8) -> Option<&MeasureTercile> {
        self.terciles.iter().find(|l| l.tercile == t)
    }

    /// Each nation's tercile, as [`trend`] takes them.
    pub fn tercile_of(&self) -> BTreeMap<NationCode, u8> {
        self.nations.iter().map(|n| (n.nation.clone(), n.tercile)).collect()
    }
}

/// Splits the nations with a value into terciles by `size` ([`stats::terciles`], as seat
/// fulfilment does), summarises each tercile and tests "no difference between terciles"
/// ([`stats::permutation_test`], [`PERMUTATION_ROUNDS`] rounds, `seed`). A nation listed twice
/// keeps its first value; NaN values are left out. Nations unknown to the registry or without a
/// size count as without size.
pub fn by_tercile(
    network: &Network,
    size: SizeMeasure,
    measure: Measure,
    values: &[NationValue],
    seed: u64,
) -> ByTercile {
    let mut seen = BTreeSet::new();
    let mut sized = Vec::new();
    let mut without_size = BTreeSet::new();
    for v in values.iter().filter(|v| !v.value.is_nan()) {
        if !seen.insert(&v.nation) {
            continue;
        }
        match network.nation(&v.nation).and_then(|n| n.size.as_ref()) {
            Some(s) => sized.push((v, size.of(s))),
            None => {
                without_size.insert(v.nation.clone());
            }
        }
    }
    let mut nations = Vec::new();
    for (i, group) in stats::terciles(sized).into_iter().enumerate() {
        for (v, size) in group {
            nations.push(NationMeasure {
                nation: v.nation.clone(),
                size,
                tercile: i as u8 + 1,
                value: v.value,
                items: v.items,
            });
        }
    }
    nations.sort_by(|a, b| {
        a.tercile.cmp(&b.tercile).then(a.size.total_cmp(&b.size)).then_with(|| a.nation.cmp(&b.nation))
    });
    let mut terciles = Vec::new();
    let mut groups = Vec::new();
    for t in 1..=3u8 {
        let members: Vec<&NationMeasure> = nations.iter().filter(|n| n.tercile == t).collect();
        let values: Vec<f64> = members.iter().map(|n| n.value).collect();
        groups.push(values.clone());
        let s = stats::summary(&values);
        let (Some(mean), Some(median)) = (s.mean, s.median) else { continue };
        terciles.push(MeasureTercile {
            tercile: t,
            nations: members.len(),
            size_min: members.iter().map(|n| n.size).fold(f64::INFINITY, f64::min),
            size_max: members.iter().map(|n| n.size).fold(f64::NEG_INFINITY, f64::max),
            items: members.iter().map(|n| n.items).sum(),
            mean,
            median,
        });
    }
    ByTercile {
        measure,
        size,
        test: stats::permutation_test(&groups, PERMUTATION_ROUNDS, seed),
        nations,
        terciles,
        without_size: without_size.into_iter().collect(),
    }
}

/// One size tercile's nations' values in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearCell {
    /// Nations of the tercile with a value that year.
    pub nations: usize,
    pub items: u64,
    pub mean: f64,
    /// Nearest-rank median of the nations' values.
    pub median: f64,
}

/// A measure's terciles in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureYear {
    pub year: i32,
    /// Smallest third first; None when no nation of the third has a value that year.
    pub terciles: [Option<YearCell>; 3],
    /// Permutation test of that year's values across the terciles (seed: the period's seed plus
    /// the year).
    pub test: Option<PermutationTest>,
}

impl MeasureYear {
    /// Nations with a value that year, over the three terciles.
    pub fn nations(&self) -> usize {
        self.terciles.iter().flatten().map(|c| c.nations).sum()
    }
}

/// Facts split by year, and a measure's values computed over each year's facts alone; years
/// ascending, a year without facts left out.
pub fn yearly<T: Clone>(
    facts: &[T],
    year_of: impl Fn(&T) -> i32,
    values: impl Fn(&[T]) -> Vec<NationValue>,
) -> Vec<(i32, Vec<NationValue>)> {
    let mut per: BTreeMap<i32, Vec<T>> = BTreeMap::new();
    for f in facts {
        per.entry(year_of(f)).or_default().push(f.clone());
    }
    per.into_iter().map(|(year, facts)| (year, values(&facts))).collect()
}

/// A measure year by year within fixed terciles (`tercile_of`, the period's — so that a state
/// stays in its third from one year to the next): each year, each third's nations with a value
/// that year, their items, mean and nearest-rank median, and a permutation test across the thirds
/// ([`PERMUTATION_ROUNDS`] rounds, seed `seed + year`). Nations without a tercile are left out, a
/// nation listed twice in a year keeps its first value, NaN values are left out; a year with no
/// value left is left out. Years ascending.
pub fn trend(tercile_of: &BTreeMap<NationCode, u8>, years: &[(i32, Vec<NationValue>)], seed: u64) -> Vec<MeasureYear> {
    let mut per: BTreeMap<i32, [Vec<&NationValue>; 3]> = BTreeMap::new();
    for (year, values) in years {
        let cells = per.entry(*year).or_default();
        let mut seen = BTreeSet::new();
        for v in values.iter().filter(|v| !v.value.is_nan()) {
            let Some(&t) = tercile_of.get(&v.nation).filter(|t| (1..=3).contains(*t)) else { continue };
            if seen.insert(&v.nation) {
                cells[usize::from(t - 1)].push(v);
            }
        }
    }
    per.into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
        .map(|(year, cells)| {
            let groups: Vec<Vec<f64>> = cells.iter().map(|c| c.iter().map(|v| v.value).collect()).collect();
            let terciles = std::array::from_fn(|i| {
                let s = stats::summary(&groups[i]);
                Some(YearCell {
                    nations: cells[i].len(),
                    items: cells[i].iter().map(|v| v.items).sum(),
                    mean: s.mean?,
                    median: s.median?,
                })
            });
            let test = stats::permutation_test(&groups, PERMUTATION_ROUNDS, seed.wrapping_add(year as u64));
            MeasureYear { year, terciles, test }
        })
        .collect()
}

/// One consultation request: who filed it, the year filed, and the days from filing to
/// acknowledgement (None while it waits).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestFact {
    pub nation: NationCode,
    pub year: i32,
    pub days_to_acknowledge: Option<f64>,
}

/// Per nation: the nearest-rank median of the days to acknowledgement over its acknowledged
/// requests (items = acknowledged requests). A nation with no acknowledged request has no value.
pub fn response_days(facts: &[RequestFact]) -> Vec<NationValue> {
    let mut per: BTreeMap<&NationCode, Vec<f64>> = BTreeMap::new();
    for f in facts {
        if let Some(days) = f.days_to_acknowledge.filter(|d| !d.is_nan()) {
            per.entry(&f.nation).or_default().push(days);
        }
    }
    per.into_iter()
        .filter_map(|(nation, days)| {
            Some(NationValue { nation: nation.clone(), value: stats::quantile(&days, 0.5)?, items: days.len() as u64 })
        })
        .collect()
}

/// One agenda item a nation proposed: the year of its meeting and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposalFact {
    pub nation: NationCode,
    pub year: i32,
    pub status: AgendaStatus,
}

/// Per nation: accepted proposals over decided ones (accepted or rejected; items = decided). A
/// proposal still pending or withdrawn by its proposer is not decided; a nation with no decided
/// proposal has no value.
pub fn agenda_accepted(facts: &[ProposalFact]) -> Vec<NationValue> {
    let mut per: BTreeMap<&NationCode, (u64, u64)> = BTreeMap::new();
    for f in facts {
        let accepted = match f.status {
            AgendaStatus::Accepted => true,
            AgendaStatus::Rejected => false,
            AgendaStatus::Proposed | AgendaStatus::Withdrawn => continue,
        };
        let e = per.entry(&f.nation).or_default();
        e.0 += u64::from(accepted);
        e.1 += 1;
    }
    per.into_iter()
        .map(|(nation, (accepted, decided))| NationValue {
            nation: nation.clone(),
            value: accepted as f64 / decided as f64,
            items: decided,
        })
        .collect()
}

/// One held meeting: the nations its format seated on its day, and the statements each nation
/// made in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingVoice {
    pub year: i32,
    pub seated: Vec<NationCode>,
    pub statements: Vec<(NationCode, u32)>,
}

/// Share of voice. In a meeting with N seated nations whose seated nations made S > 0 statements,
/// an equal share is S / N statements for each seated nation. Per nation, over the meetings it sat
/// in where anyone spoke: the statements it made over the sum of its equal shares (1 = it spoke
/// as much as an equal share of the seats, 0 = it never spoke; items = statements made).
/// Statements by a nation the format did not seat, and meetings where no one spoke, do not count.
pub fn voice(meetings: &[MeetingVoice]) -> Vec<NationValue> {
    let mut per: BTreeMap<&NationCode, (u64, f64)> = BTreeMap::new();
    for m in meetings {
        let seated: BTreeSet<&NationCode> = m.seated.iter().collect();
        let mut spoke: BTreeMap<&NationCode, u64> = BTreeMap::new();
        for (n, s) in m.statements.iter().filter(|(n, _)| seated.contains(n)) {
            *spoke.entry(n).or_default() += u64::from(*s);
        }
        let total: u64 = spoke.values().sum();
        if total == 0 {
            continue;
        }
        let share = total as f64 / seated.len() as f64;
        for n in seated {
            let e = per.entry(n).or_default();
            e.0 += spoke.get(n).copied().unwrap_or(0);
            e.1 += share;
        }
    }
    per.into_iter()
        .map(|(nation, (made, equal))| NationValue { nation: nation.clone(), value: made as f64 / equal, items: made })
        .collect()
}

/// One security report a nation filed: the year filed and its status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportFact {
    pub nation: NationCode,
    pub year: i32,
    pub status: ReportStatus,
}

/// Per nation: verified reports over triaged ones (verified, not verified, duplicate or
/// dismissed; items = triaged). A report still new or under review is not triaged; a nation with
/// no triaged report has no value.
pub fn reports_verified(facts: &[ReportFact]) -> Vec<NationValue> {
    let mut per: BTreeMap<&NationCode, (u64, u64)> = BTreeMap::new();
    for f in facts.iter().filter(|f| !f.status.is_open()) {
        let e = per.entry(&f.nation).or_default();
        e.0 += u64::from(f.status == ReportStatus::Verified);
        e.1 += 1;
    }
    per.into_iter()
        .map(|(nation, (verified, triaged))| NationValue {
            nation: nation.clone(),
            value: verified as f64 / triaged as f64,
            items: triaged,
        })
        .collect()
}

/// One line of a published allocation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AllocationLineFact {
    pub run: i64,
    /// The start year of the activity.
    pub year: i32,
    pub nation: NationCode,
    pub activity: i64,
    pub asked: u32,
    pub granted: u32,
}

/// An ordered pair of nations in one allocation where the first envies the second.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EnvyPair {
    pub run: i64,
    pub envier: NationCode,
    pub envied: NationCode,
}

/// One nation's lines in one allocation: activity → (seats asked, seats granted).
type Bundle = BTreeMap<i64, (u64, u64)>;

/// Envy in each published allocation, the notion of the allocation's fairness report with the
/// seats asked in place of the usable ones (national caps are not recorded with the lines): nation
/// i envies nation k ≠ i in an allocation when i was granted fewer seats than it asked for there,
/// and k's seats in the activities i asked for, each counted up to what i asked in it
/// (Σ_a min(granted_k,a, asked_i,a)), exceed the seats i was granted. Pairs in run order, then
/// envier, then envied.
pub fn envy_pairs(lines: &[AllocationLineFact]) -> Vec<EnvyPair> {
    let mut runs: BTreeMap<i64, BTreeMap<&NationCode, Bundle>> = BTreeMap::new();
    for l in lines {
        let e = runs.entry(l.run).or_default().entry(&l.nation).or_default().entry(l.activity).or_default();
        e.0 += u64::from(l.asked);
        e.1 += u64::from(l.granted);
    }
    let mut out = Vec::new();
    for (run, nations) in &runs {
        for (i, own) in nations {
            let asked: u64 = own.values().map(|x| x.0).sum();
            let granted: u64 = own.values().map(|x| x.1).sum();
            if granted >= asked {
                continue;
            }
            for (k, theirs) in nations.iter().filter(|(k, _)| *k != i) {
                let value: u64 = own.iter().map(|(a, x)| theirs.get(a).map_or(0, |y| y.1.min(x.0))).sum();
                if value > granted {
                    out.push(EnvyPair { run: *run, envier: (*i).clone(), envied: (*k).clone() });
                }
            }
        }
    }
    out
}

/// Envy pairs between two size terciles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnvyCell {
    pub envier_tercile: u8,
    pub envied_tercile: u8,
    pub pairs: u64,
    /// Ordered pairs of distinct nations that asked for seats in the same allocation.
    pub possible: u64,
}

impl EnvyCell {
    /// pairs / possible
    pub fn rate(&self) -> Option<f64> {
        (self.possible > 0).then(|| self.pairs as f64 / self.possible as f64)
    }
}

/// Envy pairs by the terciles of the nation envying and the nation envied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnvyByTercile {
    /// Nine cells, envier tercile then envied tercile, 1 to 3.
    pub cells: Vec<EnvyCell>,
    pub pairs: u64,
    pub possible: u64,
    /// Pairs whose envier or envied nation has no tercile (organisations, no size).
    pub pairs_without_size: u64,
    /// Distinct nations of each tercile that asked for at least one seat in these lines.
    pub askers: [usize; 3],
}

impl EnvyByTercile {
    pub fn cell(&self, envier: u8, envied: u8) -> Option<&EnvyCell> {
        self.cells.iter().find(|c| c.envier_tercile == envier && c.envied_tercile == envied)
    }

    /// The envy pairs whose envier is of tercile `envier`, over every envied tercile, as one cell
    /// (`envied_tercile` 0).
    pub fn by_envier(&self, envier: u8) -> EnvyCell {
        let mine = self.cells.iter().filter(|c| c.envier_tercile == envier);
        EnvyCell {
            envier_tercile: envier,
            envied_tercile: 0,
            pairs: mine.clone().map(|c| c.pairs).sum(),
            possible: mine.map(|c| c.possible).sum(),
        }
    }
}

/// Counts [`envy_pairs`] by tercile direction, with `tercile_of` the nations' terciles (seat
/// fulfilment's). Possible pairs: for each allocation, the ordered pairs of distinct nations with
/// a tercile that each asked for at least one seat in it.
pub fn envy_by_tercile(lines: &[AllocationLineFact], tercile_of: &BTreeMap<NationCode, u8>) -> EnvyByTercile {
    let mut pairs = [[0u64; 3]; 3];
    let mut possible = [[0u64; 3]; 3];
    let mut pairs_without_size = 0;
    for p in envy_pairs(lines) {
        match (tercile_of.get(&p.envier), tercile_of.get(&p.envied)) {
            (Some(&a), Some(&b)) if (1..=3).contains(&a) && (1..=3).contains(&b) => {
                pairs[usize::from(a - 1)][usize::from(b - 1)] += 1
            }
            _ => pairs_without_size += 1,
        }
    }
    let mut asking: BTreeMap<i64, BTreeSet<&NationCode>> = BTreeMap::new();
    let mut askers: [BTreeSet<&NationCode>; 3] = Default::default();
    for l in lines.iter().filter(|l| l.asked > 0) {
        asking.entry(l.run).or_default().insert(&l.nation);
        if let Some(&t) = tercile_of.get(&l.nation).filter(|t| (1..=3).contains(*t)) {
            askers[usize::from(t - 1)].insert(&l.nation);
        }
    }
    for nations in asking.values() {
        let mut count = [0u64; 3];
        for n in nations {
            if let Some(&t) = tercile_of.get(*n).filter(|t| (1..=3).contains(*t)) {
                count[usize::from(t - 1)] += 1;
            }
        }
        for a in 0..3 {
            for b in 0..3 {
                possible[a][b] += if a == b { count[a] * count[a].saturating_sub(1) } else { count[a] * count[b] };
            }
        }
    }
    let mut cells = Vec::with_capacity(9);
    for a in 0..3 {
        for b in 0..3 {
            cells.push(EnvyCell {
                envier_tercile: a as u8 + 1,
                envied_tercile: b as u8 + 1,
                pairs: pairs[a][b],
                possible: possible[a][b],
            });
        }
    }
    EnvyByTercile {
        pairs: cells.iter().map(|c| c.pairs).sum(),
        possible: cells.iter().map(|c| c.possible).sum(),
        cells,
        pairs_without_size,
        askers: askers.map(|s| s.len()),
    }
}

/// [`envy_by_tercile`] year by year: each year over the lines of that year's activities alone
/// (as the period counts the lines of its activities), so a run whose activities start in two
/// years counts in each over its lines of that year. Years ascending.
pub fn envy_by_year(lines: &[AllocationLineFact], tercile_of: &BTreeMap<NationCode, u8>) -> Vec<(i32, EnvyByTercile)> {
    let mut per: BTreeMap<i32, Vec<AllocationLineFact>> = BTreeMap::new();
    for l in lines {
        per.entry(l.year).or_default().push(l.clone());
    }
    per.into_iter().map(|(year, lines)| (year, envy_by_tercile(&lines, tercile_of))).collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::registry::{Nation, NationKind, NationSize};

    fn code(s: &str) -> NationCode {
        s.parse().unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn network(sizes: &[(&str, Option<f64>)]) -> Network {
        Network::new(
            sizes.iter().map(|&(c, p)| Nation {
                code: code(c),
                name: c.to_string(),
                name_fr: None,
                kind: if p.is_some() { NationKind::PartnerState } else { NationKind::PartnerOrg },
                region: None,
                // GDP runs against population here, so that the two measures' terciles differ.
                size: p.map(|p| NationSize {
                    population_millions: p,
                    gdp_usd_billions: 1000.0 / p,
                    year: 2023,
                    source: "test".into(),
                }),
            }),
            Vec::new(),
        )
    }

    fn value(c: &str, value: f64, items: u64) -> NationValue {
        NationValue { nation: code(c), value, items }
    }

    fn line(run: i64, c: &str, activity: i64, asked: u32, granted: u32) -> AllocationLineFact {
        AllocationLineFact { run, year: 2025, nation: code(c), activity, asked, granted }
    }

    #[test]
    fn terciles_of_a_measure_by_hand() {
        let net = network(&[
            ("AAA", Some(1.0)),
            ("BBB", Some(2.0)),
            ("CCC", Some(5.0)),
            ("DDD", Some(10.0)),
            ("EEE", Some(50.0)),
            ("FFF", Some(100.0)),
            ("ORG", None),
        ]);
        let values = [
            value("FFF", 1.0, 4),
            value("AAA", 10.0, 1),
            value("BBB", 6.0, 3),
            value("CCC", 4.0, 2),
            value("DDD", 2.0, 1),
            value("EEE", 2.0, 2),
            value("ORG", 3.0, 1),
            value("ZZZ", 3.0, 1),
            value("AAA", 99.0, 1),
        ];
        let r = by_tercile(&net, SizeMeasure::Population, Measure::ResponseDays, &values, 7);
        let got: Vec<(&str, u8)> = r.nations.iter().map(|n| (n.nation.as_str(), n.tercile)).collect();
        assert_eq!(got, [("AAA", 1), ("BBB", 1), ("CCC", 2), ("DDD", 2), ("EEE", 3), ("FFF", 3)]);
        assert_eq!(r.nations[0].value, 10.0, "the first value of a nation listed twice");
        assert_eq!(r.without_size, [code("ORG"), code("ZZZ")]);
        let lines: Vec<(u8, usize, f64, f64, u64, f64, f64)> = r
            .terciles
            .iter()
            .map(|t| (t.tercile, t.nations, t.size_min, t.size_max, t.items, t.mean, t.median))
            .collect();
        assert_eq!(
            lines,
            [(1, 2, 1.0, 2.0, 4, 8.0, 6.0), (2, 2, 5.0, 10.0, 3, 3.0, 2.0), (3, 2, 50.0, 100.0, 6, 1.5, 1.0)]
        );
        let test = r.test.unwrap();
        assert_eq!((test.rounds, test.seed), (PERMUTATION_ROUNDS, 7));
        assert!(test.p_value > 0.0 && test.p_value <= 1.0 && test.effect_size > 0.5);
        assert_eq!(
            by_tercile(&net, SizeMeasure::Population, Measure::ResponseDays, &values, 7),
            r,
            "the same seed, the same answer"
        );

        let one = by_tercile(&net, SizeMeasure::Population, Measure::Voice, &[value("AAA", 1.0, 1)], 7);
        assert_eq!(one.terciles.len(), 1);
        assert_eq!(one.terciles[0].tercile, 2);
        assert_eq!(one.test, None);
        assert!(by_tercile(&net, SizeMeasure::Population, Measure::Voice, &[], 7).terciles.is_empty());
    }

    #[test]
    fn terciles_by_gdp_by_hand() {
        let net = network(&[("AAA", Some(1.0)), ("BBB", Some(2.0)), ("CCC", Some(5.0)), ("DDD", Some(10.0))]);
        let values = [value("AAA", 1.0, 1), value("BBB", 2.0, 1), value("CCC", 3.0, 1), value("DDD", 4.0, 1)];
        let r = by_tercile(&net, SizeMeasure::Gdp, Measure::Voice, &values, 3);
        assert_eq!(r.size, SizeMeasure::Gdp);
        let got: Vec<(&str, u8, f64)> = r.nations.iter().map(|n| (n.nation.as_str(), n.tercile, n.size)).collect();
        assert_eq!(got, [("DDD", 1, 100.0), ("CCC", 2, 200.0), ("BBB", 2, 500.0), ("AAA", 3, 1000.0)]);
        assert_eq!((r.terciles[1].size_min, r.terciles[1].size_max), (200.0, 500.0));
        let by_population = by_tercile(&net, SizeMeasure::Population, Measure::Voice, &values, 3);
        assert_eq!(by_population.nations[0].nation.as_str(), "AAA");
        assert_eq!(SizeMeasure::parse("GDP"), Some(SizeMeasure::Gdp));
        assert_eq!(SizeMeasure::parse("population"), Some(SizeMeasure::Population));
        assert_eq!(SizeMeasure::parse("area"), None);
        assert_eq!(SizeMeasure::default(), SizeMeasure::Population);
    }

    #[test]
    fn trend_by_hand() {
        let terciles: BTreeMap<NationCode, u8> =
            [("AAA", 1), ("BBB", 1), ("CCC", 2), ("DDD", 3), ("EEE", 3)].iter().map(|&(c, t)| (code(c), t)).collect();
        let years = [
            (2025, vec![value("DDD", 2.0, 2), value("AAA", 4.0, 1), value("BBB", 6.0, 3), value("ZZZ", 9.0, 1)]),
            (2024, vec![value("AAA", 1.0, 1), value("AAA", 7.0, 1), value("CCC", f64::NAN, 1)]),
            (2026, vec![value("ZZZ", 1.0, 1)]),
        ];
        let t = trend(&terciles, &years, 40);
        assert_eq!(
            t.iter().map(|y| y.year).collect::<Vec<_>>(),
            [2024, 2025],
            "a year with no sized value is left out"
        );
        let y24 = &t[0];
        assert_eq!(y24.terciles[0], Some(YearCell { nations: 1, items: 1, mean: 1.0, median: 1.0 }), "the first value");
        assert_eq!((y24.terciles[1].clone(), y24.terciles[2].clone()), (None, None));
        assert_eq!((y24.nations(), y24.test), (1, None));
        let y25 = &t[1];
        assert_eq!(y25.terciles[0], Some(YearCell { nations: 2, items: 4, mean: 5.0, median: 4.0 }));
        assert_eq!(y25.terciles[1], None);
        assert_eq!(y25.terciles[2], Some(YearCell { nations: 1, items: 2, mean: 2.0, median: 2.0 }));
        let test = y25.test.unwrap();
        assert_eq!((test.rounds, test.seed), (PERMUTATION_ROUNDS, 40 + 2025));
        assert_eq!(trend(&terciles, &years, 40), t, "the same seed, the same answer");
        assert!(trend(&terciles, &[], 40).is_empty());

        let facts = [
            ReportFact { nation: code("AAA"), year: 2025, status: ReportStatus::Verified },
            ReportFact { nation: code("AAA"), year: 2024, status: ReportStatus::Dismissed },
            ReportFact { nation: code("BBB"), year: 2025, status: ReportStatus::New },
        ];
        let split = yearly(&facts, |f| f.year, reports_verified);
        assert_eq!(split, [(2024, vec![value("AAA", 0.0, 1)]), (2025, vec![value("AAA", 1.0, 1)])]);
    }

    #[test]
    fn envy_by_year_by_hand() {
        // Run 1 holds activities of 2024 (7) and 2025 (8): AAA is short in 7 only.
        let mut lines = vec![line(1, "AAA", 7, 2, 0), line(1, "BBB", 7, 2, 2), line(1, "BBB", 8, 1, 1)];
        for l in lines.iter_mut().filter(|l| l.activity == 7) {
            l.year = 2024;
        }
        let terciles: BTreeMap<NationCode, u8> = [(code("AAA"), 1), (code("BBB"), 3)].into_iter().collect();
        let years = envy_by_year(&lines, &terciles);
        assert_eq!(years.iter().map(|(y, _)| *y).collect::<Vec<_>>(), [2024, 2025]);
        let (_, y24) = &years[0];
        assert_eq!((y24.pairs, y24.possible, y24.askers), (1, 2, [1, 0, 1]));
        assert_eq!(y24.by_envier(1), EnvyCell { envier_tercile: 1, envied_tercile: 0, pairs: 1, possible: 1 });
        assert_eq!(y24.by_envier(3).pairs, 0);
        let (_, y25) = &years[1];
        assert_eq!((y25.pairs, y25.possible, y25.askers), (0, 0, [0, 0, 1]));
    }

    #[test]
    fn each_measure_by_hand() {
        let (a, b) = (code("AAA"), code("BBB"));
        let requests = [
            RequestFact { nation: a.clone(), year: 2024, days_to_acknowledge: Some(3.0) },
            RequestFact { nation: a.clone(), year: 2024, days_to_acknowledge: Some(1.0) },
            RequestFact { nation: a.clone(), year: 2025, days_to_acknowledge: Some(8.0) },
            RequestFact { nation: a.clone(), year: 2025, days_to_acknowledge: None },
            RequestFact { nation: b.clone(), year: 2025, days_to_acknowledge: None },
        ];
        assert_eq!(response_days(&requests), [value("AAA", 3.0, 3)], "a nation still waiting has no value");

        let proposal = |n: &NationCode, status| ProposalFact { nation: n.clone(), year: 2025, status };
        let proposals = [
            proposal(&a, AgendaStatus::Accepted),
            proposal(&a, AgendaStatus::Rejected),
            proposal(&a, AgendaStatus::Accepted),
            proposal(&a, AgendaStatus::Withdrawn),
            proposal(&b, AgendaStatus::Proposed),
        ];
        let got = agenda_accepted(&proposals);
        assert_eq!(got.len(), 1);
        assert!(close(got[0].value, 2.0 / 3.0) && got[0].items == 3);

        let report = |n: &NationCode, status| ReportFact { nation: n.clone(), year: 2025, status };
        let reports = [
            report(&a, ReportStatus::Verified),
            report(&a, ReportStatus::Dismissed),
            report(&a, ReportStatus::UnderReview),
            report(&b, ReportStatus::NotVerified),
            report(&b, ReportStatus::New),
        ];
        assert_eq!(reports_verified(&reports), [value("AAA", 0.5, 2), value("BBB", 0.0, 1)]);
    }

    #[test]
    fn share_of_voice_by_hand() {
        let (a, b, c, d) = (code("AAA"), code("BBB"), code("CCC"), code("DDD"));
        let meetings = [
            // Four seats, four statements: an equal share is one each; DDD was not seated.
            MeetingVoice {
                year: 2025,
                seated: vec![a.clone(), b.clone(), c.clone(), code("EEE")],
                statements: vec![(a.clone(), 3), (b.clone(), 1), (d.clone(), 5)],
            },
            // Two seats, two statements by BBB: one each.
            MeetingVoice { year: 2025, seated: vec![a.clone(), b.clone()], statements: vec![(b.clone(), 2)] },
            // No one spoke: it does not count.
            MeetingVoice { year: 2025, seated: vec![a.clone(), c.clone()], statements: vec![] },
        ];
        let got = voice(&meetings);
        let v: Vec<(&str, f64, u64)> = got.iter().map(|n| (n.nation.as_str(), n.value, n.items)).collect();
        assert_eq!(v, [("AAA", 1.5, 3), ("BBB", 1.5, 3), ("CCC", 0.0, 0), ("EEE", 0.0, 0)]);
    }

    #[test]
    fn envy_by_hand() {
        // One activity of 3 seats: AAA asked 2 and got 0, BBB asked 2 and got 2, CCC asked 1, got 1.
        // AAA envies BBB (min(2, 2) = 2 > 0) and CCC (min(1, 2) = 1 > 0); no one else is short.
        // In run 2, DDD asked for a seat in activity 8 only and BBB holds seats in 9 only: no envy.
        let lines = [
            line(1, "AAA", 7, 2, 0),
            line(1, "BBB", 7, 2, 2),
            line(1, "CCC", 7, 1, 1),
            line(2, "DDD", 8, 1, 0),
            line(2, "BBB", 9, 3, 3),
        ];
        let pairs = envy_pairs(&lines);
        let got: Vec<(i64, &str, &str)> = pairs.iter().map(|p| (p.run, p.envier.as_str(), p.envied.as_str())).collect();
        assert_eq!(got, [(1, "AAA", "BBB"), (1, "AAA", "CCC")]);

        let terciles: BTreeMap<NationCode, u8> =
            [(code("AAA"), 1), (code("CCC"), 2), (code("BBB"), 3), (code("DDD"), 1)].into_iter().collect();
        let e = envy_by_tercile(&lines, &terciles);
        assert_eq!(e.pairs, 2);
        assert_eq!(e.pairs_without_size, 0);
        assert_eq!(e.cell(1, 3).unwrap().pairs, 1);
        assert_eq!(e.cell(1, 2).unwrap().pairs, 1);
        assert_eq!(e.cell(3, 1).unwrap().pairs, 0);
        // Run 1: three nations, one per tercile, 6 ordered pairs; run 2: DDD (1) and BBB (3), 2.
        assert_eq!(e.possible, 8);
        assert_eq!(e.cell(1, 3).unwrap().possible, 2);
        assert_eq!(e.cell(1, 1).unwrap().possible, 0);
        assert_eq!(e.cell(1, 3).unwrap().rate(), Some(0.5));
    }

    fn lines_strategy() -> impl Strategy<Value = Vec<AllocationLineFact>> {
        let nations = ["AAA", "BBB", "CCC", "DDD", "EEE"];
        proptest::collection::vec((1i64..3, 0usize..5, 1i64..4, 0u32..4, 0u32..4), 0..30).prop_map(move |v| {
            v.into_iter()
                .map(|(run, n, activity, asked, granted)| line(run, nations[n], activity, asked, granted.min(asked)))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn envy_year_by_year_adds_up_when_each_run_is_of_one_year(lines in lines_strategy()) {
            let lines: Vec<AllocationLineFact> =
                lines.into_iter().map(|l| AllocationLineFact { year: 2023 + l.run as i32, ..l }).collect();
            let terciles: BTreeMap<NationCode, u8> =
                ["AAA", "BBB", "CCC", "DDD"].iter().enumerate().map(|(i, c)| (code(c), (i % 3) as u8 + 1)).collect();
            let whole = envy_by_tercile(&lines, &terciles);
            let years = envy_by_year(&lines, &terciles);
            prop_assert!(years.windows(2).all(|w| w[0].0 < w[1].0));
            prop_assert_eq!(years.iter().map(|(_, e)| e.pairs).sum::<u64>(), whole.pairs);
            prop_assert_eq!(years.iter().map(|(_, e)| e.possible).sum::<u64>(), whole.possible);
            prop_assert_eq!(years.iter().map(|(_, e)| e.pairs_without_size).sum::<u64>(), whole.pairs_without_size);
            for (_, e) in &years {
                for t in 1..=3u8 {
                    let row = e.by_envier(t);
                    prop_assert!(row.pairs <= row.possible);
                    prop_assert!(e.askers[usize::from(t - 1)] <= whole.askers[usize::from(t - 1)]);
                }
            }
        }

        #[test]
        fn a_measure_year_by_year_counts_every_item_of_the_period(
            facts in proptest::collection::vec((0usize..9, 2020i32..2024, 0usize..6), 0..40),
            seed in any::<u64>(),
        ) {
            let names = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH", "ORG"];
            let statuses = [
                ReportStatus::Verified, ReportStatus::NotVerified, ReportStatus::Duplicate,
                ReportStatus::Dismissed, ReportStatus::New, ReportStatus::UnderReview,
            ];
            let net = network(&[
                ("AAA", Some(1.0)), ("BBB", Some(2.0)), ("CCC", Some(3.0)), ("DDD", Some(4.0)),
                ("EEE", Some(5.0)), ("FFF", Some(6.0)), ("GGG", Some(7.0)), ("HHH", Some(8.0)), ("ORG", None),
            ]);
            let facts: Vec<ReportFact> = facts
                .into_iter()
                .map(|(n, year, s)| ReportFact { nation: code(names[n]), year, status: statuses[s] })
                .collect();
            for size in SizeMeasure::ALL {
                let period = by_tercile(&net, size, Measure::ReportsVerified, &reports_verified(&facts), seed);
                let years = trend(&period.tercile_of(), &yearly(&facts, |f| f.year, reports_verified), seed);
                prop_assert!(years.windows(2).all(|w| w[0].year < w[1].year));
                for t in 1..=3u8 {
                    let i = usize::from(t - 1);
                    let items: u64 = years.iter().filter_map(|y| y.terciles[i].as_ref()).map(|c| c.items).sum();
                    prop_assert_eq!(items, period.tercile(t).map_or(0, |l| l.items), "third {}", t);
                    for y in &years {
                        if let Some(c) = &y.terciles[i] {
                            prop_assert!(c.nations >= 1 && c.nations <= period.tercile(t).unwrap().nations);
                            prop_assert!((0.0..=1.0).contains(&c.median) && (0.0..=1.0).contains(&c.mean));
                        }
                    }
                }
                for y in &years {
                    prop_assert!(y.nations() <= period.nations.len());
                    if let Some(t) = y.test {
                        prop_assert!(t.p_value > 0.0 && t.p_value <= 1.0);
                    }
                }
            }
        }

        #[test]
        fn envy_needs_an_unmet_request_and_a_better_bundle(lines in lines_strategy()) {
            let totals = |run: i64, n: &NationCode| {
                lines.iter().filter(|l| l.run == run && &l.nation == n).fold((0u64, 0u64), |acc, l| {
                    (acc.0 + u64::from(l.asked), acc.1 + u64::from(l.granted))
                })
            };
            let pairs = envy_pairs(&lines);
            for p in &pairs {
                prop_assert_ne!(&p.envier, &p.envied);
                let (asked, granted) = totals(p.run, &p.envier);
                prop_assert!(granted < asked, "the envier was short");
                prop_assert!(totals(p.run, &p.envied).1 > granted, "the envied nation holds more seats");
            }
            // Everyone granted all it asked: no envy.
            let served: Vec<AllocationLineFact> =
                lines.iter().cloned().map(|l| AllocationLineFact { granted: l.asked, ..l }).collect();
            prop_assert!(envy_pairs(&served).is_empty());
            let terciles: BTreeMap<NationCode, u8> =
                ["AAA", "BBB", "CCC", "DDD"].iter().enumerate().map(|(i, c)| (code(c), (i % 3) as u8 + 1)).collect();
            let e = envy_by_tercile(&lines, &terciles);
            prop_assert_eq!(e.pairs + e.pairs_without_size, pairs.len() as u64);
            for c in &e.cells {
                prop_assert!(c.pairs <= c.possible, "{:?}", c);
            }
        }

        #[test]
        fn voice_shares_out_every_statement(
            meetings in proptest::collection::vec(
                (proptest::collection::btree_set(0usize..6, 1..6), proptest::collection::vec((0usize..6, 0u32..4), 0..6)),
                0..8,
            )
        ) {
            let names = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF"];
            let meetings: Vec<MeetingVoice> = meetings
                .into_iter()
                .map(|(seated, said)| MeetingVoice {
                    year: 2025,
                    seated: seated.into_iter().map(|i| code(names[i])).collect(),
                    statements: said.into_iter().map(|(i, s)| (code(names[i]), s)).collect(),
                })
                .collect();
            let got = voice(&meetings);
            // Σ statements made = Σ equal shares: the index averages 1, weighted by equal shares.
            let made: u64 = got.iter().map(|n| n.items).sum();
            let equal: f64 = got.iter().filter(|n| n.value > 0.0).map(|n| n.items as f64 / n.value).sum();
            prop_assert!(got.iter().all(|n| n.value >= 0.0 && n.value.is_finite()));
            let spoken: u64 = meetings.iter().map(|m| {
                m.statements.iter().filter(|(n, _)| m.seated.contains(n)).map(|(_, s)| u64::from(*s)).sum::<u64>()
            }).sum();
            prop_assert_eq!(made, spoken);
            prop_assert!(equal <= spoken as f64 + 1e-6);
        }

        #[test]
        fn a_measure_splits_every_sized_nation_into_terciles(
            values in proptest::collection::vec((0usize..9, 0.0f64..10.0, 0u64..5), 0..20),
            seed in any::<u64>(),
        ) {
            let names = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH", "ORG"];
            let net = network(&[
                ("AAA", Some(1.0)), ("BBB", Some(2.0)), ("CCC", Some(3.0)), ("DDD", Some(4.0)),
                ("EEE", Some(5.0)), ("FFF", Some(6.0)), ("GGG", Some(7.0)), ("HHH", Some(8.0)), ("ORG", None),
            ]);
            let values: Vec<NationValue> =
                values.into_iter().map(|(i, v, items)| value(names[i], v, items)).collect();
            let r = by_tercile(&net, SizeMeasure::Population, Measure::AgendaAccepted, &values, seed);
            let distinct: BTreeSet<&NationCode> = values.iter().map(|v| &v.nation).collect();
            prop_assert_eq!(r.nations.len() + r.without_size.len(), distinct.len());
            prop_assert_eq!(r.terciles.iter().map(|t| t.nations).sum::<usize>(), r.nations.len());
            let sizes: Vec<usize> = r.terciles.iter().map(|t| t.nations).collect();
            prop_assert!(sizes.iter().max().unwrap_or(&0) - sizes.iter().min().unwrap_or(&0) <= 1);
            // Smaller terciles hold smaller states.
            for w in r.nations.windows(2) {
                prop_assert!(w[0].tercile <= w[1].tercile);
                if w[0].tercile < w[1].tercile {
                    prop_assert!(w[0].size <= w[1].size);
                }
            }
            for t in &r.terciles {
                prop_assert!(t.size_min <= t.size_max);
                prop_assert!(t.median >= 0.0 && t.mean >= 0.0);
            }
            prop_assert_eq!(by_tercile(&net, SizeMeasure::Population, Measure::AgendaAccepted, &values, seed), r);
        }
    }
}
