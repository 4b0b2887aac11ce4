//! Petitions: who reads their signatures, and starting one.

use crate::{App, Caller, Error, Result};
use enquete_domain::campaign::{CampaignId, PetitionDraft, PetitionId};
use enquete_domain::policy::{Action, Target, allows};
use enquete_store::PetitionRecord;

/// Whether the account may read a petition's signatures: those who run it, and organizers of
/// units it reaches (for the signatures credited to their units).
pub fn reads(caller: &Caller, p: &PetitionRecord) -> bool {
    allows(
        &caller.actor,
        Action::ManagePetitions,
        Target::unit(&p.unit_path),
    ) || (caller.actor.scope.is_within(&p.unit_path)
        && allows(
            &caller.actor,
            Action::ManagePetitions,
            Target::unit(&caller.actor.scope),
        ))
}

/// The part of the tree whose signatures the account reads.
pub fn reading_root(caller: &Caller, p: &PetitionRecord) -> enquete_domain::org::UnitPath {
    if allows(
        &caller.actor,
        Action::ManagePetitions,
        Target::unit(&p.unit_path),
    ) {
        p.unit_path.clone()
    } else {
        caller.actor.scope.clone()
    }
}

pub async fn petition_for(app: &App, caller: &Caller, id: PetitionId) -> Result<PetitionRecord> {
    let p = app.store.petition(id).await?;
    if !reads(caller, &p) {
        return Err(Error::Forbidden);
    }
    Ok(p)
}

/// Starts a petition; shared with the API.
pub async fn open(
    app: &App,
    caller: &Caller,
    unit: enquete_domain::org::UnitId,
    campaign: Option<CampaignId>,
    draft: &PetitionDraft,
) -> Result<PetitionRecord> {
    let unit =
        crate::campaigns::work_unit(app, caller, unit, Action::ManagePetitions, campaign).await?;
    Ok(app
        .store
        .create_petition(
            unit.id,
            campaign,
            draft,
            &crate::auth::random_token(),
            Some(caller.id()),
            caller.now,
        )
        .await?)
}
