//! One module per subcommand of `enquete`: its flags or nested subcommands (clap) and the
//! function that runs it. `common` holds what several of them share.

pub mod backup;
pub mod bench;
pub mod bench_gates;
pub mod bench_research;
pub mod common;
pub mod demo;
pub mod export;
pub mod init;
pub mod keys;
pub mod margins;
pub mod opinions;
pub mod organization;
pub mod person;
pub mod report;
pub mod responses;
pub mod retention;
pub mod serve;
pub mod survey;
pub mod themes;
pub mod user;
pub mod weights;
