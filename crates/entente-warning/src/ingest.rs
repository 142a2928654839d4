//! Import: open a file, tell its format, parse it (GDELT in parallel, the curated formats
//! row by row through fusion) and return the counts to add to the store.

use std::io::Read;
use std::path::Path;

use crate::error::{ErrorPolicy, ImportReport, WarningError};
use crate::event::Event;
use crate::fusion::{Fuser, Outcome};
use crate::input::{self, Input};
use crate::parse::{self, Format, Tables};
use crate::scan::{self, ScanOptions};
use crate::series::Tally;
use crate::store::Store;

/// How to import.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    /// `None`: sniff from the content.
    pub format: Option<Format>,
    pub policy: ErrorPolicy,
    pub threads: usize,
    /// Bytes per block of the parallel GDELT path: [`scan::BLOCK`], or less to test many blocks.
    pub block: usize,
}

/// Counts a reader's bytes for progress.
struct Counting<'a, R> {
    inner: R,
    seen: u64,
    progress: &'a (dyn Fn(u64) + Sync),
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.seen += n as u64;
        if n > 0 && (self.seen >> 22) != ((self.seen - n as u64) >> 22) {
            (self.progress)(self.seen);
        }
        Ok(n)
    }
}

/// Open a file and settle its format (given, or sniffed from the first 64 KiB).
pub fn open_with_format(path: &Path, format: Option<Format>) -> Result<(Input, Format), WarningError> {
    let mut inp = input::open(path)?;
    let (head, reader) = input::peek(inp.reader, 64 * 1024).map_err(|e| WarningError::io(path, e))?;
    inp.reader = reader;
    let f = match format {
        Some(f) => f,
        None => parse::sniff(&head).ok_or_else(|| {
            WarningError::Format(format!(
                "{}: cannot tell the format from the content; pass --format acled|gdelt1|gdelt2|ucdp|report",
                path.display()
            ))
        })?,
    };
    Ok((inp, f))
}

/// Import one file into the store's counters (the caller saves the store).
///
/// Under [`ErrorPolicy::FailFast`] a bad row returns [`WarningError::Row`] and nothing of the file
/// is added. A file imported before (same fingerprint) is refused with [`WarningError::Format`].
pub fn import_file(
    store: &mut Store,
    fuser: &mut Fuser,
    path: &Path,
    tables: &Tables,
    opts: ImportOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<ImportReport, WarningError> {
    let fp = crate::store::fingerprint(path)?;
    if let Some(prev) = store.already_imported(&fp) {
        return Err(WarningError::Format(format!(
            "{}: this file was already imported (as {}, {} rows); nothing was counted twice",
            path.display(),
            prev.report.file,
            prev.report.rows_ok
        )));
    }
    let (inp, format) = open_with_format(path, opts.format)?;
    let name = inp.name.clone();
    let (report, tally, links) = match format {
        Format::Gdelt1 | Format::Gdelt2 => {
            let so = ScanOptions {
                threads: opts.threads,
                policy: opts.policy,
                admin1: true,
                top: true,
                store: true,
                block: opts.block,
            };
            let r = scan::scan_gdelt(inp.reader, format, &name, tables, so, progress)?;
            (r.report, r.tally, Vec::new())
        }
        _ => {
            let reader = Counting { inner: inp.reader, seen: 0, progress };
            fuse_and_count(format, reader, &name, tables, opts.policy, store, fuser)?
        }
    };
    store.add(tally, crate::store::ImportRecord { fingerprint: fp, report: report.clone() });
    // Name the other sources on the counted incident's references (one pass over the top lists).
    if !links.is_empty() {
        let mut by_ref: rustc_hash::FxHashMap<(crate::event::Source, String, i32), Vec<String>> =
            rustc_hash::FxHashMap::default();
        for l in links {
            by_ref.entry((l.source, l.source_id, l.week)).or_default().push(l.tag);
        }
        for ((_, w), refs) in store.tally.top.iter_mut() {
            for r in refs.iter_mut() {
                if let Some(tags) = by_ref.get(&(r.source, r.source_id.clone(), *w)) {
                    for t in tags {
                        if !r.also_reported_by.contains(t) {
                            r.also_reported_by.push(t.clone());
                        }
                    }
                }
            }
        }
    }
    Ok(report)
}

/// A link made by fusion: the counted incident's first report, its week, and the linked `source:id`.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub source: crate::event::Source,
    pub source_id: String,
    pub week: i32,
    pub tag: String,
}

/// Parse a curated stream, fuse each event with the stored incidents and count new incidents.
pub fn fuse_and_count(
    format: Format,
    reader: impl Read,
    file: &str,
    tables: &Tables,
    policy: ErrorPolicy,
    store: &Store,
    fuser: &mut Fuser,
) -> Result<(ImportReport, Tally, Vec<Link>), WarningError> {
    let mut tally = Tally::default();
    let mut fused = 0u64;
    let mut links = Vec::new();
    let mut sink = |e: Event| -> Result<(), WarningError> {
        if let Some(c) = e.country {
            store.load_incidents(fuser, c)?;
        }
        let snapshot = e.clone();
        match fuser.offer(e) {
            Outcome::New(_) | Outcome::Unfusable => tally.count(&snapshot, &[]),
            Outcome::Linked { incident, .. } => {
                fused += 1;
                let inc = &fuser.incidents[incident];
                links.push(Link {
                    source: inc.event.source,
                    source_id: inc.event.source_id.clone(),
                    week: inc.event.date.week_index(),
                    tag: format!("{}:{}", snapshot.source, snapshot.source_id),
                });
            }
            Outcome::Known(_) => fused += 1,
        }
        Ok(())
    };
    let mut report = parse::parse_stream(format, reader, file, tables, policy, &mut sink)?;
    report.fused = fused;
    Ok((report, tally, links))
}
