//! The engines' command output, byte for byte, against files captured from the binary: the
//! allocation report and explanations (`allocation run`), alerts as a table, as JSON and as CAP
//! (`events detect`), in English and French, on inputs kept beside them in `tests/golden/`.
//!
//! A change to any of these texts must show up here. After an intended change, rewrite the
//! expected files with `ENTENTE_BLESS=1 cargo nextest run -p entente-cli golden` and review the diff.

use std::path::{Path, PathBuf};
use std::process::Command;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Run the binary; its standard output with volatile parts masked (the CAP sending time, the
/// detection's duration).
fn run(args: &[&str], dir: &Path) -> String {
    run_on(args, dir, "")
}

/// Run on the database at `url` (none: the default in `dir`).
fn run_on(args: &[&str], dir: &Path, url: &str) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_entente"));
    cmd.args(args).current_dir(dir).env("ENTENTE_LOG", "warn");
    if !url.is_empty() {
        cmd.env("ENTENTE_DATABASE_URL", url);
    }
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "entente {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    let mut masked = String::with_capacity(out.len());
    for line in out.split_inclusive('\n') {
        if line.trim_start().starts_with("<sent>") {
            masked.push_str("  <sent>(masked)</sent>\n");
        } else if line.contains(" alerts over ") && line.trim_end().ends_with(" ms)") {
            let cut = line.rfind(" (").unwrap_or(line.len());
            masked.push_str(&line[..cut]);
            masked.push_str(" (masked ms)\n");
        } else {
            masked.push_str(line);
        }
    }
    masked
}

/// Compare with (or, under `ENTENTE_BLESS=1`, write) `tests/golden/<name>`; returns a problem.
fn check(name: &str, got: &str) -> Option<String> {
    let path = golden_dir().join(name);
    if std::env::var_os("ENTENTE_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return None;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if want == got {
        return None;
    }
    let line = want
        .lines()
        .zip(got.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(want.lines().count().min(got.lines().count()));
    Some(format!(
        "{name}: differs from line {}\n  expected: {:?}\n  got:      {:?}",
        line + 1,
        want.lines().nth(line).unwrap_or("<end>"),
        got.lines().nth(line).unwrap_or("<end>")
    ))
}

/// Inputs, and the nations whose requests are explained.
/// Inputs, the nations whose requests are explained, and whether the JSON output is compared too
/// (it lists every allocation and placement: only for the small menus).
const ALLOCATION_INPUTS: [(&str, &[&str], bool); 3] = [
    ("menu", &["GEO", "MDA", "UKR", "SWE", "XYZ", "IRL", "CHE", "RUS", "MLT"], true),
    ("menu-weighted", &["GEO", "MDA", "FIN", "AUT", "CHE"], true),
    ("year", &["MDA", "DEU", "GEO"], false),
];

#[test]
fn allocation_run_output_is_unchanged() {
    let dir = golden_dir().join("allocation");
    let mut problems = Vec::new();
    for (input, nations, json) in ALLOCATION_INPUTS {
        let file = format!("{input}.json");
        for mechanism in ["primary", "fcfs", "draft", "utilitarian"] {
            for lang in ["en", "fr"] {
                let mut all = String::new();
                for nation in nations {
                    let args = [
                        "allocation",
                        "run",
                        &file,
                        "--mechanism",
                        mechanism,
                        "--seed",
                        "7",
                        "--explain",
                        nation,
                        "--lang",
                        lang,
                    ];
                    all.push_str(&format!("$ entente {}\n", args.join(" ")));
                    all.push_str(&run(&args, &dir));
                }
                problems.extend(check(&format!("allocation/out/{input}-{mechanism}-{lang}.txt"), &all));
            }
            if json {
                let args = [
                    "allocation",
                    "run",
                    &file,
                    "--mechanism",
                    mechanism,
                    "--seed",
                    "7",
                    "--explain",
                    nations[0],
                    "--format",
                    "json",
                ];
                problems.extend(check(&format!("allocation/out/{input}-{mechanism}.json"), &run(&args, &dir)));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn events_detect_output_is_unchanged() {
    // The kept counters and top events go into a fresh database as one import, as if the files
    // they came from were imported again.
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", tmp.path().join("golden.db").display());
    load_golden_events(&golden_dir().join("events/store"), &url);
    let mut problems = Vec::new();
    for lang in ["en", "fr"] {
        let base = ["events", "detect", "--weeks", "12", "--lang", lang];
        let cases: [(&str, &[&str]); 4] = [
            ("table", &[]),
            ("json", &["--format", "json", "--detector", "nb_glr", "--detector", "acled_threat"]),
            (
                "cap",
                &[
                    "--cap",
                    "--sender",
                    "golden@alliance.invalid",
                    "--detector",
                    "poisson_cusum",
                    "--detector",
                    "ears_c1",
                ],
            ),
            ("country-table", &["--no-admin1", "--detector", "nb_glr=3", "--detector", "acled_surge=1"]),
        ];
        for (name, extra) in cases {
            let args: Vec<&str> = base.iter().chain(extra.iter()).copied().collect();
            problems.extend(check(&format!("events/out/{name}-{lang}.txt"), &run_on(&args, tmp.path(), &url)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Read the kept event counters (`series.tsv`: layer, country, admin1, category, day, events,
/// fatalities) and top events (`top.jsonl`) and store them as one import.
fn load_golden_events(dir: &Path, url: &str) {
    use entente_warning::series::{CellKey, Counts, EventRef, Tally};
    let mut tally = Tally::default();
    let series = std::fs::read_to_string(dir.join("series.tsv")).unwrap();
    for line in series.lines().skip(1).filter(|l| !l.is_empty()) {
        let c: Vec<&str> = line.split('\t').collect();
        let key = CellKey {
            layer: c[0].parse().unwrap(),
            country: c[1].parse().unwrap(),
            admin1: c[2].to_string(),
            category: c[3].parse().unwrap(),
        };
        let day = entente_warning::date::Day::parse(c[4]).unwrap();
        tally.add_counts(key, day, Counts { events: c[5].parse().unwrap(), fatalities: c[6].parse().unwrap() });
    }
    #[derive(serde::Deserialize)]
    struct TopLine {
        cell: CellKey,
        week: i32,
        events: Vec<EventRef>,
    }
    let top = std::fs::read_to_string(dir.join("top.jsonl")).unwrap();
    for line in top.lines().filter(|l| !l.trim().is_empty()) {
        let t: TopLine = serde_json::from_str(line).unwrap();
        tally.top.insert((t.cell, t.week), t.events);
    }
    let imported = entente_warning::ingest::Imported {
        fingerprint: "golden".into(),
        content: "c:golden".into(),
        report: entente_warning::ImportReport::new("golden", "acled"),
        event_ids: Default::default(),
        tally,
        links: Vec::new(),
    };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let store = entente_store::Store::connect(url).await.unwrap();
        store.migrate().await.unwrap();
        let actor = entente_store::Actor::system("golden");
        let id = store.begin_event_import("golden", "golden", 0, &actor).await.unwrap();
        let fuser = entente_warning::fusion::Fuser::new(entente_warning::fusion::FusionRule::default());
        store.commit_event_import(id, &imported, &fuser, &actor, "events.imported").await.unwrap();
    });
}
