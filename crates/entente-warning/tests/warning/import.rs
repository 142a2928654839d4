use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use entente_warning::error::{ErrorPolicy, WarningError};
use entente_warning::event::Event;
use entente_warning::fusion::{Fuser, FusionRule};
use entente_warning::ingest::{self, ImportOptions};
use entente_warning::parse::{self, Format};
use entente_warning::scan::{self, ScanOptions};
use entente_warning::series::{CellKey, Tally};
use entente_warning::store::{NoIncidents, Store, keep_incidents};
use entente_warning::{Category, Source};

use crate::{generated, tables, tmpdir};

fn parse_all(
    format: Format,
    bytes: &[u8],
    policy: ErrorPolicy,
) -> Result<(entente_warning::ImportReport, Vec<Event>), WarningError> {
    let t = tables();
    let mut events = Vec::new();
    let r = parse::parse_stream(format, bytes, "mem", &t, policy, &mut |e| {
        events.push(e);
        Ok(())
    })?;
    Ok((r, events))
}

#[test]
fn generated_files_parse_completely_and_are_sniffed() {
    for (format, rows) in [(Format::Gdelt2, 3000u64), (Format::Acled, 2000), (Format::Ucdp, 1500)] {
        let bytes = generated(format, rows, 11);
        assert_eq!(parse::sniff(&bytes), Some(format));
        let (r, events) = parse_all(format, &bytes, ErrorPolicy::FailFast).unwrap();
        assert_eq!(r.rows_read, rows, "{format}");
        assert_eq!(r.rows_ok, rows, "{format}");
        assert_eq!(events.len() as u64, rows);
        assert!(events.iter().filter(|e| e.category.is_some()).count() > rows as usize / 5, "{format}");
        assert!(events.iter().all(|e| e.source_id.len() > 1));
    }
}

#[test]
fn the_parallel_counts_equal_the_event_parser_counts() {
    let bytes = generated(Format::Gdelt2, 40_000, 5);
    let t = tables();
    let (_, events) = parse_all(Format::Gdelt2, &bytes, ErrorPolicy::FailFast).unwrap();
    let mut seq = Tally::default();
    for e in &events {
        seq.count(e, &[]);
    }
    for threads in [1, 2, 3] {
        let so = ScanOptions {
            threads,
            policy: ErrorPolicy::FailFast,
            admin1: true,
            top: true,
            store: true,
            block: scan::BLOCK,
        };
        let r = scan::scan_gdelt(&bytes[..], Format::Gdelt2, "mem", &t, so, &|_| {}).unwrap();
        assert_eq!(r.report.rows_ok, 40_000);
        assert_eq!(r.tally.weekly(), seq.weekly(), "threads {threads}");
        assert_eq!(r.tally.days, seq.days, "threads {threads}");
        // Pure counting (dense weekly rows, no day-level tally) gives the same country weeks.
        for admin1 in [false, true] {
            let so = ScanOptions { admin1, top: false, store: false, ..so };
            let c = scan::scan_gdelt(&bytes[..], Format::Gdelt2, "mem", &t, so, &|_| {}).unwrap();
            assert!(c.tally.days.is_empty());
            assert_eq!(c.weekly, r.weekly, "threads {threads}, admin1 {admin1}");
        }
    }
}

/// The top events of every country cell and week, in a comparable form.
fn country_tops(t: &Tally) -> BTreeMap<(CellKey, i32), Vec<(String, String)>> {
    t.top
        .iter()
        .filter(|((cell, _), _)| cell.admin1.is_empty())
        .map(|(k, v)| (k.clone(), v.iter().map(|r| (r.source_id.clone(), r.date.to_string())).collect()))
        .collect()
}

#[test]
fn top_events_do_not_depend_on_threads_blocks_or_runs() {
    // GDELT weights (Goldstein scale and mentions) tie often: the lists must still be the same
    // whichever thread sees which block first.
    let bytes = generated(Format::Gdelt2, 20_000, 9);
    let t = tables();
    let (_, events) = parse_all(Format::Gdelt2, &bytes, ErrorPolicy::FailFast).unwrap();
    let mut seq = Tally::default();
    for e in &events {
        seq.count(e, &[]);
    }
    let want = country_tops(&seq);
    assert!(want.len() > 1000, "{} cell-weeks", want.len());
    for (threads, block) in [(1, scan::BLOCK), (2, scan::BLOCK), (1, 4096), (2, 4096), (4, 4096), (4, 4096)] {
        let so = ScanOptions { threads, policy: ErrorPolicy::FailFast, admin1: true, top: true, store: true, block };
        let r = scan::scan_gdelt(&bytes[..], Format::Gdelt2, "mem", &t, so, &|_| {}).unwrap();
        assert!(country_tops(&r.tally) == want, "threads {threads}, block {block}: top events differ");
    }
}

#[test]
fn two_clean_imports_of_one_file_store_the_same_top_events() {
    let dir = tmpdir("top");
    let file = dir.join("events.CSV");
    std::fs::write(&file, generated(Format::Gdelt2, 20_000, 9)).unwrap();
    let acled = dir.join("acled.csv");
    std::fs::write(&acled, generated(Format::Acled, 3_000, 4)).unwrap();
    let t = tables();
    let mut tops = Vec::new();
    // Small blocks, so that the threads share the file out.
    for threads in [1, 4, 4] {
        let mut store = Store::default();
        let mut fuser = Fuser::new(FusionRule::default());
        let opts = ImportOptions { format: None, policy: ErrorPolicy::FailFast, threads, block: 4096 };
        for f in [&file, &acled] {
            let imported = ingest::import_file(&mut fuser, &NoIncidents, f, &t, opts, &|_| {}).unwrap();
            store.apply(&imported);
        }
        let sorted: BTreeMap<_, _> = store.tally.top.into_iter().collect();
        tops.push(format!("{sorted:?}"));
    }
    assert!(tops.iter().all(|x| x == &tops[0]), "top events differ between imports");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn gdelt_with_bad_rows() -> Vec<u8> {
    let good = generated(Format::Gdelt2, 500, 2);
    let lines: Vec<&[u8]> = good.split(|b| *b == b'\n').filter(|l| !l.is_empty()).collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let mut l = l.to_vec();
        match i {
            // line 101: bad date
            100 => {
                let f: Vec<&[u8]> = l.split(|b| *b == b'\t').collect();
                let mut f: Vec<Vec<u8>> = f.iter().map(|x| x.to_vec()).collect();
                f[1] = b"20231340".to_vec();
                l = f.join(&b'\t');
            }
            // line 202: a column missing
            201 => {
                let cut = l.iter().rposition(|b| *b == b'\t').unwrap();
                l.truncate(cut);
            }
            // line 303: unknown FIPS code
            302 => {
                let mut f: Vec<Vec<u8>> = l.split(|b| *b == b'\t').map(|x| x.to_vec()).collect();
                f[53] = b"Q9".to_vec();
                l = f.join(&b'\t');
            }
            _ => {}
        }
        out.extend_from_slice(&l);
        out.push(b'\n');
    }
    out
}

#[test]
fn bad_rows_are_reported_with_line_column_and_reason_or_stop_the_run() {
    let bytes = gdelt_with_bad_rows();
    let (r, events) = parse_all(Format::Gdelt2, &bytes, ErrorPolicy::SkipAndReport).unwrap();
    assert_eq!(r.rows_read, 500);
    assert_eq!(r.rows_skipped, 3);
    assert_eq!(events.len(), 497);
    let got: Vec<(u64, &str)> = r.errors.iter().map(|e| (e.line, e.column.as_str())).collect();
    assert_eq!(got, [(101, "SQLDATE"), (202, "row"), (303, "ActionGeo_CountryCode")]);
    assert!(r.errors[1].reason.contains("expected 61"));
    match parse_all(Format::Gdelt2, &bytes, ErrorPolicy::FailFast) {
        Err(WarningError::Row(e)) => assert_eq!((e.line, e.column.as_str()), (101, "SQLDATE")),
        other => panic!("expected a row error, got {:?}", other.map(|x| x.0)),
    }
    // The parallel path reports the same rows and the same first error.
    let t = tables();
    for threads in [1, 2] {
        let so = ScanOptions {
            threads,
            policy: ErrorPolicy::SkipAndReport,
            admin1: false,
            top: false,
            store: true,
            block: scan::BLOCK,
        };
        let s = scan::scan_gdelt(&bytes[..], Format::Gdelt2, "mem", &t, so, &|_| {}).unwrap();
        let lines: Vec<u64> = s.report.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [101, 202, 303]);
        let so = ScanOptions { policy: ErrorPolicy::FailFast, ..so };
        match scan::scan_gdelt(&bytes[..], Format::Gdelt2, "mem", &t, so, &|_| {}) {
            Err(WarningError::Row(e)) => assert_eq!(e.line, 101),
            _ => panic!("fail-fast scan must stop"),
        }
    }
}

const ACLED_OLD: &str = "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3
9101,466,MLI1001,1001,04 March 2019,2019,1,Violence against civilians,Attack,JNIM: Group for Support of Islam and Muslims,,Political militias,Civilians (Mali),,Civilians,37,Western Africa,Mali,Mopti,Bandiagara,,Ogossagou,14.1667,-3.9833,1,Local media,National,\"Attack on village; 30 killed\",30,1552000000,MLI
9102,566,NGA2002,2002,05-03-2019,2019,2,Battles,Armed clash,Military Forces of Nigeria (2015-2023),,1,Boko Haram - JAS,,2,12,Western Africa,Nigeria,Borno,Maiduguri,,Maiduguri,11.8464,13.1603,2,Reuters,International,,4,1552000000,NGA
9103,,XYZ3003,3003,2019-03-06,2019,1,Protests,Peaceful protest,Protesters (Atlantis),,6,,,0,60,Western Africa,Atlantis,A,B,,C,1,1,1,X,National,,0,1552000000,
9104,566,NGA2004,2004,2019-03-06,2019,1,Protests,Peaceful protest,Protesters (Nigeria),,Aliens,,,0,60,Western Africa,Nigeria,Lagos,Ikeja,,Ikeja,6.6,3.3,1,X,National,,0,1552000000,NGA
9105,,SEA1,1,2019-03-07,2019,1,Strategic developments,Other,Pirates,,8,,,0,80,Western Africa,Gulf of Guinea,,,,,,,,X,National,,0,1552000000,
";

#[test]
fn acled_older_layout_labels_and_date_spellings() {
    let (r, events) = parse_all(Format::Acled, ACLED_OLD.as_bytes(), ErrorPolicy::SkipAndReport).unwrap();
    assert_eq!(r.rows_read, 5);
    assert_eq!(events.len(), 3);
    let mli = &events[0];
    assert_eq!(mli.country.map(|c| c.to_string()), Some("MLI".into()));
    assert_eq!(mli.date.to_string(), "2019-03-04");
    assert_eq!(mli.category, Some(Category::Terrorism), "political militia attacking civilians");
    assert_eq!(mli.severity.fatalities, Some(30));
    assert!(mli.provenance.contains("Attack on village; 30 killed"));
    assert_eq!(events[1].date.to_string(), "2019-03-05");
    assert_eq!(events[1].category, Some(Category::ArmedConflict));
    assert_eq!(events[1].date_precision, entente_warning::date::DatePrecision::Week);
    assert_eq!(events[2].country, None, "maritime event: no country");
    let errs: Vec<(u64, &str)> = r.errors.iter().map(|e| (e.line, e.column.as_str())).collect();
    assert_eq!(errs, [(4, "country"), (5, "inter1")]);
}

#[test]
fn a_file_that_is_not_the_named_format_is_refused() {
    let err = parse_all(Format::Acled, b"id,reporter\n1,FRA\n", ErrorPolicy::SkipAndReport).unwrap_err();
    assert!(matches!(err, WarningError::Format(m) if m.contains("event_id_cnty")));
    assert_eq!(parse::sniff(b"hello world\n"), None);
    assert_eq!(parse::sniff(b"a\tb\tc\n"), None);
}

#[test]
fn reports_in_csv_and_json_lines() {
    let csv = "id,reporter,date,country,admin1,category,actors,fatalities,provenance\n\
               R1,FRA,2024-02-14,MLI,Mopti,narcotics_trafficking,Cartel A; Cartel B,,liaison note 12\n\
               R2,FRA,2024-02-30,MLI,,cyber,,,\n\
               R3,BEL,2024-02-15,ML,,cyber,,,\n";
    let (r, ev) = parse_all(Format::Report, csv.as_bytes(), ErrorPolicy::SkipAndReport).unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].category, Some(Category::NarcoticsTrafficking));
    assert_eq!(ev[0].actors.len(), 2);
    assert_eq!(ev[0].reporter, "FRA");
    let errs: Vec<(u64, &str)> = r.errors.iter().map(|e| (e.line, e.column.as_str())).collect();
    assert_eq!(errs, [(3, "date"), (4, "country")]);

    let json = "\n{\"id\":\"J1\",\"reporter\":\"ITA\",\"date\":\"2024-02-14\",\"country\":\"LBY\",\"category\":\"human_trafficking\",\"actors\":[\"Network X\"],\"latitude\":32.9,\"longitude\":13.2}\n\
                {\"id\":\"J2\",\"reporter\":\"ITA\",\"date\":\"2024-02-14\",\"category\":\"cyber\"}\n\
                {\"id\":\"J3\",\"reporter\":\"ITA\",\"date\":\"2024-02-14\",\"country\":\"LBY\",\"category\":\"cyber\",\"colour\":\"red\"}\n";
    assert_eq!(parse::sniff(json.as_bytes()), Some(Format::Report));
    let (r, ev) = parse_all(Format::Report, json.as_bytes(), ErrorPolicy::SkipAndReport).unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].geo_precision, entente_warning::event::GeoPrecision::Exact);
    let errs: Vec<(u64, &str)> = r.errors.iter().map(|e| (e.line, e.column.as_str())).collect();
    assert_eq!(errs, [(3, "country"), (4, "colour")]);
}

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn gzip_and_zip_imports_count_the_same_and_a_file_keeps_its_fingerprint() {
    let bytes = generated(Format::Gdelt2, 20_000, 9);
    let dir = tmpdir("compressed");
    let plain = write(&dir, "a.export.CSV", &bytes);
    let gz = dir.join("a.export.CSV.gz");
    let mut enc = flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), flate2::Compression::fast());
    enc.write_all(&bytes).unwrap();
    enc.finish().unwrap();
    let zp = dir.join("a.export.CSV.zip");
    let mut zw = zip::ZipWriter::new(std::fs::File::create(&zp).unwrap());
    zw.start_file("a.export.CSV", zip::write::SimpleFileOptions::default()).unwrap();
    zw.write_all(&bytes).unwrap();
    zw.finish().unwrap();

    let t = tables();
    let opts = ImportOptions { format: None, policy: ErrorPolicy::FailFast, threads: 2, block: scan::BLOCK };
    let mut weekly = Vec::new();
    let mut fingerprints = Vec::new();
    for f in [&plain, &gz, &zp] {
        let mut fuser = Fuser::new(FusionRule::default());
        let imported = ingest::import_file(&mut fuser, &NoIncidents, f, &t, opts, &|_| {}).unwrap();
        let r = &imported.report;
        assert_eq!((r.rows_ok, r.format.as_str()), (20_000, "gdelt2"));
        weekly.push(imported.tally.weekly());
        // The same file names itself the same way (the database refuses it the second time).
        assert_eq!(entente_warning::store::fingerprint(f).unwrap(), imported.fingerprint);
        fingerprints.push(imported.fingerprint);
    }
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), 3, "plain, gzip and zip are three files");
    assert_eq!(weekly[0], weekly[1]);
    assert_eq!(weekly[0], weekly[2]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn incremental_import_adds_to_the_counters_without_rereading() {
    let dir = tmpdir("incremental");
    let a = generated(Format::Gdelt2, 5_000, 1);
    let b = generated(Format::Gdelt2, 7_000, 2);
    let both: Vec<u8> = [a.clone(), b.clone()].concat();
    let (pa, pb, pboth) = (write(&dir, "a.tsv", &a), write(&dir, "b.tsv", &b), write(&dir, "ab.tsv", &both));
    let t = tables();
    let opts =
        ImportOptions { format: Some(Format::Gdelt2), policy: ErrorPolicy::FailFast, threads: 2, block: scan::BLOCK };
    let mut fuser = Fuser::new(FusionRule::default());
    let mut s = Store::default();
    s.apply(&ingest::import_file(&mut fuser, &NoIncidents, &pa, &t, opts, &|_| {}).unwrap());
    // A later run: the first file is gone, only the counters remain.
    std::fs::remove_file(&pa).unwrap();
    s.apply(&ingest::import_file(&mut fuser, &NoIncidents, &pb, &t, opts, &|_| {}).unwrap());
    let mut once = Store::default();
    once.apply(&ingest::import_file(&mut fuser, &NoIncidents, &pboth, &t, opts, &|_| {}).unwrap());
    assert_eq!(s.tally.days, once.tally.days);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fusion_through_import_links_a_report_to_an_acled_event_and_counts_it_once() {
    let dir = tmpdir("fusion");
    let acled = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp
NGA9001,2024-02-14,2024,1,Political violence,Explosions/Remote violence,Suicide bomb,Boko Haram - JAS,,2,Civilians (Nigeria),,7,27,Civilian targeting,566,Western Africa,Nigeria,Borno,Konduga,,Konduga,11.65,13.42,1,Local media,National,Suicide bombing at market,12,,1708000000
NGA9002,2024-02-14,2024,1,Political violence,Explosions/Remote violence,Suicide bomb,Boko Haram - JAS,,2,Civilians (Nigeria),,7,27,Civilian targeting,566,Western Africa,Nigeria,Yobe,Damaturu,,Damaturu,11.75,11.96,1,Local media,National,Another bombing,3,,1708000000
";
    let report = "id,reporter,date,country,admin1,latitude,longitude,category,actors,fatalities,provenance\n\
                  GBR-77,GBR,2024-02-15,NGA,Borno,11.66,13.40,terrorism,Boko Haram,11,Embassy cable 77\n\
                  GBR-78,GBR,2024-02-15,NGA,Borno,,,cyber,,,CERT note\n";
    let pa = write(&dir, "acled.csv", acled.as_bytes());
    let pr = write(&dir, "reports.csv", report.as_bytes());
    let t = tables();
    let opts = ImportOptions { format: None, policy: ErrorPolicy::FailFast, threads: 1, block: scan::BLOCK };
    let mut kept = HashMap::new();
    let mut store = Store::default();
    {
        let mut fuser = Fuser::new(FusionRule::default());
        let imported = ingest::import_file(&mut fuser, &kept, &pa, &t, opts, &|_| {}).unwrap();
        assert_eq!((imported.report.rows_ok, imported.report.fused), (2, 0));
        store.apply(&imported);
        keep_incidents(&fuser, &mut kept);
    }
    // A later run loads the stored incidents and links the partner report to the ACLED event.
    let mut fuser = Fuser::new(FusionRule::default());
    let imported = ingest::import_file(&mut fuser, &kept, &pr, &t, opts, &|_| {}).unwrap();
    assert_eq!((imported.report.rows_ok, imported.report.fused), (2, 1));
    store.apply(&imported);
    keep_incidents(&fuser, &mut kept);
    let nga: entente_warning::country::Iso3 = "NGA".parse().unwrap();
    let terror: u64 = store
        .tally
        .days
        .iter()
        .filter(|(k, _)| k.country == nga && k.admin1.is_empty() && k.category == Category::Terrorism)
        .flat_map(|(_, d)| d.values())
        .map(|c| c.events)
        .sum();
    assert_eq!(terror, 2, "two real incidents, three reports");
    let incidents = serde_json::to_string(&kept[&nga]).unwrap();
    assert_eq!(kept[&nga].len(), 3, "two terrorism incidents and one cyber report");
    assert!(incidents.contains("Embassy cable 77") && incidents.contains("Suicide bombing at market"));
    let week = entente_warning::date::Day::from_ymd(2024, 2, 14).unwrap().week_index();
    let refs: Vec<_> =
        store.tally.top.iter().filter(|((k, w), _)| *w == week && k.country == nga).flat_map(|(_, v)| v).collect();
    assert!(refs.iter().any(|r| r.source == Source::Acled && r.also_reported_by == ["report:GBR-77"]));
    std::fs::remove_dir_all(&dir).unwrap();
}
