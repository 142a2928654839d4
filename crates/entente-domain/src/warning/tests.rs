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
fn the_staff_and_the_affected_delegation_propose_consultations_on_an_open_alert() {
    let mut a = alert(AlertState::Acknowledged);
    assert!(!a.may_escalate("TUN", &delegate("NOR")));
    assert!(!a.may_escalate("TUN", &analyst()));
    assert!(a.may_escalate("TUN", &staff()));
    let p = a.escalate("TUN", &delegate("TUN")).unwrap();
    assert_eq!((p.action(), a.state), ("alert.escalated", AlertState::Escalated));
    assert_eq!(a.escalate("TUN", &staff()).unwrap_err().code(), "illegal_transition");
    assert!(!alert(AlertState::Dismissed).may_escalate("TUN", &staff()));
}

#[test]
fn thresholds_are_set_by_staff_writers_within_the_back_tested_range() {
    assert_eq!(set_threshold(&staff(), 4.0, (2.0, 10.0)).unwrap().action(), "threshold.set");
    assert_eq!(set_threshold(&staff(), 11.0, (2.0, 10.0)).unwrap_err().code(), "invalid");
    assert_eq!(set_threshold(&staff(), f64::NAN, (2.0, 10.0)).unwrap_err().code(), "invalid");
    assert_eq!(set_threshold(&analyst(), 4.0, (2.0, 10.0)).unwrap_err().code(), "not_permitted");
    assert!(may_read_calibration(&analyst()) && !may_read_calibration(&delegate("NOR")));
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

mod reports {
    use chrono::{Duration, NaiveDate};

    use crate::access::{Audience, Viewer};
    use crate::consultation::testing::{analyst, code, delegate, net, release, staff, t};
    use crate::warning::{ReportDraft, ReportStatus, ReportStep, SecurityReport, may_see_report};

    fn draft() -> ReportDraft {
        ReportDraft {
            category: "human_trafficking".into(),
            country: "lby".into(),
            admin1: " Tripoli ".into(),
            occurred_on: NaiveDate::from_ymd_opt(2024, 5, 2).unwrap(),
            until: None,
            description: "Boats leaving at night.\r\nSeen twice.".into(),
            sources: "Coast guard note".into(),
            fatalities: Some(2),
            release: release(Audience::StaffOnly),
        }
    }

    #[test]
    fn delegations_and_staff_file_analysts_do_not() {
        let at = t("2024-05-10T09:00:00Z");
        let (r, permit) = SecurityReport::file(&draft(), &delegate("TUN"), at).unwrap();
        assert_eq!(permit.action(), "report.filed");
        assert_eq!((r.country.as_str(), r.admin1.as_str(), r.status), ("LBY", "Tripoli", ReportStatus::New));
        assert_eq!(r.description, "Boats leaving at night.\nSeen twice.");
        assert_eq!(r.marking.originator, Some(code("TUN")));
        assert!(SecurityReport::file(&draft(), &staff(), at).is_ok());
        assert_eq!(SecurityReport::file(&draft(), &analyst(), at).unwrap_err().code(), "not_permitted");
        for (field, change) in [
            (
                "category",
                Box::new(|d: &mut ReportDraft| d.category = "Piracy!".into()) as Box<dyn Fn(&mut ReportDraft)>,
            ),
            ("country", Box::new(|d: &mut ReportDraft| d.country = "Libya".into())),
            ("description", Box::new(|d: &mut ReportDraft| d.description = "  ".into())),
            (
                "occurred_on",
                Box::new(|d: &mut ReportDraft| d.occurred_on = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()),
            ),
            ("until", Box::new(|d: &mut ReportDraft| d.until = NaiveDate::from_ymd_opt(2024, 5, 1))),
            ("admin1", Box::new(|d: &mut ReportDraft| d.admin1 = "a\u{0}b".into())),
        ] {
            let mut d = draft();
            change(&mut d);
            let e = SecurityReport::file(&d, &delegate("TUN"), at).unwrap_err();
            assert!(e.to_string().starts_with(field), "{field}: {e}");
        }
    }

    #[test]
    fn staff_triage_in_order_with_reasons_and_the_author_sees_its_own() {
        let at = t("2024-05-10T09:00:00Z");
        let (mut r, _) = SecurityReport::file(&draft(), &delegate("TUN"), at).unwrap();
        r.id = 4;
        assert!(r.allowed_steps(&delegate("TUN"), at).is_empty());
        assert_eq!(r.allowed_steps(&staff(), at).len(), 5);
        assert_eq!(r.clone().step(ReportStep::Dismiss, " ", &staff(), at).unwrap_err().code(), "invalid");
        let p = r.step(ReportStep::Review, "", &staff(), at + Duration::hours(1)).unwrap();
        assert_eq!((p.action(), r.status), ("report.under_review", ReportStatus::UnderReview));
        assert_eq!(r.clone().step(ReportStep::Review, "", &staff(), at).unwrap_err().code(), "illegal_transition");
        let p = r.step(ReportStep::Verify, "", &staff(), at + Duration::hours(2)).unwrap();
        assert_eq!((p.action(), r.status, r.history.len()), ("report.verified", ReportStatus::Verified, 3));
        assert!(r.allowed_steps(&staff(), at).is_empty(), "a verified report is settled");
        // Under a staff-only marking: the staff and the author's nation see it; Norway does not.
        let (n, tun, nor, s) = (net(), delegate("TUN"), delegate("NOR"), staff());
        assert!(may_see_report(Viewer::User(&tun), &r, n));
        assert!(may_see_report(Viewer::User(&s), &r, n));
        assert!(!may_see_report(Viewer::User(&nor), &r, n));
        assert!(!may_see_report(Viewer::Anonymous, &r, n));
    }

    #[test]
    fn the_filing_delegation_and_staff_add_documents_while_the_report_is_open() {
        use crate::warning::ATTACHMENTS_MAX;
        let at = t("2024-05-10T09:00:00Z");
        let (mut r, _) = SecurityReport::file(&draft(), &delegate("TUN"), at).unwrap();
        r.id = 7;
        let p = r.attach(0, &delegate("TUN")).unwrap();
        assert_eq!(p.action(), "report.document_added");
        assert!(p.covers(crate::warning::subject::REPORT, 7));
        assert!(r.may_attach(3, &staff()));
        // Another nation, an analyst, a report the staff filed for a delegation: refused.
        for (who, why) in [(delegate("NOR"), "another nation"), (analyst(), "an analyst")] {
            assert_eq!(r.attach(0, &who).unwrap_err().code(), "not_permitted", "{why}");
        }
        let (by_staff, _) = SecurityReport::file(&draft(), &staff(), at).unwrap();
        assert!(!by_staff.may_attach(0, &delegate("TUN")));
        assert!(by_staff.may_attach(0, &staff()));
        // At most ATTACHMENTS_MAX, and only while open.
        let e = r.attach(ATTACHMENTS_MAX, &delegate("TUN")).unwrap_err();
        assert!(e.to_string().starts_with("file: a report carries at most 10"), "{e}");
        r.step(ReportStep::Review, "", &staff(), at).unwrap();
        assert!(r.may_attach(1, &delegate("TUN")), "under review is still open");
        r.step(ReportStep::Verify, "", &staff(), at).unwrap();
        let e = r.attach(1, &delegate("TUN")).unwrap_err();
        assert_eq!(e.code(), "invalid");
        assert!(e.to_string().contains("this one is verified"), "{e}");
    }
}
