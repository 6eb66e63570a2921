//! Export everything on this device to one JSON file, and import such a file back.

use bilan_core::Lang;
use bilan_core::backup::Backup;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::alert::CloseButton;
use crate::components::loaded::left_out;
use crate::i18n::{Msg, Words, file_error, file_error_detail, tr, tr_with, typeset, use_i18n};
use crate::storage::StorageError;

/// What the last export or import came to: an error or not, the message, and a technical
/// detail for whoever helps (where a file is damaged).
#[derive(Clone)]
struct Status {
    error: bool,
    message: Words,
    detail: Option<Words>,
}

/// The setting that keeps when this device last wrote a backup (milliseconds, as text).
const LAST_BACKUP: &str = "last_backup";

/// Downloads a backup of everything on this device that can be read, named by today's date,
/// and keeps its time in `last`; the records left out are returned, to be named.
async fn download_backup(last: LastBackup) -> Result<Vec<StorageError>, StorageError> {
    let now = crate::clock::now();
    let (backup, left_out) = crate::journey::export_backup(now).await?;
    let json = crate::browser::file_json(&backup);
    let name = format!("bilan-sauvegarde-{}.json", crate::clock::day(now).iso());
    crate::browser::download(&name, "application/json", &json);
    // Only a line to read on the panel: a failure to keep it loses no data.
    if let Ok(storage) = crate::storage::Storage::app().await {
        let _ = storage.set_setting(LAST_BACKUP, &now.to_string()).await;
    }
    last.set(Some(Some(now)));
    Ok(left_out)
}

/// When this device last wrote a backup, once read (`Some(None)`: never), shared by the page's
/// two ways of writing one.
pub type LastBackup = RwSignal<Option<Option<i64>>>;

/// Reads when this device last wrote a backup, for a page that offers one.
pub fn last_backup() -> LastBackup {
    let last = RwSignal::new(None);
    spawn_local(async move {
        let kept = match crate::storage::Storage::app().await {
            // Kept as text, as the other settings: one reader for them all.
            Ok(storage) => storage
                .setting::<String>(LAST_BACKUP)
                .await
                .ok()
                .flatten()
                .and_then(|at| at.parse().ok()),
            Err(_) => None,
        };
        last.set(Some(kept));
    });
    last
}

/// The browser refused to keep this site's data for sure: said once, where the data lives, with
/// what to do about it (a backup, one click away), until the person closes it. Not before the
/// device `holds` something: a newcomer's first screen is not a warning about nothing.
#[component]
pub fn EvictionWarning(
    /// Whether the device holds anything a backup would keep.
    #[prop(into)]
    holds: Signal<bool>,
    /// When the device was last backed up.
    last: LastBackup,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = crate::status::use_status();
    let seen = move || crate::status::eviction_warning_seen(status);
    // A backup written whole closes the warning; one that left records out, or failed, says so
    // here until the person closes it.
    let outcome = RwSignal::new(None::<Words>);
    let back_up = move |_| {
        spawn_local(async move {
            match download_backup(last).await {
                Ok(left) if left.is_empty() => seen(),
                Ok(left) => outcome.set(Some(Words::new(move |lang| {
                    left_out(lang, Msg::BackupLeftOut, &left)
                }))),
                Err(err) => outcome.set(Some(Words::new(move |lang| err.said(lang)))),
            }
        });
    };
    view! {
        <Show when=move || status.eviction_warning.get() && holds.get()>
            <div class="callout callout--warn eviction-warning" role="status">
                <p>{i18n.text(Msg::StorageNotPersisted)}</p>
                {move || {
                    outcome
                        .get()
                        .map(|said| {
                            view! {
                                <p class="eviction-warning__outcome">{said.text(i18n.lang())}</p>
                            }
                        })
                }}
                <button type="button" class="button eviction-warning__action" on:click=back_up>
                    {i18n.text(Msg::BackUpNow)}
                </button>
                <CloseButton on_close=move |()| seen() />
            </div>
        </Show>
    }
}

/// The backup panel; `on_imported` runs after records were written, to refresh the page. Once
/// the device `holds` something, it says when it was last backed up: its data live nowhere else.
#[component]
pub fn BackupPanel(
    /// Called after an import wrote something.
    #[prop(into)]
    on_imported: Callback<()>,
    /// Whether the device holds anything a backup would keep.
    #[prop(into)]
    holds: Signal<bool>,
    /// When the device was last backed up.
    last: LastBackup,
) -> impl IntoView {
    let i18n = use_i18n();
    let last_said = move || {
        let when = last.get()?;
        holds.get().then(|| match when {
            Some(at) => {
                let lang = i18n.lang();
                tr_with(
                    lang,
                    Msg::LastBackup,
                    &[("date", &crate::clock::day(at).spoken(lang))],
                )
            }
            None => i18n.t(Msg::NeverBackedUp).to_owned(),
        })
    };
    let status = RwSignal::new(None::<Status>);
    let failed = move |message: Words, detail: Option<Words>| {
        status.set(Some(Status {
            error: true,
            message,
            detail,
        }))
    };
    let export = move |_| {
        spawn_local(async move {
            match download_backup(last).await {
                Ok(left) if left.is_empty() => {}
                Ok(left) => failed(
                    Words::new(move |lang| left_out(lang, Msg::BackupLeftOut, &left)),
                    None,
                ),
                Err(err) => failed(Words::new(move |lang| err.said(lang)), None),
            }
        });
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(text) = crate::browser::picked_text(&ev) else {
            return;
        };
        spawn_local(async move {
            let text = text.await;
            let read = crate::browser::read_file::<Backup>(&text, bilan_core::file::Kind::Backup);
            let backup = match read.and_then(Backup::checked) {
                Ok(backup) => backup,
                Err(err) => {
                    let detail = file_error_detail(Lang::Fr, &err).is_some().then(|| {
                        let err = err.clone();
                        Words::new(move |lang| file_error_detail(lang, &err).unwrap_or_default())
                    });
                    let message = Words::new(move |lang| {
                        tr_with(
                            lang,
                            Msg::ImportRefused,
                            &[("why", &file_error(lang, &err))],
                        )
                    });
                    failed(message, detail);
                    return;
                }
            };
            match crate::journey::import_backup(backup).await {
                Ok(merge) => {
                    let updated = merge.updated;
                    // Per kind: how many came in, and how many of those the device held older.
                    let counts = [
                        (Msg::ImportProfiles, merge.profiles.len(), updated.profiles),
                        (Msg::ImportReadings, merge.readings.len(), 0),
                        (Msg::ImportDrafts, merge.drafts.len(), updated.drafts),
                        (Msg::ImportSessions, merge.sessions.len(), updated.sessions),
                    ];
                    let kept = merge.kept;
                    let message = Words::new(move |lang| imported(lang, &counts, kept));
                    status.set(Some(Status {
                        error: false,
                        message,
                        detail: None,
                    }));
                    on_imported.run(());
                }
                Err(err) => {
                    let why = err.to_string();
                    failed(Words::with(Msg::ImportRefused, "why", why), None)
                }
            }
        });
    };
    view! {
        <section class="panel backup" aria-labelledby="backup-title">
            <h2 class="panel__title" id="backup-title">
                {i18n.text(Msg::BackupTitle)}
            </h2>
            <p class="hint">{i18n.text(Msg::BackupHelp)}</p>
            {move || last_said().map(|said| view! { <p class="backup__last">{typeset(said)}</p> })}
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
                                <p>{message.text(i18n.lang())}</p>
                                {detail
                                    .map(|d| {
                                        view! {
                                            <p class="callout__detail">{d.text(i18n.lang())}</p>
                                        }
                                    })}
                            </div>
                        }
                    })
            }}
        </section>
    }
}

/// What an import did, in `lang`: the records new to the device, counted by kind (none named at
/// zero), then those it held in an older version, then those it left as they were.
fn imported(lang: Lang, counts: &[(Msg, usize, usize)], kept: usize) -> String {
    let listed = |n: fn(usize, usize) -> usize| {
        let parts: Vec<String> = counts
            .iter()
            .filter(|(_, all, old)| n(*all, *old) > 0)
            .map(|(msg, all, old)| tr_with(lang, *msg, &[("n", &n(*all, *old).to_string())]))
            .collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        (!parts.is_empty()).then(|| bilan_core::words::listed(&parts, lang))
    };
    let added = listed(|all, old| all - old);
    let updated = listed(|_, old| old);
    let mut message = match (&added, &updated) {
        (None, None) => return tr(lang, Msg::ImportNothingNew).to_owned(),
        (Some(what), _) => tr_with(lang, Msg::ImportDone, &[("what", what)]),
        (None, Some(what)) => tr_with(lang, Msg::ImportOnlyUpdated, &[("what", what)]),
    };
    if let (Some(_), Some(what)) = (&added, &updated) {
        message.push(' ');
        message.push_str(&tr_with(lang, Msg::ImportUpdated, &[("what", what)]));
    }
    if kept > 0 {
        message.push(' ');
        message.push_str(&tr_with(lang, Msg::ImportKept, &[("n", &kept.to_string())]));
    }
    message
}
