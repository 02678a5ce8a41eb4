//! The dealer module's server functions: the Broker Portal (`broker/…`)
//! and the Deal Desk (`desk/…`). Each checks a capability and the dealer
//! module, then calls one operation or read in `server::dealer`; what it
//! returns is the audience's own type (`dto::dealer`).

use crate::dto::dealer::*;
use crate::dto::document::PrintDocument;
use crate::dto::error::AppError;
#[cfg(feature = "ssr")]
use crate::{
    domain::{Capability, Module},
    serve,
    server::dealer::{broker_view, commissions, deals, desk_view, disputes, documents, payouts, submissions},
};
use leptos::prelude::*;

// ---------------------------------------------------------------------------
// Broker Portal

#[server(endpoint = "broker/submissions")]
pub async fn broker_submissions() -> Result<Vec<BrokerSubmission>, AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| broker_view::submissions(ctx, None))
}

#[server(endpoint = "broker/submission")]
pub async fn get_broker_submission(id: String) -> Result<BrokerSubmission, AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| broker_view::submission(ctx, &id))
}

/// The short "new submission" form (brokers without WhatsApp). `photos` is
/// a comma-separated list of upload ids.
#[server(endpoint = "broker/submit")]
pub async fn submit_deal(
    brand: String,
    model: String,
    reference: String,
    asking: String,
    notes: String,
    source_type: String,
    photos: String,
) -> Result<String, AppError> {
    let input = submissions::SubmissionInput::from_form(brand, model, reference, asking, notes, source_type, &photos);
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| submissions::create_submission(ctx, &input))
}

/// The broker completes an open submission (asking price, notes, photos).
#[server(endpoint = "broker/submission/complete")]
pub async fn complete_submission(id: String, asking: String, notes: String, photos: String) -> Result<(), AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| submissions::complete_submission(ctx, &id, &asking, &notes, &photos))
}

#[server(endpoint = "broker/deals")]
pub async fn broker_deals() -> Result<Vec<BrokerDeal>, AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| broker_view::deals(ctx, None))
}

#[server(endpoint = "broker/deal")]
pub async fn get_broker_deal(id: String) -> Result<BrokerDeal, AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| broker_view::deal(ctx, &id))
}

#[server(endpoint = "broker/commissions")]
pub async fn broker_commissions() -> Result<BrokerCommissionsPage, AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| broker_view::commissions(ctx))
}

#[server(endpoint = "broker/payout/request")]
pub async fn request_payout(note: String) -> Result<String, AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| payouts::request_payout(ctx, &note))
}

#[server(endpoint = "broker/payout/cancel")]
pub async fn cancel_payout(id: String) -> Result<(), AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| payouts::cancel_payout(ctx, &id))
}

#[server(endpoint = "broker/dispute")]
pub async fn open_dispute(commission_id: String, category: String, reason: String) -> Result<String, AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| disputes::open_dispute(ctx, &commission_id, &category, &reason))
}

#[server(endpoint = "broker/receipt")]
pub async fn commission_receipt(id: String) -> Result<PrintDocument, AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| documents::commission_receipt(ctx, &id))
}

/// A paid payout's receipt, every commission it paid listed (the broker's own).
#[server(endpoint = "broker/payout/receipt")]
pub async fn broker_payout_receipt(id: String) -> Result<PrintDocument, AppError> {
    serve!(Capability::BrokerPortal, Module::Dealer, |ctx| documents::payout_receipt(ctx, &id, documents::Audience::Broker))
}

/// The same receipt for the desk (any paid payout of the organization).
#[server(endpoint = "desk/payout/receipt")]
pub async fn desk_payout_receipt(id: String) -> Result<PrintDocument, AppError> {
    serve!(Capability::PayoutsReview, Module::Dealer, |ctx| documents::payout_receipt(ctx, &id, documents::Audience::Desk))
}

// ---------------------------------------------------------------------------
// Deal Desk

#[server(endpoint = "desk/submissions")]
pub async fn desk_submissions() -> Result<Vec<DeskSubmission>, AppError> {
    serve!(Capability::DealsReview, Module::Dealer, |ctx| desk_view::submissions(ctx, None))
}

#[server(endpoint = "desk/submission")]
pub async fn get_desk_submission(id: String) -> Result<DeskSubmissionPage, AppError> {
    serve!(Capability::DealsReview, Module::Dealer, |ctx| desk_view::submission_page(ctx, &id))
}

#[server(endpoint = "desk/submission/review")]
pub async fn start_review(id: String) -> Result<(), AppError> {
    serve!(Capability::DealsReview, Module::Dealer, |ctx| submissions::start_review(ctx, &id))
}

#[server(endpoint = "desk/submission/accept")]
pub async fn accept_submission(id: String, cost: String, serial: String, co_broker_id: String, co_share: String) -> Result<String, AppError> {
    let input = submissions::AcceptInput { cost, serial, co_broker_id: Some(co_broker_id).filter(|s| !s.trim().is_empty()), co_share };
    serve!(Capability::DealsReview, Module::Dealer, |ctx| submissions::accept(ctx, &id, &input))
}

#[server(endpoint = "desk/submission/decline")]
pub async fn decline_submission(id: String, reason: String) -> Result<(), AppError> {
    serve!(Capability::DealsReview, Module::Dealer, |ctx| submissions::not_accept(ctx, &id, &reason))
}

#[server(endpoint = "desk/submission/feedback")]
pub async fn post_feedback(id: String, body: String) -> Result<(), AppError> {
    serve!(Capability::DealsReview, Module::Dealer, |ctx| submissions::post_feedback(ctx, &id, &body))
}

#[server(endpoint = "desk/inventory")]
pub async fn desk_inventory() -> Result<Vec<DeskDeal>, AppError> {
    serve!(Capability::DealsReview, Module::Dealer, |ctx| desk_view::deals(ctx, None))
}

#[server(endpoint = "desk/deal")]
pub async fn get_desk_deal(id: String) -> Result<DeskDeal, AppError> {
    serve!(Capability::DealsReview, Module::Dealer, |ctx| desk_view::deal(ctx, &id))
}

#[server(endpoint = "desk/deal/pending")]
pub async fn mark_sale_pending(id: String) -> Result<(), AppError> {
    serve!(Capability::DealsRecordSale, Module::Dealer, |ctx| deals::mark_pending(ctx, &id))
}

#[server(endpoint = "desk/deal/cost")]
pub async fn add_deal_cost(id: String, label: String, amount: String) -> Result<(), AppError> {
    serve!(Capability::FinancialsView, Module::Dealer, |ctx| deals::add_cost(ctx, &id, &label, &amount))
}

#[server(endpoint = "desk/deal/sale")]
pub async fn record_sale(id: String, price: String, buyer: String, sold_on: String, basis: String, rate: String, fixed: String) -> Result<(), AppError> {
    let input = deals::SaleInput { price, buyer, sold_on, basis, rate, fixed };
    serve!(Capability::DealsRecordSale, Module::Dealer, |ctx| async { deals::record_sale(ctx, &id, &input).await.map(|_| ()) })
}

#[server(endpoint = "desk/deal/cancel")]
pub async fn cancel_deal(id: String, reason: String) -> Result<(), AppError> {
    serve!(Capability::DealsRecordSale, Module::Dealer, |ctx| deals::cancel_deal(ctx, &id, &reason))
}

/// A sold deal's sale is undone: its unpaid commissions are cancelled and reversed.
#[server(endpoint = "desk/deal/unwind")]
pub async fn unwind_sale(id: String, reason: String) -> Result<(), AppError> {
    serve!(Capability::CommissionsApprove, Module::Dealer, |ctx| deals::unwind_sale(ctx, &id, &reason))
}

#[server(endpoint = "desk/commissions")]
pub async fn desk_commissions() -> Result<Vec<DeskCommission>, AppError> {
    serve!(Capability::CommissionsApprove, Module::Dealer, |ctx| desk_view::commissions(ctx, None))
}

#[server(endpoint = "desk/commission/release")]
pub async fn release_commission(id: String) -> Result<(), AppError> {
    serve!(Capability::CommissionsApprove, Module::Dealer, |ctx| commissions::release_commission(ctx, &id))
}

#[server(endpoint = "desk/commission/cancel")]
pub async fn cancel_commission(id: String, reason: String) -> Result<(), AppError> {
    serve!(Capability::CommissionsApprove, Module::Dealer, |ctx| commissions::cancel_commission(ctx, &id, &reason))
}

#[server(endpoint = "desk/payouts")]
pub async fn desk_payouts() -> Result<Vec<DeskPayout>, AppError> {
    serve!(Capability::PayoutsReview, Module::Dealer, |ctx| desk_view::payouts(ctx))
}

#[server(endpoint = "desk/payout/review")]
pub async fn review_payout(id: String) -> Result<(), AppError> {
    serve!(Capability::PayoutsReview, Module::Dealer, |ctx| payouts::review_payout(ctx, &id))
}

#[server(endpoint = "desk/payout/pay")]
pub async fn pay_payout(id: String, method: String, reference: String, paid_on: String, receipt: String) -> Result<(), AppError> {
    let input = payouts::PaymentInput { method, reference, paid_on, receipt_upload_id: receipt };
    serve!(Capability::PayoutsSignoff, Module::Dealer, |ctx| payouts::pay_payout(ctx, &id, &input))
}

#[server(endpoint = "desk/disputes")]
pub async fn desk_disputes() -> Result<Vec<DeskDispute>, AppError> {
    serve!(Capability::DisputesResolve, Module::Dealer, |ctx| desk_view::disputes(ctx))
}

/// `decision`: "resolve" (optionally with a corrected `amount`) or "reject".
#[server(endpoint = "desk/dispute/settle")]
pub async fn settle_dispute(id: String, decision: String, amount: String, reply: String) -> Result<(), AppError> {
    serve!(Capability::DisputesResolve, Module::Dealer, |ctx| disputes::settle_dispute(ctx, &id, &decision, &amount, &reply))
}
