//! Import: open a file, tell its format, parse it (GDELT in parallel, the curated formats
//! row by row through fusion) and return what the file adds, for the caller to store.

use std::io::Read;
use std::path::Path;

use crate::error::{ErrorPolicy, ImportReport, WarningError};
use crate::event::Event;
use crate::fusion::{Fuser, Outcome};
use crate::input::{self, Input};
use crate::parse::{self, Format, Tables};
use crate::scan::{self, ScanOptions};
use crate::series::{CellKey, EventRef, Tally};
use crate::store::Incidents;

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

/// Hashes what is read through it: the content of a file after decompression, so that the same
/// data is known again whether it comes plain, gzipped or zipped, under any name.
struct Hashing<R> {
    inner: R,
    hasher: std::sync::Arc<std::sync::Mutex<sha2::Sha256>>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            use sha2::Digest;
            let mut h = self.hasher.lock().map_err(|_| std::io::Error::other("the content hash was poisoned"))?;
            h.update(&buf[..n]);
        }
        Ok(n)
    }
}

/// The content fingerprint of a SHA-256 digest: `c:` and its first 62 hexadecimal digits (so that
/// it fits the 64 characters of a file fingerprint).
fn content_fingerprint(digest: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(2 + 2 * digest.len());
    s.push_str("c:");
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s.truncate(64);
    s
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
                "{}: cannot tell the format from the content; name it: acled, gdelt1, gdelt2, ucdp or report",
                path.display()
            ))
        })?,
    };
    Ok((inp, f))
}

/// What one file adds: its report and fingerprint, the counts and top events of the incidents it
/// brings, and the sources fusion linked to incidents counted before. The fused incidents created
/// or changed are in the [`Fuser`] (its `dirty` countries).
#[derive(Debug, Clone)]
pub struct Imported {
    pub fingerprint: String,
    /// The fingerprint of the content after decompression (`c:` and SHA-256 digits): the same
    /// data imported again as another file, or compressed otherwise, is known by it.
    pub content: String,
    pub report: ImportReport,
    /// The GDELT `GLOBALEVENTID`s this import counted (empty for the other formats, whose
    /// events fusion matches by id instead).
    pub event_ids: crate::event_ids::IdRanges,
    pub tally: Tally,
    pub links: Vec<Link>,
}

/// Parse one file (the caller refuses a fingerprint seen before and stores the result).
///
/// Under [`ErrorPolicy::FailFast`] a bad row returns [`WarningError::Row`] and nothing of the file
/// is returned.
pub fn import_file(
    fuser: &mut Fuser,
    incidents: &dyn Incidents,
    path: &Path,
    tables: &Tables,
    opts: ImportOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Imported, WarningError> {
    import_file_unseen(fuser, incidents, path, tables, opts, &|_| Ok(crate::event_ids::IdRanges::default()), progress)
}

/// [`import_file`], skipping the GDELT events whose `GLOBALEVENTID` earlier imports of the same
/// format counted (`seen` gives them, once the file's format is known): they are reported as
/// `fused`, and not counted again.
pub fn import_file_unseen(
    fuser: &mut Fuser,
    incidents: &dyn Incidents,
    path: &Path,
    tables: &Tables,
    opts: ImportOptions,
    seen: &dyn Fn(Format) -> Result<crate::event_ids::IdRanges, WarningError>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Imported, WarningError> {
    let fingerprint = crate::store::fingerprint(path)?;
    let (mut inp, format) = open_with_format(path, opts.format)?;
    let name = inp.name.clone();
    let hasher = std::sync::Arc::new(std::sync::Mutex::new(<sha2::Sha256 as sha2::Digest>::new()));
    inp.reader = Box::new(Hashing { inner: inp.reader, hasher: hasher.clone() });
    let mut event_ids = crate::event_ids::IdRanges::default();
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
            let seen = seen(format)?;
            let r = scan::scan_gdelt_unseen(inp.reader, format, &name, tables, so, &seen, progress)?;
            event_ids = r.event_ids;
            (r.report, r.tally, Vec::new())
        }
        _ => {
            let reader = Counting { inner: inp.reader, seen: 0, progress };
            fuse_and_count(format, reader, &name, tables, opts.policy, incidents, fuser)?
        }
    };
    let content = {
        let h = hasher.lock().map_err(|_| WarningError::Format(format!("{name}: the content hash was poisoned")))?;
        content_fingerprint(&sha2::Digest::finalize(h.clone()))
    };
    Ok(Imported { fingerprint, content, report, event_ids, tally, links })
}

/// A link made by fusion: the counted incident's first report, its cells and week, and the
/// linked `source:id` to name on its top-event references.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub source: crate::event::Source,
    pub source_id: String,
    pub cells: Vec<CellKey>,
    pub week: i32,
    pub tag: String,
}

impl Link {
    /// Name the linked source on the incident's reference in a top list, if it is there.
    pub fn name_on(&self, refs: &mut [EventRef]) -> bool {
        let mut changed = false;
        for r in refs.iter_mut().filter(|r| r.source == self.source && r.source_id == self.source_id) {
            if !r.also_reported_by.contains(&self.tag) {
                r.also_reported_by.push(self.tag.clone());
                changed = true;
            }
        }
        changed
    }
}

/// Parse a curated stream, fuse each event with the stored incidents and count new incidents.
pub fn fuse_and_count(
    format: Format,
    reader: impl Read,
    file: &str,
    tables: &Tables,
    policy: ErrorPolicy,
    incidents: &dyn Incidents,
    fuser: &mut Fuser,
) -> Result<(ImportReport, Tally, Vec<Link>), WarningError> {
    let mut tally = Tally::default();
    let mut fused = 0u64;
    let mut links = Vec::new();
    let mut sink = |e: Event| -> Result<(), WarningError> {
        if let Some(c) = e.country
            && !fuser.loaded.contains(&c)
        {
            fuser.load(c, incidents.incidents(c)?);
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
                    cells: Tally::cells_of(&inc.event),
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
