//! "Tableau de bord": with a board token, the yearly activity figures, the released tables of a
//! survey and period (indicators, cohort progress, answers), the college comparison and the
//! sessions; every chart with its table, PNG and CSV, and a printable view.

use bilan_core::bucket::Counted;
use bilan_core::calendar::Date;
use bilan_core::share::Dimension;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::held_sessions::HeldSessions;
use crate::api::ApiFailure;
use crate::board::{Overview, Published};
use crate::charts::BarChart;
use crate::components::alert::Alert;
use crate::components::loaded::{Data, LoadError, Loaded};
use crate::components::results::{CollegeComparison, ReleaseCharts, figure_bars};
use crate::i18n::{Msg, Words, tr_with, typeset, use_i18n};

/// The board's space.
#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    // Read again when a link brings a board token to this page.
    let sync = crate::sync::use_sync();
    let saved = Data::new(move || {
        sync.board_joined.track();
        async { Ok::<_, LoadError>(crate::api::board_token().await) }
    });
    view! {
        <section class="page page--board">
            <h1 class="page__title">{i18n.text(Msg::BoardTitle)}</h1>
            <p class="page__lead">{i18n.text(Msg::BoardIntro)}</p>
            <Loaded resource=saved let:saved>
                <Access saved />
            </Loaded>
        </section>
    }
}

/// The token form, or the dashboard the token opens.
#[component]
fn Access(saved: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let token = RwSignal::new(saved);
    let typed = RwSignal::new(String::new());
    let denied = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = typed.get_untracked().trim().to_owned();
        if t.is_empty() {
            return;
        }
        spawn_local(async move {
            crate::api::set_board_token(&t).await;
            denied.set(None);
            typed.set(String::new());
            token.set(Some(t));
        });
    };
    let forget = Callback::new(move |why: Option<String>| {
        spawn_local(async move {
            crate::api::set_board_token("").await;
            denied.set(why);
            token.set(None);
        });
    });
    move || match token.get() {
        Some(t) => view! { <Dashboard token=t on_denied=forget /> }.into_any(),
        None => view! {
            <form class="panel board-token" on:submit=save novalidate>
                <h2 class="panel__title">{i18n.text(Msg::BoardTokenTitle)}</h2>
                <p class="hint">{i18n.text(Msg::BoardTokenHelp)}</p>
                <Alert message=Signal::derive(move || { denied.get().map(Words::refused) }) />
                <div class="field">
                    <label class="field__label" for="board-token">
                        {i18n.text(Msg::BoardToken)}
                    </label>
                    <input
                        class="field__input"
                        id="board-token"
                        type="password"
                        autocomplete="off"
                        bind:value=typed
                    />
                </div>
                <button class="button" type="submit">
                    {i18n.text(Msg::OpenDashboard)}
                </button>
            </form>
        }
        .into_any(),
    }
}

/// A refusal in words; a refused token is forgotten, which brings the token form back.
fn refused(failure: ApiFailure, on_denied: Callback<Option<String>>) -> LoadError {
    match failure {
        ApiFailure::Denied(why) => {
            on_denied.run(Some(why.clone()));
            LoadError::Refused(why)
        }
        ApiFailure::Unreachable => LoadError::Said(Msg::ServerUnreachable),
        ApiFailure::Refused(_, why) => LoadError::Refused(why),
        ApiFailure::Unreadable(why) => LoadError::Failed(why),
    }
}

#[component]
fn Dashboard(token: String, on_denied: Callback<Option<String>>) -> impl IntoView {
    // Where the dashboard's first render starts, for `cargo xtask bench`.
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("bilan-dashboard-start");
    }
    let token = StoredValue::new(token);
    let overview = Data::new(move || {
        let t = token.get_value();
        async move {
            crate::board::overview(&t)
                .await
                .map_err(|e| refused(e, on_denied))
        }
    });
    view! {
        <Loaded resource=overview let:overview>
            <Tables token overview on_denied />
        </Loaded>
    }
}

/// The choice of survey and period, the yearly figures and the chosen tables.
#[component]
fn Tables(
    token: StoredValue<String>,
    overview: Overview,
    on_denied: Callback<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (first_survey, first_period) = overview.first.clone().unwrap_or_default();
    let survey = RwSignal::new(first_survey);
    let period = RwSignal::new(first_period);
    let overview = StoredValue::new(overview);
    // The first table's release came with the overview: used once, then asked for.
    let prefetched = StoredValue::new(overview.with_value(|o| o.first_release.clone()));
    let release = Data::new(move || {
        let (s, p, t) = (survey.get(), period.get(), token.get_value());
        let keys = overview.with_value(|o| o.tables.clone());
        let first = overview.with_value(|o| o.first == Some((s.clone(), p.clone())));
        let ready = prefetched
            .try_update_value(Option::take)
            .flatten()
            .filter(|_| first);
        async move {
            if let Some(ready) = ready {
                return Ok(Some(ready));
            }
            crate::board::published(&t, &s, &p, &keys)
                .await
                .map_err(|e| refused(e, on_denied))
        }
    });
    // The surveys and periods with a table for everyone (the one the page shows first): a
    // session's own table is listed with the sessions, and chose nothing here.
    let overall = |k: &&bilan_core::wire::TableKey| k.dimension == Dimension::None;
    let surveys = move || {
        let mut list: Vec<String> = overview.with_value(|o| {
            o.tables
                .iter()
                .filter(overall)
                .map(|k| k.survey.clone())
                .collect()
        });
        bilan_core::order::sort(&mut list);
        list.dedup();
        list
    };
    let periods = move || {
        let s = survey.get();
        let mut list: Vec<String> = overview.with_value(|o| {
            o.tables
                .iter()
                .filter(overall)
                .filter(|k| k.survey == s)
                .map(|k| k.period.to_string())
                .collect()
        });
        bilan_core::order::sort(&mut list);
        list.dedup();
        list.reverse();
        list
    };
    let has_figures = overview.with_value(|o| !o.figures.is_empty());
    let figure_bars = Signal::derive(move || {
        overview.with_value(|o| figure_bars(&o.figures, o.annual.as_ref(), i18n.lang()))
    });
    let title = move |s: &str| {
        overview
            .with_value(|o| {
                o.index
                    .iter()
                    .find(|l| l.id == s)
                    .map(|l| l.title.get(i18n.lang()).to_owned())
            })
            .unwrap_or_else(|| s.to_owned())
    };
    let demo = overview.with_value(|o| o.demo);
    let every = StoredValue::new(overview.with_value(|o| o.release_every.clone()));
    // Every released table of the chosen survey and period, as a spreadsheet.
    let export_failed = RwSignal::new(None::<Words>);
    let spreadsheet = move |format: &'static str| {
        let (s, p, t) = (
            survey.get_untracked(),
            period.get_untracked(),
            token.get_value(),
        );
        let lang = i18n.lang();
        spawn_local(async move {
            let path = crate::board::export_path(&s, &p, format, lang);
            let name = format!("bilan-{s}-{p}.{format}");
            let failed = crate::api::save(&path, &t, &name)
                .await
                .err()
                .map(|e| match e {
                    ApiFailure::Unreachable => Words::msg(Msg::ServerUnreachable),
                    ApiFailure::Denied(why) | ApiFailure::Refused(_, why) => Words::refused(why),
                    ApiFailure::Unreadable(why) => Words::fixed(why),
                });
            export_failed.try_set(failed);
        });
    };
    view! {
        // Printed by hand (Ctrl+P), the dashboard says what it shows and where the document
        // made for paper is.
        <div class="print-only print-header">
            <p>
                {move || {
                    let d = crate::clock::today();
                    typeset(
                        i18n
                            .tw(
                                Msg::PrintedTitle,
                                &[
                                    ("survey", &title(&survey.get())),
                                    ("period", &period.get()),
                                    ("date", &d.spoken(i18n.lang())),
                                ],
                            ),
                    )
                }}
            </p>
            <p>{i18n.text(Msg::PrintedReport)}</p>
        </div>
        {demo
            .then(|| {
                view! {
                    <p class="callout callout--warn demo-banner" role="note">
                        {i18n.text(Msg::DemoData)}
                    </p>
                }
            })}
        <div class="board__tools no-print">
            <div class="field field--inline">
                <label class="field__label" for="board-survey">
                    {i18n.text(Msg::SessionSurvey)}
                </label>
                <select
                    class="field__select"
                    id="board-survey"
                    prop:value=move || survey.get()
                    on:change=move |ev| {
                        survey.set(event_target_value(&ev));
                        period.set(periods().first().cloned().unwrap_or_default());
                    }
                >
                    {move || {
                        surveys()
                            .is_empty()
                            .then(|| {
                                view! {
                                    <option value="" disabled=true>
                                        {i18n.text(Msg::NoSurveyPublished)}
                                    </option>
                                }
                            })
                    }}
                    {move || {
                        surveys()
                            .into_iter()
                            .map(|s| {
                                let value = s.clone();
                                let name = move || title(&s);
                                view! { <option value=value>{name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="field field--inline">
                <label class="field__label" for="board-period">
                    {i18n.text(Msg::Period)}
                </label>
                <select
                    class="field__select"
                    id="board-period"
                    prop:value=move || period.get()
                    on:change=move |ev| period.set(event_target_value(&ev))
                >
                    {move || {
                        periods()
                            .is_empty()
                            .then(|| {
                                view! {
                                    <option value="" disabled=true>
                                        {i18n.text(Msg::NoPeriodPublished)}
                                    </option>
                                }
                            })
                    }}
                    {move || {
                        periods()
                            .into_iter()
                            .map(|p| view! { <option value=p.clone()>{p.clone()}</option> })
                            .collect_view()
                    }}
                </select>
            </div>
            <A
                href=move || {
                    let year: String = period.get().chars().take(4).collect();
                    format!("/tableau-de-bord/rapport?annee={year}")
                }
                attr:class="button board__report"
            >
                {i18n.text(Msg::AnnualReport)}
            </A>
            // The chosen survey and period's tables as a spreadsheet: none before a first table.
            <Show when=move || {
                !period.get().is_empty()
            }>
                {[("ods", Msg::SpreadsheetOds), ("xlsx", Msg::SpreadsheetXlsx)]
                    .map(|(format, label)| {
                        view! {
                            <button
                                type="button"
                                class=format!("button button--quiet board__{format}")
                                on:click=move |_| spreadsheet(format)
                            >
                                {i18n.text(label)}
                            </button>
                        }
                    })}
            </Show>
            {move || {
                export_failed
                    .get()
                    .map(|why| {
                        view! {
                            <p class="callout callout--error board__export-error" role="alert">
                                {why.text(i18n.lang())}
                            </p>
                        }
                    })
            }}
            <button
                type="button"
                class="button button--quiet"
                on:click=move |_| on_denied.run(None)
            >
                {i18n.text(Msg::ChangeToken)}
            </button>
        </div>
        // No yearly figure published yet: no empty chart (the tables below say what is).
        {has_figures
            .then(|| {
                view! {
                    <section class="board__section" aria-labelledby="board-figures">
                        // The section as the annual report names it; the chart keeps its own
                        // title, which its image carries.
                        <h2 class="section-title" id="board-figures">
                            {i18n.text(Msg::ReportFigures)}
                        </h2>
                        <BarChart
                            bars=figure_bars
                            title=i18n.signal(Msg::YearlyFigures)
                            first_column=i18n.signal(Msg::Year)
                            file="bilan-chiffres-annuels.png"
                            id="board-figures-table"
                        />
                    </section>
                }
            })}
        <Loaded resource=release let:published>
            {match published {
                Some(published) => view! { <PublishedTables published every /> }.into_any(),
                None => {
                    view! {
                        <p class="empty">
                            {move || {
                                every.with_value(|e| i18n.tw(Msg::NoTablesYet, &[("every", e)]))
                            }}
                        </p>
                    }
                        .into_any()
                }
            }}
        </Loaded>
    }
}

/// One survey and period's released tables: the release rule, the charts, the sessions.
#[component]
fn PublishedTables(published: Published, every: StoredValue<String>) -> impl IntoView {
    let i18n = use_i18n();
    let l = published;
    let k = l.overall.threshold;
    let overall = Signal::derive({
        let r = l.overall.clone();
        move || r.clone()
    });
    let colleges = Signal::derive({
        let c = l.colleges.clone();
        move || c.clone()
    });
    let has_college = l
        .survey
        .question(bilan_core::session::COLLEGE_QUESTION)
        .is_some();
    let count = l.overall.contributions;
    let sessions = l.sessions.clone();
    let held = l.held.clone();
    let has = |counted: Counted| {
        l.overall
            .questions
            .iter()
            .any(|q| q.key().is_some_and(|k| k.counted() == counted))
    };
    let (scores, progress, answers) = (
        has(Counted::Scores),
        has(Counted::Progress),
        has(Counted::Answers),
    );
    // A released table's charts of one kind, under their heading, when the survey has any.
    let section =
        |shown: bool, counted: Counted, title: Msg, heading: &'static str, id: &'static str| {
            shown.then(|| {
                view! {
                    <section class="board__section" aria-labelledby=heading>
                        <h2 class="section-title" id=heading>
                            {i18n.text(title)}
                        </h2>
                        <ReleaseCharts
                            survey=l.survey.clone()
                            release=overall
                            counted
                            id
                            file_prefix=format!("bilan-{}-{}", l.survey.id, l.period)
                        />
                    </section>
                }
            })
        };
    // A snapshot's day is its schedule's (midnight UTC on the 1st), as the server's spreadsheets
    // say it too: not moved to the reader's time zone.
    let frozen = l.published_at.map(Date::from_millis);
    let noise = l.overall.noise;
    let versions = (l.versions.len() > 1).then(|| {
        let versions = l.versions.clone();
        view! {
            <p class="hint board__versions">
                {move || {
                    let which = bilan_core::words::versions_label(&versions, i18n.lang());
                    i18n.tw(Msg::VersionsAdded, &[("versions", &which)])
                }}
            </p>
        }
    });
    view! {
        <div class="callout board__rule" data-threshold=k>
            <p class="board__frozen">
                {move || {
                    typeset(
                        match frozen {
                            Some(d) => {
                                tr_with(
                                    i18n.lang(),
                                    Msg::FrozenOn,
                                    &[("date", &d.spoken(i18n.lang()))],
                                )
                            }
                            None => {
                                every.with_value(|e| i18n.tw(Msg::NotPublishedYet, &[("every", e)]))
                            }
                        },
                    )
                }}
            </p>
            <p class="board__threshold">
                {move || match count {
                    Some(n) => i18n.tw(Msg::TablePeopleAbout, &[("n", &n.to_string())]),
                    None => i18n.tw(Msg::TablePeopleBelow, &[("k", &k.to_string())]),
                }}
            </p>
            <p class="hint board__perturbed">
                {move || {
                    format!(
                        "{} {}",
                        tr_with(i18n.lang(), Msg::PerturbedNote, &[("noise", &noise.to_string())]),
                        tr_with(i18n.lang(), Msg::WithheldNote, &[("k", &k.to_string())]),
                    )
                }}
            </p>
            {versions}
        </div>
        {section(
            scores,
            Counted::Scores,
            Msg::IndicatorDistributions,
            "board-indicators",
            "board-scores",
        )}
        {section(
            progress,
            Counted::Progress,
            Msg::CohortProgress,
            "board-progress",
            "board-progress",
        )}
        {section(answers, Counted::Answers, Msg::AnswersOverall, "board-answers", "board-answers")}
        {has_college
            .then(|| {
                view! {
                    <section
                        class="board__section board__colleges"
                        aria-labelledby="board-colleges"
                    >
                        <h2 class="section-title" id="board-colleges">
                            {i18n.text(Msg::CollegeComparison)}
                        </h2>
                        <CollegeComparison survey=l.survey.clone() colleges id="board-colleges" />
                    </section>
                }
            })}
        {(!sessions.is_empty()).then(|| view! { <HeldSessions sessions held k /> })}
    }
}
