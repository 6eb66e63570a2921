//! One collective session: its join code, kiosk mode behind a PIN, the results screen, closing and
//! sending its totals, and the file that carries its answers to another device.

use bilan_core::session::{Session, SessionError, valid_pin};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::components::alert::Alert;
use crate::components::confirm::Confirm;
use crate::components::loaded::{Data, Loaded};
use crate::i18n::{Msg, Words, typeset, use_i18n};
use crate::sessions::SessionFailure;
use crate::surveys::load_session_survey;

/// `/seances/:id`.
#[component]
pub fn SessionPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let loaded = Data::new(move || {
        let id = id();
        async move { crate::sessions::load(&id).await }
    });
    // Another tab (a kiosk, a second window) changed this session: show it as it now is.
    crate::browser::on_announce(move |what| {
        let shown = params.with_untracked(|p| p.get("id").unwrap_or_default());
        if what == crate::sessions::changed(&shown) {
            loaded.refetch();
        }
    });
    view! {
        <section class="page">
            <Loaded resource=loaded back=("/seances", Msg::BackToSessions) let:session>
                <SessionView session on_change=move |()| loaded.refetch() />
            </Loaded>
        </section>
    }
}

#[component]
fn SessionView(session: Session, #[prop(into)] on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = crate::sync::use_sync();
    let kiosk = crate::kiosk::use_kiosk();
    let navigate = use_navigate();
    let stored = StoredValue::new(session.clone());
    let count = session.responses.len();
    // The same count as the projector's: this device's answers and what the server counted.
    let counted = Data::new({
        let session = session.clone();
        move || {
            let session = session.clone();
            // Counted again as the outbox empties: the totals reach the server's table.
            sync.view.with(|v| v.pending);
            async move {
                let server = crate::sessions::server_table(&session).await;
                let sent = crate::sessions::totals_sent(&session).await;
                crate::sessions::count(
                    session.responses.len(),
                    session.online,
                    server.as_ref(),
                    sent,
                )
            }
        }
    });
    let shown_count = move || {
        counted
            .get()
            .unwrap_or(crate::sessions::Count::Exact(count as u64))
            .shown()
    };
    let online = session.online;
    let closed = session.closed_at;
    let has_pin = session.pin.is_some();
    let failure = RwSignal::new(None::<Words>);
    let pin = RwSignal::new(String::new());
    let pin_again = RwSignal::new(String::new());

    let start_kiosk = {
        let navigate = navigate.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let navigate = navigate.clone();
            let Some(id) = stored.try_with_value(|s| s.id.clone()) else {
                return;
            };
            spawn_local(async move {
                if !has_pin {
                    let (a, b) = (pin.get_untracked(), pin_again.get_untracked());
                    if !valid_pin(&a) {
                        failure.try_set(Some(Words::msg(Msg::PinInvalid)));
                        return;
                    }
                    if a != b {
                        failure.try_set(Some(Words::msg(Msg::PinMismatch)));
                        return;
                    }
                    let hash = match crate::pin::hash_pin(&a).await {
                        Ok(hash) => hash,
                        Err(e) => {
                            failure.try_set(Some(Words::new(move |lang| e.said(lang))));
                            return;
                        }
                    };
                    if let Err(e) = crate::sessions::set_pin(&id, hash).await {
                        failure.try_set(Some(Words::new(move |lang| e.said(lang))));
                        return;
                    }
                }
                match crate::kiosk::lock(kiosk, &id) {
                    Ok(()) => navigate(&crate::kiosk::path(&id), Default::default()),
                    Err(e) => {
                        failure.try_set(Some(Words::new(move |lang| e.said(lang))));
                    }
                }
            });
        }
    };
    // Closing is asked once: a second press while it runs does nothing, and the device refuses a
    // second close from any tab (its totals are queued with the close, in one transaction).
    let closing = RwSignal::new(false);
    let close = move |()| {
        if closing.get_untracked() {
            return;
        }
        let Some(s) = stored.try_get_value() else {
            return;
        };
        closing.set(true);
        spawn_local(async move {
            let outcome = async {
                let survey = load_session_survey(&s.survey_id, s.survey_version)
                    .await
                    .map_err(SessionFailure::Survey)?;
                crate::sessions::close(&s.id, &survey).await
            }
            .await;
            match outcome {
                Ok(closed) => {
                    // A kiosk's totals close the session on the server when they arrive; with
                    // phones only, it is closed now (best effort: offline, phones may still answer
                    // until it is).
                    if closed.online
                        && closed.responses.is_empty()
                        && let Some(token) = crate::api::device_token().await
                    {
                        let _ = crate::api::post::<serde::de::IgnoredAny>(
                            &format!("/sessions/{}/close", closed.code),
                            Some(&token),
                            &Nothing {},
                        )
                        .await;
                    }
                    crate::sync::flush(sync, true).await;
                    on_change.try_run(());
                }
                Err(SessionFailure::Session(SessionError::Closed)) => {
                    // Closed meanwhile (another tab): show it as it is now.
                    on_change.try_run(());
                }
                Err(e) => {
                    failure.try_set(Some(Words::new(move |lang| e.said(lang))));
                    closing.try_set(false);
                }
            }
        });
    };
    let export = move |_| {
        let s = stored.get_value();
        let now = crate::clock::now();
        crate::browser::download(
            &format!(
                "bilan-seance-{}-{}.json",
                s.code,
                crate::clock::day(now).iso()
            ),
            "application/json",
            &crate::browser::file_json(&bilan_core::session::file(&s, now)),
        );
    };
    let delete = {
        let navigate = navigate.clone();
        move |()| {
            let navigate = navigate.clone();
            let Some(id) = stored.try_with_value(|s| s.id.clone()) else {
                return;
            };
            spawn_local(async move {
                match crate::sessions::delete(&id).await {
                    Ok(()) => navigate("/seances", Default::default()),
                    Err(e) => {
                        failure.try_set(Some(Words::new(move |lang| e.said(lang))));
                    }
                }
            });
        }
    };
    let index = crate::surveys::use_index();
    let lead =
        move || stored.with_value(|s| crate::sessions::described(s, &index.get(), i18n.lang()));
    // Its day moves only while no phone may join and its totals have not left.
    let day_open = !online && closed.is_none();
    let editing = RwSignal::new(false);
    view! {
        <h1 class="page__title">{session.title.clone()}</h1>
        // « Modifier » ends the line it changes; the form takes its place below.
        <p class="page__lead">
            {move || typeset(lead())}
            {move || {
                (!editing.get())
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button button--link session-rename-open"
                                data-focus="session-names"
                                on:click=move |ev| {
                                    editing.set(true);
                                    crate::browser::focus_within(
                                        &ev,
                                        ".page",
                                        ".session-rename input",
                                    );
                                }
                            >
                                {i18n.text(Msg::Edit)}
                            </button>
                        }
                    })
            }}
        </p>
        {move || {
            editing
                .get()
                .then(|| {
                    view! {
                        <super::session_names::SessionRename
                            session=stored.get_value()
                            day_open
                            on_done=move |saved: bool| {
                                editing.set(false);
                                if saved {
                                    on_change.run(());
                                }
                                crate::browser::focus_soon(".session-rename-open".to_owned());
                            }
                        />
                    }
                })
        }}
        // The code as the server knows the session, for the tests to read whatever is shown.
        <div class="session-facts" data-code=session.code.clone()>
            // The code itself is in the phones' panel below, once they may join: read out before
            // the session is opened, or once it is closed, it would only bring « no open session
            // has this code ».
            <p class="fact">
                <span class="fact__label">{i18n.text(Msg::ParticipantsLabel)}</span>
                <span class="fact__value" data-participants=count>
                    {shown_count}
                </span>
            </p>
            <p class="fact">
                <span class="fact__label">{i18n.text(Msg::SessionStatus)}</span>
                <span class="fact__value fact__value--small">
                    // Closed, the day it was: said once here, not again in the panel below.
                    {move || match closed {
                        Some(at) => {
                            let when = crate::clock::day(at).spoken(i18n.lang());
                            typeset(i18n.tw(Msg::ClosedOn, &[("date", &when)]))
                        }
                        None => typeset(i18n.t(Msg::SessionOpen).to_owned()),
                    }}
                </span>
            </p>
        </div>
        <Alert message=failure />
        <div class="card__actions">
            <A href=format!("/seances/{}/resultats", session.id) attr:class="button button--quiet">
                {i18n.text(Msg::LiveResults)}
            </A>
            // The sheet for those who answer with a pen, typed in kiosk mode afterwards: while the
            // session takes answers.
            {closed
                .is_none()
                .then(|| {
                    view! {
                        <A
                            href=format!("/seances/{}/papier", session.id)
                            attr:class="button button--quiet session-paper"
                        >
                            {i18n.text(Msg::PaperVersion)}
                        </A>
                    }
                })}
            <button type="button" class="button button--quiet session-export" on:click=export>
                {i18n.text(Msg::ExportAnswers)}
            </button>
        </div>
        {match closed {
            Some(_) => {
                view! { <super::session_totals::TotalsPanel session=stored.get_value() /> }
                    .into_any()
            }
            None => {
                view! {
                    // The two ways of answering side by side on a wide screen, the close under the
                    // phones' code so neither column runs on alone; one column on a phone, the
                    // close last.
                    <div class="columns columns--session">
                        <div class="columns__main">
                            <OwnDevices session=stored.get_value() on_change />
                        </div>
                        <div class="columns__side">
                            <form class="panel kiosk-start" on:submit=start_kiosk novalidate>
                                <h2 class="panel__title">{i18n.text(Msg::KioskMode)}</h2>
                                <p class="hint">{i18n.text(Msg::KioskHelp)}</p>
                                {(!has_pin)
                                    .then(|| {
                                        view! {
                                            <div class="field">
                                                <label class="field__label" for="kiosk-pin">
                                                    {i18n.text(Msg::ChoosePin)}
                                                </label>
                                                <input
                                                    class="field__input field__input--short"
                                                    id="kiosk-pin"
                                                    type="password"
                                                    inputmode="numeric"
                                                    autocomplete="off"
                                                    maxlength="12"
                                                    bind:value=pin
                                                />
                                            </div>
                                            <div class="field">
                                                <label class="field__label" for="kiosk-pin-again">
                                                    {i18n.text(Msg::PinAgain)}
                                                </label>
                                                <input
                                                    class="field__input field__input--short"
                                                    id="kiosk-pin-again"
                                                    type="password"
                                                    inputmode="numeric"
                                                    autocomplete="off"
                                                    maxlength="12"
                                                    bind:value=pin_again
                                                />
                                            </div>
                                        }
                                    })}
                                <button class="button" type="submit">
                                    {i18n.text(Msg::StartKiosk)}
                                </button>
                            </form>
                        </div>
                        <section class="panel columns__after" data-focus="session-state">
                            <h2 class="panel__title">{i18n.text(Msg::CloseSession)}</h2>
                            <p class="hint">{i18n.text(Msg::CloseHelp)}</p>
                            <Confirm
                                label=Msg::CloseSession
                                class="button session-close"
                                question=Signal::derive(move || {
                                    let which = if online {
                                        Msg::ConfirmClosePhones
                                    } else {
                                        Msg::ConfirmClose
                                    };
                                    i18n.tw(which, &[("count", &count.to_string())])
                                })
                                act=Msg::CloseAndSend
                                act_class="button session-close-confirm"
                                on_confirm=close
                            />
                        </section>
                    </div>
                }
                    .into_any()
            }
        }}
        <crate::components::written_panel::WrittenPanel session=stored.get_value() />
        // A review's version 2 after the ways of answering: the room answers first, the grid is
        // decided once its verdicts are in (its list runs the length of the grid).
        {bilan_core::session::revision::target_of(&session.survey_id)
            .is_some()
            .then(|| {
                view! {
                    <crate::components::revision_panel::RevisionPanel session=stored.get_value() />
                }
            })}
        <div class="session__end">
            <Confirm
                label=Msg::DeleteSession
                class="button button--quiet profile-card__delete"
                question=i18n.signal(Msg::ConfirmDeleteSession)
                act=Msg::ConfirmDeleteButton
                act_class="button button--danger"
                on_confirm=delete
            />
            <A href="/seances" attr:class="button button--quiet">
                {i18n.text(Msg::BackToSessions)}
            </A>
        </div>
    }
}

/// Participants' own phones: the facilitator opens the session's code on the server, then the
/// projector shows the code, its link and its QR code.
#[component]
fn OwnDevices(session: Session, #[prop(into)] on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let status = crate::status::use_status();
    let failure = RwSignal::new(None::<Words>);
    let stored = StoredValue::new(session.clone());
    let open = move |_| {
        let Some(s) = stored.try_get_value() else {
            return;
        };
        spawn_local(async move {
            let Some(token) = crate::api::device_token().await else {
                failure.try_set(Some(Words::msg(Msg::NotLinkedYet)));
                return;
            };
            let body = Opened {
                code: &s.code,
                survey: &s.survey_id,
                version: s.survey_version,
                format: s.format,
                day: &s.date,
            };
            match crate::api::post::<serde::de::IgnoredAny>("/sessions", Some(&token), &body).await
            {
                Ok(_) => match crate::sessions::set_online(&s.id).await {
                    Ok(()) => {
                        on_change.try_run(());
                    }
                    Err(e) => {
                        failure.try_set(Some(Words::new(move |lang| e.said(lang))));
                    }
                },
                Err(crate::api::ApiFailure::Unreachable) => {
                    failure.try_set(Some(Words::msg(Msg::ServerUnreachable)));
                }
                // The server's own words, in English, said as a refusal in the page's language.
                Err(
                    crate::api::ApiFailure::Denied(why)
                    | crate::api::ApiFailure::Refused(_, why)
                    | crate::api::ApiFailure::Unreadable(why),
                ) => {
                    failure.try_set(Some(Words::refused(why)));
                }
            }
        });
    };
    let link = StoredValue::new(join_link(&session.code));
    view! {
        // The keyboard stays in this panel when its button gives way to the code.
        <section class="panel panel--wide own-devices" data-focus="own-devices" tabindex="-1">
            <h2 class="panel__title">{i18n.text(Msg::OwnDevices)}</h2>
            {if session.online {
                view! {
                    <div class="own-devices__join">
                        <crate::components::qr_code::QrCode
                            text=link.get_value()
                            label=Signal::derive(move || {
                                i18n.tw(Msg::QrOf, &[("link", &link.get_value())])
                            })
                        />
                        <div>
                            <p class="hint">{i18n.text(Msg::OwnDevicesOpen)}</p>
                            <p class="own-devices__code">
                                {bilan_core::share::spaced_code(&session.code)}
                            </p>
                            <p class="own-devices__link">
                                <a href=link.get_value()>{written_link(&link.get_value())}</a>
                            </p>
                        </div>
                    </div>
                }
                    .into_any()
            } else {
                view! {
                    <p class="hint">{i18n.text(Msg::OwnDevicesHelp)}</p>
                    <button
                        type="button"
                        class="button own-devices__open"
                        on:click=open
                        disabled=move || !status.online.get()
                    >
                        {i18n.text(Msg::OpenToPhones)}
                    </button>
                }
                    .into_any()
            }}
            <Alert message=failure />
        </section>
    }
}

/// A join link as people read and type it: without `https://`, which a phone's browser adds
/// (`http://` stays: a phone would try HTTPS first on a laptop's own address), and breaking only
/// after a `/` when it has to.
pub fn written_link(link: &str) -> impl IntoView + use<> {
    let bare = link.strip_prefix("https://").unwrap_or(link);
    // The scheme stays with the server's name: a line never ends on `http://`.
    let (scheme, rest) = bare
        .split_once("://")
        .map_or(("", bare), |(s, rest)| (s, rest));
    rest.split_inclusive('/')
        .enumerate()
        .map(|(i, part)| {
            let part = match i {
                0 if !scheme.is_empty() => format!("{scheme}://{part}"),
                _ => part.to_owned(),
            };
            view! {
                {part}
                <wbr />
            }
        })
        .collect_view()
}

/// The address a participant's phone opens for session `code`, on the server this device uses.
pub fn join_link(code: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}/rejoindre/{code}")
}

/// An empty request body, `{}`.
#[derive(serde::Serialize)]
struct Nothing {}

/// A session opened to participants' phones, as the server reads it.
#[derive(serde::Serialize)]
struct Opened<'a> {
    code: &'a str,
    survey: &'a str,
    /// The version of the survey the session runs, which phones joining it answer.
    version: u32,
    format: bilan_core::session::Format,
    /// The day the session is held, which the board lists it on.
    day: &'a str,
}
