//! Search requests and answers, and how user text becomes an index query.
//!
//! User text is never given to a query parser. It is split into words (letters and digits; every
//! other character only separates words) and quoted phrases; each word is analysed for English
//! and French and looked up in the four text fields. Field names, operators, wildcards and ranges
//! do not exist for the user, so `readers:staff` or `*` cannot reach the access field: they are the
//! words "readers" and "staff", or nothing.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query as TantivyQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use crate::analysis::{Word, WordSplitter};
use crate::error::{Result, SearchError};
use crate::schema::Fields;
use crate::scoring::OrderedSum;

/// Longest search text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Most words (in and out of phrases) in one search.
pub const MAX_QUERY_WORDS: usize = 32;
/// Most hits on one page; a larger `limit` is lowered to this.
pub const MAX_LIMIT: usize = 100;
/// Deepest position a page may start at: paging stops after this many results.
pub const MAX_OFFSET: usize = 10_000;
/// Default page size.
pub const DEFAULT_LIMIT: usize = 20;
/// A title match weighs this much more than a body match.
const TITLE_BOOST: f32 = 2.0;

/// A search: the user's text and the caller's access tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Query {
    /// What the user typed: words, and phrases in double quotes.
    pub text: String,
    /// The caller's access tokens (see [`crate::tokens`]); an item is found only if it lists one
    /// of them among its readers. No token, no result.
    pub readers: Vec<String>,
    /// Only items of these kinds; `None` for every kind.
    pub kinds: Option<Vec<String>>,
    /// Page size, at most [`MAX_LIMIT`]; 0 asks only for the total.
    pub limit: usize,
    /// Where the page starts: `None` for the first page, else a previous page's `next_cursor`.
    pub offset_cursor: Option<String>,
}

impl Query {
    /// The first page of a search for `text` with the caller's `readers` tokens, every kind.
    pub fn new(text: impl Into<String>, readers: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Query {
            text: text.into(),
            readers: readers.into_iter().map(Into::into).collect(),
            kinds: None,
            limit: DEFAULT_LIMIT,
            offset_cursor: None,
        }
    }

    pub fn kinds(mut self, kinds: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.kinds = Some(kinds.into_iter().map(Into::into).collect());
        self
    }

    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    pub fn cursor(mut self, cursor: Option<String>) -> Self {
        self.offset_cursor = cursor;
        self
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    /// How many items the caller may see match the text (counted under the same access filter).
    pub total: u64,
    pub hits: Vec<Hit>,
    /// The cursor of the next page, `None` on the last one.
    pub next_cursor: Option<String>,
}

impl Results {
    pub(crate) fn empty() -> Self {
        Results { total: 0, hits: Vec::new(), next_cursor: None }
    }
}

/// One item found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub kind: String,
    pub id: String,
    /// The title as indexed (plain text: escape it when rendering).
    pub title: String,
    /// A passage of the body, HTML-escaped, with the matched words in `<mark>…</mark>`.
    pub snippet: String,
    pub score: f32,
    pub date: Option<NaiveDate>,
}

pub(crate) fn encode_cursor(offset: usize) -> String {
    format!("o{offset}")
}

pub(crate) fn decode_cursor(cursor: Option<&str>) -> Result<usize> {
    let Some(c) = cursor else { return Ok(0) };
    let bad = || SearchError::BadCursor(c.chars().take(40).collect());
    let digits = c.strip_prefix('o').ok_or_else(bad)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let offset: usize = digits.parse().map_err(|_| bad())?;
    if offset > MAX_OFFSET {
        return Err(bad());
    }
    Ok(offset)
}

/// A part of the user's text: a bare word, or the words of a quoted phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    Word(Word),
    Phrase(Vec<Word>),
}

/// Splits user text into bare words and quoted phrases. An unclosed quote runs to the end.
pub(crate) fn parse(text: &str, splitter: &mut WordSplitter) -> Result<Vec<Part>> {
    let too_long = || SearchError::QueryTooLong { max_chars: MAX_QUERY_CHARS, max_words: MAX_QUERY_WORDS };
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(too_long());
    }
    let mut parts = Vec::new();
    let mut words = 0;
    for (i, segment) in text.split('"').enumerate() {
        let ws = splitter.split(segment);
        words += ws.len();
        if i % 2 == 0 {
            parts.extend(ws.into_iter().map(Part::Word));
        } else if ws.len() == 1 {
            // A quoted single word is required even if it is a stop word.
            parts.extend(ws.into_iter().map(|w| Part::Phrase(vec![w])));
        } else if !ws.is_empty() {
            parts.push(Part::Phrase(ws));
        }
    }
    if words > MAX_QUERY_WORDS {
        return Err(too_long());
    }
    Ok(parts)
}

/// The text part of an index query: which items match, how they score, and the terms looked up in
/// each body field (to highlight).
pub(crate) struct TextQuery {
    /// Every bare word that is not a stop word and every phrase must match, in the title or the
    /// body, in either language; stop words are optional unless the text has nothing else, when
    /// at least one must match.
    pub matching: Box<dyn TantivyQuery>,
    /// The score: the sum, in a fixed order, of the scores of every term or phrase lookup the
    /// item matches (see [`crate::scoring`]).
    pub scoring: OrderedSum,
    pub body_terms: Vec<(Field, String)>,
}

fn in_field(field: Field, terms: &[String], fields: &Fields) -> Box<dyn TantivyQuery> {
    let q: Box<dyn TantivyQuery> = if let [term] = terms {
        Box::new(TermQuery::new(Term::from_field_text(field, term), IndexRecordOption::WithFreqs))
    } else {
        Box::new(PhraseQuery::new(terms.iter().map(|t| Term::from_field_text(field, t)).collect()))
    };
    if fields.is_title(field) { Box::new(BoostQuery::new(q, TITLE_BOOST)) } else { q }
}

/// Builds the text query; `None` when the text has no word.
pub(crate) fn text_query(parts: &[Part], fields: &Fields) -> Option<TextQuery> {
    let required_words = parts.iter().any(|p| matches!(p, Part::Phrase(_) | Part::Word(Word { stop: false, .. })));
    let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
    let mut scoring = Vec::new();
    let mut body_terms = Vec::new();
    for part in parts {
        let (words, required) = match part {
            Part::Word(w) => (std::slice::from_ref(w), !w.stop),
            Part::Phrase(ws) => (ws.as_slice(), true),
        };
        let english: Vec<String> = words.iter().map(|w| w.english.clone()).collect();
        let french: Vec<String> = words.iter().map(|w| w.french.clone()).collect();
        let mut alternatives: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
        for (language_fields, terms) in [(fields.english(), &english), (fields.french(), &french)] {
            for field in language_fields {
                let lookup = in_field(field, terms, fields);
                scoring.push(lookup.box_clone());
                alternatives.push((Occur::Should, lookup));
            }
        }
        if required || !required_words {
            for (field, terms) in [(fields.body_en, &english), (fields.body_fr, &french)] {
                body_terms.extend(terms.iter().map(|t| (field, t.clone())));
            }
        }
        let occur = if required { Occur::Must } else { Occur::Should };
        clauses.push((occur, Box::new(BooleanQuery::new(alternatives))));
    }
    if clauses.is_empty() {
        return None;
    }
    Some(TextQuery { matching: Box::new(BooleanQuery::new(clauses)), scoring: OrderedSum::new(scoring), body_terms })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_forgeries() {
        assert_eq!(decode_cursor(None).unwrap(), 0);
        assert_eq!(decode_cursor(Some(&encode_cursor(40))).unwrap(), 40);
        for bad in ["", "o", "40", "o-1", "o+1", "o4x", "o99999999999999999999999", "o10001", "x10"] {
            assert!(matches!(decode_cursor(Some(bad)), Err(SearchError::BadCursor(_))), "{bad}");
        }
    }

    #[test]
    fn phrases_and_words() {
        let mut s = WordSplitter::new();
        let parts = parse("threat \"regional security\" \"the\" \"\" \"unclosed quote", &mut s).unwrap();
        let shape: Vec<usize> = parts
            .iter()
            .map(|p| match p {
                Part::Word(_) => 1,
                Part::Phrase(ws) => 10 + ws.len(),
            })
            .collect();
        assert_eq!(shape, [1, 12, 11, 12]);
    }

    #[test]
    fn limits() {
        let mut s = WordSplitter::new();
        assert!(parse(&"a ".repeat(MAX_QUERY_WORDS), &mut s).is_ok());
        assert!(matches!(parse(&"a ".repeat(MAX_QUERY_WORDS + 1), &mut s), Err(SearchError::QueryTooLong { .. })));
        assert!(matches!(parse(&"é".repeat(MAX_QUERY_CHARS + 1), &mut s), Err(SearchError::QueryTooLong { .. })));
    }
}
