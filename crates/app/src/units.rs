//! The organization tree: adding, renaming, moving, archiving and restoring units. The pages and
//! the API both come here; `unit_field` names the parent in errors the way the caller's form or
//! body does (`None`: a missing parent is simply not found).

use crate::scope::unit_for;
use crate::{App, Caller, Error, Result};
use enquete_domain::FieldError;
use enquete_domain::org::{Unit, UnitId, UnitKind, UnitName};
use enquete_domain::policy::Action;

/// The unit to put units below, as the caller may.
async fn parent_for(
    app: &App,
    caller: &Caller,
    parent: UnitId,
    parent_field: Option<&'static str>,
) -> Result<Unit> {
    unit_for(app, caller, parent, Action::CreateUnit)
        .await
        .map_err(|e| match (e, parent_field) {
            (Error::NotFound(_), Some(field)) => {
                Error::Field(FieldError::new(field, "error-no-unit"))
            }
            (e, _) => e,
        })
}

/// Adds a unit of `kind` called `name` below `parent`.
pub async fn create(
    app: &App,
    caller: &Caller,
    parent: UnitId,
    parent_field: Option<&'static str>,
    kind: &str,
    name: &str,
) -> Result<Unit> {
    let parent = parent_for(app, caller, parent, parent_field).await?;
    let kind = UnitKind::parse(kind)?;
    let name = UnitName::parse(name)?;
    Ok(app
        .store
        .create_unit(Some(parent.id), kind, &name, caller.now)
        .await?)
}

/// Renames a unit.
pub async fn rename(app: &App, caller: &Caller, id: UnitId, name: &str) -> Result<Unit> {
    let unit = unit_for(app, caller, id, Action::ChangeUnit).await?;
    let name = UnitName::parse(name)?;
    Ok(app.store.rename_unit(unit.id, &name).await?)
}

/// Moves a unit, with everything below it, under another: the caller must also be allowed to
/// put units below the new parent.
pub async fn move_to(
    app: &App,
    caller: &Caller,
    id: UnitId,
    parent: UnitId,
    parent_field: Option<&'static str>,
) -> Result<Unit> {
    let unit = unit_for(app, caller, id, Action::ChangeUnit).await?;
    let parent = parent_for(app, caller, parent, parent_field).await?;
    Ok(app.store.move_unit(unit.id, parent.id).await?)
}

/// Archives a unit with everything below it.
pub async fn archive(app: &App, caller: &Caller, id: UnitId) -> Result<Unit> {
    let unit = unit_for(app, caller, id, Action::ChangeUnit).await?;
    Ok(app.store.archive_unit(unit.id, caller.now).await?)
}

/// Restores an archived unit with everything below it.
pub async fn restore(app: &App, caller: &Caller, id: UnitId) -> Result<Unit> {
    let unit = unit_for(app, caller, id, Action::ChangeUnit).await?;
    Ok(app.store.restore_unit(unit.id).await?)
}

/// Sets the postcodes a section covers: codes separated by spaces, commas or lines (at most
/// 200).
pub async fn set_postcodes(app: &App, caller: &Caller, id: UnitId, text: &str) -> Result<()> {
    let unit = unit_for(app, caller, id, Action::ChangeUnit).await?;
    let codes: Vec<String> = text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    if codes.len() > 200 {
        return Err(
            enquete_domain::FieldError::new("postcodes", "error-too-many-postcodes")
                .arg("max", 200)
                .into(),
        );
    }
    Ok(app
        .store
        .set_postcodes(
            unit.id,
            &codes,
            crate::audit::event(
                caller,
                enquete_domain::audit::AuditAction::SectionPostcodes,
                None,
                format!("unit {}: postcodes {}", unit.id.0, codes.join(" ")),
            ),
        )
        .await?)
}
