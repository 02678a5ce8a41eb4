//! Which contact field each column of an imported sheet holds: suggested
//! from the column's heading (English and the main European languages, the
//! abbreviations people type, the exports of Google Contacts, Outlook,
//! LinkedIn and HubSpot) and from its values (a column of emails is email,
//! whatever it is called). Deterministic and explainable: every suggestion
//! says why it was made. `map_columns` is the one entry point.

use super::fold;
use crate::domain::email::Email;
use serde::{Deserialize, Serialize};

crate::labelled_enum! {
    /// A field an imported column can fill.
    ContactField {
        FirstName = "first_name": "First name",
        LastName = "last_name": "Last name",
        FullName = "full_name": "Full name (split)",
        Email = "email": "Email",
        Phone = "phone": "Phone",
        Company = "company": "Company",
        Location = "location": "City / location",
        Country = "country": "Country",
        Notes = "notes": "Notes",
        Tags = "tags": "Tags",
        Vip = "vip": "VIP",
        TaxId = "tax_id": "Tax ID",
    }
}

impl ContactField {
    /// Fields several columns may fill: the first non-empty one wins.
    pub fn repeats(self) -> bool {
        matches!(self, ContactField::Email | ContactField::Phone | ContactField::Location | ContactField::Notes | ContactField::Tags)
    }
}

/// One column's suggestion, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnSuggestion {
    pub header: String,
    pub field: Option<ContactField>,
    pub reason: String,
}

/// Headings, folded (lower case, no accents, punctuation as spaces), with
/// the field they name: the first list matches a heading equal to one of
/// its entries; the second, key words, matches a heading equal to one or
/// containing one as words ("business phone 2" contains "phone").
const HEADINGS: &[(ContactField, &[&str], &[&str])] = &[
    (
        ContactField::FirstName,
        &["firstname", "first", "givenname", "fname", "nombre de pila", "primo nome", "primeiro nome", "nome proprio"],
        &["first name", "given name", "forename", "vorname", "prenom"],
    ),
    (
        ContactField::LastName,
        &["lastname", "last", "familyname", "lname", "nom", "nom de famille", "familienname", "apellidos", "apelido", "ultimo nome"],
        &["last name", "surname", "family name", "nachname", "apellido", "cognome", "sobrenome"],
    ),
    (
        ContactField::FullName,
        &[
            "name",
            "fullname",
            "contact",
            "client",
            "customer",
            "person",
            "nom complet",
            "vollstandiger name",
            "kunde",
            "kundenname",
            "nombre",
            "nombre completo",
            "cliente",
            "nome",
            "nome completo",
            "nominativo",
        ],
        &["full name", "contact name", "client name", "customer name", "display name"],
    ),
    (ContactField::Email, &["mail", "correo electronico", "pec", "emailadresse"], &["email", "e mail", "courriel", "correo", "posta elettronica"]),
    (
        ContactField::Phone,
        &["cellular", "numero", "phone number", "contact number"],
        &[
            "phone",
            "tel",
            "telephone",
            "telefon",
            "telefono",
            "telefone",
            "mobile",
            "mob",
            "mobil",
            "cell",
            "cellphone",
            "handy",
            "portable",
            "movil",
            "celular",
            "cellulare",
            "telemovel",
            "whatsapp",
            "gsm",
        ],
    ),
    (
        ContactField::Company,
        &["co", "company name", "org", "firm", "business", "employer", "account", "account name", "dealer", "ditta", "societa", "raison sociale"],
        &["company", "organization", "organisation", "firma", "empresa", "azienda", "societe", "entreprise", "unternehmen"],
    ),
    (
        ContactField::Location,
        &["address", "ort", "localidade", "localita", "localidad", "wohnort", "adresse", "direccion", "indirizzo", "endereco"],
        &["city", "town", "location", "ville", "stadt", "ciudad", "citta", "cidade"],
    ),
    (ContactField::Country, &["country region", "nation", "land", "nazione", "staat"], &["country", "pays", "pais", "paese"]),
    (
        ContactField::Notes,
        &["note", "comment", "memo", "bemerkungen", "notizen", "remarques", "commentaires", "notas", "observaciones", "osservazioni", "observacoes"],
        &["notes", "comments", "remarks"],
    ),
    (ContactField::Tags, &["tag", "groups", "group membership", "categories", "category", "segment"], &["tags", "labels"]),
    (ContactField::Vip, &["vip client", "is vip"], &["vip"]),
    (
        ContactField::TaxId,
        &["tax number", "vat number", "vat id", "ein", "tin", "ust idnr", "steuernummer", "nif", "cif", "siret", "cnpj", "cpf", "rfc"],
        &["tax id", "vat", "partita iva", "codice fiscale"],
    ),
];

/// Words that make a heading describe something else than the field its
/// other words name ("E-mail 1 - Label", "Business Fax", "Email opt out").
const NOT_A_VALUE: &[&str] =
    &["label", "type", "display", "fax", "opt", "optout", "unsubscribed", "bounced", "verified", "status", "date", "count", "owner", "id", "url", "yomi"];

/// What a heading names, if it names a field.
fn by_heading(header: &str) -> Option<(ContactField, &'static str)> {
    let h = fold(header);
    let words: Vec<&str> = h.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    for (field, exact, words) in HEADINGS {
        if exact.contains(&h.as_str()) || words.contains(&h.as_str()) {
            return Some((*field, "its heading"));
        }
    }
    if words.iter().any(|w| NOT_A_VALUE.contains(w)) {
        return None;
    }
    // A longer heading ("Business Phone 2", "Home City", "E-mail Address"):
    // the field whose key words it contains; first and last names before
    // the full name ("First Name (Given)").
    for (field, _, inside) in HEADINGS {
        if inside.iter().any(|k| contains_words(&words, k)) {
            return Some((*field, "a word in its heading"));
        }
    }
    None
}

/// Which of the first rows is the header row: the one whose cells name the
/// most contact fields (at least two), so preamble lines ("Exported by",
/// LinkedIn's "Notes:") are passed over; without such a row, the first row
/// with two or more filled cells, or else the first filled row (a list of
/// names under one heading).
pub fn find_header(rows: &[Vec<String>]) -> Option<usize> {
    let first = rows.iter().take(30);
    let named = |r: &Vec<String>| r.iter().filter(|c| by_heading(c).is_some()).count();
    let best = first.clone().enumerate().map(|(i, r)| (named(r), i)).filter(|(n, _)| *n >= 2).max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    match best {
        Some((_, i)) => Some(i),
        None => {
            let filled = |r: &Vec<String>| r.iter().filter(|c| !c.trim().is_empty()).count();
            first.clone().position(|r| filled(r) >= 2).or_else(|| first.clone().position(|r| filled(r) >= 1))
        }
    }
}

fn contains_words(words: &[&str], phrase: &str) -> bool {
    let p: Vec<&str> = phrase.split_whitespace().collect();
    words.windows(p.len()).any(|w| w == p.as_slice())
}

/// What most of a column's values look like, if they all look alike.
fn by_values(values: &[&str]) -> Option<(ContactField, String)> {
    let filled: Vec<&str> = values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()).collect();
    if filled.len() < 2 {
        return None;
    }
    let share = |n: usize| n * 100 / filled.len();
    let emails = filled.iter().filter(|v| Email::parse(v).is_ok()).count();
    if share(emails) >= 60 {
        return Some((ContactField::Email, format!("{}% of its values are email addresses", share(emails))));
    }
    let phones = filled.iter().filter(|v| looks_like_phone(v)).count();
    if share(phones) >= 80 {
        return Some((ContactField::Phone, format!("{}% of its values are phone numbers", share(phones))));
    }
    None
}

/// Digits (7 to 15) with the punctuation phone numbers are written with.
pub fn looks_like_phone(v: &str) -> bool {
    let digits = v.chars().filter(|c| c.is_ascii_digit()).count();
    (7..=15).contains(&digits) && v.chars().all(|c| c.is_ascii_digit() || " +-().\u{a0}/".contains(c)) && !looks_like_date(v)
}

fn looks_like_date(v: &str) -> bool {
    let parts: Vec<&str> = v.split(['-', '/', '.']).collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit())) && !v.contains(' ')
}

/// The suggested field of each column, from its heading and the values
/// under it (`samples[i]` are column i's values). A column whose values
/// contradict its heading (an "Email" column of labels) is not mapped; a
/// field that cannot repeat goes to its first column only.
pub fn map_columns(headers: &[String], samples: &[Vec<&str>]) -> Vec<ColumnSuggestion> {
    let mut out: Vec<ColumnSuggestion> = headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            let values = samples.get(i).map(|v| v.as_slice()).unwrap_or(&[]);
            let (field, reason) = suggest(header, values);
            ColumnSuggestion { header: header.clone(), field, reason }
        })
        .collect();
    // First name and last name columns: a "Name" column beside them is the
    // same person's name again (Google's "Name" next to "Given Name").
    let has = |out: &[ColumnSuggestion], f: ContactField| out.iter().any(|s| s.field == Some(f));
    if has(&out, ContactField::FirstName) && has(&out, ContactField::LastName) {
        for s in out.iter_mut().filter(|s| s.field == Some(ContactField::FullName)) {
            s.field = None;
            s.reason = "first and last names have their own columns".into();
        }
    }
    // A name column beside a last-name column ("Nombre" + "Apellidos",
    // "Name" + "Surname") holds first names.
    if has(&out, ContactField::LastName) && !has(&out, ContactField::FirstName) {
        if let Some(s) = out.iter_mut().find(|s| s.field == Some(ContactField::FullName)) {
            s.field = Some(ContactField::FirstName);
            s.reason = format!("\"{}\" beside a last-name column means First name", s.header.trim());
        }
    }
    // A lone first-name column ("Prénom") whose values are whole
    // names is the full name.
    if has(&out, ContactField::FirstName) && !has(&out, ContactField::LastName) && !has(&out, ContactField::FullName) {
        for (i, s) in out.iter_mut().enumerate() {
            let values = samples.get(i).map(|v| v.as_slice()).unwrap_or(&[]);
            if s.field == Some(ContactField::FirstName) && mostly_two_words(values) {
                s.field = Some(ContactField::FullName);
                s.reason = "its values are whole names and no column holds last names".into();
            }
        }
    }
    let mut taken = Vec::new();
    for s in out.iter_mut() {
        if let Some(f) = s.field {
            if !f.repeats() && taken.contains(&f) {
                s.reason = format!("{} is already filled by an earlier column", f.label());
                s.field = None;
            } else {
                taken.push(f);
            }
        }
    }
    out
}

fn suggest(header: &str, values: &[&str]) -> (Option<ContactField>, String) {
    let from_values = by_values(values);
    match (by_heading(header), from_values) {
        (Some((f, why)), Some((v, because))) if f != v && matches!(f, ContactField::Email | ContactField::Phone) => {
            (Some(v), format!("{because}, though {why} suggests {}", f.label()))
        }
        (Some((f, why)), _) => {
            let filled = values.iter().filter(|v| !v.trim().is_empty()).count();
            let matching = match f {
                ContactField::Email => values.iter().filter(|v| Email::parse(v).is_ok() || v.contains('@')).count(),
                ContactField::Phone => values.iter().filter(|v| v.chars().filter(|c| c.is_ascii_digit()).count() >= 5).count(),
                _ => filled,
            };
            if filled >= 3 && matching * 100 / filled < 30 {
                (None, format!("{why} says {}, but its values are not", f.label()))
            } else {
                (Some(f), format!("{why} \"{}\" means {}", header.trim(), f.label()))
            }
        }
        (None, Some((v, because))) => (Some(v), because),
        (None, None) => (None, "not a contact field".into()),
    }
}

fn mostly_two_words(values: &[&str]) -> bool {
    let filled: Vec<&str> = values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()).collect();
    !filled.is_empty() && filled.iter().filter(|v| v.split_whitespace().count() >= 2).count() * 100 / filled.len() >= 60
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(headers: &[&str], rows: &[&[&str]]) -> Vec<Option<&'static str>> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        let samples: Vec<Vec<&str>> = (0..headers.len()).map(|i| rows.iter().map(|r| r.get(i).copied().unwrap_or("")).collect()).collect();
        map_columns(&headers, &samples).into_iter().map(|s| s.field.map(|f| f.as_str())).collect()
    }

    #[test]
    fn hubspot_headings() {
        let got = fields(
            &["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Company Name", "City", "Country/Region", "Lifecycle Stage", "Create Date"],
            &[&[
                "101",
                "Olivia",
                "Hart",
                "olivia@example.com",
                "+1 415 555 0132",
                "Hart Capital",
                "San Francisco",
                "United States",
                "customer",
                "2025-03-02 10:11",
            ]],
        );
        assert_eq!(
            got,
            vec![None, Some("first_name"), Some("last_name"), Some("email"), Some("phone"), Some("company"), Some("location"), Some("country"), None, None]
        );
    }

    #[test]
    fn hand_typed_abbreviations() {
        let got = fields(&["Client", "E-mail", "Mob.", "Co.", "VIP", "Tel"], &[&["James Whitfield", "james@w.co.uk", "07700 900123", "W & Sons", "yes", ""]]);
        assert_eq!(got, vec![Some("full_name"), Some("email"), Some("phone"), Some("company"), Some("vip"), Some("phone")]);
    }

    #[test]
    fn european_headings() {
        assert_eq!(
            fields(&["Prénom", "Nom", "Courriel", "Téléphone", "Société", "Ville"], &[]),
            vec![Some("first_name"), Some("last_name"), Some("email"), Some("phone"), Some("company"), Some("location")]
        );
        assert_eq!(
            fields(&["Vorname", "Nachname", "E-Mail-Adresse", "Handy", "Firma", "Stadt"], &[]),
            vec![Some("first_name"), Some("last_name"), Some("email"), Some("phone"), Some("company"), Some("location")]
        );
        assert_eq!(
            fields(&["Nombre", "Apellidos", "Correo electrónico", "Móvil", "Empresa"], &[]),
            vec![Some("first_name"), Some("last_name"), Some("email"), Some("phone"), Some("company")]
        );
        assert_eq!(
            fields(&["Nome", "Cognome", "Cellulare", "Azienda", "Città"], &[]),
            vec![Some("first_name"), Some("last_name"), Some("phone"), Some("company"), Some("location")]
        );
        assert_eq!(fields(&["Nome completo", "Telemóvel", "Empresa"], &[]), vec![Some("full_name"), Some("phone"), Some("company")]);
    }

    #[test]
    fn google_and_outlook_exports() {
        let got = fields(
            &["Name", "Given Name", "Family Name", "E-mail 1 - Type", "E-mail 1 - Value", "Phone 1 - Type", "Phone 1 - Value", "Organization 1 - Name"],
            &[&["Ada Byron", "Ada", "Byron", "* Home", "ada@example.com", "Mobile", "+44 7700 900001", "Analytical Ltd"]],
        );
        assert_eq!(got, vec![None, Some("first_name"), Some("last_name"), None, Some("email"), None, Some("phone"), Some("company")]);
        let got = fields(
            &[
                "First Name",
                "Middle Name",
                "Last Name",
                "Title",
                "E-mail Address",
                "E-mail 2 Address",
                "Business Phone",
                "Business Fax",
                "Mobile Phone",
                "Job Title",
                "Company",
            ],
            &[],
        );
        assert_eq!(
            got,
            vec![Some("first_name"), None, Some("last_name"), None, Some("email"), Some("email"), Some("phone"), None, Some("phone"), None, Some("company")]
        );
    }

    #[test]
    fn longer_headings_and_their_exceptions() {
        let got = fields(&["Numéro de portable", "N° de téléphone", "Adresse e-mail", "E-mail Display Name", "Home City", "Phonetic First Name"], &[]);
        assert_eq!(got, vec![Some("phone"), Some("phone"), Some("email"), None, Some("location"), Some("first_name")]);
    }

    #[test]
    fn values_decide_when_the_heading_says_nothing() {
        let got = fields(&["Col A", "Col B", "Col C"], &[&["Ann", "ann@example.com", "+1 415 555 0100"], &["Bob", "bob@example.com", "(415) 555-0101"]]);
        assert_eq!(got, vec![None, Some("email"), Some("phone")]);
        // a heading contradicted by its values is not mapped
        let got = fields(&["Email"], &[&["Home"], &["Work"], &["Home"]]);
        assert_eq!(got, vec![None]);
    }

    #[test]
    fn a_lone_name_column_of_whole_names_is_split() {
        assert_eq!(
            fields(&["Nombre", "Email"], &[&["Ana García", "ana@example.es"], &["Luis Pérez", "luis@example.es"]]),
            vec![Some("full_name"), Some("email")]
        );
    }

    #[test]
    fn the_header_row_comes_after_a_preamble() {
        let rows = |r: &[&[&str]]| r.iter().map(|c| c.iter().map(|s| s.to_string()).collect()).collect::<Vec<Vec<String>>>();
        let linkedin = rows(&[
            &["Notes:"],
            &["When exporting your connection data, you may notice that some of the email addresses are missing."],
            &[],
            &["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
            &["Ada", "Byron", "https://www.linkedin.com/in/ada", "", "Analytical", "Engineer", "01 Oct 2025"],
        ]);
        assert_eq!(find_header(&linkedin), Some(3));
        assert_eq!(find_header(&rows(&[&["Client", "E-mail", "Mob."], &["James", "j@w.co.uk", "07700 900123"]])), Some(0));
        assert_eq!(find_header(&rows(&[&["Exported by", "Sam"], &["Col A", "Col B"], &["x", "y"]])), Some(0));
        assert_eq!(find_header(&rows(&[&[]])), None);
    }

    #[test]
    fn every_suggestion_says_why() {
        let headers = vec!["Mob.".to_string()];
        let s = &map_columns(&headers, &[vec!["07700 900123"]])[0];
        assert_eq!(s.field, Some(ContactField::Phone));
        assert!(s.reason.contains("Mob."), "{}", s.reason);
    }
}
