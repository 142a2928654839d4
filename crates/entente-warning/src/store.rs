//! The file-based event store (until the product's database takes over). One directory:
//!
//! | file | content |
//! |---|---|
//! | `series.tsv` | daily counters: `layer, country, admin1, category, day, events, fatalities` |
//! | `top.jsonl` | per cell and ISO week, the most severe contributing events (references) |
//! | `incidents/<ISO3>.jsonl` | fused curated incidents (ACLED, UCDP, reports) with every source's provenance |
//! | `imports.jsonl` | one line per imported file: fingerprint and report |
//!
//! Every write goes to a temporary file first and is renamed into place, so a crash leaves the
//! previous version of each file. Importing adds to the counters; nothing rereads earlier inputs.
//! A file whose fingerprint (size + hash of its first and last MiB) was imported before is refused.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::category::Category;
use crate::country::Iso3;
use crate::date::Day;
use crate::error::{ImportReport, WarningError};
use crate::event::Layer;
use crate::fusion::{Fuser, Incident};
use crate::series::{CellKey, Counts, EventRef, TOP_K, Tally, push_top};

/// A record of one import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportRecord {
    pub fingerprint: String,
    pub report: ImportReport,
}

#[derive(Debug, Serialize, Deserialize)]
struct TopLine {
    cell: CellKey,
    week: i32,
    events: Vec<EventRef>,
}

/// The store, loaded in memory (counters and top events; incidents per country on demand).
#[derive(Debug, Default)]
pub struct Store {
    pub dir: PathBuf,
    pub tally: Tally,
    pub imports: Vec<ImportRecord>,
}

fn store_err(path: &Path, e: impl std::fmt::Display) -> WarningError {
    WarningError::Store(format!("{}: {e}", path.display()))
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn write_atomic(path: &Path, f: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>) -> Result<(), WarningError> {
    let tmp = path.with_extension("tmp");
    let file = File::create(&tmp).map_err(|e| WarningError::io(&tmp, e))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    f(&mut w).map_err(|e| WarningError::io(&tmp, e))?;
    let file = w.into_inner().map_err(|e| WarningError::io(&tmp, e.into_error()))?;
    file.sync_all().map_err(|e| WarningError::io(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| WarningError::io(path, e))
}

/// A cheap identity for an input file: its size and an FNV-1a hash of its first and last MiB.
pub fn fingerprint(path: &Path) -> Result<String, WarningError> {
    let err = |e| WarningError::io(path, e);
    let mut f = File::open(path).map_err(err)?;
    let len = f.metadata().map_err(err)?.len();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut buf = vec![0u8; 1 << 20];
    let mut eat = |f: &mut File, h: &mut u64| -> Result<(), WarningError> {
        let n = f.read(&mut buf).map_err(err)?;
        for &b in &buf[..n] {
            *h = (*h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        Ok(())
    };
    eat(&mut f, &mut h)?;
    if len > 2 << 20 {
        f.seek(SeekFrom::Start(len - (1 << 20))).map_err(err)?;
        eat(&mut f, &mut h)?;
    }
    Ok(format!("{len}-{h:016x}"))
}

impl Store {
    /// Open (or create) a store directory.
    pub fn open(dir: &Path) -> Result<Store, WarningError> {
        fs::create_dir_all(dir.join("incidents")).map_err(|e| WarningError::io(dir, e))?;
        let mut s = Store { dir: dir.to_path_buf(), ..Store::default() };
        s.load_series()?;
        s.load_top()?;
        let p = dir.join("imports.jsonl");
        if p.exists() {
            for (i, line) in BufReader::new(File::open(&p).map_err(|e| WarningError::io(&p, e))?).lines().enumerate() {
                let line = line.map_err(|e| WarningError::io(&p, e))?;
                if line.trim().is_empty() {
                    continue;
                }
                s.imports.push(serde_json::from_str(&line).map_err(|e| store_err(&p, format!("line {}: {e}", i + 1)))?);
            }
        }
        Ok(s)
    }

    fn load_series(&mut self) -> Result<(), WarningError> {
        let p = self.dir.join("series.tsv");
        if !p.exists() {
            return Ok(());
        }
        let f = File::open(&p).map_err(|e| WarningError::io(&p, e))?;
        for (i, line) in BufReader::with_capacity(1 << 20, f).lines().enumerate() {
            let line = line.map_err(|e| WarningError::io(&p, e))?;
            if i == 0 || line.is_empty() {
                continue;
            }
            let bad = |what: &str| store_err(&p, format!("line {}: bad {what}", i + 1));
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() != 7 {
                return Err(bad("column count"));
            }
            let key = CellKey {
                layer: c[0].parse::<Layer>().map_err(|_| bad("layer"))?,
                country: c[1].parse::<Iso3>().map_err(|_| bad("country"))?,
                admin1: c[2].to_string(),
                category: c[3].parse::<Category>().map_err(|_| bad("category"))?,
            };
            let day = Day::parse(c[4]).ok_or_else(|| bad("day"))?;
            let counts = Counts {
                events: c[5].parse().map_err(|_| bad("events"))?,
                fatalities: c[6].parse().map_err(|_| bad("fatalities"))?,
            };
            self.tally.add_counts(key, day, counts);
        }
        Ok(())
    }

    fn load_top(&mut self) -> Result<(), WarningError> {
        let p = self.dir.join("top.jsonl");
        if !p.exists() {
            return Ok(());
        }
        let f = File::open(&p).map_err(|e| WarningError::io(&p, e))?;
        for (i, line) in BufReader::with_capacity(1 << 20, f).lines().enumerate() {
            let line = line.map_err(|e| WarningError::io(&p, e))?;
            if line.trim().is_empty() {
                continue;
            }
            let t: TopLine = serde_json::from_str(&line).map_err(|e| store_err(&p, format!("line {}: {e}", i + 1)))?;
            self.tally.top.insert((t.cell, t.week), t.events);
        }
        Ok(())
    }

    /// Was a file with this fingerprint imported already?
    pub fn already_imported(&self, fingerprint: &str) -> Option<&ImportRecord> {
        self.imports.iter().find(|r| r.fingerprint == fingerprint)
    }

    /// Load the stored incidents of a country into the fuser (once).
    pub fn load_incidents(&self, fuser: &mut Fuser, country: Iso3) -> Result<(), WarningError> {
        if fuser.loaded.contains(&country) {
            return Ok(());
        }
        let p = self.dir.join("incidents").join(format!("{country}.jsonl"));
        let mut list = Vec::new();
        if p.exists() {
            let f = File::open(&p).map_err(|e| WarningError::io(&p, e))?;
            for (i, line) in BufReader::new(f).lines().enumerate() {
                let line = line.map_err(|e| WarningError::io(&p, e))?;
                if line.trim().is_empty() {
                    continue;
                }
                list.push(
                    serde_json::from_str::<Incident>(&line)
                        .map_err(|e| store_err(&p, format!("line {}: {e}", i + 1)))?,
                );
            }
        }
        fuser.load(country, list);
        Ok(())
    }

    /// Add an import's counts and top events, and remember the file.
    pub fn add(&mut self, tally: Tally, record: ImportRecord) {
        self.tally.merge(tally);
        self.imports.push(record);
    }

    /// Write everything back (counters, top events, import log, changed incident files).
    pub fn save(&self, fuser: Option<&Fuser>) -> Result<(), WarningError> {
        if let Some(f) = fuser {
            for c in &f.dirty {
                let p = self.dir.join("incidents").join(format!("{c}.jsonl"));
                write_atomic(&p, |w| {
                    for inc in f.of_country(*c) {
                        serde_json::to_writer(&mut *w, inc)?;
                        w.write_all(b"\n")?;
                    }
                    Ok(())
                })?;
            }
        }
        let sorted: BTreeMap<&CellKey, &BTreeMap<Day, Counts>> = self.tally.days.iter().collect();
        write_atomic(&self.dir.join("series.tsv"), |w| {
            w.write_all(b"layer\tcountry\tadmin1\tcategory\tday\tevents\tfatalities\n")?;
            for (k, days) in sorted {
                let admin1 = clean(&k.admin1);
                for (d, c) in days {
                    writeln!(
                        w,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        k.layer.as_str(),
                        k.country,
                        admin1,
                        k.category,
                        d,
                        c.events,
                        c.fatalities
                    )?;
                }
            }
            Ok(())
        })?;
        let top: BTreeMap<(&CellKey, i32), &Vec<EventRef>> =
            self.tally.top.iter().map(|((k, w), v)| ((k, *w), v)).collect();
        write_atomic(&self.dir.join("top.jsonl"), |w| {
            for ((cell, week), events) in top {
                let line = TopLine { cell: cell.clone(), week, events: events.clone() };
                serde_json::to_writer(&mut *w, &line)?;
                w.write_all(b"\n")?;
            }
            Ok(())
        })?;
        write_atomic(&self.dir.join("imports.jsonl"), |w| {
            for r in &self.imports {
                serde_json::to_writer(&mut *w, r)?;
                w.write_all(b"\n")?;
            }
            Ok(())
        })
    }

    /// The latest day with any count.
    pub fn last_day(&self) -> Option<Day> {
        self.tally.days.values().filter_map(|d| d.keys().next_back()).max().copied()
    }

    /// Top events of a cell in a week; for admin1 cells without their own list, the country
    /// cell's events in that admin1.
    pub fn top_events(&self, cell: &CellKey, week: i32) -> Vec<EventRef> {
        if let Some(v) = self.tally.top.get(&(cell.clone(), week)) {
            return v.clone();
        }
        let mut out = Vec::new();
        if let Some(v) = self.tally.top.get(&(cell.country_level(), week)) {
            for r in v.iter().filter(|r| r.admin1 == cell.admin1) {
                push_top(&mut out, r.clone(), TOP_K);
            }
        }
        out
    }

    /// How many cells (all levels) the store counts.
    pub fn cells(&self) -> usize {
        self.tally.days.len()
    }

    /// Remove an incomplete temporary file left by a crash (the committed files are untouched).
    pub fn clean_temporaries(&self) -> Result<(), WarningError> {
        let mut dirs = vec![self.dir.clone(), self.dir.join("incidents")];
        while let Some(d) = dirs.pop() {
            for entry in fs::read_dir(&d).map_err(|e| WarningError::io(&d, e))? {
                let p = entry.map_err(|e| WarningError::io(&d, e))?.path();
                if p.extension().is_some_and(|x| x == "tmp") {
                    fs::remove_file(&p).map_err(|e| WarningError::io(&p, e))?;
                }
            }
        }
        Ok(())
    }
}
