//! The device's outbox against the real server over HTTP: readings made while the server is down
//! arrive once it is back, a lost answer does not count twice, a crash loses nothing acknowledged,
//! and nothing typed in a survey ever crosses the network.

use sqlx::Connection;

use crate::harness::{Browser, Proxy, Server, server_cli, workspace_root};

const MARKER: &str = "MARQUEUR-PRIVE-7Q";

/// Answers the self-assessment: every radio row, a private note typed in the text question.
const FILL_AND_NEXT: &str = r#"
for (const group of document.querySelectorAll('[data-question]')) {
  const radios = group.querySelectorAll('input[type=radio]');
  const pick = group.dataset.question === localStorage.getItem('differOn') ? 0 : 3;
  if (radios.length && ![...radios].some(r => r.checked)) (radios[pick] || radios[0]).click();
  const text = group.querySelector('textarea, input[type=text]:not(.number__input)');
  if (text && !text.value) { text.value = arguments[0]; text.dispatchEvent(new Event('input', { bubbles: true })); }
}
[...document.querySelectorAll('.survey__nav .button')].pop().click();
"#;

/// The number of contributions the server counted, read from its database file.
pub(crate) async fn counted(database: &str) -> anyhow::Result<(i64, i64)> {
    let mut db = sqlx::SqliteConnection::connect(database).await?;
    let keys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM contribution_keys")
        .fetch_one(&mut db)
        .await?;
    // Each person is counted in the period's table (and in their college's and session's).
    let total: i64 = sqlx::query_scalar(
        "SELECT COALESCE(SUM(contributions), 0) FROM sync_tables WHERE dimension = ''",
    )
    .fetch_one(&mut db)
    .await?;
    db.close().await?;
    Ok((keys, total))
}

/// Opens the first profile's first survey from the journey, answers every screen (a private
/// note in the text question) and submits it.
pub(crate) async fn answer_and_submit(browser: &Browser, base: &str) -> anyhow::Result<()> {
    browser.client.goto(&format!("{base}/parcours")).await?;
    submit_from_the_journey(browser).await
}

/// From « Mon parcours » as it stands, without loading the page again, answers the first
/// profile's first survey and submits it (see [`answer_and_submit`]).
pub(crate) async fn submit_from_the_journey(browser: &Browser) -> anyhow::Result<()> {
    let c = &browser.client;
    browser.click(".profile-card a.button").await?;
    browser
        .wait_text(".survey__progress", "Réponses : 0 sur")
        .await?;
    to_the_summary(browser).await?;
    // « Envoyer » tapped twice, as a hurried finger does: one review, counted once.
    c.execute(
        "const go = document.querySelector('.survey__nav .button'); go.click(); go.click();",
        vec![],
    )
    .await?;
    browser
        .wait_text(".survey__section", "Voici votre bilan")
        .await?;
    Ok(())
}

/// Answers the screens of the survey open, from where it stands, up to its summary.
async fn to_the_summary(browser: &Browser) -> anyhow::Result<()> {
    for _ in 0..8 {
        browser
            .client
            .execute(FILL_AND_NEXT, vec![serde_json::json!(MARKER)])
            .await?;
        if browser
            .wait_text(".survey__section", "")
            .await?
            .contains("Récapitulatif")
        {
            break;
        }
    }
    browser
        .wait_js("document.querySelector('.survey__nav .button')")
        .await
}

#[tokio::test]
async fn readings_reach_the_server_once_and_nothing_typed_leaves_the_device() -> anyhow::Result<()>
{
    let server = Server::start().await?;
    let database = server.database_url();
    let token = server_cli(&[
        "token",
        "create",
        "--role",
        "contributor",
        "--label",
        "e2e",
        "--database",
        &database,
    ])?;
    let token = token.trim().to_owned();
    let proxy = Proxy::start(&server.url).await?;
    let browser = Browser::start().await?;
    let c = &browser.client;

    // The facilitator's join link links the device; nothing is shared until the person agrees.
    browser
        .sharing_holder(&proxy.url, &token, "Camille-Pseudo", "Panier-Projet")
        .await?;
    browser.wait_offline_ready().await?;

    // The server goes away; the person answers anyway.
    let (_, data) = server.stop_keeping_data().await?;
    answer_and_submit(&browser, &proxy.url).await?;
    c.goto(&format!("{}/parcours", proxy.url)).await?;
    browser
        .wait_text(".sharing__pending", "1 en attente")
        .await?;
    // The header says what matters: the browser is online, but the server is out of reach and
    // one contribution waits.
    browser
        .wait_text(".online-badge", "Serveur injoignable · 1 en attente")
        .await?;
    // The preview shows exactly what would be sent: buckets, never the note.
    let preview = c
        .execute(
            "return document.querySelector('.sharing__cells').textContent",
            vec![],
        )
        .await?;
    assert!(preview.as_str().unwrap().contains("score"), "{preview}");
    assert!(!preview.as_str().unwrap().contains(MARKER));

    // The server comes back (on another port); the browser's `online` event flushes the outbox.
    let server = Server::start_with(&workspace_root().join("surveys"), data).await?;
    proxy.retarget(&server.url);
    browser.set_offline(true).await?;
    browser.set_offline(false).await?;
    browser
        .wait_text(".sharing__pending", "Tout est envoyé")
        .await?;
    browser
        .wait_js("document.querySelector('.online-badge').dataset.state === 'online' && document.querySelector('.online-badge').textContent.trim() === 'En ligne'")
        .await?;
    assert_eq!(counted(&database).await?, (1, 1));

    // The next upload reaches the server but its answer is lost: the retry counts nothing twice.
    proxy.lose_next_answer();
    answer_and_submit(&browser, &proxy.url).await?;
    c.goto(&format!("{}/parcours", proxy.url)).await?;
    browser
        .wait_text(".sharing__pending", "Tout est envoyé")
        .await?;
    assert_eq!(proxy.lost(), 1, "the first answer to that upload was lost");
    assert_eq!(
        counted(&database).await?,
        (2, 2),
        "the retried contribution counted once"
    );

    // A crash right after: everything acknowledged is still counted.
    let data = server.kill().await?;
    assert_eq!(counted(&database).await?, (2, 2));
    let server = Server::start_with(&workspace_root().join("surveys"), data).await?;

    // Nothing typed, and no name, crossed the network, in either direction.
    let traffic = String::from_utf8_lossy(&proxy.recorded()).into_owned();
    assert!(
        traffic.contains("POST /api/v1/contributions"),
        "the uploads went through the proxy"
    );
    for secret in [MARKER, "Camille-Pseudo", "Panier-Projet"] {
        assert!(!traffic.contains(secret), "{secret} crossed the network");
    }
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn the_demo_database_holds_the_real_figures_and_only_the_board_token_reads_them()
-> anyhow::Result<()> {
    let (server, board) = crate::report::demo_server("demo").await?;
    let http = reqwest::Client::new();
    let url = format!("{}/api/v1/figures", server.url);
    let figures: serde_json::Value = http
        .get(&url)
        .bearer_auth(board.trim())
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(figures[0]["year"], 2003);
    assert_eq!(figures[0]["figures"]["personnes-accueillies"], 267);
    assert_eq!(figures[1]["year"], 2010);
    assert_eq!(figures[1]["figures"]["emplois-crees"], 95);
    let refused = http.get(&url).bearer_auth("bilan_0000").send().await?;
    assert_eq!(refused.status(), 401);
    let body: serde_json::Value = refused.json().await?;
    assert_eq!(body["error"], "this token is unknown or revoked");

    // The demo Pôle: a board member sees a full dashboard, labelled as demo data.
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser.open_dashboard(&server.url, &board).await?;
    browser
        .wait_text(".demo-banner", "Données de démonstration")
        .await?;
    let options = c
        .execute(
            "return [...document.querySelectorAll('#board-survey option')].map(o => o.value)",
            vec![],
        )
        .await?;
    for survey in ["auto-evaluation", "mesures-impact", "seance-collective"] {
        assert!(
            options
                .as_array()
                .into_iter()
                .flatten()
                .any(|o| o == survey),
            "{options}"
        );
    }
    // The collective sessions held, the annual review among them, and the charts drawn.
    browser
        .wait_text(".board__sessions", "Bilan participatif annuel")
        .await?;
    browser
        .wait_js("document.querySelectorAll('.board__sessions tbody tr').length >= 6")
        .await?;
    browser
        .wait_js("document.querySelectorAll('.results canvas').length > 5")
        .await?;
    // The colleges' agreement is drawn as the colleges' tables come in: measured once a
    // question's gap is there.
    browser
        .wait_js(
            "[...document.querySelectorAll('.consensus tbody td:last-child')].some(td => td.textContent !== '—')",
        )
        .await?;
    // On a phone, the sessions and the colleges' agreement read as one card per row: nothing
    // scrolls sideways, and a figure whose column head is gone says what it is.
    c.set_window_size(390, 844).await?;
    browser.wait_js("window.innerWidth <= 640").await?;
    let phone = c
        .execute(
            "const wide = [...document.querySelectorAll('.board__sessions, .consensus')].flatMap(t => [t, t.parentElement]).filter(e => e.scrollWidth > e.clientWidth + 0.5).map(e => `${e.className}: ${e.scrollWidth} > ${e.clientWidth}`); \
             const count = document.querySelector('.board__sessions tbody tr td:last-child'); \
             const gaps = [...document.querySelectorAll('.consensus tbody td:last-child')].filter(td => td.getClientRects().length > 0); \
             return { wide, label: getComputedStyle(count, '::before').content, dashes: gaps.filter(td => td.textContent === '—').length, gaps: gaps.map(td => getComputedStyle(td, '::before').content) };",
            vec![],
        )
        .await?;
    assert_eq!(phone["wide"], serde_json::json!([]), "{phone}");
    assert_eq!(phone["label"], "\"Participants\"", "{phone}");
    assert_eq!(phone["dashes"], 0, "{phone}");
    assert!(
        phone["gaps"]
            .as_array()
            .is_some_and(|g| !g.is_empty() && g.iter().all(|l| l == "\"Écart entre les moyennes\"")),
        "{phone}"
    );
    c.set_window_size(1280, 900).await?;
    // A holder's survey shows the cohort's distance travelled.
    c.execute(
        "const s = document.getElementById('board-survey'); s.value = 'auto-evaluation'; s.dispatchEvent(new Event('change'));",
        vec![],
    )
    .await?;
    browser
        .wait_js(
            "document.querySelector(\"[data-question='progress:appropriation'] canvas\") !== null",
        )
        .await?;
    // Both spreadsheets, in one click each, named after the survey and period.
    c.execute(
        "window.__names = []; const click = HTMLAnchorElement.prototype.click; HTMLAnchorElement.prototype.click = function () { __names.push(this.download); return click.call(this); };",
        vec![],
    )
    .await?;
    browser.click(".board__ods").await?;
    browser.wait_js("window.__names.length === 1").await?;
    browser.click(".board__xlsx").await?;
    browser.wait_js("window.__names.length === 2").await?;
    let names = c.execute("return window.__names", vec![]).await?;
    let period = c
        .execute(
            "return document.getElementById('board-period').value",
            vec![],
        )
        .await?;
    let period = period.as_str().unwrap_or_default();
    assert_eq!(
        names,
        serde_json::json!([
            format!("bilan-auto-evaluation-{period}.ods"),
            format!("bilan-auto-evaluation-{period}.xlsx")
        ])
    );
    assert!(
        c.find(fantoccini::Locator::Css(".board__export-error"))
            .await
            .is_err()
    );
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn three_devices_share_and_the_board_sees_only_cells_of_at_least_k() -> anyhow::Result<()> {
    let (server, database) = Server::start_with_database("three", &["--threshold", "3"]).await?;
    let contributor = server_cli(&[
        "token",
        "create",
        "--role",
        "contributor",
        "--label",
        "atelier",
        "--database",
        &database,
    ])?;
    let board = server_cli(&[
        "token",
        "create",
        "--role",
        "board",
        "--label",
        "CA",
        "--database",
        &database,
    ])?;
    for device in 0..3 {
        let browser = Browser::start().await?;
        let c = &browser.client;
        browser
            .sharing_holder(
                &server.url,
                contributor.trim(),
                &format!("Personne {device}"),
                "Projet",
            )
            .await?;
        // The third person differs from the first two on one question only.
        if device == 2 {
            c.execute(
                "localStorage.setItem('differOn', 'expliquer-projet')",
                vec![],
            )
            .await?;
        }
        answer_and_submit(&browser, &server.url).await?;
        c.goto(&format!("{}/parcours", server.url)).await?;
        browser
            .wait_text(".sharing__pending", "Tout est envoyé")
            .await?;
        // Each person's contribution is on the server before the next one comes.
        assert_eq!(counted(&database).await?.0, device + 1);
        browser.close().await?;
    }
    let http = reqwest::Client::new();
    let year = crate::harness::today().year;
    let url = format!(
        "{}/api/v1/aggregates?survey=auto-evaluation&period={year}",
        server.url
    );
    let read = async || -> anyhow::Result<serde_json::Value> {
        Ok(http
            .get(&url)
            .bearer_auth(board.trim())
            .send()
            .await?
            .json()
            .await?)
    };
    // Nothing is published before the scheduled release (here run at once by the operator).
    assert_eq!(read().await?["contributions"], serde_json::Value::Null);
    crate::harness::release_now(&database, 3)?;
    let table = read().await?;
    let n = table["contributions"].as_u64().unwrap_or_default();
    assert!(
        (3..=5).contains(&n),
        "three people, perturbed by 2 at most: {table}"
    );
    let question = |id: &str| {
        table["questions"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|q| q["question"] == id)
            .cloned()
            .unwrap_or_default()
    };
    // Where all three agree, the cell of 3 is shown if its perturbed count reaches k, and then
    // within 2 of the truth; where one differs, the 1 is never shown, nor the 2 beside it.
    for cell in question("decisions")["cells"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let count = cell["count"].as_u64().unwrap_or_default();
        assert!((3..=5).contains(&count), "{table}");
    }
    assert_eq!(
        question("expliquer-projet")["cells"],
        serde_json::json!([]),
        "{table}"
    );
    assert_eq!(question("expliquer-projet")["partial"], true);
    // A wrong token sees nothing.
    let refused = http.get(&url).bearer_auth("bilan_wrong").send().await?;
    assert_eq!(refused.status(), 401);
    assert!(!refused.text().await?.contains("decisions"));
    server.stop().await?;
    Ok(())
}

/// A contribution id (32 hex digits) made of a tag and a number.
fn contribution_id(tag: &str, i: usize) -> String {
    let tag = tag
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    format!("{tag:016x}{i:016x}")
}

/// A batch of `n` one-person contributions to the collective-session survey, ids from `tag`.
fn batch(tag: &str, n: usize) -> serde_json::Value {
    let contributions: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "id": contribution_id(tag, i),
                "survey": "seance-collective", "version": 1,
                "period": crate::harness::today().year.to_string(), "cells": [
                    { "question": "college", "bucket": "benevoles" },
                    { "question": "utile-appropriation", "bucket": ((i % 5) + 1).to_string() },
                ],
            })
        })
        .collect();
    serde_json::json!({ "contributions": contributions })
}

#[tokio::test]
async fn killed_under_load_the_server_keeps_every_acknowledged_contribution_and_retries_count_once()
-> anyhow::Result<()> {
    let dir = crate::harness::TempDir::new("sigkill");
    let database = format!("sqlite://{}", dir.0.join("bilan.db").display());
    let surveys = workspace_root().join("surveys");
    let flags = ["--rate-limit", "100000"];
    let server = Server::start_custom(&surveys, dir, &crate::harness::dist(), None, &flags).await?;
    let token = server_cli(&[
        "token",
        "create",
        "--role",
        "contributor",
        "--label",
        "load",
        "--database",
        &database,
    ])?
    .trim()
    .to_owned();
    let url = std::sync::Arc::new(std::sync::Mutex::new(server.url.clone()));
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(5))
        .build()?;
    const CLIENTS: usize = 8;
    const BATCHES: usize = 40;
    const SIZE: usize = 20;
    // Each client sends its batches in order, each until acknowledged: a batch that got no
    // answer (the server was killed under it) is sent again, to wherever the server now is.
    let acknowledged = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut clients = Vec::new();
    for client in 0..CLIENTS {
        let (http, token, url, acknowledged) = (
            http.clone(),
            token.clone(),
            url.clone(),
            acknowledged.clone(),
        );
        clients.push(tokio::spawn(async move {
            let mut retries = 0;
            for b in 0..BATCHES {
                let body = batch(&format!("load-{client}-{b}"), SIZE);
                loop {
                    let target = format!("{}/api/v1/contributions", url.lock().unwrap());
                    match http
                        .post(&target)
                        .bearer_auth(&token)
                        .json(&body)
                        .send()
                        .await
                    {
                        Ok(r) if r.status() == 200 => {
                            // A server killed while its answer was on the wire acknowledged
                            // nothing: the batch is sent again, as when no answer came at all.
                            let Ok(applied) = r.json::<serde_json::Value>().await else {
                                retries += 1;
                                continue;
                            };
                            let n = applied["applied"].as_array().map_or(0, Vec::len)
                                + applied["duplicates"].as_array().map_or(0, Vec::len);
                            anyhow::ensure!(n == SIZE, "an answer for {n} of {SIZE}");
                            acknowledged.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            break;
                        }
                        Ok(r) if r.status().is_client_error() => {
                            let status = r.status();
                            anyhow::bail!(
                                "refused ({status}): {}",
                                r.text().await.unwrap_or_default()
                            )
                        }
                        _ => {
                            retries += 1;
                            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        }
                    }
                }
            }
            Ok::<usize, anyhow::Error>(retries)
        }));
    }
    // Kill the server once some batches are in, while the others are on the wire.
    while acknowledged.load(std::sync::atomic::Ordering::SeqCst) < CLIENTS * BATCHES / 4 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let data = server.kill().await?;
    let acked_before = acknowledged.load(std::sync::atomic::Ordering::SeqCst);
    let (keys, total) = counted(&database).await?;
    assert!(
        keys as usize >= acked_before * SIZE,
        "acknowledged {acked_before} batches, only {keys} contributions on disk"
    );
    assert_eq!(keys, total, "every key counted exactly once");
    let server =
        Server::start_custom(&surveys, data, &crate::harness::dist(), None, &flags).await?;
    *url.lock().unwrap() = server.url.clone();
    let mut retries = 0;
    for client in clients {
        retries += client.await??;
    }
    assert!(
        retries > 0,
        "the kill interrupted no request: the test proved nothing"
    );
    assert_eq!(
        counted(&database).await?,
        (
            (CLIENTS * BATCHES * SIZE) as i64,
            (CLIENTS * BATCHES * SIZE) as i64
        ),
        "every contribution counted once, retried ones too"
    );
    server.stop().await?;
    Ok(())
}

/// A review given by mistake goes from the device. Its totals still waiting for a server out of
/// reach go with it and never reach the server; those already counted stay counted.
#[tokio::test]
async fn a_review_deleted_before_its_totals_leave_takes_them_with_it() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let database = server.database_url();
    let token = crate::harness::token(&database, "contributor")?;
    let proxy = Proxy::start(&server.url).await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser
        .sharing_holder(&proxy.url, &token, "Alex", "Atelier")
        .await?;
    // The first review reaches the server.
    answer_and_submit(&browser, &proxy.url).await?;
    let sent = c.current_url().await?.to_string();
    c.goto(&format!("{}/parcours", proxy.url)).await?;
    browser
        .wait_text(".sharing__pending", "Tout est envoyé")
        .await?;
    assert_eq!(counted(&database).await?, (1, 1));
    // The outbox knows which reading a contribution comes from; the server never does.
    // The page's address names both (`/parcours/PROFILE/SURVEY?bilan=READING`): the browser
    // sent it as the `Referer` of every request until the app asked it not to.
    let reading = sent.rsplit("bilan=").next().unwrap_or_default().to_owned();
    let profile = sent.split('/').nth(4).unwrap_or_default().to_owned();
    assert!(reading.len() >= 16 && profile.len() >= 16, "{sent}");
    let traffic = String::from_utf8_lossy(&proxy.recorded()).into_owned();
    assert!(traffic.contains("POST /api/v1/contributions"));
    for id in [reading, profile] {
        assert!(!traffic.contains(&id), "{id} crossed the network");
    }
    // The second waits: the server is gone.
    let (_, data) = server.stop_keeping_data().await?;
    answer_and_submit(&browser, &proxy.url).await?;
    let waiting = c.current_url().await?.to_string();
    c.goto(&format!("{}/parcours", proxy.url)).await?;
    browser
        .wait_text(".sharing__pending", "1 en attente")
        .await?;

    // Deleted, the waiting one takes its totals with it.
    c.goto(&waiting).await?;
    browser
        .wait_text(".survey__section", "Votre bilan du ")
        .await?;
    browser.click(".result-delete").await?;
    browser.wait_text(".confirm", "restent comptés").await?;
    browser.click(".result-delete-confirm").await?;
    browser
        .wait_text(".result-deleted", "ils ne seront pas envoyés")
        .await?;
    browser
        .wait_js("document.activeElement?.matches('.result-deleted')")
        .await?;
    // The one already counted goes from the device alone.
    c.goto(&sent).await?;
    browser
        .wait_text(".survey__section", "Votre bilan du ")
        .await?;
    browser.click(".result-delete").await?;
    browser.click(".result-delete-confirm").await?;
    let said = browser
        .wait_text(".result-deleted", "supprimé de cet appareil")
        .await?;
    assert!(!said.contains("envoy"), "{said}");

    // Neither is listed any more, nor waits to leave; the server, back, counts the first alone.
    c.goto(&format!("{}/parcours", proxy.url)).await?;
    browser
        .wait_text(".sharing__pending", "Tout est envoyé")
        .await?;
    browser.click(".profile-card a[href^='/progres']").await?;
    browser
        .wait_text("main", "Pas encore de bilan validé")
        .await?;
    // Its address now opens the survey afresh.
    c.goto(&waiting).await?;
    browser
        .wait_text(".survey__progress", "Réponses : 0 sur")
        .await?;
    let server = Server::start_with(&workspace_root().join("surveys"), data).await?;
    proxy.retarget(&server.url);
    browser.set_offline(true).await?;
    browser.set_offline(false).await?;
    c.goto(&format!("{}/parcours", proxy.url)).await?;
    browser
        .wait_text(".sharing__pending", "Tout est envoyé")
        .await?;
    assert_eq!(counted(&database).await?, (1, 1));
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// A server, and a browser whose holder `pseudonym` shares with it through a contributor's
/// link; with the server's database.
async fn sharing_holder(
    pseudonym: &str,
    project: &str,
) -> anyhow::Result<(Server, String, Browser)> {
    sharing_holder_at(pseudonym, project, None).await
}

/// [`sharing_holder`], the browser's clock set to `clock` (milliseconds since the Unix epoch)
/// before anything is made, if given.
async fn sharing_holder_at(
    pseudonym: &str,
    project: &str,
    clock: Option<i64>,
) -> anyhow::Result<(Server, String, Browser)> {
    let server = Server::start().await?;
    let database = server.database_url();
    let token = crate::harness::token(&database, "contributor")?;
    let browser = Browser::start().await?;
    if let Some(at) = clock {
        browser.set_clock(at).await?;
    }
    browser
        .sharing_holder(&server.url, &token, pseudonym, project)
        .await?;
    Ok((server, database, browser))
}

/// A review open in two tabs of one browser (the draft resumed in the second) and sent from
/// both is stored once and shared once: the second tab shows the review the first stored, and
/// says why.
#[tokio::test]
async fn a_review_sent_from_two_tabs_is_stored_and_counted_once() -> anyhow::Result<()> {
    let (server, database, browser) = sharing_holder("Noa", "Recyclerie").await?;
    let c = &browser.client;
    let base = server.url.as_str();
    // The first tab answers the first screen: the draft is stored.
    c.goto(&format!("{base}/parcours")).await?;
    browser.click(".profile-card a.button").await?;
    browser
        .wait_text(".survey__progress", "Réponses : 0 sur")
        .await?;
    c.execute(FILL_AND_NEXT, vec![serde_json::json!(MARKER)])
        .await?;
    browser
        .wait_draft("d.section === 1 && JSON.stringify(d.answers).includes('activite-demarree')")
        .await?;
    let survey = c.current_url().await?.to_string();
    let first_tab = c.window().await?;
    // The second tab opens the same survey, which resumes the draft, and sends it.
    let second_tab = c.new_window(true).await?.handle;
    c.switch_to_window(second_tab).await?;
    c.goto(&survey).await?;
    browser
        .wait_js("document.querySelector('.survey__progress') && !document.querySelector('.survey__progress').textContent.includes('Réponses : 0 sur')")
        .await?;
    finish(&browser).await?;
    browser
        .wait_text(".survey__section", "Voici votre bilan")
        .await?;
    // The first tab, still on its screen, goes on to the end and sends too.
    c.switch_to_window(first_tab).await?;
    finish(&browser).await?;
    browser
        .wait_text(
            ".survey__sent-before",
            "déjà été envoyé depuis un autre onglet",
        )
        .await?;
    browser
        .wait_text(".survey__section", "Votre bilan du")
        .await?;
    c.goto(&format!("{base}/parcours")).await?;
    browser
        .wait_text(".profile-card__reviews", "Un bilan, le")
        .await?;
    browser
        .wait_text(".sharing__pending", "Tout est envoyé")
        .await?;
    assert_eq!(counted(&database).await?, (1, 1), "shared once");
    // No draft is left of it: the survey opens on a new review.
    c.goto(&survey).await?;
    browser
        .wait_text(".survey__progress", "Réponses : 0 sur")
        .await?;
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// Answers the screens of the survey open from where it stands, and taps « Envoyer » once.
async fn finish(browser: &Browser) -> anyhow::Result<()> {
    to_the_summary(browser).await?;
    browser
        .client
        .execute(
            "document.querySelector('.survey__nav .button').click();",
            vec![],
        )
        .await?;
    Ok(())
}

/// A device whose link the operator revoked: its review is refused, the sharing panel says why
/// in the person's words and what to do, and a new link from the facilitator sends it without
/// anything else to tap.
#[tokio::test]
async fn a_revoked_link_is_said_and_a_new_one_sends_what_it_refused() -> anyhow::Result<()> {
    let (server, database, browser) = sharing_holder("Sacha", "Friperie").await?;
    let c = &browser.client;
    let base = server.url.as_str();
    // The operator revokes its link (the device was thought lost).
    crate::harness::revoke(&database, "contributor")?;
    // Two reviews: both refused, said once, in French, with what to do.
    for _ in 0..2 {
        answer_and_submit(&browser, base).await?;
    }
    c.goto(&format!("{base}/parcours")).await?;
    browser
        .wait_text(
            ".sharing__refused",
            "ne reconnaît plus le lien de cet appareil",
        )
        .await?;
    browser
        .wait_text(".sharing__status", "2 envois refusés")
        .await?;
    let shown = c
        .execute(
            "return [document.querySelectorAll('.sharing__refused').length, document.querySelector('.sharing__status').textContent]",
            vec![],
        )
        .await?;
    assert_eq!(shown[0], 1, "{shown}");
    assert!(
        !shown[1]
            .as_str()
            .unwrap_or_default()
            .contains("unknown or revoked")
            && !shown[1]
                .as_str()
                .unwrap_or_default()
                .contains("0 en attente"),
        "{shown}"
    );
    assert_eq!(counted(&database).await?, (0, 0));
    let report = crate::accessibility::violations(&browser).await?;
    assert!(report.is_empty(), "{}", report.join("\n"));
    // Sending again with the same link would only be refused again: not offered.
    let offered = c
        .execute(
            "return [...document.querySelectorAll('.sharing button')].map(b => b.textContent).join('|')",
            vec![],
        )
        .await?;
    assert!(
        !offered.as_str().unwrap_or_default().contains("Réessayer"),
        "{offered}"
    );
    // The facilitator's new link: the refused reviews leave by themselves.
    let new = crate::harness::token(&database, "contributor")?;
    c.goto(&format!("{base}/parcours#join?token={new}")).await?;
    browser
        .wait_text(".sharing__pending", "Tout est envoyé")
        .await?;
    assert!(
        c.find(fantoccini::Locator::Css(".sharing__refused"))
            .await
            .is_err()
    );
    assert_eq!(counted(&database).await?, (2, 2));
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// A review sent offline by a sharing holder of the server at `base`, who then unticks the
/// consent: the panel says it is held back.
async fn held_back_offline(browser: &Browser, base: &str) -> anyhow::Result<()> {
    browser.wait_offline_ready().await?;
    browser.set_offline(true).await?;
    answer_and_submit(browser, base).await?;
    browser.client.goto(&format!("{base}/parcours")).await?;
    browser
        .wait_text(".sharing__pending", "1 en attente")
        .await?;
    browser.click(".sharing__consent input").await?;
    browser
        .wait_text(
            ".sharing__held",
            "Un bilan en attente d’envoi, retenu tant que vous n’acceptez pas le partage.",
        )
        .await?;
    Ok(())
}

/// Consent withdrawn while a review waits (offline): it does not leave, the panel says it is
/// held back, and consent given again sends it.
#[tokio::test]
async fn a_review_waiting_when_consent_is_withdrawn_stays_on_the_device() -> anyhow::Result<()> {
    let (server, database, browser) = sharing_holder("Lou", "Atelier vélo").await?;
    let c = &browser.client;
    held_back_offline(&browser, &server.url).await?;
    // Back online: the outbox runs, and the review stays.
    browser.set_offline(false).await?;
    browser
        .wait_js("document.querySelector('.online-badge').dataset.state === 'online'")
        .await?;
    // Three rounds of the outbox, which tries every second once online.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_eq!(counted(&database).await?, (0, 0), "sent without consent");
    assert!(
        c.find(fantoccini::Locator::Css(".sharing__send"))
            .await
            .is_err(),
        "« Envoyer maintenant » offered without consent"
    );
    // Ticked again: it leaves.
    browser.consent_to_sharing().await?;
    browser
        .wait_text(".sharing__pending", "Tout est envoyé")
        .await?;
    assert_eq!(counted(&database).await?, (1, 1));
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// A review the server no longer takes for its year (a device that stayed offline, or whose
/// clock was two years behind): the sharing panel says why in the holder's words, that it stays
/// on the device, and offers no « Réessayer », which could only be refused again.
#[tokio::test]
async fn a_review_of_a_year_the_server_no_longer_takes_is_said_and_not_retried()
-> anyhow::Result<()> {
    use bilan_core::calendar::Date;
    let two_years_ago = Date {
        year: crate::harness::today().year - 2,
        month: 6,
        day: 15,
    };
    let clock = Some(two_years_ago.millis() + 10 * 3_600_000);
    let (server, database, browser) = sharing_holder_at("Ilan", "Repair café", clock).await?;
    let base = server.url.as_str();
    answer_and_submit(&browser, base).await?;
    let c = &browser.client;
    c.goto(&format!("{base}/parcours")).await?;
    browser
        .wait_text(
            ".sharing__refused",
            "Le serveur ne prend que les réponses de cette année et de l’an dernier",
        )
        .await?;
    browser
        .wait_text(".sharing__status", "Un envoi refusé")
        .await?;
    let panel = c
        .execute(
            "return document.querySelector('.sharing').textContent",
            vec![],
        )
        .await?;
    let panel = panel.as_str().unwrap_or_default();
    assert!(
        !panel.contains("is not taken") && !panel.contains("Réessayer"),
        "the server's English, or a retry that can only be refused: {panel}"
    );
    assert_eq!(counted(&database).await?, (0, 0));
    // In English too.
    browser.click(".lang-switch__button[lang=en]").await?;
    browser
        .wait_text(
            ".sharing__refused",
            "The server only takes answers from this year and last year",
        )
        .await?;
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// A holder who withdrew consent while a review waited may keep it off the server for good:
/// « Ne jamais l’envoyer » takes it out of the queue, consent given again sends nothing of it,
/// nor does an older backup imported again, and the review itself stays on the device.
#[tokio::test]
async fn a_review_held_back_can_be_kept_off_the_server_for_good() -> anyhow::Result<()> {
    let (server, database, browser) = sharing_holder("Inès", "Jardin partagé").await?;
    let c = &browser.client;
    held_back_offline(&browser, &server.url).await?;
    // A backup written while the review's share still waits holds it.
    browser.capture_downloads().await?;
    browser.click(".backup .card__actions button").await?;
    let backup = browser.first_download().await?;
    assert!(backup.contains("\"outbox\": [\n    {"), "{backup}");
    let dir = crate::harness::TempDir::new("held-backup");
    let older = dir.0.join("bilan-sauvegarde.json");
    std::fs::write(&older, &backup)?;
    browser.click(".sharing__drop-held").await?;
    browser
        .wait_text(".sharing__pending", "Rien n’attend d’être envoyé.")
        .await?;
    // The keyboard is not sent back to the page's top with the button.
    browser
        .wait_js("document.activeElement?.matches('.sharing__consent input')")
        .await?;
    assert!(
        c.find(fantoccini::Locator::Css(".sharing__held"))
            .await
            .is_err()
    );
    // Back online with consent given again: nothing of it leaves.
    browser.set_offline(false).await?;
    browser.consent_to_sharing().await?;
    browser
        .wait_text(".sharing__pending", "Tout est envoyé")
        .await?;
    // That older backup imported again does not bring the share back: the device holds the
    // review, and the holder's choice for it stands.
    browser
        .type_text(
            ".backup .backup__import input",
            &older.display().to_string(),
        )
        .await?;
    browser
        .wait_text(".backup__status", "rien de nouveau")
        .await?;
    browser
        .wait_text(".sharing__pending", "Tout est envoyé")
        .await?;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_eq!(counted(&database).await?, (0, 0), "sent after all");
    // The review is still the holder's.
    browser
        .wait_text(".profile-card__reviews", "Un bilan, le")
        .await?;
    browser.close().await?;
    server.stop().await?;
    Ok(())
}
