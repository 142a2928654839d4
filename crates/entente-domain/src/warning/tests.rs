use super::*;
use crate::consultation::testing::{analyst, delegate, staff};

fn alert(state: AlertState) -> AlertStatus {
    AlertStatus { id: 7, state, reason: None, version: 1 }
}

#[test]
fn staff_acknowledge_dismiss_and_reopen_in_order() {
    let mut a = alert(AlertState::New);
    let p = a.acknowledge(&staff()).unwrap();
    assert_eq!((p.action(), a.state), ("alert.acknowledged", AlertState::Acknowledged));
    assert!(p.covers(subject::ALERT, 7));
    let e = a.acknowledge(&staff()).unwrap_err();
    assert_eq!(e.code(), "illegal_transition");
    assert_eq!(a.dismiss("  ", &staff()).unwrap_err().code(), "invalid");
    assert_eq!(a.dismiss("bad\u{7}", &staff()).unwrap_err().code(), "invalid");
    assert_eq!(a.dismiss(&"x".repeat(REASON_MAX + 1), &staff()).unwrap_err().code(), "invalid");
    let p = a.dismiss(" seasonal market days \r\n", &staff()).unwrap();
    assert_eq!(
        (p.action(), a.state, a.reason.as_deref()),
        ("alert.dismissed", AlertState::Dismissed, Some("seasonal market days"))
    );
    assert_eq!(a.dismiss("again", &staff()).unwrap_err().code(), "illegal_transition");
    let p = a.reopen(&staff()).unwrap();
    assert_eq!((p.action(), a.state, a.reason.as_deref()), ("alert.reopened", AlertState::New, None));
    assert_eq!(a.reopen(&staff()).unwrap_err().code(), "illegal_transition");
}

#[test]
fn analysts_and_delegations_read_but_do_not_move_an_alert() {
    for who in [analyst(), delegate("TUN"), delegate("NOR")] {
        let a = alert(AlertState::New);
        assert!(a.allowed_actions(&who).is_empty());
        assert_eq!(a.clone().acknowledge(&who).unwrap_err().code(), "not_permitted");
        assert!(import_events(&who).is_err() && run_detection(&who).is_err());
    }
}

#[test]
fn allowed_actions_follow_the_state() {
    let s = staff();
    assert_eq!(alert(AlertState::New).allowed_actions(&s), [AlertAction::Acknowledge, AlertAction::Dismiss]);
    assert_eq!(alert(AlertState::Acknowledged).allowed_actions(&s), [AlertAction::Dismiss]);
    assert_eq!(alert(AlertState::Dismissed).allowed_actions(&s), [AlertAction::Reopen]);
    assert!(alert(AlertState::Escalated).allowed_actions(&s).is_empty());
    assert_eq!(import_events(&s).unwrap().action(), "events.imported");
    assert_eq!(run_detection(&s).unwrap().action(), "alerts.detected");
    for st in AlertState::ALL {
        assert_eq!(st.as_str().parse::<AlertState>().unwrap(), st);
    }
    assert!("x".parse::<AlertState>().is_err());
}
