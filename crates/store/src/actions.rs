//! Actions and events: RSVPs with a capacity and a waiting list, buses with seats, check-in,
//! and the ladder rules that turn attendance into steps up.
//!
//! Every change to an action's RSVPs first locks the action's row (`FOR UPDATE` on PostgreSQL;
//! SQLite's single writer does the same), so places and seats are decided one at a time: an
//! action with 150 places never confirms a 151st person, however many answer at once.

use crate::audit::write_audit;
use crate::campaigns::{to_i64, to_u64};
use crate::people::{insert_person, move_stage_in, person_by_email_below};
use crate::{AuditEvent, Store, StoreError, StoreResult, col, subtree_range};
use enquete_domain::campaign::{
    ActionDraft, ActionId, BusId, CampaignId, LadderRule, RsvpId, RsvpStatus, stage_after_attending,
};
use enquete_domain::people::{
    ConsentPurpose, ConsentSource, MoveReason, NewConsent, PersonDetails, PersonId, Stage,
};
use enquete_domain::{
    FieldError, Timestamp,
    account::UserId,
    org::{UnitId, UnitPath},
};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

#[derive(Debug, Clone, Serialize)]
pub struct ActionRecord {
    pub id: ActionId,
    pub campaign: Option<CampaignId>,
    pub unit: UnitId,
    pub unit_path: UnitPath,
    pub unit_name: String,
    pub title: String,
    pub description: String,
    pub place: String,
    pub starts_at: Timestamp,
    pub capacity: Option<u64>,
    pub confirmed: u64,
    pub waiting: u64,
    pub attended: u64,
    pub token: String,
    pub cancelled: bool,
    /// Shown in the public calendar feeds of its units.
    pub public: bool,
    /// Raised with each change a calendar must pick up (iCalendar SEQUENCE).
    pub sequence: i64,
}

impl ActionRecord {
    /// Places still free; `None` when there is no limit.
    pub fn places_left(&self) -> Option<u64> {
        self.capacity.map(|c| c.saturating_sub(self.confirmed))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RsvpRecord {
    pub id: RsvpId,
    pub person: PersonId,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub stage: String,
    /// Where the person belongs, for scoping who may see them.
    pub unit_path: UnitPath,
    pub status: RsvpStatus,
    pub wants_transport: bool,
    pub bus: Option<BusId>,
    pub created_at: Timestamp,
    pub attended_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bus {
    pub id: BusId,
    pub label: String,
    pub seats: u64,
    pub riders: u64,
}

/// What an RSVP came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RsvpOutcome {
    pub id: RsvpId,
    pub person: PersonId,
    pub status: RsvpStatus,
    pub bus: Option<BusId>,
    /// The person had already answered; nothing changed.
    pub already: bool,
}

/// What a check-in came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CheckInOutcome {
    pub person: PersonId,
    /// Actions this person has now attended, this one included.
    pub attended: u64,
    /// The stage the ladder rules moved them to, if they moved.
    pub moved_to: Option<Stage>,
    /// They had already been checked in; nothing changed.
    pub already: bool,
}

pub(crate) const ACTION_COLUMNS: &str = "a.id, a.campaign_id, a.unit_id, a.title, a.description, a.place, \
     a.starts_at, a.capacity, a.confirmed, a.token, a.cancelled_at, a.public, a.sequence, u.path AS unit_path, u.name AS unit_name, \
     (SELECT COUNT(*) FROM rsvps r WHERE r.action_id = a.id AND r.status = 'waiting') AS waiting, \
     (SELECT COUNT(*) FROM rsvps r WHERE r.action_id = a.id AND r.attended_at IS NOT NULL) AS attended";

pub(crate) fn action_from_row(row: &AnyRow) -> StoreResult<ActionRecord> {
    Ok(ActionRecord {
        id: ActionId(col(row, "id")?),
        campaign: col::<Option<i64>>(row, "campaign_id")?.map(CampaignId),
        unit: UnitId(col(row, "unit_id")?),
        unit_path: crate::path_col(row, "unit_path")?,
        unit_name: col(row, "unit_name")?,
        title: col(row, "title")?,
        description: col(row, "description")?,
        place: col(row, "place")?,
        starts_at: Timestamp(col(row, "starts_at")?),
        capacity: col::<Option<i64>>(row, "capacity")?.map(to_u64),
        confirmed: to_u64(col(row, "confirmed")?),
        waiting: to_u64(col(row, "waiting")?),
        attended: to_u64(col(row, "attended")?),
        token: col(row, "token")?,
        cancelled: col::<Option<i64>>(row, "cancelled_at")?.is_some(),
        public: col::<i64>(row, "public")? != 0,
        sequence: col(row, "sequence")?,
    })
}

/// Locks the action's row and reads what deciding a place needs.
pub(crate) async fn lock_action(
    tx: &mut Transaction<'_, Any>,
    lock: &str,
    action: ActionId,
) -> StoreResult<(Option<u64>, u64, String)> {
    let row = sqlx::query(&format!(
        "SELECT capacity, confirmed, title, cancelled_at FROM actions WHERE id = $1{lock}"
    ))
    .bind(action.0)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(StoreError::NotFound("action"))?;
    if col::<Option<i64>>(&row, "cancelled_at")?.is_some() {
        return Err(FieldError::new("action", "error-action-cancelled").into());
    }
    Ok((
        col::<Option<i64>>(&row, "capacity")?.map(to_u64),
        to_u64(col(&row, "confirmed")?),
        col(&row, "title")?,
    ))
}

/// The first bus of the action with a free seat.
async fn free_bus(tx: &mut Transaction<'_, Any>, action: ActionId) -> StoreResult<Option<BusId>> {
    let bus: Option<i64> = sqlx::query_scalar(
        "SELECT b.id FROM action_buses b WHERE b.action_id = $1 AND b.seats > \
         (SELECT COUNT(*) FROM rsvps r WHERE r.bus_id = b.id AND r.status = 'confirmed') \
         ORDER BY b.id LIMIT 1",
    )
    .bind(action.0)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(bus.map(BusId))
}

/// Gives free seats to confirmed people who asked for transport and have none yet, first come
/// first served.
async fn seat_waiting_riders(tx: &mut Transaction<'_, Any>, action: ActionId) -> StoreResult<()> {
    let waiting: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM rsvps WHERE action_id = $1 AND status = 'confirmed' \
         AND wants_transport = 1 AND bus_id IS NULL ORDER BY id",
    )
    .bind(action.0)
    .fetch_all(&mut **tx)
    .await?;
    for rsvp in waiting.into_iter().map(RsvpId) {
        let Some(bus) = free_bus(tx, action).await? else {
            break;
        };
        sqlx::query("UPDATE rsvps SET bus_id = $1 WHERE id = $2")
            .bind(bus.0)
            .bind(rsvp.0)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Confirms the people longest on the waiting list while places are free.
async fn promote_waiting(
    tx: &mut Transaction<'_, Any>,
    action: ActionId,
    capacity: Option<u64>,
    mut confirmed: u64,
) -> StoreResult<()> {
    loop {
        if capacity.is_some_and(|c| confirmed >= c) {
            break;
        }
        let next: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM rsvps WHERE action_id = $1 AND status = 'waiting' ORDER BY id LIMIT 1",
        )
        .bind(action.0)
        .fetch_optional(&mut **tx)
        .await?;
        let Some(next) = next.map(RsvpId) else { break };
        sqlx::query("UPDATE rsvps SET status = 'confirmed' WHERE id = $1")
            .bind(next.0)
            .execute(&mut **tx)
            .await?;
        confirmed += 1;
    }
    sqlx::query("UPDATE actions SET confirmed = $1 WHERE id = $2")
        .bind(to_i64(confirmed))
        .bind(action.0)
        .execute(&mut **tx)
        .await?;
    seat_waiting_riders(tx, action).await
}

/// Counts an action's confirmed places again from its RSVPs (after RSVPs were moved or removed
/// with a person), under the action's row lock, and gives places freed to the first waiting.
pub(crate) async fn recount_places(
    tx: &mut Transaction<'_, Any>,
    lock: &str,
    action: ActionId,
) -> StoreResult<()> {
    let row = sqlx::query(&format!(
        "SELECT capacity, cancelled_at FROM actions WHERE id = $1{lock}"
    ))
    .bind(action.0)
    .fetch_one(&mut **tx)
    .await?;
    let confirmed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM rsvps WHERE action_id = $1 AND status = 'confirmed'",
    )
    .bind(action.0)
    .fetch_one(&mut **tx)
    .await?;
    let capacity = col::<Option<i64>>(&row, "capacity")?.map(to_u64);
    if col::<Option<i64>>(&row, "cancelled_at")?.is_none() {
        promote_waiting(tx, action, capacity, to_u64(confirmed)).await
    } else {
        sqlx::query("UPDATE actions SET confirmed = $1 WHERE id = $2")
            .bind(confirmed)
            .bind(action.0)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}

/// Takes an RSVP inside a transaction that has locked the action.
async fn rsvp_in(
    tx: &mut Transaction<'_, Any>,
    lock: &str,
    action: ActionId,
    person: PersonId,
    wants_transport: bool,
    source: &str,
    now: Timestamp,
) -> StoreResult<RsvpOutcome> {
    let (capacity, confirmed, _) = lock_action(tx, lock, action).await?;
    let existing =
        sqlx::query("SELECT id, status, bus_id FROM rsvps WHERE action_id = $1 AND person_id = $2")
            .bind(action.0)
            .bind(person.0)
            .fetch_optional(&mut **tx)
            .await?;
    let has_room = capacity.is_none_or(|c| confirmed < c);
    let status = if has_room {
        RsvpStatus::Confirmed
    } else {
        RsvpStatus::Waiting
    };
    let id = match existing {
        Some(row) => {
            let status_now: String = col(&row, "status")?;
            let status_now = RsvpStatus::parse(&status_now)
                .map_err(|_| StoreError::Corrupt(format!("rsvp status {status_now}")))?;
            let id = RsvpId(col(&row, "id")?);
            if status_now != RsvpStatus::Cancelled {
                return Ok(RsvpOutcome {
                    id,
                    person,
                    status: status_now,
                    bus: col::<Option<i64>>(&row, "bus_id")?.map(BusId),
                    already: true,
                });
            }
            sqlx::query(
                "UPDATE rsvps SET status = $1, wants_transport = $2, bus_id = NULL, created_at = $3 WHERE id = $4",
            )
            .bind(status.as_str())
            .bind(i64::from(wants_transport))
            .bind(now.0)
            .bind(id.0)
            .execute(&mut **tx)
            .await?;
            id
        }
        None => RsvpId(
            sqlx::query_scalar(
                "INSERT INTO rsvps (action_id, person_id, status, wants_transport, source, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(action.0)
            .bind(person.0)
            .bind(status.as_str())
            .bind(i64::from(wants_transport))
            .bind(source)
            .bind(now.0)
            .fetch_one(&mut **tx)
            .await?,
        ),
    };
    let mut bus = None;
    if status == RsvpStatus::Confirmed {
        sqlx::query("UPDATE actions SET confirmed = confirmed + 1 WHERE id = $1")
            .bind(action.0)
            .execute(&mut **tx)
            .await?;
        if wants_transport {
            bus = free_bus(tx, action).await?;
            if let Some(b) = bus {
                sqlx::query("UPDATE rsvps SET bus_id = $1 WHERE id = $2")
                    .bind(b.0)
                    .bind(id.0)
                    .execute(&mut **tx)
                    .await?;
            }
        }
    }
    Ok(RsvpOutcome {
        id,
        person,
        status,
        bus,
        already: false,
    })
}

/// An answer on the public RSVP page, as typed (validated).
pub(crate) struct PublicAnswer<'a> {
    pub action: ActionId,
    pub section: UnitId,
    pub details: &'a PersonDetails,
    pub may_contact: bool,
    pub wants_transport: bool,
}

/// Whose record a public answer may reach.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Always a new contact (the address, if any, is not verified).
    NewContact,
    /// Someone known by the e-mail address below the action's unit, else a new contact: only
    /// once the mailbox owner has opened the link sent to that address.
    KnownByVerifiedEmail,
}

/// Takes a public RSVP inside a write transaction: the person (known, with [`Reach`]'s leave,
/// or added as a contact of the section with the consent to be contacted if given), then the
/// place, under the action's lock.
pub(crate) async fn public_rsvp_in(
    tx: &mut Transaction<'_, Any>,
    store: &Store,
    answer: PublicAnswer<'_>,
    reach: Reach,
    now: Timestamp,
) -> StoreResult<RsvpOutcome> {
    let row = sqlx::query(
        "SELECT u.path AS path, a.title AS title FROM actions a JOIN units u ON u.id = a.unit_id \
         WHERE a.id = $1",
    )
    .bind(answer.action.0)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(StoreError::NotFound("action"))?;
    let path: String = col(&row, "path")?;
    let title: String = col(&row, "title")?;
    // Someone known by this (verified) address in the action's part of the tree gets the RSVP
    // on their record, and nothing else of theirs changes; records elsewhere are never reached
    // from a public page: a new contact is made instead.
    let known = match (reach, &answer.details.email) {
        (Reach::KnownByVerifiedEmail, Some(email)) => {
            person_by_email_below(tx, &store.keys, email.as_str(), &path).await?
        }
        _ => None,
    };
    let person = match known {
        Some(id) => id,
        None => {
            let consents = if answer.may_contact {
                vec![NewConsent {
                    purpose: ConsentPurpose::Contact,
                    granted: true,
                    source: ConsentSource::rsvp(&title)?,
                }]
            } else {
                Vec::new()
            };
            insert_person(
                tx,
                &store.keys,
                answer.section,
                answer.details,
                &consents,
                None,
                now,
            )
            .await?
        }
    };
    rsvp_in(
        tx,
        store.lock_rows(),
        answer.action,
        person,
        answer.wants_transport,
        "public page",
        now,
    )
    .await
}

impl Store {
    pub async fn create_action(
        &self,
        unit: UnitId,
        campaign: Option<CampaignId>,
        draft: &ActionDraft,
        token: &str,
        by: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<ActionRecord> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO actions (campaign_id, unit_id, title, description, place, starts_at, \
             capacity, token, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             RETURNING id",
        )
        .bind(campaign.map(|c| c.0))
        .bind(unit.0)
        .bind(draft.title.as_str())
        .bind(draft.description.as_str())
        .bind(draft.place.as_str())
        .bind(draft.starts_at.0)
        .bind(draft.capacity.map(i64::from))
        .bind(token)
        .bind(by.map(|u| u.0))
        .bind(now.0)
        .fetch_one(&self.write)
        .await?;
        self.action(ActionId(id)).await
    }

    pub async fn action(&self, id: ActionId) -> StoreResult<ActionRecord> {
        let row = sqlx::query(&format!(
            "SELECT {ACTION_COLUMNS} FROM actions a JOIN units u ON u.id = a.unit_id WHERE a.id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("action"))?;
        action_from_row(&row)
    }

    pub async fn action_by_token(&self, token: &str) -> StoreResult<ActionRecord> {
        let row = sqlx::query(&format!(
            "SELECT {ACTION_COLUMNS} FROM actions a JOIN units u ON u.id = a.unit_id WHERE a.token = $1"
        ))
        .bind(token)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("action"))?;
        action_from_row(&row)
    }

    /// Actions of a subtree (and, with `campaign`, of that campaign only), latest first, at most
    /// 500.
    pub async fn actions_in(
        &self,
        root: &UnitPath,
        campaign: Option<CampaignId>,
    ) -> StoreResult<Vec<ActionRecord>> {
        let (lo, hi) = subtree_range(root.as_str());
        let rows = sqlx::query(&format!(
            "SELECT {ACTION_COLUMNS} FROM actions a JOIN units u ON u.id = a.unit_id \
             WHERE u.path >= $1 AND u.path < $2 AND ($3 = 0 OR a.campaign_id = $3) \
             ORDER BY a.starts_at DESC, a.id DESC LIMIT 500"
        ))
        .bind(lo)
        .bind(hi)
        .bind(campaign.map_or(0, |c| c.0))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(action_from_row).collect()
    }

    /// Actions that reach `path`: held in its subtree or by a unit above it (a national action
    /// reaches every section). Latest first, at most 500.
    pub async fn actions_reaching(&self, path: &UnitPath) -> StoreResult<Vec<ActionRecord>> {
        let (cond, params) = crate::reaching("u.path", path.as_str(), 1);
        let sql = format!(
            "SELECT {ACTION_COLUMNS} FROM actions a JOIN units u ON u.id = a.unit_id \
             WHERE {cond} ORDER BY a.starts_at DESC, a.id DESC LIMIT 500"
        );
        let mut query = sqlx::query(&sql);
        for p in &params {
            query = query.bind(p.as_str());
        }
        let rows = query.fetch_all(&self.read).await?;
        rows.iter().map(action_from_row).collect()
    }

    /// An RSVP for a known person: confirmed while places are left, else on the waiting list.
    /// Answering twice changes nothing.
    pub async fn rsvp(
        &self,
        action: ActionId,
        person: PersonId,
        wants_transport: bool,
        source: &str,
        now: Timestamp,
    ) -> StoreResult<RsvpOutcome> {
        let mut tx = self.begin_write().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM people WHERE id = $1")
            .bind(person.0)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(FieldError::new("person_id", "error-no-person").into());
        }
        let outcome = rsvp_in(
            &mut tx,
            self.lock_rows(),
            action,
            person,
            wants_transport,
            source,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(outcome)
    }

    /// RSVPs for many people at once (a list's selection), in one transaction under the
    /// action's lock: places go in the order given, then the waiting list. `event` goes in the
    /// log of each person newly answered for; those who had already answered are left as they
    /// are (`already`). Ids that name nobody are skipped.
    pub async fn rsvp_many(
        &self,
        action: ActionId,
        people: &[PersonId],
        source: &str,
        now: Timestamp,
        event: &AuditEvent,
    ) -> StoreResult<Vec<RsvpOutcome>> {
        let mut tx = self.begin_write().await?;
        let mut outcomes = Vec::with_capacity(people.len());
        for person in people {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM people WHERE id = $1")
                .bind(person.0)
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                continue;
            }
            outcomes.push(
                rsvp_in(
                    &mut tx,
                    self.lock_rows(),
                    action,
                    *person,
                    false,
                    source,
                    now,
                )
                .await?,
            );
        }
        let new: Vec<PersonId> = outcomes
            .iter()
            .filter(|o| !o.already)
            .map(|o| o.person)
            .collect();
        crate::audit::write_audit_for(&mut tx, event, &new).await?;
        tx.commit().await?;
        Ok(outcomes)
    }

    /// An RSVP from the public page that gave no e-mail address: a new contact of `section`
    /// (with the consent to be contacted, if given) and the RSVP, in one transaction. Nobody is
    /// looked up: an answer with an address waits for the link mailed to it
    /// ([`Store::request_public_rsvp`]), and is refused here.
    pub async fn public_rsvp(
        &self,
        action: ActionId,
        section: UnitId,
        details: &PersonDetails,
        may_contact: bool,
        wants_transport: bool,
        now: Timestamp,
    ) -> StoreResult<RsvpOutcome> {
        if details.email.is_some() {
            return Err(FieldError::new("email", "error-rsvp-needs-link").into());
        }
        let mut tx = self.begin_write().await?;
        let outcome = public_rsvp_in(
            &mut tx,
            self,
            PublicAnswer {
                action,
                section,
                details,
                may_contact,
                wants_transport,
            },
            Reach::NewContact,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(outcome)
    }

    /// Cancels an RSVP; a place freed goes to the first on the waiting list.
    pub async fn cancel_rsvp(&self, action: ActionId, rsvp: RsvpId) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let (capacity, confirmed, _) = lock_action(&mut tx, self.lock_rows(), action).await?;
        let row =
            sqlx::query("SELECT status, attended_at FROM rsvps WHERE id = $1 AND action_id = $2")
                .bind(rsvp.0)
                .bind(action.0)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound("RSVP"))?;
        if col::<Option<i64>>(&row, "attended_at")?.is_some() {
            return Err(FieldError::new("rsvp", "error-rsvp-checked-in").into());
        }
        let status: String = col(&row, "status")?;
        sqlx::query("UPDATE rsvps SET status = 'cancelled', bus_id = NULL WHERE id = $1")
            .bind(rsvp.0)
            .execute(&mut *tx)
            .await?;
        let confirmed = if status == RsvpStatus::Confirmed.as_str() {
            confirmed.saturating_sub(1)
        } else {
            confirmed
        };
        promote_waiting(&mut tx, action, capacity, confirmed).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Everyone who answered, in the order they answered.
    pub async fn rsvps(&self, action: ActionId) -> StoreResult<Vec<RsvpRecord>> {
        let rows = sqlx::query(
            "SELECT r.id, r.person_id, r.status, r.wants_transport, r.bus_id, r.created_at, \
             r.attended_at, p.name, p.email, p.phone, p.stage, u.path AS unit_path FROM rsvps r \
             JOIN people p ON p.id = r.person_id JOIN units u ON u.id = p.unit_id \
             WHERE r.action_id = $1 ORDER BY r.id",
        )
        .bind(action.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                let status: String = col(row, "status")?;
                Ok(RsvpRecord {
                    unit_path: crate::path_col(row, "unit_path")?,
                    id: RsvpId(col(row, "id")?),
                    person: PersonId(col(row, "person_id")?),
                    name: self
                        .keys
                        .open("people.name", &col::<String>(row, "name")?)?,
                    email: self.keys.open_opt(
                        "people.email",
                        col::<Option<String>>(row, "email")?.as_deref(),
                    )?,
                    phone: self.keys.open_opt(
                        "people.phone",
                        col::<Option<String>>(row, "phone")?.as_deref(),
                    )?,
                    stage: col(row, "stage")?,
                    status: RsvpStatus::parse(&status)
                        .map_err(|_| StoreError::Corrupt(format!("rsvp status {status}")))?,
                    wants_transport: col::<i64>(row, "wants_transport")? != 0,
                    bus: col::<Option<i64>>(row, "bus_id")?.map(BusId),
                    created_at: Timestamp(col(row, "created_at")?),
                    attended_at: col::<Option<i64>>(row, "attended_at")?.map(Timestamp),
                })
            })
            .collect()
    }

    /// Adds a bus and seats the riders who were waiting for one.
    pub async fn add_bus(&self, action: ActionId, label: &str, seats: u32) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        lock_action(&mut tx, self.lock_rows(), action).await?;
        sqlx::query("INSERT INTO action_buses (action_id, label, seats) VALUES ($1, $2, $3)")
            .bind(action.0)
            .bind(label)
            .bind(i64::from(seats))
            .execute(&mut *tx)
            .await?;
        seat_waiting_riders(&mut tx, action).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn buses(&self, action: ActionId) -> StoreResult<Vec<Bus>> {
        let rows = sqlx::query(
            "SELECT b.id, b.label, b.seats, (SELECT COUNT(*) FROM rsvps r WHERE r.bus_id = b.id \
             AND r.status = 'confirmed') AS riders FROM action_buses b WHERE b.action_id = $1 ORDER BY b.id",
        )
        .bind(action.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Bus {
                    id: BusId(col(row, "id")?),
                    label: col(row, "label")?,
                    seats: to_u64(col(row, "seats")?),
                    riders: to_u64(col(row, "riders")?),
                })
            })
            .collect()
    }

    /// Puts a confirmed rider on another bus (or on none), if it has a free seat.
    pub async fn assign_bus(
        &self,
        action: ActionId,
        rsvp: RsvpId,
        bus: Option<BusId>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        lock_action(&mut tx, self.lock_rows(), action).await?;
        let status: Option<String> =
            sqlx::query_scalar("SELECT status FROM rsvps WHERE id = $1 AND action_id = $2")
                .bind(rsvp.0)
                .bind(action.0)
                .fetch_optional(&mut *tx)
                .await?;
        if status.as_deref() != Some(RsvpStatus::Confirmed.as_str()) {
            return Err(FieldError::new("rsvp", "error-bus-confirmed-only").into());
        }
        if let Some(bus) = bus {
            let free: Option<i64> = sqlx::query_scalar(
                "SELECT b.id FROM action_buses b WHERE b.id = $1 AND b.action_id = $2 AND b.seats > \
                 (SELECT COUNT(*) FROM rsvps r WHERE r.bus_id = b.id AND r.status = 'confirmed' AND r.id <> $3)",
            )
            .bind(bus.0)
            .bind(action.0)
            .bind(rsvp.0)
            .fetch_optional(&mut *tx)
            .await?;
            if free.is_none() {
                return Err(FieldError::new("bus", "error-bus-full").into());
            }
        }
        sqlx::query("UPDATE rsvps SET bus_id = $1, wants_transport = 1 WHERE id = $2")
            .bind(bus.map(|b| b.0))
            .bind(rsvp.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Checks a person in (taking an RSVP on the spot for people who come without one), and
    /// moves them up the ladder when the rules say so, with the move in their history. Checking
    /// in twice changes nothing.
    pub async fn check_in(
        &self,
        action: ActionId,
        person: PersonId,
        by: Option<UserId>,
        now: Timestamp,
        audit: Option<AuditEvent>,
    ) -> StoreResult<CheckInOutcome> {
        let lock = self.lock_rows();
        let mut tx = self.begin_write().await?;
        let (_, _, title) = lock_action(&mut tx, lock, action).await?;
        let row = sqlx::query(
            "SELECT id, status, attended_at FROM rsvps WHERE action_id = $1 AND person_id = $2",
        )
        .bind(action.0)
        .bind(person.0)
        .fetch_optional(&mut *tx)
        .await?;
        let rsvp = match row {
            Some(row) => {
                if col::<Option<i64>>(&row, "attended_at")?.is_some() {
                    let attended = attended_count(&mut tx, person).await?;
                    return Ok(CheckInOutcome {
                        person,
                        attended,
                        moved_to: None,
                        already: true,
                    });
                }
                let status: String = col(&row, "status")?;
                let id = RsvpId(col(&row, "id")?);
                if status != RsvpStatus::Confirmed.as_str() {
                    // Here in person: they have a place.
                    sqlx::query("UPDATE rsvps SET status = 'confirmed' WHERE id = $1")
                        .bind(id.0)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("UPDATE actions SET confirmed = confirmed + 1 WHERE id = $1")
                        .bind(action.0)
                        .execute(&mut *tx)
                        .await?;
                }
                id
            }
            None => {
                let known: Option<i64> = sqlx::query_scalar("SELECT id FROM people WHERE id = $1")
                    .bind(person.0)
                    .fetch_optional(&mut *tx)
                    .await?;
                if known.is_none() {
                    return Err(FieldError::new("person_id", "error-no-person").into());
                }
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO rsvps (action_id, person_id, status, source, created_at) \
                     VALUES ($1, $2, 'confirmed', 'at the door', $3) RETURNING id",
                )
                .bind(action.0)
                .bind(person.0)
                .bind(now.0)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query("UPDATE actions SET confirmed = confirmed + 1 WHERE id = $1")
                    .bind(action.0)
                    .execute(&mut *tx)
                    .await?;
                RsvpId(id)
            }
        };
        sqlx::query("UPDATE rsvps SET attended_at = $1, checked_in_by = $2 WHERE id = $3")
            .bind(now.0)
            .bind(by.map(|u| u.0))
            .bind(rsvp.0)
            .execute(&mut *tx)
            .await?;
        let trained =
            crate::training::complete_by_attendance(&mut tx, lock, action, person, by, now).await?;
        let attended = attended_count(&mut tx, person).await?;
        let stage: String =
            sqlx::query_scalar(&format!("SELECT stage FROM people WHERE id = $1{lock}"))
                .bind(person.0)
                .fetch_one(&mut *tx)
                .await?;
        let stage =
            Stage::parse(&stage).map_err(|_| StoreError::Corrupt(format!("stage {stage}")))?;
        let rules = read_rules(&mut tx, person).await?;
        let moved_to =
            stage_after_attending(stage, u32::try_from(attended).unwrap_or(u32::MAX), &rules);
        if let Some(to) = moved_to {
            let reason = MoveReason::parse(&format!(
                "attended {attended} action{}, the last: {}",
                if attended == 1 { "" } else { "s" },
                title.chars().take(120).collect::<String>()
            ))?;
            move_stage_in(&mut tx, lock, person, to, &reason, by, now).await?;
        }
        if let Some(mut event) = audit {
            event.person = Some(person);
            write_audit(&mut tx, &event).await?;
        }
        tx.commit().await?;
        Ok(CheckInOutcome {
            person,
            attended,
            // A move by the attendance rules, or else one by the leadership rules (a module
            // completed by attending this session).
            moved_to: moved_to.or(trained),
            already: false,
        })
    }

    /// The rules by which attendance moves people up the ladder of the organization rooted at
    /// `org`.
    pub async fn ladder_rules(&self, org: UnitId) -> StoreResult<Vec<LadderRule>> {
        let rows = sqlx::query(
            "SELECT after_actions, stage FROM org_ladder_rules WHERE org_id = $1 ORDER BY after_actions",
        )
        .bind(org.0)
        .fetch_all(&self.read)
        .await?;
        rules_from_rows(&rows)
    }

    /// Replaces the ladder rules, with an audit line.
    pub async fn set_ladder_rules(
        &self,
        org: UnitId,
        rules: &[LadderRule],
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM org_ladder_rules WHERE org_id = $1")
            .bind(org.0)
            .execute(&mut *tx)
            .await?;
        for r in rules {
            sqlx::query(
                "INSERT INTO org_ladder_rules (org_id, after_actions, stage) VALUES ($1, $2, $3)",
            )
            .bind(org.0)
            .bind(i64::from(r.after))
            .bind(r.stage.as_str())
            .execute(&mut *tx)
            .await?;
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn attended_count(tx: &mut Transaction<'_, Any>, person: PersonId) -> StoreResult<u64> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM rsvps WHERE person_id = $1 AND attended_at IS NOT NULL",
    )
    .bind(person.0)
    .fetch_one(&mut **tx)
    .await?;
    Ok(to_u64(n))
}

async fn read_rules(
    tx: &mut Transaction<'_, Any>,
    person: PersonId,
) -> StoreResult<Vec<LadderRule>> {
    let org = crate::organizations::organization_of_person(tx, person).await?;
    let rows = sqlx::query(
        "SELECT after_actions, stage FROM org_ladder_rules WHERE org_id = $1 ORDER BY after_actions",
    )
    .bind(org.0)
    .fetch_all(&mut **tx)
    .await?;
    rules_from_rows(&rows)
}

fn rules_from_rows(rows: &[AnyRow]) -> StoreResult<Vec<LadderRule>> {
    rows.iter()
        .map(|row| {
            let stage: String = col(row, "stage")?;
            Ok(LadderRule {
                after: u32::try_from(col::<i64>(row, "after_actions")?).unwrap_or(u32::MAX),
                stage: Stage::parse(&stage)
                    .map_err(|_| StoreError::Corrupt(format!("stage {stage}")))?,
            })
        })
        .collect()
}
