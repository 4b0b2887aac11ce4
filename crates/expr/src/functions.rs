//! The function library of ODK XForms (<https://getodk.github.io/xforms-spec/#xpath-functions>):
//! the table of names and argument counts checked at parse time, and each function's meaning.

use crate::dates::{self, MS_PER_DAY};
use crate::eval::eval;
use crate::parse::Node;
use crate::value::{Value, str_to_num};
use crate::{Env, ExprError};

/// A known function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Not,
    True,
    False,
    Boolean,
    BooleanFromString,
    Number,
    String,
    Int,
    Round,
    Floor,
    Ceiling,
    Abs,
    Pow,
    Sqrt,
    Exp,
    Exp10,
    Log,
    Log10,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Atan2,
    Pi,
    Min,
    Max,
    Sum,
    Count,
    CountNonEmpty,
    Selected,
    SelectedAt,
    CountSelected,
    ChoiceName,
    StringLength,
    Substr,
    Substring,
    SubstringBefore,
    SubstringAfter,
    Contains,
    StartsWith,
    EndsWith,
    Concat,
    Join,
    NormalizeSpace,
    Translate,
    Regex,
    If,
    Coalesce,
    Today,
    Now,
    Date,
    DateTime,
    DecimalDateTime,
    DecimalTime,
    FormatDate,
    FormatDateTime,
    Once,
    Uuid,
    Position,
    IndexedRepeat,
}

const ANY: usize = usize::MAX;

/// Name, function, fewest and most arguments.
pub(crate) const TABLE: &[(&str, Func, usize, usize)] = &[
    ("not", Func::Not, 1, 1),
    ("true", Func::True, 0, 0),
    ("false", Func::False, 0, 0),
    ("boolean", Func::Boolean, 1, 1),
    ("boolean-from-string", Func::BooleanFromString, 1, 1),
    ("number", Func::Number, 0, 1),
    ("string", Func::String, 0, 1),
    ("int", Func::Int, 1, 1),
    ("round", Func::Round, 1, 2),
    ("floor", Func::Floor, 1, 1),
    ("ceiling", Func::Ceiling, 1, 1),
    ("abs", Func::Abs, 1, 1),
    ("pow", Func::Pow, 2, 2),
    ("sqrt", Func::Sqrt, 1, 1),
    ("exp", Func::Exp, 1, 1),
    ("exp10", Func::Exp10, 1, 1),
    ("log", Func::Log, 1, 1),
    ("log10", Func::Log10, 1, 1),
    ("sin", Func::Sin, 1, 1),
    ("cos", Func::Cos, 1, 1),
    ("tan", Func::Tan, 1, 1),
    ("asin", Func::Asin, 1, 1),
    ("acos", Func::Acos, 1, 1),
    ("atan", Func::Atan, 1, 1),
    ("atan2", Func::Atan2, 2, 2),
    ("pi", Func::Pi, 0, 0),
    ("min", Func::Min, 1, ANY),
    ("max", Func::Max, 1, ANY),
    ("sum", Func::Sum, 1, 1),
    ("count", Func::Count, 1, 1),
    ("count-non-empty", Func::CountNonEmpty, 1, 1),
    ("selected", Func::Selected, 2, 2),
    ("selected-at", Func::SelectedAt, 2, 2),
    ("count-selected", Func::CountSelected, 1, 1),
    ("jr:choice-name", Func::ChoiceName, 2, 2),
    ("string-length", Func::StringLength, 0, 1),
    ("substr", Func::Substr, 2, 3),
    ("substring", Func::Substring, 2, 3),
    ("substring-before", Func::SubstringBefore, 2, 2),
    ("substring-after", Func::SubstringAfter, 2, 2),
    ("contains", Func::Contains, 2, 2),
    ("starts-with", Func::StartsWith, 2, 2),
    ("ends-with", Func::EndsWith, 2, 2),
    ("concat", Func::Concat, 0, ANY),
    ("join", Func::Join, 1, ANY),
    ("normalize-space", Func::NormalizeSpace, 0, 1),
    ("translate", Func::Translate, 3, 3),
    ("regex", Func::Regex, 2, 2),
    ("if", Func::If, 3, 3),
    ("coalesce", Func::Coalesce, 2, 2),
    ("today", Func::Today, 0, 0),
    ("now", Func::Now, 0, 0),
    ("date", Func::Date, 1, 1),
    ("date-time", Func::DateTime, 1, 1),
    ("decimal-date-time", Func::DecimalDateTime, 1, 1),
    ("decimal-time", Func::DecimalTime, 1, 1),
    ("format-date", Func::FormatDate, 2, 2),
    ("format-date-time", Func::FormatDateTime, 2, 2),
    ("once", Func::Once, 1, 1),
    ("uuid", Func::Uuid, 0, 1),
    ("position", Func::Position, 0, 1),
    ("indexed-repeat", Func::IndexedRepeat, 3, 3),
];

/// Functions of ODK's spec that these forms do not offer, refused with a clear message.
const REFUSED: &[&str] = &[
    "area",
    "distance",
    "geofence",
    "random",
    "randomize",
    "checklist",
    "weighted-checklist",
    "pulldata",
    "instance",
    "digest",
    "base64-decode",
    "extract-signed",
    "last",
    "id",
    "lang",
    "local-name",
    "name",
    "namespace-uri",
    "text",
    "node",
];

/// The function named `name`, or the message refusing it.
pub(crate) fn lookup(name: &str) -> Result<Func, String> {
    if let Some((_, f, _, _)) = TABLE.iter().find(|(n, ..)| *n == name) {
        return Ok(*f);
    }
    if REFUSED.contains(&name) {
        return Err(format!("{name}() is not supported in these forms"));
    }
    Err(format!("unknown function {name}()"))
}

fn arity_message(name: &str, min: usize, max: usize) -> String {
    let n = |k: usize| {
        if k == 1 {
            "1 argument".to_string()
        } else {
            format!("{k} arguments")
        }
    };
    match (min, max) {
        (0, 0) => format!("{name}() takes no arguments"),
        (a, b) if a == b => format!("{name}() takes {}", n(a)),
        (a, ANY) => format!("{name}() takes at least {}", n(a)),
        (a, b) if b == a + 1 => format!("{name}() takes {a} or {b} arguments"),
        (a, b) => format!("{name}() takes {a} to {b} arguments"),
    }
}

/// Checks a call's arguments and builds its node: the context node is made explicit for the
/// one-argument functions called with none, and a literal regex is compiled once.
pub(crate) fn check_call(
    func: Func,
    name: &str,
    mut args: Vec<Node>,
    at: usize,
) -> Result<Node, ExprError> {
    let (min, max) = TABLE
        .iter()
        .find(|(_, f, ..)| *f == func)
        .map_or((0, 0), |(_, _, a, b)| (*a, *b));
    if args.len() < min || args.len() > max {
        let mut message = arity_message(name, min, max);
        if func == Func::IndexedRepeat {
            message.push_str(" (nested repeats are not supported)");
        }
        return Err(ExprError { message, at });
    }
    match func {
        Func::Number | Func::String | Func::StringLength | Func::NormalizeSpace
            if args.is_empty() =>
        {
            args.push(Node::Current);
        }
        Func::Regex => {
            if let [subject, Node::Str(pattern)] = args.as_slice() {
                let compiled = regex_lite::Regex::new(pattern).map_err(|e| ExprError {
                    message: format!("regex() has an invalid pattern '{pattern}': {e}"),
                    at,
                })?;
                return Ok(Node::Regex(Box::new(subject.clone()), compiled));
            }
        }
        _ => {}
    }
    Ok(Node::Call(func, args))
}

/// The question named by `jr:choice-name`'s second argument: `'${q}'`, or a path whose last
/// step is the question's name.
pub(crate) fn choice_name_question(s: &str) -> String {
    let t = s.trim();
    if let Some(inner) = t.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
        return inner.to_string();
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

/// XPath's `round()` of one argument: half up, towards positive infinity.
fn round_half_up(x: f64) -> f64 {
    if x.is_finite() { (x + 0.5).floor() } else { x }
}

/// `round(x, digits)` as JavaRosa does (BigDecimal, half away from zero), on the shortest
/// decimal that reads back as `x`, so that `round(1.005, 2)` is 1.01.
fn round_digits(x: f64, digits: f64) -> f64 {
    if digits.is_nan() {
        return f64::NAN;
    }
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    let d = digits.trunc().clamp(-400.0, 400.0) as i64;
    let sci = format!("{:e}", x.abs());
    let Some((mantissa, exp)) = sci.split_once('e') else {
        return x;
    };
    let Ok(exp) = exp.parse::<i64>() else {
        return x;
    };
    let ds: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    let keep = exp + 1 + d;
    let sign = x.signum();
    if keep < 0 {
        return 0.0 * sign;
    }
    let keep = usize::try_from(keep).unwrap_or(usize::MAX);
    if keep >= ds.len() {
        return x;
    }
    let mut kept: Vec<u8> = ds.get(..keep).unwrap_or_default().to_vec();
    if ds.get(keep).is_some_and(|&n| n >= 5) {
        let mut carry = true;
        for digit in kept.iter_mut().rev() {
            if *digit == 9 {
                *digit = 0;
            } else {
                *digit += 1;
                carry = false;
                break;
            }
        }
        if carry {
            kept.insert(0, 1);
        }
    }
    let mut text: String = kept.iter().map(|n| char::from(b'0' + n)).collect();
    if text.is_empty() {
        text.push('0');
    }
    text.push_str(&format!("e{}", -d));
    text.parse::<f64>().map_or(x, |v| v * sign)
}

/// A number as an integer, truncated (NaN → 0, saturating at the ends).
fn to_int(x: f64) -> i64 {
    x.trunc() as i64
}

/// The chars of `s` from `start` to `end` (clamped, empty when reversed).
fn chars_between(s: &str, start: usize, end: usize) -> String {
    s.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

/// JavaRosa's `substr(s, start[, end])`: 0-based, end excluded, negatives count from the end.
fn substr(s: &str, start: f64, end: Option<f64>) -> String {
    let len = i64::try_from(s.chars().count()).unwrap_or(i64::MAX);
    let fix = |v: i64| if v < 0 { len.saturating_add(v) } else { v }.clamp(0, len);
    let start = fix(to_int(start));
    let end = end.map_or(len, |e| fix(to_int(e)));
    let as_usize = |v: i64| usize::try_from(v).unwrap_or(0);
    chars_between(s, as_usize(start), as_usize(end))
}

/// XPath 1.0's `substring(s, start[, length])`: 1-based, rounded.
fn substring(s: &str, start: f64, length: Option<f64>) -> String {
    let first = round_half_up(start);
    let last = length.map(|l| first + round_half_up(l));
    s.chars()
        .enumerate()
        .filter(|(i, _)| {
            let p = (*i + 1) as f64;
            p >= first && last.is_none_or(|l| p < l)
        })
        .map(|(_, c)| c)
        .collect()
}

fn translate(s: &str, from: &str, to: &str) -> String {
    let from: Vec<char> = from.chars().collect();
    let to: Vec<char> = to.chars().collect();
    s.chars()
        .filter_map(|c| match from.iter().position(|&f| f == c) {
            Some(i) => to.get(i).copied(),
            None => Some(c),
        })
        .collect()
}

fn normalize_space(s: &str) -> String {
    s.split([' ', '\t', '\n', '\r'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A value as a date (days), for `date()` and the date functions.
fn to_days(v: &Value) -> Option<i64> {
    match v {
        Value::Date(d) => Some((*d).clamp(-dates::MAX_DAYS, dates::MAX_DAYS)),
        Value::DateTime(ms) => Some(dates::split_ms(*ms).0),
        Value::Num(n) => dates::days_f64_to_days(*n),
        Value::Str(s) => dates::date_from_str(s)
            .or_else(|| dates::datetime_from_str(s).map(|ms| dates::split_ms(ms).0))
            .or_else(|| dates::days_f64_to_days(str_to_num(s))),
        Value::Bool(_) => None,
        Value::Nodes(v) => v.first().and_then(to_days),
    }
}

/// A value as a dateTime (ms), for `date-time()`, `format-date()` and the like.
fn to_ms(v: &Value) -> Option<i64> {
    match v {
        Value::Date(d) => Some(d.clamp(&-dates::MAX_DAYS, &dates::MAX_DAYS) * MS_PER_DAY),
        Value::DateTime(ms) => Some(*ms),
        Value::Num(n) => dates::days_f64_to_ms(*n),
        Value::Str(s) => {
            dates::datetime_from_str(s).or_else(|| dates::days_f64_to_ms(str_to_num(s)))
        }
        Value::Bool(_) => None,
        Value::Nodes(v) => v.first().and_then(to_ms),
    }
}

/// The numbers of `min`, `max` and `sum`: a node-set's values, skipping empty ones.
fn numbers(values: &[Value]) -> Vec<f64> {
    let mut out = Vec::new();
    for v in values {
        match v {
            Value::Nodes(nodes) => out.extend(
                nodes
                    .iter()
                    .filter(|n| !n.to_str().is_empty())
                    .map(Value::to_num),
            ),
            other => out.push(other.to_num()),
        }
    }
    out
}

fn extreme(values: &[Value], pick: fn(f64, f64) -> f64) -> f64 {
    let nums = numbers(values);
    if nums.is_empty() || nums.iter().any(|n| n.is_nan()) {
        return f64::NAN;
    }
    nums.into_iter().reduce(pick).unwrap_or(f64::NAN)
}

/// Calls `func` on `args` (evaluated here, so that `if` and `coalesce` are lazy).
pub(crate) fn call(func: Func, args: &[Node], env: &dyn Env) -> Value {
    let arg = |i: usize| {
        args.get(i)
            .map_or(Value::Str(String::new()), |n| eval(n, env))
    };
    let num = |i: usize| arg(i).to_num();
    let text = |i: usize| arg(i).to_str();
    let all = || args.iter().map(|n| eval(n, env)).collect::<Vec<_>>();
    let math = |f: fn(f64) -> f64| Value::Num(f(num(0)));
    match func {
        Func::Not => Value::Bool(!arg(0).to_bool()),
        Func::True => Value::Bool(true),
        Func::False => Value::Bool(false),
        Func::Boolean => Value::Bool(arg(0).to_bool()),
        Func::BooleanFromString => {
            let s = text(0);
            Value::Bool(s == "true" || s == "1")
        }
        Func::Number => Value::Num(num(0)),
        Func::String => Value::Str(text(0)),
        Func::Int => math(f64::trunc),
        Func::Round if args.len() == 2 => Value::Num(round_digits(num(0), num(1))),
        Func::Round => math(round_half_up),
        Func::Floor => math(f64::floor),
        Func::Ceiling => math(f64::ceil),
        Func::Abs => math(f64::abs),
        Func::Pow => Value::Num(num(0).powf(num(1))),
        Func::Sqrt => math(f64::sqrt),
        Func::Exp => math(f64::exp),
        Func::Exp10 => Value::Num(10f64.powf(num(0))),
        Func::Log => math(f64::ln),
        Func::Log10 => math(f64::log10),
        Func::Sin => math(f64::sin),
        Func::Cos => math(f64::cos),
        Func::Tan => math(f64::tan),
        Func::Asin => math(f64::asin),
        Func::Acos => math(f64::acos),
        Func::Atan => math(f64::atan),
        Func::Atan2 => Value::Num(num(0).atan2(num(1))),
        Func::Pi => Value::Num(std::f64::consts::PI),
        Func::Min => Value::Num(extreme(&all(), f64::min)),
        Func::Max => Value::Num(extreme(&all(), f64::max)),
        Func::Sum => Value::Num(match arg(0) {
            Value::Str(s) if s.is_empty() => 0.0,
            v => numbers(std::slice::from_ref(&v)).into_iter().sum(),
        }),
        Func::Count => Value::Num(match arg(0) {
            Value::Nodes(v) => v.len() as f64,
            _ => 1.0,
        }),
        Func::CountNonEmpty => {
            let v = arg(0);
            Value::Num(v.items().iter().filter(|n| !n.to_str().is_empty()).count() as f64)
        }
        Func::Selected => {
            let (list, wanted) = (text(0), text(1));
            let wanted = wanted.trim();
            Value::Bool(list.split_whitespace().any(|item| item == wanted))
        }
        Func::SelectedAt => {
            let (list, n) = (text(0), num(1));
            if n.is_nan() || n < 0.0 {
                return Value::Str(String::new());
            }
            let i = n as usize;
            Value::Str(list.split_whitespace().nth(i).unwrap_or("").to_string())
        }
        Func::CountSelected => Value::Num(text(0).split_whitespace().count() as f64),
        Func::ChoiceName => {
            let (choice, question) = (text(0), choice_name_question(&text(1)));
            Value::Str(env.choice_label(&question, &choice).unwrap_or_default())
        }
        Func::StringLength => Value::Num(text(0).chars().count() as f64),
        Func::Substr => {
            let end = (args.len() > 2).then(|| num(2));
            Value::Str(substr(&text(0), num(1), end))
        }
        Func::Substring => {
            let len = (args.len() > 2).then(|| num(2));
            Value::Str(substring(&text(0), num(1), len))
        }
        Func::SubstringBefore => {
            let (s, sep) = (text(0), text(1));
            Value::Str(
                s.split_once(sep.as_str())
                    .map_or("", |(a, _)| a)
                    .to_string(),
            )
        }
        Func::SubstringAfter => {
            let (s, sep) = (text(0), text(1));
            Value::Str(
                s.split_once(sep.as_str())
                    .map_or("", |(_, b)| b)
                    .to_string(),
            )
        }
        Func::Contains => Value::Bool(text(0).contains(text(1).as_str())),
        Func::StartsWith => Value::Bool(text(0).starts_with(text(1).as_str())),
        Func::EndsWith => Value::Bool(text(0).ends_with(text(1).as_str())),
        Func::Concat => Value::Str(
            all()
                .iter()
                .flat_map(|v| v.items().iter().map(Value::to_str))
                .collect(),
        ),
        Func::Join => {
            let values = all();
            let mut values = values.iter();
            let sep = values.next().map(Value::to_str).unwrap_or_default();
            let parts: Vec<String> = values
                .flat_map(|v| v.items().iter().map(Value::to_str))
                .collect();
            Value::Str(parts.join(&sep))
        }
        Func::NormalizeSpace => Value::Str(normalize_space(&text(0))),
        Func::Translate => Value::Str(translate(&text(0), &text(1), &text(2))),
        Func::Regex => {
            let matched = regex_lite::Regex::new(&text(1)).is_ok_and(|re| re.is_match(&text(0)));
            Value::Bool(matched)
        }
        Func::If => {
            if arg(0).to_bool() {
                arg(1)
            } else {
                arg(2)
            }
        }
        Func::Coalesce => {
            let first = arg(0);
            if first.to_str().is_empty() {
                arg(1)
            } else {
                first
            }
        }
        Func::Today => Value::Date(env.today()),
        Func::Now => Value::DateTime(env.now_ms()),
        Func::Date => to_days(&arg(0)).map_or(Value::Str(String::new()), Value::Date),
        Func::DateTime => to_ms(&arg(0)).map_or(Value::Str(String::new()), Value::DateTime),
        Func::DecimalDateTime => {
            Value::Num(to_ms(&arg(0)).map_or(f64::NAN, |ms| ms as f64 / MS_PER_DAY as f64))
        }
        Func::DecimalTime => {
            let ms = match arg(0) {
                Value::Str(s) => dates::time_from_str(&s)
                    .or_else(|| dates::datetime_from_str(&s).map(|ms| dates::split_ms(ms).1)),
                Value::DateTime(ms) => Some(dates::split_ms(ms).1),
                _ => None,
            };
            Value::Num(ms.map_or(f64::NAN, |ms| ms as f64 / MS_PER_DAY as f64))
        }
        Func::FormatDate | Func::FormatDateTime => {
            let pattern = text(1);
            Value::Str(
                to_ms(&arg(0))
                    .map(|ms| dates::format(ms, &pattern))
                    .unwrap_or_default(),
            )
        }
        Func::Once => arg(0),
        // The instance's id is filled in by the form layer (`instanceID`), never here: the
        // evaluator has no randomness, so that it is deterministic.
        Func::Uuid => Value::Str(String::new()),
        Func::Position => Value::Num(env.position()),
        Func::IndexedRepeat => {
            let (nodes, n) = (arg(0), num(2));
            if n.is_nan() || n < 1.0 {
                return Value::Str(String::new());
            }
            let i = (n as usize).saturating_sub(1);
            nodes
                .items()
                .get(i)
                .cloned()
                .unwrap_or(Value::Str(String::new()))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn rounding() {
        assert_eq!(round_digits(1.005, 2.0), 1.01);
        assert_eq!(round_digits(2.675, 2.0), 2.68);
        assert_eq!(round_digits(-2.5, 0.0), -3.0);
        assert_eq!(round_digits(1234.5, -2.0), 1200.0);
        assert_eq!(round_digits(0.005, 2.0), 0.01);
        assert_eq!(round_digits(0.0004, 2.0), 0.0);
        assert_eq!(round_digits(9.99, 1.0), 10.0);
        assert_eq!(round_digits(1.5, 1e300), 1.5);
        assert_eq!(round_digits(5e-324, 2.0), 0.0);
        assert_eq!(round_digits(1.7976931348623157e308, -400.0), 0.0);
        assert!(round_digits(1.0, f64::NAN).is_nan());
        assert_eq!(round_half_up(-2.5), -2.0);
        assert_eq!(round_half_up(2.5), 3.0);
    }

    #[test]
    fn strings() {
        assert_eq!(substr("hello", 1.0, Some(3.0)), "el");
        assert_eq!(substr("hello", -3.0, None), "llo");
        assert_eq!(substr("hello", 4.0, Some(2.0)), "");
        assert_eq!(substr("héllo", 1.0, Some(2.0)), "é");
        assert_eq!(substr("hello", f64::NAN, Some(1e300)), "hello");
        assert_eq!(substring("12345", 1.5, Some(2.6)), "234");
        assert_eq!(substring("12345", 0.0, Some(3.0)), "12");
        assert_eq!(substring("12345", f64::NAN, None), "");
        assert_eq!(
            substring("12345", f64::NEG_INFINITY, Some(f64::INFINITY)),
            ""
        );
        assert_eq!(translate("bar", "abc", "ABC"), "BAr");
        assert_eq!(translate("--aaa--", "abc-", "ABC"), "AAA");
        assert_eq!(normalize_space("  a \n b  "), "a b");
        assert_eq!(choice_name_question(" ${q} "), "q");
        assert_eq!(choice_name_question("/data/g/q"), "q");
    }

    #[test]
    fn arity_messages() {
        assert_eq!(
            arity_message("round", 1, 2),
            "round() takes 1 or 2 arguments"
        );
        assert_eq!(arity_message("not", 1, 1), "not() takes 1 argument");
        assert_eq!(arity_message("today", 0, 0), "today() takes no arguments");
        assert_eq!(
            arity_message("max", 1, ANY),
            "max() takes at least 1 argument"
        );
        assert_eq!(arity_message("x", 2, 5), "x() takes 2 to 5 arguments");
        assert!(TABLE.iter().all(|(n, f, ..)| lookup(n) == Ok(*f)));
    }
}
