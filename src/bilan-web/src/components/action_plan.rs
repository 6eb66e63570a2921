//! The action plan on « Mes progrès »: for each indicator, the next steps in the person's words
//! and a day to look again, saved as they are written; kept on the device and in its backup.

use bilan_core::calendar::Date;
use bilan_core::reading::{Profile, Step};
use bilan_core::{Indicator, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::date_said::DateSaid;
use crate::i18n::{Msg, Words, tr_with, use_i18n};
use crate::journey;

/// « Ajouter à mon agenda »: downloads a reminder of the point planned on `day` for `indicators`
/// of profile `id`, for the person's own calendar, which reminds them while the app is closed.
/// It names the indicators, not the person nor the project.
#[component]
pub fn RemindButton(
    id: String,
    day: Date,
    indicators: Vec<Indicator>,
    class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let remind = move |_| download_reminder(&id, day, &indicators, i18n.lang());
    view! {
        <button type="button" class=format!("button button--link {class}") on:click=remind>
            {i18n.text(Msg::AddToCalendar)}
        </button>
    }
}

fn download_reminder(id: &str, day: Date, indicators: &[Indicator], lang: Lang) {
    let names: Vec<&str> = indicators.iter().map(|i| i.label(lang)).collect();
    let summary = tr_with(
        lang,
        Msg::PointReminder,
        &[("indicators", &bilan_core::words::listed(&names, lang))],
    );
    let which: Vec<&str> = indicators.iter().map(|i| i.id()).collect();
    let file = bilan_core::reminder::all_day(
        day,
        &summary,
        &format!("point-{id}-{}@bilan", which.join("-")),
        crate::clock::now(),
    );
    let name = format!("bilan-point-{}.ics", day.iso());
    crate::browser::download(&name, "text/calendar", &file);
}

/// The plan of `profile`, one line per indicator it has `scored` (and any other it already has
/// a step for): a holder who has only assessed themselves is not asked about turnover.
#[component]
pub fn ActionPlan(profile: Profile, scored: Vec<Indicator>) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(profile.id.clone());
    let plan = RwSignal::new(profile.plan);
    let said = RwSignal::new(None::<Words>);
    let save = move |indicator: Indicator, step: Step| {
        spawn_local(async move {
            match journey::save_step(&id.get_value(), indicator, step).await {
                Ok(saved) => {
                    plan.set(saved.plan);
                    said.set(Some(Words::msg(Msg::PlanSaved)));
                }
                Err(e) => said.set(Some(Words::new(move |lang| e.said(lang)))),
            }
        });
    };
    let rows = Indicator::ALL
        .into_iter()
        .filter(|i| scored.contains(i) || plan.with_untracked(|p| p.contains_key(i)))
        .map(|indicator| {
            // What is typed in the row: saved whole when either field is left changed.
            let typed = plan.with_untracked(|p| p.get(&indicator).cloned().unwrap_or_default());
            let next = RwSignal::new(typed.next);
            let review_on = RwSignal::new(typed.review_on);
            let keep = move |_| {
                save(
                    indicator,
                    Step {
                        next: next.get_untracked(),
                        review_on: review_on.get_untracked(),
                    },
                )
            };
            let next_id = format!("plan-{}", indicator.id());
            let date_id = format!("plan-{}-date", indicator.id());
            let said_id = format!("{date_id}-said");
            view! {
                <fieldset
                    class="plan__item"
                    class:plan__item--empty=move || {
                        next.with(String::is_empty) && review_on.with(String::is_empty)
                    }
                    data-indicator=indicator.id()
                >
                    <legend class="plan__indicator">{move || indicator.label(i18n.lang())}</legend>
                    <label class="field__label" for=next_id.clone()>
                        {i18n.text(Msg::PlanNext)}
                    </label>
                    <textarea
                        class="field__input plan__next"
                        id=next_id
                        rows="2"
                        prop:value=move || next.get()
                        on:input=move |ev| next.set(event_target_value(&ev))
                        on:change=keep
                    ></textarea>
                    <label class="field__label" for=date_id.clone()>
                        {i18n.text(Msg::PlanReview)}
                    </label>
                    <input
                        class="field__input field__input--short plan__date"
                        id=date_id
                        type="date"
                        prop:value=move || review_on.get()
                        aria-describedby=said_id.clone()
                        on:input=move |ev| review_on.set(event_target_value(&ev))
                        on:change=keep
                    />
                    <DateSaid value=review_on id=said_id />
                    {move || {
                        let day = review_on.with(|d| Date::parse_iso(d))?;
                        (day > crate::clock::today())
                            .then(|| {
                                view! {
                                    <RemindButton
                                        id=id.get_value()
                                        day
                                        indicators=vec![indicator]
                                        class="plan__remind no-print"
                                    />
                                }
                            })
                    }}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section class="panel plan" aria-labelledby="plan-title">
            <h2 class="panel__title" id="plan-title">
                {i18n.text(Msg::PlanTitle)}
            </h2>
            <p class="hint no-print">{i18n.text(Msg::PlanHelp)}</p>
            {rows}
            <p class="plan__said no-print" role="status">
                {move || said.get().map(|w| w.text(i18n.lang()))}
            </p>
        </section>
    }
}
