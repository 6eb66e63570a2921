//! The sessions held in a period, as the board and its annual report list them.

use bilan_core::calendar::Date;
use bilan_core::session::Format;
use bilan_core::wire::HeldSession;
use leptos::prelude::*;

use crate::i18n::{Msg, typeset, use_i18n};

/// The sessions of the table's period: day, format, code and how many took part, the most
/// recent first. Their titles stay on the facilitators' devices.
#[component]
pub(super) fn HeldSessions(
    sessions: Vec<(String, Option<u64>)>,
    held: Vec<HeldSession>,
    k: u64,
) -> impl IntoView {
    let i18n = use_i18n();
    let mut rows: Vec<(Option<HeldSession>, String, Option<u64>)> = sessions
        .into_iter()
        .map(|(code, n)| (held.iter().find(|h| h.code == code).cloned(), code, n))
        .collect();
    bilan_core::order::sort_by(&mut rows, |a, b| {
        let day = |r: &(Option<HeldSession>, String, Option<u64>)| {
            r.0.as_ref().map(|h| h.day.clone()).unwrap_or_default()
        };
        day(b).cmp(&day(a)).then_with(|| a.1.cmp(&b.1))
    });
    view! {
        <section class="board__section" aria-labelledby="board-sessions">
            <h2 class="section-title" id="board-sessions">
                {i18n.text(Msg::SessionsHeld)}
            </h2>
            <div class="table-scroll">
                <table class="scores scores--cards board__sessions">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.text(Msg::Date)}</th>
                            <th scope="col">{i18n.text(Msg::SessionFormat)}</th>
                            <th scope="col">{i18n.text(Msg::JoinCode)}</th>
                            <th scope="col">{i18n.text(Msg::ParticipantsLabel)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|(held, code, n)| {
                                let day = held.as_ref().and_then(|h| Date::parse_iso(&h.day));
                                let format = held.as_ref().and_then(|h| Format::from_id(&h.format));
                                view! {
                                    <tr data-session=code.clone()>
                                        <td>
                                            {move || {
                                                typeset(
                                                    day
                                                        .map(|d| d.spoken(i18n.lang()))
                                                        .unwrap_or_else(|| "—".into()),
                                                )
                                            }}
                                        </td>
                                        <td>
                                            {move || {
                                                format
                                                    .map(|f| f.label(i18n.lang()).to_owned())
                                                    .unwrap_or_else(|| "—".into())
                                            }}
                                        </td>
                                        <th scope="row">{bilan_core::share::spaced_code(&code)}</th>
                                        <td data-label=i18n
                                            .text(
                                                Msg::ParticipantsLabel,
                                            )>
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
            </div>
        </section>
    }
}
