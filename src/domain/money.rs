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

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Currency
// ---------------------------------------------------------------------------

/// One row of the currency data table.
struct CurrencyInfo {
    code: &'static str,
    /// ISO 4217 minor unit: number of decimal places.
    exponent: u32,
    /// Display prefix; `None` means "CODE ".
    symbol: Option<&'static str>,
}

const fn info(code: &'static str, exponent: u32, symbol: Option<&'static str>) -> CurrencyInfo {
    CurrencyInfo { code, exponent, symbol }
}

/// ISO 4217 minor units for the currencies Dealflow cares about, plus every
/// currency whose minor unit is not 2. Codes not listed default to 2 decimals
/// and the "CODE " prefix.
const CURRENCY_TABLE: &[CurrencyInfo] = &[
    // Two decimals.
    info("USD", 2, Some("$")),
    info("EUR", 2, Some("€")),
    info("GBP", 2, Some("£")),
    info("CHF", 2, Some("CHF ")),
    info("HKD", 2, Some("HK$")),
    info("SGD", 2, Some("S$")),
    info("AED", 2, Some("AED ")),
    info("CAD", 2, None),
    info("AUD", 2, None),
    info("NZD", 2, None),
    info("SEK", 2, None),
    info("NOK", 2, None),
    info("DKK", 2, None),
    info("CNY", 2, None),
    info("INR", 2, None),
    info("SAR", 2, None),
    info("QAR", 2, None),
    info("ZAR", 2, None),
    info("MXN", 2, None),
    info("BRL", 2, None),
    info("PLN", 2, None),
    info("CZK", 2, None),
    info("ILS", 2, None),
    info("TRY", 2, None),
    info("THB", 2, None),
    info("MYR", 2, None),
    info("PHP", 2, None),
    info("IDR", 2, None),
    info("TWD", 2, None),
    info("HUF", 2, None),
    // No decimals.
    info("JPY", 0, Some("¥")),
    info("KRW", 0, None),
    info("CLP", 0, None),
    info("VND", 0, None),
    info("ISK", 0, None),
    info("PYG", 0, None),
    info("UGX", 0, None),
    info("RWF", 0, None),
    info("GNF", 0, None),
    info("KMF", 0, None),
    info("DJF", 0, None),
    info("BIF", 0, None),
    info("VUV", 0, None),
    info("XAF", 0, None),
    info("XOF", 0, None),
    info("XPF", 0, None),
    info("UYI", 0, None),
    // Three decimals.
    info("BHD", 3, None),
    info("KWD", 3, None),
    info("OMR", 3, None),
    info("JOD", 3, None),
    info("TND", 3, None),
    info("IQD", 3, None),
    info("LYD", 3, None),
    // Four decimals.
    info("CLF", 4, None),
    info("UYW", 4, None),
];

/// Decimal places for codes missing from the table.
const DEFAULT_EXPONENT: u32 = 2;

/// An ISO 4217 currency code: exactly three ASCII capital letters.
///
/// Serializes as the plain code string (`"USD"`); deserialization validates.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// US dollar.
    pub const USD: Currency = Currency(*b"USD");
    /// Euro.
    pub const EUR: Currency = Currency(*b"EUR");
    /// Pound sterling.
    pub const GBP: Currency = Currency(*b"GBP");
    /// Swiss franc.
    pub const CHF: Currency = Currency(*b"CHF");
    /// Hong Kong dollar.
    pub const HKD: Currency = Currency(*b"HKD");
    /// Singapore dollar.
    pub const SGD: Currency = Currency(*b"SGD");
    /// UAE dirham.
    pub const AED: Currency = Currency(*b"AED");
    /// Japanese yen (no minor unit).
    pub const JPY: Currency = Currency(*b"JPY");
    /// Bahraini dinar (three decimals).
    pub const BHD: Currency = Currency(*b"BHD");

    /// Validates `code` (exactly three ASCII capital letters, no trimming or
    /// case folding). Any such code is accepted; codes missing from the data
    /// table get 2 decimals and the "CODE " prefix.
    pub fn new(code: &str) -> Result<Currency, MoneyError> {
        match code.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(Currency([a, b, c])),
            _ => Err(MoneyError::InvalidCurrencyCode(code.to_owned())),
        }
    }

    /// The three-letter code.
    pub fn code(&self) -> &str {
        // The bytes are validated ASCII capitals, so this never falls back.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    fn info(&self) -> Option<&'static CurrencyInfo> {
        CURRENCY_TABLE.iter().find(|row| row.code.as_bytes() == self.0)
    }

    /// Whether the code is in this module's data table.
    pub fn is_known(&self) -> bool {
        self.info().is_some()
    }

    /// Number of decimal places of the minor unit (ISO 4217 "minor unit"):
    /// 2 for USD (cents), 0 for JPY, 3 for BHD. Unknown codes: 2.
    pub fn exponent(&self) -> u32 {
        self.info().map_or(DEFAULT_EXPONENT, |row| row.exponent)
    }

    /// Display prefix: "$" (USD), "£" (GBP), "€" (EUR), "HK$" (HKD),
    /// "S$" (SGD), "CHF " (CHF), "AED " (AED), "¥" (JPY), otherwise the code
    /// followed by a space, e.g. "CAD ".
    pub fn symbol(&self) -> Cow<'static, str> {
        match self.info().and_then(|row| row.symbol) {
            Some(symbol) => Cow::Borrowed(symbol),
            None => Cow::Owned(format!("{} ", self.code())),
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.code())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::new(s)
    }
}

impl TryFrom<&str> for Currency {
    type Error = MoneyError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Currency::new(s)
    }
}

impl TryFrom<String> for Currency {
    type Error = MoneyError;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        Currency::new(&code)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Currency::new(&code).map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------

/// An amount of money in one currency.
///
/// The amount is kept at full precision; see the module documentation for
/// when and how it is rounded. Equality is numeric (`1.5 USD == 1.50 USD`),
/// ordering is defined only within one currency (`partial_cmp` returns `None`
/// across currencies; [`Money::checked_cmp`] returns an error).
///
/// Serializes as `{"amount": "14500.00", "currency": "USD"}` — the amount is
/// always a string, and deserialization accepts only a string, so no float
/// ever carries an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// The amount in major units (dollars, not cents), full precision.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// The currency of `amount`.
    pub currency: Currency,
}

impl Money {
    /// An amount as given (no rounding).
    pub const fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Zero in `currency`.
    pub const fn zero(currency: Currency) -> Money {
        Money { amount: Decimal::ZERO, currency }
    }

    /// An integer count of minor units (cents for USD, yen for JPY, fils for
    /// BHD). The amount carries exactly the currency's decimals:
    /// `from_minor_units(1_450_000, USD)` is `14500.00`.
    pub fn from_minor_units(minor: i64, currency: Currency) -> Money {
        Money { amount: Decimal::new(minor, currency.exponent()), currency }
    }

    /// The amount rounded to the currency's minor unit, half away from zero
    /// (the module's one rounding rule), with exactly that many decimals.
    /// Never returns negative zero.
    pub fn round_to_minor(&self) -> Money {
        let exponent = self.currency.exponent();
        let mut amount = self.amount.round_dp_with_strategy(exponent, ROUNDING);
        // Pad to the minor unit so that 14500 prints and serializes as
        // 14500.00. For values too large to pad, rescale keeps the value and
        // uses the largest scale it can.
        amount.rescale(exponent);
        if amount.is_zero() {
            amount.set_sign_positive(true);
        }
        Money { amount, currency: self.currency }
    }

    /// The amount as an integer count of minor units, rounded per the
    /// module's rule. This is the value to persist.
    ///
    /// Errors with [`MoneyError::Overflow`] if it does not fit in an `i64`.
    pub fn to_minor_units(&self) -> Result<i64, MoneyError> {
        let minor = self.minor_units_i128()?;
        i64::try_from(minor).map_err(|_| MoneyError::Overflow)
    }

    /// Rounded minor units as `i128` (always fits: a Decimal mantissa has 96
    /// bits, times at most 10^4).
    fn minor_units_i128(&self) -> Result<i128, MoneyError> {
        let rounded = self.round_to_minor().amount;
        let exponent = self.currency.exponent();
        // After rounding, scale <= exponent.
        let missing = exponent.saturating_sub(rounded.scale());
        10i128.checked_pow(missing).and_then(|factor| rounded.mantissa().checked_mul(factor)).ok_or(MoneyError::Overflow)
    }

    /// True if the amount is exactly zero.
    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    /// True if the amount is below zero (negative zero is not negative).
    pub fn is_negative(&self) -> bool {
        self.amount < Decimal::ZERO
    }

    /// True if the amount is above zero.
    pub fn is_positive(&self) -> bool {
        self.amount > Decimal::ZERO
    }

    /// The absolute value.
    pub fn abs(&self) -> Money {
        Money { amount: self.amount.abs(), currency: self.currency }
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch { left: self.currency, right: other.currency })
        }
    }

    /// `self + other`; errors on a currency mismatch or overflow. Exact.
    pub fn checked_add(&self, other: &Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let amount = self.amount.checked_add(other.amount).ok_or(MoneyError::Overflow)?;
        Ok(Money { amount, currency: self.currency })
    }

    /// `self - other`; errors on a currency mismatch or overflow. Exact.
    pub fn checked_sub(&self, other: &Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let amount = self.amount.checked_sub(other.amount).ok_or(MoneyError::Overflow)?;
        Ok(Money { amount, currency: self.currency })
    }

    /// `-self`. Cannot fail (a Decimal's sign is a separate bit); provided
    /// alongside the `Neg` operator for symmetry with the checked methods.
    pub fn checked_neg(&self) -> Money {
        -*self
    }

    /// Sums `items` in `currency`. An empty list sums to zero; an item in a
    /// different currency is a [`MoneyError::CurrencyMismatch`]. Exact.
    pub fn checked_sum<I>(currency: Currency, items: I) -> Result<Money, MoneyError>
    where
        I: IntoIterator,
        I::Item: Borrow<Money>,
    {
        items.into_iter().try_fold(Money::zero(currency), |acc, item| acc.checked_add(item.borrow()))
    }

    /// `self × factor`, not rounded (see the module documentation).
    pub fn checked_mul(&self, factor: Decimal) -> Result<Money, MoneyError> {
        let amount = self.amount.checked_mul(factor).ok_or(MoneyError::Overflow)?;
        Ok(Money { amount, currency: self.currency })
    }

    /// `self × bps / 10 000`, exactly, not rounded: 12.5 % of 14,500.00 is
    /// 1,812.5000 until it is persisted or displayed.
    pub fn checked_mul_bps(&self, bps: BasisPoints) -> Result<Money, MoneyError> {
        self.checked_mul(bps.as_fraction())
    }

    /// Compares two amounts in the same currency.
    pub fn checked_cmp(&self, other: &Money) -> Result<Ordering, MoneyError> {
        self.same_currency(other)?;
        Ok(self.amount.cmp(&other.amount))
    }

    /// Splits the amount, first rounded to minor units, into one part per
    /// weight, proportionally, such that the parts' minor units add up
    /// **exactly** to the rounded total.
    ///
    /// Largest-remainder method: every part first gets the floor of its exact
    /// share `total × weight / Σweights`; the minor units left over go, one
    /// each, to the parts with the largest remainders, ties going to the lower
    /// index. Hence every part is within one minor unit of its exact share,
    /// zero weights get exactly zero, and the result is deterministic. A
    /// negative total is split as its absolute value and negated, so
    /// `allocate(-x) == -allocate(x)` part by part.
    ///
    /// Errors: no weights ([`MoneyError::NoAllocationTargets`]), all weights
    /// zero ([`MoneyError::AllZeroWeights`]), or a total that does not fit in
    /// `i64` minor units ([`MoneyError::Overflow`]).
    ///
    /// ```text
    /// $100.00 by [1, 1, 1]   -> $33.34, $33.33, $33.33
    /// -$100.00 by [1, 1, 1]  -> -$33.34, -$33.33, -$33.33
    /// ```
    pub fn allocate(&self, weights: &[u64]) -> Result<Vec<Money>, MoneyError> {
        if weights.is_empty() {
            return Err(MoneyError::NoAllocationTargets);
        }
        let weight_sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
        if weight_sum == 0 {
            return Err(MoneyError::AllZeroWeights);
        }
        let total = self.to_minor_units()?;
        let negative = total < 0;
        let magnitude = u128::from(total.unsigned_abs());

        // magnitude <= 2^63 and weight < 2^64, so the product fits in u128.
        let mut parts: Vec<u128> = Vec::with_capacity(weights.len());
        let mut remainders: Vec<u128> = Vec::with_capacity(weights.len());
        for &weight in weights {
            let share = magnitude * u128::from(weight);
            parts.push(share / weight_sum);
            remainders.push(share % weight_sum);
        }
        let assigned: u128 = parts.iter().sum();
        // Less than the number of non-zero remainders, so it never reaches a
        // zero-weight part.
        let leftover = magnitude - assigned;

        let mut order: Vec<usize> = (0..weights.len()).collect();
        order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]).then(a.cmp(&b)));
        for &index in order.iter().take(usize::try_from(leftover).unwrap_or(usize::MAX)) {
            parts[index] += 1;
        }

        parts
            .into_iter()
            .map(|part| {
                // part <= magnitude <= 2^63, so it fits in i128.
                let signed = i128::try_from(part).map_err(|_| MoneyError::Overflow)?;
                let signed = if negative { -signed } else { signed };
                let amount = Decimal::try_from_i128_with_scale(signed, self.currency.exponent()).map_err(|_| MoneyError::Overflow)?;
                Ok(Money { amount, currency: self.currency })
            })
            .collect()
    }

    /// Like [`Money::allocate`], with shares in basis points that must be
    /// non-negative and add up to exactly 10 000 (100 %).
    pub fn allocate_by_bps(&self, shares: &[BasisPoints]) -> Result<Vec<Money>, MoneyError> {
        if shares.is_empty() {
            return Err(MoneyError::NoAllocationTargets);
        }
        let mut weights = Vec::with_capacity(shares.len());
        let mut total: i128 = 0;
        for share in shares {
            let weight = u64::try_from(share.0).map_err(|_| MoneyError::NegativeShare)?;
            total += i128::from(share.0);
            weights.push(weight);
        }
        if total != i128::from(BPS_PER_WHOLE) {
            let total = i64::try_from(total).map_err(|_| MoneyError::Overflow)?;
            return Err(MoneyError::SharesDoNotTotal100 { total: BasisPoints(total) });
        }
        self.allocate(&weights)
    }

    /// Formats for display: currency symbol, thousands separators and exactly
    /// the currency's decimals, after rounding per the module's rule.
    ///
    /// ```text
    /// $14,500.00   -$1,234.57   £110.00   €6,200.00   HK$168,000.00
    /// ¥1,235       CHF 1,250,000.00      BHD 1.235    CAD 10.00
    /// ```
    ///
    /// The minus sign goes before the symbol. An amount that rounds to zero
    /// is shown without a sign.
    pub fn format(&self) -> String {
        let rounded = self.round_to_minor();
        let exponent = self.currency.exponent() as usize;
        let (negative, int_digits, mut frac_digits) = decimal_digits(rounded.amount);
        while frac_digits.len() < exponent {
            frac_digits.push('0');
        }
        let mut out = String::new();
        if negative {
            out.push('-');
        }
        out.push_str(&self.currency.symbol());
        out.push_str(&group_thousands(&int_digits));
        if exponent > 0 {
            out.push('.');
            out.push_str(&frac_digits);
        }
        out
    }

    /// Short form for KPI cards.
    ///
    /// Thresholds apply to the absolute value after rounding to minor units:
    ///
    /// | rounded amount          | shown as                    | example    |
    /// |-------------------------|-----------------------------|------------|
    /// | below 1,000             | [`Money::format`]           | `$950.00`  |
    /// | 1,000 up to 999,999.99… | thousands, suffix `K`       | `$14.5K`   |
    /// | from 10^6               | millions, suffix `M`        | `$1.25M`   |
    /// | from 10^9               | billions, suffix `B`        | `$3.4B`    |
    /// | from 10^12              | trillions, suffix `T`       | `$2T`      |
    ///
    /// The scaled number has at most two decimals (rounded half away from
    /// zero, the module's rule, applied to the displayed figure), trailing
    /// zeros dropped. If that rounding reaches 1,000 of a unit, the next unit
    /// is used instead: 999,999 shows as `$1M`, not `$1000K`.
    pub fn format_compact(&self) -> String {
        const UNITS: [(u32, &str); 4] = [(3, "K"), (6, "M"), (9, "B"), (12, "T")];
        let rounded = self.round_to_minor();
        let magnitude = rounded.amount.abs();
        let thousand = Decimal::from(1_000);
        if magnitude < thousand {
            return rounded.format();
        }
        let mut unit = 0;
        while unit + 1 < UNITS.len() && magnitude >= Decimal::from(10i64.pow(UNITS[unit + 1].0)) {
            unit += 1;
        }
        let scaled = loop {
            // Dividing by a power of ten is exact: only the scale changes.
            let Ok(scaled) = Decimal::try_from_i128_with_scale(magnitude.mantissa(), magnitude.scale() + UNITS[unit].0) else {
                return rounded.format();
            };
            let scaled = scaled.round_dp_with_strategy(2, ROUNDING);
            if scaled >= thousand && unit + 1 < UNITS.len() {
                unit += 1;
                continue;
            }
            break scaled.normalize();
        };
        let (_, int_digits, frac_digits) = decimal_digits(scaled);
        let mut out = String::new();
        if rounded.is_negative() {
            out.push('-');
        }
        out.push_str(&self.currency.symbol());
        out.push_str(&group_thousands(&int_digits));
        if !frac_digits.is_empty() {
            out.push('.');
            out.push_str(&frac_digits);
        }
        out.push_str(UNITS[unit].1);
        out
    }

    /// Parses what a user typed into an amount field.
    ///
    /// Accepted: surrounding whitespace; a leading `-` or `+` (before or after
    /// the symbol); the currency's own symbol or code before the number
    /// (`$14,500`, `CHF 1,250.00`, `usd 10`) or its code after it
    /// (`14,500 USD`); for dollar currencies also a bare `$`; commas between
    /// groups of three digits; one decimal point; at most the currency's
    /// number of decimals (trailing zeros beyond that are ignored, so `1.500`
    /// is fine for USD); an absolute value of at most
    /// [`MAX_INPUT_AMOUNT`] (10^15).
    ///
    /// The result carries exactly the currency's decimals (`"14500"` parses to
    /// `14500.00` USD). Each rejection has its own error:
    ///
    /// ```text
    /// ""        -> EmptyAmount            "Enter an amount, like 1,250.00."
    /// "abc"     -> InvalidAmount          "Enter the amount using digits only, like 1,250.00."
    /// "1.2.3"   -> MultipleDecimalPoints  "Use only one decimal point, like 1,250.00."
    /// "1,2345"  -> InvalidGrouping        "Put commas only between groups of three digits, like 1,250,000.00."
    /// "1.234"   -> TooManyDecimalPlaces   "Use at most 2 decimal places."
    /// "2e15"    -> InvalidAmount
    /// "1000000000000000.01"
    ///           -> AmountTooLarge         "Enter an amount no larger than 1,000,000,000,000,000."
    /// "€5" for USD -> WrongCurrency       "This amount is in USD. Remove \"€\" or change the currency."
    /// ```
    pub fn parse(input: &str, currency: Currency) -> Result<Money, MoneyError> {
        let mut rest = input.trim();
        if rest.is_empty() {
            return Err(MoneyError::EmptyAmount);
        }
        let mut negative = false;
        let mut signed = false;
        if let Some((is_negative, after)) = strip_sign(rest) {
            negative = is_negative;
            signed = true;
            rest = after.trim_start();
        }
        if let Some(after) = strip_currency_prefix(rest, currency) {
            rest = after.trim_start();
        } else if let Some(found) = foreign_marker_prefix(rest, currency) {
            return Err(MoneyError::WrongCurrency { expected: currency, found });
        }
        if !signed {
            if let Some((is_negative, after)) = strip_sign(rest) {
                negative = is_negative;
                rest = after.trim_start();
            }
        }
        if let Some(before) = strip_currency_suffix(rest, currency) {
            rest = before.trim_end();
        } else if let Some(found) = foreign_marker_suffix(rest, currency) {
            return Err(MoneyError::WrongCurrency { expected: currency, found });
        }
        if rest.is_empty() {
            return Err(MoneyError::EmptyAmount);
        }

        let number = parse_grouped_number(rest)?;
        let exponent = currency.exponent();
        let frac = number.frac.trim_end_matches('0');
        let int = number.int.trim_start_matches('0');
        // 10^15 has 16 digits; anything longer is too large whatever follows.
        if int.len() > 16 {
            return Err(MoneyError::AmountTooLarge);
        }
        if frac.len() > exponent as usize {
            return Err(MoneyError::TooManyDecimalPlaces { currency, max: exponent });
        }
        let mut minor: i128 = 0;
        let padding = exponent as usize - frac.len();
        for digit in int.bytes().chain(frac.bytes()).chain(std::iter::repeat_n(b'0', padding)) {
            minor = minor * 10 + i128::from(digit - b'0');
        }
        let limit = i128::from(MAX_INPUT_AMOUNT) * 10i128.pow(exponent);
        if minor > limit {
            return Err(MoneyError::AmountTooLarge);
        }
        if negative {
            minor = -minor;
        }
        let amount = Decimal::try_from_i128_with_scale(minor, exponent).map_err(|_| MoneyError::AmountTooLarge)?;
        Ok(Money { amount, currency })
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money { amount: -self.amount, currency: self.currency }
    }
}

impl PartialOrd for Money {
    /// `None` across currencies: amounts in different currencies are not
    /// comparable.
    fn partial_cmp(&self, other: &Money) -> Option<Ordering> {
        (self.currency == other.currency).then(|| self.amount.cmp(&other.amount))
    }
}

impl fmt::Display for Money {
    /// Same as [`Money::format`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format())
    }
}

// ---------------------------------------------------------------------------
// Basis points
// ---------------------------------------------------------------------------

/// A rate or share in basis points: 1 bp = 0.01 %, 10 000 bp = 100 %.
///
/// Parses from and displays as a percentage ("12.5%" ⇄ 1250 bp). The plain
/// constructor and [`BasisPoints::parse`] allow negative values; use
/// [`BasisPoints::non_negative`] / [`BasisPoints::parse_non_negative`] where
/// a negative rate makes no sense. Serializes as the integer number of bp.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BasisPoints(pub i64);

impl BasisPoints {
    /// 0 %.
    pub const ZERO: BasisPoints = BasisPoints(0);
    /// 100 %.
    pub const ONE_HUNDRED_PERCENT: BasisPoints = BasisPoints(BPS_PER_WHOLE);

    /// Any number of basis points, negative included.
    pub const fn new(bps: i64) -> BasisPoints {
        BasisPoints(bps)
    }

    /// Rejects negative values with [`MoneyError::NegativePercent`].
    pub fn non_negative(bps: i64) -> Result<BasisPoints, MoneyError> {
        if bps < 0 {
            Err(MoneyError::NegativePercent)
        } else {
            Ok(BasisPoints(bps))
        }
    }

    /// The raw number of basis points.
    pub const fn get(self) -> i64 {
        self.0
    }

    /// The rate as an exact decimal fraction: 1250 bp → 0.1250.
    pub fn as_fraction(self) -> Decimal {
        Decimal::new(self.0, 4)
    }

    /// The rate as an exact decimal percentage: 1250 bp → 12.50.
    pub fn as_percent(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    /// Parses a percentage: "12.5%", "12.5", " 12.50 % ", "-3%", "+0.25%",
    /// ".5%". At most two decimal places (one basis point); trailing zeros
    /// beyond that are ignored. Negative values are allowed.
    pub fn parse(input: &str) -> Result<BasisPoints, MoneyError> {
        let trimmed = input.trim();
        let body = trimmed.strip_suffix('%').map_or(trimmed, str::trim_end);
        if body.is_empty() {
            return Err(MoneyError::EmptyPercent);
        }
        let (negative, body) = match strip_sign(body) {
            Some((negative, after)) => (negative, after.trim_start()),
            None => (false, body),
        };
        if !body.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return Err(MoneyError::InvalidPercent);
        }
        let (int, frac) = match body.split_once('.') {
            Some((int, frac)) => (int, frac),
            None => (body, ""),
        };
        if frac.contains('.') {
            return Err(MoneyError::MultipleDecimalPoints);
        }
        if int.is_empty() && frac.is_empty() {
            return Err(MoneyError::InvalidPercent);
        }
        let frac = frac.trim_end_matches('0');
        if frac.len() > 2 {
            return Err(MoneyError::TooManyPercentDecimals);
        }
        let padding = 2 - frac.len();
        let mut bps: i64 = 0;
        for digit in int.bytes().chain(frac.bytes()).chain(std::iter::repeat_n(b'0', padding)) {
            bps = bps.checked_mul(10).and_then(|v| v.checked_add(i64::from(digit - b'0'))).ok_or(MoneyError::PercentTooLarge)?;
        }
        Ok(BasisPoints(if negative { -bps } else { bps }))
    }

    /// [`BasisPoints::parse`], rejecting negative percentages with
    /// [`MoneyError::NegativePercent`].
    pub fn parse_non_negative(input: &str) -> Result<BasisPoints, MoneyError> {
        let bps = BasisPoints::parse(input)?;
        BasisPoints::non_negative(bps.0)
    }
}

impl fmt::Display for BasisPoints {
    /// "12.5%", "12%", "0.01%", "-0.5%": the percentage with trailing zeros
    /// dropped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let magnitude = self.0.unsigned_abs();
        let (int, frac) = (magnitude / 100, magnitude % 100);
        if frac == 0 {
            write!(f, "{sign}{int}%")
        } else if frac % 10 == 0 {
            write!(f, "{sign}{int}.{}%", frac / 10)
        } else {
            write!(f, "{sign}{int}.{frac:02}%")
        }
    }
}

impl FromStr for BasisPoints {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BasisPoints::parse(s)
    }
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Sign and digits of a decimal: (negative, integer digits, fraction digits
/// exactly `scale` long). Negative zero is reported as non-negative.
fn decimal_digits(value: Decimal) -> (bool, String, String) {
    let negative = value.is_sign_negative() && !value.is_zero();
    let digits = value.mantissa().unsigned_abs().to_string();
    let scale = value.scale() as usize;
    if digits.len() > scale {
        let (int, frac) = digits.split_at(digits.len() - scale);
        (negative, int.to_owned(), frac.to_owned())
    } else {
        let mut frac = "0".repeat(scale - digits.len());
        frac.push_str(&digits);
        (negative, "0".to_owned(), frac)
    }
}

/// "1234567" → "1,234,567".
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A leading sign: `-`, the Unicode minus `−`, or `+`.
fn strip_sign(s: &str) -> Option<(bool, &str)> {
    if let Some(rest) = s.strip_prefix('-').or_else(|| s.strip_prefix('\u{2212}')) {
        Some((true, rest))
    } else {
        s.strip_prefix('+').map(|rest| (false, rest))
    }
}

/// Markers that denote `currency` in input: its symbol (trimmed), its code,
/// and a bare "$" for currencies whose symbol contains "$". Longest first.
fn own_markers(currency: Currency) -> Vec<String> {
    let symbol = currency.symbol();
    let mut markers = vec![symbol.trim().to_owned(), currency.code().to_owned()];
    if symbol.contains('$') {
        markers.push("$".to_owned());
    }
    markers.sort_by_key(|m| std::cmp::Reverse(m.len()));
    markers.dedup();
    markers
}

/// `s` without a leading marker of `currency` (code matched ignoring case).
fn strip_currency_prefix(s: &str, currency: Currency) -> Option<&str> {
    own_markers(currency).iter().find_map(|marker| {
        let head = s.get(..marker.len())?;
        head.eq_ignore_ascii_case(marker).then(|| &s[marker.len()..])
    })
}

/// `s` without a trailing code of `currency` (ignoring case).
fn strip_currency_suffix(s: &str, currency: Currency) -> Option<&str> {
    let code = currency.code();
    let split = s.len().checked_sub(code.len())?;
    let tail = s.get(split..)?;
    tail.eq_ignore_ascii_case(code).then(|| &s[..split])
}

/// Characters that can appear in the number itself (or a sign).
fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '\u{2212}')
}

/// Whether `marker` denotes some other currency: a symbol or code (any case)
/// from the data table. Unknown words stay "not a number" errors.
fn is_foreign_marker(marker: &str, currency: Currency) -> bool {
    CURRENCY_TABLE
        .iter()
        .any(|row| row.code != currency.code() && (row.code.eq_ignore_ascii_case(marker) || row.symbol.is_some_and(|symbol| symbol.trim() == marker)))
}

fn foreign_marker_prefix(s: &str, currency: Currency) -> Option<String> {
    let end = s.find(|c: char| is_number_char(c) || c.is_whitespace()).unwrap_or(s.len());
    let marker = &s[..end];
    (!marker.is_empty() && is_foreign_marker(marker, currency)).then(|| marker.to_owned())
}

fn foreign_marker_suffix(s: &str, currency: Currency) -> Option<String> {
    let start = s.char_indices().rev().find(|&(_, c)| is_number_char(c) || c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
    let marker = &s[start..];
    (!marker.is_empty() && is_foreign_marker(marker, currency)).then(|| marker.to_owned())
}

/// The digits of a plain or comma-grouped decimal number, unsigned.
struct GroupedNumber<'a> {
    /// Integer digits, commas removed (may be empty, as in ".5").
    int: String,
    /// Fraction digits (may be empty).
    frac: &'a str,
}

fn parse_grouped_number(s: &str) -> Result<GroupedNumber<'_>, MoneyError> {
    if !s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return Err(MoneyError::InvalidAmount);
    }
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        return Err(MoneyError::InvalidAmount);
    }
    let (int, frac) = match s.split_once('.') {
        Some((int, frac)) => (int, frac),
        None => (s, ""),
    };
    if frac.contains('.') {
        return Err(MoneyError::MultipleDecimalPoints);
    }
    if frac.contains(',') {
        return Err(MoneyError::InvalidGrouping);
    }
    if int.contains(',') {
        let mut groups = int.split(',');
        let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
        if !first_ok || !groups.all(|g| g.len() == 3) {
            return Err(MoneyError::InvalidGrouping);
        }
    }
    Ok(GroupedNumber { int: int.replace(',', ""), frac })
}

// ---------------------------------------------------------------------------
// Unit tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).expect("test decimal")
    }

    fn usd(s: &str) -> Money {
        Money::new(dec(s), Currency::USD)
    }

    fn cur(code: &str) -> Currency {
        Currency::new(code).expect("test currency")
    }

    fn parse_err(input: &str, currency: Currency) -> String {
        Money::parse(input, currency).expect_err(input).to_string()
    }

    // --- Currency -------------------------------------------------------

    #[test]
    fn currency_validation() {
        assert_eq!(cur("USD").code(), "USD");
        assert_eq!(cur("XYZ").code(), "XYZ");
        for bad in ["", "US", "USDX", "usd", "Usd", "U$D", "12A", "ÜSD", " USD"] {
            assert_eq!(Currency::new(bad), Err(MoneyError::InvalidCurrencyCode(bad.to_owned())), "{bad:?}");
        }
        assert_eq!(Currency::new("usd").unwrap_err().to_string(), "\"usd\" is not a currency code. Use three capital letters, like USD.");
        assert_eq!("EUR".parse::<Currency>(), Ok(Currency::EUR));
        assert_eq!(Currency::try_from("GBP"), Ok(Currency::GBP));
    }

    #[test]
    fn currency_exponents() {
        for code in ["USD", "EUR", "GBP", "CHF", "HKD", "SGD", "AED", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "CNY", "INR"] {
            assert_eq!(cur(code).exponent(), 2, "{code}");
        }
        for code in ["JPY", "KRW", "CLP", "VND"] {
            assert_eq!(cur(code).exponent(), 0, "{code}");
        }
        for code in ["BHD", "KWD", "OMR", "JOD", "TND"] {
            assert_eq!(cur(code).exponent(), 3, "{code}");
        }
        assert_eq!(cur("QQQ").exponent(), 2);
        assert!(!cur("QQQ").is_known());
        assert!(Currency::JPY.is_known());
    }

    #[test]
    fn currency_table_is_well_formed() {
        for (i, row) in CURRENCY_TABLE.iter().enumerate() {
            assert!(Currency::new(row.code).is_ok(), "{}", row.code);
            assert!(row.exponent <= 4);
            assert!(CURRENCY_TABLE[i + 1..].iter().all(|other| other.code != row.code), "duplicate {}", row.code);
        }
    }

    #[test]
    fn currency_symbols() {
        let cases = [
            ("USD", "$"),
            ("GBP", "£"),
            ("EUR", "€"),
            ("HKD", "HK$"),
            ("SGD", "S$"),
            ("CHF", "CHF "),
            ("AED", "AED "),
            ("JPY", "¥"),
            ("CAD", "CAD "),
            ("BHD", "BHD "),
            ("QQQ", "QQQ "),
        ];
        for (code, symbol) in cases {
            assert_eq!(cur(code).symbol(), symbol, "{code}");
        }
    }

    #[test]
    fn currency_serde_is_plain_code() {
        assert_eq!(serde_json::to_string(&Currency::USD).unwrap(), "\"USD\"");
        assert_eq!(serde_json::from_str::<Currency>("\"JPY\"").unwrap(), Currency::JPY);
        assert!(serde_json::from_str::<Currency>("\"usd\"").is_err());
        assert!(serde_json::from_str::<Currency>("\"USDX\"").is_err());
        assert!(serde_json::from_str::<Currency>("840").is_err());
    }

    #[test]
    fn currency_display_and_debug() {
        assert_eq!(Currency::CHF.to_string(), "CHF");
        assert_eq!(format!("{:?}", Currency::CHF), "Currency(CHF)");
    }

    // --- Rounding -------------------------------------------------------

    #[test]
    fn rounding_midpoints_both_signs() {
        assert_eq!(usd("2.345").round_to_minor(), usd("2.35"));
        assert_eq!(usd("-2.345").round_to_minor(), usd("-2.35"));
        assert_eq!(usd("2.355").round_to_minor(), usd("2.36"));
        assert_eq!(usd("2.365").round_to_minor(), usd("2.37"));
        assert_eq!(usd("-2.365").round_to_minor(), usd("-2.37"));
        assert_eq!(usd("0.005").round_to_minor(), usd("0.01"));
        assert_eq!(usd("-0.005").round_to_minor(), usd("-0.01"));
        assert_eq!(usd("2.344999").round_to_minor(), usd("2.34"));
        assert_eq!(usd("-2.344999").round_to_minor(), usd("-2.34"));
    }

    #[test]
    fn rounding_jpy_and_bhd() {
        let jpy = |s: &str| Money::new(dec(s), Currency::JPY);
        assert_eq!(jpy("0.5").round_to_minor(), jpy("1"));
        assert_eq!(jpy("-0.5").round_to_minor(), jpy("-1"));
        assert_eq!(jpy("1.5").round_to_minor(), jpy("2"));
        assert_eq!(jpy("2.5").round_to_minor(), jpy("3"));
        assert_eq!(jpy("0.49").round_to_minor(), jpy("0"));
        let bhd = |s: &str| Money::new(dec(s), Currency::BHD);
        assert_eq!(bhd("1.2345").round_to_minor(), bhd("1.235"));
        assert_eq!(bhd("-1.2345").round_to_minor(), bhd("-1.235"));
        assert_eq!(bhd("1.2344").round_to_minor(), bhd("1.234"));
    }

    #[test]
    fn round_to_minor_pads_scale_and_drops_negative_zero() {
        let rounded = usd("14500").round_to_minor();
        assert_eq!(rounded.amount.scale(), 2);
        assert_eq!(rounded.amount.to_string(), "14500.00");
        let tiny = usd("-0.001").round_to_minor();
        assert!(tiny.is_zero());
        assert!(!tiny.amount.is_sign_negative());
        assert_eq!(tiny.amount.to_string(), "0.00");
    }

    #[test]
    fn minor_units_conversions() {
        assert_eq!(usd("2.345").to_minor_units(), Ok(235));
        assert_eq!(usd("-2.345").to_minor_units(), Ok(-235));
        assert_eq!(usd("14500").to_minor_units(), Ok(1_450_000));
        assert_eq!(Money::new(dec("0.5"), Currency::JPY).to_minor_units(), Ok(1));
        assert_eq!(Money::new(dec("1.2345"), Currency::BHD).to_minor_units(), Ok(1235));
        assert_eq!(Money::from_minor_units(1_450_000, Currency::USD), usd("14500.00"));
        assert_eq!(Money::from_minor_units(1_450_000, Currency::USD).amount.to_string(), "14500.00");
        assert_eq!(Money::from_minor_units(1235, Currency::BHD).amount.to_string(), "1.235");
        assert_eq!(Money::from_minor_units(1235, Currency::JPY).amount.to_string(), "1235");
        assert_eq!(Money::from_minor_units(i64::MIN, Currency::USD).to_minor_units(), Ok(i64::MIN));
        assert_eq!(Money::from_minor_units(i64::MAX, Currency::USD).to_minor_units(), Ok(i64::MAX));
    }

    #[test]
    fn minor_units_overflow() {
        // 10^17 dollars = 10^19 cents > i64::MAX.
        assert_eq!(usd("100000000000000000").to_minor_units(), Err(MoneyError::Overflow));
        assert_eq!(Money::new(Decimal::MAX, Currency::USD).to_minor_units(), Err(MoneyError::Overflow));
        assert_eq!(Money::new(Decimal::MIN, Currency::BHD).to_minor_units(), Err(MoneyError::Overflow));
        assert_eq!(Money::from_minor_units(i64::MAX, Currency::USD).checked_add(&usd("0.01")).unwrap().to_minor_units(), Err(MoneyError::Overflow));
    }

    // --- Arithmetic -----------------------------------------------------

    #[test]
    fn add_sub_neg_sum() {
        assert_eq!(usd("1.10").checked_add(&usd("2.205")), Ok(usd("3.305")));
        assert_eq!(usd("1.10").checked_sub(&usd("2.205")), Ok(usd("-1.105")));
        assert_eq!(-usd("5"), usd("-5"));
        assert_eq!(usd("5").checked_neg(), usd("-5"));
        assert_eq!(Money::checked_sum(Currency::USD, [usd("1"), usd("2.5"), usd("-0.25")]), Ok(usd("3.25")));
        let items = vec![usd("1"), usd("2")];
        assert_eq!(Money::checked_sum(Currency::USD, &items), Ok(usd("3")));
        assert_eq!(Money::checked_sum(Currency::EUR, Vec::<Money>::new()), Ok(Money::zero(Currency::EUR)));
    }

    #[test]
    fn currency_mismatch_is_an_error() {
        let eur = Money::new(dec("1"), Currency::EUR);
        let mismatch = MoneyError::CurrencyMismatch { left: Currency::USD, right: Currency::EUR };
        assert_eq!(usd("1").checked_add(&eur), Err(mismatch.clone()));
        assert_eq!(usd("1").checked_sub(&eur), Err(mismatch.clone()));
        assert_eq!(usd("1").checked_cmp(&eur), Err(mismatch.clone()));
        assert_eq!(Money::checked_sum(Currency::USD, [usd("1"), eur]), Err(mismatch.clone()));
        assert_eq!(mismatch.to_string(), "Amounts in USD and EUR cannot be combined. Convert them to one currency first.");
        assert_eq!(usd("1").partial_cmp(&eur), None);
        assert_ne!(usd("1"), eur);
    }

    #[test]
    fn arithmetic_overflow() {
        let max = Money::new(Decimal::MAX, Currency::USD);
        assert_eq!(max.checked_add(&usd("1")), Err(MoneyError::Overflow));
        assert_eq!((-max).checked_sub(&usd("1")), Err(MoneyError::Overflow));
        assert_eq!(max.checked_mul(dec("2")), Err(MoneyError::Overflow));
    }

    #[test]
    fn comparisons_and_predicates() {
        assert!(usd("1.5") == usd("1.50"));
        assert!(usd("1.49") < usd("1.5"));
        assert!(usd("-3") < usd("0"));
        assert_eq!(usd("2").checked_cmp(&usd("1")), Ok(Ordering::Greater));
        assert!(usd("0").is_zero() && usd("0.00").is_zero());
        assert!(usd("-0.01").is_negative() && !usd("0").is_negative());
        assert!(!usd("-0").is_negative());
        assert!(usd("0.01").is_positive() && !usd("0").is_positive());
        assert_eq!(usd("-7.5").abs(), usd("7.5"));
        assert_eq!(usd("7.5").abs(), usd("7.5"));
    }

    #[test]
    fn multiplication_is_exact() {
        assert_eq!(usd("14500").checked_mul(dec("0.125")), Ok(usd("1812.5")));
        assert_eq!(usd("0.01").checked_mul(dec("0.5")), Ok(usd("0.005")));
        // No rounding until displayed or persisted.
        let half_cent = usd("0.01").checked_mul(dec("0.5")).unwrap();
        assert_eq!(half_cent.amount.to_string(), "0.005");
        assert_eq!(half_cent.to_minor_units(), Ok(1));
    }

    // --- Basis points -----------------------------------------------------

    #[test]
    fn bps_application_is_exact() {
        let fee = usd("14500").checked_mul_bps(BasisPoints(1250)).unwrap();
        assert_eq!(fee, usd("1812.50"));
        let tiny = usd("0.01").checked_mul_bps(BasisPoints(1)).unwrap();
        assert_eq!(tiny.amount, dec("0.000001"));
        assert_eq!(tiny.to_minor_units(), Ok(0));
        let odd = usd("333.33").checked_mul_bps(BasisPoints(333)).unwrap();
        assert_eq!(odd.amount, dec("11.099889"));
        assert_eq!(odd.format(), "$11.10");
        assert_eq!(usd("100").checked_mul_bps(BasisPoints(-50)), Ok(usd("-0.5")));
    }

    #[test]
    fn bps_parse_accepts() {
        assert_eq!(BasisPoints::parse("12.5%"), Ok(BasisPoints(1250)));
        assert_eq!(BasisPoints::parse("12.5"), Ok(BasisPoints(1250)));
        assert_eq!(BasisPoints::parse(" 12.50 % "), Ok(BasisPoints(1250)));
        assert_eq!(BasisPoints::parse("12.25%"), Ok(BasisPoints(1225)));
        assert_eq!(BasisPoints::parse("0.01%"), Ok(BasisPoints(1)));
        assert_eq!(BasisPoints::parse(".5%"), Ok(BasisPoints(50)));
        assert_eq!(BasisPoints::parse("100%"), Ok(BasisPoints(10_000)));
        assert_eq!(BasisPoints::parse("12.500%"), Ok(BasisPoints(1250)));
        assert_eq!(BasisPoints::parse("-3%"), Ok(BasisPoints(-300)));
        assert_eq!(BasisPoints::parse("+3%"), Ok(BasisPoints(300)));
        assert_eq!("7%".parse::<BasisPoints>(), Ok(BasisPoints(700)));
    }

    #[test]
    fn bps_parse_rejects() {
        let err = |s: &str| BasisPoints::parse(s).expect_err(s);
        assert_eq!(err(""), MoneyError::EmptyPercent);
        assert_eq!(err(" % "), MoneyError::EmptyPercent);
        assert_eq!(err("").to_string(), "Enter a percentage, like 12.5%.");
        assert_eq!(err("abc"), MoneyError::InvalidPercent);
        assert_eq!(err("12,5%"), MoneyError::InvalidPercent);
        assert_eq!(err("-"), MoneyError::InvalidPercent);
        assert_eq!(err("."), MoneyError::InvalidPercent);
        assert_eq!(err("abc").to_string(), "Enter the percentage using digits only, like 12.5%.");
        assert_eq!(err("1.2.3%"), MoneyError::MultipleDecimalPoints);
        assert_eq!(err("12.125%"), MoneyError::TooManyPercentDecimals);
        assert_eq!(err("12.125%").to_string(), "Use at most 2 decimal places in a percentage, like 12.25%.");
        assert_eq!(err("99999999999999999999%"), MoneyError::PercentTooLarge);
        assert_eq!(err("99999999999999999999%").to_string(), "That percentage is too large.");
    }

    #[test]
    fn bps_non_negative_constructors() {
        assert_eq!(BasisPoints::parse_non_negative("12.5%"), Ok(BasisPoints(1250)));
        assert_eq!(BasisPoints::parse_non_negative("0%"), Ok(BasisPoints(0)));
        assert_eq!(BasisPoints::parse_non_negative("-0.5%"), Err(MoneyError::NegativePercent));
        assert_eq!(BasisPoints::parse_non_negative("-0.5%").unwrap_err().to_string(), "The percentage cannot be negative.");
        assert_eq!(BasisPoints::non_negative(5), Ok(BasisPoints(5)));
        assert_eq!(BasisPoints::non_negative(-5), Err(MoneyError::NegativePercent));
    }

    #[test]
    fn bps_display_and_conversions() {
        assert_eq!(BasisPoints(1250).to_string(), "12.5%");
        assert_eq!(BasisPoints(1225).to_string(), "12.25%");
        assert_eq!(BasisPoints(1200).to_string(), "12%");
        assert_eq!(BasisPoints(1).to_string(), "0.01%");
        assert_eq!(BasisPoints(10).to_string(), "0.1%");
        assert_eq!(BasisPoints(0).to_string(), "0%");
        assert_eq!(BasisPoints(-50).to_string(), "-0.5%");
        assert_eq!(BasisPoints(10_000).to_string(), "100%");
        assert_eq!(BasisPoints(1250).as_fraction(), dec("0.125"));
        assert_eq!(BasisPoints(1250).as_percent(), dec("12.5"));
        assert_eq!(serde_json::to_string(&BasisPoints(1250)).unwrap(), "1250");
        assert_eq!(serde_json::from_str::<BasisPoints>("1250").unwrap(), BasisPoints(1250));
    }

    // --- Allocation -------------------------------------------------------

    fn amounts(parts: &[Money]) -> Vec<String> {
        parts.iter().map(Money::format).collect()
    }

    #[test]
    fn allocate_even_split_with_remainder() {
        let parts = usd("100").allocate(&[1, 1, 1]).unwrap();
        assert_eq!(amounts(&parts), ["$33.34", "$33.33", "$33.33"]);
        let parts = usd("-100").allocate(&[1, 1, 1]).unwrap();
        assert_eq!(amounts(&parts), ["-$33.34", "-$33.33", "-$33.33"]);
    }

    #[test]
    fn allocate_ties_go_to_lower_index() {
        let parts = usd("0.05").allocate(&[1, 1]).unwrap();
        assert_eq!(amounts(&parts), ["$0.03", "$0.02"]);
        let parts = usd("0.02").allocate(&[1, 1, 1, 1]).unwrap();
        assert_eq!(amounts(&parts), ["$0.01", "$0.01", "$0.00", "$0.00"]);
    }

    #[test]
    fn allocate_largest_remainder_wins() {
        // 1.00 by 1:2:3 → 16.66…, 33.33…, 50 → floors 16, 33, 50 = 99;
        // remainders 4/6, 2/6, 0 → the extra cent goes to index 0.
        let parts = usd("1").allocate(&[1, 2, 3]).unwrap();
        assert_eq!(amounts(&parts), ["$0.17", "$0.33", "$0.50"]);
        // 10.00 by 3:7 is exact.
        let parts = usd("10").allocate(&[3, 7]).unwrap();
        assert_eq!(amounts(&parts), ["$3.00", "$7.00"]);
    }

    #[test]
    fn allocate_rounds_total_first_and_zero_weights_get_zero() {
        // 10.005 rounds to 10.01 before splitting.
        let parts = usd("10.005").allocate(&[0, 1, 0, 1]).unwrap();
        assert_eq!(amounts(&parts), ["$0.00", "$5.01", "$0.00", "$5.00"]);
        assert!(parts.iter().all(|p| p.amount.scale() == 2));
        let jpy = Money::new(dec("1000"), Currency::JPY).allocate(&[1, 1, 1]).unwrap();
        assert_eq!(amounts(&jpy), ["¥334", "¥333", "¥333"]);
        let bhd = Money::new(dec("1"), Currency::BHD).allocate(&[1, 1, 1]).unwrap();
        assert_eq!(amounts(&bhd), ["BHD 0.334", "BHD 0.333", "BHD 0.333"]);
        let zero = usd("0").allocate(&[1, 2]).unwrap();
        assert_eq!(amounts(&zero), ["$0.00", "$0.00"]);
    }

    #[test]
    fn allocate_errors() {
        assert_eq!(usd("1").allocate(&[]), Err(MoneyError::NoAllocationTargets));
        assert_eq!(usd("1").allocate(&[0, 0]), Err(MoneyError::AllZeroWeights));
        assert_eq!(MoneyError::AllZeroWeights.to_string(), "At least one share must be greater than zero.");
        assert_eq!(Money::new(Decimal::MAX, Currency::USD).allocate(&[1]), Err(MoneyError::Overflow));
    }

    #[test]
    fn allocate_extreme_values() {
        let min = Money::from_minor_units(i64::MIN, Currency::USD);
        let parts = min.allocate(&[u64::MAX, u64::MAX, 1]).unwrap();
        let total: i128 = parts.iter().map(|p| i128::from(p.to_minor_units().unwrap())).sum();
        assert_eq!(total, i128::from(i64::MIN));
        let whole = min.allocate(&[0, 5]).unwrap();
        assert_eq!(whole[0], Money::zero(Currency::USD));
        assert_eq!(whole[1], min);
    }

    #[test]
    fn allocate_by_bps() {
        let shares = [BasisPoints(5000), BasisPoints(3000), BasisPoints(2000)];
        let parts = usd("1000.01").allocate_by_bps(&shares).unwrap();
        assert_eq!(amounts(&parts), ["$500.01", "$300.00", "$200.00"]);
        let shares = [BasisPoints(3333), BasisPoints(3333), BasisPoints(3334)];
        let parts = usd("100").allocate_by_bps(&shares).unwrap();
        assert_eq!(amounts(&parts), ["$33.33", "$33.33", "$33.34"]);

        let short = [BasisPoints(5000), BasisPoints(4999)];
        let err = usd("1").allocate_by_bps(&short).unwrap_err();
        assert_eq!(err, MoneyError::SharesDoNotTotal100 { total: BasisPoints(9999) });
        assert_eq!(err.to_string(), "The shares must add up to 100%, but they add up to 99.99%.");
        assert_eq!(usd("1").allocate_by_bps(&[BasisPoints(10_500), BasisPoints(-500)]), Err(MoneyError::NegativeShare));
        assert_eq!(usd("1").allocate_by_bps(&[]), Err(MoneyError::NoAllocationTargets));
        assert_eq!(usd("1").allocate_by_bps(&[BasisPoints(i64::MAX), BasisPoints(i64::MAX)]), Err(MoneyError::Overflow));
    }

    // --- Formatting -----------------------------------------------------

    #[test]
    fn format_examples() {
        assert_eq!(usd("14500").format(), "$14,500.00");
        assert_eq!(usd("-1234.567").format(), "-$1,234.57");
        assert_eq!(Money::new(dec("110"), Currency::GBP).format(), "£110.00");
        assert_eq!(Money::new(dec("6200"), Currency::EUR).format(), "€6,200.00");
        assert_eq!(Money::new(dec("168000"), Currency::HKD).format(), "HK$168,000.00");
        assert_eq!(Money::new(dec("1234.5"), Currency::JPY).format(), "¥1,235");
        assert_eq!(Money::new(dec("1250000"), Currency::CHF).format(), "CHF 1,250,000.00");
        assert_eq!(Money::new(dec("1.2345"), Currency::BHD).format(), "BHD 1.235");
        assert_eq!(Money::new(dec("99.5"), Currency::SGD).format(), "S$99.50");
        assert_eq!(Money::new(dec("1000"), Currency::AED).format(), "AED 1,000.00");
        assert_eq!(Money::new(dec("10"), cur("CAD")).format(), "CAD 10.00");
        assert_eq!(Money::new(dec("-1250000"), Currency::CHF).format(), "-CHF 1,250,000.00");
    }

    #[test]
    fn format_edge_cases() {
        assert_eq!(usd("0").format(), "$0.00");
        assert_eq!(usd("-0.004").format(), "$0.00");
        assert_eq!(usd("-0.005").format(), "-$0.01");
        assert_eq!(usd("0.5").format(), "$0.50");
        assert_eq!(usd("999.999").format(), "$1,000.00");
        assert_eq!(usd("123456789012345.678").format(), "$123,456,789,012,345.68");
        assert_eq!(Money::new(dec("0.5"), Currency::JPY).format(), "¥1");
        assert_eq!(Money::new(dec("0.0005"), Currency::BHD).format(), "BHD 0.001");
        assert_eq!(usd("1.5").to_string(), "$1.50");
        // Values far beyond i64 minor units still format.
        assert_eq!(Money::new(Decimal::MAX, Currency::USD).format(), "$79,228,162,514,264,337,593,543,950,335.00");
    }

    #[test]
    fn group_thousands_works() {
        assert_eq!(group_thousands("0"), "0");
        assert_eq!(group_thousands("999"), "999");
        assert_eq!(group_thousands("1000"), "1,000");
        assert_eq!(group_thousands("123456"), "123,456");
        assert_eq!(group_thousands("1234567"), "1,234,567");
    }

    #[test]
    fn format_compact_examples() {
        assert_eq!(usd("14500").format_compact(), "$14.5K");
        assert_eq!(usd("1250000").format_compact(), "$1.25M");
        assert_eq!(usd("950").format_compact(), "$950.00");
        assert_eq!(usd("999.99").format_compact(), "$999.99");
        assert_eq!(usd("999.996").format_compact(), "$1K");
        assert_eq!(usd("1000").format_compact(), "$1K");
        assert_eq!(usd("14567").format_compact(), "$14.57K");
        assert_eq!(usd("14565").format_compact(), "$14.57K");
        assert_eq!(usd("100000").format_compact(), "$100K");
        assert_eq!(usd("999999").format_compact(), "$1M");
        assert_eq!(usd("3400000000").format_compact(), "$3.4B");
        assert_eq!(usd("2000000000000").format_compact(), "$2T");
        assert_eq!(usd("1500000000000000").format_compact(), "$1,500T");
        assert_eq!(usd("-14500").format_compact(), "-$14.5K");
        assert_eq!(usd("-950").format_compact(), "-$950.00");
        assert_eq!(Money::new(dec("1250000"), Currency::CHF).format_compact(), "CHF 1.25M");
        assert_eq!(Money::new(dec("168000"), Currency::HKD).format_compact(), "HK$168K");
        assert_eq!(Money::new(dec("950"), Currency::JPY).format_compact(), "¥950");
        assert_eq!(Money::new(dec("1234567"), Currency::JPY).format_compact(), "¥1.23M");
        assert_eq!(Money::new(Decimal::MAX, Currency::USD).format_compact(), "$79,228,162,514,264,337.59T");
    }

    // --- Parsing --------------------------------------------------------

    #[test]
    fn parse_accepts() {
        let ok = |s: &str| Money::parse(s, Currency::USD).expect(s);
        assert_eq!(ok("14500"), usd("14500"));
        assert_eq!(ok("14,500.00"), usd("14500"));
        assert_eq!(ok("$14,500"), usd("14500"));
        assert_eq!(ok(" 14500.5 "), usd("14500.5"));
        assert_eq!(ok("-12.30"), usd("-12.3"));
        assert_eq!(ok("-$1,234.57"), usd("-1234.57"));
        assert_eq!(ok("$-1,234.57"), usd("-1234.57"));
        assert_eq!(ok("+5"), usd("5"));
        assert_eq!(ok("\u{2212}5"), usd("-5"));
        assert_eq!(ok(".5"), usd("0.5"));
        assert_eq!(ok("5."), usd("5"));
        assert_eq!(ok("007"), usd("7"));
        assert_eq!(ok("1.500"), usd("1.5"));
        assert_eq!(ok("USD 10"), usd("10"));
        assert_eq!(ok("usd10"), usd("10"));
        assert_eq!(ok("10 USD"), usd("10"));
        assert_eq!(ok("1,234,567.89"), usd("1234567.89"));
        assert_eq!(ok("1000000000000000"), usd("1000000000000000"));
        assert_eq!(ok("-1,000,000,000,000,000.00"), usd("-1000000000000000"));
        assert_eq!(ok("-0"), usd("0"));
        assert!(!ok("-0").amount.is_sign_negative());
    }

    #[test]
    fn parse_result_has_minor_unit_scale() {
        let parsed = Money::parse("14500", Currency::USD).unwrap();
        assert_eq!(parsed.amount.to_string(), "14500.00");
        let parsed = Money::parse("1.5", Currency::BHD).unwrap();
        assert_eq!(parsed.amount.to_string(), "1.500");
    }

    #[test]
    fn parse_other_currencies() {
        let ok = |s: &str, c: Currency| Money::parse(s, c).expect(s);
        assert_eq!(ok("¥1,235", Currency::JPY), Money::new(dec("1235"), Currency::JPY));
        assert_eq!(ok("CHF 1,250,000.00", Currency::CHF), Money::new(dec("1250000"), Currency::CHF));
        assert_eq!(ok("HK$168,000.00", Currency::HKD), Money::new(dec("168000"), Currency::HKD));
        assert_eq!(ok("$168,000", Currency::HKD), Money::new(dec("168000"), Currency::HKD));
        assert_eq!(ok("S$5", Currency::SGD), Money::new(dec("5"), Currency::SGD));
        assert_eq!(ok("BHD 1.235", Currency::BHD), Money::new(dec("1.235"), Currency::BHD));
        assert_eq!(ok("£110.00", Currency::GBP), Money::new(dec("110"), Currency::GBP));
        assert_eq!(ok("-€6,200.00", Currency::EUR), Money::new(dec("-6200"), Currency::EUR));
        assert_eq!(ok("1,235.00", Currency::JPY), Money::new(dec("1235"), Currency::JPY));
    }

    #[test]
    fn parse_rejects_with_messages() {
        let usd_c = Currency::USD;
        assert_eq!(Money::parse("", usd_c), Err(MoneyError::EmptyAmount));
        assert_eq!(parse_err("", usd_c), "Enter an amount, like 1,250.00.");
        assert_eq!(parse_err("   ", usd_c), "Enter an amount, like 1,250.00.");
        assert_eq!(parse_err("$", usd_c), "Enter an amount, like 1,250.00.");
        assert_eq!(parse_err("-", usd_c), "Enter an amount, like 1,250.00.");

        assert_eq!(Money::parse("abc", usd_c), Err(MoneyError::InvalidAmount));
        assert_eq!(parse_err("abc", usd_c), "Enter the amount using digits only, like 1,250.00.");
        assert_eq!(Money::parse("1e5", usd_c), Err(MoneyError::InvalidAmount));
        assert_eq!(Money::parse("1 000", usd_c), Err(MoneyError::InvalidAmount));
        assert_eq!(Money::parse(".", usd_c), Err(MoneyError::InvalidAmount));
        assert_eq!(Money::parse("--5", usd_c), Err(MoneyError::InvalidAmount));
        assert_eq!(Money::parse("5-", usd_c), Err(MoneyError::InvalidAmount));
        assert_eq!(Money::parse("NaN", usd_c), Err(MoneyError::InvalidAmount));

        assert_eq!(Money::parse("1.2.3", usd_c), Err(MoneyError::MultipleDecimalPoints));
        assert_eq!(parse_err("1.2.3", usd_c), "Use only one decimal point, like 1,250.00.");

        for bad in ["1,2345", ",123", "1,,234", "1234,567", "1,23", "1.234,5", "1,"] {
            assert_eq!(Money::parse(bad, usd_c), Err(MoneyError::InvalidGrouping), "{bad}");
        }
        assert_eq!(parse_err("1,2345", usd_c), "Put commas only between groups of three digits, like 1,250,000.00.");

        assert_eq!(Money::parse("1.234", usd_c), Err(MoneyError::TooManyDecimalPlaces { currency: usd_c, max: 2 }));
        assert_eq!(parse_err("1.234", usd_c), "Use at most 2 decimal places.");
        assert_eq!(parse_err("1.2345", Currency::BHD), "Use at most 3 decimal places.");
        assert_eq!(parse_err("1.5", Currency::JPY), "JPY amounts have no decimal places. Enter a whole number.");
        assert_eq!(parse_err("1.23456", cur("CLF")), "Use at most 4 decimal places.");

        for big in ["1000000000000000.01", "1000000000000001", "99999999999999999999999999999999"] {
            assert_eq!(Money::parse(big, usd_c), Err(MoneyError::AmountTooLarge), "{big}");
        }
        assert_eq!(Money::parse("-1,000,000,000,000,001", usd_c), Err(MoneyError::AmountTooLarge));
        assert_eq!(parse_err("1000000000000001", usd_c), "Enter an amount no larger than 1,000,000,000,000,000.");
    }

    #[test]
    fn parse_rejects_foreign_currency_markers() {
        let wrong = |found: &str| MoneyError::WrongCurrency { expected: Currency::USD, found: found.to_owned() };
        assert_eq!(Money::parse("€5", Currency::USD), Err(wrong("€")));
        assert_eq!(Money::parse("£5", Currency::USD), Err(wrong("£")));
        assert_eq!(Money::parse("CHF 5", Currency::USD), Err(wrong("CHF")));
        assert_eq!(Money::parse("5 EUR", Currency::USD), Err(wrong("EUR")));
        assert_eq!(Money::parse("-HK$5", Currency::USD), Err(wrong("HK$")));
        assert_eq!(parse_err("€5", Currency::USD), "This amount is in USD. Remove \"€\" or change the currency.");
        assert_eq!(Money::parse("$5", Currency::EUR), Err(MoneyError::WrongCurrency { expected: Currency::EUR, found: "$".to_owned() }));
    }

    // --- Serde ----------------------------------------------------------

    #[test]
    fn money_serde_shape() {
        let money = Money::parse("14,500.00", Currency::USD).unwrap();
        let json = serde_json::to_string(&money).unwrap();
        assert_eq!(json, r#"{"amount":"14500.00","currency":"USD"}"#);
        let back: Money = serde_json::from_str(r#"{"amount": "14500.00", "currency": "USD"}"#).unwrap();
        assert_eq!(back, money);
        // Full precision is preserved on the wire.
        let precise = usd("1812.5000");
        let json = serde_json::to_string(&precise).unwrap();
        assert_eq!(json, r#"{"amount":"1812.5000","currency":"USD"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap().amount.scale(), 4);
    }

    #[test]
    fn money_serde_rejects_numbers_and_bad_codes() {
        assert!(serde_json::from_str::<Money>(r#"{"amount": 14500.5, "currency": "USD"}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"amount": 14500, "currency": "USD"}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"amount": "1", "currency": "usd"}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"amount": "x", "currency": "USD"}"#).is_err());
    }

    #[test]
    fn error_serde_round_trip() {
        let errors = [
            MoneyError::CurrencyMismatch { left: Currency::USD, right: Currency::JPY },
            MoneyError::TooManyDecimalPlaces { currency: Currency::USD, max: 2 },
            MoneyError::SharesDoNotTotal100 { total: BasisPoints(9999) },
            MoneyError::EmptyAmount,
        ];
        for error in errors {
            let json = serde_json::to_string(&error).unwrap();
            assert_eq!(serde_json::from_str::<MoneyError>(&json).unwrap(), error);
        }
    }

    #[test]
    fn every_error_message_is_a_sentence() {
        let errors = [
            MoneyError::InvalidCurrencyCode("x".into()),
            MoneyError::CurrencyMismatch { left: Currency::USD, right: Currency::EUR },
            MoneyError::Overflow,
            MoneyError::EmptyAmount,
            MoneyError::InvalidAmount,
            MoneyError::MultipleDecimalPoints,
            MoneyError::InvalidGrouping,
            MoneyError::TooManyDecimalPlaces { currency: Currency::USD, max: 2 },
            MoneyError::TooManyDecimalPlaces { currency: Currency::USD, max: 1 },
            MoneyError::TooManyDecimalPlaces { currency: Currency::JPY, max: 0 },
            MoneyError::AmountTooLarge,
            MoneyError::WrongCurrency { expected: Currency::USD, found: "€".into() },
            MoneyError::EmptyPercent,
            MoneyError::InvalidPercent,
            MoneyError::TooManyPercentDecimals,
            MoneyError::NegativePercent,
            MoneyError::PercentTooLarge,
            MoneyError::NoAllocationTargets,
            MoneyError::AllZeroWeights,
            MoneyError::NegativeShare,
            MoneyError::SharesDoNotTotal100 { total: BasisPoints(9000) },
        ];
        for error in errors {
            let message = error.to_string();
            let first = message.chars().next();
            assert!(first.is_some_and(|c| !c.is_lowercase()), "{message}");
            assert!(message.ends_with('.'), "{message}");
        }
        assert_eq!(MoneyError::TooManyDecimalPlaces { currency: Currency::USD, max: 1 }.to_string(), "Use at most 1 decimal place.");
    }
}

// ---------------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    fn any_currency() -> impl Strategy<Value = Currency> {
        prop::sample::select(vec![
            Currency::USD,
            Currency::EUR,
            Currency::GBP,
            Currency::CHF,
            Currency::HKD,
            Currency::SGD,
            Currency::AED,
            Currency::JPY,
            Currency::BHD,
            Currency::new("CAD").unwrap(),
            Currency::new("KWD").unwrap(),
            Currency::new("KRW").unwrap(),
            Currency::new("CLF").unwrap(),
            Currency::new("QQQ").unwrap(),
        ])
    }

    /// An arbitrary full-precision amount: mantissa up to ±10^14, 0–12
    /// decimals (so minor units fit in i64 even for 4-decimal currencies).
    fn any_decimal() -> impl Strategy<Value = Decimal> {
        (-100_000_000_000_000i64..=100_000_000_000_000, 0u32..=12).prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale))
    }

    fn pow10(exp: u32) -> i128 {
        10i128.pow(exp)
    }

    /// Half-away-from-zero rounding of mantissa / 10^scale to `exponent`
    /// decimals, in integers: the reference model for the rounding rule.
    fn reference_minor_units(mantissa: i128, scale: u32, exponent: u32) -> i128 {
        if scale <= exponent {
            return mantissa * pow10(exponent - scale);
        }
        let divisor = pow10(scale - exponent);
        let magnitude = mantissa.abs();
        let (quotient, remainder) = (magnitude / divisor, magnitude % divisor);
        let rounded = if 2 * remainder >= divisor { quotient + 1 } else { quotient };
        if mantissa < 0 {
            -rounded
        } else {
            rounded
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Allocation parts sum exactly to the rounded total, and each is
        /// within one minor unit of its exact proportional share.
        #[test]
        fn allocation_is_exact_and_fair(
            amount in any_decimal(),
            currency in any_currency(),
            weights in prop::collection::vec(
                prop_oneof![Just(0u64), 0u64..=10, 0u64..=1_000_000_000], 1..12),
        ) {
            prop_assume!(weights.iter().any(|&w| w > 0));
            let money = Money::new(amount, currency);
            let total = money.to_minor_units().unwrap();
            let parts = money.allocate(&weights).unwrap();
            prop_assert_eq!(parts.len(), weights.len());

            let minor: Vec<i128> = parts
                .iter()
                .map(|p| i128::from(p.to_minor_units().unwrap()))
                .collect();
            prop_assert_eq!(minor.iter().sum::<i128>(), i128::from(total));

            let weight_sum: i128 = weights.iter().map(|&w| i128::from(w)).sum();
            for ((&part, &weight), money_part) in minor.iter().zip(&weights).zip(&parts) {
                prop_assert_eq!(money_part.currency, currency);
                // |part - total·w/W| < 1  ⇔  |part·W - total·w| < W
                let error = (part * weight_sum - i128::from(total) * i128::from(weight)).abs();
                prop_assert!(error < weight_sum, "part {} weight {} total {}", part, weight, total);
                if weight == 0 {
                    prop_assert_eq!(part, 0);
                }
                // Parts share the total's sign.
                prop_assert!(part == 0 || (part < 0) == (total < 0));
            }
        }

        /// Negative totals allocate symmetrically to positive ones.
        #[test]
        fn allocation_is_symmetric(
            minor in -1_000_000_000_000i64..=1_000_000_000_000,
            currency in any_currency(),
            weights in prop::collection::vec(0u64..=1000, 1..10),
        ) {
            prop_assume!(weights.iter().any(|&w| w > 0));
            let money = Money::from_minor_units(minor, currency);
            let positive = money.allocate(&weights).unwrap();
            let negative = (-money).allocate(&weights).unwrap();
            let negated: Vec<Money> = positive.iter().map(|&p| -p).collect();
            prop_assert_eq!(negative, negated);
        }

        /// allocate_by_bps equals allocate with the same integer weights.
        #[test]
        fn allocation_by_bps_matches_weights(
            minor in any::<i64>(),
            cut_a in 0i64..=10_000,
            cut_b in 0i64..=10_000,
        ) {
            let (low, high) = (cut_a.min(cut_b), cut_a.max(cut_b));
            let shares = [BasisPoints(low), BasisPoints(high - low), BasisPoints(10_000 - high)];
            let weights: Vec<u64> = shares.iter().map(|s| s.0.unsigned_abs()).collect();
            let money = Money::from_minor_units(minor, Currency::USD);
            prop_assert_eq!(money.allocate_by_bps(&shares), money.allocate(&weights));
        }

        /// from_minor_units(to_minor_units(x)) == round_to_minor(x), and the
        /// rounding matches an integer half-away-from-zero model.
        #[test]
        fn minor_units_round_trip(amount in any_decimal(), currency in any_currency()) {
            let money = Money::new(amount, currency);
            let rounded = money.round_to_minor();
            let minor = money.to_minor_units().unwrap();
            prop_assert_eq!(Money::from_minor_units(minor, currency), rounded);
            prop_assert_eq!(rounded.amount.scale(), currency.exponent());
            prop_assert_eq!(
                i128::from(minor),
                reference_minor_units(amount.mantissa(), amount.scale(), currency.exponent())
            );
            // Rounding is idempotent and odd-symmetric.
            prop_assert_eq!(rounded.round_to_minor(), rounded);
            prop_assert_eq!((-money).round_to_minor(), -rounded);
        }

        /// from_minor_units is the exact inverse of to_minor_units on integers.
        #[test]
        fn from_minor_units_is_lossless(minor in any::<i64>(), currency in any_currency()) {
            prop_assert_eq!(Money::from_minor_units(minor, currency).to_minor_units(), Ok(minor));
        }

        /// format → parse round-trips every minor-unit amount up to 10^15.
        #[test]
        fn format_parse_round_trip(
            major in -1_000_000_000_000_000i64..=1_000_000_000_000_000,
            frac in 0i64..10_000,
            currency in any_currency(),
        ) {
            let exponent = currency.exponent();
            let frac = i128::from(frac) % pow10(exponent);
            let major = i128::from(major);
            let minor = major * pow10(exponent) + if major < 0 { -frac } else { frac };
            prop_assume!(minor.abs() <= i128::from(MAX_INPUT_AMOUNT) * pow10(exponent));
            let money = Money::new(Decimal::from_i128_with_scale(minor, exponent), currency);
            let text = money.format();
            let parsed = Money::parse(&text, currency);
            prop_assert_eq!(parsed.clone(), Ok(money), "{}", text);
            prop_assert_eq!(parsed.unwrap().amount.to_string(), money.amount.to_string());
        }

        /// Formatting shows exactly the minor-unit decimals and groups digits.
        #[test]
        fn format_shape(amount in any_decimal(), currency in any_currency()) {
            let text = Money::new(amount, currency).format();
            let body = text.trim_start_matches('-');
            let number = body.strip_prefix(currency.symbol().as_ref()).unwrap();
            let (int, frac) = number.split_once('.').unwrap_or((number, ""));
            prop_assert_eq!(frac.len(), currency.exponent() as usize);
            prop_assert!(parse_grouped_number(int).is_ok());
            prop_assert!(int == "0" || !int.starts_with('0'));
        }

        /// Addition is associative, commutative and undone by subtraction
        /// within one currency (Decimal arithmetic is exact in this range).
        #[test]
        fn add_sub_laws(
            a in any_decimal(), b in any_decimal(), c in any_decimal(),
            currency in any_currency(),
        ) {
            let (a, b, c) = (Money::new(a, currency), Money::new(b, currency), Money::new(c, currency));
            let left = a.checked_add(&b).unwrap().checked_add(&c).unwrap();
            let right = a.checked_add(&b.checked_add(&c).unwrap()).unwrap();
            prop_assert_eq!(left, right);
            prop_assert_eq!(a.checked_add(&b), b.checked_add(&a));
            prop_assert_eq!(a.checked_add(&b).unwrap().checked_sub(&b).unwrap(), a);
            prop_assert_eq!(a.checked_sub(&b).unwrap(), -b.checked_sub(&a).unwrap());
            prop_assert_eq!(
                Money::checked_sum(currency, [a, b, c]).unwrap(),
                left
            );
        }

        /// Mixing currencies always fails.
        #[test]
        fn currency_mismatch_always_errors(
            a in any_decimal(), b in any_decimal(),
            ca in any_currency(), cb in any_currency(),
        ) {
            prop_assume!(ca != cb);
            let (x, y) = (Money::new(a, ca), Money::new(b, cb));
            let expected = Err(MoneyError::CurrencyMismatch { left: ca, right: cb });
            prop_assert_eq!(x.checked_add(&y), expected.clone());
            prop_assert_eq!(x.checked_sub(&y), expected.clone());
            prop_assert_eq!(x.checked_cmp(&y).map(|_| ()), expected.map(|_: Money| ()));
            prop_assert_eq!(x.partial_cmp(&y), None);
        }

        /// Applying basis points is exact: result = amount × bp / 10 000 as a
        /// rational number, checked by integer cross-multiplication.
        #[test]
        fn bps_application_is_exact(
            mantissa in -1_000_000_000_000_000i64..=1_000_000_000_000_000,
            scale in 0u32..=6,
            bps in -100_000i64..=100_000,
        ) {
            let money = Money::new(Decimal::new(mantissa, scale), Currency::USD);
            let result = money.checked_mul_bps(BasisPoints(bps)).unwrap();
            // result.m / 10^result.s == mantissa·bps / 10^(scale+4)
            let lhs = result.amount.mantissa() * pow10(scale + 4);
            let rhs = i128::from(mantissa) * i128::from(bps) * pow10(result.amount.scale());
            prop_assert_eq!(lhs, rhs);
            // And it rounds per the rule only when converted.
            prop_assert_eq!(
                i128::from(result.to_minor_units().unwrap()),
                reference_minor_units(i128::from(mantissa) * i128::from(bps), scale + 4, 2)
            );
        }

        /// Percent display → parse round-trips.
        #[test]
        fn bps_display_parse_round_trip(bps in any::<i64>()) {
            prop_assume!(bps != i64::MIN);
            let text = BasisPoints(bps).to_string();
            prop_assert_eq!(BasisPoints::parse(&text), Ok(BasisPoints(bps)), "{}", text);
        }

        /// Serde JSON round-trips exactly (same value and same scale).
        #[test]
        fn serde_round_trip(amount in any_decimal(), currency in any_currency()) {
            let money = Money::new(amount, currency);
            let json = serde_json::to_string(&money).unwrap();
            let back: Money = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, money);
            prop_assert_eq!(back.amount.scale(), money.amount.scale());
        }

        /// Parsing never panics and either succeeds within bounds or fails
        /// with a user-facing error.
        #[test]
        fn parse_never_panics(input in "[-+$€£¥,. \u{a0}\u{2212}%0-9A-Za-z]{0,24}", currency in any_currency()) {
            match Money::parse(&input, currency) {
                Ok(money) => {
                    prop_assert!(money.amount.abs() <= Decimal::from(MAX_INPUT_AMOUNT));
                    prop_assert_eq!(money.amount.scale(), currency.exponent());
                }
                Err(error) => prop_assert!(error.to_string().ends_with('.')),
            }
        }
    }
}
