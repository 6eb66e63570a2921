//! Export everything on this device to one JSON file, and import such a file back.

use bilan_core::backup::Backup;
use bilan_core::calendar::Date;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::{Msg, file_error, use_i18n};

/// The backup panel; `on_imported` runs after records were written, to refresh the page.
#[component]
pub fn BackupPanel(
    /// Called after an import wrote something.
    #[prop(into)]
    on_imported: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    // (is an error, message)
    let status = RwSignal::new(None::<(bool, String)>);
    let export = move |_| {
        spawn_local(async move {
            let now = js_sys::Date::now() as i64;
            match crate::journey::export_backup(now).await {
                Ok(backup) => {
                    let json = serde_json::to_string_pretty(&backup).unwrap_or_default();
                    let name = format!("bilan-sauvegarde-{}.json", Date::from_millis(now).iso());
                    crate::browser::download(&name, "application/json", &json);
                }
                Err(err) => status.set(Some((true, err.to_string()))),
            }
        });
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        let lang = i18n.lang();
        spawn_local(async move {
            let text = JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default();
            let backup = match Backup::parse(&text) {
                Ok(backup) => backup,
                Err(err) => {
                    let message = crate::i18n::tr_with(
                        lang,
                        Msg::ImportRefused,
                        &[("why", &file_error(lang, &err))],
                    );
                    status.set(Some((true, message)));
                    return;
                }
            };
            match crate::journey::import_backup(backup).await {
                Ok(merge) => {
                    let added = merge.profiles.len() + merge.drafts.len() + merge.readings.len();
                    let message = crate::i18n::tr_with(
                        lang,
                        Msg::ImportDone,
                        &[
                            ("added", &added.to_string()),
                            ("kept", &merge.kept.to_string()),
                        ],
                    );
                    status.set(Some((false, message)));
                    on_imported.run(());
                }
                Err(err) => status.set(Some((
                    true,
                    crate::i18n::tr_with(lang, Msg::ImportRefused, &[("why", &err.to_string())]),
                ))),
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
                    .map(|(error, message)| {
                        view! {
                            <p
                                class=if error {
                                    "callout callout--error backup__status"
                                } else {
                                    "callout backup__status"
                                }
                                role="status"
                            >
                                {message}
                            </p>
                        }
                    })
            }}
        </section>
    }
}
