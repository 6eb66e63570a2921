//! Answers to a survey: their types, their validation against the survey, and progress.

use serde::{Deserialize, Serialize};

use crate::survey::{Kind, Question, Survey, bucket_index};

/// One answer, shaped by the kind of its question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Answer {
    /// A level of a scale.
    Level(i64),
    /// "I don't know", where a scale offers it.
    DontKnow,
    /// One option; `other` holds the text of "Other" (kept on the device).
    Choice {
        id: String,
        other: Option<String>,
    },
    /// Several options.
    Choices {
        ids: Vec<String>,
        other: Option<String>,
    },
    YesNo(bool),
    /// An integer or decimal number.
    Number(f64),
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as the question's precision asks.
    Date(String),
    /// Free text, never shared.
    Text(String),
}

/// The answers of one person to one survey, by question id (a draft or a complete set): a sorted
/// list, written and read as a map in id order like a `BTreeMap`, whose code weighs 3 KiB of gzip
/// more on a phone for a few dozen entries.
pub type Answers = litemap::LiteMap<String, Answer>;

/// The id reserved for "Other" in choice questions that offer it.
pub const OTHER: &str = "other";

/// Why an answer is not acceptable, in words shown next to the question.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnswerError {
    #[error("this question needs an answer")]
    Required,
    #[error("this answer does not fit a {kind} question")]
    WrongType { kind: &'static str },
    #[error("choose a level from {min} to {max}")]
    LevelOutOfRange { min: i64, max: i64 },
    #[error("\"I don't know\" is not offered here")]
    DontKnowNotOffered,
    #[error("unknown option {0:?}")]
    UnknownOption(String),
    #[error("choose at most {0} options")]
    TooManyChoices(u32),
    #[error("enter a number")]
    NotANumber,
    /// A point before three digits, in French: « 2.500 » is 2500 if the point separates
    /// thousands (the number held), or a thousandth of it if it is a decimal one.
    #[error("{0}, or a thousandth of it?")]
    Ambiguous(i32),
    #[error("enter a whole number")]
    NotWhole,
    #[error("enter a number of at least {0}")]
    BelowMin(f64),
    #[error("enter a number of at most {0}")]
    AboveMax(f64),
    #[error("enter a date as {0}")]
    BadDate(&'static str),
    #[error("this number falls in no sharing bucket")]
    NoBucket,
}

impl AnswerError {
    /// Whether only a field's text gives this error (« 12k », « 2.500 »): the answers hold
    /// numbers, never text that is none.
    pub fn of_text(&self) -> bool {
        matches!(self, AnswerError::NotANumber | AnswerError::Ambiguous(_))
    }
}

/// Whether `question` is shown, given the answers so far.
pub fn is_visible(question: &Question, answers: &Answers) -> bool {
    question.show_if.as_ref().is_none_or(|c| c.eval(answers))
}

/// The answers with every hidden question's answer removed, and unknown ids dropped.
///
/// Conditions only read earlier questions, so one pass in survey order settles visibility.
pub fn clean(survey: &Survey, answers: &Answers) -> Answers {
    let mut kept = Answers::new();
    for question in survey.questions() {
        if let Some(answer) = answers.get(&question.id)
            && is_visible(question, &kept)
        {
            kept.insert(question.id.clone(), answer.clone());
        }
    }
    kept
}

/// Checks one answer against its question.
pub fn check(question: &Question, answer: &Answer) -> Result<(), AnswerError> {
    let wrong = || AnswerError::WrongType {
        kind: question.kind.name(),
    };
    match (&question.kind, answer) {
        (Kind::Scale { min, max, .. }, Answer::Level(level)) => {
            if level < min || level > max {
                return Err(AnswerError::LevelOutOfRange {
                    min: *min,
                    max: *max,
                });
            }
        }
        (Kind::Scale { dont_know, .. }, Answer::DontKnow) => {
            if !dont_know {
                return Err(AnswerError::DontKnowNotOffered);
            }
        }
        (Kind::Single { options, other }, Answer::Choice { id, .. }) => {
            check_option(options, *other, id)?;
        }
        (
            Kind::Multiple {
                options,
                other,
                max_choices,
            },
            Answer::Choices { ids, .. },
        ) => {
            for id in ids {
                check_option(options, *other, id)?;
            }
            if let Some(limit) = max_choices
                && ids.len() > *limit as usize
            {
                return Err(AnswerError::TooManyChoices(*limit));
            }
        }
        (Kind::YesNo, Answer::YesNo(_)) | (Kind::Text { .. }, Answer::Text(_)) => {}
        (
            Kind::Integer {
                min, max, buckets, ..
            },
            Answer::Number(x),
        ) => {
            if x.is_finite() && x.fract() != 0.0 {
                return Err(AnswerError::NotWhole);
            }
            check_number(*x, *min, *max, buckets)?;
        }
        (
            Kind::Decimal {
                min, max, buckets, ..
            },
            Answer::Number(x),
        ) => {
            check_number(*x, *min, *max, buckets)?;
        }
        (Kind::Date { precision }, Answer::Date(text)) => check_date(*precision, text)?,
        _ => return Err(wrong()),
    }
    Ok(())
}

fn check_option(
    options: &[crate::survey::Choice],
    other: bool,
    id: &str,
) -> Result<(), AnswerError> {
    if options.iter().any(|o| o.id == id) || (other && id == OTHER) {
        Ok(())
    } else {
        Err(AnswerError::UnknownOption(id.to_owned()))
    }
}

fn check_number(
    x: f64,
    min: Option<f64>,
    max: Option<f64>,
    buckets: &[f64],
) -> Result<(), AnswerError> {
    if !x.is_finite() {
        return Err(AnswerError::NotANumber);
    }
    if let Some(min) = min
        && x < min
    {
        return Err(AnswerError::BelowMin(min));
    }
    if let Some(max) = max
        && x > max
    {
        return Err(AnswerError::AboveMax(max));
    }
    if !buckets.is_empty() && bucket_index(buckets, x).is_none() {
        return Err(AnswerError::NoBucket);
    }
    Ok(())
}

fn check_date(precision: crate::survey::DatePrecision, text: &str) -> Result<(), AnswerError> {
    use crate::survey::DatePrecision::*;
    let (pattern, parts) = match precision {
        Day => ("YYYY-MM-DD", 3),
        Month => ("YYYY-MM", 2),
        Year => ("YYYY", 1),
    };
    let fields: Vec<&str> = text.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let ok = fields.len() == parts
        && digits(fields[0], 4)
        && fields
            .get(1)
            .is_none_or(|m| digits(m, 2) && (1..=12).contains(&m.parse::<u32>().unwrap_or(0)))
        && fields.get(2).is_none_or(|d| {
            let year: u32 = fields[0].parse().unwrap_or(0);
            let month: u32 = fields[1].parse().unwrap_or(0);
            digits(d, 2)
                && (1..=days_in_month(year, month)).contains(&d.parse::<u32>().unwrap_or(0))
        });
    if ok {
        Ok(())
    } else {
        Err(AnswerError::BadDate(pattern))
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Checks a complete answer set: every visible required question answered, every answer valid.
/// Returns the problems by question id, in survey order.
pub fn validate(survey: &Survey, answers: &Answers) -> Vec<(String, AnswerError)> {
    let answers = clean(survey, answers);
    problems(survey.questions(), &answers)
}

/// Checks one section (by index) the way [`validate`] checks the whole survey, after hidden
/// answers are dropped: the page and the final check never disagree on which questions count.
pub fn validate_section(
    survey: &Survey,
    section: usize,
    answers: &Answers,
) -> Vec<(String, AnswerError)> {
    let answers = clean(survey, answers);
    let questions = survey.sections.get(section).map(|s| s.questions.as_slice());
    problems(questions.unwrap_or_default().iter(), &answers)
}

/// The problems of the visible ones among `questions`, given cleaned `answers`.
fn problems<'a>(
    questions: impl Iterator<Item = &'a Question>,
    answers: &Answers,
) -> Vec<(String, AnswerError)> {
    let mut found = Vec::new();
    for question in questions.filter(|q| is_visible(q, answers)) {
        match answers.get(&question.id) {
            Some(answer) => {
                if let Err(err) = check(question, answer) {
                    found.push((question.id.clone(), err));
                }
            }
            None if question.required => found.push((question.id.clone(), AnswerError::Required)),
            None => {}
        }
    }
    found
}

/// How far a person is: answered visible questions out of visible questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub answered: usize,
    pub visible: usize,
}

impl Progress {
    /// Percentage done, 0–100 (100 for a survey with nothing to answer).
    pub fn percent(self) -> u8 {
        (self.answered * 100)
            .checked_div(self.visible)
            .map_or(100, |p| p.min(100) as u8)
    }
}

/// Progress through `survey` with `answers`.
pub fn progress(survey: &Survey, answers: &Answers) -> Progress {
    let answers = clean(survey, answers);
    let visible: Vec<&Question> = survey
        .questions()
        .filter(|q| is_visible(q, &answers))
        .collect();
    Progress {
        answered: visible
            .iter()
            .filter(|q| answers.contains_key(&q.id))
            .count(),
        visible: visible.len(),
    }
}
