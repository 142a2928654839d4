//! The parallel GDELT counter and the event parser must agree on any input: same rows accepted,
//! same rows rejected (at the same lines), same counts.
#![no_main]

use std::sync::OnceLock;

use entente_warning::error::ErrorPolicy;
use entente_warning::parse::{self, Format, Tables};
use entente_warning::scan::{self, ScanOptions};
use entente_warning::series::Tally;
use libfuzzer_sys::fuzz_target;

static TABLES: OnceLock<Option<Tables>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some(tables) = TABLES.get_or_init(|| Tables::embedded().ok()) else { return };
    let mut seq = Tally::default();
    let Ok(r) = parse::parse_stream(Format::Gdelt2, data, "fuzz", tables, ErrorPolicy::SkipAndReport, &mut |e| {
        seq.count(&e, &[]);
        Ok(())
    }) else {
        return;
    };
    let so = ScanOptions {
        threads: 2,
        policy: ErrorPolicy::SkipAndReport,
        admin1: true,
        top: false,
        store: true,
        block: scan::BLOCK,
    };
    let Ok(s) = scan::scan_gdelt(data, Format::Gdelt2, "fuzz", tables, so, &|_| {}) else { return };
    assert_eq!(s.report.rows_read, r.rows_read);
    assert_eq!(s.report.rows_ok, r.rows_ok);
    let a: Vec<u64> = s.report.errors.iter().map(|e| e.line).collect();
    let b: Vec<u64> = r.errors.iter().map(|e| e.line).collect();
    assert_eq!(a, b);
    assert_eq!(s.tally.days, seq.days);
});
