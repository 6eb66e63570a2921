//! What a reading may contribute to the shared aggregates: one increment per shareable answer,
//! per indicator score and per progress since the first reading, each as a bucket. No text, no
//! name, no identifier, no exact date and no raw number ever goes in.

use std::fmt;
use std::str::FromStr;

use compact_str::CompactString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Indicator;
use crate::answer::{Answer, OTHER};
use crate::calendar::Date;
use crate::reading::Reading;
use crate::survey::{Kind, Question, Survey, bucket_index};

/// The indicator-score buckets: `0-20` holds 0 to under 20, and `80-100` holds 80 to 100.
pub const SCORE_BUCKETS: [&str; 5] = ["0-20", "20-40", "40-60", "60-80", "80-100"];

/// How far an indicator moved since the person's first reading: down 20 or more, down 5 to 20,
/// within 5 either way, up 5 to 20, up 20 or more.
pub const PROGRESS_BUCKETS: [&str; 5] = ["down-20", "down-5", "same", "up-5", "up-20"];

/// The pseudo-question counting indicator `i`'s score bucket.
pub fn score_question(i: Indicator) -> String {
    format!("score:{}", i.id())
}

/// The pseudo-question counting indicator `i`'s progress bucket.
pub fn progress_question(i: Indicator) -> String {
    format!("progress:{}", i.id())
}

/// The bucket of a 0–100 score.
pub fn score_bucket(value: f64) -> &'static str {
    SCORE_BUCKETS[((value / 20.0).floor().clamp(0.0, 4.0)) as usize]
}

/// The bucket of a change in score.
pub fn progress_bucket(change: f64) -> &'static str {
    match change {
        c if c <= -20.0 => PROGRESS_BUCKETS[0],
        c if c <= -5.0 => PROGRESS_BUCKETS[1],
        c if c < 5.0 => PROGRESS_BUCKETS[2],
        c if c < 20.0 => PROGRESS_BUCKETS[3],
        _ => PROGRESS_BUCKETS[4],
    }
}

/// The time slice a contribution is counted in: a year, or a quarter of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    Quarter(i32, u32),
}

/// Whether contributions are counted by year or by quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Year,
    Quarter,
}

impl Period {
    /// The period holding `millis`, at `granularity`: only this leaves the device, never the date.
    pub fn of(millis: i64, granularity: Granularity) -> Period {
        let d = Date::from_millis(millis);
        match granularity {
            Granularity::Year => Period::Year(d.year),
            Granularity::Quarter => Period::Quarter(d.year, d.quarter()),
        }
    }
}

impl Period {
    /// Whether a contribution counted in this period is taken on `today`: the current period and
    /// the one before (a device may have been offline for weeks), nothing older, nothing ahead.
    pub fn accepted_on(self, today: Date) -> bool {
        match self {
            Period::Year(y) => y == today.year || y == today.year - 1,
            Period::Quarter(y, q) => {
                let index = |y: i32, q: u32| i64::from(y) * 4 + i64::from(q);
                let now = index(today.year, today.quarter());
                let at = index(y, q);
                at == now || at == now - 1
            }
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Quarter(y, q) => write!(f, "{y}-Q{q}"),
        }
    }
}

/// A period that is neither `YYYY` nor `YYYY-Qn` (years 2000 to 2100).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("period {0:?} is not a year (2026) or a quarter (2026-Q1) between 2000 and 2100")]
pub struct BadPeriod(pub String);

impl FromStr for Period {
    type Err = BadPeriod;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadPeriod(s.chars().take(40).collect());
        let year = |y: &str| {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse::<i32>().ok())
                .flatten()
                .filter(|y| (2000..=2100).contains(y))
        };
        match s.split_once("-Q") {
            None => year(s).map(Period::Year).ok_or_else(bad),
            Some((y, q)) => match (year(y), q) {
                (Some(y), "1" | "2" | "3" | "4") => Ok(Period::Quarter(y, q.parse().unwrap_or(1))),
                _ => Err(bad()),
            },
        }
    }
}

/// What a contribution's counters are broken down by: nothing, a college of the association, or a
/// collective session (by its join code).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    None,
    College(String),
    Session(String),
}

/// The letters of a session's join code: no 0/O, 1/I/L, so it reads aloud and on a projector.
pub const CODE_ALPHABET: &str = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// How many letters a session's join code has: 9 of 31 letters are 44 random bits, so that
/// guessing an open session's code is hopeless.
pub const CODE_LENGTH: usize = 9;

/// Whether `code` is a well-formed session join code ([`CODE_LENGTH`] letters of
/// [`CODE_ALPHABET`]).
pub fn is_session_code(code: &str) -> bool {
    code.len() == CODE_LENGTH && code.chars().all(|c| CODE_ALPHABET.contains(c))
}

/// A code as people read it on a projector and type it: three groups of three letters.
pub fn spaced_code(code: &str) -> String {
    let letters: Vec<char> = code.chars().collect();
    letters
        .chunks(3)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("\u{a0}")
}

/// What a person typed as a code, in the form the server knows: letters only, upper case.
pub fn typed_code(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// How many hex digits a contribution id has: 128 random bits.
pub const ID_LENGTH: usize = 32;

/// Whether `id` is a contribution id: [`ID_LENGTH`] lowercase hex digits, 128 random bits and
/// nothing else, so no name or number can be slipped in.
pub fn is_contribution_id(id: &str) -> bool {
    id.len() == ID_LENGTH && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A contribution id from 16 random bytes.
pub fn contribution_id(random: [u8; 16]) -> String {
    hex(&random)
}

/// Lowercase hex digits of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        text.push(char::from(DIGITS[usize::from(b >> 4)]));
        text.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    text
}

/// The bytes of lowercase or uppercase hex digits; `None` for anything else.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dimension::None => Ok(()),
            Dimension::College(c) => write!(f, "college:{c}"),
            Dimension::Session(s) => write!(f, "session:{s}"),
        }
    }
}

/// A dimension that is not empty, `college:ID` or `session:CODE`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dimension {0:?} is not empty, college:ID or session:CODE (nine letters)")]
pub struct BadDimension(pub String);

impl FromStr for Dimension {
    type Err = BadDimension;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadDimension(s.chars().take(40).collect());
        match s.split_once(':') {
            None if s.is_empty() => Ok(Dimension::None),
            Some(("college", id)) if is_id(id) => Ok(Dimension::College(id.to_owned())),
            Some(("session", code)) if is_session_code(code) => {
                Ok(Dimension::Session(code.to_owned()))
            }
            _ => Err(bad()),
        }
    }
}

/// Whether `s` looks like a survey, question or option id: short kebab-case ASCII.
fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

macro_rules! string_serde {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
string_serde!(Period);
string_serde!(Dimension);

/// One increment: a question (or `score:…`, `progress:…`) and the bucket the answer fell in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    // Inline strings: ids and buckets are short, and the server reads tens of thousands of cells
    // a second without allocating for each.
    pub question: CompactString,
    pub bucket: CompactString,
    /// How many participants fell in the bucket: 1 for one reading, more in a session's aggregate.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: u32,
}

impl Cell {
    /// One participant's increment of `question` in `bucket`.
    pub fn one(question: impl Into<CompactString>, bucket: impl Into<CompactString>) -> Cell {
        Cell {
            question: question.into(),
            bucket: bucket.into(),
            count: 1,
        }
    }
}

fn one() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

/// Everything one reading (or one group of a session's participants) adds to the aggregates,
/// with a random id so a retried upload counts once. The server counts it in the period's table,
/// in its college's (the answer to the `college` question) and in its session's, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contribution {
    pub id: String,
    pub survey: String,
    pub version: u32,
    pub period: Period,
    /// The join code of the collective session it was given in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// How many people it adds up: 1 for a reading, a college's participants for a session's
    /// totals.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub participants: u32,
    pub cells: Vec<Cell>,
}

impl Contribution {
    /// The college its people gave (all of them, for a group), if the survey asks for one.
    pub fn college(&self) -> Option<&str> {
        self.cells
            .iter()
            .find(|c| c.question == COLLEGE_QUESTION && c.count == self.participants)
            .map(|c| c.bucket.as_str())
    }
}

/// The question of a session survey that holds the participant's college.
pub const COLLEGE_QUESTION: &str = "college";

/// The most cells one contribution may carry (a long survey with every option ticked).
pub const MAX_CELLS: usize = 1000;

/// The most participants one session's aggregate may add up.
pub const MAX_PARTICIPANTS: u32 = 10_000;

/// The bucket id of a shared number: the lower bound of its bucket, as written in the survey.
fn number_bucket(bounds: &[f64], value: f64) -> Option<String> {
    bucket_index(bounds, value).map(|i| bounds[i].to_string())
}

/// The cells a shareable question's answer adds (none for text, dates or numbers without a bucket).
fn cells_of(question: &Question, answer: &Answer) -> Vec<Cell> {
    let cell = |bucket: String| Cell::one(question.id.clone(), bucket);
    match (answer, &question.kind) {
        (Answer::Level(n), Kind::Scale { .. }) => vec![cell(n.to_string())],
        (Answer::DontKnow, Kind::Scale { .. }) => vec![cell("dont-know".into())],
        (Answer::YesNo(yes), Kind::YesNo) => vec![cell(if *yes { "yes" } else { "no" }.into())],
        (Answer::Choice { id, .. }, Kind::Single { .. }) => vec![cell(id.clone())],
        (Answer::Choices { ids, .. }, Kind::Multiple { .. }) => {
            ids.iter().cloned().map(cell).collect()
        }
        (Answer::Number(x), Kind::Integer { buckets, .. } | Kind::Decimal { buckets, .. }) => {
            number_bucket(buckets, *x).map(cell).into_iter().collect()
        }
        _ => Vec::new(),
    }
}

/// The contribution of `reading`, counted in the period of its date at `granularity` and in
/// `session` if it was given in one; `first` is the person's first reading of the same survey,
/// if it is earlier.
pub fn contribution(
    survey: &Survey,
    reading: &Reading,
    first: Option<&Reading>,
    granularity: Granularity,
    session: Option<String>,
    id: String,
) -> Contribution {
    let mut cells: Vec<Cell> = survey
        .questions()
        .filter(|q| q.shareable)
        .filter_map(|q| reading.answers.get(&q.id).map(|a| cells_of(q, a)))
        .flatten()
        .collect();
    for (indicator, score) in &reading.scores {
        cells.push(Cell::one(
            score_question(*indicator),
            score_bucket(score.value),
        ));
    }
    if let Some(first) =
        first.filter(|f| f.id != reading.id && f.submitted_at < reading.submitted_at)
    {
        for (indicator, change) in crate::reading::changes(first, reading) {
            cells.push(Cell::one(
                progress_question(indicator),
                progress_bucket(change),
            ));
        }
    }
    cells.sort();
    Contribution {
        id,
        survey: survey.id.clone(),
        version: survey.version,
        period: Period::of(reading.submitted_at, granularity),
        session,
        participants: 1,
        cells,
    }
}

/// Adds up the contributions of some of a session's participants into one, counted in `period`
/// and in `session`: only the totals leave the device, never who answered what.
pub fn aggregate(
    parts: &[Contribution],
    period: Period,
    session: Option<String>,
    id: String,
) -> Option<Contribution> {
    let first = parts.first()?;
    let mut counts = std::collections::BTreeMap::<(&str, &str), u32>::new();
    for cell in parts.iter().flat_map(|c| &c.cells) {
        *counts.entry((&cell.question, &cell.bucket)).or_default() += cell.count;
    }
    Some(Contribution {
        id,
        survey: first.survey.clone(),
        version: first.version,
        period,
        session,
        participants: parts.iter().map(|c| c.participants).sum(),
        cells: counts
            .into_iter()
            .map(|((question, bucket), count)| Cell {
                question: question.into(),
                bucket: bucket.into(),
                count,
            })
            .collect(),
    })
}

/// Why a server refuses a contribution: each names the part that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContributionError {
    #[error("contribution id {0:?} is not 32 lowercase hex digits (128 random bits)")]
    BadId(String),
    #[error("a contribution must count at least one answer: this one has no cells")]
    NoCells,
    #[error(
        "period {period} is not taken on {today}: only the current period and the one before are"
    )]
    OldPeriod { period: String, today: String },
    #[error(
        "session {0:?} is not a session code: nine letters and digits, without 0, O, 1, I or L"
    )]
    BadSession(String),
    #[error("a group of {participants} participants must all give the same college, or none")]
    MixedColleges { participants: u32 },
    #[error("unknown survey {0:?}")]
    UnknownSurvey(String),
    #[error("survey {survey:?} is at version {expected} on this server, not {got}")]
    WrongVersion {
        survey: String,
        expected: u32,
        got: u32,
    },
    #[error("question {0:?} is not a shareable question of this survey")]
    UnknownQuestion(String),
    #[error("question {question:?} has no bucket {bucket:?}")]
    UnknownBucket { question: String, bucket: String },
    #[error("question {0:?} is counted twice for the same bucket")]
    Repeated(String),
    #[error("question {0:?} takes one answer, this contribution has several")]
    SeveralAnswers(String),
    #[error("too many cells: {0} (at most {MAX_CELLS})")]
    TooManyCells(usize),
    #[error("{0} participants: a contribution adds up 1 to {MAX_PARTICIPANTS}")]
    BadParticipants(u32),
    #[error(
        "question {question:?}, bucket {bucket:?}: count {count} is not 1 to the {participants} participants"
    )]
    BadCount {
        question: String,
        bucket: String,
        count: u32,
        participants: u32,
    },
    #[error(
        "question {question:?} takes one answer: its counts add up to {sum}, more than the {participants} participants"
    )]
    TooManyAnswers {
        question: String,
        sum: u64,
        participants: u32,
    },
}

/// Whether a question's `bucket` is one of the buckets the survey defines for it.
fn bucket_exists(question: &Question, bucket: &str) -> bool {
    match &question.kind {
        Kind::Scale {
            min,
            max,
            dont_know,
            ..
        } => {
            // Canonical integers only: "3", never "03" or "+3".
            let canonical = !(bucket.starts_with('+')
                || bucket.starts_with("-0")
                || (bucket.len() > 1 && bucket.starts_with('0')));
            (*dont_know && bucket == "dont-know")
                || (canonical
                    && bucket
                        .parse::<i64>()
                        .is_ok_and(|n| (*min..=*max).contains(&n)))
        }
        Kind::YesNo => bucket == "yes" || bucket == "no",
        Kind::Single { options, other } | Kind::Multiple { options, other, .. } => {
            options.iter().any(|o| o.id == bucket) || (*other && bucket == OTHER)
        }
        Kind::Integer { buckets, .. } | Kind::Decimal { buckets, .. } => {
            buckets.iter().any(|b| b.to_string() == bucket)
        }
        Kind::Date { .. } | Kind::Text { .. } => false,
    }
}

/// The buckets of a shareable question (or of a `score:` or `progress:` pseudo-question) in the
/// order a chart shows them; `None` for what `survey` does not share.
pub fn buckets(survey: &Survey, question: &str) -> Option<Vec<String>> {
    let owned = |list: &[&str]| list.iter().map(|b| (*b).to_owned()).collect();
    if let Some(id) = question.strip_prefix("score:") {
        return id.parse::<Indicator>().ok().map(|_| owned(&SCORE_BUCKETS));
    }
    if let Some(id) = question.strip_prefix("progress:") {
        return id
            .parse::<Indicator>()
            .ok()
            .map(|_| owned(&PROGRESS_BUCKETS));
    }
    let q = survey.question(question).filter(|q| q.shareable)?;
    Some(match &q.kind {
        Kind::Scale {
            min,
            max,
            dont_know,
            ..
        } => (*min..=*max)
            .map(|n| n.to_string())
            .chain(dont_know.then(|| "dont-know".to_owned()))
            .collect(),
        Kind::YesNo => owned(&["yes", "no"]),
        Kind::Single { options, other } | Kind::Multiple { options, other, .. } => options
            .iter()
            .map(|o| o.id.clone())
            .chain(other.then(|| OTHER.to_owned()))
            .collect(),
        Kind::Integer { buckets, .. } | Kind::Decimal { buckets, .. } => {
            buckets.iter().map(|b| b.to_string()).collect()
        }
        Kind::Date { .. } | Kind::Text { .. } => return None,
    })
}

/// Checks `c` against `survey` as the server loaded it, on `today`; the error names the first
/// wrong part.
pub fn check(survey: &Survey, c: &Contribution, today: Date) -> Result<(), ContributionError> {
    Checker::new(survey, today).check(c)
}

/// Checks contributions against one survey, with its shareable questions indexed once: the
/// server checks thousands of cells per second.
#[derive(Debug)]
pub struct Checker<'a> {
    survey: &'a Survey,
    shareable: foldhash::HashMap<&'a str, &'a Question>,
    today: Date,
}

impl<'a> Checker<'a> {
    /// Indexes `survey`'s shareable questions, to check contributions arriving on `today`.
    pub fn new(survey: &'a Survey, today: Date) -> Self {
        let shareable = survey
            .questions()
            .filter(|q| q.shareable)
            .map(|q| (q.id.as_str(), q))
            .collect();
        Checker {
            survey,
            shareable,
            today,
        }
    }

    /// The id of the survey this checker checks against.
    pub fn survey_id(&self) -> &str {
        &self.survey.id
    }

    /// Checks `c`; the error names the first wrong part.
    pub fn check(&self, c: &Contribution) -> Result<(), ContributionError> {
        let survey = self.survey;
        if !is_contribution_id(&c.id) {
            return Err(ContributionError::BadId(c.id.chars().take(80).collect()));
        }
        if c.survey != survey.id {
            return Err(ContributionError::UnknownSurvey(c.survey.clone()));
        }
        if c.version != survey.version {
            return Err(ContributionError::WrongVersion {
                survey: c.survey.clone(),
                expected: survey.version,
                got: c.version,
            });
        }
        if !c.period.accepted_on(self.today) {
            return Err(ContributionError::OldPeriod {
                period: c.period.to_string(),
                today: self.today.iso(),
            });
        }
        if let Some(code) = c.session.as_deref().filter(|code| !is_session_code(code)) {
            return Err(ContributionError::BadSession(
                code.chars().take(40).collect(),
            ));
        }
        if c.cells.is_empty() {
            return Err(ContributionError::NoCells);
        }
        if c.cells.len() > MAX_CELLS {
            return Err(ContributionError::TooManyCells(c.cells.len()));
        }
        let participants = c.participants;
        if !(1..=MAX_PARTICIPANTS).contains(&participants) {
            return Err(ContributionError::BadParticipants(participants));
        }
        if let Some(cell) = c
            .cells
            .iter()
            .find(|cell| !(1..=participants).contains(&cell.count))
        {
            return Err(ContributionError::BadCount {
                question: cell.question.chars().take(80).collect(),
                bucket: cell.bucket.chars().take(80).collect(),
                count: cell.count,
                participants,
            });
        }
        // Answers of a one-answer question, added up so far (question, sum).
        let mut answered: (&str, u64) = ("", 0);
        // Cells sorted by question then bucket let repeats be found side by side.
        let mut order: Vec<&Cell> = c.cells.iter().collect();
        order.sort_unstable();
        for (k, cell) in order.iter().enumerate() {
            let question = self.shareable.get(cell.question.as_str());
            let known = if let Some(id) = cell.question.strip_prefix("score:") {
                id.parse::<Indicator>()
                    .is_ok()
                    .then_some(SCORE_BUCKETS.contains(&cell.bucket.as_str()))
            } else if let Some(id) = cell.question.strip_prefix("progress:") {
                id.parse::<Indicator>()
                    .is_ok()
                    .then_some(PROGRESS_BUCKETS.contains(&cell.bucket.as_str()))
            } else {
                question.map(|q| bucket_exists(q, &cell.bucket))
            };
            match known {
                None => {
                    return Err(ContributionError::UnknownQuestion(
                        cell.question.chars().take(80).collect(),
                    ));
                }
                Some(false) => {
                    return Err(ContributionError::UnknownBucket {
                        question: cell.question.to_string(),
                        bucket: cell.bucket.chars().take(80).collect(),
                    });
                }
                Some(true) => {}
            }
            if let Some(previous) = k.checked_sub(1).map(|p| order[p])
                && previous.question == cell.question
                && previous.bucket == cell.bucket
            {
                return Err(ContributionError::Repeated(cell.question.to_string()));
            }
            if question.is_some_and(|q| matches!(q.kind, Kind::Multiple { .. })) {
                continue;
            }
            // Every other question (and every score or progress) counts once per participant.
            if answered.0 != cell.question {
                answered = (&cell.question, 0);
            }
            answered.1 += u64::from(cell.count);
            if answered.1 > u64::from(participants) {
                return Err(if participants == 1 {
                    ContributionError::SeveralAnswers(cell.question.to_string())
                } else {
                    ContributionError::TooManyAnswers {
                        question: cell.question.to_string(),
                        sum: answered.1,
                        participants,
                    }
                });
            }
        }
        if participants > 1
            && c.cells.iter().any(|cell| cell.question == COLLEGE_QUESTION)
            && c.college().is_none()
        {
            return Err(ContributionError::MixedColleges { participants });
        }
        Ok(())
    }
}

/// A contribution waiting in the device's outbox until the server acknowledges it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outgoing {
    /// The outbox's key: the contribution's id when it was queued.
    pub id: String,
    /// What is sent; one queued by an older app is read in today's form ([`upgraded`]).
    #[serde(deserialize_with = "upgraded")]
    pub contribution: Contribution,
    pub queued_at: i64,
    /// How many sends failed so far.
    pub attempts: u32,
    /// Not before this time (milliseconds since the epoch).
    pub next_at: i64,
    /// Why the last send failed, in words.
    pub error: Option<String>,
    /// The server refused it (a 4xx): kept with its reason, not retried until the person asks.
    pub refused: bool,
}

/// A contribution as an older app queued it: with a `dimension` (it sent one copy per table),
/// and an id in any form.
#[derive(Deserialize)]
struct Queued {
    id: String,
    survey: String,
    version: u32,
    period: Period,
    #[serde(default)]
    session: Option<String>,
    #[serde(default)]
    dimension: Option<String>,
    #[serde(default = "one")]
    participants: u32,
    cells: Vec<Cell>,
}

/// Reads a queued contribution in today's form. An older app's copy for a session's table keeps
/// the session (the server now counts it in the college's and period's tables too); its copies
/// for a college or the period of a session's totals, now redundant, become groups the server
/// refuses by name rather than counting twice; its id takes the 32-digit form (a UUID without
/// its dashes, as the server does for the ids it kept).
fn upgraded<'de, D: Deserializer<'de>>(d: D) -> Result<Contribution, D::Error> {
    let q = Queued::deserialize(d)?;
    let plain: String =
        q.id.chars()
            .filter(|c| *c != '-')
            .collect::<String>()
            .to_ascii_lowercase();
    let id = if is_contribution_id(&plain) {
        plain
    } else {
        q.id
    };
    let session = q.session.or_else(|| {
        q.dimension
            .as_deref()
            .and_then(|d| d.strip_prefix("session:"))
            .map(str::to_owned)
    });
    let redundant = q.participants > 1 && session.is_none();
    Ok(Contribution {
        id,
        survey: q.survey,
        version: q.version,
        period: q.period,
        // A session's totals go to its own route, which refuses a code that is not one.
        session: if redundant {
            Some("superseded".into())
        } else {
            session
        },
        participants: q.participants,
        cells: q.cells,
    })
}

impl Outgoing {
    /// A contribution queued at `now`, to send at once.
    pub fn new(contribution: Contribution, now: i64) -> Self {
        Outgoing {
            id: contribution.id.clone(),
            contribution,
            queued_at: now,
            attempts: 0,
            next_at: now,
            error: None,
            refused: false,
        }
    }

    /// Records a failed send at `now` (`jitter` in 0..1): the next try waits longer each time.
    pub fn failed(&mut self, now: i64, error: String, jitter: f64) {
        self.attempts = self.attempts.saturating_add(1);
        self.next_at = now + backoff(self.attempts, jitter);
        self.error = Some(error);
    }
}

/// Milliseconds to wait after the `attempts`-th failure: 2 s doubling up to 5 min, times a jitter
/// factor between 0.5 and 1.5 (from `jitter` in 0..1) so that devices do not retry in step.
/// There is no maximum number of tries.
pub fn backoff(attempts: u32, jitter: f64) -> i64 {
    let base = 2_000f64 * 2f64.powi(attempts.saturating_sub(1).min(20) as i32);
    (base.min(300_000.0) * (0.5 + jitter.clamp(0.0, 1.0))) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_and_dimensions_round_trip_and_refuse_junk() {
        for text in ["2026", "2026-Q1", "2100-Q4"] {
            assert_eq!(text.parse::<Period>().unwrap().to_string(), text);
        }
        for junk in [
            "26",
            "2026-Q5",
            "1999",
            "2026-q1",
            "２０２６",
            "2026-Q",
            "+2026",
            "",
        ] {
            assert!(junk.parse::<Period>().is_err(), "{junk:?}");
        }
        for text in ["", "college:benevoles", "session:ABC234XYZ"] {
            assert_eq!(text.parse::<Dimension>().unwrap().to_string(), text);
        }
        for junk in [
            "college:",
            "college:Bénévoles",
            "session:ABC23OXYZ",
            "session:abc234xyz",
            "session:ABC234",
            "person:x",
            "college",
        ] {
            assert!(junk.parse::<Dimension>().is_err(), "{junk:?}");
        }
    }

    #[test]
    fn only_the_current_period_and_the_one_before_are_taken() {
        let today = Date {
            year: 2026,
            month: 12,
            day: 1,
        };
        let taken = |p: &str| p.parse::<Period>().unwrap().accepted_on(today);
        assert!(taken("2026") && taken("2025") && taken("2026-Q4") && taken("2026-Q3"));
        assert!(!taken("2024") && !taken("2027") && !taken("2026-Q2") && !taken("2027-Q1"));
        let january = Date {
            year: 2027,
            month: 1,
            day: 5,
        };
        assert!(Period::Quarter(2026, 4).accepted_on(january));
        assert!(!Period::Quarter(2026, 3).accepted_on(january));
    }

    #[test]
    fn ids_and_codes_have_one_form() {
        let id = contribution_id([0xab; 16]);
        assert_eq!(id.len(), 32);
        assert!(is_contribution_id(&id));
        for bad in [
            "JeanDupont-0612345678-aaaaaaaaaaaa",
            "ABABABABABABABABABABABABABABABAB",
            "abababababababababababababababa",
            "6f1c2a9e-4b1d-4c55-9a3e-2f0b1c7d9e10",
        ] {
            assert!(!is_contribution_id(bad), "{bad}");
        }
        assert_eq!(spaced_code("ABCDEFGHJ"), "ABC\u{a0}DEF\u{a0}GHJ");
        assert_eq!(typed_code(" abc-def ghj "), "ABCDEFGHJ");
        assert!(is_session_code(&typed_code("abc def ghj")));
        assert_eq!(unhex(&hex(&[0, 255, 16])), Some(vec![0, 255, 16]));
        assert_eq!(unhex("zz"), None);
    }

    #[test]
    fn an_older_apps_outbox_is_read_in_todays_form() {
        let read = |contribution: &str| {
            let entry = format!(
                r#"{{"id":"k","contribution":{contribution},"queued_at":1,"attempts":0,"next_at":1,"error":null,"refused":false}}"#
            );
            serde_json::from_str::<Outgoing>(&entry)
                .unwrap()
                .contribution
        };
        let reading = read(
            r#"{"id":"6F1C2A9E-4B1D-4C55-9A3E-2F0B1C7D9E10","survey":"s","version":1,"period":"2026","cells":[{"question":"q","bucket":"1"}]}"#,
        );
        assert_eq!(reading.id, "6f1c2a9e4b1d4c559a3e2f0b1c7d9e10");
        assert_eq!(reading.session, None);
        let session = read(
            r#"{"id":"a","survey":"s","version":1,"period":"2026","dimension":"session:ABC234XYZ","participants":3,"cells":[]}"#,
        );
        assert_eq!(session.session.as_deref(), Some("ABC234XYZ"));
        let college = read(
            r#"{"id":"b","survey":"s","version":1,"period":"2026","dimension":"college:x","participants":3,"cells":[]}"#,
        );
        assert!(
            !is_session_code(college.session.as_deref().unwrap()),
            "refused by name, never counted twice"
        );
        // Today's entries read as they were written.
        let today = Outgoing::new(
            Contribution {
                id: contribution_id([3; 16]),
                survey: "s".into(),
                version: 1,
                period: Period::Year(2026),
                session: Some("ABC234XYZ".into()),
                participants: 2,
                cells: vec![],
            },
            5,
        );
        let text = serde_json::to_string(&today).unwrap();
        assert_eq!(serde_json::from_str::<Outgoing>(&text).unwrap(), today);
    }

    #[test]
    fn retries_back_off_with_jitter_and_never_stop() {
        assert_eq!(backoff(1, 0.5), 2_000);
        assert_eq!(backoff(2, 0.5), 4_000);
        assert_eq!(backoff(9, 0.5), 300_000, "capped at five minutes");
        assert_eq!(backoff(1_000, 0.0), 150_000);
        assert_eq!(backoff(3, 1.0), 12_000);
        let c = Contribution {
            id: contribution_id([7; 16]),
            survey: "s".into(),
            version: 1,
            period: Period::Year(2026),
            session: None,
            participants: 1,
            cells: vec![],
        };
        let mut o = Outgoing::new(c, 100);
        for _ in 0..50 {
            o.failed(100, "serveur injoignable".into(), 0.5);
        }
        assert_eq!((o.attempts, o.next_at, o.refused), (50, 300_100, false));
    }

    #[test]
    fn score_and_progress_buckets_have_clear_edges() {
        let scores: Vec<_> = [0.0, 19.9, 20.0, 59.99, 80.0, 100.0]
            .map(score_bucket)
            .into();
        assert_eq!(
            scores,
            ["0-20", "0-20", "20-40", "40-60", "80-100", "80-100"]
        );
        let moves: Vec<_> = [-40.0, -20.0, -19.0, -5.0, -4.9, 0.0, 4.9, 5.0, 19.9, 20.0]
            .map(progress_bucket)
            .into();
        assert_eq!(
            moves,
            [
                "down-20", "down-20", "down-5", "down-5", "same", "same", "same", "up-5", "up-5",
                "up-20"
            ]
        );
        assert_eq!(
            Period::of(1_767_225_600_000, Granularity::Quarter).to_string(),
            "2026-Q1"
        );
        assert_eq!(
            Period::of(1_767_225_599_999, Granularity::Year).to_string(),
            "2025"
        );
    }
}
