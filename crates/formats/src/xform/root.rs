//! Which form a submitted instance answers, read from its root element before the form's
//! definition is known (the server then reads the whole instance against that definition).

use super::XFormError;
use quick_xml::Reader;
use quick_xml::events::Event;

/// The `id` and `version` attributes of an instance's root element.
pub fn instance_form(xml: &[u8]) -> Result<(String, Option<String>), XFormError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| XFormError::NotWellFormed(e.to_string()))?
        {
            Event::DocType(_) => return Err(XFormError::Doctype),
            Event::Start(e) | Event::Empty(e) => {
                let mut id = None;
                let mut version = None;
                for a in e.attributes() {
                    let a = a.map_err(|e| XFormError::NotWellFormed(e.to_string()))?;
                    let value = a.value.to_string();
                    match a.key.local_name().as_ref() {
                        "id" => id = Some(value),
                        "version" => version = Some(value).filter(|v| !v.is_empty()),
                        _ => {}
                    }
                }
                return match id {
                    Some(id) if !id.is_empty() => Ok((id, version)),
                    _ => Err(XFormError::WrongForm {
                        expected: "a form id".into(),
                        found: String::new(),
                    }),
                };
            }
            Event::Eof => return Err(XFormError::Empty),
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_names_the_form() {
        let xml = br#"<?xml version="1.0"?><data id="household" version="3"><a>1</a></data>"#;
        assert_eq!(
            instance_form(xml).unwrap(),
            ("household".to_owned(), Some("3".to_owned()))
        );
        assert!(matches!(
            instance_form(b"<!DOCTYPE x [<!ENTITY e 'x'>]><data id='f'/>"),
            Err(XFormError::Doctype)
        ));
        assert!(instance_form(b"<data><a/></data>").is_err());
        assert!(instance_form(b"").is_err());
    }
}
