use entente_domain::registry::import::FileErrors;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL scheme '{scheme}': use sqlite://PATH (embedded) or postgres://USER@HOST/DB")]
    UnsupportedUrl { scheme: String },
    #[error("invalid database URL: {message}")]
    BadUrl { message: String },
    #[error("cannot connect to {url}: {message}")]
    Connect { url: String, message: String },
    #[error(transparent)]
    Invalid(#[from] FileErrors),
    #[error("{0}")]
    Rejected(String),
    #[error("not found")]
    NotFound,
    #[error("database error: {0}")]
    Db(#[from] sea_orm::DbErr),
    /// A file or program outside the database (audit key, checkpoint file, backup, pg_dump).
    #[error("{path}: {message}")]
    File { path: String, message: String },
}

impl StoreError {
    pub(crate) fn connect(url: &str, e: sqlx::Error) -> Self {
        StoreError::Connect { url: redact(url), message: e.to_string() }
    }
}

/// A URL with any password replaced, fit for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(super::redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(super::redact("sqlite://x.db"), "sqlite://x.db");
    }
}
