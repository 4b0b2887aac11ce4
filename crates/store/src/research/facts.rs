//! Adding facts with their evidence, reviewing another researcher's, publishing, and making
//! an account a researcher.

use super::*;

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

    pub(super) async fn insert_fact(
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
    pub(super) async fn company_in(
        tx: &mut Tx,
        org: UnitId,
        id: i64,
        field: &'static str,
    ) -> StoreResult<()> {
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

    pub(super) async fn insert_company(
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

    pub(super) async fn insert_link(
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

    pub(super) async fn insert_shipment(
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
}
