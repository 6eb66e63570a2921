//! The space for the board.

use leptos::prelude::*;

use super::space::SpaceIntro;
use crate::i18n::Msg;

/// The space for the board.
#[component]
pub fn BoardPage() -> impl IntoView {
    view! { <SpaceIntro title=Msg::BoardTitle intro=Msg::BoardIntro /> }
}
