//! The collective sessions kept on the device, and their changes made in one transaction with
//! the totals they queue.

use std::cell::RefCell;
use std::rc::Rc;

use bilan_core::session::Session;
use bilan_core::share::Outgoing;
use wasm_bindgen::JsValue;

use super::records::{Readable, decode, encode};
use super::{Result, Storage, stores};

/// A change to a stored session: the outbox entries it queues, or `None` when it refuses.
type SessionChange = Box<dyn FnOnce(&mut Session) -> Option<Vec<Outgoing>>>;

impl Storage {
    /// Creates or replaces a collective session (at every participant in kiosk mode).
    pub async fn save_session(&self, session: &Session) -> Result<()> {
        self.put(stores::SESSIONS, session).await
    }

    /// One session by id.
    pub async fn session(&self, id: &str) -> Result<Option<Session>> {
        self.get(stores::SESSIONS, id).await
    }

    /// Every session on this device, the most recent day first.
    pub async fn sessions(&self) -> Result<Vec<Session>> {
        self.readable_sessions().await?.all()
    }

    /// The sessions that can be read, the most recent day first, and those that cannot.
    pub async fn readable_sessions(&self) -> Result<Readable<Session>> {
        let mut read: Readable<Session> = self.get_readable(stores::SESSIONS).await?;
        bilan_core::order::sort_by(&mut read.records, |a, b| {
            (&b.date, b.created_at).cmp(&(&a.date, a.created_at))
        });
        Ok(read)
    }

    /// Deletes a session and every answer in it.
    pub async fn delete_session(&self, id: &str) -> Result<()> {
        self.delete_record(stores::SESSIONS, id).await
    }

    /// Reads session `id` as stored, lets `change` alter it, and writes it back with the outbox
    /// entries `change` returns, all in one transaction: a page showing an older copy (another
    /// tab, a second click) acts on what is stored, never on what it last read. `None` when the
    /// session is not on this device; nothing is written when `change` refuses.
    pub async fn change_session<T: 'static, E: 'static>(
        &self,
        id: &str,
        change: impl FnOnce(&mut Session) -> std::result::Result<(T, Vec<Outgoing>), E> + 'static,
    ) -> Result<Option<std::result::Result<T, E>>> {
        let outcome = Rc::new(RefCell::new(None));
        let kept = Rc::clone(&outcome);
        let found = self
            .change_stored_session(
                id,
                Box::new(move |session| match change(session) {
                    Ok((done, queued)) => {
                        kept.replace(Some(Ok(done)));
                        Some(queued)
                    }
                    Err(refused) => {
                        kept.replace(Some(Err(refused)));
                        None
                    }
                }),
            )
            .await?;
        Ok(if found { outcome.take() } else { None })
    }

    /// [`Storage::change_session`]'s transaction, compiled once whatever the change returns:
    /// `change` gives the outbox entries to queue, or `None` to write nothing. Whether the
    /// session was there.
    async fn change_stored_session(&self, id: &str, change: SessionChange) -> Result<bool> {
        let key = JsValue::from_str(id);
        let id = id.to_owned();
        self.db
            .transaction(&[stores::SESSIONS, stores::OUTBOX])
            .rw()
            .run(move |tx| async move {
                let sessions = tx.object_store(stores::SESSIONS)?;
                let Some(value) = sessions.get(&key).await? else {
                    return Ok(false);
                };
                let mut session: Session = decode(stores::SESSIONS, &id, &value)?;
                let Some(queued) = change(&mut session) else {
                    return Ok(true);
                };
                sessions.put(&encode(stores::SESSIONS, &session)?).await?;
                let outbox = tx.object_store(stores::OUTBOX)?;
                for entry in &queued {
                    outbox.put(&encode(stores::OUTBOX, entry)?).await?;
                }
                Ok(true)
            })
            .await
            .map_err(Into::into)
    }
}
