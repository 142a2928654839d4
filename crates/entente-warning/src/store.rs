//! What detection reads, held in memory: the daily counters per cell and the top contributing
//! events per cell and week ([`Store`]), and the seam through which an import reaches the fused
//! incidents kept by the product's database ([`Incidents`]).
//!
//! The engine keeps nothing on disk itself. An import ([`crate::ingest::import_file`]) returns
//! what the file adds — counts, top events, incidents created or changed, links made by fusion
//! ([`crate::ingest::Imported`]) — and the caller writes that in one transaction (the product's
//! `entente-store` crate, `warning.rs`), so a crash leaves the data exactly as before the import.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::country::Iso3;
use crate::error::WarningError;
use crate::fusion::Incident;
use crate::ingest::Imported;
use crate::series::{CellKey, EventRef, TOP_K, Tally, push_top};

/// Where the fused incidents of earlier imports are read from, one country at a time.
pub trait Incidents {
    fn incidents(&self, country: Iso3) -> Result<Vec<Incident>, WarningError>;
}

/// No earlier incidents (a first import, a test, a count without storing).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoIncidents;

impl Incidents for NoIncidents {
    fn incidents(&self, _: Iso3) -> Result<Vec<Incident>, WarningError> {
        Ok(Vec::new())
    }
}

/// Counters and top events in memory, as detection reads them.
#[derive(Debug, Default, Clone)]
pub struct Store {
    pub tally: Tally,
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
    /// Add what an import brought: its counts and top events, and the sources fusion linked to
    /// incidents already counted (named on their top-event references).
    pub fn apply(&mut self, imported: &Imported) {
        self.tally.merge(imported.tally.clone());
        for l in &imported.links {
            for cell in &l.cells {
                if let Some(refs) = self.tally.top.get_mut(&(cell.clone(), l.week)) {
                    l.name_on(refs);
                }
            }
        }
    }

    /// The latest day with any count.
    pub fn last_day(&self) -> Option<crate::date::Day> {
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
}

/// Incidents held in memory per country (tests, benchmarks, a one-off run).
impl Incidents for std::collections::HashMap<Iso3, Vec<Incident>> {
    fn incidents(&self, country: Iso3) -> Result<Vec<Incident>, WarningError> {
        Ok(self.get(&country).cloned().unwrap_or_default())
    }
}

/// Keep the incidents an import created or changed (what the database does in its transaction).
pub fn keep_incidents(fuser: &crate::fusion::Fuser, into: &mut std::collections::HashMap<Iso3, Vec<Incident>>) {
    for c in &fuser.dirty {
        into.insert(*c, fuser.of_country(*c).cloned().collect());
    }
}
