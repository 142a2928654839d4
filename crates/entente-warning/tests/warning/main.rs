//! Integration tests of the detection engine: importers on generated and hand-made files,
//! round-trips, fusion through the import path, detection end to end.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod detect_flow;
mod import;
mod roundtrip;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use entente_warning::country::CountryTables;
use entente_warning::date::Day;
use entente_warning::generate::{self, Catalogue, GenOptions};
use entente_warning::parse::{Format, Tables};

static N: AtomicUsize = AtomicUsize::new(0);

/// A fresh directory for one test.
pub fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "entente-warning-it-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub fn tables() -> Tables {
    Tables::embedded().unwrap()
}

pub fn catalogue() -> Catalogue {
    Catalogue::new(&CountryTables::embedded().unwrap()).unwrap()
}

/// Generate a file in memory.
pub fn generated(format: Format, rows: u64, seed: u64) -> Vec<u8> {
    let o = GenOptions { format, rows, seed, first_day: Day::from_ymd(2020, 1, 6).unwrap(), days: 700, threads: 2 };
    let mut out = Vec::new();
    generate::generate(&mut out, &catalogue(), &o, &|_| {}).unwrap();
    out
}
