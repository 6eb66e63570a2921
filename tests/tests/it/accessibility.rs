//! axe-core (the npm package, injected into the page) finds no WCAG 2 A/AA violation on the app's
//! pages, and the self-assessment can be answered with the keyboard alone.

use fantoccini::key::Key;
use serde_json::json;

use crate::harness::{Browser, Server};

/// What axe-core finds on the current page, each line prefixed with `page`.
pub(crate) async fn axe(browser: &Browser, page: &str) -> anyhow::Result<Vec<String>> {
    Ok(violations(browser)
        .await?
        .into_iter()
        .map(|v| format!("{page}: {v}"))
        .collect())
}

/// Fails with every violation in `report`, counted, if there is one.
pub(crate) fn assert_no_violations(report: &[String]) {
    assert!(
        report.is_empty(),
        "axe found {} violation(s):\n{}",
        report.len(),
        report.join("\n")
    );
}

/// Injects axe-core once per page and returns every violation as "rule: target (help)".
/// The WCAG 2.1 A/AA violations axe-core finds on the current page.
pub async fn violations(browser: &Browser) -> anyhow::Result<Vec<String>> {
    let path = std::env::var("BILAN_AXE")
        .map_err(|_| anyhow::anyhow!("BILAN_AXE is unset: run `cargo xtask test`"))?;
    let axe = std::fs::read_to_string(&path)?;
    let c = &browser.client;
    // Run as the command's own script, which the page's security policy does not govern: a
    // script element written into the page would be refused, as any injected script is.
    c.execute(&format!("if (!window.axe) {{ {axe}\n }}"), vec![])
        .await?;
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })
               .then(r => done(r.violations.flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ') + ' (' + v.help + ')'))),
                     e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await?;
    Ok(found
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect())
}

#[tokio::test]
async fn every_page_passes_axe_in_french_and_english() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser
        .create_profile(&server.url, "Camille", "Le Panier")
        .await?;
    // axe itself works here: an image without a text alternative is reported.
    c.goto(&format!("{}/", server.url)).await?;
    browser.wait_text("h1", "").await?;
    c.execute("const i = document.createElement('img'); i.id = 'probe'; i.src = '/icons/icon-192.png'; document.body.append(i);", vec![]).await?;
    let probe = violations(&browser).await?;
    assert!(
        probe.iter().any(|v| v.starts_with("image-alt: #probe")),
        "{probe:?}"
    );
    c.execute("document.getElementById('probe').remove()", vec![])
        .await?;
    let mut report = holder_pages_violations(&browser, &server.url).await?;
    // English.
    browser.click(".lang-switch__button[lang=en]").await?;
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser.wait_text("h1", "My journey").await?;
    report.extend(axe(&browser, "parcours (en)").await?);
    // A profile's names changed in place: labelled fields inside the card.
    browser.click(".profile-card__rename").await?;
    browser.wait_text(".profile-edit", "Save").await?;
    report.extend(axe(&browser, "renaming (en)").await?);
    assert_no_violations(&report);
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// What axe finds on the pages a holder meets, in the language and colours the browser has: each
/// page, the survey and its error state, « Mes progrès » with its chart (a profile made first).
async fn holder_pages_violations(browser: &Browser, base: &str) -> anyhow::Result<Vec<String>> {
    let c = &browser.client;
    let mut report = Vec::new();
    let pages: [(&str, &str, &str); 6] = [
        ("/", "h1", "Bilan"),
        ("/parcours", ".profiles", "Camille"),
        ("/seances", "h1", "Séances"),
        ("/tableau-de-bord", "h1", "Tableau"),
        ("/vos-donnees", "h1", "Vos données"),
        ("/nulle-part", "h1", ""),
    ];
    for (path, selector, text) in pages {
        c.goto(&format!("{base}{path}")).await?;
        browser.wait_text(selector, text).await?;
        report.extend(axe(browser, path).await?);
    }
    // The survey, its error state, "Mes progrès" and the result with its chart.
    c.goto(&format!("{base}/parcours")).await?;
    browser.click(".profile-card a.button").await?;
    browser.wait_text(".survey__section", "").await?;
    report.extend(axe(browser, "survey").await?);
    browser.click(".survey__nav .button").await?;
    browser.wait_text(".field__error", "réponse").await?;
    report.extend(axe(browser, "survey error").await?);
    c.goto(&format!("{base}/parcours")).await?;
    browser.click(".profile-card__progress").await?;
    browser.wait_text("h1", "Mes progrès").await?;
    report.extend(axe(browser, "progress").await?);
    Ok(report)
}

/// On a device set to dark, the holder's pages are dark and still pass axe (contrast included);
/// a figure stays on white, as its chart is drawn and downloaded; the annual report, the
/// projector's results screen and anything printed stay light.
#[tokio::test]
async fn a_device_set_to_dark_gets_dark_pages_that_pass_axe() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    let base = server.url.as_str();
    let media = |media: &str| {
        serde_json::json!({
            "media": media,
            "features": [{ "name": "prefers-color-scheme", "value": "dark" }],
        })
    };
    browser.cdp("Emulation.setEmulatedMedia", media("")).await?;
    browser.create_profile(base, "Camille", "Le Panier").await?;
    browser
        .wait_js("matchMedia('(prefers-color-scheme: dark)').matches")
        .await?;
    let mut report = holder_pages_violations(&browser, base).await?;
    crate::sync::answer_and_submit(&browser, base).await?;
    browser.wait_text(".chart", "indicateurs").await?;
    report.extend(axe(&browser, "result").await?);
    assert!(report.is_empty(), "{}", report.join("\n"));
    const COLOURS: &str = "const of = (s) => { const e = document.querySelector(s); \
         return e && getComputedStyle(e).backgroundColor; }; \
         return [of('body'), of('.chart'), getComputedStyle(document.body).color];";
    let dark = [
        "rgb(17, 24, 22)",
        "rgb(255, 255, 255)",
        "rgb(228, 235, 232)",
    ];
    assert_eq!(c.execute(COLOURS, vec![]).await?, serde_json::json!(dark));
    // Printed, the same page is on white in dark ink.
    browser
        .cdp("Emulation.setEmulatedMedia", media("print"))
        .await?;
    let printed = [
        "rgb(255, 255, 255)",
        "rgb(255, 255, 255)",
        "rgb(28, 40, 38)",
    ];
    assert_eq!(
        c.execute(COLOURS, vec![]).await?,
        serde_json::json!(printed)
    );
    browser.cdp("Emulation.setEmulatedMedia", media("")).await?;
    // Asking for more contrast too, secondary text takes the main ink and lines a field's border.
    browser
        .cdp(
            "Emulation.setEmulatedMedia",
            serde_json::json!({ "features": [
                { "name": "prefers-color-scheme", "value": "dark" },
                { "name": "prefers-contrast", "value": "more" },
            ] }),
        )
        .await?;
    const STRONG: &str = "const of = (s) => getComputedStyle(document.querySelector(s)); \
         return [of(arguments[0]).color, of(arguments[1]).borderTopColor];";
    // On a figure, in its light colours; on the page, in the dark ones.
    let figure = c
        .execute(STRONG, vec![json!(".chart__caption"), json!(".chart")])
        .await?;
    assert_eq!(figure, json!(["rgb(28, 40, 38)", "rgb(170, 181, 177)"]));
    c.goto(&format!("{base}/parcours")).await?;
    browser.wait_text(".profiles", "Camille").await?;
    let page = c
        .execute(STRONG, vec![json!(".page__lead"), json!(".card")])
        .await?;
    assert_eq!(page, json!(["rgb(228, 235, 232)", "rgb(109, 125, 120)"]));
    browser.cdp("Emulation.setEmulatedMedia", media("")).await?;
    // The report and the results screen, opened from their addresses, are light from the start.
    for (path, said) in [
        (
            "/tableau-de-bord/rapport",
            ".report__tools, [role=alert], .callout",
        ),
        ("/seances/inconnue/resultats", "h1, .callout"),
    ] {
        c.goto(&format!("{base}{path}")).await?;
        browser.wait_text(said, "").await?;
        let seen = c.execute(COLOURS, vec![]).await?;
        assert_eq!(seen[0], "rgb(245, 246, 242)", "{path}");
        assert_eq!(seen[2], "rgb(28, 40, 38)", "{path}");
    }
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn the_self_assessment_can_be_answered_with_the_keyboard_alone() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser
        .create_profile(&server.url, "Sacha", "Atelier")
        .await?;
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser.click(".profile-card a.button").await?;
    browser
        .wait_text(".survey__progress", "Réponses : 0 sur")
        .await?;
    // Tab to each unanswered question's first option, choose it with the arrow keys as a radio
    // group works, then Tab to "Suivant" and press Enter; never a mouse click.
    for _ in 0..12 {
        let title = browser.wait_text(".survey__section", "").await?;
        if title.contains("Récapitulatif") {
            break;
        }
        let groups: u64 = c
            .execute("return document.querySelectorAll('[data-question] input[type=radio]:first-of-type').length", vec![])
            .await?
            .as_u64()
            .unwrap_or(0);
        c.execute(
            "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);",
            vec![],
        )
        .await?;
        let mut answered = 0;
        let mut presses = 0;
        while presses < 400 {
            let active = c
                .execute(
                    "const a = document.activeElement; if (!a) return '';
                     if (a.type === 'radio') return a.checked ? 'checked' : (document.querySelector('input[name=\"' + a.name + '\"]:checked') ? 'group-done' : 'radio');
                     if (a.matches('.survey__nav .button:last-child')) return 'next';
                     return a.tagName;",
                    vec![],
                )
                .await?;
            match active.as_str().unwrap_or("") {
                "radio" => {
                    c.active_element().await?.send_keys(" ").await?;
                    answered += 1;
                }
                "next" if answered as u64 >= groups.min(1) => {
                    c.active_element()
                        .await?
                        .send_keys(&Key::Enter.to_string())
                        .await?;
                    break;
                }
                _ => {}
            }
            c.active_element()
                .await?
                .send_keys(&Key::Tab.to_string())
                .await?;
            presses += 1;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    browser
        .wait_text(".survey__section", "Récapitulatif")
        .await?;
    // Tab to "Valider" and press Enter.
    for _ in 0..200 {
        let on_submit = c
            .execute("return !!document.activeElement && document.activeElement.matches('.survey__nav .button')", vec![])
            .await?;
        if on_submit == true {
            break;
        }
        c.active_element()
            .await?
            .send_keys(&Key::Tab.to_string())
            .await?;
    }
    c.active_element()
        .await?
        .send_keys(&Key::Enter.to_string())
        .await?;
    browser
        .wait_text(".survey__section", "Voici votre bilan")
        .await?;
    // The result and "Mes progrès", charts included, pass axe too; the result with its answers
    // unfolded.
    browser.click(".reading-answers__toggle").await?;
    browser.wait_text(".reading-answers dl", "").await?;
    let mut report: Vec<String> = axe(&browser, "result").await?;
    browser
        .click(".page--survey a.button[href^='/progres/']")
        .await?;
    browser.wait_text(".readings", "auto-évaluation").await?;
    // One review: one panel with its star, saying what the next review will add; no panel of
    // changes with nothing in it, no lines drawn as one column of dots.
    browser
        .wait_text("#compare-title", "Mon premier bilan")
        .await?;
    browser
        .wait_text(".compare__one", "chaque indicateur en ligne")
        .await?;
    browser
        .wait_js(&format!(
            "{} && document.querySelectorAll('canvas.chart__canvas').length === 1 \
             && !document.querySelector('#lines-title, #changes-title, #lines-table')",
            crate::journey::DRAWN
        ))
        .await?;
    report.extend(axe(&browser, "progress").await?);
    assert_no_violations(&report);
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// Whether the page scrolls sideways, and which elements stand past its right edge outside a
/// scrolling box (a table that scrolls in its card is allowed).
pub(crate) const SIDEWAYS: &str = r#"
const root = document.documentElement;
const clipped = (e) => {
  for (let p = e.parentElement; p; p = p.parentElement) {
    if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
  }
  return false;
};
const past = [...document.querySelectorAll('body *')]
  .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > root.clientWidth + 0.5 && !clipped(e); })
  .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
const nav = document.querySelector('.app-nav');
return [root.scrollWidth > root.clientWidth, nav ? nav.scrollWidth > nav.clientWidth : false, past.slice(0, 5)];
"#;

/// WCAG 2.1's Reflow (1.4.10): at 320 CSS pixels wide, nothing asks to scroll sideways — the
/// tabs, every step of both surveys with their longest answers, the summary, the result.
#[tokio::test]
async fn the_narrowest_phone_never_scrolls_sideways() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    c.set_window_size(320, 640).await?;
    let profile = browser
        .start_first_survey(&server.url, "Camille", "Le Panier")
        .await?;
    let mut report = Vec::new();
    let check = async |place: String| -> anyhow::Result<Option<String>> {
        let found = c.execute(SIDEWAYS, vec![]).await?;
        Ok((found != serde_json::json!([false, false, []])).then(|| format!("{place}: {found}")))
    };
    for (path, selector, text) in [
        ("/", "h1", "Bilan"),
        ("/parcours", ".profiles", "Camille"),
        ("/seances", "h1", "Séances"),
        ("/tableau-de-bord", "h1", "Tableau"),
        ("/vos-donnees", "h1", "Vos données"),
    ] {
        c.goto(&format!("{}{path}", server.url)).await?;
        browser.wait_text(selector, text).await?;
        report.extend(check(path.to_owned()).await?);
    }
    // Each page of a survey is checked before it is answered, then its result.
    let check_and_go_on = format!(
        "(window.sideways ??= []).push((() => {{ {SIDEWAYS} }})()); {}",
        crate::journey::FILL_ANY_AND_NEXT
    );
    for survey in ["auto-evaluation", "mesures-impact"] {
        c.goto(&format!("{}/parcours/{profile}/{survey}", server.url))
            .await?;
        browser.wait_text(".survey__progress", "Réponses").await?;
        let result = "a.button[href^=\"/progres/\"]";
        crate::sessions::sections_to_the_end(&browser, result, &check_and_go_on, vec![]).await?;
        report.extend(check(format!("{survey}, result")).await?);
        let pages = c.execute("return window.sideways", vec![]).await?;
        let pages = pages.as_array().cloned().unwrap_or_default();
        anyhow::ensure!(pages.len() >= 4, "{survey}: {} pages checked", pages.len());
        for (page, found) in pages.iter().enumerate() {
            if *found != serde_json::json!([false, false, []]) {
                report.push(format!("{survey}, page {page}: {found}"));
            }
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// Windows' contrast themes (CSS `forced-colors`) drop backgrounds and shadows: a button keeps a
/// visible border, and the chosen language and the current tab stay told apart from the others.
#[tokio::test]
async fn a_contrast_theme_keeps_buttons_and_what_is_chosen_visible() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser
        .start_first_survey(&server.url, "Camille", "Le Panier")
        .await?;
    browser
        .cdp(
            "Emulation.setEmulatedMedia",
            serde_json::json!({ "features": [{ "name": "forced-colors", "value": "active" }] }),
        )
        .await?;
    browser
        .wait_js("matchMedia('(forced-colors: active)').matches")
        .await?;
    let seen = c
        .execute(
            "const style = (selector) => getComputedStyle(document.querySelector(selector)); \
             const next = style('.survey__nav .button'); \
             const on = style('.lang-switch__button[aria-pressed=\"true\"]').backgroundColor; \
             const page = style('body').backgroundColor; \
             const here = style('.app-nav__link[aria-current=\"page\"]').borderBottomColor; \
             const there = style('.app-nav__link:not([aria-current])').borderBottomColor; \
             return [next.borderTopStyle, parseFloat(next.borderTopWidth) >= 1, \
                     next.borderTopColor !== next.backgroundColor, on !== page && on !== 'rgba(0, 0, 0, 0)', \
                     here !== there];",
            vec![],
        )
        .await?;
    assert_eq!(seen, serde_json::json!(["solid", true, true, true, true]));
    browser.close().await?;
    server.stop().await?;
    Ok(())
}
