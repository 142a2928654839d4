//! Test support shared by every crate's integration tests.
//!
//! Every test gets its own empty, migrated database: a temporary SQLite file by default, or a
//! fresh PostgreSQL database when `ENTENTE_TEST_DATABASE_URL` names a server (the URL of a
//! database the test user may connect to and `CREATE DATABASE` from). Set
//! `ENTENTE_TEST_BACKEND=postgres` to make a missing or unreachable server an error, so that a
//! PostgreSQL run can never silently fall back to SQLite.

#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod browser;

use std::sync::atomic::{AtomicU32, Ordering};

use entente_store::{Backend, Store};
use sqlx::{Connection, Executor, PgConnection};

/// A database for one test. Dropping it removes the database.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    _pg: Option<PgDrop>,
}

struct PgDrop {
    admin_url: String,
    name: String,
}

impl Drop for PgDrop {
    fn drop(&mut self) {
        let admin = self.admin_url.clone();
        let name = self.name.clone();
        // Drop runs inside the test's runtime: do the async cleanup on a thread of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            rt.block_on(async move {
                let mut conn = PgConnection::connect(&admin).await.ok()?;
                conn.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))).await.ok()
            })
        })
        .join();
    }
}

/// The backend the test suite runs on, from the environment.
pub fn backend() -> Backend {
    match std::env::var("ENTENTE_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => {
            assert_eq!(
                Backend::from_url(&url).ok(),
                Some(Backend::Postgres),
                "ENTENTE_TEST_DATABASE_URL must be a postgres:// URL"
            );
            Backend::Postgres
        }
        _ => {
            if std::env::var("ENTENTE_TEST_BACKEND").as_deref() == Ok("postgres") {
                panic!("ENTENTE_TEST_BACKEND=postgres but ENTENTE_TEST_DATABASE_URL is not set");
            }
            Backend::Sqlite
        }
    }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A fresh, migrated, empty database.
pub async fn test_db() -> TestDb {
    let db = match backend() {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temporary directory");
            let url = format!("sqlite://{}", dir.path().join("entente.db").display());
            let store = Store::connect(&url).await.expect("open SQLite");
            TestDb { store, url, _dir: Some(dir), _pg: None }
        }
        Backend::Postgres => {
            let admin_url = std::env::var("ENTENTE_TEST_DATABASE_URL").expect("ENTENTE_TEST_DATABASE_URL");
            let name = format!(
                "entente_test_{}_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::SeqCst),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.subsec_nanos())
                    .unwrap_or(0)
            );
            let mut admin = PgConnection::connect(&admin_url).await.unwrap_or_else(|e| {
                panic!("cannot reach the test PostgreSQL server at ENTENTE_TEST_DATABASE_URL: {e}")
            });
            admin.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\""))).await.expect("CREATE DATABASE");
            admin.close().await.ok();
            let url = with_database(&admin_url, &name);
            let store = Store::connect(&url).await.expect("connect to the test database");
            TestDb { store, url, _dir: None, _pg: Some(PgDrop { admin_url, name }) }
        }
    };
    db.store.migrate().await.expect("migrate");
    db
}

/// A fresh database with the demo network loaded (nations, sizes, groupings, formats, contacts).
pub async fn demo_db() -> TestDb {
    let db = test_db().await;
    db.store.seed_demo_network(&entente_store::Actor::system("test")).await.expect("load the demo network");
    db
}

/// A frozen copy of a database, from which identical fresh databases are made (an SQLite file, or
/// a PostgreSQL template database). Dropping it removes it.
pub struct Snapshot {
    kind: SnapshotKind,
}

enum SnapshotKind {
    Sqlite { file: std::path::PathBuf, _dir: tempfile::TempDir },
    Postgres { admin_url: String, name: String, _drop: PgDrop },
}

impl TestDb {
    /// Freeze this database. Its connections are closed (a PostgreSQL template may have none), so
    /// every handle on it — an app built on it included — stops working.
    pub async fn snapshot(self) -> Snapshot {
        match &self._pg {
            None => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let file = dir.path().join("snapshot.db");
                self.store.backup_sqlite(&file).await.expect("VACUUM INTO the snapshot");
                Snapshot { kind: SnapshotKind::Sqlite { file, _dir: dir } }
            }
            Some(pg) => {
                let admin_url = pg.admin_url.clone();
                let name = format!("{}_snap", pg.name);
                self.store.clone().close().await.expect("close the database before copying it");
                let mut admin = PgConnection::connect(&admin_url).await.expect("the test server");
                admin
                    .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\" TEMPLATE \"{}\"", pg.name)))
                    .await
                    .expect("CREATE DATABASE … TEMPLATE");
                admin.close().await.ok();
                let drop = PgDrop { admin_url: admin_url.clone(), name: name.clone() };
                Snapshot { kind: SnapshotKind::Postgres { admin_url, name, _drop: drop } }
            }
        }
    }
}

impl Snapshot {
    /// A fresh database holding exactly what the snapshot holds.
    pub async fn restore(&self) -> TestDb {
        match &self.kind {
            SnapshotKind::Sqlite { file, .. } => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let path = dir.path().join("entente.db");
                std::fs::copy(file, &path).expect("copy the snapshot");
                let url = format!("sqlite://{}", path.display());
                let store = Store::connect(&url).await.expect("open SQLite");
                TestDb { store, url, _dir: Some(dir), _pg: None }
            }
            SnapshotKind::Postgres { admin_url, name, .. } => {
                let copy = format!("{name}_{}", COUNTER.fetch_add(1, Ordering::SeqCst));
                let mut admin = PgConnection::connect(admin_url).await.expect("the test server");
                admin
                    .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{copy}\" TEMPLATE \"{name}\"")))
                    .await
                    .expect("CREATE DATABASE … TEMPLATE");
                admin.close().await.ok();
                let url = with_database(admin_url, &copy);
                let store = Store::connect(&url).await.expect("connect to the copy");
                TestDb { store, url, _dir: None, _pg: Some(PgDrop { admin_url: admin_url.clone(), name: copy }) }
            }
        }
    }
}

/// Replace the database name in a PostgreSQL URL.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..].find('/').map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{}", &base[..host_end], name);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_name_is_replaced() {
        assert_eq!(super::with_database("postgres://u@h:5432/postgres", "x"), "postgres://u@h:5432/x");
        assert_eq!(super::with_database("postgres://u@h", "x"), "postgres://u@h/x");
        assert_eq!(super::with_database("postgres://u@h/db?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
    }
}

impl TestDb {
    /// The same database through connections of its own, as a second server process has: its
    /// own pools and its own registry snapshot. The database is still removed with `self`.
    pub async fn another_process(&self) -> TestDb {
        let store = Store::connect(&self.url).await.expect("a second connection to the test database");
        TestDb { store, url: self.url.clone(), _dir: None, _pg: None }
    }
}

/// The application in-process, on its own database.
pub struct TestApp {
    pub db: TestDb,
    /// The app's search index, in a temporary directory of its own.
    pub search: entente_web::search::Search,
    /// The application's state, for what runs beside the router (reminders, the mailer).
    pub state: entente_web::AppState,
    router: axum::Router,
    _search_dir: tempfile::TempDir,
}

/// A response, read in full.
#[derive(Debug)]
pub struct TestResponse {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn json(&self) -> serde_json_value::Value {
        serde_json_value::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A signed-in browser session: the session cookie and the CSRF token its forms carry.
#[derive(Debug, Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// An account made for a test, with its password.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: i64,
    pub username: String,
    pub password: String,
}

/// Re-exported so tests need no JSON crate of their own.
pub mod serde_json_value {
    pub use serde_json::{Value, from_str};
}

impl TestApp {
    /// The application over the demo network.
    pub async fn demo() -> TestApp {
        let db = demo_db().await;
        let dir = tempfile::tempdir().expect("a temporary directory for the search index");
        let (search, _) = entente_web::search::Search::open_current(dir.path(), &db.store)
            .await
            .expect("the search index opens in a temporary directory");
        let state = entente_web::AppState::new(
            db.store.clone(),
            entente_web::WebConfig { demo: true, ..Default::default() },
            search.clone(),
        );
        TestApp { router: entente_web::app(state.clone()), state, db, search, _search_dir: dir }
    }

    /// The application over an existing database, with an empty search index in memory (for
    /// databases restored from a [`Snapshot`]; call [`TestApp::reindex`] if search matters).
    pub async fn on(db: TestDb) -> TestApp {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let search = entente_web::search::Search::in_memory().expect("an index in memory");
        let state = entente_web::AppState::new(
            db.store.clone(),
            entente_web::WebConfig { demo: true, ..Default::default() },
            search.clone(),
        );
        TestApp { router: entente_web::app(state.clone()), state, db, search, _search_dir: dir }
    }

    /// Freeze the app's database (the app stops working); see [`TestDb::snapshot`].
    pub async fn into_snapshot(self) -> Snapshot {
        let TestApp { db, router, state, .. } = self;
        drop((router, state));
        db.snapshot().await
    }

    /// Rebuild the search index from the database (after fixtures written straight to the store).
    pub async fn reindex(&self) -> usize {
        self.search.rebuild(&self.db.store).await.expect("the search index rebuilds")
    }

    /// Serve the application on a free loopback port, for real-port and browser tests.
    /// Returns the base URL (`http://127.0.0.1:PORT`).
    pub async fn serve(&self) -> String {
        self.serve_with(entente_web::server::Limits::default()).await
    }

    /// As [`TestApp::serve`], with the server's connection limits given.
    pub async fn serve_with(&self, limits: entente_web::server::Limits) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = self.router.clone();
        tokio::spawn(async move {
            let _ = entente_web::server::serve(listener, router, limits, std::future::pending()).await;
        });
        format!("http://{addr}")
    }

    /// The demo's synthetic cooperation year (about 1,400 activities, seat requests from 33
    /// delegations, one published allocation), acted out by accounts made for it: `coop.staff` and
    /// `coop.xxx` for each delegation.
    pub async fn with_cooperation_year(&self) -> entente_web::demo_cooperation::Seeded {
        use entente_domain::access::{Affiliation, Principal, Role};
        let principal = |u: &TestUser, affiliation: Affiliation, role: Role| Principal {
            user_id: u.id,
            username: u.username.clone(),
            affiliation,
            role,
        };
        let staff = self.user("coop.staff", None, Role::StaffAdmin).await;
        let staff = principal(&staff, Affiliation::Staff, Role::StaffAdmin);
        let mut delegations = std::collections::HashMap::new();
        for code in entente_web::demo_cooperation::delegations() {
            let u = self.user(&format!("coop.{}", code.to_lowercase()), Some(code), Role::DelegationMember).await;
            let p = principal(&u, Affiliation::Nation(code.parse().unwrap()), Role::DelegationMember);
            delegations.insert(code.to_string(), p);
        }
        entente_web::demo_cooperation::seed_cooperation(&self.db.store, &staff, |c| delegations.get(c).cloned())
            .await
            .unwrap()
    }

    /// The demo's synthetic event history (ACLED and GDELT 2.0 over the demo's region, surges in
    /// the last complete week in Mopti, Tunis and Donetsk), imported and detected on.
    pub async fn with_event_history(&self) -> entente_web::demo_events::Seeded {
        let dir = tempfile::tempdir().expect("temporary directory");
        entente_web::demo_events::seed_events(&self.db.store, chrono::Utc::now().date_naive(), dir.path())
            .await
            .expect("the demo event history")
    }

    /// A small event history (ACLED, 80 quiet weeks of IED attacks in Mopti, Mali, then a surge
    /// in the last complete week), imported and detected on: a few alerts, a few hundred rows, for
    /// tests that need an alert but not the demo's volume.
    pub async fn with_small_event_history(&self) -> usize {
        let dir = tempfile::tempdir().expect("temporary directory");
        let s = small_acled_history();
        let path = dir.path().join("test-acled.csv");
        std::fs::write(&path, s).expect("write the test history");
        let actor = entente_store::Actor::system("test");
        let job = entente_store::warning::ImportJob {
            path: path.clone(),
            name: "test-acled.csv".into(),
            tables: std::sync::Arc::new(entente_warning::parse::Tables::embedded().expect("tables")),
            opts: entente_warning::ingest::ImportOptions {
                format: None,
                policy: entente_warning::ErrorPolicy::FailFast,
                threads: 1,
                block: entente_warning::scan::BLOCK,
            },
            actor: &actor,
            action: "events.imported",
        };
        self.db.store.import_event_file(job, |_| {}).await.expect("import the test history");
        self.db.store.detect_and_record(1, &actor, "alerts.detected").await.expect("detect").0.len()
    }

    /// Create an account directly in the store (`nation` None = staff).
    pub async fn user(&self, username: &str, nation: Option<&str>, role: entente_domain::access::Role) -> TestUser {
        use entente_domain::access::Affiliation;
        let password = format!("{username} uses a long test passphrase");
        let hash = entente_web::auth::secrets::hash_password(password.clone()).await.unwrap();
        let affiliation = match nation {
            Some(n) => Affiliation::Nation(n.parse().unwrap()),
            None => Affiliation::Staff,
        };
        let a = self
            .db
            .store
            .create_account(
                &entente_store::Actor::system("test"),
                entente_store::accounts::NewAccount {
                    username: username.into(),
                    display_name: format!("{username} (test)"),
                    email: None,
                    affiliation,
                    role,
                    password_hash: hash,
                    must_change_password: false,
                    demo: false,
                },
            )
            .await
            .unwrap();
        TestUser { id: a.id, username: username.into(), password }
    }

    /// A day's API token for an account, made straight in the store: the secret and the token's id.
    pub async fn api_token(&self, user_id: i64, name: &str) -> (String, i64) {
        let t = entente_web::auth::secrets::new_api_token().unwrap();
        let r = self
            .db
            .store
            .create_token(
                &entente_store::Actor::system("test"),
                user_id,
                name,
                &t.hash,
                &t.prefix,
                chrono::Utc::now() + chrono::Duration::days(1),
            )
            .await
            .unwrap();
        (t.secret, r.id)
    }

    /// Sign in through the login form, as a browser would; panics if sign-in fails.
    pub async fn login(&self, user: &TestUser) -> Session {
        self.try_login(&user.username, &user.password)
            .await
            .unwrap_or_else(|r| panic!("sign-in failed: {} {}", r.status, r.body))
    }

    /// The same application with its web configuration changed by `change`.
    pub fn configured(self, change: impl FnOnce(&mut entente_web::WebConfig)) -> TestApp {
        let TestApp { db, search, state, _search_dir, .. } = self;
        let mut config = state.config.clone();
        change(&mut config);
        let state = entente_web::AppState::new(db.store.clone(), config, search.clone());
        TestApp { router: entente_web::app(state.clone()), state, db, search, _search_dir }
    }

    /// The same application behind a reverse proxy it trusts: the client's address is the
    /// `X-Forwarded-For` header's (see [`TestApp::try_login_from`]).
    pub fn trusting_proxy(self) -> TestApp {
        let TestApp { db, search, state, _search_dir, .. } = self;
        let config = entente_web::WebConfig { trust_proxy: true, ..state.config.clone() };
        let state = entente_web::AppState::new(db.store.clone(), config, search.clone());
        TestApp { router: entente_web::app(state.clone()), state, db, search, _search_dir }
    }

    /// Sign in; the login page's response when it does not succeed.
    pub async fn try_login(&self, username: &str, password: &str) -> Result<Session, TestResponse> {
        self.try_login_from(None, username, password).await
    }

    /// Sign in from a client address (honoured by an app [`TestApp::trusting_proxy`]).
    pub async fn try_login_from(
        &self,
        ip: Option<&str>,
        username: &str,
        password: &str,
    ) -> Result<Session, TestResponse> {
        let page = self.get_with("/login", &ip.map(|ip| ("x-forwarded-for", ip)).into_iter().collect::<Vec<_>>()).await;
        let pre = cookie_from(&page, "entente_pre").expect("the login page sets its form cookie");
        let body = form_body(&[("username", username), ("password", password), ("csrf", &pre), ("next", "/")]);
        let mut req = axum::http::Request::post("/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", format!("entente_pre={pre}"));
        if let Some(ip) = ip {
            req = req.header("x-forwarded-for", ip);
        }
        let r = self.request(req.body(axum::body::Body::from(body)).unwrap()).await;
        let Some(cookie) = cookie_from(&r, "entente_session") else { return Err(r) };
        let account = self.get_with("/account", &[("cookie", &format!("entente_session={cookie}"))]).await;
        let csrf = csrf_from(&account.body).unwrap_or_default();
        Ok(Session { cookie: format!("entente_session={cookie}"), csrf })
    }

    pub async fn get_as(&self, path: &str, session: &Session) -> TestResponse {
        self.get_with(path, &[("cookie", &session.cookie)]).await
    }

    /// POST a form; with a session, its cookie and CSRF token go along.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)], session: Option<&Session>) -> TestResponse {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        let mut req = axum::http::Request::post(path).header("content-type", "application/x-www-form-urlencoded");
        if let Some(s) = session {
            req = req.header("cookie", &s.cookie);
            if !fields.iter().any(|(k, _)| *k == "csrf") {
                all.push(("csrf", &s.csrf));
            }
        }
        self.request(req.body(axum::body::Body::from(form_body(&all))).unwrap()).await
    }

    /// A JSON API call with an optional bearer token.
    pub async fn api(
        &self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
        token: Option<&str>,
    ) -> TestResponse {
        let mut req = axum::http::Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let body = match body {
            Some(v) => {
                req = req.header("content-type", "application/json");
                axum::body::Body::from(v.to_string())
            }
            None => axum::body::Body::empty(),
        };
        self.request(req.body(body).unwrap()).await
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(axum::http::Request::get(path).body(axum::body::Body::empty()).unwrap()).await
    }

    /// GET with extra headers, e.g. `[("cookie", "entente_lang=fr")]`.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut req = axum::http::Request::get(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.request(req.body(axum::body::Body::empty()).unwrap()).await
    }

    pub async fn request(&self, req: axum::http::Request<axum::body::Body>) -> TestResponse {
        use http_body_util::BodyExt;
        use tower::ServiceExt;
        let response = self.router.clone().oneshot(req).await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }
}

/// A client for an app served on a real port ([`TestApp::serve`]): each request opens its own
/// connection, so many can run at once.
#[derive(Clone)]
pub struct PortClient {
    base: String,
    client: hyper_util::client::legacy::Client<hyper_util::client::legacy::connect::HttpConnector, axum::body::Body>,
}

impl PortClient {
    pub fn new(base: &str) -> PortClient {
        let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .build(hyper_util::client::legacy::connect::HttpConnector::new());
        PortClient { base: base.trim_end_matches('/').to_string(), client }
    }

    /// POST a form as `session` over the network (its cookie and CSRF token go along).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)], session: &Session) -> TestResponse {
        use http_body_util::BodyExt;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf", &session.csrf));
        let req = axum::http::Request::post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", &session.cookie)
            .body(axum::body::Body::from(form_body(&all)))
            .unwrap();
        let response = self.client.request(req).await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }
}

fn form_body(fields: &[(&str, &str)]) -> String {
    fields.iter().map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v))).collect::<Vec<_>>().join("&")
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The value a response sets for cookie `name`, if any (empty values count as none).
pub fn cookie_from(r: &TestResponse, name: &str) -> Option<String> {
    r.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v.to_string())
}

/// The CSRF token a page's forms carry.
pub fn csrf_from(html: &str) -> Option<String> {
    let i = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    let rest = &html[i..];
    Some(rest[..rest.find('"')?].to_string())
}

/// The ACLED file of [`TestApp::with_small_event_history`]: 80 quiet weeks of IED attacks in
/// Mopti, Mali, then a surge of 30 in the last complete week.
pub fn small_acled_history() -> String {
    use entente_warning::date::Day;
    let last = entente_warning::alert::last_complete_week(Day::from(chrono::Utc::now().date_naive()));
    let start = Day::monday_of_week_index(last - 80);
    let mut s = entente_warning::parse::acled::COLUMNS.join(",");
    s.push('\n');
    let mut n = 0;
    for week in 0..81 {
        let count = if week == 80 { 30 } else { 2 + (week % 3) };
        for i in 0..count {
            n += 1;
            let day = Day(start.0 + week * 7 + (i % 7));
            s.push_str(&format!(
                "TEST{n},{day},2024,1,Political violence,Explosions/Remote violence,Remote explosive/landmine/IED,JNIM,,2,Civilians (Mali),,7,27,,466,Western Africa,Mali,Mopti,Bandiagara,,Town {i},14.3,-3.6,1,Test source,National,Test event {n},{},,1700000000\n",
                i % 2
            ));
        }
    }
    s
}
