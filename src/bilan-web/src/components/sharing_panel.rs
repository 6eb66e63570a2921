//! The person's say over sharing: whether the device is linked, the consent, a preview of exactly
//! what their latest reading would send, and the outbox's state.

use bilan_core::bucket::CellKey;
use bilan_core::share::Cell;

use crate::components::loaded::{Data, Unreadable};
use crate::components::results::{bucket_label, key_title};
use bilan_core::{Lang, Survey};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::i18n::{Msg, tr_with, use_i18n};
use crate::sync::{self, use_sync};

/// The sharing panel of "Mon parcours".
#[component]
pub fn SharingPanel() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let view_ = sync.view;
    let preview = Data::new(latest_contribution);
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        spawn_local(async move { sync::set_sharing(sync, on).await });
    };
    let send_now = move |_| spawn_local(async move { sync::flush(sync, true).await });
    let retry = move |_| spawn_local(async move { sync::retry_refused(sync).await });
    // The button goes with what it drops: the keyboard goes on from the consent.
    let drop_held = move |ev: leptos::ev::MouseEvent| {
        crate::browser::focus_within(&ev, ".sharing", ".sharing__consent input");
        spawn_local(async move { sync::drop_held(sync).await });
    };
    let linked = move || view_.with(|v| v.linked);
    let rows = move || {
        preview.get().map(|found| match found {
            Some((survey, cells)) => {
                let lang = i18n.lang();
                view! {
                    <dl class="sharing__cells">
                        {cells
                            .iter()
                            .map(|cell| {
                                let (question, bucket) = describe(&survey, cell, lang);
                                view! {
                                    <dt>{question}</dt>
                                    <dd>{bucket}</dd>
                                }
                            })
                            .collect_view()}
                    </dl>
                }
                .into_any()
            }
            None => view! { <p class="hint">{i18n.t(Msg::NothingToPreview)}</p> }.into_any(),
        })
    };
    view! {
        <section class="panel sharing" aria-labelledby="sharing-title">
            <h2 class="panel__title" id="sharing-title">
                {i18n.text(Msg::SharingTitle)}
            </h2>
            <Show
                when=linked
                fallback=move || view! { <p class="hint">{i18n.t(Msg::NotLinked)}</p> }
            >
                <Show when=move || view_.with(|v| v.joined)>
                    <p class="callout" role="status">
                        {i18n.text(Msg::Joined)}
                    </p>
                </Show>
                // The whole of it one click away, at the moment of consent.
                <p class="hint">
                    {i18n.text(Msg::SharingExplain)} " "
                    <A href="/vos-donnees">{i18n.text(Msg::YourDataLink)}</A>
                </p>
                <label class="choice sharing__consent">
                    <input
                        type="checkbox"
                        prop:checked=move || view_.with(|v| v.sharing)
                        on:change=toggle
                    />
                    <span>{i18n.text(Msg::SharingConsent)}</span>
                </label>
                <details class="chart__table sharing__preview">
                    <summary>{i18n.text(Msg::SharingPreview)}</summary>
                    {rows}
                </details>
                <div class="sharing__status" role="status">
                    {move || {
                        let v = view_.get();
                        let refused: usize = v.refused.iter().map(|(n, _)| n).sum();
                        let going = v.pending - v.held;
                        let pending = if v.pending == 0 && refused == 0 && v.unreadable.is_empty() {
                            i18n.t(if v.sharing { Msg::AllSent } else { Msg::NothingWaiting })
                                .to_owned()
                        } else if going == 0 && (refused > 0 || v.held > 0) {
                            String::new()
                        } else {
                            i18n.tw(Msg::PendingCount, &[("n", &going.to_string())])
                        };
                        let held = v.held;
                        // The pending line counts what is on its way (a session's totals
                        // among them); a holder's reviews held back without consent, and what
                        // was refused, are said apart below. Without consent and with nothing
                        // waiting, nothing may have been sent at all: « Tout est envoyé » is
                        // said only with it.
                        view! {
                            <p class="sharing__pending" data-pending=v.pending>
                                {pending}
                            </p>
                            {v
                                .last_error
                                .map(|e| {
                                    let why = if e == sync::UNREACHABLE {
                                        i18n.t(Msg::ServerUnreachable).to_owned()
                                    } else if e == bilan_core::wire::Refusal::StorageFull.code() {
                                        i18n.t(Msg::ServerFull).to_owned()
                                    } else {
                                        e
                                    };
                                    view! {
                                        <p class="hint">
                                            {i18n.tw(Msg::LastError, &[("why", &why)])}
                                        </p>
                                    }
                                })}
                            {(held > 0)
                                .then(|| {
                                    view! {
                                        <p class="sharing__held">
                                            {i18n.tw(Msg::PendingHeld, &[("n", &held.to_string())])}
                                        </p>
                                    }
                                })}
                            {(refused > 0)
                                .then(|| {
                                    view! {
                                        <p class="sharing__refused-count">
                                            {i18n.tw(Msg::RefusedCount, &[("n", &refused.to_string())])}
                                        </p>
                                    }
                                })}
                            {v
                                .refused
                                .into_iter()
                                .map(|(_, reason)| {
                                    let said = if reason == sync::DENIED {
                                        i18n.t(Msg::LinkDenied).to_owned()
                                    } else {
                                        crate::i18n::refused(i18n.lang(), &reason)
                                    };
                                    view! {
                                        <p class="callout callout--error sharing__refused">
                                            {said}
                                        </p>
                                    }
                                })
                                .collect_view()}
                            <Unreadable errors=v.unreadable />
                        }
                    }}
                </div>
                <div class="card__actions">
                    <Show when=move || view_.with(|v| v.pending > v.held)>
                        <button
                            type="button"
                            class="button button--quiet sharing__send"
                            on:click=send_now
                        >
                            {i18n.text(Msg::SendNow)}
                        </button>
                    </Show>
                    // Kept off the server for good, as the holder who withdrew consent may want.
                    <Show when=move || view_.with(|v| v.held > 0)>
                        <button
                            type="button"
                            class="button button--quiet sharing__drop-held"
                            on:click=drop_held
                        >
                            {move || {
                                let n = view_.with(|v| v.held).to_string();
                                i18n.tw(Msg::DropHeld, &[("n", &n)])
                            }}
                        </button>
                    </Show>
                    // A link refused is sent again by a new link, not by this button; an
                    // old period is never taken again.
                    <Show when=move || {
                        view_.with(|v| v.refused.iter().any(|(_, why)| sync::retried(why)))
                    }>
                        <button type="button" class="button button--quiet" on:click=retry>
                            {i18n.text(Msg::RetryRefused)}
                        </button>
                    </Show>
                </div>
            </Show>
        </section>
    }
}

/// The cells the device's latest reading would send, with its survey.
async fn latest_contribution() -> Option<(Survey, Vec<Cell>)> {
    let (survey, c) = crate::journey::latest_contribution().await?;
    // In the order the person answered: questions, then scores, then progress.
    let order: Vec<&str> = survey.questions().map(|q| q.id.as_str()).collect();
    let rank = |cell: &Cell| match &cell.question {
        CellKey::Answer(id) => (0, order.iter().position(|q| *q == id).unwrap_or(usize::MAX)),
        CellKey::Score(_) => (1, 0),
        CellKey::Progress(_) => (2, 0),
        CellKey::Start(_) => (3, 0),
    };
    let mut cells = c.cells;
    bilan_core::order::sort_by_key(&mut cells, |cell| rank(cell));
    Some((survey, cells))
}

/// A cell in words: the question, and the bucket as the survey names it.
fn describe(survey: &Survey, cell: &Cell, lang: Lang) -> (String, String) {
    let title = match &cell.question {
        CellKey::Score(i) => tr_with(lang, Msg::ScoreOfIndicator, &[("indicator", i.label(lang))]),
        CellKey::Progress(i) => tr_with(
            lang,
            Msg::ProgressOfIndicator,
            &[("indicator", i.label(lang))],
        ),
        key => key_title(survey, key, lang).unwrap_or_else(|| key.to_string()),
    };
    (
        title,
        bucket_label(survey, &cell.question, &cell.bucket, lang),
    )
}
