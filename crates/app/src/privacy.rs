//! A person's rights over their data: everything held about them (subject access) and erasure.
//! A staff member asks through a page or the API ([`dossier`], [`erase`]: the policy decides);
//! the server's operator asks on the command line and the retention job erases on its own
//! ([`dossier_for`], [`erase_for`]: no account, the audit entry names who).

use crate::scope::person_for;
use crate::{App, Caller, Result};
use enquete_domain::audit::AuditAction;
use enquete_domain::people::PersonId;
use enquete_domain::policy::Action;
use enquete_domain::{FieldError, Timestamp};
use enquete_store::{AuditEvent, Dossier, Erasure};

/// Who acts when no account does, as the audit log names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    /// The server's operator, with `enquete person ...`.
    CommandLine,
    /// The daily job that erases contacts past the retention period.
    RetentionJob,
}

impl System {
    fn origin(self) -> &'static str {
        match self {
            System::CommandLine => "command line",
            System::RetentionJob => "retention job",
        }
    }

    pub(crate) fn event(
        self,
        action: AuditAction,
        person: PersonId,
        detail: String,
        now: Timestamp,
    ) -> AuditEvent {
        AuditEvent {
            at: now,
            user: None,
            action,
            person: Some(person),
            detail,
            ip: self.origin().to_owned(),
        }
    }
}

/// Everything held about a person, for a staff member who may see them; the read is audited.
pub async fn dossier(app: &App, caller: &Caller, id: PersonId) -> Result<Dossier> {
    let rec = person_for(app, caller, id, Action::ViewPerson).await?;
    let mut d = app.store.person_dossier(rec.person.id).await?;
    // Where a colleague stands is for the stewards of the workplace that assessed them and the
    // organizers above it: each assessment is shown only to those.
    add_assessments(app, &mut d, Some(caller)).await?;
    crate::audit::read(
        app,
        caller,
        AuditAction::SubjectAccessExport,
        Some(rec.person.id),
        String::new(),
    )
    .await?;
    Ok(d)
}

/// Everything held about a person, for the server's operator; the read is audited.
pub async fn dossier_for(app: &App, who: System, id: PersonId, now: Timestamp) -> Result<Dossier> {
    let mut d = app.store.person_dossier(id).await?;
    // The operator's copy is for the person themselves: their right of access covers what was
    // noted about where they stand.
    add_assessments(app, &mut d, None).await?;
    app.store
        .audit(&who.event(AuditAction::SubjectAccessExport, id, String::new(), now))
        .await?;
    Ok(d)
}

/// Erases a person at their request, for a staff member who may: `confirm` must be the
/// person's name exactly; `reason` (cut to 200 characters) goes into the audit entry.
pub async fn erase(
    app: &App,
    caller: &Caller,
    id: PersonId,
    confirm: &str,
    reason: &str,
) -> Result<Erasure> {
    let rec = person_for(app, caller, id, Action::ErasePerson).await?;
    if confirm.trim() != rec.person.name.as_str() {
        return Err(FieldError::new("confirm", "error-erase-confirm").into());
    }
    let reason = reason.trim().chars().take(200).collect::<String>();
    let event = crate::audit::event(
        caller,
        AuditAction::PersonErased,
        Some(rec.person.id),
        reason,
    );
    Ok(app.store.erase_person(rec.person.id, event).await?)
}

/// Erases a person for the operator or the retention job, with the reason in the audit entry.
pub async fn erase_for(
    app: &App,
    who: System,
    id: PersonId,
    reason: String,
    now: Timestamp,
) -> Result<Erasure> {
    let event = who.event(AuditAction::PersonErased, id, reason, now);
    Ok(app.store.erase_person(id, event).await?)
}

/// Adds the person's support assessments to their dossier: all of them (`caller` none: the
/// operator's copy, for the person), or those of the workplaces where the caller may see them.
async fn add_assessments(app: &App, d: &mut Dossier, caller: Option<&Caller>) -> Result<()> {
    for (unit, name, a) in app.store.person_assessments(d.record.person.id).await? {
        if let Some(caller) = caller
            && !crate::scope::may(caller, Action::AssessSupport, &app.store.unit(unit).await?)
        {
            continue;
        }
        d.participation.push(enquete_store::Participation {
            what: "support assessment".into(),
            title: name,
            at: a.at,
            detail: if a.note.is_empty() {
                format!("{} of 5", a.score.value())
            } else {
                format!("{} of 5: {}", a.score.value(), a.note)
            },
        });
    }
    Ok(())
}
