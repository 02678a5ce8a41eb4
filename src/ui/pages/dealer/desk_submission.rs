//! /desk/submissions/:id — one lead on the desk: start the review, accept it
//! into inventory or not, and post feedback to the broker.

use crate::api::dealer::{get_desk_submission, AcceptSubmission, DeclineSubmission, PostFeedback, StartReview};
use crate::domain::dealer::SubmissionStatus;
use crate::dto::dealer::{BrokerOption, DeskSubmission, DeskSubmissionPage as DeskSubmissionData, FeedbackItem};
use crate::ui::components::dealer::{submission_tone, FeedbackList, PhotoGallery};
use crate::ui::components::time::date;
use crate::ui::components::{action_alert, action_field_errors, Card, FieldError, Load, PageHeader, Pill};
use crate::ui::kit::toast::{provide_toasts, toast_result, ToastRegion};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

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
        <Title text="Submission" />
        <ToastRegion />
        <Load data let:page>
            <DeskSubmissionBody page review accept decline feedback />
        </Load>
    }
}

#[component]
fn DeskSubmissionBody(
    page: DeskSubmissionData,
    review: ServerAction<StartReview>,
    accept: ServerAction<AcceptSubmission>,
    decline: ServerAction<DeclineSubmission>,
    feedback: ServerAction<PostFeedback>,
) -> impl IntoView {
    let s = page.submission;
    let open = s.status.is_open();
    let id = s.id.clone();
    let brokers = page.brokers;
    let deal_id = s.deal_id.clone();
    view! {
        <PageHeader title=s.title() subtitle=format!("From {} · {} · {}", s.broker_name, s.source_group, date(s.created_at))>
            {deal_id
                .map(|d| {
                    view! {
                        <a class="button" href=format!("/desk/inventory/{d}")>
                            "Open in inventory"
                        </a>
                    }
                })}
        </PageHeader>
        <div class="grid-2">
            <LeadCard s=s.clone() review />
            <Card title="Photos">
                {if s.photos.is_empty() {
                    view! { <p class="muted">"No photos."</p> }.into_any()
                } else {
                    view! { <PhotoGallery photos=s.photos.clone() /> }.into_any()
                }}
            </Card>
        </div>
        {open.then(|| view! { <DecisionForms id=id.clone() brokers accept decline /> })}
        <FeedbackCard id items=s.feedback feedback />
    }
}

#[component]
fn LeadCard(s: DeskSubmission, review: ServerAction<StartReview>) -> impl IntoView {
    let id = StoredValue::new(s.id.clone());
    view! {
        <Card title="Lead">
            <p>
                <Pill text=s.status.label() tone=submission_tone(s.status) />
            </p>
            <dl class="facts">
                <dt>"Brand"</dt>
                <dd>{s.brand.clone()}</dd>
                <dt>"Model"</dt>
                <dd>{s.model.clone()}</dd>
                <dt>"Reference"</dt>
                <dd>{if s.reference.is_empty() { "—".to_string() } else { s.reference.clone() }}</dd>
                <dt>"Asking price"</dt>
                <dd>{s.asking.map(|m| m.format()).unwrap_or_else(|| "—".into())}</dd>
                <dt>"Source"</dt>
                <dd>{s.source_type.label()}</dd>
                <dt>"Notes"</dt>
                <dd>{if s.notes.is_empty() { "—".to_string() } else { s.notes.clone() }}</dd>
            </dl>
            {(!s.rejection_reason.is_empty()).then(|| view! { <p class="reason">"Not accepted: "{s.rejection_reason.clone()}</p> })}
            {(s.status == SubmissionStatus::Submitted)
                .then(move || {
                    view! {
                        <button
                            type="button"
                            class="button"
                            on:click=move |_| {
                                review.dispatch(StartReview { id: id.get_value() });
                            }
                        >
                            "Start review"
                        </button>
                    }
                })}
        </Card>
    }
}

/// Accept into inventory, or not (with the reason the broker sees).
#[component]
fn DecisionForms(id: String, brokers: Vec<BrokerOption>, accept: ServerAction<AcceptSubmission>, decline: ServerAction<DeclineSubmission>) -> impl IntoView {
    let av = accept.value();
    let dv = decline.value();
    let id2 = id.clone();
    view! {
        <div class="grid-2">
            <Card title="Accept into inventory">
                <ActionForm action=accept attr:class="form" attr:novalidate=true>
                    {action_alert(av)}
                    <input type="hidden" name="id" value=id />
                    <div class="field">
                        <label for="a-cost">"Acquisition cost"</label>
                        <input id="a-cost" name="cost" inputmode="decimal" />
                        <FieldError errors=action_field_errors(av, "cost") />
                    </div>
                    <div class="field">
                        <label for="a-serial">"Serial number"</label>
                        <input id="a-serial" name="serial" />
                        <FieldError errors=action_field_errors(av, "serial") />
                    </div>
                    <div class="form-row">
                        <div class="field">
                            <label for="a-co">"Co-broker (co-sourced deals)"</label>
                            <select id="a-co" name="co_broker_id">
                                <option value="">"None"</option>
                                {brokers.iter().map(|b| view! { <option value=b.id.clone()>{b.name.clone()}</option> }).collect_view()}
                            </select>
                            <FieldError errors=action_field_errors(av, "co_broker_id") />
                        </div>
                        <div class="field">
                            <label for="a-share">"Co-broker's share (%)"</label>
                            <input id="a-share" name="co_share" inputmode="decimal" placeholder="50" />
                            <FieldError errors=action_field_errors(av, "co_share") />
                        </div>
                    </div>
                    <button type="submit" class="button primary">
                        "Accept"
                    </button>
                </ActionForm>
            </Card>
            <Card title="Not accepted">
                <ActionForm action=decline attr:class="form" attr:novalidate=true>
                    {action_alert(dv)}
                    <input type="hidden" name="id" value=id2 />
                    <div class="field">
                        <label for="n-reason">"Reason the broker will see"</label>
                        <textarea id="n-reason" name="reason" rows="3"></textarea>
                        <FieldError errors=action_field_errors(dv, "reason") />
                    </div>
                    <button type="submit" class="button danger">
                        "Not accept"
                    </button>
                </ActionForm>
            </Card>
        </div>
    }
}

#[component]
fn FeedbackCard(id: String, items: Vec<FeedbackItem>, feedback: ServerAction<PostFeedback>) -> impl IntoView {
    let fv = feedback.value();
    view! {
        <Card title="Feedback to the broker">
            {if items.is_empty() { view! { <p class="muted">"No feedback yet."</p> }.into_any() } else { view! { <FeedbackList items /> }.into_any() }}
            <ActionForm action=feedback attr:class="form" attr:novalidate=true>
                {action_alert(fv)}
                <input type="hidden" name="id" value=id />
                <div class="field">
                    <label for="fb-body">"Feedback"</label>
                    <textarea id="fb-body" name="body" rows="2"></textarea>
                    <FieldError errors=action_field_errors(fv, "body") />
                </div>
                <button type="submit" class="button">
                    "Post feedback"
                </button>
            </ActionForm>
        </Card>
    }
}
