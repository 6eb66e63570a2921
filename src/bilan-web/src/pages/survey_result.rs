//! A submitted reading's result: its scores as a star and a table and, answered together, the
//! accompagnateur's view beside the holder's with the gaps to talk about first.

use bilan_core::reading::{Reading, disagreements};
use bilan_core::survey::Text;
use bilan_core::{Indicator, Survey};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::charts::{Chart, Figure, StarSeries};
use crate::i18n::{Msg, tr, use_i18n};

/// The scores of a submitted reading: the star chart with the table beside it. Answered with the
/// accompagnateur, the questions where the two views are far apart come first, and the star and
/// the table show both.
#[component]
pub(super) fn ResultView(reading: Reading, survey: Survey) -> impl IntoView {
    let i18n = use_i18n();
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
    view! {
        <h2 class="survey__section" tabindex="-1">
            {i18n.text(Msg::ResultTitle)}
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
                                        }>{format!("{:.0}", score.value)}</td>
                                        {two
                                            .then(|| {
                                                view! {
                                                    <td
                                                        class="result__companion"
                                                        data-label=move || i18n.t(Msg::CompanionScore)
                                                    >
                                                        {other
                                                            .map(|o| format!("{:.0}", o.value))
                                                            .unwrap_or_else(|| "—".into())}
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
        <div class="card__actions">
            <A href=progress_link attr:class="button">
                {i18n.text(Msg::MyProgress)}
            </A>
            <A href="/parcours" attr:class="button button--quiet">
                {i18n.text(Msg::BackToJourney)}
            </A>
        </div>
    }
}
