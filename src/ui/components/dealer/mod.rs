//! What the dealer pages (the Broker Portal and the Deal Desk) share: status
//! tones, commission terms and the deal journey in words, photo and feedback
//! lists, the signed-in person's capabilities, and the broker's dashboard
//! and settings tabs (shown by the Overview and Settings pages).

mod dashboard;
mod settings;

pub use dashboard::{BrokerDashboardPanel, Checklist};
pub use settings::{BrokerSettingsTabs, WHATSAPP_TAB};

use crate::api::account::get_me;
use crate::domain::dealer::{CommissionStatus, DealStatus, SubmissionStatus};
use crate::domain::Capability;
use crate::dto::dealer::FeedbackItem;
use crate::dto::error::AppError;
use crate::dto::uploads::UploadedFile;
use crate::ui::components::time::date;
use leptos::prelude::*;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

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

/// A want-list item's urgency as a label and a tone.
pub fn urgency_label(u: i64) -> (&'static str, &'static str) {
    match u {
        3 => ("Urgent", "danger"),
        2 => ("Normal", "warn"),
        _ => ("Low", "neutral"),
    }
}

pub use crate::domain::dealer::terms_text;

/// A submission's photos as thumbnails that open the full file.
#[component]
pub fn PhotoGallery(photos: Vec<UploadedFile>) -> impl IntoView {
    view! {
        <div class="photos">
            {photos
                .into_iter()
                .map(|p| {
                    let href = p.url.clone();
                    view! {
                        <a href=href target="_blank" rel="noopener">
                            <img src=p.url alt=p.file_name loading="lazy" />
                        </a>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Feedback on a submission, oldest first.
#[component]
pub fn FeedbackList(items: Vec<FeedbackItem>) -> impl IntoView {
    view! {
        <ul class="feedback">
            {items
                .into_iter()
                .map(|f| {
                    view! {
                        <li>
                            <p>{f.body}</p>
                            <span class="muted small">{f.author}" · "{date(f.at)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The capabilities of the signed-in person (for showing actions).
pub fn caps_resource() -> Resource<Result<Vec<Capability>, AppError>> {
    Resource::new(|| (), |_| async move { Ok(get_me().await?.map(|m| m.capabilities).unwrap_or_default()) })
}

/// A page's data together with the person's capabilities, for one `<Load>`:
/// `<Load data=WithCaps(caps, data) let:loaded>` gives `(caps, value)`.
/// Capabilities that could not be read count as none (the page's own data
/// then says what went wrong).
pub struct WithCaps<T: Send + Sync + 'static>(pub Resource<Result<Vec<Capability>, AppError>>, pub Resource<Result<T, AppError>>);

impl<T: Send + Sync + 'static> Clone for WithCaps<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for WithCaps<T> {}

impl<T: Clone + Send + Sync + 'static> IntoFuture for WithCaps<T> {
    type Output = Result<(Vec<Capability>, T), AppError>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        let WithCaps(caps, data) = self;
        Box::pin(async move {
            let caps = caps.await.unwrap_or_default();
            Ok((caps, data.await?))
        })
    }
}
