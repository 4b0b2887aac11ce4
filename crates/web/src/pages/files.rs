//! The photos, recordings and files sent with a survey's responses, for those who run a unit:
//! a page listing them (images shown, the rest to download) and each file, its read audited.

use super::chrome::{Chrome, page};
use crate::ctx::Staff;
use crate::error::{AppError, AppResult};
use crate::extract::Id;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use enquete_domain::survey::SurveyId;

struct FileRow {
    href: String,
    name: String,
    image: bool,
    kind: String,
    size_kb: u64,
    unit: String,
    collected: String,
}

#[derive(Template)]
#[template(path = "files.html")]
struct FilesPage {
    c: Chrome,
    id: i64,
    title: String,
    files: Vec<FileRow>,
    limit: i64,
}

pub async fn list(State(state): State<AppState>, staff: Staff, Id(id): Id) -> AppResult<Response> {
    let files = enquete_app::files::of_survey(&state, &staff.caller, SurveyId(id)).await?;
    let survey = state.store.survey(SurveyId(id)).await?;
    let c = Chrome::new(&staff.ctx);
    let mut names = std::collections::HashMap::new();
    let mut rows = Vec::with_capacity(files.len());
    for f in files {
        let unit = match names.get(&f.unit) {
            Some(n) => String::clone(n),
            None => {
                let n = state.store.unit(f.unit).await?.name.as_str().to_owned();
                names.insert(f.unit, n.clone());
                n
            }
        };
        rows.push(FileRow {
            href: format!(
                "/responses/{}/files/{}",
                f.response,
                utf8_percent(&f.file.name)
            ),
            image: f.file.content_type.starts_with("image/"),
            kind: f.file.content_type,
            size_kb: f.file.size.div_ceil(1024),
            name: f.file.name,
            unit,
            collected: f.collected_at.display(),
        });
    }
    page(&FilesPage {
        id,
        title: survey.definition.title.get(c.tr.lang).to_owned(),
        files: rows,
        limit: enquete_app::files::LIST_LIMIT,
        c,
    })
}

/// A file name in a path: everything but letters, digits and `-_.` escaped.
fn utf8_percent(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub async fn one(
    State(state): State<AppState>,
    staff: Staff,
    Path((response, name)): Path<(String, String)>,
) -> AppResult<Response> {
    let (info, data) = enquete_app::files::one(&state, &staff.caller, &response, &name).await?;
    // Shown as what it is only when it is an image, audio or video the browser plays; anything
    // else is downloaded, never rendered as a page of this site.
    let playable = ["image/jpeg", "image/png", "image/webp", "audio/", "video/"]
        .iter()
        .any(|p| info.content_type.starts_with(p));
    let kind = if playable {
        info.content_type.as_str()
    } else {
        "application/octet-stream"
    };
    let mut res = data.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(kind).map_err(|e| AppError::Internal(e.to_string()))?,
    );
    let disposition = if playable { "inline" } else { "attachment" };
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!(
            "{disposition}; filename=\"{}\"",
            name.replace(|c: char| !c.is_ascii_graphic() || c == '"', "_")
        ))
        .map_err(|e| AppError::Internal(e.to_string()))?,
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    Ok(res)
}
