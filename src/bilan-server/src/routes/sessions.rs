//! Collective sessions: the facilitator opens a join code, participants' phones send their
//! contribution with that code and no token while the session is open, and the facilitator sends
//! a kiosk's totals once, which closes it. The session's table is published every k participants
//! and once at its close.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::{Json, Router};
use bilan_core::calendar::Date;
use bilan_core::session::Format;
use bilan_core::share::{Checker, Contribution, Period, is_session_code};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Caller, Role};
use crate::db::{Applied, Claim, HeldSession, SessionCode, SessionRow};
use crate::error::{ApiError, ErrorBody, Refusal};
use crate::routes::figures::now_millis;
use crate::routes::input::Body;
use crate::routes::sync::today;
use crate::tally::Family;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sessions", post(sessions_create).get(sessions_index))
        .route("/sessions/{code}", get(sessions_show))
        .route("/sessions/{code}/close", post(sessions_close))
        .route("/sessions/{code}/contributions", post(sessions_contribute))
        .route("/sessions/{code}/totals", post(sessions_totals))
}

/// The address a request came from, as a rate-limit key (tests without a socket share one).
/// From a trusted proxy, it is the last address of `X-Forwarded-For` that is not itself a trusted
/// proxy: the one the proxies saw, which a client cannot choose by sending the header itself.
pub struct Client(i64);

/// The client behind `peer`: `peer` itself unless it is one of `trusted`, else the nearest
/// address in `forwarded` (`X-Forwarded-For`, nearest last) that is not trusted.
pub fn client_address(peer: IpAddr, forwarded: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    let mut client = peer;
    if let Some(chain) = forwarded {
        for hop in chain.rsplit(',') {
            if !trusted.contains(&client) {
                break;
            }
            match hop.trim().parse::<IpAddr>() {
                Ok(address) => client = address,
                // A hop that is not an address: the chain cannot be followed further.
                Err(_) => break,
            }
        }
    }
    client
}

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(a)| {
                // Several header lines read as one list, in their order.
                let forwarded: Vec<&str> = parts
                    .headers
                    .get_all("x-forwarded-for")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .collect();
                let forwarded = (!forwarded.is_empty()).then(|| forwarded.join(","));
                client_address(a.ip(), forwarded.as_deref(), &state.trusted_proxies)
            });
        let key = match ip {
            Some(IpAddr::V4(v4)) => i64::from(u32::from(v4)),
            // A v6 client is limited by its /64, what one household or phone gets.
            Some(IpAddr::V6(v6)) => (u128::from(v6) >> 64) as i64 & i64::MAX,
            None => 0,
        };
        Ok(Client(key))
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSession {
    /// Nine letters of ABCDEFGHJKMNPQRSTUVWXYZ23456789, drawn by the facilitator's device.
    #[schema(pattern = "^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{9}$")]
    code: String,
    survey: String,
    /// The version of the survey the session runs, which phones joining it answer. One this
    /// server does not hold is not kept: phones then answer the latest.
    #[serde(default)]
    version: Option<u32>,
    format: Format,
    /// The day the session is held, as the facilitator's device dates it (`YYYY-MM-DD`, last
    /// year to next year): the board lists the session on it.
    #[serde(default)]
    #[schema(format = Date, example = "2026-11-12")]
    day: Option<String>,
}

/// The day a session was held, as the facilitator's device dates it: a real day of last year,
/// this year or next (a session planned ahead, or a tablet's totals sent once it is back online).
fn held_day(day: Option<&str>) -> Result<Option<Date>, ApiError> {
    let Some(text) = day else {
        return Ok(None);
    };
    let years = bilan_core::session::years_in_reach(today());
    match Date::parse_iso(text) {
        Some(d) if years.contains(&d.year) => Ok(Some(d)),
        Some(_) => Err(ApiError::invalid(format!(
            "day {text}: a session is dated from {}-01-01 to {}-12-31",
            years.start(),
            years.end()
        ))),
        None => Err(ApiError::invalid(format!(
            "day {:?} is not a day: YYYY-MM-DD",
            text.chars().take(20).collect::<String>()
        ))),
    }
}

fn not_a_code(code: &str) -> ApiError {
    ApiError::Input(
        StatusCode::NOT_FOUND,
        format!(
            "{:?} is not a session code: nine letters and digits, without 0, O, 1, I or L",
            code.chars().take(20).collect::<String>()
        ),
    )
}

fn no_session(code: &str) -> ApiError {
    ApiError::Input(
        StatusCode::NOT_FOUND,
        format!("no session has the code {code}"),
    )
}

/// Session `code` for a phone: a wrong code costs the client address one try of its small
/// allowance, and once that is spent every lookup waits, right code or not.
async fn lookup(state: &AppState, client: &Client, code: &str) -> Result<SessionRow, ApiError> {
    state
        .wrong_codes
        .check(client.0)
        .map_err(ApiError::TooManyRequests)?;
    let found = if is_session_code(code) {
        state.db.session(code).await?
    } else {
        None
    };
    match found {
        Some(session) => Ok(session),
        None => {
            let _ = state.wrong_codes.admit(client.0);
            Err(if is_session_code(code) {
                no_session(code)
            } else {
                not_a_code(code)
            })
        }
    }
}

/// Opens a join code for a survey (a facilitator's session).
#[utoipa::path(
    post,
    path = "/sessions",
    summary = "Open a session's join code to participants' own devices (facilitator token)",
    security(("token" = [])),
    request_body = NewSession,
    responses(
        (status = 200, description = "The open session", body = SessionCode),
        (status = 401, description = "No token, or an unknown or revoked one", body = ErrorBody),
        (status = 403, description = "The token's role may not do this", body = ErrorBody),
        (status = 409, description = "The code is taken, or the totals were already given", body = ErrorBody),
        (status = 422, description = "Something in the request is wrong; the message says what", body = ErrorBody),
    )
)]
async fn sessions_create(
    State(state): State<AppState>,
    caller: Caller,
    Body(new): Body<NewSession>,
) -> Result<Json<SessionCode>, ApiError> {
    let caller = caller.require(&[Role::Facilitator])?;
    if !is_session_code(&new.code) {
        return Err(ApiError::invalid(format!(
            "code {:?} is not a session code: nine letters and digits, without 0, O, 1, I or L",
            new.code.chars().take(20).collect::<String>()
        )));
    }
    if state.surveys.latest(&new.survey).is_none() {
        return Err(ApiError::invalid(format!(
            "unknown survey {:?}",
            new.survey
        )));
    }
    let day = held_day(new.day.as_deref())?;
    let version = new
        .version
        .filter(|v| state.surveys.get(&new.survey, *v).is_some());
    if !state
        .db
        .open_session(
            &new.code,
            &new.survey,
            version,
            new.format.id(),
            day,
            now_millis(),
            caller.id,
        )
        .await?
    {
        return Err(ApiError::Input(
            StatusCode::CONFLICT,
            format!(
                "code {} is already used by another facilitator's or another survey's session",
                new.code
            ),
        ));
    }
    Ok(Json(
        state
            .db
            .session_code(&new.code)
            .await?
            .ok_or_else(|| no_session(&new.code))?,
    ))
}

/// The sessions held, for the board's list: code, survey, format, day and whether closed.
#[utoipa::path(
    get,
    path = "/sessions",
    summary = "The sessions held: code, survey, format, the day it was held (as the facilitator's device dated it; for a session from an earlier app, the day the server first heard of it), closed or not (facilitator or board token)",
    security(("token" = [])),
    responses(
        (status = 200, description = "The sessions, the most recent first", body = Vec<HeldSession>),
        (status = 401, description = "No token, or an unknown or revoked one", body = ErrorBody),
        (status = 403, description = "The token's role may not do this", body = ErrorBody),
    )
)]
async fn sessions_index(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<HeldSession>>, ApiError> {
    caller.require(&[Role::Facilitator, Role::Board])?;
    Ok(Json(state.db.held_sessions().await?))
}

/// What a participant's phone needs to answer: the survey and the session's format.
#[utoipa::path(
    get,
    path = "/sessions/{code}",
    summary = "A session by its join code (no token): its survey, format and whether it is open; wrong codes are limited per client address",
    params(("code" = String, Path, description = "The session's join code: nine letters")),
    responses(
        (status = 200, description = "The session", body = SessionCode),
        (status = 404, description = "No such session", body = ErrorBody),
        (status = 429, description = "Too many requests: wait Retry-After seconds", body = ErrorBody),
    )
)]
async fn sessions_show(
    State(state): State<AppState>,
    client: Client,
    Path(code): Path<String>,
) -> Result<Json<SessionCode>, ApiError> {
    Ok(Json(lookup(&state, &client, &code).await?.public))
}

/// The session a facilitator may act on: theirs (or any, for an admin).
async fn owned(state: &AppState, caller: Caller, code: &str) -> Result<SessionRow, ApiError> {
    if !is_session_code(code) {
        return Err(not_a_code(code));
    }
    let session = state
        .db
        .session(code)
        .await?
        .ok_or_else(|| no_session(code))?;
    if caller.role != Role::Admin && session.opened_by != Some(caller.id) {
        return Err(ApiError::Coded(
            StatusCode::FORBIDDEN,
            Refusal::OtherFacilitator,
            format!("session {code} was opened by another facilitator"),
        ));
    }
    Ok(session)
}

/// The families a session's table may be in during `period`: one per version of its survey the
/// server holds, since a session's answers are counted in the version they were given in (a
/// kiosk's totals sent after the survey's next version was put on the server, say). A family
/// without the session's people publishes nothing for it.
fn families_of(state: &AppState, session: &SessionRow, period: Period) -> Vec<Family> {
    let mut versions = state.surveys.numbers(&session.public.survey);
    if versions.is_empty() {
        versions.push(1);
    }
    versions
        .into_iter()
        .map(|version| Family {
            survey: session.public.survey.clone(),
            version,
            period,
        })
        .collect()
}

/// Publishes the session's table in each period it has people in: a step while it is open, its
/// last snapshot once it is closed.
async fn publish(
    state: &AppState,
    session: &SessionRow,
    periods: &[Period],
    last: bool,
) -> Result<(), ApiError> {
    let _one_at_a_time = state.publishing.lock().await;
    for period in periods {
        for family in families_of(state, session, *period) {
            state
                .publisher()
                .session(&family, &session.public.code, last, now_millis())
                .await?;
        }
    }
    Ok(())
}

/// The periods a session may have people in: the current one and the one before.
fn periods_now() -> Vec<Period> {
    let year = today().year;
    vec![Period::Year(year), Period::Year(year - 1)]
}

/// Stops taking participants' answers and publishes the session's last snapshot.
#[utoipa::path(
    post,
    path = "/sessions/{code}/close",
    summary = "Stop taking participants' answers and publish the session's last snapshot (the facilitator who opened it)",
    security(("token" = [])),
    params(("code" = String, Path, description = "The session's join code: nine letters")),
    responses(
        (status = 200, description = "The closed session", body = SessionCode),
        (status = 401, description = "No token, or an unknown or revoked one", body = ErrorBody),
        (status = 403, description = "The token's role may not do this", body = ErrorBody),
        (status = 404, description = "No such session", body = ErrorBody),
    )
)]
async fn sessions_close(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<Json<SessionCode>, ApiError> {
    let caller = caller.require(&[Role::Facilitator])?;
    owned(&state, caller, &code).await?;
    state.db.close_session(&code, now_millis()).await?;
    let session = state
        .db
        .session(&code)
        .await?
        .ok_or_else(|| no_session(&code))?;
    publish(&state, &session, &periods_now(), true).await?;
    Ok(Json(session.public))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = OneAnswer)]
pub struct Batch {
    /// Exactly one participant's contribution.
    #[schema(min_items = 1, max_items = 1)]
    contributions: Vec<Contribution>,
}

/// One participant's contribution, with the join code as the only credential: accepted while the
/// session is open, for its survey, one person, counted in the session's table, their college's
/// and the period's.
#[utoipa::path(
    post,
    path = "/sessions/{code}/contributions",
    summary = "One participant's contribution, with the join code as the only credential, while the session is open: one person, counted in the session's table, their college's and the period's; the session's table is published every k participants",
    params(("code" = String, Path, description = "The session's join code: nine letters")),
    request_body = Batch,
    responses(
        (status = 200, description = "Counted", body = Applied),
        (status = 404, description = "No such session", body = ErrorBody),
        (status = 410, description = "The session is closed", body = ErrorBody),
        (status = 422, description = "Something in the request is wrong; the message says what", body = ErrorBody),
        (status = 429, description = "Too many requests: wait Retry-After seconds", body = ErrorBody),
    )
)]
async fn sessions_contribute(
    State(state): State<AppState>,
    client: Client,
    Path(code): Path<String>,
    Body(batch): Body<Batch>,
) -> Result<Json<Applied>, ApiError> {
    let session = lookup(&state, &client, &code).await?;
    // Each code has its own bucket, apart from every token's (ids of tokens are positive).
    let key = -(code
        .bytes()
        .fold(1i64, |h, b| h.wrapping_mul(31).wrapping_add(i64::from(b)))
        .abs()
        % (1 << 40))
        - 1;
    state
        .rate_limit
        .admit(key)
        .map_err(ApiError::TooManyRequests)?;
    if !session.public.open {
        return Err(ApiError::Input(
            StatusCode::GONE,
            format!("session {code} is closed: it takes no more answers"),
        ));
    }
    let [c] = batch.contributions.as_slice() else {
        return Err(ApiError::invalid(format!(
            "a participant sends one contribution, this has {}",
            batch.contributions.len()
        )));
    };
    // In the version the phone was given, which may be the one before the server's latest.
    let survey = state
        .surveys
        .answered(&session.public.survey, c.version)
        .map_err(|e| ApiError::contribution(0, e))?;
    let refused = |why: String| ApiError::invalid(format!("contribution 0: {why}"));
    if c.participants != 1 {
        return Err(refused("a participant speaks for one person".into()));
    }
    if c.session.as_deref() != Some(code.as_str()) {
        return Err(refused(format!(
            "it must be counted in session {code}, not {:?}",
            c.session.as_deref().unwrap_or("")
        )));
    }
    Checker::new(survey, today())
        .check(c)
        .map_err(|e| ApiError::contribution(0, e))?;
    let period = c.period;
    let applied = state.ingest.apply(batch.contributions).await?;
    if !applied.applied.is_empty() {
        publish(&state, &session, &[period], false).await?;
    }
    Ok(Json(applied))
}

/// A kiosk's totals, one group per college, with the session's format.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// The session's format, for a session the server has not seen yet.
    #[serde(default)]
    format: Option<Format>,
    /// The day the session was held, as the facilitator's device dates it (`YYYY-MM-DD`): in
    /// the period every group is counted in.
    #[serde(default)]
    #[schema(format = Date, example = "2026-11-12")]
    day: Option<String>,
    /// One group per college (and one for those who gave none): 1 to 50.
    #[schema(min_items = 1, max_items = 50)]
    contributions: Vec<Contribution>,
}

/// The most groups one session's totals may have (the colleges and those who gave none).
const MAX_GROUPS: usize = 50;

/// A session's totals from the facilitator who ran it: taken once (or their retry), counted in
/// the session's, colleges' and period's tables; the session is then closed and its last
/// snapshot published. A session never opened to phones is opened by its totals.
#[utoipa::path(
    post,
    path = "/sessions/{code}/totals",
    summary = "A kiosk's totals, one group per college, from the facilitator who ran the session (a session never opened is opened by them); taken once, then the session is closed and its last snapshot published",
    security(("token" = [])),
    params(("code" = String, Path, description = "The session's join code: nine letters")),
    request_body = Totals,
    responses(
        (status = 200, description = "Counted (a retry of the same totals counts once)", body = Applied),
        (status = 401, description = "No token, or an unknown or revoked one", body = ErrorBody),
        (status = 403, description = "The token's role may not do this", body = ErrorBody),
        (status = 409, description = "The code is taken, or the totals were already given", body = ErrorBody),
        (status = 422, description = "Something in the request is wrong; the message says what", body = ErrorBody),
    )
)]
async fn sessions_totals(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    Body(totals): Body<Totals>,
) -> Result<Json<Applied>, ApiError> {
    let caller = caller.require(&[Role::Facilitator])?;
    if !is_session_code(&code) {
        return Err(not_a_code(&code));
    }
    let n = totals.contributions.len();
    if n == 0 || n > MAX_GROUPS {
        return Err(ApiError::invalid(format!(
            "a session's totals hold 1 to {MAX_GROUPS} groups, these have {n}"
        )));
    }
    // In the version the kiosk ran, which may be the one before the server's latest: a session
    // held offline is sent when it can be.
    let first = &totals.contributions[0];
    let survey = state
        .surveys
        .answered(&first.survey, first.version)
        .map_err(|e| ApiError::contribution(0, e))?;
    let checker = Checker::new(survey, today());
    for (i, c) in totals.contributions.iter().enumerate() {
        let refused = |why: String| ApiError::invalid(format!("contribution {i}: {why}"));
        if c.session.as_deref() != Some(code.as_str()) {
            return Err(refused(format!("it must be counted in session {code}")));
        }
        checker.check(c).map_err(|e| ApiError::contribution(i, e))?;
    }
    let day = held_day(totals.day.as_deref())?;
    if let Some(day) = day
        && let Some(c) = totals.contributions.iter().find(|c| !c.period.holds(day))
    {
        return Err(ApiError::invalid(format!(
            "day {}: the session's totals are counted in {}, which it is not in",
            day.iso(),
            c.period
        )));
    }
    let now = now_millis();
    if state.db.session(&code).await?.is_none()
        && !state
            .db
            .open_session(
                &code,
                &survey.id,
                Some(survey.version),
                totals.format.unwrap_or(Format::AtelierThematique).id(),
                day,
                now,
                caller.id,
            )
            .await?
    {
        return Err(ApiError::Input(
            StatusCode::CONFLICT,
            format!("code {code} is already used by another session"),
        ));
    }
    let session = owned(&state, caller, &code).await?;
    if session.public.survey != survey.id {
        return Err(ApiError::invalid(format!(
            "session {code} is for survey {:?}, not {:?}",
            session.public.survey, survey.id
        )));
    }
    let mut ids: Vec<&str> = totals.contributions.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    let batch = state.secret.id_hash(&ids.join(","));
    if state.db.claim_totals(&code, &batch, now).await? == Claim::Taken {
        return Err(ApiError::Coded(
            StatusCode::CONFLICT,
            Refusal::TotalsTaken,
            format!(
                "session {code} already received its totals: a session's totals are taken once"
            ),
        ));
    }
    if let Some(day) = day {
        state.db.held_on(&code, day).await?;
    }
    let mut periods: Vec<Period> = totals.contributions.iter().map(|c| c.period).collect();
    periods.sort();
    periods.dedup();
    let applied = state.ingest.apply(totals.contributions).await?;
    state.db.close_session(&code, now).await?;
    let session = state
        .db
        .session(&code)
        .await?
        .ok_or_else(|| no_session(&code))?;
    publish(&state, &session, &periods, true).await?;
    Ok(Json(applied))
}
