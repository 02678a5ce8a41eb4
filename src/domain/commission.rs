//! The commission engine: one home for how every commission and fee in
//! Dealflow is computed, shared by the dealer module today and the
//! marketplace's fee chain (platform fee → net → originator → sales member
//! → admin revenue, `shared/marketplace/MATH.md`) next.
//!
//! - A [`Fee`] is a percentage of a base or a fixed amount. It is computed
//!   exactly and rounded once, to the currency's minor unit, half away from
//!   zero, at the moment it is computed ([`Fee::on`]).
//! - The dealer's sale commission ([`deal_commission`]) is a fee on the
//!   deal's basis: gross profit (sale price − acquisition cost − recorded
//!   costs), sale price, or a fixed amount. A loss pays nothing.
//! - [`split`] shares one amount between participants so that the parts add
//!   up exactly (a co-sourced deal's two brokers).

use super::dealer::CommissionBasis;
use super::money::{BasisPoints, Money, MoneyError};
use rust_decimal::Decimal;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommissionError {
    #[error("A fixed commission needs an amount.")]
    MissingFixedAmount,
    #[error("The commission rate must be between 0% and 100%.")]
    RateOutOfRange,
    #[error("A fixed fee cannot be negative.")]
    NegativeFixed,
    #[error("A fixed fee cannot be larger than what it is taken from.")]
    FixedExceedsBase,
    #[error("The co-broker's share must be between 0% and 100%.")]
    ShareOutOfRange,
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// A fee or commission: a percentage of a base, or a fixed amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fee {
    /// Percent of the base (`12.5` is 12.5 %), any precision.
    Percent(Decimal),
    Fixed(Money),
}

impl Fee {
    /// A rate in basis points (1250 → 12.5 %).
    pub fn rate(bps: BasisPoints) -> Fee {
        Fee::Percent(bps.as_percent())
    }

    /// The fee taken from `base`, rounded to the minor unit. A percentage
    /// must lie in 0‥100; a fixed fee may not be negative, and — when
    /// `capped` — may not exceed the base (it is paid out of it).
    pub fn on(&self, base: Money, capped: bool) -> Result<Money, CommissionError> {
        match *self {
            Fee::Percent(p) => {
                if p.is_sign_negative() && !p.is_zero() || p > Decimal::ONE_HUNDRED {
                    return Err(CommissionError::RateOutOfRange);
                }
                let exact = base.checked_mul(p)?;
                Ok(Money::new(exact.amount / Decimal::ONE_HUNDRED, base.currency).round_to_minor())
            }
            Fee::Fixed(m) => {
                if m.is_negative() {
                    return Err(CommissionError::NegativeFixed);
                }
                if capped && m.checked_cmp(&base)? == std::cmp::Ordering::Greater {
                    return Err(CommissionError::FixedExceedsBase);
                }
                Ok(m.round_to_minor())
            }
        }
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

/// The whole deal's commission, rounded to the currency's minor unit. A
/// loss makes no negative commission: zero.
pub fn deal_commission(terms: &CommissionTerms, figures: &SaleFigures) -> Result<Money, CommissionError> {
    if terms.rate.0 < 0 || terms.rate.0 > 10_000 {
        return Err(CommissionError::RateOutOfRange);
    }
    let amount = match terms.basis {
        // The owner's fixed amount is not capped by the profit.
        CommissionBasis::Fixed => Fee::Fixed(terms.fixed.ok_or(CommissionError::MissingFixedAmount)?).on(figures.sale_price, false)?,
        CommissionBasis::SalePrice => Fee::rate(terms.rate).on(figures.sale_price, true)?,
        CommissionBasis::GrossProfit => {
            let profit = figures.gross_profit()?;
            if profit.is_negative() {
                Money::zero(profit.currency).round_to_minor()
            } else {
                Fee::rate(terms.rate).on(profit, true)?
            }
        }
    };
    Ok(amount)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;
    use proptest::prelude::*;

    fn usd(s: &str) -> Money {
        Money::parse(s, Currency::USD).unwrap()
    }

    fn figures(sale: &str, cost: &str, costs: &[&str]) -> SaleFigures {
        SaleFigures { sale_price: usd(sale), acquisition_cost: usd(cost), costs: costs.iter().map(|c| usd(c)).collect() }
    }

    #[test]
    fn a_fee_rounds_once_half_away_from_zero() {
        assert_eq!(Fee::Percent(Decimal::new(125, 1)).on(usd("14500"), true).unwrap(), usd("1812.50"));
        // 0.05 × 50 % = 0.025 → 0.03 (half away from zero)
        assert_eq!(Fee::Percent(Decimal::from(50)).on(usd("0.05"), true).unwrap(), usd("0.03"));
        assert_eq!(Fee::Percent(Decimal::new(33333, 3)).on(usd("100"), true).unwrap(), usd("33.33"));
        let yen = Money::parse("1005", Currency::new("JPY").unwrap()).unwrap();
        assert_eq!(Fee::Percent(Decimal::from(10)).on(yen, true).unwrap().to_minor_units().unwrap(), 101);
    }

    #[test]
    fn a_fee_refuses_what_cannot_be_paid() {
        assert_eq!(Fee::Percent(Decimal::from(101)).on(usd("1"), true), Err(CommissionError::RateOutOfRange));
        assert_eq!(Fee::Percent(Decimal::from(-1)).on(usd("1"), true), Err(CommissionError::RateOutOfRange));
        assert_eq!(Fee::Fixed(usd("11")).on(usd("10"), true), Err(CommissionError::FixedExceedsBase));
        assert_eq!(Fee::Fixed(usd("11")).on(usd("10"), false).unwrap(), usd("11"));
        assert_eq!(Fee::Fixed(usd("-1")).on(usd("10"), false), Err(CommissionError::NegativeFixed));
        let gbp = Money::parse("1", Currency::new("GBP").unwrap()).unwrap();
        assert!(matches!(Fee::Fixed(gbp).on(usd("10"), true), Err(CommissionError::Money(MoneyError::CurrencyMismatch { .. }))));
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

    proptest! {
        #[test]
        fn a_rate_never_takes_more_than_its_base(cents in 0i64..10_000_000_000, bps in 0i64..=10_000) {
            let base = Money::from_minor_units(cents, Currency::USD);
            let fee = Fee::rate(BasisPoints(bps)).on(base, true).unwrap();
            prop_assert!(!fee.is_negative());
            prop_assert!(fee.checked_cmp(&base).unwrap() != std::cmp::Ordering::Greater);
            // Exactly the rounded product, in whole cents.
            let exact = Decimal::from(cents) * Decimal::from(bps) / Decimal::from(10_000);
            let rounded = exact.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            prop_assert_eq!(Decimal::from(fee.to_minor_units().unwrap()), rounded);
        }

        #[test]
        fn splits_add_up(cents in 0i64..1_000_000_000, share in 0i64..=10_000) {
            let total = Money::from_minor_units(cents, Currency::USD);
            let (lead, co) = split(total, Some(BasisPoints(share))).unwrap();
            prop_assert_eq!(lead.checked_add(&co.unwrap()).unwrap(), total.round_to_minor());
        }
    }
}
