//! Bilan's app: a Leptos client-side-rendered shell, the three spaces, and the device's storage.
//!
//! `index.html` calls [`run`] once the wasm module is loaded.

pub mod api;
#[cfg(feature = "bench")]
pub mod bench;
pub mod board;
pub mod browser;
pub mod charts;
pub mod clock;
pub mod components;
pub mod i18n;
pub mod journey;
pub mod kiosk;
pub mod pages;
pub mod pin;
pub mod random;
pub mod report;
pub mod routes;
pub mod sessions;
pub mod status;
pub mod storage;
pub mod surveys;
pub mod sync;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, path};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::components::shell::Shell;
use crate::pages::{HomePage, NotFoundPage};
use crate::routes::{
    BoardRoute, DataRoute, JoinRoute, JourneyRoute, KioskRoute, LiveRoute, PaperRoute,
    ProgressRoute, ReportRoute, SessionRoute, SessionsRoute, SurveyRoute,
};

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app into `<body>`; called by `index.html`. The language this device chose is
/// read first (`index.html` began fetching its messages beside the app), so the first frame is
/// already in it.
#[wasm_bindgen]
pub fn run() {
    wasm_bindgen_futures::spawn_local(async {
        if let Some(lang) = i18n::kept_lang()
            && let Err(why) = i18n::load(lang).await
        {
            leptos::logging::warn!("{why}");
        }
        leptos::mount::mount_to_body(App);
    });
}

/// The whole app: app-wide state, the shell and the routes of the three spaces.
#[component]
pub fn App() -> impl IntoView {
    let i18n = i18n::provide_i18n();
    let status = status::provide_status();
    status::start(status);
    let kiosk = kiosk::provide_kiosk();
    surveys::provide_index();
    let sync = sync::provide_sync();
    leptos::task::spawn_local(routes::start_device(i18n, status, kiosk, sync));
    // The pages outside the first module (see `routes`); `view!` takes them as plain names.
    let journey = Lazy::<JourneyRoute>::new();
    let data = Lazy::<DataRoute>::new();
    let survey = Lazy::<SurveyRoute>::new();
    let progress = Lazy::<ProgressRoute>::new();
    let sessions = Lazy::<SessionsRoute>::new();
    let session = Lazy::<SessionRoute>::new();
    let kiosk = Lazy::<KioskRoute>::new();
    let live = Lazy::<LiveRoute>::new();
    let paper = Lazy::<PaperRoute>::new();
    let join = Lazy::<JoinRoute>::new();
    let board = Lazy::<BoardRoute>::new();
    let report = Lazy::<ReportRoute>::new();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/parcours") view=journey />
                    <Route path=path!("/parcours/:profile/:survey") view=survey />
                    <Route path=path!("/progres/:profile") view=progress />
                    <Route path=path!("/seances") view=sessions />
                    <Route path=path!("/seances/:id") view=session />
                    <Route path=path!("/seances/:id/kiosque") view=kiosk />
                    <Route path=path!("/seances/:id/resultats") view=live />
                    <Route path=path!("/seances/:id/papier") view=paper.clone() />
                    <Route path=path!("/papier/:survey") view=paper />
                    <Route path=path!("/rejoindre/:code") view=join />
                    <Route path=path!("/tableau-de-bord") view=board />
                    <Route path=path!("/tableau-de-bord/rapport") view=report />
                    <Route path=path!("/vos-donnees") view=data />
                </Routes>
            </Shell>
        </Router>
    }
}
