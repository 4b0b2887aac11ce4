//! Criterion benchmarks of the analysis on generated data (`cargo bench -p enquete-analysis`):
//! roll-up of 100,000 responses to the 30-question survey over the national demo country at
//! every level, with and without weights, next to one pass reading the encoded responses;
//! raking 100,000 respondents over 3 margins; themes of 5,000 answers; the opinion groups of a
//! conversation of 10,000 participants on 40 statements, next to weighting them; distributions and a
//! hexagon map of 100,000 answers against sorting them. The comparisons with
//! DuckDB and weightipy on a million rows are in `bench/compare.py`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "benchmark code"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use enquete_analysis::dataset::{Column, Dataset};
use enquete_analysis::opinions::{OpinionOptions, opinion_groups};
use enquete_analysis::raking::{Margin, RakeOptions, rake};
use enquete_analysis::results::roll_up;
use enquete_analysis::themes::{Lexicon, ThemeOptions, find_themes};
use enquete_analysis::weighting::{PeopleMargin, weight_people};
use enquete_domain::Timestamp;
use enquete_domain::demo::{Scale, country};
use enquete_domain::demo_bench::{bench_responses, bench_survey};
use enquete_domain::org::UnitId;
use std::hint::black_box;

const ROWS: usize = 100_000;

fn rollup(c: &mut Criterion) {
    let now = Timestamp(1_790_000_000);
    let land = country(Scale::National, 1, now);
    let def = bench_survey();
    let mut data = Dataset::new(&def);
    for r in bench_responses(&land, 1, 0, ROWS, now) {
        data.push(&r.id, UnitId(r.unit as i64), &r.answers);
    }
    let tree: Vec<(UnitId, Option<UnitId>)> = land
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (UnitId(i as i64), u.parent.map(|p| UnitId(p as i64))))
        .collect();
    let weights = vec![1.3; data.len()];
    let mut g = c.benchmark_group("roll-up 100k x 30 questions, all levels");
    g.sample_size(20);
    g.bench_function("counts", |b| {
        b.iter(|| black_box(roll_up(&def, &data, &tree, None)))
    });
    g.bench_function("weighted", |b| {
        b.iter(|| black_box(roll_up(&def, &data, &tree, Some(&weights))))
    });
    g.bench_function("read the encoded responses once", |b| {
        b.iter(|| {
            let mut sum = 0_u64;
            for u in &data.units {
                sum = sum.wrapping_add(u64::from(*u));
            }
            for col in &data.columns {
                match col {
                    Column::Single(v) => {
                        v.iter().for_each(|x| sum = sum.wrapping_add(u64::from(*x)))
                    }
                    Column::Multiple(l) | Column::Ranking(l) => {
                        l.codes
                            .iter()
                            .for_each(|x| sum = sum.wrapping_add(u64::from(*x)));
                        l.offsets
                            .iter()
                            .for_each(|x| sum = sum.wrapping_add(u64::from(*x)));
                    }
                    Column::Number(v) => v.iter().for_each(|x| sum = sum.wrapping_add(*x as u64)),
                    Column::Text(_) => {}
                }
            }
            black_box(sum)
        })
    });
    g.finish();
}

fn raking(c: &mut Criterion) {
    let mut rng = fastrand::Rng::with_seed(5);
    let margin = |name: &str, pops: &[f64]| Margin {
        variable: name.into(),
        categories: (0..pops.len()).map(|i| i.to_string()).collect(),
        population: pops.to_vec(),
        respondents: Vec::new(),
    };
    let mut margins = vec![
        margin("region", &[56.0, 32.0, 12.0]),
        margin("gender", &[51.0, 49.0]),
        margin("age", &[12.0, 15.0, 16.0, 16.0, 17.0, 24.0]),
    ];
    for m in &mut margins {
        let k = m.categories.len();
        m.respondents = (0..ROWS).map(|i| Some((i + rng.usize(..k)) % k)).collect();
    }
    c.bench_function("raking 100k respondents over 3 margins", |b| {
        b.iter(|| black_box(rake(&margins, RakeOptions::default()).unwrap()))
    });
}

fn themes(c: &mut Criterion) {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/themes_labelled.csv"
    );
    let mut reader = csv::Reader::from_path(file).unwrap();
    let base: Vec<String> = reader.records().map(|r| r.unwrap()[3].to_owned()).collect();
    let texts: Vec<String> = (0..5000)
        .map(|i| {
            format!(
                "{} {}",
                base[i % base.len()],
                base[(i * 7) % base.len()].split(' ').next().unwrap_or("")
            )
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut g = c.benchmark_group("themes");
    g.sample_size(10);
    g.bench_function("5k answers in four languages", |b| {
        b.iter(|| {
            black_box(find_themes(
                &refs,
                &Lexicon::issues(),
                ThemeOptions::default(),
            ))
        })
    });
    g.finish();
}

/// A conversation of 10,000 participants in four camps voting on 40 statements (60% of the votes
/// given, 15% against their camp): the opinion groups as a page view computes them, next to
/// weighting the same participants to two margins (what the page adds to them).
fn opinions(c: &mut Criterion) {
    let (people, statements) = (10_000, 40);
    let mut rng = fastrand::Rng::with_seed(9);
    let mut votes = Vec::new();
    for p in 0..people {
        let camp = p % 4;
        for s in 0..statements {
            if rng.f64() < 0.4 {
                continue;
            }
            let own = s / 10;
            let mut v: i8 = if own == camp {
                1
            } else if own == (camp + 1) % 4 {
                -1
            } else {
                0
            };
            if rng.f64() < 0.15 {
                v = rng.i8(-1..=1);
            }
            votes.push((p, s, v));
        }
    }
    let margins = [
        PeopleMargin {
            variable: "gender".into(),
            categories: vec!["woman".into(), "man".into()],
            population: vec![51.0, 49.0],
        },
        PeopleMargin {
            variable: "age".into(),
            categories: (0..6).map(|a| a.to_string()).collect(),
            population: vec![12.0, 15.0, 16.0, 16.0, 17.0, 24.0],
        },
    ];
    let ages: Vec<String> = (0..6).map(|a| a.to_string()).collect();
    let answers: Vec<Vec<Option<&str>>> = (0..people)
        .map(|p| {
            vec![
                Some(if p % 3 == 0 { "man" } else { "woman" }),
                ages.get(rng.usize(0..6)).map(String::as_str),
            ]
        })
        .collect();
    let mut g = c.benchmark_group("opinions");
    g.sample_size(10);
    g.bench_function("groups of 10k participants on 40 statements", |b| {
        b.iter(|| {
            black_box(opinion_groups(
                people,
                statements,
                &votes,
                &OpinionOptions::default(),
            ))
        })
    });
    g.bench_function("weighting them to 2 margins (reference)", |b| {
        b.iter(|| black_box(weight_people(&margins, &answers, RakeOptions::default())))
    });
    g.finish();
}

/// A number's distribution (survey-wide bins, quartiles with intervals) and a hexagon map of
/// 100,000 answers, next to sorting the same 100,000 values: what any quantile costs at least.
fn fields(c: &mut Criterion) {
    use enquete_analysis::distribution::{Observation, Scale as Binning, distribution};
    use enquete_analysis::hexbin::{Point, hexbin};
    let mut rng = fastrand::Rng::with_seed(7);
    let obs: Vec<Observation> = (0..ROWS)
        .map(|i| Observation {
            value: 18.0 + f64::from(rng.u8(..70)) + rng.f64(),
            weight: 0.5 + rng.f64(),
            respondent: i as u32,
        })
        .collect();
    let points: Vec<Point> = (0..ROWS)
        .map(|i| Point {
            lat: 50.8 + rng.f64() * 0.2,
            lon: 4.3 + rng.f64() * 0.2,
            respondent: i as u32,
        })
        .collect();
    let mut g = c.benchmark_group("field results of 100k answers");
    g.sample_size(20);
    g.bench_function("sort the values (reference)", |b| {
        b.iter(|| {
            let mut v: Vec<f64> = obs.iter().map(|o| o.value).collect();
            v.sort_by(f64::total_cmp);
            black_box(v)
        })
    });
    g.bench_function("distribution with quartiles", |b| {
        b.iter(|| black_box(distribution(&obs, Binning::Decimal, 0)))
    });
    g.bench_function("distribution, bins of 5 or more people", |b| {
        b.iter(|| black_box(distribution(&obs, Binning::Decimal, 5)))
    });
    g.bench_function("hexagon map", |b| {
        b.iter(|| black_box(hexbin(&points, 24, 5)))
    });
    g.finish();
}

criterion_group!(benches, rollup, raking, themes, opinions, fields);
criterion_main!(benches);
