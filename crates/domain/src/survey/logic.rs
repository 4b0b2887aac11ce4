//! Skip logic: the parser, evaluator and printer of the XLSForm expressions in a question's
//! `relevant`.

use super::answers::{AnswerValue, Answers};
use serde::{Deserialize, Serialize};

/// Skip logic: the subset of XLSForm's expression language that Enquête understands.
///
/// `${q} = 'x'`, `${q} != 'x'`, `${q} >= 18` (also `>`, `<`, `<=`), `selected(${q}, 'x')`,
/// `count-selected(${q}) >= 2`, combined with `and`, `or`, `not(...)` and parentheses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Condition {
    Compare {
        question: String,
        cmp: Cmp,
        value: Literal,
    },
    Selected {
        question: String,
        choice: String,
    },
    CountSelected {
        question: String,
        cmp: Cmp,
        value: i64,
    },
    Not {
        of: Box<Condition>,
    },
    And {
        all: Vec<Condition>,
    },
    Or {
        any: Vec<Condition>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cmp {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Cmp {
    fn symbol(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Ne => "!=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
            Cmp::Lt => "<",
            Cmp::Le => "<=",
        }
    }

    fn test<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            Cmp::Eq => a == b,
            Cmp::Ne => a != b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Literal {
    Number(i64),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ref(String),
    Str(String),
    Num(i64),
    Word(String),
    Op(Cmp),
    Open,
    Close,
    Comma,
}

fn tokenize(src: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied();
    while let Some(c) = at(i) {
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '(' => {
                out.push(Token::Open);
                i += 1;
            }
            ')' => {
                out.push(Token::Close);
                i += 1;
            }
            ',' => {
                out.push(Token::Comma);
                i += 1;
            }
            '$' if at(i + 1) == Some('{') => {
                let start = i + 2;
                let mut j = start;
                while at(j).is_some_and(|c| c != '}') {
                    j += 1;
                }
                if at(j) != Some('}') {
                    return Err("a ${...} reference is not closed".into());
                }
                out.push(Token::Ref(
                    chars
                        .get(start..j)
                        .map(|s| s.iter().collect())
                        .unwrap_or_default(),
                ));
                i = j + 1;
            }
            '\'' | '"' => {
                let mut j = i + 1;
                while at(j).is_some_and(|x| x != c) {
                    j += 1;
                }
                if at(j) != Some(c) {
                    return Err("a quoted text is not closed".into());
                }
                out.push(Token::Str(
                    chars
                        .get(i + 1..j)
                        .map(|s| s.iter().collect())
                        .unwrap_or_default(),
                ));
                i = j + 1;
            }
            '=' => {
                out.push(Token::Op(Cmp::Eq));
                i += 1;
            }
            '!' if at(i + 1) == Some('=') => {
                out.push(Token::Op(Cmp::Ne));
                i += 2;
            }
            '>' | '<' => {
                let eq = at(i + 1) == Some('=');
                out.push(Token::Op(match (c, eq) {
                    ('>', true) => Cmp::Ge,
                    ('>', false) => Cmp::Gt,
                    (_, true) => Cmp::Le,
                    _ => Cmp::Lt,
                }));
                i += if eq { 2 } else { 1 };
            }
            c if c.is_ascii_digit() || c == '-' => {
                let mut j = i + 1;
                while at(j).is_some_and(|x| x.is_ascii_digit()) {
                    j += 1;
                }
                let text: String = chars
                    .get(i..j)
                    .map(|s| s.iter().collect())
                    .unwrap_or_default();
                out.push(Token::Num(
                    text.parse()
                        .map_err(|_| format!("{text:?} is not a whole number"))?,
                ));
                i = j;
            }
            c if c.is_ascii_alphabetic() => {
                let mut j = i + 1;
                while at(j).is_some_and(|x| x.is_ascii_alphanumeric() || x == '-' || x == '_') {
                    j += 1;
                }
                out.push(Token::Word(
                    chars
                        .get(i..j)
                        .map(|s| s.iter().collect())
                        .unwrap_or_default(),
                ));
                i = j;
            }
            other => return Err(format!("{other:?} is not understood here")),
        }
    }
    Ok(out)
}

/// Skip logic longer than this, or nested deeper, is refused: real forms stay far below, and a
/// hostile one cannot exhaust the parser.
pub const MAX_CONDITION_LENGTH: usize = 1000;
const MAX_DEPTH: usize = 32;

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn expect(&mut self, want: &Token, what: &str) -> Result<(), String> {
        match self.next() {
            Some(t) if &t == want => Ok(()),
            _ => Err(format!("expected {what}")),
        }
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(x)) if x == w)
    }

    fn or(&mut self) -> Result<Condition, String> {
        let mut parts = vec![self.and()?];
        while self.is_word("or") {
            self.pos += 1;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Condition::Or { any: parts }
        })
    }

    fn and(&mut self) -> Result<Condition, String> {
        let mut parts = vec![self.unary()?];
        while self.is_word("and") {
            self.pos += 1;
            parts.push(self.unary()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Condition::And { all: parts }
        })
    }

    fn reference(&mut self) -> Result<String, String> {
        match self.next() {
            Some(Token::Ref(r)) => Ok(r),
            _ => Err("expected a question reference like ${age}".into()),
        }
    }

    fn unary(&mut self) -> Result<Condition, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!(
                "the expression is nested more than {MAX_DEPTH} levels deep"
            ));
        }
        let result = self.unary_inner();
        self.depth -= 1;
        result
    }

    fn unary_inner(&mut self) -> Result<Condition, String> {
        match self.next() {
            Some(Token::Word(w)) if w == "not" => {
                self.expect(&Token::Open, "( after not")?;
                let inner = self.or()?;
                self.expect(&Token::Close, "a closing )")?;
                Ok(Condition::Not {
                    of: Box::new(inner),
                })
            }
            Some(Token::Word(w)) if w == "selected" => {
                self.expect(&Token::Open, "( after selected")?;
                let question = self.reference()?;
                self.expect(&Token::Comma, "a comma in selected(...)")?;
                let choice = match self.next() {
                    Some(Token::Str(s)) => s,
                    _ => return Err("selected(...) needs a quoted choice code".into()),
                };
                self.expect(&Token::Close, "a closing )")?;
                Ok(Condition::Selected { question, choice })
            }
            Some(Token::Word(w)) if w == "count-selected" => {
                self.expect(&Token::Open, "( after count-selected")?;
                let question = self.reference()?;
                self.expect(&Token::Close, "a closing )")?;
                let cmp = match self.next() {
                    Some(Token::Op(c)) => c,
                    _ => return Err("count-selected(...) must be compared to a number".into()),
                };
                let value = match self.next() {
                    Some(Token::Num(n)) => n,
                    _ => return Err("count-selected(...) must be compared to a number".into()),
                };
                Ok(Condition::CountSelected {
                    question,
                    cmp,
                    value,
                })
            }
            Some(Token::Open) => {
                let inner = self.or()?;
                self.expect(&Token::Close, "a closing )")?;
                Ok(inner)
            }
            Some(Token::Ref(question)) => {
                let cmp = match self.next() {
                    Some(Token::Op(c)) => c,
                    _ => {
                        return Err(format!(
                            "${{{question}}} must be compared with = != > >= < <="
                        ));
                    }
                };
                let value = match self.next() {
                    Some(Token::Num(n)) => Literal::Number(n),
                    Some(Token::Str(s)) => Literal::Text(s),
                    _ => return Err("expected a number or a quoted text".into()),
                };
                Ok(Condition::Compare {
                    question,
                    cmp,
                    value,
                })
            }
            Some(Token::Word(w)) => Err(format!(
                "{w:?} is not supported in skip logic (use =, !=, <, >, selected(), count-selected(), and, or, not())"
            )),
            _ => Err("the expression is incomplete".into()),
        }
    }
}

impl Condition {
    pub fn parse(src: &str) -> Result<Self, String> {
        if src.chars().count() > MAX_CONDITION_LENGTH {
            return Err(format!(
                "skip logic is at most {MAX_CONDITION_LENGTH} characters"
            ));
        }
        let tokens = tokenize(src)?;
        if tokens.is_empty() {
            return Err("the expression is empty".into());
        }
        let mut p = Parser {
            tokens,
            pos: 0,
            depth: 0,
        };
        let cond = p.or()?;
        if p.pos < p.tokens.len() {
            return Err("unexpected text after the end of the expression".into());
        }
        Ok(cond)
    }

    /// The questions this condition looks at.
    pub fn references(&self) -> Vec<String> {
        match self {
            Condition::Compare { question, .. }
            | Condition::Selected { question, .. }
            | Condition::CountSelected { question, .. } => vec![question.clone()],
            Condition::Not { of } => of.references(),
            Condition::And { all: parts } | Condition::Or { any: parts } => {
                parts.iter().flat_map(Condition::references).collect()
            }
        }
    }

    /// Evaluates against the answers given so far. An unanswered question compares as empty
    /// text (so `${q} = ''` holds) and is never greater or smaller than a number.
    pub fn holds(&self, answers: &Answers) -> bool {
        match self {
            Condition::Compare {
                question,
                cmp,
                value,
            } => match (answers.0.get(question), value) {
                (Some(AnswerValue::Number(n)), Literal::Number(v)) => cmp.test(*n, *v),
                (Some(AnswerValue::Text(t)), Literal::Text(v)) => cmp.test(t.as_str(), v.as_str()),
                (Some(AnswerValue::Text(t)), Literal::Number(v)) => {
                    t.parse::<i64>().is_ok_and(|n| cmp.test(n, *v))
                }
                (None, Literal::Text(v)) => cmp.test("", v.as_str()),
                _ => matches!(cmp, Cmp::Ne),
            },
            Condition::Selected { question, choice } => match answers.0.get(question) {
                Some(AnswerValue::List(list)) => list.contains(choice),
                Some(AnswerValue::Text(t)) => t == choice,
                _ => false,
            },
            Condition::CountSelected {
                question,
                cmp,
                value,
            } => {
                let n = match answers.0.get(question) {
                    Some(AnswerValue::List(list)) => list.len(),
                    Some(AnswerValue::Text(_)) => 1,
                    _ => 0,
                };
                cmp.test(i64::try_from(n).unwrap_or(i64::MAX), *value)
            }
            Condition::Not { of } => !of.holds(answers),
            Condition::And { all } => all.iter().all(|c| c.holds(answers)),
            Condition::Or { any } => any.iter().any(|c| c.holds(answers)),
        }
    }

    /// Writes the condition back in XLSForm syntax.
    pub fn to_xlsform(&self) -> String {
        match self {
            Condition::Compare {
                question,
                cmp,
                value,
            } => format!(
                "${{{question}}} {} {}",
                cmp.symbol(),
                match value {
                    Literal::Number(n) => n.to_string(),
                    Literal::Text(t) => format!("'{t}'"),
                }
            ),
            Condition::Selected { question, choice } => {
                format!("selected(${{{question}}}, '{choice}')")
            }
            Condition::CountSelected {
                question,
                cmp,
                value,
            } => format!("count-selected(${{{question}}}) {} {value}", cmp.symbol()),
            Condition::Not { of } => format!("not({})", of.to_xlsform()),
            Condition::And { all } => all.iter().map(wrap).collect::<Vec<_>>().join(" and "),
            Condition::Or { any } => any.iter().map(wrap).collect::<Vec<_>>().join(" or "),
        }
    }
}

fn wrap(c: &Condition) -> String {
    match c {
        Condition::And { .. } | Condition::Or { .. } => format!("({})", c.to_xlsform()),
        _ => c.to_xlsform(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_logic_parses_and_prints_back() {
        for src in [
            "${age} >= 16",
            "${work} = 'yes' and ${age} < 65",
            "selected(${top3}, 'housing') or count-selected(${top3}) >= 3",
            "not(${work} != 'no')",
            "(${a} = 1 or ${b} = 2) and ${c} = 'x'",
        ] {
            let c = Condition::parse(src).unwrap();
            assert_eq!(Condition::parse(&c.to_xlsform()).unwrap(), c, "{src}");
        }
        let deep = format!("{}${{a}} = 1{}", "(".repeat(40), ")".repeat(40));
        assert!(Condition::parse(&deep).unwrap_err().contains("nested"));
        assert!(Condition::parse(&"not(".repeat(200)).is_err());
        assert!(
            Condition::parse(&"(".repeat(100_000)).is_err(),
            "long input is refused before parsing"
        );
        for bad in [
            "",
            "${age} >",
            "today() > 3",
            "${age",
            "${a} = 'x",
            "${a} = 1 ${b}",
            "count-selected(${a})",
        ] {
            assert!(Condition::parse(bad).is_err(), "{bad:?} should not parse");
        }
    }
}
