//! `bilan-server backup`: a copy of the server's SQLite database, consistent while the server
//! runs. Copying the file by hand while it runs can catch a write half done, and misses what
//! waits in the write-ahead log beside it. The copy holds the server's secret: restored, the
//! tables it publishes again carry the same perturbations (`docs/privacy.md`).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::ConnectOptions as _;
use sqlx::sqlite::SqliteConnectOptions;

/// Why no copy was written; nothing was changed either way.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error(
        "a PostgreSQL database is copied with PostgreSQL's own tool, while the server runs: \
         pg_dump --format=custom --file=bilan.dump DATABASE_URL (restored with pg_restore)"
    )]
    Postgres,
    #[error("unsupported database URL {0:?}: expected sqlite://PATH")]
    UnsupportedUrl(String),
    #[error("no database at {0}: give the server's with --database (or BILAN_DATABASE)")]
    NoDatabase(PathBuf),
    #[error("{0} already exists: a backup never writes over a file; name a new one")]
    Exists(PathBuf),
    #[error("cannot copy the database {from} to {to}: {source}")]
    Copy {
        from: PathBuf,
        to: PathBuf,
        source: sqlx::Error,
    },
    #[error("the copy written to {to} does not read back whole ({found}): it was removed")]
    Damaged { to: PathBuf, found: String },
    #[error("cannot write {to}: {source}")]
    Write { to: PathBuf, source: std::io::Error },
}

/// A copy written: where, and how many bytes. Displayed, it says how to restore it.
#[derive(Debug)]
pub struct Copied {
    pub to: PathBuf,
    pub bytes: u64,
}

impl std::fmt::Display for Copied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let to = self.to.display();
        write!(
            f,
            "wrote {to} ({:.1} MiB), a copy of the database as it stood; to restore it, stop the \
             server and start it again with --database sqlite://{to}",
            self.bytes as f64 / (1024.0 * 1024.0),
        )
    }
}

/// Copies the SQLite database at `url` to the new file `to`, as one consistent snapshot even
/// while the server writes (SQLite's `VACUUM INTO`), checks that the copy reads back whole, and
/// only then gives it its name: a copy that fails halfway (a full disk) leaves no file behind.
pub async fn copy(url: &str, to: &Path) -> Result<Copied, CopyError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Err(CopyError::Postgres);
    }
    let Some(rest) = url.strip_prefix("sqlite:") else {
        return Err(CopyError::UnsupportedUrl(super::redact(url)));
    };
    let from = PathBuf::from(rest.trim_start_matches("//"));
    // A mistyped path would otherwise create an empty database there and copy it.
    if !from.is_file() {
        return Err(CopyError::NoDatabase(from));
    }
    if to.exists() {
        return Err(CopyError::Exists(to.to_owned()));
    }
    // Written beside the copy under a name of this run's own, then renamed: a copy that fails
    // leaves nothing under the name asked for, and nothing of anyone else's is removed.
    let file_name = to
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let partial = to.with_file_name(format!(".{file_name}.{}.partial", std::process::id()));
    let result = write(&from, &partial, to).await;
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// Writes the snapshot to `partial`, checks it, flushes it and renames it `to`.
async fn write(from: &Path, partial: &Path, to: &Path) -> Result<Copied, CopyError> {
    let copy_err = |source| CopyError::Copy {
        from: from.to_owned(),
        to: to.to_owned(),
        source,
    };
    // Not `Database::connect`: a backup neither creates nor migrates the database it copies.
    let mut source = SqliteConnectOptions::from_str(&format!("sqlite://{}", from.display()))
        .map_err(copy_err)?
        .busy_timeout(Duration::from_secs(10))
        .connect()
        .await
        .map_err(copy_err)?;
    let vacuumed = sqlx::query("VACUUM INTO ?")
        .bind(partial.to_string_lossy().into_owned())
        .execute(&mut source)
        .await;
    let _ = sqlx::Connection::close(source).await;
    vacuumed.map_err(copy_err)?;

    let mut copy = SqliteConnectOptions::from_str(&format!("sqlite://{}", partial.display()))
        .map_err(copy_err)?
        .read_only(true)
        .connect()
        .await
        .map_err(copy_err)?;
    let check: Result<String, _> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut copy)
        .await;
    let _ = sqlx::Connection::close(copy).await;
    match check {
        Ok(found) if found == "ok" => {}
        Ok(found) => {
            return Err(CopyError::Damaged {
                to: to.to_owned(),
                found,
            });
        }
        Err(e) => {
            return Err(CopyError::Damaged {
                to: to.to_owned(),
                found: e.to_string(),
            });
        }
    }

    let write_err = |source| CopyError::Write {
        to: to.to_owned(),
        source,
    };
    let file = std::fs::File::open(partial).map_err(write_err)?;
    file.sync_all().map_err(write_err)?;
    let bytes = file.metadata().map_err(write_err)?.len();
    drop(file);
    // Another file may have taken the name meanwhile: never written over.
    if to.exists() {
        return Err(CopyError::Exists(to.to_owned()));
    }
    std::fs::rename(partial, to).map_err(write_err)?;
    // The rename itself survives a power loss once the folder is flushed.
    if let Some(folder) = to.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(folder) = std::fs::File::open(folder)
    {
        let _ = folder.sync_all();
    }
    Ok(Copied {
        to: to.to_owned(),
        bytes,
    })
}
