//! Snippets: a passage of the body around the matched words, HTML-escaped, matches in `<mark>`.
//!
//! The body is split into words and only the words that can match a looked-up term are analysed
//! (see [`analysis::snippet_analyzer`]); the passage of at most [`SNIPPET_CHARS`] characters
//! holding the greatest weight of distinct terms wins (a rarer term weighs more, counted over the
//! caller's visible items), the earliest on a tie.

use std::collections::HashMap;
use std::ops::Range;

use tantivy::Score;
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;

use crate::analysis;

/// Longest snippet, in characters of the underlying text.
pub const SNIPPET_CHARS: usize = 200;
/// A snippet is looked for in the first this many bytes of a body (a hit whose words come later
/// shows the start of its body), so that a very long document costs no more than a long one.
pub const SNIPPET_SCAN_BYTES: usize = 64 * 1024;
/// Matches considered in one body.
const MAX_MATCHES: usize = 1024;

/// A matched word: its byte range in the body and the index of the term it matches.
type Match = (Range<usize>, usize);

/// The weight of a passage, the run of matches it is built on, and every match found.
type Found = (Score, Range<usize>, Vec<Match>);

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

/// Byte offset `n` characters after `from` in `text` (or its end).
fn chars_after(text: &str, from: usize, n: usize) -> usize {
    text.get(from..).and_then(|rest| rest.char_indices().nth(n)).map_or(text.len(), |(i, _)| from + i)
}

/// Byte offset `n` characters before `to` in `text` (or 0).
fn chars_before(text: &str, to: usize, n: usize) -> usize {
    if n == 0 {
        return to;
    }
    text.get(..to).and_then(|head| head.char_indices().rev().nth(n - 1)).map_or(0, |(i, _)| i)
}

/// The passage `[start, end)` of `text` around `matches`, widened with context on both sides to
/// at most [`SNIPPET_CHARS`] characters, cut between words.
fn passage(text: &str, matches: &[Match]) -> Range<usize> {
    let (Some(first), Some(last)) = (matches.first(), matches.last()) else { return 0..0 };
    let (start, end) = (first.0.start, last.0.end);
    let used = text.get(start..end).map_or(0, |s| s.chars().count());
    let spare = SNIPPET_CHARS.saturating_sub(used);
    let mut from = chars_before(text, start, spare / 3);
    let mut to = chars_after(text, end, spare - spare / 3);
    // Do not cut a word in two.
    if from > 0 {
        from = text[from..start].find(char::is_whitespace).map_or(start, |i| from + i);
    }
    if to < text.len() {
        to = text[end..to].rfind(char::is_whitespace).map_or(end, |i| end + i);
    }
    from..to
}

fn render(body: &str, range: Range<usize>, matches: &[Match]) -> String {
    let mut out = String::new();
    // Text outside the passage is shown as "…" if it holds a word, else as it is (punctuation).
    let before = &body[..range.start];
    if before.chars().any(char::is_alphanumeric) {
        out.push('…');
    } else {
        escape_html(before.trim_start(), &mut out);
    }
    let mut at = range.start;
    for (m, _) in matches.iter().filter(|(m, _)| m.start >= range.start && m.end <= range.end) {
        escape_html(body[at..m.start].trim_start_matches(|c: char| at == range.start && c.is_whitespace()), &mut out);
        out.push_str("<mark>");
        escape_html(&body[m.clone()], &mut out);
        out.push_str("</mark>");
        at = m.end;
    }
    escape_html(body[at..range.end].trim_end(), &mut out);
    let after = &body[range.end..];
    if after.chars().any(char::is_alphanumeric) {
        out.push('…');
    } else {
        escape_html(after.trim_end(), &mut out);
    }
    out
}

/// Finds and renders snippets for the English and French body fields of one search.
pub(crate) struct Snippets {
    english: Finder,
    french: Finder,
}

struct Finder {
    analyzer: TextAnalyzer,
    /// Term → (index, weight).
    terms: HashMap<String, (usize, Score)>,
}

impl Finder {
    fn new(french: bool, terms: &[(String, Score)]) -> Self {
        let mut map = HashMap::new();
        for (t, w) in terms {
            let next = map.len();
            map.entry(t.clone()).or_insert((next, *w));
        }
        let words: Vec<String> = map.keys().cloned().collect();
        Finder { analyzer: analysis::snippet_analyzer(french, &words), terms: map }
    }

    /// The byte ranges of the words of `text` that match a term, with the term's index. Reading
    /// stops at the first passage that holds every term (no later passage can weigh more).
    fn matches(&self, text: &str) -> Vec<Match> {
        let mut out = Vec::new();
        if self.terms.is_empty() {
            return out;
        }
        let mut last_start: Vec<Option<usize>> = vec![None; self.terms.len()];
        let mut stop_after: Option<usize> = None;
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            if token.text.is_empty() {
                continue;
            }
            if let Some(&(term, _)) = self.terms.get(&token.text) {
                out.push((token.offset_from..token.offset_to, term));
                last_start[term] = Some(token.offset_from);
                if out.len() >= MAX_MATCHES {
                    break;
                }
                if stop_after.is_none() {
                    let earliest = last_start.iter().copied().try_fold(usize::MAX, |m, s| s.map(|s| m.min(s)));
                    let fits = |from: &usize| {
                        text.get(*from..token.offset_to).is_some_and(|s| s.chars().count() <= SNIPPET_CHARS)
                    };
                    // Read on only as far as such a passage can reach (a character has at most 4 bytes).
                    stop_after = earliest.filter(fits).map(|from| from + 4 * SNIPPET_CHARS);
                }
            }
            if stop_after.is_some_and(|end| token.offset_from > end) {
                break;
            }
        }
        out
    }

    fn weight(&self, term: usize) -> Score {
        self.terms.values().find(|(i, _)| *i == term).map_or(0.0, |(_, w)| *w)
    }

    /// The weight of the best run of consecutive matches fitting in a snippet, the run, and every
    /// match found (highlighted where the passage shows them).
    fn best(&self, text: &str) -> Found {
        let matches = self.matches(text);
        let weights: Vec<Score> = (0..self.terms.len()).map(|t| self.weight(t)).collect();
        let mut best: (Score, Range<usize>) = (0.0, 0..0);
        for i in 0..matches.len() {
            let mut seen = vec![false; weights.len()];
            let mut score = 0.0;
            let mut j = i;
            while j < matches.len() {
                let span = text.get(matches[i].0.start..matches[j].0.end).map_or(usize::MAX, |s| s.chars().count());
                if span > SNIPPET_CHARS {
                    break;
                }
                let t = matches[j].1;
                if !seen[t] {
                    seen[t] = true;
                    score += weights[t];
                }
                j += 1;
            }
            if score > best.0 {
                best = (score, i..j);
            }
        }
        (best.0, best.1, matches)
    }
}

impl Snippets {
    /// `terms` are the terms looked up per body field with their weights (rarer is heavier).
    pub fn new(terms: &[(Field, String, Score)], body_en: Field, body_fr: Field) -> Self {
        let of = |field: Field| -> Vec<(String, Score)> {
            terms.iter().filter(|(f, _, _)| *f == field).map(|(_, t, w)| (t.clone(), *w)).collect()
        };
        Snippets { english: Finder::new(false, &of(body_en)), french: Finder::new(true, &of(body_fr)) }
    }

    /// The snippet of `body`, written in `english` and/or `french` analysis.
    pub fn of(&self, body: &str, english: bool, french: bool) -> String {
        let scanned = crate::doc::truncate(body, SNIPPET_SCAN_BYTES);
        let mut best: Found = (0.0, 0..0, Vec::new());
        for (finder, used) in [(&self.english, english), (&self.french, french)] {
            if used {
                let found = finder.best(scanned);
                if found.0 > best.0 {
                    best = found;
                }
            }
        }
        let (_, run, matches) = best;
        match matches.get(run) {
            Some(run) if !run.is_empty() => render(body, passage(scanned, run), &matches),
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

    fn snippets(terms: &[(&str, Score)]) -> Snippets {
        let f = |i| Field::from_field_id(i);
        let terms: Vec<(Field, String, Score)> = terms.iter().map(|(t, w)| (f(0), t.to_string(), *w)).collect();
        Snippets::new(&terms, f(0), f(1))
    }

    #[test]
    fn the_passage_with_the_rarest_terms_wins() {
        let filler = "nothing to see here. ".repeat(30);
        let body = format!("Piracy first. {filler} Piracy and smuggling together. {filler} The end.");
        let s = snippets(&[("piraci", 0.1), ("smuggl", 0.5)]).of(&body, true, false);
        assert!(s.contains("<mark>Piracy</mark> and <mark>smuggling</mark> together."), "{s}");
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.chars().count() <= SNIPPET_CHARS + 2 + 13 * 2, "{s}");
    }

    #[test]
    fn short_bodies_are_shown_whole() {
        let s = snippets(&[("threat", 1.0)]).of("  Threats grow.  ", true, false);
        assert_eq!(s, "<mark>Threats</mark> grow.");
        let s = snippets(&[("threat", 1.0)]).of("«Threat»", true, false);
        assert_eq!(s, "«<mark>Threat</mark>»");
    }

    #[test]
    fn no_term_no_highlight() {
        assert_eq!(snippets(&[]).of("Some body.", true, true), "Some body.");
        assert_eq!(snippets(&[("threat", 1.0)]).of("Some body.", true, false), "Some body.");
        assert_eq!(snippets(&[("threat", 1.0)]).of("Threat.", false, true), "Threat.", "English terms, French body");
    }
}
