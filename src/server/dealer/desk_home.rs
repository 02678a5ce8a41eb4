//! The desk's home (Overview for owners, managers, staff and viewers of a
//! dealer organization): what needs the person's attention, by what his
//! role may do, and the figures his role may see — each a link to where it
//! is worked on.

use crate::domain::dealer::*;
use crate::domain::kpi::Trend;
use crate::domain::ledger::AccountKind;
use crate::domain::money::Money;
use crate::domain::Capability;
use crate::dto::error::AppError;
use crate::dto::portal::{ChecklistItem, DeskHome, Figure};
use crate::server::auth::Ctx;

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

async fn count(ctx: &Ctx, sql: &str, statuses: &[&str]) -> Result<i64, AppError> {
    let mut q = sqlx::query_as::<_, (i64,)>(sql).bind(&ctx.org.id);
    for s in statuses {
        q = q.bind(*s);
    }
    Ok(q.fetch_one(&ctx.db.pool).await?.0)
}

/// Attention items and figures for the signed-in desk person.
pub async fn desk_home(ctx: &Ctx, now: i64) -> Result<DeskHome, AppError> {
    let zone = ctx.zone();
    let m = |minor: i64| Money::from_minor_units(minor, ctx.currency);
    let mut attention = Vec::new();
    let mut push = |n: i64, href: &str, text: String| {
        if n > 0 {
            attention.push(ChecklistItem { href: href.into(), text });
        }
    };
    if ctx.can(Capability::DealsReview) {
        let sql = "SELECT COUNT(*) FROM submissions WHERE org_id = $1 AND status IN ($2, $3)";
        let n = count(ctx, sql, &[SubmissionStatus::Submitted.as_str(), SubmissionStatus::InReview.as_str()]).await?;
        push(n, "/desk/submissions", format!("{} waiting for a decision", plural(n, "submission", "submissions")));
    }
    if ctx.can(Capability::DealsRecordSale) {
        let n = count(ctx, "SELECT COUNT(*) FROM deals WHERE org_id = $1 AND status = $2", &[DealStatus::Pending.as_str()]).await?;
        push(n, "/desk/inventory", format!("{} pending: record the sale when it closes", plural(n, "sale", "sales")));
    }
    if ctx.can(Capability::CommissionsApprove) {
        let n = count(ctx, "SELECT COUNT(*) FROM commissions WHERE org_id = $1 AND status = $2", &[CommissionStatus::PendingReview.as_str()]).await?;
        push(n, "/desk/commissions", format!("{} to review and release", plural(n, "commission", "commissions")));
    }
    if ctx.can(Capability::DisputesResolve) {
        let n = count(ctx, "SELECT COUNT(*) FROM disputes WHERE org_id = $1 AND status = $2", &[DisputeStatus::Open.as_str()]).await?;
        push(n, "/desk/disputes", format!("{} from brokers to answer", plural(n, "open dispute", "open disputes")));
    }
    if ctx.can(Capability::PayoutsReview) {
        let n = count(ctx, "SELECT COUNT(*) FROM payout_requests WHERE org_id = $1 AND status = $2", &[PayoutStatus::Requested.as_str()]).await?;
        push(n, "/desk/payouts", format!("{} to check", plural(n, "payout request", "payout requests")));
    }
    if ctx.can(Capability::PayoutsSignoff) {
        let n = count(ctx, "SELECT COUNT(*) FROM payout_requests WHERE org_id = $1 AND status = $2", &[PayoutStatus::AwaitingSignoff.as_str()]).await?;
        push(n, "/desk/payouts", format!("{} awaiting your sign-off and payment", plural(n, "payout", "payouts")));
    }

    let (in_stock, stock_cost): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), CAST(COALESCE(SUM(acquisition_cost_minor), 0) AS BIGINT) FROM deals WHERE org_id = $1 AND status IN ($2, $3)")
            .bind(&ctx.org.id)
            .bind(DealStatus::Active.as_str())
            .bind(DealStatus::Pending.as_str())
            .fetch_one(&ctx.db.pool)
            .await?;
    // Only what month to date compares: this month and last (not the whole sales history on every Overview).
    let since = zone.month_start(zone.month_start(now) - 1);
    let sales: Vec<(i64, i64)> = sqlx::query_as("SELECT sold_at, COALESCE(sale_price_minor, 0) FROM deals WHERE org_id = $1 AND status = $2 AND sold_at >= $3")
        .bind(&ctx.org.id)
        .bind(DealStatus::Sold.as_str())
        .bind(since)
        .fetch_all(&ctx.db.pool)
        .await?;
    let (sold_count, sold_trend) = Trend::month_to_date(sales.iter().map(|s| (s.0, 1)), now, zone);
    let mut figures = vec![
        Figure {
            label: "In inventory".into(),
            value: in_stock.to_string(),
            trend: None,
            hint: "Watches accepted and not yet sold".into(),
            href: "/desk/inventory".into(),
        },
        Figure {
            label: "Sold this month".into(),
            value: sold_count.to_string(),
            trend: sold_trend,
            hint: "Sales recorded since the 1st".into(),
            href: "/desk/inventory".into(),
        },
    ];
    if ctx.can(Capability::FinancialsView) {
        let (revenue, revenue_trend) = Trend::month_to_date(sales.iter().copied(), now, zone);
        let (owed,): (i64,) =
            sqlx::query_as("SELECT CAST(COALESCE(SUM(balance_minor), 0) AS BIGINT) FROM ledger_accounts WHERE org_id = $1 AND kind = $2 AND currency = $3")
                .bind(&ctx.org.id)
                .bind(AccountKind::BrokerCommissionPayable.as_str())
                .bind(ctx.currency.code())
                .fetch_one(&ctx.db.pool)
                .await?;
        figures.push(Figure {
            label: "Inventory at cost".into(),
            value: m(stock_cost).format(),
            trend: None,
            hint: "What the watches in stock cost".into(),
            href: "/desk/inventory".into(),
        });
        figures.push(Figure {
            label: "Sales this month".into(),
            value: m(revenue).format(),
            trend: revenue_trend,
            hint: "Sale prices since the 1st".into(),
            href: "/desk/inventory".into(),
        });
        figures.push(Figure {
            label: "Owed to brokers".into(),
            value: m(owed).format(),
            trend: None,
            hint: "Commissions earned, not yet paid".into(),
            href: "/desk/commissions".into(),
        });
    }
    Ok(DeskHome { attention, figures })
}
