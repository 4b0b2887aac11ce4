//! Fresh databases for tests, on either backend: an SQLite file in a temporary folder, or a new
//! schema in the PostgreSQL test database (`ENQUETE_TEST_POSTGRES`, default
//! `postgres://postgres@127.0.0.1:5432/test`). Set `ENQUETE_TEST_POSTGRES=skip` to run the
//! SQLite half alone on a machine without PostgreSQL.

use crate::{Backend, Store, StoreResult};
use sqlx::{Connection, Executor};
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub const DEFAULT_TEST_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/test";

/// The PostgreSQL URL tests use, or `None` when told to skip PostgreSQL.
pub fn postgres_url() -> Option<String> {
    match std::env::var("ENQUETE_TEST_POSTGRES") {
        Ok(v) if v == "skip" => None,
        Ok(v) if !v.is_empty() => Some(v),
        _ => Some(DEFAULT_TEST_POSTGRES.to_owned()),
    }
}

/// A database that exists for one test. Call [`TestDb::finish`] at the end to remove it.
pub struct TestDb {
    pub url: String,
    schema: Option<(String, String)>,
    _dir: Option<tempfile_dir::Dir>,
}

/// A temporary folder removed on drop; kept tiny to avoid a dependency in the library.
mod tempfile_dir {
    pub struct Dir(pub std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl TestDb {
    pub async fn new(backend: Backend) -> StoreResult<Option<Self>> {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tag = format!("{}_{}_{n}", std::process::id(), fastrand::u32(..));
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("enquete-test-{tag}"));
                std::fs::create_dir_all(&dir)
                    .map_err(|e| crate::StoreError::BadUrl(e.to_string()))?;
                let url = format!("sqlite://{}", dir.join("test.db").display());
                Ok(Some(Self {
                    url,
                    schema: None,
                    _dir: Some(tempfile_dir::Dir(dir)),
                }))
            }
            Backend::Postgres => {
                let Some(base) = postgres_url() else {
                    return Ok(None);
                };
                sqlx::any::install_default_drivers();
                let schema = format!("enq_t_{tag}");
                let mut conn = sqlx::AnyConnection::connect(&base).await?;
                conn.execute(format!("CREATE SCHEMA {schema}").as_str())
                    .await?;
                conn.close().await?;
                let sep = if base.contains('?') { '&' } else { '?' };
                let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
                Ok(Some(Self {
                    url,
                    schema: Some((base, schema)),
                    _dir: None,
                }))
            }
        }
    }

    /// Opens a migrated store on this database.
    pub async fn store(&self) -> StoreResult<Store> {
        Store::open(&self.url).await
    }

    /// Opens a migrated store on this database that seals personal fields with these keys.
    pub async fn store_with(&self, keys: crate::crypto::Keyring) -> StoreResult<Store> {
        Store::open_with(&self.url, keys).await
    }

    /// Runs a query and returns every column of every row as text, for tests that look at
    /// what is stored (NULL as an empty string).
    pub async fn raw_text(&self, sql: &str) -> StoreResult<Vec<Vec<String>>> {
        use sqlx::Row;
        let mut conn = sqlx::AnyConnection::connect(&self.url).await?;
        let rows = sqlx::query(sql).fetch_all(&mut conn).await?;
        conn.close().await?;
        Ok(rows
            .iter()
            .map(|row| {
                (0..row.len())
                    .map(|i| {
                        row.try_get::<Option<String>, _>(i)
                            .ok()
                            .flatten()
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect())
    }

    /// Runs a statement on this database directly.
    pub async fn raw_execute(&self, sql: &str) -> StoreResult<()> {
        let mut conn = sqlx::AnyConnection::connect(&self.url).await?;
        conn.execute(sql).await?;
        conn.close().await?;
        Ok(())
    }

    /// Removes the PostgreSQL schema (the SQLite folder goes on drop).
    pub async fn finish(self) {
        if let Some((base, schema)) = &self.schema
            && let Ok(mut conn) = sqlx::AnyConnection::connect(base).await
        {
            let _ = conn
                .execute(format!("DROP SCHEMA {schema} CASCADE").as_str())
                .await;
            let _ = conn.close().await;
        }
    }
}

impl Backend {
    pub const ALL: [Backend; 2] = [Backend::Sqlite, Backend::Postgres];
}
