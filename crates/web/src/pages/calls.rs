//! Phone banking: call lists made by organizers from a selection of people (counted before they
//! are made), and the caller's screen on a phone: one person at a time with a button that dials,
//! the script, and what came of the call.

use super::chrome::{Chrome, Invalid, page, refused, see_other};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_app::calls::{Audience, CallListInput, CallResult, CallSheet};
use enquete_domain::people::Stage;
use enquete_domain::policy::{Action, Target, allows};
use enquete_store::{CallAssignment, CallAssignmentId, CallOutcome};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "calls.html")]
struct ListPage {
    c: Chrome,
    /// id, name, closed, progress in words.
    lists: Vec<(i64, String, bool, String)>,
    /// Whether the reader makes call lists (the form is shown).
    manages: bool,
    units: Vec<(i64, String)>,
    surveys: Vec<(i64, String)>,
    /// Saved audiences the reader may call: id, name (unit).
    audiences: Vec<(i64, String)>,
    /// Accounts that may call: id, name (unit).
    callers: Vec<(i64, String)>,
    stages: Vec<(String, String)>,
    typed: Option<NewListForm>,
    /// The selection counted, before the list is made, in words.
    audience: Option<String>,
    inv: Invalid,
}

fn progress_text(c: &Chrome, l: &CallAssignment) -> String {
    let p = &l.progress;
    c.tr.tn(
        "calls-progress",
        &[
            ("called", (p.people - p.not_called).to_string()),
            ("people", p.people.to_string()),
            ("reached", p.reached.to_string()),
        ],
    )
}

#[derive(Deserialize, Clone, Default)]
pub struct NewListForm {
    unit: i64,
    name: String,
    #[serde(default)]
    script: String,
    /// A survey to ask on the call (empty: none).
    #[serde(default)]
    survey: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    tag: String,
    /// A saved audience (empty: the stage and tag above).
    #[serde(default)]
    audience: String,
    /// The callers ticked (repeated `caller` fields; none: every caller of the unit).
    #[serde(skip)]
    callers: Vec<i64>,
    #[serde(default)]
    cooldown_minutes: Option<i64>,
    #[serde(default)]
    max_attempts: Option<i64>,
    /// `count` to count the selection only; anything else makes the list.
    #[serde(default)]
    step: String,
}

impl NewListForm {
    fn input(&self) -> CallListInput {
        CallListInput {
            unit_id: self.unit,
            name: self.name.clone(),
            script: self.script.clone(),
            // Not a number: no survey (the select offers only surveys' numbers).
            survey_id: self.survey.trim().parse().ok(),
            stage: Some(self.stage.clone()),
            tag: Some(self.tag.clone()),
            audience_id: self.audience.trim().parse().ok(),
            callers: self.callers.clone(),
            cooldown_minutes: self.cooldown_minutes,
            max_attempts: self.max_attempts,
        }
    }
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    list_page(&state, &staff, Invalid::none(), None, None).await
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    inv: Invalid,
    typed: Option<NewListForm>,
    audience: Option<Audience>,
) -> AppResult<Response> {
    let here = Target::unit(&staff.user.unit_path);
    let manages = allows(&staff.caller.actor, Action::ManageCalls, here);
    if !manages && !allows(&staff.caller.actor, Action::MakeCalls, here) {
        return Err(AppError::Forbidden);
    }
    let lists = enquete_app::calls::lists(state, &staff.caller).await?;
    let units = if manages {
        state
            .store
            .subtree(&staff.user.unit_path, false)
            .await?
            .into_iter()
            .map(|u| (u.id.0, u.name.as_str().to_owned()))
            .collect()
    } else {
        Vec::new()
    };
    let c = Chrome::new(&staff.ctx);
    let surveys = if manages {
        state
            .store
            .surveys()
            .await?
            .into_iter()
            .map(|s| (s.id.0, s.definition.title.get(c.tr.lang).to_owned()))
            .collect()
    } else {
        Vec::new()
    };
    let audiences = if manages {
        enquete_app::audiences::list_for(state, &staff.caller, Action::ManageCalls)
            .await?
            .into_iter()
            .map(|a| (a.id.0, format!("{} ({})", a.name, a.unit_name)))
            .collect()
    } else {
        Vec::new()
    };
    let callers = if manages {
        state
            .store
            .users_in(&staff.user.unit_path)
            .await?
            .into_iter()
            .filter(|u| {
                !u.user.disabled
                    && matches!(
                        u.user.role,
                        enquete_domain::account::Role::Canvasser
                            | enquete_domain::account::Role::Organizer
                            | enquete_domain::account::Role::Steward
                    )
            })
            .map(|u| (u.user.id.0, u.user.display_name))
            .collect()
    } else {
        Vec::new()
    };
    let audience = audience.map(|a| {
        c.tr.tn(
            "calls-audience",
            &[
                ("matched", a.matched.to_string()),
                ("callable", a.callable.to_string()),
                ("no_phone", a.without_phone.to_string()),
                ("no_consent", a.without_consent.to_string()),
            ],
        )
    });
    page(&ListPage {
        lists: lists
            .iter()
            .map(|l| (l.id.0, l.name.clone(), l.closed, progress_text(&c, l)))
            .collect(),
        manages,
        units,
        surveys,
        audiences,
        callers,
        stages: Stage::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), c.tr.stage(*s)))
            .collect(),
        typed,
        audience,
        inv,
        c,
    })
}

/// Counts the selection (`step=count`) or makes the list.
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    fields: crate::extract::FormFields,
) -> AppResult<Response> {
    // The single fields as a form; the ticked callers (a repeated field) beside them.
    let single: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields.0.iter().filter(|(k, _)| k != "caller"))
        .finish();
    let mut f: NewListForm = serde_urlencoded::from_str(&single).map_err(|e| AppError::Input {
        field: "form".into(),
        problem: enquete_domain::Problem::new("error-body-unreadable").arg("detail", e.to_string()),
    })?;
    f.callers = fields
        .all("caller")
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    let input = f.input();
    if f.step == "count" {
        let counted = enquete_app::calls::preview(&state, &staff.caller, &input)
            .await
            .map_err(AppError::from);
        return match counted {
            Ok(a) => list_page(&state, &staff, Invalid::none(), Some(f), Some(a)).await,
            Err(e) => {
                refused(staff.ctx.tr, e, |inv| {
                    list_page(&state, &staff, inv, Some(f.clone()), None)
                })
                .await
            }
        };
    }
    let made = enquete_app::calls::create(&state, &staff.caller, &input)
        .await
        .map_err(AppError::from);
    match made {
        Ok((a, _)) => Ok(see_other(&format!("/calls/{}", a.id.0))),
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                list_page(&state, &staff, inv, Some(f.clone()), None)
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "call.html")]
struct CallPage {
    c: Chrome,
    list: CallAssignment,
    sheet: Option<CallSheet>,
    outcomes: Vec<(String, String)>,
    /// Organizers: calls per caller, by name.
    tallies: Vec<(String, u64, u64)>,
    manages: bool,
    inv: Invalid,
    progress: String,
    attempts: String,
    left_out: String,
    /// The languages the person speaks, by their own names.
    languages: String,
    /// Earlier calls on this list: when, what came of it, the note.
    earlier: Vec<(String, String, String)>,
}

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    call_page(&state, &staff, CallAssignmentId(id), Invalid::none()).await
}

async fn call_page(
    state: &AppState,
    staff: &Staff,
    id: CallAssignmentId,
    inv: Invalid,
) -> AppResult<Response> {
    let view = enquete_app::calls::open(state, &staff.caller, id).await?;
    let (list, sheet) = (view.list, view.sheet);
    let manages = view.tallies.is_some();
    let mut tallies = Vec::new();
    for t in view.tallies.unwrap_or_default() {
        let name = state
            .store
            .user(enquete_domain::account::UserId(t.caller))
            .await
            .map_or_else(|_| t.caller.to_string(), |u| u.user.display_name);
        tallies.push((name, t.calls, t.reached));
    }
    let c = Chrome::new(&staff.ctx);
    let p = &list.progress;
    let left_out = c.tr.tn(
        "calls-left-out",
        &[
            ("retry", p.to_retry.to_string()),
            ("wrong", p.wrong_number.to_string()),
            ("dnc", p.do_not_call.to_string()),
            ("gave_up", p.gave_up.to_string()),
        ],
    );
    page(&CallPage {
        progress: progress_text(&c, &list),
        attempts: sheet.as_ref().map_or_else(String::new, |s| {
            c.tr.tn("calls-attempts-so-far", &[("n", s.attempts.to_string())])
        }),
        left_out,
        earlier: sheet.as_ref().map_or_else(Vec::new, |s| {
            s.earlier
                .iter()
                .map(|(at, outcome, note)| {
                    (
                        c.tr.date(*at),
                        c.t(&format!("call-outcome-{outcome}")),
                        note.clone(),
                    )
                })
                .collect()
        }),
        languages: sheet.as_ref().map_or_else(String::new, |s| {
            s.languages
                .iter()
                .map(|code| {
                    enquete_domain::people::Language::parse(code)
                        .map_or_else(|_| code.clone(), |l| l.endonym().to_owned())
                })
                .collect::<Vec<_>>()
                .join(", ")
        }),
        outcomes: CallOutcome::ALL
            .iter()
            .map(|o| {
                (
                    o.as_str().to_owned(),
                    c.t(&format!("call-outcome-{}", o.as_str())),
                )
            })
            .collect(),
        list,
        sheet,
        tallies,
        manages,
        inv,
        c,
    })
}

#[derive(Deserialize, Clone, Default)]
pub struct OutcomeForm {
    person_id: i64,
    outcome: String,
    #[serde(default)]
    call_back_at: String,
    #[serde(default)]
    note: String,
}

/// Records the call, then shows the next person.
pub async fn outcome(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<OutcomeForm>,
) -> AppResult<Response> {
    let result = CallResult {
        person_id: f.person_id,
        outcome: f.outcome.clone(),
        call_back_at: Some(f.call_back_at.clone()),
        note: f.note.clone(),
    };
    let done = enquete_app::calls::record(&state, &staff.caller, CallAssignmentId(id), &result)
        .await
        .map_err(AppError::from);
    match done {
        Ok(()) => Ok(see_other(&format!("/calls/{id}?done=call-recorded"))),
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                call_page(&state, &staff, CallAssignmentId(id), inv)
            })
            .await
        }
    }
}

/// Closes the list: nobody is handed out any more.
pub async fn close(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    enquete_app::calls::close(&state, &staff.caller, CallAssignmentId(id)).await?;
    Ok(see_other(&format!("/calls/{id}")))
}
