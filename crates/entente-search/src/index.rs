//! The search index: a tantivy index in a directory (or in memory), one writer, fresh readers.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{Datelike, NaiveDate};
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{Bm25StatisticsProvider, BooleanQuery, ConstScoreQuery, Occur, Query as TantivyQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, TantivyDocument, TantivyError, Term};

use crate::analysis::{self, WordSplitter};
use crate::doc::{self, Lang, SearchDoc};
use crate::error::{Result, SearchError};
use crate::query::{self, Hit, MAX_LIMIT, MAX_OFFSET, Query, Results};
use crate::schema::{self, Fields};
use crate::snippet::Snippets;
use crate::stats::{CorpusCache, VisibleStatistics};

/// How the index writer works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Indexing threads (each builds its own segments).
    pub writer_threads: usize,
    /// Memory for all indexing threads together, in bytes; at least 15 MB per thread.
    pub writer_memory_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
        Options { writer_threads: threads, writer_memory_bytes: threads * 64 * 1024 * 1024 }
    }
}

struct Writer {
    writer: IndexWriter<TantivyDocument>,
    uncommitted: usize,
}

struct Inner {
    reader: IndexReader,
    writer: Mutex<Writer>,
    fields: Fields,
    corpus_cache: Mutex<CorpusCache>,
    /// Cloned for each search (building its stop-word sets anew would cost more).
    splitter: WordSplitter,
}

/// A full-text index of the items of a deployment, searched under the caller's access tokens.
///
/// Cheap to clone and `Send + Sync`: clones share one writer (behind a mutex) and one reader.
/// Every method blocks on disk and CPU work; from async code call it inside
/// `tokio::task::spawn_blocking`. Changes (`upsert`, `delete`) are staged and become visible
/// to searches when `commit` returns; commit in batches (see [`SearchIndex::commit_if_at_least`]).
#[derive(Clone)]
pub struct SearchIndex {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").finish_non_exhaustive()
    }
}

fn locked(e: TantivyError) -> SearchError {
    match e {
        TantivyError::LockFailure(..) => SearchError::Locked,
        e => SearchError::Index(e),
    }
}

impl SearchIndex {
    /// Opens the index in `dir`, creating the directory and an empty index if needed.
    pub fn open(dir: impl AsRef<Path>) -> Result<SearchIndex> {
        Self::open_with(dir, Options::default())
    }

    /// [`SearchIndex::open`] with writer options.
    pub fn open_with(dir: impl AsRef<Path>, options: Options) -> Result<SearchIndex> {
        let dir = dir.as_ref();
        let dir_error = |message: String| SearchError::Directory { dir: PathBuf::from(dir), message };
        std::fs::create_dir_all(dir).map_err(|e| dir_error(e.to_string()))?;
        let directory = MmapDirectory::open(dir).map_err(|e| dir_error(e.to_string()))?;
        let (schema, fields) = schema::build();
        let exists = Index::exists(&directory).map_err(|e| dir_error(e.to_string()))?;
        let index = if exists {
            let index = Index::open(directory)?;
            if index.schema() != schema {
                return Err(SearchError::IncompatibleIndex { dir: PathBuf::from(dir) });
            }
            index
        } else {
            Index::create(directory, schema, tantivy::IndexSettings::default())?
        };
        Self::from_index(index, fields, options)
    }

    /// A new, empty index held in memory (tests, tools).
    pub fn in_memory() -> Result<SearchIndex> {
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        Self::from_index(index, fields, Options { writer_threads: 1, writer_memory_bytes: 32 * 1024 * 1024 })
    }

    fn from_index(index: Index, fields: Fields, options: Options) -> Result<SearchIndex> {
        analysis::register(index.tokenizers());
        let threads = options.writer_threads.max(1);
        let writer = index.writer_with_num_threads(threads, options.writer_memory_bytes).map_err(locked)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex {
            inner: Arc::new(Inner {
                reader,
                writer: Mutex::new(Writer { writer, uncommitted: 0 }),
                fields,
                corpus_cache: Mutex::new(CorpusCache::default()),
                splitter: WordSplitter::new(),
            }),
        })
    }

    fn writer(&self) -> Result<MutexGuard<'_, Writer>> {
        self.inner.writer.lock().map_err(|_| SearchError::Poisoned)
    }

    fn document(&self, d: &SearchDoc) -> TantivyDocument {
        let f = &self.inner.fields;
        let title = doc::truncate(&d.title, doc::MAX_TEXT_BYTES);
        let body = doc::truncate(&d.body, doc::MAX_TEXT_BYTES);
        let mut out = TantivyDocument::default();
        let key = doc::key(&d.kind, &d.id);
        out.add_u64(f.tiebreak, schema::tiebreak(&key));
        out.add_text(f.key, key);
        out.add_text(f.kind, &d.kind);
        out.add_text(f.id, &d.id);
        out.add_text(f.lang, doc::lang_code(d.lang));
        if let Some(date) = d.date {
            out.add_i64(f.date, i64::from(date.num_days_from_ce()));
        }
        out.add_text(f.title, title);
        out.add_text(f.body, body);
        if doc::indexes_english(d.lang) {
            out.add_text(f.title_en, title);
            out.add_text(f.body_en, body);
        }
        if doc::indexes_french(d.lang) {
            out.add_text(f.title_fr, title);
            out.add_text(f.body_fr, body);
        }
        let mut readers: Vec<&str> = d.readers.iter().map(String::as_str).collect();
        readers.sort_unstable();
        readers.dedup();
        for r in readers {
            out.add_text(f.readers, r);
        }
        out
    }

    /// Stages `docs`, each replacing any item of the same kind and id. Every document is checked
    /// first: if one is malformed, none is staged. Later documents of the batch win over earlier
    /// ones with the same kind and id.
    pub fn upsert(&self, docs: &[SearchDoc]) -> Result<()> {
        for d in docs {
            d.validate()?;
        }
        let prepared: Vec<(Term, TantivyDocument)> = docs
            .iter()
            .map(|d| (Term::from_field_text(self.inner.fields.key, &doc::key(&d.kind, &d.id)), self.document(d)))
            .collect();
        let mut w = self.writer()?;
        for (key, document) in prepared {
            w.writer.delete_term(key);
            w.writer.add_document(document)?;
            w.uncommitted += 1;
        }
        Ok(())
    }

    /// Stages the removal of the item `kind`/`id` (nothing happens if there is none).
    pub fn delete(&self, kind: &str, id: &str) -> Result<()> {
        doc::check_kind(kind).map_err(|problem| SearchError::BadKey { field: "kind", problem })?;
        doc::check_id(id).map_err(|problem| SearchError::BadKey { field: "id", problem })?;
        let mut w = self.writer()?;
        w.writer.delete_term(Term::from_field_text(self.inner.fields.key, &doc::key(kind, id)));
        w.uncommitted += 1;
        Ok(())
    }

    /// Number of staged changes not yet committed.
    pub fn uncommitted(&self) -> Result<usize> {
        Ok(self.writer()?.uncommitted)
    }

    /// Makes every staged change durable and visible to searches started after this returns.
    pub fn commit(&self) -> Result<()> {
        let mut w = self.writer()?;
        w.writer.commit()?;
        w.uncommitted = 0;
        self.inner.reader.reload()?;
        Ok(())
    }

    /// Commits when at least `batch` changes are staged; tells whether it did. An indexing loop
    /// calls this after each change and `commit` when it runs out of work.
    pub fn commit_if_at_least(&self, batch: usize) -> Result<bool> {
        let mut w = self.writer()?;
        if w.uncommitted == 0 || w.uncommitted < batch {
            return Ok(false);
        }
        w.writer.commit()?;
        w.uncommitted = 0;
        self.inner.reader.reload()?;
        Ok(true)
    }

    /// Stages the removal of every item (a rebuild from the store follows, then `commit`).
    pub fn clear(&self) -> Result<()> {
        let mut w = self.writer()?;
        w.writer.delete_all_documents()?;
        w.uncommitted += 1;
        Ok(())
    }

    /// Number of items in the committed index.
    pub fn len(&self) -> u64 {
        self.inner.reader.searcher().num_docs()
    }

    /// Whether the committed index holds no item.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Kind and id of every committed item a caller holding `readers` may find, sorted (checks
    /// and tests: "what search can reveal" compared with "what the store lets the caller open").
    pub fn visible_keys(&self, readers: &[String]) -> Result<Vec<(String, String)>> {
        if readers.is_empty() {
            return Ok(Vec::new());
        }
        let f = &self.inner.fields;
        let searcher = self.inner.reader.searcher();
        let found = searcher.search(Self::any_of(f.readers, readers).as_ref(), &tantivy::collector::DocSetCollector)?;
        let mut out = Vec::with_capacity(found.len());
        for address in found {
            let d: TantivyDocument = searcher.doc(address)?;
            let text_of = |field| d.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            out.push((text_of(f.kind), text_of(f.id)));
        }
        out.sort();
        Ok(out)
    }

    /// Drops every change staged since the last commit.
    pub fn rollback(&self) -> Result<()> {
        let mut w = self.writer()?;
        w.writer.rollback()?;
        w.uncommitted = 0;
        Ok(())
    }

    fn any_of(field: tantivy::schema::Field, values: &[String]) -> Box<dyn TantivyQuery> {
        let clauses = values
            .iter()
            .map(|v| {
                let q: Box<dyn TantivyQuery> =
                    Box::new(TermQuery::new(Term::from_field_text(field, v), IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }

    /// Searches the items the caller may see. See the crate documentation for the guarantees.
    pub fn search(&self, q: &Query) -> Result<Results> {
        let offset = query::decode_cursor(q.offset_cursor.as_deref())?;
        let limit = q.limit.min(MAX_LIMIT);
        let parts = query::parse(&q.text, &mut self.inner.splitter.clone())?;
        let f = &self.inner.fields;
        let Some(text) = query::text_query(&parts, f) else { return Ok(Results::empty()) };

        let mut readers: Vec<String> = q.readers.clone();
        readers.sort_unstable();
        readers.dedup();
        if readers.is_empty() {
            return Ok(Results::empty());
        }
        // Nothing the caller may not see is matched, scored, counted or snippeted: the access
        // filter is a required clause of the one query every figure below comes from, and the
        // scoring statistics are counted under the same filter.
        let visible: Box<dyn TantivyQuery> = Self::any_of(f.readers, &readers);
        // Matching clauses score a constant 0, so the score is exactly the ordered sum.
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = vec![
            (Occur::Must, Box::new(ConstScoreQuery::new(visible.box_clone(), 0.0))),
            (Occur::Must, Box::new(ConstScoreQuery::new(text.matching, 0.0))),
            (Occur::Must, Box::new(text.scoring)),
        ];
        if let Some(kinds) = &q.kinds {
            if kinds.is_empty() {
                return Ok(Results::empty());
            }
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Self::any_of(f.kind, kinds), 0.0))));
        }
        let full = BooleanQuery::new(clauses);

        let searcher: Searcher = self.inner.reader.searcher();
        let corpus =
            CorpusCache::get_or_compute(&self.inner.corpus_cache, &searcher, &readers, visible.as_ref(), f.analysed())?;
        if corpus.docs == 0 {
            return Ok(Results::empty());
        }
        let stats = VisibleStatistics::new(&searcher, visible.as_ref(), corpus, f.analysed());

        let (top, total) = if limit == 0 {
            (Vec::new(), searcher.search(&full, &Count)?)
        } else {
            let by_score_then_key =
                (SortBySimilarityScore, (SortByStaticFastValue::<u64>::for_field(schema::TIEBREAK), Order::Asc));
            let top = TopDocs::with_limit(limit).and_offset(offset).order_by(by_score_then_key);
            let (top, total) = searcher.search_with_statistics_provider(&full, &(top, Count), &stats)?;
            (top.into_iter().map(|((score, _key), address)| (score, address)).collect(), total)
        };
        let total = total as u64;

        let mut weighted = Vec::with_capacity(text.body_terms.len());
        for (field, term) in &text.body_terms {
            let df = stats.doc_freq(&Term::from_field_text(*field, term))?;
            weighted.push((*field, term.clone(), 1.0 / (1.0 + df as f32)));
        }
        let snippets = Snippets::new(&weighted, f.body_en, f.body_fr);

        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let d: TantivyDocument = searcher.doc(address)?;
            let text_of = |field| d.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let lang = Lang::parse(&text_of(f.lang));
            let body = text_of(f.body);
            hits.push(Hit {
                kind: text_of(f.kind),
                id: text_of(f.id),
                title: text_of(f.title),
                snippet: snippets.of(&body, doc::indexes_english(lang), doc::indexes_french(lang)),
                score,
                date: d
                    .get_first(f.date)
                    .and_then(|v| v.as_i64())
                    .and_then(|days| i32::try_from(days).ok())
                    .and_then(NaiveDate::from_num_days_from_ce_opt),
            });
        }
        let next = offset + hits.len();
        let next_cursor =
            (limit > 0 && (next as u64) < total && next <= MAX_OFFSET).then(|| query::encode_cursor(next));
        Ok(Results { total, hits, next_cursor })
    }
}
