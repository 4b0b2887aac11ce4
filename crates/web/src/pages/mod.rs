//! Server-rendered pages, one file per resource. Handlers are thin: parse the form, call an
//! operation of `enquete_app` (which asks the policy and writes the audit entry), fill a
//! template. Pages never import the API, nor the API pages.

mod account;
pub(crate) mod actions;
mod articles;
mod assignments;
mod audit;
mod calendar;
mod calls;
pub(crate) mod campaigns;
mod canvass;
pub mod chrome;
mod composition;
mod conversation_public;
mod conversations;
mod designer;
mod duplicates;
mod festival;
mod files;
mod followups;
mod gates;
mod integrations;
mod login;
mod mailings;
mod meetings;
mod motions;
mod news;
mod organizations;
mod password;
pub mod people;
pub(crate) mod petitions;
mod picker;
mod privacy;
mod programme;
mod public;
mod research;
pub(crate) mod results;
pub mod surveys;
mod training;
pub mod units;
pub mod users;
mod webhooks;
mod workplaces;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

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
        .route("/units/{id}/postcodes", post(units::postcodes))
        .route(
            "/units/{id}/workplace",
            get(workplaces::show).post(workplaces::save),
        )
        .route("/units/{id}/workplace/parts", post(workplaces::add_part))
        .route("/units/{id}/workplace/sites", post(workplaces::link_site))
        .route(
            "/units/{id}/conversations",
            get(conversations::list).post(conversations::create),
        )
        .route("/conversations/{id}", get(conversations::show))
        .route(
            "/conversations/{id}/statements",
            post(conversations::add_statement),
        )
        .route("/conversations/{id}/open", post(conversations::set_open))
        .route(
            "/conversations/{id}/survey",
            post(conversations::link_survey),
        )
        .route("/statements/{id}/moderate", post(conversations::moderate))
        .route(
            "/statements/{id}/translations",
            post(conversations::translate),
        )
        .route(
            "/c/{token}",
            get(conversation_public::public).post(conversation_public::public_vote),
        )
        .route("/c/{token}/votes", post(conversation_public::phone_votes))
        .route("/c/{token}/forget", post(conversation_public::forget))
        .route("/c/sw.js", get(conversation_public::service_worker))
        .route("/static/conversation.js", get(conversation_public::script))
        .route("/research", get(research::overview))
        .route("/research/companies", post(research::add_company))
        .route("/research/companies/{id}", get(research::company))
        .route("/research/companies/{id}/links", post(research::add_link))
        .route("/research/companies/{id}/sites", post(research::add_site))
        .route("/research/companies/{id}/items", post(research::add_item))
        .route(
            "/research/companies/{id}/shipments",
            post(research::add_shipment),
        )
        .route("/research/facts/{id}/review", post(research::review))
        .route("/research/facts/{id}/publish", post(research::publish))
        .route("/research/import", post(research::import))
        .route("/users/{id}/researcher", post(research::set_researcher))
        .route("/companies/{id}", get(research::public_list))
        .route("/companies/{id}/published.json", get(research::export_json))
        .route("/companies/{id}/published.csv", get(research::export_csv))
        .route("/companies/{id}/{company}", get(research::public_company))
        .route("/units/{id}/workplace/cells", post(workplaces::cells))
        .route("/units/{id}/workplace/tests", post(workplaces::add_test))
        .route("/workplace-tests/{id}/counts", post(workplaces::set_count))
        .route("/units/{id}/workers", get(workplaces::workers))
        .route(
            "/units/{id}/motions",
            get(motions::list).post(motions::create),
        )
        .route("/motions/{id}", get(motions::show))
        .route("/motions/{id}/demands", post(motions::add_demand))
        .route("/demands/{id}/update", post(motions::update))
        .route("/demands/{id}/actions", post(motions::link))
        .route("/units/{id}/workers/{person}", get(workplaces::worker))
        .route(
            "/units/{id}/workers/{person}/place",
            post(workplaces::place),
        )
        .route(
            "/units/{id}/workers/{person}/assess",
            post(workplaces::assess),
        )
        .route("/units/{id}/move", post(units::move_unit))
        .route("/units/{id}/archive", post(units::archive))
        .route("/units/{id}/restore", post(units::restore))
        .route("/people", get(people::list).post(people::create))
        .route("/people/new", get(people::new_form))
        .route("/people/duplicates", get(duplicates::duplicates))
        .route("/people/bulk", post(people::bulk))
        .route("/people/{id}", get(people::show).post(people::update))
        .route("/people/{id}/edit", get(people::edit_form))
        .route("/people/{id}/stage", post(people::move_stage))
        .route("/people/{id}/consents", post(people::consent))
        .route("/people/{id}/merge", post(duplicates::merge))
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
        .route("/surveys/{id}/files", get(files::list))
        .route("/responses/{id}/files/{name}", get(files::one))
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
        .route("/calls", get(calls::list).post(calls::create))
        .route("/calls/{id}", get(calls::show))
        .route("/calls/{id}/outcome", post(calls::outcome))
        .route("/calls/{id}/close", post(calls::close))
        .route(
            "/audiences",
            get(mailings::audiences).post(mailings::save_audience),
        )
        .route("/audiences/{id}/delete", post(mailings::delete_audience))
        .route(
            "/followups",
            get(followups::rules).post(followups::create_rule),
        )
        .route("/followups/{id}/stop", post(followups::stop_rule))
        .route("/tasks", get(followups::tasks))
        .route("/tasks/{id}/done", post(followups::task_done))
        .route("/mailings", get(mailings::mailings).post(mailings::create))
        .route("/mailings/{id}", get(mailings::show).post(mailings::update))
        .route("/mailings/{id}/test", post(mailings::test))
        .route("/mailings/{id}/schedule", post(mailings::schedule))
        .route("/mailings/{id}/cancel", post(mailings::cancel))
        .route("/mailings/{id}/bounces", post(mailings::bounces))
        .route("/c/{mailing}/{n}", get(mailings::click))
        .route("/sms/receipt/{secret}", post(mailings::sms_receipt))
        .route("/sms/inbound/{secret}", post(mailings::sms_inbound))
        .route(
            "/u/{token}",
            get(mailings::unsubscribe_page).post(mailings::unsubscribe),
        )
        .route("/canvass", get(canvass::list))
        .route("/canvass/sw.js", get(canvass::service_worker))
        .route("/canvass/{id}", get(canvass::show))
        .route("/static/canvass.js", get(canvass::script))
        .route("/static/formlogic.wasm", get(canvass::form_logic))
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
        .route("/actions/{id}/door", get(actions::door))
        .route("/actions/{id}/public", post(calendar::set_public))
        .route("/actions/{id}/cancel", post(calendar::cancel))
        .route("/calendar/{file}", get(calendar::feed))
        .route("/articles", get(articles::list).post(articles::create))
        .route("/articles/{id}", get(articles::show).post(articles::save))
        .route("/articles/{id}/review", post(articles::review))
        .route("/articles/{id}/publish", post(articles::publish))
        .route("/articles/{id}/withdraw", post(articles::withdraw))
        .route("/articles/{id}/delete", post(articles::delete))
        .route("/articles/{id}/images", post(articles::upload_image))
        .route("/topics", post(articles::create_topic))
        .route("/news", get(news::home))
        .route("/news/sitemap.xml", get(news::sitemap_xml))
        .route("/news/images/{id}", get(news::image))
        .route("/news/{lang}", get(news::national))
        .route("/news/{lang}/feed.atom", get(news::national_feed))
        .route("/news/{lang}/topics/{slug}", get(news::topic))
        .route(
            "/news/{lang}/topics/{slug}/feed.atom",
            get(news::topic_feed),
        )
        .route("/news/{lang}/units/{id}", get(news::unit))
        .route("/news/{lang}/units/{id}/feed.atom", get(news::unit_feed))
        .route("/news/{lang}/{id}", get(news::article_short))
        .route("/news/{lang}/{id}/{slug}", get(news::article))
        .route(
            "/integrations",
            get(integrations::list).post(integrations::create),
        )
        .route("/integrations/{id}/revoke", post(integrations::revoke))
        .route("/training", get(training::list))
        .route("/training/modules", post(training::create_module))
        .route("/training/sessions", post(training::plan_session))
        .route("/training/sessions/{id}", get(training::session))
        .route("/training/sessions/{id}/pass", post(training::pass))
        .route("/units/{id}/leaders", get(training::leaders))
        .route("/units/{id}/composition", get(composition::show))
        .route("/people/{id}/profile", post(composition::set_profile))
        .route("/festivals", get(festival::list).post(festival::create))
        .route("/festivals/{id}", get(festival::show))
        .route("/festivals/{id}/types", post(festival::add_type))
        .route("/festivals/{id}/statement", post(festival::statement))
        .route("/festivals/{id}/gates", get(gates::team))
        .route("/festivals/{id}/gate", get(gates::scanner))
        .route("/festivals/{id}/layout", post(gates::set_layout))
        .route("/festivals/{id}/lanes/free", post(gates::free_lane))
        .route("/festivals/{id}/programme", get(programme::team))
        .route("/festivals/{id}/venues", post(programme::add_venue))
        .route("/festivals/{id}/speakers", post(programme::save_speaker))
        .route("/festivals/{id}/sessions", post(programme::add_session))
        .route(
            "/festivals/{id}/shifts",
            get(programme::shifts).post(programme::add_shift),
        )
        .route("/festivals/{id}/sections", get(programme::sections))
        .route("/festivals/{id}/loop", post(programme::into_the_loop))
        .route("/programme/{id}", get(programme::public))
        .route("/programme/{id}/calendar.ics", get(programme::calendar))
        .route("/festivals/{id}/zones", post(gates::add_zone))
        .route("/festivals/{id}/zones/{zone}", get(gates::zone_door))
        .route("/static/zone-door.js", get(gates::zone_script))
        .route("/festivals/gate-sw.js", get(gates::service_worker))
        .route("/gate", get(gates::list))
        .route("/static/gate.js", get(gates::gate_script))
        .route("/static/gate-rule.mjs", get(gates::rule_script))
        .route("/orders/{id}/pay", post(festival::pay))
        .route("/my-tickets/{token}", get(festival::my_tickets))
        .route("/orders/{id}/close", post(festival::close))
        .route(
            "/tickets/{id}",
            get(festival::order_form).post(festival::place_order),
        )
        .route(
            "/organizations",
            get(organizations::show).post(organizations::start),
        )
        .route("/organizations/grants", post(organizations::grant))
        .route(
            "/organizations/grants/{id}/withdraw",
            post(organizations::withdraw),
        )
        .route(
            "/people/{id}/join",
            get(organizations::join_form).post(organizations::join),
        )
        .route("/units/{id}/positions", post(training::create_position))
        .route("/units/{id}/positions/fill", post(training::fill_position))
        .route("/positions/{id}/vacate", post(training::vacate))
        .route("/ladder/leadership", post(training::set_leadership))
        .route("/webhooks", get(webhooks::list).post(webhooks::create))
        .route("/webhooks/{id}", get(webhooks::show))
        .route("/webhooks/{id}/resume", post(webhooks::resume))
        .route("/webhooks/{id}/delete", post(webhooks::delete))
        .route("/static/door.js", get(actions::door_script))
        .route(
            "/static/share.js",
            get(|| async { chrome::script(include_str!("../../static/share.js")) }),
        )
        .route("/a/{token}/qr.svg", get(actions::public_qr))
        .route("/a/{token}/event.ics", get(actions::public_ics))
        .route("/p/{token}/qr.svg", get(petitions::public_qr))
        .route("/s/{token}/qr.svg", get(public::qr))
        .route("/static/picker.js", get(picker::script))
        .route("/static/people.js", get(people::list_script))
        .route("/people/pick", get(picker::pick))
        .route("/actions/{id}/buses", post(actions::add_bus))
        .route("/actions/{id}/reminders.csv", get(actions::reminders))
        .route(
            "/a/{token}",
            get(actions::public_form).post(actions::public_submit),
        )
        .route(
            "/a/{token}/confirm/{link}",
            get(actions::public_confirm_form).post(actions::public_confirm),
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
        .route("/meetings/{id}/public", post(calendar::set_meeting_public))
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
