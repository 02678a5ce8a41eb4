//! Deterministic demo data: the same seed always yields the same
//! organizations, people and ids, so screenshots and tests are stable.
//!
//! `Scale` multiplies the external people (brokers, partners, agents…):
//! 1 for `run`, larger for benchmarks. Later modules extend `seed` with
//! their own history, drawing from the same `Rng`.

pub mod crm;
pub mod dealer;
pub mod kit;
pub mod rng;
pub mod signals;

pub use rng::Rng;

use crate::domain::time::Zone;
use crate::domain::{Module, Role};
use crate::server::auth::password::{self, PasswordHash};
use crate::server::crm::people;
use crate::server::db::{now_ms, Db};
use crate::server::repo::{self, NewOrg, NewUser};
use anyhow::Result;

/// The one password every demo login uses.
pub const DEMO_PASSWORD: &str = "dealflow-demo";
pub(crate) const SEED: u64 = 0x00DE_A1F1_0000_2026;

/// A printed demo login.
#[derive(Clone, Debug)]
pub struct DemoLogin {
    pub org: String,
    pub role: Role,
    pub name: String,
    pub email: String,
}

struct OrgSpec {
    name: &'static str,
    slug: &'static str,
    currency: &'static str,
    modules: &'static [Module],
    platform: bool,
    /// (role, display name, email local part) — the named people.
    people: &'static [(Role, &'static str, &'static str)],
    /// External role multiplied by the scale: how many per unit of scale.
    crowd: Option<(Role, usize)>,
    /// The organization's IANA time zone.
    zone: &'static str,
    /// Its country (the default region of phone numbers).
    country: &'static str,
}

const ORGS: &[OrgSpec] = &[
    OrgSpec {
        name: "Dealflow Platform",
        slug: "dealflow",
        currency: "USD",
        modules: &[],
        platform: true,
        people: &[(Role::PlatformAdmin, "Pat Operator", "admin")],
        crowd: None,
        zone: "UTC",
        country: "",
    },
    OrgSpec {
        name: "Meridian Watch Co.",
        slug: "meridian",
        currency: "USD",
        modules: &[Module::Dealer, Module::Crm],
        platform: false,
        people: &[
            (Role::Owner, "Olivia Hart", "owner"),
            (Role::Manager, "Marcus Lee", "manager"),
            (Role::Staff, "Sofia Reyes", "staff"),
            (Role::Viewer, "Victor Chen", "viewer"),
            (Role::Broker, "Marco Bellini", "broker"),
            (Role::Investor, "Ingrid Novak", "investor"),
            (Role::Seller, "Sam Porter", "seller"),
        ],
        crowd: Some((Role::Broker, 3)),
        zone: "America/New_York",
        country: "US",
    },
    OrgSpec {
        name: "Riley Realty",
        slug: "riley",
        currency: "USD",
        modules: &[Module::Brokerage],
        platform: false,
        people: &[(Role::Owner, "Josh Riley", "owner"), (Role::Agent, "Jayden Metz", "agent")],
        crowd: Some((Role::Agent, 1)),
        zone: "America/Chicago",
        country: "US",
    },
    OrgSpec {
        name: "LeadFlow Partners",
        slug: "leadflow",
        currency: "GBP",
        modules: &[Module::Marketplace],
        platform: false,
        people: &[(Role::Owner, "Mike Warren", "owner"), (Role::Partner, "Sarah Whitfield", "partner"), (Role::SalesMember, "Nina Castell", "sales")],
        crowd: Some((Role::Partner, 1)),
        zone: "Europe/London",
        country: "GB",
    },
];

const FIRST: [&str; 16] =
    ["Elena", "Daniel", "Hana", "Luca", "Amara", "Tomás", "Priya", "Jonas", "Yara", "Mateo", "Ingrid", "Kenji", "Zara", "Felix", "Noor", "Rafael"];
const LAST: [&str; 16] = [
    "Vasquez",
    "Okafor",
    "Sato",
    "Moretti",
    "Singh",
    "Herrera",
    "Nair",
    "Lindqvist",
    "Haddad",
    "Costa",
    "Brandt",
    "Mori",
    "Ahmed",
    "Keller",
    "Rahman",
    "Duarte",
];

/// The `i`-th extra person of a role: a real-sounding name, the same every
/// time, different per role, unique for the first 256 (then numbered).
fn crowd_name(role: Role, i: usize) -> String {
    let offset = role.as_str().len() * 5;
    let (first, last) = (FIRST[(i + offset) % 16], LAST[(i + i / 16 + offset / 2) % 16]);
    if i < 256 {
        format!("{first} {last}")
    } else {
        format!("{first} {last} {}", i / 256 + 1)
    }
}

/// The lock demo seeding takes (migrations take 727274).
const SEED_LOCK: i64 = 727275;

/// Loads the demo data into an empty database; does nothing (returns
/// `None`) when any organization exists already. Any number of servers may
/// start together: one seeds, under a database-wide lock, and the others
/// find the data there (on SQLite, where the loser's insert of the same
/// deterministic ids fails, by looking again).
pub async fn seed_if_empty(db: &Db, scale: u32) -> Result<Option<Vec<DemoLogin>>> {
    db.exclusively(SEED_LOCK, async {
        if repo::org_count(db).await? > 0 {
            return Ok(None);
        }
        let logins = match seed(db, scale).await {
            Ok(logins) => logins,
            Err(_) if repo::org_count(db).await? > 0 => return Ok(None),
            Err(e) => return Err(e),
        };
        seed_history(db, scale).await?;
        Ok(Some(logins))
    })
    .await
}

pub async fn seed(db: &Db, scale: u32) -> Result<Vec<DemoLogin>> {
    let mut rng = Rng::new(SEED);
    // One hash for every demo login: hashing is deliberately slow.
    let hash: PasswordHash = password::hash(DEMO_PASSWORD.to_string()).await?;
    // A fixed epoch (2025-11-26 00:00 UTC) keeps "joined" dates reproducible.
    let epoch: i64 = 1_764_115_200_000;
    let mut logins = Vec::new();
    let mut tx = db.begin_write().await?;
    for spec in ORGS {
        let org_id = rng.id();
        let domain = format!("{}.demo", spec.slug);
        repo::insert_org(
            &mut *tx,
            NewOrg {
                id: &org_id,
                name: spec.name,
                slug: spec.slug,
                currency: spec.currency,
                modules: spec.modules,
                is_platform: spec.platform,
                created_at: epoch,
                time_zone: Zone::parse(spec.zone)?,
                country: spec.country,
            },
        )
        .await?;
        let mut people: Vec<(Role, String, String)> = spec.people.iter().map(|(r, n, l)| (*r, n.to_string(), format!("{l}@{domain}"))).collect();
        if let Some((role, per_scale)) = spec.crowd {
            // scale 1 adds `per_scale` more of the external role; scale n adds n times as many.
            for i in 2..=(scale as usize * per_scale + 1) {
                people.push((role, crowd_name(role, i - 2), format!("{}{i}@{domain}", role.as_str().replace('_', ""))));
            }
        }
        for (role, name, email) in people {
            let joined = epoch + rng.below(90) as i64 * 86_400_000;
            let id = rng.id();
            repo::insert_user(
                &mut *tx,
                NewUser { id: &id, org_id: &org_id, email: &email, display_name: &name, role, password_hash: &hash, created_at: joined },
            )
            .await?;
            people::ensure_contact(&mut *tx, &id, &org_id, role, &name, &email, joined).await?;
            logins.push(DemoLogin { org: spec.name.to_string(), role, name, email });
        }
    }
    tx.commit().await?;
    Ok(logins)
}

/// A year of activity for every organization with the dealer module (and a
/// book of contacts for those with the CRM), ending
/// today (so every chart has something to show). Tests seed without it.
pub async fn seed_history(db: &Db, scale: u32) -> Result<()> {
    let orgs: Vec<(String, String, String)> = sqlx::query_as("SELECT id, currency, modules FROM organizations ORDER BY slug").fetch_all(&db.pool).await?;
    let mut rng = Rng::new(SEED ^ 0x5eed_d0c5);
    let today = now_ms();
    for (id, currency, modules) in orgs {
        if Module::parse_list(&modules).contains(&Module::Dealer) {
            dealer::seed_dealer(db, &id, &currency, scale, &mut rng, today).await?;
        }
        if Module::parse_list(&modules).contains(&Module::Crm) {
            crm::seed_crm(db, &id, 240 * scale as usize, &mut rng, today).await?;
        }
    }
    Ok(())
}

/// The demo logins as a table for the terminal.
pub fn format_logins(logins: &[DemoLogin]) -> String {
    let mut out = format!("Demo logins (password for all: {DEMO_PASSWORD})\n");
    let shown: Vec<&DemoLogin> = {
        // One line per (org, role): the first person of each.
        let mut seen = std::collections::HashSet::new();
        logins.iter().filter(|l| seen.insert((l.org.clone(), l.role))).collect()
    };
    for l in shown {
        out.push_str(&format!("  {:<20} {:<16} {:<28} {}\n", l.org, l.role.label(), l.email, l.name));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_a_named_demo_person() {
        for role in Role::ALL {
            assert!(ORGS.iter().any(|o| o.people.iter().any(|p| p.0 == role)), "no demo login for {role}");
        }
    }
}

/// Printed at start-up when the demo data was loaded on an earlier start.
pub fn format_logins_hint() -> String {
    let mut out = format!("Demo logins (password for all: {DEMO_PASSWORD})\n");
    for spec in ORGS {
        for (role, name, local) in spec.people {
            out.push_str(&format!("  {:<20} {:<16} {:<28} {}\n", spec.name, role.label(), format!("{local}@{}.demo", spec.slug), name));
        }
    }
    out
}
