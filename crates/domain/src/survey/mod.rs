//! Survey definitions (the enquête's questions), skip logic, and the validation of answers.
//!
//! A definition is a list of questions of six kinds, each with labels in up to four languages,
//! optional skip logic (`relevant`, in the XLSForm expression syntax), and a flag for the
//! demographic questions used for weighting. Published versions never change; answers are
//! checked against the exact version they were collected with.
//!
//! `definition` holds the definition, its validation and the answers it checks; `logic` the
//! skip-logic expressions; `channel` where a response was collected (channel, door, doors).

mod channel;
mod definition;
mod logic;

pub use channel::{
    AssignmentId, Channel, DoorId, DoorOutcome, parse_doors, plausible_collection_time,
};
pub use definition::{
    AnswerValue, Answers, Choice, Labels, Question, QuestionKind, SurveyDefinition, SurveyId,
    parse_title,
};
pub use logic::{Cmp, Condition, Literal, MAX_CONDITION_LENGTH};
