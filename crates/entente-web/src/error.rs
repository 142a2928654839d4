//! One error type for the whole web layer, mapped to status codes in one place. API responses
//! carry `{"code", "message"}`; pages render the same error as HTML (see `pages::html_errors`).
//! A 5xx body says nothing about the cause, which goes to the log.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use entente_domain::said;
use entente_domain::said::{Arg, Said};
use entente_store::StoreError;

use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("sign-in required")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(Said),
    #[error("{0}")]
    TooManyRequests(Said),
    /// Someone else changed the item since the caller read it; nothing was written.
    #[error("{0}")]
    Conflict(Said),
    #[error("{message}")]
    BadRequest { code: &'static str, message: Said },
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

/// The body of every API error.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    /// A stable, machine-readable code (`not_found`, `invalid_date`, …).
    pub code: String,
    /// A human-readable explanation.
    pub message: String,
}

/// Put on error responses so that page routes can render them as HTML.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    /// The message as a sentence, for the page to write in its reader's language.
    pub said: Said,
}

impl AppError {
    pub fn bad_request(code: &'static str, message: impl Into<Said>) -> Self {
        AppError::BadRequest { code, message: message.into() }
    }

    /// `{field}: '{value}' is not a date (YYYY-MM-DD)`, the field by its label on the pages.
    pub fn not_a_date(code: &'static str, field: &'static str, value: &str) -> Self {
        AppError::bad_request(
            code,
            said!(
                "err-not-date",
                "{field}: '{value}' is not a date (YYYY-MM-DD)",
                field = said::field(field),
                value = value
            ),
        )
    }

    /// `{field}: '{value}' is not a whole number`, the field by its label on the pages.
    pub fn not_a_number(code: &'static str, field: &'static str, value: &str) -> Self {
        AppError::bad_request(
            code,
            said!(
                "err-not-number",
                "{field}: '{value}' is not a whole number",
                field = said::field(field),
                value = value
            ),
        )
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Unauthorized => "unauthenticated",
            AppError::Forbidden(_) => "forbidden",
            AppError::TooManyRequests(_) => "too_many_attempts",
            AppError::Conflict(_) => "stale",
            AppError::BadRequest { code, .. } => code,
            AppError::Internal(_) => "internal",
        }
    }

    /// What the client may be told, in English (the API's language).
    pub fn public_message(&self) -> String {
        self.said().to_string()
    }

    /// What the client may be told, as a sentence with its key and arguments.
    pub fn said(&self) -> Said {
        match self {
            AppError::NotFound => {
                said!("err-not-found", "Nothing here: the address is wrong, or the item is not available to you.")
            }
            AppError::Unauthorized => said!(
                "err-sign-in",
                "Sign in first: send a session cookie, or an API token as 'Authorization: Bearer ent_…'."
            ),
            AppError::Forbidden(m) | AppError::TooManyRequests(m) | AppError::Conflict(m) => m.clone(),
            AppError::BadRequest { message, .. } => message.clone(),
            AppError::Internal(_) => said!("err-internal", "Something went wrong on our side; it has been logged."),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { entity, .. } => AppError::Conflict(said!(
                "err-stale",
                "the {entity} was changed by someone else since it was read; reload it and try again",
                entity = Arg::Label("entity", entity)
            )),
            StoreError::Rejected(m) => AppError::bad_request("rejected", m),
            StoreError::Refused(m) => AppError::bad_request("rejected", m),
            StoreError::Duplicate(m) => AppError::bad_request("duplicate", m),
            StoreError::Invalid(fe) => AppError::bad_request("invalid_input", fe.to_string()),
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let AppError::Internal(e) = &self {
            tracing::error!(error = %format!("{e:#}"), "request failed");
        }
        let said = self.said();
        let body = ErrorBody { code: self.code().to_string(), message: said.to_string() };
        let info = ErrorInfo { status, code: body.code.clone(), message: body.message.clone(), said };
        let mut response = (status, Json(body)).into_response();
        response.extensions_mut().insert(info);
        response
    }
}

/// A response one of axum's extractors wrote itself (a path segment that does not parse, a body
/// of the wrong type or too large) as the application's own error: the JSON body every API error
/// has, and the information the pages render their error page from. Its status is kept.
pub fn from_rejection(status: axum::http::StatusCode, text: &str) -> Response {
    let code = match status.as_u16() {
        404 => "not_found",
        405 => "method_not_allowed",
        413 => "too_large",
        415 => "unsupported_media_type",
        422 => "invalid_body",
        _ => "invalid_request",
    };
    let message: String = text.trim().chars().filter(|c| !c.is_control()).take(500).collect();
    let body = ErrorBody { code: code.to_string(), message };
    let info = ErrorInfo {
        status,
        code: body.code.clone(),
        message: body.message.clone(),
        said: Said::plain(body.message.clone()),
    };
    let mut response = (status, Json(body)).into_response();
    response.extensions_mut().insert(info);
    response
}
