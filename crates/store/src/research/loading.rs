//! Many facts at once: a CSV file's rows (whole or nothing) and a large set loaded in bulk.

use super::*;

impl Store {
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

    pub(super) async fn company_named(
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

    pub(super) async fn import_row(
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
