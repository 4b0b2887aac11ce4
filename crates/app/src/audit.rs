//! Audit entries for what a caller does or reads. A change's entry is handed to the store with
//! the change, so both are committed together; reads are written on their own.

use crate::{App, Caller, Result};
use enquete_domain::audit::AuditAction;
use enquete_domain::people::PersonId;
use enquete_store::AuditEvent;

/// An audit entry for what the caller does now.
pub fn event(
    caller: &Caller,
    action: AuditAction,
    person: Option<PersonId>,
    detail: String,
) -> AuditEvent {
    AuditEvent {
        at: caller.now,
        user: Some(caller.id()),
        action,
        person,
        detail,
        ip: caller.ip.clone(),
    }
}

/// Writes an audit entry for a read of personal data.
pub async fn read(
    app: &App,
    caller: &Caller,
    action: AuditAction,
    person: Option<PersonId>,
    detail: String,
) -> Result<()> {
    app.store
        .audit(&event(caller, action, person, detail))
        .await?;
    Ok(())
}

/// Records that a list of people was read: one entry in each shown person's log.
pub async fn list(
    app: &App,
    caller: &Caller,
    action: AuditAction,
    people: &[PersonId],
    detail: String,
) -> Result<()> {
    app.store
        .audit_list(&event(caller, action, None, detail), people)
        .await?;
    Ok(())
}
