//! Expressions from real ODK forms, evaluated against a small test environment.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use crate::{Env, ExprError, Value, date_from_str, datetime_from_str, parse};
use std::collections::BTreeMap;

/// Answers in a map, a current value, a fixed today (2024-03-05) and now, a row position.
pub(crate) struct TestEnv {
    pub refs: BTreeMap<String, Value>,
    pub paths: BTreeMap<String, Value>,
    pub current: Value,
    pub position: f64,
    pub today: i64,
    pub now_ms: i64,
}

impl TestEnv {
    pub fn new() -> Self {
        TestEnv {
            refs: BTreeMap::new(),
            paths: BTreeMap::new(),
            current: Value::Str(String::new()),
            position: 0.0,
            today: date_from_str("2024-03-05").unwrap(),
            now_ms: datetime_from_str("2024-03-05T10:30:00Z").unwrap(),
        }
    }
    fn with(mut self, name: &str, v: Value) -> Self {
        self.refs.insert(name.into(), v);
        self
    }
    fn cur(mut self, v: Value) -> Self {
        self.current = v;
        self
    }
}

impl Env for TestEnv {
    fn reference(&self, name: &str) -> Value {
        self.refs
            .get(name)
            .cloned()
            .unwrap_or(Value::Str(String::new()))
    }
    fn current(&self) -> Value {
        self.current.clone()
    }
    fn path(&self, absolute: bool, steps: &[String]) -> Value {
        let key = format!("{}{}", if absolute { "/" } else { "" }, steps.join("/"));
        self.paths
            .get(&key)
            .cloned()
            .unwrap_or(Value::Str(String::new()))
    }
    fn position(&self) -> f64 {
        self.position
    }
    fn today(&self) -> i64 {
        self.today
    }
    fn now_ms(&self) -> i64 {
        self.now_ms
    }
    fn choice_label(&self, question: &str, choice: &str) -> Option<String> {
        match (question, choice) {
            ("gender", "f") => Some("Female".into()),
            ("gender", "m") => Some("Male".into()),
            _ => None,
        }
    }
}

fn s(x: &str) -> Value {
    Value::Str(x.into())
}
fn n(x: f64) -> Value {
    Value::Num(x)
}
fn nodes(xs: &[Value]) -> Value {
    Value::Nodes(xs.to_vec())
}

fn ev(src: &str, env: &TestEnv) -> Value {
    parse(src)
        .unwrap_or_else(|e| panic!("{src}: {e}"))
        .eval(env)
}
fn yes(src: &str, env: &TestEnv) {
    assert_eq!(ev(src, env), Value::Bool(true), "{src}");
}
fn no(src: &str, env: &TestEnv) {
    assert_eq!(ev(src, env), Value::Bool(false), "{src}");
}
fn val(src: &str) -> Value {
    ev(src, &TestEnv::new())
}
fn text(src: &str) -> String {
    val(src).to_str()
}
fn num(src: &str) -> f64 {
    val(src).to_num()
}
fn error(src: &str) -> ExprError {
    parse(src).err().unwrap_or_else(|| panic!("{src} parsed"))
}

#[test]
fn constraint_on_the_current_answer() {
    let e = parse(". >= 0 and . <= 120").unwrap();
    assert!(e.uses_current());
    assert!(e.references().is_empty());
    assert_eq!(e.source(), ". >= 0 and . <= 120");
    for (v, ok) in [
        ("0", true),
        ("120", true),
        ("121", false),
        ("-1", false),
        ("", false),
    ] {
        assert_eq!(e.eval(&TestEnv::new().cur(s(v))), Value::Bool(ok), "{v}");
    }
    let e = parse("string-length(.) <= 140").unwrap();
    assert!(e.uses_current());
    yes(
        "string-length(.) <= 140",
        &TestEnv::new().cur(s(&"x".repeat(140))),
    );
    no(
        "string-length(.) <= 140",
        &TestEnv::new().cur(s(&"é".repeat(141))),
    );
    assert!(parse("string-length() > 2").unwrap().uses_current());
    assert!(!parse("${a} > 2").unwrap().uses_current());
    assert!(parse("current()/../x").unwrap().references().is_empty());
}

#[test]
fn relevance_with_selected() {
    let src = "${age} >= 18 and selected(${q}, 'other')";
    let e = parse(src).unwrap();
    assert_eq!(e.references(), ["age", "q"]);
    yes(
        src,
        &TestEnv::new()
            .with("age", n(18.0))
            .with("q", s("a other  b")),
    );
    no(
        src,
        &TestEnv::new().with("age", n(17.0)).with("q", s("other")),
    );
    no(
        src,
        &TestEnv::new().with("age", s("30")).with("q", s("others")),
    );
    let src = "not(selected(${x}, 'a')) or ${y} != 'b'";
    yes(src, &TestEnv::new().with("x", s("b")).with("y", s("b")));
    yes(src, &TestEnv::new().with("x", s("a")).with("y", s("c")));
    no(src, &TestEnv::new().with("x", s("a c")).with("y", s("b")));
    assert_eq!(
        parse("${a} + ${b} * ${a}").unwrap().references(),
        ["a", "b"]
    );
}

#[test]
fn regex_constraints() {
    let src = "regex(., '^[0-9]{10}$')";
    yes(src, &TestEnv::new().cur(s("0123456789")));
    no(src, &TestEnv::new().cur(s("012345678")));
    no(src, &TestEnv::new().cur(n(12.0)));
    // Unanchored, as JavaRosa's find().
    yes("regex('abc', 'b')", &TestEnv::new());
    // A pattern from an answer is compiled at evaluation; a bad one is false.
    yes(
        "regex(${p}, ${r})",
        &TestEnv::new().with("p", s("ab")).with("r", s("a.")),
    );
    no(
        "regex(${p}, ${r})",
        &TestEnv::new().with("p", s("ab")).with("r", s("a(")),
    );
    let e = error("regex(., '[a-')");
    assert!(
        e.message.starts_with("regex() has an invalid pattern"),
        "{}",
        e.message
    );
    assert_eq!(e.at, 0);
}

#[test]
fn calculations() {
    let src = "if(${a} = '', 0, ${a} * 2)";
    assert_eq!(ev(src, &TestEnv::new()), n(0.0));
    assert_eq!(ev(src, &TestEnv::new().with("a", s("21"))), n(42.0));
    assert_eq!(ev(src, &TestEnv::new().with("a", n(1.5))), n(3.0));
    assert_eq!(num("1 + 2 * 3 - 4 div 2"), 5.0);
    assert_eq!(num("(1 + 2) * 3"), 9.0);
    assert_eq!(num("7 mod 3"), 1.0);
    assert_eq!(num("-7 mod 3"), -1.0);
    assert_eq!(num("- - 2"), 2.0);
    assert_eq!(num("10 - 2 - 3"), 5.0);
    assert_eq!(num("2 * -3"), -6.0);
    assert_eq!(num("1 div 0"), f64::INFINITY);
    assert_eq!(num("-1 div 0"), f64::NEG_INFINITY);
    assert!(num("0 div 0").is_nan());
    assert!(num("1 mod 0").is_nan());
    assert!(num("'a' + 1").is_nan());
    assert_eq!(text("1 div 0"), "Infinity");
    assert_eq!(text("0.1 * 3"), "0.30000000000000004");
    assert_eq!(text("4 div 2"), "2");
    assert_eq!(text(".5 + 1"), "1.5");
    assert_eq!(num("'12' * 2"), 24.0);
    assert_eq!(num("true() + true()"), 2.0);
    let e = TestEnv::new().with("a", n(2.0)).with("b", s(""));
    assert!(ev("${a} + ${b}", &e).to_num().is_nan());
    assert_eq!(ev("coalesce(${b}, ${a}) + 1", &e), n(3.0));
    assert_eq!(ev("coalesce(${a}, 9)", &e), n(2.0));
}

#[test]
fn comparisons() {
    yes("1 = 1.0", &TestEnv::new());
    yes("'1' = 1", &TestEnv::new());
    no("'' = 0", &TestEnv::new());
    yes("'a' != 'b'", &TestEnv::new());
    yes("'abc' = \"abc\"", &TestEnv::new());
    yes("true() = 'x'", &TestEnv::new());
    yes("false() = ''", &TestEnv::new());
    yes("1 < 2 and 2 <= 2 and 3 > 2 and 3 >= 3", &TestEnv::new());
    no("'a' < 'b'", &TestEnv::new());
    yes("1 < 2 < 3", &TestEnv::new());
    yes("3 > 2 > 1 = false()", &TestEnv::new());
    yes("1 = 1 = true()", &TestEnv::new());
}

#[test]
fn repeats_seen_from_outside() {
    let env = TestEnv::new()
        .with("member_name", nodes(&[s("Ana"), s("Bo"), s("")]))
        .with("member_age", nodes(&[n(30.0), n(10.0), s("")]))
        .with("none", nodes(&[]));
    assert_eq!(ev("count(${member_name})", &env), n(3.0));
    assert_eq!(ev("count-non-empty(${member_name})", &env), n(2.0));
    assert_eq!(
        ev("sum(${member_age}) div count(${member_age})", &env),
        n(40.0 / 3.0)
    );
    assert_eq!(ev("sum(${member_age})", &env), n(40.0));
    assert_eq!(ev("max(${member_age})", &env), n(30.0));
    assert_eq!(ev("min(${member_age}, 12)", &env), n(10.0));
    assert!(ev("max(${none})", &env).to_num().is_nan());
    assert_eq!(ev("sum(${none})", &env), n(0.0));
    assert_eq!(ev("count(${none})", &env), n(0.0));
    assert_eq!(ev("count(${single})", &env), n(1.0));
    assert_eq!(ev("join(', ', ${member_name})", &env), s("Ana, Bo, "));
    assert_eq!(ev("concat('[', ${member_name}, ']')", &env), s("[AnaBo]"));
    assert_eq!(
        ev("indexed-repeat(${member_name}, ${members}, 2)", &env),
        s("Bo")
    );
    assert_eq!(
        ev("indexed-repeat(${member_name}, ${members}, 9)", &env),
        s("")
    );
    assert_eq!(
        ev(
            "indexed-repeat(${x}, ${members}, 1)",
            &TestEnv::new().with("x", s("7"))
        ),
        s("7")
    );
    yes("${member_age} > 20", &env);
    no("${member_age} > 30", &env);
    yes("${member_name} = 'Bo'", &env);
    yes("${member_name} != 'Bo'", &env);
    no("${none} = ''", &env);
    no("${none} != ''", &env);
    yes("${member_name} = ${member_name}", &env);
    yes("${member_name} and not(${none})", &env);
    yes("${none} = false()", &env);
    yes("${member_age} = 10", &env);
    assert_eq!(ev("${member_name}", &env).to_str(), "Ana");
    assert_eq!(ev("string(${member_age}) + 1", &env), n(31.0));
}

#[test]
fn dates() {
    let env = TestEnv::new().with("dob", Value::Date(date_from_str("2000-01-01").unwrap()));
    yes("today() - ${dob} > 365 * 18", &env);
    no("today() - ${dob} > 365 * 25", &env);
    assert_eq!(ev("format-date(today(), '%Y')", &env), s("2024"));
    assert_eq!(
        ev("format-date(${dob}, '%e %b %Y, %a')", &env),
        s("1 Jan 2000, Sat")
    );
    assert_eq!(
        ev("format-date-time(now(), '%Y-%m-%d %H:%M:%S')", &env),
        s("2024-03-05 10:30:00")
    );
    assert_eq!(
        ev("format-date('2024-12-25', '%d/%m/%y %n')", &env),
        s("25/12/24 12")
    );
    assert_eq!(ev("format-date('nope', '%Y')", &env), s(""));
    let d = TestEnv::new().with("d", Value::Date(date_from_str("2023-12-31").unwrap()));
    yes("${d} < '2024-01-01'", &d);
    no("${d} > '2024-01-01'", &d);
    yes("${d} = '2023-12-31'", &d);
    yes("${d} != '2024-01-01'", &d);
    yes("${d} < today()", &d);
    yes("${d} >= date('2023-12-31')", &d);
    yes("'2023-12-31' < '2024-01-01'", &TestEnv::new());
    assert_eq!(text("date('2024-02-29')"), "2024-02-29");
    assert_eq!(text("date(0)"), "1970-01-01");
    assert_eq!(text("date('2024-02-30')"), "");
    assert_eq!(text("date(today() + 1)"), "2024-03-06");
    assert_eq!(num("today() + 1") - num("today()"), 1.0);
    assert_eq!(
        text("date-time('2024-03-05T12:00:00+02:00')"),
        "2024-03-05T10:00:00.000Z"
    );
    assert_eq!(text("now()"), "2024-03-05T10:30:00.000Z");
    assert_eq!(text("today()"), "2024-03-05");
    assert_eq!(text("date(now())"), "2024-03-05");
    assert_eq!(num("decimal-date-time('1970-01-02T12:00:00Z')"), 1.5);
    assert_eq!(num("decimal-time('18:00:00Z')"), 0.75);
    assert_eq!(num("decimal-time(now())"), 0.4375);
    assert!(num("decimal-time('x')").is_nan());
    yes("now() > today()", &TestEnv::new());
    yes("date-time(today()) = today()", &TestEnv::new());
    yes("once(today()) = today()", &TestEnv::new());
}

#[test]
fn labels_and_paths() {
    let env = TestEnv::new().with("gender", s("f"));
    let e = parse("jr:choice-name(${gender}, '${gender}')").unwrap();
    assert_eq!(e.references(), ["gender"]);
    assert_eq!(e.eval(&env), s("Female"));
    assert_eq!(ev("jr:choice-name('m', '/data/gender')", &env), s("Male"));
    assert_eq!(ev("jr:choice-name('x', '${gender}')", &env), s(""));
    assert_eq!(
        parse("jr:choice-name(${a}, '${b}')").unwrap().references(),
        ["a", "b"]
    );

    let mut env = TestEnv::new().with("state", s("ny"));
    env.paths.insert("state".into(), s("ny"));
    env.paths.insert("/data/hh/size".into(), n(4.0));
    env.paths.insert("../x".into(), s("up"));
    yes("state = ${state}", &env);
    yes("/data/hh/size > 3", &env);
    yes("../x = 'up'", &env);
    yes("current()/../x = 'up'", &env);
    no("other = ${state}", &env);
    env.position = 1.0;
    yes("position(..) = 1", &env);
    no("position(..) = 2", &env);
    yes("position() = 1", &env);
}

#[test]
fn functions() {
    let checks: &[(&str, Value)] = &[
        ("not(1)", Value::Bool(false)),
        ("true()", Value::Bool(true)),
        ("false()", Value::Bool(false)),
        ("boolean('')", Value::Bool(false)),
        ("boolean('0')", Value::Bool(true)),
        ("boolean(0)", Value::Bool(false)),
        ("boolean-from-string('1')", Value::Bool(true)),
        ("boolean-from-string('yes')", Value::Bool(false)),
        ("number('  3.25 ')", n(3.25)),
        ("string(12)", s("12")),
        ("string(true())", s("true")),
        ("int(3.9)", n(3.0)),
        ("int(-3.9)", n(-3.0)),
        ("round(2.5)", n(3.0)),
        ("round(-2.5)", n(-2.0)),
        ("round(12.34567, 3)", n(12.346)),
        ("round(1.005, 2)", n(1.01)),
        ("floor(-1.5)", n(-2.0)),
        ("ceiling(1.2)", n(2.0)),
        ("abs(-4)", n(4.0)),
        ("pow(2, 10)", n(1024.0)),
        ("sqrt(16)", n(4.0)),
        ("exp(0)", n(1.0)),
        ("exp10(2)", n(100.0)),
        ("log(1)", n(0.0)),
        ("log10(1000)", n(3.0)),
        (
            "sin(0) + cos(0) + tan(0) + asin(0) + acos(1) + atan(0) + atan2(0, 1)",
            n(1.0),
        ),
        ("max(1, '7', 3)", n(7.0)),
        ("min(4, 2, 8)", n(2.0)),
        ("selected-at('a b c', 1)", s("b")),
        ("selected-at('a b c', 3)", s("")),
        ("selected-at('a b c', -1)", s("")),
        ("count-selected('a  b c ')", n(3.0)),
        ("count-selected('')", n(0.0)),
        ("selected(' a b ', ' b ')", Value::Bool(true)),
        ("string-length('héllo')", n(5.0)),
        ("substr('hello', 1, 3)", s("el")),
        ("substr('hello', 2)", s("llo")),
        ("substring('hello', 2, 3)", s("ell")),
        ("substring-before('2024-03-05', '-')", s("2024")),
        ("substring-after('2024-03-05', '-')", s("03-05")),
        ("substring-after('abc', 'z')", s("")),
        ("contains('abc', 'bc')", Value::Bool(true)),
        ("starts-with('abc', 'ab')", Value::Bool(true)),
        ("ends-with('abc', 'ab')", Value::Bool(false)),
        ("concat('a', 1, true())", s("a1true")),
        ("concat()", s("")),
        ("join('-', 'a', 'b')", s("a-b")),
        ("normalize-space('  a   b ')", s("a b")),
        ("translate('abc', 'abc', 'AB')", s("AB")),
        ("if(1 > 2, 'x', 'y')", s("y")),
        ("uuid()", s("")),
        ("pi() > 3.1415 and pi() < 3.1416", Value::Bool(true)),
        ("position(..)", n(0.0)),
    ];
    for (src, want) in checks {
        assert_eq!(&val(src), want, "{src}");
    }
    // `if` evaluates one branch only: the other would call an unknown question's label.
    assert_eq!(val("if(true(), 1, 1 div 0)"), n(1.0));
}

#[test]
fn keywords_as_names() {
    let mut env = TestEnv::new();
    env.paths.insert("and".into(), s("x"));
    env.paths.insert("div".into(), n(6.0));
    yes("and = 'x' and 1", &env);
    assert_eq!(ev("div div 2", &env), n(3.0));
    assert_eq!(ev("div mod 4", &env), n(2.0));
}

#[test]
fn parse_errors_with_positions() {
    let cases: &[(&str, usize, &str)] = &[
        ("${x", 0, "unclosed reference ${x"),
        ("1 + ${ab", 4, "unclosed reference ${ab"),
        ("${a b}", 3, "unexpected character ' ' in reference ${a"),
        ("${}", 0, "empty reference"),
        ("'abc", 0, "unclosed string"),
        ("1 = \"abc", 4, "unclosed string"),
        ("1 +", 3, "ends too early"),
        ("foo(1)", 0, "unknown function foo()"),
        ("1 + foo()", 4, "unknown function foo()"),
        ("round()", 0, "round() takes 1 or 2 arguments"),
        ("not(1, 2)", 0, "not() takes 1 argument"),
        ("today(1)", 0, "today() takes no arguments"),
        ("if(1, 2)", 0, "if() takes 3 arguments"),
        ("max()", 0, "max() takes at least 1 argument"),
        (
            "indexed-repeat(${a}, ${r}, 1, ${r2}, 2)",
            0,
            "nested repeats",
        ),
        ("area(${g})", 0, "area() is not supported"),
        ("random()", 0, "random() is not supported"),
        ("a[1]", 1, "predicates"),
        ("1 | 2", 2, "union"),
        ("(1 + 2", 6, "expected ')'"),
        ("concat('a' 'b')", 11, "expected ',' or ')' in concat()"),
        ("concat('a',", 11, "ends too early"),
        ("1 2", 2, "unexpected the number 2"),
        ("# 1", 0, "unexpected character '#'"),
        ("1 ! 2", 2, "unexpected character '!'"),
        ("$x", 0, "'$' must start a reference"),
        ("a/", 2, "path ends with '/'"),
        ("", 0, "empty expression"),
        ("   ", 0, "empty expression"),
    ];
    for (src, at, msg) in cases {
        let e = error(src);
        assert!(e.message.contains(msg), "{src}: {e}");
        assert_eq!(e.at, *at, "{src}: {e}");
    }
    let deep = format!("{}1{}", "(".repeat(70), ")".repeat(70));
    let e = error(&deep);
    assert_eq!(
        (e.at, e.message.as_str()),
        (64, "nested more than 64 levels deep")
    );
    let deep_calls = format!("{}1{}", "abs(".repeat(70), ")".repeat(70));
    assert_eq!(error(&deep_calls).at, 64 * 4);
    let long = format!("1{}", " + 1".repeat(1_000));
    assert_eq!(
        error(&long).message,
        "expression longer than 4000 characters"
    );
    assert_eq!(
        error("'abc").to_string(),
        "unclosed string: a quote is missing its closing quote (at character 0)"
    );
}
