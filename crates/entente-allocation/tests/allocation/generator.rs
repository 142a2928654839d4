//! The generator: real nations, the promised scale and skew, reproducible.

use entente_allocation::generate::{self, Scale};
use entente_allocation::input;

#[test]
fn pcm_scale_is_realistic() {
    let file = generate::generate(Scale::Pcm, 3).expect("generates");
    let inst = input::validate(&file, &input::Origin::Json).expect("the generator writes valid input");
    assert!((67..=75).contains(&inst.nations.len()), "{} nations", inst.nations.len());
    assert_eq!(inst.activities.len(), 1_400);
    assert!((50_000..=70_000).contains(&inst.requests.len()), "{} request arcs", inst.requests.len());
    assert!(inst.nations.iter().any(|n| n.code == "GEO") && inst.nations.iter().all(|n| n.code != "RUS"));
    // A few activities are about five times oversubscribed.
    let mut asked = vec![0u64; inst.activities.len()];
    for r in &inst.requests {
        asked[r.activity] += u64::from(r.seats);
    }
    let hot = inst.activities.iter().zip(&asked).filter(|(a, d)| **d as f64 >= 4.5 * f64::from(a.seats)).count();
    assert!((14..=140).contains(&hot), "{hot} activities ≥ 4.5× oversubscribed");
    // Large states ask for more than small ones.
    let mean_asked = |lo: f64, hi: f64| {
        let members: Vec<usize> = (0..inst.nations.len())
            .filter(|&i| inst.nations[i].population_millions.is_some_and(|p| p >= lo && p < hi))
            .collect();
        let total: u64 = inst.requests.iter().filter(|r| members.contains(&r.nation)).map(|r| u64::from(r.seats)).sum();
        total as f64 / members.len() as f64
    };
    assert!(mean_asked(40.0, f64::INFINITY) > 1.5 * mean_asked(0.0, 3.0));
    // Some requests are ineligible by framework, some nominees clash.
    assert!(inst.requests.iter().any(|r| r.ineligible.is_some()));
    assert!(inst.requests.iter().all(|r| !r.nominees.is_empty()));
}

#[test]
fn same_seed_same_bytes() {
    let a = serde_json::to_string(&generate::generate(Scale::Activities(50), 9).expect("generates")).expect("json");
    let b = serde_json::to_string(&generate::generate(Scale::Activities(50), 9).expect("generates")).expect("json");
    let c = serde_json::to_string(&generate::generate(Scale::Activities(50), 10).expect("generates")).expect("json");
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn scales_parse() {
    assert_eq!("pcm".parse::<Scale>(), Ok(Scale::Pcm));
    assert_eq!("x100".parse::<Scale>(), Ok(Scale::X100));
    assert_eq!("12".parse::<Scale>(), Ok(Scale::Activities(12)));
    assert!("huge".parse::<Scale>().is_err());
    assert_eq!(Scale::X100.activities(), 22_400);
}
