//! The parallel GDELT counter and the event parser must agree on any input: same rows accepted,
//! same rows rejected (at the same lines), same counts. The one-sweep line splitter of the
//! counter must cut and split lines exactly as cutting at `\n` (dropping one trailing `\r`) and
//! splitting each line alone, on the whole input and on both sides of any cut (block edges).
#![no_main]

use std::sync::OnceLock;

use entente_warning::error::ErrorPolicy;
use entente_warning::parse::gdelt::{self, MAX_FIELDS, Sweep};
use entente_warning::parse::{self, Format, Tables};
use entente_warning::scan::{self, ScanOptions};
use entente_warning::series::Tally;
use libfuzzer_sys::fuzz_target;

static TABLES: OnceLock<Option<Tables>> = OnceLock::new();

type Line<'a> = (Option<usize>, &'a [u8], Vec<&'a [u8]>);

fn one_by_one(block: &[u8], needed: u64) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < block.len() {
        let end = block[pos..].iter().position(|&b| b == b'\n').map_or(block.len(), |i| pos + i);
        let mut line = &block[pos..end];
        pos = end + 1;
        if let [rest @ .., b'\r'] = line {
            line = rest;
        }
        let mut f = [&b"?"[..]; MAX_FIELDS];
        let n = gdelt::split_needed(line, needed, &mut f);
        let kept = (0..n.unwrap_or(0)).filter(|i| needed >> i & 1 == 1).map(|i| f[i]).collect();
        out.push((n, line, kept));
    }
    out
}

fn swept(block: &[u8], needed: u64) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut sweep = Sweep::new(block);
    let mut f = [&b"?"[..]; MAX_FIELDS];
    while let Some((n, line)) = sweep.next_line(needed, &mut f) {
        let kept = (0..n.unwrap_or(0)).filter(|i| needed >> i & 1 == 1).map(|i| f[i]).collect();
        out.push((n, line, kept));
    }
    out
}

fuzz_target!(|data: &[u8]| {
    // The line splitter, with the counter's field set and one taken from the input.
    let cut = data.first().map_or(0, |&b| usize::from(b) * data.len() / 256);
    let own = data.iter().take(8).fold(0u64, |m, &b| m << 8 | u64::from(b)) >> 3;
    for needed in [gdelt::needed_fields(&gdelt::GDELT2), own] {
        for block in [data, &data[..cut], &data[cut..]] {
            assert_eq!(swept(block, needed), one_by_one(block, needed));
        }
    }

    let Some(tables) = TABLES.get_or_init(|| Tables::embedded().ok()) else { return };
    let mut seq = Tally::default();
    let Ok(r) = parse::parse_stream(Format::Gdelt2, data, "fuzz", tables, ErrorPolicy::SkipAndReport, &mut |e| {
        seq.count(&e, &[]);
        Ok(())
    }) else {
        return;
    };
    let so = ScanOptions { threads: 2, policy: ErrorPolicy::SkipAndReport, admin1: true, top: false, store: true };
    let Ok(s) = scan::scan_gdelt(data, Format::Gdelt2, "fuzz", tables, so, &|_| {}) else { return };
    assert_eq!(s.report.rows_read, r.rows_read);
    assert_eq!(s.report.rows_ok, r.rows_ok);
    let a: Vec<u64> = s.report.errors.iter().map(|e| e.line).collect();
    let b: Vec<u64> = r.errors.iter().map(|e| e.line).collect();
    assert_eq!(a, b);
    assert_eq!(s.tally.days, seq.days);
});
