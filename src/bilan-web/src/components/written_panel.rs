//! On a session's page, what the kiosk's participants wrote in their own words, for the
//! facilitator to read with the room, as the survey promises them: on this device only, never
//! sent, in an order that says nothing of who wrote what.

use bilan_core::session::Session;
use leptos::prelude::*;

use crate::components::loaded::Data;
use crate::i18n::{Msg, use_i18n};

/// The session's written answers by question, behind a summary that says how many: the page
/// may be on the projector, so they show only once the facilitator opens them. Nothing when
/// nobody wrote anything.
#[component]
pub fn WrittenPanel(session: Session) -> impl IntoView {
    let i18n = use_i18n();
    let written = session.written();
    let count: usize = written.iter().map(|(_, texts)| texts.len()).sum();
    (count > 0).then(move || {
        let (survey_id, version) = (session.survey_id, session.survey_version);
        // The questions' wording, once the survey is read; their ids until then.
        let survey = Data::new(move || {
            let id = survey_id.clone();
            async move { crate::surveys::load_session_survey(&id, version).await.ok() }
        });
        let questions = written
            .into_iter()
            .map(|(question, texts)| {
                let id = question.clone();
                let label = move || {
                    survey
                        .with(|s| {
                            s.as_ref()
                                .and_then(Option::as_ref)
                                .and_then(|s| s.question(&id))
                                .map(|q| q.label.get(i18n.lang()).to_owned())
                        })
                        .unwrap_or_else(|| id.clone())
                };
                view! {
                    <h3 class="written__question" data-question=question>
                        {label}
                    </h3>
                    <ul class="written__texts">
                        {texts.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}
                    </ul>
                }
            })
            .collect_view();
        view! {
            <section class="panel panel--wide written" aria-labelledby="written-title">
                <h2 class="panel__title" id="written-title">
                    {i18n.text(Msg::WrittenTitle)}
                </h2>
                <p class="hint">{i18n.text(Msg::WrittenHelp)}</p>
                <details class="chart__table written__all">
                    <summary>
                        {move || i18n.tw(Msg::WrittenOpen, &[("count", &count.to_string())])}
                    </summary>
                    {questions}
                </details>
            </section>
        }
    })
}
