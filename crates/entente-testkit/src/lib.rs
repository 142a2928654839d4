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
    db.store.seed_demo_network().await.expect("load the demo network");
    db
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

/// The application in-process, on its own database.
pub struct TestApp {
    pub db: TestDb,
    router: axum::Router,
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

/// Re-exported so tests need no JSON crate of their own.
pub mod serde_json_value {
    pub use serde_json::{Value, from_str};
}

impl TestApp {
    /// The application over the demo network.
    pub async fn demo() -> TestApp {
        let db = demo_db().await;
        let state = entente_web::AppState::new(db.store.clone(), entente_web::WebConfig { demo: true });
        TestApp { router: entente_web::app(state), db }
    }

    /// Serve the application on a free loopback port, for real-port and browser tests.
    /// Returns the base URL (`http://127.0.0.1:PORT`).
    pub async fn serve(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = self.router.clone();
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        format!("http://{addr}")
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
