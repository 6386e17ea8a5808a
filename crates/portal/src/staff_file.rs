//! The CSV files the society's staff import (the roster, the notices): read as Excel saves them,
//! checked row by row, and refused with every bad row named by its line. Nothing here writes.

use std::collections::HashMap;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// A row the import refused, and why, in the staff's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// The line in the file (the header is line 1).
    pub line: u64,
    pub problem: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}行目: {}", self.line, self.problem)
    }
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the file has problems; nothing was imported")]
    Rows(Vec<RowProblem>),
    #[error(transparent)]
    Portal(#[from] crate::PortalError),
}

impl From<sqlx::Error> for ImportError {
    fn from(error: sqlx::Error) -> Self {
        Self::Portal(error.into())
    }
}

/// The largest file an import reads: a year of notices for a large society fits many times.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads the file's bytes as text: UTF-8 (with or without BOM), or Shift_JIS as Excel saves a
/// Japanese CSV.
fn decode(bytes: &[u8]) -> Result<String, RowProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
    if had_errors {
        return Err(RowProblem {
            line: 1,
            problem: "文字コードを読み取れません。UTF-8 または Shift_JIS の CSV で保存してください。".into(),
        });
    }
    Ok(text.into_owned())
}

/// One CSV record, read by column name.
pub struct Row<'a> {
    pub line: u64,
    record: &'a csv::StringRecord,
    index: &'a HashMap<&'a str, usize>,
}

impl Row<'_> {
    /// The field of the column `name`, trimmed; empty when the file has no such column.
    pub fn get(&self, name: &str) -> &str {
        self.index.get(name).and_then(|&i| self.record.get(i)).unwrap_or_default()
    }
}

/// Reads a file whose header row names at least the `required` columns, and checks each row
/// with `check`: the rows that passed, and every problem (not only the first). Blank rows are
/// skipped.
pub fn read<T>(
    bytes: &[u8],
    required: &[&str],
    check: impl FnMut(&Row) -> Result<T, String>,
) -> (Vec<T>, Vec<RowProblem>) {
    match read_rows(bytes, required, check) {
        Ok(read) => read,
        Err(problem) => (Vec::new(), vec![problem]),
    }
}

/// The rows, if no problem was found, else every problem by line.
pub fn clean<T>(rows: Vec<T>, mut problems: Vec<RowProblem>) -> Result<Vec<T>, Vec<RowProblem>> {
    problems.sort_by_key(|problem| problem.line);
    if problems.is_empty() { Ok(rows) } else { Err(problems) }
}

fn read_rows<T>(
    bytes: &[u8],
    required: &[&str],
    mut check: impl FnMut(&Row) -> Result<T, String>,
) -> Result<(Vec<T>, Vec<RowProblem>), RowProblem> {
    let text = decode(bytes)?;
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|error| csv_problem(&error, 1))?.clone();
    let index: HashMap<&str, usize> = headers.iter().enumerate().map(|(i, name)| (name, i)).collect();
    let missing: Vec<&str> = required.iter().copied().filter(|name| !index.contains_key(name)).collect();
    if !missing.is_empty() {
        return Err(RowProblem {
            line: 1,
            problem: format!("見出し行に列「{}」がありません。", missing.join("」「")),
        });
    }
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                problems.push(csv_problem(&error, n as u64 + 2));
                continue;
            }
        };
        let line = record.position().map_or(n as u64 + 2, |position| position.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        match check(&Row { line, record: &record, index: &index }) {
            Ok(row) => rows.push(row),
            Err(problem) => problems.push(RowProblem { line, problem }),
        }
    }
    Ok((rows, problems))
}

fn csv_problem(error: &csv::Error, line: u64) -> RowProblem {
    let line = error.position().map_or(line, |position| position.line());
    let problem = match error.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("列の数が {len} 個です（見出し行は {expected_len} 個）。")
        }
        _ => "CSV として読み取れません。".to_owned(),
    };
    RowProblem { line, problem }
}

/// A field of half-width digits (full-width ones are taken) of one of `lengths`, as text: 記号
/// and 番号 keep their leading zeros.
pub fn digits(value: &str, name: &str, lengths: &[usize]) -> Result<String, String> {
    let value: String = value.nfkc().collect();
    let wanted = lengths.iter().map(usize::to_string).collect::<Vec<_>>().join("桁または");
    if value.is_empty() {
        return Err(format!("{name}が空です。"));
    }
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{name}は数字{wanted}桁です（「{value}」）。"));
    }
    if !lengths.contains(&value.len()) {
        let hint = if value.len() < lengths[0] { "先頭の0が消えていませんか。" } else { "" };
        return Err(format!("{name}は{wanted}桁です（「{value}」は{}桁）。{hint}", value.len()));
    }
    Ok(value)
}

/// The largest amount in yen a notice holds: more than any real bill, far below what overflows.
pub const MAX_YEN: u64 = 100_000_000_000;

/// An amount in yen: half-width digits only, no comma, no sign, no 円; empty is `blank`'s value
/// when given, else refused.
pub fn yen(value: &str, name: &str, blank: Option<u64>) -> Result<u64, String> {
    if value.is_empty()
        && let Some(blank) = blank
    {
        return Ok(blank);
    }
    let fine = !value.is_empty() && value.len() <= 12 && value.bytes().all(|b| b.is_ascii_digit());
    match value.parse::<u64>() {
        Ok(amount) if fine && amount <= MAX_YEN => Ok(amount),
        _ => Err(format!("{name}は半角数字だけで書いてください（カンマ・円・記号なし）（「{value}」）。")),
    }
}

/// A 西暦 date, YYYYMMDD, that exists.
pub fn date(value: &str, name: &str) -> Result<String, String> {
    let bad = || format!("{name}は西暦8桁の実在する日付です（「{value}」、例：20250401）。");
    match crate::clock::calendar_day(value) {
        Some(day) if (1900..=2999).contains(&day.year()) => Ok(value.to_owned()),
        _ => Err(bad()),
    }
}

/// A 西暦 month, YYYYMM, as the number YYYYMM.
pub fn month(value: &str, name: &str) -> Result<u32, String> {
    let fine = value.len() == 6
        && value.bytes().all(|b| b.is_ascii_digit())
        && (1900..=2999).contains(&value[..4].parse::<u32>().unwrap_or(0))
        && (1..=12).contains(&value[4..].parse::<u32>().unwrap_or(0));
    if fine {
        Ok(value.parse().expect("six digits"))
    } else {
        Err(format!("{name}は西暦6桁の年月です（「{value}」、例：202503）。"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_plain_digits() {
        assert_eq!(yen("12345", "自己負担額", None), Ok(12_345));
        assert_eq!(yen("", "公費負担額", Some(0)), Ok(0));
        for bad in ["12,345", "-1", "１２３", "12345円", "1e3", "", "999999999999"] {
            assert!(yen(bad, "自己負担額", None).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_and_months_exist() {
        assert!(date("20240229", "支払日").is_ok());
        for bad in ["20230229", "2024-02-01", "2024021", "20241301", "18991231"] {
            assert!(date(bad, "支払日").is_err(), "{bad}");
        }
        assert_eq!(month("202503", "診療年月"), Ok(202_503));
        for bad in ["202513", "202500", "2025/3", "20253", "R07-03"] {
            assert!(month(bad, "診療年月").is_err(), "{bad}");
        }
    }
}
