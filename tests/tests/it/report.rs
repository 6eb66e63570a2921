//! The annual report of the demo Pôle, as a board member prints it: one click from the dashboard,
//! every section there in French and in English, and an A4 PDF whose pages carry the running
//! footer and their numbers.

use fantoccini::wd::{PrintConfiguration, PrintMargins, PrintSize};
use serde_json::json;

use crate::harness::{Browser, Server, server_cli};

/// A server seeded with the demo Pôle, and a board token for it.
pub(crate) async fn demo_server(label: &str) -> anyhow::Result<(Server, String)> {
    demo_server_with(label, &[]).await
}

/// [`demo_server`] started with more of the server's options.
async fn demo_server_with(label: &str, flags: &[&str]) -> anyhow::Result<(Server, String)> {
    let (server, database) =
        Server::start_with_database(label, &[&["--demo"], flags].concat()).await?;
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
    Ok((server, board.trim().to_owned()))
}

#[tokio::test]
async fn a_board_member_over_the_tokens_rate_waits_and_gets_every_table() -> anyhow::Result<()> {
    // Ten requests a second, bursts of twenty: the dashboard and its report ask for more at once.
    let (server, board) = demo_server_with("rate", &["--rate-limit", "10"]).await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser.open_dashboard(&server.url, &board).await?;
    browser.wait_text(".demo-banner", "démonstration").await?;
    browser.click(".board__report").await?;
    browser
        .wait_text(".report__frozen", "Données arrêtées au")
        .await?;
    let page = c.execute("return document.body.innerText", vec![]).await?;
    assert!(
        !page
            .as_str()
            .unwrap_or_default()
            .contains("too many requests"),
        "{page}"
    );
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

/// A board member handed their token as a join link, as people are handed theirs: the link
/// opens the dashboard, from the home page or from the dashboard's own address, and does not
/// link the device to share (a board token's sends would only be refused).
#[tokio::test]
async fn a_board_members_link_opens_the_dashboard_and_links_nothing() -> anyhow::Result<()> {
    let (server, _) = demo_server("board-link").await?;
    let base = server.url.as_str();
    // The link as the command line hands it out, given the address people open.
    let created = std::process::Command::new(crate::harness::server_bin())
        .args(["token", "create", "--role", "board", "--label", "CA 2027"])
        .args(["--database", &server.database_url(), "--url", base])
        .output()?;
    let said = String::from_utf8(created.stderr)?;
    let link = said
        .split_whitespace()
        .find_map(|w| w.strip_prefix(base))
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("no link in {said:?}"))?;
    assert!(said.contains("a board member"), "{said}");
    for opened in ["", "tableau-de-bord"] {
        let browser = Browser::start().await?;
        let c = &browser.client;
        c.goto(&format!("{base}/{opened}{}", &link[1..])).await?;
        browser.wait_text(".demo-banner", "démonstration").await?;
        let url = c.current_url().await?;
        assert_eq!(
            (url.path(), url.fragment()),
            ("/tableau-de-bord", None),
            "from {opened}"
        );
        // Kept for the next visit, and the device is linked to nothing.
        c.goto(&format!("{base}/parcours")).await?;
        browser
            .wait_text(".sharing", "n’est relié à aucun serveur")
            .await?;
        c.goto(&format!("{base}/tableau-de-bord")).await?;
        browser.wait_text(".demo-banner", "démonstration").await?;
        browser.close().await?;
    }
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn a_report_with_nothing_published_yet_says_so_and_when_it_will_be() -> anyhow::Result<()> {
    // When: as this server publishes, every week rather than the default month.
    let (server, _) =
        Server::start_with_database("report-weekly", &["--release-every", "week"]).await?;
    let board = crate::harness::token(&server.database_url(), "board")?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser.open_dashboard(&server.url, &board).await?;
    // The dashboard says nothing is published, and draws no empty chart of the yearly figures.
    browser
        .wait_text(
            ".page--board .empty",
            "Aucun tableau publié pour l’instant : un tableau est publié à date fixe, \
             chaque lundi à minuit (UTC), dès qu’il compte assez de personnes.",
        )
        .await?;
    assert!(
        c.find(fantoccini::Locator::Css("#board-figures"))
            .await
            .is_err()
    );
    browser.click(".board__report").await?;
    browser
        .wait_text(".report__frozen", "chaque lundi à minuit (UTC)")
        .await?;
    browser.wait_text(".report__method", "Seuil").await?;
    browser
        .wait_text(".report__title", "Rapport annuel")
        .await?;
    let page = c.execute("return document.body.innerText", vec![]).await?;
    let page = page.as_str().unwrap_or_default();
    // No date of "—", no year to choose, no count of zero, no empty indicator or list of
    // surveys: how the numbers will be made, and the way back.
    for absent in [
        "arrêtées au",
        "Questionnaires utilisés",
        "Comparer avec",
        "0 réponses",
        "Appropriation du projet",
        "Imprimer",
    ] {
        assert!(!page.contains(absent), "{absent}: {page}");
    }
    assert!(page.contains("Retour au tableau de bord"), "{page}");
    browser.close().await?;
    server.stop().await?;
    Ok(())
}

#[tokio::test]
async fn the_board_prints_the_annual_report_of_the_demo_pole() -> anyhow::Result<()> {
    let (server, board) = demo_server("report").await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    browser.open_dashboard(&server.url, &board).await?;
    browser.wait_text(".demo-banner", "démonstration").await?;
    browser
        .wait_text("#board-figures", "L’activité au fil des années")
        .await?;
    // One click from the dashboard.
    browser.click(".board__report").await?;
    let title = browser
        .wait_text(".report__title", "Rapport annuel")
        .await?;
    let year = title
        .trim_start_matches("Rapport annuel ")
        .trim()
        .to_owned();
    assert_eq!(year.len(), 4, "{title}");
    browser
        .wait_text(".report__name", "Pôle d’économie solidaire (démo)")
        .await?;
    browser
        .wait_text(".report__frozen", "Données arrêtées au")
        .await?;
    // The surveys used, listed as a sentence lists them.
    let method = browser
        .wait_text(".report__method", "Questionnaires utilisés")
        .await?;
    assert!(method.contains("(version 1) et "), "{method}");
    browser
        .wait_text(
            ".report__changes",
            "Personnes accueillies : de 267 en 2003 à 404 en 2010 (+51 %)",
        )
        .await?;
    // The seven indicators, each with its scores and the cohort's distance travelled.
    browser
        .wait_js("document.querySelectorAll('.report__indicator').length === 7")
        .await?;
    browser
        .wait_js("document.querySelectorAll('.report__indicator canvas').length >= 6")
        .await?;
    browser
        .wait_text(".report__moved", "Depuis leur premier bilan")
        .await?;
    // Where a way of moving has withheld cells, no share: « 100 % en progrès » over the published
    // cells alone would hide the withheld falls. Counts and bounds instead.
    let moved = browser
        .texts("return [...document.querySelectorAll('.report__moved')].map(p => p.textContent)")
        .await?;
    assert_eq!(moved.len(), 7, "{moved:?}");
    assert!(
        moved.iter().any(|m| m.contains("moins de")),
        "the demo withholds some falls: {moved:?}"
    );
    for m in &moved {
        assert!(
            m.contains('%') != m.contains("en nombre de personnes"),
            "shares or counts, never both: {m}"
        );
        assert!(!m.contains("n.p."), "{m}");
    }
    // The cohort's star: where those who came back started, and where this year stands.
    browser
        .wait_js("document.querySelector('.report__star canvas') !== null")
        .await?;
    browser
        .wait_text(".report__star-table", "Au premier bilan")
        .await?;
    // Its note names the threshold as a number, not as the letter of the method.
    browser
        .wait_text(
            ".report__star > figcaption.hint",
            "moins de 5 personnes chacune",
        )
        .await?;
    browser
        .wait_text(".report__formats", "Bilan participatif annuel")
        .await?;
    browser
        .wait_js("document.querySelector('.report__review canvas') !== null")
        .await?;
    browser.wait_text(".report__method", "jamais zéro").await?;
    // Every chart is drawn (ink on it, not only its white ground)...
    browser
        .wait_js("[...document.querySelectorAll('.report canvas')].every(c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; for (let i = 0; i < d.length; i += 64) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) return true; return false; })")
        .await?;
    // ...sharp enough for paper: three pixels for every CSS pixel at least.
    browser
        .wait_js("[...document.querySelectorAll('.report canvas')].every(c => c.width >= 3 * c.getBoundingClientRect().width - 1)")
        .await?;

    // Printed on A4: a cover, then each part on its own pages, every page numbered with the
    // running footer.
    let config = PrintConfiguration::builder()
        .size(PrintSize::A4)
        .margins(PrintMargins {
            top: 1.6,
            bottom: 1.8,
            left: 1.5,
            right: 1.5,
        })
        .background(true)
        .build()
        .map_err(|e| anyhow::anyhow!("print settings: {e}"))?;
    let pdf = c.print(config).await?;
    // The text as typeset: ligatures (ﬁ, ﬀ, ﬂ) read back as their letters.
    let pages: Vec<String> = pdf_extract::extract_text_from_mem_by_pages(&pdf)?
        .into_iter()
        .map(|p| p.replace('ﬁ', "fi").replace('ﬀ', "ff").replace('ﬂ', "fl"))
        .collect();
    // Kept for a person to look at (each page's text beside it).
    std::fs::write(std::env::temp_dir().join("bilan-rapport.pdf"), &pdf)?;
    std::fs::write(
        std::env::temp_dir().join("bilan-rapport.txt"),
        pages.join("\n\u{c}\n"),
    )?;

    assert!((6..=24).contains(&pages.len()), "{} pages", pages.len());
    let all = pages.join("\n");
    assert!(!all.contains("Année\n"), "the year's select is not printed");
    for said in [
        "Rapport annuel",
        "L’activité au fil des années",
        "Les sept indicateurs",
        "L’étoile de la cohorte",
        "Appropriation du projet",
        "Les séances collectives",
        "Le bilan participatif",
        "Méthode",
        "Données de démonstration",
    ] {
        assert!(all.contains(said), "{said:?} is not in the PDF:\n{all}");
    }
    let last = pages.len();
    for (n, page) in pages.iter().enumerate() {
        let flat = page.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(&format!("{} / {last}", n + 1)),
            "page {}: {flat}",
            n + 1
        );
        assert!(
            flat.contains("seuil de publication : 5 personnes"),
            "page {}: {flat}",
            n + 1
        );
    }
    // No chart split across two pages: each chart is one image, drawn on one page only, and
    // every chart of the report is there.
    let doc = lopdf::Document::load_mem(&pdf)?;
    let mut seen: Vec<lopdf::ObjectId> = Vec::new();
    for (n, page) in doc.get_pages() {
        for image in doc.get_page_images(page)? {
            assert!(!seen.contains(&image.id), "a chart is split onto page {n}");
            seen.push(image.id);
        }
    }
    let charts = c
        .execute(
            "return document.querySelectorAll('.report canvas').length",
            vec![],
        )
        .await?;
    assert_eq!(
        Some(seen.len() as u64),
        charts.as_u64(),
        "one image per chart"
    );
    // No table split across two pages: each printed table's text, read as the browser lays it
    // out for print, is whole on one page of the PDF (a split one would be cut in two, its
    // heading repeated on the next page).
    browser
        .cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }))
        .await?;
    let tables = c
        .execute(
            "return [...document.querySelectorAll('.report table')].filter(t => t.getClientRects().length > 0).map(t => t.innerText)",
            vec![],
        )
        .await?;
    // ...and none is wider than the paper: at A4's 18 cm between the margins, every table ends
    // inside the report (a clipped column would still be in the PDF's text).
    c.set_window_size(680, 900).await?;
    let wide = c
        .execute(
            "const edge = document.querySelector('.report').getBoundingClientRect().right + 0.5; return [...document.querySelectorAll('.report table')].filter(t => t.getClientRects().length > 0 && (t.getBoundingClientRect().right > edge || t.scrollWidth > t.clientWidth + 0.5)).map(t => `${t.className || t.id}: ${Math.round(t.getBoundingClientRect().right)} > ${Math.round(edge)} or ${t.scrollWidth} > ${t.clientWidth}`)",
            vec![],
        )
        .await?;
    assert_eq!(wide, json!([]), "tables wider than the paper");
    c.set_window_size(1280, 900).await?;
    browser
        .cdp("Emulation.setEmulatedMedia", json!({ "media": "" }))
        .await?;
    let squeeze = |text: &str| -> String { text.chars().filter(|c| !c.is_whitespace()).collect() };
    let squeezed: Vec<String> = pages.iter().map(|p| squeeze(p)).collect();
    let tables: Vec<String> = serde_json::from_value(tables)?;
    // The star's, the formats', the sessions' and the colleges' agreement at least.
    assert!(tables.len() >= 4, "{} printed tables", tables.len());
    for table in &tables {
        let whole = squeeze(table);
        assert!(
            squeezed.iter().any(|p| p.contains(&whole)),
            "this table is not whole on one page:\n{table}"
        );
    }
    // Compared with the year before: each indicator's charts show both years.
    let before = year.parse::<i32>()? - 1;
    c.goto(&format!(
        "{}/tableau-de-bord/rapport?annee={year}&comparer={before}",
        server.url
    ))
    .await?;
    browser
        .wait_js(&format!(
            "document.querySelector(\"[data-indicator='appropriation'] table\")?.textContent.includes('{before}')"
        ))
        .await?;
    assert_eq!(
        c.execute(
            "return document.getElementById('report-compare').value",
            vec![]
        )
        .await?,
        serde_json::json!(before.to_string())
    );
    // Opened from its address, the report starts its board's and charts' chunks with the page,
    // before the app runs (`src/xtask/src/pages.rs`), and uses every one of them.
    browser.wait_js("window.bilanEarly?.size === 0").await?;
    let early = c
        .execute(
            "const ready = performance.getEntriesByName('bilan-ready')[0].startTime; \
             return performance.getEntriesByType('resource').filter((e) => e.startTime < ready) \
             .map((e) => new URL(e.name).pathname).join(' ')",
            vec![],
        )
        .await?;
    let early = early.as_str().unwrap_or_default();
    assert!(
        early.contains("split_board_group") && early.contains("split_charts_group"),
        "asked for before the app ran: {early}"
    );

    // The same report in English.
    browser.click(".lang-switch__button[lang=en]").await?;
    browser
        .wait_text(".report__title", &format!("Annual report {year}"))
        .await?;
    browser.wait_text(".report__method", "never zero").await?;
    // The printed pages' footer, a rule the app writes into its own style sheet (the page's
    // policy lets no inline style in), follows the language, and leaves with the report: no
    // other page is printed with it.
    let page_rules = "return [...document.styleSheets].flatMap(s => [...s.cssRules]) \
                      .filter(r => r instanceof CSSPageRule).map(r => r.cssText).join(' | ')";
    browser
        .wait_js(&format!(
            "(() => {{ {page_rules} }})().includes('publication threshold: 5 people')"
        ))
        .await?;
    let rules = c.execute(page_rules, vec![]).await?;
    assert!(
        !rules.as_str().unwrap_or_default().contains("seuil"),
        "the French footer was not taken out: {rules}"
    );
    browser
        .click(".report__tools a[href='/tableau-de-bord']")
        .await?;
    browser
        .wait_js("location.pathname === '/tableau-de-bord'")
        .await?;
    browser
        .wait_js(&format!("(() => {{ {page_rules} }})() === ''"))
        .await?;
    browser.close().await?;
    server.stop().await?;
    Ok(())
}
