//! The holder's records: submitting a reading, what changed, backups and their merge, CSV.

#![cfg(feature = "toml")]

use bilan_core::answer::{Answer, AnswerError, Answers};
use bilan_core::backup::{Backup, BackupError, readings_csv};
use bilan_core::calendar::Date;
use bilan_core::file::Kind;
use bilan_core::load::load;
use bilan_core::reading::{Draft, Profile, Reading, changes, previous, progress, shown};
use bilan_core::share::{Contribution, Outgoing, Period, contribution_id};
use bilan_core::{Indicator, Lang};

const SURVEY: &str = r#"id = "essai"
version = 4
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

[[section.question]]
id = "clients"
kind = "scale"
min = 1
max = 5
show_if = "demarre = 'yes'"
indicator = "appropriation"
label = { fr = "Clients" }
levels = [{ fr = "1" }, { fr = "2" }, { fr = "3" }, { fr = "4" }, { fr = "5" }]

[[section.question]]
id = "note"
kind = "text"
label = { fr = "Note" }
"#;

fn survey() -> bilan_core::Survey {
    load("essai.toml", SURVEY).unwrap()
}

fn profile(id: &str, updated_at: i64) -> Profile {
    Profile {
        id: id.into(),
        pseudonym: "Camille".into(),
        project: "Le Panier".into(),
        created_at: 1,
        updated_at,
        plan: Default::default(),
    }
}

fn draft(answers: &[(&str, Answer)], updated_at: i64) -> Draft {
    Draft {
        id: "d1".into(),
        profile_id: "p1".into(),
        survey_id: "essai".into(),
        survey_version: 4,
        answers: answers
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<Answers>(),
        section: 0,
        updated_at,
        companion: Default::default(),
    }
}

fn reading(id: &str, level: i64, at: i64) -> Reading {
    let d = draft(
        &[
            ("demarre", Answer::YesNo(true)),
            ("clients", Answer::Level(level)),
        ],
        at,
    );
    Reading::submit(&survey(), &d, id.into(), at).unwrap()
}

#[test]
fn submitting_checks_cleans_and_scores() {
    let s = survey();
    let incomplete = draft(&[], 5);
    assert_eq!(
        Reading::submit(&s, &incomplete, "r".into(), 10).unwrap_err(),
        vec![("demarre".to_string(), AnswerError::Required)]
    );
    let hidden = draft(
        &[
            ("demarre", Answer::YesNo(false)),
            ("clients", Answer::Level(5)),
        ],
        5,
    );
    let r = Reading::submit(&s, &hidden, "r1".into(), 10).unwrap();
    assert_eq!(
        (r.survey_version, r.submitted_at, r.profile_id.as_str()),
        (4, 10, "p1")
    );
    assert!(
        !r.answers.contains_key("clients"),
        "a hidden answer is not kept"
    );
    assert!(r.scores.is_empty());
    let r = reading("r2", 4, 20);
    assert_eq!(r.scores[&Indicator::Appropriation].value, 75.0);
}

#[test]
fn changes_compare_indicators_scored_in_both() {
    let (first, later) = (reading("a", 2, 1), reading("b", 5, 2));
    assert_eq!(
        changes(&first, &later),
        vec![(Indicator::Appropriation, 75.0)]
    );
}

#[test]
fn a_score_is_shown_as_its_table_writes_it() {
    for v in [
        0.0, 12.5, 25.0, 37.5, 49.999, 50.5, 62.5, 66.667, 87.5, 99.5, 100.0,
    ] {
        assert_eq!(shown(v).to_string(), format!("{v:.0}"), "{v}");
    }
}

#[test]
fn progress_orders_by_date_and_previous_stays_in_the_survey() {
    let (early, middle, late) = (
        reading("a", 2, 100),
        reading("b", 5, 200),
        reading("c", 3, 300),
    );
    let mut other = reading("x", 1, 250);
    other.survey_id = "autre".into();
    let readings = vec![late.clone(), early.clone(), other, middle.clone()];
    assert_eq!(
        progress(&readings),
        vec![(
            Indicator::Appropriation,
            vec![(100, 25.0), (200, 100.0), (250, 0.0), (300, 50.0)]
        )],
        "every scored reading, oldest first; unscored indicators left out"
    );
    assert_eq!(previous(&readings, &late).map(|r| r.id.as_str()), Some("b"));
    assert_eq!(previous(&readings, &early), None);
    assert!(progress(&[]).is_empty());
}

#[test]
fn a_backup_round_trips_and_bad_files_are_named() {
    let backup = Backup::new(
        99,
        vec![profile("p1", 3)],
        vec![draft(&[], 4)],
        vec![reading("r1", 3, 5)],
    );
    let text = serde_json::to_string_pretty(&backup).unwrap();
    assert_eq!(Backup::parse(&text).unwrap(), backup);
    // A file written before backups held sessions (schema 1) is read as it was.
    let mut first: serde_json::Value = serde_json::from_str(&text).unwrap();
    first["schema"] = 1.into();
    first.as_object_mut().unwrap().remove("sessions").unwrap();
    let read = Backup::parse(&first.to_string()).unwrap();
    assert_eq!(
        (read.schema, read.profiles, read.sessions),
        (1, backup.profiles.clone(), vec![])
    );

    let cases: Vec<(String, BackupError)> = vec![
        (
            text[..text.len() / 2].to_owned(),
            BackupError::NotJson { at: None },
        ),
        (
            r#"{"name": "un autre fichier"}"#.into(),
            BackupError::Foreign(Kind::Backup),
        ),
        (
            text.replace("\"schema\": 2", "\"schema\": 7"),
            BackupError::Newer(Kind::Backup, 7),
        ),
        (
            text.replace("\"profile_id\": \"p1\"", "\"profile_id\": \"p9\""),
            BackupError::Damaged(Kind::Backup, String::new()),
        ),
        (
            text.replace(
                "\"exported_at\": 99",
                "\"exported_at\": 99, \"extra\": true",
            ),
            BackupError::Damaged(Kind::Backup, String::new()),
        ),
    ];
    for (input, expected) in cases {
        let err = Backup::parse(&input).unwrap_err();
        assert_eq!(
            std::mem::discriminant(&err),
            std::mem::discriminant(&expected),
            "{err}"
        );
        assert!(!err.to_string().is_empty());
    }
    let truncated = Backup::parse(&text[..40]).unwrap_err();
    assert!(
        truncated
            .to_string()
            .starts_with("this file is not valid JSON (line "),
        "{truncated}"
    );
    let dangling = Backup::parse(&text.replace("\"profile_id\": \"p1\"", "\"profile_id\": \"p9\""))
        .unwrap_err();
    assert_eq!(
        dangling.to_string(),
        r#"this backup is damaged: draft "d1" belongs to no profile in the file"#
    );
}

#[test]
fn merging_never_overwrites_newer_records() {
    let device = Backup::new(
        0,
        vec![profile("p1", 10)],
        vec![draft(&[], 10)],
        vec![reading("r1", 3, 5)],
    );
    let older = Backup::new(
        0,
        vec![profile("p1", 5)],
        vec![draft(&[("demarre", Answer::YesNo(true))], 5)],
        vec![reading("r1", 3, 5), reading("r2", 4, 6)],
    );
    let merge = older.merge_into(&device);
    assert!(merge.profiles.is_empty() && merge.drafts.is_empty());
    assert_eq!(
        merge
            .readings
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        ["r2"]
    );
    assert_eq!(merge.kept, 3);

    let newer = Backup::new(0, vec![profile("p1", 20)], vec![draft(&[], 20)], vec![]);
    let merge = newer.merge_into(&device);
    assert_eq!(
        (merge.profiles.len(), merge.drafts.len(), merge.kept),
        (1, 1, 0)
    );
    // Both were on the device: written over, not counted as new.
    let updated = bilan_core::backup::Updated {
        profiles: 1,
        drafts: 1,
        sessions: 0,
    };
    assert_eq!(merge.updated, updated);
    let elsewhere = Backup::new(0, vec![profile("p2", 20)], vec![], vec![]);
    assert_eq!(elsewhere.merge_into(&device).updated, Default::default());

    // A review's share still waiting comes with the review onto a device that lacks it; onto
    // one that holds the review, whose share was sent or held back for good, it does not.
    let share = |reading: &str, n: u8| {
        Outgoing::new(
            Contribution {
                id: contribution_id([n; 16]),
                survey: "auto-evaluation".into(),
                version: 1,
                period: Period::Year(2026),
                session: None,
                participants: 1,
                cells: vec![],
            },
            6,
        )
        .of_reading(reading)
    };
    let waiting = older
        .clone()
        .with_sessions(vec![], vec![share("r1", 1), share("r2", 2)]);
    assert_eq!(waiting.merge_into(&device).outbox, [share("r2", 2)]);
    let empty = Backup::new(0, vec![], vec![], vec![]);
    assert_eq!(waiting.merge_into(&empty).outbox.len(), 2);
    assert_eq!(waiting.merge_into(&waiting).outbox, []);
}

#[test]
fn csv_has_a_row_per_reading_and_defuses_formulas() {
    let s = survey();
    let mut with_note = draft(
        &[
            ("demarre", Answer::YesNo(true)),
            ("clients", Answer::Level(2)),
            ("note", Answer::Text("=HYPERLINK(\"x\"), vu".into())),
        ],
        0,
    );
    with_note.id = "d2".into();
    let noted = Reading::submit(&s, &with_note, "r3".into(), 1_795_737_600_000).unwrap();
    let mut other = reading("r9", 3, 7);
    other.survey_id = "autre".into();
    let readings = [noted, reading("r1", 5, 951_782_400_000), other];
    let csv = readings_csv(&s, &readings, Lang::Fr, Date::from_millis);
    // As a French spreadsheet opens it: a byte order mark (or accents break), `;` between cells,
    // each column headed by its question's wording, answers in words.
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\u{feff}Date;Questionnaire;Version;Démarré\u{a0}?;Clients;Note;Score — Appropriation du projet"
    );
    assert_eq!(lines[1], "2000-02-29;Essai;4;Oui;5;;100");
    assert_eq!(
        lines[2],
        "2026-11-27;Essai;4;Oui;2;\"'=HYPERLINK(\"\"x\"\"), vu\";25"
    );
    assert_eq!(
        lines.len(),
        4,
        "the other survey's reading is not in this file"
    );
    // In English, commas and English words.
    let csv = readings_csv(&s, &readings, Lang::En, Date::from_millis);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert!(
        lines[0].starts_with("\u{feff}Date,Survey,Version,"),
        "{csv}"
    );
    assert!(
        lines[0].ends_with(",Note,Score — Ownership of the project"),
        "{csv}"
    );
    assert_eq!(lines[1], "2000-02-29,Essai,4,Yes,5,,100");
    // Each reading is dated where the person is: midnight UTC is still the 26th on the Azores.
    let azores = readings_csv(&s, &readings, Lang::Fr, |t| {
        Date::from_millis(t - 3_600_000)
    });
    assert!(azores.contains("\r\n2026-11-26;Essai;4;"), "{azores}");
}

/// A number is written with the reader's decimal mark and stays a number, a negative one too
/// (a leading minus is defused only when the cell is not a number).
#[test]
fn csv_numbers_follow_the_language() {
    // The test survey, its note a number instead of a text.
    let numbered = SURVEY.replace(
        "id = \"note\"\nkind = \"text\"",
        "id = \"note\"\nkind = \"decimal\"",
    );
    let survey = load("essai.toml", &numbered).unwrap();
    let d = draft(
        &[
            ("demarre", Answer::YesNo(false)),
            ("note", Answer::Number(-1.5)),
        ],
        0,
    );
    let r = Reading::submit(&survey, &d, "r1".into(), 0).unwrap();
    let fr = readings_csv(
        &survey,
        std::slice::from_ref(&r),
        Lang::Fr,
        Date::from_millis,
    );
    assert_eq!(
        fr.split("\r\n").nth(1),
        Some("1970-01-01;Essai;4;Non;;-1,5;"),
        "{fr}"
    );
    let en = readings_csv(
        &survey,
        std::slice::from_ref(&r),
        Lang::En,
        Date::from_millis,
    );
    assert_eq!(
        en.split("\r\n").nth(1),
        Some("1970-01-01,Essai,4,No,,-1.5,"),
        "{en}"
    );
}

const TWO_VIEWS: &str = r#"id = "regards"
version = 1
languages = ["fr"]
title = { fr = "Regards" }

[[section]]
id = "s"
title = { fr = "S" }

[[section.question]]
id = "clients"
kind = "scale"
min = 1
max = 5
shareable = true
indicator = "appropriation"
label = { fr = "Clients" }
levels = [{ fr = "1" }, { fr = "2" }, { fr = "3" }, { fr = "4" }, { fr = "5" }]

[[section.question]]
id = "prix"
kind = "scale"
min = 1
max = 5
shareable = true
indicator = "appropriation"
label = { fr = "Prix" }
levels = [{ fr = "1" }, { fr = "2" }, { fr = "3" }, { fr = "4" }, { fr = "5" }]

[[section.question]]
id = "reseau"
kind = "scale"
min = 1
max = 5
dont_know = true
indicator = "professionnalisation"
label = { fr = "Réseau" }
levels = [{ fr = "1" }, { fr = "2" }, { fr = "3" }, { fr = "4" }, { fr = "5" }]

[[section.question]]
id = "note"
kind = "text"
label = { fr = "Note" }
"#;

/// The accompagnateur answers the same scales beside the holder: both views are kept and scored,
/// the gaps of two levels or more come first, and the shared contribution is the holder's alone.
#[test]
fn two_views_of_one_reading_are_kept_compared_and_never_shared() {
    use bilan_core::reading::{Disagreement, disagreements};
    use bilan_core::share::{Granularity, Period, contribution};
    let survey = load("regards.toml", TWO_VIEWS).unwrap();
    let answers: Answers = [
        ("clients", Answer::Level(2)),
        ("prix", Answer::Level(5)),
        ("reseau", Answer::Level(3)),
        ("note", Answer::Text("à voir".into())),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let companion: Answers = [
        ("clients", Answer::Level(5)),
        ("prix", Answer::Level(3)),
        ("reseau", Answer::DontKnow),
        // Not a scale, and out of range: neither is kept.
        ("note", Answer::Text("mon avis".into())),
        ("inconnue", Answer::Level(9)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let mut draft = Draft {
        id: "d".into(),
        profile_id: "p".into(),
        survey_id: "regards".into(),
        survey_version: 1,
        answers,
        section: 0,
        updated_at: 1,
        companion,
    };
    let both = Reading::submit(&survey, &draft, "r".into(), 10)
        .unwrap()
        .beside(&survey, &draft.companion);
    assert_eq!(
        both.companion.keys().collect::<Vec<_>>(),
        ["clients", "prix", "reseau"]
    );
    // Both views are scored: the holder (2 and 5) and the accompagnateur (5 and 3).
    assert_eq!(both.scores[&Indicator::Appropriation].value, 62.5);
    assert_eq!(both.companion_scores[&Indicator::Appropriation].value, 75.0);
    assert_eq!(
        disagreements(&survey, &both),
        [
            Disagreement {
                question: "clients".into(),
                holder: 2,
                companion: 5
            },
            Disagreement {
                question: "prix".into(),
                holder: 5,
                companion: 3
            },
        ]
    );
    // The shared contribution is the same as without the second view.
    draft.companion.clear();
    let alone = Reading::submit(&survey, &draft, "r".into(), 10)
        .unwrap()
        .beside(&survey, &draft.companion);
    assert!(alone.companion.is_empty() && alone.companion_scores.is_empty());
    let shared = |r: &Reading| {
        serde_json::to_value(contribution(
            &survey,
            r,
            None,
            Period::of(r.submitted_at, Granularity::Year),
            None,
            "c".into(),
        ))
        .unwrap()
    };
    assert_eq!(shared(&both), shared(&alone));
    // Kept in the backup: a reading without the second view reads back as before.
    let text = serde_json::to_string(&both).unwrap();
    assert_eq!(serde_json::from_str::<Reading>(&text).unwrap(), both);
    let old = serde_json::to_string(&alone).unwrap();
    assert!(!old.contains("companion"), "{old}");
    // In the CSV, the accompagnateur's columns follow, only when a reading has them.
    let csv = readings_csv(
        &survey,
        std::slice::from_ref(&both),
        Lang::Fr,
        Date::from_millis,
    );
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert!(
        lines[0].ends_with(
            "Score — Professionnalisation;Accompagnateur·rice — Clients;Accompagnateur·rice — Prix;Accompagnateur·rice — Réseau;Accompagnateur·rice — Score — Appropriation du projet;Accompagnateur·rice — Score — Professionnalisation"
        ),
        "{csv}"
    );
    assert!(lines[1].ends_with(";5;3;Je ne sais pas;75;"), "{csv}");
    let alone_csv = readings_csv(&survey, &[alone], Lang::Fr, Date::from_millis);
    assert!(!alone_csv.contains("Accompagnateur"), "{alone_csv}");
}

/// The action plan is the profile's: in its backup, read back as written; a profile without one
/// writes no field for it.
#[test]
fn the_action_plan_travels_in_the_backup_only() {
    use bilan_core::reading::Step;
    let mut p = profile("p1", 5);
    let bare = serde_json::to_string(&p).unwrap();
    assert!(!bare.contains("plan"), "{bare}");
    p.plan.insert(
        Indicator::Appropriation,
        Step {
            next: "Présenter le projet au marché de Noël".into(),
            review_on: "2027-01-15".into(),
        },
    );
    let text = serde_json::to_string(&p).unwrap();
    let back: bilan_core::reading::Profile = serde_json::from_str(&text).unwrap();
    assert_eq!(back, p);
    assert!(text.contains(r#""plan":{"appropriation":{"next":"Présenter le projet au marché de Noël","review_on":"2027-01-15"}}"#), "{text}");
}

#[test]
fn the_plans_next_point_is_its_earliest_day_not_yet_taken_stock_of() {
    use bilan_core::calendar::Date;
    use bilan_core::reading::Step;
    let day = |iso: &str| Date::parse_iso(iso).unwrap();
    let step = |review_on: &str| Step {
        next: "Un pas".into(),
        review_on: review_on.into(),
    };
    let mut p = profile("p1", 5);
    assert_eq!(
        p.next_point(&[], Date::from_millis),
        None,
        "no plan, no point"
    );
    p.plan
        .insert(Indicator::Professionnalisation, step("2027-03-01"));
    p.plan.insert(Indicator::Appropriation, step("2027-01-15"));
    p.plan
        .insert(Indicator::DeveloppementPersonnel, step("2027-01-15"));
    p.plan
        .insert(Indicator::UtiliteSociale, step("pas une date"));
    p.plan.insert(Indicator::UtiliteCulturelle, step(""));
    // The earliest day, with every indicator planned for it, in the indicators' order.
    assert_eq!(
        p.next_point(&[], Date::from_millis),
        Some((
            day("2027-01-15"),
            vec![Indicator::Appropriation, Indicator::DeveloppementPersonnel]
        ))
    );
    // A review before that day does not take that stock; one on the day does, for the
    // indicator it scores (`appropriation`) and no other.
    let january_14 = day("2027-01-14").millis() + 20 * 3_600_000;
    assert_eq!(
        p.next_point(&[reading("r1", 3, january_14)], Date::from_millis),
        p.next_point(&[], Date::from_millis)
    );
    // The day is the person's: 20:00 UTC on the 14th is already the 15th on Réunion (UTC+4).
    let reunion = |t: i64| Date::from_millis(t + 4 * 3_600_000);
    assert_eq!(
        p.next_point(&[reading("r1", 3, january_14)], reunion),
        Some((day("2027-01-15"), vec![Indicator::DeveloppementPersonnel]))
    );
    let january_15 = day("2027-01-15").millis() + 9 * 3_600_000;
    assert_eq!(
        p.next_point(
            &[reading("r1", 3, january_14), reading("r2", 4, january_15)],
            Date::from_millis
        ),
        Some((day("2027-01-15"), vec![Indicator::DeveloppementPersonnel]))
    );
    p.plan.remove(&Indicator::DeveloppementPersonnel);
    assert_eq!(
        p.next_point(&[reading("r2", 4, january_15)], Date::from_millis),
        Some((day("2027-03-01"), vec![Indicator::Professionnalisation]))
    );
}

#[test]
fn a_draft_carried_to_the_next_version_keeps_what_still_means_the_same() {
    let v4 = survey();
    // Version 5 rewords "clients" under a new id, as a grid review writes it.
    let text = SURVEY
        .replace("version = 4", "version = 5")
        .replace("id = \"clients\"", "id = \"clients-v5\"");
    let v5 = load("essai-v5.toml", &text).unwrap();
    bilan_core::load::load_all([
        ("essai.toml".to_owned(), SURVEY.to_owned()),
        ("essai-v5.toml".to_owned(), text),
    ])
    .expect("the two versions pass the survey check together");
    let mut old = draft(
        &[
            ("demarre", Answer::YesNo(true)),
            ("clients", Answer::Level(3)),
            ("note", Answer::Text("Un marché de plus".into())),
        ],
        10,
    );
    old.section = 2;
    old.companion = [("clients".to_owned(), Answer::Level(2))]
        .into_iter()
        .collect();
    let carried = old.carried_to(&v5);
    assert_eq!(carried.survey_version, 5);
    assert_eq!(carried.section, 0);
    assert_eq!((carried.id.as_str(), carried.updated_at), ("d1", 10));
    let ids: Vec<&str> = carried.answers.keys().map(String::as_str).collect();
    assert_eq!(ids, ["demarre", "note"]);
    assert!(carried.companion.is_empty());
    // In its own version, a draft is unchanged, where it was left.
    assert_eq!(old.carried_to(&v4), old);
}
