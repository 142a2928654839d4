//! Full-text search through the app: a caller finds exactly what the consultation store lets
//! them open (hits and totals), stemming in English and French, and clear errors for bad input.

use std::collections::BTreeSet;

use entente_domain::access::{Audience, Classifications, Principal, Role, Viewer};
use entente_domain::consultation::{Release, SummaryRecord, visible_versions};
use entente_store::consultation::MeetingFilter;
use entente_testkit::{Session, TestApp};
use entente_web::search as ws;

fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// What `p` may open in the forum, through the scoped store: the same keys the index uses.
async fn openable(app: &TestApp, p: &Principal) -> BTreeSet<(String, String)> {
    let store = &app.db.store;
    let net = store.load_network().await.unwrap();
    let scope = store.scoped(Some(p)).await.unwrap();
    let mut out = BTreeSet::new();
    for m in scope.meetings(&MeetingFilter { limit: 500, ..Default::default() }).await.unwrap() {
        let mid = m.id.0;
        out.insert((ws::MEETING.to_string(), mid.to_string()));
        for item in scope.agenda(&m, &net).await.unwrap() {
            out.insert((ws::AGENDA_ITEM.to_string(), format!("{mid}-{}", item.id.0)));
        }
        for paper in scope.papers(&m, &net).await.unwrap() {
            out.insert((paper.kind.as_str().to_string(), format!("{mid}-{}", paper.id)));
        }
        for d in scope.decisions(&m, &net).await.unwrap() {
            out.insert((ws::DECISION.to_string(), format!("{mid}-{}", d.id.0)));
        }
        for a in scope.actions(&m, &net).await.unwrap() {
            out.insert((ws::ACTION.to_string(), format!("{mid}-{}", a.id.0)));
        }
        if let Some(r) = scope.record(&m, &net).await.unwrap()
            && !visible_versions(Viewer::User(p), &r, &m, &net).is_empty()
        {
            out.insert((ws::RECORD.to_string(), mid.to_string()));
        }
    }
    for r in scope.requests(&net).await.unwrap() {
        out.insert((ws::REQUEST.to_string(), r.id.0.to_string()));
    }
    out
}

struct World {
    app: TestApp,
    /// (name, principal, session)
    users: Vec<(&'static str, Principal, Session)>,
}

async fn world() -> World {
    let app = TestApp::demo().await;
    let mut users = Vec::new();
    for (name, nation, role) in [
        ("staff", None, Role::StaffOfficer),
        ("mlt", Some("MLT"), Role::DelegationMember),
        ("ukr", Some("UKR"), Role::DelegationMember),
        ("fin", Some("FIN"), Role::DelegationMember),
        ("geo", Some("GEO"), Role::DelegationMember),
    ] {
        let u = app.user(name, nation, role).await;
        let p = app.db.store.account(u.id).await.unwrap().principal();
        let s = app.login(&u).await;
        users.push((name, p, s));
    }
    let (staff, mlt, ukr) = (users[0].1.clone(), users[1].1.clone(), users[2].1.clone());
    let (_, held, ..) = super::matrix::consultation_fixture(&app, &staff, &mlt, &ukr).await;
    // Records: a draft for staff only in one held meeting, a circulated one in the other.
    let store = &app.db.store;
    let now = chrono::Utc::now();
    let rel = Release::new("NATO UNCLASSIFIED", Audience::AllPartners, &Classifications::default()).unwrap();
    let net = store.load_network().await.unwrap();
    let scope = store.scoped(Some(&staff)).await.unwrap();
    let m = scope.meeting(held.0, &net).await.unwrap();
    let (mut r, permit) = SummaryRecord::draft(&m, &rel, "Draft record about Malta", &staff, now).unwrap();
    scope.save_record(permit, &mut r).await.unwrap();
    let m = scope.meeting(held.1, &net).await.unwrap();
    let (mut r, permit) = SummaryRecord::draft(&m, &rel, "Circulated record about Ukraine", &staff, now).unwrap();
    scope.save_record(permit, &mut r).await.unwrap();
    let permit = r.circulate(1, now + chrono::Duration::days(3), &staff, now).unwrap();
    scope.save_record(permit, &mut r).await.unwrap();
    assert!(app.reindex().await >= 10);
    World { app, users }
}

#[tokio::test]
async fn each_user_finds_exactly_what_they_may_open() {
    let w = world().await;
    let mut sizes = Vec::new();
    for (name, p, _) in &w.users {
        let expected = openable(&w.app, p).await;
        let readers = entente_search::tokens::viewer_tokens(Viewer::User(p));
        let found: BTreeSet<(String, String)> =
            w.app.search.index().visible_keys(&readers).unwrap().into_iter().collect();
        assert_eq!(found, expected, "{name}: search reveals other items than the store lets them open");
        sizes.push((*name, expected.len()));
    }
    // The fixture is not trivial: staff see more than MLT, MLT and UKR see different meetings,
    // and a partner seated nowhere sees nothing.
    let size = |n: &str| sizes.iter().find(|(x, _)| *x == n).unwrap().1;
    assert!(size("staff") > size("mlt") && size("staff") > size("ukr"), "{sizes:?}");
    assert!(size("mlt") > 0 && size("ukr") > 0 && size("fin") > 0, "{sizes:?}");
    assert_eq!(size("geo"), 0, "{sizes:?}");
    // Decisions, actions and requests are in the fixture, so the comparison covers them too.
    let staff_keys = openable(&w.app, &w.users[0].1).await;
    for kind in [ws::DECISION, ws::ACTION, ws::REQUEST] {
        assert!(staff_keys.iter().any(|(k, _)| k == kind), "no {kind} in the fixture");
    }
}

#[tokio::test]
async fn hits_and_totals_never_count_a_hidden_item() {
    let w = world().await;
    let api = |s: &Session, q: &str| {
        let path = format!("/api/v1/search?q={}", enc(q));
        let s = s.clone();
        let app = &w.app;
        async move { app.get_as(&path, &s).await }
    };
    let (staff, mlt, ukr) = (&w.users[0].2, &w.users[1].2, &w.users[2].2);
    let r = api(staff, "secret").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let staff_total = r.json()["total"].as_u64().unwrap();
    assert!(staff_total >= 4, "{}", r.body);
    assert!(r.body.contains("SECRET-UKR-STATEMENT"));
    let r = api(mlt, "secret").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["total"], 0, "{}", r.body);
    assert!(!r.body.contains("SECRET"), "{}", r.body);
    // UKR sees its own items, not all of staff's (its item is staff-only, but it proposed it).
    let r = api(ukr, "secret").await;
    let ukr_total = r.json()["total"].as_u64().unwrap();
    assert!(ukr_total >= 1 && ukr_total <= staff_total, "{}", r.body);
    // The page shows the same.
    let page = w.app.get_as("/search?q=secret", mlt).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("SECRET-"), "{}", page.body);
    let page = w.app.get_as("/search?q=secret", staff).await;
    assert!(page.body.contains("SECRET-UKR-STATEMENT"));
    // The draft record is for staff only; the circulated one reaches the seated nations.
    let count = |s: &Session, q: &'static str| {
        let fut = api(s, q);
        async move { fut.await.json()["total"].as_u64().unwrap() }
    };
    assert_eq!(count(staff, "draft record malta").await, 1);
    assert_eq!(count(mlt, "draft record malta").await, 0);
    assert_eq!(count(ukr, "circulated record").await, 1);
    assert_eq!(count(mlt, "circulated record").await, 0);
}

#[tokio::test]
async fn writes_are_indexed_and_stemming_works_in_english_and_french() {
    let w = world().await;
    let (staff, mlt) = (&w.users[0].2, &w.users[1].2);
    // A meeting MLT sits in: take it from the API.
    let meetings = w.app.get_as("/api/v1/meetings", mlt).await.json();
    let mid = meetings["items"][0]["id"].as_i64().unwrap();
    for (title, text) in [
        ("Maritime situation", "The ministers discussed the increasing threats to shipping lanes."),
        ("Déclaration de Malte", "Les menaces pesant sur la sécurité des routes maritimes augmentent."),
    ] {
        let r = w
            .app
            .post_form(
                &format!("/meetings/{mid}/statements"),
                &[("title", title), ("text", text), ("audience", "all_partners")],
                Some(mlt),
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let hits = |s: &Session, q: &str| {
        let path = format!("/api/v1/search?q={}", enc(q));
        let app = &w.app;
        let s = s.clone();
        async move {
            let r = app.get_as(&path, &s).await;
            assert_eq!(r.status, 200, "{}", r.body);
            r.json()
        }
    };
    // English: "discussing" and "increase" reach "discussed" and "increasing".
    let r = hits(mlt, "discussing increase").await;
    assert_eq!(r["total"], 1, "{r}");
    assert_eq!(r["items"][0]["title"], "Maritime situation");
    assert!(r["items"][0]["snippet"].as_str().unwrap().contains("<mark>discussed</mark>"), "{r}");
    assert_eq!(r["items"][0]["meeting"], mid);
    // French, accents optional: "menacé securite" reaches "menaces" and "sécurité".
    let r = hits(mlt, "menacé securite").await;
    assert_eq!(r["total"], 1, "{r}");
    assert_eq!(r["items"][0]["title"], "Déclaration de Malte");
    assert!(r["items"][0]["snippet"].as_str().unwrap().contains("<mark>menaces</mark>"), "{r}");
    // A meeting's hit says its level in words, in both languages, never its code.
    let level =
        w.app.get_as(&format!("/api/v1/meetings/{mid}"), mlt).await.json()["level"].as_str().unwrap().to_string();
    let words = match level.as_str() {
        "ambassadors" => ["Ambassadors / Ambassadeurs", "ambassadeurs"],
        "ministers" => ["Ministers / Ministres", "ministres"],
        "experts" => ["Experts ·", "experts"],
        other => panic!("a level the test does not know: {other}"),
    };
    let r = hits(staff, words[1]).await;
    let hit = r["items"].as_array().unwrap().iter().find(|h| h["kind"] == "meeting" && h["meeting"] == mid);
    let snippet = hit.map(|h| h["snippet"].as_str().unwrap().replace("<mark>", "").replace("</mark>", ""));
    assert!(snippet.as_deref().is_some_and(|s| s.contains(words[0]) && !s.contains(&level)), "{r}");
    // Staff find both; a nation not seated finds neither.
    assert_eq!(hits(staff, "maritime").await["total"], 2);
    assert_eq!(hits(&w.users[4].2, "maritime").await["total"], 0);
    // Paging with the cursor.
    let first = w.app.get_as("/api/v1/search?q=maritime&limit=1", staff).await.json();
    let cursor = first["next_cursor"].as_str().unwrap().to_string();
    let second = w.app.get_as(&format!("/api/v1/search?q=maritime&limit=1&cursor={}", enc(&cursor)), staff).await;
    let second = second.json();
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);
    assert!(second["next_cursor"].is_null());

    // A consultation request filed through the page is found by its requester and the staff,
    // and by nobody else; the hit opens the request.
    let r = w
        .app
        .post_form(
            "/requests",
            &[("basis", "paragraph8"), ("threat", "Repeated GPS jamming near the harbours."), ("audience", "staff")],
            Some(mlt),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let request_path = r.header("location").unwrap().to_string();
    let r = hits(mlt, "jamming harbour").await;
    assert_eq!(r["total"], 1, "{r}");
    assert_eq!(r["items"][0]["kind"], "request", "{r}");
    assert!(r["items"][0]["meeting"].is_null(), "{r}");
    // Its title names the nation and the basis in both languages, never their codes.
    let title = r["items"][0]["title"].as_str().unwrap();
    assert!(title.starts_with("Malta / Malte · Paragraph 8"), "{title}");
    assert!(!title.contains("MLT") && !title.contains("paragraph8"), "{title}");
    assert_eq!(hits(staff, "jamming").await["total"], 1);
    assert_eq!(hits(&w.users[2].2, "jamming").await["total"], 0, "Ukraine may not open Malta's request");
    let page = w.app.get_as("/search?q=jamming", mlt).await;
    assert!(page.body.contains(&format!("href=\"{request_path}\"")), "{}", page.body);
    assert!(page.body.contains("Consultation request"), "{}", page.body);
}

#[tokio::test]
async fn bad_queries_answer_400_with_a_reason() {
    let w = world().await;
    let staff = &w.users[0].2;
    let long = "word ".repeat(entente_search::MAX_QUERY_CHARS);
    for (path, code) in [
        ("/api/v1/search".to_string(), "invalid_query"),
        ("/api/v1/search?q=%20%20".to_string(), "invalid_query"),
        (format!("/api/v1/search?q={}", enc(&long)), "invalid_query"),
        ("/api/v1/search?q=malta&cursor=nonsense".to_string(), "invalid_cursor"),
        ("/api/v1/search?q=malta&limit=0".to_string(), "invalid_limit"),
        ("/api/v1/search?q=malta&limit=many".to_string(), "invalid_limit"),
    ] {
        let r = w.app.get_as(&path, staff).await;
        assert_eq!(r.status, 400, "{path}: {}", r.body);
        assert_eq!(r.json()["code"], code, "{path}: {}", r.body);
    }
    // Query syntax is plain words, never an error.
    for q in ["readers:staff", "*", "\"unclosed", "a OR -b", "((("] {
        let r = w.app.get_as(&format!("/api/v1/search?q={}", enc(q)), staff).await;
        assert_eq!(r.status, 200, "{q}: {}", r.body);
    }
    // The page shows the reason too, as a page.
    let r = w.app.get_as("/search?q=malta&cursor=nonsense", staff).await;
    assert_eq!(r.status, 400);
    // Anonymous callers sign in first.
    assert_eq!(w.app.get("/api/v1/search?q=malta").await.status, 401);
}
