//! A facilitator's sessions as use cases, between the pages and the storage: create one, take a
//! kiosk participant's reading, import a second tablet's file, close one and queue its totals.

use bilan_core::Survey;
use bilan_core::reading::Reading;
use bilan_core::session::{Session, SessionError};
use bilan_core::share::{Granularity, Outgoing};

use crate::components::loaded::LoadError;
use crate::i18n::{Msg, session_error, tr};
use crate::storage::{Storage, StorageError};
use bilan_core::Lang;

/// Why a session could not be changed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SessionFailure {
    /// The session is not on this device.
    #[error("this session is not on this device")]
    Missing,
    /// The session refused (closed, another survey, a file that is not one...).
    #[error(transparent)]
    Session(#[from] SessionError),
    /// The survey file could not be read.
    #[error("{0}")]
    Survey(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl SessionFailure {
    /// The failure in words for the facilitator, in `lang`.
    pub fn said(&self, lang: Lang) -> String {
        match self {
            SessionFailure::Missing => tr(lang, Msg::SessionMissing).to_owned(),
            SessionFailure::Session(err) => session_error(lang, err),
            SessionFailure::Survey(words) => words.clone(),
            SessionFailure::Storage(err) => err.to_string(),
        }
    }
}

/// The sessions on this device.
pub async fn list() -> Result<Vec<Session>, StorageError> {
    Storage::app().await?.sessions().await
}

/// Loads session `id` from the device. A session made before codes had nine letters, never
/// opened nor closed, gets a code of today's length (it was used nowhere).
pub async fn load(id: &str) -> Result<Session, LoadError> {
    let storage = Storage::app().await?;
    let mut session = storage
        .session(id)
        .await?
        .ok_or(LoadError::Said(Msg::SessionMissing))?;
    if !bilan_core::share::is_session_code(&session.code)
        && !session.online
        && session.closed_at.is_none()
    {
        session.code = bilan_core::session::new_code(crate::random::bytes());
        storage.save_session(&session).await?;
    }
    Ok(session)
}

/// Stores `session` as it now stands (its PIN, its lock, opened to phones...).
pub async fn save(session: &Session) -> Result<(), StorageError> {
    Storage::app().await?.save_session(session).await
}

/// Deletes session `id` and its answers from this device.
pub async fn delete(id: &str) -> Result<(), StorageError> {
    Storage::app().await?.delete_session(id).await
}

/// Stores a session created on this device.
pub async fn create(session: &Session) -> Result<(), SessionFailure> {
    Ok(Storage::app().await?.save_session(session).await?)
}

/// Adds a kiosk participant's `reading` to session `id`.
pub async fn add_reading(id: &str, reading: Reading) -> Result<(), SessionFailure> {
    let storage = Storage::app().await?;
    let mut session = storage.session(id).await?.ok_or(SessionFailure::Missing)?;
    session.add(reading, now())?;
    Ok(storage.save_session(&session).await?)
}

/// Imports another device's session file: its answers join the same session here (each
/// counted once), or it becomes a new session. Returns how many answers are new.
pub async fn import(incoming: &Session) -> Result<usize, SessionFailure> {
    let storage = Storage::app().await?;
    match storage.session(&incoming.id).await? {
        Some(mut mine) => {
            let added = mine.merge(incoming, now())?;
            storage.save_session(&mine).await?;
            Ok(added)
        }
        None => {
            storage.save_session(incoming).await?;
            Ok(incoming.responses.len())
        }
    }
}

/// Closes `session` now and queues its totals, one group per college, in one transaction.
pub async fn close(session: &mut Session, survey: &Survey) -> Result<(), SessionFailure> {
    let now = now();
    let totals: Vec<Outgoing> = session
        .contributions(survey, Granularity::Year, crate::random::contribution_id)
        .into_iter()
        .map(|c| Outgoing::new(c, now))
        .collect();
    session.closed_at = Some(now);
    session.updated_at = now;
    Ok(Storage::app()
        .await?
        .close_session(session, &totals)
        .await?)
}

fn now() -> i64 {
    js_sys::Date::now() as i64
}
