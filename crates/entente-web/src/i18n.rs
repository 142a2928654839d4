//! English and French, the alliance's two official languages. Messages live in
//! `locales/{en,fr}/main.ftl` (Fluent); a test checks that both files define the same keys.

use std::borrow::Cow;
use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use entente_domain::registry::Network;
use entente_domain::said::{Arg, Said};
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

/// A sentence of the product ([`Said`]) in `lang`: English from the code's own wording, French
/// from `locales/fr/errors.ftl` (or any catalogue) under the sentence's key. Arguments are
/// written for the reader: a nation by its name when the registry is at hand, a date in words, a
/// field by its label, a word in the reader's language. A key the French catalogue lacks falls
/// back to the English wording (the test `every_sentence_has_its_french` keeps that from
/// happening).
pub fn say(lang: Lang, said: &Said, registry: Option<&Network>) -> String {
    let arg = |a: &Arg| -> String {
        match a {
            Arg::Text(t) => t.clone(),
            Arg::Number(n) => n.to_string(),
            Arg::Nation(code) => registry
                .and_then(|n| n.nation(code))
                .map_or_else(|| code.to_string(), |n| n.name_in(lang.code()).to_string()),
            Arg::Date(d) => crate::system::notify::long_date(*d, lang),
            Arg::Time(t) => t.format("%Y-%m-%d %H:%M UTC").to_string(),
            Arg::Label(kind, code) => label(lang, kind, code),
            Arg::Said(s) => say(lang, s, registry),
            Arg::Both(en, fr) => match lang {
                Lang::En => en.clone(),
                Lang::Fr => fr.clone(),
            },
        }
    };
    if lang == Lang::En || said.key.is_empty() {
        return said.fill(arg);
    }
    let map: HashMap<Cow<'static, str>, FluentValue> = said
        .args
        .iter()
        .map(|(k, a)| {
            let v = match a {
                Arg::Number(n) => FluentValue::from(*n),
                other => FluentValue::from(arg(other)),
            };
            (Cow::Borrowed(*k), v)
        })
        .collect();
    LOCALES.try_lookup_with_args(lang.id(), said.key, &map).unwrap_or_else(|| said.fill(arg))
}

/// A field's or an item kind's label (`field-title`), or its name in words when it has none.
fn label(lang: Lang, kind: &str, name: &str) -> String {
    let key = format!("{kind}-{}", name.replace(' ', "_"));
    LOCALES.try_lookup(lang.id(), &key).unwrap_or_else(|| name.replace('_', " "))
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
    use std::collections::{BTreeMap, BTreeSet};

    fn keys(ftl: &str) -> std::collections::BTreeSet<String> {
        ftl.lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
            .collect()
    }

    /// Every sentence written with `said!` in the workspace's code, as (key, English wording, file).
    fn sentences() -> Vec<(String, String, String)> {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        /// The string literal at the start of `s` (after blanks), and what follows it.
        fn literal(s: &str) -> Option<(String, &str)> {
            let s = s.trim_start().strip_prefix('"')?;
            let mut out = String::new();
            let mut chars = s.char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '"' => return Some((out, &s[i + 1..])),
                    '\\' => out.push(chars.next()?.1),
                    c => out.push(c),
                }
            }
            None
        }
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for krate in std::fs::read_dir(&crates).unwrap().flatten() {
            walk(&krate.path().join("src"), &mut files);
        }
        let mut found = Vec::new();
        for file in files {
            // The module that defines the macro shows it with made-up keys.
            if file.ends_with("entente-domain/src/said.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            for (at, _) in text.match_indices("said!(") {
                let rest = &text[at + "said!(".len()..];
                let Some((key, rest)) = literal(rest) else { continue };
                let Some((english, _)) = rest.trim_start().strip_prefix(',').and_then(literal) else { continue };
                found.push((key, english, file.display().to_string()));
            }
        }
        found
    }

    /// The `{name}` arguments of an English wording, or the `{ $name }` variables of a Fluent message.
    fn arguments(text: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else { break };
            let inner = after[..close].trim();
            let name = inner.strip_prefix('$').unwrap_or(inner);
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                out.insert(name.to_string());
            }
            rest = &after[close + 1..];
        }
        out
    }

    /// The messages of a catalogue file: key → its text on one line.
    fn messages(ftl: &str) -> BTreeMap<String, String> {
        ftl.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && !l.starts_with('.'))
            .filter_map(|l| l.split_once(" = ").map(|(k, v)| (k.trim().to_string(), v.to_string())))
            .collect()
    }

    /// The messages of every catalogue file of `lang`, and of its `errors*.ftl` files alone (the
    /// French of sentences whose English is in the code).
    fn catalogue(lang: &str) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(lang);
        let (mut all, mut errors) = (BTreeMap::new(), BTreeMap::new());
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".ftl") {
                continue;
            }
            let m = messages(&std::fs::read_to_string(e.path()).unwrap());
            if name.starts_with("errors") {
                errors.extend(m.clone());
            }
            all.extend(m);
        }
        (all, errors)
    }

    #[test]
    fn every_sentence_has_its_french() {
        let (fr, fr_errors) = catalogue("fr");
        let (en, _) = catalogue("en");
        let found = sentences();
        assert!(found.len() > 150, "the scan found only {} sentences", found.len());
        let mut english_of: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
        let mut problems = Vec::new();
        for (key, english, file) in &found {
            match english_of.get(key.as_str()) {
                Some((other, _)) if other != english => {
                    problems.push(format!("{key}: two English wordings ('{other}' and '{english}', {file})"))
                }
                _ => {
                    english_of.insert(key, (english, file));
                }
            }
            match fr.get(key) {
                None => problems.push(format!("{key} ({file}): no French in locales/fr")),
                Some(text) if arguments(text) != arguments(english) => problems.push(format!(
                    "{key}: French arguments {:?}, English {:?}",
                    arguments(text),
                    arguments(english)
                )),
                Some(_) => {}
            }
            // A key the English catalogue also has must say the same there.
            if let Some(text) = en.get(key) {
                let fluent = english.replace('{', "{ $").replace('}', " }");
                if *text != fluent {
                    problems.push(format!("{key}: the English catalogue says '{text}', the code '{english}'"));
                }
            }
        }
        for key in fr_errors.keys() {
            if !english_of.contains_key(key.as_str()) {
                problems.push(format!("{key}: in locales/fr/errors*.ftl but no code says it"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn sentences_are_written_in_the_readers_language() {
        use entente_domain::said;
        let nation: entente_domain::registry::NationCode = "MLT".parse().unwrap();
        let s = said!("err-not-seated", "{nation} is not seated in this meeting", nation = nation);
        assert_eq!(super::say(Lang::En, &s, None), "MLT is not seated in this meeting");
        assert_eq!(super::say(Lang::Fr, &s, None), "MLT ne siège pas à cette réunion");
        let empty = said!(
            "err-field",
            "{field}: {reason}",
            field = said::field("closes_at"),
            reason = entente_domain::text::TextError::Empty.said()
        );
        assert_eq!(super::say(Lang::En, &empty, None), "Closes at: is empty");
        assert_eq!(super::say(Lang::Fr, &empty, None), "Clôture : est vide");
        let on = chrono::NaiveDate::from_ymd_opt(2023, 7, 1).unwrap();
        let s = said!("err-format-exists-from", "it exists from {from}", from = on);
        assert_eq!(super::say(Lang::Fr, &s, None), "il existe depuis le 1er juillet 2023");
        // A text from elsewhere reads the same in both languages.
        assert_eq!(super::say(Lang::Fr, &said::Said::plain("x {y}"), None), "x {y}");
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
