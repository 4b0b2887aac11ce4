//! Values and XPath 1.0's conversions and comparisons between them, with ODK's dates.

use crate::dates::{self, MS_PER_DAY};
use serde::{Deserialize, Serialize};

/// The value of an expression, or of an answer given to it by the [`crate::Env`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    Bool(bool),
    Num(f64),
    Str(String),
    /// Days since 1970-01-01 (a date answer, `today()`, `date(...)`).
    Date(i64),
    /// Milliseconds since 1970-01-01T00:00:00Z (a dateTime answer, `now()`).
    DateTime(i64),
    /// A node-set: the values of one question across the rows of a repeat (seen from outside it).
    Nodes(Vec<Value>),
}

/// XPath's number → string: integers without `.0`, `NaN`, `Infinity`, `-Infinity`, no exponent.
pub(crate) fn num_to_string(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        }
    } else if n == 0.0 {
        "0".into()
    } else {
        format!("{n}")
    }
}

/// XPath's string → number: optional whitespace, an optional `-`, digits with an optional
/// fraction (or `.5`); anything else is NaN.
pub(crate) fn str_to_num(s: &str) -> f64 {
    let t = s.trim_matches([' ', '\t', '\n', '\r']);
    let body = t.strip_prefix('-').unwrap_or(t);
    let mut parts = body.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let ok = digits(int)
        && frac.is_none_or(digits)
        && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()));
    if ok {
        t.parse().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    }
}

/// A string read as a date or a dateTime, in (fractional) days.
pub(crate) fn date_like(s: &str) -> Option<f64> {
    dates::date_from_str(s)
        .map(|d| d as f64)
        .or_else(|| dates::datetime_from_str(s).map(|ms| ms as f64 / MS_PER_DAY as f64))
}

impl Value {
    /// XPath `boolean()`: `""` false, NaN and 0 false, a node-set when non-empty; dates true.
    pub fn to_bool(&self) -> bool {
        match self {
            Value::Bool(b) => *b,
            Value::Num(n) => !(n.is_nan() || *n == 0.0),
            Value::Str(s) => !s.is_empty(),
            Value::Date(_) | Value::DateTime(_) => true,
            Value::Nodes(v) => !v.is_empty(),
        }
    }

    /// XPath `number()`: `""` → NaN, `"12"` → 12, a date → its days, a dateTime → fractional
    /// days, booleans 1/0, a node-set → its first value (NaN when empty).
    pub fn to_num(&self) -> f64 {
        match self {
            Value::Bool(b) => f64::from(u8::from(*b)),
            Value::Num(n) => *n,
            Value::Str(s) => str_to_num(s),
            Value::Date(d) => *d as f64,
            Value::DateTime(ms) => *ms as f64 / MS_PER_DAY as f64,
            Value::Nodes(v) => v.first().map_or(f64::NAN, Value::to_num),
        }
    }

    /// XPath `string()`: integers without `.0`, `NaN`, dates `YYYY-MM-DD`, dateTimes
    /// `YYYY-MM-DDTHH:MM:SS.sssZ`, a node-set → its first value (`""` when empty).
    pub fn to_str(&self) -> String {
        match self {
            Value::Bool(b) => if *b { "true" } else { "false" }.into(),
            Value::Num(n) => num_to_string(*n),
            Value::Str(s) => s.clone(),
            Value::Date(d) => dates::date_to_str(*d),
            Value::DateTime(ms) => dates::datetime_to_str(*ms),
            Value::Nodes(v) => v.first().map_or_else(String::new, Value::to_str),
        }
    }

    fn is_date(&self) -> bool {
        matches!(self, Value::Date(_) | Value::DateTime(_))
    }

    /// This value as a number in a comparison or a sum with `other`: a string that reads as a
    /// date counts as its days when the other side is a date.
    pub(crate) fn num_against(&self, other: &Value) -> f64 {
        match self {
            Value::Str(s) if other.is_date() => date_like(s).unwrap_or_else(|| str_to_num(s)),
            _ => self.to_num(),
        }
    }

    /// The values of a node-set, or this value alone.
    pub(crate) fn items(&self) -> &[Value] {
        match self {
            Value::Nodes(v) => v,
            other => std::slice::from_ref(other),
        }
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// XPath 1.0's comparison of two values, with ODK's dates.
pub(crate) fn compare(op: Cmp, a: &Value, b: &Value) -> bool {
    match (a, b) {
        // A node-set against a boolean compares its boolean (XPath 3.4).
        (Value::Nodes(_), Value::Bool(_)) | (Value::Bool(_), Value::Nodes(_)) => {
            compare_scalars(op, &Value::Bool(a.to_bool()), &Value::Bool(b.to_bool()))
        }
        (Value::Nodes(xs), _) => xs.iter().any(|x| compare(op, x, b)),
        (_, Value::Nodes(ys)) => ys.iter().any(|y| compare(op, a, y)),
        _ => compare_scalars(op, a, b),
    }
}

fn compare_scalars(op: Cmp, a: &Value, b: &Value) -> bool {
    let ordered = |x: f64, y: f64| match op {
        Cmp::Eq => x == y,
        Cmp::Ne => x != y,
        Cmp::Lt => x < y,
        Cmp::Le => x <= y,
        Cmp::Gt => x > y,
        Cmp::Ge => x >= y,
    };
    match op {
        Cmp::Eq | Cmp::Ne => {
            if matches!(a, Value::Bool(_)) || matches!(b, Value::Bool(_)) {
                let eq = a.to_bool() == b.to_bool();
                return (op == Cmp::Eq) == eq;
            }
            let numeric =
                |v: &Value| matches!(v, Value::Num(_) | Value::Date(_) | Value::DateTime(_));
            if numeric(a) || numeric(b) {
                return ordered(a.num_against(b), b.num_against(a));
            }
            let eq = a.to_str() == b.to_str();
            (op == Cmp::Eq) == eq
        }
        _ => {
            // Two strings that both read as dates compare as dates.
            if let (Value::Str(x), Value::Str(y)) = (a, b)
                && let (Some(dx), Some(dy)) = (date_like(x), date_like(y))
            {
                return ordered(dx, dy);
            }
            ordered(a.num_against(b), b.num_against(a))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert_eq!(Value::Num(12.0).to_str(), "12");
        assert_eq!(Value::Num(-0.0).to_str(), "0");
        assert_eq!(Value::Num(2.5).to_str(), "2.5");
        assert_eq!(Value::Num(f64::NAN).to_str(), "NaN");
        assert_eq!(Value::Num(f64::NEG_INFINITY).to_str(), "-Infinity");
        assert_eq!(Value::Num(1e21).to_str(), "1000000000000000000000");
        assert!(Value::Str("".into()).to_num().is_nan());
        assert_eq!(Value::Str(" 12 ".into()).to_num(), 12.0);
        assert_eq!(Value::Str("-.5".into()).to_num(), -0.5);
        assert_eq!(Value::Str("3.".into()).to_num(), 3.0);
        for bad in ["1e3", "+1", "inf", "NaN", ".", "-", "1 2", "0x10"] {
            assert!(Value::Str(bad.into()).to_num().is_nan(), "{bad}");
        }
        assert_eq!(Value::DateTime(MS_PER_DAY / 2).to_num(), 0.5);
        assert_eq!(Value::Date(3).to_str(), "1970-01-04");
        assert_eq!(Value::Bool(true).to_num(), 1.0);
        assert!(!Value::Num(f64::NAN).to_bool());
        assert!(!Value::Nodes(vec![]).to_bool());
        assert_eq!(
            Value::Nodes(vec![Value::Num(4.0), Value::Num(5.0)]).to_str(),
            "4"
        );
        assert!(Value::Nodes(vec![]).to_num().is_nan());
    }

    #[test]
    fn comparisons() {
        let s = |x: &str| Value::Str(x.into());
        assert!(compare(Cmp::Eq, &s("12"), &Value::Num(12.0)));
        assert!(!compare(Cmp::Eq, &s(""), &Value::Num(0.0)));
        assert!(compare(Cmp::Eq, &s("a"), &Value::Bool(true)));
        assert!(compare(Cmp::Lt, &Value::Date(0), &s("1970-01-02")));
        assert!(compare(Cmp::Eq, &Value::Date(1), &s("1970-01-02")));
        assert!(compare(Cmp::Lt, &s("2023-12-31"), &s("2024-01-01")));
        assert!(!compare(Cmp::Lt, &s("a"), &s("b")));
        let nodes = Value::Nodes(vec![Value::Num(1.0), Value::Num(5.0)]);
        assert!(compare(Cmp::Eq, &nodes, &Value::Num(5.0)));
        assert!(compare(Cmp::Ne, &nodes, &Value::Num(5.0)));
        assert!(compare(Cmp::Gt, &nodes, &Value::Num(4.0)));
        assert!(!compare(Cmp::Gt, &nodes, &Value::Num(5.0)));
        assert!(!compare(Cmp::Eq, &Value::Nodes(vec![]), &s("")));
        assert!(compare(Cmp::Eq, &Value::Nodes(vec![]), &Value::Bool(false)));
        assert!(compare(Cmp::Eq, &nodes, &Value::Nodes(vec![s("5")])));
        assert!(compare(
            Cmp::Gt,
            &Value::DateTime(MS_PER_DAY),
            &Value::Date(0)
        ));
    }
}
