//! Conversations (issue 20, part 2): the organizers of a unit put short statements to people
//! (through a public link); participants vote agree / disagree / pass and may add statements,
//! which wait for a moderator; the opinion groups are found in the votes (as Pol.is does,
//! `enquete_analysis::opinions`) with what sets each group apart and what all agree on. Who
//! voted what is never shown: participants are keys their device made up; analysts see the
//! groups, never a group of fewer than 5.

use crate::scope::unit_for;
use crate::{App, Caller, Error, Result};
use enquete_analysis::opinions::{OpinionOptions, opinion_groups};
use enquete_domain::conversation::{participant_key, statement_text, title};
use enquete_domain::org::UnitId;
use enquete_domain::people::Language;
use enquete_domain::policy::{Action, SMALL_CELL, Target, allows, hides_small_counts_in};
use enquete_domain::{FieldError, Timestamp};
use enquete_store::{ConversationRecord, StatementRecord};

pub async fn create(app: &App, caller: &Caller, unit: UnitId, raw_title: &str) -> Result<i64> {
    let unit = unit_for(app, caller, unit, Action::ManageActions).await?;
    let title = title(raw_title)?;
    Ok(app
        .store
        .create_conversation(unit.id, &title, &crate::auth::random_token(), caller.now)
        .await?)
}

pub async fn of_unit(app: &App, caller: &Caller, unit: UnitId) -> Result<Vec<ConversationRecord>> {
    let unit = unit_for(app, caller, unit, Action::ViewAggregates).await?;
    Ok(app.store.conversations_of(unit.id).await?)
}

/// A conversation the caller may do `action` on (in its unit).
pub async fn conversation_for(
    app: &App,
    caller: &Caller,
    id: i64,
    action: Action,
) -> Result<ConversationRecord> {
    let c = app.store.conversation(id).await?;
    unit_for(app, caller, c.unit, action).await?;
    Ok(c)
}

/// Whether the caller moderates the conversation (else: reads its results).
pub async fn moderates(app: &App, caller: &Caller, c: &ConversationRecord) -> Result<bool> {
    let unit = app.store.unit(c.unit).await?;
    Ok(allows(
        &caller.actor,
        Action::ManageActions,
        Target::unit(&unit.path),
    ))
}

pub async fn add_statement(
    app: &App,
    caller: &Caller,
    id: i64,
    language: &str,
    text: &str,
) -> Result<i64> {
    let c = conversation_for(app, caller, id, Action::ManageActions).await?;
    let language = Language::parse(language).map_err(|e| e.in_field("language"))?;
    let text = statement_text(text)?;
    Ok(app
        .store
        .add_statement(c.id, language.code(), &text, false, caller.now)
        .await?)
}

/// Accepts (or rejects) a participant's statement.
pub async fn moderate(app: &App, caller: &Caller, statement: i64, accept: bool) -> Result<i64> {
    let conversation = app.store.statement_conversation(statement).await?;
    conversation_for(app, caller, conversation, Action::ManageActions).await?;
    app.store.moderate_statement(statement, accept).await?;
    Ok(conversation)
}

pub async fn translate(
    app: &App,
    caller: &Caller,
    statement: i64,
    language: &str,
    text: &str,
) -> Result<i64> {
    let conversation = app.store.statement_conversation(statement).await?;
    conversation_for(app, caller, conversation, Action::ManageActions).await?;
    let language = Language::parse(language).map_err(|e| e.in_field("language"))?;
    let text = statement_text(text)?;
    app.store
        .translate_statement(statement, language.code(), &text)
        .await?;
    Ok(conversation)
}

pub async fn set_open(app: &App, caller: &Caller, id: i64, open: bool) -> Result<()> {
    let c = conversation_for(app, caller, id, Action::ManageActions).await?;
    app.store.set_conversation_open(c.id, open).await?;
    Ok(())
}

/// A group as shown: how many are in it (hidden from those who may not see small counts when
/// under 5), and the statements that set it apart: (statement, agrees, share).
pub struct GroupView {
    pub size: Option<usize>,
    pub statements: Vec<(i64, bool, f64)>,
}

pub struct Results {
    pub participants: usize,
    pub grouped: usize,
    pub votes: usize,
    pub groups: Vec<GroupView>,
    /// Statements every group agrees with (a majority of those who voted on it in each group).
    pub all_agree: Vec<i64>,
    /// The statements most agree (disagree) with, across everyone: (statement, share).
    pub consensus_agree: Vec<(i64, f64)>,
    pub consensus_disagree: Vec<(i64, f64)>,
    /// The silhouette of the grouping: how clearly people fall apart.
    pub silhouette: f64,
    /// Groups left out because they are too small to show to this reader.
    pub hidden_groups: usize,
    /// Too few people voted to show anything to this reader (fewer than 5).
    pub too_few: bool,
}

/// The opinion groups of a conversation, for those who may read the unit's counts.
pub async fn results(
    app: &App,
    caller: &Caller,
    id: i64,
) -> Result<(ConversationRecord, Vec<StatementRecord>, Results)> {
    let c = conversation_for(app, caller, id, Action::ViewAggregates).await?;
    let unit = app.store.unit(c.unit).await?;
    let hide = hides_small_counts_in(&caller.actor, &unit.path);
    let statements = app.store.statements(c.id, false).await?;
    let m = app.store.vote_matrix(c.id).await?;
    let mut participants: Vec<i64> = m.votes.iter().map(|v| v.0).collect();
    participants.sort_unstable();
    participants.dedup();
    let accepted: Vec<i64> = statements
        .iter()
        .filter(|s| s.status == enquete_domain::conversation::StatementStatus::Accepted)
        .map(|s| s.id)
        .collect();
    let column: std::collections::HashMap<i64, usize> =
        accepted.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    let votes: Vec<(usize, usize, i8)> = m
        .votes
        .iter()
        .filter_map(|(p, s, v)| Some((participants.binary_search(p).ok()?, *column.get(s)?, *v)))
        .collect();
    let opts = OpinionOptions {
        min_votes: OpinionOptions::default()
            .min_votes
            .min(accepted.len().max(1)),
        ..OpinionOptions::default()
    };
    // Seconds for a large conversation: off the request threads.
    let (n_participants, n_statements, votes_for_map) =
        (participants.len(), accepted.len(), votes.clone());
    let map = tokio::task::spawn_blocking(move || {
        opinion_groups(n_participants, n_statements, &votes_for_map, &opts)
    })
    .await
    .map_err(|e| Error::Internal(format!("opinion groups: {e}")))?;
    let too_few = hide && (participants.len() as u64) < SMALL_CELL;
    let statement_of = |i: usize| accepted.get(i).copied().unwrap_or_default();
    let mut groups = Vec::new();
    let mut hidden_groups = 0;
    for g in 0..map.group_count {
        let size = map.groups.iter().filter(|x| **x == Some(g)).count();
        if hide && (size as u64) < SMALL_CELL {
            hidden_groups += 1;
            continue;
        }
        groups.push(GroupView {
            size: Some(size),
            statements: map
                .representative
                .get(g)
                .map(|r| {
                    r.iter()
                        .filter(|p| !hide || u64::from(p.votes) >= SMALL_CELL)
                        .map(|p| (statement_of(p.statement), p.agree, p.share))
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    let all_agree = (0..accepted.len())
        .filter(|_| hidden_groups == 0)
        .filter(|s| {
            map.group_count > 0
                && map.stats.iter().all(|g| {
                    g.get(*s)
                        .is_some_and(|x| x.seen > 0 && f64::from(x.agree) / f64::from(x.seen) > 0.5)
                })
        })
        .map(statement_of)
        .collect();
    let grouped = map.groups.iter().filter(|g| g.is_some()).count();
    let shown = |p: &&enquete_analysis::opinions::Picked| !hide || u64::from(p.votes) >= SMALL_CELL;
    if too_few {
        return Ok((
            c,
            statements,
            Results {
                participants: 0,
                grouped: 0,
                votes: 0,
                groups: Vec::new(),
                all_agree: Vec::new(),
                consensus_agree: Vec::new(),
                consensus_disagree: Vec::new(),
                silhouette: 0.0,
                hidden_groups,
                too_few,
            },
        ));
    }
    Ok((
        c,
        statements,
        Results {
            participants: participants.len(),
            grouped,
            votes: votes.len(),
            groups,
            all_agree,
            consensus_agree: map
                .consensus_agree
                .iter()
                .filter(shown)
                .map(|p| (statement_of(p.statement), p.share))
                .collect(),
            consensus_disagree: map
                .consensus_disagree
                .iter()
                .filter(shown)
                .map(|p| (statement_of(p.statement), p.share))
                .collect(),
            silhouette: map.silhouette,
            hidden_groups,
            too_few,
        },
    ))
}

/// An open conversation by its public link, with the statements people may vote on.
pub async fn public(app: &App, token: &str) -> Result<(ConversationRecord, Vec<StatementRecord>)> {
    let c = app
        .store
        .conversation_by_token(token)
        .await
        .map_err(|_| Error::NotFound("conversation"))?;
    if !c.open {
        return Err(Error::NotFound("conversation"));
    }
    let statements = app.store.statements(c.id, true).await?;
    Ok((c, statements))
}

/// A participant's votes through the public link or from a canvasser's phone: (statement,
/// vote, when), synced once.
pub async fn vote(
    app: &App,
    token: &str,
    key: &str,
    votes: &[(i64, i8, Timestamp)],
    now: Timestamp,
) -> Result<u64> {
    let (c, _) = public(app, token).await?;
    let key = participant_key(key)?;
    if votes.len() > 500 {
        return Err(FieldError::new("votes", "error-too-long")
            .arg("max", 500)
            .into());
    }
    Ok(app.store.sync_votes(c.id, &key, None, votes, now).await?)
}

/// A participant's own statement: it waits for a moderator.
pub async fn propose(
    app: &App,
    token: &str,
    language: Language,
    text: &str,
    now: Timestamp,
) -> Result<i64> {
    let (c, _) = public(app, token).await?;
    let text = statement_text(text)?;
    match app
        .store
        .add_statement(c.id, language.code(), &text, true, now)
        .await
    {
        // Someone proposed it already: nothing more to do.
        Err(enquete_store::StoreError::Invalid(e)) if e.key() == "error-statement-exists" => Ok(0),
        other => Ok(other?),
    }
}
