//! Reading an instance a phone submits: XML checked strictly (no DOCTYPE, a bounded size), then
//! walked along the form's groups and repeats into answers.

use super::{Instance, XFormError};
use enquete_domain::survey::{
    AnswerValue, Answers, Decimal, Question, QuestionKind, SurveyDefinition,
};
use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use std::collections::BTreeMap;

/// The most elements an instance may have (a large household survey has a few thousand).
pub const MAX_ELEMENTS: usize = 10_000;

/// The deepest nesting read: far beyond any form's groups, and a bound on the work.
const MAX_DEPTH: usize = 64;

/// An element of the instance: its local name, the attributes read, its text and children.
#[derive(Debug, Default)]
struct Element {
    name: String,
    id: Option<String>,
    version: Option<String>,
    template: bool,
    text: String,
    children: Vec<Element>,
}

fn not_well_formed(e: impl std::fmt::Display) -> XFormError {
    XFormError::NotWellFormed(e.to_string())
}

/// Parses the XML into elements, refusing DOCTYPEs, unknown entities, and size past the limits.
fn parse_xml(xml: &[u8]) -> Result<Element, XFormError> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut count = 0usize;
    let mut buf = Vec::new();
    let open = |e: &quick_xml::events::BytesStart<'_>| -> Result<Element, XFormError> {
        let mut el = Element {
            name: e.local_name().as_ref().to_owned(),
            ..Element::default()
        };
        for a in e.attributes() {
            let a = a.map_err(not_well_formed)?;
            let value = || {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .map_err(not_well_formed)
            };
            match a.key.local_name().as_ref() {
                "id" => el.id = Some(value()?),
                "version" => el.version = Some(value()?),
                "template" => el.template = true,
                _ => {}
            }
        }
        Ok(el)
    };
    loop {
        let event = reader.read_event_into(&mut buf).map_err(not_well_formed)?;
        match event {
            Event::DocType(_) => return Err(XFormError::Doctype),
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(not_well_formed("a second root element"));
            }
            Event::Start(e) => {
                count += 1;
                if count > super::MAX_ELEMENTS {
                    return Err(XFormError::TooManyElements(super::MAX_ELEMENTS));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(XFormError::TooDeep(MAX_DEPTH));
                }
                stack.push(open(&e)?);
            }
            Event::Empty(e) => {
                count += 1;
                if count > super::MAX_ELEMENTS {
                    return Err(XFormError::TooManyElements(super::MAX_ELEMENTS));
                }
                let el = open(&e)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let el = stack
                    .pop()
                    .ok_or_else(|| not_well_formed("an end tag opens nothing"))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                let text = t.xml10_content();
                match stack.last_mut() {
                    Some(el) => el.text.push_str(&text),
                    None if text.trim().is_empty() => {}
                    None => return Err(not_well_formed("text outside the root element")),
                }
            }
            Event::CData(t) => {
                let text = t.into_inner().into_owned();
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&text);
                }
            }
            Event::GeneralRef(r) => {
                let name = r.xml10_content().into_owned();
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(not_well_formed)?
                        .map(String::from)
                } else {
                    resolve_predefined_entity(&name).map(str::to_owned)
                };
                let Some(resolved) = resolved else {
                    return Err(XFormError::Entity(name));
                };
                match stack.last_mut() {
                    Some(el) => el.text.push_str(&resolved),
                    None => return Err(not_well_formed("a reference outside the root element")),
                }
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
        buf.clear();
    }
    if !stack.is_empty() {
        return Err(not_well_formed("the document ends inside an element"));
    }
    root.ok_or(XFormError::Empty)
}

/// Walks the elements along the form.
struct Reading<'a> {
    /// The questions by key, and whether each group path is a repeat's: looked up once per
    /// element, so built once.
    questions: BTreeMap<String, &'a Question>,
    groups: BTreeMap<String, bool>,
    attachments: Vec<String>,
}

impl Reading<'_> {
    fn container(
        &mut self,
        el: &Element,
        prefix: &str,
        answers: &mut Answers,
    ) -> Result<(), XFormError> {
        for child in &el.children {
            let key = if prefix.is_empty() {
                child.name.clone()
            } else {
                format!("{prefix}/{}", child.name)
            };
            if let Some(repeat) = self.groups.get(&key).copied() {
                if repeat {
                    if child.template {
                        continue;
                    }
                    let mut row = Answers::default();
                    self.container(child, &key, &mut row)?;
                    match answers
                        .0
                        .entry(key)
                        .or_insert_with(|| AnswerValue::Rows(Vec::new()))
                    {
                        AnswerValue::Rows(rows) => rows.push(row),
                        _ => return Err(XFormError::UnknownElement(child.name.clone())),
                    }
                } else {
                    self.container(child, &key, answers)?;
                }
                continue;
            }
            if let Some(q) = self.questions.get(&key).copied() {
                if !child.children.is_empty() {
                    return Err(XFormError::UnknownElement(format!(
                        "{key}/{}",
                        child.children.first().map_or("", |c| c.name.as_str())
                    )));
                }
                let value = child.text.trim();
                if value.is_empty() {
                    continue;
                }
                let bad = |expected| XFormError::BadValue {
                    element: key.clone(),
                    expected,
                    value: value.chars().take(80).collect(),
                };
                let answer = match &q.kind {
                    QuestionKind::Number { .. } | QuestionKind::Scale { .. } => {
                        AnswerValue::Number(value.parse().map_err(|_| bad("a whole number"))?)
                    }
                    QuestionKind::Decimal => {
                        let n: f64 = value.parse().map_err(|_| bad("a number"))?;
                        if !n.is_finite() {
                            return Err(bad("a number"));
                        }
                        AnswerValue::Decimal(Decimal(n))
                    }
                    QuestionKind::MultipleChoice { .. } | QuestionKind::Ranking { .. } => {
                        AnswerValue::List(value.split_whitespace().map(str::to_owned).collect())
                    }
                    QuestionKind::Media { .. } => {
                        if !self.attachments.iter().any(|a| a == value) {
                            self.attachments.push(value.to_owned());
                        }
                        AnswerValue::Text(value.to_owned())
                    }
                    _ => AnswerValue::Text(value.to_owned()),
                };
                answers.0.insert(key, answer);
                continue;
            }
            if prefix.is_empty() && child.name == "meta" {
                continue;
            }
            // The node pyxform adds for a repeat count that is not a plain reference.
            let counted = key
                .strip_suffix("_count")
                .and_then(|g| self.groups.get(g))
                .is_some_and(|repeat| *repeat);
            if counted {
                continue;
            }
            return Err(XFormError::UnknownElement(key));
        }
        Ok(())
    }
}

/// The `meta` block: `instanceID`, and the other entries ODK writes there.
fn read_meta(root: &Element, attachments: &mut Vec<String>) -> Result<Option<String>, XFormError> {
    let mut instance_id = None;
    for meta in root.children.iter().filter(|c| c.name == "meta") {
        for m in &meta.children {
            let value = m.text.trim();
            match m.name.as_str() {
                "instanceID" => instance_id = Some(value.to_owned()).filter(|v| !v.is_empty()),
                "audit" => {
                    if !value.is_empty() {
                        attachments.push(value.to_owned());
                    }
                }
                "instanceName" | "deprecatedID" | "timeStart" | "timeEnd" | "userID" => {}
                other => return Err(XFormError::UnknownElement(format!("meta/{other}"))),
            }
        }
    }
    Ok(instance_id)
}

/// Reads an instance a phone submitted for `def`: its form id (which must be the form's), its
/// version, its `instanceID`, the answers by question key (repeats as rows, numbers by kind,
/// multiple choices as lists, empty elements left out) and the attachments its media questions
/// name. Anything the form does not have is refused, naming the element.
pub fn parse_instance(def: &SurveyDefinition, xml: &[u8]) -> Result<Instance, XFormError> {
    let root = parse_xml(xml)?;
    let form_id = root.id.clone().unwrap_or_default();
    if form_id != def.form_id {
        return Err(XFormError::WrongForm {
            expected: def.form_id.clone(),
            found: form_id,
        });
    }
    let mut reading = Reading {
        questions: def.questions.iter().map(|q| (q.key(), q)).collect(),
        groups: def.groups.iter().map(|g| (g.path(), g.repeat)).collect(),
        attachments: Vec::new(),
    };
    let mut answers = Answers::default();
    reading.container(&root, "", &mut answers)?;
    let mut attachments = reading.attachments;
    let instance_id = read_meta(&root, &mut attachments)?;
    Ok(Instance {
        form_id,
        version: root.version.clone().filter(|v| !v.is_empty()),
        instance_id,
        answers,
        attachments,
    })
}
