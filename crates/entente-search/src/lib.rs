//! Full-text search over the items a caller may see: meetings, agenda items, statements, records,
//! documents. English and French stemming, accent folding, phrases, snippets, paging.
//!
//! Access control is the product. Each item is indexed with the access tokens of its readers
//! (computed by the caller from the item's releasability marking, see [`tokens`]); each search
//! carries the caller's tokens. The index matches, scores, counts and snippets only items that
//! share a token with the caller: the token filter is a required clause of the one query that
//! produces hits and total, and BM25 statistics are counted over the caller's visible items only,
//! so not even a score or the order of hits depends on an item the caller may not see.
//!
//! ```
//! use entente_search::{Lang, Query, SearchDoc, SearchIndex};
//!
//! let index = SearchIndex::in_memory()?;
//! index.upsert(&[SearchDoc {
//!     kind: "statement".into(),
//!     id: "7".into(),
//!     title: "Déclaration sur la sécurité maritime".into(),
//!     body: "Les menaces en Méditerranée appellent des consultations régulières.".into(),
//!     lang: Some(Lang::Fr),
//!     date: None,
//!     readers: vec!["staff".into(), "nation:EGY".into()],
//! }])?;
//! index.commit()?;
//! let found = index.search(&Query::new("menace securite", ["public", "nation:EGY"]))?;
//! assert_eq!(found.total, 1);
//! assert!(found.hits[0].snippet.contains("<mark>menaces</mark>"));
//! let hidden = index.search(&Query::new("menace securite", ["public", "nation:FIN"]))?;
//! assert_eq!(hidden.total, 0);
//! # Ok::<(), entente_search::SearchError>(())
//! ```

pub mod analysis;
mod doc;
mod error;
mod index;
mod query;
mod schema;
mod scoring;
pub mod snippet;
mod stats;
pub mod tokens;

pub use doc::{Lang, MAX_ID_BYTES, MAX_KIND_BYTES, MAX_READERS, MAX_TEXT_BYTES, MAX_TOKEN_BYTES, SearchDoc};
pub use error::{Result, SearchError};
pub use index::{Options, SearchIndex};
pub use query::{DEFAULT_LIMIT, Hit, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS, MAX_QUERY_WORDS, Query, Results};
