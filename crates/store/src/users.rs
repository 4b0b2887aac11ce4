//! Staff accounts and login throttling.

use crate::{Store, StoreError, StoreResult, col, unique_as_field};
use enquete_domain::{
    Timestamp,
    account::{LoginAttemptId, Role, User, UserId},
    org::{UnitId, UnitPath},
    people::{Email, Language},
};
use sqlx::any::AnyRow;

/// A new account; the password is already hashed by the caller.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: Email,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub unit: UnitId,
    pub language: Language,
    pub must_change_password: bool,
}

/// An account with its password hash and the path of its unit, for logging in and for the policy.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub user: User,
    pub password_hash: String,
    pub unit_path: UnitPath,
    /// The other organizations the account reaches (read with the account by [`Store::user`]
    /// and [`Store::user_by_email`]; empty in lists).
    pub others: Vec<enquete_domain::policy::OtherOrganization>,
    /// Whether a national admin made the account a researcher (complicity research).
    pub researcher: bool,
}

impl UserRecord {
    /// The account as the access policy sees it.
    pub fn actor(&self) -> enquete_domain::policy::Actor {
        enquete_domain::policy::Actor {
            user: self.user.id,
            role: self.user.role,
            scope: self.unit_path.clone(),
            others: self.others.clone(),
            researcher: self.researcher,
        }
    }
}

/// Failed logins in a recent window, per address and per account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginFailures {
    pub for_email: u32,
    pub from_ip: u32,
}

/// How many failed logins are allowed since `since`: per account (counting only those after its
/// last success) and per network address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginLimits {
    pub since: Timestamp,
    pub per_email: u32,
    pub per_ip: u32,
}

const USER_COLUMNS: &str = "s.id, s.email, s.display_name, s.password_hash, s.role, s.unit_id, \
     s.language, s.must_change_password, s.disabled, s.researcher, u.path AS unit_path";

fn user_from_row(row: &AnyRow) -> StoreResult<UserRecord> {
    let role: String = col(row, "role")?;
    let language: String = col(row, "language")?;
    let path: String = col(row, "unit_path")?;
    Ok(UserRecord {
        user: User {
            id: UserId(col(row, "id")?),
            email: col(row, "email")?,
            display_name: col(row, "display_name")?,
            role: Role::parse(&role).map_err(|_| StoreError::Corrupt(format!("role {role}")))?,
            unit: UnitId(col(row, "unit_id")?),
            language: Language::parse(&language).unwrap_or(Language::En),
            must_change_password: col::<i64>(row, "must_change_password")? != 0,
            disabled: col::<i64>(row, "disabled")? != 0,
        },
        password_hash: col(row, "password_hash")?,
        unit_path: UnitPath::from_stored(&path)
            .ok_or_else(|| StoreError::Corrupt(format!("unit path {path}")))?,
        others: Vec::new(),
        researcher: col::<i64>(row, "researcher")? != 0,
    })
}

impl Store {
    pub async fn create_user(&self, new: &NewUser, now: Timestamp) -> StoreResult<UserRecord> {
        // The unit must exist; the foreign key would say so less clearly.
        self.unit(new.unit).await.map_err(|e| match e {
            StoreError::NotFound(_) => {
                enquete_domain::FieldError::new("unit", "error-no-unit").into()
            }
            e => e,
        })?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, display_name, password_hash, role, unit_id, language, \
             must_change_password, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(new.email.as_str())
        .bind(new.display_name.as_str())
        .bind(new.password_hash.as_str())
        .bind(new.role.as_str())
        .bind(new.unit.0)
        .bind(new.language.code())
        .bind(i64::from(new.must_change_password))
        .bind(now.0)
        .fetch_one(&self.write)
        .await
        .map_err(|e| unique_as_field(e, "email", "error-account-exists"))?;
        self.user(UserId(id)).await
    }

    pub async fn user(&self, id: UserId) -> StoreResult<UserRecord> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users s JOIN units u ON u.id = s.unit_id WHERE s.id = $1"
        ))
        .bind(id.0)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound("account"))?;
        self.with_reach(user_from_row(&row)?).await
    }

    /// Adds the other organizations an account reaches: only national admins and analysts
    /// reach beyond their own.
    async fn with_reach(&self, mut record: UserRecord) -> StoreResult<UserRecord> {
        if matches!(record.user.role, Role::NationalAdmin | Role::Analyst)
            && let Some(root) = record.unit_path.ids().first()
        {
            record.others = self.reach(record.user.id, *root).await?;
        }
        Ok(record)
    }

    pub async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users s JOIN units u ON u.id = s.unit_id WHERE s.email = $1"
        ))
        .bind(email.trim().to_lowercase())
        .fetch_optional(&self.read)
        .await?;
        match row.as_ref().map(user_from_row).transpose()? {
            Some(record) => Ok(Some(self.with_reach(record).await?)),
            None => Ok(None),
        }
    }

    /// Accounts whose unit lies in the subtree, by e-mail.
    pub async fn users_in(&self, scope: &UnitPath) -> StoreResult<Vec<UserRecord>> {
        let (lo, hi) = crate::subtree_range(scope.as_str());
        let rows = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users s JOIN units u ON u.id = s.unit_id \
             WHERE u.path >= $1 AND u.path < $2 ORDER BY s.email"
        ))
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(user_from_row).collect()
    }

    pub async fn set_password(&self, id: UserId, hash: &str, must_change: bool) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3",
        )
        .bind(hash)
        .bind(i64::from(must_change))
        .bind(id.0)
        .execute(&self.write)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("account"));
        }
        Ok(())
    }

    pub async fn set_language(&self, id: UserId, language: Language) -> StoreResult<()> {
        sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
            .bind(language.code())
            .bind(id.0)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Records a login attempt as failed, before the password is checked, so that parallel
    /// attempts all count against the limit; [`Store::mark_login_success`] turns it into a
    /// success afterwards. Returns the attempt's id.
    pub async fn record_login_attempt(
        &self,
        email: &str,
        ip: &str,
        now: Timestamp,
    ) -> StoreResult<LoginAttemptId> {
        let mut conn = self.write.acquire().await?;
        insert_attempt(&mut conn, &email.trim().to_lowercase(), ip, now).await
    }

    /// Counts the recent failed attempts on the account and from the address and, only when
    /// both are under their limits, records this attempt as failed (before the password is
    /// checked; [`Store::mark_login_success`] turns it into a success) — in one write
    /// transaction, so that simultaneous attempts cannot all see the old count (security issue
    /// 13, finding 4). `None`: refused, nothing recorded.
    pub async fn admit_login_attempt(
        &self,
        email: &str,
        ip: &str,
        limits: LoginLimits,
        now: Timestamp,
    ) -> StoreResult<Option<LoginAttemptId>> {
        let email = email.trim().to_lowercase();
        let mut tx = self.begin_write().await?;
        // Always the account's key first, then the address's: one order, no deadlock.
        Self::take_turn(&mut tx, &format!("login-email:{email}"), now.0).await?;
        Self::take_turn(&mut tx, &format!("login-ip:{ip}"), now.0).await?;
        let failures = count_failures(&mut tx, &email, ip, limits.since).await?;
        if failures.for_email >= limits.per_email || failures.from_ip >= limits.per_ip {
            tx.rollback().await?;
            return Ok(None);
        }
        let id = insert_attempt(&mut tx, &email, ip, now).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    pub async fn mark_login_success(&self, attempt: LoginAttemptId) -> StoreResult<()> {
        sqlx::query("UPDATE login_attempts SET ok = 1 WHERE id = $1")
            .bind(attempt.0)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Failed logins since `since`, counted per account and per address. A successful login for
    /// an account clears its count.
    pub async fn login_failures(
        &self,
        email: &str,
        ip: &str,
        since: Timestamp,
    ) -> StoreResult<LoginFailures> {
        let mut conn = self.read.acquire().await?;
        count_failures(&mut conn, &email.trim().to_lowercase(), ip, since).await
    }

    /// Forgets login attempts older than `before`.
    pub async fn prune_login_attempts(&self, before: Timestamp) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM login_attempts WHERE at < $1")
            .bind(before.0)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }
}

/// Failed logins since `since` on the account (`email`, already folded to lower case; a success
/// clears its count) and from the address: what [`Store::login_failures`] reports and
/// [`Store::admit_login_attempt`] decides on.
async fn count_failures(
    conn: &mut sqlx::AnyConnection,
    email: &str,
    ip: &str,
    since: Timestamp,
) -> StoreResult<LoginFailures> {
    let for_email: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_attempts WHERE email = $1 AND ok = 0 AND at >= $2 \
         AND at > COALESCE((SELECT MAX(at) FROM login_attempts WHERE email = $1 AND ok = 1), -1)",
    )
    .bind(email)
    .bind(since.0)
    .fetch_one(&mut *conn)
    .await?;
    let from_ip: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_attempts WHERE ip = $1 AND ok = 0 AND at >= $2",
    )
    .bind(ip)
    .bind(since.0)
    .fetch_one(&mut *conn)
    .await?;
    Ok(LoginFailures {
        for_email: u32::try_from(for_email).unwrap_or(u32::MAX),
        from_ip: u32::try_from(from_ip).unwrap_or(u32::MAX),
    })
}

/// Records a login attempt as failed (`email` already folded to lower case).
async fn insert_attempt(
    conn: &mut sqlx::AnyConnection,
    email: &str,
    ip: &str,
    now: Timestamp,
) -> StoreResult<LoginAttemptId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO login_attempts (email, ip, ok, at) VALUES ($1, $2, 0, $3) RETURNING id",
    )
    .bind(email)
    .bind(ip)
    .bind(now.0)
    .fetch_one(&mut *conn)
    .await?;
    Ok(LoginAttemptId(id))
}
