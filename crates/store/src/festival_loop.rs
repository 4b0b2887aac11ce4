//! The festival back into the loop (issue 17, part 6): the postcodes each section covers;
//! ticket buyers who agreed to be contacted become contacts of the section of their postcode
//! (never linked to an existing record by an address nobody verified: a buyer known already is
//! counted for an organizer to act on); festival entries count as attendance at the festival's
//! own action, so the ladder rules move people as at any other; and what the festival added to
//! each section.

use crate::audit::write_audit;
use crate::people::{insert_person, person_by_email_below};
use crate::{AuditEvent, Store, StoreError, StoreResult, col, subtree_range};
use enquete_domain::campaign::ActionId;
use enquete_domain::festival::{FestivalId, OrderId};
use enquete_domain::org::{UnitId, UnitPath};
use enquete_domain::people::{
    ConsentPurpose, ConsentSource, Email, NewConsent, PersonDetails, PersonId, PersonName,
};
use enquete_domain::{FieldError, Timestamp};

/// A postcode as compared: letters and digits, upper case.
pub fn normalize_postcode(raw: &str) -> String {
    raw.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase()
}

/// What placing the buyers did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    /// New contacts, in the section of their postcode.
    pub created: u64,
    /// New contacts in the section that sold the order (no section has their postcode).
    pub by_seller: u64,
    /// Already known by that address in the organization: left as they are.
    pub known: u64,
    /// No section found (or more than one): (order, postcode), for an organizer to place.
    pub unplaced: Vec<(OrderId, String)>,
}

/// What the festival added to one section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionGain {
    pub unit: UnitId,
    pub name: String,
    /// Orders placed through the section's link, and their tickets.
    pub orders: u64,
    pub tickets: u64,
    /// Buyers who became its contacts.
    pub contacts: u64,
    /// Its people checked in at a volunteer shift.
    pub volunteers: u64,
    /// Its people who entered the festival (buyers placed here).
    pub entries: u64,
    /// Its people moved up the ladder by a check-in at the festival (entry or shift).
    pub moved: u64,
}

impl Store {
    /// Sets the postcodes a section covers (replacing those it had); refused on `postcodes`
    /// for a unit that is not a section or a postcode that is not one.
    pub async fn set_postcodes(
        &self,
        unit: UnitId,
        postcodes: &[String],
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let u = self.unit(unit).await?;
        if !u.kind.is_section() {
            return Err(FieldError::new("postcodes", "error-postcodes-section").into());
        }
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM section_postcodes WHERE unit_id = $1")
            .bind(unit.0)
            .execute(&mut *tx)
            .await?;
        for p in postcodes {
            let code = normalize_postcode(p);
            if code.is_empty() || code.len() > 10 {
                return Err(FieldError::new("postcodes", "error-postcode-characters").into());
            }
            sqlx::query(
                "INSERT INTO section_postcodes (unit_id, postcode) VALUES ($1, $2) \
                 ON CONFLICT (unit_id, postcode) DO NOTHING",
            )
            .bind(unit.0)
            .bind(code)
            .execute(&mut *tx)
            .await?;
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn postcodes(&self, unit: UnitId) -> StoreResult<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT postcode FROM section_postcodes WHERE unit_id = $1 ORDER BY postcode",
        )
        .bind(unit.0)
        .fetch_all(&self.read)
        .await?)
    }

    /// The open sections of `org` (an organization's root) covering a postcode.
    async fn sections_for(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        org: &UnitPath,
        postcode: &str,
    ) -> StoreResult<Vec<UnitId>> {
        let (lo, hi) = subtree_range(org.as_str());
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT u.id FROM section_postcodes p JOIN units u ON u.id = p.unit_id \
             WHERE p.postcode = $1 AND u.path >= $2 AND u.path < $3 AND u.archived_at IS NULL \
             ORDER BY u.id",
        )
        .bind(normalize_postcode(postcode))
        .bind(lo)
        .bind(hi)
        .fetch_all(&mut **tx)
        .await?;
        Ok(ids.into_iter().map(UnitId).collect())
    }

    /// Places the buyers of paid orders who agreed to be contacted and were not looked at yet,
    /// each order in its own transaction (what was placed stays placed), in the sections below
    /// `within` (the festival's unit); an address known anywhere in its organization is left as
    /// it is.
    pub async fn place_buyers(
        &self,
        festival: FestivalId,
        within: &UnitPath,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<Placement> {
        let f = self.festival(festival).await?;
        let rows = sqlx::query(
            "SELECT id FROM festival_orders WHERE festival_id = $1 AND status = 'paid' \
             AND contact = 1 AND placed_at IS NULL ORDER BY id",
        )
        .bind(festival.0)
        .fetch_all(&self.read)
        .await?;
        let mut out = Placement::default();
        for r in &rows {
            let order = self.order(OrderId(col(r, "id")?)).await?;
            let mut tx = self.begin_write().await?;
            // Looked at by another call in the meantime: its answer stands.
            let placed: Option<i64> = sqlx::query_scalar(&format!(
                "SELECT placed_at FROM festival_orders WHERE id = $1 {}",
                self.lock_rows()
            ))
            .bind(order.id.0)
            .fetch_one(&mut *tx)
            .await?;
            if placed.is_some() {
                continue;
            }
            let mut sections = Self::sections_for(&mut tx, within, &order.postcode).await?;
            let mut by_seller = false;
            if sections.len() > 1
                && let Some(seller) = order.section
                && sections.contains(&seller)
            {
                sections = vec![seller];
            }
            if sections.is_empty()
                && let Some(seller) = order.section
                && self.unit(seller).await?.path.is_within(within)
            {
                sections = vec![seller];
                by_seller = true;
            }
            let [section] = sections.as_slice() else {
                out.unplaced.push((order.id, order.postcode.clone()));
                mark(&mut tx, order.id, None, "unplaced", now).await?;
                tx.commit().await?;
                continue;
            };
            let org = within.organization();
            let known =
                person_by_email_below(&mut tx, &self.keys, order.email.as_str(), org.as_str())
                    .await?;
            if known.is_some() {
                out.known += 1;
                mark(&mut tx, order.id, None, "known", now).await?;
                tx.commit().await?;
                continue;
            }
            let details = PersonDetails {
                name: PersonName::parse(&order.name)?,
                email: Some(Email::parse(order.email.as_str())?),
                phone: None,
                address: None,
                languages: vec![order.language],
                tags: Vec::new(),
                youth_wing: false,
                workplace: None,
                notes: None,
            };
            let consent = NewConsent {
                purpose: ConsentPurpose::Contact,
                granted: true,
                source: ConsentSource::parse(&format!(
                    "festival ticket order: {}",
                    f.name.chars().take(80).collect::<String>()
                ))?,
            };
            let person = insert_person(
                &mut tx,
                &self.keys,
                *section,
                &details,
                &[consent],
                None,
                now,
            )
            .await?;
            mark(&mut tx, order.id, Some(person), "created", now).await?;
            let mut audit = audit.clone();
            audit.person = Some(person);
            audit.detail = format!("festival order {}: buyer became a contact", order.id.0);
            write_audit(&mut tx, &audit).await?;
            tx.commit().await?;
            if by_seller {
                out.by_seller += 1;
            } else {
                out.created += 1;
            }
        }
        Ok(out)
    }

    /// The festival's own action (made the first time, under the festival's row lock, so two
    /// calls at once make one): its entries are check-ins there.
    pub async fn festival_action(
        &self,
        festival: FestivalId,
        now: Timestamp,
    ) -> StoreResult<ActionId> {
        let f = self.festival(festival).await?;
        let mut tx = self.begin_write().await?;
        let existing: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT action_id FROM festivals WHERE id = $1 {}",
            self.lock_rows()
        ))
        .bind(festival.0)
        .fetch_one(&mut *tx)
        .await?;
        if let Some(id) = existing {
            return Ok(ActionId(id));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO actions (campaign_id, unit_id, title, description, place, starts_at, \
             capacity, token, created_by, created_at) VALUES (NULL, $1, $2, '', $3, $4, NULL, $5, \
             NULL, $6) RETURNING id",
        )
        .bind(f.unit.0)
        .bind(&f.name)
        .bind(&f.name)
        .bind(f.starts_on.0)
        .bind(crate::festival::random_hex(32))
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE festivals SET action_id = $1 WHERE id = $2")
            .bind(id)
            .bind(festival.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(ActionId(id))
    }

    /// Buyers placed as contacts whose tickets entered and who are not checked in at the
    /// festival's action yet: (person, when their first ticket entered).
    pub async fn entered_buyers(
        &self,
        festival: FestivalId,
        action: ActionId,
    ) -> StoreResult<Vec<(PersonId, Timestamp)>> {
        let rows = sqlx::query(
            "SELECT o.person_id, MIN(e.admitted_at) AS first FROM festival_orders o \
             JOIN festival_tickets t ON t.order_id = o.id \
             JOIN festival_entries e ON e.festival_id = o.festival_id AND e.ticket_id = t.id \
             WHERE o.festival_id = $1 AND o.person_id IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM rsvps r WHERE r.action_id = $2 \
                 AND r.person_id = o.person_id AND r.attended_at IS NOT NULL) \
             GROUP BY o.person_id ORDER BY o.person_id",
        )
        .bind(festival.0)
        .bind(action.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    PersonId(col(r, "person_id")?),
                    Timestamp(col::<i64>(r, "first")?),
                ))
            })
            .collect()
    }

    /// What the festival added to each section of the organization rooted at `org` that it
    /// touched.
    pub async fn festival_gains(
        &self,
        festival: FestivalId,
        org: &UnitPath,
    ) -> StoreResult<Vec<SectionGain>> {
        let f_action: Option<i64> =
            sqlx::query_scalar("SELECT action_id FROM festivals WHERE id = $1")
                .bind(festival.0)
                .fetch_optional(&self.read)
                .await?
                .flatten();
        let (lo, hi) = subtree_range(org.as_str());
        let sql = "SELECT u.id, u.name, \
             (SELECT COUNT(*) FROM festival_orders o WHERE o.festival_id = $1 AND o.section_id = u.id \
                AND o.status = 'paid') AS orders, \
             (SELECT CAST(COALESCE(SUM(l.quantity), 0) AS BIGINT) FROM festival_order_lines l \
                JOIN festival_orders o ON o.id = l.order_id WHERE o.festival_id = $1 \
                AND o.section_id = u.id AND o.status = 'paid') AS tickets, \
             (SELECT COUNT(*) FROM festival_orders o JOIN people p ON p.id = o.person_id \
                WHERE o.festival_id = $1 AND p.unit_id = u.id) AS contacts, \
             (SELECT COUNT(DISTINCT r.person_id) FROM rsvps r JOIN festival_shifts s ON s.action_id = r.action_id \
                JOIN people p ON p.id = r.person_id WHERE s.festival_id = $1 \
                AND r.attended_at IS NOT NULL AND p.unit_id = u.id) AS volunteers, \
             (SELECT COUNT(*) FROM rsvps r JOIN people p ON p.id = r.person_id \
                WHERE r.action_id = $4 AND r.attended_at IS NOT NULL AND p.unit_id = u.id) AS entries, \
             (SELECT COUNT(DISTINCT c.person_id) FROM stage_changes c JOIN rsvps r \
                ON r.person_id = c.person_id AND r.attended_at = c.at JOIN people p ON p.id = c.person_id \
                WHERE p.unit_id = u.id AND (r.action_id = $4 OR r.action_id IN \
                (SELECT action_id FROM festival_shifts WHERE festival_id = $1))) AS moved \
             FROM units u WHERE u.path >= $2 AND u.path < $3 ORDER BY u.path";
        let rows = sqlx::query(sql)
            .bind(festival.0)
            .bind(lo)
            .bind(hi)
            .bind(f_action.unwrap_or(-1))
            .fetch_all(&self.read)
            .await?;
        let n = |r: &sqlx::any::AnyRow, c: &str| -> StoreResult<u64> {
            Ok(u64::try_from(col::<i64>(r, c)?).unwrap_or(0))
        };
        let mut out = Vec::new();
        for r in &rows {
            let gain = SectionGain {
                unit: UnitId(col(r, "id")?),
                name: col(r, "name")?,
                orders: n(r, "orders")?,
                tickets: n(r, "tickets")?,
                contacts: n(r, "contacts")?,
                volunteers: n(r, "volunteers")?,
                entries: n(r, "entries")?,
                moved: n(r, "moved")?,
            };
            if gain.orders + gain.contacts + gain.volunteers + gain.entries + gain.moved > 0 {
                out.push(gain);
            }
        }
        Ok(out)
    }
}

async fn mark(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    order: OrderId,
    person: Option<PersonId>,
    placement: &str,
    now: Timestamp,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE festival_orders SET person_id = $1, placed_at = $2, placement = $3 \
         WHERE id = $4 AND placed_at IS NULL",
    )
    .bind(person.map(|p| p.0))
    .bind(now.0)
    .bind(placement)
    .bind(order.0)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Corrupt(format!(
            "order {} placed twice",
            order.0
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::normalize_postcode;

    #[test]
    fn postcodes_compare_without_spaces_or_case() {
        assert_eq!(normalize_postcode(" 9000 "), "9000");
        assert_eq!(normalize_postcode("1012 ab"), "1012AB");
        assert_eq!(normalize_postcode("L-1234"), "L1234");
    }
}

/// A person's festival orders: those their record was made from or linked to, and those
/// placed under their address (compared opened, whatever the case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OrderOfPerson {
    pub id: i64,
    pub festival: String,
    pub created_at: Timestamp,
    pub status: String,
    pub total_cents: i64,
    pub postcode: String,
}

pub(crate) async fn orders_of<'c, E>(
    db: E,
    keys: &crate::crypto::Keyring,
    person: PersonId,
    email: Option<&str>,
    org: &UnitPath,
) -> StoreResult<Vec<OrderOfPerson>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    // Only the festivals of the person's own organization: another organization's orders are
    // its own to show and erase.
    let (lo, hi) = subtree_range(org.as_str());
    let rows = sqlx::query(
        "SELECT o.id, f.name AS festival, o.email, o.person_id, o.created_at, o.status, \
         o.total_cents, o.postcode FROM festival_orders o JOIN festivals f ON f.id = o.festival_id \
         JOIN units fu ON fu.id = f.unit_id \
         WHERE (o.email <> '' OR o.person_id = $1) AND fu.path >= $2 AND fu.path < $3 \
         ORDER BY o.id",
    )
    .bind(person.0)
    .bind(lo)
    .bind(hi)
    .fetch_all(db)
    .await?;
    let wanted = email.map(|e| e.trim().to_lowercase());
    let mut out = Vec::new();
    for r in &rows {
        let linked = col::<Option<i64>>(r, "person_id")? == Some(person.0);
        let sealed: String = col(r, "email")?;
        let same_address = match &wanted {
            Some(w) if !sealed.is_empty() => {
                keys.open("festival_orders.email", &sealed)?
                    .trim()
                    .to_lowercase()
                    == *w
            }
            _ => false,
        };
        if linked || same_address {
            out.push(OrderOfPerson {
                id: col(r, "id")?,
                festival: col(r, "festival")?,
                created_at: Timestamp(col(r, "created_at")?),
                status: col(r, "status")?,
                total_cents: col(r, "total_cents")?,
                postcode: col(r, "postcode")?,
            });
        }
    }
    Ok(out)
}

/// Erases the buyer of these orders: name, address and postcode emptied, the link to the record
/// dropped; the orders stay for the sales figures and the payments.
pub(crate) async fn anonymise_orders(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    orders: &[OrderOfPerson],
) -> StoreResult<u64> {
    for o in orders {
        sqlx::query(
            "UPDATE festival_orders SET name = '', email = '', postcode = '', person_id = NULL, \
             placed_at = COALESCE(placed_at, 0), placement = 'erased' WHERE id = $1",
        )
        .bind(o.id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(u64::try_from(orders.len()).unwrap_or(0))
}

impl Store {
    /// Drops the buyer's name, address and postcode from the orders of festivals that ended
    /// before `before` whose buyer did not become a record (those who did follow their record's
    /// retention). The orders stay for the sales figures and payments. Returns how many.
    pub async fn anonymise_old_orders(&self, before: Timestamp) -> StoreResult<u64> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE festival_orders SET name = '', email = '', postcode = '', \
             placed_at = COALESCE(placed_at, 0), placement = COALESCE(placement, 'erased') \
             WHERE person_id IS NULL AND email <> '' AND festival_id IN \
             (SELECT id FROM festivals WHERE ends_on < $1)",
        )
        .bind(before.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}
