//! One question, rendered for its kind, accessible by keyboard and screen reader.

use bilan_core::Lang;
use bilan_core::answer::{Answer, AnswerError, OTHER};
use bilan_core::calendar::Date;
use bilan_core::survey::{DatePrecision, Kind, Question, Text};
use leptos::prelude::*;

use crate::i18n::{Msg, tr, use_i18n};

/// The accompagnateur's answer to a scale, answered beside the holder's.
#[derive(Clone, Copy)]
pub struct Companion {
    pub value: Signal<Option<Answer>>,
    pub on_answer: Callback<Option<Answer>>,
}

/// The accompagnateur's view of a scale, set apart under the holder's: only the holder's journey
/// draws it (a participant's phone never loads it).
pub fn companion_scale(question: &Question, companion: Companion) -> AnyView {
    let Kind::Scale {
        min,
        max,
        levels,
        dont_know,
    } = question.kind.clone()
    else {
        return ().into_any();
    };
    let i18n = use_i18n();
    let mut options: Vec<Labelled> = (min..=max)
        .zip(levels)
        .map(|(level, text)| (level.to_string(), Answer::Level(level), Label::Survey(text)))
        .collect();
    if dont_know {
        options.push(("?".into(), Answer::DontKnow, Label::Ui(Msg::DontKnow)));
    }
    let id = format!("q-{}-companion", question.id);
    view! {
        <div class="question__view--companion" role="group" aria-labelledby=id.clone()>
            <p class="question__who" id=id.clone()>
                {i18n.text(Msg::CompanionView)}
            </p>
            {choice_group(&id, true, options, companion.value, companion.on_answer)}
        </div>
    }
    .into_any()
}

/// A question with its label, help, input(s) and error; every change is reported at once.
#[component]
pub fn QuestionField(
    /// The question as defined in the survey file.
    question: Question,
    /// The current answer; `None` until answered.
    #[prop(into)]
    value: Signal<Option<Answer>>,
    /// The error shown next to the question, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Called with the new answer (`None` when cleared).
    #[prop(into)]
    on_answer: Callback<Option<Answer>>,
    /// Called with what is wrong when the text typed is no answer (« 12k » in a number field);
    /// the field keeps the text for the person to mend.
    #[prop(into)]
    on_unread: Callback<AnswerError>,
    /// What is answered beside this question (the accompagnateur's view of a scale): when
    /// given, the question's own input is labelled as the holder's view.
    #[prop(default = None)]
    beside: Option<ViewFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    let q = StoredValue::new(question);
    let id = q.with_value(|q| format!("q-{}", q.id));
    let error_id = format!("{id}-error");
    let label = move || q.with_value(|q| q.label.get(i18n.lang()).to_owned());
    let help = move || q.with_value(|q| q.help.as_ref().map(|h| h.get(i18n.lang()).to_owned()));
    let required = q.with_value(|q| q.required);
    let input = q.with_value(|q| q.kind.clone());
    let body = match input {
        Kind::Scale {
            min,
            max,
            levels,
            dont_know,
        } => {
            let mut options: Vec<(String, Answer, Label)> = (min..=max)
                .zip(levels)
                .map(|(level, text)| (level.to_string(), Answer::Level(level), Label::Survey(text)))
                .collect();
            if dont_know {
                options.push(("?".into(), Answer::DontKnow, Label::Ui(Msg::DontKnow)));
            }
            choice_group(&id, true, options, value, on_answer).into_any()
        }
        Kind::YesNo => {
            let options: Vec<(String, Answer, Label)> = vec![
                ("".into(), Answer::YesNo(true), Label::Ui(Msg::Yes)),
                ("".into(), Answer::YesNo(false), Label::Ui(Msg::No)),
            ];
            choice_group(&id, false, options, value, on_answer).into_any()
        }
        Kind::Single { options, other } => {
            let mut list: Vec<(String, Answer, Label)> = options
                .into_iter()
                .map(|o| {
                    (
                        String::new(),
                        Answer::Choice {
                            id: o.id,
                            other: None,
                        },
                        Label::Survey(o.label),
                    )
                })
                .collect();
            if other {
                list.push((
                    String::new(),
                    Answer::Choice {
                        id: OTHER.into(),
                        other: None,
                    },
                    Label::Ui(Msg::Other),
                ));
            }
            choice_group(&id, false, list, value, on_answer).into_any()
        }
        Kind::Multiple { options, other, .. } => {
            let mut ids: Vec<(String, Label)> = options
                .into_iter()
                .map(|o| (o.id, Label::Survey(o.label)))
                .collect();
            if other {
                ids.push((OTHER.into(), Label::Ui(Msg::Other)));
            }
            let chosen = move || match value.get() {
                Some(Answer::Choices { ids, .. }) => ids,
                _ => Vec::new(),
            };
            view! {
                <div class="choices">
                    {ids
                        .into_iter()
                        .enumerate()
                        .map(|(n, (option, label))| {
                            let input_id = format!("{id}-{n}");
                            let for_id = input_id.clone();
                            let option = StoredValue::new(option);
                            let checked = move || chosen().contains(&option.get_value());
                            let toggle = move |_| {
                                let mut ids = chosen();
                                let o = option.get_value();
                                if let Some(at) = ids.iter().position(|x| *x == o) {
                                    ids.remove(at);
                                } else {
                                    ids.push(o);
                                }
                                on_answer
                                    .run(
                                        (!ids.is_empty())
                                            .then_some(Answer::Choices {
                                                ids,
                                                other: None,
                                            }),
                                    );
                            };
                            view! {
                                <label class="choice" for=for_id>
                                    <input
                                        type="checkbox"
                                        id=input_id
                                        prop:checked=checked
                                        on:change=toggle
                                    />
                                    <span class="choice__text">
                                        {move || label.get(i18n.lang()).to_owned()}
                                    </span>
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
            }
            .into_any()
        }
        Kind::Integer { unit, min, .. } | Kind::Decimal { unit, min, .. } => {
            let integer = q.with_value(|q| matches!(q.kind, Kind::Integer { .. }));
            // A text field read by the app (`bilan_core::typed`): the browser's number field
            // reads the browser's language, and an English one takes « 2,5 » for 25. The bounds
            // are checked with the answer, and said under the field. Text that is no number
            // stays in the field as typed, and the answer does not change, until it is mended;
            // a change of language would otherwise show the saved number in its place, under
            // the error that text was given.
            let unread = StoredValue::new(String::new());
            let shown = move || {
                let lang = i18n.lang();
                match (value.get(), unread.get_value()) {
                    (_, text) if !text.is_empty() => text,
                    // As the language writes it (« 12 500,5 »), which the field reads back.
                    (Some(Answer::Number(x)), _) => crate::browser::spoken_number(x, lang),
                    _ => String::new(),
                }
            };
            let input_id = id.clone();
            view! {
                <div class="number">
                    <input
                        class="field__input number__input"
                        id=input_id
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        // A phone's keypad of figures has no minus sign on every phone: it is
                        // offered where a number cannot be below zero.
                        inputmode=match (min.is_some_and(|m| m >= 0.0), integer) {
                            (false, _) => "text",
                            (true, true) => "numeric",
                            (true, false) => "decimal",
                        }
                        prop:value=shown
                        aria-describedby=error_id.clone()
                        on:change=move |ev| {
                            let text = event_target_value(&ev);
                            let read = bilan_core::typed::typed_number(
                                    &text,
                                    i18n.lang(),
                                    unit.symbol(i18n.lang()),
                                )
                                .and_then(|plain| {
                                    plain
                                        .map(|p| {
                                            crate::browser::read_number(&p)
                                                .ok_or(AnswerError::NotANumber)
                                        })
                                        .transpose()
                                });
                            match read {
                                Ok(x) => {
                                    unread.set_value(String::new());
                                    on_answer.run(x.map(Answer::Number))
                                }
                                Err(err) => {
                                    unread.set_value(text);
                                    on_unread.run(err)
                                }
                            }
                        }
                    />
                    <span class="number__unit">{move || unit.symbol(i18n.lang())}</span>
                </div>
            }
            .into_any()
        }
        // A month as its name and a year: the browser's own month field shows "--------- ----"
        // when empty, and is missing from some browsers.
        Kind::Date {
            precision: DatePrecision::Month,
        } => month_field(&id, &error_id, value, on_answer).into_any(),
        Kind::Date { precision } => {
            let (kind, pattern) = match precision {
                DatePrecision::Day => ("date", None),
                DatePrecision::Month => ("month", None),
                DatePrecision::Year => ("number", Some("[0-9]{4}")),
            };
            let shown = move || match value.get() {
                Some(Answer::Date(d)) => d,
                _ => String::new(),
            };
            // A day is written in the field as the browser's language writes it (12/04/2026 in
            // an American browser, for 4 December): the page says it in its own words below.
            let said = matches!(precision, DatePrecision::Day).then(|| format!("{id}-said"));
            let described = match &said {
                Some(said) => format!("{said} {error_id}"),
                None => error_id.clone(),
            };
            view! {
                <input
                    class="field__input field__input--short"
                    id=id.clone()
                    type=kind
                    autocomplete="off"
                    pattern=pattern
                    prop:value=shown
                    aria-describedby=described
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        on_answer
                            .run(
                                (!text.trim().is_empty())
                                    .then(|| Answer::Date(text.trim().to_owned())),
                            );
                    }
                />
                {said
                    .map(|said| {
                        view! {
                            <p class="hint field__said" id=said>
                                {move || {
                                    value
                                        .with(|v| match v {
                                            Some(Answer::Date(d)) => Date::parse_iso(d),
                                            _ => None,
                                        })
                                        .map(|d| d.spoken(i18n.lang()))
                                }}
                            </p>
                        }
                    })}
            }
            .into_any()
        }
        Kind::Text { long } => {
            let shown = move || match value.get() {
                Some(Answer::Text(t)) => t,
                _ => String::new(),
            };
            let changed = move |ev| {
                let text = event_target_value(&ev);
                on_answer.run((!text.trim().is_empty()).then_some(Answer::Text(text)));
            };
            if long {
                view! {
                    <textarea
                        class="field__input field__input--long"
                        id=id.clone()
                        rows="4"
                        autocomplete="off"
                        prop:value=shown
                        aria-describedby=error_id.clone()
                        on:input=changed
                    ></textarea>
                }
                .into_any()
            } else {
                view! {
                    <input
                        class="field__input"
                        id=id.clone()
                        type="text"
                        autocomplete="off"
                        prop:value=shown
                        aria-describedby=error_id.clone()
                        on:input=changed
                    />
                }
                .into_any()
            }
        }
    };
    let grouped = q.with_value(|q| {
        !matches!(
            q.kind,
            Kind::Integer { .. } | Kind::Decimal { .. } | Kind::Date { .. } | Kind::Text { .. }
        )
    });
    let heading = move || {
        view! {
            <span class="question__label">{label}</span>
            {required
                .then(|| {
                    view! {
                        <span class="question__required" aria-hidden="true">
                            "\u{a0}*"
                        </span>
                    }
                })}
        }
    };
    let help_view = move || help().map(|h| view! { <p class="question__help">{h}</p> });
    let error_view = move || error.get().map(|e| view! { <span>{e}</span> });
    let error_id = format!("q-{}-error", q.with_value(|q| q.id.clone()));
    let described = error_id.clone();
    let qid = q.with_value(|q| q.id.clone());
    if grouped {
        view! {
            <fieldset
                class="question"
                data-question=qid
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described
            >
                <legend class="question__legend">{heading}</legend>
                {help_view}
                {beside
                    .is_some()
                    .then(|| view! { <p class="question__who">{i18n.text(Msg::MyView)}</p> })}
                {body}
                {beside.map(|b| b.run())}
                <p class="field__error" id=error_id role="alert">
                    {error_view}
                </p>
            </fieldset>
        }
        .into_any()
    } else {
        view! {
            <div class="question" data-question=qid>
                <label class="question__legend" for=id>
                    {heading}
                </label>
                {help_view}
                {body}
                <p class="field__error" id=error_id role="alert">
                    {error_view}
                </p>
            </div>
        }
        .into_any()
    }
}

/// A badge (the level number, or nothing), the answer it gives, and its label.
type Labelled = (String, Answer, Label);

/// An option's words: the survey's own, or one of the interface's (« Je ne sais pas »), read
/// in the language of the moment, so that English read on first use shows once chosen.
#[derive(Debug, Clone)]
enum Label {
    Survey(Text),
    Ui(Msg),
}

impl Label {
    fn get(&self, lang: Lang) -> &str {
        match self {
            Label::Survey(text) => text.get(lang),
            Label::Ui(msg) => tr(lang, *msg),
        }
    }
}

/// Radio buttons, one per answer; `numbered` shows the level before its descriptor.
fn choice_group(
    id: &str,
    numbered: bool,
    options: Vec<Labelled>,
    value: Signal<Option<Answer>>,
    on_answer: Callback<Option<Answer>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = id.to_owned();
    view! {
        <div class="choices" class=("choices--scale", numbered) role="radiogroup">
            {options
                .into_iter()
                .enumerate()
                .map(|(n, (badge, answer, label))| {
                    let input_id = format!("{name}-{n}");
                    let for_id = input_id.clone();
                    let answer = StoredValue::new(answer);
                    let checked = move || {
                        value.get().is_some_and(|v| same_choice(&v, &answer.get_value()))
                    };
                    view! {
                        <label class="choice" for=for_id>
                            <input
                                type="radio"
                                id=input_id
                                name=name.clone()
                                prop:checked=checked
                                on:change=move |_| on_answer.run(Some(answer.get_value()))
                            />
                            {(!badge.is_empty())
                                .then(|| {
                                    view! {
                                        <span class="choice__badge" aria-hidden="true">
                                            {badge.clone()}
                                        </span>
                                    }
                                })}
                            <span class="choice__text">
                                {move || label.get(i18n.lang()).to_owned()}
                            </span>
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Whether two answers pick the same option (an "other" text does not make it different).
fn same_choice(a: &Answer, b: &Answer) -> bool {
    match (a, b) {
        (Answer::Choice { id: x, .. }, Answer::Choice { id: y, .. }) => x == y,
        _ => a == b,
    }
}

/// A month answer (`YYYY-MM`) as a list of month names and a year; answered once both are given,
/// cleared when both are emptied.
fn month_field(
    id: &str,
    error_id: &str,
    value: Signal<Option<Answer>>,
    on_answer: Callback<Option<Answer>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let given = value.with_untracked(|v| match v {
        Some(Answer::Date(d)) => d.split_once('-').map(|(y, m)| (y.to_owned(), m.to_owned())),
        _ => None,
    });
    let (year, month) = given.unwrap_or_default();
    let year = RwSignal::new(year);
    let month = RwSignal::new(month);
    let report = move || {
        let (y, m) = (year.get_untracked(), month.get_untracked());
        let y = y.trim();
        let answer = match (y.parse::<u32>(), m.is_empty()) {
            (Ok(y), false) if (1000..=9999).contains(&y) => Some(Answer::Date(format!("{y}-{m}"))),
            _ => None,
        };
        on_answer.run(answer);
    };
    let year_id = format!("{id}-year");
    view! {
        <div class="month-field">
            <select
                class="field__select month-field__month"
                id=id.to_owned()
                aria-describedby=error_id.to_owned()
                on:change=move |ev| {
                    month.set(event_target_value(&ev));
                    report();
                }
            >
                <option value="" selected=move || month.get().is_empty()>
                    {i18n.text(Msg::MonthPlaceholder)}
                </option>
                {(1..=12u32)
                    .map(|m| {
                        let code = format!("{m:02}");
                        let selected = {
                            let code = code.clone();
                            move || month.get() == code
                        };
                        let name = move || {
                            bilan_core::calendar::Date {
                                year: 2000,
                                month: m,
                                day: 1,
                            }
                                .month_name(i18n.lang())
                        };
                        view! {
                            <option value=code selected=selected>
                                {name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <label class="visually-hidden" for=year_id.clone()>
                {i18n.text(Msg::YearLabel)}
            </label>
            <input
                class="field__input month-field__year"
                id=year_id
                type="text"
                inputmode="numeric"
                autocomplete="off"
                maxlength="4"
                placeholder=i18n.text(Msg::YearLabel)
                prop:value=move || year.get()
                aria-describedby=error_id.to_owned()
                on:change=move |ev| {
                    year.set(event_target_value(&ev));
                    report();
                }
            />
        </div>
    }
}
