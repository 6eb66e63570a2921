//! The participatory review's comparison of colleges: each college's mean level per scale
//! question, and where they agree or diverge.

use super::*;

/// How far the colleges are from each other on one scale question.
#[derive(Debug, Clone, PartialEq)]
pub struct Spread {
    pub question: String,
    /// Each college's mean level over its shown answers (`None` while it has fewer than k).
    pub means: Vec<(String, Option<f64>)>,
    /// The largest gap between two colleges' means, once at least two colleges are shown.
    pub gap: Option<f64>,
    pub agreement: Agreement,
}

/// Where the colleges stand on a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// Means within half a level of each other.
    Agree,
    /// Means between half a level and a level and a half apart.
    Nuanced,
    /// Means a level and a half or more apart.
    Diverge,
    /// Fewer than two colleges have enough answers to compare.
    Unknown,
}

/// The mean level of a scale question's released cells (hidden cells and "don't know" left out).
pub fn mean_level(release: &Release, question: &str) -> Option<f64> {
    let q = release.questions.iter().find(|q| q.question == question)?;
    let (sum, n) = q
        .cells
        .iter()
        .filter_map(|c| crate::decimal::parse(&c.bucket).map(|level| (level, c.count)))
        .fold((0.0, 0u64), |(sum, n), (level, count)| {
            (sum + level * count as f64, n + count)
        });
    (n > 0).then(|| sum / n as f64)
}

/// The consensus view of a participatory review: for each scale question of `survey`, each
/// college's mean from its released table, and whether the colleges agree or diverge.
pub fn consensus(survey: &Survey, colleges: &[(String, Release)]) -> Vec<Spread> {
    survey
        .questions()
        .filter(|q| q.shareable && matches!(q.kind, Kind::Scale { .. }))
        .map(|q| {
            let means: Vec<(String, Option<f64>)> = colleges
                .iter()
                .map(|(college, release)| (college.clone(), mean_level(release, &q.id)))
                .collect();
            let shown: Vec<f64> = means.iter().filter_map(|(_, m)| *m).collect();
            let gap = (shown.len() >= 2).then(|| {
                let max = shown.iter().cloned().fold(f64::MIN, f64::max);
                let min = shown.iter().cloned().fold(f64::MAX, f64::min);
                max - min
            });
            let agreement = match gap {
                None => Agreement::Unknown,
                Some(g) if g < 0.5 => Agreement::Agree,
                Some(g) if g < 1.5 => Agreement::Nuanced,
                Some(_) => Agreement::Diverge,
            };
            Spread {
                question: q.id.clone(),
                means,
                gap,
                agreement,
            }
        })
        .collect()
}
