//! The form that creates a local profile, or renames one: a pseudonym and a project name,
//! nothing more.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{Msg, use_i18n};

/// A profile being renamed: its names to start from, and what « Annuler » does.
pub struct Renaming {
    /// The profile's id, which names the fields apart from the new profile's form.
    pub id: String,
    pub pseudonym: String,
    pub project: String,
    pub on_cancel: Callback<()>,
}

/// Asks for a pseudonym and a project name; `on_submit` receives both, trimmed, when filled in.
/// Given `renaming`, the fields start from a profile's names and the form saves them.
#[component]
pub fn ProfileForm(
    /// Called with (pseudonym, project) when the form is submitted complete.
    #[prop(into)]
    on_submit: Callback<(String, String)>,
    #[prop(optional)] renaming: Option<Renaming>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (prefix, start, cancel) = match renaming {
        Some(r) => (
            format!("profile-{}", r.id),
            (r.pseudonym, r.project),
            Some(r.on_cancel),
        ),
        None => ("profile".to_owned(), Default::default(), None),
    };
    let editing = cancel.is_some();
    let pseudonym = RwSignal::new(start.0);
    let project = RwSignal::new(start.1);
    let tried = RwSignal::new(false);
    let missing = move |field: RwSignal<String>| tried.get() && field.read().trim().is_empty();
    let ids = StoredValue::new([format!("{prefix}-pseudonym"), format!("{prefix}-project")]);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let (p, q) = (
            pseudonym.get().trim().to_owned(),
            project.get().trim().to_owned(),
        );
        if p.is_empty() || q.is_empty() {
            let first = ids.with_value(|[a, b]| if p.is_empty() { a.clone() } else { b.clone() });
            if let Some(el) = document().get_element_by_id(&first) {
                let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            }
            return;
        }
        on_submit.run((p, q));
        if !editing {
            pseudonym.set(String::new());
            project.set(String::new());
            tried.set(false);
        }
    };
    let field = move |id: String, label: Msg, value: RwSignal<String>| {
        let error_id = format!("{id}-error");
        view! {
            <div class="field">
                <label class="field__label" for=id.clone()>
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
    let [first, second] = ids.get_value();
    view! {
        <form class=if editing { "profile-edit" } else { "panel" } on:submit=submit novalidate>
            {(!editing)
                .then(|| view! { <h2 class="panel__title">{i18n.text(Msg::NewProfile)}</h2> })}
            {field(first, Msg::Pseudonym, pseudonym)}
            {field(second, Msg::ProjectName, project)}
            <p class="hint hint--private">{i18n.text(Msg::ProfilePrivacy)}</p>
            <div class="card__actions">
                <button class="button" type="submit">
                    {i18n.text(if editing { Msg::Save } else { Msg::CreateProfile })}
                </button>
                {cancel
                    .map(|cancel| {
                        view! {
                            <button
                                type="button"
                                class="button button--quiet"
                                on:click=move |_| cancel.run(())
                            >
                                {i18n.text(Msg::Cancel)}
                            </button>
                        }
                    })}
            </div>
        </form>
    }
}
