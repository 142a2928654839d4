//! The engines' messages in the alliance's two languages.
//!
//! Every sentence the allocation and warning engines show a reader — explanations, alert texts,
//! CAP text fields, category and detector names — is a message of the Fluent catalogues in
//! `locales/{en,fr}/*.ftl` of this crate, compiled in. Code composes messages; it never holds the
//! words. A test checks that both languages define the same messages with the same variables, in
//! these catalogues and in the web crate's.
//!
//! ```
//! use entente_i18n::{Lang, t, t_args};
//! assert_eq!(t(Lang::Fr, "warning-alert-main-events"), "Principaux événements :");
//! assert_eq!(t_args(Lang::En, "warning-week", &[("week", "2024-W07".into())]), "week 2024-W07");
//! ```
//!
//! Numbers passed as arguments are shown by Fluent as plain digits (`3`, `915`); numbers that need
//! a decimal separator are formatted here first ([`decimal`]) and passed as text.

use std::borrow::Cow;
use std::collections::HashMap;

pub use entente_domain::Lang;
pub use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: the texts go to terminals, CAP and JSON.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LanguageIdentifier = langid!("en");
static FR: LanguageIdentifier = langid!("fr");

fn locale(lang: Lang) -> &'static LanguageIdentifier {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}

/// The message `id` in `lang`. An id missing from the catalogues gives the id itself (the
/// engines' tests render every message they use, in both languages).
pub fn t(lang: Lang, id: &str) -> String {
    LOCALES.try_lookup(locale(lang), id).unwrap_or_else(|| id.to_string())
}

/// The message `id` in `lang` with named arguments (`{ $name }` in the catalogue).
pub fn t_args(lang: Lang, id: &str, args: &[(&'static str, FluentValue<'_>)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue> =
        args.iter().map(|(k, v)| (Cow::Borrowed(*k), v.clone())).collect();
    LOCALES.try_lookup_with_args(locale(lang), id, &map).unwrap_or_else(|| id.to_string())
}

/// Whether the catalogues define `id` in `lang`.
pub fn has(lang: Lang, id: &str) -> bool {
    LOCALES.try_lookup(locale(lang), id).is_some()
}

/// `x` with `digits` decimals and the language's decimal separator: `3.5` in English, `3,5` in
/// French (no grouping of thousands).
pub fn decimal(lang: Lang, x: f64, digits: usize) -> String {
    let s = format!("{x:.digits$}");
    match lang {
        Lang::En => s,
        Lang::Fr => s.replace('.', ","),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_arguments() {
        assert_eq!(t(Lang::En, "warning-layer-curated"), "curated incidents");
        assert_eq!(t(Lang::Fr, "warning-layer-curated"), "incidents vérifiés");
        assert_eq!(t(Lang::Fr, "no-such-message"), "no-such-message");
        assert!(has(Lang::Fr, "alloc-granted") && !has(Lang::En, "no-such-message"));
        let seats = |n: u32| t_args(Lang::En, "alloc-nation-cap", &[("cap", n.into())]);
        assert_eq!(seats(1), "Your nation reached its overall cap of 1 seat.");
        assert_eq!(seats(0), "Your nation reached its overall cap of 0 seats.");
        assert_eq!(seats(915), "Your nation reached its overall cap of 915 seats.");
    }

    #[test]
    fn decimals_follow_the_language() {
        assert_eq!(decimal(Lang::En, 3.25, 1), "3.2");
        assert_eq!(decimal(Lang::Fr, 3.25, 1), "3,2");
        assert_eq!(decimal(Lang::Fr, 14.0, 0), "14");
        assert_eq!(decimal(Lang::En, 1234.5, 2), "1234.50");
    }
}
