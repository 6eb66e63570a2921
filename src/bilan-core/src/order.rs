//! Sorting with one copy of the standard library's sort for the whole app.
//!
//! Each `sort`, `sort_by` and `sort_by_key` compiles the standard library's stable sort again
//! for its element type and its closure: some 2.5 KB of wasm each, over 100 KB for the app.
//! Here the sort runs once, on positions, through a comparison passed by reference; only putting
//! the items in that order is compiled for each type. Stable, as the standard library's sort.

use std::cmp::Ordering;

/// The positions `0..n` in the order `compare` gives them, equal ones kept in place: the one
/// instance of the standard library's sort this crate's users compile.
fn positions(n: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Puts `items` in `order`: the item at `order[i]` comes `i`-th, one cycle of swaps at a time.
fn permute<T>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        let mut i = start;
        while !placed[i] {
            placed[i] = true;
            let from = order[i];
            if from == start {
                break;
            }
            items.swap(i, from);
            i = from;
        }
    }
}

/// Sorts `items` stably by `compare`, as `slice::sort_by` does.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    permute(items, &order);
}

/// Sorts `items` stably by the key `key` gives each, as `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably, as `slice::sort` does.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Sorts a few dozen `items` stably by insertion, where no other sort is compiled (a phone's
/// contribution): smaller code than [`sort`], whose one sort is then not needed there.
pub fn sort_few<T: Ord>(items: &mut [T]) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && items[j - 1] > items[j] {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_order_is_the_standard_librarys_stable_one(
            items in prop::collection::vec((0u8..6, any::<u16>()), 0..60),
        ) {
            // Sorted by the first field only: equal keys keep their order (the second field).
            let mut ours = items.clone();
            sort_by_key(&mut ours, |(k, _)| *k);
            let mut std = items.clone();
            std.sort_by_key(|(k, _)| *k);
            prop_assert_eq!(&ours, &std);
            let mut ours = items.clone();
            sort(&mut ours);
            let mut few = items.clone();
            sort_few(&mut few);
            let mut std = items;
            std.sort();
            prop_assert_eq!(&ours, &std);
            prop_assert_eq!(few, std);
        }
    }
}
