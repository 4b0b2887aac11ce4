//! People: search and lists, records, the ladder, consents.

use super::chrome::{Chrome, Invalid, page, see_other, unprocessable};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, FormFields, Id, Params};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use enquete_app::people::{Filter, Selection};
use enquete_domain::account::UserId;
use enquete_domain::campaign::ActionId;
use enquete_domain::org::UnitId;
use enquete_domain::people::{ConsentPurpose, Language, PersonId, PersonInput, Stage, Tag};
use enquete_domain::policy::{Action, Target, allows};
use enquete_store::{PeopleSort, PersonRecord};
use serde::Deserialize;
use std::collections::HashMap;

pub const PAGE_SIZE: u32 = 50;

struct Row {
    id: i64,
    name: String,
    unit: String,
    stage: String,
    stage_code: &'static str,
    tags: String,
    ticked: bool,
}

/// A link to one page of the list; `None` for the page shown and for a gap ("…").
struct PageLink {
    label: String,
    href: Option<String>,
    current: bool,
}

/// What the selection form shows: the result of the last change, or its error beside the
/// field with what was typed.
#[derive(Default)]
struct Bulk {
    notice: Option<String>,
    inv: Invalid,
    tag_name: String,
    action: i64,
    ticked: std::collections::HashSet<i64>,
    all: bool,
}

#[derive(Template)]
#[template(path = "people.html")]
struct ListPage {
    c: Chrome,
    unit_id: Option<i64>,
    /// The unit picked (0: none).
    unit_sel: i64,
    unit_name: Option<String>,
    q: String,
    stage: String,
    tag: String,
    sort: &'static str,
    units: Vec<(i64, String)>,
    stages: Vec<(&'static str, String)>,
    sorts: Vec<(&'static str, String, String)>,
    summary: String,
    page_of: String,
    can_add: bool,
    can_tag: bool,
    can_export: bool,
    actions: Vec<(i64, String)>,
    people: Vec<Row>,
    prev_link: Option<String>,
    next_link: Option<String>,
    pages: Vec<PageLink>,
    all_label: String,
    b: Bulk,
}

#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    /// A unit's id, or empty for every unit (the picker's first choice sends it empty).
    #[serde(default)]
    unit: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    sort: String,
    /// From 1.
    #[serde(default)]
    page: u32,
}

impl ListQuery {
    /// The list's query as the selection form sends it back (its fields start with `f_`).
    fn from_fields(f: &FormFields) -> AppResult<Self> {
        Ok(Self {
            q: f.get("f_q").to_owned(),
            unit: f.get("f_unit").to_owned(),
            stage: f.get("f_stage").to_owned(),
            tag: f.get("f_tag").to_owned(),
            sort: f.get("f_sort").to_owned(),
            page: f.get("f_page").parse().unwrap_or(1),
        })
    }

    fn unit(&self) -> AppResult<Option<i64>> {
        match self.unit.trim() {
            "" => Ok(None),
            u => u
                .parse::<i64>()
                .map(Some)
                .map_err(|_| enquete_domain::FieldError::new("unit", "error-id").into()),
        }
    }

    fn filter(&self) -> AppResult<Filter> {
        Ok(Filter::parse(
            &self.q,
            self.unit()?,
            &self.stage,
            &self.tag,
            &self.sort,
        )?)
    }

    fn page(&self) -> u32 {
        self.page.max(1)
    }

    /// The address of page `page` of this list, sorted by `sort`.
    fn link(&self, page: u32, sort: &str) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            s.append_pair("q", &self.q);
        }
        if !self.unit.trim().is_empty() {
            s.append_pair("unit", self.unit.trim());
        }
        if !self.stage.is_empty() {
            s.append_pair("stage", &self.stage);
        }
        if !self.tag.is_empty() {
            s.append_pair("tag", &self.tag);
        }
        if !sort.is_empty() && sort != PeopleSort::default().as_str() {
            s.append_pair("sort", sort);
        }
        if page > 1 {
            s.append_pair("page", &page.to_string());
        }
        let query = s.finish();
        if query.is_empty() {
            "/people".to_owned()
        } else {
            format!("/people?{query}")
        }
    }
}

pub fn stage_options(c: &Chrome) -> Vec<(&'static str, String)> {
    Stage::ALL
        .iter()
        .map(|s| (s.as_str(), c.tr.stage(*s)))
        .collect()
}

/// Links to the first and last pages and to the two either side of `page`, with gaps.
fn page_links(q: &ListQuery, sort: &str, page: u32, pages: u32) -> Vec<PageLink> {
    let mut out = Vec::new();
    let mut last_shown = 0;
    for n in 1..=pages {
        let near = n.abs_diff(page) <= 2;
        if n == 1 || n == pages || near {
            if n > last_shown + 1 {
                out.push(PageLink {
                    label: "…".to_owned(),
                    href: None,
                    current: false,
                });
            }
            out.push(PageLink {
                label: n.to_string(),
                href: (n != page).then(|| q.link(n, sort)),
                current: n == page,
            });
            last_shown = n;
        }
    }
    out
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Params(q): Params<ListQuery>,
) -> AppResult<Response> {
    list_page(&state, &staff, &q, Bulk::default()).await
}

/// The list for `q`, with the selection form as `b` says.
async fn list_page(state: &AppState, staff: &Staff, q: &ListQuery, b: Bulk) -> AppResult<Response> {
    let filter = q.filter()?;
    let page_no = q.page();
    let offset = (page_no - 1).saturating_mul(PAGE_SIZE);
    let found = enquete_app::people::list(state, &staff.caller, &filter, PAGE_SIZE, offset).await?;
    let c = Chrome::new(&staff.ctx);
    let summary = c.tr.t1(
        if found.own_only {
            "people-summary-own"
        } else {
            "people-summary"
        },
        "count",
        found.total,
    );
    let pages = u32::try_from(found.total.div_ceil(u64::from(PAGE_SIZE)))
        .unwrap_or(u32::MAX)
        .max(1);
    let sort = filter.sort.as_str();
    let people = found
        .people
        .iter()
        .map(|r| Row {
            id: r.person.id.0,
            name: r.person.name.clone(),
            unit: r.unit_name.clone(),
            stage: c.tr.stage(r.person.stage),
            stage_code: r.person.stage.as_str(),
            tags: r
                .person
                .tags
                .iter()
                .map(Tag::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            ticked: b.ticked.contains(&r.person.id.0),
        })
        .collect();
    let actor = &staff.caller.actor;
    let here = found
        .unit
        .as_ref()
        .map_or(&staff.user.unit_path, |u| &u.path);
    let root = enquete_app::scope::visible_root(state, &staff.caller).await?;
    let units = state
        .store
        .subtree(&root.path, false)
        .await?
        .into_iter()
        .filter(|u| allows(actor, Action::ListPeople, Target::unit(&u.path)))
        .map(|u| {
            let indent = "\u{a0}\u{a0}".repeat(u.path.depth().saturating_sub(root.path.depth()));
            (u.id.0, format!("{indent}{}", u.name.as_str()))
        })
        .collect();
    let mine = Target::unit(&staff.user.unit_path);
    let can_tag = allows(actor, Action::EditPerson, mine);
    let actions = if allows(actor, Action::ManageActions, mine) {
        enquete_app::actions::upcoming_run_by(state, &staff.caller)
            .await?
            .into_iter()
            .map(|a| (a.id.0, format!("{} · {}", a.title, a.starts_at.display())))
            .collect()
    } else {
        Vec::new()
    };
    page(&ListPage {
        unit_id: found.unit.as_ref().map(|u| u.id.0),
        unit_sel: found.unit.as_ref().map_or(0, |u| u.id.0),
        unit_name: found.unit.as_ref().map(|u| u.name.as_str().to_owned()),
        units,
        stages: stage_options(&c),
        sorts: PeopleSort::ALL
            .iter()
            .map(|s| {
                (
                    s.as_str(),
                    c.t(&format!("people-sort-{}", s.as_str())),
                    q.link(1, s.as_str()),
                )
            })
            .collect(),
        summary,
        page_of: c.tr.tn(
            "people-page-of",
            &[("page", page_no.to_string()), ("pages", pages.to_string())],
        ),
        all_label: c.tr.t1("people-scope-all", "count", found.total),
        can_add: allows(actor, Action::CreatePerson, Target::unit(here)),
        can_tag,
        can_export: allows(actor, Action::ExportPeople, mine),
        actions,
        people,
        prev_link: (page_no > 1).then(|| q.link(page_no - 1, sort)),
        next_link: (page_no < pages).then(|| q.link(page_no + 1, sort)),
        pages: page_links(q, sort, page_no, pages),
        sort,
        q: q.q.clone(),
        stage: q.stage.clone(),
        tag: q.tag.clone(),
        b,
        c,
    })
}

/// Does one thing to the people ticked in the list, or to all that match it: add or remove a
/// tag, answer for them at an action, or download them as CSV. The list is shown again with
/// what came of it, or with the error beside its field and the form as it was.
pub async fn bulk(
    State(state): State<AppState>,
    staff: Staff,
    f: FormFields,
) -> AppResult<Response> {
    let q = ListQuery::from_fields(&f)?;
    let ticked: Vec<i64> = f.all("person").filter_map(|v| v.parse().ok()).collect();
    let all = f.get("scope") == "all";
    let selection = if all {
        Selection::AllMatching(q.filter()?)
    } else {
        Selection::These(ticked.iter().map(|id| PersonId(*id)).collect())
    };
    let tag_name = f.get("tag_name").to_owned();
    let action: i64 = f.get("action").parse().unwrap_or(0);
    let tr = staff.ctx.tr;
    let done = match f.get("do") {
        "tag-add" | "tag-remove" => match Tag::parse(&tag_name) {
            Ok(tag) => {
                let add = f.get("do") == "tag-add";
                enquete_app::people::tag_selection(&state, &staff.caller, &selection, &tag, add)
                    .await
            }
            Err(e) => Err(e.into()),
        },
        "rsvp" => {
            enquete_app::people::rsvp_selection(&state, &staff.caller, &selection, ActionId(action))
                .await
        }
        "export" => {
            return match enquete_app::people::export_selection(&state, &staff.caller, &selection)
                .await
            {
                Ok(export) => Ok(csv_download(export.csv)),
                Err(e) => bulk_refused(&state, &staff, &q, e, tag_name, action, ticked, all).await,
            };
        }
        _ => Err(enquete_domain::FieldError::new("do", "error-bulk-do").into()),
    };
    match done {
        Ok(outcome) => {
            let notice = tr.tn(
                "people-bulk-done",
                &[
                    ("changed", outcome.changed.to_string()),
                    ("unchanged", outcome.unchanged.to_string()),
                    ("skipped", outcome.skipped.to_string()),
                ],
            );
            let b = Bulk {
                notice: Some(notice),
                ..Default::default()
            };
            list_page(&state, &staff, &q, b).await
        }
        Err(e) => bulk_refused(&state, &staff, &q, e, tag_name, action, ticked, all).await,
    }
}

/// The list again after a refused change to the selection: a field error beside its field
/// (422), with the ticks and what was typed; anything else as an error page.
#[expect(
    clippy::too_many_arguments,
    reason = "what was typed in the selection form, handed back as it was"
)]
async fn bulk_refused(
    state: &AppState,
    staff: &Staff,
    q: &ListQuery,
    e: enquete_app::Error,
    tag_name: String,
    action: i64,
    ticked: Vec<i64>,
    all: bool,
) -> AppResult<Response> {
    let e = AppError::from(e);
    let Some(inv) = Invalid::of(staff.ctx.tr, &e) else {
        return Err(e);
    };
    let inv = match inv.field.as_deref() {
        Some("tags") => inv.on("tag_name"),
        _ => inv,
    };
    let b = Bulk {
        notice: None,
        inv,
        tag_name,
        action,
        ticked: ticked.into_iter().collect(),
        all,
    };
    Ok(unprocessable(list_page(state, staff, q, b).await?))
}

fn csv_download(csv: Vec<u8>) -> Response {
    use axum::response::IntoResponse;
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"people.csv\"".to_owned(),
            ),
        ],
        csv,
    )
        .into_response()
}

/// Ticks or clears every box of the list's page (see `static/people.js`).
pub async fn list_script() -> Response {
    super::chrome::script(include_str!("../../static/people.js"))
}

/// The person form's fields as typed, to show them again with an error.
#[derive(Deserialize, Default, Clone)]
pub struct PersonForm {
    #[serde(default)]
    unit: i64,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    workplace: String,
    #[serde(default)]
    notes: String,
    lang_nl: Option<String>,
    lang_fr: Option<String>,
    lang_de: Option<String>,
    lang_en: Option<String>,
    youth_wing: Option<String>,
    consent_contact: Option<String>,
}

impl PersonForm {
    fn languages(&self) -> Vec<Language> {
        let picked = [&self.lang_nl, &self.lang_fr, &self.lang_de, &self.lang_en];
        Language::ALL
            .into_iter()
            .zip(picked)
            .filter(|(_, on)| on.is_some())
            .map(|(l, _)| l)
            .collect()
    }

    fn input(&self) -> PersonInput {
        PersonInput {
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            address: self.address.clone(),
            languages: Language::join(&self.languages()),
            tags: self.tags.clone(),
            youth_wing: self.youth_wing.is_some(),
            workplace: self.workplace.clone(),
            notes: self.notes.clone(),
        }
    }

    fn from_record(rec: &PersonRecord) -> Self {
        let p = &rec.person;
        let has = |l: Language| p.languages.contains(&l).then(|| "1".to_owned());
        Self {
            unit: p.unit.0,
            name: p.name.clone(),
            email: p.email.clone().unwrap_or_default(),
            phone: p.phone.clone().unwrap_or_default(),
            address: p.address.clone().unwrap_or_default(),
            tags: p
                .tags
                .iter()
                .map(Tag::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            workplace: p.workplace.clone().unwrap_or_default(),
            notes: p.notes.clone().unwrap_or_default(),
            lang_nl: has(Language::Nl),
            lang_fr: has(Language::Fr),
            lang_de: has(Language::De),
            lang_en: has(Language::En),
            youth_wing: p.youth_wing.then(|| "1".to_owned()),
            consent_contact: None,
        }
    }
}

#[derive(Template)]
#[template(path = "person_form.html")]
struct FormPage {
    c: Chrome,
    title: String,
    action: String,
    inv: Invalid,
    units: Vec<(i64, String)>,
    languages: Vec<(&'static str, &'static str, bool)>,
    show_consent: bool,
    f: PersonForm,
}

async fn render_form(
    state: &AppState,
    staff: &Staff,
    f: PersonForm,
    editing: Option<&PersonRecord>,
    error: Option<enquete_domain::FieldError>,
) -> AppResult<Response> {
    let c = Chrome::new(&staff.ctx);
    let inv = error
        .as_ref()
        .map_or_else(Invalid::none, |e| Invalid::field(c.tr, e));
    let units = match editing {
        Some(_) => Vec::new(),
        None => enquete_app::scope::sections_where(state, &staff.caller, Action::CreatePerson)
            .await?
            .into_iter()
            .map(|u| (u.id.0, u.name.as_str().to_owned()))
            .collect(),
    };
    let picked = f.languages();
    let (title, action) = match editing {
        Some(rec) => (
            c.tr.t1("person-edit-title", "name", &rec.person.name),
            format!("/people/{}", rec.person.id),
        ),
        None => (c.t("person-new"), "/people".to_owned()),
    };
    let has_error = inv.any();
    let mut response = page(&FormPage {
        title,
        action,
        inv,
        units,
        languages: Language::ALL
            .iter()
            .map(|l| (l.code(), l.endonym(), picked.contains(l)))
            .collect(),
        show_consent: editing.is_none(),
        f,
        c,
    })?;
    if has_error {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

#[derive(Deserialize)]
pub struct NewQuery {
    unit: Option<i64>,
}

pub async fn new_form(
    State(state): State<AppState>,
    staff: Staff,
    Params(q): Params<NewQuery>,
) -> AppResult<Response> {
    if !allows(
        &staff.caller.actor,
        Action::CreatePerson,
        Target::unit(&staff.user.unit_path),
    ) {
        return Err(AppError::Forbidden);
    }
    let f = PersonForm {
        unit: q.unit.unwrap_or(0),
        ..Default::default()
    };
    render_form(&state, &staff, f, None, None).await
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<PersonForm>,
) -> AppResult<Response> {
    let details = match f.input().parse() {
        Ok(d) => d,
        Err(e) => return render_form(&state, &staff, f, None, Some(e)).await,
    };
    let consent = f.consent_contact.is_some().then_some(true);
    let rec = match enquete_app::people::create(
        &state,
        &staff.caller,
        UnitId(f.unit),
        ("unit", "error-choose-section"),
        &details,
        consent,
    )
    .await
    {
        Ok(rec) => rec,
        Err(enquete_app::Error::Field(e)) if e.field != "unit" => {
            return render_form(&state, &staff, f, None, Some(e)).await;
        }
        Err(e) => return Err(e.into()),
    };
    Ok(see_other(&format!(
        "/people/{}?done=person-saved",
        rec.person.id
    )))
}

pub async fn edit_form(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Response> {
    let rec =
        enquete_app::scope::person_for(&state, &staff.caller, PersonId(id), Action::EditPerson)
            .await?;
    render_form(
        &state,
        &staff,
        PersonForm::from_record(&rec),
        Some(&rec),
        None,
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<PersonForm>,
) -> AppResult<Response> {
    let details = match f.input().parse() {
        Ok(d) => d,
        Err(e) => {
            let rec = enquete_app::scope::person_for(
                &state,
                &staff.caller,
                PersonId(id),
                Action::EditPerson,
            )
            .await?;
            return render_form(&state, &staff, f, Some(&rec), Some(e)).await;
        }
    };
    enquete_app::people::update(&state, &staff.caller, PersonId(id), &details).await?;
    Ok(see_other(&format!("/people/{id}?done=person-saved")))
}

struct View {
    id: i64,
    unit_id: i64,
    unit: String,
    name: String,
    stage: String,
    stage_code: &'static str,
    youth_wing: bool,
    email: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    languages: String,
    tags: String,
    workplace: Option<String>,
    notes: Option<String>,
    created: String,
}

struct HistoryRow {
    when: String,
    from: String,
    to: String,
    who: String,
    why: String,
}

struct ConsentRow {
    purpose: String,
    status: String,
    when: String,
    source: String,
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    c: Chrome,
    p: View,
    can_edit: bool,
    can_move: bool,
    stages: Vec<(&'static str, String)>,
    next_stage: &'static str,
    history: Vec<HistoryRow>,
    consents: Vec<ConsentRow>,
    purposes: Vec<(&'static str, String)>,
    /// Mailings, calls and tasks: when, what, which, what came of it.
    contacts: Vec<(String, String, String, String)>,
    /// Training completed: module code, when.
    training: Vec<(String, String)>,
    /// The profile counted in compositions, with the choices of its form.
    pf: super::composition::ProfileChoices,
    /// Moves to or from another organization of the movement: when, and where.
    moves: Vec<(String, String)>,
    /// Whether the person may be recorded as joining another organization from here.
    may_join: bool,
    /// Responsibilities: position, unit, from – to, how chosen.
    roles: Vec<(String, String, String)>,
    /// A refused ladder move, beside its field, with the reason as typed.
    inv: Invalid,
    reason: String,
}

/// Display names for the accounts that appear in a record's history.
async fn user_names(
    state: &AppState,
    ids: impl Iterator<Item = UserId>,
) -> AppResult<HashMap<UserId, String>> {
    let mut names = HashMap::new();
    for id in ids {
        if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(id) {
            let name = match state.store.user(id).await {
                Ok(u) => u.user.display_name,
                Err(enquete_store::StoreError::NotFound(_)) => format!("#{id}"),
                Err(e) => return Err(e.into()),
            };
            slot.insert(name);
        }
    }
    Ok(names)
}

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    person_page(&state, &staff, id, Invalid::none(), None).await
}

/// A person's page; after a refused ladder move, with the error beside the field and the move
/// as typed (`typed`: the stage and the reason).
async fn person_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    inv: Invalid,
    typed: Option<&StageForm>,
) -> AppResult<Response> {
    let state = state.clone();
    let rec = enquete_app::people::read(&state, &staff.caller, PersonId(id)).await?;
    let history = state.store.stage_history(rec.person.id).await?;
    let consents = state.store.consents(rec.person.id).await?;
    let contacts = enquete_app::people::contacts(&state, &staff.caller, rec.person.id).await?;
    let (training, roles) =
        enquete_app::training::path_of(&state, &staff.caller, rec.person.id).await?;
    let c = Chrome::new(&staff.ctx);
    let tr = c.tr;
    let pf = super::composition::profile_choices(&state, staff, rec.person.id, tr).await?;
    let moves = enquete_app::organizations::moves_of(&state, &staff.caller, rec.person.id)
        .await?
        .into_iter()
        .map(|(at, out, where_)| {
            let key = if out {
                "join-moved-to"
            } else {
                "join-came-from"
            };
            (tr.date(at), tr.tn(key, &[("where", where_)]))
        })
        .collect();
    let modules = if training.is_empty() {
        Vec::new()
    } else {
        enquete_app::training::modules(&state).await?
    };
    let names = user_names(&state, history.iter().filter_map(|h| h.by)).await?;
    let target = Target::person(&rec.unit_path, rec.recorded_by);
    let p = &rec.person;
    // Only the moves the ladder's rules allow this person (the store checks them again).
    let was_member = history.iter().any(|h| h.to >= Stage::Member);
    let allowed = enquete_domain::people::allowed_moves(p.stage, p.youth_wing, was_member);
    page(&PersonPage {
        pf,
        moves,
        may_join: allows(&staff.caller.actor, Action::EditPerson, target)
            && !enquete_app::organizations::sections_to_join(&state, &staff.caller)
                .await?
                .is_empty(),
        training: training
            .iter()
            .map(|t| {
                let title = modules
                    .iter()
                    .find(|m| m.id == t.module)
                    .map(|m| m.title.get(tr.lang).to_owned())
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| t.code.clone());
                (title, tr.date(t.completed_at))
            })
            .collect(),
        roles: roles
            .iter()
            .map(|(t, title, unit, kind)| {
                let what = tr.t(&format!("position-{}", kind.as_str()));
                let name = if title.is_empty() {
                    what
                } else {
                    format!("{title} ({what})")
                };
                (
                    format!("{name} · {unit}"),
                    match t.ends_at {
                        Some(end) => format!("{} – {}", tr.date(t.starts_at), tr.date(end)),
                        None => format!("{} –", tr.date(t.starts_at)),
                    },
                    match t.chosen_by {
                        enquete_domain::training::ChosenBy::Election {
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
                        enquete_domain::training::ChosenBy::Appointment => {
                            tr.t("chosen-appointment")
                        }
                    },
                )
            })
            .collect(),
        contacts: contacts
            .iter()
            .map(|k| {
                (
                    tr.date(k.at),
                    c.t(&format!("contact-{}", k.kind)),
                    k.title.clone(),
                    k.detail.clone(),
                )
            })
            .collect(),
        p: View {
            id: p.id.0,
            unit_id: p.unit.0,
            unit: rec.unit_name.clone(),
            name: p.name.clone(),
            stage: tr.stage(p.stage),
            stage_code: p.stage.as_str(),
            youth_wing: p.youth_wing,
            email: p.email.clone(),
            phone: p.phone.clone(),
            address: p.address.clone(),
            languages: p
                .languages
                .iter()
                .map(|l| l.endonym())
                .collect::<Vec<_>>()
                .join(", "),
            tags: p
                .tags
                .iter()
                .map(Tag::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            workplace: p.workplace.clone(),
            notes: p.notes.clone(),
            created: p.created_at.date(),
        },
        can_edit: allows(&staff.caller.actor, Action::EditPerson, target),
        can_move: allows(&staff.caller.actor, Action::MoveStage, target),
        stages: allowed.iter().map(|s| (s.as_str(), tr.stage(*s))).collect(),
        next_stage: typed
            .and_then(|t| Stage::parse(&t.to).ok())
            .or_else(|| p.stage.next().filter(|s| allowed.contains(s)))
            .or_else(|| allowed.first().copied())
            .unwrap_or(p.stage)
            .as_str(),
        reason: typed.map(|t| t.reason.clone()).unwrap_or_default(),
        inv,
        history: history
            .iter()
            .rev()
            .map(|h| HistoryRow {
                when: h.at.display(),
                from: h.from.map_or_else(|| "·".to_owned(), |s| tr.stage(s)),
                to: tr.stage(h.to),
                who: h
                    .by
                    .and_then(|u| names.get(&u).cloned())
                    .unwrap_or_default(),
                why: h.reason.clone(),
            })
            .collect(),
        consents: consents
            .iter()
            .rev()
            .map(|k| ConsentRow {
                purpose: tr.purpose(k.purpose.as_str()),
                status: tr.t(if k.granted {
                    "consent-given"
                } else {
                    "consent-withdrawn"
                }),
                when: k.at.display(),
                source: k.source.as_str().to_owned(),
            })
            .collect(),
        purposes: ConsentPurpose::ALL
            .iter()
            .map(|k| (k.as_str(), tr.purpose(k.as_str())))
            .collect(),
        c,
    })
}

#[derive(Deserialize)]
pub struct StageForm {
    to: String,
    reason: String,
}

pub async fn move_stage(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<StageForm>,
) -> AppResult<Response> {
    match enquete_app::people::move_on_ladder(&state, &staff.caller, PersonId(id), &f.to, &f.reason)
        .await
    {
        Ok(_) => Ok(see_other(&format!("/people/{id}?done=stage-moved"))),
        Err(e) => {
            let e = AppError::from(e);
            match Invalid::of(staff.ctx.tr, &e) {
                Some(inv) => Ok(unprocessable(
                    person_page(&state, &staff, id, inv, Some(&f)).await?,
                )),
                None => Err(e),
            }
        }
    }
}

#[derive(Deserialize)]
pub struct ConsentForm {
    purpose: String,
    granted: String,
    source: String,
}

pub async fn consent(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<ConsentForm>,
) -> AppResult<Response> {
    let granted = match f.granted.as_str() {
        "yes" => true,
        "no" => false,
        _ => return Err(enquete_domain::FieldError::new("granted", "error-yes-or-no").into()),
    };
    enquete_app::people::record_consent(
        &state,
        &staff.caller,
        PersonId(id),
        &f.purpose,
        granted,
        &f.source,
    )
    .await?;
    Ok(see_other(&format!("/people/{id}?done=consent-recorded")))
}
