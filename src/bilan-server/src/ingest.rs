//! One writer for contributions with group commit: requests that arrive while a transaction is
//! being written wait for the next one, so many uploads share one commit (and one fsync).

use bilan_core::share::Contribution;
use tokio::sync::{mpsc, oneshot};

use crate::db::{Applied, Database};

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
    pub fn start(db: Database) -> Ingest {
        let (jobs, queue) = mpsc::channel::<Job>(1024);
        let own = db
            .sqlite_file()
            .map(|file| sqlite::open(&file).map_err(|err| (file, err)));
        match own {
            Some(Ok(connection)) => {
                let spawned = std::thread::Builder::new()
                    .name("bilan-writer".into())
                    .spawn(move || sqlite::run(connection, queue));
                if let Err(err) = spawned {
                    panic!("cannot start the writer thread: {err}");
                }
            }
            failed => {
                if let Some(Err((file, err))) = failed {
                    tracing::warn!(file = %file.display(), error = %err, "writing through the pool");
                }
                tokio::spawn(pooled(db, queue));
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
async fn pooled(db: Database, mut queue: mpsc::Receiver<Job>) {
    while let Some(first) = queue.recv().await {
        let group = gather(first, &mut queue);
        let batches: Vec<&[Contribution]> = group.iter().map(|j| j.batch.as_slice()).collect();
        let outcome = db.apply_groups(&batches).await.map_err(|err| {
            tracing::error!(error = %err, batches = batches.len(), "cannot apply contributions");
            IngestError::of(&err)
        });
        reply(group, outcome);
    }
}

/// The writer for a SQLite file: one thread, one connection, prepared statements.
mod sqlite {
    use std::path::Path;
    use std::time::Duration;

    use bilan_core::share::Contribution;
    use foldhash::{HashSet, HashSetExt as _};
    use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior, params};
    use tokio::sync::mpsc;

    use super::{IngestError, Job, gather, reply};
    use crate::db::{Applied, answers, tally, unique};

    /// Opens the writer's connection with the pool's settings: FULL, so that an acknowledged
    /// contribution survives a power loss.
    pub(super) fn open(file: &Path) -> rusqlite::Result<Connection> {
        let connection = Connection::open_with_flags(
            file,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        connection.busy_timeout(Duration::from_secs(5))?;
        connection.pragma_update(None, "journal_mode", "wal")?;
        connection.pragma_update(None, "synchronous", "full")?;
        connection.pragma_update(None, "foreign_keys", "on")?;
        Ok(connection)
    }

    pub(super) fn run(mut connection: Connection, mut queue: mpsc::Receiver<Job>) {
        while let Some(first) = queue.blocking_recv() {
            let group = gather(first, &mut queue);
            let batches: Vec<&[Contribution]> = group.iter().map(|j| j.batch.as_slice()).collect();
            let outcome = apply(&mut connection, &batches).map_err(|err| {
                tracing::error!(error = %err, batches = batches.len(), "cannot apply contributions");
                error(&err)
            });
            reply(group, outcome);
        }
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
    ) -> rusqlite::Result<Vec<Applied>> {
        let unique = unique(groups);
        let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut fresh = HashSet::new();
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO contribution_keys (id) VALUES (?1) ON CONFLICT (id) DO NOTHING",
            )?;
            for c in &unique {
                if insert.execute([c.id.as_str()])? == 1 {
                    fresh.insert(c.id.as_str());
                }
            }
            let (tables, counters) = tally(
                unique
                    .iter()
                    .copied()
                    .filter(|c| fresh.contains(c.id.as_str())),
            );
            let mut table = tx.prepare_cached(
                "INSERT INTO sync_tables (survey, version, period, dimension, contributions) \
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (survey, version, period, dimension) \
                 DO UPDATE SET contributions = sync_tables.contributions + excluded.contributions",
            )?;
            for (key, n) in &tables {
                table.execute(params![
                    key.survey,
                    key.version,
                    key.period,
                    key.dimension,
                    n
                ])?;
            }
            let mut counter = tx.prepare_cached(
                "INSERT INTO counters (survey, version, period, dimension, question, bucket, count) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
                 ON CONFLICT (survey, version, period, dimension, question, bucket) \
                 DO UPDATE SET count = counters.count + excluded.count",
            )?;
            for ((key, question, bucket), n) in &counters {
                counter.execute(params![
                    key.survey,
                    key.version,
                    key.period,
                    key.dimension,
                    question,
                    bucket,
                    n
                ])?;
            }
        }
        tx.commit()?;
        Ok(answers(groups, |id| fresh.contains(id)))
    }
}
