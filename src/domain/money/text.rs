//! The text of amounts: digits and signs, thousands groups, currency markers.

use super::*;

/// Sign and digits of a decimal: (negative, integer digits, fraction digits
/// exactly `scale` long). Negative zero is reported as non-negative.
pub(super) fn decimal_digits(value: Decimal) -> (bool, String, String) {
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
pub(super) fn group_thousands(digits: &str) -> String {
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
pub(super) fn strip_sign(s: &str) -> Option<(bool, &str)> {
    if let Some(rest) = s.strip_prefix('-').or_else(|| s.strip_prefix('\u{2212}')) {
        Some((true, rest))
    } else {
        s.strip_prefix('+').map(|rest| (false, rest))
    }
}

/// Markers that denote `currency` in input: its symbol (trimmed), its code,
/// and a bare "$" for currencies whose symbol contains "$". Longest first.
pub(super) fn own_markers(currency: Currency) -> Vec<String> {
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
pub(super) fn strip_currency_prefix(s: &str, currency: Currency) -> Option<&str> {
    own_markers(currency).iter().find_map(|marker| {
        let head = s.get(..marker.len())?;
        head.eq_ignore_ascii_case(marker).then(|| &s[marker.len()..])
    })
}

/// `s` without a trailing code of `currency` (ignoring case).
pub(super) fn strip_currency_suffix(s: &str, currency: Currency) -> Option<&str> {
    let code = currency.code();
    let split = s.len().checked_sub(code.len())?;
    let tail = s.get(split..)?;
    tail.eq_ignore_ascii_case(code).then(|| &s[..split])
}

/// Characters that can appear in the number itself (or a sign).
pub(super) fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '\u{2212}')
}

/// Whether `marker` denotes some other currency: a symbol or code (any case)
/// from the data table. Unknown words stay "not a number" errors.
pub(super) fn is_foreign_marker(marker: &str, currency: Currency) -> bool {
    CURRENCY_TABLE
        .iter()
        .any(|row| row.code != currency.code() && (row.code.eq_ignore_ascii_case(marker) || row.symbol.is_some_and(|symbol| symbol.trim() == marker)))
}

pub(super) fn foreign_marker_prefix(s: &str, currency: Currency) -> Option<String> {
    let end = s.find(|c: char| is_number_char(c) || c.is_whitespace()).unwrap_or(s.len());
    let marker = &s[..end];
    (!marker.is_empty() && is_foreign_marker(marker, currency)).then(|| marker.to_owned())
}

pub(super) fn foreign_marker_suffix(s: &str, currency: Currency) -> Option<String> {
    let start = s.char_indices().rev().find(|&(_, c)| is_number_char(c) || c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
    let marker = &s[start..];
    (!marker.is_empty() && is_foreign_marker(marker, currency)).then(|| marker.to_owned())
}

/// The digits of a plain or comma-grouped decimal number, unsigned.
pub(super) struct GroupedNumber<'a> {
    /// Integer digits, commas removed (may be empty, as in ".5").
    pub(super) int: String,
    /// Fraction digits (may be empty).
    pub(super) frac: &'a str,
}

pub(super) fn parse_grouped_number(s: &str) -> Result<GroupedNumber<'_>, MoneyError> {
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
