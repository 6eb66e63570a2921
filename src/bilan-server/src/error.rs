//! The one error type of the API: a status code and a JSON message, internals logged not shown.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::auth::Role;

pub use bilan_core::wire::{ErrorBody, Refusal};

/// Everything a handler can fail with; every message says what is wrong in words.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no such API endpoint: {0}")]
    NotFound(String),
    /// A file of the app that the server does not have (an old chunk after an update, say).
    #[error("no such file: {0}")]
    NoFile(String),
    #[error("this endpoint needs a token: send the header `Authorization: Bearer TOKEN`")]
    NoToken,
    #[error("this token is unknown or revoked")]
    BadToken,
    #[error("a {0} token may not do this; it needs one of: {roles}", roles = .1.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "))]
    Forbidden(Role, Vec<Role>),
    /// With how many seconds to wait.
    #[error("too many requests: wait {0} s and retry")]
    TooManyRequests(u64),
    /// Input that cannot be read or is not acceptable, with the status that says which.
    #[error("{1}")]
    Input(StatusCode, String),
    /// A refusal a client acts on by its kind (see [`Refusal`]), with its status and words.
    #[error("{2}")]
    Coded(StatusCode, Refusal, String),
    /// A contribution of a batch refused by the checks, with its place in the batch.
    #[error("contribution {index}: {error}")]
    Contribution {
        index: usize,
        error: bilan_core::share::ContributionError,
    },
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

    /// Contribution `index` of a batch, refused by the checks for `error`.
    pub fn contribution(index: usize, error: bilan_core::share::ContributionError) -> Self {
        ApiError::Contribution { index, error }
    }

    /// The kind of refusal, which a client says in its reader's words.
    pub fn refusal(&self) -> Refusal {
        match self {
            ApiError::NotFound(_) | ApiError::NoFile(_) => Refusal::NotFound,
            ApiError::NoToken => Refusal::NoToken,
            ApiError::BadToken => Refusal::BadToken,
            ApiError::Forbidden(..) => Refusal::Forbidden,
            ApiError::TooManyRequests(_) => Refusal::TooManyRequests,
            ApiError::Input(status, _) => of_status(*status),
            ApiError::Coded(_, code, _) => *code,
            ApiError::Contribution { error, .. } => error.refusal(),
            ApiError::Database(_) => Refusal::Unavailable,
            ApiError::Ingest(crate::ingest::IngestError::Full) => Refusal::StorageFull,
            ApiError::Ingest(_) => Refusal::Unavailable,
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status_code(&self) -> StatusCode {
        match self {
            ApiError::NotFound(_) | ApiError::NoFile(_) => StatusCode::NOT_FOUND,
            ApiError::NoToken | ApiError::BadToken => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(..) => StatusCode::FORBIDDEN,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Input(status, _) | ApiError::Coded(status, ..) => *status,
            ApiError::Contribution { .. } => StatusCode::UNPROCESSABLE_ENTITY,
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
        let body = ErrorBody {
            error: self.to_string(),
            code: self.refusal(),
        };
        let mut response = (self.status_code(), Json(body)).into_response();
        if let ApiError::TooManyRequests(seconds) = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Gives a refusal that a layer or the router made (405, 413, 431...) the JSON shape of every
/// other, with its reason in words; JSON answers pass through untouched.
pub async fn as_json(response: Response) -> Response {
    let status = response.status();
    let kind = response.headers().get(header::CONTENT_TYPE).cloned();
    let json = kind
        .as_ref()
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // An extractor's refusal says in plain text what it could not read (an address that is
    // not UTF-8, a query's parameter): kept as the message, the status's name otherwise. A
    // server error's own text is never passed on.
    let plain = kind.is_some_and(|v| v.as_bytes().starts_with(b"text/plain"));
    let said = if plain && status.is_client_error() {
        axum::body::to_bytes(body, 2048)
            .await
            .ok()
            .and_then(|b| String::from_utf8(b.to_vec()).ok())
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
    } else {
        None
    };
    let message = match status {
        StatusCode::METHOD_NOT_ALLOWED => "this method is not allowed on this endpoint".to_owned(),
        StatusCode::PAYLOAD_TOO_LARGE => format!(
            "the request body is larger than {} bytes",
            crate::MAX_BODY_BYTES
        ),
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => {
            "the request's headers are too large".to_owned()
        }
        other => said.unwrap_or_else(|| {
            other
                .canonical_reason()
                .unwrap_or("the request was refused")
                .to_lowercase()
        }),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let body = ErrorBody {
        error: message,
        code: of_status(status),
    };
    Response::from_parts(
        parts,
        axum::body::Body::from(serde_json::to_string(&body).unwrap_or_default()),
    )
}

/// The kind of a refusal known by its status alone.
fn of_status(status: StatusCode) -> Refusal {
    match status {
        StatusCode::NOT_FOUND => Refusal::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => Refusal::MethodNotAllowed,
        StatusCode::CONFLICT => Refusal::Conflict,
        StatusCode::GONE => Refusal::SessionClosed,
        StatusCode::PAYLOAD_TOO_LARGE | StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => {
            Refusal::TooLarge
        }
        StatusCode::UNAUTHORIZED => Refusal::NoToken,
        StatusCode::FORBIDDEN => Refusal::Forbidden,
        StatusCode::TOO_MANY_REQUESTS => Refusal::TooManyRequests,
        s if s.is_server_error() => Refusal::Unavailable,
        s if s.is_client_error() => Refusal::Invalid,
        _ => Refusal::Other,
    }
}
