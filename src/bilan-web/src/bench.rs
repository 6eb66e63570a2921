//! Measurements the page runs on itself for `cargo xtask bench`, in the real browser; each
//! returns its timings in milliseconds as a JSON array.

use bilan_core::Indicator;
use bilan_core::answer::Answer;
use bilan_core::backup::Backup;
use bilan_core::reading::{Draft, Profile, Reading};
use bilan_core::scoring::Score;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::charts::{Figure, StarSeries, draw};
use crate::storage::{SCHEMA_VERSION, Storage};

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}

async fn scratch(name: &str) -> Result<Storage, String> {
    Storage::delete(name).await.map_err(|e| e.to_string())?;
    Storage::open(name, SCHEMA_VERSION)
        .await
        .map_err(|e| e.to_string())
}

/// Saves a draft `n` times, one more answer each time, as the survey runner does; the time of each save.
#[wasm_bindgen(js_name = benchAutosave)]
pub async fn bench_autosave(n: u32) -> Result<String, String> {
    let storage = scratch("bilan-bench-autosave").await?;
    let mut draft = Draft {
        id: "bench".into(),
        profile_id: "bench".into(),
        survey_id: "auto-evaluation".into(),
        survey_version: 1,
        answers: Default::default(),
        section: 0,
        updated_at: 0,
        companion: Default::default(),
    };
    let mut times = Vec::with_capacity(n as usize);
    for i in 0..n {
        draft
            .answers
            .insert(format!("q{}", i % 40), Answer::Level(i64::from(i % 5) + 1));
        draft.updated_at = i64::from(i);
        let started = now();
        storage
            .save_draft(&draft)
            .await
            .map_err(|e| e.to_string())?;
        times.push(now() - started);
    }
    storage.close();
    Ok(serde_json::to_string(&times).unwrap_or_default())
}

/// Imports a backup of `readings` readings into an empty database; the time it took.
#[wasm_bindgen(js_name = benchImport)]
pub async fn bench_import(readings: u32) -> Result<String, String> {
    let storage = scratch("bilan-bench-import").await?;
    let profile = Profile {
        id: "p".into(),
        pseudonym: "x".into(),
        project: "y".into(),
        created_at: 1,
        updated_at: 1,
        plan: Default::default(),
    };
    let readings = (0..readings).map(|i| reading(i64::from(i))).collect();
    let backup = Backup::new(1, vec![profile], Vec::new(), readings);
    let started = now();
    storage
        .import_backup(backup)
        .await
        .map_err(|e| e.to_string())?;
    let took = now() - started;
    storage.close();
    Ok(serde_json::to_string(&[took]).unwrap_or_default())
}

fn reading(k: i64) -> Reading {
    Reading {
        id: format!("r{k}"),
        profile_id: "p".into(),
        survey_id: "auto-evaluation".into(),
        survey_version: 1,
        answers: (0..20)
            .map(|q| (format!("q{q}"), Answer::Level((k + q) % 5 + 1)))
            .collect(),
        scores: Indicator::ALL
            .iter()
            .map(|&i| {
                (
                    i,
                    Score {
                        value: ((k * 7) % 100) as f64,
                        answers: 4,
                    },
                )
            })
            .collect(),
        submitted_at: 1_700_000_000_000 + k * 86_400_000 * 7,
        companion: Default::default(),
        companion_scores: Default::default(),
    }
}

/// Draws the star (two readings), the 7-line progress chart over 50 readings and a 10,000-point
/// line chart on a 600-pixel-wide canvas; the time of each drawing.
#[wasm_bindgen(js_name = benchCharts)]
pub fn bench_charts() -> Result<String, String> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(|_| "no canvas")?
        .unchecked_into();
    // Set through the style object: the page's policy refuses a `style` attribute's text.
    let _ = canvas.style().set_property("width", "600px");
    let _ = canvas.style().set_property("display", "block");
    document
        .body()
        .ok_or("no body")?
        .append_child(&canvas)
        .map_err(|_| "cannot attach")?;
    let readings: Vec<Reading> = (0..50).map(reading).collect();
    let star = Figure::Star(vec![
        StarSeries::of("first".into(), &readings[0].scores),
        StarSeries::of("latest".into(), &readings[49].scores),
    ]);
    let lines = Figure::Lines(bilan_core::reading::progress(&readings));
    let big = Figure::Lines(vec![(
        Indicator::Appropriation,
        (0..10_000)
            .map(|i| (1_700_000_000_000 + i * 3_600_000, ((i * 37) % 100) as f64))
            .collect(),
    )]);
    let mut times = Vec::new();
    for figure in [&star, &lines, &big] {
        let started = now();
        draw(&canvas, figure, bilan_core::Lang::Fr).map_err(|e| e.to_string())?;
        times.push(now() - started);
    }
    canvas.remove();
    Ok(serde_json::to_string(&times).unwrap_or_default())
}

/// The projector's redraw with `participants` participants of a collective session: the released
/// table, each college's, the consensus and every chart drawn on a 900-pixel-wide canvas. One
/// participant more each round, as answers come in; the time of each redraw (without drawing the
/// charts when `charts` is false, to see what the tables cost).
#[wasm_bindgen(js_name = benchLive)]
pub async fn bench_live(participants: u32, rounds: u32, charts: bool) -> Result<String, String> {
    use bilan_core::disclosure::Threshold;
    use bilan_core::session::{Format, Session, consensus};
    use wasm_bindgen::JsCast;
    let survey = crate::surveys::load_survey("seance-collective").await?;
    let mut session = Session::new(
        "bench".into(),
        "ABC234XYZ".into(),
        "Bench",
        "2026-11-27",
        Format::BilanParticipatif,
        &survey,
        bilan_core::disclosure::NoiseKey::new([7; 16]),
        0,
    )
    .map_err(|e| e.to_string())?;
    let colleges: Vec<String> = survey
        .question("college")
        .map(|q| q.kind.options().iter().map(|o| o.id.clone()).collect())
        .unwrap_or_default();
    let participant = |n: u32| {
        let mut answers =
            bilan_core::session::preset(&survey, bilan_core::session::Format::BilanParticipatif);
        answers.insert(
            "college".into(),
            Answer::Choice {
                id: colleges[n as usize % colleges.len()].clone(),
                other: None,
            },
        );
        for (k, q) in survey
            .questions()
            .filter(|q| q.shareable && q.id != "college" && q.id != "format")
            .enumerate()
        {
            answers.insert(
                q.id.clone(),
                Answer::Level(i64::from((n + k as u32 * 3) % 5) + 1),
            );
        }
        let draft = Draft {
            id: String::new(),
            profile_id: "bench".into(),
            survey_id: survey.id.clone(),
            survey_version: survey.version,
            answers,
            section: 0,
            updated_at: 0,
            companion: Default::default(),
        };
        Reading::submit(&survey, &draft, format!("r{n}"), 1_795_737_600_000)
    };
    for n in 0..participants {
        let reading = participant(n).map_err(|e| format!("{e:?}"))?;
        session.add(reading, 0).map_err(|e| e.to_string())?;
    }
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    // One canvas per chart, kept from one redraw to the next, as on the results screen.
    let body = document.body().ok_or("no body")?;
    let mut canvases: Vec<web_sys::HtmlCanvasElement> = Vec::new();
    for _ in 0..12 {
        let canvas: web_sys::HtmlCanvasElement = document
            .create_element("canvas")
            .map_err(|_| "no canvas")?
            .unchecked_into();
        // Set through the style object: the page's policy refuses a `style` attribute's text.
        let _ = canvas.style().set_property("width", "600px");
        let _ = canvas.style().set_property("display", "block");
        body.append_child(&canvas).map_err(|_| "cannot attach")?;
        canvases.push(canvas);
    }
    let k = Threshold::default();
    let lang = bilan_core::Lang::Fr;
    let mut times = Vec::with_capacity(rounds as usize);
    for round in 0..rounds {
        let reading = participant(participants + round).map_err(|e| format!("{e:?}"))?;
        session.add(reading, 0).map_err(|e| e.to_string())?;
        let started = now();
        let shown = session.shown(&survey, k);
        let (release, per_college) = (shown.all, shown.colleges);
        let spreads = consensus(&survey, &per_college);
        let questions = release
            .questions
            .iter()
            .filter_map(|q| crate::components::results::question_bars(&survey, q, lang, k.get()));
        for ((_, bars), canvas) in questions.zip(&canvases) {
            if charts {
                draw(canvas, &Figure::Bars(bars), lang).map_err(|e| e.to_string())?;
            }
        }
        let means = crate::charts::Bars {
            categories: spreads.iter().map(|s| s.question.clone()).collect(),
            series: per_college
                .iter()
                .enumerate()
                .map(|(i, (c, _))| (c.clone(), spreads.iter().map(|s| s.means[i].1).collect()))
                .collect(),
            max: Some(5.0),
            decimals: 1,
            hidden: "masqué".into(),
        };
        if charts {
            draw(&canvases[11], &Figure::Bars(means), lang).map_err(|e| e.to_string())?;
        }
        times.push(now() - started);
    }
    for canvas in canvases {
        canvas.remove();
    }
    Ok(serde_json::to_string(&times).unwrap_or_default())
}
