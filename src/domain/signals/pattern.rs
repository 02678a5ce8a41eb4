//! A tiny backtracking pattern matcher for the reference grammars in
//! `catalog.rs`. It interprets the pattern text directly (nothing is
//! compiled or cached), so the grammars stay plain `&'static str` data.
//!
//! Syntax (ASCII, matched against an upper-cased reference):
//! - `d` one digit, `a` one letter `A`–`Z`, `x` one letter or digit
//! - `$` end of the text (useful in prefix rules: `1675$`)
//! - `(…|…)` a group of alternatives (an empty alternative is allowed)
//! - postfix `?`, `*`, `+`, `{n}`, `{n,m}` after a class, literal or group
//! - every other byte is a literal: `L`, `N`, `0`, `/`, `.`, `-` …
//!
//! Lower-case letters are never literals, so write literal letters in
//! upper case (`PAM`, `LN`).

type Cont<'c> = &'c dyn Fn(&[u8]) -> bool;

/// The whole `text` matches `pat`.
pub(super) fn full_match(pat: &str, text: &str) -> bool {
    run(pat.as_bytes(), text.as_bytes(), &|rest: &[u8]| rest.is_empty())
}

/// Some prefix of `text` (possibly all of it) matches `pat`.
pub(super) fn prefix_match(pat: &str, text: &str) -> bool {
    run(pat.as_bytes(), text.as_bytes(), &|_: &[u8]| true)
}

/// Checks that a pattern is well formed (balanced groups, closed
/// quantifiers). Used by the catalog tests.
#[cfg_attr(not(test), allow(dead_code))]
pub(super) fn is_valid(pat: &str) -> bool {
    let b = pat.as_bytes();
    let mut depth = 0i32;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            b'{' => {
                let close = match b[i..].iter().position(|&c| c == b'}') {
                    Some(p) => i + p,
                    None => return false,
                };
                let inner = &b[i + 1..close];
                if inner.is_empty() || !inner.iter().all(|c| c.is_ascii_digit() || *c == b',') {
                    return false;
                }
                i = close;
            }
            c if c.is_ascii_lowercase() && !matches!(c, b'd' | b'a' | b'x') => return false,
            _ => {}
        }
        i += 1;
    }
    depth == 0
}

/// The set of ASCII bytes (as bits) that can start a text matched by
/// `pat`; all bits when the pattern can match the empty text or when it
/// cannot tell. Evaluated at compile time for the catalog.
pub(super) const fn first_set(pat: &str) -> u128 {
    first_set_of(pat.as_bytes(), 0)
}

const DIGITS: u128 = ((1u128 << 10) - 1) << b'0';
const UPPER: u128 = ((1u128 << 26) - 1) << b'A';

const fn atom_len_c(p: &[u8]) -> usize {
    if p[0] != b'(' {
        return 1;
    }
    let mut depth = 0i32;
    let mut i = 0;
    while i < p.len() {
        if p[i] == b'(' {
            depth += 1;
        } else if p[i] == b')' {
            depth -= 1;
            if depth == 0 {
                return i + 1;
            }
        }
        i += 1;
    }
    p.len()
}

/// Minimum repetitions and length of the quantifier at the start of `p`.
const fn quant_c(p: &[u8]) -> (usize, usize) {
    if p.is_empty() {
        return (1, 0);
    }
    match p[0] {
        b'?' | b'*' => (0, 1),
        b'+' => (1, 1),
        b'{' => {
            let mut i = 1;
            let mut lo = 0usize;
            while i < p.len() && p[i].is_ascii_digit() {
                lo = lo * 10 + (p[i] - b'0') as usize;
                i += 1;
            }
            while i < p.len() && p[i] != b'}' {
                i += 1;
            }
            if i < p.len() {
                (lo, i + 1)
            } else {
                (1, 0)
            }
        }
        _ => (1, 0),
    }
}

const fn class_bits(c: u8) -> u128 {
    match c {
        b'd' => DIGITS,
        b'a' => UPPER,
        b'x' => DIGITS | UPPER,
        c if c < 128 => 1u128 << c,
        _ => 0,
    }
}

const fn first_set_of(p: &[u8], depth: u32) -> u128 {
    if p.is_empty() || depth > 8 || p[0] == b'$' {
        return u128::MAX;
    }
    let al = atom_len_c(p);
    let (_, rest_all) = p.split_at(al);
    let (min, ql) = quant_c(rest_all);
    let (_, rest) = rest_all.split_at(ql);
    let (atom_set, can_be_empty) = if p[0] == b'(' {
        if al < 2 || p[al - 1] != b')' {
            return u128::MAX;
        }
        let (_, tail) = p.split_at(1);
        let (inner, _) = tail.split_at(al - 2);
        let mut set = 0u128;
        let mut empty = false;
        let mut nest = 0i32;
        let mut start = 0;
        let mut i = 0;
        while i <= inner.len() {
            if i == inner.len() || (inner[i] == b'|' && nest == 0) {
                let (_, t) = inner.split_at(start);
                let (alt, _) = t.split_at(i - start);
                if alt.is_empty() {
                    empty = true;
                } else {
                    let s = first_set_of(alt, depth + 1);
                    if s == u128::MAX {
                        empty = true;
                    }
                    set |= s;
                }
                start = i + 1;
            } else if inner[i] == b'(' {
                nest += 1;
            } else if inner[i] == b')' {
                nest -= 1;
            }
            i += 1;
        }
        (set, empty)
    } else {
        (class_bits(p[0]), false)
    };
    if min == 0 || can_be_empty {
        let r = first_set_of(rest, depth + 1);
        if r == u128::MAX {
            return u128::MAX;
        }
        atom_set | r
    } else {
        atom_set
    }
}

/// The literal text every match of `pat` starts with ("1266" for
/// `1266(10|13)`), as a byte count of the pattern's leading literals.
pub(super) const fn literal_prefix_len(pat: &str) -> usize {
    let p = pat.as_bytes();
    let mut i = 0;
    while i < p.len() {
        let c = p[i];
        let literal = c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'/' || c == b'.' || c == b'-';
        if !literal {
            break;
        }
        // A quantifier after it makes it optional or repeated.
        if i + 1 < p.len() && matches!(p[i + 1], b'?' | b'*' | b'+' | b'{') {
            break;
        }
        i += 1;
    }
    i
}

fn run(p: &[u8], t: &[u8], k: Cont) -> bool {
    if p.is_empty() {
        return k(t);
    }
    if p[0] == b'$' {
        return t.is_empty() && run(&p[1..], t, k);
    }
    let al = atom_len(p);
    let (min, max, ql) = quantifier(&p[al..]);
    let atom = &p[..al];
    let rest = &p[al + ql..];
    if atom[0] != b'(' {
        // One class or literal: take as many as allowed, then give back.
        let mut n = 0;
        while n < max && n < t.len() && class_matches(atom[0], t[n]) {
            n += 1;
        }
        if n < min {
            return false;
        }
        let mut k_len = n;
        loop {
            if run(rest, &t[k_len..], k) {
                return true;
            }
            if k_len == min {
                return false;
            }
            k_len -= 1;
        }
    }
    repeat(atom, min, max, 0, rest, t, k)
}

/// Shortest and longest text `pat` can match (longest saturates at
/// `usize::MAX` for `*`/`+`). Evaluated at compile time for the catalog.
pub(super) const fn len_bounds(pat: &str) -> (usize, usize) {
    len_bounds_of(pat.as_bytes())
}

const fn len_bounds_of(p: &[u8]) -> (usize, usize) {
    let mut lo = 0usize;
    let mut hi = 0usize;
    let mut rest = p;
    while !rest.is_empty() {
        if rest[0] == b'$' {
            let (_, r) = rest.split_at(1);
            rest = r;
            continue;
        }
        let al = atom_len_c(rest);
        let (atom, after) = rest.split_at(al);
        let (qmin, qmax, ql) = quant_full_c(after);
        let (alo, ahi) = if atom[0] == b'(' && al >= 2 {
            let (_, t) = atom.split_at(1);
            let (inner, _) = t.split_at(al - 2);
            alt_bounds(inner)
        } else {
            (1, 1)
        };
        lo = lo.saturating_add(alo.saturating_mul(qmin));
        hi = hi.saturating_add(ahi.saturating_mul(qmax));
        let (_, r) = after.split_at(ql);
        rest = r;
    }
    (lo, hi)
}

const fn alt_bounds(inner: &[u8]) -> (usize, usize) {
    let mut lo = usize::MAX;
    let mut hi = 0usize;
    let mut nest = 0i32;
    let mut start = 0;
    let mut i = 0;
    while i <= inner.len() {
        if i == inner.len() || (inner[i] == b'|' && nest == 0) {
            let (_, t) = inner.split_at(start);
            let (alt, _) = t.split_at(i - start);
            let (a, b) = len_bounds_of(alt);
            if a < lo {
                lo = a;
            }
            if b > hi {
                hi = b;
            }
            start = i + 1;
        } else if inner[i] == b'(' {
            nest += 1;
        } else if inner[i] == b')' {
            nest -= 1;
        }
        i += 1;
    }
    (lo, hi)
}

/// (min, max, length) of the quantifier at the start of `p`.
const fn quant_full_c(p: &[u8]) -> (usize, usize, usize) {
    if p.is_empty() {
        return (1, 1, 0);
    }
    match p[0] {
        b'?' => (0, 1, 1),
        b'*' => (0, usize::MAX, 1),
        b'+' => (1, usize::MAX, 1),
        b'{' => {
            let mut i = 1;
            let mut lo = 0usize;
            while i < p.len() && p[i].is_ascii_digit() {
                lo = lo * 10 + (p[i] - b'0') as usize;
                i += 1;
            }
            let mut hi = lo;
            if i < p.len() && p[i] == b',' {
                i += 1;
                hi = 0;
                while i < p.len() && p[i].is_ascii_digit() {
                    hi = hi * 10 + (p[i] - b'0') as usize;
                    i += 1;
                }
            }
            if i < p.len() && p[i] == b'}' {
                (lo, hi, i + 1)
            } else {
                (1, 1, 0)
            }
        }
        _ => (1, 1, 0),
    }
}

fn repeat(atom: &[u8], min: usize, max: usize, n: usize, rest: &[u8], t: &[u8], k: Cont) -> bool {
    // Greedy: try one more repetition first, then the rest of the pattern.
    if n < max {
        let more = |t2: &[u8]| (t2.len() < t.len() || n < min) && repeat(atom, min, max, n + 1, rest, t2, k);
        if once(atom, t, &more) {
            return true;
        }
    }
    n >= min && run(rest, t, k)
}

fn once(atom: &[u8], t: &[u8], k: Cont) -> bool {
    if atom[0] == b'(' {
        if atom.len() < 2 || atom[atom.len() - 1] != b')' {
            return false;
        }
        let inner = &atom[1..atom.len() - 1];
        let mut depth = 0i32;
        let mut start = 0;
        for i in 0..=inner.len() {
            if i == inner.len() || (inner[i] == b'|' && depth == 0) {
                if run(&inner[start..i], t, k) {
                    return true;
                }
                start = i + 1;
            } else if inner[i] == b'(' {
                depth += 1;
            } else if inner[i] == b')' {
                depth -= 1;
            }
        }
        false
    } else {
        match t.first() {
            Some(&c) if class_matches(atom[0], c) => k(&t[1..]),
            _ => false,
        }
    }
}

fn class_matches(p: u8, c: u8) -> bool {
    match p {
        b'd' => c.is_ascii_digit(),
        b'a' => c.is_ascii_uppercase(),
        b'x' => c.is_ascii_uppercase() || c.is_ascii_digit(),
        _ => p == c,
    }
}

fn atom_len(p: &[u8]) -> usize {
    if p[0] != b'(' {
        return 1;
    }
    let mut depth = 0i32;
    for (i, &c) in p.iter().enumerate() {
        if c == b'(' {
            depth += 1;
        } else if c == b')' {
            depth -= 1;
            if depth == 0 {
                return i + 1;
            }
        }
    }
    p.len()
}

/// Returns (min, max, bytes consumed by the quantifier).
fn quantifier(p: &[u8]) -> (usize, usize, usize) {
    match p.first() {
        Some(b'?') => (0, 1, 1),
        Some(b'*') => (0, usize::MAX, 1),
        Some(b'+') => (1, usize::MAX, 1),
        Some(b'{') => {
            let mut i = 1;
            let mut lo = 0usize;
            while i < p.len() && p[i].is_ascii_digit() {
                lo = lo.saturating_mul(10).saturating_add((p[i] - b'0') as usize);
                i += 1;
            }
            let mut hi = lo;
            if i < p.len() && p[i] == b',' {
                i += 1;
                hi = 0;
                while i < p.len() && p[i].is_ascii_digit() {
                    hi = hi.saturating_mul(10).saturating_add((p[i] - b'0') as usize);
                    i += 1;
                }
            }
            if i < p.len() && p[i] == b'}' && hi >= lo {
                (lo, hi, i + 1)
            } else {
                (1, 1, 0)
            }
        }
        _ => (1, 1, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_literals() {
        assert!(full_match("dddd", "1234"));
        assert!(!full_match("dddd", "123A"));
        assert!(full_match("aad", "AB1"));
        assert!(!full_match("aad", "ab1"));
        assert!(full_match("x{3}", "A1B"));
        assert!(full_match("PAMd{3,5}", "PAM01312"));
        assert!(!full_match("PAMd{3,5}", "PAM013123"));
        assert!(full_match("d{4}/d{1,4}", "5711/1"));
    }

    #[test]
    fn groups_and_quantifiers() {
        let rolex = "d{6}(LN|LV|BLRO|BLNR)?(-d{4})?";
        assert!(full_match(rolex, "126610LN"));
        assert!(full_match(rolex, "126710BLRO"));
        assert!(full_match(rolex, "126710BLRO-0001"));
        assert!(full_match(rolex, "124060"));
        assert!(!full_match(rolex, "126610LX"));
        assert!(full_match("(CR)?W(a|d)a{2}d{4}", "CRWSSA0018"));
        assert!(full_match("(CR)?W(a|d)a{2}d{4}", "WSSA0018"));
        assert!(full_match("PAM0*(111|1312)$", "PAM01312"));
        assert!(full_match("(A|)B", "B"));
        assert!(full_match("a+d*", "ABC"));
        assert!(!full_match("a+d*", "123"));
    }

    #[test]
    fn prefix_and_end_anchor() {
        assert!(prefix_match("1266(10|13)", "126610LN"));
        assert!(!prefix_match("1266(10|13)", "126600"));
        assert!(prefix_match("1675$", "1675"));
        assert!(!prefix_match("1675$", "16750"));
        assert!(prefix_match("(CR)?WxSA", "WGSA0030"));
    }

    #[test]
    fn compile_time_first_sets() {
        let has = |set: u128, c: u8| set & (1u128 << c) != 0;
        let s = first_set("d{6}(LN|LV)");
        assert!(has(s, b'1') && !has(s, b'A'));
        let s = first_set("M?d{6}");
        assert!(has(s, b'M') && has(s, b'7') && !has(s, b'Q'));
        let s = first_set("(CAW|CBL|WAY)x{4}");
        assert!(has(s, b'C') && has(s, b'W') && !has(s, b'1'));
        let s = first_set("(|A)B");
        assert!(has(s, b'A') && has(s, b'B') && !has(s, b'C'));
        assert_eq!(first_set("a*"), u128::MAX);
        assert_eq!(literal_prefix_len("1266(10|13)"), 4);
        assert_eq!(literal_prefix_len("M?d{6}"), 0);
        assert_eq!(literal_prefix_len("PAM-?0*"), 3);
        assert_eq!(literal_prefix_len("IWd{6}"), 2);
        assert_eq!(len_bounds("d{6}(LN|BLRO)?(-d{4})?"), (6, 15));
        assert_eq!(len_bounds("PAM-?d{3,5}"), (6, 9));
        assert_eq!(len_bounds("a+").1, usize::MAX);
        assert_eq!(len_bounds("1675$"), (4, 4));
    }

    #[test]
    fn validity() {
        assert!(is_valid("d{6}(LN|LV)?"));
        assert!(!is_valid("d{6}(LN|LV"));
        assert!(!is_valid("d{6"));
        assert!(!is_valid("bd"));
    }

    #[test]
    fn malformed_patterns_do_not_panic() {
        for p in ["(", ")", "((", "{", "{1,", "a{2,1}", "(|)", "$", "(a|", "d{99999999999999999999}"] {
            let _ = full_match(p, "ABC123");
            let _ = prefix_match(p, "");
        }
    }
}
