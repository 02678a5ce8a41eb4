//! /desk/payouts — brokers' payout requests: check them, reveal bank details
//! (audited), sign off and record the payment.

use crate::api::dealer::{desk_payouts, PayPayout, ReviewPayout};
use crate::api::portal::RevealBankDetails;
use crate::domain::dealer::{PayoutMethod, PayoutStatus};
use crate::domain::Capability;
use crate::dto::dealer::DeskPayout;
use crate::dto::uploads::UploadedFile;
use crate::ui::components::dealer::{caps_resource, WithCaps};
use crate::ui::components::time::date;
use crate::ui::components::{action_alert, action_field_errors, Card, Empty, FieldError, Load, PageHeader, Pill};
use crate::ui::kit::dialog::Modal;
use crate::ui::kit::toast::{provide_toasts, toast_result, ToastRegion};
use crate::ui::kit::upload::FileUpload;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PayoutsPage() -> impl IntoView {
    let toasts = provide_toasts();
    let review = ServerAction::<ReviewPayout>::new();
    let pay = ServerAction::<PayPayout>::new();
    toast_result(toasts, review.value(), "Moved to sign-off.");
    toast_result(toasts, pay.value(), "Payment recorded; the commissions are paid.");
    let caps = caps_resource();
    let data = Resource::new(move || review.version().get() + pay.version().get(), |_| desk_payouts());
    view! {
        <Title text="Payouts" />
        <ToastRegion />
        <PageHeader title="Payout requests".to_string() subtitle="Check, sign off and pay brokers' requests" />
        <Load data=WithCaps(caps, data) let((caps, list))>
            <PayoutList list caps review pay />
        </Load>
    }
}

#[component]
fn PayoutList(list: Vec<DeskPayout>, caps: Vec<Capability>, review: ServerAction<ReviewPayout>, pay: ServerAction<PayPayout>) -> impl IntoView {
    let signoff = caps.contains(&Capability::PayoutsSignoff);
    let reveal = caps.contains(&Capability::PayoutDetailsReveal);
    if list.is_empty() {
        return view! { <Empty title="No payout requests" hint="Brokers' requests appear here." /> }.into_any();
    }
    view! { <div class="payouts">{list.into_iter().map(|p| view! { <PayoutCard p signoff reveal review pay /> }).collect_view()}</div> }.into_any()
}

fn status_tone(s: PayoutStatus) -> &'static str {
    match s {
        PayoutStatus::SignoffComplete => "ok",
        PayoutStatus::Cancelled => "neutral",
        PayoutStatus::AwaitingSignoff => "warn",
        PayoutStatus::Requested => "info",
    }
}

#[component]
fn PayoutCard(p: DeskPayout, signoff: bool, reveal: bool, review: ServerAction<ReviewPayout>, pay: ServerAction<PayPayout>) -> impl IntoView {
    let id = p.id.clone();
    view! {
        <Card title=format!("{} — {}", p.broker_name, p.total.format())>
            <p>
                <Pill text=p.status.label() tone=status_tone(p.status) />
                " "
                <span class="muted small">"Requested "{date(p.requested_at)}</span>
            </p>
            {(!p.note.is_empty()).then(|| view! { <p class="reason">"Note: "{p.note.clone()}</p> })}
            <ul class="costs">{p.items.iter().map(|(w, a)| view! { <li>{w.clone()}" · "{a.format()}</li> }).collect_view()}</ul>
            <p class="muted small">
                "Payout details on file: "{p.payee_method.map(|m| m.label()).unwrap_or("none")}
                {(!p.payee_last4.is_empty()).then(|| format!(", account ending {}", p.payee_last4))}
            </p>
            <BankDetails id=p.id.clone() shown=reveal && p.status.is_open() />
            {p
                .paid_on
                .map(|d| {
                    view! {
                        <p>
                            "Paid "{date(d)}{p.method.map(|m| format!(" by {}", m.label()))}{p.reference.clone().map(|r| format!(" — {r}"))}
                            {p
                                .receipt
                                .clone()
                                .map(|r| {
                                    view! {
                                        " · "
                                        <a href=r.url target="_blank" rel="noopener">
                                            "Receipt file"
                                        </a>
                                    }
                                })} " · " <a href=format!("/desk/payouts/{}/receipt", p.id)>"Printable receipt"</a>
                        </p>
                    }
                })}
            {(p.status == PayoutStatus::Requested)
                .then(|| {
                    let id = id.clone();
                    view! {
                        <button
                            type="button"
                            class="button"
                            on:click=move |_| {
                                review.dispatch(ReviewPayout { id: id.clone() });
                            }
                        >
                            "Checked — send to sign-off"
                        </button>
                    }
                })}
            {(p.status == PayoutStatus::AwaitingSignoff && signoff).then(|| view! { <PayForm id=id.clone() pay /> })}
        </Card>
    }
}

/// "Reveal bank details" and the dialog showing them (each read is audited).
#[component]
fn BankDetails(id: String, shown: bool) -> impl IntoView {
    let reveal_action = ServerAction::<RevealBankDetails>::new();
    let reveal_open = RwSignal::new(false);
    Effect::new(move |_| {
        if reveal_action.value().get().is_some() {
            reveal_open.set(true);
        }
    });
    shown.then(|| {
        view! {
            <button
                type="button"
                class="button small"
                on:click=move |_| {
                    reveal_action
                        .dispatch(RevealBankDetails {
                            payout_request_id: id.clone(),
                        });
                }
            >
                "Reveal bank details"
            </button>
            <Modal open=reveal_open title="Bank details">
                {move || match reveal_action.value().get() {
                    Some(Ok(b)) => {
                        view! {
                            <p class="muted small">"This view is recorded in the audit log."</p>
                            <dl class="facts">
                                <dt>"Payee"</dt>
                                <dd>{b.broker_name}</dd>
                                <dt>"Institution"</dt>
                                <dd>{b.institution}</dd>
                                <dt>"Routing"</dt>
                                <dd>{b.routing}</dd>
                                <dt>"SWIFT/BIC"</dt>
                                <dd>{b.swift}</dd>
                                <dt>"Account number"</dt>
                                <dd class="mono">{b.account_number}</dd>
                                <dt>"Method"</dt>
                                <dd>{b.method.map(|m| m.label()).unwrap_or("—")}</dd>
                                <dt>"Notes"</dt>
                                <dd>{b.notes}</dd>
                            </dl>
                            <div class="modal-actions">
                                <button type="button" class="button primary" on:click=move |_| reveal_open.set(false)>
                                    "Close"
                                </button>
                            </div>
                        }
                            .into_any()
                    }
                    Some(Err(e)) => view! { <p class="alert alert-error">{e.to_string()}</p> }.into_any(),
                    None => ().into_any(),
                }}
            </Modal>
        }
    })
}

/// Sign-off: method, reference, date and the payment receipt.
#[component]
fn PayForm(id: String, pay: ServerAction<PayPayout>) -> impl IntoView {
    let receipt = RwSignal::new(None::<UploadedFile>);
    let receipt_id = move || receipt.get().map(|f| f.id).unwrap_or_default();
    let pv = pay.value();
    let upload_id = format!("receipt-{}", &id[..8.min(id.len())]);
    view! {
        <ActionForm action=pay attr:class="form" attr:novalidate=true>
            {action_alert(pv)}
            <input type="hidden" name="id" value=id.clone() />
            <input type="hidden" name="receipt" prop:value=receipt_id />
            <div class="form-row">
                <div class="field">
                    <label for=format!("m-{}", id)>"Method"</label>
                    <select id=format!("m-{}", id) name="method">
                        {PayoutMethod::ALL.iter().map(|m| view! { <option value=m.as_str()>{m.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=format!("ref-{}", id)>"Payment reference"</label>
                    <input id=format!("ref-{}", id) name="reference" />
                    <FieldError errors=action_field_errors(pv, "reference") />
                </div>
                <div class="field">
                    <label for=format!("on-{}", id)>"Paid on"</label>
                    <input id=format!("on-{}", id) name="paid_on" type="date" />
                    <FieldError errors=action_field_errors(pv, "paid_on") />
                </div>
            </div>
            <FileUpload label="Payment receipt" id=upload_id multiple=false on_uploaded=Callback::new(move |f: UploadedFile| receipt.set(Some(f))) />
            <FieldError errors=action_field_errors(pv, "receipt") />
            <button type="submit" class="button primary">
                "Sign off and record payment"
            </button>
        </ActionForm>
    }
}
