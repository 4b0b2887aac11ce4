//! Random expressions and random bytes: parsing and evaluation never panic.
