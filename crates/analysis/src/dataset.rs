//! Responses encoded once into columns (one per question) so that roll-ups, cross-tabs and
//! weighting read compact arrays instead of maps of strings: a choice becomes its position in the
//! survey's list, a number stays a number, a list becomes positions in a shared buffer.

use enquete_domain::org::UnitId;
use enquete_domain::survey::{AnswerValue, Answers, QuestionKind, SurveyDefinition};
use std::collections::HashMap;

/// Marks a missing single choice.
pub const NO_CHOICE: u16 = u16::MAX;
/// Marks a missing number.
pub const NO_NUMBER: i64 = i64::MIN;

/// Answers to a question that takes several choices (in the order given, for rankings).
#[derive(Debug, Clone, Default)]
pub struct Lists {
    /// Row `r` holds `codes[offsets[r]..offsets[r + 1]]`.
    pub offsets: Vec<u32>,
    pub codes: Vec<u16>,
    pub answered: Vec<bool>,
}

impl Lists {
    fn new() -> Self {
        Self {
            offsets: vec![0],
            ..Self::default()
        }
    }

    /// The choices of row `r`, or `None` when the question was not answered.
    pub fn row(&self, r: usize) -> Option<&[u16]> {
        if !self.answered.get(r).copied().unwrap_or(false) {
            return None;
        }
        let (Some(a), Some(b)) = (self.offsets.get(r), self.offsets.get(r + 1)) else {
            return None;
        };
        self.codes.get(*a as usize..*b as usize)
    }

    fn select(&self, rows: &[usize]) -> Lists {
        let mut out = Lists::new();
        for r in rows {
            out.push(self.row(*r).map(|l| l.iter().copied()));
        }
        out
    }

    fn push(&mut self, codes: Option<impl Iterator<Item = u16>>) {
        self.answered.push(codes.is_some());
        if let Some(codes) = codes {
            self.codes.extend(codes);
        }
        self.offsets
            .push(u32::try_from(self.codes.len()).unwrap_or(u32::MAX));
    }
}

#[derive(Debug, Clone)]
pub enum Column {
    Single(Vec<u16>),
    Multiple(Lists),
    Ranking(Lists),
    Number(Vec<i64>),
    Text(Vec<Option<Box<str>>>),
}

/// Responses of one survey as columns, in the order they were added.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Response ids, parallel to the rows.
    pub ids: Vec<Box<str>>,
    /// Each row's section, as an index into `unit_ids`.
    pub units: Vec<u32>,
    pub unit_ids: Vec<UnitId>,
    unit_index: HashMap<UnitId, u32>,
    /// One per question of the definition, in its order.
    pub columns: Vec<Column>,
    codebook: Vec<HashMap<String, u16>>,
    names: Vec<Box<str>>,
}

impl Dataset {
    pub fn new(def: &SurveyDefinition) -> Self {
        let columns = def
            .questions
            .iter()
            .map(|q| match q.kind {
                QuestionKind::SingleChoice { .. } => Column::Single(Vec::new()),
                QuestionKind::MultipleChoice { .. } => Column::Multiple(Lists::new()),
                QuestionKind::Ranking { .. } => Column::Ranking(Lists::new()),
                QuestionKind::Scale { .. } | QuestionKind::Number { .. } => {
                    Column::Number(Vec::new())
                }
                QuestionKind::Text { .. } => Column::Text(Vec::new()),
            })
            .collect();
        let codebook = def
            .questions
            .iter()
            .map(|q| {
                q.kind
                    .choices()
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.name.clone(), u16::try_from(i).unwrap_or(NO_CHOICE)))
                    .collect()
            })
            .collect();
        Self {
            ids: Vec::new(),
            units: Vec::new(),
            unit_ids: Vec::new(),
            unit_index: HashMap::new(),
            columns,
            codebook,
            names: def
                .questions
                .iter()
                .map(|q| q.name.as_str().into())
                .collect(),
        }
    }

    /// Encodes responses given as `(id, section, answers)`.
    pub fn encode<'a>(
        def: &SurveyDefinition,
        rows: impl IntoIterator<Item = (&'a str, UnitId, &'a Answers)>,
    ) -> Self {
        let mut data = Self::new(def);
        for (id, unit, answers) in rows {
            data.push(id, unit, answers);
        }
        data
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The given rows (by position), in that order, as a dataset of their own.
    pub fn select(&self, rows: &[usize]) -> Dataset {
        let mut out = Dataset {
            ids: Vec::with_capacity(rows.len()),
            units: Vec::with_capacity(rows.len()),
            unit_ids: self.unit_ids.clone(),
            unit_index: self.unit_index.clone(),
            columns: Vec::with_capacity(self.columns.len()),
            codebook: self.codebook.clone(),
            names: self.names.clone(),
        };
        for r in rows {
            if let (Some(id), Some(u)) = (self.ids.get(*r), self.units.get(*r)) {
                out.ids.push(id.clone());
                out.units.push(*u);
            }
        }
        for column in &self.columns {
            out.columns.push(match column {
                Column::Single(v) => {
                    Column::Single(rows.iter().filter_map(|r| v.get(*r).copied()).collect())
                }
                Column::Number(v) => {
                    Column::Number(rows.iter().filter_map(|r| v.get(*r).copied()).collect())
                }
                Column::Text(v) => {
                    Column::Text(rows.iter().filter_map(|r| v.get(*r).cloned()).collect())
                }
                Column::Multiple(l) => Column::Multiple(l.select(rows)),
                Column::Ranking(l) => Column::Ranking(l.select(rows)),
            });
        }
        out
    }

    /// Adds one response. Answers the definition does not know (an older version's question,
    /// a choice since removed) are left out.
    pub fn push(&mut self, id: &str, unit: UnitId, answers: &Answers) {
        let next = u32::try_from(self.unit_ids.len()).unwrap_or(u32::MAX);
        let index = *self.unit_index.entry(unit).or_insert(next);
        if index == next {
            self.unit_ids.push(unit);
        }
        self.units.push(index);
        self.ids.push(id.into());
        for ((column, book), name) in self
            .columns
            .iter_mut()
            .zip(&self.codebook)
            .zip(self.names.iter())
        {
            let value = answers.0.get(name.as_ref());
            let code = |c: &String| book.get(c).copied();
            match column {
                Column::Single(v) => v.push(match value {
                    Some(AnswerValue::Text(c)) => code(c).unwrap_or(NO_CHOICE),
                    _ => NO_CHOICE,
                }),
                Column::Multiple(l) | Column::Ranking(l) => l.push(match value {
                    Some(AnswerValue::List(list)) => Some(list.iter().filter_map(code)),
                    _ => None,
                }),
                Column::Number(v) => v.push(match value {
                    Some(AnswerValue::Number(n)) if *n != NO_NUMBER => *n,
                    _ => NO_NUMBER,
                }),
                Column::Text(v) => v.push(match value {
                    Some(AnswerValue::Text(t)) if !t.trim().is_empty() => Some(t.as_str().into()),
                    _ => None,
                }),
            }
        }
    }
}
