//! The crate's one error type.

use std::path::PathBuf;

/// Everything that can go wrong in indexing or searching. Bad input from a caller or a user is
/// reported here, never by a panic.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// A document to index is malformed (the field and the reason are named).
    #[error("document {kind}/{id}: {field} {problem}")]
    BadDocument { kind: String, id: String, field: &'static str, problem: String },
    /// A kind or id given to `delete` is malformed.
    #[error("{field} {problem}")]
    BadKey { field: &'static str, problem: String },
    /// The query text is longer than a search accepts.
    #[error("the search text is too long: at most {max_chars} characters and {max_words} words")]
    QueryTooLong { max_chars: usize, max_words: usize },
    /// The paging cursor was not produced by this index, or points too deep.
    #[error("the paging cursor '{0}' is not valid")]
    BadCursor(String),
    /// The directory holds an index written with another schema (an older version of this crate):
    /// rebuild it from the store.
    #[error("the search index in {dir} was built with another schema; rebuild it")]
    IncompatibleIndex { dir: PathBuf },
    /// The directory could not be created or opened.
    #[error("cannot open the search index directory {dir}: {message}")]
    Directory { dir: PathBuf, message: String },
    /// Another writer (in this process or another) holds the index lock.
    #[error("the search index is locked by another writer")]
    Locked,
    /// A lock inside this process was poisoned by a panic in another thread.
    #[error("the search index writer is unusable after a panic in another thread")]
    Poisoned,
    /// The underlying index failed (I/O, corruption).
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
}

pub type Result<T, E = SearchError> = std::result::Result<T, E>;
