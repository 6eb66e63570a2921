//! One profile in the list: its names (which can be changed), its surveys, and its deletion
//! behind a confirmation.

use bilan_core::reading::Profile;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::browser::download;
use crate::components::action_plan::RemindButton;
use crate::components::confirm::Confirm;
use crate::components::loaded::{Data, LoadError, left_out};
use crate::components::profile_form::{ProfileForm, Renaming};
use crate::i18n::{Msg, Words, tr, typeset, use_i18n};
use crate::storage::{Readable, StorageError};
use crate::surveys::load_survey;
use bilan_core::survey::Listed;

/// A profile's pseudonym, project and creation date; « Modifier » changes the names in place,
/// deleting asks first.
#[component]
pub fn ProfileCard(
    /// The profile shown.
    profile: Profile,
    /// Called with the profile's id once deletion is confirmed.
    #[prop(into)]
    on_delete: Callback<String>,
    /// The surveys a holder answers, as the survey index lists them: one button each.
    #[prop(into)]
    journeys: Signal<Vec<Listed>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(profile.id.clone());
    let notice = RwSignal::new(None::<Words>);
    let pseudonym = StoredValue::new(profile.pseudonym.clone());
    let names = RwSignal::new((profile.pseudonym.clone(), profile.project.clone()));
    let editing = RwSignal::new(false);
    // Saved or cancelled, the keyboard goes back to « Modifier ».
    let done_editing = move || {
        editing.set(false);
        crate::browser::focus_soon(format!(
            "[data-profile=\"{}\"] .profile-card__rename",
            id.get_value()
        ));
    };
    let rename = move |(p, q): (String, String)| {
        spawn_local(async move {
            match crate::journey::rename_profile(&id.get_value(), p, q).await {
                Ok(profile) => {
                    pseudonym.set_value(profile.pseudonym.clone());
                    names.set((profile.pseudonym, profile.project));
                    done_editing();
                }
                Err(err) => notice.set(Some(Words::new(move |lang| err.said(lang)))),
            }
        });
    };
    let export_csv = move |_| {
        // Written for a spreadsheet in the language the page is read in.
        let lang = i18n.lang();
        spawn_local(async move {
            match csv_files(&id.get_value(), &pseudonym.get_value(), lang).await {
                Ok((files, left)) => {
                    for (name, csv) in &files {
                        download(name, "text/csv;charset=utf-8", csv);
                    }
                    // Nothing to export is said, and the readings that cannot be read are
                    // named whether or not others left.
                    let none = files.is_empty();
                    notice.set((none || !left.is_empty()).then(|| {
                        Words::new(move |lang| {
                            let mut said = Vec::new();
                            if none {
                                said.push(tr(lang, Msg::NothingToExport).to_owned());
                            }
                            if !left.is_empty() {
                                said.push(left_out(lang, Msg::CsvLeftOut, &left));
                            }
                            said.join(" ")
                        })
                    }));
                }
                Err(err) => notice.set(Some(Words::new(move |lang| err.said(lang)))),
            }
        });
    };

    let date = crate::clock::day(profile.created_at);
    let created = move || format!("{} {}", i18n.t(Msg::CreatedOn), date.spoken(i18n.lang()));
    let whole = StoredValue::new(profile.clone());
    // A survey half done says so on its button, with the step it stopped at.
    let facts = Data::new(move || async move {
        crate::journey::card_facts(&whole.get_value())
            .await
            .unwrap_or_default()
    });
    let resume_at = move |survey: &str| {
        facts.with(|f| {
            f.as_ref().and_then(|f| {
                f.resume
                    .iter()
                    .find(|(s, _, _)| s == survey)
                    .map(|&(_, step, steps)| (step, steps))
            })
        })
    };
    // « 2 bilans, le dernier le 3 décembre 2026 », once there is one.
    let reviews = move || {
        facts.with(|f| {
            let f = f.as_ref()?;
            let last = crate::clock::day(f.last_review?).spoken(i18n.lang());
            Some(i18n.tw(
                Msg::ReviewsSoFar,
                &[("count", &f.reviews.to_string()), ("date", &last)],
            ))
        })
    };
    // The action plan's next point: « Prochain point le 15 janvier 2027 : … », and once the day
    // has come without a review since, that it is time for one.
    let point = move || {
        facts.with(|f| {
            let (day, indicators) = f.as_ref()?.next_point.clone()?;
            let lang = i18n.lang();
            let due = day <= crate::clock::today();
            let names: Vec<&str> = indicators.iter().map(|i| i.label(lang)).collect();
            let said = i18n.tw(
                if due { Msg::PointDue } else { Msg::NextPoint },
                &[
                    ("date", &day.spoken(lang)),
                    ("indicators", &bilan_core::words::listed(&names, lang)),
                ],
            );
            if due {
                let class = "card__meta profile-card__point profile-card__point--due";
                return Some(view! { <p class=class>{typeset(said)}</p> }.into_any());
            }
            // Until then, the day can go into the person's own calendar, which will remind
            // them when the app is closed. The reminder names the indicators, not the person
            // nor the project.
            Some(
                view! {
                    <p class="card__meta profile-card__point">{typeset(said)}</p>
                    <RemindButton id=id.get_value() day indicators class="profile-card__remind" />
                }
                .into_any(),
            )
        })
    };
    view! {
        <li class="card profile-card" data-profile=profile.id.clone()>
            {move || {
                if editing.get() {
                    let (pseudonym, project) = names.get_untracked();
                    let renaming = Renaming {
                        id: id.get_value(),
                        pseudonym,
                        project,
                        on_cancel: Callback::new(move |()| done_editing()),
                    };
                    view! {
                        <h3 class="card__title">{i18n.text(Msg::EditProfile)}</h3>
                        <ProfileForm on_submit=rename renaming />
                    }
                        .into_any()
                } else {
                    view! {
                        <h3 class="card__title">{move || names.with(|n| n.0.clone())}</h3>
                        <p class="card__body">{move || names.with(|n| n.1.clone())}</p>
                    }
                        .into_any()
                }
            }}
            <p class="card__meta">{move || typeset(created())}</p>
            {move || {
                reviews()
                    .map(|r| view! { <p class="card__meta profile-card__reviews">{typeset(r)}</p> })
            }}
            {point}
            <div class="card__actions">
                {move || {
                    journeys
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, survey)| {
                            let class = if i == 0 { "button" } else { "button button--quiet" };
                            let survey_id = survey.id.clone();
                            let label = move || {
                                let title = survey.title.get(i18n.lang()).to_owned();
                                match resume_at(&survey_id) {
                                    Some((step, steps)) => {
                                        i18n.tw(
                                            Msg::ResumeSurvey,
                                            &[
                                                ("title", &title),
                                                ("step", &step.to_string()),
                                                ("steps", &steps.to_string()),
                                            ],
                                        )
                                    }
                                    None => title,
                                }
                            };
                            view! {
                                <A
                                    href=format!("/parcours/{}/{}", id.get_value(), survey.id)
                                    attr:class=class
                                >
                                    {label}
                                </A>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <div class="card__secondary">
                <A
                    href=format!("/progres/{}", profile.id)
                    attr:class="button button--quiet button--small profile-card__progress"
                >
                    {i18n.text(Msg::MyProgress)}
                </A>
                <button
                    type="button"
                    class="button button--quiet button--small profile-card__csv"
                    on:click=export_csv
                >
                    {i18n.text(Msg::ExportCsv)}
                </button>
            </div>
            {move || {
                notice
                    .get()
                    .map(|n| {
                        view! {
                            <p class="card__meta" role="status">
                                {n.text(i18n.lang())}
                            </p>
                        }
                    })
            }}
            <div class="profile-card__manage">
                <button
                    type="button"
                    class="button button--link profile-card__rename"
                    on:click=move |ev| {
                        editing.set(true);
                        crate::browser::focus_within(&ev, ".profile-card", "input");
                    }
                >
                    {i18n.text(Msg::Edit)}
                </button>
                <Confirm
                    label=Msg::DeleteProfile
                    class="button button--link button--danger-quiet profile-card__delete"
                    question=i18n.signal(Msg::ConfirmDelete)
                    act=Msg::ConfirmDeleteButton
                    act_class="button button--danger"
                    on_confirm=move |()| on_delete.run(id.get_value())
                />
            </div>
        </li>
    }
}

/// One CSV file per survey the profile has readings of, (file name, content), and the readings
/// left out because they cannot be read.
async fn csv_files(
    profile: &str,
    pseudonym: &str,
    lang: bilan_core::Lang,
) -> Result<(Vec<(String, String)>, Vec<StorageError>), LoadError> {
    let Readable {
        records: readings,
        unreadable,
    } = crate::journey::readings(profile).await?;
    let mut surveys: Vec<String> = readings.iter().map(|r| r.survey_id.clone()).collect();
    surveys.dedup();
    bilan_core::order::sort(&mut surveys);
    surveys.dedup();
    let who: String = pseudonym
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let mut files = Vec::new();
    for id in surveys {
        let survey = load_survey(&id).await.map_err(LoadError::Failed)?;
        files.push((
            format!("bilan-{who}-{id}.csv"),
            bilan_core::backup::readings_csv(&survey, &readings, lang, crate::clock::day),
        ));
    }
    Ok((files, unreadable))
}
