//! Sending contributions: the device's link to a server (from a join link), the person's consent,
//! and the outbox, flushed when online, retried with backoff, and emptied only on acknowledgement.

use std::cell::Cell;

use bilan_core::share::Outgoing;
use bilan_core::wire::Applied;

use crate::api::{ApiFailure, post_to};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::status::Status;
use crate::storage::Storage;

/// Setting keys of the sync.
pub mod keys {
    /// The server's base URL; empty means the server that serves the app.
    pub const SERVER: &str = "sync_server";
    /// The contributor token from the join link.
    pub const TOKEN: &str = "sync_token";
    /// That token's role, as the server said when the device was linked; empty when it could
    /// not say (offline).
    pub const TOKEN_ROLE: &str = "sync_token_role";
    /// Whether the person agreed to share (off until they do).
    pub const SHARING: &str = "sharing";
    /// The server's disclosure threshold k, last time it was asked.
    pub const THRESHOLD: &str = "threshold";
    /// The board member's token, for the dashboard.
    pub const BOARD_TOKEN: &str = "board_token";
    /// The session this device was locked on in kiosk mode, as earlier versions kept it;
    /// now in `localStorage` ([`crate::browser::keys::KIOSK`]), read before the first frame.
    pub const KIOSK: &str = "kiosk";
}

/// The most contributions sent in one request.
const BATCH: usize = 100;

/// What the person sees of the sync: linked or not, sharing or not, and the outbox.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncView {
    pub linked: bool,
    pub sharing: bool,
    pub pending: usize,
    /// Of those, a holder's reviews held back while they do not agree to share.
    pub held: usize,
    /// The refused entries' reasons, each once, with how many entries it refused.
    pub refused: Vec<(usize, String)>,
    pub last_error: Option<String>,
    /// The outbox's entries that cannot be read: never sent, named.
    pub unreadable: Vec<crate::storage::StorageError>,
    /// Set when a join link was just followed.
    pub joined: bool,
}

/// App-wide sync state.
#[derive(Debug, Clone, Copy)]
pub struct Sync {
    pub view: RwSignal<SyncView>,
    /// Set when a link carrying a board token was just followed: kept as the board's. Apart
    /// from the view, which the outbox updates every second.
    pub board_joined: RwSignal<bool>,
}

/// Provides the sync state to the app.
pub fn provide_sync() -> Sync {
    let sync = Sync {
        view: RwSignal::new(SyncView::default()),
        board_joined: RwSignal::new(false),
    };
    provide_context(sync);
    sync
}

/// The sync state provided by [`provide_sync`].
pub fn use_sync() -> Sync {
    expect_context::<Sync>()
}

thread_local! {
    static BUSY: Cell<bool> = const { Cell::new(false) };
    /// Asked for while a send was running: the running one goes round again (`Some(all)`).
    static AGAIN: Cell<Option<bool>> = const { Cell::new(None) };
    static RUNNING: Cell<Option<Sync>> = const { Cell::new(None) };
}

/// Reads a join link (`/#join?token=…&server=…`) if the page was opened with one, then starts the
/// outbox loop: a check every second, and at once when the browser comes back online.
pub fn start(sync: Sync, status: Status) {
    RUNNING.with(|r| r.set(Some(sync)));
    spawn_local(async move {
        let joined = follow_join_link().await;
        refresh(sync).await;
        joined.said(sync);
        loop {
            if status.online.get_untracked() {
                flush(sync, false).await;
            }
            sleep(1_000).await;
        }
    });
    let listener = window_event_listener(leptos::ev::online, move |_| {
        spawn_local(async move { flush(sync, true).await });
    });
    std::mem::forget(listener);
    // A join link opened in a tab where the app already runs only changes the address's hash.
    let joins = window_event_listener(leptos::ev::hashchange, move |_| {
        spawn_local(async move {
            let joined = follow_join_link().await;
            if joined != Joined::No {
                refresh(sync).await;
            }
            joined.said(sync);
        });
    });
    std::mem::forget(joins);
}

/// What following a join link did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joined {
    /// No link, or one that could not be kept.
    No,
    /// The device is linked to share (a contributor's or a facilitator's token).
    Device,
    /// A board member's token, kept for the dashboard; the device's link is untouched.
    Board,
}

impl Joined {
    /// Tells the pages: the sharing panel says the device is linked; a board token opens the
    /// dashboard, where the link was meant to lead.
    fn said(self, sync: Sync) {
        match self {
            Joined::No => {}
            Joined::Device => sync.view.update(|v| v.joined = true),
            Joined::Board => {
                sync.board_joined.set(true);
                crate::browser::go_to("/tableau-de-bord");
            }
        }
    }
}

/// Stores the token (and server) of a join link and removes it from the address bar. A board
/// member's token, which the server names as such, is kept as the board's instead: it would
/// only have its sends refused.
async fn follow_join_link() -> Joined {
    let Some(window) = web_sys::window() else {
        return Joined::No;
    };
    let hash = window.location().hash().unwrap_or_default();
    let Some(query) = hash.strip_prefix("#join?") else {
        return Joined::No;
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(query) else {
        return Joined::No;
    };
    let Some(token) = params
        .get("token")
        .filter(|t| !t.is_empty() && t.len() <= 200)
    else {
        return Joined::No;
    };
    let server = params.get("server").unwrap_or_default();
    // Asked of the server the link names; offline or refused, the link is kept as a device's,
    // as before the server could say (a refused one is said when its sends are).
    let role = crate::api::get_from::<bilan_core::wire::TokenRole>(&server, "/token", Some(&token))
        .await
        .map(|r| r.role);
    if role.as_deref() == Ok("board") {
        crate::api::set_board_token(&token).await;
        crate::browser::replace_url(&window.location().pathname().unwrap_or_else(|_| "/".into()));
        return Joined::Board;
    }
    let saved = async {
        let storage = Storage::app().await?;
        storage.set_setting(keys::TOKEN, &token).await?;
        storage
            .set_setting(
                keys::TOKEN_ROLE,
                &role.as_deref().unwrap_or_default().to_owned(),
            )
            .await?;
        storage.set_setting(keys::SERVER, &server).await?;
        crate::api::linked_to(&server);
        // What the old link had refused goes with the new one.
        requeue(&storage, |why| why == Some(DENIED)).await
    }
    .await;
    crate::browser::replace_url(&window.location().pathname().unwrap_or_else(|_| "/".into()));
    if saved.is_ok() {
        Joined::Device
    } else {
        Joined::No
    }
}

/// Whether `token` is a facilitator's: this device's own link, whose role the server gave when
/// the device was linked (known offline), or any token the server says now is one (a new link
/// from the administrator, a device linked offline or by an earlier version); `false` when that
/// cannot be known. Only a facilitator's link lets a kiosk out without its PIN: a group's is
/// held by the participants too.
pub async fn facilitators_link(token: &str) -> bool {
    if token.is_empty() {
        return false;
    }
    let mut role = None;
    if crate::api::device_token().await.as_deref() == Some(token)
        && let Ok(storage) = Storage::app().await
    {
        role = storage
            .setting::<String>(keys::TOKEN_ROLE)
            .await
            .ok()
            .flatten();
    }
    let role = match role.filter(|r| !r.is_empty()) {
        Some(role) => role,
        // Asked as a join link asks it: one request's code for both.
        None => {
            let server = crate::api::server().await;
            crate::api::get_from::<bilan_core::wire::TokenRole>(&server, "/token", Some(token))
                .await
                .map(|r| r.role)
                .unwrap_or_default()
        }
    };
    matches!(role.as_str(), "facilitator" | "admin")
}

/// Reloads what the person sees from storage.
pub async fn refresh(sync: Sync) {
    let Ok(storage) = Storage::app().await else {
        return;
    };
    let token: Option<String> = storage.setting(keys::TOKEN).await.ok().flatten();
    let sharing: bool = storage
        .setting(keys::SHARING)
        .await
        .ok()
        .flatten()
        .unwrap_or(false);
    let crate::storage::Readable {
        records: outbox,
        unreadable,
    } = storage.outbox().await.unwrap_or_default();
    sync.view.update(|v| {
        v.unreadable = unreadable;
        v.linked = token.is_some_and(|t| !t.is_empty());
        v.sharing = sharing;
        v.pending = outbox.iter().filter(|o| !o.refused).count();
        v.held = outbox
            .iter()
            .filter(|o| !o.refused && held(o, sharing))
            .count();
        v.refused.clear();
        for o in outbox.iter().filter(|o| o.refused) {
            let why = o.error.clone().unwrap_or_default();
            match v.refused.iter_mut().find(|(_, w)| *w == why) {
                Some((n, _)) => *n += 1,
                None => v.refused.push((1, why)),
            }
        }
        // What failed last among what may leave: one held back without consent is not tried,
        // and its old failure would say the server is out of reach.
        v.last_error = outbox
            .iter()
            .filter(|o| !o.refused && !held(o, sharing))
            .find_map(|o| o.error.clone());
    });
}

/// Turns sharing on or off.
pub async fn set_sharing(sync: Sync, on: bool) {
    if let Ok(storage) = Storage::app().await {
        let _ = storage.set_setting(keys::SHARING, &on).await;
    }
    refresh(sync).await;
}

/// Whether entry `o` stays on the device while the holder's consent is `sharing`: a holder's
/// review does when they do not agree; a session's totals, the facilitator's, never do.
fn held(o: &Outgoing, sharing: bool) -> bool {
    !sharing && o.contribution.session.is_none()
}

/// Takes a holder's reviews held back without consent out of the queue for good, as they ask:
/// the reviews stay on the device, never sent.
pub async fn drop_held(sync: Sync) {
    if let Ok(storage) = Storage::app().await {
        let sharing = storage.setting::<bool>(keys::SHARING).await.ok().flatten() == Some(true);
        if let Ok(outbox) = storage.outbox().await {
            let held: Vec<String> = outbox
                .records
                .iter()
                .filter(|o| !o.refused && held(o, sharing))
                .map(|o| o.id.clone())
                .collect();
            let _ = storage.remove_from_outbox(&held).await;
        }
    }
    refresh(sync).await;
}

/// Puts refused contributions back in the queue (after the token was fixed, say).
pub async fn retry_refused(sync: Sync) {
    if let Ok(storage) = Storage::app().await {
        let _ = requeue(&storage, |_| true).await;
    }
    flush(sync, true).await;
}

/// Puts back in the queue the refused entries whose reason `which` picks.
async fn requeue(
    storage: &Storage,
    which: impl Fn(Option<&str>) -> bool,
) -> Result<(), crate::storage::StorageError> {
    let mut entries = storage.outbox().await?.records;
    entries.retain(|o| o.refused && which(o.error.as_deref()));
    for o in &mut entries {
        o.refused = false;
        o.next_at = 0;
    }
    storage.update_outbox(&entries).await
}

/// Wakes the outbox to send what was just queued, if it runs.
pub fn wake() {
    if let Some(sync) = RUNNING.with(Cell::get) {
        spawn_local(async move { flush(sync, true).await });
    }
}

/// How a send ended.
enum Sent {
    /// The server acknowledged these ids.
    Acknowledged(Vec<String>),
    /// The server refused the request (4xx other than 408/429): its status and reason.
    Refused(u16, String),
    /// No answer, or one worth retrying later.
    Failed(String),
}

/// Sends the due entries (all pending ones when `now` is true) and records the outcome.
/// A flush asked for while another runs is not lost: the running one sends again once done, and
/// what the person sees counts the new entries at once (never "received" while they wait).
pub async fn flush(sync: Sync, all: bool) {
    if BUSY.with(|b| b.replace(true)) {
        AGAIN.with(|a| a.set(Some(a.get().unwrap_or(false) || all)));
        refresh(sync).await;
        return;
    }
    let mut all = all;
    loop {
        let _ = send_due(all).await;
        match AGAIN.with(Cell::take) {
            Some(again) => all = again,
            None => break,
        }
    }
    BUSY.with(|b| b.set(false));
    refresh(sync).await;
}

async fn send_due(all: bool) -> Result<(), crate::storage::StorageError> {
    let storage = Storage::app().await?;
    let Some(token) = storage
        .setting::<String>(keys::TOKEN)
        .await?
        .filter(|t| !t.is_empty())
    else {
        return Ok(());
    };
    let server: String = storage.setting(keys::SERVER).await?.unwrap_or_default();
    let now = crate::clock::now();
    // A holder's reviews leave only while they agree: consent withdrawn holds back those still
    // waiting (a session's totals are the facilitator's, and go).
    let consents = storage.setting::<bool>(keys::SHARING).await? == Some(true);
    // An entry that cannot be read stays where it is, named on the sharing panel; the others
    // leave as usual.
    let pending: Vec<Outgoing> = storage
        .outbox()
        .await?
        .records
        .into_iter()
        .filter(|o| !o.refused && !held(o, consents))
        .collect();
    let is_due = |o: &Outgoing| all || o.next_at <= now;
    // A closed session's totals leave together, to the session's own route: the server takes a
    // session's totals once.
    let mut sessions: Vec<String> = pending
        .iter()
        .filter(|o| is_due(o))
        .filter_map(|o| o.contribution.session.clone())
        .collect();
    bilan_core::order::sort(&mut sessions);
    sessions.dedup();
    for code in sessions {
        let group: Vec<Outgoing> = pending
            .iter()
            .filter(|o| o.contribution.session.as_deref() == Some(code.as_str()))
            .cloned()
            .collect();
        let format = group
            .iter()
            .flat_map(|o| &o.contribution.cells)
            .find(|c| c.question.question() == Some(bilan_core::session::FORMAT_QUESTION))
            .map(|c| c.bucket.to_string());
        let body = Batch {
            format,
            day: group.iter().find_map(|o| o.day.clone()),
            contributions: group.iter().map(|o| &o.contribution).collect(),
        };
        let outcome = send(&server, &token, &format!("/sessions/{code}/totals"), &body).await;
        settle(&storage, group, outcome, now).await?;
    }
    let due: Vec<Outgoing> = pending
        .into_iter()
        .filter(|o| is_due(o) && o.contribution.session.is_none())
        .take(BATCH)
        .collect();
    if due.is_empty() {
        return Ok(());
    }
    match send(&server, &token, "/contributions", &Batch::of(&due)).await {
        Sent::Refused(422, _) if due.len() > 1 => {
            // One of them is wrong: send them one by one so only that one is set aside.
            for one in due {
                let outcome = send(
                    &server,
                    &token,
                    "/contributions",
                    &Batch::of(std::slice::from_ref(&one)),
                )
                .await;
                settle(&storage, vec![one], outcome, now).await?;
            }
        }
        outcome => settle(&storage, due, outcome, now).await?,
    }
    Ok(())
}

/// Records how a send of `entries` ended: acknowledged ones leave the outbox, the others are
/// marked refused or to retry later.
async fn settle(
    storage: &Storage,
    entries: Vec<Outgoing>,
    outcome: Sent,
    now: i64,
) -> Result<(), crate::storage::StorageError> {
    match outcome {
        Sent::Acknowledged(ids) => {
            // The server names contributions; the outbox knows its entries by their own key.
            let keys: Vec<String> = entries
                .iter()
                .filter(|o| ids.contains(&o.contribution.id))
                .map(|o| o.id.clone())
                .collect();
            storage.remove_from_outbox(&keys).await
        }
        Sent::Refused(status, reason) => {
            let marked: Vec<Outgoing> = entries
                .into_iter()
                .map(|o| mark(o, Sent::Refused(status, reason.clone()), now))
                .collect();
            storage.update_outbox(&marked).await
        }
        Sent::Failed(reason) => {
            let marked: Vec<Outgoing> = entries
                .into_iter()
                .map(|o| mark(o, Sent::Failed(reason.clone()), now))
                .collect();
            storage.update_outbox(&marked).await
        }
    }
}

/// An entry after a send that did not acknowledge it.
fn mark(mut o: Outgoing, outcome: Sent, now: i64) -> Outgoing {
    match outcome {
        Sent::Refused(_, reason) => {
            o.refused = true;
            o.error = Some(reason);
        }
        Sent::Failed(reason) => o.failed(now, reason, js_sys::Math::random()),
        Sent::Acknowledged(_) => {}
    }
    o
}

/// The reason an entry keeps when no server answered; the sharing panel says it in the
/// person's language.
pub const UNREACHABLE: &str = "server-unreachable";

/// The reason an entry keeps when the server no longer takes this device's link (revoked, or
/// no longer a contributor's): the sharing panel says what to do, and a new link sends it.
pub const DENIED: &str = "link-denied";

/// Whether sending again what was refused for `why` may be taken: not a refused link (a new
/// link sends it), an old period, totals a session already has, nor a session another
/// facilitator opened (never taken again).
pub fn retried(why: &str) -> bool {
    use bilan_core::wire::Refusal;
    why != DENIED
        && [
            Refusal::OldPeriod,
            Refusal::TotalsTaken,
            Refusal::OtherFacilitator,
        ]
        .iter()
        .all(|r| r.code() != why)
}

/// Contributions as the server reads a batch of them; a session's totals also say its format.
#[derive(serde::Serialize)]
struct Batch<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<String>,
    /// The day the session was held, which the board lists it on.
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<String>,
    contributions: Vec<&'a bilan_core::share::Contribution>,
}

impl<'a> Batch<'a> {
    /// The contributions of `entries`, outside any session.
    fn of(entries: &'a [Outgoing]) -> Self {
        Batch {
            format: None,
            day: None,
            contributions: entries.iter().map(|o| &o.contribution).collect(),
        }
    }
}

async fn send(server: &str, token: &str, path: &str, body: &Batch<'_>) -> Sent {
    match post_to::<Applied>(server, path, Some(token), body).await {
        Ok(a) => Sent::Acknowledged(a.applied.into_iter().chain(a.duplicates).collect()),
        Err(ApiFailure::Unreachable) => Sent::Failed(UNREACHABLE.into()),
        Err(ApiFailure::Unreadable(why) | ApiFailure::Refused(408 | 429 | 500.., why)) => {
            Sent::Failed(why)
        }
        Err(ApiFailure::Refused(status, why)) => Sent::Refused(status, why),
        // 401 or 403: the token was revoked or lost its role; kept until a new link comes.
        Err(ApiFailure::Denied(_)) => Sent::Refused(403, DENIED.into()),
    }
}

/// Waits `ms` milliseconds without blocking the page.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}
