//! Collective sessions: participants' readings stay on the device, the projector's table follows
//! the disclosure rule, closing sends totals only, and a second device's file counts once.

#![cfg(feature = "toml")]

use bilan_core::Survey;
use bilan_core::answer::{Answer, Answers};
use bilan_core::disclosure::Threshold;
use bilan_core::load::load;
use bilan_core::reading::{Draft, Reading};
use bilan_core::session::{
    Agreement, Format, Session, SessionError, consensus, new_code, parse_file, to_file,
};
use bilan_core::share::{Granularity, check};

fn survey() -> Survey {
    let path = format!(
        "{}/../../surveys/seance-collective.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    load(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn session(survey: &Survey) -> Session {
    Session::new(
        "s-1".into(),
        "ABC234".into(),
        "Bilan participatif 2026",
        "2026-11-27",
        Format::BilanParticipatif,
        survey,
        1,
    )
    .unwrap()
}

/// One participant's reading: their college, a level for every scale, and a free-text idea.
fn participant(survey: &Survey, s: &Session, n: u32, college: &str, level: u32) -> Reading {
    let mut answers: Answers = s.preset(survey);
    answers.insert(
        "college".into(),
        Answer::Choice {
            id: college.into(),
            other: None,
        },
    );
    for q in survey
        .questions()
        .filter(|q| q.id.starts_with("utile") || q.id.starts_with("accord"))
    {
        answers.insert(q.id.clone(), Answer::Level(i64::from(level)));
    }
    answers.insert(
        "suggestion".into(),
        Answer::Text(format!("Idée secrète {n}")),
    );
    let draft = Draft {
        id: format!("d{n}"),
        profile_id: s.id.clone(),
        survey_id: survey.id.clone(),
        survey_version: survey.version,
        answers,
        section: 0,
        updated_at: 0,
    };
    Reading::submit(
        survey,
        &draft,
        format!("r{n}"),
        1_795_737_600_000 + i64::from(n),
    )
    .unwrap()
}

#[test]
fn closing_sends_totals_by_session_college_and_overall_and_never_the_text() {
    let survey = survey();
    let mut s = session(&survey);
    for (n, college, level) in [(1, "benevoles", 4), (2, "benevoles", 5), (3, "salaries", 2)] {
        let reading = participant(&survey, &s, n, college, level);
        s.add(reading, 10).unwrap();
    }
    let mut ids = 0;
    let sent = s.contributions(&survey, Granularity::Year, || {
        ids += 1;
        format!("total-{ids:04}")
    });
    let dims: Vec<(String, u32)> = sent
        .iter()
        .map(|c| (c.dimension.to_string(), c.participants))
        .collect();
    assert_eq!(
        dims,
        [
            ("session:ABC234".to_owned(), 3),
            ("college:benevoles".to_owned(), 2),
            ("college:salaries".to_owned(), 1),
            (String::new(), 3),
        ]
    );
    for c in &sent {
        assert_eq!(check(&survey, c), Ok(()), "{c:?}");
        assert_eq!(c.period.to_string(), "2026");
        let json = serde_json::to_string(c).unwrap();
        assert!(!json.contains("secrète") && !json.contains("s-1"), "{json}");
    }
    let format_cell = sent[0]
        .cells
        .iter()
        .find(|c| c.question == "format")
        .unwrap();
    assert_eq!(
        (format_cell.bucket.as_str(), format_cell.count),
        ("bilan-participatif", 3)
    );
    let level_4 = sent[1]
        .cells
        .iter()
        .find(|c| c.question == "accord-priorites" && c.bucket == "4")
        .unwrap();
    assert_eq!(level_4.count, 1);
}

#[test]
fn the_projector_shows_nothing_below_k_and_the_same_table_as_the_server_above() {
    let survey = survey();
    let mut s = session(&survey);
    let k = Threshold::new(3).unwrap();
    for n in 1..=2 {
        s.add(participant(&survey, &s, n, "benevoles", 4), 10)
            .unwrap();
        let shown = s.release(&survey, None, k);
        assert_eq!(shown.contributions, None, "{n} participants");
        assert!(shown.questions.is_empty());
    }
    s.add(participant(&survey, &s, 3, "salaries", 4), 10)
        .unwrap();
    let shown = s.release(&survey, None, k);
    assert_eq!(shown.contributions, Some(3));
    let college = shown
        .questions
        .iter()
        .find(|q| q.question == "college")
        .unwrap();
    // 2 bénévoles and 1 salarié·e: both hidden (the one below k, and the other with it).
    assert!(college.cells.is_empty() && college.partial);
    let useful = shown
        .questions
        .iter()
        .find(|q| q.question == "utile-appropriation")
        .unwrap();
    assert_eq!(
        (useful.cells[0].bucket.as_str(), useful.cells[0].count),
        ("4", 3)
    );
    // One college alone stays hidden below k.
    assert_eq!(s.release(&survey, Some("benevoles"), k).contributions, None);
}

#[test]
fn a_second_tablets_file_counts_once_and_a_bad_file_changes_nothing() {
    let survey = survey();
    let mut laptop = session(&survey);
    laptop
        .add(participant(&survey, &laptop, 1, "benevoles", 4), 10)
        .unwrap();
    let mut tablet = session(&survey);
    tablet.id = "s-2".into();
    tablet
        .add(participant(&survey, &tablet, 2, "financeurs", 3), 10)
        .unwrap();
    tablet
        .add(participant(&survey, &tablet, 3, "salaries", 3), 10)
        .unwrap();
    let file = to_file(&tablet, 20);
    let read = parse_file(&file).unwrap();
    assert_eq!(laptop.merge(&read, 30), Ok(2));
    assert_eq!(
        laptop.merge(&read, 40),
        Ok(0),
        "the same file again adds nobody"
    );
    assert_eq!(laptop.responses.len(), 3);
    assert_eq!(laptop.updated_at, 30);

    let before = laptop.clone();
    let refusals = [
        (
            file[..file.len() / 2].to_owned(),
            "this file is not valid JSON",
        ),
        (
            r#"{"format":"bilan-backup","schema":1}"#.to_owned(),
            "this file is not a Bilan session file",
        ),
        (
            file.replace("\"schema\": 1", "\"schema\": 7"),
            "made by a newer version of Bilan (schema 7)",
        ),
        (file.replace("ABC234", "ABC23O"), "join code \"ABC23O\""),
        (
            {
                let mut v: serde_json::Value = serde_json::from_str(&file).unwrap();
                v["session"]["responses"][0]["survey_id"] = "autre".into();
                v.to_string()
            },
            "is for survey \"autre\"",
        ),
    ];
    for (text, want) in refusals {
        let err = parse_file(&text).unwrap_err().to_string();
        assert!(err.contains(want), "{err} does not say {want}");
    }
    let mut other = read.clone();
    other.survey_version = 9;
    assert!(matches!(
        laptop.merge(&other, 50),
        Err(SessionError::OtherSurvey { .. })
    ));
    laptop.closed_at = Some(60);
    assert_eq!(laptop.merge(&read, 70), Err(SessionError::Closed));
    let reading = participant(&survey, &laptop, 9, "benevoles", 1);
    assert_eq!(laptop.add(reading, 80), Err(SessionError::Closed));
    laptop.closed_at = None;
    assert_eq!(laptop, before);
}

#[test]
fn colleges_agree_or_diverge_by_the_gap_between_their_means() {
    let survey = survey();
    let k = Threshold::new(3).unwrap();
    let mut s = session(&survey);
    let mut n = 0;
    for (college, levels) in [
        ("benevoles", [4, 4, 4]),
        ("salaries", [4, 4, 4]),
        ("financeurs", [2, 2, 2]),
        ("personnes-qualifiees", [5, 5, 5]),
    ] {
        for level in levels {
            n += 1;
            s.add(participant(&survey, &s, n, college, level), 10)
                .unwrap();
        }
    }
    let tables =
        |s: &Session, colleges: &[&str]| -> Vec<(String, bilan_core::disclosure::Release)> {
            colleges
                .iter()
                .map(|c| ((*c).to_owned(), s.release(&survey, Some(c), k)))
                .collect()
        };
    let verdict = |s: &Session, colleges: &[&str]| {
        let spreads = consensus(&survey, &tables(s, colleges));
        let q = spreads
            .into_iter()
            .find(|q| q.question == "accord-gouvernance")
            .unwrap();
        (q.agreement, q.gap)
    };
    assert_eq!(
        verdict(&s, &["benevoles", "salaries"]),
        (Agreement::Agree, Some(0.0))
    );
    assert_eq!(
        verdict(&s, &["salaries", "personnes-qualifiees"]),
        (Agreement::Nuanced, Some(1.0))
    );
    assert_eq!(
        verdict(
            &s,
            &[
                "benevoles",
                "salaries",
                "financeurs",
                "personnes-qualifiees"
            ]
        ),
        (Agreement::Diverge, Some(3.0))
    );
    // A college under k is not compared.
    s.add(participant(&survey, &s, 99, "porteurs-createurs", 1), 10)
        .unwrap();
    assert_eq!(
        verdict(&s, &["benevoles", "porteurs-createurs"]),
        (Agreement::Unknown, None)
    );
}

#[test]
fn codes_use_the_unambiguous_alphabet_and_sessions_are_checked() {
    let mut x = 0.0;
    let code = new_code(|| {
        x += 0.17;
        x % 1.0
    });
    assert!(bilan_core::share::is_session_code(&code), "{code}");
    assert_eq!(new_code(|| 0.999_999), "999999");
    let survey = survey();
    let make = |title: &str, date: &str, code: &str| {
        Session::new(
            "i".into(),
            code.into(),
            title,
            date,
            Format::PetitDejeuner,
            &survey,
            0,
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
    };
    assert_eq!(make("Atelier", "2026-11-27", "ABC234"), Ok(()));
    assert_eq!(
        make("  ", "2026-11-27", "ABC234"),
        Err("give the session a title".into())
    );
    assert!(
        make("Atelier", "2026-02-30", "ABC234")
            .unwrap_err()
            .contains("2026-02-30")
    );
    assert!(
        make("Atelier", "2026-11-27", "ABCD")
            .unwrap_err()
            .contains("join code")
    );
    assert_eq!(
        Format::from_id("bilan-participatif"),
        Some(Format::BilanParticipatif)
    );
    assert!(Format::ALL.iter().all(|f| {
        survey
            .question("format")
            .unwrap()
            .kind
            .options()
            .iter()
            .any(|o| o.id == f.id())
    }));
}

#[test]
fn a_participants_phone_sends_one_person_to_the_session_their_college_and_the_period() {
    let survey = survey();
    let s = session(&survey);
    let reading = participant(&survey, &s, 1, "financeurs", 3);
    let mut n = 0;
    let sent = bilan_core::session::participant_contributions(&survey, &reading, "ABC234", || {
        n += 1;
        format!("phone-000{n}")
    });
    let dims: Vec<String> = sent.iter().map(|c| c.dimension.to_string()).collect();
    assert_eq!(dims, ["session:ABC234", "college:financeurs", ""]);
    for c in &sent {
        assert_eq!((c.participants, check(&survey, c)), (1, Ok(())));
        assert!(!serde_json::to_string(c).unwrap().contains("secrète"));
    }
    let ids: std::collections::BTreeSet<&str> = sent.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), 3, "each has its own id");
}

#[test]
fn all_tables_at_once_are_the_tables_one_by_one() {
    let survey = survey();
    let k = Threshold::new(3).unwrap();
    let mut s = session(&survey);
    for n in 0..17u32 {
        let college = ["benevoles", "salaries", "financeurs"][n as usize % 3];
        s.add(participant(&survey, &s, n, college, n % 5 + 1), 10)
            .unwrap();
    }
    let (all, colleges) = s.releases(&survey, k);
    assert_eq!(all, s.release(&survey, None, k));
    let names: Vec<&str> = colleges.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(names, ["benevoles", "financeurs", "salaries"]);
    for (college, table) in &colleges {
        assert_eq!(*table, s.release(&survey, Some(college), k), "{college}");
    }
}
