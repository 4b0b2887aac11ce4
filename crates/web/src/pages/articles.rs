//! Writing the news: the articles of the units an organizer writes for, each edited in the four
//! languages side by side, with topics, what it is about, pictures, and the steps from draft to
//! review to published (now or at a set time).

use super::chrome::{Chrome, Invalid, page, refused, see_other};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::{Form, FormFields, Id};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Multipart, State};
use axum::response::Response;
use enquete_app::news::{ArticleInput, Step, TextInput};
use enquete_domain::org::UnitId;
use enquete_domain::people::Language;
use enquete_domain::policy::{Action, Target, allows};
use enquete_store::{ArticleId, ArticleRecord};
use serde::Deserialize;

/// An article's state in words, with "scheduled" for one published later.
fn state_words(c: &Chrome, a: &ArticleRecord) -> String {
    match (a.state.as_str(), a.publish_at) {
        ("published", Some(at)) if at > staff_now() => {
            c.tr.t1("article-scheduled", "when", c.tr.date_time(at))
        }
        (state, _) => c.t(&format!("article-state-{state}")),
    }
}

fn staff_now() -> enquete_domain::Timestamp {
    enquete_domain::Timestamp::now_utc()
}

#[derive(Template)]
#[template(path = "articles.html")]
struct ListPage {
    c: Chrome,
    /// id, title, unit, state in words, last change.
    articles: Vec<(i64, String, String, String, String)>,
    units: Vec<(i64, String)>,
    /// slug, name, public address.
    topics: Vec<(String, String, String)>,
    /// Whether the reader may add topics (national editors).
    may_add_topics: bool,
    public_site: String,
    inv: Invalid,
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    list_page(&state, &staff, Invalid::none()).await
}

async fn list_page(state: &AppState, staff: &Staff, inv: Invalid) -> AppResult<Response> {
    if !allows(
        &staff.caller.actor,
        Action::WriteNews,
        Target::unit(&staff.user.unit_path),
    ) {
        return Err(AppError::Forbidden);
    }
    let list = enquete_app::news::list(state, &staff.caller).await?;
    let c = Chrome::new(&staff.ctx);
    let lang = c.tr.lang;
    let units = enquete_app::scope::units_where(
        state,
        &staff.caller,
        &staff.user.unit_path,
        Action::WriteNews,
    )
    .await?
    .into_iter()
    .map(|u| (u.id.0, u.name.as_str().to_owned()))
    .collect();
    let root = state.store.root_unit().await?;
    let may_add_topics = root.as_ref().is_some_and(|r| {
        allows(
            &staff.caller.actor,
            Action::WriteNews,
            Target::unit(&r.path),
        )
    });
    let topics = enquete_app::news::topics(state)
        .await?
        .into_iter()
        .map(|t| {
            (
                t.slug.clone(),
                t.name(lang).to_owned(),
                format!("/news/{}/topics/{}", lang.code(), t.slug),
            )
        })
        .collect();
    page(&ListPage {
        articles: list
            .iter()
            .map(|a| {
                (
                    a.id.0,
                    a.text(lang)
                        .map_or_else(|| c.t("article-untitled"), |(t, _)| t.title.clone()),
                    a.unit_name.clone(),
                    state_words(&c, a),
                    c.tr.date_time(a.updated_at),
                )
            })
            .collect(),
        units,
        topics,
        may_add_topics,
        public_site: if staff.user.unit_path.depth() <= 1 {
            format!("/news/{}", lang.code())
        } else {
            format!("/news/{}/units/{}", lang.code(), staff.user.user.unit.0)
        },
        inv,
        c,
    })
}

#[derive(Deserialize, Clone, Default)]
pub struct NewForm {
    #[serde(default)]
    unit: String,
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<NewForm>,
) -> AppResult<Response> {
    let unit: i64 = f.unit.trim().parse().unwrap_or(0);
    match enquete_app::news::create(&state, &staff.caller, UnitId(unit)).await {
        Ok(id) => Ok(see_other(&format!("/articles/{}", id.0))),
        Err(e) => refused(staff.ctx.tr, e, |inv| list_page(&state, &staff, inv)).await,
    }
}

pub async fn create_topic(
    State(state): State<AppState>,
    staff: Staff,
    fields: FormFields,
) -> AppResult<Response> {
    let names = [
        fields.get("name_nl").to_owned(),
        fields.get("name_fr").to_owned(),
        fields.get("name_de").to_owned(),
        fields.get("name_en").to_owned(),
    ];
    match enquete_app::news::create_topic(&state, &staff.caller, fields.get("slug"), names).await {
        Ok(_) => Ok(see_other("/articles")),
        Err(e) => refused(staff.ctx.tr, e, |inv| list_page(&state, &staff, inv)).await,
    }
}

/// One language's fields on the form.
struct LangFields {
    code: &'static str,
    name: &'static str,
    title_field: &'static str,
    standfirst_field: &'static str,
    body_field: &'static str,
    title: String,
    standfirst: String,
    body: String,
}

#[derive(Template)]
#[template(path = "article_edit.html")]
struct EditPage {
    c: Chrome,
    id: i64,
    unit_name: String,
    state_words: String,
    state: String,
    langs: Vec<LangFields>,
    /// slug, name, chosen.
    topics: Vec<(String, String, bool)>,
    /// id, title, chosen (for each kind of link).
    campaigns: Vec<(i64, String, bool)>,
    actions: Vec<(i64, String, bool)>,
    petitions: Vec<(i64, String, bool)>,
    surveys: Vec<(i64, String, bool)>,
    question: String,
    /// state in words, who, when.
    history: Vec<(String, String, String)>,
    /// id, width × height, the line to paste in the body.
    images: Vec<(i64, String, String)>,
    /// The article's public address once it is out.
    public_url: Option<String>,
    inv: Invalid,
}

async fn edit_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    typed: Option<&ArticleInput>,
    inv: Invalid,
) -> AppResult<Response> {
    let a = enquete_app::news::get(state, &staff.caller, ArticleId(id)).await?;
    let c = Chrome::new(&staff.ctx);
    let lang = c.tr.lang;
    let langs = Language::ALL
        .iter()
        .map(|l| {
            let typed_text = typed.and_then(|t| t.texts.iter().find(|x| x.language == l.code()));
            let stored = a.texts.iter().find(|t| t.language == *l);
            LangFields {
                code: l.code(),
                name: l.endonym(),
                title_field: enquete_app::news::field("title", *l),
                standfirst_field: enquete_app::news::field("standfirst", *l),
                body_field: enquete_app::news::field("body", *l),
                title: typed_text.map_or_else(
                    || stored.map(|s| s.title.clone()).unwrap_or_default(),
                    |t| t.title.clone(),
                ),
                standfirst: typed_text.map_or_else(
                    || stored.map(|s| s.standfirst.clone()).unwrap_or_default(),
                    |t| t.standfirst.clone(),
                ),
                body: typed_text.map_or_else(
                    || stored.map(|s| s.body.clone()).unwrap_or_default(),
                    |t| t.body.clone(),
                ),
            }
        })
        .collect();
    let chosen_topics: Vec<String> = typed.map_or_else(
        || a.topics.iter().map(|t| t.slug.clone()).collect(),
        |t| t.topics.clone(),
    );
    let links = typed.map_or_else(
        || {
            (
                a.links.campaign,
                a.links.action,
                a.links.petition,
                a.links.survey,
                a.links.question.clone(),
            )
        },
        |t| {
            (
                t.campaign_id,
                t.action_id,
                t.petition_id,
                t.survey_id,
                t.question.clone(),
            )
        },
    );
    let campaigns = state
        .store
        .campaigns_reaching(&a.unit_path)
        .await?
        .into_iter()
        .map(|k| (k.id.0, k.title, links.0 == Some(k.id.0)))
        .collect();
    let actions = state
        .store
        .actions_reaching(&a.unit_path)
        .await?
        .into_iter()
        .map(|x| {
            (
                x.id.0,
                format!("{} · {}", x.title, c.tr.date(x.starts_at)),
                links.1 == Some(x.id.0),
            )
        })
        .collect();
    let petitions = state
        .store
        .petitions_reaching(&a.unit_path)
        .await?
        .into_iter()
        .map(|p| {
            (
                p.id.0,
                p.title.get(lang).to_owned(),
                links.2 == Some(p.id.0),
            )
        })
        .collect();
    let surveys = state
        .store
        .surveys()
        .await?
        .into_iter()
        .map(|s| {
            (
                s.id.0,
                s.definition.title.get(lang).to_owned(),
                links.3 == Some(s.id.0),
            )
        })
        .collect();
    let images = state
        .store
        .article_images(a.id)
        .await?
        .into_iter()
        .map(|(img, w, h)| {
            (
                img,
                format!("{w} × {h}"),
                format!("![…]({}{img})", enquete_formats::news::IMAGE_PATH),
            )
        })
        .collect();
    let public_url = (a.state == "published").then(|| {
        let slug = a.text(lang).map_or("", |(t, _)| t.slug.as_str());
        format!("/news/{}/{}/{slug}", lang.code(), a.id.0)
    });
    page(&EditPage {
        id,
        unit_name: a.unit_name.clone(),
        state_words: state_words(&c, &a),
        state: a.state.clone(),
        langs,
        topics: enquete_app::news::topics(state)
            .await?
            .into_iter()
            .map(|t| {
                let on = chosen_topics.contains(&t.slug);
                (t.slug.clone(), t.name(lang).to_owned(), on)
            })
            .collect(),
        campaigns,
        actions,
        petitions,
        surveys,
        question: links.4,
        history: a
            .history
            .iter()
            .map(|h| {
                (
                    c.t(&format!("article-state-{}", h.state)),
                    h.by.clone(),
                    c.tr.date_time(h.at),
                )
            })
            .collect(),
        images,
        public_url,
        inv,
        c,
    })
}

pub async fn show(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    edit_page(&state, &staff, id, None, Invalid::none()).await
}

/// A form's number field: empty is none; anything else must be a number.
fn optional_id(fields: &FormFields, name: &'static str) -> AppResult<Option<i64>> {
    match fields.get(name).trim() {
        "" => Ok(None),
        raw => raw
            .parse()
            .map(Some)
            .map_err(|_| AppError::Field(enquete_domain::FieldError::new(name, "error-not-found"))),
    }
}

pub async fn save(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    fields: FormFields,
) -> AppResult<Response> {
    // Authorization before the input is read.
    enquete_app::news::get(&state, &staff.caller, ArticleId(id)).await?;
    let parsed = (|| -> AppResult<ArticleInput> {
        Ok(ArticleInput {
            texts: Language::ALL
                .iter()
                .map(|l| TextInput {
                    language: l.code().to_owned(),
                    title: fields.get(&format!("title_{}", l.code())).to_owned(),
                    standfirst: fields.get(&format!("standfirst_{}", l.code())).to_owned(),
                    body: fields.get(&format!("text_{}", l.code())).to_owned(),
                })
                .collect(),
            topics: fields.all("topic").map(str::to_owned).collect(),
            campaign_id: optional_id(&fields, "campaign")?,
            action_id: optional_id(&fields, "action")?,
            petition_id: optional_id(&fields, "petition")?,
            survey_id: optional_id(&fields, "survey")?,
            question: fields.get("question").to_owned(),
        })
    })();
    let input = match parsed {
        Ok(i) => i,
        Err(e) => {
            return refused(staff.ctx.tr, e, |inv| {
                edit_page(&state, &staff, id, None, inv)
            })
            .await;
        }
    };
    match enquete_app::news::save(&state, &staff.caller, ArticleId(id), &input).await {
        Ok(()) => Ok(see_other(&format!("/articles/{id}?done=article-saved"))),
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                edit_page(&state, &staff, id, Some(&input), inv)
            })
            .await
        }
    }
}

#[derive(Deserialize, Clone, Default)]
pub struct Empty {}

#[derive(Deserialize, Clone, Default)]
pub struct PublishForm {
    /// Empty: now; else `YYYY-MM-DDTHH:MM` (UTC).
    #[serde(default)]
    at: String,
}

async fn do_step(state: &AppState, staff: &Staff, id: i64, step: Step) -> AppResult<Response> {
    match enquete_app::news::step(state, &staff.caller, ArticleId(id), step).await {
        Ok(()) => Ok(see_other(&format!("/articles/{id}"))),
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                edit_page(state, staff, id, None, inv)
            })
            .await
        }
    }
}

pub async fn review(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(_): Form<Empty>,
) -> AppResult<Response> {
    do_step(&state, &staff, id, Step::Review).await
}

pub async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(f): Form<PublishForm>,
) -> AppResult<Response> {
    enquete_app::news::get(&state, &staff.caller, ArticleId(id)).await?;
    let at = match f.at.trim() {
        "" => None,
        raw => match enquete_domain::dates::parse_datetime("at", raw) {
            Ok(t) => Some(t),
            Err(e) => {
                return refused(staff.ctx.tr, e, |inv| {
                    edit_page(&state, &staff, id, None, inv)
                })
                .await;
            }
        },
    };
    do_step(&state, &staff, id, Step::Publish(at)).await
}

pub async fn withdraw(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(_): Form<Empty>,
) -> AppResult<Response> {
    do_step(&state, &staff, id, Step::Withdraw).await
}

pub async fn delete(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    Form(_): Form<Empty>,
) -> AppResult<Response> {
    enquete_app::news::delete(&state, &staff.caller, ArticleId(id)).await?;
    Ok(see_other("/articles"))
}

/// Upload of a picture (multipart: `csrf`, then `file`).
pub async fn upload_image(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    form: Multipart,
) -> AppResult<Response> {
    enquete_app::news::get(&state, &staff.caller, ArticleId(id)).await?;
    let result = match crate::extract::upload(form, &staff.ctx, "error-image-format").await {
        Ok((_, bytes)) => {
            enquete_app::news::add_image(&state, &staff.caller, ArticleId(id), &bytes)
                .await
                .map_err(AppError::from)
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(see_other(&format!("/articles/{id}?done=image-added"))),
        Err(e) => {
            refused(staff.ctx.tr, e, |inv| {
                edit_page(&state, &staff, id, None, inv)
            })
            .await
        }
    }
}
