//! Access by token: each token has one role, is shown once when created, and is stored as a hash.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::ApiError;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// A device that sends contributions.
    Contributor,
    /// Runs collective sessions: sends, reads released tables, writes yearly figures.
    Facilitator,
    /// Reads released tables and figures.
    Board,
    /// Everything.
    Admin,
}

impl Role {
    /// Every role, for help texts.
    pub const ALL: [Role; 4] = [
        Role::Contributor,
        Role::Facilitator,
        Role::Board,
        Role::Admin,
    ];

    /// The role's name in the database and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Contributor => "contributor",
            Role::Facilitator => "facilitator",
            Role::Board => "board",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                format!("unknown role {s:?}: expected contributor, facilitator, board or admin")
            })
    }
}

/// A new random token: `bilan_` and 64 hex digits (256 bits from the OS).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).expect("the OS random source is available");
    format!("bilan_{}", hex(&bytes))
}

/// The stored form of a token: its SHA-256, in hex. Tokens are random, so no salt is needed.
pub fn hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Requests per second each token may make on average; bursts up to twice as many.
#[derive(Debug)]
pub struct RateLimit {
    per_second: f64,
    buckets: Mutex<HashMap<i64, (f64, Instant)>>,
}

impl RateLimit {
    /// A limit of `per_second` requests per token.
    pub fn new(per_second: u32) -> Arc<Self> {
        Arc::new(RateLimit {
            per_second: f64::from(per_second.max(1)),
            buckets: Mutex::new(HashMap::new()),
        })
    }

    /// Takes one request from `id`'s bucket: `Ok`, or how many seconds until the next is let in.
    pub(crate) fn admit(&self, id: i64) -> Result<(), u64> {
        self.take(id, true)
    }

    /// Whether `id`'s bucket has a request left, without taking it: `Ok`, or how many seconds to
    /// wait.
    pub(crate) fn check(&self, id: i64) -> Result<(), u64> {
        self.take(id, false)
    }

    fn take(&self, id: i64, take: bool) -> Result<(), u64> {
        let capacity = self.per_second * 2.0;
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let (tokens, last) = buckets.entry(id).or_insert((capacity, now));
        *tokens =
            (*tokens + now.duration_since(*last).as_secs_f64() * self.per_second).min(capacity);
        *last = now;
        if *tokens >= 1.0 {
            if take {
                *tokens -= 1.0;
            }
            Ok(())
        } else {
            Err(((1.0 - *tokens) / self.per_second).ceil().max(1.0) as u64)
        }
    }
}

/// Finds tokens in a SQLite file without leaving the request's thread: through the pool, each
/// lookup was a hop to another thread and back, a third of the time of an upload under load.
/// Every lookup reads the table, so a revoked token stops working at once.
#[derive(Debug, Default)]
pub struct Tokens {
    connection: Option<Mutex<rusqlite::Connection>>,
}

impl Tokens {
    /// Opens a connection of its own on the SQLite file `file`; with none, every lookup goes
    /// through the pool.
    pub fn open(file: Option<&std::path::Path>) -> Arc<Tokens> {
        let connection = file.and_then(|file| {
            let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let connection = rusqlite::Connection::open_with_flags(file, flags).ok()?;
            connection
                .busy_timeout(std::time::Duration::from_secs(5))
                .ok()?;
            connection.pragma_update(None, "query_only", true).ok()?;
            Some(Mutex::new(connection))
        });
        Arc::new(Tokens { connection })
    }

    /// The id and role of the live token whose hash is `hash`; `None` when this lookup cannot
    /// answer (no connection of its own, or an error), so the pool answers instead.
    fn find(&self, hash: &str) -> Option<Option<(i64, Role)>> {
        let connection = self.connection.as_ref()?.lock().ok()?;
        let mut query = connection
            .prepare_cached("SELECT id, role FROM tokens WHERE hash = ?1 AND revoked_at IS NULL")
            .ok()?;
        let row = query.query_row([hash], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        });
        match row {
            Ok((id, role)) => Some(role.parse().ok().map(|role| (id, role))),
            Err(rusqlite::Error::QueryReturnedNoRows) => Some(None),
            Err(err) => {
                tracing::warn!(error = %err, "token lookup through the pool");
                None
            }
        }
    }
}

/// The authenticated caller of a request: a live token's id and role.
#[derive(Debug, Clone, Copy)]
pub struct Caller {
    pub id: i64,
    pub role: Role,
}

impl Caller {
    /// Refuses with 403 unless the caller's role is one of `roles` (admin may do everything).
    pub fn require(self, roles: &[Role]) -> Result<Self, ApiError> {
        if self.role == Role::Admin || roles.contains(&self.role) {
            Ok(self)
        } else {
            Err(ApiError::Forbidden(self.role, roles.to_vec()))
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get(AUTHORIZATION).ok_or(ApiError::NoToken)?;
        let token = header
            .to_str()
            .ok()
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= 200)
            .ok_or(ApiError::NoToken)?;
        let hash = hash(token);
        let found = match state.tokens.find(&hash) {
            Some(found) => found,
            None => state.db.caller(&hash).await?,
        };
        let (id, role) = found.ok_or(ApiError::BadToken)?;
        state
            .rate_limit
            .admit(id)
            .map_err(ApiError::TooManyRequests)?;
        Ok(Caller { id, role })
    }
}

/// How a new token reaches the people who use it: as a link to the server at `url` (a
/// placeholder without it), which the app follows (a board member's opens the dashboard); an
/// admin's stays with whoever runs the API.
pub fn handed_out(role: Role, token: &str, url: Option<&str>) -> String {
    let whom = match role {
        Role::Contributor => "a group's devices (one link per group, never one per person)",
        Role::Facilitator => "a facilitator's device",
        Role::Board => "a board member (it opens the dashboard)",
        Role::Admin => return "keep it for the API: it may do everything".to_owned(),
    };
    let server = url.map_or("https://YOUR-SERVER", |u| u.trim_end_matches('/'));
    format!("hand it to {whom} as a link: {server}/#join?token={token}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 6 + 64);
        assert_eq!(hash(&a).len(), 64);
        assert_ne!(hash(&a), hash(&b));
        assert_eq!(
            hash("x"),
            "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
        );
    }

    #[test]
    fn the_rate_limit_refills_over_time() {
        let limit = RateLimit::new(5);
        let admitted = (0..20).filter(|_| limit.admit(1).is_ok()).count();
        assert_eq!(admitted, 10, "a burst of twice the rate");
        assert_eq!(limit.admit(1), Err(1), "retry after a second");
        assert!(limit.admit(2).is_ok(), "each token has its own bucket");
        assert!(
            limit.check(2).is_ok() && limit.check(2).is_ok(),
            "checking takes nothing"
        );
        std::thread::sleep(std::time::Duration::from_millis(450));
        assert!(limit.admit(1).is_ok());
    }

    #[test]
    fn a_token_is_handed_out_as_a_link_to_the_address_people_open() {
        assert_eq!(
            handed_out(Role::Board, "bilan_x", Some("https://bilan.example.org/")),
            "hand it to a board member (it opens the dashboard) as a link: \
             https://bilan.example.org/#join?token=bilan_x"
        );
        // Without the address, a placeholder says where it goes.
        assert!(
            handed_out(Role::Facilitator, "bilan_x", None)
                .ends_with("as a link: https://YOUR-SERVER/#join?token=bilan_x")
        );
        // An admin's token is never made into a link.
        let admin = handed_out(Role::Admin, "bilan_x", Some("https://bilan.example.org"));
        assert!(
            !admin.contains("bilan_x") && !admin.contains("http"),
            "{admin}"
        );
    }
}
