//! Reading the research as far as the reader sees it: the search by the start of any word,
//! a company's file, its two-step neighbourhood, the review queue, and the published facts.

use super::*;

impl Store {
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
    pub(super) async fn links_touching(
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
}
