//! The frame around every page: header with brand, status, language switch and navigation.

use bilan_core::Lang;
use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use crate::i18n::{Msg, use_i18n};
use crate::status::{StorageState, choose_lang, use_status};

/// The page frame; `children` is the current route's page.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    // Pushes the language outward to the document, for screen readers and hyphenation.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", i18n.lang().code());
        }
    });
    // In kiosk mode every address leads back to the kiosk, so the back button and typed
    // addresses reach nothing of the previous participants' answers.
    let kiosk = crate::kiosk::use_kiosk();
    let location = leptos_router::hooks::use_location();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(id) = kiosk.session.get() {
            let want = crate::kiosk::path(&id);
            // The same session's results screen stays reachable: it shows what the projector
            // shows, never one person's answers.
            let here = location.pathname.get();
            if here != want && here != format!("/seances/{id}/resultats") {
                navigate(
                    &want,
                    leptos_router::NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            }
        }
    });
    // Each page names its tab, so that tabs, history and bookmarks tell pages apart.
    Effect::new(move |_| {
        let name = i18n.t(tab_name(&location.pathname.get()));
        document().set_title(&format!("{name} — Bilan"));
    });
    // A participant's own phone shows the session only: nothing of the app around it, and
    // nothing about data kept on the device (a phone keeps none).
    let participant = move || location.pathname.with(|p| p.starts_with("/rejoindre"));
    // The results screen is shown on a projector: no navigation, type sized for the back of the
    // room (the style sheet's `html.projector`).
    let projector = move || location.pathname.with(|p| p.ends_with("/resultats"));
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root
                .class_list()
                .toggle_with_force("projector", projector());
        }
    });
    let free = move || kiosk.session.get().is_none() && !participant() && !projector();
    let brand = move || {
        view! {
            <span class="brand__mark" aria-hidden="true">
                "B"
            </span>
            <span class="brand__text">
                <span class="brand__name">"Bilan"</span>
                <span class="brand__tagline">{i18n.text(Msg::Tagline)}</span>
            </span>
        }
    };
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>
            {i18n.text(Msg::SkipToContent)}
        </a>
        <header class="app-header" class=("app-header--kiosk", move || !free())>
            <div class="app-header__bar">
                <Show
                    when=move || !participant()
                    fallback=move || view! { <span class="brand">{brand()}</span> }
                >
                    <A href="/" attr:class="brand">
                        {brand()}
                    </A>
                </Show>
                <div class="app-header__tools">
                    <OnlineBadge />
                    <LangSwitch />
                </div>
            </div>
            <Show when=free>
                <nav class="app-nav" aria-label=i18n.text(Msg::NavMain)>
                    // A phone shows the short labels: three tabs fit on one line.
                    <NavTab href="/parcours" long=Msg::NavJourney short=Msg::NavJourneyShort />
                    <NavTab href="/seances" long=Msg::NavSessions short=Msg::NavSessionsShort />
                    <NavTab href="/tableau-de-bord" long=Msg::NavBoard short=Msg::NavBoardShort />
                </nav>
            </Show>
        </header>
        <Banners />
        <main id="main" class="app-main" tabindex="-1">
            {children()}
        </main>
        <Show when=move || !participant()>
            <StorageNotice />
        </Show>
    }
}

/// A tab of the main navigation, marked current on every page of its part of the app: a
/// holder's progress and their survey on paper belong to « Mon parcours » though their
/// addresses do not start with it.
#[component]
fn NavTab(href: &'static str, long: Msg, short: Msg) -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    let current = move || {
        location
            .pathname
            .with(|p| (section(p) == Some(href)).then_some("page"))
    };
    view! {
        <a href=href class="app-nav__link" aria-current=current>
            <span class="app-nav__long">{i18n.text(long)}</span>
            <span class="app-nav__short">{i18n.text(short)}</span>
        </a>
    }
}

/// The navigation's tab that `path` belongs to, by its address: the router's paths (`lib.rs`).
fn section(path: &str) -> Option<&'static str> {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    match first {
        "parcours" | "progres" | "papier" => Some("/parcours"),
        "seances" => Some("/seances"),
        "tableau-de-bord" => Some("/tableau-de-bord"),
        _ => None,
    }
}

/// Moves the keyboard's focus to the page's content (the router would only scroll to it).
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(main) = document().get_element_by_id("main") {
        let _ = main.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// The name of the page at `path`, for its tab: the router's paths (`lib.rs`).
fn tab_name(path: &str) -> Msg {
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    match parts.as_slice() {
        [] => Msg::TabHome,
        ["parcours"] => Msg::JourneyTitle,
        ["parcours", _, _] => Msg::TabSurvey,
        ["progres", _] => Msg::ProgressTitle,
        ["seances"] => Msg::SessionsTitle,
        ["seances", _] => Msg::TabSession,
        ["seances", _, "kiosque"] => Msg::KioskMode,
        ["seances", _, "resultats"] => Msg::TabLive,
        ["seances", _, "papier"] | ["papier", _] => Msg::PaperVersion,
        ["rejoindre", _] => Msg::JoinTitle,
        ["tableau-de-bord"] => Msg::BoardTitle,
        ["tableau-de-bord", "rapport"] => Msg::AnnualReport,
        ["vos-donnees"] => Msg::YourDataTitle,
        _ => Msg::NotFoundTitle,
    }
}

/// Says what matters about the network: offline, or the server out of reach when something
/// waits to be shared, and how many contributions wait; announced politely when it changes.
#[component]
fn OnlineBadge() -> impl IntoView {
    let i18n = use_i18n();
    let online = use_status().online;
    let sync = crate::sync::use_sync();
    let unreachable = move || {
        sync.view
            .with(|v| v.last_error.as_deref() == Some(crate::sync::UNREACHABLE))
    };
    let state = move || {
        if !online.get() {
            "offline"
        } else if unreachable() {
            "unreachable"
        } else {
            "online"
        }
    };
    let text = move || {
        let head = i18n.t(match state() {
            "offline" => Msg::Offline,
            "unreachable" => Msg::ServerOutOfReach,
            _ => Msg::Online,
        });
        // A plain message with the number before it: no plural rules in the first module.
        match sync.view.with(|v| v.pending) {
            0 => head.to_owned(),
            n => format!("{head} · {n} {}", i18n.t(Msg::Waiting)),
        }
    };
    view! {
        <p
            class="online-badge"
            class=("online-badge--offline", move || state() != "online")
            role="status"
            data-online=move || online.get().to_string()
            data-state=state
        >
            <span class="online-badge__dot" aria-hidden="true"></span>
            {text}
        </p>
    }
}

/// Two buttons, FR and EN; the choice is remembered on the device.
#[component]
fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="lang-switch" role="group" aria-label=i18n.text(Msg::LanguageLabel)>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="button"
                            class="lang-switch__button"
                            lang=lang.code()
                            title=lang.native_name()
                            aria-pressed=move || (i18n.lang() == lang).to_string()
                            on:click=move |_| choose_lang(i18n, lang)
                        >
                            {lang.code().to_ascii_uppercase()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// A footer line telling where the data lives and whether the browser keeps it; its
/// `data-storage` is `ok`, `warn` (the browser may evict it) or `error` once storage is open.
/// Once the service worker has kept the whole app, it says the app works offline here. At an
/// address that is not secure (`http://` on another machine), it also says what the browser
/// withholds there: the offline copy and the kiosk's PIN.
#[component]
fn StorageNotice() -> impl IntoView {
    let i18n = use_i18n();
    let storage = use_status().storage;
    let insecure = web_sys::window().is_some_and(|w| !w.is_secure_context());

    let tone = move || match storage.get() {
        StorageState::Opening => None,
        StorageState::Ready { persisted: true } => Some("ok"),
        StorageState::Ready { persisted: false } => Some("warn"),
        StorageState::Failed(_) => Some("error"),
    };
    let detail = move || match storage.get() {
        StorageState::Ready { persisted: true } => Some(i18n.t(Msg::StoragePersisted)),
        StorageState::Failed(_) => Some(i18n.t(Msg::StorageUnavailable)),
        _ => None,
    };
    view! {
        <footer class="app-footer" data-storage=tone>
            <div class="app-footer__inner">
                <p>
                    {i18n.text(Msg::StorageLocal)}
                    // What Bilan keeps, shares and shows (hidden in the kiosk, which a
                    // participant does not leave: the style sheet).
                    " " <A href="/vos-donnees" attr:class="app-footer__data">
                        {i18n.text(Msg::YourDataLink)}
                    </A>
                </p>
                // Shown by the style sheet once `index.html` marks the page as kept.
                <p class="storage-notice offline-kept" data-tone="ok">
                    {i18n.text(Msg::OfflineKept)}
                </p>
                {insecure
                    .then(|| {
                        view! {
                            <p class="storage-notice insecure-notice" data-tone="warn">
                                {i18n.text(Msg::InsecureAddress)}
                            </p>
                        }
                    })}
                {move || {
                    detail()
                        .map(|text| {
                            view! {
                                <p class="storage-notice" data-tone=tone>
                                    {text}
                                </p>
                            }
                        })
                }}
            </div>
        </footer>
    }
}

/// Banners under the header: the app is offline; a new version is ready (applied only on request,
/// so nobody loses their place mid-survey). A participant's phone keeps nothing: offline, its
/// answers wait in the open page.
#[component]
fn Banners() -> impl IntoView {
    let i18n = use_i18n();
    let online = use_status().online;
    let location = leptos_router::hooks::use_location();
    let pending = || {
        web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &"bilanUpdate".into()).ok())
            .is_some_and(|v| v.is_truthy())
    };
    let update = RwSignal::new(pending());
    let listener = window_event_listener_untyped("bilan-update", move |_| update.set(true));
    on_cleanup(move || listener.remove());
    let apply = move |_| {
        if let Some(w) = web_sys::window()
            && let Ok(f) = js_sys::Reflect::get(&w, &"bilanApplyUpdate".into())
            && let Some(f) = f.dyn_ref::<js_sys::Function>()
        {
            let _ = f.call0(&w);
        }
    };
    view! {
        <Show when=move || !online.get()>
            <p class="banner banner--offline" role="status">
                // Drawn anew each time the page goes offline.
                {i18n
                    .text(
                        if location.pathname.with_untracked(|p| p.starts_with("/rejoindre")) {
                            Msg::OfflinePhone
                        } else {
                            Msg::OfflineBanner
                        },
                    )}
            </p>
        </Show>
        <Show when=move || update.get()>
            <div class="banner banner--update" role="status">
                <p>
                    <strong>{i18n.text(Msg::UpdateAvailable)}</strong>
                    " "
                    {i18n.text(Msg::UpdateHint)}
                </p>
                <button type="button" class="button" on:click=apply>
                    {i18n.text(Msg::UpdateNow)}
                </button>
            </div>
        </Show>
    }
}
