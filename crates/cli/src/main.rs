//! The `enquete` command: run the server, set up the database, load a demo country, add
//! accounts. Parsing happens here; each subcommand is run by its module in `commands/`, and the
//! work is done by the other crates.

mod commands;
mod config;

use anyhow::Result;
use clap::{Parser, Subcommand};
use commands::bench::BenchCommand;
use commands::keys::KeysCommand;
use commands::margins::MarginsCommand;
use commands::organization::OrganizationCommand;
use commands::person::PersonCommand;
use commands::responses::ResponsesCommand;
use commands::survey::SurveyCommand;
use commands::user::UserCommand;
use commands::{
    backup, bench, demo, export, init, keys, margins, opinions, organization, person, report,
    responses, retention, serve, survey, themes, user, weights,
};
use config::Config;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "enquete",
    version,
    about = "Enquête: listen to people, collate what they say, decide a focus, act, and grow the movement.",
    long_about = "Enquête runs a movement's organizing loop: the door-to-door enquête, results from every section up to the nation, campaigns, and the ladder from contact to leader.\n\nStart with `enquete serve --demo` to look around with a demo country, or `enquete init` to set up your own."
)]
struct Cli {
    /// A configuration file (TOML). Without it, ./enquete.toml is read if present.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where the data lives: sqlite://FILE.db (the default, sqlite://enquete.db) or postgres://USER@HOST/DATABASE.
    #[arg(long, global = true, value_name = "URL")]
    db: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create or update the database, and optionally start your organization with its first admin.
    Init(init::Args),
    /// Run the web server.
    Serve(serve::Args),
    /// Load a demo country into an empty database.
    Demo(demo::Args),
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// More than one organization on this installation: the party and its youth wing.
    Organization {
        #[command(subcommand)]
        command: OrganizationCommand,
    },
    /// Import survey responses typed in from paper forms.
    Responses {
        #[command(subcommand)]
        command: ResponsesCommand,
    },
    /// Weight respondents to the population by raking. Either a stored survey (to the
    /// population figures imported with `enquete margins import`; writes response_id,weight) or
    /// two files, such as an export of another tool and official statistics (--sample and
    /// --margins; writes id,weight). Reports the design effect and effective sample size.
    Weights(weights::Args),
    /// The results of a survey for a unit and everything below it (the whole organization by
    /// default): shares with 95% intervals, weighted to the population figures when there are
    /// any, and where the units below differ.
    Report(report::Args),
    /// Write the anonymous responses of a survey (no names, no collectors) as CSV, or as Parquet
    /// when the file name ends in .parquet: one row per response with region, city and section,
    /// for a spreadsheet, R, Python or DuckDB. Adds a weight column when population figures were
    /// imported.
    Export(export::Args),
    /// Find themes in free-text answers from any tool (a CSV file with an id column and a text
    /// column, in Dutch, French, German or English): writes id,theme and prints each theme with
    /// its size and most telling words per language.
    Themes(themes::Args),
    /// Opinion groups in the votes of a conversation (participant,statement,vote), as Pol.is
    /// finds them: the groups, what sets each apart and what unites everyone, as JSON.
    Opinions(opinions::Args),
    /// Copy the whole database while the server keeps running. SQLite: a consistent copy of the
    /// file as of the moment the copy starts. PostgreSQL: a pg_dump archive (needs pg_dump, from
    /// the PostgreSQL client tools).
    Backup(backup::BackupArgs),
    /// Put a backup made with `enquete backup` into the database given with --db, which must be
    /// new: an SQLite file that does not exist yet, or an empty PostgreSQL database (needs
    /// pg_restore). The database is brought up to this version's schema afterwards.
    Restore(backup::RestoreArgs),
    /// Benchmarks (used by the scripts in bench/).
    #[command(hide = true)]
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// A person's rights over their data: everything held about them, and erasure.
    Person {
        #[command(subcommand)]
        command: PersonCommand,
    },
    /// Erase contacts with no activity for a number of months (never sympathisers, members or
    /// above), as `serve` does every day when retention_months is set. With --dry-run, only
    /// lists who would be erased.
    Retention(retention::Args),
    /// The key that encrypts personal fields (names, addresses, phone numbers, e-mail addresses,
    /// notes, answers tied to a person): make one, see what each key holds, move everything to
    /// the current key.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Population figures for weighting survey respondents.
    Margins {
        #[command(subcommand)]
        command: MarginsCommand,
    },
    /// Publish, list and download surveys (XLSForm, the ODK/KoboToolbox standard).
    Survey {
        #[command(subcommand)]
        command: SurveyCommand,
    },
}

async fn run(cli: Cli) -> Result<()> {
    let mut config = Config::load(cli.config.as_deref())?;
    if let Some(db) = cli.db {
        config.db = db;
    }
    match cli.command {
        Command::Init(args) => init::run(&config, args).await,
        Command::Serve(args) => serve::run(config, args).await,
        Command::Demo(args) => demo::run(&config, args).await,
        Command::User { command } => user::run(&config, command).await,
        Command::Organization { command } => organization::run(&config, command).await,
        Command::Responses { command } => responses::run(&config, command).await,
        Command::Weights(args) => weights::run(&config, args).await,
        Command::Report(args) => report::run(&config, args).await,
        Command::Export(args) => export::run(&config, args).await,
        Command::Themes(args) => themes::run(args),
        Command::Opinions(args) => opinions::run(args),
        Command::Backup(args) => backup::backup(&config, args).await,
        Command::Restore(args) => backup::restore(&config, args).await,
        Command::Bench { command } => bench::run(command).await,
        Command::Person { command } => person::run(&config, command).await,
        Command::Retention(args) => retention::run(&config, args).await,
        Command::Keys { command } => keys::run(&config, command).await,
        Command::Margins { command } => margins::run(&config, command).await,
        Command::Survey { command } => survey::run(&config, command).await,
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // Problems found in values are told in English on the command line.
    enquete_domain::set_wording(commands::common::english);
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("enquete: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn user_add_takes_role_and_unit() {
        let cli = Cli::try_parse_from([
            "enquete",
            "user",
            "add",
            "a@b.org",
            "--role",
            "organizer",
            "--unit",
            "Gent",
        ])
        .unwrap();
        assert!(matches!(
            cli.command,
            Command::User {
                command: UserCommand::Add { .. }
            }
        ));
        assert!(Cli::try_parse_from(["enquete", "user", "add", "a@b.org"]).is_err());
        assert!(
            Cli::try_parse_from(["enquete", "init", "--nation", "X"]).is_err(),
            "a nation needs an admin"
        );
    }
}
