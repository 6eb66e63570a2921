//! Contributions in, released tables out: `POST /contributions`, `GET /aggregates`, `GET /tables`.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use bilan_core::disclosure::{Published, Release, due, release};
use bilan_core::share::{Checker, Contribution, Dimension, Period};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::{Caller, Role};
use crate::db::{Applied, TableKey};
use crate::error::ApiError;
use crate::routes::input::{Body, Params};

/// The most contributions one request may carry.
pub const MAX_BATCH: usize = 500;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/contributions", post(contributions_create))
        .route("/aggregates", get(aggregates_show))
        .route("/tables", get(tables_index))
}

/// A batch of contributions from one device or one closed session.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Batch {
    contributions: Vec<Contribution>,
}

/// Checks every contribution of the batch, then applies them all in one transaction; one bad
/// contribution refuses the whole batch with its position and what is wrong.
async fn contributions_create(
    State(state): State<AppState>,
    caller: Caller,
    Body(batch): Body<Batch>,
) -> Result<Json<Applied>, ApiError> {
    let caller = caller.require(&[Role::Contributor, Role::Facilitator])?;
    if batch.contributions.iter().any(|c| c.participants > 1) {
        // A session's totals speak for many people: only the facilitator who ran it sends them.
        caller.require(&[Role::Facilitator])?;
    }
    let n = batch.contributions.len();
    if n == 0 || n > MAX_BATCH {
        return Err(ApiError::invalid(format!(
            "a batch holds 1 to {MAX_BATCH} contributions, this one has {n}"
        )));
    }
    let mut checkers: Vec<Checker> = Vec::new();
    for (i, c) in batch.contributions.iter().enumerate() {
        let refused = |why: String| ApiError::invalid(format!("contribution {i}: {why}"));
        let at = match checkers.iter().position(|k| k.survey_id() == c.survey) {
            Some(at) => at,
            None => {
                let survey = state
                    .surveys
                    .iter()
                    .find(|s| s.id == c.survey)
                    .ok_or_else(|| refused(format!("unknown survey {:?}", c.survey)))?;
                checkers.push(Checker::new(survey));
                checkers.len() - 1
            }
        };
        checkers[at].check(c).map_err(|e| refused(e.to_string()))?;
    }
    Ok(Json(state.ingest.apply(batch.contributions).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableQuery {
    survey: String,
    period: String,
    #[serde(default)]
    dimension: String,
    version: Option<u32>,
}

/// A released table and what it is about.
#[derive(Debug, Serialize)]
pub struct Released {
    #[serde(flatten)]
    key: TableKey,
    #[serde(flatten)]
    release: Release,
}

/// The released table of a survey, period and dimension: disclosure control applied, and the
/// same release until k more contributions arrived.
async fn aggregates_show(
    State(state): State<AppState>,
    caller: Caller,
    Params(q): Params<TableQuery>,
) -> Result<Json<Released>, ApiError> {
    caller.require(&[Role::Facilitator, Role::Board])?;
    let survey = state
        .surveys
        .iter()
        .find(|s| s.id == q.survey)
        .ok_or_else(|| ApiError::invalid(format!("unknown survey {:?}", q.survey)))?;
    let period: Period = q
        .period
        .parse()
        .map_err(|e: bilan_core::share::BadPeriod| ApiError::invalid(e.to_string()))?;
    let dimension: Dimension = q
        .dimension
        .parse()
        .map_err(|e: bilan_core::share::BadDimension| ApiError::invalid(e.to_string()))?;
    let key = TableKey {
        survey: survey.id.clone(),
        version: q.version.unwrap_or(survey.version),
        period: period.to_string(),
        dimension: dimension.to_string(),
    };
    let k = state.threshold;
    let last = state.db.published(&key).await?;
    let (contributions, counters) = state.db.table(&key).await?;
    let current = if due(last.as_ref(), contributions, k) {
        let fresh = Published {
            at: contributions,
            release: release(&counters, contributions, k),
        };
        state.db.publish(&key, &fresh).await?;
        fresh.release
    } else {
        last.map(|p| p.release)
            .unwrap_or_else(|| release(&[], 0, k))
    };
    Ok(Json(Released {
        key,
        release: current,
    }))
}

/// The tables that hold at least k contributions, so a dashboard knows what to ask for.
async fn tables_index(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<TableKey>>, ApiError> {
    caller.require(&[Role::Facilitator, Role::Board])?;
    Ok(Json(state.db.tables(state.threshold.get()).await?))
}
