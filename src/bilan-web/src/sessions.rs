//! A facilitator's sessions as use cases, between the pages and the storage: create one, take a
//! kiosk participant's reading, import a second tablet's file, close one and queue its totals.

use bilan_core::Survey;
use bilan_core::calendar::Date;
use bilan_core::disclosure::Release;
use bilan_core::reading::Reading;
use bilan_core::session::{Session, SessionError};
use bilan_core::share::{Granularity, Outgoing};

use crate::clock::now;
use crate::components::loaded::LoadError;
use crate::i18n::{Msg, session_error, tr};
use crate::storage::{Readable, Storage, StorageError};
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
            SessionFailure::Storage(err) => err.said(lang),
        }
    }
}

/// The sessions on this device that can be read, and those that cannot.
pub async fn list() -> Result<Readable<Session>, StorageError> {
    Storage::app().await?.readable_sessions().await
}

/// Session `id` from the device, with the survey it runs in the version it runs: what its kiosk,
/// its results screen and its questionnaire on paper open with.
pub async fn load_with_survey(id: &str) -> Result<(Session, Survey), LoadError> {
    let session = load(id).await?;
    let survey = crate::surveys::load_session_survey(&session.survey_id, session.survey_version)
        .await
        .map_err(LoadError::Failed)?;
    Ok((session, survey))
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
        let fresh = bilan_core::session::new_code(crate::random::bytes());
        session.code = change(id, move |s| {
            if !bilan_core::share::is_session_code(&s.code) {
                s.code = fresh;
            }
            Ok((s.code.clone(), Vec::new()))
        })
        .await
        .map_err(|e| LoadError::Failed(e.to_string()))?;
    }
    Ok(session)
}

/// Changes session `id` as stored, in one transaction with the outbox entries the change
/// queues, then tells every tab: each change applies to what is stored, whatever copy a page
/// showed.
async fn change<T: 'static>(
    id: &str,
    f: impl FnOnce(&mut Session) -> Result<(T, Vec<Outgoing>), SessionError> + 'static,
) -> Result<T, SessionFailure> {
    let done = Storage::app()
        .await?
        .change_session(id, f)
        .await?
        .ok_or(SessionFailure::Missing)??;
    crate::browser::announce(&changed(id));
    Ok(done)
}

/// What [`crate::browser::announce`] says when session `id` changed.
pub fn changed(id: &str) -> String {
    format!("session:{id}")
}

/// Gives session `id` its kiosk PIN, unless it already has one (set from another tab).
pub async fn set_pin(id: &str, pin: bilan_core::session::PinHash) -> Result<(), SessionFailure> {
    change(id, move |s| {
        if s.pin.is_none() {
            s.pin = Some(pin);
            s.updated_at = now();
        }
        Ok(((), Vec::new()))
    })
    .await
}

/// Gives session `id` a new title and, while no phone may join it and its totals have not left,
/// a new day (the server files a session's phones under its year); checked as a new session is.
pub async fn rename(id: &str, title: String, date: Option<String>) -> Result<(), SessionFailure> {
    change(id, move |s| {
        let mut renamed = s.clone();
        renamed.title = title.trim().to_owned();
        if let Some(date) = date.filter(|_| !s.online && s.closed_at.is_none()) {
            renamed.date = date;
        }
        renamed.check()?;
        // A day moved is checked as a new session's; an older session keeps its own.
        if renamed.date != s.date {
            renamed.in_reach(Date::from_millis(now()))?;
        }
        renamed.updated_at = now();
        *s = renamed;
        Ok(((), Vec::new()))
    })
    .await
}

/// Records that session `id` was opened to participants' phones on the server.
pub async fn set_online(id: &str) -> Result<(), SessionFailure> {
    change(id, |s| {
        s.online = true;
        s.updated_at = now();
        Ok(((), Vec::new()))
    })
    .await
}

/// Records a try of session `id`'s kiosk PIN: a wrong one counts and makes the next try wait
/// longer, a right one clears them. Returns when the PIN may be tried again, after `now` when
/// it must wait.
pub async fn pin_tried(id: &str, right: bool, now: i64) -> Result<i64, SessionFailure> {
    change(id, move |s| {
        if right {
            s.pin_failures = 0;
            s.pin_locked_until = 0;
        } else {
            s.pin_failures += 1;
            s.pin_locked_until = now + bilan_core::session::pin_wait(s.pin_failures);
        }
        Ok((s.pin_locked_until, Vec::new()))
    })
    .await
}

/// Deletes session `id` and its answers from this device.
pub async fn delete(id: &str) -> Result<(), StorageError> {
    Storage::app().await?.delete_session(id).await?;
    crate::browser::announce(&changed(id));
    Ok(())
}

/// Stores a session created on this device.
pub async fn create(session: &Session) -> Result<(), SessionFailure> {
    Ok(Storage::app().await?.save_session(session).await?)
}

/// Adds a kiosk participant's `reading` to session `id`.
pub async fn add_reading(id: &str, reading: Reading) -> Result<(), SessionFailure> {
    change(id, move |s| {
        s.add(reading, now())?;
        Ok(((), Vec::new()))
    })
    .await
}

/// Imports another device's session file: its answers join the same session here (each
/// counted once), or it becomes a new session. Returns how many answers are new.
pub async fn import(incoming: &Session) -> Result<usize, SessionFailure> {
    let theirs = incoming.clone();
    match change(&incoming.id, move |mine| {
        Ok((mine.merge(&theirs, now())?, Vec::new()))
    })
    .await
    {
        Err(SessionFailure::Missing) => {
            Storage::app().await?.save_session(incoming).await?;
            crate::browser::announce(&changed(&incoming.id));
            Ok(incoming.responses.len())
        }
        merged => merged,
    }
}

/// Closes session `id` now and queues its totals, one group per college, in one transaction:
/// refused when it is already closed (from another tab, or by a second click), so its totals
/// leave once. Returns the session as closed.
pub async fn close(id: &str, survey: &Survey) -> Result<Session, SessionFailure> {
    let survey = survey.clone();
    change(id, move |s| {
        let at = now();
        let totals = s
            .close(
                &survey,
                Granularity::Year,
                crate::random::contribution_id,
                at,
            )?
            .into_iter()
            .map(|c| Outgoing::new(c, at).held_on(&s.date))
            .collect();
        Ok((s.clone(), totals))
    })
    .await
}

/// How many took part in a session, said the same way on every screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// This device's kiosk answers only: exact.
    Exact(u64),
    /// With what the server counted, perturbed: about this many.
    About(u64),
    /// At least `low` (this device's kiosk) and fewer than `below`: the server does not say how
    /// many phones answered while they are fewer than its threshold.
    Below { low: u64, below: u64 },
}

impl Count {
    /// The count as shown: `8`, `≈ 8`, `< 5` or `2–6`, as statistical tables say them.
    pub fn shown(self) -> String {
        match self {
            Count::Exact(n) => n.to_string(),
            Count::About(n) => format!("≈\u{a0}{n}"),
            Count::Below { low, below } if below <= low + 1 => low.to_string(),
            Count::Below { low: 0, below } => format!("<\u{a0}{below}"),
            Count::Below { low, below } => format!("{low}\u{2013}{}", below - 1),
        }
    }
}

/// What a session's screens show of it: until its totals are sent, this device's kiosk table
/// with the server's table of its phones; once sent, the server's table alone, the one the
/// board reads. Both sides are releases already, so their sum shows nothing more than both.
pub fn together(
    local: &Release,
    kiosk: usize,
    phones: bool,
    server: Option<&Release>,
    sent: bool,
) -> (Release, Count) {
    let count = count(kiosk, phones, server, sent);
    match server.filter(|t| t.contributions.is_some()) {
        Some(table) if sent => (table.clone(), count),
        Some(table) => {
            let shown = local.plus(table).unwrap_or_else(|| {
                if local.contributions.is_some() {
                    local.clone()
                } else {
                    table.clone()
                }
            });
            (shown, count)
        }
        None => (local.clone(), count),
    }
}

/// How many took part, from this device's `kiosk` answers and the server's table of the
/// session (see [`together`]); `phones` when the session was opened to participants' phones.
pub fn count(kiosk: usize, phones: bool, server: Option<&Release>, sent: bool) -> Count {
    let kiosk = kiosk as u64;
    let Some(table) = server else {
        return Count::Exact(kiosk);
    };
    match table.contributions {
        Some(n) if sent => Count::About(n),
        Some(n) => Count::About(kiosk + n),
        // Without phones, the kiosk's count is the session's whatever the server withholds.
        None if !phones => Count::Exact(kiosk),
        None => {
            let k = table.threshold.max(1);
            // Once sent, the session's table (kiosk and phones) has fewer than k people, unless
            // it does not count the kiosk's totals yet; before, its phones have fewer than k.
            let below = if sent && kiosk < k { k } else { kiosk + k };
            Count::Below { low: kiosk, below }
        }
    }
}

/// Session `session`'s table as the server published it (its phones, and its totals once
/// sent), read with this device's token; `None` offline or for a session never opened to
/// phones nor sent. The server counts a session's answers in the survey version they were given
/// in: the session's, and the server's latest for phones that joined once a later version was
/// out; both are read then, and added up.
pub async fn server_table(session: &Session) -> Option<Release> {
    if !session.online && session.closed_at.is_none() {
        return None;
    }
    let token = crate::api::device_token().await?;
    let mut versions = vec![session.survey_version];
    let latest = crate::surveys::load_index()
        .await
        .ok()
        .and_then(|index| index.into_iter().find(|s| s.id == session.survey_id))
        .map(|s| s.version);
    if let Some(latest) = latest.filter(|v| *v != session.survey_version) {
        versions.push(latest);
    }
    let mut table: Option<Release> = None;
    for version in versions {
        let path = format!(
            "/aggregates?survey={}&period={}&dimension=session:{}&version={version}",
            session.survey_id,
            session.day().year,
            session.code,
        );
        let read = crate::api::get::<Release>(&path, Some(&token)).await.ok()?;
        table = Some(match table {
            // A version that counts nobody adds nothing.
            Some(sum) if read.contributions.is_none() => sum,
            Some(sum) if sum.contributions.is_none() => read,
            Some(sum) => sum.plus(&read).unwrap_or(sum),
            None => read,
        });
    }
    table
}

/// A session's day, format and what it runs, as its card and its page say them; the survey is
/// named once the index is read.
pub fn described(session: &Session, index: &[bilan_core::survey::Listed], lang: Lang) -> String {
    let mut line = format!(
        "{} · {}",
        session.day().spoken(lang),
        session.format.label(lang)
    );
    if let Some(title) = crate::surveys::session_survey_title(index, &session.survey_id, lang) {
        line.push_str(" · ");
        line.push_str(&title);
    }
    line
}

/// Whether session `session`'s totals have left this device (it is closed and none wait).
pub async fn totals_sent(session: &Session) -> bool {
    if session.closed_at.is_none() {
        return false;
    }
    match Storage::app().await {
        // An outbox entry that cannot be read may be this session's: not said sent.
        Ok(storage) => storage.outbox().await.is_ok_and(|queued| {
            queued.unreadable.is_empty()
                && !queued
                    .records
                    .iter()
                    .any(|o| o.contribution.session.as_deref() == Some(session.code.as_str()))
        }),
        Err(_) => false,
    }
}

/// Why the server refused `session`'s totals, if it did: they stay on the device, set aside,
/// until they are sent again (`crate::sync::DENIED` when it no longer takes this device's link).
pub async fn totals_refused(session: &Session) -> Option<String> {
    let storage = Storage::app().await.ok()?;
    storage
        .outbox()
        .await
        .ok()?
        .records
        .into_iter()
        .find(|o| o.refused && o.contribution.session.as_deref() == Some(session.code.as_str()))
        .map(|o| o.error.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use bilan_core::disclosure::{Policy, Release, Threshold};
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn table(contributions: Option<u64>) -> Release {
        let mut table = Release::empty(Threshold::new(5).unwrap(), Policy::Withhold);
        table.contributions = contributions;
        table
    }

    #[wasm_bindgen_test]
    fn a_count_the_server_withholds_is_a_bound_not_zero() {
        let withheld = table(None);
        // Phones answered, fewer than k: not « 0 ».
        let phones = count(0, true, Some(&withheld), false);
        assert_eq!(phones, Count::Below { low: 0, below: 5 });
        assert_eq!(phones.shown(), "<\u{a0}5");
        // Two in the kiosk besides: two, and up to four phones.
        let both = count(2, true, Some(&withheld), false);
        assert_eq!(both.shown(), "2\u{2013}6");
        // Sent: the session's own table has fewer than k in all.
        assert_eq!(count(2, true, Some(&withheld), true).shown(), "2\u{2013}4");
        // Four in the kiosk, sent, the session withheld: no phone answered.
        assert_eq!(count(4, true, Some(&withheld), true).shown(), "4");
        // Six sent, the server's table not counting them yet: six, and fewer than five phones.
        assert_eq!(count(6, true, Some(&withheld), true).shown(), "6\u{2013}10");
        // A kiosk-only session: its count is known whatever the server withholds.
        assert_eq!(count(2, false, Some(&withheld), true), Count::Exact(2));
        assert_eq!(count(2, true, None, false), Count::Exact(2));
        // Released: the server's perturbed count, with the kiosk's until it is sent.
        assert_eq!(
            count(2, true, Some(&table(Some(7))), false),
            Count::About(9)
        );
        assert_eq!(
            count(2, true, Some(&table(Some(7))), true).shown(),
            "≈\u{a0}7"
        );
    }
}
