//! The rows of repeats (a household's members) in a dataset. Each repeat gets a dataset of its
//! own, one row per repeat row, whose columns are the questions asked in the repeat: the same
//! roll-ups then count *rows* (members). The response's own row meanwhile gets, for each choice
//! question of a repeat, the choices made in *any* of its rows (a household with at least one
//! member who works), so every figure read per respondent stays one per respondent.

use super::{Column, Dataset};
use enquete_domain::org::UnitId;
use enquete_domain::survey::{AnswerValue, Answers, Labels, SurveyDefinition};
use std::collections::{BTreeMap, BTreeSet};

/// One repeat's rows over every response.
#[derive(Debug, Clone)]
pub struct RepeatRows {
    /// The repeat's path (`household/members`): where its rows are kept in the answers.
    pub path: Box<str>,
    /// The repeat it sits in, by position in [`Dataset::repeats`] (a repeat inside a repeat:
    /// its rows are found in the rows of that one, and still count per response).
    pub outer: Option<usize>,
    /// The survey's questions asked in this repeat, by position in the definition, in the
    /// order of the columns of `data`.
    pub questions: Vec<usize>,
    /// Those questions alone, as a definition `data` is encoded with.
    pub definition: SurveyDefinition,
    /// For every row, the response (row of the main dataset) it belongs to.
    pub parent: Vec<u32>,
    /// The rows, under the section of their response.
    pub data: Dataset,
}

/// The repeats of a survey, outer ones first, each with the questions asked directly in it.
pub(super) fn repeats_of(def: &SurveyDefinition) -> Vec<RepeatRows> {
    let repeats: Vec<String> = def
        .groups
        .iter()
        .filter(|g| g.repeat)
        .map(|g| g.path())
        .collect();
    repeats
        .iter()
        .map(|path| {
            let group = def.group(path);
            let outer = group
                .and_then(|g| def.repeat_of(g.parent.as_deref()))
                .and_then(|o| repeats.iter().position(|p| *p == o.path()));
            let questions: Vec<usize> = def
                .questions
                .iter()
                .enumerate()
                .filter(|(_, q)| {
                    def.repeat_of(q.details.group.as_deref())
                        .is_some_and(|r| r.path() == *path)
                })
                .map(|(i, _)| i)
                .collect();
            let definition = SurveyDefinition {
                form_id: def.form_id.clone(),
                title: group.map_or_else(Labels::default, |g| g.label.clone()),
                questions: questions
                    .iter()
                    .filter_map(|i| def.questions.get(*i).cloned())
                    .collect(),
                groups: Vec::new(),
                languages: BTreeMap::new(),
                version: None,
                settings: BTreeMap::new(),
            };
            RepeatRows {
                path: path.as_str().into(),
                outer,
                questions,
                data: Dataset::new(&definition),
                definition,
                parent: Vec::new(),
            }
        })
        .collect()
}

impl RepeatRows {
    /// Rows per response: `counts[r]` rows belong to response `r` (of `responses`).
    pub fn counts(&self, responses: usize) -> Vec<u32> {
        let mut counts = vec![0_u32; responses];
        for p in &self.parent {
            if let Some(c) = counts.get_mut(*p as usize) {
                *c += 1;
            }
        }
        counts
    }

    /// The rows of the given responses (by their new position), for a selection of them.
    pub(super) fn select(&self, new_position: &[Option<u32>]) -> RepeatRows {
        let mut rows = Vec::new();
        let mut parent = Vec::new();
        for (r, p) in self.parent.iter().enumerate() {
            if let Some(Some(n)) = new_position.get(*p as usize) {
                rows.push(r);
                parent.push(*n);
            }
        }
        RepeatRows {
            path: self.path.clone(),
            outer: self.outer,
            questions: self.questions.clone(),
            definition: self.definition.clone(),
            parent,
            data: self.data.select(&rows),
        }
    }
}

impl Dataset {
    /// Adds the repeat rows found in `answers` (a response, or a row of the repeat `outer`)
    /// to the last response, and notes the choices made in them for its "any row" columns.
    pub(super) fn add_repeat_rows(
        &mut self,
        id: &str,
        unit: UnitId,
        answers: &Answers,
        outer: Option<usize>,
        chosen: &mut BTreeMap<usize, BTreeSet<u16>>,
    ) {
        let row = u32::try_from(self.len().saturating_sub(1)).unwrap_or(u32::MAX);
        for at in 0..self.repeats.len() {
            let Some(repeat) = self.repeats.get(at) else {
                continue;
            };
            if repeat.outer != outer {
                continue;
            }
            let Some(AnswerValue::Rows(rows)) = answers.0.get(repeat.path.as_ref()) else {
                continue;
            };
            for inner in rows {
                if let Some(repeat) = self.repeats.get_mut(at) {
                    repeat.data.push(id, unit, inner);
                    repeat.parent.push(row);
                    for q in &repeat.questions {
                        let (Some(book), Some(key)) = (self.codebook.get(*q), self.names.get(*q))
                        else {
                            continue;
                        };
                        if book.is_empty() {
                            continue;
                        }
                        let codes: Vec<u16> = match inner.0.get(key.as_ref()) {
                            Some(AnswerValue::Text(c)) => {
                                book.get(c).copied().into_iter().collect()
                            }
                            Some(AnswerValue::List(l)) => {
                                l.iter().filter_map(|c| book.get(c).copied()).collect()
                            }
                            _ => continue,
                        };
                        chosen.entry(*q).or_default().extend(codes);
                    }
                }
                self.add_repeat_rows(id, unit, inner, Some(at), chosen);
            }
        }
    }

    /// Writes the choices made in any repeat row of the last response into its columns.
    pub(super) fn set_any_row(&mut self, chosen: BTreeMap<usize, BTreeSet<u16>>) {
        for (q, codes) in chosen {
            if let Some(Column::Multiple(l)) = self.columns.get_mut(q) {
                l.set_last(codes.into_iter());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn household() -> SurveyDefinition {
        serde_json::from_str(
            r#"{"form_id": "hh", "title": {},
            "questions": [
              {"name": "size", "label": {}, "type": "number", "min": 0, "max": 20},
              {"name": "age", "label": {}, "type": "number", "min": 0, "max": 120, "group": "hh/members"},
              {"name": "works", "label": {}, "type": "single_choice", "group": "hh/members",
               "choices": [{"name": "yes", "label": {}}, {"name": "no", "label": {}}]},
              {"name": "school", "label": {}, "type": "single_choice", "group": "hh/members/kids",
               "choices": [{"name": "primary", "label": {}}, {"name": "secondary", "label": {}}]}],
            "groups": [
              {"name": "hh", "at": 1},
              {"name": "members", "parent": "hh", "repeat": true, "at": 1},
              {"name": "kids", "parent": "hh/members", "repeat": true, "at": 3}]}"#,
        )
        .unwrap()
    }

    const RESPONSE: &str = r#"{"size": 3, "hh/members": [
        {"hh/members/age": 40, "hh/members/works": "yes",
         "hh/members/kids": [{"hh/members/kids/school": "primary"}, {"hh/members/kids/school": "secondary"}]},
        {"hh/members/age": 38, "hh/members/works": "yes"},
        {"hh/members/age": 70, "hh/members/works": "no"}]}"#;

    #[test]
    fn repeat_rows_are_counted_per_row_and_per_response() {
        let def = household();
        let mut fast = Dataset::new(&def);
        let mut slow = Dataset::new(&def);
        for (i, json) in [RESPONSE, r#"{"size": 1}"#, RESPONSE].iter().enumerate() {
            fast.push_json(&i.to_string(), UnitId(1), json).unwrap();
            slow.push(
                &i.to_string(),
                UnitId(1),
                &serde_json::from_str(json).unwrap(),
            );
        }
        for data in [&fast, &slow] {
            assert_eq!(data.repeats.len(), 2);
            let members = &data.repeats[0];
            assert_eq!((&*members.path, members.outer), ("hh/members", None));
            assert_eq!(members.questions, vec![1, 2]);
            assert_eq!(members.parent, vec![0, 0, 0, 2, 2, 2]);
            assert_eq!(members.counts(3), vec![3, 0, 3]);
            assert!(
                matches!(&members.data.columns[0], Column::Number(v) if v[..3] == [40, 38, 70])
            );
            let kids = &data.repeats[1];
            assert_eq!((kids.outer, &kids.parent), (Some(0), &vec![0, 0, 2, 2]));
            // Per response: the choices made in any row.
            let Column::Multiple(works) = &data.columns[2] else {
                panic!("works is read per response as the choices of any row")
            };
            assert_eq!(works.row(0), Some(&[0_u16, 1][..]));
            assert_eq!(works.row(1), None);
            let Column::Multiple(school) = &data.columns[3] else {
                panic!("a repeat inside a repeat too")
            };
            assert_eq!(school.row(2), Some(&[0_u16, 1][..]));
        }
        let roll = |d: &Dataset| crate::results::roll_up(&def, d, &[(UnitId(1), None)], None);
        assert_eq!(roll(&fast), roll(&slow));
        let members = &fast.repeats[0];
        let rows = crate::results::roll_up(
            &members.definition,
            &members.data,
            &[(UnitId(1), None)],
            None,
        );
        assert_eq!(
            rows[&UnitId(1)].questions[1].counts(),
            vec![4, 2],
            "per member"
        );
        assert_eq!(
            roll(&fast)[&UnitId(1)].questions[2].counts(),
            vec![2, 2],
            "per household"
        );
        // A selection keeps the rows of the responses it keeps.
        let picked = fast.select(&[2, 1]);
        assert_eq!(picked.repeats[0].parent, vec![0, 0, 0]);
        assert_eq!(picked.repeats[1].parent, vec![0, 0]);
    }
}
