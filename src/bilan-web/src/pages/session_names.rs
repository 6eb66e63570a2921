//! A session's names: its title and day, asked when it is created and changed in place on its
//! page (a typo in a title the projector shows, a session prepared on another day).

use bilan_core::session::{Session, SessionError};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::date_said::DateSaid;
use crate::i18n::{Msg, Words, use_i18n};
use crate::sessions::SessionFailure;

/// A session's title and day, as creating and changing one ask them: the fields are
/// `{ids}-title` and `{ids}-date`, described by the form's message `{ids}-error`. Without
/// `date`, the day is not asked.
#[component]
pub(super) fn NameFields(
    ids: &'static str,
    title: RwSignal<String>,
    date: Option<RwSignal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = format!("{ids}-error");
    let said = format!("{ids}-date-said");
    // The days the server takes, offered by the browser's calendar (typed ones are checked).
    let years = bilan_core::session::years_in_reach(bilan_core::calendar::Date::from_millis(
        crate::clock::now(),
    ));
    let (min, max) = (
        format!("{}-01-01", years.start()),
        format!("{}-12-31", years.end()),
    );
    view! {
        <div class="field">
            <label class="field__label" for=format!("{ids}-title")>
                {i18n.text(Msg::SessionTitleLabel)}
            </label>
            <input
                class="field__input"
                id=format!("{ids}-title")
                type="text"
                maxlength="120"
                autocomplete="off"
                bind:value=title
                aria-describedby=error.clone()
            />
        </div>
        {date
            .map(|date| {
                view! {
                    <div class="field">
                        <label class="field__label" for=format!("{ids}-date")>
                            {i18n.text(Msg::Date)}
                        </label>
                        // Read from the field, never written back: a date being typed is empty
                        // until it is whole, and writing that back wiped what was typed.
                        <input
                            class="field__input field__input--short"
                            id=format!("{ids}-date")
                            type="date"
                            min=min.clone()
                            max=max.clone()
                            value=date.get_untracked()
                            aria-describedby=format!("{said} {error}")
                            on:input=move |ev| date.set(event_target_value(&ev))
                        />
                        <DateSaid value=date id=said />
                    </div>
                }
            })}
    }
}

/// A session's title, and its day while it may still move, changed in place: a typo in a title
/// the projector shows, a session prepared on another day. `on_done` says whether it saved.
#[component]
pub(super) fn SessionRename(
    session: Session,
    day_open: bool,
    #[prop(into)] on_done: Callback<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let title = RwSignal::new(session.title.clone());
    let date = RwSignal::new(session.date.clone());
    let error = RwSignal::new(None::<Words>);
    let id = StoredValue::new(session.id.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (t, d) = (title.get_untracked(), date.get_untracked());
        spawn_local(async move {
            match crate::sessions::rename(&id.get_value(), t, day_open.then_some(d)).await {
                Ok(()) => on_done.run(true),
                Err(e) => {
                    let field = match e {
                        SessionFailure::Session(
                            SessionError::BadDate(_) | SessionError::OutOfReach { .. },
                        ) => "session-rename-date",
                        _ => "session-rename-title",
                    };
                    error.set(Some(Words::new(move |lang| e.said(lang))));
                    if let Some(el) = document().get_element_by_id(field) {
                        use wasm_bindgen::JsCast;
                        let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
                    }
                }
            }
        });
    };
    view! {
        <form class="panel session-rename" on:submit=submit novalidate>
            <NameFields ids="session-rename" title date=day_open.then_some(date) />
            {(!day_open).then(|| view! { <p class="hint">{i18n.text(Msg::SessionDateFixed)}</p> })}
            <p class="field__error" id="session-rename-error" role="alert">
                {move || error.get().map(|e| e.text(i18n.lang()))}
            </p>
            <div class="card__actions">
                <button class="button" type="submit">
                    {i18n.text(Msg::Save)}
                </button>
                <button
                    type="button"
                    class="button button--quiet"
                    on:click=move |_| on_done.run(false)
                >
                    {i18n.text(Msg::Cancel)}
                </button>
            </div>
        </form>
    }
}
