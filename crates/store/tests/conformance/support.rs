//! The test kit: the `conformance!` macro that runs each test once on SQLite and once on
//! PostgreSQL, with personal fields sealed, and the helpers the areas share (a small tree, people,
//! accounts, a survey and its responses, an action).

use enquete_domain::campaign::ActionDraft;
use enquete_domain::{
    FieldError, Timestamp,
    account::{Role, UserId},
    org::{UnitId, UnitKind, UnitName},
    people::{Email, Language, PersonInput},
};
use enquete_store::{Backend, NewUser, Store, StoreError, testing::TestDb};
use std::future::Future;

pub const NOW: Timestamp = Timestamp(1_790_000_000);

pub async fn run<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(db) = TestDb::new(backend).await.expect("test database") else {
        eprintln!("PostgreSQL skipped: ENQUETE_TEST_POSTGRES=skip");
        return;
    };
    // Every operation runs with personal fields sealed, as in production; without a key
    // (fields in clear) is what the web and CLI tests run with.
    let keys =
        enquete_store::crypto::Keyring::new("Y29uZm9ybWFuY2UgdGVzdHMgb25seTogbm8ga2V5ISE=", &[])
            .expect("test key");
    let store = db.store_with(keys).await.expect("open store");
    test(store.clone()).await;
    store.close().await;
    db.finish().await;
}

macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[tokio::test] async fn $name() { $crate::support::run(enquete_store::Backend::Sqlite, super::$name).await } )*
        }
        mod postgres {
            $( #[tokio::test] async fn $name() { $crate::support::run(enquete_store::Backend::Postgres, super::$name).await } )*
        }
    };
}

pub(crate) use conformance;

pub fn demo_survey() -> enquete_domain::survey::SurveyDefinition {
    enquete_domain::demo::belgian_enquete()
}

pub fn response(
    id: &str,
    survey: &enquete_store::SurveyRecord,
    unit: UnitId,
) -> enquete_store::NewResponse {
    use enquete_domain::survey::{AnswerValue, Answers, Channel};
    let mut answers = Answers::default();
    answers.0.insert(
        "top3".into(),
        AnswerValue::List(vec!["housing".into(), "wages".into()]),
    );
    answers
        .0
        .insert("contact".into(), AnswerValue::Text("no".into()));
    enquete_store::NewResponse {
        origin: String::new(),
        id: id.into(),
        survey: survey.id,
        version: survey.version,
        unit,
        channel: Channel::Door,
        collector: None,
        collected_at: NOW,
        answers,
        contact: None,
    }
}

/// Contact details given at the door with consent to be contacted again.
pub fn consenting(name: &str, email: &str) -> enquete_store::NewContact {
    use enquete_domain::people::{ConsentPurpose, ConsentSource, NewConsent, PersonInput};
    enquete_store::NewContact {
        details: PersonInput {
            name: name.into(),
            email: email.into(),
            ..Default::default()
        }
        .parse()
        .unwrap(),
        consent: NewConsent {
            purpose: ConsentPurpose::Contact,
            granted: true,
            source: ConsentSource::parse("door-to-door enquête").unwrap(),
        },
    }
}

pub fn name(n: &str) -> UnitName {
    UnitName::parse(n).unwrap()
}

pub struct Tree {
    pub nation: UnitId,
    pub region: UnitId,
    pub gent: UnitId,
    pub antwerpen: UnitId,
    pub noord: UnitId,
    pub haven: UnitId,
}

pub async fn tree(store: &Store) -> Tree {
    let nation = store
        .create_unit(None, UnitKind::Nation, &name("België"), NOW)
        .await
        .unwrap();
    let region = store
        .create_unit(Some(nation.id), UnitKind::Region, &name("Vlaanderen"), NOW)
        .await
        .unwrap();
    let gent = store
        .create_unit(Some(region.id), UnitKind::City, &name("Gent"), NOW)
        .await
        .unwrap();
    let antwerpen = store
        .create_unit(Some(region.id), UnitKind::City, &name("Antwerpen"), NOW)
        .await
        .unwrap();
    let noord = store
        .create_unit(
            Some(gent.id),
            UnitKind::Neighbourhood,
            &name("Gent Noord"),
            NOW,
        )
        .await
        .unwrap();
    let haven = store
        .create_unit(Some(antwerpen.id), UnitKind::Workplace, &name("Haven"), NOW)
        .await
        .unwrap();
    Tree {
        nation: nation.id,
        region: region.id,
        gent: gent.id,
        antwerpen: antwerpen.id,
        noord: noord.id,
        haven: haven.id,
    }
}

pub fn person(name: &str) -> PersonInput {
    PersonInput {
        name: name.into(),
        ..Default::default()
    }
}

pub async fn add(
    store: &Store,
    unit: UnitId,
    input: PersonInput,
    by: Option<UserId>,
) -> enquete_domain::people::PersonId {
    store
        .create_person(unit, &input.parse().unwrap(), &[], by, NOW, None)
        .await
        .unwrap()
        .person
        .id
}

pub async fn admin(store: &Store, unit: UnitId, email: &str, role: Role) -> UserId {
    store
        .create_user(
            &NewUser {
                email: Email::parse(email).unwrap(),
                display_name: "Someone".into(),
                password_hash: "hash".into(),
                role,
                unit,
                language: Language::Nl,
                must_change_password: false,
            },
            NOW,
        )
        .await
        .unwrap()
        .user
        .id
}

pub fn field_of(err: StoreError) -> &'static str {
    match err {
        StoreError::Invalid(FieldError { field, .. }) => field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

pub fn action_draft(capacity: &str) -> ActionDraft {
    ActionDraft::parse(
        "Bus to Maastricht",
        "",
        "Gent Sint-Pieters",
        "2026-03-01T08:00",
        capacity,
    )
    .unwrap()
}
