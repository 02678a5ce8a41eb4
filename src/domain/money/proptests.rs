//! Property tests of the money types.

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
