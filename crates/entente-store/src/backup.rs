//! Backing up and restoring the database. SQLite: `VACUUM INTO`, a consistent copy taken while
//! the application keeps running, restored by putting the file in place. PostgreSQL: `pg_dump`
//! and `pg_restore` in their custom format, when PostgreSQL's client programs are on `PATH`.

use std::path::{Path, PathBuf};
use std::process::Command;

use sea_orm::{ConnectionTrait, Statement};

use crate::{Backend, Store, StoreError};

/// The database's file name inside a backup directory, by backend.
pub fn database_file(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "entente.db",
        Backend::Postgres => "entente.pgdump",
    }
}

fn file_error(path: &Path, message: impl Into<String>) -> StoreError {
    StoreError::File { path: path.display().to_string(), message: message.into() }
}

impl Store {
    /// Write a consistent copy of this SQLite database to `dest`, which must not exist yet.
    pub async fn backup_sqlite(&self, dest: &Path) -> Result<(), StoreError> {
        if self.backend() != Backend::Sqlite {
            return Err(StoreError::Rejected("VACUUM INTO backs up SQLite databases only".into()));
        }
        if dest.exists() {
            return Err(file_error(dest, "already exists; a backup never overwrites a file"));
        }
        let path = dest.to_str().ok_or_else(|| file_error(dest, "the path is not valid UTF-8"))?;
        // VACUUM INTO takes a string literal, not a bound parameter: quote it.
        let sql = format!("VACUUM INTO '{}'", path.replace('\'', "''"));
        self.reader().execute_unprepared(&sql).await?;
        Ok(())
    }

    /// How many tables the database has: 0 for a database nothing was migrated or restored into.
    pub async fn table_count(&self) -> Result<i64, StoreError> {
        let sql = match self.backend() {
            Backend::Sqlite => {
                "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            }
            Backend::Postgres => {
                "SELECT count(*) AS n FROM information_schema.tables \
                 WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            }
        };
        let db = self.reader();
        let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await?;
        Ok(match row {
            Some(r) => r.try_get::<i64>("", "n")?,
            None => 0,
        })
    }
}

/// The SQLite file a `sqlite://` URL names (without its `?options`).
pub fn sqlite_path(url: &str) -> Result<PathBuf, StoreError> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .ok_or_else(|| StoreError::BadUrl { message: format!("{url} is not a sqlite:// URL") })?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Err(StoreError::BadUrl { message: format!("{url} names no database file") });
    }
    Ok(PathBuf::from(path))
}

/// Put an SQLite backup in place as the database `url` names. The target must not be open.
/// Any `-wal`/`-shm` files of an older database there are removed first.
pub fn restore_sqlite(backup: &Path, url: &str) -> Result<(), StoreError> {
    let target = sqlite_path(url)?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| file_error(dir, format!("cannot create the directory: {e}")))?;
    }
    for suffix in ["-wal", "-shm"] {
        let mut side = target.clone().into_os_string();
        side.push(suffix);
        let side = PathBuf::from(side);
        match std::fs::remove_file(&side) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(file_error(&side, format!("cannot remove: {e}"))),
        }
    }
    // Copy beside the target, then rename over it: the target is never half written.
    let mut partial = target.clone().into_os_string();
    partial.push(".restoring");
    let partial = PathBuf::from(partial);
    std::fs::copy(backup, &partial)
        .map_err(|e| file_error(backup, format!("cannot copy to {}: {e}", partial.display())))?;
    std::fs::rename(&partial, &target)
        .map_err(|e| file_error(&target, format!("cannot put the restored file in place: {e}")))
}

/// A PostgreSQL URL split for libpq: the URL without its password, and the password.
fn libpq_target(url: &str) -> (String, Option<String>) {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else { return (url.to_string(), None) };
    let authority_end = url[scheme_end..].find(['/', '?']).map_or(url.len(), |i| scheme_end + i);
    let Some(at) = url[scheme_end..authority_end].rfind('@').map(|i| scheme_end + i) else {
        return (url.to_string(), None);
    };
    match url[scheme_end..at].split_once(':') {
        Some((user, password)) => {
            (format!("{}{user}{}", &url[..scheme_end], &url[at..]), Some(percent_decode(password)))
        }
        None => (url.to_string(), None),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The program `name` on `PATH`, or an error that says what is missing.
pub fn find_program(name: &str) -> Result<PathBuf, StoreError> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| StoreError::File {
            path: name.to_string(),
            message: "not found on PATH: PostgreSQL backups need PostgreSQL's client programs pg_dump and \
                      pg_restore (Debian: apt-get install postgresql-client)"
                .into(),
        })
}

fn run(program: &str, args: &[&std::ffi::OsStr], url: &str) -> Result<(), StoreError> {
    let exe = find_program(program)?;
    let (target, password) = libpq_target(url);
    let mut cmd = Command::new(&exe);
    cmd.args(args).arg("--dbname").arg(&target);
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    let out = cmd.output().map_err(|e| file_error(&exe, format!("cannot run: {e}")))?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    Err(StoreError::File { path: program.to_string(), message: format!("failed ({}): {}", out.status, stderr.trim()) })
}

/// Dump the PostgreSQL database `url` names to `dest` in pg_dump's custom format.
pub fn pg_dump(url: &str, dest: &Path) -> Result<(), StoreError> {
    if dest.exists() {
        return Err(file_error(dest, "already exists; a backup never overwrites a file"));
    }
    run("pg_dump", &["--format=custom".as_ref(), "--no-owner".as_ref(), "--file".as_ref(), dest.as_os_str()], url)
}

/// Restore a custom-format dump into the PostgreSQL database `url` names, in one transaction;
/// with `clean`, the objects the dump holds are dropped first.
pub fn pg_restore(dump: &Path, url: &str, clean: bool) -> Result<(), StoreError> {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "--no-owner".as_ref(),
        "--no-privileges".as_ref(),
        "--exit-on-error".as_ref(),
        "--single-transaction".as_ref(),
    ];
    if clean {
        args.push("--clean".as_ref());
        args.push("--if-exists".as_ref());
    }
    args.push(dump.as_os_str());
    run("pg_restore", &args, url)
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_go_to_the_environment() {
        assert_eq!(
            super::libpq_target("postgres://u:s%40cret@h:5432/db?sslmode=disable"),
            ("postgres://u@h:5432/db?sslmode=disable".to_string(), Some("s@cret".to_string()))
        );
        assert_eq!(super::libpq_target("postgres://u@h/db"), ("postgres://u@h/db".to_string(), None));
        assert_eq!(super::sqlite_path("sqlite://dir/x.db?mode=rwc").unwrap(), std::path::PathBuf::from("dir/x.db"));
        assert!(super::sqlite_path("sqlite::memory:").is_err());
    }
}
