//! A holder answering a survey (the runner, `runner.rs`): every answer saved as it is given, then
//! the reading and its scores.

use bilan_core::Survey;
use bilan_core::answer::Answer;
use bilan_core::reading::{Draft, Reading};
use bilan_core::survey::{Kind, Question};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::runner::{Runner, focus_heading};
use super::survey_result::ResultView;
use crate::components::alert::Alert;
use crate::components::loaded::{Data, Loaded, Unreadable};
use crate::components::question_field::{Companion, companion_scale};
use crate::i18n::{Msg, Words, use_i18n};
use crate::journey::{self, Opened, SubmitError};
use crate::storage::StorageError;

/// `/parcours/:profile/:survey`: loads the survey and the profile's draft (or starts one);
/// `?bilan=ID`, the address of a submitted reading, shows its result again.
#[component]
pub fn SurveyPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let loaded = Data::new(move || {
        let (profile, survey) = params.with(|p| {
            (
                p.get("profile").unwrap_or_default(),
                p.get("survey").unwrap_or_default(),
            )
        });
        // Read once: the address changes to the reading's after a submit, with its result
        // already on screen.
        let done = query.with_untracked(|q| q.get("bilan"));
        async move { journey::open(&profile, &survey, done).await }
    });
    // A survey painted before the app ran gives way to the reason it cannot be shown.
    Effect::new(move |_| {
        if loaded.with(|opened| matches!(opened, Some(Err(_)))) {
            crate::browser::take_over_prepainted();
        }
    });
    view! {
        <section class="page page--survey">
            <Loaded resource=loaded back=("/parcours", Msg::BackToJourney) let:opened>
                {
                    let Opened { survey, draft, resumed, done, answered, unreadable } = opened;
                    view! { <Holder survey draft resumed done answered unreadable /> }
                }
            </Loaded>
        </section>
    }
}

/// A holder's reading: the runner with every answer saved as it is given, then the result; the
/// profile's drafts and readings that cannot be read are named on every screen.
#[component]
fn Holder(
    survey: Survey,
    draft: Draft,
    resumed: bool,
    done: Option<Reading>,
    answered: Option<Survey>,
    unreadable: Vec<StorageError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = crate::status::use_status();
    let unreadable = StoredValue::new(unreadable);
    let survey = StoredValue::new(survey);
    let draft = StoredValue::new(draft);
    let failure = RwSignal::new(None::<Words>);
    // The browser's storage is full: said in its own words, cleared by the next save that works.
    let full = RwSignal::new(false);
    // A reading opened from its address is read again; one just submitted is thanked for.
    let again = StoredValue::new(done.as_ref().map(|r| r.id.clone()));
    // Sent already, from another tab: the reading stored then is shown, and why.
    let sent_before = RwSignal::new(false);
    let answered = StoredValue::new(answered);
    let result = RwSignal::new(done);
    // The accompagnateur's levels, kept here (a participant's phone never loads them), and
    // whether they answer beside the holder now.
    let together = RwSignal::new(draft.with_value(|d| !d.companion.is_empty()));
    let companion = RwSignal::new(draft.with_value(|d| d.companion.clone()));
    let latest = StoredValue::new(draft.get_value());
    // Kept only while answered together: unticked, the accompagnateur's levels stay on screen
    // to tick again, but are neither saved nor submitted.
    let beside_kept = move || {
        if together.get_untracked() {
            companion.get_untracked()
        } else {
            Default::default()
        }
    };
    let autosave = Callback::new(move |mut draft: Draft| {
        draft.companion = beside_kept();
        latest.set_value(draft.clone());
        spawn_local(async move {
            match journey::autosave(&draft).await {
                // Space came back: the message goes, everything answered so far is saved.
                Ok(()) => {
                    full.set(false);
                    failure.set(None);
                }
                Err(StorageError::Full) => full.set(true),
                Err(err) => failure.set(Some(stored_nothing(err.to_string()))),
            }
        });
    });
    let answer_beside = move |id: String, value: Option<Answer>| {
        companion.update(|a| match value {
            Some(v) => {
                a.insert(id, v);
            }
            None => {
                a.remove(&id);
            }
        });
        let mut draft = latest.get_value();
        draft.updated_at = crate::clock::now();
        autosave.run(draft);
    };
    let scales = survey.with_value(|s| s.questions().any(|q| matches!(q.kind, Kind::Scale { .. })));
    // Beside each scale, while answered together, the accompagnateur's view.
    let beside = scales.then(|| {
        Callback::new(move |q: Question| {
            if !together.get() || !matches!(q.kind, Kind::Scale { .. }) {
                return None;
            }
            let id = q.id.clone();
            let other = Companion {
                value: Signal::derive(move || companion.with(|a| a.get(&id).cloned())),
                on_answer: Callback::new({
                    let id = q.id.clone();
                    move |v| answer_beside(id.clone(), v)
                }),
            };
            Some(ViewFn::from(move || companion_scale(&q, other)))
        })
    });
    // « Envoyer » tapped again while the review is being stored would store it twice, and
    // count it twice once shared: a tap meanwhile does nothing.
    let storing = StoredValue::new(false);
    let done = Callback::new(move |(_, mut draft): (Reading, Draft)| {
        if storing.get_value() {
            return;
        }
        storing.set_value(true);
        draft.companion = beside_kept();
        let shared = survey.get_value();
        spawn_local(async move {
            let submitted = journey::submit(&shared, &draft).await;
            storing.set_value(false);
            let reading = match submitted {
                Ok(reading) => reading,
                Err(SubmitError::AlreadySent(first)) => {
                    again.set_value(Some(first.id.clone()));
                    sent_before.set(true);
                    *first
                }
                Err(err) => return failure.set(Some(stored_nothing(err.to_string()))),
            };
            // The page's address becomes the reading's: a reload shows this result.
            if let Some(path) = web_sys::window().and_then(|w| w.location().pathname().ok()) {
                crate::browser::replace_url(&format!("{path}?bilan={}", reading.id));
            }
            result.set(Some(reading));
            crate::browser::forget_prepainted();
            focus_heading();
            // A review kept is data worth keeping: the browser that refused may now agree.
            crate::status::ask_to_keep_again(status);
        });
    });
    let notices = ViewFn::from(move || {
        view! {
            {scales
                .then(|| {
                    view! {
                        <div class="survey__together">
                            <label class="choice choice--check">
                                <input
                                    type="checkbox"
                                    id="survey-together"
                                    prop:checked=move || together.get()
                                    on:change=move |ev| {
                                        together.set(event_target_checked(&ev));
                                        let mut draft = latest.get_value();
                                        draft.updated_at = crate::clock::now();
                                        autosave.run(draft);
                                    }
                                />
                                <span class="choice__text">{i18n.text(Msg::TwoViews)}</span>
                            </label>
                            <p class="hint">{i18n.text(Msg::TwoViewsHelp)}</p>
                        </div>
                    }
                })}
            <Unreadable errors=unreadable.get_value() />
            <Alert message=failure />
            {move || {
                full.get()
                    .then(|| {
                        view! {
                            <p class="callout callout--error survey__failure" role="alert">
                                {i18n.t(Msg::StorageFull)}
                            </p>
                        }
                    })
            }}
        }
    });
    // The survey painted before the app ran, if it was, is the app's from now on; once the
    // holder leaves it within the app, it is no longer what they last saw.
    Effect::new(move |_| crate::browser::take_over_prepainted());
    on_cleanup(crate::browser::forget_prepainted);
    move || match result.get() {
        Some(reading) => {
            let title = move || survey.with_value(|s| s.title.get(i18n.lang()).to_owned());
            view! {
                <h1 class="page__title">{title}</h1>
                {move || {
                    sent_before
                        .get()
                        .then(|| {
                            view! {
                                <p class="callout survey__sent-before" role="status">
                                    {i18n.text(Msg::SentBefore)}
                                </p>
                            }
                        })
                }}
                <ResultView
                    again=again.with_value(|id| id.as_ref() == Some(&reading.id))
                    survey=answered
                        .get_value()
                        .filter(|s| s.version == reading.survey_version)
                        .unwrap_or_else(|| survey.get_value())
                    reading
                />
            }
            .into_any()
        }
        None => view! {
            <Runner
                survey=survey.get_value()
                draft=draft.get_value()
                resumed
                beside
                on_change=autosave
                on_done=done
                notices=notices.clone()
            />
            // `data-prepaint`: the page can be kept as it is left, to be painted before the app
            // runs on the next visit (`public/prepaint.js`).
            <p class="hint" data-prepaint="">
                {i18n.text(Msg::Autosaved)}
            </p>
            // The same questions on paper, to think over or to fill in with a pen.
            <p class="hint survey__paper">
                <A href=move || {
                    let two = if together.get() { "&a-deux" } else { "" };
                    draft
                        .with_value(|d| {
                            format!("/papier/{}?profil={}{two}", d.survey_id, d.profile_id)
                        })
                }>{i18n.text(Msg::PaperTitle)}</A>
            </p>
        }
        .into_any(),
    }
}

/// A save the device refused, said in the reader's language around the storage's own words.
fn stored_nothing(why: String) -> Words {
    Words::with(Msg::StorageError, "why", why)
}
