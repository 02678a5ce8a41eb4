//! [`BasisPoints`]: rates and shares (1 bp = 0.01 %), parsed from and shown as percentages.

use super::*;

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
