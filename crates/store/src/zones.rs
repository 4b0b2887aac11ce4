//! The festival's zones with a capacity (a hall, a tent). Each door phone sends how many it let
//! in and out in all, never less than it sent before, so a count sent twice, or late, changes
//! nothing; a zone's occupancy is the sum over its doors.

use crate::audit::write_audit;
use crate::{AuditEvent, Store, StoreError, StoreResult, col};
use enquete_domain::festival::FestivalId;
use enquete_domain::{FieldError, Timestamp};

/// A zone and how full it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneRecord {
    pub id: i64,
    pub festival: FestivalId,
    pub name: String,
    pub capacity: u32,
    /// In minus out, over every door (never below 0).
    pub occupancy: u32,
    pub doors: u32,
}

impl ZoneRecord {
    pub fn full(&self) -> bool {
        self.occupancy >= self.capacity
    }
}

const ZONE: &str = "SELECT z.id, z.festival_id, z.name, z.capacity, \
     CAST(COALESCE(SUM(d.ins), 0) AS BIGINT) AS ins, CAST(COALESCE(SUM(d.outs), 0) AS BIGINT) AS outs, \
     COUNT(d.device) AS doors FROM festival_zones z \
     LEFT JOIN festival_zone_doors d ON d.zone_id = z.id";

fn zone_from_row(r: &sqlx::any::AnyRow) -> StoreResult<ZoneRecord> {
    let ins: i64 = col(r, "ins")?;
    let outs: i64 = col(r, "outs")?;
    Ok(ZoneRecord {
        id: col(r, "id")?,
        festival: FestivalId(col(r, "festival_id")?),
        name: col(r, "name")?,
        capacity: u32::try_from(col::<i64>(r, "capacity")?).unwrap_or(0),
        occupancy: u32::try_from((ins - outs).max(0)).unwrap_or(u32::MAX),
        doors: u32::try_from(col::<i64>(r, "doors")?).unwrap_or(0),
    })
}

impl Store {
    /// Adds a zone; refused on `name` when the festival has one of that name.
    pub async fn create_zone(
        &self,
        festival: FestivalId,
        name: &str,
        capacity: u32,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        if crate::name_taken(&mut tx, "festival_zones", "festival_id", festival.0, name).await? {
            return Err(FieldError::new("name", "error-zone-taken").into());
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO festival_zones (festival_id, name, capacity, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(festival.0)
        .bind(name)
        .bind(i64::from(capacity))
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A festival's zones, by name.
    pub async fn zones(&self, festival: FestivalId) -> StoreResult<Vec<ZoneRecord>> {
        let rows = sqlx::query(&format!(
            "{ZONE} WHERE z.festival_id = $1 GROUP BY z.id, z.festival_id, z.name, z.capacity \
             ORDER BY z.name"
        ))
        .bind(festival.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(zone_from_row).collect()
    }

    pub async fn zone(&self, id: i64) -> StoreResult<ZoneRecord> {
        let row = sqlx::query(&format!(
            "{ZONE} WHERE z.id = $1 GROUP BY z.id, z.festival_id, z.name, z.capacity"
        ))
        .bind(id)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("zone"))?;
        zone_from_row(&row)
    }

    /// A door phone's counts in all; a count lower than the one kept (sent late) keeps the
    /// kept one. Returns the zone as it is now.
    pub async fn count_door(
        &self,
        zone: i64,
        device: &str,
        door_name: &str,
        ins: u32,
        outs: u32,
        now: Timestamp,
    ) -> StoreResult<ZoneRecord> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO festival_zone_doors (zone_id, device, door_name, ins, outs, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (zone_id, device) DO UPDATE SET \
             door_name = excluded.door_name, \
             ins = CASE WHEN excluded.ins > festival_zone_doors.ins THEN excluded.ins ELSE festival_zone_doors.ins END, \
             outs = CASE WHEN excluded.outs > festival_zone_doors.outs THEN excluded.outs ELSE festival_zone_doors.outs END, \
             updated_at = excluded.updated_at",
        )
        .bind(zone)
        .bind(device)
        .bind(door_name)
        .bind(i64::from(ins))
        .bind(i64::from(outs))
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.zone(zone).await
    }
}
