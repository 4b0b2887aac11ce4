//! The phone and the server give the same verdict: for generated forms (groups, a repeat,
//! `relevant`, `constraint`, `calculation`, `choice_filter` and `repeat_count` expressions drawn
//! from a small grammar over earlier questions) and generated answers, the native
//! `SurveyDefinition::evaluate` and the same function through the C ABI's JSON round trip give
//! identical `FormState`s.
//!
//! With `ENQUETE_FORMLOGIC_CASES=<file>`, `writes_cases_for_the_wasm_check` writes requests and
//! the native results to that file, for `tests/formlogic/wasm.test.mjs` to run through the
//! built `.wasm` in Node.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    unsafe_code,
    reason = "a test fails loudly; the ABI is called the way the page calls it"
)]

use enquete_domain::survey::{
    AnswerValue, Answers, Choice, Decimal, Details, FormClock, FormState, Group, Labels, Question,
    QuestionKind, SurveyDefinition,
};
use enquete_formlogic::abi;
use proptest::prelude::*;
use std::collections::BTreeMap;

const GROUP: &str = "g";
const REPEAT: &str = "g/r";

/// A question as the generator knows it: where it is and what it holds.
#[derive(Clone)]
struct Made {
    name: String,
    numeric: bool,
    choice: bool,
    in_repeat: bool,
}

fn labels(text: &str) -> Labels {
    let mut m = BTreeMap::new();
    m.insert("en".to_owned(), text.to_owned());
    m.insert("fr".to_owned(), format!("{text} (fr)"));
    Labels(m)
}

fn choices(kinds: bool) -> Vec<Choice> {
    ["a", "b", "c", "d"]
        .iter()
        .enumerate()
        .map(|(i, n)| Choice {
            name: (*n).to_owned(),
            label: labels(&n.to_uppercase()),
            columns: if kinds {
                BTreeMap::from([("kind".to_owned(), ["a", "b"][i % 2].to_owned())])
            } else {
                BTreeMap::new()
            },
        })
        .collect()
}

/// An expression over the questions made so far (those a question in this place may read).
fn expr(rng: &mut fastrand::Rng, seen: &[Made], in_repeat: bool, depth: u8) -> String {
    let readable: Vec<&Made> = seen.iter().filter(|m| in_repeat || !m.in_repeat).collect();
    let atom = |rng: &mut fastrand::Rng| -> String {
        match (rng.u8(0..6), readable.is_empty()) {
            (0..=2, false) => format!("${{{}}}", readable[rng.usize(0..readable.len())].name),
            (3, _) => rng.i64(-3..40).to_string(),
            (4, _) => ["'a'", "'b'", "''", "'x y'"][rng.usize(0..4)].to_owned(),
            _ => {
                [".", "today()", "position(..)", "count(${r})", "now()"][rng.usize(0..5)].to_owned()
            }
        }
    };
    if depth == 0 {
        return atom(rng);
    }
    let sub = |rng: &mut fastrand::Rng| expr(rng, seen, in_repeat, depth - 1);
    match rng.u8(0..14) {
        0 => format!("{} + {}", sub(rng), sub(rng)),
        1 => format!("{} * {}", sub(rng), sub(rng)),
        2 => format!("{} = {}", sub(rng), sub(rng)),
        3 => format!("{} != {}", sub(rng), sub(rng)),
        4 => format!("{} > {}", sub(rng), sub(rng)),
        5 => format!("({}) and ({})", sub(rng), sub(rng)),
        6 => format!("({}) or ({})", sub(rng), sub(rng)),
        7 => format!("not({})", sub(rng)),
        8 => format!("if({}, {}, {})", sub(rng), sub(rng), sub(rng)),
        9 => format!("concat({}, '-', {})", sub(rng), sub(rng)),
        10 => format!("string-length({})", sub(rng)),
        11 => match readable.iter().find(|m| m.choice) {
            Some(c) => format!("selected(${{{}}}, 'a')", c.name),
            None => atom(rng),
        },
        12 => match readable.iter().find(|m| m.numeric && m.in_repeat) {
            Some(n) if !in_repeat => format!("sum(${{{}}})", n.name),
            _ => format!("round({}, 1)", sub(rng)),
        },
        _ => atom(rng),
    }
}

fn question(rng: &mut fastrand::Rng, i: usize, seen: &[Made], in_repeat: bool) -> Question {
    let name = format!("q{i}");
    let kind = match rng.u8(0..9) {
        0 => QuestionKind::Number {
            min: None,
            max: None,
        },
        1 => QuestionKind::Text { max_length: 50 },
        2 => QuestionKind::SingleChoice {
            choices: choices(true),
        },
        3 => QuestionKind::MultipleChoice {
            choices: choices(false),
        },
        4 => QuestionKind::Decimal,
        5 => QuestionKind::Date,
        6 => QuestionKind::Calculate {
            calculation: expr(rng, seen, in_repeat, 2),
        },
        7 => QuestionKind::Note,
        _ => QuestionKind::Number {
            min: Some(0),
            max: Some(120),
        },
    };
    let mut details = Details {
        group: match (in_repeat, rng.bool()) {
            (true, _) => Some(REPEAT.to_owned()),
            (false, true) => Some(GROUP.to_owned()),
            (false, false) => None,
        },
        ..Details::default()
    };
    if rng.u8(0..3) == 0 {
        details.constraint = Some(expr(rng, seen, in_repeat, 2));
        details.constraint_message = labels("no");
    }
    if rng.u8(0..5) == 0 {
        details.required_if = Some(expr(rng, seen, in_repeat, 1));
    }
    if matches!(kind, QuestionKind::SingleChoice { .. }) && rng.bool() {
        details.choice_filter = Some(match seen.iter().find(|m| m.choice) {
            Some(m) if rng.bool() => format!("kind = ${{{}}}", m.name),
            _ => "name != 'b'".to_owned(),
        });
    }
    if matches!(kind, QuestionKind::Number { .. }) && rng.u8(0..6) == 0 {
        details.calculation = Some(expr(rng, seen, in_repeat, 1));
    }
    Question {
        name,
        label: labels(&format!("Question {i}")),
        hint: Labels::default(),
        required: rng.u8(0..4) == 0,
        demographic: false,
        relevant: (rng.u8(0..3) == 0).then(|| expr(rng, seen, in_repeat, 2)),
        kind,
        details,
    }
}

/// A form: top-level questions, some in group `g`, then the repeat `g/r`, then more after it.
fn form(rng: &mut fastrand::Rng) -> SurveyDefinition {
    let mut questions: Vec<Question> = Vec::new();
    let mut seen: Vec<Made> = Vec::new();
    let before = rng.usize(1..6);
    let inside = rng.usize(1..5);
    let after = rng.usize(0..3);
    let mut push = |q: Question, in_repeat: bool, seen: &mut Vec<Made>| {
        seen.push(Made {
            name: q.name.clone(),
            numeric: matches!(q.kind, QuestionKind::Number { .. } | QuestionKind::Decimal),
            choice: !q.kind.choices().is_empty(),
            in_repeat,
        });
        questions.push(q);
    };
    for i in 0..before {
        let q = question(rng, i, &seen, false);
        push(q, false, &mut seen);
    }
    let at = before;
    for i in before..before + inside {
        let q = question(rng, i, &seen, true);
        push(q, true, &mut seen);
    }
    for i in before + inside..before + inside + after {
        let mut q = question(rng, i, &seen, false);
        q.details.group = None;
        push(q, false, &mut seen);
    }
    let top_numeric = seen
        .iter()
        .find(|m| m.numeric && !m.in_repeat)
        .map(|m| format!("${{{}}}", m.name));
    SurveyDefinition {
        form_id: "generated".to_owned(),
        title: labels("Generated"),
        groups: vec![
            Group {
                name: GROUP.to_owned(),
                parent: None,
                label: labels("Group"),
                relevant: (rng.u8(0..3) == 0).then(|| expr(rng, &seen[..before], false, 1)),
                appearance: Some("field-list".to_owned()),
                repeat: false,
                repeat_count: None,
                at: 0,
            },
            Group {
                name: "r".to_owned(),
                parent: Some(GROUP.to_owned()),
                label: labels("Rows"),
                relevant: (rng.u8(0..4) == 0).then(|| expr(rng, &seen[..before], false, 1)),
                appearance: None,
                repeat: true,
                repeat_count: top_numeric.filter(|_| rng.bool()),
                at,
            },
        ],
        questions,
        languages: BTreeMap::new(),
        version: None,
        settings: BTreeMap::new(),
    }
}

/// An answer for `q`: usually of its kind, sometimes of another (the logic must not care).
fn answer(rng: &mut fastrand::Rng, q: &Question) -> Option<AnswerValue> {
    if rng.u8(0..4) == 0 {
        return None;
    }
    let wrong = rng.u8(0..12) == 0;
    Some(match (&q.kind, wrong) {
        (QuestionKind::Number { .. }, false) => AnswerValue::Number(rng.i64(-5..200)),
        (QuestionKind::Decimal, false) => {
            AnswerValue::Decimal(Decimal(rng.i64(-500..500) as f64 / 8.0))
        }
        (QuestionKind::SingleChoice { .. }, false) => {
            AnswerValue::Text(["a", "b", "c", "d"][rng.usize(0..4)].to_owned())
        }
        (QuestionKind::MultipleChoice { .. }, false) => AnswerValue::List(
            ["a", "b", "c"]
                .iter()
                .filter(|_| rng.bool())
                .map(|s| (*s).to_owned())
                .collect(),
        ),
        (QuestionKind::Date, false) => {
            AnswerValue::Text(format!("2024-0{}-1{}", rng.u8(1..10), rng.u8(0..10)))
        }
        _ => AnswerValue::Text(["", "a", "12", "x y", "é"][rng.usize(0..5)].to_owned()),
    })
}

fn answers(rng: &mut fastrand::Rng, def: &SurveyDefinition) -> Answers {
    let mut top = Answers::default();
    let mut rows = vec![Answers::default(); rng.usize(0..4)];
    for q in &def.questions {
        if q.details.group.as_deref() == Some(REPEAT) {
            for row in &mut rows {
                if let Some(a) = answer(rng, q) {
                    row.0.insert(q.key(), a);
                }
            }
        } else if let Some(a) = answer(rng, q) {
            top.0.insert(q.key(), a);
        }
    }
    if !rows.is_empty() || rng.bool() {
        top.0.insert(REPEAT.to_owned(), AnswerValue::Rows(rows));
    }
    top
}

fn request(
    seed: u64,
) -> (
    serde_json::Value,
    SurveyDefinition,
    Answers,
    FormClock,
    String,
) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let def = form(&mut rng);
    let answers = answers(&mut rng, &def);
    let clock = FormClock {
        today: 19_000 + rng.i64(0..2000),
        now_ms: 1_700_000_000_000 + rng.i64(0..1_000_000_000),
    };
    let language = ["en", "fr", ""][rng.usize(0..3)].to_owned();
    // What the server reads is the JSON the phone sends: an empty repeat (`[]`) reads back as
    // an empty list, which the logic treats as no rows, as it does an empty `Rows`.
    let answers: Answers = serde_json::from_value(serde_json::to_value(&answers).unwrap()).unwrap();
    let json = serde_json::json!({
        "definition": def,
        "answers": answers,
        "today": clock.today,
        "now_ms": clock.now_ms,
        "language": language,
    });
    (json, def, answers, clock, language)
}

/// The request through `alloc`, `evaluate` and `dealloc`, as the page calls them (without the
/// packing of the result's pointer into 32 bits, which only a wasm32 pointer fits: the Node
/// check runs that part).
fn through_abi(request: &[u8]) -> Vec<u8> {
    let ptr = abi::alloc(request.len());
    unsafe { std::ptr::copy_nonoverlapping(request.as_ptr(), ptr, request.len()) };
    let (out, out_len) = unsafe { abi::evaluate_raw(ptr, request.len()) };
    unsafe { abi::dealloc(ptr, request.len()) };
    let bytes = unsafe { std::slice::from_raw_parts(out, out_len) }.to_vec();
    unsafe { abi::dealloc(out, out_len) };
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_abi_gives_the_native_state(seed in any::<u64>()) {
        let (json, def, answers, clock, language) = request(seed);
        let native = def.evaluate(&answers, clock, &language);
        let bytes = through_abi(&serde_json::to_vec(&json).unwrap());
        let parsed: FormState = serde_json::from_slice(&bytes)
            .map_err(|e| TestCaseError::fail(format!("{e}: {}", String::from_utf8_lossy(&bytes))))?;
        prop_assert_eq!(&parsed, &native, "seed {}", seed);
        // And the JSON is exactly what the server would write for that state.
        prop_assert_eq!(bytes, serde_json::to_vec(&native).unwrap());
    }
}

#[test]
fn the_generated_forms_exercise_the_logic() {
    // Not all trivially true: across seeds, some questions are left out, some answers break a
    // constraint, some choices are filtered and some calculations give a value.
    let (mut hidden, mut invalid, mut filtered, mut valued, mut rows) = (0, 0, 0, 0, 0);
    for seed in 0..300 {
        let (_, def, answers, clock, language) = request(seed);
        let state = def.evaluate(&answers, clock, &language);
        for (path, n) in &state.nodes {
            hidden += usize::from(!n.relevant);
            invalid += usize::from(n.invalid);
            filtered += usize::from(n.choices.is_some());
            valued += usize::from(n.value.as_deref().is_some_and(|v| !v.is_empty()));
            rows += usize::from(path.contains("r["));
        }
    }
    for (what, n) in [
        ("hidden", hidden),
        ("invalid", invalid),
        ("filtered", filtered),
        ("valued", valued),
        ("in rows", rows),
    ] {
        assert!(n > 20, "only {n} nodes {what}");
    }
}

#[test]
fn a_request_that_cannot_be_read_says_why() {
    let out = through_abi(b"{\"definition\": 3}");
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(
        v["error"].as_str().unwrap().contains("SurveyDefinition"),
        "{v}"
    );
    let out = through_abi(b"");
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v["error"].is_string());
}

#[test]
fn writes_cases_for_the_wasm_check() {
    let Ok(path) = std::env::var("ENQUETE_FORMLOGIC_CASES") else {
        return;
    };
    let cases: Vec<serde_json::Value> = (0..200u64)
        .map(|seed| {
            let (json, def, answers, clock, language) = request(seed.wrapping_mul(0x9E37_79B9));
            let expected = def.evaluate(&answers, clock, &language);
            serde_json::json!({ "request": json, "expected": expected })
        })
        .collect();
    std::fs::write(path, serde_json::to_vec(&cases).unwrap()).unwrap();
}
