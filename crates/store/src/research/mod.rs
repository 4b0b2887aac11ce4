//! Complicity research of an organization: companies, the links between them, their sites,
//! products and contracts, and shipments, each a fact with its evidence, who added it, the
//! second researcher who reviewed it and whether it is published. Three ways of seeing it
//! ([`Seen`]): researchers see everything, the sections working on a site see reviewed
//! facts, the public sees published ones. A company's two-step neighbourhood and the search by
//! the start of any word of a name use indexes on both databases (`enquete bench research`).

mod facts;
mod loading;
mod reading;
mod warnings;

use crate::audit::write_audit;
use crate::{AuditEvent, Store, StoreError, StoreResult, col, placeholders};
use enquete_domain::account::UserId;
use enquete_domain::org::UnitId;
use enquete_domain::people::{Language, fold_for_search};
use enquete_domain::research::{
    CompanyDraft, Evidence, FactKind, ImportRow, ItemDraft, ItemKind, LinkDraft, LinkKind,
    Reliability, ShipmentDraft, SiteDraft, SiteKind, SourceKind, name_words,
};
use enquete_domain::{FieldError, Timestamp};
use sqlx::any::AnyRow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How much of the research a reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// Researchers and national admins: every fact, with where it stands.
    All,
    /// The stewards and organizers of a workplace working on a site: what a second researcher
    /// checked.
    Reviewed,
    /// Anyone: what a national admin published.
    Published,
}

impl Seen {
    fn filter(self) -> &'static str {
        match self {
            Seen::All => "1 = 1",
            Seen::Reviewed => "f.reviewed_at IS NOT NULL",
            Seen::Published => "f.published_at IS NOT NULL",
        }
    }

    /// The condition on every fact a row rests on (the fact itself, and the companies and site
    /// it names, by the aliases of their `research_facts` rows): a published link to a company
    /// nobody published must not show that company's name.
    fn on(self, aliases: &[&str]) -> String {
        let column = match self {
            Seen::All => return "1 = 1".to_owned(),
            Seen::Reviewed => "reviewed_at",
            Seen::Published => "published_at",
        };
        aliases
            .iter()
            .map(|a| format!("{a}.{column} IS NOT NULL"))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    fn links(self) -> String {
        self.on(&["f", "ffrom", "fto"])
    }

    fn sites(self) -> String {
        self.on(&["f", "fco"])
    }

    fn shipments(self) -> String {
        self.on(&["f", "fco", "fsite"])
    }
}

/// A fact's evidence and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactRecord {
    pub id: i64,
    pub kind: FactKind,
    pub evidence: Evidence,
    pub added_by: Option<UserId>,
    pub added_by_name: String,
    pub added_at: Timestamp,
    pub reviewed_by: Option<UserId>,
    pub reviewed_by_name: String,
    pub reviewed_at: Option<Timestamp>,
    /// The reviewer's note.
    pub review: String,
    pub published_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyRecord {
    pub fact: FactRecord,
    pub draft: CompanyDraft,
}

/// A company found by a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyHit {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub registry_number: String,
}

/// A link seen from one company: the other company and which way it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRecord {
    pub fact: FactRecord,
    pub draft: LinkDraft,
    pub from_name: String,
    pub to_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteRecord {
    pub fact: FactRecord,
    pub draft: SiteDraft,
    pub company_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRecord {
    pub fact: FactRecord,
    pub draft: ItemDraft,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentRecord {
    pub fact: FactRecord,
    pub draft: ShipmentDraft,
    pub company_name: String,
    pub site_name: String,
}

/// Everything known of one company, as far as the reader sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyFile {
    pub company: CompanyRecord,
    pub links: Vec<LinkRecord>,
    pub sites: Vec<SiteRecord>,
    pub items: Vec<ItemRecord>,
    /// The company's shipments and those expected at its sites, the latest first.
    pub shipments: Vec<ShipmentRecord>,
}

/// A company's neighbourhood: the companies one and two links away and the links between.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Neighbourhood {
    /// (company, name, steps away: 0, 1 or 2).
    pub companies: Vec<(i64, String, u8)>,
    /// (from, to, kind).
    pub links: Vec<(i64, i64, LinkKind)>,
    /// Whether a company had so many links that some were left out.
    pub cut: bool,
}

/// A fact waiting for its review, said in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedFact {
    pub fact: FactRecord,
    /// The company it is about (a link's first company).
    pub company: i64,
    pub company_name: String,
    /// What it says: a link's other company, a site's name, a product, a shipment's cargo.
    pub summary: String,
}

/// A shipment expected at a site a workplace section works on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedShipment {
    pub unit: UnitId,
    pub unit_name: String,
    pub shipment: ShipmentRecord,
}

/// An account to warn of a shipment: where, and how to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarningRecipient {
    pub unit: UnitId,
    pub email: String,
    pub language: Language,
}

/// What is wrong with one row of an import, found while writing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    pub row: usize,
    pub error: FieldError,
}

const FACT_COLUMNS: &str = "f.id AS fact_id, f.kind AS fact_kind, f.source_kind, f.source, \
     f.source_date, f.reliability, f.added_by, f.added_at, f.reviewed_by, f.reviewed_at, \
     f.review, f.published_at, COALESCE(ua.display_name, '') AS added_by_name, \
     COALESCE(ur.display_name, '') AS reviewed_by_name";
const FACT_JOINS: &str = "LEFT JOIN users ua ON ua.id = f.added_by \
     LEFT JOIN users ur ON ur.id = f.reviewed_by";

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("research {what} {value}"))
}

fn word<T>(parse: fn(&str) -> Result<T, FieldError>, what: &str, raw: &str) -> StoreResult<T> {
    parse(raw).map_err(|_| corrupt(what, raw))
}

fn fact_from_row(row: &AnyRow) -> StoreResult<FactRecord> {
    let kind: String = col(row, "fact_kind")?;
    let source_kind: String = col(row, "source_kind")?;
    let reliability: String = col(row, "reliability")?;
    Ok(FactRecord {
        id: col(row, "fact_id")?,
        kind: FactKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
        evidence: Evidence {
            source_kind: word(SourceKind::parse, "source kind", &source_kind)?,
            source: col(row, "source")?,
            date: Timestamp(col(row, "source_date")?),
            reliability: word(Reliability::parse, "reliability", &reliability)?,
        },
        added_by: col::<Option<i64>>(row, "added_by")?.map(UserId),
        added_by_name: col(row, "added_by_name")?,
        added_at: Timestamp(col(row, "added_at")?),
        reviewed_by: col::<Option<i64>>(row, "reviewed_by")?.map(UserId),
        reviewed_by_name: col(row, "reviewed_by_name")?,
        reviewed_at: col::<Option<i64>>(row, "reviewed_at")?.map(Timestamp),
        review: col(row, "review")?,
        published_at: col::<Option<i64>>(row, "published_at")?.map(Timestamp),
    })
}

fn company_from_row(row: &AnyRow) -> StoreResult<CompanyRecord> {
    Ok(CompanyRecord {
        fact: fact_from_row(row)?,
        draft: CompanyDraft {
            name: col(row, "name")?,
            country: col(row, "country")?,
            registry_number: col(row, "registry_number")?,
        },
    })
}

fn link_from_row(row: &AnyRow) -> StoreResult<LinkRecord> {
    let kind: String = col(row, "link_kind")?;
    Ok(LinkRecord {
        fact: fact_from_row(row)?,
        draft: LinkDraft {
            from: col(row, "from_company")?,
            to: col(row, "to_company")?,
            kind: word(LinkKind::parse, "link kind", &kind)?,
            share: col::<Option<i64>>(row, "share_percent")?.and_then(|s| u8::try_from(s).ok()),
        },
        from_name: col(row, "from_name")?,
        to_name: col(row, "to_name")?,
    })
}

fn site_from_row(row: &AnyRow) -> StoreResult<SiteRecord> {
    let kind: String = col(row, "site_kind")?;
    Ok(SiteRecord {
        fact: fact_from_row(row)?,
        draft: SiteDraft {
            company: col(row, "company_id")?,
            name: col(row, "site_name")?,
            kind: word(SiteKind::parse, "site kind", &kind)?,
            place: col(row, "place")?,
            country: col(row, "site_country")?,
        },
        company_name: col(row, "company_name")?,
    })
}

fn shipment_from_row(row: &AnyRow) -> StoreResult<ShipmentRecord> {
    Ok(ShipmentRecord {
        fact: fact_from_row(row)?,
        draft: ShipmentDraft {
            company: col(row, "company_id")?,
            site: col(row, "site_id")?,
            carrier: col(row, "carrier")?,
            vessel: col(row, "vessel")?,
            departs_on: col::<Option<i64>>(row, "departs_on")?.map(Timestamp),
            arrives_on: Timestamp(col(row, "arrives_on")?),
            cargo: col(row, "cargo")?,
            destination: col(row, "destination")?,
            concern: col::<i64>(row, "concern")? != 0,
        },
        company_name: col(row, "company_name")?,
        site_name: col(row, "site_name")?,
    })
}

const LINK_SELECT: &str = "SELECT l.from_company, l.to_company, l.kind AS link_kind, \
     l.share_percent, cf.name AS from_name, ct.name AS to_name, {FACT} FROM research_links l \
     JOIN research_facts f ON f.id = l.id \
     JOIN research_companies cf ON cf.id = l.from_company \
     JOIN research_companies ct ON ct.id = l.to_company \
     JOIN research_facts ffrom ON ffrom.id = l.from_company \
     JOIN research_facts fto ON fto.id = l.to_company {JOINS}";
const SITE_SELECT: &str = "SELECT s.company_id, s.name AS site_name, s.kind AS site_kind, \
     s.place, s.country AS site_country, c.name AS company_name, {FACT} FROM research_sites s \
     JOIN research_facts f ON f.id = s.id JOIN research_companies c ON c.id = s.company_id \
     JOIN research_facts fco ON fco.id = s.company_id {JOINS}";
const SHIPMENT_SELECT: &str = "SELECT s.company_id, s.site_id, s.carrier, s.vessel, \
     s.departs_on, s.arrives_on, s.cargo, s.destination, s.concern, c.name AS company_name, \
     site.name AS site_name, {FACT} FROM research_shipments s \
     JOIN research_facts f ON f.id = s.id JOIN research_companies c ON c.id = s.company_id \
     JOIN research_sites site ON site.id = s.site_id \
     JOIN research_facts fco ON fco.id = s.company_id \
     JOIN research_facts fsite ON fsite.id = s.site_id {JOINS}";

fn select(template: &str) -> String {
    template
        .replace("{FACT}", FACT_COLUMNS)
        .replace("{JOINS}", FACT_JOINS)
}

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// The upper end of the range of words starting with `prefix` (byte order on both databases).
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// The published facts of an organization.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PublishedResearch {
    pub companies: Vec<CompanyRecord>,
    pub links: Vec<LinkRecord>,
    pub sites: Vec<SiteRecord>,
    pub shipments: Vec<ShipmentRecord>,
}

fn hit_from_row(row: &AnyRow) -> StoreResult<CompanyHit> {
    Ok(CompanyHit {
        id: col(row, "id")?,
        name: col(row, "name")?,
        country: col(row, "country")?,
        registry_number: col(row, "registry_number")?,
    })
}
