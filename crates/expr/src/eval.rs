//! The evaluator: walks the expression tree against an [`Env`]. Never panics; `and` and `or`
//! short-circuit; arithmetic is on f64 (division by zero gives Infinity or NaN).

use crate::Env;
use crate::functions;
use crate::parse::{Node, Op};
use crate::value::{Value, compare};

/// The value of `node` seen from `env`.
pub(crate) fn eval(node: &Node, env: &dyn Env) -> Value {
    match node {
        Node::Num(n) => Value::Num(*n),
        Node::Str(s) => Value::Str(s.clone()),
        Node::Ref(name) => env.reference(name),
        Node::Current => env.current(),
        Node::Path { absolute, steps } => env.path(*absolute, steps),
        Node::Neg(inner) => Value::Num(-eval(inner, env).to_num()),
        Node::Chain(first, rest) => chain(first, rest, env),
        Node::Call(func, args) => functions::call(*func, args, env),
        Node::Regex(subject, re) => Value::Bool(re.is_match(&eval(subject, env).to_str())),
    }
}

/// One precedence level, folded from the left. All the operators of a chain are of one level,
/// so a chain of `and` stops at the first false operand and one of `or` at the first true.
fn chain(first: &Node, rest: &[(Op, Node)], env: &dyn Env) -> Value {
    let mut acc = eval(first, env);
    for (op, node) in rest {
        acc = match op {
            Op::Or => {
                if acc.to_bool() {
                    return Value::Bool(true);
                }
                Value::Bool(eval(node, env).to_bool())
            }
            Op::And => {
                if !acc.to_bool() {
                    return Value::Bool(false);
                }
                Value::Bool(eval(node, env).to_bool())
            }
            Op::Cmp(cmp) => Value::Bool(compare(*cmp, &acc, &eval(node, env))),
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Mod => {
                let right = eval(node, env);
                let (x, y) = (acc.num_against(&right), right.num_against(&acc));
                Value::Num(match op {
                    Op::Add => x + y,
                    Op::Sub => x - y,
                    Op::Mul => x * y,
                    Op::Div => x / y,
                    _ => x % y,
                })
            }
        };
    }
    acc
}
