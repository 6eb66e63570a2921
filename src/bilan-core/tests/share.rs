//! What leaves the device: contributions carry buckets only, the server's check accepts exactly
//! what a device computes, and published releases never isolate one person.

#![cfg(feature = "toml")]

use bilan_core::Survey;
use bilan_core::answer::{Answer, Answers, OTHER};
use bilan_core::calendar::Date;
use bilan_core::load::load;
use bilan_core::reading::Reading;
use bilan_core::scoring::scores;
use bilan_core::share::{
    Cell, Contribution, ContributionError, Granularity, Period, aggregate, check, contribution,
    contribution_id,
};
use bilan_core::survey::Kind;
use proptest::prelude::*;

fn survey(id: &str) -> Survey {
    let path = format!("{}/../../surveys/{id}.toml", env!("CARGO_MANIFEST_DIR"));
    load(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
}

const MARKER: &str = "ZQXMARK";

/// An answer of the right kind for each question, from `seed`; every text holds the marker.
fn answers(survey: &Survey, seeds: &[u64]) -> Answers {
    survey
        .questions()
        .zip(seeds.iter().cycle())
        .map(|(q, &seed)| {
            let text = |what: &str| Some(format!("{MARKER}-{what}-{seed}"));
            let answer = match &q.kind {
                Kind::Scale {
                    min,
                    max,
                    dont_know,
                    ..
                } => {
                    if *dont_know && seed % 7 == 0 {
                        Answer::DontKnow
                    } else {
                        Answer::Level(min + (seed as i64).rem_euclid(max - min + 1))
                    }
                }
                Kind::Single { options, other } => {
                    let pick = seed as usize % (options.len() + 1);
                    match options.get(pick) {
                        Some(o) => Answer::Choice {
                            id: o.id.clone(),
                            other: None,
                        },
                        None if *other => Answer::Choice {
                            id: OTHER.into(),
                            other: text("other"),
                        },
                        None => Answer::Choice {
                            id: options[0].id.clone(),
                            other: None,
                        },
                    }
                }
                Kind::Multiple { options, other, .. } => Answer::Choices {
                    ids: options
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| seed >> i & 1 == 1)
                        .map(|(_, o)| o.id.clone())
                        .chain(other.then(|| OTHER.to_owned()))
                        .collect(),
                    other: text("others"),
                },
                Kind::YesNo => Answer::YesNo(seed % 2 == 0),
                // Seven digits ending in 7: no bucket bound of a survey looks like that, so finding
                // one in what is sent can only mean the raw number leaked.
                Kind::Integer { .. } => Answer::Number((1_000_007 + (seed % 800_000) * 10) as f64),
                Kind::Decimal { .. } => Answer::Number((seed % 90_000) as f64 + 0.123_457),
                Kind::Date { .. } => {
                    Answer::Date(format!("2026-0{}-2{}", seed % 9 + 1, seed % 8 + 1))
                }
                Kind::Text { .. } => Answer::Text(text("text").unwrap()),
            };
            (q.id.clone(), answer)
        })
        .collect()
}

fn reading(survey: &Survey, seeds: &[u64], at: i64, id: &str) -> Reading {
    let answers = answers(survey, seeds);
    Reading {
        id: format!("{MARKER}-{id}"),
        profile_id: format!("{MARKER}-profile"),
        survey_id: survey.id.clone(),
        survey_version: survey.version,
        scores: scores(survey, &answers),
        answers,
        submitted_at: at,
        companion: Default::default(),
        companion_scores: Default::default(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// No text, identifier, exact date or raw number in what is sent; and the server accepts it.
    #[test]
    fn a_contribution_carries_buckets_only(
        seeds in prop::collection::vec(any::<u64>(), 1..40),
        at in 1_700_000_000_000i64..1_900_000_000_000,
        earlier in 1i64..100_000_000_000,
        which in 0usize..4,
    ) {
        let id = ["auto-evaluation", "mesures-impact", "seance-collective", "bilan-annuel"][which];
        let s = survey(id);
        let now = reading(&s, &seeds, at, "now");
        let first = reading(&s, &seeds.iter().map(|x| x.rotate_left(7)).collect::<Vec<_>>(), at - earlier, "first");
        let c = contribution(&s, &now, Some(&first), Period::of(at, Granularity::Quarter), None, contribution_id([0xc4; 16]));
        let sent = serde_json::to_string(&c).unwrap();
        prop_assert!(!sent.contains(MARKER), "{}", sent);
        prop_assert!(!sent.contains(&at.to_string()));
        for (question, answer) in &now.answers {
            match answer {
                Answer::Number(x) => prop_assert!(!sent.contains(&x.to_string()), "{question}: {x} in {sent}"),
                Answer::Date(d) => prop_assert!(!sent.contains(d.as_str()), "{question}: {d} in {sent}"),
                _ => {}
            }
        }
        // A survey with nothing shareable (the yearly figures) gives nothing to send, and the
        // server refuses an empty contribution: it would pad a table without an answer.
        let want = if c.cells.is_empty() { Err(ContributionError::NoCells) } else { Ok(()) };
        prop_assert_eq!(check(&s, &c, Date::from_millis(at)), want);
        let back: Contribution = serde_json::from_str(&sent).unwrap();
        prop_assert_eq!(back, c);
    }
}

#[test]
fn the_server_check_names_what_is_wrong() {
    let s = survey("seance-collective");
    let today = Date {
        year: 2026,
        month: 12,
        day: 1,
    };
    let good = Contribution {
        id: contribution_id([0xa1; 16]),
        survey: s.id.clone(),
        version: s.version,
        period: Period::Year(2026),
        session: Some("ABC234XYZ".into()),
        participants: 1,
        cells: vec![Cell::parse("college", "benevoles").unwrap()],
    };
    assert_eq!(check(&s, &good, today), Ok(()));
    assert_eq!(good.college(), Some("benevoles"));
    let with = |f: &dyn Fn(&mut Contribution)| {
        let mut c = good.clone();
        f(&mut c);
        check(&s, &c, today).unwrap_err().to_string()
    };
    let cell = |q: &str, b: &str| Cell::parse(q, b).unwrap();
    let cases: Vec<(String, &str)> = vec![
        (
            with(&|c| c.id = "JeanDupont-0612345678".into()),
            r#"contribution id "JeanDupont-0612345678" is not 32 lowercase hex digits (128 random bits)"#,
        ),
        (
            with(&|c| c.cells.clear()),
            "a contribution must count at least one answer: this one has no cells",
        ),
        (
            with(&|c| c.period = Period::Year(2024)),
            "period 2024 is not taken on 2026-12-01: only the current period and the one before are",
        ),
        (
            with(&|c| c.period = Period::Year(2100)),
            "period 2100 is not taken on 2026-12-01: only the current period and the one before are",
        ),
        (
            with(&|c| c.session = Some("ABC234".into())),
            r#"session "ABC234" is not a session code: nine letters and digits, without 0, O, 1, I or L"#,
        ),
        (
            with(&|c| c.survey = "autre".into()),
            r#"unknown survey "autre""#,
        ),
        (
            with(&|c| c.version = 99),
            r#"survey "seance-collective" is at version 1 on this server, not 99"#,
        ),
        (
            with(&|c| c.cells.push(cell("nom", "x"))),
            r#"question "nom" is not a shareable question of this survey"#,
        ),
        (
            with(&|c| c.cells.push(cell("score:utilite-sociale", "0-25"))),
            r#"question "score:utilite-sociale" has no bucket "0-25""#,
        ),
        (
            with(&|c| c.cells[0].bucket = "maires".parse().unwrap()),
            r#"question "college" has no bucket "maires""#,
        ),
        (
            with(&|c| c.cells.push(cell("college", "benevoles"))),
            r#"question "college" is counted twice for the same bucket"#,
        ),
        (
            with(&|c| c.cells.push(cell("college", "salaries"))),
            r#"question "college" takes one answer, this contribution has several"#,
        ),
        (
            with(&|c| c.cells = vec![cell("college", "benevoles"); 1001]),
            "too many cells: 1001 (at most 1000)",
        ),
        (
            with(&|c| c.participants = 0),
            "0 participants: a contribution adds up 1 to 10000",
        ),
        (
            with(&|c| c.cells[0].count = 2),
            r#"question "college", bucket "benevoles": count 2 is not 1 to the 1 participants"#,
        ),
        (
            with(&|c| {
                c.participants = 4;
                c.cells[0].count = 3;
                c.cells.push(Cell {
                    count: 2,
                    ..cell("college", "salaries")
                });
            }),
            r#"question "college" takes one answer: its counts add up to 5, more than the 4 participants"#,
        ),
        (
            with(&|c| {
                c.participants = 4;
                c.cells[0].count = 3;
                c.cells.push(cell("college", "salaries"));
            }),
            "a group of 4 participants must all give the same college, or none",
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
    // Strict JSON: an unknown field is refused by name.
    let json = r#"{"id":"a1b2c3d4e5","survey":"s","version":1,"period":"2026","cells":[],"name":"Camille"}"#;
    let err = serde_json::from_str::<Contribution>(json)
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `name`"), "{err}");
    // The old device-side breakdown is gone: the server counts each contribution in its tables.
    let json = r#"{"id":"a1b2c3d4e5","survey":"s","version":1,"period":"2026","cells":[],"dimension":"college:x"}"#;
    let err = serde_json::from_str::<Contribution>(json)
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `dimension`"), "{err}");
}

#[test]
fn a_session_aggregate_adds_up_its_participants_and_passes_the_check() {
    let s = survey("seance-collective");
    let part = |college: &str, level: &str| Contribution {
        id: contribution_id([1; 16]),
        survey: s.id.clone(),
        version: s.version,
        period: Period::Year(2026),
        session: None,
        participants: 1,
        cells: vec![
            Cell::parse("college", college).unwrap(),
            Cell::parse("utile-appropriation", level).unwrap(),
        ],
    };
    let parts = [
        part("benevoles", "4"),
        part("benevoles", "5"),
        part("salaries", "4"),
    ];
    let total = aggregate(
        &parts,
        Period::Quarter(2026, 4),
        Some("ABC234XYZ".into()),
        contribution_id([2; 16]),
    )
    .unwrap();
    assert_eq!(total.participants, 3);
    assert_eq!(total.college(), None, "two colleges in one group");
    assert_eq!(total.period.to_string(), "2026-Q4");
    let counts: Vec<String> = total
        .cells
        .iter()
        .map(|c| format!("{} {} {}", c.question, c.bucket, c.count))
        .collect();
    assert_eq!(
        counts,
        [
            "college benevoles 2",
            "college salaries 1",
            "utile-appropriation 4 2",
            "utile-appropriation 5 1",
        ]
    );
    let today = Date {
        year: 2026,
        month: 12,
        day: 1,
    };
    assert_eq!(
        check(&s, &total, today).unwrap_err().to_string(),
        "a group of 3 participants must all give the same college, or none"
    );
    let benevoles = aggregate(
        &parts[..2],
        Period::Quarter(2026, 4),
        Some("ABC234XYZ".into()),
        contribution_id([3; 16]),
    )
    .unwrap();
    assert_eq!(benevoles.college(), Some("benevoles"));
    assert_eq!(check(&s, &benevoles, today), Ok(()));
    // On the wire a single reading's contribution looks as before: no count, no participants.
    let json = serde_json::to_string(&parts[0]).unwrap();
    assert!(
        !json.contains("count") && !json.contains("participants"),
        "{json}"
    );
    assert!(aggregate(&[], Period::Year(2026), None, "x".into()).is_none());
}

#[test]
fn a_cell_outside_the_wire_vocabulary_is_refused_by_name_when_read() {
    let read = |question: &str, bucket: &str| {
        let body = format!(
            r#"{{"id":"{}","survey":"s","version":1,"period":"2026","cells":[{{"question":"{question}","bucket":"{bucket}"}}]}}"#,
            "ab".repeat(16)
        );
        serde_json::from_str::<Contribution>(&body).map_err(|e| e.to_string())
    };
    assert!(read("score:utilite-sociale", "0-20").is_ok());
    let unknown = read("score:bonheur", "0-20").unwrap_err();
    assert!(
        unknown.contains(
            r#""score:bonheur" is not a question id, score:INDICATOR, progress:INDICATOR or start:INDICATOR"#
        ),
        "{unknown}"
    );
    let spaced = read("college", "Bénévoles").unwrap_err();
    assert!(
        spaced.contains(r#""Bénévoles" is not a bucket"#),
        "{spaced}"
    );
}

/// A later reading says where the person started on each indicator it moved on: the first
/// reading's score band, as a count like any other, so that the board can draw the cohort's star.
#[test]
fn a_later_reading_carries_its_starting_band_once_per_indicator() {
    use bilan_core::bucket::{Bucket, CellKey, ScoreBand};
    let s = survey("auto-evaluation");
    let first = reading(&s, &[1, 2, 3], 1_780_000_000_000, "first");
    let later = reading(&s, &[4, 4, 4], 1_790_000_000_000, "later");
    let c = contribution(
        &s,
        &later,
        Some(&first),
        Period::of(later.submitted_at, Granularity::Year),
        None,
        contribution_id([7; 16]),
    );
    let starts: Vec<&bilan_core::share::Cell> = c
        .cells
        .iter()
        .filter(|cell| matches!(cell.question, CellKey::Start(_)))
        .collect();
    let progress = c
        .cells
        .iter()
        .filter(|cell| matches!(cell.question, CellKey::Progress(_)))
        .count();
    assert!(!starts.is_empty());
    assert_eq!(
        starts.len(),
        progress,
        "one start for each indicator that moved"
    );
    for cell in starts {
        let CellKey::Start(indicator) = cell.question else {
            unreachable!()
        };
        assert_eq!(
            cell.bucket,
            Bucket::Score(ScoreBand::of(first.scores[&indicator].value))
        );
    }
    assert_eq!(check(&s, &c, Date::from_millis(1_790_000_000_000)), Ok(()));
    // A first reading has no start: nothing moved yet.
    let alone = contribution(
        &s,
        &first,
        None,
        Period::of(first.submitted_at, Granularity::Year),
        None,
        contribution_id([8; 16]),
    );
    assert!(
        !alone
            .cells
            .iter()
            .any(|cell| matches!(cell.question, CellKey::Start(_)))
    );
}
