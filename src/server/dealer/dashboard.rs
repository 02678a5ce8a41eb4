//! The broker's dashboard and analytics. Every money figure comes from the
//! ledger (his payable account) or from his own rows, so the dashboard and
//! the Commissions page cannot disagree.

use super::{broker_view, want_list};
use crate::domain::dealer::*;
use crate::domain::ledger::AccountKind;
use crate::domain::money::{Currency, Money};
use crate::dto::chart::{ChartData, ChartKind, ValueFormat};
use crate::dto::dealer::PayoutRequestItem;
use crate::dto::error::AppError;
use crate::dto::portal::*;
use crate::server::auth::Ctx;
use crate::server::chart::draw;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn dollars(minor: i64, currency: Currency) -> Decimal {
    Money::from_minor_units(minor, currency).amount
}

fn trend(current: i64, previous: i64) -> Option<i64> {
    crate::domain::kpi::trend_bps(current, previous)
}

/// The broker's ledger lines: (kind, amount, when) on his payable account.
async fn ledger_lines(ctx: &Ctx) -> Result<Vec<(String, i64, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT t.kind, p.amount_minor, p.effective_at FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id \
         JOIN ledger_accounts a ON a.id = p.account_id WHERE a.org_id = $1 AND a.kind = $2 AND a.owner_ref = $3 AND a.currency = $4",
    )
    .bind(&ctx.org.id)
    .bind(AccountKind::BrokerCommissionPayable.as_str())
    .bind(&ctx.user.id)
    .bind(ctx.currency.code())
    .fetch_all(&ctx.db.pool)
    .await?)
}

fn is_earning(kind: &str) -> bool {
    kind.starts_with("commission.earned")
}

#[derive(sqlx::FromRow)]
struct SubRow {
    id: String,
    status: SubmissionStatus,
    brand: String,
    model: String,
    reference: String,
    asking_minor: Option<i64>,
    source_group: String,
    created_at: i64,
    reviewed_at: Option<i64>,
    photos: i64,
    sold_at: Option<i64>,
    deal_status: Option<String>,
}

impl SubRow {
    fn title(&self) -> String {
        watch_title(&self.brand, &self.model, &self.reference)
    }

    fn deal_status(&self) -> Option<DealStatus> {
        self.deal_status.as_deref().and_then(DealStatus::parse)
    }
}

/// The broker's submissions with what the dashboard counts of each.
async fn submissions(ctx: &Ctx) -> Result<Vec<SubRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.status, s.brand, s.model, s.reference, s.asking_minor, s.source_group, s.created_at, s.reviewed_at, \
                (SELECT COUNT(*) FROM submission_photos p WHERE p.submission_id = s.id) AS photos, d.sold_at, d.status AS deal_status \
         FROM submissions s LEFT JOIN deals d ON d.submission_id = s.id WHERE s.org_id = $1 AND s.broker_id = $2",
    )
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .fetch_all(&ctx.db.pool)
    .await?)
}

/// Asking value of everything still in play at `at`: submitted by then,
/// not turned down by then, not sold by then (cancelled deals excluded).
fn pipeline_at(subs: &[SubRow], at: i64) -> i64 {
    subs.iter()
        .filter(|s| s.created_at <= at)
        .filter(|s| !(s.status == SubmissionStatus::NotAccepted && s.reviewed_at.is_none_or(|r| r <= at)))
        .filter(|s| s.sold_at.is_none_or(|t| t > at))
        .filter(|s| s.deal_status() != Some(DealStatus::Cancelled))
        .map(|s| s.asking_minor.unwrap_or(0))
        .sum()
}

fn funnel_counts(subs: &[SubRow]) -> [i64; 4] {
    let mut c = [0i64; 4];
    for s in subs {
        match s.status {
            SubmissionStatus::Submitted => c[0] += 1,
            SubmissionStatus::InReview => c[1] += 1,
            SubmissionStatus::Approved if s.deal_status() == Some(DealStatus::Sold) => c[3] += 1,
            SubmissionStatus::Approved => c[2] += 1,
            SubmissionStatus::NotAccepted => {}
        }
    }
    c
}

/// The broker's dashboard: KPIs with their trends, funnel, want list,
/// action checklist, upcoming payouts, earnings trend and brand mix.
pub async fn dashboard(ctx: &Ctx, now: i64) -> Result<BrokerDashboard, AppError> {
    let lines = ledger_lines(ctx).await?;
    let subs = submissions(ctx).await?;
    let page = broker_view::commissions(ctx).await?;
    let currency = ctx.currency;
    let zone = ctx.zone();
    let this_month = zone.month_start(now);
    let last_month = zone.month_start(this_month - 1);
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
    let sold: Vec<(i64, i64)> =
        page.commissions.iter().filter(|c| c.status != CommissionStatus::Cancelled).map(|c| (c.created_at, c.amount.to_minor_units().unwrap_or(0))).collect();
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
        Kpi {
            label: "Total earned".into(),
            value: m(total_earned),
            trend: trend(total_earned, earned_before_this_month),
            hint: "Lifetime, paid and unpaid".into(),
        },
        Kpi { label: "Due / pending".into(), value: m(due), trend: trend(due, due_last), hint: "Earned, not yet paid".into() },
        Kpi { label: "This month".into(), value: m(earned_this), trend: trend(earned_this, earned_last), hint: "Earned since the 1st".into() },
        Kpi { label: "Pipeline value".into(), value: m(pipeline), trend: trend(pipeline, pipeline_last), hint: "Asking prices still in play".into() },
        Kpi { label: "Average deal".into(), value: m(avg_all), trend: trend(avg_this, avg_last), hint: "Your commission per sold deal".into() },
    ];

    let counts = funnel_counts(&subs);
    let funnel = ChartData::new(ChartKind::Funnel, ValueFormat::Count, vec!["New".into(), "In Review".into(), "Approved".into(), "Converted".into()])
        .series("Submissions", counts.iter().map(|c| Decimal::from(*c)).collect());

    let mut checklist = Vec::new();
    if subs.is_empty() {
        // A new broker: his first steps.
        for (href, text) in [
            ("/deals", "Submit your first watch: Deals → New submission"),
            ("/settings?tab=whatsapp", "Link WhatsApp so listings and wanted posts from your groups arrive as signals"),
            ("/settings", "Add your payout details so the dealer can pay your commissions"),
        ] {
            checklist.push(ChecklistItem { href: href.into(), text: text.into() });
        }
    }
    for s in subs.iter().filter(|s| s.status.is_open()) {
        if s.photos == 0 {
            checklist.push(ChecklistItem { href: format!("/deals/submissions/{}", s.id), text: format!("Add photos to {}", s.title()) });
        }
        if s.asking_minor.is_none() {
            checklist.push(ChecklistItem { href: format!("/deals/submissions/{}", s.id), text: format!("Add an asking price for {}", s.title()) });
        }
    }
    let feedback: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT s.id, s.brand || ' ' || s.model, MAX(f.created_at) FROM submission_feedback f JOIN submissions s ON s.id = f.submission_id \
         WHERE s.org_id = $1 AND s.broker_id = $2 AND f.created_at >= $3 GROUP BY s.id, s.brand, s.model ORDER BY 3 DESC LIMIT 10",
    )
    .bind(&ctx.org.id)
    .bind(&ctx.user.id)
    .bind(zone.thirty_days_ago(now))
    .fetch_all(&ctx.db.pool)
    .await?;
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
            if let Some(i) = zone.month_slot(*at, now) {
                monthly[i] += amount;
            }
        }
    }
    let earnings_trend = ChartData::new(ChartKind::Line, ValueFormat::Money(currency), zone.month_labels(now))
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
        funnel: draw(funnel),
        want_list: want_list::for_broker(ctx, 10).await?,
        checklist,
        open_request,
        upcoming,
        requestable: page.kpis.requestable,
        earnings_trend: draw(earnings_trend),
        brand_mix: draw(brand_mix),
    })
}

/// The broker's analytics: lifetime figures, earned vs paid, funnel,
/// brand earnings, submission velocity and source groups.
pub async fn analytics(ctx: &Ctx, now: i64) -> Result<BrokerAnalytics, AppError> {
    let lines = ledger_lines(ctx).await?;
    let subs = submissions(ctx).await?;
    let page = broker_view::commissions(ctx).await?;
    let currency = ctx.currency;
    let zone = ctx.zone();
    let m = |v: i64| Money::from_minor_units(v, currency);
    let mut earned = vec![0i64; 12];
    let mut paid = vec![0i64; 12];
    let (mut lifetime, mut paid_total, mut balance) = (0i64, 0i64, 0i64);
    for (kind, amount, at) in &lines {
        balance += amount;
        if is_earning(kind) {
            lifetime += amount;
            if let Some(i) = zone.month_slot(*at, now) {
                earned[i] += amount;
            }
        } else if kind == "commission.paid" {
            paid_total -= amount;
            if let Some(i) = zone.month_slot(*at, now) {
                paid[i] -= amount;
            }
        }
    }
    let earned_vs_paid = ChartData::new(ChartKind::Area, ValueFormat::Money(currency), zone.month_labels(now))
        .series("Earned", earned.iter().map(|v| dollars(*v, currency)).collect())
        .series("Paid out", paid.iter().map(|v| dollars(*v, currency)).collect());

    let total = subs.len() as i64;
    let reviewed = subs.iter().filter(|s| s.status != SubmissionStatus::Submitted).count() as i64;
    let approved = subs.iter().filter(|s| s.status == SubmissionStatus::Approved).count() as i64;
    let converted = subs.iter().filter(|s| s.deal_status() == Some(DealStatus::Sold)).count() as i64;
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
        if let Some(i) = zone.day_slot(s.created_at, now) {
            per_day[i] += 1;
            let g = if s.source_group.trim().is_empty() { "Direct".to_string() } else { s.source_group.clone() };
            groups.entry(g).or_insert_with(|| vec![0; 30])[i] += 1;
        }
    }
    let labels = zone.day_labels(now);
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
        earned_vs_paid: draw(earned_vs_paid),
        funnel: draw(funnel),
        brand_earnings: draw(brand_earnings),
        velocity: draw(velocity),
        source_heatmap: draw(source_heatmap),
        recent_payouts,
    })
}
