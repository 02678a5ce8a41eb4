//! CSV exports: plain GET routes (a link downloads them), guarded like
//! server functions, written with `domain::csv` (formula-safe, RFC 4180).

use crate::domain::csv;
use crate::domain::{Capability, Module};
use crate::server::auth::{self, Ctx};
use crate::server::dealer::broker_view;
use crate::server::demo::kit;
use crate::server::repo;
use crate::server::state::{AppState, ClientIp};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use tower_sessions::Session;

use crate::server::op::{error_response, internal};

fn csv_response(filename: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

async fn guard(st: &AppState, session: &Session, ip: ClientIp, cap: Capability) -> Result<Ctx, Response> {
    auth::require_in(st, session, ip.0, cap).await.map_err(error_response)
}

/// The audit log of the caller's organization (every organization for the platform).
pub async fn audit_csv(State(st): State<AppState>, session: Session, Extension(ip): Extension<ClientIp>) -> Response {
    let ctx = match guard(&st, &session, ip, Capability::AuditView).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let scope = if ctx.org.is_platform { None } else { Some(ctx.org.id.as_str()) };
    let rows = match repo::audit_entries(&st.db, scope, 10_000).await {
        Ok(r) => r,
        Err(e) => return error_response(internal(e)),
    };
    let targets: Vec<(String, Option<String>)> = rows.iter().map(|r| (r.action.clone(), r.target.clone())).collect();
    let about = match crate::server::audit_about::describe(&st.db, &targets, false).await {
        Ok(a) => a,
        Err(e) => return error_response(internal(e)),
    };
    let zone = ctx.zone();
    let mut body = csv::row([format!("When ({zone})"), "Action".into(), "Who".into(), "About".into(), "Record id".into(), "IP".into()]);
    for r in rows {
        let what = r.target.as_ref().and_then(|t| about.get(t)).map(|a| a.0.clone()).unwrap_or_default();
        body.push_str(&csv::row([
            zone.format_datetime(r.at),
            r.action,
            r.actor.unwrap_or_default(),
            what,
            r.target.unwrap_or_default(),
            r.ip.unwrap_or_default(),
        ]));
    }
    csv_response("audit-log.csv", body)
}

/// The team list (owners).
pub async fn team_csv(State(st): State<AppState>, session: Session, Extension(ip): Extension<ClientIp>) -> Response {
    let ctx = match guard(&st, &session, ip, Capability::TeamManage).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let users = match repo::users_in_org(&st.db, &ctx.org.id).await {
        Ok(u) => u,
        Err(e) => return error_response(internal(e)),
    };
    let zone = ctx.zone();
    let mut body = csv::row(["Name".into(), "Email".into(), "Role".into(), "Status".into(), format!("Joined ({zone})")]);
    for u in users {
        body.push_str(&csv::row([
            u.display_name,
            u.email,
            u.role.label().to_string(),
            if u.is_active { "Active".into() } else { "Deactivated".to_string() },
            zone.format_datetime(u.created_at),
        ]));
    }
    csv_response("team.csv", body)
}

/// The UI kit's demo table (platform admin, demo mode).
pub async fn kit_csv(State(st): State<AppState>, session: Session, Extension(ip): Extension<ClientIp>) -> Response {
    let ctx = match guard(&st, &session, ip, Capability::PlatformManage).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Err(e) = kit::enabled(st.config.demo) {
        return error_response(e);
    }
    let zone = ctx.zone();
    let mut body = csv::row(["Watch".into(), "Broker".into(), "Status".into(), "Commission (minor units)".into(), format!("Date ({zone})")]);
    for r in kit::rows() {
        body.push_str(&csv::row([r.watch, r.broker, r.status, r.amount_minor.to_string(), zone.format_datetime(r.at)]));
    }
    csv_response("kit-demo.csv", body)
}

#[derive(serde::Deserialize, Default)]
pub struct CommissionQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// A broker's own commissions with the Commissions page's filters applied
/// (the same `CommissionFilter` the table uses). Amounts only: no sale prices.
pub async fn commissions_csv(
    State(st): State<AppState>,
    session: Session,
    Extension(ip): Extension<ClientIp>,
    axum::extract::Query(q): axum::extract::Query<CommissionQuery>,
) -> Response {
    let ctx = match guard(&st, &session, ip, Capability::BrokerPortal).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Err(e) = ctx.require_module(Module::Dealer) {
        return error_response(e);
    }
    let page = match broker_view::commissions(&ctx).await {
        Ok(p) => p,
        Err(e) => return error_response(e),
    };
    let filter = crate::domain::dealer::CommissionFilter::parse(&q.status, &q.from, &q.to);
    let zone = ctx.zone();
    let date = |ms: Option<i64>| ms.map(|ms| zone.format_date(ms)).unwrap_or_default();
    let mut body = csv::row(["Watch", "Status", "Amount", "Currency", "Earned", "Released", "Paid"]);
    for c in page.commissions.iter().filter(|c| filter.matches(c.status, c.created_at, zone)) {
        body.push_str(&csv::row([
            c.watch.clone(),
            c.status.label().to_string(),
            c.amount.round_to_minor().amount.to_string(),
            c.amount.currency.code().to_string(),
            date(Some(c.created_at)),
            date(c.released_at),
            date(c.paid_at),
        ]));
    }
    csv_response("commissions.csv", body)
}

#[derive(serde::Deserialize, Default)]
pub struct ContactParams {
    #[serde(default)]
    segment: String,
    #[serde(default)]
    view: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    dir: String,
}

/// The contacts directory as shown (its tab, view, search and order), every page.
pub async fn contacts_csv(
    State(st): State<AppState>,
    session: Session,
    Extension(ip): Extension<ClientIp>,
    axum::extract::Query(p): axum::extract::Query<ContactParams>,
) -> Response {
    let ctx = match guard(&st, &session, ip, Capability::ReportsOperationalExport).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Err(e) = ctx.require_module(Module::Crm) {
        return error_response(e);
    }
    let query = crate::domain::crm::directory::ContactQuery::from_params(&p.segment, &p.view, &p.q, &p.sort, &p.dir, "1");
    let found = match crate::server::op::retry(|| crate::server::crm::contacts::matching(&ctx, &query)).await {
        Ok(f) => f,
        Err(e) => return error_response(e),
    };
    let zone = ctx.zone();
    let mut body = csv::row(["Name", "Type", "Company", "Email", "Phone", "Location", "VIP", "Added"]);
    for c in found {
        body.push_str(&csv::row([
            c.name,
            c.contact_type.label().to_string(),
            c.company,
            c.email.unwrap_or_default(),
            c.phone.unwrap_or_default(),
            c.location,
            if c.vip { "Yes" } else { "No" }.to_string(),
            zone.format_date(c.added_at),
        ]));
    }
    csv_response("contacts.csv", body)
}
