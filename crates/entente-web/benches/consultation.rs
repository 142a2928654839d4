//! Consultation benchmarks: latency of the meeting pages and of the meeting list for a delegation
//! and for the staff, with a large forum (default 10,000 meetings and 100,000 papers in the real
//! formats, with mixed releasability markings), through the whole router in process.
//!
//! cargo bench -p entente-web --bench consultation -- [--meetings N] [--papers N] [--requests N]
//! (PostgreSQL: set ENTENTE_TEST_BACKEND=postgres and ENTENTE_TEST_DATABASE_URL as for the tests.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use chrono::{Duration, Utc};
use entente_domain::access::{Audience, Classifications, Role};
use entente_domain::consultation::*;
use entente_domain::consultation::{Paper, PaperDraft, PaperKind};
use entente_testkit::{Session, TestApp};

mod common;
use common::{arg, percentile};

/// A small deterministic generator (xorshift), so every run builds the same forum.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const FORMATS: [&str; 8] =
    ["nac", "eapc", "nato-md", "nac-ici", "nato-pag", "nato-ukraine-council", "nato-georgia-commission", "allies-ip4"];
const WORDS: [&str; 16] = [
    "maritime",
    "security",
    "cyber",
    "resilience",
    "energy",
    "infrastructure",
    "terrorism",
    "border",
    "exercise",
    "interoperability",
    "hybrid",
    "threats",
    "defence",
    "capacity",
    "building",
    "cooperation",
];

async fn time_get(app: &TestApp, paths: &[String], s: &Session) -> (f64, f64, usize) {
    let mut ms = Vec::with_capacity(paths.len());
    let mut found = 0;
    for p in paths {
        let t = Instant::now();
        let r = app.get_as(p, s).await;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(r.status == 200 || r.status == 404, "{p}: {}", r.status);
        found += usize::from(r.status == 200);
    }
    ms.sort_by(f64::total_cmp);
    (percentile(&ms, 0.5), percentile(&ms, 0.99), found)
}

fn main() {
    let meetings = arg("--meetings", 10_000);
    let papers = arg("--papers", 100_000);
    let samples = arg("--samples", 500);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async move {
        let app = TestApp::demo().await;
        let store = &app.db.store;
        let backend = store.backend().name();
        let staff_user = app.user("bench.staff", None, Role::StaffOfficer).await;
        let mlt_user = app.user("bench.mlt", Some("MLT"), Role::DelegationMember).await;
        let staff = store.account_by_username("bench.staff").await.unwrap().unwrap().0.principal();
        let classes = Classifications::default();
        let mut formats = Vec::new();
        for slug in FORMATS {
            formats.push(store.format(slug).await.unwrap().spec);
        }
        let audiences = [
            Audience::AllPartners,
            Audience::StaffOnly,
            Audience::AlliesOnly,
            Audience::Nations(vec!["MLT".parse().unwrap()]),
            Audience::Frameworks(vec!["PFP".parse().unwrap()]),
        ];
        let mut rng = Rng(0x5eed_cafe_f00d);
        let now = Utc::now();

        // The forum: meetings over the past eight years and the next two, in the real formats.
        let t = Instant::now();
        let mut ids = Vec::with_capacity(meetings);
        let as_staff = store.scoped(Some(&staff)).await.unwrap();
        let net = store.load_network().await.unwrap();
        for i in 0..meetings {
            let start = now - Duration::days(8 * 365) + Duration::hours(rng.below(10 * 365 * 24) as i64);
            let draft = MeetingDraft {
                title: format!("Meeting {i}: {} {} (bench)", WORDS[rng.below(16)], WORDS[rng.below(16)]),
                level: [MeetingLevel::Ambassadors, MeetingLevel::Experts, MeetingLevel::Ministers][rng.below(3)],
                format: formats[rng.below(formats.len())].clone(),
                start,
                end: start + Duration::hours(3),
                time_zone: "Europe/Brussels".parse().unwrap(),
                venue: Venue::Place { name: "NATO Headquarters, Brussels".into() },
                request: None,
            };
            let (m, permit) = Meeting::plan(MeetingId(0), draft, &staff, start - Duration::days(30)).unwrap();
            ids.push(as_staff.insert_meeting(permit, m).await.unwrap());
        }
        let meetings_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        for i in 0..papers {
            let meeting = &ids[rng.below(ids.len())];
            let audience = audiences[rng.below(audiences.len())].clone();
            let release = Release::new("NATO UNCLASSIFIED", audience, &classes).unwrap();
            let body: Vec<&str> = (0..60).map(|_| WORDS[rng.below(16)]).collect();
            let draft = PaperDraft {
                kind: PaperKind::Statement,
                title: format!("Paper {i} on {}", WORDS[rng.below(16)]),
                body: body.join(" "),
                file: None,
                release,
            };
            let (paper, permit) = Paper::add(meeting, draft, &staff, now, &net).unwrap();
            as_staff.insert_paper(permit, &paper, None).await.unwrap();
        }
        let papers_s = t.elapsed().as_secs_f64();
        println!(
            "forum ({backend}): {meetings} meetings in {meetings_s:.1} s, {papers} papers in {papers_s:.1} s (each its own audited transaction)"
        );

        let t = Instant::now();
        let indexed = app.reindex().await;
        println!("search index ({backend}): {indexed} items indexed from the database in {:.1} s", t.elapsed().as_secs_f64());

        let s_staff = app.login(&staff_user).await;
        let s_mlt = app.login(&mlt_user).await;
        let pages: Vec<String> = (0..samples).map(|_| format!("/meetings/{}", ids[rng.below(ids.len())].id.0)).collect();
        let lists: Vec<String> = (0..samples / 5).map(|_| "/meetings".to_string()).collect();
        for (who, s) in [("staff officer", &s_staff), ("Malta delegation member", &s_mlt)] {
            // Warm the caches once, then measure.
            let _ = time_get(&app, &pages[..20.min(pages.len())], s).await;
            let (p50, p99, found) = time_get(&app, &pages, s).await;
            println!(
                "meeting page ({backend}, {who}, {samples} random meetings, {found} visible, the rest 404): p50 {p50:.1} ms, p99 {p99:.1} ms"
            );
            let (p50, p99, _) = time_get(&app, &lists, s).await;
            println!("meeting list /meetings ({backend}, {who}, {} runs): p50 {p50:.1} ms, p99 {p99:.1} ms", lists.len());
            // Searches: one and two words, a phrase, French with and without accents (percent-encoded).
            let queries = [
                "maritime", "cyber resilience", "hybrid threats", "\"energy infrastructure\"", "terrorism border",
                "d%C3%A9fense", "securite", "interoperability exercise", "capacity building", "cooperation defence",
            ];
            let searches: Vec<String> = (0..samples)
                .map(|i| format!("/search?q={}", queries[i % queries.len()].replace(' ', "+").replace('"', "%22")))
                .collect();
            let (p50, p99, _) = time_get(&app, &searches, s).await;
            println!(
                "search page /search ({backend}, {who}, {samples} searches over {} queries, first page with snippets): p50 {p50:.1} ms, p99 {p99:.1} ms",
                queries.len()
            );
        }
    });
}
