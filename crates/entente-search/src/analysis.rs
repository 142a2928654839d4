//! Text analysis: how words become index terms, the same way at indexing and at query time.
//!
//! English: split on non-alphanumeric characters, drop tokens of 40 bytes or more, lowercase,
//! fold to ASCII ("sécurité" → "securite"), Snowball English stemmer. French: the same with the
//! Snowball French stemmer. Folding comes *before* stemming so that a user who types without
//! accents reaches the same stem as the accented text ("securites" and "sécurité" both give
//! "securit"). No stop words are removed from the index, so phrases keep their exact positions;
//! at query time a stop word is optional rather than required (see [`crate::query`]).

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    TokenizerManager,
};

/// Name under which the English analyser is registered on the index.
pub const ENGLISH: &str = "entente_en";
/// Name under which the French analyser is registered on the index.
pub const FRENCH: &str = "entente_fr";

/// Tokens this long (in bytes) or longer are not indexed (hashes, base64 noise).
const MAX_TOKEN_BYTES: usize = 40;

fn stemmed(language: Language) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(language))
        .build()
}

/// The English analyser.
pub fn english() -> TextAnalyzer {
    stemmed(Language::English)
}

/// The French analyser.
pub fn french() -> TextAnalyzer {
    stemmed(Language::French)
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
