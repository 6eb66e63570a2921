//! The results screen for the projector: how many took part and each question's distribution,
//! refreshed as participants answer, with nothing shown below the disclosure threshold.

use bilan_core::Survey;
use bilan_core::disclosure::{Release, Threshold};
use bilan_core::session::{Format, Session};
use bilan_core::share::spaced_code;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use wasm_bindgen::JsCast;

use crate::components::loaded::{Data, LoadError, Loaded};
use crate::components::results::{CollegeComparison, ReleaseCharts};
use crate::i18n::{Msg, tr_with, use_i18n};
use crate::surveys::load_survey;
use bilan_core::bucket::Counted;

/// How often the screen looks for new answers, in milliseconds.
const REFRESH_MS: i32 = 2_000;

/// How long each question stays on the projector when it moves on by itself, in milliseconds:
/// long enough to read a chart of five bars aloud.
const ADVANCE_MS: i32 = 12_000;
/// How long a chart shown alone takes to be redrawn at its new width, at most (a frame or two).
const REDRAWN_MS: i32 = 150;

/// `/seances/:id/resultats`.
#[component]
pub fn LivePage() -> impl IntoView {
    let params = use_params_map();
    let loaded = Data::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        async move {
            let (session, survey) = crate::sessions::load_with_survey(&id).await?;
            let k = crate::api::threshold().await;
            // A grid review shows, per college, what each wants of each question of the grid.
            let grid = match bilan_core::session::revision::target_of(&session.survey_id) {
                Some(target) => Some(load_survey(target).await.map_err(LoadError::Failed)?),
                None => None,
            };
            Ok((session, survey, k, grid))
        }
    });
    view! {
        <section class="page page--live">
            <Loaded resource=loaded back=("/seances", Msg::BackToSessions) let:loaded>
                {
                    let (session, survey, k, grid) = loaded;
                    view! { <Live session survey k grid /> }
                }
            </Loaded>
        </section>
    }
}

#[component]
fn Live(session: Session, survey: Survey, k: Threshold, grid: Option<Survey>) -> impl IntoView {
    let i18n = use_i18n();
    let id = session.id.clone();
    let current = RwSignal::new(session);
    // Kiosk answers arrive in this device's storage, from another tab or window.
    let server = RwSignal::new(None::<Release>);
    let sent = RwSignal::new(false);
    let alive = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    {
        let alive = alive.clone();
        spawn_local(async move {
            let mut first = true;
            while alive.load(std::sync::atomic::Ordering::Relaxed) {
                // At once, then every REFRESH_MS.
                if !std::mem::take(&mut first) {
                    crate::sync::sleep(REFRESH_MS).await;
                }
                if !alive.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                if let Ok(fresh) = crate::sessions::load(&id).await
                    && fresh.updated_at != current.with_untracked(|s| s.updated_at)
                {
                    current.try_set(fresh);
                }
                // Phones send to the server, and the kiosk's totals at the close: its published
                // table of the session is what may be shown of them.
                let session = current.get_untracked();
                if let Some(table) = crate::sessions::server_table(&session).await {
                    server.try_set(Some(table));
                }
                sent.try_set(crate::sessions::totals_sent(&session).await);
            }
        });
    }
    on_cleanup(move || alive.store(false, std::sync::atomic::Ordering::Relaxed));
    let shared = StoredValue::new(survey.clone());
    // What the kiosk's answers let the screen show: the same rule as the server's tables.
    let local = Memo::new(move |_| current.with(|s| shared.with_value(|v| s.shown(v, k))));
    // One table and one count, the same as the session's page says (and the board, once the
    // totals are sent).
    let together = Memo::new(move |_| {
        let (kiosk, phones) = current.with(|s| (s.responses.len(), s.online));
        local.with(|l| {
            server
                .with(|t| crate::sessions::together(&l.all, kiosk, phones, t.as_ref(), sent.get()))
        })
    });
    let from_server =
        move || server.with(|t| t.as_ref().is_some_and(|t| t.contributions.is_some()));
    let release = Memo::new(move |_| {
        let mut table = together.with(|(t, _)| t.clone());
        // The session answers its format itself: nothing the room said.
        table
            .questions
            .retain(|q| q.question != bilan_core::session::FORMAT_QUESTION);
        table
    });
    let colleges = Memo::new(move |_| local.with(|l| l.colleges.clone()));
    let others = Memo::new(move |_| local.with(|l| l.others && !l.colleges.is_empty()));
    // Changes only when k is reached: the charts then stay and are redrawn, not rebuilt.
    let shown = Memo::new(move |_| release.with(|r| r.contributions.is_some()));
    let count = move || together.with(|(_, c)| c.shown());
    // Where the count comes from while both are counted apart: this device's kiosk (exact) and
    // the phones the server counted (its released, perturbed count). Once the kiosk's totals
    // are sent, the server's one table holds both.
    let sources = move || {
        if sent.get() {
            return None;
        }
        let phones = server.with(|t| t.as_ref().and_then(|t| t.contributions))?;
        let kiosk = current.with(|s| s.responses.len());
        Some((
            kiosk.to_string(),
            crate::sessions::Count::About(phones).shown(),
        ))
    };
    let step = move || {
        let lang = i18n.lang();
        // A phones' table released step by step holds a bound that grew with its steps.
        let noise = release
            .with(|r| r.noise)
            .max(bilan_core::disclosure::MAX_NOISE)
            .to_string();
        let perturbed = tr_with(lang, Msg::PerturbedNote, &[("noise", &noise)]);
        if from_server() {
            return perturbed;
        }
        let n = local.with(|l| l.participants).to_string();
        let closed = current.with(|s| s.closed_at.is_some());
        let kk = k.get().to_string();
        let which = if closed {
            tr_with(lang, Msg::ClosedNote, &[("n", &n)])
        } else {
            tr_with(lang, Msg::StepNote, &[("n", &n), ("k", &kk)])
        };
        format!("{which} {perturbed}")
    };
    // One question at a time on the projector, moved on with the arrow keys (or a remote's), left
    // with Escape (its button may be under the head, which stays at the top).
    let one_at_a_time = RwSignal::new(false);
    let at = RwSignal::new(0i64);
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !one_at_a_time.get_untracked() {
            return;
        }
        match ev.key().as_str() {
            "ArrowRight" | "PageDown" | " " => {
                ev.prevent_default();
                at.update(|n| *n += 1);
            }
            "ArrowLeft" | "PageUp" => {
                ev.prevent_default();
                at.update(|n| *n -= 1);
            }
            "Escape" => one_at_a_time.set(false),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
    let only = Signal::derive(move || one_at_a_time.get().then(|| at.get()));
    // Moving on by itself: every ADVANCE_MS while it is on. A key pressed restarts the wait, and
    // a newer start (or leaving the page) ends an older loop.
    let auto = RwSignal::new(false);
    let round = RwSignal::new(0u32);
    Effect::new(move |_| {
        let on = auto.get() && one_at_a_time.get();
        at.track();
        let mine = round.get_untracked().wrapping_add(1);
        round.set(mine);
        if on {
            spawn_local(async move {
                crate::sync::sleep(ADVANCE_MS).await;
                if round.try_get_untracked() == Some(mine) {
                    at.try_update(|n| *n += 1);
                }
            });
        }
    });
    // The chart shown alone takes the full width: charts redraw for their new size, as they do
    // when the window is resized. Once redrawn (a canvas stretched to its new width is taller
    // until then), it is scrolled whole onto the screen, as little as that takes, below the head
    // (which stays at the top on a projector, the QR code in it).
    Effect::new(move |_| {
        let shown_alone = only.get().is_some();
        request_animation_frame(|| {
            if let (Some(w), Ok(resized)) = (web_sys::window(), web_sys::Event::new("resize")) {
                let _ = w.dispatch_event(&resized);
            }
        });
        if !shown_alone {
            keep_clear_at_top(None);
            return;
        }
        spawn_local(async {
            crate::sync::sleep(REDRAWN_MS).await;
            let shown = document()
                .query_selector(".results__item:not(.results__item--hidden)")
                .ok()
                .flatten();
            if let Some(shown) = shown {
                let head = document()
                    .query_selector(".live__band--compact")
                    .ok()
                    .flatten()
                    .filter(|head| {
                        window()
                            .get_computed_style(head)
                            .ok()
                            .flatten()
                            .and_then(|style| style.get_property_value("position").ok())
                            .is_some_and(|position| position == "sticky")
                    })
                    .map_or(0.0, |head| head.get_bounding_client_rect().height());
                keep_clear_at_top((head > 0.0).then_some(head + 16.0));
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                shown.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    });
    on_cleanup(|| keep_clear_at_top(None));
    let review = current.with_untracked(|s| s.format == Format::BilanParticipatif);
    let title = current.with_untracked(|s| s.title.clone());
    let code = current.with_untracked(|s| s.code.clone());
    // The join panel shows as soon as the session is opened to phones, from this tab or another.
    let online = Memo::new(move |_| current.with(|s| s.online && s.closed_at.is_none()));
    {
        let id = current.with_untracked(|s| s.id.clone());
        crate::browser::on_announce(move |what| {
            if what == crate::sessions::changed(&id) {
                let id = id.clone();
                spawn_local(async move {
                    if let Ok(fresh) = crate::sessions::load(&id).await {
                        current.try_set(fresh);
                    }
                });
            }
        });
    }
    let back = current.with_untracked(|s| format!("/seances/{}", s.id));
    let k = k.get();
    view! {
        // One question at a time: the head made small, with the tools under it, a band that stays
        // at the top while the questions pass under it (the QR code for those who come late, the
        // buttons to move on or stop).
        <div class="live__band" class=("live__band--compact", move || one_at_a_time.get())>
            <div class="live__head" class=("live__head--compact", move || one_at_a_time.get())>
                <div>
                    <h1 class="page__title">{title}</h1>
                    <p class="page__lead">{i18n.text(Msg::LiveLead)}</p>
                </div>
                <div class="session-facts">
                    <p class="fact">
                        <span class="fact__label">{i18n.text(Msg::ParticipantsLabel)}</span>
                        <span class="fact__value live__count" aria-live="polite">
                            {count}
                        </span>
                        {move || {
                            sources()
                                .map(|(kiosk, phones)| {
                                    view! {
                                        <span class="fact__detail live__sources">
                                            {i18n
                                                .tw(
                                                    Msg::LiveSources,
                                                    &[("kiosk", &kiosk), ("phones", &phones)],
                                                )}
                                        </span>
                                    }
                                })
                        }}
                    </p>
                    // Only while phones may join: a kiosk's session or a closed one has no use
                    // for the code on the projector.
                    {
                        let code = code.clone();
                        move || {
                            online
                                .get()
                                .then(|| {
                                    view! {
                                        <p class="fact">
                                            <span class="fact__label">{i18n.text(Msg::JoinCode)}</span>
                                            <span class="fact__value fact__value--code">
                                                {spaced_code(&code)}
                                            </span>
                                        </p>
                                    }
                                })
                        }
                    }
                </div>
                // Beside the title and the facts on a projector, so that the whole QR code is on the first
                // screen; below them on a phone.
                {move || {
                    online
                        .get()
                        .then(|| {
                            let link = super::session_page::join_link(&code);
                            let label = link.clone();
                            view! {
                                <div class="live__join">
                                    <crate::components::qr_code::QrCode
                                        text=link.clone()
                                        label=Signal::derive(move || {
                                            i18n.tw(Msg::QrOf, &[("link", &label)])
                                        })
                                    />
                                    <p class="live__scan">{i18n.text(Msg::ScanToAnswer)}</p>
                                    <p class="live__link">
                                        {super::session_page::written_link(&link)}
                                    </p>
                                </div>
                            }
                        })
                }}
            </div>
            <Show when=move || shown.get()>
                <div class="live__tools">
                    <Toggle class="live__one" on=one_at_a_time label=Msg::OneQuestionAtATime />
                    <Show when=move || one_at_a_time.get()>
                        <Toggle class="live__auto" on=auto label=Msg::MoveOnByItself />
                    </Show>
                </div>
            </Show>
        </div>
        // Read once, then scrolled away: the band keeps only what is used during the session.
        <Show when=move || one_at_a_time.get()>
            <p class="hint live__keys">{i18n.text(Msg::ArrowsToMoveOn)}</p>
        </Show>
        {move || {
            if !shown.get() {
                view! {
                    <p class="callout live__waiting" role="status">
                        {move || i18n.tw(Msg::NotEnoughYet, &[("k", &k.to_string())])}
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <p class="hint live__step" role="status">
                        {step}
                    </p>
                    <ReleaseCharts
                        survey=shared.get_value()
                        release
                        counted=Counted::Answers
                        id="live"
                        only
                    />
                }
                    .into_any()
            }
        }}
        {(review || survey.question(bilan_core::session::COLLEGE_QUESTION).is_some())
            .then(|| {
                view! {
                    <h2 class="section-title">{i18n.text(Msg::CollegeComparison)}</h2>
                    <Show
                        when=move || colleges.with(|c| !c.is_empty())
                        fallback=move || {
                            view! {
                                <p class="hint live__colleges-waiting" role="status">
                                    {move || {
                                        i18n.tw(Msg::CollegesWaiting, &[("k", &k.to_string())])
                                    }}
                                </p>
                            }
                        }
                    >
                        {match grid.clone() {
                            Some(grid) => {
                                view! {
                                    <crate::components::revision_panel::ReviewByCollege
                                        grid
                                        review=shared.get_value()
                                        colleges
                                    />
                                }
                                    .into_any()
                            }
                            None => {
                                view! {
                                    <CollegeComparison
                                        survey=shared.get_value()
                                        colleges
                                        id="live-colleges"
                                    />
                                }
                                    .into_any()
                            }
                        }}
                    </Show>
                    {move || {
                        others
                            .get()
                            .then(|| {
                                view! {
                                    <p class="hint live__others">{i18n.text(Msg::OtherColleges)}</p>
                                }
                            })
                    }}
                }
            })}
        <A href=back attr:class="button button--quiet">
            {i18n.text(Msg::BackToSession)}
        </A>
    }
}

/// Keeps the top `px` of the window clear when the page scrolls something into view (the
/// question shown alone, a focused button), as the head that stays at the top covers them;
/// `None` gives the window back its whole height.
fn keep_clear_at_top(px: Option<f64>) {
    let Some(root) = document()
        .document_element()
        .and_then(|root| root.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let style = root.style();
    let _ = match px {
        Some(px) => style.set_property("scroll-padding-top", &format!("{}px", px.ceil() as i64)),
        None => style.remove_property("scroll-padding-top").map(|_| ()),
    };
}

/// A button that turns `on` on and off, and says which it is to screen readers.
#[component]
fn Toggle(class: &'static str, on: RwSignal<bool>, label: Msg) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class=format!("button button--quiet {class}")
            aria-pressed=move || on.get().to_string()
            on:click=move |_| on.update(|on| *on = !*on)
        >
            {i18n.text(label)}
        </button>
    }
}
