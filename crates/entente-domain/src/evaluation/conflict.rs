//! Q4 — do the partnerships serve conflict prevention? Descriptive only: violent events recorded
//! in each country, grouped by how deep the country's partnership with the Alliance was that
//! year. The groups differ in many ways besides partnership (region, size, history), so a
//! difference between them is not an effect of partnership; the figure says so.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::registry::{FrameworkCode, NationCode, Network};

/// How deep a country's partnership was in a year (judged on 1 July).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Depth {
    /// A member of the Alliance.
    Ally,
    /// A partner for ten years or more (in any partnership framework).
    LongPartner,
    /// A partner for less than ten years.
    Partner,
    /// Not in the network.
    Outside,
}

impl Depth {
    pub const ALL: [Depth; 4] = [Depth::Ally, Depth::LongPartner, Depth::Partner, Depth::Outside];

    pub fn as_str(self) -> &'static str {
        match self {
            Depth::Ally => "ally",
            Depth::LongPartner => "long_partner",
            Depth::Partner => "partner",
            Depth::Outside => "outside",
        }
    }
}

/// Years of partnership that make a partnership long.
pub const LONG_YEARS: i32 = 10;

/// The depth of `country` (an ISO 3166 alpha-3 code) in `year`, from the registry's history.
pub fn depth_of(net: &Network, country: &str, year: i32) -> Depth {
    let Some(on) = NaiveDate::from_ymd_opt(year, 7, 1) else { return Depth::Outside };
    let Ok(code) = country.parse::<NationCode>() else { return Depth::Outside };
    if net.nation(&code).is_none() {
        return Depth::Outside;
    }
    if net.is_active(&code, &FrameworkCode::alliance(), on) {
        return Depth::Ally;
    }
    let partner: Vec<_> =
        net.memberships_of(&code).filter(|m| !m.framework.is_alliance() && m.joined.first_day() <= on).collect();
    if !partner.iter().any(|m| m.active_on(on)) {
        return Depth::Outside;
    }
    let since = partner.iter().map(|m| m.joined.first_day()).min().unwrap_or(on);
    let years = (on - since).num_days() / 365;
    if years >= i64::from(LONG_YEARS) { Depth::LongPartner } else { Depth::Partner }
}

/// Violent events recorded in one country in one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryYear {
    pub country: String,
    pub year: i32,
    pub events: i64,
    pub fatalities: i64,
}

/// One group in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepthYear {
    pub year: i32,
    pub depth: Depth,
    /// Countries of the group with at least one event recorded that year.
    pub countries: usize,
    pub events: i64,
    pub fatalities: i64,
    /// Events per country with events.
    pub events_per_country: f64,
}

/// Every (year, depth) of the period with events, in order; `depth` says a country's group.
pub fn by_depth(rows: &[CountryYear], depth: impl Fn(&str, i32) -> Depth, from: i32, to: i32) -> Vec<DepthYear> {
    let mut acc: BTreeMap<(i32, Depth), (BTreeSet<&str>, i64, i64)> = BTreeMap::new();
    for r in rows.iter().filter(|r| (from..=to).contains(&r.year) && r.events > 0) {
        let e = acc.entry((r.year, depth(&r.country, r.year))).or_default();
        e.0.insert(r.country.as_str());
        e.1 += r.events;
        e.2 += r.fatalities;
    }
    acc.into_iter()
        .map(|((year, depth), (countries, events, fatalities))| DepthYear {
            year,
            depth,
            countries: countries.len(),
            events,
            fatalities,
            events_per_country: events as f64 / countries.len() as f64,
        })
        .collect()
}

/// A group's events per country in its first and its last year with events: (first year, rate,
/// last year, rate); `None` without two different years.
pub fn trend(rows: &[DepthYear], depth: Depth) -> Option<(i32, f64, i32, f64)> {
    let mine: Vec<&DepthYear> = rows.iter().filter(|r| r.depth == depth).collect();
    let (first, last) = (mine.first()?, mine.last()?);
    (first.year != last.year).then_some((first.year, first.events_per_country, last.year, last.events_per_country))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consultation::testing::net;

    fn cy(country: &str, year: i32, events: i64) -> CountryYear {
        CountryYear { country: country.into(), year, events, fatalities: events / 2 }
    }

    #[test]
    fn depth_follows_the_registry_history() {
        // Poland: a partner from 1994, an ally from 1999.
        assert_eq!(depth_of(net(), "POL", 1996), Depth::Partner);
        assert_eq!(depth_of(net(), "POL", 2000), Depth::Ally);
        // Ukraine: a partner since 1994 — a long partnership from 2004.
        assert_eq!(depth_of(net(), "UKR", 2000), Depth::Partner);
        assert_eq!(depth_of(net(), "UKR", 2020), Depth::LongPartner);
        // Mali is not in the network; an unknown code neither.
        assert_eq!(depth_of(net(), "MLI", 2020), Depth::Outside);
        assert_eq!(depth_of(net(), "XX", 2020), Depth::Outside);
        // Before it joined anything, a partner is outside.
        assert_eq!(depth_of(net(), "POL", 1990), Depth::Outside);
    }

    #[test]
    fn groups_count_countries_with_events_and_their_rate() {
        let rows = vec![
            cy("UKR", 2020, 100),
            cy("MLI", 2020, 40),
            cy("NER", 2020, 20),
            cy("MLI", 2021, 60),
            cy("NER", 2021, 0),
        ];
        let g = by_depth(&rows, |c, y| depth_of(net(), c, y), 2020, 2021);
        let outside_2020 = g.iter().find(|r| r.year == 2020 && r.depth == Depth::Outside).unwrap();
        assert_eq!((outside_2020.countries, outside_2020.events, outside_2020.fatalities), (2, 60, 30));
        assert_eq!(outside_2020.events_per_country, 30.0);
        let outside_2021 = g.iter().find(|r| r.year == 2021 && r.depth == Depth::Outside).unwrap();
        assert_eq!(outside_2021.countries, 1, "a country without events that year is not counted");
        assert_eq!(trend(&g, Depth::Outside), Some((2020, 30.0, 2021, 60.0)));
        assert_eq!(trend(&g, Depth::LongPartner), None, "one year only");
        assert!(by_depth(&rows, |_, _| Depth::Ally, 2022, 2023).is_empty());
    }
}
