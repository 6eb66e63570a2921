//! When a table may be published: tables that contain one another (a period and a session in it,
//! a period and a college, a session and the colleges in it) are never published with a
//! difference of 1 to k − 1 people between them, nor between two snapshots of the same table.
//!
//! A *family* is every table of one survey, version and period. Its people are counted by
//! session and college (a [`Composition`]); every table of the family is a union of those cells,
//! and every snapshot keeps the composition at its moment, so that whether one snapshot's people
//! are all within another's can be decided exactly.

use litemap::LiteMap;

use serde::{Deserialize, Serialize};

use crate::disclosure::Threshold;

/// The most snapshots a session's table gets while it is open (its last, at the close, comes on
/// top): every snapshot is one more look at its people, and with five in all, someone who pads
/// the room from its code still guesses a person's answer less than half the time
/// (`docs/privacy.md`).
pub const MAX_SESSION_STEPS: usize = 4;

/// The most snapshots a period's or a college's table gets: two years of monthly releases, its
/// year and the one after, while it takes late contributions. Every snapshot is one more look
/// at its people; a faster schedule, or an operator publishing by hand, adds no more.
pub const MAX_SNAPSHOTS: usize = 24;

/// Whether `history` lets session `scope`'s table take one more step while it is open.
pub fn steps_left(history: &[Shot], scope: &Scope) -> bool {
    history.iter().filter(|s| &s.scope == scope).count() < MAX_SESSION_STEPS
}

/// The people of a family at one moment, by (session code, college id); `""` for none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Composition(LiteMap<(String, String), u64>);

impl Composition {
    /// The empty composition.
    pub fn new() -> Self {
        Composition::default()
    }

    /// Adds `people` to the cell of `session` and `college`.
    pub fn add(&mut self, session: &str, college: &str, people: u64) {
        if people > 0 {
            *self
                .0
                .entry((session.to_owned(), college.to_owned()))
                .or_default() += people;
        }
    }

    /// The people of one cell.
    pub fn get(&self, session: &str, college: &str) -> u64 {
        self.0
            .get(&(session.to_owned(), college.to_owned()))
            .copied()
            .unwrap_or(0)
    }

    /// The people `scope` counts.
    pub fn people(&self, scope: &Scope) -> u64 {
        self.cells(scope).map(|(_, n)| n).sum()
    }

    /// The cells `scope` counts, with their people.
    fn cells<'a>(&'a self, scope: &'a Scope) -> impl Iterator<Item = (&'a (String, String), u64)> {
        self.0
            .iter()
            .filter(move |((s, c), _)| scope.holds(s, c))
            .map(|(cell, n)| (cell, *n))
    }

    /// The sessions and colleges it has people in.
    pub fn scopes(&self) -> Vec<Scope> {
        let mut scopes = vec![Scope::Period];
        for (s, c) in self.0.keys() {
            if !s.is_empty() {
                scopes.push(Scope::Session(s.clone()));
            }
            if !c.is_empty() {
                scopes.push(Scope::College(c.clone()));
            }
        }
        crate::order::sort(&mut scopes);
        scopes.dedup();
        scopes
    }
}

impl Serialize for Composition {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.0
                .iter()
                .map(|((session, college), n)| (session, college, n)),
        )
    }
}

impl<'de> Deserialize<'de> for Composition {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let cells = Vec::<(String, String, u64)>::deserialize(d)?;
        let mut composition = Composition::new();
        for (session, college, n) in cells {
            composition.add(&session, &college, n);
        }
        Ok(composition)
    }
}

/// Which table of a family: the whole period, one college, or one session.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "id")]
pub enum Scope {
    Period,
    College(String),
    Session(String),
}

impl Scope {
    /// Whether the table counts the people of `session` and `college`.
    pub fn holds(&self, session: &str, college: &str) -> bool {
        match self {
            Scope::Period => true,
            Scope::College(c) => c == college,
            Scope::Session(s) => s == session,
        }
    }
}

/// A published snapshot as the rule sees it: the table, its moment and the family's composition
/// then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shot {
    pub scope: Scope,
    /// When it was taken (milliseconds, or any number that grows with time).
    pub at: i64,
    pub composition: Composition,
}

impl Shot {
    /// The snapshot of `scope` at `at`, when the family's people were `now`. It keeps only the
    /// cells its own table counts: all that deciding containment, either way, ever reads.
    pub fn taken(scope: Scope, at: i64, now: &Composition) -> Shot {
        let mut composition = Composition::new();
        for ((s, c), n) in now.cells(&scope) {
            composition.add(s, c, n);
        }
        Shot {
            scope,
            at,
            composition,
        }
    }

    /// How many people the snapshot counts.
    pub fn people(&self) -> u64 {
        self.composition.people(&self.scope)
    }

    /// Whether every person `self` counts is counted by `outer` too: each of its cells lies in
    /// `outer`'s table, and had the same people at both moments or grew in between.
    pub fn within(&self, outer: &Shot) -> bool {
        self.composition.cells(&self.scope).all(|((s, c), n)| {
            let then = outer.composition.get(s, c);
            outer.scope.holds(s, c) && (n == then || (self.at <= outer.at && n <= then))
        })
    }
}

/// Why a snapshot may not be published now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    #[error("{inner:?} and {outer:?} would differ by {people} people (fewer than k)")]
    Nested {
        inner: Scope,
        outer: Scope,
        people: u64,
    },
    #[error("{outer:?} minus its published {what} would leave {people} people (fewer than k)")]
    Remainder {
        outer: Scope,
        what: &'static str,
        people: u64,
    },
}

/// Whether `candidate` may be published beside the snapshots of its family published before
/// (`history`: every one, since anyone may have kept them). A candidate with the same people as
/// one of them may always be: it shows the same perturbed counts. With `last_of_session` its difference
/// with the same table's previous snapshot is not checked: a session's table is published once
/// more at its close, whatever the step. Nor is its difference with snapshots that table's
/// previous one held entirely: those differed from it by none or by k people or more, so the
/// candidate differs from them by its latecomers and as much again.
pub fn conflict(
    candidate: &Shot,
    history: &[Shot],
    k: Threshold,
    last_of_session: bool,
) -> Option<Conflict> {
    if twin(candidate, history) {
        return None;
    }
    breaks(candidate, history, k, last_of_session)
}

/// Whether `history` holds a snapshot of exactly `candidate`'s people: the same records, the same
/// keys, so the same perturbed counts (a period that is one session, say); publishing `candidate`
/// then tells nothing new.
pub fn twin(candidate: &Shot, history: &[Shot]) -> bool {
    history.iter().any(|other| {
        other.people() == candidate.people() && candidate.within(other) && other.within(candidate)
    })
}

/// The rule itself, without the exception of [`twin`]s: the first way `candidate` would leave a
/// few people apart from what `history` holds.
fn breaks(
    candidate: &Shot,
    history: &[Shot],
    k: Threshold,
    last_of_session: bool,
) -> Option<Conflict> {
    let previous = latest(history, &candidate.scope).filter(|_| last_of_session);
    let exempt = |other: &Shot| previous.is_some_and(|p| other.within(p));
    for other in history {
        if exempt(other) {
            continue;
        }
        for (inner, outer) in [(candidate, other), (other, candidate)] {
            let people = outer.people().saturating_sub(inner.people());
            if inner.within(outer) && k.isolates(people) {
                return Some(Conflict::Nested {
                    inner: inner.scope.clone(),
                    outer: outer.scope.clone(),
                    people,
                });
            }
        }
    }
    // A table minus the sessions (or the colleges) published within it: each of those taken at
    // its latest snapshot within the table, since leaving one out leaves at least k more. Only
    // the sums the candidate is part of can have changed: as the table, or as one of the parts.
    let is_session = |s: &Scope| matches!(s, Scope::Session(_));
    let is_college = |s: &Scope| matches!(s, Scope::College(_));
    let holding = history
        .iter()
        .filter(|o| o.scope != candidate.scope && candidate.within(o));
    for outer in std::iter::once(candidate).chain(holding) {
        for (what, is_part) in [
            ("sessions", &is_session as &dyn Fn(&Scope) -> bool),
            ("colleges", &is_college),
        ] {
            let as_table = std::ptr::eq(outer, candidate);
            if !as_table && !is_part(&candidate.scope) {
                continue;
            }
            let mut parts = LiteMap::<&Scope, &Shot>::new();
            for part in history
                .iter()
                .chain(std::iter::once(candidate))
                .filter(|p| is_part(&p.scope) && p.scope != outer.scope)
            {
                let later = parts.get(&part.scope).is_none_or(|kept| part.at > kept.at);
                if later && part.within(outer) {
                    parts.insert(&part.scope, part);
                }
            }
            let latecomers_only = as_table && parts.values().all(|p| exempt(p));
            if parts.is_empty() || latecomers_only {
                continue;
            }
            let held: u64 = parts.values().map(|p| p.people()).sum();
            let people = outer.people().saturating_sub(held);
            if k.isolates(people) {
                return Some(Conflict::Remainder {
                    outer: outer.scope.clone(),
                    what,
                    people,
                });
            }
        }
    }
    None
}

/// The latest snapshot of `scope` in `history`.
pub fn latest<'a>(history: &'a [Shot], scope: &Scope) -> Option<&'a Shot> {
    history
        .iter()
        .filter(|s| &s.scope == scope)
        .max_by_key(|s| s.at)
}

/// What a release does for a family: which tables get a new snapshot now, given their current
/// composition, every snapshot published before, and the tables whose last snapshot is due
/// (closed sessions, whatever their step). Those come first, then the period, then the colleges
/// from the largest; each candidate is checked against everything published, those before it
/// included. A college is also checked against the period as it is now, published or not: the
/// college breakdown yields to the period, never the other way round.
pub fn plan(
    now: &Composition,
    at: i64,
    history: &[Shot],
    closing: &[Scope],
    k: Threshold,
) -> Vec<Shot> {
    let mut history: Vec<Shot> = history.to_vec();
    let mut published = Vec::new();
    let mut candidates: Vec<(Scope, bool)> = closing.iter().map(|s| (s.clone(), true)).collect();
    if !closing.contains(&Scope::Period) {
        candidates.push((Scope::Period, false));
    }
    let mut colleges: Vec<Scope> = now
        .scopes()
        .into_iter()
        .filter(|s| matches!(s, Scope::College(_)))
        .collect();
    crate::order::sort_by_key(&mut colleges, |s| std::cmp::Reverse(now.people(s)));
    candidates.extend(colleges.into_iter().map(|s| (s, false)));
    let period_now = Shot::taken(Scope::Period, at, now);
    for (scope, last) in candidates {
        let shot = Shot::taken(scope.clone(), at, now);
        let unchanged =
            latest(&history, &scope).is_some_and(|p| p.people() == shot.people() && shot.within(p));
        let taken = history.iter().filter(|s| s.scope == scope).count();
        if shot.people() < k.get() || unchanged || (!last && taken >= MAX_SNAPSHOTS) {
            continue;
        }
        let fits = twin(&shot, &history)
            || match scope {
                // The period as it is now is not published: it can be no twin, only a table
                // the college must not leave a few people apart from.
                Scope::College(_) => {
                    let mut with_now = history.clone();
                    with_now.push(period_now.clone());
                    breaks(&shot, &with_now, k, last).is_none()
                }
                _ => breaks(&shot, &history, k, last).is_none(),
            };
        if fits {
            history.push(shot.clone());
            published.push(shot);
        }
    }
    published
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k() -> Threshold {
        Threshold::default()
    }

    fn composition(cells: &[(&str, &str, u64)]) -> Composition {
        let mut c = Composition::new();
        for (s, college, n) in cells {
            c.add(s, college, *n);
        }
        c
    }

    fn shot(scope: Scope, at: i64, cells: &[(&str, &str, u64)]) -> Shot {
        Shot {
            scope,
            at,
            composition: composition(cells),
        }
    }

    fn session(code: &str) -> Scope {
        Scope::Session(code.into())
    }

    fn college(id: &str) -> Scope {
        Scope::College(id.into())
    }

    #[test]
    fn containment_follows_the_cells_and_the_moments() {
        let cells = [("S1", "b", 10), ("S1", "f", 1), ("", "", 3)];
        let s1 = shot(session("S1"), 1, &cells);
        let period = shot(Scope::Period, 2, &cells);
        let benevoles = shot(college("b"), 2, &cells);
        assert!(s1.within(&period));
        assert!(benevoles.within(&s1), "every bénévole is in S1");
        assert!(!s1.within(&benevoles));
        // A period snapshot taken before the session grew does not hold the session's later people.
        let earlier = shot(Scope::Period, 0, &[("S1", "b", 4)]);
        assert!(!s1.within(&earlier));
        assert!(shot(session("S1"), 1, &[("S1", "b", 4)]).within(&earlier));
    }

    #[test]
    fn session_minus_college_is_refused() {
        // A kiosk of ten bénévoles and one financeur, closed: the session is published; the
        // bénévoles' college table would be the session minus one person.
        let cells = [("S1", "benevoles", 10), ("S1", "financeurs", 1)];
        let s1 = shot(session("S1"), 1, &cells);
        let benevoles = shot(college("benevoles"), 2, &cells);
        assert_eq!(
            conflict(&benevoles, std::slice::from_ref(&s1), k(), false),
            Some(Conflict::Nested {
                inner: college("benevoles"),
                outer: session("S1"),
                people: 1
            })
        );
        // The plan publishes the session and the period (the same eleven people), not the college.
        let now = composition(&cells);
        let planned: Vec<Scope> = plan(&now, 3, &[], &[session("S1")], k())
            .into_iter()
            .map(|s| s.scope)
            .collect();
        assert_eq!(planned, [session("S1"), Scope::Period]);
    }

    #[test]
    fn period_minus_session_waits_until_k_more() {
        // Ten in S1 (published), one in S2 (below k): the period at 11 would give S2's person.
        let cells = [("S1", "", 10), ("S2", "", 1)];
        let s1 = shot(session("S1"), 1, &[("S1", "", 10)]);
        let now = composition(&cells);
        assert!(
            plan(&now, 2, std::slice::from_ref(&s1), &[session("S2")], k()).is_empty(),
            "nothing may move"
        );
        let later = composition(&[("S1", "", 10), ("S2", "", 1), ("", "", 4)]);
        let planned = plan(&later, 3, std::slice::from_ref(&s1), &[], k());
        assert_eq!(planned.len(), 1);
        assert_eq!(
            (&planned[0].scope, planned[0].people()),
            (&Scope::Period, 15)
        );
    }

    #[test]
    fn a_table_moves_only_by_k_people_except_a_session_at_its_close() {
        let before = shot(session("S1"), 1, &[("S1", "", 5)]);
        let after = shot(session("S1"), 2, &[("S1", "", 8)]);
        assert!(conflict(&after, std::slice::from_ref(&before), k(), false).is_some());
        assert!(conflict(&after, std::slice::from_ref(&before), k(), true).is_none());
        let period = shot(Scope::Period, 1, &[("", "", 20)]);
        let grown = shot(Scope::Period, 2, &[("", "", 24)]);
        assert!(conflict(&grown, std::slice::from_ref(&period), k(), false).is_some());
        let grown = shot(Scope::Period, 2, &[("", "", 25)]);
        assert!(conflict(&grown, std::slice::from_ref(&period), k(), false).is_none());
    }

    #[test]
    fn colleges_that_would_leave_a_few_people_aside_are_not_published() {
        // 6 bénévoles, 6 salariés, 2 financeurs: publishing both large colleges would leave the
        // two financeurs as the period minus the others.
        let now = composition(&[("", "b", 6), ("", "s", 6), ("", "f", 2)]);
        let planned: Vec<Scope> = plan(&now, 1, &[], &[], k())
            .into_iter()
            .map(|s| s.scope)
            .collect();
        assert_eq!(planned, [Scope::Period, college("b")]);
        // Each published snapshot of the plan passes the rule against the others.
        let shots = plan(&now, 1, &[], &[], k());
        for (i, s) in shots.iter().enumerate() {
            let others: Vec<Shot> = shots
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, s)| s.clone())
                .collect();
            assert_eq!(conflict(s, &others, k(), false), None, "{s:?}");
        }
    }

    #[test]
    fn a_table_of_the_same_people_as_a_published_one_may_follow_it() {
        // A closed session of eleven, published after its step at ten: the period, which is the
        // same eleven people, shows the same counts and may be published beside them.
        let cells = [("S1", "b", 10), ("S1", "f", 1)];
        let step = shot(session("S1"), 1, &[("S1", "b", 10)]);
        let last = shot(session("S1"), 2, &cells);
        let period = shot(Scope::Period, 3, &cells);
        assert_eq!(
            conflict(&period, &[step.clone(), last.clone()], k(), false),
            None
        );
        assert!(
            conflict(&period, &[step], k(), false).is_some(),
            "without the twin: 11 − 10"
        );
    }

    #[test]
    fn a_period_table_has_a_bounded_number_of_snapshots() {
        let mut history = Vec::new();
        let mut now = Composition::new();
        for month in 0..40 {
            now.add("", "", 5);
            history.extend(plan(&now, month, &history, &[], k()));
        }
        assert_eq!(
            history.len(),
            MAX_SNAPSHOTS,
            "then it waits, however often it is asked"
        );
    }

    #[test]
    fn compositions_round_trip_as_lists() {
        let c = composition(&[("S1", "b", 2), ("", "", 3)]);
        let text = serde_json::to_string(&c).unwrap();
        assert_eq!(text, r#"[["","",3],["S1","b",2]]"#);
        assert_eq!(serde_json::from_str::<Composition>(&text).unwrap(), c);
        let scope = serde_json::to_string(&session("ABC")).unwrap();
        assert_eq!(scope, r#"{"kind":"session","id":"ABC"}"#);
    }
}
