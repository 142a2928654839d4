//! The registry held in memory stays correct across server processes; public reads revalidate
//! with entity tags; compression is negotiated, and never applied to a signed-in page.

use entente_domain::access::Role;
use entente_domain::registry::{Format, FormatSpec, NationCode};
use entente_store::audit::Actor;
use entente_testkit::TestApp;

fn slugs(app_json: &entente_testkit::serde_json_value::Value) -> Vec<String> {
    app_json["items"].as_array().unwrap().iter().map(|f| f["format"]["slug"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn a_registry_write_is_read_at_once_by_this_and_another_server_on_the_same_database() {
    let app = TestApp::demo().await;
    let other = TestApp::on(app.db.another_process().await).await;
    // Both servers hold the registry in memory now.
    let before = app.get("/api/v1/formats?limit=200").await;
    assert_eq!(before.status, 200, "{}", before.body);
    assert_eq!(slugs(&other.get("/api/v1/formats?limit=200").await.json()), slugs(&before.json()));
    assert!(!slugs(&before.json()).contains(&"allies-moldova".to_string()));
    let page_before = other.get("/formats").await;

    // A third writer (as the CLI would be) saves a format.
    let writer = app.db.another_process().await;
    let format = Format {
        slug: "allies-moldova".into(),
        name: "Allies + Moldova".into(),
        name_fr: "Alliés + Moldavie".into(),
        description: String::new(),
        description_fr: String::new(),
        spec: FormatSpec {
            include_allies: true,
            frameworks: vec![],
            partners: vec!["MDA".parse::<NationCode>().unwrap()],
        },
        valid_from: None,
        valid_to: None,
    };
    writer.store.save_format(&Actor::system("test"), &format).await.unwrap();

    // The very next read on either server sees it, in the API and on the pages.
    for (name, server) in [("this server", &app), ("the other server", &other)] {
        let after = server.get("/api/v1/formats?limit=200").await;
        assert!(slugs(&after.json()).contains(&"allies-moldova".to_string()), "{name}: {}", after.body);
        let page = server.get("/formats").await;
        assert!(page.body.contains("Allies + Moldova"), "{name}'s page");
    }
    // The page's tag moved with it: a cache holding the old page is told to take the new one.
    let tag = page_before.header("etag").expect("a public page carries an entity tag").to_string();
    let again = other.get_with("/formats", &[("if-none-match", &tag)]).await;
    assert_eq!(again.status, 200, "a changed page is sent again, not 304");
    assert_ne!(again.header("etag"), Some(tag.as_str()));
}

#[tokio::test]
async fn public_reads_revalidate_and_private_ones_are_never_stored() {
    let app = TestApp::demo().await;
    for path in ["/api/v1/nations", "/api/v1/network", "/nations/NOR", "/groupings"] {
        let first = app.get(path).await;
        assert_eq!(first.status, 200, "{path}");
        let tag = first.header("etag").unwrap_or_else(|| panic!("{path} has no ETag")).to_string();
        assert_eq!(first.header("cache-control"), Some("no-cache"), "{path}");
        let again = app.get_with(path, &[("if-none-match", &tag)]).await;
        assert_eq!(again.status, 304, "{path}");
        assert!(again.body.is_empty(), "{path}: a 304 has no body");
        assert_eq!(again.header("etag"), Some(tag.as_str()));
        let other = app.get_with(path, &[("if-none-match", "W/\"0000000000000000-0\"")]).await;
        assert_eq!(other.status, 200, "{path}: another tag gets the body");
        // The French page is another representation with another tag.
        if !path.starts_with("/api/") {
            let fr = app.get_with(path, &[("cookie", "entente_lang=fr")]).await;
            assert_ne!(fr.header("etag"), Some(tag.as_str()), "{path} in French");
        }
    }

    // Signed in, nothing is tagged or stored, whether by session or by token.
    let officer = app.user("officer.cache", None, Role::StaffOfficer).await;
    let session = app.login(&officer).await;
    let page = app.get_as("/groupings", &session).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page.header("etag").is_none());
    let (token, _) = app.api_token(officer.id, "cache").await;
    let api = app.get_with("/api/v1/nations", &[("authorization", &format!("Bearer {token}"))]).await;
    assert_eq!(api.status, 200);
    assert!(api.header("etag").is_none());
    assert_eq!(api.header("cache-control"), Some("no-store"));
}

#[tokio::test]
async fn large_public_bodies_are_compressed_when_asked_and_signed_in_pages_never() {
    let app = TestApp::demo().await;
    let gz = [("accept-encoding", "gzip")];
    let nations = app.get_with("/api/v1/nations", &gz).await;
    assert_eq!(nations.status, 200);
    assert_eq!(nations.header("content-encoding"), Some("gzip"));
    let vary: Vec<String> =
        nations.headers.get_all("vary").iter().map(|v| v.to_str().unwrap().to_ascii_lowercase()).collect();
    assert!(vary.iter().any(|v| v.contains("accept-encoding")), "{vary:?}");
    assert!(vary.iter().any(|v| v.contains("accept-language")), "{vary:?}");
    let plain = app.get("/api/v1/nations").await;
    assert!(plain.header("content-encoding").is_none(), "not asked, not compressed");
    let health = app.get_with("/healthz", &gz).await;
    assert!(health.header("content-encoding").is_none(), "a small body is sent as it is");

    let officer = app.user("officer.gzip", None, Role::StaffOfficer).await;
    let session = app.login(&officer).await;
    let cookie = session.cookie.clone();
    let page = app.get_with("/search?q=energy", &[("cookie", &cookie), ("accept-encoding", "gzip")]).await;
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-encoding").is_none(),
        "a signed-in page carries its form token beside what was typed: never compressed"
    );
}

#[tokio::test]
async fn answers_kept_with_the_snapshot_differ_by_every_parameter_they_depend_on() {
    let app = TestApp::demo().await;
    let count = |v: &entente_testkit::serde_json_value::Value| v["items"].as_array().unwrap().len();
    // Each asked twice: the second answer comes from the snapshot's memo and must equal the first.
    for _ in 0..2 {
        let members = app.get("/api/v1/nations?kind=member&limit=200").await.json();
        let partners = app.get("/api/v1/nations?kind=partner_state&limit=200").await.json();
        assert_eq!(count(&members), 32, "allies today");
        assert!(count(&partners) > 20);
        let in_1995 = app.get("/api/v1/nations?kind=member&status=ally&as_of=1995-01-01&limit=200").await.json();
        assert_eq!(count(&in_1995), 16, "allies on 1 January 1995");
        let page = app.get("/api/v1/nations?limit=5").await.json();
        let next = page["next_cursor"].as_str().unwrap().to_string();
        let second = app.get(&format!("/api/v1/nations?limit=5&cursor={next}")).await.json();
        assert_ne!(page["items"][0]["code"], second["items"][0]["code"], "a cursor is part of the key");
        let pfp = app.get("/api/v1/frameworks/PFP?as_of=2000-01-01").await.json();
        let pfp_now = app.get("/api/v1/frameworks/pfp").await.json();
        assert_ne!(pfp["as_of"], pfp_now["as_of"]);
        let bad = app.get("/api/v1/nations?kind=planet").await;
        assert_eq!(bad.status, 400, "a refused query is refused every time, never answered from memory");
    }
}

#[tokio::test]
async fn the_probe_answers_outside_sessions_and_caches_and_fails_when_the_database_does() {
    let app = TestApp::demo().await;
    let health = app.get_with("/healthz", &[("cookie", "entente_session=not-a-session")]).await;
    assert_eq!(health.status, 200, "{}", health.body);
    assert_eq!(health.json()["status"], "ok");
    assert_eq!(health.header("cache-control"), Some("no-store"), "a probe is never answered from a cache");
    assert_eq!(health.header("x-content-type-options"), Some("nosniff"), "security headers on every response");
    assert!(health.header("etag").is_none());
    assert!(health.header("set-cookie").is_none(), "a probe knows no session");

    // The database goes away: within a second of the last good check the probe still says so,
    // after it the probe runs a check of its own and fails.
    app.db.store.clone().close().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let down = app.get("/healthz").await;
    assert!(down.status >= 500, "a probe with no database answers an error, got {}", down.status);
}
