//! Staff accounts: making one with a one-time password, whichever door asks (the users page,
//! `enquete init`, `enquete user add`).

use crate::{Error, Result};
use enquete_domain::account::Role;
use enquete_domain::org::UnitId;
use enquete_domain::people::Email;
use enquete_domain::{FieldError, Timestamp};
use enquete_store::NewUser;

/// Validates and creates an account with a one-time password; returns its e-mail address and
/// the password. Used by the accounts page (after the policy check) and by `enquete user add`.
pub async fn new_account(
    store: &enquete_store::Store,
    email: &str,
    display_name: &str,
    role: Role,
    unit: UnitId,
    language: enquete_domain::people::Language,
    now: Timestamp,
) -> Result<(String, String)> {
    let email = Email::parse(email)?;
    let kind = store
        .unit(unit)
        .await
        .map_err(|e| match e {
            enquete_store::StoreError::NotFound(_) => {
                Error::Field(FieldError::new("unit", "error-no-unit"))
            }
            e => e.into(),
        })?
        .kind;
    role.check_unit(kind)?;
    let display_name = enquete_domain::people::PersonName::parse(display_name)
        .map_err(|e| e.in_field("display_name"))?;
    let password = crate::auth::one_time_password();
    let hash = crate::auth::hash_password(&password).await?;
    let rec = store
        .create_user(
            &NewUser {
                email,
                display_name: display_name.as_str().to_owned(),
                password_hash: hash,
                role,
                unit,
                language,
                must_change_password: true,
            },
            now,
        )
        .await?;
    Ok((rec.user.email, password.expose().to_owned()))
}
