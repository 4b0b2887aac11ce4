//! The survey model's tests: definitions, answers, skip logic, and the logic of field forms
//! (groups, repeats, calculations, constraints, choice filters).

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "a test fails loudly at the first thing that is not as expected"
)]

use super::*;
use crate::Problem;
use crate::people::Language;

const CLOCK: FormClock = FormClock {
    today: 20_000,
    now_ms: 1_728_000_000_000,
};

fn choices(names: &[&str]) -> Vec<Choice> {
    names
        .iter()
        .map(|n| Choice {
            name: (*n).into(),
            label: Labels::one(Language::En, n),
            columns: Default::default(),
        })
        .collect()
}

fn q(name: &str, kind: QuestionKind) -> Question {
    Question {
        name: name.into(),
        label: Labels::one(Language::En, name),
        hint: Labels::default(),
        required: false,
        demographic: false,
        relevant: None,
        kind,
        details: Details::default(),
    }
}

fn survey() -> SurveyDefinition {
    let mut age = q(
        "age",
        QuestionKind::Number {
            min: Some(0),
            max: Some(120),
        },
    );
    age.required = true;
    let mut work = q(
        "work",
        QuestionKind::SingleChoice {
            choices: choices(&["yes", "no"]),
        },
    );
    work.relevant = Some("${age} >= 16".into());
    let mut sector = q("sector", QuestionKind::Text { max_length: 100 });
    sector.relevant = Some("${work} = 'yes'".into());
    sector.required = true;
    let top = q(
        "top3",
        QuestionKind::Ranking {
            choices: choices(&["wages", "housing", "health", "prices"]),
            max: 3,
        },
    );
    let mut why = q("why", QuestionKind::Text { max_length: 500 });
    why.relevant = Some("selected(${top3}, 'housing') or count-selected(${top3}) >= 3".into());
    let trust = q("trust", QuestionKind::Scale { min: 0, max: 10 });
    SurveyDefinition {
        form_id: "enquete_2026".into(),
        title: Labels::one(Language::En, "Enquête"),
        questions: vec![age, work, sector, top, why, trust],
        groups: Vec::new(),
        languages: Default::default(),
        version: None,
        settings: Default::default(),
    }
}

fn answers(pairs: &[(&str, AnswerValue)]) -> Answers {
    Answers(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

#[test]
fn a_good_definition_validates() {
    survey().validate().unwrap();
}

#[test]
fn definitions_name_what_is_wrong() {
    let mut s = survey();
    s.questions[1].name = "age".into();
    assert_eq!(s.validate().unwrap_err().field, "name");
    let mut s = survey();
    s.questions[1].relevant = Some("${sectr} = 'x'".into());
    let e = s.validate().unwrap_err();
    assert_eq!(e.field, "relevant");
    assert_eq!(e.key(), "error-logic-unknown-question", "{}", e.problem);
    let mut s = survey();
    s.questions[3].kind = QuestionKind::Ranking {
        choices: choices(&["a", "b"]),
        max: 3,
    };
    assert_eq!(s.validate().unwrap_err().field, "max");
    let mut s = survey();
    s.questions[0].label = Labels::default();
    assert_eq!(s.validate().unwrap_err().field, "label");
    let mut s = survey();
    s.questions[1].relevant = Some("${age} >>= 3".into());
    assert_eq!(s.validate().unwrap_err().field, "relevant");
    let mut s = survey();
    s.questions[5].kind = QuestionKind::Scale {
        min: -2,
        max: i64::MAX,
    };
    assert_eq!(
        s.validate().unwrap_err().field,
        "range",
        "no overflow past the step check"
    );
    let mut s = survey();
    s.questions[0].name = "age band".into();
    assert_eq!(s.validate().unwrap_err().field, "name");
}

#[test]
fn answers_follow_the_skip_logic() {
    let s = survey();
    use AnswerValue::*;
    let ok = answers(&[
        ("age", Number(40)),
        ("work", Text("yes".into())),
        ("sector", Text("care".into())),
        ("top3", List(vec!["housing".into()])),
        ("why", Text("rent".into())),
        ("trust", Number(3)),
    ]);
    s.validate_answers(&ok, CLOCK).unwrap();
    let young = answers(&[("age", Number(12))]);
    s.validate_answers(&young, CLOCK).unwrap();
    let e = s
        .validate_answers(
            &answers(&[("age", Number(12)), ("work", Text("no".into()))]),
            CLOCK,
        )
        .unwrap_err();
    assert_eq!(e.key(), "error-answer-not-asked", "{}", e.problem);
    assert_eq!(e.problem.get("question"), Some("work"));
    let e = s
        .validate_answers(
            &answers(&[("age", Number(40)), ("work", Text("yes".into()))]),
            CLOCK,
        )
        .unwrap_err();
    assert_eq!(
        e.problem,
        Problem::new("error-answer-required").arg("question", "sector")
    );
    let e = s.validate_answers(&answers(&[]), CLOCK).unwrap_err();
    assert_eq!(
        e.problem,
        Problem::new("error-answer-required").arg("question", "age")
    );
}

#[test]
fn unasked_answers_are_dropped_in_order() {
    let s = survey();
    use AnswerValue::*;
    let mut a = answers(&[
        ("age", Number(12)),
        ("work", Text("yes".into())),
        ("sector", Text("care".into())),
    ]);
    s.drop_unasked(&mut a, CLOCK);
    assert_eq!(
        a,
        answers(&[("age", Number(12))]),
        "work is not asked of a 12-year-old, so neither is sector"
    );
    s.validate_answers(&a, CLOCK).unwrap();
}

#[test]
fn answers_must_fit_their_question() {
    let s = survey();
    use AnswerValue::*;
    let cases = [
        (
            vec![("age", Text("forty".into()))],
            ("age", "error-answer-number"),
        ),
        (vec![("age", Number(200))], ("age", "error-answer-between")),
        (
            vec![("age", Number(30)), ("work", Text("maybe".into()))],
            ("work", "error-answer-unknown-choice"),
        ),
        (
            vec![
                ("age", Number(30)),
                ("top3", List(vec!["wages".into(), "wages".into()])),
            ],
            ("top3", "error-answer-ranked-twice"),
        ),
        (
            vec![
                ("age", Number(30)),
                (
                    "top3",
                    List(vec![
                        "wages".into(),
                        "housing".into(),
                        "health".into(),
                        "prices".into(),
                    ]),
                ),
            ],
            ("top3", "error-answer-rank-at-most"),
        ),
        (
            vec![("age", Number(30)), ("trust", Number(11))],
            ("trust", "error-answer-between"),
        ),
        (
            vec![("age", Number(30)), ("colour", Text("red".into()))],
            ("colour", "error-answer-no-question"),
        ),
    ];
    for (pairs, (question, key)) in cases {
        let e = s.validate_answers(&answers(&pairs), CLOCK).unwrap_err();
        assert_eq!((e.problem.get("question"), e.key()), (Some(question), key));
    }
}

#[test]
fn answers_read_from_json_by_shape() {
    let a: Answers =
        serde_json::from_str(r#"{"age": 40, "work": "yes", "top3": ["wages"]}"#).unwrap();
    assert_eq!(a.0["age"], AnswerValue::Number(40));
    assert_eq!(a.0["top3"], AnswerValue::List(vec!["wages".into()]));
    let decimal: Answers = serde_json::from_str(r#"{"age": 4.5}"#).unwrap();
    let e = survey().validate_answers(&decimal, CLOCK).unwrap_err();
    assert_eq!(e.key(), "error-answer-number", "a whole number is asked");
}

/// A household form as field forms write it: a group, a repeat of members with a count, a
/// calculation over the rows, a constraint, and a cascading choice filter.
fn household() -> SurveyDefinition {
    let mut size = q(
        "size",
        QuestionKind::Number {
            min: Some(1),
            max: None,
        },
    );
    size.required = true;
    let mut member = q("member", QuestionKind::Text { max_length: 100 });
    member.details.group = Some("hh/members".into());
    member.required = true;
    let mut age = q(
        "age",
        QuestionKind::Number {
            min: None,
            max: None,
        },
    );
    age.details.group = Some("hh/members".into());
    age.details.constraint = Some(". >= 0 and . <= 120".into());
    age.details.constraint_message = Labels::one(Language::En, "an age from 0 to 120");
    let mut works = q(
        "works",
        QuestionKind::SingleChoice {
            choices: choices(&["yes", "no"]),
        },
    );
    works.details.group = Some("hh/members".into());
    works.relevant = Some("${age} >= 16 and position(..) <= ${size}".into());
    let average_age = q(
        "adults",
        QuestionKind::Calculate {
            calculation: "sum(${age}) div count(${age})".into(),
        },
    );
    let mut province = q(
        "province",
        QuestionKind::SingleChoice {
            choices: choices(&["antwerp", "liege"]),
        },
    );
    province.details.group = Some("hh".into());
    let mut city = q(
        "city",
        QuestionKind::SingleChoice {
            choices: ["antwerp:mechelen", "antwerp:lier", "liege:huy"]
                .iter()
                .map(|pair| {
                    let (p, c) = pair.split_once(':').unwrap();
                    Choice {
                        name: c.into(),
                        label: Labels::one(Language::En, c),
                        columns: [("province".to_owned(), p.to_owned())].into(),
                    }
                })
                .collect(),
        },
    );
    city.details.group = Some("hh".into());
    city.details.choice_filter = Some("province = ${province}".into());
    SurveyDefinition {
        form_id: "household".into(),
        title: Labels::one(Language::En, "Household"),
        questions: vec![size, province, city, member, age, works, average_age],
        groups: vec![
            Group {
                name: "hh".into(),
                parent: None,
                label: Labels::one(Language::En, "Household"),
                relevant: None,
                appearance: Some("field-list".into()),
                repeat: false,
                repeat_count: None,
                at: 1,
            },
            Group {
                name: "members".into(),
                parent: Some("hh".into()),
                label: Labels::one(Language::En, "Member"),
                relevant: None,
                appearance: None,
                repeat: true,
                repeat_count: Some("${size}".into()),
                at: 3,
            },
        ],
        languages: Default::default(),
        version: None,
        settings: Default::default(),
    }
}

fn member(name: &str, age: i64, works: Option<&str>) -> Answers {
    use AnswerValue::*;
    let mut row = answers(&[
        ("hh/members/member", Text(name.into())),
        ("hh/members/age", Number(age)),
    ]);
    if let Some(w) = works {
        row.0.insert("hh/members/works".into(), Text(w.into()));
    }
    row
}

#[test]
fn the_refused_expression_is_named_with_its_question() {
    let mut s = household();
    s.validate().unwrap();
    s.questions[4].details.constraint = Some(". >= 0 and".into());
    let e = s.validate().unwrap_err();
    assert_eq!((e.field, e.key()), ("constraint", "error-logic-invalid"));
    assert_eq!(e.problem.get("question"), Some("age"));
}

#[test]
fn repeats_groups_calculations_and_filters_work_row_by_row() {
    use AnswerValue::*;
    let s = household();
    let mut a = answers(&[
        ("size", Number(2)),
        ("hh/province", Text("antwerp".into())),
        ("hh/city", Text("lier".into())),
    ]);
    a.0.insert(
        "hh/members".into(),
        Rows(vec![member("An", 44, Some("yes")), member("Bo", 9, None)]),
    );
    s.validate_answers(&a, CLOCK).unwrap();
    let state = s.evaluate(&a, CLOCK, "en");
    assert_eq!(state.nodes["hh/members"].rows, Some(2), "repeat_count");
    assert!(state.nodes["hh/members[1]/works"].relevant);
    assert!(
        !state.nodes["hh/members[2]/works"].relevant,
        "a 9-year-old is not asked"
    );
    assert_eq!(
        state.nodes["adults"].value.as_deref(),
        Some("26.5"),
        "over the rows"
    );
    assert_eq!(
        state.nodes["hh/city"].choices.as_deref(),
        Some(&["mechelen".to_owned(), "lier".to_owned()][..])
    );
    // A city of another province, an age out of bounds, a member's work asked of a child.
    let mut wrong = a.clone();
    wrong.0.insert("hh/city".into(), Text("huy".into()));
    let e = s.validate_answers(&wrong, CLOCK).unwrap_err();
    assert_eq!(
        (e.key(), e.problem.get("question")),
        ("error-answer-unknown-choice", Some("city"))
    );
    let mut wrong = a.clone();
    wrong
        .0
        .insert("hh/members".into(), Rows(vec![member("An", 140, None)]));
    let e = s.validate_answers(&wrong, CLOCK).unwrap_err();
    assert_eq!(e.key(), "error-answer-constraint");
    assert_eq!(e.problem.get("message"), Some("an age from 0 to 120"));
    let mut wrong = a.clone();
    wrong
        .0
        .insert("hh/members".into(), Rows(vec![member("Bo", 9, Some("no"))]));
    let e = s.validate_answers(&wrong, CLOCK).unwrap_err();
    assert_eq!(
        (e.key(), e.problem.get("question")),
        ("error-answer-not-asked", Some("works"))
    );
    // A required answer missing in the second row.
    let mut wrong = a.clone();
    let mut nameless = member("", 30, None);
    nameless.0.remove("hh/members/member");
    wrong.0.insert(
        "hh/members".into(),
        Rows(vec![member("An", 44, None), nameless]),
    );
    let e = s.validate_answers(&wrong, CLOCK).unwrap_err();
    assert_eq!(
        (e.key(), e.problem.get("question")),
        ("error-answer-required", Some("member"))
    );
    // An answer put outside its repeat is not a question there.
    let mut wrong = a;
    wrong.0.insert("hh/members/age".into(), Number(3));
    let e = s.validate_answers(&wrong, CLOCK).unwrap_err();
    assert_eq!(e.key(), "error-answer-no-question");
}

#[test]
fn a_definition_without_the_new_fields_reads_as_before() {
    let json = r#"{"form_id":"f","title":{"en":"F"},"questions":[{"name":"age","label":{"en":"Age"},"type":"number","min":0,"max":120}]}"#;
    let def: SurveyDefinition = serde_json::from_str(json).unwrap();
    def.validate().unwrap();
    assert!(def.groups.is_empty() && def.questions[0].details.is_empty());
    assert_eq!(def.questions[0].key(), "age");
}

#[test]
fn questions_move_and_go_without_leaving_their_groups() {
    let mut s = household();
    // `province` (1) and `city` (2) are in the household group; `size` (0) is not.
    assert!(!s.swap_with_next(0), "size does not move into the group");
    assert!(s.swap_with_next(1));
    assert_eq!(s.questions[1].name, "city");
    assert!(!s.swap_with_next(2), "the members' repeat opens at 3");
    s.remove_question(1);
    assert_eq!((s.groups[0].at, s.groups[1].at), (1, 2));
    s.validate().unwrap();
    assert_eq!(s.questions[s.groups[1].at].name, "member");
}
