//! What one reading (or a group of a session's participants) adds to the aggregates: its cells,
//! built from the survey's shareable answers, its scores and its progress.

use serde::{Deserialize, Serialize};

use crate::answer::Answer;
use crate::bucket::{BadBucket, BadKey, Bucket, CellKey, ScoreBand, Step};
use crate::reading::Reading;
use crate::share::Period;
use crate::survey::{Kind, Question, Survey, bucket_index};

/// One increment: what is counted (a question, a score or a progress) and the bucket it fell in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cell {
    // Named `question` on the wire, as it always was.
    pub question: CellKey,
    pub bucket: Bucket,
    /// How many participants fell in the bucket: 1 for one reading, more in a session's aggregate.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: u32,
}

impl Cell {
    /// One participant's increment of `question` in `bucket`.
    pub fn one(question: CellKey, bucket: Bucket) -> Cell {
        Cell {
            question,
            bucket,
            count: 1,
        }
    }
}

/// A cell whose key or bucket is not in the wire vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadCell {
    #[error(transparent)]
    Key(#[from] BadKey),
    #[error(transparent)]
    Bucket(#[from] BadBucket),
}

impl Cell {
    /// One participant's cell, from the text forms of its key and bucket as they travel.
    pub fn parse(question: &str, bucket: &str) -> Result<Cell, BadCell> {
        Ok(Cell::one(question.parse()?, bucket.parse()?))
    }
}

pub(crate) fn one() -> u32 {
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
            .find(|c| {
                c.question.question() == Some(COLLEGE_QUESTION) && c.count == self.participants
            })
            .map(|c| c.bucket.as_str())
    }
}

/// The question of a session survey that holds the participant's college.
pub const COLLEGE_QUESTION: &str = "college";

/// The most cells one contribution may carry (a long survey with every option ticked).
pub const MAX_CELLS: usize = 1000;

/// The most participants one session's aggregate may add up.
pub const MAX_PARTICIPANTS: u32 = 10_000;

/// The cells a shareable question's answer adds (none for text, dates or numbers without a bucket).
fn cells_of(question: &Question, answer: &Answer) -> Vec<Cell> {
    let cell = |bucket: Bucket| Cell::one(CellKey::answer(&question.id), bucket);
    match (answer, &question.kind) {
        (Answer::Level(n), Kind::Scale { .. }) => vec![cell(Bucket::level(*n))],
        (Answer::DontKnow, Kind::Scale { .. }) => vec![cell(Bucket::DontKnow)],
        (Answer::YesNo(yes), Kind::YesNo) => {
            vec![cell(if *yes { Bucket::Yes } else { Bucket::No })]
        }
        (Answer::Choice { id, .. }, Kind::Single { .. }) => vec![cell(Bucket::option(id))],
        (Answer::Choices { ids, .. }, Kind::Multiple { .. }) => {
            ids.iter().map(|id| cell(Bucket::option(id))).collect()
        }
        (Answer::Number(x), Kind::Integer { buckets, .. } | Kind::Decimal { buckets, .. }) => {
            bucket_index(buckets, *x)
                .map(|i| cell(Bucket::bound(buckets[i])))
                .into_iter()
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The contribution of `reading`, counted in `period` (the one its day falls in where it was
/// given: see [`Period::of`]) and in `session` if it was given in one; `first` is the person's
/// first reading of the same survey, if it is earlier.
pub fn contribution(
    survey: &Survey,
    reading: &Reading,
    first: Option<&Reading>,
    period: Period,
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
            CellKey::Score(*indicator),
            Bucket::Score(ScoreBand::of(score.value)),
        ));
    }
    if let Some(first) =
        first.filter(|f| f.id != reading.id && f.submitted_at < reading.submitted_at)
    {
        for (indicator, change) in crate::reading::changes(first, reading) {
            cells.push(Cell::one(
                CellKey::Progress(indicator),
                Bucket::Progress(Step::of(change)),
            ));
            // Where the person started: with the scores of this year's readings, the cohort's
            // star (first readings against this year's), from released counts only.
            if let Some(start) = first.scores.get(&indicator) {
                cells.push(Cell::one(
                    CellKey::Start(indicator),
                    Bucket::Score(ScoreBand::of(start.value)),
                ));
            }
        }
    }
    // Not `order::sort`: its one sort would come to a phone for these few dozen cells (2.4 KiB).
    crate::order::sort_few(&mut cells);
    Contribution {
        id,
        survey: survey.id.clone(),
        version: survey.version,
        period,
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
    let mut counts = litemap::LiteMap::<(&CellKey, &Bucket), u32>::new();
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
                question: question.clone(),
                bucket: bucket.clone(),
                count,
            })
            .collect(),
    })
}
