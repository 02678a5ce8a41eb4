//! Double-entry posting rules (pure). Every money movement is a
//! transaction of two or more postings in integer minor units that sum to
//! zero per currency; balances are sums of postings. The server's
//! `ledger` service stores them; this module decides what is valid.
//!
//! Sign convention: a posting's amount is added to its account's balance.
//! A transfer of 100 from A to B is `A: -100, B: +100`. Accounts whose
//! natural balance is a liability (what the organization owes: commission
//! payable, investor available…) are credited with positive amounts too —
//! "balance" always means "what this account holds", so a broker's payable
//! account shows what he is owed, and the organization's cash account
//! goes down when it pays him.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What an account represents. Accounts are per organization; external
/// parties' accounts also name their owner (a user id).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// Investor money ready to deploy ("dry powder").
    InvestorAvailable,
    /// Investor money allocated to inventory.
    InvestorDeployed,
    /// Profit owed to an investor, not yet rolled over or withdrawn.
    InvestorEarnings,
    /// Commission a broker has earned and the organization owes.
    BrokerCommissionPayable,
    /// What the organization owes a marketplace partner (originator payouts…).
    PartnerPayable,
    /// Platform fees the organization owes the platform.
    PlatformFeePayable,
    /// The organization's bank money.
    OrgCash,
    /// The organization's revenue (commission income, sale profit…).
    OrgRevenue,
    /// The organization's expenses (commissions it pays, fees…).
    OrgExpense,
    /// Money in transit from outside (deposits received, sale proceeds).
    External,
}

impl AccountKind {
    pub const ALL: [AccountKind; 10] = [
        AccountKind::InvestorAvailable,
        AccountKind::InvestorDeployed,
        AccountKind::InvestorEarnings,
        AccountKind::BrokerCommissionPayable,
        AccountKind::PartnerPayable,
        AccountKind::PlatformFeePayable,
        AccountKind::OrgCash,
        AccountKind::OrgRevenue,
        AccountKind::OrgExpense,
        AccountKind::External,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::InvestorAvailable => "investor_available",
            AccountKind::InvestorDeployed => "investor_deployed",
            AccountKind::InvestorEarnings => "investor_earnings",
            AccountKind::BrokerCommissionPayable => "broker_commission_payable",
            AccountKind::PartnerPayable => "partner_payable",
            AccountKind::PlatformFeePayable => "platform_fee_payable",
            AccountKind::OrgCash => "org_cash",
            AccountKind::OrgRevenue => "org_revenue",
            AccountKind::OrgExpense => "org_expense",
            AccountKind::External => "external",
        }
    }

    pub fn parse(s: &str) -> Option<AccountKind> {
        AccountKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Accounts that may never go below zero: money an investor can spend
    /// cannot be negative, and nobody can be owed less than nothing.
    pub fn may_go_negative(self) -> bool {
        matches!(self, AccountKind::OrgCash | AccountKind::OrgRevenue | AccountKind::OrgExpense | AccountKind::External)
    }
}

/// One line of a transaction: `amount_minor` is added to the account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostingLine {
    pub account_id: String,
    pub currency: String,
    pub amount_minor: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PostingError {
    #[error("A transaction needs at least two postings.")]
    TooFewPostings,
    #[error("A posting of zero moves nothing; remove it.")]
    ZeroPosting,
    #[error("The postings in {currency} do not balance (they sum to {sum} minor units, not 0).")]
    Unbalanced { currency: String, sum: i128 },
    #[error("An amount is too large to record.")]
    Overflow,
    #[error("A transaction needs a reason.")]
    MissingReason,
    #[error("An idempotency key is required (1–200 characters).")]
    BadIdempotencyKey,
}

/// Checks the double-entry invariants of a transaction's postings.
pub fn check_postings(lines: &[PostingLine]) -> Result<(), PostingError> {
    if lines.len() < 2 {
        return Err(PostingError::TooFewPostings);
    }
    let mut sums: BTreeMap<&str, i128> = BTreeMap::new();
    for l in lines {
        if l.amount_minor == 0 {
            return Err(PostingError::ZeroPosting);
        }
        if l.amount_minor == i64::MIN {
            return Err(PostingError::Overflow);
        }
        *sums.entry(l.currency.as_str()).or_default() += l.amount_minor as i128;
    }
    for (currency, sum) in sums {
        if sum != 0 {
            return Err(PostingError::Unbalanced { currency: currency.to_string(), sum });
        }
    }
    Ok(())
}

/// The postings that undo a transaction (a correction is a reversing
/// transaction; nothing is ever edited or deleted).
pub fn reversal_of(lines: &[PostingLine]) -> Vec<PostingLine> {
    lines.iter().map(|l| PostingLine { amount_minor: -l.amount_minor, ..l.clone() }).collect()
}

/// Applies a posting to a balance, refusing overflow and (for accounts
/// that may not go negative) a negative result.
pub fn apply(balance: i64, amount: i64, may_go_negative: bool) -> Result<i64, ApplyError> {
    let next = balance.checked_add(amount).ok_or(ApplyError::Overflow)?;
    if next < 0 && !may_go_negative && amount < 0 {
        return Err(ApplyError::WouldGoNegative { balance, amount });
    }
    Ok(next)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApplyError {
    Overflow,
    WouldGoNegative { balance: i64, amount: i64 },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(acc: &str, cur: &str, amt: i64) -> PostingLine {
        PostingLine { account_id: acc.into(), currency: cur.into(), amount_minor: amt }
    }

    #[test]
    fn balanced_transactions_pass_per_currency() {
        assert_eq!(check_postings(&[line("a", "USD", -100), line("b", "USD", 100)]), Ok(()));
        assert_eq!(check_postings(&[line("a", "USD", -100), line("b", "USD", 60), line("c", "USD", 40), line("d", "GBP", 5), line("e", "GBP", -5)]), Ok(()));
    }

    #[test]
    fn unbalanced_zero_and_lonely_postings_fail() {
        assert_eq!(check_postings(&[line("a", "USD", 100)]), Err(PostingError::TooFewPostings));
        assert_eq!(check_postings(&[line("a", "USD", 0), line("b", "USD", 0)]), Err(PostingError::ZeroPosting));
        // balanced in total but not per currency
        assert!(matches!(check_postings(&[line("a", "USD", -100), line("b", "GBP", 100)]), Err(PostingError::Unbalanced { .. })));
    }

    #[test]
    fn reversal_cancels() {
        let t = vec![line("a", "USD", -250), line("b", "USD", 250)];
        let r = reversal_of(&t);
        assert_eq!(check_postings(&r), Ok(()));
        for (x, y) in t.iter().zip(&r) {
            assert_eq!(x.amount_minor + y.amount_minor, 0);
        }
    }

    #[test]
    fn guarded_accounts_never_go_negative() {
        assert_eq!(apply(100, -100, false), Ok(0));
        assert_eq!(apply(100, -101, false), Err(ApplyError::WouldGoNegative { balance: 100, amount: -101 }));
        assert_eq!(apply(100, -101, true), Ok(-1));
        assert_eq!(apply(i64::MAX, 1, true), Err(ApplyError::Overflow));
    }
}
