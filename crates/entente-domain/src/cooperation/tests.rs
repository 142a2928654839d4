use std::collections::BTreeSet;

use chrono::Duration;

use super::*;
use crate::Lang;
use crate::access::Audience;
use crate::consultation::testing::{analyst, code, d, delegate, fw, net, release, staff, t};

fn draft(start: &str) -> ActivityDraft {
    ActivityDraft {
        code: "pfp-cyb-01".into(),
        title_en: "Cyber defence course".into(),
        title_fr: "Cours de cyberdéfense".into(),
        aim_en: "Build incident response teams.".into(),
        aim_fr: "Former des équipes de réponse.".into(),
        area: "CYB".into(),
        kind: ActivityKind::Course,
        institution: String::new(),
        start: d(start),
        end: d(start) + Duration::days(4),
        location: "Tallinn".into(),
        languages: vec![Lang::En],
        seats: 20,
        nation_cap: Some(2),
        frameworks: vec![fw("PFP")],
        prerequisites: vec![],
        fee_eur: 0,
        deadline: d(start) - Duration::days(30),
        release: release(Audience::AllPartners),
    }
}

fn published(start: &str) -> Activity {
    let (mut a, _) =
        Activity::propose(ActivityId(7), &draft(start), &delegate("EST"), t("2024-01-10T09:00:00Z"), net()).unwrap();
    a.approve(&staff(), t("2024-01-11T09:00:00Z")).unwrap();
    a
}

#[test]
fn every_area_has_both_names_and_the_menu_has_thirty() {
    assert_eq!(areas().len(), 30);
    for a in areas() {
        assert!(!a.name(Lang::En).is_empty() && !a.name(Lang::Fr).is_empty(), "{}", a.code);
    }
    assert_eq!(area("CYB").unwrap().name(Lang::Fr), "Cyberdéfense");
}

#[test]
fn allies_partner_institutions_and_staff_propose_partner_states_do_not() {
    let at = t("2024-01-10T09:00:00Z");
    let (a, permit) = Activity::propose(ActivityId(0), &draft("2024-06-03"), &delegate("EST"), at, net()).unwrap();
    assert_eq!(permit.action(), "activity.proposed");
    assert_eq!(a.provider, Provider::Nation(code("EST")));
    assert_eq!(a.code, "PFP-CYB-01");
    assert_eq!(a.marking.originator, Some(code("EST")));
    let e = Activity::propose(ActivityId(0), &draft("2024-06-03"), &delegate("GEO"), at, net()).unwrap_err();
    assert_eq!(e.code(), "not_permitted");
    assert!(Activity::propose(ActivityId(0), &draft("2024-06-03"), &analyst(), at, net()).is_err());
    // Staff name the institution.
    let e = Activity::propose(ActivityId(0), &draft("2024-06-03"), &staff(), at, net()).unwrap_err();
    assert!(e.to_string().starts_with("institution:"), "{e}");
    let mut by_staff = draft("2024-06-03");
    by_staff.institution = "NATO School Oberammergau".into();
    let (a, _) = Activity::propose(ActivityId(0), &by_staff, &staff(), at, net()).unwrap();
    assert_eq!(a.provider, Provider::Institution("NATO School Oberammergau".into()));
}

#[test]
fn bad_drafts_name_the_field() {
    let at = t("2024-01-10T09:00:00Z");
    type Change = Box<dyn Fn(&mut ActivityDraft)>;
    let cases: Vec<(&str, Change)> = vec![
        ("area", Box::new(|x| x.area = "XXX".into())),
        ("end", Box::new(|x| x.end = x.start - Duration::days(1))),
        ("deadline", Box::new(|x| x.deadline = x.start + Duration::days(1))),
        ("seats", Box::new(|x| x.seats = 0)),
        ("nation_cap", Box::new(|x| x.nation_cap = Some(21))),
        ("languages", Box::new(|x| x.languages.clear())),
        ("frameworks", Box::new(|x| x.frameworks = vec![fw("ALLIANCE")])),
        ("title_fr", Box::new(|x| x.title_fr = " ".into())),
        ("code", Box::new(|x| x.code = "A B".into())),
    ];
    for (field, change) in cases {
        let mut x = draft("2024-06-03");
        change(&mut x);
        let e = Activity::propose(ActivityId(0), &x, &delegate("EST"), at, net()).unwrap_err();
        assert!(matches!(&e, CooperationError::Invalid { field: f, .. } if *f == field), "{field}: {e}");
    }
}

#[test]
fn the_workflow_refuses_steps_out_of_order() {
    let (mut a, _) =
        Activity::propose(ActivityId(3), &draft("2024-06-03"), &delegate("EST"), t("2024-01-10T09:00:00Z"), net())
            .unwrap();
    assert!(a.complete(&staff(), t("2024-07-01T00:00:00Z")).is_err());
    a.return_for_changes("Dates clash with the exercise.", &staff(), t("2024-01-11T09:00:00Z")).unwrap();
    assert_eq!(a.status(), ActivityStatus::Returned);
    assert_eq!(a.approve(&staff(), t("2024-01-12T09:00:00Z")).unwrap_err().code(), "illegal_transition");
    // Only the proposer resubmits.
    assert!(a.resubmit(&draft("2024-06-10"), &delegate("LVA"), t("2024-01-12T09:00:00Z"), net()).is_err());
    a.resubmit(&draft("2024-06-10"), &delegate("EST"), t("2024-01-12T09:00:00Z"), net()).unwrap();
    assert_eq!((a.status(), a.start), (ActivityStatus::Proposed, d("2024-06-10")));
    assert_eq!(a.approve(&delegate("EST"), t("2024-01-13T09:00:00Z")).unwrap_err().code(), "not_permitted");
    a.approve(&staff(), t("2024-01-13T09:00:00Z")).unwrap();
    assert!(a.complete(&staff(), t("2024-06-12T09:00:00Z")).is_err(), "not before it has ended");
    a.complete(&delegate("EST"), t("2024-06-20T09:00:00Z")).unwrap();
    assert_eq!(a.cancel("late", &staff(), t("2024-06-21T09:00:00Z")).unwrap_err().code(), "illegal_transition");
    let back = Activity::from_parts(a.clone(), a.history().to_vec()).unwrap();
    assert_eq!(back, a);
    let mut bad = a.history().to_vec();
    bad.swap(1, 2);
    assert!(Activity::from_parts(a.clone(), bad).is_err());
}

#[test]
fn a_proposal_is_seen_by_its_proposer_and_staff_only_until_published() {
    let (mut a, _) =
        Activity::propose(ActivityId(3), &draft("2024-06-03"), &delegate("EST"), t("2024-01-10T09:00:00Z"), net())
            .unwrap();
    let (est, geo, fra) = (delegate("EST"), delegate("GEO"), delegate("FRA"));
    use crate::access::Viewer::User;
    assert!(may_see_activity(User(&est), &a, net()));
    assert!(may_see_activity(User(&staff()), &a, net()));
    assert!(!may_see_activity(User(&geo), &a, net()));
    assert!(!may_see_activity(User(&fra), &a, net()));
    a.approve(&staff(), t("2024-01-11T09:00:00Z")).unwrap();
    assert!(may_see_activity(User(&geo), &a, net()));
    assert!(may_see_activity(User(&fra), &a, net()));
}

#[test]
fn eligibility_is_judged_on_the_first_day() {
    let a = published("2024-06-03");
    let none = BTreeSet::new();
    assert_eq!(a.eligibility(&code("GEO"), &none, net()), Eligibility::Eligible);
    assert_eq!(a.eligibility(&code("FRA"), &none, net()), Eligibility::Eligible, "allies always");
    // Sweden left PfP when it joined the alliance on 2024-03-07; Tunisia is not in PfP.
    assert!(matches!(a.eligibility(&code("TUN"), &none, net()), Eligibility::Framework { .. }));
    let mut with_pre = a.clone();
    with_pre.prerequisites = vec![ActivityId(1)];
    assert_eq!(with_pre.eligibility(&code("GEO"), &none, net()), Eligibility::Prerequisite { missing: ActivityId(1) });
    assert_eq!(with_pre.eligibility(&code("GEO"), &BTreeSet::from([ActivityId(1)]), net()), Eligibility::Eligible);
}

#[test]
fn seat_requests_follow_deadline_eligibility_and_caps() {
    let a = published("2024-06-03");
    let none = BTreeSet::new();
    let ok = SeatRequestDraft { seats: 2, priority: 1, nominees: vec!["Nino B.".into(), " ".into()] };
    let at = t("2024-03-01T09:00:00Z");
    let (r, permit) = SeatRequest::submit(SeatRequestId(0), &a, &ok, &none, &delegate("GEO"), at, net()).unwrap();
    assert_eq!(permit.action(), "seat_request.submitted");
    assert_eq!(r.nominees, vec!["Nino B.".to_string()]);
    let too_many = SeatRequestDraft { seats: 3, ..ok.clone() };
    assert_eq!(
        SeatRequest::submit(SeatRequestId(0), &a, &too_many, &none, &delegate("GEO"), at, net()).unwrap_err().code(),
        "invalid"
    );
    let late = t("2024-05-10T09:00:00Z");
    assert_eq!(
        SeatRequest::submit(SeatRequestId(0), &a, &ok, &none, &delegate("GEO"), late, net()).unwrap_err().code(),
        "conflict"
    );
    assert_eq!(
        SeatRequest::submit(SeatRequestId(0), &a, &ok, &none, &delegate("TUN"), at, net()).unwrap_err().code(),
        "not_eligible"
    );
    assert!(SeatRequest::submit(SeatRequestId(0), &a, &ok, &none, &staff(), at, net()).is_err());
    use crate::access::Viewer::User;
    assert!(may_see_seat_request(User(&delegate("GEO")), &r));
    assert!(may_see_seat_request(User(&staff()), &r));
    assert!(!may_see_seat_request(User(&delegate("UKR")), &r));
    assert!(!may_see_seat_request(User(&delegate("FRA")), &r), "allies do not see a partner's requests");
    let mut r2 = r.clone();
    assert!(r2.withdraw(&a, &delegate("UKR"), at).is_err());
    r2.withdraw(&a, &delegate("GEO"), at).unwrap();
    assert_eq!(r2.status, SeatRequestStatus::Withdrawn);
}

#[test]
fn a_nation_reads_only_its_own_lines_of_a_published_allocation() {
    let line = |n: &str, req: i64| AllocationLine {
        request: SeatRequestId(req),
        nation: code(n),
        activity: ActivityId(7),
        asked: 2,
        granted: 1,
        placed: vec![],
        explanation_en: "e".into(),
        explanation_fr: "f".into(),
    };
    let at = t("2024-05-10T09:00:00Z");
    assert!(
        AllocationRun::draft(
            "Q3",
            "leximin",
            1,
            vec![ActivityId(7)],
            vec![],
            serde_json::json!({}),
            &delegate("FRA"),
            at
        )
        .is_err()
    );
    let (mut run, _) = AllocationRun::draft(
        "Q3",
        "leximin",
        1,
        vec![ActivityId(7)],
        vec![line("GEO", 1), line("UKR", 2)],
        serde_json::json!({}),
        &staff(),
        at,
    )
    .unwrap();
    assert!(run.lines_for(&delegate("GEO")).is_none(), "drafts are for staff");
    assert_eq!(run.lines_for(&staff()).unwrap().len(), 2);
    run.publish(None, &staff(), at).unwrap();
    let mine = run.lines_for(&delegate("GEO")).unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].nation, code("GEO"));
    assert_eq!(run.publish(None, &staff(), at).unwrap_err().code(), "illegal_transition");
    let mut next = run.clone();
    next.lines[0].granted = 2;
    assert_eq!(next.changes_from(&run), vec![(SeatRequestId(1), 1, 2)]);
}
