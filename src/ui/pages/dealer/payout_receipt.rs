//! /commissions/payouts/:id/receipt (the broker) and /desk/payouts/:id/receipt
//! (the desk) — one receipt for a whole payout, every commission it paid listed.

use crate::api::dealer::{broker_payout_receipt, desk_payout_receipt};
use crate::ui::components::document_page;
use leptos::prelude::*;

#[component]
pub fn BrokerPayoutReceiptPage() -> impl IntoView {
    document_page("Payout receipt", broker_payout_receipt)
}

#[component]
pub fn DeskPayoutReceiptPage() -> impl IntoView {
    document_page("Payout receipt", desk_payout_receipt)
}
