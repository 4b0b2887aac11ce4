//! Files for weighting that analysts bring from other tools: a sample (one row per respondent,
//! an `id` column and one column per weighting variable) and population margins
//! (`variable,category,population`).

use enquete_analysis::raking::Margin;
use std::collections::BTreeMap;

/// Reads both files into the respondents' ids and one margin per variable of the margins file.
/// Problems name the file, row and column.
pub fn read(sample: &[u8], margins: &[u8]) -> Result<(Vec<String>, Vec<Margin>), String> {
    let mut targets: BTreeMap<String, (Vec<String>, Vec<f64>)> = BTreeMap::new();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(margins);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| format!("margins: {e}"))?
        .iter()
        .map(str::to_owned)
        .collect();
    if header != ["variable", "category", "population"] {
        return Err("margins, row 1: the columns must be variable,category,population".into());
    }
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = record.map_err(|e| format!("margins, row {row}: {e}"))?;
        let (Some(var), Some(cat), Some(pop)) = (record.get(0), record.get(1), record.get(2))
        else {
            return Err(format!("margins, row {row}: needs three values"));
        };
        let pop: f64 = pop.parse().map_err(|_| {
            format!("margins, row {row}, column population: {pop:?} is not a number")
        })?;
        let entry = targets.entry(var.to_owned()).or_default();
        if entry.0.iter().any(|c| c == cat) {
            return Err(format!("margins, row {row}: {var}={cat} is given twice"));
        }
        entry.0.push(cat.to_owned());
        entry.1.push(pop);
    }
    if targets.is_empty() {
        return Err("margins: no rows".into());
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(sample);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| format!("sample: {e}"))?
        .iter()
        .map(str::to_owned)
        .collect();
    let id_col = header
        .iter()
        .position(|h| h == "id")
        .ok_or("sample, row 1: there is no id column")?;
    let mut columns = Vec::new();
    for var in targets.keys() {
        columns.push(header.iter().position(|h| h == var).ok_or_else(|| {
            format!("sample, row 1: there is no column {var} (named in the margins)")
        })?);
    }
    let mut ids = Vec::new();
    let mut margins: Vec<Margin> = targets
        .into_iter()
        .map(|(variable, (categories, population))| Margin {
            variable,
            categories,
            population,
            respondents: Vec::new(),
        })
        .collect();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = record.map_err(|e| format!("sample, row {row}: {e}"))?;
        ids.push(record.get(id_col).unwrap_or_default().to_owned());
        for (m, col) in margins.iter_mut().zip(&columns) {
            let value = record.get(*col).unwrap_or_default();
            let Some(c) = m.categories.iter().position(|c| c == value) else {
                return Err(format!(
                    "sample, row {row}, column {}: {value:?} is not a category of the margins",
                    m.variable
                ));
            };
            m.respondents.push(Some(c));
        }
    }
    Ok((ids, margins))
}

/// One row of a population file: `unit,variable,category,population`.
#[derive(Debug, Clone, PartialEq)]
pub struct PopulationRow {
    /// The unit as written: its number or its name.
    pub unit: String,
    pub variable: String,
    pub category: String,
    pub population: f64,
}

/// Reads a population file (`unit,variable,category,population`), as official statistics give
/// them: the population of a unit in each category of a demographic variable. Problems name the
/// row and column.
pub fn read_population(bytes: &[u8]) -> Result<Vec<PopulationRow>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| format!("row 1: {e}"))?
        .iter()
        .map(str::to_owned)
        .collect();
    if header != ["unit", "variable", "category", "population"] {
        return Err("row 1: the columns must be unit,variable,category,population".into());
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = record.map_err(|e| format!("row {row}: {e}"))?;
        let cell = |k: usize, name: &str| -> Result<String, String> {
            match record.get(k) {
                Some(v) if !v.is_empty() => Ok(v.to_owned()),
                _ => Err(format!("row {row}, column {name}: empty")),
            }
        };
        let population = cell(3, "population")?;
        let population: f64 = population
            .parse()
            .ok()
            .filter(|p: &f64| p.is_finite() && *p > 0.0)
            .ok_or_else(|| {
                format!("row {row}, column population: {population:?} is not a positive number")
            })?;
        rows.push(PopulationRow {
            unit: cell(0, "unit")?,
            variable: cell(1, "variable")?,
            category: cell(2, "category")?,
            population,
        });
    }
    if rows.is_empty() {
        return Err("the file has no rows below its header".into());
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    #[test]
    fn population_files_read_and_mistakes_are_placed() {
        let rows = super::read_population(
            b"unit,variable,category,population\nVlaanderen,gender,woman,2900000\n2,gender,man,2800000\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].unit, "Vlaanderen");
        assert_eq!(rows[1].population, 2_800_000.0);
        let e = super::read_population(b"unit,variable,category,population\n2,gender,man,-4\n")
            .unwrap_err();
        assert_eq!(
            e,
            "row 2, column population: \"-4\" is not a positive number"
        );
        let e =
            super::read_population(b"unit,variable,category,population\n2,,man,4\n").unwrap_err();
        assert_eq!(e, "row 2, column variable: empty");
        assert!(super::read_population(b"unit,var\n").is_err());
    }

    #[test]
    fn files_read_and_mistakes_are_placed() {
        let sample = b"id,gender,age\n1,woman,young\n2,man,old\n";
        let margins = b"variable,category,population\ngender,woman,51\ngender,man,49\nage,young,40\nage,old,60\n";
        let (ids, m) = super::read(sample, margins).unwrap();
        assert_eq!(ids, ["1", "2"]);
        assert_eq!(m.len(), 2);
        let e = super::read(b"id,gender,age\n1,other,young\n", margins).unwrap_err();
        assert_eq!(
            e,
            "sample, row 2, column gender: \"other\" is not a category of the margins"
        );
        let e =
            super::read(sample, b"variable,category,population\ngender,woman,lots\n").unwrap_err();
        assert!(e.starts_with("margins, row 2, column population"), "{e}");
    }
}
