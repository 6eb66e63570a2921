//! A session's questionnaire on paper: every question of the session's survey, in order and
//! numbered, its answers as boxes and lines, when it is asked said in words, and nothing but the
//! sheet when it is printed.

use bilan_core::Lang;
use bilan_core::survey::Kind;
use fantoccini::wd::{PrintConfiguration, PrintSize};
use serde_json::json;

use crate::harness::{Browser, Server, workspace_root};

/// A survey shipped in `surveys/`, as its file says it.
fn shipped(file: &str) -> anyhow::Result<bilan_core::Survey> {
    let path = workspace_root().join("surveys").join(file);
    bilan_core::load::load(file, &std::fs::read_to_string(path)?)
        .map_err(|e| anyhow::anyhow!("{e:?}"))
}

/// The page printed on A4, as its text: ligatures (ﬁ, ﬀ, ﬂ) read back as their letters, and no
/// white space, which the typesetting moves.
async fn printed(browser: &Browser) -> anyhow::Result<String> {
    let config = PrintConfiguration::builder()
        .size(PrintSize::A4)
        .build()
        .map_err(|e| anyhow::anyhow!("print settings: {e}"))?;
    let pdf = browser.client.print(config).await?;
    Ok(pdf_extract::extract_text_from_mem(&pdf)?
        .replace('ﬁ', "fi")
        .replace('ﬀ', "ff")
        .replace('ﬂ', "fl")
        .replace(char::is_whitespace, ""))
}

/// Asserts that the sheet on paper holds every one of `questions` and none of `left_out` (the
/// app's words around it, written without white space).
fn assert_on_paper(printed: &str, questions: &[&bilan_core::survey::Question], left_out: &[&str]) {
    for q in questions {
        let label = q.label.get(Lang::Fr).replace(char::is_whitespace, "");
        assert!(printed.contains(&label), "{label} is not on paper");
    }
    for left_out in left_out {
        assert!(!printed.contains(left_out), "{left_out} is on paper");
    }
}

/// Asserts that the page passes axe, and reads on the narrowest phone without scrolling
/// sideways.
async fn readable(browser: &Browser, name: &str) -> anyhow::Result<()> {
    let c = &browser.client;
    let report = crate::accessibility::axe(browser, name).await?;
    crate::accessibility::assert_no_violations(&report);
    c.set_window_size(320, 640).await?;
    let sideways = c.execute(crate::accessibility::SIDEWAYS, vec![]).await?;
    assert_eq!(sideways, json!([false, false, []]));
    c.set_window_size(1280, 900).await?;
    Ok(())
}

/// The text of `selector` once it shows `text` with the page in English; the page is then
/// French again.
async fn in_english(browser: &Browser, selector: &str, text: &str) -> anyhow::Result<String> {
    browser.click(".lang-switch__button:last-child").await?;
    let said = browser.wait_text(selector, text).await?;
    browser.click(".lang-switch__button:first-child").await?;
    Ok(said)
}

/// The session survey's questions a sheet asks for a session of `format`: as in the kiosk, not
/// the format, which the facilitator chose, nor a question asked only in another format.
fn asked_in(survey: &bilan_core::Survey, format: &str) -> Vec<bilan_core::survey::Question> {
    let mut preset = bilan_core::answer::Answers::new();
    preset.insert(
        "format".into(),
        bilan_core::answer::Answer::Choice {
            id: format.into(),
            other: None,
        },
    );
    survey
        .questions()
        .filter(|q| q.id != "format")
        .filter(|q| q.show_if.as_ref().is_none_or(|c| c.eval(&preset)))
        .cloned()
        .collect()
}

/// Creates a session of `format` (the form's own when `None`) on the sessions page and opens
/// its questionnaire on paper; returns the format.
async fn paper_of_a_session(
    browser: &Browser,
    base: &str,
    title: &str,
    format: Option<&str>,
) -> anyhow::Result<String> {
    browser.client.goto(&format!("{base}/seances")).await?;
    browser.type_text("#session-title", title).await?;
    if let Some(format) = format {
        browser
            .client
            .execute(
                "const s = document.getElementById('session-format'); s.value = arguments[0]; \
                 s.dispatchEvent(new Event('change'));",
                vec![json!(format)],
            )
            .await?;
    }
    let chosen = browser
        .client
        .execute(
            "return document.getElementById('session-format').value",
            vec![],
        )
        .await?;
    browser.click(".session-form button[type=submit]").await?;
    browser
        .wait_text(".session-paper", "Version papier")
        .await?;
    browser.click(".session-paper").await?;
    browser.wait_text(".paper__session", title).await?;
    Ok(chosen.as_str().unwrap_or_default().to_owned())
}

/// Waits for `survey`'s sheet, under its title, in a tab named « Version papier ».
async fn sheet_of(browser: &Browser, survey: &bilan_core::Survey) -> anyhow::Result<()> {
    browser
        .wait_text(".paper__title", survey.title.get(Lang::Fr))
        .await?;
    browser
        .wait_js("document.title === 'Version papier — Bilan'")
        .await
}

/// How many elements `selector` matches on the page.
async fn count(browser: &Browser, selector: &str) -> anyhow::Result<usize> {
    let n = browser
        .client
        .execute(
            "return document.querySelectorAll(arguments[0]).length",
            vec![json!(selector)],
        )
        .await?;
    n.as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| anyhow::anyhow!("no count for {selector}: {n}"))
}

/// The sheet's questions, as their number and id.
async fn numbered(browser: &Browser) -> anyhow::Result<Vec<String>> {
    browser
        .texts(
            "return [...document.querySelectorAll('.paper__question')]
               .map(q => q.value + ' ' + q.dataset.question)",
        )
        .await
}

fn numbers_of<'q>(
    questions: impl IntoIterator<Item = &'q bilan_core::survey::Question>,
) -> Vec<String> {
    questions
        .into_iter()
        .enumerate()
        .map(|(n, q)| format!("{} {}", n + 1, q.id))
        .collect()
}

#[tokio::test]
async fn a_session_prints_its_questionnaire_with_the_questions_its_kiosk_asks() -> anyhow::Result<()>
{
    let survey = shipped("seance-collective.toml")?;
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    let format = paper_of_a_session(&browser, &server.url, "Atelier papier", None).await?;
    assert_ne!(format, "bilan-participatif");
    sheet_of(&browser, &survey).await?;
    // Where it belongs and what to do, before the first question.
    let session = browser
        .wait_text(".paper__session", "Atelier papier")
        .await?;
    assert!(session.contains("Atelier papier · "), "{session}");
    browser
        .wait_text(".paper__note", "N’écrivez pas votre nom")
        .await?;
    // A box for the facilitator to tick once the sheet is typed: typed twice, it would count
    // twice.
    browser
        .wait_text(".paper__typed", "Saisie dans Bilan")
        .await?;

    // The questions the kiosk asks in this format, in the survey's order, numbered from 1
    // across its sections: not the format, nor the annual review's questions.
    let questions = asked_in(&survey, &format);
    assert!(questions.len() < survey.questions().count() - 1);
    assert_eq!(numbered(&browser).await?, numbers_of(&questions));
    for q in &questions {
        let selector = format!(".paper__question[data-question='{}']", q.id);
        let label = browser
            .wait_text(&format!("{selector} .paper__label"), q.label.get(Lang::Fr))
            .await?;
        assert_eq!(label.trim().ends_with('*'), q.required, "{label}");
        // A box for each answer it offers, a line for each line of text.
        let boxes = count(&browser, &format!("{selector} .paper__box")).await?;
        let lines = count(&browser, &format!("{selector} .paper__line")).await?;
        let (want_boxes, want_lines) = match &q.kind {
            Kind::Scale {
                levels, dont_know, ..
            } => (levels.len() + usize::from(*dont_know), 0),
            Kind::Single { options, other } => (options.len() + usize::from(*other), 0),
            Kind::Text { long: true } => (0, 4),
            Kind::Text { long: false } => (0, 1),
            other => anyhow::bail!("question {} is a {other:?}: not in this survey", q.id),
        };
        assert_eq!(boxes, want_boxes, "question {}", q.id);
        assert_eq!(lines, want_lines, "question {}", q.id);
    }
    // What the format settled is not said: no question here says when it is asked.
    assert_eq!(count(&browser, ".paper__when").await?, 0);
    // The scale's levels with their words, as a participant reads them on the kiosk.
    let first_level = browser
        .wait_text(
            ".paper__question[data-question='utile-appropriation'] .paper__box",
            "",
        )
        .await?;
    let Some(Kind::Scale { min, levels, .. }) =
        survey.question("utile-appropriation").map(|q| &q.kind)
    else {
        anyhow::bail!("utile-appropriation is a scale");
    };
    assert_eq!(first_level, format!("{min} — {}", levels[0].get(Lang::Fr)));

    readable(&browser, "paper").await?;

    // Printed: the sheet alone, without the app's header or the page's buttons.
    c.execute("window.print = () => { window.__printed = true; };", vec![])
        .await?;
    browser.click(".paper-page__print").await?;
    browser.wait_js("window.__printed === true").await?;
    // On A4, the sheet alone: every question, none of the app's header or the page's buttons.
    let on_paper = printed(&browser).await?;
    let asked: Vec<&bilan_core::survey::Question> = questions.iter().collect();
    assert_on_paper(
        &on_paper,
        &asked,
        &[
            "Imprimerouenregistrer",
            "Retouràlaséance",
            "Évaluerensemble",
            "Versionpapier",
        ],
    );

    // In English, the same sheet in English words.
    in_english(&browser, ".paper__note", "Do not write your name").await?;

    // Back on the session.
    browser.click(".paper-page__tools a").await?;
    browser
        .wait_text(".session-paper", "Version papier")
        .await?;

    // The annual participatory review's sheet asks its own questions, still without the format
    // and without saying when: the format settles it.
    let review = paper_of_a_session(
        &browser,
        &server.url,
        "Bilan papier",
        Some("bilan-participatif"),
    )
    .await?;
    assert_eq!(review, "bilan-participatif");
    let questions = asked_in(&survey, &review);
    assert!(questions.iter().any(|q| q.id == "accord-indicateurs"));
    browser.wait_text(".paper__question", "").await?;
    assert_eq!(numbered(&browser).await?, numbers_of(&questions));
    assert_eq!(count(&browser, ".paper__when").await?, 0);
    browser.close().await?;
    Ok(())
}

#[tokio::test]
async fn a_holder_prints_their_survey_to_fill_in_with_a_pen_even_offline() -> anyhow::Result<()> {
    let survey = shipped("mesures-impact.toml")?;
    let questions: Vec<&bilan_core::survey::Question> = survey.questions().collect();
    let server = Server::start().await?;
    let browser = Browser::start().await?;
    let c = &browser.client;
    let profile = browser
        .start_first_survey(&server.url, "Camille", "La Recyclerie")
        .await?;
    c.goto(&format!("{}/parcours/{profile}/{}", server.url, survey.id))
        .await?;
    browser
        .wait_text(".page__title", survey.title.get(Lang::Fr))
        .await?;
    // An answer given before looking at the paper version is still there after it.
    let first = questions[0];
    browser
        .type_text(&format!("#q-{}", first.id), "12000")
        .await?;
    // A number is read once the field is left, as a person moving on does.
    c.execute(
        "document.getElementById(arguments[0]).dispatchEvent(new Event('change', { bubbles: true }))",
        vec![json!(format!("q-{}", first.id))],
    )
    .await?;
    browser
        .wait_draft(&format!(
            "d.survey_id === '{}' && JSON.stringify(d.answers).includes('{}')",
            survey.id, first.id
        ))
        .await?;
    // Answered with the accompagnateur: each scale's level gets their box too.
    browser.click("#survey-together").await?;
    browser
        .wait_js("document.querySelector('.survey__paper a').href.endsWith('&a-deux')")
        .await?;
    browser.click(".survey__paper a").await?;
    sheet_of(&browser, &survey).await?;
    // The holder's own sheet: dated by hand, theirs to keep, and no word of a session.
    browser.wait_text(".paper__session", "Date").await?;
    browser
        .wait_text(".paper__note", "Cette feuille est à vous")
        .await?;
    browser
        .wait_js(
            "[...document.querySelectorAll('.paper__note')]
               .some(n => n.textContent.startsWith('Deux cases par niveau'))",
        )
        .await?;
    let notes = browser
        .texts("return [...document.querySelectorAll('.paper__note')].map(n => n.textContent)")
        .await?;
    assert!(
        notes.iter().all(|n| !n.contains("N’écrivez pas votre nom")),
        "{notes:?}"
    );
    assert_eq!(
        count(&browser, ".paper__typed").await?,
        0,
        "a holder types nobody's sheet"
    );
    browser.wait_current_tab("/parcours").await?;

    // Every question in order, numbered, with a box for each answer it offers, a field and its
    // unit for a number, blanks for a date, lines for words.
    assert_eq!(
        numbered(&browser).await?,
        numbers_of(questions.iter().copied())
    );
    let mut numbers = 0;
    for q in &questions {
        let selector = format!(".paper__question[data-question='{}']", q.id);
        let counts = c
            .execute(
                "const q = document.querySelector(arguments[0]);
                 return ['.paper__box', '.paper__field', '.paper__line', '.paper__date']
                   .map(s => q.querySelectorAll(s).length)
                   .concat([q.querySelector('.paper__number')?.textContent ?? '']);",
                vec![json!(selector)],
            )
            .await?;
        let want = match &q.kind {
            Kind::Scale {
                levels, dont_know, ..
            } => json!([levels.len() + usize::from(*dont_know), 0, 0, 0, ""]),
            Kind::Single { options, other } | Kind::Multiple { options, other, .. } => {
                json!([options.len() + usize::from(*other), 0, 0, 0, ""])
            }
            Kind::YesNo => json!([2, 0, 0, 0, ""]),
            Kind::Integer { unit, .. } | Kind::Decimal { unit, .. } => {
                numbers += 1;
                json!([0, 1, 0, 0, format!(" {}", unit.symbol(Lang::Fr))])
            }
            Kind::Date { .. } => json!([0, 0, 0, 1, ""]),
            Kind::Text { long } => json!([0, 0, if *long { 4 } else { 1 }, 0, ""]),
        };
        assert_eq!(counts, want, "question {}", q.id);
        let two = c
            .execute(
                "return !!document.querySelector(arguments[0] + ' .paper__boxes--two')",
                vec![json!(selector)],
            )
            .await?;
        assert_eq!(two, json!(matches!(q.kind, Kind::Scale { .. })), "{}", q.id);
    }
    assert!(numbers > 0, "the impact measures ask for numbers");

    readable(&browser, "paper-holder").await?;

    // Printed: the sheet alone.
    let on_paper = printed(&browser).await?;
    assert_on_paper(
        &on_paper,
        &questions,
        &["Retourauquestionnaire", "Évaluerensemble", "Versionpapier"],
    );

    // In English, the holder's words in English.
    in_english(&browser, ".paper__note", "This sheet is yours").await?;

    // Back on the survey, the answer given before is still there.
    browser.click(".paper-page__tools a").await?;
    browser
        .wait_text(".page__title", survey.title.get(Lang::Fr))
        .await?;
    browser
        .wait_js(&format!(
            "document.getElementById('q-{}').value.replace(/\\s/g, '') === '12000'",
            first.id
        ))
        .await?;

    // When a question is asked, said in words with the question it depends on by its number:
    // French's non-breaking spaces inside the quotes kept (WebDriver's text has plain ones).
    let own = shipped("auto-evaluation.toml")?;
    let all: Vec<&bilan_core::survey::Question> = own.questions().collect();
    let asked_if = all
        .iter()
        .find(|q| q.show_if.is_some())
        .expect("the self-assessment asks a question only if another is answered");
    let Some(bilan_core::condition::Condition::Compare { question, .. }) = &asked_if.show_if else {
        anyhow::bail!("{} is asked on one answer", asked_if.id);
    };
    let n = all
        .iter()
        .position(|q| q.id == *question)
        .unwrap_or_default()
        + 1;
    c.goto(&format!(
        "{}/papier/{}?profil={profile}",
        server.url, own.id
    ))
    .await?;
    let selector = format!(
        ".paper__question[data-question='{}'] .paper__when",
        asked_if.id
    );
    browser.wait_text(&selector, "Seulement si").await?;
    let when = c
        .execute(
            "return document.querySelector(arguments[0]).textContent",
            vec![json!(selector)],
        )
        .await?;
    assert_eq!(
        when.as_str().unwrap_or_default(),
        format!("Seulement si «\u{a0}Oui\u{a0}» à la question {n}.")
    );
    let when = in_english(&browser, &selector, "Only if").await?;
    assert_eq!(when, format!("Only if “Yes” at question {n}."));

    // On a device with no network, once the app is kept for offline, the sheet still opens.
    browser.wait_offline_ready().await?;
    browser.set_offline(true).await?;
    c.goto(&format!(
        "{}/papier/{}?profil={profile}",
        server.url, survey.id
    ))
    .await?;
    browser
        .wait_text(".paper__title", survey.title.get(Lang::Fr))
        .await?;
    // What the page asked for before the app ran (its survey, its chunks, its words) was each
    // taken by the app.
    browser.wait_js("window.bilanEarly?.size === 0").await?;
    // Alone, one box a level.
    assert_eq!(count(&browser, ".paper__boxes--two").await?, 0);
    browser.set_offline(false).await?;
    browser.close().await?;
    Ok(())
}
