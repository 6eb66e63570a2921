//! « Imprimer ou enregistrer en PDF »: the browser's print dialog, for the pages laid out for
//! paper (the annual report, a session's questionnaire).

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};

/// The button that opens the browser's print dialog; `class` is the page's own name for it.
#[component]
pub fn PrintButton(class: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class=format!("button {class}")
            on:click=|_| {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            }
        >
            {i18n.text(Msg::PrintView)}
        </button>
    }
}
