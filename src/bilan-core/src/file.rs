//! The envelope of the files Bilan hands people (a backup, a session's answers): a format name
//! and a schema version around the content, read with one error that names what is wrong.

use serde::de::DeserializeOwned;

/// Which kind of Bilan file, named inside it so that one is never read as another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A device's profiles, drafts and readings.
    Backup,
    /// A collective session's answers, carried from a second kiosk tablet.
    Session,
}

impl Kind {
    /// The `format` a file of this kind declares.
    pub const fn format(self) -> &'static str {
        match self {
            Kind::Backup => "bilan-backup",
            Kind::Session => "bilan-session",
        }
    }

    /// The schema this version of Bilan writes and reads.
    pub const fn schema(self) -> u32 {
        match self {
            // 2: a backup holds the device's sessions too (a file of schema 1 has none).
            Kind::Backup => 2,
            Kind::Session => 1,
        }
    }

    /// The kind a file of another kind is: there are two.
    pub const fn other(self) -> Kind {
        match self {
            Kind::Backup => Kind::Session,
            Kind::Session => Kind::Backup,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Backup => "backup",
            Kind::Session => "session file",
        }
    }
}

/// Why a file cannot be read; reading it changes nothing then.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// Where the reader stopped, as a line and a column from 1, when it says.
    #[error("this file is not valid JSON{}: it may be damaged or incomplete", place(.at))]
    NotJson { at: Option<(usize, usize)> },
    #[error("this file is not a Bilan {noun}", noun = .0.noun())]
    Foreign(Kind),
    /// A Bilan file of the other kind (a session's file where a backup was asked, or the
    /// reverse), said as such: its import is the one beside.
    #[error("this file is a Bilan {found}, not a {noun}", found = .0.other().noun(), noun = .0.noun())]
    OtherKind(Kind),
    #[error("this {noun} was made by a newer version of Bilan (schema {schema}): update the app first", noun = .0.noun(), schema = .1)]
    Newer(Kind, u32),
    #[error("this {noun} is damaged: {detail}", noun = .0.noun(), detail = .1)]
    Damaged(Kind, String),
}

/// « (line L, column C) » when the reader said where it stopped, else nothing.
fn place(at: &Option<(usize, usize)>) -> String {
    at.map(|(line, column)| format!(" (line {line}, column {column})"))
        .unwrap_or_default()
}

/// What every Bilan file says about itself, read before its content.
#[derive(serde::Deserialize)]
pub struct Header {
    format: Option<String>,
    schema: Option<u64>,
}

impl Header {
    /// Whether a file with this header is of `kind` in a schema this version reads; its content
    /// is read only then.
    pub fn check(&self, kind: Kind) -> Result<(), FileError> {
        if self.format.as_deref() == Some(kind.other().format()) {
            return Err(FileError::OtherKind(kind));
        }
        if self.format.as_deref() != Some(kind.format()) {
            return Err(FileError::Foreign(kind));
        }
        match self.schema {
            Some(s) if s > u64::from(kind.schema()) => {
                Err(FileError::Newer(kind, u32::try_from(s).unwrap_or(u32::MAX)))
            }
            Some(_) => Ok(()),
            None => Err(FileError::Damaged(kind, "no schema version".into())),
        }
    }
}

/// Reads `text` as a file of `kind`: JSON, the right format, a schema this version reads, and
/// content of type `T`. The header is read first and the content straight from the text (not
/// through a `serde_json::Value`, which would compile every content type's reader twice). The
/// device reads files with the browser's parser instead, and the same [`Header::check`].
pub fn read<T: DeserializeOwned>(text: &str, kind: Kind) -> Result<T, FileError> {
    let header: Header = match serde_json::from_str(text) {
        Ok(header) => header,
        Err(e) if e.is_syntax() || e.is_eof() => {
            return Err(FileError::NotJson {
                at: Some((e.line(), e.column())),
            });
        }
        // Valid JSON, but not an object with a text `format` and a number `schema`.
        Err(_) => return Err(FileError::Foreign(kind)),
    };
    header.check(kind)?;
    serde_json::from_str(text).map_err(|e| FileError::Damaged(kind, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_names_the_kind_of_file() {
        let read = |text: &str| read::<serde_json::Value>(text, Kind::Session).unwrap_err();
        assert_eq!(
            read("{").to_string(),
            "this file is not valid JSON (line 1, column 1): it may be damaged or incomplete"
        );
        assert_eq!(
            read(r#"{"format":"bilan-backup","schema":1}"#).to_string(),
            "this file is a Bilan backup, not a session file"
        );
        assert_eq!(
            read(r#"{"format":"bilan-photos","schema":1}"#),
            FileError::Foreign(Kind::Session)
        );
        assert_eq!(
            read(r#"{"format":"bilan-session","schema":9}"#).to_string(),
            "this session file was made by a newer version of Bilan (schema 9): update the app first"
        );
        assert_eq!(read("[1, 2]"), FileError::Foreign(Kind::Session));
        assert_eq!(
            read(r#"{"format":"bilan-session","schema":"1"}"#),
            FileError::Foreign(Kind::Session)
        );
        assert_eq!(
            read(r#"{"format":"bilan-session"}"#).to_string(),
            "this session file is damaged: no schema version"
        );
    }
}
