//! App-wide facts about the device: network reachability and the state of local storage.

use bilan_core::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::I18n;
use crate::storage::{Storage, StorageError};

/// Settings keys written by the shell.
pub mod keys {
    /// The chosen interface language (`"fr"` or `"en"`).
    pub const LANG: &str = "lang";
    /// Whether the browser granted persistent storage, asked once.
    pub const PERSISTED: &str = "storage_persisted";
    /// Whether the person has seen (and closed) the warning that the browser may evict data.
    pub const EVICTION_SEEN: &str = "eviction_warning_seen";
}

/// What the app knows of its local storage.
#[derive(Debug, Clone, PartialEq)]
pub enum StorageState {
    /// Still opening the database.
    Opening,
    /// Open; `persisted` is the browser's answer to `navigator.storage.persist()`.
    Ready { persisted: bool },
    /// Storage cannot be used; the error says why.
    Failed(StorageError),
}

/// Network and storage status shared by the shell and the pages.
#[derive(Debug, Clone, Copy)]
pub struct Status {
    /// Whether the browser says it is online.
    pub online: RwSignal<bool>,
    /// The local storage's state.
    pub storage: RwSignal<StorageState>,
    /// Whether to warn that the browser may evict this device's data: persistence was refused
    /// and the person has not closed the warning yet (it is said once).
    pub eviction_warning: RwSignal<bool>,
}

/// Creates the status and makes it available to every component.
pub fn provide_status() -> Status {
    let online = web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true);
    let status = Status {
        online: RwSignal::new(online),
        storage: RwSignal::new(StorageState::Opening),
        eviction_warning: RwSignal::new(false),
    };
    provide_context(status);
    status
}

/// The app's status handle.
pub fn use_status() -> Status {
    expect_context::<Status>()
}

/// Starts listening to the network and opens storage, restoring the saved language and asking
/// once for persistent storage.
pub fn start(i18n: I18n, status: Status) {
    let online = status.online;
    // Handles live as long as the page: the shell is never unmounted.
    std::mem::forget(window_event_listener(leptos::ev::online, move |_| {
        online.set(true)
    }));
    std::mem::forget(window_event_listener(leptos::ev::offline, move |_| {
        online.set(false)
    }));
    spawn_local(async move {
        let state = match open_and_restore(i18n).await {
            Ok(persisted) => StorageState::Ready { persisted },
            Err(err) => StorageState::Failed(err),
        };
        if state == (StorageState::Ready { persisted: false }) {
            let seen = async {
                Storage::app()
                    .await?
                    .setting::<bool>(keys::EVICTION_SEEN)
                    .await
            };
            status
                .eviction_warning
                .set(!matches!(seen.await, Ok(Some(true))));
        }
        status.storage.set(state);
    });
}

/// Closes the eviction warning for good on this device.
pub fn eviction_warning_seen(status: Status) {
    status.eviction_warning.set(false);
    remember(keys::EVICTION_SEEN, true);
}

/// Keeps a setting of the shell in the background; a failure only costs the choice at the next
/// visit, so it is logged, not shown.
fn remember<T: serde::Serialize + 'static>(key: &'static str, value: T) {
    spawn_local(async move {
        let saved = async { Storage::app().await?.set_setting(key, &value).await };
        if let Err(err) = saved.await {
            leptos::logging::warn!("setting {key} not saved: {err}");
        }
    });
}

async fn open_and_restore(i18n: I18n) -> Result<bool, StorageError> {
    let storage = Storage::app().await?;
    if let Some(code) = storage.setting::<String>(keys::LANG).await?
        && let Ok(lang) = code.parse::<Lang>()
    {
        i18n.set_lang(lang);
    }
    if let Some(persisted) = storage.setting::<bool>(keys::PERSISTED).await? {
        return Ok(persisted);
    }
    let persisted = request_persistence().await;
    storage.set_setting(keys::PERSISTED, &persisted).await?;
    Ok(persisted)
}

/// Asks the browser not to evict this site's data; `false` when refused or unsupported.
async fn request_persistence() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(promise) = window.navigator().storage().persist() else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Switches the language and remembers it on the device.
pub fn choose_lang(i18n: I18n, lang: Lang) {
    i18n.set_lang(lang);
    remember(keys::LANG, lang.code());
}
