//! People: records, search, the ladder with its history, consents, duplicates and merging.
//!
//! `record` reads and writes a person's record (with its tags); `identity` seals and opens the
//! personal fields; `ladder` moves people on the ladder; `consents` records what they agreed to;
//! `search` finds people; `merge` finds duplicates and merges them; `bulk` changes a list's
//! selection at once.

mod bulk;
mod consents;
mod identity;
mod ladder;
mod merge;
mod record;
mod search;

pub use bulk::PersonTarget;
pub(crate) use identity::{Identity, OpenIdentity, write_identity};
pub(crate) use ladder::move_stage_in;
pub use record::PersonRecord;
pub(crate) use record::insert_person;
pub(crate) use search::person_by_email_below;
pub use search::{PeoplePage, PeopleQuery, PeopleSort};
