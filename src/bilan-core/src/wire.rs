//! The JSON bodies the server sends and the app reads, defined once for both sides and for the
//! OpenAPI document. A contribution's own body is [`crate::share::Contribution`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::disclosure::{Policy, Release, ReleasedQuestion};
use crate::share::{Dimension, Period};

/// Which table of counters: a survey version, a period and a dimension.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TableKey {
    pub survey: String,
    pub version: u32,
    pub period: Period,
    /// Empty for the whole period, `college:ID` or `session:CODE`.
    pub dimension: Dimension,
}

/// What a batch of contributions did: the ids newly counted and those already counted before.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Applied {
    pub applied: Vec<String>,
    pub duplicates: Vec<String>,
}

/// One year's activity figures: by number question of the annual survey, a whole count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearFigures {
    pub year: i32,
    pub figures: BTreeMap<String, u64>,
}

/// A released table, what it is about and when it was published.
// Read without serde's `flatten` (see its Deserialize): its buffering costs the app's wasm more
// than these few lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Released {
    #[serde(flatten)]
    pub key: TableKey,
    /// When the snapshot was published (milliseconds), `None` while none was.
    pub published_at: Option<i64>,
    #[serde(flatten)]
    pub release: Release,
}

impl<'de> Deserialize<'de> for Released {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// The same fields, side by side, as they travel.
        #[derive(Deserialize)]
        struct Flat {
            survey: String,
            version: u32,
            period: Period,
            dimension: Dimension,
            published_at: Option<i64>,
            threshold: u64,
            #[serde(default)]
            noise: u64,
            #[serde(default = "withhold")]
            policy: Policy,
            contributions: Option<u64>,
            questions: Vec<ReleasedQuestion>,
        }
        fn withhold() -> Policy {
            Policy::Withhold
        }
        let f = Flat::deserialize(d)?;
        Ok(Released {
            key: TableKey {
                survey: f.survey,
                version: f.version,
                period: f.period,
                dimension: f.dimension,
            },
            published_at: f.published_at,
            release: Release {
                threshold: f.threshold,
                noise: f.noise,
                policy: f.policy,
                contributions: f.contributions,
                questions: f.questions,
            },
        })
    }
}

/// Which database engine the server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The server's health report, for operators, monitoring, and the app's own disclosure rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `ok`: a server that cannot reach its database answers with an error instead.
    pub status: String,
    pub version: String,
    pub database: Engine,
    /// The disclosure threshold k, so a facilitator's screen hides what the server would hide.
    pub threshold: u64,
    /// The largest change perturbation makes to a published count.
    pub noise: u64,
    /// How often period and college tables are published: `hour`, `day`, `week` or `month`.
    pub release_every: String,
    /// Whether the server's tables are the demo Pôle's (`serve --demo`): every screen showing
    /// them says so.
    #[serde(default)]
    pub demo: bool,
    /// The Pôle's name, for the cover of its annual report; empty when the server was given none.
    #[serde(default)]
    pub name: String,
}

/// The role of a token, as `GET /token` tells its bearer: `contributor`, `facilitator`,
/// `board` or `admin`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenRole {
    pub role: String,
}

/// The one shape of every refusal, as the OpenAPI document describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// What is wrong, in words (English), for whoever reads the API.
    pub error: String,
    /// What kind of refusal it is, for a client to say it in its reader's language; a server
    /// of an earlier version sends none (`other`).
    #[serde(default)]
    pub code: Refusal,
}

/// What kind of refusal a server's answer is: one word per reason a client may act on, the
/// details being in the refusal's `error`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Refusal {
    /// No such endpoint, file, session or table.
    NotFound,
    /// The endpoint needs a token and none was sent.
    NoToken,
    /// The token is unknown or revoked.
    BadToken,
    /// The token's role may not do this.
    Forbidden,
    /// Too many requests: the `Retry-After` header says how long to wait.
    TooManyRequests,
    /// The request is wrong in a way the message names.
    Invalid,
    /// The request's body or headers are larger than the server takes.
    TooLarge,
    /// The method is not allowed on this endpoint.
    MethodNotAllowed,
    /// A session code taken by another session.
    Conflict,
    /// A session's totals already given (from another device, say): a session counts once.
    TotalsTaken,
    /// The session was opened by another facilitator, whose devices alone may close it.
    OtherFacilitator,
    /// The session is closed and takes no more answers.
    SessionClosed,
    /// A contribution's period is older than the one before the current one.
    OldPeriod,
    /// A contribution's survey is not one the server holds.
    UnknownSurvey,
    /// A contribution's survey version is not one the server takes there.
    SurveyVersion,
    /// The server's storage is full: nothing was saved, retry later.
    StorageFull,
    /// The server's database is unavailable: retry later.
    Unavailable,
    /// Any other, or a code this version does not know.
    #[default]
    Other,
}

impl Refusal {
    const ALL: [Refusal; 18] = [
        Refusal::NotFound,
        Refusal::NoToken,
        Refusal::BadToken,
        Refusal::Forbidden,
        Refusal::TooManyRequests,
        Refusal::Invalid,
        Refusal::TooLarge,
        Refusal::MethodNotAllowed,
        Refusal::Conflict,
        Refusal::TotalsTaken,
        Refusal::OtherFacilitator,
        Refusal::SessionClosed,
        Refusal::OldPeriod,
        Refusal::UnknownSurvey,
        Refusal::SurveyVersion,
        Refusal::StorageFull,
        Refusal::Unavailable,
        Refusal::Other,
    ];

    /// The word the wire writes.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NotFound => "not-found",
            Refusal::NoToken => "no-token",
            Refusal::BadToken => "bad-token",
            Refusal::Forbidden => "forbidden",
            Refusal::TooManyRequests => "too-many-requests",
            Refusal::Invalid => "invalid",
            Refusal::TooLarge => "too-large",
            Refusal::MethodNotAllowed => "method-not-allowed",
            Refusal::Conflict => "conflict",
            Refusal::TotalsTaken => "totals-taken",
            Refusal::OtherFacilitator => "other-facilitator",
            Refusal::SessionClosed => "session-closed",
            Refusal::OldPeriod => "old-period",
            Refusal::UnknownSurvey => "unknown-survey",
            Refusal::SurveyVersion => "survey-version",
            Refusal::StorageFull => "storage-full",
            Refusal::Unavailable => "unavailable",
            Refusal::Other => "other",
        }
    }

    /// The refusal `code` names; [`Refusal::Other`] for a word this version does not know.
    pub fn of_code(code: &str) -> Refusal {
        Refusal::ALL
            .into_iter()
            .find(|r| r.code() == code)
            .unwrap_or(Refusal::Other)
    }
}

/// Read from its word, a newer server's word as [`Refusal::Other`]: a refusal is never
/// unreadable for its code.
impl<'de> Deserialize<'de> for Refusal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Ok(Refusal::of_code(&code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_reads_back_as_written_and_an_unknown_code_as_other() {
        for r in Refusal::ALL {
            let body = ErrorBody {
                error: "x".into(),
                code: r,
            };
            let json = serde_json::to_string(&body).unwrap();
            assert!(
                json.contains(&format!("\"code\":\"{}\"", r.code())),
                "{json}"
            );
            assert_eq!(serde_json::from_str::<ErrorBody>(&json).unwrap(), body);
        }
        let newer: ErrorBody =
            serde_json::from_str(r#"{"error":"x","code":"quota-exceeded"}"#).unwrap();
        assert_eq!(newer.code, Refusal::Other);
        let older: ErrorBody = serde_json::from_str(r#"{"error":"x"}"#).unwrap();
        assert_eq!(older.code, Refusal::Other);
    }

    #[test]
    fn a_released_table_reads_back_as_sent() {
        let released = Released {
            key: TableKey {
                survey: "bilan-annuel".into(),
                version: 1,
                period: Period::Year(2026),
                dimension: Dimension::College("benevoles".into()),
            },
            published_at: Some(5),
            release: Release::empty(
                crate::disclosure::Threshold::default(),
                crate::disclosure::Policy::Withhold,
            ),
        };
        let text = serde_json::to_string(&released).unwrap();
        assert!(
            text.contains(r#""period":"2026","dimension":"college:benevoles""#),
            "{text}"
        );
        assert_eq!(serde_json::from_str::<Released>(&text).unwrap(), released);
    }
}

/// A collective session as the board lists it: its code, survey and format, the day it was held,
/// and whether it is closed. Its title stays on the facilitator's device (free text never leaves
/// it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeldSession {
    pub code: String,
    pub survey: String,
    /// The session's format, as `bilan_core::session::Format` names it.
    pub format: String,
    /// The day the session was held as the facilitator's device dated it, `YYYY-MM-DD`; for a
    /// session from an earlier app, the day it was opened to phones or its totals came (UTC).
    pub day: String,
    pub closed: bool,
}
