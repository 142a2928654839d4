//! After the activity: the provider records attendance and completion (completion counts for
//! prerequisites), delegations whose participants attended give feedback, the provider writes
//! the after-action report — and nobody reads another nation's participants or feedback.

use entente_domain::access::{Audience, Principal, Role};
use entente_domain::cooperation::*;
use entente_testkit::{Session, TestApp};

struct Fixture {
    activity: i64,
}

async fn principal(app: &TestApp, id: i64) -> Principal {
    app.db.store.account(id).await.unwrap().principal()
}

/// Estonia's course, held 10 to 6 days ago: Georgia placed two participants, Ukraine one.
async fn held_course(app: &TestApp, staff: &Principal, est: &Principal, geo: &Principal, ukr: &Principal) -> Fixture {
    let now = chrono::Utc::now();
    let today = now.date_naive();
    let long_ago = now - chrono::Duration::days(60);
    let reg = app.db.store.registry().await.unwrap();
    let net = &reg.network;
    let draft = ActivityDraft {
        code: "AFTER-1".into(),
        title_en: "Cyber defence course".into(),
        title_fr: "Cours de cyberdéfense".into(),
        aim_en: String::new(),
        aim_fr: String::new(),
        area: "CYB".into(),
        kind: ActivityKind::Course,
        institution: String::new(),
        start: today - chrono::Duration::days(10),
        end: today - chrono::Duration::days(6),
        location: "Tallinn".into(),
        languages: vec![entente_domain::Lang::En],
        seats: 10,
        nation_cap: None,
        frameworks: vec![],
        prerequisites: vec![],
        fee_eur: 0,
        deadline: today - chrono::Duration::days(30),
        release: entente_domain::consultation::Release::new(
            "NATO UNCLASSIFIED",
            Audience::AllPartners,
            &entente_domain::access::Classifications::default(),
        )
        .unwrap(),
    };
    let (a, permit) = Activity::propose(ActivityId(0), &draft, est, long_ago, net).unwrap();
    let mut a = app.db.store.scoped(Some(est)).await.unwrap().insert_activity(permit, a).await.unwrap();
    let staff_scope = app.db.store.scoped(Some(staff)).await.unwrap();
    let permit = a.approve(staff, long_ago).unwrap();
    staff_scope.save_activity(permit, &mut a).await.unwrap();
    let mut lines = Vec::new();
    for (p, names) in [(geo, vec!["Nino Beridze", "Giorgi Kapanadze"]), (ukr, vec!["Olena Shevchenko"])] {
        let d = SeatRequestDraft {
            seats: names.len() as u32,
            priority: 1,
            nominees: names.iter().map(|n| n.to_string()).collect(),
            goal: None,
        };
        let (r, permit) =
            SeatRequest::submit(SeatRequestId(0), &a, &d, &Default::default(), None, p, long_ago, net).unwrap();
        let r = app.db.store.scoped(Some(p)).await.unwrap().insert_seat_request(permit, r).await.unwrap();
        lines.push(AllocationLine {
            request: r.id,
            nation: r.nation.clone(),
            activity: a.id,
            asked: names.len() as u32,
            granted: names.len() as u32,
            placed: names.iter().map(|n| n.to_string()).collect(),
            explanation_en: "Granted.".into(),
            explanation_fr: "Accordé.".into(),
            rank: None,
        });
    }
    let (run, permit) =
        AllocationRun::draft("Course", "primary", 1, vec![a.id], lines, serde_json::json!({}), staff, long_ago)
            .unwrap();
    let mut run = staff_scope.insert_allocation(permit, run).await.unwrap();
    let permit = run.publish(None, None, staff, long_ago).unwrap();
    staff_scope.save_allocation(permit, &mut run, &[]).await.unwrap();
    Fixture { activity: a.id.0 }
}

async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)], s: &Session) -> entente_testkit::TestResponse {
    app.post_form(path, fields, Some(s)).await
}

#[tokio::test]
async fn attendance_feedback_and_report_each_reach_only_those_who_may_read_them() {
    let app = TestApp::demo().await;
    let staff_u = app.user("after-staff", None, Role::StaffOfficer).await;
    let est_u = app.user("after-est", Some("EST"), Role::DelegationMember).await;
    let geo_u = app.user("after-geo", Some("GEO"), Role::DelegationMember).await;
    let ukr_u = app.user("after-ukr", Some("UKR"), Role::DelegationMember).await;
    let mlt_u = app.user("after-mlt", Some("MLT"), Role::DelegationMember).await;
    let (staff, est, geo, ukr) = (
        principal(&app, staff_u.id).await,
        principal(&app, est_u.id).await,
        principal(&app, geo_u.id).await,
        principal(&app, ukr_u.id).await,
    );
    let fx = held_course(&app, &staff, &est, &geo, &ukr).await;
    let id = fx.activity;
    let after = format!("/activities/{id}/after");
    let (est_s, geo_s, ukr_s) = (app.login(&est_u).await, app.login(&geo_u).await, app.login(&ukr_u).await);
    let token = |u: i64, n: &'static str| {
        let app = &app;
        async move { app.api_token(u, n).await.0 }
    };
    let (geo_t, mlt_t, ukr_t, staff_t) = (
        token(geo_u.id, "g").await,
        token(mlt_u.id, "m").await,
        token(ukr_u.id, "u").await,
        token(staff_u.id, "s").await,
    );

    // The activity page leads there; the provider sees the whole roster, each nation its own.
    assert!(app.get_as(&format!("/activities/{id}"), &est_s).await.body.contains(&after));
    let page = app.get_as(&after, &est_s).await;
    assert_eq!(page.status, 200, "{}", page.body);
    for name in ["Nino Beridze", "Giorgi Kapanadze", "Olena Shevchenko"] {
        assert!(page.body.contains(name), "{name}");
    }
    assert!(page.body.contains("action=\"/activities/") && page.body.contains("p2_attended"));
    let geo_view = app.api("GET", &format!("/api/v1/activities/{id}/after"), None, Some(&geo_t)).await.json();
    let names: Vec<&str> =
        geo_view["participants"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Nino Beridze", "Giorgi Kapanadze"]);
    assert_eq!(geo_view["may_record_attendance"], false);
    assert!(!app.get_as(&after, &geo_s).await.body.contains("Olena"), "another nation's participant");

    // A refused attendance form comes back with what was ticked.
    let bad = post(
        &app,
        &format!("/activities/{id}/attendance"),
        &[("csrf", &est_s.csrf), ("p0_nation", "GEO"), ("p0_name", "Giorgi Kapanadze"), ("p0_completed", "on")],
        &est_s,
    )
    .await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(bad.body.contains("cannot complete without attending") && bad.body.contains("id=\"done-"), "{}", bad.body);
    assert!(bad.body.contains("name=\"p1_completed\" checked"), "the ticks as typed: {}", bad.body);
    // Someone who holds no seat is refused, naming them.
    let stranger = post(
        &app,
        &format!("/activities/{id}/attendance"),
        &[("csrf", &est_s.csrf), ("p0_nation", "MLT"), ("p0_name", "Maria Borg"), ("p0_attended", "on")],
        &est_s,
    )
    .await;
    assert!(stranger.body.contains("Participant: Maria Borg (Malta) holds no seat"), "{}", stranger.body);
    // Georgia may not record; the provider does.
    let r = post(
        &app,
        &format!("/activities/{id}/attendance"),
        &[("csrf", &geo_s.csrf), ("p0_nation", "GEO"), ("p0_name", "Nino Beridze"), ("p0_attended", "on")],
        &geo_s,
    )
    .await;
    assert_eq!(r.status, 403);
    let ok = post(
        &app,
        &format!("/activities/{id}/attendance"),
        &[
            ("csrf", &est_s.csrf),
            ("p0_nation", "GEO"),
            ("p0_name", "Giorgi Kapanadze"),
            ("p0_attended", "on"),
            ("p0_completed", "on"),
            ("p1_nation", "GEO"),
            ("p1_name", "Nino Beridze"),
            ("p2_nation", "UKR"),
            ("p2_name", "Olena Shevchenko"),
            ("p2_attended", "on"),
        ],
        &est_s,
    )
    .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    assert_eq!(ok.header("location"), Some(after.as_str()));

    // Georgia's calendar feed holds the course, with its seats and its own participants only.
    let created = app.post_form("/account/calendar", &[("csrf", &geo_s.csrf)], Some(&geo_s)).await;
    let start = created.body.find("/calendar/").expect("the new address is shown");
    let end = created.body[start..].find(".ics").unwrap() + start + 4;
    let ics = app.get(&created.body[start..end]).await;
    assert_eq!(ics.status, 200);
    let ics = entente_domain::consultation::unfold(&ics.body);
    assert!(
        ics.contains(&format!("UID:activity-{id}@")) && ics.contains("SUMMARY:AFTER-1 — Cyber defence course"),
        "{ics}"
    );
    assert!(ics.contains("Your nation's seats: 2") && ics.contains("Nino Beridze"), "{ics}");
    assert!(!ics.contains("Olena"), "another nation's participant: {ics}");

    // Completion counts for prerequisites: Georgia completed the course, Ukraine attended only.
    let geo_done = app.db.store.scoped(Some(&geo)).await.unwrap().completed_by("GEO").await.unwrap();
    assert!(geo_done.contains(&ActivityId(id)), "{geo_done:?}");
    let ukr_done = app.db.store.scoped(Some(&ukr)).await.unwrap().completed_by("UKR").await.unwrap();
    assert!(!ukr_done.contains(&ActivityId(id)));

    // Each nominee carries what they completed: Georgia nominates both its participants for a
    // course that requires this one; its page names what Giorgi completed, and the engine places
    // him and not Nino, who only attended.
    let today = chrono::Utc::now().date_naive();
    let second = ActivityDraft {
        code: "AFTER-2".into(),
        title_en: "Advanced cyber defence".into(),
        title_fr: "Cyberdéfense avancée".into(),
        aim_en: String::new(),
        aim_fr: String::new(),
        area: "CYB".into(),
        kind: ActivityKind::Course,
        institution: String::new(),
        start: today + chrono::Duration::days(40),
        end: today + chrono::Duration::days(44),
        location: "Tallinn".into(),
        languages: vec![entente_domain::Lang::En],
        seats: 10,
        nation_cap: None,
        frameworks: vec![],
        prerequisites: vec![ActivityId(id)],
        fee_eur: 0,
        deadline: today + chrono::Duration::days(20),
        release: entente_domain::consultation::Release::new(
            "NATO UNCLASSIFIED",
            Audience::AllPartners,
            &entente_domain::access::Classifications::default(),
        )
        .unwrap(),
    };
    let reg = app.db.store.registry().await.unwrap();
    let (follow_up, permit) =
        Activity::propose(ActivityId(0), &second, &est, chrono::Utc::now(), &reg.network).unwrap();
    let mut follow_up =
        app.db.store.scoped(Some(&est)).await.unwrap().insert_activity(permit, follow_up).await.unwrap();
    let permit = follow_up.approve(&staff, chrono::Utc::now()).unwrap();
    app.db.store.scoped(Some(&staff)).await.unwrap().save_activity(permit, &mut follow_up).await.unwrap();
    let f2 = follow_up.id.0;
    let asked = app
        .api(
            "POST",
            &format!("/api/v1/activities/{f2}/seat-requests"),
            Some(serde_json::json!({ "seats": 2, "priority": 1, "nominees": ["Nino Beridze", "Giorgi Kapanadze"] })),
            Some(&geo_t),
        )
        .await;
    assert_eq!(asked.status, 200, "Georgia completed the prerequisite: {}", asked.body);
    let geo_page = app.get_as(&format!("/activities/{f2}"), &geo_s).await.body;
    assert!(geo_page.contains("Giorgi Kapanadze (completed: AFTER-1)"), "{geo_page}");
    assert!(!geo_page.contains("Nino Beridze (completed"), "Nino only attended");
    let run = app
        .api(
            "POST",
            "/api/v1/allocations",
            Some(serde_json::json!({ "title": "Follow-up", "activities": [f2] })),
            Some(&staff_t),
        )
        .await;
    assert_eq!(run.status, 200, "{}", run.body);
    let line = run.json()["lines"].as_array().unwrap().iter().find(|l| l["nation"] == "GEO").cloned().unwrap();
    assert_eq!(line["placed"], serde_json::json!(["Giorgi Kapanadze"]), "{line}");

    // Feedback from the nations whose participants attended; ratings named when out of range.
    let fb =
        |r: u8| serde_json::json!({ "relevance": r, "quality": 4, "organisation": 3, "comment": "SECRET-GEO view" });
    let refused = app.api("POST", &format!("/api/v1/activities/{id}/feedback"), Some(fb(9)), Some(&geo_t)).await;
    assert_eq!(refused.status, 400);
    assert!(refused.json()["message"].as_str().unwrap().starts_with("relevance: '9'"), "{}", refused.body);
    assert_eq!(
        app.api("POST", &format!("/api/v1/activities/{id}/feedback"), Some(fb(5)), Some(&geo_t)).await.status,
        200
    );
    let ukr_fb = post(
        &app,
        &format!("/activities/{id}/feedback"),
        &[("csrf", &ukr_s.csrf), ("relevance", "3"), ("quality", "2"), ("organisation", "4"), ("comment", "Long days")],
        &ukr_s,
    )
    .await;
    assert_eq!(ukr_fb.status, 303, "{}", ukr_fb.body);
    let malta = app.api("POST", &format!("/api/v1/activities/{id}/feedback"), Some(fb(4)), Some(&mlt_t)).await;
    assert_eq!(malta.status, 403, "Malta had no participant");
    // The provider (Estonia's delegation) is told of each feedback; Ukraine is not told of
    // Georgia's.
    let est_inbox = app.get_as("/inbox", &est_s).await.body;
    for n in ["Georgia", "Ukraine"] {
        assert!(est_inbox.contains(&format!("{n} gave feedback on")), "{n}: {est_inbox}");
    }
    assert!(est_inbox.contains("Cyber defence course") && est_inbox.contains("relevance 5/5"), "{est_inbox}");
    let ukr_inbox = app.get_as("/inbox", &ukr_s).await.body;
    assert!(!ukr_inbox.contains("Georgia gave feedback"), "{ukr_inbox}");
    // Each nation reads its own feedback; the provider and staff read both, with the means.
    let ukr_view = app.api("GET", &format!("/api/v1/activities/{id}/after"), None, Some(&ukr_t)).await;
    assert!(!ukr_view.body.contains("SECRET-GEO"), "{}", ukr_view.body);
    assert_eq!(ukr_view.json()["feedback"].as_array().unwrap().len(), 1);
    let staff_view = app.api("GET", &format!("/api/v1/activities/{id}/after"), None, Some(&staff_t)).await.json();
    assert_eq!(staff_view["feedback"].as_array().unwrap().len(), 2);
    let est_page = app.get_as(&after, &est_s).await.body;
    assert!(est_page.contains("SECRET-GEO view") && est_page.contains("Long days"));
    assert!(est_page.contains("Mean of 2 nations") && est_page.contains("4.0"), "{est_page}");

    // The report: the provider writes it; a writer with a stale version is refused; nations with
    // participants read it, Malta does not.
    let w = |body: &str, v: i64| serde_json::json!({ "body": body, "version": v });
    let est_t = token(est_u.id, "e").await;
    let first =
        app.api("POST", &format!("/api/v1/activities/{id}/report"), Some(w("Twenty trained.", 0)), Some(&est_t)).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.json()["report_version"], 1);
    let stale =
        app.api("POST", &format!("/api/v1/activities/{id}/report"), Some(w("Overwrite", 0)), Some(&staff_t)).await;
    assert_eq!(stale.status, 409, "{}", stale.body);
    let second = app
        .api(
            "POST",
            &format!("/api/v1/activities/{id}/report"),
            Some(w("Twenty trained; lab slow.", 1)),
            Some(&staff_t),
        )
        .await;
    assert_eq!(second.status, 200, "{}", second.body);
    assert_eq!(
        app.api("GET", &format!("/api/v1/activities/{id}/after"), None, Some(&ukr_t)).await.json()["report"]["body"],
        "Twenty trained; lab slow."
    );
    let malta_view = app.api("GET", &format!("/api/v1/activities/{id}/after"), None, Some(&mlt_t)).await.json();
    assert!(malta_view["report"].is_null() && malta_view["participants"].as_array().unwrap().is_empty());

    // In French.
    let fr = app.get_with(&after, &[("cookie", &format!("{}; entente_lang=fr", geo_s.cookie))]).await.body;
    assert!(fr.contains("Après l’activité") && fr.contains("Compte rendu après action"), "{fr}");
}

#[tokio::test]
async fn the_demo_year_records_attendance_feedback_and_reports_on_its_completed_activities() {
    let app = TestApp::demo().await;
    let seeded = app.with_cooperation_year().await;
    assert!(seeded.attendance_recorded > 20, "{seeded:?}");
    assert!(seeded.participants > seeded.attendance_recorded);
    assert!(seeded.feedback > 10 && seeded.reports > 5, "{seeded:?}");
    // A delegation that gave feedback reads its own and no one else's.
    let staff = app.user("after-demo-staff", None, Role::StaffOfficer).await;
    let staff_t = app.api_token(staff.id, "s").await.0;
    let done = app.api("GET", "/api/v1/activities?status=completed&limit=200", None, Some(&staff_t)).await.json();
    let mut checked = 0;
    for a in done["items"].as_array().unwrap() {
        let id = a["id"].as_i64().unwrap();
        let v = app.api("GET", &format!("/api/v1/activities/{id}/after"), None, Some(&staff_t)).await.json();
        let Some(f) = v["feedback"].as_array().and_then(|f| f.first()) else { continue };
        let nation = f["nation"].as_str().unwrap();
        let user = app.user(&format!("after-demo-{nation}"), Some(nation), Role::DelegationMember).await;
        let t = app.api_token(user.id, "d").await.0;
        let mine = app.api("GET", &format!("/api/v1/activities/{id}/after"), None, Some(&t)).await.json();
        assert!(mine["feedback"].as_array().unwrap().iter().all(|x| x["nation"] == nation), "{mine}");
        assert!(mine["participants"].as_array().unwrap().iter().all(|x| x["nation"] == nation), "{mine}");
        checked += 1;
        break;
    }
    assert_eq!(checked, 1, "a completed activity with feedback");

    // Q8 reads them: per year, participants, attendance, completion and the mean ratings.
    let q8 = app.api("GET", "/api/v1/evaluation/q8", None, Some(&staff_t)).await.json();
    let f = q8["figures"].as_array().unwrap().iter().find(|f| f["id"] == "q8-after").cloned().unwrap();
    let col = |name: &str| f["columns"].as_array().unwrap().iter().position(|c| c == name).unwrap();
    let rows = f["rows"].as_array().unwrap();
    assert!(!rows.is_empty(), "{f}");
    let total: i64 = rows.iter().map(|r| r[col("participants")].as_i64().unwrap()).sum();
    assert_eq!(total as usize, seeded.participants);
    for r in rows {
        let share = r[col("attended_share")].as_f64().unwrap();
        assert!((0.8..=1.0).contains(&share), "{r}");
        if let Some(m) = r[col("relevance")].as_f64() {
            assert!((1.0..=5.0).contains(&m), "{r}");
        }
    }
    assert!(f["sentence"].as_str().unwrap().contains("out of 5"), "{f}");
}
