//! The yearly figures, one JSON body per year.

use super::*;

impl Database {
    /// The yearly activity figures, by year.
    pub async fn figures(&self) -> Result<Vec<(i32, serde_json::Value)>, sqlx::Error> {
        let sql = "SELECT year, body FROM figures ORDER BY year";
        let rows: Vec<(i64, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .filter_map(|(y, b)| Some((y as i32, serde_json::from_str(&b).ok()?)))
            .collect())
    }

    /// Sets the figures of `year`, replacing what was there.
    pub async fn set_figures(
        &self,
        year: i32,
        body: &serde_json::Value,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        let sql = "INSERT INTO figures (year, body, updated_at) VALUES ($1, $2, $3) \
                   ON CONFLICT (year) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at";
        let body = body.to_string();
        on_pool!(self, pool => sqlx::query(sql).bind(i64::from(year)).bind(&body).bind(now).execute(pool).await.map(drop)?);
        Ok(())
    }
}
