//! Collective sessions: participants' readings stay on the device, the projector's table follows
//! the disclosure rule, closing sends totals only, and a second device's file counts once.

#![cfg(feature = "toml")]

use bilan_core::Survey;
use bilan_core::answer::{Answer, Answers};
use bilan_core::backup::Backup;
use bilan_core::calendar::Date;
use bilan_core::disclosure::{
    MAX_NOISE, NoiseKey, Policy, Release, ReleasedCell, ReleasedQuestion, Threshold,
};
use bilan_core::load::load;
use bilan_core::reading::{Draft, Reading};
use bilan_core::session::{
    Agreement, Format, Session, SessionError, asked_on_phones, consensus, new_code, parse_file,
    to_file,
};
use bilan_core::share::{Granularity, Outgoing, Period, check, contribution_id};

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
        "ABC234XYZ".into(),
        "Bilan participatif 2026",
        "2026-11-27",
        Format::BilanParticipatif,
        survey,
        NoiseKey::new([9; 16]),
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
        companion: Default::default(),
    };
    Reading::submit(
        survey,
        &draft,
        format!("r{n}"),
        1_795_737_600_000 + i64::from(n),
    )
    .unwrap()
}

const TODAY: Date = Date {
    year: 2026,
    month: 12,
    day: 1,
};

/// A session with `colleges` participants in turn, each at level `n % 5 + 1`.
fn filled(survey: &Survey, colleges: &[&str]) -> Session {
    let mut s = session(survey);
    for (n, college) in colleges.iter().enumerate() {
        let n = n as u32;
        s.add(participant(survey, &s, n, college, n % 5 + 1), 10)
            .unwrap();
    }
    s
}

#[test]
fn a_session_is_dated_from_last_year_to_next_year() {
    let survey = survey();
    let s = session(&survey);
    let on = |year, month, day| bilan_core::calendar::Date { year, month, day };
    assert_eq!(s.in_reach(on(2026, 12, 5)), Ok(()));
    assert_eq!(s.in_reach(on(2027, 12, 31)), Ok(()));
    assert_eq!(s.in_reach(on(2025, 1, 1)), Ok(()));
    assert_eq!(
        s.in_reach(on(2028, 1, 1)),
        Err(SessionError::OutOfReach {
            date: "2026-11-27".into(),
            from: 2027,
            to: 2029
        })
    );
    assert!(s.in_reach(on(2024, 12, 31)).is_err());
    // A file of an older session is still read.
    assert_eq!(s.check(), Ok(()));
}

#[test]
fn what_participants_wrote_is_listed_by_question_in_alphabetical_order() {
    let survey = survey();
    let mut s = filled(&survey, &["benevoles", "financeurs", "salaries"]);
    // A blank idea is no idea; an "other" text counts as written.
    let mut blank = participant(&survey, &s, 7, "benevoles", 2);
    blank
        .answers
        .insert("suggestion".into(), Answer::Text("   ".into()));
    s.add(blank, 10).unwrap();
    let mut other = participant(&survey, &s, 8, "benevoles", 2);
    other.answers.insert(
        "college".into(),
        Answer::Choice {
            id: "other".into(),
            other: Some(" Adhérents ".into()),
        },
    );
    other
        .answers
        .insert("suggestion".into(), Answer::Text("Autre idée".into()));
    s.responses.push(other);
    let written = s.written();
    let texts = |v: &[&str]| v.iter().map(|t| t.to_string()).collect::<Vec<_>>();
    assert_eq!(
        written,
        [
            ("college".to_owned(), texts(&["Adhérents"])),
            (
                "suggestion".to_owned(),
                texts(&[
                    "Autre idée",
                    "Idée secrète 0",
                    "Idée secrète 1",
                    "Idée secrète 2"
                ])
            ),
        ]
    );
    assert!(session(&survey).written().is_empty());
}

#[test]
fn closing_sends_one_group_per_college_once_and_never_the_text() {
    let survey = survey();
    let mut s = filled(&survey, &["benevoles", "benevoles", "salaries"]);
    let mut ids = 0u8;
    let mut next_id = || {
        ids += 1;
        contribution_id([ids; 16])
    };
    let sent = s
        .close(&survey, Granularity::Year, &mut next_id, 50)
        .unwrap();
    assert_eq!((s.closed_at, s.updated_at), (Some(50), 50));
    // Closing again (a second tab, a second click) makes no second totals.
    assert_eq!(
        s.close(&survey, Granularity::Year, &mut next_id, 60),
        Err(SessionError::Closed)
    );
    assert_eq!(s.closed_at, Some(50));
    let groups: Vec<(Option<&str>, Option<&str>, u32)> = sent
        .iter()
        .map(|c| (c.session.as_deref(), c.college(), c.participants))
        .collect();
    assert_eq!(
        groups,
        [
            (Some("ABC234XYZ"), Some("benevoles"), 2),
            (Some("ABC234XYZ"), Some("salaries"), 1),
        ]
    );
    for c in &sent {
        assert_eq!(check(&survey, c, TODAY), Ok(()), "{c:?}");
        assert_eq!(c.period.to_string(), "2026");
        let json = serde_json::to_string(c).unwrap();
        assert!(!json.contains("secrète") && !json.contains("s-1"), "{json}");
    }
    let format_cell = sent[0]
        .cells
        .iter()
        .find(|c| c.question.question() == Some("format"))
        .unwrap();
    assert_eq!(
        (format_cell.bucket.as_str(), format_cell.count),
        ("bilan-participatif", 2)
    );
}

/// The participants' levels of a question as the projector shows them.
fn levels(r: &Release, question: &str) -> Vec<(String, u64)> {
    r.questions
        .iter()
        .find(|q| q.question == question)
        .map(|q| {
            q.cells
                .iter()
                .map(|c| (c.bucket.clone(), c.count))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_projector_moves_every_k_participants_and_shows_every_level_perturbed() {
    let survey = survey();
    let k = Threshold::new(3).unwrap();
    let mut s = session(&survey);
    let mut seen = Vec::new();
    for n in 0..8u32 {
        s.add(participant(&survey, &s, n, "benevoles", n % 5 + 1), 10)
            .unwrap();
        seen.push(s.shown(&survey, k));
    }
    assert!(
        seen[..2]
            .iter()
            .all(|x| x.all.contributions.is_none() && x.participants == 0)
    );
    // Nothing moves between two steps: the sixth person is not told apart from the fifth.
    assert_eq!(seen[2], seen[3]);
    assert_eq!(seen[2], seen[4]);
    assert_ne!(seen[4].all, seen[5].all);
    assert_eq!(seen[5], seen[7]);
    assert_eq!((seen[2].participants, seen[5].participants), (3, 6));
    let shown = &seen[5].all;
    assert_eq!(shown.policy, Policy::Perturb);
    let useful = levels(shown, "utile-appropriation");
    // Every level is shown, the empty ones too, each within MAX_NOISE of the truth (one
    // participant at each of the levels 1 to 5 and a second at level 1).
    let buckets: Vec<&str> = useful.iter().map(|(b, _)| b.as_str()).collect();
    assert_eq!(buckets[..5], ["1", "2", "3", "4", "5"]);
    for ((_, count), truth) in useful.iter().zip([2, 1, 1, 1, 1]) {
        assert!(count.abs_diff(truth) <= MAX_NOISE, "{useful:?}");
    }
    assert!(shown.contributions.unwrap().abs_diff(6) <= MAX_NOISE);
    // Closed, the screen shows everyone once more, whatever the step.
    s.closed_at = Some(20);
    let last = s.shown(&survey, k);
    assert_eq!(last.participants, 8);
}

#[test]
fn the_projector_takes_four_steps_at_most_before_the_close() {
    let survey = survey();
    let k = Threshold::new(3).unwrap();
    let s = filled(&survey, &["benevoles"; 45]);
    assert_eq!(s.shown(&survey, k).participants, 12, "four steps of three");
    let mut closed = s.clone();
    closed.closed_at = Some(20);
    assert_eq!(
        closed.shown(&survey, k).participants,
        45,
        "and everyone at the close"
    );
}

#[test]
fn a_college_is_named_only_where_that_isolates_nobody() {
    let survey = survey();
    let k = Threshold::new(3).unwrap();
    // Two bénévoles and one salarié·e: the session is shown, no college apart.
    let s = filled(&survey, &["benevoles", "benevoles", "salaries"]);
    let shown = s.shown(&survey, k);
    assert_eq!(shown.participants, 3);
    assert!(shown.colleges.is_empty());
    assert!(shown.others, "the colleges present are said to be grouped");
    // Ten bénévoles and one financeur, closed: the bénévoles' table would be the session minus
    // one person, so it is not shown apart.
    let mut s = filled(&survey, &[&["benevoles"; 10][..], &["financeurs"]].concat());
    s.closed_at = Some(20);
    let shown = s.shown(&survey, k);
    assert_eq!(shown.participants, 11);
    assert!(shown.colleges.is_empty(), "{:?}", shown.colleges);
    // Six and six: both shown, nothing left aside.
    let s = filled(&survey, &[&["benevoles"; 6][..], &["salaries"; 6]].concat());
    let shown = s.shown(&survey, k);
    let names: Vec<&str> = shown.colleges.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(names, ["benevoles", "salaries"]);
    assert!(!shown.others);
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
            r#"{"format":"bilan-photos","schema":1}"#.to_owned(),
            "this file is not a Bilan session file",
        ),
        (
            r#"{"format":"bilan-backup","schema":1}"#.to_owned(),
            "this file is a Bilan backup, not a session file",
        ),
        (
            file.replace("\"schema\": 1", "\"schema\": 7"),
            "made by a newer version of Bilan (schema 7)",
        ),
        (
            file.replace("ABC234XYZ", "ABC23OXYZ"),
            "join code \"ABC23OXYZ\"",
        ),
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

/// A release with exact levels, to test the consensus alone.
fn table(levels: &[(u64, u64)]) -> Release {
    Release {
        threshold: 3,
        noise: 0,
        policy: Policy::Perturb,
        contributions: Some(levels.iter().map(|(_, n)| n).sum()),
        questions: vec![ReleasedQuestion {
            question: "accord-gouvernance".into(),
            cells: levels
                .iter()
                .map(|(level, count)| ReleasedCell {
                    bucket: level.to_string(),
                    count: *count,
                })
                .collect(),
            total: levels.iter().map(|(_, n)| n).sum(),
            partial: false,
        }],
    }
}

#[test]
fn colleges_agree_or_diverge_by_the_gap_between_their_means() {
    let survey = survey();
    let verdict = |colleges: &[(&str, Release)]| {
        let tables: Vec<(String, Release)> = colleges
            .iter()
            .map(|(c, r)| ((*c).to_owned(), r.clone()))
            .collect();
        let q = consensus(&survey, &tables)
            .into_iter()
            .find(|q| q.question == "accord-gouvernance")
            .unwrap();
        (q.agreement, q.gap)
    };
    let four = table(&[(4, 3)]);
    assert_eq!(
        verdict(&[("benevoles", four.clone()), ("salaries", four.clone())]),
        (Agreement::Agree, Some(0.0))
    );
    assert_eq!(
        verdict(&[("salaries", four.clone()), ("pq", table(&[(5, 3)]))]),
        (Agreement::Nuanced, Some(1.0))
    );
    assert_eq!(
        verdict(&[
            ("benevoles", four.clone()),
            ("financeurs", table(&[(2, 3)])),
            ("pq", table(&[(5, 3)]))
        ]),
        (Agreement::Diverge, Some(3.0))
    );
    // Perturbed empty levels count as little as they are: a mean over 3 at 4 and 0.4 elsewhere.
    assert_eq!(
        verdict(&[
            ("benevoles", four),
            (
                "salaries",
                Release::empty(Threshold::new(3).unwrap(), Policy::Perturb)
            )
        ]),
        (Agreement::Unknown, None)
    );
}

#[test]
fn codes_use_the_unambiguous_alphabet_and_sessions_are_checked() {
    let code = new_code([0, 30, 31, 62, 200, 255, 1, 2, 3]);
    assert!(bilan_core::share::is_session_code(&code), "{code}");
    assert_eq!(code, "A9AARHBCD");
    let survey = survey();
    let make = |title: &str, date: &str, code: &str| {
        Session::new(
            "i".into(),
            code.into(),
            title,
            date,
            Format::PetitDejeuner,
            &survey,
            NoiseKey::new([1; 16]),
            0,
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
    };
    assert_eq!(make("Atelier", "2026-11-27", "ABC234XYZ"), Ok(()));
    assert_eq!(
        make("  ", "2026-11-27", "ABC234XYZ"),
        Err("give the session a title".into())
    );
    assert!(
        make("Atelier", "2026-02-30", "ABC234XYZ")
            .unwrap_err()
            .contains("2026-02-30")
    );
    assert!(
        make("Atelier", "2026-11-27", "ABC234")
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
fn a_participants_phone_sends_one_contribution_in_the_session() {
    let survey = survey();
    let s = session(&survey);
    let reading = participant(&survey, &s, 1, "financeurs", 3);
    let sent = bilan_core::session::participant_contribution(
        &survey,
        &reading,
        Period::of(reading.submitted_at, Granularity::Year),
        "ABC234XYZ",
        contribution_id([5; 16]),
    );
    assert_eq!(sent.session.as_deref(), Some("ABC234XYZ"));
    assert_eq!(sent.college(), Some("financeurs"));
    assert_eq!(
        (sent.participants, check(&survey, &sent, TODAY)),
        (1, Ok(()))
    );
    assert!(!serde_json::to_string(&sent).unwrap().contains("secrète"));
}

#[test]
fn wrong_pins_wait_longer_and_longer() {
    let waits: Vec<i64> = (0..10).map(bilan_core::session::pin_wait).collect();
    assert_eq!(
        waits,
        [
            0, 0, 0, 30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000
        ]
    );
    // Trying the 10,000 four-digit PINs would take more than three months.
    let total: i64 = (0..10_000).map(bilan_core::session::pin_wait).sum();
    assert!(total > 90 * 86_400_000, "{total}");
}

#[test]
fn a_phone_asks_no_free_text() {
    let survey = survey();
    let asked = asked_on_phones(&survey);
    let ids: Vec<&str> = asked.questions().map(|q| q.id.as_str()).collect();
    assert!(!ids.contains(&"suggestion"), "{ids:?}");
    // Every shared question is still there, the format too (the session answers it, and the
    // survey's conditions read it).
    assert!(
        ids.contains(&"college") && ids.contains(&"format"),
        "{ids:?}"
    );
    let shared = survey.questions().filter(|q| q.shareable).count();
    assert_eq!(ids.len(), shared);
    assert!(asked.sections.iter().all(|s| !s.questions.is_empty()));
}

/// Whatever the session's format, the kiosk, the phones and the sheet show a section whole or
/// pass it over: no question asked in every format stands alone under a heading written for one
/// (the idea to improve the support under « Bilan participatif », in a workshop).
#[test]
fn each_format_shows_a_section_whole_or_not_at_all() {
    let survey = survey();
    let format = survey.questions().find(|q| q.id == "format").unwrap();
    let bilan_core::survey::Kind::Single { options, .. } = &format.kind else {
        panic!("the format is one option among several");
    };
    assert!(options.len() >= 2);
    for option in options {
        let mut preset = Answers::new();
        preset.insert(
            "format".into(),
            Answer::Choice {
                id: option.id.clone(),
                other: None,
            },
        );
        for section in &survey.sections {
            let asked: Vec<&str> = section
                .questions
                .iter()
                .filter(|q| q.id != "format")
                .filter(|q| q.show_if.as_ref().is_none_or(|c| c.eval(&preset)))
                .map(|q| q.id.as_str())
                .collect();
            let of = section
                .questions
                .iter()
                .filter(|q| q.id != "format")
                .count();
            assert!(
                asked.is_empty() || asked.len() == of,
                "{}: section {} shows {asked:?} of its {of} questions",
                option.id,
                section.id
            );
        }
    }
}

#[test]
fn a_backup_brings_back_every_answer_of_a_session_once_and_a_closed_one_stays_closed() {
    let survey = survey();
    let mut device = filled(&survey, &["benevoles", "salaries"]);
    let mut copy = device.clone();
    copy.add(participant(&survey, &copy, 7, "financeurs", 2), 20)
        .unwrap();
    let backup = |s: &Session| {
        Backup::new(0, vec![], vec![], vec![]).with_sessions(vec![s.clone()], Vec::new())
    };
    let on = |theirs: &Session, mine: &Session| backup(theirs).merge_into(&backup(mine));

    let text = serde_json::to_string_pretty(&backup(&copy)).unwrap();
    assert_eq!(Backup::parse(&text).unwrap(), backup(&copy));
    assert_eq!(
        on(&device, &device).sessions,
        [],
        "the device's own copy adds nothing"
    );
    assert_eq!(on(&device, &device).kept, 1);
    let merge = on(&copy, &device);
    assert_eq!(merge.updated.sessions, 1, "completed, not new");
    let merged = merge.sessions;
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0].responses.len(), 3, "the answer the device lacked");
    assert_eq!(
        Backup::new(0, vec![], vec![], vec![])
            .merge_into(&backup(&copy))
            .sessions,
        []
    );

    // Closed elsewhere, where its totals were queued: closed here too, with every answer of
    // both, and its totals still waiting come along, once.
    device
        .add(participant(&survey, &device, 8, "benevoles", 5), 30)
        .unwrap();
    let mut n = 0u8;
    let totals: Vec<Outgoing> = copy
        .close(
            &survey,
            Granularity::Year,
            || {
                n += 1;
                contribution_id([n; 16])
            },
            25,
        )
        .unwrap()
        .into_iter()
        .map(|c| Outgoing::new(c, 25))
        .collect();
    assert_eq!(totals.len(), 3, "one group per college");
    let closed = backup(&copy).with_sessions(vec![copy.clone()], totals.clone());
    let merge = closed.merge_into(&backup(&device));
    assert_eq!(
        (
            merge.sessions[0].closed_at,
            merge.sessions[0].responses.len()
        ),
        (Some(25), 4)
    );
    assert_eq!(merge.outbox, totals);
    let queued = backup(&device).with_sessions(vec![device.clone()], totals[..1].to_vec());
    assert_eq!(closed.merge_into(&queued).outbox, totals[1..]);
    let compact = serde_json::to_string(&closed).unwrap();
    assert_eq!(Backup::parse(&compact).unwrap(), closed);
    let twice = compact.replace(&totals[1].id, &totals[0].id);
    let err = Backup::parse(&twice).unwrap_err().to_string();
    assert!(err.ends_with("is empty or repeated"), "{err}");
    // Closed on the device: stays so, whatever the backup says, and the device's own totals
    // are the session's (the backup's would count it twice).
    device.closed_at = Some(40);
    assert_eq!(closed.merge_into(&backup(&device)).outbox, []);
    copy.closed_at = None;
    assert_eq!(on(&copy, &device).sessions[0].closed_at, Some(40));

    let mut unknown = copy.clone();
    unknown.id = "s-9".into();
    assert_eq!(
        on(&unknown, &device).sessions,
        [unknown.clone()],
        "a session new to the device"
    );

    let refusals = [
        (
            text.replace("ABC234XYZ", "ABC23OXYZ"),
            "session \"s-1\": the join code",
        ),
        (
            text.replace("\"schema\": 2", "\"schema\": 3"),
            "newer version of Bilan (schema 3)",
        ),
        (
            {
                let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
                let twice = v["sessions"][0].clone();
                v["sessions"].as_array_mut().unwrap().push(twice);
                v.to_string()
            },
            "session id \"s-1\" is empty or repeated",
        ),
    ];
    for (text, want) in refusals {
        let err = Backup::parse(&text).unwrap_err().to_string();
        assert!(err.contains(want), "{err} does not say {want}");
    }
}
