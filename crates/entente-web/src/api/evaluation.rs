//! Evaluation API: the founding questions, and each question's figures over a period as JSON, or
//! one figure's exact numbers as CSV.

use axum::Json;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use entente_domain::evaluation::Question;
use entente_domain::evaluation::equal::SizeMeasure;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::ctx::Ctx;
use crate::error::{AppError, ErrorBody};
use crate::evaluation::{self as svc, Answer, Availability, Cell, Figure, Period};
use crate::params::{Q, opt_parsed};

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodParams {
    /// First year (default 1994, the start of the registry's partnership history).
    #[serde(default, deserialize_with = "opt_parsed")]
    #[param(value_type = Option<i32>)]
    pub from: Option<i32>,
    /// Last year (default this year).
    #[serde(default, deserialize_with = "opt_parsed")]
    #[param(value_type = Option<i32>)]
    pub to: Option<i32>,
    /// `json` (default) or `csv` (one figure's numbers; name it with `figure`).
    pub format: Option<String>,
    /// The figure to export as CSV (default the question's first).
    pub figure: Option<String>,
    /// What Q6 forms its size groups by: `population` (default) or `gdp`; the other questions
    /// ignore it.
    pub size: Option<String>,
}

impl PeriodParams {
    pub fn period(&self, ctx: &Ctx) -> Result<Period, AppError> {
        Period::parse(self.from, self.to, ctx.now.date_naive())
    }

    /// The size measure asked for; population when absent or empty.
    pub fn size(&self) -> Result<SizeMeasure, AppError> {
        svc::size_param(self.size.as_deref())
    }
}

pub fn question(code: &str) -> Result<Question, AppError> {
    Question::parse(code).ok_or(AppError::NotFound)
}

/// A founding question and whether the product answers it yet.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuestionDto {
    /// `q1` … `q8`.
    pub question: String,
    pub title: String,
    /// `computed`, `waits_on` (another area records its data) or `not_yet_computed`.
    pub availability: String,
    /// The area it waits on (`warning`), if any.
    pub waits_on: Option<String>,
}

pub fn question_dto(q: Question, lang: crate::i18n::Lang) -> QuestionDto {
    let (availability, waits_on) = match svc::availability(q) {
        Availability::Computed => ("computed", None),
        Availability::WaitsOn(area) => ("waits_on", Some(area.to_string())),
        Availability::NotYetComputed => ("not_yet_computed", None),
    };
    QuestionDto {
        question: q.as_str().to_string(),
        title: lang.t(&format!("eval-{}-title", q.as_str())),
        availability: availability.to_string(),
        waits_on,
    }
}

/// One figure: the exact numbers drawn, the generated sentence and the definition.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FigureDto {
    pub id: String,
    pub title: String,
    pub sentence: String,
    pub definition: String,
    pub columns: Vec<String>,
    /// One array per row, in the order of `columns` (numbers, text or null).
    #[schema(value_type = Vec<Vec<serde_json::Value>>)]
    pub rows: Vec<Vec<Cell>>,
    /// What was left out for this caller (aggregates of fewer than five nations, other nations' lines).
    pub withheld: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnswerDto {
    #[serde(flatten)]
    pub question: QuestionDto,
    pub from: i32,
    pub to: i32,
    /// What Q6's size groups are formed by: `population` or `gdp`.
    pub size: String,
    pub computed_at: DateTime<Utc>,
    pub figures: Vec<FigureDto>,
}

fn figure_dto(f: &Figure) -> FigureDto {
    FigureDto {
        id: f.id.to_string(),
        title: f.title.clone(),
        sentence: f.sentence.clone(),
        definition: f.definition.clone(),
        columns: f.columns.iter().map(|c| (*c).to_string()).collect(),
        rows: f.rows.clone(),
        withheld: f.withheld.clone(),
    }
}

pub fn answer_dto(a: &Answer, lang: crate::i18n::Lang) -> AnswerDto {
    AnswerDto {
        question: question_dto(a.question, lang),
        from: a.period.from,
        to: a.period.to,
        size: a.size.as_str().to_string(),
        computed_at: a.computed_at,
        figures: a.figures.iter().map(figure_dto).collect(),
    }
}

/// One figure's numbers as a CSV download.
pub fn csv_response(a: &Answer, figure: Option<&str>) -> Result<Response, AppError> {
    let f = match figure.map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => a.figure(id)?,
        None => a.figures.first().ok_or_else(|| {
            AppError::bad_request(
                "no_figures",
                entente_domain::said!(
                    "err-eval-no-figures",
                    "{question} has no figures computed yet",
                    question = a.question.as_str()
                ),
            )
        })?,
    };
    let size = if a.size == SizeMeasure::Population { String::new() } else { format!("-{}", a.size.as_str()) };
    let name = format!("attachment; filename=\"{}-{}-{}{size}.csv\"", f.id, a.period.from, a.period.to);
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, name)], f.csv()?)
        .into_response())
}

/// The founding questions and which of them the product answers yet.
#[utoipa::path(get, path = "/api/v1/evaluation", tag = "evaluation",
    responses((status = 200, body = Vec<QuestionDto>), (status = 401, body = ErrorBody)))]
pub async fn questions(ctx: Ctx) -> Json<Vec<QuestionDto>> {
    Json(Question::ALL.iter().map(|&q| question_dto(q, ctx.lang)).collect())
}

/// One question's figures over a period (`format=csv`: one figure's numbers; Q6's size groups by
/// population, or by GDP with `size=gdp`). A delegation receives aggregates of at least five
/// nations and its own nation's lines only.
#[utoipa::path(get, path = "/api/v1/evaluation/{question}", tag = "evaluation",
    params(("question" = String, Path, description = "`q1` … `q8`"), PeriodParams),
    responses((status = 200, body = AnswerDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn answer(ctx: Ctx, Path(code): Path<String>, Q(p): Q<PeriodParams>) -> Result<Response, AppError> {
    let q = question(&code)?;
    let period = p.period(&ctx)?;
    let a = svc::answer_sized(&ctx, q, period, p.size()?).await?;
    match p.format.as_deref().map(str::trim).unwrap_or("json") {
        "json" | "" => Ok(Json(answer_dto(&a, ctx.lang)).into_response()),
        "csv" => csv_response(&a, p.figure.as_deref()),
        other => Err(AppError::bad_request(
            "invalid_format",
            entente_domain::said!("err-format-json-csv", "format: '{value}' is not json or csv", value = other),
        )),
    }
}
