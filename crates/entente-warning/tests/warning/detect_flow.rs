//! From files to explained alerts.

use entente_domain::Lang;
use entente_warning::Category;
use entente_warning::alert::{self, DetectOptions};
use entente_warning::date::Day;
use entente_warning::detect::Detector;
use entente_warning::error::ErrorPolicy;
use entente_warning::fusion::{Fuser, FusionRule};
use entente_warning::ingest::{self, ImportOptions};
use entente_warning::scan;
use entente_warning::store::{NoIncidents, Store};

use crate::{tables, tmpdir};

/// 80 weeks of 2–4 IED attacks a week in Mopti, then a week of 30 (two of them deadly).
fn acled_history() -> String {
    let mut s = entente_warning::parse::acled::COLUMNS.join(",");
    s.push('\n');
    let start = Day::from_ymd(2022, 1, 3).unwrap();
    let mut n = 0;
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

#[test]
fn a_surge_in_the_last_week_raises_explained_alerts() {
    let dir = tmpdir("detect");
    let file = dir.join("acled.csv");
    std::fs::write(&file, acled_history()).unwrap();
    let mut store = Store::default();
    {
        let mut fuser = Fuser::new(FusionRule::default());
        let opts = ImportOptions { format: None, policy: ErrorPolicy::FailFast, threads: 1, block: scan::BLOCK };
        let imported = ingest::import_file(&mut fuser, &NoIncidents, &file, &tables(), opts, &|_| {}).unwrap();
        store.apply(&imported);
    }
    let alerts = alert::detect(&store, &DetectOptions::default());
    let last_week = Day::from_ymd(2022, 1, 3).unwrap().week_index() + 80;
    let country: Vec<_> = alerts.iter().filter(|a| a.cell.admin1.is_empty()).collect();
    let fired: Vec<Detector> = country.iter().map(|a| a.detector).collect();
    for d in [Detector::EarsC1, Detector::EarsC2, Detector::NbGlr, Detector::AcledSurge, Detector::AcledThreat] {
        assert!(fired.contains(&d), "{d} did not fire: {fired:?}");
    }
    let a = country.iter().find(|a| a.detector == Detector::NbGlr).unwrap();
    assert_eq!(a.week_start, Day::monday_of_week_index(last_week));
    assert_eq!(a.cell.category, Category::Terrorism);
    assert_eq!(a.observed, 30.0);
    assert!(a.expected > 2.0 && a.expected < 4.0, "{}", a.expected);
    assert_eq!(a.fatalities, 39.0 + 40.0 + 14.0);
    assert_eq!(a.top_events.len(), 3);
    assert_eq!(a.top_events[0].fatalities, Some(40));
    assert!(a.why(Lang::En, "Mali").contains("30 curated incidents observed"));
    assert!(a.why(Lang::Fr, "Mali").contains("30 incidents vérifiés observés"));
    let cap = alert::to_cap(a, "s", "2023-07-24T00:00:00+00:00", Lang::En, "Mali");
    assert!(cap.contains("<value>MLI</value>") && cap.contains("nb_glr"));
    // The admin1 cell alerts too, with its own top events.
    let mopti = alerts.iter().find(|a| a.cell.admin1 == "Mopti" && a.detector == Detector::NbGlr).unwrap();
    assert_eq!(mopti.top_events[0].admin1, "Mopti");
    // No alert anywhere before the surge week, with the default thresholds.
    let opts = DetectOptions { weeks: 60, ..DetectOptions::default() };
    let all = alert::detect(&store, &opts);
    assert!(
        all.iter().all(|a| a.week_start == Day::monday_of_week_index(last_week)),
        "{:?}",
        all.iter().map(|a| (&a.week, a.detector)).collect::<Vec<_>>()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_empty_store_gives_no_alerts() {
    assert!(alert::detect(&Store::default(), &DetectOptions::default()).is_empty());
}
