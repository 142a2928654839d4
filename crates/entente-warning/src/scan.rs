//! The parallel GDELT path: the input is cut into blocks at newline boundaries, worker threads
//! split rows on tabs (memchr), run the same [`gdelt::check`] as the event parser, and count into
//! thread-local hash maps that are merged at the end. Memory is `(threads + 2) × BLOCK` bytes of
//! buffers plus the counters (bounded by cells × days, not by file size).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread;

use crate::category::Category;
use crate::country::Iso3;
use crate::date::Day;
use crate::error::{ErrorPolicy, ImportReport, RowError, WarningError};
use crate::event::Event;
use crate::parse::gdelt::{self, Layout};
use crate::parse::{Format, Tables};
use crate::series::{CellKey, Counts, EventRef, TOP_K, Tally, push_top};

/// Block size handed to one worker.
pub const BLOCK: usize = 8 << 20;

/// A small, fast multiplicative hasher for the packed counter keys.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u128(&mut self, v: u128) {
        self.write_u64(v as u64);
        self.write_u64((v >> 64) as u64);
    }
}

type Fx = BuildHasherDefault<FxHasher>;

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
}

/// Counts of a scan.
pub struct ScanResult {
    pub report: ImportReport,
    /// Daily counts per cell and top events (for the store).
    pub tally: Tally,
    /// Country-level counts per (country, category, week index), straight from the packed keys.
    pub weekly: HashMap<(Iso3, Category, i32), u64>,
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

struct Worker {
    counts: HashMap<u128, Counts, Fx>,
    admin1_ids: HashMap<Box<[u8]>, u32>,
    admin1_names: Vec<Box<[u8]>>,
    top: HashMap<(u32, u8, i32), Vec<EventRef>, Fx>,
    /// Per block: (index, lines, rows read, rows ok, unlocated, uncategorised, errors with block-relative line).
    blocks: Vec<BlockInfo>,
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
    let threads = opts.threads.max(1);
    let stop = AtomicBool::new(false);
    let (tx, rx) = sync_channel::<(usize, Vec<u8>)>(threads + 1);
    let rx = Arc::new(Mutex::new(rx));
    let (pool_tx, pool_rx) = sync_channel::<Vec<u8>>(threads + 4);
    let workers: Vec<Worker> =
        thread::scope(|s| -> Result<Vec<Worker>, WarningError> {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    let rx = Arc::clone(&rx);
                    let pool_tx = pool_tx.clone();
                    let stop = &stop;
                    s.spawn(move || work(&rx, &pool_tx, stop, format, file, tables, opts))
                })
                .collect();
            drop(pool_tx);
            let fed = feed(reader, &tx, &pool_rx, &stop, file, progress);
            drop(tx);
            let mut out = Vec::with_capacity(threads);
            for h in handles {
                out.push(h.join().map_err(|_| {
                    WarningError::Format(format!("{file}: a parser thread panicked"))
                })?);
            }
            fed?;
            Ok(out)
        })?;
    merge(workers, format, file, opts)
}

fn feed(
    mut reader: impl Read,
    tx: &std::sync::mpsc::SyncSender<(usize, Vec<u8>)>,
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
        let mut buf = pool
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(BLOCK + 64 * 1024));
        buf.clear();
        buf.extend_from_slice(&carry);
        carry.clear();
        let start = buf.len();
        buf.resize(BLOCK.max(start + 64 * 1024), 0);
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
        buf.truncate(filled);
        if !eof {
            // Cut after the last newline; the tail starts the next block.
            match memchr::memrchr(b'\n', &buf) {
                Some(i) => {
                    carry.extend_from_slice(&buf[i + 1..]);
                    buf.truncate(i + 1);
                }
                None => continue_with_longer_line(&mut carry, &mut buf),
            }
        }
        if !buf.is_empty() && tx.send((index, buf)).is_err() {
            return Ok(());
        }
        index += 1;
        if eof {
            return Ok(());
        }
    }
}

/// A block with no newline at all (a line longer than the block): keep reading it.
fn continue_with_longer_line(carry: &mut Vec<u8>, buf: &mut Vec<u8>) {
    carry.append(buf);
}

fn work(
    rx: &Mutex<Receiver<(usize, Vec<u8>)>>,
    pool: &std::sync::mpsc::SyncSender<Vec<u8>>,
    stop: &AtomicBool,
    format: Format,
    file: &str,
    tables: &Tables,
    opts: ScanOptions,
) -> Worker {
    let mut w = Worker {
        counts: HashMap::default(),
        admin1_ids: HashMap::new(),
        admin1_names: vec![Box::from(&b""[..])],
        top: HashMap::default(),
        blocks: Vec::new(),
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
        let Ok((index, block)) = next else { return w };
        let info = block_scan(&mut w, &block, index, format, file, tables, opts);
        if !info.report.errors.is_empty() && opts.policy == ErrorPolicy::FailFast {
            stop.store(true, Ordering::Relaxed);
        }
        w.blocks.push(info);
        let _ = pool.try_send(block);
    }
}

const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const ONES: u64 = 0x0101_0101_0101_0101;

/// High bit of each byte set where the byte of `x` is zero (exact, no false positives).
#[inline(always)]
fn zero_bytes(x: u64) -> u64 {
    !((x & LO7).wrapping_add(LO7) | x | LO7)
}

/// Gather the high bits of the 8 bytes into an 8-bit mask (byte i → bit i).
#[inline(always)]
fn gather(h: u64) -> u64 {
    ((h >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// Bit masks of the tabs and newlines in a 64-byte chunk, eight bytes at a time (SWAR).
#[inline]
fn masks(chunk: &[u8; 64]) -> (u64, u64) {
    let mut tabs = 0u64;
    let mut newlines = 0u64;
    for (i, word) in chunk.chunks_exact(8).enumerate() {
        let mut b = [0u8; 8];
        b.copy_from_slice(word);
        let v = u64::from_le_bytes(b);
        tabs |= gather(zero_bytes(v ^ (ONES * u64::from(b'\t')))) << (8 * i);
        newlines |= gather(zero_bytes(v ^ (ONES * u64::from(b'\n')))) << (8 * i);
    }
    (tabs, newlines)
}

/// Split a block into lines and fields in one pass over 64-byte chunks, calling `row` with the
/// 1-based line number, the line, and its fields (`None` when there are more than 61).
pub fn for_each_row<'a>(
    block: &'a [u8],
    mut row: impl FnMut(u64, &'a [u8], Option<&[&'a [u8]]>) -> bool,
) -> u64 {
    let mut fields = [&b""[..]; gdelt::MAX_FIELDS];
    let mut nf = 0usize;
    let mut overflow = false;
    let mut field_start = 0usize;
    let mut line_start = 0usize;
    let mut line_no = 0u64;
    let len = block.len();
    let mut cs = 0usize;
    while cs < len {
        let (tabs, newlines) = match block
            .get(cs..cs + 64)
            .and_then(|c| <&[u8; 64]>::try_from(c).ok())
        {
            Some(chunk) => masks(chunk),
            None => {
                let mut pad = [0u8; 64];
                pad[..len - cs].copy_from_slice(&block[cs..]);
                masks(&pad)
            }
        };
        let mut m = tabs | newlines;
        while m != 0 {
            let bit = m.trailing_zeros();
            m &= m - 1;
            let p = cs + bit as usize;
            if (newlines >> bit) & 1 == 1 {
                line_no += 1;
                let mut end = p;
                if end > line_start && block[end - 1] == b'\r' {
                    end -= 1;
                }
                if end > line_start || nf > 0 {
                    let line = &block[line_start..end];
                    let ok = if overflow {
                        row(line_no, line, None)
                    } else {
                        fields[nf] = &block[field_start.min(end)..end];
                        row(line_no, line, Some(&fields[..nf + 1]))
                    };
                    if !ok {
                        return line_no;
                    }
                }
                nf = 0;
                overflow = false;
                field_start = p + 1;
                line_start = p + 1;
            } else if nf < gdelt::MAX_FIELDS - 1 {
                fields[nf] = &block[field_start..p];
                nf += 1;
                field_start = p + 1;
            } else {
                overflow = true;
                field_start = p + 1;
            }
        }
        cs += 64;
    }
    if line_start < len {
        line_no += 1;
        let mut end = len;
        if block[end - 1] == b'\r' {
            end -= 1;
        }
        let line = &block[line_start..end];
        if overflow {
            row(line_no, line, None);
        } else {
            fields[nf] = &block[field_start.min(end)..end];
            row(line_no, line, Some(&fields[..nf + 1]));
        }
    }
    line_no
}

fn block_scan(
    w: &mut Worker,
    block: &[u8],
    index: usize,
    format: Format,
    file: &str,
    tables: &Tables,
    opts: ScanOptions,
) -> BlockInfo {
    let mut report = ImportReport::default();
    let lines = for_each_row(block, |line_no, line, fields| {
        if line.is_empty() {
            return true;
        }
        report.rows_read += 1;
        let n = fields.map(<[&[u8]]>::len);
        let fields = fields.unwrap_or(&[]);
        let layout: Layout = match (format, n) {
            (Format::Gdelt1, Some(n @ (57 | 58))) => gdelt::gdelt1_layout(n),
            (Format::Gdelt1, _) => gdelt::GDELT1_58,
            _ => gdelt::GDELT2,
        };
        let checked = match n {
            None => Err((
                usize::MAX,
                format!("more than {} tab-separated columns", gdelt::MAX_FIELDS),
            )),
            Some(n) => gdelt::check(&fields[..n], &layout, &tables.countries, &tables.maps),
        };
        let c = match checked {
            Ok(c) => c,
            Err((col, reason)) => {
                report.rows_skipped += 1;
                if report.errors.len() < ImportReport::MAX_DETAILS {
                    let column = gdelt::column_name(&layout, col).to_string();
                    report.errors.push(RowError {
                        file: file.to_string(),
                        line: line_no,
                        column,
                        reason,
                    });
                }
                return opts.policy != ErrorPolicy::FailFast;
            }
        };
        report.rows_ok += 1;
        let (Some(country), Some(category)) = (c.country, c.category) else {
            report.unlocated += u64::from(c.country.is_none());
            report.uncategorised += u64::from(c.category.is_none());
            return true;
        };
        let one = Counts {
            events: 1,
            fatalities: 0,
        };
        // Pure counting keys by week (fewer keys, smaller maps); the store keeps days.
        let key_day = if opts.store {
            c.day
        } else {
            Day(c.day.week_index())
        };
        w.counts
            .entry(pack(key_day, country, category, 0))
            .or_default()
            .add(one);
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
                w.counts
                    .entry(pack(c.day, country, category, id))
                    .or_default()
                    .add(one);
            }
        }
        if opts.top {
            let n = n.unwrap_or(0);
            let weight = quick_weight(fields[30], fields[31]);
            let list = w
                .top
                .entry((
                    country.index() as u32,
                    category.index() as u8,
                    c.day.week_index(),
                ))
                .or_default();
            if list.len() < TOP_K || list.last().is_some_and(|l| l.weight < weight) {
                let e: Event = gdelt::to_event(&fields[..n], &layout, &c, &tables.countries);
                let mut r = EventRef::of(&e);
                r.weight = weight;
                push_top(list, r, TOP_K);
            }
        }
        true
    });
    BlockInfo {
        index,
        lines,
        report,
    }
}

/// The same ordering as [`Event::weight`] for GDELT rows, read straight from the bytes.
fn quick_weight(goldstein: &[u8], mentions: &[u8]) -> f64 {
    let g: f64 = std::str::from_utf8(goldstein)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.0);
    let m: f64 = std::str::from_utf8(mentions)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.0);
    (-g).max(0.0) * 10.0 + m.clamp(0.0, 9.0)
}

fn merge(
    workers: Vec<Worker>,
    format: Format,
    file: &str,
    opts: ScanOptions,
) -> Result<ScanResult, WarningError> {
    let layer = match format {
        Format::Gdelt1 => crate::event::Source::Gdelt1.layer(),
        _ => crate::event::Source::Gdelt2.layer(),
    };
    let mut report = ImportReport::new(file, format.as_str());
    let mut blocks: Vec<BlockInfo> = Vec::new();
    let mut tally = Tally::default();
    let mut weekly: HashMap<(Iso3, Category, i32), u64> = HashMap::new();
    for w in workers {
        blocks.extend(w.blocks);
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
            let admin1 = w
                .admin1_names
                .get(adm as usize)
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default();
            tally.add_counts(
                CellKey {
                    layer,
                    country,
                    admin1,
                    category,
                },
                day,
                c,
            );
        }
        for ((country, cat, week), refs) in w.top {
            let (Some(country), Some(&category)) = (
                Iso3::from_index(country as usize),
                Category::ALL.get(usize::from(cat)),
            ) else {
                continue;
            };
            let list = tally
                .top
                .entry((
                    CellKey {
                        layer,
                        country,
                        admin1: String::new(),
                        category,
                    },
                    week,
                ))
                .or_default();
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
    Ok(ScanResult {
        report,
        tally,
        weekly,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_find_every_tab_and_newline() {
        let mut chunk = [b'a'; 64];
        for (i, c) in [
            (0, b'\t'),
            (7, b'\n'),
            (8, b'\t'),
            (9, b'\t'),
            (63, b'\n'),
            (31, 0x89),
            (32, 0x0a ^ 0x80),
        ] {
            chunk[i] = c;
        }
        let (t, n) = masks(&chunk);
        assert_eq!(t, (1 << 0) | (1 << 8) | (1 << 9));
        assert_eq!(n, (1 << 7) | (1 << 63));
        for b in 0..=255u8 {
            let (t, n) = masks(&[b; 64]);
            assert_eq!(t, if b == b'\t' { u64::MAX } else { 0 });
            assert_eq!(n, if b == b'\n' { u64::MAX } else { 0 });
        }
    }

    #[test]
    fn rows_split_like_the_line_splitter() {
        let text = b"a\tb\tc\n\nd\r\n\te\t\nlast\tx";
        let mut got = Vec::new();
        let lines = for_each_row(text, |n, line, f| {
            got.push((
                n,
                line.to_vec(),
                f.map(|f| f.iter().map(|x| x.to_vec()).collect::<Vec<_>>()),
            ));
            true
        });
        assert_eq!(lines, 5);
        type Row = (u64, Vec<u8>, Option<Vec<Vec<u8>>>);
        let want: Vec<Row> = vec![
            (
                1,
                b"a\tb\tc".to_vec(),
                Some(vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]),
            ),
            (3, b"d".to_vec(), Some(vec![b"d".to_vec()])),
            (
                4,
                b"\te\t".to_vec(),
                Some(vec![b"".to_vec(), b"e".to_vec(), b"".to_vec()]),
            ),
            (
                5,
                b"last\tx".to_vec(),
                Some(vec![b"last".to_vec(), b"x".to_vec()]),
            ),
        ];
        assert_eq!(got, want);
        let long = [vec![b'\t'; 61], b"\nok\n".to_vec()].concat();
        let mut seen = Vec::new();
        for_each_row(&long, |n, _, f| {
            seen.push((n, f.map(<[&[u8]]>::len)));
            true
        });
        assert_eq!(seen, [(1, None), (2, Some(1))]);
    }

    #[test]
    fn keys_pack_and_unpack() {
        let d = Day::from_ymd(2019, 5, 6).unwrap();
        let c: Iso3 = "ZWE".parse().unwrap();
        for cat in Category::ALL {
            assert_eq!(unpack(pack(d, c, cat, 77)), Some((d, c, cat, 77)));
        }
        let early = Day(-5000);
        assert_eq!(
            unpack(pack(early, c, Category::Cyber, 0)),
            Some((early, c, Category::Cyber, 0))
        );
    }
}
