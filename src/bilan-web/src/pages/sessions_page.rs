//! The space for facilitators.

use leptos::prelude::*;

use super::space::SpaceIntro;
use crate::i18n::Msg;

/// The space for facilitators.
#[component]
pub fn SessionsPage() -> impl IntoView {
    view! { <SpaceIntro title=Msg::SessionsTitle intro=Msg::SessionsIntro /> }
}
