use chrono::NaiveDate;
use entente_search::{Lang, Query, Results, SearchDoc, SearchIndex};

/// A document; `lang` is a [`Lang`] or `None` (unknown).
pub fn doc(
    kind: &str,
    id: &str,
    title: &str,
    body: &str,
    lang: impl Into<Option<Lang>>,
    readers: &[&str],
) -> SearchDoc {
    SearchDoc {
        kind: kind.into(),
        id: id.into(),
        title: title.into(),
        body: body.into(),
        lang: lang.into(),
        date: NaiveDate::from_ymd_opt(2025, 3, 14),
        readers: readers.iter().map(|r| r.to_string()).collect(),
    }
}

pub fn index_of(docs: &[SearchDoc]) -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    index.upsert(docs).unwrap();
    index.commit().unwrap();
    index
}

pub fn search(index: &SearchIndex, text: &str, readers: &[&str]) -> Results {
    index.search(&Query::new(text, readers.iter().copied()).limit(100)).unwrap()
}

/// The ids of the hits, in order.
pub fn ids(results: &Results) -> Vec<String> {
    results.hits.iter().map(|h| h.id.clone()).collect()
}

/// The ids of the hits, sorted.
pub fn id_set(results: &Results) -> Vec<String> {
    let mut v = ids(results);
    v.sort();
    v
}
