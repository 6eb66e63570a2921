//! Kiosk mode: participants answer one after another on the facilitator's device. After each
//! submission the survey is taken off the page, so nothing of the previous answers can be reached;
//! a survey left half answered is wiped after a while without a touch; leaving needs the
//! facilitator's PIN.

use bilan_core::Survey;
use bilan_core::reading::{Draft, Reading};
use bilan_core::session::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::runner::Runner;
use crate::components::alert::Alert;
use crate::components::loaded::{Data, Loaded};
use crate::i18n::{Msg, Words, use_i18n};

/// Without a touch for this long, a participant's answers in progress are taken as left behind:
/// the kiosk asks whether anyone is still there (long enough to read a question twice).
const IDLE_MS: i64 = 180_000;
/// Then, without an answer, they are wiped, so that the next person never reads them.
const WIPE_MS: i64 = 30_000;

/// `/seances/:id/kiosque`.
#[component]
pub fn KioskPage() -> impl IntoView {
    let params = use_params_map();
    let loaded = Data::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        async move { crate::sessions::load_with_survey(&id).await }
    });
    view! {
        <section class="page page--survey page--kiosk">
            <Loaded resource=loaded back=("/seances", Msg::BackToSessions) let:loaded>
                {
                    let (session, survey) = loaded;
                    view! { <KioskView session survey /> }
                }
            </Loaded>
        </section>
    }
}

/// The kiosk itself: the survey for one participant, then "thank you" with nothing of their
/// answers left on the page, then a fresh survey for the next one.
#[component]
pub fn KioskView(session: Session, survey: Survey) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(session.id.clone());
    let preset = StoredValue::new(session.preset(&survey));
    let survey = StoredValue::new(survey);
    let thanks = RwSignal::new(false);
    let failure = RwSignal::new(None::<Words>);
    // A new participant's survey at each wipe; the last touch on the survey shown, none while
    // it is untouched; the seconds left before a wipe while the kiosk asks.
    let round = RwSignal::new(0u32);
    let last = StoredValue::new(None::<i64>);
    let left = RwSignal::new(None::<i64>);
    let touches: Vec<_> = ["pointerdown", "keydown", "input", "wheel"]
        .into_iter()
        .map(|event| {
            window_event_listener_untyped(event, move |_| {
                last.set_value(Some(crate::clock::now()));
                if left.get_untracked().is_some() {
                    left.set(None);
                }
            })
        })
        .collect();
    let tick = set_interval_with_handle(
        move || {
            let Some(at) = last.get_value().filter(|_| !thanks.get_untracked()) else {
                return;
            };
            let idle = crate::clock::now() - at;
            if idle >= IDLE_MS + WIPE_MS {
                last.set_value(None);
                left.set(None);
                round.update(|n| *n += 1);
                if let Some(w) = web_sys::window() {
                    w.scroll_to_with_x_and_y(0.0, 0.0);
                }
            } else if idle >= IDLE_MS {
                left.set(Some((IDLE_MS + WIPE_MS - idle + 999) / 1000));
            }
        },
        std::time::Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        touches.into_iter().for_each(|t| t.remove());
        if let Some(tick) = tick {
            tick.clear();
        }
    });
    // « Envoyer » tapped again while the answers are being stored would count the participant
    // twice: a tap meanwhile does nothing.
    let storing = StoredValue::new(false);
    let submitted = Callback::new(move |reading: Reading| {
        if storing.get_value() {
            return;
        }
        storing.set_value(true);
        spawn_local(async move {
            let saved = crate::sessions::add_reading(&id.get_value(), reading).await;
            storing.set_value(false);
            match saved {
                Ok(()) => {
                    failure.set(None);
                    last.set_value(None);
                    thanks.set(true);
                    if let Some(w) = web_sys::window() {
                        w.scroll_to_with_x_and_y(0.0, 0.0);
                    }
                }
                Err(e) => failure.set(Some(Words::new(move |lang| e.said(lang)))),
            }
        });
    });
    let fresh = move || Draft {
        id: crate::random::new_id(),
        profile_id: id.get_value(),
        survey_id: survey.with_value(|s| s.id.clone()),
        survey_version: survey.with_value(|s| s.version),
        answers: preset.get_value(),
        section: 0,
        updated_at: crate::clock::now(),
        companion: Default::default(),
    };
    view! {
        <Alert message=failure />
        // Drawn once when it is asked, said once; the seconds left are for the eyes.
        <Show when=move || left.get().is_some()>
            <div class="callout callout--warn kiosk-idle">
                <p role="alert">{i18n.text(Msg::KioskStillThere)}</p>
                <p class="kiosk-idle__count" aria-hidden="true">
                    {move || format!("{}\u{a0}s", left.get().unwrap_or_default())}
                </p>
                // Any touch answers; the button says what to do.
                <button type="button" class="button">
                    {i18n.text(Msg::KioskGoOn)}
                </button>
            </div>
        </Show>
        {move || {
            round.track();
            if thanks.get() {
                view! {
                    <div class="kiosk-thanks" role="status">
                        <p class="kiosk-thanks__title">{i18n.text(Msg::KioskThanks)}</p>
                        <p class="page__lead">{i18n.text(Msg::KioskPrivacy)}</p>
                        <button
                            type="button"
                            class="button button--large kiosk-next"
                            on:click=move |_| {
                                last.set_value(None);
                                thanks.set(false);
                            }
                        >
                            {i18n.text(Msg::KioskStart)}
                        </button>
                    </div>
                }
                    .into_any()
            } else {
                view! {
                    <p class="callout kiosk-intro">{i18n.text(Msg::KioskPrivacy)}</p>
                    <Runner
                        survey=survey.get_value()
                        draft=fresh()
                        resumed=false
                        on_done=move |(reading, _): (Reading, Draft)| submitted.run(reading)
                        // What the session answers (its format) is the facilitator's answer, not
                        // a participant's to change: as on a phone, answered and not asked.
                        fixed=preset.with_value(|p| p.iter().map(|(q, _)| q.clone()).collect())
                    />
                }
                    .into_any()
            }
        }}
        <Leave session=id.get_value() />
    }
}

/// The token in what a facilitator pasted: a join link's (`…#join?token=…`), or the token alone.
fn pasted_token(pasted: &str) -> &str {
    let pasted = pasted.trim();
    match pasted.split_once("token=") {
        Some((_, rest)) => rest.split('&').next().unwrap_or_default(),
        None => pasted,
    }
}

/// The facilitator's way out: the PIN, checked against its stored hash; a forgotten PIN gives
/// way to a facilitator's access link, a secret the participants do not hold (a group's link,
/// which they may, does not).
#[component]
fn Leave(session: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = StoredValue::new(session);
    let kiosk = crate::kiosk::use_kiosk();
    let navigate = use_navigate();
    let asking = RwSignal::new(false);
    let pin = RwSignal::new(String::new());
    let wrong = RwSignal::new(None::<Words>);
    // Once « Code PIN oublié ? » is tapped, the link pasted.
    let forgot = RwSignal::new(false);
    let link = RwSignal::new(String::new());
    let out = StoredValue::new(move |id: String| {
        if crate::kiosk::unlock(kiosk).is_ok() {
            navigate(
                &format!("/seances/{id}"),
                leptos_router::NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    let with_link = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = session.get_value();
        spawn_local(async move {
            let pasted = link.get_untracked();
            if !crate::sync::facilitators_link(pasted_token(&pasted)).await {
                wrong.set(Some(Words::msg(Msg::PinForgottenWrong)));
                return;
            }
            // The link lifts the wait that wrong PINs set, too.
            let _ = crate::sessions::pin_tried(&id, true, crate::clock::now()).await;
            out.with_value(|out| out(id));
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = session.get_value();
        spawn_local(async move {
            let typed = pin.get_untracked();
            pin.set(String::new());
            let now = crate::clock::now();
            let locked = |until: i64| {
                let seconds = ((until - now) / 1000).max(1);
                let wait = if seconds < 90 {
                    format!("{seconds}\u{a0}s")
                } else {
                    format!("{}\u{a0}min", (seconds + 59) / 60)
                };
                Words::with(Msg::PinLocked, "wait", wait)
            };
            // The session is gone: nothing to protect any more.
            if let Ok(s) = crate::sessions::load(&id).await {
                // Wrong PINs in a row make the kiosk wait longer and longer, kept with the
                // session so that reloading the page does not start over.
                if s.pin_locked_until > now {
                    wrong.set(Some(locked(s.pin_locked_until)));
                    return;
                }
                let ok = match &s.pin {
                    Some(hash) => crate::pin::verify_pin(&typed, hash).await,
                    None => true,
                };
                let mut until = 0;
                if !ok || s.pin_failures > 0 {
                    until = crate::sessions::pin_tried(&id, ok, now).await.unwrap_or(0);
                }
                if !ok {
                    wrong.set(Some(if until > now {
                        locked(until)
                    } else {
                        Words::msg(Msg::PinWrong)
                    }));
                    return;
                }
            }
            out.with_value(|out| out(id));
        });
    };
    // « Annuler » closes whichever form is open and gives the keyboard back to the button.
    let cancel = move |ev: leptos::ev::MouseEvent| {
        asking.set(false);
        forgot.set(false);
        wrong.set(None);
        crate::browser::focus_within(&ev, ".kiosk-leave", "button");
    };
    // Under either form's field: what was wrong, « Annuler » and « Déverrouiller ».
    let said_and_done = move || {
        view! {
            <p class="field__error" id="leave-error" role="alert">
                {move || wrong.get().map(|w| w.text(i18n.lang()))}
            </p>
            <div class="confirm__actions">
                <button type="button" class="button button--quiet" on:click=cancel>
                    {i18n.text(Msg::Cancel)}
                </button>
                <button type="submit" class="button">
                    {i18n.text(Msg::Unlock)}
                </button>
            </div>
        }
    };
    let pin_form = move || {
        view! {
            <form class="kiosk-leave__form" on:submit=submit novalidate>
                <label class="field__label" for="leave-pin">
                    {i18n.text(Msg::FacilitatorPin)}
                </label>
                <input
                    class="field__input field__input--short"
                    id="leave-pin"
                    type="password"
                    inputmode="numeric"
                    autocomplete="off"
                    maxlength="12"
                    bind:value=pin
                    aria-describedby="leave-error"
                />
                {said_and_done()}
                <button
                    type="button"
                    class="button button--link kiosk-leave__forgot"
                    on:click=move |_| {
                        wrong.set(None);
                        forgot.set(true);
                        crate::browser::focus_soon("#leave-link".to_owned());
                    }
                >
                    {i18n.text(Msg::PinForgotten)}
                </button>
            </form>
        }
    };
    view! {
        <div class="kiosk-leave">
            {move || match (asking.get(), forgot.get()) {
                (false, _) => {
                    view! {
                        <button
                            type="button"
                            class="button button--quiet kiosk-leave__open"
                            on:click=move |ev| {
                                asking.set(true);
                                crate::browser::focus_within(&ev, ".kiosk-leave", "#leave-pin");
                            }
                        >
                            {i18n.text(Msg::LeaveKiosk)}
                        </button>
                    }
                        .into_any()
                }
                (true, false) => pin_form().into_any(),
                (true, true) => {
                    view! {
                        <form
                            class="kiosk-leave__form kiosk-leave__link"
                            on:submit=with_link
                            novalidate
                        >
                            <label class="field__label" for="leave-link">
                                {i18n.text(Msg::PinForgottenLink)}
                            </label>
                            <input
                                class="field__input"
                                id="leave-link"
                                type="password"
                                autocomplete="off"
                                bind:value=link
                                aria-describedby="leave-error"
                            />
                            {said_and_done()}
                        </form>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
