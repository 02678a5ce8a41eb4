//! What the dealer module's audiences receive over the wire.
//!
//! Visibility is a type: the broker's types (`Broker…`) have no field for a
//! sale price, an acquisition cost, a buyer or another broker, so those can
//! never reach a broker's browser. The desk's types carry them, and cost is
//! an `Option` filled only for holders of `financials.view`.

use super::uploads::UploadedFile;
use crate::domain::dealer::*;
use crate::domain::money::{BasisPoints, Money};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackItem {
    pub body: String,
    /// "Dealer team" for the broker; the colleague's name for the desk.
    pub author: String,
    pub at: i64,
}

/// A broker's own submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BrokerSubmission {
    pub id: String,
    pub status: SubmissionStatus,
    pub brand: String,
    pub model: String,
    pub reference: String,
    pub asking: Option<Money>,
    pub notes: String,
    pub source_type: SourceType,
    /// WhatsApp group, or "Direct" for the form.
    pub source_group: String,
    pub photos: Vec<UploadedFile>,
    pub rejection_reason: String,
    pub feedback: Vec<FeedbackItem>,
    pub created_at: i64,
    pub reviewed_at: Option<i64>,
}

impl BrokerSubmission {
    pub fn title(&self) -> String {
        watch_title(&self.brand, &self.model, &self.reference)
    }
}

/// An accepted deal as its broker (or co-broker) sees it: his own share only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BrokerDeal {
    pub id: String,
    pub brand: String,
    pub model: String,
    pub reference: String,
    pub source_type: SourceType,
    pub status: DealStatus,
    pub asking: Option<Money>,
    /// The deal's commission rate (on its basis); `None` for a fixed amount.
    pub rate: Option<BasisPoints>,
    pub basis: Option<CommissionBasis>,
    /// This broker's share of the deal's commission (100 % unless co-sourced).
    pub share: BasisPoints,
    /// This broker's commission, once the sale is recorded.
    pub commission: Option<Money>,
    pub commission_id: Option<String>,
    pub commission_status: Option<CommissionStatus>,
    pub submitted_at: i64,
    pub accepted_at: i64,
    pub sold_at: Option<i64>,
    pub released_at: Option<i64>,
    pub paid_at: Option<i64>,
    /// The status as it reads ("Sale unwound" for a cancelled sale).
    pub status_text: String,
    /// From acceptance to payment, or where it stopped (`DealFacts::journey`).
    pub journey: Vec<JourneyStep>,
}

impl BrokerDeal {
    pub fn title(&self) -> String {
        watch_title(&self.brand, &self.model, &self.reference)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DisputeItem {
    pub id: String,
    pub category: DisputeCategory,
    pub reason: String,
    pub status: DisputeStatus,
    pub reply: String,
    pub created_at: i64,
    pub resolved_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BrokerCommission {
    pub id: String,
    pub deal_id: String,
    pub watch: String,
    pub brand: String,
    pub status: CommissionStatus,
    pub amount: Money,
    pub created_at: i64,
    pub released_at: Option<i64>,
    pub paid_at: Option<i64>,
    /// Part of an open payout request.
    pub in_request: bool,
    /// Why the dealer cancelled it (only for cancelled commissions).
    pub cancelled_reason: Option<String>,
    pub disputes: Vec<DisputeItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PayoutRequestItem {
    pub id: String,
    pub status: PayoutStatus,
    pub note: String,
    pub total: Money,
    pub commissions: usize,
    pub requested_at: i64,
    pub paid_on: Option<i64>,
    pub method: Option<PayoutMethod>,
    pub reference: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommissionKpis {
    /// Pending Review + Awaiting Payout (+ Disputed): owed, not paid.
    pub pending: Money,
    pub paid: Money,
    pub lifetime: Money,
    pub last_paid: Option<(i64, Money)>,
    /// Released and not yet in a request: what a payout request would ask for.
    pub requestable: Money,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BrokerCommissionsPage {
    pub kpis: CommissionKpis,
    pub commissions: Vec<BrokerCommission>,
    pub requests: Vec<PayoutRequestItem>,
    pub open_request: Option<String>,
}

/// A printable receipt for one paid commission.

// ---------------------------------------------------------------------------
// Desk types

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskSubmission {
    pub id: String,
    pub status: SubmissionStatus,
    pub broker_id: String,
    pub broker_name: String,
    pub brand: String,
    pub model: String,
    pub reference: String,
    pub asking: Option<Money>,
    pub notes: String,
    pub source_type: SourceType,
    pub source_group: String,
    pub photos: Vec<UploadedFile>,
    pub rejection_reason: String,
    pub feedback: Vec<FeedbackItem>,
    pub created_at: i64,
    pub deal_id: Option<String>,
}

impl DeskSubmission {
    pub fn title(&self) -> String {
        watch_title(&self.brand, &self.model, &self.reference)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BrokerOption {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskSubmissionPage {
    pub submission: DeskSubmission,
    /// Other brokers, for naming a co-broker when accepting.
    pub brokers: Vec<BrokerOption>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostItem {
    pub label: String,
    pub amount: Money,
    pub at: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskDeal {
    pub id: String,
    pub submission_id: String,
    pub brand: String,
    pub model: String,
    pub reference: String,
    pub serial: String,
    pub status: DealStatus,
    pub broker_name: String,
    pub co_broker_name: Option<String>,
    /// `None` without `financials.view` (redacted on the server).
    pub cost: Option<Money>,
    pub costs: Option<Vec<CostItem>>,
    pub sale_price: Option<Money>,
    pub buyer: Option<String>,
    pub accepted_at: i64,
    pub sold_at: Option<i64>,
    pub commissions: Vec<DeskCommission>,
    /// The broker's default rate (used unless the owner overrides it).
    pub default_rate: BasisPoints,
    /// "Sale unwound" for a cancelled sale, else the status's label.
    pub status_text: String,
    pub cancelled_at: Option<i64>,
    /// Why it was cancelled or unwound ("" otherwise).
    pub cancelled_reason: String,
}

impl DeskDeal {
    pub fn title(&self) -> String {
        watch_title(&self.brand, &self.model, &self.reference)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskCommission {
    pub id: String,
    pub deal_id: String,
    pub watch: String,
    pub broker_name: String,
    pub status: CommissionStatus,
    pub amount: Money,
    pub basis: CommissionBasis,
    pub rate: BasisPoints,
    pub share: BasisPoints,
    pub created_at: i64,
    pub released_at: Option<i64>,
    pub paid_at: Option<i64>,
    pub in_request: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskPayout {
    pub id: String,
    pub broker_name: String,
    pub status: PayoutStatus,
    pub note: String,
    pub total: Money,
    pub requested_at: i64,
    pub items: Vec<(String, Money)>,
    pub paid_on: Option<i64>,
    pub method: Option<PayoutMethod>,
    pub reference: Option<String>,
    pub receipt: Option<UploadedFile>,
    /// Payout details on file: method and last four digits only.
    pub payee_method: Option<PayoutMethod>,
    pub payee_last4: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskDispute {
    pub id: String,
    pub commission_id: String,
    pub watch: String,
    pub broker_name: String,
    pub amount: Money,
    pub category: DisputeCategory,
    pub reason: String,
    pub status: DisputeStatus,
    pub reply: String,
    pub created_at: i64,
}
