//! Kiosk mode: the device is locked on one session's survey, whatever address is typed or the
//! back button does, until the facilitator's PIN unlocks it. The lock survives a reload.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::storage::{Storage, StorageError};
use crate::sync::keys;

/// App-wide kiosk state: the session the device is locked on, if any.
#[derive(Debug, Clone, Copy)]
pub struct Kiosk {
    pub session: RwSignal<Option<String>>,
}

/// Provides the kiosk state and loads the lock from the device.
pub fn provide_kiosk() -> Kiosk {
    let kiosk = Kiosk {
        session: RwSignal::new(None),
    };
    provide_context(kiosk);
    spawn_local(async move {
        if let Ok(storage) = Storage::app().await
            && let Ok(Some(id)) = storage.setting::<String>(keys::KIOSK).await
            && !id.is_empty()
        {
            kiosk.session.set(Some(id));
        }
    });
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
pub async fn lock(kiosk: Kiosk, session: &str) -> Result<(), StorageError> {
    Storage::app()
        .await?
        .set_setting(keys::KIOSK, &session)
        .await?;
    kiosk.session.set(Some(session.to_owned()));
    Ok(())
}

/// Unlocks the device (after the PIN was checked).
pub async fn unlock(kiosk: Kiosk) -> Result<(), StorageError> {
    Storage::app().await?.set_setting(keys::KIOSK, &"").await?;
    kiosk.session.set(None);
    Ok(())
}
