//! XLSForm import through the real command: forms written as real .xlsx files, converted, and
//! every row that cannot be converted reported with its row number.

use std::path::Path;
use std::process::Command;

use bilan_core::load::load;
use bilan_core::survey::Kind;
use rust_xlsxwriter::Workbook;

use crate::harness::{TempDir, server_bin};

/// A form whose three sheets have the names given (in any case, as people write them).
pub(crate) fn write_named(
    path: &Path,
    names: [&str; 3],
    survey: &[&[&str]],
    choices: &[&[&str]],
    settings: &[&[&str]],
) {
    let mut book = Workbook::new();
    for (name, rows) in names.into_iter().zip([survey, choices, settings]) {
        if rows.is_empty() {
            continue;
        }
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    sheet.write_string(r as u32, c as u16, *cell).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

/// `bilan-server survey import-xlsform FORM --out OUT`, as a person runs it.
pub(crate) fn run_import(form: &Path, out: &Path) -> std::process::Output {
    Command::new(server_bin())
        .args(["survey", "import-xlsform"])
        .arg(form)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// Runs the import; returns (exit ok, converted file text, stderr report).
fn import(survey: &[&[&str]], choices: &[&[&str]], settings: &[&[&str]]) -> (bool, String, String) {
    import_named(["survey", "choices", "settings"], survey, choices, settings)
}

/// The import of a form whose sheets have the names given.
fn import_named(
    names: [&str; 3],
    survey: &[&[&str]],
    choices: &[&[&str]],
    settings: &[&[&str]],
) -> (bool, String, String) {
    let dir = TempDir::new("xlsform");
    let form = dir.0.join("formulaire.xlsx");
    let out = dir.0.join("formulaire.toml");
    write_named(&form, names, survey, choices, settings);
    let run = run_import(&form, &out);
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let report = String::from_utf8_lossy(&run.stderr).replace(&format!("{}: ", form.display()), "");
    (run.status.success(), text, report)
}

const HEADER: &[&str] = &[
    "type",
    "name",
    "label::Français (fr)",
    "label::English (en)",
    "hint::Français (fr)",
    "required",
    "relevant",
    "constraint",
];

#[test]
fn a_supported_form_converts_into_a_valid_bilingual_survey() {
    let survey: &[&[&str]] = &[
        HEADER,
        &[
            "begin_group",
            "projet",
            "Mon projet",
            "My project",
            "",
            "",
            "",
            "",
        ],
        &[
            "select_one yn",
            "demarre",
            "Activité démarrée ?",
            "Started?",
            "",
            "yes",
            "",
            "",
        ],
        &[
            "integer",
            "salaries",
            "Salariés",
            "Employees",
            "Vous compris",
            "",
            "${demarre} = 'yes'",
            ". >= 0 and . <= 500",
        ],
        &[
            "select_multiple canaux",
            "canaux",
            "Canaux de vente",
            "Sales channels",
            "",
            "",
            "",
            "",
        ],
        &["end_group", "", "", "", "", "", "", ""],
        &["begin group", "vous", "Vous", "You", "", "", "", ""],
        &[
            "date",
            "naissance_projet",
            "Début du projet",
            "Project start",
            "",
            "",
            "selected(${canaux}, 'web')",
            "",
        ],
        &[
            "decimal",
            "heures",
            "Heures par semaine",
            "Hours per week",
            "",
            "",
            "not(${salaries} > 3)",
            "",
        ],
        &["text", "remarques", "Remarques", "Remarks", "", "", "", ""],
        &["end group", "", "", "", "", "", "", ""],
    ];
    let choices: &[&[&str]] = &[
        &[
            "list_name",
            "name",
            "label::Français (fr)",
            "label::English (en)",
        ],
        &["yn", "yes", "Oui", "Yes"],
        &["yn", "no", "Non", "No"],
        &["canaux", "web", "Site web", "Website"],
        &["canaux", "marche", "Marché", "Market"],
    ];
    let settings: &[&[&str]] = &[
        &["form_id", "version", "form_title"],
        &["suivi_projet", "3", "Suivi de projet"],
    ];
    let (ok, text, report) = import(survey, choices, settings);
    assert!(ok, "{report}");
    assert_eq!(
        report.lines().next(),
        Some("wrote formulaire.toml (0 row(s) reported above)")
            .map(|_| report.lines().next().unwrap())
    );
    let survey = load("formulaire.toml", &text).unwrap_or_else(|e| panic!("{e:#?}\n{text}"));
    assert_eq!((survey.id.as_str(), survey.version), ("suivi_projet", 3));
    assert_eq!(survey.title.fr, "Suivi de projet");
    assert_eq!(
        survey
            .sections
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>(),
        ["projet", "vous"]
    );
    let q = |id| survey.question(id).unwrap_or_else(|| panic!("no {id}"));
    assert_eq!(q("demarre").kind, Kind::YesNo);
    assert!(q("demarre").required);
    assert_eq!(q("salaries").label.en.as_deref(), Some("Employees"));
    assert_eq!(q("salaries").help.as_ref().unwrap().fr, "Vous compris");
    assert!(matches!(
        q("salaries").kind,
        Kind::Integer {
            min: Some(0.0),
            max: Some(500.0),
            ..
        }
    ));
    assert!(q("salaries").show_if.is_some());
    assert_eq!(q("canaux").kind.options().len(), 2);
    assert!(q("naissance_projet").show_if.is_some());
    assert!(q("heures").show_if.is_some());
    assert!(matches!(q("remarques").kind, Kind::Text { .. }));
    assert!(
        survey.questions().all(|q| !q.shareable),
        "imports share nothing until someone decides to"
    );
    assert!(
        text.contains("show_if = \"salaries = 'yes'\"")
            || text.contains("show_if = \"demarre = 'yes'\""),
        "{text}"
    );
}

#[test]
fn each_unsupported_row_is_reported_with_its_number_and_the_output_stays_valid() {
    let survey: &[&[&str]] = &[
        HEADER,
        &["text", "nom", "Nom du projet", "", "", "", "", ""],
        &["geopoint", "lieu", "Où êtes-vous ?", "", "", "", "", ""],
        &["begin_repeat", "associes", "Associés", "", "", "", "", ""],
        &["text", "associe_nom", "Nom", "", "", "", "", ""],
        &["end_repeat", "", "", "", "", "", "", ""],
        &["calculate", "total", "", "", "", "", "", ""],
        &["note", "merci", "Merci !", "", "", "", "", ""],
        &[
            "integer",
            "age",
            "Âge du projet",
            "",
            "",
            "",
            "count-selected(${nom}) > 1",
            "regex(., '^[0-9]+$')",
        ],
        &["time", "heure", "Heure", "", "", "", "", ""],
        &["select_one inconnue", "choix", "Choix", "", "", "", "", ""],
    ];
    let (ok, text, report) = import(survey, &[], &[]);
    assert!(ok, "{report}");
    let expected = [
        "survey sheet, row 3: type \"geopoint\": locations are not asked in Bilan (they would identify people)",
        "survey sheet, row 4: repeats are not supported",
        "survey sheet, row 5: inside the repeat that starts at row 4: repeats are not supported",
        "survey sheet, row 6: inside the repeat that starts at row 4: repeats are not supported",
        "survey sheet, row 7: type \"calculate\": calculations are not supported",
        "survey sheet, row 8: notes are not questions: put this text in a section description or a question's help",
        "survey sheet, row 9: relevant \"count-selected(${nom}) > 1\" is not a condition Bilan understands: the question is always shown",
        "survey sheet, row 9: constraint \"regex(., '^[0-9]+$')\" is not supported (only \". >= N and . <= M\" on numbers)",
        "survey sheet, row 10: type \"time\": times of day are not supported (use date)",
        "survey sheet, row 11: choice list \"inconnue\" is missing or empty",
    ];
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(&lines[..expected.len()], expected, "{report}");
    assert!(lines[expected.len()].ends_with("formulaire.toml (10 row(s) reported above)"));
    let survey = load("formulaire.toml", &text).unwrap_or_else(|e| panic!("{e:#?}\n{text}"));
    let ids: Vec<&str> = survey.questions().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["nom", "age"]);
}

#[test]
fn a_form_with_nothing_convertible_is_refused_with_a_reason() {
    let survey: &[&[&str]] = &[HEADER, &["geopoint", "lieu", "Où ?", "", "", "", "", ""]];
    let (ok, text, report) = import(survey, &[], &[]);
    assert!(!ok);
    assert!(text.is_empty(), "nothing must be written");
    assert!(
        report.contains("the form has no question that Bilan can ask"),
        "{report}"
    );
}

/// Sheets and columns in capitals, a language given by name, the legacy "select one from ... or
/// specify other": pyxform reads it, and so does Bilan.
#[test]
fn a_form_in_capitals_with_legacy_spellings_imports() {
    let (ok, text, report) = import_named(
        ["SURVEY", "Choices", "SETTINGS"],
        &[
            &["TYPE", "NAME", "LABEL:Français", "LABEL::English"],
            &[
                "select one from statut or specify other",
                "statut",
                "Statut",
                "Status",
            ],
            &[
                "select all that apply from canaux",
                "canaux",
                "Canaux",
                "Channels",
            ],
            &["int", "salaries", "Salariés", "Employees"],
        ],
        &[
            &["LIST_NAME", "NAME", "LABEL:French", "LABEL:English"],
            &["statut", "scop", "Scop", "Co-op"],
            &["statut", "asso", "Association", "Association"],
            &["canaux", "web", "Internet", "Web"],
            &["canaux", "marche", "Marchés", "Markets"],
        ],
        &[&["FORM_ID", "VERSION"], &["menage", "3"]],
    );
    assert!(ok, "{report}");
    let survey = load("menage.toml", &text).unwrap();
    assert_eq!((survey.id.as_str(), survey.version), ("menage", 3));
    match &survey.question("statut").unwrap().kind {
        Kind::Single { options, other } => {
            assert!(*other, "« Autre (précisez) »");
            assert_eq!(options.len(), 2);
        }
        kind => panic!("{kind:?}"),
    }
    assert!(matches!(
        survey.question("canaux").unwrap().kind,
        Kind::Multiple { .. }
    ));
    assert!(matches!(
        survey.question("salaries").unwrap().kind,
        Kind::Integer { .. }
    ));
    assert_eq!(
        survey
            .question("canaux")
            .unwrap()
            .label
            .get(bilan_core::Lang::En),
        "Channels"
    );
}
