//! What passes through a workplace's hands: its links to sites, the shipments expected there,
//! and the warnings of shipments of concern.

use super::*;

impl Store {
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
}
