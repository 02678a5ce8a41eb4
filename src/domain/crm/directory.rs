//! The contacts directory's query: the segment (a tab), a smart view, the
//! search, the sort and the page — as the URL carries them
//! (`/contacts?segment=client&view=vip&q=ada&sort=name&dir=desc&page=2`),
//! parsed here once for the server and the browser.

use super::{fold, ContactType};
use serde::{Deserialize, Serialize};

/// Rows per page.
pub const PAGE_SIZE: u32 = 50;

crate::labelled_enum! {
    /// The columns the directory sorts by.
    ContactSort {
        Name = "name": "Name",
        Type = "type": "Type",
        Company = "company": "Company",
        Email = "email": "Email",
        Phone = "phone": "Phone",
        Location = "location": "Location",
        Added = "added": "Added",
    }
}

crate::labelled_enum! {
    /// Saved filters, each a question people ask of their book.
    ContactView {
        Vip = "vip": "VIP",
        HasLogin = "login": "Has a login",
        NoEmail = "no_email": "No email",
        NoPhone = "no_phone": "No phone",
        New30 = "new_30": "Added in the last 30 days",
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactQuery {
    /// `None`: all types.
    pub segment: Option<ContactType>,
    pub view: Option<ContactView>,
    pub search: String,
    pub sort: Option<ContactSort>,
    pub desc: bool,
    /// From 1.
    pub page: u32,
}

impl ContactQuery {
    /// From the URL's parameters; anything unknown falls back to the default
    /// (all contacts, by name, page 1), so an old or edited link still opens.
    pub fn from_params(segment: &str, view: &str, search: &str, sort: &str, dir: &str, page: &str) -> ContactQuery {
        ContactQuery {
            segment: ContactType::parse(segment),
            view: ContactView::parse(view),
            search: search.trim().chars().take(100).collect(),
            sort: ContactSort::parse(sort),
            desc: dir == "desc",
            page: page.parse::<u32>().ok().filter(|p| *p >= 1).unwrap_or(1),
        }
    }

    pub fn sort_or_default(&self) -> ContactSort {
        self.sort.unwrap_or(ContactSort::Name)
    }

    /// The URL's query string for this query ("" for the default one).
    pub fn to_params(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(s) = self.segment {
            parts.push(format!("segment={}", s.as_str()));
        }
        if let Some(v) = self.view {
            parts.push(format!("view={}", v.as_str()));
        }
        if !self.search.is_empty() {
            parts.push(format!("q={}", encode(&self.search)));
        }
        if let Some(s) = self.sort {
            parts.push(format!("sort={}", s.as_str()));
        }
        if self.desc {
            parts.push("dir=desc".into());
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// This query sorted by `by`: ascending, or the other way when it
    /// already sorts by it; back to page 1.
    pub fn sorted_by(&self, by: ContactSort) -> ContactQuery {
        let desc = self.sort_or_default() == by && !self.desc;
        ContactQuery { sort: Some(by), desc, page: 1, ..self.clone() }
    }

    pub fn on_page(&self, page: u32) -> ContactQuery {
        ContactQuery { page, ..self.clone() }
    }
}

/// What the database sorts and searches a contact by, kept beside its
/// fields (so every sort and the search use an index): names and places
/// folded (lower case, accents dropped — "müller" finds Müller), an empty
/// company or location `None` (listed last whichever way), and one search
/// text holding the name, company, email, location and the phone's digits.
#[derive(Clone, Debug, PartialEq)]
pub struct DirectoryKeys {
    pub sort_name: String,
    pub sort_company: Option<String>,
    pub sort_location: Option<String>,
    pub search_text: String,
}

/// The fields the keys are made of.
pub struct KeyFields<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub company: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub location: &'a str,
}

impl DirectoryKeys {
    pub fn of(f: &KeyFields<'_>) -> DirectoryKeys {
        let name = fold(&format!("{} {}", f.first_name, f.last_name));
        let company = fold(f.company);
        let location = fold(f.location);
        let digits: String = f.phone.unwrap_or_default().chars().filter(|c| c.is_ascii_digit()).collect();
        let parts = [name.as_str(), company.as_str(), &fold(f.email.unwrap_or_default()), location.as_str(), digits.as_str()];
        DirectoryKeys {
            // a business without a person's name sorts by its company
            sort_name: if name.is_empty() { company.clone() } else { name.clone() },
            sort_company: (!company.is_empty()).then(|| company.clone()),
            sort_location: (!location.is_empty()).then(|| location.clone()),
            search_text: parts.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(" "),
        }
    }
}

/// The `LIKE` patterns a search needs, every one matching the search text:
/// a phone number (digits and phone punctuation only, three digits or more)
/// is one pattern of its digits, a national trunk 0 dropped ("020 7946 0958"
/// finds +44 20 7946 0958); anything else one pattern per folded word, so
/// "rossi ada" finds Ada Rossi.
pub fn search_patterns(search: &str) -> Vec<String> {
    let phoneish = search.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let digits: String = search.chars().filter(|c| c.is_ascii_digit()).collect();
    if phoneish && digits.len() >= 3 {
        let digits = digits.trim_start_matches('0');
        return vec![format!("%{digits}%")];
    }
    fold(search).split(' ').filter(|w| !w.is_empty()).take(6).map(|w| format!("%{w}%")).collect()
}

/// Percent-encodes a query parameter's value.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_round_trips_and_bad_values_fall_back() {
        let q = ContactQuery::from_params("client", "vip", " Ada & Co ", "company", "desc", "3");
        assert_eq!(q.segment, Some(ContactType::Client));
        assert_eq!(q.to_params(), "?segment=client&view=vip&q=Ada+%26+Co&sort=company&dir=desc&page=3");
        let odd = ContactQuery::from_params("pirates", "??", "", "shoe size", "sideways", "-2");
        assert_eq!(odd, ContactQuery { page: 1, ..Default::default() });
        assert_eq!(odd.to_params(), "");
    }

    #[test]
    fn sorting_again_by_the_same_column_turns_it_around() {
        let q = ContactQuery::from_params("", "", "", "", "", "4");
        let by_name = q.sorted_by(ContactSort::Name);
        assert!(by_name.desc, "the default sort is by name ascending, so name again is descending");
        assert_eq!(by_name.page, 1);
        let by_company = by_name.sorted_by(ContactSort::Company);
        assert!(!by_company.desc);
        assert!(by_company.sorted_by(ContactSort::Company).desc);
    }

    #[test]
    fn keys_fold_names_and_keep_empty_places_last() {
        let f = KeyFields {
            first_name: "Jürgen",
            last_name: "Müller",
            company: "",
            email: Some("j.muller@uhren.de"),
            phone: Some("+4930123456"),
            location: "Berlin, DE",
        };
        let k = DirectoryKeys::of(&f);
        assert_eq!(k.sort_name, "jurgen muller");
        assert_eq!(k.sort_company, None);
        assert_eq!(k.sort_location.as_deref(), Some("berlin de"));
        assert_eq!(k.search_text, "jurgen muller j muller uhren de berlin de 4930123456");
        let firm = DirectoryKeys::of(&KeyFields { first_name: "", last_name: "", company: "Wexford Fine Watches", email: None, phone: None, location: "" });
        assert_eq!(firm.sort_name, "wexford fine watches", "a business sorts by its company");
    }

    #[test]
    fn searches_match_words_in_any_order_and_phones_by_digits() {
        assert_eq!(search_patterns("Rossi  Ada"), vec!["%rossi%", "%ada%"]);
        assert_eq!(search_patterns("MÜLLER"), vec!["%muller%"]);
        assert_eq!(search_patterns("020 7946 0958"), vec!["%2079460958%"]);
        assert_eq!(search_patterns("+1 (212) 555-0147"), vec!["%12125550147%"]);
        assert_eq!(search_patterns("ada@example.com"), vec!["%ada%", "%example%", "%com%"]);
        assert_eq!(search_patterns("12"), vec!["%12%"], "two digits are a word, not a phone");
        assert!(search_patterns(" -- ").is_empty());
        // every pattern is found in the keys of the contact it names
        let k = DirectoryKeys::of(&KeyFields {
            first_name: "Ada",
            last_name: "Rossi",
            company: "",
            email: Some("ada@example.com"),
            phone: Some("+442079460958"),
            location: "",
        });
        for q in ["rossi ada", "020 7946 0958", "ada@example.com"] {
            for p in search_patterns(q) {
                assert!(k.search_text.contains(p.trim_matches('%')), "{q}: {p} in {}", k.search_text);
            }
        }
    }
}
