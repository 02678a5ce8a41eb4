//! [`Money`]: an exact amount in one currency — arithmetic, the one rounding rule, allocation, formatting and parsing.

use super::*;

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
