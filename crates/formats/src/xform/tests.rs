//! Tests of the XForm writer and the instance reader, on a small household form with a group,
//! a repeat, a choice filter and two languages.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly at the first thing that is not as expected"
)]

use super::write::is_dynamic;
use super::*;
use enquete_domain::survey::{
    AnswerValue, Choice, Decimal, Details, Group, Labels, MediaKind, Question, QuestionKind,
    SurveyDefinition,
};
use std::collections::BTreeMap;

fn labels(en: &str, fr: &str) -> Labels {
    Labels(BTreeMap::from([
        ("en".to_owned(), en.to_owned()),
        ("fr".to_owned(), fr.to_owned()),
    ]))
}

fn choice(name: &str, state: Option<&str>) -> Choice {
    Choice {
        name: name.into(),
        label: labels(name, name),
        columns: state
            .map(|s| BTreeMap::from([("state".to_owned(), s.to_owned())]))
            .unwrap_or_default(),
    }
}

fn question(name: &str, group: Option<&str>, kind: QuestionKind) -> Question {
    Question {
        name: name.into(),
        label: labels(&format!("{name}?"), &format!("{name} ?")),
        hint: Labels::default(),
        required: false,
        demographic: false,
        relevant: None,
        kind,
        details: Details {
            group: group.map(str::to_owned),
            ..Details::default()
        },
    }
}

/// A household form: a state and a city filtered by it, a group `hh` holding a repeat
/// `members` (name, age, a photo, and a note shown only to adults), and a start time.
fn household() -> SurveyDefinition {
    let mut city = question(
        "city",
        None,
        QuestionKind::SingleChoice {
            choices: vec![choice("liege", Some("wal")), choice("gent", Some("vla"))],
        },
    );
    city.details.choice_filter = Some("state = ${state}".into());
    city.details.list = Some("cities".into());
    let mut age = question(
        "age",
        Some("hh/members"),
        QuestionKind::Number {
            min: Some(0),
            max: Some(120),
        },
    );
    age.required = true;
    let mut adult = question("adult", Some("hh/members"), QuestionKind::Note);
    adult.relevant = Some("${age} >= 18 and ${size} > 1".into());
    adult.label = labels("<Adult> & \"over 18\": ${name}", "Adulte");
    let mut pets = question(
        "pets",
        Some("hh"),
        QuestionKind::MultipleChoice {
            choices: vec![choice("cat", None), choice("dog", None)],
        },
    );
    pets.details.appearance = Some("minimal".into());
    let questions = vec![
        question(
            "start",
            None,
            QuestionKind::Metadata {
                what: "start".into(),
            },
        ),
        question(
            "state",
            None,
            QuestionKind::SingleChoice {
                choices: vec![choice("wal", None), choice("vla", None)],
            },
        ),
        city,
        question(
            "size",
            Some("hh"),
            QuestionKind::Number {
                min: None,
                max: None,
            },
        ),
        question(
            "name",
            Some("hh/members"),
            QuestionKind::Text { max_length: 2000 },
        ),
        age,
        question(
            "photo",
            Some("hh/members"),
            QuestionKind::Media {
                media: MediaKind::Image,
            },
        ),
        adult,
        pets,
        question("weight", None, QuestionKind::Decimal),
    ];
    let groups = vec![
        Group {
            name: "hh".into(),
            parent: None,
            label: labels("Household", "Ménage"),
            relevant: None,
            appearance: Some("field-list".into()),
            repeat: false,
            repeat_count: None,
            at: 3,
        },
        Group {
            name: "members".into(),
            parent: Some("hh".into()),
            label: labels("Members", "Membres"),
            relevant: None,
            appearance: None,
            repeat: true,
            repeat_count: Some("${size}".into()),
            at: 4,
        },
    ];
    SurveyDefinition {
        form_id: "household".into(),
        title: Labels::one(enquete_domain::people::Language::En, "Household"),
        questions,
        groups,
        languages: BTreeMap::new(),
        version: Some("3".into()),
        settings: BTreeMap::new(),
    }
}

/// Every event of a document, or the first XML error.
fn well_formed(doc: &str) -> Result<usize, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_str(doc);
    let mut n = 0;
    loop {
        match reader.read_event()? {
            quick_xml::events::Event::Eof => return Ok(n),
            _ => n += 1,
        }
    }
}

#[test]
fn the_xform_has_the_binds_pyxform_writes() {
    let doc = xform(&household(), "3");
    well_formed(&doc).unwrap();
    for expected in [
        r#"<data id="household" version="3">"#,
        r#"<bind nodeset="/data/start" type="dateTime" jr:preload="timestamp" jr:preloadParams="start"/>"#,
        r#"<bind nodeset="/data/hh/members/age" type="int" required="true()" constraint=". &gt;= 0 and . &lt;= 120"/>"#,
        // A sibling in the same repeat is read relatively; a question outside it absolutely.
        r#"<bind nodeset="/data/hh/members/adult" type="string" readonly="true()" relevant=" ../age  &gt;= 18 and  /data/hh/size  &gt; 1"/>"#,
        r#"<bind nodeset="/data/hh/members/photo" type="binary"/>"#,
        r#"<bind nodeset="/data/weight" type="decimal"/>"#,
        r#"<bind nodeset="/data/meta/instanceID" type="string" readonly="true()" jr:preload="uid"/>"#,
    ] {
        assert!(doc.contains(expected), "{expected}\nnot in\n{doc}");
    }
}

#[test]
fn the_instance_nests_groups_and_writes_a_repeat_twice() {
    let doc = xform(&household(), "");
    assert!(
        doc.contains(r#"<data id="household">"#),
        "no version when none is given"
    );
    assert!(doc.contains(
        r#"<hh><size/><members jr:template=""><name/><age/><photo/><adult/></members><members><name/><age/><photo/><adult/></members><pets/></hh>"#
    ), "{doc}");
    assert!(doc.contains("<meta><instanceID/></meta>"));
}

#[test]
fn the_body_has_groups_repeats_and_choice_lists() {
    let doc = xform(&household(), "3");
    for expected in [
        r#"<group ref="/data/hh" appearance="field-list"><label ref="jr:itext('/data/hh:label')"/>"#,
        r#"<group ref="/data/hh/members"><label ref="jr:itext('/data/hh/members:label')"/><repeat nodeset="/data/hh/members" jr:count=" /data/hh/size ">"#,
        r#"<itemset nodeset="instance('cities')/root/item[state =  /data/state ]"><value ref="name"/><label ref="jr:itext(itextId)"/></itemset>"#,
        r#"<select ref="/data/hh/pets" appearance="minimal">"#,
        r#"<upload ref="/data/hh/members/photo" mediatype="image/*">"#,
        r#"<instance id="cities"><root><item><itextId>cities-0</itextId><name>liege</name><state>wal</state></item>"#,
    ] {
        assert!(doc.contains(expected), "{expected}\nnot in\n{doc}");
    }
}

#[test]
fn translations_name_each_language_and_show_references_as_outputs() {
    let doc = xform(&household(), "3");
    assert!(
        doc.contains(r#"<translation lang="English (en)">"#),
        "{doc}"
    );
    assert!(doc.contains(r#"<translation lang="Français (fr)">"#));
    assert!(doc.contains(
        r#"<text id="/data/hh/members/adult:label"><value>&lt;Adult&gt; &amp; "over 18": <output value=" ../name "/></value></text>"#
    ), "{doc}");
    assert!(!doc.contains("${"), "every reference is rewritten");
}

#[test]
fn a_form_in_one_unnamed_language_has_plain_labels() {
    let mut def = household();
    for q in &mut def.questions {
        q.label = Labels(BTreeMap::from([("default".to_owned(), "Q".to_owned())]));
        for c in match &mut q.kind {
            QuestionKind::SingleChoice { choices } | QuestionKind::MultipleChoice { choices } => {
                choices.iter_mut().collect()
            }
            _ => Vec::new(),
        } {
            c.label = Labels(BTreeMap::from([("default".to_owned(), "C".to_owned())]));
        }
    }
    for g in &mut def.groups {
        g.label = Labels::default();
    }
    let doc = xform(&def, "1");
    assert!(!doc.contains("<itext>"), "{doc}");
    assert!(doc.contains(r#"<input ref="/data/hh/size"><label>Q</label></input>"#));
    assert!(doc.contains("<item><name>liege</name><label>C</label><state>wal</state></item>"));
}

#[test]
fn defaults_are_written_in_the_instance_or_set_when_they_are_expressions() {
    let mut def = household();
    def.questions[3].details.default = Some("3".into());
    def.questions[4].details.default = Some("concat(${state}, '-1')".into());
    def.questions[9].details.default = Some("2.5".into());
    let doc = xform(&def, "1");
    assert!(doc.contains("<size>3</size>"), "{doc}");
    assert!(doc.contains("<weight>2.5</weight>"));
    assert!(doc.contains(
        r#"<setvalue ref="/data/hh/members/name" event="odk-instance-first-load" value="concat( /data/state , '-1')"/>"#
    ));
    assert!(doc.contains(
        r#"<setvalue ref="/data/hh/members/name" event="odk-new-repeat" value="concat( /data/state , '-1')"/></repeat>"#
    ), "{doc}");
    assert!(is_dynamic("today()", "date"));
    assert!(!is_dynamic("2024-01-31", "date"));
    assert!(!is_dynamic("well-known", "string"));
}

#[test]
fn the_manifest_lists_images_and_choice_files() {
    let mut def = household();
    def.questions[1].details.image = Labels(BTreeMap::from([("en".into(), "map.png".into())]));
    def.questions[2].details.choices_file = Some("cities.csv".into());
    assert_eq!(manifest(&def), ["map.png", "cities.csv"]);
    let doc = xform(&def, "1");
    assert!(doc.contains(r#"<instance id="cities" src="jr://file-csv/cities.csv"/>"#));
    assert!(doc.contains(r#"<value form="image">jr://images/map.png</value>"#));
}

#[test]
fn an_instance_reads_back_into_answers() {
    let def = household();
    // What a phone would send for the form: written by hand, as ODK Collect posts it.
    let xml = r#"<?xml version='1.0' ?>
        <data id="household" version="3" xmlns:jr="http://openrosa.org/javarosa">
          <start>2026-05-01T10:00:00.000+02:00</start>
          <state>wal</state><city>liege</city>
          <hh>
            <size>2</size>
            <members><name>Ann &amp; Bo</name><age>41</age><photo>ann.jpg</photo><adult/></members>
            <members><name>Cas</name><age>7</age><photo/><adult/></members>
            <pets>cat dog</pets>
          </hh>
          <weight>72.5</weight>
          <meta><instanceID>uuid:6f1d</instanceID></meta>
        </data>"#;
    let read = parse_instance(&def, xml.as_bytes()).unwrap();
    assert_eq!(read.form_id, "household");
    assert_eq!(read.version.as_deref(), Some("3"));
    assert_eq!(read.instance_id.as_deref(), Some("uuid:6f1d"));
    assert_eq!(read.attachments, ["ann.jpg"]);
    let a = &read.answers.0;
    assert_eq!(
        a["start"],
        AnswerValue::Text("2026-05-01T10:00:00.000+02:00".into())
    );
    assert_eq!(a["city"], AnswerValue::Text("liege".into()));
    assert_eq!(a["hh/size"], AnswerValue::Number(2));
    assert_eq!(
        a["hh/pets"],
        AnswerValue::List(vec!["cat".into(), "dog".into()])
    );
    assert_eq!(a["weight"], AnswerValue::Decimal(Decimal(72.5)));
    let AnswerValue::Rows(rows) = &a["hh/members"] else {
        panic!("the repeat is rows: {a:?}")
    };
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0].0["hh/members/name"],
        AnswerValue::Text("Ann & Bo".into())
    );
    assert_eq!(rows[1].0["hh/members/age"], AnswerValue::Number(7));
    assert!(
        !rows[1].0.contains_key("hh/members/photo"),
        "empty elements are skipped"
    );
    assert_eq!(a.len(), 7);
}

#[test]
fn the_instance_of_our_own_xform_reads_back() {
    // The instance part of the XForm itself (the template and a first, empty row) is an
    // instance of the form.
    let def = household();
    let doc = xform(&def, "3");
    let start = doc.find("<data ").unwrap();
    let end = doc.find("</data>").unwrap() + "</data>".len();
    let instance =
        doc[start..end].replace("<data ", "<data xmlns:jr=\"http://openrosa.org/javarosa\" ");
    let read = parse_instance(&def, instance.as_bytes()).unwrap();
    let AnswerValue::Rows(rows) = &read.answers.0["hh/members"] else {
        panic!("{:?}", read.answers)
    };
    assert_eq!(rows.len(), 1, "the template is not a row");
}

#[test]
fn what_does_not_fit_the_form_is_refused_by_name() {
    let def = household();
    let refused = |xml: &str| parse_instance(&def, xml.as_bytes()).unwrap_err();
    assert_eq!(
        refused(r#"<data id="other"/>"#),
        XFormError::WrongForm {
            expected: "household".into(),
            found: "other".into()
        }
    );
    assert_eq!(
        refused(r#"<data id="household"><hh><shoe_size>4</shoe_size></hh></data>"#),
        XFormError::UnknownElement("hh/shoe_size".into())
    );
    assert_eq!(
        refused(r#"<data id="household"><hh><size>two</size></hh></data>"#),
        XFormError::BadValue {
            element: "hh/size".into(),
            expected: "a whole number",
            value: "two".into()
        }
    );
    assert!(matches!(
        refused(r#"<data id="household"><state>wal</data>"#),
        XFormError::NotWellFormed(_)
    ));
    assert!(matches!(refused(""), XFormError::Empty));
    assert_eq!(
        refused(r#"<data id="household"><meta><secret/></meta></data>"#),
        XFormError::UnknownElement("meta/secret".into())
    );
}

#[test]
fn doctypes_entities_and_floods_are_refused() {
    let def = household();
    let xxe = r#"<?xml version="1.0"?><!DOCTYPE data [<!ENTITY x SYSTEM "file:///etc/passwd">]><data id="household"><state>&x;</state></data>"#;
    assert_eq!(
        parse_instance(&def, xxe.as_bytes()),
        Err(XFormError::Doctype)
    );
    let entity = r#"<data id="household"><state>&x;</state></data>"#;
    assert_eq!(
        parse_instance(&def, entity.as_bytes()),
        Err(XFormError::Entity("x".into()))
    );
    let flood = format!(
        r#"<data id="household">{}</data>"#,
        "<weight/>".repeat(MAX_ELEMENTS)
    );
    assert_eq!(
        parse_instance(&def, flood.as_bytes()),
        Err(XFormError::TooManyElements(MAX_ELEMENTS))
    );
    let deep = format!("{}{}", "<a>".repeat(100), "</a>".repeat(100));
    assert_eq!(
        parse_instance(&def, deep.as_bytes()),
        Err(XFormError::TooDeep(64))
    );
}
