//! Alerts: detection over every cell of the store, the "why" in English and French (messages
//! `warning-*` and `cap-*` of the `entente-i18n` catalogues), and the OASIS CAP 1.2 envelope.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use entente_domain::Lang;
use entente_i18n::{FluentValue, t, t_args};
use serde::Serialize;

use crate::date::{Day, IsoWeek};
use crate::detect::Detector;
use crate::series::{CellKey, Counts, EventRef, WeekSums, weekly_series, weekly_series_of_weeks};
use crate::store::Store;

/// One alert.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub detector: Detector,
    pub cell: CellKey,
    /// The ISO week alerted on, and its first day (Monday).
    pub week: String,
    pub week_start: Day,
    pub observed: f64,
    pub expected: f64,
    pub threshold: f64,
    pub score: f64,
    /// Fatalities reported in the cell that week.
    pub fatalities: f64,
    pub top_events: Vec<EventRef>,
}

/// What to detect.
#[derive(Debug, Clone)]
pub struct DetectOptions {
    /// Detectors with their thresholds.
    pub detectors: Vec<(Detector, f64)>,
    /// Report alarms in the last `weeks` complete weeks.
    pub weeks: usize,
    /// Also detect on admin1 cells.
    pub admin1: bool,
    pub threads: usize,
}

impl Default for DetectOptions {
    fn default() -> Self {
        DetectOptions {
            detectors: Detector::ALL.iter().map(|d| (*d, d.default_threshold())).collect(),
            weeks: 1,
            admin1: true,
            threads: 2,
        }
    }
}

/// The last complete ISO week (index) on or before `day`.
pub fn last_complete_week(day: Day) -> i32 {
    if day.weekday() == 6 { day.week_index() } else { day.week_index() - 1 }
}

/// Weeks before the reported ones whose events can still make a cell alarm in them. A cell with
/// no event in the reported weeks nor in the `QUIET_BEFORE` weeks before them cannot alarm there,
/// whatever its history, at any threshold ≥ 0: EARS C1/C2, the ACLED surge ratio, the Poisson
/// CUSUM (its sum only falls on an empty week) and the NB GLR (a week at or below its expectation
/// is passed) alarm only on a week with events; EARS C3 sums C2 over the week and the two before,
/// the ACLED threat ratio needs a mean of 1 over the week and the three before. Detection skips
/// such cells (the alarms are the same), and the database does not load their series.
pub const QUIET_BEFORE: i32 = 3;

/// The first week whose events can raise an alarm in the last `weeks` weeks up to `last_week`
/// (see [`QUIET_BEFORE`]).
pub fn first_week_that_counts(last_week: i32, weeks: usize) -> i32 {
    let weeks = i32::try_from(weeks).unwrap_or(i32::MAX);
    last_week.saturating_sub(weeks).saturating_add(1).saturating_sub(QUIET_BEFORE)
}

/// A cell's counts as detection reads them: daily counters or weekly sums.
#[derive(Clone, Copy)]
enum Sums<'a> {
    Days(&'a BTreeMap<Day, Counts>),
    Weeks(&'a [(i32, Counts)]),
}

impl Sums<'_> {
    fn series(self, cell: &CellKey, last_week: i32) -> Option<crate::series::WeeklySeries> {
        match self {
            Sums::Days(d) => weekly_series(cell, d, last_week),
            Sums::Weeks(w) => weekly_series_of_weeks(cell, w, last_week),
        }
    }

    /// No event in the weeks `from..=to`.
    fn quiet(self, from: i32, to: i32) -> bool {
        match self {
            Sums::Days(d) => d
                .iter()
                .rev()
                .take_while(|(day, _)| day.week_index() >= from)
                .filter(|(day, _)| day.week_index() <= to)
                .all(|(_, c)| c.events == 0),
            Sums::Weeks(w) => {
                let at = w.partition_point(|(week, _)| *week < from);
                w[at..].iter().take_while(|(week, _)| *week <= to).all(|(_, c)| c.events == 0)
            }
        }
    }
}

/// A detector's alarm on a cell: cell, week index, detector, threshold, signal, fatalities.
pub type Found = (CellKey, i32, Detector, f64, crate::detect::Signal, f64);

/// Run detection over daily counters ending at `last_week` (inclusive).
pub fn detect_cells(cells: &[(&CellKey, &BTreeMap<Day, Counts>)], last_week: i32, opts: &DetectOptions) -> Vec<Found> {
    let cells: Vec<(&CellKey, Sums)> = cells.iter().map(|(k, d)| (*k, Sums::Days(d))).collect();
    detect_sums(&cells, last_week, opts)
}

fn detect_sums(cells: &[(&CellKey, Sums)], last_week: i32, opts: &DetectOptions) -> Vec<Found> {
    let threads = opts.threads.max(1);
    let chunk = cells.len().div_ceil(threads).max(1);
    // Cells quiet since this week cannot alarm (thresholds below 0 would void the argument).
    let skip_quiet = opts.detectors.iter().all(|(_, th)| *th >= 0.0);
    let from_week = first_week_that_counts(last_week, opts.weeks);
    let mut out = Vec::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = cells
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut found = Vec::new();
                    for (cell, sums) in part {
                        if !opts.admin1 && !cell.admin1.is_empty() {
                            continue;
                        }
                        if skip_quiet && sums.quiet(from_week, last_week) {
                            continue;
                        }
                        let Some(series) = sums.series(cell, last_week) else {
                            continue;
                        };
                        let n = series.events.len();
                        let from = n.saturating_sub(opts.weeks);
                        for &(d, th) in &opts.detectors {
                            for sig in d.run_from(&series.events, th, from) {
                                let week = series.first_week + sig.t as i32;
                                found.push(((*cell).clone(), week, d, th, sig, series.fatalities[sig.t]));
                            }
                        }
                    }
                    found
                })
            })
            .collect();
        for h in handles {
            if let Ok(v) = h.join() {
                out.extend(v);
            }
        }
    });
    out
}

/// Detect over the whole store, up to the last complete week of its latest day.
pub fn detect(store: &Store, opts: &DetectOptions) -> Vec<Alert> {
    match store.last_day() {
        Some(last) => detect_until(store, last, opts),
        None => Vec::new(),
    }
}

/// Detect over the whole store up to the last complete week on or before `last` (the latest day
/// with data, when the store holds weekly sums keyed by their Monday).
pub fn detect_until(store: &Store, last: Day, opts: &DetectOptions) -> Vec<Alert> {
    let cells: Vec<(&CellKey, Sums)> = store.tally.days.iter().map(|(k, d)| (k, Sums::Days(d))).collect();
    alerts_of(cells, store, last, opts)
}

/// Detect over weekly sums (what the database loads: [`crate::series::WeekSums`] per cell) up
/// to the last complete week on or before `last`; top events from `top`'s lists. The same alerts
/// as [`detect_until`] over the daily counters these weeks sum.
pub fn detect_weeks(cells: &[(CellKey, WeekSums)], top: &Store, last: Day, opts: &DetectOptions) -> Vec<Alert> {
    let cells: Vec<(&CellKey, Sums)> = cells.iter().map(|(k, w)| (k, Sums::Weeks(w))).collect();
    alerts_of(cells, top, last, opts)
}

fn alerts_of(mut cells: Vec<(&CellKey, Sums)>, top: &Store, last: Day, opts: &DetectOptions) -> Vec<Alert> {
    let last_week = last_complete_week(last);
    cells.sort_by(|a, b| a.0.cmp(b.0));
    let mut alerts: Vec<Alert> = detect_sums(&cells, last_week, opts)
        .into_iter()
        .map(|(cell, week, detector, threshold, sig, fatalities)| {
            let monday = Day::monday_of_week_index(week);
            Alert {
                detector,
                top_events: top.top_events(&cell, week),
                cell,
                week: monday.iso_week().to_string(),
                week_start: monday,
                observed: sig.observed,
                expected: sig.expected,
                threshold,
                score: sig.score,
                fatalities,
            }
        })
        .collect();
    alerts.sort_by(|a, b| {
        b.week_start
            .cmp(&a.week_start)
            .then(b.score.total_cmp(&a.score))
            .then(a.cell.cmp(&b.cell))
            .then(a.detector.cmp(&b.detector))
    });
    alerts
}

/// A count or a measure: whole numbers without decimals, others with one, in the language's
/// decimal notation.
fn num(x: f64, lang: Lang) -> FluentValue<'static> {
    let digits = if (x - x.round()).abs() < 1e-9 { 0 } else { 1 };
    entente_i18n::decimal(lang, x, digits).into()
}

impl Alert {
    /// Where: "Mali (MLI)" or "Mopti, Mali (MLI)".
    pub fn place(&self, country_name: &str) -> String {
        let c = format!("{country_name} ({})", self.cell.country);
        if self.cell.admin1.is_empty() { c } else { format!("{}, {c}", self.cell.admin1) }
    }

    /// Its headline: "Surge in terrorism – Mopti, Mali (MLI)".
    pub fn headline(&self, lang: Lang, country_name: &str) -> String {
        let event = t_args(lang, "cap-event", &[("category", self.cell.category.label(lang).into())]);
        format!("{event} – {}", self.place(country_name))
    }

    /// The explanation of the alert in a language.
    pub fn why(&self, lang: Lang, country_name: &str) -> String {
        let layer = match self.cell.layer {
            crate::event::Layer::Curated => "warning-layer-curated",
            crate::event::Layer::Media => "warning-layer-media",
        };
        let mut s = t_args(
            lang,
            "warning-alert",
            &[
                ("detector", self.detector.name(lang).into()),
                ("category", self.cell.category.label(lang).into()),
                ("place", self.place(country_name).into()),
                ("week", t_args(lang, "warning-week", &[("week", self.week.as_str().into())]).into()),
                ("observed", num(self.observed, lang)),
                ("layer", t(lang, layer).into()),
                ("expected", num(self.expected, lang)),
                ("score", num(self.score, lang)),
                ("threshold", num(self.threshold, lang)),
            ],
        );
        if let Some(first) = s.get(..1) {
            s = first.to_uppercase() + &s[1..];
        }
        if self.fatalities > 0.0 {
            s.push(' ');
            s.push_str(&t_args(lang, "warning-alert-fatalities", &[("fatalities", num(self.fatalities, lang))]));
        }
        if !self.top_events.is_empty() {
            s.push(' ');
            s.push_str(&t(lang, "warning-alert-main-events"));
            for (i, e) in self.top_events.iter().enumerate() {
                let mut line = format!(" ({}) {} {}:{}", i + 1, e.date, e.source, e.source_id);
                if !e.location.is_empty() {
                    let _ = write!(line, ", {}", e.location);
                }
                if let Some(f) = e.fatalities.filter(|f| *f > 0) {
                    let _ = write!(line, ", {}", t_args(lang, "warning-event-killed", &[("killed", f.into())]));
                }
                if !e.also_reported_by.is_empty() {
                    let sources = e.also_reported_by.join(", ");
                    let _ = write!(
                        line,
                        ", {}",
                        t_args(lang, "warning-event-also-reported", &[("sources", sources.into())])
                    );
                }
                s.push_str(&line);
                s.push(if i + 1 == self.top_events.len() { '.' } else { ';' });
            }
        }
        s
    }

    fn severity_word(&self) -> &'static str {
        let ratio = if self.threshold > 0.0 { self.score / self.threshold } else { 2.0 };
        if ratio >= 2.0 { "Severe" } else { "Moderate" }
    }
}

/// Text with `&`, `<`, `>`, quotes and apostrophes escaped.
fn xml(s: &str) -> String {
    escape(s, true)
}

/// Element text with `&`, `<` and `>` escaped; quotes and apostrophes kept.
fn xml_text(s: &str) -> String {
    escape(s, false)
}

fn escape(s: &str, quotes: bool) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' if quotes => o.push_str("&quot;"),
            '\'' if quotes => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

/// An alert as an OASIS CAP 1.2 `<alert>` document. `sent` is an RFC 3339 time with offset
/// (`2024-02-19T06:00:00+00:00`); `country_name` names the area. Its identifier is made of the
/// detector, the cell and the week (one alert per detector, cell and week in the file store).
pub fn to_cap(a: &Alert, sender: &str, sent: &str, lang: Lang, country_name: &str) -> String {
    let id = cap_identifier(a);
    to_cap_as(a, &CapHeader { identifier: &id, sender, sent, web: None, parameters: &[] }, lang, country_name)
}

/// What a CAP document says about where it comes from, beyond the alert itself.
pub struct CapHeader<'a> {
    /// Unique for the sender.
    pub identifier: &'a str,
    pub sender: &'a str,
    /// RFC 3339 with an offset (CAP does not take `Z`).
    pub sent: &'a str,
    /// The page that tells more (CAP `web`), an absolute URI.
    pub web: Option<&'a str>,
    /// More `<parameter>`s, after the engine's own.
    pub parameters: &'a [(&'a str, String)],
}

/// The identifier [`to_cap`] gives an alert: detector, layer, country, category, week, place.
pub fn cap_identifier(a: &Alert) -> String {
    format!(
        "entente-{}-{}-{}-{}-{}-{}",
        a.detector,
        a.cell.layer.as_str(),
        a.cell.country,
        a.cell.category,
        a.week,
        a.cell.admin1.chars().filter(char::is_ascii_alphanumeric).collect::<String>()
    )
}

/// [`to_cap`] with the identifier, the page and parameters the caller gives.
pub fn to_cap_as(a: &Alert, h: &CapHeader<'_>, lang: Lang, country_name: &str) -> String {
    let (id, sender, sent) = (h.identifier, h.sender, h.sent);
    let language = t(lang, "cap-language");
    let event = t_args(lang, "cap-event", &[("category", a.cell.category.label(lang).into())]);
    let (y, m, d) = a.week_start.ymd();
    let mut s = String::new();
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n  <identifier>{}</identifier>\n  <sender>{}</sender>\n  <sent>{}</sent>\n  <status>Actual</status>\n  <msgType>Alert</msgType>\n  <scope>Restricted</scope>\n  <restriction>{}</restriction>\n  <info>\n    <language>{}</language>\n    <category>Security</category>\n    <event>{}</event>\n    <urgency>Expected</urgency>\n    <severity>{}</severity>\n    <certainty>Possible</certainty>\n    <effective>{y:04}-{m:02}-{d:02}T00:00:00+00:00</effective>\n    <senderName>{}</senderName>\n    <headline>{}</headline>\n    <description>{}</description>\n",
        xml(id),
        xml(sender),
        xml(sent),
        xml_text(&t(lang, "cap-restriction")),
        xml_text(&language),
        xml(&event),
        a.severity_word(),
        xml_text(&t(lang, "cap-sender-name")),
        xml(&a.headline(lang, country_name)),
        xml(&a.why(lang, country_name)),
    );
    if let Some(web) = h.web {
        let _ = writeln!(s, "    <web>{}</web>", xml(web));
    }
    let extra = h.parameters.iter().map(|(k, v)| (*k, v.clone()));
    for (k, v) in [
        ("detector", a.detector.to_string()),
        ("score", format!("{:.3}", a.score)),
        ("threshold", format!("{}", a.threshold)),
        ("observed", format!("{}", a.observed)),
        ("expected", format!("{:.3}", a.expected)),
        ("layer", a.cell.layer.as_str().to_string()),
        ("challengeCategory", a.cell.category.to_string()),
        ("isoWeek", a.week.clone()),
    ]
    .into_iter()
    .chain(extra)
    {
        let _ = write!(
            s,
            "    <parameter>\n      <valueName>{k}</valueName>\n      <value>{}</value>\n    </parameter>\n",
            xml(&v)
        );
    }
    let area = a.place(country_name);
    let _ = write!(
        s,
        "    <area>\n      <areaDesc>{}</areaDesc>\n      <geocode>\n        <valueName>ISO3166-1-alpha-3</valueName>\n        <value>{}</value>\n      </geocode>\n    </area>\n  </info>\n</alert>\n",
        xml(&area),
        a.cell.country
    );
    s
}

/// The ISO week label of a week index.
pub fn week_of_index(i: i32) -> IsoWeek {
    Day::monday_of_week_index(i).iso_week()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::Category;
    use crate::event::{Layer, Source};

    fn alert() -> Alert {
        let monday = Day::from_ymd(2024, 2, 12).unwrap();
        Alert {
            detector: Detector::EarsC2,
            cell: CellKey {
                layer: Layer::Curated,
                country: "MLI".parse().unwrap(),
                admin1: "Mopti".into(),
                category: Category::Terrorism,
            },
            week: monday.iso_week().to_string(),
            week_start: monday,
            observed: 14.0,
            expected: 3.25,
            threshold: 3.0,
            score: 4.5,
            fatalities: 31.0,
            top_events: vec![EventRef {
                source: Source::Acled,
                source_id: "MLI3301".into(),
                date: Day(monday.0 + 2),
                location: "Bandiagara".into(),
                admin1: "Mopti".into(),
                fatalities: Some(20),
                goldstein: None,
                mentions: None,
                event_type: "Explosions/Remote violence/Remote explosive/landmine/IED".into(),
                also_reported_by: vec!["ucdp:512".into()],
                provenance: "Local partner <Source> & \"press\"".into(),
                weight: 20000.0,
            }],
        }
    }

    #[test]
    fn why_in_english_and_french() {
        let a = alert();
        assert_eq!(
            a.why(Lang::En, "Mali"),
            "EARS C2 alert: terrorism in Mopti, Mali (MLI), week 2024-W07. 14 curated incidents observed against 3.2 expected; score 4.5 exceeds the threshold 3. 31 fatalities were reported that week. Main events: (1) 2024-02-14 acled:MLI3301, Bandiagara, 20 killed, also reported by ucdp:512."
        );
        assert_eq!(
            a.why(Lang::Fr, "Mali"),
            "Alerte EARS C2 : terrorisme – Mopti, Mali (MLI), semaine 2024-W07. 14 incidents vérifiés observés pour 3,2 attendus ; le score 4,5 dépasse le seuil 3. 31 morts ont été signalés cette semaine-là. Principaux événements : (1) 2024-02-14 acled:MLI3301, Bandiagara, 20 tués, également signalé par ucdp:512."
        );
    }

    #[test]
    fn sentences_start_with_a_capital() {
        let mut a = alert();
        a.detector = Detector::NbGlr;
        assert!(a.why(Lang::En, "Mali").starts_with("Negative-binomial GLR alert: terrorism"));
        assert!(a.why(Lang::Fr, "Mali").starts_with("Alerte GLR binomial négatif : terrorisme"));
    }

    #[test]
    fn cap_document_has_the_required_elements_and_escapes_text() {
        let a = alert();
        let x = to_cap(&a, "entente@alliance.example", "2024-02-19T06:00:00+00:00", Lang::En, "Mali & <others>");
        for tag in [
            "identifier",
            "sender",
            "sent",
            "status",
            "msgType",
            "scope",
            "info",
            "category",
            "event",
            "urgency",
            "severity",
            "certainty",
            "area",
            "areaDesc",
        ] {
            assert!(x.contains(&format!("<{tag}>")), "missing {tag}");
            assert!(x.contains(&format!("</{tag}>")), "unclosed {tag}");
        }
        assert!(x.contains("xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\""));
        assert!(x.contains("Mali &amp; &lt;others&gt;"));
        assert!(!x.contains("<others>"));
        assert!(x.contains("<severity>Moderate</severity>"));
        assert!(x.contains("<value>MLI</value>"));
        let fr = to_cap(&a, "s", "2024-02-19T06:00:00+00:00", Lang::Fr, "Mali");
        assert!(fr.contains("<language>fr-FR</language>"));
    }

    #[test]
    fn complete_weeks() {
        let sunday = Day::from_ymd(2024, 2, 18).unwrap();
        assert_eq!(last_complete_week(sunday), sunday.week_index());
        assert_eq!(last_complete_week(Day(sunday.0 + 1)), sunday.week_index());
        assert_eq!(week_of_index(sunday.week_index()).to_string(), "2024-W07");
    }

    proptest::proptest! {
        /// Skipping the cells quiet in the reported weeks and the three before changes no alarm:
        /// every detector run over every week of every cell finds the same ones.
        #[test]
        fn quiet_cells_raise_no_alarm(
            cells in proptest::collection::vec(
                proptest::collection::vec((0i32..160, 1u64..40, 0u64..5), 0..60), 1..12),
            weeks in 1usize..6,
            last_week in 100i32..170,
            thresholds in proptest::collection::vec(0.0f64..8.0, 7),
            surges in proptest::collection::vec((0usize..12, 0i32..170, 20u64..200), 0..6),
        ) {
            let mut sums: Vec<(CellKey, WeekSums)> = Vec::new();
            for (i, weeks_of) in cells.iter().enumerate() {
                let mut days: BTreeMap<Day, Counts> = BTreeMap::new();
                for (w, e, f) in weeks_of {
                    days.entry(Day::monday_of_week_index(*w)).or_default().add(Counts { events: *e, fatalities: *f });
                }
                for (c, w, e) in &surges {
                    if *c == i {
                        days.entry(Day::monday_of_week_index(*w)).or_default().add(Counts { events: *e, fatalities: 0 });
                    }
                }
                let cell = CellKey {
                    layer: Layer::Media,
                    country: "MLI".parse().unwrap(),
                    admin1: format!("A{i}"),
                    category: Category::Unrest,
                };
                sums.push((cell, crate::series::week_sums(&days)));
            }
            let opts = DetectOptions {
                detectors: Detector::ALL.iter().copied().zip(thresholds.iter().copied()).collect(),
                weeks,
                admin1: true,
                threads: 2,
            };
            let refs: Vec<(&CellKey, Sums)> = sums.iter().map(|(k, w)| (k, Sums::Weeks(w))).collect();
            let mut got = detect_sums(&refs, last_week, &opts);
            let mut want = Vec::new();
            for (cell, w) in &sums {
                let Some(series) = weekly_series_of_weeks(cell, w, last_week) else { continue };
                let from = series.events.len().saturating_sub(weeks);
                for &(d, th) in &opts.detectors {
                    for sig in d.run(&series.events, th) {
                        if sig.t >= from {
                            want.push((cell.clone(), series.first_week + sig.t as i32, d, th, sig, series.fatalities[sig.t]));
                        }
                    }
                }
            }
            let key = |f: &Found| (f.0.clone(), f.1, f.2);
            got.sort_by_key(key);
            want.sort_by_key(key);
            proptest::prop_assert_eq!(got, want);
        }
    }
}
