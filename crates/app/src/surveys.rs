//! Publishing surveys: a new survey, or a new version of one the caller's scope owns, from a
//! definition (the designer's draft, an XLSForm workbook, a JSON body). Published versions never
//! change. Drafts of the designer, and the public links that collect answers online.

use crate::scope::{may_publish_in, publish_rights, unit_for};
use crate::{App, Caller, Error, Result};
use enquete_domain::FieldError;
use enquete_domain::org::UnitId;
use enquete_domain::policy::{Action, Target, allows};
use enquete_domain::survey::{SurveyDefinition, SurveyId};
use enquete_store::SurveyRecord;

/// Publishes a definition as a new survey (owned by the caller's unit) or as a new version of
/// the survey with the same `form_id`.
pub async fn publish(app: &App, caller: &Caller, def: &SurveyDefinition) -> Result<SurveyRecord> {
    let owner = publish_rights(app, caller, &def.form_id).await?;
    Ok(app
        .store
        .publish_survey(def, Some(caller.id()), owner, caller.now)
        .await?)
}

/// The designer's draft of `form_id`, if the caller may work on it: a draft belongs to the unit
/// where it was started, and only those who may publish surveys there open, change, publish or
/// discard it (the rule of [`publish_rights`] for published surveys).
pub async fn draft_for(app: &App, caller: &Caller, form_id: &str) -> Result<SurveyDefinition> {
    let owner = app
        .store
        .draft_owner(form_id)
        .await?
        .ok_or(Error::NotFound("draft"))?;
    may_publish_in(app, caller, owner).await?;
    publish_rights(app, caller, form_id).await?;
    app.store
        .draft(form_id)
        .await?
        .ok_or(Error::NotFound("draft"))
}

/// The form ids of the drafts the caller may work on, by name.
pub async fn drafts(app: &App, caller: &Caller) -> Result<Vec<String>> {
    let mut mine = Vec::new();
    for form_id in app.store.drafts().await? {
        let Some(owner) = app.store.draft_owner(&form_id).await? else {
            continue;
        };
        if may_publish_in(app, caller, owner).await.is_ok() {
            mine.push(form_id);
        }
    }
    Ok(mine)
}

/// Publishes the designer's draft of `form_id`, and forgets the draft. A new survey belongs to
/// the draft's unit.
pub async fn publish_draft(app: &App, caller: &Caller, form_id: &str) -> Result<SurveyRecord> {
    let draft_owner = app
        .store
        .draft_owner(form_id)
        .await?
        .ok_or(Error::NotFound("draft"))?;
    may_publish_in(app, caller, draft_owner).await?;
    let owner = publish_rights(app, caller, form_id).await?.and(draft_owner);
    Ok(app
        .store
        .publish_draft(form_id, Some(caller.id()), owner, caller.now)
        .await?)
}

/// Saves a designer's draft, only if the whole survey still holds together (what is saved can
/// always be published). A draft saved for the first time belongs to the caller's unit (a new
/// survey) or to the published survey's owner (a new version); later saves need the rights on
/// that unit.
pub async fn save_draft(app: &App, caller: &Caller, draft: &SurveyDefinition) -> Result<()> {
    let owner = match app.store.draft_owner(&draft.form_id).await? {
        Some(owner) => {
            may_publish_in(app, caller, owner).await?;
            publish_rights(app, caller, &draft.form_id).await?;
            owner
        }
        None => match publish_rights(app, caller, &draft.form_id).await? {
            Some(unit) => Some(unit),
            None => app.store.survey_owner(&draft.form_id).await?.flatten(),
        },
    };
    draft.validate()?;
    app.store
        .save_draft(draft, Some(caller.id()), owner, caller.now)
        .await?;
    Ok(())
}

/// Opens a public link to answer a survey online for one section; `one_per_email` takes one
/// answer per e-mail address. Returns the link's token.
pub async fn open_link(
    app: &App,
    caller: &Caller,
    survey: SurveyId,
    unit: UnitId,
    one_per_email: bool,
) -> Result<String> {
    let here = Target::unit(&caller.actor.scope);
    if !allows(&caller.actor, Action::PublishSurvey, here) {
        return Err(Error::Forbidden);
    }
    let survey = app.store.survey(survey).await?;
    let unit = unit_for(app, caller, unit, Action::CollectResponses).await?;
    if !unit.kind.is_section() {
        return Err(FieldError::new("unit", "error-link-section").into());
    }
    let token: String = crate::auth::random_token().chars().take(24).collect();
    app.store
        .create_link(
            &token,
            survey.id,
            unit.id,
            one_per_email,
            Some(caller.id()),
            caller.now,
        )
        .await?;
    Ok(token)
}
