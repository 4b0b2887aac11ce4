//! The store conformance suite: every store operation and invariant, run once on SQLite and once
//! on PostgreSQL. A backend passes only if it behaves exactly like the other.
//!
//! One module per area; `support` holds the `conformance!` macro and the helpers they share.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly at the first thing that is not as expected"
)]

mod support;

mod accounts;
mod actions;
mod at_rest;
mod attachments;
mod audit;
mod calendar;
mod calls;
mod campaigns;
mod composition;
mod conversations;
mod festival;
mod festival_loop;
mod followups;
mod gates;
mod gdpr;
mod lists;
mod mailings;
mod motions;
mod news;
mod organizations;
mod osdi;
mod people;
mod programme;
mod research;
mod surveys;
mod training;
mod training_privacy;
mod units;
mod webhooks;
mod workplaces;
