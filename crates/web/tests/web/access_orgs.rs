//! Organizations of the movement (docs/organizations.md): their routes in the authorization
//! matrix (crates/web/tests/web/access.rs), and the walls between two organizations on one
//! installation, the party and its youth wing: a youth organizer reading the party, a party
//! organizer or national admin reading youth names, all refused; counts across, names only
//! where granted, and nothing changed across even then.

use crate::access::{Row, page};
use crate::support::{Client, NOW, Places, TestApp};
use axum::http::{Method as M, StatusCode};
use enquete_domain::account::Role;
use enquete_domain::org::{Unit, UnitKind};
use enquete_domain::people::PersonId;
use enquete_domain::policy::PeopleVisibility;
use enquete_store::PeopleQuery;

pub(crate) async fn rows(_app: &TestApp, p: &Places) -> Vec<Row> {
    let s = |n: i64| n.to_string();
    let (near, worker) = (s(p.neighbour.0), s(p.worker.0));
    let start = [
        ("name", "Matrix youth".to_owned()),
        ("admin_email", "matrix-youth@example.org".to_owned()),
    ];
    //                                                                          admin org canv anal stew gate none
    vec![
        // The organizations' counts: those who see the counts of their whole organization.
        page(M::GET, "/organizations".into(), &[], "YnnYnnn"),
        // Starting an affiliate: the national admins.
        page(M::POST, "/organizations".into(), &start, "Ynnnnnn"),
        // Grants: the national admins of an affiliate (here the party is none: refused on
        // the field).
        page(
            M::POST,
            "/organizations/grants".into(),
            &[("email", "national-admin@demo.enquete.org".to_owned())],
            "Ynnnnnn",
        ),
        page(
            M::POST,
            "/organizations/grants/1/withdraw".into(),
            &[],
            "Ynnnnnn",
        ),
        // A person joining another organization: those who edit them.
        page(M::GET, format!("/people/{near}/join"), &[], "YYnnnnn"),
        page(M::GET, format!("/people/{worker}/join"), &[], "YYnnYnn"),
        page(
            M::POST,
            format!("/people/{near}/join"),
            &[("unit", "1".to_owned()), ("agreed", "yes".to_owned())],
            "YYnnnnn",
        ),
    ]
}

/// The demo's youth wing started on a test app: its root, a person in it, and a person of the
/// party.
struct TwoOrgs {
    app: TestApp,
    youth: Unit,
    young: PersonId,
    party_person: PersonId,
    party_section: Unit,
}

async fn two_orgs() -> TwoOrgs {
    let app = TestApp::new().await;
    let party = app.store.root_unit().await.unwrap().unwrap();
    let core = enquete_app::App::new(app.store.clone());
    let youth = enquete_app::demo::youth::load(&core, &party, NOW)
        .await
        .unwrap()
        .expect("the demo has youth sections");
    let first = |root: Unit| {
        let store = app.store.clone();
        async move {
            let people = store
                .search_people(
                    &PeopleVisibility::Subtree(root.path.clone()),
                    &PeopleQuery {
                        limit: 50,
                        ..Default::default()
                    },
                )
                .await
                .unwrap()
                .people;
            // Someone who has not moved between organizations yet (the demo moved a few).
            for p in &people {
                if store
                    .organization_moves(p.person.id)
                    .await
                    .unwrap()
                    .is_empty()
                {
                    let section = store.unit(p.person.unit).await.unwrap();
                    return (section, p.person.id);
                }
            }
            panic!("no one in {}", root.name.as_str());
        }
    };
    // Someone in the youth organizer's city.
    let organizer = app
        .store
        .user_by_email(enquete_app::demo::youth::logins()[1].1)
        .await
        .unwrap()
        .unwrap();
    let city = app.store.unit(organizer.user.unit).await.unwrap();
    let (section, young) = first(city).await;
    assert_eq!(section.kind, UnitKind::Youth);
    let (party_section, party_person) = first(party).await;
    TwoOrgs {
        app,
        youth,
        young,
        party_person,
        party_section,
    }
}

async fn youth_login(app: &TestApp, role: Role) -> Client {
    let (_, email, password) = enquete_app::demo::youth::logins()
        .into_iter()
        .find(|(r, _, _)| *r == role)
        .unwrap();
    let mut c = app.client();
    c.login(email, password).await;
    c
}

#[tokio::test]
async fn a_youth_organizer_cannot_read_the_party() {
    let t = two_orgs().await;
    let mut youth = youth_login(&t.app, Role::Organizer).await;
    let mut admin = youth_login(&t.app, Role::NationalAdmin).await;
    for c in [&mut youth, &mut admin] {
        let res = c.get(&format!("/people/{}", t.party_person.0)).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
        let res = c.get(&format!("/units/{}", t.party_section.id.0)).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = c
            .api(
                M::GET,
                &format!("/api/v1/people/{}", t.party_person.0),
                None,
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        // Their own lists show none of the party's people.
        let list = c.get("/people").await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(
            !list
                .body
                .contains(&format!("/people/{}\"", t.party_person.0))
        );
    }
    // Their own people, yes.
    let res = youth.get(&format!("/people/{}", t.young.0)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // Each organization's audit log is its own: the party admin's reading of a party member is
    // in the party's log, not in the youth wing's; the youth organizer's reading is in the
    // youth wing's.
    let mut party = t.app.login(Role::NationalAdmin).await;
    let read = party.get(&format!("/people/{}", t.party_person.0)).await;
    assert_eq!(read.status, StatusCode::OK);
    let theirs = admin.get("/audit").await;
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.body);
    assert!(
        !theirs.body.contains("national-admin@demo.enquete.org"),
        "{}",
        theirs.body
    );
    assert!(
        theirs.body.contains("youth-organizer@demo.enquete.org"),
        "{}",
        theirs.body
    );
    let ours = party.get("/audit").await;
    assert!(ours.body.contains("national-admin@demo.enquete.org"));
    assert!(!ours.body.contains("youth-organizer@demo.enquete.org"));
}

#[tokio::test]
async fn the_party_sees_youth_counts_but_never_youth_names_unless_granted() {
    let t = two_orgs().await;
    let mut organizer = t.app.login(Role::Organizer).await;
    let res = organizer.get(&format!("/people/{}", t.young.0)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = organizer.get("/organizations").await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    let mut admin = t.app.login(Role::NationalAdmin).await;
    let res = admin.get(&format!("/people/{}", t.young.0)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "names need a grant");
    let res = admin
        .api(M::GET, &format!("/api/v1/people/{}", t.young.0), None)
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The counts, yes: the youth wing's tree and its people per stage.
    let res = admin.get("/organizations").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("Red Fox"), "{}", res.body);
    assert!(res.body.contains(&format!("id=\"org-{}\"", t.youth.id.0)));
    let res = admin.get(&format!("/units/{}", t.youth.id.0)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // The party's analyst sees the youth counts too, never a name.
    let mut analyst = t.app.login(Role::Analyst).await;
    let res = analyst.get("/organizations").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("Red Fox"));
    let res = analyst.get(&format!("/people/{}", t.young.0)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    // The youth wing's admin allows the party's national admin (and no one else).
    let mut youth = youth_login(&t.app, Role::NationalAdmin).await;
    let res = youth
        .post(
            "/organizations/grants",
            &[("email", "organizer@demo.enquete.org")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("national admin"), "{}", res.body);
    let res = youth
        .post(
            "/organizations/grants",
            &[("email", "national-admin@demo.enquete.org")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res = admin.get(&format!("/people/{}", t.young.0)).await;
    assert_eq!(res.status, StatusCode::OK, "granted: {}", res.body);
    // Read only: no edit, no ladder move, even granted.
    let res = admin
        .post(
            &format!("/people/{}/stage", t.young.0),
            &[("to", "active"), ("reason", "try")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = organizer.get(&format!("/people/{}", t.young.0)).await;
    assert_eq!(
        res.status,
        StatusCode::FORBIDDEN,
        "the grant is for one account"
    );
    // Withdrawn: names gone again.
    let admin_id = t
        .app
        .store
        .user_by_email("national-admin@demo.enquete.org")
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    let res = youth
        .post(
            &format!("/organizations/grants/{}/withdraw", admin_id.0),
            &[],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res = admin.get(&format!("/people/{}", t.young.0)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let grants = t
        .app
        .store
        .audit_events(None, 500)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == enquete_domain::audit::AuditAction::OrganizationGrant)
        .count();
    assert_eq!(grants, 2, "grant and withdrawal are audited");
}

#[tokio::test]
async fn a_young_member_joins_the_party_with_their_agreement() {
    let t = two_orgs().await;
    let mut youth = youth_login(&t.app, Role::Organizer).await;
    let young = t.young.0;
    let form = youth.get(&format!("/people/{young}/join")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains(t.party_section.name.as_str()));
    let before = t.app.store.organization_moves(t.young).await.unwrap().len();
    // Without the agreement, or to a section of the youth wing, nothing is written.
    let to = t.party_section.id.0.to_string();
    for fields in [
        vec![("unit", to.as_str())],
        vec![("unit", "abc"), ("agreed", "yes")],
        vec![("unit", "999999"), ("agreed", "yes")],
    ] {
        let res = youth.post(&format!("/people/{young}/join"), &fields).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    }
    let own_section = t
        .app
        .store
        .person(t.young)
        .await
        .unwrap()
        .person
        .unit
        .0
        .to_string();
    let res = youth
        .post(
            &format!("/people/{young}/join"),
            &[("unit", own_section.as_str()), ("agreed", "yes")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(
        t.app.store.organization_moves(t.young).await.unwrap().len(),
        before
    );
    // With it: a record at member in the party's section, linked both ways.
    let res = youth
        .post(
            &format!("/people/{young}/join"),
            &[("unit", to.as_str()), ("agreed", "yes")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let moves = t.app.store.organization_moves(t.young).await.unwrap();
    assert_eq!(moves.len(), before + 1);
    let new = moves.last().unwrap().to_person.unwrap();
    let rec = t.app.store.person(new).await.unwrap();
    assert_eq!(rec.person.unit, t.party_section.id);
    assert_eq!(rec.person.stage, enquete_domain::people::Stage::Member);
    assert!(!rec.person.youth_wing);
    // Twice: refused.
    let res = youth
        .post(
            &format!("/people/{young}/join"),
            &[("unit", to.as_str()), ("agreed", "yes")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    // The youth record stays and says where they went; the party's record says where from.
    let page = youth.get(&format!("/people/{young}")).await;
    assert!(page.body.contains("id=\"moves\""), "{}", page.body);
    let mut admin = t.app.login(Role::NationalAdmin).await;
    let party = admin.get(&format!("/people/{}", new.0)).await;
    assert_eq!(party.status, StatusCode::OK);
    assert!(party.body.contains("Red Fox"), "{}", party.body);
    // The party's national admin sees the count of those who came, never who.
    let orgs = admin.get("/organizations").await;
    assert!(
        orgs.body.contains("joined your organization"),
        "{}",
        orgs.body
    );
}

#[tokio::test]
async fn youth_activities_count_on_the_youth_ladder() {
    let t = two_orgs().await;
    let youth_rules = t.app.store.ladder_rules(t.youth.id).await.unwrap();
    let party = t.app.store.root_unit().await.unwrap().unwrap();
    let party_rules = t.app.store.ladder_rules(party.id).await.unwrap();
    assert_ne!(
        youth_rules, party_rules,
        "each organization has its own ladder"
    );
    // The youth wing's admin changes its rules; the party's stay.
    let mut youth = youth_login(&t.app, Role::NationalAdmin).await;
    let res = youth.post("/ladder", &[("rules", "1 active")]).await;
    assert!(
        res.status.is_redirection() || res.status.is_success(),
        "{}",
        res.body
    );
    assert_eq!(
        t.app.store.ladder_rules(t.youth.id).await.unwrap(),
        enquete_domain::campaign::parse_ladder_rules("1 active").unwrap()
    );
    assert_eq!(
        t.app.store.ladder_rules(party.id).await.unwrap(),
        party_rules
    );
    // A youth activity: one check-in makes a youth contact active, by the youth rules.
    let draft = enquete_domain::campaign::ActionDraft::parse(
        "Cinema night",
        "",
        "Jeugdhuis",
        "2026-12-03T19:00",
        "",
    )
    .unwrap();
    let section = t.app.store.person(t.young).await.unwrap().person.unit;
    let action = t
        .app
        .store
        .create_action(section, None, &draft, "youth-cinema", None, NOW)
        .await
        .unwrap();
    let newcomer = t
        .app
        .store
        .create_person(
            section,
            &enquete_domain::people::PersonInput {
                name: "Newcomer".into(),
                ..Default::default()
            }
            .parse()
            .unwrap(),
            &[],
            None,
            NOW,
            None,
        )
        .await
        .unwrap()
        .person
        .id;
    t.app
        .store
        .rsvp(action.id, newcomer, false, "test", NOW)
        .await
        .unwrap();
    let out = t
        .app
        .store
        .check_in(action.id, newcomer, None, NOW, None)
        .await
        .unwrap();
    assert_eq!(out.moved_to, Some(enquete_domain::people::Stage::Active));
}
