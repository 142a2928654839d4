//! A score that is a function of the caller's visible items only, to the last bit.
//!
//! tantivy's conjunctions sum their clauses' scores in order of posting-list length, and its
//! unions reorder clauses as they run out of postings. Both orders depend on every item in the
//! index, visible or not, and floating-point sums depend on their order: the last bits of a score
//! would tell something about items the caller may not see. Here matching is left to tantivy
//! (under a constant score of 0) and the score comes from [`OrderedSum`]: the sum, in the order
//! the clauses were written, of the scores of the clauses a document matches. Each clause's own
//! score depends only on the document and on statistics counted over visible items
//! ([`crate::stats`]).

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// Matches any of its clauses; scores the sum of the matching clauses' scores, in order.
#[derive(Debug)]
pub(crate) struct OrderedSum {
    clauses: Vec<Box<dyn Query>>,
}

impl OrderedSum {
    pub fn new(clauses: Vec<Box<dyn Query>>) -> Self {
        OrderedSum { clauses }
    }
}

impl Clone for OrderedSum {
    fn clone(&self) -> Self {
        OrderedSum { clauses: self.clauses.iter().map(|c| c.box_clone()).collect() }
    }
}

impl Query for OrderedSum {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self.clauses.iter().map(|c| c.weight(enable_scoring)).collect::<tantivy::Result<_>>()?;
        Ok(Box::new(OrderedSumWeight { weights }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for c in &self.clauses {
            c.query_terms(visitor);
        }
    }
}

struct OrderedSumWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for OrderedSumWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorers = self.weights.iter().map(|w| w.scorer(reader, boost)).collect::<tantivy::Result<Vec<_>>>()?;
        let doc = scorers.iter().map(|s| s.doc()).min().unwrap_or(TERMINATED);
        Ok(Box::new(OrderedSumScorer { scorers, doc }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!("document #{doc} does not match")));
        }
        let mut explanation = Explanation::new("sum of the matching clauses, in order", scorer.score());
        for w in &self.weights {
            if let Ok(e) = w.explain(reader, doc) {
                explanation.add_detail(e);
            }
        }
        Ok(explanation)
    }
}

/// A union of scorers; every scorer stays at or after the current document.
struct OrderedSumScorer {
    scorers: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl OrderedSumScorer {
    fn settle(&mut self) -> DocId {
        self.doc = self.scorers.iter().map(|s| s.doc()).min().unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for OrderedSumScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let current = self.doc;
        for s in &mut self.scorers {
            if s.doc() == current {
                s.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for s in &mut self.scorers {
            if s.doc() < target {
                s.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers.iter().map(|s| s.size_hint()).fold(0u32, u32::saturating_add)
    }
}

impl Scorer for OrderedSumScorer {
    fn score(&mut self) -> Score {
        let current = self.doc;
        let mut sum: Score = 0.0;
        for s in &mut self.scorers {
            if s.doc() == current {
                sum += s.score();
            }
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::{DocSetCollector, TopDocs};
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, STRING, Schema, TEXT};
    use tantivy::{Index, TantivyDocument};

    use super::*;

    #[test]
    fn matches_the_union_and_sums_in_order() {
        let mut b = Schema::builder();
        let text = b.add_text_field("text", TEXT);
        let id = b.add_text_field("id", STRING);
        let index = Index::create_in_ram(b.build());
        let mut w = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (i, t) in ["alpha beta", "beta", "gamma", "alpha alpha", "delta"].iter().enumerate() {
            let mut d = TantivyDocument::default();
            d.add_text(text, t);
            d.add_text(id, i.to_string());
            w.add_document(d).unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |s: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(text, s), IndexRecordOption::WithFreqs))
        };
        let ours = OrderedSum::new(vec![term("alpha"), term("beta"), term("gamma")]);
        let theirs = BooleanQuery::new(vec![
            (Occur::Should, term("alpha")),
            (Occur::Should, term("beta")),
            (Occur::Should, term("gamma")),
        ]);
        let a = searcher.search(&ours, &DocSetCollector).unwrap();
        assert_eq!(a, searcher.search(&theirs, &DocSetCollector).unwrap());
        assert_eq!(a.len(), 4);
        let top = |q: &dyn Query| searcher.search(q, &TopDocs::with_limit(10).order_by_score()).unwrap();
        for ((s1, d1), (s2, d2)) in top(&ours).into_iter().zip(top(&theirs)) {
            assert_eq!(d1, d2);
            assert!((s1 - s2).abs() < 1e-5, "{s1} vs {s2}");
        }
        let explanation = ours.explain(&searcher, top(&ours)[0].1).unwrap();
        assert!(explanation.value() > 0.0);
        assert!(ours.explain(&searcher, tantivy::DocAddress::new(0, 4)).is_err(), "delta matches no clause");
    }
}
