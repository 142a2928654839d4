//! Cooperation benchmarks over the demo's cooperation year (1,400 activities, ≈5,900 seat
//! requests): a staff allocation run from the database through the API (load the requests, build
//! the engine's instance, solve with explanations, report and baselines, store the draft), and a
//! partner giving one seat back through the API (re-offer to the waiting nations, reissue the
//! allocation, notify).
//!
//! cargo bench -p entente-web --bench cooperation -- [--runs N] [--declines N]
//! (PostgreSQL: set ENTENTE_TEST_BACKEND=postgres and ENTENTE_TEST_DATABASE_URL as for the tests.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::time::Instant;

use entente_domain::access::Role;
use entente_testkit::TestApp;
use serde_json::json;

mod common;
use common::{arg, percentile};

fn main() {
    let runs = arg("--runs", 3);
    let declines = arg("--declines", 30);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async move {
        let app = TestApp::demo().await;
        let backend = app.db.store.backend().name();
        let t = Instant::now();
        let seeded = app.with_cooperation_year().await;
        println!(
            "cooperation year ({backend}): {} activities, {} seat requests, {} allocation lines, loaded in {:.1} s",
            seeded.activities,
            seeded.seat_requests,
            seeded.allocation_lines,
            t.elapsed().as_secs_f64()
        );
        let staff = app.user("bench.staff", None, Role::StaffOfficer).await;
        let staff = app.api_token(staff.id, "bench-staff").await.0;
        let mut ids: Vec<i64> = Vec::new();
        let mut cursor = String::new();
        loop {
            let page = app
                .api("GET", &format!("/api/v1/activities?status=published&limit=200{cursor}"), None, Some(&staff))
                .await
                .json();
            ids.extend(page["items"].as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()));
            match page["next_cursor"].as_str() {
                Some(c) => cursor = format!("&cursor={c}"),
                None => break,
            }
        }
        let mut ms = Vec::new();
        for k in 0..runs {
            let t = Instant::now();
            let r = app
                .api("POST", "/api/v1/allocations", Some(json!({ "title": format!("Bench {k}"), "activities": ids, "seed": k })), Some(&staff))
                .await;
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(r.status, 200, "{}", r.body);
        }
        ms.sort_by(f64::total_cmp);
        println!(
            "allocation run from the database, {} published activities ({backend}, {runs} runs): median {:.0} ms, max {:.0} ms",
            ids.len(),
            percentile(&ms, 0.5),
            ms[ms.len() - 1]
        );

        // Seats given back: lines holding all they asked, in activities where someone waits,
        // one per nation and activity, each answered by a member of that nation.
        let allocations = app.api("GET", "/api/v1/allocations", None, Some(&staff)).await.json();
        let published = allocations.as_array().unwrap().iter().find(|a| a["status"] == "published").unwrap()["id"].as_i64().unwrap();
        let run = app.api("GET", &format!("/api/v1/allocations/{published}"), None, Some(&staff)).await.json();
        let lines = run["lines"].as_array().unwrap();
        let waited: BTreeSet<i64> =
            lines.iter().filter(|l| l["granted"].as_u64() < l["asked"].as_u64()).map(|l| l["activity"].as_i64().unwrap()).collect();
        let mut tokens = std::collections::BTreeMap::new();
        let mut ms = Vec::new();
        let mut offered = 0;
        let mut used = BTreeSet::new();
        for l in lines {
            if ms.len() >= declines {
                break;
            }
            let activity = l["activity"].as_i64().unwrap();
            if !waited.contains(&activity) || l["granted"] != l["asked"] || !used.insert(activity) {
                continue;
            }
            let nation = l["nation"].as_str().unwrap().to_string();
            if !tokens.contains_key(&nation) {
                let u = app.user(&format!("bench.{nation}"), Some(&nation), Role::DelegationMember).await;
                tokens.insert(nation.clone(), app.api_token(u.id, &nation).await.0);
            }
            let t = Instant::now();
            let r = app
                .api(
                    "POST",
                    &format!("/api/v1/seat-requests/{}/answer", l["request"]),
                    Some(json!({ "answer": "decline", "seats": 1 })),
                    Some(&tokens[&nation]),
                )
                .await;
            let elapsed = t.elapsed().as_secs_f64() * 1000.0;
            if r.status == 200 {
                ms.push(elapsed);
                offered += r.json()["offered"].as_u64().unwrap();
            }
        }
        ms.sort_by(f64::total_cmp);
        if !ms.is_empty() {
            println!(
                "one seat given back and offered again ({backend}, {} answers, {offered} seats taken up): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
                ms.len(),
                percentile(&ms, 0.5),
                percentile(&ms, 0.99),
                ms[ms.len() - 1]
            );
        }
    });
}
