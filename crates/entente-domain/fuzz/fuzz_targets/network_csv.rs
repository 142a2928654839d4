//! Any bytes given to the network CSV importer, as each of the four files it tells apart by their
//! header (network, sizes, groupings, formats): no panic; every error names a line of the file;
//! an accepted network file exports and reads back to the same periods.
#![no_main]

use entente_domain::registry::framework_roles;
use entente_domain::registry::import::{
    self, FileKind, ImportError, parse_formats, parse_groupings, parse_network, parse_sizes,
};
use libfuzzer_sys::fuzz_target;

/// Lines of the file as a reader counts them: every `\n`, and every `\r` not before a `\n`, ends one.
fn physical_lines(data: &[u8]) -> u64 {
    let breaks = data
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && data.get(i + 1) != Some(&b'\n')))
        .count();
    breaks as u64 + 1
}

fn check_lines(data: &[u8], errors: &[ImportError]) {
    let last = physical_lines(data);
    assert!(!errors.is_empty(), "a refused file says why");
    for e in errors {
        // The line after the last one is named when a header has no rows below it.
        assert!(e.line >= 1 && e.line <= last + 1, "line {} of a {last}-line file: {e}", e.line);
    }
}

fuzz_target!(|data: &[u8]| {
    let roles = framework_roles();
    match import::detect(data) {
        Ok(kind) => assert_eq!(import::sniff(data), Some(kind)),
        Err(e) => check_lines(data, &[e]),
    }
    // Every parser sees every input, whatever its header says.
    match parse_network(data, &roles) {
        Ok(file) => {
            assert_eq!(file.memberships.len(), file.lines.len());
            assert!(file.memberships.iter().all(|m| file.nations.iter().any(|n| n.code == m.nation)));
            if import::sniff(data) == Some(FileKind::Network) {
                let csv = import::write_network_csv(&file.nations, &file.memberships).expect("export");
                let again = parse_network(csv.as_bytes(), &roles).expect("an export reads back");
                assert_eq!(again.memberships, file.memberships);
            }
        }
        Err(errors) => check_lines(data, &errors),
    }
    if let Err(errors) = parse_sizes(data) {
        check_lines(data, &errors);
    }
    if let Err(errors) = parse_groupings(data) {
        check_lines(data, &errors);
    }
    if let Err(errors) = parse_formats(data) {
        check_lines(data, &errors);
    }
});
