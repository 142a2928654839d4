//! Charts drawn on the server as SVG: readable without JavaScript, with a title, a text description
//! and a tooltip per bar; the page prints the exact numbers beside them as a table.
//!
//! Written here rather than taken from a plotting crate: what the evaluation needs is grouped bars
//! (vertical for a few categories, horizontal for many) with accessible text, a few dozen lines
//! of SVG that a crate would not make shorter or more accessible.

use std::fmt::Write;

use crate::i18n::Lang;

/// One series of a grouped bar chart: a value (or none) per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub title: String,
    /// What the chart shows, in one or two sentences (the SVG's `<desc>`).
    pub description: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// Decimals shown in labels and tooltips.
    pub decimals: usize,
    /// The axis maximum; the data's maximum when none (e.g. 1.0 for shares).
    pub max: Option<f64>,
    /// Bars run left to right, one row per category (for long lists of names).
    pub horizontal: bool,
    pub lang: Lang,
}

/// A number in the reader's conventions: a decimal comma and a narrow no-break space between
/// thousands in French, a point and a comma in English.
pub fn number(v: f64, decimals: usize, lang: Lang) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let (sep, point) = match lang {
        Lang::Fr => ("\u{202f}", ","),
        _ => (",", "."),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push_str(sep);
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}{point}{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A share (0..=1) as a percentage.
pub fn percent(v: f64, lang: Lang) -> String {
    let n = number(v * 100.0, 0, lang);
    match lang {
        Lang::Fr => format!("{n}\u{a0}%"),
        _ => format!("{n}%"),
    }
}

pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Colours that stay apart in print and for the common colour-vision deficiencies (Okabe–Ito).
const PALETTE: [&str; 6] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"];

impl BarChart {
    fn top(&self) -> f64 {
        let data_max = self.series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0_f64, |m, v| m.max(*v));
        let top = self.max.unwrap_or(data_max).max(data_max);
        if top > 0.0 { top } else { 1.0 }
    }

    /// The SVG element, with a stable id derived from `id` for its title and description.
    pub fn svg(&self, id: &str) -> String {
        if self.horizontal { self.horizontal_svg(id) } else { self.vertical_svg(id) }
    }

    fn open(&self, out: &mut String, id: &str, width: u32, height: u32) {
        let _ = write!(
            out,
            r##"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" style="max-width:100%;height:auto" aria-labelledby="{id}-t {id}-d"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc><g font-family="system-ui, sans-serif" font-size="11" fill="currentColor" stroke="none">"##,
            esc(&self.title),
            esc(&self.description)
        );
    }

    fn legend(&self, out: &mut String, x: u32, y: u32) {
        if self.series.len() < 2 {
            return;
        }
        let mut cx = x;
        for (i, s) in self.series.iter().enumerate() {
            let _ = write!(
                out,
                r#"<rect x="{cx}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" class="chart-legend">{}</text>"#,
                y,
                PALETTE[i % PALETTE.len()],
                cx + 14,
                y + 9,
                esc(&s.label)
            );
            cx += 24 + 7 * s.label.chars().count() as u32;
        }
    }

    fn tooltip(&self, category: &str, series: &Series, v: f64) -> String {
        if self.series.len() > 1 {
            format!("{category} — {}: {}", series.label, number(v, self.decimals, self.lang))
        } else {
            format!("{category}: {}", number(v, self.decimals, self.lang))
        }
    }

    fn vertical_svg(&self, id: &str) -> String {
        let (left, right, top_pad, bottom) = (48.0, 12.0, 28.0, 44.0);
        let groups = self.categories.len().max(1) as f64;
        let per_group = self.series.len().max(1) as f64;
        let legend_w: f64 = self.series.iter().map(|s| 24.0 + 7.0 * s.label.chars().count() as f64).sum();
        let width = (left + right + groups * (per_group * 14.0 + 10.0)).max(left + legend_w).clamp(320.0, 960.0);
        let height = 260.0;
        let plot_w = width - left - right;
        let plot_h = height - top_pad - bottom;
        let top = self.top();
        let mut out = String::new();
        self.open(&mut out, id, width as u32, height as u32);
        self.legend(&mut out, left as u32, 6);
        // The axis: 0, half and top, with light grid lines.
        for frac in [0.0, 0.5, 1.0] {
            let y = top_pad + plot_h * (1.0 - frac);
            let _ = write!(
                out,
                r##"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}" class="chart-grid" stroke="#d0d0d0" stroke-width="1"/><text x="{}" y="{:.1}" class="chart-tick" text-anchor="end">{}</text>"##,
                width - right,
                left - 4.0,
                y + 4.0,
                number(top * frac, self.decimals, self.lang)
            );
        }
        let group_w = plot_w / groups;
        let bar_w = ((group_w - 6.0) / per_group).clamp(2.0, 40.0);
        // Label every category when they fit, else about twelve of them.
        let every = (self.categories.len() / 12).max(1);
        for (ci, cat) in self.categories.iter().enumerate() {
            let gx = left + group_w * ci as f64 + (group_w - bar_w * per_group) / 2.0;
            for (si, s) in self.series.iter().enumerate() {
                let Some(v) = s.values.get(ci).copied().flatten() else { continue };
                let h = (v / top).clamp(0.0, 1.0) * plot_h;
                let _ = write!(
                    out,
                    r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{}</title></rect>"#,
                    gx + bar_w * si as f64,
                    top_pad + plot_h - h,
                    (bar_w - 1.0).max(1.0),
                    h,
                    PALETTE[si % PALETTE.len()],
                    esc(&self.tooltip(cat, s, v))
                );
            }
            if ci % every == 0 {
                let _ = write!(
                    out,
                    r#"<text x="{:.1}" y="{:.1}" class="chart-tick" text-anchor="middle">{}</text>"#,
                    left + group_w * (ci as f64 + 0.5),
                    height - bottom + 16.0,
                    esc(cat)
                );
            }
        }
        out.push_str("</g></svg>");
        out
    }

    fn horizontal_svg(&self, id: &str) -> String {
        let label_w = 8.0 * self.categories.iter().map(|c| c.chars().count()).max().unwrap_or(4).clamp(4, 28) as f64;
        let (left, right, top_pad) = (label_w + 8.0, 56.0, if self.series.len() > 1 { 26.0 } else { 8.0 });
        let per_group = self.series.len().max(1) as f64;
        let row_h = per_group * 12.0 + 6.0;
        let width = 720.0;
        let height = top_pad + row_h * self.categories.len().max(1) as f64 + 8.0;
        let plot_w = width - left - right;
        let top = self.top();
        let mut out = String::new();
        self.open(&mut out, id, width as u32, height as u32);
        self.legend(&mut out, left as u32, 6);
        for (ci, cat) in self.categories.iter().enumerate() {
            let y0 = top_pad + row_h * ci as f64;
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" class="chart-tick" text-anchor="end">{}</text>"#,
                left - 6.0,
                y0 + row_h / 2.0 + 3.0,
                esc(cat)
            );
            for (si, s) in self.series.iter().enumerate() {
                let Some(v) = s.values.get(ci).copied().flatten() else { continue };
                let w = (v / top).clamp(0.0, 1.0) * plot_w;
                let y = y0 + 3.0 + 12.0 * si as f64;
                let _ = write!(
                    out,
                    r#"<rect x="{left:.1}" y="{y:.1}" width="{w:.1}" height="11" fill="{}"><title>{}</title></rect><text x="{:.1}" y="{:.1}" class="chart-value">{}</text>"#,
                    PALETTE[si % PALETTE.len()],
                    esc(&self.tooltip(cat, s, v)),
                    left + w + 4.0,
                    y + 9.0,
                    number(v, self.decimals, self.lang)
                );
            }
        }
        out.push_str("</g></svg>");
        out
    }
}

/// A network drawn on a circle: nodes at positions on the unit circle, ties as lines whose width
/// follows their weight, nodes coloured by group.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkChart {
    pub title: String,
    pub description: String,
    pub nodes: Vec<NetworkNode>,
    /// (node index, node index, weight)
    pub ties: Vec<(usize, usize, u32)>,
    /// Group names, in colour order.
    pub groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NetworkNode {
    pub label: String,
    pub x: f64,
    pub y: f64,
    /// Index into `groups`, if any.
    pub group: Option<usize>,
    pub tooltip: String,
}

impl NetworkChart {
    pub fn svg(&self, id: &str) -> String {
        let (size, centre, radius) = (680.0_f64, 340.0_f64, 250.0_f64);
        let legend_h = 16.0 * self.groups.len() as f64;
        let height = size + legend_h;
        let mut out = String::new();
        let _ = write!(
            out,
            r##"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {size} {height}" width="{size}" height="{height}" style="max-width:100%;height:auto" aria-labelledby="{id}-t {id}-d"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc><g font-family="system-ui, sans-serif" font-size="10" fill="currentColor" stroke="none">"##,
            esc(&self.title),
            esc(&self.description)
        );
        let max = self.ties.iter().map(|t| t.2).max().unwrap_or(1).max(1) as f64;
        let at = |n: &NetworkNode| (centre + radius * n.x, centre - radius * n.y);
        for &(a, b, w) in &self.ties {
            let (Some(na), Some(nb)) = (self.nodes.get(a), self.nodes.get(b)) else { continue };
            let ((x1, y1), (x2, y2)) = (at(na), at(nb));
            let _ = write!(
                out,
                r##"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="#7a8894" stroke-opacity="0.45" stroke-width="{:.2}"><title>{} — {}: {w}</title></line>"##,
                0.4 + 3.6 * (w as f64 / max),
                esc(&na.label),
                esc(&nb.label)
            );
        }
        for n in &self.nodes {
            let (x, y) = at(n);
            let fill = n.group.map_or("#9aa5ad", |g| PALETTE[g % PALETTE.len()]);
            let (lx, ly) = (centre + (radius + 14.0) * n.x, centre - (radius + 14.0) * n.y + 3.0);
            let anchor = if n.x > 0.1 {
                "start"
            } else if n.x < -0.1 {
                "end"
            } else {
                "middle"
            };
            let _ = write!(
                out,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="5" fill="{fill}"><title>{}</title></circle><text x="{lx:.1}" y="{ly:.1}" text-anchor="{anchor}" class="chart-tick">{}</text>"##,
                esc(&n.tooltip),
                esc(&n.label)
            );
        }
        for (i, g) in self.groups.iter().enumerate() {
            let y = size + 16.0 * i as f64;
            let _ = write!(
                out,
                r##"<circle cx="16" cy="{:.1}" r="5" fill="{}"/><text x="26" y="{:.1}" class="chart-legend">{}</text>"##,
                y - 4.0,
                PALETTE[i % PALETTE.len()],
                y,
                esc(g)
            );
        }
        out.push_str("</g></svg>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(horizontal: bool) -> BarChart {
        BarChart {
            title: "Seats <granted>".into(),
            description: "Share & more".into(),
            categories: vec!["Small".into(), "Large".into()],
            series: vec![
                Series { label: "2025".into(), values: vec![Some(0.5), None] },
                Series { label: "2026".into(), values: vec![Some(1.0), Some(0.25)] },
            ],
            decimals: 2,
            max: Some(1.0),
            horizontal,
            lang: Lang::Fr,
        }
    }

    #[test]
    fn numbers_follow_the_readers_conventions() {
        assert_eq!(number(1234567.891, 2, Lang::En), "1,234,567.89");
        assert_eq!(number(1234567.891, 1, Lang::Fr), "1\u{202f}234\u{202f}567,9");
        assert_eq!(number(-0.004, 2, Lang::En), "0.00");
        assert_eq!(number(-12.5, 1, Lang::En), "-12.5");
        assert_eq!(number(999.0, 0, Lang::En), "999");
        assert_eq!(percent(0.256, Lang::Fr), "26\u{a0}%");
    }

    #[test]
    fn bars_carry_text_and_escape_it() {
        for h in [false, true] {
            let svg = chart(h).svg("c1");
            assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
            assert!(svg.contains("<title id=\"c1-t\">Seats &lt;granted&gt;</title>"));
            assert!(svg.contains("<desc id=\"c1-d\">Share &amp; more</desc>"));
            // Three values, three bars (the missing one is not drawn), each with its tooltip.
            assert_eq!(svg.matches("<rect x=").count() - 2, 3, "{svg}");
            assert!(svg.contains("Large — 2026: 0,25"));
        }
    }

    #[test]
    fn a_network_draws_its_ties_and_nodes() {
        let node = |label: &str, x: f64, y: f64, group| NetworkNode {
            label: label.into(),
            x,
            y,
            group,
            tooltip: format!("{label} <b>"),
        };
        let c = NetworkChart {
            title: "Ties".into(),
            description: "Who sits with whom".into(),
            nodes: vec![node("MLT", 1.0, 0.0, Some(0)), node("TUN", -1.0, 0.0, Some(0)), node("UKR", 0.0, 1.0, None)],
            ties: vec![(0, 1, 3), (1, 2, 1), (0, 9, 1)],
            groups: vec!["Mediterranean".into()],
        };
        let svg = c.svg("n");
        assert_eq!(svg.matches("<line ").count(), 2, "a tie to a missing node is skipped");
        assert_eq!(svg.matches("<circle ").count(), 4, "three nodes and one legend mark");
        assert!(svg.contains("MLT — TUN: 3") && svg.contains("MLT &lt;b&gt;"));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn an_empty_chart_is_still_valid() {
        let c = BarChart { categories: vec![], series: vec![], ..chart(false) };
        let svg = c.svg("e");
        assert!(svg.ends_with("</svg>"));
    }
}

/// A weekly count series with its expected level and the band a Poisson count stays in about
/// 95 % of weeks (expected ± 2√expected), the alerted week drawn apart.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekSeriesChart {
    pub title: String,
    pub description: String,
    /// One label per week (ISO weeks).
    pub weeks: Vec<String>,
    pub counts: Vec<f64>,
    pub expected: f64,
    /// The alerted week (an index into `weeks`).
    pub alerted: Option<usize>,
    /// Legend texts: the counts, the alerted week, the expected level and band.
    pub legend: [String; 3],
    pub lang: Lang,
}

impl WeekSeriesChart {
    pub fn svg(&self, id: &str) -> String {
        let (left, right, top_pad, bottom) = (48.0, 12.0, 30.0, 44.0);
        let n = self.weeks.len().max(1) as f64;
        let width = 720.0;
        let height = 260.0;
        let plot_w = width - left - right;
        let plot_h = height - top_pad - bottom;
        let band_hi = self.expected + 2.0 * self.expected.max(0.0).sqrt();
        let band_lo = (self.expected - 2.0 * self.expected.max(0.0).sqrt()).max(0.0);
        let data_max = self.counts.iter().fold(0.0_f64, |m, v| m.max(*v));
        let top = data_max.max(band_hi).max(1.0);
        let y = |v: f64| top_pad + plot_h * (1.0 - (v / top).clamp(0.0, 1.0));
        let mut out = String::new();
        let _ = write!(
            out,
            r##"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" aria-labelledby="{id}-t {id}-d"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc><g font-family="system-ui, sans-serif" font-size="11" fill="currentColor" stroke="none">"##,
            esc(&self.title),
            esc(&self.description)
        );
        // Legend.
        let mut lx = left;
        for (i, (label, colour)) in self.legend.iter().zip([PALETTE[0], PALETTE[5], "#999999"]).enumerate() {
            let _ = write!(
                out,
                r#"<rect x="{lx:.0}" y="6" width="10" height="10" fill="{colour}"{}/><text x="{:.0}" y="15" class="chart-legend">{}</text>"#,
                if i == 2 { r#" fill-opacity="0.3""# } else { "" },
                lx + 14.0,
                esc(label)
            );
            lx += 24.0 + 6.5 * label.chars().count() as f64;
        }
        for frac in [0.0, 0.5, 1.0] {
            let yy = top_pad + plot_h * (1.0 - frac);
            let _ = write!(
                out,
                r##"<line x1="{left}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" stroke="#d0d0d0" stroke-width="1"/><text x="{}" y="{:.1}" class="chart-tick" text-anchor="end">{}</text>"##,
                width - right,
                left - 4.0,
                yy + 4.0,
                number(top * frac, 0, self.lang)
            );
        }
        // The expected band and level.
        let _ = write!(
            out,
            r##"<rect x="{left}" y="{:.1}" width="{plot_w}" height="{:.1}" fill="#999999" fill-opacity="0.2"/><line x1="{left}" x2="{}" y1="{:.1}" y2="{:.1}" stroke="#555555" stroke-dasharray="4 3" stroke-width="1.5"/>"##,
            y(band_hi),
            (y(band_lo) - y(band_hi)).max(0.5),
            width - right,
            y(self.expected),
            y(self.expected)
        );
        let slot = plot_w / n;
        let bar_w = (slot - 2.0).clamp(2.0, 30.0);
        let every = (self.weeks.len() / 8).max(1);
        for (i, (w, v)) in self.weeks.iter().zip(&self.counts).enumerate() {
            let x = left + slot * i as f64 + (slot - bar_w) / 2.0;
            let colour = if self.alerted == Some(i) { PALETTE[5] } else { PALETTE[0] };
            let _ = write!(
                out,
                r#"<rect x="{x:.1}" y="{:.1}" width="{bar_w:.1}" height="{:.1}" fill="{colour}"><title>{}: {}</title></rect>"#,
                y(*v),
                top_pad + plot_h - y(*v),
                esc(w),
                number(*v, 0, self.lang)
            );
            let near_alerted = self.alerted.is_some_and(|a| a != i && a.abs_diff(i) < every.max(3));
            if (i % every == 0 && !near_alerted) || self.alerted == Some(i) {
                let _ = write!(
                    out,
                    r#"<text x="{:.1}" y="{:.1}" class="chart-tick" text-anchor="middle">{}</text>"#,
                    x + bar_w / 2.0,
                    height - bottom + 16.0,
                    esc(w)
                );
            }
        }
        out.push_str("</g></svg>");
        out
    }
}
