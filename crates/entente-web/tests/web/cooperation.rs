//! The cooperation area through the API: a proposal is published, nations request seats, the
//! engine allocates them from the database, and each nation reads only its own answers.

use entente_domain::access::Role;
use entente_testkit::TestApp;
use serde_json::{Value, json};

use crate::matrix::token_for;

fn day(n: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(n)).format("%Y-%m-%d").to_string()
}

async fn caller(app: &TestApp, name: &str, nation: Option<&str>, role: Role) -> String {
    let u = app.user(name, nation, role).await;
    token_for(app, u.id, name).await.0
}

fn activity(code: &str, seats: u32, deadline_in: i64) -> Value {
    json!({
        "code": code, "title_en": format!("Course {code}"), "title_fr": format!("Cours {code}"),
        "aim_en": "Train staff.", "aim_fr": "Former le personnel.", "area": "CYB", "kind": "course",
        "start": day(40), "end": day(44), "location": "Tbilisi", "languages": ["en", "fr"],
        "seats": seats, "nation_cap": 2, "frameworks": ["PFP"], "nomination_deadline": day(deadline_in),
    })
}

#[tokio::test]
async fn from_proposal_to_published_seats_each_nation_sees_its_own() {
    let app = TestApp::demo().await;
    let staff = caller(&app, "coop-staff", None, Role::StaffOfficer).await;
    let est = caller(&app, "coop-est", Some("EST"), Role::DelegationMember).await;
    let geo = caller(&app, "coop-geo", Some("GEO"), Role::DelegationMember).await;
    let ukr = caller(&app, "coop-ukr", Some("UKR"), Role::DelegationMember).await;
    let tun = caller(&app, "coop-tun", Some("TUN"), Role::DelegationMember).await;

    // An ally proposes; a partner state may not.
    let r = app.api("POST", "/api/v1/activities", Some(activity("EST-CYB-1", 3, 20)), Some(&est)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    assert_eq!(r.json()["provider"], "EST");
    assert_eq!(r.json()["status"], "proposed");
    let r = app.api("POST", "/api/v1/activities", Some(activity("GEO-1", 3, 20)), Some(&geo)).await;
    assert_eq!(r.status, 403, "{}", r.body);
    // The proposal is the proposer's and the staff's until published.
    assert_eq!(app.api("GET", &format!("/api/v1/activities/{id}"), None, Some(&geo)).await.status, 404);
    let menu = app.api("GET", "/api/v1/activities", None, Some(&geo)).await.json();
    assert_eq!(menu["total"], 0);
    // A duplicate code is refused with a message naming the field.
    let r = app.api("POST", "/api/v1/activities", Some(activity("EST-CYB-1", 3, 20)), Some(&est)).await;
    assert_eq!(r.status, 400);
    assert!(r.json()["message"].as_str().unwrap().starts_with("code:"), "{}", r.body);
    // Staff return it, the proposer resubmits, staff publish.
    let step = |s: &str, reason: &str| json!({ "step": s, "reason": reason });
    let r = app.api("POST", &format!("/api/v1/activities/{id}/step"), Some(step("return", "")), Some(&staff)).await;
    assert_eq!(r.status, 400, "a reason is required: {}", r.body);
    let r = app
        .api(
            "POST",
            &format!("/api/v1/activities/{id}/step"),
            Some(step("return", "Two seats per nation.")),
            Some(&staff),
        )
        .await;
    assert_eq!(r.json()["status"], "returned");
    let r = app.api("POST", &format!("/api/v1/activities/{id}/step"), Some(step("approve", "")), Some(&staff)).await;
    assert_eq!((r.status, r.json()["code"].as_str()), (400, Some("illegal_transition")));
    let r = app
        .api("POST", &format!("/api/v1/activities/{id}/resubmit"), Some(activity("EST-CYB-1", 3, 20)), Some(&est))
        .await;
    assert_eq!(r.json()["status"], "proposed", "{}", r.body);
    let r = app.api("POST", &format!("/api/v1/activities/{id}/step"), Some(step("approve", "")), Some(&staff)).await;
    assert_eq!(r.json()["status"], "published", "{}", r.body);

    // Open to my nation: Georgia and Ukraine (PfP) yes, Tunisia (Mediterranean Dialogue) no.
    let open = |t: &str| {
        let t = t.to_string();
        let app = &app;
        async move { app.api("GET", "/api/v1/activities?open_to_me=1", None, Some(&t)).await.json()["total"].clone() }
    };
    assert_eq!(open(&geo).await, 1);
    assert_eq!(open(&tun).await, 0);
    // The menu page names the providing nation in the reader's language, never by its code.
    let reader = app.user("coop-geo-page", Some("GEO"), Role::DelegationMember).await;
    let s_geo = app.login(&reader).await;
    let menu = app.get_as("/activities", &s_geo).await;
    assert!(menu.body.contains("<td>Estonia</td>") && !menu.body.contains("<td>EST</td>"), "{}", menu.body);
    let fr =
        entente_testkit::Session { cookie: format!("{}; entente_lang=fr", s_geo.cookie), csrf: s_geo.csrf.clone() };
    assert!(app.get_as("/activities", &fr).await.body.contains("<td>Estonie</td>"));
    let menu = app.api("GET", "/api/v1/activities?area=CYB&language=fr", None, Some(&tun)).await.json();
    assert_eq!(menu["total"], 1, "Tunisia sees the published activity, it just may not take part");
    assert_eq!(menu["facets"]["area"][0], json!(["CYB", 1]));
    let r = app.api("GET", "/api/v1/activities?kind=lecture", None, Some(&tun)).await;
    assert_eq!((r.status, r.json()["code"].as_str()), (400, Some("invalid_kind")));
    let seats = |n: u32, who: &str| json!({ "seats": n, "priority": 1, "nominees": [format!("{who} one"), format!("{who} two")] });
    let r = app
        .api("POST", &format!("/api/v1/activities/{id}/seat-requests"), Some(seats(2, "Tunisian")), Some(&tun))
        .await;
    assert_eq!((r.status, r.json()["code"].as_str()), (400, Some("not_eligible")), "{}", r.body);
    let r = app
        .api("POST", &format!("/api/v1/activities/{id}/seat-requests"), Some(seats(3, "Georgian")), Some(&geo))
        .await;
    assert_eq!(r.status, 400, "the per-nation cap is 2: {}", r.body);
    let geo_req = app
        .api("POST", &format!("/api/v1/activities/{id}/seat-requests"), Some(seats(2, "Georgian")), Some(&geo))
        .await;
    assert_eq!(geo_req.status, 200, "{}", geo_req.body);
    let geo_req = geo_req.json()["id"].as_i64().unwrap();
    let ukr_req = app
        .api("POST", &format!("/api/v1/activities/{id}/seat-requests"), Some(seats(2, "Ukrainian")), Some(&ukr))
        .await;
    assert_eq!(ukr_req.status, 200, "{}", ukr_req.body);
    // Each nation sees its own requests only; another's answers as a missing one.
    let mine = app.api("GET", "/api/v1/seat-requests", None, Some(&geo)).await.json();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert!(!app.api("GET", "/api/v1/seat-requests", None, Some(&geo)).await.body.contains("Ukrainian"));
    let r = app.api("POST", &format!("/api/v1/seat-requests/{geo_req}/withdraw"), Some(json!({})), Some(&ukr)).await;
    assert_eq!(r.status, 404);
    let detail = app.api("GET", &format!("/api/v1/activities/{id}"), None, Some(&ukr)).await;
    assert!(!detail.body.contains("Georgian"), "{}", detail.body);

    // Staff allocate: 3 seats, 4 asked. The leximin rule gives 2 + 1 or 1 + 2, never 2 + 0.
    let run = app
        .api("POST", "/api/v1/allocations", Some(json!({ "title": "Q1", "activities": [id], "seed": 7 })), Some(&staff))
        .await;
    assert_eq!(run.status, 200, "{}", run.body);
    let run = run.json();
    let run_id = run["id"].as_i64().unwrap();
    assert_eq!(run["status"], "draft");
    let granted: Vec<u64> = run["lines"].as_array().unwrap().iter().map(|l| l["granted"].as_u64().unwrap()).collect();
    assert_eq!(granted.iter().sum::<u64>(), 3);
    assert!(granted.iter().all(|g| *g >= 1));
    assert!(run["report"]["primary"]["seats_filled"].as_u64() == Some(3), "{}", run["report"]);
    assert!(run["report"]["baselines"]["fcfs"].is_object());
    // A draft is for staff.
    assert_eq!(app.api("GET", &format!("/api/v1/allocations/{run_id}"), None, Some(&geo)).await.status, 404);
    let r = app.api("POST", &format!("/api/v1/allocations/{run_id}/publish"), Some(json!({})), Some(&geo)).await;
    assert_eq!(r.status, 404);
    let r = app.api("POST", &format!("/api/v1/allocations/{run_id}/publish"), Some(json!({})), Some(&staff)).await;
    assert_eq!(r.json()["status"], "published", "{}", r.body);
    // Georgia reads its own line, explained in French when it asks in French; never Ukraine's.
    let r = app
        .request(
            axum::http::Request::get(format!("/api/v1/allocations/{run_id}"))
                .header("authorization", format!("Bearer {geo}"))
                .header("accept-language", "fr")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let lines = r.json()["lines"].as_array().unwrap().clone();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["nation"], "GEO");
    assert!(!r.body.contains("UKR"), "{}", r.body);
    assert!(r.json()["report"].is_null(), "the fairness report names every nation: staff only");
    let text = lines[0]["explanation"].as_str().unwrap().to_string();
    let english = app.api("GET", &format!("/api/v1/allocations/{run_id}"), None, Some(&geo)).await.json();
    let english = english["lines"][0]["explanation"].as_str().unwrap().to_string();
    assert!(!text.is_empty() && text != english, "French: {text} / English: {english}");
    // A second publication of the same draft is out of order.
    let r = app.api("POST", &format!("/api/v1/allocations/{run_id}/publish"), Some(json!({})), Some(&staff)).await;
    assert_eq!((r.status, r.json()["code"].as_str()), (400, Some("illegal_transition")));
    // CSV export of the menu.
    let csv = app.api("GET", "/api/v1/activities?format=csv", None, Some(&geo)).await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.starts_with("id,code,title_en"), "{}", csv.body);
    assert!(csv.body.contains("EST-CYB-1"));
}

#[tokio::test]
async fn a_refused_proposal_comes_back_with_its_message_and_what_was_typed() {
    let app = TestApp::demo().await;
    let u = app.user("coop-page-staff", None, Role::StaffOfficer).await;
    let s = app.login(&u).await;
    let page = app.get_as("/activities/new", &s).await;
    assert_eq!(page.status, 200);
    let fields = [
        ("code", "BAD CODE"),
        ("title_en", "Maritime security course"),
        ("title_fr", "Cours de sûreté maritime"),
        ("area", "BSC"),
        ("kind", "course"),
        ("institution", "NATO Maritime Interdiction Operational Training Centre"),
        ("start", "2030-05-06"),
        ("end", "2030-05-10"),
        ("deadline", "2030-03-01"),
        ("lang_en", "on"),
        ("seats", "24"),
        ("nation_cap", "2"),
        ("audience", "all_partners"),
    ];
    let r = app.post_form("/activities", &fields, Some(&s)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("Code: use letters, digits"), "the field by its label: {}", r.body);
    assert!(r.body.contains("Maritime security course") && r.body.contains("value=\"24\""), "what was typed is kept");
    assert!(r.body.contains("<option value=\"BSC\" selected>"), "the chosen area is kept");
    let fixed: Vec<(&str, &str)> =
        fields.iter().map(|&(k, v)| if k == "code" { (k, "MIO-1") } else { (k, v) }).collect();
    let r = app.post_form("/activities", &fixed, Some(&s)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let at = r.header("location").unwrap().to_string();
    let page = app.get_as(&at, &s).await;
    assert!(
        page.body.contains("Maritime security course") && page.body.contains("Approve and publish"),
        "{}",
        page.body
    );
    // The menu lists what staff may see, proposals included, with facet counts.
    let menu = app.get_as("/activities?area=BSC", &s).await;
    assert!(menu.body.contains("MIO-1") && menu.body.contains("One activity matches"), "{}", menu.body);
}

#[tokio::test]
async fn a_refused_cooperation_form_speaks_the_readers_language() {
    let app = TestApp::demo().await;
    let u = app.user("coop-fr-staff", None, Role::StaffOfficer).await;
    let s = app.login(&u).await;
    let fr = entente_testkit::Session { cookie: format!("{}; entente_lang=fr", s.cookie), csrf: s.csrf.clone() };
    let fields = [
        ("code", "BAD CODE"),
        ("title_en", "Maritime security course"),
        ("title_fr", "Cours de sûreté maritime"),
        ("area", "BSC"),
        ("kind", "course"),
        ("institution", "NATO Maritime Interdiction Operational Training Centre"),
        ("start", "2030-05-06"),
        ("end", "2030-05-10"),
        ("deadline", "2030-03-01"),
        ("lang_en", "on"),
        ("seats", "24"),
        ("nation_cap", "2"),
        ("audience", "all_partners"),
    ];
    // The domain's refusal: the field by its French label, the sentence in French.
    let r = app.post_form("/activities", &fields, Some(&fr)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("Code : n"), "{}", r.body);
    assert!(r.body.contains("utilisez que des lettres, des chiffres"), "{}", r.body);
    assert!(!r.body.contains("use letters, digits"), "no English left: {}", r.body);
    // The form's own parsing: a number that is not one.
    let typed: Vec<(&str, &str)> = fields
        .iter()
        .map(|&(k, v)| match k {
            "code" => (k, "MIO-2"),
            "seats" => (k, "many"),
            _ => (k, v),
        })
        .collect();
    let r = app.post_form("/activities", &typed, Some(&fr)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("Places : « many »"), "{}", r.body);
    assert!(r.body.contains("est pas un nombre entier"), "{}", r.body);
    // The same refusal in English for an English reader.
    let r = app.post_form("/activities", &typed, Some(&s)).await;
    assert!(
        r.body.contains("Seats: &#39;many&#39; is not a whole number") || r.body.contains("Seats: 'many' is not"),
        "{}",
        r.body
    );
}

async fn total(server: &TestApp, token: &str, q: &str) -> u64 {
    let r = server.api("GET", &format!("/api/v1/activities?{q}"), None, Some(token)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["total"].as_u64().unwrap()
}

/// The menu is held in memory by each server; a write made through either server, or by another
/// process on the same database, is read at once by both — a proposal, its publication, its
/// cancellation — and a nation never sees an unpublished proposal of another nation meanwhile.
#[tokio::test]
async fn a_menu_write_is_read_at_once_by_this_and_another_server_on_the_same_database() {
    let app = TestApp::demo().await;
    let other = TestApp::on(app.db.another_process().await).await;
    let staff = caller(&app, "menu-staff", None, Role::StaffOfficer).await;
    let est = caller(&app, "menu-est", Some("EST"), Role::DelegationMember).await;
    let geo = caller(&app, "menu-geo", Some("GEO"), Role::DelegationMember).await;
    // Both servers hold the menu now.
    for s in [&app, &other] {
        assert_eq!(total(s, &geo, "").await, 0);
        assert_eq!(total(s, &staff, "").await, 0);
    }
    // Estonia proposes on this server: the staff see it on both, Georgia on neither.
    let r = app.api("POST", "/api/v1/activities", Some(activity("EST-MENU-1", 4, 20)), Some(&est)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    for s in [&app, &other] {
        assert_eq!(total(s, &staff, "status=proposed").await, 1);
        assert_eq!(total(s, &geo, "").await, 0, "an unpublished proposal stays the proposer's and the staff's");
        assert_eq!(total(s, &est, "q=menu-1").await, 1);
    }
    // The staff publish it on the other server: Georgia finds it on both, open to its nation.
    let step = |s: &str, reason: &str| json!({ "step": s, "reason": reason });
    let r = other.api("POST", &format!("/api/v1/activities/{id}/step"), Some(step("approve", "")), Some(&staff)).await;
    assert_eq!(r.json()["status"], "published", "{}", r.body);
    for s in [&app, &other] {
        assert_eq!(total(s, &geo, "open_to_me=1&area=CYB").await, 1);
        assert_eq!(total(s, &geo, "status=published&q=cours%20est-menu").await, 1, "French title, any case");
    }
    // Cancelled on this server: no longer open to Georgia on either.
    let r = app
        .api("POST", &format!("/api/v1/activities/{id}/step"), Some(step("cancel", "The host withdrew.")), Some(&staff))
        .await;
    assert_eq!(r.json()["status"], "cancelled", "{}", r.body);
    for s in [&app, &other] {
        assert_eq!(total(s, &geo, "open_to_me=1").await, 0);
        assert_eq!(total(s, &geo, "status=cancelled").await, 1);
    }
}

/// Every page of a menu query through the API.
async fn menu_pages(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor = String::new();
    loop {
        let url = format!("/api/v1/activities?limit=200&{query}&cursor={cursor}");
        let page = app.api("GET", &url, None, Some(token)).await.json();
        out.extend(page["items"].as_array().expect("a page of activities").iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    out
}

#[tokio::test]
async fn the_menu_agrees_with_each_activity_on_who_sees_it_who_may_take_part_and_its_counts() {
    use entente_domain::cooperation::Eligibility;
    use std::collections::{BTreeMap, BTreeSet};
    let app = TestApp::demo().await;
    app.with_cooperation_year().await;
    let net = app.db.store.load_network().await.unwrap();
    let today = chrono::Utc::now().date_naive();
    // Two activities with prerequisites: one Georgia has completed, one it has not.
    let staff = app.user("menu-prerequisites", None, Role::StaffOfficer).await;
    let as_staff = app.db.store.account(staff.id).await.unwrap().principal();
    let geo_done = app.db.store.scoped(Some(&as_staff)).await.unwrap().completed_by("GEO").await.unwrap();
    let staff = token_for(&app, staff.id, "menu").await.0;
    let done = *geo_done.first().expect("Georgia completed an activity of the demo year");
    let menu = app.db.store.menu().await.unwrap();
    let not_done = menu.items.iter().map(|it| it.activity.id).find(|id| !geo_done.contains(id)).unwrap();
    for (n, prerequisite) in [(1, done), (2, not_done)] {
        let mut draft = activity(&format!("MENU-PRE-{n}"), 4, 20);
        draft["prerequisites"] = json!([prerequisite.0]);
        draft["institution"] = json!("NATO School");
        let r = app.api("POST", "/api/v1/activities", Some(draft), Some(&staff)).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let id = r.json()["id"].as_i64().unwrap();
        let step = json!({ "step": "approve", "reason": "" });
        let r = app.api("POST", &format!("/api/v1/activities/{id}/step"), Some(step), Some(&staff)).await;
        assert_eq!(r.json()["status"], "published", "{}", r.body);
    }
    let mut judged_prerequisites = 0;
    for (code, role) in [
        (None, Role::StaffOfficer),
        (Some("FRA"), Role::DelegationMember),
        (Some("GEO"), Role::DelegationMember),
        (Some("TUN"), Role::DelegationMember),
        (Some("MLT"), Role::Analyst),
    ] {
        let u = app.user(&format!("menu-{}", code.unwrap_or("staff").to_lowercase()), code, role).await;
        let token = token_for(&app, u.id, "menu").await.0;
        let principal = app.db.store.account(u.id).await.unwrap().principal();
        let scope = app.db.store.scoped(Some(&principal)).await.unwrap();
        // Who sees what: the menu in memory shows exactly what the SQL rule counts.
        let all = menu_pages(&app, &token, "").await;
        assert_eq!(all.len() as u64, scope.count_activities().await.unwrap(), "{code:?} sees the menu SQL counts");
        let Some(code) = code else { continue };
        // Who may take part: the menu's "open to me" against the domain's rule, activity by activity.
        let nation = code.parse().unwrap();
        let completed = scope.completed_by(code).await.unwrap();
        let seen = scope.activities(&Default::default(), &net).await.unwrap();
        judged_prerequisites += seen.iter().filter(|a| !a.prerequisites.is_empty()).count();
        let expected: BTreeSet<i64> = seen
            .iter()
            .filter(|a| a.nominations_open(today) && a.eligibility(&nation, &completed, &net) == Eligibility::Eligible)
            .map(|a| a.id.0)
            .collect();
        let open = menu_pages(&app, &token, "open_to_me=1").await;
        let got: BTreeSet<i64> = open.iter().map(|a| a["id"].as_i64().unwrap()).collect();
        assert_eq!(got, expected, "{code}: open to my nation");
        if code != "TUN" {
            assert!(!expected.is_empty(), "{code} may take part in some of the demo year");
        }
        // The facet counts are those of the matching activities.
        let mut counts: BTreeMap<(&str, String), i64> = BTreeMap::new();
        for a in &open {
            for facet in ["area", "kind", "status"] {
                *counts.entry((facet, a[facet].as_str().unwrap().to_string())).or_default() += 1;
            }
            for l in a["languages"].as_array().unwrap() {
                *counts.entry(("language", l.as_str().unwrap().to_string())).or_default() += 1;
            }
        }
        let facets = app.api("GET", "/api/v1/activities?open_to_me=1&limit=1", None, Some(&token)).await.json();
        let mut listed = BTreeMap::new();
        for facet in ["area", "kind", "status", "language"] {
            for pair in facets["facets"][facet].as_array().unwrap() {
                listed.insert((facet, pair[0].as_str().unwrap().to_string()), pair[1].as_i64().unwrap());
            }
        }
        assert_eq!(listed, counts, "{code}: facet counts");
        assert_eq!(facets["total"], json!(open.len()));
    }
    assert!(judged_prerequisites > 0, "some activity of the demo year has a prerequisite");
}
