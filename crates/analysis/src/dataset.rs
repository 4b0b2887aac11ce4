//! Responses encoded once into columns (one per question) so that roll-ups, cross-tabs and
//! weighting read compact arrays instead of maps of strings: a choice becomes its position in the
//! survey's list, a number stays a number, a list becomes positions in a shared buffer.

use enquete_domain::org::UnitId;
use enquete_domain::survey::{AnswerValue, Answers, QuestionKind, SurveyDefinition};
use std::collections::{BTreeMap, HashMap};

mod repeats;
pub use repeats::RepeatRows;

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

    /// Replaces the last row (just pushed as not answered) by these codes.
    fn set_last(&mut self, codes: impl Iterator<Item = u16>) {
        self.offsets.pop();
        if let Some(a) = self.answered.last_mut() {
            *a = true;
        }
        self.codes.extend(codes);
        self.offsets
            .push(u32::try_from(self.codes.len()).unwrap_or(u32::MAX));
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
    /// Per question, whether it is asked inside a repeat (its answers are then in the rows
    /// of [`Dataset::repeats`], and its column holds the choices made in any row).
    in_repeat: Vec<bool>,
    /// The rows of each repeat of the survey, outer repeats first.
    pub repeats: Vec<RepeatRows>,
}

impl Dataset {
    pub fn new(def: &SurveyDefinition) -> Self {
        let in_repeat: Vec<bool> = def
            .questions
            .iter()
            .map(|q| def.repeat_of(q.details.group.as_deref()).is_some())
            .collect();
        let columns = def
            .questions
            .iter()
            .zip(&in_repeat)
            .map(|(q, inside)| match q.kind {
                // Per response, a repeat's choices are those made in any of its rows.
                _ if *inside && !q.kind.choices().is_empty() => Column::Multiple(Lists::new()),
                _ if *inside => Column::Text(Vec::new()),
                QuestionKind::SingleChoice { .. } => Column::Single(Vec::new()),
                QuestionKind::MultipleChoice { .. } => Column::Multiple(Lists::new()),
                QuestionKind::Ranking { .. } => Column::Ranking(Lists::new()),
                QuestionKind::Scale { .. } | QuestionKind::Number { .. } => {
                    Column::Number(Vec::new())
                }
                // Dates, places, file names, calculations...: kept as text until the results
                // read them as what they are.
                _ => Column::Text(Vec::new()),
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
                .map(|q| q.key().into_boxed_str())
                .collect(),
            in_repeat,
            repeats: repeats::repeats_of(def),
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
            in_repeat: self.in_repeat.clone(),
            repeats: Vec::new(),
        };
        let mut new_position = vec![None; self.len()];
        for (n, r) in rows.iter().enumerate() {
            if let Some(slot) = new_position.get_mut(*r) {
                *slot = u32::try_from(n).ok();
            }
        }
        out.repeats = self
            .repeats
            .iter()
            .map(|r| r.select(&new_position))
            .collect();
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

    /// Puts a row under another unit (a section's row under its city, when an export
    /// generalises where it comes from). Its repeat rows stay where they were: exports do not
    /// carry them.
    pub fn move_row(&mut self, row: usize, unit: UnitId) {
        let next = u32::try_from(self.unit_ids.len()).unwrap_or(u32::MAX);
        let index = *self.unit_index.entry(unit).or_insert(next);
        if index == next {
            self.unit_ids.push(unit);
        }
        if let Some(u) = self.units.get_mut(row) {
            *u = index;
        }
    }

    /// Leaves a row's answer to a question with one answer out (as if not answered).
    pub fn blank(&mut self, row: usize, question: usize) {
        if let Some(Column::Single(v)) = self.columns.get_mut(question)
            && let Some(x) = v.get_mut(row)
        {
            *x = NO_CHOICE;
        }
    }

    /// The id and section of a new row.
    fn start_row(&mut self, id: &str, unit: UnitId) {
        let next = u32::try_from(self.unit_ids.len()).unwrap_or(u32::MAX);
        let index = *self.unit_index.entry(unit).or_insert(next);
        if index == next {
            self.unit_ids.push(unit);
        }
        self.units.push(index);
        self.ids.push(id.into());
    }

    /// Adds one response given as its stored JSON (`{"question": answer, ...}`), reading the
    /// answers straight into the columns: the fast path for loading many responses.
    pub fn push_json(&mut self, id: &str, unit: UnitId, json: &str) -> Result<(), String> {
        use serde::de::Deserializer;
        self.start_row(id, unit);
        // Every column gets "not answered" first; the answers found overwrite it.
        for column in &mut self.columns {
            match column {
                Column::Single(v) => v.push(NO_CHOICE),
                Column::Multiple(l) | Column::Ranking(l) => l.push(None::<std::iter::Empty<u16>>),
                Column::Number(v) => v.push(NO_NUMBER),
                Column::Text(v) => v.push(None),
            }
        }
        let mut de = serde_json::Deserializer::from_str(json);
        de.deserialize_map(RowVisitor { data: self })
            .map_err(|e| format!("answers of response {id}: {e}"))
    }

    /// Adds one response. Answers the definition does not know (an older version's question,
    /// a choice since removed) are left out.
    pub fn push(&mut self, id: &str, unit: UnitId, answers: &Answers) {
        self.start_row(id, unit);
        for (((column, book), name), inside) in self
            .columns
            .iter_mut()
            .zip(&self.codebook)
            .zip(self.names.iter())
            .zip(&self.in_repeat)
        {
            let value = if *inside {
                None
            } else {
                answers.0.get(name.as_ref())
            };
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
                    Some(AnswerValue::Number(n)) => Some(n.to_string().into()),
                    Some(AnswerValue::Decimal(d)) => Some(d.0.to_string().into()),
                    _ => None,
                }),
            }
        }
        if !self.repeats.is_empty() {
            let mut chosen = BTreeMap::new();
            self.add_repeat_rows(id, unit, answers, None, &mut chosen);
            self.set_any_row(chosen);
        }
    }
}

/// An answer as it appears in the stored JSON, borrowed where it can be.
enum Raw<'a> {
    Number(i64),
    Float(f64),
    Text(std::borrow::Cow<'a, str>),
    List(Vec<std::borrow::Cow<'a, str>>),
    Other,
}

impl<'de> serde::Deserialize<'de> for Raw<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Raw<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number, a text or a list of texts")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Raw<'de>, E> {
                Ok(Raw::Number(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Raw<'de>, E> {
                Ok(i64::try_from(v).map_or(Raw::Other, Raw::Number))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Raw<'de>, E> {
                Ok(Raw::Float(v))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Raw<'de>, E> {
                Ok(Raw::Other)
            }
            fn visit_unit<E>(self) -> Result<Raw<'de>, E> {
                Ok(Raw::Other)
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Raw<'de>, E> {
                Ok(Raw::Text(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Raw<'de>, E> {
                Ok(Raw::Text(std::borrow::Cow::Owned(v.to_owned())))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Raw<'de>, A::Error> {
                // A list of codes; anything else (a repeat's rows) is read through and left.
                let mut out = Vec::new();
                let mut other = false;
                while let Some(item) = seq.next_element::<Raw<'de>>()? {
                    match item {
                        Raw::Text(t) if !other => out.push(t),
                        _ => other = true,
                    }
                }
                Ok(if other { Raw::Other } else { Raw::List(out) })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Raw<'de>, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Raw::Other)
            }
        }
        d.deserialize_any(V)
    }
}

struct RowVisitor<'d> {
    data: &'d mut Dataset,
}

impl<'de> serde::de::Visitor<'de> for RowVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object of answers by question")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut chosen = BTreeMap::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if self
                .data
                .repeats
                .iter()
                .any(|r| r.outer.is_none() && *r.path == *key)
            {
                // A repeat's rows: read as answers (nested rows included) and added.
                let rows: Vec<Answers> = map.next_value()?;
                let (Some(id), Some(unit)) = (
                    self.data.ids.last().cloned(),
                    self.data
                        .units
                        .last()
                        .and_then(|u| self.data.unit_ids.get(*u as usize).copied()),
                ) else {
                    continue;
                };
                let mut holder = Answers::default();
                holder.0.insert(key.into_owned(), AnswerValue::Rows(rows));
                self.data
                    .add_repeat_rows(&id, unit, &holder, None, &mut chosen);
                continue;
            }
            let Some(q) = self
                .data
                .names
                .iter()
                .zip(&self.data.in_repeat)
                .position(|(n, inside)| !*inside && **n == *key)
            else {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            };
            let value: Raw<'de> = map.next_value()?;
            let (Some(column), Some(book)) =
                (self.data.columns.get_mut(q), self.data.codebook.get(q))
            else {
                continue;
            };
            match (column, value) {
                (Column::Single(v), Raw::Text(t)) => {
                    if let (Some(slot), Some(code)) = (v.last_mut(), book.get(t.as_ref())) {
                        *slot = *code;
                    }
                }
                (Column::Multiple(l) | Column::Ranking(l), Raw::List(list)) => {
                    l.set_last(list.iter().filter_map(|t| book.get(t.as_ref()).copied()));
                }
                (Column::Number(v), Raw::Number(n)) if n != NO_NUMBER => {
                    if let Some(slot) = v.last_mut() {
                        *slot = n;
                    }
                }
                (Column::Text(v), Raw::Text(t)) if !t.trim().is_empty() => {
                    if let Some(slot) = v.last_mut() {
                        *slot = Some(t.as_ref().into());
                    }
                }
                // A decimal, a calculation's number: kept as the text a phone would show.
                (Column::Text(v), Raw::Number(n)) => {
                    if let Some(slot) = v.last_mut() {
                        *slot = Some(n.to_string().into());
                    }
                }
                (Column::Text(v), Raw::Float(f)) => {
                    if let Some(slot) = v.last_mut() {
                        *slot = Some(f.to_string().into());
                    }
                }
                _ => {}
            }
        }
        self.data.set_any_row(chosen);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_rows_encode_like_parsed_answers() {
        let def = enquete_domain::demo::belgian_enquete();
        let rows = [
            r#"{"top3": ["housing", "wages", "nonsense"], "trust": 3, "change": "Meer \"groen\"", "gender": "woman"}"#,
            r#"{"contact": "no", "postcode": 9000, "age_band": "a65", "top3": []}"#,
            r#"{}"#,
        ];
        let mut fast = Dataset::new(&def);
        let mut slow = Dataset::new(&def);
        for (i, json) in rows.iter().enumerate() {
            fast.push_json(&i.to_string(), UnitId(7), json).unwrap();
            let answers: Answers = serde_json::from_str(json).unwrap_or_default();
            slow.push(&i.to_string(), UnitId(7), &answers);
        }
        let roll = |d: &Dataset| {
            crate::results::roll_up(&def, d, &[(UnitId(7), None)], None)[&UnitId(7)].clone()
        };
        assert_eq!(roll(&fast), roll(&slow));
        assert!(
            matches!(&fast.columns[2], Column::Text(t) if t[0].as_deref() == Some("Meer \"groen\""))
        );
        fast.push_json("z", UnitId(7), r#"{"extra": {"a": [1]}, "trust": 4}"#)
            .unwrap();
        assert!(matches!(&fast.columns[1], Column::Number(v) if v[3] == 4));
        assert!(fast.push_json("x", UnitId(7), "[1, 2]").is_err());
        // A field form's decimal, and a repeat's rows read through (not an error).
        let mut field = Dataset::new(&def);
        let json = r#"{"change": 4.5, "hh/members": [{"hh/members/age": 3}], "trust": 2}"#;
        field.push_json("d", UnitId(7), json).unwrap();
        let mut slow = Dataset::new(&def);
        slow.push("d", UnitId(7), &serde_json::from_str(json).unwrap());
        assert!(matches!(&field.columns[2], Column::Text(t) if t[0].as_deref() == Some("4.5")));
        assert!(matches!(&slow.columns[2], Column::Text(t) if t[0].as_deref() == Some("4.5")));
        assert!(matches!(&field.columns[1], Column::Number(v) if v[0] == 2));
        assert!(fast.push_json("y", UnitId(7), "{\"top3\": ").is_err());
    }
}
