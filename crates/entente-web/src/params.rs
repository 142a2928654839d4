//! Query parameters shared by pages and API: the as-of date and cursor paging.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{NaiveDate, Utc};

use crate::error::AppError;

pub type Query = HashMap<String, String>;

/// `as_of=YYYY-MM-DD`, today (UTC) when absent or empty.
pub fn as_of(q: &Query) -> Result<NaiveDate, AppError> {
    match q.get("as_of").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(Utc::now().date_naive()),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| AppError::bad_request("invalid_date", format!("as_of: '{s}' is not a date (YYYY-MM-DD)"))),
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
    pub fn from_query(q: &Query) -> Result<Paging, AppError> {
        let limit = match q.get("limit").map(String::as_str) {
            None | Some("") => DEFAULT_LIMIT,
            Some(s) => match s.parse::<usize>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Err(AppError::bad_request(
                        "invalid_limit",
                        format!("limit: '{s}' is not a number from 1 to {MAX_LIMIT}"),
                    ));
                }
            },
        };
        let after = match q.get("cursor").map(String::as_str) {
            None | Some("") => None,
            Some(c) => Some(decode_cursor(c).ok_or_else(|| {
                AppError::bad_request("invalid_cursor", "cursor: not a cursor this API issued; start again without it")
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

    fn q(pairs: &[(&str, &str)]) -> Query {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn pages_walk_the_whole_list_once() {
        let items: Vec<String> = (0..7).map(|i| format!("K{i}")).collect();
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut query = q(&[("limit", "3")]);
            if let Some(c) = &cursor {
                query.insert("cursor".into(), c.clone());
            }
            let paging = Paging::from_query(&query).unwrap();
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
        assert_eq!(Paging::from_query(&q(&[("limit", "0")])).unwrap_err().code(), "invalid_limit");
        assert_eq!(Paging::from_query(&q(&[("cursor", "!!")])).unwrap_err().code(), "invalid_cursor");
        let e = as_of(&q(&[("as_of", "2023-02-30")])).unwrap_err();
        assert_eq!(e.public_message(), "as_of: '2023-02-30' is not a date (YYYY-MM-DD)");
        assert_eq!(as_of(&q(&[("as_of", "2023-04-04")])).unwrap().to_string(), "2023-04-04");
    }
}
