//! What the public pages (online answers, RSVPs, petition signatures) share: one admission
//! check per network address, so nobody floods them from one place.

use crate::{App, Error, Result};
use enquete_domain::Timestamp;

/// Submissions allowed from one network address per hour, over all public pages.
pub const SUBMISSIONS_PER_HOUR: u32 = 30;

/// Admits one submission from `ip` at `now`, or refuses it when the address has sent its
/// hour's worth; an admitted submission is counted.
pub async fn admit(app: &App, ip: &str, now: Timestamp) -> Result<Timestamp> {
    if app
        .store
        .public_submissions_since(ip, Timestamp(now.0 - 3600))
        .await?
        >= SUBMISSIONS_PER_HOUR
    {
        return Err(Error::TooManyAttempts { minutes: 60 });
    }
    app.store.record_public_submission(ip, now).await?;
    Ok(now)
}
