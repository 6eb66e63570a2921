//! The app's shell as a person meets it: French first, a remembered language switch, navigation,
//! the network indicator, an address that is not secure; and the server's health endpoint.

use fantoccini::Locator;
use serde_json::json;

use crate::harness::{Browser, Server, TempDir};

#[tokio::test]
async fn health_endpoint_answers_over_http() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let response = reqwest::get(format!("{}/api/v1/health", server.url)).await?;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await?;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "sqlite");
    assert_eq!(body["version"], bilan_core::VERSION);
    let status = server.stop().await?;
    assert!(
        status.success(),
        "SIGTERM should stop the server cleanly, got {status}"
    );
    Ok(())
}

#[tokio::test]
async fn sigterm_right_after_start_up_still_stops_the_server_cleanly() -> anyhow::Result<()> {
    // The signal handlers must exist before the server announces its address: an operator's
    // or supervisor's SIGTERM can come at any moment after that.
    for _ in 0..10 {
        let server = Server::start().await?;
        let status = server.stop().await?;
        assert!(status.success(), "killed instead of stopped: {status}");
    }
    Ok(())
}

/// Records the text of the first heading the page holds, as soon as it holds one.
const FIRST_HEADING: &str = r#"
new MutationObserver((_, observer) => {
  const heading = document.querySelector("h1");
  if (heading && heading.textContent) {
    window.firstHeading = heading.textContent;
    observer.disconnect();
  }
}).observe(document, { subtree: true, childList: true, characterData: true });
"#;

/// Writes the settings an earlier version kept in IndexedDB, and forgets the ones the shell now
/// keeps in `localStorage`, as on a device that last ran that version.
const EARLIER_SETTINGS: &str = r#"
const [lang, kiosk, done] = arguments;
const request = indexedDB.open("bilan");
request.onerror = () => done("cannot open: " + request.error);
request.onsuccess = () => {
  const db = request.result;
  const tx = db.transaction("settings", "readwrite");
  tx.objectStore("settings").put(lang, "lang");
  tx.objectStore("settings").put(kiosk, "kiosk");
  tx.oncomplete = () => { db.close(); localStorage.clear(); done("written"); };
  tx.onerror = () => done("cannot write: " + tx.error);
};
"#;

/// Answers "kept" once the device's storage holds the setting named by the first argument.
const SETTING_KEPT: &str = r#"
const [key, done] = arguments;
const request = indexedDB.open("bilan");
request.onerror = () => done("cannot open: " + request.error);
request.onsuccess = () => {
  const db = request.result;
  const read = db.transaction("settings").objectStore("settings").get(key);
  read.onsuccess = () => { db.close(); done(read.result === undefined ? "not yet" : "kept"); };
  read.onerror = () => done("cannot read: " + read.error);
};
"#;

#[tokio::test]
async fn a_device_set_up_by_an_earlier_version_keeps_its_language_and_its_kiosk_lock()
-> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    c.goto(&format!("{}/", server.url)).await?;
    browser.wait_text("h1", "Bienvenue sur Bilan").await?;
    browser
        .wait_js("document.querySelector('footer[data-storage]') !== null")
        .await?;
    let written = c
        .execute_async(
            EARLIER_SETTINGS,
            vec![serde_json::json!("en"), serde_json::json!("s-upgrade")],
        )
        .await?;
    assert_eq!(written, "written");

    // The first visit of this version moves both settings and applies them.
    c.refresh().await?;
    browser
        .wait_js("location.pathname === '/seances/s-upgrade/kiosque'")
        .await?;
    browser
        .wait_js("document.documentElement.lang === 'en'")
        .await?;
    let kept = c
        .execute(
            "return [localStorage.getItem('bilan.lang'), localStorage.getItem('bilan.kiosk')]",
            vec![],
        )
        .await?;
    assert_eq!(kept, serde_json::json!(["en", "s-upgrade"]));

    // From then on they hold from the first frame: an address typed on the kiosk leads back
    // to it.
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser
        .wait_js("location.pathname === '/seances/s-upgrade/kiosque'")
        .await?;
    browser
        .wait_js("document.documentElement.lang === 'en'")
        .await?;
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn shell_opens_in_french_and_remembers_english_across_reloads() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    c.goto(&format!("{}/", server.url)).await?;
    browser.wait_text("h1", "Bienvenue sur Bilan").await?;
    assert_eq!(
        c.execute("return document.documentElement.lang", vec![])
            .await?,
        "fr"
    );
    let nav = c.find(Locator::Css("nav.app-nav")).await?.text().await?;
    for space in ["Mon parcours", "Séances collectives", "Tableau de bord"] {
        assert!(nav.contains(space), "navigation lacks {space:?}: {nav:?}");
    }
    browser.wait_text(".online-badge", "En ligne").await?;
    // Storage opened and the persistence answer is known.
    browser
        .wait_js("document.querySelector('footer[data-storage]') !== null")
        .await?;
    let tone = c
        .execute(
            "return document.querySelector('footer[data-storage]').dataset.storage",
            vec![],
        )
        .await?;
    let warning = "document.querySelector('.eviction-warning') !== null";
    // Whether the page warns, once its storage is open (the footer says how it keeps the data).
    let warned = || async {
        browser
            .wait_js("document.querySelector('footer[data-storage]') !== null")
            .await?;
        anyhow::Ok(c.execute(&format!("return {warning}"), vec![]).await? == true)
    };
    // Refused, it is said once, where the data lives ("Mon parcours"), with the backup one click
    // away, as soon as there is something to back up; closed, it stays closed. Never on the home
    // page.
    assert!(!warned().await?);
    if tone == "warn" {
        c.goto(&format!("{}/parcours", server.url)).await?;
        browser.wait_text(".profiles", "Aucun profil").await?;
        assert!(
            !warned().await?,
            "a newcomer's device, which holds nothing, is warned of nothing"
        );
        assert_eq!(
            c.execute(
                "return document.querySelector('.backup__last') === null",
                vec![]
            )
            .await?,
            true,
            "nor told it was never backed up"
        );
        browser
            .create_profile(&server.url, "Camille", "Le Panier")
            .await?;
        browser
            .wait_text(".eviction-warning button", "Sauvegarder mes données")
            .await?;
        browser.click(".eviction-warning .callout__close").await?;
        browser.wait_js(&format!("!({warning})")).await?;
        // The choice is written in the background: the reload waits for it, as a person would
        // not reload within the same milliseconds.
        browser
            .wait_js_async(
                SETTING_KEPT,
                serde_json::json!("eviction_warning_seen"),
                "kept",
            )
            .await?;
        c.refresh().await?;
        browser.wait_text("h1", "Mon parcours").await?;
        assert!(!warned().await?, "the warning shows only once");
        c.goto(&format!("{}/", server.url)).await?;
        browser.wait_text("h1", "Bienvenue sur Bilan").await?;
    }

    c.find(Locator::Css("button.lang-switch__button[lang='en']"))
        .await?
        .click()
        .await?;
    browser.wait_text("h1", "Welcome to Bilan").await?;
    assert_eq!(
        c.execute("return document.documentElement.lang", vec![])
            .await?,
        "en"
    );

    // The choice is kept on the device: a reload comes back in English, from its first frame
    // (the first heading the page ever held is recorded as it appears).
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": FIRST_HEADING }),
        )
        .await?;
    c.refresh().await?;
    browser.wait_text("h1", "Welcome to Bilan").await?;
    browser.wait_text("nav.app-nav", "My journey").await?;
    assert_eq!(
        c.execute("return window.firstHeading", vec![]).await?,
        "Welcome to Bilan",
        "the page showed another language first"
    );

    // Client-side navigation to a space, then a deep link served by the index fallback.
    c.find(Locator::Css("nav.app-nav a[href='/seances']"))
        .await?
        .click()
        .await?;
    browser.wait_text("h1", "Group sessions").await?;
    let current = c
        .find(Locator::Css("nav.app-nav a[aria-current='page']"))
        .await?
        .text()
        .await?;
    assert_eq!(current, "Group sessions");
    c.goto(&format!("{}/tableau-de-bord", server.url)).await?;
    browser.wait_text("h1", "Dashboard").await?;
    c.goto(&format!("{}/nulle-part", server.url)).await?;
    browser.wait_text("h1", "Page not found").await?;

    browser.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn offline_indicator_follows_the_network() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    c.goto(&format!("{}/", server.url)).await?;
    browser.wait_text(".online-badge", "En ligne").await?;
    // Chromium drops its network as if the Wi-Fi went away.
    browser.set_offline(true).await?;
    browser.wait_text(".online-badge", "Hors ligne").await?;
    browser
        .wait_text(".banner--offline", "Vous êtes hors ligne")
        .await?;
    assert_eq!(c.execute("return navigator.onLine", vec![]).await?, false);
    browser.set_offline(false).await?;
    browser.wait_text(".online-badge", "En ligne").await?;
    browser
        .wait_js("document.querySelector('.banner--offline') === null")
        .await?;
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// Plain `http://` to another machine is not a secure address: browsers withhold the service
/// worker (no offline copy) and Web Crypto (no kiosk PIN) there. The footer says so, and setting
/// the kiosk's PIN says why it cannot, in French, instead of failing in the browser's words. The
/// same server at a secure address (this computer's own) says nothing.
#[tokio::test]
async fn an_address_that_is_not_secure_says_what_the_browser_withholds() -> anyhow::Result<()> {
    let (server, database) = Server::start_with_database("insecure-server", &[]).await?;
    let facilitator = crate::harness::token(&database, "facilitator")?;
    let port = server.url.rsplit(':').next().unwrap_or_default();
    // A name for the loopback that is not `localhost`: Chromium treats it as another machine.
    let insecure = format!("http://bilan.test:{port}");
    let browser = Browser::start_with(
        TempDir::new("insecure"),
        &["--host-resolver-rules=MAP bilan.test 127.0.0.1"],
    )
    .await?;
    let c = &browser.client;

    c.goto(&format!("{}/", server.url)).await?;
    browser.wait_text("h1", "Bienvenue").await?;
    assert!(
        c.find_all(Locator::Css(".insecure-notice"))
            .await?
            .is_empty(),
        "a secure address has no warning"
    );

    c.goto(&format!("{insecure}/")).await?;
    let said = browser.wait_text(".insecure-notice", "https://").await?;
    assert!(
        said.contains("n’est pas sécurisée") && said.contains("hors connexion"),
        "{said}"
    );
    // The device's storage is open before the next page (the footer says how it is kept).
    browser
        .wait_js("document.querySelector('.app-footer[data-storage]') !== null")
        .await?;
    assert_eq!(
        c.execute(
            "return [window.isSecureContext, 'serviceWorker' in navigator]",
            vec![]
        )
        .await?,
        serde_json::json!([false, false])
    );

    // A session is created on the device as anywhere; its kiosk cannot be locked here.
    c.goto(&format!("{insecure}/seances#join?token={facilitator}"))
        .await?;
    // The form is filled once the join link is followed, as a facilitator would read it.
    browser
        .wait_text(".linked-notice", "relié au serveur bilan.test")
        .await?;
    browser.type_text("#session-title", "Atelier").await?;
    browser.click(".session-form button[type=submit]").await?;
    browser.wait_text(".session-facts", "").await?;
    crate::sessions::start_kiosk(&browser, "2468").await?;
    let refused = browser
        .wait_text(".callout--error", "adresse sécurisée")
        .await?;
    assert!(refused.contains("https://"), "{refused}");
    assert!(
        !c.current_url().await?.path().ends_with("/kiosque"),
        "the kiosk did not start"
    );
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// Whether the page in this tab is the one `mark` was set on: a page kept in the back/forward
/// cache comes back with its variables, a page loaded again without them. With, when it is
/// not, the reasons Chromium gives (`notRestoredReasons`).
async fn came_back_kept(browser: &Browser, mark: u32) -> anyhow::Result<(bool, String)> {
    let c = &browser.client;
    c.goto(&format!("{}/seances", origin(browser).await?))
        .await?;
    browser.wait_text("h1", "Séances").await?;
    c.back().await?;
    browser.wait_text("h1", "Bienvenue").await?;
    let kept =
        c.execute("return window.bilanMark ?? null", vec![]).await? == serde_json::json!(mark);
    let why = c
        .execute(
            "return JSON.stringify(performance.getEntriesByType('navigation')[0]?.notRestoredReasons ?? null)",
            vec![],
        )
        .await?;
    Ok((kept, why.as_str().unwrap_or_default().to_owned()))
}

async fn origin(browser: &Browser) -> anyhow::Result<String> {
    let url = browser.client.current_url().await?;
    Ok(url.origin().ascii_serialization())
}

/// A connection to the app's database as its first version made it, held open: a newer
/// version's opening then waits for it, and `window.asked` says one is waiting.
const HOLD_FIRST_VERSION: &str = r#"
const done = arguments[0];
const request = indexedDB.open("bilan", 1);
request.onupgradeneeded = () => {
  for (const store of ["profiles", "drafts", "readings", "sessions", "outbox"]) {
    request.result.createObjectStore(store, { keyPath: "id" });
  }
  request.result.createObjectStore("settings");
};
request.onerror = () => done("cannot open: " + request.error);
request.onsuccess = () => {
  window.held = request.result;
  window.held.onversionchange = () => { window.asked = true; };
  done("held");
};
"#;

#[tokio::test]
async fn a_page_left_while_its_storage_opens_is_not_kept_frozen_to_hold_the_next_ones()
-> anyhow::Result<()> {
    // A page frozen in the back/forward cache in the middle of opening IndexedDB held every
    // later opening of the database: the next page said « Chargement… » for good (seen on
    // http://, where the first writes follow the opening at once). Here another tab holds the
    // database, so the page is left while its opening waits, every time.
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    c.goto(&format!("{}/manifest.webmanifest", server.url))
        .await?;
    let holder = c.window().await?;
    assert_eq!(c.execute_async(HOLD_FIRST_VERSION, vec![]).await?, "held");

    let app = c.new_window(true).await?.handle;
    c.switch_to_window(app.clone()).await?;
    c.goto(&format!("{}/", server.url)).await?;
    browser.wait_text("h1", "Bienvenue").await?;
    c.execute("window.bilanMark = 1", vec![]).await?;
    c.switch_to_window(holder.clone()).await?;
    browser.wait_js("window.asked === true").await?;
    c.switch_to_window(app.clone()).await?;
    assert!(
        !came_back_kept(&browser, 1).await?.0,
        "a page whose storage was opening was kept frozen"
    );

    c.switch_to_window(holder).await?;
    c.execute("window.held.close()", vec![]).await?;
    c.switch_to_window(app).await?;
    browser
        .wait_js("document.querySelector('.app-footer[data-storage]') !== null")
        .await?;
    // Once open, the page is kept as any other: back and forward stay instant. The service
    // worker is first let finish taking the page and keeping the app: the browser drops a kept
    // page that its worker claims or writes to, which depends on the moment, not on the page.
    browser.wait_offline_ready().await?;
    c.execute("window.bilanMark = 2", vec![]).await?;
    let (kept, why) = came_back_kept(&browser, 2).await?;
    assert!(kept, "a page whose storage is open was not kept: {why}");
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn the_manifest_makes_the_app_installable_with_real_icons() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let manifest: serde_json::Value = reqwest::get(format!("{}/manifest.webmanifest", server.url))
        .await?
        .json()
        .await?;
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["start_url"], "/");
    let mut sizes = Vec::new();
    for icon in manifest["icons"].as_array().expect("an icon list") {
        let src = icon["src"].as_str().expect("an icon path");
        let bytes = reqwest::get(format!("{}{src}", server.url))
            .await?
            .error_for_status()?
            .bytes()
            .await?;
        if icon["type"] == "image/png" {
            // A PNG's IHDR chunk holds its width and height, big-endian, at bytes 16..24.
            assert_eq!(&bytes[1..4], b"PNG", "{src} is a PNG");
            let side = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
            let real = format!("{}x{}", side(16), side(20));
            assert_eq!(icon["sizes"], real.as_str(), "{src} has the size it claims");
            sizes.push(real);
        }
    }
    assert_eq!(sizes, ["192x192", "512x512"]);
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn every_page_names_its_tab_and_the_first_tab_skips_to_the_content() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    let pages = [
        ("/", "Accueil — Bilan"),
        ("/parcours", "Mon parcours — Bilan"),
        ("/seances", "Séances collectives — Bilan"),
        ("/tableau-de-bord", "Tableau de bord — Bilan"),
        ("/vos-donnees", "Vos données — Bilan"),
        ("/rejoindre/ABCDEF", "Rejoindre une séance — Bilan"),
        ("/nulle-part", "Page introuvable — Bilan"),
    ];
    for (path, title) in pages {
        c.goto(&format!("{}{path}", server.url)).await?;
        browser
            .wait_js(&format!("document.title === {title:?}"))
            .await
            .map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
    }
    // In English, and following the navigation inside the app.
    c.goto(&format!("{}/", server.url)).await?;
    browser.click(".lang-switch__button[lang=en]").await?;
    browser.wait_js("document.title === 'Home — Bilan'").await?;
    browser.click("nav.app-nav a[href='/seances']").await?;
    browser
        .wait_js("document.title === 'Group sessions — Bilan'")
        .await?;

    // The first Tab stop is the skip link; following it puts the keyboard in the content.
    c.goto(&format!("{}/", server.url)).await?;
    browser.wait_text("h1", "").await?;
    c.find(Locator::Css("body"))
        .await?
        .send_keys(&fantoccini::key::Key::Tab.to_string())
        .await?;
    browser
        .wait_js("document.activeElement && document.activeElement.matches('a.skip-link')")
        .await?;
    c.active_element()
        .await?
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await?;
    browser
        .wait_js("document.activeElement && document.activeElement.id === 'main'")
        .await?;
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// A browser that refused to keep the site's data at the first visit may agree later (Chromium
/// does once the site is used often, or installed): each start reads whether it keeps them now,
/// and a review kept asks again; the warning then goes and the footer says so.
#[tokio::test]
async fn a_browser_that_refused_to_keep_the_data_is_asked_again_once_a_review_is_kept()
-> anyhow::Result<()> {
    let server = Server::start().await?;
    let base = server.url.as_str();
    let tone = "return document.querySelector('footer[data-storage]')?.dataset.storage";
    let kept = "document.querySelector('footer[data-storage]')?.dataset.storage === 'ok' \
                && document.querySelector('.eviction-warning') === null";
    // Refused at the first visit, said; the browser would now agree (as it does for an
    // installed app).
    let refused = || async {
        let browser = Browser::start().await?;
        browser.create_profile(base, "Camille", "Le Panier").await?;
        browser
            .wait_text(".eviction-warning", "pourrait effacer")
            .await?;
        assert_eq!(browser.client.execute(tone, vec![]).await?, json!("warn"));
        browser
            .cdp(
                "Browser.grantPermissions",
                json!({ "origin": base, "permissions": ["durableStorage"] }),
            )
            .await?;
        anyhow::Ok(browser)
    };

    // The next start reads that the data is kept now.
    let browser = refused().await?;
    browser.client.refresh().await?;
    browser.wait_text(".profiles", "Camille").await?;
    browser.wait_js(kept).await?;
    browser.close().await?;

    // Without a new start (the survey opened from the page), a review kept asks again: kept
    // for good, the warning gone.
    let browser = refused().await?;
    let c = &browser.client;
    crate::sync::submit_from_the_journey(&browser).await?;
    browser.wait_js(kept).await?;
    assert_eq!(
        c.execute("return navigator.storage.persisted()", vec![])
            .await?,
        json!(true)
    );
    c.goto(&format!("{base}/parcours")).await?;
    browser.wait_text(".profiles", "Camille").await?;
    browser.wait_js(kept).await?;
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// « Vos données », from the footer of any page: what stays on the device, what leaves it and
/// only with consent, what the board sees, sessions, erasing; in both languages, and offline
/// once the app is kept, since a person may wonder before ever reaching the server.
#[tokio::test]
async fn the_footer_says_where_the_data_goes_on_a_page_of_its_own_offline_too() -> anyhow::Result<()>
{
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    // At the moment of consent, beside what the sharing panel says in short.
    let group = crate::harness::token(&server.database_url(), "contributor")?;
    c.goto(&format!("{}/parcours#join?token={group}", server.url))
        .await?;
    browser
        .wait_text(".sharing", "maintenant relié au serveur")
        .await?;
    browser.click(".sharing a[href='/vos-donnees']").await?;
    browser.wait_text("h1", "Vos données").await?;
    // And from the footer of any page.
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser.wait_text("h1", "Mon parcours").await?;
    browser.click(".app-footer a.app-footer__data").await?;
    browser.wait_text("h1", "Vos données").await?;
    browser
        .wait_js("location.pathname === '/vos-donnees'")
        .await?;
    let parts = c
        .execute(
            "return [...document.querySelectorAll('.data__part h2')].map(h => h.textContent)",
            vec![],
        )
        .await?;
    assert_eq!(
        parts,
        json!([
            "Ce qui reste sur cet appareil",
            "Ce qui en part, seulement si vous le voulez",
            "Ce que voit le conseil d’administration",
            "Dans une séance collective",
            "Effacer"
        ])
    );
    // Whether this browser agreed to keep the data, as it says itself.
    let persisted = c
        .execute_async(
            "const done = arguments[0]; navigator.storage.persisted().then(done, () => done(null))",
            vec![],
        )
        .await?;
    let expected = match persisted.as_bool() {
        Some(true) => "Le navigateur conservera vos données.",
        _ => "Le navigateur pourrait effacer vos données",
    };
    browser.wait_text(".data__kept", expected).await?;
    let text = browser.wait_text(".data", "Jamais votre nom").await?;
    for promise in [
        "ni le Pôle ni le serveur ne peuvent le lire",
        "seulement si vous cochez le partage",
        "de deux au plus",
        "jamais moins de trois",
        "seuls les totaux de la séance partent, une fois",
        "rien ne les relie plus à vous",
    ] {
        assert!(text.contains(promise), "{promise:?} is not said:\n{text}");
    }
    browser.click(".lang-switch__button[lang=en]").await?;
    browser.wait_text("h1", "Your data").await?;
    browser
        .wait_text(".data", "Never your name, your project")
        .await?;
    browser.click(".lang-switch__button[lang=fr]").await?;
    browser.wait_text("h1", "Vos données").await?;

    // Kept for offline with the rest of the app: opened from its address with the server gone.
    browser.wait_offline_ready().await?;
    let base = server.url.clone();
    server.stop().await?;
    c.goto(&format!("{base}/vos-donnees")).await?;
    browser.wait_text(".data", "Effacer").await?;
    browser.close().await
}
