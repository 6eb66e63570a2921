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
    let _ = canvas.set_attribute("style", "width: 600px; display: block");
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
        draw(&canvas, figure, bilan_core::Lang::Fr)?;
        times.push(now() - started);
    }
    canvas.remove();
    Ok(serde_json::to_string(&times).unwrap_or_default())
}
