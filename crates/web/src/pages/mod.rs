//! Server-rendered pages, one file per resource. Handlers are thin: check the policy, call the
//! store, fill a template.

mod account;
pub(crate) mod actions;
mod assignments;
mod audit;
pub(crate) mod campaigns;
mod canvass;
mod designer;
mod login;
mod meetings;
mod password;
pub mod people;
pub(crate) mod petitions;
pub mod privacy;
mod public;
pub(crate) mod results;
pub mod surveys;
pub mod units;
pub mod users;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use enquete_domain::people::Language;
use enquete_domain::policy::{Action, Actor, Target, allows};

/// What every page shows around its content: the menu, the language switch, a notice.
pub struct Chrome {
    pub tr: Tr,
    pub csrf: String,
    pub user_name: Option<String>,
    pub nav: Vec<(String, String)>,
    pub notice: Option<String>,
    pub languages: Vec<(&'static str, &'static str)>,
    /// Shown to those who run the platform while personal data is stored unencrypted.
    pub warning: Option<String>,
}

/// Notices a page may show after a redirect (`?done=...`); anything else is ignored.
const NOTICES: &[&str] = &[
    "unit-created",
    "unit-renamed",
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
];

impl Chrome {
    pub fn new(ctx: &Ctx) -> Self {
        let tr = ctx.tr;
        let mut nav = Vec::new();
        let mut warning = None;
        if let Some(user) = &ctx.user {
            let actor = Actor {
                user: user.user.id,
                role: user.user.role,
                scope: user.unit_path.clone(),
            };
            let here = Target::unit(&user.unit_path);
            if allows(&actor, Action::ViewUnit, here) {
                nav.push(("/units".to_owned(), tr.t("nav-tree")));
            }
            if allows(&actor, Action::CollectResponses, here) {
                nav.push(("/canvass".to_owned(), tr.t("nav-canvass")));
            }
            if allows(&actor, Action::ManageAssignments, here) {
                nav.push(("/assignments".to_owned(), tr.t("nav-assignments")));
            }
            if allows(&actor, Action::ListPeople, here) {
                nav.push(("/people".to_owned(), tr.t("nav-people")));
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
            if allows(&actor, Action::ViewSurveys, here) {
                nav.push(("/surveys".to_owned(), tr.t("nav-surveys")));
            }
            if allows(&actor, Action::ListUsers, here) {
                nav.push(("/users".to_owned(), tr.t("nav-users")));
            }
            if allows(&actor, Action::ViewAudit, here) {
                nav.push(("/audit".to_owned(), tr.t("nav-audit")));
                if ctx.unencrypted {
                    warning = Some(tr.t("warning-unencrypted"));
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

    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }
}

/// Renders a template into a response.
pub fn page(template: &impl Template) -> AppResult<Response> {
    template
        .render()
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
        _ => "error-title-other",
    };
    let template = ErrorPage {
        title: c.t(title_key),
        message: err.message(),
        c,
    };
    match template.render() {
        Ok(html) => (err.status(), Html(html)).into_response(),
        Err(_) => (err.status(), err.message()).into_response(),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(units::home))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route(
            "/password/forgot",
            get(password::forgot_form).post(password::forgot_submit),
        )
        .route(
            "/password/reset/{token}",
            get(password::reset_form).post(password::reset_submit),
        )
        .route("/language", post(login::language))
        .route("/units", get(units::tree).post(units::create))
        .route("/units/{id}", get(units::show))
        .route("/units/{id}/rename", post(units::rename))
        .route("/units/{id}/move", post(units::move_unit))
        .route("/units/{id}/archive", post(units::archive))
        .route("/units/{id}/restore", post(units::restore))
        .route("/people", get(people::list).post(people::create))
        .route("/people/new", get(people::new_form))
        .route("/people/duplicates", get(people::duplicates))
        .route("/people/{id}", get(people::show).post(people::update))
        .route("/people/{id}/edit", get(people::edit_form))
        .route("/people/{id}/stage", post(people::move_stage))
        .route("/people/{id}/consents", post(people::consent))
        .route("/people/{id}/merge", post(people::merge))
        .route("/people/{id}/export", get(privacy::show))
        .route("/people/{id}/export.json", get(privacy::json))
        .route("/people/{id}/erase", post(privacy::erase))
        .route("/users", get(users::list).post(users::create))
        .route("/account", get(account::show))
        .route("/account/password", post(account::change_password))
        .route("/audit", get(audit::list))
        .route("/surveys", get(surveys::list))
        .route("/surveys/import", post(surveys::import))
        .route("/surveys/{id}", get(surveys::show))
        .route("/surveys/{id}/xlsform", get(surveys::download))
        .route("/surveys/{id}/results", get(results::show))
        .route("/surveys/{id}/crosstab", get(results::crosstab))
        .route("/surveys/{id}/export.csv", get(results::export_csv))
        .route("/surveys/{id}/export.parquet", get(results::export_parquet))
        .route(
            "/surveys/{id}/themes",
            get(results::themes).post(results::edit_themes),
        )
        .route("/surveys/{id}/responses", post(surveys::import_paper))
        .route("/s/{token}", get(public::form).post(public::submit))
        .route("/surveys/{id}/links", post(surveys::create_link))
        .route("/surveys/{id}/edit", post(designer::edit_published))
        .route("/designer", get(designer::list).post(designer::create))
        .route("/designer/{form_id}", get(designer::show))
        .route(
            "/designer/{form_id}/questions",
            post(designer::save_question),
        )
        .route(
            "/designer/{form_id}/questions/{name}",
            get(designer::edit_question),
        )
        .route(
            "/designer/{form_id}/questions/{name}/change",
            post(designer::change_question),
        )
        .route("/designer/{form_id}/publish", post(designer::publish))
        .route(
            "/assignments",
            get(assignments::list).post(assignments::create),
        )
        .route("/assignments/{id}", get(assignments::show))
        .route("/canvass", get(canvass::list))
        .route("/canvass/sw.js", get(canvass::service_worker))
        .route("/canvass/{id}", get(canvass::show))
        .route("/static/canvass.js", get(canvass::script))
        .route("/static/logout.js", get(canvass::logout_script))
        .route("/campaigns", get(campaigns::list).post(campaigns::create))
        .route("/campaigns/{id}", get(campaigns::show))
        .route("/campaigns/{id}/targets", post(campaigns::set_targets))
        .route(
            "/ladder",
            get(campaigns::ladder).post(campaigns::set_ladder),
        )
        .route("/actions", get(actions::list).post(actions::create))
        .route("/actions/{id}", get(actions::show))
        .route("/actions/{id}/rsvps", post(actions::rsvp))
        .route("/actions/{id}/rsvps/{rsvp}/cancel", post(actions::cancel))
        .route("/actions/{id}/rsvps/{rsvp}/bus", post(actions::seat))
        .route("/actions/{id}/checkin", post(actions::check_in))
        .route("/actions/{id}/buses", post(actions::add_bus))
        .route("/actions/{id}/reminders.csv", get(actions::reminders))
        .route(
            "/a/{token}",
            get(actions::public_form).post(actions::public_submit),
        )
        .route("/petitions", get(petitions::list).post(petitions::create))
        .route("/petitions/{id}", get(petitions::show))
        .route("/petitions/{id}/signatures.csv", get(petitions::export))
        .route(
            "/p/{token}",
            get(petitions::public_form).post(petitions::public_sign),
        )
        .route("/p/{token}/count", get(petitions::public_count))
        .route("/static/petition.js", get(petitions::script))
        .route(
            "/units/{id}/meetings",
            get(meetings::list).post(meetings::create),
        )
        .route("/meetings/{id}", get(meetings::show))
        .route("/meetings/{id}/notes", post(meetings::notes))
        .route("/meetings/{id}/present", post(meetings::present))
        .route("/meetings/{id}/decisions", post(meetings::decide))
        .route(
            "/meetings/{id}/decisions/{decision}/done",
            post(meetings::done),
        )
        .route(
            "/units/{id}/projects",
            get(meetings::projects).post(meetings::create_project),
        )
        .route(
            "/projects/{id}",
            get(meetings::project).post(meetings::update_project),
        )
        .route("/projects/{id}/volunteers", post(meetings::volunteer))
        .route("/projects/{id}/updates", post(meetings::post_update))
}
