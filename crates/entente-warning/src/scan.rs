//! The parallel GDELT path: the input is cut into blocks at newline boundaries (memchr), worker
//! threads find the tabs 32 bytes at a time ([`gdelt::split_needed`]), run the same
//! [`gdelt::check`] as the event parser, and count into thread-local counters merged at the end
//! (dense per-week rows when only counting, hash maps keyed by packed integers otherwise).
//! Memory is about `(threads + 4) × BLOCK` bytes of buffers plus the counters (bounded by cells ×
//! days, not by file size).

use std::cmp::Ordering as Order;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread;

use rustc_hash::FxHashMap;

use crate::category::Category;
use crate::country::Iso3;
use crate::date::Day;
use crate::error::{ErrorPolicy, ImportReport, RowError, WarningError};
use crate::event::Event;
use crate::event_ids::IdRanges;
use crate::parse::gdelt::{self, Layout};
use crate::parse::{Format, Tables};
use crate::series::{CellKey, Counts, EventRef, TOP_K, Tally, push_top};

/// Block size handed to one worker.
pub const BLOCK: usize = 8 << 20;

/// Options of a scan.
#[derive(Debug, Clone, Copy)]
pub struct ScanOptions {
    pub threads: usize,
    pub policy: ErrorPolicy,
    /// Also count admin1 cells.
    pub admin1: bool,
    /// Keep the top events per country cell and week.
    pub top: bool,
    /// Build the store tally (daily counters per cell); off for pure counting.
    pub store: bool,
    /// Bytes handed to a worker at a time: [`BLOCK`], or less to test many small blocks.
    pub block: usize,
}

/// Counts of a scan.
pub struct ScanResult {
    pub report: ImportReport,
    /// Daily counts per cell and top events (for the store).
    pub tally: Tally,
    /// Country-level counts per (country, category, week index), straight from the packed keys.
    pub weekly: FxHashMap<(Iso3, Category, i32), u64>,
    /// The `GLOBALEVENTID`s of the rows this scan accepted and did not skip as seen (store scans only).
    pub event_ids: IdRanges,
}

#[inline]
fn pack(day: Day, country: Iso3, cat: Category, admin1: u32) -> u128 {
    (u128::from(day.0 as u32) << 64)
        | (u128::from(admin1) << 32)
        | ((country.index() as u128) << 4)
        | cat.index() as u128
}

fn unpack(k: u128) -> Option<(Day, Iso3, Category, u32)> {
    let day = Day((k >> 64) as u32 as i32);
    let admin1 = (k >> 32) as u32;
    let country = Iso3::from_index(((k as u32) >> 4) as usize)?;
    let cat = *Category::ALL.get((k as u32 & 0xf) as usize)?;
    Some((day, country, cat, admin1))
}

/// Country-level counters of pure counting: per week, one dense row indexed by country slot × 16
/// + category. Much smaller than a map keyed per cell, so the counter updates stay in cache.
struct Weekly {
    /// Slot + 1 per [`Iso3::index`] (0: not seen yet).
    slot: Vec<u16>,
    countries: Vec<Iso3>,
    weeks: FxHashMap<i32, Vec<u64>>,
}

impl Weekly {
    fn new() -> Self {
        Weekly { slot: vec![0; 26 * 26 * 26], countries: Vec::new(), weeks: FxHashMap::default() }
    }

    #[inline]
    fn add(&mut self, week: i32, country: Iso3, cat: Category) {
        let i = country.index();
        let s = match self.slot.get(i) {
            Some(&s) if s != 0 => usize::from(s - 1),
            _ => {
                self.countries.push(country);
                if let Some(e) = self.slot.get_mut(i) {
                    *e = self.countries.len() as u16;
                }
                self.countries.len() - 1
            }
        };
        let row = self.weeks.entry(week).or_default();
        let at = s * 16 + cat.index();
        if row.len() <= at {
            row.resize(self.countries.len() * 16, 0);
        }
        row[at] += 1;
    }
}

struct Worker {
    counts: FxHashMap<u128, Counts>,
    weekly: Weekly,
    admin1_ids: FxHashMap<Box<[u8]>, u32>,
    admin1_names: Vec<Box<[u8]>>,
    top: FxHashMap<(u32, u8, i32), Vec<EventRef>>,
    /// Per block: (index, lines, rows read, rows ok, unlocated, uncategorised, errors with block-relative line).
    blocks: Vec<BlockInfo>,
    /// Event ids of the accepted rows (store scans only).
    ids: Vec<u64>,
}

struct BlockInfo {
    index: usize,
    lines: u64,
    report: ImportReport,
}

/// Count a GDELT stream in parallel.
pub fn scan_gdelt(
    reader: impl Read,
    format: Format,
    file: &str,
    tables: &Tables,
    opts: ScanOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<ScanResult, WarningError> {
    scan_gdelt_unseen(reader, format, file, tables, opts, &IdRanges::default(), progress)
}

/// [`scan_gdelt`], skipping the rows whose `GLOBALEVENTID` is in `seen` (counted by an earlier
/// import; they are reported as `fused`).
pub fn scan_gdelt_unseen(
    reader: impl Read,
    format: Format,
    file: &str,
    tables: &Tables,
    opts: ScanOptions,
    seen: &IdRanges,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<ScanResult, WarningError> {
    let threads = opts.threads.max(1);
    let stop = AtomicBool::new(false);
    let (tx, rx) = sync_channel::<Block>(threads + 1);
    let rx = Arc::new(Mutex::new(rx));
    let (pool_tx, pool_rx) = sync_channel::<Vec<u8>>(threads + 4);
    let workers: Vec<Worker> = thread::scope(|s| -> Result<Vec<Worker>, WarningError> {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let rx = Arc::clone(&rx);
                let pool_tx = pool_tx.clone();
                let stop = &stop;
                s.spawn(move || work(&rx, &pool_tx, stop, format, file, tables, opts, seen))
            })
            .collect();
        drop(pool_tx);
        let fed = feed(reader, opts.block, &tx, &pool_rx, &stop, file, progress);
        drop(tx);
        let mut out = Vec::with_capacity(threads);
        for h in handles {
            out.push(h.join().map_err(|_| WarningError::Format(format!("{file}: a parser thread panicked")))?);
        }
        fed?;
        Ok(out)
    })?;
    merge(workers, format, file, opts)
}

/// A block of whole lines: its index, its buffer and how many bytes of it are valid. Buffers
/// keep their full length when recycled, so they are never zeroed again.
type Block = (usize, Vec<u8>, usize);

fn feed(
    mut reader: impl Read,
    block: usize,
    tx: &std::sync::mpsc::SyncSender<Block>,
    pool: &Receiver<Vec<u8>>,
    stop: &AtomicBool,
    file: &str,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(), WarningError> {
    let mut carry: Vec<u8> = Vec::new();
    let mut index = 0usize;
    let mut total = 0u64;
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        let mut buf = pool.try_recv().unwrap_or_default();
        let start = carry.len();
        let want = block.max(start + 64 * 1024);
        if buf.len() < want {
            buf.resize(want, 0);
        }
        buf[..start].copy_from_slice(&carry);
        carry.clear();
        let mut filled = start;
        let mut eof = false;
        while filled < buf.len() {
            match reader.read(&mut buf[filled..]) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(WarningError::io(file, e)),
            }
        }
        total += (filled - start) as u64;
        progress(total);
        let mut valid = filled;
        if !eof {
            // Cut after the last newline; the tail starts the next block. A block without any
            // newline (a line longer than the block) is carried whole and read on.
            let cut = memchr::memrchr(b'\n', &buf[..filled]).map_or(0, |i| i + 1);
            carry.extend_from_slice(&buf[cut..filled]);
            valid = cut;
        }
        if valid > 0 && tx.send((index, buf, valid)).is_err() {
            return Ok(());
        }
        index += 1;
        if eof {
            return Ok(());
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn work(
    rx: &Mutex<Receiver<Block>>,
    pool: &std::sync::mpsc::SyncSender<Vec<u8>>,
    stop: &AtomicBool,
    format: Format,
    file: &str,
    tables: &Tables,
    opts: ScanOptions,
    seen: &IdRanges,
) -> Worker {
    let mut w = Worker {
        counts: FxHashMap::default(),
        weekly: Weekly::new(),
        admin1_ids: FxHashMap::default(),
        admin1_names: vec![Box::from(&b""[..])],
        top: FxHashMap::default(),
        blocks: Vec::new(),
        ids: Vec::new(),
    };
    w.admin1_ids.insert(Box::from(&b""[..]), 0);
    loop {
        if stop.load(Ordering::Relaxed) {
            return w;
        }
        let next = match rx.lock() {
            Ok(guard) => guard.recv(),
            Err(_) => return w,
        };
        let Ok((index, block, valid)) = next else {
            return w;
        };
        let info = block_scan(&mut w, &block[..valid], index, format, file, tables, opts, seen);
        if !info.report.errors.is_empty() && opts.policy == ErrorPolicy::FailFast {
            stop.store(true, Ordering::Relaxed);
        }
        w.blocks.push(info);
        let _ = pool.try_send(block);
    }
}

#[allow(clippy::too_many_arguments)]
fn block_scan<'a>(
    w: &mut Worker,
    block: &'a [u8],
    index: usize,
    format: Format,
    file: &str,
    tables: &Tables,
    opts: ScanOptions,
    seen: &IdRanges,
) -> BlockInfo {
    let mut report = ImportReport::default();
    let mut storage: [&'a [u8]; gdelt::MAX_FIELDS] = [&b""[..]; gdelt::MAX_FIELDS];
    let mut full: [&'a [u8]; gdelt::MAX_FIELDS] = [&b""[..]; gdelt::MAX_FIELDS];
    // GDELT 1.0's two layouts place the needed fields alike (only SOURCEURL differs).
    let needed = match format {
        Format::Gdelt1 => gdelt::needed_fields(&gdelt::GDELT1_58),
        _ => gdelt::needed_fields(&gdelt::GDELT2),
    };
    let mut pos = 0;
    let mut lines = 0u64;
    let mut row = |line_no: u64, line: &'a [u8]| -> bool {
        if line.is_empty() {
            return true;
        }
        report.rows_read += 1;
        let n = gdelt::split_needed(line, needed, &mut storage);
        let fields = &storage[..n.unwrap_or(0)];
        let layout: Layout = match (format, n) {
            (Format::Gdelt1, Some(n @ (57 | 58))) => gdelt::gdelt1_layout(n),
            (Format::Gdelt1, _) => gdelt::GDELT1_58,
            _ => gdelt::GDELT2,
        };
        let checked = match n {
            None => Err((usize::MAX, format!("more than {} tab-separated columns", gdelt::MAX_FIELDS))),
            Some(n) => gdelt::check(&fields[..n], &layout, &tables.countries, &tables.maps),
        };
        let c = match checked {
            Ok(c) => c,
            Err((col, reason)) => {
                report.rows_skipped += 1;
                if report.errors.len() < ImportReport::MAX_DETAILS {
                    let column = gdelt::column_name(&layout, col).to_string();
                    report.errors.push(RowError { file: file.to_string(), line: line_no, column, reason });
                }
                return opts.policy != ErrorPolicy::FailFast;
            }
        };
        report.rows_ok += 1;
        if opts.store {
            // Checked as a number of at most 18 digits; a negative one names no event to skip.
            if let Ok(id) = std::str::from_utf8(fields[0]).unwrap_or("").parse::<u64>() {
                if seen.contains(id) {
                    report.fused += 1;
                    return true;
                }
                w.ids.push(id);
            }
        }
        let (Some(country), Some(category)) = (c.country, c.category) else {
            report.unlocated += u64::from(c.country.is_none());
            report.uncategorised += u64::from(c.category.is_none());
            return true;
        };
        let one = Counts { events: 1, fatalities: 0 };
        // Pure counting keeps dense weekly rows; the store keeps days.
        if opts.store {
            w.counts.entry(pack(c.day, country, category, 0)).or_default().add(one);
        } else {
            w.weekly.add(c.day.week_index(), country, category);
        }
        if opts.admin1 {
            let adm = fields[layout.geo_adm1];
            if !adm.is_empty() {
                let id = match w.admin1_ids.get(adm) {
                    Some(id) => *id,
                    None => {
                        let id = w.admin1_names.len() as u32;
                        w.admin1_names.push(Box::from(adm));
                        w.admin1_ids.insert(Box::from(adm), id);
                        id
                    }
                };
                w.counts.entry(pack(c.day, country, category, id)).or_default().add(one);
            }
        }
        if opts.top {
            let weight = quick_weight(fields[30], fields[31]);
            let list = w.top.entry((country.index() as u32, category.index() as u8, c.day.week_index())).or_default();
            // Build the reference only if it may enter the list: heavier, or as heavy and not
            // later, than the last one kept (push_top settles the rest by source id).
            let may_enter = |l: &EventRef| l.weight.total_cmp(&weight).then(c.day.cmp(&l.date)) != Order::Greater;
            if list.len() < TOP_K || list.last().is_some_and(may_enter) {
                let Some(n) = gdelt::split(line, &mut full) else {
                    return true;
                };
                let e: Event = gdelt::to_event(&full[..n], &layout, &c, &tables.countries);
                let mut r = EventRef::of(&e);
                r.weight = weight;
                push_top(list, r, TOP_K);
            }
        }
        true
    };
    while pos < block.len() {
        let end = memchr::memchr(b'\n', &block[pos..]).map_or(block.len(), |i| pos + i);
        let mut line = &block[pos..end];
        pos = end + 1;
        lines += 1;
        if let [rest @ .., b'\r'] = line {
            line = rest;
        }
        if !row(lines, line) {
            break;
        }
    }
    BlockInfo { index, lines, report }
}

/// The same ordering as [`Event::weight`] for GDELT rows, read straight from the bytes.
fn quick_weight(goldstein: &[u8], mentions: &[u8]) -> f64 {
    let g: f64 = std::str::from_utf8(goldstein).ok().and_then(|s| s.parse().ok()).unwrap_or(0.0);
    let m: f64 = std::str::from_utf8(mentions).ok().and_then(|s| s.parse().ok()).unwrap_or(0.0);
    (-g).max(0.0) * 10.0 + m.clamp(0.0, 9.0)
}

fn merge(workers: Vec<Worker>, format: Format, file: &str, opts: ScanOptions) -> Result<ScanResult, WarningError> {
    let layer = match format {
        Format::Gdelt1 => crate::event::Source::Gdelt1.layer(),
        _ => crate::event::Source::Gdelt2.layer(),
    };
    let mut report = ImportReport::new(file, format.as_str());
    let mut blocks: Vec<BlockInfo> = Vec::new();
    let mut tally = Tally::default();
    let mut weekly: FxHashMap<(Iso3, Category, i32), u64> = FxHashMap::default();
    let mut ids: Vec<u64> = Vec::new();
    for mut w in workers {
        blocks.extend(w.blocks);
        ids.append(&mut w.ids);
        for (week, row) in w.weekly.weeks {
            for (j, &n) in row.iter().enumerate() {
                if n == 0 {
                    continue;
                }
                let (Some(&country), Some(&category)) = (w.weekly.countries.get(j / 16), Category::ALL.get(j % 16))
                else {
                    continue;
                };
                *weekly.entry((country, category, week)).or_default() += n;
            }
        }
        for (k, c) in w.counts {
            let Some((day, country, category, adm)) = unpack(k) else {
                continue;
            };
            if adm == 0 {
                let week = if opts.store { day.week_index() } else { day.0 };
                *weekly.entry((country, category, week)).or_default() += c.events;
            }
            if !opts.store {
                continue;
            }
            let admin1 =
                w.admin1_names.get(adm as usize).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
            tally.add_counts(CellKey { layer, country, admin1, category }, day, c);
        }
        for ((country, cat, week), refs) in w.top {
            let (Some(country), Some(&category)) =
                (Iso3::from_index(country as usize), Category::ALL.get(usize::from(cat)))
            else {
                continue;
            };
            let list =
                tally.top.entry((CellKey { layer, country, admin1: String::new(), category }, week)).or_default();
            for r in refs {
                push_top(list, r, TOP_K);
            }
        }
    }
    blocks.sort_by_key(|b| b.index);
    let mut offset = 0u64;
    let mut first_error: Option<RowError> = None;
    for b in blocks {
        let mut r = b.report;
        for e in &mut r.errors {
            e.line += offset;
        }
        if first_error.is_none() {
            first_error = r.errors.first().cloned();
        }
        offset += b.lines;
        report.absorb(r);
    }
    if opts.policy == ErrorPolicy::FailFast
        && let Some(e) = first_error
    {
        return Err(WarningError::Row(e));
    }
    Ok(ScanResult { report, tally, weekly, event_ids: IdRanges::from_ids(ids) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_pack_and_unpack() {
        let d = Day::from_ymd(2019, 5, 6).unwrap();
        let c: Iso3 = "ZWE".parse().unwrap();
        for cat in Category::ALL {
            assert_eq!(unpack(pack(d, c, cat, 77)), Some((d, c, cat, 77)));
        }
        let early = Day(-5000);
        assert_eq!(unpack(pack(early, c, Category::Cyber, 0)), Some((early, c, Category::Cyber, 0)));
    }
}
