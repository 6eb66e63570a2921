//! The JSON backup a person moves between devices, its checks, and a merge that never overwrites
//! newer data; and the CSV export of a profile's readings.

use litemap::LiteMap;

use serde::{Deserialize, Serialize};

use crate::answer::Answer;
use crate::calendar::Date;
use crate::file::{FileError, Kind};
use crate::reading::{Draft, Profile, Reading};
use crate::session::Session;
use crate::share::Outgoing;
use crate::{Indicator, Lang, Survey};

/// Marks a file as a Bilan backup, so a foreign JSON file is recognised as such.
pub const FORMAT: &str = Kind::Backup.format();
/// The backup schema this version writes and reads.
pub const SCHEMA: u32 = Kind::Backup.schema();

const KIND: Kind = Kind::Backup;

/// Everything a device holds: its profiles with their drafts and readings, its sessions, and the
/// anonymous totals still waiting to leave it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    pub format: String,
    pub schema: u32,
    pub exported_at: i64,
    pub profiles: Vec<Profile>,
    pub drafts: Vec<Draft>,
    pub readings: Vec<Reading>,
    /// The facilitator's sessions with their answers (none in a file of schema 1).
    #[serde(default)]
    pub sessions: Vec<Session>,
    /// The outbox's entries not yet acknowledged: a closed session's totals, a review's share.
    /// Sent from both devices, each counts once (the server knows its id).
    #[serde(default)]
    pub outbox: Vec<Outgoing>,
}

/// Why a backup cannot be imported; importing changes nothing then.
pub type BackupError = FileError;

impl Backup {
    /// A backup of the given records.
    pub fn new(
        exported_at: i64,
        profiles: Vec<Profile>,
        drafts: Vec<Draft>,
        readings: Vec<Reading>,
    ) -> Self {
        Backup {
            format: FORMAT.into(),
            schema: SCHEMA,
            exported_at,
            profiles,
            drafts,
            readings,
            sessions: Vec::new(),
            outbox: Vec::new(),
        }
    }

    /// This backup with the device's `sessions` and what its `outbox` still holds.
    pub fn with_sessions(self, sessions: Vec<Session>, outbox: Vec<Outgoing>) -> Self {
        Backup {
            sessions,
            outbox,
            ..self
        }
    }

    /// Reads and checks a backup file's text.
    pub fn parse(text: &str) -> Result<Backup, BackupError> {
        crate::file::read::<Backup>(text, KIND)?.checked()
    }

    /// This backup once its records are found to fit together, as every reader of a backup file
    /// checks after reading it (the device reads files with the browser's JSON parser).
    pub fn checked(self) -> Result<Backup, BackupError> {
        self.check()?;
        Ok(self)
    }

    fn check(&self) -> Result<(), BackupError> {
        let ids = unique("profile", self.profiles.iter().map(|p| p.id.as_str()))?;
        // Sets as sorted lists: a `BTreeSet`'s code per type weighed more on a device.
        let mut seen = LiteMap::<(&str, &str), ()>::new_vec();
        let records = self
            .drafts
            .iter()
            .map(|d| ("draft", &d.id, &d.profile_id))
            .chain(
                self.readings
                    .iter()
                    .map(|r| ("reading", &r.id, &r.profile_id)),
            );
        for (what, id, profile) in records {
            if id.is_empty() || seen.insert((what, id.as_str()), ()).is_some() {
                return Err(FileError::Damaged(
                    KIND,
                    format!("{what} id {id:?} is empty or repeated"),
                ));
            }
            if !ids.contains_key(profile.as_str()) {
                return Err(FileError::Damaged(
                    KIND,
                    format!("{what} {id:?} belongs to no profile in the file"),
                ));
            }
        }
        unique("session", self.sessions.iter().map(|s| s.id.as_str()))?;
        for s in &self.sessions {
            crate::session::whole(s)
                .map_err(|why| FileError::Damaged(KIND, format!("session {:?}: {why}", s.id)))?;
        }
        unique("outbox entry", self.outbox.iter().map(|o| o.id.as_str()))?;
        Ok(())
    }

    /// What importing this backup onto a device that holds `current` should write: records that
    /// are new, or newer than the device's. Nothing newer on the device is ever replaced.
    pub fn merge_into(&self, current: &Backup) -> Merge {
        // Looked up one by one: a device holds a few profiles and drafts and some dozens of
        // readings, and a map built for them would bring its sort's code to the app.
        let profile = |id: &str| current.profiles.iter().find(|p| p.id == id);
        let draft = |id: &str| current.drafts.iter().find(|d| d.id == id);
        let has_reading = |id: &str| current.readings.iter().any(|r| r.id == id);
        let mut merge = Merge::default();
        for p in &self.profiles {
            match profile(&p.id) {
                Some(mine) if mine.updated_at >= p.updated_at => merge.kept += 1,
                mine => {
                    merge.updated.profiles += usize::from(mine.is_some());
                    merge.profiles.push(p.clone());
                }
            }
        }
        for d in &self.drafts {
            match draft(&d.id) {
                Some(mine) if mine.updated_at >= d.updated_at => merge.kept += 1,
                mine => {
                    merge.updated.drafts += usize::from(mine.is_some());
                    merge.drafts.push(d.clone());
                }
            }
        }
        for r in &self.readings {
            // A reading never changes once submitted: the same id is the same reading.
            if has_reading(&r.id) {
                merge.kept += 1;
            } else {
                merge.readings.push(r.clone());
            }
        }
        for s in &self.sessions {
            match current.sessions.iter().find(|mine| mine.id == s.id) {
                None => merge.sessions.push(s.clone()),
                Some(mine) => match joined(mine, s) {
                    Some(joined) => {
                        merge.updated.sessions += 1;
                        merge.sessions.push(joined);
                    }
                    None => merge.kept += 1,
                },
            }
        }
        merge.outbox = self
            .outbox
            .iter()
            .filter(|o| self.brings(o, current, &merge))
            .cloned()
            .collect();
        merge
    }

    /// Whether the waiting entry `o` comes onto the device with what it comes from: a review's
    /// share with a review new to it (one it holds had its share sent, or held back for good as
    /// its holder asked), a session's totals with the session closed by this import (one closed
    /// here sent its own). An entry sent from two devices counts once: the server knows its id.
    fn brings(&self, o: &Outgoing, current: &Backup, merge: &Merge) -> bool {
        if current.outbox.iter().any(|mine| mine.id == o.id) {
            return false;
        }
        match (&o.contribution.session, &o.reading) {
            (Some(code), _) => {
                let closed_here = current
                    .sessions
                    .iter()
                    .any(|mine| mine.code == *code && mine.closed_at.is_some());
                !closed_here
                    && merge
                        .sessions
                        .iter()
                        .any(|s| s.code == *code && s.closed_at.is_some())
            }
            (None, Some(reading)) => merge.readings.iter().any(|r| r.id == *reading),
            // Queued by an app that did not yet link an entry to its review: only onto a device
            // that holds none of the backup's reviews.
            (None, None) => !self
                .readings
                .iter()
                .any(|r| current.readings.iter().any(|mine| mine.id == r.id)),
        }
    }
}

/// The device's session `mine` once the backup's copy `theirs` is merged in, or `None` when the
/// backup adds nothing. Every answer of either is kept, once; a session closed on either side
/// stays closed, since its totals left from there; the rest is the newer record's. A copy of
/// another survey under the same id is left out.
fn joined(mine: &Session, theirs: &Session) -> Option<Session> {
    if mine.survey_id != theirs.survey_id || mine.survey_version != theirs.survey_version {
        return None;
    }
    let (newer, older) = if theirs.updated_at > mine.updated_at {
        (theirs, mine)
    } else {
        (mine, theirs)
    };
    let mut joined = newer.clone();
    joined.closed_at = mine.closed_at.or(theirs.closed_at);
    joined.join_answers(older);
    (joined != *mine).then_some(joined)
}

/// The set of `ids`, refused by name where one of the `what` is empty or repeated.
fn unique<'a>(
    what: &str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<LiteMap<&'a str, ()>, BackupError> {
    let mut set = LiteMap::new_vec();
    for id in ids {
        if id.is_empty() || set.insert(id, ()).is_some() {
            return Err(FileError::Damaged(
                KIND,
                format!("{what} id {id:?} is empty or repeated"),
            ));
        }
    }
    Ok(set)
}

/// The records an import writes, and how many it left alone because the device's were as new.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Merge {
    pub profiles: Vec<Profile>,
    pub drafts: Vec<Draft>,
    pub readings: Vec<Reading>,
    /// Sessions new to the device, or with answers or changes it lacked.
    pub sessions: Vec<Session>,
    /// Totals to send the device did not hold (not counted in `kept`: no one sees them as records).
    pub outbox: Vec<Outgoing>,
    /// How many of the records above the device held already, in an older or shorter version.
    pub updated: Updated,
    pub kept: usize,
}

/// Records of each kind that an import wrote over the device's own (a newer profile or draft, a
/// session with answers or changes it lacked), so that they are not counted as new ones.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Updated {
    pub profiles: usize,
    pub drafts: usize,
    pub sessions: usize,
}

/// One CSV file of a profile's readings of `survey`, as a spreadsheet in `lang` opens it: a row
/// per reading, a column per question (headed by its wording) and per indicator it scores, then the
/// accompagnateur's when a reading was answered together. Answers are written in words (an
/// option's label, « Oui »), numbers with the language's decimal mark; UTF-8 with a byte order
/// mark and `;` between cells in French, as `charts::Figure::csv` writes its tables. `day_of`
/// gives a reading's date where the person is.
pub fn readings_csv(
    survey: &Survey,
    readings: &[Reading],
    lang: Lang,
    day_of: impl Fn(i64) -> Date,
) -> String {
    let fr = lang == Lang::Fr;
    let separator = if fr { ';' } else { ',' };
    let score_head = |i: &Indicator| format!("Score — {}", i.label(lang));
    let companion = if fr {
        "Accompagnateur·rice"
    } else {
        "Facilitator"
    };
    let mut header = vec![
        "Date".to_owned(),
        if fr { "Questionnaire" } else { "Survey" }.into(),
        "Version".into(),
    ];
    let mut sorted: Vec<&Reading> = readings
        .iter()
        .filter(|r| r.survey_id == survey.id)
        .collect();
    crate::order::sort_by_key(&mut sorted, |r| r.submitted_at);
    // The indicators this survey scores (or an earlier version did): a self-assessment's file
    // has no empty columns for the impact families.
    let indicators: Vec<Indicator> = Indicator::ALL
        .into_iter()
        .filter(|i| {
            survey
                .questions()
                .any(|q| q.indicator.is_some_and(|link| link.indicator == *i))
                || sorted.iter().any(|r| r.scores.get(i).is_some())
        })
        .collect();
    header.extend(survey.questions().map(|q| q.label.get(lang).to_owned()));
    header.extend(indicators.iter().map(score_head));
    // Answered together, the accompagnateur's view follows: their level on each scale, then
    // their scores (columns only when some reading has it).
    let scales: Vec<&crate::survey::Question> = survey
        .questions()
        .filter(|q| matches!(q.kind, crate::survey::Kind::Scale { .. }))
        .collect();
    let beside = sorted.iter().any(|r| !r.companion.is_empty());
    if beside {
        header.extend(
            scales
                .iter()
                .map(|q| format!("{companion} — {}", q.label.get(lang))),
        );
        header.extend(
            indicators
                .iter()
                .map(|i| format!("{companion} — {}", score_head(i))),
        );
    }
    let mut out = String::from("\u{feff}");
    out.push_str(&csv_row_with(&header, separator));
    for r in sorted {
        let mut row = vec![
            day_of(r.submitted_at).iso(),
            survey.title.get(lang).to_owned(),
            r.survey_version.to_string(),
        ];
        row.extend(survey.questions().map(|q| {
            r.answers
                .get(&q.id)
                .map(|a| answer_cell(q, a, lang))
                .unwrap_or_default()
        }));
        let score = |scores: &crate::scoring::Scores, i: &Indicator| {
            scores
                .get(i)
                .map(|s| crate::decimal::fixed(s.value, 0).into())
                .unwrap_or_default()
        };
        row.extend(indicators.iter().map(|i| score(&r.scores, i)));
        if beside {
            row.extend(scales.iter().map(|q| {
                r.companion
                    .get(&q.id)
                    .map(|a| answer_cell(q, a, lang))
                    .unwrap_or_default()
            }));
            row.extend(indicators.iter().map(|i| score(&r.companion_scores, i)));
        }
        out.push_str(&csv_row_with(&row, separator));
    }
    out
}

/// An answer as a spreadsheet cell: a scale's level as its number, a choice as its label, a
/// number with the language's decimal mark (no unit: the cell stays a number).
fn answer_cell(q: &crate::survey::Question, answer: &Answer, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    match answer {
        Answer::Level(n) => n.to_string(),
        Answer::DontKnow => if fr {
            "Je ne sais pas"
        } else {
            "I don’t know"
        }
        .into(),
        Answer::Choice { id, other } => q.kind.option_said(id, other.as_deref(), lang),
        Answer::Choices { ids, other } => ids
            .iter()
            .map(|id| q.kind.option_said(id, other.as_deref(), lang))
            .collect::<Vec<_>>()
            .join(", "),
        Answer::YesNo(yes) => match (yes, fr) {
            (true, true) => "Oui",
            (false, true) => "Non",
            (true, false) => "Yes",
            (false, false) => "No",
        }
        .into(),
        Answer::Number(x) if fr => crate::decimal::show(*x).replace('.', ","),
        Answer::Number(x) => crate::decimal::show(*x).into(),
        Answer::Date(d) | Answer::Text(d) => d.clone(),
    }
}

/// A CSV line of `cells` separated by `separator` (`;` where the decimal mark is a comma, as
/// French spreadsheets expect).
pub fn csv_row_with(cells: &[String], separator: char) -> String {
    let mut line = cells
        .iter()
        .map(|c| csv_cell(c, separator))
        .collect::<Vec<_>>()
        .join(&separator.to_string());
    line.push_str("\r\n");
    line
}

/// Quotes a cell when needed, and defuses text a spreadsheet would run as a formula.
fn csv_cell(cell: &str, separator: char) -> String {
    // A number, with either decimal mark, is left as a number.
    let number = crate::decimal::is_decimal(&cell.replacen(',', ".", 1));
    let cell = if cell.starts_with(['=', '+', '-', '@']) && !number {
        format!("'{cell}")
    } else {
        cell.to_owned()
    };
    if cell.contains([separator, '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}
