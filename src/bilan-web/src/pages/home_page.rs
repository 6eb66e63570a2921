//! The home page: what Bilan is and a way into each space.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Msg, use_i18n};

/// The landing page, with one card per space.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let spaces = [
        (
            "/parcours",
            Msg::JourneyTitle,
            Msg::JourneyIntro,
            Msg::GoJourney,
            "journey",
        ),
        (
            "/seances",
            Msg::SessionsTitle,
            Msg::SessionsIntro,
            Msg::GoSessions,
            "sessions",
        ),
        (
            "/tableau-de-bord",
            Msg::BoardTitle,
            Msg::BoardIntro,
            Msg::GoBoard,
            "board",
        ),
    ];
    view! {
        <section class="page">
            <h1 class="page__title">{i18n.text(Msg::HomeTitle)}</h1>
            <p class="page__lead">{i18n.text(Msg::HomeIntro)}</p>
            // A participant told « open Bilan and type the code » lands here, where no card
            // speaks to them: the code goes straight to the session.
            <super::JoinForm />
            <ul class="cards">
                {spaces
                    .into_iter()
                    .map(|(href, title, intro, action, kind)| {
                        view! {
                            <li class="card" data-space=kind>
                                <h2 class="card__title">{i18n.text(title)}</h2>
                                <p class="card__body">{i18n.text(intro)}</p>
                                <A href=href attr:class="button">
                                    {i18n.text(action)}
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
