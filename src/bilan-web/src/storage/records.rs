//! How records go into IndexedDB and come out of it: encoded by the browser, read into their
//! types, a record that cannot be read named by its id.

use bilan_core::backup::Backup;
use indexed_db::Transaction;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use super::{IdbResult, Result, StorageError, stores};

/// The records of a list that could be read, and the errors of those that could not: one
/// damaged record does not hide the others from the page that lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct Readable<T> {
    /// The records read into their type, in the order the list asked for.
    pub records: Vec<T>,
    /// Why each of the others could not be read, naming it.
    pub unreadable: Vec<StorageError>,
}

impl<T: DeserializeOwned> Readable<T> {
    /// Reads each of `values`, from `store`, into its type.
    pub(super) fn of(store: &'static str, values: &[JsValue]) -> Self {
        let mut read = Readable {
            records: Vec::with_capacity(values.len()),
            unreadable: Vec::new(),
        };
        for value in values {
            match decode(store, "?", value) {
                Ok(record) => read.records.push(record),
                Err(err) => read.unreadable.push(err),
            }
        }
        read
    }
}

impl<T> Default for Readable<T> {
    fn default() -> Self {
        Readable {
            records: Vec::new(),
            unreadable: Vec::new(),
        }
    }
}

impl<T> Readable<T> {
    /// Whether the list holds no record at all, readable or not.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.unreadable.is_empty()
    }

    /// Every record, or the first that could not be read: for what needs the whole list (a
    /// backup, a search).
    pub fn all(self) -> Result<Vec<T>> {
        match self.unreadable.into_iter().next() {
            Some(err) => Err(err),
            None => Ok(self.records),
        }
    }
}

pub(super) fn encode<T: Serialize>(store: &'static str, record: &T) -> Result<JsValue> {
    crate::browser::to_js(record).map_err(|reason| StorageError::Encode { store, reason })
}

/// Each of `records` encoded for `store`, beside the store's name: a backup's writes.
pub(super) fn encoded<'a, T: Serialize>(
    store: &'static str,
    records: &'a [T],
) -> impl Iterator<Item = (&'static str, Result<JsValue>)> + 'a {
    records.iter().map(move |r| (store, encode(store, r)))
}

pub(super) fn decode<T: DeserializeOwned>(
    store: &'static str,
    key: &str,
    value: &JsValue,
) -> Result<T> {
    serde_wasm_bindgen::from_value(value.clone()).map_err(|err| corrupt(store, key, value, err))
}

/// A record that cannot be read, named by its own id, or by `key` when it has none (a setting,
/// or `"?"` for one read among others).
#[inline(never)]
fn corrupt(
    store: &'static str,
    key: &str,
    value: &JsValue,
    err: serde_wasm_bindgen::Error,
) -> StorageError {
    let id = js_sys::Reflect::get(value, &"id".into())
        .ok()
        .and_then(|id| id.as_string());
    // The reason is a JavaScript `Error`'s text: its "Error: " says nothing.
    let reason = err.to_string();
    StorageError::Corrupt {
        store,
        key: id.unwrap_or_else(|| key.to_owned()),
        reason: reason.strip_prefix("Error: ").unwrap_or(&reason).to_owned(),
    }
}

/// Reads the five stores of a backup inside an open transaction: the records that can be read,
/// and the errors of those that cannot.
pub(super) async fn read_backup(
    tx: &Transaction<StorageError>,
    now: i64,
) -> IdbResult<(Backup, Vec<StorageError>)> {
    async fn readable<T: DeserializeOwned>(
        tx: &Transaction<StorageError>,
        store: &'static str,
    ) -> IdbResult<Readable<T>> {
        let values = tx.object_store(store)?.get_all(None).await?;
        Ok(Readable::of(store, &values))
    }
    let profiles = readable(tx, stores::PROFILES).await?;
    let drafts = readable(tx, stores::DRAFTS).await?;
    let readings = readable(tx, stores::READINGS).await?;
    let sessions = readable(tx, stores::SESSIONS).await?;
    let outbox = readable(tx, stores::OUTBOX).await?;
    let unreadable = profiles
        .unreadable
        .into_iter()
        .chain(drafts.unreadable)
        .chain(readings.unreadable)
        .chain(sessions.unreadable)
        .chain(outbox.unreadable)
        .collect();
    Ok((
        Backup::new(now, profiles.records, drafts.records, readings.records)
            .with_sessions(sessions.records, outbox.records),
        unreadable,
    ))
}
