//! Date parsing: no panic, and every parsed date prints back to a string that parses to itself.
#![no_main]

use entente_warning::date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Some(d) = date::parse(s) {
        assert_eq!(date::parse(&d.to_string()), Some(d));
        let w = d.iso_week();
        assert!((1..=53).contains(&w.week));
    }
});
