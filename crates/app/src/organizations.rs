//! More than one organization on one installation (docs/organizations.md): the party and its
//! youth wing, each a tree of its own with its own accounts and ladder. The national level of an
//! organization sees its affiliates' counts, and their people only where an affiliate granted
//! it; a person joining another organization (youth wing → party) gets a record there, made with
//! their agreement, linked to the one they came from.

use crate::scope::{organization_of, people_counts, person_for, unit_for};
use crate::{App, Caller, Error, Result};
use enquete_domain::FieldError;
use enquete_domain::account::{Role, UserId};
use enquete_domain::audit::AuditAction;
use enquete_domain::org::{Unit, UnitId, UnitName};
use enquete_domain::people::{Email, PersonDetails, PersonId, PersonName, Phone, Stage};
use enquete_domain::policy::{Action, Target, allows};
use enquete_store::GrantRecord;

/// One organization as the caller sees it.
pub struct OrganizationView {
    pub root: Unit,
    /// The organization it is affiliated to, by name.
    pub affiliate_of: Option<String>,
    /// The caller's own organization.
    pub own: bool,
    /// Whether the caller may read its people.
    pub names: bool,
    /// People per stage, in ladder order (`None`: hidden, too few to show).
    pub stages: Vec<(Stage, Option<u64>)>,
    pub total: Option<u64>,
    /// People who moved from this organization to the caller's (or from the caller's to this
    /// one), per year, newest first.
    pub moves_in: Vec<(String, u64)>,
    pub moves_out: Vec<(String, u64)>,
    /// The accounts this organization lets read its people (for its own national admins).
    pub grants: Vec<GrantRecord>,
}

/// The organizations the caller reaches: their own first, then its affiliates. For those who
/// see an organization's counts (national admins and analysts).
pub async fn overview(app: &App, caller: &Caller) -> Result<Vec<OrganizationView>> {
    let own = app.store.unit(caller.organization()).await?;
    if !allows(
        &caller.actor,
        Action::ViewAggregates,
        Target::unit(&own.path),
    ) {
        return Err(Error::Forbidden);
    }
    let all = app.store.organizations().await?;
    let name_of = |id: UnitId| {
        all.iter()
            .find(|o| o.root.id == id)
            .map(|o| o.root.name.as_str().to_owned())
    };
    let mut views = Vec::new();
    for org in &all {
        let is_own = org.root.id == own.id;
        if !is_own
            && !allows(
                &caller.actor,
                Action::ViewAggregates,
                Target::unit(&org.root.path),
            )
        {
            continue;
        }
        let counts = people_counts(app, caller, &org.root).await?;
        let stages = Stage::ALL
            .into_iter()
            .map(|s| (s, counts.at(org.root.id, s)))
            .collect();
        let (moves_in, moves_out) = if is_own {
            (Vec::new(), Vec::new())
        } else {
            (
                app.store.moves_per_year(org.root.id, own.id).await?,
                app.store.moves_per_year(own.id, org.root.id).await?,
            )
        };
        let grants = if is_own && caller.actor.role == Role::NationalAdmin {
            app.store.grants(org.root.id).await?
        } else {
            Vec::new()
        };
        views.push(OrganizationView {
            names: allows(
                &caller.actor,
                Action::ListPeople,
                Target::unit(&org.root.path),
            ),
            affiliate_of: org.affiliate_of.and_then(name_of),
            own: is_own,
            stages,
            total: counts.total(org.root.id),
            moves_in,
            moves_out,
            grants,
            root: org.root.clone(),
        });
    }
    // The caller's own organization first.
    views.sort_by_key(|v| !v.own);
    Ok(views)
}

/// Starts an organization affiliated to the caller's (a youth wing), with its first national
/// admin; returns the new root and the admin's e-mail and one-time password. For the national
/// admins of an organization.
pub async fn start_affiliate(
    app: &App,
    caller: &Caller,
    name: &str,
    admin_email: &str,
) -> Result<(Unit, String, String)> {
    let own = unit_for(app, caller, caller.organization(), Action::ChangeUnit).await?;
    if caller.actor.role != Role::NationalAdmin {
        return Err(Error::Forbidden);
    }
    let name = UnitName::parse(name)?;
    let email = Email::parse(admin_email).map_err(|e| FieldError {
        field: "admin_email",
        problem: e.problem,
    })?;
    if app.store.user_by_email(email.as_str()).await?.is_some() {
        return Err(FieldError::new("admin_email", "error-account-exists").into());
    }
    let root = app
        .store
        .create_organization(
            &name,
            Some(own.id),
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::Organization,
                None,
                name.as_str().to_owned(),
            ),
        )
        .await?;
    let display = email
        .as_str()
        .split('@')
        .next()
        .unwrap_or("admin")
        .to_owned();
    let (email, password) = crate::accounts::new_account(
        &app.store,
        email.as_str(),
        &display,
        Role::NationalAdmin,
        root.id,
        enquete_domain::people::Language::En,
        caller.now,
    )
    .await?;
    Ok((root, email, password))
}

/// Lets an account of the organization the caller's is affiliated to read the caller's
/// organization's people (or stops it): its national admins decide.
pub async fn set_grant(app: &App, caller: &Caller, email: &str, granted: bool) -> Result<()> {
    let own = app.store.unit(caller.organization()).await?;
    if caller.actor.role != Role::NationalAdmin
        || !allows(&caller.actor, Action::ChangeUnit, Target::unit(&own.path))
    {
        return Err(Error::Forbidden);
    }
    let parent = app
        .store
        .organizations()
        .await?
        .into_iter()
        .find(|o| o.root.id == own.id)
        .and_then(|o| o.affiliate_of)
        .ok_or_else(|| FieldError::new("email", "error-organization-not-affiliate"))?;
    let account = app
        .store
        .user_by_email(email.trim())
        .await?
        .ok_or_else(|| FieldError::new("email", "error-grant-unknown-account"))?;
    let belongs = account.unit_path.ids().first() == Some(&parent);
    if !belongs || account.user.role != Role::NationalAdmin {
        return Err(FieldError::new("email", "error-grant-not-national-admin").into());
    }
    app.store
        .set_grant(
            own.id,
            account.user.id,
            granted,
            Some(caller.id()),
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::OrganizationGrant,
                None,
                format!(
                    "{} {}",
                    if granted { "granted" } else { "withdrawn" },
                    account.user.email
                ),
            ),
        )
        .await?;
    Ok(())
}

/// Stops a grant by account id (the button beside a grant).
pub async fn withdraw_grant(app: &App, caller: &Caller, user: UserId) -> Result<()> {
    let account = app.store.user(user).await?;
    set_grant(app, caller, &account.user.email, false).await
}

/// The sections of the organizations a person of the caller's organization may join: those of
/// the organization it is affiliated to (the youth wing's members join the party), and of its
/// affiliates. Names only: a unit's name is no one's personal data.
pub async fn sections_to_join(app: &App, caller: &Caller) -> Result<Vec<Unit>> {
    let own = caller.organization();
    let orgs = app.store.organizations().await?;
    let parent = orgs
        .iter()
        .find(|o| o.root.id == own)
        .and_then(|o| o.affiliate_of);
    let mut sections = Vec::new();
    for org in &orgs {
        let related = Some(org.root.id) == parent || org.affiliate_of == Some(own);
        if org.root.id == own || !related {
            continue;
        }
        sections.extend(
            app.store
                .subtree(&org.root.path, false)
                .await?
                .into_iter()
                .filter(|u| u.kind.is_section()),
        );
    }
    Ok(sections)
}

/// Records that a person of the caller's organization joined another one of the movement (from
/// the youth wing to the party): with their agreement (`agreed`), a record in section `to` with
/// their name, how to reach them and their languages, at member on that organization's ladder.
/// Their record here stays (they may stay in the youth wing); the move is kept on both.
pub async fn join(
    app: &App,
    caller: &Caller,
    person: PersonId,
    to: UnitId,
    agreed: bool,
) -> Result<PersonId> {
    let rec = person_for(app, caller, person, Action::EditPerson).await?;
    if !agreed {
        return Err(FieldError::new("agreed", "error-join-agreement").into());
    }
    if !sections_to_join(app, caller)
        .await?
        .iter()
        .any(|u| u.id == to)
    {
        return Err(FieldError::new("unit", "error-join-section").into());
    }
    let p = &rec.person;
    let details = PersonDetails {
        name: PersonName::parse(&p.name)?,
        email: p.email.as_deref().map(Email::parse).transpose()?,
        phone: p.phone.as_deref().map(Phone::parse).transpose()?,
        address: None,
        languages: p.languages.clone(),
        tags: Vec::new(),
        youth_wing: false,
        workplace: None,
        notes: None,
    };
    let target = app.store.unit(to).await?;
    let org = organization_of(app, &target).await?;
    Ok(app
        .store
        .join_organization(
            p.id,
            to,
            &details,
            Some(caller.id()),
            caller.now,
            crate::audit::event(
                caller,
                AuditAction::OrganizationJoined,
                Some(p.id),
                format!("joined {} ({})", org.name.as_str(), target.name.as_str()),
            ),
        )
        .await?)
}

/// The moves between organizations of a person (for their page): when, and the unit on the
/// other side by name.
pub async fn moves_of(
    app: &App,
    caller: &Caller,
    person: PersonId,
) -> Result<Vec<(enquete_domain::Timestamp, bool, String)>> {
    person_for(app, caller, person, Action::ViewPerson).await?;
    let mut out = Vec::new();
    for m in app.store.organization_moves(person).await? {
        let outgoing = m.from_person == Some(person);
        let other = if outgoing { m.to_unit } else { m.from_unit };
        let unit = app.store.unit(other).await?;
        let org = organization_of(app, &unit).await?;
        out.push((
            m.at,
            outgoing,
            format!("{} — {}", org.name.as_str(), unit.name.as_str()),
        ));
    }
    Ok(out)
}
