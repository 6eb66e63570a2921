//! The XLSForm corpus: forms as people write them for ODK and KoboToolbox, each one that pyxform
//! reads. Every form is written as a real .xlsx file, imported by the real command, and the
//! survey it writes passes `survey check`; the rows it reports are exactly the ones expected.
//! The same forms are the fuzz target's seeds (`fuzz/corpus/xlsform/`, as tab-separated sheets).

use std::process::Command;

use bilan_core::load::load;
use bilan_core::survey::Kind;

use crate::harness::{TempDir, server_bin, workspace_root};
use crate::xlsform::{run_import, write_named};

type Rows = &'static [&'static [&'static str]];

/// One form of the corpus and what its import must give.
struct Form {
    name: &'static str,
    /// The sheets' names, as the form's author wrote them.
    sheets: [&'static str; 3],
    survey: Rows,
    choices: Rows,
    settings: Rows,
    /// The rows the import reports, in order, as it prints them.
    reported: &'static [&'static str],
    /// The written survey's questions, in order.
    questions: &'static [&'static str],
    /// The questions with « Autre (précisez) ».
    other: &'static [&'static str],
}

const PLAIN: [&str; 3] = ["survey", "choices", "settings"];

const CORPUS: &[Form] = &[
    // Every spelling of a choice question in pyxform's alias table.
    Form {
        name: "types-legacy",
        sheets: PLAIN,
        survey: &[
            &["type", "name", "label"],
            &[
                "select one from yes_or_no",
                "demarre",
                "Le projet a-t-il démarré ?",
            ],
            &[
                "select all that apply from canaux",
                "canaux",
                "Vos canaux de vente",
            ],
            &[
                "add select one prompt using statut",
                "statut",
                "Votre statut",
            ],
            &[
                "add select multiple prompt using canaux",
                "envisages",
                "Canaux envisagés",
            ],
            &["select1 statut", "statut_prevu", "Statut prévu"],
            &["select_multiple canaux", "canaux_2025", "Canaux en 2025"],
            &["select_one_external villes", "ville", "Votre ville"],
            &["string", "activite", "Votre activité"],
            &["int", "salaries", "Salariés"],
        ],
        choices: &[
            &["list_name", "name", "label"],
            &["yes_or_no", "yes", "Oui"],
            &["yes_or_no", "no", "Non"],
            &["canaux", "web", "Internet"],
            &["canaux", "marche", "Marchés"],
            &["statut", "scop", "Scop"],
            &["statut", "asso", "Association"],
        ],
        settings: &[],
        reported: &[
            "survey sheet, row 8: type \"select_one_external villes\": choices from an external file are not supported: copy them into the choices sheet",
        ],
        questions: &[
            "demarre",
            "canaux",
            "statut",
            "envisages",
            "statut_prevu",
            "canaux_2025",
            "activite",
            "salaries",
        ],
        other: &[],
    },
    // "or other" in its three spellings and any case.
    Form {
        name: "or-other",
        sheets: PLAIN,
        survey: &[
            &["type", "name", "label"],
            &["select_one statut or_other", "statut", "Votre statut"],
            &[
                "select one from canaux or specify other",
                "canal",
                "Votre premier canal",
            ],
            &[
                "select_multiple canaux or_other",
                "canaux",
                "Tous vos canaux",
            ],
            &["SELECT_ONE statut OR_OTHER", "statut_prevu", "Statut prévu"],
            &["select_one statut", "statut_2025", "Statut en 2025"],
        ],
        choices: &[
            &["list_name", "name", "label"],
            &["canaux", "web", "Internet"],
            &["canaux", "marche", "Marchés"],
            &["statut", "scop", "Scop"],
            &["statut", "asso", "Association"],
        ],
        settings: &[],
        reported: &[],
        questions: &["statut", "canal", "canaux", "statut_prevu", "statut_2025"],
        other: &["statut", "canal", "canaux", "statut_prevu"],
    },
    // Groups and repeats spelled with spaces, underscores, and the old "looped group".
    Form {
        name: "groups-spelled",
        sheets: PLAIN,
        survey: &[
            &["type", "name", "label"],
            &["begin group", "projet", "Le projet"],
            &["text", "nom", "Nom du projet"],
            &["end group", "", ""],
            &["begin_group", "equipe", "L'équipe"],
            &["integer", "membres", "Membres"],
            &["end_group", "", ""],
            &["begin repeat", "associes", "Associés"],
            &["text", "associe", "Nom"],
            &["begin_repeat", "parts", "Parts"],
            &["integer", "part", "Part"],
            &["end_repeat", "", ""],
            &["end repeat", "", ""],
            &["begin looped group", "activites", "Activités"],
            &["text", "activite", "Activité"],
            &["end looped group", "", ""],
            &["date", "debut", "Début de l'accompagnement"],
        ],
        choices: &[],
        settings: &[],
        reported: &[
            "survey sheet, row 8: repeats are not supported",
            "survey sheet, row 9: inside the repeat that starts at row 8: repeats are not supported",
            "survey sheet, row 10: inside the repeat that starts at row 8: repeats are not supported",
            "survey sheet, row 11: inside the repeat that starts at row 8: repeats are not supported",
            "survey sheet, row 12: inside the repeat that starts at row 8: repeats are not supported",
            "survey sheet, row 13: inside the repeat that starts at row 8: repeats are not supported",
            "survey sheet, row 14: repeats are not supported",
            "survey sheet, row 15: inside the repeat that starts at row 14: repeats are not supported",
            "survey sheet, row 16: inside the repeat that starts at row 14: repeats are not supported",
        ],
        questions: &["nom", "membres", "debut"],
        other: &[],
    },
    // Sheets and columns in capitals, the language given by its code.
    Form {
        name: "capitals",
        sheets: ["SURVEY", "CHOICES", "SETTINGS"],
        survey: &[
            &[
                "TYPE",
                "NAME",
                "LABEL::FR",
                "LABEL::EN",
                "REQUIRED",
                "RELEVANT",
            ],
            &[
                "SELECT_ONE oui_non",
                "emploi",
                "Avez-vous créé un emploi ?",
                "Did you create a job?",
                "YES",
                "",
            ],
            &[
                "INTEGER",
                "emplois",
                "Combien ?",
                "How many?",
                "",
                "${emploi} = 'oui'",
            ],
        ],
        choices: &[
            &["LIST_NAME", "NAME", "LABEL::FR", "LABEL::EN"],
            &["oui_non", "oui", "Oui", "Yes"],
            &["oui_non", "non", "Non", "No"],
        ],
        settings: &[
            &["FORM_TITLE", "FORM_ID", "VERSION"],
            &["Emplois", "emplois", "2"],
        ],
        reported: &[],
        questions: &["emploi", "emplois"],
        other: &[],
    },
    // Languages by name, in French or English, with one or two colons; a third language is
    // left out, and said so.
    Form {
        name: "languages-by-name",
        sheets: ["Survey", "Choices", "Settings"],
        survey: &[
            &[
                "type",
                "name",
                "label:Français",
                "label::English (en)",
                "hint:French",
                "hint::English",
                "label::Español (es)",
            ],
            &[
                "select_one appui",
                "appui",
                "L'appui vous a-t-il aidé ?",
                "Did the support help you?",
                "Une réponse",
                "One answer",
                "¿Le ayudó el apoyo?",
            ],
            &[
                "text",
                "suite",
                "Et ensuite ?",
                "What next?",
                "",
                "",
                "¿Y después?",
            ],
        ],
        choices: &[
            &["list_name", "name", "label:French", "label:English"],
            &["appui", "beaucoup", "Beaucoup", "A lot"],
            &["appui", "peu", "Un peu", "A little"],
        ],
        settings: &[],
        reported: &[
            "survey sheet, row 1: column \"label::Español (es)\": Bilan keeps French and English only",
        ],
        questions: &["appui", "suite"],
        other: &[],
    },
    // The cascading select: the same county name under two states, filtered by the state.
    Form {
        name: "choice-filter",
        sheets: PLAIN,
        survey: &[
            &["type", "name", "label", "choice_filter"],
            &["select_one state", "state", "État", ""],
            &["select_one county", "county", "Comté", "state=${state}"],
        ],
        choices: &[
            &["list_name", "name", "label", "state"],
            &["state", "texas", "Texas", ""],
            &["state", "washington", "Washington", ""],
            &["county", "king", "King", "texas"],
            &["county", "harris", "Harris", "texas"],
            &["county", "king", "King", "washington"],
            &["county", "pierce", "Pierce", "washington"],
        ],
        settings: &[],
        reported: &[
            "choices sheet, row 6: choice \"king\" is already in list \"county\": kept once",
            "survey sheet, row 3: choice_filter \"state=${state}\" is not supported: every option is shown",
        ],
        questions: &["state", "county"],
        other: &[],
    },
    // The same names at two places: a group "questions" in two groups, a question "nom" in two
    // groups.
    Form {
        name: "repeated-names",
        sheets: PLAIN,
        survey: &[
            &["type", "name", "label"],
            &["begin group", "personne", "Vous"],
            &["begin group", "questions", "Questions"],
            &["text", "nom", "Votre nom d'usage"],
            &["end group", "", ""],
            &["end group", "", ""],
            &["begin group", "entreprise", "L'entreprise"],
            &["begin group", "questions", "Questions"],
            &["text", "nom", "Nom de l'entreprise"],
            &["end group", "", ""],
            &["end group", "", ""],
        ],
        choices: &[],
        settings: &[],
        reported: &[
            "survey sheet, row 8: group name \"questions\" is used twice: this one becomes the section \"entreprise-questions\"",
            "survey sheet, row 9: name \"nom\" is used twice: this one becomes the id \"entreprise-questions-nom\"",
        ],
        questions: &["nom", "entreprise-questions-nom"],
        other: &[],
    },
    // The oldest column names (`command`, `tag`, `caption`, `relevance`) and old media prompts.
    Form {
        name: "legacy-columns",
        sheets: PLAIN,
        survey: &[
            &["command", "tag", "caption", "relevance"],
            &[
                "select one from oui_non",
                "accompagne",
                "Êtes-vous accompagné·e ?",
                "",
            ],
            &[
                "integer",
                "mois",
                "Depuis combien de mois ?",
                "selected(${accompagne}, 'oui')",
            ],
            &["add photo prompt", "photo", "Une photo", ""],
            &["imei", "appareil", "", ""],
        ],
        choices: &[
            &["list name", "value", "caption"],
            &["oui_non", "oui", "Oui"],
            &["oui_non", "non", "Non"],
        ],
        settings: &[],
        reported: &[
            "survey sheet, row 4: type \"add photo prompt\": photos are not supported",
            "survey sheet, row 5: type \"imei\": metadata fields are not needed: Bilan records no device data",
        ],
        questions: &["accompagne", "mois"],
        other: &[],
    },
    // A household survey as a statistics office writes it for ODK: metadata, groups, a repeat
    // of the household's members with a group inside, "or other", a filtered list, two
    // languages and a third, constraints, a note and a calculation.
    Form {
        name: "household",
        sheets: ["SURVEY", "choices", "Settings"],
        survey: &[
            &[
                "type",
                "name",
                "label::Français (fr)",
                "label::English (en)",
                "label::Wolof (wo)",
                "hint::Français (fr)",
                "required",
                "relevant",
                "constraint",
                "choice_filter",
                "calculation",
            ],
            &["start", "start", "", "", "", "", "", "", "", "", ""],
            &["end", "end", "", "", "", "", "", "", "", "", ""],
            &["today", "today", "", "", "", "", "", "", "", "", ""],
            &["deviceid", "deviceid", "", "", "", "", "", "", "", "", ""],
            &[
                "note",
                "intro",
                "Merci de répondre.",
                "Thank you for answering.",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            &[
                "begin group",
                "menage",
                "Le ménage",
                "The household",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            &[
                "integer",
                "taille",
                "Combien de personnes ?",
                "How many people?",
                "",
                "Vous compris",
                "yes",
                "",
                ". >= 1 and . <= 30",
                "",
                "",
            ],
            &[
                "select_one region",
                "region",
                "Région",
                "Region",
                "",
                "",
                "yes",
                "",
                "",
                "",
                "",
            ],
            &[
                "select_one commune",
                "commune",
                "Commune",
                "Town",
                "",
                "",
                "",
                "",
                "",
                "region=${region}",
                "",
            ],
            &[
                "select_one logement or_other",
                "logement",
                "Logement",
                "Housing",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            &["end group", "", "", "", "", "", "", "", "", "", ""],
            &[
                "begin repeat",
                "membre",
                "Membre",
                "Member",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            &[
                "text",
                "prenom",
                "Prénom",
                "First name",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            &[
                "begin group",
                "emploi",
                "Emploi",
                "Work",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            &[
                "select_multiple activite",
                "activite",
                "Activités",
                "Activities",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            &["end group", "", "", "", "", "", "", "", "", "", ""],
            &["end repeat", "", "", "", "", "", "", "", "", "", ""],
            &[
                "calculate",
                "adultes",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "${taille} - 1",
            ],
            &[
                "begin group",
                "revenus",
                "Les revenus",
                "Income",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            &[
                "select_multiple activite or_other",
                "sources",
                "Sources de revenus",
                "Sources of income",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            &[
                "decimal",
                "part",
                "Part de l'activité principale (%)",
                "Share of the main activity (%)",
                "",
                "",
                "",
                "selected(${sources}, 'commerce')",
                ". >= 0 and . <= 100",
                "",
                "",
            ],
            &["end group", "", "", "", "", "", "", "", "", "", ""],
        ],
        choices: &[
            &[
                "list_name",
                "name",
                "label::Français (fr)",
                "label::English (en)",
                "region",
            ],
            &["region", "dakar", "Dakar", "Dakar", ""],
            &["region", "thies", "Thiès", "Thies", ""],
            &["commune", "centre", "Centre", "Centre", "dakar"],
            &["commune", "gare", "Gare", "Station", "dakar"],
            &["commune", "centre", "Centre", "Centre", "thies"],
            &["logement", "proprietaire", "Propriétaire", "Owner", ""],
            &["logement", "locataire", "Locataire", "Tenant", ""],
            &["activite", "commerce", "Commerce", "Trade", ""],
            &["activite", "agriculture", "Agriculture", "Farming", ""],
            &["activite", "salariat", "Salariat", "Wages", ""],
        ],
        settings: &[
            &["form_title", "form_id", "version", "default_language"],
            &["Enquête ménage", "menage_2026", "4", "Français (fr)"],
        ],
        reported: &[
            "survey sheet, row 1: column \"label::Wolof (wo)\": Bilan keeps French and English only",
            "choices sheet, row 6: choice \"centre\" is already in list \"commune\": kept once",
            "survey sheet, row 2: type \"start\": metadata fields are not needed: Bilan records no device data",
            "survey sheet, row 3: type \"end\": metadata fields are not needed: Bilan records no device data",
            "survey sheet, row 4: type \"today\": metadata fields are not needed: Bilan records no device data",
            "survey sheet, row 5: type \"deviceid\": metadata fields are not needed: Bilan records no device data",
            "survey sheet, row 6: notes are not questions: put this text in a section description or a question's help",
            "survey sheet, row 10: choice_filter \"region=${region}\" is not supported: every option is shown",
            "survey sheet, row 13: repeats are not supported",
            "survey sheet, row 14: inside the repeat that starts at row 13: repeats are not supported",
            "survey sheet, row 15: inside the repeat that starts at row 13: repeats are not supported",
            "survey sheet, row 16: inside the repeat that starts at row 13: repeats are not supported",
            "survey sheet, row 17: inside the repeat that starts at row 13: repeats are not supported",
            "survey sheet, row 18: inside the repeat that starts at row 13: repeats are not supported",
            "survey sheet, row 19: type \"calculate\": calculations are not supported",
        ],
        questions: &["taille", "region", "commune", "logement", "sources", "part"],
        other: &["logement", "sources"],
    },
];

/// The sheets as the fuzz target reads text: sheets apart by form feeds, rows by new lines,
/// cells by tabs.
fn as_tsv(form: &Form) -> String {
    [form.survey, form.choices, form.settings]
        .iter()
        .map(|rows| {
            rows.iter()
                .map(|row| row.join("\t"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\u{c}")
}

#[test]
fn every_form_of_the_corpus_imports_reports_its_rows_and_checks() {
    let dir = TempDir::new("xlsform-corpus");
    let seeds = workspace_root().join("fuzz/corpus/xlsform");
    let bless = std::env::var_os("BILAN_BLESS_CORPUS").is_some();
    let mut failures = Vec::new();
    for form in CORPUS {
        let file = dir.0.join(format!("{}.xlsx", form.name));
        write_named(&file, form.sheets, form.survey, form.choices, form.settings);
        let out = dir.0.join(form.name);
        std::fs::create_dir_all(&out).unwrap();
        let written = out.join(format!("{}.toml", form.name));
        let run = run_import(&file, &written);
        let report =
            String::from_utf8_lossy(&run.stderr).replace(&format!("{}: ", file.display()), "");
        if !run.status.success() {
            failures.push(format!("{}: refused:\n{report}", form.name));
            continue;
        }
        let lines: Vec<&str> = report
            .lines()
            .filter(|l| !l.starts_with("wrote "))
            .collect();
        if lines != form.reported {
            failures.push(format!(
                "{}: reported\n  {}\nexpected\n  {}",
                form.name,
                lines.join("\n  "),
                form.reported.join("\n  ")
            ));
        }
        // The written file passes the same check as the Pôle's own surveys.
        let check = Command::new(server_bin())
            .args(["survey", "check"])
            .arg(&out)
            .output()
            .unwrap();
        if !check.status.success() {
            failures.push(format!(
                "{}: survey check refused it:\n{}",
                form.name,
                String::from_utf8_lossy(&check.stderr)
            ));
        }
        let text = std::fs::read_to_string(&written).unwrap();
        let survey = load("form.toml", &text).unwrap_or_else(|e| panic!("{e:#?}\n{text}"));
        let questions: Vec<&str> = survey.questions().map(|q| q.id.as_str()).collect();
        if questions != form.questions {
            failures.push(format!("{}: questions {questions:?}", form.name));
        }
        let other: Vec<&str> = survey
            .questions()
            .filter(|q| {
                matches!(
                    q.kind,
                    Kind::Single { other: true, .. } | Kind::Multiple { other: true, .. }
                )
            })
            .map(|q| q.id.as_str())
            .collect();
        if other != form.other {
            failures.push(format!("{}: « Autre » on {other:?}", form.name));
        }
        if form.name == "household" {
            household(&survey, &text);
        }
        // The fuzz target starts from the same forms.
        let seed = seeds.join(format!("{}.tsv", form.name));
        if bless {
            std::fs::write(&seed, as_tsv(form)).unwrap();
        } else if std::fs::read_to_string(&seed).ok().as_deref() != Some(as_tsv(form).as_str()) {
            failures.push(format!(
                "{}: {} is not this form (BILAN_BLESS_CORPUS=1 writes it)",
                form.name,
                seed.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// What the household form keeps: its settings, both languages, the range, the condition, and
/// the filtered list's names once each.
fn household(survey: &bilan_core::survey::Survey, text: &str) {
    use bilan_core::Lang;
    assert_eq!(
        (survey.id.as_str(), survey.version),
        ("menage_2026", 4),
        "{text}"
    );
    assert_eq!(survey.title.get(Lang::Fr), "Enquête ménage", "{text}");
    assert_eq!(survey.languages, [Lang::Fr, Lang::En], "{text}");
    let size = survey.question("taille").unwrap();
    assert!(size.required, "{text}");
    assert_eq!(size.label.get(Lang::En), "How many people?", "{text}");
    assert!(
        matches!(
            size.kind,
            Kind::Integer {
                min: Some(1.0),
                max: Some(30.0),
                ..
            }
        ),
        "{text}"
    );
    assert!(survey.question("part").unwrap().show_if.is_some(), "{text}");
    assert!(
        text.contains("show_if = \"sources = 'commerce'\""),
        "{text}"
    );
    match &survey.question("commune").unwrap().kind {
        Kind::Single { options, .. } => {
            let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
            assert_eq!(ids, ["centre", "gare"], "{text}");
        }
        kind => panic!("{kind:?}"),
    }
    let sections: Vec<&str> = survey.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(sections, ["menage", "revenus"], "{text}");
}

/// A form with nothing Bilan can ask, and a workbook with no survey sheet, are refused with the
/// reason and nothing is written.
#[test]
fn forms_with_no_question_bilan_can_ask_are_refused() {
    let dir = TempDir::new("xlsform-refused");
    let cases: [(&str, [&str; 3], Rows, &str); 2] = [
        (
            "calculations",
            PLAIN,
            &[
                &["type", "name", "label", "calculation"],
                &["calculate", "annee", "", "format-date(today(), '%Y')"],
                &[
                    "calculate",
                    "prix",
                    "",
                    "pulldata('tarifs', 'prix', 'code', '1')",
                ],
                &["include", "autre_formulaire", "", ""],
            ],
            "the form has no question that Bilan can ask",
        ),
        (
            "no-survey-sheet",
            ["Feuil1", "choices", "settings"],
            &[&["type", "name", "label"], &["text", "nom", "Nom"]],
            "the form has no \"survey\" sheet",
        ),
    ];
    for (name, sheets, survey, said) in cases {
        let file = dir.0.join(format!("{name}.xlsx"));
        let written = dir.0.join(format!("{name}.toml"));
        write_named(&file, sheets, survey, &[], &[]);
        let run = run_import(&file, &written);
        let report = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{name}: {report}");
        assert!(report.contains(said), "{name}: {report}");
        assert!(!written.exists(), "{name}: nothing is written");
    }
}
