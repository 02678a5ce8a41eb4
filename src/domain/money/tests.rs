//! Unit tests of the money types.

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
