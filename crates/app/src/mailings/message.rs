//! A mailing's text: a subject and a body per language with merge fields (`{{first_name}}`),
//! checked when written, filled in for each recipient in their language (or the fallback), and
//! made into a plain-text message with the unsubscribe headers of RFC 2369 and RFC 8058.

use enquete_domain::FieldError;
use enquete_domain::people::Language;
use lettre::Message;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest subject and body.
pub const MAX_SUBJECT: usize = 200;
pub const MAX_BODY: usize = 50_000;

/// The merge fields every mailing may use.
pub const FIELDS: [&str; 4] = ["first_name", "name", "unit", "unsubscribe_url"];
/// Those of a mailing to the people who answered an action.
pub const ACTION_FIELDS: [&str; 4] = ["action", "when", "where", "bus"];

/// One language's version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub subject: String,
    pub body: String,
}

/// The versions by language code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Templates(pub BTreeMap<String, Version>);

impl Templates {
    /// The version for a language, else the fallback's.
    pub fn for_language<'a>(
        &'a self,
        language: &str,
        fallback: &str,
    ) -> Option<(&'a str, &'a Version)> {
        self.0
            .get_key_value(language)
            .or_else(|| self.0.get_key_value(fallback))
            .map(|(k, v)| (k.as_str(), v))
    }
}

/// The merge field names used in a text, in order of appearance (`{{ name }}`, spaces allowed);
/// `None` when one is not closed.
pub fn fields_in(text: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let end = after.find("}}")?;
        out.push(after[..end].trim().to_owned());
        rest = &after[end + 2..];
    }
    Some(out)
}

/// Fills in the merge fields (unknown ones were refused when the text was saved, and are left
/// empty here).
pub fn fill(text: &str, values: &BTreeMap<&str, String>) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                if let Some(v) = values.get(after[..end].trim()) {
                    out.push_str(v);
                }
                rest = &after[end + 2..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Checks the versions as written: at least one, subjects and bodies present and not too long,
/// the fallback among them, and only known merge fields. The field named is `subject_nl`,
/// `body_fr`, ... so that the form can point at it.
pub fn check(
    templates: &Templates,
    fallback: &str,
    for_action: bool,
    sms: bool,
) -> Result<(), FieldError> {
    if templates.0.is_empty() {
        return Err(FieldError::new("subject_en", "error-mailing-no-version"));
    }
    for (code, version) in &templates.0 {
        let lang = Language::parse(code).map_err(|e| e.in_field("fallback"))?;
        let (subject_field, body_field) = field_names(lang);
        let subject = version.subject.trim();
        if subject.is_empty() && !sms {
            return Err(FieldError::new(subject_field, "error-required"));
        }
        if subject.chars().count() > MAX_SUBJECT {
            return Err(FieldError::new(subject_field, "error-too-long")
                .arg("max", MAX_SUBJECT.to_string()));
        }
        if version.body.trim().is_empty() {
            return Err(FieldError::new(body_field, "error-required"));
        }
        if version.body.chars().count() > MAX_BODY {
            return Err(
                FieldError::new(body_field, "error-too-long").arg("max", MAX_BODY.to_string())
            );
        }
        for (field, text) in [
            (subject_field, subject),
            (body_field, version.body.as_str()),
        ] {
            let names = fields_in(text)
                .ok_or_else(|| FieldError::new(field, "error-mailing-field-unclosed"))?;
            for name in names {
                let known = FIELDS.contains(&name.as_str())
                    || (for_action && ACTION_FIELDS.contains(&name.as_str()));
                if !known {
                    let mut allowed: Vec<&str> = FIELDS.to_vec();
                    if for_action {
                        allowed.extend(ACTION_FIELDS);
                    }
                    return Err(FieldError::new(field, "error-mailing-field-unknown")
                        .arg("name", name)
                        .arg("known", allowed.join(", ")));
                }
            }
        }
    }
    if !templates.0.contains_key(fallback) {
        return Err(FieldError::new("fallback", "error-mailing-fallback"));
    }
    Ok(())
}

/// The form fields of a language's subject and body.
pub fn field_names(lang: Language) -> (&'static str, &'static str) {
    match lang {
        Language::Nl => ("subject_nl", "body_nl"),
        Language::Fr => ("subject_fr", "body_fr"),
        Language::De => ("subject_de", "body_de"),
        Language::En => ("subject_en", "body_en"),
    }
}

/// A message ready to hand over.
pub struct Built {
    pub envelope_from: String,
    pub bytes: Vec<u8>,
}

/// Everything one message is made of.
pub struct Parts<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub language: &'a str,
    /// The unsubscribe link and the footer line that shows it.
    pub unsubscribe_url: &'a str,
    pub footer: &'a str,
    /// The message's id: unique per mailing and person, the same when it is sent again.
    pub message_id: String,
    pub bounce_address: Option<&'a str>,
    pub token: &'a str,
}

/// The envelope sender that carries the message's token to the bounce mailbox:
/// `bounces@example.org` → `bounces+TOKEN@example.org`.
pub fn bounce_sender(bounce: &str, token: &str) -> String {
    match bounce.split_once('@') {
        Some((local, domain)) => format!("{local}+{token}@{domain}"),
        None => bounce.to_owned(),
    }
}

/// Makes the message: plain text in UTF-8, the subject encoded as mail requires, the footer with
/// the unsubscribe link, and `List-Unsubscribe` with one-click `List-Unsubscribe-Post`.
pub fn build(parts: &Parts<'_>) -> Result<Built, String> {
    let from = parts
        .from
        .parse()
        .map_err(|e| format!("sender {}: {e}", parts.from))?;
    let to = parts
        .to
        .parse()
        .map_err(|e| format!("address {}: {e}", parts.to))?;
    let header = |name: &str, value: String| {
        HeaderName::new_from_ascii(name.to_owned())
            .map(|n| HeaderValue::new(n, value))
            .map_err(|e| format!("header {name}: {e}"))
    };
    let subject = parts.subject.replace(['\r', '\n'], " ");
    let body = format!(
        "{}\n\n-- \n{}\n{}\n",
        parts.body.trim_end(),
        parts.footer,
        parts.unsubscribe_url
    );
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .message_id(Some(parts.message_id.clone()))
        .date_now()
        .raw_header(header(
            "List-Unsubscribe",
            format!("<{}>", parts.unsubscribe_url),
        )?)
        .raw_header(header(
            "List-Unsubscribe-Post",
            "List-Unsubscribe=One-Click".to_owned(),
        )?)
        .raw_header(header("Content-Language", parts.language.to_owned())?)
        .header(ContentType::TEXT_PLAIN);
    let envelope_from = match parts.bounce_address {
        Some(b) => bounce_sender(b, parts.token),
        None => parts.from.to_owned(),
    };
    if parts.bounce_address.is_some() {
        builder = builder.raw_header(header("Return-Path", format!("<{envelope_from}>"))?);
    }
    let message = builder.body(body).map_err(|e| format!("message: {e}"))?;
    Ok(Built {
        envelope_from,
        bytes: message.formatted(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates(pairs: &[(&str, &str, &str)]) -> Templates {
        Templates(
            pairs
                .iter()
                .map(|(l, s, b)| {
                    (
                        (*l).to_owned(),
                        Version {
                            subject: (*s).to_owned(),
                            body: (*b).to_owned(),
                        },
                    )
                })
                .collect(),
        )
    }

    #[test]
    fn merge_fields_are_filled_and_unknown_ones_refused() {
        let mut values = BTreeMap::new();
        values.insert("first_name", "Lotte".to_owned());
        assert_eq!(
            fill("Dag {{ first_name }}, {{first_name}}!", &values),
            "Dag Lotte, Lotte!"
        );
        assert_eq!(fill("{{nope}}x{{", &values), "x{{");
        let t = templates(&[("nl", "Hallo {{first_name}}", "Tot {{when}}")]);
        let e = check(&t, "nl", false, false).unwrap_err();
        assert_eq!(
            (e.field, e.problem.key),
            ("body_nl", "error-mailing-field-unknown")
        );
        assert!(check(&t, "nl", true, false).is_ok());
        let e = check(&t, "fr", true, false).unwrap_err();
        assert_eq!(e.field, "fallback");
        let t = templates(&[("de", "Hallo {{first_name", "x")]);
        assert_eq!(
            check(&t, "de", false, false).unwrap_err().field,
            "subject_de"
        );
        let t = templates(&[("xx", "a", "b")]);
        assert_eq!(check(&t, "xx", false, false).unwrap_err().field, "fallback");
    }

    #[test]
    fn a_language_without_a_version_gets_the_fallback() {
        let t = templates(&[("nl", "NL", "nl"), ("fr", "FR", "fr")]);
        assert_eq!(t.for_language("fr", "nl").map(|(l, _)| l), Some("fr"));
        assert_eq!(t.for_language("de", "nl").map(|(l, _)| l), Some("nl"));
    }

    #[test]
    fn the_message_carries_one_click_unsubscribe_and_cannot_gain_headers() {
        let built = build(&Parts {
            from: "Beweging <news@example.org>",
            to: "lotte@example.be",
            subject: "Bus naar Brussel\r\nBcc: evil@x.org",
            body: "Dag Lotte",
            language: "nl",
            unsubscribe_url: "https://enquete.example.org/u/abc",
            footer: "Uitschrijven:",
            message_id: "<m1.abc@example.org>".into(),
            bounce_address: Some("bounces@example.org"),
            token: "abc",
        })
        .unwrap();
        let text = String::from_utf8(built.bytes).unwrap();
        assert!(
            text.contains("List-Unsubscribe: <https://enquete.example.org/u/abc>\r\n"),
            "{text}"
        );
        assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
        assert!(!text.contains("\r\nBcc:"), "{text}");
        assert_eq!(built.envelope_from, "bounces+abc@example.org");
        assert!(text.contains("Uitschrijven:"));
    }
}
