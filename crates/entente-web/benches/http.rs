//! HTTP load benchmark: the real server on a loopback port over the demo database, loaded by `wrk`
//! (2 threads, 50 connections), path by path, side by side with a bare axum route served by the same
//! runtime (the baseline). Prints one Markdown row per path: req/s, p50/p99/max latency, body bytes,
//! and the ratio of its req/s to the bare route's. Medians of `--runs` runs of `--seconds` each.
//!
//! bench/web/run.sh                     (installs wrk, runs SQLite then PostgreSQL)
//! cargo bench -p entente-web --bench http -- [--seconds 5] [--runs 3] [--connections 50] [--only TEXT]
//! (`--only` keeps the paths whose label contains TEXT, e.g. to profile one with `perf record -p`.)
//! (PostgreSQL: set ENTENTE_TEST_BACKEND=postgres and ENTENTE_TEST_DATABASE_URL as for the tests.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use entente_domain::access::Role;
use entente_testkit::{Session, TestApp};

mod common;
use common::arg;

/// One wrk run's figures.
#[derive(Debug, Clone, Copy)]
struct Run {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    errors: u64,
}

fn millis(s: &str) -> f64 {
    let s = s.trim();
    let (num, factor) = if let Some(n) = s.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = s.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60_000.0)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (s, 1.0)
    };
    num.parse::<f64>().map(|v| v * factor).unwrap_or(f64::NAN)
}

fn wrk(url: &str, headers: &[String], seconds: usize, connections: usize) -> Run {
    let mut cmd = Command::new("wrk");
    cmd.args(["-t2", &format!("-c{connections}"), &format!("-d{seconds}s"), "--latency", "--timeout", "5s"]);
    for h in headers {
        cmd.args(["-H", h]);
    }
    cmd.arg(url);
    let out = cmd.output().expect("wrk runs (apt-get install wrk; bench/web/run.sh installs it)");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let mut run = Run { rps: 0.0, p50_ms: f64::NAN, p99_ms: f64::NAN, max_ms: f64::NAN, errors: 0 };
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Latency", _avg, _stdev, max, ..] => run.max_ms = millis(max),
            ["50%", v] => run.p50_ms = millis(v),
            ["99%", v] => run.p99_ms = millis(v),
            ["Requests/sec:", v] => run.rps = v.parse().unwrap_or(0.0),
            ["Non-2xx", "or", "3xx", "responses:", n] => run.errors += n.parse::<u64>().unwrap_or(0),
            ["Socket", "errors:", rest @ ..] => {
                run.errors += rest.iter().filter_map(|w| w.trim_end_matches(',').parse::<u64>().ok()).sum::<u64>()
            }
            _ => {}
        }
    }
    assert!(run.rps > 0.0, "wrk printed no rate for {url}:\n{text}\n{}", String::from_utf8_lossy(&out.stderr));
    run
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The bare baseline: the same runtime, no middleware, no database.
async fn bare() -> String {
    use axum::routing::get;
    #[derive(serde::Serialize)]
    struct Row {
        code: &'static str,
        name: String,
        kind: &'static str,
        joined: &'static str,
        frameworks: Vec<&'static str>,
    }
    let router =
        axum::Router::new().route("/small", get(|| async { axum::Json(serde_json::json!({ "status": "ok" })) })).route(
            "/listing",
            get(|| async {
                // About the size of /api/v1/nations, serialized on each request.
                let rows: Vec<Row> = (0..70)
                    .map(|i| Row {
                        code: "NOR",
                        name: format!("Nation number {i}"),
                        kind: "state",
                        joined: "1949-04-04",
                        frameworks: vec!["NATO", "EAPC"],
                    })
                    .collect();
                axum::Json(rows)
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://{addr}")
}

struct Path {
    group: &'static str,
    label: String,
    url: String,
    headers: Vec<String>,
}

fn main() {
    let seconds = arg("--seconds", 5);
    let runs = arg("--runs", 3);
    let connections = arg("--connections", 50);
    let only: Option<String> = {
        let args: Vec<String> = std::env::args().collect();
        args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)).cloned()
    };
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async move {
        let app = TestApp::demo().await;
        let backend = app.db.store.backend().name();
        let base = app.serve().await;
        let bare = bare().await;

        let staff = app.user("bench.staff", None, Role::StaffOfficer).await;
        let small = app.user("bench.mlt", Some("MLT"), Role::DelegationMember).await;
        // The demo's consultation forum (its meetings, requests and records), as `entente serve --demo` loads it.
        let mut principals = std::collections::HashMap::new();
        for (name, nation) in [
            ("bench.staff", None),
            ("bench.mlt", Some("MLT")),
            ("bench.tun", Some("TUN")),
            ("bench.mrt", Some("MRT")),
            ("bench.ukr", Some("UKR")),
            ("bench.geo", Some("GEO")),
            ("bench.jpn", Some("JPN")),
        ] {
            if name != "bench.staff" && name != "bench.mlt" {
                app.user(name, nation, Role::DelegationMember).await;
            }
            let (account, _) = app.db.store.account_by_username(name).await.unwrap().unwrap();
            principals.insert(nation.unwrap_or("STAFF").to_string(), account.principal());
        }
        let seeded =
            entente_web::demo::seed_consultations(&app.db.store, &principals["STAFF"], |c| principals.get(c).cloned())
                .await
                .unwrap();
        assert!(seeded > 0, "the demo forum is loaded");
        app.reindex().await;
        let staff_token = app.api_token(staff.id, "bench-staff").await.0;
        let small_token = app.api_token(small.id, "bench-mlt").await.0;
        let staff_session: Session = app.login(&staff).await;
        let small_session: Session = app.login(&small).await;
        // The first meeting Malta sits in (the staff see it too).
        let meetings = app.api("GET", "/api/v1/meetings", None, Some(&small_token)).await.json();
        let meeting = meetings["items"].as_array().and_then(|a| a.first()).and_then(|m| m["id"].as_i64());

        let mut paths: Vec<Path> = Vec::new();
        let mut add = |group: &'static str, label: &str, url: String, headers: Vec<String>| {
            paths.push(Path { group, label: label.to_string(), url, headers })
        };
        add("baseline", "bare `/small` (16 B JSON)", format!("{bare}/small"), vec![]);
        add("baseline", "bare `/listing` (≈7 KB JSON)", format!("{bare}/listing"), vec![]);
        add("health", "`/healthz`", format!("{base}/healthz"), vec![]);
        for p in ["/api/v1/nations", "/api/v1/network", "/api/v1/formats"] {
            add("public JSON", &format!("`{p}`"), format!("{base}{p}"), vec![]);
        }
        for p in ["/", "/nations/NOR", "/groupings"] {
            add("public page", &format!("`{p}`"), format!("{base}{p}"), vec![]);
        }
        for (who, session) in [("staff", &staff_session), ("Malta", &small_session)] {
            let cookie = format!("Cookie: {}", session.cookie);
            let mut signed_in =
                vec!["/meetings".to_string(), "/requests".into(), "/search?q=energy".into(), "/inbox".into()];
            if let Some(m) = meeting {
                signed_in.push(format!("/meetings/{m}"));
            }
            for p in signed_in {
                add("signed-in page", &format!("{who} `{p}`"), format!("{base}{p}"), vec![cookie.clone()]);
            }
        }
        for (who, t) in [("staff", &staff_token), ("Malta", &small_token)] {
            let auth = format!("Authorization: Bearer {t}");
            for p in ["/api/v1/meetings", "/api/v1/requests"] {
                add("API token", &format!("{who} `{p}`"), format!("{base}{p}"), vec![auth.clone()]);
            }
        }

        println!(
            "HTTP load ({backend}): wrk -t2 -c{connections} -d{seconds}s, median of {runs} runs; loadavg {}",
            std::fs::read_to_string("/proc/loadavg")
                .unwrap_or_default()
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        );
        println!("| group | path | req/s | p50 ms | p99 ms | max ms | body bytes | req/s ÷ bare `/small` |");
        println!("|---|---|---|---|---|---|---|---|");
        let mut baseline = f64::NAN;
        for p in paths.iter().filter(|p| only.as_deref().is_none_or(|o| p.label.contains(o) || p.group == "baseline")) {
            // The body once, to check the status and count its bytes.
            let path = p.url.splitn(4, '/').nth(3).map(|s| format!("/{s}")).unwrap_or_default();
            let bytes = if p.group == "baseline" {
                None
            } else {
                let headers: Vec<(&str, &str)> = p.headers.iter().filter_map(|h| h.split_once(": ")).collect();
                let r = app.get_with(&path, &headers).await;
                if r.status != 200 {
                    println!("| {} | {} | answered {}, not timed | | | | | |", p.group, p.label, r.status);
                    continue;
                }
                Some(r.body.len())
            };
            let mut all = Vec::new();
            for _ in 0..runs {
                let (url, headers) = (p.url.clone(), p.headers.clone());
                all.push(tokio::task::spawn_blocking(move || wrk(&url, &headers, seconds, connections)).await.unwrap());
            }
            let rps = median(all.iter().map(|r| r.rps).collect());
            if p.label.starts_with("bare `/small`") {
                baseline = rps;
            }
            let errors: u64 = all.iter().map(|r| r.errors).sum();
            println!(
                "| {} | {}{} | {:.0} | {:.2} | {:.2} | {:.1} | {} | {:.3} |",
                p.group,
                p.label,
                if errors > 0 { format!(" ({errors} errors)") } else { String::new() },
                rps,
                median(all.iter().map(|r| r.p50_ms).collect()),
                median(all.iter().map(|r| r.p99_ms).collect()),
                median(all.iter().map(|r| r.max_ms).collect()),
                bytes.map(|b| b.to_string()).unwrap_or_else(|| "—".into()),
                rps / baseline,
            );
        }
    });
}
