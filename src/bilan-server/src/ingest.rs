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
    /// Starts the writer on `db` (needs a Tokio runtime).
    pub fn start(db: Database) -> Ingest {
        let (jobs, mut queue) = mpsc::channel::<Job>(1024);
        tokio::spawn(async move {
            while let Some(first) = queue.recv().await {
                let mut group = vec![first];
                let mut size = group[0].batch.len();
                while size < GROUP {
                    match queue.try_recv() {
                        Ok(job) => {
                            size += job.batch.len();
                            group.push(job);
                        }
                        Err(_) => break,
                    }
                }
                let batches: Vec<&[Contribution]> =
                    group.iter().map(|j| j.batch.as_slice()).collect();
                match db.apply_groups(&batches).await {
                    Ok(answers) => {
                        for (job, answer) in group.into_iter().zip(answers) {
                            let _ = job.done.send(Ok(answer));
                        }
                    }
                    Err(err) => {
                        tracing::error!(error = %err, batches = group.len(), "cannot apply contributions");
                        let err = IngestError::of(&err);
                        for job in group {
                            let _ = job.done.send(Err(err.clone()));
                        }
                    }
                }
            }
        });
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
