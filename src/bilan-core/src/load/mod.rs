//! Reading survey files: TOML in, a validated [`Survey`] out, or every mistake with its
//! `file:line:column` and what is wrong.
//!
//! A file that is not even well-formed TOML (or uses an unknown key) stops at that first error,
//! as a compiler stops at a syntax error; all other mistakes are reported together.

mod conditions;
mod convert;
mod kinds;
mod raw;

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use crate::survey::{Audience, Survey};

/// One mistake in a survey file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for SurveyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for SurveyError {}

/// Collects errors against one file's text.
pub(super) struct Report<'a> {
    pub(super) file: &'a str,
    pub(super) src: &'a str,
    pub(super) errors: Vec<SurveyError>,
}

impl Report<'_> {
    pub(super) fn at(&mut self, offset: usize, message: impl Into<String>) {
        // Offsets inside a `show_if` are counted in the parsed string, which escapes can make
        // longer or shorter than the source: never cut a character in two.
        let mut offset = offset.min(self.src.len());
        while !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.src[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        self.errors.push(SurveyError {
            file: self.file.to_owned(),
            line,
            column,
            message: message.into(),
        });
    }

    pub(super) fn span(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.at(span.start, message);
    }

    pub(super) fn line_of(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.src.len());
        while !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        self.src[..offset].matches('\n').count() + 1
    }
}

/// An id the wire takes as it is ([`crate::bucket::is_id`]: a question id names its counters),
/// starting with a letter or a digit.
pub(super) fn is_slug(id: &str) -> bool {
    crate::bucket::is_id(id)
        && id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// Parses and validates the survey file `file` whose text is `src`.
pub fn load(file: &str, src: &str) -> Result<Survey, Vec<SurveyError>> {
    let mut report = Report {
        file,
        src,
        errors: Vec::new(),
    };
    let raw: raw::RawSurvey = match toml::from_str(src) {
        Ok(raw) => raw,
        Err(err) => {
            let offset = err.span().map_or(0, |s| s.start);
            report.at(offset, err.message().trim_end().replace('\n', " "));
            return Err(report.errors);
        }
    };
    let survey = convert::convert(&mut report, raw);
    if report.errors.is_empty() {
        Ok(survey)
    } else {
        Err(report.errors)
    }
}

/// Loads every file of a folder, given as `(file name, text)` pairs, and checks them together.
/// Returns the surveys sorted by id then version, or every error of every file.
pub fn load_all(
    files: impl IntoIterator<Item = (String, String)>,
) -> Result<Vec<(String, Survey)>, Vec<SurveyError>> {
    let mut surveys = Vec::new();
    let mut errors = Vec::new();
    for (file, src) in files {
        match load(&file, &src) {
            Ok(survey) => surveys.push((file, survey)),
            Err(mut e) => errors.append(&mut e),
        }
    }
    errors.extend(check_set(&surveys));
    if errors.is_empty() {
        surveys.sort_by(|a, b| a.1.id.cmp(&b.1.id).then(a.1.version.cmp(&b.1.version)));
        Ok(surveys)
    } else {
        Err(errors)
    }
}

/// Checks surveys loaded from one folder together. A folder may keep the older versions of a
/// survey beside the latest, one file each; a question that keeps its id across versions must
/// mean the same in each.
pub fn check_set(surveys: &[(String, Survey)]) -> Vec<SurveyError> {
    let mut seen: BTreeMap<(&str, u32), &str> = BTreeMap::new();
    let mut errors = Vec::new();
    let at = |file: &str, message: String| SurveyError {
        file: file.to_owned(),
        line: 1,
        column: 1,
        message,
    };
    for (file, survey) in surveys {
        if let Some(first) = seen.insert((&survey.id, survey.version), file) {
            errors.push(at(
                file,
                format!(
                    "survey id {:?} at version {} is also in {first}: keep one file per version",
                    survey.id, survey.version
                ),
            ));
        }
    }
    for (file, survey) in surveys {
        for (old_file, old) in surveys
            .iter()
            .filter(|(_, o)| o.id == survey.id && o.version < survey.version)
        {
            for (question, what) in crate::versions::changed(old, survey) {
                errors.push(at(
                    file,
                    format!(
                        "question {:?} changed {what} since version {} ({old_file}): \
                         give it a new id (say \"{}-v{}\"), so its answers are never added to the old ones",
                        question.id, old.version, question.id, survey.version
                    ),
                ));
            }
        }
    }
    let mut figures = crate::versions::latest_files(surveys)
        .into_iter()
        .filter(|(_, s)| s.audience == Audience::Figures);
    if let (Some((first, _)), Some((file, survey))) = (figures.next(), figures.next()) {
        errors.push(SurveyError {
            file: file.clone(),
            line: 1,
            column: 1,
            message: format!(
                "survey {:?} has audience = \"figures\", as {first} does: the board shows one survey's figures",
                survey.id
            ),
        });
    }
    errors
}

/// Reads and checks every `*.toml` file of `dir` together; each error is one line,
/// `file:line:column: what is wrong`. The server and the build both read a folder this way.
pub fn read_folder(dir: &std::path::Path) -> Result<Vec<(String, Survey)>, Vec<String>> {
    let entries = std::fs::read_dir(dir).map_err(|err| {
        vec![format!(
            "{}: cannot read the survey folder: {err}",
            dir.display()
        )]
    })?;
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in entries.flatten().map(|e| e.path()) {
        if path.extension().is_some_and(|e| e == "toml") {
            match std::fs::read_to_string(&path) {
                Ok(text) => files.push((path.display().to_string(), text)),
                Err(err) => errors.push(format!("{}: cannot read: {err}", path.display())),
            }
        }
    }
    files.sort();
    if files.is_empty() && errors.is_empty() {
        errors.push(format!(
            "{}: no survey file (*.toml) in this folder",
            dir.display()
        ));
    }
    match read_texts(files) {
        Ok(surveys) if errors.is_empty() => Ok(surveys),
        Ok(_) => Err(errors),
        Err(found) => Err(errors.into_iter().chain(found).collect()),
    }
}

/// [`load_all`] with each error as one line of text.
pub fn read_texts(
    files: impl IntoIterator<Item = (String, String)>,
) -> Result<Vec<(String, Survey)>, Vec<String>> {
    load_all(files).map_err(|errors| errors.iter().map(ToString::to_string).collect())
}

/// Refuses a survey whose version went down since `known` (the highest version already seen
/// for its id, e.g. by the server): aggregates of the higher version would be misread.
pub fn check_version(file: &str, survey: &Survey, known: Option<u32>) -> Result<(), SurveyError> {
    match known {
        Some(known) if survey.version < known => Err(SurveyError {
            file: file.to_owned(),
            line: 1,
            column: 1,
            message: format!(
                "survey {:?} is at version {}, but version {known} is already in use: versions never go down",
                survey.id, survey.version
            ),
        }),
        _ => Ok(()),
    }
}
