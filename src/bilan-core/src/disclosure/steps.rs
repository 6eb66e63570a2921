//! A session's table as it moves step by step: each snapshot adds what its newcomers changed,
//! perturbed once, to what the one before showed (`docs/privacy.md`, rule 4).

use super::{
    Counted, MAX_NOISE, NoiseKey, Policy, Release, ReleasedCell, ReleasedQuestion, Table,
    Threshold, counted, noise, raw,
};
use serde::{Deserialize, Serialize};

/// What a session's table carries from one published step to the next: the raw table that step
/// counted, and each count it showed before it was raised to zero.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Steps {
    pub table: Table,
    pub sums: Vec<(String, String, i64)>,
    /// How many steps, each perturbed once.
    pub steps: u64,
}

impl Steps {
    fn sum(&self, question: &str, bucket: &str) -> i64 {
        self.sums
            .iter()
            .find(|(q, b, _)| q == question && b == bucket)
            .map_or(0, |(_, _, v)| *v)
    }
}

/// Releases a session's table as it moves step by step (`Policy::Perturb`): each step adds what
/// its newcomers changed, perturbed once at their own cell keys, to what the step before
/// showed. A person is in one step's newcomers only, so every later snapshot shows their answer
/// behind the same one draw of noise, however many snapshots follow and whoever sent the
/// others; the bound on an answer's count grows by `MAX_NOISE` per step (the table's count of
/// people, which says nothing of what anyone answered, is drawn anew within `MAX_NOISE`). The
/// first step is [`super::release`].
pub fn release_in_steps(
    table: &Table,
    before: Option<&Steps>,
    k: Threshold,
    key: &NoiseKey,
    buckets: &dyn Fn(&str) -> Option<Vec<String>>,
) -> (Release, Steps) {
    let start = Steps::default();
    let before = before.unwrap_or(&start);
    if table.people < k.get() {
        return (Release::empty(k, Policy::Perturb), before.clone());
    }
    let earlier = |question: &str, bucket: &str| {
        before
            .table
            .counters
            .iter()
            .find(|c| c.question == question && c.bucket == bucket)
            .map_or((0, 0), |c| (c.count, c.key))
    };
    // The newcomers' own table: what moved since the step before, and their key sums.
    let new_key = table.key.wrapping_sub(before.table.key);
    // The same people again (a session closed with no one since its last step) show the same.
    let anyone = before.steps == 0 || *table != before.table;
    let mut sums: Vec<(String, String, i64)> = Vec::new();
    let mut questions: Vec<ReleasedQuestion> = Vec::new();
    for Counted {
        question,
        counters,
        order,
        ..
    } in counted(table, buckets)
    {
        let cells: Vec<ReleasedCell> = order
            .iter()
            .map(|bucket| {
                let (count, cell) = raw(&counters, bucket);
                let (was, was_key) = earlier(question, bucket);
                let moved = if anyone {
                    count.saturating_sub(was) as i64
                        + noise(key, cell.wrapping_sub(was_key), new_key, question, bucket)
                } else {
                    0
                };
                let sum = before.sum(question, bucket) + moved;
                sums.push((question.to_owned(), bucket.clone(), sum));
                ReleasedCell {
                    bucket: bucket.clone(),
                    count: sum.max(0) as u64,
                }
            })
            .collect();
        questions.push(ReleasedQuestion {
            question: question.to_owned(),
            total: cells.iter().map(|c| c.count).sum(),
            partial: false,
            cells,
        });
    }
    // How many answered says nothing of what: drawn anew at each step, as any table's count,
    // so that the room's count stays within `MAX_NOISE` of the people in it.
    let people = table.people as i64 + noise(key, table.key, table.key, "", "");
    let steps = before.steps + u64::from(anyone);
    let release = Release {
        threshold: k.get(),
        noise: MAX_NOISE * steps,
        policy: Policy::Perturb,
        contributions: Some(people.max(k.get() as i64) as u64),
        questions,
    };
    let carried = Steps {
        table: table.clone(),
        sums,
        steps,
    };
    (release, carried)
}
