//! The survey folder: read at start, validated, and remembered by version in the database.

use std::path::Path;

use bilan_core::Survey;
use bilan_core::load::{check_version, load_all};

use crate::Database;

/// Reads and validates every `*.toml` file of `dir`, returning each survey with its file;
/// errors are one line each, `file:line:column: what is wrong`.
pub fn load_dir(dir: &Path) -> Result<Vec<(String, Survey)>, Vec<String>> {
    let entries = std::fs::read_dir(dir).map_err(|err| {
        vec![format!(
            "{}: cannot read the survey folder: {err}",
            dir.display()
        )]
    })?;
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
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
    match load_all(files) {
        Ok(surveys) if errors.is_empty() => Ok(surveys),
        Ok(_) => Err(errors),
        Err(found) => {
            errors.extend(found.iter().map(ToString::to_string));
            Err(errors)
        }
    }
}

/// Refuses surveys whose version is below one this server already served, then records the
/// versions; nothing is recorded unless every survey passes.
pub async fn check_and_record_versions(
    db: &Database,
    surveys: &[(String, Survey)],
) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    for (file, survey) in surveys {
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
    for (_, survey) in surveys {
        db.record_survey_version(&survey.id, survey.version)
            .await
            .map_err(|e| vec![e.to_string()])?;
    }
    Ok(())
}
