//! The Broker Portal: deals (with the review panel and the new-submission
//! form), one deal's journey, one submission, commissions with payout
//! requests and disputes, and printable receipts. Everything here comes from
//! broker-only types (`api::dealer::Broker…`).

use crate::api::dealer::*;
use crate::dto::dealer::*;
use crate::dto::uploads::UploadedFile;
use crate::domain::dealer::*;
use crate::domain::money::BasisPoints;
use crate::domain::time::format_date;
use crate::ui::components::{action_alert, action_field_errors, Card, Empty, ErrorPanel, FieldError, Loading, PageHeader, Pill};
use crate::ui::kit::dialog::{ConfirmButton, Modal};
use crate::ui::kit::kpi::{KpiCard, KpiStrip};
use crate::ui::kit::table::{Cell, Column, DataTable, TableRow};
use crate::ui::kit::toast::{provide_toasts, ToastRegion};
use crate::ui::kit::upload::FileUpload;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

pub fn submission_tone(s: SubmissionStatus) -> &'static str {
    match s {
        SubmissionStatus::Submitted => "info",
        SubmissionStatus::InReview => "warn",
        SubmissionStatus::Approved => "ok",
        SubmissionStatus::NotAccepted => "danger",
    }
}

pub fn deal_tone(s: DealStatus) -> &'static str {
    match s {
        DealStatus::Active => "info",
        DealStatus::Pending => "warn",
        DealStatus::Sold => "ok",
        DealStatus::Cancelled => "neutral",
    }
}

pub fn commission_tone(s: CommissionStatus) -> &'static str {
    match s {
        CommissionStatus::PendingReview => "warn",
        CommissionStatus::AwaitingPayout => "info",
        CommissionStatus::Paid => "ok",
        CommissionStatus::Cancelled => "neutral",
        CommissionStatus::Disputed => "danger",
    }
}

/// "10% of gross profit", "50% share of 10% of sale price", "Fixed amount".
pub fn terms_text(rate: Option<BasisPoints>, basis: Option<CommissionBasis>, share: BasisPoints) -> String {
    let base = match (basis, rate) {
        (Some(CommissionBasis::Fixed), _) | (_, None) => "Fixed amount".to_string(),
        (b, Some(r)) => format!("{r} of {}", b.unwrap_or(CommissionBasis::GrossProfit).label().to_lowercase()),
    };
    if share.0 < 10_000 {
        format!("Your share {share} of {base}")
    } else {
        base
    }
}

/// A submission's photos as thumbnails that open the full file.
#[component]
pub fn PhotoGallery(photos: Vec<UploadedFile>) -> impl IntoView {
    view! {
        <div class="photos">
            {photos.into_iter().map(|p| { let href = p.url.clone(); view! { <a href=href target="_blank" rel="noopener"><img src=p.url alt=p.file_name loading="lazy"/></a> } }).collect_view()}
        </div>
    }
}

/// Feedback on a submission, oldest first.
#[component]
pub fn FeedbackList(items: Vec<FeedbackItem>) -> impl IntoView {
    view! {
        <ul class="feedback">
            {items.into_iter().map(|f| view! { <li><p>{f.body}</p><span class="muted small">{f.author}" · "{format_date(f.at)}</span></li> }).collect_view()}
        </ul>
    }
}

fn pill(text: &'static str, tone: &'static str) -> impl Fn() -> AnyView + Send + Sync + 'static {
    move || view! { <Pill text=text tone=tone/> }.into_any()
}

// ---------------------------------------------------------------------------
// Deals

#[component]
pub fn BrokerDealsPage() -> impl IntoView {
    let toasts = provide_toasts();
    let submit = ServerAction::<SubmitDeal>::new();
    let open = RwSignal::new(false);
    let data = Resource::new(move || submit.version().get(), |_| async move { Ok::<_, crate::dto::error::AppError>((broker_submissions().await?, broker_deals().await?)) });
    Effect::new(move |_| {
        if let Some(Ok(_)) = submit.value().get() {
            open.set(false);
            toasts.success("Submission sent to the dealer team.");
        }
    });
    view! {
        <Title text="Deals"/>
        <ToastRegion/>
        <PageHeader title="Deals".to_string() subtitle="Your submissions and accepted deals">
            <button type="button" class="button primary" on:click=move |_| open.set(true)>"New submission"</button>
        </PageHeader>
        <Modal open title="New submission">
            <NewSubmissionForm submit/>
        </Modal>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((subs, deals)) => view! { <ReviewPanel subs/><DealsTable deals/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewSubmissionForm(submit: ServerAction<SubmitDeal>) -> impl IntoView {
    let value = submit.value();
    let photos = RwSignal::new(Vec::<UploadedFile>::new());
    let ids = move || photos.get().iter().map(|p| p.id.clone()).collect::<Vec<_>>().join(",");
    let e = move |f: &'static str| action_field_errors(value, f);
    view! {
        <ActionForm action=submit attr:class="form" attr:novalidate=true>
            {action_alert(value)}
            <div class="form-row">
                <div class="field"><label for="s-brand">"Brand"</label><input id="s-brand" name="brand" required/><FieldError errors=e("brand")/></div>
                <div class="field"><label for="s-model">"Model"</label><input id="s-model" name="model" required/><FieldError errors=e("model")/></div>
            </div>
            <div class="form-row">
                <div class="field"><label for="s-ref">"Reference"</label><input id="s-ref" name="reference" placeholder="126610LN"/><FieldError errors=e("reference")/></div>
                <div class="field"><label for="s-ask">"Asking price"</label><input id="s-ask" name="asking" inputmode="decimal" placeholder="14,500"/><FieldError errors=e("asking")/></div>
            </div>
            <div class="field">
                <label for="s-source">"Source"</label>
                <select id="s-source" name="source_type">
                    {SourceType::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                </select>
                <FieldError errors=e("source_type")/>
            </div>
            <div class="field"><label for="s-notes">"Notes"</label><textarea id="s-notes" name="notes" rows="3"></textarea><FieldError errors=e("notes")/></div>
            <input type="hidden" name="photos" prop:value=ids/>
            <FileUpload label="Photos" id="s-photos" accept="image/*"
                on_uploaded=Callback::new(move |f: UploadedFile| photos.update(|p| p.push(f)))/>
            <FieldError errors=e("photos")/>
            <div class="modal-actions">
                <button type="submit" class="button primary" disabled=move || submit.pending().get()>"Send submission"</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn ReviewPanel(subs: Vec<BrokerSubmission>) -> impl IntoView {
    let count = |s: SubmissionStatus| subs.iter().filter(|x| x.status == s).count();
    let counts: Vec<(SubmissionStatus, usize)> = SubmissionStatus::ALL.iter().map(|s| (*s, count(*s))).collect();
    let shown: Vec<BrokerSubmission> = subs.into_iter().filter(|s| s.status != SubmissionStatus::Approved).take(20).collect();
    view! {
        <Card title="In review">
            <ul class="stage-counts" aria-label="Submissions by stage">
                {counts.into_iter().map(|(s, n)| view! {
                    <li><span class="stage-count">{n}</span><span class="muted">{s.label()}</span></li>
                }).collect_view()}
            </ul>
            {if shown.is_empty() {
                view! { <p class="muted">"Nothing waiting for a decision."</p> }.into_any()
            } else {
                view! {
                    <ul class="review-list">
                        {shown.into_iter().map(|s| {
                            let href = format!("/deals/submissions/{}", s.id);
                            let missing_photos = s.status.is_open() && s.photos.is_empty();
                            let missing_price = s.status.is_open() && s.asking.is_none();
                            view! {
                                <li>
                                    <a href=href>{s.title()}</a>" "
                                    <Pill text=s.status.label() tone=submission_tone(s.status)/>
                                    <span class="muted small">" · "{format_date(s.created_at)}</span>
                                    {missing_photos.then(|| view! { <span class="hint">" · No photos yet"</span> })}
                                    {missing_price.then(|| view! { <span class="hint">" · No asking price"</span> })}
                                    {(!s.rejection_reason.is_empty()).then(|| view! { <p class="reason">"Reason: "{s.rejection_reason.clone()}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Card>
    }
}

#[component]
fn DealsTable(deals: Vec<BrokerDeal>) -> impl IntoView {
    if deals.is_empty() {
        return view! { <Empty title="No accepted deals yet" hint="Deals appear here once the dealer accepts a submission into inventory."/> }.into_any();
    }
    let rows = deals
        .into_iter()
        .map(|d| {
            let status = d.status;
            TableRow {
                key: d.id.clone(),
                href: Some(format!("/deals/{}", d.id)),
                tag: Some(d.status.as_str().to_string()),
                cells: vec![
                    Cell::text(d.title()),
                    Cell::text(d.source_type.label()),
                    Cell::text(d.status.label()).with_view(pill(status.label(), deal_tone(status))),
                    Cell::text(terms_text(d.rate, d.basis, d.share)),
                    match &d.commission {
                        Some(m) => Cell::num(m.to_minor_units().unwrap_or(0), m.format()),
                        None => Cell::num(-1, "—"),
                    },
                    Cell::num(d.submitted_at, format_date(d.submitted_at)),
                ],
            }
        })
        .collect();
    view! {
        <DataTable label="Accepted deals" rows
            columns=vec![Column::text("Watch"), Column::text("Source"), Column::text("Status"), Column::text("Commission terms"), Column::num("Your commission"), Column::num("Submitted")]
            filters=vec![("Active", "active"), ("Pending", "pending"), ("Sold", "sold"), ("Cancelled", "cancelled")]
            page_size=25/>
    }
    .into_any()
}

#[component]
pub fn BrokerDealPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), get_broker_deal);
    view! {
        <Title text="Deal"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <DealDetail d/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The four milestones with their dates.
pub fn journey(d: &BrokerDeal) -> Vec<(&'static str, Option<i64>)> {
    vec![("Accepted into inventory", Some(d.accepted_at)), ("Sold", d.sold_at), ("Commission released", d.released_at), ("Commission paid", d.paid_at)]
}

#[component]
fn DealDetail(d: BrokerDeal) -> impl IntoView {
    let steps = journey(&d);
    view! {
        <PageHeader title=d.title() subtitle=format!("{} · {}", d.status.label(), d.source_type.label())>
            <a class="button" href="/commissions">"Commissions"</a>
        </PageHeader>
        <div class="grid-2">
            <Card title="Watch">
                <dl class="facts">
                    <dt>"Brand"</dt><dd>{d.brand.clone()}</dd>
                    <dt>"Model"</dt><dd>{d.model.clone()}</dd>
                    <dt>"Reference"</dt><dd>{if d.reference.is_empty() { "—".to_string() } else { d.reference.clone() }}</dd>
                    <dt>"Source"</dt><dd>{d.source_type.label()}</dd>
                    <dt>"Asking price"</dt><dd>{d.asking.map(|m| m.format()).unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Commission"</dt><dd>{terms_text(d.rate, d.basis, d.share)}</dd>
                    <dt>"Your commission"</dt><dd>{d.commission.map(|m| m.format()).unwrap_or_else(|| "Set when the watch sells".into())}</dd>
                    <dt>"Status"</dt><dd><Pill text=d.status.label() tone=deal_tone(d.status)/></dd>
                </dl>
            </Card>
            <Card title="Journey">
                <ol class="journey">
                    {steps.into_iter().map(|(label, at)| view! {
                        <li class:done=at.is_some()>
                            <span class="journey-dot" aria-hidden="true"></span>
                            <span class="journey-label">{label}</span>
                            <span class="muted small">{at.map(format_date).unwrap_or_else(|| "Not yet".into())}</span>
                        </li>
                    }).collect_view()}
                </ol>
            </Card>
        </div>
    }
}

// ---------------------------------------------------------------------------
// One submission

#[component]
pub fn BrokerSubmissionPage() -> impl IntoView {
    let params = use_params_map();
    let toasts = provide_toasts();
    let complete = ServerAction::<CompleteSubmission>::new();
    let data = Resource::new(
        move || (params.with(|p| p.get("id").unwrap_or_default()), complete.version().get()),
        |(id, _)| get_broker_submission(id),
    );
    Effect::new(move |_| {
        if let Some(Ok(())) = complete.value().get() {
            toasts.success("Saved.");
        }
    });
    view! {
        <Title text="Submission"/>
        <ToastRegion/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(s) => view! { <SubmissionDetail s complete/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SubmissionDetail(s: BrokerSubmission, complete: ServerAction<CompleteSubmission>) -> impl IntoView {
    let value = complete.value();
    let added = RwSignal::new(Vec::<UploadedFile>::new());
    let ids = move || added.get().iter().map(|p| p.id.clone()).collect::<Vec<_>>().join(",");
    let open = s.status.is_open();
    let e = move |f: &'static str| action_field_errors(value, f);
    let asking_now = s.asking.map(|m| m.amount.to_string()).unwrap_or_default();
    let notes_now = s.notes.clone();
    view! {
        <PageHeader title=s.title() subtitle=format!("Submitted {} · {}", format_date(s.created_at), s.source_group)/>
        <div class="grid-2">
            <Card title="Status">
                <p><Pill text=s.status.label() tone=submission_tone(s.status)/></p>
                {(!s.rejection_reason.is_empty()).then(|| view! { <p class="reason">"Not accepted: "{s.rejection_reason.clone()}</p> })}
                <dl class="facts">
                    <dt>"Asking price"</dt><dd>{s.asking.map(|m| m.format()).unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Source"</dt><dd>{s.source_type.label()}</dd>
                    <dt>"Notes"</dt><dd>{if s.notes.is_empty() { "—".to_string() } else { s.notes.clone() }}</dd>
                </dl>
                <h3 class="subheading">"Feedback"</h3>
                {if s.feedback.is_empty() {
                    view! { <p class="muted">"No feedback yet."</p> }.into_any()
                } else {
                    view! { <FeedbackList items=s.feedback.clone()/> }.into_any()
                }}
            </Card>
            <Card title="Photos">
                {if s.photos.is_empty() {
                    view! { <p class="muted">"No photos yet."</p> }.into_any()
                } else {
                    view! { <PhotoGallery photos=s.photos.clone()/> }.into_any()
                }}
            </Card>
        </div>
        {open.then(|| view! {
            <Card title="Complete this submission">
                <ActionForm action=complete attr:class="form" attr:novalidate=true>
                    {action_alert(value)}
                    <input type="hidden" name="id" value=s.id.clone()/>
                    <input type="hidden" name="photos" prop:value=ids/>
                    <div class="field"><label for="c-ask">"Asking price"</label><input id="c-ask" name="asking" inputmode="decimal" value=asking_now.clone()/><FieldError errors=e("asking")/></div>
                    <div class="field"><label for="c-notes">"Notes"</label><textarea id="c-notes" name="notes" rows="3">{notes_now.clone()}</textarea><FieldError errors=e("notes")/></div>
                    <FileUpload label="Add photos" id="c-photos" accept="image/*" on_uploaded=Callback::new(move |f: UploadedFile| added.update(|p| p.push(f)))/>
                    <FieldError errors=e("photos")/>
                    <button type="submit" class="button primary">"Save"</button>
                </ActionForm>
            </Card>
        })}
    }
}

// ---------------------------------------------------------------------------
// Commissions

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
    let data = Resource::new(
        move || (request.version().get(), cancel.version().get(), dispute.version().get()),
        |_| broker_commissions(),
    );
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
        <Title text="Commissions"/>
        <ToastRegion/>
        <PageHeader title="Commissions".to_string() subtitle="What you earned, what is owed and what was paid"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <CommissionsBody page request cancel dispute disputing dispute_open/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CommissionsBody(
    page: BrokerCommissionsPage,
    request: ServerAction<RequestPayout>,
    cancel: ServerAction<CancelPayout>,
    dispute: ServerAction<OpenDispute>,
    disputing: RwSignal<Option<(String, String)>>,
    dispute_open: RwSignal<bool>,
) -> impl IntoView {
    let k = page.kpis.clone();
    let last = k.last_paid.as_ref().map(|(at, m)| (format_date(*at), m.format()));
    let open_req = page.open_request.as_ref().and_then(|id| page.requests.iter().find(|r| &r.id == id).cloned());
    let can_request = open_req.is_none() && k.requestable.is_positive();
    let requestable = k.requestable.format();
    let req_value = request.value();
    let status = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let filter = Signal::derive(move || CommissionFilter::parse(&status.get(), &from.get(), &to.get()));
    let export = move || format!("/export/commissions.csv?{}", filter.get().query());
    Effect::new(move |_| {
        if let Some(Ok(_)) = dispute.value().get() {
            dispute_open.set(false);
        }
    });
    let commissions = StoredValue::new(page.commissions.clone());
    let requests = page.requests.clone();
    let dv = dispute.value();
    view! {
        <KpiStrip>
            <KpiCard label="Total pending" value=k.pending.format() hint="Pending review and awaiting payout"/>
            <KpiCard label="Total paid" value=k.paid.format()/>
            <KpiCard label="Lifetime earnings" value=k.lifetime.format()/>
            <KpiCard label="Last paid" value=last.as_ref().map(|l| l.1.clone()).unwrap_or_else(|| "—".into()) hint=last.as_ref().map(|l| l.0.clone()).unwrap_or_else(|| "No payment yet".into())/>
        </KpiStrip>
        <Card title="Payout">
            {match open_req {
                Some(r) => view! {
                    <div class="payout-status">
                        <p>"Your request for "<strong>{r.total.format()}</strong>" ("{r.commissions}" commissions) of "{format_date(r.requested_at)}":"</p>
                        <ol class="steps" aria-label="Payout request status">
                            {[PayoutStatus::Requested, PayoutStatus::AwaitingSignoff, PayoutStatus::SignoffComplete].into_iter().map(|s| {
                                let reached = match (r.status, s) {
                                    (PayoutStatus::AwaitingSignoff, PayoutStatus::Requested) => true,
                                    (a, b) => a == b,
                                };
                                view! { <li class:current=r.status == s class:done=reached>{s.label()}</li> }
                            }).collect_view()}
                        </ol>
                        <ConfirmButton label="Cancel request" question="Cancel this payout request? You can file a new one afterwards."
                            confirm_label="Yes, cancel it" danger=true
                            on_confirm=Callback::new(move |_| { cancel.dispatch(CancelPayout { id: r.id.clone() }); })/>
                    </div>
                }.into_any(),
                None if can_request => view! {
                    <ActionForm action=request attr:class="form inline-form">
                        {action_alert(req_value)}
                        <p>{requestable.clone()}" is released and ready to be paid out."</p>
                        <div class="field"><label for="p-note">"Note (optional)"</label><input id="p-note" name="note" maxlength="500"/></div>
                        <button type="submit" class="button primary">"Request payout of "{requestable.clone()}</button>
                    </ActionForm>
                }.into_any(),
                None => view! { <p class="muted">"Nothing is awaiting payout right now. Commissions become payable once the dealer releases them."</p> }.into_any(),
            }}
        </Card>
        <div class="filter-bar" role="group" aria-label="Commission filters">
            <div class="field inline">
                <label for="f-status">"Status"</label>
                <select id="f-status" on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="">"All"</option>
                    {CommissionStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field inline"><label for="f-from">"Earned from"</label><input id="f-from" type="date" on:change=move |ev| from.set(event_target_value(&ev))/></div>
            <div class="field inline"><label for="f-to">"to"</label><input id="f-to" type="date" on:change=move |ev| to.set(event_target_value(&ev))/></div>
            <a class="button" href=export download>"Export CSV"</a>
        </div>
        {move || {
            let f = filter.get();
            let rows: Vec<TableRow> = commissions.with_value(|list| list.iter().filter(|c| f.matches(c.status, c.created_at)).map(|c| commission_row(c, disputing, dispute_open)).collect());
            if rows.is_empty() {
                view! { <Empty title="No commissions" hint="Commissions appear when a watch you sourced is sold."/> }.into_any()
            } else {
                view! {
                    <DataTable label="Commissions" rows
                        columns=vec![Column::text("Watch"), Column::text("Status"), Column::num("Amount"), Column::num("Earned"), Column::num("Paid"), Column::text("")]
                        page_size=25/>
                }.into_any()
            }
        }}
        <Modal open=dispute_open title="Dispute a commission">
            {move || disputing.get().map(|(id, watch)| view! {
                <ActionForm action=dispute attr:class="form">
                    {action_alert(dv)}
                    <p class="muted">{watch}</p>
                    <input type="hidden" name="commission_id" value=id/>
                    <div class="field">
                        <label for="d-cat">"Category"</label>
                        <select id="d-cat" name="category">
                            {DisputeCategory::ALL.iter().map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()}
                        </select>
                        <FieldError errors=action_field_errors(dv, "category")/>
                    </div>
                    <div class="field"><label for="d-reason">"Reason"</label><textarea id="d-reason" name="reason" rows="3"></textarea><FieldError errors=action_field_errors(dv, "reason")/></div>
                    <div class="modal-actions"><button type="submit" class="button primary">"Send dispute"</button></div>
                </ActionForm>
            })}
        </Modal>
        <Card title="Payout requests">
            {if requests.is_empty() {
                view! { <p class="muted">"No payout requests yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="request-list">
                        {requests.into_iter().map(|r| view! {
                            <li>
                                <strong>{r.total.format()}</strong>" · "{format_date(r.requested_at)}" · "
                                <Pill text=r.status.label() tone=if r.status == PayoutStatus::SignoffComplete { "ok" } else if r.status == PayoutStatus::Cancelled { "neutral" } else { "info" }/>
                                {r.paid_on.map(|d| view! { <span class="muted small">" Paid "{format_date(d)}{r.method.map(|m| format!(" by {}", m.label()))}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Card>
    }
}

fn commission_row(c: &BrokerCommission, disputing: RwSignal<Option<(String, String)>>, dispute_open: RwSignal<bool>) -> TableRow {
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
    let action_text = if paid { "Receipt" } else if can_dispute { "Dispute" } else { "" };
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
            Cell::num(c.created_at, format_date(c.created_at)),
            match c.paid_at {
                Some(p) => Cell::num(p, format_date(p)),
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

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), commission_receipt);
    view! {
        <Title text="Receipt"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(r) => view! {
                        <section class="card printable receipt">
                            <h1 class="receipt-title">"Commission payment receipt"</h1>
                            <p class="muted">{r.org_name.clone()}</p>
                            <dl class="facts">
                                <dt>"Paid to"</dt><dd>{r.broker_name.clone()}</dd>
                                <dt>"For"</dt><dd>{r.watch.clone()}</dd>
                                <dt>"Amount"</dt><dd class="receipt-amount">{r.amount.format()}</dd>
                                <dt>"Paid on"</dt><dd>{format_date(r.paid_on)}</dd>
                                <dt>"Method"</dt><dd>{r.method.label()}</dd>
                                <dt>"Payment reference"</dt><dd>{r.reference.clone()}</dd>
                                <dt>"Receipt number"</dt><dd>{r.commission_id[..12.min(r.commission_id.len())].to_uppercase()}</dd>
                            </dl>
                            <div class="button-row no-print">
                                <button type="button" class="button primary" on:click=move |_| { let _ = window().print(); }>"Print"</button>
                                <a class="button" href="/commissions">"Back to commissions"</a>
                            </div>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
