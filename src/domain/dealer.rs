//! The dealer module's vocabulary and rules (Broker Portal and Deal Desk):
//! statuses and their allowed moves, and how a commission is computed and
//! split. Pure: no I/O, used by the server and shown by the browser.

use super::money::{BasisPoints, Currency, Money, MoneyError};
use serde::{Deserialize, Serialize};

macro_rules! labelled_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal : $label:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stored code.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }

            /// What people read.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),* }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($code => Some($name::$variant),)* _ => None }
            }
        }

        impl TryFrom<String> for $name {
            type Error = super::code::UnknownCode;
            fn try_from(code: String) -> Result<Self, Self::Error> {
                $name::parse(&code).ok_or(super::code::UnknownCode { kind: stringify!($name), code })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

labelled_enum! {
    /// A broker's lead before (and at) the dealer's decision.
    SubmissionStatus {
        Submitted = "submitted": "Submitted",
        InReview = "in_review": "In Review",
        Approved = "approved": "Approved",
        NotAccepted = "not_accepted": "Not Accepted",
    }
}

labelled_enum! {
    /// An accepted deal as the broker sees it.
    DealStatus {
        Active = "active": "Active",
        Pending = "pending": "Pending",
        Sold = "sold": "Sold",
        Cancelled = "cancelled": "Cancelled",
    }
}

labelled_enum! {
    /// How the broker came by the deal.
    SourceType {
        Sourced = "sourced": "Sourced",
        Referred = "referred": "Referred",
        CoSourced = "co_sourced": "Co-Sourced",
    }
}

labelled_enum! {
    CommissionStatus {
        PendingReview = "pending_review": "Pending Review",
        AwaitingPayout = "awaiting_payout": "Awaiting Payout",
        Paid = "paid": "Paid",
        Cancelled = "cancelled": "Cancelled",
        Disputed = "disputed": "Disputed",
    }
}

labelled_enum! {
    /// What a deal's commission is a percentage of (or a fixed amount).
    CommissionBasis {
        GrossProfit = "gross_profit": "Gross profit",
        SalePrice = "sale_price": "Sale price",
        Fixed = "fixed": "Fixed amount",
    }
}

labelled_enum! {
    PayoutStatus {
        Requested = "requested": "Requested",
        AwaitingSignoff = "awaiting_signoff": "Awaiting Sign-off",
        SignoffComplete = "signoff_complete": "Sign-off Complete",
        Cancelled = "cancelled": "Cancelled",
    }
}

labelled_enum! {
    DisputeCategory {
        Amount = "amount": "Amount",
        Attribution = "attribution": "Attribution",
        Timing = "timing": "Timing",
        Other = "other": "Other",
    }
}

labelled_enum! {
    DisputeStatus {
        Open = "open": "Open",
        Resolved = "resolved": "Resolved",
        Rejected = "rejected": "Rejected",
    }
}

labelled_enum! {
    PayoutMethod {
        Wire = "wire": "Wire",
        Ach = "ach": "ACH",
        Zelle = "zelle": "Zelle",
        Check = "check": "Check",
        Other = "other": "Other",
    }
}

impl SubmissionStatus {
    /// Still waiting for the dealer's decision.
    pub fn is_open(self) -> bool {
        matches!(self, SubmissionStatus::Submitted | SubmissionStatus::InReview)
    }
}

impl CommissionStatus {
    /// The seed: a commission can be disputed while Pending Review,
    /// Awaiting Payout or already Disputed (a further point on an open dispute).
    pub fn can_dispute(self) -> bool {
        matches!(self, CommissionStatus::PendingReview | CommissionStatus::AwaitingPayout | CommissionStatus::Disputed)
    }

    /// Owed and not yet paid (the broker's "pending" figure).
    pub fn is_outstanding(self) -> bool {
        matches!(self, CommissionStatus::PendingReview | CommissionStatus::AwaitingPayout | CommissionStatus::Disputed)
    }
}

impl PayoutStatus {
    /// Open requests can be cancelled by the broker and block a second request.
    pub fn is_open(self) -> bool {
        matches!(self, PayoutStatus::Requested | PayoutStatus::AwaitingSignoff)
    }
}

/// The deal figures a commission is computed from (dealer side only).
#[derive(Clone, Debug, PartialEq)]
pub struct SaleFigures {
    pub sale_price: Money,
    pub acquisition_cost: Money,
    /// Other recorded costs (service, shipping…).
    pub costs: Vec<Money>,
}

impl SaleFigures {
    /// Sale price − acquisition cost − recorded costs.
    pub fn gross_profit(&self) -> Result<Money, MoneyError> {
        let mut p = self.sale_price.checked_sub(&self.acquisition_cost)?;
        for c in &self.costs {
            p = p.checked_sub(c)?;
        }
        Ok(p)
    }
}

/// How one deal's commission is set: from the broker's default rate unless
/// the owner overrides the rate, the basis, or sets a fixed amount.
#[derive(Clone, Debug, PartialEq)]
pub struct CommissionTerms {
    pub basis: CommissionBasis,
    /// Rate for percentage bases.
    pub rate: BasisPoints,
    /// The amount for [`CommissionBasis::Fixed`].
    pub fixed: Option<Money>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommissionError {
    #[error("A fixed commission needs an amount.")]
    MissingFixedAmount,
    #[error("The commission rate must be between 0% and 100%.")]
    RateOutOfRange,
    #[error("The co-broker's share must be between 0% and 100%.")]
    ShareOutOfRange,
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// The whole deal's commission, rounded to the currency's minor unit (the
/// module's rounding rule). A loss makes no negative commission: zero.
pub fn deal_commission(terms: &CommissionTerms, figures: &SaleFigures) -> Result<Money, CommissionError> {
    if terms.rate.0 < 0 || terms.rate.0 > 10_000 {
        return Err(CommissionError::RateOutOfRange);
    }
    let amount = match terms.basis {
        CommissionBasis::Fixed => terms.fixed.ok_or(CommissionError::MissingFixedAmount)?,
        CommissionBasis::SalePrice => figures.sale_price.checked_mul_bps(terms.rate)?,
        CommissionBasis::GrossProfit => {
            let profit = figures.gross_profit()?;
            if profit.is_negative() {
                Money::zero(profit.currency)
            } else {
                profit.checked_mul_bps(terms.rate)?
            }
        }
    };
    let rounded = amount.round_to_minor();
    if rounded.is_negative() {
        return Ok(Money::zero(rounded.currency));
    }
    Ok(rounded)
}

/// Splits a deal's commission between the lead broker and, on a co-sourced
/// deal, the co-broker (who gets `co_share`). The parts add up exactly.
pub fn split(total: Money, co_share: Option<BasisPoints>) -> Result<(Money, Option<Money>), CommissionError> {
    match co_share {
        None => Ok((total, None)),
        Some(s) if s.0 < 0 || s.0 > 10_000 => Err(CommissionError::ShareOutOfRange),
        Some(s) => {
            let parts = total.allocate_by_bps(&[BasisPoints(10_000 - s.0), s])?;
            Ok((parts[0], Some(parts[1])))
        }
    }
}

/// Month-over-month: (this month, last month) sums of `(when, minor)` items
/// relative to `now`, both in UTC calendar months.
pub fn this_and_last_month(items: impl IntoIterator<Item = (i64, i64)>, now: i64) -> (i64, i64) {
    let (y, m, _) = super::time::civil(now);
    let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    let mut this = 0i64;
    let mut last = 0i64;
    for (at, minor) in items {
        let (iy, im, _) = super::time::civil(at);
        if iy == y && im == m {
            this = this.saturating_add(minor);
        } else if iy == py && im == pm {
            last = last.saturating_add(minor);
        }
    }
    (this, last)
}

/// "Omega Speedmaster 310.30.42.50.01.001" — how a watch is named in lists.
pub fn watch_title(brand: &str, model: &str, reference: &str) -> String {
    [brand, model, reference].iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A positive amount typed by a person, in the organization's currency.
pub fn parse_positive(input: &str, currency: Currency, what: &str) -> Result<Money, String> {
    // Money::parse refuses more decimals than the currency has, with its own message.
    let m = Money::parse(input, currency).map_err(|e| e.to_string())?;
    if !m.is_positive() {
        return Err(format!("{what} must be more than zero."));
    }
    Ok(m)
}


/// The Commissions page's filters, shared by its table and its CSV export
/// (so the export holds exactly the rows the table shows).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionFilter {
    pub status: Option<CommissionStatus>,
    /// First day included (UTC midnight, ms).
    pub from: Option<i64>,
    /// Last day included (UTC midnight, ms).
    pub to: Option<i64>,
}

impl CommissionFilter {
    /// From query values: status code, and dates as YYYY-MM-DD (bad values are ignored).
    pub fn parse(status: &str, from: &str, to: &str) -> CommissionFilter {
        CommissionFilter { status: CommissionStatus::parse(status.trim()), from: parse_day(from), to: parse_day(to) }
    }

    /// Does a commission earned at `at` with `status` pass?
    pub fn matches(&self, status: CommissionStatus, at: i64) -> bool {
        self.status.is_none_or(|s| s == status)
            && self.from.is_none_or(|f| at >= f)
            && self.to.is_none_or(|t| at < t + 86_400_000)
    }

    /// The query string for the export link.
    pub fn query(&self) -> String {
        let day = |ms: i64| {
            let (y, m, d) = super::time::civil(ms);
            format!("{y:04}-{m:02}-{d:02}")
        };
        format!(
            "status={}&from={}&to={}",
            self.status.map(|s| s.as_str()).unwrap_or(""),
            self.from.map(day).unwrap_or_default(),
            self.to.map(day).unwrap_or_default()
        )
    }
}

/// "2026-03-15" → UTC midnight in ms; `None` for anything else (or an impossible date).
pub fn parse_day(input: &str) -> Option<i64> {
    let mut parts = input.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let ms = (era * 146_097 + doe - 719_468) * 86_400_000;
    let (cy, cm, cd) = super::time::civil(ms);
    (cy == y && cm as i64 == m && cd as i64 == d).then_some(ms)
}

/// Payout details as typed on the Settings page.
#[derive(Clone, Debug, Default)]
pub struct PayoutInfoInput {
    pub institution: String,
    pub routing: String,
    pub swift: String,
    /// Empty keeps the number on file.
    pub account_number: String,
    pub method: String,
    pub notes: String,
}

/// Checked and normalised payout details.
#[derive(Clone, Debug, PartialEq)]
pub struct CleanPayoutInfo {
    pub institution: String,
    pub routing: String,
    pub swift: String,
    /// Upper case, without spaces or dashes; `None`: keep the one on file.
    pub account: Option<String>,
    pub method: PayoutMethod,
    pub notes: String,
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_uppercase()
}

/// Field-by-field checks; every problem is reported at once.
pub fn validate_payout_info(input: &PayoutInfoInput) -> Result<CleanPayoutInfo, Vec<(&'static str, String)>> {
    let mut errors = Vec::new();
    let institution = input.institution.trim().to_string();
    if institution.chars().count() > 120 {
        errors.push(("institution", "The institution name is too long (at most 120 characters).".to_string()));
    }
    let routing = compact(&input.routing);
    if !routing.is_empty() && !(routing.len() <= 34 && routing.chars().all(|c| c.is_ascii_alphanumeric())) {
        errors.push(("routing", "Enter the routing or sort code with letters and digits only.".to_string()));
    }
    let swift = compact(&input.swift);
    if !swift.is_empty()
        && !((swift.len() == 8 || swift.len() == 11)
            && swift[..6].chars().all(|c| c.is_ascii_alphabetic())
            && swift[6..].chars().all(|c| c.is_ascii_alphanumeric()))
    {
        errors.push(("swift", "A SWIFT/BIC code has 8 or 11 characters, like DEUTDEFF or DEUTDEFF500.".to_string()));
    }
    let account = compact(&input.account_number);
    let account = if account.is_empty() {
        None
    } else if account.len() < 4 || account.len() > 34 || !account.chars().all(|c| c.is_ascii_alphanumeric()) {
        errors.push(("account_number", "Enter the account number (4 to 34 letters and digits).".to_string()));
        None
    } else {
        Some(account)
    };
    let method = PayoutMethod::parse(input.method.trim());
    if method.is_none() {
        errors.push(("method", "Choose Wire, ACH, Zelle, Check or Other.".to_string()));
    }
    let notes = input.notes.trim().to_string();
    if notes.chars().count() > 500 {
        errors.push(("notes", "Notes are too long (at most 500 characters).".to_string()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CleanPayoutInfo { institution, routing, swift, account, method: method.expect("checked"), notes })
}

/// The last four characters of an account number (what screens show).
pub fn account_last4(account: &str) -> String {
    let chars: Vec<char> = account.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(s: &str) -> Money {
        Money::parse(s, Currency::USD).unwrap()
    }

    fn figures(sale: &str, cost: &str, costs: &[&str]) -> SaleFigures {
        SaleFigures { sale_price: usd(sale), acquisition_cost: usd(cost), costs: costs.iter().map(|c| usd(c)).collect() }
    }

    #[test]
    fn codes_round_trip() {
        for s in SubmissionStatus::ALL {
            assert_eq!(SubmissionStatus::parse(s.as_str()), Some(*s));
        }
        for s in CommissionStatus::ALL {
            assert_eq!(CommissionStatus::parse(s.as_str()), Some(*s));
        }
        assert_eq!(PayoutStatus::AwaitingSignoff.label(), "Awaiting Sign-off");
        assert_eq!(SourceType::CoSourced.to_string(), "Co-Sourced");
        assert_eq!(PayoutMethod::parse("venmo"), None);
    }

    #[test]
    fn commission_on_gross_profit_counts_every_cost() {
        let terms = CommissionTerms { basis: CommissionBasis::GrossProfit, rate: BasisPoints(1_000), fixed: None };
        // 20,000 − 15,000 − 350 − 150 = 4,500 → 10 % = 450
        assert_eq!(deal_commission(&terms, &figures("20000", "15000", &["350", "150"])).unwrap(), usd("450.00"));
        // a loss pays nothing rather than charging the broker
        assert_eq!(deal_commission(&terms, &figures("14000", "15000", &[])).unwrap(), usd("0.00"));
    }

    #[test]
    fn commission_rounds_half_away_from_zero_once() {
        let terms = CommissionTerms { basis: CommissionBasis::SalePrice, rate: BasisPoints(125), fixed: None };
        // 1,234.60 × 1.25 % = 15.4325 → 15.43 ; 1,234.20 × 1.25 % = 15.4275 → 15.43
        assert_eq!(deal_commission(&terms, &figures("1234.60", "0", &[])).unwrap(), usd("15.43"));
        assert_eq!(deal_commission(&terms, &figures("1234.20", "0", &[])).unwrap(), usd("15.43"));
        let half = CommissionTerms { basis: CommissionBasis::SalePrice, rate: BasisPoints(5_000), fixed: None };
        assert_eq!(deal_commission(&half, &figures("0.05", "0", &[])).unwrap(), usd("0.03"));
    }

    #[test]
    fn fixed_commission_needs_an_amount_and_rates_stay_in_range() {
        let fixed = CommissionTerms { basis: CommissionBasis::Fixed, rate: BasisPoints(0), fixed: Some(usd("750")) };
        assert_eq!(deal_commission(&fixed, &figures("1", "1", &[])).unwrap(), usd("750"));
        let missing = CommissionTerms { basis: CommissionBasis::Fixed, rate: BasisPoints(0), fixed: None };
        assert_eq!(deal_commission(&missing, &figures("1", "1", &[])), Err(CommissionError::MissingFixedAmount));
        let wild = CommissionTerms { basis: CommissionBasis::SalePrice, rate: BasisPoints(10_001), fixed: None };
        assert_eq!(deal_commission(&wild, &figures("1", "1", &[])), Err(CommissionError::RateOutOfRange));
    }

    #[test]
    fn co_sourced_split_adds_up_exactly() {
        let (lead, co) = split(usd("100.01"), Some(BasisPoints(3_333))).unwrap();
        let co = co.unwrap();
        assert_eq!(lead.checked_add(&co).unwrap(), usd("100.01"));
        assert_eq!(co, usd("33.33"));
        assert_eq!(split(usd("10"), None).unwrap(), (usd("10"), None));
        assert!(split(usd("10"), Some(BasisPoints(-1))).is_err());
    }

    #[test]
    fn dispute_and_outstanding_rules() {
        use CommissionStatus::*;
        assert!(PendingReview.can_dispute() && AwaitingPayout.can_dispute() && Disputed.can_dispute());
        assert!(!Paid.can_dispute() && !Cancelled.can_dispute());
        assert!(!Paid.is_outstanding());
        assert!(PayoutStatus::Requested.is_open() && !PayoutStatus::SignoffComplete.is_open());
    }

    #[test]
    fn months_compare_calendar_months() {
        // 2026-03-15 and 2026-02-10 and 2026-01-31
        let mar = 1_773_532_800_000;
        let feb = 1_770_681_600_000;
        let jan = 1_769_817_600_000;
        assert_eq!(this_and_last_month([(mar, 5), (feb, 7), (jan, 100), (mar, 1)], mar), (6, 7));
    }

    #[test]
    fn days_parse_strictly_and_filters_include_the_last_day() {
        assert_eq!(parse_day("2026-03-15"), Some(1_773_532_800_000));
        assert_eq!(parse_day("2026-02-31"), None);
        assert_eq!(parse_day("15/03/2026"), None);
        let f = CommissionFilter::parse("paid", "2026-03-01", "2026-03-15");
        assert!(f.matches(CommissionStatus::Paid, 1_773_532_800_000 + 86_399_999));
        assert!(!f.matches(CommissionStatus::Paid, 1_773_532_800_000 + 86_400_000));
        assert!(!f.matches(CommissionStatus::PendingReview, 1_773_532_800_000));
        assert_eq!(f.query(), "status=paid&from=2026-03-01&to=2026-03-15");
        assert_eq!(CommissionFilter::parse("bogus", "", "x"), CommissionFilter::default());
    }

    #[test]
    fn payout_details_are_checked_and_normalised() {
        let ok = validate_payout_info(&PayoutInfoInput {
            institution: " Deutsche Bank ".into(),
            routing: "0210-0002 1".into(),
            swift: "deut de ff 500".into(),
            account_number: "de89 3704 0044 0532 0130 00".into(),
            method: "wire".into(),
            notes: "".into(),
        })
        .unwrap();
        assert_eq!(ok.institution, "Deutsche Bank");
        assert_eq!(ok.routing, "021000021");
        assert_eq!(ok.swift, "DEUTDEFF500");
        assert_eq!(ok.account.as_deref(), Some("DE89370400440532013000"));
        assert_eq!(account_last4("DE89370400440532013000"), "3000");
        assert_eq!(account_last4("12"), "12");
        let bad = validate_payout_info(&PayoutInfoInput { swift: "ABC".into(), account_number: "12".into(), method: "paypal".into(), ..Default::default() }).unwrap_err();
        let fields: Vec<&str> = bad.iter().map(|e| e.0).collect();
        assert_eq!(fields, ["swift", "account_number", "method"]);
        let keep = validate_payout_info(&PayoutInfoInput { method: "zelle".into(), ..Default::default() }).unwrap();
        assert_eq!(keep.account, None, "an empty account number keeps the one on file");
    }

    #[test]
    fn amounts_typed_by_people() {
        assert_eq!(parse_positive("14,500", Currency::USD, "Asking price").unwrap(), usd("14500"));
        assert!(parse_positive("0", Currency::USD, "Asking price").unwrap_err().contains("more than zero"));
        assert!(parse_positive("1.234", Currency::USD, "Cost").is_err(), "more decimals than cents");
        assert!(parse_positive("abc", Currency::USD, "Cost").is_err());
    }
}
