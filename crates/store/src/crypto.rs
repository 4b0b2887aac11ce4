//! Encryption at rest of personal fields, and the blind indexes that let the database find a
//! record by e-mail, phone or name without holding them in clear.
//!
//! A field is sealed with XChaCha20-Poly1305 under a key derived from the configured master key,
//! with a random 24-byte nonce and the field's name (`people.email`) as associated data, so that
//! a value cannot be moved into another column unnoticed. It is stored as text:
//! `enq1:KEYID:BASE64`, where KEYID names the master key (eight hex digits of a keyed hash of it),
//! so that after a rotation records under the old key are still read while they are re-sealed.
//!
//! Lookups use blind indexes: a keyed hash (HMAC-SHA-256, truncated to 96 bits, hex) of the
//! normalized value under a second key derived from the same master key. Equality (an e-mail
//! address, a phone number, a signature's mailbox) compares indexes; people search matches
//! tokens: the name's words and their beginnings, the e-mail address and its local part, and the
//! phone number's endings, each hashed. The database learns which records share a token, never
//! the token's text.
//!
//! Without a configured key ([`Keyring::none`]) fields are stored in clear and the indexes are
//! computed under a fixed, public key: everything works, nothing is protected, and the server
//! says so loudly.

use crate::{StoreError, StoreResult};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use enquete_domain::people::fold_for_search;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::borrow::Cow;
use std::fmt;

const PREFIX: &str = "enq1:";
const NONCE_LEN: usize = 24;
/// Bytes of a blind index kept (96 bits: no two different values collide in practice).
const INDEX_LEN: usize = 12;
/// A name's words are indexed by their beginnings up to this many characters.
const PREFIX_MAX: usize = 12;

/// One master key and what is derived from it.
#[derive(Clone)]
struct Key {
    id: String,
    aead: XChaCha20Poly1305,
    index: Vec<u8>,
}

impl Key {
    fn from_master(master: &[u8]) -> Self {
        let derive = |label: &[u8]| -> Vec<u8> {
            let mut mac =
                <Hmac<Sha256> as Mac>::new_from_slice(master).unwrap_or_else(|_| unreachable_mac());
            mac.update(label);
            mac.finalize().into_bytes().to_vec()
        };
        let id = hex(derive(b"enquete key id v1").get(..4).unwrap_or_default());
        let field_key = derive(b"enquete field encryption v1");
        let aead =
            XChaCha20Poly1305::new_from_slice(&field_key).unwrap_or_else(|_| unreachable_aead());
        Key {
            id,
            aead,
            index: derive(b"enquete blind index v1"),
        }
    }

    fn index(&self, kind: &str, value: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.index)
            .unwrap_or_else(|_| unreachable_mac());
        mac.update(kind.as_bytes());
        mac.update(b"\0");
        mac.update(value.as_bytes());
        hex(mac
            .finalize()
            .into_bytes()
            .get(..INDEX_LEN)
            .unwrap_or_default())
    }
}

// HMAC takes keys of any length and the derived field key is 32 bytes, so these cannot happen;
// they exist because the crates' constructors return `Result`.
#[expect(clippy::panic, reason = "HMAC accepts keys of every length")]
fn unreachable_mac() -> Hmac<Sha256> {
    panic!("HMAC refused a key")
}
#[expect(clippy::panic, reason = "the derived key is always 32 bytes")]
fn unreachable_aead() -> XChaCha20Poly1305 {
    panic!("XChaCha20-Poly1305 refused a 32-byte key")
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// A key given in the configuration was not usable.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct KeyError(String);

/// The keys the store seals and opens personal fields with: the current one, which seals, and
/// older ones, which still open what they sealed until `enquete keys rotate` has re-sealed it.
#[derive(Clone)]
pub struct Keyring {
    current: Key,
    old: Vec<Key>,
    configured: bool,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring")
            .field("current", &self.current.id)
            .field("old", &self.old.iter().map(|k| &k.id).collect::<Vec<_>>())
            .field("configured", &self.configured)
            .finish()
    }
}

impl Default for Keyring {
    fn default() -> Self {
        Self::none()
    }
}

fn parse_master(what: &str, text: &str) -> Result<Vec<u8>, KeyError> {
    let bytes = STANDARD.decode(text.trim()).map_err(|_| {
        KeyError(format!(
            "{what} is not base64: give 32 random bytes in base64, as `enquete keys new` prints"
        ))
    })?;
    if bytes.len() != 32 {
        return Err(KeyError(format!(
            "{what} is {} bytes long: it must be 32 random bytes in base64, as `enquete keys new` prints",
            bytes.len()
        )));
    }
    Ok(bytes)
}

impl Keyring {
    /// No key: fields stay in clear (the server warns loudly about it).
    pub fn none() -> Self {
        Keyring {
            current: Key::from_master(&[0; 32]),
            old: Vec::new(),
            configured: false,
        }
    }

    /// The current key and the older ones still needed to read, each 32 bytes in base64.
    pub fn new(current: &str, old: &[String]) -> Result<Self, KeyError> {
        let current = Key::from_master(&parse_master("the encryption key", current)?);
        let mut keys: Vec<Key> = Vec::new();
        for (i, text) in old.iter().enumerate() {
            let key = Key::from_master(&parse_master(
                &format!("old encryption key number {}", i + 1),
                text,
            )?);
            if key.id != current.id && !keys.iter().any(|k| k.id == key.id) {
                keys.push(key);
            }
        }
        // Records sealed before any key was set are still found by their (public) indexes.
        keys.push(Key::from_master(&[0; 32]));
        Ok(Keyring {
            current,
            old: keys,
            configured: true,
        })
    }

    /// A fresh random master key, in base64.
    pub fn generate() -> String {
        STANDARD.encode(XChaCha20Poly1305::generate_key(&mut OsRng))
    }

    /// Whether a key was configured (otherwise personal fields are stored in clear).
    pub fn is_configured(&self) -> bool {
        self.configured
    }

    /// The id stored beside each record: which key sealed and indexed it.
    pub fn current_id(&self) -> &str {
        &self.current.id
    }

    /// Seals a field's value for storage (in clear without a configured key).
    pub fn seal(&self, field: &str, plain: &str) -> StoreResult<String> {
        if !self.configured {
            return Ok(plain.to_owned());
        }
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .current
            .aead
            .encrypt(
                &nonce,
                Payload {
                    msg: plain.as_bytes(),
                    aad: field.as_bytes(),
                },
            )
            .map_err(|_| StoreError::Corrupt(format!("{field} could not be encrypted")))?;
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        Ok(format!(
            "{PREFIX}{}:{}",
            self.current.id,
            URL_SAFE_NO_PAD.encode(bytes)
        ))
    }

    pub fn seal_opt(&self, field: &str, plain: Option<&str>) -> StoreResult<Option<String>> {
        plain.map(|p| self.seal(field, p)).transpose()
    }

    /// Opens a stored value: a sealed one with whichever configured key sealed it, a value in
    /// clear as it is.
    pub fn open(&self, field: &str, stored: &str) -> StoreResult<String> {
        let Some(rest) = stored.strip_prefix(PREFIX) else {
            return Ok(stored.to_owned());
        };
        let (id, body) = rest
            .split_once(':')
            .ok_or_else(|| StoreError::Corrupt(format!("{field}: a sealed value without key")))?;
        let key = std::iter::once(&self.current)
            .chain(&self.old)
            .find(|k| k.id == id)
            .ok_or_else(|| {
                StoreError::Corrupt(format!(
                    "{field} is encrypted with key {id}, which is not configured (add it to old_encryption_keys)"
                ))
            })?;
        let bytes = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| StoreError::Corrupt(format!("{field}: a damaged sealed value")))?;
        if bytes.len() < NONCE_LEN {
            return Err(StoreError::Corrupt(format!(
                "{field}: a sealed value too short"
            )));
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let plain = key
            .aead
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: field.as_bytes(),
                },
            )
            .map_err(|_| {
                StoreError::Corrupt(format!(
                    "{field} does not decrypt with key {id}: the value was altered or belongs elsewhere"
                ))
            })?;
        String::from_utf8(plain)
            .map_err(|_| StoreError::Corrupt(format!("{field}: decrypted to invalid text")))
    }

    /// Like [`Keyring::open`], without copying a value stored in clear.
    pub fn open_cow<'a>(&self, field: &str, stored: &'a str) -> StoreResult<Cow<'a, str>> {
        if stored.starts_with(PREFIX) {
            self.open(field, stored).map(Cow::Owned)
        } else {
            Ok(Cow::Borrowed(stored))
        }
    }

    pub fn open_opt(&self, field: &str, stored: Option<&str>) -> StoreResult<Option<String>> {
        stored.map(|s| self.open(field, s)).transpose()
    }

    /// Whether a stored value is sealed with the current key (or, without a key, in clear).
    pub fn is_current(&self, stored: &str) -> bool {
        match stored.strip_prefix(PREFIX) {
            Some(rest) => {
                self.configured
                    && rest
                        .strip_prefix(self.current.id.as_str())
                        .is_some_and(|r| r.starts_with(':'))
            }
            None => !self.configured,
        }
    }

    /// The blind index of a value under the current key, to store.
    pub fn index(&self, kind: &str, value: &str) -> String {
        self.current.index(kind, value)
    }

    /// The blind indexes of a value under every key, to look it up while records under an
    /// older key remain (the current key's first).
    pub fn lookups(&self, kind: &str, value: &str) -> Vec<String> {
        std::iter::once(&self.current)
            .chain(&self.old)
            .map(|k| k.index(kind, value))
            .collect()
    }

    /// The search tokens to store for a person: `" t1 t2 … "`, matched with `LIKE '% t %'`.
    pub fn person_tokens(
        &self,
        name: &str,
        email: Option<&str>,
        phone_digits: Option<&str>,
    ) -> String {
        let mut tokens: Vec<String> = Vec::new();
        for word in name_words(name) {
            let chars: Vec<char> = word.chars().collect();
            let longest = chars.len().min(PREFIX_MAX);
            let shortest = chars.len().min(3);
            for len in shortest..=longest {
                let prefix: String = chars.iter().take(len).collect();
                tokens.push(self.index("name", &prefix));
            }
        }
        if let Some(email) = email {
            let email = email.trim().to_lowercase();
            if let Some((local, _)) = email.rsplit_once('@') {
                tokens.push(self.index("email", local));
            }
            tokens.push(self.index("email", &email));
        }
        if let Some(digits) = phone_digits {
            let digits: Vec<char> = digits.chars().filter(char::is_ascii_digit).collect();
            for start in 0..digits.len().saturating_sub(3) {
                let suffix: String = digits.iter().skip(start).collect();
                tokens.push(self.index("phone", &suffix));
            }
        }
        tokens.sort();
        tokens.dedup();
        format!(" {} ", tokens.join(" "))
    }

    /// What to look for when someone types `text` in the people search: groups of tokens, any
    /// one of which may match; within the name group, every word must match. Each token comes
    /// under every key (see [`Keyring::lookups`]).
    pub fn search_terms(&self, text: &str) -> SearchTerms {
        let text = text.trim();
        // An e-mail address, whole or begun: found by its local part, then checked in clear
        // against what was typed (see SearchTerms::email_starts).
        let lower = text.to_lowercase();
        if let Some((local, domain)) = lower.split_once('@') {
            // A whole address is looked up by its index (one step, whatever the number of
            // people); a begun one by its local part.
            let whole = domain.contains('.') && !domain.ends_with('.') && !lower.contains(' ');
            return SearchTerms {
                email: self.lookups("email", local),
                email_exact: if whole {
                    self.lookups("email", &lower)
                } else {
                    Vec::new()
                },
                email_starts: Some(lower.clone()),
                ..SearchTerms::default()
            };
        }
        let words: Vec<Vec<String>> = name_words(text)
            .iter()
            .map(|word| {
                let prefix: String = word.chars().take(PREFIX_MAX).collect();
                self.lookups("name", &prefix)
            })
            .collect();
        let email = self.lookups("email", &text.to_lowercase());
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let digits = digits.trim_start_matches('0');
        let phone = if digits.len() >= 4 {
            self.lookups("phone", digits)
        } else {
            Vec::new()
        };
        SearchTerms {
            name_words: words,
            email,
            phone,
            email_exact: Vec::new(),
            email_starts: None,
        }
    }
}

/// See [`Keyring::search_terms`].
#[derive(Debug, Clone, Default)]
pub struct SearchTerms {
    /// Every word must match one of its tokens.
    pub name_words: Vec<Vec<String>>,
    pub email: Vec<String>,
    pub phone: Vec<String>,
    /// When a whole address was typed: its indexes, compared with the stored `email_index`.
    pub email_exact: Vec<String>,
    /// When an address was typed: the records found must have an address beginning so.
    pub email_starts: Option<String>,
}

/// The words of a name as searched: folded (case and accents ignored), split at anything that
/// is not a letter or digit.
fn name_words(name: &str) -> Vec<String> {
    fold_for_search(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyring() -> Keyring {
        Keyring::new(&Keyring::generate(), &[]).unwrap()
    }

    #[test]
    fn a_sealed_field_opens_and_says_nothing() {
        let keys = keyring();
        let sealed = keys.seal("people.name", "Amélie Dubois").unwrap();
        assert!(sealed.starts_with("enq1:"));
        assert!(!sealed.contains("Dubois"));
        assert_ne!(sealed, keys.seal("people.name", "Amélie Dubois").unwrap());
        assert_eq!(keys.open("people.name", &sealed).unwrap(), "Amélie Dubois");
        assert!(keys.is_current(&sealed));
        // Moved to another column, it does not open.
        assert!(keys.open("people.email", &sealed).is_err());
        // Altered, it does not open.
        let mut altered = sealed.clone().into_bytes();
        let last = altered.len() - 2;
        altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
        assert!(
            keys.open("people.name", std::str::from_utf8(&altered).unwrap())
                .is_err()
        );
    }

    #[test]
    fn old_keys_still_open_until_rotation() {
        let old = Keyring::generate();
        let before = Keyring::new(&old, &[]).unwrap();
        let sealed = before.seal("people.phone", "+32470112233").unwrap();
        let after = Keyring::new(&Keyring::generate(), &[old]).unwrap();
        assert!(!after.is_current(&sealed));
        assert_eq!(after.open("people.phone", &sealed).unwrap(), "+32470112233");
        // Lookups under the old key find the old index.
        let index = before.index("email", "a@b.be");
        assert!(after.lookups("email", "a@b.be").contains(&index));
        // Without the old key, the field cannot be read, and the message says what to do.
        let without = keyring();
        let e = without
            .open("people.phone", &sealed)
            .unwrap_err()
            .to_string();
        assert!(e.contains("old_encryption_keys"), "{e}");
    }

    #[test]
    fn without_a_key_fields_stay_in_clear_and_are_still_found() {
        let none = Keyring::none();
        assert_eq!(none.seal("people.name", "Jan").unwrap(), "Jan");
        assert_eq!(none.open("people.name", "Jan").unwrap(), "Jan");
        assert!(none.is_current("Jan"));
        // A keyring with a key still finds what was indexed before it was set.
        let with = keyring();
        assert!(!with.is_current("Jan"));
        assert!(
            with.lookups("email", "jan@x.be")
                .contains(&none.index("email", "jan@x.be"))
        );
    }

    #[test]
    fn bad_keys_are_refused_with_the_reason() {
        let e = Keyring::new("not base64!", &[]).unwrap_err().to_string();
        assert!(e.contains("base64"), "{e}");
        let e = Keyring::new(&STANDARD.encode([1u8; 16]), &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("16 bytes"), "{e}");
        let e = Keyring::new(&Keyring::generate(), &["x".into()])
            .unwrap_err()
            .to_string();
        assert!(e.contains("old encryption key number 1"), "{e}");
    }

    #[test]
    fn search_tokens_find_names_by_their_beginnings_mail_and_phone_endings() {
        let keys = keyring();
        let stored = keys.person_tokens(
            "Amélie Dubois-Van Damme",
            Some("Amelie.Dubois@Example.org"),
            Some("+32470112233"),
        );
        let found = |text: &str| {
            let terms = keys.search_terms(text);
            let has = |alternatives: &Vec<String>| {
                alternatives
                    .iter()
                    .any(|t| stored.contains(&format!(" {t} ")))
            };
            (!terms.name_words.is_empty() && terms.name_words.iter().all(has))
                || (has(&terms.email)
                    && terms
                        .email_starts
                        .as_ref()
                        .is_none_or(|s| "amelie.dubois@example.org".starts_with(s.as_str())))
                || has(&terms.phone)
        };
        for hit in [
            "amelie",
            "AMÉLIE",
            "dub",
            "Dubois",
            "van damme",
            "damme amélie",
            "amelie.dubois@example.org",
            "amelie.dubois@",
            "amelie.dubois",
            "0470 11 22 33",
            "2233",
        ] {
            assert!(found(hit), "{hit} should find her");
        }
        for miss in [
            "am",
            "ubois",
            "dubois peeters",
            "example.org",
            "amelie.dubois@exemple",
            "233",
            "0470 11 22 34",
        ] {
            assert!(!found(miss), "{miss} should not find her");
        }
        // Nothing of the name shows in the tokens.
        assert!(!stored.contains("dub"));
    }
}
