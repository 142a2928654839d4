use entente_testkit::TestApp;
use entente_testkit::serde_json_value::Value;

fn codes(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|n| n["code"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn the_network_on_key_dates() {
    let app = TestApp::demo().await;
    for (date, allies) in [("1949-04-04", 12), ("2013-01-01", 28), ("2024-03-06", 31), ("2024-03-07", 32)] {
        let r = app.get(&format!("/api/v1/network?as_of={date}")).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let v = r.json();
        assert_eq!(v["counts"]["allies"], allies, "on {date}");
        assert_eq!(v["allies"].as_array().unwrap().len(), allies);
    }
    let v = app.get("/api/v1/network?as_of=2026-01-01").await.json();
    let md = v["frameworks"].as_array().unwrap().iter().find(|f| f["framework"]["code"] == "MD").unwrap();
    assert_eq!(md["active"].as_array().unwrap().len(), 7);
    let pfp = v["frameworks"].as_array().unwrap().iter().find(|f| f["framework"]["code"] == "PFP").unwrap();
    assert_eq!(codes(&pfp["suspended"]), ["BLR", "RUS"]);
}

#[tokio::test]
async fn a_nation_with_its_history() {
    let app = TestApp::demo().await;
    let v = app.get("/api/v1/nations/fin?as_of=2023-04-03").await.json();
    assert_eq!(v["nation"]["status"], "partner");
    assert_eq!(v["nation"]["frameworks"], serde_json_array(&["PFP"]));
    let v = app.get("/api/v1/nations/FIN?as_of=2023-04-04").await.json();
    assert_eq!(v["nation"]["status"], "ally");
    let events: Vec<&str> = v["timeline"].as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(events, ["joined", "became_member", "joined"]);
    assert_eq!(v["nation"]["name_fr"], "Finlande");
    assert!(v["size"]["population_millions"].as_f64().unwrap() > 5.0);
    assert_eq!(v["contacts"].as_array().unwrap().len(), 0, "points of contact are not public");
    let groupings: Vec<&str> = v["groupings"].as_array().unwrap().iter().map(|g| g["code"].as_str().unwrap()).collect();
    assert!(groupings.contains(&"NORDEFCO") && groupings.contains(&"EU27"));
    let formats: Vec<&str> = v["formats"].as_array().unwrap().iter().map(|g| g["slug"].as_str().unwrap()).collect();
    assert!(formats.contains(&"nac") && formats.contains(&"eapc"));
    let rus = app.get("/api/v1/nations/RUS?as_of=2014-04-01").await.json();
    assert_eq!(rus["nation"]["status"], "suspended");
    let tl = app.get("/api/v1/nations/MLT/timeline").await.json();
    assert_eq!(tl.as_array().unwrap().len(), 3, "Malta: joined, suspended, joined again");
}

fn serde_json_array(items: &[&str]) -> Value {
    Value::Array(items.iter().map(|s| Value::String(s.to_string())).collect())
}

#[tokio::test]
async fn errors_are_json_with_a_stable_code() {
    let app = TestApp::demo().await;
    let r = app.get("/api/v1/nations/XYZ").await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["code"], "not_found");
    let r = app.get("/api/v1/nations/not-a-code!").await;
    assert_eq!(r.status, 404);
    let r = app.get("/api/v1/network?as_of=2023-02-30").await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["code"], "invalid_date");
    assert_eq!(r.json()["message"], "as_of: '2023-02-30' is not a date (YYYY-MM-DD)");
    assert_eq!(app.get("/api/v1/nations?limit=0").await.json()["code"], "invalid_limit");
    assert_eq!(app.get("/api/v1/nations?cursor=zzz").await.json()["code"], "invalid_cursor");
    assert_eq!(app.get("/api/v1/nations?kind=ally").await.json()["code"], "invalid_kind");
    assert_eq!(app.get("/api/v1/network/export?format=xml").await.json()["code"], "invalid_format");
    let r = app.get("/api/v1/nope").await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["code"], "not_found");
}

#[tokio::test]
async fn cursor_paging_walks_every_nation_once() {
    let app = TestApp::demo().await;
    let mut seen = Vec::new();
    let mut url = "/api/v1/nations?limit=10".to_string();
    loop {
        let v = app.get(&url).await.json();
        seen.extend(codes(&v["items"]));
        match v["next_cursor"].as_str() {
            Some(c) => url = format!("/api/v1/nations?limit=10&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 75);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, seen, "in code order, no repeats");
    let v = app.get("/api/v1/nations?framework=md&as_of=2026-01-01").await.json();
    assert_eq!(codes(&v["items"]), ["DZA", "EGY", "ISR", "JOR", "MAR", "MRT", "TUN"]);
    let v = app.get("/api/v1/nations?kind=partner_org").await.json();
    assert_eq!(codes(&v["items"]), ["AU", "EU", "GCC", "OSCE", "UN"]);
    let v = app.get("/api/v1/nations?status=suspended&as_of=2022-01-01").await.json();
    assert_eq!(codes(&v["items"]), ["BLR", "RUS"]);
    let v = app.get("/api/v1/frameworks/PFP/participants?limit=5&as_of=2026-01-01").await.json();
    assert_eq!(v["items"].as_array().unwrap().len(), 5);
    assert!(v["next_cursor"].is_string());
}

#[tokio::test]
async fn frameworks_and_formats() {
    let app = TestApp::demo().await;
    let v = app.get("/api/v1/frameworks").await.json();
    assert_eq!(v.as_array().unwrap().len(), 6);
    let pfp = app.get("/api/v1/frameworks/pfp?as_of=2026-01-01").await.json();
    assert_eq!(pfp["active"].as_array().unwrap().len(), 16);
    assert_eq!(pfp["suspended"].as_array().unwrap().len(), 2);
    assert_eq!(pfp["former"].as_array().unwrap().len(), 16, "the 16 partners that became allies");
    assert_eq!(app.get("/api/v1/frameworks/XYZ").await.status, 404);

    let v = app.get("/api/v1/formats/nato-russia-council?as_of=2014-04-01").await.json();
    assert_eq!(v["excluded"][0]["code"], "RUS");
    assert_eq!(v["excluded"][0]["reason"], "suspended");
    let v = app.get("/api/v1/formats/nato-russia-council?as_of=2010-01-01").await.json();
    assert_eq!(v["seats"].as_array().unwrap().len(), 29);
    let page = app.get("/api/v1/formats?as_of=2026-01-01").await.json();
    let md = page["items"].as_array().unwrap().iter().find(|f| f["format"]["slug"] == "nato-md").unwrap();
    assert_eq!((md["allies"].as_u64(), md["partners"].as_u64()), (Some(32), Some(7)));
    assert_eq!(app.get("/api/v1/formats/nope").await.status, 404);
    let ukr = app.get("/api/v1/nations/UKR/formats?as_of=2026-01-01").await.json();
    let slugs: Vec<&str> = ukr.as_array().unwrap().iter().map(|f| f["slug"].as_str().unwrap()).collect();
    assert!(slugs.contains(&"nato-ukraine-council") && !slugs.contains(&"nac"));
    let g = app.get("/api/v1/groupings").await.json();
    assert!(g["regions"].as_array().unwrap().len() >= 20);
}

#[tokio::test]
async fn the_export_is_the_import_format() {
    let app = TestApp::demo().await;
    let r = app.get("/api/v1/network/export").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/csv"));
    let roles: Vec<_> = app.db.store.frameworks().await.unwrap().into_iter().map(|f| (f.code, f.role)).collect();
    let parsed = entente_domain::registry::import::parse_network(r.body.as_bytes(), &roles).unwrap();
    assert_eq!(parsed.memberships.len(), 92);
    let summary = app
        .db
        .store
        .import(
            &entente_store::Actor::system("test"),
            entente_store::registry::ImportBatch { network: Some(("export.csv".into(), parsed)), ..Default::default() },
        )
        .await
        .unwrap();
    assert!(summary.is_noop(), "re-importing the export changes nothing: {summary:?}");
    let json = app.get("/api/v1/network/export?format=json").await.json();
    assert_eq!(json["memberships"].as_array().unwrap().len(), 92);
}

#[tokio::test]
async fn nation_detail_snapshot() {
    let app = TestApp::demo().await;
    let v = app.get("/api/v1/nations/MDA?as_of=2025-06-30").await.json();
    insta::assert_json_snapshot!("nation_mda", v);
}
