//! `enquete themes`: themes in the free-text answers of a CSV file from any tool.

use anyhow::{Context, Result, anyhow};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The CSV file.
    file: PathBuf,
    #[arg(long, default_value = "id")]
    id_column: String,
    #[arg(long, default_value = "text")]
    text_column: String,
    /// Where to write id,theme (answers in no theme get an empty theme).
    #[arg(long)]
    out: PathBuf,
    /// A lexicon theme,lang,terms to sort answers into known themes (default: the twelve
    /// issues of the demo enquête).
    #[arg(long)]
    lexicon: Option<PathBuf>,
    /// The language theme names are written in: nl, fr, de or en.
    #[arg(long, default_value = "en", value_parser = ["nl", "fr", "de", "en"])]
    lang: String,
}

pub fn run(args: Args) -> Result<()> {
    let Args {
        file,
        id_column,
        text_column,
        out,
        lexicon,
        lang,
    } = args;
    let lang = enquete_analysis::themes::Lang::parse(&lang)
        .ok_or_else(|| anyhow!("--lang: write nl, fr, de or en"))?;
    themes_of_file(
        &file,
        &id_column,
        &text_column,
        &out,
        lexicon.as_deref(),
        lang,
    )
}

/// Sorts the answers of `file` into themes, writes id,theme to `out` and prints the themes.
fn themes_of_file(
    file: &Path,
    id_column: &str,
    text_column: &str,
    out: &Path,
    lexicon: Option<&Path>,
    lang: enquete_analysis::themes::Lang,
) -> Result<()> {
    use enquete_analysis::themes::{Lexicon, ThemeOptions, find_themes};
    let lexicon = match lexicon {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            Lexicon::parse(&text).map_err(|e| anyhow!("{}: {e}", p.display()))?
        }
        None => Lexicon::issues(),
    };
    let mut reader =
        csv::Reader::from_path(file).with_context(|| format!("cannot read {}", file.display()))?;
    let header = reader
        .headers()
        .with_context(|| format!("{}, row 1", file.display()))?
        .clone();
    let column = |name: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            anyhow!(
                "{}, row 1: there is no column {name:?} (the columns are {})",
                file.display(),
                header.iter().collect::<Vec<_>>().join(", ")
            )
        })
    };
    let (id_at, text_at) = (column(id_column)?, column(text_column)?);
    let mut ids = Vec::new();
    let mut texts = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}, row {}", file.display(), i + 2))?;
        ids.push(record.get(id_at).unwrap_or_default().to_owned());
        texts.push(record.get(text_at).unwrap_or_default().to_owned());
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let started = std::time::Instant::now();
    let found = find_themes(&refs, &lexicon, ThemeOptions::default());
    let took = started.elapsed();
    let file =
        std::fs::File::create(out).with_context(|| format!("cannot write {}", out.display()))?;
    // The ids and the theme names go through the one writer that makes formulas inert.
    enquete_formats::export::table_csv(
        &["id", "theme"],
        ids.iter().zip(&found.assignment).map(|(id, a)| {
            let name = a
                .and_then(|t| found.themes.get(t))
                .map_or("", |t| t.name_in(lang));
            vec![id.clone(), name.to_owned()]
        }),
        std::io::BufWriter::new(file),
    )
    .with_context(|| format!("cannot write {}", out.display()))?;
    let themed = found.assignment.iter().filter(|a| a.is_some()).count();
    println!(
        "{} answers, {} in {} themes, {} in none ({:.1} s). Written to {}.",
        texts.len(),
        themed,
        found.themes.len(),
        texts.len() - themed,
        took.as_secs_f64(),
        out.display()
    );
    if found.few {
        println!(
            "  Few answers: these groups are a first reading of what people said, not themes \
             to count on."
        );
    }
    for t in &found.themes {
        let words: Vec<String> = t
            .top_terms
            .iter()
            .map(|(l, w)| format!("{}: {}", l.code(), w.join(", ")))
            .collect();
        println!(
            "  {:<30} {:>6}  {}{}",
            t.name_in(lang),
            t.size,
            words.join(" | "),
            if t.issue.is_none() { "  (new)" } else { "" }
        );
    }
    Ok(())
}
