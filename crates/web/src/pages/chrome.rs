//! What every page shares: the frame around its content (menu, language switch, notices), rendering a
//! template, redirecting after a form, and errors shown as pages in the visitor's language.

use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use askama::Template;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use enquete_domain::people::Language;
use enquete_domain::policy::{Action, Target, allows};

/// What every page shows around its content: the menu, the language switch, a notice.
pub struct Chrome {
    pub tr: Tr,
    pub csrf: String,
    pub user_name: Option<String>,
    pub nav: Vec<(String, String)>,
    pub notice: Option<String>,
    pub languages: Vec<(&'static str, &'static str)>,
    /// Shown to those who run the platform while personal data is stored unencrypted: one
    /// line, and what to do about it behind it (so that it does not fill a phone's screen).
    pub warning: Option<(String, String)>,
}

/// Notices a page may show after a redirect (`?done=...`); anything else is ignored.
const NOTICES: &[&str] = &[
    "unit-created",
    "unit-renamed",
    "postcodes-saved",
    "unit-moved",
    "unit-archived",
    "unit-restored",
    "person-saved",
    "stage-moved",
    "consent-recorded",
    "merged",
    "password-changed",
    "survey-published",
    "link-created",
    "themes-saved",
    "targets-saved",
    "rules-saved",
    "rsvp-taken",
    "rsvp-cancelled",
    "checked-in",
    "checked-in-moved",
    "bus-added",
    "bus-assigned",
    "person-erased",
    "password-reset",
    "call-recorded",
    "audience-saved",
    "audience-deleted",
    "mailing-saved",
    "mailing-tested",
    "mailing-scheduled",
    "bounces-imported",
    "rule-saved",
    "task-done",
    "article-saved",
    "image-added",
];

impl Chrome {
    pub fn new(ctx: &Ctx) -> Self {
        let tr = ctx.tr;
        let mut nav = Vec::new();
        let mut warning = None;
        if let Some(user) = &ctx.user {
            let actor = user.actor();
            let here = Target::unit(&user.unit_path);
            nav.push(("/".to_owned(), tr.t("today-title")));
            if allows(&actor, Action::ViewUnit, here) {
                nav.push(("/units".to_owned(), tr.t("nav-tree")));
            }
            if allows(&actor, Action::CollectResponses, here) {
                nav.push(("/canvass".to_owned(), tr.t("nav-canvass")));
            }
            if allows(&actor, Action::ManageAssignments, here) {
                nav.push(("/assignments".to_owned(), tr.t("nav-assignments")));
            }
            if allows(&actor, Action::MakeCalls, here) || allows(&actor, Action::ManageCalls, here)
            {
                nav.push(("/calls".to_owned(), tr.t("nav-calls")));
            }
            if allows(&actor, Action::ListPeople, here) {
                nav.push(("/people".to_owned(), tr.t("nav-people")));
            }
            if allows(&actor, Action::ManageMailings, here) {
                nav.push(("/mailings".to_owned(), tr.t("nav-mailings")));
            }
            if allows(&actor, Action::ManageActions, here)
                || allows(&actor, Action::ManageCampaigns, here)
            {
                nav.push(("/campaigns".to_owned(), tr.t("nav-campaigns")));
            }
            if allows(&actor, Action::CheckIn, here) {
                nav.push(("/actions".to_owned(), tr.t("nav-actions")));
            }
            if allows(&actor, Action::ManagePetitions, here) {
                nav.push(("/petitions".to_owned(), tr.t("nav-petitions")));
            }
            if allows(&actor, Action::ManageActions, here) {
                nav.push(("/training".to_owned(), tr.t("nav-training")));
            }
            if allows(&actor, Action::ManageFestival, here) {
                nav.push(("/festivals".to_owned(), tr.t("nav-festivals")));
            } else if allows(&actor, Action::ScanTickets, here) {
                nav.push(("/gate".to_owned(), tr.t("nav-gate")));
            }
            if allows(&actor, Action::WriteNews, here) {
                nav.push(("/articles".to_owned(), tr.t("nav-news")));
            }
            if allows(&actor, Action::ViewSurveys, here) {
                nav.push(("/surveys".to_owned(), tr.t("nav-surveys")));
            }
            if allows(
                &actor,
                Action::Research,
                Target::unit(&actor.organization()),
            ) {
                nav.push(("/research".to_owned(), tr.t("nav-research")));
            }
            if allows(&actor, Action::ListUsers, here) {
                nav.push(("/users".to_owned(), tr.t("nav-users")));
            }
            if user.user.role == enquete_domain::account::Role::NationalAdmin
                || !actor.others.is_empty()
            {
                nav.push(("/organizations".to_owned(), tr.t("nav-organizations")));
            }
            if allows(&actor, Action::ViewAudit, here) {
                nav.push(("/audit".to_owned(), tr.t("nav-audit")));
                if ctx.unencrypted {
                    warning = Some((
                        tr.t("warning-unencrypted-short"),
                        tr.t("warning-unencrypted-more"),
                    ));
                }
            }
            nav.push(("/account".to_owned(), tr.t("nav-account")));
        }
        let notice = ctx
            .path
            .split_once("done=")
            .map(|(_, rest)| rest.split('&').next().unwrap_or(""))
            .filter(|key| NOTICES.contains(key))
            .map(|key| tr.t(&format!("done-{key}")));
        Self {
            tr,
            csrf: ctx.csrf.clone(),
            user_name: ctx.user.as_ref().map(|u| u.user.display_name.clone()),
            nav,
            notice,
            warning,
            languages: Language::ALL
                .iter()
                .map(|l| (l.code(), l.endonym()))
                .collect(),
        }
    }

    /// No menu, no language switch, no form: for a document that is saved to a file
    /// ([`crate::render`]).
    pub fn standalone(tr: Tr) -> Self {
        Self {
            tr,
            csrf: String::new(),
            user_name: None,
            nav: Vec::new(),
            notice: None,
            languages: Vec::new(),
            warning: None,
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }
}

/// Renders a template into a response.
pub fn page(template: &impl Template) -> AppResult<Response> {
    html(template.render())
}

/// A rendered template as a response.
pub fn html(rendered: Result<String, askama::Error>) -> AppResult<Response> {
    rendered
        .map(|html| Html(html).into_response())
        .map_err(|e| AppError::Internal(format!("template: {e}")))
}

/// Redirect after a successful form (303, so the browser follows with GET).
pub fn see_other(to: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(axum::http::header::LOCATION, to.to_owned())],
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    title: String,
    message: String,
    /// The internal name of the field at fault, for scripts (`data-field`); people read its
    /// label in the message.
    field: String,
}

/// The HTML face of an [`AppError`], in the visitor's language.
pub fn render_error_page(ctx: &Ctx, err: &AppError) -> Response {
    let c = Chrome::new(ctx);
    let title_key = match err {
        AppError::Field(_) | AppError::Input { .. } => "error-title-input",
        AppError::Forbidden | AppError::Csrf | AppError::MustChangePassword => {
            "error-title-forbidden"
        }
        AppError::NotFound(_) => "error-title-notfound",
        AppError::Busy { .. } => "error-title-busy",
        _ => "error-title-other",
    };
    let message = err.message_in(c.tr);
    let template = ErrorPage {
        title: c.t(title_key),
        message,
        field: err.field().unwrap_or_default(),
        c,
    };
    let mut response = match template.render() {
        Ok(html) => (err.status(), Html(html)).into_response(),
        Err(_) => (err.status(), err.message_in(ctx.tr)).into_response(),
    };
    err.add_headers(&mut response);
    response
}

fn lang_header(tr: Tr) -> axum::http::HeaderValue {
    axum::http::HeaderValue::from_static(tr.code())
}

/// Turns the errors of page routes into HTML pages in the visitor's language, and sends a
/// visitor who is not logged in to the login page (coming back afterwards). The API keeps its
/// JSON errors; paths without a context (static files, health) pass through.
pub async fn error_pages(req: Request, next: Next) -> Response {
    let ctx = req.extensions().get::<Ctx>().cloned();
    let response = next.run(req).await;
    let Some(ctx) = ctx else { return response };
    if ctx.path.starts_with("/api/") {
        // The JSON error again, worded in the caller's language.
        return match response.extensions().get::<AppError>().cloned() {
            Some(err) => {
                let mut translated = (err.status(), axum::Json(err.body(ctx.tr))).into_response();
                err.add_headers(&mut translated);
                translated
                    .headers_mut()
                    .insert(axum::http::header::CONTENT_LANGUAGE, lang_header(ctx.tr));
                translated.extensions_mut().insert(err);
                translated
            }
            None => response,
        };
    }
    match response.extensions().get::<AppError>() {
        Some(AppError::Unauthenticated) => {
            let next = form_urlencoded::byte_serialize(ctx.path.as_bytes()).collect::<String>();
            Redirect::to(&format!("/login?next={next}")).into_response()
        }
        Some(err) => render_error_page(&ctx, err),
        None => response,
    }
}

/// A form's field error, shown beside its field when the form is rendered again with what
/// the visitor typed: `aria-invalid` and `aria-describedby` on the field, the message in the
/// visitor's language under it. An error about no field of the form shows above it.
#[derive(Debug, Clone, Default)]
pub struct Invalid {
    /// The internal name of the field at fault (the form's `name` attribute), if any.
    pub field: Option<String>,
    /// The message, in the visitor's language; empty when the form has no error.
    pub message: String,
}

impl Invalid {
    /// No error: the form as first shown.
    pub fn none() -> Self {
        Self::default()
    }

    /// The field error of `err` as the form shows it; `None` for errors that are not about a
    /// value the visitor typed (those become an error page).
    pub fn of(tr: Tr, err: &AppError) -> Option<Self> {
        let (field, problem) = (err.field()?, err.problem()?);
        Some(Self {
            field: Some(field),
            message: tr.problem(problem),
        })
    }

    /// The error of a field of a form that names its fields as the domain does.
    pub fn field(tr: Tr, err: &enquete_domain::FieldError) -> Self {
        Self {
            field: Some(err.field.to_owned()),
            message: tr.problem(&err.problem),
        }
    }

    /// Says the error belongs to form field `name` (when the domain calls it otherwise).
    #[must_use]
    pub fn on(mut self, name: &str) -> Self {
        self.field = Some(name.to_owned());
        self
    }

    pub fn any(&self) -> bool {
        !self.message.is_empty()
    }

    /// Whether the error is about the field `name`.
    pub fn is(&self, name: &str) -> bool {
        self.any() && self.field.as_deref() == Some(name)
    }

    /// The attributes of an input: `aria-invalid` and `aria-describedby` when it is at fault.
    /// `name` comes from the template, so it needs no escaping.
    pub fn aria(&self, name: &str) -> String {
        if self.is(name) {
            format!(r#"aria-invalid="true" aria-describedby="{name}-error""#)
        } else {
            String::new()
        }
    }

    /// The message under the field `name`, as HTML, when the error is about it.
    pub fn note(&self, name: &str) -> String {
        if self.is(name) {
            let field = escape(self.field.as_deref().unwrap_or(name));
            format!(
                r#"<span class="field-error" id="{name}-error" data-field="{field}">{}</span>"#,
                escape(&self.message)
            )
        } else {
            String::new()
        }
    }

    /// The message above the form when it is about none of `fields`.
    pub fn elsewhere(&self, fields: &[&str]) -> Option<&str> {
        (self.any() && !fields.iter().any(|f| self.is(f))).then_some(self.message.as_str())
    }
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A form page rendered again with a field error: 422, so that scripts and tests see the
/// refusal, while the visitor sees their form as they typed it.
pub fn unprocessable(mut response: Response) -> Response {
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    response
}

/// One of the site's own scripts (`static/*.js`), kept by browsers for an hour.
pub fn script(body: &'static str) -> Response {
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/javascript; charset=utf-8",
            ),
            (axum::http::header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// A refused form shown again: a field error goes beside its field on the page `again` renders
/// with it (422, the form as typed); anything else becomes an error page.
pub async fn refused<F>(
    tr: Tr,
    e: impl Into<AppError>,
    again: impl FnOnce(Invalid) -> F,
) -> AppResult<Response>
where
    F: std::future::Future<Output = AppResult<Response>>,
{
    let e = e.into();
    match Invalid::of(tr, &e) {
        Some(inv) => Ok(unprocessable(again(inv).await?)),
        None => Err(e),
    }
}

/// A field error as one line in the visitor's language: the field's label, then the problem.
pub fn say(tr: Tr, e: &enquete_domain::FieldError) -> String {
    AppError::Field(e.clone()).message_in(tr)
}
