//! Publishing surveys: a new survey, or a new version of one the caller's scope owns, from a
//! definition (the designer's draft, an XLSForm workbook, a JSON body). Published versions never
//! change. Drafts of the designer, and the public links that collect answers online.

use crate::scope::{publish_rights, unit_for};
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

/// Publishes the designer's draft of `form_id`, and forgets the draft.
pub async fn publish_draft(app: &App, caller: &Caller, form_id: &str) -> Result<SurveyRecord> {
    let owner = publish_rights(app, caller, form_id).await?;
    Ok(app
        .store
        .publish_draft(form_id, Some(caller.id()), owner, caller.now)
        .await?)
}

/// Saves a designer's draft, only if the whole survey still holds together (what is saved can
/// always be published).
pub async fn save_draft(app: &App, caller: &Caller, draft: &SurveyDefinition) -> Result<()> {
    draft.validate()?;
    app.store
        .save_draft(draft, Some(caller.id()), caller.now)
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
        return Err(FieldError::new("unit", "a link collects for one section").into());
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
