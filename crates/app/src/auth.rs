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
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Hashes a password with Argon2id and a random salt, off the async threads, within the bound on
/// password checks running at once ([`AppError::Busy`] beyond it).
pub async fn hash_password(password: &NewPassword) -> AppResult<String> {
    let plain = password.expose().to_owned();
    HashGate::global()
        .run(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(plain.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| AppError::Internal(format!("hashing a password: {e}")))
        })
        .await?
}

/// A hash of a password nobody has, checked when the account does not exist so that a failed
/// login takes as long whether or not the address is known.
const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Pq0bv7Qnh3mlG8xf8vQyP9aJHlW7bqzk7o8vZc0QCg";

/// Checks a password against a stored hash (or the decoy when there is none, under the same
/// bound, so that an unknown account costs the same time and the same turn), within the bound on
/// password checks running at once ([`AppError::Busy`] beyond it).
pub async fn verify_password(hash: Option<String>, candidate: String) -> AppResult<bool> {
    let known = hash.is_some();
    let hash = hash.unwrap_or_else(|| DECOY_HASH.to_owned());
    let ok = HashGate::global()
        .run(move || {
            PasswordHash::new(&hash)
                .map(|parsed| {
                    Argon2::default()
                        .verify_password(candidate.as_bytes(), &parsed)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await?;
    Ok(ok && known)
}

/// Bounds the password checks running at once (security issue 13, finding 3): each Argon2 check
/// takes ~19 MiB for its duration, so 150 simultaneous logins took the server to 3.2 GB. One
/// per process: as many checks run as there are cores, a few more wait their turn (briefly),
/// and the rest are refused at once with [`AppError::Busy`], which costs no memory.
///
/// The checks run on threads of their own, as many as may run at once, rather than on tokio's
/// blocking pool: the allocator keeps a freed 19 MiB block in the arena of the thread that used
/// it, so checks spread over the blocking pool's many threads would leave one such block
/// behind per thread (~300 MB measured on 2 cores); on a fixed few threads it stays a few.
pub(crate) struct HashGate {
    permits: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
    max_wait: Duration,
    /// The checks' own threads; `None` if none could be started (then tokio's blocking pool).
    workers: Option<std::sync::mpsc::Sender<Job>>,
}

type Job = Box<dyn FnOnce() + Send>;

/// Starts `n` threads running the jobs sent to the returned channel, one at a time each. A job
/// that panics does not take its thread with it. The threads end when the sender is dropped.
fn start_workers(n: usize) -> Option<std::sync::mpsc::Sender<Job>> {
    let (tx, rx) = std::sync::mpsc::channel::<Job>();
    let rx = Arc::new(std::sync::Mutex::new(rx));
    let mut started = 0;
    for i in 0..n {
        let rx = Arc::clone(&rx);
        let spawned = std::thread::Builder::new()
            .name(format!("password-{i}"))
            .spawn(move || {
                loop {
                    let next = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(poisoned) => poisoned.into_inner().recv(),
                    };
                    let Ok(job) = next else { return };
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                }
            });
        if spawned.is_ok() {
            started += 1;
        }
    }
    (started > 0).then_some(tx)
}

/// How long a refused check is told to wait before trying again.
pub const BUSY_RETRY_AFTER_SECONDS: u64 = 2;

impl HashGate {
    pub(crate) fn new(running: usize, max_waiting: usize, max_wait: Duration) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(running)),
            waiting: AtomicUsize::new(0),
            max_waiting,
            max_wait,
            workers: start_workers(running),
        }
    }

    /// The process's gate: checks at once = cores, waiting = 4 × cores, for at most 2 s.
    fn global() -> &'static HashGate {
        static GATE: OnceLock<HashGate> = OnceLock::new();
        GATE.get_or_init(|| {
            let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
            HashGate::new(
                cores,
                cores.saturating_mul(4),
                Duration::from_secs(BUSY_RETRY_AFTER_SECONDS),
            )
        })
    }

    fn busy() -> AppError {
        AppError::Busy {
            retry_after_seconds: BUSY_RETRY_AFTER_SECONDS,
        }
    }

    /// A turn to check a password: at once if one is free, else after a short wait in a short
    /// queue, else `Busy`.
    async fn turn(&self) -> AppResult<OwnedSemaphorePermit> {
        if let Ok(permit) = Arc::clone(&self.permits).try_acquire_owned() {
            return Ok(permit);
        }
        let ahead = self.waiting.fetch_add(1, Ordering::SeqCst);
        // Leaves the queue however the wait ends (also when the request is dropped).
        let _leave = Leave(&self.waiting);
        if ahead >= self.max_waiting {
            return Err(Self::busy());
        }
        match tokio::time::timeout(self.max_wait, Arc::clone(&self.permits).acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(_closed)) => Err(AppError::Internal("password gate closed".into())),
            Err(_elapsed) => Err(Self::busy()),
        }
    }

    /// Runs `work` (a password check) off the async threads once it has a turn. The turn is
    /// held by the blocking task itself, so a request given up by its client still counts until
    /// its check has actually finished.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> AppResult<T> {
        let permit = self.turn().await?;
        let Some(workers) = &self.workers else {
            return tokio::task::spawn_blocking(move || {
                let out = work();
                drop(permit);
                out
            })
            .await
            .map_err(|e| AppError::Internal(format!("password task: {e}")));
        };
        let (done, answer) = tokio::sync::oneshot::channel();
        workers
            .send(Box::new(move || {
                let out = work();
                drop(permit);
                let _ = done.send(out);
            }))
            .map_err(|_| AppError::Internal("password threads gone".into()))?;
        answer
            .await
            .map_err(|_| AppError::Internal("password check failed".into()))
    }
}

struct Leave<'a>(&'a AtomicUsize);

impl Drop for Leave<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// 32 random bytes from the operating system, as 64 hex digits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A secret of 24 letters and digits (about 143 bits) from the system's random source: short
/// enough to stand in an e-mail address's local part (`bounces+TOKEN@...`, at most 64 octets),
/// as the unsubscribe links of mailings need.
pub fn random_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(24);
    while out.len() < 24 {
        let mut byte = [0u8; 1];
        OsRng.fill_bytes(&mut byte);
        // 248 = 4 × 62: below it every character is equally likely.
        if byte[0] < 248
            && let Some(c) = ALPHABET.get(usize::from(byte[0] % 62))
        {
            out.push(char::from(*c));
        }
    }
    out
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
    let ok = verify_password(usable.map(|r| r.password_hash.clone()), password).await?;
    if ok {
        store.mark_login_success(attempt).await?;
    }
    match (ok, record) {
        (true, Some(rec)) => Ok(rec),
        _ => Err(AppError::Field(enquete_domain::FieldError::new(
            "password",
            "error-login-wrong",
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
    if !verify_password(Some(me.password_hash.clone()), current).await? {
        return Err(AppError::Field(enquete_domain::FieldError::new(
            "current",
            "error-current-password-wrong",
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
    #[test]
    fn codes_are_24_letters_and_digits_and_differ() {
        let (a, b) = (super::random_code(), super::random_code());
        assert_eq!(a.len(), 24);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
    }

    use super::*;

    #[tokio::test]
    async fn passwords_verify_only_against_their_own_hash() {
        let pw = NewPassword::parse("correct horse battery").unwrap();
        let hash = hash_password(&pw).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            verify_password(Some(hash.clone()), "correct horse battery".into())
                .await
                .unwrap()
        );
        assert!(
            !verify_password(Some(hash), "wrong horse battery".into())
                .await
                .unwrap()
        );
        assert!(
            !verify_password(None, "anything at all".into())
                .await
                .unwrap()
        );
    }

    /// Security (issue 13, finding 3): every password check takes ~19 MiB, and 150 at once
    /// took the server to 3.2 GB. With every turn taken and the queue full, a further check is
    /// refused at once with `Busy`, and runs nothing.
    #[tokio::test]
    async fn a_check_beyond_the_queue_is_refused_at_once() {
        let gate = Arc::new(HashGate::new(1, 1, Duration::from_secs(30)));
        let running = gate.turn().await.unwrap();
        let queued = {
            let gate = Arc::clone(&gate);
            tokio::spawn(async move { gate.run(|| "queued").await })
        };
        while gate.waiting.load(Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
        let started = std::time::Instant::now();
        let refused = gate.run(|| panic!("a refused check must not run")).await;
        assert!(
            matches!(
                refused,
                Err(AppError::Busy {
                    retry_after_seconds: BUSY_RETRY_AFTER_SECONDS
                })
            ),
            "{refused:?}"
        );
        assert!(started.elapsed() < Duration::from_millis(500));
        // The one in the queue gets its turn when the running check ends.
        drop(running);
        assert_eq!(queued.await.unwrap().unwrap(), "queued");
        assert_eq!(gate.waiting.load(Ordering::SeqCst), 0);
    }

    /// A check that waits longer than the limit for its turn is refused too.
    #[tokio::test]
    async fn a_check_waits_for_its_turn_no_longer_than_the_limit() {
        let gate = HashGate::new(1, 4, Duration::from_millis(100));
        let _running = gate.turn().await.unwrap();
        let started = std::time::Instant::now();
        let refused = gate.run(|| ()).await;
        assert!(matches!(refused, Err(AppError::Busy { .. })), "{refused:?}");
        assert!(started.elapsed() < Duration::from_secs(2));
        assert_eq!(gate.waiting.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn tokens_are_long_and_distinct() {
        let a = random_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_token());
    }
}
