//! A button whose act cannot be undone asks first, in place.

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};

/// The button `label`; pressed, it gives way to `question` with « Annuler » and the button `act`,
/// and only that one runs `on_confirm`. Screen readers hear the question at once.
#[component]
pub fn Confirm(
    /// The first button's words.
    label: Msg,
    /// The first button's classes (one names it for styles and tests).
    class: &'static str,
    /// What the person is asked, read reactively.
    #[prop(into)]
    question: Signal<String>,
    /// The button that acts, and its classes (`button--danger` for a deletion).
    act: Msg,
    act_class: &'static str,
    #[prop(into)] on_confirm: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(false);
    view! {
        <Show
            when=move || asking.get()
            fallback=move || {
                view! {
                    <button type="button" class=class on:click=move |_| asking.set(true)>
                        {i18n.text(label)}
                    </button>
                }
            }
        >
            <div class="confirm" role="alertdialog" aria-live="assertive">
                <p>{move || question.get()}</p>
                <div class="confirm__actions">
                    <button
                        type="button"
                        class="button button--quiet"
                        on:click=move |_| asking.set(false)
                    >
                        {i18n.text(Msg::Cancel)}
                    </button>
                    <button type="button" class=act_class on:click=move |_| on_confirm.run(())>
                        {i18n.text(act)}
                    </button>
                </div>
            </div>
        </Show>
    }
}
