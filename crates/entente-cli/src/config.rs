//! Configuration: built-in defaults < `entente.toml` < `ENTENTE_*` environment < command-line flags.

use std::path::{Path, PathBuf};

use anyhow::Context;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// Every setting, with its `entente.toml` key and `ENTENTE_*` variable (the key in capitals).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Database URL: `sqlite://PATH` or `postgres://USER:PASSWORD@HOST/DB`. Default: an SQLite
    /// file in `data_dir` (`entente.db`; `demo.db` for `entente demo`).
    pub database_url: Option<String>,
    /// Where the embedded database and other files live.
    pub data_dir: PathBuf,
    /// Address to listen on.
    pub host: String,
    /// Port to listen on (0 picks a free one).
    pub port: u16,
    /// Log filter, e.g. `info`, `debug`, `entente_web=debug,info`.
    pub log: String,
    /// Log format: `text` or `json`.
    pub log_format: String,
    /// Served over HTTPS (usually behind a proxy): cookies are marked Secure and HSTS is sent.
    pub secure_cookies: bool,
    /// Take the client's address from X-Forwarded-For (only behind a trusted proxy).
    pub trust_proxy: bool,
    /// Minutes without a request after which a session ends.
    pub session_idle_minutes: i64,
    /// Hours after sign-in after which a session ends in any case.
    pub session_absolute_hours: i64,
    /// Classification labels markings may carry, lowest first.
    pub classifications: Vec<String>,
    /// Where notification e-mails go: `smtp://HOST:PORT` (a plain SMTP relay on the local
    /// network) or `file:///DIRECTORY` (one `.eml` file per message). Unset: `entente serve` keeps
    /// e-mails in the outbox without sending them; `entente demo` writes them under
    /// `data_dir/mail`.
    pub mail_url: Option<String>,
    /// The `From` address of notification e-mails.
    pub mail_from: String,
    /// Hours within which a consultation request should be acknowledged.
    pub request_ack_target_hours: u32,
    /// Hours within which a consultation request should have its meeting.
    pub request_meeting_target_hours: u32,
    /// Failed sign-ins of one account from one address within the window that lock that address
    /// out of that account for the window.
    pub login_account_failures: i32,
    /// Failed sign-ins from one address within the window that lock it for the window.
    pub login_address_failures: i32,
    /// Minutes failed sign-ins are counted over, and how long a lock lasts.
    pub login_window_minutes: i64,
    /// Failed sign-ins of one account from all addresses within the window after which every
    /// further attempt on it waits `login_slowdown_seconds` (the account is slowed, not locked).
    pub login_account_ceiling: i32,
    pub login_slowdown_seconds: i64,
    /// Directory for uploaded documents; unset keeps them in the database.
    pub files_dir: Option<PathBuf>,
    /// Directory of the full-text search index. Default: `search` in `data_dir` (`demo-search`
    /// for `entente demo`). Rebuilt from the database when missing or stale.
    pub search_dir: Option<PathBuf>,
    /// The Ed25519 key that signs audit checkpoints. Default: `audit-signing.key` in `data_dir`,
    /// created on first use with mode 0600.
    pub audit_key_file: Option<PathBuf>,
    /// The file audit checkpoints are appended to. Default: `checkpoints.log` in `data_dir`.
    pub audit_checkpoint_file: Option<PathBuf>,
    /// Minutes between the checkpoints `entente serve` writes; 0 writes none.
    pub audit_checkpoint_minutes: u64,
    /// Connections the server keeps open at once; past it, new ones wait to be accepted.
    pub max_connections: usize,
    /// Seconds a client has to send a whole request head, and may stay idle between requests on
    /// one connection, before the server closes it.
    pub header_timeout_seconds: u64,
    /// Seconds a client may pause while sending a request body (a form, an upload) before the
    /// request is refused.
    pub body_timeout_seconds: u64,
    /// The largest event-data file (ACLED, GDELT, UCDP, reports) the imports page accepts, in MiB.
    pub event_upload_max_mb: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: None,
            data_dir: PathBuf::from("entente-data"),
            host: "127.0.0.1".into(),
            port: 8080,
            log: "info,sea_orm_migration=warn,sqlx=warn".into(),
            log_format: "text".into(),
            secure_cookies: false,
            trust_proxy: false,
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            classifications: entente_domain::access::Classifications::default().0,
            mail_url: None,
            mail_from: "Entente <entente@localhost>".into(),
            request_ack_target_hours: 48,
            request_meeting_target_hours: 14 * 24,
            login_account_failures: 5,
            login_address_failures: 20,
            login_window_minutes: 15,
            login_account_ceiling: 30,
            login_slowdown_seconds: 30,
            files_dir: None,
            search_dir: None,
            audit_key_file: None,
            audit_checkpoint_file: None,
            audit_checkpoint_minutes: 60,
            max_connections: 1024,
            header_timeout_seconds: 20,
            body_timeout_seconds: 30,
            event_upload_max_mb: 2048,
        }
    }
}

pub const KEYS: &[&str] = &[
    "database_url",
    "data_dir",
    "host",
    "port",
    "log",
    "log_format",
    "secure_cookies",
    "trust_proxy",
    "session_idle_minutes",
    "session_absolute_hours",
    "classifications",
    "mail_url",
    "mail_from",
    "request_ack_target_hours",
    "request_meeting_target_hours",
    "login_account_failures",
    "login_address_failures",
    "login_window_minutes",
    "login_account_ceiling",
    "login_slowdown_seconds",
    "files_dir",
    "search_dir",
    "audit_key_file",
    "audit_checkpoint_file",
    "audit_checkpoint_minutes",
    "max_connections",
    "header_timeout_seconds",
    "body_timeout_seconds",
    "event_upload_max_mb",
];

impl Config {
    /// Load defaults, then the configuration file (the one named, or `entente.toml` if present),
    /// then the environment.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Config> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) => {
                if !path.exists() {
                    anyhow::bail!("configuration file {} does not exist", path.display());
                }
                figment = figment.merge(Toml::file_exact(path));
            }
            None => figment = figment.merge(Toml::file("entente.toml")),
        }
        let config: Config =
            figment.merge(Env::prefixed("ENTENTE_").only(KEYS)).extract().context("invalid configuration")?;
        if !["text", "json"].contains(&config.log_format.as_str()) {
            anyhow::bail!("invalid configuration: log_format '{}' is not text or json", config.log_format);
        }
        if config.session_idle_minutes < 1 || config.session_absolute_hours < 1 {
            anyhow::bail!("invalid configuration: session_idle_minutes and session_absolute_hours must be at least 1");
        }
        if let Some(url) = &config.mail_url {
            entente_web::notify::MailTarget::parse(url).map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))?;
        }
        entente_web::notify::check_sender(&config.mail_from)
            .map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))?;
        if config.request_ack_target_hours == 0 || config.request_meeting_target_hours < config.request_ack_target_hours
        {
            anyhow::bail!(
                "invalid configuration: request_ack_target_hours must be at least 1 and request_meeting_target_hours at least as long"
            );
        }
        if config.login_account_failures < 1
            || config.login_address_failures < 1
            || config.login_window_minutes < 1
            || config.login_account_ceiling < 1
            || config.login_slowdown_seconds < 1
        {
            anyhow::bail!(
                "invalid configuration: login_account_failures, login_address_failures, login_window_minutes, login_account_ceiling and login_slowdown_seconds must be at least 1"
            );
        }
        if config.max_connections < 1 || config.header_timeout_seconds < 1 || config.body_timeout_seconds < 1 {
            anyhow::bail!(
                "invalid configuration: max_connections, header_timeout_seconds and body_timeout_seconds must be at least 1"
            );
        }
        if config.classifications.is_empty() {
            anyhow::bail!("invalid configuration: classifications must name at least one label");
        }
        Ok(config)
    }

    /// What the HTTP server accepts from its clients.
    pub fn server_limits(&self) -> entente_web::server::Limits {
        entente_web::server::Limits {
            max_connections: self.max_connections,
            header_timeout: std::time::Duration::from_secs(self.header_timeout_seconds),
            body_timeout: std::time::Duration::from_secs(self.body_timeout_seconds),
            ..Default::default()
        }
    }

    /// The web layer's settings.
    pub fn web(&self, demo: bool) -> entente_web::WebConfig {
        entente_web::WebConfig {
            demo,
            secure_cookies: self.secure_cookies,
            trust_proxy: self.trust_proxy,
            session_idle_minutes: self.session_idle_minutes,
            session_absolute_hours: self.session_absolute_hours,
            classifications: entente_domain::access::Classifications(self.classifications.clone()),
            response_targets: entente_domain::consultation::ResponseTargets {
                acknowledge_within_hours: self.request_ack_target_hours,
                meet_within_hours: self.request_meeting_target_hours,
            },
            event_upload_max_bytes: self.event_upload_max_mb.saturating_mul(1 << 20),
            throttle: entente_web::system::accounts::Throttle {
                account_failures: self.login_account_failures,
                address_failures: self.login_address_failures,
                window_minutes: self.login_window_minutes,
                account_ceiling: self.login_account_ceiling,
                slowdown_seconds: self.login_slowdown_seconds,
            },
        }
    }

    /// The audit signing key: the configured file, or `audit-signing.key` in the data directory.
    pub fn audit_key_path(&self) -> PathBuf {
        self.audit_key_file.clone().unwrap_or_else(|| self.data_dir.join(entente_store::checkpoint::KEY_FILE))
    }

    /// The audit checkpoint file: the configured one, or `checkpoints.log` in the data directory.
    pub fn audit_checkpoint_path(&self) -> PathBuf {
        self.audit_checkpoint_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join(entente_store::checkpoint::CHECKPOINT_FILE))
    }

    /// The search index directory: the configured one, or `default_name` in the data directory.
    pub fn search_dir_or(&self, default_name: &str) -> PathBuf {
        self.search_dir.clone().unwrap_or_else(|| self.data_dir.join(default_name))
    }

    /// The mailer's settings: the configured `mail_url`, or for the demo (`demo_default`) a
    /// directory of `.eml` files under the data directory; `None` when e-mail is not sent.
    pub fn mailer(&self, demo_default: bool) -> anyhow::Result<Option<entente_web::notify::MailerConfig>> {
        use entente_web::notify::{MailTarget, MailerConfig};
        let target = match &self.mail_url {
            Some(url) => MailTarget::parse(url).map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))?,
            None if demo_default => {
                let dir = self.data_dir.join("mail");
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("cannot create the mail directory {}", dir.display()))?;
                MailTarget::Dir(dir.canonicalize().with_context(|| format!("cannot resolve {}", dir.display()))?)
            }
            None => return Ok(None),
        };
        Ok(Some(MailerConfig::new(target, self.mail_from.clone())))
    }

    /// The database to use: the configured URL, or an SQLite file named `file_name` in the data
    /// directory (created if needed).
    pub fn database_url_or(&self, file_name: &str) -> anyhow::Result<String> {
        if self.database_url.is_none() {
            std::fs::create_dir_all(&self.data_dir)
                .with_context(|| format!("cannot create the data directory {}", self.data_dir.display()))?;
        }
        Ok(self.database_url_existing(file_name))
    }

    /// The database URL for a command that only reads: as [`Config::database_url_or`], but the
    /// data directory is left alone (not created).
    pub fn database_url_existing(&self, file_name: &str) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.data_dir.join(file_name).display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_then_environment_override_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("entente.toml");
        std::fs::write(&path, "port = 9000\nhost = \"0.0.0.0\"\n").unwrap();
        let c = Config::load(Some(&path)).unwrap();
        assert_eq!(
            (c.host.as_str(), c.port, c.log.as_str()),
            ("0.0.0.0", 9000, "info,sea_orm_migration=warn,sqlx=warn")
        );
        std::fs::write(&path, "prot = 9000\n").unwrap();
        let e = format!("{:#}", Config::load(Some(&path)).unwrap_err());
        assert!(e.contains("prot"), "{e}");
        assert!(Config::load(Some(&dir.path().join("missing.toml"))).is_err());
    }

    #[test]
    fn mail_settings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("entente.toml");
        std::fs::write(
            &path,
            "mail_url = \"smtp://relay.internal:2525\"\nmail_from = \"Alliance <noreply@alliance.example>\"\n",
        )
        .unwrap();
        let c = Config::load(Some(&path)).unwrap();
        let m = c.mailer(false).unwrap().unwrap();
        assert_eq!(m.target, entente_web::notify::MailTarget::Smtp { host: "relay.internal".into(), port: 2525 });
        assert_eq!(m.from, "Alliance <noreply@alliance.example>");
        std::fs::write(&path, "mail_url = \"smtps://relay:465\"\n").unwrap();
        let e = format!("{:#}", Config::load(Some(&path)).unwrap_err());
        assert!(e.contains("smtps://relay:465"), "{e}");
        std::fs::write(&path, "mail_from = \"not an address\"\n").unwrap();
        assert!(Config::load(Some(&path)).is_err());
        // Unset: serve sends nothing, the demo writes files under the data directory.
        let c = Config { data_dir: dir.path().join("data"), ..Config::default() };
        assert!(c.mailer(false).unwrap().is_none());
        match c.mailer(true).unwrap().unwrap().target {
            entente_web::notify::MailTarget::Dir(d) => assert!(d.ends_with("data/mail") && d.is_absolute(), "{d:?}"),
            other => panic!("{other:?}"),
        }
    }
}
