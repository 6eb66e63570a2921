//! Beside a date field, its day in words: the field writes a date as the browser's language does
//! (12/04/2026 in an American browser, for 4 December), the page in its own.

use bilan_core::calendar::Date;
use leptos::prelude::*;

use crate::i18n::{typeset, use_i18n};

/// The day of `value` (`YYYY-MM-DD`, as a date field gives it) with its weekday, or nothing
/// while the field holds no whole date; `id` lets the field name it as its description.
#[component]
pub fn DateSaid(#[prop(into)] value: Signal<String>, id: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="hint field__said" id=id>
            {move || {
                value
                    .with(|v| Date::parse_iso(v))
                    .map(|d| typeset(d.spoken_with_weekday(i18n.lang())))
            }}
        </p>
    }
}
