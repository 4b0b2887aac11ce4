//! ODK XForms: the form a phone (ODK Collect, Enketo) fills in, written from a survey
//! definition as pyxform writes it for the same workbook, and the instances phones send back,
//! read into answers.
//!
//! [`xform`] writes the XForm 1.0 document (<https://getodk.github.io/xforms-spec/>): the
//! instance with its groups and repeats, one bind per question (type, relevance, constraint,
//! calculation, required, read-only, preloads), the translations, and the body with its
//! controls and choice lists. `tests/xlsform/xform_check.py` compares it with pyxform's for
//! every workbook of the corpus. [`manifest`] lists the media files the form needs beside it.
//! [`parse_instance`] reads a submitted instance into [`Answers`], refusing what the form does
//! not have, documents that are not well formed, DOCTYPEs (no entities, so no XXE) and
//! documents of more than [`MAX_ELEMENTS`] elements.

mod instance;
mod root;
mod tree;
mod write;
mod xml;

#[cfg(test)]
mod tests;

pub use instance::{MAX_ELEMENTS, parse_instance};
pub use root::instance_form;
pub use write::{manifest, xform};

use enquete_domain::survey::Answers;

/// One submitted instance, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// The form it answers (the `id` of its root element).
    pub form_id: String,
    /// The form version it was filled in with, when the instance names one.
    pub version: Option<String>,
    /// `meta/instanceID` (`uuid:...`), which makes a resent submission recognisable.
    pub instance_id: Option<String>,
    /// The answers by question key; repeats as rows.
    pub answers: Answers,
    /// The files the media questions name, to expect beside the instance.
    pub attachments: Vec<String>,
}

/// Why a submitted instance is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XFormError {
    #[error("the instance is not well-formed XML: {0}")]
    NotWellFormed(String),
    #[error("the instance declares a DOCTYPE; Enquête reads no DTDs or entities")]
    Doctype,
    #[error("the instance uses the entity &{0}; only XML's own five are read")]
    Entity(String),
    #[error("the instance has more than {0} elements")]
    TooManyElements(usize),
    #[error("the instance nests elements more than {0} deep")]
    TooDeep(usize),
    #[error("the instance has no root element")]
    Empty,
    #[error("the instance answers the form {found:?}, not {expected:?}")]
    WrongForm { expected: String, found: String },
    #[error("the instance has an element <{0}> that the form does not have")]
    UnknownElement(String),
    #[error("the element <{element}> should hold {expected}, not {value:?}")]
    BadValue {
        element: String,
        expected: &'static str,
        value: String,
    },
}
