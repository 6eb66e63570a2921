//! What a batch of contributions adds, added up in memory before one write: each contribution is
//! counted in the period's table, its college's and its session's, with the same random record
//! keys in each, and in its family's composition; its id is kept only as a keyed hash.

// foldhash: the ingest path hashes every cell; SipHash was a tenth of the server's time.
use foldhash::{HashMap, HashMapExt as _, HashSet, HashSetExt as _};

use bilan_core::bucket::{Bucket, CellKey};
use bilan_core::share::{Contribution, Dimension, Period};

use crate::db::{Applied, TableKey};
use crate::secret::Secret;

/// A family of tables: one survey, version and period.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Family {
    pub survey: String,
    pub version: u32,
    pub period: Period,
}

impl Family {
    /// The table of `dimension` in this family.
    pub fn table(&self, dimension: &Dimension) -> TableKey {
        TableKey {
            survey: self.survey.clone(),
            version: self.version,
            period: self.period,
            dimension: dimension.clone(),
        }
    }
}

/// Random record keys, drawn from the operating system a few thousand at a time.
pub struct Keys {
    buffer: Vec<u32>,
}

impl Keys {
    /// An empty supply; it fills itself when drawn from.
    pub fn new() -> Keys {
        Keys { buffer: Vec::new() }
    }

    /// The sum, modulo 2^32, of `n` fresh random keys.
    pub fn sum(&mut self, n: u32) -> u32 {
        (0..n).fold(0u32, |sum, _| sum.wrapping_add(self.one()))
    }

    fn one(&mut self) -> u32 {
        if self.buffer.is_empty() {
            let mut bytes = vec![0u8; 4 * 4096];
            getrandom::getrandom(&mut bytes).expect("the OS random source is available");
            self.buffer = bytes
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
        }
        self.buffer.pop().unwrap_or_default()
    }
}

impl Default for Keys {
    fn default() -> Self {
        Keys::new()
    }
}

/// A batch added up: new ids' hashes, and what to add to each table, counter and composition
/// cell (count and key sum; key sums are added modulo 2^32 by the database).
#[derive(Debug, Default)]
pub struct Tally {
    pub tables: Vec<(TableKey, i64, i64)>,
    pub counters: Vec<(TableKey, String, String, i64, i64)>,
    pub compositions: Vec<(Family, String, String, i64)>,
}

/// Each contribution of `groups` once, by id, in order, with its id's keyed hash: the same id
/// twice counts once.
pub fn unique<'a>(
    groups: &[&'a [Contribution]],
    secret: &Secret,
) -> Vec<(&'a Contribution, String)> {
    let mut unique = Vec::new();
    let mut seen = HashSet::new();
    for group in groups {
        for c in group.iter() {
            if seen.insert(c.id.as_str()) {
                unique.push((c, secret.id_hash(&c.id)));
            }
        }
    }
    unique
}

/// What each batch of a committed group did: a new id is "applied" for the first batch that
/// carried it, a duplicate everywhere else.
pub fn answers(groups: &[&[Contribution]], fresh: impl Fn(&str) -> bool) -> Vec<Applied> {
    let mut credited = HashSet::new();
    groups
        .iter()
        .map(|group| {
            let mut answer = Applied::default();
            for c in group.iter() {
                if fresh(&c.id) && credited.insert(c.id.as_str()) {
                    answer.applied.push(c.id.clone());
                } else {
                    answer.duplicates.push(c.id.clone());
                }
            }
            answer
        })
        .collect()
}

/// A table while a batch is added up: borrowed from the contributions, so that adding a cell
/// allocates nothing (the ingest path adds tens of thousands a second).
type Key<'a> = (&'a str, u32, Period, Dim<'a>);

/// A dimension, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Dim<'a> {
    None,
    College(&'a str),
    Session(&'a str),
}

impl Dim<'_> {
    fn owned(self) -> Dimension {
        match self {
            Dim::None => Dimension::None,
            Dim::College(c) => Dimension::College(c.to_owned()),
            Dim::Session(s) => Dimension::Session(s.to_owned()),
        }
    }
}

fn table_key((survey, version, period, dim): Key<'_>) -> TableKey {
    TableKey {
        survey: survey.to_owned(),
        version,
        period,
        dimension: dim.owned(),
    }
}

/// Adds up `contributions`: each in its tables with one draw of record keys shared by them.
pub fn tally<'a>(contributions: impl Iterator<Item = &'a Contribution>, keys: &mut Keys) -> Tally {
    let mut tables = HashMap::<Key, (i64, u32)>::new();
    let mut counters = HashMap::<(Key, &CellKey, &Bucket), (i64, u32)>::new();
    let mut compositions = HashMap::<(&str, u32, Period, &str, &str), i64>::new();
    let mut cells: Vec<(&CellKey, &Bucket, u32, u32)> = Vec::new();
    for c in contributions {
        let college = c.college().unwrap_or_default();
        let session = c.session.as_deref().unwrap_or_default();
        let mut dims = [Some(Dim::None), None, None];
        if !college.is_empty() {
            dims[1] = Some(Dim::College(college));
        }
        if !session.is_empty() {
            dims[2] = Some(Dim::Session(session));
        }
        let people = keys.sum(c.participants);
        cells.clear();
        cells.extend(c.cells.iter().map(|cell| {
            (
                &cell.question,
                &cell.bucket,
                cell.count,
                keys.sum(cell.count),
            )
        }));
        for dim in dims.into_iter().flatten() {
            let key: Key = (c.survey.as_str(), c.version, c.period, dim);
            let entry = tables.entry(key).or_default();
            entry.0 += i64::from(c.participants);
            entry.1 = entry.1.wrapping_add(people);
            for (question, bucket, count, sum) in &cells {
                let entry = counters.entry((key, question, bucket)).or_default();
                entry.0 += i64::from(*count);
                entry.1 = entry.1.wrapping_add(*sum);
            }
        }
        *compositions
            .entry((c.survey.as_str(), c.version, c.period, session, college))
            .or_default() += i64::from(c.participants);
    }
    // Sorted, so concurrent writers on PostgreSQL take row locks in the same order.
    let mut tables: Vec<_> = tables
        .into_iter()
        .map(|(k, (n, key))| (table_key(k), n, i64::from(key)))
        .collect();
    tables.sort();
    let mut counters: Vec<_> = counters
        .into_iter()
        .map(|((k, q, b), (n, key))| {
            let (q, b) = (q.to_string(), b.as_str().to_owned());
            (table_key(k), q, b, n, i64::from(key))
        })
        .collect();
    counters.sort();
    let mut compositions: Vec<_> = compositions
        .into_iter()
        .map(|((survey, version, period, s, c), n)| {
            let family = Family {
                survey: survey.to_owned(),
                version,
                period,
            };
            (family, s.to_owned(), c.to_owned(), n)
        })
        .collect();
    compositions.sort();
    Tally {
        tables,
        counters,
        compositions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bilan_core::share::{Cell, Period, contribution_id};

    fn person(session: Option<&str>, college: &str, level: &str, id: u8) -> Contribution {
        Contribution {
            id: contribution_id([id; 16]),
            survey: "seance-collective".into(),
            version: 1,
            period: Period::Year(2026),
            session: session.map(str::to_owned),
            participants: 1,
            cells: vec![
                Cell::parse("college", college).unwrap(),
                Cell::parse("utile-appropriation", level).unwrap(),
            ],
        }
    }

    #[test]
    fn a_contribution_counts_in_each_of_its_tables_with_the_same_keys() {
        let batch = [
            person(Some("ABC234XYZ"), "benevoles", "4", 1),
            person(None, "salaries", "4", 2),
        ];
        let t = tally(batch.iter(), &mut Keys::new());
        let dims: Vec<String> = t
            .tables
            .iter()
            .map(|(k, n, _)| format!("{} {n}", k.dimension))
            .collect();
        assert_eq!(
            dims,
            [
                " 2",
                "college:benevoles 1",
                "college:salaries 1",
                "session:ABC234XYZ 1"
            ]
        );
        let key = |dim: &str| {
            t.tables
                .iter()
                .find(|(k, _, _)| k.dimension.to_string() == dim)
                .unwrap()
                .2
        };
        assert_eq!(
            key("college:benevoles"),
            key("session:ABC234XYZ"),
            "one person, one key"
        );
        assert_eq!(
            key(""),
            (key("college:benevoles") + key("college:salaries")) % (1 << 32),
            "the period's key sum is the sum of its people's"
        );
        let cells: Vec<String> = t
            .compositions
            .iter()
            .map(|(f, s, c, _)| format!("{} {s} {c}", f.period))
            .collect();
        assert_eq!(cells, ["2026  salaries", "2026 ABC234XYZ benevoles"]);
        assert!(
            t.counters
                .iter()
                .all(|(_, _, _, _, key)| (0..1 << 32).contains(key))
        );
    }

    #[test]
    fn record_keys_are_random() {
        let mut keys = Keys::new();
        let draws: HashSet<u32> = (0..1000).map(|_| keys.sum(1)).collect();
        assert!(draws.len() > 990);
    }
}
