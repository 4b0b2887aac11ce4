//! Complicity research (`/research`): companies, their links, sites, products and contracts,
//! and shipments, each with its evidence; the review queue; publishing; CSV import. The public
//! company pages and the open export of published facts (`/companies/{org}`). Making an account
//! a researcher (`/users/{id}/researcher`).

use super::chrome::{Chrome, page, see_other, unprocessable};
use crate::ctx::{Ctx, Staff};
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Id, Params};
use crate::facts::{FactView, ShipmentView, fact_view, shipment_view, warning_mail};
use crate::i18n::Tr;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use enquete_domain::FieldError;
use enquete_domain::account::UserId;
use enquete_domain::org::UnitId;
use enquete_domain::research::{
    CompanyDraft, Evidence, ItemDraft, ItemKind, LinkDraft, LinkKind, Reliability, ShipmentDraft,
    ShipmentInput, SiteDraft, SiteKind, SourceKind, yes,
};
use enquete_store::{CompanyFile, CompanyHit, FactRecord, Neighbourhood};
use serde::{Deserialize, Serialize};

fn options<T: Copy>(
    c: &Chrome,
    all: &[T],
    word: fn(T) -> &'static str,
    prefix: &str,
) -> Vec<(&'static str, String)> {
    all.iter()
        .map(|k| (word(*k), c.t(&format!("{prefix}-{}", word(*k)))))
        .collect()
}

/// The choices of the evidence fields, shared by every form.
pub(crate) struct EvidenceChoices {
    pub kinds: Vec<(&'static str, String)>,
    pub grades: Vec<(&'static str, String)>,
}

fn evidence_choices(c: &Chrome) -> EvidenceChoices {
    EvidenceChoices {
        kinds: options(c, SourceKind::ALL, SourceKind::as_str, "source-kind"),
        grades: options(c, Reliability::ALL, Reliability::as_str, "reliability"),
    }
}

#[derive(Deserialize, Default)]
pub struct EvidenceForm {
    #[serde(default)]
    source_kind: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    source_date: String,
    #[serde(default)]
    reliability: String,
}

impl EvidenceForm {
    fn parse(&self) -> Result<Evidence, FieldError> {
        Evidence::parse(
            &self.source_kind,
            &self.source,
            &self.source_date,
            &self.reliability,
        )
    }
}

struct HitView {
    id: i64,
    name: String,
    /// "NL · 1234".
    detail: String,
}

fn hit_view(h: &CompanyHit) -> HitView {
    let detail = [h.country.as_str(), h.registry_number.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    HitView {
        id: h.id,
        name: h.name.clone(),
        detail,
    }
}

#[derive(Template)]
#[template(path = "research.html")]
struct OverviewPage {
    c: Chrome,
    q: String,
    hits: Vec<HitView>,
    /// (fact, what kind, company id, company name, summary).
    queue: Vec<(FactView, String, i64, String, String)>,
    /// "3 facts wait for review, 12 reviewed, 8 published".
    counts: String,
    ev: EvidenceChoices,
    org: i64,
    /// Rows of a refused import: ("row 3, column kind", what is wrong).
    problems: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

async fn overview_page(
    state: &AppState,
    staff: &Staff,
    q: &str,
    problems: Vec<(usize, String, String)>,
) -> AppResult<Response> {
    let o = enquete_app::research::overview(state, &staff.caller, q).await?;
    let c = Chrome::new(&staff.ctx);
    let tr = c.tr;
    let refused = !problems.is_empty();
    let rendered = page(&OverviewPage {
        q: q.to_owned(),
        hits: o.hits.iter().map(hit_view).collect(),
        queue: o
            .queue
            .iter()
            .map(|f| {
                (
                    fact_view(tr, &f.fact),
                    c.t(&format!("fact-kind-{}", f.fact.kind.as_str())),
                    f.company,
                    f.company_name.clone(),
                    f.summary.clone(),
                )
            })
            .collect(),
        counts: tr.tn(
            "research-counts",
            &[
                ("waiting", o.counts.0.to_string()),
                ("reviewed", o.counts.1.to_string()),
                ("published", o.counts.2.to_string()),
            ],
        ),
        ev: evidence_choices(&c),
        org: staff.caller.organization().0,
        problems: problems
            .into_iter()
            .map(|(row, column, text)| {
                (
                    tr.tn(
                        "research-import-row",
                        &[("row", row.to_string()), ("column", column)],
                    ),
                    text,
                )
            })
            .collect(),
        c,
    })?;
    Ok(if refused {
        unprocessable(rendered)
    } else {
        rendered
    })
}

pub async fn overview(
    State(state): State<AppState>,
    staff: Staff,
    Params(q): Params<SearchQuery>,
) -> AppResult<Response> {
    overview_page(&state, &staff, &q.q, Vec::new()).await
}

#[derive(Deserialize, Default)]
pub struct CompanyForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    registry_number: String,
    #[serde(default)]
    parent_company: String,
    #[serde(default)]
    share: String,
    #[serde(flatten)]
    evidence: EvidenceForm,
}

pub async fn add_company(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<CompanyForm>,
) -> AppResult<Response> {
    let draft = CompanyDraft::parse(&f.name, &f.country, &f.registry_number)?;
    let share = enquete_domain::research::share(&f.share)?;
    let evidence = f.evidence.parse()?;
    let id = enquete_app::research::add_company(
        &state,
        &staff.caller,
        &draft,
        &f.parent_company,
        share,
        &evidence,
    )
    .await?;
    Ok(see_other(&format!("/research/companies/{id}")))
}

/// A company's file as shown: its facts by kind, each with its evidence and standing.
struct FileView {
    id: i64,
    name: String,
    detail: String,
    fact: FactView,
    /// (fact, "owns 51% of", other company id, other name).
    links: Vec<(FactView, String, i64, String)>,
    /// (fact, name, kind, place).
    sites: Vec<(FactView, String, String, String)>,
    /// (fact, kind, description, counterparty).
    items: Vec<(FactView, String, String, String)>,
    shipments: Vec<(FactView, ShipmentView)>,
}

fn link_words(tr: Tr, kind: LinkKind, share: Option<u8>, outgoing: bool) -> String {
    let key = format!(
        "link-{}-{}",
        kind.as_str().replace('_', "-"),
        if outgoing { "out" } else { "in" }
    );
    match share {
        Some(s) => format!("{} ({s}%)", tr.t(&key)),
        None => tr.t(&key),
    }
}

fn file_view(tr: Tr, f: &CompanyFile) -> FileView {
    let id = f.company.fact.id;
    let d = &f.company.draft;
    FileView {
        id,
        name: d.name.clone(),
        detail: [d.country.as_str(), d.registry_number.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
        fact: fact_view(tr, &f.company.fact),
        links: f
            .links
            .iter()
            .map(|l| {
                let outgoing = l.draft.from == id;
                let (other, name) = if outgoing {
                    (l.draft.to, l.to_name.clone())
                } else {
                    (l.draft.from, l.from_name.clone())
                };
                (
                    fact_view(tr, &l.fact),
                    link_words(tr, l.draft.kind, l.draft.share, outgoing),
                    other,
                    name,
                )
            })
            .collect(),
        sites: f
            .sites
            .iter()
            .map(|s| {
                (
                    fact_view(tr, &s.fact),
                    s.draft.name.clone(),
                    tr.t(&format!("site-kind-{}", s.draft.kind.as_str())),
                    [s.draft.place.as_str(), s.draft.country.as_str()]
                        .into_iter()
                        .filter(|x| !x.is_empty())
                        .collect::<Vec<_>>()
                        .join(" · "),
                )
            })
            .collect(),
        items: f
            .items
            .iter()
            .map(|i| {
                (
                    fact_view(tr, &i.fact),
                    tr.t(&format!("item-kind-{}", i.draft.kind.as_str())),
                    i.draft.description.clone(),
                    i.draft.counterparty.clone(),
                )
            })
            .collect(),
        shipments: f
            .shipments
            .iter()
            .map(|s| (fact_view(tr, &s.fact), shipment_view(tr, s)))
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "research_company.html")]
struct CompanyPage {
    c: Chrome,
    f: FileView,
    graph: String,
    /// (company, name, steps away) for the list beside the graph.
    near: Vec<(i64, String, u8)>,
    cut: bool,
    ev: EvidenceChoices,
    link_kinds: Vec<(&'static str, String)>,
    site_kinds: Vec<(&'static str, String)>,
    item_kinds: Vec<(&'static str, String)>,
    /// (site, "name · company · place").
    sites: Vec<(i64, String)>,
    may_publish: bool,
    me: i64,
    /// Facts added by whom: a researcher may not review their own.
    added_by: Vec<(i64, i64)>,
}

impl CompanyPage {
    fn mine(&self, fact: i64) -> bool {
        self.added_by
            .iter()
            .any(|(f, by)| *f == fact && *by == self.me)
    }
}

fn graph_svg(c: &Chrome, g: &Neighbourhood, base: &str) -> String {
    crate::charts::neighbourhood(
        &g.companies,
        &g.links
            .iter()
            .map(|(a, b, k)| (*a, *b, k.as_str()))
            .collect::<Vec<_>>(),
        base,
        &c.t("research-graph"),
    )
}

pub async fn company(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
) -> AppResult<Response> {
    let (file, graph, sites) = enquete_app::research::company(&state, &staff.caller, id).await?;
    let c = Chrome::new(&staff.ctx);
    let tr = c.tr;
    let mut added_by: Vec<(i64, i64)> = vec![(
        file.company.fact.id,
        file.company.fact.added_by.map_or(0, |u| u.0),
    )];
    added_by.extend(
        file.links
            .iter()
            .map(|x| &x.fact)
            .chain(file.sites.iter().map(|x| &x.fact))
            .chain(file.items.iter().map(|x| &x.fact))
            .chain(file.shipments.iter().map(|x| &x.fact))
            .map(|f| (f.id, f.added_by.map_or(0, |u| u.0))),
    );
    page(&CompanyPage {
        f: file_view(tr, &file),
        graph: graph_svg(&c, &graph, "/research/companies/"),
        near: graph.companies.clone(),
        cut: graph.cut,
        ev: evidence_choices(&c),
        link_kinds: options(&c, LinkKind::ALL, LinkKind::as_str, "link-kind"),
        site_kinds: options(&c, SiteKind::ALL, SiteKind::as_str, "site-kind"),
        item_kinds: options(&c, ItemKind::ALL, ItemKind::as_str, "item-kind"),
        sites: sites
            .iter()
            .map(|s| {
                (
                    s.fact.id,
                    format!("{} · {} · {}", s.draft.name, s.company_name, s.draft.place),
                )
            })
            .collect(),
        may_publish: enquete_domain::policy::allows(
            &staff.caller.actor,
            enquete_domain::policy::Action::PublishResearch,
            enquete_domain::policy::Target::unit(&staff.caller.actor.organization()),
        ),
        me: staff.caller.actor.user.0,
        added_by,
        c,
    })
}

#[derive(Deserialize, Default)]
pub struct LinkForm {
    #[serde(default)]
    other_company: String,
    /// "out": this company owns (supplies, …) the other; "in": the other this one.
    #[serde(default)]
    direction: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    share: String,
    #[serde(flatten)]
    evidence: EvidenceForm,
}

pub async fn add_link(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<LinkForm>,
) -> AppResult<Response> {
    let evidence = f.evidence.parse()?;
    let other = enquete_app::research::company_named(
        &state,
        &staff.caller,
        &f.other_company,
        "other_company",
    )
    .await?;
    let (from, to) = match f.direction.as_str() {
        "in" => (other, id),
        "out" => (id, other),
        _ => return Err(FieldError::new("direction", "error-direction").into()),
    };
    let draft = LinkDraft::new(from, to, &f.kind, &f.share).map_err(|e| {
        if e.field == "to" {
            e.in_field("other_company")
        } else {
            e
        }
    })?;
    enquete_app::research::add_link(&state, &staff.caller, &draft, &evidence).await?;
    Ok(see_other(&format!("/research/companies/{id}#links")))
}

#[derive(Deserialize, Default)]
pub struct SiteForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    country: String,
    #[serde(flatten)]
    evidence: EvidenceForm,
}

pub async fn add_site(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<SiteForm>,
) -> AppResult<Response> {
    let draft = SiteDraft::parse(id, &f.name, &f.kind, &f.place, &f.country)?;
    let evidence = f.evidence.parse()?;
    enquete_app::research::add_site(&state, &staff.caller, &draft, &evidence).await?;
    Ok(see_other(&format!("/research/companies/{id}#sites")))
}

#[derive(Deserialize, Default)]
pub struct ItemForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    counterparty: String,
    #[serde(flatten)]
    evidence: EvidenceForm,
}

pub async fn add_item(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<ItemForm>,
) -> AppResult<Response> {
    let draft = ItemDraft::parse(id, &f.kind, &f.description, &f.counterparty)?;
    let evidence = f.evidence.parse()?;
    enquete_app::research::add_item(&state, &staff.caller, &draft, &evidence).await?;
    Ok(see_other(&format!("/research/companies/{id}#items")))
}

#[derive(Deserialize, Default)]
pub struct ShipmentForm {
    #[serde(default)]
    site: String,
    #[serde(default)]
    carrier: String,
    #[serde(default)]
    vessel: String,
    #[serde(default)]
    departs_on: String,
    #[serde(default)]
    arrives_on: String,
    #[serde(default)]
    cargo: String,
    #[serde(default)]
    destination: String,
    #[serde(default)]
    concern: String,
    #[serde(flatten)]
    evidence: EvidenceForm,
}

pub async fn add_shipment(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<ShipmentForm>,
) -> AppResult<Response> {
    let site: i64 = f
        .site
        .trim()
        .parse()
        .map_err(|_| FieldError::new("site", "error-no-site"))?;
    let input = ShipmentInput {
        carrier: &f.carrier,
        vessel: &f.vessel,
        departs_on: &f.departs_on,
        arrives_on: &f.arrives_on,
        cargo: &f.cargo,
        destination: &f.destination,
        concern: yes(&f.concern)?,
    };
    let draft = ShipmentDraft::parse(id, site, &input)?;
    let evidence = f.evidence.parse()?;
    enquete_app::research::add_shipment(&state, &staff.caller, &draft, &evidence).await?;
    Ok(see_other(&format!("/research/companies/{id}#shipments")))
}

#[derive(Deserialize, Default)]
pub struct ReviewForm {
    #[serde(default)]
    review: String,
    /// The company page to go back to.
    #[serde(default)]
    company: String,
    #[serde(default)]
    publish: String,
}

fn back(company: &str) -> String {
    match company.trim().parse::<i64>() {
        Ok(id) => format!("/research/companies/{id}"),
        Err(_) => "/research#queue".to_owned(),
    }
}

pub async fn review(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<ReviewForm>,
) -> AppResult<Response> {
    enquete_app::research::review(&state, &staff.caller, id, &f.review, warning_mail(&state))
        .await?;
    Ok(see_other(&back(&f.company)))
}

pub async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<ReviewForm>,
) -> AppResult<Response> {
    let on = yes(&f.publish).map_err(|e| e.in_field("publish"))?;
    enquete_app::research::publish(&state, &staff.caller, id, on).await?;
    Ok(see_other(&back(&f.company)))
}

pub async fn import(
    State(state): State<AppState>,
    staff: Staff,
    form: Multipart,
) -> AppResult<Response> {
    let (fields, bytes) = crate::extract::upload(form, &staff.ctx, "error-choose-csv").await?;
    let kind =
        enquete_formats::research::FileKind::parse(fields.get("what").map_or("", String::as_str))
            .ok_or_else(|| FieldError::new("what", "error-research-file-kind"))?;
    let tr = staff.ctx.tr;
    let problems = match enquete_formats::research::parse(kind, &bytes) {
        Ok(rows) => match enquete_app::research::import(&state, &staff.caller, &rows).await? {
            Ok(_) => return Ok(see_other("/research#queue")),
            Err(problems) => problems
                .into_iter()
                .map(|p| {
                    (
                        p.row,
                        p.error.field.to_owned(),
                        tr.problem(&p.error.problem),
                    )
                })
                .collect(),
        },
        Err(errors) => errors
            .into_iter()
            .map(|e| (e.row, e.column, tr.problem(&e.problem)))
            .collect(),
    };
    overview_page(&state, &staff, "", problems).await
}

#[derive(Deserialize, Default)]
pub struct ResearcherForm {
    #[serde(default)]
    on: String,
}

pub async fn set_researcher(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<ResearcherForm>,
) -> AppResult<Response> {
    let on = yes(&f.on).map_err(|e| e.in_field("on"))?;
    enquete_app::research::set_researcher(&state, &staff.caller, UserId(id), on).await?;
    Ok(see_other("/users"))
}

// The public pages and the open export.

#[derive(Template)]
#[template(path = "research_public.html")]
struct PublicList {
    c: Chrome,
    org: i64,
    q: String,
    hits: Vec<HitView>,
}

pub async fn public_list(
    State(state): State<AppState>,
    ctx: Ctx,
    Id(org): Id,
    Params(q): Params<SearchQuery>,
) -> AppResult<Response> {
    let hits = enquete_app::research::public_search(&state, UnitId(org), &q.q).await?;
    page(&PublicList {
        c: Chrome::new(&ctx),
        org,
        q: q.q,
        hits: hits.iter().map(hit_view).collect(),
    })
}

#[derive(Template)]
#[template(path = "research_public_company.html")]
struct PublicCompany {
    c: Chrome,
    org: i64,
    f: FileView,
    graph: String,
    near: Vec<(i64, String, u8)>,
}

pub async fn public_company(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((org, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let (Ok(org), Ok(id)) = (org.parse::<i64>(), id.parse::<i64>()) else {
        return Err(AppError::NotFound("company"));
    };
    let (file, graph) = enquete_app::research::public_company(&state, UnitId(org), id).await?;
    let c = Chrome::new(&ctx);
    page(&PublicCompany {
        f: file_view(c.tr, &file),
        graph: graph_svg(&c, &graph, &format!("/companies/{org}/")),
        near: graph.companies.clone(),
        org,
        c,
    })
}

/// One published fact in the open export: what it says, with its evidence.
#[derive(Serialize)]
struct ExportFact {
    id: i64,
    kind: &'static str,
    company: String,
    /// A link's other company, a site's name, a shipment's site.
    object: String,
    /// A link's kind, a site's kind, a shipment's cargo.
    detail: String,
    share_percent: Option<u8>,
    country: String,
    registry_number: String,
    carrier: String,
    vessel: String,
    departs_on: String,
    arrives_on: String,
    destination: String,
    concern: bool,
    source_kind: &'static str,
    source: String,
    source_date: String,
    reliability: &'static str,
    published_on: String,
}

fn day(t: enquete_domain::Timestamp) -> String {
    t.date()
}

fn export_rows(p: &enquete_store::PublishedResearch) -> Vec<ExportFact> {
    let base = |f: &FactRecord, kind: &'static str, company: &str| ExportFact {
        id: f.id,
        kind,
        company: company.to_owned(),
        object: String::new(),
        detail: String::new(),
        share_percent: None,
        country: String::new(),
        registry_number: String::new(),
        carrier: String::new(),
        vessel: String::new(),
        departs_on: String::new(),
        arrives_on: String::new(),
        destination: String::new(),
        concern: false,
        source_kind: f.evidence.source_kind.as_str(),
        source: f.evidence.source.clone(),
        source_date: day(f.evidence.date),
        reliability: f.evidence.reliability.as_str(),
        published_on: f.published_at.map(day).unwrap_or_default(),
    };
    let mut out = Vec::new();
    for c in &p.companies {
        out.push(ExportFact {
            country: c.draft.country.clone(),
            registry_number: c.draft.registry_number.clone(),
            ..base(&c.fact, "company", &c.draft.name)
        });
    }
    for l in &p.links {
        out.push(ExportFact {
            object: l.to_name.clone(),
            detail: l.draft.kind.as_str().to_owned(),
            share_percent: l.draft.share,
            ..base(&l.fact, "link", &l.from_name)
        });
    }
    for s in &p.sites {
        out.push(ExportFact {
            object: s.draft.name.clone(),
            detail: s.draft.kind.as_str().to_owned(),
            country: s.draft.country.clone(),
            destination: s.draft.place.clone(),
            ..base(&s.fact, "site", &s.company_name)
        });
    }
    for s in &p.shipments {
        out.push(ExportFact {
            object: s.site_name.clone(),
            detail: s.draft.cargo.clone(),
            carrier: s.draft.carrier.clone(),
            vessel: s.draft.vessel.clone(),
            departs_on: s.draft.departs_on.map(day).unwrap_or_default(),
            arrives_on: day(s.draft.arrives_on),
            destination: s.draft.destination.clone(),
            concern: s.draft.concern,
            ..base(&s.fact, "shipment", &s.company_name)
        });
    }
    out
}

pub async fn export_json(State(state): State<AppState>, Id(org): Id) -> AppResult<Response> {
    let p = enquete_app::research::published(&state, UnitId(org)).await?;
    Ok(axum::Json(serde_json::json!({ "facts": export_rows(&p) })).into_response())
}

pub async fn export_csv(State(state): State<AppState>, Id(org): Id) -> AppResult<Response> {
    let p = enquete_app::research::published(&state, UnitId(org)).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    for mut row in export_rows(&p) {
        // A cell a spreadsheet would run as a formula is written as text.
        for cell in [
            &mut row.company,
            &mut row.object,
            &mut row.detail,
            &mut row.registry_number,
            &mut row.carrier,
            &mut row.vessel,
            &mut row.destination,
            &mut row.source,
        ] {
            *cell = enquete_formats::export::inert(cell).into_owned();
        }
        w.serialize(row)
            .map_err(|e| AppError::Internal(format!("research CSV: {e}")))?;
    }
    let out = w
        .into_inner()
        .map_err(|e| AppError::Internal(format!("research CSV: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"research-published.csv\"".to_owned(),
            ),
        ],
        out,
    )
        .into_response())
}
