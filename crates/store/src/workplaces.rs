//! The workplace map of a workplace section: the workplace, its departments and shifts with the
//! headcount of each department on each shift, the unions present, where the section's people
//! work, their dated support assessments, and structure tests counted per department.
//! Union membership, representatives and assessments (score and note) are sealed like other
//! personal fields; reading who stands where writes an audit entry.

use crate::audit::write_audit;
use crate::{AuditEvent, Store, StoreError, StoreResult, col};
use enquete_domain::account::UserId;
use enquete_domain::org::UnitId;
use enquete_domain::people::PersonId;
use enquete_domain::policy::PeopleVisibility;
use enquete_domain::workplace::{Coverage, Support, TestDraft, TestKind, WorkplaceDraft};
use enquete_domain::{FieldError, Timestamp};
use std::collections::HashMap;

const UNION: &str = "workplace_people.union_member";
const REPS: &str = "workplace_unions.representatives";
const SCORE: &str = "support_assessments.score";
const NOTE: &str = "support_assessments.note";

/// A union present at the workplace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnionRecord {
    pub id: i64,
    pub name: String,
    /// Its representatives, as the section writes them.
    pub representatives: String,
}

/// What a workplace section knows of its workplace.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkplaceMap {
    pub workplace: Option<WorkplaceDraft>,
    pub departments: Vec<(i64, String)>,
    pub shifts: Vec<(i64, String)>,
    /// (department, shift, headcount).
    pub cells: Vec<(i64, i64, u32)>,
    pub unions: Vec<UnionRecord>,
}

/// A person of the section as placed on the map, with where they stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedPerson {
    pub person: PersonId,
    pub name: String,
    pub department: Option<i64>,
    pub shift: Option<i64>,
    pub social_leader: bool,
    /// The union they are a member of, as written; empty when none is known.
    pub union_member: String,
    /// The latest assessment and when.
    pub latest: Option<(Support, Timestamp)>,
    pub assessments: u32,
}

/// One assessment in a person's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentRecord {
    pub score: Support,
    pub note: String,
    pub by: Option<UserId>,
    pub at: Timestamp,
}

/// A structure test with its counts per department.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestRecord {
    pub id: i64,
    pub unit: UnitId,
    pub draft: TestDraft,
    /// (department, count).
    pub counts: Vec<(i64, u32)>,
}

impl Store {
    async fn check_workplace_unit(&self, unit: UnitId) -> StoreResult<()> {
        let u = self.unit(unit).await?;
        if u.kind != enquete_domain::org::UnitKind::Workplace {
            return Err(FieldError::new("unit", "error-not-workplace").into());
        }
        Ok(())
    }

    pub async fn save_workplace(
        &self,
        unit: UnitId,
        d: &WorkplaceDraft,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        self.check_workplace_unit(unit).await?;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO workplaces (unit_id, employer, site, address, sector, headcount, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (unit_id) DO UPDATE SET \
             employer = excluded.employer, site = excluded.site, address = excluded.address, \
             sector = excluded.sector, headcount = excluded.headcount, \
             updated_at = excluded.updated_at",
        )
        .bind(unit.0)
        .bind(&d.employer)
        .bind(&d.site)
        .bind(&d.address)
        .bind(&d.sector)
        .bind(i64::from(d.headcount))
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a department (`shift` false) or a shift of the workplace; refused on `name` when it
    /// has one of that name.
    pub async fn add_workplace_part(
        &self,
        unit: UnitId,
        shift: bool,
        name: &str,
    ) -> StoreResult<i64> {
        self.check_workplace_unit(unit).await?;
        let table = if shift {
            "workplace_shifts"
        } else {
            "workplace_departments"
        };
        let mut tx = self.begin_write().await?;
        if crate::name_taken(&mut tx, table, "unit_id", unit.0, name).await? {
            return Err(FieldError::new("name", "error-part-taken").into());
        }
        let id: i64 = sqlx::query_scalar(&format!(
            "INSERT INTO {table} (unit_id, name) VALUES ($1, $2) RETURNING id"
        ))
        .bind(unit.0)
        .bind(name)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Whether a department and a shift are both the workplace's.
    async fn parts_of(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        unit: UnitId,
        department: Option<i64>,
        shift: Option<i64>,
    ) -> StoreResult<()> {
        for (table, id, field) in [
            ("workplace_departments", department, "department"),
            ("workplace_shifts", shift, "shift"),
        ] {
            let Some(id) = id else { continue };
            let ours: i64 = sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM {table} WHERE id = $1 AND unit_id = $2"
            ))
            .bind(id)
            .bind(unit.0)
            .fetch_one(&mut **tx)
            .await?;
            if ours == 0 {
                return Err(FieldError::new(field, "error-not-this-workplace").into());
            }
        }
        Ok(())
    }

    /// Sets how many work in a department on a shift.
    pub async fn set_cell(
        &self,
        unit: UnitId,
        department: i64,
        shift: i64,
        headcount: u32,
    ) -> StoreResult<()> {
        self.set_cells(unit, &[(department, shift, headcount)])
            .await
    }

    /// Sets the headcounts of several cells (department, shift, headcount), all or none: a
    /// department or shift of another workplace refuses the whole grid.
    pub async fn set_cells(&self, unit: UnitId, cells: &[(i64, i64, u32)]) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        for (department, shift, headcount) in cells {
            Self::parts_of(&mut tx, unit, Some(*department), Some(*shift)).await?;
            sqlx::query(
                "INSERT INTO workplace_cells (department_id, shift_id, headcount) VALUES ($1, $2, $3) \
                 ON CONFLICT (department_id, shift_id) DO UPDATE SET headcount = excluded.headcount",
            )
            .bind(department)
            .bind(shift)
            .bind(i64::from(*headcount))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn add_union(
        &self,
        unit: UnitId,
        name: &str,
        representatives: &str,
        audit: AuditEvent,
    ) -> StoreResult<i64> {
        self.check_workplace_unit(unit).await?;
        let mut tx = self.begin_write().await?;
        if crate::name_taken(&mut tx, "workplace_unions", "unit_id", unit.0, name).await? {
            return Err(FieldError::new("name", "error-part-taken").into());
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO workplace_unions (unit_id, name, representatives) VALUES ($1, $2, $3) \
             RETURNING id",
        )
        .bind(unit.0)
        .bind(name)
        .bind(self.keys.seal(REPS, representatives)?)
        .fetch_one(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The headcount of each department on each shift: (department, shift, headcount).
    async fn cells(&self, unit: UnitId) -> StoreResult<Vec<(i64, i64, u32)>> {
        sqlx::query(
            "SELECT c.department_id, c.shift_id, c.headcount FROM workplace_cells c \
             JOIN workplace_departments d ON d.id = c.department_id WHERE d.unit_id = $1",
        )
        .bind(unit.0)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok((
                col(r, "department_id")?,
                col(r, "shift_id")?,
                u32::try_from(col::<i64>(r, "headcount")?).unwrap_or(0),
            ))
        })
        .collect()
    }

    /// The workplace, its parts and unions (no people).
    pub async fn workplace_map(&self, unit: UnitId) -> StoreResult<WorkplaceMap> {
        let w = sqlx::query(
            "SELECT employer, site, address, sector, headcount FROM workplaces WHERE unit_id = $1",
        )
        .bind(unit.0)
        .fetch_optional(&self.read)
        .await?;
        let workplace = w
            .map(|r| {
                StoreResult::Ok(WorkplaceDraft {
                    employer: col(&r, "employer")?,
                    site: col(&r, "site")?,
                    address: col(&r, "address")?,
                    sector: col(&r, "sector")?,
                    headcount: u32::try_from(col::<i64>(&r, "headcount")?).unwrap_or(0),
                })
            })
            .transpose()?;
        let parts = |table: &'static str| async move {
            let rows = sqlx::query(&format!(
                "SELECT id, name FROM {table} WHERE unit_id = $1 ORDER BY id"
            ))
            .bind(unit.0)
            .fetch_all(&self.read)
            .await?;
            rows.iter()
                .map(|r| Ok((col(r, "id")?, col(r, "name")?)))
                .collect::<StoreResult<Vec<(i64, String)>>>()
        };
        let departments = parts("workplace_departments").await?;
        let shifts = parts("workplace_shifts").await?;
        let cells = self.cells(unit).await?;
        let unions = sqlx::query(
            "SELECT id, name, representatives FROM workplace_unions WHERE unit_id = $1 ORDER BY name",
        )
        .bind(unit.0)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(UnionRecord {
                id: col(r, "id")?,
                name: col(r, "name")?,
                representatives: self.keys.open(REPS, &col::<String>(r, "representatives")?)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
        Ok(WorkplaceMap {
            workplace,
            departments,
            shifts,
            cells,
            unions,
        })
    }

    /// A person of the section is placed on a department and shift (either may be left open),
    /// as a social leader or not, with their union membership (empty: none known).
    #[expect(clippy::too_many_arguments, reason = "one person's place on the map")]
    pub async fn place_worker(
        &self,
        unit: UnitId,
        person: PersonId,
        department: Option<i64>,
        shift: Option<i64>,
        social_leader: bool,
        union_member: &str,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        person_of(&mut tx, unit, person).await?;
        Self::parts_of(&mut tx, unit, department, shift).await?;
        sqlx::query(
            "INSERT INTO workplace_people (person_id, unit_id, department_id, shift_id, \
             social_leader, union_member, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (person_id) DO UPDATE SET unit_id = excluded.unit_id, \
             department_id = excluded.department_id, shift_id = excluded.shift_id, \
             social_leader = excluded.social_leader, union_member = excluded.union_member, \
             updated_at = excluded.updated_at",
        )
        .bind(person.0)
        .bind(unit.0)
        .bind(department)
        .bind(shift)
        .bind(i64::from(social_leader))
        .bind(self.keys.seal(UNION, union_member)?)
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records where a person of the section stands today.
    #[expect(clippy::too_many_arguments, reason = "one assessment, by whom, when")]
    pub async fn assess(
        &self,
        unit: UnitId,
        person: PersonId,
        score: Support,
        note: &str,
        by: Option<UserId>,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        person_of(&mut tx, unit, person).await?;
        sqlx::query(
            "INSERT INTO support_assessments (person_id, unit_id, score, note, by_user, at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(person.0)
        .bind(unit.0)
        .bind(self.keys.seal(SCORE, &score.value().to_string())?)
        .bind(self.keys.seal(NOTE, note)?)
        .bind(by.map(|u| u.0))
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every assessment of the section's people, opened: (person, score, when), oldest first.
    async fn scores(&self, unit: UnitId) -> StoreResult<Vec<(PersonId, Support, Timestamp)>> {
        let rows = sqlx::query(
            "SELECT person_id, score, at FROM support_assessments WHERE unit_id = $1 \
             ORDER BY at, id",
        )
        .bind(unit.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let score = self.keys.open(SCORE, &col::<String>(r, "score")?)?;
                let score = Support::parse(&score)
                    .map_err(|_| StoreError::Corrupt("support score".into()))?;
                Ok((
                    PersonId(col(r, "person_id")?),
                    score,
                    Timestamp(col(r, "at")?),
                ))
            })
            .collect()
    }

    /// The section's people as placed, with where they stand; the read is audited.
    pub async fn placed_workers(
        &self,
        unit: UnitId,
        audit: AuditEvent,
    ) -> StoreResult<Vec<PlacedPerson>> {
        let path = self.unit(unit).await?.path;
        let people = self
            .search_people(
                &PeopleVisibility::Subtree(path),
                &crate::PeopleQuery {
                    limit: 10_000,
                    ..Default::default()
                },
            )
            .await?
            .people;
        let rows = sqlx::query(
            "SELECT person_id, department_id, shift_id, social_leader, union_member \
             FROM workplace_people WHERE unit_id = $1",
        )
        .bind(unit.0)
        .fetch_all(&self.read)
        .await?;
        let mut placed: HashMap<i64, (Option<i64>, Option<i64>, bool, String)> = HashMap::new();
        for r in &rows {
            placed.insert(
                col(r, "person_id")?,
                (
                    col(r, "department_id")?,
                    col(r, "shift_id")?,
                    col::<i64>(r, "social_leader")? != 0,
                    self.keys.open(UNION, &col::<String>(r, "union_member")?)?,
                ),
            );
        }
        let mut latest: HashMap<PersonId, (Support, Timestamp, u32)> = HashMap::new();
        for (p, score, at) in self.scores(unit).await? {
            let e = latest.entry(p).or_insert((score, at, 0));
            *e = (score, at, e.2 + 1);
        }
        let mut out: Vec<PlacedPerson> = people
            .into_iter()
            .filter(|p| p.person.unit == unit)
            .map(|p| {
                let (department, shift, social_leader, union_member) =
                    placed.remove(&p.person.id.0).unwrap_or_default();
                let l = latest.get(&p.person.id);
                PlacedPerson {
                    person: p.person.id,
                    name: p.person.name.as_str().to_owned(),
                    department,
                    shift,
                    social_leader,
                    union_member,
                    latest: l.map(|(s, at, _)| (*s, *at)),
                    assessments: l.map_or(0, |(_, _, n)| *n),
                }
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        self.audit(&audit).await?;
        Ok(out)
    }

    /// A person's assessments made in this section, newest first; the read is audited.
    pub async fn assessments_of(
        &self,
        unit: UnitId,
        person: PersonId,
        audit: AuditEvent,
    ) -> StoreResult<Vec<AssessmentRecord>> {
        let rows = sqlx::query(
            "SELECT score, note, by_user, at FROM support_assessments WHERE person_id = $1 \
             AND unit_id = $2 ORDER BY at DESC, id DESC",
        )
        .bind(person.0)
        .bind(unit.0)
        .fetch_all(&self.read)
        .await?;
        let out = rows
            .iter()
            .map(|r| {
                let score = self.keys.open(SCORE, &col::<String>(r, "score")?)?;
                Ok(AssessmentRecord {
                    score: Support::parse(&score)
                        .map_err(|_| StoreError::Corrupt("support score".into()))?,
                    note: self.keys.open(NOTE, &col::<String>(r, "note")?)?,
                    by: col::<Option<i64>>(r, "by_user")?.map(UserId),
                    at: Timestamp(col(r, "at")?),
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        self.audit(&audit).await?;
        Ok(out)
    }

    /// Every assessment of a person, in every section, oldest first: (section, its name,
    /// assessment). For their subject-access dossier; who may see which is the caller's to
    /// decide.
    pub async fn person_assessments(
        &self,
        person: PersonId,
    ) -> StoreResult<Vec<(UnitId, String, AssessmentRecord)>> {
        let rows = sqlx::query(
            "SELECT a.unit_id, u.name, a.score, a.note, a.by_user, a.at FROM support_assessments a \
             JOIN units u ON u.id = a.unit_id WHERE a.person_id = $1 ORDER BY a.at, a.id",
        )
        .bind(person.0)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let score = self.keys.open(SCORE, &col::<String>(r, "score")?)?;
                Ok((
                    UnitId(col(r, "unit_id")?),
                    col(r, "name")?,
                    AssessmentRecord {
                        score: Support::parse(&score)
                            .map_err(|_| StoreError::Corrupt("support score".into()))?,
                        note: self.keys.open(NOTE, &col::<String>(r, "note")?)?,
                        by: col::<Option<i64>>(r, "by_user")?.map(UserId),
                        at: Timestamp(col(r, "at")?),
                    },
                ))
            })
            .collect()
    }

    /// The heat map: per department and shift, the headcount, people known, assessed and
    /// supporters (latest assessment 1 or 2). Counts only; departments or shifts left open
    /// count under `None`.
    pub async fn coverage(
        &self,
        unit: UnitId,
    ) -> StoreResult<HashMap<(Option<i64>, Option<i64>), Coverage>> {
        let mut out: HashMap<(Option<i64>, Option<i64>), Coverage> = HashMap::new();
        for (d, s, n) in &self.cells(unit).await? {
            out.entry((Some(*d), Some(*s))).or_default().headcount = *n;
        }
        let rows = sqlx::query(
            "SELECT w.person_id, w.department_id, w.shift_id FROM workplace_people w \
             JOIN people p ON p.id = w.person_id WHERE w.unit_id = $1 AND p.unit_id = $1",
        )
        .bind(unit.0)
        .fetch_all(&self.read)
        .await?;
        let mut latest: HashMap<PersonId, Support> = HashMap::new();
        for (p, score, _) in self.scores(unit).await? {
            latest.insert(p, score);
        }
        for r in &rows {
            let person = PersonId(col(r, "person_id")?);
            let cell = out
                .entry((col(r, "department_id")?, col(r, "shift_id")?))
                .or_default();
            cell.known += 1;
            if let Some(s) = latest.get(&person) {
                cell.assessed += 1;
                cell.supporters += u32::from(s.supports());
            }
        }
        Ok(out)
    }

    /// Departments with no social leader among the people placed there who was assessed.
    pub async fn departments_without_leader(&self, unit: UnitId) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT d.id FROM workplace_departments d WHERE d.unit_id = $1 AND NOT EXISTS \
             (SELECT 1 FROM workplace_people w JOIN people p ON p.id = w.person_id \
              WHERE w.department_id = d.id AND w.social_leader = 1 AND p.unit_id = d.unit_id \
              AND EXISTS (SELECT 1 FROM support_assessments a WHERE a.person_id = w.person_id \
                AND a.unit_id = d.unit_id)) \
             ORDER BY d.id",
        )
        .bind(unit.0)
        .fetch_all(&self.read)
        .await?)
    }

    pub async fn create_workplace_test(
        &self,
        unit: UnitId,
        d: &TestDraft,
        now: Timestamp,
        audit: AuditEvent,
    ) -> StoreResult<i64> {
        self.check_workplace_unit(unit).await?;
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO workplace_tests (unit_id, kind, title, goal_percent, starts_on, ends_on, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(unit.0)
        .bind(d.kind.as_str())
        .bind(&d.title)
        .bind(i64::from(d.goal_percent))
        .bind(d.starts_on.0)
        .bind(d.ends_on.0)
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Sets a department's count in a structure test (the number reached so far).
    pub async fn set_test_count(
        &self,
        test: i64,
        department: i64,
        count: u32,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let unit: Option<i64> =
            sqlx::query_scalar("SELECT unit_id FROM workplace_tests WHERE id = $1")
                .bind(test)
                .fetch_optional(&mut *tx)
                .await?;
        let unit = UnitId(unit.ok_or(StoreError::NotFound("structure test"))?);
        Self::parts_of(&mut tx, unit, Some(department), None).await?;
        sqlx::query(
            "INSERT INTO workplace_test_counts (test_id, department_id, count, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (test_id, department_id) DO UPDATE SET \
             count = excluded.count, updated_at = excluded.updated_at",
        )
        .bind(test)
        .bind(department)
        .bind(i64::from(count))
        .bind(now.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The section's structure tests, newest first, with their counts.
    pub async fn workplace_tests(&self, unit: UnitId) -> StoreResult<Vec<TestRecord>> {
        let rows = sqlx::query(
            "SELECT id, unit_id, kind, title, goal_percent, starts_on, ends_on FROM workplace_tests \
             WHERE unit_id = $1 ORDER BY starts_on DESC, id DESC",
        )
        .bind(unit.0)
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            let id: i64 = col(r, "id")?;
            let counts = sqlx::query(
                "SELECT department_id, count FROM workplace_test_counts WHERE test_id = $1",
            )
            .bind(id)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|c| {
                Ok((
                    col(c, "department_id")?,
                    u32::try_from(col::<i64>(c, "count")?).unwrap_or(0),
                ))
            })
            .collect::<StoreResult<Vec<_>>>()?;
            let kind: String = col(r, "kind")?;
            out.push(TestRecord {
                id,
                unit: UnitId(col(r, "unit_id")?),
                draft: TestDraft {
                    kind: TestKind::parse(&kind)
                        .map_err(|_| StoreError::Corrupt(format!("test kind {kind}")))?,
                    title: col(r, "title")?,
                    goal_percent: u8::try_from(col::<i64>(r, "goal_percent")?).unwrap_or(50),
                    starts_on: Timestamp(col(r, "starts_on")?),
                    ends_on: Timestamp(col(r, "ends_on")?),
                },
                counts,
            });
        }
        Ok(out)
    }

    pub async fn workplace_test(&self, id: i64) -> StoreResult<TestRecord> {
        let unit: Option<i64> =
            sqlx::query_scalar("SELECT unit_id FROM workplace_tests WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.read)
                .await?;
        let unit = UnitId(unit.ok_or(StoreError::NotFound("structure test"))?);
        self.workplace_tests(unit)
            .await?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or(StoreError::NotFound("structure test"))
    }
}

/// Refuses a person who is not of the section (on `person`).
async fn person_of(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    unit: UnitId,
    person: PersonId,
) -> StoreResult<()> {
    let here: Option<i64> = sqlx::query_scalar("SELECT unit_id FROM people WHERE id = $1")
        .bind(person.0)
        .fetch_optional(&mut **tx)
        .await?;
    if here != Some(unit.0) {
        return Err(FieldError::new("person", "error-not-in-section").into());
    }
    Ok(())
}
