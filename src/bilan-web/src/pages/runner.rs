//! The survey runner that a holder, a kiosk's participants and a participant's phone answer
//! with: one section per screen, its errors said under each question, then the summary. It keeps
//! nothing itself (see [`Runner`]).

use bilan_core::answer::{Answer, AnswerError, clean, is_visible, progress, validate_section};
use bilan_core::reading::{Draft, Reading};
use bilan_core::survey::Question;
use bilan_core::{Lang, Survey};
use leptos::prelude::*;

use crate::components::alert::{Alert, CloseButton};
use crate::components::question_field::QuestionField;
use crate::components::summary::Summary;
use crate::i18n::{Msg, Words, answer_error, use_i18n};
use crate::journey::{self, SubmitError};

/// The survey in progress: sections, then the summary. Nothing here keeps anything: each
/// change goes to `on_change` (a holder's autosave), and the checked reading with its draft to
/// `on_done`, so that a participant's phone loads no storage and no chart.
#[component]
pub fn Runner(
    survey: Survey,
    draft: Draft,
    resumed: bool,
    /// Called with the draft after every answer and every section.
    #[prop(optional, into)]
    on_change: Option<Callback<Draft>>,
    /// Called once every answer is valid, with the reading and the draft it came from.
    #[prop(into)]
    on_done: Callback<(Reading, Draft)>,
    /// What the page has to say above the questions (a storage failure, say).
    #[prop(optional, into)]
    notices: Option<ViewFn>,
    /// Questions the session answers itself (its format, on a participant's phone): in the
    /// draft for the survey's conditions, neither shown nor counted.
    #[prop(optional)]
    fixed: Vec<String>,
    /// What to draw beside a question (the accompagnateur's view of a scale, on the holder's
    /// own device); read reactively, so it can come and go.
    #[prop(default = None)]
    beside: Option<Callback<Question, Option<ViewFn>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let survey = StoredValue::new(survey);
    let sections = survey.with_value(|s| s.sections.len());
    let draft_meta = StoredValue::new(draft.clone());
    let answers = RwSignal::new(draft.answers);
    let section = RwSignal::new(draft.section.min(sections));
    // Each question's error, by its id: a few at most, so a list (a map's code weighs 2 KiB).
    let errors = RwSignal::new(Vec::<(String, AnswerError)>::new());
    let failure = RwSignal::new(None::<Words>);
    // "You are taking up where you left off" says so once: until dismissed or the next screen.
    let resumed_shown = RwSignal::new(resumed);
    // The moment the first question is on screen, for `cargo xtask bench`.
    Effect::new(move |_| {
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.mark("bilan-first-question");
        }
    });

    let save = move || {
        let Some(on_change) = on_change else {
            return;
        };
        let mut draft = draft_meta.get_value();
        draft.answers = answers.get_untracked();
        draft.section = section.get_untracked();
        draft.updated_at = crate::clock::now();
        on_change.run(draft);
    };

    let answer = move |id: String, value: Option<Answer>| {
        answers.update(|a| match value {
            Some(v) => {
                a.insert(id.clone(), v);
            }
            None => {
                a.remove(&id);
            }
        });
        errors.update(|e| e.retain(|(question, _)| *question != id));
        save();
    };
    // A field holding text that is no answer (« 12k »): the problem is said there, and the
    // section is not left until it is mended (or the person goes back, the text with the
    // screen); the answer saved before stays until then.
    let answer_unread = move |id: String, err: AnswerError| {
        errors.update(|e| {
            e.retain(|(question, _)| *question != id);
            e.push((id, err));
        });
    };
    // What counts: the answers without those a later change hid, as core checks them.
    let kept = Memo::new(move |_| survey.with_value(|s| answers.with(|a| clean(s, a))));
    let fixed = StoredValue::new(fixed);
    let progress = Memo::new(move |_| {
        let mut p = survey.with_value(|s| answers.with(|a| progress(s, a)));
        let given =
            kept.with(|k| fixed.with_value(|f| f.iter().filter(|id| k.contains_key(*id)).count()));
        p.answered = p.answered.saturating_sub(given);
        p.visible = p.visible.saturating_sub(given);
        p
    });
    // The questions of section `i` that `a` lets it ask (not those the session answers).
    let asked_in = move |i: usize, a: &bilan_core::answer::Answers| {
        survey.with_value(|s| {
            let mut asked = 0;
            for q in &s.sections[i].questions {
                if !fixed.with_value(|f| f.contains(&q.id)) && is_visible(q, a) {
                    asked += 1;
                }
            }
            asked
        })
    };
    // Whether section `i` has anything to ask now: a section whose questions are all hidden by
    // the answers so far (or answered by the session) is passed over.
    let asks = move |i: usize| kept.with_untracked(|a| asked_in(i, a) > 0);
    // The steps as the person meets them, tracked: the number of the one at `current` and how
    // many there are, counting only the sections that ask something now (a session's format
    // rules out « Bilan participatif » in a workshop: two steps, not three).
    let step_of = move |current: usize| {
        kept.with(|a| {
            let (mut before, mut steps) = (0, 0);
            for i in 0..sections {
                if asked_in(i, a) > 0 {
                    steps += 1;
                    before += usize::from(i < current);
                }
            }
            (before + 1, steps.max(before + 1))
        })
    };
    let next = move |_| {
        let current = section.get_untracked();
        // The errors only a field's text gives come first (a question shows its first
        // error), but for a field hidden since it was typed in, which holds nothing that counts.
        let mut found: Vec<(String, AnswerError)> = Vec::new();
        survey.with_value(|s| {
            answers.with_untracked(|a| {
                let kept = clean(s, a);
                errors.with_untracked(|e| {
                    for (id, err) in e {
                        if err.of_text() && s.question(id).is_some_and(|q| is_visible(q, &kept)) {
                            found.push((id.clone(), err.clone()));
                        }
                    }
                });
                found.extend(validate_section(s, current, a));
            })
        });
        if let Some(first) = survey.with_value(|s| {
            s.sections[current]
                .questions
                .iter()
                .find(|q| found.iter().any(|(id, _)| *id == q.id))
                .map(|q| q.id.clone())
        }) {
            errors.set(found);
            focus_question(&first);
            return;
        }
        let mut target = current + 1;
        while target < sections && !asks(target) {
            target += 1;
        }
        section.set(target);
        resumed_shown.set(false);
        save();
        focus_heading();
    };
    let back = move |_| {
        let mut target = section.get_untracked().saturating_sub(1);
        while target > 0 && !asks(target) {
            target -= 1;
        }
        errors.set(Vec::new());
        section.set(target);
        resumed_shown.set(false);
        focus_heading();
    };
    let submit = move |_| {
        let mut draft = draft_meta.get_value();
        draft.answers = answers.get_untracked();
        let show = move |problems: Vec<(String, bilan_core::answer::AnswerError)>| {
            // Go back to the first section with a problem.
            let ids: Vec<String> = problems.iter().map(|(id, _)| id.clone()).collect();
            let target = survey.with_value(|s| {
                s.sections
                    .iter()
                    .position(|sec| sec.questions.iter().any(|q| ids.contains(&q.id)))
            });
            errors.set(problems);
            section.set(target.unwrap_or(0));
            focus_heading();
        };
        match survey.with_value(|s| journey::reading(s, &draft)) {
            Ok(reading) => on_done.run((reading, draft)),
            Err(SubmitError::Invalid(problems)) => show(problems),
            Err(err) => failure.set(Some(Words::fixed(err.to_string()))),
        }
    };

    let title = move || survey.with_value(|s| s.title.get(i18n.lang()).to_owned());
    // What the survey says of itself, and how long it takes (some 20 seconds a question it
    // asks), on its first screen.
    let minutes = move || {
        let mut questions: usize = 0;
        kept.with(|a| {
            for i in 0..sections {
                questions += asked_in(i, a);
            }
        });
        (questions * 20).div_ceil(60).max(1)
    };
    let intro = move || {
        let description = survey.with_value(|s| s.description.clone());
        view! {
            <div class="survey__intro">
                {description
                    .map(|d| {
                        view! { <p class="page__lead">{move || d.get(i18n.lang()).to_owned()}</p> }
                    })}
                <p class="survey__length">
                    {move || {
                        let (_, steps) = step_of(0);
                        i18n.tw(
                            Msg::SurveyLength,
                            &[("steps", &steps.to_string()), ("minutes", &minutes().to_string())],
                        )
                    }}
                </p>

            </div>
        }
    };
    let screen = move || {
        let current = section.get();
        if current >= sections {
            return view! { <Summary survey answers section on_submit=Callback::new(submit) /> }
                .into_any();
        }
        let sec = survey.with_value(|s| s.sections[current].clone());
        let questions: Vec<_> = sec
            .questions
            .iter()
            .filter(|q| !fixed.with_value(|f| f.contains(&q.id)))
            .cloned()
            .collect();
        view! {
            <p class="survey__step">
                {move || {
                    let (step, steps) = step_of(current);
                    i18n.tw(
                        Msg::StepOf,
                        &[("step", &step.to_string()), ("steps", &steps.to_string())],
                    )
                }}
            </p>
            <h2 class="survey__section" tabindex="-1">
                {move || sec.title.get(i18n.lang()).to_owned()}
            </h2>
            // Said on the steps that have a required question, where the asterisk is seen.
            {questions
                .iter()
                .any(|q| q.required)
                .then(|| {
                    view! {
                        <p class="hint survey__required-note">{i18n.text(Msg::RequiredNote)}</p>
                    }
                })}
            {sec
                .description
                .clone()
                .map(|d| {
                    view! { <p class="page__lead">{move || d.get(i18n.lang()).to_owned()}</p> }
                })}
            {questions
                .into_iter()
                .map(|q| {
                    let id = StoredValue::new(q.id.clone());
                    let visible = {
                        let q = q.clone();
                        move || kept.with(|a| is_visible(&q, a))
                    };
                    let value = Signal::derive(move || {
                        answers.with(|a| a.get(&id.get_value()).cloned())
                    });
                    let error = Signal::derive(move || {
                        errors.with(|e| id.with_value(|id| error_of(e, id, i18n.lang())))
                    });
                    let q = StoredValue::new(q);
                    view! {
                        <Show when=visible>
                            {move || {
                                let beside = beside.and_then(|f| f.run(q.get_value()));
                                view! {
                                    <QuestionField
                                        question=q.get_value()
                                        value
                                        error
                                        on_answer=move |v| answer(id.get_value(), v)
                                        on_unread=move |e| answer_unread(id.get_value(), e)
                                        beside
                                    />
                                }
                            }}
                        </Show>
                    }
                })
                .collect_view()}
            <div class="survey__nav">
                {(current > 0)
                    .then(|| {
                        view! {
                            <button type="button" class="button button--quiet" on:click=back>
                                {i18n.text(Msg::Back)}
                            </button>
                        }
                    })} <button type="button" class="button" on:click=next>
                    {i18n.text(Msg::Next)}
                </button>
            </div>
        }
        .into_any()
    };
    view! {
        <h1 class="page__title">{title}</h1>
        <Show when=move || resumed_shown.get()>
            <p class="callout callout--dismissible" role="status">
                <span>{i18n.text(Msg::Resumed)}</span>
                <CloseButton on_close=move |()| resumed_shown.set(false) />
            </p>
        </Show>
        <div class="survey__progress" aria-live="polite">
            <progress max="100" value=move || progress.get().percent()></progress>
            <span>
                {move || {
                    let p = progress.get();
                    i18n.tw(
                        Msg::AnsweredOf,
                        &[
                            ("answered", &p.answered.to_string()),
                            ("visible", &p.visible.to_string()),
                        ],
                    )
                }}
            </span>
        </div>
        // What the survey is comes first, then what the page offers or warns of (answering
        // with the accompagnateur, a storage failure).
        {move || (section.get() == 0).then(intro)}
        {notices.map(|n| n.run())}
        <Alert message=failure />
        {screen}
    }
}

fn focus_question(id: &str) {
    use wasm_bindgen::JsCast;
    let selector = format!("[data-question='{id}'] input, [data-question='{id}'] textarea");
    if let Some(el) = document().query_selector(&selector).ok().flatten() {
        let el: web_sys::HtmlElement = el.unchecked_into();
        let _ = el.focus();
    }
}

/// The error shown under question `id`, if any, in `lang`.
fn error_of(errors: &[(String, AnswerError)], id: &str, lang: Lang) -> Option<String> {
    errors
        .iter()
        .find(|(question, _)| question == id)
        .map(|(_, error)| answer_error(lang, error))
}

/// Moves focus to the new screen's heading once it is drawn (see [`crate::browser`]).
pub(crate) fn focus_heading() {
    crate::browser::focus_when_drawn(".survey__section");
}
