//! The demo's event history: clearly synthetic ACLED and GDELT 2.0 files written by the engine's
//! seeded generator over the demo's region of interest (the Mediterranean Dialogue and Istanbul
//! Cooperation Initiative partners, the Sahel, the Black Sea and the Western Balkans), two years up
//! to the last complete week, plus a file of injected surges in that week — IED attacks in
//! Mopti (Mali), protests in Tunis, clashes in Donetsk (Ukraine) and media-coded fighting in
//! Libya — so that detection fires. Every file name says `synthetic`; the source records' notes
//! say they are not real. Imported through the product's one import path (one transaction per
//! file), then detection runs once.

use std::io::Write;
use std::sync::Arc;

use chrono::NaiveDate;
use entente_store::{Actor, Store};
use entente_warning::country::CountryTables;
use entente_warning::date::Day;
use entente_warning::generate::{Catalogue, GenOptions, generate};
use entente_warning::ingest::ImportOptions;
use entente_warning::parse::{Format, Tables};
use entente_warning::{ErrorPolicy, scan};

/// The demo's region of interest.
const REGION: [&str; 30] = [
    "DZA", "EGY", "ISR", "JOR", "MRT", "MAR", "TUN", "BHR", "KWT", "QAT", "ARE", "LBY", "MLI", "NER", "BFA", "TCD",
    "SDN", "NGA", "UKR", "GEO", "MDA", "ARM", "AZE", "BIH", "SRB", "XKX", "IRQ", "SYR", "LBN", "YEM",
];

/// What the demo loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct Seeded {
    pub files: usize,
    pub rows: u64,
    pub alerts: usize,
    pub reports: usize,
}

/// Two shared reports acted out by the demo accounts: Tunisia's on the Tunis protests of the
/// surge week, for the staff only, verified (so it counts, for Tunisia and the staff); Mauritania's
/// on arms trafficking, released to the Mediterranean Dialogue, left under review; and the year's
/// history of other partners' reports ([`seed_report_history`]). Then detection.
pub async fn seed_reports(
    store: &Store,
    staff: &entente_domain::access::Principal,
    delegate: impl Fn(&str) -> Option<entente_domain::access::Principal>,
    today: NaiveDate,
) -> Result<usize, String> {
    use entente_domain::access::{Audience, Classifications};
    use entente_domain::consultation::Release;
    use entente_domain::warning::{ReportDraft, ReportStep, SecurityReport};
    let (Some(tun), Some(mrt)) = (delegate("TUN"), delegate("MRT")) else {
        return Ok(0);
    };
    let staff_scope = store.scoped(Some(staff)).await.map_err(e)?;
    if !staff_scope.reports(&Default::default()).await.map_err(e)?.is_empty() {
        return Ok(0);
    }
    let last_monday = Day::monday_of_week_index(entente_warning::alert::last_complete_week(Day::from(today)))
        .to_naive_date()
        .ok_or("no last week")?;
    let classifications = Classifications::default();
    let release = |a: Audience| Release::new("NATO UNCLASSIFIED", a, &classifications).map_err(e);
    let now = chrono::Utc::now();
    let mut filed = 0;
    for (by, draft, verify) in [
        (
            &tun,
            ReportDraft {
                category: "unrest".into(),
                country: "TUN".into(),
                admin1: "Tunis".into(),
                occurred_on: last_monday + chrono::Duration::days(1),
                until: None,
                description:
                    "Synthetic demo report - not real. Organisers of the Tunis protests were seen arriving from abroad."
                        .into(),
                sources: "Synthetic demo source".into(),
                fatalities: None,
                release: release(Audience::StaffOnly)?,
            },
            true,
        ),
        (
            &mrt,
            ReportDraft {
                category: "arms_trafficking".into(),
                country: "MLI".into(),
                admin1: "Tombouctou".into(),
                occurred_on: last_monday + chrono::Duration::days(2),
                until: None,
                description:
                    "Synthetic demo report - not real. A convoy carrying small arms crossed the border northbound."
                        .into(),
                sources: "Synthetic demo source".into(),
                fatalities: None,
                release: release(Audience::Frameworks(vec!["MD".parse().map_err(e)?]))?,
            },
            false,
        ),
    ] {
        let scope = store.scoped(Some(by)).await.map_err(e)?;
        let (r, permit) = SecurityReport::file(&draft, by, now).map_err(e)?;
        let mut r = scope.insert_report(permit, r).await.map_err(e)?;
        let step = if verify { ReportStep::Verify } else { ReportStep::Review };
        let permit = r.step(step, "", staff, now).map_err(e)?;
        staff_scope.save_report(permit, &mut r).await.map_err(e)?;
        filed += 1;
    }
    filed += seed_report_history(store, staff, &delegate, today).await?;
    store.detect_and_record(1, &Actor::system("entente demo"), "alerts.detected").await.map_err(e)?;
    Ok(filed)
}

/// Reports shared over the year before the last six weeks (clearly synthetic), from the partners
/// that have a delegation here, each triaged by the staff a couple of days after it was filed:
/// most verified, some not verified or dismissed, with the reason.
async fn seed_report_history(
    store: &Store,
    staff: &entente_domain::access::Principal,
    delegate: &impl Fn(&str) -> Option<entente_domain::access::Principal>,
    today: NaiveDate,
) -> Result<usize, String> {
    use entente_domain::access::{Audience, Classifications};
    use entente_domain::consultation::Release;
    use entente_domain::warning::{ReportDraft, ReportStep, SecurityReport};
    const HISTORY: [(&str, &str, &str, &str); 14] = [
        ("UKR", "Odesa", "cyber", "Intrusion into the port's cargo-handling systems."),
        ("UKR", "Kharkiv", "armed_conflict", "Shelling of a village near the border at night."),
        ("GEO", "Shida Kartli", "armed_conflict", "Fences moved across the occupation line near a village."),
        ("MDA", "Chisinau", "cyber", "Denial of service against the electoral commission's site."),
        ("MDA", "Stinga Nistrului", "arms_trafficking", "Ammunition moved out of a depot by night."),
        ("JOR", "Irbid", "narcotics_trafficking", "Drones dropping packages of pills across the northern border."),
        ("JOR", "Mafraq", "arms_trafficking", "Weapons seized from a smuggling party."),
        ("EGY", "North Sinai", "terrorism", "An attack on a checkpoint by an armed group."),
        ("MAR", "Tanger-Tetouan-Al Hoceima", "human_trafficking", "A network moving migrants by boat."),
        ("QAT", "Ad Dawhah", "cyber", "Phishing campaign against the energy ministry."),
        ("BIH", "Republika Srpska", "unrest", "Protests blocking a border crossing."),
        ("MLT", "Southern Region", "human_trafficking", "A drifting boat with people held against their will."),
        ("ARM", "Syunik", "armed_conflict", "Fire exchanged along the border near a village."),
        ("AZE", "Tovuz", "armed_conflict", "Fire exchanged along the border near a village."),
    ];
    let staff_scope = store.scoped(Some(staff)).await.map_err(e)?;
    let classifications = Classifications::default();
    let release = |a: Audience| Release::new("NATO UNCLASSIFIED", a, &classifications).map_err(e);
    let mut filed = 0;
    for (k, (code, admin1, category, what)) in HISTORY.iter().chain(HISTORY.iter()).enumerate() {
        let Some(by) = delegate(code) else { continue };
        let occurred_on = today - chrono::Duration::days(400 - 12 * k as i64);
        let at = |d: i64, h: u32| {
            (occurred_on + chrono::Duration::days(d)).and_hms_opt(h, 0, 0).map_or(chrono::Utc::now(), |t| t.and_utc())
        };
        let audience = if k % 3 == 0 { Audience::AllPartners } else { Audience::StaffOnly };
        let draft = ReportDraft {
            category: (*category).into(),
            country: (*code).into(),
            admin1: (*admin1).into(),
            occurred_on,
            until: None,
            description: format!("Synthetic demo report - not real. {what}"),
            sources: "Synthetic demo source".into(),
            fatalities: None,
            release: release(audience)?,
        };
        let scope = store.scoped(Some(&by)).await.map_err(e)?;
        let (r, permit) = SecurityReport::file(&draft, &by, at(1 + (k % 3) as i64, 9)).map_err(e)?;
        let mut r = scope.insert_report(permit, r).await.map_err(e)?;
        let permit = r.step(ReportStep::Review, "", staff, at(4, 10)).map_err(e)?;
        staff_scope.save_report(permit, &mut r).await.map_err(e)?;
        let (step, reason) = match k % 5 {
            3 => (ReportStep::NotVerified, "The sources could not be confirmed. (demo)"),
            4 => (ReportStep::Dismiss, "Outside the scope of the shared reports. (demo)"),
            _ => (ReportStep::Verify, ""),
        };
        let permit = r.step(step, reason, staff, at(5, 15)).map_err(e)?;
        staff_scope.save_report(permit, &mut r).await.map_err(e)?;
        filed += 1;
    }
    Ok(filed)
}

fn e(x: impl std::fmt::Display) -> String {
    x.to_string()
}

/// One ACLED row of an injected surge.
#[allow(clippy::too_many_arguments)]
fn acled_row(
    out: &mut String,
    id: &str,
    day: Day,
    kind: (&str, &str, &str),
    actors: (&str, u8, &str, u8),
    place: (u16, &str, &str, &str, &str, f64, f64),
    fatalities: u32,
) {
    let (disorder, event_type, sub) = kind;
    let (a1, i1, a2, i2) = actors;
    let (numeric, region, country, admin1, location, lat, lon) = place;
    let year = day.ymd().0;
    out.push_str(&format!(
        "{id},{day},{year},1,{disorder},{event_type},{sub},{a1},,{i1},{a2},,{i2},{i1}{i2},,{numeric},{region},{country},{admin1},,,{location},{lat},{lon},1,Synthetic demo source,National,Synthetic demo event - not real,{fatalities},,1700000000\n"
    ));
}

/// The surges of the last complete week ending on or before `today`.
fn surges(last_monday: Day) -> String {
    let mut s = entente_warning::parse::acled::COLUMNS.join(",");
    s.push('\n');
    for i in 0..36u32 {
        let day = Day(last_monday.0 + (i % 7) as i32);
        acled_row(
            &mut s,
            &format!("DEMO-MLI-{i}"),
            day,
            ("Political violence", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
            ("JNIM", 2, "Civilians (Mali)", 7),
            (466, "Western Africa", "Mali", "Mopti", "Bandiagara", 14.35, -3.61),
            i % 3,
        );
    }
    for i in 0..40u32 {
        let day = Day(last_monday.0 + (i % 7) as i32);
        acled_row(
            &mut s,
            &format!("DEMO-TUN-{i}"),
            day,
            ("Demonstrations", "Protests", "Peaceful protest"),
            ("Protesters (Tunisia)", 6, "", 0),
            (788, "Northern Africa", "Tunisia", "Tunis", "Tunis", 36.8, 10.18),
            0,
        );
    }
    for i in 0..30u32 {
        let day = Day(last_monday.0 + (i % 7) as i32);
        acled_row(
            &mut s,
            &format!("DEMO-UKR-{i}"),
            day,
            ("Political violence", "Battles", "Armed clash"),
            ("Military Forces of Russia", 8, "Military Forces of Ukraine", 1),
            (804, "Europe", "Ukraine", "Donetsk", "Bakhmut", 48.6, 38.0),
            2 + i % 4,
        );
    }
    s
}

/// Write the synthetic files into `dir` and import them, then detect. Does nothing when event
/// data was imported before.
pub async fn seed_events(store: &Store, today: NaiveDate, dir: &std::path::Path) -> Result<Seeded, String> {
    if !store.event_imports(1).await.map_err(e)?.is_empty() {
        return Ok(Seeded::default());
    }
    let today = Day::from(today);
    let last_monday = Day::monday_of_week_index(entente_warning::alert::last_complete_week(today));
    let days: u32 = 728;
    let first_day = Day(last_monday.0 - days as i32 + 7);
    let tables = CountryTables::embedded().map_err(e)?;
    let mut cat = Catalogue::new(&tables).map_err(e)?;
    cat.countries.retain(|c| REGION.contains(&c.iso3.as_str()));
    if cat.countries.is_empty() {
        return Err("the demo's region has no country in the generator's catalogue".into());
    }
    std::fs::create_dir_all(dir).map_err(e)?;
    let mut files = Vec::new();
    for (format, rows, seed, name) in [
        (Format::Acled, 24_000u64, 11u64, "demo-synthetic-acled.csv"),
        (Format::Gdelt2, 60_000, 12, "demo-synthetic-gdelt2.export.CSV"),
    ] {
        let path = dir.join(name);
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).map_err(e)?);
        let o = GenOptions { format, rows, seed, first_day, days: days - 7, threads: 2 };
        generate(&mut f, &cat, &o, &|_| {}).map_err(e)?;
        f.flush().map_err(e)?;
        files.push((path, name));
    }
    let surge = dir.join("demo-synthetic-surges-acled.csv");
    std::fs::File::create(&surge).and_then(|mut f| f.write_all(surges(last_monday).as_bytes())).map_err(e)?;
    files.push((surge, "demo-synthetic-surges-acled.csv"));
    let tables = Arc::new(Tables::embedded().map_err(e)?);
    let actor = Actor::system("entente demo");
    let mut seeded = Seeded::default();
    for (path, name) in files {
        let job = entente_store::warning::ImportJob {
            path: path.clone(),
            name: name.to_string(),
            tables: tables.clone(),
            opts: ImportOptions { format: None, policy: ErrorPolicy::FailFast, threads: 2, block: scan::BLOCK },
            actor: &actor,
            action: "events.imported",
        };
        let (_, report) = store.import_event_file(job, |_| {}).await.map_err(e)?;
        seeded.files += 1;
        seeded.rows += report.rows_ok;
        let _ = std::fs::remove_file(&path);
    }
    let (alerts, _) = store.detect_and_record(1, &actor, "alerts.detected").await.map_err(e)?;
    seeded.alerts = alerts.len();
    Ok(seeded)
}

/// The demo's alert subscriptions, so that its new alerts reach inboxes at the server's first
/// announcement pass: Tunisia's member follows Tunisia and the Arab Maghreb Union (inbox and
/// e-mail), Norway's member the same places (it is told only of the open-data alerts: Tunisia's
/// report is not released to it), and the staff officer follows unrest and terrorism everywhere
/// (inbox). An account that has a subscription keeps it. Returns how many were made.
pub async fn seed_subscriptions(
    store: &Store,
    who: impl Fn(&str) -> Option<entente_domain::access::Principal>,
) -> Result<usize, String> {
    use entente_domain::warning::SubscriptionDraft;
    use entente_domain::warning::subscription::{Known, subscribe};
    let registry = store.registry().await.map_err(e)?;
    let regions: Vec<&str> = registry.groupings.iter().map(|g| g.code.as_str()).collect();
    let categories: Vec<&str> = entente_warning::Category::ALL.iter().map(|c| c.as_str()).collect();
    let tables = entente_warning::country::CountryTables::embedded().map_err(e)?;
    let mut made = 0;
    for (user, countries, region, cats, delivery) in [
        ("TUN", "TUN", "AMU", "", "inbox_and_email"),
        ("NOR", "TUN", "AMU", "", "inbox"),
        ("STAFF", "", "", "unrest terrorism", "inbox"),
    ] {
        let Some(p) = who(user) else { continue };
        let scope = store.scoped_in(Some(&p), &registry).await.map_err(e)?;
        if scope.alert_subscription().await.map_err(e)?.0.version > 0 {
            continue;
        }
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let draft = SubscriptionDraft {
            countries: words(countries),
            regions: words(region),
            categories: words(cats),
            delivery: delivery.into(),
            version: 0,
        };
        let (mut sub, permit) = {
            let is_country = |c: &str| c.parse().is_ok_and(|iso| tables.is_known(iso));
            let known = Known { is_country: &is_country, regions: &regions, categories: &categories };
            subscribe(&p, &draft, &known).map_err(e)?
        };
        scope.save_alert_subscription(permit, &mut sub).await.map_err(e)?;
        made += 1;
    }
    Ok(made)
}
