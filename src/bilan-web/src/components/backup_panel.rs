//! Export everything on this device to one JSON file, and import such a file back.

use bilan_core::backup::Backup;
use bilan_core::calendar::Date;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::alert::CloseButton;
use crate::components::loaded::left_out;
use crate::i18n::{Msg, file_error, file_error_detail, use_i18n};
use crate::storage::StorageError;

/// What the last export or import came to: an error or not, the message, and a technical
/// detail for whoever helps (where a file is damaged).
#[derive(Debug, Clone)]
struct Status {
    error: bool,
    message: String,
    detail: Option<String>,
}

/// Downloads a backup of everything on this device that can be read, named by today's date;
/// the records left out are returned, to be named.
async fn download_backup() -> Result<Vec<StorageError>, StorageError> {
    let now = js_sys::Date::now() as i64;
    let (backup, left_out) = crate::journey::export_backup(now).await?;
    let json = crate::browser::file_json(&backup);
    let name = format!("bilan-sauvegarde-{}.json", Date::from_millis(now).iso());
    crate::browser::download(&name, "application/json", &json);
    Ok(left_out)
}

/// The browser refused to keep this site's data for sure: said once, where the data lives, with
/// what to do about it (a backup, one click away), until the person closes it.
#[component]
pub fn EvictionWarning() -> impl IntoView {
    let i18n = use_i18n();
    let status = crate::status::use_status();
    let seen = move || crate::status::eviction_warning_seen(status);
    // A backup written whole closes the warning; one that left records out, or failed, says so
    // here until the person closes it.
    let outcome = RwSignal::new(None::<String>);
    let back_up = move |_| {
        spawn_local(async move {
            match download_backup().await {
                Ok(left) if left.is_empty() => seen(),
                Ok(left) => outcome.set(Some(left_out(i18n.lang(), Msg::BackupLeftOut, &left))),
                Err(err) => outcome.set(Some(err.said(i18n.lang()))),
            }
        });
    };
    view! {
        <Show when=move || status.eviction_warning.get()>
            <div class="callout callout--warn eviction-warning" role="status">
                <p>{i18n.text(Msg::StorageNotPersisted)}</p>
                {move || {
                    outcome
                        .get()
                        .map(|said| view! { <p class="eviction-warning__outcome">{said}</p> })
                }}
                <button type="button" class="button eviction-warning__action" on:click=back_up>
                    {i18n.text(Msg::BackUpNow)}
                </button>
                <CloseButton on_close=move |()| seen() />
            </div>
        </Show>
    }
}

/// The backup panel; `on_imported` runs after records were written, to refresh the page.
#[component]
pub fn BackupPanel(
    /// Called after an import wrote something.
    #[prop(into)]
    on_imported: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(None::<Status>);
    let failed = move |message: String, detail: Option<String>| {
        status.set(Some(Status {
            error: true,
            message,
            detail,
        }))
    };
    let export = move |_| {
        spawn_local(async move {
            match download_backup().await {
                Ok(left) if left.is_empty() => {}
                Ok(left) => failed(left_out(i18n.lang(), Msg::BackupLeftOut, &left), None),
                Err(err) => failed(err.said(i18n.lang()), None),
            }
        });
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(text) = crate::browser::picked_text(&ev) else {
            return;
        };
        let lang = i18n.lang();
        spawn_local(async move {
            let text = text.await;
            let read = crate::browser::read_file::<Backup>(&text, bilan_core::file::Kind::Backup);
            let backup = match read.and_then(Backup::checked) {
                Ok(backup) => backup,
                Err(err) => {
                    let message = crate::i18n::tr_with(
                        lang,
                        Msg::ImportRefused,
                        &[("why", &file_error(lang, &err))],
                    );
                    failed(message, file_error_detail(lang, &err));
                    return;
                }
            };
            match crate::journey::import_backup(backup).await {
                Ok(merge) => {
                    let mut message = crate::i18n::tr_with(
                        lang,
                        Msg::ImportDone,
                        &[
                            ("profiles", &merge.profiles.len().to_string()),
                            ("readings", &merge.readings.len().to_string()),
                            ("kept", &merge.kept.to_string()),
                        ],
                    );
                    if !merge.drafts.is_empty() {
                        message.push(' ');
                        message.push_str(&crate::i18n::tr_with(
                            lang,
                            Msg::ImportDrafts,
                            &[("n", &merge.drafts.len().to_string())],
                        ));
                    }
                    status.set(Some(Status {
                        error: false,
                        message,
                        detail: None,
                    }));
                    on_imported.run(());
                }
                Err(err) => failed(
                    crate::i18n::tr_with(lang, Msg::ImportRefused, &[("why", &err.to_string())]),
                    None,
                ),
            }
        });
    };
    view! {
        <section class="panel backup" aria-labelledby="backup-title">
            <h2 class="panel__title" id="backup-title">
                {i18n.text(Msg::BackupTitle)}
            </h2>
            <p class="hint">{i18n.text(Msg::BackupHelp)}</p>
            <div class="card__actions">
                <button type="button" class="button" on:click=export>
                    {i18n.text(Msg::ExportData)}
                </button>
                <label class="button button--quiet backup__import">
                    {i18n.text(Msg::ImportData)}
                    <input
                        type="file"
                        accept=".json,application/json"
                        class="visually-hidden"
                        on:change=import
                    />
                </label>
            </div>
            {move || {
                status
                    .get()
                    .map(|Status { error, message, detail }| {
                        view! {
                            <div
                                class=if error {
                                    "callout callout--error backup__status"
                                } else {
                                    "callout backup__status"
                                }
                                role="status"
                            >
                                <p>{message}</p>
                                {detail.map(|d| view! { <p class="callout__detail">{d}</p> })}
                            </div>
                        }
                    })
            }}
        </section>
    }
}
