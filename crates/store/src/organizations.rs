//! More than one organization on one installation: each is a tree of its own (its root a unit
//! without a parent), with its own ladder rules; an affiliate (the youth wing) is read by the
//! national level of the organization it is affiliated to, its people only by the accounts it
//! granted that to. A person who joins another organization gets a new record there, linked to
//! the one they came from.

use crate::audit::write_audit;
use crate::people::{insert_person, move_stage_in};
use crate::units::{UNIT_COLUMNS, unit_from_row};
use crate::{AuditEvent, Store, StoreError, StoreResult, col};
use enquete_domain::account::UserId;
use enquete_domain::org::{Unit, UnitId, UnitKind, UnitName, UnitPath};
use enquete_domain::people::{MoveReason, PersonDetails, PersonId, Stage};
use enquete_domain::policy::OtherOrganization;
use enquete_domain::{FieldError, Timestamp};
use sqlx::{Any, Transaction};

/// An organization: the root of its tree and whom it is affiliated to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationRecord {
    pub root: Unit,
    pub affiliate_of: Option<UnitId>,
    pub created_at: Timestamp,
}

/// An account an organization let read its people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRecord {
    pub user: UserId,
    pub email: String,
    pub name: String,
    pub granted_at: Timestamp,
}

/// A person's move from one organization to another, as either side may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationMove {
    pub from_person: Option<PersonId>,
    pub to_person: Option<PersonId>,
    pub from_unit: UnitId,
    pub to_unit: UnitId,
    pub at: Timestamp,
}

/// Registers a new root as an organization, with the ladder rules new organizations start with.
pub(crate) async fn register(
    tx: &mut Transaction<'_, Any>,
    root: UnitId,
    affiliate_of: Option<UnitId>,
    now: Timestamp,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO organizations (unit_id, affiliate_of, created_at) VALUES ($1, $2, $3)",
    )
    .bind(root.0)
    .bind(affiliate_of.map(|u| u.0))
    .bind(now.0)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO org_ladder_rules (org_id, after_actions, stage) \
         SELECT $1, after_actions, stage FROM ladder_rules",
    )
    .bind(root.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The organization (its root's id) a person belongs to.
pub(crate) async fn organization_of_person(
    tx: &mut Transaction<'_, Any>,
    person: PersonId,
) -> StoreResult<UnitId> {
    let path: String = sqlx::query_scalar(
        "SELECT u.path FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = $1",
    )
    .bind(person.0)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(StoreError::NotFound("person"))?;
    root_of(&path)
}

fn root_of(path: &str) -> StoreResult<UnitId> {
    UnitPath::from_stored(path)
        .and_then(|p| p.ids().first().copied())
        .ok_or_else(|| StoreError::Corrupt(format!("unit path {path}")))
}

impl Store {
    /// Starts another organization on this installation: a new tree, its root named `name`,
    /// affiliated to the organization whose root is `affiliate_of` (if any).
    pub async fn create_organization(
        &self,
        name: &UnitName,
        affiliate_of: Option<UnitId>,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<Unit> {
        let mut tx = self.begin_write().await?;
        if let Some(parent) = affiliate_of {
            let is_root: Option<i64> =
                sqlx::query_scalar("SELECT unit_id FROM organizations WHERE unit_id = $1")
                    .bind(parent.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            if is_root.is_none() {
                return Err(FieldError::new("affiliate_of", "error-organization-unknown").into());
            }
        }
        let taken: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM units WHERE parent_id IS NULL AND lower(name) = lower($1)",
        )
        .bind(name.as_str())
        .fetch_one(&mut *tx)
        .await?;
        if taken > 0 {
            return Err(FieldError::new("name", "error-organization-name-taken").into());
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO units (parent_id, kind, name, created_at) VALUES (NULL, $1, $2, $3) RETURNING id",
        )
        .bind(UnitKind::Nation.as_str())
        .bind(name.as_str())
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        let path = UnitPath::root(UnitId(id));
        sqlx::query("UPDATE units SET path = $1 WHERE id = $2")
            .bind(path.as_str())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        register(&mut tx, UnitId(id), affiliate_of, now).await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.unit(UnitId(id)).await
    }

    /// Every organization, the first started first.
    pub async fn organizations(&self) -> StoreResult<Vec<OrganizationRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {UNIT_COLUMNS}, o.affiliate_of, o.created_at AS registered_at \
             FROM organizations o JOIN units ON units.id = o.unit_id ORDER BY units.id"
        ))
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OrganizationRecord {
                    root: unit_from_row(r)?,
                    affiliate_of: col::<Option<i64>>(r, "affiliate_of")?.map(UnitId),
                    created_at: Timestamp(col(r, "registered_at")?),
                })
            })
            .collect()
    }

    /// The other organizations an account of `role`, belonging to the organization rooted at
    /// `own`, reaches: the affiliates of its organization, with the grants it holds.
    pub async fn reach(&self, user: UserId, own: UnitId) -> StoreResult<Vec<OtherOrganization>> {
        let rows = sqlx::query(
            "SELECT o.unit_id, \
             (SELECT COUNT(*) FROM organization_grants g WHERE g.org_id = o.unit_id AND g.user_id = $1) AS granted \
             FROM organizations o WHERE o.affiliate_of = $2 ORDER BY o.unit_id",
        )
        .bind(user.0)
        .bind(own.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OtherOrganization {
                    root: UnitPath::root(UnitId(col(r, "unit_id")?)),
                    names: col::<i64>(r, "granted")? > 0,
                })
            })
            .collect()
    }

    /// Lets an account of the organization `org` is affiliated to read `org`'s people (or stops
    /// it, with `granted` false).
    pub async fn set_grant(
        &self,
        org: UnitId,
        user: UserId,
        granted: bool,
        by: Option<UserId>,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM organization_grants WHERE org_id = $1 AND user_id = $2")
            .bind(org.0)
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        if granted {
            sqlx::query(
                "INSERT INTO organization_grants (org_id, user_id, granted_by, granted_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(org.0)
            .bind(user.0)
            .bind(by.map(|u| u.0))
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The accounts `org` lets read its people.
    pub async fn grants(&self, org: UnitId) -> StoreResult<Vec<GrantRecord>> {
        let rows = sqlx::query(
            "SELECT g.user_id, s.email, s.display_name, g.granted_at FROM organization_grants g \
             JOIN users s ON s.id = g.user_id WHERE g.org_id = $1 ORDER BY g.granted_at, g.user_id",
        )
        .bind(org.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(GrantRecord {
                    user: UserId(col(r, "user_id")?),
                    email: col(r, "email")?,
                    name: col(r, "display_name")?,
                    granted_at: Timestamp(col(r, "granted_at")?),
                })
            })
            .collect()
    }

    /// Records that a person joined another organization: a new record in section `to` with
    /// `details` (what they agreed to bring), at `member` on that organization's ladder, linked
    /// to the record they came from, which stays where it is. Refused when `to` is in the
    /// person's own organization or the person moved there before.
    pub async fn join_organization(
        &self,
        from: PersonId,
        to: UnitId,
        details: &PersonDetails,
        by: Option<UserId>,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<PersonId> {
        let mut tx = self.begin_write().await?;
        let lock = self.lock_rows();
        let from_unit: i64 =
            sqlx::query_scalar(&format!("SELECT unit_id FROM people WHERE id = $1{lock}"))
                .bind(from.0)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound("person"))?;
        let own = organization_of_person(&mut tx, from).await?;
        let target_path: String = sqlx::query_scalar("SELECT path FROM units WHERE id = $1")
            .bind(to.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::Invalid(FieldError::new("unit", "error-no-unit")))?;
        if root_of(&target_path)? == own {
            return Err(FieldError::new("unit", "error-organization-same").into());
        }
        let (target_lo, target_hi) =
            crate::subtree_range(UnitPath::root(root_of(&target_path)?).as_str());
        let before: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM organization_moves m JOIN people p ON p.id = m.to_person \
             JOIN units u ON u.id = p.unit_id WHERE m.from_person = $1 AND u.path >= $2 \
             AND u.path < $3",
        )
        .bind(from.0)
        .bind(target_lo)
        .bind(target_hi)
        .fetch_one(&mut *tx)
        .await?;
        if before > 0 {
            return Err(FieldError::new("unit", "error-organization-joined").into());
        }
        let new = insert_person(&mut tx, &self.keys, to, details, &[], by, now).await?;
        let reason = MoveReason::parse("joined from another organization of the movement")?;
        move_stage_in(&mut tx, lock, new, Stage::Member, &reason, by, now).await?;
        sqlx::query(
            "INSERT INTO organization_moves (from_person, to_person, from_unit, to_unit, at, by_user) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(from.0)
        .bind(new.0)
        .bind(from_unit)
        .bind(to.0)
        .bind(now.0)
        .bind(by.map(|u| u.0))
        .execute(&mut *tx)
        .await?;
        let mut audit = audit;
        audit.person = Some(from);
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(new)
    }

    /// The moves between organizations a person made, from or to their record.
    pub async fn organization_moves(&self, person: PersonId) -> StoreResult<Vec<OrganizationMove>> {
        let rows = sqlx::query(
            "SELECT from_person, to_person, from_unit, to_unit, at FROM organization_moves \
             WHERE from_person = $1 OR to_person = $1 ORDER BY at, id",
        )
        .bind(person.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(move_from_row).collect()
    }

    /// How many people moved from the organization rooted at `from` to the one rooted at `to`,
    /// per year (`YYYY`, newest first): counts, never names.
    pub async fn moves_per_year(
        &self,
        from: UnitId,
        to: UnitId,
    ) -> StoreResult<Vec<(String, u64)>> {
        let (from_lo, from_hi) = crate::subtree_range(UnitPath::root(from).as_str());
        let (to_lo, to_hi) = crate::subtree_range(UnitPath::root(to).as_str());
        let rows = sqlx::query(
            "SELECT m.at FROM organization_moves m JOIN units a ON a.id = m.from_unit \
             JOIN units b ON b.id = m.to_unit WHERE a.path >= $1 AND a.path < $2 \
             AND b.path >= $3 AND b.path < $4",
        )
        .bind(from_lo)
        .bind(from_hi)
        .bind(to_lo)
        .bind(to_hi)
        .fetch_all(&self.read)
        .await?;
        let mut years: std::collections::BTreeMap<String, u64> = Default::default();
        for r in &rows {
            let at = Timestamp(col(r, "at")?);
            *years.entry(at.date()[..4].to_owned()).or_default() += 1;
        }
        Ok(years.into_iter().rev().collect())
    }
}

fn move_from_row(r: &sqlx::any::AnyRow) -> StoreResult<OrganizationMove> {
    Ok(OrganizationMove {
        from_person: col::<Option<i64>>(r, "from_person")?.map(PersonId),
        to_person: col::<Option<i64>>(r, "to_person")?.map(PersonId),
        from_unit: UnitId(col(r, "from_unit")?),
        to_unit: UnitId(col(r, "to_unit")?),
        at: Timestamp(col(r, "at")?),
    })
}
