//! A real room is not tidy: a facilitator types the day digit by digit, keeps a second tab open
//! on the session, double-clicks; a participant reopens the link. The session still closes once,
//! its totals leave once, and each phone answers once.

use fantoccini::Locator;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use serde_json::json;

use crate::harness::{Browser, Proxy, Server, token};
use crate::sessions::{answer_to_the_end, leave_kiosk, participate, path, start_kiosk};

/// The date field's parts in the order the browser's locale shows them (e.g. month, day, year).
const DATE_ORDER: &str = "return new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(2026, 5, 15)).filter(p => p.type !== 'literal').map(p => p.type)";

/// A server with the shipped surveys and k = 3, and its database's URL (for tokens).
pub(crate) async fn room_server(label: &str) -> anyhow::Result<(Server, String)> {
    Server::start_with_database(label, &["--threshold", "3"]).await
}

/// Keeps every uncaught error of the page (a panic in the app is one) in `window.__errors`.
const CATCH_ERRORS: &str = "window.__errors = []; addEventListener('error', e => __errors.push(String(e.message))); addEventListener('unhandledrejection', e => __errors.push(String(e.reason)));";

async fn errors(browser: &Browser) -> anyhow::Result<serde_json::Value> {
    Ok(browser
        .client
        .execute("return window.__errors", vec![])
        .await?)
}

#[tokio::test]
async fn a_session_closes_once_whatever_the_tabs_and_clicks_and_its_day_is_typed()
-> anyhow::Result<()> {
    let (server, database) = room_server("room-close").await?;
    let facilitator = token(&database, "facilitator")?;
    let proxy = Proxy::start(&server.url).await?;
    let base = proxy.url.clone();
    let laptop = Browser::start().await?;
    let c = &laptop.client;
    c.goto(&format!("{base}/seances#join?token={facilitator}"))
        .await?;
    // Following the join link says the laptop is now linked, and to which server.
    let host = base.trim_start_matches("http://").to_owned();
    laptop
        .wait_text(".linked-notice", &format!("relié au serveur {host}"))
        .await?;
    laptop
        .type_text("#session-title", "Atelier du jeudi")
        .await?;

    // The day typed as a person types it, one digit at a time, in the field's own order: the
    // field keeps every digit (it was wiped when a part began with 0).
    // This year's 15 June: a session is dated within a year of today.
    let year = crate::harness::today().year;
    let june = bilan_core::calendar::Date {
        year,
        month: 6,
        day: 15,
    };
    let year_text = year.to_string();
    let order = c.execute(DATE_ORDER, vec![]).await?;
    c.execute("document.getElementById('session-date').focus()", vec![])
        .await?;
    let field = c.find(Locator::Id("session-date")).await?;
    for part in order.as_array().into_iter().flatten() {
        let digits = match part.as_str() {
            Some("day") => "15",
            Some("month") => "06",
            _ => year_text.as_str(),
        };
        for digit in digits.chars() {
            field.send_keys(&digit.to_string()).await?;
        }
    }
    assert_eq!(field.prop("value").await?, Some(june.iso()));
    // Under the field, the day in the page's words, whatever order the browser's language
    // writes it in.
    laptop
        .wait_text(
            "#session-date-said",
            &june
                .spoken_with_weekday(bilan_core::Lang::Fr)
                .replace('\u{a0}', " "),
        )
        .await?;
    laptop.click(".session-form button[type=submit]").await?;
    let lead = laptop
        .wait_text(".page__lead", &format!("juin {year}"))
        .await?;
    assert!(lead.starts_with("15"), "{lead}");
    let code = crate::sessions::session_code(&laptop).await?;
    let session = path(&laptop).await?;

    // One participant in the kiosk, then back to the session with the PIN.
    start_kiosk(&laptop, "2468").await?;
    participate(&laptop, 1).await?;
    leave_kiosk(&laptop, "2468").await?;
    laptop.wait_text("[data-participants]", "1").await?;

    // A second tab on the same session, opened before it is closed.
    let first_tab = c.window().await?;
    let second_tab = c.new_window(true).await?.handle;
    c.switch_to_window(second_tab.clone()).await?;
    c.goto(&format!("{base}{session}")).await?;
    laptop.wait_text(".session-close", "Clôturer").await?;
    c.switch_to_window(first_tab.clone()).await?;
    c.execute(CATCH_ERRORS, vec![]).await?;

    // A real double-click on "Clôturer la séance": the page shifts under the second click, and
    // nothing breaks.
    let button = c.find(Locator::Css(".session-close")).await?;
    let double = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: button,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    c.perform_actions(double).await?;
    laptop.wait_text(".confirm", "").await?;
    // Two clicks at once on "Clôturer et envoyer": one close, one set of totals.
    c.execute(
        "const b = document.querySelector('.session-close-confirm'); b.click(); b.click();",
        vec![],
    )
    .await?;
    laptop
        .wait_text(".session-upload", "reçus par le serveur")
        .await?;
    assert_eq!(errors(&laptop).await?, json!([]), "errors in the page");

    // The other tab shows the session closed without a reload, and offers no close.
    c.switch_to_window(second_tab).await?;
    laptop
        .wait_text(".session-upload", "reçus par le serveur")
        .await?;
    assert!(c.find(Locator::Css(".session-close")).await.is_err());
    c.goto(&format!("{base}/seances")).await?;
    let card = laptop.wait_text(".cards", "Clôturée").await?;
    // The card says what the session ran.
    assert!(card.contains("Séance collective"), "{card}");

    // One set of totals: every request that carried them carried the same contributions (a
    // second tab's outbox may send the same totals again; the server counts them once), and the
    // server refused none.
    let recorded = String::from_utf8_lossy(&proxy.recorded()).into_owned();
    let route = format!("POST /api/v1/sessions/{code}/totals ");
    let sets: Vec<Vec<&str>> = recorded
        .split(route.as_str())
        .skip(1)
        .map(|request| {
            let body = request.split("HTTP/1.1 ").next().unwrap_or_default();
            let mut ids: Vec<&str> = body
                .split("\"id\":\"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next())
                .collect();
            ids.sort_unstable();
            ids
        })
        .collect();
    assert!(
        !sets.is_empty() && !sets[0].is_empty(),
        "no totals were sent"
    );
    assert!(
        sets.iter().all(|ids| *ids == sets[0]),
        "two different sets of totals left: {sets:?}"
    );
    assert!(
        !recorded.contains(" 409 "),
        "the server refused a second set of totals"
    );
    laptop.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn a_phone_answers_once_and_is_asked_only_what_it_sends() -> anyhow::Result<()> {
    let (server, database) = room_server("room-phone").await?;
    let facilitator = token(&database, "facilitator")?;
    let laptop = Browser::start().await?;
    laptop
        .client
        .goto(&format!("{}/seances#join?token={facilitator}", server.url))
        .await?;
    laptop.type_text("#session-title", "Atelier").await?;
    laptop.click(".session-form button[type=submit]").await?;
    let code = crate::sessions::session_code(&laptop).await?;
    // The projector's tab is open on the results before the session is opened to phones.
    let session = path(&laptop).await?;
    let c = &laptop.client;
    let first_tab = c.window().await?;
    let projector = c.new_window(true).await?.handle;
    c.switch_to_window(projector.clone()).await?;
    c.goto(&format!("{}{session}/resultats", server.url))
        .await?;
    laptop.wait_text(".live__count", "0").await?;
    assert!(c.find(Locator::Css(".live__join")).await.is_err());
    // Nor its code: no phone can join yet.
    assert!(c.find(Locator::Css(".fact__value--code")).await.is_err());
    c.switch_to_window(first_tab).await?;
    // Opened with the keyboard: the page is drawn anew with the code where the button was, and
    // the keyboard stays in that panel instead of falling back to the page's top.
    c.execute(
        "document.querySelector('.own-devices__open').focus()",
        vec![],
    )
    .await?;
    c.active_element()
        .await?
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await?;
    laptop.wait_text(".own-devices__link", &code).await?;
    laptop
        .wait_js("document.activeElement?.matches('section.own-devices')")
        .await?;
    // The projector shows the join panel without a reload: a QR code of 320 px at least, the
    // link written out, what to do.
    c.switch_to_window(projector).await?;
    laptop
        .wait_text(".live__join", "Scannez pour répondre")
        .await?;
    laptop.wait_text(".live__join", &code).await?;
    let spaced = laptop.wait_text(".fact__value--code", "").await?;
    assert_eq!(bilan_core::share::typed_code(&spaced), code);
    c.set_window_size(1920, 1080).await?;
    let width = c
        .execute(
            "return document.querySelector('.live__join svg.qr').getBoundingClientRect().width",
            vec![],
        )
        .await?;
    assert!(width.as_f64().unwrap_or_default() >= 320.0, "QR {width}px");
    // The whole QR code on the projector's first screen, beside the title and the facts.
    let placed = c
        .execute(
            "const qr = document.querySelector('.live__join svg.qr').getBoundingClientRect(); \
             const facts = document.querySelector('.live__head .session-facts').getBoundingClientRect(); \
             return [scrollY, qr.bottom <= innerHeight, qr.left >= facts.right];",
            vec![],
        )
        .await?;
    assert_eq!(placed, json!([0, true, true]));
    // A projector mode: no app navigation, type for the back of the room (the charts' labels
    // scale with the root's 13 px: 24 px and more), no download buttons.
    assert!(c.find(Locator::Css(".app-nav")).await.is_err());
    let root = c
        .execute(
            "return parseFloat(getComputedStyle(document.documentElement).fontSize)",
            vec![],
        )
        .await?;
    let root = root.as_f64().unwrap_or_default();
    assert!(13.0 * root / 16.0 >= 24.0, "root type {root}px");

    let phone = Browser::start().await?;
    let link = format!("{}/rejoindre/{code}", server.url);
    phone.client.goto(&link).await?;
    phone
        .wait_text(".kiosk-intro", "une réponse par téléphone")
        .await?;
    // Only the session: no app navigation, no link home, no word about data kept on the phone.
    for absent in [".app-nav", "a.brand", ".app-footer"] {
        assert!(
            phone.client.find(Locator::Css(absent)).await.is_err(),
            "{absent} on a phone"
        );
    }
    // Neither the session's format (the session answers it) nor free text (it would not be sent)
    // is asked, in any section; and the steps it says are those it asks.
    phone
        .client
        .execute(
            "window.__asked = new Set(); window.__steps = new Set(); \
             const seen = () => { \
               document.querySelectorAll('[data-question]').forEach(q => __asked.add(q.dataset.question)); \
               document.querySelectorAll('.survey__step, .survey__length').forEach(s => __steps.add(s.textContent)); \
             }; \
             new MutationObserver(seen).observe(document.body, { childList: true, subtree: true, characterData: true }); seen();",
            vec![],
        )
        .await?;
    answer_to_the_end(&phone, ".join__done", "IDEE").await?;
    phone
        .wait_text(".join__done", "vos réponses sont comptées")
        .await?;
    // One phone is below k: the projector does not say how many, nor « 0 ».
    let count = laptop.wait_text(".live__count", "<").await?;
    assert_eq!(count.trim(), "< 3");
    let asked = phone.texts("return [...window.__asked]").await?;
    let asked = |id: &str| asked.iter().any(|q| q == id);
    assert!(asked("college"), "college not asked");
    assert!(
        !asked("format") && !asked("suggestion"),
        "format or suggestion asked"
    );
    // A workshop does not ask « Bilan participatif »: two steps, said as two from the start.
    let mut steps = phone.texts("return [...window.__steps]").await?;
    steps.sort();
    assert_eq!(
        steps,
        [
            "2\u{a0}étapes, environ 2\u{a0}minutes.",
            "Étape 1 sur 2",
            "Étape 2 sur 2"
        ],
        "the steps a phone said"
    );

    // Reopening the link on the same phone: thanked, not asked again.
    phone.client.goto(&link).await?;
    phone.wait_text(".join__already", "déjà répondu").await?;
    // A neighbour handed the phone is told where to answer.
    phone.wait_text(".join__already", "en mode kiosque").await?;
    assert!(
        phone
            .client
            .find(Locator::Css("[data-question]"))
            .await
            .is_err()
    );
    // The list of sessions does not ask the server: it says no count rather than « 0 ».
    c.goto(&format!("{}/seances", server.url)).await?;
    let card = laptop
        .wait_text(".cards [data-session]", "En cours")
        .await?;
    assert!(!card.contains("participant"), "{card}");
    phone.close().await?;
    laptop.close().await?;
    server.stop().await?;
    Ok(())
}

/// The participants count a screen shows, read from `selector` once it is a server's count.
async fn about(browser: &Browser, selector: &str) -> anyhow::Result<String> {
    Ok(browser.wait_text(selector, "≈").await?.trim().to_owned())
}

#[tokio::test]
async fn a_mixed_session_shows_one_count_on_the_laptop_the_projector_and_the_board()
-> anyhow::Result<()> {
    let (server, database) = room_server("room-count").await?;
    let facilitator = token(&database, "facilitator")?;
    let board = token(&database, "board")?;
    let base = server.url.clone();
    let laptop = Browser::start().await?;
    let c = &laptop.client;
    c.goto(&format!("{base}/seances#join?token={facilitator}"))
        .await?;
    laptop.type_text("#session-title", "Atelier").await?;
    laptop.click(".session-form button[type=submit]").await?;
    let code = crate::sessions::session_code(&laptop).await?;
    let session = path(&laptop).await?;
    laptop.click(".own-devices__open").await?;
    laptop.wait_text(".own-devices__link", &code).await?;

    // Three phones, then three people at the kiosk.
    for n in 1..=3 {
        let phone = Browser::start().await?;
        phone
            .client
            .goto(&format!("{base}/rejoindre/{code}"))
            .await?;
        phone.wait_text(".kiosk-intro", "").await?;
        answer_to_the_end(&phone, ".join__done", &format!("IDEE-{n}")).await?;
        phone.wait_text(".join__done", "comptées").await?;
        phone.close().await?;
    }
    c.goto(&format!("{base}{session}")).await?;
    start_kiosk(&laptop, "2468").await?;
    for n in 1..=3 {
        participate(&laptop, n).await?;
        laptop.click(".kiosk-next").await?;
    }
    leave_kiosk(&laptop, "2468").await?;

    // Open: the laptop and the projector say the same, the kiosk's three and the phones the
    // server counted.
    let laptop_says = about(&laptop, "[data-participants]").await?;
    c.goto(&format!("{base}{session}/resultats")).await?;
    laptop.wait_text(".live__count", &laptop_says).await?;
    let n: u64 = laptop_says.trim_start_matches('≈').trim().parse()?;
    assert!((4..=8).contains(&n), "3 here and 3 phones, perturbed: {n}");
    // The facilitator sees where the count comes from: the kiosk's three, exact, and the
    // phones the server counted, perturbed; together they make the count shown.
    let sources = laptop
        .wait_text(".live__sources", "dont kiosque")
        .await?
        .replace('\u{a0}', " ");
    assert!(
        sources.starts_with("dont kiosque : 3 · téléphones : ≈"),
        "{sources}"
    );
    let phones: u64 = sources
        .rsplit('≈')
        .next()
        .unwrap_or_default()
        .trim()
        .parse()?;
    assert!((1..=5).contains(&phones), "3 phones, perturbed: {sources}");
    assert_eq!(3 + phones, n, "{sources} makes {laptop_says}");
    // One question at a time on a 1920×1080 projector (a browser in full screen), then on a
    // projector's 1366×768, moved on with the arrow key: the question whole on the screen, and
    // the QR code still in sight above it for those who come late (on the smaller screen, the
    // head stays at the top while the page scrolls under it).
    for (at, (width, height)) in [(1920, 1080), (1366, 768)].into_iter().enumerate() {
        laptop
            .cdp(
                "Emulation.setDeviceMetricsOverride",
                json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
            )
            .await?;
        laptop
            .wait_js("document.querySelector('.results__item canvas') !== null")
            .await?;
        if at == 0 {
            laptop.click(".live__one").await?;
        } else {
            c.active_element()
                .await?
                .send_keys(&fantoccini::key::Key::Right.to_string())
                .await?;
        }
        let placed = "(() => { const q = document.querySelector('.results__item:not(.results__item--hidden)'); \
              const box = q.getBoundingClientRect(); \
              const qr = document.querySelector('.live__join svg.qr').getBoundingClientRect(); \
              return { compact: document.querySelector('.live__head--compact') !== null, scrollY, \
                at: [...document.querySelectorAll('.results__item')].indexOf(q), top: box.top, \
                bottom: box.bottom, height: innerHeight, qrTop: qr.top, qrBottom: qr.bottom }; })()";
        let whole = format!(
            "(p => p.compact && p.scrollY > 0 && p.at === {at} && p.top >= 0 \
               && p.bottom <= p.height + 1 && p.qrTop >= 0 && p.qrBottom <= p.top)({placed})"
        );
        if let Err(e) = laptop.wait_js(&whole).await {
            let seen = c.execute(&format!("return {placed}"), vec![]).await?;
            anyhow::bail!("at {width}×{height}: {seen} ({e})");
        }
    }
    // The link written beside the QR code breaks only after a `/`, never inside a word.
    let link_lines = c
        .execute(
            "const parts = [...document.querySelector('.live__link').childNodes].filter(n => n.nodeType === 3); \
             const tops = new Set(); let whole = true; \
             for (const part of parts) { const range = document.createRange(); range.selectNodeContents(part); \
               const rects = range.getClientRects(); whole &&= rects.length === 1; tops.add(Math.round(rects[0].top)); } \
             return [whole, tops.size > 1, parts.map(p => p.textContent).join('') === document.querySelector('.live__join svg.qr').dataset.text];",
            vec![],
        )
        .await?;
    assert_eq!(link_lines, json!([true, true, true]));
    // The buttons stay in the band, within reach however far the page has scrolled.
    laptop.click(".live__auto").await?;
    laptop
        .wait_js("document.querySelector('.live__auto').getAttribute('aria-pressed') === 'true'")
        .await?;
    laptop.click(".live__auto").await?;
    laptop
        .wait_js("document.querySelector('.live__auto').getAttribute('aria-pressed') === 'false'")
        .await?;
    // Escape shows every question again.
    c.active_element()
        .await?
        .send_keys(&fantoccini::key::Key::Escape.to_string())
        .await?;
    laptop
        .wait_js(
            "document.querySelector('.live__head--compact') === null \
             && document.querySelectorAll('.results__item--hidden').length === 0",
        )
        .await?;
    // Opened on the narrowest phone (WCAG's Reflow, 320 px), the screen and its code fit the
    // width: the code's groups stay together on one line.
    laptop
        .cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 320, "height": 640, "deviceScaleFactor": 2, "mobile": true }),
        )
        .await?;
    laptop
        .wait_js(
            "(code => innerWidth === 320 \
               && document.documentElement.scrollWidth <= document.documentElement.clientWidth \
               && code.closest('.fact').getBoundingClientRect().right \
                  <= document.querySelector('.page').getBoundingClientRect().right + 0.5 \
               && code.getBoundingClientRect().height < 1.5 * parseFloat(getComputedStyle(code).lineHeight)\
             )(document.querySelector('.fact__value--code'))",
        )
        .await?;
    laptop
        .cdp("Emulation.clearDeviceMetricsOverride", json!({}))
        .await?;

    // Closed: the laptop, the projector and the board read the one table the server published.
    c.goto(&format!("{base}{session}")).await?;
    laptop.click(".session-close").await?;
    laptop
        .wait_text(".confirm", "celles des téléphones sont déjà comptées")
        .await?;
    laptop.click(".session-close-confirm").await?;
    laptop
        .wait_text(".session-upload", "reçus par le serveur")
        .await?;
    // The closing panel is gone: the keyboard is on what took its place, the totals' panel.
    laptop
        .wait_js(
            "document.activeElement?.matches('section.panel') \
             && document.activeElement.contains(document.querySelector('.session-upload'))",
        )
        .await?;
    c.refresh().await?;
    let closed = about(&laptop, "[data-participants]").await?;
    // A closed session takes no one in: neither its page nor the projector shows its code. Its
    // state says the day it closed, once.
    laptop.wait_text(".session-facts", "Clôturée le").await?;
    let page = c.find(Locator::Css("main")).await?.text().await?;
    let spaced = bilan_core::share::spaced_code(&code).replace('\u{a0}', " ");
    assert!(!page.contains(&spaced), "{page}");
    assert_eq!(page.matches("Clôturée").count(), 1, "{page}");
    c.goto(&format!("{base}{session}/resultats")).await?;
    laptop.wait_text(".live__count", &closed).await?;
    assert!(c.find(Locator::Css(".fact__value--code")).await.is_err());
    assert!(c.find(Locator::Css(".live__join")).await.is_err());
    // The board lists the session with its period's tables, at the next scheduled release.
    crate::harness::release_now(&database, 3)?;
    laptop.open_dashboard(&base, &board).await?;
    laptop
        .wait_text(
            &format!(".board__sessions [data-session='{code}']"),
            &closed,
        )
        .await?;
    // The board names the session by its day and format (its title stays on the laptop).
    laptop
        .wait_text(
            &format!(".board__sessions [data-session='{code}']"),
            "Atelier thématique",
        )
        .await?;
    laptop.close().await?;
    server.stop().await?;
    Ok(())
}
