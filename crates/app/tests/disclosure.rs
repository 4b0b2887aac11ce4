//! Security issue 13, finding 2: no count hidden from an analyst can be worked out from what an
//! analyst can ask for. On the demo country, on both databases, this collects every figure an
//! analyst gets (every survey's results at every unit, every cross-tab at every unit, the
//! themes of every free-text question at every unit, the people per stage and the ladder month
//! by month), writes down every sum that ties them (parent = children, answers = options,
//! margins = cells, reached = at + beyond, themes + the rest = answers, a stage's months =
//! everyone who reached it where they are equal), and then, as an attacker would, solves for each hidden
//! count its smallest and largest possible value by linear programming. A count whose smallest
//! and largest values meet is recovered. None may be.
//!
//! The attacker is given more than an analyst has: the exact number of answers recorded at each
//! unit itself (not in any child), and, where a cross-tab's margin equals a result, that it
//! does. As a check that the attacker works, the same attack on cell-by-cell hiding (what the
//! program did before) must recover cells.
//!
//! To investigate a failure: `ATTACK_ONLY=people` or `ATTACK_ONLY=results` narrows the attack,
//! `ATTACK_PAIRS=3.4,0.6` keeps only those cross-tabs (question indexes), and any other
//! `ATTACK_ONLY` value prints the sums around the first count recovered.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::needless_range_loop,
    clippy::type_complexity,
    reason = "test code"
)]

use enquete_analysis::StageTotals;
use enquete_app::results::{Plain, Snapshot, crosstab, for_unit, snapshot};
use enquete_app::{App, Caller, Door};
use enquete_domain::Timestamp;
use enquete_domain::account::Role;
use enquete_domain::account::UserId;
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::people::{Language, Stage};
use enquete_domain::policy::Actor;
use enquete_domain::survey::QuestionKind;
use enquete_store::Backend;
use enquete_store::testing::TestDb;
use microlp::{ComparisonOp, OptimizationDirection, Problem};
use std::collections::HashMap;

/// One figure: its true value and what the analyst was shown (`None`: hidden; figures that are
/// never published at all are hidden too).
#[derive(Default)]
struct Attack {
    names: Vec<String>,
    truth: Vec<f64>,
    shown: Vec<Option<f64>>,
    /// Published (shown or marked hidden) rather than never given.
    published: Vec<bool>,
    /// Known to be at least 1 when hidden.
    positive: Vec<bool>,
    index: HashMap<String, usize>,
    /// Σ coef·var = rhs
    equations: Vec<(Vec<(usize, f64)>, f64)>,
    /// Σ coef·var ≤ 0
    at_most: Vec<Vec<(usize, f64)>>,
}

impl Attack {
    fn var(&mut self, name: String, truth: u64, shown: Option<Option<u64>>) -> usize {
        if let Some(i) = self.index.get(&name) {
            let i = *i;
            if let Some(s) = shown {
                // Given twice (a unit's results and its parent's children): must agree.
                if self.published[i] {
                    assert_eq!(self.shown[i], s.map(|v| v as f64), "{name} shown two ways");
                }
                self.published[i] = true;
                self.shown[i] = s.map(|v| v as f64);
            }
            return i;
        }
        let i = self.names.len();
        self.names.push(name.clone());
        self.truth.push(truth as f64);
        self.published.push(shown.is_some());
        self.positive.push(false);
        self.shown.push(shown.flatten().map(|v| v as f64));
        self.index.insert(name, i);
        i
    }

    /// `total` = Σ `parts` + what the attacker is told is outside them.
    fn sum(&mut self, total: usize, parts: &[usize]) {
        if parts.is_empty() {
            return;
        }
        let rest = self.truth[total] - parts.iter().map(|p| self.truth[*p]).sum::<f64>();
        let mut eq = vec![(total, 1.0)];
        eq.extend(parts.iter().map(|p| (*p, -1.0)));
        self.equations.push((eq, rest));
    }

    /// `a` ≤ `b`.
    fn at_most(&mut self, a: usize, b: usize) {
        self.at_most.push(vec![(a, 1.0), (b, -1.0)]);
    }

    /// The hidden published figures the attacker pins down, and how many were tried.
    fn recovered(&self) -> (Vec<String>, usize) {
        let n = self.names.len();
        let unknown: Vec<bool> = (0..n).map(|i| self.shown[i].is_none()).collect();
        // Group the unknowns linked by an equation.
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(p: &mut [usize], mut c: usize) -> usize {
            while p[c] != c {
                p[c] = p[p[c]];
                c = p[c];
            }
            c
        }
        let rows: Vec<&Vec<(usize, f64)>> = self
            .equations
            .iter()
            .map(|(e, _)| e)
            .chain(self.at_most.iter())
            .collect();
        for e in &rows {
            let vars: Vec<usize> = e.iter().map(|x| x.0).filter(|v| unknown[*v]).collect();
            for w in vars.windows(2) {
                let (a, b) = (root(&mut parent, w[0]), root(&mut parent, w[1]));
                parent[a] = b;
            }
        }
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for v in (0..n).filter(|v| unknown[*v]) {
            let r = root(&mut parent, v);
            groups.entry(r).or_default().push(v);
        }
        let mut found = Vec::new();
        let mut tried = 0;
        let mut sizes: Vec<usize> = groups.values().map(Vec::len).collect();
        sizes.sort_unstable();
        eprintln!(
            "{} groups of unknowns, largest {:?}",
            sizes.len(),
            &sizes[sizes.len().saturating_sub(5)..]
        );
        for vars in groups.values() {
            let local: HashMap<usize, usize> =
                vars.iter().enumerate().map(|(i, v)| (*v, i)).collect();
            // The equations of this group, with the shown figures moved to the right.
            let mut eqs: Vec<(Vec<(usize, f64)>, f64, bool)> = Vec::new();
            for (e, rhs) in &self.equations {
                if e.iter().any(|(v, _)| local.contains_key(v)) {
                    let mut lhs = Vec::new();
                    let mut r = *rhs;
                    for (v, c) in e {
                        match local.get(v) {
                            Some(l) => lhs.push((*l, *c)),
                            None => r -= c * self.shown[*v].expect("a known figure"),
                        }
                    }
                    eqs.push((lhs, r, true));
                }
            }
            for e in &self.at_most {
                if e.iter().any(|(v, _)| local.contains_key(v)) {
                    let mut lhs = Vec::new();
                    let mut r = 0.0;
                    for (v, c) in e {
                        match local.get(v) {
                            Some(l) => lhs.push((*l, *c)),
                            None => r -= c * self.shown[*v].expect("a known figure"),
                        }
                    }
                    eqs.push((lhs, r, false));
                }
            }
            if eqs.is_empty() {
                continue;
            }
            // A hidden count is not recovered when some solution of everything shown gives it a
            // value at least 1 away from the truth (the solutions form a convex set holding the
            // truth, so every value in between is possible too). Solutions are sought within 20
            // of the truth (fewer solutions, so never a false "not recovered"): first a few with
            // random aims, which clear many counts at once, then one per count left.
            let solve = |aim: &dyn Fn(usize) -> f64, dir| -> Option<Vec<f64>> {
                let mut p = Problem::new(dir);
                let xs: Vec<_> = vars
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        // A hidden count may be 0 (a 0 is hidden when nothing else can be),
                        // except where zeros are always shown.
                        let low = if self.positive[*w] { 1.0 } else { 0.0 };
                        let t = self.truth[*w];
                        p.add_var(aim(i), ((t - 20.0).max(low), t + 20.0))
                    })
                    .collect();
                for (lhs, rhs, eq) in &eqs {
                    let expr: Vec<_> = lhs.iter().map(|(l, c)| (xs[*l], *c)).collect();
                    let op = if *eq {
                        ComparisonOp::Eq
                    } else {
                        ComparisonOp::Le
                    };
                    p.add_constraint(expr.as_slice(), op, *rhs);
                }
                match p.solve() {
                    Ok(microlp::SolveOutcome::Solution(s)) => {
                        Some(xs.iter().map(|x| s[*x]).collect())
                    }
                    _ => None,
                }
            };
            let mut open: Vec<usize> = (0..vars.len())
                .filter(|i| self.published[vars[*i]])
                .collect();
            tried += open.len();
            let moved = |x: &[f64], i: usize| (x[i] - self.truth[vars[i]]).abs() >= 1.0 - 1e-6;
            for round in 0..6 {
                if open.is_empty() {
                    break;
                }
                let signs: HashMap<usize, f64> = open
                    .iter()
                    .map(|i| (*i, if fastrand::bool() { 1.0 } else { -1.0 }))
                    .collect();
                let dir = if round % 2 == 0 {
                    OptimizationDirection::Maximize
                } else {
                    OptimizationDirection::Minimize
                };
                if let Some(x) = solve(&|i| signs.get(&i).copied().unwrap_or(0.0), dir) {
                    open.retain(|i| !moved(&x, *i));
                }
            }
            for i in open {
                let up = solve(
                    &|j| if j == i { 1.0 } else { 0.0 },
                    OptimizationDirection::Maximize,
                );
                if up.as_ref().is_some_and(|x| moved(x, i)) {
                    continue;
                }
                let down = solve(
                    &|j| if j == i { 1.0 } else { 0.0 },
                    OptimizationDirection::Minimize,
                );
                if down.as_ref().is_some_and(|x| moved(x, i)) {
                    continue;
                }
                found.push(format!(
                    "{} = {} (at most {:?}, at least {:?})",
                    self.names[vars[i]],
                    self.truth[vars[i]],
                    up.map(|x| x[i]),
                    down.map(|x| x[i])
                ));
            }
        }
        (found, tried)
    }
}

fn analyst(root: &Unit) -> Caller {
    Caller {
        actor: Actor::new(UserId(1), Role::Analyst, root.path.clone()),
        email: "analyst@example.org".into(),
        name: "Analyst".into(),
        unit: root.id,
        ip: "test".into(),
        door: Door::Cli,
        now: Timestamp::now_utc(),
    }
}

fn admin(root: &Unit) -> Caller {
    let mut c = analyst(root);
    c.actor.role = Role::NationalAdmin;
    c
}

/// Everything an analyst can read of one survey, with the truth beside it.
async fn survey(app: &App, snap: &Snapshot, attack: &mut Attack, crosstabs: bool) {
    let def = &snap.survey.definition;
    let sid = snap.survey.id.0;
    let units: Vec<&Unit> = snap
        .units
        .iter()
        .filter(|u| snap.raw.contains_key(&u.id))
        .collect();
    let children = |u: &Unit| -> Vec<&Unit> {
        units
            .iter()
            .copied()
            .filter(|c| c.parent == Some(u.id))
            .collect()
    };
    let name = |what: &str, u: UnitId| format!("s{sid}/{what}@{}", u.0);
    for u in &units {
        let truth = for_unit(snap, u, false, Language::En, false, false, &Plain).unwrap();
        let shown = for_unit(snap, u, true, Language::En, false, false, &Plain).unwrap();
        let r = attack.var(
            name("responses", u.id),
            truth.responses.unwrap(),
            Some(shown.responses),
        );
        let _ = r;
        for (qi, (t, s)) in truth.questions.iter().zip(&shown.questions).enumerate() {
            attack.var(
                name(&format!("q{qi}"), u.id),
                t.answered.unwrap(),
                Some(s.answered),
            );
            for (i, (to, so)) in t.options.iter().zip(&s.options).enumerate() {
                attack.var(
                    name(&format!("q{qi}o{i}"), u.id),
                    to.count.unwrap(),
                    Some(so.count),
                );
                if let Some(first) = to.first {
                    attack.var(name(&format!("q{qi}f{i}"), u.id), first, Some(so.first));
                }
            }
            // The bars of a number's or a date's distribution.
            if let (Some(td), Some(sd)) = (&t.distribution, &s.distribution) {
                for (j, (tb, sb)) in td.bins.iter().zip(&sd.bins).enumerate() {
                    attack.var(
                        name(&format!("q{qi}b{j}"), u.id),
                        tb.count.unwrap(),
                        Some(sb.count),
                    );
                }
            }
        }
        // The rows per response of each repeat.
        for (ri, (t, s)) in truth.repeats.iter().zip(&shown.repeats).enumerate() {
            if let (Some(td), Some(sd)) = (&t.per_respondent, &s.per_respondent) {
                for (j, (tb, sb)) in td.bins.iter().zip(&sd.bins).enumerate() {
                    attack.var(
                        name(&format!("r{ri}b{j}"), u.id),
                        tb.count.unwrap(),
                        Some(sb.count),
                    );
                }
            }
        }
    }
    // The sums of the results.
    for u in &units {
        let kids = children(u);
        let idx = |a: &Attack, what: &str, u: UnitId| a.index[&name(what, u)];
        let mut whats = vec!["responses".to_owned()];
        for (qi, q) in def.questions.iter().enumerate() {
            whats.push(format!("q{qi}"));
            for i in 0..q.kind.choices().len() {
                whats.push(format!("q{qi}o{i}"));
                if matches!(q.kind, QuestionKind::Ranking { .. }) {
                    whats.push(format!("q{qi}f{i}"));
                }
            }
        }
        // Bars: the same bins at every unit; a unit without answers has none of its own.
        let bins = |a: &Attack, prefix: &str| -> Vec<String> {
            (0..)
                .map(|j| format!("{prefix}b{j}"))
                .take_while(|w| a.index.contains_key(&name(w, u.id)))
                .collect()
        };
        for (qi, _) in def.questions.iter().enumerate() {
            whats.extend(bins(attack, &format!("q{qi}")));
        }
        for ri in 0..snap.data.repeats.len() {
            whats.extend(bins(attack, &format!("r{ri}")));
        }
        for what in &whats {
            let total = idx(attack, what, u.id);
            let parts: Option<Vec<usize>> = kids
                .iter()
                .map(|k| attack.index.get(&name(what, k.id)).copied())
                .collect();
            // A child without a bar of its own has no answers there.
            let parts = parts.unwrap_or_else(|| {
                kids.iter()
                    .filter_map(|k| attack.index.get(&name(what, k.id)).copied())
                    .collect()
            });
            attack.sum(total, &parts);
        }
        for (total, prefix) in def
            .questions
            .iter()
            .enumerate()
            .map(|(qi, _)| (format!("q{qi}"), format!("q{qi}")))
            .chain(
                (0..snap.data.repeats.len()).map(|ri| ("responses".to_owned(), format!("r{ri}"))),
            )
        {
            let parts: Vec<usize> = bins(attack, &prefix)
                .iter()
                .map(|w| idx(attack, w, u.id))
                .collect();
            let t = idx(attack, &total, u.id);
            if !parts.is_empty()
                && attack.truth[t] == parts.iter().map(|p| attack.truth[*p]).sum::<f64>()
            {
                attack.sum(t, &parts);
            }
        }
        for (qi, q) in def.questions.iter().enumerate() {
            let answered = idx(attack, &format!("q{qi}"), u.id);
            let n = q.kind.choices().len();
            let options: Vec<usize> = (0..n)
                .map(|i| idx(attack, &format!("q{qi}o{i}"), u.id))
                .collect();
            match q.kind {
                // Asked in a repeat, a response holds the choices of all its rows.
                QuestionKind::SingleChoice { .. } if def.one_answer(qi) => {
                    attack.sum(answered, &options);
                }
                QuestionKind::Ranking { .. } => {
                    let firsts: Vec<usize> = (0..n)
                        .map(|i| idx(attack, &format!("q{qi}f{i}"), u.id))
                        .collect();
                    if attack.truth[answered]
                        == firsts.iter().map(|f| attack.truth[*f]).sum::<f64>()
                    {
                        attack.sum(answered, &firsts);
                    }
                    for (f, o) in firsts.iter().zip(&options) {
                        attack.at_most(*f, *o);
                    }
                    for o in &options {
                        attack.at_most(*o, answered);
                    }
                }
                QuestionKind::MultipleChoice { .. } | QuestionKind::SingleChoice { .. } => {
                    for o in &options {
                        attack.at_most(*o, answered);
                    }
                }
                _ => {}
            }
            let responses = idx(attack, "responses", u.id);
            attack.at_most(answered, responses);
        }
    }
    // Every cross-tab at every unit.
    for (qi, q) in def.questions.iter().enumerate() {
        if q.kind.choices().is_empty() {
            continue;
        }
        for (bi, b) in def.questions.iter().enumerate() {
            if !crosstabs || bi == qi || !def.one_answer(bi) {
                continue;
            }
            let single = def.one_answer(qi);
            if let Ok(pairs) = std::env::var("ATTACK_PAIRS") {
                let (lo, hi) = (qi.min(bi), qi.max(bi));
                if !pairs.split(',').any(|p| p == format!("{lo}.{hi}")) {
                    continue;
                }
            }
            // Both with one answer: one table, however it is turned.
            let (a, z) = if single && qi > bi {
                (bi, qi)
            } else {
                (qi, bi)
            };
            let cell = |u: UnitId, i: usize, j: usize| {
                let (i, j) = if single && qi > bi { (j, i) } else { (i, j) };
                name(&format!("x{a}.{z}:{i}.{j}"), u)
            };
            let column = |u: UnitId, j: usize| {
                if single && qi > bi {
                    name(&format!("x{a}.{z}:row{j}"), u)
                } else {
                    name(&format!("x{a}.{z}:col{j}"), u)
                }
            };
            for u in &units {
                let t = crosstab(snap, u, &q.name, &b.name, false, Language::En, false).unwrap();
                let s = crosstab(snap, u, &q.name, &b.name, true, Language::En, false).unwrap();
                assert!(
                    s.chi_square.is_none()
                        || s.rows
                            .iter()
                            .all(|r| r.cells.iter().all(|c| c.count.is_some()))
                );
                for (i, (tr, sr)) in t.rows.iter().zip(&s.rows).enumerate() {
                    for (j, (tc, sc)) in tr.cells.iter().zip(&sr.cells).enumerate() {
                        attack.var(cell(u.id, i, j), tc.count.unwrap(), Some(sc.count));
                    }
                }
                for (j, (tn, sn)) in t.column_answered.iter().zip(&s.column_answered).enumerate() {
                    attack.var(column(u.id, j), tn.unwrap(), Some(*sn));
                }
            }
            if single && qi > bi {
                continue; // the sums were written when the table was met the other way
            }
            for u in &units {
                let rows = q.kind.choices().len();
                let cols = b.kind.choices().len();
                let x: Vec<Vec<usize>> = (0..rows)
                    .map(|i| (0..cols).map(|j| attack.index[&cell(u.id, i, j)]).collect())
                    .collect();
                let cols_v: Vec<usize> = (0..cols)
                    .map(|j| attack.index[&name(&format!("x{a}.{z}:col{j}"), u.id)])
                    .collect();
                // Row totals: published as the columns of the turned table when both have one
                // answer; otherwise known only where they equal the result.
                let row_totals: Vec<usize> = (0..rows)
                    .map(|i| {
                        let truth: u64 = x[i].iter().map(|c| attack.truth[*c] as u64).sum();
                        let key = name(&format!("x{a}.{z}:row{i}"), u.id);
                        attack.var(key, truth, None)
                    })
                    .collect();
                for i in 0..rows {
                    attack.sum(row_totals[i], &x[i]);
                    let result = attack.index[&name(&format!("q{qi}o{i}"), u.id)];
                    if attack.truth[result] == attack.truth[row_totals[i]] {
                        attack.sum(result, &[row_totals[i]]);
                    }
                }
                for j in 0..cols {
                    if single {
                        let parts: Vec<usize> = (0..rows).map(|i| x[i][j]).collect();
                        attack.sum(cols_v[j], &parts);
                    }
                    let result = attack.index[&name(&format!("q{bi}o{j}"), u.id)];
                    if attack.truth[result] == attack.truth[cols_v[j]] {
                        attack.sum(result, &[cols_v[j]]);
                    }
                }
                let kids = children(u);
                for i in 0..rows {
                    for j in 0..cols {
                        let parts: Vec<usize> = kids
                            .iter()
                            .map(|k| attack.index[&cell(k.id, i, j)])
                            .collect();
                        attack.sum(x[i][j], &parts);
                    }
                }
                for j in 0..cols {
                    let key = |u: UnitId| name(&format!("x{a}.{z}:col{j}"), u);
                    let parts: Vec<usize> = kids.iter().map(|k| attack.index[&key(k.id)]).collect();
                    attack.sum(attack.index[&key(u.id)], &parts);
                }
            }
        }
    }
    // The themes of every free-text question at every unit.
    for (qi, q) in def.questions.iter().enumerate() {
        if std::env::var("ATTACK_PAIRS").is_ok() {
            break;
        }
        if !matches!(q.kind, QuestionKind::Text { .. }) {
            continue;
        }
        for u in &units {
            let t = enquete_app::themes::for_unit(
                app,
                snap.survey.id,
                u,
                Some(&q.name),
                Language::En,
                false,
            )
            .await
            .unwrap();
            let s = enquete_app::themes::for_unit(
                app,
                snap.survey.id,
                u,
                Some(&q.name),
                Language::En,
                true,
            )
            .await
            .unwrap();
            let answered = attack.index[&name(&format!("q{qi}"), u.id)];
            assert_eq!(
                attack.shown[answered],
                s.answered.map(|n| n as f64),
                "themes and results agree on the answers"
            );
            let mut parts = Vec::new();
            // The analyst's list is the full list without the themes under 5, in the same
            // order (a theme may be called by its number there).
            let mut listed = s.themes.iter();
            let mut rest = t.unthemed.unwrap() as u64;
            // Themes under 5 (a unit with few answers groups answers in twos and threes): never
            // listed, each an unknown part of what is left.
            let mut small = Vec::new();
            for th in &t.themes {
                let size = th.size.unwrap();
                if size >= 5 {
                    let shown = listed.next().expect("the analyst's list lines up").size;
                    parts.push(attack.var(
                        name(&format!("t{qi}:{}", th.key), u.id),
                        size as u64,
                        Some(shown.map(|n| n as u64)),
                    ));
                } else {
                    rest += size as u64;
                    small.push(attack.var(
                        name(&format!("t{qi}:{}", th.key), u.id),
                        size as u64,
                        None,
                    ));
                }
            }
            assert!(listed.next().is_none());
            let unthemed = attack.var(
                name(&format!("t{qi}:none"), u.id),
                t.unthemed.unwrap() as u64,
                Some(s.unthemed.map(|n| n as u64)),
            );
            let left = attack.var(name(&format!("t{qi}:left"), u.id), rest, None);
            small.push(unthemed);
            attack.sum(left, &small);
            parts.push(left);
            attack.sum(answered, &parts);
        }
    }
}

/// The people per stage, at every unit.
async fn people(app: &App, root: &Unit, attack: &mut Attack) {
    let truth = enquete_app::scope::people_counts(app, &admin(root), root)
        .await
        .unwrap();
    let shown = enquete_app::scope::people_counts(app, &analyst(root), root)
        .await
        .unwrap();
    let units = app.store.subtree(&root.path, true).await.unwrap();
    let name = |what: String, u: UnitId| format!("people/{what}@{}", u.0);
    for u in &units {
        if !truth.totals.contains_key(&u.id) {
            continue;
        }
        let mut at = Vec::new();
        let mut reached = Vec::new();
        for s in Stage::ALL {
            at.push(attack.var(
                name(format!("at{}", s.index()), u.id),
                truth.at(u.id, s).unwrap(),
                Some(shown.at(u.id, s)),
            ));
            reached.push(attack.var(
                name(format!("reached{}", s.index()), u.id),
                truth.reached(u.id, s).unwrap(),
                Some(shown.reached(u.id, s)),
            ));
        }
        assert_eq!(shown.total(u.id), shown.reached(u.id, Stage::Contact));
        for s in 0..6 {
            let mut parts = vec![at[s]];
            if s + 1 < 6 {
                parts.push(reached[s + 1]);
            }
            attack.sum(reached[s], &parts);
        }
    }
    for u in &units {
        if !truth.totals.contains_key(&u.id) {
            continue;
        }
        let kids: Vec<&Unit> = units
            .iter()
            .filter(|k| k.parent == Some(u.id) && truth.totals.contains_key(&k.id))
            .collect();
        for what in (0..6).flat_map(|s| [format!("at{s}"), format!("reached{s}")]) {
            let total = attack.index[&name(what.clone(), u.id)];
            let parts: Vec<usize> = kids
                .iter()
                .map(|k| attack.index[&name(what.clone(), k.id)])
                .collect();
            attack.sum(total, &parts);
        }
    }
    // The ladder month by month at every unit: months of a parent = its children's; where a
    // stage's months add up to everyone who reached it, the attacker is told so.
    let now = Timestamp::now_utc();
    let mut funnel: HashMap<UnitId, Vec<(String, [usize; 6])>> = HashMap::new();
    for u in &units {
        if !truth.totals.contains_key(&u.id) {
            continue;
        }
        let t = enquete_app::scope::ladder_by_month(app, &admin(root), u, now)
            .await
            .unwrap();
        let s = enquete_app::scope::ladder_by_month(app, &analyst(root), u, now)
            .await
            .unwrap();
        let mut rows = Vec::new();
        for (month, shown) in &s {
            let counts = t
                .iter()
                .find(|(m, _)| m == month)
                .map_or([Some(0); 6], |(_, c)| *c);
            let cells: [usize; 6] = std::array::from_fn(|k| {
                attack.var(
                    name(format!("month{month}s{k}"), u.id),
                    counts[k].unwrap(),
                    Some(shown[k]),
                )
            });
            rows.push((month.clone(), cells));
        }
        assert!(
            t.iter().all(|(m, _)| s.iter().any(|(n, _)| n == m)),
            "every month is listed"
        );
        for k in 0..6 {
            let parts: Vec<usize> = rows.iter().map(|r| r.1[k]).collect();
            let reached = attack.index[&name(format!("reached{k}"), u.id)];
            let sum: f64 = parts.iter().map(|p| attack.truth[*p]).sum();
            if !parts.is_empty() && sum == attack.truth[reached] {
                attack.sum(reached, &parts);
            }
        }
        funnel.insert(u.id, rows);
    }
    for u in &units {
        let Some(rows) = funnel.get(&u.id) else {
            continue;
        };
        let kids: Vec<&Vec<(String, [usize; 6])>> = units
            .iter()
            .filter(|k| k.parent == Some(u.id))
            .filter_map(|k| funnel.get(&k.id))
            .collect();
        for (month, cells) in rows {
            for k in 0..6 {
                let parts: Vec<usize> = kids
                    .iter()
                    .filter_map(|r| r.iter().find(|(m, _)| m == month).map(|r| r.1[k]))
                    .collect();
                attack.sum(cells[k], &parts);
            }
        }
    }
    let _: Option<&StageTotals> = None;
}

async fn demo_attack(backend: Backend, crosstabs: bool) {
    let Some(db) = TestDb::new(backend).await.unwrap() else {
        eprintln!("{} skipped", backend.name());
        return;
    };
    let store = db.store().await.unwrap();
    let app = App::new(store);
    let now = Timestamp::now_utc();
    enquete_app::demo::load(&app, enquete_domain::demo::Scale::Small, 7, now, |_, _| {})
        .await
        .unwrap();
    let root = app.store.root_unit().await.unwrap().unwrap();
    let mut attack = Attack::default();
    let clock = std::time::Instant::now();
    let only_people = std::env::var("ATTACK_ONLY").is_ok_and(|v| v == "people");
    let only_results = std::env::var("ATTACK_ONLY").is_ok_and(|v| v == "results");
    for s in app.store.surveys().await.unwrap() {
        if only_people {
            break;
        }
        let snap = snapshot(&app, s.id).await.unwrap();
        survey(&app, &snap, &mut attack, crosstabs).await;
        eprintln!("survey {}: {:?}", s.id.0, clock.elapsed());
    }
    if !only_results {
        people(&app, &root, &mut attack).await;
    }
    eprintln!("people: {:?}", clock.elapsed());
    let hidden = attack
        .shown
        .iter()
        .zip(&attack.published)
        .filter(|(s, p)| s.is_none() && **p)
        .count();
    let (found, tried) = attack.recovered();
    let bars = |hidden: bool| {
        attack
            .names
            .iter()
            .zip(&attack.shown)
            .filter(|(n, s)| {
                n.split('/').nth(1).is_some_and(|w| w.contains('b')) && s.is_none() == hidden
            })
            .count()
    };
    eprintln!(
        "bars of distributions: {} shown, {} hidden",
        bars(false),
        bars(true)
    );
    assert!(bars(true) > 0, "some bars are hidden, and attacked");
    eprintln!("attack: {:?}", clock.elapsed());
    eprintln!(
        "{}: {} figures, {hidden} hidden, {tried} attacked, {} recovered",
        backend.name(),
        attack.names.len(),
        found.len()
    );
    assert!(
        hidden > 50,
        "the demo has hidden counts to attack ({hidden})"
    );
    if !found.is_empty() {
        let mut kinds: HashMap<String, (usize, String)> = HashMap::new();
        for f in &found {
            let kind: String = f
                .split('@')
                .next()
                .unwrap_or("")
                .chars()
                .map(|c| if c.is_ascii_digit() { 'N' } else { c })
                .collect();
            let e = kinds.entry(kind).or_insert((0, f.clone()));
            e.0 += 1;
        }
        if std::env::var("ATTACK_ONLY").is_ok() {
            for f in found.iter().take(1) {
                let name = f.split(' ').next().unwrap_or("");
                let v = attack.index[name];
                eprintln!("{f}");
                let mut near = std::collections::HashSet::from([v]);
                for _ in 0..3 {
                    for (e, _) in &attack.equations {
                        if e.iter().any(|(x, _)| near.contains(x)) {
                            for (x, _) in e {
                                if attack.shown[*x].is_none() {
                                    near.insert(*x);
                                }
                            }
                        }
                    }
                }
                for (e, rhs) in &attack.equations {
                    if e.iter().any(|(x, _)| near.contains(x)) {
                        let terms: Vec<String> = e
                            .iter()
                            .map(|(x, c)| {
                                format!(
                                    "{c:+} {}[{}{}]",
                                    attack.names[*x],
                                    attack.truth[*x],
                                    if attack.shown[*x].is_some() {
                                        ""
                                    } else {
                                        " hidden"
                                    }
                                )
                            })
                            .collect();
                        eprintln!("   {} = {rhs}", terms.join(" "));
                    }
                }
            }
        }
        panic!("recovered {} hidden counts: {kinds:#?}", found.len());
    }

    // The attacker works: on cell-by-cell hiding it recovers counts (checked without the
    // cross-tabs, where it is quick).
    if crosstabs {
        db.finish().await;
        return;
    }
    let mut naive = attack;
    for i in 0..naive.names.len() {
        if naive.published[i] {
            let v = naive.truth[i];
            naive.shown[i] = (!(v > 0.0 && v < 5.0)).then_some(v);
            // Cell by cell, a hidden count is never 0.
            naive.positive[i] = naive.shown[i].is_none();
        }
    }
    let (found, _) = naive.recovered();
    eprintln!(
        "{}: cell by cell, {} recovered",
        backend.name(),
        found.len()
    );
    assert!(!found.is_empty());
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_hidden_count_is_recovered_on_sqlite() {
    demo_attack(Backend::Sqlite, false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_hidden_count_is_recovered_on_postgres() {
    demo_attack(Backend::Postgres, false).await;
}

/// The same attack with every cross-tab at every unit added (each cross-tab is protected as one
/// table with both questions' results as its margins).
#[tokio::test(flavor = "multi_thread")]
async fn no_hidden_count_is_recovered_with_crosstabs_on_sqlite() {
    demo_attack(Backend::Sqlite, true).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_hidden_count_is_recovered_with_crosstabs_on_postgres() {
    demo_attack(Backend::Postgres, true).await;
}

/// Security issue 13, finding 2: an analyst's row-level export shows no combination of place
/// and demographic answers held by fewer than 5 rows, and a city's export and one of its
/// sections' never show a row two ways.
#[tokio::test(flavor = "multi_thread")]
async fn analyst_exports_are_k_anonymous() {
    let db = TestDb::new(Backend::Sqlite).await.unwrap().unwrap();
    let app = App::new(db.store().await.unwrap());
    enquete_app::demo::load(
        &app,
        enquete_domain::demo::Scale::Small,
        7,
        Timestamp::now_utc(),
        |_, _| {},
    )
    .await
    .unwrap();
    let root = app.store.root_unit().await.unwrap().unwrap();
    let enquete = enquete_domain::demo::belgian_enquete().form_id;
    let survey = app
        .store
        .surveys()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.definition.form_id == enquete)
        .unwrap();
    let snap = snapshot(&app, survey.id).await.unwrap();
    let def = &snap.survey.definition;
    let quasi: Vec<String> = ["region", "city", "section"]
        .into_iter()
        .map(str::to_owned)
        .chain(
            def.questions
                .iter()
                .filter(|q| q.demographic && !q.kind.choices().is_empty())
                .map(|q| q.name.clone()),
        )
        .collect();
    assert!(quasi.len() > 4, "the demo asks demographic questions");
    let rows_of = |csv: &[u8]| -> Vec<HashMap<String, String>> {
        let mut reader = csv::Reader::from_reader(csv);
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                header
                    .iter()
                    .cloned()
                    .zip(r.iter().map(str::to_owned))
                    .collect()
            })
            .collect()
    };
    let key = |row: &HashMap<String, String>| -> Vec<String> {
        quasi
            .iter()
            .map(|q| row.get(q).cloned().unwrap_or_default())
            .collect()
    };
    let (all, n) = enquete_app::results::export(&snap, &root, true, false).unwrap();
    let rows = rows_of(&all);
    assert_eq!(rows.len(), n);
    let mut groups: HashMap<Vec<String>, usize> = HashMap::new();
    for row in &rows {
        *groups.entry(key(row)).or_default() += 1;
    }
    let small: Vec<_> = groups.iter().filter(|(_, n)| **n < 5).collect();
    assert!(small.is_empty(), "combinations under 5: {small:?}");
    // Organizers get every row as it is; analysts lose few.
    let (_, everyone) = enquete_app::results::export(&snap, &root, false, false).unwrap();
    assert!(n * 10 >= everyone * 7, "{n} of {everyone} rows kept");
    // The same rows, shown the same way, whichever unit is exported.
    let city = snap
        .units
        .iter()
        .find(|u| u.kind == enquete_domain::org::UnitKind::City)
        .unwrap();
    let (part, _) = enquete_app::results::export(&snap, city, true, false).unwrap();
    for row in rows_of(&part) {
        assert!(groups.contains_key(&key(&row)), "{row:?}");
    }
    db.finish().await;
}
