//! The demo's festival: ManiFiesta, two months from now, with its ticket types and orders
//! placed over the last three months (half of them through a section's link), most paid by a
//! transfer found in the bank statement imported at the end, some at the desk, a few
//! cancelled, and one statement line without an order.

use crate::{App, Result};
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::festival::{OrderDraft, TicketTypeDraft, TicketTypeId};
use enquete_domain::org::Unit;
use enquete_domain::people::Language;
use enquete_store::{AuditEvent, DAY, StatementLine};

const FIRST: [&str; 12] = [
    "An", "Bram", "Chloé", "Dries", "Eline", "Farid", "Greet", "Hamza", "Ines", "Jonas", "Karima",
    "Luc",
];
const LAST: [&str; 10] = [
    "Peeters",
    "Janssens",
    "Dubois",
    "El Idrissi",
    "Maes",
    "Lambert",
    "Willems",
    "Yilmaz",
    "Dupont",
    "Claes",
];

fn audit(at: Timestamp, action: AuditAction) -> AuditEvent {
    AuditEvent {
        at,
        user: None,
        action,
        person: None,
        detail: "demo".into(),
        ip: "demo".into(),
    }
}

/// Loads the festival with `orders` orders (a few thousand in the national demo).
pub async fn load(app: &App, nation: &Unit, orders: usize, now: Timestamp) -> Result<()> {
    let store = &app.store;
    if !store.festivals().await?.is_empty() {
        return Ok(());
    }
    let starts = Timestamp(now.0 + 60 * DAY);
    let (signing_key, public_key) = crate::tickets::new_keys()?;
    let festival = store
        .create_festival(
            &enquete_store::NewFestival {
                unit: nation.id,
                name: "ManiFiesta".into(),
                starts_on: starts,
                ends_on: Timestamp(starts.0 + DAY),
                iban: "BE68539007547034".into(),
                signing_key,
                public_key,
            },
            now,
            audit(now, AuditAction::Festival),
        )
        .await?;
    let sale_from = Timestamp(now.0 - 95 * DAY).date();
    let sale_until = starts.date();
    let plan: [(&str, [&str; 4], &str, &str, &str); 8] = [
        (
            "saturday",
            ["Zaterdag", "Samedi", "Samstag", "Saturday"],
            "day",
            "25",
            "6000",
        ),
        (
            "sunday",
            ["Zondag", "Dimanche", "Sonntag", "Sunday"],
            "day",
            "25",
            "6000",
        ),
        (
            "weekend",
            ["Weekend", "Week-end", "Wochenende", "Weekend"],
            "weekend",
            "45",
            "8000",
        ),
        (
            "solidarity",
            [
                "Solidariteitsticket",
                "Ticket solidaire",
                "Solidaritätsticket",
                "Solidarity ticket",
            ],
            "solidarity",
            "60",
            "1000",
        ),
        (
            "reduced",
            [
                "Verminderd tarief",
                "Tarif réduit",
                "Ermäßigt",
                "Reduced price",
            ],
            "reduced",
            "15",
            "2000",
        ),
        (
            "child",
            [
                "Kind (gratis)",
                "Enfant (gratuit)",
                "Kind (gratis)",
                "Child (free)",
            ],
            "child",
            "0",
            "3000",
        ),
        (
            "volunteer",
            ["Vrijwilliger", "Bénévole", "Freiwillige", "Volunteer"],
            "volunteer",
            "0",
            "1500",
        ),
        (
            "guest",
            ["Gast", "Invité", "Gast", "Guest"],
            "guest",
            "0",
            "300",
        ),
    ];
    let mut types: Vec<TicketTypeId> = Vec::new();
    for (code, names, kind, price, quota) in plan {
        let pairs: Vec<(&str, &str)> = ["nl", "fr", "de", "en"].into_iter().zip(names).collect();
        // Saturday's and Sunday's tickets are valid on their own day.
        let day = match code {
            "saturday" => starts.date(),
            "sunday" => Timestamp(starts.0 + DAY).date(),
            _ => String::new(),
        };
        let draft =
            TicketTypeDraft::parse(code, &pairs, kind, price, quota, &sale_from, &sale_until)?
                .with_valid_on(&day)?;
        types.push(
            store
                .create_ticket_type(festival, &draft, now, audit(now, AuditAction::Festival))
                .await?,
        );
    }
    let sections: Vec<Unit> = store
        .subtree(&nation.path, false)
        .await?
        .into_iter()
        .filter(|u| u.kind.is_section())
        .collect();
    // Each section covers a postcode of its own, where buyers who agree to be contacted belong.
    let codes: Vec<String> = (0..sections.len())
        .map(|i| (1000 + i * 7).to_string())
        .collect();
    for (s, code) in sections.iter().zip(&codes) {
        store
            .set_postcodes(
                s.id,
                std::slice::from_ref(code),
                audit(now, AuditAction::SectionPostcodes),
            )
            .await?;
    }
    let mut rng = fastrand::Rng::with_seed(17);
    let mut statement = Vec::new();
    let langs = [Language::Nl, Language::Fr, Language::De, Language::En];
    for i in 0..orders {
        let at = Timestamp(now.0 - rng.i64(0..90 * DAY));
        let first = FIRST.get(rng.usize(..FIRST.len())).copied().unwrap_or("An");
        let last = LAST
            .get(rng.usize(..LAST.len()))
            .copied()
            .unwrap_or("Peeters");
        // Mostly weekend and day tickets, some with children, a few solidarity and reduced.
        let mut lines: Vec<(TicketTypeId, String)> = Vec::new();
        let main = match rng.u8(..10) {
            0..=4 => 2,
            5 | 6 => rng.usize(0..2),
            7 => 3,
            _ => 4,
        };
        if let Some(t) = types.get(main) {
            lines.push((*t, rng.u8(1..4).to_string()));
        }
        if let Some(child) = types.get(5)
            && rng.u8(..4) == 0
        {
            lines.push((*child, rng.u8(1..3).to_string()));
        }
        let refs: Vec<(TicketTypeId, &str)> = lines.iter().map(|(t, n)| (*t, n.as_str())).collect();
        let draft = OrderDraft::parse(
            &format!("{first} {last}"),
            &format!(
                "{}.{}.{i}@example.org",
                first.to_lowercase(),
                last.to_lowercase().replace(' ', "")
            ),
            &if rng.u8(..10) < 8 && !codes.is_empty() {
                codes
                    .get(rng.usize(..codes.len()))
                    .cloned()
                    .unwrap_or_default()
            } else {
                format!("{}", 1000 + rng.u32(..8900))
            },
            &refs,
            rng.u8(..3) == 0,
        )?;
        let section = if rng.bool() {
            sections
                .get(rng.usize(..sections.len().max(1)))
                .map(|u| u.id)
        } else {
            None
        };
        let order = store
            .place_order(
                festival,
                &draft,
                langs.get(rng.usize(..4)).copied().unwrap_or(Language::Nl),
                section,
                at,
                audit(at, AuditAction::FestivalOrder),
                true,
                None,
            )
            .await?;
        if order.total_cents == 0 {
            continue;
        }
        match rng.u8(..20) {
            0..=14 => statement.push(StatementLine {
                fingerprint: format!("demo-{i}"),
                booked_on: Timestamp(at.0 + 2 * DAY).date(),
                amount_cents: order.total_cents,
                communication: order.reference.to_string(),
                counterparty: draft.name.clone(),
            }),
            15 | 16 => {
                store
                    .pay_at_desk(
                        order.id,
                        at,
                        audit(at, AuditAction::FestivalOrderPaid),
                        &enquete_store::ReadyMail::default(),
                    )
                    .await?;
            }
            17 => {
                store
                    .close_order(
                        order.id,
                        "changed plans",
                        None,
                        at,
                        audit(at, AuditAction::FestivalOrderClosed),
                    )
                    .await?;
            }
            _ => {}
        }
    }
    statement.push(StatementLine {
        fingerprint: "demo-gift".into(),
        booked_on: Timestamp(now.0 - 3 * DAY).date(),
        amount_cents: 2500,
        communication: "steun voor de ManiFiesta".into(),
        counterparty: "Vakbondsafdeling Haven".into(),
    });
    store
        .import_statement(
            festival,
            &statement,
            now,
            audit(now, AuditAction::BankStatement),
            &enquete_store::ReadyMail::default(),
        )
        .await?;
    super::festival_programme::load(store, festival, nation, &sections, starts, now).await?;
    Ok(())
}
