//! The `entente` binary, run as a user would: exit codes, messages, files in and out.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod golden;

use std::path::Path;
use std::process::{Command, Output};

fn entente(args: &[&str], dir: &Path, db: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(args)
        .current_dir(dir)
        .env("ENTENTE_DATABASE_URL", db)
        .env("ENTENTE_LOG", "warn")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A database URL for one test: an SQLite file in `dir`, or a fresh PostgreSQL database.
async fn database(dir: &Path) -> (String, Option<entente_testkit::TestDb>) {
    match entente_testkit::backend() {
        entente_store::Backend::Sqlite => (format!("sqlite://{}", dir.join("cli.db").display()), None),
        entente_store::Backend::Postgres => {
            let db = entente_testkit::test_db().await;
            (db.url.clone(), Some(db))
        }
    }
}

const NETWORK: &str = "../../data/nato_network.csv";
const SIZES: &str = "../../data/nation_size.csv";

#[tokio::test]
async fn import_is_idempotent_and_export_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _keep) = database(dir.path()).await;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let network = root.join(NETWORK);
    let sizes = root.join(SIZES);
    let o = entente(&["network", "import", network.to_str().unwrap(), sizes.to_str().unwrap()], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("membership periods"), "{}", text(&o));
    let o = entente(&["network", "import", network.to_str().unwrap()], dir.path(), &db);
    assert!(o.status.success());
    assert!(text(&o).contains("nothing changed"), "{}", text(&o));

    let o = entente(&["network", "members", "ALLIANCE", "--as-of", "2013-01-01"], dir.path(), &db);
    assert!(text(&o).contains("on 2013-01-01: 28"), "{}", text(&o));
    let o = entente(&["network", "members", "pfp", "--as-of", "2014-04-01"], dir.path(), &db);
    assert!(text(&o).contains("suspended: RUS"), "{}", text(&o));

    let exported = dir.path().join("export.csv");
    let o = entente(&["network", "export", "-o", exported.to_str().unwrap()], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    let o = entente(&["network", "import", exported.to_str().unwrap()], dir.path(), &db);
    assert!(text(&o).contains("nothing changed"), "re-importing the export changes nothing: {}", text(&o));
    let o = entente(&["network", "export", "--format", "json"], dir.path(), &db);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["memberships"].as_array().unwrap().len(), 92);
    // Verb first works the same.
    let o = entente(&["import", "network", exported.to_str().unwrap()], dir.path(), &db);
    assert!(text(&o).contains("nothing changed"), "{}", text(&o));
    let o = entente(&["export", "network", "--format", "json"], dir.path(), &db);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap(), v);
}

#[tokio::test]
async fn a_bad_file_names_every_bad_row_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _keep) = database(dir.path()).await;
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "code,name,kind,framework,joined,left,region,note\n\
         FIN,Finland,member,ALLIANCE,2023-04-04,,Northern Europe,\n\
         SWE,Sweden,member,NATO,2024-03-07,,Northern Europe,\n\
         NOR,Norway,member,ALLIANCE,1949-13-01,,Northern Europe,\n",
    )
    .unwrap();
    let o = entente(&["network", "import", bad.to_str().unwrap()], dir.path(), &db);
    assert_eq!(o.status.code(), Some(2), "bad input exits 2: {}", text(&o));
    let out = text(&o);
    assert!(out.contains("bad.csv: 2 errors found, nothing was imported"), "{out}");
    assert!(out.contains("line 3, column framework: unknown framework 'NATO'"), "{out}");
    assert!(out.contains("line 4, column joined: '1949-13-01' is not a date"), "{out}");
    let o = entente(&["network", "members", "ALLIANCE"], dir.path(), &db);
    assert!(text(&o).contains(": 0"), "nothing was written: {}", text(&o));

    let unknown = dir.path().join("other.csv");
    std::fs::write(&unknown, "a,b\n1,2\n").unwrap();
    let o = entente(&["network", "import", unknown.to_str().unwrap()], dir.path(), &db);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("other.csv: line 1: not a file Entente imports"), "{}", text(&o));
    let o = entente(&["network", "import", "missing.csv"], dir.path(), &db);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("cannot read missing.csv"), "{}", text(&o));
}

#[test]
fn unknown_database_schemes_and_bad_flags_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let o = entente(&["migrate"], dir.path(), "mysql://root@localhost/entente");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("unsupported database URL scheme 'mysql'"), "{}", text(&o));
    let o = entente(&["network", "members", "ALLIANCE", "--as-of", "tomorrow"], dir.path(), "sqlite://x.db");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("--as-of: 'tomorrow' is not a date"));
    let o = entente(&["frobnicate"], dir.path(), "sqlite://x.db");
    assert_eq!(o.status.code(), Some(2));
    let bad_config = dir.path().join("bad.toml");
    std::fs::write(&bad_config, "prot = 1\n").unwrap();
    let o = entente(&["--config", bad_config.to_str().unwrap(), "migrate"], dir.path(), "sqlite://x.db");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("prot"), "{}", text(&o));
}

#[test]
fn every_command_documents_itself() {
    let dir = tempfile::tempdir().unwrap();
    let o = entente(&["serve", "--help"], dir.path(), "sqlite://x.db");
    let help = text(&o);
    for option in ["--host", "--port", "--database", "--data-dir", "--config", "--log", "--log-format", "Example"] {
        assert!(help.contains(option), "serve --help lacks {option}");
    }
    for cmd in [
        &["demo"][..],
        &["migrate"],
        &["network", "import"],
        &["network", "export"],
        &["format", "add"],
        &["contact", "add"],
        &["search", "reindex"],
        &["audit", "verify"],
        &["audit", "checkpoint"],
        &["backup"],
        &["restore"],
    ] {
        let mut args = cmd.to_vec();
        args.push("--help");
        let o = entente(&args, dir.path(), "sqlite://x.db");
        assert!(o.status.success());
        assert!(text(&o).contains("Example"), "{cmd:?} --help has no example");
    }
}

#[tokio::test]
async fn formats_and_contacts_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _keep) = database(dir.path()).await;
    let o = entente(&["demo", "--load-only"], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    let o = entente(&["demo", "--load-only"], dir.path(), &db);
    assert!(text(&o).contains("already loaded"), "{}", text(&o));
    let o = entente(
        &["format", "add", "allies-moldova", "--name", "Allies + Moldova", "--allies", "--partner", "mda"],
        dir.path(),
        &db,
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = entente(&["format", "show", "allies-moldova", "--as-of", "2020-01-01"], dir.path(), &db);
    assert!(text(&o).contains("on 2020-01-01: allies 29, partners 1"), "{}", text(&o));
    let o = entente(&["format", "add", "empty", "--name", "Nobody"], dir.path(), &db);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("a format needs participants"), "{}", text(&o));
    let o = entente(&["contact", "add", "MDA", "--name", "Ion Popescu", "--email", "ion@example.md"], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    let o = entente(&["contact", "list", "MDA"], dir.path(), &db);
    assert!(text(&o).contains("Ion Popescu"));
    let o = entente(&["contact", "list", "ZZZ"], dir.path(), &db);
    assert_eq!(o.status.code(), Some(2));
}

#[tokio::test]
async fn accounts_from_the_command_line_and_the_audit_chain() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _keep) = database(dir.path()).await;
    let o = entente(&["demo", "--load-only"], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    for demo in ["staff.admin", "nor.lead", "ukr.member", "mlt.lead", "eu.lead"] {
        assert!(out.contains(demo), "the demo prints its accounts: {out}");
    }
    let o = entente(
        &["user", "add", "mlt.deputy", "--name", "Deputy", "--nation", "mlt", "--role", "delegation_member"],
        dir.path(),
        &db,
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("temporary password"));
    let o = entente(&["user", "add", "x", "--name", "X", "--staff", "--role", "delegation_lead"], dir.path(), &db);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let o =
        entente(&["user", "add", "bad.staff", "--name", "X", "--staff", "--role", "delegation_lead"], dir.path(), &db);
    assert!(text(&o).contains("does not fit"), "{}", text(&o));
    let o = entente(&["user", "grant", "mlt.deputy", "delegation_lead"], dir.path(), &db);
    assert!(text(&o).contains("mlt.deputy is now delegation_lead"), "{}", text(&o));
    let o = entente(&["user", "disable", "mlt.deputy"], dir.path(), &db);
    assert!(o.status.success());
    let o = entente(&["user", "list", "--nation", "MLT"], dir.path(), &db);
    let listing = text(&o);
    assert!(
        listing.contains("mlt.deputy") && listing.contains("disabled") && !listing.contains("ukr.lead"),
        "{listing}"
    );
    let o = entente(&["user", "reset-password", "mlt.deputy"], dir.path(), &db);
    assert!(text(&o).contains("temporary password for mlt.deputy"));
    let o = entente(&["user", "disable", "nobody"], dir.path(), &db);
    assert_eq!(o.status.code(), Some(2));

    let o = entente(&["audit", "verify"], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("chain intact"), "{}", text(&o));
    // Tamper with an entry behind the application's back: verification names it and fails.
    let conn = sea_orm::Database::connect(&db).await.unwrap();
    use sea_orm::ConnectionTrait;
    conn.execute_unprepared("UPDATE audit_entry SET action = 'nothing.happened' WHERE seq = 5").await.unwrap();
    conn.close().await.unwrap();
    let o = entente(&["audit", "verify"], dir.path(), &db);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("broken at entry 5"), "{}", text(&o));
}

#[tokio::test]
async fn the_search_index_is_rebuilt_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _keep) = database(dir.path()).await;
    let o = entente(&["demo", "--load-only"], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    let index = dir.path().join("idx");
    let o = entente(&["search", "reindex", "--dir", index.to_str().unwrap()], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("items indexed into"), "{}", text(&o));
    assert!(index.join("meta.json").exists());
    assert!(index.join("entente-stamp").exists());
}

/// `entente … | head -1`: the reader closes the pipe before the command has written everything.
/// The command stops quietly with success, never with a panic about a broken pipe.
#[tokio::test]
async fn a_closed_output_pipe_ends_the_command_quietly() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let (db, _keep) = database(dir.path()).await;
    let network = Path::new(env!("CARGO_MANIFEST_DIR")).join(NETWORK);
    let o = entente(&["network", "import", network.to_str().unwrap()], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    let generate = ["events", "generate", "--format", "gdelt2", "--rows", "200000", "--seed", "1", "-o", "-"];
    for args in [&["network", "members", "ALLIANCE"][..], &["network", "export", "--format", "json"][..], &generate[..]]
    {
        let mut child = Command::new(env!("CARGO_BIN_EXE_entente"))
            .args(args)
            .current_dir(dir.path())
            .env("ENTENTE_DATABASE_URL", &db)
            .env("ENTENTE_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the read end at once: every write the command makes meets a closed pipe.
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success() && !err.contains("panicked"), "{args:?}: {:?} {err}", o.status.code());
    }
}

/// A fresh database with nothing in it (no tables): an SQLite file not yet created, or a new
/// PostgreSQL database, dropped at the end.
struct EmptyDb {
    url: String,
    admin: Option<(String, String)>,
}

impl Drop for EmptyDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.admin.take() {
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                rt.block_on(async move {
                    use sea_orm::ConnectionTrait;
                    let conn = sea_orm::Database::connect(&admin).await.ok()?;
                    conn.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await.ok()
                })
            })
            .join();
        }
    }
}

async fn empty_database(dir: &Path, name: &str) -> EmptyDb {
    match entente_testkit::backend() {
        entente_store::Backend::Sqlite => {
            EmptyDb { url: format!("sqlite://{}", dir.join(format!("{name}.db")).display()), admin: None }
        }
        entente_store::Backend::Postgres => {
            use sea_orm::ConnectionTrait;
            let admin = std::env::var("ENTENTE_TEST_DATABASE_URL").unwrap();
            let db = format!(
                "entente_cli_{name}_{}_{}",
                std::process::id(),
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
            );
            let conn = sea_orm::Database::connect(&admin).await.unwrap();
            conn.execute_unprepared(&format!("CREATE DATABASE \"{db}\"")).await.unwrap();
            conn.close().await.unwrap();
            let (base, _) = admin.rsplit_once('/').unwrap();
            EmptyDb { url: format!("{base}/{db}"), admin: Some((admin.clone(), db)) }
        }
    }
}

#[tokio::test]
async fn import_errors_name_the_physical_line_of_crlf_files() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _keep) = database(dir.path()).await;
    let shipped = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(NETWORK)).unwrap();
    assert!(shipped.contains("\r\n"), "the shipped network file uses CRLF");
    let mut lines: Vec<String> = shipped.split("\r\n").map(str::to_string).collect();
    lines[1] = lines[1].replacen(",ALLIANCE,", ",NATOX,", 1);
    lines[5] = lines[5].replacen(",ALLIANCE,", ",ALLIANCE,1949-13-45,", 1);
    let bad = dir.path().join("network.csv");
    std::fs::write(&bad, lines.join("\r\n")).unwrap();
    let o = entente(&["network", "import", "--dry-run", bad.to_str().unwrap()], dir.path(), &db);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("network.csv: line 2, column framework: unknown framework 'NATOX'"), "{}", text(&o));
    assert!(text(&o).contains("network.csv: line 6: 9 fields, but the header has 8 columns"), "{}", text(&o));
}

#[tokio::test]
async fn empty_and_non_utf8_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _keep) = database(dir.path()).await;
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let o = entente(&["network", "import", empty.to_str().unwrap()], dir.path(), &db);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("empty.csv: line 1: the file is empty (0 bytes); expected the header"), "{}", text(&o));
    std::fs::write(&empty, "\r\n\r\n").unwrap();
    let o = entente(&["network", "import", empty.to_str().unwrap()], dir.path(), &db);
    assert!(text(&o).contains("empty.csv: line 1: the file is empty: it holds only blank lines"), "{}", text(&o));
    let latin1 = dir.path().join("latin1.csv");
    let mut bytes =
        b"code,name,kind,framework,joined,left,region,note\r\nAUT,Austria,partner_state,PFP,1995-02-10,,Europe,\r\n"
            .to_vec();
    bytes.extend_from_slice(b"CHE,Conf\xe9d\xe9ration suisse,partner_state,PFP,1996-12-11,,Europe,\r\n");
    std::fs::write(&latin1, bytes).unwrap();
    let o = entente(&["network", "import", latin1.to_str().unwrap()], dir.path(), &db);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("latin1.csv: line 3, column name: not valid UTF-8: byte 0xE9 after 4 characters"),
        "{}",
        text(&o)
    );
}

/// `audit verify` with checkpoints: an untouched chain passes; deleting the newest entries and
/// rewriting the head row passes the chain check but fails against the checkpoint and --expect.
#[tokio::test]
async fn audit_checkpoints_catch_a_truncated_log() {
    use sea_orm::ConnectionTrait;
    let dir = tempfile::tempdir().unwrap();
    let (db, _keep) = database(dir.path()).await;
    let data = dir.path().join("data");
    let data_dir = data.to_str().unwrap();
    let o = entente(&["demo", "--load-only", "--data-dir", data_dir], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    let o = entente(&["audit", "verify", "--data-dir", data_dir], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("no checkpoint file at"), "{}", text(&o));
    let o = entente(&["audit", "checkpoint", "--data-dir", data_dir], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("created the audit signing key"), "{}", text(&o));
    let head = text(&o).lines().find_map(|l| l.strip_prefix("head ")).unwrap().to_string();
    let seq: i64 = head.split(':').next().unwrap().parse().unwrap();
    assert!(data.join("checkpoints.log").exists() && data.join("audit-signing.key").exists());
    let o = entente(&["audit", "verify", "--data-dir", data_dir, "--expect", &head], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("chain intact") && text(&o).contains("1 checkpoint in"), "{}", text(&o));

    let keep = seq - 5;
    let conn = sea_orm::Database::connect(&db).await.unwrap();
    conn.execute_unprepared(&format!("DELETE FROM audit_entry WHERE seq > {keep}")).await.unwrap();
    conn.execute_unprepared(&format!(
        "UPDATE audit_head SET seq = {keep}, hash = (SELECT hash FROM audit_entry WHERE seq = {keep})"
    ))
    .await
    .unwrap();
    conn.close().await.unwrap();
    let o = entente(&["audit", "verify", "--data-dir", data_dir, "--expect", &head], dir.path(), &db);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains(&format!("{keep} entries, chain intact")), "the chain alone verifies: {out}");
    assert!(out.contains("checkpoint on line 1 of"), "{out}");
    assert!(out.contains(&format!("entries {} to {seq} are missing: the log was truncated", keep + 1)), "{out}");
    assert!(out.contains(&format!("expected head {head}")), "{out}");
    let o = entente(&["audit", "verify", "--expect", "12:xyz"], dir.path(), &db);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

/// Back up a loaded database (with a checkpoint file), restore it into an empty database, and
/// verify the restored audit chain; a non-empty target is refused without --force.
#[tokio::test]
async fn backup_and_restore_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _keep) = database(dir.path()).await;
    let data = dir.path().join("data");
    let data_dir = data.to_str().unwrap();
    let o = entente(&["demo", "--load-only", "--data-dir", data_dir], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    let o = entente(&["audit", "checkpoint", "--data-dir", data_dir], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    let backup = dir.path().join("backup");
    let o = entente(&["backup", backup.to_str().unwrap(), "--data-dir", data_dir], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    assert!(backup.join("manifest.json").exists() && backup.join("checkpoints.log").exists(), "{}", text(&o));
    let o = entente(&["backup", backup.to_str().unwrap(), "--data-dir", data_dir], dir.path(), &db);
    assert_eq!(o.status.code(), Some(2), "a backup never overwrites: {}", text(&o));

    // Into an empty database, on a machine with a data directory of its own.
    let target = empty_database(dir.path(), "restored").await;
    let other = dir.path().join("other");
    let other_dir = other.to_str().unwrap();
    let o = entente(&["restore", backup.to_str().unwrap(), "--data-dir", other_dir], dir.path(), &target.url);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("audit chain verified"), "{}", text(&o));
    assert!(other.join("checkpoints.log").exists());
    let o = entente(&["audit", "verify", "--data-dir", other_dir], dir.path(), &target.url);
    assert!(o.status.success() && text(&o).contains("chain intact"), "{}", text(&o));
    let o = entente(&["network", "members", "ALLIANCE", "--as-of", "2024-03-07"], dir.path(), &target.url);
    assert!(text(&o).contains("on 2024-03-07: 32"), "{}", text(&o));
    let o = entente(&["user", "list", "--nation", "MLT"], dir.path(), &target.url);
    assert!(text(&o).contains("mlt.lead"), "{}", text(&o));

    // The target now has tables: refused, then replaced with --force.
    let o = entente(&["restore", backup.to_str().unwrap(), "--data-dir", other_dir], dir.path(), &target.url);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("is not empty") && text(&o).contains("--force"), "{}", text(&o));
    let o =
        entente(&["restore", backup.to_str().unwrap(), "--force", "--data-dir", other_dir], dir.path(), &target.url);
    assert!(o.status.success(), "{}", text(&o));
    // A backup of the other kind of database is refused with a clear message.
    let wrong = match entente_testkit::backend() {
        entente_store::Backend::Sqlite => "postgres://nobody@127.0.0.1:1/none".to_string(),
        entente_store::Backend::Postgres => format!("sqlite://{}", dir.path().join("x.db").display()),
    };
    let o = entente(&["restore", backup.to_str().unwrap(), "--data-dir", other_dir], dir.path(), &wrong);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("restore it into a database of the same kind"), "{}", text(&o));
}

#[test]
fn postgres_backups_say_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(["backup", dir.path().join("b").to_str().unwrap()])
        .current_dir(dir.path())
        .env("ENTENTE_DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .env("ENTENTE_LOG", "warn")
        .env("PATH", dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("pg_dump: not found on PATH"), "{}", text(&o));
}

#[tokio::test]
async fn the_evaluation_report_exports_its_numbers_and_names_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _keep) = database(dir.path()).await;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (network, sizes) = (root.join(NETWORK), root.join(SIZES));
    let o = entente(&["network", "import", network.to_str().unwrap(), sizes.to_str().unwrap()], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));

    let o = entente(&["evaluation", "report", "--format", "csv"], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    let csv = String::from_utf8(o.stdout).unwrap();
    assert!(csv.starts_with("question,figure,row,column,value\n"), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("q5,q5-path,") && l.ends_with(",nation,POL")), "{csv}");

    let out = dir.path().join("figures.json");
    let o = entente(&["evaluation", "report", "--from", "2000", "-o", out.to_str().unwrap()], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    let all: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 8);
    assert_eq!((all[0]["question"].as_str(), all[0]["from"].as_i64()), (Some("q1"), Some(2000)));
    let q6 = |all: &serde_json::Value| {
        all.as_array().unwrap().iter().find(|a| a["question"] == "q6").unwrap()["size"].clone()
    };
    assert_eq!(q6(&all), "population", "Q6 by population unless asked");
    let o = entente(&["evaluation", "report", "--size", "gdp", "--format", "json"], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(q6(&serde_json::from_slice(&o.stdout).unwrap()), "gdp");
    let o = entente(&["evaluation", "report", "--size", "area"], dir.path(), &db);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--size"), "{}", text(&o));

    let o = entente(&["evaluation", "report", "--from", "2020", "--to", "2010"], dir.path(), &db);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("from: 2020 is after to (2010)"), "{}", text(&o));
    let o = entente(&["evaluation", "report", "--lang", "de"], dir.path(), &db);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("--lang: 'de' is not en or fr"), "{}", text(&o));
    let o = entente(&["evaluation", "report", "--format", "pdf"], dir.path(), &db);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("-o report.pdf"), "{}", text(&o));
}

/// An interrupted batch is run again as it was: files imported before are skipped with a line
/// saying so and the rest imported; a batch with nothing new is refused (exit 2), naming why.
#[tokio::test]
async fn a_batch_run_again_skips_the_files_imported_before() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _keep) = database(dir.path()).await;
    for (seed, name) in [("1", "a.export.CSV"), ("2", "b.export.CSV")] {
        let args = ["events", "generate", "--format", "gdelt2", "--rows", "3000", "--seed", seed, "-o", name];
        let o = entente(&args, dir.path(), &db);
        assert!(o.status.success(), "{}", text(&o));
    }
    let o = entente(&["events", "import", "a.export.CSV"], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    let o = entente(&["events", "import", "a.export.CSV", "b.export.CSV"], dir.path(), &db);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("skipped: a.export.CSV: this file was already imported"), "{out}");
    assert!(out.contains("1 of 2 files skipped"), "{out}");
    let o = entente(&["events", "import", "a.export.CSV", "b.export.CSV"], dir.path(), &db);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(out.contains("nothing imported: all 2 files were imported before"), "{out}");
}

/// Run the binary in `dir` with the default database (the data directory's), never one from the
/// environment, and the log filter `log`.
fn entente_default(args: &[&str], dir: &Path, log: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(args)
        .current_dir(dir)
        .env_remove("ENTENTE_DATABASE_URL")
        .env_remove("ENTENTE_DATA_DIR")
        .env("ENTENTE_LOG", log)
        .output()
        .unwrap()
}

/// Every file and directory under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            out.push(path.strip_prefix(dir).unwrap().display().to_string());
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Commands that only read the database.
const READ_ONLY: &[&[&str]] = &[
    &["network", "members", "ALLIANCE"],
    &["network", "export"],
    &["export", "network", "--format", "json"],
    &["format", "list", "--as-of", "2024-01-01"],
    &["format", "show", "allies-moldova"],
    &["contact", "list", "MDA"],
    &["user", "list"],
    &["audit", "verify"],
    &["evaluation", "report", "--format", "csv"],
    &["search", "reindex", "--dir", "idx"],
    &["events", "detect", "--detector", "nb_glr"],
    &["backup", "saved"],
];

/// A command that only reads never creates the database (nor the data directory): on an empty
/// directory it exits 2 with one line naming the file it looked for, and names the demo's
/// database when there is one beside it.
#[test]
fn read_only_commands_never_create_a_database() {
    let dir = tempfile::tempdir().unwrap();
    for args in READ_ONLY {
        let o = entente_default(args, dir.path(), "warn");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: one line: {err}");
        assert!(err.contains("no database at entente-data/entente.db"), "{args:?}: {err}");
        assert!(files_under(dir.path()).is_empty(), "{args:?} created {:?}", files_under(dir.path()));
    }
    let o = entente_default(&["migrate", "--status"], dir.path(), "warn");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("no database at entente-data/entente.db"), "{}", text(&o));
    assert!(files_under(dir.path()).is_empty(), "migrate --status created {:?}", files_under(dir.path()));

    // The demo's database is there: the message says how to use it.
    std::fs::create_dir(dir.path().join("entente-data")).unwrap();
    std::fs::write(dir.path().join("entente-data/demo.db"), b"").unwrap();
    for args in [&["format", "list"][..], &["user", "list"][..]] {
        let o = entente_default(args, dir.path(), "warn");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(
                "no database at entente-data/entente.db; the demo's database is entente-data/demo.db \
                 — pass --database sqlite://entente-data/demo.db (or run: entente demo)"
            ),
            "{args:?}: {err}"
        );
    }
    assert_eq!(files_under(dir.path()), ["entente-data", "entente-data/demo.db"]);
}

/// A database whose schema is behind this build is not migrated by a command that only reads:
/// it says `entente migrate` is needed (exit 2) and the file and its migration table stay as
/// they were.
#[tokio::test]
async fn read_only_commands_never_migrate() {
    use sea_orm::ConnectionTrait;
    use sha2::Digest;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let db = format!("sqlite://{}", path.display());
    let o = entente(&["migrate"], dir.path(), &db);
    assert!(o.status.success(), "{}", text(&o));
    // As if the database had been made by an older build: its newest migration not applied.
    let conn = sea_orm::Database::connect(&db).await.unwrap();
    let newest = conn
        .query_one_raw(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            "SELECT max(version) AS v FROM seaql_migrations",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<String>("", "v")
        .unwrap();
    conn.execute_unprepared(&format!("DELETE FROM seaql_migrations WHERE version = '{newest}'")).await.unwrap();
    conn.close().await.unwrap();
    let digest = || hex(&sha2::Sha256::digest(std::fs::read(&path).unwrap()));
    let before = digest();
    for args in READ_ONLY {
        let o = entente(args, dir.path(), &db);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: one line: {err}");
        assert!(err.contains("needs `entente migrate` (1 pending: ") && err.contains(&newest), "{args:?}: {err}");
        assert_eq!(digest(), before, "{args:?} changed the database file");
    }
    let o = entente(&["migrate", "--status"], dir.path(), &db);
    assert!(text(&o).contains(&format!("1 pending: {newest}")), "{}", text(&o));
    assert_eq!(digest(), before);
    // Nor anything waiting in the write-ahead log: the migration table is as it was left.
    let conn = sea_orm::Database::connect(&db).await.unwrap();
    let applied = conn
        .query_one_raw(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            format!("SELECT count(*) AS n FROM seaql_migrations WHERE version = '{newest}'"),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    conn.close().await.unwrap();
    assert_eq!(applied, 0, "{newest} was not applied");

    // An empty file is not given a schema (nor even a migration table) either, until
    // `entente migrate` is run on it.
    let empty = dir.path().join("empty.db");
    let empty_db = format!("sqlite://{}", empty.display());
    std::fs::write(&empty, b"").unwrap();
    let o = entente(&["format", "list"], dir.path(), &empty_db);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("needs `entente migrate`"), "{}", text(&o));
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    let o = entente(&["migrate"], dir.path(), &empty_db);
    assert!(o.status.success(), "{}", text(&o));
    let o = entente(&["format", "list"], dir.path(), &empty_db);
    assert!(o.status.success(), "{}", text(&o));
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Log lines written to a pipe carry no colour codes, and "database migrated" is logged only
/// when something was migrated.
#[test]
fn logs_to_a_pipe_are_plain_and_say_migrated_only_when_they_did() {
    let dir = tempfile::tempdir().unwrap();
    let network = Path::new(env!("CARGO_MANIFEST_DIR")).join(NETWORK);
    let args = ["network", "import", network.to_str().unwrap()];
    let o = entente_default(&args, dir.path(), "info");
    assert!(o.status.success(), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("database migrated"), "{err}");
    assert!(!o.stderr.contains(&0x1b), "no ESC byte in logs to a pipe: {err:?}");
    let o = entente_default(&args, dir.path(), "info");
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("database migrated"), "nothing was migrated: {}", text(&o));
    assert!(!o.stderr.contains(&0x1b));
}

/// A missing input file: exit 2, one line naming it, and no database created for it.
#[test]
fn a_missing_input_file_is_named_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("never.db").display());
    for (args, name) in [
        (&["events", "import", "nope.csv"][..], "nope.csv"),
        (&["events", "import", "--format", "acled", "nope.csv.gz"][..], "nope.csv.gz"),
        (&["events", "count", "nope.CSV"][..], "nope.CSV"),
        (&["network", "import", "nope.csv"][..], "nope.csv"),
        (&["import", "network", "nope.csv"][..], "nope.csv"),
        (&["allocation", "run", "nope.json"][..], "nope.json"),
        (&["restore", "nope"][..], "nope"),
    ] {
        let o = entente(args, dir.path(), &db);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: one line: {err}");
        assert!(err.starts_with("error: ") && err.contains(name), "{args:?}: {err}");
        let cause = "No such file or directory";
        assert!(err.matches(cause).count() <= 1, "{args:?}: the cause once: {err}");
        assert!(o.stdout.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&o.stdout));
        assert!(files_under(dir.path()).is_empty(), "{args:?} created {:?}", files_under(dir.path()));
    }
}
