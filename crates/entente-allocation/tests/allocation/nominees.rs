//! Nominee placement: no overlaps, prerequisites met, the nation's order, fallback to the next
//! nominee or back into the pool.

use std::collections::HashMap;

use entente_allocation::generate::{self, Scale};
use entente_allocation::input;
use entente_allocation::mechanism::{self, Mechanism};
use entente_allocation::nominee::Issue;

#[test]
fn placements_respect_dates_prerequisites_and_order() {
    let file = generate::generate(Scale::Activities(80), 21).expect("generates");
    let inst = input::validate(&file, &input::Origin::Json).expect("valid");
    for m in Mechanism::ALL {
        let out = mechanism::allocate(&inst, m, 4).expect("allocates");
        let mut schedule: HashMap<&str, Vec<usize>> = HashMap::new();
        for &(r, k) in &out.placement.placed {
            let req = &inst.requests[r];
            schedule.entry(req.nominees[k].as_str()).or_default().push(req.activity);
        }
        // No one is in two activities whose dates overlap.
        for (person, acts) in &schedule {
            for (x, &a) in acts.iter().enumerate() {
                for &b in &acts[x + 1..] {
                    assert!(
                        !inst.activities[a].overlaps(&inst.activities[b]),
                        "{m}: {person} in overlapping {a} and {b}"
                    );
                }
            }
        }
        // Prerequisites: completed before, or placed in it earlier this year.
        for &(r, k) in &out.placement.placed {
            let req = &inst.requests[r];
            let person = req.nominees[k].as_str();
            let act = &inst.activities[req.activity];
            for pre in &act.prerequisites {
                let done = inst.people.iter().any(|p| p.id == person && p.completed.contains(&pre.id));
                let this_year = pre.activity.is_some_and(|a| {
                    inst.activities[a].end < act.start && schedule.get(person).is_some_and(|l| l.contains(&a))
                });
                assert!(done || this_year, "{m}: {person} lacks {} for {}", pre.id, act.id);
            }
        }
        // Every seat given to a request with nominees is taken by one of them (the rest went back
        // to the pool), and nominees are taken in the nation's order: anyone listed before a
        // placed nominee was placed too or reported infeasible.
        for (r, req) in inst.requests.iter().enumerate() {
            if req.nominees.is_empty() {
                continue;
            }
            assert_eq!(out.placement.placed_count[r], out.seats[r], "{m}: request {r}");
            let placed: Vec<usize> = out.placement.placed.iter().filter(|p| p.0 == r).map(|p| p.1).collect();
            if let Some(&last) = placed.iter().max() {
                for k in 0..last {
                    let reported =
                        out.placement.infeasible.iter().any(|x| x.request == r && x.nominee == req.nominees[k]);
                    assert!(placed.contains(&k) || reported, "{m}: nominee {k} of request {r} skipped");
                }
            }
        }
        assert!(!out.placement.infeasible.is_empty(), "the generated year has clashes to report");
    }
}

#[test]
fn unplaceable_seat_goes_back_to_the_pool() {
    // N1 already holds both seats of OTHER, so fairness first gives CLASH to N0; but N0's only
    // nominee p1 is placed in WEEK and cannot attend CLASH, whose dates overlap. CLASH's seat goes
    // back to the pool and N1 receives it in the second round.
    let json = serde_json::json!({
        "nations": [
            {"code": "N0", "memberships": [{"framework": "PFP", "joined": "2000"}]},
            {"code": "N1", "memberships": [{"framework": "PFP", "joined": "2000"}]}
        ],
        "activities": [
            {"id": "WEEK", "start": "2024-03-04", "end": "2024-03-08", "seats": 1},
            {"id": "CLASH", "start": "2024-03-06", "end": "2024-03-07", "seats": 1},
            {"id": "OTHER", "start": "2024-05-06", "seats": 2}
        ],
        "requests": [
            {"nation": "N0", "activity": "WEEK", "seats": 1, "priority": 1, "nominees": ["p1"]},
            {"nation": "N0", "activity": "CLASH", "seats": 1, "priority": 1, "nominees": ["p1"]},
            {"nation": "N1", "activity": "CLASH", "seats": 1, "priority": 5},
            {"nation": "N1", "activity": "OTHER", "seats": 2, "priority": 1}
        ]
    });
    let inst = input::parse_json(&json.to_string()).expect("valid");
    let out = mechanism::allocate(&inst, Mechanism::Primary, 0).expect("allocates");
    let seats = |n: &str, a: &str| {
        let r = inst
            .requests
            .iter()
            .position(|r| inst.nations[r.nation].code == n && inst.activities[r.activity].id == a)
            .expect("request");
        out.seats[r]
    };
    assert_eq!(seats("N0", "WEEK"), 1);
    assert_eq!(seats("N0", "CLASH"), 0);
    assert_eq!(seats("N1", "CLASH"), 1);
    assert_eq!(out.rounds, 2);
    assert!(out.placement.infeasible.is_empty(), "the final round places everyone it keeps");
    let e = entente_allocation::explain::explain(&inst, &out, inst.nation_index("N0"));
    let clash = e.iter().find(|x| x.activity == "CLASH").expect("explained");
    assert!(matches!(&clash.reason, entente_allocation::explain::Reason::NomineesShort { placed: 0, .. }), "{clash:?}");
}

#[test]
fn next_nominee_takes_the_seat() {
    let json = serde_json::json!({
        "nations": [{"code": "N0", "memberships": [{"framework": "PFP", "joined": "2000"}]}],
        "activities": [
            {"id": "A", "start": "2024-03-04", "end": "2024-03-08", "seats": 2},
            {"id": "B", "start": "2024-03-05", "seats": 1, "prerequisites": ["OLD"]}
        ],
        "people": [{"id": "p3", "nation": "N0", "completed": ["OLD"]}],
        "requests": [
            {"nation": "N0", "activity": "A", "seats": 1, "priority": 1, "nominees": ["p1"]},
            {"nation": "N0", "activity": "B", "seats": 1, "priority": 1, "nominees": ["p1", "p2", "p3"]}
        ]
    });
    let inst = input::parse_json(&json.to_string()).expect("valid");
    let out = mechanism::allocate(&inst, Mechanism::Primary, 0).expect("allocates");
    let b = inst.requests.iter().position(|r| inst.activities[r.activity].id == "B").expect("request");
    let placed: Vec<&str> =
        out.placement.placed.iter().filter(|p| p.0 == b).map(|p| inst.requests[b].nominees[p.1].as_str()).collect();
    assert_eq!(placed, ["p3"]);
    let issues: Vec<(&str, &Issue)> =
        out.placement.infeasible.iter().filter(|x| x.request == b).map(|x| (x.nominee.as_str(), &x.issue)).collect();
    assert_eq!(
        issues,
        [("p1", &Issue::Overlap { activity: "A".into() }), ("p2", &Issue::Prerequisite { missing: "OLD".into() })]
    );
}

#[test]
fn explanations_list_each_requests_unplaced_nominees_in_order() {
    use entente_allocation::explain::{self, Reason};
    let file = generate::generate(Scale::Activities(200), 5).expect("generates");
    let inst = input::validate(&file, &input::Origin::Json).expect("valid");
    let out = mechanism::allocate(&inst, Mechanism::Primary, 2).expect("allocates");
    let explained = explain::explain(&inst, &out, None);
    let mut short = 0;
    for (r, e) in explained.iter().enumerate() {
        if let Reason::NomineesShort { notes, .. } = &e.reason {
            short += 1;
            let expected: Vec<(&str, &Issue)> = out
                .placement
                .infeasible
                .iter()
                .filter(|x| x.request == r)
                .map(|x| (x.nominee.as_str(), &x.issue))
                .collect();
            let got: Vec<(&str, &Issue)> = notes.iter().map(|n| (n.nominee.as_str(), &n.issue)).collect();
            assert_eq!(got, expected, "request {r}");
        }
    }
    assert!(short > 0, "the generated year has requests short of nominees");
}

#[test]
fn placement_and_allocation_do_not_depend_on_the_number_of_threads() {
    // PCM scale: enough requests for the nations to be split over threads.
    let file = generate::generate(Scale::Pcm, 5).expect("generates");
    let inst = input::validate(&file, &input::Origin::Json).expect("valid");
    let seats: Vec<u32> = inst.requests.iter().map(|r| r.usable).collect();
    let placer = entente_allocation::nominee::Placer::new(&inst);
    let one = placer.place_on(&seats, None, 1);
    assert!(!one.placed.is_empty() && !one.infeasible.is_empty(), "the instance exercises placement");
    for threads in [2, 3, 7] {
        assert_eq!(placer.place_on(&seats, None, threads), one, "{threads} threads");
    }
    let (single, _) = mechanism::allocate_timed(&inst, Mechanism::Primary, 5, 1).expect("allocates");
    let (several, _) = mechanism::allocate_timed(&inst, Mechanism::Primary, 5, 3).expect("allocates");
    assert_eq!(single, several);
    let (e1, r1) = entente_allocation::report::explain_and_report(&inst, &single, None, 1);
    let (e2, r2) = entente_allocation::report::explain_and_report(&inst, &single, None, 2);
    assert_eq!(e1, e2);
    assert_eq!(r1, r2);
}
