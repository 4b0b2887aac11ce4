//! Training and leadership pages: the national programme with its sessions and trainers' load
//! (`/training`), a session with who attended and passed (`/training/sessions/{id}`), and a
//! unit's positions, who holds them, the shortlist for a vacancy and who is ready for what
//! (`/units/{id}/leaders`).

use super::chrome::{Chrome, Invalid, page, refused, see_other};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, FormFields, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use enquete_domain::campaign::ActionDraft;
use enquete_domain::org::UnitId;
use enquete_domain::people::{Language, PersonId, Stage};
use enquete_domain::policy::{Action, Target, allows};
use enquete_domain::training::{
    ChosenBy, Completion, LeadershipRule, Level, ModuleDraft, ModuleId, PositionId, PositionKind,
    SessionId, missing,
};
use enquete_store::ModuleRecord;
use serde::Deserialize;

fn module_title(m: &ModuleRecord, lang: Language) -> String {
    let t = m.title.get(lang);
    if t.is_empty() {
        m.title
            .0
            .values()
            .next()
            .cloned()
            .unwrap_or_else(|| m.code.clone())
    } else {
        t.to_owned()
    }
}

/// A module as the programme lists it.
struct ModuleRow {
    code: String,
    title: String,
    level: String,
    completion: String,
    requires: String,
    /// Each material, and whether it is a link.
    materials: Vec<(String, bool)>,
}

#[derive(Template)]
#[template(path = "training.html")]
struct TrainingPage {
    c: Chrome,
    modules: Vec<ModuleRow>,
    may_add: bool,
    levels: Vec<(&'static str, String)>,
    completions: Vec<(&'static str, String)>,
    /// id, code, title (for the session form).
    module_choices: Vec<(i64, String)>,
    units: Vec<(i64, String)>,
    trainers: Vec<(i64, String)>,
    /// id, module title, when, unit, trainer, attended in words.
    sessions: Vec<(i64, String, String, String, String, String)>,
    /// trainer, sessions, people trained.
    load: Vec<(String, usize, i64)>,
    inv: Invalid,
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    training_page(&state, &staff, Invalid::none()).await
}

async fn training_page(state: &AppState, staff: &Staff, inv: Invalid) -> AppResult<Response> {
    if !allows(
        &staff.caller.actor,
        Action::ManageActions,
        Target::unit(&staff.user.unit_path),
    ) {
        return Err(AppError::Forbidden);
    }
    let c = Chrome::new(&staff.ctx);
    let lang = c.tr.lang;
    let modules = enquete_app::training::modules(state).await?;
    let sessions = enquete_app::training::sessions(state, &staff.caller).await?;
    let root = Some(staff.caller.actor.organization());
    let may_add = root
        .as_ref()
        .is_some_and(|r| allows(&staff.caller.actor, Action::ManageTraining, Target::unit(r)));
    let units = enquete_app::scope::units_where(
        state,
        &staff.caller,
        &staff.user.unit_path,
        Action::ManageActions,
    )
    .await?
    .into_iter()
    .map(|u| (u.id.0, u.name.as_str().to_owned()))
    .collect();
    let trainers = state
        .store
        .search_people(
            &enquete_domain::policy::people_visibility(&staff.caller.actor),
            &enquete_store::PeopleQuery {
                sort: enquete_store::PeopleSort::Stage,
                limit: 300,
                ..Default::default()
            },
        )
        .await?
        .people
        .into_iter()
        .filter(|p| p.person.stage >= Stage::Member)
        .map(|p| {
            (
                p.person.id.0,
                format!("{} · {}", p.person.name, p.unit_name),
            )
        })
        .collect();
    page(&TrainingPage {
        modules: modules
            .iter()
            .map(|m| ModuleRow {
                code: m.code.clone(),
                title: module_title(m, lang),
                level: c.t(&format!("level-{}", m.level.as_str())),
                completion: c.t(&format!("completion-{}", m.completion.as_str())),
                requires: m.requires.join(", "),
                materials: m
                    .materials
                    .iter()
                    .map(|x| {
                        let link = x.starts_with("https://") || x.starts_with("http://");
                        (x.clone(), link)
                    })
                    .collect(),
            })
            .collect(),
        may_add,
        levels: Level::ALL
            .iter()
            .map(|l| (l.as_str(), c.t(&format!("level-{}", l.as_str()))))
            .collect(),
        completions: Completion::ALL
            .iter()
            .map(|x| (x.as_str(), c.t(&format!("completion-{}", x.as_str()))))
            .collect(),
        module_choices: modules
            .iter()
            .map(|m| (m.id.0, module_title(m, lang)))
            .collect(),
        units,
        trainers,
        load: enquete_app::training::trainers_load(&sessions),
        sessions: sessions
            .iter()
            .map(|s| {
                let title = modules
                    .iter()
                    .find(|m| m.id == s.module)
                    .map_or_else(|| s.title.clone(), |m| module_title(m, lang));
                (
                    s.id.0,
                    title,
                    c.tr.date_time(s.starts_at),
                    s.unit_name.clone(),
                    s.trainer_name.clone().unwrap_or_default(),
                    c.tr.tn("training-attended", &[("n", s.attended.to_string())]),
                )
            })
            .collect(),
        inv,
        c,
    })
}

pub async fn create_module(
    State(state): State<AppState>,
    staff: Staff,
    fields: FormFields,
) -> AppResult<Response> {
    let titles: Vec<(&str, &str)> = Language::ALL
        .iter()
        .map(|l| (l.code(), fields.get(&format!("title_{}", l.code()))))
        .collect();
    let result = match ModuleDraft::parse(
        fields.get("code"),
        &titles,
        fields.get("level"),
        fields.get("completion"),
        fields.get("materials"),
        fields.get("requires"),
    ) {
        Ok(draft) => enquete_app::training::create_module(&state, &staff.caller, &draft)
            .await
            .map(|_| ())
            .map_err(AppError::from),
        Err(e) => Err(AppError::Field(e)),
    };
    match result {
        Ok(()) => Ok(see_other("/training")),
        Err(e) => refused(staff.ctx.tr, e, |inv| training_page(&state, &staff, inv)).await,
    }
}

pub async fn plan_session(
    State(state): State<AppState>,
    staff: Staff,
    fields: FormFields,
) -> AppResult<Response> {
    let number = |name: &'static str| -> Result<Option<i64>, AppError> {
        match fields.get(name).trim() {
            "" => Ok(None),
            v => v.parse().map(Some).map_err(|_| {
                AppError::Field(enquete_domain::FieldError::new(name, "error-not-found"))
            }),
        }
    };
    let result = async {
        let unit = number("unit")?.unwrap_or(0);
        let module = number("module")?.ok_or_else(|| {
            AppError::Field(enquete_domain::FieldError::new("module", "error-required"))
        })?;
        let trainer = number("trainer")?.map(PersonId);
        let record = enquete_app::training::module(&state, ModuleId(module))
            .await
            .map_err(|_| {
                AppError::Field(enquete_domain::FieldError::new("module", "error-not-found"))
            })?;
        let title = module_title(&record, staff.ctx.tr.lang);
        let draft = ActionDraft::parse(
            &title,
            &record.materials.join("\n"),
            fields.get("place"),
            fields.get("starts_at"),
            fields.get("capacity"),
        )?;
        enquete_app::training::plan_session(
            &state,
            &staff.caller,
            ModuleId(module),
            UnitId(unit),
            &draft,
            trainer,
        )
        .await
        .map_err(AppError::from)
    }
    .await;
    match result {
        Ok(s) => Ok(see_other(&format!("/training/sessions/{}", s.id.0))),
        Err(e) => refused(staff.ctx.tr, e, |inv| training_page(&state, &staff, inv)).await,
    }
}

#[derive(Template)]
#[template(path = "training_session.html")]
struct SessionPage {
    c: Chrome,
    id: i64,
    title: String,
    when: String,
    unit: String,
    trainer: String,
    action: i64,
    by_assessment: bool,
    /// person id, name, completed.
    attendees: Vec<(i64, String, bool)>,
    inv: Invalid,
}

pub async fn session(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Response> {
    session_page(&state, &staff, id, Invalid::none()).await
}

async fn session_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    inv: Invalid,
) -> AppResult<Response> {
    let (s, module, attendees) =
        enquete_app::training::session(state, &staff.caller, SessionId(id)).await?;
    let c = Chrome::new(&staff.ctx);
    page(&SessionPage {
        id,
        title: module_title(&module, c.tr.lang),
        when: c.tr.date_time(s.starts_at),
        unit: s.unit_name.clone(),
        trainer: s.trainer_name.clone().unwrap_or_default(),
        action: s.action.0,
        by_assessment: module.completion == Completion::Assessment,
        attendees: attendees
            .into_iter()
            .map(|(p, name, done)| (p.0, name, done))
            .collect(),
        inv,
        c,
    })
}

#[derive(Deserialize, Clone, Default)]
pub struct PersonForm {
    #[serde(default)]
    person: String,
}

pub async fn pass(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<PersonForm>,
) -> AppResult<Response> {
    enquete_app::training::session(&state, &staff.caller, SessionId(id)).await?;
    let person: i64 = f.person.trim().parse().unwrap_or(0);
    match enquete_app::training::record_assessment(
        &state,
        &staff.caller,
        SessionId(id),
        PersonId(person),
    )
    .await
    {
        Ok(_) => Ok(see_other(&format!("/training/sessions/{id}"))),
        Err(e) => refused(staff.ctx.tr, e, |inv| session_page(&state, &staff, id, inv)).await,
    }
}

struct PositionRow {
    id: i64,
    title: String,
    unit: String,
    holder: Option<(i64, String, String, String)>,
    requires: String,
    /// Members of the branch who have what it requires: id, name.
    shortlist: Vec<(i64, String)>,
    /// How each would move the share of workers among holders of this kind: name, effect.
    effects: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "leaders.html")]
struct LeadersPage {
    c: Chrome,
    unit_id: i64,
    unit_name: String,
    positions: Vec<PositionRow>,
    kinds: Vec<(&'static str, String)>,
    units: Vec<(i64, String)>,
    /// person id, name, stage, completed, next, holds a position.
    ready: Vec<(i64, String, String, String, String, bool)>,
    inv: Invalid,
}

pub async fn leaders(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Response> {
    leaders_page(&state, &staff, id, Invalid::none()).await
}

async fn leaders_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    inv: Invalid,
) -> AppResult<Response> {
    let unit =
        enquete_app::scope::unit_for(state, &staff.caller, UnitId(id), Action::ManagePositions)
            .await?;
    let positions = enquete_app::training::positions(state, &staff.caller, unit.id).await?;
    let ready = enquete_app::training::readiness(state, &staff.caller, unit.id).await?;
    let shortlists: Vec<Vec<&enquete_app::training::Readiness>> = positions
        .iter()
        .map(|p| {
            ready
                .iter()
                .filter(|r| r.person.unit_path.is_within(&p.unit_path))
                .filter(|r| missing(&p.requires, &r.completed).is_empty())
                .collect()
        })
        .collect();
    let asks: Vec<enquete_app::composition::Ask> = positions
        .iter()
        .zip(&shortlists)
        .map(|(p, list)| {
            (
                p.kind,
                p.holder.as_ref().map(|h| h.person),
                list.iter().map(|r| r.person.person.id).collect(),
            )
        })
        .collect();
    let effects = enquete_app::composition::shortlist_effects(state, &staff.caller, &asks).await?;
    let c = Chrome::new(&staff.ctx);
    let tr = c.tr;
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    let effect_text = |e: &enquete_app::composition::Effect| match (e.counted, e.now, e.after) {
        (false, _, _) => c.t("shortlist-not-counted"),
        (true, Some(now), Some(after)) => tr.tn(
            "shortlist-effect",
            &[("now", pct(now)), ("after", pct(after))],
        ),
        (true, None, Some(after)) => tr.tn("shortlist-effect-new", &[("after", pct(after))]),
        (true, _, None) => c.t("shortlist-too-few"),
    };
    let units =
        enquete_app::scope::units_where(state, &staff.caller, &unit.path, Action::ManagePositions)
            .await?
            .into_iter()
            .map(|u| (u.id.0, u.name.as_str().to_owned()))
            .collect();
    page(&LeadersPage {
        unit_id: id,
        unit_name: unit.name.as_str().to_owned(),
        positions: positions
            .iter()
            .zip(shortlists.iter().zip(&effects))
            .map(|(p, (list, effects))| PositionRow {
                id: p.id.0,
                title: if p.title.is_empty() {
                    c.t(&format!("position-{}", p.kind.as_str()))
                } else {
                    format!(
                        "{} ({})",
                        p.title,
                        c.t(&format!("position-{}", p.kind.as_str()))
                    )
                },
                unit: p.unit_name.clone(),
                holder: p.holder.as_ref().map(|h| {
                    (
                        h.person.0,
                        h.person_name.clone(),
                        tr.date(h.starts_at),
                        match h.chosen_by {
                            ChosenBy::Election {
                                for_,
                                against,
                                abstain,
                            } => tr.tn(
                                "chosen-election",
                                &[
                                    ("for", for_.to_string()),
                                    ("against", against.to_string()),
                                    ("abstain", abstain.to_string()),
                                ],
                            ),
                            ChosenBy::Appointment => c.t("chosen-appointment"),
                        },
                    )
                }),
                requires: p.requires.join(", "),
                shortlist: list
                    .iter()
                    .map(|r| (r.person.person.id.0, r.person.person.name.clone()))
                    .collect(),
                effects: list
                    .iter()
                    .filter_map(|r| {
                        effects
                            .get(&r.person.person.id)
                            .map(|e| (r.person.person.name.clone(), effect_text(e)))
                    })
                    .collect(),
            })
            .collect(),
        kinds: PositionKind::ALL
            .iter()
            .map(|k| (k.as_str(), c.t(&format!("position-{}", k.as_str()))))
            .collect(),
        units,
        ready: ready
            .iter()
            .map(|r| {
                (
                    r.person.person.id.0,
                    r.person.person.name.clone(),
                    tr.stage(r.person.person.stage),
                    r.completed.join(", "),
                    r.next.join(", "),
                    r.holds_position,
                )
            })
            .collect(),
        inv,
        c,
    })
}

pub async fn create_position(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    fields: FormFields,
) -> AppResult<Response> {
    let unit: i64 = fields.get("unit").trim().parse().unwrap_or(0);
    match enquete_app::training::create_position(
        &state,
        &staff.caller,
        UnitId(unit),
        fields.get("kind"),
        fields.get("title"),
        fields.get("requires"),
    )
    .await
    {
        Ok(_) => Ok(see_other(&format!("/units/{id}/leaders"))),
        Err(e) => refused(staff.ctx.tr, e, |inv| leaders_page(&state, &staff, id, inv)).await,
    }
}

pub async fn fill_position(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    fields: FormFields,
) -> AppResult<Response> {
    let position: i64 = fields.get("position").trim().parse().unwrap_or(0);
    let pos = state
        .store
        .position(PositionId(position), enquete_domain::Timestamp::now_utc())
        .await?;
    enquete_app::scope::unit_for(&state, &staff.caller, pos.unit, Action::ManagePositions).await?;
    let result = async {
        let how = ChosenBy::parse(
            fields.get("how"),
            fields.get("votes_for"),
            fields.get("votes_against"),
            fields.get("votes_abstain"),
        )?;
        let person: i64 = fields.get("person").trim().parse().map_err(|_| {
            AppError::Field(enquete_domain::FieldError::new("person", "error-required"))
        })?;
        enquete_app::training::fill_position(
            &state,
            &staff.caller,
            PositionId(position),
            PersonId(person),
            &how,
            None,
        )
        .await
        .map_err(AppError::from)
    }
    .await;
    let page_unit = id;
    match result {
        Ok(_) => Ok(see_other(&format!("/units/{page_unit}/leaders"))),
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                leaders_page(&state, &staff, page_unit, inv)
            })
            .await
        }
    }
}

#[derive(Deserialize, Clone, Default)]
pub struct Empty {}

pub async fn vacate(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(_): Form<Empty>,
) -> AppResult<Response> {
    let pos = state
        .store
        .position(PositionId(id), enquete_domain::Timestamp::now_utc())
        .await?;
    enquete_app::training::vacate(&state, &staff.caller, PositionId(id)).await?;
    Ok(see_other(&format!("/units/{}/leaders", pos.unit.0)))
}

/// The leadership rule of the ladder (from the ladder page).
pub async fn set_leadership(
    State(state): State<AppState>,
    staff: Staff,
    fields: FormFields,
) -> AppResult<Response> {
    let rule = match fields.get("leader_stage").trim() {
        "" => None,
        raw => {
            let stage = Stage::parse(raw).map_err(|_| {
                AppError::Field(enquete_domain::FieldError::new(
                    "leader_stage",
                    "error-leader-stage",
                ))
            })?;
            let module = match fields.get("leader_module").trim() {
                "" => None,
                m => Some(m.to_owned()),
            };
            Some(LeadershipRule {
                stage,
                module,
                needs_position: fields.get("leader_position") == "yes",
            })
        }
    };
    enquete_app::training::set_leadership_rule(&state, &staff.caller, rule).await?;
    Ok(see_other("/ladder?done=rules-saved"))
}
