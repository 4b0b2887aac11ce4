//! The shape of a form as an XForm sees it: questions nested in their groups and repeats, and
//! XLSForm's `${name}` references rewritten to the paths pyxform writes (absolute, or relative
//! between questions of the same repeat).

use enquete_domain::survey::SurveyDefinition;
use std::collections::{BTreeMap, BTreeSet};

/// A question (its index) or a group (its index) with what it holds, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Item {
    Question(usize),
    Group(usize, Vec<Item>),
}

/// Whether `path` is `group` or inside it.
fn inside(path: Option<&str>, group: &str) -> bool {
    path.is_some_and(|p| p == group || p.strip_prefix(group).is_some_and(|r| r.starts_with('/')))
}

/// The questions and groups of a definition as a tree.
pub(super) fn tree(def: &SurveyDefinition) -> Vec<Item> {
    // Open groups: (group index, its path, what it holds so far).
    let mut stack: Vec<(usize, String, Vec<Item>)> = Vec::new();
    let mut top: Vec<Item> = Vec::new();
    fn close(stack: &mut Vec<(usize, String, Vec<Item>)>, top: &mut Vec<Item>) {
        if let Some((g, _, items)) = stack.pop() {
            match stack.last_mut() {
                Some((_, _, parent)) => parent.push(Item::Group(g, items)),
                None => top.push(Item::Group(g, items)),
            }
        }
    }
    let mut groups = def.groups.iter().enumerate().peekable();
    let open_groups_up_to = |i: usize,
                             stack: &mut Vec<(usize, String, Vec<Item>)>,
                             top: &mut Vec<Item>,
                             groups: &mut std::iter::Peekable<
        std::iter::Enumerate<std::slice::Iter<'_, enquete_domain::survey::Group>>,
    >| {
        while let Some((gi, g)) = groups.next_if(|(_, g)| g.at <= i) {
            while stack
                .last()
                .is_some_and(|(_, p, _)| Some(p) != g.parent.as_ref())
            {
                close(stack, top);
            }
            stack.push((gi, g.path(), Vec::new()));
        }
    };
    for (i, q) in def.questions.iter().enumerate() {
        open_groups_up_to(i, &mut stack, &mut top, &mut groups);
        while stack
            .last()
            .is_some_and(|(_, p, _)| !inside(q.details.group.as_deref(), p))
        {
            close(&mut stack, &mut top);
        }
        match stack.last_mut() {
            Some((_, _, items)) => items.push(Item::Question(i)),
            None => top.push(Item::Question(i)),
        }
    }
    open_groups_up_to(usize::MAX, &mut stack, &mut top, &mut groups);
    while !stack.is_empty() {
        close(&mut stack, &mut top);
    }
    top
}

/// Where each name is, for `${name}`.
pub(super) struct Paths {
    /// The instance's root element (`data`).
    pub root: String,
    /// name → key; `None` when two elements share the name.
    names: BTreeMap<String, Option<String>>,
    repeats: BTreeSet<String>,
}

/// The path of the groups around a key (`a/b` for `a/b/c`), empty at the top.
fn container(key: &str) -> &str {
    key.rsplit_once('/').map_or("", |(p, _)| p)
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

impl Paths {
    pub fn new(def: &SurveyDefinition, root: &str) -> Self {
        let mut names: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut add = |name: &str, key: String| {
            names
                .entry(name.to_owned())
                .and_modify(|k| *k = None)
                .or_insert(Some(key));
        };
        for g in &def.groups {
            add(&g.name, g.path());
        }
        for q in &def.questions {
            add(&q.name, q.key());
        }
        let repeats = def
            .groups
            .iter()
            .filter(|g| g.repeat)
            .map(|g| g.path())
            .collect();
        Self {
            root: root.to_owned(),
            names,
            repeats,
        }
    }

    /// `/data/key`.
    pub fn absolute(&self, key: &str) -> String {
        format!("/{}/{key}", self.root)
    }

    /// The key of the element a name stands for.
    pub fn key_of(&self, name: &str) -> Option<&str> {
        self.names.get(name).and_then(|k| k.as_deref())
    }

    /// The relative path from `source` to `target` when both are in one repeat, as pyxform
    /// writes it: up to their lowest common group, then down (`../name`, `../../g/name`).
    fn relative(&self, source: &str, target: &str) -> Option<String> {
        let (s, t) = (segments(container(source)), segments(container(target)));
        let common = s.iter().zip(&t).take_while(|(a, b)| a == b).count();
        let in_repeat = (1..=common).any(|n| {
            self.repeats
                .contains(&s.get(..n).map(|p| p.join("/")).unwrap_or_default())
        });
        if !in_repeat {
            return None;
        }
        let steps = s.len() - common + 1;
        let rest = segments(target).get(common..).map(|p| p.join("/"))?;
        Some(format!("{}/{rest}", vec![".."; steps].join("/")))
    }

    /// `expr` with each `${name}` replaced by the path to it, for the element at `context`
    /// (its key; `None` for the form itself).
    pub fn expr(&self, expr: &str, context: Option<&str>) -> String {
        let mut out = String::with_capacity(expr.len() + 16);
        let mut rest = expr;
        let mut offset = 0;
        let repeat_calls = indexed_repeat_spans(expr);
        while let Some(start) = rest.find("${") {
            let Some(len) = rest.get(start..).and_then(|r| r.find('}')) else {
                break;
            };
            let inner = rest.get(start + 2..start + len).unwrap_or("");
            let (last_saved, name) = match inner.strip_prefix("last-saved#") {
                Some(n) => (true, n),
                None => (false, inner),
            };
            out.push_str(rest.get(..start).unwrap_or(""));
            let at = offset + start;
            match self.key_of(name) {
                Some(key) => {
                    let relative = match context {
                        Some(source) if !last_saved && relative_allowed(&repeat_calls, at) => {
                            self.relative(source, key)
                        }
                        _ => None,
                    };
                    match relative {
                        Some(r) if in_instance_predicate(expr, at) => {
                            out.push_str(&format!(" current()/{r} "));
                        }
                        Some(r) => out.push_str(&format!(" {r} ")),
                        None if last_saved => out
                            .push_str(&format!(" instance('__last-saved'){} ", self.absolute(key))),
                        None => out.push_str(&format!(" {} ", self.absolute(key))),
                    }
                }
                None => out.push_str(rest.get(start..=start + len).unwrap_or("")),
            }
            rest = rest.get(start + len + 1..).unwrap_or("");
            offset = at + len + 1;
        }
        out.push_str(rest);
        out
    }
}

/// The `indexed-repeat(...)` calls of an expression: (where it opens, where it closes, where
/// each argument starts).
fn indexed_repeat_spans(expr: &str) -> Vec<(usize, usize, Vec<usize>)> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(found) = expr.get(from..).and_then(|r| r.find("indexed-repeat(")) {
        let open = from + found + "indexed-repeat(".len();
        let mut depth = 1;
        let mut args = vec![open];
        let mut close = expr.len();
        for (i, c) in expr.get(open..).unwrap_or("").char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + i;
                        break;
                    }
                }
                ',' if depth == 1 => args.push(open + i + 1),
                _ => {}
            }
        }
        spans.push((open, close, args));
        from = open;
    }
    spans
}

/// pyxform keeps absolute paths for the repeat and node arguments of `indexed-repeat` (its
/// 1st, 2nd, 4th and 6th), and relative ones elsewhere.
fn relative_allowed(spans: &[(usize, usize, Vec<usize>)], at: usize) -> bool {
    for (open, close, args) in spans {
        if at >= *open && at < *close {
            let index = args.iter().filter(|a| **a <= at).count().saturating_sub(1);
            return ![0, 1, 3, 5].contains(&index);
        }
    }
    true
}

/// Whether position `at` is inside a `[...]` predicate of an expression reading a secondary
/// instance (`instance('list')/root/item[...]`): there pyxform writes `current()/..`.
fn in_instance_predicate(expr: &str, at: usize) -> bool {
    if !expr.contains("instance(") {
        return false;
    }
    let before = expr.get(..at).unwrap_or("");
    let after = expr.get(at..).unwrap_or("");
    match (before.rfind('['), after.find(']')) {
        (Some(open), Some(_)) => !before.get(open..).unwrap_or("").contains(']'),
        _ => false,
    }
}
