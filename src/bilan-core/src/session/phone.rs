//! A session as a participant's own phone takes part in it: the survey it asks, the answers
//! the session gives for it, and the one contribution it sends.

use super::{FORMAT_QUESTION, Format};
use crate::Survey;
use crate::answer::Answer;
use crate::reading::Reading;
use crate::share::{Contribution, Period, contribution};

/// The answers a participant of a session in `format` starts with: the `format` question, when
/// the survey has it, is answered by the session.
pub fn preset(survey: &Survey, format: Format) -> crate::answer::Answers {
    let mut answers = crate::answer::Answers::new();
    let offers = survey
        .question(FORMAT_QUESTION)
        .is_some_and(|q| q.kind.options().iter().any(|o| o.id == format.id()));
    if offers {
        answers.insert(
            FORMAT_QUESTION.into(),
            Answer::Choice {
                id: format.id().into(),
                other: None,
            },
        );
    }
    answers
}

/// The survey as a participant's own phone asks it: without what is never shared (free text
/// would stay on a phone that keeps nothing, so it is not asked there); sections left empty go
/// too. The session's format stays, answered by the session, for the survey's conditions.
pub fn asked_on_phones(survey: &Survey) -> Survey {
    let mut asked = survey.clone();
    for section in &mut asked.sections {
        section.questions.retain(|q| q.shareable);
    }
    asked.sections.retain(|s| !s.questions.is_empty());
    asked
}

/// What one participant's own device sends: one contribution in the session, counted in
/// `period` (the year it answered in, where it is), which the server counts in the session's
/// table, their college's and the period's.
pub fn participant_contribution(
    survey: &Survey,
    reading: &Reading,
    period: Period,
    code: &str,
    id: String,
) -> Contribution {
    contribution(survey, reading, None, period, Some(code.to_owned()), id)
}
