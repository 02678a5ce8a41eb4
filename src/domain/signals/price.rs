//! Number and currency parsing for prices: "14,500", "14.5k", "1.25m",
//! "165'000", "6.200" (European thousands), "6.200,50", "31500usd",
//! "AED650,000", "$", "HK$", "S$", "€", "£", currency codes and words.

use rust_decimal::Decimal;

use super::catalog::{CURRENCY_SYMBOLS, CURRENCY_WORDS};

/// A number as written in a message, possibly with a multiplier and a
/// currency glued to it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Number {
    pub value: Decimal,
    /// Thousands separators were used ("14,500", "165'000", "6.200").
    pub sep: bool,
    /// A k/m multiplier was applied.
    pub mult: bool,
    /// Digits after the decimal separator, as written.
    pub frac_digits: u32,
    /// Currency glued to the number ("31500usd", "aed650,000").
    pub currency: Option<&'static str>,
    /// Only ASCII digits, nothing else.
    pub plain: bool,
    /// Digits before the decimal separator.
    pub int_digits: u32,
}

/// Currency code or word → ISO code (case-insensitive).
pub(super) fn currency_word(w: &str) -> Option<&'static str> {
    if w.len() < 2 || w.len() > 8 || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    CURRENCY_WORDS.iter().find(|(k, _)| k.eq_ignore_ascii_case(w)).map(|(_, c)| *c)
}

/// Currency symbol with an optional glued letter prefix ("HK" + '$').
pub(super) fn currency_symbol(prefix: &str, sym: char) -> Option<&'static str> {
    CURRENCY_SYMBOLS.iter().find(|(c, p, _)| *c == sym && p.eq_ignore_ascii_case(prefix)).map(|(_, _, code)| *code)
}

enum Mult {
    None,
    Thousand,
    Million,
}

fn split_suffix(s: &str) -> Option<(Mult, Option<&'static str>)> {
    if s.is_empty() {
        return Some((Mult::None, None));
    }
    // "40.5k/USD", "14500/usd"
    if let Some(pos) = s.find('/') {
        let (head, cur) = (&s[..pos], &s[pos + 1..]);
        let code = currency_word(cur)?;
        let (m, c) = split_suffix(head)?;
        return if c.is_none() { Some((m, Some(code))) } else { None };
    }
    const MULTS: &[(&str, bool)] = &[("millions", true), ("million", true), ("mil", true), ("mio", true), ("mn", true), ("m", true), ("k", false)];
    for &(w, million) in MULTS {
        if s.len() >= w.len() && s.as_bytes()[..w.len()].eq_ignore_ascii_case(w.as_bytes()) {
            let rest = &s[w.len()..];
            let cur = if rest.is_empty() { None } else { currency_word(rest) };
            if rest.is_empty() || cur.is_some() {
                let m = if million { Mult::Million } else { Mult::Thousand };
                return Some((m, cur));
            }
        }
    }
    currency_word(s).map(|c| (Mult::None, Some(c)))
}

impl Number {
    /// Digits with exactly one decimal digit and nothing else ("25.5").
    pub(super) fn plain_decimal(&self) -> bool {
        self.currency.is_none() && !self.mult && !self.sep && self.frac_digits == 1
    }
}

/// "65-70k", "14-15k", "6.5-7k": both ends of a price range; the
/// multiplier of the upper end applies to a bare lower end.
pub(super) fn parse_range(tok: &str) -> Option<(Number, Number)> {
    let (a, b) = tok.split_once('-')?;
    if b.contains('-') {
        return None;
    }
    let hi = parse_number(b)?;
    let mut lo = parse_number(a)?;
    if lo.currency.is_some() && hi.currency.is_none() {
        return None;
    }
    if !lo.mult && hi.mult {
        let factor = if hi.value >= Decimal::from(1_000_000) && lo.value < Decimal::from(100) { 1_000_000 } else { 1000 };
        lo.value = lo.value.checked_mul(Decimal::from(factor))?.normalize();
        lo.mult = true;
    }
    if lo.value >= hi.value || lo.mult != hi.mult {
        return None;
    }
    lo.currency = lo.currency.or(hi.currency);
    Some((lo, hi))
}

/// Parses one raw token as a number. Returns `None` for anything that is
/// not a plain amount (references, dates like "03/2024", sizes like
/// "41mm", ranges, words).
pub(super) fn parse_number(tok: &str) -> Option<Number> {
    if tok.len() > 40 {
        return None;
    }
    let b = tok.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_alphabetic() {
        i += 1;
    }
    let prefix_cur = if i > 0 { Some(currency_word(&tok[..i])?) } else { None };
    if i >= b.len() || !b[i].is_ascii_digit() {
        return None;
    }
    let rest = &tok[i..];

    // Digit groups and the separators between them.
    let mut groups = [0u32; 8];
    let mut seps = [0u8; 8];
    let mut ng = 0usize;
    let mut cur_len = 0u32;
    let mut mant: i128 = 0;
    let mut digits = 0u32;
    let mut end = rest.len();
    for (off, ch) in rest.char_indices() {
        if ch.is_ascii_digit() {
            cur_len += 1;
            digits += 1;
            if digits > 24 {
                return None;
            }
            let d = (ch as u8 - b'0') as i128;
            mant = mant * 10 + d;
            continue;
        }
        let s = match ch {
            '.' => b'.',
            ',' => b',',
            '\'' | '\u{2019}' => b'\'',
            _ => {
                end = off;
                break;
            }
        };
        if cur_len == 0 || ng + 1 >= groups.len() {
            return None;
        }
        groups[ng] = cur_len;
        seps[ng] = s;
        ng += 1;
        cur_len = 0;
    }
    if cur_len == 0 {
        return None;
    }
    groups[ng] = cur_len;
    let nsep = ng;
    ng += 1;
    let suffix = &rest[end..];
    let (mult, suffix_cur) = split_suffix(suffix)?;
    let has_mult = !matches!(mult, Mult::None);

    let count = |c: u8| seps[..nsep].iter().filter(|&&s| s == c).count();
    let last_sep = if nsep > 0 { seps[nsep - 1] } else { 0 };
    let last_group = groups[ng - 1];
    let decimal: Option<u8> = if nsep == 0 {
        None
    } else if count(b'\'') > 0 {
        if last_sep != b'\'' && count(last_sep) == 1 {
            Some(last_sep)
        } else {
            None
        }
    } else if count(b'.') > 0 && count(b',') > 0 {
        if count(last_sep) == 1 {
            Some(last_sep)
        } else {
            return None;
        }
    } else if count(b',') > 0 {
        if count(b',') == 1 && last_group != 3 {
            Some(b',')
        } else {
            None
        }
    } else if count(b'.') == 1 && (last_group != 3 || has_mult) {
        Some(b'.')
    } else {
        None
    };
    let n_int_groups = if decimal.is_some() { ng - 1 } else { ng };
    // Thousands grouping must be 1-3 digits then groups of exactly 3.
    if n_int_groups > 1 {
        if groups[0] > 3 {
            return None;
        }
        for g in &groups[1..n_int_groups] {
            if *g != 3 {
                return None;
            }
        }
    }
    let frac_digits = if decimal.is_some() { last_group } else { 0 };
    if frac_digits > 2 && !has_mult {
        return None;
    }
    let int_digits: u32 = groups[..n_int_groups].iter().sum();
    let mut value = Decimal::try_from_i128_with_scale(mant, frac_digits).ok()?;
    match mult {
        Mult::None => {}
        Mult::Thousand => {
            if value >= Decimal::from(100_000) {
                return None;
            }
            value = value.checked_mul(Decimal::from(1000))?;
        }
        Mult::Million => {
            // "300m" is a depth rating, not 300 million.
            if value >= Decimal::from(100) {
                return None;
            }
            value = value.checked_mul(Decimal::from(1_000_000))?;
        }
    }
    let currency = prefix_cur.or(suffix_cur);
    Some(Number {
        value: value.normalize(),
        sep: n_int_groups > 1,
        mult: has_mult,
        frac_digits,
        currency,
        plain: prefix_cur.is_none() && suffix.is_empty() && nsep == 0,
        int_digits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn val(s: &str) -> Option<String> {
        parse_number(s).map(|n| n.value.to_string())
    }

    #[test]
    fn thousands_and_decimals() {
        assert_eq!(val("14,500").as_deref(), Some("14500"));
        assert_eq!(val("1,250,000").as_deref(), Some("1250000"));
        assert_eq!(val("165'000").as_deref(), Some("165000"));
        assert_eq!(val("165’000").as_deref(), Some("165000"));
        assert_eq!(val("1'250.50").as_deref(), Some("1250.5"));
        assert_eq!(val("6.200").as_deref(), Some("6200"));
        assert_eq!(val("29.500").as_deref(), Some("29500"));
        assert_eq!(val("1.250.000").as_deref(), Some("1250000"));
        assert_eq!(val("6.200,50").as_deref(), Some("6200.5"));
        assert_eq!(val("6,200.50").as_deref(), Some("6200.5"));
        assert_eq!(val("14500").as_deref(), Some("14500"));
        assert_eq!(val("11.5").as_deref(), Some("11.5"));
        assert!(parse_number("14500").unwrap().plain);
        assert!(parse_number("14,500").unwrap().sep);
    }

    #[test]
    fn multipliers() {
        assert_eq!(val("14.5k").as_deref(), Some("14500"));
        assert_eq!(val("31.5K").as_deref(), Some("31500"));
        assert_eq!(val("10.2k").as_deref(), Some("10200"));
        assert_eq!(val("120k").as_deref(), Some("120000"));
        assert_eq!(val("1.25m").as_deref(), Some("1250000"));
        assert_eq!(val("1,25m").as_deref(), Some("1250000"));
        assert_eq!(val("2mil").as_deref(), Some("2000000"));
        assert_eq!(val("1.2mio").as_deref(), Some("1200000"));
        assert_eq!(val("14,5k").as_deref(), Some("14500"));
        assert!(parse_number("300m").is_none(), "depth rating");
        assert!(parse_number("300M").is_none());
        assert!(parse_number("14.5k").unwrap().mult);
    }

    #[test]
    fn glued_currencies() {
        let n = parse_number("31500usd").unwrap();
        assert_eq!(n.value, Decimal::from(31500));
        assert_eq!(n.currency, Some("USD"));
        let n = parse_number("AED650,000").unwrap();
        assert_eq!(n.value, Decimal::from(650000));
        assert_eq!(n.currency, Some("AED"));
        let n = parse_number("15kusd").unwrap();
        assert_eq!(n.value, Decimal::from(15000));
        assert_eq!(n.currency, Some("USD"));
        let n = parse_number("5000dhs").unwrap();
        assert_eq!(n.currency, Some("AED"));
        let n = parse_number("HKD1.25m").unwrap();
        assert_eq!(n.value, Decimal::from_str("1250000").unwrap());
        assert_eq!(n.currency, Some("HKD"));
        let n = parse_number("40.5k/USD").unwrap();
        assert_eq!(n.value, Decimal::from(40500));
        assert_eq!(n.currency, Some("USD"));
        let n = parse_number("5000myr").unwrap();
        assert_eq!(n.currency, Some("MYR"));
    }

    #[test]
    fn not_numbers() {
        for s in ["03/2024", "41mm", "126610LN", "B01", "2x", "1A", "14-15k", "12.03.2024", "3.14159", "5711/1A", "abc", "", "1,2,3", "12,34,567"] {
            assert!(parse_number(s).is_none(), "{s}");
        }
    }

    #[test]
    fn ranges() {
        let (lo, hi) = parse_range("65-70k").unwrap();
        assert_eq!(lo.value, Decimal::from(65000));
        assert_eq!(hi.value, Decimal::from(70000));
        let (lo, hi) = parse_range("14.5-15k").unwrap();
        assert_eq!(lo.value, Decimal::from(14500));
        assert_eq!(hi.value, Decimal::from(15000));
        assert!(parse_range("2019-2020").is_none() || parse_range("2019-2020").unwrap().0.value == Decimal::from(2019));
        assert!(parse_range("70-65k").is_none());
        assert!(parse_range("1183-170").is_none());
    }

    #[test]
    fn currency_lookup() {
        assert_eq!(currency_symbol("", '$'), Some("USD"));
        assert_eq!(currency_symbol("HK", '$'), Some("HKD"));
        assert_eq!(currency_symbol("hk", '$'), Some("HKD"));
        assert_eq!(currency_symbol("S", '$'), Some("SGD"));
        assert_eq!(currency_symbol("US", '$'), Some("USD"));
        assert_eq!(currency_symbol("", '€'), Some("EUR"));
        assert_eq!(currency_symbol("", '£'), Some("GBP"));
        assert_eq!(currency_symbol("XX", '$'), None);
        assert_eq!(currency_word("CHF"), Some("CHF"));
        assert_eq!(currency_word("dhs"), Some("AED"));
        assert_eq!(currency_word("Euros"), Some("EUR"));
        assert_eq!(currency_word("us"), None);
    }
}
