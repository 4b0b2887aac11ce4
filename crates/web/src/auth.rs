//! The session side of logging in: which keys a session holds, and starting one.

use crate::error::{AppError, AppResult};

/// The session key that holds the logged-in account.
pub const SESSION_USER: &str = enquete_store::SESSION_USER_KEY;
/// The session key that holds the CSRF token.
pub const SESSION_CSRF: &str = "csrf";

/// Starts a logged-in session: a new session id (no fixation), the user, a new CSRF token.
pub async fn establish_session(
    session: &tower_sessions::Session,
    user: enquete_domain::account::UserId,
) -> AppResult<String> {
    let fail = |e: tower_sessions::session::Error| AppError::Internal(format!("session: {e}"));
    session.cycle_id().await.map_err(fail)?;
    session.insert(SESSION_USER, user.0).await.map_err(fail)?;
    let token = enquete_app::auth::random_token();
    session.insert(SESSION_CSRF, &token).await.map_err(fail)?;
    Ok(token)
}
