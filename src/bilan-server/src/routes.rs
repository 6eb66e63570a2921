//! The JSON API under `/api/v1`, one module per resource.

pub mod export;
pub mod figures;
mod health;
pub mod input;
mod openapi;
pub mod sessions;
pub mod sync;
mod token;

use axum::Router;
use axum::extract::OriginalUri;

use crate::AppState;
use crate::error::ApiError;

/// Every `/api/v1` route; unknown API paths answer a JSON 404 rather than the app's page.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(sync::router())
        .merge(figures::router())
        .merge(export::router())
        .merge(sessions::router())
        .merge(openapi::router())
        .merge(token::router())
        .fallback(|OriginalUri(uri): OriginalUri| async move {
            ApiError::NotFound(uri.path().to_owned())
        })
}
