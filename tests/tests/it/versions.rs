//! A grid revised between two reviews: the app updated with version 2 of the self-assessment,
//! a draft begun before the update keeping what still means the same, the holder's readings of
//! versions 1 and 2 on one progress chart, and the board adding up a period's versions, saying
//! which, with the old wording's answers kept apart.

use std::path::Path;

use bilan_core::Survey;
use bilan_core::calendar::Date;
use bilan_core::session::revision::{Verdict, next_version};
use bilan_core::share::{Cell, Contribution, Period};
use bilan_core::versions::Versions;

use crate::harness::{self, Browser, Server, TempDir, copy_dir, server_cli, token};
use crate::journey::FILL_AND_NEXT;

/// The survey folder: the shipped surveys, and version 2 of survey `id` as a grid review writes
/// it, `question` reworded (so under a new id).
fn folder_with_v2(id: &str, question: &str) -> anyhow::Result<(TempDir, Vec<Survey>)> {
    let dir = TempDir::new("versions-surveys");
    copy_dir(&harness::workspace_root().join("surveys"), &dir.0)?;
    let read = |dir: &Path| {
        bilan_core::load::read_folder(dir).map_err(|errors| anyhow::anyhow!(errors.join("\n")))
    };
    let v1 = read(&dir.0)?
        .into_iter()
        .map(|(_, s)| s)
        .find(|s| s.id == id)
        .expect("the survey is shipped");
    let reworded = [(question.to_owned(), Verdict::Reword)];
    let (_, file) = next_version(&v1, &reworded, &[])?;
    std::fs::write(dir.0.join(format!("{id}-v2.toml")), file)?;
    let surveys = read(&dir.0)?.into_iter().map(|(_, s)| s).collect();
    Ok((dir, surveys))
}

/// Deploys a build of the app carrying `surveys`, as `cargo xtask build` writes them.
fn deploy(dist: &Path, surveys: Vec<Survey>) -> anyhow::Result<()> {
    let folder = dist.join("surveys");
    std::fs::remove_dir_all(&folder)?;
    std::fs::create_dir_all(&folder)?;
    for (name, bytes) in Versions::new(surveys).app_files()? {
        std::fs::write(folder.join(name), bytes)?;
    }
    harness::deploy_next_version(dist)
}

/// Answers the open survey from the screen it shows to its result.
async fn answer_to_the_end(browser: &Browser) -> anyhow::Result<()> {
    for _ in 0..4 {
        browser.client.execute(FILL_AND_NEXT, vec![]).await?;
    }
    browser.click(".survey__nav .button").await?;
    browser
        .wait_text(".survey__section", "Voici votre bilan")
        .await?;
    Ok(())
}

/// Holder `n`'s reading of the self-assessment's `version`, as a device shares it: started, and
/// the first customers question at `level`, under the id that version asks it with.
fn reading(n: u128, version: u32, level: &str) -> anyhow::Result<Contribution> {
    let question = if version == 1 {
        "premiers-clients"
    } else {
        "premiers-clients-v2"
    };
    Ok(Contribution {
        id: format!("{:032x}", (u128::from(version) << 64) | (n + 1)),
        survey: "auto-evaluation".into(),
        version,
        period: Period::Year(Date::from_millis(now()).year),
        session: None,
        participants: 1,
        cells: vec![
            Cell::parse("activite-demarree", "yes")?,
            Cell::parse(question, level)?,
        ],
    })
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

#[tokio::test]
async fn readings_of_two_versions_share_one_chart_and_the_board_adds_them_up() -> anyhow::Result<()>
{
    let (folder, surveys) = folder_with_v2("auto-evaluation", "premiers-clients")?;
    let (_data, dist) = harness::copy_of_dist("versions-app")?;
    // The server holds both versions from the start; the app still carries version 1.
    let server = Server::start_serving(&folder.0, TempDir::new("versions-server"), &dist).await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser
        .create_profile(&server.url, "Camille", "Le Panier")
        .await?;
    browser
        .wait_js("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
        .await?;

    // A first review with version 1, to the end.
    browser.click(".profile-card a.button").await?;
    browser.wait_text(".survey__step", "Étape 1 sur 4").await?;
    browser
        .wait_js("document.querySelector('[data-question=premiers-clients]') === null")
        .await?;
    answer_to_the_end(&browser).await?;

    // A second one begun: the first screen answered, then left.
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser.click(".profile-card a.button").await?;
    browser.wait_text(".survey__step", "Étape 1 sur 4").await?;
    c.execute(FILL_AND_NEXT, vec![]).await?;
    browser.wait_text(".survey__step", "Étape 2 sur 4").await?;

    // Version 2 is deployed; the person accepts the update.
    deploy(&dist, surveys.clone())?;
    browser.wait_update_offered().await?;
    browser.click(".banner--update button").await?;
    browser
        .wait_js("document.querySelector('.banner--update') === null && document.querySelector('.survey__step') !== null")
        .await?;

    // The draft kept what still means the same: started, yes; the reworded question is asked
    // again, under its new id, unanswered.
    c.goto(&format!("{}/parcours", server.url)).await?;
    browser.click(".profile-card a.button").await?;
    browser.wait_text(".survey__step", "Étape 1 sur 4").await?;
    browser
        .wait_js("document.querySelector('[data-question=activite-demarree] input:checked') !== null && document.querySelector('[data-question=premiers-clients-v2]') !== null && document.querySelector('[data-question=premiers-clients-v2] input:checked') === null && document.querySelector('[data-question=premiers-clients]') === null")
        .await?;
    answer_to_the_end(&browser).await?;

    // « Mes progrès »: both readings on one chart by indicator, each named with its version.
    browser.click(".card__actions a.button").await?;
    let note = browser
        .wait_text(".progress__versions", "plusieurs versions du questionnaire")
        .await?;
    assert!(note.contains("jamais comparée"), "{note}");
    let readings = browser.wait_text(".readings", "(version 2)").await?;
    assert!(readings.contains("(version 1)"), "{readings}");
    let rows = c
        .execute(
            "return [...document.querySelectorAll('#lines-table tbody tr')].map(r => r.querySelectorAll('td').length)",
            vec![],
        )
        .await?;
    let rows: Vec<u64> = serde_json::from_value(rows)?;
    assert_eq!(rows.len(), 2, "one row per reading: {rows:?}");
    assert!(rows.iter().all(|n| *n == rows[0] && *n >= 3), "{rows:?}");
    // Each review opens again with the questions of the version it answered: the first
    // customers under their first id in the first, under the new one in the second.
    for (nth, asked, not) in [
        ("last-child", "premiers-clients", "premiers-clients-v2"),
        ("first-child", "premiers-clients-v2", "premiers-clients"),
    ] {
        browser.click(&format!(".readings__item:{nth} a")).await?;
        browser
            .wait_text(".survey__section", "Votre bilan du ")
            .await?;
        let ids = browser
            .texts("return [...document.querySelectorAll('.reading-answers dt')].map(dt => dt.dataset.question)")
            .await?;
        assert!(ids.iter().any(|id| id == asked), "{ids:?}");
        assert!(!ids.iter().any(|id| id == not), "{ids:?}");
        c.back().await?;
        browser.wait_text(".readings", "(version 2)").await?;
    }
    browser.close().await?;

    // The board: six readings of each version shared this year, published with k = 5.
    let database = server.database_url();
    let contributor = token(&database, "contributor")?;
    let mut batch = Vec::new();
    for i in 0..6 {
        batch.push(reading(i, 1, "2")?);
        batch.push(reading(i, 2, "4")?);
    }
    let sent = reqwest::Client::new()
        .post(format!("{}/api/v1/contributions", server.url))
        .bearer_auth(&contributor)
        .json(&serde_json::json!({ "contributions": batch }))
        .send()
        .await?;
    assert!(sent.status().is_success(), "{}", sent.text().await?);
    let folder_arg = folder.0.display().to_string();
    server_cli(&[
        "release",
        "now",
        "--threshold",
        "5",
        "--database",
        &database,
        "--surveys",
        &folder_arg,
    ])?;
    let board = token(&database, "board")?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser.open_dashboard(&server.url, &board).await?;
    let said = browser
        .wait_text(".board__versions", "versions 1 et 2")
        .await?;
    assert!(said.contains("garde ses réponses à part"), "{said}");
    // The answers under the latest wording, and the old wording's apart, named with its version.
    let text: String = serde_json::from_value(
        c.execute("return document.querySelector('main').textContent", vec![])
            .await?,
    )?;
    let wording = "Mes premiers clients ou bénéficiaires";
    assert!(text.contains(&format!("{wording} (version 1)")), "{text}");
    assert!(
        text.matches(wording).count() >= 2,
        "the new wording's answers are shown too: {text}"
    );
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// A session made with version 1 of the session survey, opened to phones once version 2 is
/// deployed: a phone answers version 1, and so does the kiosk of the laptop updated meanwhile,
/// so that the session is counted in one table, not split with version 2's (where a small room
/// would stay below the threshold).
#[tokio::test]
async fn a_phone_answers_the_version_its_session_runs() -> anyhow::Result<()> {
    let (folder, surveys) = folder_with_v2("seance-collective", "utile-appropriation")?;
    let (_data, dist) = harness::copy_of_dist("session-version-app")?;
    let server =
        Server::start_serving(&folder.0, TempDir::new("session-version-server"), &dist).await?;
    let database = server.database_url();
    let facilitator = token(&database, "facilitator")?;
    let laptop = Browser::start().await?;
    crate::sessions::linked_facilitator(&laptop, &server.url, &facilitator).await?;
    laptop.type_text("#session-title", "Atelier").await?;
    laptop.click(".session-form button[type=submit]").await?;
    laptop.wait_text(".own-devices__open", "").await?;
    // Version 2 is deployed before the session is opened to phones.
    deploy(&dist, surveys)?;
    laptop.click(".own-devices__open").await?;
    let code = crate::sessions::session_code(&laptop).await?;
    let phone = Browser::start().await?;
    phone
        .client
        .goto(&format!("{}/rejoindre/{code}", server.url))
        .await?;
    crate::sessions::answer_to_the_end(&phone, ".join__done", "une idée").await?;
    // The laptop takes the update, then runs the kiosk for one participant and closes.
    laptop
        .wait_js("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
        .await?;
    laptop.wait_update_offered().await?;
    laptop.click(".banner--update button").await?;
    laptop.wait_text(".kiosk-start", "Mode kiosque").await?;
    crate::sessions::start_kiosk(&laptop, "2468").await?;
    crate::sessions::participate(&laptop, 1).await?;
    crate::sessions::leave_kiosk(&laptop, "2468").await?;
    laptop.click(".session-close").await?;
    laptop.click(".session-close-confirm").await?;
    laptop
        .wait_text(".session-upload", "reçus par le serveur")
        .await?;
    let mut db = <sqlx::SqliteConnection as sqlx::Connection>::connect(&database).await?;
    let counted: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT version, SUM(contributions) FROM sync_tables WHERE dimension = $1 GROUP BY version",
    )
    .bind(format!("session:{code}"))
    .fetch_all(&mut db)
    .await?;
    assert_eq!(
        counted,
        [(1, 2)],
        "the phone's and the kiosk's answers, by version"
    );
    phone.close().await?;
    laptop.close().await?;
    server.stop().await?;
    Ok(())
}
