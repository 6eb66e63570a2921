//! Profiles, drafts and readings: what a project holder keeps on their device.
//!
//! Times are milliseconds since the Unix epoch, passed in by the caller.

use litemap::LiteMap;

use serde::{Deserialize, Serialize};

use crate::answer::{Answer, AnswerError, Answers, check, clean, validate};
use crate::calendar::Date;
use crate::scoring::{Scores, scores};
use crate::survey::Kind;
use crate::{Indicator, Survey};

/// A pseudonymous profile living only on this device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Random identifier, never sent anywhere.
    pub id: String,
    /// What the person wants to be called here.
    pub pseudonym: String,
    /// The project's name.
    pub project: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// The action plan: for an indicator, the next steps in the person's words and the day to
    /// look at it again. On the device and in its backup only, never shared.
    #[serde(default, skip_serializing_if = "LiteMap::is_empty")]
    pub plan: LiteMap<Indicator, Step>,
}

/// One line of the action plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// What the person will do next, as they wrote it.
    pub next: String,
    /// The day to look at it again (`YYYY-MM-DD`), or empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub review_on: String,
}

/// Answers in progress, saved at every answer so nothing typed is lost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: String,
    pub profile_id: String,
    pub survey_id: String,
    pub survey_version: u32,
    pub answers: Answers,
    /// The section (screen) the person was on, to resume exactly there.
    pub section: usize,
    pub updated_at: i64,
    /// The accompagnateur's view of the same scales, answered beside the holder in a follow-up
    /// meeting: kept with the reading, never shared.
    #[serde(default, skip_serializing_if = "Answers::is_empty")]
    pub companion: Answers,
}

/// A submitted self-assessment: answers, the survey version they answer, scores and date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub id: String,
    pub profile_id: String,
    pub survey_id: String,
    pub survey_version: u32,
    pub answers: Answers,
    pub scores: Scores,
    pub submitted_at: i64,
    /// The accompagnateur's levels on the scales the holder answered, and the scores they give:
    /// for the conversation, never in the shared contribution.
    #[serde(default, skip_serializing_if = "Answers::is_empty")]
    pub companion: Answers,
    #[serde(default, skip_serializing_if = "LiteMap::is_empty")]
    pub companion_scores: Scores,
}

impl Profile {
    /// The action plan's next day to take stock, with the indicators planned for it: the
    /// earliest `review_on` of an indicator that no review has scored since that day (a point
    /// taken is not asked again). `day_of` gives an instant's day where the person is, the day
    /// their plan was written in.
    pub fn next_point(
        &self,
        readings: &[Reading],
        day_of: impl Fn(i64) -> Date,
    ) -> Option<(Date, Vec<Indicator>)> {
        let mut earliest: Option<(Date, Vec<Indicator>)> = None;
        for (&indicator, step) in self.plan.iter() {
            let Some(day) = Date::parse_iso(&step.review_on) else {
                continue;
            };
            let taken = readings
                .iter()
                .any(|r| r.scores.contains_key(&indicator) && day_of(r.submitted_at) >= day);
            match &mut earliest {
                _ if taken => {}
                Some((first, planned)) if *first == day => planned.push(indicator),
                Some((first, _)) if *first < day => {}
                _ => earliest = Some((day, vec![indicator])),
            }
        }
        earliest
    }
}

impl Draft {
    /// This draft carried to another version of its survey, so an update loses no answer that
    /// still means the same: a question keeps its id across versions only if its wording and
    /// answers did not change (the survey check refuses otherwise). The answers the new version
    /// no longer asks, or hides, are dropped; the draft starts again at the first section.
    /// In its own version, the draft is unchanged.
    pub fn carried_to(&self, survey: &Survey) -> Draft {
        if self.survey_version == survey.version {
            return self.clone();
        }
        Draft {
            survey_id: survey.id.clone(),
            survey_version: survey.version,
            answers: clean(survey, &self.answers),
            companion: clean(survey, &self.companion),
            section: 0,
            ..self.clone()
        }
    }
}

impl Reading {
    /// Turns a complete draft into a reading: hidden answers are dropped, scores computed.
    /// Refuses with every problem, by question, when the answers are not complete and valid.
    pub fn submit(
        survey: &Survey,
        draft: &Draft,
        id: String,
        now: i64,
    ) -> Result<Reading, Vec<(String, AnswerError)>> {
        let problems = validate(survey, &draft.answers);
        if !problems.is_empty() {
            return Err(problems);
        }
        let answers = clean(survey, &draft.answers);
        Ok(Reading {
            id,
            profile_id: draft.profile_id.clone(),
            survey_id: survey.id.clone(),
            survey_version: survey.version,
            scores: scores(survey, &answers),
            answers,
            submitted_at: now,
            companion: Answers::new(),
            companion_scores: LiteMap::new(),
        })
    }

    /// The reading with the accompagnateur's view beside the holder's (the draft's `companion`),
    /// kept and scored; apart from `submit`, which a participant's phone also runs.
    pub fn beside(mut self, survey: &Survey, companion: &Answers) -> Reading {
        self.companion = kept_beside(survey, &self.answers, companion);
        self.companion_scores = scores(survey, &self.companion);
        self
    }
}

/// The accompagnateur's answers worth keeping: a valid level or "I don't know" on a scale the
/// holder answered too (a hidden or skipped question has nothing to compare).
fn kept_beside(survey: &Survey, holder: &Answers, companion: &Answers) -> Answers {
    survey
        .questions()
        .filter(|q| matches!(q.kind, Kind::Scale { .. }) && holder.contains_key(&q.id))
        .filter_map(|q| {
            let answer = companion.get(&q.id)?;
            check(q, answer).ok()?;
            Some((q.id.clone(), answer.clone()))
        })
        .collect()
}

/// A scale where the holder and the accompagnateur are two levels or more apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub question: String,
    pub holder: i64,
    pub companion: i64,
}

impl Disagreement {
    /// How many levels apart, whoever is higher.
    pub fn gap(&self) -> i64 {
        (self.holder - self.companion).abs()
    }
}

/// The questions where the two views differ by two levels or more, widest gap first, then in
/// the survey's order: the topics for the conversation.
pub fn disagreements(survey: &Survey, reading: &Reading) -> Vec<Disagreement> {
    let mut found: Vec<Disagreement> = survey
        .questions()
        .filter_map(|q| {
            let (Answer::Level(holder), Answer::Level(companion)) =
                (reading.answers.get(&q.id)?, reading.companion.get(&q.id)?)
            else {
                return None;
            };
            ((holder - companion).abs() >= 2).then(|| Disagreement {
                question: q.id.clone(),
                holder: *holder,
                companion: *companion,
            })
        })
        .collect();
    // Stable: equal gaps keep the survey's order.
    crate::order::sort_by_key(&mut found, |d| std::cmp::Reverse(d.gap()));
    found
}

/// A score as the pages write it, a whole number: `{:.0}` rounds a half to even (62.5 is 62),
/// so a sentence about two scores says the numbers their table shows.
pub fn shown(score: f64) -> i64 {
    score.round_ties_even() as i64
}

/// How each indicator moved between two readings (only indicators scored in both).
pub fn changes(earlier: &Reading, later: &Reading) -> Vec<(Indicator, f64)> {
    Indicator::ALL
        .into_iter()
        .filter_map(|i| {
            let (a, b) = (earlier.scores.get(&i)?, later.scores.get(&i)?);
            Some((i, b.value - a.value))
        })
        .collect()
}

/// Each indicator's score over time, oldest reading first, for the indicators scored at least once:
/// the data of the progress chart.
pub fn progress(readings: &[Reading]) -> Vec<(Indicator, Vec<(i64, f64)>)> {
    let mut ordered: Vec<&Reading> = readings.iter().collect();
    crate::order::sort_by_key(&mut ordered, |r| r.submitted_at);
    Indicator::ALL
        .into_iter()
        .map(|i| {
            let points = ordered
                .iter()
                .filter_map(|r| r.scores.get(&i).map(|s| (r.submitted_at, s.value)))
                .collect::<Vec<_>>();
            (i, points)
        })
        .filter(|(_, points)| !points.is_empty())
        .collect()
}

/// The reading to compare `latest` with when saying what changed: the previous one of the same survey.
pub fn previous<'a>(readings: &'a [Reading], latest: &Reading) -> Option<&'a Reading> {
    readings
        .iter()
        .filter(|r| r.survey_id == latest.survey_id && r.submitted_at < latest.submitted_at)
        .max_by_key(|r| r.submitted_at)
}
