//! Integration tests of the web layer: one test binary, each test with its own database and a
//! small demo country, driven through the real router (sessions, CSRF, policy, store).

mod support;

mod access;
mod api;
mod input;
mod pages;
