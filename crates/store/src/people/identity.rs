//! A person's identity: the personal fields as typed, sealed under the current key with their
//! blind indexes, and opened again from a row.

use crate::crypto::Keyring;
use crate::{StoreResult, col};
use enquete_domain::people::{PersonDetails, PersonId, Phone};
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

/// A person's identity as stored: the personal fields sealed, and their blind indexes.
pub(crate) struct SealedIdentity {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub workplace: Option<String>,
    pub notes: Option<String>,
    pub key_id: String,
    pub search_tokens: String,
    pub email_index: Option<String>,
    pub phone_index: Option<String>,
}

/// The clear text of a person's identity, as typed (phone as displayed).
pub(crate) struct Identity<'a> {
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub address: Option<&'a str>,
    pub workplace: Option<&'a str>,
    pub notes: Option<&'a str>,
}

impl<'a> Identity<'a> {
    pub fn of_details(details: &'a PersonDetails) -> Self {
        Identity {
            name: details.name.as_str(),
            email: details.email.as_ref().map(|e| e.as_str()),
            phone: details.phone.as_ref().map(|p| p.display.as_str()),
            address: details.address.as_deref(),
            workplace: details.workplace.as_deref(),
            notes: details.notes.as_deref(),
        }
    }

    /// Sealed under the current key, with indexes under the same key.
    pub fn seal(&self, keys: &Keyring) -> StoreResult<SealedIdentity> {
        // The number as stored for matching: what the phone form would make of it.
        let phone_digits = self.phone.map(|p| {
            Phone::parse(p)
                .map(|p| p.normalized)
                .unwrap_or_else(|_| p.to_owned())
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
        });
        Ok(SealedIdentity {
            name: keys.seal("people.name", self.name)?,
            email: keys.seal_opt("people.email", self.email)?,
            phone: keys.seal_opt("people.phone", self.phone)?,
            address: keys.seal_opt("people.address", self.address)?,
            workplace: keys.seal_opt("people.workplace", self.workplace)?,
            notes: keys.seal_opt("people.notes", self.notes)?,
            key_id: keys.current_id().to_owned(),
            search_tokens: keys.person_tokens(self.name, self.email, phone_digits.as_deref()),
            email_index: self
                .email
                .map(|e| keys.index("email", &e.trim().to_lowercase())),
            phone_index: phone_digits.as_deref().map(|d| keys.index("phone", d)),
        })
    }
}

/// A person's identity opened from a row that has the columns name, email, phone, address,
/// workplace and notes.
pub(crate) struct OpenIdentity {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub workplace: Option<String>,
    pub notes: Option<String>,
}

impl OpenIdentity {
    pub fn from_row(keys: &Keyring, row: &AnyRow) -> StoreResult<Self> {
        let open = |column: &str| -> StoreResult<Option<String>> {
            keys.open_opt(
                &format!("people.{column}"),
                col::<Option<String>>(row, column)?.as_deref(),
            )
        };
        Ok(OpenIdentity {
            name: keys.open("people.name", &col::<String>(row, "name")?)?,
            email: open("email")?,
            phone: open("phone")?,
            address: open("address")?,
            workplace: open("workplace")?,
            notes: open("notes")?,
        })
    }

    pub fn as_identity(&self) -> Identity<'_> {
        Identity {
            name: &self.name,
            email: self.email.as_deref(),
            phone: self.phone.as_deref(),
            address: self.address.as_deref(),
            workplace: self.workplace.as_deref(),
            notes: self.notes.as_deref(),
        }
    }

    /// This identity where it has a field, `other`'s where it has not (the name stays).
    pub fn filled_from<'a>(&'a self, other: &'a OpenIdentity) -> Identity<'a> {
        Identity {
            name: &self.name,
            email: self.email.as_deref().or(other.email.as_deref()),
            phone: self.phone.as_deref().or(other.phone.as_deref()),
            address: self.address.as_deref().or(other.address.as_deref()),
            workplace: self.workplace.as_deref().or(other.workplace.as_deref()),
            notes: self.notes.as_deref().or(other.notes.as_deref()),
        }
    }
}

/// Writes a person's sealed identity over what is stored (`false` if there is no such person).
pub(crate) async fn write_identity(
    tx: &mut Transaction<'_, Any>,
    id: PersonId,
    sealed: &SealedIdentity,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE people SET name = $1, name_search = '', email = $2, phone = $3, phone_norm = NULL, \
         address = $4, workplace = $5, notes = $6, key_id = $7, search_tokens = $8, \
         email_index = $9, phone_index = $10 WHERE id = $11",
    )
    .bind(&sealed.name)
    .bind(&sealed.email)
    .bind(&sealed.phone)
    .bind(&sealed.address)
    .bind(&sealed.workplace)
    .bind(&sealed.notes)
    .bind(&sealed.key_id)
    .bind(&sealed.search_tokens)
    .bind(&sealed.email_index)
    .bind(&sealed.phone_index)
    .bind(id.0)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}
