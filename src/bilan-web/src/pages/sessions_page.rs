//! "Séances collectives": the facilitator's sessions on this device, a form to create one, the
//! import of a session file from another tablet, and the device's backup.

use bilan_core::calendar::Date;
use bilan_core::file::Kind;
use bilan_core::session::{Format, Session, SessionError, SessionFile, from_file, new_code};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::components::backup_panel::{BackupPanel, EvictionWarning, last_backup};
use crate::components::loaded::{Data, LoadError, RecordCards, holds_any};
use crate::i18n::{Msg, Words, session_error, tr_with, typeset, use_i18n};
use crate::sessions::SessionFailure;
use crate::surveys::load_session_survey;

/// The facilitator's space.
#[component]
pub fn SessionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let sessions = Data::new(|| async { crate::sessions::list().await.map_err(LoadError::from) });
    // A session changed in another tab (closed, a kiosk's answer): the list says so.
    crate::browser::on_announce(move |what| {
        if what.starts_with("session:") {
            sessions.refetch();
        }
    });
    let last = last_backup();
    let holds = holds_any(sessions);
    let status = RwSignal::new(None::<(bool, Words)>);
    let import = move |ev: leptos::ev::Event| {
        let Some(text) = crate::browser::picked_text(&ev) else {
            return;
        };
        spawn_local(async move {
            let text = text.await;
            let refused = |why: Words| {
                Words::new(move |lang| {
                    tr_with(lang, Msg::ImportRefused, &[("why", &why.text(lang))])
                })
            };
            let read = crate::browser::read_file::<SessionFile>(&text, Kind::Session);
            let incoming = match read.map_err(SessionError::File).and_then(from_file) {
                Ok(s) => s,
                Err(err) => {
                    let why = Words::new(move |lang| session_error(lang, &err));
                    status.set(Some((true, refused(why))));
                    return;
                }
            };
            match crate::sessions::import(&incoming).await {
                Ok(added) => {
                    let said = Words::with(Msg::SessionImportDone, "added", added.to_string());
                    status.set(Some((false, said)));
                    sessions.refetch();
                }
                Err(e) => status.set(Some((true, refused(Words::new(move |lang| e.said(lang)))))),
            }
        });
    };
    view! {
        <section class="page">
            <LinkedNotice />
            <h1 class="page__title">{i18n.text(Msg::SessionsTitle)}</h1>
            <p class="page__lead">{i18n.text(Msg::SessionsIntro)}</p>
            <EvictionWarning holds last />
            // A participant told to type the code finds its field first on a phone; on a wide
            // screen it stands beside the sessions, above the import.
            <div class="columns columns--join-first">
                <div class="columns__side">
                    <section class="panel" aria-labelledby="join-title">
                        <h2 class="panel__title" id="join-title">
                            {i18n.text(Msg::JoinTitle)}
                        </h2>
                        <super::JoinForm />
                    </section>
                </div>
                <div class="columns__main">
                    <h2 class="section-title">{i18n.text(Msg::YourSessions)}</h2>
                    <RecordCards
                        resource=sessions
                        empty=Msg::SessionsEmpty
                        card=|session| view! { <SessionCard session /> }
                    />
                    <SessionForm />
                </div>
                <div class="columns__side">
                    <section class="panel" aria-labelledby="session-import-title">
                        <h2 class="panel__title" id="session-import-title">
                            {i18n.text(Msg::SessionImportTitle)}
                        </h2>
                        <p class="hint">{i18n.text(Msg::SessionImportHelp)}</p>
                        <label class="button button--quiet backup__import">
                            {i18n.text(Msg::ImportSessionFile)}
                            <input
                                type="file"
                                accept=".json,application/json"
                                class="visually-hidden session-import"
                                on:change=import
                            />
                        </label>
                        {move || {
                            status
                                .get()
                                .map(|(error, message)| {
                                    view! {
                                        <p
                                            class=if error {
                                                "callout callout--error"
                                            } else {
                                                "callout"
                                            }
                                            role="status"
                                        >
                                            {message.text(i18n.lang())}
                                        </p>
                                    }
                                })
                        }}
                    </section>
                    <BackupPanel on_imported=move |()| sessions.refetch() holds last />
                </div>
            </div>
        </section>
    }
}

/// Said once a facilitator's join link was followed: which server this device now talks to.
#[component]
fn LinkedNotice() -> impl IntoView {
    let i18n = use_i18n();
    let sync = crate::sync::use_sync();
    let shown = RwSignal::new(true);
    let server = Data::new(crate::api::server);
    let name = move || {
        let base = server.get().unwrap_or_default();
        if base.is_empty() {
            web_sys::window()
                .and_then(|w| w.location().host().ok())
                .unwrap_or_default()
        } else {
            base.trim_start_matches("https://")
                .trim_start_matches("http://")
                .to_owned()
        }
    };
    view! {
        <Show when=move || shown.get() && sync.view.with(|v| v.joined)>
            <p class="callout callout--dismissible linked-notice" role="status">
                <span>{move || i18n.tw(Msg::LinkedTo, &[("server", &name())])}</span>
                <crate::components::alert::CloseButton on_close=move |()| shown.set(false) />
            </p>
        </Show>
    }
}

/// A session in the list: title, day, format, participants and whether it is closed.
#[component]
fn SessionCard(session: Session) -> impl IntoView {
    let i18n = use_i18n();
    let count = session.responses.len();
    // Opened to phones, only the session's page (which asks the server) knows how many took part.
    let counted_here = !session.online;
    let closed = session.closed_at.is_some();
    let index = crate::surveys::use_index();
    let id = session.id.clone();
    let title = session.title.clone();
    let described = StoredValue::new(session);
    view! {
        <li class="card" data-session=id.clone()>
            <h3 class="card__title">{title}</h3>
            <p class="card__body">
                {move || {
                    typeset(
                        described
                            .with_value(|s| crate::sessions::described(
                                s,
                                &index.get(),
                                i18n.lang(),
                            )),
                    )
                }}
            </p>
            <p class="card__meta">
                {counted_here
                    .then(|| {
                        view! {
                            {move || {
                                i18n.tw(Msg::ParticipantsCount, &[("count", &count.to_string())])
                            }}
                            " · "
                        }
                    })}
                <span class=if closed {
                    "badge badge--done"
                } else {
                    "badge"
                }>
                    {move || i18n.t(if closed { Msg::SessionClosed } else { Msg::SessionOpen })}
                </span>
            </p>
            <div class="card__actions">
                <A href=format!("/seances/{id}") attr:class="button">
                    {i18n.text(Msg::OpenSession)}
                </A>
            </div>
        </li>
    }
}

/// Creates a session: title, day, format and survey.
#[component]
fn SessionForm() -> impl IntoView {
    let i18n = use_i18n();
    let title = RwSignal::new(String::new());
    let date = RwSignal::new(crate::clock::today().iso());
    let format = RwSignal::new(Format::AtelierThematique.id().to_owned());
    let index = crate::surveys::use_index();
    let offered = move || crate::surveys::for_sessions(&index.get());
    // What the facilitator picked; until then, the session's own survey (listed first).
    let picked = RwSignal::new(String::new());
    let survey = move || {
        let p = picked.get();
        if p.is_empty() {
            offered().first().map(|s| s.id.clone()).unwrap_or_default()
        } else {
            p
        }
    };
    let error = RwSignal::new(None::<Words>);
    let navigate = use_navigate();
    let status = crate::status::use_status();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        spawn_local(async move {
            let created = async {
                // The latest version: a new session runs it.
                let survey = load_session_survey(&untrack(survey), 0)
                    .await
                    .map_err(SessionFailure::Survey)?;
                let format =
                    Format::from_id(&format.get_untracked()).unwrap_or(Format::AtelierThematique);
                let session = Session::new(
                    crate::random::new_id(),
                    new_code(crate::random::bytes()),
                    &title.get_untracked(),
                    &date.get_untracked(),
                    format,
                    &survey,
                    bilan_core::disclosure::NoiseKey::new(crate::random::bytes()),
                    crate::clock::now(),
                )
                .and_then(|s| {
                    // The server's reach, in its UTC: a day it would refuse is said here.
                    s.in_reach(Date::from_millis(crate::clock::now()))?;
                    Ok(s)
                })
                .map_err(SessionFailure::Session)?;
                crate::sessions::create(&session).await?;
                Ok::<_, SessionFailure>(session.id)
            }
            .await;
            match created {
                Ok(id) => {
                    // The session's answers will live here: the browser that refused to keep
                    // this site's data may now agree.
                    crate::status::ask_to_keep_again(status);
                    navigate(&format!("/seances/{id}"), Default::default())
                }
                Err(e) => {
                    // The field at fault takes the focus: the day, or else the title.
                    let field = match e {
                        SessionFailure::Session(
                            SessionError::BadDate(_) | SessionError::OutOfReach { .. },
                        ) => "session-date",
                        _ => "session-title",
                    };
                    error.set(Some(Words::new(move |lang| e.said(lang))));
                    if let Some(el) = document().get_element_by_id(field) {
                        use wasm_bindgen::JsCast;
                        let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
                    }
                }
            }
        });
    };
    view! {
        <form class="panel session-form" on:submit=submit novalidate>
            <h2 class="panel__title">{i18n.text(Msg::NewSession)}</h2>
            <super::session_names::NameFields ids="session" title date=Some(date) />
            <div class="field">
                <label class="field__label" for="session-format">
                    {i18n.text(Msg::SessionFormat)}
                </label>
                <select class="field__select" id="session-format" bind:value=format>
                    {Format::ALL
                        .into_iter()
                        .map(|f| {
                            view! { <option value=f.id()>{move || f.label(i18n.lang())}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="session-survey">
                    {i18n.text(Msg::SessionSurvey)}
                </label>
                <select
                    class="field__select"
                    id="session-survey"
                    on:change=move |ev| picked.set(event_target_value(&ev))
                >
                    {move || {
                        let current = survey();
                        let listed = index.get();
                        offered()
                            .into_iter()
                            .chain(crate::surveys::reviews(&listed))
                            .map(|s| {
                                let selected = s.id == current;
                                let title = crate::surveys::session_survey_title(
                                        &listed,
                                        &s.id,
                                        i18n.lang(),
                                    )
                                    .unwrap_or_else(|| s.title.get(i18n.lang()).to_owned());
                                // A grid's review is named as such: once picked, the closed list shows
                                // only its name, which the grid's own would otherwise share.
                                view! {
                                    <option value=s.id.clone() selected=selected>
                                        {title}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <p class="field__error" id="session-error" role="alert">
                {move || error.get().map(|w| w.text(i18n.lang()))}
            </p>
            <button class="button" type="submit">
                {i18n.text(Msg::CreateSession)}
            </button>
        </form>
    }
}
