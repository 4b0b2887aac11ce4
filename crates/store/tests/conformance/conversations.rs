//! Conversations on both databases: statements moderated and translated, votes synced like
//! responses (sent twice, kept once; the later vote on a statement stands), nothing kept from a
//! batch with a vote on a statement others may not see, and the vote matrix of the accepted
//! statements.

use crate::support::{NOW, conformance, field_of, tree};
use enquete_domain::Timestamp;
use enquete_domain::conversation::StatementStatus;
use enquete_store::Store;

conformance!(votes_sync_once_and_the_latest_stands,);

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
