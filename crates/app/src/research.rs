//! Complicity research (issue 16, part 4) and its early warning (part 5): researchers add
//! companies, their links, sites, products and contracts, and shipments, each with its
//! evidence; a second researcher reviews; a national admin publishes what may be shown on the
//! public company pages and in the open export. Workplace sections link to the sites they work
//! on and see the reviewed shipments expected there ("what passes through your hands"); a
//! reviewed shipment of concern warns their stewards and organizers on their start page and by
//! mail through the outbox.

use crate::scope::unit_for;
use crate::{App, Caller, Error, Result};
use enquete_domain::account::UserId;
use enquete_domain::audit::AuditAction;
use enquete_domain::org::{UnitId, UnitKind};
use enquete_domain::people::Language;
use enquete_domain::policy::{Action, Target, allows};
use enquete_domain::research::{
    CompanyDraft, Evidence, FactKind, ImportRow, ItemDraft, LinkDraft, ShipmentDraft, SiteDraft,
};
use enquete_domain::{FieldError, Timestamp};
use enquete_store::{
    CompanyFile, CompanyHit, ExpectedShipment, FactRecord, ImportProblem, Neighbourhood,
    PublishedResearch, QueuedFact, Seen, ShipmentRecord, SiteRecord,
};

/// How many companies one step away a neighbourhood follows at most (a hub has thousands).
pub const NEIGHBOURS: usize = 200;

/// The caller's organization, when the caller may do research there (`action`: `Research` or
/// `PublishResearch`).
async fn org_for(app: &App, caller: &Caller, action: Action) -> Result<UnitId> {
    let org = app.store.unit(caller.organization()).await?;
    if !allows(&caller.actor, action, Target::unit(&org.path)) {
        return Err(Error::Forbidden);
    }
    Ok(org.id)
}

/// Whether the caller does research (for the pages' menus).
pub fn is_researcher(caller: &Caller) -> bool {
    allows(
        &caller.actor,
        Action::Research,
        Target::unit(&caller.actor.organization()),
    )
}

/// Midnight (UTC) of the day `now` falls on: shipments are expected on a day.
fn start_of_day(now: Timestamp) -> Timestamp {
    Timestamp(now.0 - now.0.rem_euclid(enquete_store::DAY))
}

fn audit(caller: &Caller, detail: String) -> enquete_store::AuditEvent {
    crate::audit::event(caller, AuditAction::Research, None, detail)
}

/// Makes an account of the caller's organization a researcher (`on`), or no longer one:
/// national admins.
pub async fn set_researcher(app: &App, caller: &Caller, user: UserId, on: bool) -> Result<()> {
    org_for(app, caller, Action::PublishResearch).await?;
    let account = app.store.user(user).await?;
    if !account.unit_path.is_within(&caller.actor.organization()) {
        return Err(Error::Forbidden);
    }
    app.store
        .set_researcher(
            user,
            on,
            audit(caller, format!("account {}: researcher {on}", user.0)),
        )
        .await?;
    Ok(())
}

/// A company of the caller's organization by its name (accents and case aside); refused on
/// `field` when there is none.
pub async fn company_named(
    app: &App,
    caller: &Caller,
    name: &str,
    field: &'static str,
) -> Result<i64> {
    let org = org_for(app, caller, Action::Research).await?;
    let name = enquete_domain::research::name_of(field, name)?;
    app.store
        .company_id_by_name(org, &name)
        .await?
        .ok_or_else(|| FieldError::new(field, "error-no-company").into())
}

/// Adds a company, with its parent's ownership (the parent company, by name, and the share
/// held) when a parent is named.
pub async fn add_company(
    app: &App,
    caller: &Caller,
    draft: &CompanyDraft,
    parent_name: &str,
    share: Option<u8>,
    evidence: &Evidence,
) -> Result<i64> {
    let org = org_for(app, caller, Action::Research).await?;
    let parent = if parent_name.trim().is_empty() {
        if share.is_some() {
            return Err(FieldError::new("parent_company", "error-share-parent").into());
        }
        None
    } else {
        Some((
            company_named(app, caller, parent_name, "parent_company").await?,
            share,
        ))
    };
    Ok(app
        .store
        .add_company(
            org,
            draft,
            parent,
            evidence,
            Some(caller.actor.user),
            caller.now,
            audit(caller, format!("company {}", draft.name)),
        )
        .await?)
}

pub async fn add_link(
    app: &App,
    caller: &Caller,
    draft: &LinkDraft,
    evidence: &Evidence,
) -> Result<i64> {
    let org = org_for(app, caller, Action::Research).await?;
    Ok(app
        .store
        .add_link(
            org,
            draft,
            evidence,
            Some(caller.actor.user),
            caller.now,
            audit(caller, format!("link {} {}", draft.from, draft.to)),
        )
        .await?)
}

pub async fn add_site(
    app: &App,
    caller: &Caller,
    draft: &SiteDraft,
    evidence: &Evidence,
) -> Result<i64> {
    let org = org_for(app, caller, Action::Research).await?;
    Ok(app
        .store
        .add_site(
            org,
            draft,
            evidence,
            Some(caller.actor.user),
            caller.now,
            audit(caller, format!("site {}", draft.name)),
        )
        .await?)
}

pub async fn add_item(
    app: &App,
    caller: &Caller,
    draft: &ItemDraft,
    evidence: &Evidence,
) -> Result<i64> {
    let org = org_for(app, caller, Action::Research).await?;
    Ok(app
        .store
        .add_item(
            org,
            draft,
            evidence,
            Some(caller.actor.user),
            caller.now,
            audit(
                caller,
                format!("company {}: {}", draft.company, draft.kind.as_str()),
            ),
        )
        .await?)
}

pub async fn add_shipment(
    app: &App,
    caller: &Caller,
    draft: &ShipmentDraft,
    evidence: &Evidence,
) -> Result<i64> {
    let org = org_for(app, caller, Action::Research).await?;
    Ok(app
        .store
        .add_shipment(
            org,
            draft,
            evidence,
            Some(caller.actor.user),
            caller.now,
            audit(caller, format!("shipment of company {}", draft.company)),
        )
        .await?)
}

/// The words of a warning mail, in the recipient's language.
pub struct WarningMail {
    pub subject: String,
    pub body: String,
}

/// Reviews another researcher's fact. A shipment of concern, once reviewed, warns the
/// workplace sections linked to its site (their stewards and organizers, by mail through the
/// outbox; `mail` words it for each recipient's language). Returns the fact as it now stands.
pub async fn review(
    app: &App,
    caller: &Caller,
    id: i64,
    note: &str,
    mail: impl Fn(Language, &ShipmentRecord, &str) -> WarningMail,
) -> Result<FactRecord> {
    let org = org_for(app, caller, Action::Research).await?;
    let note = note.trim();
    if note.chars().count() > 1000 {
        return Err(FieldError::new("review", "error-too-long")
            .arg("max", 1000)
            .into());
    }
    let fact = app
        .store
        .review_fact(
            org,
            id,
            caller.actor.user,
            note,
            caller.now,
            audit(caller, format!("fact {id} reviewed")),
        )
        .await?;
    if fact.kind == FactKind::Shipment {
        warn_of(app, org, id, caller.now, &mail).await?;
    }
    Ok(fact)
}

/// Queues the warnings of a shipment for the sections linked to its site not warned yet.
async fn warn_of(
    app: &App,
    org: UnitId,
    shipment: i64,
    now: Timestamp,
    mail: &impl Fn(Language, &ShipmentRecord, &str) -> WarningMail,
) -> Result<u64> {
    let today = start_of_day(now);
    let recipients = app
        .store
        .shipment_warning_recipients(shipment, today)
        .await?;
    if recipients.is_empty() {
        return Ok(0);
    }
    let record = shipment_record(app, org, shipment).await?;
    let mut mails = Vec::with_capacity(recipients.len());
    for r in recipients {
        let unit_name = app.store.unit(r.unit).await?.name.as_str().to_owned();
        let WarningMail { subject, body } = mail(r.language, &record, &unit_name);
        mails.push((r.unit, r.email, subject, body));
    }
    Ok(app
        .store
        .queue_shipment_warnings(shipment, &mails, now)
        .await?)
}

async fn shipment_record(app: &App, org: UnitId, shipment: i64) -> Result<ShipmentRecord> {
    let fact = app.store.research_fact(org, shipment).await?;
    let file = app
        .store
        .shipment(org, fact.id)
        .await?
        .ok_or(Error::NotFound("shipment"))?;
    Ok(file)
}

/// Publishes a reviewed fact, or withdraws it: national admins.
pub async fn publish(app: &App, caller: &Caller, id: i64, on: bool) -> Result<()> {
    let org = org_for(app, caller, Action::PublishResearch).await?;
    app.store
        .publish_fact(
            org,
            id,
            caller.actor.user,
            on,
            caller.now,
            audit(caller, format!("fact {id} published {on}")),
        )
        .await?;
    Ok(())
}

/// The research page: companies found (the first ones without a query), facts waiting for
/// review and how many of each standing.
pub struct Overview {
    pub hits: Vec<CompanyHit>,
    pub queue: Vec<QueuedFact>,
    /// (waiting for review, reviewed, published).
    pub counts: (u64, u64, u64),
    pub may_publish: bool,
}

pub async fn overview(app: &App, caller: &Caller, query: &str) -> Result<Overview> {
    let org = org_for(app, caller, Action::Research).await?;
    Ok(Overview {
        hits: app
            .store
            .search_companies(org, query, Seen::All, 50)
            .await?,
        queue: app.store.review_queue(org, 50).await?,
        counts: app.store.research_counts(org).await?,
        may_publish: allows(
            &caller.actor,
            Action::PublishResearch,
            Target::unit(&caller.actor.organization()),
        ),
    })
}

/// A company's file and its neighbourhood, everything researchers see.
pub async fn company(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<(CompanyFile, Neighbourhood, Vec<SiteRecord>)> {
    let org = org_for(app, caller, Action::Research).await?;
    let file = app.store.company_file(org, id, Seen::All).await?;
    let graph = app
        .store
        .neighbourhood(org, id, Seen::All, NEIGHBOURS)
        .await?;
    // Shipments are expected at any site of the research, not only this company's.
    let sites = app.store.research_sites(org, Seen::All).await?;
    Ok((file, graph, sites))
}

/// The organization a public research page belongs to: the root of an organization.
async fn public_org(app: &App, org: UnitId) -> Result<UnitId> {
    let unit = app
        .store
        .unit(org)
        .await
        .map_err(|_| Error::NotFound("page"))?;
    if unit.parent.is_some() {
        return Err(Error::NotFound("page"));
    }
    Ok(unit.id)
}

/// Published companies of an organization, for anyone.
pub async fn public_search(app: &App, org: UnitId, query: &str) -> Result<Vec<CompanyHit>> {
    let org = public_org(app, org).await?;
    Ok(app
        .store
        .search_companies(org, query, Seen::Published, 50)
        .await?)
}

/// A published company with its published facts and neighbourhood, for anyone.
pub async fn public_company(
    app: &App,
    org: UnitId,
    id: i64,
) -> Result<(CompanyFile, Neighbourhood)> {
    let org = public_org(app, org).await?;
    let file = app
        .store
        .company_file(org, id, Seen::Published)
        .await
        .map_err(|_| Error::NotFound("company"))?;
    let graph = app
        .store
        .neighbourhood(org, id, Seen::Published, NEIGHBOURS)
        .await?;
    Ok((file, graph))
}

/// Every published fact of an organization, for the open export.
pub async fn published(app: &App, org: UnitId) -> Result<PublishedResearch> {
    let org = public_org(app, org).await?;
    Ok(app.store.published_research(org).await?)
}

/// Writes the rows of an imported file (read and checked by the caller), or names every row
/// that cannot be written; then nothing is.
pub async fn import(
    app: &App,
    caller: &Caller,
    rows: &[(usize, ImportRow, Evidence)],
) -> Result<std::result::Result<u64, Vec<ImportProblem>>> {
    let org = org_for(app, caller, Action::Research).await?;
    Ok(app
        .store
        .import_research(
            org,
            rows,
            Some(caller.actor.user),
            caller.now,
            audit(caller, format!("import of {} rows", rows.len())),
        )
        .await?)
}

/// What passes through a workplace's hands: the sites it is linked to, the reviewed shipments
/// expected there, and the reviewed sites it may be linked to.
pub struct Hands {
    pub linked: Vec<SiteRecord>,
    pub expected: Vec<ExpectedShipment>,
    pub sites: Vec<SiteRecord>,
}

pub async fn hands(app: &App, caller: &Caller, unit: UnitId) -> Result<Hands> {
    let unit = unit_for(app, caller, unit, Action::MapWorkplace).await?;
    if unit.kind != UnitKind::Workplace {
        return Err(FieldError::new("unit", "error-not-workplace").into());
    }
    let org = crate::scope::organization_of(app, &unit).await?;
    let today = start_of_day(caller.now);
    Ok(Hands {
        linked: app.store.workplace_sites(unit.id).await?,
        expected: app
            .store
            .expected_shipments(&[unit.id], today, false, 50)
            .await?,
        sites: app.store.research_sites(org.id, Seen::Reviewed).await?,
    })
}

/// Links a workplace section to a reviewed site it works on (or unlinks it); linking warns
/// of the shipments of concern already expected there.
pub async fn link_site(
    app: &App,
    caller: &Caller,
    unit: UnitId,
    site: i64,
    on: bool,
    mail: impl Fn(Language, &ShipmentRecord, &str) -> WarningMail,
) -> Result<()> {
    let unit = unit_for(app, caller, unit, Action::MapWorkplace).await?;
    if unit.kind != UnitKind::Workplace {
        return Err(FieldError::new("unit", "error-not-workplace").into());
    }
    let org = crate::scope::organization_of(app, &unit).await?;
    app.store
        .link_workplace_site(
            org.id,
            unit.id,
            site,
            on,
            crate::audit::event(
                caller,
                AuditAction::WorkplaceSite,
                None,
                format!("unit {}: site {site} {on}", unit.id.0),
            ),
        )
        .await?;
    if on {
        let today = start_of_day(caller.now);
        for shipment in app.store.concern_shipments_at(site, today).await? {
            warn_of(app, org.id, shipment, caller.now, &mail).await?;
        }
    }
    Ok(())
}

/// Reviewed shipments of concern expected in the coming weeks at the sites of the workplace
/// sections the caller keeps the map of, for its start page.
pub async fn warnings(app: &App, caller: &Caller) -> Result<Vec<ExpectedShipment>> {
    let unit = app.store.unit(caller.unit).await?;
    if !allows(
        &caller.actor,
        Action::MapWorkplace,
        Target::unit(&unit.path),
    ) {
        return Ok(Vec::new());
    }
    let workplaces: Vec<UnitId> = app
        .store
        .subtree(&unit.path, false)
        .await?
        .into_iter()
        .filter(|u| {
            u.kind == UnitKind::Workplace
                && allows(&caller.actor, Action::MapWorkplace, Target::unit(&u.path))
        })
        .map(|u| u.id)
        .collect();
    let today = start_of_day(caller.now);
    Ok(app
        .store
        .expected_shipments(&workplaces, today, true, 5)
        .await?
        .into_iter()
        .filter(|e| e.shipment.draft.arrives_on.0 < today.0 + 60 * enquete_store::DAY)
        .collect())
}
