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

/// How long after a shared report the open data may still show its surge.
pub const LEAD_WINDOW_DAYS: i64 = 56;

/// A verified shared report, as the lead-time figure reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFact {
    pub country: String,
    pub category: String,
    pub occurred_on: chrono::NaiveDate,
}

/// An alert raised on open data alone, in a cell and week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenAlert {
    pub country: String,
    pub category: String,
    pub week_start: chrono::NaiveDate,
}

/// One year of verified reports and how far ahead of the open data they came.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadYear {
    pub year: i32,
    pub verified: usize,
    /// Reports an open-data alert in the same country and category followed within
    /// [`LEAD_WINDOW_DAYS`] (its week starting on or after the report's week).
    pub followed: usize,
    /// Median and longest days from the report to the start of that alert's week.
    pub median_lead_days: Option<f64>,
    pub max_lead_days: Option<f64>,
}

/// Days from a report to the first open-data alert in its country and category whose week starts
/// on or after the report's week, within [`LEAD_WINDOW_DAYS`] (0 when in the report's own week).
pub fn lead_of(r: &ReportFact, alerts: &[OpenAlert]) -> Option<i64> {
    use chrono::Datelike;
    let week_of = r.occurred_on - chrono::Duration::days(i64::from(r.occurred_on.weekday().num_days_from_monday()));
    alerts
        .iter()
        .filter(|a| a.country == r.country && a.category == r.category && a.week_start >= week_of)
        .map(|a| (a.week_start - r.occurred_on).num_days().max(0))
        .filter(|d| *d <= LEAD_WINDOW_DAYS)
        .min()
}

/// Lead time of shared reports before the open-data surge, per year of the report.
pub fn lead_times(reports: &[ReportFact], alerts: &[OpenAlert], from: i32, to: i32) -> Vec<LeadYear> {
    use chrono::Datelike;
    let mut by: BTreeMap<i32, (usize, Vec<f64>)> = BTreeMap::new();
    for r in reports.iter().filter(|r| (from..=to).contains(&r.occurred_on.year())) {
        let e = by.entry(r.occurred_on.year()).or_default();
        e.0 += 1;
        if let Some(d) = lead_of(r, alerts) {
            e.1.push(d as f64);
        }
    }
    by.into_iter()
        .map(|(year, (verified, days))| LeadYear {
            year,
            verified,
            followed: days.len(),
            median_lead_days: quantile(&days, 0.5),
            max_lead_days: days.iter().copied().reduce(f64::max),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_leads_the_first_open_data_alert_in_its_cell_within_the_window() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let report =
            |c: &str, on: &str| ReportFact { country: c.into(), category: "terrorism".into(), occurred_on: d(on) };
        let alert =
            |c: &str, cat: &str, week: &str| OpenAlert { country: c.into(), category: cat.into(), week_start: d(week) };
        let reports = [
            report("MLI", "2026-03-04"), // Wednesday: its week starts 2026-03-02
            report("TUN", "2026-05-06"),
            report("UKR", "2026-06-03"),
            report("MLI", "2025-01-08"),
        ];
        let alerts = [
            alert("MLI", "terrorism", "2026-03-02"), // the report's own week: lead 0
            alert("MLI", "terrorism", "2026-03-23"),
            alert("TUN", "terrorism", "2026-05-25"), // 19 days later
            alert("TUN", "unrest", "2026-05-11"),    // another category
            alert("UKR", "terrorism", "2026-09-07"), // beyond the window
            alert("MLI", "terrorism", "2024-12-30"), // before the report's week
        ];
        let years = lead_times(&reports, &alerts, 2025, 2026);
        assert_eq!(years.len(), 2);
        let y25 = &years[0];
        assert_eq!((y25.year, y25.verified, y25.followed), (2025, 1, 0));
        let y26 = &years[1];
        assert_eq!((y26.verified, y26.followed), (3, 2));
        assert_eq!(y26.median_lead_days, Some(0.0));
        assert_eq!(y26.max_lead_days, Some(19.0));
    }

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
