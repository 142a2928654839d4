//! Individually tailored partnership programmes end to end: Georgia drafts its programme in the
//! pages (a refused form keeps what was typed), the staff comment and propose, a staff
//! administrator agrees, an amendment shows its changes, both sides assess, a seat request serves
//! a goal and the allocation ranks it first; allies read the programme, another partner never.

use entente_domain::access::Role;
use entente_testkit::TestApp;
use serde_json::json;

use crate::matrix::token_for;

#[tokio::test]
async fn georgia_drafts_staff_propose_an_administrator_agrees_and_ukraine_sees_nothing() {
    let app = TestApp::demo().await;
    let geo = app.user("itpp-geo", Some("GEO"), Role::DelegationMember).await;
    let geo_s = app.login(&geo).await;
    let admin = app.user("itpp-admin", None, Role::StaffAdmin).await;
    let admin_s = app.login(&admin).await;
    let officer = app.user("itpp-officer", None, Role::StaffOfficer).await;
    let officer_s = app.login(&officer).await;
    let est = app.user("itpp-est", Some("EST"), Role::DelegationMember).await;
    let est_s = app.login(&est).await;
    let ukr = app.user("itpp-ukr", Some("UKR"), Role::DelegationMember).await;
    let ukr_s = app.login(&ukr).await;
    let ukr_t = token_for(&app, ukr.id, "itpp-ukr").await.0;
    let geo_t = token_for(&app, geo.id, "itpp-geo").await.0;

    // Georgia opens its programme; an ally has none to open.
    let r = app.get_as("/programmes", &geo_s).await;
    assert!(r.body.contains("action=\"/programmes\""), "the open button is offered");
    assert_eq!(app.post_form("/programmes", &[], Some(&geo_s)).await.status, 303);
    assert!(!app.get_as("/programmes", &geo_s).await.body.contains("action=\"/programmes\""));
    assert_eq!(app.post_form("/programmes", &[], Some(&est_s)).await.status, 403);

    let r = app
        .post_form("/programmes/GEO/plan", &[("op", "add_objective"), ("text", "Resilient institutions")], Some(&geo_s))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // A refused goal comes back in place, with the message and what was typed.
    let bad = [
        ("op", "add_goal"),
        ("objective", "1"),
        ("area", "CYB"),
        ("description", "A national CERT that answers at night"),
        ("target", "31/12/2027"),
        ("indicator", "Incidents answered within 24 hours"),
    ];
    let r = app.post_form("/programmes/GEO/plan", &bad, Some(&geo_s)).await;
    assert_eq!(r.status, 400);
    assert!(
        r.body.contains("Target date: &#39;31/12/2027&#39; is not a date")
            || r.body.contains("target: '31/12/2027' is not a date"),
        "{}",
        r.body
    );
    assert!(r.body.contains("A national CERT that answers at night"), "what was typed is kept");
    assert!(r.body.contains("Incidents answered within 24 hours"));
    let mut good = bad;
    good[4] = ("target", "2027-12-31");
    assert_eq!(app.post_form("/programmes/GEO/plan", &good, Some(&geo_s)).await.status, 303);
    let page = app.get_as("/programmes/GEO", &geo_s).await;
    assert!(page.body.contains("A national CERT that answers at night"));
    // The staff read it, comment and propose; they cannot edit it; the officer cannot agree.
    let r = app.post_form("/programmes/GEO/plan", &[("op", "add_objective"), ("text", "x")], Some(&officer_s)).await;
    assert_eq!(r.status, 403);
    let r = app
        .post_form(
            "/programmes/GEO/comments",
            &[("text", "Name the CERT's host ministry."), ("goal", "2"), ("proposal", "1")],
            Some(&officer_s),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.get_as("/programmes/GEO", &officer_s).await;
    assert!(
        page.body.contains("Name the CERT&#39;s host ministry.")
            || page.body.contains("Name the CERT's host ministry.")
    );
    assert!(!page.body.contains("/programmes/GEO/agree"), "an officer is not offered agreement");
    assert_eq!(app.post_form("/programmes/GEO/agree", &[], Some(&officer_s)).await.status, 403);
    assert!(app.get_as("/programmes/GEO", &admin_s).await.body.contains("/programmes/GEO/agree"));
    assert_eq!(app.post_form("/programmes/GEO/agree", &[], Some(&admin_s)).await.status, 303);
    let page = app.get_as("/programmes/GEO", &admin_s).await;
    assert!(!page.body.contains("/programmes/GEO/agree"), "nothing to agree any more");
    assert!(page.body.contains("/programmes/GEO/versions/1"));

    // Georgia amends through the API; an edit made on an older version is refused.
    let p = app.api("GET", "/api/v1/programmes/GEO", None, Some(&geo_t)).await.json();
    assert_eq!(p["status"], "agreed");
    let version = p["version"].as_i64().unwrap();
    let mut plan_json = p["plan"].clone();
    plan_json["goals"][0]["target"] = json!("2028-06-30");
    plan_json["goals"].as_array_mut().unwrap().push(json!({
        "objective": 1, "area": "CT", "description": "Train border police", "target": "2027-06-30",
        "indicator": "Officers trained",
    }));
    let r = app
        .api(
            "POST",
            "/api/v1/programmes/GEO/plan",
            Some(json!({ "version": version, "plan": plan_json })),
            Some(&geo_t),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["status"], "amended");
    let r = app
        .api(
            "POST",
            "/api/v1/programmes/GEO/plan",
            Some(json!({ "version": version, "plan": plan_json })),
            Some(&geo_t),
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(app.post_form("/programmes/GEO/agree", &[], Some(&admin_s)).await.status, 303);
    let v2 = app.api("GET", "/api/v1/programmes/GEO/versions/2", None, Some(&geo_t)).await.json();
    let changes: Vec<&str> = v2["changes"].as_array().unwrap().iter().map(|c| c["change"].as_str().unwrap()).collect();
    assert_eq!(changes, vec!["goal_changed", "goal_added"], "{v2}");
    let page = app.get_as("/programmes/GEO/versions/2", &geo_s).await;
    assert!(page.body.contains("Goal added") && page.body.contains("Train border police"));

    // Both sides assess goal 2.
    let year = chrono::Datelike::year(&chrono::Utc::now()).to_string();
    let r = app
        .post_form(
            "/programmes/GEO/assessments",
            &[("cycle", &year), ("goal", "2"), ("rating", "in_progress"), ("evidence", "CERT founded.")],
            Some(&geo_s),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = app
        .post_form(
            "/programmes/GEO/assessments",
            &[("cycle", &year), ("goal", "2"), ("rating", "largely_met")],
            Some(&officer_s),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = app
        .post_form(
            "/programmes/GEO/assessments",
            &[("cycle", "1990"), ("goal", "2"), ("rating", "met"), ("evidence", "Typed evidence")],
            Some(&geo_s),
        )
        .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("Cycle: must be a year") && r.body.contains("Typed evidence"), "{}", r.body);
    let p = app.api("GET", "/api/v1/programmes/GEO", None, Some(&geo_t)).await.json();
    assert_eq!(p["assessments"].as_array().unwrap().len(), 2, "{p}");

    // Allies read it; another partner finds nothing, in pages, API and the list.
    assert_eq!(app.get_as("/programmes/GEO", &est_s).await.status, 200);
    assert!(app.get_as("/programmes", &est_s).await.body.contains("/programmes/GEO"));
    assert_eq!(app.get_as("/programmes/GEO", &ukr_s).await.status, 404);
    assert_eq!(app.get_as("/programmes/GEO/versions/1", &ukr_s).await.status, 404);
    assert_eq!(app.api("GET", "/api/v1/programmes/GEO", None, Some(&ukr_t)).await.status, 404);
    assert_eq!(app.api("GET", "/api/v1/programmes/XXX", None, Some(&ukr_t)).await.status, 404);
    assert_eq!(app.api("GET", "/api/v1/programmes", None, Some(&ukr_t)).await.json(), json!([]));
    assert!(!app.get_as("/programmes", &ukr_s).await.body.contains("Georgia"));
    let r = app.post_form("/programmes/GEO/comments", &[("text", "Hello")], Some(&ukr_s)).await;
    assert_eq!(r.status, 404);
}

#[test]
fn requests_serving_an_agreed_goal_rank_first_within_their_nation_only() {
    use entente_domain::consultation::Actor;
    use entente_domain::cooperation::*;
    let now = chrono::Utc::now();
    let by = Actor { user_id: 1, affiliation: entente_domain::access::Affiliation::Staff };
    let req = |id: i64, nation: &str, priority: u32, goal: Option<u32>| SeatRequest {
        id: SeatRequestId(id),
        activity: ActivityId(id),
        nation: nation.parse().unwrap(),
        seats: 1,
        priority,
        nominees: vec![],
        goal,
        submitted_at: now,
        by: by.clone(),
        status: SeatRequestStatus::Submitted,
        declined: 0,
        confirmed_at: None,
        confirm_by: None,
        released_at: None,
        version: 0,
    };
    let programme = |nation: &str, agreed: &[u32]| Programme {
        id: 1,
        nation: nation.parse().unwrap(),
        plan: Plan::default(),
        next_key: 10,
        comments: vec![],
        assessments: vec![],
        agreed: vec![AgreedVersion {
            number: 1,
            plan: Plan {
                objectives: vec![],
                goals: agreed
                    .iter()
                    .map(|&key| Goal {
                        key,
                        objective: 1,
                        area: "CYB".into(),
                        description: "g".into(),
                        target: now.date_naive(),
                        indicator: "i".into(),
                        activities: vec![],
                    })
                    .collect(),
            },
            at: now,
            by: by.clone(),
        }],
        opened_at: now,
        updated_at: now,
        version: 0,
    };
    let requests = vec![
        req(1, "GEO", 1, None),
        req(2, "GEO", 2, None),
        req(3, "GEO", 3, Some(2)), // serves an agreed goal
        req(4, "GEO", 4, Some(7)), // names a goal not agreed
        req(5, "UKR", 3, Some(2)), // UKR has no agreed goal 2
        req(6, "ARM", 5, None),
    ];
    let ranks = entente_web::cooperation::goal_ranks(&requests, &[programme("GEO", &[2]), programme("UKR", &[5])]);
    assert_eq!(ranks.get(&SeatRequestId(3)), Some(&1));
    assert_eq!(ranks.get(&SeatRequestId(1)), Some(&2));
    assert_eq!(ranks.get(&SeatRequestId(2)), Some(&3));
    assert_eq!(ranks.get(&SeatRequestId(4)), Some(&4));
    // Nations without a request serving an agreed goal keep their own ranks.
    assert_eq!(ranks.get(&SeatRequestId(5)), None);
    assert_eq!(ranks.get(&SeatRequestId(6)), None);
}
