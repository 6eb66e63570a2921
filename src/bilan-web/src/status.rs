//! App-wide facts about the device: network reachability and the state of local storage.

use bilan_core::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{I18n, Msg};
use crate::storage::{Storage, StorageError};

/// Settings keys written by the shell in IndexedDB.
pub mod keys {
    /// The chosen interface language, as earlier versions kept it; now in `localStorage`
    /// ([`crate::browser::keys::LANG`]), where the first screen can read it without waiting.
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

impl StorageError {
    /// The error in words for the reader, in `lang`: what could not be done in their language,
    /// the storage's own detail after it.
    pub fn said(&self, lang: Lang) -> String {
        match self {
            StorageError::Unavailable => crate::i18n::tr(lang, Msg::StorageUnavailable).to_owned(),
            // Which kind of record, by its id: the storage's own reason last, for whoever helps.
            StorageError::Corrupt { store, key, reason } => crate::i18n::tr_with(
                lang,
                Msg::RecordUnreadable,
                &[("store", store), ("id", key), ("why", reason)],
            ),
            other => crate::i18n::tr_with(lang, Msg::StorageError, &[("why", &other.to_string())]),
        }
    }
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

/// Starts listening to the network. Storage opens from a chunk of its own once the first
/// screen is up ([`crate::routes::start_device`], then [`open`]).
pub fn start(status: Status) {
    let online = status.online;
    // Handles live as long as the page: the shell is never unmounted.
    std::mem::forget(window_event_listener(leptos::ev::online, move |_| {
        online.set(true)
    }));
    std::mem::forget(window_event_listener(leptos::ev::offline, move |_| {
        online.set(false)
    }));
}

/// Opens storage, asking once for persistent storage, and moves the settings an earlier version
/// kept in IndexedDB to where the shell now reads them.
pub fn open(i18n: I18n, status: Status, kiosk: crate::kiosk::Kiosk) {
    spawn_local(async move {
        let state = match open_and_restore(i18n, kiosk).await {
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
        // An installed app is one the browser keeps the data of.
        std::mem::forget(window_event_listener_untyped("appinstalled", move |_| {
            ask_to_keep_again(status)
        }));
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

async fn open_and_restore(i18n: I18n, kiosk: crate::kiosk::Kiosk) -> Result<bool, StorageError> {
    use crate::browser::{keep, kept};
    let storage = Storage::app().await?;
    // The server this device is linked to, read now: a page's first request then waits for no
    // storage round trip (the board's first figures went out 25 ms later for it).
    crate::api::read_link(
        &storage
            .setting::<String>(crate::sync::keys::SERVER)
            .await?
            .unwrap_or_default(),
    );
    // Settings of an earlier version, moved once: a setting this version wrote is never
    // overwritten by an older one.
    if kept(crate::browser::keys::LANG).is_none()
        && let Some(code) = storage.setting::<String>(keys::LANG).await?
        && let Ok(lang) = code.parse::<Lang>()
    {
        choose_lang(i18n, lang);
    }
    if kept(crate::browser::keys::KIOSK).is_none()
        && let Some(id) = storage.setting::<String>(crate::sync::keys::KIOSK).await?
        && keep(crate::browser::keys::KIOSK, &id).is_ok()
        && !id.is_empty()
    {
        kiosk.session.set(Some(id));
    }
    // Granted since the last visit (asked again after a review, the app installed), or taken
    // back: the browser says so without asking anyone.
    if crate::browser::data_kept(false).await {
        storage.set_setting(keys::PERSISTED, &true).await?;
        return Ok(true);
    }
    // Asked at a first visit only: Firefox would put its question at every start.
    if storage.setting::<bool>(keys::PERSISTED).await?.is_some() {
        return Ok(false);
    }
    let persisted = crate::browser::data_kept(true).await;
    storage.set_setting(keys::PERSISTED, &persisted).await?;
    Ok(persisted)
}

/// Asks the browser again to keep this site's data, where it refused: Chromium grants it once
/// the site is used often or installed, so a device refused at its first visit does not stay at
/// risk for good. Asked when the data has just gained worth (a review kept, a session created,
/// the app installed), never at start.
pub fn ask_to_keep_again(status: Status) {
    if status.storage.get_untracked() != (StorageState::Ready { persisted: false }) {
        return;
    }
    spawn_local(async move {
        if crate::browser::data_kept(true).await {
            status.storage.set(StorageState::Ready { persisted: true });
            status.eviction_warning.set(false);
            remember(keys::PERSISTED, true);
        }
    });
}

/// Switches the language and remembers it on the device; a failure only costs the choice at
/// the next visit, so it is logged, not shown.
pub fn choose_lang(i18n: I18n, lang: Lang) {
    i18n.set_lang(lang);
    if let Err(err) = crate::browser::keep(crate::browser::keys::LANG, lang.code()) {
        leptos::logging::warn!("language not kept: {err}");
    }
}

/// Removes record `key` of `store`, one this device cannot read (a profile goes with its own
/// drafts and readings): what a page that names such a record offers.
pub async fn remove_damaged(store: &'static str, key: &str) -> Result<(), StorageError> {
    Storage::app().await?.delete_record(store, key).await
}
