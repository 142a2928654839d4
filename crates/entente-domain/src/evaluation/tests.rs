//! The indicators checked by hand and on the demo network.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::equal::{PERMUTATION_ROUNDS, SeatOutcome, SizeMeasure, seat_fulfilment};
use super::path::{PathStatus, active_partners_by_year, paths_to_membership};
use super::stats::{gini, permutation_test, quantile, summary, terciles};
use super::*;
use crate::registry::{Nation, NationCode, NationKind, NationSize, Network, demo_network};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}
fn code(s: &str) -> NationCode {
    s.parse().unwrap()
}
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn questions_round_trip() {
    for (i, q) in Question::ALL.into_iter().enumerate() {
        assert_eq!(usize::from(q.number()), i + 1);
        assert_eq!(Question::parse(q.as_str()), Some(q));
        assert_eq!(Question::parse(&q.as_str().to_uppercase()), Some(q));
    }
    assert_eq!(Question::Q5.as_str(), "q5");
    assert_eq!(Question::parse("q9"), None);
    assert_eq!(Question::parse(""), None);
}

#[test]
fn quantiles_are_nearest_rank() {
    let v = [3.0, 1.0, 2.0, 5.0, 4.0];
    assert_eq!(quantile(&v, 0.5), Some(3.0)); // ceil(2.5) = 3rd
    assert_eq!(quantile(&v, 0.9), Some(5.0)); // ceil(4.5) = 5th
    assert_eq!(quantile(&v, 0.0), Some(1.0)); // rank clamped to 1
    assert_eq!(quantile(&v, 1.0), Some(5.0));
    assert_eq!(quantile(&[], 0.5), None);
    assert_eq!(quantile(&[f64::NAN], 0.5), None);
    let ten: Vec<f64> = (1..=10).map(f64::from).chain([f64::NAN]).collect();
    let s = summary(&ten);
    assert_eq!(s.count, 10);
    assert_eq!(s.mean, Some(5.5));
    assert_eq!(s.median, Some(5.0)); // ceil(5) = 5th
    assert_eq!(s.p90, Some(9.0)); // ceil(9) = 9th
    assert_eq!(summary(&[]), stats::Summary { count: 0, mean: None, median: None, p90: None });
}

#[test]
fn gini_by_hand() {
    assert_eq!(gini(&[]), None);
    assert_eq!(gini(&[1.0, 1.0, 1.0]), Some(0.0));
    assert_eq!(gini(&[0.0, 0.0, 0.0]), Some(0.0));
    assert!(close(gini(&[0.0, 0.0, 0.0, 1.0]).unwrap(), 0.75));
    assert!(close(gini(&[1.0, 0.0, 0.0, 0.0]).unwrap(), 0.75));
    // [1, 2, 3]: 2·(1+4+9)/(3·6) − 4/3 = 28/18 − 24/18 = 2/9.
    assert!(close(gini(&[3.0, 1.0, 2.0]).unwrap(), 2.0 / 9.0));
}

#[test]
fn tercile_sizes() {
    let expected: [[usize; 3]; 8] =
        [[0, 0, 0], [0, 1, 0], [1, 0, 1], [1, 1, 1], [1, 2, 1], [2, 1, 2], [2, 2, 2], [2, 3, 2]];
    for (n, sizes) in expected.iter().enumerate() {
        let items: Vec<(usize, f64)> = (0..n).map(|i| (i, (n - i) as f64)).collect();
        let t = terciles(items);
        assert_eq!(t.each_ref().map(Vec::len), *sizes, "n = {n}");
    }
    // Ascending by value, ties in original order.
    let t = terciles(vec![("a", 2.0), ("b", 1.0), ("c", 2.0), ("d", 0.5), ("e", 2.0)]);
    let names = t.map(|g| g.into_iter().map(|(s, _)| s).collect::<Vec<_>>());
    assert_eq!(names, [vec!["d", "b"], vec!["a"], vec!["c", "e"]]);
}

#[test]
fn permutation_test_by_hand() {
    let apart = [vec![1.0, 2.0, 3.0, 4.0, 5.0], vec![101.0, 102.0, 103.0, 104.0, 105.0]];
    let t = permutation_test(&apart, 2000, 7).unwrap();
    // Means 3 and 103 around 53: 5·50² + 5·50² = 25,000.
    assert!(close(t.statistic, 25_000.0));
    assert!(t.p_value < 0.05, "{}", t.p_value);
    assert!(t.effect_size > 0.99);
    assert_eq!((t.rounds, t.seed), (2000, 7));
    assert_eq!(permutation_test(&apart, 2000, 7), Some(t));

    let same = [vec![1.0, 2.0, 3.0], vec![1.0, 2.0, 3.0]];
    let t = permutation_test(&same, 500, 1).unwrap();
    assert_eq!(t.statistic, 0.0);
    assert_eq!(t.p_value, 1.0);
    assert_eq!(t.effect_size, 0.0);

    assert_eq!(permutation_test(&[vec![1.0, 2.0, 3.0], vec![]], 10, 1), None);
    assert_eq!(permutation_test(&[vec![1.0], vec![2.0]], 10, 1), None);
    assert!(permutation_test(&[vec![1.0], vec![2.0, 3.0], vec![]], 10, 1).is_some());
    assert_eq!(permutation_test(&[vec![1.0], vec![2.0, 3.0]], 0, 1).unwrap().p_value, 1.0);
}

proptest! {
    #[test]
    fn gini_is_in_unit_interval(v in prop::collection::vec(0.0f64..1e6, 1..60)) {
        let g = gini(&v).unwrap();
        prop_assert!((0.0..1.0).contains(&g), "{}", g);
    }

    #[test]
    fn permutation_p_is_a_probability(
        groups in prop::collection::vec(prop::collection::vec(-100.0f64..100.0, 0..8), 0..5),
        rounds in 0u32..60,
        seed: u64,
    ) {
        if let Some(t) = permutation_test(&groups, rounds, seed) {
            prop_assert!(t.p_value > 0.0 && t.p_value <= 1.0);
            prop_assert!((0.0..=1.0).contains(&t.effect_size));
            prop_assert_eq!(Some(t), permutation_test(&groups, rounds, seed));
        }
    }

    #[test]
    fn terciles_partition_and_are_ordered(v in prop::collection::vec(-1e3f64..1e3, 0..40)) {
        let n = v.len();
        let t = terciles(v.iter().copied().enumerate().collect());
        let sizes = t.each_ref().map(Vec::len);
        prop_assert_eq!(sizes.iter().sum::<usize>(), n);
        prop_assert!(sizes.iter().max().unwrap_or(&0) - sizes.iter().min().unwrap_or(&0) <= 1);
        let mut seen: Vec<usize> = t.iter().flatten().map(|(i, _)| *i).collect();
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..n).collect::<Vec<_>>());
        for (i, x) in t.iter().flatten() {
            prop_assert_eq!(*x, v[*i]);
        }
        let flat: Vec<f64> = t.iter().flatten().map(|(_, x)| *x).collect();
        prop_assert!(flat.windows(2).all(|w| w[0] <= w[1]));
    }
}

#[test]
fn paths_on_the_demo_network() {
    let net = demo_network().unwrap();
    let paths = paths_to_membership(&net, d("2024-12-31"));
    let find = |c: &str| paths.iter().find(|p| p.nation.as_str() == c);

    let pol = find("POL").unwrap();
    assert_eq!(pol.status, PathStatus::Acceded);
    assert_eq!(pol.first_framework.as_str(), "PFP");
    assert_eq!(pol.partner_since, d("1994-02-02"));
    assert_eq!(pol.member_since, Some(d("1999-03-12")));
    assert!((pol.years - 5.1).abs() < 0.05, "{}", pol.years);
    for (c, joined) in [("FIN", "2023-04-04"), ("SWE", "2024-03-07")] {
        let p = find(c).unwrap();
        assert_eq!(p.status, PathStatus::Acceded);
        assert_eq!(p.partner_since, d("1994-05-09"));
        assert_eq!(p.member_since, Some(d(joined)));
    }
    for c in ["BIH", "GEO", "UKR"] {
        let p = find(c).unwrap();
        assert_eq!(p.status, PathStatus::Aspirant, "{c}");
        assert_eq!(p.member_since, None);
        assert!(close(p.years, (d("2024-12-31") - p.partner_since).num_days() as f64 / 365.25));
    }
    for c in ["AUT", "BEL", "USA", "RUS", "CHE"] {
        assert!(find(c).is_none(), "{c}");
    }

    // Acceded first, by accession; aspirants after, by partnership.
    let split = paths.iter().position(|p| p.status == PathStatus::Aspirant).unwrap();
    assert!(paths[split..].iter().all(|p| p.status == PathStatus::Aspirant));
    assert!(paths[..split].windows(2).all(|w| w[0].member_since <= w[1].member_since));
    assert!(paths[split..].windows(2).all(|w| w[0].partner_since <= w[1].partner_since));

    // Before its accession Finland is neither an ally nor marked as an aspirant.
    let earlier = paths_to_membership(&net, d("2022-12-31"));
    assert!(earlier.iter().all(|p| p.nation.as_str() != "FIN"));
    assert!(earlier.iter().any(|p| p.nation.as_str() == "POL"));
}

#[test]
fn active_partners_on_the_demo_network() {
    let net = demo_network().unwrap();
    let rows = active_partners_by_year(&net, 1990, 2030, d("2024-06-30"));
    let count = |y: i32, f: &str| rows.iter().find(|r| r.year == y && r.framework.as_str() == f).map(|r| r.active);
    assert!(count(1994, "PFP").unwrap() > 0);
    assert_eq!(count(1990, "PFP"), Some(0));
    assert!(rows.iter().all(|r| !r.framework.is_alliance()));
    assert!(rows.iter().all(|r| r.year <= 2024));
    assert!(rows.windows(2).all(|w| (w[0].year, &w[0].framework) < (w[1].year, &w[1].framework)));
    // 2024 is counted on the day asked: Sweden left PfP on 2024-03-07.
    let pfp_2024 = count(2024, "PFP").unwrap();
    assert_eq!(pfp_2024, net.members_of(&"PFP".parse().unwrap(), d("2024-06-30")).len());
    assert!(active_partners_by_year(&net, 2025, 2026, d("2024-06-30")).is_empty());
}

fn nation(c: &str, population: Option<f64>) -> Nation {
    Nation {
        code: code(c),
        name: c.to_string(),
        name_fr: None,
        kind: if population.is_some() { NationKind::PartnerState } else { NationKind::PartnerOrg },
        region: None,
        size: population.map(|p| NationSize {
            population_millions: p,
            gdp_usd_billions: 1.0,
            year: 2023,
            source: "test".to_string(),
        }),
    }
}

fn outcome(c: &str, year: i32, asked: u32, granted: u32) -> SeatOutcome {
    SeatOutcome { nation: code(c), year, asked, granted }
}

#[test]
fn seat_fulfilment_by_hand() {
    let sizes = [("AAA", 1.0), ("BBB", 2.0), ("CCC", 5.0), ("DDD", 10.0), ("EEE", 50.0), ("FFF", 100.0), ("GGG", 3.0)];
    let net = Network::new(sizes.iter().map(|&(c, p)| nation(c, Some(p))).chain([nation("ORGX", None)]), Vec::new());
    let outcomes = [
        outcome("AAA", 2020, 4, 2),
        outcome("AAA", 2021, 2, 2),
        outcome("BBB", 2020, 5, 5),
        outcome("CCC", 2020, 4, 1),
        outcome("DDD", 2021, 4, 3),
        outcome("EEE", 2020, 10, 10),
        outcome("EEE", 2021, 0, 0),
        outcome("FFF", 2021, 2, 2),
        outcome("GGG", 2020, 0, 0),
        outcome("ZZZ", 2020, 1, 0),
        outcome("ORGX", 2021, 3, 1),
    ];
    let r = seat_fulfilment(&net, SizeMeasure::Population, &outcomes, 11);

    let got: Vec<(&str, u8, u64, u64)> =
        r.nations.iter().map(|n| (n.nation.as_str(), n.tercile, n.asked, n.granted)).collect();
    assert_eq!(
        got,
        [("AAA", 1, 6, 4), ("BBB", 1, 5, 5), ("CCC", 2, 4, 1), ("DDD", 2, 4, 3), ("EEE", 3, 10, 10), ("FFF", 3, 2, 2)]
    );
    assert!(close(r.nations[0].fulfilment, 4.0 / 6.0));
    assert_eq!(r.without_size, [code("ORGX"), code("ZZZ")]);

    let lines: Vec<(u8, usize, f64, f64, u64, u64)> =
        r.terciles.iter().map(|t| (t.tercile, t.nations, t.size_min, t.size_max, t.asked, t.granted)).collect();
    assert_eq!(lines, [(1, 2, 1.0, 2.0, 11, 9), (2, 2, 5.0, 10.0, 8, 4), (3, 2, 50.0, 100.0, 12, 12)]);
    let means = [(2.0 / 3.0 + 1.0) / 2.0, 0.5, 1.0];
    let pooled = [9.0 / 11.0, 0.5, 1.0];
    for (i, t) in r.terciles.iter().enumerate() {
        assert!(close(t.mean_fulfilment, means[i]), "{i}");
        assert!(close(t.pooled_fulfilment, pooled[i]), "{i}");
    }

    assert_eq!(r.by_year.iter().map(|y| y.year).collect::<Vec<_>>(), [2020, 2021]);
    let expect = [[7.0 / 9.0, 0.25, 1.0], [1.0, 0.75, 1.0]];
    for (y, e) in r.by_year.iter().zip(expect) {
        for (got, want) in y.pooled.iter().zip(e) {
            assert!(close(got.unwrap(), want), "{}: {got:?} vs {want}", y.year);
        }
    }

    let fulfilments: Vec<f64> = r.nations.iter().map(|n| n.fulfilment).collect();
    assert_eq!(r.gini, gini(&fulfilments));
    let test = r.test.unwrap();
    assert_eq!(test.rounds, PERMUTATION_ROUNDS);
    assert_eq!(test.seed, 11);
    assert!(test.p_value > 0.0 && test.p_value <= 1.0);
    assert_eq!(seat_fulfilment(&net, SizeMeasure::Population, &outcomes, 11), r);
}

#[test]
fn seat_fulfilment_with_few_nations() {
    let net = Network::new([nation("AAA", Some(1.0))], Vec::new());
    let r =
        seat_fulfilment(&net, SizeMeasure::Population, &[outcome("AAA", 2020, 2, 1), outcome("AAA", 2021, 0, 0)], 1);
    assert_eq!(r.nations.len(), 1);
    assert_eq!(r.nations[0].tercile, 2);
    assert_eq!(r.terciles.len(), 1);
    assert_eq!(r.test, None);
    assert_eq!(r.gini, Some(0.0));
    assert_eq!(r.by_year[1].pooled, [None, None, None]);
    assert_eq!(r.by_year[0].pooled, [None, Some(0.5), None]);
    let empty = seat_fulfilment(&net, SizeMeasure::Population, &[], 1);
    assert!(empty.nations.is_empty() && empty.terciles.is_empty() && empty.by_year.is_empty());
    assert_eq!((empty.gini, empty.test), (None, None));
}
