//! The demo's book of contacts for an organization with the CRM: the
//! dealer's buyers and a few hundred more clients (some VIP, some without
//! an email or a phone), and the trade partners it buys from and sells to.
//! Its brokers and team are contacts already (every login is one).

use super::rng::Rng;
use crate::domain::crm::names::split_full_name;
use crate::domain::crm::ContactType;
use crate::server::crm::store::{self, ContactRow};
use anyhow::Result;

use crate::server::db::{Db, Tx};

const FIRST: &[&str] = &[
    "Amelia",
    "Benjamin",
    "Chloe",
    "Daniel",
    "Elena",
    "Felix",
    "Grace",
    "Hugo",
    "Ingrid",
    "Jonas",
    "Keiko",
    "Lucas",
    "Mila",
    "Nathan",
    "Olivia",
    "Pablo",
    "Quinn",
    "Rosa",
    "Stefan",
    "Tara",
    "Umar",
    "Valentina",
    "William",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Arjun",
    "Beatriz",
    "Carlos",
    "Dalia",
];
const LAST: &[&str] = &[
    "Abbott",
    "Bergström",
    "Castillo",
    "Delacroix",
    "Eriksen",
    "Fischer",
    "Gallagher",
    "Hoffmann",
    "Ishikawa",
    "Jensen",
    "Kowalczyk",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "O'Brien",
    "Petrov",
    "Quintero",
    "Rossi",
    "Schmidt",
    "Takahashi",
    "Usman",
    "Van der Berg",
    "Whitaker",
    "Xu",
    "Yamamoto",
    "Zimmermann",
    "Okafor",
    "Novak",
    "Marchetti",
    "Lombardi",
];
const CITIES: &[&str] = &[
    "New York, US",
    "Miami, US",
    "Los Angeles, US",
    "San Francisco, US",
    "Chicago, US",
    "Boston, US",
    "Las Vegas, US",
    "Toronto, CA",
    "London, GB",
    "Geneva, CH",
    "Dubai, AE",
    "Hong Kong, HK",
];
const AREAS: &[&str] = &["212", "305", "310", "415", "312", "617", "702", "646"];
const DOMAINS: &[&str] = &["example.com", "example.net", "example.org"];
/// Dealers and vendors the desk trades with.
const PARTNERS: &[(&str, &str, &str)] = &[
    ("Wexford Fine Watches", "Declan Wexford", "Dublin, IE"),
    ("Harbor Line Jewelers", "Nadia Harbor", "Boston, US"),
    ("The Laurent Collection", "Étienne Laurent", "Geneva, CH"),
    ("Kowloon Time Traders", "Vincent Lau", "Hong Kong, HK"),
    ("Meridian Pre-Owned (Miami)", "Rafael Ortega", "Miami, US"),
    ("Deira Gold & Watches", "Yousef Al-Mansoori", "Dubai, AE"),
    ("Bond Street Horology", "Penelope Ashford", "London, GB"),
    ("Pacific Crown Watch Co.", "Kenji Mori", "Los Angeles, US"),
];

/// One contact of the book.
struct Entry<'a> {
    kind: ContactType,
    first: &'a str,
    last: &'a str,
    company: &'a str,
    email: Option<String>,
    phone: Option<String>,
    location: &'a str,
    vip: bool,
    added: i64,
}

async fn insert(tx: &mut Tx, org_id: &str, id: String, e: Entry<'_>) -> Result<(), sqlx::Error> {
    let row = ContactRow {
        id: &id,
        org_id,
        contact_type: e.kind,
        first_name: e.first,
        last_name: e.last,
        company: e.company,
        email: e.email.as_deref(),
        phone: e.phone.as_deref(),
        location: e.location,
        country: "",
        notes: "",
        tags: "",
        vip: e.vip,
        tax_id: "",
        user_id: None,
        import_run_id: None,
        created_at: e.added,
    };
    store::insert(&mut **tx, &row).await?;
    Ok(())
}

/// The book: `clients` generated clients besides the dealer's buyers.
pub async fn seed_crm(db: &Db, org_id: &str, clients: usize, rng: &mut Rng, today: i64) -> Result<()> {
    let day = 86_400_000i64;
    let buyers: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT buyer FROM deals WHERE org_id = $1 AND buyer IS NOT NULL AND buyer <> '' ORDER BY buyer")
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?;
    let mut tx = db.begin_write().await?;
    for (i, (company, person, city)) in PARTNERS.iter().enumerate() {
        let (first, last) = split_full_name(person);
        let domain: String = company.to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let email = Some(format!("{}@{domain}.example", ascii(&first)));
        let entry = Entry {
            kind: ContactType::TradePartner,
            first: &first,
            last: &last,
            company,
            email,
            phone: Some(phone(790 + i)),
            location: city,
            vip: false,
            added: today - (400 + 20 * i as i64) * day,
        };
        insert(&mut tx, org_id, rng.id(), entry).await?;
    }
    for (i, (buyer,)) in buyers.iter().enumerate() {
        if PARTNERS.iter().any(|(company, ..)| company == buyer) {
            continue;
        }
        let (first, last) = split_full_name(buyer);
        let email = Some(format!("{}.{}@{}", ascii(&first), ascii(&last), DOMAINS[i % DOMAINS.len()]));
        let entry = Entry {
            kind: ContactType::Client,
            first: &first,
            last: &last,
            company: "",
            email,
            phone: Some(phone(700 + i)),
            location: CITIES[i % CITIES.len()],
            vip: i % 3 == 0,
            added: today - (300 + 9 * i as i64) * day,
        };
        insert(&mut tx, org_id, rng.id(), entry).await?;
    }
    for i in 0..clients {
        let (first, last) = (FIRST[i % FIRST.len()], LAST[(i / FIRST.len() + 11 * i) % LAST.len()]);
        let email = (i % 9 != 4).then(|| format!("{}.{}@{}", ascii(first), ascii(last), DOMAINS[i % DOMAINS.len()]));
        let phone = (i % 7 != 3).then(|| phone(i));
        let (vip, location) = (rng.below(100) < 8, CITIES[rng.below(CITIES.len() as u64) as usize]);
        let added = today - rng.below(730) as i64 * day - rng.below(day as u64) as i64;
        insert(&mut tx, org_id, rng.id(), Entry { kind: ContactType::Client, first, last, company: "", email, phone, location, vip, added }).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A US number in the 555-01xx range kept for fiction, unique per `i` (< 800).
fn phone(i: usize) -> String {
    format!("+1{}55501{:02}", AREAS[i % AREAS.len()], (i / AREAS.len()) % 100)
}

/// A name as an email's local part: "O'Brien" → "obrien", "Bergström" → "bergstrom".
fn ascii(name: &str) -> String {
    crate::domain::crm::fold(name).replace(' ', "")
}
