//! The condition language: parsing, evaluating and writing back, and a constant read by what it is.

use super::*;

#[test]
fn a_literal_is_read_back_as_the_number_or_text_it_was_written_as() {
    for literal in [
        Literal::Number(3.0),
        Literal::Number(-2.5),
        Literal::Text("oui".into()),
        Literal::Text("3".into()),
    ] {
        let json = serde_json::to_string(&literal).unwrap();
        assert_eq!(
            serde_json::from_str::<Literal>(&json).unwrap(),
            literal,
            "{json}"
        );
    }
    for wrong in ["true", "null", "[1]", "{}"] {
        let err = serde_json::from_str::<Literal>(wrong)
            .unwrap_err()
            .to_string();
        assert!(err.contains("a number or a text"), "{wrong}: {err}");
    }
}

fn cmp(q: &str, op: Op, value: Literal) -> Condition {
    Condition::Compare {
        question: q.into(),
        op,
        value,
    }
}

#[test]
fn a_condition_written_out_reads_back_the_same() {
    for src in [
        "a = 'x' or b > 2 and not c <= -1.5",
        "(a = 'x' or b != 2) and c in [\"l'un\", 'deux', 3]",
        "not (a = 'x' and b >= 0.25)",
        "not not a < 1",
        "a = \"d'accord\"",
    ] {
        let parsed = Condition::parse(src).unwrap();
        let written = parsed.to_string();
        assert_eq!(Condition::parse(&written), Ok(parsed), "{src} -> {written}");
    }
}

#[test]
fn parses_precedence_and_grouping() {
    let parsed = Condition::parse("a = 'x' or b > 2 and not c <= -1.5").unwrap();
    assert_eq!(
        parsed,
        Condition::Or(vec![
            cmp("a", Op::Eq, Literal::Text("x".into())),
            Condition::And(vec![
                cmp("b", Op::Gt, Literal::Number(2.0)),
                Condition::Not(Box::new(cmp("c", Op::Le, Literal::Number(-1.5)))),
            ]),
        ])
    );
    let grouped = Condition::parse("(a = 1 or b = 2) and c in ['p', \"q\"]").unwrap();
    assert!(matches!(grouped, Condition::And(ref t) if matches!(t[0], Condition::Or(_))));
}

#[test]
fn syntax_errors_say_what_was_expected_and_where() {
    let cases = [
        (
            "a =",
            3,
            "expected a number or a quoted text, found the end",
        ),
        ("a = 'x", 4, "this text is not closed"),
        (
            "a 3",
            2,
            "expected =, !=, <, <=, >, >= or \"in\", found the number 3",
        ),
        ("(a = 1", 6, "expected \")\", found the end"),
        (
            "a = 1 b = 2",
            6,
            "expected \"and\", \"or\" or the end, found \"b\"",
        ),
        (
            "a in ['x' 'y']",
            10,
            "expected \",\" or \"]\", found the text 'y'",
        ),
        ("a = 1 & b", 6, "unexpected character '&'"),
        (
            "",
            0,
            "expected a question id, \"not\" or \"(\", found the end",
        ),
    ];
    for (src, offset, message) in cases {
        let err = Condition::parse(src).unwrap_err();
        assert_eq!(
            (err.offset, err.message.as_str()),
            (offset, message),
            "source {src:?}"
        );
    }
}

#[test]
fn evaluates_against_answers() {
    let mut answers = Answers::new();
    answers.insert(
        "statut".into(),
        Answer::Choice {
            id: "cree".into(),
            other: None,
        },
    );
    answers.insert("salaries".into(), Answer::Number(2.0));
    answers.insert(
        "canaux".into(),
        Answer::Choices {
            ids: vec!["web".into(), "radio".into()],
            other: None,
        },
    );
    answers.insert("aide".into(), Answer::YesNo(false));
    answers.insert("confiance".into(), Answer::Level(4));
    answers.insert("reseau".into(), Answer::DontKnow);
    let cases = [
        ("statut = 'cree'", true),
        ("statut != 'cree'", false),
        ("salaries > 1 and salaries <= 2", true),
        ("canaux = 'radio'", true),
        ("canaux in ['tv', 'web']", true),
        ("aide = 'no'", true),
        ("confiance >= 4", true),
        ("reseau = 1", false),
        ("not (reseau = 1)", true),
        ("absent = 'x'", false),
        ("absent != 'x'", false),
        ("statut < 3", false),
    ];
    for (src, expected) in cases {
        assert_eq!(
            Condition::parse(src).unwrap().eval(&answers),
            expected,
            "{src}"
        );
    }
}

mod given {
    use super::*;
    use proptest::prelude::*;

    const QUESTIONS: [&str; 4] = ["a", "b", "c", "d"];

    fn condition() -> impl Strategy<Value = Condition> {
        let leaf = prop_oneof![
            (0..4usize, 0..6usize, 0..6i64).prop_map(|(q, op, n)| cmp(
                QUESTIONS[q],
                [Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge][op],
                Literal::Number(n as f64)
            )),
            (0..4usize, any::<bool>(), any::<bool>()).prop_map(|(q, ne, yes)| cmp(
                QUESTIONS[q],
                if ne { Op::Ne } else { Op::Eq },
                Literal::Text(if yes { "yes" } else { "no" }.into())
            )),
            (0..4usize, proptest::collection::vec(0..6i64, 1..3)).prop_map(|(q, ns)| {
                Condition::In {
                    question: QUESTIONS[q].into(),
                    values: ns.into_iter().map(|n| Literal::Number(n as f64)).collect(),
                }
            }),
        ];
        leaf.prop_recursive(3, 16, 3, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 2..4).prop_map(Condition::And),
                proptest::collection::vec(inner.clone(), 2..4).prop_map(Condition::Or),
                inner.prop_map(|c| Condition::Not(Box::new(c))),
            ]
        })
    }

    /// Each question's fate: settled with an answer, not asked, or answered later.
    #[derive(Debug, Clone)]
    enum Fate {
        Known(Answer),
        Unasked,
        Later(Option<Answer>),
    }

    fn answer() -> impl Strategy<Value = Answer> {
        prop_oneof![
            (0..6i64).prop_map(Answer::Level),
            any::<bool>().prop_map(Answer::YesNo)
        ]
    }

    fn fate() -> impl Strategy<Value = Fate> {
        prop_oneof![
            answer().prop_map(Fate::Known),
            Just(Fate::Unasked),
            proptest::option::of(answer()).prop_map(Fate::Later),
        ]
    }

    proptest! {
        #[test]
        fn what_is_left_decides_as_the_whole_does(
            c in condition(),
            fates in proptest::collection::vec(fate(), 4),
        ) {
            let mut known = Answers::new();
            let mut all = Answers::new();
            let mut unasked = Vec::new();
            for (q, fate) in QUESTIONS.iter().zip(&fates) {
                match fate {
                    Fate::Known(a) => {
                        known.insert((*q).into(), a.clone());
                        all.insert((*q).into(), a.clone());
                    }
                    Fate::Unasked => unasked.push(*q),
                    Fate::Later(Some(a)) => {
                        all.insert((*q).into(), a.clone());
                    }
                    Fate::Later(None) => {}
                }
            }
            match c.given(&known, &unasked) {
                Given::Decided(holds) => prop_assert_eq!(holds, c.eval(&all)),
                Given::Open(rest) => {
                    prop_assert_eq!(rest.eval(&all), c.eval(&all));
                    // What is left names only the questions still to be answered.
                    for (q, _, _) in rest.comparisons() {
                        prop_assert!(!known.contains_key(q) && !unasked.contains(&q), "{q}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_preset_answer_decides_its_terms_and_leaves_the_others() {
        let c =
            Condition::parse("format = 'revue' and (college = 'benevoles' or format = 'atelier')")
                .unwrap();
        let mut known = Answers::new();
        known.insert(
            "format".into(),
            Answer::Choice {
                id: "revue".into(),
                other: None,
            },
        );
        assert_eq!(
            c.given(&known, &[]),
            Given::Open(Condition::parse("college = 'benevoles'").unwrap())
        );
        known.insert(
            "format".into(),
            Answer::Choice {
                id: "atelier".into(),
                other: None,
            },
        );
        assert_eq!(c.given(&known, &[]), Given::Decided(false));
        // A question that is not asked has no answer: "not" of it holds.
        let not = Condition::parse("not college = 'benevoles'").unwrap();
        assert_eq!(
            not.given(&Answers::new(), &["college"]),
            Given::Decided(true)
        );
    }
}
