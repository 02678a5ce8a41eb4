//! /commissions/payouts/:id/receipt (the broker) and /desk/payouts/:id/receipt
//! (the desk) — one receipt for a whole payout, every commission it paid listed.

use crate::api::dealer::{broker_payout_receipt, desk_payout_receipt};
use crate::ui::components::Load;
use crate::ui::kit::document::PrintableDocument;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn BrokerPayoutReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), broker_payout_receipt);
    view! {
        <Title text="Payout receipt" />
        <Load data let:doc>
            <PrintableDocument doc />
        </Load>
    }
}

#[component]
pub fn DeskPayoutReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), desk_payout_receipt);
    view! {
        <Title text="Payout receipt" />
        <Load data let:doc>
            <PrintableDocument doc />
        </Load>
    }
}
