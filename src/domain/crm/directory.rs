//! The contacts directory's query: the segment (a tab), a smart view, the
//! search, the sort and the page — as the URL carries them
//! (`/contacts?segment=client&view=vip&q=ada&sort=name&dir=desc&page=2`),
//! parsed here once for the server and the browser.

use super::ContactType;
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
}
