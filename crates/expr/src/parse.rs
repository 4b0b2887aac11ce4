//! The parser: tokens → the expression tree, by recursive descent over XPath 1.0's precedence
//! levels, with the nesting depth bounded so that no input can exhaust the stack.
//!
//! Left-associative chains (`a + b + c + ...`) are kept flat, one node with a list of operands,
//! so that a long sum of answers neither nests deeply nor counts against the depth limit.

use crate::ExprError;
use crate::functions::{self, Func};
use crate::lex::{Tok, Token, tokenize};
use crate::value::Cmp;

/// The deepest nesting of parentheses, calls and unary minus accepted.
pub const MAX_DEPTH: usize = 64;
/// The longest source accepted, in characters.
pub const MAX_LEN: usize = 4_000;

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Or,
    And,
    Cmp(Cmp),
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

/// A node of the expression tree.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    Num(f64),
    Str(String),
    /// `${name}`
    Ref(String),
    /// `.` (and `current()`)
    Current,
    /// A path that is not `${...}`: steps in order, `..` kept, `.` dropped.
    Path {
        absolute: bool,
        steps: Vec<String>,
    },
    Neg(Box<Node>),
    /// `first op1 x1 op2 x2 ...`, all the operators of one precedence level.
    Chain(Box<Node>, Vec<(Op, Node)>),
    Call(Func, Vec<Node>),
    /// `regex(s, 'literal')`, the pattern compiled once.
    Regex(Box<Node>, regex_lite::Regex),
}

fn err(message: impl Into<String>, at: usize) -> ExprError {
    ExprError {
        message: message.into(),
        at,
    }
}

/// Parses a whole expression.
pub(crate) fn parse_tree(src: &str) -> Result<Node, ExprError> {
    let len = src.chars().count();
    if len > MAX_LEN {
        return Err(err(
            format!("expression longer than {MAX_LEN} characters"),
            MAX_LEN,
        ));
    }
    let tokens = tokenize(src)?;
    let mut p = Parser {
        tokens,
        pos: 0,
        depth: 0,
    };
    if matches!(p.peek(), Tok::End) {
        return Err(err("empty expression", 0));
    }
    let node = p.chain(0)?;
    match p.peek() {
        Tok::End => Ok(node),
        Tok::RParen => Err(err("unexpected ')' without a matching '('", p.at())),
        other => Err(err(
            format!(
                "unexpected {} after a complete expression",
                other.describe()
            ),
            p.at(),
        )),
    }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> &Tok {
        self.tokens.get(self.pos).map_or(&Tok::End, |t| &t.kind)
    }
    fn at(&self) -> usize {
        self.tokens
            .get(self.pos)
            .or(self.tokens.last())
            .map_or(0, |t| t.at)
    }
    fn bump(&mut self) -> Tok {
        let t = self.peek().clone();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    fn enter(&mut self, at: usize) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(err(format!("nested more than {MAX_DEPTH} levels deep"), at));
        }
        Ok(())
    }

    /// The operator at the current token if it belongs to precedence `level` (0 = or ... 5 = mul).
    fn op_at(&self, level: usize) -> Option<Op> {
        let name = |n: &str| matches!(self.peek(), Tok::Name(x) if x == n);
        match level {
            0 if name("or") => Some(Op::Or),
            1 if name("and") => Some(Op::And),
            2 => match self.peek() {
                Tok::Eq => Some(Op::Cmp(Cmp::Eq)),
                Tok::Ne => Some(Op::Cmp(Cmp::Ne)),
                _ => None,
            },
            3 => match self.peek() {
                Tok::Lt => Some(Op::Cmp(Cmp::Lt)),
                Tok::Le => Some(Op::Cmp(Cmp::Le)),
                Tok::Gt => Some(Op::Cmp(Cmp::Gt)),
                Tok::Ge => Some(Op::Cmp(Cmp::Ge)),
                _ => None,
            },
            4 => match self.peek() {
                Tok::Plus => Some(Op::Add),
                Tok::Minus => Some(Op::Sub),
                _ => None,
            },
            5 if matches!(self.peek(), Tok::Star) => Some(Op::Mul),
            5 if name("div") => Some(Op::Div),
            5 if name("mod") => Some(Op::Mod),
            _ => None,
        }
    }

    /// One precedence level: operands of the next level joined by this level's operators.
    fn chain(&mut self, level: usize) -> Result<Node, ExprError> {
        let operand = |p: &mut Self| {
            if level >= 5 {
                p.unary()
            } else {
                p.chain(level + 1)
            }
        };
        let first = operand(self)?;
        let mut rest = Vec::new();
        while let Some(op) = self.op_at(level) {
            self.bump();
            rest.push((op, operand(self)?));
        }
        Ok(if rest.is_empty() {
            first
        } else {
            Node::Chain(Box::new(first), rest)
        })
    }

    fn unary(&mut self) -> Result<Node, ExprError> {
        let mut minus = 0;
        while matches!(self.peek(), Tok::Minus) {
            self.enter(self.at())?;
            self.bump();
            minus += 1;
        }
        let node = self.union();
        self.depth -= minus;
        let mut node = node?;
        for _ in 0..minus {
            node = Node::Neg(Box::new(node));
        }
        Ok(node)
    }

    fn union(&mut self) -> Result<Node, ExprError> {
        let node = self.primary()?;
        match self.peek() {
            Tok::Pipe => Err(err("the union operator | is not supported", self.at())),
            Tok::LBracket => Err(err("predicates [...] are not supported", self.at())),
            Tok::Slash | Tok::SlashSlash => Err(err(
                "a path can only follow current(), a name, '.' or '..'",
                self.at(),
            )),
            _ => Ok(node),
        }
    }

    fn primary(&mut self) -> Result<Node, ExprError> {
        let at = self.at();
        match self.bump() {
            Tok::Num(n) => Ok(Node::Num(n)),
            Tok::Str(s) => Ok(Node::Str(s)),
            Tok::Ref(r) => Ok(Node::Ref(r)),
            Tok::LParen => {
                self.enter(at)?;
                let inner = self.chain(0)?;
                self.depth -= 1;
                match self.bump() {
                    Tok::RParen => Ok(inner),
                    other => Err(err(
                        format!(
                            "expected ')' to close the '(' at character {at}, found {}",
                            other.describe()
                        ),
                        self.tokens
                            .get(self.pos.saturating_sub(1))
                            .map_or(at, |t| t.at),
                    )),
                }
            }
            Tok::Name(name) if matches!(self.peek(), Tok::LParen) => {
                if name == "current" {
                    self.bump();
                    if !matches!(self.bump(), Tok::RParen) {
                        return Err(err("current() takes no arguments", at));
                    }
                    return self.path(false, vec![".".into()]);
                }
                self.call(name, at)
            }
            Tok::Slash => {
                if step_start(self.peek()) {
                    self.path(true, Vec::new())
                } else {
                    Ok(Node::Path {
                        absolute: true,
                        steps: Vec::new(),
                    })
                }
            }
            Tok::Name(_) | Tok::Dot | Tok::DotDot | Tok::At | Tok::Star => {
                self.pos -= 1;
                self.path(false, Vec::new())
            }
            Tok::SlashSlash => Err(err("'//' (any descendant) is not supported", at)),
            Tok::End => Err(err("the expression ends too early: a value is missing", at)),
            other => Err(err(
                format!("expected a value, found {}", other.describe()),
                at,
            )),
        }
    }

    /// The steps of a location path, after `steps` already read.
    fn path(&mut self, absolute: bool, mut steps: Vec<String>) -> Result<Node, ExprError> {
        let mut need_step = steps.is_empty();
        loop {
            if need_step {
                let at = self.at();
                match self.bump() {
                    Tok::Name(n) => {
                        if matches!(self.peek(), Tok::LParen) {
                            return Err(err(format!("{n}() cannot be a step of a path"), at));
                        }
                        if matches!(self.peek(), Tok::ColonColon) {
                            return Err(err(format!("axes like {n}:: are not supported"), at));
                        }
                        steps.push(n);
                    }
                    Tok::Dot => steps.push(".".into()),
                    Tok::DotDot => steps.push("..".into()),
                    Tok::At => return Err(err("attributes (@name) are not supported", at)),
                    Tok::Star => return Err(err("the wildcard * is not supported in a path", at)),
                    Tok::End => return Err(err("the path ends with '/': a name is missing", at)),
                    other => {
                        return Err(err(
                            format!("expected a name in the path, found {}", other.describe()),
                            at,
                        ));
                    }
                }
            }
            match self.peek() {
                Tok::LBracket => return Err(err("predicates [...] are not supported", self.at())),
                Tok::SlashSlash => {
                    return Err(err("'//' (any descendant) is not supported", self.at()));
                }
                Tok::Slash => {
                    self.bump();
                    need_step = true;
                }
                _ => break,
            }
        }
        let only_dots = steps.iter().all(|s| s == ".");
        steps.retain(|s| s != ".");
        if !absolute && only_dots {
            return Ok(Node::Current);
        }
        Ok(Node::Path { absolute, steps })
    }

    /// A function call, the name already read and `(` next.
    fn call(&mut self, name: String, at: usize) -> Result<Node, ExprError> {
        let func = functions::lookup(&name).map_err(|m| err(m, at))?;
        self.bump(); // (
        self.enter(at)?;
        let mut args = Vec::new();
        if !matches!(self.peek(), Tok::RParen) {
            loop {
                args.push(self.chain(0)?);
                match self.bump() {
                    Tok::Comma => {}
                    Tok::RParen => break,
                    Tok::End => {
                        return Err(err(
                            format!("{name}( is missing its closing ')'"),
                            self.at(),
                        ));
                    }
                    other => {
                        let at = self
                            .tokens
                            .get(self.pos.saturating_sub(1))
                            .map_or(0, |t| t.at);
                        return Err(err(
                            format!(
                                "expected ',' or ')' in {name}(), found {}",
                                other.describe()
                            ),
                            at,
                        ));
                    }
                }
            }
        } else {
            self.bump();
        }
        self.depth -= 1;
        functions::check_call(func, &name, args, at)
    }
}

fn step_start(t: &Tok) -> bool {
    matches!(
        t,
        Tok::Name(_) | Tok::Dot | Tok::DotDot | Tok::At | Tok::Star
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
mod tests {
    use super::*;

    fn e(src: &str) -> ExprError {
        parse_tree(src).unwrap_err()
    }

    #[test]
    fn paths() {
        let p = |src: &str| match parse_tree(src).unwrap() {
            Node::Path { absolute, steps } => (absolute, steps.join("|")),
            Node::Current => (false, ".".into()),
            other => panic!("{other:?}"),
        };
        assert_eq!(p("state"), (false, "state".into()));
        assert_eq!(p("../x"), (false, "..|x".into()));
        assert_eq!(p("/data/hh/size"), (true, "data|hh|size".into()));
        assert_eq!(p("current()/../x"), (false, "..|x".into()));
        assert_eq!(p("current()"), (false, ".".into()));
        assert_eq!(p("./."), (false, ".".into()));
        assert_eq!(p("and/or"), (false, "and|or".into()));
        assert_eq!(p("/"), (true, String::new()));
    }

    #[test]
    fn keywords_by_position() {
        assert!(matches!(parse_tree("and and or").unwrap(), Node::Chain(_, v) if v.len() == 1));
        assert!(
            matches!(parse_tree("div div div").unwrap(), Node::Chain(_, v) if v[0].0 == Op::Div)
        );
        assert!(matches!(parse_tree("2 * 3").unwrap(), Node::Chain(_, v) if v[0].0 == Op::Mul));
    }

    #[test]
    fn refusals() {
        assert!(e("a[1]").message.contains("predicates"));
        assert!(e("a | b").message.contains("union"));
        assert!(e("//a").message.contains("//"));
        assert!(e("@id").message.contains("attributes"));
        assert!(e("child::a").message.contains("axes"));
        assert!(e("${a}/b").message.contains("path"));
        assert_eq!(e("").message, "empty expression");
        assert_eq!(e("1 2").at, 2);
        assert_eq!(e("(1").at, 2);
        assert_eq!(e("1)").at, 1);
        assert_eq!(e(&"1".repeat(4_001)).at, 4_000);
    }

    #[test]
    fn long_flat_chains_are_fine() {
        let src = vec!["${q}"; 500].join(" + ");
        assert!(parse_tree(&src).is_ok());
        let deep = format!("{}1{}", "(".repeat(64), ")".repeat(64));
        assert!(parse_tree(&deep).is_ok());
        assert_eq!(e(&format!("{}1{}", "(".repeat(65), ")".repeat(65))).at, 64);
        assert_eq!(e(&format!("{}1", "-".repeat(70))).at, 64);
        assert!(parse_tree(&format!("{}1", "-".repeat(60))).is_ok());
    }
}
