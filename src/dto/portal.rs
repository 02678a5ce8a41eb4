//! The rest of the Broker Portal — dashboard, analytics, legacy messages,
//! profile and payout details, the dealer's want list — and the desk's side
//! of the want list and of payout details. Broker types carry only what the
//! broker may see (see `api::dealer`).

use super::account::{Me, OrgDocuments};
use super::chart::ChartData;
use super::dealer::{BrokerCommission, PayoutRequestItem};
use crate::domain::dealer::*;
use crate::domain::kpi::Trend;
use crate::domain::money::Money;
use serde::{Deserialize, Serialize};

/// A KPI with its month-over-month change (basis points; `None` when last
/// month had nothing to compare with).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    pub label: String,
    pub value: Money,
    pub trend: Option<Trend>,
    pub hint: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WantItem {
    pub id: String,
    pub brand: String,
    pub model: String,
    pub reference: String,
    pub notes: String,
    /// 1 low … 3 urgent.
    pub urgency: i64,
    /// This broker's flag: `can_find`, `working_on` or empty.
    pub my_flag: String,
}

impl WantItem {
    pub fn title(&self) -> String {
        watch_title(&self.brand, &self.model, &self.reference)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub href: String,
    pub text: String,
}

/// A figure on a home page: its value as text (money or a count), a trend
/// where it means something, and where it is worked on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub trend: Option<Trend>,
    pub hint: String,
    pub href: String,
}

/// The desk's home: what needs the person's attention (by what his role
/// may do) and the figures his role may see.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskHome {
    pub attention: Vec<ChecklistItem>,
    pub figures: Vec<Figure>,
}

/// The Settings page's one load: the person, a broker's profile, and what
/// the organization's documents print (for those who set it up).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MySettings {
    pub me: Me,
    pub broker: Option<BrokerProfile>,
    pub documents: Option<OrgDocuments>,
}

/// What the Overview shows below the greeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Home {
    Broker(BrokerDashboard),
    Desk(DeskHome),
    /// The platform, or an organization without the dealer module yet.
    Plain,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BrokerDashboard {
    pub kpis: Vec<Kpi>,
    /// New / In Review / Approved / Converted.
    pub funnel: ChartData,
    pub want_list: Vec<WantItem>,
    pub checklist: Vec<ChecklistItem>,
    pub open_request: Option<PayoutRequestItem>,
    /// Released commissions not yet in a request.
    pub upcoming: Vec<BrokerCommission>,
    pub requestable: Money,
    pub earnings_trend: ChartData,
    pub brand_mix: ChartData,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BrokerAnalytics {
    pub lifetime: Money,
    pub paid: Money,
    pub outstanding: Money,
    /// Sold deals per submission, in basis points.
    pub conversion_bps: i64,
    pub earned_vs_paid: ChartData,
    /// Submitted / In Review / Approved / Converted / Not accepted.
    pub funnel: ChartData,
    pub brand_earnings: ChartData,
    pub velocity: ChartData,
    pub source_heatmap: ChartData,
    pub recent_payouts: Vec<PayoutRequestItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LegacyMessage {
    pub from_dealer: bool,
    pub author: String,
    pub body: String,
    pub sent_at: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PayoutInfoView {
    pub institution: String,
    pub routing: String,
    pub swift: String,
    /// Only the last four characters of the account number, ever.
    pub account_last4: String,
    pub method: Option<PayoutMethod>,
    pub notes: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BrokerProfile {
    pub name: String,
    pub email: String,
    pub role: String,
    pub joined_at: i64,
    pub phone: String,
    pub avatar_url: String,
    pub payout: PayoutInfoView,
}

/// Full bank details, for an owner paying a broker (audited on every read).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BankDetails {
    pub broker_name: String,
    pub institution: String,
    pub routing: String,
    pub swift: String,
    pub account_number: String,
    pub method: Option<PayoutMethod>,
    pub notes: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskWantItem {
    pub id: String,
    pub brand: String,
    pub model: String,
    pub reference: String,
    pub notes: String,
    pub urgency: i64,
    pub open: bool,
    /// (broker name, flag label)
    pub brokers: Vec<(String, String)>,
    pub created_at: i64,
}
