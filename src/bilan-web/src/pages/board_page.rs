//! "Tableau de bord": with a board token, the yearly activity figures, the released tables of a
//! survey and period (indicators, cohort progress, answers), the college comparison and the
//! sessions; every chart with its table, PNG and CSV, and a printable view.

use bilan_core::Survey;
use bilan_core::bucket::Counted;
use bilan_core::calendar::Date;
use bilan_core::disclosure::Release;
use bilan_core::share::Dimension;
use bilan_core::wire::{Released, TableKey, YearFigures};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiFailure, get};
use crate::charts::{BarChart, Bars};
use crate::components::results::{CollegeComparison, ReleaseCharts};
use crate::i18n::{Msg, tr, tr_with, use_i18n};
use crate::surveys::{load_index, load_survey};
use bilan_core::survey::{Audience, Listed};

/// What the dashboard loaded for one survey and period.
#[derive(Debug, Clone, PartialEq)]
struct Loaded {
    survey: Survey,
    published_at: Option<i64>,
    overall: Release,
    colleges: Vec<(String, Release)>,
    sessions: Vec<(String, Option<u64>)>,
}

/// The board's space.
#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = RwSignal::new(None::<String>);
    let typed = RwSignal::new(String::new());
    let denied = RwSignal::new(None::<String>);
    let ready = RwSignal::new(false);
    spawn_local(async move {
        if let Some(t) = crate::api::board_token().await {
            token.set(Some(t));
        }
        ready.set(true);
    });
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
    view! {
        <section class="page page--board">
            <div class="print-only print-header">
                <p>
                    {move || {
                        let d = Date::from_millis(js_sys::Date::now() as i64);
                        i18n.tw(Msg::PrintedTitle, &[("date", &d.spoken(i18n.lang()))])
                    }}
                </p>
            </div>
            <h1 class="page__title">{move || i18n.t(Msg::BoardTitle)}</h1>
            <p class="page__lead">{move || i18n.t(Msg::BoardIntro)}</p>
            {move || match (ready.get(), token.get()) {
                (false, _) => view! { <p>{i18n.t(Msg::Loading)}</p> }.into_any(),
                (true, Some(t)) => view! { <Dashboard token=t on_denied=forget /> }.into_any(),
                (true, None) => {
                    view! {
                        <form class="panel board-token" on:submit=save novalidate>
                            <h2 class="panel__title">{move || i18n.t(Msg::BoardTokenTitle)}</h2>
                            <p class="hint">{move || i18n.t(Msg::BoardTokenHelp)}</p>
                            {move || {
                                denied
                                    .get()
                                    .map(|why| {
                                        view! {
                                            <p class="callout callout--error" role="alert">
                                                {i18n.tw(Msg::TokenRefused, &[("why", &why)])}
                                            </p>
                                        }
                                    })
                            }}
                            <div class="field">
                                <label class="field__label" for="board-token">
                                    {move || i18n.t(Msg::BoardToken)}
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
                                {move || i18n.t(Msg::OpenDashboard)}
                            </button>
                        </form>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn Dashboard(token: String, #[prop(into)] on_denied: Callback<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    // Where the dashboard's first render starts, for `cargo xtask bench`.
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("bilan-dashboard-start");
    }
    let token = StoredValue::new(token);
    let failure = RwSignal::new(None::<String>);
    let figures = RwSignal::new(None::<Vec<YearFigures>>);
    let annual = RwSignal::new(None::<Survey>);
    let index = RwSignal::new(Vec::<Listed>::new());
    let tables = RwSignal::new(Vec::<TableKey>::new());
    let survey = RwSignal::new(String::new());
    let period = RwSignal::new(String::new());
    let denied = move |e: ApiFailure| match e {
        ApiFailure::Denied(why) => on_denied.run(Some(why)),
        ApiFailure::Unreachable => {
            failure.set(Some(tr(i18n.lang(), Msg::ServerUnreachable).to_owned()))
        }
        ApiFailure::Refused(_, why) | ApiFailure::Unreadable(why) => failure.set(Some(why)),
    };
    spawn_local(async move {
        let t = token.get_value();
        match get::<Vec<YearFigures>>("/figures", Some(&t)).await {
            Ok(f) => figures.set(Some(f)),
            Err(e) => return denied(e),
        }
        let listed = load_index().await.unwrap_or_default();
        if let Some(figures) = crate::surveys::figures(&listed) {
            annual.set(load_survey(&figures.id).await.ok());
        }
        let session_surveys: Vec<String> = listed
            .iter()
            .filter(|s| s.audience == Audience::Session)
            .map(|s| s.id.clone())
            .collect();
        index.set(listed);
        match get::<Vec<TableKey>>("/tables", Some(&t)).await {
            Ok(list) => {
                let first = list
                    .iter()
                    .filter(|k| k.dimension == Dimension::None)
                    .max_by_key(|k| (k.period.to_string(), session_surveys.contains(&k.survey)))
                    .cloned();
                if let Some(k) = first {
                    survey.set(k.survey);
                    period.set(k.period.to_string());
                }
                tables.set(list);
            }
            Err(e) => denied(e),
        }
    });
    let loaded = LocalResource::new(move || {
        let (s, p) = (survey.get(), period.get());
        let keys = tables.get();
        async move {
            if s.is_empty() || p.is_empty() {
                return Ok(None);
            }
            let t = token.get_value();
            let survey = load_survey(&s).await.map_err(|_| ApiFailure::Unreachable)?;
            let table = |dimension: &str| {
                format!("/aggregates?survey={s}&period={p}&dimension={dimension}")
            };
            let overall = get::<Released>(&table(""), Some(&t)).await?;
            let (published_at, overall) = (overall.published_at, overall.release);
            let mut colleges = Vec::new();
            let mut sessions = Vec::new();
            for k in keys
                .iter()
                .filter(|k| k.survey == s && k.period.to_string() == p)
            {
                let dimension = k.dimension.to_string();
                match &k.dimension {
                    Dimension::College(c) => {
                        let r = get::<Released>(&table(&dimension), Some(&t)).await?.release;
                        colleges.push((c.clone(), r));
                    }
                    Dimension::Session(code) => {
                        let r = get::<Released>(&table(&dimension), Some(&t)).await?.release;
                        sessions.push((code.clone(), r.contributions));
                    }
                    Dimension::None => {}
                }
            }
            Ok(Some(Loaded {
                survey,
                published_at,
                overall,
                colleges,
                sessions,
            }))
        }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = loaded.get() {
            denied(e);
        }
    });
    let surveys = move || {
        let mut list: Vec<String> = tables.with(|t| t.iter().map(|k| k.survey.clone()).collect());
        list.sort();
        list.dedup();
        list
    };
    let periods = move || {
        let s = survey.get();
        let mut list: Vec<String> = tables.with(|t| {
            t.iter()
                .filter(|k| k.survey == s)
                .map(|k| k.period.to_string())
                .collect()
        });
        list.sort();
        list.dedup();
        list.reverse();
        list
    };
    let figure_bars = Signal::derive(move || {
        let lang = i18n.lang();
        let years = figures.get().unwrap_or_default();
        // The annual survey's headline questions, in its order: (id, label).
        let headlines: Vec<(String, String)> = annual.with(|a| {
            a.iter()
                .flat_map(|s| s.headlines())
                .map(|q| (q.id.clone(), q.label.get(lang).to_owned()))
                .collect()
        });
        Bars {
            categories: years.iter().map(|y| y.year.to_string()).collect(),
            series: headlines
                .into_iter()
                .map(|(id, name)| {
                    (
                        name,
                        years
                            .iter()
                            .map(|y| y.figures.get(&id).map(|n| *n as f64))
                            .collect(),
                    )
                })
                .collect(),
            max: None,
            decimals: 0,
            hidden: tr(lang, Msg::NotReported).to_owned(),
        }
    });
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let content = move || {
        loaded.get().map(|result| match result {
            Ok(Some(l)) => {
                let k = l.overall.threshold;
                let overall = Signal::derive({
                    let r = l.overall.clone();
                    move || r.clone()
                });
                let colleges = Signal::derive({
                    let c = l.colleges.clone();
                    move || c.clone()
                });
                let has_college = l.survey.question(bilan_core::session::COLLEGE_QUESTION).is_some();
                let count = l.overall.contributions;
                let sessions = l.sessions.clone();
                let has = |counted: Counted| {
                    l.overall.questions.iter().any(|q| q.key().is_some_and(|k| k.counted() == counted))
                };
                let (scores, progress, answers) =
                    (has(Counted::Scores), has(Counted::Progress), has(Counted::Answers));
                let frozen = l.published_at.map(Date::from_millis);
                let noise = l.overall.noise;
                view! {
                    <div class="callout board__rule" data-threshold=k>
                        <p class="board__frozen">
                            {move || match frozen {
                                Some(d) => {
                                    tr_with(
                                        i18n.lang(),
                                        Msg::FrozenOn,
                                        &[("date", &d.spoken(i18n.lang()))],
                                    )
                                }
                                None => i18n.t(Msg::NotPublishedYet).to_owned(),
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
                                    tr_with(
                                        i18n.lang(),
                                        Msg::PerturbedNote,
                                        &[("noise", &noise.to_string())],
                                    ),
                                    tr_with(
                                        i18n.lang(),
                                        Msg::WithheldNote,
                                        &[("k", &k.to_string())],
                                    ),
                                )
                            }}
                        </p>
                    </div>
                    {scores
                        .then(|| {
                            view! {
                                <section class="board__section" aria-labelledby="board-indicators">
                                    <h2 class="section-title" id="board-indicators">
                                        {move || i18n.t(Msg::IndicatorDistributions)}
                                    </h2>
                                    <ReleaseCharts
                                        survey=l.survey.clone()
                                        release=overall
                                        counted=Counted::Scores
                                        id="board-scores"
                                    />
                                </section>
                            }
                        })}
                    {progress
                        .then(|| {
                            view! {
                                <section class="board__section" aria-labelledby="board-progress">
                                    <h2 class="section-title" id="board-progress">
                                        {move || i18n.t(Msg::CohortProgress)}
                                    </h2>
                                    <ReleaseCharts
                                        survey=l.survey.clone()
                                        release=overall
                                        counted=Counted::Progress
                                        id="board-progress"
                                    />
                                </section>
                            }
                        })}
                    {answers
                        .then(|| {
                            view! {
                                <section class="board__section" aria-labelledby="board-answers">
                                    <h2 class="section-title" id="board-answers">
                                        {move || i18n.t(Msg::AnswersOverall)}
                                    </h2>
                                    <ReleaseCharts
                                        survey=l.survey.clone()
                                        release=overall
                                        counted=Counted::Answers
                                        id="board-answers"
                                    />
                                </section>
                            }
                        })}
                    {has_college
                        .then(|| {
                            view! {
                                <section
                                    class="board__section board__colleges"
                                    aria-labelledby="board-colleges"
                                >
                                    <h2 class="section-title" id="board-colleges">
                                        {move || i18n.t(Msg::CollegeComparison)}
                                    </h2>
                                    <CollegeComparison
                                        survey=l.survey.clone()
                                        colleges
                                        id="board-colleges"
                                    />
                                </section>
                            }
                        })}
                    {(!sessions.is_empty())
                        .then(|| {
                            view! {
                                <section class="board__section" aria-labelledby="board-sessions">
                                    <h2 class="section-title" id="board-sessions">
                                        {move || i18n.t(Msg::SessionsHeld)}
                                    </h2>
                                    <table class="scores board__sessions">
                                        <thead>
                                            <tr>
                                                <th scope="col">{move || i18n.t(Msg::JoinCode)}</th>
                                                <th scope="col">
                                                    {move || i18n.t(Msg::ParticipantsLabel)}
                                                </th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {sessions
                                                .into_iter()
                                                .map(|(code, n)| {
                                                    let key = code.clone();
                                                    view! {
                                                        <tr data-session=key>
                                                            <th scope="row">{bilan_core::share::spaced_code(&code)}</th>
                                                            <td>
                                                                {n
                                                                    .map(|n| format!("≈\u{a0}{n}"))
                                                                    .unwrap_or_else(|| format!("< {k}"))}
                                                            </td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </section>
                            }
                        })}
                }
                .into_any()
            }
            Ok(None) => view! { <p class="empty">{move || i18n.t(Msg::NoTablesYet)}</p> }.into_any(),
            Err(_) => ().into_any(),
        })
    };
    view! {
        {move || {
            failure
                .get()
                .map(|f| {
                    view! {
                        <p class="callout callout--error" role="alert">
                            {f}
                        </p>
                    }
                })
        }}
        <div class="board__tools no-print">
            <div class="field field--inline">
                <label class="field__label" for="board-survey">
                    {move || i18n.t(Msg::SessionSurvey)}
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
                            .into_iter()
                            .map(|s| {
                                let value = s.clone();
                                let name = move || {
                                    index
                                        .with(|i| {
                                            i.iter()
                                                .find(|l| l.id == s)
                                                .map(|l| l.title.get(i18n.lang()).to_owned())
                                        })
                                        .unwrap_or_else(|| s.clone())
                                };
                                view! { <option value=value>{name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="field field--inline">
                <label class="field__label" for="board-period">
                    {move || i18n.t(Msg::Period)}
                </label>
                <select
                    class="field__select"
                    id="board-period"
                    prop:value=move || period.get()
                    on:change=move |ev| period.set(event_target_value(&ev))
                >
                    {move || {
                        periods()
                            .into_iter()
                            .map(|p| view! { <option value=p.clone()>{p.clone()}</option> })
                            .collect_view()
                    }}
                </select>
            </div>
            <button type="button" class="button board__print" on:click=print>
                {move || i18n.t(Msg::PrintView)}
            </button>
            <button
                type="button"
                class="button button--quiet"
                on:click=move |_| on_denied.run(None)
            >
                {move || i18n.t(Msg::ChangeToken)}
            </button>
        </div>
        <section class="board__section" aria-labelledby="board-figures">
            <h2 class="section-title" id="board-figures">
                {move || i18n.t(Msg::YearlyFigures)}
            </h2>
            {move || {
                figures
                    .get()
                    .map(|_| {
                        view! {
                            <BarChart
                                bars=figure_bars
                                title=Signal::derive(move || i18n.t(Msg::YearlyFigures).to_owned())
                                first_column=Signal::derive(move || i18n.t(Msg::Year).to_owned())
                                file="bilan-chiffres-annuels.png"
                                id="board-figures-table"
                            />
                        }
                    })
            }}
        </section>
        {move || content().unwrap_or_else(|| view! { <p>{i18n.t(Msg::Loading)}</p> }.into_any())}
    }
}
