//! Collective sessions and the board, end to end with the real server and Chromium: a kiosk
//! session where each participant sees nothing of the previous ones, results shown only from k,
//! totals sent once on closing, and the board's dashboard with the session's college.

use fantoccini::Locator;
use serde_json::json;

use crate::accessibility::{assert_no_violations, axe};
use crate::harness::{Browser, Proxy, Server, release_now, token, workspace_root};

const IDEA: &str = "IDEE-PRIVEE-";

/// Answers the visible questions of the current section (college: bénévoles, every scale: 4,
/// the idea: the marker and the participant's number), then presses the section's last button
/// (twice on the summary).
const FILL_AND_NEXT: &str = r#"
for (const group of document.querySelectorAll('[data-question]')) {
  const radios = group.querySelectorAll('input[type=radio]');
  const pick = group.dataset.question === 'college' ? 2 : 3;
  if (radios.length && ![...radios].some(r => r.checked)) radios[pick].click();
  const text = group.querySelector('textarea');
  if (text && !text.value) { text.value = arguments[0]; text.dispatchEvent(new Event('input', { bubbles: true })); }
}
// « Envoyer » tapped twice, as a hurried finger does, which counts one person.
const go = [...document.querySelectorAll('.survey__nav .button')].pop();
go.click();
if (!document.querySelector('[data-question]')) go.click();
"#;

/// The code of the session whose page is open, once its page is drawn: the server knows the
/// session by it (a kiosk's totals go to its route), though the page shows it only to phones.
pub(crate) async fn session_code(browser: &Browser) -> anyhow::Result<String> {
    browser
        .wait_js("document.querySelector('.session-facts[data-code]') !== null")
        .await?;
    let code = browser
        .client
        .execute(
            "return document.querySelector('.session-facts').dataset.code",
            vec![],
        )
        .await?;
    Ok(code.as_str().unwrap_or_default().to_owned())
}

pub(crate) async fn path(browser: &Browser) -> anyhow::Result<String> {
    Ok(browser
        .client
        .execute("return location.pathname", vec![])
        .await?
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

/// Answers each section and goes on, waiting after each click for the next section (or for
/// `end`) rather than for a while, until `end` shows.
pub(crate) async fn answer_to_the_end(
    browser: &Browser,
    end: &str,
    idea: &str,
) -> anyhow::Result<()> {
    sections_to_the_end(browser, end, FILL_AND_NEXT, vec![json!(idea)]).await
}

/// [`answer_to_the_end`] with « Envoyer » tapped once: for a send whose one answer is to be read.
async fn answer_tapping_once(browser: &Browser, end: &str, idea: &str) -> anyhow::Result<()> {
    let once = FILL_AND_NEXT.replace(
        "if (!document.querySelector('[data-question]')) go.click();",
        "",
    );
    sections_to_the_end(browser, end, &once, vec![json!(idea)]).await
}

/// Runs `script` (which answers the section shown and presses its last button) with `args`,
/// section after section, waiting after each for the next section, its buttons drawn, or for
/// `end`.
pub(crate) async fn sections_to_the_end(
    browser: &Browser,
    end: &str,
    script: &str,
    args: Vec<serde_json::Value>,
) -> anyhow::Result<()> {
    const SECTION: &str = "return [...document.querySelectorAll('[data-question]')].map(q => q.dataset.question).join(' ')";
    // The first section, or the end, drawn: a page still loading has no button to press.
    browser
        .wait_js(&format!(
            "document.querySelector('{end}') || document.querySelector('.survey__nav .button')"
        ))
        .await?;
    for _ in 0..20 {
        if browser.client.find(Locator::Css(end)).await.is_ok() {
            return Ok(());
        }
        let before = browser.client.execute(SECTION, vec![]).await?;
        browser.client.execute(script, args.clone()).await?;
        browser
            .wait_js(&format!(
                "document.querySelector('{end}') || ([...document.querySelectorAll('[data-question]')].map(q => q.dataset.question).join(' ') !== {before} && document.querySelector('.survey__nav .button'))"
            ))
            .await?;
    }
    anyhow::bail!("{end:?} never showed after twenty sections")
}

/// One participant answers the whole survey in the kiosk, up to "thank you".
pub(crate) async fn participate(browser: &Browser, n: usize) -> anyhow::Result<()> {
    let c = &browser.client;
    browser.wait_text(".survey__progress", "Réponses").await?;
    // A fresh survey: nothing ticked, nothing typed, and the session's format, which the session
    // answers, not asked (a participant could have changed it).
    let shown = c
        .execute(
            "return [document.querySelectorAll('input:checked').length, document.querySelector(\"[data-question='format']\") !== null]",
            vec![],
        )
        .await?;
    assert_eq!(shown, json!([0, false]), "participant {n}");
    let text = c.find(Locator::Css("main")).await?.text().await?;
    assert!(!text.contains(IDEA), "participant {n} sees {text}");
    // No link out of the kiosk in its footer either (« Vos données » is for the device's owner).
    let way_out = c
        .execute(
            "const a = document.querySelector('.app-footer__data'); return a !== null && a.getClientRects().length > 0",
            vec![],
        )
        .await?;
    assert_eq!(way_out, json!(false), "participant {n}");
    answer_to_the_end(browser, ".kiosk-thanks", &format!("{IDEA}{n}")).await?;
    browser
        .wait_text(".kiosk-thanks", "Merci — passez l’appareil")
        .await?;
    Ok(())
}

/// Starts the session's kiosk with a new `pin` (typed twice).
pub(crate) async fn start_kiosk(browser: &Browser, pin: &str) -> anyhow::Result<()> {
    browser.type_text("#kiosk-pin", pin).await?;
    browser.type_text("#kiosk-pin-again", pin).await?;
    browser.click(".kiosk-start button[type=submit]").await
}

/// Creates a session « Atelier » on the sessions page of `base` and starts its kiosk with `pin`.
async fn kiosk_of_a_new_session(browser: &Browser, base: &str, pin: &str) -> anyhow::Result<()> {
    browser.client.goto(&format!("{base}/seances")).await?;
    browser.type_text("#session-title", "Atelier").await?;
    browser.click(".session-form button[type=submit]").await?;
    start_kiosk(browser, pin).await
}

/// Opens the sessions page of `base` with a facilitator's join link carrying `token`, and waits
/// until the device is linked: leaving the page before the link is stored would drop it.
pub(crate) async fn linked_facilitator(
    browser: &Browser,
    base: &str,
    token: &str,
) -> anyhow::Result<()> {
    browser
        .client
        .goto(&format!("{base}/seances#join?token={token}"))
        .await?;
    browser
        .wait_text(".linked-notice", "relié au serveur")
        .await?;
    Ok(())
}

/// Imports the file at `path` through `(input, status)` once for each of `said`, checking that
/// the status says it each time (a file imported again brings nothing new).
async fn import_saying(
    browser: &Browser,
    (input, status): (&str, &str),
    path: &std::path::Path,
    said: &[&str],
) -> anyhow::Result<()> {
    for expected in said {
        browser
            .type_text(input, &path.display().to_string())
            .await?;
        browser.wait_text(status, expected).await?;
    }
    Ok(())
}

/// Leaves the kiosk with its `pin`, back to the session's page.
pub(crate) async fn leave_kiosk(browser: &Browser, pin: &str) -> anyhow::Result<()> {
    browser.click(".kiosk-leave__open").await?;
    // The button gives way to the PIN's field, which takes the focus from it.
    browser
        .wait_js("document.activeElement?.id === 'leave-pin'")
        .await?;
    browser.type_text("#leave-pin", pin).await?;
    browser
        .click(".kiosk-leave__form button[type=submit]")
        .await?;
    // The PIN is checked, then the lock lifted: an address opened before that would still lead
    // back to the kiosk.
    browser
        .wait_js("!location.pathname.endsWith('/kiosque')")
        .await
}

#[tokio::test]
async fn a_kiosk_session_shows_results_from_k_sends_totals_once_and_reaches_the_board()
-> anyhow::Result<()> {
    let (server, database) = Server::start_with_database("session", &["--threshold", "3"]).await?;
    let facilitator = token(&database, "facilitator")?;
    let board = token(&database, "board")?;
    let proxy = Proxy::start(&server.url).await?;
    let base = proxy.url.clone();
    let browser = Browser::start().await?;
    let c = &browser.client;

    // The facilitator links the laptop and creates a participatory review.
    c.goto(&format!("{base}/seances#join?token={facilitator}"))
        .await?;
    browser.wait_text("h1", "Séances collectives").await?;
    let mut report = axe(&browser, "sessions").await?;
    browser
        .type_text("#session-title", "Bilan participatif")
        .await?;
    c.execute(
        "const s = document.getElementById('session-format'); s.value = 'bilan-participatif'; s.dispatchEvent(new Event('change'));",
        vec![],
    )
    .await?;
    browser.click(".session-form button[type=submit]").await?;
    let code = session_code(&browser).await?;
    assert!(bilan_core::share::is_session_code(&code), "{code:?}");
    let shown = bilan_core::share::spaced_code(&code).replace('\u{a0}', " ");
    // A session not opened to phones shows no code: read out, it would take no one in.
    let page = c.find(Locator::Css("main")).await?.text().await?;
    assert!(!page.contains(&shown), "{page}");
    let session_path = path(&browser).await?;
    // A typo in the title the projector will show, and the day it is really held: changed in
    // place, checked as a new session is.
    browser.click(".session-rename-open").await?;
    browser
        .wait_js("document.activeElement?.id === 'session-rename-title'")
        .await?;
    browser.set_value("#session-rename-title", " ").await?;
    browser.click(".session-rename button[type=submit]").await?;
    browser
        .wait_text("#session-rename-error", "Donnez un titre à la séance")
        .await?;
    let year = crate::harness::today().year;
    browser
        .set_value("#session-rename-title", "Bilan participatif de l’année")
        .await?;
    browser
        .set_value("#session-rename-date", &format!("{year}-01-02"))
        .await?;
    browser
        .wait_text("#session-rename-date-said", &format!("2 janvier {year}"))
        .await?;
    report.extend(axe(&browser, "session renamed").await?);
    browser.click(".session-rename button[type=submit]").await?;
    browser
        .wait_text("h1", "Bilan participatif de l’année")
        .await?;
    browser
        .wait_text(".page__lead", &format!("2 janvier {year}"))
        .await?;
    browser
        .wait_js("document.querySelector('.session-rename') === null && document.activeElement?.matches('.session-rename-open')")
        .await?;
    report.extend(axe(&browser, "session").await?);
    start_kiosk(&browser, "2468").await?;
    browser.wait_text(".kiosk-intro", "anonymes").await?;
    report.extend(axe(&browser, "kiosk").await?);
    assert!(
        c.find(Locator::Css(".app-nav")).await.is_err(),
        "no navigation in kiosk mode"
    );

    // Two participants: the results screen still shows nothing.
    for n in 1..=2 {
        participate(&browser, n).await?;
        if n == 1 {
            report.extend(axe(&browser, "kiosk thanks").await?);
        }
        browser.click(".kiosk-next").await?;
    }
    // The back button and a typed address both lead back to the kiosk.
    c.back().await?;
    browser.wait_text(".survey__progress", "Réponses").await?;
    assert!(path(&browser).await?.ends_with("/kiosque"));
    c.goto(&format!("{base}/tableau-de-bord")).await?;
    browser.wait_text(".survey__progress", "Réponses").await?;
    assert!(path(&browser).await?.ends_with("/kiosque"));
    c.goto(&format!("{base}{session_path}/resultats")).await?;
    browser
        .wait_text(".live__waiting", "Pas encore assez de réponses")
        .await?;
    assert!(c.find(Locator::Css(".results canvas")).await.is_err());
    // Nor the colleges: one line says what they wait for, no empty chart.
    browser
        .wait_text(".live__colleges-waiting", "dès qu’il comptera 3 personnes")
        .await?;
    assert!(c.find(Locator::Css(".college-comparison")).await.is_err());

    // The third reaches k = 3: the distributions appear, every count perturbed by 2 at most.
    c.goto(&format!("{base}{session_path}/kiosque")).await?;
    participate(&browser, 3).await?;
    c.goto(&format!("{base}{session_path}/resultats")).await?;
    browser.wait_text(".live__count", "3").await?;
    browser
        .wait_text(".live__step", "Résultats des 3 premiers participants")
        .await?;
    browser.wait_text(".live__step", "de 2 au plus").await?;
    // The tables sit in closed <details>: read their text, not what is visible.
    browser
        .wait_js("document.querySelector(\"[data-question='college'] table\")?.textContent.includes('Bénévoles')")
        .await?;
    let college = c
        .execute(
            "return document.querySelector(\"[data-question='college'] tbody tr:nth-child(3) td\").textContent",
            vec![],
        )
        .await?;
    let count: u64 = college.as_str().unwrap_or_default().parse()?;
    assert!(count.abs_diff(3) <= 2, "{college}");
    report.extend(axe(&browser, "live results").await?);
    // One question at a time, moved on with the arrow keys (a remote sends the same keys).
    const SHOWN: &str = "return [...document.querySelectorAll('.results__item')].filter(i => i.offsetParent !== null).map(i => i.dataset.question)";
    let all = c.execute(SHOWN, vec![]).await?;
    browser.click(".live__one").await?;
    browser
        .wait_js("document.querySelectorAll('.results__item--hidden').length > 0")
        .await?;
    let first = c.execute(SHOWN, vec![]).await?;
    assert_eq!(first.as_array().map(Vec::len), Some(1), "{first}");
    assert_eq!(first[0], all[0]);
    let key =
        |k: &str| format!("window.dispatchEvent(new KeyboardEvent('keydown', {{ key: '{k}' }}))");
    c.execute(&key("ArrowRight"), vec![]).await?;
    browser
        .wait_js(&format!(
            "document.querySelector(\"[data-question='{}']\").offsetParent !== null",
            all[1].as_str().unwrap_or_default()
        ))
        .await?;
    // Shown alone, a chart is redrawn at its new width, not stretched.
    browser
        .wait_js("[...document.querySelectorAll('.results__item canvas')].filter(c => c.offsetParent !== null).every(c => Math.abs(c.width - c.getBoundingClientRect().width * devicePixelRatio) <= 1)")
        .await?;
    c.execute(&key("ArrowLeft"), vec![]).await?;
    c.execute(&key("ArrowLeft"), vec![]).await?;
    let last = all
        .as_array()
        .and_then(|a| a.last())
        .cloned()
        .unwrap_or_default();
    browser
        .wait_js(&format!(
            "document.querySelector(\"[data-question='{}']\").offsetParent !== null",
            last.as_str().unwrap_or_default()
        ))
        .await?;
    assert_eq!(
        c.execute(SHOWN, vec![]).await?,
        json!([last]),
        "left of the first is the last"
    );
    // Or by itself, every 12 s: from the last it wraps round to the first. The page asks the
    // browser's timer for 12 s; the test lets the first such wait pass in 0.3 s, so that a
    // loaded machine's clock (and a window's timers throttled behind another) cannot decide it.
    // Only the first: the next takes its 12 s, and the first question stays while the test
    // looks. With every wait shortened it moved on every 0.3 s, and on a loaded machine the
    // test's polling once missed it each time round.
    c.execute(
        "window.asked = []; const timer = window.setTimeout; \
         window.setTimeout = (f, ms, ...rest) => { window.asked.push(ms); \
         const soon = ms === 12000 && !window.hurried; if (soon) window.hurried = true; \
         return timer.call(window, f, soon ? 300 : ms, ...rest); };",
        vec![],
    )
    .await?;
    browser.click(".live__auto").await?;
    browser
        .wait_js(&format!(
            "document.querySelector(\"[data-question='{}']\").offsetParent !== null",
            all[0].as_str().unwrap_or_default()
        ))
        .await?;
    assert_eq!(c.execute(SHOWN, vec![]).await?, json!([all[0]]));
    assert_eq!(
        c.execute("return window.asked.includes(12000)", vec![])
            .await?,
        json!(true),
        "moved on after the page's 12 s"
    );
    browser.click(".live__one").await?;
    browser
        .wait_js("document.querySelectorAll('.results__item--hidden').length === 0")
        .await?;

    // Leaving needs the PIN: a wrong one is refused.
    c.goto(&format!("{base}{session_path}/kiosque")).await?;
    browser.click(".kiosk-leave__open").await?;
    browser.type_text("#leave-pin", "1111").await?;
    browser
        .click(".kiosk-leave__form button[type=submit]")
        .await?;
    browser.wait_text("#leave-error", "pas le bon code").await?;
    // « Annuler » closes the form and gives the focus back to the button that opened it.
    browser.click(".kiosk-leave__form .button--quiet").await?;
    browser
        .wait_js("document.activeElement?.matches('.kiosk-leave__open')")
        .await?;
    browser.click(".kiosk-leave__open").await?;
    browser.type_text("#leave-pin", "2468").await?;
    browser
        .click(".kiosk-leave__form button[type=submit]")
        .await?;
    browser
        .wait_js("!location.pathname.endsWith('/kiosque')")
        .await?;
    browser.wait_text("[data-participants]", "3").await?;
    // What the participants wrote, which the survey says the facilitator reads with them, is on
    // the session's page, closed until opened (the page may be on the projector), under its
    // question's wording, in alphabetical order (the unit tests check the order).
    browser
        .wait_text(".written__all summary", "Lire les 3 réponses écrites")
        .await?;
    let closed = c
        .execute(
            "return document.querySelector('.written__texts').checkVisibility()",
            vec![],
        )
        .await?;
    assert_eq!(closed, json!(false));
    browser.click(".written__all summary").await?;
    browser
        .wait_text(".written__question", "Une idée pour améliorer")
        .await?;
    let written = browser
        .texts(
            "return [...document.querySelectorAll('.written__texts li')].map(li => li.textContent)",
        )
        .await?;
    assert_eq!(written, [1, 2, 3].map(|n| format!("{IDEA}{n}")));

    // Closing sends the totals once; the server counts three people, publishes the session's
    // table at once and the period's and the college's at the next scheduled release.
    browser.click(".session-close").await?;
    browser.click(".session-close-confirm").await?;
    browser
        .wait_text(".session-upload", "reçus par le serveur")
        .await?;
    release_now(&database, 3)?;
    let http = reqwest::Client::new();
    let year = crate::harness::today().year;
    let table = |dimension: String| {
        let http = http.clone();
        let url = format!(
            "{}/api/v1/aggregates?survey=seance-collective&period={year}&dimension={dimension}",
            server.url
        );
        let board = board.clone();
        async move {
            http.get(url)
                .bearer_auth(board)
                .send()
                .await?
                .json::<serde_json::Value>()
                .await
        }
    };
    for dimension in [
        format!("session:{code}"),
        String::new(),
        "college:benevoles".into(),
    ] {
        let published = table(dimension.clone()).await?;
        let n = published["contributions"].as_u64().unwrap_or_default();
        assert!((3..=5).contains(&n), "{dimension}: {published}");
    }

    // Nothing typed crossed the network.
    let recorded = String::from_utf8_lossy(&proxy.recorded()).into_owned();
    assert!(
        recorded.contains(&format!("/api/v1/sessions/{code}/totals")),
        "the totals went through the proxy"
    );
    assert!(!recorded.contains(IDEA), "an idea crossed the network");

    // The board: a wrong token is refused, the right one sees the session and its college.
    c.goto(&format!("{base}/tableau-de-bord")).await?;
    browser.wait_text("h1", "Tableau de bord").await?;
    report.extend(axe(&browser, "board token").await?);
    browser.type_text("#board-token", "bilan_faux").await?;
    browser.click(".board-token button[type=submit]").await?;
    browser
        .wait_text(
            ".board-token .callout--error",
            "Le serveur ne reconnaît pas cet accès (jeton ou lien) : il est inconnu ou a été révoqué.",
        )
        .await?;
    browser.type_text("#board-token", &board).await?;
    browser.click(".board-token button[type=submit]").await?;
    browser.wait_text(".board__sessions", &shown).await?;
    // The format the facilitator chose, which the kiosk answered for every participant, and the
    // day it was held (the server heard of it today).
    browser
        .wait_text(".board__sessions", "Bilan participatif annuel")
        .await?;
    browser
        .wait_text(
            &format!(".board__sessions tr[data-session='{code}']"),
            &format!("2 janvier {year}"),
        )
        .await?;
    browser
        .wait_js(
            "document.querySelector('.board__colleges table')?.textContent.includes('Bénévoles')",
        )
        .await?;
    // A mean level is written as French writes it: « 4,0 », never "4.0".
    let means = browser
        .texts("return [...document.querySelectorAll('.board__colleges td')].map(td => td.textContent).filter(t => /^[0-9]/.test(t.trim()))")
        .await?;
    assert!(!means.is_empty(), "no mean shown");
    for mean in &means {
        assert!(mean.contains(',') && !mean.contains('.'), "{means:?}");
    }
    browser
        .wait_text(".consensus", "Chaque collège a sa place")
        .await?;
    browser
        .wait_text(".board__frozen", "Données arrêtées au")
        .await?;
    browser
        .wait_text(".board__perturbed", "de 2 au plus")
        .await?;
    browser
        .wait_text(".board__perturbed", "moins de 3 personnes")
        .await?;
    report.extend(axe(&browser, "dashboard").await?);

    // A chart's CSV is named after its question and period, says what it counts on its first
    // line, and opens in a French spreadsheet: UTF-8 with a byte order mark, `;` between cells.
    browser.capture_downloads().await?;
    c.execute(
        "window.__names = []; const click = HTMLAnchorElement.prototype.click; HTMLAnchorElement.prototype.click = function () { __names.push(this.download); return click.call(this); };",
        vec![],
    )
    .await?;
    c.execute(
        "document.querySelector(\".results__item[data-question='college'] .figure__csv\").click()",
        vec![],
    )
    .await?;
    let csv = browser.first_download().await?;
    let head = c
        .execute_async(
            "const done = arguments[0]; window.__files[0].arrayBuffer().then(b => done([...new Uint8Array(b)].slice(0, 3)));",
            vec![],
        )
        .await?;
    assert_eq!(head, json!([0xEF, 0xBB, 0xBF]), "a byte order mark first");
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines[0], "Votre collège", "{csv}");
    assert_eq!(lines[1], "Réponse;Réponses", "{csv}");
    assert!(lines.iter().any(|l| l.starts_with("Bénévoles;")), "{csv}");
    let names = c.execute("return window.__names", vec![]).await?;
    assert_eq!(
        names,
        json!([format!("bilan-seance-collective-{year}-college.csv")])
    );
    assert_no_violations(&report);

    // Printed by hand: navigation and buttons gone, a heading that says which survey and period
    // it shows, and where the document made for paper is (the annual report replaced the print
    // view).
    assert!(
        c.find_all(Locator::Css(".board__print")).await?.is_empty(),
        "the dashboard has no print button of its own"
    );
    browser
        .cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }))
        .await?;
    browser
        .wait_js("getComputedStyle(document.querySelector('.print-header')).display === 'block' && getComputedStyle(document.querySelector('.app-nav')).display === 'none' && getComputedStyle(document.querySelector('.board__tools')).display === 'none'")
        .await?;
    let header = c.find(Locator::Css(".print-header")).await?.text().await?;
    for said in [
        format!("Tableau de bord — Séance collective — {year} — imprimé le"),
        "Rapport annuel".to_owned(),
    ] {
        assert!(header.contains(&said), "{said:?} is not in {header:?}");
    }
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn participants_join_from_their_phones_with_the_code_and_the_projector_shows_the_server_table()
-> anyhow::Result<()> {
    let (server, database) = Server::start_with_database("phones", &["--threshold", "3"]).await?;
    let facilitator = token(&database, "facilitator")?;
    let proxy = Proxy::start(&server.url).await?;
    let base = proxy.url.clone();
    let laptop = Browser::start().await?;
    let c = &laptop.client;
    c.goto(&format!("{base}/seances#join?token={facilitator}"))
        .await?;
    // On a laptop, joining stands above the sessions, as it comes first in the keyboard's order,
    // and importing beside them.
    laptop.wait_text(".session-form", "Nouvelle séance").await?;
    let beside = c
        .execute(
            "const box = s => document.querySelector(s).getBoundingClientRect(); \
             const join = document.querySelector('.join-form').closest('.panel').getBoundingClientRect(); \
             const form = box('.session-form'), title = box('#session-import-title'); \
             return [join.left === form.left && join.right === form.right, join.bottom < form.top, \
                     title.top > join.bottom, title.left > form.right];",
            vec![],
        )
        .await?;
    assert_eq!(beside, json!([true, true, true, true]));
    laptop.type_text("#session-title", "Atelier").await?;
    // A day out of the server's reach is refused before anything is stored.
    let today = crate::harness::today();
    laptop
        .set_value("#session-date", &format!("{}-01-15", today.year + 2))
        .await?;
    laptop.click(".session-form button[type=submit]").await?;
    laptop
        .wait_text(".session-form", "Choisissez un jour du 1er janvier")
        .await?;
    laptop
        .wait_js("document.activeElement.id === 'session-date'")
        .await?;
    laptop.set_value("#session-date", &today.iso()).await?;
    laptop.click(".session-form button[type=submit]").await?;
    let code = session_code(&laptop).await?;
    let shown = bilan_core::share::spaced_code(&code).replace('\u{a0}', " ");
    let session_path = path(&laptop).await?;
    // The close stands under the phones' panel, the kiosk beside both: no column runs on alone.
    // On a phone it comes last, after the kiosk.
    const CLOSE_PLACED: &str = "const box = s => document.querySelector(s).getBoundingClientRect(); \
         const phones = box('.own-devices'), kiosk = box('.kiosk-start'); \
         const close = document.querySelector('.session-close').closest('.panel').getBoundingClientRect(); \
         return innerWidth > 1000 \
           ? [close.left === phones.left && close.right === phones.right, close.top > phones.bottom, close.top < kiosk.bottom] \
           : [close.left === kiosk.left && close.right === kiosk.right, close.top > kiosk.bottom, kiosk.top > phones.bottom];";
    assert_eq!(
        c.execute(CLOSE_PLACED, vec![]).await?,
        json!([true, true, true])
    );
    c.set_window_size(390, 844).await?;
    laptop
        .wait_js(&format!(
            "innerWidth < 400 && (() => {{ {CLOSE_PLACED} }})().every(Boolean)"
        ))
        .await?;
    c.set_window_size(1280, 900).await?;
    let page = c.find(Locator::Css("main")).await?.text().await?;
    assert!(!page.contains(&shown), "{page}");
    // Nor is a day moved there, and the day stays.
    laptop.click(".session-rename-open").await?;
    laptop
        .set_value("#session-rename-date", &format!("{}-06-01", today.year - 3))
        .await?;
    laptop.click(".session-rename button[type=submit]").await?;
    laptop
        .wait_text(
            "#session-rename-error",
            &format!(
                "Choisissez un jour du 1er janvier {} au 31 décembre {}",
                today.year - 1,
                today.year + 1
            ),
        )
        .await?;
    laptop
        .wait_js("document.activeElement.id === 'session-rename-date'")
        .await?;
    laptop.click(".session-rename .button--quiet").await?;
    laptop
        .wait_text(
            ".page__lead",
            &today.spoken(bilan_core::Lang::Fr).replace('\u{a0}', " "),
        )
        .await?;
    // A refusal of the server's own is said as one, in the page's language with the server's
    // words, and no code is shown.
    proxy.refuse_next(
        "POST /api/v1/sessions HTTP",
        422,
        "survey \"seance-collective\" version 9 is unknown",
    );
    laptop.click(".own-devices__open").await?;
    laptop
        .wait_text(
            ".own-devices [role=alert]",
            "Refusé par le serveur : survey",
        )
        .await?;
    assert!(c.find(Locator::Css(".own-devices__code")).await.is_err());
    laptop.click(".own-devices__open").await?;
    let spaced = laptop.wait_text(".own-devices__code", &shown).await?;
    // Open to phones, the session keeps its day (the server files them under its year); its
    // title can still change.
    laptop.click(".session-rename-open").await?;
    laptop
        .wait_text(".session-rename", "la séance garde sa date")
        .await?;
    assert!(
        c.find(Locator::Id("session-rename-date")).await.is_err(),
        "the day is offered once phones may join"
    );
    laptop.click(".session-rename .button--quiet").await?;
    laptop
        .wait_js("document.querySelector('.session-rename') === null")
        .await?;
    // Opened, the page shows the code once, beside its QR code, read in three groups.
    assert_eq!(spaced.split_whitespace().count(), 3, "{spaced:?}");
    let page = c.find(Locator::Css("main")).await?.text().await?;
    assert_eq!(page.matches(&shown).count(), 1, "{page}");
    let link = c
        .execute(
            "return document.querySelector('svg.qr').dataset.text",
            vec![],
        )
        .await?;
    assert_eq!(link, json!(format!("{base}/rejoindre/{code}")));
    // On the laptop, the kiosk and the close stand beside the phones' code, not below it, and
    // every panel stays within the page (the code is read whole).
    let layout = c
        .execute(
            "const phones = document.querySelector('.own-devices').getBoundingClientRect(); \
             const kiosk = document.querySelector('.kiosk-start').getBoundingClientRect(); \
             const code = document.querySelector('.own-devices__code'); \
             return [kiosk.left >= phones.right, kiosk.top === phones.top, code.scrollWidth <= code.clientWidth, document.documentElement.scrollWidth <= innerWidth];",
            vec![],
        )
        .await?;
    assert_eq!(layout, json!([true, true, true, true]));
    assert_eq!(
        c.execute(CLOSE_PLACED, vec![]).await?,
        json!([true, true, true])
    );
    let mut report = axe(&laptop, "session open to phones").await?;

    // Three phones join with the code typed on the sessions page, the third on the home page
    // (« open Bilan and type the code »), answer and are thanked.
    let mut phones = Vec::new();
    for n in 1..=3 {
        let phone = Browser::start().await?;
        phone.client.set_window_size(390, 844).await?;
        let typed_on = if n == 3 { "/" } else { "/seances" };
        phone.client.goto(&format!("{base}{typed_on}")).await?;
        if n == 1 {
            // Told to type the code on « Séances collectives », a participant finds its field
            // first on a phone, above the facilitator's form for a new session.
            phone.wait_text(".session-form", "Nouvelle séance").await?;
            let first = phone
                .client
                .execute(
                    "const join = document.querySelector('#join-code').getBoundingClientRect(); \
                     const form = document.querySelector('.session-form').getBoundingClientRect(); \
                     return [join.bottom < form.top, join.bottom <= innerHeight];",
                    vec![],
                )
                .await?;
            assert_eq!(first, json!([true, true]));
        }
        if n == 3 {
            // On the home page of a phone the field and « Rejoindre » share one line.
            phone
                .wait_js("document.querySelector('#join-code')")
                .await?;
            let beside = phone
                .client
                .execute(
                    "const code = document.querySelector('#join-code').getBoundingClientRect(); \
                     const go = document.querySelector('.join-form button').getBoundingClientRect(); \
                     return [go.left > code.right, go.top < code.bottom, go.right <= innerWidth];",
                    vec![],
                )
                .await?;
            assert_eq!(beside, json!([true, true, true]));
        }
        // Typed as people type what they read: lower case, groups apart.
        phone.type_text("#join-code", &shown.to_lowercase()).await?;
        phone.click(".join-form button[type=submit]").await?;
        phone
            .wait_text(".kiosk-intro", "une réponse par téléphone")
            .await?;
        // The address is the join link's, as if scanned: a reload asks for the same session.
        let at = phone.client.current_url().await?;
        assert!(
            at.path().starts_with("/rejoindre/") && at.query().is_none(),
            "{at}"
        );
        if n == 1 {
            report.extend(axe(&phone, "phone").await?);
            // « Envoyer » tapped twice, the second while the first is on its way: one person.
            let applied = |proxy: &Proxy| {
                let recorded = String::from_utf8_lossy(&proxy.recorded()).into_owned();
                (
                    recorded.matches("{\"applied\":[\"").count(),
                    recorded.matches("\"duplicates\":[\"").count(),
                )
            };
            let before = applied(&proxy);
            answer_to_the_end(&phone, ".join__done", &format!("{IDEA}{n}")).await?;
            let after = applied(&proxy);
            assert_eq!(
                (after.0 - before.0, after.1 - before.1),
                (1, 1),
                "sent twice, counted once"
            );
        }
        // The second phone's answers, once they leave, meet a server over its rate (a room's
        // phones share one address, whose mistyped codes hold them all up a second): sent again
        // after the second it asks for, with nothing for the participant to do.
        if n == 2 {
            proxy.busy_next(&format!("POST /api/v1/sessions/{code}/contributions"));
        }
        // The third's answers reach the server, whose answer is cut on the way back, then fails
        // midway: each time the phone says they have not left, and sent again under the same id
        // they count once.
        if n == 3 {
            let post = format!("POST /api/v1/sessions/{code}/contributions");
            proxy.cut_next_answer_to(&post, b"HTTP/1.1 200 OK\r\n");
            answer_tapping_once(&phone, ".join__retry", &format!("{IDEA}{n}")).await?;
            phone
                .wait_text("[role=alert]", "pas encore parties")
                .await?;
            proxy.cut_next_answer_to(&post, b"\x00\r\n\r\n");
            phone.click(".join__retry").await?;
            for _ in 0..200 {
                if proxy.lost() == 2 {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            assert_eq!(proxy.lost(), 2, "the second send's answer was not cut");
            phone
                .wait_text("[role=alert]", "pas encore parties")
                .await?;
            phone.click(".join__retry").await?;
        } else if n == 2 {
            // It also lost the room's Wi-Fi before « Envoyer »: told so, its answers leave by
            // themselves once it is back, with no « Réessayer » tapped.
            phone.set_offline(true).await?;
            answer_to_the_end(&phone, ".join__retry", &format!("{IDEA}{n}")).await?;
            phone
                .wait_text("[role=alert]", "quand le téléphone retrouvera le réseau")
                .await?;
            // Nothing is kept on a phone: the banner says to keep the page, not that the answers
            // are stored here.
            phone
                .wait_text(".banner--offline", "gardez cette page ouverte")
                .await?;
            assert_eq!(proxy.busied(), 0, "an answer left with no network");
            phone.set_offline(false).await?;
        }
        phone
            .wait_text(".join__done", "vos réponses sont comptées")
            .await?;
        if n == 3 {
            let recorded = String::from_utf8_lossy(&proxy.recorded()).into_owned();
            assert!(
                recorded.contains("{\"applied\":[],\"duplicates\":[\""),
                "the phone's answers sent again were not taken as the same"
            );
        }
        phones.push(phone);
    }
    assert_eq!(proxy.busied(), 1, "the server was busy once");
    let phone = phones.pop().expect("three phones");
    for other in phones {
        other.close().await?;
    }
    // The server published the session's table at the third phone (k = 3): the projector shows
    // it, perturbed, and says so.
    c.goto(&format!("{base}{session_path}/resultats")).await?;
    laptop
        .wait_js("document.querySelector(\"[data-question='college'] table\")?.textContent.includes('Bénévoles')")
        .await?;
    laptop.wait_text(".live__step", "de 2 au plus").await?;
    // Nothing of the phones' text crossed the network.
    let recorded = String::from_utf8_lossy(&proxy.recorded()).into_owned();
    assert!(recorded.contains(&format!("/api/v1/sessions/{code}/contributions")));
    assert!(!recorded.contains(IDEA), "an idea crossed the network");

    // Closing refuses the phones from then on, whichever way the code is typed into the link
    // (a dot between the groups once made the server answer that no such file exists).
    // A phone still answering when the session closes is told so in its participant's words.
    let late = Browser::start().await?;
    late.client.set_window_size(390, 844).await?;
    late.client
        .goto(&format!("{base}/rejoindre/{code}"))
        .await?;
    late.wait_text(".kiosk-intro", "une réponse par téléphone")
        .await?;
    // Its first send is refused for a reason of the server's own: said as the server's, framed
    // in the participant's words.
    proxy.refuse_next(
        &format!("POST /api/v1/sessions/{code}/contributions"),
        422,
        "contributions[0]: question « x » unknown",
    );
    answer_tapping_once(&late, ".join__retry", &format!("{IDEA}late")).await?;
    late.wait_text(
        "[role=alert]",
        "Refusé par le serveur : contributions[0]: question « x » unknown",
    )
    .await?;
    c.goto(&format!("{base}{session_path}")).await?;
    laptop.click(".session-close").await?;
    laptop.click(".session-close-confirm").await?;
    laptop.wait_text(".session-upload", "").await?;
    late.click(".join__retry").await?;
    late.wait_text("[role=alert]", "Cette séance est terminée")
        .await?;
    late.close().await?;
    let typed = format!("{}.{}.{}", &code[..3], &code[3..6], &code[6..]).to_lowercase();
    phone
        .client
        .goto(&format!("{base}/rejoindre/{typed}"))
        .await?;
    phone.wait_text("[role=alert]", "terminée").await?;
    phone
        .client
        .goto(&format!("{base}/rejoindre/ZZZZZZZZZ"))
        .await?;
    phone.wait_text("[role=alert]", "Aucune séance").await?;
    // « Retaper le code » leads to the home page's field, typed in again.
    phone.click(".page a.button").await?;
    phone.type_text("#join-code", "ZZZ ZZZ ZZY").await?;
    phone.click(".join-form button[type=submit]").await?;
    phone.wait_text("[role=alert]", "Aucune séance").await?;
    let at = phone.client.current_url().await?;
    assert!(at.path().starts_with("/rejoindre/ZZZ"), "{at}");
    // The board, before any table for everyone is released (the session's own table is, but
    // it is shown with its period's): the lists of surveys and periods say so rather than stand
    // empty.
    let board = token(&database, "board")?;
    c.goto(&format!("{base}/tableau-de-bord")).await?;
    laptop.type_text("#board-token", &board).await?;
    laptop.click(".board-token button[type=submit]").await?;
    laptop.wait_text(".empty", "Aucun tableau publié").await?;
    for (select, said) in [
        ("#board-survey", "Aucun questionnaire publié"),
        ("#board-period", "Aucune période publiée"),
    ] {
        let shows = c
            .execute(
                &format!(
                    "const s = document.querySelector('{select}'); return s.selectedIndex >= 0 ? s.options[s.selectedIndex].text : ''"
                ),
                vec![],
            )
            .await?;
        assert_eq!(shows, json!(said), "{select}");
    }
    // Nor is a spreadsheet of no table offered.
    assert!(c.find(Locator::Css(".board__ods")).await.is_err());
    assert_no_violations(&report);
    phone.close().await?;
    laptop.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn a_second_tablets_file_is_imported_on_the_laptop_and_counts_once() -> anyhow::Result<()> {
    let server = Server::start().await?;
    // The tablet, with no server link: a kiosk session, one participant, then the file.
    let tablet = Browser::start().await?;
    kiosk_of_a_new_session(&tablet, &server.url, "1357").await?;
    participate(&tablet, 1).await?;
    leave_kiosk(&tablet, "1357").await?;
    tablet.wait_text("[data-participants]", "1").await?;
    tablet.capture_downloads().await?;
    tablet.click(".session-export").await?;
    let file = tablet.first_download().await?;
    assert!(file.contains("\"format\": \"bilan-session\""), "{file}");
    tablet.close().await?;
    let path = std::env::temp_dir().join(format!("bilan-session-{}.json", std::process::id()));
    std::fs::write(&path, &file)?;

    // The laptop imports it twice: the session appears with one answer, then nothing new.
    let laptop = Browser::start().await?;
    let c = &laptop.client;
    c.goto(&format!("{}/seances", server.url)).await?;
    laptop.wait_text("h1", "Séances collectives").await?;
    let input = "input.session-import";
    // Said as a session file, not a backup; a file already imported says it brought nothing.
    import_saying(
        &laptop,
        (input, ".panel [role=status]"),
        &path,
        &[
            "Fichier de séance importé : 1 réponse nouvelle.",
            "Fichier de séance importé : aucune réponse nouvelle, elles étaient toutes déjà là.",
        ],
    )
    .await?;
    laptop.wait_text(".cards", "Atelier").await?;
    laptop.wait_text(".cards", "1 participant ·").await?;
    // On the laptop's wide screen, joining and importing stand beside the sessions, as sharing
    // and backups do beside the profiles, not below the form.
    let beside = c
        .execute(
            "const list = document.querySelector('.cards').getBoundingClientRect(); \
             const form = document.querySelector('.session-form').getBoundingClientRect(); \
             const import_ = document.querySelector('.session-import').closest('.panel').getBoundingClientRect(); \
             return [import_.left >= form.right, import_.top < form.top, list.top < form.top];",
            vec![],
        )
        .await?;
    assert_eq!(beside, json!([true, true, true]));
    // A file that is not one is refused by name, and changes nothing.
    std::fs::write(&path, "{\"format\":\"bilan-photos\",\"schema\":1}")?;
    laptop.type_text(input, &path.display().to_string()).await?;
    laptop
        .wait_text(
            ".panel [role=status]",
            "Fichier refusé, rien n’a été modifié : ce n’est pas un fichier de séance Bilan",
        )
        .await?;
    laptop.wait_text(".cards", "1 participant ·").await?;
    let _ = std::fs::remove_file(&path);
    laptop.close().await?;
    server.stop().await?;
    Ok(())
}

/// A facilitator's laptop that closed a session with no network, backed up from the sessions
/// page, then restored on a new one: the session comes back closed with its answers, each once,
/// and its totals waiting leave from the new laptop, counted once even when the old one sends
/// them too.
#[tokio::test]
async fn a_facilitators_sessions_move_to_a_new_device_in_its_backup() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let facilitator = token(&server.database_url(), "facilitator")?;
    let base = server.url.as_str();
    let old = Browser::start().await?;
    linked_facilitator(&old, base, &facilitator).await?;
    kiosk_of_a_new_session(&old, base, "2468").await?;
    participate(&old, 1).await?;
    old.click(".kiosk-next").await?;
    participate(&old, 2).await?;
    leave_kiosk(&old, "2468").await?;
    old.set_offline(true).await?;
    old.click(".session-close").await?;
    old.click(".session-close-confirm").await?;
    old.wait_text(".session-upload", "en attente").await?;
    old.click(".app-nav__link[href='/seances']").await?;
    old.wait_text(".cards", "2 participants ·").await?;
    // The page says the device was never backed up, then writes one file with the session.
    old.wait_text(".backup__last", "Aucune sauvegarde depuis cet appareil")
        .await?;
    old.capture_downloads().await?;
    old.click(".backup .card__actions button").await?;
    let file = old.first_download().await?;
    assert!(file.contains("\"format\": \"bilan-backup\""), "{file}");
    assert!(file.contains("\"title\": \"Atelier\""), "{file}");
    old.wait_text(".backup__last", "Dernière sauvegarde le")
        .await?;
    let dir = crate::harness::TempDir::new("sessions-backup");
    let path = dir.0.join("bilan-sauvegarde.json");
    std::fs::write(&path, &file)?;

    // The new laptop offers the backup before it holds anything, without saying when it was
    // last made; imported twice, the session comes once, with its answers, closed.
    let new = Browser::start().await?;
    let c = &new.client;
    linked_facilitator(&new, base, &facilitator).await?;
    new.wait_text(".profiles", "Aucune séance").await?;
    assert!(c.find(Locator::Css(".backup__last")).await.is_err());
    // Picked in the session file's import beside, the backup is said to be one, and where it
    // goes.
    new.type_text("input.session-import", &path.display().to_string())
        .await?;
    new.wait_text(
        ".panel [role=status]",
        "c’est une sauvegarde de l’appareil, à importer avec « Importer une sauvegarde »",
    )
    .await?;
    // A second tab on the sessions page, as a facilitator may keep one.
    let first_tab = c.window().await?;
    let second_tab = c.new_window(true).await?.handle;
    c.switch_to_window(second_tab.clone()).await?;
    c.goto(&format!("{base}/seances")).await?;
    new.wait_text(".profiles", "Aucune séance").await?;
    c.switch_to_window(first_tab.clone()).await?;
    import_saying(
        &new,
        (".backup .backup__import input", ".backup__status"),
        &path,
        &[
            "Sauvegarde importée : cet appareil compte 1 séance de plus.",
            "Sauvegarde importée : rien de nouveau, cet appareil avait déjà tout.",
        ],
    )
    .await?;
    new.wait_text(".cards", "Atelier").await?;
    new.wait_text(".cards", "2 participants ·").await?;
    // The other tab lists it too, without being reloaded.
    c.switch_to_window(second_tab.clone()).await?;
    new.wait_text(".cards", "2 participants ·").await?;
    c.close_window().await?;
    c.switch_to_window(first_tab).await?;
    // Its totals leave from here: two people, once.
    new.click(".cards a.button").await?;
    new.wait_text(".session-upload", "reçus par le serveur")
        .await?;
    let database = server.database_url();
    assert_eq!(crate::sync::counted(&database).await?.1, 2);
    // The old laptop back online sends the same totals: acknowledged, not counted again.
    old.set_offline(false).await?;
    old.client.goto(&format!("{base}/seances")).await?;
    old.click(".cards a.button").await?;
    old.wait_text(".session-upload", "reçus par le serveur")
        .await?;
    assert_eq!(crate::sync::counted(&database).await?.1, 2);
    old.close().await?;
    new.close().await?;
    server.stop().await?;
    Ok(())
}

/// A participant who walks away from the kiosk mid-survey: after three minutes without a touch
/// the kiosk asks whether anyone is there, a touch keeps the answers, and half a minute more
/// without one wipes them for the next person, who is no participant of the session.
#[tokio::test]
async fn a_kiosk_survey_left_half_answered_is_wiped_for_the_next_person() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let tablet = Browser::start().await?;
    let c = &tablet.client;
    kiosk_of_a_new_session(&tablet, &server.url, "1357").await?;
    tablet
        .wait_text(".survey__progress", "Réponses : 0")
        .await?;
    // An untouched survey is never asked about.
    const LATER: &str =
        "const real = Date.now; const by = arguments[0]; Date.now = () => real.call(Date) + by;";
    c.execute(LATER, vec![json!(600_000)]).await?;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert!(c.find(Locator::Css(".kiosk-idle")).await.is_err());
    // The first screen answered, then three minutes without a touch.
    c.execute(FILL_AND_NEXT, vec![json!(IDEA)]).await?;
    tablet
        .wait_js(
            r"/Réponses\s*:\s*[1-9]/.test(document.querySelector('.survey__progress').textContent)",
        )
        .await?;
    let answered = tablet.wait_text(".survey__progress", "Réponses").await?;
    c.execute(LATER, vec![json!(181_000)]).await?;
    tablet
        .wait_text(
            ".kiosk-idle",
            "Toujours là ? Sans un geste, ces réponses seront effacées dans une demi-minute",
        )
        .await?;
    let report = axe(&tablet, "kiosk asking").await?;
    assert!(report.is_empty(), "{}", report.join("\n"));
    // « Je continue »: the answers stay.
    tablet.click(".kiosk-idle button").await?;
    tablet
        .wait_js("document.querySelector('.kiosk-idle') === null")
        .await?;
    assert_eq!(
        tablet.wait_text(".survey__progress", "Réponses").await?,
        answered
    );
    // Left again: asked, then wiped half a minute later, the survey back at its start.
    c.execute(LATER, vec![json!(181_000)]).await?;
    tablet.wait_text(".kiosk-idle", "Toujours là").await?;
    c.execute(LATER, vec![json!(30_000)]).await?;
    tablet
        .wait_text(".survey__progress", "Réponses : 0")
        .await?;
    tablet
        .wait_js("document.querySelector('.kiosk-idle') === null && document.querySelectorAll('input:checked').length === 0")
        .await?;
    // Nobody was counted.
    leave_kiosk(&tablet, "1357").await?;
    tablet.wait_text("[data-participants]", "0").await?;
    tablet.close().await?;
    server.stop().await?;
    Ok(())
}

/// A facilitator's device whose link the operator revoked: the closed session's totals are
/// refused, its page says so in words with what to do, and a new link sends them.
#[tokio::test]
async fn totals_refused_for_a_revoked_link_are_said_on_the_session_and_sent_with_a_new_one()
-> anyhow::Result<()> {
    let server = Server::start().await?;
    let database = server.database_url();
    let facilitator = token(&database, "facilitator")?;
    let laptop = Browser::start().await?;
    let c = &laptop.client;
    let base = server.url.as_str();
    linked_facilitator(&laptop, base, &facilitator).await?;
    kiosk_of_a_new_session(&laptop, base, "2468").await?;
    participate(&laptop, 1).await?;
    leave_kiosk(&laptop, "2468").await?;
    let session = path(&laptop).await?;
    // The operator revokes the laptop's link; then the session closes.
    crate::harness::revoke(&database, "facilitator")?;
    laptop.click(".session-close").await?;
    laptop.click(".session-close-confirm").await?;
    laptop
        .wait_text(
            ".session-refused",
            "ne reconnaît plus le lien de cet appareil",
        )
        .await?;
    // Sending again with the same link would only be refused again: not offered.
    assert!(
        c.find(Locator::Css(".session-refused button"))
            .await
            .is_err()
    );
    let report = axe(&laptop, "totals refused").await?;
    assert!(report.is_empty(), "{}", report.join("\n"));
    // The administrator's new link, opened on the session's page: the totals leave.
    let again = token(&database, "facilitator")?;
    c.goto(&format!("{base}{session}#join?token={again}"))
        .await?;
    laptop
        .wait_text(".session-upload", "reçus par le serveur")
        .await?;
    assert!(c.find(Locator::Css(".session-refused")).await.is_err());
    laptop.close().await?;
    server.stop().await?;
    Ok(())
}

/// A kiosk session held with version 1 of its survey and closed offline, its totals sent once
/// the operator put version 2 on the server: they are counted in their version, and the
/// session's page reads its table there (it used to be refused for ever, in English).
#[tokio::test]
async fn totals_sent_after_the_surveys_next_version_are_counted_in_theirs() -> anyhow::Result<()> {
    use crate::harness::{TempDir, copy_dir, dist};
    use bilan_core::session::revision::{Verdict, next_version};
    let folder = TempDir::new("next-version-surveys");
    copy_dir(&workspace_root().join("surveys"), &folder.0)?;
    let v1 = bilan_core::load::read_folder(&folder.0)
        .map_err(|errors| anyhow::anyhow!(errors.join("\n")))?
        .into_iter()
        .map(|(_, s)| s)
        .find(|s| s.id == "seance-collective")
        .expect("the session survey is shipped");
    let reworded = [("utile-appropriation".to_owned(), Verdict::Reword)];
    let (_, v2) = next_version(&v1, &reworded, &[])?;
    let threshold: &[&str] = &["--threshold", "3"];
    let (server, _) = Server::start_with_database("next-version", threshold).await?;
    let facilitator = token(&server.database_url(), "facilitator")?;
    let proxy = Proxy::start(&server.url).await?;
    let base = proxy.url.clone();
    let laptop = Browser::start().await?;
    let c = &laptop.client;
    linked_facilitator(&laptop, &base, &facilitator).await?;
    kiosk_of_a_new_session(&laptop, &base, "2468").await?;
    for n in 1..=3 {
        participate(&laptop, n).await?;
        laptop.click(".kiosk-next").await?;
    }
    leave_kiosk(&laptop, "2468").await?;
    // No network in the room: closed, its totals wait.
    laptop.set_offline(true).await?;
    laptop.click(".session-close").await?;
    laptop.click(".session-close-confirm").await?;
    laptop.wait_text(".session-upload", "en attente").await?;
    // Meanwhile the operator puts version 2 on the server.
    let (_, data) = server.stop_keeping_data().await?;
    std::fs::write(folder.0.join("seance-collective-v2.toml"), v2)?;
    let server = Server::start_custom(&folder.0, data, &dist(), None, threshold).await?;
    proxy.retarget(&server.url);
    laptop.set_offline(false).await?;
    laptop
        .wait_text(".session-upload", "reçus par le serveur")
        .await?;
    // The server's table of the session, in version 1: about three people, not a bound.
    laptop
        .wait_js("/^≈\\s*[1-5]$/.test(document.querySelector('[data-participants]')?.textContent.trim())")
        .await?;
    assert!(
        c.find(Locator::Css(".session-refused")).await.is_err(),
        "refused"
    );
    laptop.close().await?;
    server.stop().await?;
    Ok(())
}

/// One session on two devices (the tablet's file imported on the laptop), both closed: the
/// laptop's totals count, and the tablet's page says in words that the session already counts
/// once, with no « Réessayer », which could only be refused again.
#[tokio::test]
async fn totals_sent_from_a_second_device_are_said_already_counted() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let facilitator = token(&server.database_url(), "facilitator")?;
    let base = server.url.as_str();
    let tablet = Browser::start().await?;
    linked_facilitator(&tablet, base, &facilitator).await?;
    kiosk_of_a_new_session(&tablet, base, "1357").await?;
    participate(&tablet, 1).await?;
    leave_kiosk(&tablet, "1357").await?;
    tablet.capture_downloads().await?;
    tablet.click(".session-export").await?;
    let file = tablet.first_download().await?;
    let path = std::env::temp_dir().join(format!("bilan-twice-{}.json", std::process::id()));
    std::fs::write(&path, &file)?;
    // The laptop imports it and closes the session: its totals are the session's.
    let laptop = Browser::start().await?;
    linked_facilitator(&laptop, base, &facilitator).await?;
    laptop
        .type_text("input.session-import", &path.display().to_string())
        .await?;
    laptop.click(".cards a").await?;
    for device in [&laptop, &tablet] {
        device.click(".session-close").await?;
        device.click(".session-close-confirm").await?;
    }
    laptop
        .wait_text(".session-upload", "reçus par le serveur")
        .await?;
    tablet
        .wait_text(
            ".session-refused",
            "Le serveur a déjà les totaux de cette séance, reçus d’un autre appareil",
        )
        .await?;
    assert!(
        tablet
            .client
            .find(Locator::Css(".session-refused button"))
            .await
            .is_err(),
        "« Réessayer » offered"
    );
    let _ = std::fs::remove_file(&path);
    laptop.close().await?;
    tablet.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn a_forgotten_pin_gives_way_to_a_facilitators_link() -> anyhow::Result<()> {
    let server = Server::start().await?;
    let base = server.url.clone();
    let facilitator = token(&server.database_url(), "facilitator")?;
    let other = token(&server.database_url(), "facilitator")?;
    let laptop = Browser::start().await?;
    let c = &laptop.client;
    linked_facilitator(&laptop, &base, &facilitator).await?;
    kiosk_of_a_new_session(&laptop, &base, "2468").await?;
    laptop.wait_text(".kiosk-leave", "Quitter").await?;

    // Three wrong PINs, each said (« Annuler » clears what was said), and the kiosk makes the
    // next try wait.
    for (pin, said) in [
        ("1111", "pas le bon code"),
        ("1357", "pas le bon code"),
        ("9999", "Trop d’essais"),
    ] {
        laptop.click(".kiosk-leave__open").await?;
        laptop.type_text("#leave-pin", pin).await?;
        laptop
            .click(".kiosk-leave__form button[type=submit]")
            .await?;
        laptop.wait_text("#leave-error", said).await?;
        if pin != "9999" {
            laptop.click(".kiosk-leave__form .button--quiet").await?;
        }
    }

    // « Code PIN oublié ? » asks for the access link, the keyboard in its field: another
    // facilitator's is refused, and the kiosk stays.
    laptop.click(".kiosk-leave__forgot").await?;
    laptop
        .wait_js("document.activeElement?.id === 'leave-link'")
        .await?;
    laptop
        .wait_text(
            ".kiosk-leave__link",
            "Collez un lien d’accès d’accompagnateur·rice",
        )
        .await?;
    let violations = axe(&laptop, "kiosk, the PIN forgotten").await?;
    assert!(violations.is_empty(), "{violations:#?}");
    // Offline, another facilitator's link cannot be checked, and is refused.
    laptop.set_offline(true).await?;
    laptop
        .type_text("#leave-link", &format!("{base}/seances#join?token={other}"))
        .await?;
    laptop
        .click(".kiosk-leave__link button[type=submit]")
        .await?;
    laptop
        .wait_text("#leave-error", "Ce lien ne fait pas sortir du mode kiosque")
        .await?;
    assert!(path(&laptop).await?.ends_with("/kiosque"));

    // The device's own link, pasted whole, opens the session's page, offline (the server said
    // whose it is when the device was linked), though the PINs made it wait; the kiosk no
    // longer holds the device.
    c.execute("document.getElementById('leave-link').value = ''", vec![])
        .await?;
    laptop
        .type_text(
            "#leave-link",
            &format!("{base}/seances#join?token={facilitator}"),
        )
        .await?;
    laptop
        .click(".kiosk-leave__link button[type=submit]")
        .await?;
    laptop
        .wait_js("!location.pathname.endsWith('/kiosque')")
        .await?;
    laptop.wait_text("[data-participants]", "0").await?;
    laptop.set_offline(false).await?;
    c.goto(&format!("{base}/parcours")).await?;
    laptop.wait_text("h1", "Mon parcours").await?;

    // A tablet no link ever linked: a facilitator's link the server vouches for (a new one
    // from the administrator, say) lets it out.
    let tablet = Browser::start().await?;
    kiosk_of_a_new_session(&tablet, &base, "2468").await?;
    tablet.click(".kiosk-leave__open").await?;
    tablet.click(".kiosk-leave__forgot").await?;
    tablet
        .type_text("#leave-link", &format!("{base}/#join?token={other}"))
        .await?;
    tablet
        .click(".kiosk-leave__link button[type=submit]")
        .await?;
    tablet
        .wait_js("!location.pathname.endsWith('/kiosque')")
        .await?;
    tablet.close().await?;

    // A device linked with a group's link, which its participants may hold too: that link,
    // pasted whole, does not let the kiosk out.
    let group = token(&server.database_url(), "contributor")?;
    let shared = Browser::start().await?;
    shared
        .client
        .goto(&format!("{base}/parcours#join?token={group}"))
        .await?;
    shared
        .wait_text(".sharing", "maintenant relié au serveur")
        .await?;
    kiosk_of_a_new_session(&shared, &base, "2468").await?;
    shared.click(".kiosk-leave__open").await?;
    shared.click(".kiosk-leave__forgot").await?;
    shared
        .type_text(
            "#leave-link",
            &format!("{base}/parcours#join?token={group}"),
        )
        .await?;
    shared
        .click(".kiosk-leave__link button[type=submit]")
        .await?;
    shared
        .wait_text("#leave-error", "Ce lien ne fait pas sortir du mode kiosque")
        .await?;
    assert!(path(&shared).await?.ends_with("/kiosque"));
    shared.close().await?;
    laptop.close().await?;
    server.stop().await?;
    Ok(())
}
