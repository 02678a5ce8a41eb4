//! The dealer pages, one route per file: the Broker Portal (deals,
//! submissions, commissions and receipts, analytics, messages, signals) and
//! the Deal Desk (`desk_*`, inventory, payouts, disputes, want list). What
//! two of them share lives in `ui::components::dealer`.
//!
//! Broker pages read broker-only types (`api::dealer::Broker…`); desk pages
//! show buttons and forms for the capabilities the person holds, and the
//! server checks them again.

pub mod analytics;
pub mod commissions;
pub mod deal;
pub mod deals;
pub mod desk_commissions;
pub mod desk_submission;
pub mod desk_submissions;
pub mod disputes;
pub mod inventory;
pub mod inventory_item;
pub mod messages;
pub mod payout_receipt;
pub mod payouts;
pub mod receipt;
pub mod signals;
pub mod submission;
pub mod want_list;
