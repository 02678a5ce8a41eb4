//! Demo data for the watch dealer: a year of broker history ending today —
//! submissions in every stage, deals in every state, commissions in every
//! status (posted to the ledger), paid payouts, disputes, feedback, legacy
//! messages and a want list — so every chart and list is alive for every
//! demo broker. Deterministic for a seed; dates count back from `today`.

use super::rng::Rng;
use crate::domain::commission::split;
use crate::domain::dealer::*;
use crate::domain::ledger::{AccountKind, PostingLine};
use crate::domain::money::{BasisPoints, Currency, Money};
use crate::domain::Role;
use crate::server::db::{new_id, Db};
use crate::server::ledger::{self, AccountSpec, PostRequest};
use anyhow::Result;

const DAY: i64 = 86_400_000;
const UNWOUND_REASON: &str = "Sale unwound: the buyer returned the watch within the return window.";

const WATCHES: &[(&str, &str, &str, i64)] = &[
    ("Rolex", "Submariner Date", "126610LN", 14_500),
    ("Rolex", "GMT-Master II", "126710BLRO", 21_000),
    ("Rolex", "Daytona", "126500LN", 29_000),
    ("Rolex", "Datejust 41", "126334", 11_800),
    ("Patek Philippe", "Nautilus", "5711/1A-010", 120_000),
    ("Patek Philippe", "Aquanaut", "5167A-001", 68_000),
    ("Audemars Piguet", "Royal Oak", "15500ST.OO.1220ST.01", 52_000),
    ("Omega", "Speedmaster Professional", "310.30.42.50.01.001", 6_200),
    ("Omega", "Seamaster 300M", "210.30.42.20.01.001", 4_900),
    ("Tudor", "Black Bay 58", "79030N", 3_400),
    ("Cartier", "Santos", "WSSA0018", 6_900),
    ("Vacheron Constantin", "Overseas", "4500V/110A-B128", 31_000),
    ("A. Lange & Söhne", "Lange 1", "191.032", 33_000),
    ("Richard Mille", "RM 035-02", "RM035-02", 160_000),
    ("IWC", "Portugieser Chronograph", "IW371605", 7_400),
    ("Grand Seiko", "Snowflake", "SBGA211", 5_200),
];

const GROUPS: &[&str] = &["Geneva Dealers", "HK Watch Club", "Dubai Traders", "Miami Luxury", ""];
/// A reason that agrees with the lead: a full set is never turned down for lacking papers.
fn rejection(n: usize, notes: &str) -> &'static str {
    let reason = REJECTIONS[n % REJECTIONS.len()];
    if notes.contains("Full set") && reason.contains("box and papers") {
        REJECTIONS[(n + 1) % REJECTIONS.len()]
    } else {
        reason
    }
}

const REJECTIONS: &[&str] = &[
    "We have two in stock already.",
    "Asking price is above what we can sell it for.",
    "Condition does not meet our standard (polished case).",
    "No box and papers; we only take full sets for this reference.",
];
const BUYERS: &[&str] = &[
    "Jonathan Reeve",
    "Claire Dubois",
    "Aiko Tanaka",
    "Henrik Sørensen",
    "Maya Patel",
    "The Laurent Collection",
    "Wexford Fine Watches",
    "Samuel Adeyemi",
    "Isabella Conti",
    "Harbor Line Jewelers",
    "Omar Haddad",
    "Charlotte Byrne",
];
/// The main demo broker's one co-sourced deal: its lead index and the co-broker's share.
const CO_SOURCED_LEAD: usize = 3;
const CO_SHARE_BPS: i64 = 4_000;
const FEEDBACK: &[&str] = &[
    "Can you get the box and papers?",
    "Is the bracelet original and full length?",
    "Buyer interest is strong — can the seller move on price?",
    "Please send a photo of the caseback.",
];

/// Seeds the dealer history of one organization (its brokers must exist).
pub async fn seed_dealer(db: &Db, org_id: &str, currency: &str, scale: u32, rng: &mut Rng, today: i64) -> Result<()> {
    let brokers: Vec<(String, String)> = sqlx::query_as("SELECT id, email FROM users WHERE org_id = $1 AND role = $2 ORDER BY email")
        .bind(org_id)
        .bind(Role::Broker.as_str())
        .fetch_all(&db.pool)
        .await?;
    let staff: Vec<(String,)> = sqlx::query_as("SELECT id FROM users WHERE org_id = $1 AND role IN ('owner', 'manager', 'staff') ORDER BY email")
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?;
    let owner = staff.first().map(|s| s.0.clone()).unwrap_or_default();
    let expense = ledger::ensure_account(db, org_id, AccountSpec { kind: AccountKind::OrgExpense, owner: None, currency, name: "Commission expense" }).await?;
    let cash = ledger::ensure_account(db, org_id, AccountSpec { kind: AccountKind::OrgCash, owner: None, currency, name: "Cash" }).await?;

    // What its receipts print under its name.
    sqlx::query("UPDATE organizations SET address = $1 WHERE id = $2 AND address = ''")
        .bind("640 Collins Avenue, Suite 12\nMiami Beach, FL 33139\nUnited States")
        .bind(org_id)
        .execute(&db.pool)
        .await?;

    // The want list (a few flags come below).
    let mut want_ids = Vec::new();
    for (i, w) in [5usize, 6, 13, 2, 12, 11, 1, 10].iter().enumerate() {
        let (brand, model, reference, _) = WATCHES[*w];
        let id = rng.id();
        sqlx::query("INSERT INTO want_list (id, org_id, brand, model, reference, notes, urgency, is_open, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9)")
            .bind(&id)
            .bind(org_id)
            .bind(brand)
            .bind(model)
            .bind(reference)
            .bind(if i % 3 == 0 { "Full set preferred" } else { "" })
            .bind((3 - (i as i64 % 3)).max(1))
            .bind(&owner)
            .bind(today - (i as i64 + 2) * 5 * DAY)
            .execute(&db.pool)
            .await?;
        want_ids.push(id);
    }

    // The main broker's co-sourced deal is shared with the second broker.
    let co_partner: Option<&str> = brokers.iter().find(|b| b.1.starts_with("broker2@")).map(|b| b.0.as_str());
    for (b, (broker_id, email)) in brokers.iter().enumerate() {
        let co_broker = co_partner.filter(|c| *c != broker_id);
        let main = email.starts_with("broker@");
        let rate = if main { 1_000 } else { [800i64, 1_200, 1_500, 1_000][b % 4] };
        sqlx::query(
            "INSERT INTO broker_profiles (user_id, org_id, commission_bps, phone, payout_institution, payout_method, payout_account_last4, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(broker_id)
        .bind(org_id)
        .bind(rate)
        .bind(format!("+1 305 555 {:04}", 1000 + b))
        .bind(if b % 2 == 0 { "First Coastal Bank" } else { "Banco Atlântico" })
        .bind(if b % 3 == 0 { "wire" } else { "ach" })
        .bind("")
        .bind(today)
        .execute(&db.pool)
        .await?;
        let payable = ledger::ensure_account(
            db,
            org_id,
            AccountSpec { kind: AccountKind::BrokerCommissionPayable, owner: Some(broker_id), currency, name: "Broker commission payable" },
        )
        .await?;
        if let Some(w) = want_ids.get(b % want_ids.len()) {
            sqlx::query("INSERT INTO want_list_flags (item_id, broker_id, flag, updated_at) VALUES ($1, $2, $3, $4)")
                .bind(w)
                .bind(broker_id)
                .bind(if b % 2 == 0 { "working_on" } else { "can_find" })
                .bind(today - DAY)
                .execute(&db.pool)
                .await?;
        }
        // Legacy messages, from before the WhatsApp-first workflow.
        for m in 0..6 {
            sqlx::query("INSERT INTO legacy_messages (id, org_id, broker_id, from_dealer, author_name, body, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(rng.id())
                .bind(org_id)
                .bind(broker_id)
                .bind((m % 2) as i64)
                .bind(if m % 2 == 1 { "Olivia Hart" } else { "You" })
                .bind(
                    [
                        "Found a 5711 in Dubai, full set. Interested?",
                        "Yes — send photos of the caseback and the papers.",
                        "Photos sent by email. Seller wants 118k.",
                        "We can do 112k if it checks out. Can you arrange shipping?",
                        "Seller accepts 112k. Shipping Monday.",
                        "Received and authenticated. Thanks!",
                    ][m],
                )
                .bind(today - 300 * DAY + m as i64 * 2 * DAY)
                .execute(&db.pool)
                .await?;
        }

        let count = if main { 36 } else { 14 } * scale.max(1) as usize;
        let mut paid_by_month: std::collections::BTreeMap<i64, Vec<(String, i64, i64)>> = Default::default();
        for n in 0..count {
            // Spread over the last year, newest first, a few in the last days.
            // The first six leads of every broker are fixed so that each has
            // every stage and status: new, in review, a fresh sale pending
            // review, one awaiting payout, a disputed and a cancelled one.
            let age_days = match n {
                0..=3 => n as i64,
                4 | 5 => 60 + n as i64,
                _ => (rng.below(360) + 3) as i64,
            };
            let created = today - age_days * DAY - rng.below(DAY as u64 / 2) as i64;
            let (brand, model, reference, price) = WATCHES[rng.below(WATCHES.len() as u64) as usize];
            let asking = price * 100 * (90 + rng.below(20) as i64) / 100;
            // The newest lead came through the form ("Direct"); the rest from WhatsApp groups or the form.
            let group = if n == 0 { "" } else { GROUPS[rng.below(GROUPS.len() as u64) as usize] };
            let sid = rng.id();
            let roll = rng.below(100);
            // Recent leads are still open; older ones were decided.
            let status = if n < 6 {
                if n < 2 {
                    [SubmissionStatus::Submitted, SubmissionStatus::InReview][n]
                } else {
                    SubmissionStatus::Approved
                }
            } else if age_days < 10 && roll < 60 {
                if roll < 35 {
                    SubmissionStatus::Submitted
                } else {
                    SubmissionStatus::InReview
                }
            } else if roll < 15 {
                SubmissionStatus::NotAccepted
            } else {
                SubmissionStatus::Approved
            };
            let reviewed_at = (status != SubmissionStatus::Submitted).then_some(created + DAY);
            let notes = if n % 3 == 0 { "Full set, 2023 card" } else { "" };
            let co_broker = co_broker.filter(|_| main && n == CO_SOURCED_LEAD);
            let co_sourced = co_broker.is_some();
            sqlx::query(
                "INSERT INTO submissions (id, org_id, broker_id, status, brand, model, reference, asking_minor, currency, notes, source_type, source_group, rejection_reason, reviewed_by, reviewed_at, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)",
            )
            .bind(&sid)
            .bind(org_id)
            .bind(broker_id)
            .bind(status.as_str())
            .bind(brand)
            .bind(model)
            .bind(reference)
            .bind(if n % 7 == 3 && status.is_open() { None } else { Some(asking) })
            .bind(currency)
            .bind(notes)
            .bind(if co_sourced { SourceType::CoSourced.as_str() } else if n % 11 == 5 { SourceType::Referred.as_str() } else { SourceType::Sourced.as_str() })
            .bind(group)
            .bind(if status == SubmissionStatus::NotAccepted { rejection(n, notes) } else { "" })
            .bind(reviewed_at.map(|_| owner.clone()))
            .bind(reviewed_at)
            .bind(created)
            .execute(&db.pool)
            .await?;
            if let Some(co) = co_broker {
                sqlx::query("UPDATE submissions SET co_broker_id = $1, co_share_bps = $2 WHERE id = $3")
                    .bind(co)
                    .bind(CO_SHARE_BPS)
                    .bind(&sid)
                    .execute(&db.pool)
                    .await?;
            }
            if n % 5 == 1 && !staff.is_empty() {
                sqlx::query("INSERT INTO submission_feedback (id, org_id, submission_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(rng.id())
                    .bind(org_id)
                    .bind(&sid)
                    .bind(&staff[n % staff.len()].0)
                    .bind(FEEDBACK[n % FEEDBACK.len()])
                    .bind(created + DAY / 2)
                    .execute(&db.pool)
                    .await?;
            }
            if status != SubmissionStatus::Approved {
                continue;
            }
            let accepted = created + DAY;
            let cost = asking * (80 + rng.below(10) as i64) / 100;
            let deal_roll = rng.below(100);
            let sold_days = 5 + rng.below(40) as i64;
            let forced = (2..6).contains(&n);
            let sold_days = if forced { 0 } else { sold_days };
            let deal_status = if forced {
                DealStatus::Sold
            } else if accepted + sold_days * DAY >= today || deal_roll < 18 {
                if deal_roll % 3 == 0 {
                    DealStatus::Pending
                } else {
                    DealStatus::Active
                }
            } else if deal_roll < 23 {
                DealStatus::Cancelled
            } else {
                DealStatus::Sold
            };
            let did = rng.id();
            let sold_at = (deal_status == DealStatus::Sold).then_some((accepted + sold_days * DAY).min(today - DAY / 4));
            let sale = asking * (105 + rng.below(20) as i64) / 100;
            sqlx::query(
                "INSERT INTO deals (id, org_id, submission_id, broker_id, brand, model, reference, serial, currency, acquisition_cost_minor, status, accepted_at, sale_price_minor, buyer, sold_at, commission_basis, commission_bps, cancelled_reason, updated_at, cancelled_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
            )
            .bind(&did)
            .bind(org_id)
            .bind(&sid)
            .bind(broker_id)
            .bind(brand)
            .bind(model)
            .bind(reference)
            .bind(format!("S{}", 100_000 + rng.below(899_999)))
            .bind(currency)
            .bind(cost)
            .bind(deal_status.as_str())
            .bind(accepted)
            .bind(sold_at.map(|_| sale))
            .bind(sold_at.map(|_| BUYERS[rng.below(BUYERS.len() as u64) as usize]))
            .bind(sold_at)
            .bind(sold_at.map(|_| CommissionBasis::GrossProfit.as_str()))
            .bind(sold_at.map(|_| rate))
            .bind(if deal_status == DealStatus::Cancelled { "Seller withdrew the watch." } else { "" })
            .bind(accepted)
            .bind((deal_status == DealStatus::Cancelled).then_some(accepted + 3 * DAY))
            .execute(&db.pool)
            .await?;
            let Some(sold_at) = sold_at else { continue };
            let total = ((sale - cost).max(0) * rate + 5_000) / 10_000;
            if total == 0 {
                continue;
            }
            // A co-sourced deal's commission is split exactly, as the desk's sale splits it.
            let (amount, co_amount) = match co_broker {
                Some(_) => {
                    let (lead, co) = split(Money::from_minor_units(total, Currency::new(currency)?), Some(BasisPoints(CO_SHARE_BPS)))?;
                    (lead.to_minor_units()?, co.map(|c| c.to_minor_units()).transpose()?)
                }
                None => (total, None),
            };
            let cid = rng.id();
            let earned = earn(db, org_id, &cid, &payable.id, &expense.id, currency, amount, sold_at, &owner, "Broker commission on a sale").await?;
            let age = (today - sold_at) / DAY;
            let c_roll = rng.below(100);
            let status = if forced {
                [CommissionStatus::PendingReview, CommissionStatus::AwaitingPayout, CommissionStatus::Disputed, CommissionStatus::Cancelled][n - 2]
            } else if age < 12 {
                if c_roll < 50 {
                    CommissionStatus::PendingReview
                } else {
                    CommissionStatus::AwaitingPayout
                }
            } else if c_roll < 4 {
                CommissionStatus::Cancelled
            } else if c_roll < 8 {
                CommissionStatus::Disputed
            } else if age < 30 {
                CommissionStatus::AwaitingPayout
            } else {
                CommissionStatus::Paid
            };
            let released = matches!(status, CommissionStatus::AwaitingPayout | CommissionStatus::Paid).then_some(sold_at + 2 * DAY);
            sqlx::query(
                "INSERT INTO commissions (id, org_id, deal_id, broker_id, status, basis, rate_bps, share_bps, amount_minor, currency, earned_tx, released_by, released_at, cancelled_reason, cancelled_at, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $16, $8, $9, $10, $11, $12, $13, $14, $15, $15)",
            )
            .bind(&cid)
            .bind(org_id)
            .bind(&did)
            .bind(broker_id)
            .bind(if status == CommissionStatus::Paid { CommissionStatus::AwaitingPayout.as_str() } else { status.as_str() })
            .bind(CommissionBasis::GrossProfit.as_str())
            .bind(rate)
            .bind(amount)
            .bind(currency)
            .bind(&earned.transaction_id)
            .bind(released.map(|_| owner.clone()))
            .bind(released)
            // The forced cancellation is an unwound sale; the others were attributed elsewhere.
            .bind(match (status, forced) {
                (CommissionStatus::Cancelled, true) => UNWOUND_REASON,
                (CommissionStatus::Cancelled, false) => "Attributed to another broker's earlier introduction of the same watch.",
                _ => "",
            })
            .bind((status == CommissionStatus::Cancelled).then_some(sold_at + 5 * DAY))
            .bind(sold_at)
            .bind(if co_broker.is_some() { 10_000 - CO_SHARE_BPS } else { 10_000 })
            .execute(&db.pool)
            .await?;
            if let (Some(co), Some(co_minor)) = (co_broker, co_amount) {
                co_commission(db, org_id, co, &did, &owner, currency, rate, co_minor, status, sold_at, released, rng).await?;
            }
            match status {
                CommissionStatus::Cancelled => {
                    let cancel_at = sold_at + 5 * DAY;
                    ledger::reverse(
                        db,
                        org_id,
                        &earned.transaction_id,
                        &format!("commission:{cid}:reverse:{}", earned.transaction_id),
                        "Commission cancelled",
                        Some(&owner),
                        cancel_at,
                    )
                    .await?;
                    if forced {
                        sqlx::query("UPDATE deals SET status = $1, cancelled_reason = $2, cancelled_at = $3, updated_at = $3 WHERE id = $4")
                            .bind(DealStatus::Cancelled.as_str())
                            .bind(UNWOUND_REASON)
                            .bind(cancel_at)
                            .bind(&did)
                            .execute(&db.pool)
                            .await?;
                    }
                }
                CommissionStatus::Disputed => {
                    sqlx::query(
                        "INSERT INTO disputes (id, org_id, commission_id, broker_id, category, reason, status, prior_status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    )
                    .bind(rng.id())
                    .bind(org_id)
                    .bind(&cid)
                    .bind(broker_id)
                    .bind(DisputeCategory::Amount.as_str())
                    .bind("The service cost looks higher than agreed.")
                    .bind(DisputeStatus::Open.as_str())
                    .bind(CommissionStatus::PendingReview.as_str())
                    .bind(sold_at + 3 * DAY)
                    .execute(&db.pool)
                    .await?;
                }
                CommissionStatus::Paid => {
                    // Paid in the month after the sale, one request per broker per month.
                    let month = (sold_at / DAY + 30) / 30;
                    paid_by_month.entry(month).or_default().push((cid.clone(), amount, sold_at));
                }
                _ => {}
            }
        }
        for (month, items) in paid_by_month {
            let paid_on = (month * 30 * DAY).min(today - DAY);
            let rid = rng.id();
            let total: i64 = items.iter().map(|i| i.1).sum();
            sqlx::query(
                "INSERT INTO payout_requests (id, org_id, broker_id, status, note, total_minor, currency, requested_at, reviewed_by, reviewed_at, signed_off_by, paid_at, paid_method, paid_reference, paid_on) \
                 VALUES ($1, $2, $3, $4, '', $5, $6, $7, $8, $7, $8, $12, $10, $11, $9)",
            )
            .bind(&rid)
            .bind(org_id)
            .bind(broker_id)
            .bind(PayoutStatus::SignoffComplete.as_str())
            .bind(total)
            .bind(currency)
            .bind(paid_on - 3 * DAY)
            .bind(&owner)
            .bind(paid_on)
            .bind(if b % 3 == 0 { "wire" } else { "ach" })
            .bind(format!("PAY-{}-{:04}", crate::domain::time::Zone::UTC.iso_date(paid_on)[..4].to_string(), rng.below(10_000)))
            // Signed off and paid that day, mid-morning in the Americas (paid_on is the day's UTC midnight).
            .bind(paid_on + 15 * 3_600_000)
            .execute(&db.pool)
            .await?;
            for (cid, amount, _) in items {
                sqlx::query("UPDATE commissions SET status = $1, payout_request_id = $2, paid_at = $3 WHERE id = $4")
                    .bind(CommissionStatus::Paid.as_str())
                    .bind(&rid)
                    .bind(paid_on)
                    .bind(&cid)
                    .execute(&db.pool)
                    .await?;
                ledger::post(
                    db,
                    &PostRequest {
                        org_id: org_id.to_string(),
                        idempotency_key: format!("commission:{cid}:paid"),
                        kind: "commission.paid".into(),
                        reason: "Paid (demo history)".into(),
                        actor_id: Some(owner.clone()),
                        reference: Some(("commission".into(), cid.clone())),
                        effective_at: paid_on,
                        lines: vec![
                            PostingLine { account_id: payable.id.clone(), currency: currency.into(), amount_minor: -amount },
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
    // Open payout requests in each state, from brokers other than the main one (who files his own).
    for (prefix, status, days) in [("broker3@", PayoutStatus::Requested, 2), ("broker4@", PayoutStatus::AwaitingSignoff, 4)] {
        if let Some((broker, _)) = brokers.iter().find(|b| b.1.starts_with(prefix)) {
            open_request(db, org_id, broker, &owner, currency, status, today - days * DAY, rng).await?;
        }
    }
    // Every broker's Signals page starts with a group's recent listings.
    for (broker, _) in &brokers {
        super::signals::seed_demo(db, org_id, broker, today).await?;
    }
    let _ = new_id;
    Ok(())
}

/// The co-broker's share of a co-sourced sale: his own commission, earned
/// in his payable account in the same way as the lead broker's.
#[allow(clippy::too_many_arguments)]
async fn co_commission(
    db: &Db,
    org_id: &str,
    broker_id: &str,
    deal_id: &str,
    owner: &str,
    currency: &str,
    rate: i64,
    amount: i64,
    status: CommissionStatus,
    sold_at: i64,
    released: Option<i64>,
    rng: &mut Rng,
) -> Result<()> {
    let payable = ledger::ensure_account(
        db,
        org_id,
        AccountSpec { kind: AccountKind::BrokerCommissionPayable, owner: Some(broker_id), currency, name: "Broker commission payable" },
    )
    .await?;
    let expense = ledger::ensure_account(db, org_id, AccountSpec { kind: AccountKind::OrgExpense, owner: None, currency, name: "Commission expense" }).await?;
    let cid = rng.id();
    let earned = earn(db, org_id, &cid, &payable.id, &expense.id, currency, amount, sold_at, owner, "Broker commission on a sale (co-sourced share)").await?;
    sqlx::query(
        "INSERT INTO commissions (id, org_id, deal_id, broker_id, status, basis, rate_bps, share_bps, amount_minor, currency, earned_tx, released_by, released_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
    )
    .bind(&cid)
    .bind(org_id)
    .bind(deal_id)
    .bind(broker_id)
    .bind(status.as_str())
    .bind(CommissionBasis::GrossProfit.as_str())
    .bind(rate)
    .bind(CO_SHARE_BPS)
    .bind(amount)
    .bind(currency)
    .bind(&earned.transaction_id)
    .bind(released.map(|_| owner.to_string()))
    .bind(released)
    .bind(sold_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// An open payout request of `status` over all of the broker's released,
/// unrequested commissions (none when he has none).
async fn open_request(db: &Db, org_id: &str, broker_id: &str, owner: &str, currency: &str, status: PayoutStatus, at: i64, rng: &mut Rng) -> Result<()> {
    let items: Vec<(String, i64)> =
        sqlx::query_as("SELECT id, amount_minor FROM commissions WHERE org_id = $1 AND broker_id = $2 AND status = $3 AND payout_request_id IS NULL")
            .bind(org_id)
            .bind(broker_id)
            .bind(CommissionStatus::AwaitingPayout.as_str())
            .fetch_all(&db.pool)
            .await?;
    if items.is_empty() {
        return Ok(());
    }
    let rid = rng.id();
    let reviewed = (status == PayoutStatus::AwaitingSignoff).then_some(at + 3_600_000);
    sqlx::query(
        "INSERT INTO payout_requests (id, org_id, broker_id, status, note, total_minor, currency, requested_at, reviewed_by, reviewed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&rid)
    .bind(org_id)
    .bind(broker_id)
    .bind(status.as_str())
    .bind(if reviewed.is_some() { "" } else { "Could this go out with Friday's wires?" })
    .bind(items.iter().map(|i| i.1).sum::<i64>())
    .bind(currency)
    .bind(at)
    .bind(reviewed.map(|_| owner.to_string()))
    .bind(reviewed)
    .execute(&db.pool)
    .await?;
    for (cid, _) in items {
        sqlx::query("UPDATE commissions SET payout_request_id = $1 WHERE id = $2").bind(&rid).bind(&cid).execute(&db.pool).await?;
    }
    Ok(())
}

/// A commission earned, in the ledger: the broker's payable up, the expense down.
#[allow(clippy::too_many_arguments)]
async fn earn(
    db: &Db,
    org_id: &str,
    cid: &str,
    payable: &str,
    expense: &str,
    currency: &str,
    amount: i64,
    at: i64,
    owner: &str,
    reason: &str,
) -> Result<crate::server::ledger::Posted> {
    Ok(ledger::post(
        db,
        &PostRequest {
            org_id: org_id.to_string(),
            idempotency_key: format!("commission:{cid}:earned"),
            kind: "commission.earned".into(),
            reason: reason.into(),
            actor_id: Some(owner.to_string()),
            reference: Some(("commission".into(), cid.to_string())),
            effective_at: at,
            lines: vec![
                PostingLine { account_id: payable.to_string(), currency: currency.into(), amount_minor: amount },
                PostingLine { account_id: expense.to_string(), currency: currency.into(), amount_minor: -amount },
            ],
            expected_versions: Vec::new(),
            reverses: None,
        },
    )
    .await?)
}
