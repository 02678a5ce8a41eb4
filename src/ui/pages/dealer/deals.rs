//! /deals — the broker's submissions in review, accepted deals, and the
//! new-submission form.

use crate::api::dealer::{broker_deals, broker_submissions, SubmitDeal};
use crate::domain::dealer::{SourceType, SubmissionStatus};
use crate::dto::dealer::{BrokerDeal, BrokerSubmission};
use crate::dto::error::AppError;
use crate::dto::uploads::UploadedFile;
use crate::ui::components::dealer::{deal_tone, submission_tone, terms_text};
use crate::ui::components::time::date;
use crate::ui::components::{action_alert, action_field_errors, Card, Empty, FieldError, Load, PageHeader, Pill};
use crate::ui::kit::dialog::{Modal, ModalCancel};
use crate::ui::kit::table::{Cell, Column, DataTable, TableRow};
use crate::ui::kit::toast::{provide_toasts, ToastRegion};
use crate::ui::kit::upload::FileUpload;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn BrokerDealsPage() -> impl IntoView {
    let toasts = provide_toasts();
    let submit = ServerAction::<SubmitDeal>::new();
    let open = RwSignal::new(false);
    let data = Resource::new(move || submit.version().get(), |_| async move { Ok::<_, AppError>((broker_submissions().await?, broker_deals().await?)) });
    Effect::new(move |_| {
        if let Some(Ok(_)) = submit.value().get() {
            open.set(false);
            toasts.success("Submission sent to the dealer team.");
        }
    });
    view! {
        <Title text="Deals" />
        <ToastRegion />
        <PageHeader title="Deals".to_string() subtitle="Your submissions and accepted deals">
            <button type="button" class="button primary" on:click=move |_| open.set(true)>
                "New submission"
            </button>
        </PageHeader>
        <Modal open title="New submission">
            <NewSubmissionForm submit />
        </Modal>
        <Load data let((subs, deals))>
            <ReviewPanel subs />
            <DealsTable deals />
        </Load>
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
                <div class="field">
                    <label for="s-brand">"Brand"</label>
                    <input id="s-brand" name="brand" required />
                    <FieldError errors=e("brand") />
                </div>
                <div class="field">
                    <label for="s-model">"Model"</label>
                    <input id="s-model" name="model" required />
                    <FieldError errors=e("model") />
                </div>
            </div>
            <div class="form-row">
                <div class="field">
                    <label for="s-ref">"Reference"</label>
                    <input id="s-ref" name="reference" placeholder="126610LN" />
                    <FieldError errors=e("reference") />
                </div>
                <div class="field">
                    <label for="s-ask">"Asking price"</label>
                    <input id="s-ask" name="asking" inputmode="decimal" placeholder="14,500" />
                    <FieldError errors=e("asking") />
                </div>
            </div>
            <div class="field">
                <label for="s-source">"Source"</label>
                <select id="s-source" name="source_type">
                    {SourceType::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                </select>
                <FieldError errors=e("source_type") />
            </div>
            <div class="field">
                <label for="s-notes">"Notes"</label>
                <textarea id="s-notes" name="notes" rows="3"></textarea>
                <FieldError errors=e("notes") />
            </div>
            <input type="hidden" name="photos" prop:value=ids />
            <FileUpload label="Photos" id="s-photos" accept="image/*" on_uploaded=Callback::new(move |f: UploadedFile| photos.update(|p| p.push(f))) />
            <FieldError errors=e("photos") />
            <div class="modal-actions">
                <ModalCancel />
                <button type="submit" class="button primary" disabled=move || submit.pending().get()>
                    "Send submission"
                </button>
            </div>
        </ActionForm>
    }
}

/// Counts by stage, and the latest submissions still waiting for a decision.
#[component]
fn ReviewPanel(subs: Vec<BrokerSubmission>) -> impl IntoView {
    let count = |s: SubmissionStatus| subs.iter().filter(|x| x.status == s).count();
    let counts: Vec<(SubmissionStatus, usize)> = SubmissionStatus::ALL.iter().map(|s| (*s, count(*s))).collect();
    let shown: Vec<BrokerSubmission> = subs.into_iter().filter(|s| s.status != SubmissionStatus::Approved).take(20).collect();
    view! {
        <Card title="In review">
            <ul class="stage-counts" aria-label="Submissions by stage">
                {counts
                    .into_iter()
                    .map(|(s, n)| {
                        view! {
                            <li>
                                <span class="stage-count">{n}</span>
                                <span class="muted">{s.label()}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {if shown.is_empty() {
                view! { <p class="muted">"Nothing waiting for a decision."</p> }.into_any()
            } else {
                view! { <ul class="review-list">{shown.into_iter().map(|s| view! { <ReviewItem s /> }).collect_view()}</ul> }.into_any()
            }}
        </Card>
    }
}

#[component]
fn ReviewItem(s: BrokerSubmission) -> impl IntoView {
    let href = format!("/deals/submissions/{}", s.id);
    let missing_photos = s.status.is_open() && s.photos.is_empty();
    let missing_price = s.status.is_open() && s.asking.is_none();
    view! {
        <li>
            <a href=href>{s.title()}</a>
            " "
            <Pill text=s.status.label() tone=submission_tone(s.status) />
            <span class="muted small">" · "{date(s.created_at)}</span>
            {missing_photos.then(|| view! { <span class="hint">" · No photos yet"</span> })}
            {missing_price.then(|| view! { <span class="hint">" · No asking price"</span> })}
            {(!s.rejection_reason.is_empty()).then(|| view! { <p class="reason">"Reason: "{s.rejection_reason.clone()}</p> })}
        </li>
    }
}

fn pill(text: String, tone: &'static str) -> impl Fn() -> AnyView + Send + Sync + 'static {
    move || view! { <Pill text=text.clone() tone=tone /> }.into_any()
}

fn deal_row(d: BrokerDeal) -> TableRow {
    let status = d.status;
    TableRow {
        key: d.id.clone(),
        href: Some(format!("/deals/{}", d.id)),
        tag: Some(d.status.as_str().to_string()),
        cells: vec![
            Cell::text(d.title()),
            Cell::text(d.source_type.label()),
            Cell::text(d.status_text.clone()).with_view(pill(d.status_text.clone(), deal_tone(status))),
            Cell::text(terms_text(d.rate, d.basis, d.share)),
            match &d.commission {
                Some(m) => Cell::num(m.to_minor_units().unwrap_or(0), m.format()),
                None => Cell::num(-1, "—"),
            },
            Cell::num(d.submitted_at, date(d.submitted_at)),
        ],
    }
}

#[component]
fn DealsTable(deals: Vec<BrokerDeal>) -> impl IntoView {
    if deals.is_empty() {
        return view! { <Empty title="No accepted deals yet" hint="Deals appear here once the dealer accepts a submission into inventory." /> }.into_any();
    }
    let rows = deals.into_iter().map(deal_row).collect();
    view! {
        <DataTable
            label="Accepted deals"
            rows
            columns=vec![
                Column::text("Watch"),
                Column::text("Source"),
                Column::text("Status"),
                Column::text("Commission terms"),
                Column::num("Your commission"),
                Column::num("Submitted"),
            ]
            filters=vec![("Active", "active"), ("Pending", "pending"), ("Sold", "sold"), ("Cancelled", "cancelled")]
            page_size=25
        />
    }
    .into_any()
}
