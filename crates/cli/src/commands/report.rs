//! `enquete report`: the results of a survey for a unit, as a table to read, JSON, CSV for a
//! spreadsheet, or a standalone HTML page (rendered by `enquete_web::render`).

use super::common::{find_survey, open_store, unit_or_top};
use crate::config::Config;
use anyhow::{Result, anyhow};
use clap::ValueEnum;
use enquete_app::results::SurveyResults;
use enquete_domain::people::Language;
use enquete_domain::survey::SurveyDefinition;

#[derive(clap::Args)]
pub struct Args {
    /// The survey's number or its form_id.
    survey: String,
    /// The unit: its number or exact name.
    #[arg(long)]
    unit: Option<String>,
    /// table (to read), json, csv (one row per question and option) or html (a page).
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    /// Every respondent counts once, even when population figures were imported.
    #[arg(long)]
    unweighted: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Csv,
    Html,
}

pub async fn run(config: &Config, args: Args) -> Result<()> {
    let Args {
        survey,
        unit,
        format,
        unweighted,
    } = args;
    let store = open_store(config).await?;
    let found = find_survey(&store, &survey).await?;
    let unit = unit_or_top(&store, unit.as_deref()).await?;
    let state = enquete_app::App::new(store.clone());
    let snap = enquete_app::results::snapshot(&state, found.id)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let results = enquete_app::results::for_unit(
        &snap,
        &unit,
        false,
        Language::En,
        !unweighted,
        true,
        &enquete_web::i18n::Tr::new(Language::En),
    )
    .map_err(|e| anyhow!("{e}"))?;
    let text = match format {
        ReportFormat::Json => serde_json::to_string_pretty(&results)? + "\n",
        ReportFormat::Csv => csv(&results)?,
        ReportFormat::Table => table(&found.definition, &results),
        ReportFormat::Html => {
            enquete_web::render::results_report(&found.definition, &results, Language::En)? + "\n"
        }
    };
    print!("{text}");
    store.close().await;
    Ok(())
}

fn count(n: Option<u64>) -> String {
    n.map_or_else(|| "<5".into(), |n| n.to_string())
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(String::new, |x| format!("{:.1}%", x * 100.0))
}

fn weighting_line(r: &SurveyResults) -> String {
    match &r.weighting {
        Some(w) => format!(
            "Weighted to the population by {} (design effect {:.2}, effective sample size {:.0}).",
            w.variables.join(", "),
            w.design_effect,
            w.effective_n
        ),
        None => "Unweighted: every respondent counts once.".into(),
    }
}

/// One row per question and option, with the interval; numbers give their mean on the
/// question's row.
pub fn csv(r: &SurveyResults) -> Result<String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let f = |x: Option<f64>| x.map_or_else(String::new, |x| format!("{x:.6}"));
    let n = |x: Option<u64>| x.map_or_else(String::new, |x| x.to_string());
    for q in &r.questions {
        if q.options.is_empty() {
            rows.push(vec![
                r.unit_id.to_string(),
                q.code.clone(),
                String::new(),
                n(q.answered),
                String::new(),
                String::new(),
                f(q.mean_low),
                f(q.mean_high),
                String::new(),
                String::new(),
                String::new(),
                f(q.mean),
                r.weighted.to_string(),
            ]);
        }
        for o in &q.options {
            rows.push(vec![
                r.unit_id.to_string(),
                q.code.clone(),
                o.code.clone(),
                n(q.answered),
                n(o.count),
                f(o.share),
                f(o.low),
                f(o.high),
                f(o.se),
                n(o.first),
                o.borda.map_or_else(String::new, |b| format!("{b:.3}")),
                String::new(),
                r.weighted.to_string(),
            ]);
        }
    }
    // Codes and numbers, through the one writer that makes formulas inert.
    let mut out = Vec::new();
    enquete_formats::export::table_csv(
        &[
            "unit", "question", "option", "answered", "count", "share", "low", "high", "se",
            "first", "borda", "mean", "weighted",
        ],
        rows,
        &mut out,
    )?;
    Ok(String::from_utf8(out)?)
}

pub fn table(def: &SurveyDefinition, r: &SurveyResults) -> String {
    let mut out = format!(
        "{} — {} ({} responses)\n{}\n",
        def.title.get(Language::En),
        r.unit_name,
        count(r.responses),
        weighting_line(r)
    );
    if !r.highlights.is_empty() {
        out.push_str("\nWhere it differs:\n");
        for h in &r.highlights {
            out.push_str(&format!("  {}\n", h.text));
        }
    }
    for q in &r.questions {
        out.push_str(&format!(
            "\n{} [{}], answered {}\n",
            q.label,
            q.code,
            count(q.answered)
        ));
        if let Some(m) = q.mean {
            let interval = match (q.mean_low, q.mean_high) {
                (Some(l), Some(h)) => format!(" (95% interval {l:.2}–{h:.2})"),
                _ => String::new(),
            };
            out.push_str(&format!("  mean {m:.2}{interval}\n"));
        }
        for o in &q.options {
            let interval = match (o.low, o.high) {
                (Some(l), Some(h)) => format!("{}–{}", pct(Some(l)), pct(Some(h))),
                _ => String::new(),
            };
            out.push_str(&format!(
                "  {:<40} {:>7} {:>7} {interval}\n",
                o.label,
                count(o.count),
                pct(o.share)
            ));
        }
    }
    out
}
