//! Question 5, "is security served by a wide network?": the named formats the alliance meets in,
//! by shape, year by year — how many of those in force cross frameworks (partners of several
//! frameworks, or named partners beside a framework). The meetings held in each shape are
//! question 1's (counted over the meetings the reader may see).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::registry::{Format, FormatKind};

/// One year and one shape of format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormatYear {
    pub year: i32,
    pub kind: FormatKind,
    /// Named formats of this shape in force on 31 December (today for the current year).
    pub formats: usize,
}

/// The shapes in the order a table shows them.
pub const KINDS: [FormatKind; 4] =
    [FormatKind::AllAllies, FormatKind::AlliesPlus, FormatKind::Framework, FormatKind::AcrossFrameworks];

/// Named formats in force by shape, for each year from `from` to `to` that has any (years after
/// `today` are left out): four rows a year, zeros included.
pub fn formats_by_year(formats: &[Format], from: i32, to: i32, today: NaiveDate) -> Vec<FormatYear> {
    let mut out = Vec::new();
    for year in from..=to.min(today.year()) {
        let Some(end) = NaiveDate::from_ymd_opt(year, 12, 31) else { continue };
        let day = end.min(today);
        let rows: Vec<FormatYear> = KINDS
            .iter()
            .map(|&kind| FormatYear {
                year,
                kind,
                formats: formats.iter().filter(|f| f.in_force_on(day) && f.spec.kind() == kind).count(),
            })
            .collect();
        if rows.iter().any(|r| r.formats > 0) {
            out.extend(rows);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::FormatSpec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn format(slug: &str, spec: FormatSpec, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Format {
        Format {
            slug: slug.into(),
            name: slug.into(),
            name_fr: slug.into(),
            description: String::new(),
            description_fr: String::new(),
            spec,
            valid_from: from,
            valid_to: to,
        }
    }

    #[test]
    fn formats_count_while_in_force() {
        let across = FormatSpec {
            include_allies: true,
            frameworks: vec!["MD".parse().unwrap(), "ICI".parse().unwrap()],
            partners: vec![],
        };
        let council = FormatSpec { include_allies: true, frameworks: vec![], partners: vec![] };
        let commission =
            FormatSpec { include_allies: true, frameworks: vec![], partners: vec!["UKR".parse().unwrap()] };
        let formats = [
            format("nac", council.clone(), None, None),
            format("nuc", commission.clone(), Some(d(1997, 7, 9)), Some(d(2023, 7, 11))),
            format("nac-md-ici", across.clone(), Some(d(2023, 3, 1)), None),
        ];
        let rows = formats_by_year(&formats, 2022, 2030, d(2024, 6, 30));
        let get = |y: i32, k: FormatKind| rows.iter().find(|r| r.year == y && r.kind == k).cloned();
        // 2022: the council and the commission are in force; nothing crosses frameworks yet.
        assert_eq!(get(2022, FormatKind::AlliesPlus).unwrap().formats, 1);
        assert_eq!(get(2022, FormatKind::AcrossFrameworks).unwrap().formats, 0);
        // 2023: the commission ended in July; the cross-framework format began in March.
        assert_eq!(get(2023, FormatKind::AcrossFrameworks).unwrap().formats, 1);
        assert_eq!(get(2023, FormatKind::AlliesPlus).unwrap().formats, 0);
        // 2024 is counted on today; later years are left out.
        assert_eq!(get(2024, FormatKind::AllAllies).unwrap().formats, 1);
        assert!(rows.iter().all(|r| r.year <= 2024));
        assert_eq!(rows.len(), 3 * KINDS.len());
        // A year with no format and no meeting has no rows.
        assert!(formats_by_year(&[], 2000, 2001, d(2024, 1, 1)).is_empty());
    }
}
