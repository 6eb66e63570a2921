//! The session file: a session's answers carried from one device to another, in the envelope
//! every Bilan file has.

use serde::{Deserialize, Serialize};

use super::{Session, SessionError};
use crate::file::{FileError, Kind};

fn damaged(detail: String) -> SessionError {
    SessionError::File(FileError::Damaged(Kind::Session, detail))
}

/// Marks a file as a Bilan session file.
pub const FILE_FORMAT: &str = Kind::Session.format();
/// The session-file schema this version writes and reads.
pub const FILE_SCHEMA: u32 = Kind::Session.schema();

/// A session file's content, as it is read (a session file is written by [`to_file`]).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionFile {
    format: String,
    schema: u32,
    exported_at: i64,
    session: Session,
}

/// The file that carries a session's answers from one device to another (a second kiosk tablet
/// with no network to the facilitator's laptop).
pub fn to_file(session: &Session, now: i64) -> String {
    serde_json::to_string_pretty(&file(session, now)).unwrap_or_default()
}

/// What a session file written at `now` holds (the device writes it with the browser's
/// indentation, see [`to_file`]).
pub fn file(session: &Session, now: i64) -> SessionFile {
    SessionFile {
        format: FILE_FORMAT.into(),
        schema: FILE_SCHEMA,
        exported_at: now,
        session: session.clone(),
    }
}

/// Reads and checks a session file; a file that is not one, or is damaged, is refused by name.
pub fn parse_file(text: &str) -> Result<Session, SessionError> {
    from_file(crate::file::read(text, Kind::Session)?)
}

/// The session a file carries, once it is found whole: what every reader of a session file checks
/// after reading it (the device reads files with the browser's JSON parser).
pub fn from_file(file: SessionFile) -> Result<Session, SessionError> {
    let session = file.session;
    whole(&session).map_err(damaged)?;
    Ok(session)
}

/// Whether a session read from a file (its own, or a backup) holds together: checked, and every
/// answer of its survey. Says what does not, for the file's error.
pub(crate) fn whole(session: &Session) -> Result<(), String> {
    session.check().map_err(|e| e.to_string())?;
    match session
        .responses
        .iter()
        .find(|r| r.survey_id != session.survey_id)
    {
        Some(r) => Err(format!(
            "answer {:?} is for survey {:?}, not {:?}",
            r.id, r.survey_id, session.survey_id
        )),
        None => Ok(()),
    }
}
