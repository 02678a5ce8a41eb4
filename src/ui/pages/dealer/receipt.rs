//! /commissions/:id/receipt — the printable receipt for one paid commission.

use crate::api::dealer::commission_receipt;
use crate::ui::components::document_page;
use leptos::prelude::*;

#[component]
pub fn ReceiptPage() -> impl IntoView {
    document_page("Receipt", commission_receipt)
}
