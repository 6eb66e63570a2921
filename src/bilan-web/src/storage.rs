//! Everything the app keeps on the device, in IndexedDB: typed async functions, one error type.
//!
//! No `JsValue` leaves this module. Records are stored as plain JS objects (via JSON) so they stay
//! readable in the browser's developer tools and in a backup.

use std::rc::Rc;

use bilan_core::backup::{Backup, Merge};
use bilan_core::reading::{Draft, Profile, Reading};
use bilan_core::share::Outgoing;
use indexed_db::{Database, Factory, VersionChangeEvent};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

mod records;
mod sessions;
pub use records::Readable;
use records::{decode, encode, encoded, read_backup};

/// Name of the app's database.
pub const DB_NAME: &str = "bilan";

/// The schema version this build of the app writes; [`migrate`] knows every step up to it.
pub const SCHEMA_VERSION: u32 = 2;

/// Object stores of the schema.
pub mod stores {
    /// Local, pseudonymous profiles (key: `id`).
    pub const PROFILES: &str = "profiles";
    /// Survey answers in progress, autosaved at every answer (key: `id`).
    pub const DRAFTS: &str = "drafts";
    /// Submitted answers, timestamped, with the survey version (key: `id`).
    pub const READINGS: &str = "readings";
    /// Collective sessions run on this device (key: `id`).
    pub const SESSIONS: &str = "sessions";
    /// Contributions waiting to be sent to the server (key: `id`).
    pub const OUTBOX: &str = "outbox";
    /// Key-value settings (out-of-line keys).
    pub const SETTINGS: &str = "settings";
    /// Every store, in creation order.
    pub const ALL: [&str; 6] = [PROFILES, DRAFTS, READINGS, SESSIONS, OUTBOX, SETTINGS];
    /// What a backup holds: all but the settings, which stay with the device (its link to a
    /// server among them).
    pub const BACKED_UP: [&str; 5] = [PROFILES, DRAFTS, READINGS, SESSIONS, OUTBOX];
}

/// Indexes of the schema (from version 2).
pub mod indexes {
    /// On drafts and readings: the profile they belong to.
    pub const BY_PROFILE: &str = "by_profile";
}

/// What went wrong with the device's storage, in words a person can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StorageError {
    #[error("this browser offers no storage (IndexedDB is missing or disabled)")]
    Unavailable,
    #[error(
        "the data on this device was written by a newer version of Bilan (this app knows schema {known}): update the app"
    )]
    NewerSchema { known: u32 },
    #[error("the browser's storage for this site is full: nothing new was saved")]
    Full,
    #[error("storage operation failed: {0}")]
    Operation(String),
    #[error("record {key:?} in {store} cannot be read: {reason}")]
    Corrupt {
        store: &'static str,
        key: String,
        reason: String,
    },
    #[error("cannot encode a record for {store}: {reason}")]
    Encode { store: &'static str, reason: String },
    /// A reading is stored once: its draft was already submitted (from another tab).
    #[error("this review was already stored, from another tab or window: it is kept once")]
    AlreadyStored,
}

impl From<indexed_db::Error<StorageError>> for StorageError {
    fn from(err: indexed_db::Error<StorageError>) -> Self {
        match err {
            indexed_db::Error::User(inner) => inner,
            indexed_db::Error::NotInBrowser | indexed_db::Error::IndexedDbDisabled => {
                StorageError::Unavailable
            }
            indexed_db::Error::QuotaExceeded => StorageError::Full,
            indexed_db::Error::AlreadyExists => StorageError::AlreadyStored,
            other => StorageError::Operation(other.to_string()),
        }
    }
}

type Result<T> = std::result::Result<T, StorageError>;
type IdbResult<T> = indexed_db::Result<T, StorageError>;

/// An open handle on the app's database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Storage {
    db: Rc<Database<StorageError>>,
}

thread_local! {
    /// The app's one connection: its first users at start-up (the device's status, the page
    /// being opened) wait for the same opening instead of each opening a connection of its own.
    static APP_STORAGE: &'static async_once_cell::OnceCell<Storage> =
        Box::leak(Box::new(async_once_cell::OnceCell::new()));
}

impl Storage {
    /// The app's database, opened (and upgraded) on first use and shared afterwards; a failed
    /// opening is not kept, so the next use tries again.
    pub async fn app() -> Result<Storage> {
        let cell = APP_STORAGE.with(|cell| *cell);
        cell.get_or_try_init(Storage::open(DB_NAME, SCHEMA_VERSION))
            .await
            .cloned()
    }

    /// Opens the database `name` at schema `version`, running every upgrade step in between.
    /// Tests use their own names; a version below [`SCHEMA_VERSION`] is only for testing upgrades.
    pub async fn open(name: &str, version: u32) -> Result<Storage> {
        let factory = Factory::<StorageError>::get()?;
        let _opening = crate::browser::NotKept::hold();
        let db = factory
            .open(name, version, move |event| async move { migrate(&event) })
            .await
            .map_err(|err| match err {
                indexed_db::Error::VersionTooOld => StorageError::NewerSchema { known: version },
                other => other.into(),
            })?;
        Ok(Storage { db: Rc::new(db) })
    }

    /// Deletes the database `name` entirely (tests, and "delete everything").
    pub async fn delete(name: &str) -> Result<()> {
        Factory::<StorageError>::get()?
            .delete_database(name)
            .await?;
        Ok(())
    }

    /// The schema version of the open database.
    pub fn version(&self) -> u32 {
        self.db.version()
    }

    /// The names of the object stores, sorted.
    pub fn store_names(&self) -> Vec<String> {
        self.db.object_store_names()
    }

    /// Closes the connection (needed before another version can open the same database).
    pub fn close(&self) {
        self.db.close();
    }

    /// Reads the setting `key`, `None` when it was never set.
    pub async fn setting<T: DeserializeOwned + 'static>(&self, key: &str) -> Result<Option<T>> {
        self.get_value(stores::SETTINGS, key)
            .await?
            .map(|value| decode(stores::SETTINGS, key, &value))
            .transpose()
    }

    /// Writes the setting `key`.
    pub async fn set_setting<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        let value = encode(stores::SETTINGS, value)?;
        self.put_value(stores::SETTINGS, Some(JsValue::from_str(key)), value)
            .await
    }

    /// Creates or replaces a profile.
    pub async fn save_profile(&self, profile: &Profile) -> Result<()> {
        self.put(stores::PROFILES, profile).await
    }

    /// Reads profile `id` as stored, lets `change` alter it, and writes it back in one
    /// transaction: two tabs changing different lines of its plan both keep theirs. The profile
    /// as written, `None` when it is not on this device.
    pub async fn change_profile(
        &self,
        id: &str,
        change: Box<dyn FnOnce(&mut Profile)>,
    ) -> Result<Option<Profile>> {
        let key = JsValue::from_str(id);
        let id = id.to_owned();
        self.db
            .transaction(&[stores::PROFILES])
            .rw()
            .run(move |tx| async move {
                let profiles = tx.object_store(stores::PROFILES)?;
                let Some(value) = profiles.get(&key).await? else {
                    return Ok(None);
                };
                let mut profile: Profile = decode(stores::PROFILES, &id, &value)?;
                change(&mut profile);
                profiles.put(&encode(stores::PROFILES, &profile)?).await?;
                Ok(Some(profile))
            })
            .await
            .map_err(Into::into)
    }

    /// One profile by id.
    pub async fn profile(&self, id: &str) -> Result<Option<Profile>> {
        self.get(stores::PROFILES, id).await
    }

    /// Every profile on this device, oldest first.
    pub async fn profiles(&self) -> Result<Vec<Profile>> {
        self.readable_profiles().await?.all()
    }

    /// The profiles that can be read, oldest first, and those that cannot.
    pub async fn readable_profiles(&self) -> Result<Readable<Profile>> {
        let mut read: Readable<Profile> = self.get_readable(stores::PROFILES).await?;
        bilan_core::order::sort_by_key(&mut read.records, |p| p.created_at);
        Ok(read)
    }

    /// Deletes a profile with all its drafts and readings, and the contributions of those
    /// readings still waiting to leave, in one transaction.
    pub async fn delete_profile(&self, id: &str) -> Result<()> {
        let key = JsValue::from_str(id);
        let queued = self.queued_readings().await?;
        let all = [
            stores::PROFILES,
            stores::DRAFTS,
            stores::READINGS,
            stores::OUTBOX,
        ];
        self.db
            .transaction(&all)
            .rw()
            .run(move |tx| async move {
                let outbox = tx.object_store(stores::OUTBOX)?;
                for name in [stores::DRAFTS, stores::READINGS] {
                    let store = tx.object_store(name)?;
                    let index = store.index(indexes::BY_PROFILE)?;
                    for record in index
                        .get_all_keys_in(key.clone()..=key.clone(), None)
                        .await?
                    {
                        let reading = record.as_string().filter(|_| name == stores::READINGS);
                        for (_, entry) in queued.iter().filter(|(r, _)| Some(r) == reading.as_ref())
                        {
                            outbox.delete(&JsValue::from_str(entry)).await?;
                        }
                        store.delete(&record).await?;
                    }
                }
                tx.object_store(stores::PROFILES)?.delete(&key).await?;
                Ok(())
            })
            .await
            .map_err(Into::into)
    }

    /// Saves a draft (at every answer).
    pub async fn save_draft(&self, draft: &Draft) -> Result<()> {
        self.put(stores::DRAFTS, draft).await
    }

    /// The drafts of `profile` that can be read, and those that cannot: a damaged draft does
    /// not keep the person from their surveys.
    pub async fn drafts(&self, profile: &str) -> Result<Readable<Draft>> {
        let values = self.by_profile_values(stores::DRAFTS, profile).await?;
        Ok(Readable::of(stores::DRAFTS, &values))
    }

    /// Stores a submitted reading and removes the draft it came from, both or neither.
    pub async fn submit_reading(&self, reading: &Reading, draft_id: &str) -> Result<()> {
        self.submit_sharing(reading, draft_id, None).await
    }

    /// Stores a submitted reading, removes its draft and queues its contribution when the person
    /// shares: all of it or nothing, and nothing when a reading of this id is already stored
    /// ([`StorageError::AlreadyStored`]).
    pub async fn submit_sharing(
        &self,
        reading: &Reading,
        draft_id: &str,
        outgoing: Option<&Outgoing>,
    ) -> Result<()> {
        let value = encode(stores::READINGS, reading)?;
        let queued = outgoing.map(|o| encode(stores::OUTBOX, o)).transpose()?;
        let draft = JsValue::from_str(draft_id);
        self.db
            .transaction(&[stores::READINGS, stores::DRAFTS, stores::OUTBOX])
            .rw()
            .run(move |tx| async move {
                tx.object_store(stores::READINGS)?.add(&value).await?;
                tx.object_store(stores::DRAFTS)?.delete(&draft).await?;
                if let Some(queued) = queued {
                    tx.object_store(stores::OUTBOX)?.put(&queued).await?;
                }
                Ok(())
            })
            .await
            .map_err(Into::into)
    }

    /// Every contribution waiting to be sent or refused, oldest first, and those that cannot be
    /// read: one damaged entry does not hold up the others.
    pub async fn outbox(&self) -> Result<Readable<Outgoing>> {
        let mut read: Readable<Outgoing> = self.get_readable(stores::OUTBOX).await?;
        bilan_core::order::sort_by_key(&mut read.records, |o| o.queued_at);
        Ok(read)
    }

    /// The outbox's entries that come from a holder's reading, as (reading, entry) ids: deleting
    /// the reading withdraws them.
    pub async fn queued_readings(&self) -> Result<Vec<(String, String)>> {
        Ok(self
            .outbox()
            .await?
            .records
            .into_iter()
            .filter_map(|o| Some((o.reading?, o.id)))
            .collect())
    }

    /// Writes outbox entries still queued (after a failed send): one removed meanwhile, withdrawn
    /// with its reading, stays removed.
    pub async fn update_outbox(&self, entries: &[Outgoing]) -> Result<()> {
        let values = entries
            .iter()
            .map(|o| Ok((JsValue::from_str(&o.id), encode(stores::OUTBOX, o)?)))
            .collect::<Result<Vec<_>>>()?;
        self.db
            .transaction(&[stores::OUTBOX])
            .rw()
            .run(move |tx| async move {
                let store = tx.object_store(stores::OUTBOX)?;
                for (key, value) in values {
                    if store.get(&key).await?.is_some() {
                        store.put(&value).await?;
                    }
                }
                Ok(())
            })
            .await
            .map_err(Into::into)
    }

    /// Removes the entries the server acknowledged (counted now or before).
    pub async fn remove_from_outbox(&self, ids: &[String]) -> Result<()> {
        let keys: Vec<JsValue> = ids.iter().map(|id| JsValue::from_str(id)).collect();
        self.db
            .transaction(&[stores::OUTBOX])
            .rw()
            .run(move |tx| async move {
                let store = tx.object_store(stores::OUTBOX)?;
                for key in keys {
                    store.delete(&key).await?;
                }
                Ok(())
            })
            .await
            .map_err(Into::into)
    }

    /// Deletes records by their keys, each from its store, in one transaction: a reading with
    /// its contribution still queued.
    pub async fn delete_keys(&self, keys: Vec<(&'static str, String)>) -> Result<()> {
        let mut names: Vec<&'static str> = keys.iter().map(|(store, _)| *store).collect();
        names.dedup();
        self.db
            .transaction(&names)
            .rw()
            .run(move |tx| async move {
                for (store, key) in keys {
                    tx.object_store(store)?
                        .delete(&JsValue::from_str(&key))
                        .await?;
                }
                Ok(())
            })
            .await
            .map_err(Into::into)
    }

    /// Deletes record `key` of `store` by its key alone, so a record that cannot be read goes
    /// too: a profile with its drafts and readings (as [`Storage::delete_profile`]), any other
    /// record alone.
    pub async fn delete_record(&self, store: &'static str, key: &str) -> Result<()> {
        if store == stores::PROFILES {
            return self.delete_profile(key).await;
        }
        let key = JsValue::from_str(key);
        self.db
            .transaction(&[store])
            .rw()
            .run(move |tx| async move {
                tx.object_store(store)?.delete(&key).await?;
                Ok(())
            })
            .await
            .map_err(Into::into)
    }

    /// The readings of `profile`, oldest first.
    pub async fn readings(&self, profile: &str) -> Result<Vec<Reading>> {
        self.readable_readings(profile).await?.all()
    }

    /// The readings of `profile` that can be read, oldest first, and those that cannot.
    pub async fn readable_readings(&self, profile: &str) -> Result<Readable<Reading>> {
        let values = self.by_profile_values(stores::READINGS, profile).await?;
        let mut read: Readable<Reading> = Readable::of(stores::READINGS, &values);
        bilan_core::order::sort_by_key(&mut read.records, |r| r.submitted_at);
        Ok(read)
    }

    /// Everything the device holds but its settings, as one backup taken at `now`, and the
    /// records left out of it because they cannot be read.
    pub async fn export_backup(&self, now: i64) -> Result<(Backup, Vec<StorageError>)> {
        let all = stores::BACKED_UP;
        self.db
            .transaction(&all)
            .run(move |tx| async move { read_backup(&tx, now).await })
            .await
            .map_err(Into::into)
    }

    /// Merges a checked backup into the device: new records and newer versions are written,
    /// nothing newer on the device is replaced, and a failure writes nothing at all.
    pub async fn import_backup(&self, incoming: Backup) -> Result<Merge> {
        let all = stores::BACKED_UP;
        self.db
            .transaction(&all)
            .rw()
            .run(move |tx| async move {
                // A record that cannot be read is not there to compare: the backup's copy of it,
                // if it has one, takes its place.
                let (current, _) = read_backup(&tx, 0).await?;
                let merge = incoming.merge_into(&current);
                let writes = encoded(stores::PROFILES, &merge.profiles)
                    .chain(encoded(stores::DRAFTS, &merge.drafts))
                    .chain(encoded(stores::READINGS, &merge.readings))
                    .chain(encoded(stores::SESSIONS, &merge.sessions))
                    .chain(encoded(stores::OUTBOX, &merge.outbox));
                for (store, value) in writes {
                    tx.object_store(store)?.put(&value?).await?;
                }
                Ok(merge)
            })
            .await
            .map_err(Into::into)
    }

    // The typed reads and writes below read each record into its type outside the transaction:
    // the transaction's code is compiled once for every type (it was 2.5 KB for each).

    /// The records of `store` that belong to `profile`, as stored.
    async fn by_profile_values(&self, store: &'static str, profile: &str) -> Result<Vec<JsValue>> {
        let key = JsValue::from_str(profile);
        Ok(self
            .db
            .transaction(&[store])
            .run(move |tx| async move {
                let index = tx.object_store(store)?.index(indexes::BY_PROFILE)?;
                index.get_all_in(key.clone()..=key, None).await
            })
            .await?)
    }

    async fn put<T: Serialize>(&self, store: &'static str, record: &T) -> Result<()> {
        self.put_value(store, None, encode(store, record)?).await
    }

    /// Writes `value` into `store`, under `key` for a store without keys of its own.
    async fn put_value(
        &self,
        store: &'static str,
        key: Option<JsValue>,
        value: JsValue,
    ) -> Result<()> {
        self.db
            .transaction(&[store])
            .rw()
            .run(move |tx| async move {
                let store = tx.object_store(store)?;
                match key {
                    Some(key) => store.put_kv(&key, &value).await,
                    None => store.put(&value).await.map(drop),
                }
            })
            .await
            .map_err(Into::into)
    }

    async fn get<T: DeserializeOwned + 'static>(
        &self,
        store: &'static str,
        id: &str,
    ) -> Result<Option<T>> {
        self.get_value(store, id)
            .await?
            .map(|value| decode(store, id, &value))
            .transpose()
    }

    /// The record `key` of `store` as stored.
    async fn get_value(&self, store: &'static str, key: &str) -> Result<Option<JsValue>> {
        let key = JsValue::from_str(key);
        self.db
            .transaction(&[store])
            .run(move |tx| async move { tx.object_store(store)?.get(&key).await })
            .await
            .map_err(Into::into)
    }

    /// Every record of `store` that can be read, and the errors of those that cannot.
    async fn get_readable<T: DeserializeOwned>(&self, store: &'static str) -> Result<Readable<T>> {
        Ok(Readable::of(store, &self.values(store).await?))
    }

    /// Every record of `store` as stored, whatever its type.
    async fn values(&self, store: &'static str) -> Result<Vec<JsValue>> {
        Ok(self
            .db
            .transaction(&[store])
            .run(move |tx| async move { tx.object_store(store)?.get_all(None).await })
            .await?)
    }
}

/// The schema's upgrade steps: each version adds to the previous one, so a device that skipped
/// versions runs every step it missed, in order, inside the one upgrade transaction.
fn migrate(event: &VersionChangeEvent<StorageError>) -> IdbResult<()> {
    let (old, new) = (event.old_version(), event.new_version());
    let db = event.database();
    if old < 1 && new >= 1 {
        for store in stores::ALL {
            let builder = db.build_object_store(store);
            if store == stores::SETTINGS {
                builder.create()?;
            } else {
                builder.key_path("id").create()?;
            }
        }
    }
    if old < 2 && new >= 2 {
        // Find a profile's drafts and readings without reading every record.
        for store in [stores::DRAFTS, stores::READINGS] {
            let store = event.transaction().object_store(store)?;
            store
                .build_index(indexes::BY_PROFILE, "profile_id")
                .create()?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    async fn the_apps_first_users_share_one_connection() {
        // As at start-up: the device's status and the page being opened, at the same time.
        let (first, second) = futures::join!(Storage::app(), Storage::app());
        let (first, second) = (first.unwrap(), second.unwrap());
        assert!(Rc::ptr_eq(&first.db, &second.db), "two connections opened");
        let later = Storage::app().await.unwrap();
        assert!(Rc::ptr_eq(&first.db, &later.db));
    }
}
