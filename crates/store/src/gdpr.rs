//! A person's rights over their data (docs/privacy.md): everything held about them in one
//! dossier (subject access), and erasure that removes their identity and the free text that could
//! point back to them while the anonymous counts stay right.

use crate::audit::write_audit;
use crate::{AuditEvent, PersonRecord, Store, StoreError, StoreResult, col};
use enquete_domain::Timestamp;
use enquete_domain::campaign::{ActionId, email_key};
use enquete_domain::people::{Consent, PersonId, StageChange};
use enquete_domain::survey::{QuestionKind, SurveyId};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// A response the person gave and agreed to have linked to them.
#[derive(Debug, Clone, Serialize)]
pub struct LinkedResponse {
    pub id: String,
    pub survey: SurveyId,
    pub version: i64,
    pub collected_at: Timestamp,
    pub answers: serde_json::Value,
}

/// Their part in the organization's work.
#[derive(Debug, Clone, Serialize)]
pub struct Participation {
    pub what: String,
    pub title: String,
    pub at: Timestamp,
    pub detail: String,
}

/// Everything held about a person.
#[derive(Debug, Clone, Serialize)]
pub struct Dossier {
    pub record: PersonRecord,
    pub consents: Vec<Consent>,
    pub ladder: Vec<StageChange>,
    pub responses: Vec<LinkedResponse>,
    pub participation: Vec<Participation>,
    /// Who read or changed the record, when, from where.
    pub audit: Vec<AuditEvent>,
}

/// What an erasure did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Erasure {
    /// Responses kept for the counts, no longer linked.
    pub responses_unlinked: u64,
    /// Free-text answers removed from those responses.
    pub texts_removed: u64,
    /// Signatures kept for the counts, without name, address or postcode.
    pub signatures_anonymised: u64,
    /// RSVPs removed (places freed go to the waiting list).
    pub rsvps_removed: u64,
    /// Photos, recordings and files of those responses, removed.
    pub attachments_removed: u64,
    /// Festival orders kept for the sales figures, without the buyer's name, address or
    /// postcode.
    pub festival_orders_anonymised: u64,
}

impl Store {
    /// Everything held about a person: the record, consents, ladder history, linked responses,
    /// actions, signatures, meetings, projects, and the audit log of their record.
    pub async fn person_dossier(&self, id: PersonId) -> StoreResult<Dossier> {
        let record = self.person(id).await?;
        let rows = sqlx::query(
            "SELECT id, survey_id, version, collected_at, answers FROM responses \
             WHERE person_id = $1 ORDER BY collected_at, id",
        )
        .bind(id.0)
        .fetch_all(&self.read)
        .await?;
        let mut responses = Vec::with_capacity(rows.len());
        for row in &rows {
            let answers: String = col(row, "answers")?;
            let answers = self.keys.open_cow("responses.answers", &answers)?;
            responses.push(LinkedResponse {
                id: col(row, "id")?,
                survey: SurveyId(col(row, "survey_id")?),
                version: col(row, "version")?,
                collected_at: Timestamp(col(row, "collected_at")?),
                answers: serde_json::from_str(&answers)
                    .map_err(|e| StoreError::Corrupt(format!("answers: {e}")))?,
            });
        }
        let mut participation = Vec::new();
        // Signatures are linked to a record only when it was made from the signature; one made
        // under the person's address is theirs too (found by the address's blind index).
        let sig_keys = record
            .person
            .email
            .as_deref()
            .map(|e| self.keys.lookups("signature email", &email_key(e)))
            .unwrap_or_default();
        let petitions = format!(
            "SELECT t.title AS title, s.signed_at AS at, s.postcode AS detail FROM signatures s \
             JOIN petitions t ON t.id = s.petition_id WHERE s.person_id = $1{} ORDER BY s.signed_at",
            if sig_keys.is_empty() {
                String::new()
            } else {
                format!(
                    " OR s.email_key IN ({})",
                    crate::placeholders(2, sig_keys.len())
                )
            }
        );
        let queries: [(&str, &str); 7] = [
            (
                "action",
                "SELECT a.title AS title, r.created_at AS at, r.status || CASE WHEN r.attended_at IS NULL \
                 THEN '' ELSE ', attended' END AS detail FROM rsvps r JOIN actions a ON a.id = r.action_id \
                 WHERE r.person_id = $1 ORDER BY r.created_at",
            ),
            (
                "meeting",
                "SELECT u.name AS title, m.held_at AS at, '' AS detail FROM meeting_attendance x \
                 JOIN meetings m ON m.id = x.meeting_id JOIN units u ON u.id = m.unit_id \
                 WHERE x.person_id = $1 ORDER BY m.held_at",
            ),
            (
                "solidarity project",
                "SELECT p.name AS title, p.created_at AS at, '' AS detail FROM project_volunteers v \
                 JOIN solidarity_projects p ON p.id = v.project_id WHERE v.person_id = $1 ORDER BY p.id",
            ),
            (
                "training",
                "SELECT m.code AS title, c.completed_at AS at, '' AS detail \
                 FROM training_completions c JOIN training_modules m ON m.id = c.module_id \
                 WHERE c.person_id = $1 ORDER BY c.completed_at",
            ),
            (
                "responsibility",
                "SELECT p.kind || CASE WHEN p.title = '' THEN '' ELSE ': ' || p.title END AS title, \
                 t.starts_at AS at, u.name AS detail FROM position_terms t \
                 JOIN positions p ON p.id = t.position_id JOIN units u ON u.id = p.unit_id \
                 WHERE t.person_id = $1 ORDER BY t.starts_at",
            ),
            (
                "trainer",
                "SELECT a.title AS title, a.starts_at AS at, '' AS detail FROM training_sessions s \
                 JOIN actions a ON a.id = s.action_id WHERE s.trainer_id = $1 ORDER BY a.starts_at",
            ),
            ("petition", petitions.as_str()),
        ];
        for (what, sql) in queries {
            let query = sqlx::query(sql).bind(id.0);
            let query = if what == "petition" {
                sig_keys.iter().fold(query, |q, k| q.bind(k.as_str()))
            } else {
                query
            };
            for row in query.fetch_all(&self.read).await? {
                participation.push(Participation {
                    what: what.to_owned(),
                    title: col(&row, "title")?,
                    at: Timestamp(col(&row, "at")?),
                    // The postcode of a signature is sealed; the other details are not.
                    detail: if what == "petition" {
                        self.keys
                            .open("signatures.postcode", &col::<String>(&row, "detail")?)?
                    } else {
                        col(&row, "detail")?
                    },
                });
            }
        }
        // The profile counted in who leads, with their consent.
        let profile: Option<i64> =
            sqlx::query_scalar("SELECT updated_at FROM person_profiles WHERE person_id = $1")
                .bind(id.0)
                .fetch_optional(&self.read)
                .await?;
        if let (Some(at), Some(p)) = (profile, self.profile(id).await?) {
            participation.push(Participation {
                what: "composition profile".to_owned(),
                title: p.occupation.as_str().to_owned(),
                at: Timestamp(at),
                detail: format!("{}, {}", p.gender.as_str(), p.age_band.as_str()),
            });
        }
        // Answers on a public RSVP page under their address, waiting for the link mailed to it
        // (or used and not yet forgotten): theirs too, found by the address's blind index.
        let pending = crate::confirmations::pending_lookups(self, record.person.email.as_deref());
        if !pending.is_empty() {
            let sql = format!(
                "SELECT a.title AS title, c.created_at AS at, c.used_at AS used_at \
                 FROM rsvp_confirmations c JOIN actions a ON a.id = c.action_id \
                 WHERE c.email_index IN ({}) ORDER BY c.created_at",
                crate::placeholders(1, pending.len())
            );
            let rows = pending
                .iter()
                .fold(sqlx::query(&sql), |q, k| q.bind(k.as_str()))
                .fetch_all(&self.read)
                .await?;
            for row in rows {
                participation.push(Participation {
                    what: "action, answer to confirm by mail".to_owned(),
                    title: col(&row, "title")?,
                    at: Timestamp(col(&row, "at")?),
                    detail: if col::<Option<i64>>(&row, "used_at")?.is_some() {
                        "confirmed".to_owned()
                    } else {
                        "link not used".to_owned()
                    },
                });
            }
        }
        // Calls made to them (phone banking), with what came of each and the caller's note.
        let calls = sqlx::query(
            "SELECT a.name, l.outcome, l.note, l.called_at FROM call_log l \
             JOIN call_assignments a ON a.id = l.assignment_id WHERE l.person_id = $1 \
             ORDER BY l.called_at, l.id",
        )
        .bind(id.0)
        .fetch_all(&self.read)
        .await?;
        for row in calls {
            let outcome: String = col(&row, "outcome")?;
            let note: String = col(&row, "note")?;
            participation.push(Participation {
                what: "call".into(),
                title: col(&row, "name")?,
                at: Timestamp(col(&row, "called_at")?),
                detail: if note.is_empty() {
                    outcome
                } else {
                    format!("{outcome}: {note}")
                },
            });
        }
        // Mailings sent to them, with whether the message bounced or they unsubscribed.
        for mail in self.mails_of(id).await? {
            let mut detail = mail.state.clone();
            if mail.unsubscribed_at.is_some() {
                detail.push_str(", unsubscribed");
            }
            participation.push(Participation {
                what: "mail".into(),
                title: mail.name,
                at: mail.sent_at.or(mail.bounced_at).unwrap_or(Timestamp(0)),
                detail,
            });
        }
        // Follow-up tasks about them, with what was noted when they were done.
        for task in self.tasks_of(id).await? {
            participation.push(Participation {
                what: "task".into(),
                title: task.title,
                at: task.created_at,
                detail: match task.done_at {
                    Some(_) if task.note.is_empty() => "done".to_owned(),
                    Some(_) => format!("done: {}", task.note),
                    None => "open".to_owned(),
                },
            });
        }
        // Moves to or from another organization of the movement (youth wing → party).
        for m in self.organization_moves(id).await? {
            let outgoing = m.from_person == Some(id);
            let other = self
                .unit(if outgoing { m.to_unit } else { m.from_unit })
                .await?;
            participation.push(Participation {
                what: "organization".into(),
                title: other.name.as_str().to_owned(),
                at: m.at,
                detail: if outgoing {
                    "joined".into()
                } else {
                    "came from".into()
                },
            });
        }
        // Festival tickets they ordered (linked, or under their address).
        let email = record.person.email.as_ref().map(|e| e.as_str().to_owned());
        let org = record.unit_path.organization();
        for o in crate::festival_loop::orders_of(&self.read, &self.keys, id, email.as_deref(), &org)
            .await?
        {
            participation.push(Participation {
                what: "festival order".into(),
                title: o.festival,
                at: o.created_at,
                detail: format!(
                    "order {}, {}, € {}.{:02}, postcode {}",
                    o.id,
                    o.status,
                    o.total_cents / 100,
                    o.total_cents % 100,
                    o.postcode
                ),
            });
        }
        let audit = self.audit_events(Some(id), 1000).await?;
        Ok(Dossier {
            consents: self.consents(id).await?,
            ladder: self.stage_history(id).await?,
            record,
            responses,
            participation,
            audit,
        })
    }

    /// Erases a person: their responses stay for the counts but lose the link and every
    /// free-text answer; their signatures stay counted without name, address or postcode (also
    /// those given without consent under the same address); public RSVPs under their address
    /// still waiting for the mailed link are deleted; RSVPs, meetings, projects, consents,
    /// tags and ladder history go with the record; places freed go to the waiting list. All in
    /// one transaction, with an audit entry that keeps only the record's number.
    pub async fn erase_person(&self, id: PersonId, mut audit: AuditEvent) -> StoreResult<Erasure> {
        let lock = self.lock_rows();
        let mut tx = self.begin_write().await?;
        let email: Option<Option<String>> =
            sqlx::query_scalar(&format!("SELECT email FROM people WHERE id = $1{lock}"))
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(email) = email else {
            return Err(StoreError::NotFound("person"));
        };
        let email = self.keys.open_opt("people.email", email.as_deref())?;
        let mut done = Erasure::default();
        // Photos, recordings and files sent with their responses go entirely.
        let removed = sqlx::query(
            "DELETE FROM attachments WHERE response_id IN \
             (SELECT id FROM responses WHERE person_id = $1)",
        )
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        done.attachments_removed = removed.rows_affected();
        // The themes their free-text answers were given go with the answers.
        sqlx::query(
            "DELETE FROM theme_assignments WHERE response_id IN \
             (SELECT id FROM responses WHERE person_id = $1)",
        )
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        // Responses: drop the answers to free-text questions, then the link.
        let rows = sqlx::query(
            "SELECT id, survey_id, version, answers FROM responses WHERE person_id = $1",
        )
        .bind(id.0)
        .fetch_all(&mut *tx)
        .await?;
        let mut texts: HashMap<(i64, i64), Vec<String>> = HashMap::new();
        let mut surveys = BTreeSet::new();
        for row in &rows {
            let (survey, version): (i64, i64) = (col(row, "survey_id")?, col(row, "version")?);
            if let std::collections::hash_map::Entry::Vacant(slot) = texts.entry((survey, version))
            {
                let def = self
                    .survey_version(SurveyId(survey), version)
                    .await?
                    .definition;
                // Answers that can name or place someone: free text, places, barcodes, files,
                // and what the phone filled in about the device and account.
                slot.insert(
                    def.questions
                        .iter()
                        .filter(|q| {
                            matches!(
                                q.kind,
                                QuestionKind::Text { .. }
                                    | QuestionKind::Geopoint
                                    | QuestionKind::Geotrace
                                    | QuestionKind::Geoshape
                                    | QuestionKind::Barcode
                                    | QuestionKind::Media { .. }
                                    | QuestionKind::Metadata { .. }
                            )
                        })
                        .map(|q| q.key())
                        .collect(),
                );
            }
            let answers: String = col(row, "answers")?;
            let answers = self.keys.open_cow("responses.answers", &answers)?;
            let mut answers: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&answers)
                    .map_err(|e| StoreError::Corrupt(format!("answers: {e}")))?;
            for key in texts.get(&(survey, version)).into_iter().flatten() {
                done.texts_removed += remove_everywhere(&mut answers, key);
            }
            let answers = serde_json::to_string(&answers)
                .map_err(|e| StoreError::Corrupt(format!("answers: {e}")))?;
            let rid: String = col(row, "id")?;
            sqlx::query("UPDATE responses SET answers = $1, person_id = NULL WHERE id = $2")
                .bind(answers)
                .bind(rid)
                .execute(&mut *tx)
                .await?;
            done.responses_unlinked += 1;
            surveys.insert(survey);
        }
        for survey in surveys {
            sqlx::query("UPDATE surveys SET rewritten = rewritten + 1 WHERE id = $1")
                .bind(survey)
                .execute(&mut *tx)
                .await?;
        }
        // Signatures: counted still, identifying nothing.
        let keys = email
            .as_deref()
            .map(|e| self.keys.lookups("signature email", &email_key(e)))
            .unwrap_or_default();
        let sql = format!(
            "UPDATE signatures SET name = '', email = '', postcode = '', person_id = NULL, \
             email_key = 'erased:' || CAST(id AS TEXT), name_key = 'erased:' || CAST(id AS TEXT) \
             WHERE person_id = $1{}",
            if keys.is_empty() {
                String::new()
            } else {
                format!(" OR email_key IN ({})", crate::placeholders(2, keys.len()))
            }
        );
        let anonymised = keys
            .iter()
            .fold(sqlx::query(&sql).bind(id.0), |q, k| q.bind(k.as_str()))
            .execute(&mut *tx)
            .await?;
        done.signatures_anonymised = anonymised.rows_affected();
        // Answers on a public RSVP page under their address, waiting for the mailed link.
        let pending = crate::confirmations::pending_lookups(self, email.as_deref());
        if !pending.is_empty() {
            let sql = format!(
                "DELETE FROM rsvp_confirmations WHERE email_index IN ({})",
                crate::placeholders(1, pending.len())
            );
            pending
                .iter()
                .fold(sqlx::query(&sql), |q, k| q.bind(k.as_str()))
                .execute(&mut *tx)
                .await?;
        }
        // Festival orders: kept for the sales and payments, identifying nobody.
        let path: String = sqlx::query_scalar(
            "SELECT u.path FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = $1",
        )
        .bind(id.0)
        .fetch_one(&mut *tx)
        .await?;
        let org = enquete_domain::org::UnitPath::from_stored(&path)
            .ok_or_else(|| StoreError::Corrupt(format!("unit path {path}")))?
            .organization();
        let orders =
            crate::festival_loop::orders_of(&mut *tx, &self.keys, id, email.as_deref(), &org)
                .await?;
        done.festival_orders_anonymised =
            crate::festival_loop::anonymise_orders(&mut tx, &orders).await?;
        // RSVPs: removed; the places counted again.
        let actions: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT action_id FROM rsvps WHERE person_id = $1 ORDER BY action_id",
        )
        .bind(id.0)
        .fetch_all(&mut *tx)
        .await?;
        let removed = sqlx::query("DELETE FROM rsvps WHERE person_id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        done.rsvps_removed = removed.rows_affected();
        for action in actions.into_iter().map(ActionId) {
            crate::actions::recount_places(&mut tx, lock, action).await?;
        }
        for table in [
            "call_targets",
            "call_log",
            "mailing_recipients",
            "tasks",
            "follow_up_done",
            "webhook_deliveries",
            "meeting_attendance",
            "project_volunteers",
            "person_tags",
            "consents",
            "stage_changes",
            "training_completions",
            "position_terms",
            "person_profiles",
            "workplace_people",
            "support_assessments",
        ] {
            sqlx::query(&format!("DELETE FROM {table} WHERE person_id = $1"))
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE training_sessions SET trainer_id = NULL WHERE trainer_id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM people WHERE id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        audit.person = Some(id);
        audit.detail = format!(
            "{}{}responses unlinked {}, free-text answers removed {}, files removed {}, signatures anonymised {}, RSVPs removed {}, festival orders anonymised {}",
            audit.detail,
            if audit.detail.is_empty() { "" } else { ": " },
            done.responses_unlinked,
            done.texts_removed,
            done.attachments_removed,
            done.signatures_anonymised,
            done.rsvps_removed,
            done.festival_orders_anonymised
        );
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(done)
    }

    /// Contacts (the first rung: never sympathisers, members or above) with no sign of life since
    /// `before`: not changed, moved, asked for consent, at an action, answering an enquête or
    /// signing since then. Oldest activity first, at most `limit`, with their last activity.
    pub async fn inactive_contacts(
        &self,
        before: Timestamp,
        limit: u32,
    ) -> StoreResult<Vec<(PersonId, Timestamp)>> {
        let rows = sqlx::query(
            "SELECT p.id AS id, p.updated_at AS updated_at, \
             (SELECT MAX(s.at) FROM stage_changes s WHERE s.person_id = p.id) AS s_at, \
             (SELECT MAX(c.at) FROM consents c WHERE c.person_id = p.id) AS c_at, \
             (SELECT MAX(COALESCE(r.attended_at, r.created_at)) FROM rsvps r WHERE r.person_id = p.id) AS r_at, \
             (SELECT MAX(x.collected_at) FROM responses x WHERE x.person_id = p.id) AS x_at, \
             (SELECT MAX(g.signed_at) FROM signatures g WHERE g.person_id = p.id) AS g_at, \
             (SELECT MAX(m.held_at) FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id \
              WHERE a.person_id = p.id) AS m_at \
             FROM people p WHERE p.stage = 'contact' AND p.updated_at < $1",
        )
        .bind(before.0)
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::new();
        for row in &rows {
            let mut last: i64 = col(row, "updated_at")?;
            for c in ["s_at", "c_at", "r_at", "x_at", "g_at", "m_at"] {
                if let Some(at) = col::<Option<i64>>(row, c)? {
                    last = last.max(at);
                }
            }
            if last < before.0 {
                out.push((PersonId(col(row, "id")?), Timestamp(last)));
            }
        }
        out.sort_by_key(|(id, at)| (*at, id.0));
        out.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(out)
    }
}

/// Removes `key` from answers and from every row of their repeats; how many were removed.
fn remove_everywhere(answers: &mut serde_json::Map<String, serde_json::Value>, key: &str) -> u64 {
    let mut removed = u64::from(answers.remove(key).is_some());
    for value in answers.values_mut() {
        if let serde_json::Value::Array(rows) = value {
            for row in rows {
                if let serde_json::Value::Object(row) = row {
                    removed += remove_everywhere(row, key);
                }
            }
        }
    }
    removed
}
