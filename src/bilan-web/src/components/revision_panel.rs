//! The facilitator's side of a grid review: what the room said of each question, a decision for
//! each, the room's proposals (on this device only), and the grid's next version written as a
//! survey file once it passes the survey check.

use bilan_core::answer::Answer;
use bilan_core::session::Session;
use bilan_core::session::revision::{self, RevisionError, Said, Verdict};
use bilan_core::{Lang, Survey};
use leptos::prelude::*;

use crate::components::alert::Alert;
use crate::components::loaded::Data;
use crate::i18n::{Msg, Words, tr, tr_with, use_i18n};
use crate::surveys::load_survey;

/// The grid, and what the room said of each of its questions under the results screen's rule.
async fn load(session: &Session) -> Result<(Survey, Vec<(String, Said)>), String> {
    let target = revision::target_of(&session.survey_id).unwrap_or_default();
    let grid = load_survey(target).await?;
    let review =
        crate::surveys::load_session_survey(&session.survey_id, session.survey_version).await?;
    let k = crate::api::threshold().await;
    let local = session.shown(&review, k);
    let server = crate::sessions::server_table(session).await;
    let sent = crate::sessions::totals_sent(session).await;
    let (table, _) = crate::sessions::together(
        &local.all,
        session.responses.len(),
        session.online,
        server.as_ref(),
        sent,
    );
    let said = revision::said(&grid, &table);
    Ok((grid, said))
}

/// Shown on a review session's page.
#[component]
pub fn RevisionPanel(session: Session) -> impl IntoView {
    let i18n = use_i18n();
    let stored = StoredValue::new(session);
    let loaded = Data::new(move || {
        let session = stored.get_value();
        async move { load(&session).await }
    });
    view! {
        <section class="panel revision">
            {move || {
                loaded
                    .get()
                    .map(|result| match result {
                        Ok((grid, said)) => {
                            let proposals = stored
                                .with_value(|s| {
                                    s.responses
                                        .iter()
                                        .filter_map(|r| match r.answers.get(revision::PROPOSAL) {
                                            Some(Answer::Text(t)) if !t.trim().is_empty() => {
                                                Some(t.trim().to_owned())
                                            }
                                            _ => None,
                                        })
                                        .collect::<Vec<_>>()
                                });
                            view! { <Decide grid said proposals /> }.into_any()
                        }
                        Err(e) => {
                            view! {
                                <h2 class="panel__title">{i18n.text(Msg::ReviewTitleShort)}</h2>
                                <p class="callout callout--error" role="alert">
                                    {e}
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn Decide(grid: Survey, said: Vec<(String, Said)>, proposals: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let version = (grid.version + 1).to_string();
    let decided: RwSignal<Vec<(String, Verdict)>> =
        RwSignal::new(said.iter().map(|(q, s)| (q.clone(), s.verdict())).collect());
    let failure = RwSignal::new(None::<Words>);
    let written = RwSignal::new(None::<Words>);
    let grid = StoredValue::new(grid);
    let said = StoredValue::new(said);
    let save = move |_| {
        let outcome = grid.with_value(|g| {
            said.with_value(|s| decided.with_untracked(|d| revision::next_version(g, d, s)))
        });
        match outcome {
            Ok((next, file)) => {
                let name = format!("{}-v{}.toml", next.id, next.version);
                crate::browser::download(&name, "application/toml", &file);
                let count = |v: Verdict| {
                    decided
                        .with_untracked(|d| d.iter().filter(|(_, x)| *x == v).count())
                        .to_string()
                };
                let counts = [Verdict::Keep, Verdict::Reword, Verdict::Drop].map(count);
                failure.set(None);
                written.set(Some(Words::new(move |lang| {
                    let [kept, reworded, dropped] = &counts;
                    tr_with(
                        lang,
                        Msg::ReviewWritten,
                        &[
                            ("file", &name),
                            ("kept", kept),
                            ("reworded", reworded),
                            ("dropped", dropped),
                        ],
                    )
                })));
            }
            Err(e) => {
                written.set(None);
                failure.set(Some(Words::new(move |lang| {
                    grid.with_value(|g| refusal(g, &e, lang))
                })));
            }
        }
    };
    let rows = grid.with_value(|g| {
        g.questions()
            .map(|q| {
                let id = q.id.clone();
                let label = q.label.clone();
                let s = said.with_value(|s| revision::of(s, &id));
                let field = format!("review-{id}");
                let current = {
                    let id = id.clone();
                    move || decided.with(|d| revision::of(d, &id).id())
                };
                let pick = {
                    let id = id.clone();
                    move |ev| {
                        let v = Verdict::from_id(&event_target_value(&ev)).unwrap_or(Verdict::Keep);
                        decided.update(|d| match d.iter_mut().find(|(q, _)| *q == id) {
                            Some((_, was)) => *was = v,
                            None => d.push((id.clone(), v)),
                        });
                    }
                };
                let heard = move || {
                    if s.total() == 0 {
                        i18n.t(Msg::ReviewNotShown).to_owned()
                    } else {
                        i18n.tw(
                            Msg::ReviewSaid,
                            &[
                                ("keep", &s.keep.to_string()),
                                ("reword", &s.reword.to_string()),
                                ("drop", &s.drop.to_string()),
                            ],
                        )
                    }
                };
                let text = label.clone();
                view! {
                    <li class="revision__question" data-question=id.clone()>
                        <label class="revision__label" for=field.clone()>
                            {move || text.get(i18n.lang()).to_owned()}
                        </label>
                        <p class="hint revision__said">{heard}</p>
                        <select
                            class="field__select revision__verdict"
                            id=field
                            prop:value=current
                            on:change=pick
                        >
                            {Verdict::ALL
                                .into_iter()
                                .map(|v| {
                                    view! {
                                        <option value=v
                                            .id()>{move || verdict(i18n.lang(), v)}</option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </li>
                }
            })
            .collect_view()
    });
    let version_title = version.clone();
    view! {
        <h2 class="panel__title">
            {move || i18n.tw(Msg::ReviewTitle, &[("version", &version_title)])}
        </h2>
        <p class="hint">{i18n.text(Msg::ReviewLead)}</p>
        <ol class="revision__questions">{rows}</ol>
        {(!proposals.is_empty())
            .then(|| {
                view! {
                    <h3 class="revision__subtitle">{i18n.text(Msg::ReviewProposals)}</h3>
                    <ul class="revision__proposals">
                        {proposals.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                }
            })}
        <Alert message=failure />
        <p class="revision__written" role="status">
            {move || written.get().map(|w| w.text(i18n.lang()))}
        </p>
        <button type="button" class="button revision__save" on:click=save>
            {move || i18n.tw(Msg::ReviewSave, &[("version", &version)])}
        </button>
    }
}

fn verdict(lang: Lang, v: Verdict) -> &'static str {
    tr(
        lang,
        match v {
            Verdict::Keep => Msg::VerdictKeep,
            Verdict::Reword => Msg::VerdictReword,
            Verdict::Drop => Msg::VerdictDrop,
        },
    )
}

/// Why the version cannot be written, with the questions' labels.
fn refusal(grid: &Survey, e: &RevisionError, lang: Lang) -> String {
    let label = |id: &str| {
        grid.question(id)
            .map_or(id, |q| q.label.get(lang))
            .to_owned()
    };
    match e {
        RevisionError::NeededBy { dropped, by } => tr_with(
            lang,
            Msg::ReviewNeededBy,
            &[("dropped", &label(dropped)), ("by", &label(by))],
        ),
        RevisionError::Empty => tr(lang, Msg::ReviewEmpty).to_owned(),
        RevisionError::Invalid(errors) => {
            tr_with(lang, Msg::ReviewInvalid, &[("errors", &errors.join(" ; "))])
        }
    }
}

/// On a review's results screen: for each question of the grid, what each college shown apart
/// wants most, and how many said so (the college's released table, the usual rule).
#[component]
pub fn ReviewByCollege(
    /// The grid under review.
    grid: Survey,
    /// The review survey (for the colleges' names).
    review: Survey,
    /// Each college's released table.
    #[prop(into)]
    colleges: Signal<Vec<(String, bilan_core::disclosure::Release)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let grid = StoredValue::new(grid);
    let name = StoredValue::new(review);
    let college_name = move |id: &str, lang: Lang| {
        name.with_value(|r| {
            r.question(bilan_core::session::COLLEGE_QUESTION)
                .and_then(|q| q.kind.options().iter().find(|o| o.id == id))
                .map_or_else(|| id.to_owned(), |o| o.label.get(lang).to_owned())
        })
    };
    let said = Memo::new(move |_| {
        colleges.with(|c| {
            grid.with_value(|g| {
                c.iter()
                    .map(|(college, table)| (college.clone(), revision::said(g, table)))
                    .collect::<Vec<_>>()
            })
        })
    });
    view! {
        <div class="table-scroll">
            <table class="scores scores--cards review-colleges">
                <caption>{i18n.text(Msg::ReviewByCollege)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.text(Msg::Question)}</th>
                        {move || {
                            said.with(|s| {
                                s.iter()
                                    .map(|(college, _)| {
                                        let (college, attr) = (college.clone(), college.clone());
                                        view! {
                                            <th scope="col" data-college=attr>
                                                {move || college_name(&college, i18n.lang())}
                                            </th>
                                        }
                                    })
                                    .collect_view()
                            })
                        }}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let lang = i18n.lang();
                        grid.with_value(|g| {
                            g.questions()
                                .map(|q| {
                                    let cells = said
                                        .with(|s| {
                                            s.iter()
                                                .map(|(college, by)| {
                                                    let heard = revision::of(by, &q.id);
                                                    let shown = if heard.total() == 0 {
                                                        "—".to_owned()
                                                    } else {
                                                        let v = heard.verdict();
                                                        let n = match v {
                                                            Verdict::Keep => heard.keep,
                                                            Verdict::Reword => heard.reword,
                                                            Verdict::Drop => heard.drop,
                                                        };
                                                        format!("{} ({n})", verdict(lang, v))
                                                    };
                                                    view! {
                                                        <td
                                                            data-college=college.clone()
                                                            data-label=college_name(college, lang)
                                                        >
                                                            {shown}
                                                        </td>
                                                    }
                                                })
                                                .collect_view()
                                        });
                                    view! {
                                        <tr data-question=q.id.clone()>
                                            <th scope="row">{q.label.get(lang).to_owned()}</th>
                                            {cells}
                                        </tr>
                                    }
                                })
                                .collect_view()
                        })
                    }}
                </tbody>
            </table>
        </div>
    }
}
