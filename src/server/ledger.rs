//! The posting API every module uses to move money.
//!
//! - `post` records a balanced transaction under an idempotency key: the
//!   same key with the same request returns the first result (`created:
//!   false`), the same key with a different request is a conflict, and
//!   concurrent duplicates create exactly one transaction (a UNIQUE index
//!   decides the race).
//! - Balances are cached on the account with a version; every posting
//!   updates them `WHERE version = <read version>`, so a lost update is
//!   impossible: a stale version is retried (or reported when the caller
//!   pinned the version it showed to a person).
//! - Guards: accounts that may not go negative, frozen accounts refusing
//!   given transaction kinds, one currency per account, one organization.
//! - Nothing is updated or deleted: corrections are `reverse`.

use super::db::{is_retryable, is_unique_violation, new_id, now_ms, Db, Tx};
use crate::domain::ledger::{self, AccountKind, PostingError, PostingLine};
use std::collections::BTreeMap;

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("{0}")]
    Invalid(#[from] PostingError),
    #[error("This request was already made with different details (idempotency key reused).")]
    IdempotencyConflict,
    #[error("The balance changed while you were looking at it. Reload and try again.")]
    StaleVersion { account_id: String },
    #[error("Not enough available balance: {balance} available, {needed} needed (minor units).")]
    WouldGoNegative { account_id: String, balance: i64, needed: i64 },
    #[error("The account is frozen for {kind}.")]
    Frozen { account_id: String, kind: String },
    #[error("Unknown account.")]
    UnknownAccount { account_id: String },
    #[error("Unknown transaction.")]
    UnknownTransaction { transaction_id: String },
    #[error("Account {account_id} keeps {account_currency}, not {posting_currency}.")]
    CurrencyMismatch { account_id: String, account_currency: String, posting_currency: String },
    #[error("An amount is too large to record.")]
    Overflow,
    #[error("The ledger is busy; try again.")]
    Busy,
    #[error("That transaction was reversed already.")]
    AlreadyReversed,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// An account to find or open.
#[derive(Clone, Debug)]
pub struct AccountSpec<'a> {
    pub kind: AccountKind,
    /// The user the account belongs to; `None` for the organization's own.
    pub owner: Option<&'a str>,
    pub currency: &'a str,
    pub name: &'a str,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub org_id: String,
    pub kind: AccountKind,
    pub owner_ref: Option<String>,
    pub currency: String,
    pub name: String,
    pub balance_minor: i64,
    pub version: i64,
    pub frozen_kinds: Vec<String>,
}

/// A transaction to record.
#[derive(Clone, Debug)]
pub struct PostRequest {
    pub org_id: String,
    pub idempotency_key: String,
    /// Business kind, e.g. `investor.deposit`, `commission.earned`.
    pub kind: String,
    pub reason: String,
    pub actor_id: Option<String>,
    /// Business reference: (`deal`, id), (`commission`, id)…
    pub reference: Option<(String, String)>,
    pub effective_at: i64,
    pub lines: Vec<PostingLine>,
    /// Versions the caller saw (optimistic concurrency); a mismatch is reported, not retried.
    pub expected_versions: Vec<(String, i64)>,
    pub reverses: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Posted {
    pub transaction_id: String,
    /// `false` when this was a replay of an earlier identical request.
    pub created: bool,
}

const MAX_ATTEMPTS: usize = 12;

impl PostRequest {
    /// The canonical form of what was asked: equal requests, equal fingerprints.
    fn fingerprint(&self) -> String {
        let mut lines: Vec<String> = self.lines.iter().map(|l| format!("{}:{}:{}", l.account_id, l.currency, l.amount_minor)).collect();
        lines.sort();
        let (rt, rid) = self.reference.clone().unwrap_or_default();
        format!(
            "kind={}|reason={}|ref={}:{}|at={}|rev={}|lines={}",
            self.kind,
            self.reason,
            rt,
            rid,
            self.effective_at,
            self.reverses.as_deref().unwrap_or(""),
            lines.join(",")
        )
    }

    fn validate(&self) -> Result<(), LedgerError> {
        if self.idempotency_key.trim().is_empty() || self.idempotency_key.len() > 200 {
            return Err(PostingError::BadIdempotencyKey.into());
        }
        if self.reason.trim().is_empty() {
            return Err(PostingError::MissingReason.into());
        }
        ledger::check_postings(&self.lines)?;
        Ok(())
    }
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: String,
    org_id: String,
    kind: String,
    owner_ref: String,
    currency: String,
    name: String,
    balance_minor: i64,
    version: i64,
    frozen_kinds: String,
}

impl TryFrom<AccountRow> for Account {
    type Error = sqlx::Error;
    fn try_from(r: AccountRow) -> Result<Self, sqlx::Error> {
        Ok(Account {
            kind: AccountKind::parse(&r.kind).ok_or_else(|| sqlx::Error::Decode(format!("unknown account kind {:?}", r.kind).into()))?,
            owner_ref: if r.owner_ref.is_empty() { None } else { Some(r.owner_ref) },
            frozen_kinds: r.frozen_kinds.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            id: r.id,
            org_id: r.org_id,
            currency: r.currency,
            name: r.name,
            balance_minor: r.balance_minor,
            version: r.version,
        })
    }
}

/// An account row with its "may go negative" flag (read when posting).
#[derive(sqlx::FromRow)]
struct PostingAccountRow {
    #[sqlx(flatten)]
    account: AccountRow,
    may_go_negative: i64,
}

const ACCOUNT_COLS: &str = "id, org_id, kind, owner_ref, currency, name, balance_minor, version, frozen_kinds";

/// Finds the account for (org, kind, owner, currency) or opens it.
pub async fn ensure_account(db: &Db, org_id: &str, spec: AccountSpec<'_>) -> Result<Account, LedgerError> {
    let owner = spec.owner.unwrap_or("");
    let find = format!("SELECT {ACCOUNT_COLS} FROM ledger_accounts WHERE org_id = $1 AND kind = $2 AND owner_ref = $3 AND currency = $4");
    let found: Option<AccountRow> =
        sqlx::query_as(&find).bind(org_id).bind(spec.kind.as_str()).bind(owner).bind(spec.currency).fetch_optional(&db.pool).await?;
    if let Some(row) = found {
        return Ok(row.try_into()?);
    }
    sqlx::query(
        "INSERT INTO ledger_accounts (id, org_id, kind, owner_ref, currency, name, may_go_negative, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (org_id, kind, owner_ref, currency) DO NOTHING",
    )
    .bind(new_id())
    .bind(org_id)
    .bind(spec.kind.as_str())
    .bind(owner)
    .bind(spec.currency)
    .bind(spec.name)
    .bind(spec.kind.may_go_negative() as i64)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    let row: AccountRow = sqlx::query_as(&find).bind(org_id).bind(spec.kind.as_str()).bind(owner).bind(spec.currency).fetch_one(&db.pool).await?;
    Ok(row.try_into()?)
}

pub async fn account(db: &Db, org_id: &str, account_id: &str) -> Result<Account, LedgerError> {
    let row: AccountRow = sqlx::query_as(&format!("SELECT {ACCOUNT_COLS} FROM ledger_accounts WHERE id = $1 AND org_id = $2"))
        .bind(account_id)
        .bind(org_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| LedgerError::UnknownAccount { account_id: account_id.to_string() })?;
    Ok(row.try_into()?)
}

pub async fn accounts(db: &Db, org_id: &str) -> Result<Vec<Account>, LedgerError> {
    let rows: Vec<AccountRow> = sqlx::query_as(&format!("SELECT {ACCOUNT_COLS} FROM ledger_accounts WHERE org_id = $1 ORDER BY kind, owner_ref, currency"))
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().map(Account::try_from).collect::<Result<_, _>>()?)
}

/// Freezes an account for the given transaction kinds (empty = unfreeze).
pub async fn set_frozen(db: &Db, org_id: &str, account_id: &str, kinds: &[&str]) -> Result<(), LedgerError> {
    let r = sqlx::query("UPDATE ledger_accounts SET frozen_kinds = $3 WHERE id = $1 AND org_id = $2")
        .bind(account_id)
        .bind(org_id)
        .bind(kinds.join(","))
        .execute(&db.pool)
        .await?;
    if r.rows_affected() == 0 {
        return Err(LedgerError::UnknownAccount { account_id: account_id.to_string() });
    }
    Ok(())
}

/// The balance of an account as of an instant (sum of its postings).
pub async fn balance_as_of(db: &Db, account_id: &str, at: i64) -> Result<i64, LedgerError> {
    let (sum,): (i64,) =
        sqlx::query_as("SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_postings WHERE account_id = $1 AND effective_at <= $2")
            .bind(account_id)
            .bind(at)
            .fetch_one(&db.pool)
            .await?;
    Ok(sum)
}

/// The current balance and version (the cached sum).
pub async fn balance(db: &Db, account_id: &str) -> Result<(i64, i64), LedgerError> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT balance_minor, version FROM ledger_accounts WHERE id = $1").bind(account_id).fetch_optional(&db.pool).await?;
    row.ok_or_else(|| LedgerError::UnknownAccount { account_id: account_id.to_string() })
}

enum Attempt {
    Done(Posted),
    Retry,
}

/// Records a transaction; see the module docs for the guarantees.
pub async fn post(db: &Db, req: &PostRequest) -> Result<Posted, LedgerError> {
    req.validate()?;
    let fingerprint = req.fingerprint();
    for attempt in 0..MAX_ATTEMPTS {
        match try_post(db, req, &fingerprint).await {
            Ok(Attempt::Done(p)) => return Ok(p),
            Ok(Attempt::Retry) => {}
            Err(LedgerError::Db(e)) if is_retryable(&e) => {}
            Err(e) => return Err(e),
        }
        // Back off a little, more each time, with jitter from the clock.
        let jitter = (now_ms() % 7) as u64;
        tokio::time::sleep(std::time::Duration::from_millis(2 * (attempt as u64 + 1) + jitter)).await;
    }
    Err(LedgerError::Busy)
}

async fn replay(tx: &mut Tx, req: &PostRequest, fingerprint: &str) -> Result<Option<Posted>, LedgerError> {
    let existing: Option<(String, String)> = sqlx::query_as("SELECT id, fingerprint FROM ledger_transactions WHERE org_id = $1 AND idempotency_key = $2")
        .bind(&req.org_id)
        .bind(&req.idempotency_key)
        .fetch_optional(&mut **tx)
        .await?;
    match existing {
        Some((id, fp)) if fp == fingerprint => Ok(Some(Posted { transaction_id: id, created: false })),
        Some(_) => Err(LedgerError::IdempotencyConflict),
        None => Ok(None),
    }
}

async fn try_post(db: &Db, req: &PostRequest, fingerprint: &str) -> Result<Attempt, LedgerError> {
    let mut tx = db.begin_write().await?;
    if let Some(p) = replay(&mut tx, req, fingerprint).await? {
        tx.rollback().await?;
        return Ok(Attempt::Done(p));
    }
    if let Some(rev) = &req.reverses {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM ledger_transactions WHERE reverses_id = $1").bind(rev).fetch_one(&mut *tx).await?;
        if n > 0 {
            return Err(LedgerError::AlreadyReversed);
        }
    }

    match apply_in(&mut tx, req, fingerprint).await? {
        Applied::Done(p) => {
            tx.commit().await?;
            Ok(Attempt::Done(p))
        }
        Applied::Contended => {
            tx.rollback().await?;
            if req.reverses.is_some() {
                // A concurrent reversal (or a replay of this one) won the race.
                let mut check = db.pool.begin().await?;
                let replayed = replay(&mut check, req, fingerprint).await?;
                check.rollback().await?;
                return match replayed {
                    Some(p) => Ok(Attempt::Done(p)),
                    None => Err(LedgerError::AlreadyReversed),
                };
            }
            Ok(Attempt::Retry)
        }
    }
}

enum Applied {
    Done(Posted),
    /// Another writer got there first (same key, or a balance moved).
    Contended,
}

/// Writes the transaction, its postings and the new balances inside `tx`.
async fn apply_in(tx: &mut Tx, req: &PostRequest, fingerprint: &str) -> Result<Applied, LedgerError> {
    // Net change per account, in a fixed order (no deadlocks between writers).
    let mut deltas: BTreeMap<&str, (i64, &str)> = BTreeMap::new();
    for l in &req.lines {
        let e = deltas.entry(l.account_id.as_str()).or_insert((0, l.currency.as_str()));
        e.0 = e.0.checked_add(l.amount_minor).ok_or(LedgerError::Overflow)?;
    }
    let mut updates = Vec::with_capacity(deltas.len());
    for (account_id, (delta, currency)) in &deltas {
        let row: PostingAccountRow = sqlx::query_as(&format!("SELECT {ACCOUNT_COLS}, may_go_negative FROM ledger_accounts WHERE id = $1 AND org_id = $2"))
            .bind(*account_id)
            .bind(&req.org_id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or_else(|| LedgerError::UnknownAccount { account_id: account_id.to_string() })?;
        let may_go_negative = row.may_go_negative != 0;
        let acc = Account::try_from(row.account)?;
        if acc.currency != *currency {
            return Err(LedgerError::CurrencyMismatch { account_id: acc.id, account_currency: acc.currency, posting_currency: currency.to_string() });
        }
        if acc.frozen_kinds.iter().any(|k| k == &req.kind) {
            return Err(LedgerError::Frozen { account_id: acc.id, kind: req.kind.clone() });
        }
        if let Some((_, v)) = req.expected_versions.iter().find(|(a, _)| a == account_id) {
            if *v != acc.version {
                return Err(LedgerError::StaleVersion { account_id: acc.id });
            }
        }
        let next = match ledger::apply(acc.balance_minor, *delta, may_go_negative) {
            Ok(n) => n,
            Err(ledger::ApplyError::Overflow) => return Err(LedgerError::Overflow),
            Err(ledger::ApplyError::WouldGoNegative { balance, amount }) => {
                return Err(LedgerError::WouldGoNegative { account_id: acc.id, balance, needed: -amount })
            }
        };
        updates.push((acc.id, acc.version, next));
    }

    let tx_id = new_id();
    let now = now_ms();
    let (ref_type, ref_id) = match &req.reference {
        Some((t, i)) => (Some(t.as_str()), Some(i.as_str())),
        None => (None, None),
    };
    let inserted = sqlx::query(
        "INSERT INTO ledger_transactions (id, org_id, idempotency_key, fingerprint, kind, reason, actor_id, reference_type, reference_id, reverses_id, effective_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&tx_id)
    .bind(&req.org_id)
    .bind(&req.idempotency_key)
    .bind(fingerprint)
    .bind(&req.kind)
    .bind(&req.reason)
    .bind(req.actor_id.as_deref())
    .bind(ref_type)
    .bind(ref_id)
    .bind(req.reverses.as_deref())
    .bind(req.effective_at)
    .bind(now)
    .execute(&mut **tx)
    .await;
    if let Err(e) = inserted {
        if is_unique_violation(&e) {
            return Ok(Applied::Contended);
        }
        return Err(e.into());
    }
    for l in &req.lines {
        sqlx::query(
            "INSERT INTO ledger_postings (id, transaction_id, org_id, account_id, currency, amount_minor, effective_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(&tx_id)
        .bind(&req.org_id)
        .bind(&l.account_id)
        .bind(&l.currency)
        .bind(l.amount_minor)
        .bind(req.effective_at)
        .execute(&mut **tx)
        .await?;
    }
    for (account_id, version, next) in &updates {
        let r = sqlx::query("UPDATE ledger_accounts SET balance_minor = $1, version = version + 1 WHERE id = $2 AND version = $3")
            .bind(next)
            .bind(account_id)
            .bind(version)
            .execute(&mut **tx)
            .await?;
        if r.rows_affected() != 1 {
            // Someone else moved this balance since we read it: start over.
            if req.expected_versions.iter().any(|(a, _)| a == account_id) {
                return Err(LedgerError::StaleVersion { account_id: account_id.clone() });
            }
            return Ok(Applied::Contended);
        }
    }
    Ok(Applied::Done(Posted { transaction_id: tx_id, created: true }))
}

/// Records a transaction inside the caller's database transaction, so a
/// business change and its postings commit together. No retries here: when
/// another writer got there first it answers [`LedgerError::Busy`] and the
/// caller starts its whole operation over (after rolling back).
pub async fn post_in(tx: &mut Tx, req: &PostRequest) -> Result<Posted, LedgerError> {
    req.validate()?;
    let fingerprint = req.fingerprint();
    if let Some(p) = replay(tx, req, &fingerprint).await? {
        return Ok(p);
    }
    if let Some(rev) = &req.reverses {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM ledger_transactions WHERE reverses_id = $1").bind(rev).fetch_one(&mut **tx).await?;
        if n > 0 {
            return Err(LedgerError::AlreadyReversed);
        }
    }
    match apply_in(tx, req, &fingerprint).await? {
        Applied::Done(p) => Ok(p),
        Applied::Contended => Err(LedgerError::Busy),
    }
}

/// [`reverse`] inside the caller's database transaction.
pub async fn reverse_in(
    tx: &mut Tx,
    org_id: &str,
    transaction_id: &str,
    idempotency_key: &str,
    reason: &str,
    actor_id: Option<&str>,
    effective_at: i64,
) -> Result<Posted, LedgerError> {
    let lines = postings(&mut **tx, org_id, transaction_id).await?;
    if lines.is_empty() {
        return Err(LedgerError::UnknownTransaction { transaction_id: transaction_id.to_string() });
    }
    let kind: (String,) = sqlx::query_as("SELECT kind FROM ledger_transactions WHERE id = $1").bind(transaction_id).fetch_one(&mut **tx).await?;
    post_in(tx, &reversal_request(org_id, transaction_id, &kind.0, &lines, idempotency_key, reason, actor_id, effective_at)).await
}

/// The posting lines of one transaction, in order.
async fn postings<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(exec: E, org_id: &str, transaction_id: &str) -> Result<Vec<PostingLine>, sqlx::Error> {
    let rows: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT account_id, currency, amount_minor FROM ledger_postings WHERE transaction_id = $1 AND org_id = $2 ORDER BY id")
            .bind(transaction_id)
            .bind(org_id)
            .fetch_all(exec)
            .await?;
    Ok(rows.into_iter().map(|(account_id, currency, amount_minor)| PostingLine { account_id, currency, amount_minor }).collect())
}

/// The transaction that undoes `transaction_id` (of kind `kind`, with `lines`).
#[allow(clippy::too_many_arguments)]
fn reversal_request(
    org_id: &str,
    transaction_id: &str,
    kind: &str,
    lines: &[PostingLine],
    idempotency_key: &str,
    reason: &str,
    actor_id: Option<&str>,
    effective_at: i64,
) -> PostRequest {
    PostRequest {
        org_id: org_id.to_string(),
        idempotency_key: idempotency_key.to_string(),
        kind: format!("{kind}.reversal"),
        reason: reason.to_string(),
        actor_id: actor_id.map(str::to_string),
        reference: Some(("transaction".into(), transaction_id.to_string())),
        effective_at,
        lines: ledger::reversal_of(lines),
        expected_versions: Vec::new(),
        reverses: Some(transaction_id.to_string()),
    }
}

/// The postings of one transaction (for reversal and display).
pub async fn postings_of(db: &Db, org_id: &str, transaction_id: &str) -> Result<Vec<PostingLine>, LedgerError> {
    Ok(postings(&db.pool, org_id, transaction_id).await?)
}

/// Records the reversing transaction of `transaction_id` (once).
pub async fn reverse(
    db: &Db,
    org_id: &str,
    transaction_id: &str,
    idempotency_key: &str,
    reason: &str,
    actor_id: Option<&str>,
    effective_at: i64,
) -> Result<Posted, LedgerError> {
    let lines = postings_of(db, org_id, transaction_id).await?;
    if lines.is_empty() {
        return Err(LedgerError::UnknownTransaction { transaction_id: transaction_id.to_string() });
    }
    let kind: (String,) = sqlx::query_as("SELECT kind FROM ledger_transactions WHERE id = $1").bind(transaction_id).fetch_one(&db.pool).await?;
    post(db, &reversal_request(org_id, transaction_id, &kind.0, &lines, idempotency_key, reason, actor_id, effective_at)).await
}
