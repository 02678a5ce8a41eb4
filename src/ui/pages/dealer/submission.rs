//! /deals/submissions/:id — one of the broker's submissions: status,
//! feedback and photos, and completing it (asking price, notes, photos)
//! while it is open.

use crate::api::dealer::{get_broker_submission, CompleteSubmission};
use crate::dto::dealer::BrokerSubmission;
use crate::dto::uploads::UploadedFile;
use crate::ui::components::dealer::{submission_tone, FeedbackList, PhotoGallery};
use crate::ui::components::time::date;
use crate::ui::components::{action_alert, action_field_errors, Card, FieldError, Load, PageHeader, Pill};
use crate::ui::kit::toast::{provide_toasts, ToastRegion};
use crate::ui::kit::upload::FileUpload;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn BrokerSubmissionPage() -> impl IntoView {
    let params = use_params_map();
    let toasts = provide_toasts();
    let complete = ServerAction::<CompleteSubmission>::new();
    let data = Resource::new(move || (params.with(|p| p.get("id").unwrap_or_default()), complete.version().get()), |(id, _)| get_broker_submission(id));
    Effect::new(move |_| {
        if let Some(Ok(())) = complete.value().get() {
            toasts.success("Saved.");
        }
    });
    view! {
        <Title text="Submission" />
        <ToastRegion />
        <Load data let:s>
            <SubmissionDetail s complete />
        </Load>
    }
}

#[component]
fn SubmissionDetail(s: BrokerSubmission, complete: ServerAction<CompleteSubmission>) -> impl IntoView {
    let open = s.status.is_open();
    let photos = s.photos.clone();
    view! {
        <PageHeader title=s.title() subtitle=format!("Submitted {} · {}", date(s.created_at), s.source_group) />
        <div class="grid-2">
            <StatusCard s=s.clone() />
            <Card title="Photos">
                {if photos.is_empty() { view! { <p class="muted">"No photos yet."</p> }.into_any() } else { view! { <PhotoGallery photos /> }.into_any() }}
            </Card>
        </div>
        {open.then(|| view! { <CompleteForm s complete /> })}
    }
}

#[component]
fn StatusCard(s: BrokerSubmission) -> impl IntoView {
    view! {
        <Card title="Status">
            <p>
                <Pill text=s.status.label() tone=submission_tone(s.status) />
            </p>
            {(!s.rejection_reason.is_empty()).then(|| view! { <p class="reason">"Not accepted: "{s.rejection_reason.clone()}</p> })}
            <dl class="facts">
                <dt>"Asking price"</dt>
                <dd>{s.asking.map(|m| m.format()).unwrap_or_else(|| "—".into())}</dd>
                <dt>"Source"</dt>
                <dd>{s.source_type.label()}</dd>
                <dt>"Notes"</dt>
                <dd>{if s.notes.is_empty() { "—".to_string() } else { s.notes.clone() }}</dd>
            </dl>
            <h3 class="subheading">"Feedback"</h3>
            {if s.feedback.is_empty() {
                view! { <p class="muted">"No feedback yet."</p> }.into_any()
            } else {
                view! { <FeedbackList items=s.feedback.clone() /> }.into_any()
            }}
        </Card>
    }
}

/// Asking price, notes and more photos for a submission still open.
#[component]
fn CompleteForm(s: BrokerSubmission, complete: ServerAction<CompleteSubmission>) -> impl IntoView {
    let value = complete.value();
    let added = RwSignal::new(Vec::<UploadedFile>::new());
    let ids = move || added.get().iter().map(|p| p.id.clone()).collect::<Vec<_>>().join(",");
    let e = move |f: &'static str| action_field_errors(value, f);
    let asking_now = s.asking.map(|m| m.amount.to_string()).unwrap_or_default();
    view! {
        <Card title="Complete this submission">
            <ActionForm action=complete attr:class="form" attr:novalidate=true>
                {action_alert(value)}
                <input type="hidden" name="id" value=s.id.clone() />
                <input type="hidden" name="photos" prop:value=ids />
                <div class="field">
                    <label for="c-ask">"Asking price"</label>
                    <input id="c-ask" name="asking" inputmode="decimal" value=asking_now />
                    <FieldError errors=e("asking") />
                </div>
                <div class="field">
                    <label for="c-notes">"Notes"</label>
                    <textarea id="c-notes" name="notes" rows="3">
                        {s.notes.clone()}
                    </textarea>
                    <FieldError errors=e("notes") />
                </div>
                <FileUpload label="Add photos" id="c-photos" accept="image/*" on_uploaded=Callback::new(move |f: UploadedFile| added.update(|p| p.push(f))) />
                <FieldError errors=e("photos") />
                <button type="submit" class="button primary">
                    "Save"
                </button>
            </ActionForm>
        </Card>
    }
}
