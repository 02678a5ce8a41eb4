//! One imported row → a contact and its verdict: new, duplicate (of an
//! earlier row of the file or of an existing contact), or error with the
//! reasons. Values are normalised the way they are stored: trimmed, emails
//! lower-cased and checked, phones in E.164 (parsed by the caller, which
//! knows the organization's region), full names split.

use super::mapping::ContactField;
use super::names::{split_full_name, tidy};
use crate::domain::email::Email;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Most rows one import run takes.
pub const MAX_ROWS: usize = 5_000;

/// A contact as an imported row gives it, normalised.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportedContact {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: String,
    pub location: String,
    pub country: String,
    pub notes: String,
    pub tags: Vec<String>,
    pub vip: bool,
    pub tax_id: String,
}

impl ImportedContact {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_string()
    }
}

crate::labelled_enum! {
    /// What identifies a duplicate.
    Dedupe {
        Email = "email": "Same email",
        Phone = "phone": "Same phone",
        Both = "both": "Same email or same phone",
        None = "none": "Do not look for duplicates",
    }
}

crate::labelled_enum! {
    Verdict {
        New = "new": "New",
        Duplicate = "duplicate": "Duplicate",
        Error = "error": "Error",
    }
}

/// What a duplicate row duplicates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateOf {
    /// An earlier row of the same file (its spreadsheet row number).
    Row(u32),
    /// A contact already in the organization.
    Contact { id: String, name: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowPreview {
    /// The row number a spreadsheet shows.
    pub row: u32,
    pub verdict: Verdict,
    pub errors: Vec<String>,
    pub contact: ImportedContact,
    pub duplicate_of: Option<DuplicateOf>,
}

/// A contact already in the organization, by its keys.
#[derive(Clone, Debug, PartialEq)]
pub struct Existing {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Parses a phone number to E.164, or says why it cannot.
pub type PhoneParser<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// Each row's verdict. `rows` are (spreadsheet row number, cells) after the
/// header; blank rows are skipped; `mapping[i]` is column i's field.
pub fn preview_rows(
    rows: &[(u32, Vec<String>)],
    mapping: &[Option<ContactField>],
    dedupe: Dedupe,
    existing: &[Existing],
    phone: PhoneParser,
) -> Vec<RowPreview> {
    mark_duplicates(normalise_rows(rows, mapping, phone), dedupe, existing)
}

/// Each non-blank row normalised: an error with its reasons, or new (the
/// duplicates are `mark_duplicates`'s to find).
pub fn normalise_rows(rows: &[(u32, Vec<String>)], mapping: &[Option<ContactField>], phone: PhoneParser) -> Vec<RowPreview> {
    rows.iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(row, cells)| {
            let (contact, errors) = normalise_row(cells, mapping, phone);
            let verdict = if errors.is_empty() { Verdict::New } else { Verdict::Error };
            RowPreview { row: *row, verdict, errors, contact, duplicate_of: None }
        })
        .collect()
}

/// Marks the new rows that repeat an earlier row, or an existing contact,
/// by the keys `dedupe` names.
pub fn mark_duplicates(mut rows: Vec<RowPreview>, dedupe: Dedupe, existing: &[Existing]) -> Vec<RowPreview> {
    let mut by_email: HashMap<String, DuplicateOf> = HashMap::new();
    let mut by_phone: HashMap<String, DuplicateOf> = HashMap::new();
    for e in existing {
        let of = DuplicateOf::Contact { id: e.id.clone(), name: e.name.clone() };
        if let Some(m) = &e.email {
            by_email.entry(m.clone()).or_insert_with(|| of.clone());
        }
        if let Some(p) = &e.phone {
            by_phone.entry(p.clone()).or_insert(of);
        }
    }
    let (use_email, use_phone) = match dedupe {
        Dedupe::Email => (true, false),
        Dedupe::Phone => (false, true),
        Dedupe::Both => (true, true),
        Dedupe::None => (false, false),
    };
    for r in rows.iter_mut().filter(|r| r.verdict != Verdict::Error) {
        let c = &r.contact;
        let email_dup = c.email.as_ref().filter(|_| use_email).and_then(|m| by_email.get(m)).cloned();
        let phone_dup = c.phone.as_ref().filter(|_| use_phone).and_then(|p| by_phone.get(p)).cloned();
        r.duplicate_of = email_dup.or(phone_dup);
        match r.duplicate_of {
            Some(_) => r.verdict = Verdict::Duplicate,
            None => {
                if let Some(m) = &c.email {
                    by_email.insert(m.clone(), DuplicateOf::Row(r.row));
                }
                if let Some(p) = &c.phone {
                    by_phone.insert(p.clone(), DuplicateOf::Row(r.row));
                }
            }
        }
    }
    rows
}

/// One row's contact, and what is wrong with it.
pub fn normalise_row(cells: &[String], mapping: &[Option<ContactField>], phone: PhoneParser) -> (ImportedContact, Vec<String>) {
    let mut c = ImportedContact::default();
    let mut errors = Vec::new();
    let mut full = String::new();
    let (mut raw_email, mut raw_phone) = (None::<String>, None::<String>);
    for (cell, field) in cells.iter().zip(mapping) {
        let v = cell.trim();
        let Some(field) = field else { continue };
        if v.is_empty() {
            continue;
        }
        let first = |slot: &mut String| {
            if slot.is_empty() {
                *slot = v.to_string();
            }
        };
        match field {
            ContactField::FirstName => first(&mut c.first_name),
            ContactField::LastName => first(&mut c.last_name),
            ContactField::FullName => first(&mut full),
            ContactField::Email => {
                raw_email.get_or_insert_with(|| v.to_string());
            }
            ContactField::Phone => {
                raw_phone.get_or_insert_with(|| v.to_string());
            }
            ContactField::Company => first(&mut c.company),
            ContactField::Location => first(&mut c.location),
            ContactField::Country => first(&mut c.country),
            ContactField::Notes => {
                if !c.notes.is_empty() {
                    c.notes.push('\n');
                }
                c.notes.push_str(v);
            }
            ContactField::Tags => {
                c.tags.extend(v.split([',', ';', ':']).map(|t| t.trim().trim_start_matches('*').trim().to_string()).filter(|t| !t.is_empty()))
            }
            ContactField::Vip => c.vip = truthy(v),
            ContactField::TaxId => first(&mut c.tax_id),
        }
    }
    if c.first_name.is_empty() && c.last_name.is_empty() && !full.is_empty() {
        (c.first_name, c.last_name) = split_full_name(&full);
    } else {
        c.first_name = tidy(&c.first_name);
        c.last_name = tidy(&c.last_name);
    }
    if let Some(m) = raw_email {
        let m = m.trim_start_matches("mailto:").trim().trim_start_matches('<').trim_end_matches('>');
        match Email::parse(m) {
            Ok(e) => c.email = Some(e.as_str().to_string()),
            Err(_) => errors.push(format!("\"{m}\" is not a valid email address.")),
        }
    }
    if let Some(p) = raw_phone {
        match phone(&p) {
            Ok(e164) => c.phone = Some(e164),
            Err(why) => errors.push(format!("\"{p}\" is not a valid phone number: {why}.")),
        }
    }
    if c.name().is_empty() && c.email.is_none() && c.phone.is_none() && errors.is_empty() {
        errors.push("The row has no name, email or phone.".into());
    }
    (c, errors)
}

/// "yes", "y", "true", "1", "x", "vip", "oui", "ja", "sí", "si", "sim" → true.
fn truthy(v: &str) -> bool {
    matches!(super::fold(v).as_str(), "yes" | "y" | "true" | "1" | "x" | "vip" | "oui" | "ja" | "si" | "sim" | "wahr")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ContactField::*;

    /// A stand-in region-less parser for the rules here: digits with a
    /// leading + are E.164; the server's tests use the real phone parser.
    fn e164(s: &str) -> Result<String, String> {
        let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
        if s.trim_start().starts_with('+') && (8..=15).contains(&digits.len()) {
            Ok(format!("+{digits}"))
        } else {
            Err("no country code".into())
        }
    }

    fn row(n: u32, cells: &[&str]) -> (u32, Vec<String>) {
        (n, cells.iter().map(|c| c.to_string()).collect())
    }

    #[test]
    fn verdicts_with_reasons() {
        let mapping = [Some(FirstName), Some(LastName), Some(Email), Some(Phone), Some(Company)];
        let rows = [
            row(2, &["olivia", "HART", " Olivia.Hart@Example.com ", "+1 (415) 555-0132", "Hart Capital"]),
            row(3, &["Priya", "Raman", "priya.raman.example.com", "", ""]),
            row(4, &["", "", "", "", ""]),
            row(5, &["Tom", "Baker", "olivia.hart@example.com", "", ""]),
            row(6, &["", "", "", "", "Nameless Co"]),
            row(7, &["Ann", "", "", "555", ""]),
        ];
        let got = preview_rows(&rows, &mapping, Dedupe::Email, &[], &e164);
        let verdicts: Vec<(u32, Verdict)> = got.iter().map(|r| (r.row, r.verdict)).collect();
        assert_eq!(verdicts, vec![(2, Verdict::New), (3, Verdict::Error), (5, Verdict::Duplicate), (6, Verdict::Error), (7, Verdict::Error)]);
        assert_eq!(got[0].contact.first_name, "Olivia");
        assert_eq!(got[0].contact.last_name, "Hart");
        assert_eq!(got[0].contact.email.as_deref(), Some("olivia.hart@example.com"));
        assert_eq!(got[0].contact.phone.as_deref(), Some("+14155550132"));
        assert!(got[1].errors[0].contains("not a valid email"), "{:?}", got[1].errors);
        assert_eq!(got[2].duplicate_of, Some(DuplicateOf::Row(2)));
        assert_eq!(got[3].errors, vec!["The row has no name, email or phone.".to_string()]);
        assert!(got[4].errors[0].contains("not a valid phone"), "{:?}", got[4].errors);
    }

    #[test]
    fn duplicates_of_existing_contacts_and_by_the_chosen_key() {
        let mapping = [Some(FullName), Some(Email), Some(Phone)];
        let existing = [Existing { id: "c1".into(), name: "James Whitfield".into(), email: None, phone: Some("+447700900123".into()) }];
        let rows = [row(2, &["J. Whitfield", "james@w.co.uk", "+44 7700 900123"]), row(3, &["Other", "james@w.co.uk", "+44 7700 900999"])];
        let by_phone = preview_rows(&rows, &mapping, Dedupe::Phone, &existing, &e164);
        assert_eq!(by_phone[0].duplicate_of, Some(DuplicateOf::Contact { id: "c1".into(), name: "James Whitfield".into() }));
        assert_eq!(by_phone[1].verdict, Verdict::New);
        let by_email = preview_rows(&rows, &mapping, Dedupe::Email, &existing, &e164);
        assert_eq!((by_email[0].verdict, by_email[1].duplicate_of.clone()), (Verdict::New, Some(DuplicateOf::Row(2))));
        let both = preview_rows(&rows, &mapping, Dedupe::Both, &existing, &e164);
        assert_eq!((both[0].verdict, both[1].verdict), (Verdict::Duplicate, Verdict::New));
        let none = preview_rows(&rows, &mapping, Dedupe::None, &existing, &e164);
        assert!(none.iter().all(|r| r.verdict == Verdict::New));
    }

    #[test]
    fn first_non_empty_column_wins_and_names_split() {
        let mapping = [Some(FullName), Some(Email), Some(Email), Some(Phone), Some(Phone), Some(Vip), Some(Tags)];
        let (c, errors) = normalise_row(
            &["Whitfield, James", "", "mailto:James@W.co.uk", "", "+44 7700 900123", "Yes", "* myContacts ::: VIP"].map(String::from),
            &mapping,
            &e164,
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!((c.first_name.as_str(), c.last_name.as_str()), ("James", "Whitfield"));
        assert_eq!(c.email.as_deref(), Some("james@w.co.uk"));
        assert_eq!(c.phone.as_deref(), Some("+447700900123"));
        assert!(c.vip);
        assert_eq!(c.tags, vec!["myContacts", "VIP"]);
    }
}
