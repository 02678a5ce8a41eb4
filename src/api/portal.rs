//! The rest of the Broker Portal — dashboard, analytics, legacy messages,
//! profile and payout details, the dealer's want list — and the desk's side
//! of the want list and of payout details; and the Overview and Settings
//! pages' data in one call each.

use crate::dto::account::Me;
use crate::dto::error::AppError;
use crate::dto::portal::*;
#[cfg(feature = "ssr")]
use crate::{
    domain::{Capability, Module},
    serve,
    server::{
        dealer::{dashboard, profile, want_list},
        home,
        op::respond,
    },
};
use leptos::prelude::*;

#[server(endpoint = "broker/dashboard")]
pub async fn get_broker_dashboard() -> Result<BrokerDashboard, AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| dashboard::dashboard(ctx, crate::server::db::now_ms()))
}

#[server(endpoint = "broker/analytics")]
pub async fn get_broker_analytics() -> Result<BrokerAnalytics, AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| dashboard::analytics(ctx, crate::server::db::now_ms()))
}

#[server(endpoint = "broker/messages")]
pub async fn broker_messages() -> Result<Vec<LegacyMessage>, AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| profile::messages(ctx))
}

#[server(endpoint = "broker/want/flag")]
pub async fn flag_want_item(id: String, flag: String) -> Result<(), AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| want_list::flag(ctx, &id, &flag))
}

#[server(endpoint = "broker/profile")]
pub async fn get_broker_profile() -> Result<BrokerProfile, AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| profile::profile(ctx))
}

#[server(endpoint = "broker/profile/save")]
pub async fn save_broker_profile(name: String, phone: String, avatar_url: String) -> Result<(), AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| profile::save_profile(ctx, &name, &phone, &avatar_url))
}

/// `account_number` left empty keeps the one on file.
#[server(endpoint = "broker/payout-info/save")]
pub async fn save_payout_info(
    institution: String,
    routing: String,
    swift: String,
    account_number: String,
    method: String,
    notes: String,
) -> Result<(), AppError> {
    let input = crate::domain::dealer::PayoutInfoInput { institution, routing, swift, account_number, method, notes };
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| profile::save_payout_info(ctx, &input))
}

/// An owner reveals a broker's full bank details (written to the audit log).
#[server(endpoint = "desk/payout-info/reveal")]
pub async fn reveal_bank_details(payout_request_id: String) -> Result<BankDetails, AppError> {
    serve!(Capability::PayoutDetailsReveal, Module::Dealer, |ctx| profile::reveal_bank_details(ctx, &payout_request_id))
}

#[server(endpoint = "desk/want-list")]
pub async fn desk_want_list() -> Result<Vec<DeskWantItem>, AppError> {
    serve!(Capability::WantListManage, Module::Dealer, |ctx| want_list::for_desk(ctx))
}

#[server(endpoint = "desk/want-list/add")]
pub async fn add_want_item(brand: String, model: String, reference: String, urgency: String, notes: String) -> Result<String, AppError> {
    serve!(Capability::WantListManage, Module::Dealer, |ctx| want_list::add(ctx, &brand, &model, &reference, &urgency, &notes))
}

#[server(endpoint = "desk/want-list/close")]
pub async fn close_want_item(id: String) -> Result<(), AppError> {
    serve!(Capability::WantListManage, Module::Dealer, |ctx| want_list::close(ctx, &id))
}

/// The Overview page's data in one call: the person, and for a broker his
/// dashboard (`None` when nobody is signed in).
#[server(endpoint = "overview")]
pub async fn overview_data() -> Result<Option<(Me, Home)>, AppError> {
    respond(home::overview().await)
}

/// The Settings page's data in one call: the person, and for a broker his profile.
#[server(endpoint = "settings")]
pub async fn settings_data() -> Result<Option<MySettings>, AppError> {
    respond(home::settings().await)
}
