//! The server's database: an embedded SQLite file by default, PostgreSQL for a network of Pôles.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use foldhash::{HashSet, HashSetExt as _};

use bilan_core::disclosure::{Counter, Table};
use bilan_core::share::Contribution;
use bilan_core::snapshot::Composition;
pub use bilan_core::wire::{Applied, Engine, HeldSession, TableKey};
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

/// Whether `url` names a PostgreSQL database (rather than a SQLite file).
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
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
        } else if is_postgres(url) {
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

pub mod copy;
mod counts;
mod figures;
mod releases;
mod sessions;
pub mod sql;
mod tokens;

pub use releases::Stored;
pub use sessions::{Claim, SessionCode, SessionRow};
pub use tokens::TokenInfo;

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
