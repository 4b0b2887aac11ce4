//! The festival's gates: who holds each lane, the scans the gate phones send, and the entries
//! they admitted (docs/festival-gates.md). A lane changes hands only when its holder gives it
//! back after sending its scans, or when the festival team takes it over after the lease ran
//! out; the server admits a lane's tickets itself only while nobody holds it. Every write that
//! decides about a lane first locks the lane's row, so a grant and an admission by the server
//! never cross.

use crate::audit::write_audit;
use crate::{AuditEvent, Store, StoreError, StoreResult, col};
use enquete_domain::festival::FestivalId;
use enquete_domain::gate::{LEASE_SECONDS, Layout, lease_over};
use enquete_domain::{FieldError, Timestamp};

/// A lane and who holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaneRecord {
    pub lane: u32,
    /// The holding phone's id; None while the server admits the lane.
    pub device: Option<String>,
    pub gate_name: String,
    pub lease_until: Timestamp,
    pub synced_at: Timestamp,
}

/// The answer to a phone asking for a lane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LaneGrant {
    /// The phone holds the lane for [`LEASE_SECONDS`] from when it asked, and must know these
    /// entries (key, when) admitted in it before (none when it held the lane already).
    Granted { entries: Vec<(String, Timestamp)> },
    /// Another phone holds it.
    Held { gate_name: String, until: Timestamp },
}

/// A scan as a phone sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanRow {
    /// The phone's own id for the scan (sending it again changes nothing).
    pub id: String,
    pub lane: u32,
    pub ticket: String,
    /// The key an admission took; None for a ticket that comes and goes, or a refusal.
    pub entry_key: Option<String>,
    /// `admitted`, `already`, `other-lane`, `lease-lapsed` or why the ticket was refused.
    pub outcome: String,
    /// Decided by the phone with no signal.
    pub offline: bool,
    pub scanned_at: Timestamp,
}

/// What a sync stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncOutcome {
    /// Scans new to the server.
    pub stored: u32,
    /// Scans it had already.
    pub known: u32,
    /// Admissions of an entry key admitted before by another scan (the rule makes this 0).
    pub doubles: u32,
}

/// The server's decision on a lane nobody holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdmitOutcome {
    Admitted,
    Already {
        at: Timestamp,
    },
    /// A phone holds the ticket's lane: the visitor goes there.
    LaneHeld {
        gate_name: String,
    },
}

/// What the festival team sees of its gates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GateFigures {
    pub entries: u64,
    pub scans: u64,
    pub offline_scans: u64,
    pub doubles: u64,
    /// (outcome, scans).
    pub by_outcome: Vec<(String, u64)>,
    /// (lane, entries).
    pub by_lane: Vec<(u32, u64)>,
    pub lanes: Vec<LaneRecord>,
}

const ADMITTED: &str = "admitted";

fn lane_from_row(r: &sqlx::any::AnyRow) -> StoreResult<LaneRecord> {
    Ok(LaneRecord {
        lane: u32::try_from(col::<i64>(r, "lane")?).unwrap_or(0),
        device: col(r, "device")?,
        gate_name: col(r, "gate_name")?,
        lease_until: Timestamp(col(r, "lease_until")?),
        synced_at: Timestamp(col(r, "synced_at")?),
    })
}

impl Store {
    /// Locks a lane's row for the rest of the transaction (making it first if needed).
    async fn lock_lane(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        festival: FestivalId,
        lane: u32,
    ) -> StoreResult<LaneRecord> {
        sqlx::query(
            "INSERT INTO festival_lanes (festival_id, lane) VALUES ($1, $2) \
             ON CONFLICT (festival_id, lane) DO NOTHING",
        )
        .bind(festival.0)
        .bind(i64::from(lane))
        .execute(&mut **tx)
        .await?;
        let row = sqlx::query(&format!(
            "SELECT lane, device, gate_name, lease_until, synced_at FROM festival_lanes \
             WHERE festival_id = $1 AND lane = $2 {}",
            self.lock_rows()
        ))
        .bind(festival.0)
        .bind(i64::from(lane))
        .fetch_one(&mut **tx)
        .await?;
        lane_from_row(&row)
    }

    /// Gives `lane` to `device` (or renews its lease), unless another phone holds it.
    pub async fn lease_lane(
        &self,
        festival: FestivalId,
        lane: u32,
        device: &str,
        gate_name: &str,
        now: Timestamp,
    ) -> StoreResult<LaneGrant> {
        let f = self.festival(festival).await?;
        if lane >= f.layout.total() {
            return Err(FieldError::new("lane", "error-lane").into());
        }
        let mut tx = self.begin_write().await?;
        let current = self.lock_lane(&mut tx, festival, lane).await?;
        if current
            .device
            .as_deref()
            .is_some_and(|holder| holder != device)
        {
            return Ok(LaneGrant::Held {
                gate_name: current.gate_name,
                until: current.lease_until,
            });
        }
        sqlx::query(
            "UPDATE festival_lanes SET device = $1, gate_name = $2, lease_until = $3, \
             synced_at = $4 WHERE festival_id = $5 AND lane = $6",
        )
        .bind(device)
        .bind(gate_name)
        .bind(now.0 + LEASE_SECONDS)
        .bind(now.0)
        .bind(festival.0)
        .bind(i64::from(lane))
        .execute(&mut *tx)
        .await?;
        // A renewal needs no list: nobody else admitted in the lane while this phone held it.
        let rows = if current.device.is_some() {
            Vec::new()
        } else {
            sqlx::query(
                "SELECT entry_key, admitted_at FROM festival_entries WHERE festival_id = $1 \
                 AND lane = $2 ORDER BY admitted_at",
            )
            .bind(festival.0)
            .bind(i64::from(lane))
            .fetch_all(&mut *tx)
            .await?
        };
        let entries = rows
            .iter()
            .map(|r| Ok((col(r, "entry_key")?, Timestamp(col(r, "admitted_at")?))))
            .collect::<StoreResult<Vec<_>>>()?;
        tx.commit().await?;
        Ok(LaneGrant::Granted { entries })
    }

    /// The festival team frees a lane whose phone is lost, once that phone's lease is over for
    /// sure (it no longer admits anything); its scans not sent yet are lost to the server.
    /// Refused on `lane` while the lease may still run.
    pub async fn free_lane(
        &self,
        festival: FestivalId,
        lane: u32,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let current = self.lock_lane(&mut tx, festival, lane).await?;
        if current.device.is_none() {
            return Ok(());
        }
        let over = lease_over(current.lease_until);
        if now < over {
            return Err(FieldError::new("lane", "error-lane-lease-running")
                .arg("minutes", (over.0 - now.0 + 59) / 60)
                .into());
        }
        sqlx::query("UPDATE festival_lanes SET device = NULL WHERE festival_id = $1 AND lane = $2")
            .bind(festival.0)
            .bind(i64::from(lane))
            .execute(&mut *tx)
            .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The phone gives `lane` back (it has sent its scans and stopped admitting there): the
    /// server admits the lane again until another phone takes it. False when it did not hold it.
    pub async fn release_lane(
        &self,
        festival: FestivalId,
        lane: u32,
        device: &str,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let current = self.lock_lane(&mut tx, festival, lane).await?;
        if current.device.as_deref() != Some(device) {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE festival_lanes SET device = NULL, synced_at = $1 \
             WHERE festival_id = $2 AND lane = $3",
        )
        .bind(now.0)
        .bind(festival.0)
        .bind(i64::from(lane))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Keeps a phone's scans, each once; an admission takes its entry key. An admission of a
    /// key taken before by another scan is kept as a double entry (and counted).
    pub async fn sync_scans(
        &self,
        festival: FestivalId,
        device: &str,
        scans: &[ScanRow],
        now: Timestamp,
    ) -> StoreResult<SyncOutcome> {
        let mut out = SyncOutcome::default();
        let mut tx = self.begin_write().await?;
        for s in scans {
            if self.insert_scan(&mut tx, festival, device, s, now).await? {
                out.stored += 1;
            } else {
                out.known += 1;
                continue;
            }
            if s.outcome != ADMITTED {
                continue;
            }
            let Some(key) = &s.entry_key else { continue };
            if !insert_entry(&mut tx, festival, key, s).await? {
                sqlx::query(
                    "INSERT INTO festival_double_entries (scan_id, festival_id, entry_key, \
                     first_scan, at) SELECT $1, $2, $3, scan_id, $4 FROM festival_entries \
                     WHERE festival_id = $2 AND entry_key = $3",
                )
                .bind(&s.id)
                .bind(festival.0)
                .bind(key)
                .bind(now.0)
                .execute(&mut *tx)
                .await?;
                out.doubles += 1;
            }
        }
        sqlx::query(
            "UPDATE festival_lanes SET synced_at = $1 WHERE festival_id = $2 AND device = $3",
        )
        .bind(now.0)
        .bind(festival.0)
        .bind(device)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(out)
    }

    async fn insert_scan(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        festival: FestivalId,
        device: &str,
        s: &ScanRow,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO festival_scans (id, festival_id, device, lane, ticket_id, entry_key, \
             outcome, offline, scanned_at, synced_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
             $9, $10) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&s.id)
        .bind(festival.0)
        .bind(device)
        .bind(i64::from(s.lane))
        .bind(&s.ticket)
        .bind(s.entry_key.as_deref())
        .bind(&s.outcome)
        .bind(i64::from(s.offline))
        .bind(s.scanned_at.0)
        .bind(now.0)
        .execute(&mut **tx)
        .await?;
        if done.rows_affected() == 1 {
            return Ok(true);
        }
        // Known already: this festival's (sent again), or another's (refused, nothing taken).
        let of: i64 = sqlx::query_scalar("SELECT festival_id FROM festival_scans WHERE id = $1")
            .bind(&s.id)
            .fetch_one(&mut **tx)
            .await?;
        if of != festival.0 {
            return Err(FieldError::new("scans", "error-scan-id-taken").into());
        }
        Ok(false)
    }

    /// The server decides on a ticket of a lane nobody holds, for a phone with signal: admits it
    /// once under its key (None: comes and goes) and keeps the scan.
    pub async fn admit_online(
        &self,
        festival: FestivalId,
        device: &str,
        scan: &ScanRow,
        now: Timestamp,
    ) -> StoreResult<AdmitOutcome> {
        let mut tx = self.begin_write().await?;
        let lane = self.lock_lane(&mut tx, festival, scan.lane).await?;
        // The same scan sent again (its answer was lost on the way): the first answer stands.
        let before: Option<String> = sqlx::query_scalar(
            "SELECT outcome FROM festival_scans WHERE id = $1 AND festival_id = $2",
        )
        .bind(&scan.id)
        .bind(festival.0)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(before) = before {
            if before == ADMITTED {
                return Ok(AdmitOutcome::Admitted);
            }
            let at: Option<i64> = sqlx::query_scalar(
                "SELECT admitted_at FROM festival_entries WHERE festival_id = $1 AND entry_key = $2",
            )
            .bind(festival.0)
            .bind(scan.entry_key.as_deref().unwrap_or(""))
            .fetch_optional(&mut *tx)
            .await?;
            return Ok(AdmitOutcome::Already {
                at: Timestamp(at.unwrap_or(0)),
            });
        }
        if let Some(holder) = lane.device.as_deref()
            && holder != device
        {
            return Ok(AdmitOutcome::LaneHeld {
                gate_name: lane.gate_name,
            });
        }
        let outcome = match &scan.entry_key {
            None => AdmitOutcome::Admitted,
            Some(key) => {
                let row = ScanRow {
                    outcome: ADMITTED.into(),
                    ..scan.clone()
                };
                if insert_entry(&mut tx, festival, key, &row).await? {
                    AdmitOutcome::Admitted
                } else {
                    let at: i64 = sqlx::query_scalar(
                        "SELECT admitted_at FROM festival_entries WHERE festival_id = $1 \
                         AND entry_key = $2",
                    )
                    .bind(festival.0)
                    .bind(key)
                    .fetch_one(&mut *tx)
                    .await?;
                    AdmitOutcome::Already { at: Timestamp(at) }
                }
            }
        };
        let kept = ScanRow {
            outcome: match outcome {
                AdmitOutcome::Admitted => ADMITTED.into(),
                _ => "already".into(),
            },
            offline: false,
            ..scan.clone()
        };
        self.insert_scan(&mut tx, festival, device, &kept, now)
            .await?;
        tx.commit().await?;
        Ok(outcome)
    }

    /// A festival's lanes that a phone has held.
    pub async fn lanes(&self, festival: FestivalId) -> StoreResult<Vec<LaneRecord>> {
        let rows = sqlx::query(
            "SELECT lane, device, gate_name, lease_until, synced_at FROM festival_lanes \
             WHERE festival_id = $1 ORDER BY lane",
        )
        .bind(festival.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(lane_from_row).collect()
    }

    /// The gates' figures for the festival team.
    pub async fn gate_figures(&self, festival: FestivalId) -> StoreResult<GateFigures> {
        let count = |sql: &'static str| async move {
            let n: i64 = sqlx::query_scalar(sql)
                .bind(festival.0)
                .fetch_one(&self.read)
                .await?;
            StoreResult::Ok(u64::try_from(n).unwrap_or(0))
        };
        let by_outcome = sqlx::query(
            "SELECT outcome, COUNT(*) AS n FROM festival_scans WHERE festival_id = $1 \
             GROUP BY outcome ORDER BY outcome",
        )
        .bind(festival.0)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok((
                col(r, "outcome")?,
                u64::try_from(col::<i64>(r, "n")?).unwrap_or(0),
            ))
        })
        .collect::<StoreResult<Vec<_>>>()?;
        let by_lane = sqlx::query(
            "SELECT lane, COUNT(*) AS n FROM festival_entries WHERE festival_id = $1 \
             GROUP BY lane ORDER BY lane",
        )
        .bind(festival.0)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok((
                u32::try_from(col::<i64>(r, "lane")?).unwrap_or(0),
                u64::try_from(col::<i64>(r, "n")?).unwrap_or(0),
            ))
        })
        .collect::<StoreResult<Vec<_>>>()?;
        Ok(GateFigures {
            entries: count("SELECT COUNT(*) FROM festival_entries WHERE festival_id = $1").await?,
            scans: count("SELECT COUNT(*) FROM festival_scans WHERE festival_id = $1").await?,
            offline_scans: count(
                "SELECT COUNT(*) FROM festival_scans WHERE festival_id = $1 AND offline = 1",
            )
            .await?,
            doubles: count("SELECT COUNT(*) FROM festival_double_entries WHERE festival_id = $1")
                .await?,
            by_outcome,
            by_lane,
            lanes: self.lanes(festival).await?,
        })
    }

    /// Sets a festival's entrances and lanes; refused once a gate has held a lane or admitted
    /// anyone (the tickets printed so far name their lane).
    pub async fn set_layout(
        &self,
        festival: FestivalId,
        layout: Layout,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let used: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM festival_lanes WHERE festival_id = $1) \
             + (SELECT COUNT(*) FROM festival_entries WHERE festival_id = $1)",
        )
        .bind(festival.0)
        .fetch_one(&mut *tx)
        .await?;
        if used > 0 {
            return Err(FieldError::new("entrances", "error-layout-in-use").into());
        }
        let done = sqlx::query("UPDATE festivals SET entrances = $1, lanes = $2 WHERE id = $3")
            .bind(i64::from(layout.entrances))
            .bind(i64::from(layout.lanes))
            .bind(festival.0)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("festival"));
        }
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Takes an entry key for a scan; false when it was taken before.
async fn insert_entry(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    festival: FestivalId,
    key: &str,
    s: &ScanRow,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO festival_entries (festival_id, entry_key, ticket_id, lane, scan_id, \
         admitted_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (festival_id, entry_key) \
         DO NOTHING",
    )
    .bind(festival.0)
    .bind(key)
    .bind(&s.ticket)
    .bind(i64::from(s.lane))
    .bind(&s.id)
    .bind(s.scanned_at.0)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
