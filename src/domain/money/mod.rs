//! Exact money types for the Dealflow ledger.
//!
//! This module is self-contained: it depends only on `rust_decimal`, `serde`
//! and `thiserror`, does no IO, never touches floating point and compiles for
//! `wasm32-unknown-unknown`, so the same code formats and parses amounts in the
//! browser and books them on the server.
//!
//! * [`Currency`] — a validated ISO 4217 code with its minor-unit exponent and
//!   display symbol.
//! * [`Money`] — a [`Decimal`] amount in one currency with checked arithmetic.
//! * [`BasisPoints`] — rates and shares (1 bp = 0.01 %), parsed from and shown
//!   as percentages.
//! * [`MoneyError`] — every failure, with a message a user can read.
//!
//! # The rounding rule
//!
//! There is exactly one rounding rule in this module:
//!
//! > **Amounts are kept at full precision in memory. They are rounded to the
//! > currency's minor unit only when they are persisted or displayed, and the
//! > rounding is HALF AWAY FROM ZERO**
//! > (`RoundingStrategy::MidpointAwayFromZero`).
//!
//! Arithmetic ([`Money::checked_add`], [`Money::checked_mul`],
//! [`Money::checked_mul_bps`], …) never rounds. Rounding happens only in
//! [`Money::round_to_minor`], which is what [`Money::to_minor_units`] (the
//! persisted integer), [`Money::allocate`], [`Money::format`] and
//! [`Money::format_compact`] go through. Serde is a lossless transport
//! encoding, not persistence: it keeps the full-precision amount, so round
//! (or convert to minor units) before you store a value.
//!
//! ```text
//!  2.345 USD  ->  2.35 USD     (midpoint, rounded away from zero)
//! -2.345 USD  -> -2.35 USD     (symmetric for negative amounts)
//!  2.344 USD  ->  2.34 USD
//!  0.5   JPY  ->  1 JPY        (JPY has no minor unit)
//!  1.2345 BHD ->  1.235 BHD    (BHD has three decimals)
//! ```
//!
//! "Full precision" means `Decimal` precision: 96-bit integer mantissa with
//! up to 28 decimal places. Products that would need more than that are
//! rounded by `rust_decimal` in the 28th significant digit, far below any
//! minor unit for amounts within [`MAX_INPUT_AMOUNT`].
//!
//! # Allocation
//!
//! [`Money::allocate`] first rounds the total to minor units, then splits it
//! with the largest-remainder method so that the parts add up *exactly* to the
//! rounded total. See its documentation for the tie-breaking rule.
//!
//! The files: `currency.rs` (codes, exponents, symbols), `amount.rs`
//! ([`Money`]: arithmetic, rounding, allocation, formatting, parsing),
//! `rate.rs` ([`BasisPoints`]), `text.rs` (the digits and markers of typed
//! and written amounts); `tests.rs` and `proptests.rs`.

mod amount;
mod currency;
mod rate;
mod text;

pub use amount::*;
pub use currency::*;
pub use rate::*;
use text::*;

use std::borrow::{Borrow, Cow};
use std::cmp::Ordering;
use std::fmt;
use std::ops::Neg;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The rounding strategy used everywhere an amount is rounded (see the module
/// documentation).
pub const ROUNDING: RoundingStrategy = RoundingStrategy::MidpointAwayFromZero;

/// The largest absolute amount (in major units) that [`Money::parse`] accepts:
/// 10^15, one quadrillion.
pub const MAX_INPUT_AMOUNT: i64 = 1_000_000_000_000_000;

/// Basis points in 100 %.
const BPS_PER_WHOLE: i64 = 10_000;

/// Everything that can go wrong with money. `Display` gives a sentence that
/// can be shown to a user as is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum MoneyError {
    /// A currency code that is not three ASCII capital letters.
    #[error("\"{0}\" is not a currency code. Use three capital letters, like USD.")]
    InvalidCurrencyCode(String),

    /// Two amounts in different currencies were combined or compared.
    #[error("Amounts in {left} and {right} cannot be combined. Convert them to one currency first.")]
    CurrencyMismatch {
        /// Currency of the left-hand operand.
        left: Currency,
        /// Currency of the right-hand operand.
        right: Currency,
    },

    /// A calculation or conversion exceeded the representable range.
    #[error("This amount is too large to work with.")]
    Overflow,

    /// Parsing: nothing was entered.
    #[error("Enter an amount, like 1,250.00.")]
    EmptyAmount,

    /// Parsing: the input contains something other than digits, separators,
    /// a sign and the currency's symbol.
    #[error("Enter the amount using digits only, like 1,250.00.")]
    InvalidAmount,

    /// Parsing: more than one decimal point, like `1.2.3`.
    #[error("Use only one decimal point, like 1,250.00.")]
    MultipleDecimalPoints,

    /// Parsing: misplaced thousands separators, like `1,2345`.
    #[error("Put commas only between groups of three digits, like 1,250,000.00.")]
    InvalidGrouping,

    /// Parsing: more decimals than the currency's minor unit allows.
    #[error("{}", too_many_decimals_message(.currency, .max))]
    TooManyDecimalPlaces {
        /// The currency the amount was entered in.
        currency: Currency,
        /// Its number of decimal places.
        max: u32,
    },

    /// Parsing: the absolute value exceeds [`MAX_INPUT_AMOUNT`].
    #[error("Enter an amount no larger than 1,000,000,000,000,000.")]
    AmountTooLarge,

    /// Parsing: the input carries another currency's symbol or code.
    #[error("This amount is in {expected}. Remove \"{found}\" or change the currency.")]
    WrongCurrency {
        /// The currency the amount is being entered in.
        expected: Currency,
        /// The symbol or code found in the input.
        found: String,
    },

    /// Percent parsing: nothing was entered.
    #[error("Enter a percentage, like 12.5%.")]
    EmptyPercent,

    /// Percent parsing: not a number.
    #[error("Enter the percentage using digits only, like 12.5%.")]
    InvalidPercent,

    /// Percent parsing: finer than one basis point.
    #[error("Use at most 2 decimal places in a percentage, like 12.25%.")]
    TooManyPercentDecimals,

    /// A negative percentage where only non-negative ones are allowed.
    #[error("The percentage cannot be negative.")]
    NegativePercent,

    /// Percent parsing: out of range.
    #[error("That percentage is too large.")]
    PercentTooLarge,

    /// Allocation: no weights or shares were given.
    #[error("There is nothing to split the amount between. Add at least one share.")]
    NoAllocationTargets,

    /// Allocation: every weight is zero.
    #[error("At least one share must be greater than zero.")]
    AllZeroWeights,

    /// Allocation by basis points: a negative share.
    #[error("Shares cannot be negative.")]
    NegativeShare,

    /// Allocation by basis points: the shares do not add up to 100 %.
    #[error("The shares must add up to 100%, but they add up to {total}.")]
    SharesDoNotTotal100 {
        /// What the shares actually add up to.
        total: BasisPoints,
    },
}

fn too_many_decimals_message(currency: &Currency, max: &u32) -> String {
    match *max {
        0 => format!("{currency} amounts have no decimal places. Enter a whole number."),
        1 => "Use at most 1 decimal place.".to_owned(),
        n => format!("Use at most {n} decimal places."),
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod proptests;
