//! A participant joins a session from their own phone with its code: they answer the session's
//! survey, and only their contribution (buckets, no text) is sent, with the code as credential.
//! Nothing of their answers is kept on the phone, only that it answered (one answer per phone).

use bilan_core::Survey;
use bilan_core::reading::{Draft, Reading};
use bilan_core::session::{Format, participant_contribution, preset};
use bilan_core::share::{Contribution, Granularity, Period, is_session_code, typed_code};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use serde::Deserialize;

use super::runner::Runner;
use crate::api::{ApiFailure, get_from, post_to};
use crate::components::loaded::{Data, LoadError, Loaded};
use crate::i18n::{Msg, Words, use_i18n};
use crate::surveys::load_session_survey;

/// A session as the server describes it to a participant.
#[derive(Debug, Clone, Deserialize)]
struct OpenSession {
    survey: String,
    /// The version its facilitator's device runs (0: a session from an earlier app).
    #[serde(default)]
    version: u32,
    format: String,
    open: bool,
}

/// `/rejoindre/:code`.
#[component]
pub fn JoinPage() -> impl IntoView {
    let _i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.with(|p| typed_code(&p.get("code").unwrap_or_default()));
    let loaded = Data::new(move || {
        let code = code();
        async move {
            if !is_session_code(&code) {
                return Err(LoadError::Said(Msg::JoinBadCode));
            }
            let session: OpenSession = get_from(HERE, &format!("/sessions/{code}"), None)
                .await
                .map_err(|e| {
                    LoadError::Said(match e {
                        ApiFailure::Unreachable => Msg::JoinOffline,
                        // Wrong codes are slowed down per network: a room that mistyped a few waits.
                        ApiFailure::Refused(429, _) => Msg::JoinTooFast,
                        _ => Msg::JoinUnknown,
                    })
                })?;
            if !session.open {
                return Err(LoadError::Said(Msg::JoinClosed));
            }
            // The version the session runs, as its kiosk does: both are counted in one table.
            let survey = load_session_survey(&session.survey, session.version)
                .await
                .map_err(|_| LoadError::Said(Msg::JoinOffline))?;
            let format = Format::from_id(&session.format).unwrap_or(Format::AtelierThematique);
            let answered = answered(&code);
            Ok((code, survey, format, answered))
        }
    });
    view! {
        <section class="page page--survey">
            <Loaded
                resource=loaded
                // The home page has the code's field, and nothing more to download.
                back=("/", Msg::TypeCodeAgain)
                title=Msg::JoinTitle
                let:joined
            >
                {
                    let (code, survey, format, answered) = joined;
                    view! { <Participant code survey format answered /> }
                }
            </Loaded>
        </section>
    }
}

/// What a phone sends: its one contribution, as the server's batches are written.
#[derive(serde::Serialize)]
struct Batch<'a> {
    contributions: [&'a Contribution; 1],
}

/// The server a phone asks: the one that served the session's link (its QR code names it), never
/// one this browser was once linked to, and without opening the device's storage to find out.
const HERE: &str = "";

/// The setting that says this phone answered session `code` (nothing of the answers), kept with
/// the shell's own in `localStorage`: a phone never opens IndexedDB, nor loads its code.
fn answered_key(code: &str) -> String {
    format!("bilan.answered:{code}")
}

/// Whether this phone already answered session `code`.
fn answered(code: &str) -> bool {
    crate::browser::kept(&answered_key(code)).is_some()
}

#[component]
fn Participant(code: String, survey: Survey, format: Format, answered: bool) -> impl IntoView {
    let i18n = use_i18n();
    let code = StoredValue::new(code);
    let shared = StoredValue::new(survey.clone());
    let asked = bilan_core::session::asked_on_phones(&survey);
    let done = RwSignal::new(false);
    let failure = RwSignal::new(None::<Words>);
    // The contribution, kept in memory only, to send again when a send did not get through:
    // with the same id, which the server counts once, should the first have reached it and only
    // its answer been lost. The id is drawn at the first « Envoyer », and kept for a second one
    // (a double tap while the first is on its way, answers changed after a failure).
    let pending = StoredValue::new(None::<Contribution>);
    let id = StoredValue::new(String::new());
    // Whether the last send met no server: sent again as soon as the phone is back online
    // (a room's Wi-Fi that came back), without waiting for « Réessayer ».
    let unsent = StoredValue::new(false);
    let send = move || {
        let Some(one) = pending.get_value() else {
            return;
        };
        unsent.set_value(false);
        spawn_local(async move {
            let body = Batch {
                contributions: [&one],
            };
            let path = format!("/sessions/{}/contributions", code.get_value());
            match post_to::<serde::de::IgnoredAny>(HERE, &path, None, &body).await {
                Ok(_) => {
                    let _ = crate::browser::keep(&answered_key(&code.get_value()), "1");
                    pending.set_value(None);
                    failure.set(None);
                    done.set(true);
                }
                // No answer, one cut on the way back, or a server whose disk is full: sent
                // again, the same id counts once.
                Err(
                    ApiFailure::Unreachable
                    | ApiFailure::Unreadable(_)
                    | ApiFailure::Refused(500.., _),
                ) => {
                    unsent.set_value(true);
                    failure.set(Some(Words::msg(Msg::JoinSendFailed)))
                }
                // Closed while this phone was answering: said in the participant's language.
                Err(ApiFailure::Refused(410, _)) => failure.set(Some(Words::msg(Msg::JoinClosed))),
                Err(ApiFailure::Refused(429, _)) => failure.set(Some(Words::msg(Msg::JoinTooFast))),
                Err(ApiFailure::Refused(_, why) | ApiFailure::Denied(why)) => {
                    failure.set(Some(Words::refused(why)))
                }
            }
        });
    };
    let back_online = window_event_listener(leptos::ev::online, move |_| {
        if unsent.get_value() {
            send();
        }
    });
    on_cleanup(move || back_online.remove());
    let submitted = Callback::new(move |reading: Reading| {
        if id.with_value(String::is_empty) {
            id.set_value(crate::random::contribution_id());
        }
        let year = Period::of(crate::clock::wall(reading.submitted_at), Granularity::Year);
        let one = shared.with_value(|s| {
            participant_contribution(s, &reading, year, &code.get_value(), id.get_value())
        });
        pending.set_value(Some(one));
        send();
    });
    let draft = Draft {
        id: crate::random::new_id(),
        profile_id: String::new(),
        survey_id: survey.id.clone(),
        survey_version: survey.version,
        answers: preset(&survey, format),
        section: 0,
        updated_at: crate::clock::now(),
        companion: Default::default(),
    };
    // What the session answers (its format, when its survey offers it) is not asked.
    let fixed: Vec<String> = draft.answers.iter().map(|(q, _)| q.clone()).collect();
    view! {
        {move || {
            failure
                .get()
                .map(|f| {
                    view! {
                        <div class="callout callout--error" role="alert">
                            <p>{f.text(i18n.lang())}</p>
                            <button
                                type="button"
                                class="button join__retry"
                                on:click=move |_| send()
                            >
                                {i18n.text(Msg::Retry)}
                            </button>
                        </div>
                    }
                })
        }}
        {move || {
            if answered {
                view! {
                    <div class="kiosk-thanks join__done join__already" role="status">
                        <p class="kiosk-thanks__title">{i18n.text(Msg::JoinAlready)}</p>
                        // A neighbour handed this phone is told where to answer.
                        <p class="page__lead">{i18n.text(Msg::JoinAlreadyOther)}</p>
                    </div>
                }
                    .into_any()
            } else if done.get() {
                view! {
                    <div class="kiosk-thanks join__done" role="status">
                        <p class="kiosk-thanks__title">{i18n.text(Msg::JoinThanks)}</p>
                        <p class="page__lead">{i18n.text(Msg::JoinPrivacy)}</p>
                    </div>
                }
                    .into_any()
            } else {
                view! {
                    <p class="callout kiosk-intro">{i18n.text(Msg::JoinPrivacy)}</p>
                    <Runner
                        fixed=fixed.clone()
                        survey=asked.clone()
                        draft=draft.clone()
                        resumed=false
                        on_done=move |(reading, _): (Reading, Draft)| submitted.run(reading)
                    />
                }
                    .into_any()
            }
        }}
    }
}

/// The small form where a participant types the code shown on the projector: one line above
/// the home page's cards, and in the sessions page's panel. A plain form: it asks for
/// `/rejoindre?code=…`, which `index.html` turns into the join link's address before the app
/// starts, so the home screen carries no code for it.
#[component]
pub fn JoinForm() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form class="join-form" action="/rejoindre" method="get">
            <div class="field">
                <label class="field__label" for="join-code">
                    {i18n.text(Msg::JoinStrip)}
                </label>
                <input
                    class="field__input field__input--short join-form__code"
                    id="join-code"
                    name="code"
                    type="text"
                    maxlength="14"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    required
                />
            </div>
            <button class="button" type="submit">
                {i18n.text(Msg::JoinButton)}
            </button>
        </form>
    }
}
