//! Signed tickets (issue 17, part 2). Each festival has an Ed25519 key pair of its own; a ticket
//! is a short text (shown as a QR code) carrying the festival, the ticket's id, its type and
//! its validity, signed with the festival's key, so that a gate holding the public key checks it
//! without the server. A refunded ticket is on the festival's revocation list.
//!
//! The text: `EF1.` and, in base64url without padding, 42 bytes (version 1; festival, u32;
//! ticket id, 16 bytes; ticket type, u32; valid from and until, i64 seconds; re-entry rule,
//! one byte: 0 comes and goes, 1 once, 2 once a day, 3 once then by wristband) followed by
//! their 64-byte signature.

use crate::{App, Error, Result};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use enquete_domain::Timestamp;
use enquete_domain::festival::{FestivalId, TicketTypeId};
use enquete_domain::gate::Reentry;
use enquete_store::{FestivalRecord, OrderRecord, TicketRecord, TicketTypeRecord};
use ring::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};
use std::collections::HashSet;

const PREFIX: &str = "EF1.";
const BODY: usize = 42;

/// A new key pair for a festival: (PKCS#8 private key, public key), base64.
pub fn new_keys() -> Result<(String, String)> {
    let rng = ring::rand::SystemRandom::new();
    let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng)
        .map_err(|_| Error::Internal("could not make a signing key".into()))?;
    let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref())
        .map_err(|_| Error::Internal("could not read the signing key".into()))?;
    Ok((
        STANDARD.encode(pkcs8.as_ref()),
        STANDARD.encode(pair.public_key().as_ref()),
    ))
}

/// What a valid ticket says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub festival: FestivalId,
    /// 32 hex digits.
    pub ticket: String,
    pub ticket_type: TicketTypeId,
    pub valid_from: Timestamp,
    pub valid_until: Timestamp,
    pub reentry: Reentry,
}

/// Why a gate refuses a ticket; each has words for the visitor and the steward.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a ticket of ours at all (unreadable).
    Malformed,
    /// Its signature is not the festival's: forged or altered.
    Forged,
    /// A ticket of another festival.
    OtherFestival,
    /// Not valid yet, or no longer.
    OutOfDate,
    /// Refunded.
    Revoked,
}

impl Refusal {
    pub fn as_str(self) -> &'static str {
        match self {
            Refusal::Malformed => "malformed",
            Refusal::Forged => "forged",
            Refusal::OtherFestival => "other-festival",
            Refusal::OutOfDate => "out-of-date",
            Refusal::Revoked => "revoked",
        }
    }
}

/// The signed text of a ticket.
pub fn sign(pkcs8_base64: &str, claim: &Claim) -> Result<String> {
    let pkcs8 = STANDARD
        .decode(pkcs8_base64)
        .map_err(|_| Error::Internal("festival key unreadable".into()))?;
    let pair = Ed25519KeyPair::from_pkcs8(&pkcs8)
        .map_err(|_| Error::Internal("festival key unreadable".into()))?;
    let body = encode(claim)?;
    let mut all = body.to_vec();
    all.extend_from_slice(pair.sign(&body).as_ref());
    Ok(format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(all)))
}

fn encode(c: &Claim) -> Result<[u8; BODY]> {
    let id = hex16(&c.ticket).ok_or_else(|| Error::Internal("ticket id".into()))?;
    let mut b = [0_u8; BODY];
    let festival = u32::try_from(c.festival.0).map_err(|_| Error::Internal("festival".into()))?;
    let ty = u32::try_from(c.ticket_type.0).map_err(|_| Error::Internal("type".into()))?;
    let mut parts: Vec<u8> = vec![1];
    parts.extend_from_slice(&festival.to_be_bytes());
    parts.extend_from_slice(&id);
    parts.extend_from_slice(&ty.to_be_bytes());
    parts.extend_from_slice(&c.valid_from.0.to_be_bytes());
    parts.extend_from_slice(&c.valid_until.0.to_be_bytes());
    parts.push(c.reentry.flag());
    b.copy_from_slice(&parts);
    Ok(b)
}

fn hex16(s: &str) -> Option<[u8; 16]> {
    if s.len() != 32 {
        return None;
    }
    let mut out = [0_u8; 16];
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

fn be<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at + N)?.try_into().ok()
}

/// Checks a ticket's text as a gate does, with only the festival's public key, the time and the
/// revocation list.
pub fn verify(
    text: &str,
    public_key_base64: &str,
    festival: FestivalId,
    now: Timestamp,
    revoked: &HashSet<String>,
) -> std::result::Result<Claim, Refusal> {
    let raw = text
        .trim()
        .strip_prefix(PREFIX)
        .and_then(|b| URL_SAFE_NO_PAD.decode(b).ok())
        .filter(|b| b.len() == BODY + 64)
        .ok_or(Refusal::Malformed)?;
    let (body, signature) = raw.split_at(BODY);
    if body.first() != Some(&1) {
        return Err(Refusal::Malformed);
    }
    let claimed = FestivalId(i64::from(u32::from_be_bytes(
        be::<4>(body, 1).ok_or(Refusal::Malformed)?,
    )));
    let key = STANDARD
        .decode(public_key_base64)
        .map_err(|_| Refusal::Malformed)?;
    if claimed != festival {
        return Err(Refusal::OtherFestival);
    }
    UnparsedPublicKey::new(&ED25519, &key)
        .verify(body, signature)
        .map_err(|_| Refusal::Forged)?;
    let id: String = body
        .get(5..21)
        .ok_or(Refusal::Malformed)?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let claim = Claim {
        festival: claimed,
        ticket: id,
        ticket_type: TicketTypeId(i64::from(u32::from_be_bytes(
            be::<4>(body, 21).ok_or(Refusal::Malformed)?,
        ))),
        valid_from: Timestamp(i64::from_be_bytes(
            be::<8>(body, 25).ok_or(Refusal::Malformed)?,
        )),
        valid_until: Timestamp(i64::from_be_bytes(
            be::<8>(body, 33).ok_or(Refusal::Malformed)?,
        )),
        reentry: body
            .get(41)
            .and_then(|f| Reentry::from_flag(*f))
            .ok_or(Refusal::Malformed)?,
    };
    if now < claim.valid_from || now > claim.valid_until {
        return Err(Refusal::OutOfDate);
    }
    if revoked.contains(&claim.ticket) {
        return Err(Refusal::Revoked);
    }
    Ok(claim)
}

/// What a ticket claims: valid over the festival's days (from the first day's start to the end
/// of the last), or on its type's one day for a day ticket, entering again as its type says.
pub fn claim_of(f: &FestivalRecord, t: &TicketRecord, ty: Option<&TicketTypeRecord>) -> Claim {
    let (from, until) = match ty.and_then(|ty| ty.draft.valid_on) {
        Some(day) => (day, Timestamp(day.0 + 86_399)),
        None => (f.starts_on, Timestamp(f.ends_on.0 + 86_399)),
    };
    Claim {
        festival: f.id,
        ticket: t.id.clone(),
        ticket_type: t.ticket_type,
        valid_from: from,
        valid_until: until,
        reentry: ty.map_or(Reentry::Once, |ty| ty.draft.reentry),
    }
}

/// The buyer's ticket page (by the secret in their link): the festival, the order and, once it
/// is paid, each ticket with its signed text and type.
pub async fn of_order(
    app: &App,
    token: &str,
) -> Result<(
    FestivalRecord,
    OrderRecord,
    Vec<(TicketRecord, String, TicketTypeId)>,
)> {
    if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::NotFound("order"));
    }
    let order = app.store.order_by_token(token).await?;
    let festival = app.store.festival(order.festival).await?;
    let types = app.store.ticket_types(festival.id).await?;
    let key = app.store.festival_signing_key(festival.id).await?;
    let mut out = Vec::new();
    for t in app.store.tickets_of(order.id).await? {
        if t.revoked_at.is_some() {
            continue;
        }
        let ty = types.iter().find(|x| x.id == t.ticket_type);
        let text = sign(&key, &claim_of(&festival, &t, ty))?;
        let ticket_type = t.ticket_type;
        out.push((t, text, ticket_type));
    }
    Ok((festival, order, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim() -> Claim {
        Claim {
            festival: FestivalId(3),
            ticket: "0123456789abcdef0123456789abcdef".into(),
            ticket_type: TicketTypeId(7),
            valid_from: Timestamp(1_000),
            valid_until: Timestamp(2_000),
            reentry: Reentry::Once,
        }
    }

    #[test]
    fn a_gate_checks_a_ticket_with_the_public_key_alone() {
        let (private, public) = new_keys().unwrap();
        let text = sign(&private, &claim()).unwrap();
        assert!(text.starts_with("EF1.") && text.len() < 160, "{text}");
        let none = HashSet::new();
        assert_eq!(
            verify(&text, &public, FestivalId(3), Timestamp(1_500), &none),
            Ok(claim())
        );
        // Deterministic: the same ticket, the same QR code.
        assert_eq!(sign(&private, &claim()).unwrap(), text);
        // Forged: one character changed, or signed with another festival's key.
        let mut bytes = text.clone().into_bytes();
        let i = 20;
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let altered = String::from_utf8(bytes).unwrap();
        assert_eq!(
            verify(&altered, &public, FestivalId(3), Timestamp(1_500), &none),
            Err(Refusal::Forged)
        );
        let (other_private, _) = new_keys().unwrap();
        let forged = sign(&other_private, &claim()).unwrap();
        assert_eq!(
            verify(&forged, &public, FestivalId(3), Timestamp(1_500), &none),
            Err(Refusal::Forged)
        );
        // Another festival's ticket, out of date, refunded, unreadable.
        assert_eq!(
            verify(&text, &public, FestivalId(4), Timestamp(1_500), &none),
            Err(Refusal::OtherFestival)
        );
        assert_eq!(
            verify(&text, &public, FestivalId(3), Timestamp(2_001), &none),
            Err(Refusal::OutOfDate)
        );
        let revoked: HashSet<String> = [claim().ticket].into_iter().collect();
        assert_eq!(
            verify(&text, &public, FestivalId(3), Timestamp(1_500), &revoked),
            Err(Refusal::Revoked)
        );
        for junk in ["", "EF1.", "EF1.!!!", "hello", &text[..text.len() - 4]] {
            assert_eq!(
                verify(junk, &public, FestivalId(3), Timestamp(1_500), &none),
                Err(Refusal::Malformed),
                "{junk}"
            );
        }
    }
}
