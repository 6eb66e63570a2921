//! The app's pages grouped by who uses them, each group a chunk of wasm the browser loads the
//! first time one of its pages opens (Leptos's lazy routes, split by `cargo xtask build`): the
//! holder's journey with its survey runner, a participant's phone, sessions and their results
//! screen, the board. The home page and the shell are in the first module; code two groups share
//! goes to a shared chunk. The device's storage and the sync outbox start from a chunk too, after
//! the first screen, and the charts from theirs, when a page first draws one
//! (`charts::draw_waiting`).
//!
//! Without the `split` feature (the browser unit tests) the groups are ordinary functions.

use std::cell::Cell;

use leptos::prelude::*;
use leptos_router::LazyRoute;
use wasm_bindgen_futures::JsFuture;

use crate::pages::{
    BoardPage, DataPage, JoinPage, JourneyPage, KioskPage, LivePage, PaperPage, ProgressPage,
    ReportPage, SessionPage, SessionsPage, SurveyPage, UnloadedPage,
};

/// A page that is not in the first module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Journey,
    Data,
    Progress,
    Survey,
    Join,
    Sessions,
    Session,
    Kiosk,
    Live,
    Paper,
    Board,
    Report,
}

/// Waits for a group's chunk when the build splits; calls it directly when it does not.
#[cfg(feature = "split")]
macro_rules! load {
    ($group:expr) => {
        $group.await
    };
}
#[cfg(not(feature = "split"))]
macro_rules! load {
    ($group:expr) => {
        $group
    };
}
pub(crate) use load;

/// A group's chunk the browser could not load: not kept on this device, and no network. The
/// page says so, where a failed load used to abort the whole app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unloaded;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for Unloaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Unloaded
    }
}

/// The page's view, once its group's chunk is there; a page saying it cannot be loaded when the
/// chunk cannot be (the next visit asks again).
pub async fn show(page: Page) -> AnyView {
    LOADING.set(true);
    let shown = match page {
        Page::Join => load!(participant(page)),
        // Their words come with them (in French, and in English once it is read): read beside
        // the chunk, before the page is drawn.
        _ => {
            let group = async {
                match page {
                    Page::Journey | Page::Data | Page::Progress | Page::Survey => {
                        load!(journey(page))
                    }
                    Page::Board | Page::Report => load!(board(page)),
                    _ => load!(sessions(page)),
                }
            };
            let (shown, words) = futures::join!(group, crate::i18n::load_later());
            // Without its words the page would say nothing: it cannot be loaded, as without
            // its chunk.
            match words {
                Ok(()) => shown,
                Err(why) => {
                    leptos::logging::warn!("{why}");
                    Err(Unloaded)
                }
            }
        }
    };
    LOADING.set(false);
    shown.unwrap_or_else(|Unloaded| view! { <UnloadedPage /> }.into_any())
}

thread_local! {
    /// Whether a page outside the first module is waiting for its chunk.
    static LOADING: Cell<bool> = const { Cell::new(false) };
}

/// Waits until the first screen is up: drawn, with its page's chunk run if it has one (120
/// frames at most, two seconds; a tab in the background draws none, and waits to be seen), then
/// the browser idle (a second at most), so that what the page still has to read and draw goes
/// first.
async fn first_screen() {
    let Some(window) = web_sys::window() else {
        return;
    };
    for _ in 0..120 {
        let frame = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window.request_animation_frame(&resolve);
        });
        let _ = JsFuture::from(frame).await;
        if !LOADING.get() {
            break;
        }
    }
    let idle = js_sys::Promise::new(&mut |resolve, _| {
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(1000);
        let _ = window.request_idle_callback_with_options(&resolve, &options);
    });
    let _ = JsFuture::from(idle).await;
}

/// Starts the device's own work once the first screen is up: its storage opens (whether the
/// browser keeps the data, the settings an earlier version kept there) and the sync outbox runs.
/// Their code (IndexedDB, JSON, the outbox) is one chunk, which a participant's phone never loads:
/// it keeps nothing and queues nothing (its answers go straight to the server). Started beside
/// the page, it held a holder's first question back (its chunk, its storage reads).
pub async fn start_device(
    i18n: crate::i18n::I18n,
    status: crate::status::Status,
    kiosk: crate::kiosk::Kiosk,
    sync: crate::sync::Sync,
) {
    first_screen().await;
    // `index.html` registers the service worker now.
    if let (Some(window), Ok(event)) =
        (web_sys::window(), web_sys::Event::new("bilan-first-screen"))
    {
        let _ = window.dispatch_event(&event);
    }
    if joining() {
        return;
    }
    if load!(device(i18n, status, kiosk, sync)).is_err() {
        // The next page load asks again; the pages read the storage themselves meanwhile.
        leptos::logging::warn!("the device's storage and sync outbox could not be loaded");
    }
}

/// Whether this page is a participant's phone joining a session.
fn joining() -> bool {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .is_some_and(|path| path.starts_with("/rejoindre/"))
}

/// The device's storage and the sync outbox loop with the join link (see [`crate::sync::start`]).
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(device_group, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn device(
    i18n: crate::i18n::I18n,
    status: crate::status::Status,
    kiosk: crate::kiosk::Kiosk,
    sync: crate::sync::Sync,
) -> Result<(), Unloaded> {
    crate::status::open(i18n, status, kiosk);
    crate::sync::start(sync, status);
    Ok(())
}

/// The holder's journey: profiles, backups, the survey runner and progress over time. The runner
/// is in the same chunk: a holder always reaches a survey through the journey, and one chunk
/// compresses better than two (measured: 28 KiB less to install, 10 KiB less from the QR link).
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(journey_group, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn journey(page: Page) -> Result<AnyView, Unloaded> {
    Ok(match page {
        Page::Progress => view! { <ProgressPage /> }.into_any(),
        Page::Survey => view! { <SurveyPage /> }.into_any(),
        Page::Data => view! { <DataPage /> }.into_any(),
        _ => view! { <JourneyPage /> }.into_any(),
    })
}

/// A participant joining a session from a phone: the questions, then thanks; nothing else.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(participant_group, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn participant(_page: Page) -> Result<AnyView, Unloaded> {
    Ok(view! { <JoinPage /> }.into_any())
}

/// Collective sessions: the list, a session, its kiosk, its results screen and its questionnaire
/// on paper.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(sessions_group, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn sessions(page: Page) -> Result<AnyView, Unloaded> {
    Ok(match page {
        Page::Session => view! { <SessionPage /> }.into_any(),
        Page::Kiosk => view! { <KioskPage /> }.into_any(),
        Page::Live => view! { <LivePage /> }.into_any(),
        Page::Paper => view! { <PaperPage /> }.into_any(),
        _ => view! { <SessionsPage /> }.into_any(),
    })
}

/// The board's dashboard and its annual report.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(board_group, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn board(page: Page) -> Result<AnyView, Unloaded> {
    Ok(match page {
        Page::Report => view! { <ReportPage /> }.into_any(),
        _ => view! { <BoardPage /> }.into_any(),
    })
}

/// One route type for each page, for `<Route view=Lazy::<T>::new() />`.
macro_rules! lazy_routes {
    ($($route:ident => $page:ident),* $(,)?) => {
        $(
            #[doc = concat!("The route of [`Page::", stringify!($page), "`].")]
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_this: Self) -> AnyView {
                    show(Page::$page).await
                }
            }
        )*
    };
}

lazy_routes! {
    JourneyRoute => Journey,
    DataRoute => Data,
    ProgressRoute => Progress,
    SurveyRoute => Survey,
    JoinRoute => Join,
    SessionsRoute => Sessions,
    SessionRoute => Session,
    KioskRoute => Kiosk,
    LiveRoute => Live,
    PaperRoute => Paper,
    BoardRoute => Board,
    ReportRoute => Report,
}
