//! People: lists and what is done to a list's selection, moving them on the ladder, their
//! consents.

use crate::scope::{person_for, unit_for};
use crate::{App, Caller, Error, Result};
use enquete_domain::FieldError;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::ActionId;
use enquete_domain::org::UnitId;
use enquete_domain::people::{
    ConsentPurpose, ConsentSource, MoveReason, NewConsent, PersonDetails, PersonId, Stage,
    StageChange,
};
use enquete_domain::people::{SearchText, Tag};
use enquete_domain::policy::{Action, PeopleVisibility, Target, allows, people_visibility};
use enquete_store::{PeopleQuery, PeopleSort, PersonRecord};

/// Moves a person on the ladder for a caller member: the policy, the rules, and the audit entry
/// in the same transaction. Shared by the page and the API (`via` marks the API in the log).
pub async fn move_on_ladder(
    app: &App,
    caller: &Caller,
    id: PersonId,
    to: &str,
    reason: &str,
) -> Result<PersonRecord> {
    let rec = person_for(app, caller, id, Action::MoveStage).await?;
    let to = Stage::parse(to)?;
    let reason = MoveReason::parse(reason)?;
    let detail = format!(
        "{}{} -> {}",
        caller.door.marker(),
        rec.person.stage.as_str(),
        to.as_str()
    );
    let event = crate::audit::event(caller, AuditAction::MoveStage, Some(rec.person.id), detail);
    Ok(app
        .store
        .move_stage(
            rec.person.id,
            to,
            &reason,
            Some(caller.id()),
            caller.now,
            Some(event),
        )
        .await?)
}

/// Records a consent given or withdrawn, with its audit entry. Shared by the page and the API.
pub async fn record_consent(
    app: &App,
    caller: &Caller,
    id: PersonId,
    purpose: &str,
    granted: bool,
    source: &str,
) -> Result<()> {
    let rec = person_for(app, caller, id, Action::EditPerson).await?;
    let purpose = ConsentPurpose::parse(purpose)?;
    let source = ConsentSource::parse(source)?;
    let detail = format!(
        "{}{} {}",
        caller.door.marker(),
        purpose.as_str(),
        if granted { "given" } else { "withdrawn" }
    );
    let event = crate::audit::event(caller, AuditAction::Consent, Some(rec.person.id), detail);
    app.store
        .record_consent(
            rec.person.id,
            &NewConsent {
                purpose,
                granted,
                source,
            },
            Some(caller.id()),
            caller.now,
            Some(event),
        )
        .await?;
    Ok(())
}

/// Adds a person to a unit at the first rung of the ladder, with their consent to be contacted
/// when it was asked (`None`: not asked), recorded as given by the caller. `no_unit` is the error
/// for a unit that does not exist, naming it as the caller's form or body calls it.
pub async fn create(
    app: &App,
    caller: &Caller,
    unit: UnitId,
    no_unit: (&'static str, &'static str),
    details: &PersonDetails,
    consent_to_contact: Option<bool>,
) -> Result<PersonRecord> {
    let unit = unit_for(app, caller, unit, Action::CreatePerson)
        .await
        .map_err(|e| match e {
            Error::NotFound(_) => Error::Field(FieldError::new(no_unit.0, no_unit.1)),
            e => e,
        })?;
    let consents = match consent_to_contact {
        Some(granted) => vec![NewConsent {
            purpose: ConsentPurpose::Contact,
            granted,
            source: ConsentSource::recorded_by(&caller.name, caller.door.consent_phrase())?,
        }],
        None => Vec::new(),
    };
    let detail = door_detail(caller);
    Ok(app
        .store
        .create_person(
            unit.id,
            details,
            &consents,
            Some(caller.id()),
            caller.now,
            Some(crate::audit::event(
                caller,
                AuditAction::Create,
                None,
                detail,
            )),
        )
        .await?)
}

/// What the audit entry of a read says about the door: "api" for the API, nothing otherwise.
fn door_detail(caller: &Caller) -> String {
    match caller.door {
        crate::Door::Api => "api".to_owned(),
        _ => String::new(),
    }
}

/// Reads a person's record, written to their audit log.
pub async fn read(app: &App, caller: &Caller, id: PersonId) -> Result<PersonRecord> {
    let rec = person_for(app, caller, id, Action::ViewPerson).await?;
    let detail = door_detail(caller);
    crate::audit::read(app, caller, AuditAction::View, Some(rec.person.id), detail).await?;
    Ok(rec)
}

/// A contact with a person: a mailing or text sent, a call, a follow-up task.
#[derive(Debug, Clone)]
pub struct Contact {
    pub at: enquete_domain::Timestamp,
    /// `mail`, `call` or `task`.
    pub kind: &'static str,
    pub title: String,
    /// What came of it: the message's state, the call's outcome and note, the task's note.
    pub detail: String,
}

/// A person's contacts with the movement, newest first: mailings and texts, calls, tasks.
pub async fn contacts(app: &App, caller: &Caller, id: PersonId) -> Result<Vec<Contact>> {
    let rec = person_for(app, caller, id, Action::ViewPerson).await?;
    let id = rec.person.id;
    let mut out = Vec::new();
    for m in app.store.mails_of(id).await? {
        let mut detail = m.state.clone();
        if m.unsubscribed_at.is_some() {
            detail.push_str(", unsubscribed");
        }
        out.push(Contact {
            at: m
                .sent_at
                .or(m.bounced_at)
                .unwrap_or(enquete_domain::Timestamp(0)),
            kind: "mail",
            title: m.name,
            detail,
        });
    }
    let mut lists = std::collections::HashMap::new();
    for c in app.store.calls_of(id).await? {
        if let std::collections::hash_map::Entry::Vacant(e) = lists.entry(c.assignment) {
            let name = app
                .store
                .call_assignment(c.assignment)
                .await
                .map_or_else(|_| String::new(), |a| a.name);
            e.insert(name);
        }
        out.push(Contact {
            at: c.called_at,
            kind: "call",
            title: lists.get(&c.assignment).cloned().unwrap_or_default(),
            detail: if c.note.is_empty() {
                c.outcome
            } else {
                format!("{}: {}", c.outcome, c.note)
            },
        });
    }
    for t in app.store.tasks_of(id).await? {
        out.push(Contact {
            at: t.done_at.unwrap_or(t.created_at),
            kind: "task",
            title: t.title,
            detail: match t.done_at {
                Some(_) => format!("done {}", t.note).trim().to_owned(),
                None => "open".to_owned(),
            },
        });
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.at.0));
    Ok(out)
}

/// Reads a person's moves on the ladder, oldest first, written to their audit log.
pub async fn history(app: &App, caller: &Caller, id: PersonId) -> Result<Vec<StageChange>> {
    let rec = person_for(app, caller, id, Action::ViewPerson).await?;
    let detail = door_detail(caller);
    crate::audit::read(
        app,
        caller,
        AuditAction::ViewHistory,
        Some(rec.person.id),
        detail,
    )
    .await?;
    Ok(app.store.stage_history(rec.person.id).await?)
}

/// Replaces the details of a person the caller may edit (not their stage nor their unit).
pub async fn update(
    app: &App,
    caller: &Caller,
    id: PersonId,
    details: &PersonDetails,
) -> Result<PersonRecord> {
    let rec = person_for(app, caller, id, Action::EditPerson).await?;
    update_record(app, caller, &rec, details).await
}

/// Replaces the details of a record already loaded for editing (by `scope::person_for` with
/// `Action::EditPerson`), with its audit entry.
pub async fn update_record(
    app: &App,
    caller: &Caller,
    rec: &PersonRecord,
    details: &PersonDetails,
) -> Result<PersonRecord> {
    let event = crate::audit::event(
        caller,
        AuditAction::Edit,
        Some(rec.person.id),
        door_detail(caller),
    );
    Ok(app
        .store
        .update_person(rec.person.id, details, caller.now, Some(event))
        .await?)
}

/// Merges the record `other` into `keep` (both records of one person the caller may merge):
/// everything `other` holds moves to `keep`, and `other` is gone.
pub async fn merge(app: &App, caller: &Caller, keep: PersonId, other: PersonId) -> Result<()> {
    let keep = person_for(app, caller, keep, Action::MergePeople).await?;
    let other = person_for(app, caller, other, Action::MergePeople)
        .await
        .map_err(|e| match e {
            Error::NotFound(_) => Error::Field(FieldError::new("other", "error-no-person")),
            e => e,
        })?;
    let event = crate::audit::event(
        caller,
        AuditAction::Merge,
        Some(keep.person.id),
        format!("merged #{} into it", other.person.id),
    );
    app.store
        .merge_people(
            keep.person.id,
            other.person.id,
            Some(caller.id()),
            caller.now,
            Some(event),
        )
        .await?;
    Ok(())
}

/// A few people the caller may see whose name (or e-mail address, or phone) matches `typed`,
/// for choosing one by name; the reading is in the audit log. `within`: only this unit and
/// below (it must be a unit the caller may list people of).
pub async fn pick(
    app: &App,
    caller: &Caller,
    typed: &str,
    within: Option<UnitId>,
    limit: u32,
) -> Result<Vec<PersonRecord>> {
    let visibility = enquete_domain::policy::people_visibility(&caller.actor);
    if visibility == enquete_domain::policy::PeopleVisibility::None {
        return Err(Error::Forbidden);
    }
    let text = enquete_domain::people::SearchText::parse(typed)?;
    if text.as_str().trim().is_empty() {
        return Ok(Vec::new());
    }
    let unit = match within {
        Some(id) => Some(unit_for(app, caller, id, Action::ListPeople).await?.path),
        None => None,
    };
    let query = enquete_store::PeopleQuery {
        text: text.into_string(),
        unit,
        limit: limit.clamp(1, 20),
        ..Default::default()
    };
    let found = app.store.search_people(&visibility, &query).await?;
    let shown: Vec<PersonId> = found.people.iter().map(|r| r.person.id).collect();
    crate::audit::list(
        app,
        caller,
        AuditAction::Search,
        &shown,
        format!("pick q={typed:?} shown={}", shown.len()),
    )
    .await?;
    Ok(found.people)
}

/// The person a form names in its `field`: chosen from the list (a number), or typed by name,
/// when exactly one person the caller may see has it (forms work without scripts too).
pub async fn resolve(
    app: &App,
    caller: &Caller,
    field: &'static str,
    typed: &str,
    within: Option<UnitId>,
) -> Result<PersonId> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(FieldError::new(field, "error-person-pick").into());
    }
    if let Ok(id) = typed.parse::<i64>() {
        return Ok(PersonId(id));
    }
    let found = pick(app, caller, typed, within, 2).await?;
    match found.as_slice() {
        [one] => Ok(one.person.id),
        [] => Err(FieldError::new(field, "error-person-no-match").into()),
        _ => Err(FieldError::new(field, "error-person-several").into()),
    }
}

/// What a people list is filtered and ordered by, validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Part of a name, an e-mail address or a phone number.
    pub text: String,
    /// Only this unit and below (a unit the caller may list people of).
    pub unit: Option<UnitId>,
    pub stage: Option<Stage>,
    pub tag: Option<Tag>,
    pub sort: PeopleSort,
}

impl Filter {
    /// A filter from what was typed or sent; empty values do not filter. The errors name
    /// `q`, `stage`, `tag` and `sort`.
    pub fn parse(
        text: &str,
        unit: Option<i64>,
        stage: &str,
        tag: &str,
        sort: &str,
    ) -> Result<Self> {
        Ok(Self {
            text: SearchText::parse(text)?.into_string(),
            unit: unit.map(UnitId),
            stage: match stage.trim() {
                "" => None,
                s => Some(Stage::parse(s)?),
            },
            tag: match tag.trim() {
                "" => None,
                t => Some(Tag::parse(t)?),
            },
            sort: PeopleSort::parse(sort)?,
        })
    }

    /// How the audit log describes it.
    fn describe(&self) -> String {
        format!(
            "q={:?} unit={:?} stage={:?} tag={:?} sort={}",
            self.text,
            self.unit.map(|u| u.0),
            self.stage.map(Stage::as_str),
            self.tag.as_ref().map(Tag::as_str),
            self.sort.as_str()
        )
    }
}

/// One page of a people list.
#[derive(Debug, Clone)]
pub struct Listed {
    pub people: Vec<PersonRecord>,
    /// How many match in all.
    pub total: u64,
    /// The unit the list was narrowed to, if any.
    pub unit: Option<enquete_domain::org::Unit>,
    /// The caller sees only the people it recorded itself (a canvasser).
    pub own_only: bool,
}

/// The visibility of people for the caller; refused for those who see no people.
fn visibility(caller: &Caller) -> Result<PeopleVisibility> {
    match people_visibility(&caller.actor) {
        PeopleVisibility::None => Err(Error::Forbidden),
        v => Ok(v),
    }
}

/// The store's query for a filter, with the unit checked against the caller's scope.
async fn query_for(
    app: &App,
    caller: &Caller,
    filter: &Filter,
) -> Result<(PeopleQuery, Option<enquete_domain::org::Unit>)> {
    let unit = match filter.unit {
        Some(id) => Some(unit_for(app, caller, id, Action::ListPeople).await?),
        None => None,
    };
    Ok((
        PeopleQuery {
            text: filter.text.clone(),
            unit: unit.as_ref().map(|u| u.path.clone()),
            stage: filter.stage,
            tag: filter.tag.clone(),
            sort: filter.sort,
            limit: 50,
            offset: 0,
        },
        unit,
    ))
}

/// A page of the people the caller may see that match `filter` (`limit` from 1 to 500, from
/// `offset`), with the reading in the log of each person shown. Shared by the page and the API.
pub async fn list(
    app: &App,
    caller: &Caller,
    filter: &Filter,
    limit: u32,
    offset: u32,
) -> Result<Listed> {
    let visibility = visibility(caller)?;
    let (mut query, unit) = query_for(app, caller, filter).await?;
    query.limit = limit.clamp(1, 500);
    query.offset = offset;
    let found = app.store.search_people(&visibility, &query).await?;
    let shown: Vec<PersonId> = found.people.iter().map(|r| r.person.id).collect();
    crate::audit::list(
        app,
        caller,
        AuditAction::Search,
        &shown,
        format!(
            "{}{} offset={offset} shown={}",
            caller.door.marker(),
            filter.describe(),
            shown.len()
        ),
    )
    .await?;
    Ok(Listed {
        people: found.people,
        total: found.total,
        unit,
        own_only: matches!(visibility, PeopleVisibility::RecordedBy(..)),
    })
}

/// The most people one change to a selection may reach.
pub const MAX_SELECTION: usize = 5000;

/// The people a change is for: those ticked in a list, or all that match its filter.
#[derive(Debug, Clone)]
pub enum Selection {
    These(Vec<PersonId>),
    AllMatching(Filter),
}

/// What a change to a selection came to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BulkOutcome {
    /// Changed.
    pub changed: usize,
    /// Already so (the tag was there, or not there; the RSVP was taken).
    pub unchanged: usize,
    /// Not the caller's to change (outside its scope, or not recorded by it), or gone.
    pub skipped: usize,
}

/// The selection's people, in its order, each checked against the policy for `action`: those
/// the caller may act on, and how many it may not.
async fn selected(
    app: &App,
    caller: &Caller,
    selection: &Selection,
    allowed: impl Fn(&enquete_store::PersonTarget) -> bool,
) -> Result<(Vec<PersonId>, usize)> {
    let ids: Vec<PersonId> = match selection {
        Selection::These(ids) => {
            let mut seen = std::collections::HashSet::new();
            ids.iter().copied().filter(|id| seen.insert(*id)).collect()
        }
        Selection::AllMatching(filter) => {
            let visibility = visibility(caller)?;
            let (query, _) = query_for(app, caller, filter).await?;
            app.store.people_matching(&visibility, &query).await?
        }
    };
    if ids.is_empty() {
        return Err(FieldError::new("people", "error-selection-empty").into());
    }
    if ids.len() > MAX_SELECTION {
        return Err(FieldError::new("people", "error-selection-too-large")
            .arg("count", ids.len())
            .arg("max", MAX_SELECTION)
            .into());
    }
    let targets = app.store.person_targets(&ids).await?;
    let ok: std::collections::HashSet<PersonId> = targets
        .iter()
        .filter(|t| allowed(t))
        .map(|t| t.id)
        .collect();
    let kept: Vec<PersonId> = ids.iter().copied().filter(|id| ok.contains(id)).collect();
    let skipped = ids.len() - kept.len();
    Ok((kept, skipped))
}

/// Whether the caller may do `action` on this person (and see them at all).
fn may(caller: &Caller, action: Action, t: &enquete_store::PersonTarget) -> bool {
    let target = Target::person(&t.unit_path, t.recorded_by);
    allows(&caller.actor, Action::ViewPerson, target) && allows(&caller.actor, action, target)
}

/// Adds a tag to the people of a selection (`add`), or takes it away: only to those the caller
/// may edit, in one transaction, each change in the person's log.
pub async fn tag_selection(
    app: &App,
    caller: &Caller,
    selection: &Selection,
    tag: &Tag,
    add: bool,
) -> Result<BulkOutcome> {
    if !allows(
        &caller.actor,
        Action::EditPerson,
        Target::unit(&caller.actor.scope),
    ) {
        return Err(Error::Forbidden);
    }
    let (people, skipped) = selected(app, caller, selection, |t| {
        may(caller, Action::EditPerson, t)
    })
    .await?;
    let detail = format!(
        "{}{} tag {}",
        caller.door.marker(),
        if add { "added" } else { "removed" },
        tag.as_str()
    );
    let event = crate::audit::event(caller, AuditAction::BulkTag, None, detail);
    let changed = app
        .store
        .change_tag(&people, tag, add, caller.now, &event)
        .await?;
    Ok(BulkOutcome {
        changed: changed.len(),
        unchanged: people.len() - changed.len(),
        skipped,
    })
}

/// Answers for the people of a selection at an action the caller runs: those it may bring
/// (check in) are confirmed while places last, then waiting; in one transaction, each new
/// answer in the person's log.
pub async fn rsvp_selection(
    app: &App,
    caller: &Caller,
    selection: &Selection,
    action: ActionId,
) -> Result<BulkOutcome> {
    if !allows(
        &caller.actor,
        Action::CheckIn,
        Target::unit(&caller.actor.scope),
    ) {
        return Err(Error::Forbidden);
    }
    let a = crate::scope::action_for(app, caller, action)
        .await
        .map_err(|e| match e {
            Error::NotFound(_) | Error::Forbidden => {
                Error::Field(FieldError::new("action", "error-action-pick"))
            }
            e => e,
        })?;
    if !crate::scope::runs(caller, &a) || a.cancelled {
        return Err(FieldError::new("action", "error-action-pick").into());
    }
    let (people, skipped) =
        selected(app, caller, selection, |t| may(caller, Action::CheckIn, t)).await?;
    let detail = format!("{}action {}: {}", caller.door.marker(), a.id, a.title);
    let event = crate::audit::event(caller, AuditAction::BulkRsvp, None, detail);
    let outcomes = app
        .store
        .rsvp_many(
            a.id,
            &people,
            &format!("by {}", caller.email),
            caller.now,
            &event,
        )
        .await?;
    let changed = outcomes.iter().filter(|o| !o.already).count();
    Ok(BulkOutcome {
        changed,
        unchanged: outcomes.len() - changed,
        skipped: skipped + (people.len() - outcomes.len()),
    })
}

/// A selection written as CSV.
#[derive(Debug, Clone)]
pub struct Export {
    pub csv: Vec<u8>,
    pub count: usize,
    pub skipped: usize,
}

/// The people of a selection as CSV (name, unit, stage, tags, e-mail, phone; every cell inert
/// for spreadsheets), for those allowed to export people; each person exported is in their
/// log.
pub async fn export_selection(app: &App, caller: &Caller, selection: &Selection) -> Result<Export> {
    if !allows(
        &caller.actor,
        Action::ExportPeople,
        Target::unit(&caller.actor.scope),
    ) {
        return Err(Error::Forbidden);
    }
    let (people, skipped) = selected(app, caller, selection, |t| {
        may(caller, Action::ExportPeople, t)
    })
    .await?;
    let ids: Vec<i64> = people.iter().map(|p| p.0).collect();
    let records = app.store.people_by_ids(&ids).await?;
    let rows = records.iter().map(|r| {
        let p = &r.person;
        vec![
            p.id.0.to_string(),
            p.name.clone(),
            r.unit_name.clone(),
            p.stage.as_str().to_owned(),
            p.tags.iter().map(Tag::as_str).collect::<Vec<_>>().join(" "),
            p.email.clone().unwrap_or_default(),
            p.phone.clone().unwrap_or_default(),
        ]
    });
    let mut csv = Vec::new();
    enquete_formats::export::table_csv(
        &["id", "name", "unit", "stage", "tags", "email", "phone"],
        rows,
        &mut csv,
    )
    .map_err(|e| Error::Internal(format!("people export: {e}")))?;
    let exported: Vec<PersonId> = records.iter().map(|r| r.person.id).collect();
    crate::audit::list(
        app,
        caller,
        AuditAction::PeopleExport,
        &exported,
        format!("{}{} people", caller.door.marker(), exported.len()),
    )
    .await?;
    Ok(Export {
        csv,
        count: exported.len(),
        skipped: skipped + (people.len() - exported.len()),
    })
}
