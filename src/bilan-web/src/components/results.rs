//! Released tables as charts, shared by the projector's live screen and the board's dashboard:
//! buckets named as the survey names them, withheld cells marked as such, colleges compared.

use bilan_core::bucket::{CellKey, Counted};
use bilan_core::disclosure::{Release, ReleasedQuestion};
use bilan_core::session::{Agreement, COLLEGE_QUESTION, Spread, consensus};
use bilan_core::survey::Kind;
use bilan_core::wire::YearFigures;
use bilan_core::{Lang, Survey};
use leptos::prelude::*;

use crate::charts::{BarChart, Bars};
use crate::i18n::{Msg, tr, tr_with, use_i18n};

pub use bilan_core::words::{bucket_label, buckets, key_title};

/// The yearly figures as bars: one row per year, one bar per headline question of the annual
/// survey, in its order; a figure a year did not report is marked as such.
pub fn figure_bars(years: &[YearFigures], annual: Option<&Survey>, lang: Lang) -> Bars {
    let headlines: Vec<(String, String)> = annual
        .iter()
        .flat_map(|s| s.headlines())
        .map(|q| (q.id.clone(), q.label.get(lang).to_owned()))
        .collect();
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
}

/// What a withheld cell says, with the threshold.
pub fn hidden_label(lang: Lang, k: u64) -> String {
    tr_with(lang, Msg::WithheldBelow, &[("k", &k.to_string())])
}

/// One released question as bars: a bucket missing from a partial question is withheld, never
/// zero; missing from a complete one, it is a real zero.
pub fn question_bars(
    survey: &Survey,
    q: &ReleasedQuestion,
    lang: Lang,
    k: u64,
) -> Option<(String, Bars)> {
    let (title, list) = buckets(survey, &q.key()?, lang)?;
    let values = list
        .iter()
        .map(
            |(bucket, _)| match q.cells.iter().find(|c| c.bucket == bucket.as_str()) {
                Some(c) => Some(c.count as f64),
                None if q.partial => None,
                None => Some(0.0),
            },
        )
        .collect();
    Some((
        title,
        Bars {
            categories: list.into_iter().map(|(_, label)| label).collect(),
            series: vec![(tr(lang, Msg::AnswersCount).to_owned(), values)],
            max: None,
            decimals: 0,
            hidden: hidden_label(lang, k),
        },
    ))
}

/// Every released question of a table as a chart with its table, in the survey's order. Each
/// chart stays on the page as the table changes and is only redrawn.
#[component]
pub fn ReleaseCharts(
    survey: Survey,
    #[prop(into)] release: Signal<Release>,
    /// Which keys: the survey's own questions, the scores or the progress.
    counted: Counted,
    /// Prefix of the tables' ids, unique on the page.
    id: &'static str,
    /// What each chart's PNG and CSV are named after, before the question (e.g. the survey and
    /// the period).
    #[prop(optional, into)]
    file_prefix: Option<String>,
    /// The position of the one question shown alone (a projector showing one at a time, the
    /// count wrapping round), or `None` for all of them.
    #[prop(optional, into)]
    only: Option<Signal<Option<i64>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let survey = StoredValue::new(survey);
    let prefix = StoredValue::new(file_prefix.unwrap_or_else(|| "bilan-resultats".into()));
    let questions = Memo::new(move |_| {
        release.with(|r| {
            survey.with_value(|s| {
                let mut keys: Vec<CellKey> = r
                    .questions
                    .iter()
                    .filter_map(|q| q.key())
                    .filter(|key| key.counted() == counted)
                    .filter(|key| bilan_core::bucket::buckets(s, key).is_some())
                    .collect();
                let position = |key: &CellKey| {
                    key.question()
                        .and_then(|id| s.questions().position(|x| x.id == id))
                        .unwrap_or(usize::MAX)
                };
                bilan_core::order::sort_by_key(&mut keys, |key| (position(key), key.clone()));
                keys.into_iter()
                    .map(|key| key.to_string())
                    .collect::<Vec<_>>()
            })
        })
    });
    // The key of the question shown alone, if one is.
    let alone = Memo::new(move |_| {
        let at = only.and_then(|o| o.get())?;
        questions.with(|qs| {
            let n = i64::try_from(qs.len()).ok().filter(|n| *n > 0)?;
            usize::try_from(at.rem_euclid(n))
                .ok()
                .and_then(|i| qs.get(i).cloned())
        })
    });
    let chart = move |question: String| {
        let key = StoredValue::new(question.clone());
        let hidden = {
            let question = question.clone();
            move || alone.with(|a| a.as_ref().is_some_and(|a| *a != question))
        };
        let drawn = Memo::new(move |_| {
            let lang = i18n.lang();
            release.with(|r| {
                let k = r.threshold;
                r.questions
                    .iter()
                    .find(|q| key.with_value(|id| &q.question == id))
                    .and_then(|q| survey.with_value(|s| question_bars(s, q, lang, k)))
                    .unwrap_or_default()
            })
        });
        let title = Signal::derive(move || drawn.with(|(title, _)| title.clone()));
        let bars = Signal::derive(move || drawn.with(|(_, bars)| bars.clone()));
        view! {
            <div
                class="results__item"
                class:results__item--hidden=hidden
                data-question=question.clone()
            >
                <BarChart
                    bars
                    title
                    first_column=i18n.signal(Msg::Answer)
                    file=format!("{}-{}.png", prefix.get_value(), question.replace(':', "-"))
                    id=format!("{id}-{}", question.replace(':', "-"))
                />
            </div>
        }
    };
    view! {
        <div class="results">
            <For each=move || questions.get() key=|q| q.clone() children=chart />
        </div>
    }
}

/// The college comparison of a participatory review: each college's mean level per scale question
/// (withheld below k), and where the colleges agree or diverge.
#[component]
pub fn CollegeComparison(
    survey: Survey,
    /// Each college's released table.
    #[prop(into)]
    colleges: Signal<Vec<(String, Release)>>,
    /// Unique id prefix on the page.
    id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let survey = StoredValue::new(survey);
    let names = move |lang: Lang| -> Vec<(String, String)> {
        survey.with_value(|s| {
            s.question(COLLEGE_QUESTION)
                .map(|q| {
                    q.kind
                        .options()
                        .iter()
                        .map(|o| (o.id.clone(), o.label.get(lang).to_owned()))
                        .collect()
                })
                .unwrap_or_default()
        })
    };
    let spreads = Memo::new(move |_| colleges.with(|c| survey.with_value(|s| consensus(s, c))));
    let bars = Signal::derive(move || {
        let lang = i18n.lang();
        let names = names(lang);
        let k = colleges.with(|c| c.first().map(|(_, r)| r.threshold).unwrap_or(5));
        let spreads = spreads.get();
        let categories = survey.with_value(|s| {
            spreads
                .iter()
                .map(|sp| {
                    s.question(&sp.question)
                        .map(|q| q.label.get(lang).to_owned())
                        .unwrap_or_default()
                })
                .collect()
        });
        // A college none of whose means is published is not drawn: one line names it.
        let series: Vec<(String, Vec<Option<f64>>)> = colleges.with(|c| {
            c.iter()
                .enumerate()
                .map(|(i, (college, _))| {
                    let name = names
                        .iter()
                        .find(|(id, _)| id == college)
                        .map(|(_, n)| n.clone())
                        .unwrap_or_else(|| college.clone());
                    (
                        name,
                        spreads
                            .iter()
                            .map(|sp| sp.means.get(i).and_then(|(_, m)| *m))
                            .collect::<Vec<_>>(),
                    )
                })
                .filter(|(_, means)| means.iter().any(Option::is_some))
                .collect()
        });
        let max = survey.with_value(|s| {
            s.questions()
                .filter_map(|q| match q.kind {
                    Kind::Scale { max, .. } => Some(max as f64),
                    _ => None,
                })
                .fold(1.0, f64::max)
        });
        Bars {
            categories,
            series,
            max: Some(max),
            decimals: 1,
            hidden: hidden_label(lang, k),
        }
    });
    let verdicts = move || {
        let lang = i18n.lang();
        spreads
            .get()
            .into_iter()
            .map(|sp: Spread| {
                let label = survey.with_value(|s| {
                    s.question(&sp.question)
                        .map(|q| q.label.get(lang).to_owned())
                        .unwrap_or_default()
                });
                let (word, class) = match sp.agreement {
                    Agreement::Agree => (Msg::Agree, "verdict verdict--agree"),
                    Agreement::Nuanced => (Msg::Nuanced, "verdict verdict--nuanced"),
                    Agreement::Diverge => (Msg::Diverge, "verdict verdict--diverge"),
                    Agreement::Unknown => (Msg::NotEnoughColleges, "verdict"),
                };
                // No gap without two colleges' means: a dash in the table, nothing on a card.
                let (gap, gap_label, gap_class) = match sp.gap {
                    Some(g) => (
                        crate::charts::decimal(g, 1, lang),
                        Some(tr(lang, Msg::Gap)),
                        "",
                    ),
                    None => ("—".into(), None, "consensus__no-gap"),
                };
                view! {
                    <tr data-question=sp.question.clone()>
                        <th scope="row">{label}</th>
                        <td>
                            <span class=class>{tr(lang, word)}</span>
                        </td>
                        <td class=gap_class data-label=gap_label>
                            {gap}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let withheld = move || {
        let lang = i18n.lang();
        let names = names(lang);
        let hidden: Vec<String> = colleges.with(|c| {
            spreads.with(|spreads| {
                c.iter()
                    .enumerate()
                    .filter(|(i, _)| {
                        spreads
                            .iter()
                            .all(|sp| sp.means.get(*i).and_then(|(_, m)| *m).is_none())
                    })
                    .map(|(_, (college, _))| {
                        names
                            .iter()
                            .find(|(id, _)| id == college)
                            .map(|(_, n)| n.clone())
                            .unwrap_or_else(|| college.clone())
                    })
                    .collect()
            })
        });
        let k = colleges.with(|c| c.first().map(|(_, r)| r.threshold).unwrap_or(5));
        (!hidden.is_empty()).then(|| {
            view! {
                <p class="hint college-comparison__withheld">
                    {tr_with(
                        lang,
                        Msg::CollegesWithheld,
                        &[
                            (
                                "list",
                                &bilan_core::words::listed(
                                    &hidden.iter().map(String::as_str).collect::<Vec<_>>(),
                                    lang,
                                ),
                            ),
                            ("k", &k.to_string()),
                        ],
                    )}
                </p>
            }
        })
    };
    view! {
        <div class="college-comparison">
            {withheld}
            <BarChart
                bars
                title=i18n.signal(Msg::CollegeMeans)
                first_column=i18n.signal(Msg::Question)
                file="bilan-colleges.png"
                id=format!("{id}-means")
            /> <h3 class="subsection-title">{i18n.text(Msg::Consensus)}</h3>
            <div class="table-scroll">
                <table class="scores scores--cards consensus">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.text(Msg::Question)}</th>
                            <th scope="col">{i18n.text(Msg::Colleges)}</th>
                            <th scope="col">{i18n.text(Msg::Gap)}</th>
                        </tr>
                    </thead>
                    <tbody>{verdicts}</tbody>
                </table>
            </div>
        </div>
    }
}
