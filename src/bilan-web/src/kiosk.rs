//! Kiosk mode: the device is locked on one session's survey, whatever address is typed or the
//! back button does, until the facilitator's PIN unlocks it. The lock survives a reload.

use leptos::prelude::*;

use crate::browser::{keep, kept, keys};
use crate::storage::StorageError;

/// App-wide kiosk state: the session the device is locked on, if any.
#[derive(Debug, Clone, Copy)]
pub struct Kiosk {
    pub session: RwSignal<Option<String>>,
}

/// Provides the kiosk state, locked from the first frame if the device was.
pub fn provide_kiosk() -> Kiosk {
    let locked = kept(keys::KIOSK).filter(|id| !id.is_empty());
    let kiosk = Kiosk {
        session: RwSignal::new(locked),
    };
    provide_context(kiosk);
    kiosk
}

/// The kiosk state provided by [`provide_kiosk`].
pub fn use_kiosk() -> Kiosk {
    expect_context::<Kiosk>()
}

/// The address of a session's kiosk.
pub fn path(session: &str) -> String {
    format!("/seances/{session}/kiosque")
}

/// Locks the device on `session`.
pub fn lock(kiosk: Kiosk, session: &str) -> Result<(), StorageError> {
    keep(keys::KIOSK, session)?;
    kiosk.session.set(Some(session.to_owned()));
    Ok(())
}

/// Unlocks the device (after the PIN was checked).
pub fn unlock(kiosk: Kiosk) -> Result<(), StorageError> {
    keep(keys::KIOSK, "")?;
    kiosk.session.set(None);
    Ok(())
}
