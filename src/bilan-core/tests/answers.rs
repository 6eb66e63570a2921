//! Answers against a survey: validation, hidden answers, progress and indicator scores.

#![cfg(feature = "toml")]

use bilan_core::Indicator;
use bilan_core::answer::{
    Answer, AnswerError, Answers, check, clean, progress, validate, validate_section,
};
use bilan_core::load::load;
use bilan_core::scoring::{normalise, scores};
use proptest::prelude::*;

const SURVEY: &str = r#"id = "essai"
version = 1
languages = ["fr"]
title = { fr = "Essai" }

[[section]]
id = "s"
title = { fr = "S" }

[[section.question]]
id = "demarre"
kind = "yes_no"
required = true
label = { fr = "Démarré ?" }
indicator = "appropriation"

[[section.question]]
id = "clients"
kind = "scale"
min = 1
max = 5
dont_know = true
required = true
show_if = "demarre = 'yes'"
indicator = "appropriation"
weight = 3
label = { fr = "Clients" }
levels = [{ fr = "1" }, { fr = "2" }, { fr = "3" }, { fr = "4" }, { fr = "5" }]

[[section.question]]
id = "confiance"
kind = "scale"
min = 0
max = 10
indicator = "developpement-personnel"
label = { fr = "Confiance" }
levels = [{ fr = "0" }, { fr = "1" }, { fr = "2" }, { fr = "3" }, { fr = "4" }, { fr = "5" }, { fr = "6" }, { fr = "7" }, { fr = "8" }, { fr = "9" }, { fr = "10" }]

[[section.question]]
id = "zone"
kind = "single"
indicator = "developpement-local"
label = { fr = "Zone" }
options = [{ id = "rural", fr = "Rural", score = 100 }, { id = "centre", fr = "Centre", score = 40 }]

[[section.question]]
id = "ca"
kind = "integer"
min = 0
max = 1000000
buckets = [0, 1, 10000]
label = { fr = "CA" }

[[section.question]]
id = "creation"
kind = "date"
precision = "month"
label = { fr = "Création" }

[[section.question]]
id = "canaux"
kind = "multiple"
max_choices = 2
other = true
label = { fr = "Canaux" }
options = [{ id = "web", fr = "Web" }, { id = "radio", fr = "Radio" }, { id = "presse", fr = "Presse" }]
"#;

fn survey() -> bilan_core::Survey {
    load("essai.toml", SURVEY).unwrap()
}

fn answers(pairs: &[(&str, Answer)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

#[test]
fn each_answer_is_checked_against_its_question() {
    let s = survey();
    let q = |id| s.question(id).unwrap();
    let cases = [
        (
            "clients",
            Answer::Level(6),
            Err(AnswerError::LevelOutOfRange { min: 1, max: 5 }),
        ),
        ("clients", Answer::DontKnow, Ok(())),
        (
            "confiance",
            Answer::DontKnow,
            Err(AnswerError::DontKnowNotOffered),
        ),
        (
            "zone",
            Answer::Choice {
                id: "lune".into(),
                other: None,
            },
            Err(AnswerError::UnknownOption("lune".into())),
        ),
        ("ca", Answer::Number(12.5), Err(AnswerError::NotWhole)),
        ("ca", Answer::Number(-1.0), Err(AnswerError::BelowMin(0.0))),
        ("ca", Answer::Number(2e6), Err(AnswerError::AboveMax(1e6))),
        ("ca", Answer::Number(f64::NAN), Err(AnswerError::NotANumber)),
        (
            "ca",
            Answer::Number(f64::INFINITY),
            Err(AnswerError::NotANumber),
        ),
        ("ca", Answer::Number(5000.0), Ok(())),
        ("creation", Answer::Date("2026-11".into()), Ok(())),
        (
            "creation",
            Answer::Date("2026-13".into()),
            Err(AnswerError::BadDate("YYYY-MM")),
        ),
        (
            "creation",
            Answer::Date("2026-11-02".into()),
            Err(AnswerError::BadDate("YYYY-MM")),
        ),
        (
            "canaux",
            Answer::Choices {
                ids: vec!["web".into(), "other".into()],
                other: Some("affiches".into()),
            },
            Ok(()),
        ),
        (
            "canaux",
            Answer::Choices {
                ids: vec!["web".into(), "radio".into(), "presse".into()],
                other: None,
            },
            Err(AnswerError::TooManyChoices(2)),
        ),
        (
            "demarre",
            Answer::Level(1),
            Err(AnswerError::WrongType { kind: "yes_no" }),
        ),
    ];
    for (id, answer, expected) in cases {
        assert_eq!(check(q(id), &answer), expected, "{id} = {answer:?}");
    }
}

#[test]
fn hidden_questions_are_neither_required_nor_kept() {
    let s = survey();
    let no = answers(&[
        ("demarre", Answer::YesNo(false)),
        ("clients", Answer::Level(5)),
    ]);
    assert_eq!(clean(&s, &no).keys().collect::<Vec<_>>(), ["demarre"]);
    assert_eq!(validate(&s, &no), vec![]);
    let yes = answers(&[("demarre", Answer::YesNo(true))]);
    assert_eq!(
        validate(&s, &yes),
        vec![("clients".to_string(), AnswerError::Required)]
    );
    assert_eq!(
        validate(&s, &Answers::new())[0],
        ("demarre".to_string(), AnswerError::Required)
    );
}

#[test]
fn progress_counts_only_visible_questions() {
    let s = survey();
    assert_eq!(progress(&s, &Answers::new()).visible, 6);
    let p = progress(&s, &answers(&[("demarre", Answer::YesNo(true))]));
    assert_eq!((p.answered, p.visible, p.percent()), (1, 7, 14));
}

#[test]
fn scores_are_weighted_means_and_absent_without_answers() {
    let s = survey();
    let a = answers(&[
        ("demarre", Answer::YesNo(true)), // 100, weight 1
        ("clients", Answer::Level(2)),    // 25, weight 3
        ("confiance", Answer::Level(7)),  // 70
        (
            "zone",
            Answer::Choice {
                id: "centre".into(),
                other: None,
            },
        ), // 40
    ]);
    let result = scores(&s, &a);
    let appropriation = result[&Indicator::Appropriation];
    assert_eq!(
        (appropriation.value, appropriation.answers),
        ((100.0 + 3.0 * 25.0) / 4.0, 2)
    );
    assert_eq!(result[&Indicator::DeveloppementPersonnel].value, 70.0);
    assert_eq!(result[&Indicator::DeveloppementLocal].value, 40.0);
    assert!(
        !result.contains_key(&Indicator::Professionnalisation),
        "no answers means no score, not zero"
    );

    // "I don't know" does not count: the indicator rests on the other answer only.
    let dont_know = answers(&[
        ("demarre", Answer::YesNo(true)),
        ("clients", Answer::DontKnow),
    ]);
    let score = scores(&s, &dont_know)[&Indicator::Appropriation];
    assert_eq!((score.value, score.answers), (100.0, 1));
}

fn any_answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        (-20i64..20).prop_map(Answer::Level),
        Just(Answer::DontKnow),
        any::<bool>().prop_map(Answer::YesNo),
        prop::sample::select(vec!["rural", "centre", "lune"]).prop_map(|id| Answer::Choice {
            id: id.into(),
            other: None
        }),
        (-1e7f64..1e7).prop_map(Answer::Number),
        ".*".prop_map(Answer::Text),
    ]
}

fn any_answers() -> impl Strategy<Value = Answers> {
    let ids = vec![
        "demarre",
        "clients",
        "confiance",
        "zone",
        "ca",
        "creation",
        "canaux",
        "inconnu",
    ];
    prop::collection::btree_map(
        prop::sample::select(ids).prop_map(String::from),
        any_answer(),
        0..8,
    )
    .prop_map(|answers| answers.into_iter().collect())
}

proptest! {
    #[test]
    fn every_normalised_value_and_score_lies_in_0_to_100(a in any_answers()) {
        let s = survey();
        for question in s.questions() {
            if let Some(answer) = a.get(&question.id)
                && let Some(value) = normalise(question, answer)
            {
                prop_assert!((0.0..=100.0).contains(&value), "{} -> {value}", question.id);
            }
        }
        for (indicator, score) in scores(&s, &a) {
            prop_assert!((0.0..=100.0).contains(&score.value), "{indicator}: {}", score.value);
            prop_assert!(score.answers >= 1);
        }
    }

    #[test]
    fn hidden_answers_never_count(a in any_answers(), level in 1i64..=5) {
        let s = survey();
        let mut hidden = a.clone();
        hidden.insert("demarre".into(), Answer::YesNo(false));
        let mut with_clients = hidden.clone();
        with_clients.insert("clients".into(), Answer::Level(level));
        // "clients" is hidden when the activity has not started: its answer changes nothing.
        prop_assert_eq!(scores(&s, &hidden), scores(&s, &with_clients));
        prop_assert_eq!(validate(&s, &hidden), validate(&s, &with_clients));
        prop_assert_eq!(progress(&s, &hidden), progress(&s, &with_clients));
    }
}

#[test]
fn a_section_is_checked_after_hidden_answers_are_dropped() {
    let s = load(
        "chaine.toml",
        r#"id = "chaine"
version = 1
languages = ["fr"]
title = { fr = "Chaîne" }

[[section]]
id = "s"
title = { fr = "S" }

[[section.question]]
id = "a"
kind = "yes_no"
required = true
label = { fr = "A ?" }

[[section.question]]
id = "b"
kind = "single"
show_if = "a = 'yes'"
label = { fr = "B" }
options = [{ id = "x", fr = "X" }, { id = "y", fr = "Y" }]

[[section.question]]
id = "c"
kind = "yes_no"
required = true
show_if = "b = 'x'"
label = { fr = "C ?" }
"#,
    )
    .unwrap();
    let choice = Answer::Choice {
        id: "x".into(),
        other: None,
    };
    // "b" was answered, then hidden by a = no: its stale answer must not make "c" required.
    let stale = answers(&[("a", Answer::YesNo(false)), ("b", choice.clone())]);
    assert_eq!(validate_section(&s, 0, &stale), []);
    assert_eq!(validate(&s, &stale), []);
    let shown = answers(&[("a", Answer::YesNo(true)), ("b", choice)]);
    assert_eq!(
        validate_section(&s, 0, &shown),
        [("c".to_owned(), AnswerError::Required)]
    );
    assert_eq!(validate_section(&s, 7, &shown), [], "no such section");
}
