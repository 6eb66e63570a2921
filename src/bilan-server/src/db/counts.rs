//! The counted tables: contributions applied in one transaction, each table's counters and
//! key sums, and each family's composition.

use super::*;

impl Database {
    /// Applies a checked batch in one transaction: each new contribution id is recorded (as its
    /// keyed hash) and its cells counted; an id seen before counts nothing.
    pub async fn apply(
        &self,
        batch: &[Contribution],
        secret: &Secret,
    ) -> Result<Applied, sqlx::Error> {
        let mut results = self
            .apply_groups(std::slice::from_ref(&batch), secret)
            .await?;
        Ok(results.pop().unwrap_or_default())
    }

    /// Applies several batches in one transaction (one commit for all: group commit), answering
    /// for each batch which of its ids were new; an id repeated across batches counts once.
    pub async fn apply_groups(
        &self,
        groups: &[&[Contribution]],
        secret: &Secret,
    ) -> Result<Vec<Applied>, sqlx::Error> {
        let unique = unique(groups, secret);
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut fresh = HashSet::new();
            for chunk in unique.chunks(500) {
                let mut insert = QueryBuilder::new(sql::KEYS.head);
                insert.push_values(chunk, |mut row, (_, hash)| { row.push_bind(hash.as_str()); });
                insert.push(sql::KEYS.merge).push(" RETURNING id");
                let ids: Vec<String> = insert.build_query_scalar().fetch_all(&mut *tx).await?;
                fresh.extend(ids);
            }
            let counted: HashSet<&str> = unique.iter().filter(|(_, h)| fresh.contains(h)).map(|(c, _)| c.id.as_str()).collect();
            let t = tally(unique.iter().map(|(c, _)| *c).filter(|c| counted.contains(c.id.as_str())), &mut Keys::new());
            for chunk in t.tables.chunks(200) {
                let mut upsert = QueryBuilder::new(sql::TABLES.head);
                upsert.push_values(chunk, |mut row, (key, n, sum)| {
                    row.push_bind(key.survey.as_str()).push_bind(i64::from(key.version)).push_bind(key.period.to_string())
                        .push_bind(key.dimension.to_string()).push_bind(*n).push_bind(*sum);
                });
                upsert.push(sql::TABLES.merge);
                upsert.build().execute(&mut *tx).await?;
            }
            for chunk in t.counters.chunks(200) {
                let mut upsert = QueryBuilder::new(sql::COUNTERS.head);
                upsert.push_values(chunk, |mut row, (key, question, bucket, n, sum)| {
                    row.push_bind(key.survey.as_str()).push_bind(i64::from(key.version)).push_bind(key.period.to_string())
                        .push_bind(key.dimension.to_string()).push_bind(question.as_str()).push_bind(bucket.as_str()).push_bind(*n).push_bind(*sum);
                });
                upsert.push(sql::COUNTERS.merge);
                upsert.build().execute(&mut *tx).await?;
            }
            for chunk in t.compositions.chunks(200) {
                let mut upsert = QueryBuilder::new(sql::COMPOSITIONS.head);
                upsert.push_values(chunk, |mut row, (family, session, college, n)| {
                    row.push_bind(family.survey.as_str()).push_bind(i64::from(family.version)).push_bind(family.period.to_string())
                        .push_bind(session.as_str()).push_bind(college.as_str()).push_bind(*n);
                });
                upsert.push(sql::COMPOSITIONS.merge);
                upsert.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(answers(groups, |id| counted.contains(id)))
        })
    }

    /// A table's raw state: its people, their key sum and its counters (for disclosure control
    /// only, never shown).
    pub async fn table(&self, key: &TableKey) -> Result<Table, sqlx::Error> {
        let where_ = "WHERE survey = $1 AND version = $2 AND period = $3 AND dimension = $4";
        let total = format!("SELECT contributions, key_sum FROM sync_tables {where_}");
        let cells = format!(
            "SELECT question, bucket, count, key_sum FROM counters {where_} ORDER BY question, bucket"
        );
        let version = i64::from(key.version);
        type Rows = Vec<(String, String, i64, i64)>;
        let (people, rows): (Option<(i64, i64)>, Rows) = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query_as(&total).bind(&key.survey).bind(version).bind(key.period.to_string()).bind(key.dimension.to_string()).fetch_optional(&mut *tx).await?;
            let rows = sqlx::query_as(&cells).bind(&key.survey).bind(version).bind(key.period.to_string()).bind(key.dimension.to_string()).fetch_all(&mut *tx).await?;
            tx.commit().await?;
            (n, rows)
        });
        let (people, sum) = people.unwrap_or((0, 0));
        Ok(Table {
            people: people.max(0) as u64,
            key: sum as u32,
            counters: rows
                .into_iter()
                .map(|(question, bucket, count, key)| Counter {
                    question,
                    bucket,
                    count: count.max(0) as u64,
                    key: key as u32,
                })
                .collect(),
        })
    }

    /// A family's people by session and college, now.
    pub async fn composition(&self, family: &Family) -> Result<Composition, sqlx::Error> {
        let sql = "SELECT session, college, people FROM compositions WHERE survey = $1 AND version = $2 AND period = $3";
        let rows: Vec<(String, String, i64)> = on_pool!(self, pool => sqlx::query_as(sql).bind(&family.survey).bind(i64::from(family.version)).bind(family.period.to_string()).fetch_all(pool).await?);
        let mut composition = Composition::new();
        for (session, college, people) in rows {
            composition.add(&session, &college, people.max(0) as u64);
        }
        Ok(composition)
    }

    /// Every family that holds someone.
    pub async fn families(&self) -> Result<Vec<Family>, sqlx::Error> {
        let sql = "SELECT DISTINCT survey, version, period FROM compositions ORDER BY survey, version, period";
        let rows: Vec<(String, i64, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .filter_map(|(survey, version, period)| {
                Some(Family {
                    survey,
                    version: version as u32,
                    period: period.parse().ok()?,
                })
            })
            .collect())
    }
}
