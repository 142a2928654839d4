//! Event data in the database: one transaction per import, refused re-imports, interrupted
//! imports settled at start, detection over the stored weekly sums, alerts and their states.

use std::sync::Arc;

use entente_domain::access::Role;
use entente_domain::warning::AlertState;
use entente_store::StoreError;
use entente_store::audit::Actor;
use entente_store::warning::{AlertFilter, ImportError, ImportJob};
use entente_warning::date::Day;
use entente_warning::fusion::{Fuser, FusionRule};
use entente_warning::ingest::{self, ImportOptions};
use entente_warning::parse::Tables;
use entente_warning::store::{NoIncidents, Store as Memory};
use entente_warning::{ErrorPolicy, scan};

use crate::{delegate, staff};

/// 80 weeks of 2–4 IED attacks a week in Mopti, then a week of 30 (as the engine's own test).
fn acled_history(first_id: u32) -> String {
    let mut s = entente_warning::parse::acled::COLUMNS.join(",");
    s.push('\n');
    let start = Day::from_ymd(2022, 1, 3).unwrap();
    let mut n = first_id;
    for week in 0..81 {
        let count = if week == 80 { 30 } else { 2 + (week % 3) };
        for i in 0..count {
            n += 1;
            let day = Day(start.0 + week * 7 + (i % 7));
            let fatalities = if week == 80 && i < 2 { 40 - i } else { i % 2 };
            s.push_str(&format!(
                "MLI{n},{day},2022,1,Political violence,Explosions/Remote violence,Remote explosive/landmine/IED,JNIM,,2,Civilians (Mali),,7,27,,466,Western Africa,Mali,Mopti,Bandiagara,,Town {i},14.3,-3.6,1,Local media,National,Event {n},{fatalities},,1700000000\n"
            ));
        }
    }
    s
}

fn opts() -> ImportOptions {
    ImportOptions { format: None, policy: ErrorPolicy::FailFast, threads: 1, block: scan::BLOCK }
}

fn job<'a>(path: &std::path::Path, actor: &'a Actor) -> ImportJob<'a> {
    ImportJob {
        path: path.to_path_buf(),
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        tables: Arc::new(Tables::embedded().unwrap()),
        opts: opts(),
        actor,
        action: "events.imported",
    }
}

#[tokio::test]
async fn an_import_is_counted_once_and_detection_reads_it_back() {
    let db = entente_testkit::demo_db().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acled.csv");
    std::fs::write(&file, acled_history(0)).unwrap();
    let actor = Actor::system("operator");
    let (id, report) = db.store.import_event_file(job(&file, &actor), |_| {}).await.unwrap();
    assert_eq!((report.rows_ok, report.file.as_str()), (27 * 2 + 27 * 3 + 26 * 4 + 30, "acled.csv"));
    let imports = db.store.event_imports(10).await.unwrap();
    assert_eq!((imports[0].id, imports[0].state.as_str(), imports[0].rows_ok), (id, "done", report.rows_ok as i64));

    // The same file again is refused, naming the earlier import; nothing is counted twice.
    let err = db.store.import_event_file(job(&file, &actor), |_| {}).await.unwrap_err();
    assert!(matches!(&err, ImportError::Store(StoreError::Duplicate(m)) if m.contains("already imported")), "{err}");
    // So is the same data as a renamed copy, or gzipped: the content is known after decompression.
    let copy = dir.path().join("acled-copy.csv");
    std::fs::copy(&file, &copy).unwrap();
    let gz = dir.path().join("acled.csv.gz");
    {
        use std::io::Write;
        let mut w = entente_warning::input::gz_writer(std::fs::File::create(&gz).unwrap());
        w.write_all(&std::fs::read(&file).unwrap()).unwrap();
        w.finish().unwrap();
    }
    for (again, says) in [(&copy, "already imported (as acled.csv"), (&gz, "same data was already imported")] {
        let err = db.store.import_event_file(job(again, &actor), |_| {}).await.unwrap_err();
        assert!(
            matches!(&err, ImportError::Store(StoreError::Duplicate(m)) if m.contains(says) && m.contains(&format!("import #{id}"))),
            "{err}"
        );
    }

    // The stored weekly sums are the in-memory counts, week by week.
    let mut memory = Memory::default();
    let mut fuser = Fuser::new(FusionRule::default());
    memory.apply(
        &ingest::import_file(&mut fuser, &NoIncidents, &file, &Tables::embedded().unwrap(), opts(), &|_| {}).unwrap(),
    );
    let (stored, last, _) = db.store.detection_input(None).await.unwrap();
    assert_eq!(stored.tally.weekly(), memory.tally.weekly());
    assert_eq!(last, memory.last_day());

    // Detection over the database raises the engine's alerts, once.
    let (alerts, fresh) = db.store.detect_and_record(1, &Actor::system("test"), "alerts.detected").await.unwrap();
    let want = entente_warning::alert::detect(&memory, &entente_warning::alert::DetectOptions::default());
    assert_eq!(alerts.len(), want.len());
    assert!(!fresh.is_empty());
    assert_eq!(fresh.len(), alerts.len());
    let (_, again) = db.store.detect_and_record(1, &Actor::system("test"), "alerts.detected").await.unwrap();
    assert!(again.is_empty(), "an alert raised again is the same alert");

    // Every signed-in account sees open-data alerts; nobody else does.
    let tunisian = entente_domain::access::Principal { user_id: 5, ..delegate("TUN", Role::DelegationLead) };
    let tunisia = db.store.scoped(Some(&tunisian)).await.unwrap();
    let seen = tunisia.alerts(&AlertFilter::default()).await.unwrap();
    assert_eq!(seen.len(), alerts.len());
    let mopti = seen.iter().find(|a| a.cell.admin1 == "Mopti" && a.detector == "nb_glr").unwrap();
    assert_eq!(mopti.top_events[0].admin1, "Mopti");
    let anonymous = db.store.scoped(None).await.unwrap();
    assert!(anonymous.alerts(&AlertFilter::default()).await.is_err());
    assert!(matches!(anonymous.alert(mopti.id).await, Err(StoreError::NotFound)));
    let filtered = tunisia
        .alerts(&AlertFilter { country_level: true, detector: Some("nb_glr".into()), ..AlertFilter::default() })
        .await
        .unwrap();
    assert_eq!(filtered.len(), 1);
    let series = tunisia.alert_series(&filtered[0], filtered[0].week - 3, filtered[0].week).await.unwrap();
    assert_eq!(series.iter().map(|w| w.events).collect::<Vec<_>>().last(), Some(&30));

    // Staff acknowledge; a second save from the same stale read is refused.
    let s = staff();
    let as_staff = db.store.scoped(Some(&s)).await.unwrap();
    let mut status = as_staff.alert(mopti.id).await.unwrap().status();
    let mut stale = status.clone();
    let permit = status.acknowledge(&s).unwrap();
    as_staff.save_alert_status(permit, &mut status).await.unwrap();
    assert_eq!(as_staff.alert(mopti.id).await.unwrap().state, AlertState::Acknowledged);
    let permit = stale.dismiss("market days", &s).unwrap();
    let err = as_staff.save_alert_status(permit, &mut stale).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict { entity: "alert", .. }), "{err}");
    // A permit is its holder's alone.
    let mut other = as_staff.alert(mopti.id).await.unwrap().status();
    let permit = other.dismiss("x", &s).unwrap();
    assert!(matches!(tunisia.save_alert_status(permit, &mut other).await, Err(StoreError::Unpermitted(_))));
}

#[tokio::test]
async fn an_interrupted_import_leaves_nothing_and_is_settled_as_failed() {
    let db = entente_testkit::test_db().await;
    // A run that recorded its start and then died before its transaction committed.
    let id = db
        .store
        .begin_event_import("gdelt.CSV", "123-abc", 123, &entente_store::Actor::system("operator"))
        .await
        .unwrap();
    assert_eq!(db.store.event_import(id).await.unwrap().state, "running");
    // Another process starting now leaves it alone: it said it was alive a moment ago (the CLI
    // beside a server, or a second server on the same database, may be running it).
    assert_eq!(db.store.settle_interrupted_imports().await.unwrap(), 0);
    db.store.event_import_heartbeat(id).await.unwrap();
    let later = chrono::Utc::now() + entente_store::warning::IMPORT_SILENCE - chrono::Duration::seconds(5);
    assert_eq!(db.store.settle_interrupted_imports_at(later).await.unwrap(), 0, "still within its silence");
    // Silent for longer than that: its process stopped.
    let later = chrono::Utc::now() + entente_store::warning::IMPORT_SILENCE + chrono::Duration::seconds(5);
    assert_eq!(db.store.settle_interrupted_imports_at(later).await.unwrap(), 1);
    let settled = db.store.event_import(id).await.unwrap();
    assert_eq!(settled.state, "failed");
    assert!(settled.error.unwrap().contains("interrupted"));
    let (input, last, _) = db.store.detection_input(None).await.unwrap();
    assert_eq!((input.cells(), last), (0, None));
    // The same file may be imported again: nothing of it was counted.
    assert!(
        db.store
            .begin_event_import("gdelt.CSV", "123-abc", 123, &entente_store::Actor::system("operator"))
            .await
            .is_ok()
    );

    // A bad file under fail-fast is settled as failed with the row that stopped it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.csv");
    let mut text = acled_history(0);
    text.push_str("MLI99999,not-a-date,2022,1,Political violence,Battles,Armed clash,A,,1,B,,1,11,,466,Western Africa,Mali,Mopti,,,X,14.3,-3.6,1,s,National,n,0,,1\n");
    std::fs::write(&file, text).unwrap();
    let actor = Actor::system("operator");
    let err = db.store.import_event_file(job(&file, &actor), |_| {}).await.unwrap_err();
    assert!(matches!(err, ImportError::Input(_)), "{err}");
    let failed = &db.store.event_imports(1).await.unwrap()[0];
    assert_eq!(failed.state, "failed");
    assert!(failed.error.as_deref().unwrap_or("").contains("event_date"), "{failed:?}");
    let (input, _, _) = db.store.detection_input(None).await.unwrap();
    assert_eq!(input.cells(), 0, "nothing of a failed file is kept");
}

#[tokio::test]
async fn a_second_file_adds_to_the_counts_and_fuses_with_stored_incidents() {
    let db = entente_testkit::test_db().await;
    let dir = tempfile::tempdir().unwrap();
    let acled = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp
NGA9001,2024-02-14,2024,1,Political violence,Explosions/Remote violence,Suicide bomb,Boko Haram - JAS,,2,Civilians (Nigeria),,7,27,Civilian targeting,566,Western Africa,Nigeria,Borno,Konduga,,Konduga,11.65,13.42,1,Local media,National,Suicide bombing at market,12,,1708000000
";
    let report = "id,reporter,date,country,admin1,latitude,longitude,category,actors,fatalities,provenance\n\
                  GBR-77,GBR,2024-02-15,NGA,Borno,11.66,13.40,terrorism,Boko Haram,11,Embassy cable 77\n";
    let pa = dir.path().join("acled.csv");
    let pr = dir.path().join("reports.csv");
    std::fs::write(&pa, acled).unwrap();
    std::fs::write(&pr, report).unwrap();
    let actor = Actor::system("operator");
    db.store.import_event_file(job(&pa, &actor), |_| {}).await.unwrap();
    let (_, r) = db.store.import_event_file(job(&pr, &actor), |_| {}).await.unwrap();
    assert_eq!((r.rows_ok, r.fused), (1, 1), "the report is the ACLED incident");
    let nga = "NGA".parse().unwrap();
    let incidents = db.store.incidents_of(nga).await.unwrap();
    assert_eq!(incidents.len(), 1);
    assert_eq!(incidents[0].members.len(), 2, "both provenances kept");
    let (input, _, _) = db.store.detection_input(Some(0)).await.unwrap();
    let total: u64 = input
        .tally
        .days
        .iter()
        .filter(|(k, _)| k.admin1.is_empty())
        .flat_map(|(_, d)| d.values())
        .map(|c| c.events)
        .sum();
    assert_eq!(total, 1, "one incident counted once");
    let week = Day::from_ymd(2024, 2, 14).unwrap().week_index();
    let top: Vec<_> = input.tally.top.iter().filter(|((_, w), _)| *w == week).flat_map(|(_, v)| v).collect();
    assert!(top.iter().all(|r| r.also_reported_by == ["report:GBR-77"]), "{top:?}");
}

/// Reports of `count` per week over `weeks` weeks ending in the last complete week, in Libya's
/// Tripoli, human trafficking: a quiet baseline, then a surge.
async fn file_reports(
    db: &entente_testkit::TestDb,
    category: &str,
    by: &entente_domain::access::Principal,
    audience: entente_domain::access::Audience,
    last_monday: chrono::NaiveDate,
    weeks: i64,
    surge: usize,
) -> Vec<i64> {
    use entente_domain::consultation::Release;
    use entente_domain::warning::{ReportDraft, ReportStep, SecurityReport};
    let scope = db.store.scoped(Some(by)).await.unwrap();
    let admin = staff();
    let staff_scope = db.store.scoped(Some(&admin)).await.unwrap();
    let release = Release::new("NATO UNCLASSIFIED", audience, &Default::default()).unwrap();
    let mut ids = Vec::new();
    for w in (0..weeks).rev() {
        let n = if w == 0 {
            surge
        } else if w % 4 == 0 {
            1
        } else {
            0
        };
        for i in 0..n {
            let day = last_monday - chrono::Duration::days(7 * w) + chrono::Duration::days((i % 5) as i64);
            let draft = ReportDraft {
                category: category.into(),
                country: "LBY".into(),
                admin1: "Tripoli".into(),
                occurred_on: day,
                until: None,
                description: format!("Report {w}-{i}"),
                sources: String::new(),
                fatalities: None,
                release: release.clone(),
            };
            let (r, permit) = SecurityReport::file(&draft, by, chrono::Utc::now()).unwrap();
            let mut r = scope.insert_report(permit, r).await.unwrap();
            let permit = r.step(ReportStep::Verify, "", &admin, chrono::Utc::now()).unwrap();
            staff_scope.save_report(permit, &mut r).await.unwrap();
            ids.push(r.id);
        }
    }
    ids
}

#[tokio::test]
async fn an_alert_counting_reports_is_seen_only_by_who_may_see_every_one_of_them() {
    use entente_domain::access::{Audience, Principal};
    let db = entente_testkit::demo_db().await;
    let today = chrono::Utc::now().date_naive();
    let last_week = entente_warning::alert::last_complete_week(Day::from(today));
    let last_monday = Day::monday_of_week_index(last_week).to_naive_date().unwrap();
    let tun = Principal { user_id: 11, ..delegate("TUN", Role::DelegationMember) };
    let nor = Principal { user_id: 12, ..delegate("NOR", Role::DelegationMember) };
    let egy = Principal { user_id: 13, ..delegate("EGY", Role::DelegationMember) };
    // Tunisia's reports are for the staff only (Tunisia sees its own).
    let counted = file_reports(&db, "human_trafficking", &tun, Audience::StaffOnly, last_monday, 40, 9).await;
    let (alerts, fresh) = db.store.detect_and_record(1, &Actor::system("test"), "alerts.detected").await.unwrap();
    assert!(!alerts.is_empty() && fresh.len() == alerts.len(), "the surge of reports fires");
    let seen = |p: Principal| {
        let store = db.store.clone();
        async move { store.scoped(Some(&p)).await.unwrap().alerts(&AlertFilter::default()).await.unwrap() }
    };
    let by_staff = seen(staff()).await;
    assert_eq!(by_staff.len(), alerts.len());
    assert!(by_staff.iter().all(|a| a.basis == "reports"));
    assert_eq!(seen(tun.clone()).await.len(), alerts.len(), "Tunisia sees what its own reports raised");
    assert!(seen(nor.clone()).await.is_empty(), "Norway sees no alert built on reports it may not see");
    let id = by_staff[0].id;
    let norway = db.store.scoped(Some(&nor)).await.unwrap();
    assert!(matches!(norway.alert(id).await, Err(StoreError::NotFound)), "not even by id");
    assert!(norway.reports(&Default::default()).await.unwrap().is_empty());
    assert_eq!(
        db.store.scoped(Some(&tun)).await.unwrap().reports(&Default::default()).await.unwrap().len(),
        counted.len()
    );

    // Egypt files one report in the same cell released to all partners: the alert now counts a
    // report Tunisia may see too, and still the staff-only ones — Egypt sees none of it.
    file_reports(&db, "human_trafficking", &egy, Audience::AllPartners, last_monday, 1, 1).await;
    db.store.detect_and_record(1, &Actor::system("test"), "alerts.detected").await.unwrap();
    assert!(seen(egy.clone()).await.is_empty());
    assert!(!seen(tun.clone()).await.is_empty());
    assert!(seen(nor).await.is_empty());
}

#[tokio::test]
async fn the_sql_rule_for_alerts_on_reports_matches_the_domain_rule_on_random_markings() {
    use entente_domain::access::{Audience, Principal, Viewer};
    use entente_domain::rng::Rng;
    use entente_domain::warning::may_see_report;
    let db = entente_testkit::demo_db().await;
    let network = db.store.load_network().await.unwrap();
    let today = chrono::Utc::now().date_naive();
    let last_monday = Day::monday_of_week_index(entente_warning::alert::last_complete_week(Day::from(today)))
        .to_naive_date()
        .unwrap();
    let authors = ["TUN", "EGY", "NOR", "GEO", "UKR"];
    let mut rng = Rng::new(7);
    let audiences = |rng: &mut Rng| -> Audience {
        match rng.below(6) {
            0 => Audience::StaffOnly,
            1 => Audience::AlliesOnly,
            2 => Audience::AllPartners,
            3 => Audience::Nations(vec!["TUN".parse().unwrap(), "MLT".parse().unwrap()]),
            4 => Audience::Frameworks(vec!["MD".parse().unwrap()]),
            _ => Audience::Public,
        }
    };
    // Per category cell: a baseline from one author released to all partners, then a surge of
    // two to four reports under random markings from random authors.
    let tun = Principal { user_id: 21, ..delegate("TUN", Role::DelegationMember) };
    let mut user = 30;
    for category in ["human_trafficking", "arms_trafficking", "narcotics_trafficking", "cyber", "terrorism", "wmd"] {
        file_reports(&db, category, &tun, Audience::AllPartners, last_monday, 30, 0).await;
        for _ in 0..2 + rng.below(3) {
            let code = authors[rng.below(authors.len() as u64) as usize];
            user += 1;
            let by = Principal { user_id: user, ..delegate(code, Role::DelegationMember) };
            file_reports(&db, category, &by, audiences(&mut rng), last_monday, 1, 3).await;
        }
    }
    let (alerts, _) = db.store.detect_and_record(1, &Actor::system("test"), "alerts.detected").await.unwrap();
    assert!(!alerts.is_empty());
    let staff_scope = db.store.scoped(Some(&staff())).await.unwrap();
    let every = staff_scope.alerts(&AlertFilter::default()).await.unwrap();
    let (mut checked, mut shown) = (0, 0);
    for viewer in ["TUN", "EGY", "NOR", "GEO", "UKR", "MLT", "USA", "JPN"] {
        let p = Principal { user_id: 99, ..delegate(viewer, Role::DelegationMember) };
        let scope = db.store.scoped(Some(&p)).await.unwrap();
        let visible: Vec<i64> = scope.alerts(&AlertFilter::default()).await.unwrap().iter().map(|a| a.id).collect();
        for a in &every {
            let counted = staff_scope.alert_reports(a.id).await.unwrap();
            let want = counted.iter().all(|r| may_see_report(Viewer::User(&p), r, &network));
            assert_eq!(visible.contains(&a.id), want, "{viewer}, alert {} counting {} reports", a.id, counted.len());
            checked += 1;
            shown += usize::from(want);
        }
    }
    assert!(shown > 0 && shown < checked, "both outcomes occur: {shown} of {checked}");
}

#[tokio::test]
async fn gdelt_events_counted_by_an_earlier_import_are_not_counted_again() {
    let db = entente_testkit::test_db().await;
    let catalogue =
        entente_warning::generate::Catalogue::new(&entente_warning::country::CountryTables::embedded().unwrap())
            .unwrap();
    let o = entente_warning::generate::GenOptions {
        format: entente_warning::parse::Format::Gdelt2,
        rows: 3000,
        seed: 7,
        first_day: Day::from_ymd(2024, 1, 1).unwrap(),
        days: 120,
        threads: 1,
    };
    let mut all = Vec::new();
    entente_warning::generate::generate(&mut all, &catalogue, &o, &|_| {}).unwrap();
    let lines: Vec<&[u8]> = all.split_inclusive(|b| *b == b'\n').collect();
    assert_eq!(lines.len(), 3000);
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, rows: &[&[u8]]| {
        let path = dir.path().join(name);
        std::fs::write(&path, rows.concat()).unwrap();
        path
    };
    // A day's file, then a later file that repeats its last thousand events (as GDELT's daily and
    // 15-minute files of one day do), then the whole as one file, counted once, for comparison.
    let first = write("20240101.export.CSV", &lines[..2000]);
    let second = write("20240102.export.CSV", &lines[1000..]);
    let whole = write("whole.export.CSV", &lines);
    let actor = Actor::system("operator");
    let (_, a) = db.store.import_event_file(job(&first, &actor), |_| {}).await.unwrap();
    assert_eq!((a.rows_ok, a.fused), (2000, 0));
    let (_, b) = db.store.import_event_file(job(&second, &actor), |_| {}).await.unwrap();
    assert_eq!((b.rows_ok, b.fused), (2000, 1000), "the thousand events seen before are reported, not counted");

    let mut memory = Memory::default();
    let mut fuser = Fuser::new(FusionRule::default());
    memory.apply(
        &ingest::import_file(&mut fuser, &NoIncidents, &whole, &Tables::embedded().unwrap(), opts(), &|_| {}).unwrap(),
    );
    let (stored, _, _) = db.store.detection_input(None).await.unwrap();
    assert!(!memory.tally.weekly().is_empty());
    assert_eq!(stored.tally.weekly(), memory.tally.weekly(), "two overlapping files count as the whole once");
    // The weekly sums each import added are the daily counters grouped by week, admin1 cells
    // included, and what detection loads of them is the whole file's weeks.
    assert_eq!(db.store.event_series_mismatches().await.unwrap(), Vec::new());
    let last = entente_warning::alert::last_complete_week(memory.last_day().unwrap());
    let (mut loaded, _) = db.store.detection_weeks(last + 1, 10_000, &[]).await.unwrap();
    loaded.sort_by(|a, b| a.0.cmp(&b.0));
    let mut want: Vec<_> =
        memory.tally.days.iter().map(|(k, d)| (k.clone(), entente_warning::series::week_sums(d))).collect();
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(want.iter().any(|(k, _)| !k.admin1.is_empty()));
    assert_eq!(loaded, want);
    // Detection over them raises what the engine raises over the whole file in memory.
    let opts = entente_warning::alert::DetectOptions { weeks: 8, ..Default::default() };
    let (sums, top) = db.store.detection_weeks(last, 8, &[]).await.unwrap();
    assert_eq!(
        entente_warning::alert::detect_weeks(&sums, &top, memory.last_day().unwrap(), &opts),
        entente_warning::alert::detect(&memory, &opts)
    );
    let ranges = db.store.counted_event_ids("gdelt2").await.unwrap();
    assert_eq!(ranges.len(), 3000);
    assert!(db.store.counted_event_ids("gdelt1").await.unwrap().is_empty(), "each GDELT version keeps its own ids");
}
