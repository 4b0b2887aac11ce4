//! The CSV files a form's choices come from (`select_one_from_file villages.csv`): read into
//! the questions that name them when the form is published with them, and written back out
//! for a phone that downloads the form (ODK Collect's manifest) or for an export.

use super::{XlsFormError, XlsFormErrors, err};
use enquete_domain::survey::{Choice, Labels, SurveyDefinition};
use std::collections::BTreeMap;

/// The most choices one file may hold.
pub const MAX_CHOICES: usize = 50_000;

/// The column holding a choice's value and the one holding its label, from a question's
/// `parameters` (`value=code label=name`), else `name` and `label`.
fn columns_of(parameters: Option<&str>) -> (String, String) {
    let mut value = "name".to_owned();
    let mut label = "label".to_owned();
    for part in parameters.unwrap_or("").split([' ', ';', ',']) {
        if let Some((k, v)) = part.split_once('=') {
            match k.trim() {
                "value" => value = v.trim().to_owned(),
                "label" => label = v.trim().to_owned(),
                _ => {}
            }
        }
    }
    (value, label)
}

/// The files the form's choices come from that hold no choices yet: they must be attached
/// before the form can be used.
pub fn missing_files(def: &SurveyDefinition) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for q in &def.questions {
        if let Some(file) = &q.details.choices_file
            && q.kind.choices().is_empty()
            && !out.contains(file)
        {
            out.push(file.clone());
        }
    }
    out
}

/// Reads a CSV file of choices into every question whose choices come from `file_name`;
/// returns how many questions took them. Every problem of the file is listed.
pub fn attach(
    def: &mut SurveyDefinition,
    file_name: &str,
    bytes: &[u8],
) -> Result<usize, XlsFormErrors> {
    let sheet = file_name.to_owned();
    let at = |row: Option<usize>, column: Option<&str>, problem: String| -> XlsFormError {
        err(&sheet, row, column, problem)
    };
    let users: Vec<usize> = def
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| q.details.choices_file.as_deref() == Some(file_name))
        .map(|(i, _)| i)
        .collect();
    if users.is_empty() {
        return Err(at(
            None,
            None,
            "no question of the form takes its choices from this file".into(),
        )
        .into());
    }
    let mut head = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header: Vec<String> = head
        .headers()
        .map_err(|e| XlsFormErrors::from(at(Some(1), None, format!("is not a CSV file: {e}"))))?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut problems = Vec::new();
    let mut taken = 0;
    for qi in users {
        let parameters = def
            .questions
            .get(qi)
            .and_then(|q| q.details.parameters.clone());
        let (value_col, label_col) = columns_of(parameters.as_deref());
        let find = |name: &str| header.iter().position(|h| h == name);
        let Some(value_at) = find(&value_col) else {
            problems.push(at(Some(1), None, format!("has no {value_col} column")));
            continue;
        };
        // Labels: the plain column, and `label::Language` columns.
        let mut labels: Vec<(usize, String)> = Vec::new();
        if let Some(i) = find(&label_col) {
            labels.push((i, enquete_domain::survey::DEFAULT_LANGUAGE.to_owned()));
        }
        for (i, h) in header.iter().enumerate() {
            if let Some(spec) = h.strip_prefix(&format!("{label_col}::")) {
                labels.push((i, super::import::language_key(spec)));
            }
        }
        let mut choices: Vec<Choice> = Vec::new();
        for (n, record) in reader_records(file_name, bytes)?.into_iter().enumerate() {
            let row = n + 2;
            let cell = |i: usize| record.get(i).map_or("", String::as_str);
            let name = cell(value_at);
            if name.is_empty() {
                if record.iter().any(|c| !c.is_empty()) {
                    problems.push(at(Some(row), Some(&value_col), "is empty".into()));
                }
                continue;
            }
            let label = Labels(
                labels
                    .iter()
                    .filter(|(i, _)| !cell(*i).is_empty())
                    .map(|(i, l)| (l.clone(), cell(*i).to_owned()))
                    .collect(),
            );
            let columns: BTreeMap<String, String> = header
                .iter()
                .enumerate()
                .filter(|(i, h)| {
                    *i != value_at && !labels.iter().any(|(j, _)| j == i) && !h.is_empty()
                })
                .filter(|(i, _)| !cell(*i).is_empty())
                .map(|(i, h)| (h.clone(), cell(i).to_owned()))
                .collect();
            choices.push(Choice {
                name: name.to_owned(),
                label: if label.is_empty() {
                    Labels(BTreeMap::from([(
                        enquete_domain::survey::DEFAULT_LANGUAGE.to_owned(),
                        name.to_owned(),
                    )]))
                } else {
                    label
                },
                columns,
            });
            if choices.len() > MAX_CHOICES {
                problems.push(at(
                    Some(row),
                    None,
                    format!("holds more than {MAX_CHOICES} choices"),
                ));
                break;
            }
        }
        if let Some(q) = def.questions.get_mut(qi) {
            use enquete_domain::survey::QuestionKind;
            match &mut q.kind {
                QuestionKind::SingleChoice { choices: c }
                | QuestionKind::MultipleChoice { choices: c } => {
                    *c = choices;
                    taken += 1;
                }
                _ => {}
            }
        }
    }
    if problems.is_empty() {
        Ok(taken)
    } else {
        problems.dedup();
        Err(XlsFormErrors(problems))
    }
}

fn reader_records(file: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, XlsFormErrors> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let mut out = Vec::new();
    for (n, r) in reader.records().enumerate() {
        let r = r.map_err(|e| {
            XlsFormErrors::from(err(file, Some(n + 2), None, format!("cannot be read: {e}")))
        })?;
        out.push(r.iter().map(str::to_owned).collect());
    }
    Ok(out)
}

/// The CSV of a file the form's choices come from, as a phone downloads it: the value and
/// label columns, a `label::Language` column per other language, and the other columns the
/// choice filters read. `None` when no question holds that file's choices.
pub fn choices_csv(def: &SurveyDefinition, file_name: &str) -> Option<Vec<u8>> {
    // External selects share one `itemsets.csv`, with a list_name column.
    let external = file_name == "itemsets.csv";
    let mut lists: Vec<(String, &[Choice])> = Vec::new();
    let mut parameters = None;
    for q in &def.questions {
        if q.details.choices_file.as_deref() != Some(file_name) || q.kind.choices().is_empty() {
            continue;
        }
        let list = q.details.list.clone().unwrap_or_else(|| q.name.clone());
        if !lists.iter().any(|(l, _)| *l == list) {
            lists.push((list, q.kind.choices()));
            parameters = parameters.or(q.details.parameters.clone());
        }
        if !external {
            break;
        }
    }
    if lists.is_empty() {
        return None;
    }
    let (value_col, label_col) = columns_of(parameters.as_deref());
    let mut langs: Vec<String> = Vec::new();
    let mut extra: Vec<String> = Vec::new();
    for c in lists.iter().flat_map(|(_, c)| c.iter()) {
        for l in c.label.0.keys() {
            if !langs.contains(l) {
                langs.push(l.clone());
            }
        }
        for k in c.columns.keys() {
            if !extra.contains(k) {
                extra.push(k.clone());
            }
        }
    }
    let label_header = |l: &str| {
        if l == enquete_domain::survey::DEFAULT_LANGUAGE {
            label_col.clone()
        } else {
            format!(
                "{label_col}::{}",
                def.languages.get(l).map_or(l, String::as_str)
            )
        }
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = Vec::new();
    if external {
        header.push("list_name".to_owned());
    }
    header.push(value_col);
    header.extend(langs.iter().map(|l| label_header(l)));
    header.extend(extra.iter().cloned());
    w.write_record(&header).ok()?;
    for (list, choices) in &lists {
        for c in *choices {
            let mut row = Vec::new();
            if external {
                row.push(list.clone());
            }
            row.push(c.name.clone());
            row.extend(
                langs
                    .iter()
                    .map(|l| c.label.0.get(l).cloned().unwrap_or_default()),
            );
            row.extend(
                extra
                    .iter()
                    .map(|k| c.columns.get(k).cloned().unwrap_or_default()),
            );
            w.write_record(&row).ok()?;
        }
    }
    w.into_inner().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> SurveyDefinition {
        serde_json::from_value(serde_json::json!({
            "form_id": "villages",
            "title": {"default": "Villages"},
            "questions": [
                {"name": "province", "label": {"default": "Province"}, "type": "single_choice",
                 "choices": [{"name": "a", "label": {"default": "A"}}]},
                {"name": "village", "label": {"default": "Village"}, "type": "single_choice",
                 "choices": [], "choices_file": "villages.csv",
                 "choice_filter": "province = ${province}"}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn a_choice_file_is_read_into_its_questions_and_written_back() {
        let mut def = form();
        assert_eq!(missing_files(&def), ["villages.csv"]);
        let csv = "name,label,label::Français (fr),province\nv1,Village one,Village un,a\nv2,Village two,,b\n";
        assert_eq!(attach(&mut def, "villages.csv", csv.as_bytes()).unwrap(), 1);
        assert!(missing_files(&def).is_empty());
        def.validate().unwrap();
        let choices = def.questions[1].kind.choices();
        assert_eq!(choices.len(), 2);
        assert_eq!(choices[0].label.0["fr"], "Village un");
        assert_eq!(choices[1].columns["province"], "b");
        let again = String::from_utf8(choices_csv(&def, "villages.csv").unwrap()).unwrap();
        assert!(again.starts_with("name,label,"), "{again}");
        assert!(again.contains("v2,Village two,,b"), "{again}");
        // Every problem at once, and a file no question names.
        let bad = "label,province\nX,a\n";
        let e = attach(&mut form(), "villages.csv", bad.as_bytes()).unwrap_err();
        assert!(e.to_string().contains("has no name column"), "{e}");
        assert!(attach(&mut form(), "other.csv", b"name\nx\n").is_err());
    }
}
