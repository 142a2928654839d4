use entente_domain::registry::import::FileErrors;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL scheme '{scheme}': use sqlite://PATH (embedded) or postgres://USER@HOST/DB")]
    UnsupportedUrl { scheme: String },
    #[error("invalid database URL: {message}")]
    BadUrl { message: String },
    #[error("cannot connect to {url}: {message}")]
    Connect { url: String, message: String },
    /// [`crate::Store::connect_existing`] on an SQLite file that does not exist (it is not created).
    #[error("no database at {}", path.display())]
    NoDatabase { path: std::path::PathBuf },
    #[error(transparent)]
    Invalid(#[from] FileErrors),
    #[error("{0}")]
    Rejected(String),
    /// Refused for a reason the caller can act on, said in either language (the English text is
    /// its `Display`).
    #[error("{0}")]
    Refused(entente_domain::said::Said),
    /// Data already in the database came again (an event file imported before, or its content
    /// under another name or compression): nothing was written.
    #[error("{0}")]
    Duplicate(String),
    #[error("not found")]
    NotFound,
    /// A save named a version that is no longer the stored one: someone else changed the item
    /// since it was read. Nothing was written.
    #[error("the {entity} was changed by someone else since it was read; reload it and try again")]
    Conflict { entity: &'static str, id: i64 },
    /// A write came with a permit that is not the caller's or not for this item (a programming
    /// error, never the caller's fault): nothing was written.
    #[error("refused write: {0}")]
    Unpermitted(String),
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
