//! "Mon parcours": the project holder's space, starting with their local profiles.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::alert::Alert;
use crate::components::backup_panel::{BackupPanel, EvictionWarning, last_backup};
use crate::components::loaded::{Data, LoadError, RecordCards, holds_any};
use crate::components::profile_card::ProfileCard;
use crate::components::profile_form::ProfileForm;
use crate::components::sharing_panel::SharingPanel;
use crate::i18n::{Msg, Words, use_i18n};
use crate::journey;
use crate::storage::StorageError;

/// The project holder's space: who is answering on this device.
#[component]
pub fn JourneyPage() -> impl IntoView {
    let i18n = use_i18n();
    let profiles = Data::new(|| async { journey::profiles().await.map_err(LoadError::from) });
    let index = crate::surveys::use_index();
    let journeys = Signal::derive(move || crate::surveys::journey(&index.get()));
    let failure = RwSignal::new(None::<StorageError>);
    let create = move |(pseudonym, project): (String, String)| {
        spawn_local(async move {
            match journey::create_profile(pseudonym, project).await {
                Ok(_) => profiles.refetch(),
                Err(err) => failure.set(Some(err)),
            }
        });
    };
    let delete = move |id: String| {
        spawn_local(async move {
            match journey::delete_profile(&id).await {
                Ok(()) => profiles.refetch(),
                Err(err) => failure.set(Some(err)),
            }
        });
    };
    let last = last_backup();
    let holds = holds_any(profiles);
    view! {
        <section class="page">
            <h1 class="page__title">{i18n.text(Msg::JourneyTitle)}</h1>
            <p class="page__lead">{i18n.text(Msg::JourneyIntro)}</p>
            <EvictionWarning holds last />
            <Alert message=Signal::derive(move || {
                failure.get().map(|err| Words::new(move |lang| err.said(lang)))
            }) />
            <div class="columns">
                <div class="columns__main">
                    <h2 class="section-title">{i18n.text(Msg::ProfilesTitle)}</h2>
                    <RecordCards
                        resource=profiles
                        empty=Msg::ProfilesEmpty
                        card=move |profile| {
                            view! { <ProfileCard profile on_delete=delete journeys /> }
                        }
                    />
                    <ProfileForm on_submit=create />
                </div>
                // Sharing and backups beside the profiles on a wide screen, below them on a phone.
                <div class="columns__side">
                    <SharingPanel />
                    <BackupPanel on_imported=move |()| profiles.refetch() holds last />
                </div>
            </div>
        </section>
    }
}
