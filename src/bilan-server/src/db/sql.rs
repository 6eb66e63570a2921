//! The statements that count, written once for both writers: the pooled one (sqlx, many rows at
//! a time, both engines) and the ingest writer's own SQLite connection (one row at a time).

use std::sync::LazyLock;

/// One counting statement: the insert's head (table and columns) and what a conflict adds up.
pub struct Upsert {
    pub head: &'static str,
    pub merge: &'static str,
    /// How many columns a row has.
    pub columns: usize,
}

impl Upsert {
    /// The statement for one row, with numbered parameters (`?1`, `?2`...).
    pub fn one_row(&self) -> String {
        let params: Vec<String> = (1..=self.columns).map(|i| format!("?{i}")).collect();
        format!("{}VALUES ({}){}", self.head, params.join(", "), self.merge)
    }
}

/// A contribution's keyed id, counted once.
pub const KEYS: Upsert = Upsert {
    head: "INSERT INTO contribution_keys (id) ",
    merge: " ON CONFLICT (id) DO NOTHING",
    columns: 1,
};

/// A table's people and key sum.
pub const TABLES: Upsert = Upsert {
    head: "INSERT INTO sync_tables (survey, version, period, dimension, contributions, key_sum) ",
    merge: " ON CONFLICT (survey, version, period, dimension) DO UPDATE SET contributions = sync_tables.contributions + excluded.contributions, key_sum = (sync_tables.key_sum + excluded.key_sum) % 4294967296",
    columns: 6,
};

/// A counter and its key sum.
pub const COUNTERS: Upsert = Upsert {
    head: "INSERT INTO counters (survey, version, period, dimension, question, bucket, count, key_sum) ",
    merge: " ON CONFLICT (survey, version, period, dimension, question, bucket) DO UPDATE SET count = counters.count + excluded.count, key_sum = (counters.key_sum + excluded.key_sum) % 4294967296",
    columns: 8,
};

/// How many people a family has per (session, college).
pub const COMPOSITIONS: Upsert = Upsert {
    head: "INSERT INTO compositions (survey, version, period, session, college, people) ",
    merge: " ON CONFLICT (survey, version, period, session, college) DO UPDATE SET people = compositions.people + excluded.people",
    columns: 6,
};

/// The one-row statements, built once for the ingest writer's cached statements.
pub static ONE_ROW: LazyLock<[String; 4]> =
    LazyLock::new(|| [KEYS, TABLES, COUNTERS, COMPOSITIONS].map(|u| u.one_row()));
