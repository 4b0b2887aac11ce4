//! Raw anonymous responses for analysts: one row per response, one column per question, in the
//! layout of ODK and KoboToolbox exports (several choices or a ranking as codes separated by
//! spaces, in the order given). No names, no collectors, no contact details: those live with the
//! people, not with the answers.

use enquete_analysis::dataset::{Column, Dataset, NO_CHOICE, NO_NUMBER};
use enquete_domain::org::UnitId;
use enquete_domain::survey::SurveyDefinition;
use std::collections::HashMap;
use std::io::Write;

/// What goes into an export besides the answers.
pub struct ExportOptions<'a> {
    /// Free-text answers can identify their writer; left out for readers who see no names.
    pub include_text: bool,
    /// Questions left out entirely (for example a postcode, for readers who see no names).
    pub leave_out: &'a [String],
    /// One weight per row, written as a `weight` column.
    pub weights: Option<&'a [f64]>,
    /// Headers of the place columns (for example region, city, section) and, per unit, the
    /// names that go in them.
    pub levels: &'a [String],
    pub places: &'a HashMap<UnitId, Vec<String>>,
}

/// Writes the dataset as CSV.
pub fn responses_csv(
    def: &SurveyDefinition,
    data: &Dataset,
    options: &ExportOptions,
    out: impl Write,
) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    let shown: Vec<(usize, &enquete_domain::survey::Question, &Column)> = def
        .questions
        .iter()
        .zip(&data.columns)
        .enumerate()
        .filter(|(_, (q, c))| {
            !options.leave_out.contains(&q.name)
                && (options.include_text || !matches!(c, Column::Text(_)))
        })
        .map(|(i, (q, c))| (i, q, c))
        .collect();
    let mut header: Vec<&str> = vec!["response_id", "unit_id"];
    header.extend(options.levels.iter().map(String::as_str));
    header.extend(shown.iter().map(|(_, q, _)| q.name.as_str()));
    if options.weights.is_some() {
        header.push("weight");
    }
    w.write_record(&header)?;
    let empty = Vec::new();
    let mut record: Vec<String> = Vec::with_capacity(header.len());
    for (row, unit_index) in data.units.iter().enumerate() {
        record.clear();
        let unit = data
            .unit_ids
            .get(*unit_index as usize)
            .copied()
            .unwrap_or(UnitId(0));
        record.push(
            data.ids
                .get(row)
                .map_or_else(String::new, |i| i.to_string()),
        );
        record.push(unit.0.to_string());
        let names = options.places.get(&unit).unwrap_or(&empty);
        for i in 0..options.levels.len() {
            record.push(names.get(i).cloned().unwrap_or_default());
        }
        for (_, q, column) in &shown {
            let choices = q.kind.choices();
            let name = |code: &u16| {
                choices
                    .get(usize::from(*code))
                    .map_or("", |c| c.name.as_str())
            };
            record.push(match column {
                Column::Single(codes) => match codes.get(row) {
                    Some(c) if *c != NO_CHOICE => name(c).to_owned(),
                    _ => String::new(),
                },
                Column::Multiple(lists) | Column::Ranking(lists) => lists
                    .row(row)
                    .map(|l| l.iter().map(name).collect::<Vec<_>>().join(" "))
                    .unwrap_or_default(),
                Column::Number(values) => match values.get(row) {
                    Some(v) if *v != NO_NUMBER => v.to_string(),
                    _ => String::new(),
                },
                Column::Text(texts) => texts
                    .get(row)
                    .and_then(|t| t.as_deref())
                    .unwrap_or_default()
                    .to_owned(),
            });
        }
        if let Some(weights) = options.weights {
            record.push(
                weights
                    .get(row)
                    .map_or_else(String::new, |w| format!("{w:.12}")),
            );
        }
        w.write_record(&record)?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use enquete_domain::survey::Answers;

    #[test]
    fn rows_carry_codes_places_and_weights_but_no_text_unless_asked() {
        let def = enquete_domain::demo::belgian_enquete();
        let a: Answers = serde_json::from_str(
            r#"{"top3": ["housing", "wages"], "trust": 3, "change": "Jan at number 4, parks", "gender": "woman", "postcode": 9000}"#,
        )
        .unwrap();
        let b: Answers = serde_json::from_str(r#"{"top3": ["climate"]}"#).unwrap();
        let data = Dataset::encode(&def, [("r1", UnitId(7), &a), ("r2", UnitId(8), &b)]);
        let places: HashMap<UnitId, Vec<String>> = [
            (UnitId(7), vec!["Vlaanderen".into(), "Gent".into()]),
            (UnitId(8), vec!["Wallonie".into(), "Liège, centre".into()]),
        ]
        .into();
        let levels = vec!["region".to_owned(), "city".to_owned()];
        let leave_out = vec!["postcode".to_owned()];
        let options = ExportOptions {
            include_text: false,
            leave_out: &leave_out,
            weights: Some(&[1.5, 0.5]),
            levels: &levels,
            places: &places,
        };
        let mut out = Vec::new();
        responses_csv(&def, &data, &options, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "response_id,unit_id,region,city,top3,trust,age_band,gender,contact,weight"
        );
        assert_eq!(
            lines[1],
            "r1,7,Vlaanderen,Gent,housing wages,3,,woman,,1.500000000000"
        );
        assert_eq!(
            lines[2],
            "r2,8,Wallonie,\"Liège, centre\",climate,,,,,0.500000000000"
        );
        assert!(!text.contains("Jan at number 4"));
    }
}
