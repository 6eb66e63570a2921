//! A submitted reading's result: its scores as a star and a table and, answered together, the
//! accompagnateur's view beside the holder's with the gaps to talk about first.

use bilan_core::answer::is_visible;
use bilan_core::decimal::fixed;
use bilan_core::reading::{Reading, disagreements};
use bilan_core::survey::Text;
use bilan_core::{Indicator, Survey};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::charts::{Chart, Figure, StarSeries};
use crate::components::summary::show;
use crate::i18n::{Msg, long_date, tr, tr_with, typeset, use_i18n};

/// The scores of a submitted reading: the star chart with the table beside it, then its answers
/// to read again. Answered with the accompagnateur, the questions where the two views are far
/// apart come first, and the star and the table show both. `again`: opened from its address
/// (the progress page's list), not just submitted.
#[component]
pub(super) fn ResultView(reading: Reading, survey: Survey, again: bool) -> impl IntoView {
    let i18n = use_i18n();
    let submitted = reading.submitted_at;
    let heading = move || {
        if again {
            let date = long_date(i18n.lang(), submitted);
            i18n.tw(Msg::ResultAgain, &[("date", &date)])
        } else {
            i18n.t(Msg::ResultTitle).to_owned()
        }
    };
    let given = view! { <AnswersGiven reading=reading.clone() survey=survey.clone() /> };
    let two = !reading.companion.is_empty();
    let mine = StarSeries::of(String::new(), &reading.scores);
    let theirs = StarSeries::of(String::new(), &reading.companion_scores);
    let scored = reading.scores.len().to_string();
    let figure = Signal::derive(move || {
        let lang = i18n.lang();
        if two {
            Figure::Star(vec![
                StarSeries {
                    label: tr(lang, Msg::MyView).to_owned(),
                    ..mine.clone()
                },
                StarSeries {
                    label: tr(lang, Msg::CompanionView).to_owned(),
                    ..theirs.clone()
                },
            ])
        } else {
            Figure::Star(vec![mine.clone()])
        }
    });
    let progress_link = format!("/progres/{}", reading.profile_id);
    // Deleted: `Some(withdrawn)`, whether its totals were still waiting to leave.
    let deleted = RwSignal::new(None::<bool>);
    let sync = crate::sync::use_sync();
    let failure = RwSignal::new(None::<crate::i18n::Words>);
    let id = StoredValue::new(reading.id.clone());
    let delete = move |()| {
        leptos::task::spawn_local(async move {
            match crate::journey::delete_reading(&id.get_value()).await {
                Ok(withdrawn) => {
                    deleted.try_set(Some(withdrawn));
                    crate::browser::focus_soon(".result-deleted".to_owned());
                }
                Err(err) => {
                    failure.try_set(Some(crate::i18n::Words::new(move |lang| err.said(lang))));
                }
            }
        });
    };
    let rows = Indicator::ALL
        .into_iter()
        .filter_map(|ind| {
            reading
                .scores
                .get(&ind)
                .map(|s| (ind, *s, reading.companion_scores.get(&ind).copied()))
        })
        .collect::<Vec<_>>();
    // The topics for the conversation, widest gap first.
    let discuss: Vec<(Text, i64, i64)> = disagreements(&survey, &reading)
        .into_iter()
        .filter_map(|d| {
            let label = survey.question(&d.question)?.label.clone();
            Some((label, d.holder, d.companion))
        })
        .collect();
    let discuss_view = (!discuss.is_empty()).then(|| {
        view! {
            <section class="callout result__discuss" aria-labelledby="result-discuss">
                <h3 class="subsection-title" id="result-discuss">
                    {i18n.text(Msg::ToDiscuss)}
                </h3>
                <p class="hint">{i18n.text(Msg::ToDiscussHelp)}</p>
                <ul>
                    {discuss
                        .into_iter()
                        .map(|(label, mine, theirs)| {
                            view! {
                                <li>
                                    {move || {
                                        i18n.tw(
                                            Msg::ToDiscussItem,
                                            &[
                                                ("question", label.get(i18n.lang())),
                                                ("mine", &mine.to_string()),
                                                ("theirs", &theirs.to_string()),
                                            ],
                                        )
                                    }}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    });
    // Only a device linked to a server may have shared the review's totals.
    let asked = Signal::derive(move || {
        let linked = sync.view.with(|v| v.linked);
        let msg = if linked {
            Msg::ConfirmDeleteReading
        } else {
            Msg::ConfirmDeleteHere
        };
        i18n.t(msg).to_owned()
    });
    let links = move || {
        view! {
            <div class="card__actions">
                <A href=progress_link.clone() attr:class="button">
                    {i18n.text(Msg::MyProgress)}
                </A>
                <A href="/parcours" attr:class="button button--quiet">
                    {i18n.text(Msg::BackToJourney)}
                </A>
            </div>
        }
    };
    let shown = view! {
        <h2 class="survey__section" tabindex="-1">
            {move || typeset(heading())}
        </h2>
        {discuss_view}
        <div class="result">
            <Chart
                figure
                title=Signal::derive(move || i18n.tw(Msg::StarTitle, &[("n", &scored)]))
                file="bilan-etoile.png"
                described_by="result-table"
            />
            <div class="table-scroll">
                // On a phone, one card per indicator: three columns already overflowed 390 px
                // ("Professionnalisation" does not break), two views make four.
                <table class="scores scores--cards result-scores" id="result-table">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.text(Msg::Indicator)}</th>
                            <th scope="col">{i18n.text(Msg::Score)}</th>
                            {two
                                .then(|| {
                                    view! { <th scope="col">{i18n.text(Msg::CompanionScore)}</th> }
                                })}
                            <th scope="col">{i18n.text(Msg::AnswersCount)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|(ind, score, other)| {
                                view! {
                                    <tr data-indicator=ind.id()>
                                        <th scope="row">{move || ind.label(i18n.lang())}</th>
                                        <td data-label=move || {
                                            i18n.t(Msg::Score)
                                        }>{fixed(score.value, 0).to_string()}</td>
                                        {two
                                            .then(|| {
                                                view! {
                                                    <td
                                                        class="result__companion"
                                                        data-label=move || i18n.t(Msg::CompanionScore)
                                                    >
                                                        {other
                                                            .map_or_else(
                                                                || "—".to_owned(),
                                                                |o| fixed(o.value, 0).into(),
                                                            )}
                                                    </td>
                                                }
                                            })}
                                        <td data-label=move || {
                                            i18n.t(Msg::AnswersCount)
                                        }>{score.answers}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
        {given}
        {links()}
        <crate::components::alert::Alert message=failure />
        // A review given by mistake (on the wrong profile, or to try the survey) can go.
        <div class="result__end">
            <crate::components::confirm::Confirm
                label=Msg::DeleteReading
                class="button button--quiet result-delete"
                question=asked
                act=Msg::ConfirmDeleteButton
                act_class="button button--danger result-delete-confirm"
                on_confirm=delete
            />
        </div>
    };
    // Once deleted, only what became of it and the ways on.
    view! {
        <div class="result-view" hidden=move || deleted.get().is_some()>
            {shown}
        </div>
        {move || {
            deleted
                .get()
                .map(|withdrawn| {
                    let said = if withdrawn { Msg::ReadingWithdrawn } else { Msg::ReadingDeleted };
                    view! {
                        <p class="callout result-deleted" role="status" tabindex="-1">
                            {i18n.text(said)}
                        </p>
                        {links()}
                    }
                })
        }}
    }
}

/// A reading's answers in words, section by section, folded under its scores: what the person
/// said, read again months later. Answered together, the accompagnateur's level follows theirs.
#[component]
fn AnswersGiven(reading: Reading, survey: Survey) -> impl IntoView {
    let i18n = use_i18n();
    let sections = move || {
        let lang = i18n.lang();
        let answers = &reading.answers;
        survey
            .sections
            .iter()
            .filter_map(|sec| {
                let rows: Vec<_> = sec
                    .questions
                    .iter()
                    .filter(|q| is_visible(q, answers))
                    .map(|q| {
                        let mine = answers
                            .get(&q.id)
                            .map(|a| show(q, a, lang))
                            .unwrap_or_else(|| tr(lang, Msg::NotAnswered).to_owned());
                        let theirs = reading.companion.get(&q.id).map(|a| {
                            tr_with(lang, Msg::CompanionSaid, &[("answer", &show(q, a, lang))])
                        });
                        view! {
                            <dt data-question=q.id.clone()>{q.label.get(lang).to_owned()}</dt>
                            <dd>{mine}</dd>
                            {theirs.map(|t| view! { <dd class="summary__companion">{t}</dd> })}
                        }
                    })
                    .collect();
                (!rows.is_empty()).then(|| {
                    view! {
                        <div class="summary__section">
                            <div class="summary__head">
                                <h3>{sec.title.get(lang).to_owned()}</h3>
                            </div>
                            <dl class="summary__list">{rows}</dl>
                        </div>
                    }
                })
            })
            .collect_view()
    };
    view! {
        <details class="reading-answers">
            <summary class="reading-answers__toggle">{i18n.text(Msg::AnswersGiven)}</summary>
            {sections}
        </details>
    }
}
