//! Where a page may send the browser back to after sign-in or a language switch: only a path on
//! this site. The target comes from the request (`next`), so it is checked as the browser would
//! read it: browsers drop tabs and newlines anywhere in a URL and read `\` as `/`, so `/\t/host`
//! and `/\host` would both become `//host`, another site. A header value with CR or LF cannot be
//! sent at all. Anything doubtful falls back to `/`.

/// The page to go to: `next` when it is a same-site path, else `/`.
pub fn local_target(next: Option<&str>) -> String {
    match next {
        Some(n) if is_local_path(n) => n.to_string(),
        _ => "/".to_string(),
    }
}

/// After signing in: as [`local_target`], but never back to the sign-in pages (which would loop).
pub fn after_sign_in(next: Option<&str>) -> String {
    let target = local_target(next);
    if target.starts_with("/login") { "/".to_string() } else { target }
}

/// A path starting with one `/`, made only of visible ASCII without `\` (so no control
/// characters, spaces or anything a browser would drop or rewrite).
fn is_local_path(n: &str) -> bool {
    let bytes = n.as_bytes();
    bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && bytes.iter().all(|&b| b.is_ascii_graphic() && b != b'\\')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reported_and_usual_targets() {
        for bad in [
            "/\t/host/x",
            "/\r\nSet-Cookie:x",
            "/\nx",
            "//host/x",
            "/\\host/x",
            "\\\\host",
            "https://host/x",
            "javascript:alert(1)",
            "host/x",
            "",
            " /x",
            "/x y",
            "/caf\u{e9}",
            "/\u{7f}",
            "/a\\b",
        ] {
            assert_eq!(local_target(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(local_target(None), "/");
        assert_eq!(local_target(Some("/login?next=/x")), "/login?next=/x");
        assert_eq!(after_sign_in(Some("/login?next=/x")), "/");
        assert_eq!(after_sign_in(Some("/\t/host")), "/");
        assert_eq!(after_sign_in(Some("/account")), "/account");
        for good in ["/", "/nations/FIN?as_of=2024-01-01", "/search?q=a%20b#x", "/meetings/12#record"] {
            assert_eq!(local_target(Some(good)), good);
        }
    }

    proptest! {
        #[test]
        fn the_target_is_always_a_path_on_this_site(s in any::<String>(), tail in "[/\\\\\t\r\n a-z:.%]{0,12}") {
            for input in [s.clone(), format!("/{s}"), format!("/{tail}"), format!("{tail}{s}")] {
                let t = local_target(Some(&input));
                prop_assert!(!t.chars().any(|c| c.is_control() || c == '\\'), "{t:?}");
                if t != "/" {
                    let mut chars = t.chars();
                    prop_assert_eq!(chars.next(), Some('/'));
                    let second = chars.next();
                    prop_assert!(second.is_some_and(|c| c != '/' && c != '\\'), "{t:?}");
                }
                prop_assert!(axum::http::HeaderValue::from_str(&t).is_ok());
            }
        }
    }
}
