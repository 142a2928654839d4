//! Q2 — does cooperation lead to joint detection? What the recorded alerts and shared reports say:
//! per year, the alerts raised, how many counted shared reports (a partner's or an ally's
//! contribution to detection), how many led to consultations and how fast; the reports shared per
//! category. Pure: the caller passes only what the reader may see.

use std::collections::BTreeMap;

use super::stats::quantile;

/// One alert as Q2 counts it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlertFact {
    pub year: i32,
    /// Its counts include shared reports.
    pub with_reports: bool,
    /// Days from detection to the consultations proposed on it, if any.
    pub days_to_consultation: Option<f64>,
}

/// One year of alerts.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertYear {
    pub year: i32,
    pub alerts: usize,
    pub with_reports: usize,
    /// `with_reports / alerts`.
    pub share_with_reports: f64,
    pub escalated: usize,
    /// Median days from detection to consultations (nearest rank), among the escalated.
    pub median_days_to_consultation: Option<f64>,
}

/// Alerts per year in `from..=to` (years without any are left out).
pub fn alerts_by_year(facts: &[AlertFact], from: i32, to: i32) -> Vec<AlertYear> {
    let mut by: BTreeMap<i32, Vec<&AlertFact>> = BTreeMap::new();
    for f in facts.iter().filter(|f| (from..=to).contains(&f.year)) {
        by.entry(f.year).or_default().push(f);
    }
    by.into_iter()
        .map(|(year, list)| {
            let with_reports = list.iter().filter(|f| f.with_reports).count();
            let days: Vec<f64> = list.iter().filter_map(|f| f.days_to_consultation).collect();
            AlertYear {
                year,
                alerts: list.len(),
                with_reports,
                share_with_reports: with_reports as f64 / list.len() as f64,
                escalated: days.len(),
                median_days_to_consultation: quantile(&days, 0.5),
            }
        })
        .collect()
}

/// Reports per year and category in `from..=to`: (year, category) → (shared, verified).
pub fn reports_by_year(reports: &[(i32, String, bool)], from: i32, to: i32) -> BTreeMap<(i32, String), (usize, usize)> {
    let mut out: BTreeMap<(i32, String), (usize, usize)> = BTreeMap::new();
    for (year, category, verified) in reports.iter().filter(|r| (from..=to).contains(&r.0)) {
        let e = out.entry((*year, category.clone())).or_default();
        e.0 += 1;
        e.1 += usize::from(*verified);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alerts_are_counted_per_year_with_their_share_of_reports_and_time_to_consultation() {
        let f = |year, with_reports, days| AlertFact { year, with_reports, days_to_consultation: days };
        let facts = [
            f(2025, false, None),
            f(2025, true, Some(3.0)),
            f(2026, true, Some(1.0)),
            f(2026, true, Some(5.0)),
            f(2026, false, Some(9.0)),
            f(2030, true, None),
        ];
        let years = alerts_by_year(&facts, 2020, 2026);
        assert_eq!(years.len(), 2);
        assert_eq!((years[0].year, years[0].alerts, years[0].with_reports, years[0].escalated), (2025, 2, 1, 1));
        assert_eq!(years[0].share_with_reports, 0.5);
        assert_eq!(years[1].median_days_to_consultation, Some(5.0));
        assert!(alerts_by_year(&[], 2020, 2026).is_empty());
        let r = reports_by_year(
            &[(2026, "cyber".into(), true), (2026, "cyber".into(), false), (2019, "wmd".into(), true)],
            2020,
            2026,
        );
        assert_eq!(r.get(&(2026, "cyber".to_string())), Some(&(2, 1)));
        assert_eq!(r.len(), 1);
    }
}
