//! Question 7: is regional cooperation supported? The co-participation network: nations that sit
//! together in the same activities and meetings, weighted by how often, with the density of ties
//! inside each regional grouping against the density across it, and a circular layout for drawing.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::f64::consts::TAU;

use serde::Serialize;

use crate::registry::NationCode;

/// One occasion on which nations sat together: an activity's granted seats, or a held meeting's seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occasion {
    pub year: i32,
    pub nations: Vec<NationCode>,
}

/// A grouping as the evaluation needs it (built by the caller from the registry's groupings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub code: String,
    pub members: Vec<NationCode>,
}

/// Two nations that sat together at least once. `a < b` by code; one per unordered pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tie {
    pub a: NationCode,
    pub b: NationCode,
    /// occasions shared
    pub weight: u32,
}

/// Density of ties inside one grouping and between it and the other nations present.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupDensity {
    pub code: String,
    /// members present in at least one occasion
    pub members: usize,
    /// tied pairs among members / possible pairs among members (None when fewer than 2 members)
    pub inside: Option<f64>,
    /// tied pairs between a member and a non-member (among nations present) / possible such pairs
    /// (None when there are no members or no non-members present)
    pub across: Option<f64>,
    /// members with no tie to another member of this group, by code (a lone present member is
    /// isolated)
    pub isolated: Vec<NationCode>,
}

/// One nation present, placed for a circular drawing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    pub nation: NationCode,
    /// position on a circle of radius 1 centred on 0, ordered by group then code
    pub x: f64,
    pub y: f64,
    /// sum of the weights of its ties
    pub strength: u32,
    /// the first group (in the given order) it belongs to, if any
    pub group: Option<String>,
}

/// The answer to question 7.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoParticipation {
    /// nations present, ordered by group (in the given order, ungrouped last) then code
    pub nodes: Vec<Node>,
    /// by weight descending then (a, b)
    pub ties: Vec<Tie>,
    /// one per given group, in the given order
    pub groups: Vec<GroupDensity>,
    /// overall density among nations present (None when fewer than 2)
    pub density: Option<f64>,
}

/// Builds the co-participation network over the occasions with `from <= year <= to`.
///
/// An occasion's nation list may repeat a code (it counts once) and needs at least 2 distinct
/// nations to create ties. Nations present are those in at least one counted occasion (a lone
/// nation is present, without ties). Group members not present in any counted occasion are
/// ignored for densities, isolation and `members`. An occasion with n distinct nations adds
/// n(n-1)/2 tie increments; occasions with many nations (over 60, i.e. 1,770 pairs) still count
/// in full, there is no cap, which stays cheap for the data's sizes (14,000 occasions of ~10
/// nations run in milliseconds).
///
/// Node i of n sits at angle 2πi/n from (1, 0), counter-clockwise.
pub fn co_participation(occasions: &[Occasion], groups: &[Group], from: i32, to: i32) -> CoParticipation {
    let counted: Vec<&Occasion> = occasions.iter().filter(|o| (from..=to).contains(&o.year)).collect();

    // Nations present, indexed in code order.
    let present: BTreeSet<&NationCode> = counted.iter().flat_map(|o| o.nations.iter()).collect();
    let codes: Vec<&NationCode> = present.into_iter().collect();
    let index: HashMap<&NationCode, usize> = codes.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let n = codes.len();

    // Pair weights, keyed (i, j) with i < j, so i's code < j's code.
    let mut weights: HashMap<(usize, usize), u32> = HashMap::new();
    let mut ids: Vec<usize> = Vec::new();
    for o in &counted {
        ids.clear();
        ids.extend(o.nations.iter().map(|c| index[c]));
        ids.sort_unstable();
        ids.dedup();
        for (k, &i) in ids.iter().enumerate() {
            for &j in &ids[k + 1..] {
                *weights.entry((i, j)).or_default() += 1;
            }
        }
    }

    let mut strength = vec![0u32; n];
    for (&(i, j), &w) in &weights {
        strength[i] += w;
        strength[j] += w;
    }

    let mut pairs: Vec<((usize, usize), u32)> = weights.iter().map(|(&p, &w)| (p, w)).collect();
    pairs.sort_unstable_by(|(p, w), (q, v)| v.cmp(w).then(p.cmp(q)));
    let ties: Vec<Tie> =
        pairs.iter().map(|&((i, j), w)| Tie { a: codes[i].clone(), b: codes[j].clone(), weight: w }).collect();

    // First group (in order) of each present nation.
    let mut first_group: Vec<Option<usize>> = vec![None; n];
    for (g, group) in groups.iter().enumerate() {
        for m in &group.members {
            if let Some(&i) = index.get(m) {
                first_group[i].get_or_insert(g);
            }
        }
    }

    let densities: Vec<GroupDensity> = groups.iter().map(|g| group_density(g, &index, &weights, n)).collect();

    let mut order: Vec<usize> = (0..n).collect();
    // Indices follow code order, so sorting by (group, index) is by group then code.
    order.sort_by_key(|&i| (first_group[i].unwrap_or(usize::MAX), i));
    let nodes: Vec<Node> = order
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let angle = TAU * k as f64 / n as f64;
            Node {
                nation: codes[i].clone(),
                x: angle.cos(),
                y: angle.sin(),
                strength: strength[i],
                group: first_group[i].map(|g| groups[g].code.clone()),
            }
        })
        .collect();

    CoParticipation { nodes, ties, groups: densities, density: ratio(weights.len(), pairs_among(n)) }
}

fn pairs_among(m: usize) -> usize {
    m * m.saturating_sub(1) / 2
}

fn ratio(tied: usize, possible: usize) -> Option<f64> {
    (possible > 0).then(|| tied as f64 / possible as f64)
}

fn group_density(
    group: &Group,
    index: &HashMap<&NationCode, usize>,
    weights: &HashMap<(usize, usize), u32>,
    n: usize,
) -> GroupDensity {
    // Present members, by index (so by code), once each.
    let members: BTreeMap<usize, &NationCode> =
        group.members.iter().filter_map(|m| index.get(m).map(|&i| (i, m))).collect();
    let m = members.len();

    let mut inside_tied = 0usize;
    let mut across_tied = 0usize;
    let mut has_inside_tie: BTreeSet<usize> = BTreeSet::new();
    for &(i, j) in weights.keys() {
        match (members.contains_key(&i), members.contains_key(&j)) {
            (true, true) => {
                inside_tied += 1;
                has_inside_tie.insert(i);
                has_inside_tie.insert(j);
            }
            (true, false) | (false, true) => across_tied += 1,
            (false, false) => {}
        }
    }

    let isolated = members.iter().filter(|(i, _)| !has_inside_tie.contains(i)).map(|(_, c)| (*c).clone()).collect();

    GroupDensity {
        code: group.code.clone(),
        members: m,
        inside: ratio(inside_tied, pairs_among(m)),
        across: ratio(across_tied, m * (n - m)),
        isolated,
    }
}

/// The occasions of held meetings: every nation its format seated on its day (allies and partners).
pub fn meeting_occasions(
    network: &crate::registry::Network,
    meetings: &[(chrono::NaiveDate, crate::registry::FormatSpec)],
) -> Vec<Occasion> {
    use chrono::Datelike;
    meetings
        .iter()
        .map(|(day, spec)| Occasion {
            year: day.year(),
            nations: spec.resolve(network, *day).seats.into_iter().map(|s| s.nation).collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(s: &str) -> NationCode {
        s.parse().unwrap()
    }

    fn occ(year: i32, nations: &[&str]) -> Occasion {
        Occasion { year, nations: nations.iter().map(|s| c(s)).collect() }
    }

    fn group(code: &str, members: &[&str]) -> Group {
        Group { code: code.to_string(), members: members.iter().map(|s| c(s)).collect() }
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    #[test]
    fn two_groups_by_hand() {
        // North: AAA, BBB, CCC; South: DDD, EEE. FFF ungrouped.
        let occasions = vec![
            occ(2010, &["AAA", "BBB"]),
            occ(2011, &["AAA", "BBB", "DDD"]),
            occ(2012, &["DDD", "EEE"]),
            occ(2012, &["CCC", "FFF"]),
        ];
        let groups = vec![group("NORTH", &["AAA", "BBB", "CCC", "ZZZ"]), group("SOUTH", &["DDD", "EEE"])];
        let r = co_participation(&occasions, &groups, 2000, 2020);

        // Ties: AAA-BBB 2, AAA-DDD 1, BBB-DDD 1, DDD-EEE 1, CCC-FFF 1.
        let got: Vec<(&str, &str, u32)> = r.ties.iter().map(|t| (t.a.as_str(), t.b.as_str(), t.weight)).collect();
        assert_eq!(
            got,
            vec![("AAA", "BBB", 2), ("AAA", "DDD", 1), ("BBB", "DDD", 1), ("CCC", "FFF", 1), ("DDD", "EEE", 1)]
        );
        // 6 present, 15 possible pairs, 5 tied.
        assert!(close(r.density, 5.0 / 15.0));

        // NORTH: 3 present (ZZZ ignored); inside AAA-BBB of 3 pairs; across: AAA-DDD, BBB-DDD, CCC-FFF of 3*3.
        let north = &r.groups[0];
        assert_eq!(north.code, "NORTH");
        assert_eq!(north.members, 3);
        assert!(close(north.inside, 1.0 / 3.0));
        assert!(close(north.across, 3.0 / 9.0));
        assert_eq!(north.isolated, vec![c("CCC")]);

        // SOUTH: 2 present; inside DDD-EEE of 1; across AAA-DDD, BBB-DDD of 2*4.
        let south = &r.groups[1];
        assert_eq!(south.members, 2);
        assert!(close(south.inside, 1.0));
        assert!(close(south.across, 2.0 / 8.0));
        assert!(south.isolated.is_empty());

        let strength: Vec<(&str, u32, Option<&str>)> =
            r.nodes.iter().map(|n| (n.nation.as_str(), n.strength, n.group.as_deref())).collect();
        assert_eq!(
            strength,
            vec![
                ("AAA", 3, Some("NORTH")),
                ("BBB", 3, Some("NORTH")),
                ("CCC", 1, Some("NORTH")),
                ("DDD", 3, Some("SOUTH")),
                ("EEE", 1, Some("SOUTH")),
                ("FFF", 1, None),
            ]
        );
    }

    #[test]
    fn nation_without_tie_inside_group_is_isolated() {
        let occasions = vec![occ(2015, &["AAA", "XXX"]), occ(2015, &["BBB", "CCC"]), occ(2015, &["BBB", "XXX"])];
        let groups = vec![group("G", &["CCC", "AAA", "BBB"])];
        let r = co_participation(&occasions, &groups, 2015, 2015);
        assert_eq!(r.groups[0].isolated, vec![c("AAA")]);
        assert!(close(r.groups[0].inside, 1.0 / 3.0));
    }

    #[test]
    fn years_outside_the_period_are_ignored() {
        let occasions = vec![occ(2009, &["AAA", "BBB"]), occ(2010, &["AAA", "CCC"]), occ(2013, &["BBB", "CCC"])];
        let r = co_participation(&occasions, &[], 2010, 2012);
        assert_eq!(r.ties, vec![Tie { a: c("AAA"), b: c("CCC"), weight: 1 }]);
        assert_eq!(r.nodes.len(), 2);
        assert!(close(r.density, 1.0));
    }

    #[test]
    fn duplicate_codes_count_once() {
        let occasions = vec![occ(2010, &["AAA", "AAA", "BBB", "BBB"]), occ(2010, &["CCC", "CCC"])];
        let r = co_participation(&occasions, &[], 2010, 2010);
        assert_eq!(r.ties, vec![Tie { a: c("AAA"), b: c("BBB"), weight: 1 }]);
        // CCC is present but without ties.
        assert_eq!(r.nodes.len(), 3);
        assert_eq!(r.nodes[2].strength, 0);
        assert!(close(r.density, 1.0 / 3.0));
    }

    #[test]
    fn empty_input_gives_empty_output() {
        let groups = vec![group("G", &["AAA", "BBB"])];
        let r = co_participation(&[], &groups, 2000, 2020);
        assert!(r.nodes.is_empty());
        assert!(r.ties.is_empty());
        assert_eq!(r.density, None);
        assert_eq!(r.groups.len(), 1);
        assert_eq!(r.groups[0].members, 0);
        assert_eq!(r.groups[0].inside, None);
        assert_eq!(r.groups[0].across, None);
        assert!(r.groups[0].isolated.is_empty());
    }

    #[test]
    fn many_occasions_run_fast() {
        let names: Vec<NationCode> = (0..60).map(|i| c(&format!("N{i:02}"))).collect();
        let occasions: Vec<Occasion> = (0..14_000)
            .map(|k| Occasion {
                year: 2000 + (k % 20) as i32,
                nations: (0..10).map(|j| names[(k * 7 + j * 5) % 60].clone()).collect(),
            })
            .collect();
        let start = std::time::Instant::now();
        let r = co_participation(&occasions, &[group("G", &["N00", "N01"])], 2000, 2019);
        assert!(!r.ties.is_empty());
        assert!(start.elapsed().as_secs_f64() < 5.0);
    }

    fn code_strategy() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH"]).prop_map(String::from)
    }

    proptest! {
        #[test]
        fn nodes_on_unit_circle_ordered_by_group_then_code(
            raw in prop::collection::vec((2000i32..2005, prop::collection::vec(code_strategy(), 0..5)), 0..12),
            g1 in prop::collection::vec(code_strategy(), 0..4),
            g2 in prop::collection::vec(code_strategy(), 0..4),
        ) {
            let occasions: Vec<Occasion> = raw
                .iter()
                .map(|(y, ns)| Occasion { year: *y, nations: ns.iter().map(|s| c(s)).collect() })
                .collect();
            let groups = vec![
                Group { code: "G1".into(), members: g1.iter().map(|s| c(s)).collect() },
                Group { code: "G2".into(), members: g2.iter().map(|s| c(s)).collect() },
            ];
            let r = co_participation(&occasions, &groups, 2000, 2004);
            for n in &r.nodes {
                prop_assert!((n.x * n.x + n.y * n.y - 1.0).abs() < 1e-9);
            }
            let rank = |g: &Option<String>| groups.iter().position(|x| Some(&x.code) == g.as_ref()).unwrap_or(usize::MAX);
            for w in r.nodes.windows(2) {
                prop_assert!((rank(&w[0].group), &w[0].nation) < (rank(&w[1].group), &w[1].nation));
            }
            for t in &r.ties {
                prop_assert!(t.a < t.b);
            }
            for w in r.ties.windows(2) {
                prop_assert!((std::cmp::Reverse(w[0].weight), &w[0].a, &w[0].b) < (std::cmp::Reverse(w[1].weight), &w[1].a, &w[1].b));
            }
            let total: u32 = r.nodes.iter().map(|n| n.strength).sum();
            prop_assert_eq!(total, 2 * r.ties.iter().map(|t| t.weight).sum::<u32>());
        }
    }
}
