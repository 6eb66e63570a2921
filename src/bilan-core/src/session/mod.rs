//! Collective sessions run by a facilitator on one device: who answered stays on that device, the
//! projector shows only distributions with at least k answers, and closing the session sends its
//! totals once, broken down by session, by college and overall.

use litemap::LiteMap;

use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::Survey;
use crate::answer::Answer;
use crate::bucket::bucket_names;
use crate::calendar::Date;
use crate::disclosure::{Counter, NoiseKey, Policy, Release, Table, Threshold, release};
use crate::reading::Reading;
pub use crate::share::COLLEGE_QUESTION;
use crate::share::{
    CODE_ALPHABET, CODE_LENGTH, Contribution, Granularity, Period, aggregate, contribution,
    is_session_code,
};
use crate::snapshot::{Composition, Scope, Shot, conflict, latest, plan};
use crate::survey::Kind;

mod compare;
mod file;
mod phone;
pub mod revision;

pub use compare::{Agreement, Spread, consensus, mean_level};
pub(crate) use file::whole;
pub use file::{FILE_FORMAT, FILE_SCHEMA, SessionFile, file, from_file, parse_file, to_file};
pub use phone::{asked_on_phones, participant_contribution, preset};

/// The question of a session survey that holds the session's format (answered by the session).
pub const FORMAT_QUESTION: &str = "format";

/// The collective formats of the field a session is tagged with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Format {
    PetitDejeuner,
    ApresMidiInfo,
    AtelierThematique,
    GroupeAutonome,
    SuiviPostCreation,
    BilanParticipatif,
    SuiviIndividuel,
}

impl Format {
    /// Every format, in the order a facilitator picks from.
    pub const ALL: [Format; 7] = [
        Format::PetitDejeuner,
        Format::ApresMidiInfo,
        Format::AtelierThematique,
        Format::GroupeAutonome,
        Format::SuiviPostCreation,
        Format::BilanParticipatif,
        Format::SuiviIndividuel,
    ];

    /// The stable id, the same as the option of the `format` question.
    pub fn id(self) -> &'static str {
        match self {
            Format::PetitDejeuner => "petit-dejeuner",
            Format::ApresMidiInfo => "apres-midi-info",
            Format::AtelierThematique => "atelier-thematique",
            Format::GroupeAutonome => "groupe-autonome",
            Format::SuiviPostCreation => "suivi-post-creation",
            Format::BilanParticipatif => "bilan-participatif",
            Format::SuiviIndividuel => "suivi-individuel",
        }
    }

    /// The format's name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Format::PetitDejeuner, Lang::Fr) => "Petit déjeuner",
            (Format::PetitDejeuner, Lang::En) => "Breakfast meeting",
            (Format::ApresMidiInfo, Lang::Fr) => "Après-midi de l’info",
            (Format::ApresMidiInfo, Lang::En) => "Information afternoon",
            (Format::AtelierThematique, Lang::Fr) => "Atelier thématique",
            (Format::AtelierThematique, Lang::En) => "Thematic workshop",
            (Format::GroupeAutonome, Lang::Fr) => "Groupe de travail autonome",
            (Format::GroupeAutonome, Lang::En) => "Autonomous working group",
            (Format::SuiviPostCreation, Lang::Fr) => "Suivi post-création",
            (Format::SuiviPostCreation, Lang::En) => "Post-creation follow-up",
            (Format::BilanParticipatif, Lang::Fr) => "Bilan participatif annuel",
            (Format::BilanParticipatif, Lang::En) => "Annual participatory review",
            (Format::SuiviIndividuel, Lang::Fr) => "Suivi individuel",
            (Format::SuiviIndividuel, Lang::En) => "Individual follow-up",
        }
    }

    /// The format with id `id`.
    pub fn from_id(id: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.id() == id)
    }
}

/// A PIN as the device keeps it: a salted, slow hash (PBKDF2-SHA-256), never the digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinHash {
    /// Random salt, hex.
    pub salt: String,
    /// Derived key, hex.
    pub hash: String,
    pub iterations: u32,
}

/// Whether `pin` is acceptable: 4 to 12 digits.
pub fn valid_pin(pin: &str) -> bool {
    (4..=12).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

/// How long the kiosk refuses another try after `failures` wrong PINs in a row: three tries
/// free, then 30 seconds doubling up to a quarter of an hour, so that the 10,000 four-digit PINs
/// would take months to try.
pub fn pin_wait(failures: u32) -> i64 {
    match failures {
        0..=2 => 0,
        n => (30_000i64 << (n - 3).min(5)).min(900_000),
    }
}

/// A collective session on the facilitator's device, with its participants' readings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub id: String,
    /// The join code, also the session's name in the shared aggregates (`session:CODE`).
    pub code: String,
    pub title: String,
    /// The day it is held, `YYYY-MM-DD`.
    pub date: String,
    pub format: Format,
    pub survey_id: String,
    pub survey_version: u32,
    /// Needed to leave kiosk mode; set when kiosk mode starts.
    #[serde(default)]
    pub pin: Option<PinHash>,
    /// Each participant's reading (their `profile_id` is the session's id).
    #[serde(default)]
    pub responses: Vec<Reading>,
    /// Whether its join code was opened on the server for participants' own devices.
    #[serde(default)]
    pub online: bool,
    /// When it was closed; its totals were queued for the server then, and it takes no more answers.
    #[serde(default)]
    pub closed_at: Option<i64>,
    /// The secret of its results screen's perturbation (32 hex digits), drawn at creation.
    #[serde(default)]
    pub noise_key: String,
    /// Wrong PINs typed in a row, and until when the kiosk refuses another try.
    #[serde(default)]
    pub pin_failures: u32,
    #[serde(default)]
    pub pin_locked_until: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Why a session cannot be created, take an answer or merge another device's answers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("give the session a title")]
    NoTitle,
    #[error("the date {0:?} is not a day of the calendar (YYYY-MM-DD)")]
    BadDate(String),
    /// Out of [`Session::in_reach`]: the server would neither date it nor count its answers.
    #[error(
        "the date {date:?} is out of reach: a session is dated from {from}-01-01 to {to}-12-31"
    )]
    OutOfReach { date: String, from: i32, to: i32 },
    #[error("the join code {0:?} is not nine letters without ambiguous ones")]
    BadCode(String),
    #[error("this session is closed: its results were already sent, it takes no more answers")]
    Closed,
    #[error("these answers are for survey {got:?}, this session uses {expected:?}")]
    OtherSurvey { expected: String, got: String },
    #[error(transparent)]
    File(#[from] crate::file::FileError),
}

/// The years a session may be dated in on `today`: last year, this year and next year.
pub fn years_in_reach(today: Date) -> std::ops::RangeInclusive<i32> {
    today.year - 1..=today.year + 1
}

/// A join code of [`CODE_LENGTH`] letters from [`CODE_ALPHABET`], from random bytes.
pub fn new_code(random: [u8; CODE_LENGTH]) -> String {
    let letters: Vec<char> = CODE_ALPHABET.chars().collect();
    // 31 letters: a byte modulo 31 favours the first eight letters by 1/256, which costs the
    // code less than a tenth of a bit.
    random
        .iter()
        .map(|b| letters[usize::from(*b) % letters.len()])
        .collect()
}

impl Session {
    /// A new, empty session, checked.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: String,
        code: String,
        title: &str,
        date: &str,
        format: Format,
        survey: &Survey,
        noise_key: NoiseKey,
        now: i64,
    ) -> Result<Session, SessionError> {
        let session = Session {
            id,
            code,
            title: title.trim().to_owned(),
            date: date.to_owned(),
            format,
            survey_id: survey.id.clone(),
            survey_version: survey.version,
            pin: None,
            responses: Vec::new(),
            online: false,
            closed_at: None,
            noise_key: noise_key.to_hex(),
            pin_failures: 0,
            pin_locked_until: 0,
            created_at: now,
            updated_at: now,
        };
        session.check()?;
        Ok(session)
    }

    /// Checks what a person typed or a file holds.
    pub fn check(&self) -> Result<(), SessionError> {
        if self.title.trim().is_empty() {
            return Err(SessionError::NoTitle);
        }
        if Date::parse_iso(&self.date).is_none() {
            return Err(SessionError::BadDate(self.date.chars().take(40).collect()));
        }
        if !is_session_code(&self.code) {
            return Err(SessionError::BadCode(self.code.chars().take(40).collect()));
        }
        Ok(())
    }

    /// Checks the day of a session being created or moved on `today` (UTC): from the first day
    /// of last year to the last of next year, as the server takes a session's day. A file of an
    /// older session is still read ([`Session::check`]).
    pub fn in_reach(&self, today: Date) -> Result<(), SessionError> {
        let years = years_in_reach(today);
        if years.contains(&self.day().year) {
            Ok(())
        } else {
            Err(SessionError::OutOfReach {
                date: self.date.chars().take(40).collect(),
                from: *years.start(),
                to: *years.end(),
            })
        }
    }

    /// The day it is held.
    pub fn day(&self) -> Date {
        Date::parse_iso(&self.date).unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }

    /// What the kiosk's participants wrote in their own words (text answers and the texts of
    /// "other"), by question id in the ids' order, each question's texts in alphabetical order:
    /// the order they were given would follow the queue at the tablet. On this device only.
    pub fn written(&self) -> Vec<(String, Vec<String>)> {
        // A few questions at most: a list (a map's code weighs more than its lookups save).
        let mut written: Vec<(String, Vec<String>)> = Vec::new();
        for reading in &self.responses {
            for (question, answer) in reading.answers.iter() {
                let text = match answer {
                    Answer::Text(text) => Some(text),
                    Answer::Choice { other, .. } | Answer::Choices { other, .. } => other.as_ref(),
                    _ => None,
                };
                if let Some(text) = text.map(|t| t.trim()).filter(|t| !t.is_empty()) {
                    match written.iter_mut().find(|(q, _)| q == question) {
                        Some((_, texts)) => texts.push(text.to_owned()),
                        None => written.push((question.clone(), vec![text.to_owned()])),
                    }
                }
            }
        }
        for (_, texts) in &mut written {
            crate::order::sort(texts);
        }
        crate::order::sort_by(&mut written, |a, b| a.0.cmp(&b.0));
        written
    }

    /// The answers a participant starts with: the session answers the `format` question itself.
    pub fn preset(&self, survey: &Survey) -> crate::answer::Answers {
        preset(survey, self.format)
    }

    /// Adds one participant's reading.
    pub fn add(&mut self, reading: Reading, now: i64) -> Result<(), SessionError> {
        if self.closed_at.is_some() {
            return Err(SessionError::Closed);
        }
        if reading.survey_id != self.survey_id {
            return Err(SessionError::OtherSurvey {
                expected: self.survey_id.clone(),
                got: reading.survey_id,
            });
        }
        self.responses.push(reading);
        self.updated_at = now;
        Ok(())
    }

    /// Adds the answers another device collected for the same survey, each counted once however
    /// often the same file is imported; returns how many were new.
    pub fn merge(&mut self, other: &Session, now: i64) -> Result<usize, SessionError> {
        if self.closed_at.is_some() {
            return Err(SessionError::Closed);
        }
        if other.survey_id != self.survey_id || other.survey_version != self.survey_version {
            return Err(SessionError::OtherSurvey {
                expected: format!("{} v{}", self.survey_id, self.survey_version),
                got: format!("{} v{}", other.survey_id, other.survey_version),
            });
        }
        let n = self.join_answers(other);
        if n > 0 {
            self.updated_at = now;
        }
        Ok(n)
    }

    /// Adds `other`'s answers this session lacks, each once, oldest first; returns how many.
    pub(crate) fn join_answers(&mut self, other: &Session) -> usize {
        // A session holds some dozens of responses: looked up one by one.
        let known = |id: &str| self.responses.iter().any(|r| r.id == id);
        let fresh: Vec<Reading> = other
            .responses
            .iter()
            .filter(|r| !known(&r.id))
            .cloned()
            .collect();
        let n = fresh.len();
        if n > 0 {
            self.responses.extend(fresh);
            crate::order::sort_by_key(&mut self.responses, |r| r.submitted_at);
        }
        n
    }

    /// The colleges participants gave, with how many gave each.
    pub fn colleges(&self) -> LiteMap<String, u64> {
        let mut colleges = LiteMap::new();
        for r in &self.responses {
            if let Some(Answer::Choice { id, .. }) = r.answers.get(COLLEGE_QUESTION) {
                *colleges.entry(id.clone()).or_default() += 1;
            }
        }
        colleges
    }

    /// Each participant's contribution (never sent as such: only their totals leave the device).
    fn parts(&self, survey: &Survey) -> Vec<Contribution> {
        let period = Period::of(self.day().millis(), Granularity::Year);
        self.responses
            .iter()
            .map(|r| contribution(survey, r, None, period, None, String::new()))
            .collect()
    }

    /// The secret of the results screen's perturbation.
    pub fn noise_key(&self) -> NoiseKey {
        NoiseKey::from_hex(&self.noise_key).unwrap_or_else(|| {
            // Sessions made before the key existed: one drawn from the session's own random id.
            let seed = NoiseKey::new([0; 16]);
            let (a, b) = (
                seed.hash(&[b"noise-key-a", self.id.as_bytes()]),
                seed.hash(&[b"noise-key-b", self.id.as_bytes()]),
            );
            let mut bytes = [0; 16];
            bytes[..8].copy_from_slice(&a.to_le_bytes());
            bytes[8..].copy_from_slice(&b.to_le_bytes());
            NoiseKey::new(bytes)
        })
    }

    /// What the session sends when it closes: its totals, one group per college given (and one
    /// for those who gave none), each counted by the server in the session's table, its college's
    /// and the period's, with a fresh id from `id`.
    pub fn contributions(
        &self,
        survey: &Survey,
        granularity: Granularity,
        mut id: impl FnMut() -> String,
    ) -> Vec<Contribution> {
        let period = Period::of(self.day().millis(), granularity);
        let mut groups = LiteMap::<Option<String>, Vec<Contribution>>::new();
        for (r, part) in self.responses.iter().zip(self.parts(survey)) {
            groups.entry(college_of(r)).or_default().push(part);
        }
        groups
            .values()
            .filter_map(|parts| aggregate(parts, period, Some(self.code.clone()), id()))
            .collect()
    }

    /// Closes the session at `now` and returns its totals ([`Session::contributions`]); refused
    /// when it is already closed, so a session's totals are made once whatever asks twice.
    pub fn close(
        &mut self,
        survey: &Survey,
        granularity: Granularity,
        id: impl FnMut() -> String,
        now: i64,
    ) -> Result<Vec<Contribution>, SessionError> {
        if self.closed_at.is_some() {
            return Err(SessionError::Closed);
        }
        let totals = self.contributions(survey, granularity, id);
        self.closed_at = Some(now);
        self.updated_at = now;
        Ok(totals)
    }

    /// What the projector may show: the session's table and its colleges', under the same rule
    /// as the server's tables of a session, with the session as the whole family: the table
    /// moves every k participants (and once more at the close), a college is shown only where
    /// that isolates nobody, every count perturbed with the session's own key.
    pub fn shown(&self, survey: &Survey, k: Threshold) -> Shown {
        let key = self.noise_key();
        let n = self.responses.len();
        let colleges: Vec<String> = self
            .responses
            .iter()
            .map(|r| college_of(r).unwrap_or_default())
            .collect();
        let composition = |upto: usize| {
            let mut c = Composition::new();
            for college in &colleges[..upto] {
                c.add("", college, 1);
            }
            c
        };
        let every = k.get() as usize;
        let mut steps: Vec<usize> = (1..=n / every)
            .map(|m| m * every)
            .take(crate::snapshot::MAX_SESSION_STEPS)
            .collect();
        if self.closed_at.is_some() && steps.last() != Some(&n) && n > 0 {
            steps.push(n);
        }
        let mut history: Vec<Shot> = Vec::new();
        for &step in &steps {
            let closing = if self.closed_at.is_some() && step == n {
                vec![Scope::Period]
            } else {
                Vec::new()
            };
            history.extend(plan(&composition(step), step as i64, &history, &closing, k));
        }
        // What the screen shows: the latest snapshot of each table.
        let mut visible: Vec<Shot> = Vec::new();
        for shot in &history {
            if latest(&history, &shot.scope) == Some(shot) && !visible.contains(shot) {
                visible.push(shot.clone());
            }
        }
        if self.closed_at.is_some() {
            // The last table may differ from a college's older one by a few latecomers: such a
            // college is no longer shown apart.
            let all = visible.clone();
            visible.retain(|v| {
                let others: Vec<Shot> =
                    all.iter().filter(|o| o.scope != v.scope).cloned().collect();
                v.scope == Scope::Period || conflict(v, &others, k, false).is_none()
            });
        }
        let parts = self.parts(survey);
        let table = |scope: &Scope, upto: usize| {
            let mut counts = LiteMap::<(String, String), (u64, u32)>::new();
            let mut people = (0u64, 0u32);
            for ((r, part), college) in self.responses.iter().zip(&parts).zip(&colleges).take(upto)
            {
                if !scope.holds("", college) {
                    continue;
                }
                people.0 += 1;
                people.1 = people
                    .1
                    .wrapping_add(key.hash(&[b"person", r.id.as_bytes()]) as u32);
                for cell in &part.cells {
                    let question = cell.question.to_string();
                    let record = key.hash(&[
                        b"record",
                        r.id.as_bytes(),
                        question.as_bytes(),
                        cell.bucket.as_str().as_bytes(),
                    ]);
                    let entry = counts
                        .entry((question, cell.bucket.as_str().to_owned()))
                        .or_default();
                    entry.0 += u64::from(cell.count);
                    entry.1 = entry.1.wrapping_add(record as u32);
                }
            }
            let t = Table {
                people: people.0,
                key: people.1,
                counters: counts
                    .into_iter()
                    .map(|((question, bucket), (count, key))| Counter {
                        question,
                        bucket,
                        count,
                        key,
                    })
                    .collect(),
            };
            release(&t, k, Policy::Perturb, &key, &|q| bucket_names(survey, q))
        };
        let step_of = |scope: &Scope| {
            visible
                .iter()
                .find(|v| &v.scope == scope)
                .map(|v| v.at as usize)
        };
        let all = match step_of(&Scope::Period) {
            Some(step) => table(&Scope::Period, step),
            None => Release::empty(k, Policy::Perturb),
        };
        let mut shown_colleges: Vec<(String, Release)> = visible
            .iter()
            .filter_map(|v| match &v.scope {
                Scope::College(c) => Some((c.clone(), table(&v.scope, v.at as usize))),
                _ => None,
            })
            .collect();
        crate::order::sort_by(&mut shown_colleges, |a, b| a.0.cmp(&b.0));
        let mut given: Vec<&str> = colleges
            .iter()
            .map(String::as_str)
            .filter(|c| !c.is_empty())
            .collect();
        crate::order::sort(&mut given);
        given.dedup();
        Shown {
            participants: step_of(&Scope::Period).unwrap_or(0),
            others: given.len() > shown_colleges.len(),
            all,
            colleges: shown_colleges,
        }
    }
}

/// What a kiosk's results screen may show (see [`Session::shown`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// The session's table.
    pub all: Release,
    /// The colleges shown apart, each with its table, by id.
    pub colleges: Vec<(String, Release)>,
    /// Whether some college's participants are not shown apart ("autres collèges").
    pub others: bool,
    /// How many participants the shown tables count (the last step), 0 while fewer than k.
    pub participants: usize,
}

/// The college a participant gave, if any.
fn college_of(r: &Reading) -> Option<String> {
    match r.answers.get(COLLEGE_QUESTION) {
        Some(Answer::Choice { id, .. }) => Some(id.clone()),
        _ => None,
    }
}
