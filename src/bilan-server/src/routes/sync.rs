//! Contributions in, released tables out: `POST /contributions`, `GET /aggregates`, `GET /tables`.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use bilan_core::calendar::Date;
use bilan_core::share::{Checker, Contribution, Dimension, Period};
use bilan_core::wire::Released;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Caller, Role};
use crate::db::{Applied, TableKey};
use crate::error::{ApiError, ErrorBody};
use crate::releases::served;
use crate::routes::figures::now_millis;
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
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    /// 1 to 500 readings, one person each.
    #[schema(min_items = 1, max_items = 500)]
    contributions: Vec<Contribution>,
}

/// Checks every contribution of the batch, then applies them all in one transaction; one bad
/// contribution refuses the whole batch with its position and what is wrong. A session's answers
/// go to its own routes.
#[utoipa::path(
    post,
    path = "/contributions",
    summary = "Send a batch of readings, one person each (contributor or facilitator token); a session's answers go to the session routes",
    security(("token" = [])),
    request_body = Batch,
    responses(
        (status = 200, description = "Which ids were counted now and which had been counted before", body = Applied),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No token, or an unknown or revoked one", body = ErrorBody),
        (status = 403, description = "The token's role may not do this", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "The body is not application/json", body = ErrorBody),
        (status = 422, description = "Something in the request is wrong; the message says what", body = ErrorBody),
        (status = 429, description = "Too many requests: wait Retry-After seconds", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
async fn contributions_create(
    State(state): State<AppState>,
    caller: Caller,
    Body(batch): Body<Batch>,
) -> Result<Json<Applied>, ApiError> {
    caller.require(&[Role::Contributor, Role::Facilitator])?;
    let n = batch.contributions.len();
    if n == 0 || n > MAX_BATCH {
        return Err(ApiError::invalid(format!(
            "a batch holds 1 to {MAX_BATCH} contributions, this one has {n}"
        )));
    }
    let today = today();
    let mut checkers: Vec<Checker> = Vec::new();
    for (i, c) in batch.contributions.iter().enumerate() {
        let refused = |why: String| ApiError::invalid(format!("contribution {i}: {why}"));
        if let Some(code) = &c.session {
            return Err(refused(format!(
                "session {code:?}: a session's answers go to /sessions/{{code}}/contributions (a participant) or /sessions/{{code}}/totals (its facilitator)"
            )));
        }
        if c.participants > 1 {
            return Err(refused(format!(
                "{} participants: one reading counts one person; a session's totals go to /sessions/{{code}}/totals",
                c.participants
            )));
        }
        // A reading made before the grid changed is taken in the version it answered.
        let same = |k: &Checker| k.survey().id == c.survey && k.survey().version == c.version;
        let at = match checkers.iter().position(same) {
            Some(at) => at,
            None => {
                let survey = state
                    .surveys
                    .answered(&c.survey, c.version)
                    .map_err(|e| ApiError::contribution(i, e))?;
                checkers.push(Checker::new(survey, today));
                checkers.len() - 1
            }
        };
        checkers[at]
            .check(c)
            .map_err(|e| ApiError::contribution(i, e))?;
    }
    Ok(Json(state.ingest.apply(batch.contributions).await?))
}

/// The survey and the period a reader asks for, or what is wrong with them.
pub fn survey_and_period<'a>(
    state: &'a AppState,
    survey: &str,
    period: &str,
) -> Result<(&'a bilan_core::Survey, Period), ApiError> {
    let found = state
        .surveys
        .latest(survey)
        .ok_or_else(|| ApiError::invalid(format!("unknown survey {survey:?}")))?;
    let period = period
        .parse()
        .map_err(|e: bilan_core::share::BadPeriod| ApiError::invalid(e.to_string()))?;
    Ok((found, period))
}

/// Today, in UTC: which periods are taken.
pub fn today() -> Date {
    Date::from_millis(now_millis())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct TableQuery {
    /// The survey's id.
    survey: String,
    /// A year (2026) or a quarter (2026-Q1).
    period: String,
    /// Empty for the whole period, `college:ID` or `session:CODE`.
    #[serde(default)]
    dimension: String,
    /// The survey's version; the server's by default.
    version: Option<u32>,
}

/// The latest published snapshot of a survey's table for a period and dimension. Reading it
/// never publishes one: snapshots are published on the schedule and by sessions.
#[utoipa::path(
    get,
    path = "/aggregates",
    summary = "The latest published snapshot of a table (facilitator or board token); reading never publishes one",
    security(("token" = [])),
    params(TableQuery),
    responses(
        (status = 200, description = "The table after disclosure control", body = Released),
        (status = 401, description = "No token, or an unknown or revoked one", body = ErrorBody),
        (status = 403, description = "The token's role may not do this", body = ErrorBody),
        (status = 422, description = "Something in the request is wrong; the message says what", body = ErrorBody),
    )
)]
async fn aggregates_show(
    State(state): State<AppState>,
    caller: Caller,
    Params(q): Params<TableQuery>,
) -> Result<Json<Released>, ApiError> {
    caller.require(&[Role::Facilitator, Role::Board])?;
    let (survey, period) = survey_and_period(&state, &q.survey, &q.period)?;
    let dimension: Dimension = q
        .dimension
        .parse()
        .map_err(|e: bilan_core::share::BadDimension| ApiError::invalid(e.to_string()))?;
    let key = TableKey {
        survey: survey.id.clone(),
        version: q.version.unwrap_or(survey.version),
        period,
        dimension: dimension.clone(),
    };
    let stored = state.db.snapshot(&key).await?;
    Ok(Json(Released {
        published_at: stored.as_ref().map(|s| s.published_at),
        release: served(stored.as_ref(), state.threshold, &dimension),
        key,
    }))
}

/// The tables with a published snapshot, so a dashboard knows what to ask for.
#[utoipa::path(
    get,
    path = "/tables",
    summary = "The tables with a published snapshot (facilitator or board token)",
    security(("token" = [])),
    responses(
        (status = 200, description = "Table keys", body = Vec<TableKey>),
        (status = 401, description = "No token, or an unknown or revoked one", body = ErrorBody),
        (status = 403, description = "The token's role may not do this", body = ErrorBody),
    )
)]
async fn tables_index(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<TableKey>>, ApiError> {
    caller.require(&[Role::Facilitator, Role::Board])?;
    Ok(Json(state.db.tables().await?))
}
