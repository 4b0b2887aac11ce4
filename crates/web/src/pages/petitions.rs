//! Petitions and calls: the public signature page in four languages with a live count, the
//! organizers' dashboard with the newest signatures and possible doubles, and the list for
//! delivery.

use super::chrome::{Chrome, Invalid, page, refused, see_other};
use crate::ctx::{Ctx, Staff};
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Id, Params};
use crate::state::AppState;
use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use enquete_domain::FieldError;
use enquete_domain::audit::AuditAction;
use enquete_domain::campaign::{PetitionDraft, PetitionId, SignatureInput};
use enquete_domain::people::Language;
use enquete_domain::policy::{Action, Target, allows};
use enquete_formats::export::{DeliveryRow, signatures_csv};
use enquete_store::{PetitionRecord, SignOutcome, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "petitions.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<(i64, String, String, u64, u64)>,
    units: Vec<(i64, String, bool)>,
    campaigns: Vec<(i64, String, bool)>,
    languages: Vec<(&'static str, &'static str)>,
    /// A refused new petition: the error beside its field, the form as typed.
    inv: Invalid,
    typed: HashMap<String, String>,
}

impl ListPage {
    /// A field of the new-petition form as typed (empty when the form is new).
    fn value(&self, key: &str) -> &str {
        self.typed.get(key).map_or("", String::as_str)
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    campaign: Option<i64>,
    unit: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Params(q): Params<ListQuery>,
) -> AppResult<Response> {
    list_page(&state, &staff, q, Invalid::none(), HashMap::new()).await
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    q: ListQuery,
    inv: Invalid,
    typed: HashMap<String, String>,
) -> AppResult<Response> {
    if !allows(
        &staff.caller.actor,
        Action::ManagePetitions,
        Target::unit(&staff.user.unit_path),
    ) {
        return Err(AppError::Forbidden);
    }
    let c = Chrome::new(&staff.ctx);
    let root = enquete_app::scope::visible_root(state, &staff.caller).await?;
    let rows = state
        .store
        .petitions_reaching(&staff.user.unit_path)
        .await?
        .into_iter()
        .filter(|p| enquete_app::petitions::reads(&staff.caller, p))
        .map(|p| {
            (
                p.id.0,
                p.title.get(c.tr.lang).to_owned(),
                p.unit_name,
                p.signatures,
                p.goal,
            )
        })
        .collect();
    let units = state
        .store
        .subtree(&root.path, false)
        .await?
        .into_iter()
        .filter(|u| {
            allows(
                &staff.caller.actor,
                Action::ManagePetitions,
                Target::unit(&u.path),
            )
        })
        .map(|u| (u.id.0, u.name.as_str().to_owned(), Some(u.id.0) == q.unit))
        .collect();
    let campaigns = state
        .store
        .campaigns_reaching(&staff.user.unit_path)
        .await?
        .into_iter()
        .map(|k| (k.id.0, k.title, Some(k.id.0) == q.campaign))
        .collect();
    page(&ListPage {
        rows,
        units,
        campaigns,
        languages: Language::ALL
            .iter()
            .map(|l| (l.code(), l.endonym()))
            .collect(),
        inv,
        typed,
        c,
    })
}

#[derive(Deserialize)]
pub struct CreateForm {
    unit: String,
    #[serde(default)]
    campaign: String,
    #[serde(default)]
    addressee_nl: String,
    #[serde(default)]
    addressee_fr: String,
    #[serde(default)]
    addressee_de: String,
    #[serde(default)]
    addressee_en: String,
    #[serde(default)]
    goal: String,
    #[serde(default)]
    title_nl: String,
    #[serde(default)]
    title_fr: String,
    #[serde(default)]
    title_de: String,
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    text_nl: String,
    #[serde(default)]
    text_fr: String,
    #[serde(default)]
    text_de: String,
    #[serde(default)]
    text_en: String,
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(raw): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let opened = async {
        let f: CreateForm = serde_json::from_value(serde_json::to_value(&raw).unwrap_or_default())
            .map_err(|_| FieldError::new("unit", "error-unit-number"))?;
        open(&state, &staff, &f).await
    };
    match opened.await {
        Ok(id) => Ok(see_other(&format!("/petitions/{id}"))),
        // Said beside the field, the form as typed.
        Err(e) => {
            let q = ListQuery {
                unit: raw.get("unit").and_then(|u| u.parse().ok()),
                campaign: raw.get("campaign").and_then(|k| k.parse().ok()),
            };
            refused(staff.ctx.tr, e, |inv| {
                list_page(&state, &staff, q, inv, raw)
            })
            .await
        }
    }
}

/// Opens the petition the form describes; its number.
async fn open(state: &AppState, staff: &Staff, f: &CreateForm) -> AppResult<i64> {
    let draft = PetitionDraft::parse_with(
        &[
            ("nl", &f.title_nl),
            ("fr", &f.title_fr),
            ("de", &f.title_de),
            ("en", &f.title_en),
        ],
        &[
            ("nl", &f.text_nl),
            ("fr", &f.text_fr),
            ("de", &f.text_de),
            ("en", &f.text_en),
        ],
        &[
            ("nl", &f.addressee_nl),
            ("fr", &f.addressee_fr),
            ("de", &f.addressee_de),
            ("en", &f.addressee_en),
        ],
        &f.goal,
    )?;
    let campaign = enquete_app::campaigns::campaign_field(&f.campaign)?;
    let unit = f
        .unit
        .trim()
        .parse()
        .map_err(|_| FieldError::new("unit", "error-unit-number"))?;
    let p = enquete_app::petitions::open(
        state,
        &staff.caller,
        enquete_domain::org::UnitId(unit),
        campaign,
        &draft,
    )
    .await?;
    Ok(p.id.0)
}

pub struct SignatureView {
    pub name: String,
    pub email: String,
    pub postcode: String,
    pub unit: String,
    pub language: String,
    pub when: String,
    pub may_contact: bool,
    pub double: bool,
}

#[derive(Template)]
#[template(path = "petition.html")]
struct ShowPage {
    c: Chrome,
    p: PetitionRecord,
    title: String,
    in_scope: u64,
    share: crate::share::PublicLink,
    section_links: Vec<(String, String, String)>,
    signatures: Vec<SignatureView>,
    doubles: usize,
}

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    let p = enquete_app::petitions::petition_for(&state, &staff.caller, PetitionId(id)).await?;
    let root = enquete_app::petitions::reading_root(&staff.caller, &p);
    let list = state.store.signatures(p.id, &root, 200).await?;
    let linked: Vec<_> = list.iter().filter_map(|s| s.person).collect();
    enquete_app::audit::list(
        &state,
        &staff.caller,
        AuditAction::ViewSignatures,
        &linked,
        format!("petition {}: {} signatures shown", p.id, list.len()),
    )
    .await?;
    let c = Chrome::new(&staff.ctx);
    let in_scope = if root == p.unit_path {
        p.signatures
    } else {
        state.store.signature_count_in(p.id, &root).await?
    };
    let section_links = state
        .store
        .subtree(&root, false)
        .await?
        .into_iter()
        .filter(|u| u.kind.is_section() && u.path.is_within(&p.unit_path))
        .take(200)
        .map(|u| {
            (
                u.name.as_str().to_owned(),
                format!(
                    "{}/p/{}?via={}",
                    state.config.public_url.trim_end_matches('/'),
                    p.token,
                    u.id.0
                ),
                format!("/p/{}/qr.svg?via={}", p.token, u.id.0),
            )
        })
        .collect();
    let signatures: Vec<SignatureView> = list
        .into_iter()
        .map(|s| SignatureView {
            name: s.name,
            email: s.email,
            postcode: s.postcode,
            unit: s.unit_name,
            language: s.language,
            when: s.signed_at.display(),
            may_contact: s.may_contact,
            double: s.possible_double,
        })
        .collect();
    page(&ShowPage {
        title: p.title.get(c.tr.lang).to_owned(),
        share: crate::share::PublicLink::new(
            &state.config.public_url,
            "petition",
            &format!("/p/{}", p.token),
            &format!("/p/{}/qr.svg", p.token),
        ),
        doubles: signatures.iter().filter(|s| s.double).count(),
        in_scope,
        section_links,
        signatures,
        p,
        c,
    })
}

pub async fn export(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Response> {
    let p = enquete_app::petitions::petition_for(&state, &staff.caller, PetitionId(id)).await?;
    let root = enquete_app::petitions::reading_root(&staff.caller, &p);
    let mut list = state.store.signatures(p.id, &root, u32::MAX).await?;
    list.reverse();
    let mut out = Vec::new();
    signatures_csv(
        list.iter().map(|s| DeliveryRow {
            name: &s.name,
            postcode: &s.postcode,
            section: &s.unit_name,
            signed_on: s.signed_at.date(),
        }),
        &mut out,
    )
    .map_err(|e| AppError::Internal(format!("signatures CSV: {e}")))?;
    let linked: Vec<_> = list.iter().filter_map(|s| s.person).collect();
    enquete_app::audit::list(
        &state,
        &staff.caller,
        AuditAction::PetitionExport,
        &linked,
        format!("petition {}: {} signatures", p.id, list.len()),
    )
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"petition-{}-signatures.csv\"", p.id),
            ),
        ],
        out,
    )
        .into_response())
}

// The public page.

#[derive(Template)]
#[template(path = "public_petition.html")]
struct PublicPage {
    c: Chrome,
    p: PetitionRecord,
    title: String,
    paragraphs: Vec<String>,
    via: String,
    count: u64,
    percent: u64,
    inv: Invalid,
    outcome: Option<&'static str>,
    prev: HashMap<String, String>,
}

impl PublicPage {
    fn value(&self, key: &str) -> String {
        self.prev.get(key).cloned().unwrap_or_default()
    }
}

#[derive(Deserialize, Default)]
pub struct ViaQuery {
    via: Option<i64>,
}

async fn open_petition(state: &AppState, token: &str) -> AppResult<PetitionRecord> {
    match state.store.petition_by_token(token).await {
        Ok(p) => Ok(p),
        Err(StoreError::NotFound(_)) => Err(AppError::NotFound("petition")),
        Err(e) => Err(e.into()),
    }
}

/// The unit a signature counts for: the section of the link it came through when that lies
/// under the petition, else the petition's own unit.
async fn credited(state: &AppState, p: &PetitionRecord, via: Option<i64>) -> AppResult<i64> {
    if let Some(v) = via
        && let Ok(u) = state.store.unit(enquete_domain::org::UnitId(v)).await
        && u.path.is_within(&p.unit_path)
        && !u.is_archived()
    {
        return Ok(u.id.0);
    }
    Ok(p.unit.0)
}

fn render_public(
    ctx: &Ctx,
    p: PetitionRecord,
    via: String,
    count: u64,
    inv: Invalid,
    outcome: Option<&'static str>,
    prev: HashMap<String, String>,
) -> AppResult<Response> {
    let c = Chrome::new(ctx);
    let lang = c.tr.lang;
    let has_error = inv.any();
    let percent = count
        .saturating_mul(100)
        .checked_div(p.goal)
        .unwrap_or(0)
        .min(100);
    let mut response = page(&PublicPage {
        title: p.title.get(lang).to_owned(),
        paragraphs: p
            .body
            .get(lang)
            .split("\n\n")
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
        via,
        count,
        percent,
        inv,
        outcome,
        prev,
        p,
        c,
    })?;
    if has_error {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// The QR code of a petition's public page (or of a section's link to it).
pub async fn public_qr(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Params(q): Params<ViaQuery>,
) -> AppResult<Response> {
    let p = open_petition(&state, &token).await?;
    let mut url = format!(
        "{}/p/{}",
        state.config.public_url.trim_end_matches('/'),
        p.token
    );
    if let Some(v) = q.via {
        url.push_str(&format!("?via={v}"));
    }
    let svg = crate::share::qr_svg(&url).ok_or(AppError::NotFound("petition"))?;
    Ok(crate::share::svg_response(svg))
}

pub async fn public_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Params(q): Params<ViaQuery>,
) -> AppResult<Response> {
    let p = open_petition(&state, &token).await?;
    let count = p.signatures;
    let via = q.via.map(|v| v.to_string()).unwrap_or_default();
    render_public(&ctx, p, via, count, Invalid::none(), None, HashMap::new())
}

pub async fn public_sign(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
    body: Bytes,
) -> AppResult<Response> {
    crate::extract::check_same_origin(&headers)?;
    let p = open_petition(&state, &token).await?;
    let now =
        enquete_app::public::admit(&state, &ctx.ip, enquete_domain::Timestamp::now_utc()).await?;
    let prev = super::public::single_fields(&body);
    let get = |k: &str| prev.get(k).cloned().unwrap_or_default();
    let via = get("via");
    if !get(super::public::HONEYPOT).is_empty() {
        let count = p.signatures;
        return render_public(
            &ctx,
            p,
            via,
            count,
            Invalid::none(),
            Some("signed"),
            HashMap::new(),
        );
    }
    let input = match SignatureInput::parse(
        &get("name"),
        &get("email"),
        &get("postcode"),
        get("may_contact") == "yes",
    ) {
        Ok(i) => i,
        Err(e) => {
            let count = p.signatures;
            let inv = Invalid::field(ctx.tr, &e);
            return render_public(&ctx, p, via, count, inv, None, prev);
        }
    };
    let unit = credited(&state, &p, via.parse().ok()).await?;
    match state
        .store
        .sign(
            &p,
            enquete_domain::org::UnitId(unit),
            &input,
            ctx.tr.lang,
            now,
        )
        .await
    {
        // The same answer whether or not this address had signed: the address is not verified,
        // so the page must not tell anyone who has signed (security issue 13, finding 7).
        Ok(SignOutcome::Signed(n) | SignOutcome::AlreadySigned(n)) => render_public(
            &ctx,
            p,
            via,
            n,
            Invalid::none(),
            Some("signed"),
            HashMap::new(),
        ),
        Err(StoreError::Invalid(e)) => {
            let count = p.signatures;
            let inv = Invalid::field(ctx.tr, &e);
            render_public(&ctx, p, via, count, inv, None, prev)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Serialize)]
pub struct CountBody {
    count: u64,
}

/// The live count, for the public page's script.
pub async fn public_count(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<Json<CountBody>> {
    let p = open_petition(&state, &token).await?;
    Ok(Json(CountBody {
        count: state.store.signature_count(p.id).await?,
    }))
}

/// Refreshes the count on the public page every 15 seconds, while the page is visible.
pub async fn script() -> Response {
    super::chrome::script(include_str!("../../static/petition.js"))
}
