//! The choice lists of a workbook (`choices`, `external_choices`), and XLSForm's loops, which
//! ask a group of questions once per choice of a list.

use super::import::{labels_of, language_columns};
use super::sheets::Sheet;
use super::{XlsFormError, err};
use enquete_domain::survey::{Choice, Group, Labels, Question, QuestionKind};
use std::collections::BTreeMap;

/// The choice lists of a choices sheet, in sheet order, with their other columns.
pub(super) fn read_lists(
    sheet: Option<&Sheet>,
    sheet_name: &str,
    plain: &str,
    problems: &mut Vec<XlsFormError>,
) -> BTreeMap<String, Vec<Choice>> {
    let mut lists: BTreeMap<String, Vec<Choice>> = BTreeMap::new();
    let Some(ch) = sheet else { return lists };
    let labels = language_columns(ch, "label", plain);
    let list_col = ch.column("list_name");
    let name_col = ch.column("name");
    let (Some(list_col), Some(name_col)) = (list_col, name_col) else {
        if !ch.rows.is_empty() {
            problems.push(err(
                sheet_name,
                Some(1),
                None,
                "needs a list_name and a name column",
            ));
        }
        return lists;
    };
    let skip = |h: &str| {
        h.is_empty()
            || h == "list_name"
            || h == "name"
            || h == "label"
            || PER_LANGUAGE_PREFIXES.iter().any(|p| h.starts_with(p))
            || matches!(h, "image" | "audio" | "video" | "media")
    };
    for (row_no, row) in &ch.rows {
        let get = |i: usize| row.get(i).map_or("", String::as_str);
        let (list, name) = (get(list_col), get(name_col));
        if list.is_empty() && name.is_empty() {
            continue;
        }
        if list.is_empty() || name.is_empty() {
            problems.push(err(
                sheet_name,
                Some(*row_no),
                Some(if list.is_empty() { "list_name" } else { "name" }),
                "is empty",
            ));
            continue;
        }
        let columns = ch
            .header
            .iter()
            .enumerate()
            .filter(|(_, h)| !skip(h))
            .filter_map(|(i, h)| {
                row.get(i)
                    .filter(|v| !v.is_empty())
                    .map(|v| (h.clone(), v.clone()))
            })
            .collect();
        // The same name twice in a list is how cascading selects tell apart "Outro" in two
        // provinces; the question's choice filter keeps one of them at a time.
        let entry = lists.entry(list.to_owned()).or_default();
        entry.push(Choice {
            name: name.to_owned(),
            label: labels_of(row, &labels),
            columns,
        });
    }
    lists
}

const PER_LANGUAGE_PREFIXES: &[&str] = &["label::", "media::", "image::", "audio::", "video::"];

/// What XLSForm's loop means: the questions between `begin loop over LIST` and `end loop`,
/// once per choice, each time in a group named after the choice, with `%(label)s` in their
/// labels replaced by the choice's label.
pub(super) fn unroll_loop(
    path: &str,
    choices: &[Choice],
    questions: &mut Vec<Question>,
    groups: &mut Vec<Group>,
    q_start: usize,
    g_start: usize,
) {
    let inner_q: Vec<Question> = questions.drain(q_start.min(questions.len())..).collect();
    let inner_g: Vec<Group> = groups.drain(g_start.min(groups.len())..).collect();
    let moved = |p: &str, choice: &str| -> String {
        match p.strip_prefix(path) {
            Some(rest) => format!("{path}/{choice}{rest}"),
            None => p.to_owned(),
        }
    };
    let fill = |labels: &Labels, choice: &Choice| {
        Labels(
            labels
                .0
                .iter()
                .map(|(lang, text)| {
                    let name = choice
                        .label
                        .0
                        .get(lang)
                        .map_or(choice.name.as_str(), String::as_str);
                    (lang.clone(), text.replace("%(label)s", name))
                })
                .collect(),
        )
    };
    for c in choices {
        groups.push(Group {
            name: c.name.clone(),
            parent: Some(path.to_owned()),
            label: c.label.clone(),
            relevant: None,
            appearance: None,
            repeat: false,
            repeat_count: None,
            at: questions.len(),
        });
        let offset = questions.len();
        let named = |e: &Option<String>| e.as_ref().map(|e| e.replace("%(name)s", &c.name));
        for g in &inner_g {
            let mut g = g.clone();
            g.parent = g.parent.as_deref().map(|p| moved(p, &c.name));
            g.label = fill(&g.label, c);
            g.relevant = named(&g.relevant);
            g.at = g.at - q_start + offset;
            groups.push(g);
        }
        for q in &inner_q {
            let mut q = q.clone();
            q.relevant = named(&q.relevant);
            q.details.constraint = named(&q.details.constraint);
            q.details.required_if = named(&q.details.required_if);
            q.details.calculation = named(&q.details.calculation);
            q.details.choice_filter = named(&q.details.choice_filter);
            if let QuestionKind::Calculate { calculation } = &mut q.kind {
                *calculation = calculation.replace("%(name)s", &c.name);
            }
            q.details.group = q.details.group.as_deref().map(|p| moved(p, &c.name));
            q.label = fill(&q.label, c);
            q.hint = fill(&q.hint, c);
            questions.push(q);
        }
    }
}
