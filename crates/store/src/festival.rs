//! The festival's tickets and orders. A ticket type's `sold` never passes its quota: an order
//! takes its tickets with one conditional update per type inside its transaction, so two
//! thousand buyers at once for the last places get exactly what is left. A bank statement's
//! lines are kept once each (by their fingerprint), so importing it again changes nothing.

use crate::audit::write_audit;
use crate::{AuditEvent, Store, StoreError, StoreResult, col};
use enquete_domain::account::UserId;
use enquete_domain::festival::{
    FestivalId, OrderDraft, OrderId, OrderStatus, StructuredComm, TicketKind, TicketTypeDraft,
    TicketTypeId,
};
use enquete_domain::gate::{Layout, Reentry};
use enquete_domain::org::UnitId;
use enquete_domain::people::Language;
use enquete_domain::survey::Labels;
use enquete_domain::{FieldError, Timestamp};

/// The mail a buyer gets when their order is paid ("your tickets are ready"), per language:
/// (subject, body with `{token}` for the secret of their ticket page). Empty: no mail.
#[derive(Debug, Clone, Default)]
pub struct ReadyMail(pub std::collections::BTreeMap<&'static str, (String, String)>);

/// A festival.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FestivalRecord {
    pub id: FestivalId,
    pub unit: UnitId,
    pub name: String,
    pub starts_on: Timestamp,
    pub ends_on: Timestamp,
    pub iban: String,
    /// The Ed25519 public key its tickets are checked with (base64).
    pub public_key: String,
    /// Its entrances and lanes (docs/festival-gates.md).
    pub layout: Layout,
}

/// A festival to start, with its signing key (PKCS#8, base64; sealed when stored) and public
/// key (base64).
#[derive(Debug, Clone)]
pub struct NewFestival {
    pub unit: UnitId,
    pub name: String,
    pub starts_on: Timestamp,
    pub ends_on: Timestamp,
    pub iban: String,
    pub signing_key: String,
    pub public_key: String,
}

/// A ticket of a paid order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRecord {
    /// 32 hex digits.
    pub id: String,
    pub festival: FestivalId,
    pub order: OrderId,
    pub ticket_type: TicketTypeId,
    pub issued_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

/// A ticket type with how many are sold.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketTypeRecord {
    pub id: TicketTypeId,
    pub festival: FestivalId,
    pub draft: TicketTypeDraft,
    pub sold: u32,
}

impl TicketTypeRecord {
    /// Whether it can be ordered at `now` on the order page.
    pub fn on_sale(&self, now: Timestamp) -> bool {
        self.draft.kind.on_sale()
            && self.draft.sale_from <= now
            && now <= self.draft.sale_until
            && self.sold < self.draft.quota
    }
}

/// An order, its personal fields opened.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderRecord {
    pub id: OrderId,
    pub festival: FestivalId,
    pub reference: StructuredComm,
    pub name: String,
    pub email: String,
    pub postcode: String,
    pub language: Language,
    pub section: Option<UnitId>,
    pub contact: bool,
    pub total_cents: i64,
    pub status: OrderStatus,
    pub created_at: Timestamp,
    pub paid_at: Option<Timestamp>,
    pub paid_via: Option<String>,
    /// (ticket type, how many, price each)
    pub lines: Vec<(TicketTypeId, u32, i64)>,
}

/// One line of a bank statement as read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    /// SHA-256 of the line (and which of its identical twins in the file it is).
    pub fingerprint: String,
    pub booked_on: String,
    pub amount_cents: i64,
    pub communication: String,
    pub counterparty: String,
}

/// What became of a statement line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineOutcome {
    /// It paid the order with this communication and this amount.
    Matched(OrderId),
    /// No order has its communication (or it has none).
    Unmatched,
    /// An order has its communication, but the amount differs or the order is not waiting for
    /// payment: for a person to look at.
    Ambiguous(OrderId),
    /// Money going out, not a payment.
    Outgoing,
    /// Imported before: nothing done.
    Already,
}

impl LineOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            LineOutcome::Matched(_) => "matched",
            LineOutcome::Unmatched => "unmatched",
            LineOutcome::Ambiguous(_) => "ambiguous",
            LineOutcome::Outgoing => "outgoing",
            LineOutcome::Already => "already",
        }
    }
}

/// Sales of one ticket type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeSales {
    pub ticket_type: TicketTypeId,
    /// Tickets of paid orders, of orders waiting for payment.
    pub paid: u64,
    pub pending: u64,
    pub revenue_cents: i64,
}

const NAME: &str = "festival_orders.name";
const SIGNING_KEY: &str = "festivals.signing_key";
const EMAIL: &str = "festival_orders.email";
const COUNTERPARTY: &str = "statement_lines.counterparty";

fn type_from_row(r: &sqlx::any::AnyRow) -> StoreResult<TicketTypeRecord> {
    let names: Labels = serde_json::from_str(&col::<String>(r, "names")?)
        .map_err(|e| StoreError::Corrupt(format!("ticket type names: {e}")))?;
    let kind: String = col(r, "kind")?;
    Ok(TicketTypeRecord {
        id: TicketTypeId(col(r, "id")?),
        festival: FestivalId(col(r, "festival_id")?),
        draft: TicketTypeDraft {
            code: col(r, "code")?,
            name: names,
            kind: TicketKind::parse(&kind)
                .map_err(|_| StoreError::Corrupt(format!("ticket kind {kind}")))?,
            price_cents: col(r, "price_cents")?,
            quota: u32::try_from(col::<i64>(r, "quota")?).unwrap_or(0),
            sale_from: Timestamp(col(r, "sale_from")?),
            sale_until: Timestamp(col(r, "sale_until")?),
            reentry: Reentry::parse(&col::<String>(r, "reentry")?)
                .map_err(|_| StoreError::Corrupt("ticket re-entry".into()))?,
            valid_on: col::<Option<i64>>(r, "valid_on")?.map(Timestamp),
        },
        sold: u32::try_from(col::<i64>(r, "sold")?).unwrap_or(0),
    })
}

const TYPE_COLUMNS: &str = "id, festival_id, code, names, kind, price_cents, quota, sold, \
     sale_from, sale_until, reentry, valid_on";

impl Store {
    pub async fn create_festival(
        &self,
        new: &NewFestival,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<FestivalId> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO festivals (unit_id, name, starts_on, ends_on, iban, signing_key, public_key, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(new.unit.0)
        .bind(&new.name)
        .bind(new.starts_on.0)
        .bind(new.ends_on.0)
        .bind(&new.iban)
        .bind(self.keys.seal(SIGNING_KEY, &new.signing_key)?)
        .bind(&new.public_key)
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(FestivalId(id))
    }

    /// A festival's signing key (PKCS#8, base64).
    pub async fn festival_signing_key(&self, id: FestivalId) -> StoreResult<String> {
        let sealed: String = sqlx::query_scalar("SELECT signing_key FROM festivals WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound("festival"))?;
        self.keys.open(SIGNING_KEY, &sealed)
    }

    /// Festivals, the newest first.
    pub async fn festivals(&self) -> StoreResult<Vec<FestivalRecord>> {
        self.festivals_where("1 = 1", 0).await
    }

    pub async fn festival(&self, id: FestivalId) -> StoreResult<FestivalRecord> {
        self.festivals_where("id = $1", id.0)
            .await?
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound("festival"))
    }

    async fn festivals_where(&self, filter: &str, value: i64) -> StoreResult<Vec<FestivalRecord>> {
        let sql = format!(
            "SELECT id, unit_id, name, starts_on, ends_on, iban, public_key, entrances, lanes \
             FROM festivals \
             WHERE {filter} ORDER BY starts_on DESC, id DESC"
        );
        let mut q = sqlx::query(&sql);
        if filter.contains("$1") {
            q = q.bind(value);
        }
        let rows = q.fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| {
                Ok(FestivalRecord {
                    id: FestivalId(col(r, "id")?),
                    unit: UnitId(col(r, "unit_id")?),
                    name: col(r, "name")?,
                    starts_on: Timestamp(col(r, "starts_on")?),
                    ends_on: Timestamp(col(r, "ends_on")?),
                    iban: col(r, "iban")?,
                    public_key: col(r, "public_key")?,
                    layout: Layout {
                        entrances: u32::try_from(col::<i64>(r, "entrances")?).unwrap_or(1),
                        lanes: u32::try_from(col::<i64>(r, "lanes")?).unwrap_or(1),
                    },
                })
            })
            .collect()
    }

    pub async fn create_ticket_type(
        &self,
        festival: FestivalId,
        draft: &TicketTypeDraft,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<TicketTypeId> {
        let mut tx = self.begin_write().await?;
        let taken: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM ticket_types WHERE festival_id = $1 AND code = $2",
        )
        .bind(festival.0)
        .bind(&draft.code)
        .fetch_one(&mut *tx)
        .await?;
        if taken > 0 {
            return Err(FieldError::new("code", "error-code-taken").into());
        }
        let names = serde_json::to_string(&draft.name)
            .map_err(|e| StoreError::Corrupt(format!("names: {e}")))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO ticket_types (festival_id, code, names, kind, price_cents, quota, sold, \
             sale_from, sale_until, created_at, reentry, valid_on) \
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(festival.0)
        .bind(&draft.code)
        .bind(names)
        .bind(draft.kind.as_str())
        .bind(draft.price_cents)
        .bind(i64::from(draft.quota))
        .bind(draft.sale_from.0)
        .bind(draft.sale_until.0)
        .bind(now.0)
        .bind(draft.reentry.as_str())
        .bind(draft.valid_on.map(|t| t.0))
        .fetch_one(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(TicketTypeId(id))
    }

    /// A festival's ticket types, in the order they were made.
    pub async fn ticket_types(&self, festival: FestivalId) -> StoreResult<Vec<TicketTypeRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {TYPE_COLUMNS} FROM ticket_types WHERE festival_id = $1 ORDER BY id"
        ))
        .bind(festival.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(type_from_row).collect()
    }

    /// Places an order: takes its tickets from each type's quota (refused on `tickets`, with the
    /// type's code, when one has too few left, is not on sale now, or is of another festival),
    /// gives it its structured communication. An order with nothing to pay is paid at once.
    #[expect(
        clippy::too_many_arguments,
        reason = "an order with where it came from"
    )]
    pub async fn place_order(
        &self,
        festival: FestivalId,
        draft: &OrderDraft,
        language: Language,
        section: Option<UnitId>,
        now: Timestamp,
        audit: AuditEvent,
        public: bool,
        mail: Option<(&str, &str)>,
    ) -> StoreResult<OrderRecord> {
        let mut tx = self.begin_write().await?;
        let mut total = 0_i64;
        let mut lines = Vec::new();
        for (ty, n) in &draft.lines {
            let row = sqlx::query(&format!(
                "SELECT {TYPE_COLUMNS} FROM ticket_types WHERE id = $1 AND festival_id = $2"
            ))
            .bind(ty.0)
            .bind(festival.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| {
                StoreError::Invalid(FieldError::new("tickets", "error-ticket-unknown"))
            })?;
            let t = type_from_row(&row)?;
            let open = t.draft.sale_from <= now && now <= t.draft.sale_until;
            if public && (!t.draft.kind.on_sale() || !open) {
                return Err(FieldError::new("tickets", "error-ticket-not-on-sale")
                    .arg("type", &t.draft.code)
                    .into());
            }
            let taken = sqlx::query(
                "UPDATE ticket_types SET sold = sold + $1 WHERE id = $2 AND sold + $1 <= quota",
            )
            .bind(i64::from(*n))
            .bind(ty.0)
            .execute(&mut *tx)
            .await?;
            if taken.rows_affected() == 0 {
                return Err(FieldError::new("tickets", "error-sold-out")
                    .arg("type", &t.draft.code)
                    .into());
            }
            total += t.draft.price_cents * i64::from(*n);
            lines.push((*ty, *n, t.draft.price_cents));
        }
        let (status, paid_at, paid_via) = if total == 0 {
            (OrderStatus::Paid, Some(now.0), Some("free"))
        } else {
            (OrderStatus::Pending, None, None)
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO festival_orders (festival_id, name, email, postcode, language, section_id, \
             contact, total_cents, status, created_at, paid_at, paid_via) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(festival.0)
        .bind(self.keys.seal(NAME, &draft.name)?)
        .bind(self.keys.seal(EMAIL, draft.email.as_str())?)
        .bind(&draft.postcode)
        .bind(language.code())
        .bind(section.map(|s| s.0))
        .bind(i64::from(draft.contact))
        .bind(total)
        .bind(status.as_str())
        .bind(now.0)
        .bind(paid_at)
        .bind(paid_via)
        .fetch_one(&mut *tx)
        .await?;
        let reference = StructuredComm::for_number(u64::try_from(id).unwrap_or(0));
        let token = random_hex(32);
        if let Some((subject, body)) = mail {
            // The buyer's mail, in the outbox with the order: `{token}` in the body becomes the
            // secret of their ticket page, `{reference}` their communication, `{total}` the amount.
            let amount = enquete_domain::festival::euros(total, language != Language::En);
            let body = body
                .replace("{token}", &token)
                .replace("{reference}", &reference.to_string())
                .replace("{total}", &format!("€ {amount}"));
            crate::resets::queue_mail(
                &mut tx,
                &self.keys,
                draft.email.as_str(),
                subject,
                &body,
                now,
            )
            .await?;
        }
        sqlx::query("UPDATE festival_orders SET reference = $1, token = $2 WHERE id = $3")
            .bind(reference.digits())
            .bind(token)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for (ty, n, price) in &lines {
            sqlx::query(
                "INSERT INTO festival_order_lines (order_id, type_id, quantity, price_cents) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(ty.0)
            .bind(i64::from(*n))
            .bind(*price)
            .execute(&mut *tx)
            .await?;
        }
        if status == OrderStatus::Paid {
            issue_tickets(&mut tx, OrderId(id), now).await?;
        }
        let mut audit = audit;
        audit.detail = format!("order {id}: {}", audit.detail);
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.order(OrderId(id)).await
    }

    pub async fn order(&self, id: OrderId) -> StoreResult<OrderRecord> {
        let rows = self.orders_where("o.id = $1", id.0).await?;
        rows.into_iter().next().ok_or(StoreError::NotFound("order"))
    }

    /// A festival's orders, the newest first.
    pub async fn orders(&self, festival: FestivalId) -> StoreResult<Vec<OrderRecord>> {
        self.orders_where("o.festival_id = $1", festival.0).await
    }

    async fn orders_where(&self, filter: &str, value: i64) -> StoreResult<Vec<OrderRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT o.id, o.festival_id, o.reference, o.name, o.email, o.postcode, o.language, \
             o.section_id, o.contact, o.total_cents, o.status, o.created_at, o.paid_at, o.paid_via \
             FROM festival_orders o WHERE {filter} ORDER BY o.created_at DESC, o.id DESC"
        ))
        .bind(value)
        .fetch_all(&self.read)
        .await?;
        let lines = sqlx::query(&format!(
            "SELECT l.order_id, l.type_id, l.quantity, l.price_cents FROM festival_order_lines l \
             JOIN festival_orders o ON o.id = l.order_id WHERE {filter} ORDER BY l.type_id"
        ))
        .bind(value)
        .fetch_all(&self.read)
        .await?;
        let mut by_order: std::collections::HashMap<i64, Vec<(TicketTypeId, u32, i64)>> =
            std::collections::HashMap::new();
        for l in &lines {
            by_order.entry(col(l, "order_id")?).or_default().push((
                TicketTypeId(col(l, "type_id")?),
                u32::try_from(col::<i64>(l, "quantity")?).unwrap_or(0),
                col(l, "price_cents")?,
            ));
        }
        rows.iter()
            .map(|r| {
                let id: i64 = col(r, "id")?;
                let status: String = col(r, "status")?;
                let reference: String = col(r, "reference")?;
                let language: String = col(r, "language")?;
                Ok(OrderRecord {
                    id: OrderId(id),
                    festival: FestivalId(col(r, "festival_id")?),
                    reference: StructuredComm::parse(&reference)
                        .ok_or_else(|| StoreError::Corrupt(format!("reference {reference}")))?,
                    name: self.keys.open(NAME, &col::<String>(r, "name")?)?,
                    email: self.keys.open(EMAIL, &col::<String>(r, "email")?)?,
                    postcode: col(r, "postcode")?,
                    language: Language::parse(&language).unwrap_or(Language::En),
                    section: col::<Option<i64>>(r, "section_id")?.map(UnitId),
                    contact: col::<i64>(r, "contact")? != 0,
                    total_cents: col(r, "total_cents")?,
                    status: OrderStatus::parse(&status)
                        .ok_or_else(|| StoreError::Corrupt(format!("order status {status}")))?,
                    created_at: Timestamp(col(r, "created_at")?),
                    paid_at: col::<Option<i64>>(r, "paid_at")?.map(Timestamp),
                    paid_via: col(r, "paid_via")?,
                    lines: by_order.remove(&id).unwrap_or_default(),
                })
            })
            .collect()
    }

    /// Marks a waiting order paid at a desk.
    pub async fn pay_at_desk(
        &self,
        id: OrderId,
        now: Timestamp,
        audit: AuditEvent,
        ready: &ReadyMail,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE festival_orders SET status = 'paid', paid_at = $1, paid_via = 'desk' \
             WHERE id = $2 AND status = 'pending'",
        )
        .bind(now.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(FieldError::new("order", "error-order-not-pending").into());
        }
        issue_tickets(&mut tx, id, now).await?;
        self.queue_ready(&mut tx, id, ready, now).await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Queues the "tickets ready" mail of a paid order in the buyer's language (in the
    /// payment's transaction, so it goes out once the payment is kept, and only then).
    async fn queue_ready(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        id: OrderId,
        ready: &ReadyMail,
        now: Timestamp,
    ) -> StoreResult<()> {
        if ready.0.is_empty() {
            return Ok(());
        }
        let row = sqlx::query("SELECT email, language, token FROM festival_orders WHERE id = $1")
            .bind(id.0)
            .fetch_one(&mut **tx)
            .await?;
        let email = self.keys.open(EMAIL, &col::<String>(&row, "email")?)?;
        let token: Option<String> = col(&row, "token")?;
        let (Some(token), false) = (token, email.is_empty()) else {
            return Ok(());
        };
        let language: String = col(&row, "language")?;
        let Some((subject, body)) = ready.0.get(language.as_str()).or_else(|| ready.0.get("en"))
        else {
            return Ok(());
        };
        let body = body.replace("{token}", &token);
        crate::resets::queue_mail(tx, &self.keys, &email, subject, &body, now).await
    }

    /// Cancels a waiting order, or refunds a paid one (with a note): its tickets go back on
    /// sale.
    pub async fn close_order(
        &self,
        id: OrderId,
        note: &str,
        by: Option<UserId>,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<OrderStatus> {
        let mut tx = self.begin_write().await?;
        let status: Option<String> = sqlx::query_scalar(&format!(
            "SELECT status FROM festival_orders WHERE id = $1{}",
            self.lock_rows()
        ))
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await?;
        let to = match status.as_deref().and_then(OrderStatus::parse) {
            None => return Err(StoreError::NotFound("order")),
            Some(OrderStatus::Pending) => OrderStatus::Cancelled,
            Some(OrderStatus::Paid) => OrderStatus::Refunded,
            Some(_) => return Err(FieldError::new("order", "error-order-closed").into()),
        };
        let done = sqlx::query(
            "UPDATE festival_orders SET status = $1, closed_at = $2, closed_note = $3, closed_by = $4 \
             WHERE id = $5 AND status = $6",
        )
        .bind(to.as_str())
        .bind(now.0)
        .bind(note)
        .bind(by.map(|u| u.0))
        .bind(id.0)
        .bind(status.unwrap_or_default())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(FieldError::new("order", "error-order-closed").into());
        }
        sqlx::query(
            "UPDATE festival_tickets SET revoked_at = $1 WHERE order_id = $2 AND revoked_at IS NULL",
        )
        .bind(now.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE ticket_types SET sold = sold - (SELECT l.quantity FROM festival_order_lines l \
             WHERE l.order_id = $1 AND l.type_id = ticket_types.id) \
             WHERE id IN (SELECT type_id FROM festival_order_lines WHERE order_id = $1)",
        )
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(to)
    }

    /// Takes in a bank statement's lines: each line seen before is left alone; a payment whose
    /// structured communication and amount are those of a waiting order pays it; the rest are
    /// kept as unmatched or ambiguous for a person to look at. One transaction.
    pub async fn import_statement(
        &self,
        festival: FestivalId,
        lines: &[StatementLine],
        now: Timestamp,
        audit: AuditEvent,
        ready: &ReadyMail,
    ) -> StoreResult<Vec<LineOutcome>> {
        let mut tx = self.begin_write().await?;
        let lock = self.lock_rows();
        let mut out = Vec::with_capacity(lines.len());
        for line in lines {
            let seen: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM statement_lines WHERE festival_id = $1 AND fingerprint = $2",
            )
            .bind(festival.0)
            .bind(&line.fingerprint)
            .fetch_one(&mut *tx)
            .await?;
            if seen > 0 {
                out.push(LineOutcome::Already);
                continue;
            }
            let outcome = if line.amount_cents <= 0 {
                LineOutcome::Outgoing
            } else {
                match StructuredComm::parse(&line.communication) {
                    None => LineOutcome::Unmatched,
                    Some(comm) => {
                        let row = sqlx::query(&format!(
                            "SELECT id, status, total_cents FROM festival_orders \
                             WHERE festival_id = $1 AND reference = $2{lock}"
                        ))
                        .bind(festival.0)
                        .bind(comm.digits())
                        .fetch_optional(&mut *tx)
                        .await?;
                        match row {
                            None => LineOutcome::Unmatched,
                            Some(r) => {
                                let id = OrderId(col(&r, "id")?);
                                let status: String = col(&r, "status")?;
                                let total: i64 = col(&r, "total_cents")?;
                                if status == "pending" && total == line.amount_cents {
                                    sqlx::query(
                                        "UPDATE festival_orders SET status = 'paid', paid_at = $1, \
                                         paid_via = 'transfer' WHERE id = $2",
                                    )
                                    .bind(now.0)
                                    .bind(id.0)
                                    .execute(&mut *tx)
                                    .await?;
                                    issue_tickets(&mut tx, id, now).await?;
                                    self.queue_ready(&mut tx, id, ready, now).await?;
                                    LineOutcome::Matched(id)
                                } else {
                                    LineOutcome::Ambiguous(id)
                                }
                            }
                        }
                    }
                }
            };
            let order = match outcome {
                LineOutcome::Matched(id) | LineOutcome::Ambiguous(id) => Some(id.0),
                _ => None,
            };
            sqlx::query(
                "INSERT INTO statement_lines (festival_id, fingerprint, booked_on, amount_cents, \
                 communication, counterparty, outcome, order_id, imported_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(festival.0)
            .bind(&line.fingerprint)
            .bind(&line.booked_on)
            .bind(line.amount_cents)
            .bind(&line.communication)
            .bind(self.keys.seal(COUNTERPARTY, &line.counterparty)?)
            .bind(outcome.as_str())
            .bind(order)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
            out.push(outcome);
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Sales per ticket type: tickets of paid and of waiting orders, and what the paid ones
    /// brought.
    pub async fn sales_by_type(&self, festival: FestivalId) -> StoreResult<Vec<TypeSales>> {
        let rows = sqlx::query(
            "SELECT l.type_id, o.status, CAST(SUM(l.quantity) AS BIGINT) AS n, \
             CAST(SUM(l.quantity * l.price_cents) AS BIGINT) AS money \
             FROM festival_order_lines l JOIN festival_orders o ON o.id = l.order_id \
             WHERE o.festival_id = $1 AND o.status IN ('paid', 'pending') \
             GROUP BY l.type_id, o.status ORDER BY l.type_id",
        )
        .bind(festival.0)
        .fetch_all(&self.read)
        .await?;
        let mut out: std::collections::BTreeMap<i64, TypeSales> = Default::default();
        for r in &rows {
            let ty: i64 = col(r, "type_id")?;
            let n = u64::try_from(col::<i64>(r, "n")?).unwrap_or(0);
            let money: i64 = col(r, "money")?;
            let status: String = col(r, "status")?;
            let entry = out.entry(ty).or_insert(TypeSales {
                ticket_type: TicketTypeId(ty),
                paid: 0,
                pending: 0,
                revenue_cents: 0,
            });
            if status == "paid" {
                entry.paid += n;
                entry.revenue_cents += money;
            } else {
                entry.pending += n;
            }
        }
        Ok(out.into_values().collect())
    }

    /// The order whose buyer's ticket page has this secret.
    pub async fn order_by_token(&self, token: &str) -> StoreResult<OrderRecord> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM festival_orders WHERE token = $1")
            .bind(token)
            .fetch_optional(&self.read)
            .await?;
        self.order(OrderId(id.ok_or(StoreError::NotFound("order"))?))
            .await
    }

    /// The secret of an order's ticket page.
    pub async fn order_token(&self, id: OrderId) -> StoreResult<String> {
        sqlx::query_scalar("SELECT token FROM festival_orders WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound("order"))
    }

    /// An order's tickets, issued when it was paid.
    pub async fn tickets_of(&self, order: OrderId) -> StoreResult<Vec<TicketRecord>> {
        self.tickets_where("order_id = $1", order.0).await
    }

    /// The revoked tickets of a festival (for the gates' list).
    pub async fn revoked_tickets(&self, festival: FestivalId) -> StoreResult<Vec<TicketRecord>> {
        self.tickets_where("festival_id = $1 AND revoked_at IS NOT NULL", festival.0)
            .await
    }

    async fn tickets_where(&self, filter: &str, value: i64) -> StoreResult<Vec<TicketRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT id, festival_id, order_id, type_id, issued_at, revoked_at FROM festival_tickets \
             WHERE {filter} ORDER BY issued_at, id"
        ))
        .bind(value)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(TicketRecord {
                    id: col(r, "id")?,
                    festival: FestivalId(col(r, "festival_id")?),
                    order: OrderId(col(r, "order_id")?),
                    ticket_type: TicketTypeId(col(r, "type_id")?),
                    issued_at: Timestamp(col(r, "issued_at")?),
                    revoked_at: col::<Option<i64>>(r, "revoked_at")?.map(Timestamp),
                })
            })
            .collect()
    }
}

/// `n` hex digits from the system's random source.
pub(crate) fn random_hex(n: usize) -> String {
    use chacha20poly1305::aead::rand_core::RngCore;
    let mut bytes = vec![0_u8; n / 2];
    chacha20poly1305::aead::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Issues the tickets of an order just paid (inside its transaction): one per ticket ordered.
async fn issue_tickets(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    order: OrderId,
    now: Timestamp,
) -> StoreResult<()> {
    let lines = sqlx::query(
        "SELECT o.festival_id, l.type_id, l.quantity FROM festival_order_lines l \
         JOIN festival_orders o ON o.id = l.order_id WHERE l.order_id = $1 ORDER BY l.type_id",
    )
    .bind(order.0)
    .fetch_all(&mut **tx)
    .await?;
    for l in &lines {
        let quantity: i64 = col(l, "quantity")?;
        for _ in 0..quantity {
            sqlx::query(
                "INSERT INTO festival_tickets (id, festival_id, order_id, type_id, issued_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(random_hex(32))
            .bind(col::<i64>(l, "festival_id")?)
            .bind(order.0)
            .bind(col::<i64>(l, "type_id")?)
            .bind(now.0)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}
