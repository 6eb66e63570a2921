//! Random and mutated input never makes the survey parser, the condition language, the XLSForm
//! converter, the contribution reader and checker, the backup reader or the session-file reader
//! panic, and every refusal carries a message.

#![cfg(feature = "toml")]

use bilan_core::condition::Condition;
use bilan_core::load::load;
use bilan_core::xlsform::convert;
use proptest::prelude::*;

const VALID: &str = include_str!("../../../surveys/mesures-impact.toml");

/// A contribution the server accepts, to mutate.
const CONTRIBUTION: &str = r#"{"id":"0123456789abcdef","survey":"seance-collective","version":1,"period":"2026","dimension":"college:benevoles","cells":[{"question":"college","bucket":"benevoles"},{"question":"utile-appropriation","bucket":"4"},{"question":"score:utilite-sociale","bucket":"40-60"}]}"#;

fn mutate(valid: &str, at: usize, cut: usize, insert: &str) -> String {
    let mut at = at.min(valid.len());
    while !valid.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + cut).min(valid.len());
    while !valid.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{}{}", &valid[..at], insert, &valid[end..])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_loads_or_is_refused_with_located_messages(src in "\\PC{0,400}") {
        if let Err(errors) = load("random.toml", &src) {
            prop_assert!(!errors.is_empty());
            for e in errors {
                prop_assert!(!e.message.is_empty() && e.line >= 1 && e.column >= 1);
            }
        }
    }

    #[test]
    fn a_mutated_survey_loads_or_is_refused(at in 0usize..VALID.len(), cut in 0usize..40, insert in "\\PC{0,12}") {
        let mut at = at;
        while !VALID.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + cut).min(VALID.len());
        while !VALID.is_char_boundary(end) {
            end -= 1;
        }
        let src = format!("{}{}{}", &VALID[..at], insert, &VALID[end..]);
        if let Err(errors) = load("mutated.toml", &src) {
            let lines = src.lines().count().max(1);
            for e in errors {
                prop_assert!(!e.message.is_empty());
                prop_assert!(e.line <= lines + 1, "line {} of {lines}", e.line);
            }
        }
    }

    #[test]
    fn escaped_show_if_strings_never_cut_a_character(prefix in "[a-zé\\\\u00e9 ]{0,12}") {
        let src = VALID.replace(
            "show_if = \"emplois-crees > 0\"",
            &format!("show_if = \"{}\\u00e9 é\"", prefix.replace('\\', "\\\\")),
        );
        prop_assert!(load("escaped.toml", &src).is_err());
    }

    #[test]
    fn any_expression_parses_or_says_why(src in "\\PC{0,60}") {
        if let Err(err) = Condition::parse(&src) {
            prop_assert!(!err.message.is_empty());
            prop_assert!(err.offset <= src.len());
        }
    }

    #[test]
    fn any_sheet_converts_or_says_why(
        rows in prop::collection::vec(prop::collection::vec("\\PC{0,16}", 0..6), 0..8),
        types in prop::collection::vec(prop::sample::select(vec![
            "integer", "decimal", "text", "date", "select_one l", "select_multiple l", "begin_group",
            "end_group", "begin_repeat", "end_repeat", "note", "geopoint", "range", "",
        ]), 0..8),
    ) {
        let mut survey = vec![vec!["type".to_string(), "name".into(), "label".into(), "relevant".into(), "constraint".into()]];
        for (i, t) in types.iter().enumerate() {
            let mut row = vec![t.to_string(), format!("q{i}")];
            row.extend(rows.get(i).cloned().unwrap_or_default());
            survey.push(row);
        }
        let choices = vec![vec!["list_name".into(), "name".into(), "label".into()], vec!["l".into(), "a".into(), "A".into()]];
        match convert(&survey, &choices, &Vec::new(), "form") {
            Ok(conversion) => prop_assert!(load("converted.toml", &conversion.toml).is_ok()),
            Err(err) => prop_assert!(!err.to_string().is_empty()),
        }
    }

    #[test]
    fn any_contribution_body_is_read_and_checked_or_refused_with_a_message(
        at in 0usize..400, cut in 0usize..30, insert in "\\PC{0,16}",
    ) {
        let survey = load(
            "seance-collective.toml",
            include_str!("../../../surveys/seance-collective.toml"),
        ).unwrap();
        let body = mutate(CONTRIBUTION, at, cut, &insert);
        match serde_json::from_str::<bilan_core::share::Contribution>(&body) {
            Ok(c) => {
                if let Err(e) = bilan_core::share::check(&survey, &c, bilan_core::calendar::Date { year: 2026, month: 12, day: 1 }) {
                    prop_assert!(!e.to_string().is_empty());
                }
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn any_backup_file_is_read_or_refused_with_a_message(at in 0usize..600, cut in 0usize..40, insert in "\\PC{0,16}") {
        let valid = serde_json::to_string(&bilan_core::backup::Backup::new(1, vec![], vec![], vec![])).unwrap();
        let text = mutate(&valid, at, cut, &insert);
        if let Err(e) = bilan_core::backup::Backup::parse(&text) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn any_session_file_is_read_or_refused_with_a_message(at in 0usize..700, cut in 0usize..40, insert in "\\PC{0,16}") {
        let text = mutate(SESSION_FILE, at, cut, &insert);
        match bilan_core::session::parse_file(&text) {
            Ok(session) => prop_assert!(session.check().is_ok()),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn any_session_aggregate_is_checked_or_refused_with_a_message(
        at in 0usize..400, cut in 0usize..30, insert in "\\PC{0,16}",
    ) {
        let survey = load(
            "seance-collective.toml",
            include_str!("../../../surveys/seance-collective.toml"),
        ).unwrap();
        let body = mutate(SESSION_TOTAL, at, cut, &insert);
        match serde_json::from_str::<bilan_core::share::Contribution>(&body) {
            Ok(c) => {
                if let Err(e) = bilan_core::share::check(&survey, &c, bilan_core::calendar::Date { year: 2026, month: 12, day: 1 }) {
                    prop_assert!(!e.to_string().is_empty());
                }
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}

/// A session file as the app writes it, to mutate (the fuzz target's seed).
const SESSION_FILE: &str = include_str!("../../../fuzz/corpus/session_file/small.json");

/// A closed session's totals, to mutate (the fuzz target's seed).
const SESSION_TOTAL: &str = r#"{"id":"session-total-0001","survey":"seance-collective","version":1,"period":"2026-Q4","dimension":"session:ABC234","participants":5,"cells":[{"question":"college","bucket":"benevoles","count":3},{"question":"college","bucket":"salaries","count":2},{"question":"accord-priorites","bucket":"4","count":1}]}"#;
