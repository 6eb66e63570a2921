//! The body of `POST /api/v1/contributions`: read as the server reads it (strict JSON), then
//! checked against a shipped survey; anything is accepted or refused with a message, never a panic.
#![no_main]

use std::sync::OnceLock;

use bilan_core::Survey;
use bilan_core::share::{Checker, Contribution};
use libfuzzer_sys::fuzz_target;

/// The request body, exactly as the server declares it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Batch {
    contributions: Vec<Contribution>,
}

fn survey() -> &'static Survey {
    static SURVEY: OnceLock<Survey> = OnceLock::new();
    SURVEY.get_or_init(|| {
        bilan_core::load::load(
            "seance-collective.toml",
            include_str!("../../surveys/seance-collective.toml"),
        )
        .expect("the shipped survey loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(batch) = serde_json::from_slice::<Batch>(data) else {
        return;
    };
    // The server checks on today's date; a fixed one keeps runs reproducible.
    let today = bilan_core::calendar::Date {
        year: 2026,
        month: 12,
        day: 1,
    };
    let checker = Checker::new(survey(), today);
    for c in &batch.contributions {
        if let Err(e) = checker.check(c) {
            assert!(!e.to_string().is_empty());
        }
    }
});
