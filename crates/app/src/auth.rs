//! Passwords (Argon2id), random tokens, and login throttling: the operations behind logging
//! in, whichever door it comes through.

use crate::error::{Error as AppError, Result as AppResult};
use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use enquete_domain::{
    Timestamp,
    account::{LoginAttemptId, NewPassword},
};
use enquete_store::{LoginLimits, Store};

/// Hashes a password with Argon2id and a random salt, off the async threads.
pub async fn hash_password(password: &NewPassword) -> AppResult<String> {
    let plain = password.expose().to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(plain.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("hashing a password: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(format!("hashing task: {e}")))?
}

/// A hash of a password nobody has, checked when the account does not exist so that a failed
/// login takes as long whether or not the address is known.
const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Pq0bv7Qnh3mlG8xf8vQyP9aJHlW7bqzk7o8vZc0QCg";

/// Checks a password against a stored hash (or the decoy when there is none).
pub async fn verify_password(hash: Option<String>, candidate: String) -> bool {
    let known = hash.is_some();
    let hash = hash.unwrap_or_else(|| DECOY_HASH.to_owned());
    let ok = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(candidate.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    ok && known
}

/// 32 random bytes from the operating system, as 64 hex digits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A one-time password for a new account.
pub fn one_time_password() -> NewPassword {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    NewPassword::from_random(&bytes)
}

/// How long failed attempts are remembered, and how many are allowed in that time.
pub const THROTTLE_WINDOW_SECONDS: i64 = 15 * 60;
pub const MAX_FAILURES_PER_ACCOUNT: u32 = 5;
pub const MAX_FAILURES_PER_ADDRESS: u32 = 30;

/// Admits a login attempt (or anything throttled like one, under its own `key`) and records it
/// as failed, or refuses it when the account or the address has failed too often recently. The
/// count and the record are one step in the database (simultaneous attempts cannot all see the
/// old count), and the counts live there, so every server process in front of it applies the
/// same limit. A refused attempt is not recorded, and must not go on to a password check.
pub async fn admit_attempt(
    store: &Store,
    key: &str,
    ip: &str,
    now: Timestamp,
) -> AppResult<LoginAttemptId> {
    let limits = LoginLimits {
        since: Timestamp(now.0 - THROTTLE_WINDOW_SECONDS),
        per_email: MAX_FAILURES_PER_ACCOUNT,
        per_ip: MAX_FAILURES_PER_ADDRESS,
    };
    store
        .admit_login_attempt(key, ip, limits, now)
        .await?
        .ok_or(AppError::TooManyAttempts {
            minutes: THROTTLE_WINDOW_SECONDS / 60,
        })
}

/// Checks a login: throttling first (which records the attempt as failed), then the password
/// (always hashed, known account or not), then marks the attempt a success if it was. The error never says
/// whether the account exists.
pub async fn login(
    store: &Store,
    email: &str,
    password: String,
    ip: &str,
    now: Timestamp,
) -> AppResult<enquete_store::UserRecord> {
    let email = email.trim().to_lowercase();
    let attempt = admit_attempt(store, &email, ip, now).await?;
    let record = store.user_by_email(&email).await?;
    let usable = record.as_ref().filter(|r| !r.user.disabled);
    let ok = verify_password(usable.map(|r| r.password_hash.clone()), password).await;
    if ok {
        store.mark_login_success(attempt).await?;
    }
    match (ok, record) {
        (true, Some(rec)) => Ok(rec),
        _ => Err(AppError::Field(enquete_domain::FieldError::new(
            "password",
            "the e-mail address or password is not right",
        ))),
    }
}

/// Changes the caller's own password: the current one must be right (guessing it from a stolen
/// session is throttled like logging in), the new one must be acceptable. Every session of the
/// account ends; the adapter starts a new one for the caller.
pub async fn change_password(
    app: &crate::App,
    caller: &crate::Caller,
    current: String,
    new: &str,
) -> AppResult<()> {
    let store = &app.store;
    let me = store.user(caller.id()).await?;
    let attempt = admit_attempt(store, &me.user.email, &caller.ip, caller.now).await?;
    if !verify_password(Some(me.password_hash.clone()), current).await {
        return Err(AppError::Field(enquete_domain::FieldError::new(
            "current",
            "the current password is not right",
        )));
    }
    store.mark_login_success(attempt).await?;
    let new = NewPassword::parse(new)?;
    let hash = hash_password(&new).await?;
    store.set_password(me.user.id, &hash, false).await?;
    // A session stolen before the change is worth nothing after it.
    store.end_sessions_of(me.user.id).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_verify_only_against_their_own_hash() {
        let pw = NewPassword::parse("correct horse battery").unwrap();
        let hash = hash_password(&pw).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(Some(hash.clone()), "correct horse battery".into()).await);
        assert!(!verify_password(Some(hash), "wrong horse battery".into()).await);
        assert!(!verify_password(None, "anything at all".into()).await);
    }

    #[test]
    fn tokens_are_long_and_distinct() {
        let a = random_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_token());
    }
}
