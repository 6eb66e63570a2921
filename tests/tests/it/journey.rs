//! "Mon parcours" as a project holder meets it: a local profile created, kept across reloads,
//! refused when incomplete, and deleted only after a confirmation.

use fantoccini::Locator;
use serde_json::json;

use crate::harness::{self, Browser, Server, TempDir};

#[tokio::test]
async fn a_holder_creates_keeps_and_deletes_a_local_profile() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser.wait_text("h1", "Mon parcours").await?;
    browser.wait_text(".profiles", "Aucun profil").await?;
    browser
        .wait_text("form.panel", "restent uniquement sur cet appareil")
        .await?;

    // An incomplete form is refused next to the empty field, and focus goes there.
    c.find(Locator::Css("form.panel button[type=submit]"))
        .await?
        .click()
        .await?;
    browser
        .wait_text("#profile-pseudonym-error", "Ce champ est à remplir")
        .await?;
    let focused = c
        .execute("return document.activeElement.id", vec![])
        .await?;
    assert_eq!(focused, "profile-pseudonym");

    c.find(Locator::Id("profile-pseudonym"))
        .await?
        .send_keys("Camille")
        .await?;
    c.find(Locator::Id("profile-project"))
        .await?
        .send_keys("Épicerie « Le Panier »")
        .await?;
    c.find(Locator::Css("form.panel button[type=submit]"))
        .await?
        .click()
        .await?;
    browser.wait_text(".profiles", "Camille").await?;
    browser
        .wait_text(".profiles", "Épicerie « Le Panier »")
        .await?;

    // Stored on the device: still there after a reload.
    c.refresh().await?;
    browser.wait_text(".profiles", "Camille").await?;

    // The project grows a new name: « Modifier » opens both names in place, the keyboard in the
    // first. Emptied, a name is refused there; cancelled, nothing changes.
    browser.click(".profile-card__rename").await?;
    browser
        .wait_js("document.activeElement?.matches('.profile-edit input') && document.activeElement.value === 'Camille'")
        .await?;
    let project = ".profile-edit input[id$=-project]";
    browser.set_value(project, "").await?;
    browser.click(".profile-edit button[type=submit]").await?;
    browser
        .wait_text(".profile-edit", "Ce champ est à remplir")
        .await?;
    browser
        .wait_js("document.activeElement?.id.endsWith('-project')")
        .await?;
    browser.click(".profile-edit .button--quiet").await?;
    browser
        .wait_js("document.querySelector('.profile-edit') === null && document.activeElement?.matches('.profile-card__rename')")
        .await?;
    browser
        .wait_text(".profile-card .card__body", "Épicerie « Le Panier »")
        .await?;
    browser.click(".profile-card__rename").await?;
    browser
        .wait_js(&format!(
            "document.querySelector('{project}')?.value === 'Épicerie « Le Panier »'"
        ))
        .await?;
    browser.set_value(project, " Le Panier solidaire ").await?;
    browser.click(".profile-edit button[type=submit]").await?;
    browser
        .wait_js("document.querySelector('.profile-edit') === null && document.activeElement?.matches('.profile-card__rename')")
        .await?;
    browser
        .wait_text(".profile-card .card__body", "Le Panier solidaire")
        .await?;
    // Kept on the device, where every page reads it.
    c.refresh().await?;
    let body = browser
        .wait_text(".profile-card .card__body", "Le Panier")
        .await?;
    assert_eq!(body, "Le Panier solidaire");
    browser
        .wait_text(".profile-card .card__title", "Camille")
        .await?;

    // Deleting asks first; cancelling keeps it, confirming removes it. The keyboard follows the
    // question: it takes the focus on « Annuler », and cancelling gives it back to « Supprimer ».
    c.find(Locator::Css(".profile-card__delete"))
        .await?
        .click()
        .await?;
    browser.wait_text(".confirm", "C’est définitif").await?;
    browser
        .wait_js("document.activeElement?.matches('.confirm .button--quiet')")
        .await?;
    let enter = fantoccini::key::Key::Enter.to_string();
    c.active_element().await?.send_keys(&enter).await?;
    browser.wait_text(".profiles", "Camille").await?;
    browser
        .wait_js("document.activeElement?.matches('.profile-card__delete')")
        .await?;
    c.active_element().await?.send_keys(&enter).await?;
    browser
        .wait_js("document.activeElement?.matches('.confirm .button--quiet')")
        .await?;
    c.find(Locator::Css(".confirm .button--danger"))
        .await?
        .click()
        .await?;
    browser.wait_text(".profiles", "Aucun profil").await?;
    // The card is gone with the button: the keyboard stays on the list, not the page's top.
    browser
        .wait_js("document.activeElement?.matches('.profiles')")
        .await?;
    c.refresh().await?;
    browser.wait_text(".profiles", "Aucun profil").await?;
    // An address naming a profile this device does not have says so.
    c.goto(&format!("{}/parcours/personne/auto-evaluation", server.url))
        .await?;
    browser
        .wait_text(
            ".callout--error",
            "Ce profil n’existe pas sur cet appareil.",
        )
        .await?;

    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// Answers every unanswered radio group of the current screen (the fourth option when there is
/// one), then presses the last navigation button.
pub(crate) const FILL_AND_NEXT: &str = r#"
for (const group of document.querySelectorAll('[data-question]')) {
  const radios = group.querySelectorAll('input[type=radio]');
  if (radios.length && ![...radios].some(r => r.checked)) (radios[3] || radios[0]).click();
}
[...document.querySelectorAll('.survey__nav .button')].pop().click();
"#;

#[tokio::test]
async fn a_holder_answers_the_self_assessment_reloading_midway_and_sees_scores()
-> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser
        .start_first_survey(&server.url, "Camille", "Le Panier")
        .await?;
    browser.wait_text("h1", "Mon auto-évaluation").await?;
    browser.wait_text(".survey__step", "Étape 1 sur 4").await?;
    browser
        .wait_js("document.title === 'Questionnaire — Bilan'")
        .await?;
    assert!(
        browser
            .wait_text(".survey__required-note", "obligatoires")
            .await?
            .contains("(*)")
    );
    // The mark of a required question never goes to a line of its own, whatever the width.
    let alone = c
        .execute(
            "const main = document.querySelector('main'); const widths = [];
             for (let w = 180; w <= 420; w += 2) {
               main.style.width = w + 'px';
               for (const star of document.querySelectorAll('.question__required')) {
                 const range = document.createRange();
                 range.selectNodeContents(star.previousElementSibling);
                 const lines = range.getClientRects();
                 if (Math.abs(star.getBoundingClientRect().top - lines[lines.length - 1].top) > 4) widths.push(w);
               }
             }
             main.style.width = ''; return widths;",
            vec![],
        )
        .await?;
    assert_eq!(alone, json!([]), "widths where a * stood alone");

    // show_if applied live: "Depuis quand ?" appears only once the activity has started.
    let shown = "document.querySelector('[data-question=date-demarrage]') !== null";
    assert_eq!(c.execute(&format!("return {shown}"), vec![]).await?, false);
    // Next with the required question unanswered: an error next to it, nothing else moves.
    c.find(Locator::Css(".survey__nav .button"))
        .await?
        .click()
        .await?;
    browser
        .wait_text(
            "[data-question=activite-demarree] .field__error",
            "attend une réponse",
        )
        .await?;
    // The error is said again in the language the person switches to while it is shown.
    browser.click(".lang-switch__button[lang=en]").await?;
    browser
        .wait_text(
            "[data-question=activite-demarree] .field__error",
            "This question needs an answer.",
        )
        .await?;
    browser.click(".lang-switch__button[lang=fr]").await?;
    browser
        .wait_text(
            "[data-question=activite-demarree] .field__error",
            "attend une réponse",
        )
        .await?;
    c.find(Locator::Css("[data-question=activite-demarree] input"))
        .await?
        .click()
        .await?;
    browser.wait_js(shown).await?;
    c.execute(FILL_AND_NEXT, vec![]).await?;
    browser
        .wait_text(".survey__section", "Mon projet, c’est le mien")
        .await?;
    // The keyboard's focus is on the new screen's heading, not on the button left far below.
    browser
        .wait_js("document.activeElement && document.activeElement.matches('h2.survey__section') && document.activeElement.textContent.includes('Mon projet')")
        .await?;
    browser.wait_text(".survey__step", "Étape 2 sur 4").await?;
    c.execute(
        "document.querySelector('[data-question=expliquer-projet] input').click()",
        vec![],
    )
    .await?;
    browser
        .wait_text(".survey__progress", "Réponses : 3 sur")
        .await?;
    browser
        .wait_draft("d.section === 1 && JSON.stringify(d.answers).includes('expliquer-projet')")
        .await?;

    // The browser reloads in the middle: the draft brings the person back to the same screen.
    c.refresh().await?;
    browser
        .wait_text(".callout", "Vous reprenez là où vous vous étiez arrêté")
        .await?;
    browser
        .wait_text(".survey__section", "Mon projet, c’est le mien")
        .await?;
    let kept = c
        .execute(
            "return document.querySelector('[data-question=expliquer-projet] input').checked",
            vec![],
        )
        .await?;
    assert_eq!(
        kept, true,
        "the answer given before the reload is still there"
    );

    // "Vous reprenez…" is said once: the next screen no longer shows it.
    for expected in ["Mes compétences", "Moi, dans ce projet", "Récapitulatif"] {
        c.execute(FILL_AND_NEXT, vec![]).await?;
        browser.wait_text(".survey__section", expected).await?;
        let resumed = c
            .execute(
                "return document.querySelector('.callout--dismissible') !== null",
                vec![],
            )
            .await?;
        assert_eq!(resumed, false, "the resumed notice stays on {expected}");
    }
    browser
        .wait_text(
            ".page--survey",
            "1 — J’ai du mal à dire en quoi consiste mon projet.",
        )
        .await?;
    c.find(Locator::Css(".survey__nav .button"))
        .await?
        .click()
        .await?;
    browser
        .wait_text(".survey__section", "Voici votre bilan")
        .await?;
    // The address is now the reading's: a reload shows this result, not an empty survey.
    let at = c.current_url().await?;
    assert!(at.query().unwrap_or_default().starts_with("bilan="), "{at}");
    // Opened again, it is named by its day, not thanked for a second time.
    c.refresh().await?;
    let again = browser
        .wait_text(".survey__section", "Votre bilan du ")
        .await?;
    let date: Vec<&str> = again["Votre bilan du ".len()..].split(' ').collect();
    assert!(
        date.len() == 3 && date[1].chars().all(char::is_lowercase) && date[2].len() == 4,
        "{again}"
    );
    let table = browser
        .wait_text("table.scores", "Appropriation du projet")
        .await?;
    browser
        .wait_js(&format!(
            "{DRAWN} && document.querySelectorAll('canvas.chart__canvas').length === 1"
        ))
        .await?;
    assert!(
        table.contains("Professionnalisation") && table.contains("Développement personnel"),
        "{table}"
    );
    // On a phone the table is one card per indicator, each figure named: its three columns
    // scrolled sideways at 390 px.
    c.set_window_size(390, 844).await?;
    browser
        .wait_js(
            "(() => { const table = document.getElementById('result-table'); \
              const scroll = table.parentElement; const cell = table.querySelector('td'); \
              return innerWidth <= 400 && scroll.scrollWidth <= scroll.clientWidth \
                && getComputedStyle(cell, '::before').content.includes('Score'); })()",
        )
        .await?;
    c.set_window_size(1280, 900).await?;
    // It may be deleted, after a question that, on a device never linked to a server, speaks
    // of nothing shared; « Annuler » keeps it.
    browser.click(".result-delete").await?;
    let asked = browser
        .wait_text(".confirm", "Supprimer ce bilan de cet appareil")
        .await?;
    assert!(!asked.contains("partag"), "{asked}");
    browser.click(".confirm .button--quiet").await?;
    browser
        .wait_js("document.activeElement?.matches('.result-delete')")
        .await?;

    // The reading exports as CSV: a header with every question and indicator, one row.
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser.wait_text(".profiles", "Camille").await?;
    // The card says when the person last took stock, in words.
    let reviews = browser
        .wait_text(".profile-card__reviews", "Un bilan, le")
        .await?;
    let date: Vec<&str> = reviews["Un bilan, le ".len()..].split(' ').collect();
    assert!(
        date.len() == 3 && date[1].chars().all(char::is_lowercase) && date[2].len() == 4,
        "{reviews}"
    );
    browser.capture_downloads().await?;
    browser.click(".profile-card__csv").await?;
    let csv = browser.first_download().await?;
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 2, "{csv}");
    // For a French spreadsheet: a byte order mark, `;` between cells, the questions' wording
    // as headings and the answers in words.
    assert!(
        lines[0].starts_with(
            "Date;Questionnaire;Version;Mon activité a-t-elle déjà démarré\u{a0}?;Depuis quand\u{a0}?;Mes premiers clients ou bénéficiaires;"
        ),
        "{csv}"
    );
    // Only the indicators the self-assessment scores: no empty columns for the impact families.
    assert!(
        lines[0].ends_with(
            ";Score — Appropriation du projet;Score — Professionnalisation;Score — Développement personnel"
        ),
        "{csv}"
    );
    assert!(lines[1].contains(";Mon auto-évaluation;1;Oui;"), "{csv}");
    // The byte order mark, which the blob's text() takes off: the file's first three bytes.
    let bom = c
        .execute_async(
            "const done = arguments[0]; window.__files[0].arrayBuffer().then(b => done([...new Uint8Array(b).slice(0, 3)]));",
            vec![],
        )
        .await?;
    assert_eq!(bom, json!([0xef, 0xbb, 0xbf]));

    // The draft is gone: opening the survey again starts afresh.
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser.click(".profile-card a.button").await?;
    browser
        .wait_text(".survey__progress", "Réponses : 0 sur")
        .await?;

    // A second, different reading; then the server stops and "Mes progrès" opens offline with both.
    for _ in 0..8 {
        c.execute(&FILL_AND_NEXT.replace("radios[3]", "radios[1]"), vec![])
            .await?;
        let title = browser.wait_text(".survey__section", "").await?;
        if title.contains("Récapitulatif") {
            break;
        }
    }
    browser.click(".survey__nav .button").await?;
    browser
        .wait_text(".survey__section", "Voici votre bilan")
        .await?;
    browser.wait_offline_ready().await?;
    let base = server.url.clone();
    server.stop().await?;
    browser
        .click(".page--survey a.button[href^='/progres/']")
        .await?;
    browser.wait_text("h1", "Mes progrès").await?;
    browser
        .wait_js("document.title === 'Mes progrès — Bilan'")
        .await?;
    // Progress is part of « Mon parcours », though its address does not start with it.
    browser.wait_current_tab("/parcours").await?;
    c.refresh().await?;
    let history = browser
        .wait_text(".readings", "Mon auto-évaluation")
        .await?;
    assert_eq!(
        history.lines().count(),
        2,
        "both readings are listed: {history}"
    );
    // Newest first, with no number beside them: « 1. » would be the second review. Each opens
    // again, a link as easy to touch as a button.
    browser
        .wait_js(
            "getComputedStyle(document.querySelector('.readings__item')).listStyleType === 'none' \
             && document.querySelector('.readings__item a').getBoundingClientRect().height >= 44",
        )
        .await?;
    // Made the same day, they are told apart by their rank that day, in the list and the pickers,
    // and what changed is said against the previous review, not a date. (Either side of midnight
    // UTC, they are two dates.)
    let same_day = history.contains("1er bilan");
    let options = c
        .execute(
            "return [...document.querySelectorAll('#compare-from option')].map(o => o.textContent).join('|')",
            vec![],
        )
        .await?;
    let options = options.as_str().unwrap_or_default().to_owned();
    let since = if same_day {
        assert!(history.contains("2e bilan"), "{history}");
        // The ranks' letters raised in the list (« 1er », « 2e »), plain in the pickers'
        // options, which hold text only.
        let raised = c
            .execute(
                "return [...document.querySelectorAll('.readings sup.ordinal')].map(s => s.textContent).sort().join(' ')",
                vec![],
            )
            .await?;
        assert_eq!(raised.as_str(), Some("e er"), "{history}");
        assert!(
            options.contains("1er bilan") && options.contains("2e bilan"),
            "{options}"
        );
        "depuis votre bilan précédent"
    } else {
        "depuis le "
    };
    let changes = browser.wait_text(".changes__list", since).await?;
    assert!(changes.contains("Appropriation du projet"), "{changes}");
    browser
        .wait_js(&format!(
            "{DRAWN} && document.querySelectorAll('canvas.chart__canvas').length === 2"
        ))
        .await?;
    // Two reviews minutes apart would stand in one column on an axis of months: each has its
    // place, named as the table names its row (the day, and its rank when the day has two).
    let ticks = c
        .execute(
            "return document.querySelector('canvas.chart__canvas--lines').dataset.ticks",
            vec![],
        )
        .await?;
    let rows = browser
        .texts("return [...document.querySelectorAll('#lines-table tbody th')].map(th => th.textContent)")
        .await?;
    let ticks: Vec<String> = ticks
        .as_str()
        .unwrap_or_default()
        .split('|')
        .map(str::to_owned)
        .collect();
    assert_eq!(
        ticks,
        rows.iter()
            .map(|r| r.replace(", ", " "))
            .collect::<Vec<_>>(),
        "the axis names each review as the table does"
    );
    assert_eq!(ticks.len(), 2, "{ticks:?}");
    // What changed names both scores, as the table gives them, and their difference.
    let scores = browser
        .texts(
            "const t = document.getElementById('lines-table'); \
             const col = [...t.querySelectorAll('thead th')].findIndex(th => th.textContent === 'Appropriation du projet'); \
             return [...t.querySelectorAll('tbody tr')].map(tr => tr.children[col].textContent)",
        )
        .await?;
    let (from, to): (i64, i64) = (scores[0].parse()?, scores[1].parse()?);
    let said = match to - from {
        0 => format!("Appropriation du projet : stable à {to} {since}"),
        d => format!(
            "Appropriation du projet : de {from} à {to} ({}) {since}",
            format!("{d:+}").replace('-', "\u{2212}")
        ),
    };
    assert!(changes.contains(&said), "{said:?} in {changes}");
    if same_day {
        assert!(ticks[1].ends_with(" 2e bilan"), "{ticks:?}");
    }
    // Folded on screen, the lines' table is on paper.
    browser
        .cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }))
        .await?;
    let printed = c
        .execute(
            "const t = document.getElementById('lines-table'); \
             return [t.closest('details').open, t.checkVisibility()];",
            vec![],
        )
        .await?;
    assert_eq!(printed, json!([false, true]));
    browser
        .cdp("Emulation.setEmulatedMedia", json!({ "media": "" }))
        .await?;
    // On a phone the lines' table is one card per review, each score named by its indicator.
    c.set_window_size(390, 844).await?;
    c.execute(
        "document.querySelector('#lines-table').closest('details').open = true",
        vec![],
    )
    .await?;
    browser
        .wait_js(
            "(() => { const table = document.getElementById('lines-table'); \
              const cell = table.querySelector('tbody td'); \
              return innerWidth <= 400 && table.parentElement.scrollWidth <= table.parentElement.clientWidth \
                && getComputedStyle(cell, '::before').content.includes('Appropriation du projet'); })()",
        )
        .await?;
    // On the narrowest phones the page never scrolls sideways: where the comparison's table
    // cannot fit (no hyphenation here), it scrolls inside its card.
    c.set_window_size(320, 640).await?;
    browser
        .wait_js(
            "(() => { const root = document.documentElement; \
              const table = document.getElementById('compare-table'); \
              return innerWidth <= 330 && root.scrollWidth <= root.clientWidth \
                && table.parentElement.classList.contains('table-scroll'); })()",
        )
        .await?;
    c.set_window_size(1280, 900).await?;
    // The first review opens again from the list, offline: its day, its scores, and what the
    // person answered then, folded until asked for.
    browser.click(".readings__item:last-child a").await?;
    browser
        .wait_text(".survey__section", "Votre bilan du ")
        .await?;
    browser
        .wait_text("table.scores", "Appropriation du projet")
        .await?;
    // Printed, the answers are on paper though folded on screen.
    browser
        .cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }))
        .await?;
    let printed = c
        .execute(
            "const a = document.querySelector('.reading-answers'); \
             return [a.open, a.querySelector('dl').checkVisibility()];",
            vec![],
        )
        .await?;
    assert_eq!(printed, json!([false, true]));
    browser
        .cdp("Emulation.setEmulatedMedia", json!({ "media": "" }))
        .await?;
    browser.click(".reading-answers__toggle").await?;
    let first = browser
        .texts(
            "const dt = document.querySelector('.reading-answers dt[data-question=expliquer-projet]'); \
             return [dt.textContent, dt.nextElementSibling.textContent]",
        )
        .await?;
    assert_eq!(
        first,
        [
            "Expliquer mon projet",
            "1 — J’ai du mal à dire en quoi consiste mon projet."
        ]
    );
    // Back on the journey, offline: the card counts both reviews.
    c.goto(&format!("{base}/parcours")).await?;
    browser
        .wait_text(".profile-card__reviews", "2 bilans, le dernier le")
        .await?;

    browser.close().await?;
    Ok(())
}

/// Answers every question of the section shown (a choice, 2 for a number), then goes on.
pub(crate) const FILL_ANY_AND_NEXT: &str = r#"
for (const group of document.querySelectorAll('[data-question]')) {
  const radios = group.querySelectorAll('input[type=radio]');
  if (radios.length && ![...radios].some(r => r.checked)) (radios[1] || radios[0]).click();
  for (const input of group.querySelectorAll('input.number__input')) {
    if (!input.value) {
      input.value = '2';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }
}
[...document.querySelectorAll('.survey__nav .button')].pop().click();
"#;

/// One review of the impact measures by `profile`, from the survey's address to its result,
/// then « Mes progrès ».
async fn impact_review(browser: &Browser, base: &str, profile: &str) -> anyhow::Result<()> {
    let c = &browser.client;
    c.goto(&format!("{base}/parcours/{profile}/mesures-impact"))
        .await?;
    browser
        .wait_text("h1", "Les effets de mon activité")
        .await?;
    crate::sessions::sections_to_the_end(
        browser,
        "a.button[href^=\"/progres/\"]",
        FILL_ANY_AND_NEXT,
        vec![],
    )
    .await?;
    c.goto(&format!("{base}/progres/{profile}")).await?;
    Ok(())
}

#[tokio::test]
async fn a_first_review_of_a_second_survey_says_what_its_next_review_will_show()
-> anyhow::Result<()> {
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let profile = browser
        .start_first_survey(&server.url, "Lou", "La Fabrique")
        .await?;
    crate::sessions::sections_to_the_end(
        &browser,
        "a.button[href^=\"/progres/\"]",
        FILL_AND_NEXT,
        vec![],
    )
    .await?;
    // Then the impact measures, for the first time. The note on required questions is said on
    // the steps that have one, not on « Développement local », which has none.
    let c = &browser.client;
    c.goto(&format!("{}/parcours/{profile}/mesures-impact", server.url))
        .await?;
    browser
        .wait_text(".survey__required-note", "obligatoires")
        .await?;
    c.execute(FILL_ANY_AND_NEXT, vec![]).await?;
    browser
        .wait_text(".survey__section", "Développement local")
        .await?;
    assert!(
        c.find(Locator::Css(".survey__required-note"))
            .await
            .is_err()
    );
    impact_review(&browser, &server.url, &profile).await?;
    browser
        .wait_text(".readings", "Les effets de mon activité")
        .await?;
    // Two reviews, of two surveys: they compare on the star, but neither has a previous one to
    // say what changed, and no indicator has two points to draw a line through.
    let said = browser
        .wait_text(".changes__first", "premier bilan")
        .await?;
    assert_eq!(
        said,
        "Votre premier bilan « Les effets de mon activité » : le prochain montrera ce qui a changé."
    );
    browser
        .wait_text("#compare-title", "Comparer deux bilans")
        .await?;
    browser
        .wait_text(".lines__one", "évalué dans deux bilans")
        .await?;
    browser
        .wait_js(&format!(
            "{DRAWN} && document.querySelectorAll('canvas.chart__canvas').length === 1"
        ))
        .await?;
    // A second impact review: the star compares the two impact reviews, not the self-assessment
    // with the latest, which would be two halves of a star.
    impact_review(&browser, &server.url, &profile).await?;
    browser
        .wait_text(".changes__list", "Utilité sociale")
        .await?;
    browser
        .wait_js(
            "document.getElementById('compare-from').value === '1' \
             && document.getElementById('compare-to').value === '2'",
        )
        .await?;
    browser
        .wait_js(&format!(
            "{DRAWN} && document.querySelectorAll('canvas.chart__canvas').length === 2"
        ))
        .await?;
    browser.close().await?;
    Ok(())
}

/// True once every chart canvas of the page has drawn pixels that are not white.
pub(crate) const DRAWN: &str = "[...document.querySelectorAll('canvas.chart__canvas')].every(c => { \
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; \
    for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++; \
    return n > 500; })";

#[tokio::test]
async fn after_one_visit_the_app_opens_and_works_with_the_server_stopped() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let url = server.url.clone();
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser
        .create_profile(&url, "Sacha", "Atelier vélo")
        .await?;
    // The service worker has taken control of the page and kept the whole app.
    browser.wait_offline_ready().await?;

    server.stop().await?;
    c.refresh().await?;
    browser.wait_text("h1", "Mon parcours").await?;
    browser.wait_text(".profiles", "Sacha").await?;
    // A survey, fetched as data, opens from the offline copy too.
    browser.click(".profile-card a.button").await?;
    browser.wait_text("h1", "Mon auto-évaluation").await?;
    browser
        .wait_text(".survey__section", "Où en est mon projet")
        .await?;
    browser.close().await?;
    Ok(())
}

#[tokio::test]
async fn on_a_connection_that_answers_nothing_the_app_opens_from_its_copy_at_once()
-> anyhow::Result<()> {
    let server = Server::start().await?;
    let proxy = harness::Proxy::start(&server.url).await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser
        .create_profile(&proxy.url, "Noa", "Café associatif")
        .await?;
    browser.wait_offline_ready().await?;

    // "Lie-fi": the network is up, but what it reaches accepts connections and never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let silent_addr = silent.local_addr()?;
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            open.push(socket);
        }
    });
    server.stop().await?;
    proxy.retarget(&format!("http://{silent_addr}"));
    // The page is this version's copy: no waiting on the network, which would never answer
    // (the navigation would then hit this timeout and fail).
    c.update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
        None,
        Some(std::time::Duration::from_secs(15)),
        None,
    ))
    .await?;
    c.goto(&format!("{}/parcours", proxy.url)).await?;
    browser.wait_text("h1", "Mon parcours").await?;
    browser.wait_text(".profiles", "Noa").await?;
    held.abort();
    browser.close().await?;
    Ok(())
}

#[tokio::test]
async fn a_new_version_is_offered_and_applied_only_when_the_person_asks() -> anyhow::Result<()> {
    let (_data, dist) = harness::copy_of_dist("update")?;
    let server = Server::start_on_copy(&dist, "update").await?;
    let proxy = harness::Proxy::start(&server.url).await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser
        .create_profile(&proxy.url, "Lou", "Recyclerie")
        .await?;
    browser.wait_offline_ready().await?;
    // The update is applied on the home page, which loads no page's chunk.
    c.goto(&format!("{}/", proxy.url)).await?;
    browser.wait_text("h1", "Bienvenue").await?;
    browser.wait_offline_ready().await?;
    let before = proxy.recorded().len();
    c.execute("window.stillHere = true", vec![]).await?;

    // A new build is deployed: a different service worker.
    harness::deploy_next_version(&dist)?;
    browser.wait_update_offered().await?;
    assert_eq!(
        c.execute("return window.stillHere === true", vec![])
            .await?,
        true,
        "the page was not reloaded under the person"
    );
    // Nor does the browser's HTTP cache hold them any more: what the new version keeps comes
    // from the earlier version's cache or the network.
    browser
        .cdp("Network.clearBrowserCache", serde_json::json!({}))
        .await?;
    browser.click(".banner--update button").await?;
    browser
        .wait_js("window.stillHere === undefined && document.querySelector('h1') !== null")
        .await?;
    browser.wait_text("h1", "Bienvenue").await?;
    c.goto(&format!("{}/parcours", proxy.url)).await?;
    browser.wait_text(".profiles", "Lou").await?;
    assert_eq!(
        c.execute(
            "return document.querySelector('.banner--update') === null",
            vec![]
        )
        .await?,
        true
    );
    // The new version keeps the same files for offline; it took the ones whose name had not
    // changed from the earlier version's cache: no module, chunk or pack was downloaded again.
    browser.wait_offline_ready().await?;
    let update = String::from_utf8_lossy(&proxy.recorded()[before..]).into_owned();
    let asked: Vec<&str> = update
        .split("GET ")
        .skip(1)
        .filter_map(|rest| rest.split(' ').next())
        .collect();
    assert!(asked.contains(&"/sw.js"), "{asked:?}");
    for path in &asked {
        assert!(
            !path.ends_with(".wasm") && !path.ends_with(".pack"),
            "{path} downloaded again: {asked:?}"
        );
    }
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// The autosaved draft's answer to `question`, read straight from IndexedDB.
/// The montant question's error is gone.
const MONTANT_MENDED: &str =
    "document.querySelector('[data-question=montant] .field__error').textContent.trim() === ''";

/// The answers to question `id` of every draft on the device, as JSON.
async fn draft_answer(c: &fantoccini::Client, id: &str) -> anyhow::Result<String> {
    let kept = c.execute_async(DRAFT_ANSWER, vec![json!(id)]).await?;
    Ok(kept.as_str().unwrap_or_default().to_owned())
}

const DRAFT_ANSWER: &str = r#"
const done = arguments[arguments.length - 1];
const open = indexedDB.open('bilan');
open.onsuccess = () => {
  const all = open.result.transaction('drafts').objectStore('drafts').getAll();
  all.onsuccess = () => { done(JSON.stringify(all.result.map(d => d.answers[arguments[0]]))); open.result.close(); };
};
"#;

/// A small tmpfs for a browser profile, so the site's storage can really fill up; unmounted when
/// dropped, and its mount point removed (the profile's own clean-up ran while it was mounted,
/// and left the empty folder behind at every run).
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    fn mount(dir: &std::path::Path) -> anyhow::Result<SmallDisk> {
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64m", "tmpfs"])
            .arg(dir)
            .status()?;
        anyhow::ensure!(
            status.success(),
            "cannot mount a 64 MB tmpfs for the browser profile (needs root, as `cargo xtask test` has in CI)"
        );
        Ok(SmallDisk(dir.to_owned()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// Fills the site's storage with incompressible data in a separate database until the browser
/// refuses a write for lack of space; answers how the last write ended.
const FILL_STORAGE: &str = r#"
const done = arguments[arguments.length - 1];
const open = indexedDB.open('filler', 1);
open.onupgradeneeded = () => open.result.createObjectStore('s');
open.onsuccess = () => {
  // Big writes first, then smaller ones, until even one byte no longer fits: no room is left
  // for an answer, however small.
  const sizes = [8 << 20, 1 << 20, 64 << 10, 4 << 10, 256, 16, 1];
  let key = 0, last = 'never full', tries = 0;
  const write = (k) => {
    if (k === sizes.length || tries > 1000) { open.result.close(); return done(last); }
    tries++;
    const bytes = new Uint8Array(sizes[k]);
    for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, Math.min(bytes.length, i + 65536)));
    const t = open.result.transaction('s', 'readwrite');
    t.objectStore('s').put(bytes, key++);
    t.oncomplete = () => write(k);
    t.onabort = () => { last = t.error && t.error.name; write(k + 1); };
  };
  write(0);
};
"#;

/// Writes 1 KB to the filler's database; answers how the write ended: `"saved"`, or the name of
/// the browser's refusal.
const PROBE_WRITE: &str = r#"
const done = arguments[arguments.length - 1];
const open = indexedDB.open('filler', 1);
open.onupgradeneeded = () => open.result.createObjectStore('s');
open.onerror = () => done(open.error && open.error.name);
open.onsuccess = () => {
  const bytes = new Uint8Array(1024);
  crypto.getRandomValues(bytes);
  const t = open.result.transaction('s', 'readwrite');
  t.objectStore('s').put(bytes, 'probe');
  t.oncomplete = () => { open.result.close(); done('saved'); };
  t.onabort = () => { open.result.close(); done(t.error && t.error.name); };
};
"#;

#[tokio::test]
async fn a_full_browser_quota_is_said_keeps_what_was_saved_and_the_next_answer_saves()
-> anyhow::Result<()> {
    let server = Server::start().await?;
    let profile = TempDir::new("small-disk");
    let disk = SmallDisk::mount(&profile.0)?;
    let browser = Browser::start_in(profile).await?;
    let c = &browser.client;
    browser
        .start_first_survey(&server.url, "Camille", "Le Panier")
        .await?;
    browser.wait_text("h1", "Mon auto-évaluation").await?;
    let pick = |n: usize| {
        format!("document.querySelectorAll('[data-question=activite-demarree] input')[{n}].click()")
    };
    let saved = async || draft_answer(c, "activite-demarree").await;
    c.execute(&pick(0), vec![]).await?;
    browser
        .wait_text(".survey__progress", "Réponses : 1 sur")
        .await?;
    browser
        .wait_js_async(DRAFT_ANSWER, json!("activite-demarree"), "true")
        .await?;
    assert_eq!(saved().await?, r#"[{"type":"yes_no","value":true}]"#);

    // Something else fills the site's storage to the last byte: the next answer is refused, and
    // the app says so. The browser itself refuses a probe first, so nothing is left to chance.
    let full = c.execute_async(FILL_STORAGE, vec![]).await?;
    assert_eq!(full, json!("QuotaExceededError"));
    assert_eq!(
        c.execute_async(PROBE_WRITE, vec![]).await?,
        json!("QuotaExceededError")
    );
    c.execute(&pick(1), vec![]).await?;
    browser
        .wait_text(
            ".survey__failure",
            "L’espace de stockage du navigateur est plein",
        )
        .await?;
    assert_eq!(
        saved().await?,
        r#"[{"type":"yes_no","value":true}]"#,
        "what was saved before is kept"
    );

    // Space comes back: the next answer saves and the message goes.
    c.execute_async(
        "const done = arguments[0]; const r = indexedDB.deleteDatabase('filler'); r.onsuccess = r.onerror = () => done(true);",
        vec![],
    )
    .await?;
    browser
        .wait_js_async(PROBE_WRITE, json!(null), "saved")
        .await?;
    c.execute(&pick(0), vec![]).await?;
    browser
        .wait_js("document.querySelector('.survey__failure') === null")
        .await?;
    c.execute(&pick(1), vec![]).await?;
    browser
        .wait_js_async(DRAFT_ANSWER, json!("activite-demarree"), "false")
        .await?;
    assert_eq!(saved().await?, r#"[{"type":"yes_no","value":false}]"#);
    browser.close().await?;
    drop(disk);
    server.stop().await?;
    Ok(())
}

/// A holder's survey with one number question, as a Pôle may add one (XLSForm's `decimal`).
const AMOUNT_SURVEY: &str = r#"id = "montant-test"
version = 1
languages = ["fr"]
title = { fr = "Un montant" }

[[section]]
id = "s"
title = { fr = "Le montant" }

[[section.question]]
id = "montant"
kind = "decimal"
unit = "euro"
min = 1
max = 10000
label = { fr = "Montant" }
required = true

[[section.question]]
id = "resultat"
kind = "decimal"
label = { fr = "Résultat de l’exercice" }

[[section.question]]
id = "cloture"
kind = "date"
precision = "day"
label = { fr = "Date de clôture" }
"#;

#[tokio::test]
async fn a_number_is_checked_as_typed_kept_and_shown_again_after_a_reload() -> anyhow::Result<()> {
    // The app as built, with the survey's file beside the others, as the build writes it.
    let (_data, dist) = harness::copy_of_dist("number")?;
    let survey = bilan_core::load::load("montant-test.toml", AMOUNT_SURVEY)
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    std::fs::write(
        dist.join("surveys/montant-test.json"),
        serde_json::to_vec(&survey)?,
    )?;
    let server = Server::start_on_copy(&dist, "number").await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    let profile = browser
        .start_first_survey(&server.url, "Camille", "Le Panier")
        .await?;
    c.goto(&format!("{}/parcours/{profile}/montant-test", server.url))
        .await?;
    let field = "[data-question=montant] input";
    browser
        .wait_text("[data-question=montant]", "Montant")
        .await?;
    // A text field the app reads, with a keyboard of figures: the browser's own number field
    // reads the browser's language, not the page's.
    let kind = c
        .execute(
            "const i = document.querySelector(arguments[0]); return [i.type, i.inputMode]",
            vec![json!(field)],
        )
        .await?;
    assert_eq!(kind, json!(["text", "decimal"]));
    // A number that may be below zero gets the whole keyboard: a phone's keypad of figures
    // may have no minus sign. A loss is typed with its sign and its groups.
    let loss = "[data-question=resultat] input";
    let mode = c
        .execute(
            "return document.querySelector(arguments[0]).inputMode",
            vec![json!(loss)],
        )
        .await?;
    assert_eq!(mode, json!("text"));
    // A day, which this American browser's field writes 12/04/2026, is said in the page's words.
    c.execute(
        "const f = document.querySelector('[data-question=cloture] input'); f.value = '2026-12-04'; \
         f.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![],
    )
    .await?;
    browser
        .wait_text("#q-cloture-said", "4 décembre 2026")
        .await?;
    let described = c
        .execute(
            "return document.querySelector('[data-question=cloture] input').getAttribute('aria-describedby')",
            vec![],
        )
        .await?;
    assert_eq!(described, json!("q-cloture-said q-cloture-error"));
    browser.type_text(loss, "\u{2212}1 250,5\t").await?;
    browser
        .wait_js_async(
            DRAFT_ANSWER,
            json!("resultat"),
            "{\"type\":\"number\",\"value\":-1250.5}",
        )
        .await?;
    // Below the minimum: said next to the field when going on, with the minimum as written in
    // the survey.
    browser.type_text(field, "0.5\t").await?;
    browser.click(".survey__nav .button").await?;
    browser
        .wait_text("[data-question=montant] .field__error", "au moins 1.")
        .await?;
    // Above the maximum: the maximum as French writes it.
    c.find(Locator::Css(field)).await?.clear().await?;
    browser.type_text(field, "20000\t").await?;
    browser.click(".survey__nav .button").await?;
    browser
        .wait_js("document.querySelector('[data-question=montant] .field__error').textContent.includes('au plus 10\\u202f000.')")
        .await?;
    // Mended, the error goes and the number is kept.
    c.find(Locator::Css(field)).await?.clear().await?;
    browser.type_text(field, "2.5\t").await?;
    browser.wait_js(MONTANT_MENDED).await?;
    let kept = draft_answer(c, "montant").await?;
    assert!(kept.contains("2.5"), "{kept}");
    // Text that is no number is said so and stays in the field, and the page waits for it to
    // be mended; the number saved before stays saved until then. (The text is replaced at once,
    // as a person selecting it all and typing does: WebDriver's `clear` would empty the field
    // for the page first.)
    browser.type_text(field, "\u{E009}a\u{E000}12k\t").await?;
    browser
        .wait_text(
            "[data-question=montant] .field__error",
            "Entrez un nombre en chiffres",
        )
        .await?;
    browser.click(".survey__nav .button").await?;
    browser
        .wait_js("document.activeElement === document.querySelector('[data-question=montant] input') && document.activeElement.value === '12k'")
        .await?;
    let kept = draft_answer(c, "montant").await?;
    assert!(kept.contains("2.5"), "{kept}");
    // In the language switched to, the field keeps the text to mend, under its error said
    // again, where the saved number used to come back under an error that was not its own.
    browser.click(".lang-switch__button[lang=en]").await?;
    browser
        .wait_text(
            "[data-question=montant] .field__error",
            "Enter a number in figures",
        )
        .await?;
    browser
        .wait_js("document.querySelector('[data-question=montant] input').value === '12k'")
        .await?;
    browser.click(".lang-switch__button[lang=fr]").await?;
    browser
        .wait_text(
            "[data-question=montant] .field__error",
            "Entrez un nombre en chiffres",
        )
        .await?;
    browser
        .wait_js("document.querySelector('[data-question=montant] input').value === '12k'")
        .await?;
    // A point before three figures, which French people write for a thousand as well as for a
    // decimal: asked again, both said.
    browser.type_text(field, "\u{E009}a\u{E000}2.500\t").await?;
    browser
        .wait_js("document.querySelector('[data-question=montant] .field__error').textContent.includes('Est-ce 2,5 ou 2\u{202f}500\u{a0}?')")
        .await?;
    // A decimal comma is read as one, in this English browser too (whose own number field
    // took « 2,5 » for 25).
    browser.type_text(field, "\u{E009}a\u{E000}2,5\t").await?;
    browser.wait_js(MONTANT_MENDED).await?;
    let kept = draft_answer(c, "montant").await?;
    assert!(kept.contains("2.5"), "{kept}");
    // The unit shown after the field may be typed too.
    browser
        .type_text(field, "\u{E009}a\u{E000}1250,5 €\t")
        .await?;
    browser
        .wait_js_async(DRAFT_ANSWER, json!("montant"), "1250.5")
        .await?;
    // Reloaded, the draft shows the number again, as French writes it, which the field reads
    // back; so does the summary.
    c.refresh().await?;
    browser
        .wait_text("[data-question=montant]", "Montant")
        .await?;
    browser
        .wait_js(
            "document.querySelector('[data-question=montant] input').value === '1\u{202f}250,5'",
        )
        .await?;
    browser.type_text(field, "\t").await?;
    browser.click(".survey__nav .button").await?;
    browser
        .wait_text(".survey__section", "Récapitulatif")
        .await?;
    browser
        .wait_js("document.querySelector('main').textContent.includes('1\u{202f}250,5')")
        .await?;
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn a_review_given_in_the_evening_overseas_is_dated_that_evening() -> anyhow::Result<()> {
    use bilan_core::Lang;
    use bilan_core::calendar::Date;
    use sqlx::Connection;
    // 02:30 UTC on New Year's Day is 22:30 on New Year's Eve in Guadeloupe (UTC−4 all year):
    // every date the holder reads is that day's, never UTC's, and what the review shares is
    // counted in the year ending, where the holder lives.
    let year = harness::today().year;
    let new_year = Date {
        year,
        month: 1,
        day: 1,
    }
    .millis();
    let there = Date::from_millis(new_year - 86_400_000);
    let server = Server::start().await?;
    let database = server.database_url();
    let token = harness::server_cli(&[
        "token",
        "create",
        "--role",
        "contributor",
        "--label",
        "guadeloupe",
        "--database",
        &database,
    ])?;
    let browser = Browser::start_in_zone("America/Guadeloupe").await?;
    browser
        .set_clock(new_year + 2 * 3_600_000 + 30 * 60_000)
        .await?;
    let base = server.url.as_str();
    browser
        .sharing_holder(base, token.trim(), "Maëlys", "Ti Kaz")
        .await?;
    crate::sync::answer_and_submit(&browser, base).await?;
    browser.client.goto(&format!("{base}/parcours")).await?;
    browser
        .wait_text(".sharing__pending", "Tout est envoyé")
        .await?;
    let mut db = sqlx::SqliteConnection::connect(&database).await?;
    let periods: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT period FROM sync_tables WHERE dimension = ''")
            .fetch_all(&mut db)
            .await?;
    db.close().await?;
    assert_eq!(
        periods,
        [there.year.to_string()],
        "counted in the wrong year"
    );

    let spoken = there.spoken(Lang::Fr).replace('\u{a0}', " ");
    let c = &browser.client;
    c.goto(&format!("{base}/parcours")).await?;
    browser
        .wait_text(".profile-card__reviews", &format!("Un bilan, le {spoken}"))
        .await?;
    browser
        .wait_text(".profile-card", &format!("Créé le {spoken}"))
        .await?;
    // The spreadsheet of the reviews dates them so too.
    browser.capture_downloads().await?;
    browser.click(".profile-card__csv").await?;
    let csv = browser.first_download().await?;
    let row = csv.trim_end().split("\r\n").nth(1).unwrap_or_default();
    assert!(row.starts_with(&format!("{};", there.iso())), "{csv}");
    // A session created now is proposed for that day.
    c.goto(&format!("{base}/seances")).await?;
    browser
        .wait_js(&format!(
            "document.querySelector('#session-date')?.value === '{}'",
            there.iso()
        ))
        .await?;
    Ok(())
}
