//! Surveys: the list, one survey's questions, XLSForm upload (publishes a new survey or a new
//! version) and download.

use super::chrome::{Chrome, page, see_other};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::Id;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use enquete_domain::org::UnitId;
use enquete_domain::policy::{Action, Target, allows};
use enquete_domain::survey::{QuestionKind, SurveyId};
use enquete_domain::{FieldError, Timestamp};

struct Row {
    id: i64,
    title: String,
    version: i64,
    questions: usize,
    responses: String,
}

#[derive(Template)]
#[template(path = "surveys.html")]
struct ListPage {
    c: Chrome,
    surveys: Vec<Row>,
    can_publish: bool,
    can_collect: bool,
}

fn may(staff: &Staff, action: Action) -> bool {
    allows(
        &staff.caller.actor,
        action,
        Target::unit(&staff.user.unit_path),
    )
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    if !may(&staff, Action::ViewSurveys) {
        return Err(AppError::Forbidden);
    }
    let c = Chrome::new(&staff.ctx);
    // Response counts are national aggregates: for accounts at the top of the tree that may
    // see counts.
    let counts = may(&staff, Action::ViewAggregates) && staff.user.unit_path.depth() == 1;
    let mut surveys = Vec::new();
    for s in state.store.surveys().await? {
        let responses = if counts {
            c.tr.number(state.store.count_responses(s.id).await?)
        } else {
            String::new()
        };
        surveys.push(Row {
            id: s.id.0,
            title: s.definition.title.get(c.tr.lang).to_owned(),
            version: s.version,
            questions: s.definition.questions.len(),
            responses,
        });
    }
    page(&ListPage {
        can_publish: may(&staff, Action::PublishSurvey),
        can_collect: may(&staff, Action::CollectResponses),
        c,
        surveys,
    })
}

struct QuestionRow {
    name: String,
    label: String,
    kind: String,
    required: bool,
    demographic: bool,
    relevant: String,
    choices: String,
}

#[derive(Template)]
#[template(path = "survey.html")]
struct SurveyPage {
    c: Chrome,
    id: i64,
    title: String,
    version: i64,
    published: String,
    questions: Vec<QuestionRow>,
    can_collect: bool,
    units: Vec<(i64, String)>,
    can_link: bool,
    links: Vec<(crate::share::PublicLink, String, bool)>,
    /// Photos and files sent with responses, for those who run a unit.
    can_see_files: bool,
}

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    if !may(&staff, Action::ViewSurveys) {
        return Err(AppError::Forbidden);
    }
    let s = state.store.survey(SurveyId(id)).await?;
    let c = Chrome::new(&staff.ctx);
    let lang = c.tr.lang;
    let questions = s
        .definition
        .questions
        .iter()
        .map(|q| QuestionRow {
            name: q.key(),
            label: q.label.get(lang).to_owned(),
            kind: match &q.kind {
                QuestionKind::Ranking { max, .. } => format!("{} ({max})", c.t("qtype-ranking")),
                QuestionKind::Scale { min, max } => format!("{} ({min}-{max})", c.t("qtype-scale")),
                other => c.t(&format!("qtype-{}", other.type_name().replace('_', "-"))),
            },
            required: q.required,
            demographic: q.demographic,
            relevant: q.relevant.clone().unwrap_or_default(),
            choices: q
                .kind
                .choices()
                .iter()
                .map(|ch| ch.label.get(lang))
                .collect::<Vec<_>>()
                .join(" · "),
        })
        .collect();
    page(&SurveyPage {
        id: s.id.0,
        title: s.definition.title.get(lang).to_owned(),
        version: s.version,
        published: s.published_at.display(),
        questions,
        can_collect: may(&staff, Action::CollectResponses),
        units: collect_units(&state, &staff).await?,
        can_link: may(&staff, Action::PublishSurvey),
        links: links_in_scope(&state, &staff, s.id).await?,
        can_see_files: may(&staff, Action::ViewResponseFiles),
        c,
    })
}

/// The open public links of a survey for sections the account looks after.
async fn links_in_scope(
    state: &AppState,
    staff: &Staff,
    survey: SurveyId,
) -> AppResult<Vec<(crate::share::PublicLink, String, bool)>> {
    let mut out = Vec::new();
    for link in state.store.links_of(survey).await? {
        let unit = state.store.unit(link.unit).await?;
        if allows(
            &staff.caller.actor,
            Action::CollectResponses,
            Target::unit(&unit.path),
        ) {
            let path = format!("/s/{}", link.token);
            out.push((
                crate::share::PublicLink::new(
                    &state.config.public_url,
                    &link.token,
                    &path,
                    &format!("{path}/qr.svg"),
                ),
                unit.name.as_str().to_owned(),
                link.one_per_email,
            ));
        }
    }
    Ok(out)
}

#[derive(serde::Deserialize)]
pub struct LinkForm {
    unit: i64,
    one_per_email: Option<String>,
}

/// Opens a public link to answer the survey online for one section.
pub async fn create_link(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    crate::extract::Form(f): crate::extract::Form<LinkForm>,
) -> AppResult<Response> {
    enquete_app::surveys::open_link(
        &state,
        &staff.caller,
        SurveyId(id),
        UnitId(f.unit),
        f.one_per_email.is_some(),
    )
    .await?;
    Ok(see_other(&format!("/surveys/{id}?done=link-created")))
}

/// Sections the account may collect responses for.
async fn collect_units(state: &AppState, staff: &Staff) -> AppResult<Vec<(i64, String)>> {
    Ok(
        enquete_app::scope::sections_where(state, &staff.caller, Action::CollectResponses)
            .await?
            .into_iter()
            .map(|u| (u.id.0, u.name.as_str().to_owned()))
            .collect(),
    )
}

#[derive(Template)]
#[template(path = "paper_report.html")]
struct ReportPage {
    c: Chrome,
    id: i64,
    title: String,
    imported: usize,
    already_there: usize,
    refused: bool,
    bad_rows: Vec<(usize, String, String)>,
}

/// Upload of a CSV of paper forms (multipart: `csrf`, `unit`, `skip_bad`, `file`).
pub async fn import_paper(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    form: Multipart,
) -> AppResult<Response> {
    if !may(&staff, Action::CollectResponses) {
        return Err(AppError::Forbidden);
    }
    let survey = state.store.survey(SurveyId(id)).await?;
    let (fields, bytes) = crate::extract::upload(form, &staff.ctx, "error-choose-csv").await?;
    let unit = fields.get("unit").cloned().unwrap_or_default();
    let skip_bad = fields.contains_key("skip_bad");
    let default_unit = match unit.trim() {
        "" => None,
        raw => {
            let id = raw
                .parse::<i64>()
                .map_err(|_| FieldError::new("unit", "error-unit-number"))?;
            Some(
                enquete_app::scope::unit_for(
                    &state,
                    &staff.caller,
                    UnitId(id),
                    Action::CollectResponses,
                )
                .await?,
            )
        }
    };
    let actor = staff.caller.actor.clone();
    let report = enquete_app::paper::import(
        &state.store,
        &survey,
        &bytes,
        default_unit.as_ref(),
        |u| allows(&actor, Action::CollectResponses, Target::unit(&u.path)),
        Some(staff.id()),
        skip_bad,
        &staff.ctx.ip,
        Timestamp::now_utc(),
    )
    .await?;
    let c = Chrome::new(&staff.ctx);
    let mut response = page(&ReportPage {
        id: survey.id.0,
        title: survey.definition.title.get(c.tr.lang).to_owned(),
        imported: report.imported,
        already_there: report.already_there,
        refused: report.refused,
        bad_rows: report
            .bad_rows
            .into_iter()
            .map(|r| (r.row, r.column, c.tr.problem(&r.problem)))
            .collect(),
        c,
    })?;
    if report.refused {
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub async fn download(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Response> {
    if !may(&staff, Action::ViewSurveys) {
        return Err(AppError::Forbidden);
    }
    let s = state.store.survey(SurveyId(id)).await?;
    let bytes = enquete_formats::xlsform::export(&s.definition)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let filename = format!(
        "attachment; filename=\"{}-v{}.xlsx\"",
        s.definition.form_id, s.version
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, filename),
        ],
        bytes,
    )
        .into_response())
}

/// Upload of an XLSForm (multipart: `csrf` then `file`).
pub async fn import(
    State(state): State<AppState>,
    staff: Staff,
    form: Multipart,
) -> AppResult<Response> {
    if !may(&staff, Action::PublishSurvey) {
        return Err(AppError::Forbidden);
    }
    let (_, bytes, attachments) =
        crate::extract::upload_with(form, &staff.ctx, "error-choose-xlsform").await?;
    let refused = |field: &str, e: enquete_formats::xlsform::XlsFormErrors| AppError::Input {
        field: field.into(),
        problem: enquete_domain::Problem::new("error-xlsform").arg("detail", e),
    };
    let mut definition =
        enquete_formats::xlsform::import(&bytes).map_err(|e| refused("file", e))?;
    for (name, data) in &attachments {
        enquete_formats::xlsform::attach(&mut definition, name, data)
            .map_err(|e| refused("attachments", e))?;
    }
    let missing = enquete_formats::xlsform::missing_files(&definition);
    if !missing.is_empty() {
        return Err(AppError::Input {
            field: "attachments".into(),
            problem: enquete_domain::Problem::new("error-xlsform-needs-files")
                .arg("files", missing.join(", ")),
        });
    }
    let rec = enquete_app::surveys::publish(&state, &staff.caller, &definition).await?;
    Ok(see_other(&format!(
        "/surveys/{}?done=survey-published",
        rec.id
    )))
}
