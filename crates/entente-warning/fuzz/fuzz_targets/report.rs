//! Any bytes given to the report parser: no panic, and every accepted row is a complete event.
#![no_main]

use std::sync::OnceLock;

use entente_warning::error::ErrorPolicy;
use entente_warning::parse::{self, Format, Tables};
use libfuzzer_sys::fuzz_target;

static TABLES: OnceLock<Option<Tables>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some(tables) = TABLES.get_or_init(|| Tables::embedded().ok()) else { return };
    let mut accepted = 0u64;
    let result = parse::parse_stream(Format::Report, data, "fuzz", tables, ErrorPolicy::SkipAndReport, &mut |e| {
        assert!(!e.source_id.is_empty());
        accepted += 1;
        Ok(())
    });
    if let Ok(report) = result {
        assert_eq!(report.rows_ok, accepted);
        assert_eq!(report.rows_ok + report.rows_skipped, report.rows_read);
    }
});
