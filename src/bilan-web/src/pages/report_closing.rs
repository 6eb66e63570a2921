//! The annual report's closing parts: the collective sessions held, with the participatory
//! review by college, and the method in plain words.

use bilan_core::session::Format;
use leptos::prelude::*;

use crate::board::Published;
use crate::components::results::CollegeComparison;
use crate::i18n::{Msg, use_i18n};
use crate::report::Report;

use super::held_sessions::HeldSessions;

/// The collective sessions held, by format and one by one, and the participatory review.
#[component]
pub(super) fn Sessions(s: Published, k: u64) -> impl IntoView {
    let i18n = use_i18n();
    let mut formats: Vec<(Option<Format>, usize, u64)> = Vec::new();
    for (code, n) in &s.sessions {
        let format = s
            .held
            .iter()
            .find(|h| &h.code == code)
            .and_then(|h| Format::from_id(&h.format));
        match formats.iter_mut().find(|(f, _, _)| *f == format) {
            Some(row) => {
                row.1 += 1;
                row.2 += n.unwrap_or(0);
            }
            None => formats.push((format, 1, n.unwrap_or(0))),
        }
    }
    bilan_core::order::sort_by_key(&mut formats, |(f, _, _)| {
        f.map(|f| Format::ALL.iter().position(|x| *x == f))
    });
    let colleges = Signal::derive({
        let c = s.colleges.clone();
        move || c.clone()
    });
    let has_review = !s.colleges.is_empty();
    view! {
        <section class="report__part" aria-labelledby="report-sessions">
            <h2 class="section-title" id="report-sessions">
                {i18n.text(Msg::ReportSessions)}
            </h2>
            <h3 class="subsection-title">{i18n.text(Msg::ReportByFormat)}</h3>
            <div class="table-scroll">
                <table class="scores report__formats">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.text(Msg::SessionFormat)}</th>
                            <th scope="col">{i18n.text(Msg::ReportSessionsCount)}</th>
                            <th scope="col">{i18n.text(Msg::ParticipantsLabel)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {formats
                            .into_iter()
                            .map(|(format, count, people)| {
                                view! {
                                    <tr>
                                        <th scope="row">
                                            {move || {
                                                format
                                                    .map(|f| f.label(i18n.lang()).to_owned())
                                                    .unwrap_or_else(|| "—".into())
                                            }}
                                        </th>
                                        <td>{count}</td>
                                        <td>{format!("≈\u{a0}{people}")}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <HeldSessions sessions=s.sessions.clone() held=s.held.clone() k />
        </section>
        {has_review
            .then(|| {
                view! {
                    <section class="report__part report__review" aria-labelledby="report-review">
                        <h2 class="section-title" id="report-review">
                            {i18n.text(Msg::ReportReview)}
                        </h2>
                        <CollegeComparison survey=s.survey.clone() colleges id="report-colleges" />
                    </section>
                }
            })}
    }
}

/// The method in plain words: who answered, the threshold, the perturbation, "not published",
/// the survey versions.
#[component]
pub(super) fn Method(r: StoredValue<Report>) -> impl IntoView {
    let i18n = use_i18n();
    let (k, noise, demo) = r.with_value(|r| (r.threshold, r.noise, r.demo));
    let versions = move || {
        let lang = i18n.lang();
        r.with_value(|r| {
            let listed = r
                .holders
                .iter()
                .chain(&r.sessions)
                .map(|p| {
                    let versions = bilan_core::words::versions_label(&p.versions, lang);
                    format!("{} ({versions})", p.survey.title.get(lang))
                })
                .collect::<Vec<_>>();
            bilan_core::words::listed(&listed.iter().map(String::as_str).collect::<Vec<_>>(), lang)
        })
    };
    let k_text = k.to_string();
    view! {
        <section class="report__part report__method" aria-labelledby="report-method">
            <h2 class="section-title" id="report-method">
                {i18n.text(Msg::ReportMethod)}
            </h2>
            <p>{i18n.text(Msg::ReportMethodWho)}</p>
            <p>
                {
                    let k = k_text.clone();
                    move || i18n.tw(Msg::ReportMethodK, &[("k", &k)])
                }
            </p>
            <p>{move || i18n.tw(Msg::ReportMethodNoise, &[("noise", &noise.to_string())])}</p>
            <p>
                {
                    let k = k_text.clone();
                    move || i18n.tw(Msg::ReportMethodNp, &[("k", &k)])
                }
            </p>
            {move || {
                let list = versions();
                (!list.is_empty())
                    .then(|| {
                        view! { <p>{i18n.tw(Msg::ReportMethodVersions, &[("list", &list)])}</p> }
                    })
            }}
            {demo.then(|| view! { <p class="report__demo">{i18n.text(Msg::ReportMethodDemo)}</p> })}
        </section>
    }
}
