//! Persistence behind one [`Store`] API, on SQLite (the embedded default) or PostgreSQL (chosen by
//! a `postgres://` URL). Both backends run the same queries through sqlx's `Any` driver; the
//! dialect differences live in the per-backend migration folders, which carry identical names.

mod actions;
mod assignments;
mod attachments;
mod audiences;
pub(crate) mod audit;
mod backup;
mod calendar;
mod calls;
mod campaigns;
mod composition;
mod confirmations;
mod conversations;
pub mod crypto;
mod demo;
mod festival;
mod festival_loop;
mod followups;
mod gates;
mod gdpr;
mod links;
mod mailings;
mod margins;
mod meetings;
mod motions;
mod news;
mod organizations;
mod osdi;
mod people;
mod petitions;
mod programme;
mod rekey;
mod research;
mod resets;
mod sessions;
mod surveys;
pub mod testing;
mod training;
mod units;
mod users;
mod webhooks;
mod workplaces;
mod zones;

pub use actions::{ActionRecord, Bus, CheckInOutcome, RsvpOutcome, RsvpRecord};
pub use assignments::{Assignment, Door, NewVisit, Progress};
pub use attachments::{AttachmentInfo, AttachmentOutcome, ResponseFile};
pub use audiences::{RsvpFilter, SegmentId, SegmentRecord};
pub use audit::AuditEvent;
pub use calls::{
    CLAIM_SECONDS, CallAssignment, CallAssignmentId, CallOutcome, CallProgress, CallRecord,
    CallerTally, Claim, NewCallAssignment,
};
pub use campaigns::{CampaignRecord, DAY, NewCampaign, Tally, TargetRow};
pub use confirmations::{
    ConfirmationMail, PendingRsvp, RSVP_CONFIRM_VALID_SECONDS, RSVP_MAILS_PER_HOUR,
};
pub use conversations::{ConversationRecord, StatementRecord, VoteMatrix};
pub use demo::DemoProgress;
pub use festival::{
    FestivalRecord, LineOutcome, NewFestival, OrderRecord, ReadyMail, StatementLine, TicketRecord,
    TicketTypeRecord, TypeSales,
};
pub use festival_loop::{Placement, SectionGain, normalize_postcode};
pub use followups::{DueEvent, Effect, NewRule, RuleId, RuleRecord, TaskId, TaskRecord};
pub use gates::{AdmitOutcome, GateFigures, LaneGrant, LaneRecord, ScanRow, SyncOutcome};
pub use gdpr::{Dossier, Erasure, LinkedResponse, Participation};
pub use links::SurveyLink;
pub use mailings::{
    LinkOwner, MailRecord, MailingContent, MailingId, MailingRecord, MailingState, MailingTally,
    NewRecipient, Outgoing,
};
pub use margins::{PopulationMargin, ResultsVersion};
pub use meetings::{Decision, MeetingRecord, ProjectRecord, ProjectUpdate};
pub use motions::{DemandRecord, MotionFigures, MotionRecord};
pub use news::{
    ArticleId, ArticleImage, ArticleLinks, ArticleRecord, ArticleStep, ArticleText, NewsQuery,
    TopicId, TopicRecord,
};
pub use organizations::{GrantRecord, OrganizationMove, OrganizationRecord};
pub use osdi::{ApiTokenId, ApiTokenRecord, OsdiPeopleQuery};
pub use people::{PeoplePage, PeopleQuery, PeopleSort, PersonRecord, PersonTarget};
pub use petitions::{PetitionRecord, SignOutcome, SignatureRecord};
pub use programme::{ProgrammeSession, ShiftRecord, SpeakerRecord, VenueRecord};
pub use rekey::{KeyUsage, Resealed};
pub use research::{
    CompanyFile, CompanyHit, CompanyRecord, ExpectedShipment, FactRecord, ImportProblem,
    ItemRecord, LinkRecord, Neighbourhood, PublishedResearch, QueuedFact, Seen, ShipmentRecord,
    SiteRecord, WarningRecipient,
};
pub use resets::{Mail, RESET_VALID_SECONDS, RESETS_PER_HOUR};
pub use surveys::{IngestOutcome, NewContact, NewResponse, StoredResponse, SurveyRecord};
pub use training::{CompletionRecord, ModuleRecord, PositionRecord, SessionRecord, TermRecord};
pub use units::{StageCount, UnitCounts};
pub use users::{LoginFailures, LoginLimits, NewUser, UserRecord};
pub use webhooks::{Delivery, DeliveryRecord, HookEvent, WebhookId, WebhookRecord};
pub use workplaces::{AssessmentRecord, PlacedPerson, TestRecord, UnionRecord, WorkplaceMap};
pub use zones::ZoneRecord;

use enquete_domain::FieldError;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, Executor};
use std::borrow::Cow;
use std::time::Duration;

/// The session key under which the web layer keeps the logged-in account's id.
pub const SESSION_USER_KEY: &str = "user";

/// Which database engine is behind the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error(transparent)]
    Invalid(#[from] FieldError),
    #[error("the database URL is not supported: {0}")]
    BadUrl(String),
    // The underlying errors are shown in the message, not chained as sources, so that a
    // report of the chain does not print them twice.
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(sqlx::migrate::MigrateError),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Database(e)
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migrate(e)
    }
}

/// Turns a unique-constraint violation into a field error; other errors pass through.
pub(crate) fn unique_as_field(
    err: sqlx::Error,
    field: &'static str,
    key: &'static str,
) -> StoreError {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Invalid(FieldError::new(field, key))
        }
        _ => StoreError::Database(err),
    }
}

/// The handle every other crate uses. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    /// Reads. On SQLite several connections read in parallel under WAL.
    read: AnyPool,
    /// Writes. On SQLite a single connection, so that writers queue in-process instead of
    /// failing on the database lock; on PostgreSQL the same pool as reads.
    write: AnyPool,
    backend: Backend,
    /// The keys personal fields are sealed with (none: in clear, with a loud warning).
    keys: std::sync::Arc<crypto::Keyring>,
}

/// The migrations, by file name. Each backend has a file of the same name in its own folder;
/// a name missing on either side fails the build.
macro_rules! migrations {
    ($($version:literal $name:literal),* $(,)?) => {
        const SQLITE_MIGRATIONS: &[(i64, &str, &str)] = &[
            $(($version, $name, include_str!(concat!("../migrations/sqlite/", $name, ".sql")))),*
        ];
        const POSTGRES_MIGRATIONS: &[(i64, &str, &str)] = &[
            $(($version, $name, include_str!(concat!("../migrations/postgres/", $name, ".sql")))),*
        ];
    };
}

migrations!(
    1 "0001_foundation",
    2 "0002_session_owner",
    3 "0003_enquete",
    4 "0004_public_links",
    5 "0005_assignments",
    6 "0006_survey_drafts",
    7 "0007_survey_owner",
    8 "0008_results",
    9 "0009_themes",
    10 "0010_campaigns",
    11 "0011_erasure",
    12 "0012_sealed_fields",
    13 "0013_password_reset",
    14 "0014_throttle_keys",
    15 "0015_draft_owner",
    16 "0016_rsvp_confirmations",
    17 "0017_outbox_addresses",
    18 "0018_attachments",
    19 "0019_calls",
    20 "0020_mailings",
    21 "0021_follow_ups",
    22 "0022_texts",
    23 "0023_mailing_links",
    24 "0024_call_callers",
    25 "0025_action_calendar",
    26 "0026_webhooks",
    27 "0027_public_meetings",
    28 "0028_recipient_order",
    29 "0029_news",
    30 "0030_api_tokens",
    31 "0031_training",
    32 "0032_profiles",
    33 "0033_organizations",
    34 "0034_festival",
    35 "0035_tickets",
    36 "0036_gates",
    37 "0037_programme",
    38 "0038_festival_loop",
    39 "0039_workplaces",
    40 "0040_motions",
    41 "0041_ticket_day",
    42 "0042_research",
    43 "0043_conversations",
    44 "0044_theme_assignments",
    45 "0045_conversation_profiles",
);

/// Connection settings applied to every SQLite connection when it opens: write-ahead log,
/// foreign keys enforced, commits that survive power loss, a wait instead of an error when
/// another process holds the lock, and deleted content overwritten with zeros (an erased
/// person's record does not linger in the file's free space).
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
     PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000; PRAGMA secure_delete = ON;";

impl Store {
    /// Opens the database at `url` (`sqlite://file.db`, `sqlite::memory:` is refused, or
    /// `postgres://...`), creating an SQLite file if needed. Does not migrate; see [`Store::migrate`].
    pub async fn connect(url: &str) -> StoreResult<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::BadUrl(format!(
                "{url} (use sqlite://FILE.db or postgres://USER@HOST/DATABASE)"
            )));
        };
        match backend {
            Backend::Sqlite => {
                if url.contains(":memory:") || url.contains("mode=memory") {
                    return Err(StoreError::BadUrl(
                        "an in-memory SQLite database would lose everything at exit; give a file"
                            .into(),
                    ));
                }
                let url = if url.contains("mode=") {
                    url.to_owned()
                } else if url.contains('?') {
                    format!("{url}&mode=rwc")
                } else {
                    format!("{url}?mode=rwc")
                };
                let open = |max: u32| {
                    AnyPoolOptions::new()
                        .max_connections(max)
                        .acquire_timeout(Duration::from_secs(30))
                        .after_connect(|conn, _| {
                            Box::pin(async move {
                                conn.execute(SQLITE_PRAGMAS).await?;
                                Ok(())
                            })
                        })
                };
                let write = open(1).connect(&url).await?;
                let read = open(8).connect(&url).await?;
                Ok(Self {
                    read,
                    write,
                    backend,
                    keys: Default::default(),
                })
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect(url)
                    .await?;
                Ok(Self {
                    read: pool.clone(),
                    write: pool,
                    backend,
                    keys: Default::default(),
                })
            }
        }
    }

    /// Connects and brings the schema up to date, without an encryption key.
    pub async fn open(url: &str) -> StoreResult<Self> {
        Self::open_with(url, crypto::Keyring::none()).await
    }

    /// Connects with these keys, brings the schema up to date, and seals and indexes the records
    /// written before encryption at rest existed.
    pub async fn open_with(url: &str, keys: crypto::Keyring) -> StoreResult<Self> {
        let store = Self::connect(url).await?.with_keys(keys);
        store.migrate().await?;
        store.seal_unsealed().await?;
        Ok(store)
    }

    /// The same database, sealing and opening personal fields with these keys.
    pub fn with_keys(mut self, keys: crypto::Keyring) -> Self {
        self.keys = std::sync::Arc::new(keys);
        self
    }

    pub fn keys(&self) -> &crypto::Keyring {
        &self.keys
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so
    /// that another process writing the same file makes it wait (up to the busy timeout) rather
    /// than fail when it would turn a read into a write.
    pub(crate) async fn begin_write(&self) -> StoreResult<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.write.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.write.begin().await?,
        })
    }

    /// `FOR UPDATE` on PostgreSQL, where concurrent transactions read rows another is about to
    /// change; nothing on SQLite, whose single writer connection already serializes writes.
    pub(crate) fn lock_rows(&self) -> &'static str {
        match self.backend {
            Backend::Postgres => " FOR UPDATE",
            Backend::Sqlite => "",
        }
    }

    /// Makes transactions that count and record attempts under the same key take turns, so
    /// that "count, and record only when under the limit" is one step (security issue 13,
    /// finding 4). Call it first in a [`Store::begin_write`] transaction, with keys always in
    /// the same order.
    ///
    /// Why an upsert of a row per key rather than `pg_advisory_xact_lock` or a conditional
    /// `INSERT ... SELECT ... WHERE (SELECT COUNT(*) ...) < limit`: the statement is the same
    /// on both backends through sqlx `Any` (advisory locks exist only on PostgreSQL), and on
    /// PostgreSQL a conditional insert alone does not serialize (under READ COMMITTED each
    /// transaction counts without seeing the others' uncommitted rows). The upsert holds the
    /// key's row lock until commit; a second transaction on the key waits at it, and its next
    /// statement (a fresh snapshot under READ COMMITTED) counts what the first recorded. On
    /// SQLite the write lock taken at `BEGIN IMMEDIATE` already serializes every writer, in
    /// this process and others on the same file; the upsert is then merely bookkeeping.
    /// Deadlock-free as long as every caller takes its keys in one fixed order.
    pub(crate) async fn take_turn(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        key: &str,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO throttle_keys (name, last_at) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET last_at = excluded.last_at",
        )
        .bind(key)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Forgets the turn-taking rows of keys not used since `before`.
    pub async fn prune_throttle_keys(&self, before: enquete_domain::Timestamp) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM throttle_keys WHERE last_at < $1")
            .bind(before.0)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }

    /// Applies the migrations this binary carries that the database has not seen yet.
    pub async fn migrate(&self) -> StoreResult<()> {
        let source = match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        };
        let migrations: Vec<Migration> = source
            .iter()
            .map(|(version, description, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(*description),
                    MigrationType::Simple,
                    Cow::Borrowed(*sql),
                    false,
                )
            })
            .collect();
        let migrator = Migrator {
            migrations: Cow::Owned(migrations),
            ..Migrator::DEFAULT
        };
        migrator.run(&self.write).await?;
        Ok(())
    }

    /// A cheap query that proves the database answers, for `/healthz`.
    pub async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    /// Closes every connection (at shutdown, and in tests before the database is dropped).
    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }
}

/// Reads a column, naming it in the error when the stored value does not fit.
pub(crate) fn col<'r, T>(row: &'r AnyRow, name: &str) -> StoreResult<T>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    use sqlx::Row;
    row.try_get(name).map_err(StoreError::Database)
}

/// Reads a unit's materialized path from column `name`.
pub(crate) fn path_col(row: &AnyRow, name: &str) -> StoreResult<enquete_domain::org::UnitPath> {
    let path: String = col(row, name)?;
    enquete_domain::org::UnitPath::from_stored(&path)
        .ok_or_else(|| StoreError::Corrupt(format!("unit path {path}")))
}

/// The half-open range of materialized paths below (and including) `path`: paths hold only
/// digits and '/', and '0' is the byte after '/', so `[path, path with its last '/' as '0')`
/// is exactly the subtree. Both backends compare these byte-wise and use the index.
/// Whether `table` already has a row named `name` under `scope_column = scope` (a venue of a
/// festival, a department of a workplace), read inside the write transaction that would add it.
pub(crate) async fn name_taken(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    table: &'static str,
    scope_column: &'static str,
    scope: i64,
    name: &str,
) -> StoreResult<bool> {
    let n: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM {table} WHERE {scope_column} = $1 AND name = $2"
    ))
    .bind(scope)
    .bind(name)
    .fetch_one(&mut **tx)
    .await?;
    Ok(n > 0)
}

pub(crate) fn subtree_range(path: &str) -> (String, String) {
    let upper = match path.strip_suffix('/') {
        Some(stem) => format!("{stem}0"),
        None => format!("{path}0"),
    };
    (path.to_owned(), upper)
}

/// The materialized paths of a unit and of every unit above it: `/1/4/17/` gives `/1/`,
/// `/1/4/` and `/1/4/17/`.
pub(crate) fn path_and_ancestors(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut prefix = String::from("/");
    for part in path.split('/').filter(|p| !p.is_empty()) {
        prefix.push_str(part);
        prefix.push('/');
        out.push(prefix.clone());
    }
    out
}

/// `$from, $from+1, …` for `n` values bound one after the other.
pub(crate) fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A condition on `{column}` (a unit path) and its parameters from `${first}`: the unit at `path`,
/// every unit above it and every unit below it. Campaigns and petitions "reach" a unit this way.
/// A random claim number for a batch of queued rows (mailing messages, webhook deliveries):
/// whoever holds it is the one sender of those rows until the claim runs out.
pub(crate) fn new_claim() -> i64 {
    i64::from(fastrand::u32(1..)) << 16 | i64::from(fastrand::u16(..))
}

pub(crate) fn reaching(column: &str, path: &str, first: usize) -> (String, Vec<String>) {
    let (lo, hi) = subtree_range(path);
    let above = path_and_ancestors(path);
    let sql = format!(
        "(({column} >= ${first} AND {column} < ${}) OR {column} IN ({}))",
        first + 1,
        if above.is_empty() {
            "''".to_owned()
        } else {
            placeholders(first + 2, above.len())
        }
    );
    let mut params = vec![lo, hi];
    params.extend(above);
    (sql, params)
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_above_a_unit() {
        assert_eq!(
            super::path_and_ancestors("/1/4/17/"),
            ["/1/", "/1/4/", "/1/4/17/"]
        );
        let (sql, params) = super::reaching("u.path", "/1/4/", 2);
        assert_eq!(
            sql,
            "((u.path >= $2 AND u.path < $3) OR u.path IN ($4, $5))"
        );
        assert_eq!(params, ["/1/4/", "/1/40", "/1/", "/1/4/"]);
    }

    #[test]
    fn subtree_range_covers_exactly_the_subtree() {
        let (lo, hi) = super::subtree_range("/1/4/");
        for inside in ["/1/4/", "/1/4/17/", "/1/4/9/99/"] {
            assert!(inside >= lo.as_str() && inside < hi.as_str(), "{inside}");
        }
        for outside in ["/1/40/", "/1/5/", "/1/", "/1/3/9/"] {
            assert!(
                !(outside >= lo.as_str() && outside < hi.as_str()),
                "{outside}"
            );
        }
    }
}
