//! The organisation's yearly activity figures: `POST /figures` (facilitator), `GET /figures` (board).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use bilan_core::survey::{Audience, Kind};
pub use bilan_core::wire::YearFigures;

use crate::AppState;
use crate::auth::{Caller, Role};
use crate::error::{ApiError, ErrorBody};
use crate::routes::input::Body;

pub fn router() -> Router<AppState> {
    Router::new().route("/figures", get(figures_index).post(figures_update))
}

#[utoipa::path(
    get,
    path = "/figures",
    summary = "Yearly activity figures (facilitator or board token)",
    security(("token" = [])),
    responses(
        (status = 200, description = "By year", body = Vec<YearFigures>),
        (status = 401, description = "No token, or an unknown or revoked one", body = ErrorBody),
        (status = 403, description = "The token's role may not do this", body = ErrorBody),
    )
)]
async fn figures_index(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<YearFigures>>, ApiError> {
    caller.require(&[Role::Facilitator, Role::Board])?;
    let years = state.db.figures().await?;
    Ok(Json(
        years
            .into_iter()
            .filter_map(|(year, body)| {
                Some(YearFigures {
                    year,
                    figures: serde_json::from_value(body).ok()?,
                })
            })
            .collect(),
    ))
}

/// Sets a year's figures; each name must be a number question of the `bilan-annuel` survey.
#[utoipa::path(
    post,
    path = "/figures",
    summary = "Set one year's figures (facilitator token)",
    security(("token" = [])),
    request_body = YearFigures,
    responses(
        (status = 200, description = "Stored", body = YearFigures),
        (status = 401, description = "No token, or an unknown or revoked one", body = ErrorBody),
        (status = 403, description = "The token's role may not do this", body = ErrorBody),
        (status = 422, description = "Something in the request is wrong; the message says what", body = ErrorBody),
    )
)]
async fn figures_update(
    State(state): State<AppState>,
    caller: Caller,
    Body(year): Body<YearFigures>,
) -> Result<Json<YearFigures>, ApiError> {
    caller.require(&[Role::Facilitator])?;
    check_figures(&state, &year)?;
    let body = serde_json::to_value(&year.figures).unwrap_or_default();
    state.db.set_figures(year.year, &body, now_millis()).await?;
    Ok(Json(year))
}

/// Refuses a year outside 2000–2100, an unknown figure name or an absurd count, naming it.
pub fn check_figures(state: &AppState, year: &YearFigures) -> Result<(), ApiError> {
    if !(2000..=2100).contains(&year.year) {
        return Err(ApiError::invalid(format!(
            "year {} is not between 2000 and 2100",
            year.year
        )));
    }
    let survey = state
        .surveys
        .current()
        .find(|s| s.audience == Audience::Figures)
        .ok_or_else(|| {
            ApiError::invalid(
                "this server has no survey of yearly figures (audience = \"figures\")",
            )
        })?;
    for (name, value) in &year.figures {
        let known = survey.questions().any(|q| {
            &q.id == name && matches!(q.kind, Kind::Integer { .. } | Kind::Decimal { .. })
        });
        if !known {
            return Err(ApiError::invalid(format!(
                "unknown figure {name:?}: not a number question of {:?}",
                survey.id
            )));
        }
        if *value > 10_000_000 {
            return Err(ApiError::invalid(format!(
                "figure {name:?} = {value} is not a plausible count"
            )));
        }
    }
    Ok(())
}

/// Milliseconds since the Unix epoch.
pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// The real figures of the Pôle d'économie solidaire for 2003 and 2010, for `serve --demo`.
pub fn demo() -> Vec<YearFigures> {
    let year = |year, pairs: &[(&str, u64)]| YearFigures {
        year,
        figures: pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
    };
    vec![
        year(
            2003,
            &[
                ("personnes-accueillies", 267),
                ("personnes-accompagnees", 137),
                ("projets-aboutis", 65),
                ("activites-creees", 29),
                ("emplois-crees", 35),
            ],
        ),
        year(
            2010,
            &[
                ("personnes-accueillies", 404),
                ("personnes-accompagnees", 375),
                ("activites-creees", 75),
                ("emplois-crees", 95),
                ("entrees-formation", 15),
                ("poursuite-accompagnement", 102),
            ],
        ),
    ]
}
