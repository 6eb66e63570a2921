//! "Mes progrès": a profile's readings, two of them compared on the star chart, each indicator over
//! time, and what changed since the previous review, in words.

use bilan_core::decimal::fixed;
use litemap::LiteMap;

use bilan_core::calendar::{Date, ranks_of_day};
use bilan_core::reading::{Reading, changes, previous, progress, shown};
use bilan_core::survey::Text;
use bilan_core::words::spoken_number;
use bilan_core::{Indicator, Lang};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::charts::{Chart, Figure, StarSeries};
use crate::components::action_plan::ActionPlan;
use crate::components::loaded::{Data, Loaded, Unreadable};
use crate::i18n::{Msg, long_date, typeset, use_i18n};
use crate::journey;

/// `/progres/:profile`.
#[component]
pub fn ProgressPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let loaded =
        Data::new(move || journey::history(params.with(|p| p.get("profile").unwrap_or_default())));
    view! {
        <section class="page page--progress">
            <h1 class="page__title">{i18n.text(Msg::ProgressTitle)}</h1>
            <Loaded resource=loaded back=("/parcours", Msg::BackToJourney) let:history>
                <Progress history />
            </Loaded>
        </section>
    }
}

/// Each reading's name: its date, with its rank that day when the day has several ("1er décembre
/// 2026, 2e bilan"), so that lists, pickers, legends and tables never show two alike.
/// With `short`, the date is abbreviated ("1er déc. 2026, 2e bilan"), for a table's headings.
fn reading_names(readings: &[Reading], lang: Lang, short: bool) -> Vec<String> {
    let times: Vec<i64> = readings.iter().map(|r| r.submitted_at).collect();
    let days: Vec<Date> = times.iter().map(|&t| crate::clock::day(t)).collect();
    times
        .iter()
        .zip(ranks_of_day(&days))
        .map(|(&t, rank)| {
            let date = if short {
                crate::clock::day(t).short(lang)
            } else {
                long_date(lang, t)
            };
            match rank {
                None => date,
                Some(n) => crate::i18n::tr_with(
                    lang,
                    Msg::ReadingOfDay,
                    &[("date", &date), ("n", &n.to_string())],
                ),
            }
        })
        .collect()
}

/// The two readings the star compares until the person picks others: the first and the latest
/// of the survey most recently reviewed twice (a self-assessment against an impact review would
/// put two halves of a star side by side); with no survey reviewed twice, the first and the last.
fn default_comparison(readings: &[Reading]) -> (usize, usize) {
    (0..readings.len())
        .rev()
        .find_map(|k| {
            let first = readings
                .iter()
                .position(|r| r.survey_id == readings[k].survey_id)?;
            (first < k).then_some((first, k))
        })
        .unwrap_or((0, readings.len().saturating_sub(1)))
}

/// Whether the readings answer several versions of survey `id` (its grid was revised).
fn several_versions(readings: &[Reading], id: &str) -> bool {
    let mut of = readings.iter().filter(|r| r.survey_id == id);
    of.next()
        .is_some_and(|first| of.any(|r| r.survey_version != first.survey_version))
}

/// A reading's name and survey; with the survey's version once the grid was revised.
fn reading_label(
    name: &str,
    r: &Reading,
    readings: &[Reading],
    titles: &LiteMap<String, Text>,
    lang: Lang,
) -> String {
    let title = titles
        .get(&r.survey_id)
        .map(|t| t.get(lang).to_owned())
        .unwrap_or_else(|| r.survey_id.clone());
    if several_versions(readings, &r.survey_id) {
        let version = bilan_core::words::versions_label(&[r.survey_version], lang);
        format!("{name} — {title} ({version})")
    } else {
        format!("{name} — {title}")
    }
}

#[component]
fn Progress(history: journey::History) -> impl IntoView {
    let i18n = use_i18n();
    let journey::History {
        profile,
        readings,
        unreadable,
        titles,
        first,
    } = history;
    let who = format!("{} — {}", profile.pseudonym, profile.project);
    if readings.is_empty() {
        let start = first.map(|survey| {
            let href = format!("/parcours/{}/{}", profile.id, survey.id);
            view! {
                <A href=href attr:class="button">
                    {move || survey.title.get(i18n.lang()).to_owned()}
                </A>
            }
        });
        return view! {
            <p class="page__lead">{who}</p>
            <Unreadable errors=unreadable />
            <p class="callout">{i18n.text(Msg::NoReadings)}</p>
            <div class="card__actions">
                {start} <A href="/parcours" attr:class="button button--quiet">
                    {i18n.text(Msg::BackToJourney)}
                </A>
            </div>
        }
        .into_any();
    }
    let plan_of = StoredValue::new(profile.clone());
    let readings = StoredValue::new(readings);
    let titles = StoredValue::new(titles);
    let count = readings.with_value(Vec::len);
    let (first, latest) = readings.with_value(|rs| default_comparison(rs));
    let from = RwSignal::new(first);
    let to = RwSignal::new(latest);
    let names = Memo::new(move |_| readings.with_value(|rs| reading_names(rs, i18n.lang(), false)));
    let name = move |k: usize| names.with(|n| n[k].clone());
    let short_names =
        Memo::new(move |_| readings.with_value(|rs| reading_names(rs, i18n.lang(), true)));
    let short_name = move |k: usize| short_names.with(|n| n[k].clone());
    let label = move |k: usize| {
        readings.with_value(|rs| {
            titles.with_value(|t| reading_label(&name(k), &rs[k], rs, t, i18n.lang()))
        })
    };
    let star = Signal::derive(move || {
        let (a, b) = (from.get(), to.get());
        let picked = if a == b { vec![a] } else { vec![a, b] };
        readings.with_value(|rs| {
            Figure::Star(
                picked
                    .into_iter()
                    .map(|k| StarSeries::of(name(k), &rs[k].scores))
                    .collect(),
            )
        })
    });
    let lines = readings.with_value(|rs| progress(rs));
    let scored: Vec<Indicator> = lines.iter().map(|(indicator, _)| *indicator).collect();
    let revised = readings.with_value(|rs| rs.iter().any(|r| several_versions(rs, &r.survey_id)));
    let picker = move |which: RwSignal<usize>, msg: Msg, id: &'static str| {
        view! {
            <div class="field field--inline">
                <label class="field__label" for=id>
                    {i18n.text(msg)}
                </label>
                <select
                    id=id
                    class="field__select"
                    on:change=move |ev| {
                        if let Ok(k) = event_target_value(&ev).parse::<usize>() {
                            which.set(k.min(count - 1));
                        }
                    }
                >
                    {(0..count)
                        .map(|k| {
                            view! {
                                <option value=k.to_string() selected=move || which.get() == k>
                                    {move || label(k)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };
    let compare_rows = move || {
        let (a, b) = (from.get(), to.get());
        readings.with_value(|rs| {
            Indicator::ALL
                .into_iter()
                .filter_map(|ind| {
                    let first = rs[a].scores.get(&ind).map(|s| s.value);
                    let second = rs[b].scores.get(&ind).map(|s| s.value);
                    (first.is_some() || second.is_some()).then_some((ind, first, second))
                })
                .collect::<Vec<_>>()
        })
    };
    let score = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| fixed(v, 0).into());
    view! {
        <p class="page__lead">{who}</p>
        <Unreadable errors=unreadable />
        <p class="hint">{i18n.text(Msg::ProgressLead)}</p>
        // With one review there is nothing to compare yet: one panel shows it and says what the
        // next one will add, where three panels each said to wait.
        {(count > 1).then(|| view! { <Changes readings titles /> })}
        <section class="panel" aria-labelledby="compare-title">
            <h2 class="panel__title" id="compare-title">
                {i18n.text(if count > 1 { Msg::CompareTitle } else { Msg::FirstReadingTitle })}
            </h2>
            {if count > 1 {
                view! {
                    <div class="compare__pickers">
                        {picker(from, Msg::CompareFrom, "compare-from")}
                        {picker(to, Msg::CompareTo, "compare-to")}
                    </div>
                }
                    .into_any()
            } else {
                view! { <p class="hint compare__one">{i18n.text(Msg::CompareOne)}</p> }.into_any()
            }}
            <div class="result">
                <Chart
                    figure=star
                    title=Signal::derive(move || {
                        let n = star
                            .with(|f| match f {
                                Figure::Star(series) => crate::charts::scored_count(series),
                                _ => 0,
                            });
                        i18n.tw(Msg::StarTitle, &[("n", &n.to_string())])
                    })
                    file="bilan-etoile.png"
                    described_by="compare-table"
                />
                <div class="table-scroll">
                    <table class="scores" id="compare-table">
                        <thead>
                            <tr>
                                <th scope="col">{i18n.text(Msg::Indicator)}</th>
                                <th scope="col">{move || typeset(short_name(from.get()))}</th>
                                <Show when=move || from.get() != to.get()>
                                    <th scope="col">{move || typeset(short_name(to.get()))}</th>
                                </Show>
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                compare_rows()
                                    .into_iter()
                                    .map(|(ind, a, b)| {
                                        view! {
                                            <tr data-indicator=ind.id()>
                                                <th scope="row">{move || ind.label(i18n.lang())}</th>
                                                <td>{score(a)}</td>
                                                {(from.get_untracked() != to.get_untracked())
                                                    .then(|| view! { <td>{score(b)}</td> })}
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tbody>
                    </table>
                </div>
            </div>
        </section>
        {(count > 1).then(|| view! { <Lines lines readings short_names revised /> })}
        <ActionPlan profile=plan_of.get_value() scored />
        <section class="panel" aria-labelledby="readings-title">
            <h2 class="panel__title" id="readings-title">
                {i18n.text(Msg::Readings)}
            </h2>
            // Each opens again: its scores, and its answers to read.
            <ol class="readings">
                {(0..count)
                    .rev()
                    .map(|k| {
                        let href = readings
                            .with_value(|rs| {
                                let r = &rs[k];
                                format!("/parcours/{}/{}?bilan={}", r.profile_id, r.survey_id, r.id)
                            });
                        view! {
                            <li class="readings__item">
                                // One flex item, so that « 2e bilan » keeps its spaces around the raised « e ».
                                <A href=href>
                                    <span>{move || typeset(label(k))}</span>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
        <A href="/parcours" attr:class="button button--quiet">
            {i18n.text(Msg::BackToJourney)}
        </A>
    }
    .into_any()
}

/// Each indicator over the reviews, its chart and its table; until some indicator has been
/// scored twice (two reviews of two different surveys), when its lines will come, not dots.
#[component]
fn Lines(
    lines: Vec<(Indicator, Vec<(i64, f64)>)>,
    readings: StoredValue<Vec<Reading>>,
    short_names: Memo<Vec<String>>,
    revised: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let over_time = lines.iter().any(|(_, points)| points.len() > 1);
    let score = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| fixed(v, 0).into());
    let short_name = move |k: usize| short_names.with(|n| n[k].clone());
    let chart = over_time.then(|| {
        let figure = Figure::Lines(
            lines
                .iter()
                .map(|(ind, points)| {
                    let wall = points.iter().map(|&(t, v)| (crate::clock::wall(t), v));
                    (*ind, wall.collect())
                })
                .collect(),
        );
        view! {
            <Chart
                figure=Signal::derive(move || figure.clone())
                title=i18n.signal(Msg::LinesTitle)
                file="bilan-progres.png"
                described_by="lines-table"
            />
            {revised
                .then(|| {
                    view! {
                        <p class="hint progress__versions">{i18n.text(Msg::ProgressVersions)}</p>
                    }
                })}
            <details class="chart__table">
                <summary>{i18n.text(Msg::ShowTable)}</summary>
                // On a phone, one card per review: a column per indicator (seven with the
                // impact measures) scrolled.
                <table class="scores scores--cards progress-lines" id="lines-table">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.text(Msg::Date)}</th>
                            {lines
                                .iter()
                                .map(|(ind, _)| {
                                    let ind = *ind;
                                    view! { <th scope="col">{move || ind.label(i18n.lang())}</th> }
                                })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            readings
                                .with_value(|rs| {
                                    rs.iter()
                                        .enumerate()
                                        .map(|(k, r)| {
                                            let cells = lines
                                                .iter()
                                                .map(|(ind, _)| {
                                                    (
                                                        ind.label(i18n.lang()),
                                                        score(r.scores.get(ind).map(|s| s.value)),
                                                    )
                                                })
                                                .collect::<Vec<_>>();
                                            view! {
                                                <tr>
                                                    <th scope="row">{typeset(short_name(k))}</th>
                                                    {cells
                                                        .into_iter()
                                                        .map(|(label, c)| view! { <td data-label=label>{c}</td> })
                                                        .collect_view()}
                                                </tr>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </tbody>
                </table>
            </details>
        }
    });
    view! {
        <section class="panel" aria-labelledby="lines-title">
            <h2 class="panel__title" id="lines-title">
                {i18n.text(Msg::LinesTitle)}
            </h2>
            {(!over_time)
                .then(|| view! { <p class="hint lines__one">{i18n.text(Msg::LinesOne)}</p> })}
            {chart}
        </section>
    }
}

/// What moved between the latest reading and the previous one of the same survey, in words.
#[component]
fn Changes(
    readings: StoredValue<Vec<Reading>>,
    titles: StoredValue<LiteMap<String, Text>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sentences = move || {
        let lang = i18n.lang();
        readings.with_value(|rs| {
            let latest = rs.last().ok_or_else(String::new)?;
            let survey =
                titles.with_value(|t| t.get(&latest.survey_id).map(|t| t.get(lang).to_owned()));
            // The other reviews are of another survey: this one's first has nothing to compare.
            let Some(earlier) = previous(rs, latest) else {
                let title = survey.unwrap_or_else(|| latest.survey_id.clone());
                return Err(i18n.tw(Msg::OneReading, &[("survey", &title)]));
            };
            let then = crate::clock::day(earlier.submitted_at);
            let now = crate::clock::day(latest.submitted_at);
            // The same day, a date says nothing: "since your previous review".
            let when = (then != now).then(|| then.spoken(lang));
            let items = changes(earlier, latest)
                .into_iter()
                .map(|(ind, _)| {
                    // Both scores as the table shows them, and the difference between those.
                    let score = |r: &Reading| r.scores.get(&ind).map_or(0, |s| shown(s.value));
                    let (from, to) = (score(earlier), score(latest));
                    let amount = match to - from {
                        0 => i18n.tw(Msg::NoChange, &[("to", &to.to_string())]),
                        d => i18n.tw(
                            Msg::ChangeAmount,
                            &[
                                ("from", &from.to_string()),
                                ("to", &to.to_string()),
                                ("delta", &spoken_number(&format!("{d:+}"), lang)),
                            ],
                        ),
                    };
                    let text = match &when {
                        Some(when) => {
                            i18n.tw(Msg::ChangeSince, &[("amount", &amount), ("when", when)])
                        }
                        None => i18n.tw(Msg::ChangeSincePrevious, &[("amount", &amount)]),
                    };
                    (ind, text)
                })
                .collect::<Vec<_>>();
            Ok((survey, items))
        })
    };
    view! {
        <section class="panel changes" aria-labelledby="changes-title">
            <h2 class="panel__title" id="changes-title">
                {i18n.text(Msg::ChangesTitle)}
            </h2>
            {move || match sentences() {
                Err(first) => view! { <p class="hint changes__first">{first}</p> }.into_any(),
                Ok((survey, items)) => {
                    view! {
                        {survey.map(|s| view! { <p class="hint">{s}</p> })}
                        <ul class="changes__list">
                            {items
                                .into_iter()
                                .map(|(ind, text)| {
                                    view! {
                                        <li data-indicator=ind.id()>
                                            <strong>{ind.label(i18n.lang())}</strong>
                                            {move || {
                                                if i18n.lang() == Lang::Fr { "\u{a0}: " } else { ": " }
                                            }}
                                            {text}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
