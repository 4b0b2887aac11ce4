//! The festival's tickets and orders (issue 17, part 1): the team sets up ticket types; anyone
//! orders on the public page without an account (consent to be contacted asked, never assumed);
//! orders are paid by transfer with their structured communication, matched by importing the
//! bank's statement (again and again: each line counts once), or at a desk; cancellations and
//! refunds put tickets back on sale; the dashboard shows sales per type, day and section.

use crate::scope::unit_for;
use crate::{App, Caller, Error, Result};
use enquete_domain::audit::AuditAction;
use enquete_domain::festival::{FestivalId, OrderDraft, OrderId, OrderStatus, TicketTypeDraft};
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::people::Language;
use enquete_domain::policy::Action;
use enquete_domain::{FieldError, Timestamp};
use enquete_store::{
    AuditEvent, FestivalRecord, LineOutcome, OrderRecord, StatementLine, TicketTypeRecord,
    TypeSales,
};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// An IBAN: two letters, two check digits and up to 30 letters or digits, its check digits
/// right (ISO 13616, modulo 97). Spaces are dropped.
pub fn parse_iban(raw: &str) -> Result<String> {
    let iban: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let bad = || Error::from(FieldError::new("iban", "error-iban"));
    if !(15..=34).contains(&iban.len()) || !iban.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(bad());
    }
    let (head, tail) = iban.split_at(4);
    if !head.bytes().take(2).all(|b| b.is_ascii_uppercase())
        || !head.bytes().skip(2).all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let mut rest = 0_u32;
    for c in tail.chars().chain(head.chars()) {
        let value = c.to_digit(36).ok_or_else(bad)?;
        rest = if value < 10 {
            (rest * 10 + value) % 97
        } else {
            (rest * 100 + value) % 97
        };
    }
    if rest != 1 {
        return Err(bad());
    }
    Ok(iban)
}

/// Starts a festival of a unit.
pub async fn create(
    app: &App,
    caller: &Caller,
    unit: UnitId,
    name: &str,
    starts_on: &str,
    ends_on: &str,
    iban: &str,
) -> Result<FestivalId> {
    let unit = unit_for(app, caller, unit, Action::ManageFestival).await?;
    let name = enquete_domain::org::UnitName::parse(name)?;
    let starts = enquete_domain::dates::parse_date("starts_on", starts_on)?;
    let ends = enquete_domain::dates::parse_date("ends_on", ends_on)?;
    if ends < starts {
        return Err(FieldError::new("ends_on", "error-festival-dates").into());
    }
    let iban = parse_iban(iban)?;
    let (signing_key, public_key) = crate::tickets::new_keys()?;
    Ok(app
        .store
        .create_festival(
            &enquete_store::NewFestival {
                unit: unit.id,
                name: name.as_str().to_owned(),
                starts_on: starts,
                ends_on: ends,
                iban,
                signing_key,
                public_key,
            },
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::Festival,
                None,
                name.as_str().to_owned(),
            ),
        )
        .await?)
}

/// The festivals the caller runs.
pub async fn list(app: &App, caller: &Caller) -> Result<Vec<(FestivalRecord, Unit)>> {
    let mut out = Vec::new();
    for f in app.store.festivals().await? {
        let unit = app.store.unit(f.unit).await?;
        if crate::scope::may(caller, Action::ManageFestival, &unit) {
            out.push((f, unit));
        }
    }
    Ok(out)
}

/// A festival the caller runs.
pub async fn festival_for(app: &App, caller: &Caller, id: FestivalId) -> Result<FestivalRecord> {
    let f = app.store.festival(id).await?;
    unit_for(app, caller, f.unit, Action::ManageFestival).await?;
    Ok(f)
}

pub async fn add_ticket_type(
    app: &App,
    caller: &Caller,
    festival: FestivalId,
    draft: &TicketTypeDraft,
) -> Result<()> {
    let f = festival_for(app, caller, festival).await?;
    if let Some(day) = draft.valid_on
        && (day < f.starts_on || day > f.ends_on)
    {
        return Err(FieldError::new("valid_on", "error-day-outside-festival").into());
    }
    app.store
        .create_ticket_type(
            f.id,
            draft,
            caller.now,
            crate::audit::event(caller, AuditAction::Festival, None, draft.code.clone()),
        )
        .await?;
    Ok(())
}

/// The order page: the festival and its ticket types on sale now. For anyone.
pub async fn public(app: &App, id: FestivalId) -> Result<(FestivalRecord, Vec<TicketTypeRecord>)> {
    let f = app.store.festival(id).await?;
    let types = app
        .store
        .ticket_types(f.id)
        .await?
        .into_iter()
        .filter(|t| t.draft.kind.on_sale())
        .collect();
    Ok((f, types))
}

/// Places an order from the public page. `section`: the section that sold it (from its link),
/// a section of the festival's organization, else refused on its field. `mail`: the buyer's
/// mail (subject, body with `{token}` for their ticket page's secret and `{reference}`), put in
/// the outbox with the order.
#[expect(
    clippy::too_many_arguments,
    reason = "an order with where it came from"
)]
pub async fn order(
    app: &App,
    festival: FestivalId,
    draft: &OrderDraft,
    language: Language,
    section: Option<UnitId>,
    ip: &str,
    now: Timestamp,
    mail: Option<(&str, &str)>,
) -> Result<OrderRecord> {
    let f = app.store.festival(festival).await?;
    if let Some(s) = section {
        let unit = app
            .store
            .unit(s)
            .await
            .map_err(|_| FieldError::new("section", "error-no-unit"))?;
        let home = app.store.unit(f.unit).await?;
        if !unit.kind.is_section() || !unit.path.is_within(&home.path.organization()) {
            return Err(FieldError::new("section", "error-festival-section").into());
        }
    }
    Ok(app
        .store
        .place_order(
            f.id,
            draft,
            language,
            section,
            now,
            AuditEvent {
                at: now,
                user: None,
                action: AuditAction::FestivalOrder,
                person: None,
                detail: "order page".into(),
                ip: ip.to_owned(),
            },
            true,
            mail,
        )
        .await?)
}

/// An order of a festival the caller runs.
async fn order_for(app: &App, caller: &Caller, id: OrderId) -> Result<OrderRecord> {
    let o = app.store.order(id).await?;
    festival_for(app, caller, o.festival).await?;
    Ok(o)
}

pub async fn pay_at_desk(
    app: &App,
    caller: &Caller,
    id: OrderId,
    ready: &enquete_store::ReadyMail,
) -> Result<()> {
    let o = order_for(app, caller, id).await?;
    app.store
        .pay_at_desk(
            o.id,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::FestivalOrderPaid,
                None,
                format!("order {}", o.id),
            ),
            ready,
        )
        .await?;
    Ok(())
}

/// Cancels a waiting order or refunds a paid one; the note says why (no personal details).
pub async fn close(app: &App, caller: &Caller, id: OrderId, note: &str) -> Result<OrderStatus> {
    let o = order_for(app, caller, id).await?;
    let note = note.trim();
    if note.is_empty() || note.chars().count() > 300 {
        return Err(FieldError::new("note", "error-empty").into());
    }
    Ok(app
        .store
        .close_order(
            o.id,
            note,
            Some(caller.id()),
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::FestivalOrderClosed,
                None,
                format!("order {}: {note}", o.id),
            ),
        )
        .await?)
}

/// What a statement import did, line by line in the file's order.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub matched: u64,
    pub already: u64,
    pub outgoing: u64,
    /// Lines for a person to look at: (row, date, amount, communication, order if any).
    pub unmatched: Vec<(usize, String, i64, String)>,
    pub ambiguous: Vec<(usize, String, i64, String, OrderId)>,
}

/// Imports a bank statement (CSV): every line matched, unmatched or ambiguous; a line seen in an
/// earlier import is left alone; a file with a line that cannot be read is refused whole,
/// naming the row and the column.
pub async fn import_statement(
    app: &App,
    caller: &Caller,
    festival: FestivalId,
    bytes: &[u8],
    ready: &enquete_store::ReadyMail,
) -> Result<ImportReport> {
    let f = festival_for(app, caller, festival).await?;
    let lines = enquete_formats::bank::parse_statement(bytes).map_err(|e| FieldError {
        field: "file",
        problem: e.problem.arg("row", e.row).arg("column", e.column),
    })?;
    let stored: Vec<StatementLine> = lines
        .iter()
        .map(|l| StatementLine {
            fingerprint: format!("{:x}", Sha256::digest(l.key.as_bytes())),
            booked_on: l.booked_on.clone(),
            amount_cents: l.amount_cents,
            communication: l.communication.clone(),
            counterparty: l.counterparty.clone(),
        })
        .collect();
    let outcomes = app
        .store
        .import_statement(
            f.id,
            &stored,
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::BankStatement,
                None,
                format!("{} lines", stored.len()),
            ),
            ready,
        )
        .await?;
    let mut report = ImportReport::default();
    for (i, (line, outcome)) in lines.iter().zip(outcomes).enumerate() {
        let row = i + 2;
        match outcome {
            LineOutcome::Matched(_) => report.matched += 1,
            LineOutcome::Already => report.already += 1,
            LineOutcome::Outgoing => report.outgoing += 1,
            LineOutcome::Unmatched => report.unmatched.push((
                row,
                line.booked_on.clone(),
                line.amount_cents,
                line.communication.clone(),
            )),
            LineOutcome::Ambiguous(order) => report.ambiguous.push((
                row,
                line.booked_on.clone(),
                line.amount_cents,
                line.communication.clone(),
                order,
            )),
        }
    }
    Ok(report)
}

/// The festival's sales: per type (with its quota), per day (tickets of orders placed that day,
/// not cancelled or refunded) and per section that sold them.
pub struct Dashboard {
    pub festival: FestivalRecord,
    pub types: Vec<(TicketTypeRecord, TypeSales)>,
    pub days: Vec<(String, u64)>,
    pub sections: Vec<(String, u64, i64)>,
    pub orders: Vec<OrderRecord>,
}

pub async fn dashboard(app: &App, caller: &Caller, id: FestivalId) -> Result<Dashboard> {
    let festival = festival_for(app, caller, id).await?;
    let sales = app.store.sales_by_type(festival.id).await?;
    let types = app
        .store
        .ticket_types(festival.id)
        .await?
        .into_iter()
        .map(|t| {
            let s = sales
                .iter()
                .find(|s| s.ticket_type == t.id)
                .cloned()
                .unwrap_or(TypeSales {
                    ticket_type: t.id,
                    paid: 0,
                    pending: 0,
                    revenue_cents: 0,
                });
            (t, s)
        })
        .collect();
    let orders = app.store.orders(festival.id).await?;
    let live = |o: &&OrderRecord| matches!(o.status, OrderStatus::Paid | OrderStatus::Pending);
    let tickets = |o: &OrderRecord| o.lines.iter().map(|l| u64::from(l.1)).sum::<u64>();
    let mut days: BTreeMap<String, u64> = BTreeMap::new();
    let mut sections: BTreeMap<Option<UnitId>, (u64, i64)> = BTreeMap::new();
    for o in orders.iter().filter(live) {
        *days.entry(o.created_at.date()).or_default() += tickets(o);
        let s = sections.entry(o.section).or_default();
        s.0 += tickets(o);
        if o.status == OrderStatus::Paid {
            s.1 += o.total_cents;
        }
    }
    let mut by_section = Vec::new();
    for (unit, (n, money)) in sections {
        let name = match unit {
            Some(u) => app.store.unit(u).await?.name.as_str().to_owned(),
            None => String::new(),
        };
        by_section.push((name, n, money));
    }
    Ok(Dashboard {
        festival,
        types,
        days: days.into_iter().rev().collect(),
        sections: by_section,
        orders,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans_are_checked_by_their_digits() {
        assert_eq!(
            parse_iban("BE68 5390 0754 7034").unwrap(),
            "BE68539007547034"
        );
        assert!(parse_iban("BE69 5390 0754 7034").is_err());
        assert!(parse_iban("GB82 WEST 1234 5698 7654 32").is_ok());
        assert!(parse_iban("hello").is_err());
    }
}

/// What bringing the festival back into the loop did.
#[derive(Debug, Clone, Default)]
pub struct LoopReport {
    pub placement: enquete_store::Placement,
    /// Buyers placed as contacts whose tickets entered, checked in at the festival's action now.
    pub entries: u64,
    /// Of them, moved up the ladder by that check-in.
    pub moved: u64,
}

/// Brings the festival back into the loop, again and again (what was done stays done): buyers
/// who agreed to be contacted become contacts of the section of their postcode (or of the
/// section that sold their order); those whose ticket entered are checked in at the festival's
/// own action, so the ladder rules move them as at any action. Volunteer shifts are actions
/// already.
pub async fn into_the_loop(app: &App, caller: &Caller, id: FestivalId) -> Result<LoopReport> {
    let f = festival_for(app, caller, id).await?;
    // The festival's unit and below: a regional festival's team places buyers in its region's
    // sections only (a national festival's: the whole organization).
    let unit = app.store.unit(f.unit).await?;
    let placement = app
        .store
        .place_buyers(
            f.id,
            &unit.path,
            caller.now,
            crate::audit::event(caller, AuditAction::FestivalBuyers, None, String::new()),
        )
        .await?;
    let action = app.store.festival_action(f.id, caller.now).await?;
    let mut report = LoopReport {
        placement,
        ..LoopReport::default()
    };
    for (person, at) in app.store.entered_buyers(f.id, action).await? {
        let out = app
            .store
            .check_in(
                action,
                person,
                Some(caller.id()),
                at,
                Some(crate::audit::event(
                    caller,
                    AuditAction::CheckIn,
                    Some(person),
                    format!("festival {}: entered", f.id.0),
                )),
            )
            .await?;
        if !out.already {
            report.entries += 1;
            report.moved += u64::from(out.moved_to.is_some());
        }
    }
    Ok(report)
}

/// What the festival added to each section it touched.
pub async fn gains(
    app: &App,
    caller: &Caller,
    id: FestivalId,
) -> Result<Vec<enquete_store::SectionGain>> {
    let f = festival_for(app, caller, id).await?;
    let unit = app.store.unit(f.unit).await?;
    Ok(app.store.festival_gains(f.id, &unit.path).await?)
}
