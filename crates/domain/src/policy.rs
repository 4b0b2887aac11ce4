//! The access policy: the one place where "may this account do that, there?" is decided.
//!
//! A decision depends on the account's role, the unit its scope starts at, and the target: the
//! unit a record hangs off and, for people, who recorded them. Handlers ask [`allows`] and never
//! test roles themselves.

use crate::{
    account::{Role, UserId},
    org::UnitPath,
};

/// Who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: UserId,
    pub role: Role,
    pub scope: UnitPath,
    /// Other organizations on this installation this account reaches from its own (an
    /// organization is a tree of its own: the party, its youth wing): their counts, and their
    /// names only where that organization granted it (docs/organizations.md).
    pub others: Vec<OtherOrganization>,
    /// Whether a national admin made this account a researcher of its organization
    /// (complicity research: adding facts with their evidence, reviewing another's).
    pub researcher: bool,
}

/// Another organization an account reaches: an affiliate of its own organization (for its
/// national admins and analysts), with or without a grant to read its people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherOrganization {
    /// The root of the other organization's tree.
    pub root: UnitPath,
    /// Whether that organization granted this account the reading of its people.
    pub names: bool,
}

impl Actor {
    /// An account with no reach beyond its own organization.
    pub fn new(user: UserId, role: Role, scope: UnitPath) -> Self {
        Self {
            user,
            role,
            scope,
            others: Vec::new(),
            researcher: false,
        }
    }

    /// The root of the organization this account belongs to.
    pub fn organization(&self) -> UnitPath {
        self.scope.organization()
    }
}

/// What they want to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See a unit, its name and place in the tree.
    ViewUnit,
    /// See counts about a unit and below (people per stage); never names.
    ViewAggregates,
    /// Create a unit below the target unit.
    CreateUnit,
    /// Rename, move or archive the target unit.
    ChangeUnit,
    /// List and search people of the target unit and below.
    ListPeople,
    /// Read one person's record.
    ViewPerson,
    /// Add a person to the target unit.
    CreatePerson,
    /// Change a person's details, tags and consents.
    EditPerson,
    /// Move a person along the ladder.
    MoveStage,
    /// Merge two records of the same person.
    MergePeople,
    /// Download people of the target unit and below as a file (a list's selection, with how
    /// to reach them): those who plan the work of a unit, as with an action's reminder list.
    ExportPeople,
    /// See the staff accounts of the target unit and below.
    ListUsers,
    /// Create an account with the given role at the target unit.
    CreateUser(Role),
    /// Read the audit log of who read or changed personal records.
    ViewAudit,
    /// Read survey definitions (to collect answers or read results).
    ViewSurveys,
    /// Publish a survey or a new version of one.
    PublishSurvey,
    /// Send in survey responses collected for the target unit.
    CollectResponses,
    /// See the photos, recordings and files sent with the responses of the target unit and
    /// below: personal data (a door, a voice), so for those who run the unit, never analysts.
    ViewResponseFiles,
    /// Hand out and follow canvassing assignments in the target unit.
    ManageAssignments,
    /// Make call lists (phone banking) from people of the target unit and below, and follow
    /// their progress.
    ManageCalls,
    /// Call the people of a call list of the target unit, one at a time as they are handed
    /// out: a volunteer caller sees the name, language and phone of the person they call, and
    /// nobody else.
    MakeCalls,
    /// Save audiences (selections of people of the target unit and below) and send mailings to
    /// them: the organizers of the unit, never canvassers.
    ManageMailings,
    /// Connect the organization's other tools to the target unit and below: webhooks told of
    /// what happens there (the organizers of the unit).
    ManageIntegrations,
    /// Write, review and publish news articles on the target unit's page (the root unit's page
    /// is the national site): the organizers of the unit.
    WriteNews,
    /// Add training modules (at the root unit: the national programme).
    ManageTraining,
    /// Create the positions of the target unit and below and record who holds them (elected
    /// or appointed): the organizers of the unit.
    ManagePositions,
    /// Run a festival of the target unit: its ticket types, orders, payments and sales (the
    /// organizers of the unit).
    ManageFestival,
    /// Keep the map of a workplace section: its employer, departments, shifts, unions and
    /// structure tests (the section's stewards and the organizers above it).
    MapWorkplace,
    /// See and record where the people of a workplace section stand: support assessments,
    /// union membership, social leaders. A retaliation risk: the section's stewards and the
    /// organizers above it only, never analysts.
    AssessSupport,
    /// Scan tickets at the gates of a festival of the target unit: its gate scanners, and
    /// those of the sections below it (volunteers sent by their section), and its organizers.
    ScanTickets,
    /// Start a campaign rooted at the target unit (at the nation: a national focus) and set the
    /// targets of the target unit.
    ManageCampaigns,
    /// Plan actions and events, meetings and solidarity projects of the target unit; take RSVPs
    /// for people and seat riders on buses.
    ManageActions,
    /// Check people in at an action of the target unit.
    CheckIn,
    /// Start petitions of the target unit and read or export their signatures.
    ManagePetitions,
    /// Change the rules by which attendance moves people up the ladder (the whole movement).
    SetLadderRules,
    /// Erase a person at their request (identity and linkable free text; counts stay).
    ErasePerson,
    /// Read the organization's complicity research as it stands (facts not yet reviewed or
    /// published included), add facts with their evidence and review another researcher's:
    /// the accounts a national admin made researchers, and national admins.
    Research,
    /// Publish reviewed research facts on the public company pages, or withdraw them: national
    /// admins.
    PublishResearch,
}

/// What the action is aimed at.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub unit: &'a UnitPath,
    /// For a person: the account that recorded them, if known.
    pub recorded_by: Option<UserId>,
}

impl<'a> Target<'a> {
    pub fn unit(unit: &'a UnitPath) -> Self {
        Self {
            unit,
            recorded_by: None,
        }
    }

    pub fn person(unit: &'a UnitPath, recorded_by: Option<UserId>) -> Self {
        Self { unit, recorded_by }
    }
}

/// How much of the people list an account may see, for queries that filter in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeopleVisibility {
    /// No one.
    None,
    /// Everyone in the subtree.
    Subtree(UnitPath),
    /// Only the people this account recorded itself, in the subtree (a canvasser's own list).
    RecordedBy(UnitPath, UserId),
}

/// The decision.
pub fn allows(actor: &Actor, action: Action, target: Target<'_>) -> bool {
    // Each organization is a tree of its own: nobody acts in another one, except that the
    // national level of an organization reads the counts of its affiliates, and their people
    // where granted (read only).
    if !target.unit.is_within(&actor.organization()) {
        return reaches_other(actor, action, target.unit);
    }
    let in_scope = target.unit.is_within(&actor.scope);
    let strictly_below = in_scope && target.unit != &actor.scope;
    let own_record = target.recorded_by == Some(actor.user);
    // Research is the organization's, whatever unit an account hangs off: its own roles.
    match action {
        Action::Research => return actor.role == Role::NationalAdmin || actor.researcher,
        Action::PublishResearch => return actor.role == Role::NationalAdmin,
        _ => {}
    }
    match actor.role {
        Role::NationalAdmin => true,
        Role::Organizer => match action {
            // An organizer cannot rename, move or archive the unit their own access hangs off.
            Action::ChangeUnit => strictly_below,
            Action::CreateUser(role) => {
                in_scope && matches!(role, Role::Canvasser | Role::Steward | Role::GateScanner)
            }
            Action::ViewAudit | Action::SetLadderRules | Action::ErasePerson => false,
            // Surveys are seen by all; changed by the organizers of the unit they belong to.
            Action::ViewSurveys => true,
            _ => in_scope,
        },
        Role::Steward => match action {
            Action::ViewUnit
            | Action::ViewAggregates
            | Action::ListPeople
            | Action::ViewPerson
            | Action::CreatePerson
            | Action::EditPerson
            | Action::MoveStage
            | Action::CollectResponses
            | Action::ManageAssignments
            | Action::ManageCalls
            | Action::MakeCalls
            | Action::ManageActions
            | Action::CheckIn
            | Action::MapWorkplace
            | Action::AssessSupport => in_scope,
            Action::ViewSurveys => true,
            _ => false,
        },
        Role::Canvasser => match action {
            Action::ViewUnit
            | Action::CreatePerson
            | Action::ListPeople
            | Action::MakeCalls
            | Action::CollectResponses => in_scope,
            Action::ViewSurveys => true,
            Action::ViewPerson => in_scope && own_record,
            _ => false,
        },
        Role::Analyst => matches!(
            action,
            Action::ViewUnit | Action::ViewAggregates | Action::ViewSurveys
        ),
        Role::GateScanner => {
            action == Action::ScanTickets && (in_scope || actor.scope.is_within(target.unit))
        }
    }
}

/// What an account may do in another organization than its own: its national admins and
/// analysts see an affiliate's tree and counts; its national admins read the affiliate's people
/// where it granted them that; nobody changes anything there.
fn reaches_other(actor: &Actor, action: Action, unit: &UnitPath) -> bool {
    if !matches!(actor.role, Role::NationalAdmin | Role::Analyst) {
        return false;
    }
    let Some(other) = actor.others.iter().find(|o| unit.is_within(&o.root)) else {
        return false;
    };
    match action {
        Action::ViewUnit | Action::ViewAggregates => true,
        Action::ListPeople | Action::ViewPerson => other.names && actor.role == Role::NationalAdmin,
        _ => false,
    }
}

/// Whether an account may see and work an assignment: the organizers of its section, and the
/// canvasser it was given to.
pub fn works_assignment(actor: &Actor, unit: &UnitPath, canvasser: UserId) -> bool {
    allows(actor, Action::ManageAssignments, Target::unit(unit))
        || (actor.user == canvasser && allows(actor, Action::CollectResponses, Target::unit(unit)))
}

/// Which people an account's lists and searches may show.
pub fn people_visibility(actor: &Actor) -> PeopleVisibility {
    let probe = Target::unit(&actor.scope);
    if !allows(actor, Action::ListPeople, probe) {
        return PeopleVisibility::None;
    }
    match actor.role {
        Role::Canvasser => PeopleVisibility::RecordedBy(actor.scope.clone(), actor.user),
        _ => PeopleVisibility::Subtree(actor.scope.clone()),
    }
}

/// Counts below this rest on too few people to show to someone who may not see the people
/// themselves: they could point at one person (docs/privacy.md).
pub const SMALL_CELL: u64 = 5;

/// How a hidden count is written: the same mark for a count under [`SMALL_CELL`] and for one
/// hidden so that such a count cannot be worked out from the totals, so that the mark tells
/// nothing of the value.
pub const HIDDEN: &str = "×";

/// Whether counts from 1 to [`SMALL_CELL`] - 1 are hidden from this account, with what is needed
/// so that none can be worked out (the app's `disclosure` masks). Analysts see the whole tree
/// but no names, so they get [`HIDDEN`] instead.
pub fn hides_small_counts(actor: &Actor) -> bool {
    actor.role == Role::Analyst
}

/// Whether small counts of `unit` and below are hidden from this account: as
/// [`hides_small_counts`], and also for the counts of another organization whose people the
/// account may not read (the party's national admins reading the youth wing's counts).
pub fn hides_small_counts_in(actor: &Actor, unit: &UnitPath) -> bool {
    hides_small_counts(actor)
        || (!unit.is_within(&actor.organization())
            && !allows(actor, Action::ListPeople, Target::unit(unit)))
}

/// Which units an account sees in the tree: analysts and national admins the whole tree, everyone
/// else their own subtree (plus the path up to it, shown by the pages as context).
pub fn sees_whole_tree(actor: &Actor) -> bool {
    matches!(actor.role, Role::NationalAdmin | Role::Analyst)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> UnitPath {
        UnitPath::from_stored(p).unwrap()
    }

    fn actor(role: Role, scope: &str) -> Actor {
        Actor::new(UserId(7), role, path(scope))
    }

    #[test]
    fn organizers_act_in_their_subtree_only() {
        let org = actor(Role::Organizer, "/1/4/");
        let section = path("/1/4/17/");
        let elsewhere = path("/1/5/20/");
        assert!(allows(
            &org,
            Action::EditPerson,
            Target::person(&section, None)
        ));
        assert!(!allows(
            &org,
            Action::EditPerson,
            Target::person(&elsewhere, None)
        ));
        assert!(allows(&org, Action::ChangeUnit, Target::unit(&section)));
        assert!(!allows(
            &org,
            Action::ChangeUnit,
            Target::unit(&path("/1/4/"))
        ));
        assert!(allows(
            &org,
            Action::CreateUnit,
            Target::unit(&path("/1/4/"))
        ));
        assert!(allows(
            &org,
            Action::CreateUser(Role::Canvasser),
            Target::unit(&section)
        ));
        assert!(!allows(
            &org,
            Action::CreateUser(Role::Organizer),
            Target::unit(&section)
        ));
        assert!(!allows(
            &org,
            Action::CreateUser(Role::NationalAdmin),
            Target::unit(&section)
        ));
    }

    #[test]
    fn canvassers_see_only_people_they_recorded() {
        let c = actor(Role::Canvasser, "/1/4/17/");
        let own = path("/1/4/17/");
        assert!(allows(
            &c,
            Action::ViewPerson,
            Target::person(&own, Some(UserId(7)))
        ));
        assert!(!allows(
            &c,
            Action::ViewPerson,
            Target::person(&own, Some(UserId(8)))
        ));
        assert!(!allows(
            &c,
            Action::ViewPerson,
            Target::person(&path("/1/4/18/"), Some(UserId(7)))
        ));
        assert!(!allows(
            &c,
            Action::EditPerson,
            Target::person(&own, Some(UserId(7)))
        ));
        assert!(!allows(
            &c,
            Action::MoveStage,
            Target::person(&own, Some(UserId(7)))
        ));
        assert_eq!(
            people_visibility(&c),
            PeopleVisibility::RecordedBy(own.clone(), UserId(7))
        );
    }

    #[test]
    fn analysts_see_aggregates_and_never_people() {
        let a = actor(Role::Analyst, "/1/");
        let anywhere = path("/1/5/20/");
        assert!(allows(&a, Action::ViewAggregates, Target::unit(&anywhere)));
        for action in [
            Action::ListPeople,
            Action::ViewPerson,
            Action::EditPerson,
            Action::ListUsers,
        ] {
            assert!(
                !allows(&a, action, Target::person(&anywhere, Some(UserId(7)))),
                "{action:?}"
            );
        }
        assert_eq!(people_visibility(&a), PeopleVisibility::None);
        assert!(hides_small_counts(&a));
        assert!(!hides_small_counts(&actor(Role::Organizer, "/1/")));
    }

    #[test]
    fn people_lists_are_exported_by_organizers_in_scope_and_national_admins() {
        let section = path("/1/4/17/");
        let elsewhere = path("/1/5/20/");
        assert!(allows(
            &actor(Role::NationalAdmin, "/1/"),
            Action::ExportPeople,
            Target::unit(&elsewhere)
        ));
        let org = actor(Role::Organizer, "/1/4/");
        assert!(allows(&org, Action::ExportPeople, Target::unit(&section)));
        assert!(!allows(
            &org,
            Action::ExportPeople,
            Target::unit(&elsewhere)
        ));
        for role in [
            Role::Canvasser,
            Role::Steward,
            Role::Analyst,
            Role::GateScanner,
        ] {
            assert!(
                !allows(
                    &actor(role, "/1/4/17/"),
                    Action::ExportPeople,
                    Target::unit(&section)
                ),
                "{role:?}"
            );
        }
    }

    #[test]
    fn only_national_admins_read_the_audit_log() {
        let root = path("/1/");
        assert!(allows(
            &actor(Role::NationalAdmin, "/1/"),
            Action::ViewAudit,
            Target::unit(&root)
        ));
        for role in [
            Role::Organizer,
            Role::Analyst,
            Role::Steward,
            Role::Canvasser,
            Role::GateScanner,
        ] {
            assert!(
                !allows(&actor(role, "/1/"), Action::ViewAudit, Target::unit(&root)),
                "{role:?}"
            );
        }
    }

    #[test]
    fn responses_are_collected_in_scope() {
        let section = path("/1/4/17/");
        let other = path("/1/5/20/");
        for role in [Role::Canvasser, Role::Organizer, Role::Steward] {
            let a = actor(role, "/1/4/17/");
            assert!(
                allows(&a, Action::CollectResponses, Target::unit(&section)),
                "{role:?}"
            );
            assert!(
                !allows(&a, Action::CollectResponses, Target::unit(&other)),
                "{role:?}"
            );
            assert!(
                allows(&a, Action::ViewSurveys, Target::unit(&other)),
                "{role:?}"
            );
        }
        let analyst = actor(Role::Analyst, "/1/");
        assert!(!allows(
            &analyst,
            Action::CollectResponses,
            Target::unit(&section)
        ));
        assert!(!allows(
            &actor(Role::Canvasser, "/1/4/17/"),
            Action::PublishSurvey,
            Target::unit(&section)
        ));
        assert!(allows(
            &actor(Role::Organizer, "/1/4/"),
            Action::PublishSurvey,
            Target::unit(&section)
        ));
    }

    #[test]
    fn assignments_are_for_their_organizers_and_their_canvasser() {
        let section = path("/1/4/17/");
        let me = actor(Role::Canvasser, "/1/4/17/");
        assert!(works_assignment(&me, &section, UserId(7)));
        assert!(
            !works_assignment(&me, &section, UserId(8)),
            "another canvasser's list"
        );
        assert!(!allows(
            &me,
            Action::ManageAssignments,
            Target::unit(&section)
        ));
        assert!(works_assignment(
            &actor(Role::Organizer, "/1/4/"),
            &section,
            UserId(8)
        ));
        assert!(!works_assignment(
            &actor(Role::Organizer, "/1/5/"),
            &section,
            UserId(8)
        ));
        assert!(!works_assignment(
            &actor(Role::Analyst, "/1/"),
            &section,
            UserId(8)
        ));
    }

    #[test]
    fn campaigns_are_run_in_scope_and_the_focus_is_national() {
        let org = actor(Role::Organizer, "/1/4/");
        let admin = actor(Role::NationalAdmin, "/1/");
        let nation = path("/1/");
        let section = path("/1/4/17/");
        assert!(allows(
            &admin,
            Action::ManageCampaigns,
            Target::unit(&nation)
        ));
        assert!(!allows(
            &org,
            Action::ManageCampaigns,
            Target::unit(&nation)
        ));
        assert!(allows(
            &org,
            Action::ManageCampaigns,
            Target::unit(&section)
        ));
        assert!(!allows(
            &org,
            Action::SetLadderRules,
            Target::unit(&path("/1/4/"))
        ));
        let steward = actor(Role::Steward, "/1/4/30/");
        assert!(allows(
            &steward,
            Action::CheckIn,
            Target::unit(&path("/1/4/30/"))
        ));
        assert!(!allows(
            &steward,
            Action::ManagePetitions,
            Target::unit(&path("/1/4/30/"))
        ));
        let analyst = actor(Role::Analyst, "/1/");
        assert!(!allows(
            &analyst,
            Action::ManageActions,
            Target::unit(&section)
        ));
        assert!(allows(
            &analyst,
            Action::ViewAggregates,
            Target::unit(&section)
        ));
    }

    #[test]
    fn gate_scanners_scan_tickets_and_nothing_else() {
        let g = actor(Role::GateScanner, "/1/");
        assert!(!allows(&g, Action::ViewUnit, Target::unit(&path("/1/"))));
        assert_eq!(people_visibility(&g), PeopleVisibility::None);
        assert!(allows(&g, Action::ScanTickets, Target::unit(&path("/1/"))));
        // A section's volunteer scans at the national festival, not at another section's.
        let v = actor(Role::GateScanner, "/1/4/30/");
        assert!(allows(&v, Action::ScanTickets, Target::unit(&path("/1/"))));
        assert!(!allows(
            &v,
            Action::ScanTickets,
            Target::unit(&path("/1/4/31/"))
        ));
        assert!(!allows(
            &v,
            Action::ManageFestival,
            Target::unit(&path("/1/"))
        ));
        let s = actor(Role::Steward, "/1/");
        assert!(!allows(&s, Action::ScanTickets, Target::unit(&path("/1/"))));
    }

    #[test]
    fn only_stewards_and_organizers_above_see_where_workers_stand() {
        let here = path("/1/4/30/");
        for (role, scope, may) in [
            (Role::Steward, "/1/4/30/", true),
            (Role::Steward, "/1/4/31/", false),
            (Role::Organizer, "/1/4/", true),
            (Role::NationalAdmin, "/1/", true),
            (Role::Analyst, "/1/", false),
            (Role::Canvasser, "/1/4/30/", false),
            (Role::GateScanner, "/1/", false),
        ] {
            let a = actor(role, scope);
            assert_eq!(
                allows(&a, Action::AssessSupport, Target::unit(&here)),
                may,
                "{role:?}"
            );
            assert_eq!(
                allows(&a, Action::MapWorkplace, Target::unit(&here)),
                may,
                "{role:?}"
            );
        }
    }

    #[test]
    fn stewards_work_in_their_workplace_section() {
        let s = actor(Role::Steward, "/1/4/30/");
        assert!(allows(
            &s,
            Action::MoveStage,
            Target::person(&path("/1/4/30/"), None)
        ));
        assert!(!allows(
            &s,
            Action::MoveStage,
            Target::person(&path("/1/4/31/"), None)
        ));
        assert!(!allows(
            &s,
            Action::CreateUnit,
            Target::unit(&path("/1/4/30/"))
        ));
    }
}
