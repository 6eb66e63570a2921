//! The person's say over sharing: whether the device is linked, the consent, a preview of exactly
//! what their latest reading would send, and the outbox's state.

use bilan_core::share::{Cell, PROGRESS_BUCKETS};
use bilan_core::survey::{Kind, bucket_index};
use bilan_core::{Indicator, Lang, Survey};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{Msg, tr, use_i18n};
use crate::storage::Storage;
use crate::surveys::load_survey;
use crate::sync::{self, use_sync};

/// The sharing panel of "Mon parcours".
#[component]
pub fn SharingPanel() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let view_ = sync.view;
    let preview = LocalResource::new(latest_contribution);
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        spawn_local(async move { sync::set_sharing(sync, on).await });
    };
    let send_now = move |_| spawn_local(async move { sync::flush(sync, true).await });
    let retry = move |_| spawn_local(async move { sync::retry_refused(sync).await });
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
                                view! { <dt>{question}</dt><dd>{bucket}</dd> }
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
            <h2 class="panel__title" id="sharing-title">{move || i18n.t(Msg::SharingTitle)}</h2>
            <Show when=linked fallback=move || view! { <p class="hint">{i18n.t(Msg::NotLinked)}</p> }>
                <Show when=move || view_.with(|v| v.joined)>
                    <p class="callout" role="status">{move || i18n.t(Msg::Joined)}</p>
                </Show>
                <p class="hint">{move || i18n.t(Msg::SharingExplain)}</p>
                <label class="choice sharing__consent">
                    <input type="checkbox" prop:checked=move || view_.with(|v| v.sharing) on:change=toggle />
                    <span>{move || i18n.t(Msg::SharingConsent)}</span>
                </label>
                <details class="chart__table sharing__preview">
                    <summary>{move || i18n.t(Msg::SharingPreview)}</summary>
                    {rows}
                </details>
                <div class="sharing__status" role="status">
                    {move || {
                        let v = view_.get();
                        let pending = if v.pending == 0 && v.refused.is_empty() {
                            i18n.t(Msg::AllSent).to_owned()
                        } else {
                            format!("{} {}", v.pending, i18n.t(Msg::Pending))
                        };
                        view! {
                            <p class="sharing__pending" data-pending=v.pending>{pending}</p>
                            {v.last_error.map(|e| view! { <p class="hint">{i18n.t(Msg::LastError)} " " {e}</p> })}
                            {v.refused.into_iter().map(|(_, reason)| view! {
                                <p class="callout callout--error sharing__refused">{i18n.t(Msg::RefusedBy)} " " {reason}</p>
                            }).collect_view()}
                        }
                    }}
                </div>
                <div class="card__actions">
                    <Show when=move || view_.with(|v| v.pending > 0)>
                        <button type="button" class="button button--quiet sharing__send" on:click=send_now>{move || i18n.t(Msg::SendNow)}</button>
                    </Show>
                    <Show when=move || view_.with(|v| !v.refused.is_empty())>
                        <button type="button" class="button button--quiet" on:click=retry>{move || i18n.t(Msg::RetryRefused)}</button>
                    </Show>
                </div>
            </Show>
        </section>
    }
}

/// The cells the device's latest reading would send, with its survey.
async fn latest_contribution() -> Option<(Survey, Vec<Cell>)> {
    let storage = Storage::app().await.ok()?;
    let mut latest = None;
    for profile in storage.profiles().await.ok()? {
        for r in storage.readings(&profile.id).await.ok()? {
            if latest
                .as_ref()
                .is_none_or(|l: &bilan_core::reading::Reading| r.submitted_at > l.submitted_at)
            {
                latest = Some(r);
            }
        }
    }
    let reading = latest?;
    let survey = load_survey(&reading.survey_id).await.ok()?;
    let c = sync::contribution_of(&storage, &survey, &reading)
        .await
        .ok()??;
    // In the order the person answered: questions, then scores, then progress.
    let order: Vec<&str> = survey.questions().map(|q| q.id.as_str()).collect();
    let rank = |cell: &Cell| match cell.question.split_once(':') {
        None => (
            0,
            order
                .iter()
                .position(|id| *id == cell.question)
                .unwrap_or(usize::MAX),
        ),
        Some(("score", _)) => (1, 0),
        Some(_) => (2, 0),
    };
    let mut cells = c.cells;
    cells.sort_by_key(|cell| rank(cell));
    Some((survey, cells))
}

/// A cell in words: the question, and the bucket as the survey names it.
fn describe(survey: &Survey, cell: &Cell, lang: Lang) -> (String, String) {
    let indicator = |id: &str| {
        id.parse::<Indicator>()
            .map(|i| i.label(lang).to_owned())
            .unwrap_or_else(|_| id.to_owned())
    };
    if let Some(id) = cell.question.strip_prefix("score:") {
        let range = cell.bucket.replace('-', " – ");
        return (
            format!("{} ({})", indicator(id), tr(lang, Msg::ScoreOf)),
            format!("{range} / 100"),
        );
    }
    if let Some(id) = cell.question.strip_prefix("progress:") {
        let msgs = [Msg::DownMuch, Msg::Down, Msg::Same, Msg::Up, Msg::UpMuch];
        let word = PROGRESS_BUCKETS
            .iter()
            .position(|b| *b == cell.bucket)
            .map(|i| tr(lang, msgs[i]).to_owned())
            .unwrap_or_else(|| cell.bucket.to_string());
        return (
            format!("{} ({})", indicator(id), tr(lang, Msg::ProgressOf)),
            word,
        );
    }
    let Some(q) = survey.question(&cell.question) else {
        return (cell.question.to_string(), cell.bucket.to_string());
    };
    let bucket = match &q.kind {
        Kind::Scale { min, levels, .. } => match cell.bucket.parse::<i64>() {
            Ok(n) => format!(
                "{n} — {}",
                levels
                    .get((n - min) as usize)
                    .map(|t| t.get(lang))
                    .unwrap_or_default()
            ),
            Err(_) => tr(lang, Msg::DontKnow).to_owned(),
        },
        Kind::YesNo => tr(
            lang,
            if cell.bucket == "yes" {
                Msg::Yes
            } else {
                Msg::No
            },
        )
        .to_owned(),
        Kind::Single { options, .. } | Kind::Multiple { options, .. } => options
            .iter()
            .find(|o| o.id == cell.bucket)
            .map(|o| o.label.get(lang).to_owned())
            .unwrap_or_else(|| tr(lang, Msg::Other).to_owned()),
        Kind::Integer { buckets, unit, .. } | Kind::Decimal { buckets, unit, .. } => {
            let integer = matches!(q.kind, Kind::Integer { .. });
            let index = cell
                .bucket
                .parse::<f64>()
                .ok()
                .and_then(|x| bucket_index(buckets, x));
            let label = index
                .map(|i| bilan_core::survey::bucket_label(buckets, i, integer))
                .unwrap_or_default();
            format!("{label} {}", unit.symbol(lang)).trim().to_owned()
        }
        Kind::Date { .. } | Kind::Text { .. } => cell.bucket.to_string(),
    };
    (q.label.get(lang).to_owned(), bucket)
}
