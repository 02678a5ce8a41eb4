//! /desk/disputes — brokers' disputes about their commissions: resolve or
//! reject each with a reply (and optionally a corrected amount).

use crate::api::dealer::{desk_disputes, SettleDispute};
use crate::domain::dealer::DisputeStatus;
use crate::dto::dealer::DeskDispute;
use crate::ui::components::time::date;
use crate::ui::components::{action_alert, action_field_errors, Card, Empty, FieldError, Load, PageHeader, Pill};
use crate::ui::kit::toast::{provide_toasts, toast_result, ToastRegion};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DisputesPage() -> impl IntoView {
    let toasts = provide_toasts();
    let settle = ServerAction::<SettleDispute>::new();
    toast_result(toasts, settle.value(), "Dispute closed; the broker sees your reply.");
    let data = Resource::new(move || settle.version().get(), |_| desk_disputes());
    view! {
        <Title text="Disputes" />
        <ToastRegion />
        <PageHeader title="Disputes".to_string() subtitle="Brokers' questions about their commissions" />
        <Load data let:list>
            <DisputeList list settle />
        </Load>
    }
}

#[component]
fn DisputeList(list: Vec<DeskDispute>, settle: ServerAction<SettleDispute>) -> impl IntoView {
    if list.is_empty() {
        return view! { <Empty title="No disputes" hint="Disputes brokers open appear here." /> }.into_any();
    }
    view! { <div class="payouts">{list.into_iter().map(|d| view! { <DisputeCard d settle /> }).collect_view()}</div> }.into_any()
}

#[component]
fn DisputeCard(d: DeskDispute, settle: ServerAction<SettleDispute>) -> impl IntoView {
    let open = d.status == DisputeStatus::Open;
    view! {
        <Card title=format!("{} — {}", d.broker_name, d.watch)>
            <p>
                <Pill text=d.status.label() tone=if open { "warn" } else { "neutral" } />
                " "
                <span class="muted small">{d.category.label()}" · "{date(d.created_at)}" · commission "{d.amount.format()}</span>
            </p>
            <p class="reason">{d.reason.clone()}</p>
            {(!d.reply.is_empty()).then(|| view! { <p>"Reply: "{d.reply.clone()}</p> })}
            {open.then(|| view! { <SettleForm id=d.id.clone() settle /> })}
        </Card>
    }
}

#[component]
fn SettleForm(id: String, settle: ServerAction<SettleDispute>) -> impl IntoView {
    let sv = settle.value();
    view! {
        <ActionForm action=settle attr:class="form" attr:novalidate=true>
            {action_alert(sv)}
            <input type="hidden" name="id" value=id.clone() />
            <div class="form-row">
                <div class="field">
                    <label for=format!("dd-{}", id)>"Decision"</label>
                    <select id=format!("dd-{}", id) name="decision">
                        <option value="resolve">"Resolve"</option>
                        <option value="reject">"Reject"</option>
                    </select>
                </div>
                <div class="field">
                    <label for=format!("da-{}", id)>"Corrected commission (optional)"</label>
                    <input id=format!("da-{}", id) name="amount" inputmode="decimal" />
                    <FieldError errors=action_field_errors(sv, "amount") />
                </div>
            </div>
            <div class="field">
                <label for=format!("dr-{}", id)>"Reply to the broker"</label>
                <textarea id=format!("dr-{}", id) name="reply" rows="2"></textarea>
                <FieldError errors=action_field_errors(sv, "reply") />
            </div>
            <button type="submit" class="button primary">
                "Close dispute"
            </button>
        </ActionForm>
    }
}
