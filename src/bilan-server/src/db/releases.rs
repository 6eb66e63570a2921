//! Published snapshots and their history, the tables that show something, the server's secret
//! and when the last scheduled release ran.

use super::*;

/// A published snapshot as stored: its table, number, date, how many people it counted (never
/// shown), the composition it was checked against (a [`bilan_core::snapshot::Shot`] as JSON), the
/// release (JSON) that is served and, for a session's table, what its next step starts from (a
/// [`bilan_core::disclosure::Steps`] as JSON; empty otherwise).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub table: TableKey,
    pub serial: i64,
    pub published_at: i64,
    pub people: u64,
    pub shot: String,
    pub body: String,
    pub steps: String,
}

impl Database {
    /// The latest snapshot of each table of a family.
    pub async fn snapshots(&self, family: &Family) -> Result<Vec<Stored>, sqlx::Error> {
        let sql = "SELECT dimension, serial, published_at, at, shot, body, steps FROM releases WHERE survey = $1 AND version = $2 AND period = $3";
        let rows: Vec<(String, i64, i64, i64, String, String, String)> = on_pool!(self, pool => sqlx::query_as(sql).bind(&family.survey).bind(i64::from(family.version)).bind(family.period.to_string()).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(
                |(dimension, serial, published_at, people, shot, body, steps)| Stored {
                    table: family.table(
                        &dimension
                            .parse()
                            .unwrap_or(bilan_core::share::Dimension::None),
                    ),
                    serial,
                    published_at,
                    people: people.max(0) as u64,
                    shot,
                    body,
                    steps,
                },
            )
            .collect())
    }

    /// The latest snapshot of one table.
    pub async fn snapshot(&self, key: &TableKey) -> Result<Option<Stored>, sqlx::Error> {
        let sql = "SELECT serial, published_at, at, shot, body, steps FROM releases WHERE survey = $1 AND version = $2 AND period = $3 AND dimension = $4";
        let version = i64::from(key.version);
        let row: Option<(i64, i64, i64, String, String, String)> = on_pool!(self, pool => sqlx::query_as(sql).bind(&key.survey).bind(version).bind(key.period.to_string()).bind(key.dimension.to_string()).fetch_optional(pool).await?);
        Ok(
            row.map(|(serial, published_at, people, shot, body, steps)| Stored {
                table: key.clone(),
                serial,
                published_at,
                people: people.max(0) as u64,
                shot,
                body,
                steps,
            }),
        )
    }

    /// Publishes a snapshot as the table's latest and adds it to the family's history, unless a
    /// snapshot of the same or a later serial is already there (two publishers at once: the first
    /// wins).
    pub async fn publish(&self, snapshot: &Stored) -> Result<bool, sqlx::Error> {
        let latest = "INSERT INTO releases (survey, version, period, dimension, at, body, serial, published_at, shot, steps) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                   ON CONFLICT (survey, version, period, dimension) DO UPDATE SET at = excluded.at, body = excluded.body, \
                   serial = excluded.serial, published_at = excluded.published_at, shot = excluded.shot, steps = excluded.steps \
                   WHERE excluded.serial > releases.serial";
        let history = "INSERT INTO snapshot_history (survey, version, period, dimension, serial, shot) \
                   VALUES ($1, $2, $3, $4, $5, $6)";
        let key = &snapshot.table;
        let (version, people) = (i64::from(key.version), snapshot.people as i64);
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(latest).bind(&key.survey).bind(version).bind(key.period.to_string()).bind(key.dimension.to_string())
                .bind(people).bind(&snapshot.body).bind(snapshot.serial).bind(snapshot.published_at).bind(&snapshot.shot)
                .bind(&snapshot.steps).execute(&mut *tx).await?.rows_affected() == 1;
            if done {
                sqlx::query(history).bind(&key.survey).bind(version).bind(key.period.to_string()).bind(key.dimension.to_string())
                    .bind(snapshot.serial).bind(&snapshot.shot).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(done)
        })
    }

    /// Every snapshot a family ever published, as compositions (JSON) with their table.
    pub async fn history(&self, family: &Family) -> Result<Vec<String>, sqlx::Error> {
        let sql = "SELECT shot FROM snapshot_history WHERE survey = $1 AND version = $2 AND period = $3 ORDER BY serial";
        on_pool!(self, pool => sqlx::query_scalar(sql).bind(&family.survey).bind(i64::from(family.version)).bind(family.period.to_string()).fetch_all(pool).await)
    }

    /// Every table with a published snapshot that shows something.
    pub async fn tables(&self) -> Result<Vec<TableKey>, sqlx::Error> {
        let sql = "SELECT survey, version, period, dimension FROM releases WHERE at > 0 ORDER BY survey, version, period, dimension";
        let rows: Vec<(String, i64, String, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .filter_map(|(survey, version, period, dimension)| {
                Some(TableKey {
                    survey,
                    version: version as u32,
                    period: period.parse().ok()?,
                    dimension: dimension.parse().ok()?,
                })
            })
            .collect())
    }

    /// The server's secret, once drawn.
    pub async fn secret(&self) -> Result<Option<String>, sqlx::Error> {
        let sql = "SELECT secret FROM instance WHERE id = 1";
        let secret: Option<Option<String>> =
            on_pool!(self, pool => sqlx::query_scalar(sql).fetch_optional(pool).await?);
        Ok(secret.flatten())
    }

    /// Stores the secret unless one is there, replacing every contribution id kept until then by
    /// `hash` of it, in one transaction; false when another process stored one first.
    pub async fn set_secret(
        &self,
        secret: &str,
        hash: impl Fn(&str) -> String,
    ) -> Result<bool, sqlx::Error> {
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let claimed = sqlx::query("UPDATE instance SET secret = $1 WHERE id = 1 AND secret IS NULL")
                .bind(secret).execute(&mut *tx).await?.rows_affected() == 1;
            if !claimed {
                tx.rollback().await?;
                return Ok(false);
            }
            let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM contribution_keys").fetch_all(&mut *tx).await?;
            sqlx::query("DELETE FROM contribution_keys").execute(&mut *tx).await?;
            let hashed: Vec<String> = ids.iter().map(|id| hash(id)).collect();
            for chunk in hashed.chunks(500) {
                let mut insert = QueryBuilder::new("INSERT INTO contribution_keys (id) ");
                insert.push_values(chunk, |mut row, h| { row.push_bind(h.as_str()); });
                insert.push(" ON CONFLICT (id) DO NOTHING");
                insert.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(true)
        })
    }

    /// When this database was seeded with the demo Pôle, if it was.
    pub async fn demo_at(&self) -> Result<Option<i64>, sqlx::Error> {
        let sql = "SELECT demo_at FROM instance WHERE id = 1";
        let at: Option<Option<i64>> =
            on_pool!(self, pool => sqlx::query_scalar(sql).fetch_optional(pool).await?);
        Ok(at.flatten())
    }

    /// Marks the database as seeded with the demo at `at`; false when it already was, so two
    /// starts never seed twice.
    pub async fn claim_demo(&self, at: i64) -> Result<bool, sqlx::Error> {
        let sql = "UPDATE instance SET demo_at = $1 WHERE id = 1 AND demo_at IS NULL";
        let done =
            on_pool!(self, pool => sqlx::query(sql).bind(at).execute(pool).await?.rows_affected());
        Ok(done == 1)
    }

    /// When the last scheduled release ran.
    pub async fn last_release(&self) -> Result<Option<i64>, sqlx::Error> {
        let sql = "SELECT last_release_at FROM instance WHERE id = 1";
        let at: Option<Option<i64>> =
            on_pool!(self, pool => sqlx::query_scalar(sql).fetch_optional(pool).await?);
        Ok(at.flatten())
    }

    /// Records that a scheduled release ran at `at`.
    pub async fn set_last_release(&self, at: i64) -> Result<(), sqlx::Error> {
        let sql = "UPDATE instance SET last_release_at = $1 WHERE id = 1";
        on_pool!(self, pool => sqlx::query(sql).bind(at).execute(pool).await.map(drop)?);
        Ok(())
    }
}
