//! Cooperation benchmarks over the demo's cooperation year (1,400 activities, ≈5,900 seat
//! requests), topped up to a PCM-sized year: every nation of the network with a partnership or
//! membership requests seats in published activities it may take part in until `--requests`
//! requests are stored (56,000 by default; 0 keeps the demo's). Then: a staff allocation run
//! from the database through the API over every published activity (load the requests, build the
//! engine's instance, solve with explanations, report and baselines, store the draft; the run's
//! own log line gives the split), and, once it is published, nations giving seats back through
//! the API (re-offer to the waiting nations, reissue the allocation).
//!
//! Last, the menu grown to `--menu` activities (100,000 by default; 0 skips it): a small
//! partner's delegation lists it through the API, filtered, with facet counts, and the
//! percentiles of each query are printed.
//!
//! cargo bench -p entente-web --bench cooperation -- [--runs N] [--declines N] [--requests N] [--menu N] [--queries N]
//! (PostgreSQL: set ENTENTE_TEST_BACKEND=postgres and ENTENTE_TEST_DATABASE_URL as for the tests.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::time::Instant;

use entente_domain::access::{Affiliation, Principal, Role};
use entente_domain::cooperation::{
    Activity, ActivityStatus, Eligibility, SeatRequest, SeatRequestDraft, SeatRequestId,
};
use entente_store::cooperation::ActivityFilter;
use entente_testkit::TestApp;
use serde_json::json;

mod common;
use common::{arg, percentile};

fn main() {
    let runs = arg("--runs", 3);
    let declines = arg("--declines", 30);
    let wanted = arg("--requests", 56_000);
    let menu_size = arg("--menu", 100_000);
    let queries = arg("--queries", 200);
    // The allocation run's log line: where its time went.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("entente_web::cooperation=info"))
        .with_target(false)
        .init();
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
        let t = Instant::now();
        let added = top_up(&app, wanted).await;
        if added > 0 {
            println!("topped up with {added} seat requests from every eligible nation in {:.1} s", t.elapsed().as_secs_f64());
        }
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
        let mut last = 0;
        for k in 0..runs {
            let t = Instant::now();
            let r = app
                .api("POST", "/api/v1/allocations", Some(json!({ "title": format!("Bench {k}"), "activities": ids, "seed": k })), Some(&staff))
                .await;
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(r.status, 200, "{}", r.body);
            last = r.json()["id"].as_i64().unwrap();
        }
        ms.sort_by(f64::total_cmp);
        println!(
            "allocation run from the database, {} published activities ({backend}, {runs} runs): median {:.0} ms, max {:.0} ms",
            ids.len(),
            percentile(&ms, 0.5),
            ms[ms.len() - 1]
        );

        // The last run is published (it supersedes the demo's over the activities they share).
        let t = Instant::now();
        let r = app.api("POST", &format!("/api/v1/allocations/{last}/publish"), Some(json!({})), Some(&staff)).await;
        assert_eq!(r.status, 200, "{}", r.body);
        println!("allocation published ({backend}): {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);

        // Seats given back: lines holding all they asked, in activities where someone waits,
        // one per nation and activity, each answered by a member of that nation.
        let run = app.api("GET", &format!("/api/v1/allocations/{last}"), None, Some(&staff)).await.json();
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
        if menu_size > 0 {
            menu(&app, menu_size, queries, backend).await;
        }
    });
}

/// Requests from every nation with a partnership or membership, in published activities whose
/// nominations are open and that it may take part in, until `wanted` requests are stored; each
/// nation's in one transaction, as its delegation would file them. Returns how many were added.
async fn top_up(app: &TestApp, wanted: usize) -> usize {
    let store = &app.db.store;
    let registry = store.registry().await.unwrap();
    let net = &registry.network;
    let staff = app.user("topup.staff", None, Role::StaffAdmin).await;
    let staff = Principal {
        user_id: staff.id,
        username: staff.username.clone(),
        affiliation: Affiliation::Staff,
        role: Role::StaffAdmin,
    };
    let scope = store.scoped(Some(&staff)).await.unwrap();
    let have = scope.seat_requests(None).await.unwrap();
    if have.len() >= wanted {
        return 0;
    }
    let taken: BTreeSet<(i64, String)> = have.iter().map(|r| (r.activity.0, r.nation.to_string())).collect();
    let filter = ActivityFilter { status: Some(ActivityStatus::Published), ..Default::default() };
    let activities: Vec<Activity> = scope.activities(&filter, net).await.unwrap();
    let today = chrono::Utc::now().date_naive();
    let nations: Vec<_> =
        net.nations().filter(|n| net.memberships_of(&n.code).next().is_some()).map(|n| n.code.clone()).collect();
    // Every (nation, activity) pair that could be requested, then a deterministic sample of them.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (ni, n) in nations.iter().enumerate() {
        for (ai, a) in activities.iter().enumerate() {
            if a.nominations_open(today)
                && !taken.contains(&(a.id.0, n.to_string()))
                && a.eligibility(n, &BTreeSet::new(), net) == Eligibility::Eligible
            {
                pairs.push((ni, ai));
            }
        }
    }
    let need = (wanted - have.len()).min(pairs.len());
    let mut rng = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    // Partial Fisher–Yates: the first `need` pairs of a shuffle.
    for i in 0..need {
        let j = i + (next() % (pairs.len() - i) as u64) as usize;
        pairs.swap(i, j);
    }
    let mut by_nation: std::collections::BTreeMap<usize, Vec<usize>> = std::collections::BTreeMap::new();
    for &(ni, ai) in &pairs[..need] {
        by_nation.entry(ni).or_default().push(ai);
    }
    let at = chrono::Utc::now();
    let mut added = 0;
    for (ni, list) in by_nation {
        let code = &nations[ni];
        let u = app
            .user(&format!("topup.{}", code.as_str().to_lowercase()), Some(code.as_str()), Role::DelegationMember)
            .await;
        let d = Principal {
            user_id: u.id,
            username: u.username.clone(),
            affiliation: Affiliation::Nation(code.clone()),
            role: Role::DelegationMember,
        };
        let mut items = Vec::with_capacity(list.len());
        for ai in list {
            let a = &activities[ai];
            let cap = a.nation_cap.unwrap_or(4.min(a.seats)).max(1);
            let seats = 1 + (next() % u64::from(cap)) as u32;
            let nominees = (0..seats + (next() % 2) as u32).map(|k| format!("Nominee {k} {code} {}", a.code)).collect();
            let draft = SeatRequestDraft { seats, priority: 1 + (next() % 5) as u32, nominees, goal: None };
            let (r, permit): (SeatRequest, _) =
                SeatRequest::submit(SeatRequestId(0), a, &draft, &BTreeSet::new(), None, &d, at, net).unwrap();
            items.push((permit, r));
        }
        added += items.len();
        store.scoped(Some(&d)).await.unwrap().insert_seat_requests(items).await.unwrap();
    }
    added
}

/// The menu grown to `size` activities (copies of the demo's published ones under new codes,
/// proposed and published by the staff in batches), then listed by a small partner's
/// delegation (Malta) through the API: each query `queries` times, percentiles printed.
async fn menu(app: &TestApp, size: usize, queries: usize, backend: &str) {
    use entente_domain::cooperation::{ActivityDraft, Provider};
    let store = &app.db.store;
    let registry = store.registry().await.unwrap();
    let net = &registry.network;
    let staff = app.user("menu.staff", None, Role::StaffAdmin).await;
    let staff = Principal {
        user_id: staff.id,
        username: staff.username.clone(),
        affiliation: Affiliation::Staff,
        role: Role::StaffAdmin,
    };
    let scope = store.scoped(Some(&staff)).await.unwrap();
    let filter = ActivityFilter { status: Some(ActivityStatus::Published), ..Default::default() };
    // Copies of the activities whose nominations are still open (staff approve no other).
    let today = chrono::Utc::now().date_naive();
    let models: Vec<Activity> = scope
        .activities(&filter, net)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.start > today && a.deadline >= today)
        .collect();
    let have = scope.count_activities().await.unwrap() as usize;
    let t = Instant::now();
    let now = chrono::Utc::now();
    let mut k = 0;
    while have + k < size {
        let mut batch = Vec::new();
        while batch.len() < 5_000 && have + k < size {
            let m = &models[k % models.len()];
            let draft = ActivityDraft {
                code: format!("M{k:07}"),
                title_en: m.title_en.clone(),
                title_fr: m.title_fr.clone(),
                aim_en: m.aim_en.clone(),
                aim_fr: m.aim_fr.clone(),
                area: m.area.clone(),
                kind: m.kind,
                institution: match &m.provider {
                    Provider::Institution(i) => i.clone(),
                    Provider::Nation(n) => format!("{n} national training centre"),
                },
                start: m.start,
                end: m.end,
                location: m.location.clone(),
                languages: m.languages.clone(),
                seats: m.seats,
                nation_cap: m.nation_cap,
                frameworks: m.frameworks.clone(),
                prerequisites: Vec::new(),
                fee_eur: m.fee_eur,
                deadline: m.deadline,
                release: entente_domain::consultation::Release::new(
                    "NATO UNCLASSIFIED",
                    entente_domain::access::Audience::AllPartners,
                    &Default::default(),
                )
                .unwrap(),
            };
            let (a, permit) =
                Activity::propose(entente_domain::cooperation::ActivityId(0), &draft, &staff, now, net).unwrap();
            batch.push((permit, a));
            k += 1;
        }
        let mut saved = scope.insert_activities(batch).await.unwrap();
        let steps = saved.iter_mut().map(|a| (a.approve(&staff, now).map_err(|e| e.to_string()).unwrap(), a)).collect();
        scope.save_activity_steps(steps).await.unwrap();
    }
    println!("menu grown to {} activities ({backend}) in {:.1} s", have + k, t.elapsed().as_secs_f64());
    let malta = app.user("menu.mlt", Some("MLT"), Role::DelegationMember).await;
    let token = app.api_token(malta.id, "menu-mlt").await.0;
    for (what, path) in [
        ("one area", "/api/v1/activities?area=CYB&limit=50"),
        ("open to my nation", "/api/v1/activities?open_to_me=1&limit=50"),
        ("area, kind, language", "/api/v1/activities?area=CT&kind=course&language=fr&limit=50"),
        ("free text", "/api/v1/activities?q=cyber&limit=50"),
        ("date range, open to my nation", "/api/v1/activities?from=2026-03-01&to=2026-06-30&open_to_me=1&limit=50"),
        ("everything, first page", "/api/v1/activities?limit=50"),
    ] {
        let first = app.api("GET", path, None, Some(&token)).await;
        assert_eq!(first.status, 200, "{path}: {}", first.body);
        let total = first.json()["total"].as_u64().unwrap_or(0);
        let mut ms = Vec::with_capacity(queries);
        for _ in 0..queries {
            let t = Instant::now();
            let r = app.api("GET", path, None, Some(&token)).await;
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(r.status, 200);
        }
        ms.sort_by(f64::total_cmp);
        println!(
            "menu of {} ({backend}), Malta, {what} ({total} match, {queries} queries): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            have + k,
            percentile(&ms, 0.5),
            percentile(&ms, 0.99),
            ms[ms.len() - 1]
        );
    }
}
