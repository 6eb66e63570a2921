//! « Vos données »: what Bilan keeps on the device, what leaves it and only with consent, what
//! the board sees, and how to erase; the promise in the words of the people it is made to,
//! which `docs/privacy.md` backs attack by attack.

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};

/// The page the footer's « Comment Bilan les protège » opens.
#[component]
pub fn DataPage() -> impl IntoView {
    let i18n = use_i18n();
    let part = move |id: &'static str, title: Msg, body: &[Msg]| {
        let body: Vec<_> = body
            .iter()
            .map(|&said| view! { <p>{i18n.text(said)}</p> })
            .collect();
        view! {
            <section class="card data__part" aria-labelledby=id>
                <h2 class="card__title" id=id>
                    {i18n.text(title)}
                </h2>
                {body}
            </section>
        }
    };
    view! {
        <section class="page data">
            <h1 class="page__title">{i18n.text(Msg::YourDataTitle)}</h1>
            <p class="page__lead">{i18n.text(Msg::YourDataLead)}</p>
            {part("data-kept", Msg::YourDataKeptTitle, &[Msg::YourDataKept, Msg::YourDataKeptSafe])}
            {part(
                "data-shared",
                Msg::YourDataSharedTitle,
                &[Msg::YourDataShared, Msg::YourDataNever],
            )}
            {part("data-board", Msg::YourDataBoardTitle, &[Msg::YourDataBoard])}
            {part("data-sessions", Msg::YourDataSessionsTitle, &[Msg::YourDataSessions])}
            {part("data-erase", Msg::YourDataEraseTitle, &[Msg::YourDataErase])}
        </section>
    }
}
