//! The one error type of the API: a status code and a JSON message, internals logged not shown.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::auth::Role;

/// Everything a handler can fail with; every message says what is wrong in words.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no such API endpoint: {0}")]
    NotFound(String),
    #[error("this endpoint needs a token: send the header `Authorization: Bearer TOKEN`")]
    NoToken,
    #[error("this token is unknown or revoked")]
    BadToken,
    #[error("a {0} token may not do this; it needs one of: {roles}", roles = .1.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "))]
    Forbidden(Role, Vec<Role>),
    #[error("too many requests with this token: wait a moment and retry")]
    TooManyRequests,
    /// Input that cannot be read or is not acceptable, with the status that says which.
    #[error("{1}")]
    Input(StatusCode, String),
    #[error("the database is unavailable")]
    Database(#[from] sqlx::Error),
    #[error("{0}")]
    Ingest(#[from] crate::ingest::IngestError),
}

impl ApiError {
    /// Input refused as unprocessable (422), with what is wrong.
    pub fn invalid(message: impl Into<String>) -> Self {
        ApiError::Input(StatusCode::UNPROCESSABLE_ENTITY, message.into())
    }

    /// The HTTP status this error is answered with.
    pub fn status_code(&self) -> StatusCode {
        match self {
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::NoToken | ApiError::BadToken => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(..) => StatusCode::FORBIDDEN,
            ApiError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Input(status, _) => *status,
            ApiError::Database(_) | ApiError::Ingest(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Database(source) => tracing::error!(error = %source, "database error"),
            ApiError::Ingest(source) => tracing::error!(error = %source, "ingest error"),
            _ => {}
        }
        (
            self.status_code(),
            Json(json!({ "error": self.to_string() })),
        )
            .into_response()
    }
}
