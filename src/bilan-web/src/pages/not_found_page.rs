//! What an unknown address shows.

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
