//! The survey designer: write or change a survey question by question, in four languages, then
//! publish it as a new version. The draft is checked as a whole after every change, so what is
//! saved can always be published.

use super::chrome::{Chrome, page, see_other};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use enquete_domain::FieldError;
use enquete_domain::people::Language;
use enquete_domain::policy::{Action, Target, allows};
use enquete_domain::survey::{Choice, Labels, Question, QuestionKind, SurveyDefinition, SurveyId};
use serde::Deserialize;

fn may(staff: &Staff) -> AppResult<()> {
    if allows(
        &staff.caller.actor,
        Action::PublishSurvey,
        Target::unit(&staff.user.unit_path),
    ) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Loads a draft the caller may work on (`app::surveys::draft_for`: the draft's unit decides).
async fn load(state: &AppState, staff: &Staff, form_id: &str) -> AppResult<SurveyDefinition> {
    Ok(enquete_app::surveys::draft_for(state, &staff.caller, form_id).await?)
}

/// Saves a draft only if the whole survey still holds together.
async fn save(state: &AppState, staff: &Staff, draft: &SurveyDefinition) -> AppResult<()> {
    Ok(enquete_app::surveys::save_draft(state, &staff.caller, draft).await?)
}

fn labels_from(
    field: &'static str,
    nl: &str,
    fr: &str,
    de: &str,
    en: &str,
) -> Result<Labels, FieldError> {
    let mut out = Labels::default();
    for (lang, text) in [
        (Language::Nl, nl),
        (Language::Fr, fr),
        (Language::De, de),
        (Language::En, en),
    ] {
        let text = text.trim();
        if text.chars().count() > 1000 {
            return Err(FieldError::new(field, "error-too-long").arg("max", 1000));
        }
        if !text.is_empty() {
            out.0.insert(lang.code().to_owned(), text.to_owned());
        }
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "designer_list.html")]
struct ListPage {
    c: Chrome,
    drafts: Vec<String>,
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    may(&staff)?;
    page(&ListPage {
        drafts: enquete_app::surveys::drafts(&state, &staff.caller).await?,
        c: Chrome::new(&staff.ctx),
    })
}

#[derive(Deserialize)]
pub struct NewForm {
    form_id: String,
    #[serde(default)]
    title_nl: String,
    #[serde(default)]
    title_fr: String,
    #[serde(default)]
    title_de: String,
    #[serde(default)]
    title_en: String,
}

/// Starts a new survey: its code and title, and one first question to fill in.
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<NewForm>,
) -> AppResult<Response> {
    may(&staff)?;
    let form_id = f.form_id.trim().to_owned();
    if state
        .store
        .surveys()
        .await?
        .iter()
        .any(|s| s.definition.form_id == form_id)
        || state.store.draft(&form_id).await?.is_some()
    {
        return Err(FieldError::new("form_id", "error-survey-code-taken").into());
    }
    let title = labels_from("title", &f.title_nl, &f.title_fr, &f.title_de, &f.title_en)?;
    // A new survey starts with the consent question every enquête needs.
    let consent = Question {
        name: "contact".into(),
        label: labels_from(
            "label",
            "Mogen we je opnieuw contacteren?",
            "Pouvons-nous vous recontacter ?",
            "Dürfen wir dich wieder kontaktieren?",
            "May we contact you again?",
        )?,
        hint: Labels::default(),
        required: true,
        demographic: false,
        relevant: None,
        kind: QuestionKind::SingleChoice {
            choices: vec![
                Choice {
                    name: "yes".into(),
                    label: labels_from("choices", "ja", "oui", "ja", "yes")?,
                    columns: Default::default(),
                },
                Choice {
                    name: "no".into(),
                    label: labels_from("choices", "nee", "non", "nein", "no")?,
                    columns: Default::default(),
                },
            ],
        },
        details: Default::default(),
    };
    let draft = SurveyDefinition {
        form_id: form_id.clone(),
        title,
        questions: vec![consent],
        groups: Vec::new(),
        languages: Default::default(),
        version: None,
        settings: Default::default(),
    };
    save(&state, &staff, &draft).await?;
    Ok(see_other(&format!("/designer/{form_id}")))
}

/// Opens the latest version of a published survey in the designer.
pub async fn edit_published(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(_): Form<super::units::EmptyForm>,
) -> AppResult<Response> {
    may(&staff)?;
    let survey = state.store.survey(SurveyId(id)).await?;
    enquete_app::scope::publish_rights(&state, &staff.caller, &survey.definition.form_id).await?;
    if state
        .store
        .draft(&survey.definition.form_id)
        .await?
        .is_none()
    {
        save(&state, &staff, &survey.definition).await?;
    }
    Ok(see_other(&format!(
        "/designer/{}",
        survey.definition.form_id
    )))
}

struct QuestionRow {
    name: String,
    label: String,
    kind: String,
    required: bool,
    relevant: String,
}

#[derive(Template)]
#[template(path = "designer.html")]
struct DraftPage {
    c: Chrome,
    form_id: String,
    title: String,
    questions: Vec<QuestionRow>,
    kinds: Vec<(&'static str, String, bool)>,
    f: QuestionForm,
    editing: Option<String>,
    error: Option<String>,
}

fn kind_code(kind: &QuestionKind) -> &'static str {
    kind.type_name()
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(form_id): Path<String>,
) -> AppResult<Response> {
    may(&staff)?;
    let draft = load(&state, &staff, &form_id).await?;
    render(&staff, &draft, QuestionForm::default(), None, None)
}

fn render(
    staff: &Staff,
    draft: &SurveyDefinition,
    f: QuestionForm,
    editing: Option<String>,
    error: Option<String>,
) -> AppResult<Response> {
    let c = Chrome::new(&staff.ctx);
    let questions = draft
        .questions
        .iter()
        .map(|q| QuestionRow {
            name: q.name.clone(),
            label: q.label.get(c.tr.lang).to_owned(),
            kind: c.t(&format!("qtype-{}", kind_code(&q.kind).replace('_', "-"))),
            required: q.required,
            relevant: q.relevant.clone().unwrap_or_default(),
        })
        .collect();
    let kinds = [
        "single_choice",
        "multiple_choice",
        "ranking",
        "scale",
        "number",
        "text",
    ]
    .into_iter()
    .map(|k| {
        (
            k,
            c.t(&format!("qtype-{}", k.replace('_', "-"))),
            f.kind == k,
        )
    })
    .collect();
    page(&DraftPage {
        form_id: draft.form_id.clone(),
        title: draft.title.get(c.tr.lang).to_owned(),
        questions,
        kinds,
        f,
        editing,
        error,
        c,
    })
}

/// A question as typed in the designer.
#[derive(Deserialize, Default, Clone)]
pub struct QuestionForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub label_nl: String,
    #[serde(default)]
    pub label_fr: String,
    #[serde(default)]
    pub label_de: String,
    #[serde(default)]
    pub label_en: String,
    pub required: Option<String>,
    pub demographic: Option<String>,
    #[serde(default)]
    pub relevant: String,
    /// One choice per line: `code | nl | fr | de | en`.
    #[serde(default)]
    pub choices: String,
    #[serde(default)]
    pub min: String,
    #[serde(default)]
    pub max: String,
    /// The question's code before this edit, when changing an existing question.
    #[serde(default)]
    pub original: String,
}

impl QuestionForm {
    fn from_question(q: &Question) -> Self {
        let get = |l: Language| q.label.0.get(l.code()).cloned().unwrap_or_default();
        let choices = q
            .kind
            .choices()
            .iter()
            .map(|c| {
                let get = |l: Language| c.label.0.get(l.code()).cloned().unwrap_or_default();
                format!(
                    "{} | {} | {} | {} | {}",
                    c.name,
                    get(Language::Nl),
                    get(Language::Fr),
                    get(Language::De),
                    get(Language::En)
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        let (min, max) = match &q.kind {
            QuestionKind::Ranking { max, .. } => (String::new(), max.to_string()),
            QuestionKind::Scale { min, max } => (min.to_string(), max.to_string()),
            QuestionKind::Number { min, max } => (
                min.map(|m| m.to_string()).unwrap_or_default(),
                max.map(|m| m.to_string()).unwrap_or_default(),
            ),
            QuestionKind::Text { max_length } => (String::new(), max_length.to_string()),
            _ => (String::new(), String::new()),
        };
        Self {
            kind: kind_code(&q.kind).to_owned(),
            name: q.name.clone(),
            label_nl: get(Language::Nl),
            label_fr: get(Language::Fr),
            label_de: get(Language::De),
            label_en: get(Language::En),
            required: q.required.then(|| "1".to_owned()),
            demographic: q.demographic.then(|| "1".to_owned()),
            relevant: q.relevant.clone().unwrap_or_default(),
            choices,
            min,
            max,
            original: q.name.clone(),
        }
    }

    fn question(&self) -> Result<Question, FieldError> {
        let number = |field: &'static str, raw: &str| -> Result<Option<i64>, FieldError> {
            match raw.trim() {
                "" => Ok(None),
                t => t
                    .parse()
                    .map(Some)
                    .map_err(|_| FieldError::new(field, "error-not-whole-number").arg("value", t)),
            }
        };
        let choices = || -> Result<Vec<Choice>, FieldError> {
            self.choices
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|line| {
                    let parts: Vec<&str> = line.split('|').map(str::trim).collect();
                    let part = |i: usize| parts.get(i).copied().unwrap_or("");
                    Ok(Choice {
                        name: part(0).to_owned(),
                        label: labels_from("choices", part(1), part(2), part(3), part(4))?,
                        columns: Default::default(),
                    })
                })
                .collect()
        };
        let kind = match self.kind.as_str() {
            "single_choice" => QuestionKind::SingleChoice {
                choices: choices()?,
            },
            "multiple_choice" => QuestionKind::MultipleChoice {
                choices: choices()?,
            },
            "ranking" => QuestionKind::Ranking {
                choices: choices()?,
                max: number("max", &self.max)?
                    .map_or(Ok(3), u8::try_from)
                    .map_err(|_| FieldError::new("max", "error-ranking-max-255"))?,
            },
            "scale" => QuestionKind::Scale {
                min: number("min", &self.min)?.unwrap_or(0),
                max: number("max", &self.max)?.unwrap_or(10),
            },
            "number" => QuestionKind::Number {
                min: number("min", &self.min)?,
                max: number("max", &self.max)?,
            },
            "text" => QuestionKind::Text {
                max_length: number("max", &self.max)?
                    .map_or(Ok(2000), u32::try_from)
                    .map_err(|_| FieldError::new("max", "error-positive-number"))?,
            },
            _ => {
                return Err(FieldError::new("kind", "error-question-kind"));
            }
        };
        Ok(Question {
            name: self.name.trim().to_owned(),
            label: labels_from(
                "label",
                &self.label_nl,
                &self.label_fr,
                &self.label_de,
                &self.label_en,
            )?,
            hint: Labels::default(),
            required: self.required.is_some(),
            demographic: self.demographic.is_some(),
            relevant: Some(self.relevant.trim().to_owned()).filter(|r| !r.is_empty()),
            kind,
            details: Default::default(),
        })
    }
}

/// Adds a question, or changes one (`original` names it).
pub async fn save_question(
    State(state): State<AppState>,
    staff: Staff,
    Path(form_id): Path<String>,
    Form(f): Form<QuestionForm>,
) -> AppResult<Response> {
    may(&staff)?;
    let mut draft = load(&state, &staff, &form_id).await?;
    let editing = Some(f.original.clone()).filter(|o| !o.is_empty());
    let question = match f.question() {
        Ok(q) => q,
        Err(e) => return refuse(&staff, &draft, f, editing, e),
    };
    match editing
        .as_deref()
        .and_then(|o| draft.questions.iter().position(|q| q.name == o))
    {
        Some(i) => {
            if let Some(slot) = draft.questions.get_mut(i) {
                // What the designer does not edit (its group, a field form's checks and
                // appearance, its hint) stays as it was.
                let mut question = question;
                question.details = slot.details.clone();
                if question.hint.is_empty() {
                    question.hint = slot.hint.clone();
                }
                *slot = question;
            }
        }
        None => draft.questions.push(question),
    }
    if let Err(e) = draft.validate() {
        let original = load(&state, &staff, &form_id).await?;
        return refuse(&staff, &original, f, editing, e);
    }
    save(&state, &staff, &draft).await?;
    Ok(see_other(&format!("/designer/{form_id}")))
}

/// Shows the form again as typed, with the problem, and changes nothing.
fn refuse(
    staff: &Staff,
    draft: &SurveyDefinition,
    f: QuestionForm,
    editing: Option<String>,
    e: FieldError,
) -> AppResult<Response> {
    let mut response = render(
        staff,
        draft,
        f,
        editing,
        Some(super::chrome::say(staff.ctx.tr, &e)),
    )?;
    *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

pub async fn edit_question(
    State(state): State<AppState>,
    staff: Staff,
    Path((form_id, name)): Path<(String, String)>,
) -> AppResult<Response> {
    may(&staff)?;
    let draft = load(&state, &staff, &form_id).await?;
    let q = draft
        .question(&name)
        .ok_or(AppError::NotFound("question"))?;
    render(
        &staff,
        &draft,
        QuestionForm::from_question(q),
        Some(name),
        None,
    )
}

#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    action: String,
}

/// Moves a question up or down, or deletes it.
pub async fn change_question(
    State(state): State<AppState>,
    staff: Staff,
    Path((form_id, name)): Path<(String, String)>,
    Form(f): Form<MoveForm>,
) -> AppResult<Response> {
    may(&staff)?;
    let mut draft = load(&state, &staff, &form_id).await?;
    let i = draft
        .questions
        .iter()
        .position(|q| q.name == name)
        .ok_or(AppError::NotFound("question"))?;
    match f.action.as_str() {
        "up" if i > 0 => {
            draft.swap_with_next(i - 1);
        }
        "down" => {
            draft.swap_with_next(i);
        }
        "delete" => draft.remove_question(i),
        "up" => {}
        _ => return Err(FieldError::new("action", "error-designer-action").into()),
    }
    save(&state, &staff, &draft).await?;
    Ok(see_other(&format!("/designer/{form_id}")))
}

pub async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    Path(form_id): Path<String>,
    Form(_): Form<super::units::EmptyForm>,
) -> AppResult<Response> {
    may(&staff)?;
    let rec = enquete_app::surveys::publish_draft(&state, &staff.caller, &form_id).await?;
    Ok(see_other(&format!(
        "/surveys/{}?done=survey-published",
        rec.id
    )))
}
