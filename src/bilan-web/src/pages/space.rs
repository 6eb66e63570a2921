//! The layout shared by the three spaces while they are being built.

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};

/// A space's heading, what it is for, and a note that it is being built.
#[component]
pub fn SpaceIntro(
    /// The space's title.
    title: Msg,
    /// One paragraph saying what the space will hold.
    intro: Msg,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1 class="page__title">{move || i18n.t(title)}</h1>
            <p class="page__lead">{move || i18n.t(intro)}</p>
            <p class="callout">{move || i18n.t(Msg::ComingSoon)}</p>
        </section>
    }
}
