//! Broker Portal reads (dashboard, analytics, messages, profile) and the
//! smaller writes around them (profile, payout details, want-list flags),
//! plus the desk's want list and the audited reveal of bank details.
//! Every broker figure comes from the ledger or from the broker's own rows.

use super::auth::{internal, Ctx};
use super::config::EncryptionKey;
use super::db::{new_id, now_ms, Db};
use super::dealer::{OpError, OpResult};
use super::dealer_views::broker_commissions;
use crate::dto::dealer::PayoutRequestItem;
use crate::dto::portal::*;
use crate::dto::error::AppError;
use crate::domain::dealer::*;
use crate::domain::ledger::AccountKind;
use crate::domain::money::{Currency, Money};
use crate::domain::time::civil;
use crate::dto::chart::{ChartData, ChartKind, ValueFormat};
use rust_decimal::Decimal;
use sqlx::Row;
use std::collections::BTreeMap;

fn db_err(e: sqlx::Error) -> AppError {
    internal(e)
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY_MS: i64 = 86_400_000;

/// Index 0‥11 of the month of `at` among the twelve months ending with
/// the month of `now` (11 = this month).
pub fn month_slot(at: i64, now: i64) -> Option<usize> {
    let (ny, nm, _) = civil(now);
    let (y, m, _) = civil(at);
    let back = (ny - y) * 12 + (nm as i64 - m as i64);
    (0..12).contains(&back).then(|| (11 - back) as usize)
}

pub fn month_labels(now: i64) -> Vec<String> {
    let (_, nm, _) = civil(now);
    (0..12).map(|i| MONTHS[((nm as usize + 12 - 1) + 1 + i) % 12].to_string()).collect()
}

/// Index 0‥29 of the day of `at` among the thirty days ending today.
pub fn day_slot(at: i64, now: i64) -> Option<usize> {
    let back = now.div_euclid(DAY_MS) - at.div_euclid(DAY_MS);
    (0..30).contains(&back).then(|| (29 - back) as usize)
}

fn day_labels(now: i64) -> Vec<String> {
    (0..30)
        .map(|i| {
            let (_, m, d) = civil(now - (29 - i as i64) * DAY_MS);
            format!("{} {d}", MONTHS[m as usize - 1])
        })
        .collect()
}

/// Midnight UTC of the first day of the month of `now`.
fn month_start(now: i64) -> i64 {
    let (y, m, _) = civil(now);
    parse_day(&format!("{y:04}-{m:02}-01")).unwrap_or(now)
}

fn dollars(minor: i64, currency: Currency) -> Decimal {
    Money::from_minor_units(minor, currency).amount
}

fn trend(current: i64, previous: i64) -> Option<i64> {
    crate::domain::kpi::trend_bps(current, previous)
}

/// The broker's ledger lines: (kind, amount, when) on his payable account.
async fn ledger_lines(db: &Db, ctx: &Ctx, currency: Currency) -> Result<Vec<(String, i64, i64)>, AppError> {
    sqlx::query_as(
        "SELECT t.kind, p.amount_minor, p.effective_at FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id \
         JOIN ledger_accounts a ON a.id = p.account_id WHERE a.org_id = $1 AND a.kind = $2 AND a.owner_ref = $3 AND a.currency = $4",
    )
    .bind(&ctx.org.id)
    .bind(AccountKind::BrokerCommissionPayable.as_str())
    .bind(&ctx.user.id)
    .bind(currency.code())
    .fetch_all(&db.pool)
    .await
    .map_err(db_err)
}

fn is_earning(kind: &str) -> bool {
    kind.starts_with("commission.earned")
}

struct SubRow {
    id: String,
    status: SubmissionStatus,
    brand: String,
    title: String,
    asking: Option<i64>,
    group: String,
    created_at: i64,
    reviewed_at: Option<i64>,
    photos: i64,
    sold_at: Option<i64>,
    deal_status: Option<DealStatus>,
}

async fn submissions(db: &Db, ctx: &Ctx) -> Result<Vec<SubRow>, AppError> {
    let rows = sqlx::query(
        "SELECT s.id, s.status, s.brand, s.model, s.reference, s.asking_minor, s.source_group, s.created_at, s.reviewed_at, \
                (SELECT COUNT(*) FROM submission_photos p WHERE p.submission_id = s.id) AS photos, d.sold_at, d.status AS deal_status \
         FROM submissions s LEFT JOIN deals d ON d.submission_id = s.id WHERE s.org_id = $1 AND s.broker_id = $2",
    )
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            let brand: String = r.try_get("brand").map_err(db_err)?;
            Ok(SubRow {
                id: r.try_get("id").map_err(db_err)?,
                status: SubmissionStatus::parse(&r.try_get::<String, _>("status").map_err(db_err)?).ok_or_else(|| internal("bad status"))?,
                title: watch_title(&brand, &r.try_get::<String, _>("model").map_err(db_err)?, &r.try_get::<String, _>("reference").map_err(db_err)?),
                brand,
                asking: r.try_get("asking_minor").map_err(db_err)?,
                group: r.try_get("source_group").map_err(db_err)?,
                created_at: r.try_get("created_at").map_err(db_err)?,
                reviewed_at: r.try_get("reviewed_at").map_err(db_err)?,
                photos: r.try_get("photos").map_err(db_err)?,
                sold_at: r.try_get("sold_at").map_err(db_err)?,
                deal_status: r.try_get::<Option<String>, _>("deal_status").map_err(db_err)?.and_then(|s| DealStatus::parse(&s)),
            })
        })
        .collect()
}

/// Asking value of everything still in play at `at`: submitted by then,
/// not turned down by then, not sold by then (cancelled deals excluded).
fn pipeline_at(subs: &[SubRow], at: i64) -> i64 {
    subs.iter()
        .filter(|s| s.created_at <= at)
        .filter(|s| !(s.status == SubmissionStatus::NotAccepted && s.reviewed_at.is_none_or(|r| r <= at)))
        .filter(|s| s.sold_at.is_none_or(|t| t > at))
        .filter(|s| s.deal_status != Some(DealStatus::Cancelled))
        .map(|s| s.asking.unwrap_or(0))
        .sum()
}

fn funnel_counts(subs: &[SubRow]) -> [i64; 4] {
    let mut c = [0i64; 4];
    for s in subs {
        match s.status {
            SubmissionStatus::Submitted => c[0] += 1,
            SubmissionStatus::InReview => c[1] += 1,
            SubmissionStatus::Approved if s.deal_status == Some(DealStatus::Sold) => c[3] += 1,
            SubmissionStatus::Approved => c[2] += 1,
            SubmissionStatus::NotAccepted => {}
        }
    }
    c
}

async fn want_items(db: &Db, ctx: &Ctx, limit: i64) -> Result<Vec<WantItem>, AppError> {
    let rows = sqlx::query(
        "SELECT w.id, w.brand, w.model, w.reference, w.notes, w.urgency, f.flag FROM want_list w \
         LEFT JOIN want_list_flags f ON f.item_id = w.id AND f.broker_id = $2 \
         WHERE w.org_id = $1 AND w.is_open = 1 ORDER BY w.urgency DESC, w.created_at DESC LIMIT $3",
    )
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(WantItem {
                id: r.try_get("id").map_err(db_err)?,
                brand: r.try_get("brand").map_err(db_err)?,
                model: r.try_get("model").map_err(db_err)?,
                reference: r.try_get("reference").map_err(db_err)?,
                notes: r.try_get("notes").map_err(db_err)?,
                urgency: r.try_get("urgency").map_err(db_err)?,
                my_flag: r.try_get::<Option<String>, _>("flag").map_err(db_err)?.unwrap_or_default(),
            })
        })
        .collect()
}

pub async fn dashboard(db: &Db, ctx: &Ctx, currency: Currency, now: i64) -> Result<BrokerDashboard, AppError> {
    let lines = ledger_lines(db, ctx, currency).await?;
    let subs = submissions(db, ctx).await?;
    let page = broker_commissions(db, ctx, currency).await?;
    let this_month = month_start(now);
    let last_month = month_start(this_month - 1);
    let m = |v: i64| Money::from_minor_units(v, currency);

    let earned_until = |t: i64| lines.iter().filter(|(k, _, at)| is_earning(k) && *at < t).map(|l| l.1).sum::<i64>();
    let balance_until = |t: i64| lines.iter().filter(|(_, _, at)| *at < t).map(|l| l.1).sum::<i64>();
    let total_earned = earned_until(i64::MAX);
    let earned_before_this_month = earned_until(this_month);
    let due = balance_until(i64::MAX);
    let due_last = balance_until(this_month);
    let earned_this = total_earned - earned_before_this_month;
    let earned_last = earned_before_this_month - earned_until(last_month);
    let pipeline = pipeline_at(&subs, now);
    let pipeline_last = pipeline_at(&subs, this_month - 1);
    // Average commission per sold deal, all time; trend: this month's sales against last month's.
    let sold: Vec<(i64, i64)> = page
        .commissions
        .iter()
        .filter(|c| c.status != CommissionStatus::Cancelled)
        .map(|c| (c.created_at, c.amount.to_minor_units().unwrap_or(0)))
        .collect();
    let avg = |f: &dyn Fn(i64) -> bool| {
        let v: Vec<i64> = sold.iter().filter(|(at, _)| f(*at)).map(|s| s.1).collect();
        if v.is_empty() {
            0
        } else {
            v.iter().sum::<i64>() / v.len() as i64
        }
    };
    let avg_all = avg(&|_| true);
    let avg_this = avg(&|at| at >= this_month);
    let avg_last = avg(&|at| at >= last_month && at < this_month);
    let kpis = vec![
        Kpi { label: "Total earned".into(), value: m(total_earned), trend: trend(total_earned, earned_before_this_month), hint: "Lifetime, paid and unpaid".into() },
        Kpi { label: "Due / pending".into(), value: m(due), trend: trend(due, due_last), hint: "Earned, not yet paid".into() },
        Kpi { label: "This month".into(), value: m(earned_this), trend: trend(earned_this, earned_last), hint: "Earned since the 1st".into() },
        Kpi { label: "Pipeline value".into(), value: m(pipeline), trend: trend(pipeline, pipeline_last), hint: "Asking prices still in play".into() },
        Kpi { label: "Average deal".into(), value: m(avg_all), trend: trend(avg_this, avg_last), hint: "Your commission per sold deal".into() },
    ];

    let counts = funnel_counts(&subs);
    let funnel = ChartData::new(ChartKind::Funnel, ValueFormat::Count, vec!["New".into(), "In Review".into(), "Approved".into(), "Converted".into()])
        .series("Submissions", counts.iter().map(|c| Decimal::from(*c)).collect());

    let mut checklist = Vec::new();
    for s in subs.iter().filter(|s| s.status.is_open()) {
        if s.photos == 0 {
            checklist.push(ChecklistItem { href: format!("/deals/submissions/{}", s.id), text: format!("Add photos to {}", s.title) });
        }
        if s.asking.is_none() {
            checklist.push(ChecklistItem { href: format!("/deals/submissions/{}", s.id), text: format!("Add an asking price for {}", s.title) });
        }
    }
    let feedback: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT s.id, s.brand || ' ' || s.model, MAX(f.created_at) FROM submission_feedback f JOIN submissions s ON s.id = f.submission_id \
         WHERE s.org_id = $1 AND s.broker_id = $2 AND f.created_at >= $3 GROUP BY s.id, s.brand, s.model ORDER BY 3 DESC LIMIT 10",
    )
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .bind(now - 30 * DAY_MS)
    .fetch_all(&db.pool)
    .await
    .map_err(db_err)?;
    for (id, title, _) in feedback {
        checklist.push(ChecklistItem { href: format!("/deals/submissions/{id}"), text: format!("New feedback on {title}") });
    }
    let open_request: Option<PayoutRequestItem> = page.open_request.as_ref().and_then(|id| page.requests.iter().find(|r| &r.id == id).cloned());
    if let Some(r) = &open_request {
        checklist.push(ChecklistItem { href: "/commissions".into(), text: format!("Payout request of {}: {}", r.total.format(), r.status.label()) });
    }

    let mut monthly = vec![0i64; 12];
    for (kind, amount, at) in &lines {
        if is_earning(kind) {
            if let Some(i) = month_slot(*at, now) {
                monthly[i] += amount;
            }
        }
    }
    let earnings_trend = ChartData::new(ChartKind::Line, ValueFormat::Money(currency), month_labels(now))
        .series("Earned", monthly.iter().map(|v| dollars(*v, currency)).collect());
    let mut brands: BTreeMap<String, i64> = BTreeMap::new();
    for s in &subs {
        *brands.entry(s.brand.clone()).or_default() += 1;
    }
    let mut brand_list: Vec<(String, i64)> = brands.into_iter().collect();
    brand_list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let brand_mix = ChartData::new(ChartKind::Donut, ValueFormat::Count, brand_list.iter().map(|b| b.0.clone()).collect())
        .series("Submissions", brand_list.iter().map(|b| Decimal::from(b.1)).collect());

    let upcoming: Vec<_> = page.commissions.iter().filter(|c| c.status == CommissionStatus::AwaitingPayout).cloned().collect();
    Ok(BrokerDashboard {
        kpis,
        funnel,
        want_list: want_items(db, ctx, 10).await?,
        checklist,
        open_request,
        upcoming,
        requestable: page.kpis.requestable,
        earnings_trend,
        brand_mix,
    })
}

pub async fn analytics(db: &Db, ctx: &Ctx, currency: Currency, now: i64) -> Result<BrokerAnalytics, AppError> {
    let lines = ledger_lines(db, ctx, currency).await?;
    let subs = submissions(db, ctx).await?;
    let page = broker_commissions(db, ctx, currency).await?;
    let m = |v: i64| Money::from_minor_units(v, currency);
    let mut earned = vec![0i64; 12];
    let mut paid = vec![0i64; 12];
    let (mut lifetime, mut paid_total, mut balance) = (0i64, 0i64, 0i64);
    for (kind, amount, at) in &lines {
        balance += amount;
        if is_earning(kind) {
            lifetime += amount;
            if let Some(i) = month_slot(*at, now) {
                earned[i] += amount;
            }
        } else if kind == "commission.paid" {
            paid_total -= amount;
            if let Some(i) = month_slot(*at, now) {
                paid[i] -= amount;
            }
        }
    }
    let earned_vs_paid = ChartData::new(ChartKind::Area, ValueFormat::Money(currency), month_labels(now))
        .series("Earned", earned.iter().map(|v| dollars(*v, currency)).collect())
        .series("Paid out", paid.iter().map(|v| dollars(*v, currency)).collect());

    let total = subs.len() as i64;
    let reviewed = subs.iter().filter(|s| s.status != SubmissionStatus::Submitted).count() as i64;
    let approved = subs.iter().filter(|s| s.status == SubmissionStatus::Approved).count() as i64;
    let converted = subs.iter().filter(|s| s.deal_status == Some(DealStatus::Sold)).count() as i64;
    let rejected = subs.iter().filter(|s| s.status == SubmissionStatus::NotAccepted).count() as i64;
    let funnel = ChartData::new(
        ChartKind::Funnel,
        ValueFormat::Count,
        vec!["Submitted".into(), "Reviewed".into(), "Approved".into(), "Converted".into(), "Not accepted".into()],
    )
    .series("Submissions", [total, reviewed, approved, converted, rejected].iter().map(|v| Decimal::from(*v)).collect());

    let mut by_brand: BTreeMap<String, i64> = BTreeMap::new();
    for c in page.commissions.iter().filter(|c| c.status != CommissionStatus::Cancelled) {
        *by_brand.entry(c.brand.clone()).or_default() += c.amount.to_minor_units().unwrap_or(0);
    }
    let mut brands: Vec<(String, i64)> = by_brand.into_iter().collect();
    brands.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let brand_earnings = ChartData::new(ChartKind::Donut, ValueFormat::Money(currency), brands.iter().map(|b| b.0.clone()).collect())
        .series("Earnings", brands.iter().map(|b| dollars(b.1, currency)).collect());

    let mut per_day = vec![0i64; 30];
    let mut groups: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for s in &subs {
        if let Some(i) = day_slot(s.created_at, now) {
            per_day[i] += 1;
            let g = if s.group.trim().is_empty() { "Direct".to_string() } else { s.group.clone() };
            groups.entry(g).or_insert_with(|| vec![0; 30])[i] += 1;
        }
    }
    let labels = day_labels(now);
    let velocity = ChartData::new(ChartKind::Sparkline, ValueFormat::Count, labels.clone())
        .series("Submissions per day", per_day.iter().map(|v| Decimal::from(*v)).collect());
    let mut source_heatmap = ChartData::new(ChartKind::Heatmap, ValueFormat::Count, labels);
    for (g, days) in groups {
        source_heatmap = source_heatmap.series(g, days.into_iter().map(Decimal::from).collect());
    }
    let recent_payouts = page.requests.iter().filter(|r| r.status == PayoutStatus::SignoffComplete).take(5).cloned().collect();
    Ok(BrokerAnalytics {
        lifetime: m(lifetime),
        paid: m(paid_total),
        outstanding: m(balance),
        conversion_bps: if total == 0 { 0 } else { converted * 10_000 / total },
        earned_vs_paid,
        funnel,
        brand_earnings,
        velocity,
        source_heatmap,
        recent_payouts,
    })
}

pub async fn messages(db: &Db, ctx: &Ctx) -> Result<Vec<LegacyMessage>, AppError> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT from_dealer, author_name, body, sent_at FROM legacy_messages WHERE org_id = $1 AND broker_id = $2 ORDER BY sent_at",
    )
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_err)?;
    Ok(rows.into_iter().map(|(d, author, body, sent_at)| LegacyMessage { from_dealer: d != 0, author, body, sent_at }).collect())
}

pub async fn flag_want(db: &Db, ctx: &Ctx, item_id: &str, flag: &str) -> OpResult<()> {
    if !matches!(flag, "" | "can_find" | "working_on") {
        return Err(AppError::field("flag", "Choose “I can find this” or “I’m working on this”.").into());
    }
    let mut tx = db.begin_write().await?;
    let item: Option<(String, i64)> = sqlx::query_as("SELECT org_id, is_open FROM want_list WHERE id = $1").bind(item_id).fetch_optional(&mut *tx).await?;
    match item {
        Some((org, open)) if org == ctx.org.id && open != 0 => {}
        _ => return Err(AppError::NotFound.into()),
    }
    sqlx::query("DELETE FROM want_list_flags WHERE item_id = $1 AND broker_id = $2").bind(item_id).bind(&ctx.user.id).execute(&mut *tx).await?;
    if !flag.is_empty() {
        sqlx::query("INSERT INTO want_list_flags (item_id, broker_id, flag, updated_at) VALUES ($1, $2, $3, $4)")
            .bind(item_id)
            .bind(&ctx.user.id)
            .bind(flag)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn ensure_profile(tx: &mut super::db::Tx, ctx: &Ctx) -> Result<(), sqlx::Error> {
    let exists: Option<(String,)> = sqlx::query_as("SELECT user_id FROM broker_profiles WHERE user_id = $1").bind(&ctx.user.id).fetch_optional(&mut **tx).await?;
    if exists.is_none() {
        sqlx::query("INSERT INTO broker_profiles (user_id, org_id, commission_bps, updated_at) VALUES ($1, $2, $3, $4)")
            .bind(&ctx.user.id)
            .bind(&ctx.org.id)
            .bind(super::dealer::DEFAULT_COMMISSION_BPS)
            .bind(now_ms())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn profile(db: &Db, ctx: &Ctx) -> Result<BrokerProfile, AppError> {
    let row = sqlx::query(
        "SELECT phone, avatar_url, payout_institution, payout_routing, payout_swift, payout_account_last4, payout_method, payout_notes \
         FROM broker_profiles WHERE user_id = $1 AND org_id = $2",
    )
    .bind(&ctx.user.id)
    .bind(&ctx.org.id)
    .fetch_optional(&db.pool)
    .await
    .map_err(db_err)?;
    let get = |name: &str| row.as_ref().and_then(|r| r.try_get::<String, _>(name).ok()).unwrap_or_default();
    Ok(BrokerProfile {
        name: ctx.user.display_name.clone(),
        email: ctx.user.email.clone(),
        role: ctx.user.role.label().to_string(),
        joined_at: ctx.user.created_at,
        phone: get("phone"),
        avatar_url: get("avatar_url"),
        payout: PayoutInfoView {
            institution: get("payout_institution"),
            routing: get("payout_routing"),
            swift: get("payout_swift"),
            account_last4: get("payout_account_last4"),
            method: PayoutMethod::parse(&get("payout_method")),
            notes: get("payout_notes"),
        },
    })
}

pub async fn save_profile(db: &Db, ctx: &Ctx, name: &str, phone: &str, avatar_url: &str) -> OpResult<()> {
    let mut errors = crate::dto::error::FieldErrors::default();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        errors.add("name", "Enter your name (at most 80 characters).");
    }
    let phone = phone.trim();
    if phone.chars().count() > 30 || !phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
        errors.add("phone", "Enter a phone number with digits, spaces and + - ( ) only.");
    }
    let avatar = avatar_url.trim();
    if !avatar.is_empty() && (!avatar.starts_with("https://") || avatar.len() > 300 || avatar.contains(char::is_whitespace)) {
        errors.add("avatar_url", "Use an https:// address for your picture.");
    }
    errors.finish()?;
    let mut tx = db.begin_write().await?;
    ensure_profile(&mut tx, ctx).await?;
    sqlx::query("UPDATE users SET display_name = $1 WHERE id = $2").bind(name).bind(&ctx.user.id).execute(&mut *tx).await?;
    sqlx::query("UPDATE broker_profiles SET phone = $1, avatar_url = $2, updated_at = $3 WHERE user_id = $4")
        .bind(phone)
        .bind(avatar)
        .bind(now_ms())
        .bind(&ctx.user.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

fn aad(user_id: &str) -> String {
    format!("payout_account:{user_id}")
}

pub async fn save_payout_info(db: &Db, ctx: &Ctx, key: &EncryptionKey, input: &PayoutInfoInput) -> OpResult<()> {
    let clean = validate_payout_info(input).map_err(|fields| {
        let mut errors = crate::dto::error::FieldErrors::default();
        for (f, m) in fields {
            errors.add(f, m);
        }
        OpError::App(errors.finish().expect_err("fields were given"))
    })?;
    let sealed = clean.account.as_ref().map(|a| (super::crypto::seal(key, a, &aad(&ctx.user.id)), account_last4(a)));
    let mut tx = db.begin_write().await?;
    ensure_profile(&mut tx, ctx).await?;
    sqlx::query(
        "UPDATE broker_profiles SET payout_institution = $1, payout_routing = $2, payout_swift = $3, payout_method = $4, payout_notes = $5, updated_at = $6 \
         WHERE user_id = $7",
    )
    .bind(&clean.institution)
    .bind(&clean.routing)
    .bind(&clean.swift)
    .bind(clean.method.as_str())
    .bind(&clean.notes)
    .bind(now_ms())
    .bind(&ctx.user.id)
    .execute(&mut *tx)
    .await?;
    if let Some((enc, last4)) = sealed {
        sqlx::query("UPDATE broker_profiles SET payout_account_enc = $1, payout_account_last4 = $2 WHERE user_id = $3")
            .bind(&enc)
            .bind(&last4)
            .bind(&ctx.user.id)
            .execute(&mut *tx)
            .await?;
    }
    super::audit::record(&mut *tx, super::audit::Entry { target: Some(&ctx.user.id), ..ctx.audit_entry(super::dealer::action::PAYOUT_INFO_SAVED) }).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn reveal_bank_details(db: &Db, ctx: &Ctx, key: &EncryptionKey, payout_request_id: &str) -> Result<BankDetails, AppError> {
    let row = sqlx::query(
        "SELECT r.org_id, r.broker_id, u.display_name, bp.payout_institution, bp.payout_routing, bp.payout_swift, bp.payout_account_enc, \
                bp.payout_method, bp.payout_notes \
         FROM payout_requests r JOIN users u ON u.id = r.broker_id LEFT JOIN broker_profiles bp ON bp.user_id = r.broker_id WHERE r.id = $1",
    )
    .bind(payout_request_id)
    .fetch_optional(&db.pool)
    .await
    .map_err(db_err)?
    .ok_or(AppError::NotFound)?;
    let org: String = row.try_get("org_id").map_err(db_err)?;
    ctx.same_org(&org)?;
    let broker_id: String = row.try_get("broker_id").map_err(db_err)?;
    let get = |name: &str| row.try_get::<Option<String>, _>(name).ok().flatten().unwrap_or_default();
    let enc = get("payout_account_enc");
    let account_number = if enc.is_empty() {
        String::new()
    } else {
        super::crypto::open(key, &enc, &aad(&broker_id)).map_err(internal)?
    };
    super::audit::record(
        &db.pool,
        super::audit::Entry { target: Some(&broker_id), detail: Some(payout_request_id), ..ctx.audit_entry(super::dealer::action::BANK_DETAILS_REVEALED) },
    )
    .await
    .map_err(db_err)?;
    Ok(BankDetails {
        broker_name: row.try_get("display_name").map_err(db_err)?,
        institution: get("payout_institution"),
        routing: get("payout_routing"),
        swift: get("payout_swift"),
        account_number,
        method: PayoutMethod::parse(&get("payout_method")),
        notes: get("payout_notes"),
    })
}

pub async fn desk_want_list(db: &Db, ctx: &Ctx) -> Result<Vec<DeskWantItem>, AppError> {
    let rows = sqlx::query(
        "SELECT id, brand, model, reference, notes, urgency, is_open, created_at FROM want_list WHERE org_id = $1 ORDER BY is_open DESC, urgency DESC, created_at DESC LIMIT 500",
    )
    .bind(&ctx.org.id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_err)?;
    let flags: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT f.item_id, u.display_name, f.flag FROM want_list_flags f JOIN want_list w ON w.id = f.item_id JOIN users u ON u.id = f.broker_id \
         WHERE w.org_id = $1 ORDER BY u.display_name",
    )
    .bind(&ctx.org.id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            let id: String = r.try_get("id").map_err(db_err)?;
            Ok(DeskWantItem {
                brokers: flags
                    .iter()
                    .filter(|f| f.0 == id)
                    .map(|f| (f.1.clone(), if f.2 == "can_find" { "Can find it".to_string() } else { "Working on it".to_string() }))
                    .collect(),
                brand: r.try_get("brand").map_err(db_err)?,
                model: r.try_get("model").map_err(db_err)?,
                reference: r.try_get("reference").map_err(db_err)?,
                notes: r.try_get("notes").map_err(db_err)?,
                urgency: r.try_get("urgency").map_err(db_err)?,
                open: r.try_get::<i64, _>("is_open").map_err(db_err)? != 0,
                created_at: r.try_get("created_at").map_err(db_err)?,
                id,
            })
        })
        .collect()
}

pub async fn add_want(db: &Db, ctx: &Ctx, brand: &str, model: &str, reference: &str, urgency: &str, notes: &str) -> OpResult<String> {
    let mut errors = crate::dto::error::FieldErrors::default();
    if brand.trim().is_empty() || brand.trim().chars().count() > 60 {
        errors.add("brand", "Enter the brand.");
    }
    if model.trim().chars().count() > 80 {
        errors.add("model", "The model is too long.");
    }
    let urgency: i64 = match urgency.trim().parse() {
        Ok(u @ 1..=3) => u,
        _ => {
            errors.add("urgency", "Choose low, normal or urgent.");
            0
        }
    };
    if notes.trim().chars().count() > 500 {
        errors.add("notes", "Notes are too long (at most 500 characters).");
    }
    errors.finish()?;
    let reference: String = reference.split_whitespace().collect::<String>().to_uppercase();
    let id = new_id();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO want_list (id, org_id, brand, model, reference, notes, urgency, is_open, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9)",
    )
    .bind(&id)
    .bind(&ctx.org.id)
    .bind(brand.trim())
    .bind(model.trim())
    .bind(&reference)
    .bind(notes.trim())
    .bind(urgency)
    .bind(&ctx.user.id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    super::audit::record(&mut *tx, super::audit::Entry { target: Some(&id), ..ctx.audit_entry(super::dealer::action::WANT_ITEM_ADDED) }).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn close_want(db: &Db, ctx: &Ctx, id: &str) -> OpResult<()> {
    let mut tx = db.begin_write().await?;
    let r = sqlx::query("UPDATE want_list SET is_open = 0 WHERE id = $1 AND org_id = $2 AND is_open = 1").bind(id).bind(&ctx.org.id).execute(&mut *tx).await?;
    if r.rows_affected() != 1 {
        let exists: Option<(String,)> = sqlx::query_as("SELECT org_id FROM want_list WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
        return Err(match exists {
            Some((org,)) if org == ctx.org.id => OpError::App(AppError::Conflict { message: "This item is closed already.".into() }),
            _ => AppError::NotFound.into(),
        });
    }
    super::audit::record(&mut *tx, super::audit::Entry { target: Some(id), ..ctx.audit_entry(super::dealer::action::WANT_ITEM_CLOSED) }).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_days_slot_relative_to_now() {
        let now = parse_day("2026-03-15").unwrap();
        assert_eq!(month_slot(now, now), Some(11));
        assert_eq!(month_slot(parse_day("2026-02-28").unwrap(), now), Some(10));
        assert_eq!(month_slot(parse_day("2025-04-01").unwrap(), now), Some(0));
        assert_eq!(month_slot(parse_day("2025-03-31").unwrap(), now), None);
        assert_eq!(month_labels(now).first().map(String::as_str), Some("Apr"));
        assert_eq!(month_labels(now).last().map(String::as_str), Some("Mar"));
        assert_eq!(day_slot(now + 5_000, now), Some(29));
        assert_eq!(day_slot(now - 29 * DAY_MS, now), Some(0));
        assert_eq!(day_slot(now - 30 * DAY_MS, now), None);
        assert_eq!(month_start(now), parse_day("2026-03-01").unwrap());
    }
}
