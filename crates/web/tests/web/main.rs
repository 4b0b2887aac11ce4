//! Integration tests of the web layer: one test binary, each test with its own database and a
//! small demo country, driven through the real router (sessions, CSRF, policy, store).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly at the first thing that is not as expected"
)]

mod support;

mod access;
mod access_conversations;
mod access_festival;
mod access_news;
mod access_orgs;
mod access_research;
mod access_training;
mod access_workplace;
mod api;
mod calendar;
mod calls;
mod campaigns;
mod composition;
mod conversations;
mod conversations_weighted;
mod dashboards;
mod enquete;
mod errors;
mod festival;
mod field_results;
mod followups;
mod forms;
mod gates;
mod input;
mod lists;
mod mailings;
mod news;
mod openrosa;
mod osdi;
mod osdi_doors;
mod pages;
mod programme;
mod research;
mod results;
mod texts;
mod training;
mod webhooks;
mod workplaces;
