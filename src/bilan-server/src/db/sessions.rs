//! Session codes: who opened them, whether they are open, the totals they took once.

use super::*;
use bilan_core::calendar::Date;

/// A session as participants' phones see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SessionCode {
    pub code: String,
    pub survey: String,
    /// The version of its survey the session runs, which a phone answers; absent for a session
    /// from an earlier app (phones answer the latest).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    pub format: String,
    pub open: bool,
}

/// A session as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub public: SessionCode,
    /// The facilitator's token that opened it.
    pub opened_by: Option<i64>,
    /// Which batch of totals it took (a hash of their ids), once.
    pub totals_batch: Option<String>,
    pub closed_at: Option<i64>,
    /// When its last snapshot was published.
    pub final_at: Option<i64>,
}

/// Whether a batch of a session's totals may be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The first totals of the session: recorded as its totals.
    First,
    /// The same totals again (an answer that was lost): applied again, each id counting once.
    Again,
    /// Other totals came first.
    Taken,
}

impl Database {
    /// Opens session `code` for version `version` of `survey` (when the device says which), by
    /// facilitator `by`, held on `day` when their device says so; false when the code is already
    /// another facilitator's or another survey's.
    #[allow(clippy::too_many_arguments)]
    pub async fn open_session(
        &self,
        code: &str,
        survey: &str,
        version: Option<u32>,
        format: &str,
        day: Option<Date>,
        now: i64,
        by: i64,
    ) -> Result<bool, sqlx::Error> {
        let sql = "INSERT INTO session_codes (code, survey, survey_version, format, held_on, created_at, opened_by) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                   ON CONFLICT (code) DO NOTHING";
        let day = day.map(|d| d.iso());
        let version = version.map(i64::from);
        on_pool!(self, pool => sqlx::query(sql).bind(code).bind(survey).bind(version).bind(format).bind(&day).bind(now).bind(by).execute(pool).await.map(drop)?);
        Ok(self
            .session(code)
            .await?
            .is_some_and(|s| s.public.survey == survey && s.opened_by == Some(by)))
    }

    /// Records the day session `code` was held, from its totals: the day they are counted on,
    /// which the facilitator may have changed since the code was opened.
    pub async fn held_on(&self, code: &str, day: Date) -> Result<(), sqlx::Error> {
        let sql = "UPDATE session_codes SET held_on = $1 WHERE code = $2";
        let day = day.iso();
        on_pool!(self, pool => sqlx::query(sql).bind(&day).bind(code).execute(pool).await.map(drop)?);
        Ok(())
    }

    /// Session `code` as phones see it, if it was ever opened.
    pub async fn session_code(&self, code: &str) -> Result<Option<SessionCode>, sqlx::Error> {
        Ok(self.session(code).await?.map(|s| s.public))
    }

    /// Every session the server heard of, the most recent first: on the day it was held, or
    /// for a session from an earlier app, the day the server first heard of it (in UTC).
    pub async fn held_sessions(&self) -> Result<Vec<HeldSession>, sqlx::Error> {
        let sql = "SELECT code, survey, format, held_on, created_at, closed_at FROM session_codes";
        type Row = (String, String, String, Option<String>, i64, Option<i64>);
        let rows: Vec<Row> = on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        let mut held: Vec<HeldSession> = rows
            .into_iter()
            .map(
                |(code, survey, format, held_on, created_at, closed_at)| HeldSession {
                    code,
                    survey,
                    format,
                    day: held_on.unwrap_or_else(|| Date::from_millis(created_at).iso()),
                    closed: closed_at.is_some(),
                },
            )
            .collect();
        held.sort_by(|a, b| b.day.cmp(&a.day).then_with(|| a.code.cmp(&b.code)));
        Ok(held)
    }

    /// Session `code`, if it was ever opened.
    pub async fn session(&self, code: &str) -> Result<Option<SessionRow>, sqlx::Error> {
        let sql = "SELECT code, survey, survey_version, format, closed_at, opened_by, totals_batch, final_at FROM session_codes WHERE code = $1";
        type Row = (
            String,
            String,
            Option<i64>,
            String,
            Option<i64>,
            Option<i64>,
            Option<String>,
            Option<i64>,
        );
        let row: Option<Row> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(code).fetch_optional(pool).await?);
        Ok(row.map(
            |(code, survey, version, format, closed_at, opened_by, totals_batch, final_at)| {
                SessionRow {
                    public: SessionCode {
                        code,
                        survey,
                        version: version.and_then(|v| u32::try_from(v).ok()),
                        format,
                        open: closed_at.is_none(),
                    },
                    opened_by,
                    totals_batch,
                    closed_at,
                    final_at,
                }
            },
        ))
    }

    /// Closes session `code` to participants; false when it was not open.
    pub async fn close_session(&self, code: &str, now: i64) -> Result<bool, sqlx::Error> {
        let sql = "UPDATE session_codes SET closed_at = $1 WHERE code = $2 AND closed_at IS NULL";
        let done = on_pool!(self, pool => sqlx::query(sql).bind(now).bind(code).execute(pool).await?.rows_affected());
        Ok(done == 1)
    }

    /// Takes `batch` (a hash of its ids) as session `code`'s totals if none came before: the
    /// first totals win, and only their retry is taken again.
    pub async fn claim_totals(
        &self,
        code: &str,
        batch: &str,
        now: i64,
    ) -> Result<Claim, sqlx::Error> {
        let sql = "UPDATE session_codes SET totals_batch = $1, totals_at = $2 WHERE code = $3 AND totals_batch IS NULL";
        let done = on_pool!(self, pool => sqlx::query(sql).bind(batch).bind(now).bind(code).execute(pool).await?.rows_affected());
        if done == 1 {
            return Ok(Claim::First);
        }
        let taken = self.session(code).await?.and_then(|s| s.totals_batch);
        Ok(if taken.as_deref() == Some(batch) {
            Claim::Again
        } else {
            Claim::Taken
        })
    }

    /// Records that session `code`'s last snapshot was published.
    pub async fn set_final(&self, code: &str, now: i64) -> Result<(), sqlx::Error> {
        let sql = "UPDATE session_codes SET final_at = $1 WHERE code = $2";
        on_pool!(self, pool => sqlx::query(sql).bind(now).bind(code).execute(pool).await.map(drop)?);
        Ok(())
    }

    /// The closed sessions whose last snapshot is still to come.
    pub async fn closing_sessions(&self) -> Result<Vec<String>, sqlx::Error> {
        let sql = "SELECT code FROM session_codes WHERE closed_at IS NOT NULL AND final_at IS NULL ORDER BY code";
        on_pool!(self, pool => sqlx::query_scalar(sql).fetch_all(pool).await)
    }
}
