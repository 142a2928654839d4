//! Text analysis: how words become index terms, the same way at indexing and at query time.
//!
//! English: split on non-alphanumeric characters, drop tokens of 40 bytes or more, lowercase,
//! fold to ASCII ("sécurité" → "securite"), Snowball English stemmer. French: the same with the
//! Snowball French stemmer. Folding comes *before* stemming so that a user who types without
//! accents reaches the same stem as the accented text ("securites" and "sécurité" both give
//! "securit"). No stop words are removed from the index, so phrases keep their exact positions;
//! at query time a stop word is optional rather than required (see [`crate::query`]).

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter,
    TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer, TokenizerManager,
};

/// Name under which the English analyser is registered on the index.
pub const ENGLISH: &str = "entente_en";
/// Name under which the French analyser is registered on the index.
pub const FRENCH: &str = "entente_fr";

/// Tokens this long (in bytes) or longer are not indexed (hashes, base64 noise).
const MAX_TOKEN_BYTES: usize = 40;

fn stemmed(language: Stemming) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(MemoStemmer(language))
        .build()
}

/// The two stemmers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stemming {
    English = 0,
    French = 1,
}

/// Words remembered per language and thread before the memory is emptied.
const MEMO_WORDS: usize = 100_000;

thread_local! {
    /// Word → stem, per language: natural text repeats its words, and a hash lookup costs a
    /// fraction of a Snowball run (indexing, and snippets that re-analyse each hit's body).
    static MEMO: RefCell<[HashMap<String, String>; 2]> = RefCell::new([HashMap::new(), HashMap::new()]);
    /// tantivy's Snowball stemmers over whole words, for the words not yet remembered.
    static SNOWBALL: RefCell<[TextAnalyzer; 2]> = RefCell::new([
        TextAnalyzer::builder(RawTokenizer::default()).filter(Stemmer::new(Language::English)).build(),
        TextAnalyzer::builder(RawTokenizer::default()).filter(Stemmer::new(Language::French)).build(),
    ]);
}

fn stem_in_place(language: Stemming, word: &mut String) {
    let l = language as usize;
    let known = MEMO.with(|m| m.borrow()[l].get(word.as_str()).cloned());
    let stem = match known {
        Some(stem) => stem,
        None => {
            let stem = SNOWBALL.with(|s| {
                let mut s = s.borrow_mut();
                let mut stream = s[l].token_stream(word);
                stream.next().map(|t| t.text.clone())
            });
            let Some(stem) = stem else { return };
            MEMO.with(|m| {
                let memo = &mut m.borrow_mut()[l];
                if memo.len() >= MEMO_WORDS {
                    memo.clear();
                }
                memo.insert(word.clone(), stem.clone());
            });
            stem
        }
    };
    *word = stem;
}

/// tantivy's Snowball `Stemmer`, with the stems of words already seen remembered per thread.
#[derive(Debug, Clone, Copy)]
struct MemoStemmer(Stemming);

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter { language: self.0, inner }
    }
}

#[derive(Clone)]
struct MemoStemmerFilter<T> {
    language: Stemming,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream { language: self.language, tail: self.inner.token_stream(text) }
    }
}

struct MemoStemmerStream<S> {
    language: Stemming,
    tail: S,
}

impl<S: TokenStream> TokenStream for MemoStemmerStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        stem_in_place(self.language, &mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The English analyser.
pub fn english() -> TextAnalyzer {
    stemmed(Stemming::English)
}

/// The French analyser.
pub fn french() -> TextAnalyzer {
    stemmed(Stemming::French)
}

/// The analyser a snippet of one search uses: the same terms as [`english`] or [`french`] for
/// every word that could match one of `terms`, and an empty term for the others. A stem begins
/// with the same character as its lowercased, folded word (Snowball changes endings only; tested
/// below), so a word whose first character begins no term is left unanalysed: a snippet of a long
/// body costs a split and a character comparison per word, not a full analysis.
pub(crate) fn snippet_analyzer(french: bool, terms: &[String]) -> TextAnalyzer {
    let mut first: Vec<char> = terms.iter().filter_map(|t| t.chars().next()).collect();
    first.sort_unstable();
    first.dedup();
    let (full, language) = if french { (self::french(), Stemming::French) } else { (english(), Stemming::English) };
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(FirstCharGate { first: first.into(), full, language })
        .build()
}

#[derive(Clone)]
struct FirstCharGate {
    first: std::sync::Arc<[char]>,
    full: TextAnalyzer,
    language: Stemming,
}

impl TokenFilter for FirstCharGate {
    type Tokenizer<T: Tokenizer> = FirstCharGateFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> FirstCharGateFilter<T> {
        FirstCharGateFilter { gate: self, inner }
    }
}

#[derive(Clone)]
struct FirstCharGateFilter<T> {
    gate: FirstCharGate,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for FirstCharGateFilter<T> {
    type TokenStream<'a> = FirstCharGateStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let FirstCharGateFilter { gate, inner } = self;
        FirstCharGateStream {
            first: &gate.first,
            full: &mut gate.full,
            language: gate.language,
            tail: inner.token_stream(text),
        }
    }
}

struct FirstCharGateStream<'a, S> {
    first: &'a [char],
    full: &'a mut TextAnalyzer,
    language: Stemming,
    tail: S,
}

impl<S: TokenStream> TokenStream for FirstCharGateStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let candidate = match token.text.chars().next() {
            Some(c) if c.is_ascii() => self.first.binary_search(&c.to_ascii_lowercase()).is_ok(),
            _ => true, // a non-ASCII first character may fold to anything
        };
        if !candidate {
            token.text.clear();
        } else if token.text.is_ascii() {
            // What the full analyser does to an ASCII word: lowercase (folding changes nothing), stem.
            token.text.make_ascii_lowercase();
            stem_in_place(self.language, &mut token.text);
        } else {
            let analysed = {
                let mut stream = self.full.token_stream(&token.text);
                stream.next().map(|t| t.text.clone())
            };
            token.text = analysed.unwrap_or_default();
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Registers both analysers under [`ENGLISH`] and [`FRENCH`].
pub(crate) fn register(manager: &TokenizerManager) {
    manager.register(ENGLISH, english());
    manager.register(FRENCH, french());
}

/// All the tokens `analyzer` makes of `text`.
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// One word of a user's search text, with the term it gives in each language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    pub english: String,
    pub french: String,
    /// A stop word in English or French ("the", "de", "la"…).
    pub stop: bool,
}

/// Splits user text into words and analyses each for both languages. Characters that are not
/// letters or digits only separate words: they carry no meaning (no field names, operators or
/// wildcards).
#[derive(Clone)]
pub(crate) struct WordSplitter {
    words: TextAnalyzer,
    english: TextAnalyzer,
    french: TextAnalyzer,
    stop_english: Option<TextAnalyzer>,
    stop_french: Option<TextAnalyzer>,
}

impl WordSplitter {
    pub fn new() -> Self {
        let words = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .build();
        let stop = |language| {
            StopWordFilter::new(language)
                .map(|f| TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).filter(f).build())
        };
        WordSplitter {
            words,
            english: english(),
            french: french(),
            stop_english: stop(Language::English),
            stop_french: stop(Language::French),
        }
    }

    fn is_stop(analyzer: &mut Option<TextAnalyzer>, word: &str) -> bool {
        analyzer.as_mut().is_some_and(|a| analyze(a, word).is_empty())
    }

    pub fn split(&mut self, text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        for raw in analyze(&mut self.words, text) {
            // A lowercase alphanumeric word gives exactly one token in each analyser.
            let (Some(english), Some(french)) =
                (analyze(&mut self.english, &raw).pop(), analyze(&mut self.french, &raw).pop())
            else {
                continue;
            };
            let stop = Self::is_stop(&mut self.stop_english, &raw) || Self::is_stop(&mut self.stop_french, &raw);
            out.push(Word { english, french, stop });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain_snowball(language: Language) -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(language))
            .build()
    }

    #[test]
    fn remembered_stems_are_tantivys_stems() {
        let text = "Allies and partners held consultations on maritime threats; the delegations' generous \
            agencies were happily crying, dying, lying and skiing. Les menaces hybrides pèsent sur la sécurité \
            régionale ; nous demandons des consultations. Chevaux, yeux, québécois, naïveté, œuvre, Straße, \
            qu'il, aujourd'hui, l'Alliance, c'est, 1999, OTAN-UE, sécurités, securites, Sécurité.";
        for (ours, language) in [(english(), Language::English), (french(), Language::French)] {
            let mut ours = ours;
            // Twice: the second pass is served from memory.
            for _ in 0..2 {
                let expected: Vec<Token> = {
                    let mut plain = plain_snowball(language);
                    let mut stream = plain.token_stream(text);
                    let mut v = Vec::new();
                    while let Some(t) = stream.next() {
                        v.push(t.clone());
                    }
                    v
                };
                let mut stream = ours.token_stream(text);
                let mut got = Vec::new();
                while let Some(t) = stream.next() {
                    got.push(t.clone());
                }
                assert_eq!(got, expected, "{language:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn a_stem_begins_with_its_words_first_character(word in "[a-zA-Z0-9][a-zA-Zàâçéèêëîïôûùüÿœæ'0-9]{0,14}") {
            for mut analyzer in [english(), french()] {
                let raw = analyze(&mut TextAnalyzer::builder(SimpleTokenizer::default()).build(), &word);
                for (w, stem) in raw.iter().zip(analyze(&mut analyzer, &word)) {
                    let first = w.chars().next().map(|c| c.to_ascii_lowercase());
                    if first.is_some_and(|c| c.is_ascii()) {
                        proptest::prop_assert_eq!(stem.chars().next(), first, "{} -> {}", w, stem);
                    }
                }
            }
        }
    }

    #[test]
    fn gated_snippet_analysis_keeps_every_matching_term() {
        let text = "Dying allies, lying agencies, skies, Yeux, Qu'il, Sécurité, securites, Œuvre, ÉTAT, 2024 budgets.";
        for (french, mut full) in [(false, english()), (true, french())] {
            let all = analyze(&mut full, text);
            for term in &all {
                let mut gated = snippet_analyzer(french, std::slice::from_ref(term));
                let got = analyze(&mut gated, text);
                assert_eq!(got.len(), all.len(), "one token per word");
                for (g, a) in got.iter().zip(&all) {
                    assert!(g == a || (g.is_empty() && a != term), "{term}: {g:?} vs {a:?}");
                }
                assert!(got.contains(term));
            }
        }
    }

    #[test]
    fn english_stems_and_folds() {
        assert_eq!(analyze(&mut english(), "Consultations, consulting"), ["consult", "consult"]);
        assert_eq!(analyze(&mut english(), "Threats THREAT"), ["threat", "threat"]);
    }

    #[test]
    fn french_stems_after_folding() {
        let mut fr = french();
        assert_eq!(analyze(&mut fr, "menaces"), analyze(&mut fr, "menace"));
        assert_eq!(analyze(&mut fr, "sécurité"), analyze(&mut fr, "securites"));
        assert_eq!(analyze(&mut fr, "Défense"), analyze(&mut fr, "defense"));
    }

    #[test]
    fn splitter_ignores_syntax_and_flags_stop_words() {
        let mut s = WordSplitter::new();
        let words = s.split("readers:staff* OR (la) \"the\"");
        let english: Vec<&str> = words.iter().map(|w| w.english.as_str()).collect();
        assert_eq!(english, ["reader", "staff", "or", "la", "the"]);
        let stops: Vec<bool> = words.iter().map(|w| w.stop).collect();
        assert_eq!(stops, [false, false, true, true, true], "'or' is an English stop word");
        assert!(s.split("* ? : \" ( ) - +").is_empty());
    }
}
