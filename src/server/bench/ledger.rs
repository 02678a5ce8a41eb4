//! `dealflow bench ledger`: loads postings through the posting API and
//! reports posting throughput and balance-query latency on the database
//! named by `DATABASE_URL` (a fresh SQLite file by default).

use super::{ms, percentile};
use crate::domain::ledger::{AccountKind, PostingLine};
use crate::domain::time::Zone;
use crate::server::db::{now_ms, Db};
use crate::server::demo::Rng;
use crate::server::ledger::{self, AccountSpec, PostRequest};
use crate::server::repo;
use anyhow::{bail, Context, Result};
use std::time::Instant;

pub struct LedgerBench {
    pub postings: u64,
    pub accounts: usize,
    pub concurrency: usize,
    pub queries: usize,
}

pub async fn run_ledger(db: &Db, b: &LedgerBench) -> Result<()> {
    if b.postings < 2 || b.accounts < 2 || b.concurrency == 0 {
        bail!("--postings, --accounts and --concurrency must be positive");
    }
    let org = format!("bench-{}", now_ms());
    repo::insert_org(
        &db.pool,
        repo::NewOrg {
            id: &org,
            name: "Ledger benchmark",
            slug: &org,
            currency: "USD",
            modules: &[],
            is_platform: false,
            created_at: now_ms(),
            time_zone: Zone::UTC,
            country: "US",
        },
    )
    .await
    .context("creating the benchmark organization")?;
    let mut ids = Vec::with_capacity(b.accounts);
    for i in 0..b.accounts {
        let owner = format!("bench-{i}");
        let a = ledger::ensure_account(db, &org, AccountSpec { kind: AccountKind::OrgCash, owner: Some(&owner), currency: "USD", name: &owner }).await?;
        ids.push(a.id);
    }
    let transactions = b.postings / 2;
    println!(
        "ledger benchmark on {:?}: {} postings ({} two-leg transactions) across {} accounts, {} concurrent writers",
        db.backend,
        transactions * 2,
        transactions,
        b.accounts,
        b.concurrency
    );
    let started = Instant::now();
    let per_task = transactions / b.concurrency as u64;
    let mut tasks = Vec::new();
    for t in 0..b.concurrency {
        let db = db.clone();
        let org = org.clone();
        let ids = ids.clone();
        let count = if t == b.concurrency - 1 { transactions - per_task * (b.concurrency as u64 - 1) } else { per_task };
        tasks.push(tokio::spawn(async move {
            let mut rng = Rng::new(42 + t as u64);
            let mut latencies = Vec::with_capacity(count as usize);
            for i in 0..count {
                let n = ids.len();
                let f = rng.below(n as u64) as usize;
                // any other account
                let (from, to) = (&ids[f], &ids[(f + 1 + rng.below(n as u64 - 1) as usize) % n]);
                let amount = 1 + rng.below(100_000) as i64;
                let req = PostRequest {
                    org_id: org.clone(),
                    idempotency_key: format!("b-{t}-{i}"),
                    kind: "bench.transfer".into(),
                    reason: "benchmark".into(),
                    actor_id: None,
                    reference: None,
                    effective_at: 1_700_000_000_000 + i as i64,
                    lines: vec![
                        PostingLine { account_id: from.clone(), currency: "USD".into(), amount_minor: -amount },
                        PostingLine { account_id: to.clone(), currency: "USD".into(), amount_minor: amount },
                    ],
                    expected_versions: vec![],
                    reverses: None,
                };
                let s = Instant::now();
                ledger::post(&db, &req).await?;
                latencies.push(s.elapsed());
            }
            Ok::<_, anyhow::Error>(latencies)
        }));
    }
    let mut post_lat = Vec::new();
    for t in tasks {
        post_lat.extend(t.await??);
    }
    let elapsed = started.elapsed();
    post_lat.sort();
    let tps = transactions as f64 / elapsed.as_secs_f64();
    println!(
        "posting: {} transactions in {:.1} s = {:.0} transactions/s = {:.0} postings/s; per transaction p50 {} p99 {}",
        transactions,
        elapsed.as_secs_f64(),
        tps,
        tps * 2.0,
        ms(percentile(&post_lat, 0.5)),
        ms(percentile(&post_lat, 0.99))
    );

    // Balance queries: the cached current balance, and "as of" a date (SUM over postings).
    let mut rng = Rng::new(7);
    let mut now_lat = Vec::with_capacity(b.queries);
    let mut asof_lat = Vec::with_capacity(b.queries);
    for _ in 0..b.queries {
        let id = &ids[rng.below(ids.len() as u64) as usize];
        let s = Instant::now();
        ledger::balance(db, id).await?;
        now_lat.push(s.elapsed());
        let at = 1_700_000_000_000 + rng.below(transactions.max(1)) as i64;
        let s = Instant::now();
        ledger::balance_as_of(db, id, at).await?;
        asof_lat.push(s.elapsed());
    }
    now_lat.sort();
    asof_lat.sort();
    println!(
        "balance now (cached): p50 {} p99 {} | balance as of a date (sum of ~{} postings per account): p50 {} p99 {}",
        ms(percentile(&now_lat, 0.5)),
        ms(percentile(&now_lat, 0.99)),
        transactions * 2 / b.accounts as u64,
        ms(percentile(&asof_lat, 0.5)),
        ms(percentile(&asof_lat, 0.99))
    );
    // The invariant, at scale: the cache equals the postings and everything sums to zero.
    let (total,): (i64,) =
        sqlx::query_as("SELECT CAST(COALESCE(SUM(balance_minor), 0) AS BIGINT) FROM ledger_accounts WHERE org_id = $1").bind(&org).fetch_one(&db.pool).await?;
    println!("check: sum of all balances = {total} (must be 0)");
    if total != 0 {
        bail!("the ledger does not balance");
    }
    Ok(())
}
