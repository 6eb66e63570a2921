//! `GET /api/v1/token`: the role of the token sent, so that the app handed a link knows what
//! it opens: a board member's link opens the dashboard, it does not link the device to share.

use axum::routing::get;
use axum::{Json, Router};
use bilan_core::wire::TokenRole;

use crate::AppState;
use crate::auth::{Caller, Role};
use crate::error::{ApiError, ErrorBody};

pub fn router() -> Router<AppState> {
    Router::new().route("/token", get(token_show))
}

#[utoipa::path(
    get,
    path = "/token",
    summary = "The role of the token sent (any role): what a link carrying it opens in the app",
    security(("token" = [])),
    responses(
        (status = 200, description = "The token's role", body = TokenRole),
        (status = 401, description = "No token, or an unknown or revoked one", body = ErrorBody),
        (status = 429, description = "Too many requests: wait Retry-After seconds", body = ErrorBody),
    )
)]
pub(crate) async fn token_show(caller: Caller) -> Result<Json<TokenRole>, ApiError> {
    let caller = caller.require(&Role::ALL)?;
    Ok(Json(TokenRole {
        role: caller.role.as_str().to_owned(),
    }))
}
