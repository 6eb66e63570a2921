//! Sessions open to participants' own devices: the facilitator opens a join code, participants'
//! phones send their contribution with that code and no token, while the session is open.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use bilan_core::session::Format;
use bilan_core::share::{Checker, Contribution, Dimension, is_session_code};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Caller, Role};
use crate::db::{Applied, SessionCode};
use crate::error::ApiError;
use crate::routes::figures::now_millis;
use crate::routes::input::Body;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sessions", post(sessions_create))
        .route("/sessions/{code}", get(sessions_show))
        .route("/sessions/{code}/close", post(sessions_close))
        .route("/sessions/{code}/contributions", post(sessions_contribute))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewSession {
    code: String,
    survey: String,
    format: Format,
}

/// The code, or a 404 that says it is not a session here (a malformed code is not one either).
fn code_of(code: &str) -> Result<&str, ApiError> {
    if is_session_code(code) {
        Ok(code)
    } else {
        Err(ApiError::Input(
            StatusCode::NOT_FOUND,
            format!(
                "{:?} is not a session code: six letters and digits, without 0, O, 1, I or L",
                code.chars().take(20).collect::<String>()
            ),
        ))
    }
}

/// Opens a join code for a survey (a facilitator's session).
async fn sessions_create(
    State(state): State<AppState>,
    caller: Caller,
    Body(new): Body<NewSession>,
) -> Result<Json<SessionCode>, ApiError> {
    caller.require(&[Role::Facilitator])?;
    let code = code_of(&new.code)
        .map_err(|_| ApiError::invalid(format!("code {:?} is not a session code", new.code)))?;
    if !state.surveys.iter().any(|s| s.id == new.survey) {
        return Err(ApiError::invalid(format!(
            "unknown survey {:?}",
            new.survey
        )));
    }
    if !state
        .db
        .open_session(code, &new.survey, new.format.id(), now_millis())
        .await?
    {
        return Err(ApiError::Input(
            StatusCode::CONFLICT,
            format!("code {code} is already used by another survey's session"),
        ));
    }
    Ok(Json(state.db.session_code(code).await?.ok_or_else(
        || ApiError::NotFound(format!("/sessions/{code}")),
    )?))
}

/// What a participant's phone needs to answer: the survey and the session's format.
async fn sessions_show(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<SessionCode>, ApiError> {
    let code = code_of(&code)?;
    state.db.session_code(code).await?.map(Json).ok_or_else(|| {
        ApiError::Input(
            StatusCode::NOT_FOUND,
            format!("no session has the code {code}"),
        )
    })
}

/// Stops taking participants' answers.
async fn sessions_close(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<Json<SessionCode>, ApiError> {
    caller.require(&[Role::Facilitator])?;
    let code = code_of(&code)?;
    state.db.close_session(code, now_millis()).await?;
    state.db.session_code(code).await?.map(Json).ok_or_else(|| {
        ApiError::Input(
            StatusCode::NOT_FOUND,
            format!("no session has the code {code}"),
        )
    })
}

/// The most contributions one participant sends: the session's, their college's and overall.
const MAX_PARTICIPANT_BATCH: usize = 3;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Batch {
    contributions: Vec<Contribution>,
}

/// One participant's contribution, with the join code as the only credential: accepted while the
/// session is open, for its survey, one person, and counted in the session's table.
async fn sessions_contribute(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Body(batch): Body<Batch>,
) -> Result<Json<Applied>, ApiError> {
    let code = code_of(&code)?;
    // Each code has its own bucket, apart from every token's (ids of tokens are positive).
    let key = -(code
        .bytes()
        .fold(1i64, |h, b| h.wrapping_mul(31).wrapping_add(i64::from(b)))
        .abs()
        % (1 << 40))
        - 1;
    if !state.rate_limit.admit(key) {
        return Err(ApiError::TooManyRequests);
    }
    let session = state.db.session_code(code).await?.ok_or_else(|| {
        ApiError::Input(
            StatusCode::NOT_FOUND,
            format!("no session has the code {code}"),
        )
    })?;
    if !session.open {
        return Err(ApiError::Input(
            StatusCode::GONE,
            format!("session {code} is closed: it takes no more answers"),
        ));
    }
    let n = batch.contributions.len();
    if n == 0 || n > MAX_PARTICIPANT_BATCH {
        return Err(ApiError::invalid(format!(
            "a participant sends 1 to {MAX_PARTICIPANT_BATCH} contributions, this has {n}"
        )));
    }
    let survey = state
        .surveys
        .iter()
        .find(|s| s.id == session.survey)
        .ok_or_else(|| ApiError::invalid(format!("unknown survey {:?}", session.survey)))?;
    let checker = Checker::new(survey);
    let mut in_session = false;
    for (i, c) in batch.contributions.iter().enumerate() {
        let refused = |why: String| ApiError::invalid(format!("contribution {i}: {why}"));
        if c.participants != 1 {
            return Err(refused("a participant speaks for one person".into()));
        }
        match &c.dimension {
            Dimension::Session(other) if other == code => in_session = true,
            Dimension::Session(other) => {
                return Err(refused(format!(
                    "dimension session:{other} is not this session"
                )));
            }
            Dimension::College(_) | Dimension::None => {}
        }
        checker.check(c).map_err(|e| refused(e.to_string()))?;
    }
    if !in_session {
        return Err(ApiError::invalid(format!(
            "one contribution must be counted in session:{code}"
        )));
    }
    Ok(Json(state.ingest.apply(batch.contributions).await?))
}
