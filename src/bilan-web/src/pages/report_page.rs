//! `/tableau-de-bord/rapport`: the annual report a board member takes to the general assembly
//! and the funders, from released tables only, laid out to print on A4 (or save as PDF).

use bilan_core::bucket::CellKey;
use bilan_core::calendar::Date;
use bilan_core::decimal::fixed;
use bilan_core::{Indicator, Lang};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::ApiFailure;
use crate::board::Published;
use crate::charts::{BarChart, Chart, Figure, StarSeries};
use crate::components::loaded::{Data, LoadError, Loaded};
use crate::components::print_button::PrintButton;
use crate::components::results::{figure_bars, question_bars};
use crate::i18n::{Msg, tr, tr_with, typeset, use_i18n};
use crate::report::{Part, Report, change, median_band, moved};

use super::report_closing::{Method, Sessions};

#[component]
pub fn ReportPage() -> impl IntoView {
    let query = use_query_map();
    let year = move || query.with(|q| q.get("annee").and_then(|y| y.parse::<i32>().ok()));
    let compare = move || query.with(|q| q.get("comparer").and_then(|y| y.parse::<i32>().ok()));
    // Charts drawn at three times their size: sharp on paper.
    if let Some(html) = document().document_element() {
        let _ = html.class_list().add_1("report-mode");
    }
    on_cleanup(|| {
        if let Some(html) = document().document_element() {
            let _ = html.class_list().remove_1("report-mode");
        }
    });
    let loaded = Data::new(move || {
        let (year, compare) = (year(), compare());
        async move {
            let token = crate::api::board_token()
                .await
                .ok_or(LoadError::Said(Msg::ReportNeedsToken))?;
            crate::report::report(&token, year, compare)
                .await
                .map_err(|e| match e {
                    ApiFailure::Unreachable => LoadError::Said(Msg::ServerUnreachable),
                    ApiFailure::Denied(why) | ApiFailure::Refused(_, why) => {
                        LoadError::Refused(why)
                    }
                    ApiFailure::Unreadable(why) => LoadError::Failed(why),
                })
        }
    });
    view! {
        <section class="page report">
            <Loaded resource=loaded back=("/tableau-de-bord", Msg::BackToBoard) let:report>
                <AnnualReport report />
            </Loaded>
        </section>
    }
}

#[component]
fn AnnualReport(report: Report) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let r = StoredValue::new(report);
    let year = r.with_value(|r| r.year);
    let k = r.with_value(|r| r.threshold);
    // The schedule's day (midnight UTC on the 1st), as the spreadsheets say it: see the board.
    let frozen = r.with_value(|r| r.frozen()).map(Date::from_millis);
    let nothing = r.with_value(|r| r.years.is_empty() && r.figures.is_empty());
    let frozen_text =
        move |lang: Lang| frozen.map(|d| d.spoken(lang)).unwrap_or_else(|| "—".into());
    let name = move || {
        r.with_value(|r| {
            if r.name.is_empty() {
                "Bilan".to_owned()
            } else {
                r.name.clone()
            }
        })
    };
    // The running footer of every printed page: the Pôle, the year, the date, the threshold.
    crate::browser::style_rule(move || {
        let footer = i18n.tw(
            Msg::ReportFooter,
            &[
                ("name", &name()),
                ("year", &year.to_string()),
                ("date", &frozen_text(i18n.lang())),
                ("k", &k.to_string()),
            ],
        );
        let quoted = footer.replace('\\', "\\\\").replace('"', "\\\"");
        format!(
            "@page {{ size: A4 portrait; margin: 16mm 15mm 18mm; @bottom-left {{ content: \"{quoted}\"; font: 8pt sans-serif; color: #555; }} @bottom-right {{ content: counter(page) \" / \" counter(pages); font: 8pt sans-serif; color: #555; }} }}"
        )
    });
    let people: u64 = r.with_value(|r| {
        r.holders
            .iter()
            .filter_map(|p| p.overall.contributions)
            .max()
            .unwrap_or(0)
    });
    let sessions_held: Vec<_> = r.with_value(|r| {
        r.sessions
            .as_ref()
            .map(|s| s.sessions.clone())
            .unwrap_or_default()
    });
    let participants: u64 = sessions_held.iter().filter_map(|(_, n)| *n).sum();
    let demo = r.with_value(|r| r.demo);
    let years = r.with_value(|r| r.years.clone());
    // A year in the report's two pickers.
    let option = |y: &i32| view! { <option value=y.to_string()>{y.to_string()}</option> };
    let compared_year = r.with_value(|r| r.compared.as_ref().map(|(c, _)| *c));
    let compare_to = navigate.clone();
    view! {
        <div class="report__tools no-print">
            // With nothing published, no year to choose and nothing to print.
            {(!nothing)
                .then(|| {
                    view! {
                        <div class="field field--inline">
                            <label class="field__label" for="report-year">
                                {i18n.text(Msg::ReportYear)}
                            </label>
                            <select
                                class="field__select"
                                id="report-year"
                                prop:value=year.to_string()
                                on:change=move |ev| {
                                    navigate(
                                        &format!(
                                            "/tableau-de-bord/rapport?annee={}",
                                            event_target_value(&ev),
                                        ),
                                        Default::default(),
                                    )
                                }
                            >
                                {years.iter().map(option).collect_view()}
                            </select>
                        </div>
                        <div class="field field--inline">
                            <label class="field__label" for="report-compare">
                                {i18n.text(Msg::ReportCompare)}
                            </label>
                            <select
                                class="field__select"
                                id="report-compare"
                                prop:value=compared_year.map(|c| c.to_string()).unwrap_or_default()
                                on:change=move |ev| {
                                    let other = event_target_value(&ev);
                                    let to = if other.is_empty() {
                                        format!("/tableau-de-bord/rapport?annee={year}")
                                    } else {
                                        format!(
                                            "/tableau-de-bord/rapport?annee={year}&comparer={other}",
                                        )
                                    };
                                    compare_to(&to, Default::default())
                                }
                            >
                                <option value="">{i18n.text(Msg::ReportNoComparison)}</option>
                                {years.iter().filter(|y| **y != year).map(option).collect_view()}
                            </select>
                        </div>
                        <PrintButton class="report__print" />
                    }
                })} <A href="/tableau-de-bord" attr:class="button button--quiet">
                {i18n.text(Msg::BackToBoard)}
            </A>
        </div>
        <header class="report__cover">
            <p class="report__name">{name}</p>
            <h1 class="report__title">
                {move || i18n.tw(Msg::ReportTitle, &[("year", &year.to_string())])}
            </h1>
            // No table of this year published yet: said as the dashboard says it, not as a date
            // of "—".
            {match frozen {
                Some(_) => {
                    view! {
                        <p class="report__frozen">
                            {move || {
                                typeset(
                                    i18n
                                        .tw(
                                            Msg::ReportFrozen,
                                            &[("date", &frozen_text(i18n.lang()))],
                                        ),
                                )
                            }}
                        </p>
                    }
                        .into_any()
                }
                None => {
                    let every = r.with_value(|r| r.release_every.clone());
                    view! {
                        <p class="callout report__frozen">
                            {move || i18n.tw(Msg::NoTablesYet, &[("every", &every)])}
                        </p>
                    }
                        .into_any()
                }
            }}
            {(!nothing)
                .then(|| {
                    view! {
                        <p class="report__summary">
                            {move || {
                                i18n.tw(
                                    Msg::ReportSummary,
                                    &[
                                        ("people", &people.to_string()),
                                        ("sessions", &sessions_held.len().to_string()),
                                        ("participants", &participants.to_string()),
                                    ],
                                )
                            }}
                        </p>
                    }
                })}
            {demo
                .then(|| {
                    view! {
                        <p class="callout callout--warn demo-banner" role="note">
                            {i18n.text(Msg::DemoData)}
                        </p>
                    }
                })}
        </header>
        // Nothing published at all (a new server): the notice, then only how the numbers will be
        // made, not seven empty indicators and an empty chart.
        {(!nothing)
            .then(|| {
                view! {
                    {r.with_value(|r| !r.figures.is_empty()).then(|| view! { <Figures r /> })}
                    <Indicators r />
                    {r.with_value(|r| r.sessions.clone()).map(|s| view! { <Sessions s k /> })}
                }
            })}
        <Method r />
    }
}

/// The yearly figures as a chart, a table and their change in words.
#[component]
fn Figures(r: StoredValue<Report>) -> impl IntoView {
    let i18n = use_i18n();
    let bars = Signal::derive(move || {
        r.with_value(|r| figure_bars(&r.figures, r.annual.as_ref(), i18n.lang()))
    });
    let changes = move || {
        let lang = i18n.lang();
        r.with_value(|r| {
            r.annual
                .iter()
                .flat_map(|s| s.headlines())
                .filter_map(|q| {
                    let (start, from, end, to, pct) = change(&r.figures, &q.id)?;
                    let sign = if pct > 0 { "+" } else { "" };
                    Some(tr_with(
                        lang,
                        Msg::ReportFigureChange,
                        &[
                            ("figure", q.label.get(lang)),
                            ("from", &from.to_string()),
                            ("start", &start.to_string()),
                            ("to", &to.to_string()),
                            ("end", &end.to_string()),
                            ("change", &format!("{sign}{pct}")),
                        ],
                    ))
                })
                .map(|line| view! { <li>{line}</li> })
                .collect_view()
        })
    };
    view! {
        <section class="report__part" aria-labelledby="report-figures">
            <h2 class="section-title" id="report-figures">
                {i18n.text(Msg::ReportFigures)}
            </h2>
            <ul class="report__changes">{changes}</ul>
            <BarChart
                bars
                title=i18n.signal(Msg::YearlyFigures)
                first_column=i18n.signal(Msg::Year)
                file="bilan-chiffres-annuels.png"
                id="report-figures-table"
            />
        </section>
    }
}

/// Each of the seven indicators: this year's scores and the cohort's distance travelled.
#[component]
fn Indicators(r: StoredValue<Report>) -> impl IntoView {
    let i18n = use_i18n();
    let k = r.with_value(|r| r.threshold);
    let year = r.with_value(|r| r.year);
    let one = move |indicator: Indicator| {
        let score = CellKey::Score(indicator);
        let progress = CellKey::Progress(indicator);
        // The holders' survey that scores it this year.
        let found: Option<Published> = r.with_value(|r| {
            r.holders
                .iter()
                .find(|p| {
                    p.overall
                        .questions
                        .iter()
                        .any(|q| q.question == score.to_string())
                })
                .cloned()
        });
        let chart = move |key: CellKey, p: &Published| {
            let find = |p: &Published| {
                p.overall
                    .questions
                    .iter()
                    .find(|q| q.question == key.to_string())
                    .cloned()
            };
            let q = find(p)?;
            // The comparison year's same question, if its table has it.
            let other = r.with_value(|r| {
                r.compared.as_ref().and_then(|(c, list)| {
                    let p = list.iter().find(|o| o.survey.id == p.survey.id)?;
                    Some((*c, find(p)?))
                })
            });
            let survey = p.survey.clone();
            let id = format!("report-{}", key.to_string().replace(':', "-"));
            let drawn = Signal::derive(move || {
                let lang = i18n.lang();
                let (title, mut bars) = question_bars(&survey, &q, lang, k).unwrap_or_default();
                if let Some((c, q)) = &other
                    && let Some((_, then)) = question_bars(&survey, q, lang, k)
                    && let (Some(now), Some(then)) =
                        (bars.series.pop(), then.series.into_iter().next())
                {
                    bars.series = vec![(year.to_string(), now.1), (c.to_string(), then.1)];
                }
                (title, bars)
            });
            Some(view! {
                <BarChart
                    bars=Signal::derive(move || drawn.get().1)
                    title=Signal::derive(move || drawn.get().0)
                    first_column=i18n.signal(Msg::Answer)
                    file=format!("{id}.png")
                    id
                />
            })
        };
        let body = match &found {
            Some(p) => {
                let shares = moved(&p.overall, &progress);
                view! {
                    {shares
                        .map(|parts| {
                            view! {
                                <p class="report__moved">
                                    {move || {
                                        let lang = i18n.lang();
                                        let said = |part: Part| match (part, lang) {
                                            (Part::Share(n), Lang::Fr) => format!("{n}\u{a0}%"),
                                            (Part::Share(n), Lang::En) => format!("{n}%"),
                                            (Part::Count(n), _) => n.to_string(),
                                            (Part::AtLeast(n), _) => {
                                                tr_with(lang, Msg::AtLeast, &[("n", &n.to_string())])
                                            }
                                            (Part::FewerThan(n), _) => {
                                                tr_with(lang, Msg::FewerThan, &[("n", &n.to_string())])
                                            }
                                        };
                                        let shares = parts
                                            .iter()
                                            .all(|p| matches!(p, Part::Share(_)));
                                        i18n.tw(
                                            if shares {
                                                Msg::ReportMoved
                                            } else {
                                                Msg::ReportMovedCounts
                                            },
                                            &[
                                                ("up", &said(parts[0])),
                                                ("same", &said(parts[1])),
                                                ("down", &said(parts[2])),
                                                ("k", &k.to_string()),
                                            ],
                                        )
                                    }}
                                </p>
                            }
                        })}
                    <div class="report__pair">{chart(score, p)} {chart(progress, p)}</div>
                }
                .into_any()
            }
            None => view! { <p class="empty">{i18n.text(Msg::ReportNotPublished)}</p> }.into_any(),
        };
        view! {
            <article class="report__indicator" data-indicator=indicator.id()>
                <h3 class="subsection-title">{move || indicator.label(i18n.lang())}</h3>
                {body}
            </article>
        }
    };
    view! {
        <section class="report__part report__indicators" aria-labelledby="report-indicators">
            <h2 class="section-title" id="report-indicators">
                {i18n.text(Msg::ReportIndicators)}
            </h2>
            <p class="hint">{i18n.text(Msg::ReportIndicatorsLead)}</p>
            <CohortStar r />
            {Indicator::ALL.into_iter().map(one).collect_view()}
        </section>
    }
}

/// The cohort's star: for each indicator, the median band where those who came back started
/// (their first reading) and where this year's readings stand.
#[component]
fn CohortStar(r: StoredValue<Report>) -> impl IntoView {
    let i18n = use_i18n();
    let k = r.with_value(|r| r.threshold).to_string();
    let medians = r.with_value(|r| {
        Indicator::ALL.map(|indicator| {
            let of = |key: CellKey| r.holders.iter().find_map(|p| median_band(&p.overall, &key));
            (of(CellKey::Start(indicator)), of(CellKey::Score(indicator)))
        })
    });
    if medians.iter().all(|(start, _)| start.is_none()) {
        return None;
    }
    let figure = Signal::derive(move || {
        let lang = i18n.lang();
        Figure::Star(vec![
            StarSeries {
                label: tr(lang, Msg::ReportStarted).to_owned(),
                values: medians.map(|(start, _)| start),
            },
            StarSeries {
                label: tr(lang, Msg::ReportThisYear).to_owned(),
                values: medians.map(|(_, now)| now),
            },
        ])
    });
    let cell = |v: Option<f64>| {
        v.map(|v| format!("{}–{}", fixed(v - 10.0, 0), fixed(v + 10.0, 0)))
            .unwrap_or_else(|| "n.p.".into())
    };
    Some(view! {
        <figure class="report__star">
            <Chart
                figure
                title=i18n.signal(Msg::ReportCohortStar)
                file="bilan-etoile-cohorte.png"
                described_by="report-star-table"
            />
            <div class="table-scroll">
                <table class="scores report__star-table" id="report-star-table">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.text(Msg::Indicator)}</th>
                            <th scope="col">{i18n.text(Msg::ReportStarted)}</th>
                            <th scope="col">{i18n.text(Msg::ReportThisYear)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {Indicator::ALL
                            .into_iter()
                            .zip(medians)
                            .map(|(indicator, (start, now))| {
                                view! {
                                    <tr>
                                        <th scope="row">{move || indicator.label(i18n.lang())}</th>
                                        <td>{cell(start)}</td>
                                        <td>{cell(now)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <figcaption class="hint">
                {move || i18n.tw(Msg::ReportStarNote, &[("k", &k)])}
            </figcaption>
        </figure>
    })
}
