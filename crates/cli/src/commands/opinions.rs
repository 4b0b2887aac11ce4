//! `enquete opinions`: opinion groups in the votes of a conversation from any tool (a CSV file
//! `participant,statement,vote` with votes 1 agree, -1 disagree, 0 pass), as Pol.is finds them:
//! the groups, what sets each apart, what unites everyone. Writes the whole result as JSON.

use anyhow::{Context, Result, bail};
use enquete_analysis::opinions::{OpinionOptions, Picked, opinion_groups};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The CSV file: participant,statement,vote (any ids; votes 1, -1 or 0).
    file: PathBuf,
    /// Where to write the result (JSON).
    #[arg(long)]
    out: PathBuf,
    /// Find exactly this many groups instead of choosing from the data.
    #[arg(long)]
    groups: Option<usize>,
    /// Participants with fewer votes are placed on the map but not grouped.
    #[arg(long, default_value_t = 7)]
    min_votes: usize,
    /// Statements moderated out (their ids, comma-separated): their votes count as passes.
    #[arg(long, value_delimiter = ',')]
    moderated_out: Vec<String>,
}

fn picked(p: &Picked, statements: &[String]) -> serde_json::Value {
    serde_json::json!({
        "statement": statements.get(p.statement),
        "for": if p.agree { "agree" } else { "disagree" },
        "share": p.share,
        "votes": p.votes,
    })
}

pub fn run(args: Args) -> Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let header: Vec<String> = reader.headers()?.iter().map(str::to_lowercase).collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(pc), Some(sc), Some(vc)) = (col("participant"), col("statement"), col("vote")) else {
        bail!("the file needs the columns participant, statement and vote");
    };
    let mut participants: BTreeMap<String, usize> = BTreeMap::new();
    let mut statements: BTreeMap<String, usize> = BTreeMap::new();
    let mut votes = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = record.with_context(|| format!("row {row}"))?;
        let cell = |c: usize| record.get(c).unwrap_or("").to_owned();
        let vote: i8 = match cell(vc).as_str() {
            "1" | "1.0" => 1,
            "-1" | "-1.0" => -1,
            "0" | "0.0" => 0,
            other => bail!("row {row}, column vote: {other:?} is not 1, -1 or 0"),
        };
        let next = participants.len();
        let p = *participants.entry(cell(pc)).or_insert(next);
        let next = statements.len();
        let s = *statements.entry(cell(sc)).or_insert(next);
        votes.push((p, s, vote));
    }
    let mut participant_ids = vec![String::new(); participants.len()];
    for (id, i) in &participants {
        if let Some(slot) = participant_ids.get_mut(*i) {
            slot.clone_from(id);
        }
    }
    let mut statement_ids = vec![String::new(); statements.len()];
    for (id, i) in &statements {
        if let Some(slot) = statement_ids.get_mut(*i) {
            slot.clone_from(id);
        }
    }
    let opts = OpinionOptions {
        min_votes: args.min_votes,
        groups: args.groups,
        moderated_out: args
            .moderated_out
            .iter()
            .filter_map(|id| statements.get(id).copied())
            .collect(),
        ..OpinionOptions::default()
    };
    let map = opinion_groups(participants.len(), statements.len(), &votes, &opts);
    let out = serde_json::json!({
        "group_count": map.group_count,
        "silhouette": map.silhouette,
        "participants": participant_ids.iter().enumerate().map(|(i, id)| {
            let (x, y) = map.projections.get(i).copied().unwrap_or_default();
            serde_json::json!({"id": id, "x": x, "y": y, "group": map.groups.get(i).copied().flatten()})
        }).collect::<Vec<_>>(),
        "representative": map.representative.iter().map(|g| g.iter().map(|p| picked(p, &statement_ids)).collect::<Vec<_>>()).collect::<Vec<_>>(),
        "consensus": {
            "agree": map.consensus_agree.iter().map(|p| picked(p, &statement_ids)).collect::<Vec<_>>(),
            "disagree": map.consensus_disagree.iter().map(|p| picked(p, &statement_ids)).collect::<Vec<_>>(),
        },
        "group_consensus": statement_ids.iter().zip(&map.group_consensus).map(|(id, (a, d))| serde_json::json!({"statement": id, "agree": a, "disagree": d})).collect::<Vec<_>>(),
    });
    std::fs::write(&args.out, serde_json::to_string_pretty(&out)?)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "{} participants, {} statements: {} group{} (silhouette {:.2})",
        participants.len(),
        statements.len(),
        map.group_count,
        if map.group_count == 1 { "" } else { "s" },
        map.silhouette
    );
    Ok(())
}
