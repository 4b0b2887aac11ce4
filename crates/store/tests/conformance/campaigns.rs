//! Campaigns and the organizing around them: targets and tallies, petitions, meetings and their
//! decisions, solidarity projects.

use crate::support::{NOW, action_draft, add, conformance, field_of, person, tree};
use enquete_domain::campaign::{
    CampaignDraft, DecisionDraft, MeetingId, Metric, PetitionDraft, ProjectDraft, SignatureInput,
};
use enquete_domain::{
    Timestamp,
    people::{Language, MoveReason, Stage},
};
use enquete_store::{DAY, NewCampaign, SignOutcome, Store, StoreError, Tally, TargetRow};

conformance!(
    campaign_targets_and_progress_tallies,
    petitions_take_one_signature_per_mailbox,
    meetings_carry_open_decisions_to_the_next,
    solidarity_projects_keep_volunteers_and_updates,
);

async fn campaign_targets_and_progress_tallies(store: Store) {
    let t = tree(&store).await;
    let draft = CampaignDraft::parse("Pools stay open", "", "2026-03-01", "2026-04-01").unwrap();
    let start = draft.starts_at;
    let campaign = store
        .create_campaign(
            &NewCampaign {
                unit: t.nation,
                draft,
                survey: None,
                question: "top3".into(),
                choice: "pools".into(),
                evidence: "38% of 1,200".into(),
            },
            &[
                TargetRow {
                    unit: t.nation,
                    metric: Metric::Attendance,
                    target: 10,
                },
                TargetRow {
                    unit: t.gent,
                    metric: Metric::Attendance,
                    target: 4,
                },
            ],
            None,
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(campaign.evidence, "38% of 1,200");
    store
        .set_targets(
            campaign.id,
            &[
                TargetRow {
                    unit: t.gent,
                    metric: Metric::Attendance,
                    target: 6,
                },
                TargetRow {
                    unit: t.noord,
                    metric: Metric::Signatures,
                    target: 50,
                },
            ],
            None,
            NOW,
            None,
        )
        .await
        .unwrap();
    let mut targets = store.campaign_targets(campaign.id).await.unwrap();
    targets.sort_by_key(|r| (r.unit.0, r.metric));
    assert_eq!(targets.len(), 3);
    assert!(targets.contains(&TargetRow {
        unit: t.gent,
        metric: Metric::Attendance,
        target: 6
    }));
    // Progress: a check-in on day 2, a signature on day 0, a new sympathiser on day 1.
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let action = store
        .create_action(
            t.noord,
            Some(campaign.id),
            &action_draft(""),
            "tok-c",
            None,
            NOW,
        )
        .await
        .unwrap();
    store
        .check_in(action.id, ann, None, Timestamp(start.0 + 2 * DAY + 5), None)
        .await
        .unwrap();
    let petition = store
        .create_petition(
            t.nation,
            Some(campaign.id),
            &PetitionDraft::parse(&[("en", "Keep pools")], &[("en", "We ask")], "the city", "")
                .unwrap(),
            "ptok",
            None,
            NOW,
        )
        .await
        .unwrap();
    let sig = SignatureInput::parse("Bea Claes", "bea@example.org", "9000", false).unwrap();
    store
        .sign(
            &petition,
            t.noord,
            &sig,
            Language::Nl,
            Timestamp(start.0 + 10),
        )
        .await
        .unwrap();
    let bo = add(&store, t.haven, person("Bo"), None).await;
    store
        .move_stage(
            bo,
            Stage::Sympathiser,
            &MoveReason::parse("talked").unwrap(),
            None,
            Timestamp(start.0 + DAY),
            None,
        )
        .await
        .unwrap();
    // Before the campaign: not counted.
    let early = add(&store, t.haven, person("Early"), None).await;
    store
        .move_stage(
            early,
            Stage::Sympathiser,
            &MoveReason::parse("talked").unwrap(),
            None,
            Timestamp(start.0 - 10),
            None,
        )
        .await
        .unwrap();
    let root = store.unit(t.nation).await.unwrap().path;
    let mut tallies = store.campaign_tallies(&campaign, &root).await.unwrap();
    tallies.sort_by_key(|x| (x.metric, x.unit.0, x.day));
    let mut expected = vec![
        Tally {
            unit: t.noord,
            metric: Metric::Signatures,
            day: 0,
            n: 1,
        },
        Tally {
            unit: t.noord,
            metric: Metric::Attendance,
            day: 2,
            n: 1,
        },
        Tally {
            unit: t.noord,
            metric: Metric::NewSympathisers,
            day: 2,
            n: 1,
        },
        Tally {
            unit: t.haven,
            metric: Metric::NewSympathisers,
            day: 1,
            n: 1,
        },
    ];
    expected.sort_by_key(|x| (x.metric, x.unit.0, x.day));
    assert_eq!(tallies, expected);
    let gent_only = store
        .campaign_tallies(&campaign, &store.unit(t.gent).await.unwrap().path)
        .await
        .unwrap();
    assert!(gent_only.iter().all(|x| x.unit == t.noord));
    let reaching = store
        .campaigns_reaching(&store.unit(t.haven).await.unwrap().path)
        .await
        .unwrap();
    assert_eq!(reaching.len(), 1);
}

async fn petitions_take_one_signature_per_mailbox(store: Store) {
    let t = tree(&store).await;
    let petition = store
        .create_petition(
            t.gent,
            None,
            &PetitionDraft::parse(
                &[("en", "Stop arms"), ("nl", "Stop wapens")],
                &[("en", "We call"), ("nl", "Wij vragen")],
                "the federal government",
                "1000",
            )
            .unwrap(),
            "ptok",
            None,
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(petition.title.get(Language::Nl), "Stop wapens");
    assert_eq!(petition.goal, 1000);
    let ann = SignatureInput::parse("Ann Peeters", "ann.peeters@gmail.com", "9000", true).unwrap();
    assert_eq!(
        store
            .sign(&petition, t.noord, &ann, Language::Nl, NOW)
            .await
            .unwrap(),
        SignOutcome::Signed(1)
    );
    let again = SignatureInput::parse("Ann P.", "AnnPeeters+x@gmail.com", "9000", true).unwrap();
    assert_eq!(
        store
            .sign(&petition, t.noord, &again, Language::Nl, NOW)
            .await
            .unwrap(),
        SignOutcome::AlreadySigned(1)
    );
    // Same name and postcode under another address: counted, flagged.
    let other = SignatureInput::parse("ann peeters", "ann@work.example", "9000", false).unwrap();
    assert_eq!(
        store
            .sign(&petition, t.gent, &other, Language::En, NOW)
            .await
            .unwrap(),
        SignOutcome::Signed(2)
    );
    let gent = store.unit(t.gent).await.unwrap().path;
    let list = store.signatures(petition.id, &gent, 100).await.unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|s| s.possible_double));
    // The one who agreed to be contacted is now a contact of her section, with the consent.
    let with_person = list.iter().find(|s| s.may_contact).unwrap();
    let pid = with_person.person.unwrap();
    let rec = store.person(pid).await.unwrap();
    assert_eq!(
        (rec.person.unit, rec.person.stage),
        (t.noord, Stage::Contact)
    );
    let consents = store.consents(pid).await.unwrap();
    assert!(
        consents
            .iter()
            .any(|c| c.granted && c.source.as_str().contains("petition"))
    );
    // The one who did not is not.
    assert!(
        list.iter()
            .find(|s| !s.may_contact)
            .unwrap()
            .person
            .is_none()
    );
    let noord = store.unit(t.noord).await.unwrap().path;
    assert_eq!(
        store
            .signatures(petition.id, &noord, 100)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(store.signature_count(petition.id).await.unwrap(), 2);
    assert_eq!(
        store.signature_count_in(petition.id, &noord).await.unwrap(),
        1
    );
    assert_eq!(
        store.signature_count_in(petition.id, &gent).await.unwrap(),
        2
    );
    assert_eq!(store.petition_by_token("ptok").await.unwrap().signatures, 2);
    assert_eq!(store.petitions_reaching(&noord).await.unwrap().len(), 1);
}

async fn meetings_carry_open_decisions_to_the_next(store: Store) {
    let t = tree(&store).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let first = store
        .create_meeting(t.noord, NOW, "1. Pools\n2. Food bank", None, NOW)
        .await
        .unwrap();
    store.mark_present(first.id, ann).await.unwrap();
    store.mark_present(first.id, ann).await.unwrap();
    for (text, due) in [
        ("Print leaflets", "2026-10-01"),
        ("Book the hall", "2026-09-25"),
    ] {
        store
            .add_decision(first.id, &DecisionDraft::parse(text, "Ann", due).unwrap())
            .await
            .unwrap();
    }
    let m = store.meeting(first.id).await.unwrap();
    assert_eq!((m.present, m.decisions), (1, 2));
    assert_eq!(store.present_at(first.id).await.unwrap()[0].1, "Ann");
    let open = store.decisions(t.noord, None).await.unwrap();
    assert_eq!(
        open.iter().map(|d| d.text.as_str()).collect::<Vec<_>>(),
        ["Book the hall", "Print leaflets"],
        "soonest due first"
    );
    store.decision_done(t.noord, open[0].id, NOW).await.unwrap();
    assert_eq!(
        field_of(
            store
                .decision_done(t.noord, open[0].id, NOW)
                .await
                .unwrap_err()
        ),
        "decision"
    );
    assert_eq!(
        field_of(
            store
                .decision_done(t.gent, open[1].id, NOW)
                .await
                .unwrap_err()
        ),
        "decision"
    );
    // The next meeting's follow-up list: what is still open.
    let next = store
        .create_meeting(t.noord, Timestamp(NOW.0 + 30 * DAY), "", None, NOW)
        .await
        .unwrap();
    let follow_up = store.decisions(t.noord, None).await.unwrap();
    assert_eq!(follow_up.len(), 1);
    assert_eq!(follow_up[0].meeting, first.id);
    assert!(
        store
            .decisions(t.noord, Some(next.id))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .decisions(t.noord, Some(first.id))
            .await
            .unwrap()
            .len(),
        2
    );
    store
        .set_meeting_notes(next.id, "Agenda", "Notes")
        .await
        .unwrap();
    let history = store.meetings_of(t.noord).await.unwrap();
    assert_eq!(
        history.iter().map(|m| m.id).collect::<Vec<_>>(),
        [next.id, first.id]
    );
    assert_eq!(history[0].notes, "Notes");
    assert!(matches!(
        store.meeting(MeetingId(999_999)).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn solidarity_projects_keep_volunteers_and_updates(store: Store) {
    let t = tree(&store).await;
    let ann = add(&store, t.noord, person("Ann"), None).await;
    let p = store
        .create_project(
            t.noord,
            &ProjectDraft::parse(
                "Food bank",
                "Weekly parcels for 40 families",
                "Rice\nVolunteers on Saturday",
            )
            .unwrap(),
            None,
            NOW,
        )
        .await
        .unwrap();
    store.add_volunteer(p.id, ann).await.unwrap();
    store.add_volunteer(p.id, ann).await.unwrap();
    store
        .add_project_update(p.id, "First 12 parcels", None, NOW)
        .await
        .unwrap();
    store
        .add_project_update(p.id, "25 parcels", None, Timestamp(NOW.0 + DAY))
        .await
        .unwrap();
    let p = store.project(p.id).await.unwrap();
    assert_eq!(p.volunteers, 1);
    assert_eq!(store.volunteers(p.id).await.unwrap()[0].0, ann);
    let updates = store.project_updates(p.id).await.unwrap();
    assert_eq!(updates[0].text, "25 parcels", "newest first");
    store
        .update_project(
            p.id,
            &ProjectDraft::parse("Food bank", "50 families", "Rice").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        store.projects_of(t.noord).await.unwrap()[0].goal,
        "50 families"
    );
    assert!(store.projects_of(t.gent).await.unwrap().is_empty());
}
