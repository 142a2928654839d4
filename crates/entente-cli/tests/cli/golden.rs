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
    let o = Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(args)
        .current_dir(dir)
        .env("ENTENTE_LOG", "warn")
        .output()
        .unwrap();
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
    // The store is copied: opening one may create its incidents directory.
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    copy_dir(&golden_dir().join("events/store"), &store);
    let s = store.to_str().unwrap();
    let mut problems = Vec::new();
    for lang in ["en", "fr"] {
        let base = ["events", "detect", "--store", s, "--weeks", "12", "--lang", lang];
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
            problems.extend(check(&format!("events/out/{name}-{lang}.txt"), &run(&args, tmp.path())));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
