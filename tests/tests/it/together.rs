//! Evaluating together: in a follow-up meeting the accompagnateur answers the same scales beside
//! the holder, on the holder's device; both views are kept, the wide gaps come first.

use crate::harness::{Browser, Server};
use fantoccini::Locator;
use serde_json::json;

/// Fills the screen: the holder takes level 4 everywhere; beside them, the accompagnateur agrees
/// except on the first scale of the survey, where they say 1.
const FILL_TWO_AND_NEXT: &str = r#"
for (const q of document.querySelectorAll('[data-question]')) {
  const beside = q.querySelector('.question__view--companion');
  if (beside) {
    const theirs = beside.querySelectorAll('input[type=radio]');
    const mine = [...q.querySelectorAll('input[type=radio]')].filter(r => !beside.contains(r));
    if (![...mine].some(r => r.checked)) mine[3].click();
    if (![...theirs].some(r => r.checked)) {
      (window.__firstDone ? theirs[3] : theirs[0]).click();
      window.__firstDone = true;
    }
  } else {
    const radios = q.querySelectorAll('input[type=radio]');
    if (radios.length && ![...radios].some(r => r.checked)) (radios[3] || radios[0]).click();
  }
}
[...document.querySelectorAll('.survey__nav .button')].pop().click();
"#;

#[tokio::test]
async fn the_accompagnateur_answers_beside_the_holder_and_the_gaps_come_first() -> anyhow::Result<()>
{
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser
        .start_first_survey(&server.url, "Camille", "Le Panier")
        .await?;
    browser.wait_text("h1", "Mon auto-évaluation").await?;
    browser
        .wait_text(".survey__together", "Seules vos réponses comptent")
        .await?;
    // Alone, a scale is one group; together, two, each named by whose view it is.
    browser
        .click("[data-question=activite-demarree] input")
        .await?;
    browser
        .wait_js("document.querySelector('[data-question=premiers-clients]') !== null && document.querySelector('.question__view--companion') === null")
        .await?;
    browser.click("#survey-together").await?;
    browser
        .wait_text(
            ".question__view--companion",
            "Le regard de l’accompagnateur·rice",
        )
        .await?;
    browser
        .wait_js("document.querySelector('[data-question=premiers-clients] .question__view--companion') !== null")
        .await?;
    c.execute(FILL_TWO_AND_NEXT, vec![]).await?;
    browser.wait_text(".survey__step", "Étape 2 sur 4").await?;
    browser
        .wait_draft("d.section === 1 && JSON.stringify(d.companion).includes('premiers-clients')")
        .await?;

    // Both views are in the draft: a reload brings them back, side by side.
    c.refresh().await?;
    browser.wait_text(".survey__step", "Étape 2 sur 4").await?;
    browser
        .wait_js("document.getElementById('survey-together').checked && document.querySelectorAll('.question__view--companion').length > 0")
        .await?;
    // The first screen's answers came back from storage: go back to it and look.
    browser.click(".survey__nav .button--quiet").await?;
    browser.wait_text(".survey__step", "Étape 1 sur 4").await?;
    browser
        .wait_js("document.getElementById('survey-together').checked && [...document.querySelectorAll('.question__view--companion input')].some(r => r.checked)")
        .await?;
    c.execute("window.__firstDone = true", vec![]).await?;
    for expected in [
        "Mon projet",
        "Mes compétences",
        "Moi, dans ce projet",
        "Récapitulatif",
    ] {
        c.execute(FILL_TWO_AND_NEXT, vec![]).await?;
        browser.wait_text(".survey__section", expected).await?;
    }
    browser.click(".survey__nav .button").await?;
    browser
        .wait_text(".survey__section", "Voici votre bilan")
        .await?;

    // What to talk about comes first: the one scale three levels apart.
    let discuss = browser.wait_text(".result__discuss", "À discuter").await?;
    assert!(
        discuss.contains("4 pour vous, 1 pour l’accompagnateur·rice"),
        "{discuss}"
    );
    assert_eq!(
        c.execute(
            "return document.querySelectorAll('.result__discuss li').length",
            vec![]
        )
        .await?,
        serde_json::json!(1)
    );
    // The scores table shows both views.
    let table = browser
        .wait_text("#result-table", "Accompagnateur·rice")
        .await?;
    assert!(table.contains("Appropriation du projet"), "{table}");
    // The answers fold under the scores; opened, the first customers' scale says both levels,
    // the holder's and then the accompagnateur's, in words.
    let given = c
        .execute(
            "return document.querySelector('.reading-answers').open",
            vec![],
        )
        .await?;
    assert_eq!(given, serde_json::json!(false));
    browser.click(".reading-answers__toggle").await?;
    let levels = c
        .execute(
            "const dt = document.querySelector('.reading-answers dt[data-question=premiers-clients]'); \
             return [dt.nextElementSibling.textContent, dt.nextElementSibling.nextElementSibling.textContent];",
            vec![],
        )
        .await?;
    assert_eq!(
        levels,
        serde_json::json!([
            "4 — Ma clientèle grandit et je sais d’où elle vient.",
            "Accompagnateur·rice\u{a0}: 1 — Je n’ai encore personne qui achète ou utilise ce que je propose."
        ])
    );
    // On a phone its four columns are one card per indicator, each figure named: nothing
    // scrolls sideways.
    browser
        .cdp(
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({ "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true }),
        )
        .await?;
    browser
        .wait_js(
            "(() => { const table = document.getElementById('result-table'); \
              const scroll = table.parentElement; \
              const theirs = table.querySelector('.result__companion'); \
              return scroll.scrollWidth <= scroll.clientWidth \
                && theirs.dataset.label === 'Accompagnateur·rice' \
                && getComputedStyle(theirs, '::before').content !== 'none'; })()",
        )
        .await?;
    browser
        .cdp(
            "Emulation.clearDeviceMetricsOverride",
            serde_json::json!({}),
        )
        .await?;
    // Kept with the reading: the result's own address shows the same after a reload.
    c.refresh().await?;
    browser
        .wait_text(
            ".result__discuss",
            "4 pour vous, 1 pour l’accompagnateur·rice",
        )
        .await?;

    // The action plan, on « Mes progrès »: saved as it is written, and restored from the backup
    // on another device.
    browser.click(".card__actions a.button").await?;
    browser
        .wait_text("#plan-title", "Mon plan d’action")
        .await?;
    // The self-assessment scores three indicators: the plan asks about those, not turnover.
    let planned = c
        .execute(
            "return [...document.querySelectorAll('.plan__item')].map(f => f.dataset.indicator).join(' ')",
            vec![],
        )
        .await?;
    assert_eq!(
        planned.as_str(),
        Some("appropriation professionnalisation developpement-personnel")
    );
    // Both fields of the row typed, then the row left: one save, whole.
    c.execute(
        "const d = document.getElementById('plan-appropriation-date'); d.value = '2040-01-15'; d.dispatchEvent(new Event('input', { bubbles: true })); const t = document.getElementById('plan-appropriation'); t.value = 'Présenter le projet au marché de Noël'; t.dispatchEvent(new Event('input', { bubbles: true })); t.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![],
    )
    .await?;
    browser
        .wait_text(".plan__said", "Plan enregistré sur cet appareil")
        .await?;
    browser
        .wait_text("#plan-appropriation-date-said", "dimanche 15 janvier 2040")
        .await?;
    // A row with a day to come offers it to the person's calendar; a row without one does not.
    browser.capture_downloads().await?;
    browser
        .click(".plan__item[data-indicator=appropriation] .plan__remind")
        .await?;
    let reminder = browser.first_download().await?;
    assert!(
        reminder.contains("\r\nDTSTART;VALUE=DATE:20400115\r\n")
            && reminder.contains("(Appropriation du projet)"),
        "{reminder}"
    );
    assert!(
        c.find(Locator::Css(
            ".plan__item[data-indicator=professionnalisation] .plan__remind"
        ))
        .await
        .is_err()
    );
    let progress = c.current_url().await?;
    c.refresh().await?;
    browser
        .wait_js("document.getElementById('plan-appropriation')?.value === 'Présenter le projet au marché de Noël' && document.getElementById('plan-appropriation-date').value === '2040-01-15'")
        .await?;
    // On paper the plan is its written line, as text: not the rows left empty, their fields'
    // frames, nor the help and the saving's status.
    browser
        .cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }))
        .await?;
    let printed = c
        .execute(
            "const shown = s => getComputedStyle(document.querySelector(s)).display !== 'none'; \
             return [shown('.plan__item[data-indicator=appropriation]'), shown('.plan__item[data-indicator=professionnalisation]'), shown('.plan__said'), getComputedStyle(document.getElementById('plan-appropriation')).borderTopStyle, shown('#plan-appropriation-date'), shown('#plan-appropriation-date-said')];",
            vec![],
        )
        .await?;
    // The day on paper in words only: the field would write it in the browser's order.
    assert_eq!(printed, json!([true, false, false, "none", false, true]));
    browser
        .cdp("Emulation.setEmulatedMedia", json!({ "media": "" }))
        .await?;
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser.wait_text(".profiles", "Camille").await?;
    // The profile's card says when the plan's next point comes.
    let point = browser
        .wait_text(".profile-card__point", "Prochain point")
        .await?;
    assert_eq!(
        point,
        "Prochain point le 15 janvier 2040 : Appropriation du projet."
    );
    assert!(
        c.find(Locator::Css(".profile-card__point--due"))
            .await
            .is_err()
    );
    // The day goes into the person's own calendar: one all-day event, which names the
    // indicators and neither the person nor the project.
    browser.capture_downloads().await?;
    browser.click(".profile-card__remind").await?;
    let reminder = browser.first_download().await?;
    let lines: Vec<&str> = reminder.split("\r\n").collect();
    for expected in [
        "BEGIN:VCALENDAR",
        "DTSTART;VALUE=DATE:20400115",
        "DTEND;VALUE=DATE:20400116",
        "SUMMARY:Bilan\u{a0}: faire le point (Appropriation du projet)",
    ] {
        assert!(lines.contains(&expected), "{expected} in {reminder}");
    }
    assert_eq!(reminder.matches("BEGIN:VEVENT").count(), 1);
    for private in ["Camille", "Panier", "Noël"] {
        assert!(!reminder.contains(private), "{private} in {reminder}");
    }
    browser.capture_downloads().await?;
    browser.click(".backup .card__actions button").await?;
    let backup = browser.first_download().await?;
    assert!(
        backup.contains("marché de Noël"),
        "the plan is in the backup"
    );
    browser.close().await?;

    // A new device: empty storage, the backup imported, the plan there. In this copy the review
    // was made in January 2026 and the plan's point set for February: the card says it has come.
    let mut earlier: serde_json::Value = serde_json::from_str(&backup)?;
    for reading in earlier["readings"].as_array_mut().into_iter().flatten() {
        reading["submitted_at"] = json!(1_768_039_200_000_i64); // 10 January 2026
    }
    earlier["profiles"][0]["plan"]["appropriation"]["review_on"] = json!("2026-02-01");
    let other = Browser::start().await?;
    let dir = crate::harness::TempDir::new("together-backup");
    let file = dir.0.join("bilan-sauvegarde.json");
    std::fs::write(&file, earlier.to_string())?;
    other
        .client
        .goto(&format!("{}/parcours", server.url))
        .await?;
    other.wait_text(".backup", "Importer").await?;
    other
        .client
        .find(fantoccini::Locator::Css(".backup__import input"))
        .await?
        .send_keys(&file.display().to_string())
        .await?;
    other.wait_text(".profiles", "Camille").await?;
    // What came in, counted and agreed: nothing is named at zero.
    let said = other
        .wait_text(".backup__status", "Sauvegarde importée")
        .await?;
    assert_eq!(
        said,
        "Sauvegarde importée : cet appareil compte 1 profil et 1 bilan de plus."
    );
    let due = other
        .wait_text(".profile-card__point--due", "Point prévu")
        .await?;
    assert_eq!(
        due,
        "Point prévu le 1er février 2026 : Appropriation du projet. C’est le moment d’un nouveau bilan."
    );
    // « 1er » set as French sets it: its letters raised, the line no taller for them.
    other
        .wait_js(
            "(() => { const p = document.querySelector('.profile-card__point--due'); \
              const sup = p.querySelectorAll('sup.ordinal'); \
              return sup.length === 1 && sup[0].textContent === 'er' \
                && parseFloat(getComputedStyle(sup[0]).fontSize) < parseFloat(getComputedStyle(p).fontSize) \
                && getComputedStyle(sup[0]).lineHeight === '0px'; })()",
        )
        .await?;
    // A day that has come is not one to add to a calendar.
    assert!(
        other
            .client
            .find(Locator::Css(".profile-card__remind"))
            .await
            .is_err()
    );
    // A later copy of the same backup, its plan's point moved since: the device's profile is
    // written over and said to be, not counted as one more.
    let at = earlier["profiles"][0]["updated_at"]
        .as_i64()
        .unwrap_or_default();
    earlier["profiles"][0]["updated_at"] = json!(at + 60_000);
    earlier["profiles"][0]["plan"]["appropriation"]["review_on"] = json!("2026-03-02");
    let later = dir.0.join("bilan-sauvegarde-2.json");
    std::fs::write(&later, earlier.to_string())?;
    other
        .client
        .find(fantoccini::Locator::Css(".backup__import input"))
        .await?
        .send_keys(&later.display().to_string())
        .await?;
    let said = other.wait_text(".backup__status", "Mis à jour").await?;
    assert_eq!(
        said,
        "Sauvegarde importée. Mis à jour : 1 profil. Un autre y était déjà."
    );
    other
        .wait_text(".profile-card__point--due", "Point prévu le 2 mars 2026")
        .await?;
    other.client.goto(progress.as_str()).await?;
    other
        .wait_js("document.getElementById('plan-appropriation')?.value === 'Présenter le projet au marché de Noël'")
        .await?;
    other.close().await?;
    server.stop().await?;
    Ok(())
}

/// Ticked by mistake and unticked, the accompagnateur's levels are neither kept nor submitted:
/// the review is the holder's alone, as the page then shows it.
#[tokio::test]
async fn unticked_the_accompagnateurs_levels_are_neither_kept_nor_submitted() -> anyhow::Result<()>
{
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser
        .start_first_survey(&server.url, "Camille", "Le Panier")
        .await?;
    browser.wait_text("h1", "Mon auto-évaluation").await?;
    browser
        .click("[data-question=activite-demarree] input")
        .await?;
    browser.click("#survey-together").await?;
    browser
        .click("[data-question=premiers-clients] .question__view--companion input")
        .await?;
    browser
        .wait_draft("JSON.stringify(d.companion || {}).includes('premiers-clients')")
        .await?;
    browser.click("#survey-together").await?;
    browser
        .wait_draft("JSON.stringify(d.answers).includes('activite-demarree') && !JSON.stringify(d.companion || {}).includes('premiers-clients')")
        .await?;
    // A reload finds the survey answered alone.
    c.refresh().await?;
    browser.wait_text(".survey__step", "Étape 1 sur 4").await?;
    browser
        .wait_js("document.getElementById('survey-together').checked === false && document.querySelector('[data-question=premiers-clients]') !== null && document.querySelector('.question__view--companion') === null")
        .await?;
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
    let alone = c
        .execute(
            "return ['.result__companion', '.result__discuss', '.summary__companion'].map(s => document.querySelector(s) === null)",
            vec![],
        )
        .await?;
    assert_eq!(alone, json!([true, true, true]));
    browser.close().await?;
    Ok(())
}
