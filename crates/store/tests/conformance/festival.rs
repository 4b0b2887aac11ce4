//! The festival's tickets and orders (issue 17, part 1) on both databases: quotas never
//! oversold (2,000 orders at once for 1,500 places sell exactly 1,500), each order its own
//! structured communication, desk payments, cancellations and refunds putting tickets back on
//! sale, and bank statements whose lines each count once.

use crate::support::{NOW, conformance, tree};
use enquete_domain::Timestamp;
use enquete_domain::audit::AuditAction;
use enquete_domain::festival::{
    FestivalId, OrderDraft, OrderStatus, StructuredComm, TicketTypeDraft, TicketTypeId,
};
use enquete_domain::people::Language;
use enquete_store::{AuditEvent, LineOutcome, StatementLine, Store, StoreError};

conformance!(
    orders_take_tickets_from_their_quota_and_give_them_back,
    two_thousand_buyers_at_once_for_fifteen_hundred_places,
    a_statement_pays_orders_once,
);

pub(crate) fn event(action: AuditAction) -> AuditEvent {
    AuditEvent {
        at: NOW,
        user: None,
        action,
        person: None,
        detail: String::new(),
        ip: "test".into(),
    }
}

pub(crate) async fn festival(store: &Store, unit: enquete_domain::org::UnitId) -> FestivalId {
    store
        .create_festival(
            &enquete_store::NewFestival {
                unit,
                name: "ManiFiesta".into(),
                starts_on: Timestamp(NOW.0 + 30 * 86_400),
                ends_on: Timestamp(NOW.0 + 31 * 86_400),
                iban: "BE68539007547034".into(),
                signing_key: "test".into(),
                public_key: String::new(),
            },
            NOW,
            event(AuditAction::Festival),
        )
        .await
        .unwrap()
}

pub(crate) async fn ticket_type(
    store: &Store,
    f: FestivalId,
    code: &str,
    kind: &str,
    price: &str,
    quota: &str,
) -> TicketTypeId {
    let draft = TicketTypeDraft::parse(
        code,
        &[("en", code)],
        kind,
        price,
        quota,
        "2026-01-01",
        "2027-12-31",
    )
    .unwrap();
    store
        .create_ticket_type(f, &draft, NOW, event(AuditAction::Festival))
        .await
        .unwrap()
}

fn buyer(i: usize, lines: &[(TicketTypeId, &str)]) -> OrderDraft {
    OrderDraft::parse(
        &format!("Buyer {i}"),
        &format!("buyer{i}@example.org"),
        "9000",
        lines,
        i.is_multiple_of(2),
    )
    .unwrap()
}

pub(crate) async fn order(
    store: &Store,
    f: FestivalId,
    draft: &OrderDraft,
) -> Result<enquete_store::OrderRecord, StoreError> {
    store
        .place_order(
            f,
            draft,
            Language::Nl,
            None,
            NOW,
            event(AuditAction::FestivalOrder),
            true,
            None,
        )
        .await
}

async fn orders_take_tickets_from_their_quota_and_give_them_back(store: Store) {
    let t = tree(&store).await;
    let f = festival(&store, t.gent).await;
    let weekend = ticket_type(&store, f, "weekend", "weekend", "45", "3").await;
    let child = ticket_type(&store, f, "child", "child", "0", "100").await;
    let guest = ticket_type(&store, f, "guest", "guest", "0", "10").await;
    // The same code twice in a festival: refused on its field.
    let again = TicketTypeDraft::parse(
        "weekend",
        &[("en", "W")],
        "day",
        "1",
        "1",
        "2026-01-01",
        "2026-01-02",
    )
    .unwrap();
    let err = store
        .create_ticket_type(f, &again, NOW, event(AuditAction::Festival))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "code"),
        "{err:?}"
    );

    let o = order(&store, f, &buyer(1, &[(weekend, "2"), (child, "1")]))
        .await
        .unwrap();
    assert_eq!(o.total_cents, 9000);
    assert_eq!(o.status, OrderStatus::Pending);
    assert_eq!(o.name, "Buyer 1");
    assert_eq!(o.email, "buyer1@example.org");
    assert_eq!(
        StructuredComm::parse(&o.reference.to_string()),
        Some(o.reference)
    );
    assert_eq!(o.lines.len(), 2);
    // Only one weekend ticket left: an order for two is refused whole, nothing taken.
    let err = order(&store, f, &buyer(2, &[(child, "1"), (weekend, "2")]))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.field == "tickets"),
        "{err:?}"
    );
    let types = store.ticket_types(f).await.unwrap();
    assert_eq!(types.iter().find(|x| x.id == weekend).unwrap().sold, 2);
    assert_eq!(types.iter().find(|x| x.id == child).unwrap().sold, 1);
    // Guests' tickets are not sold on the order page; a type of another festival is unknown.
    let err = order(&store, f, &buyer(3, &[(guest, "1")]))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref e) if e.field == "tickets"));
    let other = festival(&store, t.antwerpen).await;
    let err = order(&store, other, &buyer(4, &[(weekend, "1")]))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref e) if e.field == "tickets"));
    // Children only: nothing to pay, paid at once.
    let free = order(&store, f, &buyer(5, &[(child, "3")])).await.unwrap();
    assert_eq!(
        (free.status, free.paid_via.as_deref()),
        (OrderStatus::Paid, Some("free"))
    );
    assert_ne!(free.reference, o.reference);

    // Paid at the desk, once; the buyer (who ordered in Dutch) gets the Dutch "tickets ready"
    // mail with their own link, queued with the payment.
    let ready = enquete_store::ReadyMail(
        [
            (
                "nl",
                (
                    "Klaar".to_owned(),
                    "Je tickets: /my-tickets/{token}".to_owned(),
                ),
            ),
            (
                "en",
                (
                    "Ready".to_owned(),
                    "Your tickets: /my-tickets/{token}".to_owned(),
                ),
            ),
        ]
        .into_iter()
        .collect(),
    );
    let before = store.pending_mail(100).await.unwrap().len();
    store
        .pay_at_desk(o.id, NOW, event(AuditAction::FestivalOrderPaid), &ready)
        .await
        .unwrap();
    let mails = store.pending_mail(100).await.unwrap();
    assert_eq!(mails.len(), before + 1);
    let mail = mails.iter().find(|m| m.subject == "Klaar").unwrap();
    let token = store.order_token(o.id).await.unwrap();
    assert_eq!(mail.body, format!("Je tickets: /my-tickets/{token}"));
    assert_eq!(mail.to, o.email);
    let err = store
        .pay_at_desk(
            o.id,
            NOW,
            event(AuditAction::FestivalOrderPaid),
            &Default::default(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref e) if e.field == "order"));
    let paid = store.order(o.id).await.unwrap();
    assert_eq!(
        (paid.status, paid.paid_via.as_deref()),
        (OrderStatus::Paid, Some("desk"))
    );
    // Paid: one ticket per ticket ordered (two weekend, one child), each its own id.
    let tickets = store.tickets_of(o.id).await.unwrap();
    assert_eq!(tickets.len(), 3);
    let ids: std::collections::HashSet<_> = tickets.iter().map(|t| t.id.clone()).collect();
    assert_eq!(ids.len(), 3);
    assert!(
        tickets
            .iter()
            .all(|t| t.id.len() == 32 && t.revoked_at.is_none())
    );
    assert_eq!(
        tickets.iter().filter(|t| t.ticket_type == weekend).count(),
        2
    );
    // The buyer's link finds the order; a wrong one finds nothing.
    let token = store.order_token(o.id).await.unwrap();
    assert_eq!(store.order_by_token(&token).await.unwrap().id, o.id);
    assert!(matches!(
        store.order_by_token("0".repeat(32).as_str()).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        store.tickets_of(free.id).await.unwrap().len(),
        3,
        "free orders get theirs at once"
    );
    let sales = store.sales_by_type(f).await.unwrap();
    let w = sales.iter().find(|s| s.ticket_type == weekend).unwrap();
    assert_eq!((w.paid, w.pending, w.revenue_cents), (2, 0, 9000));
    // Refunded: its tickets go back on sale; twice is refused.
    let to = store
        .close_order(
            o.id,
            "ill",
            None,
            NOW,
            event(AuditAction::FestivalOrderClosed),
        )
        .await
        .unwrap();
    assert_eq!(to, OrderStatus::Refunded);
    // Its tickets are revoked: on the festival's list for the gates.
    let revoked = store.revoked_tickets(f).await.unwrap();
    assert_eq!(revoked.len(), 3);
    assert!(
        revoked
            .iter()
            .all(|t| t.order == o.id && t.revoked_at == Some(NOW))
    );
    let err = store
        .close_order(
            o.id,
            "again",
            None,
            NOW,
            event(AuditAction::FestivalOrderClosed),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref e) if e.field == "order"));
    let types = store.ticket_types(f).await.unwrap();
    assert_eq!(types.iter().find(|x| x.id == weekend).unwrap().sold, 0);
    assert_eq!(types.iter().find(|x| x.id == child).unwrap().sold, 3);
    // A waiting order cancelled.
    let p = order(&store, f, &buyer(6, &[(weekend, "3")]))
        .await
        .unwrap();
    assert_eq!(
        store
            .close_order(
                p.id,
                "changed mind",
                None,
                NOW,
                event(AuditAction::FestivalOrderClosed)
            )
            .await
            .unwrap(),
        OrderStatus::Cancelled
    );
    assert_eq!(store.orders(f).await.unwrap().len(), 3);
    assert!(
        store
            .sales_by_type(f)
            .await
            .unwrap()
            .iter()
            .all(|s| s.ticket_type != weekend || (s.paid, s.pending) == (0, 0))
    );
}

async fn two_thousand_buyers_at_once_for_fifteen_hundred_places(store: Store) {
    let t = tree(&store).await;
    let f = festival(&store, t.gent).await;
    let day = ticket_type(&store, f, "saturday", "day", "20", "1500").await;
    let mut tasks = Vec::new();
    for i in 0..2000 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            order(&store, f, &buyer(i, &[(day, "1")])).await
        }));
    }
    let mut sold = 0;
    let mut refused = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => sold += 1,
            Err(StoreError::Invalid(e)) if e.field == "tickets" => refused += 1,
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!((sold, refused), (1500, 500));
    let t = store.ticket_types(f).await.unwrap();
    assert_eq!(t[0].sold, 1500);
    let orders = store.orders(f).await.unwrap();
    assert_eq!(orders.len(), 1500);
    let refs: std::collections::HashSet<_> = orders.iter().map(|o| o.reference).collect();
    assert_eq!(refs.len(), 1500, "each order its own communication");
}

fn line(fingerprint: &str, amount: i64, comm: &str) -> StatementLine {
    StatementLine {
        fingerprint: fingerprint.into(),
        booked_on: "2026-06-02".into(),
        amount_cents: amount,
        communication: comm.into(),
        counterparty: "A. Payer".into(),
    }
}

async fn a_statement_pays_orders_once(store: Store) {
    let t = tree(&store).await;
    let f = festival(&store, t.gent).await;
    let day = ticket_type(&store, f, "saturday", "day", "20", "100").await;
    let a = order(&store, f, &buyer(1, &[(day, "1")])).await.unwrap();
    let b = order(&store, f, &buyer(2, &[(day, "2")])).await.unwrap();
    let statement = vec![
        line("1", 2000, &a.reference.to_string()),
        // Wrong amount for b: to look at.
        line("2", 2000, &b.reference.digits()),
        line("3", 1500, "thanks for the festival"),
        line("4", -3000, "sound system"),
        // A communication with wrong check digits: no order.
        line("5", 2000, "+++000/0000/00000+++"),
    ];
    let out = store
        .import_statement(
            f,
            &statement,
            NOW,
            event(AuditAction::BankStatement),
            &Default::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        out,
        vec![
            LineOutcome::Matched(a.id),
            LineOutcome::Ambiguous(b.id),
            LineOutcome::Unmatched,
            LineOutcome::Outgoing,
            LineOutcome::Unmatched,
        ]
    );
    let paid = store.order(a.id).await.unwrap();
    assert_eq!(
        (paid.status, paid.paid_via.as_deref()),
        (OrderStatus::Paid, Some("transfer"))
    );
    assert_eq!(store.tickets_of(a.id).await.unwrap().len(), 1);
    assert!(
        store.tickets_of(b.id).await.unwrap().is_empty(),
        "not paid, no tickets"
    );
    assert_eq!(
        store.order(b.id).await.unwrap().status,
        OrderStatus::Pending
    );
    // The same statement again, with one new line paying b: only the new line does anything.
    let mut again = statement.clone();
    again.push(line("6", 4000, &b.reference.to_string()));
    let out = store
        .import_statement(
            f,
            &again,
            NOW,
            event(AuditAction::BankStatement),
            &Default::default(),
        )
        .await
        .unwrap();
    assert_eq!(out[..5], [LineOutcome::Already; 5]);
    assert_eq!(out[5], LineOutcome::Matched(b.id));
    assert_eq!(store.tickets_of(b.id).await.unwrap().len(), 2);
    assert_eq!(
        store.tickets_of(a.id).await.unwrap().len(),
        1,
        "never issued twice"
    );
    // A second payment for a paid order: to look at, nothing changed.
    let out = store
        .import_statement(
            f,
            &[line("7", 2000, &a.reference.to_string())],
            NOW,
            event(AuditAction::BankStatement),
            &Default::default(),
        )
        .await
        .unwrap();
    assert_eq!(out, vec![LineOutcome::Ambiguous(a.id)]);
    assert_eq!(store.order(a.id).await.unwrap().paid_at, Some(NOW));
}
