//! A deal's journey as its broker reads it: accepted → sold → commission
//! released → commission paid, or where and why it stopped (deal cancelled,
//! sale unwound, commission cancelled) and what is under way (sale pending,
//! commission disputed). One function tells the story from the deal's and
//! the commission's facts, so the status, the journey and the commission on
//! every screen agree after every desk action.

use super::{CommissionStatus, DealStatus};
use serde::{Deserialize, Serialize};

/// Where a step stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepState {
    Done,
    /// Under way now (sale pending, commission in review or disputed).
    Current,
    /// The journey ended here (cancelled, unwound).
    Stopped,
    /// Not reached yet.
    Todo,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JourneyStep {
    pub label: String,
    /// When it happened (done and stopped steps).
    pub at: Option<i64>,
    pub state: StepState,
    /// A reason or what is awaited ("" for none).
    pub note: String,
}

/// The commission's side of the story (the broker's own commission).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommissionFacts {
    pub status: CommissionStatus,
    pub released_at: Option<i64>,
    pub paid_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub cancelled_reason: String,
}

/// The deal's side of the story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DealFacts {
    pub status: DealStatus,
    pub accepted_at: i64,
    pub sold_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub cancelled_reason: String,
    pub commission: Option<CommissionFacts>,
}

/// A deal's status in words: a cancelled deal that had been sold reads
/// "Sale unwound".
pub fn status_text(status: DealStatus, sold_at: Option<i64>) -> &'static str {
    if unwound(status, sold_at) {
        "Sale unwound"
    } else {
        status.label()
    }
}

/// A cancelled deal that had been sold: the sale was unwound.
pub fn unwound(status: DealStatus, sold_at: Option<i64>) -> bool {
    status == DealStatus::Cancelled && sold_at.is_some()
}

/// Text a cancellation reason starts with when the desk unwinds a sale.
pub const UNWOUND_PREFIX: &str = "Sale unwound: ";

impl DealFacts {
    /// A cancelled deal that had been sold: the sale was unwound.
    pub fn is_unwound(&self) -> bool {
        unwound(self.status, self.sold_at)
    }

    /// What the status reads as ("Sale unwound" rather than a bare "Cancelled").
    pub fn status_text(&self) -> &'static str {
        status_text(self.status, self.sold_at)
    }

    pub fn journey(&self) -> Vec<JourneyStep> {
        let step = |label: &str, at: Option<i64>, state: StepState, note: &str| JourneyStep { label: label.into(), at, state, note: note.into() };
        let reason = |r: &str, prefix: &str| r.strip_prefix(prefix).unwrap_or(r).trim().to_string();
        let mut steps = vec![step("Accepted into inventory", Some(self.accepted_at), StepState::Done, "")];
        match (self.status, self.sold_at) {
            (DealStatus::Cancelled, None) => {
                steps.push(step("Deal cancelled", self.cancelled_at, StepState::Stopped, &reason(&self.cancelled_reason, "")));
                return steps;
            }
            (DealStatus::Pending, None) => steps.push(step("Sale pending", None, StepState::Current, "A buyer is lined up")),
            (_, None) => steps.push(step("Sold", None, StepState::Todo, "")),
            (_, Some(sold)) => steps.push(step("Sold", Some(sold), StepState::Done, "")),
        }
        if self.is_unwound() {
            steps.push(step("Sale unwound", self.cancelled_at, StepState::Stopped, &reason(&self.cancelled_reason, UNWOUND_PREFIX)));
            return steps;
        }
        let Some(c) = self.commission.as_ref().filter(|_| self.sold_at.is_some()) else {
            steps.push(step("Commission released", None, StepState::Todo, ""));
            steps.push(step("Commission paid", None, StepState::Todo, ""));
            return steps;
        };
        match c.status {
            CommissionStatus::Cancelled => {
                if let Some(at) = c.released_at {
                    steps.push(step("Commission released", Some(at), StepState::Done, ""));
                }
                steps.push(step("Commission cancelled", c.cancelled_at, StepState::Stopped, &c.cancelled_reason));
            }
            CommissionStatus::Disputed => {
                if let Some(at) = c.released_at {
                    steps.push(step("Commission released", Some(at), StepState::Done, ""));
                }
                steps.push(step("Commission disputed", None, StepState::Current, "The desk is looking into your dispute"));
                steps.push(step("Commission paid", None, StepState::Todo, ""));
            }
            CommissionStatus::PendingReview => {
                steps.push(step("Commission released", None, StepState::Current, "The desk is reviewing the sale"));
                steps.push(step("Commission paid", None, StepState::Todo, ""));
            }
            CommissionStatus::AwaitingPayout => {
                steps.push(step("Commission released", c.released_at, StepState::Done, ""));
                steps.push(step("Commission paid", None, StepState::Current, "Request a payout on the Commissions page"));
            }
            CommissionStatus::Paid => {
                steps.push(step("Commission released", c.released_at, StepState::Done, ""));
                steps.push(step("Commission paid", c.paid_at, StepState::Done, ""));
            }
        }
        steps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deal(status: DealStatus, sold: Option<i64>, commission: Option<CommissionFacts>) -> DealFacts {
        DealFacts { status, accepted_at: 10, sold_at: sold, cancelled_at: None, cancelled_reason: String::new(), commission }
    }

    fn commission(status: CommissionStatus) -> CommissionFacts {
        CommissionFacts { status, released_at: None, paid_at: None, cancelled_at: None, cancelled_reason: String::new() }
    }

    fn shape(d: &DealFacts) -> Vec<(String, StepState)> {
        d.journey().into_iter().map(|s| (s.label, s.state)).collect()
    }

    fn s(label: &str, state: StepState) -> (String, StepState) {
        (label.to_string(), state)
    }

    use StepState::*;

    #[test]
    fn an_unsold_deal_waits_for_its_sale() {
        let d = deal(DealStatus::Active, None, None);
        assert_eq!(shape(&d), [s("Accepted into inventory", Done), s("Sold", Todo), s("Commission released", Todo), s("Commission paid", Todo)]);
        let p = deal(DealStatus::Pending, None, None);
        assert_eq!(shape(&p)[1], s("Sale pending", Current));
    }

    #[test]
    fn a_cancelled_deal_stops_with_its_reason() {
        let mut d = deal(DealStatus::Cancelled, None, None);
        d.cancelled_at = Some(30);
        d.cancelled_reason = "Seller withdrew the watch.".into();
        let j = d.journey();
        assert_eq!(j.len(), 2);
        assert_eq!((j[1].label.as_str(), j[1].state, j[1].at, j[1].note.as_str()), ("Deal cancelled", Stopped, Some(30), "Seller withdrew the watch."));
        assert_eq!(d.status_text(), "Cancelled");
    }

    #[test]
    fn an_unwound_sale_says_so_and_never_promises_a_commission() {
        let mut c = commission(CommissionStatus::Cancelled);
        c.cancelled_reason = "Sale unwound: buyer returned the watch".into();
        let mut d = deal(DealStatus::Cancelled, Some(20), Some(c));
        d.cancelled_at = Some(40);
        d.cancelled_reason = format!("{UNWOUND_PREFIX}buyer returned the watch");
        assert!(d.is_unwound());
        assert_eq!(d.status_text(), "Sale unwound");
        let j = d.journey();
        assert_eq!(shape(&d), [s("Accepted into inventory", Done), s("Sold", Done), s("Sale unwound", Stopped)]);
        assert_eq!((j[2].at, j[2].note.as_str()), (Some(40), "buyer returned the watch"));
    }

    #[test]
    fn commission_states_follow_the_desk() {
        let sold = |c| deal(DealStatus::Sold, Some(20), Some(c));
        assert_eq!(shape(&sold(commission(CommissionStatus::PendingReview)))[2], s("Commission released", Current));
        let mut awaiting = commission(CommissionStatus::AwaitingPayout);
        awaiting.released_at = Some(25);
        assert_eq!(shape(&sold(awaiting.clone()))[2..], [s("Commission released", Done), s("Commission paid", Current)]);
        let mut paid = awaiting.clone();
        paid.status = CommissionStatus::Paid;
        paid.paid_at = Some(30);
        assert!(sold(paid).journey().iter().all(|s| s.state == Done && s.at.is_some()));
        let mut disputed = awaiting.clone();
        disputed.status = CommissionStatus::Disputed;
        assert_eq!(shape(&sold(disputed))[2..], [s("Commission released", Done), s("Commission disputed", Current), s("Commission paid", Todo)]);
        let mut cancelled = commission(CommissionStatus::Cancelled);
        cancelled.cancelled_at = Some(35);
        cancelled.cancelled_reason = "Attributed to another broker".into();
        let j = sold(cancelled).journey();
        assert_eq!((j.last().unwrap().label.as_str(), j.last().unwrap().state), ("Commission cancelled", Stopped));
        assert_eq!(j.last().unwrap().note, "Attributed to another broker");
        assert!(!j.iter().any(|s| s.state == Todo), "nothing left to wait for");
    }
}
