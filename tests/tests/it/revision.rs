//! The indicator grid decided together: a review session of three colleges at the kiosk, what
//! the room said per question and per college, and the grid's version 2 written on the
//! facilitator's laptop, checked by the real `survey check`.

use serde_json::json;

use crate::harness::{Browser, TempDir, server_cli, token, workspace_root};
use crate::room::room_server;
use crate::sessions::{leave_kiosk, path, sections_to_the_end, start_kiosk};

const PROPOSAL: &str = "LOCAL-TROUVE Avez-vous trouvé un local ?";

/// Ticks, in each visible question, the option at the index `arguments[0]` gives for its id,
/// types `arguments[1]` in the proposal, then presses the section's last button.
const TICK_AND_NEXT: &str = r#"
const [plan, proposal] = arguments;
for (const group of document.querySelectorAll('[data-question]')) {
  const pick = plan[group.dataset.question];
  const radios = group.querySelectorAll('input[type=radio]');
  if (pick !== undefined && radios.length && !radios[pick].checked) radios[pick].click();
  const text = group.querySelector('textarea');
  if (text && proposal && !text.value) { text.value = proposal; text.dispatchEvent(new Event('input', { bubbles: true })); }
}
[...document.querySelectorAll('.survey__nav .button')].pop().click();
"#;

/// One participant at the kiosk, up to "thank you".
async fn review(browser: &Browser, plan: &serde_json::Value, proposal: &str) -> anyhow::Result<()> {
    browser.wait_text(".survey__progress", "Réponses").await?;
    sections_to_the_end(
        browser,
        ".kiosk-thanks",
        TICK_AND_NEXT,
        vec![plan.clone(), json!(proposal)],
    )
    .await
}

async fn verdict(browser: &Browser, question: &str) -> anyhow::Result<String> {
    Ok(browser
        .client
        .execute(
            &format!(
                "return document.querySelector(\"[data-question='{question}'] .revision__verdict\").value"
            ),
            vec![],
        )
        .await?
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

async fn choose(browser: &Browser, question: &str, verdict: &str) -> anyhow::Result<()> {
    browser
        .client
        .execute(
            &format!(
                "const s = document.querySelector(\"[data-question='{question}'] .revision__verdict\"); s.value = '{verdict}'; s.dispatchEvent(new Event('change'));"
            ),
            vec![],
        )
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_grid_review_of_three_colleges_writes_a_valid_version_2() -> anyhow::Result<()> {
    let (server, database) = room_server("revision").await?;
    let db_file = std::path::PathBuf::from(database.trim_start_matches("sqlite://"));
    let facilitator = token(&database, "facilitator")?;
    let base = server.url.clone();
    let laptop = Browser::start().await?;
    let c = &laptop.client;
    c.goto(&format!("{base}/seances#join?token={facilitator}"))
        .await?;
    laptop
        .type_text("#session-title", "Révision de la grille")
        .await?;
    // The review is offered among the session's surveys, named as the review of its grid: once
    // picked, the closed list shows that name alone.
    laptop
        .wait_js("document.querySelector(\"#session-survey option[value='revision-auto-evaluation']\")?.textContent === 'Révision de la grille\u{a0}: Mon auto-évaluation'")
        .await?;
    c.execute(
        "const s = document.getElementById('session-survey'); s.value = 'revision-auto-evaluation'; s.dispatchEvent(new Event('change'));",
        vec![],
    )
    .await?;
    laptop.click(".session-form button[type=submit]").await?;
    laptop.wait_text(".session-facts", "").await?;
    // The session's page says what it runs.
    laptop
        .wait_text(".page__lead", "Révision de la grille : Mon auto-évaluation")
        .await?;
    let session = path(&laptop).await?;
    laptop
        .wait_text(".revision .panel__title", "Préparer la version 2")
        .await?;

    // Nine people at the kiosk, three per college: everyone drops « prix », rewords whether the
    // activity started, keeps « confiance »; one proposes a question.
    start_kiosk(&laptop, "2468").await?;
    for (n, college) in [1, 2, 3].iter().cycle().take(9).enumerate() {
        let plan = json!({
            "college": college,
            "q-prix": 2,
            "q-activite-demarree": 1,
            "q-confiance": 0,
        });
        review(&laptop, &plan, if n == 0 { PROPOSAL } else { "" }).await?;
        laptop.click(".kiosk-next").await?;
    }
    leave_kiosk(&laptop, "2468").await?;
    laptop.wait_text("[data-participants]", "9").await?;

    // The results screen: per question, and per college, the three colleges shown apart.
    c.goto(&format!("{base}{session}/resultats")).await?;
    laptop.wait_text(".live__count", "9").await?;
    laptop
        .wait_js("document.querySelector(\"[data-question='q-prix'] table\")?.textContent.includes('La retirer')")
        .await?;
    laptop
        .wait_js(
            "document.querySelectorAll('.review-colleges thead th[data-college]').length === 3",
        )
        .await?;
    let row = c
        .execute(
            "return [...document.querySelectorAll(\".review-colleges tr[data-question='prix'] td\")].map(td => td.dataset.college + ' ' + td.textContent)",
            vec![],
        )
        .await?;
    let row: Vec<String> = serde_json::from_value(row)?;
    // Each college's own table: three or four people, every count perturbed by 2 at most, so
    // which choice leads in a college is the noise's to say; each shows one, with its count.
    // (The overall verdicts below are beyond the noise: 9 against 0.)
    assert_eq!(row.len(), 3, "{row:?}");
    for (cell, college) in row
        .iter()
        .zip(["benevoles", "porteurs-createurs", "salaries"])
    {
        let said = cell.strip_prefix(college).unwrap_or_default().trim();
        let (word, count) = said.split_once(" (").unwrap_or_default();
        assert!(
            ["Garder", "Reformuler", "Retirer"].contains(&word)
                && count.trim_end_matches(')').parse::<u64>().is_ok(),
            "{row:?}"
        );
    }
    // On a phone each question is a card whose verdicts name their college: nothing scrolls
    // sideways, and the caption spans the card.
    laptop
        .cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true }),
        )
        .await?;
    laptop
        .wait_js(
            "(() => { const table = document.querySelector('.review-colleges'); \
              const scroll = table.parentElement; \
              const cell = table.querySelector(\"tr[data-question='prix'] td[data-college='benevoles']\"); \
              return scroll.scrollWidth <= scroll.clientWidth && cell.dataset.label === 'Bénévoles' \
                && getComputedStyle(cell, '::before').content !== 'none' \
                && table.querySelector('caption').getBoundingClientRect().width > 300; })()",
        )
        .await?;
    laptop
        .cdp("Emulation.clearDeviceMetricsOverride", json!({}))
        .await?;
    // The proposal is the facilitator's alone: never on the projector.
    let projector = c
        .find(fantoccini::Locator::Css("main"))
        .await?
        .text()
        .await?;
    assert!(!projector.contains("LOCAL-TROUVE"), "{projector}");

    // The session's page: the room's verdicts as defaults, the proposal listed.
    c.goto(&format!("{base}{session}")).await?;
    laptop
        .wait_text(
            ".revision [data-question='prix'] .revision__said",
            "pour retirer",
        )
        .await?;
    assert_eq!(verdict(&laptop, "prix").await?, "retirer");
    assert_eq!(verdict(&laptop, "activite-demarree").await?, "reformuler");
    assert_eq!(verdict(&laptop, "confiance").await?, "garder");
    laptop
        .wait_text(".revision__proposals", "LOCAL-TROUVE")
        .await?;

    // Dropping a question others are asked by is refused, with both named.
    choose(&laptop, "activite-demarree", "retirer").await?;
    laptop.click(".revision__save").await?;
    laptop
        .wait_text(".revision .callout--error", "ne peut pas être retirée")
        .await?;
    choose(&laptop, "activite-demarree", "reformuler").await?;

    laptop.capture_downloads().await?;
    laptop.click(".revision__save").await?;
    laptop
        .wait_text(".revision__written", "auto-evaluation-v2.toml")
        .await?;
    let file = laptop.first_download().await?;
    let next = bilan_core::load::load("auto-evaluation.toml", &file)
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    assert_eq!(next.version, 2);
    assert!(next.question("prix").is_none(), "dropped");
    assert!(next.question("activite-demarree-v2").is_some(), "reworded");
    assert!(next.question("confiance").is_some(), "kept");
    assert!(file.contains("# À REFORMULER"), "{file}");
    // The file goes to the server's folder: the room's proposals stay on the laptop.
    assert!(!file.contains("LOCAL-TROUVE"), "{file}");

    // The real command accepts it beside the other shipped surveys.
    let folder = TempDir::new("revision-surveys");
    for entry in std::fs::read_dir(workspace_root().join("surveys"))? {
        let entry = entry?;
        if entry.path().extension().is_some_and(|e| e == "toml") {
            std::fs::copy(entry.path(), folder.0.join(entry.file_name()))?;
        }
    }
    std::fs::write(folder.0.join("auto-evaluation.toml"), &file)?;
    let checked = server_cli(&["survey", "check", &folder.0.display().to_string()])?;
    assert!(checked.contains("ok  auto-evaluation v2"), "{checked}");

    // Closed, the review's totals reach the server; the proposal never does.
    laptop.click(".session-close").await?;
    laptop.click(".session-close-confirm").await?;
    laptop
        .wait_text(".session-upload", "reçus par le serveur")
        .await?;
    let stored = std::fs::read(&db_file)?;
    let text = String::from_utf8_lossy(&stored);
    assert!(!text.contains("LOCAL-TROUVE"));
    laptop.close().await?;
    server.stop().await?;
    Ok(())
}
