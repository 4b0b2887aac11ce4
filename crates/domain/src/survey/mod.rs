//! Survey definitions (the enquête's questions), the form's logic, and the validation of answers.
//!
//! A definition is the list of questions in the order asked, of the kinds field forms use
//! (choices, numbers, text, dates, places, photos, notes, calculations...), with the groups and
//! repeats they sit in, labels in the form's languages, and expressions (`relevant`,
//! `constraint`, `calculation`, `choice_filter`) in the XLSForm language. Published versions
//! never change; answers are checked against the exact version they were collected with.
//!
//! `definition` holds the definition; `validate` its checks; `answers` the answers and the check
//! of one answer; `form` the logic over a whole response (shared with the phone); `logic` the
//! older skip-logic subset the canvassing page still reads; `channel` where a response was
//! collected.

mod answers;
mod channel;
mod definition;
mod form;
mod logic;
mod validate;

pub use answers::{AnswerValue, Answers, Decimal, is_file_name};
pub use channel::{
    AssignmentId, Channel, DoorId, DoorOutcome, parse_doors, plausible_collection_time,
};
pub use definition::{
    Choice, DEFAULT_LANGUAGE, Details, Group, Labels, MAX_LABEL, MediaKind, Question, QuestionKind,
    SurveyDefinition, SurveyId, parse_title,
};
/// Dates and times as answers hold them (`YYYY-MM-DD`, ISO 8601), read as the form logic reads them.
pub use enquete_expr::{date_from_str, datetime_from_str, time_from_str};
pub use form::{FormClock, FormState, NodeState};
pub use logic::{Cmp, Condition, Literal, MAX_CONDITION_LENGTH};
pub use validate::{MAX_EXPRESSION, MAX_QUESTIONS, is_name};

#[cfg(test)]
mod tests;
