//! « Vos données »: what Bilan keeps on the device, what leaves it and only with consent, what
//! the board sees, and how to erase; the promise in the words of the people it is made to,
//! which `docs/privacy.md` backs attack by attack.

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};
use crate::status::{StorageState, use_status};

/// The page the footer's « Comment Bilan les protège » opens.
#[component]
pub fn DataPage() -> impl IntoView {
    let i18n = use_i18n();
    // Whether this browser agreed to keep the data, as the footer says it, here where the
    // page says what it means.
    let storage = use_status().storage;
    let kept = move || {
        let (tone, said) = match storage.get() {
            StorageState::Opening => return None,
            StorageState::Ready { persisted: true } => ("ok", Msg::StoragePersisted),
            StorageState::Ready { persisted: false } => ("warn", Msg::StorageNotPersisted),
            StorageState::Failed(_) => ("error", Msg::StorageUnavailable),
        };
        Some(view! {
            <p class="storage-notice data__kept" data-tone=tone>
                {i18n.text(said)}
            </p>
        })
    };
    let part = move |id: &'static str, title: Msg, body: &[Msg], after: Option<AnyView>| {
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
                {after}
            </section>
        }
    };
    view! {
        <section class="page data">
            <h1 class="page__title">{i18n.text(Msg::YourDataTitle)}</h1>
            <p class="page__lead">{i18n.text(Msg::YourDataLead)}</p>
            {part(
                "data-kept",
                Msg::YourDataKeptTitle,
                &[Msg::YourDataKept, Msg::YourDataKeptSafe],
                Some(kept.into_any()),
            )}
            {part(
                "data-shared",
                Msg::YourDataSharedTitle,
                &[Msg::YourDataShared, Msg::YourDataNever],
                None,
            )}
            {part("data-board", Msg::YourDataBoardTitle, &[Msg::YourDataBoard], None)}
            {part("data-sessions", Msg::YourDataSessionsTitle, &[Msg::YourDataSessions], None)}
            {part("data-erase", Msg::YourDataEraseTitle, &[Msg::YourDataErase], None)}
        </section>
    }
}
