//! The CRM's rules: the business's counterparties and how a file of them
//! becomes contacts.
//!
//! - `directory.rs` — the directory's query (segment, view, search, sort, page);
//! - `mapping.rs` — which contact field each column of a sheet holds
//!   (`map_columns`), and where the header row is (`find_header`);
//! - `names.rs` — full names split into first and last, capitals tidied;
//! - `import.rs` — one row of a sheet normalised into a contact with its
//!   verdict (new, duplicate, error) and the reasons (`preview_rows`);
//! - `runs.rs` — an import run: the rows confirmed, what a duplicate
//!   changes on its contact, what a rollback may put back.
//!
//! Files are read and phone numbers parsed on the server; everything here is
//! pure and tested beside the code.

pub mod directory;
pub mod import;
pub mod mapping;
pub mod names;
pub mod runs;

crate::labelled_enum! {
    /// The five kinds of counterparty a business has.
    ContactType {
        Client = "client": "Client",
        TradePartner = "trade_partner": "Trade partner",
        Broker = "broker": "Broker",
        Investor = "investor": "Investor",
        Team = "team": "Team",
    }
}

/// A heading or word for comparison: lower case, accents dropped,
/// punctuation and separators as single spaces ("E-mail" → "e mail",
/// "Téléphone" → "telephone", "Country/Region" → "country region").
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
            'ç' | 'ć' | 'č' => "c",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' | 'ń' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => "u",
            'ý' | 'ÿ' => "y",
            'ß' => "ss",
            'ł' => "l",
            'ś' | 'š' => "s",
            'ź' | 'ż' | 'ž' => "z",
            c if c.is_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => " ",
        };
        out.push_str(c);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_headings_for_comparison() {
        assert_eq!(fold(" E-mail "), "e mail");
        assert_eq!(fold("Téléphone"), "telephone");
        assert_eq!(fold("Country/Region"), "country region");
        assert_eq!(fold("Mob."), "mob");
        assert_eq!(fold("Vollständiger Name"), "vollstandiger name");
        assert_eq!(fold("Straße"), "strasse");
    }
}
