//! Extractors that turn every unreadable request into a 4xx with a message, never a 5xx.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::IntoResponse;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::error::ApiError;

/// A JSON body whose type refuses unknown fields; a syntax error is a 400, a wrong shape a 422.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // axum checks the content type and the syntax; the body is kept as raw JSON text.
        let raw = match axum::Json::<Box<RawValue>>::from_request(req, state).await {
            Ok(axum::Json(raw)) => raw,
            Err(rejection) => return Err(rejected(rejection)),
        };
        // The fast path reads the body once. Only a body of the wrong shape is read again,
        // tracking the path, so that the error names where it is wrong.
        if let Ok(value) = serde_json::from_str(raw.get()) {
            return Ok(Body(value));
        }
        match axum::Json::<T>::from_bytes(raw.get().as_bytes()) {
            Ok(axum::Json(value)) => Ok(Body(value)),
            Err(rejection) => Err(rejected(rejection)),
        }
    }
}

fn rejected(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(e) => ApiError::invalid(e.body_text()),
        rejection => ApiError::Input(rejection.status(), rejection.body_text()),
    }
}

/// Query-string parameters; anything unreadable is a 422 naming the parameter.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Params(value)),
            Err(rejection @ QueryRejection::FailedToDeserializeQueryString(_)) => Err(
                ApiError::Input(StatusCode::UNPROCESSABLE_ENTITY, rejection.body_text()),
            ),
            Err(rejection) => Err(ApiError::Input(
                rejection.status(),
                rejection.into_response().status().to_string(),
            )),
        }
    }
}
