//! Scoring statistics restricted to what the caller may see.
//!
//! BM25 weighs a term by how many documents hold it (idf) and a field's length against the
//! average length. Computed over the whole index, those figures would depend on items the caller
//! may not see: the score of a visible item for the word "X" would drop as invisible items
//! mentioning "X" are added, and a caller could learn of them from scores or from the order of
//! hits. Here every statistic is counted over the caller's visible items only, so scores, ranking
//! and snippet choice are a function of what the caller may see, nothing else.

use std::collections::HashMap;
use std::sync::Mutex;

use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::{Bm25StatisticsProvider, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader, Term};

/// Number of visible documents and their token counts in each analysed field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Corpus {
    pub docs: u64,
    pub tokens: [u64; 4],
}

/// Counts the documents a (filter) query matches and sums their field lengths.
pub(crate) struct CorpusCollector {
    pub fields: [Field; 4],
}

pub(crate) struct CorpusSegment {
    norms: [Option<FieldNormReader>; 4],
    corpus: Corpus,
}

impl Collector for CorpusCollector {
    type Fruit = Corpus;
    type Child = CorpusSegment;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<CorpusSegment> {
        Ok(CorpusSegment {
            norms: self.fields.map(|f| segment.get_fieldnorms_reader(f).ok()),
            corpus: Corpus::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Corpus>) -> tantivy::Result<Corpus> {
        let mut total = Corpus::default();
        for c in fruits {
            total.docs += c.docs;
            for (t, n) in total.tokens.iter_mut().zip(c.tokens) {
                *t += n;
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for CorpusSegment {
    type Fruit = Corpus;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.corpus.docs += 1;
        for (t, norms) in self.corpus.tokens.iter_mut().zip(&self.norms) {
            if let Some(norms) = norms {
                *t += u64::from(norms.fieldnorm(doc));
            }
        }
    }

    fn harvest(self) -> Corpus {
        self.corpus
    }
}

/// Caches the visible corpus per set of access tokens, for one searcher generation at a time.
#[derive(Default)]
pub(crate) struct CorpusCache {
    generation: u64,
    by_tokens: HashMap<Vec<String>, Corpus>,
}

/// Most token sets remembered per generation (the cache is emptied when it is full).
const CACHE_ENTRIES: usize = 1024;

impl CorpusCache {
    pub fn get_or_compute(
        cache: &Mutex<CorpusCache>,
        searcher: &Searcher,
        tokens: &[String],
        filter: &dyn Query,
        fields: [Field; 4],
    ) -> tantivy::Result<Corpus> {
        let generation = searcher.generation().generation_id();
        if let Ok(c) = cache.lock()
            && c.generation == generation
            && let Some(corpus) = c.by_tokens.get(tokens)
        {
            return Ok(*corpus);
        }
        let corpus = searcher.search(filter, &CorpusCollector { fields })?;
        if let Ok(mut c) = cache.lock() {
            if c.generation != generation || c.by_tokens.len() >= CACHE_ENTRIES {
                c.generation = generation;
                c.by_tokens.clear();
            }
            c.by_tokens.insert(tokens.to_vec(), corpus);
        }
        Ok(corpus)
    }
}

/// BM25 statistics over the documents `filter` lets through.
pub(crate) struct VisibleStatistics<'a> {
    pub searcher: &'a Searcher,
    pub filter: &'a dyn Query,
    pub corpus: Corpus,
    pub fields: [Field; 4],
    pub doc_freqs: Mutex<HashMap<Term, u64>>,
}

impl<'a> VisibleStatistics<'a> {
    pub fn new(searcher: &'a Searcher, filter: &'a dyn Query, corpus: Corpus, fields: [Field; 4]) -> Self {
        VisibleStatistics { searcher, filter, corpus, fields, doc_freqs: Mutex::new(HashMap::new()) }
    }
}

impl Bm25StatisticsProvider for VisibleStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let tokens = self.fields.iter().position(|f| *f == field).map_or(0, |i| self.corpus.tokens[i]);
        Ok(tokens.max(1))
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.corpus.docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        if let Some(n) = self.doc_freqs.lock().ok().and_then(|m| m.get(term).copied()) {
            return Ok(n);
        }
        let both = BooleanQuery::new(vec![
            (Occur::Must, Box::new(TermQuery::new(term.clone(), IndexRecordOption::Basic)) as Box<dyn Query>),
            (Occur::Must, self.filter.box_clone()),
        ]);
        // Never more than the visible total, which BM25's idf requires.
        let n = (self.searcher.search(&both, &Count)? as u64).min(self.corpus.docs);
        if let Ok(mut m) = self.doc_freqs.lock() {
            m.insert(term.clone(), n);
        }
        Ok(n)
    }
}
