//! Reaching people by mail: saved audiences (counted before they are saved), mailings written in
//! the four languages, previewed, tested, scheduled and followed, and the public unsubscribe
//! page that the link in every message opens (and that mail programs post to in one click).

use super::chrome::{Chrome, Invalid, page, refused, see_other};
use crate::ctx::{Ctx, Staff};
use crate::error::{AppError, AppResult};
use crate::extract::{Form, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use enquete_app::audiences::{AudienceInput, Reach, SavedAudience};
use enquete_app::mailings::{MailingInput, MailingView};
use enquete_domain::people::{Language, Stage};
use enquete_store::{MailingId, MailingRecord, SegmentId};
use serde::Deserialize;

fn reach_text(c: &Chrome, r: &Reach) -> String {
    c.tr.tn(
        "audience-reach",
        &[
            ("matched", r.matched.to_string()),
            ("reachable", r.reachable.to_string()),
            ("no_address", r.without_address.to_string()),
            ("bounced", r.bounced.to_string()),
            ("no_consent", r.without_consent.to_string()),
        ],
    )
}

/// A saved filter in words: "stage: member · tag: bus".
fn filter_text(c: &Chrome, a: &SavedAudience) -> String {
    let f = &a.filter;
    let mut parts = Vec::new();
    let mut add = |key: &str, v: String| parts.push(format!("{}: {v}", c.t(key)));
    if let Some(s) = &f.stage {
        add(
            "calls-stage",
            Stage::parse(s).map_or_else(|_| s.clone(), |s| c.tr.stage(s)),
        );
    }
    if let Some(t) = &f.tag {
        add("calls-tag", t.clone());
    }
    if let Some(l) = &f.language {
        add("audience-language", l.clone());
    }
    if let Some(w) = &f.workplace {
        add("audience-workplace", w.clone());
    }
    if let Some(a) = f.action {
        add(
            "audience-action",
            format!(
                "#{a} ({})",
                c.t(&format!(
                    "audience-rsvp-{}",
                    f.rsvp.as_deref().unwrap_or("coming")
                ))
            ),
        );
    }
    if let Some(p) = f.petition {
        add("audience-petition", format!("#{p}"));
    }
    if let (Some(s), Some(q)) = (f.survey, &f.question) {
        add(
            "audience-answer",
            format!("#{s} {q} = {}", f.answer.as_deref().unwrap_or("*")),
        );
    }
    if let Some(d) = f.active_days {
        add("audience-active-days", d.to_string());
    }
    if parts.is_empty() {
        c.t("audience-everyone")
    } else {
        parts.join(" · ")
    }
}

#[derive(Template)]
#[template(path = "audiences.html")]
struct AudiencesPage {
    c: Chrome,
    /// id, name, unit name, the filter in words.
    audiences: Vec<(i64, String, String, String)>,
    units: Vec<(i64, String)>,
    stages: Vec<(String, String)>,
    languages: Vec<(&'static str, &'static str)>,
    rsvps: Vec<(String, String)>,
    /// id, title.
    actions: Vec<(i64, String)>,
    petitions: Vec<(i64, String)>,
    surveys: Vec<(i64, String)>,
    typed: AudienceForm,
    reach: Option<String>,
    inv: Invalid,
}

#[derive(Deserialize, Clone, Default)]
pub struct AudienceForm {
    #[serde(default)]
    unit: i64,
    #[serde(default)]
    name: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    workplace: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    rsvp: String,
    #[serde(default)]
    petition: String,
    #[serde(default)]
    survey: String,
    #[serde(default)]
    question: String,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    active_days: String,
    /// `count` counts only; anything else saves.
    #[serde(default)]
    step: String,
}

impl AudienceForm {
    fn input(&self) -> AudienceInput {
        AudienceInput {
            unit_id: self.unit,
            name: self.name.clone(),
            stage: self.stage.clone(),
            tag: self.tag.clone(),
            language: self.language.clone(),
            workplace: self.workplace.clone(),
            action_id: self.action.clone(),
            rsvp: self.rsvp.clone(),
            petition_id: self.petition.clone(),
            survey_id: self.survey.clone(),
            question: self.question.clone(),
            answer: self.answer.clone(),
            active_days: self.active_days.clone(),
        }
    }
}

#[derive(Deserialize, Default)]
pub struct AudienceQuery {
    /// An action whose people the new audience starts from (the action page's reminder link).
    #[serde(default)]
    action: Option<i64>,
}

pub async fn audiences(
    State(state): State<AppState>,
    staff: Staff,
    axum::extract::Query(q): axum::extract::Query<AudienceQuery>,
) -> AppResult<Response> {
    let mut typed = AudienceForm::default();
    if let Some(action) = q.action {
        // The people coming to the action, in its unit: a reminder mailing with their bus.
        if let Ok(a) = state
            .store
            .action(enquete_domain::campaign::ActionId(action))
            .await
        {
            typed.unit = a.unit.0;
            typed.action = action.to_string();
            typed.rsvp = "coming".into();
            typed.name = a.title;
        }
    }
    audiences_page(&state, &staff, Invalid::none(), typed, None).await
}

async fn audiences_page(
    state: &AppState,
    staff: &Staff,
    inv: Invalid,
    typed: AudienceForm,
    reach: Option<Reach>,
) -> AppResult<Response> {
    let saved = enquete_app::audiences::list(state, &staff.caller).await?;
    let c = Chrome::new(&staff.ctx);
    let scope = &staff.user.unit_path;
    let units: Vec<(i64, String)> = state
        .store
        .subtree(scope, false)
        .await?
        .into_iter()
        .filter(|u| {
            enquete_app::scope::may(
                &staff.caller,
                enquete_domain::policy::Action::ManageMailings,
                u,
            )
        })
        .map(|u| (u.id.0, u.name.as_str().to_owned()))
        .collect();
    if units.is_empty() {
        return Err(AppError::Forbidden);
    }
    let actions = state
        .store
        .actions_reaching(scope)
        .await?
        .into_iter()
        .map(|a| (a.id.0, a.title))
        .collect();
    let petitions = state
        .store
        .petitions_reaching(scope)
        .await?
        .into_iter()
        .map(|p| (p.id.0, p.title.get(c.tr.lang).to_owned()))
        .collect();
    let surveys = state
        .store
        .surveys()
        .await?
        .into_iter()
        .map(|s| (s.id.0, s.definition.title.get(c.tr.lang).to_owned()))
        .collect();
    page(&AudiencesPage {
        audiences: saved
            .iter()
            .map(|a| {
                (
                    a.id.0,
                    a.name.clone(),
                    a.unit_name.clone(),
                    filter_text(&c, a),
                )
            })
            .collect(),
        units,
        stages: Stage::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), c.tr.stage(*s)))
            .collect(),
        languages: Language::ALL
            .iter()
            .map(|l| (l.code(), l.endonym()))
            .collect(),
        rsvps: ["coming", "waiting", "attended", "no_show"]
            .iter()
            .map(|k| ((*k).to_owned(), c.t(&format!("audience-rsvp-{k}"))))
            .collect(),
        actions,
        petitions,
        surveys,
        typed,
        reach: reach.map(|r| reach_text(&c, &r)),
        inv,
        c,
    })
}

/// Counts the selection (`step=count`) or saves it.
pub async fn save_audience(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<AudienceForm>,
) -> AppResult<Response> {
    let input = f.input();
    let again = |inv| audiences_page(&state, &staff, inv, f.clone(), None);
    if f.step == "count" {
        return match enquete_app::audiences::preview(&state, &staff.caller, &input).await {
            Ok(r) => audiences_page(&state, &staff, Invalid::none(), f.clone(), Some(r)).await,
            Err(e) => refused(staff.ctx.tr, e, again).await,
        };
    }
    match enquete_app::audiences::save(&state, &staff.caller, &input).await {
        Ok(_) => Ok(see_other("/audiences?done=audience-saved")),
        Err(e) => refused(staff.ctx.tr, e, again).await,
    }
}

pub async fn delete_audience(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(_): Form<Empty>,
) -> AppResult<Response> {
    match enquete_app::audiences::delete(&state, &staff.caller, SegmentId(id)).await {
        Ok(()) => Ok(see_other("/audiences?done=audience-deleted")),
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                audiences_page(&state, &staff, inv, AudienceForm::default(), None)
            })
            .await
        }
    }
}

#[derive(Deserialize, Clone, Default)]
pub struct Empty {}

#[derive(Template)]
#[template(path = "mailings.html")]
struct MailingsPage {
    c: Chrome,
    /// id, name, state in words, tally in words.
    mailings: Vec<(i64, String, String, String)>,
    audiences: Vec<(i64, String)>,
    form: MailingForm,
    /// Where the form posts.
    action: String,
    languages: Vec<(&'static str, &'static str)>,
    inv: Invalid,
}

#[derive(Deserialize, Clone, Default)]
pub struct MailingForm {
    #[serde(default)]
    audience: String,
    /// `email` or `sms`.
    #[serde(default)]
    channel: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    fallback: String,
    #[serde(default)]
    subject_nl: String,
    #[serde(default)]
    body_nl: String,
    #[serde(default)]
    subject_fr: String,
    #[serde(default)]
    body_fr: String,
    #[serde(default)]
    subject_de: String,
    #[serde(default)]
    body_de: String,
    #[serde(default)]
    subject_en: String,
    #[serde(default)]
    body_en: String,
}

impl MailingForm {
    fn input(&self) -> AppResult<MailingInput> {
        let audience_id = self.audience.trim().parse().map_err(|_| {
            AppError::Field(enquete_domain::FieldError::new(
                "audience_id",
                "error-no-audience",
            ))
        })?;
        Ok(MailingInput {
            audience_id,
            channel: self.channel.clone(),
            name: self.name.clone(),
            purpose: self.purpose.clone(),
            fallback: self.fallback.clone(),
            subject_nl: self.subject_nl.clone(),
            body_nl: self.body_nl.clone(),
            subject_fr: self.subject_fr.clone(),
            body_fr: self.body_fr.clone(),
            subject_de: self.subject_de.clone(),
            body_de: self.body_de.clone(),
            subject_en: self.subject_en.clone(),
            body_en: self.body_en.clone(),
        })
    }

    fn of(view: &MailingView) -> Self {
        let v = |lang: &str| view.templates.0.get(lang).cloned().unwrap_or_default();
        let (nl, fr, de, en) = (v("nl"), v("fr"), v("de"), v("en"));
        Self {
            audience: view.audience.id.0.to_string(),
            channel: view.mailing.channel.clone(),
            name: view.mailing.name.clone(),
            purpose: view.mailing.purpose.as_str().to_owned(),
            fallback: view.mailing.fallback.clone(),
            subject_nl: nl.subject,
            body_nl: nl.body,
            subject_fr: fr.subject,
            body_fr: fr.body,
            subject_de: de.subject,
            body_de: de.body,
            subject_en: en.subject,
            body_en: en.body,
        }
    }

    /// The subject and body fields per language, for the template: code, name, subject field,
    /// subject, body field, body.
    fn versions(
        &self,
    ) -> Vec<(
        &'static str,
        &'static str,
        &'static str,
        String,
        &'static str,
        String,
    )> {
        Language::ALL
            .iter()
            .map(|l| {
                let (sf, bf) = enquete_app::mailings::message::field_names(*l);
                let (s, b) = match l {
                    Language::Nl => (&self.subject_nl, &self.body_nl),
                    Language::Fr => (&self.subject_fr, &self.body_fr),
                    Language::De => (&self.subject_de, &self.body_de),
                    Language::En => (&self.subject_en, &self.body_en),
                };
                (l.code(), l.endonym(), sf, s.clone(), bf, b.clone())
            })
            .collect()
    }
}

fn state_text(c: &Chrome, m: &MailingRecord) -> String {
    let state = c.t(&format!("mailing-state-{}", m.state.as_str()));
    match (m.state, m.scheduled_at) {
        (enquete_store::MailingState::Scheduled, Some(at)) => {
            format!("{state} {}", c.tr.date_time(at))
        }
        _ => state,
    }
}

fn tally_text(c: &Chrome, m: &MailingRecord) -> String {
    let t = &m.tally;
    c.tr.tn(
        "mailing-tally",
        &[
            ("sent", t.sent.to_string()),
            ("recipients", t.recipients.to_string()),
            ("failed", t.failed.to_string()),
            ("bounced", t.bounced.to_string()),
            ("unsubscribed", t.unsubscribed.to_string()),
        ],
    )
}

pub async fn mailings(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    mailings_page(&state, &staff, Invalid::none(), MailingForm::default()).await
}

async fn mailings_page(
    state: &AppState,
    staff: &Staff,
    inv: Invalid,
    typed: MailingForm,
) -> AppResult<Response> {
    let here = enquete_domain::policy::Target::unit(&staff.user.unit_path);
    if !enquete_domain::policy::allows(
        &staff.caller.actor,
        enquete_domain::policy::Action::ManageMailings,
        here,
    ) {
        return Err(AppError::Forbidden);
    }
    let list = enquete_app::mailings::list(state, &staff.caller).await?;
    let audiences = enquete_app::audiences::list(state, &staff.caller).await?;
    let c = Chrome::new(&staff.ctx);
    page(&MailingsPage {
        mailings: list
            .iter()
            .map(|m| (m.id.0, m.name.clone(), state_text(&c, m), tally_text(&c, m)))
            .collect(),
        audiences: audiences
            .iter()
            .map(|a| (a.id.0, format!("{} ({})", a.name, a.unit_name)))
            .collect(),
        form: typed,
        action: "/mailings".to_owned(),
        languages: Language::ALL
            .iter()
            .map(|l| (l.code(), l.endonym()))
            .collect(),
        inv,
        c,
    })
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<MailingForm>,
) -> AppResult<Response> {
    let made = match f.input() {
        Ok(input) => enquete_app::mailings::create(&state, &staff.caller, &input)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match made {
        Ok(id) => Ok(see_other(&format!("/mailings/{}", id.0))),
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                mailings_page(&state, &staff, inv, f.clone())
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "mailing.html")]
struct MailingPage {
    c: Chrome,
    m: MailingRecord,
    draft: bool,
    /// Scheduled or sending: it can be stopped.
    stoppable: bool,
    state: String,
    tally: String,
    audience: String,
    reach: Option<String>,
    /// Language name, subject, body.
    previews: Vec<(String, String, String)>,
    form: MailingForm,
    audiences: Vec<(i64, String)>,
    languages: Vec<(&'static str, &'static str)>,
    fields: String,
    /// Where the form posts.
    action: String,
    /// For texts: the length of each version and the cost, in words.
    lengths: Vec<String>,
    /// Links followed, where click counting is on: the link, how often in words.
    clicks: Vec<(String, String)>,
    inv: Invalid,
}

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    mailing_page(&state, &staff, MailingId(id), Invalid::none(), None).await
}

async fn mailing_page(
    state: &AppState,
    staff: &Staff,
    id: MailingId,
    inv: Invalid,
    typed: Option<MailingForm>,
) -> AppResult<Response> {
    let view = enquete_app::mailings::view(state, &staff.caller, id).await?;
    let audiences = enquete_app::audiences::list(state, &staff.caller).await?;
    let c = Chrome::new(&staff.ctx);
    let mut fields: Vec<String> = enquete_app::mailings::message::FIELDS
        .iter()
        .map(|f| format!("{{{{{f}}}}}"))
        .collect();
    if view.audience.filter.action.is_some() {
        fields.extend(
            enquete_app::mailings::message::ACTION_FIELDS
                .iter()
                .map(|f| format!("{{{{{f}}}}}")),
        );
    }
    let m = view.mailing.clone();
    let mut lengths: Vec<String> = view
        .lengths
        .iter()
        .map(|(lang, units, gsm, parts)| {
            let name =
                Language::parse(lang).map_or_else(|_| lang.clone(), |l| l.endonym().to_owned());
            let kind = if *gsm { "" } else { " (Unicode)" };
            format!(
                "{name}: {}{kind}",
                c.tr.tn(
                    "sms-length",
                    &[("chars", units.to_string()), ("parts", parts.to_string())]
                )
            )
        })
        .collect();
    if let (Some(reach), Some(max)) = (view.reach.as_ref(), view.lengths.iter().map(|l| l.3).max())
    {
        let parts = reach.reachable * max as u64;
        let cents = parts * u64::from(state.config.sms_cost_cents);
        lengths.push(if state.config.sms_cost_cents > 0 {
            c.tr.tn(
                "sms-cost",
                &[
                    ("parts", parts.to_string()),
                    ("cost", format!("{}.{:02}", cents / 100, cents % 100)),
                ],
            )
        } else {
            c.tr.tn("sms-parts", &[("parts", parts.to_string())])
        });
    }
    page(&MailingPage {
        clicks: view
            .clicks
            .iter()
            .map(|(url, n)| {
                (
                    url.clone(),
                    c.tr.tn("mailings-clicks-n", &[("n", n.to_string())]),
                )
            })
            .collect(),
        lengths,
        draft: m.state == enquete_store::MailingState::Draft,
        stoppable: matches!(
            m.state,
            enquete_store::MailingState::Scheduled | enquete_store::MailingState::Sending
        ),
        state: state_text(&c, &m),
        tally: tally_text(&c, &m),
        audience: format!(
            "{} ({}): {}",
            view.audience.name,
            view.audience.unit_name,
            filter_text(&c, &view.audience)
        ),
        reach: view.reach.as_ref().map(|r| reach_text(&c, r)),
        previews: view
            .previews
            .iter()
            .map(|(l, s, b)| {
                (
                    Language::parse(l).map_or_else(|_| l.clone(), |l| l.endonym().to_owned()),
                    s.clone(),
                    b.clone(),
                )
            })
            .collect(),
        form: typed.unwrap_or_else(|| MailingForm::of(&view)),
        audiences: audiences
            .iter()
            .map(|a| (a.id.0, format!("{} ({})", a.name, a.unit_name)))
            .collect(),
        languages: Language::ALL
            .iter()
            .map(|l| (l.code(), l.endonym()))
            .collect(),
        fields: fields.join(" "),
        action: format!("/mailings/{}", m.id.0),
        m,
        inv,
        c,
    })
}

pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<MailingForm>,
) -> AppResult<Response> {
    let done = match f.input() {
        Ok(input) => enquete_app::mailings::update(&state, &staff.caller, MailingId(id), &input)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(see_other(&format!("/mailings/{id}?done=mailing-saved"))),
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                mailing_page(&state, &staff, MailingId(id), inv, Some(f.clone()))
            })
            .await
        }
    }
}

pub async fn test(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(_): Form<Empty>,
) -> AppResult<Response> {
    enquete_app::mailings::test_send(&state, &staff.caller, MailingId(id)).await?;
    Ok(see_other(&format!("/mailings/{id}?done=mailing-tested")))
}

#[derive(Deserialize, Clone, Default)]
pub struct ScheduleForm {
    /// Empty: now.
    #[serde(default)]
    send_at: String,
}

pub async fn schedule(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<ScheduleForm>,
) -> AppResult<Response> {
    let at = match f.send_at.trim() {
        "" => Ok(None),
        s => enquete_domain::dates::parse_datetime("send_at", s)
            .map(Some)
            .map_err(AppError::Field),
    };
    let done = match at {
        Ok(at) => enquete_app::mailings::schedule(&state, &staff.caller, MailingId(id), at)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(see_other(&format!("/mailings/{id}?done=mailing-scheduled"))),
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                mailing_page(&state, &staff, MailingId(id), inv, None)
            })
            .await
        }
    }
}

pub async fn cancel(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(_): Form<Empty>,
) -> AppResult<Response> {
    enquete_app::mailings::cancel(&state, &staff.caller, MailingId(id)).await?;
    Ok(see_other(&format!("/mailings/{id}")))
}

#[derive(Deserialize, Clone, Default)]
pub struct BouncesForm {
    #[serde(default)]
    report: String,
}

pub async fn bounces(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<BouncesForm>,
) -> AppResult<Response> {
    let done =
        enquete_app::mailings::import_bounces(&state, &staff.caller, MailingId(id), &f.report)
            .await;
    match done {
        Ok(_) => Ok(see_other(&format!("/mailings/{id}?done=bounces-imported"))),
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                mailing_page(&state, &staff, MailingId(id), inv, None)
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "unsubscribe.html")]
struct UnsubscribePage {
    c: Chrome,
    token: String,
    mailing: String,
    done: bool,
}

/// The page the link in a message opens: it asks, it does not unsubscribe by itself (mail
/// scanners open links).
#[derive(Deserialize, Default)]
pub struct GatewayReport {
    /// Our reference (`{id}` in the request), as the gateway sends it back.
    #[serde(
        default,
        alias = "reference",
        alias = "ref",
        alias = "client_ref",
        alias = "messageId"
    )]
    id: String,
    #[serde(default, alias = "state", alias = "dlr_status")]
    status: String,
    /// An answer: the number it came from and its text.
    #[serde(default, alias = "msisdn", alias = "sender", alias = "From")]
    from: String,
    #[serde(default, alias = "message", alias = "body", alias = "Body")]
    text: String,
}

/// The gateway's report as form fields or JSON.
fn report_of(headers: &axum::http::HeaderMap, body: &[u8]) -> GatewayReport {
    let json = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    if json {
        serde_json::from_slice(body).unwrap_or_default()
    } else {
        serde_urlencoded::from_bytes(body).unwrap_or_default()
    }
}

/// The gateway's secret address: anything else is not found.
fn gateway_allowed(state: &AppState, secret: &str) -> AppResult<()> {
    match &state.config.sms_webhook_secret {
        Some(s) if crate::extract::tokens_match(secret, s) => Ok(()),
        _ => Err(AppError::NotFound("page")),
    }
}

/// A delivery report from the SMS gateway (`POST /sms/receipt/{secret}`).
pub async fn sms_receipt(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> AppResult<Response> {
    gateway_allowed(&state, &secret)?;
    let report = report_of(&headers, &body);
    let known = enquete_app::mailings::delivery(&state, &report.id, &report.status).await?;
    Ok(axum::response::IntoResponse::into_response(if known {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::NOT_FOUND
    }))
}

/// An answer forwarded by the SMS gateway (`POST /sms/inbound/{secret}`): STOP stops.
pub async fn sms_inbound(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(secret): Path<String>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> AppResult<Response> {
    gateway_allowed(&state, &secret)?;
    let report = report_of(&headers, &body);
    enquete_app::mailings::inbound(
        &state,
        &report.from,
        &report.text,
        &ctx.ip,
        enquete_domain::Timestamp::now_utc(),
    )
    .await?;
    Ok(axum::response::IntoResponse::into_response(
        axum::http::StatusCode::OK,
    ))
}

/// A counted link of a mailing: counted, then on to where it leads.
pub async fn click(
    State(state): State<AppState>,
    Path((mailing, n)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let to = enquete_app::mailings::click(&state, mailing, n)
        .await?
        .ok_or(AppError::NotFound("link"))?;
    Ok(axum::response::IntoResponse::into_response(
        axum::response::Redirect::to(&to),
    ))
}

pub async fn unsubscribe_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let owner = enquete_app::mailings::link(&state, &token)
        .await?
        .ok_or(AppError::NotFound("link"))?;
    page(&UnsubscribePage {
        c: Chrome::new(&ctx),
        token,
        mailing: owner.mailing_name,
        done: owner.unsubscribed,
    })
}

/// Unsubscribes: the button of the page, or a mail program's one-click POST (RFC 8058, body
/// `List-Unsubscribe=One-Click`). The token in the address is the only credential.
pub async fn unsubscribe(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let owner = enquete_app::mailings::unsubscribe(
        &state,
        &token,
        &ctx.ip,
        enquete_domain::Timestamp::now_utc(),
    )
    .await?
    .ok_or(AppError::NotFound("link"))?;
    page(&UnsubscribePage {
        c: Chrome::new(&ctx),
        token,
        mailing: owner.mailing_name,
        done: true,
    })
}
