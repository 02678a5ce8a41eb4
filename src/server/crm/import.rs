//! The import wizard's preview, and the `dealflow contacts import-preview`
//! command that measures it (the same code): the file's sheets, the chosen
//! sheet's header row and suggested mapping, and each row's verdict against
//! the file itself and the organization's contacts.

use super::read::{read_file, ReadError, Sheet};
use crate::domain::crm::import::{mark_duplicates, normalise_rows, Dedupe, Existing, RowPreview, MAX_ROWS};
use crate::domain::crm::mapping::{find_header, map_columns, ColumnSuggestion, ContactField};
use crate::dto::error::AppError;
use crate::server::db::Db;
use serde::Serialize;
use std::collections::BTreeSet;

/// How to read the file.
#[derive(Clone, Debug, Default)]
pub struct PreviewOptions {
    /// The sheet of a workbook; the one that looks most like contacts when absent.
    pub sheet: Option<String>,
    /// Two-letter region for phone numbers written without a country code.
    pub region: Option<String>,
    pub dedupe: Option<Dedupe>,
    /// Each column's field, overriding the suggestions (the wizard's mapping step).
    pub mapping: Option<Vec<Option<ContactField>>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Preview {
    pub sheets: Vec<String>,
    pub sheet: String,
    /// The header row's spreadsheet number.
    pub header_row: Option<u32>,
    pub columns: Vec<ColumnSuggestion>,
    pub rows: Vec<RowPreview>,
}

impl From<ReadError> for AppError {
    fn from(e: ReadError) -> AppError {
        AppError::field("file", e.to_string())
    }
}

/// The preview of `bytes` (a file named `file_name`) for the organization
/// `org_id` (its contacts are the existing duplicates; none without one).
pub async fn preview(db: &Db, org_id: Option<&str>, file_name: &str, bytes: &[u8], opts: &PreviewOptions) -> Result<Preview, AppError> {
    let region = match &opts.region {
        Some(r) => Some(r.clone()),
        None => match org_id {
            Some(org) => org_region(db, org).await?,
            None => None,
        },
    };
    let parse_phone = phone_parser(region.as_deref())?;
    let sheets = read_file(file_name, bytes)?;
    let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
    let sheet = match &opts.sheet {
        Some(want) => sheets
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(want))
            .ok_or_else(|| AppError::field("sheet", format!("The file has no sheet \"{want}\"; its sheets are {}.", names.join(", "))))?,
        None => likeliest_sheet(&sheets),
    };
    let cells: Vec<Vec<String>> = sheet.rows.iter().map(|(_, c)| c.clone()).collect();
    let Some(h) = find_header(&cells) else {
        return Ok(Preview { sheets: names, sheet: sheet.name.clone(), header_row: None, columns: vec![], rows: vec![] });
    };
    let headers = &cells[h];
    let data: Vec<(u32, Vec<String>)> = sheet.rows[h + 1..].to_vec();
    let filled = data.iter().filter(|(_, c)| c.iter().any(|v| !v.trim().is_empty())).count();
    if filled > MAX_ROWS {
        return Err(AppError::field(
            "file",
            format!("The sheet has {} rows; one import takes at most {}. Split the file and import it in parts.", thousands(filled), thousands(MAX_ROWS)),
        ));
    }
    let samples: Vec<Vec<&str>> =
        (0..headers.len()).map(|i| data.iter().take(200).map(|(_, r)| r.get(i).map(|s| s.as_str()).unwrap_or("")).collect()).collect();
    let mut columns = map_columns(headers, &samples);
    if let Some(fields) = &opts.mapping {
        for (c, f) in columns.iter_mut().zip(fields) {
            if c.field != *f {
                c.field = *f;
                c.reason = "chosen by hand".into();
            }
        }
    }
    let mapping: Vec<Option<ContactField>> = columns.iter().map(|c| c.field).collect();
    let dedupe = opts.dedupe.unwrap_or(Dedupe::Email);
    // normalised once; their keys say which of the organization's contacts to look up
    let normalised = normalise_rows(&data, &mapping, &parse_phone);
    let existing = match org_id {
        Some(org) if dedupe != Dedupe::None => existing_contacts(db, org, &normalised).await?,
        _ => vec![],
    };
    let rows = mark_duplicates(normalised, dedupe, &existing);
    Ok(Preview { sheets: names, sheet: sheet.name.clone(), header_row: Some(sheet.rows[h].0), columns, rows })
}

/// 5000 → "5,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The sheet whose header row names the most contact fields.
fn likeliest_sheet(sheets: &[Sheet]) -> &Sheet {
    let score = |s: &Sheet| {
        let cells: Vec<Vec<String>> = s.rows.iter().take(30).map(|(_, c)| c.clone()).collect();
        let Some(h) = find_header(&cells) else { return 0 };
        let samples: Vec<Vec<&str>> = vec![];
        map_columns(&cells[h], &samples).iter().filter(|c| c.field.is_some()).count()
    };
    sheets.iter().rev().max_by_key(|s| score(s)).unwrap_or(&sheets[0])
}

/// Phone numbers to E.164, reading numbers without a country code as
/// numbers of `region`.
pub fn phone_parser(region: Option<&str>) -> Result<impl Fn(&str) -> Result<String, String>, AppError> {
    let region: Option<phonenumber::country::Id> = match region.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => {
            Some(r.to_ascii_uppercase().parse().map_err(|_| AppError::field("region", format!("\"{r}\" is not a two-letter country code, like US or GB.")))?)
        }
        None => None,
    };
    Ok(move |raw: &str| {
        let raw = raw.trim();
        // Digits only, the way it is dialled; an extension is dropped.
        let main = raw.split(['x', 'X', '#', ',', ';']).next().unwrap_or(raw);
        let main = main.split("ext").next().unwrap_or(main);
        let digits: String = main.chars().filter(|c| c.is_ascii_digit()).collect();
        let international = raw.starts_with('+') || digits.starts_with("00");
        let text = match digits.strip_prefix("00") {
            Some(rest) => format!("+{rest}"),
            None if international => format!("+{digits}"),
            None => digits,
        };
        if !international && region.is_none() {
            return Err("it has no country code, and no default country is set".to_string());
        }
        // An international number is read without the default region: the
        // parser would strip that region's national prefix from it (with US,
        // "+33 1 42 68 53 00" lost its 1).
        let number = phonenumber::parse(if international { None } else { region }, &text).map_err(|_| "it is not a phone number".to_string())?;
        if !phonenumber::is_valid(&number) && !possible(&number) {
            return Err("it has too few or too many digits for its country".to_string());
        }
        Ok(number.format().mode(phonenumber::Mode::E164).to_string())
    })
}

/// A number of a length its country's numbers have: accepted as libphonenumber
/// advises for what people type (ranges kept for examples and drama, such as
/// 07700 900123 or 555-0100, are not in its table of assigned numbers).
fn possible(number: &phonenumber::PhoneNumber) -> bool {
    let length = number.national().to_string().len() as u16;
    let metas = phonenumber::metadata::DATABASE.by_code(&number.code().value()).unwrap_or_default();
    metas.iter().any(|m| {
        let d = m.descriptors();
        let kinds =
            [d.fixed_line(), d.mobile(), d.toll_free(), d.premium_rate(), d.shared_cost(), d.personal_number(), d.voip(), d.pager(), d.uan(), d.voicemail()];
        d.general().possible_length().contains(&length) || kinds.into_iter().flatten().any(|k| k.possible_length().contains(&length))
    })
}

/// The organization's country for phone numbers, if it has one.
pub(super) async fn org_region(db: &Db, org_id: &str) -> Result<Option<String>, AppError> {
    let (country,): (String,) = sqlx::query_as("SELECT country FROM organizations WHERE id = $1").bind(org_id).fetch_one(&db.pool).await?;
    Ok(Some(country).filter(|c| !c.is_empty()))
}

/// The organization's contacts that share an email or a phone with a row.
async fn existing_contacts(db: &Db, org_id: &str, rows: &[RowPreview]) -> Result<Vec<Existing>, AppError> {
    let emails: BTreeSet<&str> = rows.iter().filter_map(|r| r.contact.email.as_deref()).collect();
    let phones: BTreeSet<&str> = rows.iter().filter_map(|r| r.contact.phone.as_deref()).collect();
    let mut found = Vec::new();
    for (column, keys) in [("email", emails), ("phone", phones)] {
        let keys: Vec<&str> = keys.into_iter().collect();
        for chunk in keys.chunks(500) {
            let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT id, first_name, last_name, email, phone FROM contacts WHERE org_id = $1 AND deleted_at IS NULL AND {column} IN ({})",
                marks.join(", ")
            );
            let mut q = sqlx::query_as::<_, (String, String, String, Option<String>, Option<String>)>(&sql).bind(org_id);
            for k in chunk {
                q = q.bind(*k);
            }
            for (id, first, last, email, phone) in q.fetch_all(&db.pool).await? {
                found.push(Existing { id, name: format!("{first} {last}").trim().to_string(), email, phone });
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_become_e164_in_the_default_region() {
        let us = phone_parser(Some("US")).unwrap();
        assert_eq!(us("+1 (415) 555-0132").unwrap(), "+14155550132");
        assert_eq!(us("415.555.0199").unwrap(), "+14155550199");
        assert_eq!(us("+33 1 42 68 53 00").unwrap(), "+33142685300");
        assert_eq!(us("(212) 555-0147 ext. 12").unwrap(), "+12125550147");
        assert_eq!(us("1-800-555-0199").unwrap(), "+18005550199");
        let gb = phone_parser(Some("gb")).unwrap();
        assert_eq!(gb("07700 900123").unwrap(), "+447700900123");
        assert_eq!(gb("+48 601 234 567").unwrap(), "+48601234567");
        assert_eq!(gb("0048 601 234 567").unwrap(), "+48601234567");
        assert!(gb("12").is_err());
        let nowhere = phone_parser(None).unwrap();
        assert!(nowhere("020 7946 0958").unwrap_err().contains("no country code"));
        assert!(phone_parser(Some("Narnia")).is_err());
    }
}
