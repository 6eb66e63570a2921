//! `GET /api/v1/openapi.json`: the API described for people and tools, generated from the route
//! handlers and the wire types, so it cannot drift from them.

use std::sync::LazyLock;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use utoipa::OpenApi;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};

use crate::AppState;
use crate::routes::{export, figures, health, sessions, sync, token};

/// The API, as utoipa gathers it from the handlers' `#[utoipa::path]` attributes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Bilan sync API",
        version = "1",
        description = "Anonymised aggregates only: devices send contributions (buckets, never raw answers); readers get published snapshots under the release rule of docs/privacy.md: no table of fewer than k people; every count perturbed by at most 2 (cell key method); period and college tables withhold cells below k and are published on a schedule; a session's table shows every bucket perturbed, every k participants and at its close; tables that contain one another never differ by 1 to k − 1 people. Reading never publishes. Every error is JSON: {\"error\": \"what is wrong\", \"code\": \"its kind\"}, the code one of Refusal's words; a 429 says Retry-After.",
        license(name = "AGPL-3.0-or-later")
    ),
    servers((url = "/api/v1")),
    paths(
        health::health_show,
        openapi_show,
        sync::contributions_create,
        sync::aggregates_show,
        sync::tables_index,
        sessions::sessions_create,
        sessions::sessions_index,
        sessions::sessions_show,
        sessions::sessions_close,
        sessions::sessions_contribute,
        sessions::sessions_totals,
        figures::figures_index,
        figures::figures_update,
        export::export_show,
        token::token_show,
    ),
    modifiers(&Token)
)]
struct Api;

/// Adds the bearer token the secured routes name.
struct Token;

impl utoipa::Modify for Token {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.description = Some(
            "Created with `bilan-server token create --role ROLE --label LABEL`; roles: contributor, facilitator, board, admin (admin may do everything).".into(),
        );
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("token", SecurityScheme::Http(scheme));
    }
}

/// The OpenAPI 3.1 document, pretty-printed once.
pub static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    Api::openapi()
        .to_pretty_json()
        .expect("the generated document serialises")
        + "\n"
});

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(openapi_show))
}

#[utoipa::path(
    get,
    path = "/openapi.json",
    summary = "This document",
    responses((status = 200, description = "OpenAPI 3.1", content_type = "application/json"))
)]
async fn openapi_show() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}
