//! Any bytes given to the CSV input parser, cut into its five files at `\x00` bytes
//! (activities, requests, nations, memberships, people; missing parts are absent files): no panic,
//! and bad input is an error naming its file.
#![no_main]

use entente_allocation::input::{self, CsvFiles, LoadError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|b| *b == 0);
    let files = CsvFiles {
        activities: parts.next(),
        requests: parts.next(),
        nations: parts.next(),
        memberships: parts.next(),
        people: parts.next(),
    };
    match input::parse_csv(&files) {
        Ok(inst) => {
            assert!(inst.requests.iter().all(|r| r.nation < inst.nations.len() && r.activity < inst.activities.len()));
            assert!(inst.requests.iter().all(|r| r.usable <= r.seats));
        }
        Err(LoadError::Invalid(errors)) => {
            assert!(!errors.is_empty());
            assert!(errors.iter().all(|e| e.at.contains(".csv") && !e.message.is_empty()));
        }
        Err(LoadError::Syntax(message)) => assert!(message.contains(".csv"), "{message}"),
        Err(LoadError::Io { .. }) => panic!("parsing bytes does no I/O"),
    }
});
