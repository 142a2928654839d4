//! The index schema.
//!
//! Text is indexed into per-language fields chosen by the item's `lang`: English items into
//! `title_en`/`body_en`, French items into `title_fr`/`body_fr`, items of unknown language into
//! all four. A query is analysed for both languages and looks in both pairs. Compared with
//! indexing every item twice, this halves the postings of the bulk of the corpus and keeps an
//! English stemmer's conflations of French words (and the reverse) out of the index.
//!
//! Hits of equal score are ordered by a fixed hash of kind and id (a fast field), never by their
//! place in the index, which depends on every item indexed and on segment merges.
//!
//! Title and body are also stored once, unanalysed, for hits and snippets. `readers` and `kind`
//! are raw (untokenised) terms: a query filters on them with exact term matches only.

use tantivy::schema::{FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions};

use crate::analysis;

/// Name of the tie-break field.
pub(crate) const TIEBREAK: &str = "tiebreak";

#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// kind + U+001F + id: the unique key an upsert replaces.
    pub key: Field,
    /// A fixed hash of the key (a fast field): the order of hits of equal score.
    pub tiebreak: Field,
    pub kind: Field,
    pub id: Field,
    pub lang: Field,
    /// Stored date as days since 0001-01-01 (CE).
    pub date: Field,
    pub title: Field,
    pub body: Field,
    pub title_en: Field,
    pub body_en: Field,
    pub title_fr: Field,
    pub body_fr: Field,
    pub readers: Field,
}

impl Fields {
    pub fn english(&self) -> [Field; 2] {
        [self.title_en, self.body_en]
    }

    pub fn french(&self) -> [Field; 2] {
        [self.title_fr, self.body_fr]
    }

    pub fn analysed(&self) -> [Field; 4] {
        [self.title_en, self.body_en, self.title_fr, self.body_fr]
    }

    pub fn is_title(&self, field: Field) -> bool {
        field == self.title_en || field == self.title_fr
    }
}

fn analysed(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(analyzer).set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// FNV-1a, 64 bits: a hash fixed by its definition (unlike std's), so an order stored in an index
/// stays the same across builds and versions.
pub(crate) fn tiebreak(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        tiebreak: b.add_u64_field(TIEBREAK, FAST),
        kind: b.add_text_field("kind", STRING | STORED),
        id: b.add_text_field("id", STORED),
        lang: b.add_text_field("lang", STORED),
        date: b.add_i64_field("date", STORED),
        title: b.add_text_field("title", STORED),
        body: b.add_text_field("body", STORED),
        title_en: b.add_text_field("title_en", analysed(analysis::ENGLISH)),
        body_en: b.add_text_field("body_en", analysed(analysis::ENGLISH)),
        title_fr: b.add_text_field("title_fr", analysed(analysis::FRENCH)),
        body_fr: b.add_text_field("body_fr", analysed(analysis::FRENCH)),
        readers: b.add_text_field("readers", STRING),
    };
    (b.build(), fields)
}
