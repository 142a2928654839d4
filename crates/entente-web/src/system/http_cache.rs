//! Conditional GET and compression for what everyone may read.
//!
//! A response to an anonymous caller (no session cookie, no token) is the same for every anonymous
//! caller with the same URL and language: the registry's pages and its JSON. [`revalidate`] gives
//! such a `200` an entity tag computed from its body and `Cache-Control: no-cache` (a cache may
//! keep it but must ask again), and answers `304 Not Modified` without a body when the caller's
//! `If-None-Match` names the same tag. The tag is of the bytes themselves, so it can never call a
//! changed answer unchanged, whatever changed it (a registry write, the date, a new contact).
//! Everything a signed-in caller reads stays `no-store`.
//!
//! [`compressible`] decides which responses the compression layer may compress: large bodies, but
//! never an HTML page sent to a signed-in browser session — such a page carries the session's form
//! token beside text the reader typed (a search, a form shown again), the combination a
//! compression side channel (BREACH) needs.

use std::hash::Hasher;

use axum::body::Body;
use axum::body::HttpBody as _;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};

use super::auth::{SESSION_COOKIE, cookie_value};

/// Bodies larger than this are passed through without a tag (none of ours is near it).
const MAX_TAGGED: u64 = 8 * 1024 * 1024;

/// Responses smaller than this are not worth compressing.
const MIN_COMPRESSED: u64 = 1024;

/// Marks a response sent to a signed-in browser session (see [`compressible`]).
#[derive(Debug, Clone, Copy)]
pub struct SessionResponse;

/// The weak entity tag of a body: a 64-bit SipHash of its bytes and its length.
pub fn entity_tag(body: &[u8]) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    h.write(body);
    format!("W/\"{:016x}-{:x}\"", h.finish(), body.len())
}

/// Whether `If-None-Match` names `tag` (weak comparison, RFC 9110 §13.1.2).
fn matches(headers: &HeaderMap, tag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let ours = bare(tag);
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim() == "*" || bare(t) == ours)
}

/// Tag anonymous `200` answers to `GET`/`HEAD` and answer `304` when the caller has them already.
pub async fn revalidate(req: Request, next: Next) -> Response {
    let applies = matches!(*req.method(), Method::GET | Method::HEAD)
        && !req.headers().contains_key(header::AUTHORIZATION)
        && cookie_value(req.headers(), SESSION_COOKIE).is_none();
    let asked = if applies { Some(req.headers().clone()) } else { None };
    let response = next.run(req).await;
    let Some(asked) = asked else { return response };
    if response.status() != StatusCode::OK
        || response.headers().contains_key(header::CACHE_CONTROL)
        || response.headers().contains_key(header::SET_COOKIE)
        || response.body().size_hint().exact().is_none_or(|n| n > MAX_TAGGED)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // A body with an exact size is already in memory: collecting it cannot fail or wait.
    let Ok(bytes) = axum::body::to_bytes(body, MAX_TAGGED as usize).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let tag = entity_tag(&bytes);
    let Ok(value) = HeaderValue::from_str(&tag) else { return Response::from_parts(parts, Body::from(bytes)) };
    parts.headers.insert(header::ETAG, value);
    parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    parts.headers.append(header::VARY, HeaderValue::from_static("Accept-Language, Cookie"));
    if matches(&asked, &tag) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.headers.remove(header::CONTENT_TYPE);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The compression layer's rule: at least [`MIN_COMPRESSED`] bytes (or of unknown length, like
/// a streamed export), not an image, and not an HTML page sent to a signed-in session.
pub fn compression() -> impl Predicate {
    SizeAbove::new(MIN_COMPRESSED).and(NotForContentType::IMAGES).and(
        |_: StatusCode, _: axum::http::Version, headers: &HeaderMap, extensions: &axum::http::Extensions| {
            let html = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|t| t.starts_with("text/html"));
            !(html && extensions.get::<SessionResponse>().is_some())
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_matches_itself_weakly_and_in_a_list() {
        let tag = entity_tag(b"{\"a\":1}");
        let mut h = HeaderMap::new();
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_str(&format!("\"x\", {tag}")).unwrap());
        assert!(matches(&h, &tag));
        let strong = tag.trim_start_matches("W/").to_string();
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_str(&strong).unwrap());
        assert!(matches(&h, &tag));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"other\""));
        assert!(!matches(&h, &tag));
        assert_ne!(entity_tag(b"a"), entity_tag(b"b"));
    }
}
