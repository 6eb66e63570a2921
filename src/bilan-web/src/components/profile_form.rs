//! The form that creates a local profile: a pseudonym and a project name, nothing more.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{Msg, use_i18n};

/// Asks for a pseudonym and a project name; `on_create` receives both, trimmed, when filled in.
#[component]
pub fn ProfileForm(
    /// Called with (pseudonym, project) when the form is submitted complete.
    #[prop(into)]
    on_create: Callback<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pseudonym = RwSignal::new(String::new());
    let project = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let missing = move |field: RwSignal<String>| tried.get() && field.read().trim().is_empty();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let (p, q) = (
            pseudonym.get().trim().to_owned(),
            project.get().trim().to_owned(),
        );
        if p.is_empty() || q.is_empty() {
            let first = if p.is_empty() {
                "profile-pseudonym"
            } else {
                "profile-project"
            };
            if let Some(el) = document().get_element_by_id(first) {
                let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            }
            return;
        }
        on_create.run((p, q));
        pseudonym.set(String::new());
        project.set(String::new());
        tried.set(false);
    };
    let field = move |id: &'static str, label: Msg, value: RwSignal<String>| {
        let error_id = format!("{id}-error");
        view! {
            <div class="field">
                <label class="field__label" for=id>
                    {i18n.text(label)}
                </label>
                <input
                    class="field__input"
                    id=id
                    type="text"
                    maxlength="80"
                    autocomplete="off"
                    bind:value=value
                    aria-invalid=move || missing(value).to_string()
                    aria-describedby=error_id.clone()
                />
                <p class="field__error" id=error_id role="alert">
                    {move || missing(value).then(|| i18n.t(Msg::FieldRequired))}
                </p>
            </div>
        }
    };
    view! {
        <form class="panel" on:submit=submit novalidate>
            <h2 class="panel__title">{i18n.text(Msg::NewProfile)}</h2>
            {field("profile-pseudonym", Msg::Pseudonym, pseudonym)}
            {field("profile-project", Msg::ProjectName, project)}
            <p class="hint hint--private">{i18n.text(Msg::ProfilePrivacy)}</p>
            <button class="button" type="submit">
                {i18n.text(Msg::CreateProfile)}
            </button>
        </form>
    }
}
