//! The surveys: those shipped in the binary or a folder given instead, read at start, validated,
//! and remembered by version in the database.

use std::path::PathBuf;

use bilan_core::Survey;
use bilan_core::load::{check_version, read_folder, read_texts};

use crate::Database;

/// The survey files shipped with this server, as `(file, text)`: the default survey folder.
pub const SHIPPED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// Where the surveys come from: those shipped with the server, or a folder that replaces them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Shipped,
    Folder(PathBuf),
}

impl Source {
    /// The folder given on the command line, if any; the shipped surveys otherwise.
    pub fn of(dir: Option<PathBuf>) -> Source {
        dir.map_or(Source::Shipped, Source::Folder)
    }

    /// Reads and validates every survey, each with its file, and adds the review of each grid
    /// (`revision-ID`, which every device derives the same way); errors are one line each,
    /// `file:line:column: what is wrong`.
    pub fn load(&self) -> Result<Vec<(String, Survey)>, Vec<String>> {
        let mut surveys = self.read()?;
        let reviews = bilan_core::session::revision::reviews(&surveys);
        surveys.extend(reviews);
        Ok(surveys)
    }

    /// The survey files alone, read and validated.
    pub fn read(&self) -> Result<Vec<(String, Survey)>, Vec<String>> {
        match self {
            Source::Shipped => read_texts(
                SHIPPED
                    .iter()
                    .map(|(file, text)| ((*file).to_owned(), (*text).to_owned())),
            ),
            Source::Folder(dir) => read_folder(dir),
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Shipped => f.write_str("the shipped surveys"),
            Source::Folder(dir) => write!(f, "{}", dir.display()),
        }
    }
}

/// Refuses surveys whose latest version is below one this server already served, then records
/// the versions; nothing is recorded unless every survey passes.
pub async fn check_and_record_versions(
    db: &Database,
    surveys: &[(String, Survey)],
) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    // The older versions a folder keeps are below the recorded one by design: only each
    // survey's latest version is held to it.
    let latest = bilan_core::versions::latest_files(surveys);
    for (file, survey) in latest.iter().copied() {
        let known = db
            .survey_version(&survey.id)
            .await
            .map_err(|e| vec![e.to_string()])?;
        if let Err(err) = check_version(file, survey, known) {
            errors.push(err.to_string());
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for (_, survey) in latest {
        db.record_survey_version(&survey.id, survey.version)
            .await
            .map_err(|e| vec![e.to_string()])?;
    }
    Ok(())
}
