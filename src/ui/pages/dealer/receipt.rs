//! /commissions/:id/receipt — the printable receipt for one paid commission.

use crate::api::dealer::commission_receipt;
use crate::ui::components::Load;
use crate::ui::kit::document::PrintableDocument;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), commission_receipt);
    view! {
        <Title text="Receipt" />
        <Load data let:doc>
            <PrintableDocument doc />
        </Load>
    }
}
