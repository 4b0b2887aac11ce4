//! Login sessions kept in the database, so that several server processes in front of one
//! database share them and a restart logs no one out.

use crate::{Store, col};
use enquete_domain::Timestamp;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// The account a session is logged in as, if any (kept in its own column for
/// [`Store::end_sessions_of`]).
fn owner(record: &Record) -> Option<i64> {
    record
        .data
        .get(crate::SESSION_USER_KEY)
        .and_then(serde_json::Value::as_i64)
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

#[async_trait::async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let data = serde_json::to_string(&record.data)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?;
        // A fresh random id almost never collides; if it does, draw again.
        loop {
            let done = sqlx::query(
                "INSERT INTO sessions (id, data, expires_at, user_id) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(record.id.to_string())
            .bind(&data)
            .bind(record.expiry_date.unix_timestamp())
            .bind(owner(record))
            .execute(&self.write)
            .await
            .map_err(backend)?;
            if done.rows_affected() == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(&record.data)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?;
        sqlx::query(
            "INSERT INTO sessions (id, data, expires_at, user_id) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at, \
             user_id = excluded.user_id",
        )
        .bind(record.id.to_string())
        .bind(data)
        .bind(record.expiry_date.unix_timestamp())
        .bind(owner(record))
        .execute(&self.write)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = Timestamp::now_utc();
        let row =
            sqlx::query("SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2")
                .bind(id.to_string())
                .bind(now.0)
                .fetch_optional(&self.read)
                .await
                .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        let data: String = col(&row, "data").map_err(backend)?;
        let expires: i64 = col(&row, "expires_at").map_err(backend)?;
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_str(&data)
                .map_err(|e| session_store::Error::Decode(e.to_string()))?,
            expiry_date: time::OffsetDateTime::from_unix_timestamp(expires).map_err(backend)?,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.write)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

impl Store {
    /// Deletes expired sessions; returns how many.
    pub async fn prune_sessions(&self, now: Timestamp) -> crate::StoreResult<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now.0)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }

    /// Ends every session of an account (after its password changed).
    pub async fn end_sessions_of(
        &self,
        user: enquete_domain::account::UserId,
    ) -> crate::StoreResult<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user.0)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }

    /// How many sessions are stored (live or not yet pruned), for `/metrics`.
    pub async fn count_sessions(&self) -> crate::StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
            .fetch_one(&self.read)
            .await?)
    }
}
