//! Any bytes given to the JSON input parser: no panic; bad input is an error that names a place;
//! good input is a canonical instance whose every index is valid.
#![no_main]

use entente_allocation::input::{self, LoadError};
use entente_allocation::model::Instance;
use libfuzzer_sys::fuzz_target;

/// What validation promises about an instance it returns.
fn check(inst: &Instance) {
    assert!(inst.nations.windows(2).all(|w| w[0].code < w[1].code));
    assert!(inst.activities.windows(2).all(|w| w[0].id < w[1].id));
    assert!(inst.nations.iter().all(|n| n.weight.is_finite() && n.weight > 0.0));
    for p in &inst.people {
        assert!(p.nation < inst.nations.len());
    }
    for a in &inst.activities {
        assert!(a.start <= a.end);
        assert!(a.prerequisites.iter().all(|p| p.activity.is_none_or(|k| k < inst.activities.len())));
    }
    for r in &inst.requests {
        assert!(r.nation < inst.nations.len() && r.activity < inst.activities.len());
        assert!(r.seats >= 1 && r.usable <= r.seats);
        assert!((1..=input::MAX_PRIORITY as u32).contains(&r.priority));
        assert!(r.ineligible.is_none() || r.usable == 0);
    }
    assert!(inst.requests.windows(2).all(|w| (w[0].nation, w[0].activity) < (w[1].nation, w[1].activity)));
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match input::parse_json(text) {
        Ok(inst) => check(&inst),
        Err(LoadError::Invalid(errors)) => {
            assert!(!errors.is_empty());
            assert!(errors.iter().all(|e| !e.at.is_empty() && !e.message.is_empty()));
        }
        Err(LoadError::Syntax(message)) => assert!(!message.is_empty()),
        Err(LoadError::Io { .. }) => panic!("parsing text does no I/O"),
    }
});
