//! `GET /api/v1/health`: is the server up, which version, which database, does it answer.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use bilan_core::wire::Health;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health_show))
}

#[utoipa::path(
    get,
    path = "/health",
    summary = "Is the server up, which version and database, and the disclosure threshold k",
    responses(
        (status = 200, description = "Up", body = Health),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
async fn health_show(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.db.ping().await?;
    Ok(Json(Health {
        status: "ok".into(),
        version: bilan_core::VERSION.into(),
        database: state.db.kind(),
        threshold: state.threshold.get(),
        noise: bilan_core::disclosure::MAX_NOISE,
        release_every: state.schedule.as_str().into(),
        demo: state.db.demo_at().await?.is_some(),
        name: state.name.to_string(),
    }))
}
