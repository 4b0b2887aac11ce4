//! `enquete bench research`: a research set of `--companies` companies and `--links` links
//! (100,000 and 1,000,000 by default) in a fresh database of each kind (SQLite, and PostgreSQL
//! unless `ENQUETE_TEST_POSTGRES=skip`); then a company's two-step neighbourhood and a name
//! search, each `--queries` times on random companies and names, timed one by one. The
//! reference is reading one company by its id (the same joins, through the primary key), timed
//! in the same run on the same database. One JSON line per database.

use anyhow::{Result, bail};
use enquete_domain::Timestamp;
use enquete_domain::org::{UnitKind, UnitName};
use enquete_domain::research::{CompanyDraft, Evidence, LinkKind};
use enquete_store::testing::TestDb;
use enquete_store::{Backend, Seen};
use std::time::{Duration, Instant};

const FIRST: [&str; 40] = [
    "Nordic",
    "Baltic",
    "Atlantic",
    "Alpine",
    "Central",
    "Eastern",
    "Western",
    "Southern",
    "Northern",
    "Global",
    "United",
    "Royal",
    "Imperial",
    "National",
    "Federal",
    "Coastal",
    "Delta",
    "Scheldt",
    "Rhine",
    "Danube",
    "Iberian",
    "Adriatic",
    "Aegean",
    "Carpathian",
    "Flemish",
    "Walloon",
    "Ardennes",
    "Meuse",
    "Moselle",
    "Baltica",
    "Polar",
    "Arctic",
    "Oceanic",
    "Continental",
    "Euro",
    "Trans",
    "Inter",
    "Meridian",
    "Horizon",
    "Summit",
];
const SECOND: [&str; 50] = [
    "Steel",
    "Arms",
    "Defence",
    "Logistics",
    "Shipping",
    "Freight",
    "Cargo",
    "Aero",
    "Marine",
    "Chemicals",
    "Electronics",
    "Systems",
    "Dynamics",
    "Industries",
    "Engineering",
    "Munitions",
    "Optics",
    "Motors",
    "Energy",
    "Metals",
    "Castings",
    "Forge",
    "Precision",
    "Avionics",
    "Propulsion",
    "Composites",
    "Tooling",
    "Robotics",
    "Sensors",
    "Radar",
    "Telecom",
    "Finance",
    "Capital",
    "Holdings",
    "Trading",
    "Supply",
    "Components",
    "Machining",
    "Plastics",
    "Textiles",
    "Terminals",
    "Ports",
    "Airlines",
    "Rail",
    "Trucking",
    "Storage",
    "Security",
    "Software",
    "Materials",
    "Batteries",
];
const THIRD: [&str; 60] = [
    "AB",
    "AS",
    "A/S",
    "BV",
    "NV",
    "SA",
    "SAS",
    "GmbH",
    "AG",
    "KG",
    "Ltd",
    "PLC",
    "Oy",
    "Sp z o o",
    "SpA",
    "Srl",
    "SL",
    "Lda",
    "Kft",
    "sro",
    "Group",
    "Holding",
    "International",
    "Europe",
    "Partners",
    "Company",
    "Works",
    "Solutions",
    "Services",
    "Trust",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "North",
    "South",
    "East",
    "West",
    "Alpha",
    "Beta",
    "Gamma",
    "Omega",
    "Prime",
    "Plus",
    "Pro",
    "Max",
    "Neo",
    "Nova",
    "Vector",
    "Matrix",
    "Orbit",
    "Axis",
    "Core",
    "Link",
];

fn name(i: usize) -> String {
    let a = FIRST.get(i % FIRST.len()).copied().unwrap_or("X");
    let b = SECOND
        .get((i / FIRST.len()) % SECOND.len())
        .copied()
        .unwrap_or("X");
    let c = THIRD
        .get((i / (FIRST.len() * SECOND.len())) % THIRD.len())
        .copied()
        .unwrap_or("X");
    let round = i / (FIRST.len() * SECOND.len() * THIRD.len());
    if round == 0 {
        format!("{a} {b} {c}")
    } else {
        format!("{a} {b} {c} {round}")
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// (median ms, p99 ms) of the durations.
fn summary(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.99))
}

pub async fn research(companies: usize, links: usize, queries: usize, seed: u64) -> Result<()> {
    if !(10..=1_000_000).contains(&companies) {
        bail!("--companies is 10 to 1000000");
    }
    if links > 20_000_000 {
        bail!("--links is at most 20000000");
    }
    let mut backends = vec![Backend::Sqlite];
    if enquete_store::testing::postgres_url().is_some() {
        backends.push(Backend::Postgres);
    }
    let drafts: Vec<CompanyDraft> = (0..companies)
        .map(|i| CompanyDraft::parse(&name(i), "BE", &format!("{:010}", i)))
        .collect::<Result<_, _>>()?;
    // A few hubs and many small companies: the link's target drawn with a skew toward the
    // first companies, its source at random.
    let mut rng = fastrand::Rng::with_seed(seed);
    let kinds = [
        LinkKind::Owns,
        LinkKind::Supplies,
        LinkKind::TransportsFor,
        LinkKind::Finances,
    ];
    let mut pairs = Vec::with_capacity(links);
    while pairs.len() < links {
        let from = rng.usize(..companies);
        let u = rng.f64();
        let to = ((u * u * u) * companies as f64) as usize % companies;
        if from != to {
            let kind = kinds
                .get(rng.usize(..kinds.len()))
                .copied()
                .unwrap_or(LinkKind::Owns);
            pairs.push((from, to, kind));
        }
    }
    let evidence = Evidence::parse("registry", "Bench registry", "2026-01-01", "probable")?;
    let now = Timestamp::now_utc();
    for backend in backends {
        let Some(db) = TestDb::new(backend).await? else {
            continue;
        };
        let store = db.store().await?;
        let org = store
            .create_unit(None, UnitKind::Nation, &UnitName::parse("Bench")?, now)
            .await?
            .id;
        let started = Instant::now();
        let ids = store
            .bulk_research(org, &drafts, &pairs, &evidence, now)
            .await?;
        let load_s = started.elapsed().as_secs_f64();
        let mut rng = fastrand::Rng::with_seed(seed + 1);
        let pick = |rng: &mut fastrand::Rng| ids.get(rng.usize(..ids.len())).copied().unwrap_or(1);
        // Warm the caches the same way for all three.
        for _ in 0..20 {
            let id = pick(&mut rng);
            store.research_company(org, id, Seen::All).await?;
            store.neighbourhood(org, id, Seen::All, 200).await?;
        }
        let (mut reference, mut near, mut search) = (Vec::new(), Vec::new(), Vec::new());
        let (mut nodes, mut edges, mut hits) = (0usize, 0usize, 0usize);
        for q in 0..queries {
            let id = pick(&mut rng);
            let t = Instant::now();
            store.research_company(org, id, Seen::All).await?;
            reference.push(t.elapsed());
            let t = Instant::now();
            let g = store.neighbourhood(org, id, Seen::All, 200).await?;
            near.push(t.elapsed());
            nodes += g.companies.len();
            edges += g.links.len();
            // A name as people type it: the start of one word, or of two.
            let n = name(rng.usize(..companies)).to_lowercase();
            let words: Vec<&str> = n.split(' ').collect();
            let first = words.first().copied().unwrap_or("a");
            let second = words.get(1).copied().unwrap_or("a");
            let query = if q % 2 == 0 {
                first.chars().take(4).collect::<String>()
            } else {
                format!(
                    "{} {}",
                    first.chars().take(3).collect::<String>(),
                    second.chars().take(3).collect::<String>()
                )
            };
            let t = Instant::now();
            hits += store
                .search_companies(org, &query, Seen::All, 50)
                .await?
                .len();
            search.push(t.elapsed());
        }
        let (ref_med, ref_p99) = summary(reference);
        let (near_med, near_p99) = summary(near);
        let (search_med, search_p99) = summary(search);
        let q = queries.max(1) as f64;
        println!(
            "{}",
            serde_json::json!({
                "database": backend.name(),
                "companies": companies,
                "links": links,
                "queries": queries,
                "load_s": (load_s * 10.0).round() / 10.0,
                "reference_median_ms": ref_med,
                "reference_p99_ms": ref_p99,
                "neighbourhood_median_ms": near_med,
                "neighbourhood_p99_ms": near_p99,
                "neighbourhood_companies_mean": nodes as f64 / q,
                "neighbourhood_links_mean": edges as f64 / q,
                "search_median_ms": search_med,
                "search_p99_ms": search_p99,
                "search_hits_mean": hits as f64 / q,
                "neighbourhood_vs_reference": if ref_med > 0.0 { near_med / ref_med } else { 0.0 },
                "search_vs_reference": if ref_med > 0.0 { search_med / ref_med } else { 0.0 },
            })
        );
        store.close().await;
        db.finish().await;
    }
    Ok(())
}
