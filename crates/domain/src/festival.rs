//! The festival's tickets and orders: ticket types with prices, quotas and sale periods; orders
//! paid by bank transfer with a Belgian structured communication (`+++123/4567/89012+++`, the
//! last two digits the first ten modulo 97) or at a desk; and the lines of a bank statement
//! they are matched with.

use crate::survey::Labels;
use crate::training::parse_code;
use crate::{FieldError, Timestamp, clean_text};
use serde::{Deserialize, Serialize};

id_type!(FestivalId, "a festival");
id_type!(TicketTypeId, "a ticket type of a festival");
id_type!(OrderId, "an order of festival tickets");

/// What a ticket type is, for the dashboard and the rules at the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    Day,
    Weekend,
    Solidarity,
    Reduced,
    Child,
    Volunteer,
    Guest,
}

impl TicketKind {
    pub const ALL: [TicketKind; 7] = [
        TicketKind::Day,
        TicketKind::Weekend,
        TicketKind::Solidarity,
        TicketKind::Reduced,
        TicketKind::Child,
        TicketKind::Volunteer,
        TicketKind::Guest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketKind::Day => "day",
            TicketKind::Weekend => "weekend",
            TicketKind::Solidarity => "solidarity",
            TicketKind::Reduced => "reduced",
            TicketKind::Child => "child",
            TicketKind::Volunteer => "volunteer",
            TicketKind::Guest => "guest",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("kind", "error-ticket-kind"))
    }

    /// Volunteers' and guests' tickets are handed out by the team, never sold on the order
    /// page.
    pub fn on_sale(self) -> bool {
        !matches!(self, TicketKind::Volunteer | TicketKind::Guest)
    }
}

/// An amount of money in cents, read as people write euros: `12`, `12.50`, `12,50`, `€ 12,5`.
pub fn parse_euros(field: &'static str, raw: &str) -> Result<i64, FieldError> {
    let bad = || FieldError::new(field, "error-amount");
    let text: String = raw
        .trim()
        .trim_start_matches('€')
        .trim_end_matches('€')
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if text.is_empty() {
        return Err(bad());
    }
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, text.strip_prefix('+').unwrap_or(&text).to_owned()),
    };
    // The last '.' or ',' followed by one or two digits is the decimal mark; any other is a
    // thousands separator.
    let mark = text
        .rfind(['.', ','])
        .filter(|i| (1..=2).contains(&(text.len() - i - 1)));
    let (whole, frac) = match mark {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text.as_str(), ""),
    };
    let whole: String = whole.chars().filter(|c| *c != '.' && *c != ',').collect();
    if whole.is_empty() && frac.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || whole.len() > 9
    {
        return Err(bad());
    }
    let euros: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().map_err(|_| bad())? * 10,
        _ => frac.parse().map_err(|_| bad())?,
    };
    let total = euros * 100 + cents;
    Ok(if negative { -total } else { total })
}

/// Cents written as euros with two decimals and the language's decimal mark.
pub fn euros(cents: i64, comma: bool) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    let text = format!("{sign}{}.{:02}", c / 100, c % 100);
    if comma { text.replace('.', ",") } else { text }
}

/// A Belgian structured communication: ten digits and their check digits (the ten modulo 97,
/// 97 when that is 0), written `+++123/4567/89012+++`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StructuredComm(pub u64);

impl StructuredComm {
    /// The communication for a number (its last ten digits).
    pub fn for_number(n: u64) -> Self {
        let base = n % 10_000_000_000;
        let check = match base % 97 {
            0 => 97,
            r => r,
        };
        Self(base * 100 + check)
    }

    /// The twelve digits.
    pub fn digits(self) -> String {
        format!("{:012}", self.0)
    }

    /// Reads a communication as banks and people write it: `+++123/4567/89012+++`,
    /// `***123/4567/89012***`, or the twelve digits with spaces, dots or slashes. `None` when it
    /// is not one, or its check digits are wrong.
    pub fn parse(raw: &str) -> Option<Self> {
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        let rest: String = raw
            .chars()
            .filter(|c| !c.is_ascii_digit() && !"+*/ .-".contains(*c))
            .collect();
        if digits.len() != 12 || !rest.is_empty() {
            return None;
        }
        let n: u64 = digits.parse().ok()?;
        let found = Self(n);
        (Self::for_number(n / 100) == found).then_some(found)
    }
}

impl std::fmt::Display for StructuredComm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.digits();
        write!(f, "+++{}/{}/{}+++", &d[..3], &d[3..7], &d[7..])
    }
}

/// A ticket type as typed by the festival team.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketTypeDraft {
    pub code: String,
    pub name: Labels,
    pub kind: TicketKind,
    pub price_cents: i64,
    pub quota: u32,
    pub sale_from: Timestamp,
    pub sale_until: Timestamp,
    /// Whether and how its tickets enter again (by default, as the kind does).
    pub reentry: crate::gate::Reentry,
    /// The one day its tickets are valid (a day ticket); none: the whole festival.
    pub valid_on: Option<Timestamp>,
}

impl TicketTypeDraft {
    /// `names`: (language, name) pairs, at least one.
    pub fn parse(
        code: &str,
        names: &[(&str, &str)],
        kind: &str,
        price: &str,
        quota: &str,
        sale_from: &str,
        sale_until: &str,
    ) -> Result<Self, FieldError> {
        let code = parse_code("code", code)?;
        let mut name = Labels::default();
        for (lang, text) in names {
            let field = match *lang {
                "nl" => "name_nl",
                "fr" => "name_fr",
                "de" => "name_de",
                _ => "name_en",
            };
            let text = clean_text(field, text, 0, 80)?;
            if !text.is_empty() {
                name.0.insert((*lang).to_owned(), text);
            }
        }
        if name.0.is_empty() {
            return Err(FieldError::new("name_en", "error-required"));
        }
        let kind = TicketKind::parse(kind)?;
        let price_cents = parse_euros("price", price)?;
        if !(0..=100_000).contains(&price_cents) {
            return Err(FieldError::new("price", "error-amount"));
        }
        let quota: u32 = quota
            .trim()
            .parse()
            .ok()
            .filter(|q| (1..=200_000).contains(q))
            .ok_or_else(|| FieldError::new("quota", "error-quota"))?;
        let sale_from = crate::dates::parse_date("sale_from", sale_from)?;
        let sale_until = crate::dates::parse_date("sale_until", sale_until)?;
        if sale_until < sale_from {
            return Err(FieldError::new("sale_until", "error-sale-period"));
        }
        Ok(Self {
            code,
            name,
            kind,
            price_cents,
            // The last day of sale counts whole.
            quota,
            sale_from,
            sale_until: Timestamp(sale_until.0 + 86_399),
            reentry: crate::gate::Reentry::default_for(kind),
            valid_on: None,
        })
    }

    /// The day chosen on the form for a day ticket; empty: the whole festival.
    pub fn with_valid_on(mut self, day: &str) -> Result<Self, FieldError> {
        if !day.trim().is_empty() {
            self.valid_on = Some(crate::dates::parse_date("valid_on", day)?);
        }
        Ok(self)
    }

    /// The re-entry rule chosen on the form; empty keeps the kind's own.
    pub fn with_reentry(mut self, reentry: &str) -> Result<Self, FieldError> {
        if !reentry.trim().is_empty() {
            self.reentry = crate::gate::Reentry::parse(reentry)?;
        }
        Ok(self)
    }
}

/// What a buyer asks for on the order page.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderDraft {
    pub name: String,
    pub email: crate::people::Email,
    pub postcode: String,
    /// (ticket type, how many), at least one ticket.
    pub lines: Vec<(TicketTypeId, u32)>,
    /// Whether the buyer agreed to be contacted by the movement (asked, never assumed).
    pub contact: bool,
}

impl OrderDraft {
    pub fn parse(
        name: &str,
        email: &str,
        postcode: &str,
        lines: &[(TicketTypeId, &str)],
        contact: bool,
    ) -> Result<Self, FieldError> {
        let name = clean_text("name", name, 1, 200)?;
        let email = crate::people::Email::parse(email)?;
        let postcode = postcode.trim().to_owned();
        if !(postcode.len() >= 4
            && postcode.len() <= 10
            && postcode
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-'))
        {
            return Err(FieldError::new("postcode", "error-postcode"));
        }
        let mut parsed = Vec::new();
        for (ty, raw) in lines {
            let raw = raw.trim();
            if raw.is_empty() || raw == "0" {
                continue;
            }
            let n: u32 = raw
                .parse()
                .ok()
                .filter(|n| (1..=20).contains(n))
                .ok_or_else(|| FieldError::new("tickets", "error-ticket-count"))?;
            parsed.push((*ty, n));
        }
        if parsed.is_empty() {
            return Err(FieldError::new("tickets", "error-no-tickets"));
        }
        Ok(Self {
            name,
            email,
            postcode,
            lines: parsed,
            contact,
        })
    }
}

/// Where an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Waiting for the transfer.
    Pending,
    Paid,
    /// Cancelled before payment: its tickets go back on sale.
    Cancelled,
    /// Paid, then refunded: its tickets go back on sale and are refused at the gate.
    Refunded,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Paid => "paid",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Refunded => "refunded",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            OrderStatus::Pending,
            OrderStatus::Paid,
            OrderStatus::Cancelled,
            OrderStatus::Refunded,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structured_communications_carry_their_check_digits() {
        // 123/4567/890 modulo 97 = 2 (1234567890 = 97 × 12727504 + 2).
        let c = StructuredComm::for_number(1_234_567_890);
        assert_eq!(c.to_string(), "+++123/4567/89002+++");
        assert_eq!(StructuredComm::parse("+++123/4567/89002+++"), Some(c));
        assert_eq!(StructuredComm::parse("***123/4567/89002***"), Some(c));
        assert_eq!(StructuredComm::parse("123 4567 89002"), Some(c));
        assert_eq!(StructuredComm::parse("123456789002"), Some(c));
        // A wrong check digit, too few digits, words around: no.
        assert_eq!(StructuredComm::parse("+++123/4567/89003+++"), None);
        assert_eq!(StructuredComm::parse("+++123/4567/8900+++"), None);
        assert_eq!(StructuredComm::parse("order 123456789002"), None);
        // A multiple of 97 gets 97, never 00.
        let m = StructuredComm::for_number(97 * 1000);
        assert!(m.digits().ends_with("97"), "{m}");
        assert_eq!(StructuredComm::parse(&m.to_string()), Some(m));
        for n in [1_u64, 42, 9_999_999_999] {
            let c = StructuredComm::for_number(n);
            assert_eq!(StructuredComm::parse(&c.to_string()), Some(c), "{n}");
        }
    }

    #[test]
    fn amounts_are_read_as_people_write_euros() {
        assert_eq!(parse_euros("price", "12").unwrap(), 1200);
        assert_eq!(parse_euros("price", "12,50").unwrap(), 1250);
        assert_eq!(parse_euros("price", "12.5").unwrap(), 1250);
        assert_eq!(parse_euros("price", "€ 1.234,56").unwrap(), 123_456);
        assert_eq!(parse_euros("price", "1,234.56").unwrap(), 123_456);
        assert_eq!(parse_euros("price", "-35,00").unwrap(), -3500);
        assert_eq!(parse_euros("price", "+35").unwrap(), 3500);
        for bad in ["", "twelve", "12,345,6x", "1e3"] {
            assert_eq!(
                parse_euros("price", bad).unwrap_err().field,
                "price",
                "{bad}"
            );
        }
        assert_eq!(euros(123_456, true), "1234,56");
        assert_eq!(euros(-5, false), "-0.05");
    }

    #[test]
    fn ticket_types_and_orders_are_checked_by_field() {
        let t = TicketTypeDraft::parse(
            "weekend",
            &[("en", "Weekend"), ("nl", "Weekend")],
            "weekend",
            "45",
            "8000",
            "2026-05-01",
            "2026-09-04",
        )
        .unwrap();
        assert_eq!((t.price_cents, t.quota), (4500, 8000));
        let field = |r: Result<TicketTypeDraft, FieldError>| r.unwrap_err().field;
        let p = |code, kind, price, quota, from, until| {
            TicketTypeDraft::parse(code, &[("en", "X")], kind, price, quota, from, until)
        };
        assert_eq!(
            field(p("W", "day", "1", "1", "2026-01-01", "2026-01-02")),
            "code"
        );
        assert_eq!(
            field(p("w1", "vip", "1", "1", "2026-01-01", "2026-01-02")),
            "kind"
        );
        assert_eq!(
            field(p("w1", "day", "x", "1", "2026-01-01", "2026-01-02")),
            "price"
        );
        assert_eq!(
            field(p("w1", "day", "1", "0", "2026-01-01", "2026-01-02")),
            "quota"
        );
        assert_eq!(
            field(p("w1", "day", "1", "1", "2026-02-01", "2026-01-02")),
            "sale_until"
        );
        let o = OrderDraft::parse(
            "Ana",
            "ana@example.org",
            "9000",
            &[(TicketTypeId(1), "2"), (TicketTypeId(2), "")],
            false,
        )
        .unwrap();
        assert_eq!(o.lines, vec![(TicketTypeId(1), 2)]);
        let of = |name, email, post, n: &str| {
            OrderDraft::parse(name, email, post, &[(TicketTypeId(1), n)], true)
                .unwrap_err()
                .field
        };
        assert_eq!(of("", "a@b.be", "9000", "1"), "name");
        assert_eq!(of("A", "a-at-b", "9000", "1"), "email");
        assert_eq!(of("A", "a@b.be", "9", "1"), "postcode");
        assert_eq!(of("A", "a@b.be", "9000", "21"), "tickets");
        assert_eq!(of("A", "a@b.be", "9000", "0"), "tickets");
    }
}
