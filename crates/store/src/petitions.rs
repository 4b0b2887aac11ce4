//! Petitions and calls: a public signature page per petition, one signature per mailbox, and
//! the signers who agreed to be contacted added to the people of their section.

use crate::campaigns::{to_i64, to_u64};
use crate::people::{insert_person, person_by_email_below};
use crate::{Store, StoreError, StoreResult, col, subtree_range};
use enquete_domain::campaign::{
    CampaignId, PetitionDraft, PetitionId, SignatureId, SignatureInput,
};
use enquete_domain::people::{
    ConsentPurpose, ConsentSource, Language, NewConsent, PersonDetails, PersonId, PersonName,
};
use enquete_domain::survey::Labels;
use enquete_domain::{
    FieldError, Timestamp,
    account::UserId,
    org::{UnitId, UnitKind, UnitPath},
};
use serde::Serialize;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, Serialize)]
pub struct PetitionRecord {
    pub id: PetitionId,
    pub campaign: Option<CampaignId>,
    pub unit: UnitId,
    pub unit_path: UnitPath,
    pub unit_name: String,
    pub token: String,
    pub title: Labels,
    pub body: Labels,
    pub addressee: Labels,
    pub goal: u64,
    pub signatures: u64,
    pub created_at: Timestamp,
    pub closed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignatureRecord {
    pub id: SignatureId,
    pub name: String,
    pub email: String,
    pub postcode: String,
    pub language: String,
    pub may_contact: bool,
    pub unit_name: String,
    pub person: Option<PersonId>,
    pub signed_at: Timestamp,
    /// Another signature has the same name and postcode under another address.
    pub possible_double: bool,
}

/// What signing came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SignOutcome {
    /// A new signature; the count now.
    Signed(u64),
    /// This mailbox had signed already; nothing was added.
    AlreadySigned(u64),
}

const PETITION_COLUMNS: &str = "p.id, p.campaign_id, p.unit_id, p.token, p.title, p.body, p.addressee, \
     p.goal, p.created_at, p.closed_at, u.path AS unit_path, u.name AS unit_name, \
     (SELECT COUNT(*) FROM signatures s WHERE s.petition_id = p.id) AS signatures";

fn labels(raw: &str, what: &str) -> StoreResult<Labels> {
    serde_json::from_str(raw).map_err(|e| StoreError::Corrupt(format!("petition {what}: {e}")))
}

/// The addressee: by language (JSON, as the title), or, for petitions opened before it could
/// be written per language, one text for every language.
fn addressee(raw: &str) -> StoreResult<Labels> {
    if raw.trim_start().starts_with('{') {
        labels(raw, "addressee")
    } else {
        let mut one = Labels::default();
        one.0.insert("en".to_owned(), raw.to_owned());
        Ok(one)
    }
}

fn petition_from_row(row: &AnyRow) -> StoreResult<PetitionRecord> {
    Ok(PetitionRecord {
        id: PetitionId(col(row, "id")?),
        campaign: col::<Option<i64>>(row, "campaign_id")?.map(CampaignId),
        unit: UnitId(col(row, "unit_id")?),
        unit_path: crate::path_col(row, "unit_path")?,
        unit_name: col(row, "unit_name")?,
        token: col(row, "token")?,
        title: labels(&col::<String>(row, "title")?, "title")?,
        body: labels(&col::<String>(row, "body")?, "text")?,
        addressee: addressee(&col::<String>(row, "addressee")?)?,
        goal: to_u64(col(row, "goal")?),
        signatures: to_u64(col(row, "signatures")?),
        created_at: Timestamp(col(row, "created_at")?),
        closed: col::<Option<i64>>(row, "closed_at")?.is_some(),
    })
}

impl Store {
    pub async fn create_petition(
        &self,
        unit: UnitId,
        campaign: Option<CampaignId>,
        draft: &PetitionDraft,
        token: &str,
        by: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<PetitionRecord> {
        let title = serde_json::to_string(&draft.title)
            .map_err(|e| StoreError::Corrupt(format!("petition title: {e}")))?;
        let body = serde_json::to_string(&draft.text)
            .map_err(|e| StoreError::Corrupt(format!("petition text: {e}")))?;
        let addressee = serde_json::to_string(&draft.addressee)
            .map_err(|e| StoreError::Corrupt(format!("petition addressee: {e}")))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO petitions (campaign_id, unit_id, token, title, body, addressee, goal, \
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(campaign.map(|c| c.0))
        .bind(unit.0)
        .bind(token)
        .bind(title)
        .bind(body)
        .bind(addressee)
        .bind(to_i64(draft.goal))
        .bind(by.map(|u| u.0))
        .bind(now.0)
        .fetch_one(&self.write)
        .await?;
        self.petition(PetitionId(id)).await
    }

    pub async fn petition(&self, id: PetitionId) -> StoreResult<PetitionRecord> {
        let row = sqlx::query(&format!(
            "SELECT {PETITION_COLUMNS} FROM petitions p JOIN units u ON u.id = p.unit_id WHERE p.id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("petition"))?;
        petition_from_row(&row)
    }

    pub async fn petition_by_token(&self, token: &str) -> StoreResult<PetitionRecord> {
        let row = sqlx::query(&format!(
            "SELECT {PETITION_COLUMNS} FROM petitions p JOIN units u ON u.id = p.unit_id WHERE p.token = $1"
        ))
        .bind(token)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("petition"))?;
        petition_from_row(&row)
    }

    /// Petitions of a subtree and those rooted above it (a national call is signed everywhere).
    pub async fn petitions_reaching(&self, path: &UnitPath) -> StoreResult<Vec<PetitionRecord>> {
        let (cond, params) = crate::reaching("u.path", path.as_str(), 1);
        let sql = format!(
            "SELECT {PETITION_COLUMNS} FROM petitions p JOIN units u ON u.id = p.unit_id \
             WHERE {cond} ORDER BY p.created_at DESC, p.id DESC LIMIT 500"
        );
        let mut query = sqlx::query(&sql);
        for p in &params {
            query = query.bind(p.as_str());
        }
        let rows = query.fetch_all(&self.read).await?;
        rows.iter().map(petition_from_row).collect()
    }

    /// How many have signed.
    pub async fn signature_count(&self, petition: PetitionId) -> StoreResult<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM signatures WHERE petition_id = $1")
            .bind(petition.0)
            .fetch_one(&self.read)
            .await?;
        Ok(to_u64(n))
    }

    /// How many signatures are credited to units of a subtree.
    pub async fn signature_count_in(
        &self,
        petition: PetitionId,
        root: &UnitPath,
    ) -> StoreResult<u64> {
        let (lo, hi) = subtree_range(root.as_str());
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM signatures s JOIN units u ON u.id = s.unit_id \
             WHERE s.petition_id = $1 AND u.path >= $2 AND u.path < $3",
        )
        .bind(petition.0)
        .bind(lo)
        .bind(hi)
        .fetch_one(&self.read)
        .await?;
        Ok(to_u64(n))
    }

    /// Adds a signature credited to `unit`, unless the same mailbox signed before. A signer who
    /// agreed to be contacted is added as a contact of `unit` when it is a section, with the
    /// consent and where it was given, unless someone below the petition's unit already has this
    /// address: the address is not verified, so that record is left alone and not linked.
    pub async fn sign(
        &self,
        petition: &PetitionRecord,
        unit: UnitId,
        input: &SignatureInput,
        language: Language,
        now: Timestamp,
    ) -> StoreResult<SignOutcome> {
        if petition.closed {
            return Err(FieldError::new("petition", "error-petition-closed").into());
        }
        let mut tx = self.begin_write().await?;
        // The mailbox and the name with postcode, as blind indexes (see crate::crypto).
        let lookups = self.keys.lookups("signature email", &input.email_key());
        let key = self.keys.index("signature email", &input.email_key());
        let name_key = self.keys.index("signature name", &input.name_key());
        let sql = format!(
            "SELECT id FROM signatures WHERE petition_id = $1 AND email_key IN ({}) LIMIT 1",
            crate::placeholders(2, lookups.len())
        );
        let seen: Option<i64> = lookups
            .iter()
            .fold(sqlx::query_scalar(&sql).bind(petition.id.0), |q, l| {
                q.bind(l.as_str())
            })
            .fetch_optional(&mut *tx)
            .await?;
        if seen.is_some() {
            drop(tx);
            return Ok(SignOutcome::AlreadySigned(
                self.signature_count(petition.id).await?,
            ));
        }
        // The address is not verified, so a signature never reaches an existing record: a signer
        // already known by this address below the petition's unit is not linked to it (the
        // signature keeps their consent to be contacted, for an organizer to act on); anyone else
        // who agreed becomes a contact of the section, with the consent (security issue 13,
        // finding 7).
        let mut person: Option<i64> = None;
        if input.may_contact {
            let known = person_by_email_below(
                &mut tx,
                &self.keys,
                input.email.as_str(),
                petition.unit_path.as_str(),
            )
            .await?;
            if known.is_none() {
                let kind: Option<String> = sqlx::query_scalar(
                    "SELECT kind FROM units WHERE id = $1 AND archived_at IS NULL",
                )
                .bind(unit.0)
                .fetch_optional(&mut *tx)
                .await?;
                let is_section = kind
                    .as_deref()
                    .and_then(|k| UnitKind::parse(k).ok())
                    .is_some_and(|k| k.is_section());
                if is_section {
                    let source = ConsentSource::petition(petition.title.get(language))?;
                    let consent = NewConsent {
                        purpose: ConsentPurpose::Contact,
                        granted: true,
                        source,
                    };
                    let details = PersonDetails {
                        name: PersonName::parse(&input.name)?,
                        email: Some(input.email.clone()),
                        phone: None,
                        address: None,
                        languages: vec![language],
                        tags: Vec::new(),
                        youth_wing: false,
                        workplace: None,
                        notes: None,
                    };
                    person = Some(
                        insert_person(&mut tx, &self.keys, unit, &details, &[consent], None, now)
                            .await?
                            .0,
                    );
                }
            }
        }
        let inserted = sqlx::query(
            "INSERT INTO signatures (petition_id, unit_id, name, email, email_key, name_key, postcode, \
             language, may_contact, person_id, signed_at, key_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(petition.id.0)
        .bind(unit.0)
        .bind(self.keys.seal("signatures.name", input.name.as_str())?)
        .bind(self.keys.seal("signatures.email", input.email.as_str())?)
        .bind(key.as_str())
        .bind(name_key)
        .bind(self.keys.seal("signatures.postcode", input.postcode.as_str())?)
        .bind(language.code())
        .bind(i64::from(input.may_contact))
        .bind(person)
        .bind(now.0)
        .bind(self.keys.current_id())
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            // Two tabs signing at the very same moment: the second is a double.
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                drop(tx);
                return Ok(SignOutcome::AlreadySigned(
                    self.signature_count(petition.id).await?,
                ));
            }
            Err(e) => return Err(e.into()),
        }
        tx.commit().await?;
        Ok(SignOutcome::Signed(
            self.signature_count(petition.id).await?,
        ))
    }

    /// Signatures, newest first, with possible doubles marked. `root` limits them to the
    /// signatures credited to a subtree.
    pub async fn signatures(
        &self,
        petition: PetitionId,
        root: &UnitPath,
        limit: u32,
    ) -> StoreResult<Vec<SignatureRecord>> {
        let (lo, hi) = subtree_range(root.as_str());
        let rows = sqlx::query(
            "SELECT s.id, s.name, s.email, s.postcode, s.language, s.may_contact, s.person_id, \
             s.signed_at, u.name AS unit_name, (SELECT COUNT(*) FROM signatures t WHERE \
             t.petition_id = s.petition_id AND t.name_key = s.name_key) AS same_name \
             FROM signatures s JOIN units u ON u.id = s.unit_id \
             WHERE s.petition_id = $1 AND u.path >= $2 AND u.path < $3 \
             ORDER BY s.signed_at DESC, s.id DESC LIMIT $4",
        )
        .bind(petition.0)
        .bind(lo)
        .bind(hi)
        .bind(i64::from(limit))
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(SignatureRecord {
                    id: SignatureId(col(row, "id")?),
                    name: self
                        .keys
                        .open("signatures.name", &col::<String>(row, "name")?)?,
                    email: self
                        .keys
                        .open("signatures.email", &col::<String>(row, "email")?)?,
                    postcode: self
                        .keys
                        .open("signatures.postcode", &col::<String>(row, "postcode")?)?,
                    language: col(row, "language")?,
                    may_contact: col::<i64>(row, "may_contact")? != 0,
                    unit_name: col(row, "unit_name")?,
                    person: col::<Option<i64>>(row, "person_id")?.map(PersonId),
                    signed_at: Timestamp(col(row, "signed_at")?),
                    possible_double: col::<i64>(row, "same_name")? > 1,
                })
            })
            .collect()
    }
}
