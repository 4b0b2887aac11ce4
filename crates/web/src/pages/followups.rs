//! Follow-ups: the rules of a unit (what happens → a task or a message, after how long) and
//! the open tasks of the units the reader runs, the overdue ones flagged.

use super::chrome::{Chrome, Invalid, page, refused, see_other};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_app::followups::RuleInput;
use enquete_domain::people::Stage;
use enquete_domain::policy::{Action, Target, allows};
use enquete_store::{RuleId, TaskId};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "followups.html")]
struct RulesPage {
    c: Chrome,
    /// id, name, in words (when → what), people acted on, stopped.
    rules: Vec<(i64, String, String, u64, bool)>,
    units: Vec<(i64, String)>,
    /// key, label.
    triggers: Vec<(String, String)>,
    /// Draft mailings: id, name.
    mailings: Vec<(i64, String)>,
    typed: RuleForm,
    inv: Invalid,
}

#[derive(Deserialize, Clone, Default)]
pub struct RuleForm {
    #[serde(default)]
    unit: i64,
    #[serde(default)]
    name: String,
    #[serde(default)]
    trigger: String,
    #[serde(default)]
    delay_days: String,
    #[serde(default)]
    effect: String,
    #[serde(default)]
    due_days: String,
    #[serde(default)]
    mailing: String,
}

fn trigger_label(c: &Chrome, key: &str) -> String {
    match key.strip_prefix("stage:") {
        Some(s) => c.tr.t1(
            "follow-up-trigger-stage",
            "stage",
            Stage::parse(s).map_or_else(|_| s.to_owned(), |s| c.tr.stage(s)),
        ),
        None => c.t("follow-up-trigger-no_show"),
    }
}

pub async fn rules(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    rules_page(&state, &staff, Invalid::none(), RuleForm::default()).await
}

async fn rules_page(
    state: &AppState,
    staff: &Staff,
    inv: Invalid,
    typed: RuleForm,
) -> AppResult<Response> {
    if !allows(
        &staff.caller.actor,
        Action::ManageMailings,
        Target::unit(&staff.user.unit_path),
    ) {
        return Err(AppError::Forbidden);
    }
    let rules = enquete_app::followups::rules(state, &staff.caller).await?;
    let c = Chrome::new(&staff.ctx);
    let units = enquete_app::scope::units_where(
        state,
        &staff.caller,
        &staff.user.unit_path,
        Action::ManageMailings,
    )
    .await?
    .into_iter()
    .map(|u| (u.id.0, u.name.as_str().to_owned()))
    .collect();
    let mailings = enquete_app::mailings::list(state, &staff.caller)
        .await?
        .into_iter()
        .filter(|m| m.state == enquete_store::MailingState::Draft)
        .map(|m| (m.id.0, m.name))
        .collect();
    page(&RulesPage {
        rules: rules
            .iter()
            .map(|r| {
                let what = if r.effect == "task" {
                    c.tr.t1("follow-up-task-within", "days", r.due_days.to_string())
                } else {
                    c.t("follow-up-mail")
                };
                (
                    r.id.0,
                    r.name.clone(),
                    c.tr.tn(
                        "follow-up-rule-line",
                        &[
                            ("when", trigger_label(&c, &r.trigger)),
                            ("days", r.delay_days.to_string()),
                            ("what", what),
                        ],
                    ),
                    r.done,
                    r.stopped,
                )
            })
            .collect(),
        units,
        triggers: enquete_app::followups::triggers()
            .into_iter()
            .map(|k| {
                let label = trigger_label(&c, &k);
                (k, label)
            })
            .collect(),
        mailings,
        typed,
        inv,
        c,
    })
}

pub async fn create_rule(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<RuleForm>,
) -> AppResult<Response> {
    let input = RuleInput {
        unit_id: f.unit,
        name: f.name.clone(),
        trigger: f.trigger.clone(),
        delay_days: f.delay_days.clone(),
        effect: f.effect.clone(),
        due_days: f.due_days.clone(),
        mailing_id: f.mailing.clone(),
    };
    match enquete_app::followups::create(&state, &staff.caller, &input).await {
        Ok(_) => Ok(see_other("/followups?done=rule-saved")),
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                rules_page(&state, &staff, inv, f.clone())
            })
            .await
        }
    }
}

#[derive(Deserialize, Clone, Default)]
pub struct Empty {}

pub async fn stop_rule(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(_): Form<Empty>,
) -> AppResult<Response> {
    enquete_app::followups::stop(&state, &staff.caller, RuleId(id)).await?;
    Ok(see_other("/followups"))
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct TasksPage {
    c: Chrome,
    /// id, what, person id, person and unit, due, overdue.
    tasks: Vec<(i64, String, i64, String, String, bool)>,
    inv: Invalid,
}

pub async fn tasks(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    tasks_page(&state, &staff, Invalid::none()).await
}

async fn tasks_page(state: &AppState, staff: &Staff, inv: Invalid) -> AppResult<Response> {
    if !allows(
        &staff.caller.actor,
        Action::EditPerson,
        Target::unit(&staff.user.unit_path),
    ) {
        return Err(AppError::Forbidden);
    }
    let open = enquete_app::followups::open(state, &staff.caller, 500).await?;
    let c = Chrome::new(&staff.ctx);
    page(&TasksPage {
        tasks: open
            .iter()
            .map(|t| {
                (
                    t.task.id.0,
                    t.task.title.clone(),
                    t.task.person.0,
                    format!("{} · {}", t.person_name, t.unit_name),
                    c.tr.date(t.task.due_at),
                    t.overdue,
                )
            })
            .collect(),
        inv,
        c,
    })
}

#[derive(Deserialize, Clone, Default)]
pub struct DoneForm {
    #[serde(default)]
    note: String,
}

pub async fn task_done(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<DoneForm>,
) -> AppResult<Response> {
    match enquete_app::followups::done(&state, &staff.caller, TaskId(id), &f.note).await {
        Ok(()) => Ok(see_other("/tasks?done=task-done")),
        Err(e) => refused(staff.ctx.tr, e, |inv| tasks_page(&state, &staff, inv)).await,
    }
}
