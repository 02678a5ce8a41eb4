//! The Deal Desk: the dealer team's side of the same deals — the review
//! queue, inventory and sales, commissions, payout requests and disputes.
//! Buttons and forms appear for the capabilities the person holds; the
//! server checks them again.

use super::broker::{commission_tone, deal_tone, submission_tone, FeedbackList, PhotoGallery};
use crate::api::account::get_me;
use crate::api::dealer::*;
use crate::dto::dealer::*;
use crate::dto::uploads::UploadedFile;
use crate::domain::dealer::*;
use crate::domain::time::format_date;
use crate::domain::Capability;
use crate::ui::components::{action_alert, action_field_errors, Card, Empty, ErrorPanel, FieldError, Loading, PageHeader, Pill};
use crate::ui::kit::table::{Cell, Column, DataTable, TableRow};
use crate::ui::kit::toast::{provide_toasts, toast_result, ToastRegion};
use crate::ui::kit::upload::FileUpload;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The capabilities of the signed-in person (for showing actions).
fn caps_resource() -> Resource<Result<Vec<Capability>, crate::dto::error::AppError>> {
    Resource::new(|| (), |_| async move { Ok(get_me().await?.map(|m| m.capabilities).unwrap_or_default()) })
}

// ---------------------------------------------------------------------------
// Submissions

#[component]
pub fn DeskSubmissionsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| desk_submissions());
    view! {
        <Title text="Submissions"/>
        <PageHeader title="Submissions".to_string() subtitle="Leads from brokers, waiting for a decision"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <Empty title="No submissions yet" hint="Brokers' leads appear here."/> }.into_any(),
                    Ok(list) => {
                        let rows = list.into_iter().map(|s| {
                            let st = s.status;
                            TableRow {
                                key: s.id.clone(),
                                href: Some(format!("/desk/submissions/{}", s.id)),
                                tag: Some(s.status.as_str().to_string()),
                                cells: vec![
                                    Cell::text(s.title()),
                                    Cell::text(s.broker_name.clone()),
                                    Cell::text(s.status.label()).with_view(move || view! { <Pill text=st.label() tone=submission_tone(st)/> }.into_any()),
                                    match &s.asking { Some(m) => Cell::num(m.to_minor_units().unwrap_or(0), m.format()), None => Cell::num(-1, "—") },
                                    Cell::num(s.photos.len() as i64, s.photos.len().to_string()),
                                    Cell::text(s.source_group.clone()),
                                    Cell::num(s.created_at, format_date(s.created_at)),
                                ],
                            }
                        }).collect();
                        view! {
                            <DataTable label="Submissions" rows
                                columns=vec![Column::text("Watch"), Column::text("Broker"), Column::text("Status"), Column::num("Asking"), Column::num("Photos"), Column::text("Source"), Column::num("Submitted")]
                                filters=vec![("Submitted", "submitted"), ("In Review", "in_review"), ("Approved", "approved"), ("Not Accepted", "not_accepted")]
                                page_size=25/>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn DeskSubmissionPage() -> impl IntoView {
    let params = use_params_map();
    let toasts = provide_toasts();
    let review = ServerAction::<StartReview>::new();
    let accept = ServerAction::<AcceptSubmission>::new();
    let decline = ServerAction::<DeclineSubmission>::new();
    let feedback = ServerAction::<PostFeedback>::new();
    toast_result(toasts, review.value(), "Review started.");
    toast_result(toasts, accept.value(), "Accepted into inventory.");
    toast_result(toasts, decline.value(), "Marked not accepted; the broker sees the reason.");
    toast_result(toasts, feedback.value(), "Feedback posted.");
    let data = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                review.version().get() + accept.version().get() + decline.version().get() + feedback.version().get(),
            )
        },
        |(id, _)| get_desk_submission(id),
    );
    view! {
        <Title text="Submission"/>
        <ToastRegion/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <DeskSubmissionBody page review accept decline feedback/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DeskSubmissionBody(
    page: DeskSubmissionPage,
    review: ServerAction<StartReview>,
    accept: ServerAction<AcceptSubmission>,
    decline: ServerAction<DeclineSubmission>,
    feedback: ServerAction<PostFeedback>,
) -> impl IntoView {
    let s = page.submission;
    let open = s.status.is_open();
    let id = StoredValue::new(s.id.clone());
    let av = accept.value();
    let dv = decline.value();
    let fv = feedback.value();
    view! {
        <PageHeader title=s.title() subtitle=format!("From {} · {} · {}", s.broker_name, s.source_group, format_date(s.created_at))>
            {s.deal_id.clone().map(|d| view! { <a class="button" href=format!("/desk/inventory/{d}")>"Open in inventory"</a> })}
        </PageHeader>
        <div class="grid-2">
            <Card title="Lead">
                <p><Pill text=s.status.label() tone=submission_tone(s.status)/></p>
                <dl class="facts">
                    <dt>"Brand"</dt><dd>{s.brand.clone()}</dd>
                    <dt>"Model"</dt><dd>{s.model.clone()}</dd>
                    <dt>"Reference"</dt><dd>{if s.reference.is_empty() { "—".to_string() } else { s.reference.clone() }}</dd>
                    <dt>"Asking price"</dt><dd>{s.asking.map(|m| m.format()).unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Source"</dt><dd>{s.source_type.label()}</dd>
                    <dt>"Notes"</dt><dd>{if s.notes.is_empty() { "—".to_string() } else { s.notes.clone() }}</dd>
                </dl>
                {(!s.rejection_reason.is_empty()).then(|| view! { <p class="reason">"Not accepted: "{s.rejection_reason.clone()}</p> })}
                {(s.status == SubmissionStatus::Submitted).then(move || {
                    view! { <button type="button" class="button" on:click=move |_| { review.dispatch(StartReview { id: id.get_value() }); }>"Start review"</button> }
                })}
            </Card>
            <Card title="Photos">
                {if s.photos.is_empty() {
                    view! { <p class="muted">"No photos."</p> }.into_any()
                } else {
                    view! { <PhotoGallery photos=s.photos.clone()/> }.into_any()
                }}
            </Card>
        </div>
        {open.then(move || view! {
            <div class="grid-2">
                <Card title="Accept into inventory">
                    <ActionForm action=accept attr:class="form" attr:novalidate=true>
                        {action_alert(av)}
                        <input type="hidden" name="id" value=id.get_value()/>
                        <div class="field"><label for="a-cost">"Acquisition cost"</label><input id="a-cost" name="cost" inputmode="decimal"/><FieldError errors=action_field_errors(av, "cost")/></div>
                        <div class="field"><label for="a-serial">"Serial number"</label><input id="a-serial" name="serial"/><FieldError errors=action_field_errors(av, "serial")/></div>
                        <div class="form-row">
                            <div class="field">
                                <label for="a-co">"Co-broker (co-sourced deals)"</label>
                                <select id="a-co" name="co_broker_id">
                                    <option value="">"None"</option>
                                    {page.brokers.iter().map(|b| view! { <option value=b.id.clone()>{b.name.clone()}</option> }).collect_view()}
                                </select>
                                <FieldError errors=action_field_errors(av, "co_broker_id")/>
                            </div>
                            <div class="field"><label for="a-share">"Co-broker's share (%)"</label><input id="a-share" name="co_share" inputmode="decimal" placeholder="50"/><FieldError errors=action_field_errors(av, "co_share")/></div>
                        </div>
                        <button type="submit" class="button primary">"Accept"</button>
                    </ActionForm>
                </Card>
                <Card title="Not accepted">
                    <ActionForm action=decline attr:class="form" attr:novalidate=true>
                        {action_alert(dv)}
                        <input type="hidden" name="id" value=id.get_value()/>
                        <div class="field"><label for="n-reason">"Reason the broker will see"</label><textarea id="n-reason" name="reason" rows="3"></textarea><FieldError errors=action_field_errors(dv, "reason")/></div>
                        <button type="submit" class="button danger">"Not accept"</button>
                    </ActionForm>
                </Card>
            </div>
        })}
        <Card title="Feedback to the broker">
            {if s.feedback.is_empty() {
                view! { <p class="muted">"No feedback yet."</p> }.into_any()
            } else {
                view! { <FeedbackList items=s.feedback.clone()/> }.into_any()
            }}
            <ActionForm action=feedback attr:class="form" attr:novalidate=true>
                {action_alert(fv)}
                <input type="hidden" name="id" value=id.get_value()/>
                <div class="field"><label for="fb-body">"Feedback"</label><textarea id="fb-body" name="body" rows="2"></textarea><FieldError errors=action_field_errors(fv, "body")/></div>
                <button type="submit" class="button">"Post feedback"</button>
            </ActionForm>
        </Card>
    }
}

// ---------------------------------------------------------------------------
// Inventory

#[component]
pub fn InventoryPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| desk_inventory());
    view! {
        <Title text="Inventory"/>
        <PageHeader title="Inventory".to_string() subtitle="Watches accepted from brokers"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <Empty title="Inventory is empty" hint="Accepted submissions appear here."/> }.into_any(),
                    Ok(list) => {
                        let rows = list.into_iter().map(|d| {
                            let st = d.status;
                            TableRow {
                                key: d.id.clone(),
                                href: Some(format!("/desk/inventory/{}", d.id)),
                                tag: Some(d.status.as_str().to_string()),
                                cells: vec![
                                    Cell::text(d.title()),
                                    Cell::text(d.serial.clone()),
                                    Cell::text(d.broker_name.clone()),
                                    Cell::text(d.status.label()).with_view(move || view! { <Pill text=st.label() tone=deal_tone(st)/> }.into_any()),
                                    match &d.cost { Some(m) => Cell::num(m.to_minor_units().unwrap_or(0), m.format()), None => Cell::num(-1, "Hidden") },
                                    Cell::num(d.accepted_at, format_date(d.accepted_at)),
                                ],
                            }
                        }).collect();
                        view! {
                            <DataTable label="Inventory" rows
                                columns=vec![Column::text("Watch"), Column::text("Serial"), Column::text("Broker"), Column::text("Status"), Column::num("Cost"), Column::num("Accepted")]
                                filters=vec![("Active", "active"), ("Pending", "pending"), ("Sold", "sold"), ("Cancelled", "cancelled")]
                                page_size=25/>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn InventoryItemPage() -> impl IntoView {
    let params = use_params_map();
    let toasts = provide_toasts();
    let pending = ServerAction::<MarkSalePending>::new();
    let cost = ServerAction::<AddDealCost>::new();
    let sale = ServerAction::<RecordSale>::new();
    let cancel = ServerAction::<CancelDeal>::new();
    let release = ServerAction::<ReleaseCommission>::new();
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
                pending.version().get() + cost.version().get() + sale.version().get() + cancel.version().get() + release.version().get(),
            )
        },
        |(id, _)| get_desk_deal(id),
    );
    view! {
        <Title text="Inventory item"/>
        <ToastRegion/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let caps = caps.await.unwrap_or_default();
                match data.await {
                    Ok(d) => view! { <DealDesk d caps pending cost sale cancel release/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
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
) -> impl IntoView {
    let can = move |c: Capability| caps.contains(&c);
    let unsold = matches!(d.status, DealStatus::Active | DealStatus::Pending);
    let can_sell = unsold && can(Capability::DealsRecordSale);
    let owner_terms = can(Capability::CommissionsApprove);
    let can_cost = unsold && can(Capability::FinancialsView);
    let can_release = can(Capability::CommissionsApprove);
    let id = StoredValue::new(d.id.clone());
    let sv = sale.value();
    let cv = cost.value();
    let xv = cancel.value();
    view! {
        <PageHeader title=d.title() subtitle=format!("Sourced by {}{}", d.broker_name, d.co_broker_name.as_ref().map(|c| format!(" with {c}")).unwrap_or_default())>
            <a class="button" href=format!("/desk/submissions/{}", d.submission_id)>"Submission"</a>
        </PageHeader>
        <div class="grid-2">
            <Card title="Watch">
                <p><Pill text=d.status.label() tone=deal_tone(d.status)/></p>
                <dl class="facts">
                    <dt>"Brand"</dt><dd>{d.brand.clone()}</dd>
                    <dt>"Model"</dt><dd>{d.model.clone()}</dd>
                    <dt>"Reference"</dt><dd>{d.reference.clone()}</dd>
                    <dt>"Serial"</dt><dd>{if d.serial.is_empty() { "—".to_string() } else { d.serial.clone() }}</dd>
                    <dt>"Acquisition cost"</dt><dd>{d.cost.map(|m| m.format()).unwrap_or_else(|| "Hidden (needs financials access)".into())}</dd>
                    <dt>"Accepted"</dt><dd>{format_date(d.accepted_at)}</dd>
                    {d.sale_price.map(|p| view! { <dt>"Sale price"</dt><dd>{p.format()}</dd> })}
                    {d.buyer.clone().map(|b| view! { <dt>"Buyer"</dt><dd>{b}</dd> })}
                    {d.sold_at.map(|s| view! { <dt>"Sold"</dt><dd>{format_date(s)}</dd> })}
                    <dt>"Broker's default rate"</dt><dd>{format!("{} of gross profit", d.default_rate)}</dd>
                </dl>
                {d.costs.clone().filter(|c| !c.is_empty()).map(|costs| view! {
                    <h3 class="subheading">"Recorded costs"</h3>
                    <ul class="costs">{costs.into_iter().map(|c| view! { <li>{c.label}" · "{c.amount.format()}</li> }).collect_view()}</ul>
                })}
                {(d.status == DealStatus::Active && can(Capability::DealsRecordSale)).then(move || {
                    view! { <button type="button" class="button" on:click=move |_| { pending.dispatch(MarkSalePending { id: id.get_value() }); }>"Mark sale pending"</button> }
                })}
            </Card>
            {can_sell.then(move || view! {
                <Card title="Record the sale">
                    <ActionForm action=sale attr:class="form" attr:novalidate=true>
                        {action_alert(sv)}
                        <input type="hidden" name="id" value=id.get_value()/>
                        <div class="form-row">
                            <div class="field"><label for="r-price">"Sale price"</label><input id="r-price" name="price" inputmode="decimal"/><FieldError errors=action_field_errors(sv, "price")/></div>
                            <div class="field"><label for="r-date">"Sale date"</label><input id="r-date" name="sold_on" type="date"/><FieldError errors=action_field_errors(sv, "sold_on")/></div>
                        </div>
                        <div class="field"><label for="r-buyer">"Buyer"</label><input id="r-buyer" name="buyer"/><FieldError errors=action_field_errors(sv, "buyer")/></div>
                        {if owner_terms {
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
                                            <FieldError errors=action_field_errors(sv, "basis")/>
                                        </div>
                                        <div class="field"><label for="r-rate">"Rate (%)"</label><input id="r-rate" name="rate" inputmode="decimal"/><FieldError errors=action_field_errors(sv, "rate")/></div>
                                        <div class="field"><label for="r-fixed">"Fixed amount"</label><input id="r-fixed" name="fixed" inputmode="decimal"/><FieldError errors=action_field_errors(sv, "fixed")/></div>
                                    </div>
                                </fieldset>
                            }.into_any()
                        } else {
                            view! { <input type="hidden" name="basis" value=""/><input type="hidden" name="rate" value=""/><input type="hidden" name="fixed" value=""/> }.into_any()
                        }}
                        <button type="submit" class="button primary">"Record sale"</button>
                    </ActionForm>
                </Card>
            })}
        </div>
        {(can_cost || can_sell).then(move || view! {
            <div class="grid-2">
                {can_cost.then(move || view! {
                    <Card title="Add a cost">
                        <ActionForm action=cost attr:class="form" attr:novalidate=true>
                            {action_alert(cv)}
                            <input type="hidden" name="id" value=id.get_value()/>
                            <div class="form-row">
                                <div class="field"><label for="k-label">"What"</label><input id="k-label" name="label" placeholder="Service"/><FieldError errors=action_field_errors(cv, "label")/></div>
                                <div class="field"><label for="k-amount">"Amount"</label><input id="k-amount" name="amount" inputmode="decimal"/><FieldError errors=action_field_errors(cv, "amount")/></div>
                            </div>
                            <button type="submit" class="button">"Add cost"</button>
                        </ActionForm>
                    </Card>
                })}
                {can_sell.then(move || view! {
                    <Card title="Cancel the deal">
                        <ActionForm action=cancel attr:class="form" attr:novalidate=true>
                            {action_alert(xv)}
                            <input type="hidden" name="id" value=id.get_value()/>
                            <div class="field"><label for="x-reason">"Reason"</label><input id="x-reason" name="reason"/><FieldError errors=action_field_errors(xv, "reason")/></div>
                            <button type="submit" class="button danger">"Cancel deal"</button>
                        </ActionForm>
                    </Card>
                })}
            </div>
        })}
        {(!d.commissions.is_empty()).then(|| view! {
            <Card title="Commissions">
                <ul class="request-list">
                    {d.commissions.iter().map(|c| {
                        let cid = c.id.clone();
                        let st = c.status;
                        view! {
                            <li>
                                {c.broker_name.clone()}" · "<strong>{c.amount.format()}</strong>" · "
                                <Pill text=st.label() tone=commission_tone(st)/>
                                {(can_release && st == CommissionStatus::PendingReview).then(|| view! {
                                    " "<button type="button" class="button small" on:click=move |_| { release.dispatch(ReleaseCommission { id: cid.clone() }); }>"Release"</button>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Card>
        })}
    }
}

// ---------------------------------------------------------------------------
// Commissions

#[component]
pub fn DeskCommissionsPage() -> impl IntoView {
    let toasts = provide_toasts();
    let release = ServerAction::<ReleaseCommission>::new();
    let cancel = ServerAction::<CancelCommission>::new();
    toast_result(toasts, release.value(), "Commission released: it is now awaiting payout.");
    toast_result(toasts, cancel.value(), "Commission cancelled; its ledger entry is reversed.");
    let cancelling = RwSignal::new(None::<(String, String)>);
    let data = Resource::new(move || release.version().get() + cancel.version().get(), |_| desk_commissions());
    let cv = cancel.value();
    Effect::new(move |_| {
        if let Some(Ok(())) = cancel.value().get() {
            cancelling.set(None);
        }
    });
    view! {
        <Title text="Commissions"/>
        <ToastRegion/>
        <PageHeader title="Commissions".to_string() subtitle="Release commissions for payout, or cancel them with a reason"/>
        {move || cancelling.get().map(|(id, watch)| view! {
            <Card title="Cancel a commission">
                <ActionForm action=cancel attr:class="form inline-form" attr:novalidate=true>
                    {action_alert(cv)}
                    <p>{watch}</p>
                    <input type="hidden" name="id" value=id/>
                    <div class="field"><label for="cc-reason">"Reason"</label><input id="cc-reason" name="reason"/><FieldError errors=action_field_errors(cv, "reason")/></div>
                    <button type="submit" class="button danger">"Cancel commission"</button>
                    <button type="button" class="button" on:click=move |_| cancelling.set(None)>"Keep it"</button>
                </ActionForm>
            </Card>
        })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <Empty title="No commissions yet" hint="A commission is created when a sale is recorded."/> }.into_any(),
                    Ok(list) => {
                        let rows = list.into_iter().map(|c| {
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
                                    Cell::num(c.created_at, format_date(c.created_at)),
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
                                        }.into_any()
                                    }),
                                ],
                            }
                        }).collect();
                        view! {
                            <DataTable label="Commissions" rows
                                columns=vec![Column::text("Watch"), Column::text("Broker"), Column::text("Status"), Column::num("Amount"), Column::num("Earned"), Column::text("")]
                                filters=vec![("Pending Review", "pending_review"), ("Awaiting Payout", "awaiting_payout"), ("Disputed", "disputed"), ("Paid", "paid"), ("Cancelled", "cancelled")]
                                page_size=25/>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

// ---------------------------------------------------------------------------
// Payouts

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
        <Title text="Payouts"/>
        <ToastRegion/>
        <PageHeader title="Payout requests".to_string() subtitle="Check, sign off and pay brokers' requests"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let caps = caps.await.unwrap_or_default();
                let signoff = caps.contains(&Capability::PayoutsSignoff);
                let reveal = caps.contains(&Capability::PayoutDetailsReveal);
                match data.await {
                    Ok(list) if list.is_empty() => view! { <Empty title="No payout requests" hint="Brokers' requests appear here."/> }.into_any(),
                    Ok(list) => view! {
                        <div class="payouts">
                            {list.into_iter().map(|p| view! { <PayoutCard p signoff reveal review pay/> }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PayoutCard(p: DeskPayout, signoff: bool, reveal: bool, review: ServerAction<ReviewPayout>, pay: ServerAction<PayPayout>) -> impl IntoView {
    let reveal_action = ServerAction::<crate::api::portal::RevealBankDetails>::new();
    let reveal_open = RwSignal::new(false);
    Effect::new(move |_| {
        if reveal_action.value().get().is_some() {
            reveal_open.set(true);
        }
    });
    let receipt = RwSignal::new(None::<UploadedFile>);
    let receipt_id = move || receipt.get().map(|f| f.id).unwrap_or_default();
    let pv = pay.value();
    let id = p.id.clone();
    let tone = match p.status {
        PayoutStatus::SignoffComplete => "ok",
        PayoutStatus::Cancelled => "neutral",
        PayoutStatus::AwaitingSignoff => "warn",
        PayoutStatus::Requested => "info",
    };
    let upload_id = format!("receipt-{}", &p.id[..8.min(p.id.len())]);
    view! {
        <Card title=format!("{} — {}", p.broker_name, p.total.format())>
            <p><Pill text=p.status.label() tone=tone/>" "<span class="muted small">"Requested "{format_date(p.requested_at)}</span></p>
            {(!p.note.is_empty()).then(|| view! { <p class="reason">"Note: "{p.note.clone()}</p> })}
            <ul class="costs">{p.items.iter().map(|(w, a)| view! { <li>{w.clone()}" · "{a.format()}</li> }).collect_view()}</ul>
            <p class="muted small">"Payout details on file: "{p.payee_method.map(|m| m.label()).unwrap_or("none")}{(!p.payee_last4.is_empty()).then(|| format!(", account ending {}", p.payee_last4))}</p>
            {(reveal && p.status.is_open()).then(|| {
                let rid = p.id.clone();
                view! {
                    <button type="button" class="button small" on:click=move |_| { reveal_action.dispatch(crate::api::portal::RevealBankDetails { payout_request_id: rid.clone() }); }>
                        "Reveal bank details"
                    </button>
                    <crate::ui::kit::dialog::Modal open=reveal_open title="Bank details">
                        {move || match reveal_action.value().get() {
                            Some(Ok(b)) => view! {
                                <p class="muted small">"This view is recorded in the audit log."</p>
                                <dl class="facts">
                                    <dt>"Payee"</dt><dd>{b.broker_name}</dd>
                                    <dt>"Institution"</dt><dd>{b.institution}</dd>
                                    <dt>"Routing"</dt><dd>{b.routing}</dd>
                                    <dt>"SWIFT/BIC"</dt><dd>{b.swift}</dd>
                                    <dt>"Account number"</dt><dd class="mono">{b.account_number}</dd>
                                    <dt>"Method"</dt><dd>{b.method.map(|m| m.label()).unwrap_or("—")}</dd>
                                    <dt>"Notes"</dt><dd>{b.notes}</dd>
                                </dl>
                                <div class="modal-actions"><button type="button" class="button primary" on:click=move |_| reveal_open.set(false)>"Close"</button></div>
                            }.into_any(),
                            Some(Err(e)) => view! { <p class="alert alert-error">{e.to_string()}</p> }.into_any(),
                            None => ().into_any(),
                        }}
                    </crate::ui::kit::dialog::Modal>
                }
            })}
            {p.paid_on.map(|d| view! {
                <p>"Paid "{format_date(d)}{p.method.map(|m| format!(" by {}", m.label()))}{p.reference.clone().map(|r| format!(" — {r}"))}
                {p.receipt.clone().map(|r| view! { " · "<a href=r.url target="_blank" rel="noopener">"Receipt file"</a> })}</p>
            })}
            {(p.status == PayoutStatus::Requested).then(|| {
                let id = id.clone();
                view! { <button type="button" class="button" on:click=move |_| { review.dispatch(ReviewPayout { id: id.clone() }); }>"Checked — send to sign-off"</button> }
            })}
            {(p.status == PayoutStatus::AwaitingSignoff && signoff).then(|| view! {
                <ActionForm action=pay attr:class="form" attr:novalidate=true>
                    {action_alert(pv)}
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="receipt" prop:value=receipt_id/>
                    <div class="form-row">
                        <div class="field">
                            <label for=format!("m-{}", id)>"Method"</label>
                            <select id=format!("m-{}", id) name="method">
                                {PayoutMethod::ALL.iter().map(|m| view! { <option value=m.as_str()>{m.label()}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field"><label for=format!("ref-{}", id)>"Payment reference"</label><input id=format!("ref-{}", id) name="reference"/><FieldError errors=action_field_errors(pv, "reference")/></div>
                        <div class="field"><label for=format!("on-{}", id)>"Paid on"</label><input id=format!("on-{}", id) name="paid_on" type="date"/><FieldError errors=action_field_errors(pv, "paid_on")/></div>
                    </div>
                    <FileUpload label="Payment receipt" id=upload_id multiple=false on_uploaded=Callback::new(move |f: UploadedFile| receipt.set(Some(f)))/>
                    <FieldError errors=action_field_errors(pv, "receipt")/>
                    <button type="submit" class="button primary">"Sign off and record payment"</button>
                </ActionForm>
            })}
        </Card>
    }
}

// ---------------------------------------------------------------------------
// Disputes

#[component]
pub fn DisputesPage() -> impl IntoView {
    let toasts = provide_toasts();
    let settle = ServerAction::<SettleDispute>::new();
    toast_result(toasts, settle.value(), "Dispute closed; the broker sees your reply.");
    let data = Resource::new(move || settle.version().get(), |_| desk_disputes());
    view! {
        <Title text="Disputes"/>
        <ToastRegion/>
        <PageHeader title="Disputes".to_string() subtitle="Brokers' questions about their commissions"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <Empty title="No disputes" hint="Disputes brokers open appear here."/> }.into_any(),
                    Ok(list) => view! {
                        <div class="payouts">
                            {list.into_iter().map(|d| {
                                let sv = settle.value();
                                let open = d.status == DisputeStatus::Open;
                                view! {
                                    <Card title=format!("{} — {}", d.broker_name, d.watch)>
                                        <p><Pill text=d.status.label() tone=if open { "warn" } else { "neutral" }/>" "<span class="muted small">{d.category.label()}" · "{format_date(d.created_at)}" · commission "{d.amount.format()}</span></p>
                                        <p class="reason">{d.reason.clone()}</p>
                                        {(!d.reply.is_empty()).then(|| view! { <p>"Reply: "{d.reply.clone()}</p> })}
                                        {open.then(|| view! {
                                            <ActionForm action=settle attr:class="form" attr:novalidate=true>
                                                {action_alert(sv)}
                                                <input type="hidden" name="id" value=d.id.clone()/>
                                                <div class="form-row">
                                                    <div class="field">
                                                        <label for=format!("dd-{}", d.id)>"Decision"</label>
                                                        <select id=format!("dd-{}", d.id) name="decision">
                                                            <option value="resolve">"Resolve"</option>
                                                            <option value="reject">"Reject"</option>
                                                        </select>
                                                    </div>
                                                    <div class="field"><label for=format!("da-{}", d.id)>"Corrected commission (optional)"</label><input id=format!("da-{}", d.id) name="amount" inputmode="decimal"/><FieldError errors=action_field_errors(sv, "amount")/></div>
                                                </div>
                                                <div class="field"><label for=format!("dr-{}", d.id)>"Reply to the broker"</label><textarea id=format!("dr-{}", d.id) name="reply" rows="2"></textarea><FieldError errors=action_field_errors(sv, "reply")/></div>
                                                <button type="submit" class="button primary">"Close dispute"</button>
                                            </ActionForm>
                                        })}
                                    </Card>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
