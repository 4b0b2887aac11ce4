//! Conversations: statements (moderated when a participant adds one, translated by
//! moderators), participants known by a key their device made up, and their votes, synced
//! idempotently (a vote sent twice is kept once; a later vote on the same statement replaces
//! an earlier one, an earlier one sent late does not).

use crate::{Store, StoreError, StoreResult, col};
use enquete_domain::conversation::StatementStatus;
use enquete_domain::org::UnitId;
use enquete_domain::survey::SurveyId;
use enquete_domain::{FieldError, Timestamp};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationRecord {
    pub id: i64,
    pub unit: UnitId,
    pub title: String,
    /// The public link's token.
    pub token: String,
    pub open: bool,
    pub created_at: Timestamp,
    /// The survey whose demographic questions participants may answer, to weight the groups.
    pub survey: Option<SurveyId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRecord {
    pub id: i64,
    pub language: String,
    pub text: String,
    pub status: StatementStatus,
    pub by_participant: bool,
    /// (language, text) added by moderators.
    pub translations: Vec<(String, String)>,
}

impl StatementRecord {
    /// The statement in `language`: its own text, a translation, or else its own text.
    pub fn text_in(&self, language: &str) -> &str {
        if self.language == language {
            return &self.text;
        }
        self.translations
            .iter()
            .find(|(l, _)| l == language)
            .map_or(self.text.as_str(), |(_, t)| t.as_str())
    }
}

/// A conversation's votes for the opinion groups: (participant, statement, vote), and each
/// participant's section where known.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VoteMatrix {
    pub votes: Vec<(i64, i64, i8)>,
    pub units: HashMap<i64, Option<UnitId>>,
}

fn conversation_from_row(row: &sqlx::any::AnyRow) -> StoreResult<ConversationRecord> {
    Ok(ConversationRecord {
        id: col(row, "id")?,
        unit: UnitId(col(row, "unit_id")?),
        title: col(row, "title")?,
        token: col(row, "token")?,
        open: col::<i64>(row, "open")? != 0,
        created_at: Timestamp(col(row, "created_at")?),
        survey: col::<Option<i64>>(row, "survey_id")?.map(SurveyId),
    })
}

/// A participant's id by conversation and key.
const PARTICIPANT_BY_KEY: &str =
    "SELECT id FROM conversation_participants WHERE conversation_id = $1 AND key = $2";

/// The participant of a conversation with this key, made on their first vote or answer.
async fn participant_id(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    conversation: i64,
    key: &str,
    unit: Option<UnitId>,
    now: Timestamp,
) -> StoreResult<i64> {
    sqlx::query(
        "INSERT INTO conversation_participants (conversation_id, key, unit_id, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (conversation_id, key) DO NOTHING",
    )
    .bind(conversation)
    .bind(key)
    .bind(unit.map(|u| u.0))
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    Ok(sqlx::query_scalar(PARTICIPANT_BY_KEY)
        .bind(conversation)
        .bind(key)
        .fetch_one(&mut **tx)
        .await?)
}

const CONVERSATION: &str =
    "SELECT id, unit_id, title, token, open, created_at, survey_id FROM conversations";

impl Store {
    pub async fn create_conversation(
        &self,
        unit: UnitId,
        title: &str,
        token: &str,
        now: Timestamp,
    ) -> StoreResult<i64> {
        self.unit(unit).await?;
        Ok(sqlx::query_scalar(
            "INSERT INTO conversations (unit_id, title, token, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING id",
        )
        .bind(unit.0)
        .bind(title)
        .bind(token)
        .bind(now.0)
        .fetch_one(&self.write)
        .await?)
    }

    pub async fn conversation(&self, id: i64) -> StoreResult<ConversationRecord> {
        let row = sqlx::query(&format!("{CONVERSATION} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound("conversation"))?;
        conversation_from_row(&row)
    }

    pub async fn conversation_by_token(&self, token: &str) -> StoreResult<ConversationRecord> {
        let row = sqlx::query(&format!("{CONVERSATION} WHERE token = $1"))
            .bind(token)
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound("conversation"))?;
        conversation_from_row(&row)
    }

    pub async fn conversations_of(&self, unit: UnitId) -> StoreResult<Vec<ConversationRecord>> {
        sqlx::query(&format!(
            "{CONVERSATION} WHERE unit_id = $1 ORDER BY created_at DESC, id DESC"
        ))
        .bind(unit.0)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(conversation_from_row)
        .collect()
    }

    pub async fn set_conversation_open(&self, id: i64, open: bool) -> StoreResult<()> {
        sqlx::query("UPDATE conversations SET open = $1 WHERE id = $2")
            .bind(i64::from(open))
            .bind(id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Links the conversation to a survey (or unlinks it): participants may then say about
    /// themselves what the survey's demographic questions ask, to weight the groups.
    pub async fn set_conversation_survey(
        &self,
        id: i64,
        survey: Option<SurveyId>,
    ) -> StoreResult<()> {
        if let Some(s) = survey {
            self.survey(s).await?;
        }
        sqlx::query("UPDATE conversations SET survey_id = $1 WHERE id = $2")
            .bind(survey.map(|s| s.0))
            .bind(id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// What a participant said about themselves: where they live and their answers to the
    /// weighting questions (variable, category). Sent again (from a phone that lost its
    /// connection) it changes nothing; a later answer to the same question replaces the
    /// earlier one. The participant is created if they did not vote yet.
    pub async fn set_participant_profile(
        &self,
        conversation: i64,
        key: &str,
        unit: Option<UnitId>,
        answers: &[(String, String)],
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let participant = participant_id(&mut tx, conversation, key, unit, now).await?;
        if let Some(u) = unit {
            sqlx::query("UPDATE conversation_participants SET unit_id = $1 WHERE id = $2")
                .bind(u.0)
                .bind(participant)
                .execute(&mut *tx)
                .await?;
        }
        for (variable, category) in answers {
            sqlx::query(
                "INSERT INTO conversation_profiles (participant_id, variable, category) \
                 VALUES ($1, $2, $3) ON CONFLICT (participant_id, variable) \
                 DO UPDATE SET category = excluded.category",
            )
            .bind(participant)
            .bind(variable)
            .bind(category)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Forgets a participant of a conversation, at their own request: their votes, what they
    /// said about themselves and their key. Statements they proposed are not theirs to take
    /// back (they carry no link to them). Returns whether there was anything to forget.
    pub async fn forget_participant(&self, conversation: i64, key: &str) -> StoreResult<bool> {
        // A key nobody has takes no write lock.
        let known: Option<i64> = sqlx::query_scalar(PARTICIPANT_BY_KEY)
            .bind(conversation)
            .bind(key)
            .fetch_optional(&self.read)
            .await?;
        if known.is_none() {
            return Ok(false);
        }
        let mut tx = self.begin_write().await?;
        // Locked: a vote being stored for them meanwhile waits, then finds them gone.
        let participant: Option<i64> =
            sqlx::query_scalar(&format!("{PARTICIPANT_BY_KEY}{}", self.lock_rows()))
                .bind(conversation)
                .bind(key)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(participant) = participant else {
            return Ok(false);
        };
        for table in ["conversation_votes", "conversation_profiles"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE participant_id = $1"))
                .bind(participant)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM conversation_participants WHERE id = $1")
            .bind(participant)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Every participant's answers about themselves: participant → (variable, category).
    pub async fn participant_profiles(
        &self,
        conversation: i64,
    ) -> StoreResult<HashMap<i64, Vec<(String, String)>>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT f.participant_id, f.variable, f.category FROM conversation_profiles f \
             JOIN conversation_participants p ON p.id = f.participant_id \
             WHERE p.conversation_id = $1 ORDER BY f.participant_id, f.variable",
        )
        .bind(conversation)
        .fetch_all(&self.read)
        .await?;
        let mut out: HashMap<i64, Vec<(String, String)>> = HashMap::new();
        for (p, v, c) in rows {
            out.entry(p).or_default().push((v, c));
        }
        Ok(out)
    }

    /// Adds a statement: a moderator's is accepted at once, a participant's waits.
    pub async fn add_statement(
        &self,
        conversation: i64,
        language: &str,
        text: &str,
        by_participant: bool,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let status = if by_participant {
            StatementStatus::Pending
        } else {
            StatementStatus::Accepted
        };
        let mut tx = self.begin_write().await?;
        let same: i64 = sqlx::query_scalar(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM conversation_statements \
             WHERE conversation_id = $1 AND text = $2",
        )
        .bind(conversation)
        .bind(text)
        .fetch_one(&mut *tx)
        .await?;
        if same > 0 {
            return Err(FieldError::new("text", "error-statement-exists").into());
        }
        let id = sqlx::query_scalar(
            "INSERT INTO conversation_statements (conversation_id, language, text, status, \
             by_participant, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(conversation)
        .bind(language)
        .bind(text)
        .bind(status.as_str())
        .bind(i64::from(by_participant))
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| crate::unique_as_field(e, "text", "error-statement-exists"))?;
        tx.commit().await?;
        Ok(id)
    }

    /// The conversation a statement belongs to.
    pub async fn statement_conversation(&self, statement: i64) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT conversation_id FROM conversation_statements WHERE id = $1")
            .bind(statement)
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound("statement"))
    }

    pub async fn moderate_statement(&self, statement: i64, accept: bool) -> StoreResult<()> {
        let status = if accept {
            StatementStatus::Accepted
        } else {
            StatementStatus::Rejected
        };
        sqlx::query("UPDATE conversation_statements SET status = $1 WHERE id = $2")
            .bind(status.as_str())
            .bind(statement)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn translate_statement(
        &self,
        statement: i64,
        language: &str,
        text: &str,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO statement_translations (statement_id, language, text) VALUES ($1, $2, $3) \
             ON CONFLICT (statement_id, language) DO UPDATE SET text = excluded.text",
        )
        .bind(statement)
        .bind(language)
        .bind(text)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// A conversation's statements in the order they were added (only the accepted ones with
    /// `accepted_only`), with their translations.
    pub async fn statements(
        &self,
        conversation: i64,
        accepted_only: bool,
    ) -> StoreResult<Vec<StatementRecord>> {
        let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
            "SELECT id, language, text, status, by_participant FROM conversation_statements \
             WHERE conversation_id = $1 AND ($2 = 0 OR status = 'accepted') ORDER BY id",
        )
        .bind(conversation)
        .bind(i64::from(accepted_only))
        .fetch_all(&self.read)
        .await?;
        let translations: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT t.statement_id, t.language, t.text FROM statement_translations t \
             JOIN conversation_statements s ON s.id = t.statement_id \
             WHERE s.conversation_id = $1 ORDER BY t.language",
        )
        .bind(conversation)
        .fetch_all(&self.read)
        .await?;
        rows.into_iter()
            .map(|(id, language, text, status, by)| {
                Ok(StatementRecord {
                    id,
                    language,
                    text,
                    status: StatementStatus::parse(&status)
                        .ok_or_else(|| StoreError::Corrupt(format!("statement status {status}")))?,
                    by_participant: by != 0,
                    translations: translations
                        .iter()
                        .filter(|t| t.0 == id)
                        .map(|t| (t.1.clone(), t.2.clone()))
                        .collect(),
                })
            })
            .collect()
    }

    /// Takes a participant's votes: (statement, vote, when). Each must be on a statement of
    /// the conversation others may see (else refused on `statement`, nothing kept); a vote on
    /// a statement rejected since it was shown is left out (a phone's batch collected offline
    /// still syncs). A vote
    /// already kept is kept once; of two votes on the same statement, the later stands. The
    /// participant is made on their first vote, with their section when known. Returns how
    /// many votes changed.
    pub async fn sync_votes(
        &self,
        conversation: i64,
        key: &str,
        unit: Option<UnitId>,
        votes: &[(i64, i8, Timestamp)],
        now: Timestamp,
    ) -> StoreResult<u64> {
        let mut tx = self.begin_write().await?;
        let known: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, status FROM conversation_statements WHERE conversation_id = $1 \
             AND status <> 'pending'",
        )
        .bind(conversation)
        .fetch_all(&mut *tx)
        .await?;
        let accepted: std::collections::HashSet<i64> = known
            .iter()
            .filter(|(_, status)| status == "accepted")
            .map(|(id, _)| *id)
            .collect();
        if votes
            .iter()
            .any(|(s, _, _)| !known.iter().any(|(id, _)| id == s))
        {
            return Err(FieldError::new("statement", "error-no-statement").into());
        }
        let votes: Vec<&(i64, i8, Timestamp)> = votes
            .iter()
            .filter(|(s, _, _)| accepted.contains(s))
            .collect();
        let participant = participant_id(&mut tx, conversation, key, unit, now).await?;
        if let Some(u) = unit {
            sqlx::query(
                "UPDATE conversation_participants SET unit_id = $1 WHERE id = $2 AND unit_id IS NULL",
            )
            .bind(u.0)
            .bind(participant)
            .execute(&mut *tx)
            .await?;
        }
        let mut changed = 0;
        for (statement, vote, at) in votes {
            // A clock ahead of the server's would freeze this vote: no later than now.
            let at = Timestamp(at.0.min(now.0));
            changed += sqlx::query(
                "INSERT INTO conversation_votes (participant_id, statement_id, vote, voted_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (participant_id, statement_id) DO UPDATE \
                 SET vote = excluded.vote, voted_at = excluded.voted_at \
                 WHERE conversation_votes.voted_at < excluded.voted_at",
            )
            .bind(participant)
            .bind(*statement)
            .bind(i64::from(*vote))
            .bind(at.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// The statements a participant voted on already.
    pub async fn voted_statements(&self, conversation: i64, key: &str) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT v.statement_id FROM conversation_votes v \
             JOIN conversation_participants p ON p.id = v.participant_id \
             WHERE p.conversation_id = $1 AND p.key = $2",
        )
        .bind(conversation)
        .bind(key)
        .fetch_all(&self.read)
        .await?)
    }

    /// Every vote of a conversation on its accepted statements, for the opinion groups.
    pub async fn vote_matrix(&self, conversation: i64) -> StoreResult<VoteMatrix> {
        let votes: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT v.participant_id, v.statement_id, v.vote FROM conversation_votes v \
             JOIN conversation_statements s ON s.id = v.statement_id \
             WHERE s.conversation_id = $1 AND s.status = 'accepted' \
             ORDER BY v.participant_id, v.statement_id",
        )
        .bind(conversation)
        .fetch_all(&self.read)
        .await?;
        let units: Vec<(i64, Option<i64>)> = sqlx::query_as(
            "SELECT id, unit_id FROM conversation_participants WHERE conversation_id = $1",
        )
        .bind(conversation)
        .fetch_all(&self.read)
        .await?;
        Ok(VoteMatrix {
            votes: votes
                .into_iter()
                .map(|(p, s, v)| (p, s, i8::try_from(v).unwrap_or(0)))
                .collect(),
            units: units.into_iter().map(|(p, u)| (p, u.map(UnitId))).collect(),
        })
    }
}
