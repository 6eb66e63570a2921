//! What an unknown address shows, and a page this device cannot load.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Msg, use_i18n};

/// The page for an address that matches no route.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1 class="page__title">{i18n.text(Msg::NotFoundTitle)}</h1>
            <p class="page__lead">{i18n.text(Msg::NotFoundBody)}</p>
            <A href="/" attr:class="button">
                {i18n.text(Msg::BackHome)}
            </A>
        </section>
    }
}

/// A page whose code the browser could not load: it is not kept on this device (yet, or ever:
/// the board's pages need the server anyway) and the network does not answer. Trying again
/// reloads the page, which the service worker serves offline.
#[component]
pub fn UnloadedPage() -> impl IntoView {
    let i18n = use_i18n();
    // A survey painted before the app ran gives way: the page cannot go on from it.
    crate::browser::take_over_prepainted();
    let reload = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <section class="page">
            <h1 class="page__title">{i18n.text(Msg::PageUnloadedTitle)}</h1>
            <p class="page__lead" role="alert">
                {i18n.text(Msg::PageUnloadedBody)}
            </p>
            <div class="page__actions">
                <button type="button" class="button" on:click=reload>
                    {i18n.text(Msg::Retry)}
                </button>
                <A href="/" attr:class="button button--quiet">
                    {i18n.text(Msg::BackHome)}
                </A>
            </div>
        </section>
    }
}
