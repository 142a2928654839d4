//! Errors, and the report of what an import read, skipped and why.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// One rejected row: where it is and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub file: String,
    /// 1-based physical line number in the (decompressed) input.
    pub line: u64,
    /// The column's name in the source's codebook (or `row` for whole-row problems).
    pub column: String,
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: column {}: {}", self.file, self.line, self.column, self.reason)
    }
}

/// What to do with a bad row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorPolicy {
    /// Stop the import at the first bad row; nothing from the file is kept.
    FailFast,
    /// Skip bad rows, count them, and report the first [`ImportReport::MAX_DETAILS`] in detail.
    SkipAndReport,
}

/// What one input file gave.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub file: String,
    pub format: String,
    pub rows_read: u64,
    pub rows_ok: u64,
    pub rows_skipped: u64,
    /// Accepted rows with no country (e.g. GDELT events geocoded to an ocean or not at all).
    pub unlocated: u64,
    /// Accepted rows whose event type maps to no challenge category.
    pub uncategorised: u64,
    /// Rows linked to an incident another source (or an earlier import) already reported.
    pub fused: u64,
    /// The first bad rows, in file order.
    pub errors: Vec<RowError>,
}

impl ImportReport {
    pub const MAX_DETAILS: usize = 100;

    pub fn new(file: &str, format: &str) -> ImportReport {
        ImportReport { file: file.to_string(), format: format.to_string(), ..ImportReport::default() }
    }

    /// Record a bad row (kept in detail up to [`ImportReport::MAX_DETAILS`]).
    pub fn skip(&mut self, e: RowError) {
        self.rows_skipped += 1;
        if self.errors.len() < Self::MAX_DETAILS {
            self.errors.push(e);
        }
    }

    /// Add another report's counts (a chunk of the same file, or another file).
    pub fn absorb(&mut self, other: ImportReport) {
        self.rows_read += other.rows_read;
        self.rows_ok += other.rows_ok;
        self.rows_skipped += other.rows_skipped;
        self.unlocated += other.unlocated;
        self.uncategorised += other.uncategorised;
        self.fused += other.fused;
        for e in other.errors {
            if self.errors.len() < Self::MAX_DETAILS {
                self.errors.push(e);
            }
        }
    }
}

/// Errors of the engine.
#[derive(Debug, thiserror::Error)]
pub enum WarningError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A bad row under [`ErrorPolicy::FailFast`].
    #[error("bad row at {0}")]
    Row(RowError),
    /// The input is not in the format it claims (or no format could be recognised).
    #[error("{0}")]
    Format(String),
    /// A mapping or reference table is malformed.
    #[error("table: {0}")]
    Table(String),
    /// The event store is unreadable or inconsistent.
    #[error("store: {0}")]
    Store(String),
}

impl WarningError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> WarningError {
        WarningError::Io { path: path.into(), source }
    }

    /// True when the error is the input's fault (bad file, bad row, bad table) rather than a failure.
    pub fn is_bad_input(&self) -> bool {
        matches!(self, WarningError::Row(_) | WarningError::Format(_) | WarningError::Table(_))
    }
}
