//! /commissions/:id/receipt — the printable receipt for one paid commission.

use crate::api::dealer::commission_receipt;
use crate::dto::dealer::Receipt;
use crate::ui::components::time::date;
use crate::ui::components::Load;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), commission_receipt);
    view! {
        <Title text="Receipt" />
        <Load data let:r>
            <ReceiptCard r />
        </Load>
    }
}

#[component]
fn ReceiptCard(r: Receipt) -> impl IntoView {
    view! {
        <section class="card printable receipt">
            <h1 class="receipt-title">"Commission payment receipt"</h1>
            <p class="muted">{r.org_name.clone()}</p>
            <dl class="facts">
                <dt>"Paid to"</dt>
                <dd>{r.broker_name.clone()}</dd>
                <dt>"For"</dt>
                <dd>{r.watch.clone()}</dd>
                <dt>"Amount"</dt>
                <dd class="receipt-amount">{r.amount.format()}</dd>
                <dt>"Paid on"</dt>
                <dd>{date(r.paid_on)}</dd>
                <dt>"Method"</dt>
                <dd>{r.method.label()}</dd>
                <dt>"Payment reference"</dt>
                <dd>{r.reference.clone()}</dd>
                <dt>"Receipt number"</dt>
                <dd>{r.commission_id[..12.min(r.commission_id.len())].to_uppercase()}</dd>
            </dl>
            <div class="button-row no-print">
                <button
                    type="button"
                    class="button primary"
                    on:click=move |_| {
                        let _ = window().print();
                    }
                >
                    "Print"
                </button>
                <a class="button" href="/commissions">
                    "Back to commissions"
                </a>
            </div>
        </section>
    }
}
