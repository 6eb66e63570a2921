//! Tokens: their hashes and roles, never the tokens themselves.

use super::*;

/// A token as listed by the CLI (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub id: i64,
    pub role: Role,
    pub label: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

impl Database {
    /// Stores a new token's hash; returns its id.
    pub async fn create_token(
        &self,
        hash: &str,
        role: Role,
        label: &str,
        now: i64,
    ) -> Result<i64, sqlx::Error> {
        let sql = "INSERT INTO tokens (hash, role, label, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
        on_pool!(self, pool => sqlx::query_scalar(sql).bind(hash).bind(role.as_str()).bind(label).bind(now).fetch_one(pool).await)
    }

    /// Revokes token `id`; false when there is no such token or it was already revoked.
    pub async fn revoke_token(&self, id: i64, now: i64) -> Result<bool, sqlx::Error> {
        let sql = "UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL";
        let done = on_pool!(self, pool => sqlx::query(sql).bind(now).bind(id).execute(pool).await?.rows_affected());
        Ok(done == 1)
    }

    /// Every token ever created, oldest first.
    pub async fn tokens(&self) -> Result<Vec<TokenInfo>, sqlx::Error> {
        let sql = "SELECT id, role, label, created_at, revoked_at FROM tokens ORDER BY id";
        let rows: Vec<(i64, String, String, i64, Option<i64>)> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .filter_map(|(id, role, label, created_at, revoked_at)| {
                Some(TokenInfo {
                    id,
                    role: role.parse().ok()?,
                    label,
                    created_at,
                    revoked_at,
                })
            })
            .collect())
    }

    /// The id and role of the live token whose hash is `hash`.
    pub async fn caller(&self, hash: &str) -> Result<Option<(i64, Role)>, sqlx::Error> {
        let sql = "SELECT id, role FROM tokens WHERE hash = $1 AND revoked_at IS NULL";
        let row: Option<(i64, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(hash).fetch_optional(pool).await?);
        Ok(row.and_then(|(id, role)| Some((id, role.parse().ok()?))))
    }
}
