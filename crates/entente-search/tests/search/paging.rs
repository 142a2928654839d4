//! Paging: following cursors walks every result exactly once, in the order of one big page.

use entente_search::{Lang, MAX_LIMIT, Query, SearchIndex};
use proptest::prelude::*;

use crate::common::{doc, index_of};

fn corpus(n: usize) -> SearchIndex {
    let docs: Vec<_> = (0..n)
        .map(|i| {
            // Varying lengths and repetitions give varied scores, with some ties.
            let body = format!("{} {}", "exercise ".repeat(1 + i % 4), "filler ".repeat(i % 7));
            let readers: &[&str] = if i % 3 == 0 { &["staff"] } else { &["staff", "nation:FIN"] };
            doc("statement", &format!("s{i:03}"), "Exercise report", &body, Lang::En, readers)
        })
        .collect();
    index_of(&docs)
}

fn walk(index: &SearchIndex, readers: &[&str], limit: usize) -> (Vec<String>, u64, usize) {
    let mut q = Query::new("exercises", readers.iter().copied()).limit(limit);
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let page = index.search(&q).unwrap();
        pages += 1;
        assert!(page.hits.len() <= limit);
        seen.extend(page.hits.iter().map(|h| h.id.clone()));
        match page.next_cursor {
            Some(c) => q = q.cursor(Some(c)),
            None => return (seen, page.total, pages),
        }
    }
}

#[test]
fn cursors_walk_all_results_once() {
    let index = corpus(57);
    let one_page: Vec<String> = index
        .search(&Query::new("exercises", ["nation:FIN"]).limit(MAX_LIMIT))
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(one_page.len(), 38, "57 items, one in three staff-only");
    let (seen, total, pages) = walk(&index, &["nation:FIN"], 10);
    assert_eq!(total, 38);
    assert_eq!(pages, 4);
    assert_eq!(seen, one_page);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_page_size_gives_the_same_sequence(n in 0usize..70, limit in 1usize..20, staff in any::<bool>()) {
        let index = corpus(n);
        let readers: &[&str] = if staff { &["staff"] } else { &["nation:FIN"] };
        let (seen, total, _) = walk(&index, readers, limit);
        let (whole, whole_total, pages) = walk(&index, readers, MAX_LIMIT);
        prop_assert_eq!(pages, 1);
        prop_assert_eq!(total, whole_total);
        prop_assert_eq!(seen.len() as u64, total);
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        prop_assert_eq!(unique.len(), seen.len(), "no item twice");
        prop_assert_eq!(seen, whole);
    }
}

#[test]
fn equal_scores_keep_one_order_whatever_the_insertion_order_and_segments() {
    let items: Vec<_> = (0..12)
        .map(|i| {
            let kind = if i % 2 == 0 { "statement" } else { "record" };
            doc(kind, &format!("id{i}"), "Tie", "identical text", Lang::En, &["staff"])
        })
        .collect();
    let order = |index: &SearchIndex| -> Vec<(String, String)> {
        let r = index.search(&Query::new("identical", ["staff"])).unwrap();
        assert!(r.hits.windows(2).all(|w| w[0].score == w[1].score));
        r.hits.iter().map(|h| (h.kind.clone(), h.id.clone())).collect()
    };
    // One batch in order, one segment.
    let forward = index_of(&items);
    // Reverse order, one commit (one segment) per item.
    let reversed = SearchIndex::in_memory().unwrap();
    for d in items.iter().rev() {
        reversed.upsert(std::slice::from_ref(d)).unwrap();
        reversed.commit().unwrap();
    }
    let expected = order(&forward);
    assert_eq!(expected.len(), 12);
    assert_eq!(order(&reversed), expected);
    let insertion: Vec<(String, String)> = items.iter().map(|d| (d.kind.clone(), d.id.clone())).collect();
    assert_ne!(expected, insertion, "not the insertion order");
    let mut reversed_insertion = insertion.clone();
    reversed_insertion.reverse();
    assert_ne!(expected, reversed_insertion, "nor its reverse");
}
