//! Alert subscriptions: which new alerts a person is told of, and how.
//!
//! A subscription is one per account. It selects alerts by **place** — countries (ISO 3166
//! alpha-3) and regional groupings of the registry, together: an alert in any of them — and by
//! **challenge category**; a list left empty selects everything on that side. Its **delivery**
//! says whether a new alert it selects is announced in the inbox, in the inbox and by e-mail, or
//! not at all (the subscription then only shapes the person's alert feed).
//!
//! Subscribing never widens what a person sees: an alert is announced to a subscriber only if
//! the subscriber may open it (`may see every report it counts`, decided by the store's scope
//! when the announcement is written), so a subscription cannot reveal a report.
//!
//! Every signed-in account may subscribe and keep an alert feed: alerts are for every signed-in
//! account.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{WarningRuleError, subject};
use crate::access::{Permit, Principal};
use crate::said;

/// Countries one subscription may name.
pub const COUNTRIES_MAX: usize = 60;
/// Regional groupings one subscription may name.
pub const REGIONS_MAX: usize = 20;

/// How new alerts a subscription selects reach its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertDelivery {
    /// Not announced: the subscription only selects what the person's feed carries.
    #[default]
    Off,
    /// A notice in the inbox.
    Inbox,
    /// A notice in the inbox and an e-mail, when the account has an address.
    InboxAndEmail,
}

impl AlertDelivery {
    pub const ALL: [AlertDelivery; 3] = [AlertDelivery::Off, AlertDelivery::Inbox, AlertDelivery::InboxAndEmail];

    pub fn as_str(self) -> &'static str {
        match self {
            AlertDelivery::Off => "off",
            AlertDelivery::Inbox => "inbox",
            AlertDelivery::InboxAndEmail => "inbox_and_email",
        }
    }

    pub fn parse(s: &str) -> Option<AlertDelivery> {
        AlertDelivery::ALL.into_iter().find(|d| d.as_str() == s.trim())
    }

    pub fn announces(self) -> bool {
        self != AlertDelivery::Off
    }

    pub fn emails(self) -> bool {
        self == AlertDelivery::InboxAndEmail
    }
}

/// One account's alert subscription, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AlertSubscription {
    /// ISO 3166 alpha-3 codes, upper case.
    pub countries: BTreeSet<String>,
    /// Regional grouping codes of the registry.
    pub regions: BTreeSet<String>,
    /// Challenge category codes (the detection engine's).
    pub categories: BTreeSet<String>,
    pub delivery: AlertDelivery,
    /// The stored version this was read at (0: none stored yet); a change is written only over
    /// the version it was made from.
    pub version: i64,
}

impl AlertSubscription {
    /// Whether an alert in `country` (alpha-3) of `category` is one this subscription selects;
    /// `in_region(code)` says whether `country` belongs to the regional grouping `code`.
    pub fn selects(&self, country: &str, category: &str, in_region: impl Fn(&str) -> bool) -> bool {
        let place = (self.countries.is_empty() && self.regions.is_empty())
            || self.countries.contains(country)
            || self.regions.iter().any(|r| in_region(r));
        let what = self.categories.is_empty() || self.categories.contains(category);
        place && what
    }

    /// Whether it selects every alert (no country, region or category named).
    pub fn selects_everything(&self) -> bool {
        self.countries.is_empty() && self.regions.is_empty() && self.categories.is_empty()
    }
}

/// A subscription as a form or the API sends it, before the rules have looked at it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubscriptionDraft {
    pub countries: Vec<String>,
    pub regions: Vec<String>,
    pub categories: Vec<String>,
    pub delivery: String,
    /// The version the change was made from.
    pub version: i64,
}

/// What the rules check a draft against: the codes that exist.
pub struct Known<'a> {
    /// Whether a code is a country of the event tables (ISO 3166 alpha-3).
    pub is_country: &'a dyn Fn(&str) -> bool,
    /// The regional groupings of the registry.
    pub regions: &'a [&'a str],
    /// The challenge categories of the engine.
    pub categories: &'a [&'a str],
}

fn invalid(field: &'static str, reason: said::Said) -> WarningRuleError {
    WarningRuleError::Invalid { field, reason }
}

/// Check a subscription change by `by` (any signed-in account, for itself): every code known,
/// at most [`COUNTRIES_MAX`] countries and [`REGIONS_MAX`] regions, duplicates folded, a delivery
/// named. Returns the subscription to store and the permit (`alerts.subscribed`).
pub fn subscribe(
    by: &Principal,
    draft: &SubscriptionDraft,
    known: &Known<'_>,
) -> Result<(AlertSubscription, Permit), WarningRuleError> {
    let mut countries = BTreeSet::new();
    for raw in &draft.countries {
        let code = raw.trim().to_ascii_uppercase();
        if code.is_empty() {
            continue;
        }
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) || !(known.is_country)(&code) {
            return Err(invalid(
                "countries",
                said!(
                    "err-subscription-unknown-country",
                    "'{code}' is not a country code (ISO 3166 alpha-3)",
                    code = raw.trim()
                ),
            ));
        }
        countries.insert(code);
    }
    if countries.len() > COUNTRIES_MAX {
        return Err(invalid(
            "countries",
            said!(
                "err-subscription-too-many-countries",
                "{count} countries named, at most {max}: name a regional grouping instead",
                count = countries.len() as i64,
                max = COUNTRIES_MAX as i64
            ),
        ));
    }
    let mut regions = BTreeSet::new();
    for raw in &draft.regions {
        let r = raw.trim();
        if r.is_empty() {
            continue;
        }
        let Some(code) = known.regions.iter().find(|k| k.eq_ignore_ascii_case(r)) else {
            return Err(invalid(
                "regions",
                said!(
                    "err-subscription-unknown-region",
                    "'{code}' is not a regional grouping of the registry",
                    code = r
                ),
            ));
        };
        regions.insert((*code).to_string());
    }
    if regions.len() > REGIONS_MAX {
        return Err(invalid(
            "regions",
            said!(
                "err-subscription-too-many-regions",
                "{count} regional groupings named, at most {max}",
                count = regions.len() as i64,
                max = REGIONS_MAX as i64
            ),
        ));
    }
    let mut categories = BTreeSet::new();
    for raw in &draft.categories {
        let c = raw.trim();
        if c.is_empty() {
            continue;
        }
        let Some(code) = known.categories.iter().find(|k| k.eq_ignore_ascii_case(c)) else {
            return Err(invalid(
                "categories",
                said!("err-subscription-unknown-category", "'{code}' is not a challenge category", code = c),
            ));
        };
        categories.insert((*code).to_string());
    }
    let delivery = AlertDelivery::parse(&draft.delivery).ok_or_else(|| {
        invalid(
            "delivery",
            said!(
                "err-subscription-delivery",
                "'{value}' is not a delivery: off, inbox or inbox_and_email",
                value = draft.delivery.trim()
            ),
        )
    })?;
    let subscription = AlertSubscription { countries, regions, categories, delivery, version: draft.version };
    Ok((subscription, Permit::new("alerts.subscribed", by, subject::SUBSCRIPTION, by.user_id)))
}

/// Any signed-in account may keep an alert feed (a secret address) for itself.
pub fn keep_feed(by: &Principal) -> Permit {
    Permit::new("alerts.feed", by, subject::SUBSCRIPTION, by.user_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Affiliation, Role};
    use proptest::prelude::*;

    fn who() -> Principal {
        Principal {
            user_id: 7,
            username: "tn".into(),
            affiliation: Affiliation::Nation("TUN".parse().unwrap()),
            role: Role::DelegationMember,
        }
    }

    const REGIONS: [&str; 2] = ["AMU", "AU55"];
    const CATEGORIES: [&str; 3] = ["terrorism", "cyber", "instability"];

    fn known_country(c: &str) -> bool {
        ["MLI", "TUN", "LBY", "NER"].contains(&c)
    }

    fn known() -> Known<'static> {
        Known { is_country: &known_country, regions: &REGIONS, categories: &CATEGORIES }
    }

    fn draft(countries: &[&str], regions: &[&str], categories: &[&str], delivery: &str) -> SubscriptionDraft {
        SubscriptionDraft {
            countries: countries.iter().map(|s| s.to_string()).collect(),
            regions: regions.iter().map(|s| s.to_string()).collect(),
            categories: categories.iter().map(|s| s.to_string()).collect(),
            delivery: delivery.into(),
            version: 3,
        }
    }

    #[test]
    fn codes_are_folded_and_checked() {
        let (s, permit) =
            subscribe(&who(), &draft(&[" mli", "MLI", ""], &["au55"], &["Cyber"], "inbox"), &known()).unwrap();
        assert_eq!(s.countries.iter().collect::<Vec<_>>(), ["MLI"]);
        assert_eq!(s.regions.iter().collect::<Vec<_>>(), ["AU55"]);
        assert_eq!(s.categories.iter().collect::<Vec<_>>(), ["cyber"]);
        assert_eq!(s.delivery, AlertDelivery::Inbox);
        assert_eq!(s.version, 3);
        assert_eq!(permit.action(), "alerts.subscribed");
        for (d, field) in [
            (draft(&["XXX"], &[], &[], "off"), "countries"),
            (draft(&["ML"], &[], &[], "off"), "countries"),
            (draft(&[], &["SAHEL"], &[], "off"), "regions"),
            (draft(&[], &[], &["weather"], "off"), "categories"),
            (draft(&[], &[], &[], "sms"), "delivery"),
        ] {
            match subscribe(&who(), &d, &known()) {
                Err(WarningRuleError::Invalid { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{d:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn too_many_countries_are_refused() {
        let any = |c: &str| c.len() == 3;
        let letter = |n: usize| char::from(b'A' + u8::try_from(n % 26).unwrap());
        let codes: Vec<String> = (0..=COUNTRIES_MAX).map(|i| format!("{}{}A", letter(i / 26), letter(i))).collect();
        let d = SubscriptionDraft { countries: codes, delivery: "off".into(), ..Default::default() };
        let k = Known { is_country: &any, regions: &[], categories: &[] };
        assert!(matches!(subscribe(&who(), &d, &k), Err(WarningRuleError::Invalid { field: "countries", .. })));
    }

    #[test]
    fn places_are_one_side_categories_the_other() {
        let s = AlertSubscription {
            countries: ["MLI".to_string()].into(),
            regions: ["AMU".to_string()].into(),
            categories: ["terrorism".to_string()].into(),
            ..Default::default()
        };
        let in_mena = |c: &'static str| move |r: &str| r == "AMU" && ["TUN", "LBY"].contains(&c);
        assert!(s.selects("MLI", "terrorism", in_mena("MLI")));
        assert!(s.selects("TUN", "terrorism", in_mena("TUN")));
        assert!(!s.selects("NER", "terrorism", in_mena("NER")));
        assert!(!s.selects("MLI", "cyber", in_mena("MLI")));
        assert!(AlertSubscription::default().selects("NER", "cyber", |_| false));
    }

    proptest! {
        /// Naming more never selects less: adding a country or a region to a subscription keeps
        /// every alert it selected (as long as it already named a place), and an empty side
        /// selects everything on that side.
        #[test]
        fn naming_more_places_selects_no_less(
            countries in proptest::collection::btree_set("[A-D]{3}", 0..4),
            extra in "[A-D]{3}",
            alert in "[A-D]{3}",
            category in prop_oneof![Just("terrorism"), Just("cyber")],
            member in any::<bool>(),
        ) {
            let s = AlertSubscription { countries: countries.clone(), ..Default::default() };
            let mut wider = s.clone();
            wider.countries.insert(extra);
            let region = |_: &str| member;
            if !s.countries.is_empty() && s.selects(&alert, category, region) {
                prop_assert!(wider.selects(&alert, category, region));
            }
            if s.countries.is_empty() {
                prop_assert!(s.selects(&alert, category, region));
            }
        }
    }
}
