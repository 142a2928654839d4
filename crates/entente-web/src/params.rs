//! Query parameters shared by pages and API: the typed query extractor, the as-of date and cursor
//! paging.

use std::collections::HashMap;
use std::fmt::Display;
use std::str::FromStr;

use axum::extract::FromRequestParts;
use axum::http::Uri;
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::error::AppError;

/// A query string as a map, for pages that echo it back (filters, "next" links).
pub type Query = HashMap<String, String>;

/// Typed query parameters. A malformed one is a 400 `invalid_query` that names the parameter,
/// answered like any other API error; parameters the type does not know are ignored.
#[derive(Debug, Clone, Default)]
pub struct Q<T>(pub T);

impl<T: DeserializeOwned> Q<T> {
    pub fn from_uri(uri: &Uri) -> Result<Self, AppError> {
        match axum::extract::Query::<T>::try_from_uri(uri) {
            Ok(axum::extract::Query(v)) => Ok(Q(v)),
            Err(e) => {
                let text = e.body_text();
                let detail = text.strip_prefix("Failed to deserialize query string: ").unwrap_or(&text);
                Err(AppError::bad_request("invalid_query", detail.to_string()))
            }
        }
    }
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Q<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Q::from_uri(&parts.uri)
    }
}

/// For `#[serde(default, deserialize_with = "params::opt_parsed")]`: an empty value is absent,
/// anything else must parse as the field's type.
pub fn opt_parsed<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: Display,
{
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => s.trim().parse::<T>().map(Some).map_err(|e| serde::de::Error::custom(format!("'{s}': {e}"))),
    }
}

/// A text parameter, trimmed; empty counts as absent.
pub fn text(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// `as_of=YYYY-MM-DD`, today (UTC) when absent or empty.
pub fn as_of_opt(s: Option<&str>) -> Result<NaiveDate, AppError> {
    match text(s) {
        None => Ok(Utc::now().date_naive()),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            AppError::bad_request(
                "invalid_date",
                entente_domain::said!("err-as-of", "as_of: '{value}' is not a date (YYYY-MM-DD)", value = s),
            )
        }),
    }
}

pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 200;

/// One page of a list ordered by a unique key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    pub limit: usize,
    /// The key of the last item of the previous page.
    pub after: Option<String>,
}

impl Paging {
    /// `limit` (1 to 200, default 50) and `cursor` (opaque, from `next_cursor`).
    pub fn parse(limit: Option<&str>, cursor: Option<&str>) -> Result<Paging, AppError> {
        let limit = parse_limit(limit, DEFAULT_LIMIT, MAX_LIMIT)?;
        let after = match cursor {
            None | Some("") => None,
            Some(c) => Some(decode_cursor(c).ok_or_else(|| {
                AppError::bad_request(
                    "invalid_cursor",
                    entente_domain::said!(
                        "err-cursor-again",
                        "cursor: not a cursor this API issued; start again without it"
                    ),
                )
            })?),
        };
        Ok(Paging { limit, after })
    }

    /// Cut a list, already sorted by `key`, to this page; returns the page and the next cursor.
    pub fn apply<T>(&self, items: Vec<T>, key: impl Fn(&T) -> &str) -> (Vec<T>, Option<String>) {
        let mut page: Vec<T> = items
            .into_iter()
            .filter(|item| self.after.as_deref().is_none_or(|after| key(item) > after))
            .take(self.limit + 1)
            .collect();
        let next = if page.len() > self.limit {
            page.truncate(self.limit);
            page.last().map(|last| encode_cursor(key(last)))
        } else {
            None
        };
        (page, next)
    }
}

/// `limit`: `default` when absent or empty, else a whole number from 1 to `max`.
pub fn parse_limit(s: Option<&str>, default: usize, max: usize) -> Result<usize, AppError> {
    match s {
        None | Some("") => Ok(default),
        Some(s) => s.parse::<usize>().ok().filter(|n| (1..=max).contains(n)).ok_or_else(|| {
            AppError::bad_request(
                "invalid_limit",
                entente_domain::said!(
                    "err-limit",
                    "limit: '{value}' is not a number from 1 to {max}",
                    value = s,
                    max = max
                ),
            )
        }),
    }
}

const CURSOR_PREFIX: &str = "v1:";

pub fn encode_cursor(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{CURSOR_PREFIX}{key}"))
}

fn decode_cursor(c: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(c).ok()?;
    let s = String::from_utf8(bytes).ok()?;
    s.strip_prefix(CURSOR_PREFIX).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_walk_the_whole_list_once() {
        let items: Vec<String> = (0..7).map(|i| format!("K{i}")).collect();
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let paging = Paging::parse(Some("3"), cursor.as_deref()).unwrap();
            let (page, next) = paging.apply(items.clone(), |s| s.as_str());
            seen.extend(page);
            match next {
                Some(n) => cursor = Some(n),
                None => break,
            }
        }
        assert_eq!(seen, items);
    }

    #[test]
    fn bad_parameters_are_named() {
        assert_eq!(Paging::parse(Some("0"), None).unwrap_err().code(), "invalid_limit");
        assert_eq!(Paging::parse(None, Some("!!")).unwrap_err().code(), "invalid_cursor");
        let e = as_of_opt(Some("2023-02-30")).unwrap_err();
        assert_eq!(e.public_message(), "as_of: '2023-02-30' is not a date (YYYY-MM-DD)");
        assert_eq!(as_of_opt(Some("2023-04-04")).unwrap().to_string(), "2023-04-04");
        assert_eq!(as_of_opt(Some(" ")).unwrap(), Utc::now().date_naive());
        assert_eq!(as_of_opt(Some(" 2023-04-04 ")).unwrap().to_string(), "2023-04-04");
    }

    #[derive(Debug, Deserialize)]
    struct Typed {
        #[serde(default, deserialize_with = "opt_parsed")]
        before: Option<i64>,
        name: Option<String>,
    }

    #[test]
    fn typed_queries_name_the_bad_parameter_and_ignore_unknown_ones() {
        let uri: Uri = "/x?before=12&name=a&other=z".parse().unwrap();
        let Q(t) = Q::<Typed>::from_uri(&uri).unwrap();
        assert_eq!((t.before, t.name.as_deref()), (Some(12), Some("a")));
        let Q(t) = Q::<Typed>::from_uri(&"/x?before=".parse().unwrap()).unwrap();
        assert_eq!(t.before, None);
        let e = Q::<Typed>::from_uri(&"/x?before=abc".parse().unwrap()).unwrap_err();
        assert_eq!(e.code(), "invalid_query");
        assert!(e.public_message().starts_with("before: 'abc'"), "{}", e.public_message());
    }
}
