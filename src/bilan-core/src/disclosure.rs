//! Statistical disclosure control: from raw counters to the table the server may show. Cells below
//! the threshold are suppressed, a second cell where one could be recomputed, and a published table
//! only moves on once at least k new contributions arrived, so two releases never differ by one person.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The threshold k: a cell counting fewer than k contributions is never shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u64", into = "u64")]
pub struct Threshold(u64);

/// The default threshold, as statistics offices use for counts of people.
pub const DEFAULT_THRESHOLD: u64 = 5;
/// Below this, a threshold protects nobody (INSEE's frequency rule).
pub const MIN_THRESHOLD: u64 = 3;

/// A threshold below [`MIN_THRESHOLD`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("disclosure threshold {0} is too low: it must be at least {MIN_THRESHOLD}")]
pub struct ThresholdTooLow(pub u64);

impl Threshold {
    /// `k`, refused below [`MIN_THRESHOLD`].
    pub fn new(k: u64) -> Result<Self, ThresholdTooLow> {
        if k < MIN_THRESHOLD {
            Err(ThresholdTooLow(k))
        } else {
            Ok(Threshold(k))
        }
    }

    /// The number k.
    pub fn get(self) -> u64 {
        self.0
    }
}

impl Default for Threshold {
    fn default() -> Self {
        Threshold(DEFAULT_THRESHOLD)
    }
}

impl TryFrom<u64> for Threshold {
    type Error = ThresholdTooLow;
    fn try_from(k: u64) -> Result<Self, Self::Error> {
        Threshold::new(k)
    }
}

impl From<Threshold> for u64 {
    fn from(k: Threshold) -> u64 {
        k.0
    }
}

/// One raw counter of a table: how many contributions put `question` in `bucket`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counter {
    pub question: String,
    pub bucket: String,
    pub count: u64,
}

/// A released cell. Suppressed cells are left out, like empty ones: a bucket missing from a
/// release is "not shown" (fewer than k, or hidden with them), never zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleasedCell {
    pub bucket: String,
    pub count: u64,
}

/// A question's released buckets; `total` adds the shown cells only, so it is `partial` when any
/// cell is suppressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleasedQuestion {
    pub question: String,
    pub cells: Vec<ReleasedCell>,
    pub total: u64,
    pub partial: bool,
}

/// A table as it may be shown: nothing at all below k contributions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    pub threshold: u64,
    /// How many contributions the table holds, or `None` while fewer than k.
    pub contributions: Option<u64>,
    pub questions: Vec<ReleasedQuestion>,
}

/// Applies disclosure control to a table's `counters`, `contributions` being how many
/// contributions fed the table.
pub fn release(counters: &[Counter], contributions: u64, k: Threshold) -> Release {
    let k = k.get();
    if contributions < k {
        return Release {
            threshold: k,
            contributions: None,
            questions: Vec::new(),
        };
    }
    let mut questions = BTreeMap::<&str, Vec<(&str, u64)>>::new();
    for c in counters.iter().filter(|c| c.count > 0) {
        questions
            .entry(&c.question)
            .or_default()
            .push((&c.bucket, c.count));
    }
    let questions = questions
        .into_iter()
        .map(|(question, mut cells)| {
            cells.sort();
            let hidden = suppress(&cells.iter().map(|(_, n)| *n).collect::<Vec<_>>(), k);
            let cells: Vec<ReleasedCell> = cells
                .iter()
                .zip(&hidden)
                .filter(|(_, hide)| !**hide)
                .map(|((bucket, count), _)| ReleasedCell {
                    bucket: (*bucket).to_owned(),
                    count: *count,
                })
                .collect();
            ReleasedQuestion {
                question: question.to_owned(),
                total: cells.iter().map(|c| c.count).sum(),
                partial: hidden.iter().any(|h| *h),
                cells,
            }
        })
        .collect();
    Release {
        threshold: k,
        contributions: Some(contributions),
        questions,
    }
}

/// Which of a question's (non-zero) cells to hide: every cell below k, then the smallest shown cells
/// until at least two are hidden and together they hold at least k, or all are hidden, so that no
/// hidden cell can be recomputed from the table's contributions or a total.
pub fn suppress(counts: &[u64], k: u64) -> Vec<bool> {
    let mut hidden: Vec<bool> = counts.iter().map(|&n| n < k).collect();
    loop {
        let (number, mass) = hidden
            .iter()
            .zip(counts)
            .filter(|(h, _)| **h)
            .fold((0, 0), |(number, mass), (_, n)| (number + 1, mass + n));
        if number == 0 || (number >= 2 && mass >= k) {
            return hidden;
        }
        let next = (0..counts.len())
            .filter(|&i| !hidden[i])
            .min_by_key(|&i| counts[i]);
        match next {
            Some(i) => hidden[i] = true,
            None => return hidden,
        }
    }
}

/// A release as published, with how many contributions it was computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub at: u64,
    pub release: Release,
}

/// Whether a table holding `contributions` gets a new release after `last`: the first time it has
/// at least k, then once k more arrived. Two successive releases therefore differ by at least k
/// contributions, and comparing them never isolates one person.
pub fn due(last: Option<&Published>, contributions: u64, k: Threshold) -> bool {
    let k = k.get();
    match last {
        Some(p) if p.at >= k => contributions >= p.at + k,
        _ => contributions >= k,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counters(counts: &[u64]) -> Vec<Counter> {
        counts
            .iter()
            .enumerate()
            .map(|(i, &count)| Counter {
                question: "q".into(),
                bucket: format!("b{i}"),
                count,
            })
            .collect()
    }

    #[test]
    fn thresholds_below_three_are_refused() {
        assert_eq!(Threshold::new(2), Err(ThresholdTooLow(2)));
        assert_eq!(Threshold::new(3).unwrap().get(), 3);
        assert_eq!(Threshold::default().get(), 5);
        assert!(serde_json::from_str::<Threshold>("1").is_err());
    }

    #[test]
    fn a_table_with_fewer_than_k_contributions_shows_nothing() {
        let r = release(&counters(&[4]), 4, Threshold::default());
        assert_eq!((r.contributions, r.questions.len()), (None, 0));
    }

    #[test]
    fn suppression_examples() {
        let k = 5;
        assert_eq!(suppress(&[10, 7, 6], k), [false, false, false]);
        assert_eq!(
            suppress(&[3, 6, 7], k),
            [true, true, false],
            "one small cell drags the next smallest"
        );
        assert_eq!(
            suppress(&[1, 1, 10], k),
            [true, true, true],
            "two hidden holding 2 < k: hide more"
        );
        assert_eq!(suppress(&[2, 3, 9, 9], k), [true, true, false, false]);
        assert_eq!(suppress(&[4], k), [true]);
        let r = release(&counters(&[3, 6, 7]), 16, Threshold::default());
        assert_eq!(r.questions[0].total, 7);
        assert!(r.questions[0].partial);
    }

    /// Every single-choice table of three buckets with counts 0..=9, for k = 3, 4, 5: shown cells
    /// hold at least k; hidden cells are at least two and hold at least k together (or the whole
    /// question is hidden); so from the contributions, the total and the other buckets, every hidden
    /// cell could still hold anything from 0 to the hidden mass.
    #[test]
    fn exhaustively_no_hidden_cell_can_be_recomputed() {
        for k in 3..=5 {
            let threshold = Threshold::new(k).unwrap();
            for a in 0..=9 {
                for b in 0..=9 {
                    for c in 0..=9 {
                        let counts = [a, b, c];
                        let n = a + b + c;
                        let r = release(&counters(&counts), n, threshold);
                        assert_eq!(r.contributions.is_some(), n >= k);
                        for q in &r.questions {
                            let shown: Vec<usize> = q
                                .cells
                                .iter()
                                .map(|c| c.bucket[1..].parse().unwrap())
                                .collect();
                            let unshown: Vec<usize> =
                                (0..3).filter(|i| !shown.contains(i)).collect();
                            let mass: u64 = unshown.iter().map(|&i| counts[i]).sum();
                            assert!(q.cells.iter().all(|c| c.count >= k), "{counts:?}");
                            assert_eq!(q.partial, mass > 0);
                            assert_eq!(q.total + mass, n, "shown + hidden = contributions");
                            if mass > 0 && !shown.is_empty() {
                                assert!(mass >= k, "{counts:?} k={k}: hidden mass {mass} < k");
                                let nonzero = unshown.iter().filter(|&&i| counts[i] > 0).count();
                                assert!(
                                    nonzero >= 2,
                                    "{counts:?} k={k}: one hidden cell equals n − shown"
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn releases_move_on_only_after_k_new_contributions() {
        let k = Threshold::default();
        assert!(!due(None, 4, k));
        assert!(due(None, 5, k));
        let at = |at| Published {
            at,
            release: release(&[], at, k),
        };
        assert!(!due(Some(&at(5)), 9, k));
        assert!(due(Some(&at(5)), 10, k));
        assert!(
            due(Some(&at(2)), 5, k),
            "an empty release is replaced as soon as k is reached"
        );
    }
}
