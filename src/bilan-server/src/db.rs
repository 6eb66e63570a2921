//! The server's database: an embedded SQLite file by default, PostgreSQL for a network of Pôles.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use foldhash::{HashSet, HashSetExt as _};

use bilan_core::disclosure::{Counter, Table};
use bilan_core::share::Contribution;
use bilan_core::snapshot::Composition;
pub use bilan_core::wire::{Applied, Engine, TableKey};
use serde::Serialize;
use sqlx::QueryBuilder;

use crate::auth::Role;
use crate::secret::Secret;
use crate::tally::{Family, Keys, answers, tally, unique};
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
    pub fn kind(&self) -> Engine {
        match self {
            Database::Sqlite(_) => Engine::Sqlite,
            Database::Postgres(_) => Engine::Postgres,
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

/// A published snapshot as stored: its table, number, date, how many people it counted (never
/// shown), the composition it was checked against (a [`bilan_core::snapshot::Shot`] as JSON) and
/// the release (JSON) that is served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub table: TableKey,
    pub serial: i64,
    pub published_at: i64,
    pub people: u64,
    pub shot: String,
    pub body: String,
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

    /// Applies a checked batch in one transaction: each new contribution id is recorded (as its
    /// keyed hash) and its cells counted; an id seen before counts nothing.
    pub async fn apply(
        &self,
        batch: &[Contribution],
        secret: &Secret,
    ) -> Result<Applied, sqlx::Error> {
        let mut results = self
            .apply_groups(std::slice::from_ref(&batch), secret)
            .await?;
        Ok(results.pop().unwrap_or_default())
    }

    /// Applies several batches in one transaction (one commit for all: group commit), answering
    /// for each batch which of its ids were new; an id repeated across batches counts once.
    pub async fn apply_groups(
        &self,
        groups: &[&[Contribution]],
        secret: &Secret,
    ) -> Result<Vec<Applied>, sqlx::Error> {
        let unique = unique(groups, secret);
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut fresh = HashSet::new();
            for chunk in unique.chunks(500) {
                let mut insert = QueryBuilder::new("INSERT INTO contribution_keys (id) ");
                insert.push_values(chunk, |mut row, (_, hash)| { row.push_bind(hash.as_str()); });
                insert.push(" ON CONFLICT (id) DO NOTHING RETURNING id");
                let ids: Vec<String> = insert.build_query_scalar().fetch_all(&mut *tx).await?;
                fresh.extend(ids);
            }
            let counted: HashSet<&str> = unique.iter().filter(|(_, h)| fresh.contains(h)).map(|(c, _)| c.id.as_str()).collect();
            let t = tally(unique.iter().map(|(c, _)| *c).filter(|c| counted.contains(c.id.as_str())), &mut Keys::new());
            for chunk in t.tables.chunks(200) {
                let mut upsert = QueryBuilder::new("INSERT INTO sync_tables (survey, version, period, dimension, contributions, key_sum) ");
                upsert.push_values(chunk, |mut row, (key, n, sum)| {
                    row.push_bind(key.survey.as_str()).push_bind(i64::from(key.version)).push_bind(key.period.to_string())
                        .push_bind(key.dimension.to_string()).push_bind(*n).push_bind(*sum);
                });
                upsert.push(" ON CONFLICT (survey, version, period, dimension) DO UPDATE SET contributions = sync_tables.contributions + excluded.contributions, key_sum = (sync_tables.key_sum + excluded.key_sum) % 4294967296");
                upsert.build().execute(&mut *tx).await?;
            }
            for chunk in t.counters.chunks(200) {
                let mut upsert = QueryBuilder::new("INSERT INTO counters (survey, version, period, dimension, question, bucket, count, key_sum) ");
                upsert.push_values(chunk, |mut row, (key, question, bucket, n, sum)| {
                    row.push_bind(key.survey.as_str()).push_bind(i64::from(key.version)).push_bind(key.period.to_string())
                        .push_bind(key.dimension.to_string()).push_bind(question.as_str()).push_bind(bucket.as_str()).push_bind(*n).push_bind(*sum);
                });
                upsert.push(" ON CONFLICT (survey, version, period, dimension, question, bucket) DO UPDATE SET count = counters.count + excluded.count, key_sum = (counters.key_sum + excluded.key_sum) % 4294967296");
                upsert.build().execute(&mut *tx).await?;
            }
            for chunk in t.compositions.chunks(200) {
                let mut upsert = QueryBuilder::new("INSERT INTO compositions (survey, version, period, session, college, people) ");
                upsert.push_values(chunk, |mut row, (family, session, college, n)| {
                    row.push_bind(family.survey.as_str()).push_bind(i64::from(family.version)).push_bind(family.period.to_string())
                        .push_bind(session.as_str()).push_bind(college.as_str()).push_bind(*n);
                });
                upsert.push(" ON CONFLICT (survey, version, period, session, college) DO UPDATE SET people = compositions.people + excluded.people");
                upsert.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(answers(groups, |id| counted.contains(id)))
        })
    }

    /// A table's raw state: its people, their key sum and its counters (for disclosure control
    /// only, never shown).
    pub async fn table(&self, key: &TableKey) -> Result<Table, sqlx::Error> {
        let where_ = "WHERE survey = $1 AND version = $2 AND period = $3 AND dimension = $4";
        let total = format!("SELECT contributions, key_sum FROM sync_tables {where_}");
        let cells = format!(
            "SELECT question, bucket, count, key_sum FROM counters {where_} ORDER BY question, bucket"
        );
        let version = i64::from(key.version);
        type Rows = Vec<(String, String, i64, i64)>;
        let (people, rows): (Option<(i64, i64)>, Rows) = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query_as(&total).bind(&key.survey).bind(version).bind(key.period.to_string()).bind(key.dimension.to_string()).fetch_optional(&mut *tx).await?;
            let rows = sqlx::query_as(&cells).bind(&key.survey).bind(version).bind(key.period.to_string()).bind(key.dimension.to_string()).fetch_all(&mut *tx).await?;
            tx.commit().await?;
            (n, rows)
        });
        let (people, sum) = people.unwrap_or((0, 0));
        Ok(Table {
            people: people.max(0) as u64,
            key: sum as u32,
            counters: rows
                .into_iter()
                .map(|(question, bucket, count, key)| Counter {
                    question,
                    bucket,
                    count: count.max(0) as u64,
                    key: key as u32,
                })
                .collect(),
        })
    }

    /// A family's people by session and college, now.
    pub async fn composition(&self, family: &Family) -> Result<Composition, sqlx::Error> {
        let sql = "SELECT session, college, people FROM compositions WHERE survey = $1 AND version = $2 AND period = $3";
        let rows: Vec<(String, String, i64)> = on_pool!(self, pool => sqlx::query_as(sql).bind(&family.survey).bind(i64::from(family.version)).bind(family.period.to_string()).fetch_all(pool).await?);
        let mut composition = Composition::new();
        for (session, college, people) in rows {
            composition.add(&session, &college, people.max(0) as u64);
        }
        Ok(composition)
    }

    /// Every family that holds someone.
    pub async fn families(&self) -> Result<Vec<Family>, sqlx::Error> {
        let sql = "SELECT DISTINCT survey, version, period FROM compositions ORDER BY survey, version, period";
        let rows: Vec<(String, i64, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .filter_map(|(survey, version, period)| {
                Some(Family {
                    survey,
                    version: version as u32,
                    period: period.parse().ok()?,
                })
            })
            .collect())
    }

    /// The latest snapshot of each table of a family.
    pub async fn snapshots(&self, family: &Family) -> Result<Vec<Stored>, sqlx::Error> {
        let sql = "SELECT dimension, serial, published_at, at, shot, body FROM releases WHERE survey = $1 AND version = $2 AND period = $3";
        let rows: Vec<(String, i64, i64, i64, String, String)> = on_pool!(self, pool => sqlx::query_as(sql).bind(&family.survey).bind(i64::from(family.version)).bind(family.period.to_string()).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(
                |(dimension, serial, published_at, people, shot, body)| Stored {
                    table: family.table(
                        &dimension
                            .parse()
                            .unwrap_or(bilan_core::share::Dimension::None),
                    ),
                    serial,
                    published_at,
                    people: people.max(0) as u64,
                    shot,
                    body,
                },
            )
            .collect())
    }

    /// The latest snapshot of one table.
    pub async fn snapshot(&self, key: &TableKey) -> Result<Option<Stored>, sqlx::Error> {
        let sql = "SELECT serial, published_at, at, shot, body FROM releases WHERE survey = $1 AND version = $2 AND period = $3 AND dimension = $4";
        let version = i64::from(key.version);
        let row: Option<(i64, i64, i64, String, String)> = on_pool!(self, pool => sqlx::query_as(sql).bind(&key.survey).bind(version).bind(key.period.to_string()).bind(key.dimension.to_string()).fetch_optional(pool).await?);
        Ok(
            row.map(|(serial, published_at, people, shot, body)| Stored {
                table: key.clone(),
                serial,
                published_at,
                people: people.max(0) as u64,
                shot,
                body,
            }),
        )
    }

    /// Publishes a snapshot as the table's latest and adds it to the family's history, unless a
    /// snapshot of the same or a later serial is already there (two publishers at once: the first
    /// wins).
    pub async fn publish(&self, snapshot: &Stored) -> Result<bool, sqlx::Error> {
        let latest = "INSERT INTO releases (survey, version, period, dimension, at, body, serial, published_at, shot) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                   ON CONFLICT (survey, version, period, dimension) DO UPDATE SET at = excluded.at, body = excluded.body, \
                   serial = excluded.serial, published_at = excluded.published_at, shot = excluded.shot \
                   WHERE excluded.serial > releases.serial";
        let history = "INSERT INTO snapshot_history (survey, version, period, dimension, serial, shot) \
                   VALUES ($1, $2, $3, $4, $5, $6)";
        let key = &snapshot.table;
        let (version, people) = (i64::from(key.version), snapshot.people as i64);
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(latest).bind(&key.survey).bind(version).bind(key.period.to_string()).bind(key.dimension.to_string())
                .bind(people).bind(&snapshot.body).bind(snapshot.serial).bind(snapshot.published_at).bind(&snapshot.shot)
                .execute(&mut *tx).await?.rows_affected() == 1;
            if done {
                sqlx::query(history).bind(&key.survey).bind(version).bind(key.period.to_string()).bind(key.dimension.to_string())
                    .bind(snapshot.serial).bind(&snapshot.shot).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(done)
        })
    }

    /// Every snapshot a family ever published, as compositions (JSON) with their table.
    pub async fn history(&self, family: &Family) -> Result<Vec<String>, sqlx::Error> {
        let sql = "SELECT shot FROM snapshot_history WHERE survey = $1 AND version = $2 AND period = $3 ORDER BY serial";
        on_pool!(self, pool => sqlx::query_scalar(sql).bind(&family.survey).bind(i64::from(family.version)).bind(family.period.to_string()).fetch_all(pool).await)
    }

    /// Every table with a published snapshot that shows something.
    pub async fn tables(&self) -> Result<Vec<TableKey>, sqlx::Error> {
        let sql = "SELECT survey, version, period, dimension FROM releases WHERE at > 0 ORDER BY survey, version, period, dimension";
        let rows: Vec<(String, i64, String, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .filter_map(|(survey, version, period, dimension)| {
                Some(TableKey {
                    survey,
                    version: version as u32,
                    period: period.parse().ok()?,
                    dimension: dimension.parse().ok()?,
                })
            })
            .collect())
    }

    /// The server's secret, once drawn.
    pub async fn secret(&self) -> Result<Option<String>, sqlx::Error> {
        let sql = "SELECT secret FROM instance WHERE id = 1";
        let secret: Option<Option<String>> =
            on_pool!(self, pool => sqlx::query_scalar(sql).fetch_optional(pool).await?);
        Ok(secret.flatten())
    }

    /// Stores the secret unless one is there, replacing every contribution id kept until then by
    /// `hash` of it, in one transaction; false when another process stored one first.
    pub async fn set_secret(
        &self,
        secret: &str,
        hash: impl Fn(&str) -> String,
    ) -> Result<bool, sqlx::Error> {
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let claimed = sqlx::query("UPDATE instance SET secret = $1 WHERE id = 1 AND secret IS NULL")
                .bind(secret).execute(&mut *tx).await?.rows_affected() == 1;
            if !claimed {
                tx.rollback().await?;
                return Ok(false);
            }
            let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM contribution_keys").fetch_all(&mut *tx).await?;
            sqlx::query("DELETE FROM contribution_keys").execute(&mut *tx).await?;
            let hashed: Vec<String> = ids.iter().map(|id| hash(id)).collect();
            for chunk in hashed.chunks(500) {
                let mut insert = QueryBuilder::new("INSERT INTO contribution_keys (id) ");
                insert.push_values(chunk, |mut row, h| { row.push_bind(h.as_str()); });
                insert.push(" ON CONFLICT (id) DO NOTHING");
                insert.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(true)
        })
    }

    /// When the last scheduled release ran.
    pub async fn last_release(&self) -> Result<Option<i64>, sqlx::Error> {
        let sql = "SELECT last_release_at FROM instance WHERE id = 1";
        let at: Option<Option<i64>> =
            on_pool!(self, pool => sqlx::query_scalar(sql).fetch_optional(pool).await?);
        Ok(at.flatten())
    }

    /// Records that a scheduled release ran at `at`.
    pub async fn set_last_release(&self, at: i64) -> Result<(), sqlx::Error> {
        let sql = "UPDATE instance SET last_release_at = $1 WHERE id = 1";
        on_pool!(self, pool => sqlx::query(sql).bind(at).execute(pool).await.map(drop)?);
        Ok(())
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

/// A session as participants' phones see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SessionCode {
    pub code: String,
    pub survey: String,
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
    /// Opens session `code` for `survey`, by facilitator `by`; false when the code is already
    /// another facilitator's or another survey's.
    pub async fn open_session(
        &self,
        code: &str,
        survey: &str,
        format: &str,
        now: i64,
        by: i64,
    ) -> Result<bool, sqlx::Error> {
        let sql = "INSERT INTO session_codes (code, survey, format, created_at, opened_by) VALUES ($1, $2, $3, $4, $5) \
                   ON CONFLICT (code) DO NOTHING";
        on_pool!(self, pool => sqlx::query(sql).bind(code).bind(survey).bind(format).bind(now).bind(by).execute(pool).await.map(drop)?);
        Ok(self
            .session(code)
            .await?
            .is_some_and(|s| s.public.survey == survey && s.opened_by == Some(by)))
    }

    /// Session `code` as phones see it, if it was ever opened.
    pub async fn session_code(&self, code: &str) -> Result<Option<SessionCode>, sqlx::Error> {
        Ok(self.session(code).await?.map(|s| s.public))
    }

    /// Session `code`, if it was ever opened.
    pub async fn session(&self, code: &str) -> Result<Option<SessionRow>, sqlx::Error> {
        let sql = "SELECT code, survey, format, closed_at, opened_by, totals_batch, final_at FROM session_codes WHERE code = $1";
        type Row = (
            String,
            String,
            String,
            Option<i64>,
            Option<i64>,
            Option<String>,
            Option<i64>,
        );
        let row: Option<Row> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(code).fetch_optional(pool).await?);
        Ok(row.map(
            |(code, survey, format, closed_at, opened_by, totals_batch, final_at)| SessionRow {
                public: SessionCode {
                    code,
                    survey,
                    format,
                    open: closed_at.is_none(),
                },
                opened_by,
                totals_batch,
                closed_at,
                final_at,
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
        assert_eq!(db.kind(), Engine::Sqlite);
        db.ping().await.unwrap();
        assert!(path.exists(), "the SQLite file was not created");
        db.close().await;
        // Opening again runs no migration twice.
        let db = Database::connect(&url).await.unwrap();
        db.close().await;
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
