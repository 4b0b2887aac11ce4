//! The operations of Enquête: one function per thing a user can do, whichever door it comes
//! through (a page, the JSON API, the command line). Each takes a [`Caller`] and typed input,
//! asks the access policy, calls the store, writes the audit entry, and returns typed output or
//! an [`Error`] naming the field. The periodic jobs (mail, retention, warming results) live
//! here too, so whoever runs the server gets them. No HTTP, no HTML.

pub mod accounts;
pub mod actions;
pub mod assignments;
pub mod audiences;
pub mod audit;
pub mod auth;
pub mod caller;
pub mod calls;
pub mod campaigns;
pub mod composition;
pub mod conversations;
pub mod demo;
pub mod disclosure;
pub mod error;
pub mod festival;
pub mod files;
pub mod followups;
pub mod gates;
pub mod jobs;
pub mod mail;
pub mod mailings;
pub mod meetings;
pub mod motions;
pub mod news;
pub mod openrosa;
pub mod organizations;
pub mod osdi;
pub mod paper;
pub mod people;
pub mod petitions;
pub mod privacy;
pub mod programme;
pub mod public;
pub mod research;
pub mod responses;
pub mod results;
pub mod scope;
pub mod surveys;
pub mod themes;
pub mod tickets;
pub mod today;
pub mod training;
pub mod units;
pub mod webhooks;
pub mod workplaces;

pub use caller::{Caller, Door};
pub use error::{Error, Result};

use enquete_store::Store;

/// What operations work with: the store and the survey results held in memory.
#[derive(Clone)]
pub struct App {
    pub store: Store,
    /// Survey results held in memory, kept current against the database.
    pub results: results::ResultsCache,
}

impl App {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            results: results::ResultsCache::default(),
        }
    }
}
