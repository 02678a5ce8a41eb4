//! The broker's dashboard and analytics. Every money figure comes from the
//! ledger (his payable account) or from his own rows, so the dashboard and
//! the Commissions page cannot disagree.

use super::{broker_view, want_list};
use crate::domain::dealer::*;
use crate::domain::kpi::{Funnel, Trend};
use crate::domain::ledger::AccountKind;
use crate::domain::money::{Currency, Money};
use crate::domain::time::Zone;
use crate::dto::chart::{ChartData, ChartKind, ValueFormat};
use crate::dto::dealer::PayoutRequestItem;
use crate::dto::error::AppError;
use crate::dto::portal::*;
use crate::server::auth::Ctx;
use crate::server::chart::draw;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Brands a ring shows by name; the rest are one "Other brands" slice.
const TOP_BRANDS: usize = 6;

fn dollars(minor: i64, currency: Currency) -> Decimal {
    Money::from_minor_units(minor, currency).amount
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

/// Earnings and their reversals (cancellations, corrections): the net is what he earned.
fn is_earning(kind: &str) -> bool {
    kind.starts_with("commission.earned")
}

fn is_reversal(kind: &str) -> bool {
    kind.ends_with(".reversal")
}

/// Per month (12, ending with this one): earned, and reversed (≤ 0).
fn monthly_earnings(lines: &[(String, i64, i64)], now: i64, zone: Zone) -> (Vec<i64>, Vec<i64>) {
    let (mut earned, mut reversed) = (vec![0i64; 12], vec![0i64; 12]);
    for (kind, amount, at) in lines.iter().filter(|l| is_earning(&l.0)) {
        if let Some(i) = zone.month_slot(*at, now) {
            if is_reversal(kind) {
                reversed[i] += amount;
            } else {
                earned[i] += amount;
            }
        }
    }
    (earned, reversed)
}

/// The 12-month earnings bars: what was earned, and below zero what was
/// reversed, so a month that is negative overall says why.
fn earnings_chart(lines: &[(String, i64, i64)], now: i64, zone: Zone, currency: Currency) -> ChartData {
    let (earned, reversed) = monthly_earnings(lines, now, zone);
    let as_money = |v: &Vec<i64>| v.iter().map(|m| dollars(*m, currency)).collect();
    let mut chart = ChartData::new(ChartKind::Bar, ValueFormat::Money(currency), zone.month_labels(now)).stacked("Earned", as_money(&earned), "net");
    if reversed.iter().any(|r| *r != 0) {
        chart = chart
            .stacked("Reversed (cancelled or corrected)", as_money(&reversed), "net")
            .colored("#c4332a")
            .note("Bars below zero are commissions cancelled or corrected that month.");
    }
    chart
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

/// The seed's funnel, New → In Review → Approved → Converted: how many
/// submissions reached each stage; those not accepted beside it.
fn funnel(subs: &[SubRow]) -> Funnel {
    let reviewed = subs.iter().filter(|s| s.status != SubmissionStatus::Submitted).count() as i64;
    let approved = subs.iter().filter(|s| s.status == SubmissionStatus::Approved).count() as i64;
    let converted = subs.iter().filter(|s| s.deal_status() == Some(DealStatus::Sold)).count() as i64;
    let rejected = subs.iter().filter(|s| s.status == SubmissionStatus::NotAccepted).count() as i64;
    Funnel::new(&["New", "In Review", "Approved", "Converted"], &[subs.len() as i64, reviewed, approved, converted], "Not accepted", rejected)
}

/// The funnel drawn: stages labelled with their counts, and the conversions
/// and rejections written under it.
fn funnel_chart(f: &Funnel) -> ChartData {
    let mut chart = ChartData::new(ChartKind::Funnel, ValueFormat::Count, f.stages.iter().map(|s| s.label.clone()).collect())
        .series("Submissions", f.stages.iter().map(|s| Decimal::from(s.count)).collect());
    for i in 1..f.stages.len() {
        chart = chart.note(f.stage_text(i));
    }
    chart.note(format!("{}: {}", f.dropped_label, f.dropped))
}

/// The broker's dashboard: KPIs with their trends, funnel, want list,
/// action checklist, upcoming payouts, earnings trend and brand mix.
pub async fn dashboard(ctx: &Ctx, now: i64) -> Result<BrokerDashboard, AppError> {
    let lines = ledger_lines(ctx).await?;
    let subs = submissions(ctx).await?;
    let page = broker_view::commissions(ctx).await?;
    let currency = ctx.currency;
    let zone = ctx.zone();
    let m = |v: i64| Money::from_minor_units(v, currency);

    let earned_until = |t: i64| lines.iter().filter(|(k, _, at)| is_earning(k) && *at < t).map(|l| l.1).sum::<i64>();
    let balance_until = |t: i64| lines.iter().filter(|(_, _, at)| *at < t).map(|l| l.1).sum::<i64>();
    // Running figures against their value when last month ended; this month's earnings month to date.
    let (total_earned, total_trend) = Trend::since_month_end(earned_until, now, zone);
    let (due, due_trend) = Trend::since_month_end(balance_until, now, zone);
    let (earned_this, this_trend) = Trend::month_to_date(lines.iter().filter(|l| is_earning(&l.0)).map(|l| (l.2, l.1)), now, zone);
    let (pipeline, pipeline_trend) = Trend::since_month_end(|t| pipeline_at(&subs, t), now, zone);
    // Average commission per sold deal over all time, against the same average when last month ended.
    let sold: Vec<(i64, i64)> =
        page.commissions.iter().filter(|c| c.status != CommissionStatus::Cancelled).map(|c| (c.created_at, c.amount.to_minor_units().unwrap_or(0))).collect();
    let average_until = |t: i64| {
        let v: Vec<i64> = sold.iter().filter(|(at, _)| *at <= t).map(|s| s.1).collect();
        if v.is_empty() {
            0
        } else {
            v.iter().sum::<i64>() / v.len() as i64
        }
    };
    let (avg_all, avg_trend) = Trend::since_month_end(average_until, now, zone);
    let kpis = vec![
        Kpi { label: "Total earned".into(), value: m(total_earned), trend: total_trend, hint: "Lifetime, paid and unpaid".into() },
        Kpi { label: "Due / pending".into(), value: m(due), trend: due_trend, hint: "Earned, not yet paid".into() },
        Kpi { label: "This month".into(), value: m(earned_this), trend: this_trend, hint: "Earned since the 1st".into() },
        Kpi { label: "Pipeline value".into(), value: m(pipeline), trend: pipeline_trend, hint: "Asking prices still in play".into() },
        Kpi { label: "Average deal".into(), value: m(avg_all), trend: avg_trend, hint: "Your commission per sold deal".into() },
    ];

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

    let mut brands: BTreeMap<String, i64> = BTreeMap::new();
    for s in &subs {
        *brands.entry(s.brand.clone()).or_default() += 1;
    }
    let brand_mix = ChartData::new(ChartKind::Donut, ValueFormat::Count, vec![]).slices(
        "Submissions",
        brands.into_iter().map(|(b, n)| (b, Decimal::from(n))).collect(),
        TOP_BRANDS,
        "Other brands",
    );

    let upcoming: Vec<_> = page.commissions.iter().filter(|c| c.status == CommissionStatus::AwaitingPayout).cloned().collect();
    Ok(BrokerDashboard {
        kpis,
        funnel: draw(funnel_chart(&funnel(&subs))),
        want_list: want_list::for_broker(ctx, 10).await?,
        checklist,
        open_request,
        upcoming,
        requestable: page.kpis.requestable,
        earnings_trend: draw(earnings_chart(&lines, now, zone, currency)),
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
    let mut paid = vec![0i64; 12];
    let (mut lifetime, mut paid_total, mut balance) = (0i64, 0i64, 0i64);
    for (kind, amount, at) in &lines {
        balance += amount;
        if is_earning(kind) {
            lifetime += amount;
        } else if kind == "commission.paid" {
            paid_total -= amount;
            if let Some(i) = zone.month_slot(*at, now) {
                paid[i] -= amount;
            }
        }
    }
    let earned_vs_paid = earnings_chart(&lines, now, zone, currency).series("Paid out", paid.iter().map(|v| dollars(*v, currency)).collect());

    let total = subs.len() as i64;
    let stages = funnel(&subs);
    let converted = stages.stages.last().map(|s| s.count).unwrap_or(0);

    let mut by_brand: BTreeMap<String, i64> = BTreeMap::new();
    for c in page.commissions.iter().filter(|c| c.status != CommissionStatus::Cancelled) {
        *by_brand.entry(c.brand.clone()).or_default() += c.amount.to_minor_units().unwrap_or(0);
    }
    let brand_earnings = ChartData::new(ChartKind::Donut, ValueFormat::Money(currency), vec![]).slices(
        "Earnings",
        by_brand.into_iter().map(|(b, v)| (b, dollars(v, currency))).collect(),
        TOP_BRANDS,
        "Other brands",
    );

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
        funnel: draw(funnel_chart(&stages)),
        brand_earnings: draw(brand_earnings),
        velocity: draw(velocity),
        source_heatmap: draw(source_heatmap),
        recent_payouts,
    })
}
