//! A printable document (payout and commission receipts today; statements,
//! tax forms and settlement receipts of later modules): everything a
//! printed page shows, in the shape the kit's one print layout
//! (`ui::kit::document`) renders. Money stays exact; the payee's account is
//! its last four characters only.

use crate::domain::money::Money;
use serde::{Deserialize, Serialize};

/// Who issues or receives the document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Party {
    /// "Payer", "Payee", "Investor" …
    pub role: String,
    pub name: String,
    /// Address lines, or payment details ("Wire to account ending 3000").
    pub lines: Vec<String>,
}

/// One row of the document's table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentLine {
    pub description: String,
    /// A second, smaller line (terms, dates).
    pub detail: String,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrintDocument {
    pub title: String,
    /// "RC-4F3A9C1B": what people quote when they ask about it.
    pub number: String,
    /// The issue date as it prints ("15 Jan 2026", in the issuer's zone).
    pub issued_on: String,
    pub issuer: Party,
    /// The issuer's logo (an uploaded image's URL), if it has one.
    pub logo_url: Option<String>,
    pub recipient: Party,
    /// The table's column headings: description, amount.
    pub columns: (String, String),
    pub lines: Vec<DocumentLine>,
    pub total_label: String,
    pub total: Money,
    /// Label and value pairs under the table (payment reference, sign-off …).
    pub facts: Vec<(String, String)>,
    pub footer: String,
    /// Where "Back" goes on screen.
    pub back_href: String,
}

/// A document's number from a record id: a prefix and its first eight
/// characters, upper case.
pub fn document_number(prefix: &str, id: &str) -> String {
    let short: String = id.chars().filter(|c| c.is_ascii_alphanumeric()).take(8).collect();
    format!("{prefix}-{}", short.to_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(document_number("RC", "4f3a9c1b-22aa-4cc0-9a1e-0b9d5a3f1c77"), "RC-4F3A9C1B");
        assert_eq!(document_number("PR", "ab"), "PR-AB");
    }
}
