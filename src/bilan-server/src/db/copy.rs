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
    #[error(
        "{0} is inside the folder the server hands out to browsers: anyone could download the \
         copies, which hold the server's secret; choose a folder outside it"
    )]
    Served(PathBuf),
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
    if super::is_postgres(url) {
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

/// The copies a running server keeps of its database in a folder (`serve --backup-dir`): one as
/// it starts, one a day after that, and one after each scheduled release, so that a restore
/// forgets as few published tables as can be (`docs/privacy.md`); only the latest `kept` stay.
#[derive(Debug)]
pub struct Kept {
    database: String,
    dir: PathBuf,
    kept: usize,
    /// When the last copy was taken (milliseconds since the Unix epoch).
    last: std::sync::Mutex<Option<i64>>,
}

/// A day, in milliseconds: copies are taken at least this often.
const DAY: i64 = 86_400_000;

impl Kept {
    /// Copies of the database at `url` kept in `dir` (made if missing), the latest `kept` of
    /// them. Refused at once for PostgreSQL, which `pg_dump` copies, for a folder that cannot be
    /// made, and for one inside `served`, the folder of files the server sends to anyone who
    /// asks: a server told to keep copies does not start without a safe place for them.
    pub fn new(url: &str, dir: PathBuf, kept: usize, served: &Path) -> Result<Kept, CopyError> {
        if super::is_postgres(url) {
            return Err(CopyError::Postgres);
        }
        std::fs::create_dir_all(&dir).map_err(|source| CopyError::Write {
            to: dir.clone(),
            source,
        })?;
        if let (Ok(inside), Ok(served)) = (dir.canonicalize(), served.canonicalize())
            && inside.starts_with(&served)
        {
            return Err(CopyError::Served(dir));
        }
        Ok(Kept {
            database: url.to_owned(),
            dir,
            kept: kept.max(1),
            last: std::sync::Mutex::new(None),
        })
    }

    /// Takes a copy if a release was just `published` or none was taken for a day, then removes
    /// the oldest beyond the number kept; a copy that fails is logged, and the server goes on.
    pub async fn tick(&self, published: bool, now: i64) {
        let last = *self.last.lock().unwrap_or_else(|e| e.into_inner());
        if !published && last.is_some_and(|last| now - last < DAY) {
            return;
        }
        match self.take(now).await {
            Ok(copied) => {
                tracing::info!(file = %copied.to.display(), bytes = copied.bytes, "database copied")
            }
            Err(err) => tracing::error!(error = %err, "cannot copy the database"),
        }
    }

    /// Takes a copy named by `now` (`bilan-20261205T143000Z.db`) and removes the oldest copies
    /// beyond the number kept; only files named so are touched.
    pub async fn take(&self, now: i64) -> Result<Copied, CopyError> {
        let copied = copy(&self.database, &self.dir.join(copy_name(now))).await?;
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(now);
        let mut names: Vec<String> = std::fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| is_copy_name(name))
            .collect();
        // Their names sort as their times.
        names.sort();
        let extra = names.len().saturating_sub(self.kept);
        for name in &names[..extra] {
            if let Err(err) = std::fs::remove_file(self.dir.join(name)) {
                tracing::warn!(file = %name, error = %err, "cannot remove an old copy");
            }
        }
        Ok(copied)
    }
}

/// A kept copy's name: `bilan-` and the UTC time it was taken, to the second.
fn copy_name(millis: i64) -> String {
    format!("bilan-{}.db", bilan_core::calendar::utc_stamp(millis))
}

/// Whether `name` is one [`copy_name`] writes.
fn is_copy_name(name: &str) -> bool {
    let Some(stamp) = name
        .strip_prefix("bilan-")
        .and_then(|n| n.strip_suffix("Z.db"))
    else {
        return false;
    };
    let bytes = stamp.as_bytes();
    bytes.len() == 15
        && bytes[8] == b'T'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 8 || b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_named_by_their_time_and_known_by_their_name() {
        // 5 December 2026, 14:30:07 UTC.
        let at = bilan_core::calendar::Date::parse_iso("2026-12-05")
            .unwrap()
            .millis()
            + (14 * 3600 + 30 * 60 + 7) * 1000;
        let name = copy_name(at);
        assert_eq!(name, "bilan-20261205T143007Z.db");
        assert!(is_copy_name(&name));
        for other in [
            "bilan.db",
            "bilan-2026.db",
            "bilan-20261205T1430xxZ.db",
            "notes-20261205T143007Z.db",
        ] {
            assert!(!is_copy_name(other), "{other}");
        }
    }
}
