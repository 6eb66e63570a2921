//! An error said where it happened, in the page's error callout, while there is one; and the
//! button that closes a notice said once.

use leptos::prelude::*;

use crate::i18n::{Msg, Words, use_i18n};

/// The callout with `message`'s words, shown while it holds some; screen readers announce it.
#[component]
pub fn Alert(#[prop(into)] message: Signal<Option<Words>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        message.get().map(|words| {
            view! {
                <p class="callout callout--error" role="alert">
                    {words.text(i18n.lang())}
                </p>
            }
        })
    }
}

/// The "×" that closes a callout for good, named for screen readers.
#[component]
pub fn CloseButton(#[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="button button--quiet callout__close"
            aria-label=i18n.text(Msg::Dismiss)
            on:click=move |_| on_close.run(())
        >
            "×"
        </button>
    }
}
