//! The JSON API, and the OpenRosa doors of ODK Collect (`openrosa`).
//!
//! The JSON API. Version 1 lives under `/api/v1`, described by the OpenAPI document at
//! `/api/v1/openapi.json`, which is generated from the handlers themselves.

pub mod openrosa;
pub mod osdi;
pub mod v1;
