//! `enquete weights`: rake respondents to the population, of a stored survey or of two files.

use super::common::{find_survey, open_store};
use crate::config::Config;
use anyhow::{Context, Result, anyhow, bail};
use enquete_domain::org::UnitId;
use enquete_store::Store;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The survey's number or its form_id (leave out with --sample and --margins).
    survey: Option<String>,
    /// One row per respondent: an id column and one column per weighting variable.
    #[arg(long, requires = "margins", conflicts_with = "survey")]
    sample: Option<PathBuf>,
    /// Population per category: variable,category,population.
    #[arg(long, requires = "sample")]
    margins: Option<PathBuf>,
    /// Where to write the weights.
    #[arg(long)]
    out: PathBuf,
    /// Keep every weight between these multiples of the mean weight, for example 0.3,3.
    #[arg(long, value_name = "LOW,HIGH")]
    trim: Option<String>,
}

pub async fn run(config: &Config, args: Args) -> Result<()> {
    let Args {
        survey,
        sample,
        margins,
        out,
        trim,
    } = args;
    let trim = match trim {
        None => None,
        Some(t) => Some(parse_trim(&t)?),
    };
    match (survey, sample, margins) {
        (Some(survey), None, None) => {
            let store = open_store(config).await?;
            weights_of_survey(&store, config, &survey, trim, &out).await?;
            store.close().await;
        }
        (None, Some(sample), Some(margins)) => {
            weights_of_files(&sample, &margins, trim, &out)?;
        }
        _ => bail!("give either a survey (its number or form_id) or both --sample and --margins"),
    }
    Ok(())
}

fn parse_trim(t: &str) -> Result<(f64, f64)> {
    let (lo, hi) = t
        .split_once(',')
        .ok_or_else(|| anyhow!("--trim: write it as LOW,HIGH, for example 0.3,3"))?;
    let lo: f64 = lo
        .trim()
        .parse()
        .map_err(|_| anyhow!("--trim: {lo:?} is not a number"))?;
    let hi: f64 = hi
        .trim()
        .parse()
        .map_err(|_| anyhow!("--trim: {hi:?} is not a number"))?;
    if !(0.0 < lo && lo < 1.0 && hi > 1.0) {
        bail!("--trim: the low bound must be between 0 and 1 and the high bound above 1");
    }
    Ok((lo, hi))
}

fn write_weights<'a>(
    out: &Path,
    header: &str,
    rows: impl Iterator<Item = (&'a str, f64)>,
) -> Result<()> {
    let file =
        std::fs::File::create(out).with_context(|| format!("cannot write {}", out.display()))?;
    // The ids come from the user's file: through the one writer that makes formulas inert.
    enquete_formats::export::table_csv(
        &[header, "weight"],
        rows.map(|(id, w)| vec![id.to_owned(), format!("{w:.12}")]),
        std::io::BufWriter::new(file),
    )
    .with_context(|| format!("cannot write {}", out.display()))?;
    Ok(())
}

fn weights_of_files(
    sample: &Path,
    margins: &Path,
    trim: Option<(f64, f64)>,
    out: &Path,
) -> Result<()> {
    let read = |p: &Path| std::fs::read(p).with_context(|| format!("cannot read {}", p.display()));
    let (ids, margins) =
        enquete_formats::weights::read(&read(sample)?, &read(margins)?).map_err(|e| anyhow!(e))?;
    let options = enquete_analysis::raking::RakeOptions {
        trim,
        ..Default::default()
    };
    let w = enquete_analysis::raking::rake(&margins, options).map_err(|e| anyhow!("{e}"))?;
    write_weights(
        out,
        "id",
        ids.iter()
            .map(String::as_str)
            .zip(w.weights.iter().copied()),
    )?;
    println!(
        "Weighted {} respondents in {} iterations{}; design effect {:.3}, effective sample size {:.0}. Written to {}.",
        ids.len(),
        w.iterations,
        if w.converged {
            ""
        } else {
            " (did not fully converge)"
        },
        w.design_effect,
        w.effective_n,
        out.display()
    );
    Ok(())
}

async fn weights_of_survey(
    store: &Store,
    _config: &Config,
    survey: &str,
    trim: Option<(f64, f64)>,
    out: &Path,
) -> Result<()> {
    let found = find_survey(store, survey).await?;
    let state = enquete_app::App::new(store.clone());
    let snap = enquete_app::results::snapshot(&state, found.id)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let Some(w) = enquete_app::results::weigh(
        &state,
        &snap.survey.definition,
        &snap.data,
        &snap.units,
        trim.unwrap_or(enquete_app::results::TRIM),
    )
    .await
    .map_err(|e| anyhow!("{e}"))?
    else {
        bail!(
            "there are no population figures for this survey's questions; import them with `enquete margins import FILE.csv` (unit,variable,category,population)"
        );
    };
    write_weights(
        out,
        "response_id",
        snap.data
            .ids
            .iter()
            .map(|i| &**i)
            .zip(w.weights.iter().copied()),
    )?;
    let name = |id: UnitId| {
        snap.units
            .iter()
            .find(|u| u.id == id)
            .map_or_else(|| id.0.to_string(), |u| u.name.as_str().to_owned())
    };
    for g in &w.groups {
        match &g.problem {
            Some(p) => println!("{}: not raked: {p}", name(g.unit)),
            None => println!(
                "{}: {} respondents raked by {} in {} iterations{}; design effect {:.3}, effective sample size {:.0}{}",
                name(g.unit),
                g.respondents,
                g.variables.join(", "),
                g.iterations,
                if g.converged {
                    ""
                } else {
                    " (did not fully converge)"
                },
                g.design_effect,
                g.effective_n,
                if g.unplaced > 0 {
                    format!(
                        "; {} kept at the mean weight (a weighting answer missing)",
                        g.unplaced
                    )
                } else {
                    String::new()
                }
            ),
        }
    }
    if w.outside > 0 {
        println!(
            "{} respondents under no unit with population figures kept at the mean weight.",
            w.outside
        );
    }
    println!(
        "Weighted {} responses; design effect {:.3}, effective sample size {:.0}. Written to {}.",
        snap.data.len(),
        w.design_effect,
        w.effective_n,
        out.display()
    );
    Ok(())
}
