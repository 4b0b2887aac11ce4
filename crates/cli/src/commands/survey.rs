//! `enquete survey`: publish, list and download surveys as XLSForm workbooks.

use super::common::{find_survey, open_store};
use crate::config::Config;
use anyhow::{Context, Result, anyhow};
use clap::Subcommand;
use enquete_domain::Timestamp;
use enquete_domain::people::Language;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum SurveyCommand {
    /// Publish an XLSForm workbook: a new survey, or a new version of the survey with the same form_id.
    Import {
        /// The .xlsx file.
        file: PathBuf,
        /// A CSV file the form's choices come from (`select_one_from_file villages.csv`); give
        /// --attach once per file.
        #[arg(long = "attach", value_name = "CSV")]
        attach: Vec<PathBuf>,
    },
    /// Write a survey's latest version as an XLSForm workbook.
    Export {
        /// The survey's number or its form_id.
        survey: String,
        /// Where to write the .xlsx file.
        #[arg(long)]
        out: PathBuf,
    },
    /// List the surveys with their latest version.
    List,
}

pub async fn run(config: &Config, command: SurveyCommand) -> Result<()> {
    let store = open_store(config).await?;
    match command {
        SurveyCommand::Import { file, attach } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let mut definition = enquete_formats::xlsform::import(&bytes)
                .map_err(|e| anyhow!("{}: {e}", file.display()))?;
            for csv in &attach {
                let data =
                    std::fs::read(csv).with_context(|| format!("cannot read {}", csv.display()))?;
                let name = csv
                    .file_name()
                    .and_then(|n| n.to_str())
                    .ok_or_else(|| anyhow!("{} is not a file name", csv.display()))?;
                enquete_formats::xlsform::attach(&mut definition, name, &data)
                    .map_err(|e| anyhow!("{}: {e}", csv.display()))?;
            }
            let missing = enquete_formats::xlsform::missing_files(&definition);
            if !missing.is_empty() {
                return Err(anyhow!(
                    "{}: the form takes its choices from {}; publish it with {}",
                    file.display(),
                    missing.join(", "),
                    missing
                        .iter()
                        .map(|m| format!("--attach {m}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ));
            }
            let rec = store
                .publish_survey(&definition, None, None, Timestamp::now_utc())
                .await
                .map_err(|e| anyhow!("{e}"))?;
            println!(
                "Published survey {} ({}), version {}, with {} questions.",
                rec.id,
                rec.definition.form_id,
                rec.version,
                rec.definition.questions.len()
            );
        }
        SurveyCommand::Export { survey, out } => {
            let found = find_survey(&store, &survey).await?;
            let bytes =
                enquete_formats::xlsform::export(&found.definition).map_err(|e| anyhow!("{e}"))?;
            std::fs::write(&out, bytes)
                .with_context(|| format!("cannot write {}", out.display()))?;
            // The CSV files its choices come from, beside the workbook.
            let mut files: Vec<&str> = found
                .definition
                .questions
                .iter()
                .filter_map(|q| q.details.choices_file.as_deref())
                .filter(|f| *f != "itemsets.csv")
                .collect();
            files.dedup();
            for name in files {
                if let Some(csv) = enquete_formats::xlsform::choices_csv(&found.definition, name) {
                    let path = out.with_file_name(name);
                    std::fs::write(&path, csv)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    println!("Wrote the choices of {name} to {}.", path.display());
                }
            }
            println!(
                "Wrote {} version {} to {}.",
                found.definition.form_id,
                found.version,
                out.display()
            );
        }
        SurveyCommand::List => {
            for s in store.surveys().await? {
                println!(
                    "{:>4}  {:<24} v{:<3} {:>3} questions  {}",
                    s.id.0,
                    s.definition.form_id,
                    s.version,
                    s.definition.questions.len(),
                    s.definition.title.get(Language::En)
                );
            }
        }
    }
    store.close().await;
    Ok(())
}
