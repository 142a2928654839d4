//! Upsert, delete, commit, rollback, reopening a directory, bad input.

use chrono::NaiveDate;
use entente_search::{Lang, Query, SearchError, SearchIndex};

use crate::common::{doc, id_set, ids, index_of, search};

const STAFF: &[&str] = &["staff"];

#[test]
fn upsert_replaces_by_kind_and_id() {
    let index = index_of(&[
        doc("statement", "1", "Piracy", "Old text about piracy.", Lang::En, &["nation:FIN"]),
        doc("meeting", "1", "Piracy meeting", "Same id, other kind.", Lang::En, &["staff"]),
    ]);
    index
        .upsert(&[doc("statement", "1", "Smuggling", "New text about smuggling.", Lang::En, &["nation:UKR"])])
        .unwrap();
    assert_eq!(search(&index, "piracy", &["nation:FIN"]).total, 1, "not visible before commit");
    index.commit().unwrap();
    assert_eq!(search(&index, "piracy", &["nation:FIN"]).total, 0, "the old text and readers are gone");
    assert_eq!(search(&index, "smuggling", &["nation:FIN"]).total, 0, "the new readers apply");
    assert_eq!(ids(&search(&index, "smuggling", &["nation:UKR"])), ["1"]);
    let staff = search(&index, "piracy", STAFF);
    assert_eq!((staff.total, staff.hits[0].kind.as_str()), (1, "meeting"), "the other kind is untouched");
}

#[test]
fn the_last_of_a_batch_wins() {
    let index = index_of(&[
        doc("record", "r", "First", "alpha", Lang::En, STAFF),
        doc("record", "r", "Second", "beta", Lang::En, STAFF),
    ]);
    assert_eq!(search(&index, "alpha", STAFF).total, 0);
    assert_eq!(search(&index, "beta", STAFF).hits[0].title, "Second");
}

#[test]
fn delete_removes() {
    let index = index_of(&[
        doc("record", "a", "Cyber", "cyber", Lang::En, STAFF),
        doc("record", "b", "Cyber", "cyber", Lang::En, STAFF),
    ]);
    index.delete("record", "a").unwrap();
    index.delete("record", "never-indexed").unwrap();
    assert_eq!(index.uncommitted().unwrap(), 2);
    index.commit().unwrap();
    assert_eq!(index.uncommitted().unwrap(), 0);
    let r = search(&index, "cyber", STAFF);
    assert_eq!((r.total, ids(&r)), (1, vec!["b".to_string()]));
    assert!(matches!(index.delete("Record", "b"), Err(SearchError::BadKey { field: "kind", .. })));
    assert!(matches!(index.delete("record", ""), Err(SearchError::BadKey { field: "id", .. })));
}

#[test]
fn rollback_drops_staged_changes() {
    let index = index_of(&[doc("record", "a", "Cyber", "cyber", Lang::En, STAFF)]);
    index.delete("record", "a").unwrap();
    index.upsert(&[doc("record", "b", "Cyber", "cyber", Lang::En, STAFF)]).unwrap();
    index.rollback().unwrap();
    index.commit().unwrap();
    assert_eq!(ids(&search(&index, "cyber", STAFF)), ["a"]);
}

#[test]
fn commits_in_batches() {
    let index = SearchIndex::in_memory().unwrap();
    let mut committed = 0;
    for i in 0..10 {
        index.upsert(&[doc("statement", &i.to_string(), "Batch", "batched", Lang::En, STAFF)]).unwrap();
        if index.commit_if_at_least(4).unwrap() {
            committed += 1;
            assert_eq!(search(&index, "batched", STAFF).total, i as u64 + 1, "visible once committed");
        }
    }
    assert_eq!(committed, 2);
    assert_eq!(search(&index, "batched", STAFF).total, 8);
    assert_eq!(index.uncommitted().unwrap(), 2);
    assert!(!index.commit_if_at_least(3).unwrap());
    assert!(index.commit_if_at_least(2).unwrap());
    assert_eq!(search(&index, "batched", STAFF).total, 10);
    assert!(!index.commit_if_at_least(0).unwrap(), "nothing to commit");
}

#[test]
fn a_malformed_document_stages_nothing() {
    let index = SearchIndex::in_memory().unwrap();
    let good = doc("record", "ok", "Cyber", "cyber", Lang::En, STAFF);
    let bad = doc("record", "bad", "Cyber", "cyber", Lang::En, &[]);
    match index.upsert(&[good, bad]) {
        Err(SearchError::BadDocument { id, field: "readers", .. }) => assert_eq!(id, "bad"),
        other => panic!("{other:?}"),
    }
    index.commit().unwrap();
    assert_eq!(search(&index, "cyber", STAFF).total, 0);
}

#[test]
fn bad_queries_are_errors_not_panics() {
    let index = index_of(&[doc("record", "a", "Cyber", "cyber", Lang::En, STAFF)]);
    let q = |text: &str| Query::new(text, STAFF.iter().copied());
    assert!(matches!(index.search(&q(&"cyber ".repeat(40))), Err(SearchError::QueryTooLong { .. })));
    assert!(matches!(index.search(&q("cyber").cursor(Some("garbage".into()))), Err(SearchError::BadCursor(_))));
    assert!(matches!(index.search(&q("cyber").cursor(Some("o99999999".into()))), Err(SearchError::BadCursor(_))));
    for text in ["", "   ", "\"\"", "\u{0}\u{1f}", "*", "-", "🙂"] {
        assert_eq!(index.search(&q(text)).unwrap().total, 0, "{text:?}");
    }
    assert_eq!(index.search(&q("cyber").limit(1_000_000)).unwrap().total, 1, "a huge limit is capped");
}

#[test]
fn dates_and_fields_round_trip() {
    let mut d = doc("meeting", "m-1", "Council with partners", "Agenda: cyber.", Lang::En, STAFF);
    d.date = NaiveDate::from_ymd_opt(1999, 4, 24);
    let mut undated = doc("meeting", "m-2", "Council", "cyber", Lang::Fr, STAFF);
    undated.date = None;
    let index = index_of(&[d, undated]);
    let r = search(&index, "cyber", STAFF);
    let m1 = r.hits.iter().find(|h| h.id == "m-1").unwrap();
    assert_eq!((m1.kind.as_str(), m1.title.as_str()), ("meeting", "Council with partners"));
    assert_eq!(m1.date, NaiveDate::from_ymd_opt(1999, 4, 24));
    assert_eq!(r.hits.iter().find(|h| h.id == "m-2").unwrap().date, None);
}

#[test]
fn a_directory_index_survives_reopening_and_is_locked_while_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("search");
    {
        let index = SearchIndex::open(&path).unwrap();
        index.upsert(&[doc("record", "a", "Kept", "persisted text", Lang::En, STAFF)]).unwrap();
        index.upsert(&[doc("record", "b", "Lost", "persisted text", Lang::En, STAFF)]).unwrap();
        index.commit().unwrap();
        index.delete("record", "b").unwrap();
        assert!(matches!(SearchIndex::open(&path), Err(SearchError::Locked)));
        // Dropped without committing the delete.
    }
    let index = SearchIndex::open(&path).unwrap();
    assert_eq!(id_set(&search(&index, "persisted", STAFF)), ["a", "b"]);
}

#[test]
fn an_index_of_another_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = tantivy::schema::Schema::builder();
    b.add_text_field("something_else", tantivy::schema::TEXT);
    tantivy::Index::create_in_dir(dir.path(), b.build()).unwrap();
    assert!(matches!(SearchIndex::open(dir.path()), Err(SearchError::IncompatibleIndex { .. })));
}

#[test]
fn a_file_where_the_directory_should_be_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, b"x").unwrap();
    assert!(matches!(SearchIndex::open(&file), Err(SearchError::Directory { .. })));
}

#[test]
fn clones_share_one_writer_across_threads() {
    let index = SearchIndex::in_memory().unwrap();
    std::thread::scope(|s| {
        for t in 0..4 {
            let index = index.clone();
            s.spawn(move || {
                for i in 0..25 {
                    let id = format!("{t}-{i}");
                    index.upsert(&[doc("statement", &id, "Shared", "concurrent writer", Lang::En, STAFF)]).unwrap();
                    index.commit_if_at_least(10).unwrap();
                    index.search(&Query::new("concurrent", STAFF.iter().copied())).unwrap();
                }
            });
        }
    });
    index.commit().unwrap();
    assert_eq!(search(&index, "concurrent writer", STAFF).total, 100);
}
