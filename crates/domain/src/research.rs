//! Complicity research (issue 16, part 4): what companies make, own, supply, carry and finance,
//! and which shipments pass through the sites where the organization's members work. Every
//! fact carries its evidence (where it comes from, of when, how reliable) and goes through a
//! second researcher's review before a national admin may publish it; until then it stays
//! internal. The drafts here check what researchers type or import; who may do what is in
//! `policy` (researchers add and review, national admins publish).

use crate::dates::parse_date;
use crate::{FieldError, Timestamp, clean_text};

/// What a fact is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FactKind {
    Company,
    Link,
    Site,
    Item,
    Shipment,
}

impl FactKind {
    pub const ALL: [FactKind; 5] = [
        FactKind::Company,
        FactKind::Link,
        FactKind::Site,
        FactKind::Item,
        FactKind::Shipment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::Company => "company",
            FactKind::Link => "link",
            FactKind::Site => "site",
            FactKind::Item => "item",
            FactKind::Shipment => "shipment",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident, $field:literal, $error:literal, [$($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)?]) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Reads the word as stored or typed (any case, `-` for `_`); refused on the field.
            pub fn parse(raw: &str) -> Result<Self, FieldError> {
                let wanted = raw.trim().to_lowercase().replace('-', "_");
                Self::ALL
                    .iter()
                    .copied()
                    .find(|k| k.as_str() == wanted)
                    .ok_or_else(|| FieldError::new($field, $error))
            }
        }
    };
}

word_enum!(
    /// Where a fact comes from.
    SourceKind,
    "source_kind",
    "error-source-kind",
    [
        Document = "document",
        Link = "link",
        Registry = "registry",
        Photo = "photo",
    ]
);

word_enum!(
    /// How far a fact can be trusted, as its researcher grades it.
    Reliability,
    "reliability",
    "error-reliability",
    [
        /// Several independent sources, or an official record.
        Confirmed = "confirmed",
        /// One good source.
        Probable = "probable",
        /// One source that could not be checked.
        Possible = "possible",
        /// Hearsay, kept to be checked.
        Doubtful = "doubtful",
    ]
);

word_enum!(
    /// How one company is tied to another: `from` owns, supplies, transports for or finances `to`.
    LinkKind,
    "kind",
    "error-link-kind",
    [
        Owns = "owns",
        Supplies = "supplies",
        TransportsFor = "transports_for",
        Finances = "finances",
    ]
);

word_enum!(
    /// What a site is.
    SiteKind,
    "kind",
    "error-site-kind",
    [
        Port = "port",
        Airport = "airport",
        Factory = "factory",
        Warehouse = "warehouse",
        Office = "office",
        Other = "other",
    ]
);

word_enum!(
    /// A company's product or contract.
    ItemKind,
    "kind",
    "error-item-kind",
    [Product = "product", Contract = "contract"]
);

/// Where a fact comes from, of when, and how reliable it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub source_kind: SourceKind,
    /// The document's title, the link, the registry extract's reference, the photo's caption.
    pub source: String,
    /// The date of the source (not the day it was added).
    pub date: Timestamp,
    pub reliability: Reliability,
}

impl Evidence {
    pub fn parse(
        source_kind: &str,
        source: &str,
        date: &str,
        reliability: &str,
    ) -> Result<Self, FieldError> {
        let source_kind = SourceKind::parse(source_kind)?;
        let source = clean_text("source", source, 1, 500)?;
        if source_kind == SourceKind::Link
            && !(source.starts_with("https://") || source.starts_with("http://"))
        {
            return Err(FieldError::new("source", "error-source-link"));
        }
        Ok(Self {
            source_kind,
            source,
            date: parse_date("source_date", date)?,
            reliability: Reliability::parse(reliability)?,
        })
    }
}

/// A company as researchers write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyDraft {
    pub name: String,
    /// ISO 3166 alpha-2 code, upper case; empty when unknown.
    pub country: String,
    pub registry_number: String,
}

/// A country code: two letters, or empty.
fn country(raw: &str) -> Result<String, FieldError> {
    let c = raw.trim().to_uppercase();
    if c.is_empty() || (c.len() == 2 && c.chars().all(|c| c.is_ascii_uppercase())) {
        Ok(c)
    } else {
        Err(FieldError::new("country", "error-country-code"))
    }
}

impl CompanyDraft {
    pub fn parse(name: &str, country_code: &str, registry: &str) -> Result<Self, FieldError> {
        Ok(Self {
            name: clean_text("name", name, 1, 200)?,
            country: country(country_code)?,
            registry_number: clean_text("registry_number", registry, 0, 60)?,
        })
    }
}

/// A link between two companies (by id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkDraft {
    pub from: i64,
    pub to: i64,
    pub kind: LinkKind,
    /// For ownership: the share held, in whole percent, where known.
    pub share: Option<u8>,
}

/// A share in percent: empty, or 0 to 100 (a `%` allowed).
pub fn share(raw: &str) -> Result<Option<u8>, FieldError> {
    let raw = raw.trim().trim_end_matches('%').trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let value: f64 = raw
        .replace(',', ".")
        .parse()
        .map_err(|_| FieldError::new("share", "error-share"))?;
    if !(0.0..=100.0).contains(&value) {
        return Err(FieldError::new("share", "error-share"));
    }
    // Within 0..=100, so the rounded value fits.
    Ok(Some(value.round() as u8))
}

impl LinkDraft {
    pub fn new(from: i64, to: i64, kind: &str, share_raw: &str) -> Result<Self, FieldError> {
        if from == to {
            return Err(FieldError::new("to", "error-link-self"));
        }
        let kind = LinkKind::parse(kind)?;
        let share = share(share_raw)?;
        if share.is_some() && kind != LinkKind::Owns {
            return Err(FieldError::new("share", "error-share-owns"));
        }
        Ok(Self {
            from,
            to,
            kind,
            share,
        })
    }
}

/// A company's site: a port terminal, an airport's cargo hall, a factory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteDraft {
    pub company: i64,
    pub name: String,
    pub kind: SiteKind,
    /// Town and address, as known.
    pub place: String,
    pub country: String,
}

impl SiteDraft {
    pub fn parse(
        company: i64,
        name: &str,
        kind: &str,
        place: &str,
        country_code: &str,
    ) -> Result<Self, FieldError> {
        Ok(Self {
            company,
            name: clean_text("name", name, 1, 200)?,
            kind: SiteKind::parse(kind)?,
            place: clean_text("place", place, 0, 300)?,
            country: country(country_code)?,
        })
    }
}

/// A company's product or contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDraft {
    pub company: i64,
    pub kind: ItemKind,
    pub description: String,
    /// For a contract: with whom.
    pub counterparty: String,
}

impl ItemDraft {
    pub fn parse(
        company: i64,
        kind: &str,
        description: &str,
        counterparty: &str,
    ) -> Result<Self, FieldError> {
        Ok(Self {
            company,
            kind: ItemKind::parse(kind)?,
            description: clean_text("description", description, 1, 500)?,
            counterparty: clean_text("counterparty", counterparty, 0, 200)?,
        })
    }
}

/// A shipment: of a company's goods, expected at a site (a port, an airport).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentDraft {
    pub company: i64,
    pub site: i64,
    pub carrier: String,
    /// The vessel's name or the flight number.
    pub vessel: String,
    pub departs_on: Option<Timestamp>,
    pub arrives_on: Timestamp,
    /// The cargo as declared.
    pub cargo: String,
    pub destination: String,
    /// Whether the organization is concerned by it (arms, parts for them): the sections
    /// working on the site are warned.
    pub concern: bool,
}

/// The text fields of a shipment, as typed.
#[derive(Debug, Clone, Default)]
pub struct ShipmentInput<'a> {
    pub carrier: &'a str,
    pub vessel: &'a str,
    pub departs_on: &'a str,
    pub arrives_on: &'a str,
    pub cargo: &'a str,
    pub destination: &'a str,
    pub concern: bool,
}

impl ShipmentDraft {
    pub fn parse(company: i64, site: i64, input: &ShipmentInput<'_>) -> Result<Self, FieldError> {
        let departs_on = if input.departs_on.trim().is_empty() {
            None
        } else {
            Some(parse_date("departs_on", input.departs_on)?)
        };
        let arrives_on = parse_date("arrives_on", input.arrives_on)?;
        if departs_on.is_some_and(|d| d.0 > arrives_on.0) {
            return Err(FieldError::new("arrives_on", "error-arrives-before"));
        }
        Ok(Self {
            company,
            site,
            carrier: clean_text("carrier", input.carrier, 0, 200)?,
            vessel: clean_text("vessel", input.vessel, 0, 120)?,
            departs_on,
            arrives_on,
            cargo: clean_text("cargo", input.cargo, 1, 500)?,
            destination: clean_text("destination", input.destination, 0, 200)?,
            concern: input.concern,
        })
    }
}

/// One row of an imported file, with names where the facts are stored with ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportRow {
    /// A company, and its parent (by name) with the share held.
    Company {
        draft: CompanyDraft,
        parent: Option<(String, Option<u8>)>,
    },
    Link {
        from: String,
        to: String,
        kind: LinkKind,
        share: Option<u8>,
    },
    /// A shipment of `company`'s goods expected at the site named `site`; the draft's ids are
    /// filled in here.
    Shipment {
        company: String,
        site: String,
        draft: ShipmentDraft,
    },
}

/// A company's or a site's name as it is referred to (in a form, a cell of a file).
pub fn name_of(field: &'static str, raw: &str) -> Result<String, FieldError> {
    clean_text(field, raw, 1, 200)
}

/// The words of a folded name, for searching by the start of any of them: letters and digits
/// only, at least two characters, each once.
pub fn name_words(folded: &str) -> Vec<String> {
    let mut words: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_owned)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Reads a yes/no cell or field: yes, true, 1, x, ja, oui (any case); empty is no.
pub fn yes(raw: &str) -> Result<bool, FieldError> {
    match raw.trim().to_lowercase().as_str() {
        "" | "no" | "false" | "0" | "nee" | "non" | "nein" => Ok(false),
        "yes" | "true" | "1" | "x" | "ja" | "oui" | "on" => Ok(true),
        _ => Err(FieldError::new("concern", "error-yes-no")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_is_checked_field_by_field() {
        let e = Evidence::parse("registry", "KvK extract 2026", "2026-03-01", "confirmed").unwrap();
        assert_eq!(e.reliability, Reliability::Confirmed);
        assert_eq!(
            Evidence::parse("rumour", "x", "2026-03-01", "confirmed")
                .unwrap_err()
                .field,
            "source_kind"
        );
        assert_eq!(
            Evidence::parse("link", "not a link", "2026-03-01", "probable")
                .unwrap_err()
                .field,
            "source"
        );
        assert_eq!(
            Evidence::parse("photo", "Quay 4", "yesterday", "probable")
                .unwrap_err()
                .field,
            "source_date"
        );
        assert_eq!(
            Evidence::parse("photo", "Quay 4", "2026-03-01", "sure")
                .unwrap_err()
                .field,
            "reliability"
        );
    }

    #[test]
    fn companies_links_and_shares() {
        assert_eq!(CompanyDraft::parse("Acme", "nl", "").unwrap().country, "NL");
        assert_eq!(
            CompanyDraft::parse("Acme", "Netherlands", "")
                .unwrap_err()
                .field,
            "country"
        );
        assert_eq!(share("51%").unwrap(), Some(51));
        assert_eq!(share("12,6").unwrap(), Some(13));
        assert_eq!(share("101").unwrap_err().field, "share");
        assert_eq!(LinkDraft::new(1, 1, "owns", "").unwrap_err().field, "to");
        assert_eq!(
            LinkDraft::new(1, 2, "supplies", "40").unwrap_err().field,
            "share"
        );
        assert_eq!(
            LinkDraft::new(1, 2, "transports-for", "").unwrap().kind,
            LinkKind::TransportsFor
        );
    }

    #[test]
    fn shipments_arrive_after_they_leave() {
        let input = ShipmentInput {
            departs_on: "2026-12-05",
            arrives_on: "2026-12-01",
            cargo: "Parts",
            ..Default::default()
        };
        assert_eq!(
            ShipmentDraft::parse(1, 2, &input).unwrap_err().field,
            "arrives_on"
        );
        let input = ShipmentInput {
            arrives_on: "2026-12-01",
            ..Default::default()
        };
        assert_eq!(
            ShipmentDraft::parse(1, 2, &input).unwrap_err().field,
            "cargo"
        );
    }

    #[test]
    fn names_are_searched_by_their_words() {
        assert_eq!(
            name_words("nordic arms & co. b.v."),
            vec!["arms", "co", "nordic"]
        );
    }
}
