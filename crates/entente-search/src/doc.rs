//! What is indexed: one searchable item with the access tokens of those who may see it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Result, SearchError};

/// The alliance's languages: an item written in one of them is indexed with its analysers.
pub use entente_domain::Lang;

/// The stored code of an item's language: `en`, `fr`, or `unknown` (`None`).
pub(crate) fn lang_code(lang: Option<Lang>) -> &'static str {
    lang.map_or("unknown", Lang::code)
}

/// An item not known to be French is indexed with the English analysers.
pub(crate) fn indexes_english(lang: Option<Lang>) -> bool {
    lang != Some(Lang::Fr)
}

/// An item not known to be English is indexed with the French analysers.
pub(crate) fn indexes_french(lang: Option<Lang>) -> bool {
    lang != Some(Lang::En)
}

/// One searchable item: a meeting, an agenda item, a statement, a record, a document…
///
/// `readers` are the access tokens of everyone who may see the item, resolved by the caller when
/// the item is indexed (see [`crate::tokens`]): a search returns, counts and snippets an item only
/// if the caller holds one of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// What the item is ("meeting", "agenda_item", "statement", "record", "document"): lowercase
    /// ASCII letters, digits, `_` and `-`.
    pub kind: String,
    /// The item's id within its kind (any text without control characters).
    pub id: String,
    pub title: String,
    pub body: String,
    /// The language the item is written in; `None` when unknown or mixed (indexed both ways).
    pub lang: Option<Lang>,
    pub date: Option<NaiveDate>,
    pub readers: Vec<String>,
}

/// Longest kind accepted, in bytes.
pub const MAX_KIND_BYTES: usize = 64;
/// Longest id accepted, in bytes.
pub const MAX_ID_BYTES: usize = 256;
/// Longest access token accepted, in bytes.
pub const MAX_TOKEN_BYTES: usize = 128;
/// Most access tokens on one item (a marking resolved to every nation of a large network fits).
pub const MAX_READERS: usize = 4096;
/// Title and body are indexed and stored up to this many bytes (cut at a character boundary);
/// the rest of a very long text is not searchable.
pub const MAX_TEXT_BYTES: usize = 1 << 20;

pub(crate) fn check_kind(kind: &str) -> std::result::Result<(), String> {
    if kind.is_empty() {
        return Err("is empty".into());
    }
    if kind.len() > MAX_KIND_BYTES {
        return Err(format!("is longer than {MAX_KIND_BYTES} bytes"));
    }
    if let Some(c) = kind.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-')) {
        return Err(format!("has the character {c:?} (allowed: a-z, 0-9, '_', '-')"));
    }
    Ok(())
}

pub(crate) fn check_id(id: &str) -> std::result::Result<(), String> {
    if id.is_empty() {
        return Err("is empty".into());
    }
    if id.len() > MAX_ID_BYTES {
        return Err(format!("is longer than {MAX_ID_BYTES} bytes"));
    }
    if id.chars().any(char::is_control) {
        return Err("has a control character".into());
    }
    Ok(())
}

pub(crate) fn check_token(token: &str) -> std::result::Result<(), String> {
    if token.is_empty() {
        return Err("has an empty token".into());
    }
    if token.len() > MAX_TOKEN_BYTES {
        return Err(format!("has a token longer than {MAX_TOKEN_BYTES} bytes"));
    }
    if token.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(format!("has the token {token:?} with whitespace or a control character"));
    }
    Ok(())
}

/// The unique key of an item in the index: kind and id, separated by a character neither may hold.
pub(crate) fn key(kind: &str, id: &str) -> String {
    format!("{kind}\u{1f}{id}")
}

/// `text` cut to at most `max` bytes, at a character boundary.
pub(crate) fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl SearchDoc {
    /// Checks the document; the first problem found is returned, naming the field.
    pub fn validate(&self) -> Result<()> {
        let bad = |field: &'static str, problem: String| SearchError::BadDocument {
            kind: self.kind.clone(),
            id: self.id.clone(),
            field,
            problem,
        };
        check_kind(&self.kind).map_err(|p| bad("kind", p))?;
        check_id(&self.id).map_err(|p| bad("id", p))?;
        if self.readers.is_empty() {
            return Err(bad("readers", "is empty: nobody could ever find the item".into()));
        }
        if self.readers.len() > MAX_READERS {
            return Err(bad("readers", format!("has more than {MAX_READERS} tokens")));
        }
        for token in &self.readers {
            check_token(token).map_err(|p| bad("readers", p))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> SearchDoc {
        SearchDoc {
            kind: "statement".into(),
            id: "42".into(),
            title: "t".into(),
            body: "b".into(),
            lang: Some(Lang::En),
            date: None,
            readers: vec!["staff".into()],
        }
    }

    #[test]
    fn validation_names_the_field() {
        assert!(doc().validate().is_ok());
        type Change = fn(&mut SearchDoc);
        let cases: Vec<(Change, &str)> = vec![
            (|d| d.kind = String::new(), "kind"),
            (|d| d.kind = "Meeting".into(), "kind"),
            (|d| d.kind = "a\u{1f}b".into(), "kind"),
            (|d| d.id = String::new(), "id"),
            (|d| d.id = "4\u{1f}2".into(), "id"),
            (|d| d.id = "x".repeat(MAX_ID_BYTES + 1), "id"),
            (|d| d.readers.clear(), "readers"),
            (|d| d.readers.push(String::new()), "readers"),
            (|d| d.readers.push("nation: FIN".into()), "readers"),
        ];
        for (change, field) in cases {
            let mut d = doc();
            change(&mut d);
            match d.validate() {
                Err(SearchError::BadDocument { field: f, .. }) => assert_eq!(f, field, "{d:?}"),
                other => panic!("{d:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn truncate_keeps_characters_whole() {
        assert_eq!(truncate("sécurité", 2), "s");
        assert_eq!(truncate("sécurité", 3), "sé");
        assert_eq!(truncate("abc", 10), "abc");
    }

    #[test]
    fn lang_codes_round_trip_and_pick_the_analysers() {
        for l in [None, Some(Lang::En), Some(Lang::Fr)] {
            assert_eq!(Lang::parse(lang_code(l)), l);
        }
        assert_eq!(lang_code(None), "unknown");
        assert!(indexes_english(None) && indexes_french(None));
        assert!(indexes_english(Some(Lang::En)) && !indexes_french(Some(Lang::En)));
        assert!(!indexes_english(Some(Lang::Fr)) && indexes_french(Some(Lang::Fr)));
    }
}
