//! The festival team's pages (`/festivals`): festivals with their ticket types, sales per type,
//! day and section, the orders (paid at a desk, cancelled, refunded) and the bank statement
//! import; and the public order page (`/tickets/{id}`), for anyone, in the four languages.

use super::chrome::{Chrome, page, see_other};
use crate::ctx::{Ctx, Staff};
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Id};
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use enquete_domain::festival::{
    FestivalId, OrderDraft, OrderId, TicketTypeDraft, TicketTypeId, euros,
};
use enquete_domain::org::UnitId;
use enquete_domain::policy::Action;
use enquete_domain::{FieldError, Timestamp};
use serde::Deserialize;
use std::collections::HashMap;

fn money(c: &Chrome, cents: i64) -> String {
    format!(
        "€ {}",
        euros(cents, c.tr.lang != enquete_domain::people::Language::En)
    )
}

#[derive(Template)]
#[template(path = "festivals.html")]
struct ListPage {
    c: Chrome,
    /// id, name, unit, dates.
    festivals: Vec<(i64, String, String, String)>,
    units: Vec<(i64, String)>,
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    let units: Vec<(i64, String)> = enquete_app::scope::units_where(
        &state,
        &staff.caller,
        &staff.user.unit_path,
        Action::ManageFestival,
    )
    .await?
    .into_iter()
    .map(|u| (u.id.0, u.name.as_str().to_owned()))
    .collect();
    if units.is_empty() {
        return Err(AppError::Forbidden);
    }
    let c = Chrome::new(&staff.ctx);
    let festivals = enquete_app::festival::list(&state, &staff.caller)
        .await?
        .into_iter()
        .map(|(f, u)| {
            (
                f.id.0,
                f.name,
                u.name.as_str().to_owned(),
                format!("{} – {}", c.tr.date(f.starts_on), c.tr.date(f.ends_on)),
            )
        })
        .collect();
    page(&ListPage {
        c,
        festivals,
        units,
    })
}

#[derive(Deserialize, Default)]
pub struct CreateForm {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    #[serde(default)]
    iban: String,
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<CreateForm>,
) -> AppResult<Response> {
    let unit = f
        .unit
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::Field(FieldError::new("unit", "error-unit-number")))?;
    let id = enquete_app::festival::create(
        &state,
        &staff.caller,
        UnitId(unit),
        &f.name,
        &f.starts_on,
        &f.ends_on,
        &f.iban,
    )
    .await?;
    Ok(see_other(&format!("/festivals/{id}")))
}

/// One ticket type on the dashboard.
struct TypeRow {
    name: String,
    kind: String,
    reentry: String,
    price: String,
    sold: String,
    paid: u64,
    pending: u64,
    revenue: String,
    sale: String,
}

/// One order on the dashboard.
struct OrderRow {
    id: i64,
    reference: String,
    name: String,
    tickets: String,
    total: String,
    status: String,
    pending: bool,
    open: bool,
}

#[derive(Template)]
#[template(path = "festival.html")]
struct DashboardPage {
    c: Chrome,
    id: i64,
    name: String,
    iban: String,
    types: Vec<TypeRow>,
    days: Vec<(String, u64)>,
    sections: Vec<(String, u64, String)>,
    orders: Vec<OrderRow>,
    more_orders: usize,
    kinds: Vec<(&'static str, String)>,
    reentries: Vec<(&'static str, String)>,
    /// After a statement import: what became of its lines.
    report: Option<ReportView>,
}

struct ReportView {
    summary: String,
    unmatched: Vec<(usize, String, String, String)>,
    ambiguous: Vec<(usize, String, String, String, i64)>,
}

async fn dashboard(
    state: &AppState,
    staff: &Staff,
    id: i64,
    report: Option<enquete_app::festival::ImportReport>,
) -> AppResult<Response> {
    let d = enquete_app::festival::dashboard(state, &staff.caller, FestivalId(id)).await?;
    let c = Chrome::new(&staff.ctx);
    let tr = c.tr;
    let names: HashMap<i64, String> = d
        .types
        .iter()
        .map(|(t, _)| (t.id.0, t.draft.name.get(tr.lang).to_owned()))
        .collect();
    let types = d
        .types
        .iter()
        .map(|(t, s)| TypeRow {
            name: t.draft.name.get(tr.lang).to_owned(),
            kind: tr.t(&format!("ticket-kind-{}", t.draft.kind.as_str())),
            reentry: tr.t(&format!("reentry-{}", t.draft.reentry.as_str())),
            price: money(&c, t.draft.price_cents),
            sold: format!("{} / {}", t.sold, t.draft.quota),
            paid: s.paid,
            pending: s.pending,
            revenue: money(&c, s.revenue_cents),
            sale: format!(
                "{} – {}",
                tr.date(t.draft.sale_from),
                tr.date(t.draft.sale_until)
            ),
        })
        .collect();
    let orders: Vec<OrderRow> = d
        .orders
        .iter()
        .take(100)
        .map(|o| OrderRow {
            id: o.id.0,
            reference: o.reference.to_string(),
            name: o.name.clone(),
            tickets: o
                .lines
                .iter()
                .map(|(t, n, _)| format!("{n} × {}", names.get(&t.0).cloned().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(", "),
            total: money(&c, o.total_cents),
            status: tr.t(&format!("order-status-{}", o.status.as_str())),
            pending: o.status == enquete_domain::festival::OrderStatus::Pending,
            open: matches!(
                o.status,
                enquete_domain::festival::OrderStatus::Pending
                    | enquete_domain::festival::OrderStatus::Paid
            ),
        })
        .collect();
    let report = report.map(|r| ReportView {
        summary: tr.tn(
            "statement-summary",
            &[
                ("matched", r.matched.to_string()),
                ("already", r.already.to_string()),
                ("outgoing", r.outgoing.to_string()),
                ("unmatched", r.unmatched.len().to_string()),
                ("ambiguous", r.ambiguous.len().to_string()),
            ],
        ),
        unmatched: r
            .unmatched
            .iter()
            .map(|(row, day, amount, comm)| (*row, day.clone(), money(&c, *amount), comm.clone()))
            .collect(),
        ambiguous: r
            .ambiguous
            .iter()
            .map(|(row, day, amount, comm, order)| {
                (*row, day.clone(), money(&c, *amount), comm.clone(), order.0)
            })
            .collect(),
    });
    page(&DashboardPage {
        id,
        name: d.festival.name.clone(),
        iban: d.festival.iban.clone(),
        types,
        days: d.days.clone(),
        sections: d
            .sections
            .iter()
            .map(|(name, n, cents)| {
                (
                    if name.is_empty() {
                        c.t("festival-no-section")
                    } else {
                        name.clone()
                    },
                    *n,
                    money(&c, *cents),
                )
            })
            .collect(),
        more_orders: d.orders.len().saturating_sub(100),
        orders,
        kinds: enquete_domain::festival::TicketKind::ALL
            .iter()
            .map(|k| (k.as_str(), tr.t(&format!("ticket-kind-{}", k.as_str()))))
            .collect(),
        reentries: enquete_domain::gate::Reentry::ALL
            .iter()
            .map(|r| (r.as_str(), tr.t(&format!("reentry-{}", r.as_str()))))
            .collect(),
        report,
        c,
    })
}

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    dashboard(&state, &staff, id, None).await
}

#[derive(Deserialize, Default)]
pub struct TypeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name_nl: String,
    #[serde(default)]
    name_fr: String,
    #[serde(default)]
    name_de: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    price: String,
    #[serde(default)]
    quota: String,
    #[serde(default)]
    sale_from: String,
    #[serde(default)]
    sale_until: String,
    #[serde(default)]
    reentry: String,
    #[serde(default)]
    valid_on: String,
}

pub async fn add_type(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<TypeForm>,
) -> AppResult<Response> {
    // Authorization before the input is read.
    enquete_app::festival::festival_for(&state, &staff.caller, FestivalId(id)).await?;
    let draft = TicketTypeDraft::parse(
        &f.code,
        &[
            ("nl", &f.name_nl),
            ("fr", &f.name_fr),
            ("de", &f.name_de),
            ("en", &f.name_en),
        ],
        &f.kind,
        &f.price,
        &f.quota,
        &f.sale_from,
        &f.sale_until,
    )
    .and_then(|d| d.with_reentry(&f.reentry))
    .and_then(|d| d.with_valid_on(&f.valid_on))
    .map_err(AppError::Field)?;
    enquete_app::festival::add_ticket_type(&state, &staff.caller, FestivalId(id), &draft).await?;
    Ok(see_other(&format!("/festivals/{id}")))
}

pub async fn statement(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    form: Multipart,
) -> AppResult<Response> {
    enquete_app::festival::festival_for(&state, &staff.caller, FestivalId(id)).await?;
    let (_, bytes) = crate::extract::upload(form, &staff.ctx, "error-choose-csv").await?;
    let report = enquete_app::festival::import_statement(
        &state,
        &staff.caller,
        FestivalId(id),
        &bytes,
        &ready_mail(&state, FestivalId(id)).await?,
    )
    .await?;
    dashboard(&state, &staff, id, Some(report)).await
}

pub async fn pay(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    let festival = state.store.order(OrderId(id)).await?.festival;
    enquete_app::festival::pay_at_desk(
        &state,
        &staff.caller,
        OrderId(id),
        &ready_mail(&state, festival).await?,
    )
    .await?;
    let o = state.store.order(OrderId(id)).await?;
    Ok(see_other(&format!("/festivals/{}#orders", o.festival)))
}

#[derive(Deserialize, Default)]
pub struct CloseForm {
    #[serde(default)]
    note: String,
}

pub async fn close(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<CloseForm>,
) -> AppResult<Response> {
    enquete_app::festival::close(&state, &staff.caller, OrderId(id), &f.note).await?;
    let o = state.store.order(OrderId(id)).await?;
    Ok(see_other(&format!("/festivals/{}#orders", o.festival)))
}

#[derive(Template)]
#[template(path = "tickets.html")]
struct OrderPage {
    c: Chrome,
    id: i64,
    name: String,
    dates: String,
    /// id, name, price, whether it can be ordered now ("sold out" or "not on sale" otherwise).
    types: Vec<(i64, String, String, Option<String>)>,
    section: String,
    error: Option<String>,
    typed: HashMap<String, String>,
}

#[derive(Template)]
#[template(path = "tickets_done.html")]
struct OrderDonePage {
    c: Chrome,
    /// The buyer's ticket page.
    link: String,
    name: String,
    total: String,
    reference: String,
    iban: String,
    paid: bool,
    tickets: Vec<String>,
}

#[derive(Deserialize, Default)]
pub struct SectionQuery {
    #[serde(default)]
    section: Option<String>,
}

async fn order_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    section: String,
    error: Option<String>,
    typed: HashMap<String, String>,
) -> AppResult<Response> {
    let now = Timestamp::now_utc();
    let (f, types) = enquete_app::festival::public(state, FestivalId(id)).await?;
    let c = Chrome::new(ctx);
    let tr = c.tr;
    page(&OrderPage {
        id,
        name: f.name.clone(),
        dates: format!("{} – {}", tr.date(f.starts_on), tr.date(f.ends_on)),
        types: types
            .iter()
            .map(|t| {
                let why = if t.sold >= t.draft.quota {
                    Some(c.t("tickets-sold-out"))
                } else if !t.on_sale(now) {
                    Some(c.t("tickets-not-on-sale"))
                } else {
                    None
                };
                (
                    t.id.0,
                    t.draft.name.get(tr.lang).to_owned(),
                    money(&c, t.draft.price_cents),
                    why,
                )
            })
            .collect(),
        section,
        error,
        typed,
        c,
    })
}

/// The public order page.
pub async fn order_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<SectionQuery>,
) -> AppResult<Response> {
    order_page(
        &state,
        &ctx,
        id,
        q.section.unwrap_or_default(),
        None,
        HashMap::new(),
    )
    .await
}

use super::public::HONEYPOT;

pub async fn place_order(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    crate::extract::check_same_origin(&headers)?;
    let now = enquete_app::public::admit(&state, &ctx.ip, Timestamp::now_utc()).await?;
    let fields: HashMap<String, String> = form_urlencoded::parse(&body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |k: &str| fields.get(k).map_or("", String::as_str);
    let (f, types) = enquete_app::festival::public(&state, FestivalId(id)).await?;
    if !get(HONEYPOT).is_empty() {
        return order_page(&state, &ctx, id, String::new(), None, HashMap::new()).await;
    }
    let counts: Vec<(TicketTypeId, String)> = types
        .iter()
        .map(|t| (t.id, get(&format!("type_{}", t.id.0)).to_owned()))
        .collect();
    let lines: Vec<(TicketTypeId, &str)> = counts.iter().map(|(t, n)| (*t, n.as_str())).collect();
    let placed = async {
        let draft = OrderDraft::parse(
            get("name"),
            get("email"),
            get("postcode"),
            &lines,
            get("contact") == "yes",
        )?;
        let section = match get("section").trim() {
            "" => None,
            raw => {
                Some(UnitId(raw.parse::<i64>().map_err(|_| {
                    FieldError::new("section", "error-unit-number")
                })?))
            }
        };
        let subject = ctx
            .tr
            .tn("tickets-mail-subject", &[("festival", f.name.clone())]);
        let body = ctx.tr.tn(
            "tickets-mail-body",
            &[
                ("festival", f.name.clone()),
                ("iban", f.iban.clone()),
                ("reference", "{reference}".to_owned()),
                ("total", "{total}".to_owned()),
                (
                    "link",
                    format!(
                        "{}/my-tickets/{{token}}",
                        state.config.public_url.trim_end_matches('/')
                    ),
                ),
            ],
        );
        enquete_app::festival::order(
            &state,
            f.id,
            &draft,
            ctx.tr.lang,
            section,
            &ctx.ip,
            now,
            Some((&subject, &body)),
        )
        .await
    };
    match placed.await {
        Ok(order) => {
            let c = Chrome::new(&ctx);
            let names: HashMap<i64, String> = types
                .iter()
                .map(|t| (t.id.0, t.draft.name.get(c.tr.lang).to_owned()))
                .collect();
            let token = state.store.order_token(order.id).await?;
            page(&OrderDonePage {
                link: format!("/my-tickets/{token}"),
                name: f.name.clone(),
                total: money(&c, order.total_cents),
                reference: order.reference.to_string(),
                iban: f.iban.clone(),
                paid: order.status == enquete_domain::festival::OrderStatus::Paid,
                tickets: order
                    .lines
                    .iter()
                    .map(|(t, n, _)| {
                        format!("{n} × {}", names.get(&t.0).cloned().unwrap_or_default())
                    })
                    .collect(),
                c,
            })
        }
        Err(enquete_app::Error::Field(e)) => {
            let message = format!(
                "{}: {}",
                ctx.tr.label(e.field).unwrap_or_else(|| e.field.to_owned()),
                ctx.tr.problem(&e.problem)
            );
            let mut r = order_page(
                &state,
                &ctx,
                id,
                get("section").to_owned(),
                Some(message),
                fields.clone(),
            )
            .await?;
            *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "my_tickets.html")]
struct MyTicketsPage {
    c: Chrome,
    name: String,
    dates: String,
    reference: String,
    paid: bool,
    /// Per ticket: its type, its QR code (an SVG as a data address), its text.
    tickets: Vec<(String, String, String, String)>,
}

/// The buyer's tickets, by the secret of their link: QR codes a gate checks offline, on the
/// phone or printed.
pub async fn my_tickets(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    use base64::Engine;
    let (f, order, tickets) = enquete_app::tickets::of_order(&state, &token).await?;
    let types = state.store.ticket_types(f.id).await?;
    let c = Chrome::new(&ctx);
    let tr = c.tr;
    page(&MyTicketsPage {
        name: f.name.clone(),
        dates: format!("{} – {}", tr.date(f.starts_on), tr.date(f.ends_on)),
        reference: order.reference.to_string(),
        paid: order.status == enquete_domain::festival::OrderStatus::Paid,
        tickets: tickets
            .iter()
            .map(|(t, text, ty)| {
                let lane = f.layout.label(f.layout.lane_of(&t.id));
                let name = types
                    .iter()
                    .find(|t| t.id == *ty)
                    .map(|t| t.draft.name.get(tr.lang).to_owned())
                    .unwrap_or_default();
                let svg = crate::share::qr_svg(text).unwrap_or_default();
                let data = format!(
                    "data:image/svg+xml;base64,{}",
                    base64::engine::general_purpose::STANDARD.encode(svg)
                );
                let lane = tr.t1("tickets-lane", "lane", lane);
                (name, data, text.clone(), lane)
            })
            .collect(),
        c,
    })
}

/// The "your tickets are ready" mail in each language, with `{token}` for the buyer's page.
async fn ready_mail(state: &AppState, id: FestivalId) -> AppResult<enquete_store::ReadyMail> {
    let f = state.store.festival(id).await?;
    let link = format!(
        "{}/my-tickets/{{token}}",
        state.config.public_url.trim_end_matches('/')
    );
    let mut mails = std::collections::BTreeMap::new();
    for lang in enquete_domain::people::Language::ALL {
        let tr = crate::i18n::Tr::new(lang);
        mails.insert(
            lang.code(),
            (
                tr.tn("tickets-ready-subject", &[("festival", f.name.clone())]),
                tr.tn(
                    "tickets-ready-body",
                    &[("festival", f.name.clone()), ("link", link.clone())],
                ),
            ),
        );
    }
    Ok(enquete_store::ReadyMail(mails))
}
