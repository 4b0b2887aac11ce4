//! Conversations (issue 20, part 2): the organizers of a unit put short statements to people
//! (through a public link); participants vote agree / disagree / pass and may add statements,
//! which wait for a moderator; the opinion groups are found in the votes (as Pol.is does,
//! `enquete_analysis::opinions`) with what sets each group apart and what all agree on. Who
//! voted what is never shown: participants are keys their device made up; analysts see the
//! groups, never a group of fewer than 5.

mod results;

pub use results::{
    GroupView, Margins, PlaceRow, Results, WeightingView, margins_for, places, results,
};

use crate::scope::unit_for;
use crate::{App, Caller, Error, Result};
use enquete_domain::conversation::{participant_key, statement_text, title};
use enquete_domain::org::UnitId;
use enquete_domain::people::Language;
use enquete_domain::policy::{Action, Target, allows};
use enquete_domain::survey::SurveyId;
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

/// Links the conversation to a survey (or unlinks it, `None`): its demographic questions with
/// population figures are then asked on the public page and the groups weighted by them.
pub async fn link_survey(app: &App, caller: &Caller, id: i64, survey: Option<i64>) -> Result<()> {
    let c = conversation_for(app, caller, id, Action::ManageActions).await?;
    app.store
        .set_conversation_survey(c.id, survey.map(SurveyId))
        .await
        .map_err(|e| match e {
            enquete_store::StoreError::NotFound(_) => {
                Error::from(FieldError::new("survey", "error-no-survey"))
            }
            other => other.into(),
        })
}

/// What the public page asks people about themselves: the weighting questions and the sections
/// they may live in.
pub async fn public_profile(
    app: &App,
    c: &ConversationRecord,
) -> Result<(
    Vec<enquete_domain::survey::Question>,
    Vec<enquete_domain::org::Unit>,
)> {
    let questions = margins_for(app, c)
        .await?
        .map(|m| m.questions)
        .unwrap_or_default();
    Ok((questions, places(app, c).await?))
}

pub async fn set_open(app: &App, caller: &Caller, id: i64, open: bool) -> Result<()> {
    let c = conversation_for(app, caller, id, Action::ManageActions).await?;
    app.store.set_conversation_open(c.id, open).await?;
    Ok(())
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

/// Forgets the participant with this key, at their own request (from the public page, open
/// or closed): their votes, what they said about themselves, their key. Without a key (a
/// browser that never voted) there is nothing to forget. Returns the conversation.
pub async fn forget(app: &App, token: &str, key: Option<&str>) -> Result<ConversationRecord> {
    let c = app
        .store
        .conversation_by_token(token)
        .await
        .map_err(|_| Error::NotFound("conversation"))?;
    if let Some(key) = key {
        app.store.forget_participant(c.id, key).await?;
    }
    Ok(c)
}

/// What a participant says about themselves, all of it optional: the section they live in
/// (one right below the conversation's unit) and their answers to the weighting questions
/// (question code, choice code).
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub place: Option<i64>,
    pub answers: Vec<(String, String)>,
}

impl Profile {
    pub fn is_empty(&self) -> bool {
        self.place.is_none() && self.answers.is_empty()
    }
}

/// What a vote sync did: votes stored or changed, and what the participant said about
/// themselves that was not kept (a question no longer asked, an answer not among its choices,
/// a section not below the conversation's unit: from a phone that kept them while the
/// conversation changed, or made up), by field: `place` or `about_{question}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synced {
    pub changed: u64,
    pub ignored: Vec<String>,
}

/// A participant's votes through the public link or from a canvasser's phone: (statement,
/// vote, when), synced once, with what they said about themselves. The votes are what counts:
/// an answer about themselves that no longer fits is left out (and reported), never the votes.
pub async fn vote(
    app: &App,
    token: &str,
    key: &str,
    votes: &[(i64, i8, Timestamp)],
    profile: &Profile,
    now: Timestamp,
) -> Result<Synced> {
    let (c, _) = public(app, token).await?;
    let key = participant_key(key)?;
    if votes.len() > 500 {
        return Err(FieldError::new("votes", "error-too-long")
            .arg("max", 500)
            .into());
    }
    if profile.answers.len() > 50 {
        return Err(FieldError::new("profile", "error-too-long")
            .arg("max", 50)
            .into());
    }
    let (place, answers, ignored) = checked_profile(app, &c, profile).await?;
    // The votes first: when one is refused (a statement gone), nothing about them is kept.
    let changed = app.store.sync_votes(c.id, &key, place, votes, now).await?;
    if place.is_some() || !answers.is_empty() {
        app.store
            .set_participant_profile(c.id, &key, place, &answers, now)
            .await?;
    }
    Ok(Synced { changed, ignored })
}

/// A participant's profile as the conversation asks it: the section if it is one below its
/// unit, each answer if it is a choice of a weighting question; the rest by field name.
type CheckedProfile = (Option<UnitId>, Vec<(String, String)>, Vec<String>);

async fn checked_profile(
    app: &App,
    c: &ConversationRecord,
    profile: &Profile,
) -> Result<CheckedProfile> {
    let mut ignored = Vec::new();
    let place = match profile.place {
        None => None,
        Some(id) => {
            let found = places(app, c)
                .await?
                .iter()
                .find(|u| u.id.0 == id)
                .map(|u| u.id);
            if found.is_none() {
                ignored.push("place".to_owned());
            }
            found
        }
    };
    let asked = if profile.answers.is_empty() {
        Vec::new()
    } else {
        margins_for(app, c)
            .await?
            .map(|m| m.questions)
            .unwrap_or_default()
    };
    let mut answers = Vec::new();
    for (variable, category) in &profile.answers {
        let fits = asked
            .iter()
            .find(|q| q.name == *variable)
            .is_some_and(|q| q.kind.choices().iter().any(|ch| ch.name == *category));
        if fits {
            answers.push((variable.clone(), category.clone()));
        } else {
            ignored.push(format!("about_{variable}"));
        }
    }
    Ok((place, answers, ignored))
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
