//! English and French, the alliance's two official languages. Messages live in
//! `locales/{en,fr}/main.ftl` (Fluent); a test checks that both files define the same keys.

use std::borrow::Cow;
use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LanguageIdentifier = langid!("en");
static FR: LanguageIdentifier = langid!("fr");

/// The language of a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

/// The name of the cookie that keeps the chosen language.
pub const LANG_COOKIE: &str = "entente_lang";

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }

    /// How this language orders two names or titles (Unicode collation with the language's
    /// tailoring: "Égypte" between "Danemark" and "Espagne", case and accents deciding only ties).
    pub fn collate(self, a: &str, b: &str) -> std::cmp::Ordering {
        static COLLATORS: std::sync::LazyLock<Option<[icu_collator::CollatorBorrowed<'static>; 2]>> =
            std::sync::LazyLock::new(|| {
                let make = |l: icu_locale_core::Locale| {
                    icu_collator::Collator::try_new(l.into(), icu_collator::options::CollatorOptions::default()).ok()
                };
                Some([make(icu_locale_core::locale!("en"))?, make(icu_locale_core::locale!("fr"))?])
            });
        match COLLATORS.as_ref() {
            Some(c) => c[usize::from(self == Lang::Fr)].compare(a, b),
            // The compiled data always loads; code-point order is the fallback of last resort.
            None => a.cmp(b),
        }
    }

    /// The domain's language (notices, engine texts, names).
    pub fn domain(self) -> entente_domain::Lang {
        match self {
            Lang::En => entente_domain::Lang::En,
            Lang::Fr => entente_domain::Lang::Fr,
        }
    }

    /// The language's own name, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::En => &EN,
            Lang::Fr => &FR,
        }
    }

    /// The language a request asks for: the language cookie, then `Accept-Language`, then English.
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        let cookie = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == LANG_COOKIE)
            .and_then(|(_, v)| Lang::parse(v));
        if let Some(lang) = cookie {
            return lang;
        }
        let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let mut best: Option<(f32, Lang)> = None;
        for part in accept.split(',') {
            let mut it = part.trim().split(';');
            let tag = it.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = it.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(lang) = Lang::parse(primary)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::En, |(_, l)| l)
    }

    /// Translate a message.
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(self.id(), key)
    }

    /// Translate a message with named arguments.
    pub fn t_args(self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), v.clone())).collect();
        LOCALES.lookup_with_args(self.id(), key, &map)
    }

    /// Translate a message with one argument.
    pub fn t1(self, key: &str, name: &'static str, value: impl Into<FluentValue<'static>>) -> String {
        self.t_args(key, &[(name, value.into())])
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::from_headers(&parts.headers))
    }
}

#[cfg(test)]
mod collation_tests {
    use super::Lang;

    #[test]
    fn names_sort_as_the_language_sorts_them() {
        let mut fr = vec!["Suède", "Égypte", "Émirats arabes unis", "Allemagne", "Espagne", "États-Unis", "Danemark"];
        fr.sort_by(|a, b| Lang::Fr.collate(a, b));
        assert_eq!(fr, ["Allemagne", "Danemark", "Égypte", "Émirats arabes unis", "Espagne", "États-Unis", "Suède"]);
        let mut en = vec!["Zambia", "Åland", "bosnia", "Austria", "Côte d'Ivoire", "Croatia"];
        en.sort_by(|a, b| Lang::En.collate(a, b));
        assert_eq!(en, ["Åland", "Austria", "bosnia", "Côte d'Ivoire", "Croatia", "Zambia"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn keys(ftl: &str) -> std::collections::BTreeSet<String> {
        ftl.lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
            .collect()
    }

    #[test]
    fn english_and_french_define_the_same_messages() {
        let en = keys(include_str!("../locales/en/main.ftl"));
        let fr = keys(include_str!("../locales/fr/main.ftl"));
        let only_en: Vec<_> = en.difference(&fr).collect();
        let only_fr: Vec<_> = fr.difference(&en).collect();
        assert!(only_en.is_empty() && only_fr.is_empty(), "only in en: {only_en:?}; only in fr: {only_fr:?}");
        assert!(en.len() > 50);
    }

    #[test]
    fn messages_translate() {
        assert_eq!(Lang::En.t("nav-formats"), "Formats");
        assert_eq!(Lang::Fr.t("nav-network"), "Réseau");
        assert_eq!(Lang::Fr.t1("count-nations", "count", 3), "3 nations");
    }

    #[test]
    fn language_comes_from_cookie_then_accept_language() {
        let mut h = HeaderMap::new();
        assert_eq!(Lang::from_headers(&h), Lang::En);
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("de-DE,fr-CA;q=0.8,en;q=0.5"));
        assert_eq!(Lang::from_headers(&h), Lang::Fr);
        h.insert(header::COOKIE, HeaderValue::from_static("a=b; entente_lang=en"));
        assert_eq!(Lang::from_headers(&h), Lang::En);
    }
}
