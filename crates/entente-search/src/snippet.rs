//! Snippets: a passage of the body around the matched words, HTML-escaped, matches in `<mark>`.

use std::collections::BTreeMap;

use tantivy::Score;
use tantivy::schema::Field;
use tantivy::snippet::{Snippet, SnippetGenerator};

use crate::analysis;

/// Longest snippet, in characters of the underlying text.
pub const SNIPPET_CHARS: usize = 200;
/// A snippet is looked for in the first this many bytes of a body (a hit whose words come later
/// shows the start of its body), so that a very long document costs no more than a long one.
pub const SNIPPET_SCAN_BYTES: usize = 64 * 1024;

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

fn render(snippet: &Snippet, text: &str) -> String {
    let fragment = snippet.fragment();
    let range = snippet.fragment_range();
    let mut out = String::new();
    // Text outside the fragment is shown as "…" if it holds a word, else as it is (punctuation).
    let before = text.get(..range.start).unwrap_or_default();
    if before.chars().any(char::is_alphanumeric) {
        out.push('…');
    } else {
        escape_html(before.trim_start(), &mut out);
    }
    let mut from = 0;
    for h in snippet.highlighted() {
        // Ranges are sorted and disjoint, within the fragment, at character boundaries.
        let (Some(plain), Some(hit)) = (fragment.get(from..h.start), fragment.get(h.start..h.end)) else {
            continue;
        };
        escape_html(plain, &mut out);
        out.push_str("<mark>");
        escape_html(hit, &mut out);
        out.push_str("</mark>");
        from = h.end;
    }
    escape_html(fragment.get(from..).unwrap_or_default(), &mut out);
    let after = text.get(range.end..).unwrap_or_default();
    if after.chars().any(char::is_alphanumeric) {
        out.push('…');
    } else {
        escape_html(after.trim_end(), &mut out);
    }
    out
}

/// The start of `body` when no matched word is in it (the item matched on its title).
pub fn lead(body: &str) -> String {
    let body = body.trim();
    let mut out = String::new();
    let Some((cut, _)) = body.char_indices().nth(SNIPPET_CHARS) else {
        escape_html(body, &mut out);
        return out;
    };
    // Cut at the last whitespace before the limit, if there is one in the second half.
    let head = &body[..cut];
    let end = head.rfind(char::is_whitespace).filter(|&i| i > cut / 2).unwrap_or(cut);
    escape_html(head[..end].trim_end(), &mut out);
    out.push('…');
    out
}

/// Snippet generators for the English and French body fields of one search.
pub(crate) struct Snippets {
    english: SnippetGenerator,
    french: SnippetGenerator,
}

impl Snippets {
    /// `terms` are the terms looked up per body field with their weights (rarer is heavier).
    pub fn new(terms: &[(Field, String, Score)], body_en: Field, body_fr: Field) -> Self {
        let make = |field: Field, french: bool| {
            let weights: BTreeMap<String, Score> =
                terms.iter().filter(|(f, _, _)| *f == field).map(|(_, t, w)| (t.clone(), *w)).collect();
            let words: Vec<String> = weights.keys().cloned().collect();
            SnippetGenerator::new(weights, analysis::snippet_analyzer(french, &words), field, SNIPPET_CHARS)
        };
        Snippets { english: make(body_en, false), french: make(body_fr, true) }
    }

    /// The snippet of `body`, written in `english` and/or `french` analysis.
    pub fn of(&self, body: &str, english: bool, french: bool) -> String {
        let mut best: Option<Snippet> = None;
        let scanned = crate::doc::truncate(body, SNIPPET_SCAN_BYTES);
        for (generator, used) in [(&self.english, english), (&self.french, french)] {
            if !used {
                continue;
            }
            let s = generator.snippet(scanned);
            if best.as_ref().is_none_or(|b| s.highlighted().len() > b.highlighted().len()) {
                best = Some(s);
            }
        }
        match best {
            Some(s) if !s.highlighted().is_empty() => render(&s, body),
            _ => lead(body),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_that_matters() {
        let mut out = String::new();
        escape_html(r#"<script>alert("x")</script> & 'y'"#, &mut out);
        assert_eq!(out, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
    }

    #[test]
    fn lead_cuts_at_a_word() {
        assert_eq!(lead("  short <b>  "), "short &lt;b&gt;");
        let long = "word ".repeat(100);
        let l = lead(&long);
        assert!(l.ends_with("word…"), "{l}");
        assert!(l.chars().count() <= SNIPPET_CHARS + 1);
    }
}
