//! Printable receipts: one for each paid commission, and one for a whole
//! payout listing every commission it paid — both as a `PrintDocument`, the
//! shape the kit's one print layout renders. A broker gets only his own; the
//! desk any of its organization's (another one's id: 404).

use crate::domain::dealer::*;
use crate::domain::money::{BasisPoints, Money};
use crate::domain::time::Zone;
use crate::dto::document::{document_number, DocumentLine, Party, PrintDocument};
use crate::dto::error::AppError;
use crate::dto::uploads::file_url;
use crate::server::auth::Ctx;

/// Whose documents the caller may open.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The payee himself.
    Broker,
    /// The organization's desk (payouts capability).
    Desk,
}

#[derive(sqlx::FromRow)]
struct PayoutRow {
    id: String,
    broker_id: String,
    paid_on: Option<i64>,
    paid_at: Option<i64>,
    paid_method: Option<String>,
    paid_reference: Option<String>,
    requested_at: i64,
    broker_name: String,
    broker_email: String,
    signer: Option<String>,
    last4: Option<String>,
    institution: Option<String>,
    address: String,
    logo_upload_id: Option<String>,
}

#[derive(sqlx::FromRow)]
struct LineRow {
    id: String,
    brand: String,
    model: String,
    reference: String,
    amount_minor: i64,
    basis: String,
    rate_bps: i64,
    share_bps: i64,
    sold_at: Option<i64>,
}

/// A paid payout of the caller's organization (and, for a broker, his own).
async fn paid_payout(ctx: &Ctx, request_id: &str, audience: Audience) -> Result<PayoutRow, AppError> {
    let row: Option<PayoutRow> = sqlx::query_as(
        "SELECT r.id, r.broker_id, r.paid_on, r.paid_at, r.paid_method, r.paid_reference, r.requested_at, \
                u.display_name AS broker_name, u.email AS broker_email, s.display_name AS signer, \
                bp.payout_account_last4 AS last4, bp.payout_institution AS institution, o.address, o.logo_upload_id \
         FROM payout_requests r JOIN users u ON u.id = r.broker_id JOIN organizations o ON o.id = r.org_id \
         LEFT JOIN users s ON s.id = r.signed_off_by LEFT JOIN broker_profiles bp ON bp.user_id = r.broker_id \
         WHERE r.id = $1 AND r.org_id = $2 AND r.status = $3",
    )
    .bind(request_id)
    .bind(&ctx.org.id)
    .bind(PayoutStatus::SignoffComplete.as_str())
    .fetch_optional(&ctx.db.pool)
    .await?;
    match row {
        Some(r) if audience == Audience::Desk || r.broker_id == ctx.user.id => Ok(r),
        _ => Err(AppError::NotFound),
    }
}

async fn lines(ctx: &Ctx, request_id: &str, only: Option<&str>) -> Result<Vec<LineRow>, AppError> {
    let mut sql = String::from(
        "SELECT c.id, d.brand, d.model, d.reference, c.amount_minor, c.basis, c.rate_bps, c.share_bps, d.sold_at \
         FROM commissions c JOIN deals d ON d.id = c.deal_id WHERE c.payout_request_id = $1 AND c.org_id = $2 AND c.status = $3",
    );
    if only.is_some() {
        sql.push_str(" AND c.id = $4");
    }
    sql.push_str(" ORDER BY d.sold_at, c.id");
    let mut q = sqlx::query_as::<_, LineRow>(&sql).bind(request_id).bind(&ctx.org.id).bind(CommissionStatus::Paid.as_str());
    if let Some(id) = only {
        q = q.bind(id);
    }
    Ok(q.fetch_all(&ctx.db.pool).await?)
}

fn document(ctx: &Ctx, p: &PayoutRow, rows: Vec<LineRow>, title: &str, number: String, back: &str) -> PrintDocument {
    let zone = ctx.zone();
    let m = |minor: i64| Money::from_minor_units(minor, ctx.currency);
    let method = p.paid_method.as_deref().and_then(PayoutMethod::parse).unwrap_or(PayoutMethod::Other);
    let mut payee = vec![p.broker_email.clone()];
    let account = p.last4.as_deref().filter(|l| !l.is_empty()).map(|l| format!(" to the account ending {l}")).unwrap_or_default();
    payee.push(format!("Paid by {}{account}", method.label()));
    if let Some(bank) = p.institution.as_deref().filter(|b| !b.is_empty()) {
        payee.push(bank.to_string());
    }
    let total: i64 = rows.iter().map(|r| r.amount_minor).sum();
    let lines = rows
        .into_iter()
        .map(|r| {
            let basis = CommissionBasis::parse(&r.basis);
            let rate = (basis != Some(CommissionBasis::Fixed)).then_some(BasisPoints(r.rate_bps));
            let sold = r.sold_at.map(|t| format!(" · sold {}", zone.format_date(t))).unwrap_or_default();
            DocumentLine {
                description: watch_title(&r.brand, &r.model, &r.reference),
                detail: format!("{}{sold} · commission {}", terms_text(rate, basis, BasisPoints(r.share_bps)), document_number("RC", &r.id)),
                amount: m(r.amount_minor),
            }
        })
        .collect();
    let paid_on = p.paid_on.map(|t| Zone::UTC.format_date(t)).unwrap_or_else(|| "—".into());
    let signed = match (&p.signer, p.paid_at) {
        (Some(name), Some(at)) => format!("{name}, {}", zone.format_date(at)),
        (Some(name), None) => name.clone(),
        _ => "—".into(),
    };
    PrintDocument {
        title: title.into(),
        number,
        issued_on: zone.format_date(p.paid_at.or(p.paid_on).unwrap_or(p.requested_at)),
        issuer: Party {
            role: "Payer".into(),
            name: ctx.org.name.clone(),
            lines: p.address.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect(),
        },
        logo_url: p.logo_upload_id.as_deref().map(file_url),
        recipient: Party { role: "Payee".into(), name: p.broker_name.clone(), lines: payee },
        columns: ("Commission".into(), "Amount".into()),
        lines,
        total_label: "Total paid".into(),
        total: m(total),
        facts: vec![
            ("Paid on".into(), paid_on),
            ("Method".into(), method.label().into()),
            ("Payment reference".into(), p.paid_reference.clone().filter(|r| !r.is_empty()).unwrap_or_else(|| "—".into())),
            ("Payout".into(), document_number("PR", &p.id)),
            ("Signed off by".into(), signed),
        ],
        footer: format!("{} · commission payment to {} · issued through Dealflow", ctx.org.name, p.broker_name),
        back_href: back.into(),
    }
}

fn back(audience: Audience) -> &'static str {
    match audience {
        Audience::Broker => "/commissions",
        Audience::Desk => "/desk/payouts",
    }
}

/// One paid commission's receipt (the broker's own).
pub async fn commission_receipt(ctx: &Ctx, commission_id: &str) -> Result<PrintDocument, AppError> {
    let found: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT broker_id, payout_request_id FROM commissions WHERE id = $1 AND org_id = $2 AND status = $3")
            .bind(commission_id)
            .bind(&ctx.org.id)
            .bind(CommissionStatus::Paid.as_str())
            .fetch_optional(&ctx.db.pool)
            .await?;
    let Some((_, Some(request))) = found.filter(|f| f.0 == ctx.user.id) else { return Err(AppError::NotFound) };
    let p = paid_payout(ctx, &request, Audience::Broker).await?;
    let rows = lines(ctx, &request, Some(commission_id)).await?;
    if rows.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(document(ctx, &p, rows, "Commission payment receipt", document_number("RC", commission_id), back(Audience::Broker)))
}

/// A paid payout's receipt: every commission it paid, with the total.
pub async fn payout_receipt(ctx: &Ctx, request_id: &str, audience: Audience) -> Result<PrintDocument, AppError> {
    let p = paid_payout(ctx, request_id, audience).await?;
    let rows = lines(ctx, request_id, None).await?;
    Ok(document(ctx, &p, rows, "Payout receipt", document_number("PR", request_id), back(audience)))
}
