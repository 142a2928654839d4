//! Evaluation pages: the founding questions with what each figure says, and one page per question
//! with, for each figure, its chart (SVG drawn on the server), its sentence, the exact numbers in a
//! table, its definition and the CSV and JSON downloads.

use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::response::Response;
use entente_domain::evaluation::Question;
use entente_domain::evaluation::equal::SizeMeasure;

use super::{Layout, render};
use crate::AppState;
use crate::api::evaluation::{PeriodParams, QuestionDto, question, question_dto};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::evaluation::{self as svc, Availability, Period};
use crate::i18n::Lang;
use crate::params::Q;

/// A question on the dashboard, with its first figure's sentence when it is computed.
pub struct QuestionLine {
    pub q: QuestionDto,
    pub status: String,
    pub sentence: Option<String>,
}

#[derive(Template)]
#[template(path = "evaluation/index.html")]
struct Dashboard {
    layout: Layout,
    questions: Vec<QuestionLine>,
}

fn status_label(lang: Lang, q: Question) -> String {
    match svc::availability(q) {
        Availability::Computed => lang.t("eval-status-computed"),
        Availability::WaitsOn(area) => lang.t(&format!("eval-status-waits-{area}")),
        Availability::NotYetComputed => lang.t("eval-status-not-yet"),
    }
}

pub async fn dashboard(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    let period = Period::parse(None, None, ctx.now.date_naive())?;
    let mut questions = Vec::new();
    for q in Question::ALL {
        let sentence = if svc::availability(q) == Availability::Computed {
            svc::answer(&ctx, q, period).await?.figures.into_iter().next().map(|f| f.sentence)
        } else {
            None
        };
        questions.push(QuestionLine { q: question_dto(q, lang), status: status_label(lang, q), sentence });
    }
    render(&Dashboard { layout: Layout::new(lang, &uri, None, &state, &ctx.identity), questions })
}

/// A figure as the page shows it.
pub struct FigureView {
    pub id: String,
    pub number: usize,
    pub title: String,
    pub sentence: String,
    pub definition: String,
    pub svg: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub withheld: Option<String>,
    pub csv: String,
    pub json: String,
}

#[derive(Template)]
#[template(path = "evaluation/question.html")]
struct QuestionPage {
    layout: Layout,
    q: QuestionDto,
    status: String,
    computed: bool,
    from: i32,
    to: i32,
    /// Whether the question forms size groups (Q6), and by what (`population` or `gdp`).
    sized: bool,
    size: &'static str,
    figures: Vec<FigureView>,
    computed_at: String,
    error: Option<String>,
}

/// The figures of an answer as pages show them, numbered from `first + 1`.
fn figure_views(a: &crate::evaluation::Answer, lang: Lang, first: usize) -> Vec<FigureView> {
    let q = a.question;
    let period = a.period;
    let mut range = format!("from={}&to={}", period.from, period.to);
    if a.size != SizeMeasure::Population {
        range.push_str(&format!("&size={}", a.size.as_str()));
    }
    a.figures
        .iter()
        .enumerate()
        .map(|(i, f)| FigureView {
            id: f.id.to_string(),
            number: first + i + 1,
            title: f.title.clone(),
            sentence: f.sentence.clone(),
            definition: f.definition.clone(),
            svg: match (&f.network, &f.chart) {
                (Some(n), _) if !n.nodes.is_empty() => Some(n.svg(f.id)),
                (_, Some(c)) if !c.categories.is_empty() => Some(c.svg(f.id)),
                _ => None,
            },
            headers: f.headers.clone(),
            rows: f.rows.iter().map(|r| r.iter().map(|c| c.shown(lang)).collect()).collect(),
            withheld: f.withheld.clone(),
            csv: format!("/api/v1/evaluation/{}?{range}&format=csv&figure={}", q.as_str(), f.id),
            json: format!("/api/v1/evaluation/{}?{range}", q.as_str()),
        })
        .collect()
}

pub async fn question_page(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(code): Path<String>,
    Q(p): Q<PeriodParams>,
) -> Result<Response, AppError> {
    let q = question(&code)?;
    // A period or a size measure that does not parse is shown in place, with the default's figures.
    let (period, mut error) = match p.period(&ctx) {
        Ok(period) => (period, None),
        Err(_) => (Period::parse(None, None, ctx.now.date_naive())?, Some(lang.t("eval-period-invalid"))),
    };
    let size = p.size().unwrap_or_else(|_| {
        error = Some(lang.t("eval-size-invalid"));
        SizeMeasure::Population
    });
    let a = svc::answer_sized(&ctx, q, period, size).await?;
    let figures = figure_views(&a, lang, 0);
    render(&QuestionPage {
        layout: Layout::new(lang, &uri, None, &state, &ctx.identity),
        q: question_dto(q, lang),
        status: status_label(lang, q),
        computed: svc::availability(q) == Availability::Computed,
        from: period.from,
        to: period.to,
        sized: q == Question::Q6,
        size: size.as_str(),
        figures,
        computed_at: a.computed_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        error,
    })
}

/// A question in the printable report.
pub struct ReportSection {
    pub q: QuestionDto,
    pub status: String,
    pub figures: Vec<FigureView>,
}

#[derive(Template)]
#[template(path = "evaluation/report.html")]
struct ReportPage {
    layout: Layout,
    /// Q6's size measure (`population` or `gdp`).
    size: &'static str,
    from: i32,
    to: i32,
    sections: Vec<ReportSection>,
    computed_at: String,
    registry_as_of: String,
    figures: usize,
    standalone: bool,
}

/// The report as one self-contained HTML document (styles inline, no links to follow), for
/// printing to PDF outside the server.
#[derive(Template)]
#[template(path = "evaluation/report_print.html")]
struct ReportPrint {
    layout: Layout,
    size: &'static str,
    from: i32,
    to: i32,
    sections: Vec<ReportSection>,
    computed_at: String,
    registry_as_of: String,
    figures: usize,
    standalone: bool,
    css: &'static str,
}

fn sections(answers: &[crate::evaluation::Answer], lang: Lang) -> (Vec<ReportSection>, usize) {
    let mut out = Vec::new();
    let mut count = 0;
    for a in answers {
        let figures = figure_views(a, lang, count);
        count += figures.len();
        out.push(ReportSection { q: question_dto(a.question, lang), status: status_label(lang, a.question), figures });
    }
    (out, count)
}

/// Every question over a period, as one self-contained HTML document.
pub fn standalone_report(answers: &[crate::evaluation::Answer], lang: Lang) -> Result<String, AppError> {
    let first = answers.first().ok_or_else(|| {
        AppError::bad_request("no_questions", entente_domain::said!("err-eval-nothing-to-report", "nothing to report"))
    })?;
    let (sections, figures) = sections(answers, lang);
    let uri = axum::http::Uri::from_static("/evaluation/report");
    Ok(ReportPrint {
        size: first.size.as_str(),
        layout: Layout::bare(lang, &uri),
        from: first.period.from,
        to: first.period.to,
        sections,
        computed_at: first.computed_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        registry_as_of: first.computed_at.date_naive().to_string(),
        figures,
        standalone: true,
        css: super::APP_CSS,
    }
    .render()?)
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ReportParams {
    #[serde(default, deserialize_with = "crate::params::opt_parsed")]
    pub from: Option<i32>,
    #[serde(default, deserialize_with = "crate::params::opt_parsed")]
    pub to: Option<i32>,
    /// `en` or `fr`; the reader's language when absent.
    pub lang: Option<String>,
    /// Q6's size groups: `population` (when absent) or `gdp`.
    pub size: Option<String>,
}

/// Every question on one page, styled for print: numbered figures, each with its chart, sentence,
/// numbers and definition; the questions not answered yet say what they wait on.
pub async fn report(
    State(state): State<AppState>,
    lang: Lang,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Q(p): Q<ReportParams>,
) -> Result<Response, AppError> {
    let lang = match crate::params::text(p.lang.as_deref()) {
        None => lang,
        Some(code) => Lang::parse(code).ok_or_else(|| {
            AppError::bad_request(
                "invalid_lang",
                entente_domain::said!("err-lang-value", "lang: '{value}' is not en or fr", value = code),
            )
        })?,
    };
    let ctx = Ctx { lang, ..ctx };
    let period = Period::parse(p.from, p.to, ctx.now.date_naive())?;
    let size = svc::size_param(p.size.as_deref())?;
    let answers = svc::answer_all(&ctx, period, size).await?;
    let (sections, count) = sections(&answers, lang);
    render(&ReportPage {
        size: size.as_str(),
        layout: Layout::new(lang, &uri, None, &state, &ctx.identity),
        from: period.from,
        to: period.to,
        sections,
        computed_at: ctx.now.format("%Y-%m-%d %H:%M UTC").to_string(),
        registry_as_of: ctx.now.date_naive().to_string(),
        figures: count,
        standalone: false,
    })
}
