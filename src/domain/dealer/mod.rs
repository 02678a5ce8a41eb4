//! The dealer module's vocabulary and rules (Broker Portal and Deal Desk):
//! statuses and their allowed moves, typed inputs, payout details. How a
//! commission is computed and split is the engine's (`domain::commission`).
//! Pure: no I/O, used by the server and shown by the browser.

mod journey;

pub use journey::*;

use super::money::{BasisPoints, Currency, Money};
use super::time::{parse_date, Zone};
use crate::labelled_enum;
use chrono::NaiveDate;

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

/// "Omega Speedmaster 310.30.42.50.01.001" — how a watch is named in lists.
/// A reference the model already spells ("Richard Mille RM 035-02" with
/// reference RM035-02) is not said twice.
pub fn watch_title(brand: &str, model: &str, reference: &str) -> String {
    let letters = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect::<String>();
    let reference = if !reference.trim().is_empty() && letters(model).contains(&letters(reference)) { "" } else { reference };
    [brand, model, reference].iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// "10% of gross profit", "Your share 50% of 10% of sale price", "Fixed amount".
pub fn terms_text(rate: Option<BasisPoints>, basis: Option<CommissionBasis>, share: BasisPoints) -> String {
    let base = match (basis, rate) {
        (Some(CommissionBasis::Fixed), _) | (_, None) => "Fixed amount".to_string(),
        (b, Some(r)) => format!("{r} of {}", b.unwrap_or(CommissionBasis::GrossProfit).label().to_lowercase()),
    };
    if share.0 < 10_000 {
        format!("Your share {share} of {base}")
    } else {
        base
    }
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
/// (so the export holds exactly the rows the table shows). Days are the
/// organization's calendar days.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommissionFilter {
    pub status: Option<CommissionStatus>,
    /// First day included.
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
}

impl CommissionFilter {
    /// From query values: status code, and dates as YYYY-MM-DD (bad values are ignored).
    pub fn parse(status: &str, from: &str, to: &str) -> CommissionFilter {
        CommissionFilter { status: CommissionStatus::parse(status.trim()), from: parse_date(from), to: parse_date(to) }
    }

    /// Does a commission earned at `at` with `status` pass (days in `zone`)?
    pub fn matches(&self, status: CommissionStatus, at: i64, zone: Zone) -> bool {
        let day = zone.date(at);
        self.status.is_none_or(|s| s == status) && self.from.is_none_or(|f| day >= f) && self.to.is_none_or(|t| day <= t)
    }

    /// The query string for the export link.
    pub fn query(&self) -> String {
        let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        format!(
            "status={}&from={}&to={}",
            self.status.map(|s| s.as_str()).unwrap_or(""),
            self.from.map(day).unwrap_or_default(),
            self.to.map(day).unwrap_or_default()
        )
    }
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
    fn titles_never_say_the_reference_twice() {
        assert_eq!(watch_title("Omega", "Speedmaster", "310.30.42.50.01.001"), "Omega Speedmaster 310.30.42.50.01.001");
        assert_eq!(watch_title("Richard Mille", "RM 035-02", "RM035-02"), "Richard Mille RM 035-02");
        assert_eq!(watch_title("Rolex", "Datejust 41", "126334"), "Rolex Datejust 41 126334");
        assert_eq!(watch_title("Tudor", " Pelagos ", ""), "Tudor Pelagos");
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
    fn days_parse_strictly_and_filters_include_the_last_day() {
        let utc = Zone::UTC;
        assert_eq!(utc.parse_day("2026-03-15"), Some(1_773_532_800_000));
        assert_eq!(utc.parse_day("2026-02-31"), None);
        assert_eq!(utc.parse_day("15/03/2026"), None);
        let f = CommissionFilter::parse("paid", "2026-03-01", "2026-03-15");
        assert!(f.matches(CommissionStatus::Paid, 1_773_532_800_000 + 86_399_999, utc));
        assert!(!f.matches(CommissionStatus::Paid, 1_773_532_800_000 + 86_400_000, utc));
        assert!(!f.matches(CommissionStatus::PendingReview, 1_773_532_800_000, utc));
        // The last day is the organization's: 15 March ends at 00:00 on the 16th in Tokyo (15:00 UTC on the 15th).
        let tokyo = Zone::parse("Asia/Tokyo").unwrap();
        assert!(f.matches(CommissionStatus::Paid, 1_773_532_800_000 + 14 * 3_600_000, tokyo));
        assert!(!f.matches(CommissionStatus::Paid, 1_773_532_800_000 + 15 * 3_600_000, tokyo));
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
        let bad = validate_payout_info(&PayoutInfoInput { swift: "ABC".into(), account_number: "12".into(), method: "paypal".into(), ..Default::default() })
            .unwrap_err();
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
