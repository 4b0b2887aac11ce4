//! What the public pages (online answers, RSVPs, petition signatures) share: one admission
//! check per network address, so nobody floods them from one place.

use crate::{App, Error, Result};
use enquete_domain::Timestamp;

/// Submissions allowed from one network address per hour, over all public pages.
pub const SUBMISSIONS_PER_HOUR: u32 = 30;

/// Admits one submission from `ip` at `now`, or refuses it when the address has sent its
/// hour's worth; an admitted submission is counted, in the same step as the count, so that
/// simultaneous submissions cannot pass the limit together.
pub async fn admit(app: &App, ip: &str, now: Timestamp) -> Result<Timestamp> {
    if !app
        .store
        .admit_public_submission(ip, Timestamp(now.0 - 3600), SUBMISSIONS_PER_HOUR, now)
        .await?
    {
        return Err(Error::TooManyAttempts { minutes: 60 });
    }
    Ok(now)
}
