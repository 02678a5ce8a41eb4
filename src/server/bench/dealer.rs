//! `dealflow bench dealer`: the broker portal at scale. Loads a large
//! dealer (≥ 200 brokers, 50,000 deals, 100,000 commissions — every deal
//! co-sourced, so two commissions each — all posted to the ledger) into the
//! database named by `DATABASE_URL`, then reports p50/p95 of the broker
//! dashboard, commissions and analytics reads, each beside its bare SQL.

use super::{ms, timed};
use crate::domain::dealer::*;
use crate::domain::ledger::{AccountKind, PostingLine};
use crate::domain::time::Zone;
use crate::domain::{Capability, Module, Role};
use crate::server::auth::{password, Ctx};
use crate::server::config::Config;
use crate::server::db::{new_id, now_ms, Db};
use crate::server::dealer::{broker_view, dashboard};
use crate::server::demo::Rng;
use crate::server::ledger::{self, AccountSpec, PostRequest};
use crate::server::repo;
use anyhow::{bail, Context, Result};
use std::sync::Arc;
use std::time::Instant;

pub struct DealerBench {
    pub brokers: usize,
    pub deals: usize,
    pub samples: usize,
}

const DAY: i64 = 86_400_000;
const BRANDS: &[(&str, &str)] = &[
    ("Rolex", "Submariner"),
    ("Patek Philippe", "Nautilus"),
    ("Omega", "Speedmaster"),
    ("Audemars Piguet", "Royal Oak"),
    ("Tudor", "Black Bay"),
    ("Cartier", "Santos"),
];

async fn load(db: &Db, b: &DealerBench, org: &str, owner: &str, brokers: &[String]) -> Result<()> {
    let currency = "USD";
    let expense = ledger::ensure_account(db, org, AccountSpec { kind: AccountKind::OrgExpense, owner: None, currency, name: "Commission expense" }).await?;
    let cash = ledger::ensure_account(db, org, AccountSpec { kind: AccountKind::OrgCash, owner: None, currency, name: "Cash" }).await?;
    let mut payables = Vec::new();
    for br in brokers {
        payables.push(
            ledger::ensure_account(db, org, AccountSpec { kind: AccountKind::BrokerCommissionPayable, owner: Some(br), currency, name: "Payable" }).await?.id,
        );
    }
    let mut rng = Rng::new(0xBE_4C_DEA1);
    let today = now_ms();
    let started = Instant::now();
    let batch = 250;
    let mut done = 0;
    while done < b.deals {
        let mut tx = db.begin_write().await?;
        for n in done..(done + batch).min(b.deals) {
            let lead = n % brokers.len();
            let co = (n * 7 + 3) % brokers.len();
            let co = if co == lead { (co + 1) % brokers.len() } else { co };
            let (brand, model) = BRANDS[n % BRANDS.len()];
            let created = today - (rng.below(365) as i64) * DAY;
            let sid = new_id();
            let asking = 5_000_00 + (rng.below(20_000) as i64) * 100;
            sqlx::query(
                "INSERT INTO submissions (id, org_id, broker_id, status, brand, model, reference, asking_minor, currency, source_type, co_broker_id, co_share_bps, source_group, created_at, updated_at, reviewed_at) \
                 VALUES ($1, $2, $3, 'approved', $4, $5, '', $6, 'USD', 'co_sourced', $7, 4000, $8, $9, $9, $9)",
            )
            .bind(&sid)
            .bind(org)
            .bind(&brokers[lead])
            .bind(brand)
            .bind(model)
            .bind(asking)
            .bind(&brokers[co])
            .bind(if n % 3 == 0 { "" } else { "Geneva Dealers" })
            .bind(created)
            .execute(&mut *tx)
            .await?;
            let did = new_id();
            let sold = created + 10 * DAY;
            let cost = asking * 85 / 100;
            let sale = asking * 110 / 100;
            sqlx::query(
                "INSERT INTO deals (id, org_id, submission_id, broker_id, brand, model, reference, currency, acquisition_cost_minor, status, accepted_at, sale_price_minor, buyer, sold_at, commission_basis, commission_bps, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, '', 'USD', $7, 'sold', $8, $9, 'Client', $10, 'gross_profit', 1000, $10)",
            )
            .bind(&did)
            .bind(org)
            .bind(&sid)
            .bind(&brokers[lead])
            .bind(brand)
            .bind(model)
            .bind(cost)
            .bind(created)
            .bind(sale)
            .bind(sold)
            .execute(&mut *tx)
            .await?;
            let total = (sale - cost) / 10;
            let co_part = total * 4 / 10;
            for (broker_ix, amount, share) in [(lead, total - co_part, 6000), (co, co_part, 4000)] {
                let cid = new_id();
                let earned = ledger::post_in(
                    &mut tx,
                    &PostRequest {
                        org_id: org.to_string(),
                        idempotency_key: format!("commission:{cid}:earned"),
                        kind: "commission.earned".into(),
                        reason: "bench".into(),
                        actor_id: Some(owner.to_string()),
                        reference: Some(("commission".into(), cid.clone())),
                        effective_at: sold,
                        lines: vec![
                            PostingLine { account_id: payables[broker_ix].clone(), currency: currency.into(), amount_minor: amount },
                            PostingLine { account_id: expense.id.clone(), currency: currency.into(), amount_minor: -amount },
                        ],
                        expected_versions: Vec::new(),
                        reverses: None,
                    },
                )
                .await?;
                let paid = sold < today - 40 * DAY;
                sqlx::query(
                    "INSERT INTO commissions (id, org_id, deal_id, broker_id, status, basis, rate_bps, share_bps, amount_minor, currency, earned_tx, released_at, paid_at, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, 'gross_profit', 1000, $6, $7, 'USD', $8, $9, $10, $9, $9)",
                )
                .bind(&cid)
                .bind(org)
                .bind(&did)
                .bind(&brokers[broker_ix])
                .bind(if paid { CommissionStatus::Paid.as_str() } else { CommissionStatus::AwaitingPayout.as_str() })
                .bind(share)
                .bind(amount)
                .bind(&earned.transaction_id)
                .bind(sold)
                .bind(paid.then_some(sold + 30 * DAY))
                .execute(&mut *tx)
                .await?;
                if paid {
                    ledger::post_in(
                        &mut tx,
                        &PostRequest {
                            org_id: org.to_string(),
                            idempotency_key: format!("commission:{cid}:paid"),
                            kind: "commission.paid".into(),
                            reason: "bench".into(),
                            actor_id: Some(owner.to_string()),
                            reference: Some(("commission".into(), cid.clone())),
                            effective_at: sold + 30 * DAY,
                            lines: vec![
                                PostingLine { account_id: payables[broker_ix].clone(), currency: currency.into(), amount_minor: -amount },
                                PostingLine { account_id: cash.id.clone(), currency: currency.into(), amount_minor: amount },
                            ],
                            expected_versions: Vec::new(),
                            reverses: None,
                        },
                    )
                    .await?;
                }
            }
        }
        tx.commit().await?;
        done = (done + batch).min(b.deals);
        if done % 5_000 == 0 || done == b.deals {
            println!("  loaded {done} deals ({} commissions) in {:.0} s", done * 2, started.elapsed().as_secs_f64());
        }
    }
    Ok(())
}

pub async fn run(db: &Db, config: Arc<Config>, b: &DealerBench) -> Result<()> {
    if b.brokers < 2 || b.deals == 0 || b.samples == 0 {
        bail!("--brokers must be at least 2; --deals and --samples positive");
    }
    let org = new_id();
    let slug = format!("bench-{}", &org[..8]);
    repo::insert_org(
        &db.pool,
        repo::NewOrg {
            id: &org,
            name: "Dealer benchmark",
            slug: &slug,
            currency: "USD",
            modules: &[Module::Dealer],
            is_platform: false,
            created_at: now_ms(),
            time_zone: Zone::UTC,
            country: "US",
        },
    )
    .await
    .context("creating the benchmark organization")?;
    let hash = password::hash("bench-password-unused".to_string()).await?;
    let owner = new_id();
    repo::insert_user(
        &db.pool,
        repo::NewUser {
            id: &owner,
            org_id: &org,
            email: &format!("owner@{slug}.bench"),
            display_name: "Owner",
            role: Role::Owner,
            password_hash: &hash,
            created_at: now_ms(),
        },
    )
    .await?;
    let mut brokers = Vec::new();
    for i in 0..b.brokers {
        let id = new_id();
        repo::insert_user(
            &db.pool,
            repo::NewUser {
                id: &id,
                org_id: &org,
                email: &format!("broker{i}@{slug}.bench"),
                display_name: &format!("Broker {i}"),
                role: Role::Broker,
                password_hash: &hash,
                created_at: now_ms(),
            },
        )
        .await?;
        brokers.push(id);
    }
    println!("dealer benchmark on {:?}: {} brokers, {} deals, {} commissions", db.backend, b.brokers, b.deals, b.deals * 2);
    let t = Instant::now();
    load(db, b, &org, &owner, &brokers).await?;
    println!("loaded in {:.1} s", t.elapsed().as_secs_f64());

    let err = |e: crate::dto::error::AppError| anyhow::anyhow!(e.to_string());
    let org_rec = repo::org_by_id(db, &org).await?.context("org")?;
    let mut ctxs = Vec::new();
    for id in brokers.iter().take(50) {
        let user = repo::user_by_id(db, id).await?.context("user")?;
        ctxs.push(Ctx::new(db, config.clone(), user, org_rec.clone(), Capability::BrokerPortal, "bench").map_err(err)?);
    }
    let now = now_ms();
    println!("{:<14} {:>12} {:>12}   {:>16} {:>16}", "read", "p50", "p95", "bare SQL p50", "bare SQL p95");
    let (d50, d95) = timed(b.samples, |i| {
        let c = ctxs[i % ctxs.len()].clone();
        async move { dashboard::dashboard(&c, now).await.map_err(err) }
    })
    .await?;
    let (s50, s95) = timed(b.samples, |i| {
        let c = ctxs[i % ctxs.len()].clone();
        async move { bare_ledger(db, &c).await }
    })
    .await?;
    println!("{:<14} {:>12} {:>12}   {:>16} {:>16}", "dashboard", ms(d50), ms(d95), ms(s50), ms(s95));
    let (c50, c95) = timed(b.samples, |i| {
        let c = ctxs[i % ctxs.len()].clone();
        async move { broker_view::commissions(&c).await.map_err(err) }
    })
    .await?;
    let (q50, q95) = timed(b.samples, |i| {
        let c = ctxs[i % ctxs.len()].clone();
        async move { bare_commissions(db, &c).await }
    })
    .await?;
    println!("{:<14} {:>12} {:>12}   {:>16} {:>16}", "commissions", ms(c50), ms(c95), ms(q50), ms(q95));
    let (a50, a95) = timed(b.samples, |i| {
        let c = ctxs[i % ctxs.len()].clone();
        async move { dashboard::analytics(&c, now).await.map_err(err) }
    })
    .await?;
    let (b50, b95) = timed(b.samples, |i| {
        let c = ctxs[i % ctxs.len()].clone();
        async move { bare_submissions(db, &c).await }
    })
    .await?;
    println!("{:<14} {:>12} {:>12}   {:>16} {:>16}", "analytics", ms(a50), ms(a95), ms(b50), ms(b95));
    println!("(bare SQL: the ledger lines query for the dashboard, the commissions list query, the submissions query for analytics)");
    Ok(())
}

async fn bare_ledger(db: &Db, c: &Ctx) -> Result<()> {
    let _: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT t.kind, p.amount_minor, p.effective_at FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id \
         JOIN ledger_accounts a ON a.id = p.account_id WHERE a.org_id = $1 AND a.kind = $2 AND a.owner_ref = $3 AND a.currency = 'USD'",
    )
    .bind(&c.org.id)
    .bind(AccountKind::BrokerCommissionPayable.as_str())
    .bind(&c.user.id)
    .fetch_all(&db.pool)
    .await?;
    Ok(())
}

async fn bare_commissions(db: &Db, c: &Ctx) -> Result<()> {
    let _ = sqlx::query(
        "SELECT c.id, c.deal_id, c.status, c.amount_minor, c.currency, c.created_at, c.released_at, c.paid_at, c.payout_request_id, d.brand, d.model, d.reference \
         FROM commissions c JOIN deals d ON d.id = c.deal_id WHERE c.org_id = $1 AND c.broker_id = $2 ORDER BY c.created_at DESC, c.id",
    )
    .bind(&c.org.id)
    .bind(&c.user.id)
    .fetch_all(&db.pool)
    .await?;
    Ok(())
}

async fn bare_submissions(db: &Db, c: &Ctx) -> Result<()> {
    let _ = sqlx::query(
        "SELECT s.id, s.status, s.brand, s.created_at FROM submissions s LEFT JOIN deals d ON d.submission_id = s.id WHERE s.org_id = $1 AND s.broker_id = $2",
    )
    .bind(&c.org.id)
    .bind(&c.user.id)
    .fetch_all(&db.pool)
    .await?;
    Ok(())
}
