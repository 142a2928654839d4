//! Bad input is reported, never a panic.

use entente_allocation::input::{self, LoadError};
use entente_allocation::mechanism::{self, Mechanism};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Arbitrary text: an error or a valid instance, never a panic.
    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        let _ = input::parse_json(&text);
    }

    /// Structurally plausible JSON with wild values: errors name a field, or it allocates.
    #[test]
    fn wild_values_are_reported_or_allocated(
        seats in -5i64..5, cap in prop::option::of(-2i64..3), priority in -1i64..1002,
        req_seats in -3i64..4, start in prop_oneof![Just("2024-02-30"), Just("2024-02-01"), Just("24-1-1")],
        activity in prop_oneof![Just("A"), Just("B")], nation in prop_oneof![Just("GEO"), Just("ZZZ")],
        prereq in prop_oneof![Just(vec![]), Just(vec!["A"]), Just(vec!["X"])],
    ) {
        let json = serde_json::json!({
            "activities": [{"id": "A", "start": start, "seats": seats, "nation_cap": cap, "prerequisites": prereq}],
            "requests": [{"nation": nation, "activity": activity, "seats": req_seats, "priority": priority}]
        });
        match input::parse_json(&json.to_string()) {
            Ok(inst) => {
                for m in Mechanism::ALL {
                    prop_assert!(mechanism::allocate(&inst, m, 0).is_ok());
                }
            }
            Err(LoadError::Invalid(list)) => {
                prop_assert!(!list.is_empty());
                for e in list {
                    prop_assert!(e.at.starts_with("activities[0].") || e.at.starts_with("requests[0]."), "{}", e);
                }
            }
            Err(e) => prop_assert!(false, "unexpected {}", e),
        }
    }
}

#[test]
fn empty_problem_allocates_nothing() {
    let inst = input::parse_json(r#"{"activities": [], "requests": []}"#).expect("valid");
    for m in Mechanism::ALL {
        let out = mechanism::allocate(&inst, m, 0).expect("allocates");
        assert!(out.seats.is_empty());
    }
}
