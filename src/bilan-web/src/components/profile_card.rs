//! One profile in the list, with its deletion behind a confirmation.

use bilan_core::calendar::Date;
use bilan_core::reading::Profile;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Msg, use_i18n};

/// A profile's pseudonym, project and creation date; deleting asks first.
#[component]
pub fn ProfileCard(
    /// The profile shown.
    profile: Profile,
    /// Called with the profile's id once deletion is confirmed.
    #[prop(into)]
    on_delete: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let id = StoredValue::new(profile.id.clone());
    let date = Date::from_millis(profile.created_at);
    let created = move || {
        let lang = i18n.lang();
        format!(
            "{} {} {} {}",
            i18n.t(Msg::CreatedOn),
            date.day,
            date.month_name(lang),
            date.year
        )
    };
    view! {
        <li class="card profile-card" data-profile=profile.id.clone()>
            <h3 class="card__title">{profile.pseudonym.clone()}</h3>
            <p class="card__body">{profile.project.clone()}</p>
            <p class="card__meta">{created}</p>
            <div class="card__actions">
                <A href=format!("/parcours/{}/auto-evaluation", profile.id) attr:class="button">
                    {move || i18n.t(Msg::JourneyTitle)} " — " {move || i18n.t(Msg::AnswerSurvey)}
                </A>
                <A href=format!("/parcours/{}/mesures-impact", profile.id) attr:class="button button--quiet">
                    {move || i18n.t(Msg::AnswerSurvey)} " : impact"
                </A>
            </div>
            <Show
                when=move || confirming.get()
                fallback=move || {
                    view! {
                        <button
                            type="button"
                            class="button button--quiet profile-card__delete"
                            on:click=move |_| confirming.set(true)
                        >
                            {move || i18n.t(Msg::DeleteProfile)}
                        </button>
                    }
                }
            >
                <div class="confirm" role="alertdialog" aria-live="assertive">
                    <p>{move || i18n.t(Msg::ConfirmDelete)}</p>
                    <div class="confirm__actions">
                        <button
                            type="button"
                            class="button button--quiet"
                            on:click=move |_| confirming.set(false)
                        >
                            {move || i18n.t(Msg::Cancel)}
                        </button>
                        <button
                            type="button"
                            class="button button--danger"
                            on:click=move |_| on_delete.run(id.get_value())
                        >
                            {move || i18n.t(Msg::ConfirmDeleteButton)}
                        </button>
                    </div>
                </div>
            </Show>
        </li>
    }
}
