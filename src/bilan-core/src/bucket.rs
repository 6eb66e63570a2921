//! The words of the shared counts, in one place: what a counter counts ([`CellKey`]), the bucket
//! an answer fell in ([`Bucket`]), each with one text form on the wire, and the buckets a survey
//! defines for each key ([`buckets`]).

use std::fmt;
use std::str::FromStr;

use compact_str::{CompactString, ToCompactString};

use crate::Indicator;
use crate::survey::{Kind, Survey};

/// What a counter counts: the answers to a shareable question, an indicator's score, or how far
/// an indicator moved since the person's first reading.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CellKey {
    /// A shareable question, by its id.
    Answer(CompactString),
    /// An indicator's score (`score:ID` on the wire).
    Score(Indicator),
    /// An indicator's progress since the first reading (`progress:ID` on the wire).
    Progress(Indicator),
    /// Where the person started on an indicator: the score band of their first reading, sent
    /// with each later one (`start:ID` on the wire), for the cohort's star.
    Start(Indicator),
}

/// The things counted, for choosing which keys a chart shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Answers,
    Scores,
    Progress,
    Start,
}

impl CellKey {
    /// Which of the three it counts.
    pub fn counted(&self) -> Counted {
        match self {
            CellKey::Answer(_) => Counted::Answers,
            CellKey::Score(_) => Counted::Scores,
            CellKey::Progress(_) => Counted::Progress,
            CellKey::Start(_) => Counted::Start,
        }
    }

    /// The key of question `id`.
    pub fn answer(id: &str) -> CellKey {
        CellKey::Answer(id.into())
    }

    /// The question id, for an answer's key.
    pub fn question(&self) -> Option<&str> {
        match self {
            CellKey::Answer(id) => Some(id),
            _ => None,
        }
    }

    /// The indicator, for a score's or a progress's key.
    pub fn indicator(&self) -> Option<Indicator> {
        match self {
            CellKey::Score(i) | CellKey::Progress(i) | CellKey::Start(i) => Some(*i),
            CellKey::Answer(_) => None,
        }
    }
}

impl fmt::Display for CellKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CellKey::Answer(id) => f.write_str(id),
            CellKey::Score(i) => write!(f, "score:{}", i.id()),
            CellKey::Progress(i) => write!(f, "progress:{}", i.id()),
            CellKey::Start(i) => write!(f, "start:{}", i.id()),
        }
    }
}

/// A key that is neither a question id nor `score:`/`progress:`/`start:` and an indicator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a question id, score:INDICATOR, progress:INDICATOR or start:INDICATOR")]
pub struct BadKey(pub String);

impl FromStr for CellKey {
    type Err = BadKey;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadKey(s.chars().take(80).collect());
        let indicator = |id: &str| id.parse::<Indicator>().map_err(|_| bad());
        if let Some(id) = s.strip_prefix("score:") {
            Ok(CellKey::Score(indicator(id)?))
        } else if let Some(id) = s.strip_prefix("progress:") {
            Ok(CellKey::Progress(indicator(id)?))
        } else if let Some(id) = s.strip_prefix("start:") {
            Ok(CellKey::Start(indicator(id)?))
        } else if is_id(s) {
            Ok(CellKey::Answer(s.into()))
        } else {
            Err(bad())
        }
    }
}

/// Whether `s` looks like a survey, question or option id: short kebab-case ASCII.
pub(crate) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// A fifth of the 0–100 score scale: `0-20` holds 0 to under 20, `80-100` holds 80 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScoreBand {
    From0,
    From20,
    From40,
    From60,
    From80,
}

impl ScoreBand {
    /// The five, from the lowest.
    pub const ALL: [ScoreBand; 5] = [
        ScoreBand::From0,
        ScoreBand::From20,
        ScoreBand::From40,
        ScoreBand::From60,
        ScoreBand::From80,
    ];

    /// The band of a 0–100 score.
    pub fn of(score: f64) -> ScoreBand {
        ScoreBand::ALL[((score / 20.0).floor().clamp(0.0, 4.0)) as usize]
    }

    /// Its text on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ScoreBand::From0 => "0-20",
            ScoreBand::From20 => "20-40",
            ScoreBand::From40 => "40-60",
            ScoreBand::From60 => "60-80",
            ScoreBand::From80 => "80-100",
        }
    }
}

/// How far an indicator moved since the first reading: down 20 or more, down 5 to 20, within 5
/// either way, up 5 to 20, up 20 or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    DownMuch,
    Down,
    Same,
    Up,
    UpMuch,
}

impl Step {
    /// The five, from the steepest fall.
    pub const ALL: [Step; 5] = [
        Step::DownMuch,
        Step::Down,
        Step::Same,
        Step::Up,
        Step::UpMuch,
    ];

    /// The step of a change in score.
    pub fn of(change: f64) -> Step {
        match change {
            c if c <= -20.0 => Step::DownMuch,
            c if c <= -5.0 => Step::Down,
            c if c < 5.0 => Step::Same,
            c if c < 20.0 => Step::Up,
            _ => Step::UpMuch,
        }
    }

    /// Its text on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::DownMuch => "down-20",
            Step::Down => "down-5",
            Step::Same => "same",
            Step::Up => "up-5",
            Step::UpMuch => "up-20",
        }
    }
}

/// The bucket an answer, a score or a progress fell in. The fixed words are typed; the rest is
/// named as the survey names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bucket {
    /// A score's band.
    Score(ScoreBand),
    /// A progress's step.
    Progress(Step),
    /// "I don't know" on a scale that offers it.
    DontKnow,
    Yes,
    No,
    /// The "or other" of a choice question.
    Other,
    /// A scale's level, a choice's option id, or the lower bound of a number's bucket, as the
    /// survey writes it.
    Named(CompactString),
}

/// The text of [`Bucket::DontKnow`].
const DONT_KNOW: &str = "dont-know";

impl Bucket {
    /// The bucket of a scale's level `n`.
    pub fn level(n: i64) -> Bucket {
        Bucket::Named(n.to_compact_string())
    }

    /// The bucket of a choice's option `id` (the typed word, for an option called `yes`, say).
    pub fn option(id: &str) -> Bucket {
        id.parse().unwrap_or_else(|_| Bucket::Named(id.into()))
    }

    /// The bucket of a number whose bucket starts at `lower`.
    pub fn bound(lower: f64) -> Bucket {
        // As the survey writes it: "10", not "10.0". A survey's bounds have at most 15
        // significant digits (`load` refuses more); another is named by its bits, the same on
        // every platform.
        Bucket::Named(
            crate::decimal::write(lower)
                .unwrap_or_else(|| compact_str::format_compact!("x{:x}", lower.to_bits())),
        )
    }

    /// Its text on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Bucket::Score(b) => b.as_str(),
            Bucket::Progress(s) => s.as_str(),
            Bucket::DontKnow => DONT_KNOW,
            Bucket::Yes => "yes",
            Bucket::No => "no",
            Bucket::Other => crate::answer::OTHER,
            Bucket::Named(name) => name,
        }
    }
}

impl fmt::Display for Bucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A bucket that is empty, too long, or not made of lowercase letters, digits, `-`, `_`, `.`
/// and `+`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a bucket: 1 to 64 lowercase letters, digits, '-', '_', '.' or '+'")]
pub struct BadBucket(pub String);

impl FromStr for Bucket {
    type Err = BadBucket;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(band) = ScoreBand::ALL.into_iter().find(|b| b.as_str() == s) {
            return Ok(Bucket::Score(band));
        }
        if let Some(step) = Step::ALL.into_iter().find(|b| b.as_str() == s) {
            return Ok(Bucket::Progress(step));
        }
        Ok(match s {
            DONT_KNOW => Bucket::DontKnow,
            "yes" => Bucket::Yes,
            "no" => Bucket::No,
            crate::answer::OTHER => Bucket::Other,
            _ if !s.is_empty()
                && s.len() <= 64
                && s.bytes().all(|b| {
                    b.is_ascii_lowercase()
                        || b.is_ascii_digit()
                        || matches!(b, b'-' | b'_' | b'.' | b'+')
                }) =>
            {
                Bucket::Named(s.into())
            }
            _ => return Err(BadBucket(s.chars().take(80).collect())),
        })
    }
}

/// Serialises as the text form, and reads it back through `FromStr` (without allocating when the
/// JSON string has no escapes).
macro_rules! text_serde {
    ($t:ty) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use text_serde;
text_serde!(CellKey);
text_serde!(Bucket);

/// The buckets of `key` in the order a chart shows them; `None` for what `survey` does not share.
/// The contribution builder, the server's checker and the app's labels all read this list.
pub fn buckets(survey: &Survey, key: &CellKey) -> Option<Vec<Bucket>> {
    let id = match key {
        CellKey::Score(_) | CellKey::Start(_) => {
            return Some(ScoreBand::ALL.map(Bucket::Score).into());
        }
        CellKey::Progress(_) => return Some(Step::ALL.map(Bucket::Progress).into()),
        CellKey::Answer(id) => id,
    };
    let q = survey.question(id).filter(|q| q.shareable)?;
    Some(match &q.kind {
        Kind::Scale {
            min,
            max,
            dont_know,
            ..
        } => (*min..=*max)
            .map(Bucket::level)
            .chain(dont_know.then_some(Bucket::DontKnow))
            .collect(),
        Kind::YesNo => vec![Bucket::Yes, Bucket::No],
        Kind::Single { options, other } | Kind::Multiple { options, other, .. } => options
            .iter()
            .map(|o| Bucket::option(&o.id))
            .chain(other.then_some(Bucket::Other))
            .collect(),
        Kind::Integer { buckets, .. } | Kind::Decimal { buckets, .. } => {
            buckets.iter().map(|b| Bucket::bound(*b)).collect()
        }
        Kind::Date { .. } | Kind::Text { .. } => return None,
    })
}

/// [`buckets`] of a key in its text form, as text: how a stored table's counters are named.
pub fn bucket_names(survey: &Survey, key: &str) -> Option<Vec<String>> {
    let list = buckets(survey, &key.parse().ok()?)?;
    Some(list.iter().map(|b| b.as_str().to_owned()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_buckets_have_one_text_form() {
        for text in [
            "benevoles",
            "score:utilite-sociale",
            "progress:appropriation",
        ] {
            assert_eq!(text.parse::<CellKey>().unwrap().to_string(), text);
        }
        for junk in ["score:", "score:nope", "Benevoles", "", "progress:x", "a b"] {
            assert!(junk.parse::<CellKey>().is_err(), "{junk:?}");
        }
        for text in [
            "0-20",
            "80-100",
            "down-20",
            "same",
            "dont-know",
            "yes",
            "no",
            "other",
            "3",
            "2.5",
            "-5",
            "fr",
        ] {
            assert_eq!(text.parse::<Bucket>().unwrap().to_string(), text);
        }
        assert_eq!("up-5".parse(), Ok(Bucket::Progress(Step::Up)));
        assert_eq!(Bucket::option("yes"), Bucket::Yes);
        assert_eq!(Bucket::bound(10.0), "10".parse().unwrap());
        for junk in ["", "Oui", "a b", "é", &"x".repeat(65)] {
            assert!(junk.parse::<Bucket>().is_err(), "{junk:?}");
        }
    }

    #[test]
    fn bands_and_steps_have_clear_edges() {
        let bands = [0.0, 19.9, 20.0, 59.99, 80.0, 100.0].map(|s| ScoreBand::of(s).as_str());
        assert_eq!(
            bands,
            ["0-20", "0-20", "20-40", "40-60", "80-100", "80-100"]
        );
        let steps = [-40.0, -20.0, -19.0, -5.0, -4.9, 0.0, 4.9, 5.0, 19.9, 20.0]
            .map(|c| Step::of(c).as_str());
        assert_eq!(
            steps,
            [
                "down-20", "down-20", "down-5", "down-5", "same", "same", "same", "up-5", "up-5",
                "up-20"
            ]
        );
    }
}
