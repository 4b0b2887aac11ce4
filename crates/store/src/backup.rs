//! Backups of the whole database while the server runs.

use crate::{Backend, Store, StoreError, StoreResult};
use std::path::Path;

impl Store {
    /// Writes a consistent copy of an SQLite database to `out` (`VACUUM INTO`: one read
    /// transaction, so writers carry on and the copy is the database as of its start). `out`
    /// must not exist. PostgreSQL databases are copied with `pg_dump` instead (see the CLI).
    pub async fn backup_sqlite(&self, out: &Path) -> StoreResult<()> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::BadUrl(
                "VACUUM INTO is for SQLite; PostgreSQL is copied with pg_dump".into(),
            ));
        }
        let target = out
            .to_str()
            .ok_or_else(|| StoreError::BadUrl(format!("{} is not a plain path", out.display())))?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.read)
            .await?;
        Ok(())
    }

    /// Whether the database holds no organization yet (no tables, or no units): the only kind a
    /// backup is restored into.
    pub async fn is_empty(&self) -> StoreResult<bool> {
        let has_table: Option<String> = match self.backend {
            Backend::Sqlite => {
                sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'units'",
                )
                .fetch_optional(&self.read)
                .await?
            }
            Backend::Postgres => {
                sqlx::query_scalar(
                    "SELECT table_name::text FROM information_schema.tables \
                     WHERE table_schema = current_schema() AND table_name = 'units'",
                )
                .fetch_optional(&self.read)
                .await?
            }
        };
        if has_table.is_none() {
            return Ok(true);
        }
        let units: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM units")
            .fetch_one(&self.read)
            .await?;
        Ok(units == 0)
    }
}
