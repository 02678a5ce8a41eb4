//! The ledger posting API on a real database (run on SQLite and PostgreSQL):
//! randomized sequences against a model, guards, idempotency, concurrency.

mod common;

use common::TestApp;
use dealflow::domain::ledger::{AccountKind, PostingLine};
use dealflow::server::db::Db;
use dealflow::server::demo::Rng;
use dealflow::server::ledger::{self, Account, AccountSpec, LedgerError, PostRequest};
use std::collections::HashMap;

async fn org_id(db: &Db, slug: &str) -> String {
    let (id,): (String,) = sqlx::query_as("SELECT id FROM organizations WHERE slug = $1").bind(slug).fetch_one(&db.pool).await.unwrap();
    id
}

/// Opens `n` accounts: owner-less org accounts that may go negative and
/// guarded investor accounts that may not, alternating.
async fn open_accounts(db: &Db, org: &str, n: usize) -> Vec<Account> {
    let mut out = Vec::new();
    for i in 0..n {
        let owner = format!("owner-{i}");
        let (kind, owner) = if i % 2 == 0 { (AccountKind::InvestorAvailable, Some(owner.as_str())) } else { (AccountKind::OrgCash, Some(owner.as_str())) };
        out.push(ledger::ensure_account(db, org, AccountSpec { kind, owner, currency: "USD", name: &format!("acct {i}") }).await.unwrap());
    }
    out
}

fn transfer(org: &str, key: &str, from: &str, to: &str, amount: i64) -> PostRequest {
    PostRequest {
        org_id: org.into(),
        idempotency_key: key.into(),
        kind: "test.transfer".into(),
        reason: "test".into(),
        actor_id: None,
        reference: Some(("test".into(), key.into())),
        effective_at: 1_000,
        lines: vec![
            PostingLine { account_id: from.into(), currency: "USD".into(), amount_minor: -amount },
            PostingLine { account_id: to.into(), currency: "USD".into(), amount_minor: amount },
        ],
        expected_versions: vec![],
        reverses: None,
    }
}

/// Every cached balance equals the sum of its postings; all balances sum to zero;
/// every transaction's postings sum to zero; guarded accounts are not negative.
async fn assert_invariants(db: &Db, org: &str) {
    let accounts = ledger::accounts(db, org).await.unwrap();
    let mut total = 0i128;
    for a in &accounts {
        let summed = ledger::balance_as_of(db, &a.id, i64::MAX).await.unwrap();
        assert_eq!(a.balance_minor, summed, "cache == sum of postings for {}", a.name);
        if !a.kind.may_go_negative() {
            assert!(a.balance_minor >= 0, "{} went negative", a.name);
        }
        total += a.balance_minor as i128;
    }
    assert_eq!(total, 0, "balances sum to zero");
    let (unbalanced,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM (SELECT transaction_id FROM ledger_postings WHERE org_id = $1 GROUP BY transaction_id, currency HAVING SUM(amount_minor) <> 0) x",
    )
    .bind(org)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(unbalanced, 0, "every transaction sums to zero");
}

/// Thousands of random postings (transfers, multi-leg splits, overdrafts,
/// replays, conflicts, reversals) checked against an in-memory model.
#[tokio::test]
async fn random_sequences_match_a_model_and_keep_the_invariants() {
    let app = TestApp::spawn().await;
    let db = &app.db;
    let org = org_id(db, "meridian").await;
    let accounts = open_accounts(db, &org, 12).await;
    let mut model: HashMap<String, i64> = accounts.iter().map(|a| (a.id.clone(), 0)).collect();
    let guarded: HashMap<String, bool> = accounts.iter().map(|a| (a.id.clone(), !a.kind.may_go_negative())).collect();
    let mut rng = Rng::new(0xC0FFEE);
    let mut posted: Vec<(String, PostRequest)> = Vec::new();
    let steps = if app.backend == "postgres" { 1200 } else { 2000 };
    for step in 0..steps {
        let choice = rng.below(10);
        if choice == 0 && !posted.is_empty() {
            // replay an earlier request: same result, nothing new
            let (id, req) = &posted[rng.below(posted.len() as u64) as usize];
            let p = ledger::post(db, req).await.unwrap();
            assert_eq!((&p.transaction_id, p.created), (id, false));
            continue;
        }
        if choice == 1 && !posted.is_empty() {
            // same key, different request: conflict, nothing written
            let (_, req) = &posted[rng.below(posted.len() as u64) as usize];
            let mut changed = req.clone();
            changed.lines[0].amount_minor -= 1;
            changed.lines[1].amount_minor += 1;
            assert!(matches!(ledger::post(db, &changed).await, Err(LedgerError::IdempotencyConflict)));
            continue;
        }
        if choice == 2 && !posted.is_empty() {
            // reverse an earlier transaction (at most once)
            let (id, req) = posted[rng.below(posted.len() as u64) as usize].clone();
            let key = format!("rev-{id}");
            match ledger::reverse(db, &org, &id, &key, "correction", None, 2_000).await {
                Ok(p) if p.created => {
                    for l in &req.lines {
                        *model.get_mut(&l.account_id).unwrap() -= l.amount_minor;
                    }
                }
                Ok(_) => {}
                Err(LedgerError::AlreadyReversed) => {}
                Err(LedgerError::WouldGoNegative { account_id, .. }) => {
                    let net: i64 = req.lines.iter().filter(|l| l.account_id == account_id).map(|l| l.amount_minor).sum();
                    assert!(model[&account_id] - net < 0, "guard fired only when needed");
                }
                Err(e) => panic!("reverse: {e}"),
            }
            continue;
        }
        // a split: one payer, one to three payees
        let payer = &accounts[rng.below(accounts.len() as u64) as usize].id;
        let legs = 1 + rng.below(3) as usize;
        let mut lines = Vec::new();
        let mut total = 0i64;
        for _ in 0..legs {
            let to = &accounts[rng.below(accounts.len() as u64) as usize].id;
            let amt = 1 + rng.below(50_000) as i64;
            total += amt;
            lines.push(PostingLine { account_id: to.clone(), currency: "USD".into(), amount_minor: amt });
        }
        lines.push(PostingLine { account_id: payer.clone(), currency: "USD".into(), amount_minor: -total });
        let req = PostRequest {
            org_id: org.clone(),
            idempotency_key: format!("step-{step}"),
            kind: "test.split".into(),
            reason: "random".into(),
            actor_id: None,
            reference: None,
            effective_at: step as i64,
            lines: lines.clone(),
            expected_versions: vec![],
            reverses: None,
        };
        // what the model says
        let mut next = model.clone();
        for l in &lines {
            *next.get_mut(&l.account_id).unwrap() += l.amount_minor;
        }
        let violates = next.iter().any(|(id, bal)| guarded[id] && *bal < 0 && *bal < model[id]);
        match ledger::post(db, &req).await {
            Ok(p) => {
                assert!(p.created);
                assert!(!violates, "step {step}: the ledger allowed an overdraft the model forbids");
                model = next;
                posted.push((p.transaction_id, req));
            }
            Err(LedgerError::WouldGoNegative { .. }) => assert!(violates, "step {step}: refused a valid posting"),
            Err(e) => panic!("step {step}: {e}"),
        }
    }
    for a in &accounts {
        let (bal, _) = ledger::balance(db, &a.id).await.unwrap();
        assert_eq!(bal, model[&a.id], "{} matches the model", a.name);
    }
    assert_invariants(db, &org).await;
    assert!(posted.len() > steps / 3, "enough transactions went through ({})", posted.len());
}

#[tokio::test]
async fn invalid_transactions_write_nothing() {
    let app = TestApp::spawn().await;
    let db = &app.db;
    let org = org_id(db, "meridian").await;
    let other_org = org_id(db, "riley").await;
    let a = open_accounts(db, &org, 2).await;
    let foreign = open_accounts(db, &other_org, 1).await;
    let mut unbalanced = transfer(&org, "k1", &a[1].id, &a[0].id, 100);
    unbalanced.lines[1].amount_minor = 99;
    assert!(matches!(ledger::post(db, &unbalanced).await, Err(LedgerError::Invalid(_))));
    // an account of another organization is unknown here
    let cross = transfer(&org, "k2", &a[1].id, &foreign[0].id, 100);
    assert!(matches!(ledger::post(db, &cross).await, Err(LedgerError::UnknownAccount { .. })));
    let mut wrong_currency = transfer(&org, "k3", &a[1].id, &a[0].id, 100);
    for l in &mut wrong_currency.lines {
        l.currency = "GBP".into();
    }
    assert!(matches!(ledger::post(db, &wrong_currency).await, Err(LedgerError::CurrencyMismatch { .. })));
    let mut no_reason = transfer(&org, "k4", &a[1].id, &a[0].id, 100);
    no_reason.reason = "  ".into();
    assert!(matches!(ledger::post(db, &no_reason).await, Err(LedgerError::Invalid(_))));
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM ledger_postings").fetch_one(&db.pool).await.unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn frozen_accounts_refuse_the_frozen_kinds_only() {
    let app = TestApp::spawn().await;
    let db = &app.db;
    let org = org_id(db, "meridian").await;
    let a = open_accounts(db, &org, 2).await; // a[0] investor (guarded), a[1] cash
    ledger::post(db, &transfer(&org, "fund", &a[1].id, &a[0].id, 1_000)).await.unwrap();
    ledger::set_frozen(db, &org, &a[0].id, &["test.transfer"]).await.unwrap();
    assert!(matches!(ledger::post(db, &transfer(&org, "blocked", &a[1].id, &a[0].id, 10)).await, Err(LedgerError::Frozen { .. })));
    let mut other_kind = transfer(&org, "allowed", &a[1].id, &a[0].id, 10);
    other_kind.kind = "test.profit".into();
    ledger::post(db, &other_kind).await.unwrap();
    ledger::set_frozen(db, &org, &a[0].id, &[]).await.unwrap();
    ledger::post(db, &transfer(&org, "after", &a[1].id, &a[0].id, 10)).await.unwrap();
    assert_eq!(ledger::balance(db, &a[0].id).await.unwrap().0, 1_020);
}

#[tokio::test]
async fn a_stale_version_is_reported_and_balances_have_history() {
    let app = TestApp::spawn().await;
    let db = &app.db;
    let org = org_id(db, "meridian").await;
    let a = open_accounts(db, &org, 2).await;
    let (_, seen) = ledger::balance(db, &a[0].id).await.unwrap();
    let mut first = transfer(&org, "t1", &a[1].id, &a[0].id, 500);
    first.effective_at = 10_000;
    ledger::post(db, &first).await.unwrap();
    let mut stale = transfer(&org, "t2", &a[1].id, &a[0].id, 700);
    stale.effective_at = 20_000;
    stale.expected_versions = vec![(a[0].id.clone(), seen)];
    assert!(matches!(ledger::post(db, &stale).await, Err(LedgerError::StaleVersion { .. })));
    stale.expected_versions = vec![(a[0].id.clone(), seen + 1)];
    ledger::post(db, &stale).await.unwrap();
    assert_eq!(ledger::balance_as_of(db, &a[0].id, 9_999).await.unwrap(), 0);
    assert_eq!(ledger::balance_as_of(db, &a[0].id, 10_000).await.unwrap(), 500);
    assert_eq!(ledger::balance_as_of(db, &a[0].id, 20_000).await.unwrap(), 1_200);
}

#[tokio::test]
async fn postings_are_append_only_in_the_database() {
    let app = TestApp::spawn().await;
    let db = &app.db;
    let org = org_id(db, "meridian").await;
    let a = open_accounts(db, &org, 2).await;
    ledger::post(db, &transfer(&org, "t", &a[1].id, &a[0].id, 5)).await.unwrap();
    assert!(sqlx::query("UPDATE ledger_postings SET amount_minor = 6").execute(&db.pool).await.is_err());
    assert!(sqlx::query("DELETE FROM ledger_postings").execute(&db.pool).await.is_err());
    assert!(sqlx::query("UPDATE ledger_transactions SET reason = 'x'").execute(&db.pool).await.is_err());
    assert!(sqlx::query("DELETE FROM ledger_transactions").execute(&db.pool).await.is_err());
}

/// 8 tasks × many transfers between 20 accounts: no lost update, no
/// negative guarded balance, totals conserved.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_transfers_lose_nothing() {
    let app = TestApp::spawn().await;
    let db = app.db.clone();
    let org = org_id(&db, "meridian").await;
    let accounts = open_accounts(&db, &org, 20).await;
    // fund every guarded account from a cash account
    for (i, a) in accounts.iter().enumerate().filter(|(_, a)| !a.kind.may_go_negative()) {
        ledger::post(&db, &transfer(&org, &format!("fund-{i}"), &accounts[1].id, &a.id, 10_000)).await.unwrap();
    }
    let per_task = 60;
    let mut handles = Vec::new();
    for t in 0..8u64 {
        let db = db.clone();
        let org = org.clone();
        let ids: Vec<String> = accounts.iter().map(|a| a.id.clone()).collect();
        handles.push(tokio::spawn(async move {
            let mut rng = Rng::new(1000 + t);
            let mut ok = 0;
            for i in 0..per_task {
                let from = &ids[rng.below(ids.len() as u64) as usize];
                let to = &ids[rng.below(ids.len() as u64) as usize];
                if from == to {
                    continue;
                }
                match ledger::post(&db, &transfer(&org, &format!("c-{t}-{i}"), from, to, 1 + rng.below(3_000) as i64)).await {
                    Ok(_) => ok += 1,
                    Err(LedgerError::WouldGoNegative { .. }) => {}
                    Err(e) => panic!("task {t}: {e}"),
                }
            }
            ok
        }));
    }
    let mut total_ok = 0;
    for h in handles {
        total_ok += h.await.unwrap();
    }
    assert!(total_ok > 8 * per_task / 2, "most transfers went through ({total_ok})");
    let (txs,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM ledger_transactions WHERE idempotency_key LIKE 'c-%'").fetch_one(&db.pool).await.unwrap();
    assert_eq!(txs, total_ok as i64, "one transaction per successful transfer");
    assert_invariants(&db, &org).await;
}

/// 50 concurrent identical requests with one idempotency key → one transaction.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_duplicates_create_exactly_one_transaction() {
    let app = TestApp::spawn().await;
    let db = app.db.clone();
    let org = org_id(&db, "meridian").await;
    let a = open_accounts(&db, &org, 2).await;
    let req = transfer(&org, "double-click", &a[1].id, &a[0].id, 12_345);
    let mut handles = Vec::new();
    for _ in 0..50 {
        let db = db.clone();
        let req = req.clone();
        handles.push(tokio::spawn(async move { ledger::post(&db, &req).await }));
    }
    let mut ids = std::collections::HashSet::new();
    let mut created = 0;
    for h in handles {
        let p = h.await.unwrap().expect("every duplicate gets the first result");
        created += p.created as usize;
        ids.insert(p.transaction_id);
    }
    assert_eq!((ids.len(), created), (1, 1));
    assert_eq!(ledger::balance(&db, &a[0].id).await.unwrap().0, 12_345);
    assert_invariants(&db, &org).await;
}
