//! The evaluation service shared by its pages and its API: each founding question's figures,
//! computed by `entente_domain::evaluation` from what the areas record, with the domain's rule of
//! what a viewer may see of an aggregate applied. A figure carries the exact numbers drawn (its
//! table, exported as CSV and JSON), its chart, one generated sentence and its definition.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use entente_domain::consultation::{MeetingStatus, RequestBasis};
use entente_domain::evaluation::Question;
use entente_domain::evaluation::engagement::{self as engaged, meeting_facts};
use entente_domain::evaluation::equal::{EqualTreatment, SizeMeasure, seat_fulfilment};
use entente_domain::evaluation::network::{Group, co_participation, meeting_occasions};
use entente_domain::evaluation::path::{PathStatus, active_partners_by_year, paths_to_membership};
use entente_domain::evaluation::stats::summary;
use entente_domain::evaluation::view::{EvaluationView, MIN_NATIONS};
use entente_domain::registry::FormatKind;
use entente_store::consultation::MeetingFilter;
use fluent_templates::fluent_bundle::FluentValue;
use serde::Serialize;

use crate::chart::{BarChart, NetworkChart, NetworkNode, Series, number, percent};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;

/// The first year the registry's partnership history covers (the Partnership for Peace, 1994).
pub const FIRST_YEAR: i32 = 1994;

/// Years from `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: i32,
    pub to: i32,
}

impl Period {
    /// The period asked for: every year of the record up to this one by default; refused when
    /// reversed or outside the record.
    pub fn parse(from: Option<i32>, to: Option<i32>, today: NaiveDate) -> Result<Period, AppError> {
        let this_year = today.year();
        let p = Period { from: from.unwrap_or(FIRST_YEAR), to: to.unwrap_or(this_year) };
        for (name, y) in [("from", p.from), ("to", p.to)] {
            if !(FIRST_YEAR..=this_year + 5).contains(&y) {
                return Err(AppError::bad_request(
                    "invalid_period",
                    entente_domain::said!(
                        "err-eval-year-outside",
                        "{field}: {year} is outside the record ({first}–{last})",
                        field = entente_domain::said::field(name),
                        year = y.to_string(),
                        first = FIRST_YEAR.to_string(),
                        last = (this_year + 5).to_string()
                    ),
                ));
            }
        }
        if p.from > p.to {
            return Err(AppError::bad_request(
                "invalid_period",
                entente_domain::said!(
                    "err-eval-from-after-to",
                    "from: {from} is after to ({to})",
                    from = p.from.to_string(),
                    to = p.to.to_string()
                ),
            ));
        }
        Ok(p)
    }

    pub fn contains(&self, year: i32) -> bool {
        (self.from..=self.to).contains(&year)
    }
}

/// Whether a question is answered yet, and if not, what it waits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// Computed from recorded data.
    Computed,
    /// Its data is recorded by an area the product does not have yet (`warning`).
    WaitsOn(&'static str),
    /// Its data exists, the indicator is not computed yet.
    NotYetComputed,
}

pub fn availability(q: Question) -> Availability {
    match q {
        Question::Q1 | Question::Q3 | Question::Q5 | Question::Q6 | Question::Q7 | Question::Q8 => {
            Availability::Computed
        }
        Question::Q2 | Question::Q4 => Availability::Computed,
    }
}

/// One value of a figure's table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Text(String),
    /// A key of a column or a measure: the key in exports, its label on the page.
    Key(&'static str),
    Int(i64),
    /// A calendar year: a number in exports, shown without a thousands separator.
    Year(i32),
    Num(f64),
    Empty,
}

impl Cell {
    /// As a CSV field: numbers in full precision, the point as decimal separator; text made safe
    /// for spreadsheets ([`crate::export::text_cell`]).
    pub fn raw(&self) -> String {
        match self {
            Cell::Text(s) => crate::export::text_cell(s).into_owned(),
            Cell::Key(k) => (*k).to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Year(y) => y.to_string(),
            Cell::Num(f) => format!("{f}"),
            Cell::Empty => String::new(),
        }
    }

    /// As shown on the page, in the reader's conventions.
    pub fn shown(&self, lang: Lang) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Key(k) => lang.t(&format!("eval-col-{k}")),
            Cell::Int(i) => number(*i as f64, 0, lang),
            Cell::Year(y) => y.to_string(),
            // Small figures (p-values, shares of a percent) keep four decimals.
            Cell::Num(f) if *f != 0.0 && f.abs() < 0.1 => number(*f, 4, lang),
            Cell::Num(f) => number(*f, 2, lang),
            Cell::Empty => "—".to_string(),
        }
    }
}

fn opt(v: Option<f64>) -> Cell {
    v.map_or(Cell::Empty, Cell::Num)
}

/// How a bar chart's values read: decimals, the axis maximum, the orientation.
struct Axis {
    decimals: usize,
    max: Option<f64>,
    horizontal: bool,
}

/// One figure of a question: its table, chart, sentence and definition.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub id: &'static str,
    pub title: String,
    pub sentence: String,
    pub definition: String,
    /// Column keys, as in the CSV header and the JSON rows.
    pub columns: Vec<&'static str>,
    /// Column labels in the reader's language.
    #[serde(skip)]
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// What was left out for this viewer, if anything (aggregates of fewer than five nations,
    /// other nations' lines).
    pub withheld: Option<String>,
    #[serde(skip)]
    pub chart: Option<BarChart>,
    #[serde(skip)]
    pub network: Option<NetworkChart>,
}

impl Figure {
    fn new(id: &'static str, lang: Lang, columns: Vec<&'static str>) -> Figure {
        Figure {
            id,
            title: lang.t(&format!("eval-{id}-title")),
            sentence: String::new(),
            definition: lang.t(&format!("eval-{id}-definition")),
            headers: columns.iter().map(|c| lang.t(&format!("eval-col-{c}"))).collect(),
            columns,
            rows: Vec::new(),
            withheld: None,
            chart: None,
            network: None,
        }
    }

    /// A bar chart of this figure, titled and described by it.
    fn bars(&self, categories: Vec<String>, series: Vec<Series>, axis: Axis, lang: Lang) -> BarChart {
        BarChart {
            title: self.title.clone(),
            description: self.sentence.clone(),
            categories,
            series,
            decimals: axis.decimals,
            max: axis.max,
            horizontal: axis.horizontal,
            lang,
        }
    }

    /// The table as CSV (keys as header, numbers in full precision).
    pub fn csv(&self) -> Result<String, AppError> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let internal = |e: csv::Error| AppError::Internal(anyhow::anyhow!("{e}"));
        w.write_record(&self.columns).map_err(internal)?;
        for r in &self.rows {
            w.write_record(r.iter().map(Cell::raw)).map_err(internal)?;
        }
        let bytes = w.into_inner().map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
        String::from_utf8(bytes).map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))
    }
}

/// A question answered over a period.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub question: Question,
    pub period: Period,
    /// The measure Q6's size groups are formed by (population unless asked otherwise).
    pub size: SizeMeasure,
    pub availability: Availability,
    pub figures: Vec<Figure>,
    /// When the figures were computed (the data is read live).
    pub computed_at: DateTime<Utc>,
}

impl Answer {
    pub fn figure(&self, id: &str) -> Result<&Figure, AppError> {
        self.figures.iter().find(|f| f.id == id).ok_or_else(|| {
            AppError::bad_request(
                "invalid_figure",
                entente_domain::said!(
                    "err-eval-figure",
                    "figure: '{value}' is not a figure of this question",
                    value = id
                ),
            )
        })
    }
}

fn args(lang: Lang, key: &str, list: Vec<(&'static str, String)>) -> String {
    args_counted(lang, key, list, &[])
}

/// [`args`] with some arguments as numbers, for the sentence to choose its plural by them.
fn args_counted(lang: Lang, key: &str, list: Vec<(&'static str, String)>, counts: &[(&'static str, i64)]) -> String {
    let list: Vec<(&'static str, FluentValue<'static>)> = list
        .into_iter()
        .map(|(k, v)| (k, FluentValue::from(v)))
        .chain(counts.iter().map(|&(k, n)| (k, FluentValue::from(n))))
        .collect();
    lang.t_args(key, &list)
}

/// Every question over a period, in order, as this caller may see it.
/// Every question over a period, Q6's size groups formed by `size`.
pub async fn answer_all(ctx: &Ctx, period: Period, size: SizeMeasure) -> Result<Vec<Answer>, AppError> {
    let mut out = Vec::with_capacity(Question::ALL.len());
    for q in Question::ALL {
        out.push(answer_sized(ctx, q, period, size).await?);
    }
    Ok(out)
}

/// The size measure a `size` parameter asks for; population when absent or empty.
pub fn size_param(value: Option<&str>) -> Result<SizeMeasure, AppError> {
    match crate::params::text(value) {
        None => Ok(SizeMeasure::Population),
        Some(v) => SizeMeasure::parse(v).ok_or_else(|| {
            AppError::bad_request(
                "invalid_size",
                entente_domain::said!("err-eval-size", "size: '{value}' is not population or gdp", value = v),
            )
        }),
    }
}

/// Answer one question over a period, as this caller may see it (Q6's size groups by population).
pub async fn answer(ctx: &Ctx, question: Question, period: Period) -> Result<Answer, AppError> {
    answer_sized(ctx, question, period, SizeMeasure::Population).await
}

/// Answer one question over a period, as this caller may see it, Q6's size groups formed by
/// `size` (the other questions do not use it).
pub async fn answer_sized(
    ctx: &Ctx,
    question: Question,
    period: Period,
    size: SizeMeasure,
) -> Result<Answer, AppError> {
    let view = EvaluationView::of(&ctx.principal);
    let figures = match question {
        Question::Q1 => forum(ctx, period).await?,
        Question::Q2 => detection(ctx, period).await?,
        Question::Q3 => tailored(ctx, &view, period).await?,
        Question::Q4 => conflict(ctx, period).await?,
        Question::Q5 => network(ctx, period),
        Question::Q6 => equal_treatment(ctx, &view, period, size).await?,
        Question::Q7 => regional(ctx, &view, period).await?,
        Question::Q8 => engagement(ctx, &view, period).await?,
    };
    Ok(Answer { question, period, size, availability: availability(question), figures, computed_at: ctx.now })
}

const KINDS: [FormatKind; 4] =
    [FormatKind::AllAllies, FormatKind::AlliesPlus, FormatKind::Framework, FormatKind::AcrossFrameworks];
const BASES: [RequestBasis; 3] = [RequestBasis::Paragraph8, RequestBasis::Article4, RequestBasis::Other];

/// Q4: violent events (armed conflict, violence against civilians; curated sources) per year by
/// depth of partnership — descriptive, with its caveat in the sentence.
async fn conflict(ctx: &Ctx, period: Period) -> Result<Vec<Figure>, AppError> {
    use entente_domain::evaluation::conflict::{Depth, by_depth, depth_of};
    let lang = ctx.lang;
    let rows = ctx.scope.violent_events(period.from, period.to).await?;
    let net = ctx.net();
    let groups = by_depth(&rows, |c, y| depth_of(net, c, y), period.from, period.to);
    let mut f =
        Figure::new("q4-depth", lang, vec!["year", "depth", "countries", "events", "fatalities", "events_per_country"]);
    for g in &groups {
        f.rows.push(vec![
            Cell::Year(g.year),
            Cell::Key(g.depth.as_str()),
            Cell::Int(g.countries as i64),
            Cell::Int(g.events),
            Cell::Int(g.fatalities),
            Cell::Num(g.events_per_country),
        ]);
    }
    let years: Vec<i32> =
        groups.iter().map(|g| g.year).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    let rate =
        |year: i32, d: Depth| groups.iter().find(|g| g.year == year && g.depth == d).map(|g| g.events_per_country);
    f.sentence = match years.last() {
        None => lang.t("eval-no-data"),
        Some(&last) => {
            let shown = |d: Depth| rate(last, d).map_or_else(|| "—".to_string(), |v| number(v, 1, lang));
            args(
                lang,
                "eval-q4-depth-sentence",
                vec![
                    ("year", last.to_string()),
                    ("ally", shown(Depth::Ally)),
                    ("long", shown(Depth::LongPartner)),
                    ("partner", shown(Depth::Partner)),
                    ("outside", shown(Depth::Outside)),
                ],
            )
        }
    };
    f.chart = Some(
        f.bars(
            years.iter().map(|y| y.to_string()).collect(),
            Depth::ALL
                .iter()
                .map(|d| Series {
                    label: lang.t(&format!("eval-col-{}", d.as_str())),
                    values: years.iter().map(|y| rate(*y, *d)).collect(),
                })
                .collect(),
            Axis { decimals: 1, max: None, horizontal: false },
            lang,
        ),
    );
    Ok(vec![f])
}

/// Q2: alerts raised per year, the share that counted shared reports, consultations proposed on
/// them and how fast; shared reports per category — over what this caller may see.
async fn detection(ctx: &Ctx, period: Period) -> Result<Vec<Figure>, AppError> {
    use entente_domain::evaluation::detection::{AlertFact, alerts_by_year, reports_by_year};
    let lang = ctx.lang;
    let alerts = ctx.scope.alerts(&entente_store::warning::AlertFilter::default()).await?;
    let facts: Vec<AlertFact> = alerts
        .iter()
        .filter_map(|a| {
            let year = a.week_start.to_naive_date()?.year();
            let days = a.escalated_at.map(|t| (t - a.detected_at).num_minutes() as f64 / 1440.0);
            Some(AlertFact { year, with_reports: a.basis == "reports", days_to_consultation: days })
        })
        .collect();
    let years = alerts_by_year(&facts, period.from, period.to);
    let mut f1 = Figure::new(
        "q2-alerts",
        lang,
        vec!["year", "alerts", "with_reports", "share_with_reports", "escalated", "median_days_to_consultation"],
    );
    for y in &years {
        f1.rows.push(vec![
            Cell::Year(y.year),
            Cell::Int(y.alerts as i64),
            Cell::Int(y.with_reports as i64),
            Cell::Num(y.share_with_reports),
            Cell::Int(y.escalated as i64),
            opt(y.median_days_to_consultation),
        ]);
    }
    let total: usize = years.iter().map(|y| y.alerts).sum();
    let with: usize = years.iter().map(|y| y.with_reports).sum();
    let escalated: usize = years.iter().map(|y| y.escalated).sum();
    f1.sentence = if total == 0 {
        lang.t("eval-no-data")
    } else {
        args(
            lang,
            "eval-q2-alerts-sentence",
            vec![
                ("alerts", total.to_string()),
                ("with", with.to_string()),
                ("share", percent(with as f64 / total as f64, lang)),
                ("escalated", escalated.to_string()),
            ],
        )
    };
    f1.chart = Some(f1.bars(
        years.iter().map(|y| y.year.to_string()).collect(),
        vec![
            Series { label: lang.t("eval-col-alerts"), values: years.iter().map(|y| Some(y.alerts as f64)).collect() },
            Series {
                label: lang.t("eval-col-with_reports"),
                values: years.iter().map(|y| Some(y.with_reports as f64)).collect(),
            },
            Series {
                label: lang.t("eval-col-escalated"),
                values: years.iter().map(|y| Some(y.escalated as f64)).collect(),
            },
        ],
        Axis { decimals: 0, max: None, horizontal: false },
        lang,
    ));

    let reports = ctx.scope.reports(&Default::default()).await?;
    let list: Vec<(i32, String, bool)> = reports
        .iter()
        .map(|r| {
            (r.occurred_on.year(), r.category.clone(), r.status == entente_domain::warning::ReportStatus::Verified)
        })
        .collect();
    let by = reports_by_year(&list, period.from, period.to);
    let mut f2 = Figure::new("q2-reports", lang, vec!["year", "category", "reports", "verified"]);
    let d = lang.domain();
    let label = |c: &str| c.parse::<entente_warning::Category>().map_or_else(|_| c.to_string(), |x| x.label(d));
    for ((year, category), (shared, verified)) in &by {
        f2.rows.push(vec![
            Cell::Year(*year),
            Cell::Text(label(category)),
            Cell::Int(*shared as i64),
            Cell::Int(*verified as i64),
        ]);
    }
    let shared: usize = by.values().map(|v| v.0).sum();
    let verified: usize = by.values().map(|v| v.1).sum();
    f2.sentence = if shared == 0 {
        lang.t("eval-no-data")
    } else {
        args(
            lang,
            "eval-q2-reports-sentence",
            vec![("reports", shared.to_string()), ("verified", verified.to_string())],
        )
    };
    let mut cats: Vec<String> = by.keys().map(|(_, c)| c.clone()).collect();
    cats.sort();
    cats.dedup();
    f2.chart = Some(f2.bars(
        cats.iter().map(|c| label(c)).collect(),
        vec![
                Series {
                    label: lang.t("eval-col-reports"),
                    values: cats
                        .iter()
                        .map(|c| Some(by.iter().filter(|((_, k), _)| k == c).map(|(_, v)| v.0).sum::<usize>() as f64))
                        .collect(),
                },
                Series {
                    label: lang.t("eval-col-verified"),
                    values: cats
                        .iter()
                        .map(|c| Some(by.iter().filter(|((_, k), _)| k == c).map(|(_, v)| v.1).sum::<usize>() as f64))
                        .collect(),
                },
            ],
        Axis { decimals: 0, max: None, horizontal: true },
        lang,
    ));

    // Lead time: verified reports the open data caught up with.
    use entente_domain::evaluation::detection::{LEAD_WINDOW_DAYS, OpenAlert, ReportFact, lead_times};
    let verified: Vec<ReportFact> = reports
        .iter()
        .filter(|r| r.status == entente_domain::warning::ReportStatus::Verified)
        .map(|r| ReportFact { country: r.country.clone(), category: r.category.clone(), occurred_on: r.occurred_on })
        .collect();
    let open: Vec<OpenAlert> = alerts
        .iter()
        .filter(|a| a.basis == "open")
        .filter_map(|a| {
            Some(OpenAlert {
                country: a.cell.country.as_str().to_string(),
                category: a.cell.category.as_str().to_string(),
                week_start: a.week_start.to_naive_date()?,
            })
        })
        .collect();
    let leads = lead_times(&verified, &open, period.from, period.to);
    let mut f3 =
        Figure::new("q2-lead", lang, vec!["year", "verified", "followed", "median_lead_days", "max_lead_days"]);
    for y in &leads {
        f3.rows.push(vec![
            Cell::Year(y.year),
            Cell::Int(y.verified as i64),
            Cell::Int(y.followed as i64),
            opt(y.median_lead_days),
            opt(y.max_lead_days),
        ]);
    }
    let (all, followed): (usize, usize) = leads.iter().fold((0, 0), |a, y| (a.0 + y.verified, a.1 + y.followed));
    let days: Vec<f64> = verified
        .iter()
        .filter(|r| period.contains(chrono::Datelike::year(&r.occurred_on)))
        .filter_map(|r| entente_domain::evaluation::detection::lead_of(r, &open))
        .map(|d| d as f64)
        .collect();
    f3.sentence = if all == 0 {
        lang.t("eval-no-data")
    } else {
        args(
            lang,
            "eval-q2-lead-sentence",
            vec![
                ("verified", all.to_string()),
                ("followed", followed.to_string()),
                ("window", (LEAD_WINDOW_DAYS / 7).to_string()),
                (
                    "median",
                    entente_domain::evaluation::stats::quantile(&days, 0.5)
                        .map_or_else(|| "—".to_string(), |v| number(v, 0, lang)),
                ),
            ],
        )
    };
    f3.chart = Some(f3.bars(
        leads.iter().map(|y| y.year.to_string()).collect(),
        vec![
            Series {
                label: lang.t("eval-col-verified"),
                values: leads.iter().map(|y| Some(y.verified as f64)).collect(),
            },
            Series {
                label: lang.t("eval-col-followed"),
                values: leads.iter().map(|y| Some(y.followed as f64)).collect(),
            },
        ],
        Axis { decimals: 0, max: None, horizontal: false },
        lang,
    ));
    Ok(vec![f1, f2, f3])
}

/// Q1: meetings by format, requests by basis, response times against the targets — over what
/// this caller may see of the forum.
async fn forum(ctx: &Ctx, period: Period) -> Result<Vec<Figure>, AppError> {
    let lang = ctx.lang;
    let start = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1).map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    let mut meetings = Vec::new();
    let mut after = None;
    loop {
        let page = ctx
            .scope
            .meetings(&MeetingFilter {
                from: start(period.from),
                to: start(period.to + 1),
                after,
                limit: 500,
                ..Default::default()
            })
            .await?;
        let full = page.len() == 500;
        after = page.last().map(|m| (m.start, m.id.0));
        meetings.extend(page);
        if !full {
            break;
        }
    }
    meetings.retain(|m| m.status() != MeetingStatus::Cancelled);

    // Meetings per year and format kind.
    let mut f1 = Figure::new(
        "q1-meetings",
        lang,
        vec!["year", "all_allies", "allies_plus", "framework", "across_frameworks", "total"],
    );
    let mut years: Vec<i32> = meetings.iter().map(|m| m.start.year()).collect();
    years.sort_unstable();
    years.dedup();
    let count = |y: i32, k: FormatKind| meetings.iter().filter(|m| m.start.year() == y && m.format.kind() == k).count();
    for &y in &years {
        let mut row = vec![Cell::Year(y)];
        row.extend(KINDS.iter().map(|&k| Cell::Int(count(y, k) as i64)));
        row.push(Cell::Int(meetings.iter().filter(|m| m.start.year() == y).count() as i64));
        f1.rows.push(row);
    }
    let partners = meetings.iter().filter(|m| m.format.kind() != FormatKind::AllAllies).count();
    f1.sentence = if meetings.is_empty() {
        lang.t("eval-no-data")
    } else {
        args(
            lang,
            "eval-q1-meetings-sentence",
            vec![
                ("count", meetings.len().to_string()),
                ("partners", partners.to_string()),
                ("share", percent(partners as f64 / meetings.len() as f64, lang)),
                ("from", period.from.to_string()),
                ("to", period.to.to_string()),
            ],
        )
    };
    f1.chart = Some(
        f1.bars(
            years.iter().map(i32::to_string).collect(),
            KINDS
                .iter()
                .map(|&k| Series {
                    label: lang.t(&format!("eval-col-{}", k.as_str())),
                    values: years.iter().map(|&y| Some(count(y, k) as f64)).collect(),
                })
                .collect(),
            Axis { decimals: 0, max: None, horizontal: false },
            lang,
        ),
    );

    // Requests per year and basis.
    let requests: Vec<_> =
        ctx.scope.requests(ctx.net()).await?.into_iter().filter(|r| period.contains(r.submitted_at().year())).collect();
    let mut f2 = Figure::new("q1-requests", lang, vec!["year", "paragraph8", "article4", "other", "total"]);
    let mut ryears: Vec<i32> = requests.iter().map(|r| r.submitted_at().year()).collect();
    ryears.sort_unstable();
    ryears.dedup();
    let rcount =
        |y: i32, b: RequestBasis| requests.iter().filter(|r| r.submitted_at().year() == y && r.basis == b).count();
    for &y in &ryears {
        let mut row = vec![Cell::Year(y)];
        row.extend(BASES.iter().map(|&b| Cell::Int(rcount(y, b) as i64)));
        row.push(Cell::Int(requests.iter().filter(|r| r.submitted_at().year() == y).count() as i64));
        f2.rows.push(row);
    }
    f2.sentence = if requests.is_empty() {
        lang.t("eval-no-data")
    } else {
        args(
            lang,
            "eval-q1-requests-sentence",
            vec![
                ("count", requests.len().to_string()),
                ("paragraph8", requests.iter().filter(|r| r.basis == RequestBasis::Paragraph8).count().to_string()),
            ],
        )
    };
    f2.chart = Some(
        f2.bars(
            ryears.iter().map(i32::to_string).collect(),
            BASES
                .iter()
                .map(|&b| Series {
                    label: lang.t(&format!("eval-col-{}", b.as_str())),
                    values: ryears.iter().map(|&y| Some(rcount(y, b) as f64)).collect(),
                })
                .collect(),
            Axis { decimals: 0, max: None, horizontal: false },
            lang,
        ),
    );

    // Response times against the targets.
    let times: Vec<_> = requests.iter().map(|r| r.times(ctx.net())).collect();
    let mut f3 = Figure::new(
        "q1-response",
        lang,
        vec!["interval", "requests", "median_hours", "p90_hours", "target_hours", "within_target"],
    );
    let intervals = [
        (
            "request_to_ack",
            times.iter().filter_map(|t| t.request_to_ack_hours).collect::<Vec<_>>(),
            ctx.targets.acknowledge_within_hours,
        ),
        (
            "request_to_meeting",
            times.iter().filter_map(|t| t.request_to_meeting_hours).collect(),
            ctx.targets.meet_within_hours,
        ),
    ];
    let mut medians = Vec::new();
    for (key, hours, target) in &intervals {
        let s = summary(hours);
        let within = (!hours.is_empty())
            .then(|| hours.iter().filter(|h| **h <= f64::from(*target)).count() as f64 / hours.len() as f64);
        medians.push((lang.t(&format!("eval-col-{key}")), s.median, s.p90));
        f3.rows.push(vec![
            Cell::Key(key),
            Cell::Int(s.count as i64),
            opt(s.median),
            opt(s.p90),
            Cell::Int(i64::from(*target)),
            opt(within),
        ]);
    }
    let ack = summary(&intervals[0].1);
    f3.sentence = match ack.median {
        None => lang.t("eval-no-data"),
        Some(m) => args(
            lang,
            "eval-q1-response-sentence",
            vec![
                ("count", ack.count.to_string()),
                ("median", number(m, 1, lang)),
                ("p90", number(ack.p90.unwrap_or(m), 1, lang)),
                ("target", ctx.targets.acknowledge_within_hours.to_string()),
            ],
        ),
    };
    f3.chart = Some(f3.bars(
        medians.iter().map(|(l, _, _)| l.clone()).collect(),
        vec![
            Series { label: lang.t("eval-col-median_hours"), values: medians.iter().map(|m| m.1).collect() },
            Series { label: lang.t("eval-col-p90_hours"), values: medians.iter().map(|m| m.2).collect() },
        ],
        Axis { decimals: 1, max: None, horizontal: true },
        lang,
    ));

    // Who sets the agenda: items proposed by partners' delegations, and accepted.
    let facts = ctx.scope.agenda_facts().await?;
    let years = entente_domain::evaluation::agenda::by_year(&facts, period.from, period.to);
    let mut f4 = Figure::new(
        "q1-agenda",
        lang,
        vec!["year", "items", "by_partners", "partner_share", "accepted", "partners_accepted"],
    );
    for y in &years {
        f4.rows.push(vec![
            Cell::Year(y.year),
            Cell::Int(y.items as i64),
            Cell::Int(y.by_partners as i64),
            Cell::Num(y.partner_share),
            Cell::Int(y.accepted as i64),
            Cell::Int(y.partners_accepted as i64),
        ]);
    }
    let (items, by_partners, accepted) =
        years.iter().fold((0, 0, 0), |a, y| (a.0 + y.items, a.1 + y.by_partners, a.2 + y.partners_accepted));
    f4.sentence = if items == 0 {
        lang.t("eval-no-data")
    } else {
        args(
            lang,
            "eval-q1-agenda-sentence",
            vec![
                ("items", items.to_string()),
                ("partners", by_partners.to_string()),
                ("share", percent(by_partners as f64 / items as f64, lang)),
                ("accepted", accepted.to_string()),
            ],
        )
    };
    f4.chart = Some(f4.bars(
        years.iter().map(|y| y.year.to_string()).collect(),
        vec![
            Series { label: lang.t("eval-col-items"), values: years.iter().map(|y| Some(y.items as f64)).collect() },
            Series {
                label: lang.t("eval-col-by_partners"),
                values: years.iter().map(|y| Some(y.by_partners as f64)).collect(),
            },
            Series {
                label: lang.t("eval-col-partners_accepted"),
                values: years.iter().map(|y| Some(y.partners_accepted as f64)).collect(),
            },
        ],
        Axis { decimals: 0, max: None, horizontal: false },
        lang,
    ));
    Ok(vec![f1, f2, f3, f4])
}

/// Q5: active partners per framework by year, the path from partnership to membership, and the
/// named formats by shape — all from the registry, which every reader may see.
fn network(ctx: &Ctx, period: Period) -> Vec<Figure> {
    let lang = ctx.lang;
    let today = ctx.now.date_naive();
    let counts = active_partners_by_year(ctx.net(), period.from, period.to, today);
    let mut frameworks: Vec<String> = counts.iter().map(|c| c.framework.to_string()).collect();
    frameworks.sort();
    frameworks.dedup();
    let mut years: Vec<i32> = counts.iter().map(|c| c.year).collect();
    years.dedup();
    let mut f1 = Figure::new("q5-partners", lang, vec!["year", "framework", "active_partners"]);
    for c in &counts {
        f1.rows.push(vec![Cell::Year(c.year), Cell::Text(c.framework.to_string()), Cell::Int(c.active as i64)]);
    }
    let get = |y: i32, f: &str| counts.iter().find(|c| c.year == y && c.framework.as_str() == f).map(|c| c.active);
    let total = |y: i32| counts.iter().filter(|c| c.year == y).map(|c| c.active).sum::<usize>();
    f1.sentence = match (years.first(), years.last()) {
        (Some(&a), Some(&b)) => args(
            lang,
            "eval-q5-partners-sentence",
            vec![
                ("from", a.to_string()),
                ("first", total(a).to_string()),
                ("to", b.to_string()),
                ("last", total(b).to_string()),
                ("frameworks", frameworks.len().to_string()),
            ],
        ),
        _ => lang.t("eval-no-data"),
    };
    f1.chart = Some(
        f1.bars(
            years.iter().map(i32::to_string).collect(),
            frameworks
                .iter()
                .map(|f| Series {
                    label: f.clone(),
                    values: years.iter().map(|&y| get(y, f).map(|n| n as f64)).collect(),
                })
                .collect(),
            Axis { decimals: 0, max: None, horizontal: false },
            lang,
        ),
    );

    let paths: Vec<_> = paths_to_membership(ctx.net(), today)
        .into_iter()
        .filter(|p| p.status == PathStatus::Aspirant || p.member_since.is_some_and(|d| period.contains(d.year())))
        .collect();
    let mut f2 = Figure::new(
        "q5-path",
        lang,
        vec!["nation", "name", "first_framework", "partner_since", "member_since", "years", "status"],
    );
    let dl = lang.domain();
    let name = |p: &entente_domain::evaluation::path::PathToMembership| match (dl, &p.name_fr) {
        (entente_domain::Lang::Fr, Some(fr)) => fr.clone(),
        _ => p.name.clone(),
    };
    for p in &paths {
        f2.rows.push(vec![
            Cell::Text(p.nation.to_string()),
            Cell::Text(name(p)),
            Cell::Text(p.first_framework.to_string()),
            Cell::Text(p.partner_since.to_string()),
            p.member_since.map_or(Cell::Empty, |d| Cell::Text(d.to_string())),
            Cell::Num((p.years * 10.0).round() / 10.0),
            Cell::Text(lang.t(&format!(
                "eval-path-{}",
                match p.status {
                    PathStatus::Acceded => "acceded",
                    PathStatus::Aspirant => "aspirant",
                }
            ))),
        ]);
    }
    let acceded: Vec<f64> = paths.iter().filter(|p| p.status == PathStatus::Acceded).map(|p| p.years).collect();
    let aspirants = paths.iter().filter(|p| p.status == PathStatus::Aspirant).count();
    let s = summary(&acceded);
    f2.sentence = match (s.median, acceded.iter().copied().reduce(f64::min), acceded.iter().copied().reduce(f64::max)) {
        (Some(m), Some(lo), Some(hi)) => args(
            lang,
            "eval-q5-path-sentence",
            vec![
                ("count", acceded.len().to_string()),
                ("median", number(m, 1, lang)),
                ("min", number(lo, 1, lang)),
                ("max", number(hi, 1, lang)),
                ("aspirants", aspirants.to_string()),
            ],
        ),
        _ => lang.t("eval-no-data"),
    };
    let status_label = |st: PathStatus| {
        lang.t(match st {
            PathStatus::Acceded => "eval-path-acceded",
            PathStatus::Aspirant => "eval-path-aspirant",
        })
    };
    f2.chart = Some(
        f2.bars(
            paths.iter().map(name).collect(),
            [PathStatus::Acceded, PathStatus::Aspirant]
                .into_iter()
                .map(|st| Series {
                    label: status_label(st),
                    values: paths.iter().map(|p| (p.status == st).then_some(p.years)).collect(),
                })
                .collect(),
            Axis { decimals: 1, max: None, horizontal: true },
            lang,
        ),
    );
    vec![f1, f2, crossing_formats(ctx, period)]
}

/// Q5: the named formats in force by shape each year — how far the alliance's standing formats
/// bring partners of several frameworks together rather than one framework at a time.
fn crossing_formats(ctx: &Ctx, period: Period) -> Figure {
    use entente_domain::evaluation::formats::{KINDS as SHAPES, formats_by_year};
    let lang = ctx.lang;
    let rows = formats_by_year(&ctx.registry.formats, period.from, period.to, ctx.now.date_naive());
    let mut f = Figure::new("q5-formats", lang, vec!["year", "kind", "formats"]);
    for r in &rows {
        f.rows.push(vec![
            Cell::Year(r.year),
            Cell::Text(lang.t(&format!("format-kind-{}", r.kind.as_str()))),
            Cell::Int(r.formats as i64),
        ]);
    }
    let mut years: Vec<i32> = rows.iter().map(|r| r.year).collect();
    years.dedup();
    let in_year = |y: i32| rows.iter().filter(|r| r.year == y).map(|r| r.formats).sum::<usize>();
    let across = |y: i32| rows.iter().find(|r| r.year == y && r.kind == FormatKind::AcrossFrameworks);
    f.sentence = match years.last().and_then(|&y| across(y).map(|a| (y, a))) {
        Some((y, a)) => args(
            lang,
            "eval-q5-formats-sentence",
            vec![("year", y.to_string()), ("across", a.formats.to_string()), ("formats", in_year(y).to_string())],
        ),
        None => lang.t("eval-no-data"),
    };
    f.chart = Some(
        f.bars(
            years.iter().map(i32::to_string).collect(),
            SHAPES
                .iter()
                .map(|&k| Series {
                    label: lang.t(&format!("format-kind-{}", k.as_str())),
                    values: years
                        .iter()
                        .map(|&y| rows.iter().find(|r| r.year == y && r.kind == k).map(|r| r.formats as f64))
                        .collect(),
                })
                .collect(),
            Axis { decimals: 0, max: None, horizontal: false },
            lang,
        ),
    );
    f
}

/// Q6: seat fulfilment by state-size third, over every published allocation; a delegation sees
/// aggregates of at least five nations and its own nation's line.
async fn equal_treatment(
    ctx: &Ctx,
    view: &EvaluationView,
    period: Period,
    size: SizeMeasure,
) -> Result<Vec<Figure>, AppError> {
    let lang = ctx.lang;
    let outcomes: Vec<_> = ctx.scope.seat_outcomes().await?.into_iter().filter(|o| period.contains(o.year)).collect();
    let seed = u64::from(period.from as u32) << 16 | period.to as u64;
    let eq: EqualTreatment = seat_fulfilment(ctx.net(), size, &outcomes, seed);
    let third = |t: u8| lang.t(&format!("eval-tercile-{t}"));
    let (size_min, size_max, size_of_state) = match size {
        SizeMeasure::Population => ("population_min", "population_max", "population_millions"),
        SizeMeasure::Gdp => ("gdp_min", "gdp_max", "gdp_usd_billions"),
    };

    let mut f1 = Figure::new(
        "q6-terciles",
        lang,
        vec!["tercile", "nations", size_min, size_max, "asked", "granted", "mean_fulfilment", "pooled_fulfilment"],
    );
    let mut withheld = 0;
    for t in &eq.terciles {
        if !view.may_show_aggregate(t.nations) {
            withheld += 1;
            continue;
        }
        f1.rows.push(vec![
            Cell::Text(third(t.tercile)),
            Cell::Int(t.nations as i64),
            Cell::Num(t.size_min),
            Cell::Num(t.size_max),
            Cell::Int(t.asked as i64),
            Cell::Int(t.granted as i64),
            Cell::Num(t.mean_fulfilment),
            Cell::Num(t.pooled_fulfilment),
        ]);
    }
    if withheld > 0 {
        f1.withheld = Some(lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64));
    }
    let whole = view.may_show_aggregate(eq.nations.len());
    let line = |t: u8| eq.terciles.iter().find(|l| l.tercile == t && view.may_show_aggregate(l.nations));
    f1.sentence = match (line(1), line(3), whole) {
        (Some(small), Some(large), true) => {
            let verdict = match eq.test {
                // Judged on the p-value as shown (four decimals), so the sentence never contradicts it.
                Some(t) if (t.p_value * 10_000.0).round() / 10_000.0 < 0.05 => lang.t("eval-q6-verdict-difference"),
                Some(_) => lang.t("eval-q6-verdict-none"),
                None => lang.t("eval-q6-verdict-untested"),
            };
            args(
                lang,
                "eval-q6-terciles-sentence",
                vec![
                    ("from", period.from.to_string()),
                    ("to", period.to.to_string()),
                    ("nations", eq.nations.len().to_string()),
                    ("small", percent(small.pooled_fulfilment, lang)),
                    ("large", percent(large.pooled_fulfilment, lang)),
                    ("gini", eq.gini.map_or("—".into(), |g| number(g, 2, lang))),
                    ("p", eq.test.map_or("—".into(), |t| number(t.p_value, 4, lang))),
                    ("eta", eq.test.map_or("—".into(), |t| number(t.effect_size, 2, lang))),
                    ("verdict", verdict),
                ],
            )
        }
        _ if eq.nations.is_empty() => lang.t("eval-no-data"),
        _ => lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64),
    };
    f1.chart = Some(f1.bars(
        (1..=3).map(third).collect(),
        vec![
            Series {
                label: lang.t("eval-col-mean_fulfilment"),
                values: (1..=3).map(|t| line(t).map(|l| l.mean_fulfilment)).collect(),
            },
            Series {
                label: lang.t("eval-col-pooled_fulfilment"),
                values: (1..=3).map(|t| line(t).map(|l| l.pooled_fulfilment)).collect(),
            },
        ],
        Axis { decimals: 2, max: Some(1.0), horizontal: false },
        lang,
    ));

    // The trend: pooled fulfilment per third, year by year (a third counts for a delegation only
    // with at least five states asking that year).
    let rules = ctx.scope.allocation_rules_by_year().await?;
    let rule_of = |year: i32| -> String {
        rules
            .get(&year)
            .map(|set| set.iter().map(|m| lang.t(&format!("eval-rule-{m}"))).collect::<Vec<_>>().join(" + "))
            .unwrap_or_default()
    };
    let mut f_year = Figure::new("q6-by-year", lang, vec!["year", "rule", "tercile_1", "tercile_2", "tercile_3"]);
    let tercile_of: std::collections::HashMap<_, u8> =
        eq.nations.iter().map(|n| (n.nation.clone(), n.tercile)).collect();
    let mut cells_withheld = false;
    let mut year_values = Vec::new();
    for y in &eq.by_year {
        let askers = |t: u8| {
            let mut set: Vec<_> = outcomes
                .iter()
                .filter(|o| o.year == y.year && o.asked > 0 && tercile_of.get(&o.nation) == Some(&t))
                .map(|o| &o.nation)
                .collect();
            set.sort();
            set.dedup();
            set.len()
        };
        let vals: Vec<Option<f64>> = (1..=3u8)
            .map(|t| {
                let v = y.pooled[usize::from(t - 1)];
                if v.is_some() && !view.may_show_aggregate(askers(t)) {
                    cells_withheld = true;
                    None
                } else {
                    v
                }
            })
            .collect();
        let mut row = vec![Cell::Year(y.year), Cell::Text(rule_of(y.year))];
        row.extend(vals.iter().map(|v| opt(*v)));
        f_year.rows.push(row);
        year_values.push((y.year, vals));
    }
    if cells_withheld {
        f_year.withheld = Some(lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64));
    }
    // Two years side by side: where the rule changed, the last year of the old rule and the
    // first of the new; otherwise the first and the last year.
    let change = year_values.windows(2).find(|w| rules.get(&w[0].0) != rules.get(&w[1].0));
    let pair = match (change, year_values.first(), year_values.last()) {
        (Some(w), _, _) => Some((&w[0], &w[1])),
        (None, Some(a), Some(b)) if a.0 != b.0 => Some((a, b)),
        _ => None,
    };
    // Each year of the pair with its smallest and largest third's figures, when both are shown.
    let small_large = |(y, v): &(i32, Vec<Option<f64>>)| Some((*y, v.first().copied()??, v.get(2).copied()??));
    let compared = pair.and_then(|(a, b)| Some((small_large(a)?, small_large(b)?)));
    f_year.sentence = match compared {
        _ if year_values.is_empty() => lang.t("eval-no-data"),
        Some(((y1, s1, l1), (y2, s2, l2))) => args(
            lang,
            "eval-q6-by-year-compare",
            vec![
                ("years", year_values.len().to_string()),
                ("first", y1.to_string()),
                ("first_rule", rule_of(y1)),
                ("first_small", percent(s1, lang)),
                ("first_large", percent(l1, lang)),
                ("second", y2.to_string()),
                ("second_rule", rule_of(y2)),
                ("second_small", percent(s2, lang)),
                ("second_large", percent(l2, lang)),
            ],
        ),
        _ => lang.t1("eval-q6-by-year-sentence", "years", year_values.len() as i64),
    };
    f_year.chart = Some(
        f_year.bars(
            year_values.iter().map(|(y, _)| y.to_string()).collect(),
            (1..=3u8)
                .map(|t| Series {
                    label: third(t),
                    values: year_values.iter().map(|(_, v)| v[usize::from(t - 1)]).collect(),
                })
                .collect(),
            Axis { decimals: 2, max: Some(1.0), horizontal: false },
            lang,
        ),
    );

    // The test and the Gini, as numbers.
    let mut f2 = Figure::new("q6-test", lang, vec!["measure", "value"]);
    if whole {
        f2.rows.push(vec![Cell::Key("nations"), Cell::Int(eq.nations.len() as i64)]);
        f2.rows.push(vec![Cell::Key("gini"), opt(eq.gini)]);
        if let Some(t) = eq.test {
            f2.rows.push(vec![Cell::Key("statistic"), Cell::Num(t.statistic)]);
            f2.rows.push(vec![Cell::Key("p_value"), Cell::Num(t.p_value)]);
            f2.rows.push(vec![Cell::Key("effect_size_eta_squared"), Cell::Num(t.effect_size)]);
            f2.rows.push(vec![Cell::Key("rounds"), Cell::Int(i64::from(t.rounds))]);
            f2.rows.push(vec![Cell::Key("seed"), Cell::Text(t.seed.to_string())]);
        }
    } else if !eq.nations.is_empty() {
        f2.withheld = Some(lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64));
    }
    f2.sentence = lang.t("eval-q6-test-sentence");

    // Each nation's line: staff all, a delegation its own.
    let mut f3 = Figure::new(
        "q6-nations",
        lang,
        vec!["nation", "name", size_of_state, "tercile", "asked", "granted", "fulfilment"],
    );
    let mut hidden = 0;
    for n in &eq.nations {
        if !view.may_show_line(&n.nation) {
            hidden += 1;
            continue;
        }
        let name =
            ctx.net().nation(&n.nation).map_or_else(|| n.nation.to_string(), |x| x.name_in(lang.code()).to_string());
        f3.rows.push(vec![
            Cell::Text(n.nation.to_string()),
            Cell::Text(name),
            Cell::Num(n.size),
            Cell::Text(third(n.tercile)),
            Cell::Int(n.asked as i64),
            Cell::Int(n.granted as i64),
            Cell::Num(n.fulfilment),
        ]);
    }
    if hidden > 0 {
        f3.withheld = Some(lang.t1("eval-withheld-lines", "count", hidden as i64));
    }
    f3.sentence = if eq.nations.is_empty() {
        lang.t("eval-no-data")
    } else {
        lang.t1("eval-q6-nations-sentence", "left", eq.without_size.len() as i64)
    };
    let shown: Vec<_> = eq.nations.iter().filter(|n| view.may_show_line(&n.nation)).collect();
    f3.chart = Some(f3.bars(
        shown.iter().map(|n| n.nation.to_string()).collect(),
        vec![Series {
            label: lang.t("eval-col-fulfilment"),
            values: shown.iter().map(|n| Some(n.fulfilment)).collect(),
        }],
        Axis { decimals: 2, max: Some(1.0), horizontal: true },
        lang,
    ));
    let mut figures = vec![f1, f_year, f2, f3];
    figures.extend(beyond_seats(ctx, view, period, &eq, &outcomes, seed).await?);
    // Every sentence names the measure the size groups are formed by; a definition written for
    // population says when GDP takes its place.
    let no_data = lang.t("eval-no-data");
    for f in &mut figures {
        if f.sentence != no_data && !f.sentence.is_empty() {
            f.sentence = format!("{} {}", f.sentence, lang.t(&format!("eval-q6-size-{}", size.as_str())));
        }
        if size == SizeMeasure::Gdp {
            f.definition = format!("{} {}", f.definition, lang.t("eval-q6-size-gdp-definition"));
        }
    }
    Ok(figures)
}

/// Shows a measure's value as its figure does: days with one decimal, shares as percentages,
/// the voice index with two decimals.
fn measure_value(measure: entente_domain::evaluation::treatment::Measure, v: f64, lang: Lang) -> String {
    use entente_domain::evaluation::treatment::Measure;
    match measure {
        Measure::ResponseDays => number(v, 1, lang),
        Measure::AgendaAccepted | Measure::ReportsVerified => percent(v, lang),
        Measure::Voice => number(v, 2, lang),
    }
}

/// The first and the last year in which a third's value is shown, with the values.
fn ends<T: Copy>(years: &[(i32, [Option<T>; 3])], t: u8) -> Option<((i32, T), (i32, T))> {
    let i = usize::from(t - 1);
    let mut shown = years.iter().filter_map(|(y, v)| v[i].map(|v| (*y, v)));
    let first = shown.next()?;
    Some((first, shown.last().unwrap_or(first)))
}

/// The trend sentence of a by-year figure (`key`, or `{key}-one` when both thirds have a value
/// in one and the same year only): the smallest and the largest third's first and last shown
/// values (`shown` writes a value), or what keeps it from being said.
fn trend_sentence(
    lang: Lang,
    key: &str,
    years: &[(i32, [Option<f64>; 3])],
    withheld: bool,
    shown: impl Fn(f64) -> String,
) -> String {
    match (ends(years, 1), ends(years, 3)) {
        _ if years.is_empty() && !withheld => lang.t("eval-no-data"),
        (Some((sf, sl)), Some((lf, ll))) => args(
            lang,
            &if sf.0 == sl.0 && lf.0 == ll.0 && sf.0 == lf.0 { format!("{key}-one") } else { key.to_string() },
            vec![
                ("first", years[0].0.to_string()),
                ("last", years[years.len() - 1].0.to_string()),
                ("small_from", shown(sf.1)),
                ("small_from_year", sf.0.to_string()),
                ("small_to", shown(sl.1)),
                ("small_to_year", sl.0.to_string()),
                ("large_from", shown(lf.1)),
                ("large_from_year", lf.0.to_string()),
                ("large_to", shown(ll.1)),
                ("large_to_year", ll.0.to_string()),
                ("small_same", if sf.0 == sl.0 { "yes" } else { "no" }.to_string()),
                ("large_same", if lf.0 == ll.0 { "yes" } else { "no" }.to_string()),
            ],
        ),
        _ if withheld => lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64),
        _ => lang.t1("eval-q6-trend-few", "years", years.len() as i64),
    }
}

/// A measure of Q6 year by year, within the period's size thirds: per year and third the states
/// with a value that year, the items counted, the mean and the median (a third's year is shown to
/// a delegation only over at least five states).
fn measure_trend_figure(
    ctx: &Ctx,
    view: &EvaluationView,
    m: &entente_domain::evaluation::treatment::ByTercile,
    years: &[entente_domain::evaluation::treatment::MeasureYear],
) -> Figure {
    use entente_domain::evaluation::treatment::Measure;
    let lang = ctx.lang;
    let id = match m.measure {
        Measure::ResponseDays => "q6-response-by-year",
        Measure::AgendaAccepted => "q6-agenda-by-year",
        Measure::Voice => "q6-voice-by-year",
        Measure::ReportsVerified => "q6-reports-by-year",
    };
    let third = |t: u8| lang.t(&format!("eval-tercile-{t}"));
    let mut f = Figure::new(id, lang, vec!["year", "tercile", "nations", "counted", "mean", "median"]);
    let mut withheld = false;
    let mut medians: Vec<(i32, [Option<f64>; 3])> = Vec::new();
    for y in years {
        let mut shown = [None; 3];
        for (i, cell) in y.terciles.iter().enumerate() {
            let Some(c) = cell else { continue };
            if !view.may_show_aggregate(c.nations) {
                withheld = true;
                continue;
            }
            shown[i] = Some(c.median);
            f.rows.push(vec![
                Cell::Year(y.year),
                Cell::Text(third(i as u8 + 1)),
                Cell::Int(c.nations as i64),
                Cell::Int(c.items as i64),
                Cell::Num(c.mean),
                Cell::Num(c.median),
            ]);
        }
        medians.push((y.year, shown));
    }
    if withheld {
        f.withheld = Some(lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64));
    }
    f.sentence =
        trend_sentence(lang, "eval-q6-trend-sentence", &medians, withheld, |v| measure_value(m.measure, v, lang));
    let (decimals, max) = match m.measure {
        Measure::ResponseDays => (1, None),
        Measure::AgendaAccepted | Measure::ReportsVerified => (2, Some(1.0)),
        Measure::Voice => (2, None),
    };
    f.chart = Some(
        f.bars(
            medians.iter().map(|(y, _)| y.to_string()).collect(),
            (1..=3u8)
                .map(|t| Series {
                    label: third(t),
                    values: medians.iter().map(|(_, v)| v[usize::from(t - 1)]).collect(),
                })
                .collect(),
            Axis { decimals, max, horizontal: false },
            lang,
        ),
    );
    f
}

/// Q6 beyond seats: response time, agenda items accepted, share of voice and reports verified by
/// size third, each with its permutation test; the tests side by side; envy pairs by direction.
async fn beyond_seats(
    ctx: &Ctx,
    view: &EvaluationView,
    period: Period,
    eq: &EqualTreatment,
    outcomes: &[entente_domain::evaluation::equal::SeatOutcome],
    seed: u64,
) -> Result<Vec<Figure>, AppError> {
    use entente_domain::evaluation::equal::fulfilment;
    use entente_domain::evaluation::treatment::{
        Measure, MeasureYear, agenda_accepted, by_tercile, envy_by_tercile, envy_by_year, reports_verified,
        response_days, trend, voice, yearly,
    };
    let lang = ctx.lang;
    let facts = ctx.scope.treatment_facts().await?;
    let net = ctx.net();
    // Each measure's values over the period, and year by year.
    let values = |m: Measure| -> (Vec<_>, Vec<_>) {
        match m {
            Measure::ResponseDays => {
                let f: Vec<_> = facts.requests.iter().filter(|f| period.contains(f.year)).cloned().collect();
                (response_days(&f), yearly(&f, |f| f.year, response_days))
            }
            Measure::AgendaAccepted => {
                let f: Vec<_> = facts.proposals.iter().filter(|f| period.contains(f.year)).cloned().collect();
                (agenda_accepted(&f), yearly(&f, |f| f.year, agenda_accepted))
            }
            Measure::Voice => {
                let f: Vec<_> = facts.meetings.iter().filter(|f| period.contains(f.year)).cloned().collect();
                (voice(&f), yearly(&f, |f| f.year, voice))
            }
            Measure::ReportsVerified => {
                let f: Vec<_> = facts.reports.iter().filter(|f| period.contains(f.year)).cloned().collect();
                (reports_verified(&f), yearly(&f, |f| f.year, reports_verified))
            }
        }
    };
    let mut measured = Vec::new();
    let mut trends: Vec<Vec<MeasureYear>> = Vec::new();
    for m in Measure::ALL {
        let (whole, by_year) = values(m);
        let b = by_tercile(net, eq.size, m, &whole, seed);
        trends.push(trend(&b.tercile_of(), &by_year, seed));
        measured.push(b);
    }
    let mut figures: Vec<Figure> = Vec::new();
    for (m, t) in measured.iter().zip(&trends) {
        figures.push(measure_figure(ctx, view, period, m));
        figures.push(measure_trend_figure(ctx, view, m, t));
    }

    // The tests side by side, seat fulfilment first.
    let mut tests = Figure::new(
        "q6-tests",
        lang,
        vec!["measure", "nations", "statistic", "p_value", "effect_size_eta_squared", "rounds", "seed"],
    );
    let mut rows: Vec<(&'static str, usize, Option<entente_domain::evaluation::stats::PermutationTest>)> =
        vec![("fulfilment", eq.nations.len(), eq.test)];
    rows.extend(measured.iter().map(|m| (m.measure.as_str(), m.nations.len(), m.test)));
    let mut withheld = false;
    let mut shown = Vec::new();
    for (key, nations, test) in rows {
        if nations == 0 {
            continue;
        }
        if !view.may_show_aggregate(nations) {
            withheld = true;
            continue;
        }
        tests.rows.push(vec![
            Cell::Key(key),
            Cell::Int(nations as i64),
            opt(test.map(|t| t.statistic)),
            opt(test.map(|t| t.p_value)),
            opt(test.map(|t| t.effect_size)),
            test.map_or(Cell::Empty, |t| Cell::Int(i64::from(t.rounds))),
            test.map_or(Cell::Empty, |t| Cell::Text(t.seed.to_string())),
        ]);
        shown.push((key, test));
    }
    if withheld {
        tests.withheld = Some(lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64));
    }
    let tested: Vec<_> = shown.iter().filter_map(|(_, t)| *t).collect();
    // Judged on the p-value as shown (four decimals), as the seat fulfilment's sentence is.
    let differ = tested.iter().filter(|t| (t.p_value * 10_000.0).round() / 10_000.0 < 0.05).count();
    tests.sentence = if shown.is_empty() {
        if withheld { lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64) } else { lang.t("eval-no-data") }
    } else {
        args_counted(
            lang,
            "eval-q6-tests-sentence",
            vec![
                ("shown", shown.len().to_string()),
                ("tested", tested.len().to_string()),
                ("chance", percent(1.0 - 0.95f64.powi(tested.len() as i32), lang)),
            ],
            &[("differ", differ as i64)],
        )
    };
    tests.chart = Some(tests.bars(
        shown.iter().map(|(k, _)| lang.t(&format!("eval-col-{k}"))).collect(),
        vec![Series {
            label: lang.t("eval-col-effect_size_eta_squared"),
            values: shown.iter().map(|(_, t)| t.map(|t| t.effect_size)).collect(),
        }],
        Axis { decimals: 2, max: Some(1.0), horizontal: true },
        lang,
    ));
    figures.push(tests);

    // The tests year by year: each year's values within the period's thirds, seat fulfilment first
    // (a year's test is shown to a delegation over at least five states).
    let fulfilment_tercile: std::collections::BTreeMap<_, u8> =
        eq.nations.iter().map(|n| (n.nation.clone(), n.tercile)).collect();
    let seats_trend = trend(&fulfilment_tercile, &yearly(outcomes, |o| o.year, fulfilment), seed);
    let mut keyed: Vec<(&'static str, &[MeasureYear])> = vec![("fulfilment", seats_trend.as_slice())];
    keyed.extend(measured.iter().zip(&trends).map(|(m, t)| (m.measure.as_str(), t.as_slice())));
    let mut f_tests = Figure::new(
        "q6-tests-by-year",
        lang,
        vec!["year", "measure", "nations", "statistic", "p_value", "effect_size_eta_squared", "seed"],
    );
    let mut test_years: Vec<i32> = keyed.iter().flat_map(|(_, t)| t.iter().map(|y| y.year)).collect();
    test_years.sort_unstable();
    test_years.dedup();
    let mut tests_withheld = false;
    let mut eta: Vec<(&'static str, Vec<Option<f64>>)> = Vec::new();
    let (mut run, mut differ_years) = (0, 0);
    for &(key, t) in &keyed {
        let mut series = Vec::new();
        for &year in &test_years {
            let Some(y) = t.iter().find(|y| y.year == year) else {
                series.push(None);
                continue;
            };
            if !view.may_show_aggregate(y.nations()) {
                tests_withheld = true;
                series.push(None);
                continue;
            }
            f_tests.rows.push(vec![
                Cell::Year(year),
                Cell::Key(key),
                Cell::Int(y.nations() as i64),
                opt(y.test.map(|t| t.statistic)),
                opt(y.test.map(|t| t.p_value)),
                opt(y.test.map(|t| t.effect_size)),
                y.test.map_or(Cell::Empty, |t| Cell::Text(t.seed.to_string())),
            ]);
            if let Some(t) = y.test {
                run += 1;
                differ_years += usize::from((t.p_value * 10_000.0).round() / 10_000.0 < 0.05);
            }
            series.push(y.test.map(|t| t.effect_size));
        }
        eta.push((key, series));
    }
    // The rows year by year, then measure by measure.
    f_tests.rows.sort_by_key(|r| match r[0] {
        Cell::Year(y) => y,
        _ => 0,
    });
    if tests_withheld {
        f_tests.withheld = Some(lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64));
    }
    f_tests.sentence = if f_tests.rows.is_empty() {
        if tests_withheld { lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64) } else { lang.t("eval-no-data") }
    } else {
        args_counted(
            lang,
            "eval-q6-tests-by-year-sentence",
            vec![
                ("years", test_years.len().to_string()),
                ("tested", run.to_string()),
                ("chance", percent(1.0 - 0.95f64.powi(run), lang)),
            ],
            &[("differ", differ_years as i64)],
        )
    };
    f_tests.chart = Some(
        f_tests.bars(
            test_years.iter().map(i32::to_string).collect(),
            eta.into_iter()
                .filter(|(_, v)| v.iter().any(Option::is_some))
                .map(|(key, values)| Series { label: lang.t(&format!("eval-col-{key}")), values })
                .collect(),
            Axis { decimals: 2, max: Some(1.0), horizontal: false },
            lang,
        ),
    );
    figures.push(f_tests);

    // Envy pairs by direction, over the size thirds of seat fulfilment.
    let third = |t: u8| lang.t(&format!("eval-tercile-{t}"));
    let tercile_of: std::collections::BTreeMap<_, u8> =
        eq.nations.iter().map(|n| (n.nation.clone(), n.tercile)).collect();
    let in_third = |t: u8| eq.terciles.iter().find(|l| l.tercile == t).map_or(0, |l| l.nations);
    let lines: Vec<_> = facts.allocation_lines.iter().filter(|l| period.contains(l.year)).cloned().collect();
    let envy = envy_by_tercile(&lines, &tercile_of);
    let mut f = Figure::new("q6-envy", lang, vec!["envier", "envied", "pairs", "possible", "rate"]);
    let may = |a: u8, b: u8| view.may_show_aggregate(in_third(a).min(in_third(b)));
    let mut cells_withheld = false;
    for c in &envy.cells {
        if c.possible == 0 && c.pairs == 0 {
            continue;
        }
        if !may(c.envier_tercile, c.envied_tercile) {
            cells_withheld = true;
            continue;
        }
        f.rows.push(vec![
            Cell::Text(third(c.envier_tercile)),
            Cell::Text(third(c.envied_tercile)),
            Cell::Int(c.pairs as i64),
            Cell::Int(c.possible as i64),
            opt(c.rate()),
        ]);
    }
    if cells_withheld {
        f.withheld = Some(lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64));
    }
    let shown_cell = |a: u8, b: u8| envy.cell(a, b).filter(|c| c.possible > 0 && may(a, b));
    f.sentence = match (shown_cell(1, 3), shown_cell(3, 1)) {
        _ if envy.possible == 0 => lang.t("eval-no-data"),
        (Some(small), Some(large)) if may(1, 1) && may(2, 2) => args(
            lang,
            "eval-q6-envy-sentence",
            vec![
                ("from", period.from.to_string()),
                ("to", period.to.to_string()),
                ("pairs", envy.pairs.to_string()),
                ("possible", envy.possible.to_string()),
                ("small", small.pairs.to_string()),
                ("small_rate", small.rate().map_or("—".into(), |r| percent(r, lang))),
                ("large", large.pairs.to_string()),
                ("large_rate", large.rate().map_or("—".into(), |r| percent(r, lang))),
            ],
        ),
        _ if cells_withheld => lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64),
        _ => lang.t1("eval-q6-envy-few", "pairs", envy.pairs as i64),
    };
    f.chart = Some(
        f.bars(
            (1..=3).map(third).collect(),
            (1..=3u8)
                .map(|b| Series {
                    label: args(lang, "eval-q6-envy-series", vec![("third", third(b))]),
                    values: (1..=3u8).map(|a| shown_cell(a, b).and_then(|c| c.rate())).collect(),
                })
                .collect(),
            Axis { decimals: 2, max: None, horizontal: false },
            lang,
        ),
    );
    figures.push(f);

    // Envy year by year, by the third of the state that envies (a delegation sees a third's year
    // when at least five of its states asked for seats that year).
    let mut f_envy =
        Figure::new("q6-envy-by-year", lang, vec!["year", "envier", "nations", "pairs", "possible", "rate"]);
    let mut envy_withheld = false;
    let mut rates: Vec<(i32, [Option<f64>; 3])> = Vec::new();
    for (year, e) in envy_by_year(&lines, &tercile_of) {
        let mut shown = [None; 3];
        for t in 1..=3u8 {
            let askers = e.askers[usize::from(t - 1)];
            let row = e.by_envier(t);
            if askers == 0 {
                continue;
            }
            if !view.may_show_aggregate(askers) {
                envy_withheld = true;
                continue;
            }
            shown[usize::from(t - 1)] = row.rate();
            f_envy.rows.push(vec![
                Cell::Year(year),
                Cell::Text(third(t)),
                Cell::Int(askers as i64),
                Cell::Int(row.pairs as i64),
                Cell::Int(row.possible as i64),
                opt(row.rate()),
            ]);
        }
        rates.push((year, shown));
    }
    if envy_withheld {
        f_envy.withheld = Some(lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64));
    }
    f_envy.sentence =
        trend_sentence(lang, "eval-q6-envy-by-year-sentence", &rates, envy_withheld, |v| percent(v, lang));
    f_envy.chart = Some(
        f_envy.bars(
            rates.iter().map(|(y, _)| y.to_string()).collect(),
            (1..=3u8)
                .map(|t| Series {
                    label: args(lang, "eval-q6-envy-by-year-series", vec![("third", third(t))]),
                    values: rates.iter().map(|(_, v)| v[usize::from(t - 1)]).collect(),
                })
                .collect(),
            Axis { decimals: 2, max: None, horizontal: false },
            lang,
        ),
    );
    figures.push(f_envy);
    Ok(figures)
}

/// One measure of Q6 by size third: the thirds' mean and median (aggregates of at least five
/// states for a delegation), then each state's value (a delegation its own only).
fn measure_figure(
    ctx: &Ctx,
    view: &EvaluationView,
    period: Period,
    m: &entente_domain::evaluation::treatment::ByTercile,
) -> Figure {
    use entente_domain::evaluation::treatment::Measure;
    let lang = ctx.lang;
    let id = match m.measure {
        Measure::ResponseDays => "q6-response",
        Measure::AgendaAccepted => "q6-agenda",
        Measure::Voice => "q6-voice",
        Measure::ReportsVerified => "q6-reports",
    };
    let shown_value = |v: f64| match m.measure {
        Measure::ResponseDays => number(v, 1, lang),
        Measure::AgendaAccepted | Measure::ReportsVerified => percent(v, lang),
        Measure::Voice => number(v, 2, lang),
    };
    let third = |t: u8| lang.t(&format!("eval-tercile-{t}"));
    let mut f = Figure::new(id, lang, vec!["tercile", "nation", "name", "nations", "counted", "value", "median"]);
    let mut withheld = Vec::new();
    let mut thirds_withheld = false;
    for t in &m.terciles {
        if !view.may_show_aggregate(t.nations) {
            thirds_withheld = true;
            continue;
        }
        f.rows.push(vec![
            Cell::Text(third(t.tercile)),
            Cell::Empty,
            Cell::Empty,
            Cell::Int(t.nations as i64),
            Cell::Int(t.items as i64),
            Cell::Num(t.mean),
            Cell::Num(t.median),
        ]);
    }
    if thirds_withheld {
        withheld.push(lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64));
    }
    let mut hidden = 0;
    for n in &m.nations {
        if !view.may_show_line(&n.nation) {
            hidden += 1;
            continue;
        }
        let name =
            ctx.net().nation(&n.nation).map_or_else(|| n.nation.to_string(), |x| x.name_in(lang.code()).to_string());
        f.rows.push(vec![
            Cell::Text(third(n.tercile)),
            Cell::Text(n.nation.to_string()),
            Cell::Text(name),
            Cell::Empty,
            Cell::Int(n.items as i64),
            Cell::Num(n.value),
            Cell::Empty,
        ]);
    }
    if hidden > 0 {
        withheld.push(lang.t1("eval-withheld-lines", "count", hidden as i64));
    }
    if !withheld.is_empty() {
        f.withheld = Some(withheld.join(" "));
    }
    let line = |t: u8| m.tercile(t).filter(|l| view.may_show_aggregate(l.nations));
    let whole = view.may_show_aggregate(m.nations.len());
    f.sentence = match (line(1), line(3)) {
        _ if m.nations.is_empty() => lang.t("eval-no-data"),
        (Some(small), Some(large)) if whole => {
            let verdict = match m.test {
                Some(t) if (t.p_value * 10_000.0).round() / 10_000.0 < 0.05 => lang.t("eval-q6-verdict-difference"),
                Some(_) => lang.t("eval-q6-verdict-none"),
                None => lang.t("eval-q6-verdict-untested"),
            };
            args(
                lang,
                &format!("eval-{id}-sentence"),
                vec![
                    ("from", period.from.to_string()),
                    ("to", period.to.to_string()),
                    ("nations", m.nations.len().to_string()),
                    ("small", shown_value(small.median)),
                    ("large", shown_value(large.median)),
                    ("p", m.test.map_or("—".into(), |t| number(t.p_value, 4, lang))),
                    ("eta", m.test.map_or("—".into(), |t| number(t.effect_size, 2, lang))),
                    ("verdict", verdict),
                ],
            )
        }
        _ if !whole || thirds_withheld => lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64),
        _ => lang.t1("eval-q6-few", "nations", m.nations.len() as i64),
    };
    let (decimals, max) = match m.measure {
        Measure::ResponseDays => (1, None),
        Measure::AgendaAccepted | Measure::ReportsVerified => (2, Some(1.0)),
        Measure::Voice => (2, None),
    };
    f.chart = Some(f.bars(
        (1..=3).map(third).collect(),
        vec![
            Series { label: lang.t("eval-q6-mean"), values: (1..=3).map(|t| line(t).map(|l| l.mean)).collect() },
            Series { label: lang.t("eval-col-median"), values: (1..=3).map(|t| line(t).map(|l| l.median)).collect() },
        ],
        Axis { decimals, max, horizontal: false },
        lang,
    ));
    f
}

/// Q8: engagement of eligible partner states per year, and partners whose engagement lapsed; a
/// delegation sees the yearly aggregates (over at least five eligible states) and its own line.
async fn engagement(ctx: &Ctx, view: &EvaluationView, period: Period) -> Result<Vec<Figure>, AppError> {
    let lang = ctx.lang;
    let mut facts = ctx.scope.engagement_facts().await?;
    facts.extend(meeting_facts(ctx.net(), &ctx.scope.held_meeting_formats().await?));
    // The trend starts at the first year anything was recorded.
    let first = facts.iter().map(|f| f.year).filter(|y| period.contains(*y)).min();
    let e = first.map(|first| engaged::engagement(ctx.net(), &facts, first, period.to, ctx.now.date_naive()));
    let years = e.as_ref().map(|e| e.years.clone()).unwrap_or_default();

    let mut f1 = Figure::new(
        "q8-engagement",
        lang,
        vec!["year", "eligible", "requested_seats", "sat_in_meetings", "filed_requests", "engaged", "share", "lapsed"],
    );
    let shown: Vec<_> = years.iter().filter(|y| view.may_show_aggregate(y.eligible)).collect();
    if shown.len() < years.len() {
        f1.withheld = Some(lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64));
    }
    for y in &shown {
        f1.rows.push(vec![
            Cell::Year(y.year),
            Cell::Int(y.eligible as i64),
            Cell::Int(y.requested_seats as i64),
            Cell::Int(y.sat_in_meetings as i64),
            Cell::Int(y.filed_requests as i64),
            Cell::Int(y.engaged as i64),
            opt(y.share()),
            Cell::Int(y.lapsed as i64),
        ]);
    }
    f1.sentence = match shown.last() {
        None => lang.t("eval-no-data"),
        Some(y) => args(
            lang,
            "eval-q8-engagement-sentence",
            vec![
                ("year", y.year.to_string()),
                ("engaged", y.engaged.to_string()),
                ("eligible", y.eligible.to_string()),
                ("share", y.share().map_or("—".into(), |s| percent(s, lang))),
                ("seats", y.requested_seats.to_string()),
                ("meetings", y.sat_in_meetings.to_string()),
                ("filed", y.filed_requests.to_string()),
                ("lapsed", y.lapsed.to_string()),
            ],
        ),
    };
    f1.chart = Some(
        f1.bars(
            shown.iter().map(|y| y.year.to_string()).collect(),
            [
                ("requested_seats", (|y| y.requested_seats) as fn(&engaged::EngagementYear) -> usize),
                ("sat_in_meetings", |y| y.sat_in_meetings),
                ("filed_requests", |y| y.filed_requests),
                ("engaged", |y| y.engaged),
            ]
            .into_iter()
            .map(|(key, get)| Series {
                label: lang.t(&format!("eval-col-{key}")),
                values: shown.iter().map(|y| Some(get(y) as f64)).collect(),
            })
            .collect(),
            Axis { decimals: 0, max: shown.iter().map(|y| y.eligible as f64).reduce(f64::max), horizontal: false },
            lang,
        ),
    );

    let mut f2 = Figure::new(
        "q8-partners",
        lang,
        vec!["nation", "name", "eligible_years", "engaged_years", "last_engaged", "lapses"],
    );
    let mut hidden = 0;
    for p in e.as_ref().map(|e| e.partners.as_slice()).unwrap_or_default() {
        if !view.may_show_line(&p.nation) {
            hidden += 1;
            continue;
        }
        let name =
            ctx.net().nation(&p.nation).map_or_else(|| p.nation.to_string(), |x| x.name_in(lang.code()).to_string());
        f2.rows.push(vec![
            Cell::Text(p.nation.to_string()),
            Cell::Text(name),
            Cell::Int(p.eligible_years as i64),
            Cell::Int(p.engaged_years as i64),
            p.last_engaged.map_or(Cell::Empty, Cell::Year),
            Cell::Text(p.lapses.iter().map(i32::to_string).collect::<Vec<_>>().join(" ")),
        ]);
    }
    if hidden > 0 {
        f2.withheld = Some(lang.t1("eval-withheld-lines", "count", hidden as i64));
    }
    let never = e.as_ref().map_or(0, |e| e.partners.iter().filter(|p| p.engaged_years == 0).count());
    f2.sentence =
        if e.is_none() { lang.t("eval-no-data") } else { lang.t1("eval-q8-partners-sentence", "never", never as i64) };

    // After the activities: attendance, completion and the feedback delegations gave.
    let (att, fb) = ctx.scope.participation_facts().await?;
    let years = entente_domain::evaluation::participation::by_year(&att, &fb, period.from, period.to);
    let mut f3 = Figure::new(
        "q8-after",
        lang,
        vec![
            "year",
            "nations",
            "participants",
            "attended_share",
            "completed_share",
            "feedback",
            "relevance",
            "quality",
            "organisation",
        ],
    );
    let shown: Vec<_> = years.iter().filter(|y| view.may_show_aggregate(y.nations)).collect();
    if shown.len() < years.len() {
        f3.withheld = Some(lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64));
    }
    for y in &shown {
        let m = |i: usize| y.means.map_or(Cell::Empty, |m| Cell::Num(m[i]));
        f3.rows.push(vec![
            Cell::Year(y.year),
            Cell::Int(y.nations as i64),
            Cell::Int(y.participants as i64),
            opt(y.attended_share()),
            opt(y.completed_share()),
            Cell::Int(y.feedback as i64),
            m(0),
            m(1),
            m(2),
        ]);
    }
    f3.sentence = match shown.last() {
        None => lang.t("eval-no-data"),
        Some(y) => args(
            lang,
            "eval-q8-after-sentence",
            vec![
                ("year", y.year.to_string()),
                ("participants", y.participants.to_string()),
                ("nations", y.nations.to_string()),
                ("attended", y.attended_share().map_or("—".into(), |s| percent(s, lang))),
                ("completed", y.completed_share().map_or("—".into(), |s| percent(s, lang))),
                ("feedback", y.feedback.to_string()),
                ("mean", y.means.map_or("—".into(), |m| number((m[0] + m[1] + m[2]) / 3.0, 1, lang))),
            ],
        ),
    };
    f3.chart = Some(
        f3.bars(
            shown.iter().map(|y| y.year.to_string()).collect(),
            ["relevance", "quality", "organisation"]
                .iter()
                .enumerate()
                .map(|(i, key)| Series {
                    label: lang.t(&format!("eval-col-{key}")),
                    values: shown.iter().map(|y| y.means.map(|m| m[i])).collect(),
                })
                .collect(),
            Axis { decimals: 1, max: Some(5.0), horizontal: false },
            lang,
        ),
    );
    Ok(vec![f1, f2, f3])
}

/// Q3: for each partner with an agreed programme, its goals (with a planned activity, assessed
/// and met by the staff's latest assessment), the share of its granted seats that serve the
/// programme, and how often requests serving a goal were granted against the others.
async fn tailored(ctx: &Ctx, view: &EvaluationView, period: Period) -> Result<Vec<Figure>, AppError> {
    use entente_domain::evaluation::tailoring::tailoring;
    let lang = ctx.lang;
    let (programmes, seats) = ctx.scope.tailoring_facts().await?;
    let t = tailoring(&programmes, &seats, period.from, period.to);
    let name = |n: &entente_domain::registry::NationCode| {
        ctx.net().nation(n).map_or_else(|| n.to_string(), |x| x.name_in(lang.code()).to_string())
    };

    let mut f1 = Figure::new(
        "q3-partners",
        lang,
        vec![
            "nation",
            "name",
            "goals",
            "goals_with_activity",
            "goals_assessed",
            "goals_met",
            "granted",
            "seats_serving",
            "share",
        ],
    );
    let aggregate = view.may_show_aggregate(t.partners.len());
    let mut hidden = 0;
    let mut shown = Vec::new();
    for (n, p) in &t.partners {
        if !view.may_show_line(n) {
            hidden += 1;
            continue;
        }
        shown.push((n, p));
        f1.rows.push(vec![
            Cell::Text(n.to_string()),
            Cell::Text(name(n)),
            Cell::Int(p.goals as i64),
            Cell::Int(p.with_activity as i64),
            Cell::Int(p.assessed as i64),
            Cell::Int(p.met as i64),
            Cell::Int(p.seats_granted as i64),
            Cell::Int(p.seats_serving as i64),
            opt(p.seats_share()),
        ]);
    }
    if aggregate && !t.partners.is_empty() {
        let p = &t.total;
        f1.rows.push(vec![
            Cell::Key("total"),
            Cell::Text(String::new()),
            Cell::Int(p.goals as i64),
            Cell::Int(p.with_activity as i64),
            Cell::Int(p.assessed as i64),
            Cell::Int(p.met as i64),
            Cell::Int(p.seats_granted as i64),
            Cell::Int(p.seats_serving as i64),
            opt(p.seats_share()),
        ]);
    }
    if hidden > 0 {
        f1.withheld = Some(if aggregate {
            lang.t1("eval-withheld-lines", "count", hidden as i64)
        } else {
            lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64)
        });
    }
    f1.sentence = if t.partners.is_empty() {
        lang.t("eval-no-data")
    } else if aggregate {
        let p = &t.total;
        args(
            lang,
            "eval-q3-partners-sentence",
            vec![
                ("partners", t.partners.len().to_string()),
                ("goals", p.goals.to_string()),
                ("with_activity", p.with_activity.to_string()),
                ("met", p.met.to_string()),
                ("share", p.seats_share().map_or("—".into(), |s| percent(s, lang))),
            ],
        )
    } else {
        lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64)
    };
    f1.chart = Some(f1.bars(
        shown.iter().map(|(n, _)| name(n)).collect(),
        vec![Series { label: lang.t("eval-col-share"), values: shown.iter().map(|(_, p)| p.seats_share()).collect() }],
        Axis { decimals: 2, max: Some(1.0), horizontal: true },
        lang,
    ));

    let mut f2 = Figure::new("q3-requests", lang, vec!["measure", "requests", "granted_any", "rate"]);
    if aggregate && !t.partners.is_empty() {
        let p = &t.total;
        f2.rows.push(vec![
            Cell::Key("serving_goal"),
            Cell::Int(p.requests_serving as i64),
            Cell::Int(p.serving_granted as i64),
            opt(p.serving_rate()),
        ]);
        f2.rows.push(vec![
            Cell::Key("not_serving_goal"),
            Cell::Int(p.requests_other as i64),
            Cell::Int(p.other_granted as i64),
            opt(p.other_rate()),
        ]);
        f2.sentence = args(
            lang,
            "eval-q3-requests-sentence",
            vec![
                ("serving", p.requests_serving.to_string()),
                ("serving_rate", p.serving_rate().map_or("—".into(), |s| percent(s, lang))),
                ("other", p.requests_other.to_string()),
                ("other_rate", p.other_rate().map_or("—".into(), |s| percent(s, lang))),
            ],
        );
        f2.chart = Some(f2.bars(
            vec![lang.t("eval-col-serving_goal"), lang.t("eval-col-not_serving_goal")],
            vec![Series { label: lang.t("eval-col-rate"), values: vec![p.serving_rate(), p.other_rate()] }],
            Axis { decimals: 2, max: Some(1.0), horizontal: false },
            lang,
        ));
    } else if t.partners.is_empty() {
        f2.sentence = lang.t("eval-no-data");
    } else {
        f2.withheld = Some(lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64));
        f2.sentence = lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64);
    }
    Ok(vec![f1, f2])
}

/// The most ties a network drawing shows (the strongest); the table holds the same ones.
pub const MAX_TIES_DRAWN: usize = 150;

/// Q7: the co-participation network (nations granted seats in the same activity, seated in the
/// same held meeting), per regional grouping: ties inside against ties across, members with no tie
/// inside. A delegation sees the groupings' aggregates (at least five members present); the
/// network itself names pairs of nations and is for staff.
async fn regional(ctx: &Ctx, view: &EvaluationView, period: Period) -> Result<Vec<Figure>, AppError> {
    let lang = ctx.lang;
    let mut occasions = ctx.scope.activity_occasions().await?;
    occasions.extend(meeting_occasions(ctx.net(), &ctx.scope.held_meeting_formats().await?));
    let groupings = &ctx.registry.groupings;
    let groups: Vec<Group> =
        groupings.iter().map(|g| Group { code: g.code.clone(), members: g.members.clone() }).collect();
    let net = co_participation(&occasions, &groups, period.from, period.to);
    let group_name = |code: &str| {
        groupings
            .iter()
            .find(|g| g.code == code)
            .map_or_else(|| code.to_string(), |g| if lang == Lang::Fr { g.name_fr.clone() } else { g.name.clone() })
    };
    let nation_name = |c: &entente_domain::registry::NationCode| {
        ctx.net().nation(c).map_or_else(|| c.to_string(), |n| n.name_in(lang.code()).to_string())
    };

    let mut f1 = Figure::new(
        "q7-groups",
        lang,
        vec!["grouping", "grouping_name", "members_present", "inside", "across", "isolated", "isolated_nations"],
    );
    let mut withheld = false;
    let shown: Vec<_> = net.groups.iter().filter(|g| g.members >= 2).collect();
    for g in &shown {
        if !view.may_show_aggregate(g.members) {
            withheld = true;
            continue;
        }
        let named: Vec<String> = g.isolated.iter().filter(|n| view.may_show_line(n)).map(|n| n.to_string()).collect();
        f1.rows.push(vec![
            Cell::Text(g.code.clone()),
            Cell::Text(group_name(&g.code)),
            Cell::Int(g.members as i64),
            opt(g.inside),
            opt(g.across),
            Cell::Int(g.isolated.len() as i64),
            Cell::Text(named.join(" ")),
        ]);
    }
    if withheld {
        f1.withheld = Some(lang.t1("eval-withheld-small", "min", MIN_NATIONS as i64));
    }
    let visible: Vec<_> = shown.iter().filter(|g| view.may_show_aggregate(g.members)).collect();
    let denser = visible.iter().filter(|g| matches!((g.inside, g.across), (Some(i), Some(a)) if i > a)).count();
    f1.sentence = if net.nodes.is_empty() {
        lang.t("eval-no-data")
    } else {
        args(
            lang,
            "eval-q7-groups-sentence",
            vec![
                ("denser", denser.to_string()),
                ("groups", visible.len().to_string()),
                ("nations", net.nodes.len().to_string()),
                ("density", net.density.map_or("—".into(), |d| percent(d, lang))),
            ],
        )
    };
    f1.chart = Some(f1.bars(
        visible.iter().map(|g| group_name(&g.code)).collect(),
        vec![
            Series { label: lang.t("eval-col-inside"), values: visible.iter().map(|g| g.inside).collect() },
            Series { label: lang.t("eval-col-across"), values: visible.iter().map(|g| g.across).collect() },
        ],
        Axis { decimals: 2, max: Some(1.0), horizontal: true },
        lang,
    ));

    let mut f2 = Figure::new("q7-network", lang, vec!["nation_a", "nation_b", "occasions"]);
    if matches!(view, EvaluationView::Everything) {
        let drawn: Vec<_> = net.ties.iter().take(MAX_TIES_DRAWN).collect();
        for t in &drawn {
            f2.rows.push(vec![
                Cell::Text(t.a.to_string()),
                Cell::Text(t.b.to_string()),
                Cell::Int(i64::from(t.weight)),
            ]);
        }
        f2.sentence = match net.ties.first() {
            None => lang.t("eval-no-data"),
            Some(top) => args(
                lang,
                "eval-q7-network-sentence",
                vec![
                    ("ties", net.ties.len().to_string()),
                    ("drawn", drawn.len().to_string()),
                    ("a", nation_name(&top.a)),
                    ("b", nation_name(&top.b)),
                    ("weight", top.weight.to_string()),
                ],
            ),
        };
        let index: std::collections::HashMap<_, usize> =
            net.nodes.iter().enumerate().map(|(i, n)| (n.nation.clone(), i)).collect();
        let group_codes: Vec<String> = {
            let mut v: Vec<String> = Vec::new();
            for n in &net.nodes {
                if let Some(g) = &n.group
                    && !v.contains(g)
                {
                    v.push(g.clone());
                }
            }
            v
        };
        f2.network = Some(NetworkChart {
            title: f2.title.clone(),
            description: f2.sentence.clone(),
            nodes: net
                .nodes
                .iter()
                .map(|n| NetworkNode {
                    label: n.nation.to_string(),
                    x: n.x,
                    y: n.y,
                    group: n.group.as_ref().and_then(|g| group_codes.iter().position(|c| c == g)),
                    tooltip: format!("{} — {}", nation_name(&n.nation), n.strength),
                })
                .collect(),
            ties: drawn.iter().filter_map(|t| Some((*index.get(&t.a)?, *index.get(&t.b)?, t.weight))).collect(),
            groups: group_codes.iter().map(|c| group_name(c)).collect(),
        });
    } else {
        f2.withheld = Some(lang.t("eval-q7-network-staff"));
        f2.sentence = lang.t("eval-q7-network-staff");
    }
    Ok(vec![f1, f2])
}
