//! Photos, recordings and files sent with a response: kept beside it in the database (so a
//! backup holds them and a deleted response takes them along), sealed like personal fields.

use crate::{Store, StoreError, StoreResult, col};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use enquete_domain::org::{UnitId, UnitPath};
use enquete_domain::survey::SurveyId;
use enquete_domain::{FieldError, Timestamp};
use sha2::{Digest, Sha256};

/// One file of a response, as listed (without its content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentInfo {
    pub name: String,
    pub content_type: String,
    pub size: u64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
}

/// A file of a response, with where the response was collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseFile {
    pub response: String,
    pub unit: UnitId,
    pub collected_at: Timestamp,
    pub file: AttachmentInfo,
}

/// What storing a file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachmentOutcome {
    Stored,
    /// The same name was stored before with the same content: nothing changed.
    Duplicate,
}

const FIELD: &str = "attachments.data";

impl Store {
    /// Stores a file of a response under its name, once: sending it again (a phone that did
    /// not hear the answer) changes nothing; another content under a name already taken is
    /// refused, so nothing acknowledged is overwritten.
    pub async fn put_attachment(
        &self,
        response: &str,
        name: &str,
        content_type: &str,
        data: &[u8],
        now: Timestamp,
    ) -> StoreResult<AttachmentOutcome> {
        let sha = hex(&Sha256::digest(data));
        let mut tx = self.begin_write().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM responses WHERE id = $1")
            .bind(response)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound("response"));
        }
        let before: Option<String> = sqlx::query_scalar(
            "SELECT sha256 FROM attachments WHERE response_id = $1 AND name = $2",
        )
        .bind(response)
        .bind(name)
        .fetch_optional(&mut *tx)
        .await?;
        match before {
            Some(same) if same == sha => return Ok(AttachmentOutcome::Duplicate),
            Some(_) => {
                return Err(StoreError::Invalid(
                    FieldError::new("file", "error-attachment-changed").arg("name", name),
                ));
            }
            None => {}
        }
        let sealed = self.keys.seal(FIELD, &STANDARD.encode(data))?;
        // Two sends of the same file at the same moment: the second finds the first.
        let done = sqlx::query(
            "INSERT INTO attachments (response_id, name, content_type, size, sha256, data, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (response_id, name) DO NOTHING",
        )
        .bind(response)
        .bind(name)
        .bind(content_type)
        .bind(i64::try_from(data.len()).unwrap_or(i64::MAX))
        .bind(&sha)
        .bind(sealed)
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(if done.rows_affected() == 1 {
            AttachmentOutcome::Stored
        } else {
            AttachmentOutcome::Duplicate
        })
    }

    /// The files of a response, by name.
    pub async fn attachments_of(&self, response: &str) -> StoreResult<Vec<AttachmentInfo>> {
        let rows = sqlx::query(
            "SELECT name, content_type, size, sha256 FROM attachments \
             WHERE response_id = $1 ORDER BY name",
        )
        .bind(response)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AttachmentInfo {
                    name: col(row, "name")?,
                    content_type: col(row, "content_type")?,
                    size: u64::try_from(col::<i64>(row, "size")?).unwrap_or(0),
                    sha256: col(row, "sha256")?,
                })
            })
            .collect()
    }

    /// The files of a survey's responses collected in a subtree (latest first, at most `limit`).
    pub async fn files_of_survey(
        &self,
        survey: SurveyId,
        within: &UnitPath,
        limit: i64,
    ) -> StoreResult<Vec<ResponseFile>> {
        let (lo, hi) = crate::subtree_range(within.as_str());
        let rows = sqlx::query(
            "SELECT a.response_id, r.unit_id, r.collected_at, a.name, a.content_type, a.size, a.sha256 \
             FROM attachments a JOIN responses r ON r.id = a.response_id \
             JOIN units u ON u.id = r.unit_id \
             WHERE r.survey_id = $1 AND u.path >= $2 AND u.path < $3 \
             ORDER BY r.collected_at DESC, a.response_id, a.name LIMIT $4",
        )
        .bind(survey.0)
        .bind(lo)
        .bind(hi)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ResponseFile {
                    response: col(row, "response_id")?,
                    unit: UnitId(col(row, "unit_id")?),
                    collected_at: Timestamp(col(row, "collected_at")?),
                    file: AttachmentInfo {
                        name: col(row, "name")?,
                        content_type: col(row, "content_type")?,
                        size: u64::try_from(col::<i64>(row, "size")?).unwrap_or(0),
                        sha256: col(row, "sha256")?,
                    },
                })
            })
            .collect()
    }

    /// The unit a response was collected in.
    pub async fn response_unit(&self, response: &str) -> StoreResult<UnitId> {
        let unit: Option<i64> = sqlx::query_scalar("SELECT unit_id FROM responses WHERE id = $1")
            .bind(response)
            .fetch_optional(&self.read)
            .await?;
        unit.map(UnitId).ok_or(StoreError::NotFound("response"))
    }

    /// One file of a response: its type and content.
    pub async fn attachment(
        &self,
        response: &str,
        name: &str,
    ) -> StoreResult<(AttachmentInfo, Vec<u8>)> {
        let row = sqlx::query(
            "SELECT name, content_type, size, sha256, data FROM attachments \
             WHERE response_id = $1 AND name = $2",
        )
        .bind(response)
        .bind(name)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("attachment"))?;
        let data = self.keys.open(FIELD, &col::<String>(&row, "data")?)?;
        let data = STANDARD
            .decode(data.as_bytes())
            .map_err(|e| StoreError::Corrupt(format!("{FIELD}: {e}")))?;
        Ok((
            AttachmentInfo {
                name: col(&row, "name")?,
                content_type: col(&row, "content_type")?,
                size: u64::try_from(col::<i64>(&row, "size")?).unwrap_or(0),
                sha256: col(&row, "sha256")?,
            },
            data,
        ))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
