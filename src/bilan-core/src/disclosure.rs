//! Statistical disclosure control of one table: from raw counters to the table that may be shown.
//!
//! Every published count is perturbed by a small bounded amount read from a perturbation table
//! at a *cell key*, as in the cell key method of the Australian Bureau of Statistics (used by the
//! ONS for the 2021 Census tables): each counted record carries a random key, a cell keeps the sum
//! of its records' keys, and the perturbation is a keyed hash of that sum and of the table's own
//! key sum. Reading a table again gives the same values; once the table moved, every cell is drawn
//! anew, so comparing two snapshots does not show which cells changed. A session's table moves by
//! its newcomers instead, each perturbed once ([`release_in_steps`]), so that its snapshots show
//! everyone behind one draw. `docs/privacy.md` says why.

use std::hash::Hasher as _;

use serde::{Deserialize, Serialize};
use siphasher::sip::SipHasher24;

mod counted;
mod steps;
use counted::{Counted, counted, raw};
pub use steps::{Steps, release_in_steps};

/// The threshold k: no table of fewer than k people is shown, and no published count is below k
/// where small cells are withheld.
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

    /// Whether a difference of `d` people between two tables would isolate a few of them: from 1
    /// to k − 1.
    pub fn isolates(self, d: u64) -> bool {
        (1..self.0).contains(&d)
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

/// The largest change perturbation makes to a published count.
pub const MAX_NOISE: u64 = 2;

/// The perturbation table: how much a published count moves, with its chance in hundredths.
/// Its mean absolute change is 0.90; `docs/privacy.md` derives what it costs an attacker.
pub const NOISE_CHANCES: [(i64, u64); 5] = [(-2, 12), (-1, 21), (0, 34), (1, 21), (2, 12)];

/// The secret that turns key sums into perturbations (a SipHash-2-4 key): the server's, or a
/// kiosk session's own. Without it nobody can tell a cell's perturbation from its key sum.
#[derive(Clone, PartialEq, Eq)]
pub struct NoiseKey([u8; 16]);

impl NoiseKey {
    /// A key from 16 random bytes.
    pub fn new(bytes: [u8; 16]) -> Self {
        NoiseKey(bytes)
    }

    /// A key from its 32 hex digits.
    pub fn from_hex(hex: &str) -> Option<Self> {
        let bytes = crate::share::unhex(hex)?;
        Some(NoiseKey(bytes.try_into().ok()?))
    }

    /// The key's 32 hex digits, to store it.
    pub fn to_hex(&self) -> String {
        crate::share::hex(&self.0)
    }

    /// A keyed 64-bit hash of `parts`, each part delimited so that no two lists hash alike.
    pub fn hash(&self, parts: &[&[u8]]) -> u64 {
        let mut h = SipHasher24::new_with_key(&self.0);
        for part in parts {
            h.write(&(part.len() as u32).to_le_bytes());
            h.write(part);
        }
        h.finish()
    }
}

impl std::fmt::Debug for NoiseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NoiseKey(…)")
    }
}

/// The perturbation of one published count: a cell of key sum `cell` in a table of key sum
/// `table` (the table's own count uses its key sum twice and empty names).
pub fn noise(key: &NoiseKey, cell: u32, table: u32, question: &str, bucket: &str) -> i64 {
    let x = key.hash(&[
        &cell.to_le_bytes(),
        &table.to_le_bytes(),
        question.as_bytes(),
        bucket.as_bytes(),
    ]);
    let percent = ((u128::from(x) * 100) >> 64) as u64;
    let mut reached = 0;
    for (change, chance) in NOISE_CHANCES {
        reached += chance;
        if percent < reached {
            return change;
        }
    }
    0
}

/// One raw counter of a table: how many records put `question` in `bucket`, and the sum of their
/// random keys modulo 2^32.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counter {
    pub question: String,
    pub bucket: String,
    pub count: u64,
    pub key: u32,
}

/// A table's raw state: how many people it counts, the sum of their keys, and its counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub people: u64,
    pub key: u32,
    pub counters: Vec<Counter>,
}

/// What happens to cells of fewer than k people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Policy {
    /// Period and college tables: a cell whose perturbed count is below k is not shown, nor one
    /// person's.
    Withhold,
    /// A session's own tables: every bucket is shown perturbed, so a room of eight sees its
    /// answers; only a table of fewer than k people is withheld.
    Perturb,
}

/// A released cell. A bucket missing from a withholding release is "not shown" (it may hold
/// anyone from none to a few people), never zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReleasedCell {
    pub bucket: String,
    pub count: u64,
}

/// A question's released buckets; `total` adds the shown cells only, and `partial` says that
/// some bucket of the question is not shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReleasedQuestion {
    pub question: String,
    pub cells: Vec<ReleasedCell>,
    pub total: u64,
    pub partial: bool,
}

impl ReleasedQuestion {
    /// What the question's counters count, read from its text; `None` for a name outside the
    /// wire vocabulary (disclosure control itself works on any names).
    pub fn key(&self) -> Option<crate::bucket::CellKey> {
        self.question.parse().ok()
    }
}

/// A table as it may be shown: nothing at all below k people, every count perturbed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Release {
    pub threshold: u64,
    /// The largest change perturbation made to any published count.
    #[serde(default)]
    pub noise: u64,
    /// Whether small cells are withheld or shown perturbed.
    #[serde(default = "withhold")]
    pub policy: Policy,
    /// How many people the table counts (perturbed), or `None` while fewer than k.
    pub contributions: Option<u64>,
    pub questions: Vec<ReleasedQuestion>,
}

fn withhold() -> Policy {
    Policy::Withhold
}

impl Release {
    /// The release of a table with nothing to show yet.
    pub fn empty(k: Threshold, policy: Policy) -> Release {
        Release {
            threshold: k.get(),
            noise: MAX_NOISE,
            policy,
            contributions: None,
            questions: Vec::new(),
        }
    }

    /// Two released tables of different people as one (a session's kiosk, released on the
    /// device, and its phones, released by the server): counts add up, a cell withheld on either
    /// side is withheld in the sum (its part is unknown), and the perturbation bounds add up.
    /// Adding two releases tells nothing that showing both would not. `None` until both count
    /// someone.
    pub fn plus(&self, other: &Release) -> Option<Release> {
        let (a, b) = (self.contributions?, other.contributions?);
        let mut names: Vec<&str> = self.questions.iter().map(|q| q.question.as_str()).collect();
        for q in &other.questions {
            if !names.contains(&q.question.as_str()) {
                names.push(&q.question);
            }
        }
        // A bucket's count on one side: shown, withheld (None), or a true zero.
        let side = |r: &Release, name: &str, bucket: &str| -> Option<u64> {
            let Some(q) = r.questions.iter().find(|q| q.question == name) else {
                return Some(0);
            };
            match q.cells.iter().find(|c| c.bucket == bucket) {
                Some(c) => Some(c.count),
                None if q.partial => None,
                None => Some(0),
            }
        };
        let questions = names
            .into_iter()
            .map(|name| {
                let mut buckets: Vec<&str> = Vec::new();
                for r in [self, other] {
                    for q in r.questions.iter().filter(|q| q.question == name) {
                        for c in &q.cells {
                            if !buckets.contains(&c.bucket.as_str()) {
                                buckets.push(&c.bucket);
                            }
                        }
                    }
                }
                let withheld_anywhere = [self, other]
                    .iter()
                    .any(|r| r.questions.iter().any(|q| q.question == name && q.partial));
                let mut cells = Vec::new();
                let mut partial = withheld_anywhere;
                for bucket in buckets {
                    match (side(self, name, bucket), side(other, name, bucket)) {
                        (Some(x), Some(y)) => cells.push(ReleasedCell {
                            bucket: bucket.to_owned(),
                            count: x + y,
                        }),
                        _ => partial = true,
                    }
                }
                ReleasedQuestion {
                    question: name.to_owned(),
                    total: cells.iter().map(|c| c.count).sum(),
                    cells,
                    partial,
                }
            })
            .collect();
        Some(Release {
            threshold: self.threshold.max(other.threshold),
            noise: self.noise + other.noise,
            policy: self.policy,
            contributions: Some(a + b),
            questions,
        })
    }
}

/// Applies disclosure control to `table`. `buckets` lists a question's buckets in order (`None`
/// for a question it does not know): a perturbing release shows every bucket of each answered
/// question, empty ones included, so that no zero is ever known for sure.
pub fn release(
    table: &Table,
    k: Threshold,
    policy: Policy,
    key: &NoiseKey,
    buckets: &dyn Fn(&str) -> Option<Vec<String>>,
) -> Release {
    if table.people < k.get() {
        return Release::empty(k, policy);
    }
    let perturbed = |count: u64, cell: u32, question: &str, bucket: &str| {
        count as i64 + noise(key, cell, table.key, question, bucket)
    };
    let questions = counted(table, buckets)
        .into_iter()
        .map(|q| {
            let Counted {
                question,
                counters,
                order,
                listed,
            } = q;
            let raw = |bucket: &str| raw(&counters, bucket);
            let cells: Vec<ReleasedCell> = match policy {
                Policy::Perturb => order
                    .iter()
                    .map(|bucket| {
                        let (count, cell) = raw(bucket);
                        ReleasedCell {
                            bucket: bucket.clone(),
                            count: perturbed(count, cell, question, bucket).max(0) as u64,
                        }
                    })
                    .collect(),
                Policy::Withhold => {
                    // Empty buckets are never shown: 0 plus at most MAX_NOISE stays below k. Nor
                    // is one person's bucket, whatever its noise (with k = 3 it could reach k).
                    let values: Vec<(&str, i64)> = counters
                        .iter()
                        .map(|c| {
                            let value = perturbed(c.count, c.key, question, &c.bucket);
                            (c.bucket.as_str(), if c.count < 2 { 0 } else { value })
                        })
                        .collect();
                    let hidden = suppress(
                        &values
                            .iter()
                            .map(|(_, v)| (*v).max(0) as u64)
                            .collect::<Vec<_>>(),
                        k.get(),
                    );
                    let mut shown: Vec<ReleasedCell> = values
                        .iter()
                        .zip(&hidden)
                        .filter(|(_, hide)| !**hide)
                        .map(|((bucket, v), _)| ReleasedCell {
                            bucket: (*bucket).to_owned(),
                            count: *v as u64,
                        })
                        .collect();
                    crate::order::sort_by_key(&mut shown, |c| {
                        order.iter().position(|b| *b == c.bucket)
                    });
                    shown
                }
            };
            let partial = match policy {
                Policy::Perturb => false,
                Policy::Withhold => cells.len() < order.len() || !listed,
            };
            ReleasedQuestion {
                question: question.to_owned(),
                total: cells.iter().map(|c| c.count).sum(),
                partial,
                cells,
            }
        })
        .collect();
    let people = perturbed(table.people, table.key, "", "").max(k.get() as i64) as u64;
    Release {
        threshold: k.get(),
        noise: MAX_NOISE,
        policy,
        contributions: Some(people),
        questions,
    }
}

/// Which of a question's cells to hide, from their perturbed `counts`: every cell below k, then
/// the smallest shown cells until at least two are hidden and together they hold at least k, or
/// all are hidden, so that no hidden cell can be estimated as the total minus the others. Every
/// decision reads perturbed counts only, so which cells are hidden tells no more than they do.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> NoiseKey {
        NoiseKey::new(*b"0123456789abcdef")
    }

    fn table(counts: &[(u64, u32)], people: u64) -> Table {
        Table {
            people,
            key: 77,
            counters: counts
                .iter()
                .enumerate()
                .map(|(i, &(count, key))| Counter {
                    question: "q".into(),
                    bucket: format!("b{i}"),
                    count,
                    key,
                })
                .collect(),
        }
    }

    fn five(_: &str) -> Option<Vec<String>> {
        Some((0..5).map(|i| format!("b{i}")).collect())
    }

    #[test]
    fn thresholds_below_three_are_refused() {
        assert_eq!(Threshold::new(2), Err(ThresholdTooLow(2)));
        assert_eq!(Threshold::new(3).unwrap().get(), 3);
        assert_eq!(Threshold::default().get(), 5);
        assert!(serde_json::from_str::<Threshold>("1").is_err());
        let k = Threshold::default();
        assert_eq!(
            (0..7).map(|d| k.isolates(d)).collect::<Vec<_>>(),
            [false, true, true, true, true, false, false]
        );
    }

    #[test]
    fn noise_follows_the_perturbation_table() {
        let key = key();
        let mut seen = std::collections::BTreeMap::<i64, u64>::new();
        for cell in 0..100_000u32 {
            *seen
                .entry(noise(&key, cell.wrapping_mul(2_654_435_761), 9, "q", "b"))
                .or_default() += 1;
        }
        for (change, chance) in NOISE_CHANCES {
            let share = seen[&change] as f64 / 1_000.0;
            assert!(
                (share - chance as f64).abs() < 1.0,
                "{change}: {share}% for {chance}%"
            );
        }
        assert_eq!(seen.len(), 5);
        // Keyed: another secret, another perturbation for the same cell.
        let other = NoiseKey::new([7; 16]);
        let differ = (0..1_000u32)
            .filter(|&c| noise(&key, c, 1, "q", "b") != noise(&other, c, 1, "q", "b"))
            .count();
        assert!(differ > 500, "{differ}");
        assert_eq!(NoiseKey::from_hex(&key.to_hex()), Some(key));
        assert_eq!(format!("{:?}", NoiseKey::new([0; 16])), "NoiseKey(…)");
    }

    #[test]
    fn a_table_of_fewer_than_k_people_shows_nothing() {
        let r = release(
            &table(&[(4, 1)], 4),
            Threshold::default(),
            Policy::Perturb,
            &key(),
            &five,
        );
        assert_eq!((r.contributions, r.questions.len()), (None, 0));
    }

    #[test]
    fn withholding_shows_no_count_below_k_and_perturbing_shows_every_bucket() {
        let k = Threshold::default();
        let t = table(&[(30, 11), (1, 12), (25, 13), (2, 14)], 58);
        let withheld = release(&t, k, Policy::Withhold, &key(), &five);
        let q = &withheld.questions[0];
        assert!(q.partial);
        assert!(q.cells.iter().all(|c| c.count >= 5), "{q:?}");
        assert!(q.cells.iter().all(|c| c.bucket != "b1" && c.bucket != "b4"));
        assert_eq!(q.total, q.cells.iter().map(|c| c.count).sum::<u64>());
        let people = withheld.contributions.unwrap();
        assert!(people.abs_diff(58) <= MAX_NOISE);

        let shown = release(&t, k, Policy::Perturb, &key(), &five);
        let q = &shown.questions[0];
        assert!(!q.partial);
        let buckets: Vec<&str> = q.cells.iter().map(|c| c.bucket.as_str()).collect();
        assert_eq!(buckets, ["b0", "b1", "b2", "b3", "b4"], "the empty b4 too");
        for (cell, truth) in q.cells.iter().zip([30, 1, 25, 2, 0]) {
            assert!(cell.count.abs_diff(truth) <= MAX_NOISE, "{cell:?}");
        }
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
    }

    #[test]
    fn the_same_records_give_the_same_release_and_a_moved_table_is_drawn_anew() {
        let k = Threshold::default();
        let t = table(&[(40, 1), (30, 2), (20, 3), (10, 4), (6, 5)], 106);
        let a = release(&t, k, Policy::Withhold, &key(), &five);
        assert_eq!(a, release(&t, k, Policy::Withhold, &key(), &five));
        // Another person elsewhere moves the table's key: cells that did not change are drawn
        // anew too, so their values alone do not say which cells changed.
        let mut moved = t.clone();
        moved.key = moved.key.wrapping_add(0x9e37_79b9);
        let redrawn = (0..200u32)
            .filter(|&i| {
                noise(&key(), 7, t.key, "q", &format!("b{i}"))
                    != noise(&key(), 7, moved.key, "q", &format!("b{i}"))
            })
            .count();
        assert!(redrawn > 100, "{redrawn} of 200 cells drawn anew");
    }
}
