//! One writer for contributions with group commit: requests that arrive while a transaction is
//! being written wait for the next one, so many uploads share one commit (and one fsync).

use bilan_core::share::Contribution;
use tokio::sync::{mpsc, oneshot};

use crate::db::{Applied, Database};

/// The most contributions one commit takes; the rest wait for the next.
const GROUP: usize = 5_000;

struct Job {
    batch: Vec<Contribution>,
    done: oneshot::Sender<Result<Applied, String>>,
}

/// A handle on the writer; cheap to clone.
#[derive(Debug, Clone)]
pub struct Ingest {
    jobs: mpsc::Sender<Job>,
}

/// Why a batch was not applied.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("the database refused the write: {0}")]
    Database(String),
    #[error("the writer stopped")]
    Stopped,
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
                        for job in group {
                            let _ = job.done.send(Err(err.to_string()));
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
        answer
            .await
            .map_err(|_| IngestError::Stopped)?
            .map_err(IngestError::Database)
    }
}
