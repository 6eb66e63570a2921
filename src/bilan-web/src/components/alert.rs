//! An error said where it happened, in the page's error callout, while there is one.

use leptos::prelude::*;

/// The callout with `message`'s words, shown while it holds some; screen readers announce it.
#[component]
pub fn Alert(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|words| {
            view! {
                <p class="callout callout--error" role="alert">
                    {words}
                </p>
            }
        })
    }
}
