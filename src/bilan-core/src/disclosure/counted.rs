//! What every release reads first from a table: the questions it counts anyone for, each with
//! its counters and the order of its buckets ([`super::release`], [`super::release_in_steps`]).

use litemap::LiteMap;

use super::{Counter, Table};

/// A question some record of a table answered: its counters that count anyone, in the table's
/// order, and the order of its buckets (those `buckets` lists, then any other counted), with
/// whether `buckets` knew it.
pub(super) struct Counted<'a> {
    pub question: &'a str,
    pub counters: Vec<&'a Counter>,
    pub order: Vec<String>,
    pub listed: bool,
}

/// A bucket's count and key sum among a question's `counters`, zero where no one is counted.
pub(super) fn raw(counters: &[&Counter], bucket: &str) -> (u64, u32) {
    counters
        .iter()
        .find(|c| c.bucket == bucket)
        .map_or((0, 0), |c| (c.count, c.key))
}

/// The questions `table` counts anyone for, by name: what every release shows, one way or another.
pub(super) fn counted<'a>(
    table: &'a Table,
    buckets: &dyn Fn(&str) -> Option<Vec<String>>,
) -> Vec<Counted<'a>> {
    let mut questions = LiteMap::<&str, Vec<&Counter>>::new();
    for c in table.counters.iter().filter(|c| c.count > 0) {
        questions.entry(&c.question).or_default().push(c);
    }
    questions
        .into_iter()
        .map(|(question, counters)| {
            let listed = buckets(question);
            let mut order: Vec<String> = listed.clone().unwrap_or_default();
            for c in &counters {
                if !order.contains(&c.bucket) {
                    order.push(c.bucket.clone());
                }
            }
            Counted {
                question,
                counters,
                order,
                listed: listed.is_some(),
            }
        })
        .collect()
}
