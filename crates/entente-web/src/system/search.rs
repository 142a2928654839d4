//! Full-text search over the consultation forum: what goes into the index, with whose access
//! tokens, and when.
//!
//! **Who may find an item is decided by the domain's own visibility functions**, the same ones the
//! consultation store applies to every row after its SQL filter: for each item, every possible
//! reader (the alliance staff, and a delegation of every nation of the network) is asked
//! `may_see_meeting`, `may_see_agenda_item`, `may_see` within a visible meeting, or
//! `visible_versions` of the summary record; the item's readers are the tokens of those admitted
//! (see `entente_search::tokens`). Anonymous visitors never see anything inside the forum, so no
//! consultation item carries the `public` token.
//!
//! Items: meetings (title, level in words, venue), agenda items (title, description), statements and
//! documents (title, and the text of statements and of documents whose type is text), the summary
//! record (its newest version a nation may read, the newest draft for staff while none is
//! circulated), decisions (their text), follow-up actions (title and owner nation), and
//! consultation requests (the threat as described, under the requesting nation). A meeting and everything in it is indexed again after every consultation write
//! (after the database commit). At start-up the index is rebuilt when it is missing, was built by
//! another schema, or its stamp (the newest audit entry it has seen) differs from the database's.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use entente_domain::access::{Affiliation, Principal, Role, Viewer, may_see};
use entente_domain::consultation::PaperKind;
use entente_domain::consultation::{
    ConsultationRequest, Meeting, may_see_action, may_see_agenda_item, may_see_decision, may_see_meeting,
    may_see_request, visible_versions,
};
use entente_domain::registry::{NationCode, Network};
use entente_search::{SearchDoc, SearchError, SearchIndex, tokens};
use entente_store::consultation::{MeetingFilter, System};
use entente_store::{Store, StoreError};

/// Kinds of indexed items.
pub const MEETING: &str = "meeting";
pub const AGENDA_ITEM: &str = "agenda_item";
pub const STATEMENT: &str = "statement";
pub const DOCUMENT: &str = "document";
pub const RECORD: &str = "record";
pub const DECISION: &str = "decision";
pub const ACTION: &str = "action";
pub const REQUEST: &str = "request";

/// What the index holds, by version: an index stamped by an earlier version is rebuilt at start.
const CONTENT_VERSION: &str = "4";

/// Text documents larger than this are indexed by their title only.
const MAX_DOCUMENT_TEXT: i64 = 2 * 1024 * 1024;

const STAMP_FILE: &str = "entente-stamp";

/// The application's search index and where it lives.
#[derive(Clone)]
pub struct Search {
    inner: Arc<SearchInner>,
}

struct SearchInner {
    index: SearchIndex,
    /// The index directory (none in memory).
    dir: Option<PathBuf>,
    /// An update failed since the last rebuild: the stamp is removed and stays away, so the next
    /// start rebuilds.
    broken: AtomicBool,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search").field("dir", &self.inner.dir).finish_non_exhaustive()
    }
}

/// What can go wrong while indexing.
#[derive(Debug, thiserror::Error)]
pub enum IndexingError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("search index stamp: {0}")]
    Stamp(std::io::Error),
    #[error("search indexing task failed: {0}")]
    Task(String),
}

/// Why the index is rebuilt at start-up, if it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    Current,
    Missing,
    Incompatible,
    Stale,
}

impl Search {
    /// An index in memory (tests, tools).
    pub fn in_memory() -> Result<Search, IndexingError> {
        Ok(Search::wrap(SearchIndex::in_memory()?, None))
    }

    fn wrap(index: SearchIndex, dir: Option<PathBuf>) -> Search {
        Search { inner: Arc::new(SearchInner { index, dir, broken: AtomicBool::new(false) }) }
    }

    /// Opens (or creates) the index in `dir`; an index built by another schema is removed and
    /// created again. Tells whether the index needs a rebuild against `store`.
    pub async fn open(dir: &Path, store: &Store) -> Result<(Search, Freshness), IndexingError> {
        let existed = dir.join("meta.json").exists();
        let path = dir.to_path_buf();
        let opened = blocking(move || match SearchIndex::open(&path) {
            Err(SearchError::IncompatibleIndex { .. }) => {
                std::fs::remove_dir_all(&path).map_err(IndexingError::Stamp)?;
                Ok((SearchIndex::open(&path)?, true))
            }
            other => Ok((other?, false)),
        })
        .await?;
        let (index, incompatible) = opened;
        let search = Search::wrap(index, Some(dir.to_path_buf()));
        let freshness = if incompatible {
            Freshness::Incompatible
        } else if !existed {
            Freshness::Missing
        } else if search.read_stamp() != Some(store.last_audit_seq().await?) {
            Freshness::Stale
        } else {
            Freshness::Current
        };
        Ok((search, freshness))
    }

    /// [`Search::open`], then a rebuild if the index is not current; returns how many items were
    /// indexed by the rebuild (none if it was current).
    pub async fn open_current(dir: &Path, store: &Store) -> Result<(Search, Option<usize>), IndexingError> {
        let (search, freshness) = Search::open(dir, store).await?;
        if freshness == Freshness::Current {
            return Ok((search, None));
        }
        tracing::info!(dir = %dir.display(), ?freshness, "rebuilding the search index");
        let n = search.rebuild(store).await?;
        Ok((search, Some(n)))
    }

    pub fn index(&self) -> &SearchIndex {
        &self.inner.index
    }

    fn stamp_path(&self) -> Option<PathBuf> {
        self.inner.dir.as_ref().map(|d| d.join(STAMP_FILE))
    }

    /// The audit sequence the index was last brought up to, if it holds this version's content.
    fn read_stamp(&self) -> Option<i64> {
        let path = self.stamp_path()?;
        let text = std::fs::read_to_string(path).ok()?;
        let (version, seq) = text.trim().split_once(':')?;
        if version != CONTENT_VERSION {
            return None;
        }
        seq.parse().ok()
    }

    async fn write_stamp(&self, store: &Store) -> Result<(), IndexingError> {
        let Some(path) = self.stamp_path() else { return Ok(()) };
        if self.inner.broken.load(Ordering::SeqCst) {
            return Ok(());
        }
        let seq = store.last_audit_seq().await?;
        std::fs::write(path, format!("{CONTENT_VERSION}:{seq}")).map_err(IndexingError::Stamp)
    }

    fn forget_stamp(&self) {
        self.inner.broken.store(true, Ordering::SeqCst);
        if let Some(path) = self.stamp_path() {
            let _ = std::fs::remove_file(path);
        }
    }

    /// Replaces the whole index by the items of every meeting in `store`; returns how many.
    pub async fn rebuild(&self, store: &Store) -> Result<usize, IndexingError> {
        let net = store.load_network().await?;
        let scope = store.scoped(Some(&indexer())).await?;
        let mut docs = Vec::new();
        let mut after = None;
        loop {
            let page = scope.meetings(&MeetingFilter { after, limit: 200, ..Default::default() }).await?;
            let Some(last) = page.last() else { break };
            after = Some((last.start, last.id.0));
            for m in &page {
                docs.extend(meeting_docs(&store.system(), &net, m).await?);
            }
        }
        for r in store.system().all_requests().await? {
            docs.extend(request_doc(&net, &r));
        }
        let index = self.inner.index.clone();
        let n = docs.len();
        blocking(move || {
            index.clear()?;
            index.upsert(&docs)?;
            index.commit()?;
            Ok(())
        })
        .await?;
        self.inner.broken.store(false, Ordering::SeqCst);
        self.write_stamp(store).await?;
        Ok(n)
    }

    /// The registry changed (a nation added, a membership change): who sits in which meeting, and
    /// so who may find what, may have changed with it. Every item's readers are computed again by
    /// rebuilding the index; a failure is logged and leaves the index to be rebuilt at the next
    /// start.
    pub async fn registry_changed(&self, store: &Store) {
        if let Err(e) = self.rebuild(store).await {
            tracing::error!(error = %e, "search index not rebuilt after a registry change; it will be at the next start");
            self.forget_stamp();
        }
    }

    /// Indexes a meeting and everything in it again. Called after a consultation write has been
    /// committed; a failure is logged and leaves the index to be rebuilt at the next start.
    pub async fn meeting_changed(&self, system: &System, meeting_id: i64) {
        if let Err(e) = self.try_meeting_changed(system, meeting_id).await {
            tracing::error!(meeting = meeting_id, error = %e, "search index not updated; it will be rebuilt at the next start");
            self.forget_stamp();
        }
    }

    /// Indexes a consultation request (after it is filed; its text and marking never change).
    pub async fn request_changed(&self, system: &System, request_id: i64) {
        if let Err(e) = self.try_request_changed(system, request_id).await {
            tracing::error!(request = request_id, error = %e, "search index not updated; it will be rebuilt at the next start");
            self.forget_stamp();
        }
    }

    async fn try_request_changed(&self, system: &System, request_id: i64) -> Result<(), IndexingError> {
        let store = system.store();
        let net = store.load_network().await?;
        let request = system.load_request(request_id).await?;
        self.upsert_and_stamp(store, request_doc(&net, &request).into_iter().collect()).await
    }

    async fn try_meeting_changed(&self, system: &System, meeting_id: i64) -> Result<(), IndexingError> {
        let store = system.store();
        let net = store.load_network().await?;
        let meeting = system.load_meeting(meeting_id).await?;
        let docs = meeting_docs(system, &net, &meeting).await?;
        self.upsert_and_stamp(store, docs).await
    }

    /// Replaces these items in the index, commits, and stamps the index as current.
    async fn upsert_and_stamp(&self, store: &Store, docs: Vec<SearchDoc>) -> Result<(), IndexingError> {
        let index = self.inner.index.clone();
        blocking(move || {
            index.upsert(&docs)?;
            index.commit()?;
            Ok(())
        })
        .await?;
        self.write_stamp(store).await
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, IndexingError> + Send + 'static,
) -> Result<T, IndexingError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| IndexingError::Task(e.to_string()))?
}

/// The principal the indexer reads the store as: the alliance staff see every item.
fn indexer() -> Principal {
    Principal {
        user_id: 0,
        username: "search-indexer".into(),
        affiliation: Affiliation::Staff,
        role: Role::StaffOfficer,
    }
}

/// Every possible reader of a consultation item: the staff, and a delegation of each nation.
struct Readers {
    staff: Principal,
    nations: Vec<(NationCode, Principal)>,
}

impl Readers {
    fn of(net: &Network) -> Readers {
        let nations = net
            .nations()
            .map(|n| {
                let p = Principal {
                    user_id: 0,
                    username: String::new(),
                    affiliation: Affiliation::Nation(n.code.clone()),
                    role: Role::DelegationMember,
                };
                (n.code.clone(), p)
            })
            .collect();
        Readers { staff: indexer(), nations }
    }

    /// The tokens of every reader `admits`.
    fn tokens(&self, admits: impl Fn(Viewer<'_>) -> bool) -> Vec<String> {
        let mut out = Vec::new();
        if admits(Viewer::User(&self.staff)) {
            out.push(tokens::STAFF.to_string());
        }
        for (code, p) in &self.nations {
            if admits(Viewer::User(p)) {
                out.push(tokens::nation(code));
            }
        }
        out
    }
}

/// The search documents of one meeting and what is in it.
/// What a meeting's hit says under its title: its level in words, in both languages (a search in
/// either finds it), and where it meets; never a code.
fn meeting_body(m: &Meeting, venue: &str) -> String {
    use entente_domain::Lang as L;
    let (en, fr) = (m.level.label(L::En), m.level.label(L::Fr));
    if en == fr { format!("{en} · {venue}") } else { format!("{en} / {fr} · {venue}") }
}

/// A nation as a hit says it: its name in English and in French when they differ ("Malta / Malte"),
/// so a search in either language finds it and neither shows a code; the code when the registry
/// does not know it.
fn both_names(net: &Network, code: &NationCode) -> String {
    match net.nation(code) {
        Some(n) if n.name_in("en") == n.name_in("fr") => n.name_in("en").to_string(),
        Some(n) => format!("{} / {}", n.name_in("en"), n.name_in("fr")),
        None => code.to_string(),
    }
}

/// A word in both languages, as `both_names` writes a name.
fn both_words(en: &str, fr: &str) -> String {
    if en == fr { en.to_string() } else { format!("{en} / {fr}") }
}

pub async fn meeting_docs(system: &System, net: &Network, m: &Meeting) -> Result<Vec<SearchDoc>, StoreError> {
    let readers = Readers::of(net);
    let scope = system.store().scoped(Some(&readers.staff)).await?;
    let date = Some(m.start.date_naive());
    let mid = m.id.0;
    let mut docs = Vec::new();
    let mut push = |kind: &str, id: String, title: String, body: String, who: Vec<String>| {
        // Nobody at all may see it (cannot happen: staff see everything): leave it out.
        if !who.is_empty() {
            docs.push(SearchDoc { kind: kind.into(), id, title, body, lang: None, date, readers: who });
        }
    };
    let venue = match &m.venue {
        entente_domain::consultation::Venue::Place { name } => name.clone(),
        entente_domain::consultation::Venue::Online { platform } => {
            format!("{} {platform}", both_words("online", "en ligne")).trim_end().to_string()
        }
    };
    push(
        MEETING,
        mid.to_string(),
        m.title.clone(),
        meeting_body(m, &venue),
        readers.tokens(|v| may_see_meeting(v, m, net)),
    );
    for item in scope.agenda(m, net).await? {
        push(
            AGENDA_ITEM,
            child_id(mid, item.id.0),
            item.title.clone(),
            item.description.clone(),
            readers.tokens(|v| may_see_agenda_item(v, &item, m, net)),
        );
    }
    for paper in scope.papers(m, net).await? {
        let is_document = paper.kind == PaperKind::Document;
        let mut body = paper.body.clone();
        if paper.file.as_ref().is_some_and(|f| f.content_type.starts_with("text/") && f.size_bytes <= MAX_DOCUMENT_TEXT)
        {
            let (_, bytes) = scope.paper_file(paper.id, net).await?;
            body.push('\n');
            body.push_str(&String::from_utf8_lossy(&bytes));
        }
        push(
            if is_document { DOCUMENT } else { STATEMENT },
            child_id(mid, paper.id),
            paper.title.clone(),
            body,
            readers.tokens(|v| may_see_meeting(v, m, net) && may_see(v, &paper.marking, net)),
        );
    }
    for d in scope.decisions(m, net).await? {
        push(
            DECISION,
            child_id(mid, d.id.0),
            m.title.clone(),
            d.text.clone(),
            readers.tokens(|v| may_see_decision(v, &d, m, net)),
        );
    }
    for a in scope.actions(m, net).await? {
        push(
            ACTION,
            child_id(mid, a.id.0),
            a.title.clone(),
            both_names(net, &a.owner),
            readers.tokens(|v| may_see_action(v, &a, m, net)),
        );
    }
    if let Some(record) = system.load_record(mid).await? {
        // A reader finds the newest version they may read; staff, who read drafts, find the
        // newest circulated version once there is one (the one every nation reads).
        let circulated = record.versions().iter().rev().find(|v| v.circulation.is_some());
        let newest = record.versions().last();
        let (text, who) = match (circulated, newest) {
            (Some(v), _) => (v.text.clone(), readers.tokens(|r| !visible_versions(r, &record, m, net).is_empty())),
            (None, Some(v)) => (v.text.clone(), vec![tokens::STAFF.to_string()]),
            (None, None) => (String::new(), Vec::new()),
        };
        push(RECORD, mid.to_string(), m.title.clone(), text, who);
    }
    Ok(docs)
}

/// The search document of a consultation request: the threat as described, under the
/// requesting nation and the basis; found by those who may open the request.
pub fn request_doc(net: &Network, r: &ConsultationRequest) -> Option<SearchDoc> {
    let readers = Readers::of(net);
    let who = readers.tokens(|v| may_see_request(v, r, net));
    if who.is_empty() {
        return None;
    }
    use entente_domain::Lang as L;
    Some(SearchDoc {
        kind: REQUEST.into(),
        id: r.id.0.to_string(),
        title: format!(
            "{} · {}",
            both_names(net, &r.requester),
            both_words(r.basis.label(L::En), r.basis.label(L::Fr))
        ),
        body: r.threat.clone(),
        lang: None,
        date: Some(r.submitted_at().date_naive()),
        readers: who,
    })
}

/// Items inside a meeting are keyed `<meeting>-<item>`, so a hit links to its meeting.
fn child_id(meeting: i64, item: i64) -> String {
    format!("{meeting}-{item}")
}

/// The meeting a hit belongs to and the item's own id (none for meetings and records).
pub fn split_id(id: &str) -> (Option<i64>, Option<i64>) {
    match id.split_once('-') {
        Some((m, i)) => (m.parse().ok(), i.parse().ok()),
        None => (id.parse().ok(), None),
    }
}

/// Where a hit opens.
pub fn href(kind: &str, id: &str) -> String {
    let (meeting, item) = split_id(id);
    let meeting = meeting.unwrap_or_default();
    match (kind, item) {
        (DOCUMENT, Some(p)) => format!("/papers/{p}"),
        (AGENDA_ITEM, _) => format!("/meetings/{meeting}#agenda"),
        (STATEMENT, _) => format!("/meetings/{meeting}#papers"),
        (RECORD, _) => format!("/meetings/{meeting}#record"),
        (DECISION, _) => format!("/meetings/{meeting}#decisions"),
        (ACTION, Some(a)) => format!("/actions/{a}"),
        (REQUEST, _) => format!("/requests/{meeting}"),
        _ => format!("/meetings/{meeting}"),
    }
}

/// Paging of one search request.
#[derive(Debug, Clone, Default)]
pub struct SearchRun {
    pub limit: usize,
    pub cursor: Option<String>,
}

/// Default and largest page of search results.
pub const PAGE: usize = 20;
pub const MAX_PAGE: usize = 100;

impl SearchRun {
    /// `limit` (1 to 100, default 20) and `cursor` (opaque, from `next_cursor`).
    pub fn parse(limit: Option<&str>, cursor: Option<&str>) -> Result<SearchRun, crate::error::AppError> {
        let limit = crate::params::parse_limit(limit.filter(|s| !s.is_empty()), PAGE, MAX_PAGE)?;
        let cursor = cursor.filter(|s| !s.is_empty()).map(str::to_string);
        Ok(SearchRun { limit, cursor })
    }
}

impl From<SearchError> for crate::error::AppError {
    fn from(e: SearchError) -> Self {
        use crate::error::AppError;
        match e {
            SearchError::QueryTooLong { max_chars, max_words } => AppError::bad_request(
                "invalid_query",
                entente_domain::said!(
                    "err-search-query-long",
                    "q: the search text is too long: at most {chars} characters and {words} words",
                    chars = max_chars,
                    words = max_words
                ),
            ),
            SearchError::BadCursor(_) => AppError::bad_request(
                "invalid_cursor",
                entente_domain::said!("err-cursor", "cursor: not a cursor this API issued"),
            ),
            other => AppError::Internal(anyhow::anyhow!(other)),
        }
    }
}

impl From<IndexingError> for crate::error::AppError {
    fn from(e: IndexingError) -> Self {
        match e {
            IndexingError::Search(s) => s.into(),
            IndexingError::Store(s) => s.into(),
            other => crate::error::AppError::Internal(anyhow::anyhow!(other)),
        }
    }
}

/// Searches what `viewer` may see: the viewer's access tokens go with the query, so the index
/// itself keeps out (of hits, totals, scores and snippets) every item the viewer may not open.
pub async fn run(
    state: &crate::AppState,
    viewer: Viewer<'_>,
    text: &str,
    run: &SearchRun,
) -> Result<entente_search::Results, IndexingError> {
    let query =
        entente_search::Query::new(text, tokens::viewer_tokens(viewer)).limit(run.limit).cursor(run.cursor.clone());
    let index = state.search.index().clone();
    blocking(move || Ok(index.search(&query)?)).await
}
