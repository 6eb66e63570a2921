//! The summary before a survey is submitted: every visible question with its answer in words,
//! a way back to each section, and the submit button.

use bilan_core::Survey;
use bilan_core::answer::{Answer, Answers, clean, is_visible};
use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};

/// Every visible question with its answer, a way back to each section, and the submit button.
#[component]
pub fn Summary(
    survey: StoredValue<Survey>,
    answers: RwSignal<Answers>,
    section: RwSignal<usize>,
    #[prop(into)] on_submit: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || {
        let lang = i18n.lang();
        survey.with_value(|s| {
            answers.with(|a| {
                let a = &clean(s, a);
                s.sections
                    .iter()
                    .enumerate()
                    .map(|(n, sec)| {
                        let items: Vec<(String, String)> = sec
                            .questions
                            .iter()
                            .filter(|q| is_visible(q, a))
                            .map(|q| {
                                (
                                    q.label.get(lang).to_owned(),
                                    a.get(&q.id)
                                        .map(|v| show(q, v, lang))
                                        .unwrap_or_else(|| i18n.t(Msg::NotAnswered).to_owned()),
                                )
                            })
                            .collect();
                        view! {
                            <div class="summary__section">
                                <div class="summary__head">
                                    <h3>{sec.title.get(lang).to_owned()}</h3>
                                    <button
                                        type="button"
                                        class="button button--quiet"
                                        on:click=move |_| {
                                            section.set(n);
                                            crate::browser::focus_when_drawn(".survey__section");
                                        }
                                    >
                                        {i18n.t(Msg::Edit)}
                                    </button>
                                </div>
                                <dl class="summary__list">
                                    {items
                                        .into_iter()
                                        .map(|(q, a)| {
                                            view! {
                                                <dt>{q}</dt>
                                                <dd>{a}</dd>
                                            }
                                        })
                                        .collect_view()}
                                </dl>
                            </div>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <h2 class="survey__section" tabindex="-1">
            {i18n.text(Msg::SummaryTitle)}
        </h2>
        <p class="page__lead">{i18n.text(Msg::SummaryLead)}</p>
        {rows}
        <div class="survey__nav">
            <button type="button" class="button" on:click=move |_| on_submit.run(())>
                {i18n.text(Msg::Submit)}
            </button>
        </div>
    }
}

/// An answer as words, in `lang`: what the summary before submitting and a reading read again
/// show (an "other" option with the text typed for it).
pub(crate) fn show(
    q: &bilan_core::survey::Question,
    answer: &Answer,
    lang: bilan_core::Lang,
) -> String {
    use bilan_core::survey::Kind;
    match (answer, &q.kind) {
        (Answer::Level(n), Kind::Scale { min, levels, .. }) => {
            let text = levels
                .get((n - min) as usize)
                .map(|t| t.get(lang))
                .unwrap_or_default();
            format!("{n} — {text}")
        }
        (Answer::DontKnow, _) => crate::i18n::tr(lang, Msg::DontKnow).to_owned(),
        (Answer::YesNo(yes), _) => {
            crate::i18n::tr(lang, if *yes { Msg::Yes } else { Msg::No }).to_owned()
        }
        (Answer::Choice { id, other }, kind) => kind.option_said(id, other.as_deref(), lang),
        (Answer::Choices { ids, other }, kind) => ids
            .iter()
            .map(|id| kind.option_said(id, other.as_deref(), lang))
            .collect::<Vec<_>>()
            .join(", "),
        (Answer::Number(x), Kind::Integer { unit, .. } | Kind::Decimal { unit, .. }) => format!(
            "{}\u{a0}{}",
            crate::browser::spoken_number(*x, lang),
            unit.symbol(lang)
        )
        .trim_end_matches('\u{a0}')
        .to_owned(),
        (Answer::Number(x), _) => crate::browser::spoken_number(*x, lang),
        (Answer::Level(n), _) => n.to_string(),
        (Answer::Date(d), _) => spoken_date(d, lang),
        (Answer::Text(d), _) => d.clone(),
    }
}

/// A date answer as words: "1er mars 2024", "mars 2024" for a month, the year as is.
fn spoken_date(text: &str, lang: bilan_core::Lang) -> String {
    use bilan_core::calendar::Date;
    if let Some(day) = Date::parse_iso(text) {
        return day.spoken(lang);
    }
    match Date::parse_iso(&format!("{text}-01")) {
        Some(month) if text.len() == 7 => format!("{} {}", month.month_name(lang), month.year),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use bilan_core::Lang;
    use bilan_core::survey::{Choice, Kind, Question, Text};
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn text(fr: &str) -> Text {
        Text {
            fr: fr.into(),
            en: None,
        }
    }

    fn asked(kind: Kind) -> Question {
        Question {
            id: "q".into(),
            label: text("Q"),
            help: None,
            required: false,
            show_if: None,
            indicator: None,
            shareable: false,
            headline: false,
            kind,
        }
    }

    #[wasm_bindgen_test]
    fn an_other_option_is_said_with_what_was_typed_for_it() {
        let options = vec![Choice {
            id: "cafe".into(),
            label: text("Café"),
            score: None,
        }];
        let single = asked(Kind::Single {
            options: options.clone(),
            other: true,
        });
        let typed = |id: &str, other: Option<&str>| Answer::Choice {
            id: id.into(),
            other: other.map(Into::into),
        };
        assert_eq!(
            show(&single, &typed("other", Some(" Un thé ")), Lang::Fr),
            "Autre\u{a0}: Un thé"
        );
        assert_eq!(
            show(&single, &typed("other", Some("Tea")), Lang::En),
            "Other: Tea"
        );
        assert_eq!(show(&single, &typed("other", Some(" ")), Lang::Fr), "Autre");
        assert_eq!(show(&single, &typed("cafe", None), Lang::Fr), "Café");
        let multiple = asked(Kind::Multiple {
            options,
            other: true,
            max_choices: None,
        });
        let both = Answer::Choices {
            ids: vec!["cafe".into(), "other".into()],
            other: Some("Un thé".into()),
        };
        assert_eq!(
            show(&multiple, &both, Lang::Fr),
            "Café, Autre\u{a0}: Un thé"
        );
    }
}
