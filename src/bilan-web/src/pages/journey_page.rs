//! The space for project holders.

use leptos::prelude::*;

use super::space::SpaceIntro;
use crate::i18n::Msg;

/// The space for project holders.
#[component]
pub fn JourneyPage() -> impl IntoView {
    view! { <SpaceIntro title=Msg::JourneyTitle intro=Msg::JourneyIntro /> }
}
