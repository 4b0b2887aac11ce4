//! Random expressions and random bytes: parsing and evaluation never panic, and the deepest
//! accepted nesting fits in a small stack.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use crate::functions::TABLE;
use crate::{Env, Value, parse};

/// xorshift64*: a small deterministic generator, so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

const NAMES: &[&str] = &["a", "b", "age", "q", "member_age", "d", "t", "x-y", "n.m"];
const STRINGS: &[&str] = &[
    "",
    "12",
    "-3.5",
    "a b other",
    "2024-01-01",
    "2024-02-30",
    "2024-01-01T10:00:00+05:30",
    "10:30",
    "é😀",
    "%Y-%m-%d %e %n %b %H %M %S %3 %a %",
    "[a-z]+",
    "${q}",
    "/data/q",
    "NaN",
    "1e5",
];
const PATHS: &[&str] = &[
    "state",
    "../x",
    "/data/hh/size",
    "current()/../x",
    "(/)",
    "..",
    "and",
];
const NUMBERS: &[&str] = &["0", "1", "2.5", ".5", "120", "1000000000000", "3."];

fn gen_expr(r: &mut Rng, depth: usize) -> String {
    let leaf = depth == 0 || r.chance(3);
    if leaf {
        return match r.below(6) {
            0 => r.pick(NUMBERS).to_string(),
            1 => {
                let s = r.pick(STRINGS);
                if s.contains('\'') {
                    format!("\"{s}\"")
                } else {
                    format!("'{s}'")
                }
            }
            2 | 3 => format!("${{{}}}", r.pick(NAMES)),
            4 => ".".into(),
            _ => r.pick(PATHS).to_string(),
        };
    }
    match r.below(5) {
        0 => format!("-{}", gen_expr(r, depth - 1)),
        1 => format!("({})", gen_expr(r, depth - 1)),
        2 | 3 => {
            let op = r.pick(&[
                "or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "div", "mod",
            ]);
            format!("{} {op} {}", gen_expr(r, depth - 1), gen_expr(r, depth - 1))
        }
        _ => {
            let (name, _, min, max) = *r.pick(TABLE);
            let count = min + r.below(max.saturating_sub(min).min(3) + 1);
            let args: Vec<String> = (0..count)
                .map(|i| {
                    if name == "regex" && i == 1 && r.chance(2) {
                        format!("'{}'", r.pick(&["^[0-9]{10}$", "a|b", "(x)*", "\\d+", "é"]))
                    } else if name == "regex" && i == 1 {
                        format!("${{{}}}", r.pick(NAMES))
                    } else {
                        gen_expr(r, depth - 1)
                    }
                })
                .collect();
            format!("{name}({})", args.join(", "))
        }
    }
}

fn random_value(r: &mut Rng, depth: usize) -> Value {
    let any = r.next();
    match r.below(if depth == 0 { 5 } else { 6 }) {
        0 => Value::Bool(r.chance(2)),
        1 => Value::Num(*r.pick(&[
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            18.0,
            1e308,
            -1e308,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            5e-324,
            (any % 1000) as f64 / 7.0,
        ])),
        2 => Value::Str(r.pick(STRINGS).to_string()),
        3 => Value::Date(*r.pick(&[i64::MIN, i64::MAX, 0, -1, 19_782, any as i64])),
        4 => Value::DateTime(*r.pick(&[i64::MIN, i64::MAX, 0, -1, any as i64])),
        _ => Value::Nodes(
            (0..r.below(4))
                .map(|_| random_value(r, depth - 1))
                .collect(),
        ),
    }
}

/// An environment whose every answer is drawn once from the generator.
struct RandomEnv {
    values: Vec<Value>,
    position: f64,
    today: i64,
    now_ms: i64,
    label: Option<String>,
}

impl RandomEnv {
    fn new(r: &mut Rng) -> Self {
        RandomEnv {
            values: (0..NAMES.len() + 2).map(|_| random_value(r, 2)).collect(),
            position: *r.pick(&[0.0, 1.0, 3.0, f64::NAN]),
            today: *r.pick(&[i64::MIN, i64::MAX, 0, 19_782]),
            now_ms: *r.pick(&[i64::MIN, i64::MAX, 0, 1_709_634_600_000]),
            label: r.chance(2).then(|| "Label".to_string()),
        }
    }
    fn value(&self, key: &str) -> Value {
        let i = key.bytes().map(usize::from).sum::<usize>() % self.values.len();
        self.values[i].clone()
    }
}

impl Env for RandomEnv {
    fn reference(&self, name: &str) -> Value {
        self.value(name)
    }
    fn current(&self) -> Value {
        self.values[0].clone()
    }
    fn path(&self, _absolute: bool, steps: &[String]) -> Value {
        self.value(&steps.concat())
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
    fn choice_label(&self, _question: &str, _choice: &str) -> Option<String> {
        self.label.clone()
    }
}

fn exercise(v: &Value) {
    let _ = (v.to_bool(), v.to_num(), v.to_str());
}

#[test]
fn random_expressions_parse_and_never_panic() {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let mut evaluated = 0;
    for _ in 0..2_000 {
        let src = gen_expr(&mut r, 5);
        if src.chars().count() > crate::MAX_LEN {
            continue;
        }
        let e = parse(&src).unwrap_or_else(|err| panic!("{src}: {err}"));
        let _ = (e.references(), e.uses_current(), e.source());
        for _ in 0..3 {
            let env = RandomEnv::new(&mut r);
            exercise(&e.eval(&env));
        }
        evaluated += 1;
    }
    assert!(evaluated > 1_500, "{evaluated}");
}

#[test]
fn random_bytes_never_panic() {
    const PIECES: &[&str] = &[
        "$",
        "{",
        "}",
        "${a}",
        "${",
        "(",
        ")",
        "[",
        "]",
        ",",
        "/",
        "//",
        "|",
        "+",
        "-",
        "*",
        "=",
        "!=",
        "!",
        "<",
        "<=",
        ">",
        ">=",
        "@",
        ":",
        "::",
        ".",
        "..",
        "'",
        "\"",
        "0",
        "9",
        ".5",
        "a",
        "z",
        "_",
        " ",
        "and",
        "or",
        "div",
        "mod",
        "jr:",
        "choice-name",
        "round",
        "regex",
        "selected",
        "if",
        "concat",
        "today",
        "é",
        "😀",
        "\n",
        "current()",
    ];
    let mut r = Rng(0xD1B5_4A32_D192_ED03);
    let mut parsed = 0;
    for i in 0..20_000 {
        let len = r.below(40);
        let src: String = if i % 2 == 0 {
            (0..len).map(|_| *r.pick(PIECES)).collect()
        } else {
            (0..len)
                .map(|_| char::from(32 + r.below(95) as u8))
                .collect()
        };
        match parse(&src) {
            Ok(e) => {
                parsed += 1;
                let env = RandomEnv::new(&mut r);
                exercise(&e.eval(&env));
            }
            Err(err) => assert!(err.at <= src.chars().count(), "{src:?}: {err}"),
        }
    }
    assert!(parsed > 100, "{parsed}");
}

#[test]
fn the_deepest_accepted_nesting_fits_a_small_stack() {
    // Every precedence level at each of the 64 levels (32 unary minus, 32 calls).
    let level = "1 or 1 and 1 = 1 < 1 + 1 * -abs(";
    let worst = format!("{}1{}", level.repeat(32), ")".repeat(32));
    let handle = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || {
            let e = parse(&worst).unwrap();
            let mut r = Rng(7);
            exercise(&e.eval(&RandomEnv::new(&mut r)));
            e.eval(&RandomEnv::new(&mut r)).to_bool()
        })
        .unwrap();
    assert!(handle.join().unwrap());
    let too_deep = format!("{}1{}", level.repeat(33), ")".repeat(33));
    assert!(parse(&too_deep).is_err());
}
