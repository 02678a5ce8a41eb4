//! /desk/inventory/:id — one watch in inventory: its facts and costs, and
//! (by capability) marking it pending, recording the sale, adding a cost,
//! cancelling the deal and releasing its commissions.

use crate::api::dealer::{get_desk_deal, AddDealCost, CancelDeal, MarkSalePending, RecordSale, ReleaseCommission, UnwindSale};
use crate::domain::dealer::{CommissionBasis, CommissionStatus, DealStatus};
use crate::domain::Capability;
use crate::dto::dealer::{DeskCommission, DeskDeal};
use crate::ui::components::dealer::{caps_resource, commission_tone, deal_tone, WithCaps};
use crate::ui::components::time::date;
use crate::ui::components::{action_alert, action_field_errors, Card, FieldError, Load, PageHeader, Pill};
use crate::ui::kit::toast::{provide_toasts, toast_result, ToastRegion};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn InventoryItemPage() -> impl IntoView {
    let params = use_params_map();
    let toasts = provide_toasts();
    let pending = ServerAction::<MarkSalePending>::new();
    let cost = ServerAction::<AddDealCost>::new();
    let sale = ServerAction::<RecordSale>::new();
    let cancel = ServerAction::<CancelDeal>::new();
    let release = ServerAction::<ReleaseCommission>::new();
    let unwind = ServerAction::<UnwindSale>::new();
    toast_result(toasts, unwind.value(), "Sale unwound; its unpaid commissions are cancelled.");
    toast_result(toasts, pending.value(), "Marked sale pending.");
    toast_result(toasts, cost.value(), "Cost recorded.");
    toast_result(toasts, sale.value(), "Sale recorded; the commission is pending review.");
    toast_result(toasts, cancel.value(), "Deal cancelled.");
    toast_result(toasts, release.value(), "Commission released.");
    let caps = caps_resource();
    let data = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                pending.version().get()
                    + cost.version().get()
                    + sale.version().get()
                    + cancel.version().get()
                    + release.version().get()
                    + unwind.version().get(),
            )
        },
        |(id, _)| get_desk_deal(id),
    );
    view! {
        <Title text="Inventory item" />
        <ToastRegion />
        <Load data=WithCaps(caps, data) let((caps, d))>
            <DealDesk d caps pending cost sale cancel release unwind />
        </Load>
    }
}

#[component]
fn DealDesk(
    d: DeskDeal,
    caps: Vec<Capability>,
    pending: ServerAction<MarkSalePending>,
    cost: ServerAction<AddDealCost>,
    sale: ServerAction<RecordSale>,
    cancel: ServerAction<CancelDeal>,
    release: ServerAction<ReleaseCommission>,
    unwind: ServerAction<UnwindSale>,
) -> impl IntoView {
    let can = move |c: Capability| caps.contains(&c);
    let unsold = matches!(d.status, DealStatus::Active | DealStatus::Pending);
    let can_sell = unsold && can(Capability::DealsRecordSale);
    let can_mark_pending = d.status == DealStatus::Active && can(Capability::DealsRecordSale);
    let owner_terms = can(Capability::CommissionsApprove);
    let can_cost = unsold && can(Capability::FinancialsView);
    let can_release = can(Capability::CommissionsApprove);
    let can_unwind = d.status == DealStatus::Sold && can_release && d.commissions.iter().all(|c| c.status != CommissionStatus::Paid);
    let id = d.id.clone();
    let submission_href = format!("/desk/submissions/{}", d.submission_id);
    view! {
        <PageHeader
            title=d.title()
            subtitle=format!("Sourced by {}{}", d.broker_name, d.co_broker_name.as_ref().map(|c| format!(" with {c}")).unwrap_or_default())
        >
            <a class="button" href=submission_href>
                "Submission"
            </a>
        </PageHeader>
        <div class="grid-2">
            <WatchCard d=d.clone() can_mark_pending pending />
            {can_sell.then(|| view! { <SaleForm id=id.clone() owner_terms sale /> })}
        </div>
        {(can_cost || can_sell)
            .then(|| {
                view! {
                    <div class="grid-2">
                        {can_cost.then(|| view! { <CostForm id=id.clone() cost /> })} {can_sell.then(|| view! { <CancelForm id=id.clone() cancel /> })}
                    </div>
                }
            })}
        {(!d.commissions.is_empty()).then(|| view! { <DealCommissions list=d.commissions.clone() can_release release /> })}
        {can_unwind.then(|| view! { <UnwindForm id=id.clone() unwind /> })}
    }
}

#[component]
fn WatchCard(d: DeskDeal, can_mark_pending: bool, pending: ServerAction<MarkSalePending>) -> impl IntoView {
    let id = StoredValue::new(d.id.clone());
    view! {
        <Card title="Watch">
            <p>
                <Pill text=d.status_text.clone() tone=deal_tone(d.status) />
            </p>
            {(!d.cancelled_reason.is_empty())
                .then(|| {
                    view! { <p class="reason">{d.cancelled_reason.clone()} {d.cancelled_at.map(|at| format!(" · {}", date(at)))}</p> }
                })}
            <dl class="facts">
                <dt>"Brand"</dt>
                <dd>{d.brand.clone()}</dd>
                <dt>"Model"</dt>
                <dd>{d.model.clone()}</dd>
                <dt>"Reference"</dt>
                <dd>{d.reference.clone()}</dd>
                <dt>"Serial"</dt>
                <dd>{if d.serial.is_empty() { "—".to_string() } else { d.serial.clone() }}</dd>
                <dt>"Acquisition cost"</dt>
                <dd>{d.cost.map(|m| m.format()).unwrap_or_else(|| "Hidden (needs financials access)".into())}</dd>
                <dt>"Accepted"</dt>
                <dd>{date(d.accepted_at)}</dd>
                {d
                    .sale_price
                    .map(|p| {
                        view! {
                            <dt>"Sale price"</dt>
                            <dd>{p.format()}</dd>
                        }
                    })}
                {d
                    .buyer
                    .clone()
                    .map(|b| {
                        view! {
                            <dt>"Buyer"</dt>
                            <dd>{b}</dd>
                        }
                    })}
                {d
                    .sold_at
                    .map(|s| {
                        view! {
                            <dt>"Sold"</dt>
                            <dd>{date(s)}</dd>
                        }
                    })}
                <dt>"Broker's default rate"</dt>
                <dd>{format!("{} of gross profit", d.default_rate)}</dd>
            </dl>
            {d
                .costs
                .clone()
                .filter(|c| !c.is_empty())
                .map(|costs| {
                    view! {
                        <h3 class="subheading">"Recorded costs"</h3>
                        <ul class="costs">{costs.into_iter().map(|c| view! { <li>{c.label}" · "{c.amount.format()}</li> }).collect_view()}</ul>
                    }
                })}
            {can_mark_pending
                .then(move || {
                    view! {
                        <button
                            type="button"
                            class="button"
                            on:click=move |_| {
                                pending
                                    .dispatch(MarkSalePending {
                                        id: id.get_value(),
                                    });
                            }
                        >
                            "Mark sale pending"
                        </button>
                    }
                })}
        </Card>
    }
}

/// Price, date and buyer; the owner may also set this deal's commission terms.
#[component]
fn SaleForm(id: String, owner_terms: bool, sale: ServerAction<RecordSale>) -> impl IntoView {
    let sv = sale.value();
    view! {
        <Card title="Record the sale">
            <ActionForm action=sale attr:class="form" attr:novalidate=true>
                {action_alert(sv)}
                <input type="hidden" name="id" value=id />
                <div class="form-row">
                    <div class="field">
                        <label for="r-price">"Sale price"</label>
                        <input id="r-price" name="price" inputmode="decimal" />
                        <FieldError errors=action_field_errors(sv, "price") />
                    </div>
                    <div class="field">
                        <label for="r-date">"Sale date"</label>
                        <input id="r-date" name="sold_on" type="date" />
                        <FieldError errors=action_field_errors(sv, "sold_on") />
                    </div>
                </div>
                <div class="field">
                    <label for="r-buyer">"Buyer"</label>
                    <input id="r-buyer" name="buyer" />
                    <FieldError errors=action_field_errors(sv, "buyer") />
                </div>
                {if owner_terms {
                    view! { <TermsFields sale /> }.into_any()
                } else {
                    view! {
                        <input type="hidden" name="basis" value="" />
                        <input type="hidden" name="rate" value="" />
                        <input type="hidden" name="fixed" value="" />
                    }
                        .into_any()
                }}
                <button type="submit" class="button primary">
                    "Record sale"
                </button>
            </ActionForm>
        </Card>
    }
}

#[component]
fn TermsFields(sale: ServerAction<RecordSale>) -> impl IntoView {
    let sv = sale.value();
    view! {
        <fieldset class="terms">
            <legend>"Commission terms for this deal (optional)"</legend>
            <div class="form-row">
                <div class="field">
                    <label for="r-basis">"Basis"</label>
                    <select id="r-basis" name="basis">
                        <option value="">"Broker's default"</option>
                        {CommissionBasis::ALL.iter().map(|b| view! { <option value=b.as_str()>{b.label()}</option> }).collect_view()}
                    </select>
                    <FieldError errors=action_field_errors(sv, "basis") />
                </div>
                <div class="field">
                    <label for="r-rate">"Rate (%)"</label>
                    <input id="r-rate" name="rate" inputmode="decimal" />
                    <FieldError errors=action_field_errors(sv, "rate") />
                </div>
                <div class="field">
                    <label for="r-fixed">"Fixed amount"</label>
                    <input id="r-fixed" name="fixed" inputmode="decimal" />
                    <FieldError errors=action_field_errors(sv, "fixed") />
                </div>
            </div>
        </fieldset>
    }
}

#[component]
fn CostForm(id: String, cost: ServerAction<AddDealCost>) -> impl IntoView {
    let cv = cost.value();
    view! {
        <Card title="Add a cost">
            <ActionForm action=cost attr:class="form" attr:novalidate=true>
                {action_alert(cv)}
                <input type="hidden" name="id" value=id />
                <div class="form-row">
                    <div class="field">
                        <label for="k-label">"What"</label>
                        <input id="k-label" name="label" placeholder="Service" />
                        <FieldError errors=action_field_errors(cv, "label") />
                    </div>
                    <div class="field">
                        <label for="k-amount">"Amount"</label>
                        <input id="k-amount" name="amount" inputmode="decimal" />
                        <FieldError errors=action_field_errors(cv, "amount") />
                    </div>
                </div>
                <button type="submit" class="button">
                    "Add cost"
                </button>
            </ActionForm>
        </Card>
    }
}

#[component]
fn CancelForm(id: String, cancel: ServerAction<CancelDeal>) -> impl IntoView {
    let xv = cancel.value();
    view! {
        <Card title="Cancel the deal">
            <ActionForm action=cancel attr:class="form" attr:novalidate=true>
                {action_alert(xv)}
                <input type="hidden" name="id" value=id />
                <ReasonField id="x-reason" hint="" errors=action_field_errors(xv, "reason") />
                <button type="submit" class="button danger">
                    "Cancel deal"
                </button>
            </ActionForm>
        </Card>
    }
}

/// Undoes a recorded sale: the deal is cancelled and its unpaid commissions
/// cancelled and reversed in the ledger, with the reason the broker reads.
#[component]
fn UnwindForm(id: String, unwind: ServerAction<UnwindSale>) -> impl IntoView {
    let uv = unwind.value();
    view! {
        <Card title="Unwind the sale">
            <ActionForm action=unwind attr:class="form" attr:novalidate=true>
                {action_alert(uv)}
                <input type="hidden" name="id" value=id />
                <ReasonField
                    id="u-reason"
                    hint="The broker reads it on his deal. His unpaid commission is cancelled and reversed in the ledger."
                    errors=action_field_errors(uv, "reason")
                />
                <button type="submit" class="button danger">
                    "Unwind sale"
                </button>
            </ActionForm>
        </Card>
    }
}

#[component]
fn ReasonField(id: &'static str, hint: &'static str, errors: Signal<Vec<String>>) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>"Reason"</label>
            <input id=id name="reason" required=true />
            {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
            <FieldError errors />
        </div>
    }
}

#[component]
fn DealCommissions(list: Vec<DeskCommission>, can_release: bool, release: ServerAction<ReleaseCommission>) -> impl IntoView {
    view! {
        <Card title="Commissions">
            <ul class="request-list">
                {list
                    .into_iter()
                    .map(|c| {
                        let cid = c.id.clone();
                        let st = c.status;
                        view! {
                            <li>
                                {c.broker_name.clone()}" · "<strong>{c.amount.format()}</strong>" · " <Pill text=st.label() tone=commission_tone(st) />
                                {(can_release && st == CommissionStatus::PendingReview)
                                    .then(|| {
                                        view! {
                                            " "
                                            <button
                                                type="button"
                                                class="button small"
                                                on:click=move |_| {
                                                    release
                                                        .dispatch(ReleaseCommission {
                                                            id: cid.clone(),
                                                        });
                                                }
                                            >
                                                "Release"
                                            </button>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </Card>
    }
}
