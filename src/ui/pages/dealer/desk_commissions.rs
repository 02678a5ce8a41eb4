//! /desk/commissions — every commission: release it for payout, or cancel
//! it with a reason.

use crate::api::dealer::{desk_commissions, CancelCommission, ReleaseCommission};
use crate::domain::dealer::CommissionStatus;
use crate::dto::dealer::DeskCommission;
use crate::ui::components::dealer::commission_tone;
use crate::ui::components::time::date;
use crate::ui::components::{action_alert, action_field_errors, Card, Empty, FieldError, Load, PageHeader, Pill};
use crate::ui::kit::table::{Cell, Column, DataTable, TableRow};
use crate::ui::kit::toast::{provide_toasts, toast_result, ToastRegion};
use leptos::prelude::*;
use leptos_meta::Title;

/// The commission being cancelled: (id, what the form shows about it).
type Cancelling = RwSignal<Option<(String, String)>>;

#[component]
pub fn DeskCommissionsPage() -> impl IntoView {
    let toasts = provide_toasts();
    let release = ServerAction::<ReleaseCommission>::new();
    let cancel = ServerAction::<CancelCommission>::new();
    toast_result(toasts, release.value(), "Commission released: it is now awaiting payout.");
    toast_result(toasts, cancel.value(), "Commission cancelled; its ledger entry is reversed.");
    let cancelling = RwSignal::new(None::<(String, String)>);
    let data = Resource::new(move || release.version().get() + cancel.version().get(), |_| desk_commissions());
    Effect::new(move |_| {
        if let Some(Ok(())) = cancel.value().get() {
            cancelling.set(None);
        }
    });
    view! {
        <Title text="Commissions" />
        <ToastRegion />
        <PageHeader title="Commissions".to_string() subtitle="Release commissions for payout, or cancel them with a reason" />
        <CancelCard cancel cancelling />
        <Load data let:list>
            <CommissionsTable list release cancelling />
        </Load>
    }
}

/// The reason form for the commission being cancelled, above the list.
#[component]
fn CancelCard(cancel: ServerAction<CancelCommission>, cancelling: Cancelling) -> impl IntoView {
    let cv = cancel.value();
    move || {
        cancelling.get().map(|(id, watch)| {
            view! {
                <Card title="Cancel a commission">
                    <ActionForm action=cancel attr:class="form inline-form" attr:novalidate=true>
                        {action_alert(cv)}
                        <p>{watch}</p>
                        <input type="hidden" name="id" value=id />
                        <div class="field">
                            <label for="cc-reason">"Reason"</label>
                            <input id="cc-reason" name="reason" />
                            <FieldError errors=action_field_errors(cv, "reason") />
                        </div>
                        <button type="submit" class="button danger">
                            "Cancel commission"
                        </button>
                        <button type="button" class="button" on:click=move |_| cancelling.set(None)>
                            "Keep it"
                        </button>
                    </ActionForm>
                </Card>
            }
        })
    }
}

fn commission_row(c: DeskCommission, release: ServerAction<ReleaseCommission>, cancelling: Cancelling) -> TableRow {
    let st = c.status;
    let id = c.id.clone();
    let watch = format!("{} — {} ({})", c.watch, c.broker_name, c.amount.format());
    let actionable = c.status.is_outstanding() && !c.in_request;
    TableRow {
        key: c.id.clone(),
        href: Some(format!("/desk/inventory/{}", c.deal_id)),
        tag: Some(c.status.as_str().to_string()),
        cells: vec![
            Cell::text(c.watch.clone()),
            Cell::text(c.broker_name.clone()),
            Cell::text(c.status.label()).with_view(move || view! { <Pill text=st.label() tone=commission_tone(st)/> }.into_any()),
            Cell::num(c.amount.to_minor_units().unwrap_or(0), c.amount.format()),
            Cell::num(c.created_at, date(c.created_at)),
            Cell::text("").with_view(move || {
                let id2 = id.clone();
                let id3 = id.clone();
                let watch = watch.clone();
                view! {
                    {(st == CommissionStatus::PendingReview).then(|| view! {
                        <button type="button" class="button small" on:click=move |ev| { ev.prevent_default(); ev.stop_propagation(); release.dispatch(ReleaseCommission { id: id2.clone() }); }>"Release"</button>
                    })}
                    {actionable.then(|| view! {
                        " "<button type="button" class="button small danger" on:click=move |ev| { ev.prevent_default(); ev.stop_propagation(); cancelling.set(Some((id3.clone(), watch.clone()))); }>"Cancel"</button>
                    })}
                }
                .into_any()
            }),
        ],
    }
}

#[component]
fn CommissionsTable(list: Vec<DeskCommission>, release: ServerAction<ReleaseCommission>, cancelling: Cancelling) -> impl IntoView {
    if list.is_empty() {
        return view! { <Empty title="No commissions yet" hint="A commission is created when a sale is recorded." /> }.into_any();
    }
    let rows = list.into_iter().map(|c| commission_row(c, release, cancelling)).collect();
    view! {
        <DataTable
            label="Commissions"
            rows
            columns=vec![Column::text("Watch"), Column::text("Broker"), Column::text("Status"), Column::num("Amount"), Column::num("Earned"), Column::text("")]
            filters=vec![
                ("Pending Review", "pending_review"),
                ("Awaiting Payout", "awaiting_payout"),
                ("Disputed", "disputed"),
                ("Paid", "paid"),
                ("Cancelled", "cancelled"),
            ]
            page_size=25
        />
    }
    .into_any()
}
