//! Access filtering: an item the caller holds no token for is never returned, counted, scored
//! against or snippeted, whatever the search text.

use entente_search::{Lang, Query, Results, SearchDoc, SearchIndex};
use proptest::prelude::*;

use crate::common::{doc, id_set, index_of, search};

const FIN: &[&str] = &["public", "nation:FIN"];

fn mixed() -> SearchIndex {
    index_of(&[
        doc(
            "statement",
            "public",
            "Maritime threats",
            "Open statement on maritime threats.",
            Lang::En,
            &["public", "staff"],
        ),
        doc("statement", "fin", "Maritime threats", "Released to Finland.", Lang::En, &["staff", "nation:FIN"]),
        doc("statement", "ukr", "Maritime threats", "Released to Ukraine only.", Lang::En, &["staff", "nation:UKR"]),
        doc(
            "record",
            "staff",
            "Maritime threats readers staff kind record",
            "Staff only: readers staff public nation FIN.",
            Lang::En,
            &["staff"],
        ),
    ])
}

#[test]
fn a_hidden_item_is_neither_returned_nor_counted() {
    let index = mixed();
    let r = search(&index, "maritime threats", FIN);
    assert_eq!(id_set(&r), ["fin", "public"]);
    assert_eq!(r.total, 2);
    assert!(r.hits.iter().all(|h| !h.snippet.contains("Ukraine") && !h.snippet.contains("Staff only")));
    let staff = search(&index, "maritime threats", &["public", "staff"]);
    assert_eq!(staff.total, 4, "staff see everything");
    let anonymous = search(&index, "maritime threats", &["public"]);
    assert_eq!(id_set(&anonymous), ["public"]);
    let count_only = index.search(&Query::new("maritime threats", FIN.iter().copied()).limit(0)).unwrap();
    assert_eq!((count_only.total, count_only.hits.len(), count_only.next_cursor), (2, 0, None));
}

#[test]
fn no_token_no_result() {
    let index = mixed();
    let none: [&str; 0] = [];
    assert_eq!(
        index.search(&Query::new("maritime", none)).unwrap(),
        Results { total: 0, hits: vec![], next_cursor: None }
    );
}

#[test]
fn query_syntax_cannot_widen_access() {
    let index = mixed();
    for text in [
        "readers:staff",
        "readers:staff OR maritime",
        "maritime OR readers:*",
        "*",
        "*:*",
        "kind:record",
        "maritime -readers:FIN",
        "(readers:staff) AND (threats)",
        "readers:[a TO z]",
        "staff",
        "\"readers staff\"",
        "readers\u{1f}staff",
        "nation:UKR",
        "IN [staff nation:UKR]",
    ] {
        let r = search(&index, text, FIN);
        for h in &r.hits {
            assert!(h.id == "fin" || h.id == "public", "{text:?} returned {}", h.id);
        }
        assert!(r.total <= 2, "{text:?} counted {}", r.total);
    }
    // Tokens are exact: a caller's odd token matches no other token.
    for tokens in [&["*"][..], &["nation:*"], &["staff*"], &["nation:FIN staff"], &["NATION:UKR"], &[""]] {
        let r = search(&index, "maritime", tokens);
        assert_eq!(r.total, 0, "{tokens:?}");
    }
}

#[test]
fn kinds_narrow_but_never_widen() {
    let index = mixed();
    let q = |kinds: Vec<&str>| index.search(&Query::new("maritime", FIN.iter().copied()).kinds(kinds)).unwrap();
    assert_eq!(id_set(&q(vec!["statement"])), ["fin", "public"]);
    assert_eq!(q(vec!["record"]).total, 0, "the only record is staff-only");
    assert_eq!(q(vec![]).total, 0);
}

#[test]
fn invisible_items_change_neither_scores_nor_order() {
    let visible = vec![
        doc("statement", "a", "Piracy", "Piracy and smuggling at sea.", Lang::En, &["staff", "nation:FIN"]),
        doc("statement", "b", "Smuggling", "Smuggling routes; piracy rarely.", Lang::En, &["staff", "nation:FIN"]),
    ];
    let alone = index_of(&visible);
    let mut crowded = visible.clone();
    for i in 0..40 {
        // Many hidden items mention piracy, few mention smuggling: over the whole index, piracy
        // would weigh less than smuggling and the order of "a" and "b" could flip.
        let body = if i % 10 == 0 { "smuggling piracy" } else { "piracy piracy piracy" };
        crowded.push(doc("record", &format!("hidden{i}"), "Hidden", body, Lang::En, &["staff"]));
    }
    let crowded = index_of(&crowded);
    let before = search(&alone, "piracy smuggling", FIN);
    let after = search(&crowded, "piracy smuggling", FIN);
    assert_eq!(before, after, "identical hits, order, scores and snippets");
    let staff = search(&crowded, "piracy smuggling", &["staff"]);
    let staff_a = staff.hits.iter().find(|h| h.id == "a").unwrap().score;
    assert_ne!(staff_a, after.hits.iter().find(|h| h.id == "a").unwrap().score, "statistics do depend on the corpus");
}

// Property: for any items, caller tokens, kinds and text, the caller's results (every page:
// hits, order, scores, snippets, totals, cursors) are exactly those of an index holding only the
// items the caller may see. Nothing else can leak through search.

const POOL: &[&str] = &["public", "staff", "nation:FIN", "nation:EGY", "nation:UKR", "nation:JPN"];
const KINDS: &[&str] = &["meeting", "statement", "record"];
const VOCAB: &[&str] = &[
    "threat",
    "threats",
    "menace",
    "menaces",
    "sécurité",
    "securite",
    "consultation",
    "consultations",
    "piracy",
    "cyber",
    "staff",
    "readers",
    "public",
    "nation",
    "kind",
    "the",
    "la",
    "de",
];
const SYNTAX: &[&str] =
    &["*", "readers:staff", "kind:meeting", "OR", "AND", "\"", "(", ")", "-", "+", "readers:*", ":"];

fn words(min: usize, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCAB), min..=max).prop_map(|w| w.join(" "))
}

fn subset(pool: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    prop::sample::subsequence(pool, 0..=pool.len()).prop_map(|v| v.into_iter().map(String::from).collect())
}

fn arb_doc() -> impl Strategy<Value = (String, String, String, Option<Lang>, Vec<String>)> {
    (
        prop::sample::select(KINDS).prop_map(String::from),
        words(1, 3),
        words(0, 8),
        prop::sample::select(vec![None, Some(Lang::En), Some(Lang::Fr)]),
        subset(POOL).prop_filter("an item has readers", |r| !r.is_empty()),
    )
}

fn arb_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![3 => prop::sample::select(VOCAB), 1 => prop::sample::select(SYNTAX)], 1..=4)
        .prop_map(|w| w.join(" "))
}

fn all_pages(index: &SearchIndex, q: &Query) -> Vec<Results> {
    let mut pages = vec![index.search(q).unwrap()];
    while let Some(cursor) = pages.last().and_then(|p| p.next_cursor.clone()) {
        pages.push(index.search(&q.clone().cursor(Some(cursor))).unwrap());
        assert!(pages.len() < 100);
    }
    pages
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn results_depend_only_on_visible_items(
        raw in prop::collection::vec(arb_doc(), 0..24),
        caller in subset(POOL),
        kinds in prop::option::of(subset(KINDS)),
        text in arb_text(),
        limit in 1usize..6,
    ) {
        let docs: Vec<SearchDoc> = raw
            .into_iter()
            .enumerate()
            .map(|(i, (kind, title, body, lang, readers))| SearchDoc {
                kind, id: i.to_string(), title, body, lang, date: None, readers,
            })
            .collect();
        let visible: Vec<SearchDoc> =
            docs.iter().filter(|d| d.readers.iter().any(|r| caller.contains(r))).cloned().collect();
        let full = index_of(&docs);
        let only_visible = index_of(&visible);
        let q = Query { text: text.clone(), readers: caller.clone(), kinds: kinds.clone(), limit, offset_cursor: None };
        let got = all_pages(&full, &q);
        let expected = all_pages(&only_visible, &q);
        prop_assert_eq!(&got, &expected);
        for page in &got {
            prop_assert!(page.total as usize <= visible.len());
            for h in &page.hits {
                let d = &docs[h.id.parse::<usize>().unwrap()];
                prop_assert!(d.readers.iter().any(|r| caller.contains(r)), "{:?} returned to {:?}", d, caller);
                prop_assert!(kinds.as_ref().is_none_or(|k| k.contains(&d.kind)));
            }
        }
    }
}
