//! XLSForm (the spreadsheet format of ODK and KoboToolbox) converted into Bilan's survey format.
//!
//! The input is the sheets as rows of text (the caller reads the file); the output is a survey
//! file's text and the list of every row that could not be converted as it was, with its reason.
//! Nothing is dropped silently, and the output always passes [`crate::load::load`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

mod cells;
mod out;

use cells::*;
use out::*;

/// One sheet: its rows, the first holding the column names.
pub type Sheet = Vec<Vec<String>>;

/// A row that was not converted as written, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub sheet: &'static str,
    /// The spreadsheet's own row number (the header is row 1).
    pub row: usize,
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} sheet, row {}: {}", self.sheet, self.row, self.reason)
    }
}

/// The converted survey file and what did not convert.
#[derive(Debug, Clone)]
pub struct Conversion {
    pub toml: String,
    pub skipped: Vec<Skipped>,
}

/// Why a form cannot be converted at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XlsFormError {
    #[error("the form has no \"survey\" sheet")]
    NoSurveySheet,
    #[error("the survey sheet has no \"{0}\" column")]
    MissingColumn(&'static str),
    #[error("the form has no question that Bilan can ask")]
    NothingToConvert,
    #[error("the converted survey does not validate: {0}")]
    Invalid(String),
}

/// Converts a form given as its `survey`, `choices` and `settings` sheets (the latter two may be
/// empty). `fallback_id` names the survey when the settings give no `form_id`.
pub fn convert(
    survey: &Sheet,
    choices: &Sheet,
    settings: &Sheet,
    fallback_id: &str,
) -> Result<Conversion, XlsFormError> {
    let header = survey.first().ok_or(XlsFormError::NoSurveySheet)?;
    let cols = Columns::new(header);
    for needed in ["type", "name"] {
        if cols.index(needed).is_none() {
            return Err(XlsFormError::MissingColumn(needed));
        }
    }
    let mut skipped = Vec::new();
    let mut skip = |sheet, row, reason: String| skipped.push(Skipped { sheet, row, reason });

    // Columns in a third language are left out, once for the sheet.
    for (sheet, header) in [("survey", Some(header)), ("choices", choices.first())] {
        for column in other_languages(header.map_or(&[][..], Vec::as_slice)) {
            skip(
                sheet,
                1,
                format!("column {column:?}: Bilan keeps French and English only"),
            );
        }
    }

    // Choice lists.
    let mut lists: BTreeMap<String, Vec<OutOption>> = BTreeMap::new();
    if let Some(header) = choices.first() {
        let ccols = Columns::new(header);
        for (i, row) in choices.iter().enumerate().skip(1) {
            let list = ccols.get(row, "list_name").to_owned();
            let name = ccols.get(row, "name");
            if list.is_empty() && name.is_empty() {
                continue;
            }
            let (fr, en) = ccols.texts(row, "label");
            let id = slug(name);
            if id.is_empty() {
                skip(
                    "choices",
                    i + 1,
                    format!("choice {name:?} has no usable name"),
                );
                continue;
            }
            let options = lists.entry(list.clone()).or_default();
            if options.iter().any(|o| o.id == id) {
                // The same name twice in one list: lists filtered by `choice_filter` repeat
                // names (a county's towns); the question shows each once.
                skip(
                    "choices",
                    i + 1,
                    format!("choice {name:?} is already in list {list:?}: kept once"),
                );
                continue;
            }
            options.push(OutOption {
                id,
                fr: fr.or_else(|| en.clone()).unwrap_or_else(|| name.to_owned()),
                en,
            });
        }
    }

    // Settings.
    let (mut id, mut version, mut title) = (slug(fallback_id), 1, None);
    if let (Some(header), Some(row)) = (settings.first(), settings.get(1)) {
        let scols = Columns::new(header);
        let form_id = scols.get(row, "form_id");
        if !form_id.is_empty() {
            id = slug(form_id);
        }
        let v = scols.get(row, "version");
        if !v.is_empty() {
            match v.parse::<u32>() {
                Ok(n) if n >= 1 => version = n,
                _ => skip(
                    "settings",
                    2,
                    format!("version {v:?} is not a whole number from 1: version 1 used"),
                ),
            }
        }
        let t = scols.get(row, "form_title");
        if !t.is_empty() {
            title = Some(t.to_owned());
        }
    }

    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    let mut sections: Vec<OutSection> = Vec::new();
    let mut current: Option<OutSection> = None;
    let mut english = false;
    let mut french_missing = false;
    let mut in_repeat: Option<(usize, usize)> = None;
    // The ids taken by sections and by questions, and the open groups' names.
    let mut section_ids: BTreeSet<String> = BTreeSet::new();
    let mut question_ids: BTreeSet<String> = BTreeSet::new();
    let mut groups: Vec<String> = Vec::new();
    for (i, row) in survey.iter().enumerate().skip(1) {
        let row_number = i + 1;
        let raw_type = cols.get(row, "type");
        let name = cols.get(row, "name");
        if raw_type.is_empty() && name.is_empty() {
            continue;
        }
        // Every spelling pyxform reads: "select_one list", "select one from list", "select all
        // that apply from list", "... or_other", "begin group", "begin_repeat".
        let typed = parse_type(raw_type);
        let (kind, list) = (typed.kind.as_str(), typed.list.as_str());

        if let Some((start, depth)) = in_repeat {
            // Repeats within the repeat end before it does.
            in_repeat = match kind {
                "begin repeat" => Some((start, depth + 1)),
                "end repeat" if depth == 0 => None,
                "end repeat" => Some((start, depth - 1)),
                _ => in_repeat,
            };
            skip(
                "survey",
                row_number,
                format!("inside the repeat that starts at row {start}: repeats are not supported"),
            );
            continue;
        }
        let (label_fr, label_en) = cols.texts(row, "label");
        match kind {
            "begin group" => {
                if let Some(section) = current.take() {
                    sections.push(section);
                }
                english |= label_en.is_some();
                let fr = label_fr
                    .clone()
                    .or_else(|| label_en.clone())
                    .unwrap_or_else(|| name.to_owned());
                // A group's name may come back elsewhere in the form: its path tells them apart.
                let mut path = groups.clone();
                path.push(slug(name));
                let id = unique(&slug(name), &path.join("-"), &mut section_ids);
                if id != slug(name) {
                    skip(
                        "survey",
                        row_number,
                        format!(
                            "group name {name:?} is used twice: this one becomes the section {id:?}"
                        ),
                    );
                }
                groups.push(slug(name));
                current = Some(OutSection {
                    id,
                    title: OutText { fr, en: label_en },
                    question: Vec::new(),
                });
                continue;
            }
            "end group" => {
                groups.pop();
                if let Some(section) = current.take() {
                    sections.push(section);
                }
                continue;
            }
            "begin repeat" => {
                in_repeat = Some((row_number, 0));
                skip("survey", row_number, "repeats are not supported".into());
                continue;
            }
            _ => {}
        }
        let id = slug(name);
        let out_kind = match kind {
            "integer" | "range" => Some("integer"),
            "decimal" => Some("decimal"),
            "text" => Some("text"),
            "date" => Some("date"),
            "select one" => Some("single"),
            "select multiple" => Some("multiple"),
            "note" => {
                skip("survey", row_number, "notes are not questions: put this text in a section description or a question's help".into());
                None
            }
            other => {
                let reason = UNSUPPORTED
                    .iter()
                    .find(|(k, _)| *k == other.replace(' ', "_"))
                    .map(|(_, why)| format!("type {raw_type:?}: {why}"))
                    .unwrap_or_else(|| format!("type {raw_type:?} is not supported"));
                skip("survey", row_number, reason);
                None
            }
        };
        let Some(mut out_kind) = out_kind else {
            continue;
        };
        if id.is_empty() {
            skip("survey", row_number, format!("{name:?} has no usable name"));
            continue;
        }
        let within = current.as_ref().map_or("questions", |s| s.id.as_str());
        let id = {
            let first = id.clone();
            let id = unique(&id, &format!("{within}-{id}"), &mut question_ids);
            if id != first {
                skip(
                    "survey",
                    row_number,
                    format!("name {name:?} is used twice: this one becomes the id {id:?}"),
                );
            } else if id != name {
                skip(
                    "survey",
                    row_number,
                    format!("name {name:?} becomes the id {id:?}"),
                );
            }
            id
        };
        rename.insert(name.to_owned(), id.clone());
        english |= label_en.is_some();
        if label_fr.is_none() {
            french_missing = true;
        }
        let label = OutText {
            fr: label_fr
                .or_else(|| label_en.clone())
                .unwrap_or_else(|| name.to_owned()),
            en: label_en,
        };
        let (hint_fr, hint_en) = cols.texts(row, "hint");
        let help = (hint_fr.is_some() || hint_en.is_some()).then(|| OutText {
            fr: hint_fr.or_else(|| hint_en.clone()).unwrap_or_default(),
            en: hint_en,
        });
        let mut question = OutQuestion {
            id: id.clone(),
            kind: out_kind,
            label,
            help,
            required: truthy(cols.get(row, "required")),
            show_if: None,
            min: None,
            max: None,
            options: None,
            long: None,
            other: None,
        };
        if kind == "range" {
            let params = cols.get(row, "parameters");
            for part in params.split_whitespace() {
                match part.split_once('=') {
                    Some(("start", v)) => question.min = v.parse().ok(),
                    Some(("end", v)) => question.max = v.parse().ok(),
                    _ => {}
                }
            }
            skip(
                "survey",
                row_number,
                "range becomes an integer question with its start and end as min and max".into(),
            );
        }
        if matches!(out_kind, "single" | "multiple") {
            // A list may serve several questions ("oui_non" often does).
            match lists.get(list).cloned() {
                Some(options) if !options.is_empty() => {
                    let yes_no = out_kind == "single"
                        && options.len() == 2
                        && options.iter().any(|o| o.id == "yes")
                        && options.iter().any(|o| o.id == "no");
                    if yes_no {
                        out_kind = "yes_no";
                        question.kind = out_kind;
                    } else {
                        question.options = Some(options);
                    }
                }
                _ => {
                    skip(
                        "survey",
                        row_number,
                        format!("choice list {list:?} is missing or empty"),
                    );
                    continue;
                }
            }
            if typed.other && question.kind != "yes_no" {
                // « Autre (précisez) »: its text stays on the device, as Bilan's own.
                question.other = Some(true);
            }
            let filter = cols.get(row, "choice_filter");
            if !filter.is_empty() {
                skip(
                    "survey",
                    row_number,
                    format!("choice_filter {filter:?} is not supported: every option is shown"),
                );
            }
        }
        let relevant = cols.get(row, "relevant");
        if !relevant.is_empty() {
            match convert_relevant(relevant, &rename) {
                Some(condition) => question.show_if = Some(condition),
                None => skip(
                    "survey",
                    row_number,
                    format!(
                        "relevant {relevant:?} is not a condition Bilan understands: the question is always shown"
                    ),
                ),
            }
        }
        let constraint = cols.get(row, "constraint");
        if !constraint.is_empty() {
            match (out_kind, convert_constraint(constraint)) {
                ("integer" | "decimal", Some((min, max))) => {
                    question.min = min.or(question.min);
                    question.max = max.or(question.max);
                }
                _ => skip(
                    "survey",
                    row_number,
                    format!(
                        "constraint {constraint:?} is not supported (only \". >= N and . <= M\" on numbers)"
                    ),
                ),
            }
        }
        if out_kind == "text" && cols.get(row, "appearance").contains("multiline") {
            question.long = Some(true);
        }
        let section = current.get_or_insert_with(|| OutSection {
            id: unique(
                "questions",
                &format!("questions-{row_number}"),
                &mut section_ids,
            ),
            title: OutText {
                fr: "Questions".into(),
                en: Some("Questions".into()),
            },
            question: Vec::new(),
        });
        section.question.push(question);
    }
    if let Some(section) = current.take() {
        sections.push(section);
    }
    sections.retain(|s| !s.question.is_empty());
    if sections.is_empty() {
        return Err(XlsFormError::NothingToConvert);
    }
    if french_missing {
        skip("survey", 1, "some labels have no French text: their English (or name) stands in for French, to translate".into());
    }
    let title_text = title.unwrap_or_else(|| id.clone());
    let mut out = OutSurvey {
        id,
        version,
        languages: if english {
            vec!["fr", "en"]
        } else {
            vec!["fr"]
        },
        title: OutText {
            fr: title_text.clone(),
            en: english.then_some(title_text),
        },
        section: sections,
    };
    if english {
        // English was declared: every text needs it, so fill gaps with the French text.
        fill_english(&mut out);
    }
    let body = toml::to_string(&out).map_err(|e| XlsFormError::Invalid(e.to_string()))?;
    let toml =
        format!("# Converted from an XLSForm by `bilan-server survey import-xlsform`.\n{body}");
    crate::load::load("converted.toml", &toml).map_err(|errors| {
        XlsFormError::Invalid(
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    Ok(Conversion { toml, skipped })
}

/// `id` if no one has it yet, else `path` (the enclosing names), else `path` numbered; the one
/// returned is taken.
fn unique(id: &str, path: &str, taken: &mut BTreeSet<String>) -> String {
    let chosen = if !taken.contains(id) {
        id.to_owned()
    } else if !taken.contains(path) {
        path.to_owned()
    } else {
        (2..)
            .map(|n| format!("{path}-{n}"))
            .find(|c| !taken.contains(c))
            .unwrap_or_default()
    };
    taken.insert(chosen.clone());
    chosen
}

fn fill_english(out: &mut OutSurvey) {
    let fill = |t: &mut OutText| {
        if t.en.is_none() {
            t.en = Some(t.fr.clone());
        }
    };
    for section in &mut out.section {
        fill(&mut section.title);
        for q in &mut section.question {
            fill(&mut q.label);
            if let Some(help) = &mut q.help {
                fill(help);
            }
            for o in q.options.iter_mut().flatten() {
                if o.en.is_none() {
                    o.en = Some(o.fr.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
