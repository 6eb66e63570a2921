//! One writer for contributions with group commit: requests that arrive while a transaction is
//! being written wait for the next one, so many uploads share one commit. On a SQLite file the
//! disk flush runs beside the writer, and one flush acknowledges every commit made before it.

use bilan_core::share::Contribution;
use tokio::sync::{mpsc, oneshot};

use crate::db::{Applied, Database};
use crate::secret::Secret;

/// The most contributions one commit takes; the rest wait for the next.
const GROUP: usize = 5_000;

struct Job {
    batch: Vec<Contribution>,
    done: oneshot::Sender<Result<Applied, IngestError>>,
}

/// A handle on the writer; cheap to clone.
#[derive(Debug, Clone)]
pub struct Ingest {
    jobs: mpsc::Sender<Job>,
}

/// Why a batch was not applied; in every case nothing of it was.
#[derive(Debug, Clone, thiserror::Error)]
pub enum IngestError {
    #[error("the server's storage is full: nothing was saved, try again later")]
    Full,
    /// The database failed otherwise; the detail is logged, not shown.
    #[error("the database is unavailable")]
    Database(String),
    #[error("the database is unavailable")]
    Stopped,
}

impl IngestError {
    /// A full disk (SQLite's SQLITE_FULL, PostgreSQL's disk_full) is told apart from other failures.
    fn of(err: &sqlx::Error) -> Self {
        let full = err.as_database_error().is_some_and(|e| {
            matches!(e.code().as_deref(), Some("13" | "53100"))
                || e.message().contains("disk is full")
        });
        if full {
            IngestError::Full
        } else {
            IngestError::Database(err.to_string())
        }
    }
}

impl Ingest {
    /// Starts the writer on `db` (needs a Tokio runtime). A SQLite file gets a thread of its own
    /// with its own connection: a whole group is written without leaving that thread, where each
    /// statement through the pool is a hop to another thread and back.
    pub fn start(db: Database, secret: Secret) -> Ingest {
        let (jobs, queue) = mpsc::channel::<Job>(1024);
        let own = db.sqlite_file().map(|file| {
            let opened = sqlite::open(&file).and_then(|w| Ok((w, sqlite::open(&file)?)));
            match opened {
                Ok((writer, checkpointer)) => Ok((file, writer, checkpointer)),
                Err(err) => Err((file, err)),
            }
        });
        match own {
            Some(Ok((file, writer, checkpointer))) => {
                let log = std::sync::Arc::new(sqlite::Log::default());
                let seen = log.clone();
                let (committed, durable) = std::sync::mpsc::channel();
                let spawned = std::thread::Builder::new()
                    .name("bilan-writer".into())
                    .spawn(move || sqlite::run(writer, queue, committed, log, secret))
                    .and_then(|_| {
                        std::thread::Builder::new()
                            .name("bilan-sync".into())
                            .spawn(move || sqlite::sync(&sqlite::wal(&file), durable))
                    })
                    .and_then(|_| {
                        std::thread::Builder::new()
                            .name("bilan-checkpoint".into())
                            .spawn(move || sqlite::checkpoint(checkpointer, seen))
                    });
                if let Err(err) = spawned {
                    panic!("cannot start the writer threads: {err}");
                }
            }
            failed => {
                if let Some(Err((file, err))) = failed {
                    tracing::warn!(file = %file.display(), error = %err, "writing through the pool");
                }
                tokio::spawn(pooled(db, queue, secret));
            }
        }
        Ingest { jobs }
    }

    /// Applies a checked batch; answers once it is committed.
    pub async fn apply(&self, batch: Vec<Contribution>) -> Result<Applied, IngestError> {
        let (done, answer) = oneshot::channel();
        self.jobs
            .send(Job { batch, done })
            .await
            .map_err(|_| IngestError::Stopped)?;
        answer.await.map_err(|_| IngestError::Stopped)?
    }
}

/// The jobs waiting behind `first`, up to [`GROUP`] contributions: they share one commit.
fn gather(first: Job, queue: &mut mpsc::Receiver<Job>) -> Vec<Job> {
    let mut size = first.batch.len();
    let mut group = vec![first];
    while size < GROUP {
        match queue.try_recv() {
            Ok(job) => {
                size += job.batch.len();
                group.push(job);
            }
            Err(_) => break,
        }
    }
    group
}

/// Answers every job of a group with its part of the outcome.
fn reply(group: Vec<Job>, outcome: Result<Vec<Applied>, IngestError>) {
    match outcome {
        Ok(answers) => {
            for (job, answer) in group.into_iter().zip(answers) {
                let _ = job.done.send(Ok(answer));
            }
        }
        Err(err) => {
            for job in group {
                let _ = job.done.send(Err(err.clone()));
            }
        }
    }
}

/// The writer for PostgreSQL (and an in-memory SQLite): a task writing through the pool.
async fn pooled(db: Database, mut queue: mpsc::Receiver<Job>, secret: Secret) {
    while let Some(first) = queue.recv().await {
        let group = gather(first, &mut queue);
        let batches: Vec<&[Contribution]> = group.iter().map(|j| j.batch.as_slice()).collect();
        let outcome = db.apply_groups(&batches, &secret).await.map_err(|err| {
            tracing::error!(error = %err, batches = batches.len(), "cannot apply contributions");
            IngestError::of(&err)
        });
        reply(group, outcome);
    }
}

/// The writer for a SQLite file: one thread, one connection, prepared statements.
mod sqlite {
    use std::fs::File;
    use std::os::unix::fs::MetadataExt as _;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::time::Duration;

    use bilan_core::share::Contribution;
    use foldhash::{HashSet, HashSetExt as _};
    use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior, params};
    use tokio::sync::mpsc;
    use tokio::sync::mpsc::error::TryRecvError;

    use super::{IngestError, Job, gather, reply};
    use crate::db::Applied;
    use crate::secret::Secret;
    use crate::tally::{Keys, answers, tally, unique};

    /// How often the checkpointer looks for new commits to copy into the database file (tests
    /// look often, to see many rounds quickly).
    const CHECKPOINT_EVERY: Duration = Duration::from_millis(if cfg!(test) { 5 } else { 250 });

    /// Frames in the write-ahead log (about 16 MiB) past which the writer, at its next idle
    /// moment, checkpoints the little the checkpointer left so that the log starts over.
    pub(super) const RESTART_AT: i64 = if cfg!(test) { 64 } else { 4_000 };

    /// What the writer and the checkpointer tell each other about the write-ahead log.
    #[derive(Default)]
    pub(super) struct Log {
        commits: AtomicU64,
        restart: AtomicBool,
    }

    /// Opens a connection that neither syncs nor checkpoints on commit: [`sync`] makes each
    /// commit durable before it is acknowledged, and [`checkpoint`] copies the log into the
    /// database file, both beside the writer rather than inside its commits.
    pub(super) fn open(file: &Path) -> rusqlite::Result<Connection> {
        let connection = Connection::open_with_flags(
            file,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        connection.busy_timeout(Duration::from_secs(5))?;
        connection.pragma_update(None, "journal_mode", "wal")?;
        // NORMAL in WAL mode: a commit is written to the log but not flushed to the disk, and
        // a new log's header is still flushed before any commit goes into it.
        connection.pragma_update(None, "synchronous", "normal")?;
        connection.pragma_update(None, "foreign_keys", "on")?;
        connection.pragma_update(None, "wal_autocheckpoint", 0)?;
        // 64 MiB of pages: the index of contribution ids is read where each new id goes, and
        // pages read from the cache are not read from the file again.
        connection.pragma_update(None, "cache_size", -65_536)?;
        Ok(connection)
    }

    /// The write-ahead log of the database `file`.
    pub(super) fn wal(file: &Path) -> PathBuf {
        let mut name = file.as_os_str().to_owned();
        name.push("-wal");
        PathBuf::from(name)
    }

    /// Writes the jobs as they come and hands each committed group to [`sync`], counting commits
    /// for the checkpointer; ends when every [`super::Ingest`] handle is gone.
    pub(super) fn run(
        mut connection: Connection,
        mut queue: mpsc::Receiver<Job>,
        committed: std::sync::mpsc::Sender<(Vec<Job>, Vec<Applied>)>,
        log: Arc<Log>,
        secret: Secret,
    ) {
        let mut keys = Keys::new();
        loop {
            let first = match queue.try_recv() {
                Ok(job) => job,
                Err(TryRecvError::Disconnected) => return,
                Err(TryRecvError::Empty) => {
                    // A log fully copied into the database file starts over at the next
                    // commit; the checkpointer rarely gets there between two commits.
                    if log.restart.swap(false, Ordering::Relaxed)
                        && let Err(err) = wal_checkpoint(&connection, "PASSIVE")
                    {
                        tracing::warn!(error = %err, "cannot checkpoint the write-ahead log");
                    }
                    match queue.blocking_recv() {
                        Some(job) => job,
                        None => return,
                    }
                }
            };
            let group = gather(first, &mut queue);
            let batches: Vec<&[Contribution]> = group.iter().map(|j| j.batch.as_slice()).collect();
            let outcome = apply(&mut connection, &batches, &secret, &mut keys).map_err(|err| {
                tracing::error!(error = %err, batches = batches.len(), "cannot apply contributions");
                error(&err)
            });
            match outcome {
                Ok(answers) => {
                    log.commits.fetch_add(1, Ordering::Relaxed);
                    if let Err(unsent) = committed.send((group, answers)) {
                        let (group, _) = unsent.0;
                        reply(group, Err(IngestError::Stopped));
                    }
                }
                Err(err) => reply(group, Err(err)),
            }
        }
    }

    /// Flushes the log to the disk after commits and only then acknowledges them: the same
    /// promise as SQLite's FULL (an acknowledged contribution survives a power loss), but the
    /// writer goes on with the next commit while the disk flushes, and one flush acknowledges
    /// every commit made while the previous one ran. A failed flush is reported as a failure;
    /// the upload's retry then finds its contributions already counted, as duplicates.
    pub(super) fn sync(wal: &Path, committed: std::sync::mpsc::Receiver<(Vec<Job>, Vec<Applied>)>) {
        let mut log: Option<(File, u64)> = None;
        while let Ok(first) = committed.recv() {
            let mut ready = vec![first];
            ready.extend(committed.try_iter());
            let flushed = flush(wal, &mut log).map_err(|err| {
                tracing::error!(error = %err, file = %wal.display(), "cannot flush the log");
                log = None;
                IngestError::Database(format!("cannot flush the log: {err}"))
            });
            for (group, answers) in ready {
                reply(group, flushed.clone().map(|()| answers));
            }
        }
    }

    /// Flushes the log file, opening it again if SQLite has replaced it since the last flush.
    fn flush(wal: &Path, log: &mut Option<(File, u64)>) -> std::io::Result<()> {
        let current = std::fs::metadata(wal)?.ino();
        let (file, _) = match log.take() {
            Some((file, inode)) if inode == current => log.insert((file, inode)),
            _ => {
                let file = File::options().read(true).write(true).open(wal)?;
                let inode = file.metadata()?.ino();
                log.insert((file, inode))
            }
        };
        file.sync_data()
    }

    /// Copies committed pages from the write-ahead log into the database file, beside the writer
    /// rather than inside one of its commits: SQLite's own checkpoint on commit held every upload
    /// waiting behind it for tens of milliseconds. Ends after the writer, with a last checkpoint.
    pub(super) fn checkpoint(connection: Connection, log: Arc<Log>) {
        let mut seen = 0;
        loop {
            let writing = Arc::strong_count(&log) > 1;
            let now = log.commits.load(Ordering::Relaxed);
            if now != seen || !writing {
                seen = now;
                match wal_checkpoint(&connection, "PASSIVE") {
                    Ok(frames) => log.restart.store(frames >= RESTART_AT, Ordering::Relaxed),
                    Err(err) => {
                        tracing::warn!(error = %err, "cannot checkpoint the write-ahead log")
                    }
                }
            }
            if !writing {
                return;
            }
            std::thread::sleep(CHECKPOINT_EVERY);
        }
    }

    /// Runs one checkpoint; the frames the log held.
    fn wal_checkpoint(connection: &Connection, mode: &str) -> rusqlite::Result<i64> {
        connection.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |row| {
            row.get(1)
        })
    }

    fn error(err: &rusqlite::Error) -> IngestError {
        match err.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => IngestError::Full,
            _ => IngestError::Database(err.to_string()),
        }
    }

    /// The same writes as [`crate::Database::apply_groups`], in one transaction.
    fn apply(
        connection: &mut Connection,
        groups: &[&[Contribution]],
        secret: &Secret,
        keys: &mut Keys,
    ) -> rusqlite::Result<Vec<Applied>> {
        let unique = unique(groups, secret);
        let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut fresh = HashSet::new();
        {
            let [keys_row, tables_row, counters_row, compositions_row] = &*crate::db::sql::ONE_ROW;
            let mut insert = tx.prepare_cached(keys_row)?;
            for (c, hash) in &unique {
                if insert.execute([hash.as_str()])? == 1 {
                    fresh.insert(c.id.as_str());
                }
            }
            let t = tally(
                unique
                    .iter()
                    .map(|(c, _)| *c)
                    .filter(|c| fresh.contains(c.id.as_str())),
                keys,
            );
            let mut table = tx.prepare_cached(tables_row)?;
            for (key, n, sum) in &t.tables {
                table.execute(params![
                    key.survey,
                    key.version,
                    key.period.to_string(),
                    key.dimension.to_string(),
                    n,
                    sum
                ])?;
            }
            let mut counter = tx.prepare_cached(counters_row)?;
            for (key, question, bucket, n, sum) in &t.counters {
                counter.execute(params![
                    key.survey,
                    key.version,
                    key.period.to_string(),
                    key.dimension.to_string(),
                    question,
                    bucket,
                    n,
                    sum
                ])?;
            }
            let mut composition = tx.prepare_cached(compositions_row)?;
            for (family, session, college, n) in &t.compositions {
                composition.execute(params![
                    family.survey,
                    family.version,
                    family.period.to_string(),
                    session,
                    college,
                    n
                ])?;
            }
        }
        tx.commit()?;
        Ok(answers(groups, |id| fresh.contains(id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A contribution of one cell with its own id.
    fn contribution(n: usize) -> Contribution {
        serde_json::from_value(serde_json::json!({
            "id": format!("{n:032x}"),
            "survey": "auto-evaluation",
            "version": 1,
            "period": "2026",
            "cells": [{ "question": "benevoles", "bucket": "3" }],
        }))
        .unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_log_is_copied_into_the_database_and_starts_over_under_steady_writes() {
        let dir = std::env::temp_dir().join(format!("bilan-wal-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let file = dir.join("bilan.db");
        let db = Database::connect(&format!("sqlite://{}", file.display()))
            .await
            .unwrap();
        let ingest = Ingest::start(db.clone(), Secret::draw());
        let wal = sqlite::wal(&file);
        const COMMITS: usize = 1_000;
        let mut largest = 0;
        for n in 0..COMMITS {
            let applied = ingest.apply(vec![contribution(n)]).await.unwrap();
            assert_eq!(applied.applied.len(), 1);
            largest = largest.max(std::fs::metadata(&wal).unwrap().len());
        }
        // Every commit appends at least one 4 KiB page (plus its 24-byte header) to the log: a
        // log that never started over would hold all of them.
        let never_restarted = COMMITS as u64 * 4_120;
        assert!(
            largest < never_restarted / 2,
            "the log grew to {largest} bytes, {COMMITS} commits without starting over take {never_restarted}"
        );
        let key = crate::db::TableKey {
            survey: "auto-evaluation".into(),
            version: 1,
            period: bilan_core::share::Period::Year(2026),
            dimension: bilan_core::share::Dimension::None,
        };
        let table = db.table(&key).await.unwrap();
        assert_eq!(table.people, COMMITS as u64);
        assert_eq!(table.counters[0].count, COMMITS as u64);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
