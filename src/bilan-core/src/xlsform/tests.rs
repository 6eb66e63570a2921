//! The converter's unit tests: expressions, type spellings, and whole forms as people write them.

use super::*;
use crate::survey::Kind;

#[test]
fn relevant_expressions_convert_when_simple() {
    let rename: BTreeMap<String, String> = [("Statut", "statut"), ("n", "n")]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .into();
    let cases = [
        ("${Statut} = 'scop'", Some("statut = 'scop'")),
        ("selected(${Statut}, 'scop')", Some("statut = 'scop'")),
        (
            "${n} >= 2 and not(${n} > 9)",
            Some("n >= 2 and not (n > 9)"),
        ),
        ("${absent} = 1", None),
        ("count-selected(${n}) > 1", None),
        ("${n} + 1 > 2", None),
    ];
    for (input, expected) in cases {
        assert_eq!(
            convert_relevant(input, &rename).as_deref(),
            expected,
            "{input}"
        );
    }
}

#[test]
fn only_range_constraints_convert() {
    let cases = [
        (". >= 0 and . <= 100", Some((Some(0.0), Some(100.0)))),
        (".>=5", Some((Some(5.0), None))),
        (". <= 7.5", Some((None, Some(7.5)))),
        (". > 0", None),
        ("regex(., '^a')", None),
    ];
    for (input, expected) in cases {
        assert_eq!(convert_constraint(input), expected, "{input}");
    }
}

#[test]
fn types_are_read_in_every_spelling_pyxform_takes() {
    let cases = [
        ("select_one yes_no", "select one", "yes_no", false),
        (
            "select one from yes_or_no",
            "select one",
            "yes_or_no",
            false,
        ),
        ("SELECT_ONE Towns", "select one", "Towns", false),
        ("select_multiple crops", "select multiple", "crops", false),
        (
            "select all that apply from crops",
            "select multiple",
            "crops",
            false,
        ),
        ("select_one crops or_other", "select one", "crops", true),
        (
            "select one from crops or specify other",
            "select one",
            "crops",
            true,
        ),
        (
            "select_multiple crops OR_OTHER",
            "select multiple",
            "crops",
            true,
        ),
        ("begin group", "begin group", "", false),
        ("Begin_Group", "begin group", "", false),
        ("begin_repeat", "begin repeat", "", false),
        ("end repeat", "end repeat", "", false),
        ("string", "text", "", false),
        ("int", "integer", "", false),
        (
            "select_one_from_file towns.csv",
            "select one from file",
            "towns.csv",
            false,
        ),
        ("geopoint", "geopoint", "", false),
        (
            "add select one prompt using statut",
            "select one",
            "statut",
            false,
        ),
        (
            "add select multiple prompt using canaux",
            "select multiple",
            "canaux",
            false,
        ),
        ("begin looped group", "begin repeat", "", false),
        ("end lgroup", "end repeat", "", false),
        (
            "select_one_external villes",
            "select one external",
            "villes",
            false,
        ),
        ("add photo prompt", "image", "", false),
        ("photo", "image", "", false),
        ("imei", "deviceid", "", false),
    ];
    for (raw, kind, list, other) in cases {
        assert_eq!(
            parse_type(raw),
            TypeCell {
                kind: kind.into(),
                list: list.into(),
                other
            },
            "{raw}"
        );
    }
}

fn sheet(rows: &[&[&str]]) -> Sheet {
    rows.iter()
        .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
        .collect()
}

#[test]
fn forms_as_people_write_them_convert_and_say_what_changed() {
    let survey = sheet(&[
        &[
            "TYPE",
            "NAME",
            "LABEL:Français",
            "Label::English (en)",
            "CHOICE_FILTER",
        ],
        &["begin group", "household", "Le foyer", "Household", ""],
        &["begin group", "questions", "Questions", "Questions", ""],
        &[
            "select one from county",
            "county",
            "Département",
            "County",
            "",
        ],
        &[
            "select_one town or_other",
            "town",
            "Commune",
            "Town",
            "county=${county}",
        ],
        &["end group", "", "", "", ""],
        &["end group", "", "", "", ""],
        &["begin_group", "work", "Le travail", "Work", ""],
        &["begin group", "questions", "Questions", "Questions", ""],
        &[
            "select all that apply from crops",
            "crops",
            "Cultures",
            "Crops",
            "",
        ],
        &["string", "town", "Autre commune", "Other town", ""],
        &["end group", "", "", "", ""],
        &["end group", "", "", "", ""],
    ]);
    let choices = sheet(&[
        &["LIST_NAME", "name", "label::French (fr)", "label::English"],
        &["county", "king", "King", "King"],
        &["county", "pierce", "Pierce", "Pierce"],
        &["town", "kent", "Kent", "Kent"],
        &["town", "king", "King (ville)", "King (town)"],
        &["town", "king", "King (autre)", "King (other)"],
        &["crops", "ble", "Blé", "Wheat"],
        &["crops", "mais", "Maïs", "Maize"],
    ]);
    let converted = convert(&survey, &choices, &sheet(&[]), "menage").unwrap();
    let survey = crate::load::load("menage.toml", &converted.toml).unwrap();
    // Both languages came through, by name and by code.
    assert_eq!(survey.languages.len(), 2);
    let town = survey.question("town").unwrap();
    assert_eq!(town.label.get(crate::Lang::Fr), "Commune");
    assert_eq!(town.label.get(crate::Lang::En), "Town");
    match &town.kind {
        Kind::Single { options, other } => {
            assert!(*other, "or_other is « Autre (précisez) »");
            assert_eq!(options.len(), 2, "king once");
        }
        kind => panic!("{kind:?}"),
    }
    assert!(matches!(
        survey.question("crops").unwrap().kind,
        Kind::Multiple { .. }
    ));
    // Two groups named "questions", two questions named "town": made unique by their path.
    let sections: Vec<&str> = survey.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        sections.iter().filter(|s| s.ends_with("questions")).count(),
        2,
        "{sections:?}"
    );
    assert!(
        survey.question("work-questions-town").is_some(),
        "{}",
        converted.toml
    );
    let reported: Vec<(usize, &str)> = converted
        .skipped
        .iter()
        .map(|s| (s.row, s.reason.as_str()))
        .collect();
    let said = |row: usize, text: &str| {
        reported
            .iter()
            .any(|(r, reason)| *r == row && reason.contains(text))
    };
    assert!(said(6, "already in list \"town\""), "{reported:?}");
    assert!(said(5, "choice_filter"), "{reported:?}");
    assert!(
        said(9, "group name \"questions\" is used twice"),
        "{reported:?}"
    );
    assert!(said(11, "name \"town\" is used twice"), "{reported:?}");
}

#[test]
fn names_become_ids() {
    assert_eq!(slug("Nom_Projet"), "nom_projet");
    assert_eq!(slug("_prive"), "prive");
    assert_eq!(slug("âge 2"), "ge-2");
}

#[test]
fn columns_are_read_by_pyxforms_other_names_and_third_languages_are_named() {
    let header: Vec<String> = [
        "Command",
        "tag",
        "caption::English (en)",
        "Relevance",
        "label::Wolof (wo)",
        "hint:Deutsch",
    ]
    .map(String::from)
    .to_vec();
    let cols = Columns::new(&header);
    assert_eq!(
        cols.names,
        [
            "type",
            "name",
            "label::english (en)",
            "relevant",
            "label::wolof (wo)",
            "hint:deutsch"
        ]
    );
    assert_eq!(
        other_languages(&header),
        ["label::Wolof (wo)", "hint:Deutsch"]
    );
    // The usual name wins when both are there.
    let both: Vec<String> = ["name", "value"].map(String::from).to_vec();
    assert_eq!(Columns::new(&both).names, ["name", "value"]);
}
