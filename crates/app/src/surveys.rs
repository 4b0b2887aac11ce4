//! Publishing surveys: a new survey, or a new version of one the caller's scope owns, from a
//! definition (the designer's draft, an XLSForm workbook, a JSON body). Published versions never
//! change.

use crate::scope::publish_rights;
use crate::{App, Caller, Result};
use enquete_domain::survey::SurveyDefinition;
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
