//! The app as the split build delivers it: a page loads its own group's chunks and no other's,
//! its first data is asked for by `index.html` before the app runs, a participant's phone keeps
//! nothing for offline it will not use, and a holder's browser keeps every chunk once the app is
//! interactive.

use std::path::Path;

use serde_json::json;

use crate::harness::{Browser, Proxy, Server, open_session, token};

/// The paths of every file in the service worker's caches, one per line.
const CACHED: &str = "const done = arguments[arguments.length - 1]; \
    navigator.serviceWorker.ready.then(async () => { const paths = []; \
    for (const name of await caches.keys()) { const cache = await caches.open(name); \
    for (const request of await cache.keys()) paths.push(new URL(request.url).pathname); } \
    done(paths.join('\\n')); });";

/// Every wasm file the service worker keeps whose bytes do not hash to the name they are kept
/// under (the build names each by its SHA-256), as `path: hash`, one per line.
const KEPT_WRONG: &str = "const done = arguments[arguments.length - 1]; \
    navigator.serviceWorker.ready.then(async () => { const wrong = []; \
    for (const name of await caches.keys()) { const cache = await caches.open(name); \
    for (const request of await cache.keys()) { const path = new URL(request.url).pathname; \
    if (!path.endsWith('.wasm')) continue; \
    const bytes = await (await cache.match(request)).arrayBuffer(); \
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)); \
    const hash = [...digest.subarray(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join(''); \
    if (!path.endsWith(`-${hash}.wasm`)) wrong.push(`${path}: ${hash}`); } } \
    done(wrong.join('\\n')); });";

/// The paths the browser asked the server for through `proxy`, in order.
fn asked_through(proxy: &Proxy) -> Vec<String> {
    String::from_utf8_lossy(&proxy.recorded())
        .split("GET ")
        .skip(1)
        .filter_map(|rest| rest.split(' ').next())
        .map(str::to_owned)
        .collect()
}

/// The paths of every wasm file this page fetched, one per line.
const FETCHED: &str = "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => p.endsWith('.wasm')).join('\\n')";

/// The French messages of the pages outside the first module (`i18n::load_later`).
const LATER_FRENCH: &str = "/messages/fr-later.txt";

/// The groups' own chunks a participant's phone has no use for.
const NOT_THE_PARTICIPANTS: [&str; 5] = [
    "split_board",
    "split_journey",
    "split_sessions",
    "split_device",
    "split_charts",
];

/// The chunks a group loads (its own and the shared ones), as the build's loader lists them.
fn loader_chunks() -> anyhow::Result<Vec<String>> {
    let dist = crate::harness::dist();
    for entry in std::fs::read_dir(&dist)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.starts_with("bilan_split-") && name.ends_with(".js") && !name.ends_with(".gz") {
            let loader = std::fs::read_to_string(dist.join(&name))?;
            let chunks = loader
                .split("new URL(\"./")
                .skip(1)
                .filter_map(|rest| rest.split('"').next())
                .map(|file| format!("/{file}"))
                .collect();
            return Ok(chunks);
        }
    }
    anyhow::bail!(
        "{} holds no chunks' loader: the build is not split",
        dist.display()
    )
}

/// Asserts that this page asked for `path` once, and (if `before_the_app`) before the first
/// module was running: `index.html` began it and the app took that response.
async fn asked_once(browser: &Browser, path: &str, before_the_app: bool) -> anyhow::Result<()> {
    let starts = asked(browser, path).await?;
    assert_eq!(starts.len(), 1, "{path} asked for {} times", starts.len());
    if before_the_app {
        let ready = browser
            .client
            .execute(
                "return performance.getEntriesByName('bilan-ready')[0].startTime",
                vec![],
            )
            .await?;
        let ready = ready.as_f64().unwrap_or_default();
        assert!(
            starts[0] < ready,
            "{path} asked for at {} ms, after the app was running at {ready} ms",
            starts[0]
        );
    }
    Ok(())
}

/// When this page asked for `path` (ms after it began), each time.
async fn asked(browser: &Browser, path: &str) -> anyhow::Result<Vec<f64>> {
    let starts = browser
        .client
        .execute(
            "return performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname === arguments[0]).map(e => e.startTime)",
            vec![json!(path)],
        )
        .await?;
    Ok(serde_json::from_value(starts)?)
}

/// Asserts that the app took every response `index.html` began fetching.
async fn every_early_response_taken(browser: &Browser) -> anyhow::Result<()> {
    let left = browser
        .client
        .execute("return [...window.bilanEarly.keys()]", vec![])
        .await?;
    assert_eq!(left, json!([]), "fetched early and never used");
    Ok(())
}

#[tokio::test]
async fn a_phone_scanning_the_qr_code_has_its_session_and_survey_asked_for_before_the_app_runs()
-> anyhow::Result<()> {
    let (server, database) = Server::start_with_database("early", &[]).await?;
    let facilitator = token(&database, "facilitator")?;
    let code = "EARNESTK2";
    open_session(&server.url, &facilitator, code).await?;
    let phone = Browser::start().await?;
    // The code as someone may type it in the address: lower case, groups apart; `index.html`
    // reads it as the app does.
    phone
        .client
        .goto(&format!("{}/rejoindre/earn-est-k2", server.url))
        .await?;
    phone
        .wait_text(".kiosk-intro", "une réponse par téléphone")
        .await?;
    asked_once(&phone, &format!("/api/v1/sessions/{code}"), true).await?;
    asked_once(&phone, "/surveys/seance-collective.json", false).await?;
    every_early_response_taken(&phone).await?;
    phone.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn a_holders_survey_opened_from_its_address_has_its_files_asked_for_before_the_app_runs()
-> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    browser
        .start_first_survey(&server.url, "Early", "Early")
        .await?;
    // Opened again from its address, as a bookmark or a reload opens it.
    let address = browser.client.current_url().await?;
    browser.client.goto(address.as_str()).await?;
    browser.wait_text(".survey__section", "").await?;
    let survey = address
        .path()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    asked_once(&browser, &format!("/surveys/{survey}.json"), true).await?;
    // The French that only the journey's, the sessions' and the board's pages say comes beside
    // their chunks.
    asked_once(&browser, LATER_FRENCH, true).await?;
    every_early_response_taken(&browser).await?;
    // A survey draws no chart before it is submitted: the charts' code is not loaded.
    let fetched = browser.client.execute(FETCHED, vec![]).await?;
    let fetched = fetched.as_str().unwrap_or_default();
    assert!(fetched.contains("split_journey"), "{fetched}");
    assert!(!fetched.contains("split_charts"), "{fetched}");
    // The survey page lists no surveys: the index is asked for by the pages that do.
    let index = "/surveys/index.json";
    assert_eq!(asked(&browser, index).await?.len(), 0, "{index} asked for");
    // The same survey on paper, opened from its address: its file and the sessions' chunks,
    // which draw the sheet, are asked for before the app runs, and taken.
    browser
        .client
        .goto(&format!("{}/papier/{survey}", server.url))
        .await?;
    browser.wait_text(".paper__question", "").await?;
    asked_once(&browser, &format!("/surveys/{survey}.json"), true).await?;
    asked_once(&browser, LATER_FRENCH, true).await?;
    every_early_response_taken(&browser).await?;
    let fetched = browser.client.execute(FETCHED, vec![]).await?;
    let fetched = fetched.as_str().unwrap_or_default();
    assert!(fetched.contains("split_sessions"), "{fetched}");
    browser
        .client
        .goto(&format!("{}/parcours", server.url))
        .await?;
    browser.wait_text(".profile-card", "Early").await?;
    asked_once(&browser, index, true).await?;
    every_early_response_taken(&browser).await?;
    // In English, its messages are asked for with the page's first data.
    browser.click(".lang-switch__button[lang=en]").await?;
    browser.wait_text("h1", "My journey").await?;
    browser.client.refresh().await?;
    browser.wait_text("h1", "My journey").await?;
    asked_once(&browser, "/messages/en.txt", true).await?;
    asked_once(&browser, "/messages/en-later.txt", true).await?;
    every_early_response_taken(&browser).await?;
    // The home page says none of the later pages' words: it reads only the English every page
    // says.
    browser.client.goto(&format!("{}/", server.url)).await?;
    browser.wait_text("h1", "Welcome").await?;
    asked_once(&browser, "/messages/en.txt", true).await?;
    assert_eq!(asked(&browser, "/messages/en-later.txt").await?.len(), 0);
    every_early_response_taken(&browser).await?;
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn a_participants_phone_loads_and_keeps_only_what_joining_needs() -> anyhow::Result<()> {
    let chunks = loader_chunks()?;
    assert!(
        chunks.len() >= 5,
        "one chunk per group at least: {chunks:?}"
    );
    let server = Server::start().await?;
    let phone = Browser::start().await?;
    phone
        .client
        .goto(&format!("{}/rejoindre/ZZZZZZZZZ", server.url))
        .await?;
    phone.wait_text("[role=alert]", "Aucune séance").await?;
    let fetched = phone.client.execute(FETCHED, vec![]).await?;
    let fetched = fetched.as_str().unwrap_or_default().to_owned();
    assert!(fetched.contains("bilan_split_participant"), "{fetched}");
    // index.html fetches and compiles the participant's chunks before the app runs; the loader
    // then takes those modules rather than asking again.
    for chunk in fetched
        .lines()
        .filter(|path| !path.contains("bilan_web_bg-"))
    {
        asked_once(&phone, chunk, true).await?;
    }
    every_early_response_taken(&phone).await?;
    let mut once: Vec<&str> = fetched.lines().collect();
    once.sort_unstable();
    once.dedup();
    assert_eq!(
        once.len(),
        fetched.lines().count(),
        "a file was fetched twice: {fetched}"
    );
    for other in NOT_THE_PARTICIPANTS {
        assert!(!fetched.contains(other), "{other} was fetched: {fetched}");
    }
    assert_eq!(
        asked(&phone, LATER_FRENCH).await?.len(),
        0,
        "the later French"
    );
    // The service worker has installed what every visit needs, and nothing of the other pages.
    phone
        .wait_js_async(CACHED, serde_json::Value::Null, "/index.html")
        .await?;
    let cached = phone
        .client
        .execute_async(CACHED, vec![serde_json::Value::Null])
        .await?;
    let cached = cached.as_str().unwrap_or_default();
    for other in NOT_THE_PARTICIPANTS {
        assert!(!cached.contains(other), "{other} was kept: {cached}");
    }
    assert!(!cached.contains("/surveys/"), "surveys were kept: {cached}");
    // Nor is the person told the app works offline: on this phone it does not.
    assert_eq!(
        phone
            .client
            .execute(
                "const kept = document.querySelector('.offline-kept'); \
                 return kept === null || getComputedStyle(kept).display === 'none'",
                vec![],
            )
            .await?,
        json!(true),
        "a phone was told the app works offline"
    );
    // Nor does it open the device's database: it keeps no data, and loads no storage code.
    let databases = phone
        .client
        .execute_async(
            "indexedDB.databases().then((d) => arguments[0](d.map((x) => x.name)))",
            vec![],
        )
        .await?;
    assert_eq!(databases, json!([]), "a phone opened IndexedDB");
    phone.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn a_holders_browser_keeps_every_chunk_for_offline() -> anyhow::Result<()> {
    let chunks = loader_chunks()?;
    let server = Server::start().await?;
    let proxy = Proxy::start(&server.url).await?;
    let browser = Browser::start().await?;
    // The moment the app says its first screen is up, and whether a service worker was
    // registered by then, as each page records them.
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": "addEventListener('bilan-first-screen', () => { \
                performance.mark('first-screen'); \
                navigator.serviceWorker.getRegistration().then((r) => { window.registeredBefore = !!r; }); })" }),
        )
        .await?;
    browser.client.goto(&format!("{}/", proxy.url)).await?;
    browser.wait_text("h1", "Bienvenue").await?;
    // The device's storage and the service worker wait for the first screen: on a first visit,
    // its install and their chunk were competing with the page.
    browser
        .wait_js("performance.getEntriesByName('first-screen').length > 0")
        .await?;
    browser
        .wait_js("performance.getEntriesByType('resource').some(e => e.name.includes('bilan_split_device_group'))")
        .await?;
    let before = browser
        .client
        .execute(
            "const shown = performance.getEntriesByName('first-screen')[0].startTime; \
             return performance.getEntriesByType('resource') \
               .filter(e => e.name.includes('bilan_split_device_group') && e.startTime < shown) \
               .map(e => e.name)",
            vec![],
        )
        .await?;
    assert_eq!(
        before,
        json!([]),
        "asked for before the first screen was up"
    );
    browser
        .wait_js("window.registeredBefore !== undefined")
        .await?;
    assert_eq!(
        browser
            .client
            .execute("return window.registeredBefore", vec![])
            .await?,
        json!(false),
        "the service worker was registered before the first screen was up"
    );
    // The home page is in the first module: it fetches no page's chunk (only the device's
    // storage and sync outbox, started after the first screen).
    let fetched = browser.client.execute(FETCHED, vec![]).await?;
    let fetched = fetched.as_str().unwrap_or_default().to_owned();
    assert!(fetched.contains("bilan_web_bg-"), "{fetched}");
    for page in [
        "split_board",
        "split_journey",
        "split_sessions",
        "split_participant",
    ] {
        assert!(!fetched.contains(page), "{page} was fetched: {fetched}");
    }
    browser.wait_offline_ready().await?;
    // The person is told, once everything is kept.
    browser
        .wait_text(".app-footer .offline-kept", "aussi sans connexion")
        .await?;
    let cached = browser
        .client
        .execute_async(CACHED, vec![serde_json::Value::Null])
        .await?;
    let cached = cached.as_str().unwrap_or_default();
    // Every chunk but the own chunks of the board and of a phone joining a session: their pages
    // ask the server for what they show, so offline they have nothing to show.
    let online_only = ["/bilan_split_board_", "/bilan_split_participant_"];
    for chunk in &chunks {
        let kept = cached.lines().any(|p| p == chunk);
        if online_only.iter().any(|p| chunk.starts_with(p)) {
            assert!(!kept, "{chunk} kept: {cached}");
        } else {
            assert!(kept, "{chunk} not kept: {cached}");
        }
    }
    for prefix in online_only {
        assert!(chunks.iter().any(|c| c.starts_with(prefix)), "{chunks:?}");
    }
    // The home page loaded only the device's chunks: the rest came in the offline pack, which
    // weighs less than they do one by one, each rebuilt to the byte.
    let asked = asked_through(&proxy);
    assert_eq!(
        asked
            .iter()
            .filter(|p| p.starts_with("/bilan_offline-"))
            .count(),
        1,
        "{asked:?}"
    );
    for page in ["split_journey", "split_sessions", "split_charts"] {
        assert!(!asked.iter().any(|p| p.contains(page)), "{page}: {asked:?}");
    }
    let wrong = browser
        .client
        .execute_async(KEPT_WRONG, vec![serde_json::Value::Null])
        .await?;
    assert_eq!(wrong, json!(""), "kept with other bytes than built");
    // So did the surveys and messages, whole, each kept as built.
    let texts: Vec<&str> = cached
        .lines()
        .filter(|p| p.starts_with("/surveys/") || p.starts_with("/messages/"))
        .collect();
    assert!(
        texts.contains(&"/surveys/index.json") && texts.contains(&"/messages/en-later.txt"),
        "{cached}"
    );
    for text in texts {
        assert!(!asked.iter().any(|p| p == text), "{text}: {asked:?}");
        let kept = browser
            .client
            .execute_async(
                "const [path, done] = arguments; caches.match(path).then((r) => r.text()).then(done);",
                vec![json!(text)],
            )
            .await?;
        let built =
            std::fs::read_to_string(crate::harness::dist().join(text.trim_start_matches('/')))?;
        assert_eq!(kept.as_str(), Some(built.as_str()), "{text}");
    }
    // Once everything is kept, a visit downloads none of it again: with the server gone, the
    // next visit is ready for offline use all the same (it used to ask for every file anew).
    let base = proxy.url.clone();
    server.stop().await?;
    browser.client.refresh().await?;
    browser.wait_text("h1", "Bienvenue").await?;
    browser.wait_offline_ready().await?;
    browser
        .wait_text(".app-footer .offline-kept", "sans connexion")
        .await?;
    // And the build's files came from the cache by the browser's static route, without the
    // worker's script: each one's source as Chromium's resource timing tells it.
    let sources = browser
        .client
        .execute(
            "return performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname.startsWith('/bilan')).map(e => `${new URL(e.name).pathname} ${e.workerMatchedSourceType}/${e.workerFinalSourceType}`)",
            vec![],
        )
        .await?;
    let sources: Vec<String> = serde_json::from_value(sources)?;
    assert!(
        sources.iter().any(|s| s.contains("bilan_web_bg-"))
            && sources.iter().any(|s| s.contains("bilan_split_device")),
        "{sources:?}"
    );
    for source in &sources {
        assert!(source.ends_with(" cache/cache"), "{sources:?}");
    }
    // The board, not kept, cannot load without the server: its page says so (a failed chunk
    // used to abort the whole app), and the rest of the app still works.
    browser.click("a[href='/tableau-de-bord']").await?;
    browser.wait_text("h1", "Page indisponible").await?;
    browser
        .wait_text("[role=alert]", "le réseau ne répond pas")
        .await?;
    browser.click(".page a.button[href='/']").await?;
    browser.wait_text("h1", "Bienvenue").await?;
    // The pages whose chunks came in the pack open offline from them.
    browser.click("a[href='/parcours']").await?;
    browser.wait_text("h1", "Mon parcours").await?;
    browser.click("a[href='/seances']").await?;
    browser.wait_text("h1", "Séances collectives").await?;
    browser
        .wait_js("document.querySelector('#session-title') !== null")
        .await?;
    // Nor does a session's link: a phone joining asks the server for the session anyway.
    browser
        .client
        .goto(&format!("{base}/rejoindre/ABCDEFGHJ"))
        .await?;
    browser.wait_text("h1", "Page indisponible").await?;
    browser.close().await?;
    Ok(())
}

#[tokio::test]
async fn a_device_whose_first_page_is_a_session_takes_the_rest_in_the_pack_made_for_it()
-> anyhow::Result<()> {
    let server = Server::start().await?;
    let proxy = Proxy::start(&server.url).await?;
    let browser = Browser::start().await?;
    browser
        .client
        .goto(&format!("{}/seances", proxy.url))
        .await?;
    browser.wait_text("h1", "Séances collectives").await?;
    browser.wait_offline_ready().await?;
    // One pack, one of those without the sessions' chunks (the page loaded them), brought the
    // journey's and the charts' chunks: neither was asked for on its own.
    let asked = asked_through(&proxy);
    let packs: Vec<&String> = asked
        .iter()
        .filter(|p| p.starts_with("/bilan_offline-"))
        .collect();
    assert_eq!(packs.len(), 1, "{asked:?}");
    let worker = std::fs::read_to_string(crate::harness::dist().join("sw.js"))?;
    let listed = worker
        .lines()
        .find_map(|line| line.strip_prefix("const PACKS = "))
        .and_then(|json| json.strip_suffix(';'))
        .ok_or_else(|| anyhow::anyhow!("sw.js lists no packs"))?;
    let listed: serde_json::Value = serde_json::from_str(listed)?;
    let pack = listed["packs"]
        .as_array()
        .and_then(|all| all.iter().find(|p| p["path"] == json!(packs[0])))
        .ok_or_else(|| anyhow::anyhow!("{} is not listed: {listed}", packs[0]))?;
    let files = pack["files"].to_string();
    assert!(!files.contains("split_sessions"), "{files}");
    assert!(files.contains("split_journey"), "{files}");
    for page in ["split_journey", "split_charts"] {
        assert!(!asked.iter().any(|p| p.contains(page)), "{page}: {asked:?}");
    }
    every_chunk_kept_as_built(&browser).await?;
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn a_chart_whose_code_cannot_be_loaded_says_so_and_is_drawn_once_it_can() -> anyhow::Result<()>
{
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    let profile = browser
        .start_first_survey(&server.url, "Charts", "Charts")
        .await?;
    // One reading, submitted: its page draws the star.
    crate::sessions::sections_to_the_end(
        &browser,
        "table.scores",
        crate::journey::FILL_AND_NEXT,
        vec![],
    )
    .await?;
    browser
        .wait_text(".survey__section", "Voici votre bilan")
        .await?;
    // The progress page on a device that has not kept the charts' chunk yet, with no network
    // for it.
    browser.cdp("Network.enable", json!({})).await?;
    browser
        .cdp(
            "Network.setBlockedURLs",
            json!({ "urls": ["*bilan_split_charts_group*"] }),
        )
        .await?;
    c.goto("about:blank").await?;
    browser
        .cdp(
            "Storage.clearDataForOrigin",
            json!({ "origin": server.url, "storageTypes": "cache_storage,service_workers" }),
        )
        .await?;
    c.goto(&format!("{}/progres/{profile}", server.url)).await?;
    browser
        .wait_text(".chart__unavailable", "n’est pas sur cet appareil")
        .await?;
    // Its figures are in the table beside it; no empty picture is offered for download.
    browser
        .wait_text("table.scores", "Appropriation du projet")
        .await?;
    let offered = c
        .execute(
            "return [...document.querySelectorAll('.chart__png')].some(b => b.offsetParent !== null)",
            vec![],
        )
        .await?;
    assert_eq!(
        offered,
        json!(false),
        "a PNG button is shown without its chart"
    );
    // The network is back: the next drawing (here, the window resized) loads the chunk.
    browser
        .cdp("Network.setBlockedURLs", json!({ "urls": [] }))
        .await?;
    c.set_window_size(1000, 900).await?;
    browser
        .wait_js(&format!(
            "{} && document.querySelectorAll('canvas.chart__canvas').length > 0 \
             && !document.querySelector('.chart__unavailable')",
            crate::journey::DRAWN
        ))
        .await?;
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn a_damaged_offline_pack_is_refused_and_each_chunk_is_kept_from_its_own_file()
-> anyhow::Result<()> {
    // One byte of the xz stream changed (its decoder refuses it), the stream cut in half (it
    // cannot be read to its end), a whole stream of a pack whose last function has one byte
    // changed (it reads whole, a chunk comes out wrong), and the decoder's module gone.
    type Spoil = fn(&Path) -> anyhow::Result<()>;
    let changed: Spoil = |dist| {
        spoil_packs(dist, |bytes| {
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x55;
        })
    };
    let cut: Spoil = |dist| spoil_packs(dist, |bytes| bytes.truncate(bytes.len() / 2));
    let rebuilt_wrong: Spoil = |dist| spoil_packs(dist, whole_with_a_wrong_chunk);
    let decoder_gone: Spoil = |dist| {
        for entry in std::fs::read_dir(dist)? {
            let path = entry?.path();
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("bilan_xz-"))
            {
                std::fs::remove_file(path)?;
            }
        }
        Ok(())
    };
    let damages = [
        ("changed", changed),
        ("cut", cut),
        ("rebuilt-wrong", rebuilt_wrong),
        ("decoder-gone", decoder_gone),
    ];
    for (label, spoil) in damages {
        kept_one_by_one_despite(label, spoil)
            .await
            .map_err(|e| e.context(format!("a pack {label}")))?;
    }
    Ok(())
}

#[tokio::test]
async fn a_file_lost_once_while_installing_or_keeping_for_offline_is_asked_again()
-> anyhow::Result<()> {
    let server = Server::start().await?;
    // The page the worker installs with (asked again at the visit's address, after the visit
    // itself, and kept as `/index.html`), then a file it keeps for offline after the first
    // screen, one by one (the surveys and messages come in the offline pack): each answer
    // spoiled once, as one lost on a room's Wi-Fi.
    for (lost, kept) in [("/", "/index.html"), ("/icons/icon.svg", "")] {
        let kept = if kept.is_empty() { lost } else { kept };
        let proxy = Proxy::start(&server.url).await?;
        proxy.miss_after(lost, usize::from(lost == "/"));
        let browser = Browser::start().await?;
        browser.client.goto(&format!("{}/", proxy.url)).await?;
        browser.wait_text("h1", "Bienvenue").await?;
        browser
            .wait_offline_ready()
            .await
            .map_err(|e| e.context(format!("{lost} lost once")))?;
        anyhow::ensure!(proxy.missed(), "{lost} was never asked for");
        let cached = browser
            .client
            .execute_async(CACHED, vec![serde_json::Value::Null])
            .await?;
        let cached = cached.as_str().unwrap_or_default();
        anyhow::ensure!(
            cached.lines().any(|p| p == kept),
            "{kept} not kept: {cached}"
        );
        every_chunk_kept_as_built(&browser).await?;
        browser.close().await?;
    }
    server.stop().await?;
    Ok(())
}

/// Checks that the service worker keeps every chunk but the own chunks of the pages that need
/// the server, each with the bytes it was built with.
async fn every_chunk_kept_as_built(browser: &Browser) -> anyhow::Result<()> {
    let wrong = browser
        .client
        .execute_async(KEPT_WRONG, vec![serde_json::Value::Null])
        .await?;
    anyhow::ensure!(
        wrong == json!(""),
        "kept with other bytes than built: {wrong}"
    );
    let cached = browser
        .client
        .execute_async(CACHED, vec![serde_json::Value::Null])
        .await?;
    let cached = cached.as_str().unwrap_or_default();
    for chunk in loader_chunks()? {
        if !chunk.starts_with("/bilan_split_board_")
            && !chunk.starts_with("/bilan_split_participant_")
        {
            anyhow::ensure!(
                cached.lines().any(|p| p == chunk),
                "{chunk} not kept: {cached}"
            );
        }
    }
    Ok(())
}

/// Applies `damage` to the bytes of every offline pack in `dist`.
fn spoil_packs(dist: &Path, damage: fn(&mut Vec<u8>)) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with("bilan_offline-") && name.ends_with(".pack") {
            let mut bytes = std::fs::read(&path)?;
            damage(&mut bytes);
            std::fs::write(&path, bytes)?;
        }
    }
    Ok(())
}

/// `xz` made a whole xz stream of its pack with one byte of the last function changed.
fn whole_with_a_wrong_chunk(xz: &mut Vec<u8>) {
    use std::io::{Read, Write};
    let mut layout = Vec::new();
    lzma_rust2::XzReader::new(&xz[..], false)
        .read_to_end(&mut layout)
        .expect("the built pack is xz");
    let last = layout.len() - 2;
    layout[last] ^= 0x55;
    let mut options = lzma_rust2::XzOptions::with_preset(1);
    options.set_check_sum_type(lzma_rust2::CheckType::Crc32);
    options.lzma_options.dict_size = 1 << 21;
    let mut writer = lzma_rust2::XzWriter::new(Vec::new(), options).expect("an encoder");
    writer.write_all(&layout).expect("in memory");
    *xz = writer.finish().expect("in memory");
}

/// Serves a copy of the app that `spoil` damaged, and checks that a first visit to the home
/// screen keeps every chunk as built all the same.
async fn kept_one_by_one_despite(
    label: &str,
    spoil: fn(&Path) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let (_data, dist) = crate::harness::copy_of_dist(&format!("damaged-pack-{label}"))?;
    spoil(&dist)?;
    let server = Server::start_on_copy(&dist, "damaged-pack").await?;
    let proxy = Proxy::start(&server.url).await?;
    let browser = Browser::start().await?;
    browser.client.goto(&format!("{}/", proxy.url)).await?;
    browser.wait_text("h1", "Bienvenue").await?;
    browser.wait_offline_ready().await?;
    // The pack was read and set aside, and every chunk was then asked for on its own: each one
    // kept is the one built.
    let asked = asked_through(&proxy);
    anyhow::ensure!(
        asked.iter().any(|p| p.starts_with("/bilan_offline-")),
        "{asked:?}"
    );
    anyhow::ensure!(
        asked.iter().any(|p| p.contains("split_sessions")),
        "{asked:?}"
    );
    every_chunk_kept_as_built(&browser).await?;
    browser.close().await?;
    server.stop().await?;
    Ok(())
}
