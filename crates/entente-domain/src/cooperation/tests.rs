use std::collections::BTreeSet;

use chrono::Duration;

use super::*;
use crate::Lang;
use crate::access::Audience;
use crate::consultation::testing::{analyst, analyst_of, code, d, delegate, fw, net, release, staff, t};

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
    let ok = SeatRequestDraft { seats: 2, priority: 1, nominees: vec!["Nino B.".into(), " ".into()], goal: None };
    let at = t("2024-03-01T09:00:00Z");
    let (r, permit) = SeatRequest::submit(SeatRequestId(0), &a, &ok, &none, None, &delegate("GEO"), at, net()).unwrap();
    assert_eq!(permit.action(), "seat_request.submitted");
    assert_eq!(r.nominees, vec!["Nino B.".to_string()]);
    let too_many = SeatRequestDraft { seats: 3, ..ok.clone() };
    assert_eq!(
        SeatRequest::submit(SeatRequestId(0), &a, &too_many, &none, None, &delegate("GEO"), at, net())
            .unwrap_err()
            .code(),
        "invalid"
    );
    let late = t("2024-05-10T09:00:00Z");
    assert_eq!(
        SeatRequest::submit(SeatRequestId(0), &a, &ok, &none, None, &delegate("GEO"), late, net()).unwrap_err().code(),
        "conflict"
    );
    assert_eq!(
        SeatRequest::submit(SeatRequestId(0), &a, &ok, &none, None, &delegate("TUN"), at, net()).unwrap_err().code(),
        "not_eligible"
    );
    assert!(SeatRequest::submit(SeatRequestId(0), &a, &ok, &none, None, &staff(), at, net()).is_err());
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
        rank: None,
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
    run.publish(None, None, &staff(), at).unwrap();
    let mine = run.lines_for(&delegate("GEO")).unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].nation, code("GEO"));
    assert_eq!(run.publish(None, None, &staff(), at).unwrap_err().code(), "illegal_transition");
    let mut next = run.clone();
    next.lines[0].granted = 2;
    assert_eq!(next.changes_from(&run), vec![(SeatRequestId(1), 1, 2)]);
}

#[test]
fn a_nation_confirms_or_gives_back_its_seats_before_the_start_and_the_allocation_is_reissued() {
    let a = published("2024-06-03");
    let at = t("2024-05-10T09:00:00Z");
    let d = SeatRequestDraft { seats: 2, priority: 1, nominees: vec!["Nino".into(), "Giorgi".into()], goal: None };
    let (mut geo, _) = SeatRequest::submit(
        SeatRequestId(1),
        &a,
        &d,
        &BTreeSet::new(),
        None,
        &delegate("GEO"),
        t("2024-04-01T09:00:00Z"),
        net(),
    )
    .unwrap();
    geo.id = SeatRequestId(1);
    // Only the nation's writers answer, only for seats it holds, only before the start.
    assert_eq!(geo.confirm(1, &a, &delegate("UKR"), at).unwrap_err().code(), "not_permitted");
    assert_eq!(geo.confirm(1, &a, &analyst_of("GEO"), at).unwrap_err().code(), "not_permitted");
    assert_eq!(geo.confirm(0, &a, &delegate("GEO"), at).unwrap_err().code(), "conflict");
    assert!(geo.confirm(1, &a, &delegate("GEO"), t("2024-06-03T08:00:00Z")).is_err(), "the activity started");
    assert!(geo.may_confirm(2, &a, &delegate("GEO"), at));
    geo.confirm(2, &a, &delegate("GEO"), at).unwrap();
    assert!(!geo.may_confirm(2, &a, &delegate("GEO"), at), "confirmed already");
    assert_eq!(geo.decline(3, 2, &a, &delegate("GEO"), at).unwrap_err().code(), "invalid");
    let permit = geo.decline(1, 2, &a, &delegate("GEO"), at).unwrap();
    assert_eq!(permit.action(), "seat_request.declined");
    assert_eq!((geo.declined, geo.confirmed_at.is_some()), (1, true), "what is left stays confirmed");
    assert_eq!(geo.room(&a), 1, "asked 2, cap 2, gave 1 back");

    let line = |n: &str, req: i64, granted: u32| AllocationLine {
        request: SeatRequestId(req),
        nation: code(n),
        activity: a.id,
        asked: 2,
        granted,
        placed: vec![],
        explanation_en: "e".into(),
        explanation_fr: "f".into(),
        rank: None,
    };
    let (mut run, _) = AllocationRun::draft(
        "Q2",
        "primary",
        1,
        vec![a.id],
        vec![line("GEO", 1, 2), line("UKR", 2, 0)],
        serde_json::json!({}),
        &staff(),
        at,
    )
    .unwrap();
    run.id = AllocationId(5);
    let notes = std::collections::BTreeMap::from([(SeatRequestId(2), ("offered".to_string(), "proposée".to_string()))]);
    let names = std::collections::BTreeMap::from([(SeatRequestId(2), vec!["Olena".to_string(), "Taras".to_string()])]);
    let offered = [(SeatRequestId(2), 1)];
    assert!(run.reissue(SeatRequestId(1), 1, &offered, &notes, &names, &delegate("GEO"), at).is_err(), "a draft");
    run.publish(None, None, &staff(), at).unwrap();
    assert!(run.clone().reissue(SeatRequestId(1), 1, &offered, &notes, &names, &delegate("UKR"), at).is_err());
    let (next, permit) = run.reissue(SeatRequestId(1), 1, &offered, &notes, &names, &delegate("GEO"), at).unwrap();
    assert_eq!(permit.action(), "allocation.reissued");
    assert_eq!(run.status, AllocationStatus::Superseded);
    assert_eq!((next.status, next.supersedes), (AllocationStatus::Published, Some(AllocationId(5))));
    assert_eq!(next.changes_from(&run), vec![(SeatRequestId(1), 2, 1), (SeatRequestId(2), 0, 1)]);
    assert_eq!(next.lines[1].placed, vec!["Olena".to_string()]);
    assert_eq!(next.lines[1].explanation_fr, "f proposée");
}

// ---------- programmes (ITPP) ----------

fn admin() -> crate::access::Principal {
    crate::access::Principal { role: crate::access::Role::StaffAdmin, ..staff() }
}

fn goal(key: u32, objective: u32, description: &str) -> Goal {
    Goal {
        key,
        objective,
        area: "cyb".into(),
        description: description.into(),
        target: d("2026-12-31"),
        indicator: "A national CERT answers within 24 hours".into(),
        activities: vec![Support { activity: ActivityId(7), year: 2025 }],
    }
}

fn georgia_plan() -> Plan {
    Plan {
        objectives: vec![Objective { key: 0, text: "Resilient state institutions".into() }],
        goals: vec![goal(0, 0, "Stand up a national cyber incident response team")],
    }
}

fn known() -> BTreeSet<ActivityId> {
    [ActivityId(7), ActivityId(8)].into_iter().collect()
}

#[test]
fn a_partner_opens_and_edits_its_programme_and_new_items_get_stable_keys() {
    let at = t("2025-01-10T09:00:00Z");
    let (mut p, permit) = Programme::open(&delegate("GEO"), at, net()).unwrap();
    assert_eq!(permit.action(), "programme.opened");
    assert_eq!(p.status(), ProgrammeStatus::Draft);
    // Allies, staff and analysts do not open one.
    assert_eq!(Programme::open(&delegate("EST"), at, net()).unwrap_err().code(), "not_permitted");
    assert!(Programme::open(&staff(), at, net()).is_err());
    assert!(Programme::open(&analyst_of("GEO"), at, net()).is_err());
    p.id = 1;
    p.edit(georgia_plan(), &known(), &delegate("GEO"), at).unwrap();
    assert_eq!(p.plan.objectives[0].key, 1);
    assert_eq!(p.plan.goals[0].key, 2);
    assert_eq!(p.plan.goals[0].objective, 1);
    assert_eq!(p.plan.goals[0].area, "CYB");
    // A second edit keeps the keys and adds a goal.
    let mut next = p.plan.clone();
    next.goals.push(goal(0, 1, "Train border police in interdiction"));
    p.edit(next, &known(), &delegate("GEO"), at).unwrap();
    assert_eq!(p.plan.goals.iter().map(|g| g.key).collect::<Vec<_>>(), vec![2, 3]);
    // Refusals name the field.
    let mut bad = p.plan.clone();
    bad.goals[0].area = "XYZ".into();
    assert_eq!(
        p.edit(bad, &known(), &delegate("GEO"), at).unwrap_err().to_string(),
        "area: 'XYZ' is not an area of cooperation"
    );
    let mut bad = p.plan.clone();
    bad.goals[0].activities.push(Support { activity: ActivityId(99), year: 2025 });
    assert!(p.edit(bad, &known(), &delegate("GEO"), at).unwrap_err().to_string().contains("#99 is not on the menu"));
    let mut bad = p.plan.clone();
    bad.goals[1].key = 40;
    assert!(
        p.edit(bad, &known(), &delegate("GEO"), at)
            .unwrap_err()
            .to_string()
            .contains("#40 is not part of this programme")
    );
    let mut bad = p.plan.clone();
    bad.goals[1].objective = 9;
    assert!(p.edit(bad, &known(), &delegate("GEO"), at).is_err());
    let mut bad = p.plan.clone();
    bad.goals[0].description = "line\u{0}".into();
    assert!(p.edit(bad, &known(), &delegate("GEO"), at).unwrap_err().to_string().starts_with("description:"));
    assert_eq!(p.edit(p.plan.clone(), &known(), &delegate("GEO"), at).unwrap_err().code(), "conflict");
    // Nobody else edits: not the staff, not an ally, not another partner, not its analysts.
    for who in [staff(), admin(), delegate("EST"), delegate("UKR"), analyst_of("GEO")] {
        assert_eq!(p.edit(georgia_plan(), &known(), &who, at).unwrap_err().code(), "not_permitted", "{who:?}");
    }
}

#[test]
fn staff_comment_and_propose_an_administrator_agrees_and_versions_are_kept() {
    let at = t("2025-01-10T09:00:00Z");
    let (mut p, _) = Programme::open(&delegate("GEO"), at, net()).unwrap();
    p.id = 1;
    assert_eq!(p.agree(&admin(), at).unwrap_err().code(), "conflict");
    p.edit(georgia_plan(), &known(), &delegate("GEO"), at).unwrap();
    let permit = p.comment("Add a measurable target.", Some(2), true, &staff(), at).unwrap();
    assert_eq!(permit.action(), "programme.change_proposed");
    p.comment("Done.", None, false, &delegate("GEO"), at).unwrap();
    assert!(p.comment("We propose.", None, true, &delegate("GEO"), at).is_err());
    assert!(p.comment("An ally's view.", None, false, &delegate("EST"), at).is_err());
    assert!(p.comment("  ", None, false, &staff(), at).is_err());
    assert!(p.comment("On a goal that is not there.", Some(77), false, &staff(), at).is_err());
    // Only a staff administrator agrees.
    assert!(!p.allowed_actions(&staff()).agree);
    assert!(p.allowed_actions(&admin()).agree);
    assert_eq!(p.agree(&staff(), at).unwrap_err().code(), "not_permitted");
    p.agree(&admin(), t("2025-02-01T09:00:00Z")).unwrap();
    assert_eq!(p.status(), ProgrammeStatus::Agreed);
    assert_eq!(p.agree(&admin(), at).unwrap_err().code(), "illegal_transition");
    assert!(!p.allowed_actions(&admin()).agree);
    // Amending keeps version 1 and shows what changed.
    let mut next = p.plan.clone();
    next.goals[0].target = d("2027-06-30");
    next.goals.push(goal(0, 1, "Train border police in interdiction"));
    next.objectives[0].text = "Resilient and accountable state institutions".into();
    p.edit(next, &known(), &delegate("GEO"), at).unwrap();
    assert_eq!(p.status(), ProgrammeStatus::Amended);
    assert_eq!(p.current().unwrap().number, 1);
    let changes = diff(&p.current().unwrap().plan, &p.plan);
    assert_eq!(changes.len(), 3, "{changes:?}");
    assert!(matches!(&changes[0], PlanChange::ObjectiveChanged { key: 1, .. }));
    assert!(matches!(&changes[1], PlanChange::GoalChanged { key: 2, fields, .. } if fields == &vec!["target"]));
    assert!(matches!(&changes[2], PlanChange::GoalAdded { key: 3, .. }));
    p.agree(&admin(), t("2025-03-01T09:00:00Z")).unwrap();
    assert_eq!(p.agreed.len(), 2);
    assert_eq!(p.version_number(1).unwrap().plan.goals.len(), 1);
    assert_eq!(p.agreed_goals(), [2, 3].into_iter().collect());
    // Removing a goal shows as removed.
    let mut next = p.plan.clone();
    next.goals.retain(|g| g.key != 3);
    p.edit(next, &known(), &delegate("GEO"), at).unwrap();
    assert!(matches!(&diff(&p.current().unwrap().plan, &p.plan)[0], PlanChange::GoalRemoved { key: 3, .. }));
    // Linkable goals: the draft's and the agreed version's.
    assert_eq!(p.linkable_goals(), [2, 3].into_iter().collect());
}

#[test]
fn both_sides_assess_agreed_goals_per_cycle_and_a_later_assessment_replaces_the_earlier() {
    let at = t("2025-01-10T09:00:00Z");
    let (mut p, _) = Programme::open(&delegate("GEO"), at, net()).unwrap();
    p.id = 1;
    p.edit(georgia_plan(), &known(), &delegate("GEO"), at).unwrap();
    assert_eq!(p.assess(2025, 2, Rating::InProgress, "", &delegate("GEO"), at).unwrap_err().code(), "conflict");
    assert_eq!(p.allowed_actions(&delegate("GEO")).assess, None);
    p.agree(&admin(), at).unwrap();
    assert_eq!(p.allowed_actions(&delegate("GEO")).assess, Some(Side::Partner));
    assert_eq!(p.allowed_actions(&staff()).assess, Some(Side::Staff));
    assert_eq!(p.allowed_actions(&delegate("EST")), ProgrammeActions::default());
    let later = t("2026-01-10T09:00:00Z");
    p.assess(2025, 2, Rating::InProgress, "CERT founded.", &delegate("GEO"), later).unwrap();
    p.assess(2025, 2, Rating::LargelyMet, "CERT staffed.", &delegate("GEO"), later).unwrap();
    p.assess(2025, 2, Rating::InProgress, "Not yet 24/7.", &staff(), later).unwrap();
    assert_eq!(p.assessments.len(), 2);
    assert_eq!(p.assessment(2025, 2, Side::Partner).unwrap().rating, Rating::LargelyMet);
    assert_eq!(p.assessment(2025, 2, Side::Staff).unwrap().rating, Rating::InProgress);
    assert!(p.assess(2024, 2, Rating::Met, "", &staff(), later).unwrap_err().to_string().starts_with("cycle:"));
    assert!(p.assess(2027, 2, Rating::Met, "", &staff(), later).is_err());
    assert!(p.assess(2025, 9, Rating::Met, "", &staff(), later).unwrap_err().to_string().starts_with("goal:"));
    assert!(p.assess(2025, 2, Rating::Met, "", &delegate("UKR"), later).is_err());
    assert!(p.assess(2025, 2, Rating::Met, "", &analyst(), later).is_err());
    assert_eq!(Rating::parse("largely_met"), Some(Rating::LargelyMet));
}

#[test]
fn staff_the_partner_and_allies_see_a_programme_other_partners_never() {
    use crate::access::Viewer;
    let on = d("2025-01-10");
    let geo = code("GEO");
    assert!(may_see_programme(Viewer::User(&staff()), &geo, net(), on));
    assert!(may_see_programme(Viewer::User(&analyst()), &geo, net(), on));
    assert!(may_see_programme(Viewer::User(&delegate("GEO")), &geo, net(), on));
    assert!(may_see_programme(Viewer::User(&analyst_of("GEO")), &geo, net(), on));
    assert!(may_see_programme(Viewer::User(&delegate("EST")), &geo, net(), on));
    assert!(!may_see_programme(Viewer::User(&delegate("UKR")), &geo, net(), on));
    assert!(!may_see_programme(Viewer::User(&delegate("MLT")), &geo, net(), on));
    assert!(!may_see_programme(Viewer::Anonymous, &geo, net(), on));
}

#[test]
fn a_seat_request_names_only_a_goal_of_its_own_nations_programme() {
    let a = published("2024-06-03");
    let at = t("2024-03-01T09:00:00Z");
    let none = BTreeSet::new();
    let (mut p, _) = Programme::open(&delegate("GEO"), at, net()).unwrap();
    p.id = 1;
    p.edit(georgia_plan(), &known(), &delegate("GEO"), at).unwrap();
    let linked = SeatRequestDraft { seats: 1, priority: 1, nominees: vec![], goal: Some(2) };
    let (r, _) =
        SeatRequest::submit(SeatRequestId(0), &a, &linked, &none, Some(&p), &delegate("GEO"), at, net()).unwrap();
    assert_eq!(r.goal, Some(2));
    let e = SeatRequest::submit(SeatRequestId(0), &a, &linked, &none, None, &delegate("GEO"), at, net()).unwrap_err();
    assert_eq!(e.to_string(), "goal: #2 is not a goal of your nation's programme");
    let wrong = SeatRequestDraft { goal: Some(5), ..linked.clone() };
    assert!(SeatRequest::submit(SeatRequestId(0), &a, &wrong, &none, Some(&p), &delegate("GEO"), at, net()).is_err());
    // Another nation's programme does not lend its goals.
    assert!(SeatRequest::submit(SeatRequestId(0), &a, &linked, &none, Some(&p), &delegate("ARM"), at, net()).is_err());
}

mod after_the_activity {
    use super::*;
    use crate::cooperation::after::{self, Attendance, FeedbackDraft, Participant};

    fn person(nation: &str, name: &str) -> Participant {
        Participant { nation: code(nation), name: name.into() }
    }

    fn roster() -> Vec<Participant> {
        vec![person("GEO", "Nino Beridze"), person("GEO", "Giorgi Kapanadze"), person("UKR", "Olena Shevchenko")]
    }

    fn mark(p: &Participant, attended: bool, completed: bool) -> Attendance {
        Attendance { participant: p.clone(), attended, completed }
    }

    #[test]
    fn the_provider_or_staff_record_attendance_from_the_first_day_for_the_roster_only() {
        let a = published("2024-06-03");
        let r = roster();
        let marks = [mark(&r[2], true, true), mark(&r[0], true, false)];
        let before = a.start - Duration::days(1);
        let e = after::record_attendance(&a, &r, &marks, &delegate("EST"), before).unwrap_err();
        assert!(e.to_string().contains("starts on 2024-06-03"), "{e}");
        let (kept, permit) = after::record_attendance(&a, &r, &marks, &delegate("EST"), a.start).unwrap();
        assert_eq!(permit.action(), "activity.attendance");
        assert_eq!(kept[0].participant, r[0], "roster order");
        assert!(after::record_attendance(&a, &r, &marks, &staff(), a.end).is_ok());
        for who in [delegate("GEO"), analyst()] {
            assert_eq!(after::record_attendance(&a, &r, &marks, &who, a.end).unwrap_err().code(), "not_permitted");
        }
        let stranger = [mark(&person("MLT", "Someone"), true, false)];
        let e = after::record_attendance(&a, &r, &stranger, &staff(), a.end).unwrap_err();
        assert!(e.to_string().starts_with("participant: Someone (MLT) holds no seat"), "{e}");
        let e = after::record_attendance(&a, &r, &[mark(&r[1], false, true)], &staff(), a.end).unwrap_err();
        assert!(e.to_string().starts_with("completed:"), "{e}");
        let e =
            after::record_attendance(&a, &r, &[mark(&r[1], true, false), mark(&r[1], false, false)], &staff(), a.end)
                .unwrap_err();
        assert!(e.to_string().contains("listed twice"), "{e}");
    }

    #[test]
    fn nations_whose_participants_attended_give_feedback_after_the_end_seen_by_staff_provider_and_themselves() {
        let a = published("2024-06-03");
        let r = roster();
        let attended = [mark(&r[0], true, true), mark(&r[2], false, false)];
        let good = FeedbackDraft {
            relevance: "5".into(),
            quality: "4".into(),
            organisation: "3".into(),
            comment: "Useful.".into(),
        };
        let after_end = t("2024-06-08T10:00:00Z");
        let (f, permit) = after::give_feedback(&a, &good, &attended, &delegate("GEO"), after_end).unwrap();
        assert_eq!((f.relevance, f.quality, f.organisation, f.nation.as_str()), (5, 4, 3, "GEO"));
        assert_eq!(permit.action(), "activity.feedback");
        let during = t("2024-06-05T10:00:00Z");
        assert_eq!(
            after::give_feedback(&a, &good, &attended, &delegate("GEO"), during).unwrap_err().code(),
            "conflict"
        );
        // Ukraine's participant did not attend; Malta had none; staff do not give feedback.
        for who in [delegate("UKR"), delegate("MLT"), staff(), analyst_of("GEO")] {
            assert_eq!(
                after::give_feedback(&a, &good, &attended, &who, after_end).unwrap_err().code(),
                "not_permitted"
            );
        }
        for (field, bad) in [("relevance", "0"), ("quality", "6"), ("organisation", "good")] {
            let mut d = good.clone();
            match field {
                "relevance" => d.relevance = bad.into(),
                "quality" => d.quality = bad.into(),
                _ => d.organisation = bad.into(),
            }
            let e = after::give_feedback(&a, &d, &attended, &delegate("GEO"), after_end).unwrap_err();
            assert!(e.to_string().starts_with(field), "{e}");
        }
        assert!(after::may_see_feedback(&a, &code("GEO"), &staff()));
        assert!(after::may_see_feedback(&a, &code("GEO"), &delegate("EST")), "the provider");
        assert!(after::may_see_feedback(&a, &code("GEO"), &delegate("GEO")));
        assert!(!after::may_see_feedback(&a, &code("GEO"), &delegate("UKR")));
        assert!(after::may_see_report(&a, &r, &delegate("UKR")), "a nation that had participants");
        assert!(!after::may_see_report(&a, &r, &delegate("MLT")));
        assert!(!after::may_see_participant(&a, &r[0], &delegate("UKR")));
    }

    #[test]
    fn the_provider_writes_the_after_action_report_once_the_activity_has_ended() {
        let a = published("2024-06-03");
        let after_end = t("2024-06-08T10:00:00Z");
        let (r, _) =
            after::write_report(&a, "Twenty trained; the lab was slow.", 0, &delegate("EST"), after_end).unwrap();
        assert_eq!(r.written_by, delegate("EST").username);
        assert_eq!(
            after::write_report(&a, "x", 0, &delegate("EST"), t("2024-06-04T10:00:00Z")).unwrap_err().code(),
            "conflict"
        );
        assert_eq!(after::write_report(&a, "x", 0, &delegate("GEO"), after_end).unwrap_err().code(), "not_permitted");
        assert!(after::write_report(&a, "  ", 0, &staff(), after_end).unwrap_err().to_string().starts_with("report:"));
        let acts = after::allowed(&a, &roster(), &[mark(&roster()[0], true, false)], &delegate("GEO"), after_end);
        assert!(acts.give_feedback && !acts.record_attendance && !acts.write_report);
        let acts = after::allowed(&a, &roster(), &[], &delegate("EST"), after_end);
        assert!(!acts.give_feedback && acts.record_attendance && acts.write_report);
    }
}

#[test]
fn an_activity_is_an_all_day_event_with_the_nations_own_seats_and_participants() {
    use crate::consultation::{CalendarOptions, Lang as CLang, calendar_with, unfold};
    let a = published("2024-06-03");
    let opts = CalendarOptions::new("entente.example.org", CLang::Fr);
    let e = super::ical::activity_event(&a, 2, &["Nino Beridze".into(), "Giorgi Kapanadze".into()], &opts);
    let cal = calendar_with(std::iter::empty(), &[e], &opts);
    assert!(cal.lines().all(|l| l.len() <= 75) && cal.ends_with("END:VCALENDAR\r\n"));
    let text = unfold(&cal);
    for line in [
        "UID:activity-7@entente.example.org",
        "DTSTART;VALUE=DATE:20240603",
        "DTEND;VALUE=DATE:20240608",
        "SUMMARY:PFP-CYB-01 — Cours de cyberdéfense",
        "LOCATION:Tallinn",
        "STATUS:CONFIRMED",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    assert!(text.contains("Places de votre nation : 2") && text.contains("Nino Beridze\\, Giorgi Kapanadze"), "{text}");
}

#[test]
fn seats_are_confirmed_by_the_staff_date_or_the_earlier_of_two_weeks_and_a_week_before_the_start() {
    // Far from the start: two weeks after publication.
    assert_eq!(confirm_by(d("2026-02-26"), d("2026-06-01"), None), d("2026-03-12"));
    // Close to the start: a week before it.
    assert_eq!(confirm_by(d("2026-02-26"), d("2026-03-10"), None), d("2026-03-03"));
    // Closer than a week: the day of publication, never before it.
    assert_eq!(confirm_by(d("2026-02-26"), d("2026-02-28"), None), d("2026-02-26"));
    // The staff's date wins, even after the default; a date before publication does not count.
    assert_eq!(confirm_by(d("2026-02-26"), d("2026-06-01"), Some(d("2026-04-01"))), d("2026-04-01"));
    assert_eq!(confirm_by(d("2026-02-26"), d("2026-06-01"), Some(d("2026-02-20"))), d("2026-03-12"));
    assert!(!confirm_by_passed(d("2026-03-12"), d("2026-03-12")), "the date itself is still in time");
    assert!(confirm_by_passed(d("2026-03-12"), d("2026-03-13")));

    // Staff may not choose a date before the day they publish.
    let line = AllocationLine {
        request: SeatRequestId(1),
        nation: code("GEO"),
        activity: ActivityId(7),
        asked: 1,
        granted: 1,
        placed: vec![],
        explanation_en: "e".into(),
        explanation_fr: "f".into(),
        rank: None,
    };
    let at = t("2026-02-26T10:00:00Z");
    let (mut run, _) =
        AllocationRun::draft("Q1", "primary", 1, vec![ActivityId(7)], vec![line], serde_json::json!({}), &staff(), at)
            .unwrap();
    let e = run.publish(None, Some(d("2026-02-25")), &staff(), at).unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert!(e.to_string().starts_with("confirm_by: 2026-02-25 is before the day of publication"), "{e}");
    run.publish(None, Some(d("2026-02-26")), &staff(), at).unwrap();
    assert_eq!(run.confirm_by_for(d("2026-06-01"), d("2026-02-26")), d("2026-02-26"));
    // Seats offered again after the staff's date passed get the rule's date from the offer day.
    assert_eq!(run.confirm_by_for(d("2026-06-01"), d("2026-03-01")), d("2026-03-15"));
}

fn held_request(a: &Activity, confirm_by_day: &str) -> SeatRequest {
    let d_ = SeatRequestDraft { seats: 2, priority: 1, nominees: vec![], goal: None };
    let (mut r, _) = SeatRequest::submit(
        SeatRequestId(1),
        a,
        &d_,
        &BTreeSet::new(),
        None,
        &delegate("GEO"),
        t("2024-04-01T09:00:00Z"),
        net(),
    )
    .unwrap();
    r.id = SeatRequestId(1);
    r.hold(2, d(confirm_by_day));
    r
}

#[test]
fn answers_after_the_date_are_refused_and_unanswered_seats_are_released_once() {
    let a = published("2024-06-03");
    let mut r = held_request(&a, "2024-05-10");
    assert_eq!(r.answer(2), SeatAnswer::Pending { by: Some(d("2024-05-10")) });
    assert!(r.may_confirm(2, &a, &delegate("GEO"), t("2024-05-10T23:59:00Z")), "the date itself is in time");
    assert!(!r.may_confirm(2, &a, &delegate("GEO"), t("2024-05-11T00:00:00Z")));
    assert!(!r.may_decline(2, &a, &delegate("GEO"), t("2024-05-11T00:00:00Z")));
    let e = r.confirm(2, &a, &delegate("GEO"), t("2024-05-11T08:00:00Z")).unwrap_err();
    assert_eq!(e.code(), "conflict");
    assert_eq!(e.to_string(), "seats were to be confirmed or given back by 2024-05-10: that date has passed");
    assert!(r.decline(1, 2, &a, &delegate("GEO"), t("2024-05-11T08:00:00Z")).is_err());

    // Not due on the date itself, nor once the activity started.
    assert!(!r.release_due(2, &a, d("2024-05-10")));
    assert!(!r.release_due(2, &a, d("2024-06-03")));
    assert!(!r.release_due(0, &a, d("2024-05-11")), "no seat held");
    assert!(r.release(2, &a, t("2024-05-10T12:00:00Z")).is_err());
    let permit = r.release(2, &a, t("2024-05-11T00:00:30Z")).unwrap();
    assert_eq!(permit.action(), "seat_request.released");
    assert!(permit.is_by_time(), "the system releases, not a person");
    assert_eq!(r.answer(0), SeatAnswer::Released { on: d("2024-05-11") });
    assert_eq!(r.room(&a), 0, "a released request is offered no seat again");
    assert!(r.release(2, &a, t("2024-05-11T00:01:00Z")).is_err(), "released once");
    let e = r.confirm(2, &a, &delegate("GEO"), t("2024-05-11T08:00:00Z")).unwrap_err();
    assert!(e.to_string().starts_with("your nation's seats were released on 2024-05-11"), "{e}");

    // A confirmed line, or one whose seats were all given back, is never released.
    let mut c = held_request(&a, "2024-05-10");
    c.confirm(2, &a, &delegate("GEO"), t("2024-05-09T08:00:00Z")).unwrap();
    assert!(!c.release_due(2, &a, d("2024-05-20")));
    assert_eq!(c.answer(2), SeatAnswer::Confirmed { on: d("2024-05-09") });
    let mut g = held_request(&a, "2024-05-10");
    g.decline(2, 2, &a, &delegate("GEO"), t("2024-05-09T08:00:00Z")).unwrap();
    assert_eq!((g.confirm_by, g.answer(0)), (None, SeatAnswer::Declined));
    assert!(!g.release_due(0, &a, d("2024-05-20")));
}

#[test]
fn time_releases_a_line_into_a_new_version_and_nothing_else_moves() {
    let a = published("2024-06-03");
    let at = t("2024-05-11T00:00:30Z");
    let line = |n: &str, req: i64, granted: u32| AllocationLine {
        request: SeatRequestId(req),
        nation: code(n),
        activity: a.id,
        asked: 2,
        granted,
        placed: vec![],
        explanation_en: "e".into(),
        explanation_fr: "f".into(),
        rank: None,
    };
    let (mut run, _) = AllocationRun::draft(
        "Q2",
        "primary",
        1,
        vec![a.id],
        vec![line("GEO", 1, 2), line("UKR", 2, 0), line("ARM", 3, 1)],
        serde_json::json!({}),
        &staff(),
        t("2024-04-20T09:00:00Z"),
    )
    .unwrap();
    run.id = AllocationId(5);
    let notes = std::collections::BTreeMap::new();
    let names = std::collections::BTreeMap::new();
    assert!(run.release(SeatRequestId(1), &[], &notes, &names, at).is_err(), "a draft");
    run.publish(None, None, &staff(), t("2024-04-20T09:00:00Z")).unwrap();
    assert!(run.clone().release(SeatRequestId(2), &[], &notes, &names, at).is_err(), "holds no seat");
    let (next, permit) = run.release(SeatRequestId(1), &[(SeatRequestId(2), 2)], &notes, &names, at).unwrap();
    assert!(permit.is_by_time());
    assert_eq!(run.status, AllocationStatus::Superseded);
    assert_eq!(next.supersedes, Some(AllocationId(5)));
    assert_eq!(next.changes_from(&run), vec![(SeatRequestId(1), 2, 0), (SeatRequestId(2), 0, 2)]);
}

proptest::proptest! {
    /// The date is never before publication, never after two weeks from it (without a staff
    /// date), and a week before the start whenever that leaves room.
    #[test]
    fn the_date_to_confirm_by_stays_within_its_bounds(pub_off in 0i64..2000, lead in -30i64..400, chosen in proptest::option::of(-30i64..60)) {
        let published_on = d("2024-01-01") + Duration::days(pub_off);
        let start = published_on + Duration::days(lead);
        let chosen_day = chosen.map(|c| published_on + Duration::days(c));
        let by = confirm_by(published_on, start, chosen_day);
        proptest::prop_assert!(by >= published_on);
        match chosen_day {
            Some(c) if c >= published_on => proptest::prop_assert_eq!(by, c),
            _ => {
                proptest::prop_assert!(by <= published_on + Duration::days(CONFIRM_WITHIN_DAYS));
                if start - Duration::days(CONFIRM_BEFORE_START_DAYS) >= published_on {
                    proptest::prop_assert!(by <= start - Duration::days(CONFIRM_BEFORE_START_DAYS));
                } else {
                    proptest::prop_assert_eq!(by, published_on);
                }
            }
        }
        // Answering is allowed on the date and refused the day after.
        proptest::prop_assert!(!confirm_by_passed(by, by));
        proptest::prop_assert!(confirm_by_passed(by, by + Duration::days(1)));
    }
}
