//! A bank statement exported as CSV, as Belgian banks write them: a header row naming the
//! columns (in Dutch, French or English: date, amount, communication, counterparty), `;` or `,`
//! between cells, amounts with a decimal comma or point. Only incoming and outgoing amounts are
//! read; the file is refused as a whole, naming the row and the column, when one line cannot be
//! read, so that nothing of a bad file is imported.

use enquete_domain::Problem;
use enquete_domain::festival::parse_euros;
use std::collections::BTreeMap;

/// One line of the statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankLine {
    /// As the bank wrote it (`2026-06-02`, `02/06/2026`).
    pub booked_on: String,
    pub amount_cents: i64,
    pub communication: String,
    pub counterparty: String,
    /// The line's cells as written, and which of its identical twins in the file it is: what
    /// tells a line apart when the same statement is imported again.
    pub key: String,
}

/// Where a statement could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementError {
    pub row: usize,
    pub column: String,
    pub problem: Problem,
}

const DATE: &[&str] = &[
    "date",
    "datum",
    "boekingsdatum",
    "uitvoeringsdatum",
    "valutadatum",
    "date d'exécution",
    "date de comptabilisation",
    "date valeur",
    "booking date",
    "value date",
];
const AMOUNT: &[&str] = &["amount", "bedrag", "montant", "betrag"];
const COMMUNICATION: &[&str] = &[
    "communication",
    "mededeling",
    "gestructureerde mededeling",
    "communication structurée",
    "details",
    "description",
    "omschrijving",
    "verwendungszweck",
];
const COUNTERPARTY: &[&str] = &[
    "counterparty",
    "tegenpartij",
    "naam tegenpartij",
    "contrepartie",
    "nom de la contrepartie",
    "name",
    "naam",
    "nom",
    "auftraggeber",
];

fn find(header: &[String], names: &[&str]) -> Option<usize> {
    header
        .iter()
        .position(|h| names.contains(&h.to_lowercase().trim()))
}

/// Reads every line of a statement, or says where it cannot.
pub fn parse_statement(bytes: &[u8]) -> Result<Vec<BankLine>, StatementError> {
    let text = std::str::from_utf8(bytes).map_err(|_| StatementError {
        row: 1,
        column: "-".into(),
        problem: Problem::new("error-statement-encoding"),
    })?;
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| StatementError {
            row: 1,
            column: "-".into(),
            problem: Problem::new("error-statement-not-csv").arg("detail", e),
        })?
        .iter()
        .map(str::to_owned)
        .collect();
    let column = |names: &[&str], what: &str| {
        find(&header, names).ok_or_else(|| StatementError {
            row: 1,
            column: what.to_owned(),
            problem: Problem::new("error-statement-column"),
        })
    };
    let date = column(DATE, "date")?;
    let amount = column(AMOUNT, "amount")?;
    let communication = column(COMMUNICATION, "communication")?;
    let counterparty = find(&header, COUNTERPARTY);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = record.map_err(|e| StatementError {
            row,
            column: "-".into(),
            problem: Problem::new("error-statement-row").arg("detail", e),
        })?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        let cell = |i: usize| record.get(i).unwrap_or("").to_owned();
        let booked_on = cell(date);
        if booked_on.is_empty() || !booked_on.bytes().any(|b| b.is_ascii_digit()) {
            return Err(StatementError {
                row,
                column: header.get(date).cloned().unwrap_or_default(),
                problem: Problem::new("error-statement-date"),
            });
        }
        let amount_cents = parse_euros("amount", &cell(amount)).map_err(|_| StatementError {
            row,
            column: header.get(amount).cloned().unwrap_or_default(),
            problem: Problem::new("error-statement-amount"),
        })?;
        let content = record.iter().collect::<Vec<_>>().join("\u{1f}");
        let n = seen.entry(content.clone()).or_insert(0);
        *n += 1;
        out.push(BankLine {
            booked_on,
            amount_cents,
            communication: cell(communication),
            counterparty: counterparty.map(cell).unwrap_or_default(),
            key: format!("{n}\u{1e}{content}"),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_read_in_the_banks_own_words() {
        let kbc = "Datum;Bedrag;Mededeling;Naam tegenpartij\n\
                   02/06/2026;45,00;+++000/0000/04204+++;An Peeters\n\
                   02/06/2026;45,00;+++000/0000/04204+++;An Peeters\n\
                   03/06/2026;-12,50;Drukkerij;Drukwerk bv\n";
        let lines = parse_statement(kbc.as_bytes()).unwrap();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].amount_cents, 4500);
        assert_eq!(lines[0].counterparty, "An Peeters");
        assert_ne!(lines[0].key, lines[1].key, "identical twins are two lines");
        assert_eq!(lines[2].amount_cents, -1250);
        let en = "Booking date,Amount,Details,Counterparty\n2026-06-02,1234.50,hello,X\n";
        assert_eq!(
            parse_statement(en.as_bytes()).unwrap()[0].amount_cents,
            123_450
        );
        // A bad amount names its row and column; a missing column is named too.
        let bad = "Date;Montant;Communication\n2026-06-02;beaucoup;x\n";
        let e = parse_statement(bad.as_bytes()).unwrap_err();
        assert_eq!((e.row, e.column.as_str()), (2, "Montant"));
        let e = parse_statement(b"Date;Communication\n2026-06-02;x\n").unwrap_err();
        assert_eq!((e.row, e.column.as_str()), (1, "amount"));
        let e = parse_statement(b"Date;Amount;Communication\n;12;x\n").unwrap_err();
        assert_eq!((e.row, e.column.as_str()), (2, "Date"));
        assert!(parse_statement(&[0xff, 0xfe, 0x00]).is_err());
    }
}
