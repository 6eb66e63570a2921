//! Indicator scores: the weighted mean of a reading's answers, normalised to 0–100.

use litemap::LiteMap;

use serde::{Deserialize, Serialize};

use crate::Indicator;
use crate::answer::{Answer, Answers, clean};
use crate::survey::{Kind, Question, Survey};

/// One indicator's score and how many answers it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// 0 (lowest) to 100 (highest).
    pub value: f64,
    /// Number of answers behind the score.
    pub answers: usize,
}

/// The value 0–100 of one answer for scoring, or `None` when it does not count
/// ("I don't know", a choice without a score, a kind that feeds no indicator).
pub fn normalise(question: &Question, answer: &Answer) -> Option<f64> {
    match (&question.kind, answer) {
        (Kind::Scale { min, max, .. }, Answer::Level(level)) if max > min => {
            let clamped = (*level).clamp(*min, *max);
            Some((clamped - min) as f64 * 100.0 / (max - min) as f64)
        }
        (Kind::YesNo, Answer::YesNo(yes)) => Some(if *yes { 100.0 } else { 0.0 }),
        (Kind::Single { options, .. }, Answer::Choice { id, .. }) => {
            options.iter().find(|o| &o.id == id).and_then(|o| o.score)
        }
        _ => None,
    }
}

/// A reading's score by indicator: a sorted list, a handful of entries, written and read as a
/// map in indicator order (a `BTreeMap`'s code weighed more on a phone).
pub type Scores = LiteMap<Indicator, Score>;

/// Each indicator's score for `answers`; indicators with no counted answer are absent (no score,
/// not zero). Hidden questions' answers never count.
pub fn scores(survey: &Survey, answers: &Answers) -> Scores {
    let answers = clean(survey, answers);
    let mut sums: LiteMap<Indicator, (f64, f64, usize)> = LiteMap::new();
    for question in survey.questions() {
        let (Some(link), Some(answer)) = (question.indicator, answers.get(&question.id)) else {
            continue;
        };
        if let Some(value) = normalise(question, answer) {
            let entry = sums.entry(link.indicator).or_default();
            entry.0 += value * link.weight;
            entry.1 += link.weight;
            entry.2 += 1;
        }
    }
    // Inserted in order, one by one: collecting would bring a sort's code to a phone.
    let mut scores = Scores::with_capacity(sums.len());
    for (indicator, (sum, weights, n)) in sums {
        if weights > 0.0 {
            let value = sum / weights;
            scores.insert(indicator, Score { value, answers: n });
        }
    }
    scores
}
