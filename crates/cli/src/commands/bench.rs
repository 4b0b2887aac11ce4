//! `enquete bench ...` (not shown in --help): the Rust half of the benchmarks in `bench/`.
//! Each command makes its data, writes it to files the reference tools read, times Enquête on
//! the same data in this process and prints one JSON line of figures.

use anyhow::{Context, Result, anyhow};
use clap::Subcommand;
use enquete_analysis::dataset::{Column, Dataset};
use enquete_analysis::raking::{Margin, RakeOptions, rake};
use enquete_analysis::results::roll_up;
use enquete_analysis::themes::{Lexicon, ThemeOptions, find_themes};
use enquete_domain::Timestamp;
use enquete_domain::demo::{Scale, country};
use enquete_domain::demo_bench::{bench_responses, bench_survey};
use enquete_domain::org::UnitId;
use std::collections::HashMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Roll up N responses to the 30-question survey; writes them as CSV for DuckDB.
    Rollup {
        #[arg(long, default_value_t = 1_000_000)]
        rows: usize,
        #[arg(long)]
        csv: PathBuf,
    },
    /// Rake N respondents over 3 margins; writes sample, margins and weights for weightipy.
    Rake {
        #[arg(long, default_value_t = 1_000_000)]
        rows: usize,
        #[arg(long)]
        dir: PathBuf,
    },
    /// Find themes in N answers made from a labelled file.
    Themes {
        #[arg(long, default_value_t = 100_000)]
        answers: usize,
        #[arg(long)]
        labelled: PathBuf,
    },
    /// A day at the festival's gates: tickets, gates in entry groups, copies tried at other
    /// gates, network cuts (docs/festival-gates.md).
    Gates {
        #[arg(long, default_value_t = 15_000)]
        tickets: usize,
        #[arg(long, default_value_t = 8)]
        gates: u32,
        #[arg(long, default_value_t = 4)]
        groups: u32,
        /// The share of visitors whose ticket is tried again at another gate.
        #[arg(long, default_value_t = 0.1)]
        duplicates: f64,
        /// How long every gate is cut off at once.
        #[arg(long, default_value_t = 10)]
        partition_minutes: i64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// A research set of companies and links on both databases: a company's two-step
    /// neighbourhood and a name search against reading one company (docs/research.md).
    Research {
        #[arg(long, default_value_t = 100_000)]
        companies: usize,
        #[arg(long, default_value_t = 1_000_000)]
        links: usize,
        #[arg(long, default_value_t = 300)]
        queries: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

pub async fn run(command: BenchCommand) -> Result<()> {
    match command {
        BenchCommand::Rollup { rows, csv } => rollup(rows, &csv)?,
        BenchCommand::Rake { rows, dir } => raking(rows, &dir)?,
        BenchCommand::Themes { answers, labelled } => themes(answers, &labelled)?,
        BenchCommand::Gates {
            tickets,
            gates,
            groups,
            duplicates,
            partition_minutes,
            seed,
        } => {
            super::bench_gates::gates(super::bench_gates::Settings {
                tickets,
                gates,
                groups,
                duplicates,
                partition_minutes,
                seed,
            })
            .await?
        }
        BenchCommand::Research {
            companies,
            links,
            queries,
            seed,
        } => super::bench_research::research(companies, links, queries, seed).await?,
    }
    Ok(())
}

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// A pass over every byte of the encoded responses, as the floor any roll-up has to pay: on as
/// many threads as the roll-up uses, each reading every n-th column (and the first also the
/// sections of the rows).
fn scan(data: &Dataset) -> (u64, usize) {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(data.columns.len().max(1));
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| scope.spawn(move || scan_part(data, t, threads)))
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().ok())
            .fold((0_u64, 0), |a, b| (a.0.wrapping_add(b.0), a.1 + b.1))
    })
}

fn scan_part(data: &Dataset, part: usize, parts: usize) -> (u64, usize) {
    let mut sum = 0_u64;
    let mut bytes = 0;
    if part == 0 {
        for u in &data.units {
            sum = sum.wrapping_add(u64::from(*u));
        }
        bytes += data.units.len() * 4;
    }
    for c in data.columns.iter().skip(part).step_by(parts) {
        match c {
            Column::Single(v) => {
                for x in v {
                    sum = sum.wrapping_add(u64::from(*x));
                }
                bytes += v.len() * 2;
            }
            Column::Multiple(l) | Column::Ranking(l) => {
                for x in &l.codes {
                    sum = sum.wrapping_add(u64::from(*x));
                }
                for x in &l.offsets {
                    sum = sum.wrapping_add(u64::from(*x));
                }
                for x in &l.answered {
                    sum = sum.wrapping_add(u64::from(*x));
                }
                bytes += l.codes.len() * 2 + l.offsets.len() * 4 + l.answered.len();
            }
            Column::Number(v) => {
                for x in v {
                    sum = sum.wrapping_add(*x as u64);
                }
                bytes += v.len() * 8;
            }
            Column::Text(v) => bytes += v.len(),
        }
    }
    (sum, bytes)
}

/// Roll-up of `rows` responses to the 30-question survey over the national demo country.
pub fn rollup(rows: usize, csv: &Path) -> Result<()> {
    let now = Timestamp(1_790_000_000);
    let c = country(Scale::National, 1, now);
    let def = bench_survey();
    let mut data = Dataset::new(&def);
    let mut start = 0;
    while start < rows {
        let end = (start + 100_000).min(rows);
        for r in bench_responses(&c, 1, start, end, now) {
            data.push(&r.id, UnitId(r.unit as i64), &r.answers);
        }
        start = end;
    }
    let tree: Vec<(UnitId, Option<UnitId>)> = c
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (UnitId(i as i64), u.parent.map(|p| UnitId(p as i64))))
        .collect();
    // The file DuckDB reads: the same responses with region, city and section names.
    let mut places: HashMap<UnitId, Vec<String>> = HashMap::new();
    for (i, u) in c.units.iter().enumerate() {
        let mut chain = vec![i];
        let mut at = u.parent;
        while let Some(p) = at {
            chain.push(p);
            at = c.units.get(p).and_then(|x| x.parent);
        }
        chain.reverse();
        let name = |depth: usize| {
            chain
                .get(depth)
                .and_then(|k| c.units.get(*k))
                .map_or_else(String::new, |x| x.name.clone())
        };
        places.insert(UnitId(i as i64), vec![name(1), name(2), name(3)]);
    }
    let levels = vec!["region".to_owned(), "city".to_owned(), "section".to_owned()];
    let file =
        std::fs::File::create(csv).with_context(|| format!("cannot write {}", csv.display()))?;
    enquete_formats::export::responses_csv(
        &def,
        &data,
        &enquete_formats::export::ExportOptions {
            include_text: true,
            leave_out: &[],
            weights: None,
            levels: &levels,
            places: &places,
        },
        std::io::BufWriter::new(file),
    )?;
    let rolled = best_of(5, || {
        black_box(roll_up(&def, &data, &tree, None));
    });
    let weights = vec![1.0; data.len()];
    let weighted = best_of(3, || {
        black_box(roll_up(&def, &data, &tree, Some(&weights)));
    });
    let mut bytes = 0;
    let scanned = best_of(5, || {
        let (sum, b) = scan(&data);
        bytes = b;
        black_box(sum);
    });
    println!(
        "{{\"rows\": {}, \"questions\": {}, \"units\": {}, \"rollup_s\": {:.6}, \"weighted_rollup_s\": {:.6}, \"scan_s\": {:.6}, \"bytes\": {bytes}}}",
        data.len(),
        def.questions.len(),
        tree.len(),
        rolled.as_secs_f64(),
        weighted.as_secs_f64(),
        scanned.as_secs_f64()
    );
    Ok(())
}

/// A weighting variable: name, categories, population, how respondents lean (percent).
type Variable = (
    &'static str,
    &'static [&'static str],
    &'static [f64],
    &'static [u32],
);

/// Raking `rows` respondents over region, gender and age band.
pub fn raking(rows: usize, dir: &Path) -> Result<()> {
    let vars: [Variable; 3] = [
        (
            "region",
            &["flanders", "wallonia", "brussels"],
            &[5_620_000.0, 3_050_000.0, 990_000.0],
            &[50, 35, 15],
        ),
        (
            "gender",
            &["woman", "man"],
            &[4_930_000.0, 4_730_000.0],
            &[58, 42],
        ),
        (
            "age",
            &["a16_24", "a25_34", "a35_44", "a45_54", "a55_64", "a65"],
            &[
                1_207_000.0,
                1_497_000.0,
                1_546_000.0,
                1_546_000.0,
                1_594_000.0,
                2_270_000.0,
            ],
            &[12, 15, 17, 18, 20, 18],
        ),
    ];
    let mut rng = fastrand::Rng::with_seed(2026);
    let mut margins: Vec<Margin> = vars
        .iter()
        .map(|(v, cats, pop, _)| Margin {
            variable: (*v).to_owned(),
            categories: cats.iter().map(|c| (*c).to_owned()).collect(),
            population: pop.to_vec(),
            respondents: Vec::with_capacity(rows),
        })
        .collect();
    for _ in 0..rows {
        for (m, (_, _, _, skew)) in margins.iter_mut().zip(&vars) {
            let total: u32 = skew.iter().sum();
            let mut roll = rng.u32(..total);
            let pick = skew
                .iter()
                .position(|w| {
                    if roll < *w {
                        true
                    } else {
                        roll -= w;
                        false
                    }
                })
                .unwrap_or(0);
            m.respondents.push(Some(pick));
        }
    }
    std::fs::create_dir_all(dir)?;
    let table = |name: &str, header: &[&str], rows: Vec<Vec<String>>| -> Result<()> {
        let file = std::fs::File::create(dir.join(name))?;
        enquete_formats::export::table_csv(header, rows, std::io::BufWriter::new(file))?;
        Ok(())
    };
    table(
        "sample.csv",
        &["id", "region", "gender", "age"],
        (0..rows)
            .map(|r| {
                let mut rec = vec![r.to_string()];
                for m in &margins {
                    let c = m.respondents.get(r).copied().flatten().unwrap_or(0);
                    rec.push(m.categories.get(c).cloned().unwrap_or_default());
                }
                rec
            })
            .collect(),
    )?;
    table(
        "margins.csv",
        &["variable", "category", "population"],
        margins
            .iter()
            .flat_map(|m| {
                m.categories
                    .iter()
                    .zip(&m.population)
                    .map(|(c, p)| vec![m.variable.clone(), c.clone(), p.to_string()])
            })
            .collect(),
    )?;
    let options = RakeOptions {
        tolerance: 1e-10,
        ..RakeOptions::default()
    };
    let mut result = None;
    let took = best_of(3, || {
        result = rake(&margins, options).ok();
    });
    let w = result.ok_or_else(|| anyhow!("raking failed"))?;
    table(
        "weights.csv",
        &["id", "weight"],
        w.weights
            .iter()
            .enumerate()
            .map(|(i, x)| vec![i.to_string(), format!("{x:.12}")])
            .collect(),
    )?;
    println!(
        "{{\"rows\": {rows}, \"margins\": 3, \"rake_s\": {:.6}, \"iterations\": {}, \"design_effect\": {:.6}}}",
        took.as_secs_f64(),
        w.iterations,
        w.design_effect
    );
    Ok(())
}

/// Themes of `n` answers made from the labelled set (each answer with a few words of others
/// mixed in, so no two are alike).
pub fn themes(n: usize, labelled: &Path) -> Result<()> {
    let mut reader = csv::Reader::from_path(labelled)
        .with_context(|| format!("cannot read {}", labelled.display()))?;
    let base: Vec<String> = reader
        .records()
        .filter_map(|r| r.ok().and_then(|r| r.get(3).map(str::to_owned)))
        .collect();
    if base.is_empty() {
        return Err(anyhow!("{} has no answers", labelled.display()));
    }
    let mut rng = fastrand::Rng::with_seed(7);
    let texts: Vec<String> = (0..n)
        .map(|i| {
            let own = base.get(i % base.len()).cloned().unwrap_or_default();
            let other = base
                .get(rng.usize(..base.len()))
                .cloned()
                .unwrap_or_default();
            let extra: Vec<&str> = other.split_whitespace().take(rng.usize(0..3)).collect();
            format!("{own} {}", extra.join(" "))
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let started = Instant::now();
    let found = find_themes(&refs, &Lexicon::issues(), ThemeOptions::default());
    let took = started.elapsed();
    println!(
        "{{\"answers\": {n}, \"themes\": {}, \"themed\": {}, \"themes_s\": {:.3}}}",
        found.themes.len(),
        found.assignment.iter().filter(|a| a.is_some()).count(),
        took.as_secs_f64()
    );
    Ok(())
}
