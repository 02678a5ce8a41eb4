//! An import run's rules: which rows the person confirmed, what a duplicate
//! row changes on the contact it duplicates (shown in the preview, written
//! by the commit, undone by the rollback), and what a rollback may restore.

use super::import::ImportedContact;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

crate::labelled_enum! {
    /// What a run does with a row that duplicates an existing contact.
    OnDuplicate {
        Skip = "skip": "Skip it",
        Update = "update": "Update the existing contact",
    }
}

crate::labelled_enum! {
    /// A field an import writes to an existing contact (its column in `contacts`).
    ImportedField {
        FirstName = "first_name": "First name",
        LastName = "last_name": "Last name",
        Email = "email": "Email",
        Phone = "phone": "Phone",
        Company = "company": "Company",
        Location = "location": "Location",
        Country = "country": "Country",
        Notes = "notes": "Notes",
        Tags = "tags": "Tags",
        Vip = "vip": "VIP",
        TaxId = "tax_id": "Tax ID",
    }
}

impl ImportedField {
    /// Only people who manage the team set a tax ID (the seed's rule for
    /// sensitive fields); an import by anyone else leaves it alone.
    pub fn needs_team_manage(self) -> bool {
        self == ImportedField::TaxId
    }
}

/// One field a run changes on a contact: its value before and after, as text
/// (no email or phone: ""; VIP: "1" or "0"; tags one per line).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: ImportedField,
    pub old: String,
    pub new: String,
}

/// The imported contact's fields as text, in the order of `ImportedField::ALL`.
pub fn imported_values(c: &ImportedContact) -> Vec<(ImportedField, String)> {
    use ImportedField::*;
    vec![
        (FirstName, c.first_name.clone()),
        (LastName, c.last_name.clone()),
        (Email, c.email.clone().unwrap_or_default()),
        (Phone, c.phone.clone().unwrap_or_default()),
        (Company, c.company.clone()),
        (Location, c.location.clone()),
        (Country, c.country.clone()),
        (Notes, c.notes.clone()),
        (Tags, c.tags.join("\n")),
        (Vip, if c.vip { "1".into() } else { String::new() }),
        (TaxId, c.tax_id.clone()),
    ]
}

/// What updating the contact whose values are `current` with `imported`
/// changes. An import fills and adds, never erases: an empty cell leaves the
/// field as it is, tags are added to the contact's, a note is appended
/// (unless the contact's notes already hold it), VIP is only ever set.
pub fn changes(current: &[(ImportedField, String)], imported: &ImportedContact, may_set_tax_id: bool) -> Vec<FieldChange> {
    let now = |f: ImportedField| current.iter().find(|(k, _)| *k == f).map(|(_, v)| v.clone()).unwrap_or_default();
    let mut out = Vec::new();
    for (field, value) in imported_values(imported) {
        if value.is_empty() || (field.needs_team_manage() && !may_set_tax_id) {
            continue;
        }
        let old = now(field);
        let new = match field {
            ImportedField::Tags => {
                let mut tags: Vec<&str> = old.lines().filter(|t| !t.is_empty()).collect();
                for t in value.lines() {
                    if !tags.iter().any(|have| have.eq_ignore_ascii_case(t)) {
                        tags.push(t);
                    }
                }
                tags.join("\n")
            }
            ImportedField::Notes if old.contains(value.as_str()) => old.clone(),
            ImportedField::Notes if !old.is_empty() => format!("{old}\n{value}"),
            _ => value,
        };
        if new != old {
            out.push(FieldChange { field, old, new });
        }
    }
    out
}

/// Whether a rollback puts a field back: only when it still holds what the
/// run wrote — a value someone edited since is theirs, and is kept.
pub fn may_restore(current: &str, change: &FieldChange) -> bool {
    current == change.new
}

/// The rows a person confirmed: all of them, or a list of spreadsheet row
/// numbers written as the wizard sends it ("2,3,7-20").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowSet {
    All,
    Only(BTreeSet<u32>),
}

impl RowSet {
    pub fn contains(&self, row: u32) -> bool {
        match self {
            RowSet::All => true,
            RowSet::Only(rows) => rows.contains(&row),
        }
    }

    /// "all", or numbers and ranges separated by commas; at most `limit` rows.
    pub fn parse(s: &str, limit: usize) -> Result<RowSet, String> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("all") {
            return Ok(RowSet::All);
        }
        let mut rows = BTreeSet::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let bad = || format!("\"{part}\" is not a row number or a range of them (like 7-20).");
            let (from, to) = match part.split_once('-') {
                Some((a, b)) => (a.trim().parse::<u32>().map_err(|_| bad())?, b.trim().parse::<u32>().map_err(|_| bad())?),
                None => {
                    let n = part.parse::<u32>().map_err(|_| bad())?;
                    (n, n)
                }
            };
            if from > to || (to - from) as usize >= limit || rows.len() + ((to - from) as usize) >= limit {
                return Err(format!("Confirm at most {limit} rows in one run."));
            }
            rows.extend(from..=to);
        }
        Ok(RowSet::Only(rows))
    }

    /// The shortest text `parse` reads back as these rows.
    pub fn format(rows: &BTreeSet<u32>) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut iter = rows.iter().copied().peekable();
        while let Some(start) = iter.next() {
            let mut end = start;
            while iter.peek() == Some(&(end + 1)) {
                end = iter.next().unwrap_or(end);
            }
            parts.push(if end == start { start.to_string() } else { format!("{start}-{end}") });
        }
        parts.join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ImportedField::*;

    fn current() -> Vec<(ImportedField, String)> {
        vec![
            (FirstName, "James".into()),
            (LastName, "Whitfield".into()),
            (Email, "james@w.co.uk".into()),
            (Phone, String::new()),
            (Company, "Whitfield & Sons".into()),
            (Notes, "Prefers calls.".into()),
            (Tags, "watches".into()),
            (Vip, "0".into()),
            (TaxId, String::new()),
        ]
    }

    #[test]
    fn an_update_fills_and_adds_but_never_erases() {
        let imported = ImportedContact {
            first_name: "James".into(),
            last_name: "Whitfield".into(),
            email: Some("james@w.co.uk".into()),
            phone: Some("+447700900123".into()),
            company: String::new(),
            notes: "Met at Baselworld.".into(),
            tags: vec!["Watches".into(), "London".into()],
            vip: true,
            tax_id: "GB123".into(),
            ..Default::default()
        };
        let got = changes(&current(), &imported, false);
        let fields: Vec<ImportedField> = got.iter().map(|c| c.field).collect();
        assert_eq!(fields, vec![Phone, Notes, Tags, Vip], "{got:?}");
        assert_eq!(got[0].new, "+447700900123");
        assert_eq!(got[1].new, "Prefers calls.\nMet at Baselworld.");
        assert_eq!(got[2].new, "watches\nLondon", "a tag differing only in case is the same tag");
        assert_eq!((got[3].old.as_str(), got[3].new.as_str()), ("0", "1"));
        // a tax ID only with team.manage
        assert!(changes(&current(), &imported, true).iter().any(|c| c.field == TaxId && c.new == "GB123"));
        // the same file again changes nothing
        let after: Vec<(ImportedField, String)> =
            current().into_iter().map(|(f, v)| (f, got.iter().find(|c| c.field == f).map(|c| c.new.clone()).unwrap_or(v))).collect();
        assert!(changes(&after, &imported, false).is_empty());
    }

    #[test]
    fn a_rollback_keeps_what_was_edited_since() {
        let c = FieldChange { field: Phone, old: String::new(), new: "+447700900123".into() };
        assert!(may_restore("+447700900123", &c));
        assert!(!may_restore("+447700900999", &c));
    }

    #[test]
    fn confirmed_rows_read_and_write_as_ranges() {
        assert_eq!(RowSet::parse("all", 10), Ok(RowSet::All));
        let RowSet::Only(rows) = RowSet::parse(" 2, 3,7-9 ,12", 100).unwrap() else { panic!() };
        assert_eq!(rows.iter().copied().collect::<Vec<_>>(), vec![2, 3, 7, 8, 9, 12]);
        assert_eq!(RowSet::format(&rows), "2-3,7-9,12");
        assert_eq!(RowSet::parse("", 10), Ok(RowSet::Only(BTreeSet::new())));
        assert!(RowSet::parse("2,x", 10).unwrap_err().contains("\"x\""));
        assert!(RowSet::parse("9-2", 10).is_err());
        assert!(RowSet::parse("1-4000000000", 5000).unwrap_err().contains("5000"));
        assert!(RowSet::parse("1-10,20-30", 15).is_err());
    }
}
