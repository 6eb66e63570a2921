//! The server's database: an embedded SQLite file by default, PostgreSQL for a network of Pôles.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

// foldhash: the ingest path hashes every cell; SipHash was a tenth of the server's time.
use foldhash::{HashMap, HashMapExt as _, HashSet, HashSetExt as _};

use bilan_core::disclosure::{Counter, Published};
use bilan_core::share::{Contribution, Dimension, Period};
use serde::Serialize;
use sqlx::QueryBuilder;

use crate::auth::Role;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// Runs `$body` with `$pool` bound to the pool of whichever engine `$db` is on: the same SQL,
/// compiled once per engine.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            Database::Sqlite($pool) => $body,
            Database::Postgres($pool) => $body,
        }
    };
}

/// Why the database could not be opened or migrated.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL {0:?}: expected sqlite://PATH or postgres://...")]
    UnsupportedUrl(String),
    #[error("cannot create the folder {path} for the database: {source}")]
    CreateFolder {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the database {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("cannot migrate the database {url}: {source}")]
    Migrate {
        url: String,
        source: sqlx::migrate::MigrateError,
    },
}

/// Which engine a [`Database`] runs on, as reported by the health endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DbKind {
    Sqlite,
    Postgres,
}

/// A connection pool to either engine; the same queries run on both.
#[derive(Debug, Clone)]
pub enum Database {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Database {
    /// Opens (creating if needed) the database at `url` and brings its schema up to date.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        let open_err = |source| DbError::Open {
            url: redact(url),
            source,
        };
        let db = if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.trim_start_matches("//");
            if let Some(parent) = Path::new(path)
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
            {
                std::fs::create_dir_all(parent).map_err(|source| DbError::CreateFolder {
                    path: parent.display().to_string(),
                    source,
                })?;
            }
            let options = SqliteConnectOptions::from_str(url)
                .map_err(open_err)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: a transaction the server acknowledged survives a power loss.
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true);
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                // A connection to a local file does not go stale: no ping before each use.
                .test_before_acquire(false)
                .connect_with(options)
                .await
                .map_err(open_err)?;
            Database::Sqlite(pool)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .map_err(open_err)?;
            Database::Postgres(pool)
        } else {
            return Err(DbError::UnsupportedUrl(redact(url)));
        };
        db.migrate(url).await?;
        Ok(db)
    }

    async fn migrate(&self, url: &str) -> Result<(), DbError> {
        let result = match self {
            Database::Sqlite(pool) => sqlx::migrate!("migrations/sqlite").run(pool).await,
            Database::Postgres(pool) => sqlx::migrate!("migrations/postgres").run(pool).await,
        };
        result.map_err(|source| DbError::Migrate {
            url: redact(url),
            source,
        })
    }

    /// The file of a SQLite database (not an in-memory one), for the ingest writer's own connection.
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        match self {
            Database::Sqlite(pool) => {
                let file = pool.connect_options().get_filename().to_path_buf();
                file.is_file().then_some(file)
            }
            Database::Postgres(_) => None,
        }
    }

    /// The engine behind this pool.
    pub fn kind(&self) -> DbKind {
        match self {
            Database::Sqlite(_) => DbKind::Sqlite,
            Database::Postgres(_) => DbKind::Postgres,
        }
    }

    /// Checks that the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        match self {
            Database::Sqlite(pool) => sqlx::query("SELECT 1").execute(pool).await.map(drop),
            Database::Postgres(pool) => sqlx::query("SELECT 1").execute(pool).await.map(drop),
        }
    }

    /// The highest version of survey `id` this server has loaded, if any.
    pub async fn survey_version(&self, id: &str) -> Result<Option<u32>, sqlx::Error> {
        let sql = "SELECT version FROM survey_versions WHERE survey_id = $1";
        let version: Option<i64> = match self {
            Database::Sqlite(pool) => {
                sqlx::query_scalar(sql)
                    .bind(id)
                    .fetch_optional(pool)
                    .await?
            }
            Database::Postgres(pool) => {
                sqlx::query_scalar(sql)
                    .bind(id)
                    .fetch_optional(pool)
                    .await?
            }
        };
        Ok(version.and_then(|v| u32::try_from(v).ok()))
    }

    /// Remembers that survey `id` was loaded at `version` (keeping the highest).
    pub async fn record_survey_version(&self, id: &str, version: u32) -> Result<(), sqlx::Error> {
        let sql = "INSERT INTO survey_versions (survey_id, version) VALUES ($1, $2) \
                   ON CONFLICT (survey_id) DO UPDATE SET version = excluded.version \
                   WHERE excluded.version > survey_versions.version";
        let version = i64::from(version);
        match self {
            Database::Sqlite(pool) => {
                sqlx::query(sql)
                    .bind(id)
                    .bind(version)
                    .execute(pool)
                    .await?;
            }
            Database::Postgres(pool) => {
                sqlx::query(sql)
                    .bind(id)
                    .bind(version)
                    .execute(pool)
                    .await?;
            }
        }
        Ok(())
    }

    /// Closes every connection, flushing SQLite's write-ahead log.
    pub async fn close(&self) {
        match self {
            Database::Sqlite(pool) => pool.close().await,
            Database::Postgres(pool) => pool.close().await,
        }
    }
}

/// Which table of counters: a survey version, a period and a dimension.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
pub struct TableKey {
    pub survey: String,
    pub version: u32,
    pub period: String,
    pub dimension: String,
}

/// What a batch of contributions did: the ids newly counted and those already counted before.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Applied {
    pub applied: Vec<String>,
    pub duplicates: Vec<String>,
}

/// A token as listed by the CLI (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub id: i64,
    pub role: Role,
    pub label: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

impl Database {
    /// Stores a new token's hash; returns its id.
    pub async fn create_token(
        &self,
        hash: &str,
        role: Role,
        label: &str,
        now: i64,
    ) -> Result<i64, sqlx::Error> {
        let sql = "INSERT INTO tokens (hash, role, label, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
        on_pool!(self, pool => sqlx::query_scalar(sql).bind(hash).bind(role.as_str()).bind(label).bind(now).fetch_one(pool).await)
    }

    /// Revokes token `id`; false when there is no such token or it was already revoked.
    pub async fn revoke_token(&self, id: i64, now: i64) -> Result<bool, sqlx::Error> {
        let sql = "UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL";
        let done = on_pool!(self, pool => sqlx::query(sql).bind(now).bind(id).execute(pool).await?.rows_affected());
        Ok(done == 1)
    }

    /// Every token ever created, oldest first.
    pub async fn tokens(&self) -> Result<Vec<TokenInfo>, sqlx::Error> {
        let sql = "SELECT id, role, label, created_at, revoked_at FROM tokens ORDER BY id";
        let rows: Vec<(i64, String, String, i64, Option<i64>)> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .filter_map(|(id, role, label, created_at, revoked_at)| {
                Some(TokenInfo {
                    id,
                    role: role.parse().ok()?,
                    label,
                    created_at,
                    revoked_at,
                })
            })
            .collect())
    }

    /// The id and role of the live token whose hash is `hash`.
    pub async fn caller(&self, hash: &str) -> Result<Option<(i64, Role)>, sqlx::Error> {
        let sql = "SELECT id, role FROM tokens WHERE hash = $1 AND revoked_at IS NULL";
        let row: Option<(i64, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(hash).fetch_optional(pool).await?);
        Ok(row.and_then(|(id, role)| Some((id, role.parse().ok()?))))
    }

    /// Applies a checked batch in one transaction: each new contribution id is recorded and its
    /// cells counted; an id seen before counts nothing.
    pub async fn apply(&self, batch: &[Contribution]) -> Result<Applied, sqlx::Error> {
        let mut results = self.apply_groups(std::slice::from_ref(&batch)).await?;
        Ok(results.pop().unwrap_or_default())
    }

    /// Applies several batches in one transaction (one commit for all: group commit), answering
    /// for each batch which of its ids were new; an id repeated across batches counts once.
    pub async fn apply_groups(
        &self,
        groups: &[&[Contribution]],
    ) -> Result<Vec<Applied>, sqlx::Error> {
        let unique = unique(groups);
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut fresh = HashSet::new();
            for chunk in unique.chunks(500) {
                let mut insert = QueryBuilder::new("INSERT INTO contribution_keys (id) ");
                insert.push_values(chunk, |mut row, c| { row.push_bind(c.id.as_str()); });
                insert.push(" ON CONFLICT (id) DO NOTHING RETURNING id");
                let ids: Vec<String> = insert.build_query_scalar().fetch_all(&mut *tx).await?;
                fresh.extend(ids);
            }
            let (tables, counters) = tally(unique.iter().copied().filter(|c| fresh.contains(&c.id)));
            for chunk in tables.chunks(200) {
                let mut upsert = QueryBuilder::new("INSERT INTO sync_tables (survey, version, period, dimension, contributions) ");
                upsert.push_values(chunk, |mut row, (key, n)| {
                    row.push_bind(key.survey.as_str()).push_bind(i64::from(key.version)).push_bind(key.period.as_str())
                        .push_bind(key.dimension.as_str()).push_bind(*n);
                });
                upsert.push(" ON CONFLICT (survey, version, period, dimension) DO UPDATE SET contributions = sync_tables.contributions + excluded.contributions");
                upsert.build().execute(&mut *tx).await?;
            }
            for chunk in counters.chunks(200) {
                let mut upsert = QueryBuilder::new("INSERT INTO counters (survey, version, period, dimension, question, bucket, count) ");
                upsert.push_values(chunk, |mut row, ((key, question, bucket), n)| {
                    row.push_bind(key.survey.as_str()).push_bind(i64::from(key.version)).push_bind(key.period.as_str())
                        .push_bind(key.dimension.as_str()).push_bind(*question).push_bind(*bucket).push_bind(*n);
                });
                upsert.push(" ON CONFLICT (survey, version, period, dimension, question, bucket) DO UPDATE SET count = counters.count + excluded.count");
                upsert.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(answers(groups, |id| fresh.contains(id)))
        })
    }

    /// A table's number of contributions and its raw counters (for disclosure control only).
    pub async fn table(&self, key: &TableKey) -> Result<(u64, Vec<Counter>), sqlx::Error> {
        let where_ = "WHERE survey = $1 AND version = $2 AND period = $3 AND dimension = $4";
        let total = format!("SELECT contributions FROM sync_tables {where_}");
        let cells = format!(
            "SELECT question, bucket, count FROM counters {where_} ORDER BY question, bucket"
        );
        let version = i64::from(key.version);
        let (n, rows): (Option<i64>, Vec<(String, String, i64)>) = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query_scalar(&total).bind(&key.survey).bind(version).bind(&key.period).bind(&key.dimension).fetch_optional(&mut *tx).await?;
            let rows = sqlx::query_as(&cells).bind(&key.survey).bind(version).bind(&key.period).bind(&key.dimension).fetch_all(&mut *tx).await?;
            tx.commit().await?;
            (n, rows)
        });
        let counters = rows
            .into_iter()
            .map(|(question, bucket, count)| Counter {
                question,
                bucket,
                count: count.max(0) as u64,
            })
            .collect();
        Ok((n.unwrap_or(0).max(0) as u64, counters))
    }

    /// The release last published for a table.
    pub async fn published(&self, key: &TableKey) -> Result<Option<Published>, sqlx::Error> {
        let sql = "SELECT body FROM releases WHERE survey = $1 AND version = $2 AND period = $3 AND dimension = $4";
        let version = i64::from(key.version);
        let body: Option<String> = on_pool!(self, pool => sqlx::query_scalar(sql).bind(&key.survey).bind(version).bind(&key.period).bind(&key.dimension).fetch_optional(pool).await?);
        Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
    }

    /// Publishes `release` for a table, unless a release of as many contributions or more is there.
    pub async fn publish(&self, key: &TableKey, release: &Published) -> Result<(), sqlx::Error> {
        let sql = "INSERT INTO releases (survey, version, period, dimension, at, body) VALUES ($1, $2, $3, $4, $5, $6) \
                   ON CONFLICT (survey, version, period, dimension) DO UPDATE SET at = excluded.at, body = excluded.body \
                   WHERE excluded.at > releases.at";
        let body = serde_json::to_string(release).unwrap_or_default();
        let (version, at) = (i64::from(key.version), release.at as i64);
        on_pool!(self, pool => sqlx::query(sql).bind(&key.survey).bind(version).bind(&key.period).bind(&key.dimension).bind(at).bind(&body).execute(pool).await.map(drop)?);
        Ok(())
    }

    /// Every table holding at least `k` contributions (fewer would tell that someone answered).
    pub async fn tables(&self, k: u64) -> Result<Vec<TableKey>, sqlx::Error> {
        let sql = "SELECT survey, version, period, dimension FROM sync_tables WHERE contributions >= $1 ORDER BY survey, version, period, dimension";
        let rows: Vec<(String, i64, String, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(k as i64).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|(survey, version, period, dimension)| TableKey {
                survey,
                version: version as u32,
                period,
                dimension,
            })
            .collect())
    }

    /// The yearly activity figures, by year.
    pub async fn figures(&self) -> Result<Vec<(i32, serde_json::Value)>, sqlx::Error> {
        let sql = "SELECT year, body FROM figures ORDER BY year";
        let rows: Vec<(i64, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .filter_map(|(y, b)| Some((y as i32, serde_json::from_str(&b).ok()?)))
            .collect())
    }

    /// Sets the figures of `year`, replacing what was there.
    pub async fn set_figures(
        &self,
        year: i32,
        body: &serde_json::Value,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        let sql = "INSERT INTO figures (year, body, updated_at) VALUES ($1, $2, $3) \
                   ON CONFLICT (year) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at";
        let body = body.to_string();
        on_pool!(self, pool => sqlx::query(sql).bind(i64::from(year)).bind(&body).bind(now).execute(pool).await.map(drop)?);
        Ok(())
    }
}

/// A session open to participants' own devices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionCode {
    pub code: String,
    pub survey: String,
    pub format: String,
    pub open: bool,
}

impl Database {
    /// Opens session `code` for `survey`; false when the code is already taken by another survey.
    pub async fn open_session(
        &self,
        code: &str,
        survey: &str,
        format: &str,
        now: i64,
    ) -> Result<bool, sqlx::Error> {
        let sql = "INSERT INTO session_codes (code, survey, format, created_at) VALUES ($1, $2, $3, $4) \
                   ON CONFLICT (code) DO NOTHING";
        on_pool!(self, pool => sqlx::query(sql).bind(code).bind(survey).bind(format).bind(now).execute(pool).await.map(drop)?);
        Ok(self
            .session_code(code)
            .await?
            .is_some_and(|s| s.survey == survey))
    }

    /// Session `code`, if it was ever opened.
    pub async fn session_code(&self, code: &str) -> Result<Option<SessionCode>, sqlx::Error> {
        let sql = "SELECT code, survey, format, closed_at FROM session_codes WHERE code = $1";
        let row: Option<(String, String, String, Option<i64>)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(code).fetch_optional(pool).await?);
        Ok(row.map(|(code, survey, format, closed)| SessionCode {
            code,
            survey,
            format,
            open: closed.is_none(),
        }))
    }

    /// Closes session `code` to participants; false when it was not open.
    pub async fn close_session(&self, code: &str, now: i64) -> Result<bool, sqlx::Error> {
        let sql = "UPDATE session_codes SET closed_at = $1 WHERE code = $2 AND closed_at IS NULL";
        let done = on_pool!(self, pool => sqlx::query(sql).bind(now).bind(code).execute(pool).await?.rows_affected());
        Ok(done == 1)
    }
}

/// Each contribution of `groups` once, by id, in order: the same id twice in a group counts once.
pub(crate) fn unique<'a>(groups: &[&'a [Contribution]]) -> Vec<&'a Contribution> {
    let mut unique = Vec::new();
    let mut seen = HashSet::new();
    for group in groups {
        for c in group.iter() {
            if seen.insert(c.id.as_str()) {
                unique.push(c);
            }
        }
    }
    unique
}

/// What each batch of a committed group did: a new id is "applied" for the first batch that
/// carried it, a duplicate everywhere else.
pub(crate) fn answers(groups: &[&[Contribution]], fresh: impl Fn(&str) -> bool) -> Vec<Applied> {
    let mut credited = HashSet::new();
    groups
        .iter()
        .map(|group| {
            let mut answer = Applied::default();
            for c in group.iter() {
                if fresh(&c.id) && credited.insert(c.id.as_str()) {
                    answer.applied.push(c.id.clone());
                } else {
                    answer.duplicates.push(c.id.clone());
                }
            }
            answer
        })
        .collect()
}

type Tally<'a> = (
    Vec<(TableKey, i64)>,
    Vec<((TableKey, &'a str, &'a str), i64)>,
);

/// Adds up a batch in memory: contributions per table and increments per counter.
pub(crate) fn tally<'a>(contributions: impl Iterator<Item = &'a Contribution>) -> Tally<'a> {
    type Key<'k> = (&'k str, u32, Period, &'k Dimension);
    let mut tables = HashMap::<Key, i64>::new();
    let mut counters = HashMap::<(Key, &str, &str), i64>::new();
    for c in contributions {
        let key = (c.survey.as_str(), c.version, c.period, &c.dimension);
        for cell in &c.cells {
            *counters
                .entry((key, &cell.question, &cell.bucket))
                .or_default() += i64::from(cell.count);
        }
        *tables.entry(key).or_default() += i64::from(c.participants);
    }
    let owned = |(survey, version, period, dimension): Key| TableKey {
        survey: survey.to_owned(),
        version,
        period: period.to_string(),
        dimension: dimension.to_string(),
    };
    // Sorted, so concurrent writers on PostgreSQL take row locks in the same order.
    let mut tables: Vec<_> = tables.into_iter().map(|(k, n)| (owned(k), n)).collect();
    tables.sort();
    let mut counters: Vec<_> = counters
        .into_iter()
        .map(|((k, q, b), n)| ((owned(k), q, b), n))
        .collect();
    counters.sort();
    (tables, counters)
}

/// Hides a password in a database URL so it can be logged and shown in errors.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_only_the_password() {
        assert_eq!(
            redact("postgres://bilan:secret@localhost/bilan"),
            "postgres://bilan:***@localhost/bilan"
        );
        assert_eq!(
            redact("postgres://bilan@localhost/bilan"),
            "postgres://bilan@localhost/bilan"
        );
        assert_eq!(redact("sqlite://data/bilan.db"), "sqlite://data/bilan.db");
    }

    #[tokio::test]
    async fn refuses_an_unknown_scheme_by_name() {
        let err = Database::connect("mysql://localhost/bilan")
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"unsupported database URL "mysql://localhost/bilan": expected sqlite://PATH or postgres://..."#
        );
    }

    #[tokio::test]
    async fn creates_the_sqlite_file_and_its_folder_then_migrates() {
        let dir = std::env::temp_dir().join(format!("bilan-db-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("nested").join("bilan.db");
        let url = format!("sqlite://{}", path.display());
        let db = Database::connect(&url).await.unwrap();
        assert_eq!(db.kind(), DbKind::Sqlite);
        db.ping().await.unwrap();
        assert!(path.exists(), "the SQLite file was not created");
        db.close().await;
        // Opening again runs no migration twice.
        let db = Database::connect(&url).await.unwrap();
        db.close().await;
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
