//! A holder's survey painted before the app runs (`public/prepaint.js`): the page they left,
//! shown at once on their next visit, answerable before the app has started; the app takes it
//! over with what they did meanwhile; nothing stale is ever painted.

use serde_json::json;

use crate::harness::{Browser, Server};

/// Holds every WebAssembly module of the next pages until the test calls `bilanRelease()`: the
/// app cannot start, whatever the machine's speed, while the test acts on the painted survey.
const HOLD_THE_APP: &str = "window.bilanHeld = new Promise((release) => { window.bilanRelease = release; }); \
    for (const name of ['instantiate', 'instantiateStreaming']) { \
      const real = WebAssembly[name]; \
      WebAssembly[name] = (...args) => window.bilanHeld.then(() => real.apply(WebAssembly, args)); \
    }";

/// Where and how the survey kept on this device was drawn; `null` when none is kept.
const KEPT_AT: &str = "return localStorage.getItem('bilan.prepaint.at')";

/// Whether the page made mark `name` (`bilan-prepaint`, `bilan-ready`, `bilan-first-question`).
async fn marked(browser: &Browser, name: &str) -> anyhow::Result<bool> {
    Ok(browser
        .client
        .execute(
            "return performance.getEntriesByName(arguments[0]).length > 0",
            vec![json!(name)],
        )
        .await?
        == json!(true))
}

/// A holder's browser that paints ahead, on their first survey, having answered « Oui »: the
/// activity has started, and the two questions that follow it are asked. With the survey's
/// address.
async fn answering(server: &Server) -> anyhow::Result<(Browser, url::Url)> {
    let browser = Browser::start_painting_ahead().await?;
    browser
        .start_first_survey(&server.url, "Camille", "Le Panier")
        .await?;
    let survey = browser.client.current_url().await?;
    browser
        .click("[data-question=activite-demarree] input")
        .await?;
    browser
        .wait_draft("d.answers['activite-demarree']?.value === true")
        .await?;
    Ok((browser, survey))
}

#[tokio::test]
async fn a_holder_answers_their_survey_before_the_app_runs_and_keeps_every_answer()
-> anyhow::Result<()> {
    let server = Server::start().await?;
    let (browser, survey) = answering(&server).await?;
    let c = &browser.client;
    browser
        .wait_js("document.querySelector('[data-question=premiers-clients]') !== null")
        .await?;

    // Leaving the page keeps it as it is.
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser.wait_text("h1", "Mon parcours").await?;
    let kept = c
        .execute(
            "return [localStorage.getItem('bilan.prepaint.at'), localStorage.getItem('bilan.prepaint')]",
            vec![],
        )
        .await?;
    assert!(
        kept[0]
            .as_str()
            .unwrap_or_default()
            .ends_with(survey.path()),
        "kept for {survey}: {}",
        kept[0]
    );
    assert!(
        kept[1]
            .as_str()
            .unwrap_or_default()
            .contains("Mon activité a-t-elle déjà démarré"),
        "the survey's markup is kept"
    );

    // The next visit, the app held back: the survey is on screen before any of its code runs,
    // with the answer given last time.
    let hold = browser
        .cdp_answer(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": HOLD_THE_APP }),
        )
        .await?;
    c.goto(survey.as_str()).await?;
    browser
        .wait_js("document.getElementById('prepaint') !== null")
        .await?;
    assert!(marked(&browser, "bilan-prepaint").await?);
    assert!(
        !marked(&browser, "bilan-ready").await?,
        "the app ran before the test let it"
    );
    let painted = c
        .execute(
            "const p = document.getElementById('prepaint'); return [ \
               p.querySelector('[data-question=activite-demarree] input').checked, \
               p.querySelector('[data-question=premiers-clients]') !== null, \
               p.querySelector('.survey__section').textContent, \
               getComputedStyle(p.querySelector('.survey__nav .button')).display]",
            vec![],
        )
        .await?;
    assert_eq!(
        painted,
        json!([true, true, "Où en est mon projet", "flex"]),
        "the painted survey, styled"
    );

    // Answered meanwhile, with real clicks: the fourth level, then « Suivant ».
    browser
        .click("#prepaint [data-question=premiers-clients] .choice:nth-of-type(4)")
        .await?;
    browser.click("#prepaint .survey__nav .button").await?;
    assert!(!marked(&browser, "bilan-ready").await?);
    assert_eq!(
        c.execute(
            "return document.querySelectorAll('#prepaint [data-question=premiers-clients] input')[3].checked",
            vec![],
        )
        .await?,
        true,
        "the level picked shows as picked"
    );

    // The app runs: it takes the page over with that level, then goes on as « Suivant » asked.
    c.execute("window.bilanRelease()", vec![]).await?;
    browser
        .wait_text(".survey__section", "Mon projet, c’est le mien")
        .await?;
    assert_eq!(
        c.execute("return document.getElementById('prepaint')", vec![])
            .await?,
        json!(null)
    );
    browser
        .wait_draft("d.section === 1 && d.answers['premiers-clients']?.value === 4 && d.answers['activite-demarree']?.value === true")
        .await?;
    let id = hold["identifier"].as_str().unwrap_or_default().to_owned();
    browser
        .cdp(
            "Page.removeScriptToEvaluateOnNewDocument",
            json!({ "identifier": id }),
        )
        .await?;

    // Sent: the survey kept is forgotten, and the next one starts on the app's own screen.
    for next in ["Mes compétences", "Moi, dans ce projet", "Récapitulatif"] {
        c.execute(crate::journey::FILL_AND_NEXT, vec![]).await?;
        browser.wait_text(".survey__section", next).await?;
    }
    browser.click(".survey__nav .button").await?;
    browser
        .wait_text(".survey__section", "Voici votre bilan")
        .await?;
    assert_eq!(c.execute(KEPT_AT, vec![]).await?, json!(null));
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser.wait_text("h1", "Mon parcours").await?;
    c.goto(survey.as_str()).await?;
    browser
        .wait_js("performance.getEntriesByName('bilan-first-question').length > 0")
        .await?;
    assert!(
        !marked(&browser, "bilan-prepaint").await?,
        "a survey sent was painted again"
    );
    browser.close().await
}

#[tokio::test]
async fn a_survey_is_painted_only_as_it_was_left_in_the_language_it_was_left_in()
-> anyhow::Result<()> {
    let server = Server::start().await?;
    let (browser, survey) = answering(&server).await?;
    let c = &browser.client;
    // Left for « Mon parcours » within the app: the survey is no longer what the holder last
    // saw, and nothing is kept.
    browser.click(".app-nav a[href='/parcours']").await?;
    browser.wait_text("h1", "Mon parcours").await?;
    assert_eq!(c.execute(KEPT_AT, vec![]).await?, json!(null));

    // Left in French by closing the page: kept, then painted in French only.
    c.goto(survey.as_str()).await?;
    browser
        .wait_js("performance.getEntriesByName('bilan-first-question').length > 0")
        .await?;
    browser
        .wait_js("typeof window.bilanKeep === 'function'")
        .await?;
    c.goto("about:blank").await?;
    c.goto(survey.as_str()).await?;
    browser
        .wait_js("performance.getEntriesByName('bilan-first-question').length > 0")
        .await?;
    assert!(marked(&browser, "bilan-prepaint").await?);
    browser.click(".lang-switch__button[lang=en]").await?;
    browser
        .wait_text(".survey__section", "Where my project stands")
        .await?;
    c.execute("localStorage.setItem('bilan.lang', 'fr')", vec![])
        .await?;
    c.goto("about:blank").await?;
    // Kept in English, the page is now asked for in French: the app draws it.
    c.goto(survey.as_str()).await?;
    browser
        .wait_text(".survey__section", "Où en est mon projet")
        .await?;
    assert!(
        !marked(&browser, "bilan-prepaint").await?,
        "a survey kept in English was painted on a French page"
    );

    // The profile removed: its survey is forgotten with it.
    browser
        .wait_js("typeof window.bilanKeep === 'function'")
        .await?;
    // A file of the same origin, where the kept survey can be read without the app.
    c.goto(&format!("{}/manifest.webmanifest", server.url))
        .await?;
    assert_ne!(c.execute(KEPT_AT, vec![]).await?, json!(null));
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser.click(".profile-card__delete").await?;
    browser.click(".confirm .button--danger").await?;
    browser.wait_text(".profiles", "Aucun profil").await?;
    assert_eq!(c.execute(KEPT_AT, vec![]).await?, json!(null));
    browser.close().await
}
