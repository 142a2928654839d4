//! A world map of countries, and an SVG choropleth of a count per country (open alerts), drawn
//! server-side so that it reads without JavaScript.
//!
//! The shapes are Natural Earth's Admin 0 countries (public domain) from the npm package
//! world-atlas, projected once by `data/world/convert.mjs` (plain equirectangular, longitude
//! −180…180 → x 0…960, latitude 90…−60 → y 0…400, Antarctica dropped) and embedded:
//!
//! * `data/world/world_110m.tsv` — `iso3⇥name⇥path`, one SVG path per country (1:110m);
//! * `data/world/points_50m.tsv` — `iso3⇥name⇥x⇥y`, the small states and territories too small for
//!   1:110m (Malta, Bahrain, Singapore, Andorra, Monaco…), drawn as circles.
//!
//! `data/world/README.md` tells the source, licences, projection and how to regenerate them.

use std::fmt::Write as _;
use std::sync::OnceLock;

use crate::country::Iso3;

/// Width and height of the map, in SVG user units: the view box is `0 0 960 400`.
pub const VIEW_BOX: (f32, f32) = (960.0, 400.0);

/// Radius of the circle that draws a [`ShapeKind::Point`], in user units.
pub const POINT_RADIUS: u8 = 3;

const WORLD_TSV: &str = include_str!("../data/world/world_110m.tsv");
const POINTS_TSV: &str = include_str!("../data/world/points_50m.tsv");

/// How a country is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ShapeKind {
    /// An SVG path `d` string (`M`/`m`, `L`/`l`, `Z`/`z` and numbers only).
    Path(&'static str),
    /// The centre of a country too small for the map's scale, drawn as a circle.
    Point { x: f32, y: f32 },
}

/// One country of the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    pub iso3: Iso3,
    /// The ISO 3166-1 English short name ("Korea, Republic of").
    pub name: &'static str,
    pub kind: ShapeKind,
}

/// Every shape: the countries drawn as paths, by ISO3, then those drawn as points, by ISO3. Each
/// ISO3 appears once. Parsed from the embedded files on first use.
///
/// Some ISO3 codes have no shape: areas Natural Earth draws inside another country (French
/// overseas departments in France, Svalbard in Norway, Caribbean Netherlands in the Netherlands,
/// Tokelau in New Zealand, the Cocos and Christmas Islands) and Antarctica; see [`shape`].
pub fn shapes() -> &'static [Shape] {
    static SHAPES: OnceLock<Vec<Shape>> = OnceLock::new();
    // The embedded files are checked by the tests; should they ever fail to parse, the map is
    // drawn empty rather than bringing a page down.
    SHAPES.get_or_init(|| parse(WORLD_TSV, POINTS_TSV).unwrap_or_default())
}

/// The shape of a country, if the map has one.
pub fn shape(iso3: Iso3) -> Option<&'static Shape> {
    shapes().iter().find(|s| s.iso3 == iso3)
}

fn parse(world: &'static str, points: &'static str) -> Result<Vec<Shape>, String> {
    let mut out = Vec::new();
    for (n, line) in body(world, "iso3\tname\tpath", "world_110m.tsv")? {
        let [iso3, name, path] = fields(line, n, "world_110m.tsv")?;
        if !valid_path(path) {
            return Err(format!("world_110m.tsv:{n}: bad path for {iso3}"));
        }
        out.push(Shape { iso3: code(iso3, n, "world_110m.tsv")?, name, kind: ShapeKind::Path(path) });
    }
    for (n, line) in body(points, "iso3\tname\tx\ty", "points_50m.tsv")? {
        let [iso3, name, x, y] = fields(line, n, "points_50m.tsv")?;
        let coord = |s: &str| match s.parse::<f32>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(format!("points_50m.tsv:{n}: bad coordinate '{s}'")),
        };
        out.push(Shape {
            iso3: code(iso3, n, "points_50m.tsv")?,
            name,
            kind: ShapeKind::Point { x: coord(x)?, y: coord(y)? },
        });
    }
    let mut seen = std::collections::BTreeSet::new();
    for s in &out {
        if !seen.insert(s.iso3) {
            return Err(format!("{} appears twice", s.iso3));
        }
    }
    Ok(out)
}

/// The lines after the header, numbered from 2; an empty last line is allowed.
fn body(text: &'static str, header: &str, what: &str) -> Result<impl Iterator<Item = (usize, &'static str)>, String> {
    let mut lines = text.lines();
    if lines.next() != Some(header) {
        return Err(format!("{what}: the header is not '{header}'"));
    }
    Ok(lines.enumerate().map(|(i, l)| (i + 2, l)))
}

fn fields<const N: usize>(line: &'static str, n: usize, what: &str) -> Result<[&'static str; N], String> {
    let v: Vec<&'static str> = line.split('\t').collect();
    v.try_into().map_err(|v: Vec<_>| format!("{what}:{n}: {} fields, not {N}", v.len()))
}

fn code(s: &str, n: usize, what: &str) -> Result<Iso3, String> {
    Iso3::from_bytes(s.as_bytes()).ok_or_else(|| format!("{what}:{n}: bad ISO3 '{s}'"))
}

/// Only absolute or relative moves, lines and closes, with numbers: safe in an attribute as is.
fn valid_path(d: &str) -> bool {
    d.starts_with('M')
        && d.bytes().all(|b| matches!(b, b'M' | b'm' | b'L' | b'l' | b'Z' | b'z' | b'0'..=b'9' | b'.' | b'-' | b' '))
}

/// The colour class of a value: `0` no alert; `1` one; `2` two; `3` three to five; `4` six to
/// ten; `5` more than ten.
pub fn bucket(v: u32) -> u8 {
    match v {
        0 => 0,
        1 => 1,
        2 => 2,
        3..=5 => 3,
        6..=10 => 4,
        _ => 5,
    }
}

/// A choropleth to draw with [`choropleth_svg`].
pub struct Choropleth<'a> {
    /// The count per country (open alerts). Countries not listed count 0; several entries for one
    /// country add up; a country without a shape (see [`shapes`]) is not drawn.
    pub values: &'a [(Iso3, u32)],
    /// Prefix of the ids of the `<title>` and `<desc>` elements (`{id}-title`, `{id}-desc`),
    /// unique in the page and without spaces.
    pub id: &'a str,
    /// The map's accessible name (`<title>`).
    pub title: &'a str,
    /// The map's accessible description (`<desc>`), e.g. what the colours mean.
    pub desc: &'a str,
    /// The link of a country with a value above 0 (its alerts); `None` for no link. The URL is
    /// escaped but not checked: give only URLs the site builds.
    pub href: &'a dyn Fn(Iso3) -> Option<String>,
    /// The text of a country's `<title>` (tooltip and accessible name), given its value,
    /// e.g. "Mali: 3 open alerts".
    pub label: &'a dyn Fn(Iso3, u32) -> String,
}

/// The map as an inline `<svg role="img">` element, one `<path>` per country and one
/// `<circle r="3">` per point (after the paths, so they are drawn on top), each with a `<title>`
/// child carrying `label(iso3, value)`. A country whose value is above 0 and for which `href`
/// gives a URL is wrapped in `<a href="…">`, so it can be followed with a mouse or the keyboard.
///
/// No colour is given inline (the site's Content Security Policy forbids style attributes):
/// the page's stylesheet colours these classes —
///
/// * `world-map` on the `<svg>`;
/// * `m0` … `m5` on each path and circle, the [`bucket`] of its value (`m0`: no alert; `m1`: 1;
///   `m2`: 2; `m3`: 3–5; `m4`: 6–10; `m5`: more than 10);
/// * `pt` as well on each circle (a small state drawn as a point).
///
/// Every text and attribute is escaped (`&`, `<`, `>`, `"`, `'`; control characters become
/// spaces). The output depends only on the input: the same `Choropleth` gives the same bytes.
pub fn choropleth_svg(c: &Choropleth) -> String {
    let mut values: std::collections::BTreeMap<Iso3, u32> = std::collections::BTreeMap::new();
    for &(iso3, v) in c.values {
        let e = values.entry(iso3).or_insert(0);
        *e = e.saturating_add(v);
    }
    let id = escape(c.id);
    let (w, h) = VIEW_BOX;
    let mut o = String::with_capacity(WORLD_TSV.len() + POINTS_TSV.len() * 8 + 64 * shapes().len());
    let _ = write!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"world-map\" role=\"img\" viewBox=\"0 0 {w} {h}\" \
         aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(c.title),
        escape(c.desc),
    );
    for s in shapes() {
        let v = values.get(&s.iso3).copied().unwrap_or(0);
        let href = if v > 0 { (c.href)(s.iso3) } else { None };
        if let Some(h) = &href {
            let _ = write!(o, "<a href=\"{}\">", escape(h));
        }
        let b = bucket(v);
        let title = escape(&(c.label)(s.iso3, v));
        match s.kind {
            ShapeKind::Path(d) => {
                let _ = write!(o, "<path class=\"m{b}\" d=\"{d}\"><title>{title}</title></path>");
            }
            ShapeKind::Point { x, y } => {
                let _ = write!(
                    o,
                    "<circle class=\"m{b} pt\" cx=\"{x}\" cy=\"{y}\" r=\"{POINT_RADIUS}\"><title>{title}</title></circle>"
                );
            }
        }
        if href.is_some() {
            o.push_str("</a>");
        }
    }
    o.push_str("</svg>");
    o
}

/// Text or attribute value with `&`, `<`, `>`, `"` and `'` escaped; control characters (not
/// allowed in XML) become spaces.
fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if c.is_control() => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Iso3 {
        s.parse().unwrap()
    }

    /// The states of the NATO network (members and partner states), copied from the shared
    /// network table (`kind` member or partner_state) at the time of writing.
    const NATO_NETWORK_STATES: &[&str] = &[
        "BEL", "CAN", "DNK", "FRA", "ISL", "ITA", "LUX", "NLD", "NOR", "PRT", "GBR", "USA", "GRC", "TUR", "DEU", "ESP",
        "CZE", "HUN", "POL", "BGR", "EST", "LVA", "LTU", "ROU", "SVK", "SVN", "ALB", "HRV", "MNE", "MKD", "FIN", "SWE",
        "ARM", "AUT", "AZE", "BLR", "BIH", "GEO", "IRL", "KAZ", "KGZ", "MLT", "MDA", "RUS", "SRB", "CHE", "TJK", "TKM",
        "UKR", "UZB", "EGY", "ISR", "MRT", "MAR", "TUN", "JOR", "DZA", "KWT", "BHR", "QAT", "ARE", "AFG", "AUS", "COL",
        "IRQ", "JPN", "KOR", "MNG", "NZL", "PAK",
    ];

    fn no_href(_: Iso3) -> Option<String> {
        None
    }

    fn plain_label(i: Iso3, v: u32) -> String {
        format!("{i}: {v}")
    }

    #[test]
    fn every_line_of_the_files_parses() {
        let world = WORLD_TSV.lines().count() - 1;
        let points = POINTS_TSV.lines().count() - 1;
        let shapes = parse(WORLD_TSV, POINTS_TSV).unwrap();
        assert_eq!(shapes.len(), world + points);
        assert_eq!(super::shapes().len(), shapes.len());
        assert!(world > 170 && points > 50, "{world} paths, {points} points");
        assert_eq!(shapes.iter().filter(|s| matches!(s.kind, ShapeKind::Path(_))).count(), world);
        // No line is empty or left over.
        assert!(WORLD_TSV.lines().all(|l| l.split('\t').count() == 3));
        assert!(POINTS_TSV.lines().all(|l| l.split('\t').count() == 4));
    }

    #[test]
    fn iso3_codes_are_unique_valid_and_known() {
        let tables = crate::country::CountryTables::embedded().unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for s in shapes() {
            assert!(seen.insert(s.iso3), "{} twice", s.iso3);
            assert!(s.iso3.as_str().bytes().all(|b| b.is_ascii_uppercase()));
            assert!(!s.name.is_empty());
            // Every code but Kosovo's is in the ISO numeric table, under the same name.
            if s.iso3.as_str() != "XKX" {
                assert!(tables.numeric_of(s.iso3).is_some(), "{} not an ISO code", s.iso3);
                assert_eq!(tables.display_name(s.iso3), s.name);
            }
        }
        assert!(shape(iso("ATA")).is_none(), "Antarctica is cropped");
        assert!(shape(iso("XKX")).is_some());
    }

    #[test]
    fn shapes_are_ordered_paths_then_points_and_lie_in_the_view_box() {
        let s = shapes();
        let first_point = s.iter().position(|s| matches!(s.kind, ShapeKind::Point { .. })).unwrap();
        assert!(s[..first_point].iter().all(|s| matches!(s.kind, ShapeKind::Path(_))));
        assert!(s[first_point..].iter().all(|s| matches!(s.kind, ShapeKind::Point { .. })));
        assert!(s[..first_point].windows(2).all(|w| w[0].iso3 < w[1].iso3));
        assert!(s[first_point..].windows(2).all(|w| w[0].iso3 < w[1].iso3));
        let (w, h) = VIEW_BOX;
        for sh in s {
            match sh.kind {
                ShapeKind::Point { x, y } => assert!((0.0..=w).contains(&x) && (0.0..=h).contains(&y), "{}", sh.iso3),
                ShapeKind::Path(d) => {
                    assert!(valid_path(d), "{}", sh.iso3);
                    let (x, y) = first_point_of(d);
                    assert!((0.0..=w).contains(&x) && (0.0..=h).contains(&y), "{}", sh.iso3);
                }
            }
        }
    }

    fn first_point_of(d: &str) -> (f32, f32) {
        let rest = &d[1..d.find(['l', 'L']).unwrap()];
        let rest = rest.find(['m', 'M']).map_or(rest, |i| &rest[..i]);
        // "x y" or "x-y".
        let cut = rest.find(' ').unwrap_or_else(|| rest[1..].find('-').unwrap() + 1);
        (rest[..cut].trim().parse().unwrap(), rest[cut..].trim().parse().unwrap())
    }

    #[test]
    fn every_state_of_the_nato_network_is_drawn() {
        for code in NATO_NETWORK_STATES {
            assert!(shape(iso(code)).is_some(), "{code} has no shape");
        }
        for (code, point) in [("MLT", true), ("BHR", true), ("SGP", true), ("LUX", false), ("QAT", false)] {
            let k = shape(iso(code)).unwrap().kind;
            assert_eq!(matches!(k, ShapeKind::Point { .. }), point, "{code}");
        }
        for code in ["AND", "LIE", "MCO", "SMR", "VAT"] {
            assert!(matches!(shape(iso(code)).unwrap().kind, ShapeKind::Point { .. }), "{code}");
        }
        // Northern Cyprus and Somaliland are folded into Cyprus and Somalia: several rings.
        for code in ["CYP", "SOM"] {
            let ShapeKind::Path(d) = shape(iso(code)).unwrap().kind else { panic!("{code}") };
            assert!(d.contains('m'), "{code}: one ring only");
        }
    }

    #[test]
    fn buckets() {
        let cases = [(0, 0), (1, 1), (2, 2), (3, 3), (5, 3), (6, 4), (10, 4), (11, 5), (u32::MAX, 5)];
        for (v, b) in cases {
            assert_eq!(bucket(v), b, "{v}");
        }
    }

    #[test]
    fn hostile_texts_come_out_escaped() {
        let hostile = "<script>alert('x')</script> & \"q\"\u{7}";
        let href = |_: Iso3| Some("/alerts?c=\"><script>x</script>&a='1'".to_string());
        let label = |_: Iso3, _: u32| hostile.to_string();
        let values = [(iso("MLT"), 1)];
        let svg = choropleth_svg(&Choropleth {
            values: &values,
            id: "m\"<x>",
            title: hostile,
            desc: hostile,
            href: &href,
            label: &label,
        });
        assert!(!svg.contains("<script"), "{}", &svg[..400]);
        assert!(!svg.contains("'x'") && !svg.contains("\"q\"") && !svg.contains('\u{7}'));
        assert!(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot; "));
        assert!(svg.contains("<a href=\"/alerts?c=&quot;&gt;&lt;script&gt;x&lt;/script&gt;&amp;a=&#39;1&#39;\">"));
        assert!(svg.contains("aria-labelledby=\"m&quot;&lt;x&gt;-title m&quot;&lt;x&gt;-desc\""));
        assert!(!svg.contains("style="));
        // Text only between tags: every '<' opens one of the elements the map uses.
        for tag in svg.split('<').skip(1) {
            let name = tag.trim_start_matches('/').split([' ', '>']).next().unwrap();
            assert!(["svg", "title", "desc", "path", "circle", "a"].contains(&name), "<{name}");
        }
    }

    #[test]
    fn one_element_per_shape_and_links_only_for_values_above_zero_with_a_url() {
        let values =
            [(iso("FRA"), 3), (iso("MLT"), 12), (iso("DEU"), 1), (iso("DEU"), 1), (iso("ITA"), 0), (iso("ATA"), 4)];
        // Germany has alerts but no link; Italy a link but no alert.
        let href = |i: Iso3| (i.as_str() != "DEU").then(|| format!("/alerts/{i}"));
        let svg = choropleth_svg(&Choropleth {
            values: &values,
            id: "map",
            title: "Open alerts",
            desc: "By country",
            href: &href,
            label: &plain_label,
        });
        let paths = shapes().iter().filter(|s| matches!(s.kind, ShapeKind::Path(_))).count();
        let points = shapes().len() - paths;
        assert_eq!(svg.matches("<path ").count(), paths);
        assert_eq!(svg.matches("<circle ").count(), points);
        assert_eq!(svg.matches("<title>").count(), shapes().len());
        assert_eq!(svg.matches("<a ").count(), 2);
        assert!(svg.contains("<a href=\"/alerts/FRA\"><path class=\"m3\" d=\"M"));
        assert!(svg.contains("<a href=\"/alerts/MLT\"><circle class=\"m5 pt\" cx=\"518.5\" cy=\"144.3\" r=\"3\"><title>MLT: 12</title></circle></a>"));
        assert!(!svg.contains("/alerts/ITA"));
        assert!(svg.contains("<title>DEU: 2</title>"));
        assert!(svg.contains("<title>ITA: 0</title>"));
        assert_eq!(svg.matches("class=\"m0").count(), shapes().len() - 3);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"world-map\" role=\"img\" viewBox=\"0 0 960 400\" aria-labelledby=\"map-title map-desc\"><title id=\"map-title\">Open alerts</title><desc id=\"map-desc\">By country</desc>"));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn output_is_deterministic() {
        let values = [(iso("UKR"), 7), (iso("SGP"), 1), (iso("MLI"), 30)];
        let href = |i: Iso3| Some(format!("/alerts/{i}"));
        let c = Choropleth { values: &values, id: "a", title: "t", desc: "d", href: &href, label: &plain_label };
        let a = choropleth_svg(&c);
        assert_eq!(a, choropleth_svg(&c));
        // The order of the values does not matter.
        let reversed: Vec<_> = values.iter().rev().copied().collect();
        assert_eq!(a, choropleth_svg(&Choropleth { values: &reversed, ..c }));
        let none = choropleth_svg(&Choropleth {
            values: &[],
            id: "a",
            title: "t",
            desc: "d",
            href: &no_href,
            label: &plain_label,
        });
        assert!(!none.contains("<a "));
        assert_eq!(none.matches("class=\"m0").count(), shapes().len());
    }
}
