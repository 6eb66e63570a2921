//! Every mistake a person can make in a survey file, with the exact place and words reported.

#![cfg(feature = "toml")]

use bilan_core::load::{check_set, check_version, load};

/// A valid survey with one scale question; tests append or replace lines to break it.
const BASE: &str = r#"id = "essai"
version = 2
languages = ["fr", "en"]
title = { fr = "Essai", en = "Trial" }

[[section]]
id = "s1"
title = { fr = "Partie", en = "Part" }

[[section.question]]
id = "q1"
kind = "scale"
min = 1
max = 3
label = { fr = "Question", en = "Question" }
levels = [
  { fr = "un", en = "one" },
  { fr = "deux", en = "two" },
  { fr = "trois", en = "three" },
]
"#;

fn errors(src: &str) -> Vec<String> {
    match load("surveys/essai.toml", src) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

fn with_question(extra: &str) -> String {
    format!("{BASE}\n[[section.question]]\n{extra}")
}

#[test]
fn the_base_survey_is_valid() {
    let survey = load("surveys/essai.toml", BASE).unwrap();
    assert_eq!((survey.id.as_str(), survey.version), ("essai", 2));
    assert_eq!(survey.questions().count(), 1);
}

#[test]
fn each_mistake_is_named_with_its_place() {
    // (source, expected errors). Line numbers count from the start of the file; an appended
    // question's `[[section.question]]` is line 22, its first key line 23.
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            BASE.replace("min = 1\nmax = 3", "min = 1\nmax = 3\ncolour = \"red\""),
            vec![
                "surveys/essai.toml:15:1: unknown field `colour`, expected one of `id`, `kind`, `label`, `help`, `required`, `show_if`, `indicator`, `weight`, `shareable`, `min`, `max`, `levels`, `dont_know`, `options`, `other`, `max_choices`, `unit`, `buckets`, `precision`, `long`, `headline`",
            ],
        ),
        (
            with_question(
                "id = \"q1\"\nkind = \"yes_no\"\nlabel = { fr = \"Encore\", en = \"Again\" }",
            ),
            vec![r#"surveys/essai.toml:23:6: duplicate question id "q1" (first at line 11)"#],
        ),
        (
            BASE.replace(
                "label = { fr = \"Question\", en = \"Question\" }",
                "label = { en = \"Question\" }",
            ),
            vec![r#"surveys/essai.toml:15:9: question "q1": label has no French text (fr)"#],
        ),
        (
            BASE.replace(
                "title = { fr = \"Partie\", en = \"Part\" }",
                "title = { fr = \"Partie\" }",
            ),
            vec![
                r#"surveys/essai.toml:8:9: section title has no English text (en), and the survey lists "en""#,
            ],
        ),
        (
            with_question(
                "id = \"q2\"\nkind = \"single\"\noptions = []\nlabel = { fr = \"Choix\", en = \"Choice\" }",
            ),
            vec![r#"surveys/essai.toml:25:11: question "q2": `options` is empty"#],
        ),
        (
            BASE.replace("min = 1\nmax = 3", "min = 3\nmax = 1"),
            vec![
                r#"surveys/essai.toml:13:7: question "q1": min 3 must be below max 1"#,
                r#"surveys/essai.toml:16:10: question "q1": 3 levels given, but the scale from 3 to 1 has 0"#,
            ],
        ),
        (
            with_question(
                "id = \"ca\"\nkind = \"integer\"\nmin = 0\nbuckets = [0, 1000, 1000]\nlabel = { fr = \"CA\", en = \"Turnover\" }",
            ),
            vec![
                r#"surveys/essai.toml:26:11: question "ca": buckets overlap: 1000 comes after 1000 (lower bounds must increase)"#,
            ],
        ),
        (
            with_question(
                "id = \"ca\"\nkind = \"decimal\"\nmin = 0\nbuckets = [0, 0.1234567890123456]\nlabel = { fr = \"CA\", en = \"Turnover\" }",
            ),
            vec![
                r#"surveys/essai.toml:26:11: question "ca": bucket 0.1234567890123456 has more than 15 significant digits"#,
            ],
        ),
        (
            with_question(
                "id = \"ca\"\nkind = \"integer\"\nmin = 0\nbuckets = [10, 1000]\nlabel = { fr = \"CA\", en = \"Turnover\" }",
            ),
            vec![
                r#"surveys/essai.toml:26:11: question "ca": bucket gap: values from 0 to below 10 fall in no bucket"#,
            ],
        ),
        (
            BASE.replace(
                "id = \"q1\"\nkind",
                "id = \"q1\"\nshow_if = \"q9 = 1\"\nkind",
            ) + "\n[[section.question]]\nid = \"q9\"\nkind = \"yes_no\"\nlabel = { fr = \"Neuf\", en = \"Nine\" }\n",
            vec![r#"surveys/essai.toml:12:11: question "q1" shows if "q9", which comes later"#],
        ),
        (
            with_question(
                "id = \"q2\"\nkind = \"yes_no\"\nshow_if = \"absent = 'yes'\"\nlabel = { fr = \"Deux\", en = \"Two\" }",
            ),
            vec![
                r#"surveys/essai.toml:25:11: question "q2" shows if "absent", which does not exist"#,
            ],
        ),
        (
            with_question(
                "id = \"q2\"\nkind = \"yes_no\"\nshow_if = \"q2 = 'yes'\"\nlabel = { fr = \"Deux\", en = \"Two\" }",
            ),
            vec![r#"surveys/essai.toml:25:11: question "q2" shows if itself, which is a cycle"#],
        ),
        (
            with_question(
                "id = \"q2\"\nkind = \"yes_no\"\nshow_if = \"q1 = 7\"\nlabel = { fr = \"Deux\", en = \"Two\" }",
            ),
            vec![
                r#"surveys/essai.toml:25:11: question "q2": show_if compares "q1" with 7, which is not a level from 1 to 3"#,
            ],
        ),
        (
            with_question(
                "id = \"q2\"\nkind = \"yes_no\"\nshow_if = \"q1 >= 2 and\"\nlabel = { fr = \"Deux\", en = \"Two\" }",
            ),
            vec![
                r#"surveys/essai.toml:25:23: question "q2": show_if: expected a question id, "not" or "(", found the end"#,
            ],
        ),
        (
            with_question(
                "id = \"note\"\nkind = \"text\"\nshareable = true\nlabel = { fr = \"Note\", en = \"Note\" }",
            ),
            vec![
                r#"surveys/essai.toml:25:13: question "note": free text is never shareable (it could name someone)"#,
            ],
        ),
        (
            with_question(
                "id = \"ca\"\nkind = \"integer\"\nshareable = true\nlabel = { fr = \"CA\", en = \"Turnover\" }",
            ),
            vec![
                r#"surveys/essai.toml:25:13: question "ca": a shareable number needs `buckets` (raw numbers never leave the device)"#,
            ],
        ),
        (
            with_question(
                "id = \"q2\"\nkind = \"slider\"\nlabel = { fr = \"Deux\", en = \"Two\" }",
            ),
            vec![
                r#"surveys/essai.toml:24:8: question "q2": unknown kind "slider": expected one of scale, single, multiple, yes_no, integer, decimal, date, text"#,
            ],
        ),
        (
            with_question(
                "id = \"q2\"\nkind = \"yes_no\"\nlevels = []\nlabel = { fr = \"Deux\", en = \"Two\" }",
            ),
            vec![
                r#"surveys/essai.toml:25:10: question "q2": `levels` does not apply to a yes_no question"#,
            ],
        ),
        (
            with_question(
                "id = \"q2\"\nkind = \"integer\"\nindicator = \"appropriation\"\nlabel = { fr = \"Deux\", en = \"Two\" }",
            ),
            vec![
                r#"surveys/essai.toml:25:13: question "q2": an integer question cannot feed an indicator (only scale, yes_no and scored single)"#,
            ],
        ),
        (
            with_question(
                "id = \"q2\"\nkind = \"yes_no\"\nindicator = \"bonheur\"\nlabel = { fr = \"Deux\", en = \"Two\" }",
            ),
            vec![
                r#"surveys/essai.toml:25:13: question "q2": unknown indicator "bonheur": expected one of appropriation, professionnalisation, developpement-personnel, retombees-economiques, developpement-local, utilite-culturelle, utilite-sociale"#,
            ],
        ),
        (
            BASE.replace("languages = [\"fr\", \"en\"]", "languages = [\"en\"]")
                .replace("version = 2", "version = 0"),
            vec![
                "surveys/essai.toml:2:11: version 0 must be a whole number from 1",
                r#"surveys/essai.toml:3:13: languages must include "fr": French comes first"#,
            ],
        ),
        (
            "id = \"essai\"\nversion = \n".to_owned(),
            vec!["surveys/essai.toml:2:11: string values must be quoted, expected literal string"],
        ),
    ];
    let mut mismatches = Vec::new();
    for (src, expected) in cases {
        let found = errors(&src);
        if found != expected {
            mismatches.push(format!("{found:#?}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn all_errors_of_a_file_come_together() {
    let src =
        with_question("id = \"q1\"\nkind = \"text\"\nshareable = true\nlabel = { en = \"Note\" }");
    let found = errors(&src);
    assert_eq!(found.len(), 3, "{found:#?}");
}

#[test]
fn two_files_may_not_share_an_id_and_version_and_versions_never_go_down() {
    let a = load("surveys/a.toml", BASE).unwrap();
    let b = load("surveys/b.toml", BASE).unwrap();
    let errors = check_set(&[
        ("surveys/a.toml".into(), a.clone()),
        ("surveys/b.toml".into(), b),
    ]);
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            r#"surveys/b.toml:1:1: survey id "essai" at version 2 is also in surveys/a.toml: keep one file per version"#
        ]
    );
    assert!(check_version("surveys/a.toml", &a, Some(2)).is_ok());
    assert!(check_version("surveys/a.toml", &a, None).is_ok());
    assert_eq!(
        check_version("surveys/a.toml", &a, Some(3))
            .unwrap_err()
            .to_string(),
        r#"surveys/a.toml:1:1: survey "essai" is at version 2, but version 3 is already in use: versions never go down"#
    );
}

#[test]
fn a_folder_keeps_older_versions_whose_questions_mean_what_they_meant() {
    let v1 = BASE.replace("version = 2", "version = 1");
    // Version 2 rewords q1 under a new id and adds a question: both versions load together,
    // sorted by version.
    let v2 = BASE.replace("id = \"q1\"", "id = \"q1-v2\"").replace(
        "label = { fr = \"Question\", en = \"Question\" }",
        "label = { fr = \"Question reformulée\", en = \"Reworded question\" }",
    );
    let loaded = bilan_core::load::load_all([
        ("surveys/essai-v2.toml".to_owned(), v2.clone()),
        ("surveys/essai.toml".to_owned(), v1.clone()),
    ])
    .unwrap();
    let versions: Vec<u32> = loaded.iter().map(|(_, s)| s.version).collect();
    assert_eq!(versions, [1, 2]);

    // The same rewording under the old id is refused where the new version is.
    let reworded = BASE.replace(
        "label = { fr = \"Question\", en = \"Question\" }",
        "label = { fr = \"Question reformulée\", en = \"Reworded question\" }",
    );
    let errors = bilan_core::load::load_all([
        ("surveys/essai.toml".to_owned(), v1.clone()),
        ("surveys/essai-v2.toml".to_owned(), reworded),
    ])
    .unwrap_err();
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            r#"surveys/essai-v2.toml:1:1: question "q1" changed its wording since version 1 (surveys/essai.toml): give it a new id (say "q1-v2"), so its answers are never added to the old ones"#
        ]
    );
    // So is a scale given other levels.
    let relevelled = BASE.replace(
        "{ fr = \"trois\", en = \"three\" }",
        "{ fr = \"beaucoup\", en = \"a lot\" }",
    );
    let errors = bilan_core::load::load_all([
        ("surveys/essai.toml".to_owned(), v1),
        ("surveys/essai-v2.toml".to_owned(), relevelled),
    ])
    .unwrap_err();
    assert!(
        errors[0].message.contains("changed its answers (levels"),
        "{errors:?}"
    );
}

#[test]
fn an_audience_and_headlines_are_checked_where_they_are_written() {
    let with = |top: &str, question: &str| {
        let text = BASE
            .replacen("version = 2\n", &format!("version = 2\n{top}"), 1)
            .replace("min = 1\nmax = 3", &format!("min = 1\nmax = 3\n{question}"));
        load("surveys/essai.toml", &text)
            .map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>())
    };
    let unknown = with("audience = \"everyone\"\n", "").unwrap_err();
    assert!(
        unknown[0].ends_with("unknown audience \"everyone\": expected journey, session or figures"),
        "{unknown:?}"
    );
    let misplaced = with("", "headline = true").unwrap_err();
    assert!(
        misplaced[0]
            .contains("`headline` is for the numbers of a survey with audience = \"figures\""),
        "{misplaced:?}"
    );
    let session = with("audience = \"session\"\n", "").unwrap();
    assert!(session.in_sessions());
}

#[test]
fn an_id_longer_than_the_wire_takes_is_refused_where_it_is_written() {
    let long = "q".repeat(65);
    let errors = load(
        "surveys/essai.toml",
        &BASE.replace("id = \"q1\"", &format!("id = \"{long}\"")),
    )
    .unwrap_err();
    assert!(errors[0].to_string().contains("(64 at most)"), "{errors:?}");
}

#[test]
fn french_text_keeps_its_marks_with_their_words_and_both_languages_curl_their_apostrophes() {
    let src = BASE
        .replace(
            r#"label = { fr = "Question", en = "Question" }"#,
            r#"label = { fr = "Depuis quand ? Vraiment ! « Oui » : non ; l'adresse http://x.fr", en = "Since when ? Yes : it's" }"#,
        )
        .replace(r#"{ fr = "un", en = "one" }"#, r#"{ fr = "Un ?", en = "One" }"#);
    let survey = load("surveys/essai.toml", &src).expect("valid");
    let question = survey.question("q1").expect("q1");
    assert_eq!(
        question.label.fr,
        "Depuis quand\u{a0}? Vraiment\u{a0}! «\u{a0}Oui\u{a0}»\u{a0}: non\u{a0}; l’adresse http://x.fr"
    );
    assert_eq!(
        question.label.en.as_deref(),
        Some("Since when ? Yes : it’s"),
        "English keeps its spacing as written"
    );
    let levels = match &question.kind {
        bilan_core::survey::Kind::Scale { levels, .. } => levels,
        other => panic!("{other:?}"),
    };
    assert_eq!(levels[0].fr, "Un\u{a0}?");
}
