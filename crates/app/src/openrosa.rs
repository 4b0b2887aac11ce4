//! ODK Collect and Enketo as clients (the OpenRosa protocol): the forms a canvasser may collect
//! with, the XForm of each published version and the files it needs, and submissions with their
//! photos and recordings, stored once per instance however often a phone sends them.

use crate::responses::{Collected, admit, may_collect};
use crate::{App, Caller, Error, Result};
use enquete_domain::FieldError;
use enquete_domain::policy::{Action, Target, allows};
use enquete_domain::survey::{Channel, is_file_name};
use enquete_formats::xform;
use enquete_store::{AttachmentOutcome, IngestOutcome, SurveyRecord};
use md5::{Digest, Md5};

/// The largest file a phone may send with a response, and all of them together.
pub const MAX_FILE: usize = 10 * 1024 * 1024;
pub const MAX_SUBMISSION: usize = 50 * 1024 * 1024;

/// One form in the list a phone downloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormEntry {
    pub form_id: String,
    pub name: String,
    /// The published version, as the XForm's `version` attribute says it.
    pub version: String,
    /// `md5:` and the XForm's digest, so a phone sees when a form changed.
    pub hash: String,
    /// Whether the form needs files (images, choice lists) listed in its manifest.
    pub has_media: bool,
}

/// A file sent with a submission.
pub struct Part {
    pub name: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// What a submission did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    Stored,
    /// The phone sent it before (same instance id): nothing stored twice; files it had not
    /// sent yet are added.
    Duplicate,
}

fn may_use(caller: &Caller) -> Result<()> {
    if allows(
        &caller.actor,
        Action::CollectResponses,
        Target::unit(&caller.actor.scope),
    ) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

fn md5_hex(data: &[u8]) -> String {
    Md5::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn version_of(s: &SurveyRecord) -> String {
    s.version.to_string()
}

fn entry(s: &SurveyRecord) -> FormEntry {
    let xml = xform::xform(&s.definition, &version_of(s));
    FormEntry {
        form_id: s.definition.form_id.clone(),
        name: s
            .definition
            .title
            .get(enquete_domain::people::Language::En)
            .to_owned(),
        version: version_of(s),
        hash: format!("md5:{}", md5_hex(xml.as_bytes())),
        has_media: !served_files(&s.definition).is_empty(),
    }
}

/// The forms the caller may collect with: the latest version of each survey.
pub async fn form_list(app: &App, caller: &Caller) -> Result<Vec<FormEntry>> {
    may_use(caller)?;
    Ok(app.store.surveys().await?.iter().map(entry).collect())
}

async fn latest(app: &App, form_id: &str) -> Result<SurveyRecord> {
    app.store
        .surveys()
        .await?
        .into_iter()
        .find(|s| s.definition.form_id == form_id)
        .ok_or(Error::NotFound("survey"))
}

/// The XForm of a survey's latest version.
pub async fn form(app: &App, caller: &Caller, form_id: &str) -> Result<String> {
    may_use(caller)?;
    let s = latest(app, form_id).await?;
    Ok(xform::xform(&s.definition, &version_of(&s)))
}

/// The files a survey's latest version needs that Enquête can serve: the CSV files its choices
/// come from, as (name, md5 hex). (Label images are not kept yet: a form that shows some works
/// without them.)
pub async fn manifest(app: &App, caller: &Caller, form_id: &str) -> Result<Vec<(String, String)>> {
    may_use(caller)?;
    let s = latest(app, form_id).await?;
    Ok(served_files(&s.definition))
}

fn served_files(def: &enquete_domain::survey::SurveyDefinition) -> Vec<(String, String)> {
    xform::manifest(def)
        .into_iter()
        .filter_map(|name| {
            let csv = enquete_formats::xlsform::choices_csv(def, &name)?;
            Some((name, md5_hex(&csv)))
        })
        .collect()
}

/// One file of a survey's latest version, as a phone downloads it.
pub async fn media(app: &App, caller: &Caller, form_id: &str, name: &str) -> Result<Vec<u8>> {
    may_use(caller)?;
    let s = latest(app, form_id).await?;
    enquete_formats::xlsform::choices_csv(&s.definition, name).ok_or(Error::NotFound("file"))
}

/// Takes one submission: the XForm instance and the files it names. The response goes through
/// the same checks as one from the canvassing page (the caller's own section, the form's logic
/// on the server); the files are kept beside it.
pub async fn submit(app: &App, caller: &Caller, xml: &[u8], parts: Vec<Part>) -> Result<Submitted> {
    may_use(caller)?;
    let (form_id, version) =
        xform::instance_form(xml).map_err(|e| input("xml_submission_file", e))?;
    let latest = latest(app, &form_id).await?;
    let survey = match version.as_deref().and_then(|v| v.parse::<i64>().ok()) {
        Some(v) if v != latest.version => app.store.survey_version(latest.id, v).await?,
        _ => latest,
    };
    let instance = xform::parse_instance(&survey.definition, xml)
        .map_err(|e| input("xml_submission_file", e))?;
    let id = instance
        .instance_id
        .as_deref()
        .unwrap_or("")
        .trim()
        .trim_start_matches("uuid:")
        .to_lowercase();
    if !is_uuid(&id) {
        return Err(FieldError::new("instanceID", "error-instance-id").into());
    }
    let mut total = 0usize;
    for p in &parts {
        total = total.saturating_add(p.data.len());
        if !instance.attachments.contains(&p.name) || !is_file_name(&p.name) {
            return Err(FieldError::new("file", "error-attachment-unnamed")
                .arg("name", &p.name)
                .into());
        }
        if p.data.len() > MAX_FILE {
            return Err(FieldError::new("file", "error-attachment-too-big")
                .arg("name", &p.name)
                .arg("max", MAX_FILE / (1024 * 1024))
                .into());
        }
    }
    if total > MAX_SUBMISSION {
        return Err(FieldError::new("file", "error-submission-too-big")
            .arg("max", MAX_SUBMISSION / (1024 * 1024))
            .into());
    }
    let unit = app.store.unit(caller.unit).await?;
    let collected_at = collection_time(&survey.definition, &instance.answers, caller.now);
    let collected = Collected {
        id: id.clone(),
        channel: Channel::Door,
        collected_at,
        answers: instance.answers,
        contact: None,
        collector: Some(caller.id()),
        origin: caller.ip.clone(),
    };
    let response =
        admit(&survey, &unit, may_collect(caller, &unit), collected).map_err(|r| Error::Input {
            field: r.field,
            problem: r.problem,
        })?;
    let outcome = app.store.ingest_responses(&[response], caller.now).await?;
    for p in parts {
        match app
            .store
            .put_attachment(&id, &p.name, &p.content_type, &p.data, caller.now)
            .await?
        {
            AttachmentOutcome::Stored | AttachmentOutcome::Duplicate => {}
        }
    }
    Ok(match outcome.first() {
        Some(IngestOutcome::Duplicate) => Submitted::Duplicate,
        _ => Submitted::Stored,
    })
}

/// When the form was filled in: its `end` (else `start`) metadata, as the phone recorded it,
/// when that is a plausible time; else now.
fn collection_time(
    def: &enquete_domain::survey::SurveyDefinition,
    answers: &enquete_domain::survey::Answers,
    now: enquete_domain::Timestamp,
) -> enquete_domain::Timestamp {
    use enquete_domain::survey::{
        AnswerValue, QuestionKind, datetime_from_str, plausible_collection_time,
    };
    ["end", "start"]
        .iter()
        .filter_map(|what| {
            let q = def
                .questions
                .iter()
                .find(|q| matches!(&q.kind, QuestionKind::Metadata { what: w } if w == what))?;
            match answers.0.get(&q.key())? {
                AnswerValue::Text(t) => datetime_from_str(t),
                _ => None,
            }
        })
        .map(|ms| ms.div_euclid(1000))
        .find(|at| plausible_collection_time(*at, now))
        .map_or(now, enquete_domain::Timestamp)
}

fn input(field: &str, e: impl std::fmt::Display) -> Error {
    Error::Input {
        field: field.to_owned(),
        problem: enquete_domain::Problem::new("error-xform-instance").arg("detail", e),
    }
}

/// `8-4-4-4-12` lower-case hex digits.
fn is_uuid(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_ids_are_uuids() {
        assert!(is_uuid("0190a000-0000-7000-8000-000000000001"));
        assert!(!is_uuid("0190a000-0000-7000-8000"));
        assert!(!is_uuid("../../etc/passwd"));
    }
}
