//! /commissions — the broker's commissions: KPIs, the payout request, the
//! filterable list with disputes and receipts, and past payout requests.

use crate::api::dealer::{broker_commissions, CancelPayout, OpenDispute, RequestPayout};
use crate::domain::dealer::{CommissionFilter, CommissionStatus, DisputeCategory, DisputeStatus, PayoutStatus};
use crate::domain::money::Money;
use crate::dto::dealer::{BrokerCommission, BrokerCommissionsPage, CommissionKpis, PayoutRequestItem};
use crate::ui::components::dealer::commission_tone;
use crate::ui::components::time::{date, zone};
use crate::ui::components::{action_alert, action_field_errors, Card, Empty, FieldError, Load, PageHeader, Pill};
use crate::ui::kit::dialog::{ConfirmButton, Modal, ModalCancel};
use crate::ui::kit::kpi::{KpiCard, KpiStrip};
use crate::ui::kit::table::{Cell, Column, DataTable, TableRow};
use crate::ui::kit::toast::{provide_toasts, ToastRegion};
use leptos::prelude::*;
use leptos_meta::Title;

/// The commission being disputed: (id, watch).
type Disputing = RwSignal<Option<(String, String)>>;

#[component]
pub fn CommissionsPage() -> impl IntoView {
    let toasts = provide_toasts();
    let request = ServerAction::<RequestPayout>::new();
    let cancel = ServerAction::<CancelPayout>::new();
    let dispute = ServerAction::<OpenDispute>::new();
    // The dispute dialog's state lives with the page: the list reloads after
    // every action, and a refused dispute must keep its dialog and message.
    let disputing = RwSignal::new(None::<(String, String)>);
    let dispute_open = RwSignal::new(false);
    let data = Resource::new(move || (request.version().get(), cancel.version().get(), dispute.version().get()), |_| broker_commissions());
    Effect::new(move |_| {
        if let Some(Ok(_)) = request.value().get() {
            toasts.success("Payout requested. The dealer team has been notified.");
        }
    });
    Effect::new(move |_| match cancel.value().get() {
        Some(Ok(())) => toasts.success("Payout request cancelled."),
        Some(Err(e)) => toasts.error(e.to_string()),
        None => {}
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = dispute.value().get() {
            toasts.success("Dispute sent. You will see the reply here.");
        }
    });
    view! {
        <Title text="Commissions" />
        <ToastRegion />
        <PageHeader title="Commissions".to_string() subtitle="What you earned, what is owed and what was paid" />
        <Load data let:page>
            <CommissionsBody page request cancel dispute disputing dispute_open />
        </Load>
    }
}

#[component]
fn CommissionsBody(
    page: BrokerCommissionsPage,
    request: ServerAction<RequestPayout>,
    cancel: ServerAction<CancelPayout>,
    dispute: ServerAction<OpenDispute>,
    disputing: Disputing,
    dispute_open: RwSignal<bool>,
) -> impl IntoView {
    let open_req = page.open_request.as_ref().and_then(|id| page.requests.iter().find(|r| &r.id == id).cloned());
    let status = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let filter = Signal::derive(move || CommissionFilter::parse(&status.get(), &from.get(), &to.get()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = dispute.value().get() {
            dispute_open.set(false);
        }
    });
    let commissions = StoredValue::new(page.commissions.clone());
    let zone = zone();
    view! {
        <Kpis k=page.kpis.clone() />
        <PayoutCard open_req requestable=page.kpis.requestable request cancel />
        <FilterBar status from to filter />
        {move || {
            let f = filter.get();
            let rows: Vec<TableRow> = commissions
                .with_value(|list| {
                    list.iter().filter(|c| f.matches(c.status, c.created_at, zone)).map(|c| commission_row(c, disputing, dispute_open)).collect()
                });
            if rows.is_empty() {
                view! { <Empty title="No commissions" hint="Commissions appear when a watch you sourced is sold." /> }.into_any()
            } else {
                view! {
                    <DataTable
                        label="Commissions"
                        rows
                        columns=vec![
                            Column::text("Watch"),
                            Column::text("Status"),
                            Column::num("Amount"),
                            Column::num("Earned"),
                            Column::num("Paid"),
                            Column::text(""),
                        ]
                        page_size=25
                    />
                }
                    .into_any()
            }
        }}
        <DisputeDialog dispute disputing dispute_open />
        <RequestsCard requests=page.requests />
    }
}

#[component]
fn Kpis(k: CommissionKpis) -> impl IntoView {
    let last = k.last_paid.as_ref().map(|(at, m)| (date(*at), m.format()));
    view! {
        <KpiStrip>
            <KpiCard label="Total pending" value=k.pending.format() hint="Pending review and awaiting payout" />
            <KpiCard label="Total paid" value=k.paid.format() />
            <KpiCard label="Lifetime earnings" value=k.lifetime.format() />
            <KpiCard
                label="Last paid"
                value=last.as_ref().map(|l| l.1.clone()).unwrap_or_else(|| "—".into())
                hint=last.as_ref().map(|l| l.0.clone()).unwrap_or_else(|| "No payment yet".into())
            />
        </KpiStrip>
    }
}

/// The open payout request with its progress, or the form to request one.
#[component]
fn PayoutCard(
    open_req: Option<PayoutRequestItem>,
    requestable: Money,
    request: ServerAction<RequestPayout>,
    cancel: ServerAction<CancelPayout>,
) -> impl IntoView {
    let can_request = open_req.is_none() && requestable.is_positive();
    view! {
        <Card title="Payout">
            {match open_req {
                Some(r) => view! { <OpenRequest r cancel /> }.into_any(),
                None if can_request => view! { <RequestForm requestable=requestable.format() request /> }.into_any(),
                None => {
                    view! { <p class="muted">"Nothing is awaiting payout right now. Commissions become payable once the dealer releases them."</p> }.into_any()
                }
            }}
        </Card>
    }
}

#[component]
fn OpenRequest(r: PayoutRequestItem, cancel: ServerAction<CancelPayout>) -> impl IntoView {
    view! {
        <div class="payout-status">
            <p>"Your request for "<strong>{r.total.format()}</strong>" ("{r.commissions}" commissions) of "{date(r.requested_at)}":"</p>
            <ol class="steps" aria-label="Payout request status">
                {[PayoutStatus::Requested, PayoutStatus::AwaitingSignoff, PayoutStatus::SignoffComplete]
                    .into_iter()
                    .map(|s| {
                        let reached = match (r.status, s) {
                            (PayoutStatus::AwaitingSignoff, PayoutStatus::Requested) => true,
                            (a, b) => a == b,
                        };
                        view! {
                            <li class:current=r.status == s class:done=reached>
                                {s.label()}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <ConfirmButton
                label="Cancel request"
                question="Cancel this payout request? You can file a new one afterwards."
                confirm_label="Yes, cancel it"
                danger=true
                on_confirm=Callback::new(move |_| {
                    cancel.dispatch(CancelPayout { id: r.id.clone() });
                })
            />
        </div>
    }
}

#[component]
fn RequestForm(requestable: String, request: ServerAction<RequestPayout>) -> impl IntoView {
    let req_value = request.value();
    view! {
        <ActionForm action=request attr:class="form inline-form">
            {action_alert(req_value)}
            <p>{requestable.clone()}" is released and ready to be paid out."</p>
            <div class="field">
                <label for="p-note">"Note (optional)"</label>
                <input id="p-note" name="note" maxlength="500" />
            </div>
            <button type="submit" class="button primary">
                "Request payout of "
                {requestable.clone()}
            </button>
        </ActionForm>
    }
}

#[component]
fn FilterBar(status: RwSignal<String>, from: RwSignal<String>, to: RwSignal<String>, filter: Signal<CommissionFilter>) -> impl IntoView {
    let export = move || format!("/export/commissions.csv?{}", filter.get().query());
    view! {
        <div class="filter-bar" role="group" aria-label="Commission filters">
            <div class="field inline">
                <label for="f-status">"Status"</label>
                <select id="f-status" on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="">"All"</option>
                    {CommissionStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field inline">
                <label for="f-from">"Earned from"</label>
                <input id="f-from" type="date" on:change=move |ev| from.set(event_target_value(&ev)) />
            </div>
            <div class="field inline">
                <label for="f-to">"to"</label>
                <input id="f-to" type="date" on:change=move |ev| to.set(event_target_value(&ev)) />
            </div>
            <a class="button" href=export download>
                "Export CSV"
            </a>
        </div>
    }
}

#[component]
fn DisputeDialog(dispute: ServerAction<OpenDispute>, disputing: Disputing, dispute_open: RwSignal<bool>) -> impl IntoView {
    let dv = dispute.value();
    view! {
        <Modal open=dispute_open title="Dispute a commission">
            {move || {
                disputing
                    .get()
                    .map(|(id, watch)| {
                        view! {
                            <ActionForm action=dispute attr:class="form">
                                {action_alert(dv)}
                                <p class="muted">{watch}</p>
                                <input type="hidden" name="commission_id" value=id />
                                <div class="field">
                                    <label for="d-cat">"Category"</label>
                                    <select id="d-cat" name="category">
                                        {DisputeCategory::ALL.iter().map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()}
                                    </select>
                                    <FieldError errors=action_field_errors(dv, "category") />
                                </div>
                                <div class="field">
                                    <label for="d-reason">"Reason"</label>
                                    <textarea id="d-reason" name="reason" rows="3"></textarea>
                                    <FieldError errors=action_field_errors(dv, "reason") />
                                </div>
                                <div class="modal-actions">
                                    <ModalCancel />
                                    <button type="submit" class="button primary">
                                        "Send dispute"
                                    </button>
                                </div>
                            </ActionForm>
                        }
                    })
            }}
        </Modal>
    }
}

#[component]
fn RequestsCard(requests: Vec<PayoutRequestItem>) -> impl IntoView {
    view! {
        <Card title="Payout requests">
            {if requests.is_empty() {
                view! { <p class="muted">"No payout requests yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="request-list">
                        {requests
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <li>
                                        <strong>{r.total.format()}</strong>
                                        " · "
                                        {date(r.requested_at)}
                                        " · "
                                        <Pill
                                            text=r.status.label()
                                            tone=if r.status == PayoutStatus::SignoffComplete {
                                                "ok"
                                            } else if r.status == PayoutStatus::Cancelled {
                                                "neutral"
                                            } else {
                                                "info"
                                            }
                                        />
                                        {r
                                            .paid_on
                                            .map(|d| {
                                                view! { <span class="muted small">" Paid "{date(d)}{r.method.map(|m| format!(" by {}", m.label()))}</span> }
                                            })}
                                        {(r.status == PayoutStatus::SignoffComplete)
                                            .then(|| {
                                                view! {
                                                    " "
                                                    <a class="button small" href=format!("/commissions/payouts/{}/receipt", r.id)>
                                                        "Payout receipt"
                                                    </a>
                                                }
                                            })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </Card>
    }
}

fn commission_row(c: &BrokerCommission, disputing: Disputing, dispute_open: RwSignal<bool>) -> TableRow {
    let status = c.status;
    let id = c.id.clone();
    let watch = c.watch.clone();
    let can_dispute = c.status.can_dispute() && !c.in_request;
    let paid = c.status == CommissionStatus::Paid;
    let open_dispute = c.disputes.iter().rev().find(|d| d.status == DisputeStatus::Open).is_some();
    let mut replies: Vec<String> = c.disputes.iter().filter(|d| !d.reply.is_empty()).map(|d| format!("{}: {}", d.status.label(), d.reply)).collect();
    if let Some(reason) = &c.cancelled_reason {
        replies.push(format!("Cancelled: {reason}"));
    }
    let action_text = if paid {
        "Receipt"
    } else if can_dispute {
        "Dispute"
    } else {
        ""
    };
    TableRow {
        key: c.id.clone(),
        href: Some(format!("/deals/{}", c.deal_id)),
        tag: Some(c.status.as_str().to_string()),
        cells: vec![
            Cell::text(c.watch.clone()),
            Cell::text(c.status.label()).with_view(move || {
                let replies = replies.clone();
                view! {
                    <Pill text=status.label() tone=commission_tone(status)/>
                    {(status == CommissionStatus::Disputed && open_dispute).then(|| view! { <span class="muted small">" awaiting reply"</span> })}
                    {replies.into_iter().map(|r| view! { <p class="reason small">{r}</p> }).collect_view()}
                }
                .into_any()
            }),
            Cell::num(c.amount.to_minor_units().unwrap_or(0), c.amount.format()),
            Cell::num(c.created_at, date(c.created_at)),
            match c.paid_at {
                Some(p) => Cell::num(p, date(p)),
                None => Cell::num(0, "—"),
            },
            Cell::text(action_text).with_view(move || {
                if paid {
                    view! { <a class="button small" href=format!("/commissions/{}/receipt", id)>"Receipt"</a> }.into_any()
                } else if can_dispute {
                    let id = id.clone();
                    let watch = watch.clone();
                    view! { <button type="button" class="button small" on:click=move |ev| { ev.prevent_default(); ev.stop_propagation(); disputing.set(Some((id.clone(), watch.clone()))); dispute_open.set(true); }>"Dispute"</button> }.into_any()
                } else {
                    ().into_any()
                }
            }),
        ],
    }
}
