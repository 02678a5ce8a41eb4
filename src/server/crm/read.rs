//! An uploaded contact file as sheets of text cells, each row with the
//! number a spreadsheet shows: CSV (delimiter `,` `;` or tab; UTF-8 with or
//! without BOM, UTF-16 with BOM, or Windows-1252 — detected), and
//! XLSX / XLS / XLSB / ODS through `calamine`.

use calamine::{Data, Reader};
use std::io::Cursor;

/// One sheet: its name and its rows (spreadsheet row number, cells).
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<(u32, Vec<String>)>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ReadError {
    #[error("The file is empty.")]
    Empty,
    #[error("This file could not be read as a spreadsheet: {0}")]
    Spreadsheet(String),
    #[error("This file could not be read as CSV: {0}")]
    Csv(String),
}

/// The file's sheets (a CSV file is one sheet named after the file).
pub fn read_file(file_name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let zip_or_ole = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if zip_or_ole || matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods") {
        return read_workbook(bytes);
    }
    let stem = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let name = stem.rsplit_once('.').map(|(s, _)| s).unwrap_or(stem);
    Ok(vec![Sheet { name: name.to_string(), rows: read_csv(&decode(bytes))? }])
}

fn read_workbook(bytes: &[u8]) -> Result<Vec<Sheet>, ReadError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| ReadError::Spreadsheet(e.to_string()))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| ReadError::Spreadsheet(e.to_string()))?;
        let first_row = range.start().map(|(r, _)| r).unwrap_or(0);
        let first_col = range.start().map(|(_, c)| c).unwrap_or(0) as usize;
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                // cells left of the used range are empty, so columns keep their places
                let mut row = vec![String::new(); first_col];
                row.extend(cells.iter().map(cell_text));
                (first_row + i as u32 + 1, row)
            })
            .collect();
        sheets.push(Sheet { name, rows });
    }
    Ok(sheets)
}

/// A cell as the sheet shows it: whole numbers without ".0" (a phone typed
/// as a number), dates as ISO dates.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.date().to_string(),
            Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            None => dt.as_f64().to_string(),
        },
    }
}

/// The text of a CSV file, whatever it was saved as.
pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return encoding_rs::UTF_16LE.decode_with_bom_removal(bytes).0.into_owned();
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return encoding_rs::UTF_16BE.decode_with_bom_removal(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        // Not UTF-8: Excel's "CSV" on Windows saves Windows-1252.
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// The delimiter of a CSV text: among `,` `;` and tab, the one that splits
/// the first lines (outside quotes) into the same number of cells most
/// often, preferring more cells.
pub fn delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(20).collect();
    let count = |line: &str, d: char| {
        let mut quoted = false;
        line.chars()
            .filter(|c| {
                if *c == '"' {
                    quoted = !quoted;
                }
                !quoted && *c == d
            })
            .count()
    };
    let score = |d: char| {
        let counts: Vec<usize> = lines.iter().map(|l| count(l, d)).collect();
        let most = counts.iter().copied().max().unwrap_or(0);
        if most == 0 {
            return (0, 0);
        }
        // how many lines share the commonest non-zero count, and that count
        let mut best = (0, 0);
        for &c in counts.iter().filter(|c| **c > 0) {
            let n = counts.iter().filter(|x| **x == c).count();
            best = best.max((n, c));
        }
        best
    };
    [(b',', ','), (b';', ';'), (b'\t', '\t')].into_iter().max_by_key(|(_, d)| score(*d)).map(|(b, _)| b).unwrap_or(b',')
}

/// The rows of a CSV text with their spreadsheet row numbers: a blank line
/// is a row, a quoted cell spanning lines is one row.
pub fn read_csv(text: &str) -> Result<Vec<(u32, Vec<String>)>, ReadError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter(text)).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut next_row = 1u32;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                // A record's position is where the reader began, before the
                // blank lines it skipped: each of those is a row.
                let bytes = text.as_bytes();
                let mut start = record.position().map(|p| p.byte() as usize).unwrap_or(0).min(bytes.len());
                // (the reader may begin between the \r and \n of the last terminator)
                if start > 0 && bytes[start - 1] == b'\r' && bytes.get(start) == Some(&b'\n') {
                    start += 1;
                }
                let row = next_row + blank_lines(&bytes[start..]);
                next_row = row + 1;
                rows.push((row, record.iter().map(|c| c.to_string()).collect()));
            }
            Err(e) => return Err(ReadError::Csv(e.to_string())),
        }
    }
    Ok(rows)
}

/// How many empty lines `bytes` starts with.
fn blank_lines(bytes: &[u8]) -> u32 {
    let (mut n, mut i) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'\r' | b'\n' => i += 1,
            _ => break,
        }
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_detected() {
        assert_eq!(decode(b"\xEF\xBB\xBFName\n"), "Name\n");
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("Prénom;Nom\n".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(decode(&utf16), "Prénom;Nom\n");
        assert_eq!(decode(b"Fran\xE7ois;M\xFCller\n"), "François;Müller\n");
    }

    #[test]
    fn delimiters_are_detected() {
        assert_eq!(delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(delimiter("Nom;Prénom;Ville\nDupont;Jean;Paris, France\n"), b';');
        assert_eq!(delimiter("a\tb\n\"x, y\"\tz\n"), b'\t');
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them() {
        let rows = read_csv("Name,Notes\nAda,\"two\nlines\"\n\nBob,x\n").unwrap();
        let numbers: Vec<u32> = rows.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, vec![1, 2, 4]);
        assert_eq!(rows[1].1, vec!["Ada", "two\nlines"]);
        let rows = read_csv("\n\nName\r\nAda\r\n\r\nBob\r\n").unwrap();
        assert_eq!(rows.iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec![3, 4, 6]);
    }
}
