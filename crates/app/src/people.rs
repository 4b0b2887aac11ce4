//! People: moving them on the ladder, their consents.

use crate::scope::{person_for, unit_for};
use crate::{App, Caller, Error, Result};
use enquete_domain::FieldError;
use enquete_domain::audit::AuditAction;
use enquete_domain::org::UnitId;
use enquete_domain::people::{
    ConsentPurpose, ConsentSource, MoveReason, NewConsent, PersonDetails, PersonId, Stage,
    StageChange,
};
use enquete_domain::policy::Action;
use enquete_store::PersonRecord;

/// Moves a person on the ladder for a caller member: the policy, the rules, and the audit entry
/// in the same transaction. Shared by the page and the API (`via` marks the API in the log).
pub async fn move_on_ladder(
    app: &App,
    caller: &Caller,
    id: PersonId,
    to: &str,
    reason: &str,
) -> Result<PersonRecord> {
    let rec = person_for(app, caller, id, Action::MoveStage).await?;
    let to = Stage::parse(to)?;
    let reason = MoveReason::parse(reason)?;
    let detail = format!(
        "{}{} -> {}",
        caller.door.marker(),
        rec.person.stage.as_str(),
        to.as_str()
    );
    let event = crate::audit::event(caller, AuditAction::MoveStage, Some(rec.person.id), detail);
    Ok(app
        .store
        .move_stage(
            rec.person.id,
            to,
            &reason,
            Some(caller.id()),
            caller.now,
            Some(event),
        )
        .await?)
}

/// Records a consent given or withdrawn, with its audit entry. Shared by the page and the API.
pub async fn record_consent(
    app: &App,
    caller: &Caller,
    id: PersonId,
    purpose: &str,
    granted: bool,
    source: &str,
) -> Result<()> {
    let rec = person_for(app, caller, id, Action::EditPerson).await?;
    let purpose = ConsentPurpose::parse(purpose)?;
    let source = ConsentSource::parse(source)?;
    let detail = format!(
        "{}{} {}",
        caller.door.marker(),
        purpose.as_str(),
        if granted { "given" } else { "withdrawn" }
    );
    let event = crate::audit::event(caller, AuditAction::Consent, Some(rec.person.id), detail);
    app.store
        .record_consent(
            rec.person.id,
            &NewConsent {
                purpose,
                granted,
                source,
            },
            Some(caller.id()),
            caller.now,
            Some(event),
        )
        .await?;
    Ok(())
}

/// Adds a person to a unit at the first rung of the ladder, with their consent to be contacted
/// when it was asked (`None`: not asked), recorded as given by the caller. `no_unit` is the error
/// for a unit that does not exist, naming it as the caller's form or body calls it.
pub async fn create(
    app: &App,
    caller: &Caller,
    unit: UnitId,
    no_unit: (&'static str, &'static str),
    details: &PersonDetails,
    consent_to_contact: Option<bool>,
) -> Result<PersonRecord> {
    let unit = unit_for(app, caller, unit, Action::CreatePerson)
        .await
        .map_err(|e| match e {
            Error::NotFound(_) => Error::Field(FieldError::new(no_unit.0, no_unit.1)),
            e => e,
        })?;
    let consents = match consent_to_contact {
        Some(granted) => vec![NewConsent {
            purpose: ConsentPurpose::Contact,
            granted,
            source: ConsentSource::recorded_by(&caller.name, caller.door.consent_phrase())?,
        }],
        None => Vec::new(),
    };
    let detail = door_detail(caller);
    Ok(app
        .store
        .create_person(
            unit.id,
            details,
            &consents,
            Some(caller.id()),
            caller.now,
            Some(crate::audit::event(
                caller,
                AuditAction::Create,
                None,
                detail,
            )),
        )
        .await?)
}

/// What the audit entry of a read says about the door: "api" for the API, nothing otherwise.
fn door_detail(caller: &Caller) -> String {
    match caller.door {
        crate::Door::Api => "api".to_owned(),
        _ => String::new(),
    }
}

/// Reads a person's record, written to their audit log.
pub async fn read(app: &App, caller: &Caller, id: PersonId) -> Result<PersonRecord> {
    let rec = person_for(app, caller, id, Action::ViewPerson).await?;
    let detail = door_detail(caller);
    crate::audit::read(app, caller, AuditAction::View, Some(rec.person.id), detail).await?;
    Ok(rec)
}

/// Reads a person's moves on the ladder, oldest first, written to their audit log.
pub async fn history(app: &App, caller: &Caller, id: PersonId) -> Result<Vec<StageChange>> {
    let rec = person_for(app, caller, id, Action::ViewPerson).await?;
    let detail = door_detail(caller);
    crate::audit::read(
        app,
        caller,
        AuditAction::ViewHistory,
        Some(rec.person.id),
        detail,
    )
    .await?;
    Ok(app.store.stage_history(rec.person.id).await?)
}

/// Replaces the details of a person the caller may edit (not their stage nor their unit).
pub async fn update(
    app: &App,
    caller: &Caller,
    id: PersonId,
    details: &PersonDetails,
) -> Result<PersonRecord> {
    let rec = person_for(app, caller, id, Action::EditPerson).await?;
    update_record(app, caller, &rec, details).await
}

/// Replaces the details of a record already loaded for editing (by `scope::person_for` with
/// `Action::EditPerson`), with its audit entry.
pub async fn update_record(
    app: &App,
    caller: &Caller,
    rec: &PersonRecord,
    details: &PersonDetails,
) -> Result<PersonRecord> {
    let event = crate::audit::event(
        caller,
        AuditAction::Edit,
        Some(rec.person.id),
        door_detail(caller),
    );
    Ok(app
        .store
        .update_person(rec.person.id, details, caller.now, Some(event))
        .await?)
}

/// Merges the record `other` into `keep` (both records of one person the caller may merge):
/// everything `other` holds moves to `keep`, and `other` is gone.
pub async fn merge(app: &App, caller: &Caller, keep: PersonId, other: PersonId) -> Result<()> {
    let keep = person_for(app, caller, keep, Action::MergePeople).await?;
    let other = person_for(app, caller, other, Action::MergePeople)
        .await
        .map_err(|e| match e {
            Error::NotFound(_) => Error::Field(FieldError::new("other", "error-no-person")),
            e => e,
        })?;
    let event = crate::audit::event(
        caller,
        AuditAction::Merge,
        Some(keep.person.id),
        format!("merged #{} into it", other.person.id),
    );
    app.store
        .merge_people(
            keep.person.id,
            other.person.id,
            Some(caller.id()),
            caller.now,
            Some(event),
        )
        .await?;
    Ok(())
}

/// A few people the caller may see whose name (or e-mail address, or phone) matches `typed`,
/// for choosing one by name; the reading is in the audit log. `within`: only this unit and
/// below (it must be a unit the caller may list people of).
pub async fn pick(
    app: &App,
    caller: &Caller,
    typed: &str,
    within: Option<UnitId>,
    limit: u32,
) -> Result<Vec<PersonRecord>> {
    let visibility = enquete_domain::policy::people_visibility(&caller.actor);
    if visibility == enquete_domain::policy::PeopleVisibility::None {
        return Err(Error::Forbidden);
    }
    let text = enquete_domain::people::SearchText::parse(typed)?;
    if text.as_str().trim().is_empty() {
        return Ok(Vec::new());
    }
    let unit = match within {
        Some(id) => Some(unit_for(app, caller, id, Action::ListPeople).await?.path),
        None => None,
    };
    let query = enquete_store::PeopleQuery {
        text: text.into_string(),
        unit,
        stage: None,
        tag: None,
        limit: limit.clamp(1, 20),
        offset: 0,
    };
    let found = app.store.search_people(&visibility, &query).await?;
    let shown: Vec<PersonId> = found.people.iter().map(|r| r.person.id).collect();
    crate::audit::list(
        app,
        caller,
        AuditAction::Search,
        &shown,
        format!("pick q={typed:?} shown={}", shown.len()),
    )
    .await?;
    Ok(found.people)
}

/// The person a form names in its `field`: chosen from the list (a number), or typed by name,
/// when exactly one person the caller may see has it (forms work without scripts too).
pub async fn resolve(
    app: &App,
    caller: &Caller,
    field: &'static str,
    typed: &str,
    within: Option<UnitId>,
) -> Result<PersonId> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(FieldError::new(field, "error-person-pick").into());
    }
    if let Ok(id) = typed.parse::<i64>() {
        return Ok(PersonId(id));
    }
    let found = pick(app, caller, typed, within, 2).await?;
    match found.as_slice() {
        [one] => Ok(one.person.id),
        [] => Err(FieldError::new(field, "error-person-no-match").into()),
        _ => Err(FieldError::new(field, "error-person-several").into()),
    }
}
