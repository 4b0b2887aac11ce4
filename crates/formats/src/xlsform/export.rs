//! From a survey definition to an XLSForm workbook: questions with their groups and repeats,
//! expressions, choice lists and every language of the form.

use super::{XlsFormError, err};
use enquete_domain::people::Language;
use enquete_domain::survey::{
    Choice, DEFAULT_LANGUAGE, Group, Labels, Question, QuestionKind, SurveyDefinition,
};
use rust_xlsxwriter::Workbook;

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> XlsFormError {
    err("workbook", None, None, format!("cannot be written: {e}"))
}

/// Writes a text cell. Text a spreadsheet would read as a formula (see
/// [`crate::export::reads_as_formula`], the test every CSV applies too) gets Excel's quote prefix:
/// shown and kept as text, even when someone edits the cell, while the stored value stays the
/// same, so the workbook reads back as the same survey.
fn write_text(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    text: &str,
) -> Result<(), XlsFormError> {
    if crate::export::reads_as_formula(text) {
        let quoted = rust_xlsxwriter::Format::new().set_quote_prefix();
        sheet
            .write_string_with_format(row, col, text, &quoted)
            .map_err(xlsx_error)?;
    } else {
        sheet.write_string(row, col, text).map_err(xlsx_error)?;
    }
    Ok(())
}

/// The header of a per-language column: `label` for the form's unnamed language, the language
/// as the workbook named it, or `label::Nederlands (nl)` for the interface's languages.
fn column(def: &SurveyDefinition, kind: &str, key: &str) -> String {
    if key == DEFAULT_LANGUAGE {
        return kind.to_owned();
    }
    if let Some(written) = def.languages.get(key) {
        return format!("{kind}::{written}");
    }
    match Language::parse(key) {
        Ok(l) => format!("{kind}::{} ({})", l.endonym(), l.code()),
        Err(_) => format!("{kind}::{key}"),
    }
}

/// One choice list as written: its name and choices (possibly shared by several questions).
struct List<'a> {
    name: String,
    choices: &'a [Choice],
    external: bool,
}

/// The type cell of a question, registering its choice list.
fn type_cell<'a>(q: &'a Question, lists: &mut Vec<List<'a>>) -> String {
    let d = &q.details;
    let mut list_for = |choices: &'a [Choice], external: bool| -> String {
        let wanted = d
            .list
            .clone()
            .unwrap_or_else(|| format!("{}_choices", q.name));
        let mut name = wanted.clone();
        let mut n = 2;
        loop {
            match lists.iter().find(|l| l.name == name) {
                Some(l) if l.choices == choices && l.external == external => return name,
                Some(_) => {
                    name = format!("{wanted}_{n}");
                    n += 1;
                }
                None => {
                    lists.push(List {
                        name: name.clone(),
                        choices,
                        external,
                    });
                    return name;
                }
            }
        }
    };
    let select = |one: bool| if one { "select_one" } else { "select_multiple" };
    match &q.kind {
        QuestionKind::SingleChoice { choices } | QuestionKind::MultipleChoice { choices } => {
            let one = matches!(q.kind, QuestionKind::SingleChoice { .. });
            // `or_other` adds the "other" choice on import: the list itself is without it.
            if d.or_other && d.choices_file.is_none() {
                let own = match choices.last() {
                    Some(last) if last.name == "other" => {
                        choices.get(..choices.len() - 1).unwrap_or(choices)
                    }
                    _ => choices,
                };
                return format!("{} {} or_other", select(one), list_for(own, false));
            }
            match d.choices_file.as_deref() {
                Some("itemsets.csv") => {
                    format!("{}_external {}", select(one), list_for(choices, true))
                }
                Some(file) => format!("{}_from_file {file}", select(one)),
                None => format!("{} {}", select(one), list_for(choices, false)),
            }
        }
        QuestionKind::Ranking { choices, .. } => format!("rank {}", list_for(choices, false)),
        QuestionKind::Number { .. } => "integer".into(),
        QuestionKind::Text { .. } => "text".into(),
        QuestionKind::Scale { .. } => "range".into(),
        QuestionKind::Decimal => {
            let p = d.parameters.as_deref().unwrap_or("");
            if ["start=", "end=", "step="].iter().any(|k| p.contains(k)) {
                "range".into()
            } else {
                "decimal".into()
            }
        }
        QuestionKind::Date => "date".into(),
        QuestionKind::Time => "time".into(),
        QuestionKind::DateTime => "datetime".into(),
        QuestionKind::Geopoint => "geopoint".into(),
        QuestionKind::Geotrace => "geotrace".into(),
        QuestionKind::Geoshape => "geoshape".into(),
        QuestionKind::Media { media } => media.xlsform_type().into(),
        QuestionKind::Barcode => "barcode".into(),
        QuestionKind::Acknowledge => "acknowledge".into(),
        QuestionKind::Note => "note".into(),
        QuestionKind::Calculate { .. } => "calculate".into(),
        QuestionKind::Metadata { what } => what.clone(),
    }
}

/// The constraint cell: the question's own, with the bounds the kind keeps.
pub(crate) fn constraint_cell(q: &Question) -> String {
    let own = q.details.constraint.clone();
    let kept = match &q.kind {
        _ if own.is_some() => None,
        QuestionKind::Number { min, max } => {
            let parts: Vec<String> = [
                min.map(|m| format!(". >= {m}")),
                max.map(|m| format!(". <= {m}")),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!parts.is_empty()).then(|| parts.join(" and "))
        }
        QuestionKind::Text { max_length } if *max_length != DEFAULT_TEXT_LENGTH => {
            Some(format!("string-length(.) <= {max_length}"))
        }
        _ => None,
    };
    match (kept, own) {
        (Some(k), Some(o)) => format!("({k}) and ({o})"),
        (Some(k), None) => k,
        (None, Some(o)) => o,
        (None, None) => String::new(),
    }
}

/// The parameters cell: as the workbook wrote it, or what the kind needs.
pub(crate) fn parameters_cell(q: &Question) -> String {
    if let Some(p) = &q.details.parameters {
        return p.clone();
    }
    match &q.kind {
        QuestionKind::Ranking { max, choices } if usize::from(*max) != choices.len() => {
            format!("max={max}")
        }
        QuestionKind::Scale { min, max } => format!("start={min} end={max} step=1"),
        _ => String::new(),
    }
}

const DEFAULT_TEXT_LENGTH: u32 = 2000;

/// Writes a survey definition as an XLSForm workbook: the same questions, groups, repeats,
/// expressions and languages, readable by Enquête and by pyxform.
pub fn export(def: &SurveyDefinition) -> Result<Vec<u8>, XlsFormError> {
    let mut langs = def.language_keys();
    if langs.is_empty() {
        langs.push(Language::En.code().to_owned());
    }
    let mut book = Workbook::new();
    let survey = book.add_worksheet();
    survey.set_name("survey").map_err(xlsx_error)?;

    let mut header: Vec<String> = vec!["type".into(), "name".into()];
    for kind in ["label", "hint", "media::image"] {
        header.extend(langs.iter().map(|l| column(def, kind, l)));
    }
    header.extend(["required", "relevant", "constraint"].map(String::from));
    for kind in ["constraint_message", "required_message"] {
        header.extend(langs.iter().map(|l| column(def, kind, l)));
    }
    header.extend(
        [
            "calculation",
            "choice_filter",
            "repeat_count",
            "appearance",
            "default",
            "read_only",
            "parameters",
            "enquete::demographic",
        ]
        .map(String::from),
    );
    for (c, h) in header.iter().enumerate() {
        write_text(survey, 0, c as u16, h)?;
    }
    let texts = |labels: &Labels| -> Vec<String> {
        langs
            .iter()
            .map(|l| labels.0.get(l).cloned().unwrap_or_default())
            .collect()
    };
    let blank = |n: usize| vec![String::new(); n];
    let mut rows: Vec<Vec<String>> = Vec::new();
    let group_row = |g: &Group| -> Vec<String> {
        let mut r = vec![
            if g.repeat {
                "begin_repeat"
            } else {
                "begin_group"
            }
            .to_owned(),
            g.name.clone(),
        ];
        r.extend(texts(&g.label));
        r.extend(blank(2 * langs.len()));
        r.extend([
            String::new(),
            g.relevant.clone().unwrap_or_default(),
            String::new(),
        ]);
        r.extend(blank(2 * langs.len()));
        r.extend([
            String::new(),
            String::new(),
            g.repeat_count.clone().unwrap_or_default(),
            g.appearance.clone().unwrap_or_default(),
        ]);
        r
    };
    let end_row = |path: &str| -> Vec<String> {
        let repeat = def.group(path).is_some_and(|g| g.repeat);
        vec![if repeat { "end_repeat" } else { "end_group" }.to_owned()]
    };
    let mut lists: Vec<List<'_>> = Vec::new();
    let mut open: Vec<String> = Vec::new();
    // Opens a group: first closes those it is not inside, then writes its begin row.
    let open_group = |g: &Group, open: &mut Vec<String>, rows: &mut Vec<Vec<String>>| {
        while open
            .last()
            .is_some_and(|top| Some(top) != g.parent.as_ref())
        {
            if let Some(top) = open.pop() {
                rows.push(end_row(&top));
            }
        }
        rows.push(group_row(g));
        open.push(g.path());
    };
    let mut next_group = def.groups.iter().peekable();
    let inside = |path: Option<&str>, group: &str| {
        path.is_some_and(|p| p == group || p.starts_with(&format!("{group}/")))
    };
    for (i, q) in def.questions.iter().enumerate() {
        // The text question `or_other` makes is made again on import.
        let made_by_or_other = i
            .checked_sub(1)
            .and_then(|p| def.questions.get(p))
            .is_some_and(|prev| {
                prev.details.or_other
                    && q.name == format!("{}_other", prev.name)
                    && q.relevant.as_deref()
                        == Some(&format!("selected(${{{}}}, 'other')", prev.name))
            });
        while let Some(g) = next_group.next_if(|g| g.at <= i) {
            open_group(g, &mut open, &mut rows);
        }
        while open
            .last()
            .is_some_and(|top| !inside(q.details.group.as_deref(), top))
        {
            if let Some(top) = open.pop() {
                rows.push(end_row(&top));
            }
        }
        if made_by_or_other {
            continue;
        }
        let d = &q.details;
        let mut r = vec![type_cell(q, &mut lists), q.name.clone()];
        r.extend(texts(&q.label));
        r.extend(texts(&q.hint));
        r.extend(texts(&d.image));
        r.push(match (&d.required_if, q.required) {
            (Some(expr), _) => expr.clone(),
            (None, true) => "yes".into(),
            (None, false) => String::new(),
        });
        r.push(q.relevant.clone().unwrap_or_default());
        r.push(constraint_cell(q));
        r.extend(texts(&d.constraint_message));
        r.extend(texts(&d.required_message));
        r.push(match &q.kind {
            QuestionKind::Calculate { calculation } => calculation.clone(),
            _ => d.calculation.clone().unwrap_or_default(),
        });
        r.push(d.choice_filter.clone().unwrap_or_default());
        r.push(String::new());
        r.push(d.appearance.clone().unwrap_or_default());
        r.push(d.default.clone().unwrap_or_default());
        r.push(if d.read_only {
            "yes".into()
        } else {
            String::new()
        });
        r.push(parameters_cell(q));
        r.push(if q.demographic {
            "yes".into()
        } else {
            String::new()
        });
        rows.push(r);
    }
    for g in next_group {
        open_group(g, &mut open, &mut rows);
    }
    while let Some(top) = open.pop() {
        rows.push(end_row(&top));
    }
    for (r, values) in rows.iter().enumerate() {
        for (c, v) in values.iter().enumerate() {
            if !v.is_empty() {
                write_text(survey, (r + 1) as u32, c as u16, v)?;
            }
        }
    }

    for external in [false, true] {
        let these: Vec<&List<'_>> = lists.iter().filter(|l| l.external == external).collect();
        if external && these.is_empty() {
            continue;
        }
        let sheet = book.add_worksheet();
        sheet
            .set_name(if external {
                "external_choices"
            } else {
                "choices"
            })
            .map_err(xlsx_error)?;
        let mut extra: Vec<&str> = Vec::new();
        for l in &these {
            for c in l.choices {
                for k in c.columns.keys() {
                    if !extra.contains(&k.as_str()) {
                        extra.push(k);
                    }
                }
            }
        }
        let mut header: Vec<String> = vec!["list_name".into(), "name".into()];
        header.extend(langs.iter().map(|l| column(def, "label", l)));
        header.extend(extra.iter().map(|s| (*s).to_owned()));
        for (c, h) in header.iter().enumerate() {
            write_text(sheet, 0, c as u16, h)?;
        }
        let mut row = 1u32;
        for l in &these {
            for choice in l.choices {
                write_text(sheet, row, 0, &l.name)?;
                write_text(sheet, row, 1, &choice.name)?;
                for (i, lang) in langs.iter().enumerate() {
                    if let Some(text) = choice.label.0.get(lang) {
                        write_text(sheet, row, (i + 2) as u16, text)?;
                    }
                }
                for (i, k) in extra.iter().enumerate() {
                    if let Some(v) = choice.columns.get(*k) {
                        write_text(sheet, row, (2 + langs.len() + i) as u16, v)?;
                    }
                }
                row += 1;
            }
        }
    }

    let settings = book.add_worksheet();
    settings.set_name("settings").map_err(xlsx_error)?;
    let mut pairs: Vec<(String, String)> = vec![("form_id".into(), def.form_id.clone())];
    if let Some(v) = &def.version {
        pairs.push(("version".into(), v.clone()));
    }
    // The language of the plain columns: the form's unnamed one, or else the first.
    let plain = if langs.iter().any(|l| l == DEFAULT_LANGUAGE) {
        DEFAULT_LANGUAGE.to_owned()
    } else {
        langs.first().cloned().unwrap_or_default()
    };
    if plain != DEFAULT_LANGUAGE {
        pairs.push((
            "default_language".into(),
            column(def, "x", &plain)
                .trim_start_matches("x::")
                .to_owned(),
        ));
    }
    // pyxform reads one title, `form_title`, in the plain language; the title's other
    // languages are kept in Enquête's own columns.
    for l in &langs {
        if let Some(text) = def.title.0.get(l) {
            let header = if *l == plain {
                "form_title".to_owned()
            } else {
                column(def, "enquete::title", l)
            };
            pairs.push((header, text.clone()));
        }
    }
    for (k, v) in &def.settings {
        pairs.push((k.clone(), v.clone()));
    }
    for (c, (k, v)) in pairs.iter().enumerate() {
        write_text(settings, 0, c as u16, k)?;
        write_text(settings, 1, c as u16, v)?;
    }
    book.save_to_buffer().map_err(xlsx_error)
}
