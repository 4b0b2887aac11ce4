//! Complicity research of an organization: companies, the links between them, their sites,
//! products and contracts, and shipments, each a fact with its evidence, who added it, the
//! second researcher who reviewed it and whether it is published. Three ways of seeing it
//! ([`Seen`]): researchers see everything, the sections working on a site see reviewed
//! facts, the public sees published ones. A company's two-step neighbourhood and the search by
//! the start of any word of a name use indexes on both databases (`enquete bench research`).

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

impl Store {
    /// Makes an account a researcher of its organization, or no longer one.
    pub async fn set_researcher(
        &self,
        user: UserId,
        on: bool,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query("UPDATE users SET researcher = $1 WHERE id = $2")
            .bind(i64::from(on))
            .bind(user.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound("account"));
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn insert_fact(
        tx: &mut Tx,
        org: UnitId,
        kind: FactKind,
        evidence: &Evidence,
        by: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO research_facts (org_id, kind, source_kind, source, source_date, \
             reliability, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             RETURNING id",
        )
        .bind(org.0)
        .bind(kind.as_str())
        .bind(evidence.source_kind.as_str())
        .bind(&evidence.source)
        .bind(evidence.date.0)
        .bind(evidence.reliability.as_str())
        .bind(by.map(|u| u.0))
        .bind(now.0)
        .fetch_one(&mut **tx)
        .await?)
    }

    /// The company `id` of the organization, read in the transaction; refused on `field`.
    async fn company_in(tx: &mut Tx, org: UnitId, id: i64, field: &'static str) -> StoreResult<()> {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT id FROM research_companies WHERE id = $1 AND org_id = $2")
                .bind(id)
                .bind(org.0)
                .fetch_optional(&mut **tx)
                .await?;
        found
            .map(|_| ())
            .ok_or_else(|| FieldError::new(field, "error-no-company").into())
    }

    async fn insert_company(
        tx: &mut Tx,
        org: UnitId,
        draft: &CompanyDraft,
        evidence: &Evidence,
        by: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let folded = fold_for_search(&draft.name);
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM research_companies WHERE org_id = $1 AND search_name = $2",
        )
        .bind(org.0)
        .bind(&folded)
        .fetch_optional(&mut **tx)
        .await?;
        if taken.is_some() {
            return Err(FieldError::new("name", "error-company-taken").into());
        }
        let id = Self::insert_fact(tx, org, FactKind::Company, evidence, by, now).await?;
        sqlx::query(
            "INSERT INTO research_companies (id, org_id, name, search_name, country, \
             registry_number) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(org.0)
        .bind(&draft.name)
        .bind(&folded)
        .bind(&draft.country)
        .bind(&draft.registry_number)
        .execute(&mut **tx)
        .await
        .map_err(|e| crate::unique_as_field(e, "name", "error-company-taken"))?;
        for w in name_words(&folded) {
            sqlx::query(
                "INSERT INTO research_company_words (org_id, word, company_id) VALUES ($1, $2, $3)",
            )
            .bind(org.0)
            .bind(w)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        }
        Ok(id)
    }

    async fn insert_link(
        tx: &mut Tx,
        org: UnitId,
        draft: &LinkDraft,
        evidence: &Evidence,
        by: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<i64> {
        Self::company_in(tx, org, draft.from, "from").await?;
        Self::company_in(tx, org, draft.to, "to").await?;
        let id = Self::insert_fact(tx, org, FactKind::Link, evidence, by, now).await?;
        sqlx::query(
            "INSERT INTO research_links (id, from_company, to_company, kind, share_percent) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(draft.from)
        .bind(draft.to)
        .bind(draft.kind.as_str())
        .bind(draft.share.map(i64::from))
        .execute(&mut **tx)
        .await?;
        Ok(id)
    }

    async fn insert_shipment(
        tx: &mut Tx,
        org: UnitId,
        draft: &ShipmentDraft,
        evidence: &Evidence,
        by: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<i64> {
        Self::company_in(tx, org, draft.company, "company").await?;
        let site: Option<i64> = sqlx::query_scalar(
            "SELECT s.id FROM research_sites s JOIN research_companies c ON c.id = s.company_id \
             WHERE s.id = $1 AND c.org_id = $2",
        )
        .bind(draft.site)
        .bind(org.0)
        .fetch_optional(&mut **tx)
        .await?;
        if site.is_none() {
            return Err(FieldError::new("site", "error-no-site").into());
        }
        let id = Self::insert_fact(tx, org, FactKind::Shipment, evidence, by, now).await?;
        sqlx::query(
            "INSERT INTO research_shipments (id, company_id, site_id, carrier, vessel, \
             departs_on, arrives_on, cargo, destination, concern) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id)
        .bind(draft.company)
        .bind(draft.site)
        .bind(&draft.carrier)
        .bind(&draft.vessel)
        .bind(draft.departs_on.map(|t| t.0))
        .bind(draft.arrives_on.0)
        .bind(&draft.cargo)
        .bind(&draft.destination)
        .bind(i64::from(draft.concern))
        .execute(&mut **tx)
        .await?;
        Ok(id)
    }

    /// Adds a company; with a parent, also the parent's ownership of it (with the share where
    /// known), on the same evidence. Refused on `name` when the organization has a company of
    /// that name (accents and case aside).
    #[expect(
        clippy::too_many_arguments,
        reason = "the company, its parent, its evidence, who and when: one fact each"
    )]
    pub async fn add_company(
        &self,
        org: UnitId,
        draft: &CompanyDraft,
        parent: Option<(i64, Option<u8>)>,
        evidence: &Evidence,
        by: Option<UserId>,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let id = Self::insert_company(&mut tx, org, draft, evidence, by, now).await?;
        if let Some((parent, share)) = parent {
            Self::company_in(&mut tx, org, parent, "parent_company").await?;
            let link = LinkDraft {
                from: parent,
                to: id,
                kind: LinkKind::Owns,
                share,
            };
            Self::insert_link(&mut tx, org, &link, evidence, by, now).await?;
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn add_link(
        &self,
        org: UnitId,
        draft: &LinkDraft,
        evidence: &Evidence,
        by: Option<UserId>,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let id = Self::insert_link(&mut tx, org, draft, evidence, by, now).await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn add_site(
        &self,
        org: UnitId,
        draft: &SiteDraft,
        evidence: &Evidence,
        by: Option<UserId>,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        Self::company_in(&mut tx, org, draft.company, "company").await?;
        let id = Self::insert_fact(&mut tx, org, FactKind::Site, evidence, by, now).await?;
        sqlx::query(
            "INSERT INTO research_sites (id, company_id, name, kind, place, country) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(draft.company)
        .bind(&draft.name)
        .bind(draft.kind.as_str())
        .bind(&draft.place)
        .bind(&draft.country)
        .execute(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn add_item(
        &self,
        org: UnitId,
        draft: &ItemDraft,
        evidence: &Evidence,
        by: Option<UserId>,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        Self::company_in(&mut tx, org, draft.company, "company").await?;
        let id = Self::insert_fact(&mut tx, org, FactKind::Item, evidence, by, now).await?;
        sqlx::query(
            "INSERT INTO research_items (id, company_id, kind, description, counterparty) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(draft.company)
        .bind(draft.kind.as_str())
        .bind(&draft.description)
        .bind(&draft.counterparty)
        .execute(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn add_shipment(
        &self,
        org: UnitId,
        draft: &ShipmentDraft,
        evidence: &Evidence,
        by: Option<UserId>,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let id = Self::insert_shipment(&mut tx, org, draft, evidence, by, now).await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A fact of the organization as it stands.
    pub async fn research_fact(&self, org: UnitId, id: i64) -> StoreResult<FactRecord> {
        let row = sqlx::query(&format!(
            "SELECT {FACT_COLUMNS} FROM research_facts f {FACT_JOINS} \
             WHERE f.id = $1 AND f.org_id = $2"
        ))
        .bind(id)
        .bind(org.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("research fact"))?;
        fact_from_row(&row)
    }

    /// Records a second researcher's review of a fact: refused on `fact` when `by` added it or
    /// it was reviewed already.
    pub async fn review_fact(
        &self,
        org: UnitId,
        id: i64,
        by: UserId,
        note: &str,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<FactRecord> {
        let mut tx = self.begin_write().await?;
        let row: Option<(Option<i64>, Option<i64>)> = sqlx::query_as(&format!(
            "SELECT added_by, reviewed_at FROM research_facts WHERE id = $1 AND org_id = $2{}",
            self.lock_rows()
        ))
        .bind(id)
        .bind(org.0)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((added_by, reviewed_at)) = row else {
            return Err(StoreError::NotFound("research fact"));
        };
        if added_by == Some(by.0) {
            return Err(FieldError::new("fact", "error-review-own").into());
        }
        if reviewed_at.is_some() {
            return Err(FieldError::new("fact", "error-reviewed-already").into());
        }
        sqlx::query(
            "UPDATE research_facts SET reviewed_by = $1, reviewed_at = $2, review = $3 \
             WHERE id = $4",
        )
        .bind(by.0)
        .bind(now.0)
        .bind(note)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.research_fact(org, id).await
    }

    /// Publishes a reviewed fact (`publish` true) or withdraws it; refused on `fact` when it
    /// was not reviewed.
    pub async fn publish_fact(
        &self,
        org: UnitId,
        id: i64,
        by: UserId,
        publish: bool,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let reviewed: Option<Option<i64>> = sqlx::query_scalar(&format!(
            "SELECT reviewed_at FROM research_facts WHERE id = $1 AND org_id = $2{}",
            self.lock_rows()
        ))
        .bind(id)
        .bind(org.0)
        .fetch_optional(&mut *tx)
        .await?;
        match reviewed {
            None => return Err(StoreError::NotFound("research fact")),
            Some(None) if publish => {
                return Err(FieldError::new("fact", "error-publish-unreviewed").into());
            }
            Some(_) => {}
        }
        if publish {
            // The companies and the site a fact names are published first: the public page
            // would otherwise name them.
            let unpublished: i64 = sqlx::query_scalar(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM research_facts d WHERE d.published_at IS NULL \
                 AND d.id IN (SELECT from_company FROM research_links WHERE id = $1 \
                 UNION SELECT to_company FROM research_links WHERE id = $1 \
                 UNION SELECT company_id FROM research_sites WHERE id = $1 \
                 UNION SELECT company_id FROM research_items WHERE id = $1 \
                 UNION SELECT company_id FROM research_shipments WHERE id = $1 \
                 UNION SELECT site_id FROM research_shipments WHERE id = $1)",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            if unpublished > 0 {
                return Err(FieldError::new("fact", "error-publish-depends").into());
            }
        }
        sqlx::query("UPDATE research_facts SET published_by = $1, published_at = $2 WHERE id = $3")
            .bind(publish.then_some(by.0))
            .bind(publish.then_some(now.0))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Companies of the organization whose name has a word starting with each word of `query`
    /// (accents and case aside), by name, at most `limit`.
    pub async fn search_companies(
        &self,
        org: UnitId,
        query: &str,
        seen: Seen,
        limit: u32,
    ) -> StoreResult<Vec<CompanyHit>> {
        // Control characters mean nothing in a name (and PostgreSQL refuses a NUL byte).
        let clean: String = query.chars().filter(|c| !c.is_control()).collect();
        let folded = fold_for_search(&clean);
        let mut words = name_words(&folded);
        words.truncate(6);
        if words.is_empty() {
            // One letter or nothing: the first companies by name.
            let rows = sqlx::query(&format!(
                "SELECT c.id, c.name, c.country, c.registry_number FROM research_companies c \
                 JOIN research_facts f ON f.id = c.id WHERE c.org_id = $1 AND {} \
                 AND c.search_name >= $2 ORDER BY c.search_name LIMIT $3",
                seen.filter()
            ))
            .bind(org.0)
            .bind(&folded)
            .bind(i64::from(limit))
            .fetch_all(&self.read)
            .await?;
            return rows.iter().map(hit_from_row).collect();
        }
        // The longest word narrows most through the index; every other word must start a word
        // of the same name too.
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        let others: String = (1..words.len())
            .map(|i| {
                format!(
                    " AND EXISTS (SELECT 1 FROM research_company_words w{i} \
                     WHERE w{i}.company_id = c.id \
                     AND w{i}.word >= ${} AND w{i}.word < ${})",
                    2 * i + 3,
                    2 * i + 4
                )
            })
            .collect();
        // The companies with a word starting with the longest query word come from the words'
        // index first; each other word is looked up by company.
        let sql = format!(
            "SELECT c.id, c.name, c.country, c.registry_number, c.search_name \
             FROM research_companies c JOIN research_facts f ON f.id = c.id \
             WHERE c.id IN (SELECT w.company_id FROM research_company_words w \
                 WHERE w.org_id = $1 AND w.word >= $3 AND w.word < $4) \
             AND {}{others} ORDER BY c.search_name LIMIT $2",
            seen.filter()
        );
        let mut q = sqlx::query(&sql).bind(org.0).bind(i64::from(limit));
        for w in &words {
            q = q.bind(w.clone()).bind(prefix_end(w));
        }
        let rows = q.fetch_all(&self.read).await?;
        rows.iter().map(hit_from_row).collect()
    }

    /// A company of the organization, if the reader sees it.
    pub async fn research_company(
        &self,
        org: UnitId,
        id: i64,
        seen: Seen,
    ) -> StoreResult<CompanyRecord> {
        let row = sqlx::query(&format!(
            "SELECT c.name, c.country, c.registry_number, {FACT_COLUMNS} \
             FROM research_companies c JOIN research_facts f ON f.id = c.id {FACT_JOINS} \
             WHERE c.id = $1 AND c.org_id = $2 AND {}",
            seen.filter()
        ))
        .bind(id)
        .bind(org.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("company"))?;
        company_from_row(&row)
    }

    /// A company's file: its links, sites, products and contracts, and shipments, as far as
    /// the reader sees.
    pub async fn company_file(&self, org: UnitId, id: i64, seen: Seen) -> StoreResult<CompanyFile> {
        let company = self.research_company(org, id, seen).await?;
        let filter = seen.filter();
        let mut links = Vec::new();
        for side in ["l.from_company", "l.to_company"] {
            let rows = sqlx::query(&format!(
                "{} WHERE {side} = $1 AND {} ORDER BY f.id LIMIT 500",
                select(LINK_SELECT),
                seen.links()
            ))
            .bind(id)
            .fetch_all(&self.read)
            .await?;
            for row in &rows {
                links.push(link_from_row(row)?);
            }
        }
        let sites = sqlx::query(&format!(
            "{} WHERE s.company_id = $1 AND {} ORDER BY s.name LIMIT 500",
            select(SITE_SELECT),
            seen.sites()
        ))
        .bind(id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(site_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
        let items = sqlx::query(&format!(
            "SELECT i.company_id, i.kind AS item_kind, i.description, i.counterparty, \
             {FACT_COLUMNS} FROM research_items i JOIN research_facts f ON f.id = i.id \
             {FACT_JOINS} WHERE i.company_id = $1 AND {filter} ORDER BY i.kind, f.id LIMIT 500"
        ))
        .bind(id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|row| {
            let kind: String = col(row, "item_kind")?;
            Ok(ItemRecord {
                fact: fact_from_row(row)?,
                draft: ItemDraft {
                    company: col(row, "company_id")?,
                    kind: word(ItemKind::parse, "item kind", &kind)?,
                    description: col(row, "description")?,
                    counterparty: col(row, "counterparty")?,
                },
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
        let shipments = sqlx::query(&format!(
            "{} WHERE (s.company_id = $1 OR site.company_id = $1) AND {} \
             ORDER BY s.arrives_on DESC, f.id LIMIT 200",
            select(SHIPMENT_SELECT),
            seen.shipments()
        ))
        .bind(id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(shipment_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
        Ok(CompanyFile {
            company,
            links,
            sites,
            items,
            shipments,
        })
    }

    /// The links touching any of `ids` that the reader sees: (link, from, to, kind).
    async fn links_touching(
        &self,
        ids: &[i64],
        seen: Seen,
    ) -> StoreResult<Vec<(i64, i64, i64, LinkKind)>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(400) {
            for side in ["from_company", "to_company"] {
                // Researchers see every link: no need to read the facts.
                let joins = if seen == Seen::All {
                    ""
                } else {
                    "JOIN research_facts f ON f.id = l.id \
                     JOIN research_facts ffrom ON ffrom.id = l.from_company \
                     JOIN research_facts fto ON fto.id = l.to_company"
                };
                let sql = format!(
                    "SELECT l.id, l.from_company, l.to_company, l.kind FROM research_links l \
                     {joins} WHERE l.{side} IN ({}) AND {}",
                    placeholders(1, chunk.len()),
                    seen.links()
                );
                let mut q = sqlx::query_as::<_, (i64, i64, i64, String)>(&sql);
                for id in chunk {
                    q = q.bind(*id);
                }
                for (id, from, to, kind) in q.fetch_all(&self.read).await? {
                    out.push((id, from, to, word(LinkKind::parse, "link kind", &kind)?));
                }
            }
        }
        out.sort_by_key(|l| l.0);
        out.dedup_by_key(|l| l.0);
        Ok(out)
    }

    /// A company's neighbourhood two links away (both ways), as far as the reader sees. A
    /// company with more than `max` links at the first step has only its first `max`
    /// neighbours followed (`cut`).
    pub async fn neighbourhood(
        &self,
        org: UnitId,
        id: i64,
        seen: Seen,
        max: usize,
    ) -> StoreResult<Neighbourhood> {
        let centre = self.research_company(org, id, seen).await?;
        let first = self.links_touching(&[id], seen).await?;
        let mut step: BTreeMap<i64, u8> = BTreeMap::new();
        step.insert(id, 0);
        let mut cut = false;
        let mut ring: Vec<i64> = Vec::new();
        // Direct neighbours left out of a cut ring stay out (not brought back a step further).
        let mut dropped: BTreeSet<i64> = BTreeSet::new();
        for (_, from, to, _) in &first {
            let other = if *from == id { *to } else { *from };
            if let std::collections::btree_map::Entry::Vacant(slot) = step.entry(other) {
                if ring.len() >= max {
                    cut = true;
                    dropped.insert(other);
                    continue;
                }
                slot.insert(1);
                ring.push(other);
            }
        }
        let second = self.links_touching(&ring, seen).await?;
        // The second step: what the companies of the first ring link to, at most four times
        // as many.
        let mut further = 0;
        for (_, from, to, _) in &second {
            for c in [*from, *to] {
                if dropped.contains(&c) {
                    continue;
                }
                if let std::collections::btree_map::Entry::Vacant(slot) = step.entry(c) {
                    if further >= max * 4 {
                        cut = true;
                        continue;
                    }
                    slot.insert(2);
                    further += 1;
                }
            }
        }
        let mut links: BTreeSet<(i64, i64, i64, &'static str)> = BTreeSet::new();
        let mut kinds: HashMap<i64, LinkKind> = HashMap::new();
        // Every link between companies of the neighbourhood (a first-step link to a company
        // left out of a cut ring is left out with it).
        for (lid, from, to, kind) in first.iter().chain(second.iter()) {
            if step.contains_key(from) && step.contains_key(to) {
                links.insert((*lid, *from, *to, kind.as_str()));
                kinds.insert(*lid, *kind);
            }
        }
        let ids: Vec<i64> = step.keys().copied().collect();
        let mut names: HashMap<i64, String> = HashMap::new();
        names.insert(id, centre.draft.name.clone());
        for chunk in ids.chunks(400) {
            let sql = format!(
                "SELECT id, name FROM research_companies WHERE id IN ({})",
                placeholders(1, chunk.len())
            );
            let mut q = sqlx::query_as::<_, (i64, String)>(&sql);
            for c in chunk {
                q = q.bind(*c);
            }
            names.extend(q.fetch_all(&self.read).await?);
        }
        let mut companies: Vec<(i64, String, u8)> = step
            .iter()
            .map(|(c, s)| (*c, names.get(c).cloned().unwrap_or_default(), *s))
            .collect();
        companies.sort_by(|a, b| (a.2, &a.1).cmp(&(b.2, &b.1)));
        Ok(Neighbourhood {
            companies,
            links: links
                .iter()
                .filter_map(|(lid, from, to, _)| kinds.get(lid).map(|k| (*from, *to, *k)))
                .collect(),
            cut,
        })
    }

    /// The company of the organization with this name (accents and case aside).
    pub async fn company_id_by_name(&self, org: UnitId, name: &str) -> StoreResult<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM research_companies WHERE org_id = $1 AND search_name = $2",
        )
        .bind(org.0)
        .bind(fold_for_search(name))
        .fetch_optional(&self.read)
        .await?)
    }

    /// One shipment of the organization, as it stands.
    pub async fn shipment(&self, org: UnitId, id: i64) -> StoreResult<Option<ShipmentRecord>> {
        sqlx::query(&format!(
            "{} WHERE s.id = $1 AND f.org_id = $2",
            select(SHIPMENT_SELECT)
        ))
        .bind(id)
        .bind(org.0)
        .fetch_optional(&self.read)
        .await?
        .as_ref()
        .map(shipment_from_row)
        .transpose()
    }

    /// Facts waiting for a second researcher, the oldest first.
    pub async fn review_queue(&self, org: UnitId, limit: u32) -> StoreResult<Vec<QueuedFact>> {
        let rows = sqlx::query(&format!(
            "SELECT {FACT_COLUMNS}, \
             COALESCE(c.id, l.from_company, s.company_id, i.company_id, sh.company_id) AS about, \
             COALESCE(c.name, lc.name, sc.name, ic.name, shc.name, '') AS about_name, \
             COALESCE(lt.name, s.name, i.description, sh.cargo, c.country, '') AS summary \
             FROM research_facts f {FACT_JOINS} \
             LEFT JOIN research_companies c ON c.id = f.id \
             LEFT JOIN research_links l ON l.id = f.id \
             LEFT JOIN research_companies lc ON lc.id = l.from_company \
             LEFT JOIN research_companies lt ON lt.id = l.to_company \
             LEFT JOIN research_sites s ON s.id = f.id \
             LEFT JOIN research_companies sc ON sc.id = s.company_id \
             LEFT JOIN research_items i ON i.id = f.id \
             LEFT JOIN research_companies ic ON ic.id = i.company_id \
             LEFT JOIN research_shipments sh ON sh.id = f.id \
             LEFT JOIN research_companies shc ON shc.id = sh.company_id \
             WHERE f.org_id = $1 AND f.reviewed_at IS NULL ORDER BY f.added_at, f.id LIMIT $2"
        ))
        .bind(org.0)
        .bind(i64::from(limit))
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(QueuedFact {
                    fact: fact_from_row(row)?,
                    company: col::<Option<i64>>(row, "about")?.unwrap_or_default(),
                    company_name: col(row, "about_name")?,
                    summary: col(row, "summary")?,
                })
            })
            .collect()
    }

    /// How many facts of each standing: (waiting for review, reviewed, published).
    pub async fn research_counts(&self, org: UnitId) -> StoreResult<(u64, u64, u64)> {
        let (waiting, reviewed, published): (i64, i64, i64) = sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(CASE WHEN reviewed_at IS NULL THEN 1 ELSE 0 END), 0) \
             AS BIGINT), CAST(COALESCE(SUM(CASE WHEN reviewed_at IS NOT NULL THEN 1 ELSE 0 \
             END), 0) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN published_at IS NOT NULL THEN \
             1 ELSE 0 END), 0) AS BIGINT) FROM research_facts WHERE org_id = $1",
        )
        .bind(org.0)
        .fetch_one(&self.read)
        .await?;
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        Ok((n(waiting), n(reviewed), n(published)))
    }

    /// The sites of the organization a workplace may be linked to: reviewed ones, by name.
    pub async fn research_sites(&self, org: UnitId, seen: Seen) -> StoreResult<Vec<SiteRecord>> {
        let rows = sqlx::query(&format!(
            "{} WHERE c.org_id = $1 AND {} ORDER BY s.name, c.name LIMIT 2000",
            select(SITE_SELECT),
            seen.sites()
        ))
        .bind(org.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(site_from_row).collect()
    }

    /// Links a workplace section to a site it works on (`on`), or unlinks it. The site must be
    /// a reviewed one of `org`.
    pub async fn link_workplace_site(
        &self,
        org: UnitId,
        unit: UnitId,
        site: i64,
        on: bool,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT s.id FROM research_sites s JOIN research_companies c ON c.id = s.company_id \
             JOIN research_facts f ON f.id = s.id JOIN research_facts fco ON fco.id = c.id \
             WHERE s.id = $1 AND c.org_id = $2 AND f.reviewed_at IS NOT NULL \
             AND fco.reviewed_at IS NOT NULL",
        )
        .bind(site)
        .bind(org.0)
        .fetch_optional(&mut *tx)
        .await?;
        if found.is_none() {
            return Err(FieldError::new("site", "error-no-site").into());
        }
        if on {
            sqlx::query(
                "INSERT INTO workplace_sites (unit_id, site_id) VALUES ($1, $2) \
                 ON CONFLICT (unit_id, site_id) DO NOTHING",
            )
            .bind(unit.0)
            .bind(site)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query("DELETE FROM workplace_sites WHERE unit_id = $1 AND site_id = $2")
                .bind(unit.0)
                .bind(site)
                .execute(&mut *tx)
                .await?;
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The sites a workplace section is linked to (reviewed ones).
    pub async fn workplace_sites(&self, unit: UnitId) -> StoreResult<Vec<SiteRecord>> {
        let rows = sqlx::query(&format!(
            "{} JOIN workplace_sites ws ON ws.site_id = s.id WHERE ws.unit_id = $1 \
             AND {} ORDER BY s.name",
            select(SITE_SELECT),
            Seen::Reviewed.sites()
        ))
        .bind(unit.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(site_from_row).collect()
    }

    /// Reviewed shipments expected from `from` on at the sites the workplace sections `units`
    /// are linked to (only those of concern with `concern_only`), soonest first.
    pub async fn expected_shipments(
        &self,
        units: &[UnitId],
        from: Timestamp,
        concern_only: bool,
        limit: u32,
    ) -> StoreResult<Vec<ExpectedShipment>> {
        if units.is_empty() {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for chunk in units.chunks(400) {
            let sql = format!(
                "{} JOIN workplace_sites ws ON ws.site_id = s.site_id \
                 JOIN units u ON u.id = ws.unit_id \
                 WHERE ws.unit_id IN ({}) AND {} \
                 AND s.arrives_on >= ${} AND ({} OR s.concern = 1) \
                 ORDER BY s.arrives_on, f.id LIMIT ${}",
                select(SHIPMENT_SELECT).replace(
                    "SELECT s.company_id",
                    "SELECT ws.unit_id, u.name AS unit_name, s.company_id"
                ),
                placeholders(1, chunk.len()),
                Seen::Reviewed.shipments(),
                chunk.len() + 1,
                if concern_only { "1 = 0" } else { "1 = 1" },
                chunk.len() + 2
            );
            let mut q = sqlx::query(&sql);
            for u in chunk {
                q = q.bind(u.0);
            }
            let rows = q
                .bind(from.0)
                .bind(i64::from(limit))
                .fetch_all(&self.read)
                .await?;
            for row in &rows {
                out.push(ExpectedShipment {
                    unit: UnitId(col(row, "unit_id")?),
                    unit_name: col(row, "unit_name")?,
                    shipment: shipment_from_row(row)?,
                });
            }
        }
        out.sort_by_key(|e| (e.shipment.draft.arrives_on.0, e.shipment.fact.id, e.unit.0));
        out.truncate(limit as usize);
        Ok(out)
    }

    /// The reviewed shipments of concern expected at a site from `today` on.
    pub async fn concern_shipments_at(&self, site: i64, today: Timestamp) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT s.id FROM research_shipments s JOIN research_facts f ON f.id = s.id \
             WHERE s.site_id = $1 AND s.concern = 1 AND f.reviewed_at IS NOT NULL \
             AND s.arrives_on >= $2 ORDER BY s.arrives_on, s.id",
        )
        .bind(site)
        .bind(today.0)
        .fetch_all(&self.read)
        .await?)
    }

    /// Who to warn of a reviewed shipment of concern not yet past, for each workplace section
    /// linked to its site and not warned of it yet: the section's stewards and the organizers
    /// of the section and above (accounts in use with an address).
    pub async fn shipment_warning_recipients(
        &self,
        shipment: i64,
        today: Timestamp,
    ) -> StoreResult<Vec<WarningRecipient>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT ws.unit_id, u.path FROM research_shipments s \
             JOIN research_facts f ON f.id = s.id \
             JOIN research_facts fco ON fco.id = s.company_id AND fco.reviewed_at IS NOT NULL \
             JOIN workplace_sites ws ON ws.site_id = s.site_id JOIN units u ON u.id = ws.unit_id \
             WHERE s.id = $1 AND s.concern = 1 AND f.reviewed_at IS NOT NULL \
             AND s.arrives_on >= $2 AND NOT EXISTS (SELECT 1 FROM research_warnings w \
             WHERE w.shipment_id = s.id AND w.unit_id = ws.unit_id)",
        )
        .bind(shipment)
        .bind(today.0)
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::new();
        for (unit, path) in rows {
            let paths = crate::path_and_ancestors(&path);
            let sql = format!(
                "SELECT s.email, s.language FROM users s JOIN units u ON u.id = s.unit_id \
                 WHERE s.disabled = 0 AND ((s.role = 'steward' AND s.unit_id = $1) OR \
                 (s.role = 'organizer' AND u.path IN ({}))) ORDER BY s.id",
                placeholders(2, paths.len())
            );
            let mut q = sqlx::query_as::<_, (String, String)>(&sql).bind(unit);
            for p in &paths {
                q = q.bind(p);
            }
            for (email, language) in q.fetch_all(&self.read).await? {
                out.push(WarningRecipient {
                    unit: UnitId(unit),
                    email,
                    language: Language::parse(&language).unwrap_or(Language::En),
                });
            }
        }
        Ok(out)
    }

    /// Queues the warnings of a shipment (address, subject, body per recipient) and notes each
    /// section as warned, in one transaction; a section warned meanwhile is skipped. Returns
    /// how many mails were queued.
    pub async fn queue_shipment_warnings(
        &self,
        shipment: i64,
        mails: &[(UnitId, String, String, String)],
        now: Timestamp,
    ) -> StoreResult<u64> {
        let mut tx = self.begin_write().await?;
        let mut fresh: BTreeMap<i64, bool> = BTreeMap::new();
        let mut queued = 0;
        for (unit, to, subject, body) in mails {
            let is_fresh = match fresh.get(&unit.0) {
                Some(f) => *f,
                None => {
                    let n = sqlx::query(
                        "INSERT INTO research_warnings (shipment_id, unit_id, queued_at) \
                         VALUES ($1, $2, $3) ON CONFLICT (shipment_id, unit_id) DO NOTHING",
                    )
                    .bind(shipment)
                    .bind(unit.0)
                    .bind(now.0)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    fresh.insert(unit.0, n > 0);
                    n > 0
                }
            };
            if is_fresh {
                crate::resets::queue_mail(&mut tx, &self.keys, to, subject, body, now).await?;
                queued += 1;
            }
        }
        tx.commit().await?;
        Ok(queued)
    }

    /// Every published fact of the organization, for the open export: companies, links,
    /// sites, products and contracts, shipments.
    pub async fn published_research(&self, org: UnitId) -> StoreResult<PublishedResearch> {
        let filter = Seen::Published.filter();
        let companies = sqlx::query(&format!(
            "SELECT c.name, c.country, c.registry_number, {FACT_COLUMNS} \
             FROM research_companies c JOIN research_facts f ON f.id = c.id {FACT_JOINS} \
             WHERE c.org_id = $1 AND {filter} ORDER BY c.search_name"
        ))
        .bind(org.0)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(company_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
        let links = sqlx::query(&format!(
            "{} WHERE f.org_id = $1 AND {} ORDER BY f.id",
            select(LINK_SELECT),
            Seen::Published.links()
        ))
        .bind(org.0)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(link_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
        let sites = sqlx::query(&format!(
            "{} WHERE c.org_id = $1 AND {} ORDER BY s.name, c.name",
            select(SITE_SELECT),
            Seen::Published.sites()
        ))
        .bind(org.0)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(site_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
        let shipments = sqlx::query(&format!(
            "{} WHERE f.org_id = $1 AND {} ORDER BY s.arrives_on, f.id",
            select(SHIPMENT_SELECT),
            Seen::Published.shipments()
        ))
        .bind(org.0)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(shipment_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
        Ok(PublishedResearch {
            companies,
            links,
            sites,
            shipments,
        })
    }

    /// Loads a large research set at once, in one transaction (the benchmark's 100,000
    /// companies and 1,000,000 links; a move from another tool): companies, then links between
    /// them by their place in `companies`, all on the same evidence and waiting for review.
    /// Returns the companies' ids in order. Names must be new and distinct (not checked one by
    /// one: the unique index refuses a repeated name and nothing is written).
    pub async fn bulk_research(
        &self,
        org: UnitId,
        companies: &[CompanyDraft],
        links: &[(usize, usize, LinkKind)],
        evidence: &Evidence,
        now: Timestamp,
    ) -> StoreResult<Vec<i64>> {
        const BATCH: usize = 400;
        let mut tx = self.begin_write().await?;
        if self.backend() == crate::Backend::Postgres {
            sqlx::query("LOCK TABLE research_facts IN EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await?;
        }
        // Facts get ascending ids in the order they are inserted: read them back after the
        // highest id before, under the write lock.
        async fn facts(
            tx: &mut Tx,
            org: UnitId,
            kind: FactKind,
            n: usize,
            evidence: &Evidence,
            now: Timestamp,
        ) -> StoreResult<Vec<i64>> {
            let before: i64 = sqlx::query_scalar(
                "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM research_facts",
            )
            .fetch_one(&mut **tx)
            .await?;
            let mut left = n;
            while left > 0 {
                let k = left.min(BATCH);
                let values: Vec<String> = (0..k)
                    .map(|i| {
                        let b = i * 7;
                        format!(
                            "(${}, ${}, ${}, ${}, ${}, ${}, ${}, NULL)",
                            b + 1,
                            b + 2,
                            b + 3,
                            b + 4,
                            b + 5,
                            b + 6,
                            b + 7
                        )
                    })
                    .collect();
                let sql = format!(
                    "INSERT INTO research_facts (org_id, kind, source_kind, source, source_date, \
                     reliability, added_at, added_by) VALUES {}",
                    values.join(", ")
                );
                let mut q = sqlx::query(&sql);
                for _ in 0..k {
                    q = q
                        .bind(org.0)
                        .bind(kind.as_str())
                        .bind(evidence.source_kind.as_str())
                        .bind(&evidence.source)
                        .bind(evidence.date.0)
                        .bind(evidence.reliability.as_str())
                        .bind(now.0);
                }
                q.execute(&mut **tx).await?;
                left -= k;
            }
            Ok(
                sqlx::query_scalar("SELECT id FROM research_facts WHERE id > $1 ORDER BY id")
                    .bind(before)
                    .fetch_all(&mut **tx)
                    .await?,
            )
        }
        let ids = facts(
            &mut tx,
            org,
            FactKind::Company,
            companies.len(),
            evidence,
            now,
        )
        .await?;
        if ids.len() != companies.len() {
            return Err(StoreError::Corrupt(
                "research facts written meanwhile".into(),
            ));
        }
        let mut words: Vec<(String, i64)> = Vec::new();
        for (chunk_ids, chunk) in ids.chunks(BATCH).zip(companies.chunks(BATCH)) {
            let values: Vec<String> = (0..chunk.len())
                .map(|i| {
                    let b = i * 6;
                    format!(
                        "(${}, ${}, ${}, ${}, ${}, ${})",
                        b + 1,
                        b + 2,
                        b + 3,
                        b + 4,
                        b + 5,
                        b + 6
                    )
                })
                .collect();
            let sql = format!(
                "INSERT INTO research_companies (id, org_id, name, search_name, country, \
                 registry_number) VALUES {}",
                values.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for (id, c) in chunk_ids.iter().zip(chunk) {
                let folded = fold_for_search(&c.name);
                for w in name_words(&folded) {
                    words.push((w, *id));
                }
                q = q
                    .bind(*id)
                    .bind(org.0)
                    .bind(&c.name)
                    .bind(folded)
                    .bind(&c.country)
                    .bind(&c.registry_number);
            }
            q.execute(&mut *tx).await?;
        }
        for chunk in words.chunks(BATCH) {
            let values: Vec<String> = (0..chunk.len())
                .map(|i| format!("(${}, ${}, ${})", i * 3 + 1, i * 3 + 2, i * 3 + 3))
                .collect();
            let sql = format!(
                "INSERT INTO research_company_words (org_id, word, company_id) VALUES {}",
                values.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for (w, id) in chunk {
                q = q.bind(org.0).bind(w).bind(*id);
            }
            q.execute(&mut *tx).await?;
        }
        let link_ids = facts(&mut tx, org, FactKind::Link, links.len(), evidence, now).await?;
        for (chunk_ids, chunk) in link_ids.chunks(BATCH).zip(links.chunks(BATCH)) {
            let values: Vec<String> = (0..chunk.len())
                .map(|i| {
                    let b = i * 4;
                    format!("(${}, ${}, ${}, ${}, NULL)", b + 1, b + 2, b + 3, b + 4)
                })
                .collect();
            let sql = format!(
                "INSERT INTO research_links (id, from_company, to_company, kind, share_percent) \
                 VALUES {}",
                values.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for (id, (from, to, kind)) in chunk_ids.iter().zip(chunk) {
                let (Some(from), Some(to)) = (ids.get(*from), ids.get(*to)) else {
                    return Err(FieldError::new("to", "error-no-company").into());
                };
                q = q.bind(*id).bind(*from).bind(*to).bind(kind.as_str());
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        // So many new rows at once: the planner's figures are brought up to date now rather
        // than at the next automatic analysis.
        let analyze = match self.backend() {
            crate::Backend::Postgres => {
                "ANALYZE research_facts, research_companies, research_company_words, research_links"
            }
            crate::Backend::Sqlite => "ANALYZE",
        };
        sqlx::query(analyze).execute(&self.write).await?;
        Ok(ids)
    }

    /// Writes an imported file's rows in one transaction, each added by `by` and waiting for
    /// review: companies (with their parent's ownership), links and shipments, naming companies
    /// and sites by name (those of the organization, and those of earlier rows of the file).
    /// Every row that cannot be written is named; then nothing is written.
    pub async fn import_research(
        &self,
        org: UnitId,
        rows: &[(usize, ImportRow, Evidence)],
        by: Option<UserId>,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<Result<u64, Vec<ImportProblem>>> {
        let mut tx = self.begin_write().await?;
        let mut problems = Vec::new();
        let mut written = 0u64;
        for (row, what, evidence) in rows {
            let outcome = self.import_row(&mut tx, org, what, evidence, by, now).await;
            match outcome {
                Ok(()) => written += 1,
                Err(StoreError::Invalid(error)) => {
                    problems.push(ImportProblem { row: *row, error })
                }
                Err(e) => return Err(e),
            }
        }
        if !problems.is_empty() {
            tx.rollback().await?;
            return Ok(Err(problems));
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(Ok(written))
    }

    async fn company_named(
        tx: &mut Tx,
        org: UnitId,
        name: &str,
        field: &'static str,
    ) -> StoreResult<i64> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM research_companies WHERE org_id = $1 AND search_name = $2",
        )
        .bind(org.0)
        .bind(fold_for_search(name))
        .fetch_optional(&mut **tx)
        .await?;
        found.ok_or_else(|| FieldError::new(field, "error-no-company").into())
    }

    async fn import_row(
        &self,
        tx: &mut Tx,
        org: UnitId,
        what: &ImportRow,
        evidence: &Evidence,
        by: Option<UserId>,
        now: Timestamp,
    ) -> StoreResult<()> {
        match what {
            ImportRow::Company { draft, parent } => {
                // The parent is looked up first, so that a bad row writes nothing.
                let parent = match parent {
                    Some((name, share)) => {
                        Some((Self::company_named(tx, org, name, "parent").await?, *share))
                    }
                    None => None,
                };
                let id = Self::insert_company(tx, org, draft, evidence, by, now).await?;
                if let Some((parent, share)) = parent {
                    let link = LinkDraft {
                        from: parent,
                        to: id,
                        kind: LinkKind::Owns,
                        share,
                    };
                    Self::insert_link(tx, org, &link, evidence, by, now).await?;
                }
            }
            ImportRow::Link {
                from,
                to,
                kind,
                share,
            } => {
                let from = Self::company_named(tx, org, from, "from").await?;
                let to = Self::company_named(tx, org, to, "to").await?;
                if from == to {
                    return Err(FieldError::new("to", "error-link-self").into());
                }
                let link = LinkDraft {
                    from,
                    to,
                    kind: *kind,
                    share: *share,
                };
                Self::insert_link(tx, org, &link, evidence, by, now).await?;
            }
            ImportRow::Shipment {
                company,
                site,
                draft,
            } => {
                let company = Self::company_named(tx, org, company, "company").await?;
                let sites: Vec<i64> = sqlx::query_scalar(
                    "SELECT s.id FROM research_sites s JOIN research_companies c \
                     ON c.id = s.company_id WHERE c.org_id = $1 AND s.name = $2 LIMIT 2",
                )
                .bind(org.0)
                .bind(site.trim())
                .fetch_all(&mut **tx)
                .await?;
                let site = match sites.as_slice() {
                    [one] => *one,
                    [] => return Err(FieldError::new("site", "error-no-site").into()),
                    _ => return Err(FieldError::new("site", "error-site-ambiguous").into()),
                };
                let draft = ShipmentDraft {
                    company,
                    site,
                    ..draft.clone()
                };
                Self::insert_shipment(tx, org, &draft, evidence, by, now).await?;
            }
        }
        Ok(())
    }
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
