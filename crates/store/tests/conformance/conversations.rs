//! Conversations on both databases: statements moderated and translated, votes synced like
//! responses (sent twice, kept once; the later vote on a statement stands), nothing kept from a
//! batch with a vote on a statement others may not see, and the vote matrix of the accepted
//! statements.

use crate::support::{NOW, conformance, field_of, tree};
use enquete_domain::Timestamp;
use enquete_domain::conversation::StatementStatus;
use enquete_store::Store;

conformance!(
    votes_sync_once_and_the_latest_stands,
    what_participants_say_about_themselves_is_kept_once,
    a_participant_who_asks_is_forgotten,
);

async fn votes_sync_once_and_the_latest_stands(store: Store) {
    let t = tree(&store).await;
    let c = store
        .create_conversation(t.antwerpen, "What should change here?", "tok-conv-1", NOW)
        .await
        .unwrap();
    assert_eq!(
        store.conversation_by_token("tok-conv-1").await.unwrap().id,
        c
    );
    assert_eq!(store.conversations_of(t.antwerpen).await.unwrap().len(), 1);
    let s1 = store
        .add_statement(c, "nl", "De huur moet omlaag", false, NOW)
        .await
        .unwrap();
    let s2 = store
        .add_statement(c, "fr", "Plus de bus le soir", false, NOW)
        .await
        .unwrap();
    let dup = store
        .add_statement(c, "nl", "De huur moet omlaag", true, NOW)
        .await
        .unwrap_err();
    assert_eq!(field_of(dup), "text");
    let mine = store
        .add_statement(c, "en", "A swimming pool in the north", true, NOW)
        .await
        .unwrap();
    let all = store.statements(c, false).await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[2].status, StatementStatus::Pending);
    assert_eq!(store.statements(c, true).await.unwrap().len(), 2);
    store
        .translate_statement(s1, "fr", "Le loyer doit baisser")
        .await
        .unwrap();
    store
        .translate_statement(s1, "fr", "Les loyers doivent baisser")
        .await
        .unwrap();
    let first = &store.statements(c, true).await.unwrap()[0];
    assert_eq!(first.text_in("fr"), "Les loyers doivent baisser");
    assert_eq!(first.text_in("de"), "De huur moet omlaag");

    let key = "k1k1k1k1k1k1k1k1";
    let at = |s: i64| Timestamp(NOW.0 + s);
    // A vote on a statement waiting for moderation: refused, nothing kept.
    let err = store
        .sync_votes(c, key, None, &[(s1, 1, at(1)), (mine, 1, at(1))], at(100))
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "statement");
    assert!(store.voted_statements(c, key).await.unwrap().is_empty());
    let batch = [(s1, 1, at(1)), (s2, -1, at(2))];
    assert_eq!(
        store
            .sync_votes(c, key, Some(t.noord), &batch, at(100))
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .sync_votes(c, key, None, &batch, at(100))
            .await
            .unwrap(),
        0
    );
    // Changed their mind later: the later vote stands; an older one sent late does not.
    assert_eq!(
        store
            .sync_votes(c, key, None, &[(s1, 0, at(10))], at(100))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .sync_votes(c, key, None, &[(s1, -1, at(5))], at(100))
            .await
            .unwrap(),
        0
    );
    store.moderate_statement(mine, true).await.unwrap();
    store
        .sync_votes(c, "k2k2k2k2k2k2k2k2", None, &[(mine, 1, at(3))], at(100))
        .await
        .unwrap();
    let m = store.vote_matrix(c).await.unwrap();
    assert_eq!(m.votes.len(), 3);
    assert!(m.votes.iter().any(|(_, s, v)| *s == s1 && *v == 0));
    assert_eq!(m.units.len(), 2);
    assert!(m.units.values().any(|u| *u == Some(t.noord)));
    // Rejected, a statement leaves the matrix; a phone's later batch with a vote on it still
    // syncs the rest.
    store.moderate_statement(mine, false).await.unwrap();
    assert_eq!(store.vote_matrix(c).await.unwrap().votes.len(), 2);
    assert_eq!(
        store
            .sync_votes(
                c,
                "k3k3k3k3k3k3k3k3",
                None,
                &[(mine, 1, at(4)), (s2, 1, at(4))],
                at(100)
            )
            .await
            .unwrap(),
        1
    );
    // Accepted after all: the votes given before it was rejected count again.
    store.moderate_statement(mine, true).await.unwrap();
    assert_eq!(store.vote_matrix(c).await.unwrap().votes.len(), 4);
    store.moderate_statement(mine, false).await.unwrap();
    // A vote from a phone whose clock runs ahead counts as given now, so a later one wins.
    store
        .sync_votes(
            c,
            "k4k4k4k4k4k4k4k4",
            None,
            &[(s2, 1, at(1_000_000))],
            at(100),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .sync_votes(c, "k4k4k4k4k4k4k4k4", None, &[(s2, -1, at(200))], at(300))
            .await
            .unwrap(),
        1
    );
    // Another conversation's statement is refused.
    let other = store
        .create_conversation(t.gent, "Elsewhere", "tok-conv-2", NOW)
        .await
        .unwrap();
    let err = store
        .sync_votes(other, key, None, &[(s1, 1, at(20))], at(100))
        .await
        .unwrap_err();
    assert_eq!(field_of(err), "statement");
}

async fn what_participants_say_about_themselves_is_kept_once(store: Store) {
    let t = tree(&store).await;
    let c = store
        .create_conversation(t.antwerpen, "Weighted", "tok-conv-3", NOW)
        .await
        .unwrap();
    assert_eq!(store.conversation(c).await.unwrap().survey, None);
    let survey = store.surveys().await.unwrap().first().map(|s| s.id);
    if let Some(survey) = survey {
        store
            .set_conversation_survey(c, Some(survey))
            .await
            .unwrap();
        assert_eq!(store.conversation(c).await.unwrap().survey, Some(survey));
    }
    let missing = store
        .set_conversation_survey(c, Some(enquete_domain::survey::SurveyId(987_654)))
        .await;
    assert!(missing.is_err(), "a survey that does not exist is refused");
    let said = |g: &str, a: &str| {
        vec![
            ("gender".to_owned(), g.to_owned()),
            ("age".to_owned(), a.to_owned()),
        ]
    };
    let key = "p1p1p1p1p1p1p1p1";
    // Before any vote, sent twice (a phone that did not hear the answer): one participant.
    for _ in 0..2 {
        store
            .set_participant_profile(c, key, Some(t.noord), &said("woman", "a25_34"), NOW)
            .await
            .unwrap();
    }
    let s1 = store
        .add_statement(c, "nl", "Meer groen", false, NOW)
        .await
        .unwrap();
    store
        .sync_votes(c, key, None, &[(s1, 1, NOW)], NOW)
        .await
        .unwrap();
    let m = store.vote_matrix(c).await.unwrap();
    assert_eq!(m.units.len(), 1, "one participant");
    assert_eq!(
        m.units.values().next(),
        Some(&Some(t.noord)),
        "the place stays"
    );
    let profiles = store.participant_profiles(c).await.unwrap();
    let mine = profiles.values().next().unwrap();
    assert_eq!(
        mine,
        &said("woman", "a25_34")
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
    );
    // A later answer replaces the earlier one; an answer not given again stays.
    store
        .set_participant_profile(
            c,
            key,
            None,
            &[("age".to_owned(), "a35_44".to_owned())],
            NOW,
        )
        .await
        .unwrap();
    let profiles = store.participant_profiles(c).await.unwrap();
    let mine = profiles.values().next().unwrap();
    assert!(mine.contains(&("age".to_owned(), "a35_44".to_owned())));
    assert!(mine.contains(&("gender".to_owned(), "woman".to_owned())));
    assert_eq!(mine.len(), 2);
    assert_eq!(
        store.vote_matrix(c).await.unwrap().units.values().next(),
        Some(&Some(t.noord)),
        "not saying the place again does not forget it"
    );
    // Another conversation's participants are apart.
    let other = store
        .create_conversation(t.gent, "Other", "tok-conv-4", NOW)
        .await
        .unwrap();
    assert!(store.participant_profiles(other).await.unwrap().is_empty());
}

async fn a_participant_who_asks_is_forgotten(store: Store) {
    let t = tree(&store).await;
    let c = store
        .create_conversation(t.antwerpen, "Forget", "tok-conv-5", NOW)
        .await
        .unwrap();
    let s1 = store
        .add_statement(c, "nl", "Meer bomen", false, NOW)
        .await
        .unwrap();
    let (me, other) = ("f0f0f0f0f0f0f0f0", "e1e1e1e1e1e1e1e1");
    for key in [me, other] {
        store
            .sync_votes(c, key, Some(t.noord), &[(s1, 1, NOW)], NOW)
            .await
            .unwrap();
        store
            .set_participant_profile(c, key, None, &[("gender".into(), "man".into())], NOW)
            .await
            .unwrap();
    }
    assert_eq!(store.vote_matrix(c).await.unwrap().units.len(), 2);
    assert!(store.forget_participant(c, me).await.unwrap());
    // Only the other one is left: their vote, their place and their answers.
    let m = store.vote_matrix(c).await.unwrap();
    assert_eq!(m.units.len(), 1);
    assert_eq!(store.participant_profiles(c).await.unwrap().len(), 1);
    assert!(store.voted_statements(c, me).await.unwrap().is_empty());
    assert_eq!(store.voted_statements(c, other).await.unwrap().len(), 1);
    // Asked again, or with a key nobody has: nothing to forget, nothing else touched.
    assert!(!store.forget_participant(c, me).await.unwrap());
    assert!(!store.forget_participant(c, "nobody").await.unwrap());
    assert_eq!(store.vote_matrix(c).await.unwrap().units.len(), 1);
    // A later vote with the same key starts afresh.
    store
        .sync_votes(c, me, None, &[(s1, -1, NOW)], NOW)
        .await
        .unwrap();
    assert_eq!(store.vote_matrix(c).await.unwrap().units.len(), 2);
}
