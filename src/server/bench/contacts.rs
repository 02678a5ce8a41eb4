//! `dealflow bench contacts`: the CRM at scale. Loads an organization with
//! 100,000 contacts into the database named by `DATABASE_URL`, then reports
//! p50/p95 of the directory's reads (search, sort, a segment's view, a deep
//! page) beside the bare SQL of one page, and the import of a 5,000-row
//! file (preview; preview and commit) beside the bare inserts.

use super::{ms, timed};
use crate::domain::crm::directory::ContactQuery;
use crate::domain::crm::runs::RowSet;
use crate::domain::crm::ContactType::{self, Broker, Client, Investor, Team, TradePartner};
use crate::domain::time::Zone;
use crate::domain::{Capability, Module, Role};
use crate::server::auth::{password, Ctx};
use crate::server::config::Config;
use crate::server::crm::store::{self, ContactRow};
use crate::server::crm::{contacts, import, runs};
use crate::server::db::{new_id, now_ms, Db};
use crate::server::demo::Rng;
use crate::server::op::retry;
use crate::server::repo;
use crate::server::storage::Storage;
use anyhow::{bail, Context, Result};
use std::sync::Arc;
use std::time::Instant;

const FIRST: &[&str] = &["Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hana", "Ivan", "Jun", "Kofi", "Lena", "Mateo", "Nora", "Omar", "Priya"];
const LAST: &[&str] = &["Smith", "Garcia", "Müller", "Rossi", "Dubois", "Tanaka", "Silva", "Novak", "Kim", "Okafor", "Larsen", "Haddad", "Byrne", "Chen"];
const KINDS: &[ContactType] = &[Client, Client, Client, Client, TradePartner, Broker, Investor, Team];

async fn load(db: &Db, org: &str, n: usize) -> Result<()> {
    let mut rng = Rng::new(0xC0_17AC_75);
    let now = now_ms();
    let batch = 500;
    let mut done = 0;
    while done < n {
        let mut tx = db.begin_write().await?;
        for i in done..(done + batch).min(n) {
            let (first, last) = (FIRST[i % FIRST.len()], LAST[(i / FIRST.len()) % LAST.len()]);
            let surname = format!("{last} {i}");
            let company = if i % 5 == 0 { format!("Company {}", i / 5) } else { String::new() };
            let email = (i % 6 != 0).then(|| format!("{}.{}{i}@example.com", first.to_lowercase(), last.to_lowercase()));
            let phone = (i % 4 != 0).then(|| format!("+1{:010}", 2_125_550_000u64 + i as u64));
            let row = ContactRow {
                id: &new_id(),
                org_id: org,
                contact_type: KINDS[i % KINDS.len()],
                first_name: first,
                last_name: &surname,
                company: &company,
                email: email.as_deref(),
                phone: phone.as_deref(),
                location: ["New York", "London", "Geneva", "Dubai", "Hong Kong"][i % 5],
                country: "",
                notes: "",
                tags: "",
                vip: rng.below(100) < 5,
                tax_id: "",
                user_id: None,
                import_run_id: None,
                created_at: now - rng.below(1_000) as i64 * 86_400_000,
            };
            store::insert(&mut *tx, &row).await?;
        }
        tx.commit().await?;
        done = (done + batch).min(n);
    }
    Ok(())
}

pub async fn run(db: &Db, config: Arc<Config>, contacts_n: usize, samples: usize) -> Result<()> {
    if contacts_n == 0 || samples == 0 {
        bail!("--contacts and --samples must be positive");
    }
    let org = new_id();
    let slug = format!("bench-{}", &org[..8]);
    let zone = Zone::UTC;
    let new_org = repo::NewOrg {
        id: &org,
        name: "CRM benchmark",
        slug: &slug,
        currency: "USD",
        modules: &[Module::Crm],
        is_platform: false,
        created_at: now_ms(),
        time_zone: zone,
        country: "US",
    };
    repo::insert_org(&db.pool, new_org).await.context("creating the benchmark organization")?;
    let hash = password::hash("bench-password-unused".to_string()).await?;
    let owner = new_id();
    let email = format!("owner@{slug}.bench");
    let user = repo::NewUser { id: &owner, org_id: &org, email: &email, display_name: "Owner", role: Role::Owner, password_hash: &hash, created_at: now_ms() };
    repo::insert_user(&db.pool, user).await?;
    println!("contacts benchmark on {:?}: {contacts_n} contacts", db.backend);
    let t = Instant::now();
    load(db, &org, contacts_n).await?;
    println!("loaded in {:.1} s", t.elapsed().as_secs_f64());
    let err = |e: crate::dto::error::AppError| anyhow::anyhow!(e.to_string());
    let org_rec = repo::org_by_id(db, &org).await?.context("org")?;
    let user_rec = repo::user_by_id(db, &owner).await?.context("user")?;
    let ctx = Ctx::new(db, config.clone(), user_rec.clone(), org_rec.clone(), Capability::ContactsView, "bench").map_err(err)?;

    println!("{:<30} {:>10} {:>10}", "directory read", "p50", "p95");
    let reads: &[(&str, ContactQuery)] = &[
        ("all, by name", ContactQuery::from_params("", "", "", "", "", "1")),
        ("search a name", ContactQuery::from_params("", "", "garcia 12", "", "", "1")),
        ("search a phone", ContactQuery::from_params("", "", "555 0123", "", "", "1")),
        ("by company, descending", ContactQuery::from_params("", "", "", "company", "desc", "1")),
        ("clients, VIP view", ContactQuery::from_params("client", "vip", "", "", "", "1")),
        ("page 1,000 by date added", ContactQuery::from_params("", "", "", "added", "", "1000")),
    ];
    for (label, q) in reads {
        let (p50, p95) = timed(samples, |_| async { retry(|| contacts::directory(&ctx, q)).await.map_err(err) }).await?;
        println!("{label:<30} {:>10} {:>10}", ms(p50), ms(p95));
    }
    let (b50, b95) = timed(samples, |_| async {
        let _: Vec<(String, String)> =
            sqlx::query_as("SELECT id, first_name FROM contacts WHERE org_id = $1 AND deleted_at IS NULL ORDER BY sort_name, id LIMIT 50")
                .bind(&org)
                .fetch_all(&db.pool)
                .await?;
        Ok(())
    })
    .await?;
    println!("{:<30} {:>10} {:>10}", "bare SQL: one page by name", ms(b50), ms(b95));

    // the import of a 5,000-row file against these contacts: the preview
    // alone, then the preview and the commit of every row (a fresh file per
    // sample, so each one writes 5,000 contacts), beside the bare inserts
    let file = |sample: usize| {
        let mut csv = String::from("Name,Email,Phone,Company\n");
        for i in 0..5_000usize {
            csv.push_str(&format!("Person {i} Example,person{i}.{sample}@import.example,+44 7700 9{:05},Firm {}\n", (i + 7 * sample) % 100_000, i % 300));
        }
        csv.into_bytes()
    };
    let opts = import::PreviewOptions { region: Some("GB".into()), ..Default::default() };
    let first = file(0);
    let (p50, p95) = timed(samples.min(20), |_| async { import::preview(db, Some(&org), "bench.csv", &first, &opts).await.map_err(err) }).await?;
    println!("{:<30} {:>10} {:>10}", "import preview, 5,000 rows", ms(p50), ms(p95));
    let commits = samples.clamp(1, 10);
    let ctx = Ctx::new(db, config.clone(), user_rec.clone(), org_rec.clone(), Capability::ContactsImport, "bench").map_err(err)?;
    let files = Storage::from_config(&config)?;
    let mut kept = Vec::new();
    for sample in 0..commits {
        kept.push(runs::keep_file(&ctx, &files, "bench.csv", file(sample + 1)).await.map_err(err)?.id);
    }
    let run_opts = runs::RunOptions::from_form("", "client", "email", "skip", "").map_err(err)?;
    let (v50, v95) = timed(commits, |i| {
        let (ctx, files, run_opts, id) = (&ctx, &files, &run_opts, kept[i].clone());
        async move { retry(|| runs::preview_file(ctx, files, &id, run_opts)).await.map_err(err) }
    })
    .await?;
    println!("{:<30} {:>10} {:>10}", "preview of the kept file", ms(v50), ms(v95));
    let (c50, c95) = timed(commits, |i| {
        let (ctx, files, run_opts, id) = (&ctx, &files, &run_opts, kept[i].clone());
        async move {
            let run = retry(|| runs::commit(ctx, files, &id, run_opts, &RowSet::All, &id)).await.map_err(err)?;
            anyhow::ensure!(run.inserted == 5_000, "the commit wrote {} contacts, not 5,000", run.inserted);
            Ok(())
        }
    })
    .await?;
    println!("{:<30} {:>10} {:>10}", "import commit, 5,000 rows", ms(c50), ms(c95));
    let org = &org;
    let (b50, b95) = timed(commits, |sample| async move {
        let mut tx = db.begin_write().await?;
        for i in 0..5_000usize {
            sqlx::query("INSERT INTO contacts (id, org_id, contact_type, first_name, email, created_at, updated_at) VALUES ($1, $2, 'client', $3, $4, 0, 0)")
                .bind(new_id())
                .bind(org)
                .bind(format!("Bare {i}"))
                .bind(format!("bare{i}.{sample}@import.example"))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    })
    .await?;
    println!("{:<30} {:>10} {:>10}", "bare SQL: 5,000 inserts", ms(b50), ms(b95));
    Ok(())
}
