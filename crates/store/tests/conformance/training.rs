//! Training and responsibilities: modules listed by level then code and each code taken once;
//! sessions (each an action) with their attended counts, by branch; completions by attendance at
//! check-in (once) or recorded after an assessment (once); completions of a branch; positions
//! filled, replaced and left vacant with each term kept; and the leadership rules that move
//! members who hold a responsibility and completed a module up the ladder.

use crate::support::{NOW, action_draft, add, admin, conformance, field_of, person, tree};
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{ActionDraft, ActionId};
use enquete_domain::org::{UnitId, UnitPath};
use enquete_domain::people::{MoveReason, PersonId, Stage};
use enquete_domain::training::{
    ChosenBy, Completion, LeadershipRule, Level, ModuleDraft, ModuleId, PositionId, PositionKind,
    SessionId,
};
use enquete_store::{AuditEvent, CompletionRecord, Store, StoreError};

conformance!(
    modules_are_listed_by_level_then_code_and_a_code_is_taken_once,
    a_check_in_completes_a_module_by_attendance_once_and_an_assessment_is_recorded_once,
    sessions_are_listed_by_branch_with_their_attended_counts,
    completions_below_list_the_people_of_the_branch_only,
    a_position_is_filled_replaced_and_left_vacant_with_each_term_kept,
    leadership_rules_move_members_who_hold_a_position_and_completed_the_module,
);

fn event(action: AuditAction) -> AuditEvent {
    AuditEvent {
        at: NOW,
        user: None,
        action,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    }
}

fn at(offset: i64) -> Timestamp {
    Timestamp(NOW.0 + offset)
}

async fn path(store: &Store, unit: UnitId) -> UnitPath {
    store.unit(unit).await.unwrap().path
}

/// How many audit entries there are in all.
async fn audit_count(store: &Store) -> usize {
    store.audit_events(None, 100_000).await.unwrap().len()
}

/// How many of them are of this kind.
async fn entries(store: &Store, action: AuditAction) -> usize {
    store
        .audit_events(None, 100_000)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == action)
        .count()
}

fn draft(code: &str, title: &str, level: &str, completion: &str) -> ModuleDraft {
    ModuleDraft::parse(code, &[("en", title)], level, completion, "", "").unwrap()
}

async fn module(store: &Store, code: &str, level: &str, completion: &str) -> ModuleId {
    store
        .create_module(
            &draft(code, &format!("Module {code}"), level, completion),
            NOW,
            event(AuditAction::TrainingModule),
        )
        .await
        .unwrap()
}

/// An action in `unit` made a session of `module`.
async fn session(
    store: &Store,
    unit: UnitId,
    module: ModuleId,
    token: &str,
    trainer: Option<PersonId>,
) -> (ActionId, SessionId) {
    let action = store
        .create_action(unit, None, &action_draft(""), token, None, NOW)
        .await
        .unwrap()
        .id;
    let id = store
        .create_session(
            module,
            action,
            trainer,
            NOW,
            event(AuditAction::TrainingSession),
        )
        .await
        .unwrap();
    (action, id)
}

/// Someone of `unit` moved to `stage`.
async fn at_stage(store: &Store, unit: UnitId, name: &str, stage: Stage) -> PersonId {
    let id = add(store, unit, person(name), None).await;
    store
        .move_stage(
            id,
            stage,
            &MoveReason::parse("joined").unwrap(),
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    id
}

fn completions(list: &[CompletionRecord]) -> Vec<(ModuleId, &str, Timestamp, Option<SessionId>)> {
    list.iter()
        .map(|c| (c.module, c.code.as_str(), c.completed_at, c.session))
        .collect()
}

async fn modules_are_listed_by_level_then_code_and_a_code_is_taken_once(store: Store) {
    assert!(store.modules().await.unwrap().is_empty());
    let audit_start = audit_count(&store).await;

    let section_draft = ModuleDraft::parse(
        "section",
        &[
            ("en", "Running a section"),
            ("nl", "Een afdeling leiden"),
            ("fr", "Diriger une section"),
        ],
        "section",
        "assessment",
        "https://example.org/a.pdf\n\n handbook.pdf ",
        "intro, basics",
    )
    .unwrap();
    // Made in an order that is neither by level nor by code.
    let workplace = module(&store, "workplace", "subject", "attendance").await;
    let section = store
        .create_module(&section_draft, NOW, event(AuditAction::TrainingModule))
        .await
        .unwrap();
    let cadre = module(&store, "cadre-1", "cadre", "assessment").await;
    let intro = module(&store, "intro", "introduction", "attendance").await;
    let basics = module(&store, "basics", "section", "attendance").await;
    assert_eq!(audit_count(&store).await, audit_start + 5);
    assert_eq!(entries(&store, AuditAction::TrainingModule).await, 5);

    let listed = store.modules().await.unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|m| (m.id, m.code.as_str(), m.level))
            .collect::<Vec<_>>(),
        vec![
            (intro, "intro", Level::Introduction),
            (basics, "basics", Level::Section),
            (section, "section", Level::Section),
            (cadre, "cadre-1", Level::Cadre),
            (workplace, "workplace", Level::Subject),
        ]
    );

    // Every field comes back as written.
    for m in [store.module(section).await.unwrap(), listed[2].clone()] {
        assert_eq!(m.id, section);
        assert_eq!(m.code, "section");
        assert_eq!(m.title, section_draft.title);
        assert_eq!(m.title.0.len(), 3);
        assert_eq!(m.title.0["nl"], "Een afdeling leiden");
        assert_eq!(m.title.0["fr"], "Diriger une section");
        assert_eq!(m.title.0["en"], "Running a section");
        assert_eq!(m.level, Level::Section);
        assert_eq!(m.completion, Completion::Assessment);
        assert_eq!(m.materials, ["https://example.org/a.pdf", "handbook.pdf"]);
        assert_eq!(m.requires, ["intro", "basics"]);
    }
    // Without materials nor prerequisites: empty lists, not one empty string.
    let i = store.module(intro).await.unwrap();
    assert_eq!(i.code, "intro");
    assert_eq!(i.title.0.len(), 1);
    assert_eq!(i.title.0["en"], "Module intro");
    assert_eq!(i.level, Level::Introduction);
    assert_eq!(i.completion, Completion::Attendance);
    assert!(i.materials.is_empty());
    assert!(i.requires.is_empty());
    let c = store.module(cadre).await.unwrap();
    assert_eq!(
        (c.level, c.completion),
        (Level::Cadre, Completion::Assessment)
    );

    // The same code again, whatever else differs: refused on the code, nothing written.
    let before = audit_count(&store).await;
    let err = store
        .create_module(
            &draft("section", "Another section", "cadre", "attendance"),
            NOW,
            event(AuditAction::TrainingModule),
        )
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "code");
    assert_eq!(store.modules().await.unwrap().len(), 5);
    assert_eq!(audit_count(&store).await, before);
    assert_eq!(entries(&store, AuditAction::TrainingModule).await, 5);
    let kept = store.module(section).await.unwrap();
    assert_eq!(kept.title, section_draft.title);
    assert_eq!(kept.level, Level::Section);

    assert!(matches!(
        store.module(ModuleId(section.0 + 1_000)).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn a_check_in_completes_a_module_by_attendance_once_and_an_assessment_is_recorded_once(
    store: Store,
) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "trainer@example.org", Role::Organizer).await;
    let intro = module(&store, "intro", "introduction", "attendance").await;
    let section = module(&store, "section", "section", "assessment").await;
    let trainer = add(&store, t.noord, person("Tess Trainer"), None).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let bo = add(&store, t.noord, person("Bo"), None).await;
    let cy = add(&store, t.noord, person("Cy"), None).await;

    let sessions_before = entries(&store, AuditAction::TrainingSession).await;
    let (intro_action, intro_session) =
        session(&store, t.noord, intro, "tok-intro", Some(trainer)).await;
    let (section_action, section_session) =
        session(&store, t.noord, section, "tok-section", None).await;
    assert_eq!(
        entries(&store, AuditAction::TrainingSession).await,
        sessions_before + 2
    );

    let action = store.action(intro_action).await.unwrap();
    let s = store.session(intro_session).await.unwrap();
    assert_eq!(s.id, intro_session);
    assert_eq!((s.module, s.module_code.as_str()), (intro, "intro"));
    assert_eq!(s.action, intro_action);
    assert_eq!(s.title, "Bus to Maastricht");
    assert_eq!(s.starts_at, action.starts_at);
    assert_eq!(s.unit, t.noord);
    assert_eq!(s.unit_path, path(&store, t.noord).await);
    assert_eq!(s.unit_name, "Gent Noord");
    assert_eq!(s.trainer, Some(trainer));
    assert_eq!(s.attended, 0);
    assert_eq!(store.session(section_session).await.unwrap().trainer, None);
    assert!(matches!(
        store.session(SessionId(section_session.0 + 1_000)).await,
        Err(StoreError::NotFound(_))
    ));

    // Checked in at a session of a module completed by attendance: completed, with the session.
    assert!(store.completions_of(ann).await.unwrap().is_empty());
    let first = store
        .check_in(intro_action, ann, Some(by), at(10), None)
        .await
        .unwrap();
    assert!(!first.already);
    assert_eq!(
        completions(&store.completions_of(ann).await.unwrap()),
        vec![(intro, "intro", at(10), Some(intro_session))]
    );
    assert_eq!(store.session(intro_session).await.unwrap().attended, 1);
    // Checked in again: nothing changes.
    let again = store
        .check_in(intro_action, ann, Some(by), at(20), None)
        .await
        .unwrap();
    assert!(again.already);
    assert_eq!(
        completions(&store.completions_of(ann).await.unwrap()),
        vec![(intro, "intro", at(10), Some(intro_session))]
    );
    assert_eq!(store.session(intro_session).await.unwrap().attended, 1);
    // Someone who had it recorded already keeps that completion when they check in.
    store
        .record_completion(
            intro,
            cy,
            None,
            Some(by),
            at(5),
            event(AuditAction::TrainingCompleted),
        )
        .await
        .unwrap();
    store
        .check_in(intro_action, cy, None, at(30), None)
        .await
        .unwrap();
    assert_eq!(
        completions(&store.completions_of(cy).await.unwrap()),
        vec![(intro, "intro", at(5), None)]
    );
    store
        .check_in(intro_action, bo, None, at(40), None)
        .await
        .unwrap();
    assert_eq!(store.session(intro_session).await.unwrap().attended, 3);

    // A session of an assessment module: checking in completes nothing.
    store
        .check_in(section_action, ann, Some(by), at(50), None)
        .await
        .unwrap();
    assert_eq!(
        completions(&store.completions_of(ann).await.unwrap()),
        vec![(intro, "intro", at(10), Some(intro_session))]
    );
    assert_eq!(store.session(section_session).await.unwrap().attended, 1);

    // The assessment recorded: completed, once.
    let completed_before = entries(&store, AuditAction::TrainingCompleted).await;
    let moved = store
        .record_completion(
            section,
            ann,
            Some(section_session),
            Some(by),
            at(60),
            event(AuditAction::TrainingCompleted),
        )
        .await
        .unwrap();
    assert_eq!(moved, None);
    assert_eq!(
        entries(&store, AuditAction::TrainingCompleted).await,
        completed_before + 1
    );
    let done = vec![
        (intro, "intro", at(10), Some(intro_session)),
        (section, "section", at(60), Some(section_session)),
    ];
    assert_eq!(completions(&store.completions_of(ann).await.unwrap()), done);
    let twice = store
        .record_completion(
            section,
            ann,
            None,
            Some(by),
            at(70),
            event(AuditAction::TrainingCompleted),
        )
        .await
        .unwrap();
    assert_eq!(twice, None);
    assert_eq!(completions(&store.completions_of(ann).await.unwrap()), done);
    assert_eq!(
        store.person(ann).await.unwrap().person.stage,
        Stage::Sympathiser,
        "only the ladder rules of attendance moved them"
    );
    // Others are untouched.
    assert_eq!(
        completions(&store.completions_of(bo).await.unwrap()),
        vec![(intro, "intro", at(40), Some(intro_session))]
    );
    assert!(store.completions_of(trainer).await.unwrap().is_empty());
}

async fn sessions_are_listed_by_branch_with_their_attended_counts(store: Store) {
    let t = tree(&store).await;
    let intro = module(&store, "intro", "introduction", "attendance").await;
    let section = module(&store, "section", "section", "assessment").await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let bo = add(&store, t.noord, person("Bo"), None).await;
    let cy = add(&store, t.haven, person("Cy"), None).await;

    // In Gent (1 March), and in Antwerpen, later (1 April).
    let (gent_action, gent_session) = session(&store, t.noord, intro, "tok-gent", None).await;
    let later = ActionDraft::parse(
        "Running a section",
        "",
        "Haven canteen",
        "2026-04-01T19:00",
        "",
    )
    .unwrap();
    let haven_action = store
        .create_action(t.haven, None, &later, "tok-haven", None, NOW)
        .await
        .unwrap();
    let haven_session = store
        .create_session(
            section,
            haven_action.id,
            Some(cy),
            NOW,
            event(AuditAction::TrainingSession),
        )
        .await
        .unwrap();
    for p in [ann, bo] {
        store
            .check_in(gent_action, p, None, NOW, None)
            .await
            .unwrap();
    }
    store
        .check_in(haven_action.id, cy, None, NOW, None)
        .await
        .unwrap();
    // Someone who said they would come but was not checked in is not counted.
    store
        .rsvp(haven_action.id, ann, false, "test", NOW)
        .await
        .unwrap();

    let listed = |list: Vec<enquete_store::SessionRecord>| {
        list.iter()
            .map(|s| (s.id, s.module_code.clone(), s.unit_name.clone(), s.attended))
            .collect::<Vec<_>>()
    };
    let gent = (gent_session, "intro".to_owned(), "Gent Noord".to_owned(), 2);
    let haven = (haven_session, "section".to_owned(), "Haven".to_owned(), 1);
    assert_eq!(
        listed(
            store
                .sessions_below(&path(&store, t.gent).await)
                .await
                .unwrap()
        ),
        vec![gent.clone()]
    );
    assert_eq!(
        listed(
            store
                .sessions_below(&path(&store, t.noord).await)
                .await
                .unwrap()
        ),
        vec![gent.clone()]
    );
    assert_eq!(
        listed(
            store
                .sessions_below(&path(&store, t.antwerpen).await)
                .await
                .unwrap()
        ),
        vec![haven.clone()]
    );
    // The whole country: latest first.
    assert_eq!(
        listed(
            store
                .sessions_below(&path(&store, t.nation).await)
                .await
                .unwrap()
        ),
        vec![haven.clone(), gent.clone()]
    );
    let h = store.session(haven_session).await.unwrap();
    assert_eq!(h.attended, 1);
    assert_eq!(h.starts_at, haven_action.starts_at);
    assert_eq!(h.title, "Running a section");
    assert_eq!(h.unit_path, path(&store, t.haven).await);
    assert_eq!(h.trainer, Some(cy));
    assert_eq!(store.session(gent_session).await.unwrap().attended, 2);
}

async fn completions_below_list_the_people_of_the_branch_only(store: Store) {
    let t = tree(&store).await;
    let intro = module(&store, "intro", "introduction", "attendance").await;
    let section = module(&store, "section", "section", "assessment").await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let bo = add(&store, t.haven, person("Bo"), None).await;
    let cy = add(&store, t.noord, person("Cy"), None).await;
    for (m, p) in [(section, ann), (intro, ann), (intro, bo)] {
        store
            .record_completion(m, p, None, None, NOW, event(AuditAction::TrainingCompleted))
            .await
            .unwrap();
    }
    let below = |unit: UnitId| {
        let store = store.clone();
        async move {
            store
                .completions_below(&path(&store, unit).await)
                .await
                .unwrap()
        }
    };
    let ann_done = vec![(ann, "intro".to_owned()), (ann, "section".to_owned())];
    assert_eq!(below(t.gent).await, ann_done);
    assert_eq!(below(t.noord).await, ann_done);
    assert_eq!(below(t.antwerpen).await, vec![(bo, "intro".to_owned())]);
    let mut all = below(t.nation).await;
    assert_eq!(all.len(), 3);
    all.sort();
    let mut expected = vec![
        (ann, "intro".to_owned()),
        (ann, "section".to_owned()),
        (bo, "intro".to_owned()),
    ];
    expected.sort();
    assert_eq!(all, expected);
    assert!(!all.iter().any(|(p, _)| *p == cy));
}

async fn a_position_is_filled_replaced_and_left_vacant_with_each_term_kept(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "secretary@example.org", Role::Organizer).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let bo = add(&store, t.noord, person("Bo"), None).await;
    let audit_start = audit_count(&store).await;

    let secretary = store
        .create_position(
            t.noord,
            PositionKind::Secretary,
            "Secretary of Gent Noord",
            &["intro".to_owned(), "section".to_owned()],
            NOW,
            event(AuditAction::Position),
        )
        .await
        .unwrap();
    let delegate = store
        .create_position(
            t.haven,
            PositionKind::WorkplaceDelegate,
            "Delegate at the port",
            &[],
            NOW,
            event(AuditAction::Position),
        )
        .await
        .unwrap();
    assert_eq!(audit_count(&store).await, audit_start + 2);
    assert_eq!(entries(&store, AuditAction::Position).await, 2);

    // Vacant, with every field as written; only in their own branch.
    let gent = store
        .positions_below(&path(&store, t.gent).await, NOW)
        .await
        .unwrap();
    assert_eq!(gent.len(), 1);
    let p = &gent[0];
    assert_eq!(p.id, secretary);
    assert_eq!(p.unit, t.noord);
    assert_eq!(p.unit_path, path(&store, t.noord).await);
    assert_eq!(p.unit_name, "Gent Noord");
    assert_eq!(p.kind, PositionKind::Secretary);
    assert_eq!(p.title, "Secretary of Gent Noord");
    assert_eq!(p.requires, ["intro", "section"]);
    assert!(p.holder.is_none());
    let port = store
        .positions_below(&path(&store, t.antwerpen).await, NOW)
        .await
        .unwrap();
    assert_eq!(
        port.iter()
            .map(|p| (p.id, p.kind, p.requires.len(), p.holder.is_none()))
            .collect::<Vec<_>>(),
        vec![(delegate, PositionKind::WorkplaceDelegate, 0, true)]
    );
    let mut everywhere = store
        .positions_below(&path(&store, t.nation).await, NOW)
        .await
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect::<Vec<_>>();
    everywhere.sort();
    let mut both = vec![secretary, delegate];
    both.sort();
    assert_eq!(everywhere, both);

    // Ann elected from at(100).
    let elected = ChosenBy::Election {
        for_: 12,
        against: 3,
        abstain: 1,
    };
    let (ann_term, moved) = store
        .start_term(
            secretary,
            ann,
            &elected,
            at(100),
            Some(by),
            at(100),
            event(AuditAction::PositionFilled),
        )
        .await
        .unwrap();
    assert_eq!(moved, None);
    assert_eq!(entries(&store, AuditAction::PositionFilled).await, 1);
    assert!(
        store
            .position(secretary, NOW)
            .await
            .unwrap()
            .holder
            .is_none(),
        "vacant until the term starts"
    );
    let holder = store
        .positions_below(&path(&store, t.gent).await, at(100))
        .await
        .unwrap()[0]
        .holder
        .clone()
        .unwrap();
    assert_eq!(holder.id, ann_term);
    assert_eq!(holder.position, secretary);
    assert_eq!(holder.person, ann);
    assert_eq!(holder.person_name, "Ann");
    assert_eq!(holder.starts_at, at(100));
    assert_eq!(holder.ends_at, None);
    assert_eq!(holder.chosen_by, elected);

    // Bo appointed from at(200): Ann's term ends then.
    let (bo_term, _) = store
        .start_term(
            secretary,
            bo,
            &ChosenBy::Appointment,
            at(200),
            Some(by),
            at(200),
            event(AuditAction::PositionFilled),
        )
        .await
        .unwrap();
    assert_eq!(entries(&store, AuditAction::PositionFilled).await, 2);
    let now_holder = store
        .position(secretary, at(200))
        .await
        .unwrap()
        .holder
        .unwrap();
    assert_eq!(
        (
            now_holder.id,
            now_holder.person,
            now_holder.person_name.as_str(),
            now_holder.chosen_by.clone()
        ),
        (bo_term, bo, "Bo", ChosenBy::Appointment)
    );
    assert_eq!(
        store
            .position(secretary, at(150))
            .await
            .unwrap()
            .holder
            .unwrap()
            .person,
        ann,
        "Ann held it in between"
    );
    let ann_terms = store.terms_of(ann).await.unwrap();
    assert_eq!(ann_terms.len(), 1);
    let (term, title, unit_name, kind) = &ann_terms[0];
    assert_eq!(term.id, ann_term);
    assert_eq!(term.position, secretary);
    assert_eq!((term.starts_at, term.ends_at), (at(100), Some(at(200))));
    assert_eq!(term.chosen_by, elected);
    assert_eq!(term.person_name, "Ann");
    assert_eq!(
        (title.as_str(), unit_name.as_str(), *kind),
        (
            "Secretary of Gent Noord",
            "Gent Noord",
            PositionKind::Secretary
        )
    );

    // Left vacant from at(300).
    store
        .end_term(secretary, at(300), event(AuditAction::Position))
        .await
        .unwrap();
    assert_eq!(entries(&store, AuditAction::Position).await, 3);
    assert!(
        store
            .position(secretary, at(300))
            .await
            .unwrap()
            .holder
            .is_none()
    );
    assert!(
        store
            .positions_below(&path(&store, t.gent).await, at(400))
            .await
            .unwrap()[0]
            .holder
            .is_none()
    );
    let bo_terms = store.terms_of(bo).await.unwrap();
    assert_eq!(bo_terms.len(), 1);
    assert_eq!(
        (bo_terms[0].0.id, bo_terms[0].0.ends_at),
        (bo_term, Some(at(300)))
    );
    // Nothing to end now: not found, nothing written.
    let before = audit_count(&store).await;
    assert!(matches!(
        store
            .end_term(secretary, at(400), event(AuditAction::Position))
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(audit_count(&store).await, before);
    assert!(matches!(
        store
            .end_term(delegate, at(400), event(AuditAction::Position))
            .await,
        Err(StoreError::NotFound(_))
    ));

    // A second position for Ann: her terms newest first, each with its position.
    let (port_term, _) = store
        .start_term(
            delegate,
            ann,
            &ChosenBy::Appointment,
            at(500),
            None,
            at(500),
            event(AuditAction::PositionFilled),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .terms_of(ann)
            .await
            .unwrap()
            .iter()
            .map(|(t, title, unit, kind)| (t.id, t.ends_at, title.clone(), unit.clone(), *kind))
            .collect::<Vec<_>>(),
        vec![
            (
                port_term,
                None,
                "Delegate at the port".to_owned(),
                "Haven".to_owned(),
                PositionKind::WorkplaceDelegate
            ),
            (
                ann_term,
                Some(at(200)),
                "Secretary of Gent Noord".to_owned(),
                "Gent Noord".to_owned(),
                PositionKind::Secretary
            ),
        ]
    );
    assert!(
        store
            .terms_of(add(&store, t.noord, person("Cy"), None).await)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        store.position(PositionId(delegate.0 + 1_000), NOW).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn leadership_rules_move_members_who_hold_a_position_and_completed_the_module(store: Store) {
    let t = tree(&store).await;
    let by = admin(&store, t.gent, "leader@example.org", Role::Organizer).await;
    assert!(store.leadership_rules(t.nation).await.unwrap().is_empty());

    // Rules round-trip, in order, with and without a module; then replaced.
    let mixed = vec![
        LeadershipRule {
            stage: Stage::Leader,
            module: None,
            needs_position: false,
        },
        LeadershipRule {
            stage: Stage::Organizer,
            module: Some("cadre".into()),
            needs_position: true,
        },
    ];
    store
        .set_leadership_rules(t.nation, &mixed, event(AuditAction::LeadershipRules))
        .await
        .unwrap();
    assert_eq!(store.leadership_rules(t.nation).await.unwrap(), mixed);
    let rule = LeadershipRule {
        stage: Stage::Organizer,
        module: Some("section".into()),
        needs_position: true,
    };
    store
        .set_leadership_rules(
            t.nation,
            std::slice::from_ref(&rule),
            event(AuditAction::LeadershipRules),
        )
        .await
        .unwrap();
    assert_eq!(
        store.leadership_rules(t.nation).await.unwrap(),
        vec![rule.clone()]
    );
    assert_eq!(entries(&store, AuditAction::LeadershipRules).await, 2);

    let section = module(&store, "section", "section", "assessment").await;
    let position = |title: &'static str| {
        let store = store.clone();
        async move {
            store
                .create_position(
                    t.noord,
                    PositionKind::Other,
                    title,
                    &[],
                    NOW,
                    event(AuditAction::Position),
                )
                .await
                .unwrap()
        }
    };
    let complete = |who: PersonId, when: Timestamp| {
        let store = store.clone();
        async move {
            store
                .record_completion(
                    section,
                    who,
                    None,
                    Some(by),
                    when,
                    event(AuditAction::TrainingCompleted),
                )
                .await
                .unwrap()
        }
    };
    let fill = |pos, who: PersonId, when: Timestamp| {
        let store = store.clone();
        async move {
            store
                .start_term(
                    pos,
                    who,
                    &ChosenBy::Election {
                        for_: 9,
                        against: 1,
                        abstain: 0,
                    },
                    when,
                    Some(by),
                    when,
                    event(AuditAction::PositionFilled),
                )
                .await
                .unwrap()
                .1
        }
    };
    let stage = |who: PersonId| {
        let store = store.clone();
        async move { store.person(who).await.unwrap().person.stage }
    };

    // A member who completed the module, then takes a position: organizer.
    let mia = at_stage(&store, t.noord, "Mia", Stage::Member).await;
    assert_eq!(complete(mia, at(10)).await, None, "no position yet");
    assert_eq!(stage(mia).await, Stage::Member);
    let treasurer = position("Treasurer").await;
    assert_eq!(fill(treasurer, mia, at(20)).await, Some(Stage::Organizer));
    assert_eq!(stage(mia).await, Stage::Organizer);
    let history = store.stage_history(mia).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!(
        (last.from, last.to, last.at, last.by),
        (Some(Stage::Member), Stage::Organizer, at(20), Some(by))
    );
    assert!(last.reason.contains("responsibility"), "{}", last.reason);
    assert_eq!(
        history.iter().map(|c| c.to).collect::<Vec<_>>(),
        [Stage::Contact, Stage::Member, Stage::Organizer]
    );

    // Someone active (not a member) in the same situation does not move.
    let ali = at_stage(&store, t.noord, "Ali", Stage::Active).await;
    assert_eq!(complete(ali, at(30)).await, None);
    let spokesperson = position("Spokesperson").await;
    assert_eq!(fill(spokesperson, ali, at(40)).await, None);
    assert_eq!(stage(ali).await, Stage::Active);
    assert_eq!(store.stage_history(ali).await.unwrap().len(), 2);

    // A member who holds a position, then completes the module: organizer then.
    let max = at_stage(&store, t.noord, "Max", Stage::Member).await;
    let canvass = position("Canvass coordinator").await;
    assert_eq!(fill(canvass, max, at(50)).await, None, "not trained yet");
    assert_eq!(stage(max).await, Stage::Member);
    assert_eq!(complete(max, at(60)).await, Some(Stage::Organizer));
    assert_eq!(stage(max).await, Stage::Organizer);
    let last = store.stage_history(max).await.unwrap().pop().unwrap();
    assert_eq!(
        (last.from, last.to, last.at, last.by),
        (Some(Stage::Member), Stage::Organizer, at(60), Some(by))
    );
    // Once there, the same completion again moves nobody.
    assert_eq!(complete(max, at(70)).await, None);
    assert_eq!(store.stage_history(max).await.unwrap().len(), 3);

    // A member who completed the module but holds no position any more does not move.
    let noa = at_stage(&store, t.noord, "Noa", Stage::Member).await;
    let youth = position("Youth coordinator").await;
    assert_eq!(fill(youth, noa, at(80)).await, None);
    store
        .end_term(youth, at(90), event(AuditAction::Position))
        .await
        .unwrap();
    assert_eq!(complete(noa, at(100)).await, None);
    assert_eq!(stage(noa).await, Stage::Member);

    // Completion by attendance at check-in applies the rules too.
    let cadre = module(&store, "cadre", "cadre", "attendance").await;
    store
        .set_leadership_rules(
            t.nation,
            &[
                rule,
                LeadershipRule {
                    stage: Stage::Leader,
                    module: Some("cadre".into()),
                    needs_position: true,
                },
            ],
            event(AuditAction::LeadershipRules),
        )
        .await
        .unwrap();
    let (cadre_action, cadre_session) = session(&store, t.noord, cadre, "tok-cadre", None).await;
    let outcome = store
        .check_in(cadre_action, mia, Some(by), at(110), None)
        .await
        .unwrap();
    assert_eq!(stage(mia).await, Stage::Leader);
    assert_eq!(outcome.moved_to, Some(Stage::Leader), "the door says so");
    assert_eq!(
        completions(&store.completions_of(mia).await.unwrap()),
        vec![
            (section, "section", at(10), None),
            (cadre, "cadre", at(110), Some(cadre_session)),
        ]
    );
    let last = store.stage_history(mia).await.unwrap().pop().unwrap();
    assert_eq!(
        (last.from, last.to, last.at),
        (Some(Stage::Organizer), Stage::Leader, at(110))
    );
}
