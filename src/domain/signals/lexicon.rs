//! Phrase index over the catalog aliases and the cue lexicon, built at
//! compile time (a counting sort by first letter in `const fn`), and the
//! longest-match phrase scanner over the word view.
//!
//! The index is immutable static data: nothing is initialised or cached at
//! run time.

use super::catalog::{BRANDS, CUES};
use super::tokens::{Tok, WordView};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Target {
    Brand(u16),
    Model(u16, u16),
    Cue(u16),
}

/// Needs its brand to be evident from elsewhere in the message (`!`).
pub(super) const F_NEEDS_BRAND: u8 = 1;
/// Nickname or generic alias (`~`).
pub(super) const F_WEAK: u8 = 2;
/// Ambiguous nickname (`?`); implies `F_WEAK`.
pub(super) const F_AMBIGUOUS: u8 = 4;
/// Must be written in capitals (`^`).
pub(super) const F_UPPER: u8 = 8;

#[derive(Clone, Copy, Debug)]
pub(super) struct Entry {
    phrase: &'static str,
    skip: u8,
    pub flags: u8,
    pub target: Target,
}

impl Entry {
    /// The phrase without its leading markers.
    pub(super) fn body(&self) -> &'static str {
        &self.phrase[self.skip as usize..]
    }
}

/// Index buckets: by first byte (a–z, 0–9, `?`, other) and by the
/// length of the first word (capped at 15).
const FIRST: usize = 38;
const LENS: usize = 16;
const NB: usize = FIRST * LENS;

const fn first_bucket(b: u8) -> usize {
    match b {
        b'a'..=b'z' => (b - b'a') as usize,
        b'0'..=b'9' => 26 + (b - b'0') as usize,
        b'?' => 36,
        _ => 37,
    }
}

const fn key_of(first: u8, first_word_len: usize) -> usize {
    let len = if first_word_len < LENS { first_word_len } else { LENS - 1 };
    first_bucket(first) * LENS + len
}

const fn markers(s: &str) -> (u8, u8) {
    let b = s.as_bytes();
    let mut i = 0;
    let mut f = 0u8;
    while i + 1 < b.len() {
        match b[i] {
            b'!' => f |= F_NEEDS_BRAND,
            b'~' => f |= F_WEAK,
            b'?' => f |= F_AMBIGUOUS | F_WEAK,
            b'^' => f |= F_UPPER,
            _ => break,
        }
        i += 1;
    }
    (i as u8, f)
}

const fn count_entries() -> usize {
    let mut n = CUES.len();
    let mut b = 0;
    while b < BRANDS.len() {
        n += BRANDS[b].aliases.len();
        let mut m = 0;
        while m < BRANDS[b].models.len() {
            n += BRANDS[b].models[m].aliases.len();
            m += 1;
        }
        b += 1;
    }
    n
}

const N: usize = count_entries();

const fn entry(phrase: &'static str, target: Target, with_markers: bool) -> Entry {
    let (skip, flags) = if with_markers { markers(phrase) } else { (0, 0) };
    Entry { phrase, skip, flags, target }
}

const fn entry_key(e: &Entry) -> usize {
    let b = e.phrase.as_bytes();
    let s = e.skip as usize;
    if s >= b.len() {
        return NB - 1;
    }
    let mut k = s;
    while k < b.len() && b[k] != b' ' {
        k += 1;
    }
    key_of(b[s], k - s)
}

/// All entries in catalog order (brands, their models, then cues).
const fn flat() -> [Entry; N] {
    let mut out = [Entry { phrase: "", skip: 0, flags: 0, target: Target::Cue(0) }; N];
    let mut k = 0;
    let mut b = 0;
    while b < BRANDS.len() {
        let br = &BRANDS[b];
        let mut a = 0;
        while a < br.aliases.len() {
            out[k] = entry(br.aliases[a], Target::Brand(b as u16), true);
            k += 1;
            a += 1;
        }
        let mut m = 0;
        while m < br.models.len() {
            let md = &br.models[m];
            let mut a = 0;
            while a < md.aliases.len() {
                out[k] = entry(md.aliases[a], Target::Model(b as u16, m as u16), true);
                k += 1;
                a += 1;
            }
            m += 1;
        }
        b += 1;
    }
    let mut c = 0;
    while c < CUES.len() {
        out[k] = entry(CUES[c].phrase, Target::Cue(c as u16), false);
        k += 1;
        c += 1;
    }
    out
}

/// Stable counting sort of the entries by the bucket of their first byte.
const fn build() -> ([Entry; N], [u16; NB + 1]) {
    let src = flat();
    let mut counts = [0usize; NB];
    let mut i = 0;
    while i < N {
        counts[entry_key(&src[i])] += 1;
        i += 1;
    }
    let mut starts = [0u16; NB + 1];
    let mut k = 0;
    while k < NB {
        starts[k + 1] = starts[k] + counts[k] as u16;
        k += 1;
    }
    let mut fill = [0usize; NB];
    let mut k = 0;
    while k < NB {
        fill[k] = starts[k] as usize;
        k += 1;
    }
    let mut out = [Entry { phrase: "", skip: 0, flags: 0, target: Target::Cue(0) }; N];
    let mut i = 0;
    while i < N {
        let key = entry_key(&src[i]);
        out[fill[key]] = src[i];
        fill[key] += 1;
        i += 1;
    }
    (out, starts)
}

const BUILT: ([Entry; N], [u16; NB + 1]) = build();
pub(super) static ENTRIES: [Entry; N] = BUILT.0;
static STARTS: [u16; NB + 1] = BUILT.1;

/// A phrase found in the word view: words `w0 .. w0 + n`, and up to four
/// entries sharing that (longest) phrase.
#[derive(Clone, Copy, Debug)]
pub(super) struct PhraseMatch {
    pub w0: usize,
    pub n: usize,
    pub cands: [u16; 4],
    pub ncand: u8,
}

impl PhraseMatch {
    pub(super) fn entries(&self) -> impl Iterator<Item = &'static Entry> + '_ {
        self.cands[..self.ncand as usize].iter().map(|&i| &ENTRIES[i as usize])
    }
}

fn is_plural_of(word: &[u8], base: &[u8]) -> bool {
    base.len() >= 3 && word.len() > base.len() && word.starts_with(base) && matches!(&word[base.len()..], b"s" | b"es")
}

/// Number of words matched by `phrase` at word `i`, if it matches.
fn match_len(phrase: &str, v: &WordView, i: usize, plural: bool) -> Option<usize> {
    let mut k = i;
    let mut rest = phrase.as_bytes();
    loop {
        let end = rest.iter().position(|&b| b == b' ').unwrap_or(rest.len());
        let last = end == rest.len();
        if k >= v.len() || (k > i && v.words[k].brk) {
            return None;
        }
        let w = v.text(k).as_bytes();
        let p = &rest[..end];
        if w != p && !(plural && last && is_plural_of(w, p)) {
            return None;
        }
        k += 1;
        if last {
            return Some(k - i);
        }
        rest = &rest[end + 1..];
    }
}

fn written_upper(src: &str, toks: &[Tok], v: &WordView, w0: usize, n: usize) -> bool {
    (w0..w0 + n).all(|k| {
        let t = &toks[v.words[k].tok as usize];
        !t.text(src).chars().any(|c| c.is_lowercase())
    })
}

/// Scans the word view left to right, taking the longest phrase at each
/// position.
pub(super) fn scan(src: &str, toks: &[Tok], v: &WordView) -> Vec<PhraseMatch> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let w = v.text(i);
        let first = w.as_bytes()[0];
        let mut best = PhraseMatch { w0: i, n: 0, cands: [0; 4], ncand: 0 };
        if first_bucket(first) < FIRST - 1 {
            // Exact first word, then one- or two-letters-shorter single-word
            // model names for plurals ("Daytonas", "Nautiluses").
            for (d, plural_only) in [(0usize, false), (1, true), (2, true)] {
                if w.len() <= d {
                    break;
                }
                let key = key_of(first, w.len() - d);
                if d > 0 && w.len() - d >= LENS - 1 {
                    continue;
                }
                let (lo, hi) = (STARTS[key] as usize, STARTS[key + 1] as usize);
                for (idx, e) in ENTRIES.iter().enumerate().take(hi).skip(lo) {
                    let model = matches!(e.target, Target::Model(..));
                    if plural_only && (!model || e.body().contains(' ')) {
                        continue;
                    }
                    let Some(n) = match_len(e.body(), v, i, model) else {
                        continue;
                    };
                    if e.flags & F_UPPER != 0 && !written_upper(src, toks, v, i, n) {
                        continue;
                    }
                    if n > best.n {
                        best.n = n;
                        best.cands[0] = idx as u16;
                        best.ncand = 1;
                    } else if n == best.n && (best.ncand as usize) < best.cands.len() {
                        best.cands[best.ncand as usize] = idx as u16;
                        best.ncand += 1;
                    }
                }
            }
        }
        if best.n > 0 {
            i += best.n;
            out.push(best);
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tokens;
    use super::*;

    #[test]
    fn index_is_complete_and_bucketed() {
        assert_eq!(ENTRIES.len(), count_entries());
        for k in 0..NB {
            for e in &ENTRIES[STARTS[k] as usize..STARTS[k + 1] as usize] {
                assert_eq!(entry_key(e), k, "{:?}", e.phrase);
            }
        }
        assert_eq!(STARTS[NB] as usize, N);
    }

    #[test]
    fn no_unintended_duplicate_phrases() {
        // The same phrase may appear twice only when every copy needs its
        // brand to be evident (e.g. "!pilot" for IWC and Zenith).
        for (i, a) in ENTRIES.iter().enumerate() {
            for b in &ENTRIES[i + 1..] {
                if a.body() == b.body() {
                    let ok = a.flags & F_NEEDS_BRAND != 0 && b.flags & F_NEEDS_BRAND != 0;
                    assert!(ok, "duplicate phrase {:?}: {:?} / {:?}", a.body(), a.target, b.target);
                }
            }
        }
    }

    fn found(text: &str) -> Vec<(String, Target)> {
        let toks = tokens::lex(text);
        let v = tokens::words(text, &toks);
        scan(text, &toks, &v).iter().flat_map(|m| m.entries().map(|e| (e.body().to_string(), e.target)).collect::<Vec<_>>()).collect()
    }

    #[test]
    fn longest_match_wins() {
        let f = found("Rolex GMT-Master II Pepsi need gone");
        let phrases: Vec<&str> = f.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(phrases, vec!["rolex", "gmt master ii", "pepsi", "need gone"]);
        let f = found("A. Lange & Söhne Lange 1");
        let phrases: Vec<&str> = f.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(phrases, vec!["a lange sohne", "lange 1"]);
    }

    #[test]
    fn plural_model_names() {
        let f = found("market on Daytonas");
        assert!(f.iter().any(|(p, _)| p == "daytona"));
    }

    #[test]
    fn upper_case_only_alias() {
        assert!(found("TAG Monaco").iter().any(|(p, _)| p == "tag"));
        assert!(!found("tag me").iter().any(|(p, _)| p == "tag"));
    }
}
