//! The dealer module's server functions and what each audience receives.
//!
//! Visibility is a type: the broker's types (`Broker…`) have no field for a
//! sale price, an acquisition cost, a buyer or another broker, so those can
//! never reach a broker's browser. The desk's types carry them, and cost is
//! an `Option` filled only for holders of `financials.view`.

use crate::dto::dealer::*;
use crate::dto::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "broker/submissions")]
pub async fn broker_submissions() -> Result<Vec<BrokerSubmission>, AppError> {
    use crate::server::{auth, dealer, dealer_views};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            dealer_views::broker_submissions(&auth::state()?.db, &ctx, None).await
        }
        .await,
    )
}

#[server(endpoint = "broker/submission")]
pub async fn get_broker_submission(id: String) -> Result<BrokerSubmission, AppError> {
    use crate::server::{auth, dealer, dealer_views};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            dealer_views::broker_submissions(&auth::state()?.db, &ctx, Some(&id)).await?.pop().ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// The short "new submission" form (brokers without WhatsApp). `photos` is
/// a comma-separated list of upload ids.
#[server(endpoint = "broker/submit")]
pub async fn submit_deal(
    brand: String,
    model: String,
    reference: String,
    asking: String,
    notes: String,
    source_type: String,
    photos: String,
) -> Result<String, AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            let input = dealer::SubmissionInput {
                brand,
                model,
                reference,
                asking,
                notes,
                source_type,
                photos: split_ids(&photos),
                source_group: String::new(),
                signal_id: None,
            };
            dealer::retrying!(dealer::create_submission(&auth::state()?.db, &ctx, currency, &input))
        }
        .await,
    )
}

pub fn split_ids(list: &str) -> Vec<String> {
    let mut out: Vec<String> = list.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    out.dedup();
    out
}

/// The broker completes an open submission (asking price, notes, photos).
#[server(endpoint = "broker/submission/complete")]
pub async fn complete_submission(id: String, asking: String, notes: String, photos: String) -> Result<(), AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            let photos = split_ids(&photos);
            dealer::retrying!(dealer::complete_submission(&auth::state()?.db, &ctx, currency, &id, &asking, &notes, &photos))
        }
        .await,
    )
}

#[server(endpoint = "broker/deals")]
pub async fn broker_deals() -> Result<Vec<BrokerDeal>, AppError> {
    use crate::server::{auth, dealer, dealer_views};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            dealer_views::broker_deals(&auth::state()?.db, &ctx, None).await
        }
        .await,
    )
}

#[server(endpoint = "broker/deal")]
pub async fn get_broker_deal(id: String) -> Result<BrokerDeal, AppError> {
    use crate::server::{auth, dealer, dealer_views};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            dealer_views::broker_deals(&auth::state()?.db, &ctx, Some(&id)).await?.pop().ok_or(AppError::NotFound)
        }
        .await,
    )
}

#[server(endpoint = "broker/commissions")]
pub async fn broker_commissions() -> Result<BrokerCommissionsPage, AppError> {
    use crate::server::{auth, dealer, dealer_views};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            dealer_views::broker_commissions(&auth::state()?.db, &ctx, currency).await
        }
        .await,
    )
}

#[server(endpoint = "broker/payout/request")]
pub async fn request_payout(note: String) -> Result<String, AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            dealer::retrying!(dealer::request_payout(&auth::state()?.db, &ctx, currency, &note))
        }
        .await,
    )
}

#[server(endpoint = "broker/payout/cancel")]
pub async fn cancel_payout(id: String) -> Result<(), AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            dealer::retrying!(dealer::cancel_payout(&auth::state()?.db, &ctx, &id))
        }
        .await,
    )
}

#[server(endpoint = "broker/dispute")]
pub async fn open_dispute(commission_id: String, category: String, reason: String) -> Result<String, AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            dealer::retrying!(dealer::open_dispute(&auth::state()?.db, &ctx, &commission_id, &category, &reason))
        }
        .await,
    )
}

#[server(endpoint = "broker/receipt")]
pub async fn commission_receipt(id: String) -> Result<Receipt, AppError> {
    use crate::server::{auth, dealer, dealer_views};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            dealer_views::receipt(&auth::state()?.db, &ctx, currency, &id).await
        }
        .await,
    )
}

// ---------------------------------------------------------------------------
// Desk server functions

#[server(endpoint = "desk/submissions")]
pub async fn desk_submissions() -> Result<Vec<DeskSubmission>, AppError> {
    use crate::server::{auth, dealer, dealer_views};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::DealsReview).await?;
            dealer_views::desk_submissions(&auth::state()?.db, &ctx, None).await
        }
        .await,
    )
}

#[server(endpoint = "desk/submission")]
pub async fn get_desk_submission(id: String) -> Result<DeskSubmissionPage, AppError> {
    use crate::server::{auth, dealer, dealer_views};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::DealsReview).await?;
            let db = &auth::state()?.db;
            let submission = dealer_views::desk_submissions(db, &ctx, Some(&id)).await?.pop().ok_or(AppError::NotFound)?;
            let brokers = dealer_views::brokers(db, &ctx).await?.into_iter().filter(|b| b.id != submission.broker_id).collect();
            Ok(DeskSubmissionPage { submission, brokers })
        }
        .await,
    )
}

#[server(endpoint = "desk/submission/review")]
pub async fn start_review(id: String) -> Result<(), AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::DealsReview).await?;
            dealer::retrying!(dealer::start_review(&auth::state()?.db, &ctx, &id))
        }
        .await,
    )
}

#[server(endpoint = "desk/submission/accept")]
pub async fn accept_submission(id: String, cost: String, serial: String, co_broker_id: String, co_share: String) -> Result<String, AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::DealsReview).await?;
            let input = dealer::AcceptInput { cost, serial, co_broker_id: Some(co_broker_id).filter(|s| !s.trim().is_empty()), co_share };
            dealer::retrying!(dealer::accept(&auth::state()?.db, &ctx, currency, &id, &input))
        }
        .await,
    )
}

#[server(endpoint = "desk/submission/decline")]
pub async fn decline_submission(id: String, reason: String) -> Result<(), AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::DealsReview).await?;
            dealer::retrying!(dealer::not_accept(&auth::state()?.db, &ctx, &id, &reason))
        }
        .await,
    )
}

#[server(endpoint = "desk/submission/feedback")]
pub async fn post_feedback(id: String, body: String) -> Result<(), AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::DealsReview).await?;
            dealer::retrying!(dealer::post_feedback(&auth::state()?.db, &ctx, &id, &body))
        }
        .await,
    )
}

#[server(endpoint = "desk/inventory")]
pub async fn desk_inventory() -> Result<Vec<DeskDeal>, AppError> {
    use crate::server::{auth, dealer, dealer_views};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::DealsReview).await?;
            dealer_views::desk_deals(&auth::state()?.db, &ctx, currency, None).await
        }
        .await,
    )
}

#[server(endpoint = "desk/deal")]
pub async fn get_desk_deal(id: String) -> Result<DeskDeal, AppError> {
    use crate::server::{auth, dealer, dealer_views};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::DealsReview).await?;
            dealer_views::desk_deals(&auth::state()?.db, &ctx, currency, Some(&id)).await?.pop().ok_or(AppError::NotFound)
        }
        .await,
    )
}

#[server(endpoint = "desk/deal/pending")]
pub async fn mark_sale_pending(id: String) -> Result<(), AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::DealsRecordSale).await?;
            dealer::retrying!(dealer::mark_pending(&auth::state()?.db, &ctx, &id))
        }
        .await,
    )
}

#[server(endpoint = "desk/deal/cost")]
pub async fn add_deal_cost(id: String, label: String, amount: String) -> Result<(), AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::FinancialsView).await?;
            dealer::retrying!(dealer::add_cost(&auth::state()?.db, &ctx, currency, &id, &label, &amount))
        }
        .await,
    )
}

#[server(endpoint = "desk/deal/sale")]
pub async fn record_sale(id: String, price: String, buyer: String, sold_on: String, basis: String, rate: String, fixed: String) -> Result<(), AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::DealsRecordSale).await?;
            let input = dealer::SaleInput { price, buyer, sold_on, basis, rate, fixed };
            let can_override = dealer::can_override_terms(&ctx);
            dealer::retrying!(dealer::record_sale(&auth::state()?.db, &ctx, currency, &id, &input, can_override)).map(|_| ())
        }
        .await,
    )
}

#[server(endpoint = "desk/deal/cancel")]
pub async fn cancel_deal(id: String, reason: String) -> Result<(), AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::DealsRecordSale).await?;
            dealer::retrying!(dealer::cancel_deal(&auth::state()?.db, &ctx, &id, &reason))
        }
        .await,
    )
}

#[server(endpoint = "desk/commissions")]
pub async fn desk_commissions() -> Result<Vec<DeskCommission>, AppError> {
    use crate::server::{auth, dealer, dealer_views};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::CommissionsApprove).await?;
            dealer_views::desk_commissions(&auth::state()?.db, &ctx, currency, None).await
        }
        .await,
    )
}

#[server(endpoint = "desk/commission/release")]
pub async fn release_commission(id: String) -> Result<(), AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::CommissionsApprove).await?;
            dealer::retrying!(dealer::release_commission(&auth::state()?.db, &ctx, &id))
        }
        .await,
    )
}

#[server(endpoint = "desk/commission/cancel")]
pub async fn cancel_commission(id: String, reason: String) -> Result<(), AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::CommissionsApprove).await?;
            dealer::retrying!(dealer::cancel_commission(&auth::state()?.db, &ctx, &id, &reason))
        }
        .await,
    )
}

#[server(endpoint = "desk/payouts")]
pub async fn desk_payouts() -> Result<Vec<DeskPayout>, AppError> {
    use crate::server::{auth, dealer, dealer_views};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::PayoutsReview).await?;
            dealer_views::desk_payouts(&auth::state()?.db, &ctx, currency).await
        }
        .await,
    )
}

#[server(endpoint = "desk/payout/review")]
pub async fn review_payout(id: String) -> Result<(), AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::PayoutsReview).await?;
            dealer::retrying!(dealer::review_payout(&auth::state()?.db, &ctx, &id))
        }
        .await,
    )
}

#[server(endpoint = "desk/payout/pay")]
pub async fn pay_payout(id: String, method: String, reference: String, paid_on: String, receipt: String) -> Result<(), AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::PayoutsSignoff).await?;
            let input = dealer::PaymentInput { method, reference, paid_on, receipt_upload_id: receipt };
            dealer::retrying!(dealer::pay_payout(&auth::state()?.db, &ctx, currency, &id, &input))
        }
        .await,
    )
}

#[server(endpoint = "desk/disputes")]
pub async fn desk_disputes() -> Result<Vec<DeskDispute>, AppError> {
    use crate::server::{auth, dealer, dealer_views};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::DisputesResolve).await?;
            dealer_views::desk_disputes(&auth::state()?.db, &ctx, currency).await
        }
        .await,
    )
}

/// `decision`: "resolve" (optionally with a corrected `amount`) or "reject".
#[server(endpoint = "desk/dispute/settle")]
pub async fn settle_dispute(id: String, decision: String, amount: String, reply: String) -> Result<(), AppError> {
    use crate::server::{auth, dealer};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::DisputesResolve).await?;
            let accept = match decision.as_str() {
                "resolve" => true,
                "reject" => false,
                _ => return Err(AppError::field("decision", "Choose resolve or reject.")),
            };
            dealer::retrying!(dealer::settle_dispute(&auth::state()?.db, &ctx, currency, &id, accept, &amount, &reply))
        }
        .await,
    )
}
