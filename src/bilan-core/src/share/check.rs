//! The server's checks on a contribution: its survey, period, session code, participants, and each
//! cell's key and bucket against the buckets the survey defines.

use crate::bucket::{Bucket, CellKey, buckets};
use crate::calendar::Date;
use crate::share::{
    COLLEGE_QUESTION, Cell, Contribution, MAX_CELLS, MAX_PARTICIPANTS, is_contribution_id,
    is_session_code,
};
use crate::survey::{Kind, Question, Survey};

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
    #[error("survey {survey:?} has no version {got} on this server: it takes versions {known}")]
    UnknownVersion {
        survey: String,
        got: u32,
        /// The versions the server holds, oldest first, as `1, 2`.
        known: String,
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

impl ContributionError {
    /// The kind of refusal a client may act on: an old period or a survey the server does not
    /// take is said in the reader's words; the rest is a wrong request.
    pub fn refusal(&self) -> crate::wire::Refusal {
        use crate::wire::Refusal;
        match self {
            ContributionError::OldPeriod { .. } => Refusal::OldPeriod,
            ContributionError::UnknownSurvey(_) => Refusal::UnknownSurvey,
            ContributionError::WrongVersion { .. } | ContributionError::UnknownVersion { .. } => {
                Refusal::SurveyVersion
            }
            _ => Refusal::Invalid,
        }
    }
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
    /// Each shareable question, with its buckets.
    shareable: foldhash::HashMap<&'a str, (&'a Question, Vec<Bucket>)>,
    today: Date,
}

impl<'a> Checker<'a> {
    /// Indexes `survey`'s shareable questions, to check contributions arriving on `today`.
    pub fn new(survey: &'a Survey, today: Date) -> Self {
        let shareable = survey
            .questions()
            .filter(|q| q.shareable)
            .filter_map(|q| {
                let list = buckets(survey, &CellKey::answer(&q.id))?;
                Some((q.id.as_str(), (q, list)))
            })
            .collect();
        Checker {
            survey,
            shareable,
            today,
        }
    }

    /// The survey (in its version) this checker checks against.
    pub fn survey(&self) -> &'a Survey {
        self.survey
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
                question: cell.question.to_string(),
                bucket: cell.bucket.to_string(),
                count: cell.count,
                participants,
            });
        }
        // Answers of a one-answer question, added up so far (question, sum).
        let mut answered: (Option<&CellKey>, u64) = (None, 0);
        // Cells sorted by question then bucket let repeats be found side by side.
        let mut order: Vec<&Cell> = c.cells.iter().collect();
        crate::order::sort(&mut order);
        for (k, cell) in order.iter().enumerate() {
            let question = cell
                .question
                .question()
                .and_then(|id| self.shareable.get(id));
            let known = match (&cell.question, &cell.bucket) {
                (CellKey::Score(_) | CellKey::Start(_), bucket) => {
                    Some(matches!(bucket, Bucket::Score(_)))
                }
                (CellKey::Progress(_), bucket) => Some(matches!(bucket, Bucket::Progress(_))),
                (CellKey::Answer(_), bucket) => question.map(|(_, list)| list.contains(bucket)),
            };
            match known {
                None => {
                    return Err(ContributionError::UnknownQuestion(
                        cell.question.to_string(),
                    ));
                }
                Some(false) => {
                    return Err(ContributionError::UnknownBucket {
                        question: cell.question.to_string(),
                        bucket: cell.bucket.to_string(),
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
            if question.is_some_and(|(q, _)| matches!(q.kind, Kind::Multiple { .. })) {
                continue;
            }
            // Every other question (and every score or progress) counts once per participant.
            if answered.0 != Some(&cell.question) {
                answered = (Some(&cell.question), 0);
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
            && c.cells
                .iter()
                .any(|cell| cell.question.question() == Some(COLLEGE_QUESTION))
            && c.college().is_none()
        {
            return Err(ContributionError::MixedColleges { participants });
        }
        Ok(())
    }
}
