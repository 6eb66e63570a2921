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
    // Focus follows the question, as a keyboard needs: into it when it opens (on « Annuler »,
    // the answer that changes nothing), back to the button that opened it when it is cancelled.
    let ask = move |ev: leptos::ev::MouseEvent, open: bool, then: &'static str| {
        asking.set(open);
        crate::browser::focus_within(&ev, ".confirm-slot", then);
    };
    view! {
        <div class="confirm-slot">
            <Show
                when=move || asking.get()
                fallback=move || {
                    view! {
                        <button
                            type="button"
                            class=class
                            on:click=move |ev| ask(ev, true, ".confirm .button--quiet")
                        >
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
                            on:click=move |ev| ask(ev, false, "button")
                        >
                            {i18n.text(Msg::Cancel)}
                        </button>
                        <button type="button" class=act_class on:click=move |_| on_confirm.run(())>
                            {i18n.text(act)}
                        </button>
                    </div>
                </div>
            </Show>
        </div>
    }
}
