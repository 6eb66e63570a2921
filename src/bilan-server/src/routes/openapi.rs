//! `GET /api/v1/openapi.json`: the API described for people and tools.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;

/// The OpenAPI 3.1 document, kept beside the code it describes; a test checks it lists every route.
pub const DOCUMENT: &str = include_str!("../../openapi.json");

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(openapi_show))
}

async fn openapi_show() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}
