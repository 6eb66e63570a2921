//! `GET /api/v1/health`: is the server up, which version, which database, does it answer.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::AppState;
use crate::db::DbKind;
use crate::error::ApiError;

/// The health report, for operators and monitoring.
#[derive(Debug, Serialize)]
pub struct Health {
    status: &'static str,
    version: &'static str,
    database: DbKind,
    /// The disclosure threshold k, so a facilitator's screen hides what the server would hide.
    threshold: u64,
    /// The largest change perturbation makes to a published count.
    noise: u64,
    /// How often period and college tables are published.
    release_every: &'static str,
}

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health_show))
}

async fn health_show(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.db.ping().await?;
    Ok(Json(Health {
        status: "ok",
        version: bilan_core::VERSION,
        database: state.db.kind(),
        threshold: state.threshold.get(),
        noise: bilan_core::disclosure::MAX_NOISE,
        release_every: state.schedule.as_str(),
    }))
}
