//! English and French stemming, accent folding, phrases, stop words, snippets.

use entente_search::Lang;

use crate::common::{doc, id_set, index_of, search};

const ALL: &[&str] = &["staff"];

fn corpus() -> entente_search::SearchIndex {
    index_of(&[
        doc(
            "meeting",
            "en-consult",
            "Consultation on regional security",
            "Allies and partners held a consultation on maritime threats in the Black Sea.",
            Lang::En,
            ALL,
        ),
        doc(
            "statement",
            "fr-menaces",
            "Déclaration nationale",
            "Les menaces hybrides pèsent sur la sécurité régionale; nous demandons des consultations.",
            Lang::Fr,
            ALL,
        ),
        doc("record", "fr-plain", "Compte rendu", "Securite energetique et defense civile.", Lang::Fr, ALL),
        doc(
            "document",
            "unknown",
            "Cyber exercise report",
            "Exercices de cyberdéfense: lessons identified.",
            None,
            ALL,
        ),
        doc(
            "agenda_item",
            "en-apart",
            "Security briefing",
            "Security of ports was discussed; regional cooperation follows later.",
            Lang::En,
            ALL,
        ),
    ])
}

#[test]
fn english_stemming_both_ways() {
    let index = corpus();
    for q in ["consultations", "consultation", "consulting", "CONSULTED"] {
        assert!(id_set(&search(&index, q, ALL)).contains(&"en-consult".to_string()), "{q}");
    }
    assert_eq!(id_set(&search(&index, "threat", ALL)), ["en-consult"]);
    assert_eq!(id_set(&search(&index, "threats", ALL)), ["en-consult"]);
    assert_eq!(id_set(&search(&index, "lesson", ALL)), ["unknown"], "unknown language is indexed in English too");
}

#[test]
fn french_stemming_both_ways() {
    let index = corpus();
    assert_eq!(id_set(&search(&index, "menace", ALL)), ["fr-menaces"]);
    assert_eq!(id_set(&search(&index, "menaces", ALL)), ["fr-menaces"]);
    assert_eq!(id_set(&search(&index, "hybride", ALL)), ["fr-menaces"]);
    assert_eq!(id_set(&search(&index, "exercice", ALL)), ["unknown"], "unknown language is indexed in French too");
    let consult = id_set(&search(&index, "consultation", ALL));
    assert!(consult.contains(&"fr-menaces".to_string()) && consult.contains(&"en-consult".to_string()), "{consult:?}");
}

#[test]
fn accents_are_folded_both_ways() {
    let index = corpus();
    for q in ["securite", "sécurité", "SÉCURITÉ", "securites", "Sécurités"] {
        let found = id_set(&search(&index, q, ALL));
        assert!(found.contains(&"fr-menaces".to_string()), "{q} should find the accented text: {found:?}");
        assert!(found.contains(&"fr-plain".to_string()), "{q} should find the unaccented text: {found:?}");
    }
    assert_eq!(id_set(&search(&index, "énergétique défense", ALL)), ["fr-plain"]);
    assert_eq!(id_set(&search(&index, "cyberdefense", ALL)), ["unknown"]);
}

#[test]
fn every_word_must_match_but_stop_words_are_optional() {
    let index = corpus();
    assert_eq!(id_set(&search(&index, "maritime threats", ALL)), ["en-consult"]);
    assert!(search(&index, "maritime menaces ports", ALL).hits.is_empty(), "no item holds all three words");
    // "the", "of", "la", "des" are stop words: not required, so items without them still match.
    assert_eq!(id_set(&search(&index, "the ports of", ALL)), ["en-apart"]);
    assert_eq!(id_set(&search(&index, "la défense des civils", ALL)), ["fr-plain"]);
    // A text of stop words only needs one of them to match.
    assert!(id_set(&search(&index, "the des", ALL)).contains(&"fr-menaces".to_string()));
}

#[test]
fn quoted_phrases_need_adjacent_words() {
    let index = corpus();
    let loose = id_set(&search(&index, "regional security", ALL));
    assert!(loose.contains(&"en-apart".to_string()) && loose.contains(&"en-consult".to_string()), "{loose:?}");
    assert_eq!(id_set(&search(&index, "\"regional security\"", ALL)), ["en-consult"]);
    assert_eq!(id_set(&search(&index, "\"sécurité régionale\"", ALL)), ["fr-menaces"]);
    assert_eq!(id_set(&search(&index, "\"securite regionales\"", ALL)), ["fr-menaces"]);
    assert!(search(&index, "\"security regional\"", ALL).hits.is_empty());
}

#[test]
fn titles_weigh_more_than_bodies() {
    let index = index_of(&[
        doc("record", "body", "Minutes", "Piracy was mentioned once among many other topics.", Lang::En, ALL),
        doc("record", "title", "Piracy", "Minutes among many other topics were mentioned once.", Lang::En, ALL),
    ]);
    let r = search(&index, "piracy", ALL);
    assert_eq!(crate::common::ids(&r), ["title", "body"]);
    assert!(r.hits[0].score > r.hits[1].score);
}

#[test]
fn snippets_mark_matches_and_escape_html() {
    let index = index_of(&[
        doc(
            "statement",
            "xss",
            "Statement <b>bold</b>",
            "Delegates said <script>alert('threat')</script> & threats grow.",
            Lang::En,
            ALL,
        ),
        doc("statement", "title-only", "Threat review", "Nothing else here.", Lang::En, ALL),
    ]);
    let r = search(&index, "threat", ALL);
    let xss = r.hits.iter().find(|h| h.id == "xss").unwrap();
    assert_eq!(
        xss.snippet,
        "Delegates said &lt;script&gt;alert(&#39;<mark>threat</mark>&#39;)&lt;/script&gt; &amp; <mark>threats</mark> grow."
    );
    assert_eq!(xss.title, "Statement <b>bold</b>", "the title is plain text, escaped by whoever renders it");
    let title_only = r.hits.iter().find(|h| h.id == "title-only").unwrap();
    assert_eq!(title_only.snippet, "Nothing else here.", "the start of the body when only the title matched");
}

#[test]
fn long_bodies_give_a_passage_around_the_match() {
    let mut body = "Routine business. ".repeat(40);
    body.push_str("The delegation raised the proliferation of drones near the border. ");
    body.push_str(&"Other business. ".repeat(40));
    let index = index_of(&[doc("record", "long", "Summary record", &body, Lang::En, ALL)]);
    let r = search(&index, "drone proliferation", ALL);
    let s = &r.hits[0].snippet;
    assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
    assert!(s.contains("<mark>proliferation</mark>") && s.contains("<mark>drones</mark>"), "{s}");
    assert!(s.chars().count() < 260, "{s}");
}

#[test]
fn a_match_deep_in_a_huge_body_is_found_with_the_start_as_snippet() {
    let mut body = "Opening remarks. ".repeat(5_000); // 85 KB, past the snippet scan
    body.push_str("Annex on proliferation.");
    let index = index_of(&[doc("document", "huge", "Annexes", &body, Lang::En, ALL)]);
    let r = search(&index, "proliferation", ALL);
    assert_eq!(r.total, 1);
    assert!(r.hits[0].snippet.starts_with("Opening remarks.") && !r.hits[0].snippet.contains("<mark>"));
}
