//! The one error type of the API: a status code and a JSON message, internals logged not shown.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no such API endpoint: {0}")]
    NotFound(String),
    #[error("the database is unavailable")]
    Database(#[from] sqlx::Error),
}

impl ApiError {
    /// The HTTP status this error is answered with.
    pub fn status_code(&self) -> StatusCode {
        match self {
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Database(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Database(source) = &self {
            tracing::error!(error = %source, "database error");
        }
        (
            self.status_code(),
            Json(json!({ "error": self.to_string() })),
        )
            .into_response()
    }
}
