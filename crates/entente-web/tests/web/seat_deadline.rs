//! Seats are confirmed by a date. Staff may choose it when they publish (not before the day of
//! publication); otherwise it is the earlier of publication + 14 days and the activity's start − 7
//! days. After it, answers are refused, and the next reminder pass releases the seats nobody
//! answered for: they go to the nation still waiting, in a new published version, the nations
//! concerned are told, and a second pass (or a second server) releases nothing more.

use chrono::{Duration, Utc};
use entente_domain::access::{Principal, Role};
use entente_domain::cooperation::*;
use entente_testkit::TestApp;
use entente_web::notify::remind_once;
use serde_json::json;

use crate::matrix::token_for;

async fn principal(app: &TestApp, id: i64) -> Principal {
    app.db.store.account(id).await.unwrap().principal()
}

struct Published {
    activity: Activity,
    run: i64,
    geo: SeatRequestId,
    ukr: SeatRequestId,
    arm: SeatRequestId,
}

/// A course starting in 30 days, whose allocation was published 40 days ago (so its date to
/// confirm by, publication + 14 days, passed 26 days ago): Georgia and Ukraine hold one seat each,
/// Armenia waits. Ukraine confirmed in time; Georgia never answered.
async fn published_long_ago(app: &TestApp, staff: &Principal, est: &Principal, nations: [&Principal; 3]) -> Published {
    let now = Utc::now();
    let today = now.date_naive();
    let long_ago = now - Duration::days(40);
    let reg = app.db.store.registry().await.unwrap();
    let net = &reg.network;
    let draft = ActivityDraft {
        code: "CONFIRM-1".into(),
        title_en: "Crisis management course".into(),
        title_fr: "Cours de gestion de crise".into(),
        aim_en: String::new(),
        aim_fr: String::new(),
        area: "CYB".into(),
        kind: ActivityKind::Course,
        institution: String::new(),
        start: today + Duration::days(30),
        end: today + Duration::days(34),
        location: "Tallinn".into(),
        languages: vec![entente_domain::Lang::En],
        seats: 2,
        nation_cap: Some(1),
        frameworks: vec![],
        prerequisites: vec![],
        fee_eur: 0,
        deadline: today - Duration::days(30),
        release: entente_domain::consultation::Release::new(
            "NATO UNCLASSIFIED",
            entente_domain::access::Audience::AllPartners,
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
    let mut ids = Vec::new();
    for (p, granted) in [(nations[0], 1), (nations[1], 1), (nations[2], 0)] {
        let name = format!("{} nominee", p.nation().unwrap());
        let d = SeatRequestDraft { seats: 1, priority: 1, nominees: vec![name.clone()], goal: None };
        let (r, permit) =
            SeatRequest::submit(SeatRequestId(0), &a, &d, &Default::default(), None, p, long_ago, net).unwrap();
        let r = app.db.store.scoped(Some(p)).await.unwrap().insert_seat_request(permit, r).await.unwrap();
        ids.push(r.id);
        lines.push(AllocationLine {
            request: r.id,
            nation: r.nation.clone(),
            activity: a.id,
            asked: 1,
            granted,
            placed: if granted > 0 { vec![name] } else { vec![] },
            explanation_en: "Computed.".into(),
            explanation_fr: "Calculé.".into(),
            rank: None,
        });
    }
    let (run, permit) =
        AllocationRun::draft("Course", "primary", 1, vec![a.id], lines, serde_json::json!({}), staff, long_ago)
            .unwrap();
    let mut run = staff_scope.insert_allocation(permit, run).await.unwrap();
    let permit = run.publish(None, None, staff, long_ago).unwrap();
    let by = run.confirm_by_for(a.start, long_ago.date_naive());
    assert_eq!(by, long_ago.date_naive() + Duration::days(14));
    let holds = [(ids[0], Some(by)), (ids[1], Some(by)), (ids[2], None)];
    staff_scope.save_allocation(permit, &mut run, &holds).await.unwrap();
    // Ukraine confirmed in time.
    let ukr_scope = app.db.store.scoped(Some(nations[1])).await.unwrap();
    let mut ukr = ukr_scope.seat_request(ids[1].0).await.unwrap();
    let permit = ukr.confirm(1, &a, nations[1], long_ago + Duration::days(1)).unwrap();
    ukr_scope.save_seat_request(permit, &mut ukr).await.unwrap();
    Published { activity: a, run: run.id.0, geo: ids[0], ukr: ids[1], arm: ids[2] }
}

#[tokio::test]
async fn seats_not_answered_by_their_date_are_released_once_and_offered_to_the_waiting_nation() {
    let app = TestApp::demo().await;
    let mut users = std::collections::BTreeMap::new();
    for (name, nation, role) in [
        ("cb-staff", None, Role::StaffOfficer),
        ("cb-est", Some("EST"), Role::DelegationMember),
        ("cb-geo", Some("GEO"), Role::DelegationMember),
        ("cb-ukr", Some("UKR"), Role::DelegationMember),
        ("cb-arm", Some("ARM"), Role::DelegationMember),
    ] {
        let u = app.user(name, nation, role).await;
        let token = token_for(&app, u.id, name).await.0;
        users.insert(name, (u.clone(), token, principal(&app, u.id).await));
    }
    let p = |n: &str| users[n].2.clone();
    let t = |n: &str| users[n].1.clone();
    let fx = published_long_ago(&app, &p("cb-staff"), &p("cb-est"), [&p("cb-geo"), &p("cb-ukr"), &p("cb-arm")]).await;
    let today = Utc::now().date_naive();
    let by = today - Duration::days(26);

    // Georgia's date passed: its answer is refused, and its page offers no answer, only the date.
    let r = app
        .api(
            "POST",
            &format!("/api/v1/seat-requests/{}/answer", fx.geo.0),
            Some(json!({ "answer": "confirm" })),
            Some(&t("cb-geo")),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(
        r.json()["message"],
        format!("seats were to be confirmed or given back by {by}: that date has passed"),
        "{}",
        r.body
    );
    let s_geo = app.login(&users["cb-geo"].0).await;
    let page = app.get_as(&format!("/allocations/{}", fx.run), &s_geo).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Not confirmed by"), "{}", page.body);
    assert!(!page.body.contains("value=\"confirm\"") && !page.body.contains("value=\"decline\""), "{}", page.body);
    // A page form sent anyway is refused in place, with its message.
    let r = app
        .post_form(
            &format!("/seat-requests/{}/answer", fx.geo.0),
            &[("allocation", &fx.run.to_string()), ("op", "confirm")],
            Some(&s_geo),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("that date has passed"), "{}", r.body);

    // The next reminder pass releases Georgia's seat; Ukraine confirmed, so keeps its own. Two
    // passes at once (two servers) release it once.
    let (a, b) = tokio::join!(remind_once(&app.state, Utc::now()), remind_once(&app.state, Utc::now()));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.seats_released + b.seats_released, 1, "{a:?} {b:?}");
    let staff_t = t("cb-staff");
    let all = app.api("GET", "/api/v1/allocations", None, Some(&staff_t)).await.json();
    let current: Vec<&serde_json::Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["activities"].as_array().unwrap().contains(&json!(fx.activity.id.0)))
        .collect();
    assert_eq!(current.len(), 2, "one new version: {all}");
    let next = current.iter().find(|r| r["status"] == "published").unwrap();
    assert_eq!(next["supersedes"], fx.run);
    let line =
        |req: SeatRequestId| next["lines"].as_array().unwrap().iter().find(|l| l["request"] == req.0).unwrap().clone();
    assert_eq!((line(fx.geo)["granted"].as_u64(), line(fx.geo)["answer"].as_str()), (Some(0), Some("released")));
    assert_eq!((line(fx.ukr)["granted"].as_u64(), line(fx.ukr)["answer"].as_str()), (Some(1), Some("confirmed")));
    // Armenia, waiting, is offered the seat, with a new date by the rule counted from today.
    let arm = line(fx.arm);
    assert_eq!((arm["granted"].as_u64(), arm["answer"].as_str()), (Some(1), Some("pending")), "{arm}");
    assert_eq!(arm["confirm_by"], (today + Duration::days(14)).to_string());
    // The version published before is kept as it was.
    let old = app.api("GET", &format!("/api/v1/allocations/{}", fx.run), None, Some(&staff_t)).await.json();
    assert_eq!(old["status"], "superseded");
    // Armenia and Georgia are told; Ukraine is not.
    let inbox = |token: String| {
        let app = &app;
        async move { app.api("GET", "/api/v1/inbox", None, Some(&token)).await.body }
    };
    assert!(inbox(t("cb-arm")).await.contains("Crisis management course"), "Armenia is told of its new seat");
    assert!(inbox(t("cb-geo")).await.contains("Crisis management course"), "Georgia is told its seat went");
    assert!(!inbox(t("cb-ukr")).await.contains("Crisis management course"), "Ukraine's seat did not change");

    // Released once: another pass releases nothing more.
    assert_eq!(remind_once(&app.state, Utc::now()).await.unwrap().seats_released, 0);
    let all = app.api("GET", "/api/v1/allocations", None, Some(&staff_t)).await.json();
    assert_eq!(all.as_array().unwrap().len(), 2, "no further version: {all}");

    // Georgia reads that its seat was released, in words; its answer is refused.
    let page = app.get_as(&format!("/allocations/{}", next["id"]), &s_geo).await;
    assert!(page.body.contains("Released on"), "{}", page.body);
    let r = app
        .api(
            "POST",
            &format!("/api/v1/seat-requests/{}/answer", fx.geo.0),
            Some(json!({ "answer": "confirm" })),
            Some(&t("cb-geo")),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("were released on"), "{}", r.body);
    // Armenia confirms its new seat in time; staff see which line was released.
    let s_arm = app.login(&users["cb-arm"].0).await;
    let page = app.get_as(&format!("/allocations/{}", next["id"]), &s_arm).await;
    assert!(
        page.body.contains(&format!(
            "Confirm by {}",
            entente_web::notify::long_date(today + Duration::days(14), entente_web::i18n::Lang::En)
        )),
        "{}",
        page.body
    );
    let r = app
        .api(
            "POST",
            &format!("/api/v1/seat-requests/{}/answer", fx.arm.0),
            Some(json!({ "answer": "confirm" })),
            Some(&t("cb-arm")),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let s_staff = app.login(&users["cb-staff"].0).await;
    let page = app.get_as(&format!("/allocations/{}", next["id"]), &s_staff).await;
    assert!(page.body.contains("Released on"), "{}", page.body);
    // The release is in the audit log as the system's.
    let admin = app.user("cb-admin", None, Role::StaffAdmin).await;
    let s_admin = app.login(&admin).await;
    let audit = app.get_as("/api/v1/audit?action=seat_request.released", &s_admin).await;
    assert_eq!(audit.status, 200, "{}", audit.body);
    assert!(audit.body.contains("entente seat release"), "{}", audit.body);
    assert_eq!(audit.json()["items"].as_array().unwrap().len(), 1, "{}", audit.body);
}

#[tokio::test]
async fn staff_choose_the_date_when_they_publish_never_before_the_day_of_publication() {
    let app = TestApp::demo().await;
    let staff_u = app.user("cb2-staff", None, Role::StaffOfficer).await;
    let geo_u = app.user("cb2-geo", Some("GEO"), Role::DelegationMember).await;
    let staff = token_for(&app, staff_u.id, "cb2-staff").await.0;
    let geo = token_for(&app, geo_u.id, "cb2-geo").await.0;
    let day = |n: i64| (Utc::now() + Duration::days(n)).format("%Y-%m-%d").to_string();
    let mut ids = Vec::new();
    for (code, start) in [("CB-NEAR", 10), ("CB-FAR", 90)] {
        let body = json!({
            "code": code, "title_en": format!("Course {code}"), "title_fr": format!("Cours {code}"),
            "aim_en": "Train staff.", "aim_fr": "Former le personnel.", "area": "CYB", "kind": "course",
            "institution": "NATO School Oberammergau", "start": day(start), "end": day(start + 4), "location": "Tbilisi",
            "languages": ["en"], "seats": 2, "nation_cap": 2, "frameworks": ["PFP"], "nomination_deadline": day(5),
        });
        let r = app.api("POST", "/api/v1/activities", Some(body), Some(&staff)).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let id = r.json()["id"].as_i64().unwrap();
        let r = app
            .api("POST", &format!("/api/v1/activities/{id}/step"), Some(json!({ "step": "approve" })), Some(&staff))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let r = app
            .api(
                "POST",
                &format!("/api/v1/activities/{id}/seat-requests"),
                Some(json!({ "seats": 1, "priority": 1 })),
                Some(&geo),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        ids.push(id);
    }
    let run = |title: &str| {
        let body = json!({ "title": title, "activities": ids, "seed": 1 });
        let app = &app;
        let staff = staff.clone();
        async move { app.api("POST", "/api/v1/allocations", Some(body), Some(&staff)).await.json()["id"].as_i64().unwrap() }
    };
    // Without a date: each line by the rule, from its own activity (10 days ahead: start − 7;
    // 90 days ahead: publication + 14).
    let first = run("Rule").await;
    let r = app.api("POST", &format!("/api/v1/allocations/{first}/publish"), None, Some(&staff)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut by: Vec<(i64, String)> = r.json()["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["activity"].as_i64().unwrap(), l["confirm_by"].as_str().unwrap().to_string()))
        .collect();
    by.sort();
    assert_eq!(by, vec![(ids[0], day(3)), (ids[1], day(14))], "{}", r.body);
    assert!(r.json()["confirm_by"].is_null());

    // A date before today is refused, in the API and in place on the page with what was typed.
    let second = run("Chosen").await;
    let r = app
        .api(
            "POST",
            &format!("/api/v1/allocations/{second}/publish"),
            Some(json!({ "confirm_by": day(-1) })),
            Some(&staff),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .starts_with(&format!("confirm_by: {} is before the day of publication", day(-1))),
        "{}",
        r.body
    );
    let s_staff = app.login(&staff_u).await;
    let r = app
        .post_form(
            &format!("/allocations/{second}/step"),
            &[("step", "publish"), ("confirm_by", &day(-1))],
            Some(&s_staff),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body.contains("is before the day of publication") && r.body.contains(&format!("value=\"{}\"", day(-1))),
        "{}",
        r.body
    );
    // The staff's date applies to every line; the delegation reads it in words, in French too.
    let r = app
        .post_form(
            &format!("/allocations/{second}/step"),
            &[("step", "publish"), ("confirm_by", &day(2))],
            Some(&s_staff),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = app.api("GET", &format!("/api/v1/allocations/{second}"), None, Some(&geo)).await.json();
    assert_eq!(r["confirm_by"], day(2));
    for l in r["lines"].as_array().unwrap() {
        assert_eq!((l["confirm_by"].as_str(), l["answer"].as_str()), (Some(day(2).as_str()), Some("pending")), "{r}");
    }
    let s_geo = app.login(&geo_u).await;
    let page = app.get_as(&format!("/allocations/{second}"), &s_geo).await;
    let when = (Utc::now() + Duration::days(2)).date_naive();
    assert!(
        page.body
            .contains(&format!("Confirm by {}", entente_web::notify::long_date(when, entente_web::i18n::Lang::En))),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("value=\"confirm\"") && page.body.contains("value=\"decline\""),
        "still in time: {}",
        page.body
    );
    let fr =
        app.get_with(&format!("/allocations/{second}"), &[("cookie", &s_geo.cookie), ("accept-language", "fr")]).await;
    assert!(
        fr.body.contains(&format!(
            "À confirmer au plus tard le {}",
            entente_web::notify::long_date(when, entente_web::i18n::Lang::Fr)
        )),
        "{}",
        fr.body
    );
}
