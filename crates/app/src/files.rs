//! The photos, recordings and files sent with responses (ODK forms' image, audio, video and
//! file questions): browsed by those who run a unit, each read written to the audit log; never
//! shown to analysts, whose results stay anonymous.

use crate::{App, Caller, Error, Result, audit};
use enquete_domain::audit::AuditAction;
use enquete_domain::policy::{Action, Target, allows};
use enquete_domain::survey::SurveyId;
use enquete_store::{AttachmentInfo, ResponseFile};

/// The most files a page lists.
pub const LIST_LIMIT: i64 = 500;

/// The files of a survey's responses collected in the caller's units, latest first.
pub async fn of_survey(app: &App, caller: &Caller, survey: SurveyId) -> Result<Vec<ResponseFile>> {
    if !allows(
        &caller.actor,
        Action::ViewResponseFiles,
        Target::unit(&caller.actor.scope),
    ) {
        return Err(Error::Forbidden);
    }
    app.store.survey(survey).await?;
    Ok(app
        .store
        .files_of_survey(survey, &caller.actor.scope, LIST_LIMIT)
        .await?)
}

/// One file, if the response was collected in the caller's units; the read is audited.
pub async fn one(
    app: &App,
    caller: &Caller,
    response: &str,
    name: &str,
) -> Result<(AttachmentInfo, Vec<u8>)> {
    let unit = app.store.response_unit(response).await?;
    let path = app.store.unit(unit).await?.path;
    if !allows(
        &caller.actor,
        Action::ViewResponseFiles,
        Target::unit(&path),
    ) {
        return Err(Error::Forbidden);
    }
    let found = app.store.attachment(response, name).await?;
    audit::read(
        app,
        caller,
        AuditAction::ViewResponseFile,
        None,
        format!("response {response}, {name}"),
    )
    .await?;
    Ok(found)
}
