//! The pipeline: tokens → phrase matches (brands, models, cues) →
//! references → currencies and prices → mentions → items (one per watch)
//! → signals.

use rust_decimal::Decimal;

use super::catalog::{Deal, Pos, Role, BRANDS, CUES, NON_PRICE_UNITS, REF_JOIN_PREFIXES, REF_JOIN_SUFFIXES, REF_JOIN_SUFFIX_WORDS, REF_KEYWORDS};
use super::lexicon::{self, Entry, PhraseMatch, Target, F_AMBIGUOUS, F_NEEDS_BRAND, F_WEAK};
use super::price;
use super::reference::{self, BrandSet, RefHit};
use super::tokens::{self, Kind, Tok, WordView};
use super::{DealType, Sentiment, Signal};

/// Longer inputs are cut (at a character boundary) before parsing; broker
/// messages are far shorter, and this bounds the work per call.
pub(super) const MAX_INPUT: usize = 64 * 1024;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Claim {
    Free,
    Alias,
    Ref,
    Price,
    Currency,
    Phone,
}

#[derive(Clone, Copy, Debug)]
struct ModelRef {
    brand: u16,
    model: u16,
    weak: bool,
    ambiguous: bool,
}

impl ModelRef {
    fn name(&self) -> &'static str {
        BRANDS[self.brand as usize].models[self.model as usize].name
    }
}

fn first_word(s: &str) -> &str {
    s.split(' ').next().unwrap_or(s)
}

/// `long` is a fuller form of the reference `short` of the same brand
/// ("5711/1A-014" of "5711", "15500ST.OO.1220ST.01" of "15500ST").
fn extends(long: &RefHit, short: &RefHit) -> bool {
    long.brand.is_some() && long.brand == short.brand && long.text.len() > short.text.len() && long.text.starts_with(&short.text) && {
        let next = long.text.as_bytes()[short.text.len()];
        next.is_ascii_punctuation() || (next.is_ascii_alphabetic() && pure_digits(&short.text))
    }
}

fn compatible(a: &ModelRef, b: &ModelRef) -> bool {
    a.brand == b.brand && (a.model == b.model || first_word(a.name()) == first_word(b.name()))
}

#[derive(Clone, Debug)]
struct PriceCand {
    value: Decimal,
    currency: Option<&'static str>,
    score: i32,
    role: Role,
    /// Four plain digits with nothing marking a price: maybe a calibre.
    bare_four: bool,
}

#[derive(Clone, Debug)]
enum MKind {
    Brand(u16),
    Model(ModelRef),
    Ref(RefHit),
    Price(usize),
    Cue(u16),
    /// A currency not attached to any number ("All USD").
    Float(&'static str),
    Question,
}

impl MKind {
    fn is_identity(&self) -> bool {
        matches!(self, MKind::Brand(_) | MKind::Model(_) | MKind::Ref(_))
    }
}

#[derive(Clone, Debug)]
struct Mention {
    tok: usize,
    /// Last token of the mention.
    end: usize,
    kind: MKind,
}

/// What lies between the item's last watch mention and a new one.
#[derive(Clone, Copy, Default)]
struct Gap {
    /// A price was seen since the item got its watch.
    price_seen: bool,
    /// The new mention is a model name right after another model name of
    /// the same brand ("Polaris Memovox").
    adjacent_model: bool,
    /// A deal or sold phrase stands between ("the Daytona is gone, still
    /// have the 126710BLNR").
    deal_cue: bool,
}

#[derive(Clone, Debug, Default)]
struct Item {
    brands: Vec<u16>,
    models: Vec<ModelRef>,
    refs: Vec<RefHit>,
    prices: Vec<usize>,
    /// Cues in the item's own span, its continuation lines and the part
    /// of its line before the first watch.
    cues: Vec<u16>,
    /// Cues of the other watches on the same line (used when the item has
    /// no deal cue of its own: "A / B / C all available").
    line_cues: Vec<u16>,
    /// Cues of the header block above the item ("WTS:").
    header: Vec<u16>,
    header_brand: Option<u16>,
    line_currency: Option<&'static str>,
    question: bool,
}

impl Item {
    fn new(header: &[u16], header_brand: Option<u16>) -> Item {
        Item { header: header.to_vec(), header_brand, ..Item::default() }
    }
    fn has_watch(&self) -> bool {
        !self.models.is_empty() || !self.refs.is_empty()
    }
    fn brand_known(&self) -> Option<u16> {
        self.brands.first().copied().or_else(|| self.refs.iter().find_map(|r| r.brand)).or_else(|| self.models.iter().find(|m| !m.weak).map(|m| m.brand))
    }
    /// Would mention `m` start a new watch rather than describe this one?
    fn conflicts(&self, m: &MKind, gap: Gap) -> bool {
        let after_price = gap.price_seen && self.has_watch();
        match m {
            MKind::Ref(r) => {
                if self.refs.iter().any(|x| x.text == r.text || extends(x, r) || extends(r, x)) {
                    // The same reference again, or a fuller form of it
                    // ("Nautilus 5711 … 5711/1A-014"), unless a price came
                    // in between ("126500LN white 30k and 126500LN black 29k").
                    return after_price;
                }
                let other_brand = matches!((self.brand_known(), r.brand), (Some(a), Some(b)) if a != b) && self.has_watch();
                // The text named one family, then a deal phrase, then a
                // reference of another family of the same brand.
                let other_family = gap.deal_cue
                    && self.refs.is_empty()
                    && r.model.as_deref().is_some_and(|rm| {
                        let strong: Vec<&ModelRef> = self.models.iter().filter(|x| !x.weak && Some(x.brand) == r.brand).collect();
                        !strong.is_empty() && strong.iter().all(|x| first_word(x.name()) != first_word(rm))
                    });
                !self.refs.is_empty() || after_price || other_brand || other_family
            }
            MKind::Brand(b) => self.brand_known().is_some_and(|k| k != *b) || after_price,
            MKind::Model(mr) => {
                if mr.weak {
                    return after_price;
                }
                if gap.adjacent_model && !after_price {
                    return false;
                }
                self.models.iter().any(|x| !x.weak && !compatible(x, mr)) || self.brand_known().is_some_and(|k| k != mr.brand) || after_price
            }
            _ => false,
        }
    }
    fn add_identity(&mut self, m: MKind) {
        match m {
            MKind::Brand(b) => self.brands.push(b),
            MKind::Model(mr) => self.models.push(mr),
            MKind::Ref(r) => {
                // Keep the fullest form of a reference written twice.
                if let Some(x) = self.refs.iter_mut().find(|x| extends(&r, x)) {
                    *x = r;
                } else if !self.refs.iter().any(|x| x.text == r.text || extends(x, &r)) {
                    self.refs.push(r);
                }
            }
            _ => {}
        }
    }
}

struct Msg<'a> {
    src: &'a str,
    toks: Vec<Tok>,
    view: WordView,
    claim: Vec<Claim>,
    tok_cue: Vec<Option<u16>>,
    tok_cur: Vec<Option<&'static str>>,
}

impl<'a> Msg<'a> {
    fn text(&self, i: usize) -> &'a str {
        self.toks[i].text(self.src)
    }
    fn is_word(&self, i: usize) -> bool {
        i < self.toks.len() && self.toks[i].kind == Kind::Word
    }
    fn same_line(&self, a: usize, b: usize) -> bool {
        b < self.toks.len() && self.toks[a].line == self.toks[b].line && self.toks[b].kind != Kind::Newline
    }
    fn cue_of(&self, i: usize) -> Option<&'static super::catalog::Cue> {
        self.tok_cue.get(i).copied().flatten().map(|c| &CUES[c as usize])
    }
}

fn truncate(text: &str) -> &str {
    if text.len() <= MAX_INPUT {
        return text;
    }
    let mut end = MAX_INPUT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn pure_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

pub(super) fn parse(text: &str) -> Vec<Signal> {
    let src = truncate(text);
    let toks = tokens::lex(src);
    let view = tokens::words(src, &toks);
    let n = toks.len();
    let mut msg = Msg { src, toks, view, claim: vec![Claim::Free; n], tok_cue: vec![None; n], tok_cur: vec![None; n] };

    // 1. Phrases. Unflagged brand/model aliases make the first context.
    let pms = lexicon::scan(src, &msg.toks, &msg.view);
    let mut ctx0 = BrandSet::default();
    for pm in &pms {
        for e in pm.entries() {
            match e.target {
                Target::Brand(b) if e.flags & F_NEEDS_BRAND == 0 => ctx0.add(b),
                Target::Model(b, _) if e.flags & (F_NEEDS_BRAND | F_WEAK) == 0 => ctx0.add(b),
                Target::Cue(c) => {
                    for w in pm.w0..pm.w0 + pm.n {
                        let t = msg.view.words[w].tok as usize;
                        msg.tok_cue[t] = Some(c);
                    }
                }
                _ => {}
            }
        }
    }
    let all: Vec<bool> = vec![true; pms.len()];
    mark_aliases(&mut msg, &pms, &all);

    // 2. Currency symbols and codes, phone numbers.
    find_currencies(&mut msg);
    find_phones(&mut msg);

    // 3. References.
    let mut flagged = BrandSet::default();
    for pm in &pms {
        for e in pm.entries() {
            if let Target::Brand(b) = e.target {
                if e.flags & F_NEEDS_BRAND != 0 {
                    flagged.add(b);
                }
            }
        }
    }
    let mut nicknames: Vec<(u16, &'static str)> = Vec::new();
    for pm in &pms {
        for e in pm.entries() {
            if let Target::Model(b, m) = e.target {
                if e.flags & F_WEAK != 0 && e.flags & F_NEEDS_BRAND == 0 {
                    nicknames.push((b, BRANDS[b as usize].models[m as usize].name));
                }
            }
        }
    }
    let (refs, ref_ctx) = find_refs(&mut msg, ctx0, flagged, &nicknames);
    let mut ctx = ctx0.union(ref_ctx);
    for (_, _, h) in &refs {
        if let Some(b) = h.brand {
            ctx.add(b);
        }
    }

    // 4. Accept phrase matches; "!" aliases need their brand in context.
    let mut chosen: Vec<Option<&'static Entry>> = Vec::with_capacity(pms.len());
    for pm in &pms {
        let pick = pm.entries().find(|e| e.flags & F_NEEDS_BRAND == 0).or_else(|| {
            pm.entries().find(|e| match e.target {
                Target::Brand(b) | Target::Model(b, _) => ctx.has(b),
                Target::Cue(_) => true,
            })
        });
        chosen.push(pick);
    }
    let accepted: Vec<bool> = chosen.iter().map(|c| c.is_some()).collect();
    mark_aliases(&mut msg, &pms, &accepted);

    // 5. Prices.
    let attached = attach_currencies(&mut msg);
    let (prices, price_toks) = find_prices(&mut msg, &attached);

    // 6. Mentions in text order.
    let mut mentions: Vec<Mention> = Vec::new();
    for (pm, pick) in pms.iter().zip(&chosen) {
        let Some(e) = pick else { continue };
        let tok = msg.view.words[pm.w0].tok as usize;
        let end = msg.view.words[pm.w0 + pm.n - 1].tok as usize;
        let kind = match e.target {
            Target::Brand(b) => MKind::Brand(b),
            Target::Model(b, m) => MKind::Model(ModelRef { brand: b, model: m, weak: e.flags & F_WEAK != 0, ambiguous: e.flags & F_AMBIGUOUS != 0 }),
            Target::Cue(c) => MKind::Cue(c),
        };
        mentions.push(Mention { tok, end, kind });
    }
    for (tok, end, hit) in refs {
        mentions.push(Mention { tok, end, kind: MKind::Ref(hit) });
    }
    for (k, &(tok, end)) in price_toks.iter().enumerate() {
        mentions.push(Mention { tok, end, kind: MKind::Price(k) });
    }
    for i in 0..msg.toks.len() {
        if let Some(c) = msg.tok_cur[i] {
            if !attached.used[i] {
                mentions.push(Mention { tok: i, end: i, kind: MKind::Float(c) });
            }
        }
        if msg.toks[i].kind == Kind::Punct && msg.text(i) == "?" {
            mentions.push(Mention { tok: i, end: i, kind: MKind::Question });
        }
    }
    mentions.sort_by_key(|m| m.tok);

    // 7. Items, then signals.
    let grouped = group(&msg, &mentions, &prices);
    build_signals(&grouped, &prices)
}

/// Marks tokens all of whose words are covered by accepted phrases.
fn mark_aliases(msg: &mut Msg, pms: &[PhraseMatch], accepted: &[bool]) {
    let nw = msg.view.len();
    let mut covered = vec![false; nw];
    for (pm, &ok) in pms.iter().zip(accepted) {
        if ok {
            for c in covered.iter_mut().skip(pm.w0).take(pm.n) {
                *c = true;
            }
        }
    }
    for c in msg.claim.iter_mut() {
        if *c == Claim::Alias {
            *c = Claim::Free;
        }
    }
    let mut w = 0;
    while w < nw {
        let tok = msg.view.words[w].tok as usize;
        let mut all = true;
        while w < nw && msg.view.words[w].tok as usize == tok {
            all &= covered[w];
            w += 1;
        }
        if all && msg.claim[tok] == Claim::Free && msg.toks[tok].kind == Kind::Word {
            msg.claim[tok] = Claim::Alias;
        }
    }
}

fn find_currencies(msg: &mut Msg) {
    for i in 0..msg.toks.len() {
        let t = msg.toks[i];
        match t.kind {
            Kind::Symbol => {
                let Some(c) = msg.text(i).chars().next() else { continue };
                if c == '@' {
                    continue;
                }
                let mut code = None;
                if i > 0 && msg.toks[i - 1].kind == Kind::Word && msg.toks[i - 1].end == t.start {
                    let p = msg.text(i - 1);
                    if p.len() <= 3 && p.bytes().all(|b| b.is_ascii_alphabetic()) {
                        if let Some(cd) = price::currency_symbol(p, c) {
                            code = Some(cd);
                            msg.claim[i - 1] = Claim::Currency;
                        }
                    }
                }
                if let Some(cd) = code.or_else(|| price::currency_symbol("", c)) {
                    msg.tok_cur[i] = Some(cd);
                    msg.claim[i] = Claim::Currency;
                }
            }
            Kind::Word if msg.claim[i] == Claim::Free => {
                if let Some(cd) = price::currency_word(msg.text(i)) {
                    msg.tok_cur[i] = Some(cd);
                    msg.claim[i] = Claim::Currency;
                }
            }
            _ => {}
        }
    }
}

fn find_phones(msg: &mut Msg) {
    let n = msg.toks.len();
    let mut i = 0;
    while i < n {
        let t = msg.toks[i];
        let plus = t.kind == Kind::Punct
            && msg.text(i) == "+"
            && msg.is_word(i + 1)
            && !msg.toks[i + 1].space_before
            && pure_digits(msg.text(i + 1))
            && matches!(msg.text(i + 1).len(), 1..=4 | 7..=15);
        if plus {
            let mut j = i + 1;
            while j < n && msg.same_line(i, j) && msg.is_word(j) && pure_digits(msg.text(j)) && msg.claim[j] == Claim::Free {
                msg.claim[j] = Claim::Phone;
                j += 1;
            }
            i = j;
            continue;
        }
        if t.kind == Kind::Word && msg.claim[i] == Claim::Free && pure_digits(msg.text(i)) {
            let len = msg.text(i).len();
            if len >= 9 {
                msg.claim[i] = Claim::Phone;
                i += 1;
                continue;
            }
            // Runs of short digit groups: "9123 4567 890", or two groups after
            // a phone word ("tel 9123 4567").
            let mut j = i;
            let mut digits = 0;
            while j < n && msg.same_line(i, j) && msg.is_word(j) && msg.claim[j] == Claim::Free {
                let s = msg.text(j);
                if !pure_digits(s) || !(2..=4).contains(&s.len()) {
                    break;
                }
                digits += s.len();
                j += 1;
            }
            let phone_word = prev_word(msg, i).is_some_and(|p| {
                msg.text(p).split(['/', '-', '.', '&']).any(|w| {
                    ["tel", "phone", "call", "whatsapp", "wa", "mobile", "mob", "contact", "ph", "cell", "text", "sms", "signal", "telegram"]
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(w))
                })
            });
            if (j - i >= 3 && digits >= 9) || (phone_word && j - i >= 2 && digits >= 7) {
                for k in i..j {
                    msg.claim[k] = Claim::Phone;
                }
                i = j;
                continue;
            }
        }
        i += 1;
    }
}

/// The nearest word token before `i` on the same line (skipping light
/// punctuation), if any.
fn prev_word(msg: &Msg, i: usize) -> Option<usize> {
    let mut j = i;
    while j > 0 {
        j -= 1;
        if !msg.same_line(i, j) {
            return None;
        }
        match msg.toks[j].kind {
            Kind::Word => return Some(j),
            Kind::Punct if matches!(msg.text(j), "." | ":" | "#" | "-" | "(") => continue,
            _ => return None,
        }
    }
    None
}

fn has_price_role_before(msg: &Msg, i: usize) -> bool {
    if i > 0 && msg.toks[i - 1].kind == Kind::Symbol && msg.text(i - 1) == "@" {
        return true;
    }
    match prev_word(msg, i).and_then(|j| msg.cue_of(j)) {
        Some(c) => c.role != Role::None && c.pos != Pos::After && !LIGHT_ROLE_WORDS.contains(&c.phrase),
        None => false,
    }
}

/// "5711s" → "5711", "126610LNs" → "126610LN", "5711's" → "5711". A lower
/// case "s" after a digit or a capital is a plural, not a suffix.
fn plural_stem(text: &str) -> Option<&str> {
    let stem = text.strip_suffix("'s").or_else(|| text.strip_suffix("\u{2019}s")).or_else(|| {
        let s = text.strip_suffix('s')?;
        let last = *s.as_bytes().last()?;
        (last.is_ascii_digit() || last.is_ascii_uppercase()).then_some(s)
    })?;
    let ok = stem.len() >= 3 && stem.bytes().any(|b| b.is_ascii_digit()) && stem.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric());
    ok.then_some(stem)
}

/// Token `j` may continue a reference written with spaces after token
/// `prev`: it has a digit and either a letter ("1A", "110A-B128") or a
/// leading zero ("010"); sizes, counts, years and prices never do.
fn ref_continuation(msg: &Msg, prev: usize, j: usize) -> bool {
    if !(msg.is_word(j) && msg.same_line(prev, j) && msg.toks[j].space_before && msg.claim[j] == Claim::Free && msg.tok_cur[j].is_none()) {
        return false;
    }
    let t = msg.text(j);
    let b = t.as_bytes();
    if t.len() > 12
        || !b[0].is_ascii_alphanumeric()
        || !b.iter().any(|c| c.is_ascii_digit())
        || !b.iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'/' | b'.'))
    {
        return false;
    }
    if b.iter().any(|c| c.is_ascii_alphabetic()) {
        let unit = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        let is_unit = unit.len() < t.len() && (unit.eq_ignore_ascii_case("k") || NON_PRICE_UNITS.iter().any(|u| u.eq_ignore_ascii_case(unit)));
        !is_unit && price::parse_number(t).is_none()
    } else {
        b[0] == b'0' && pure_digits(t)
    }
}

struct RefOption {
    norm: String,
    last: usize,
    found: Vec<reference::GrammarMatch>,
}

struct RefCand {
    tok: usize,
    options: Vec<RefOption>,
    pieces: Vec<RefOption>,
    keyword: bool,
}

fn ref_option(s: &str, last: usize) -> Option<RefOption> {
    let norm = reference::normalise(s)?;
    let found = reference::matches(&norm);
    Some(RefOption { norm, last, found })
}

fn find_refs(msg: &mut Msg, ctx0: BrandSet, flagged: BrandSet, nicknames: &[(u16, &'static str)]) -> (Vec<(usize, usize, RefHit)>, BrandSet) {
    let n = msg.toks.len();
    let mut cands: Vec<RefCand> = Vec::new();
    for i in 0..n {
        if msg.toks[i].kind != Kind::Word {
            continue;
        }
        let text = msg.text(i);
        let claim = msg.claim[i];
        let join_prefix = REF_JOIN_PREFIXES.iter().any(|p| p.eq_ignore_ascii_case(text));
        if !(claim == Claim::Free || (join_prefix && claim == Claim::Alias)) {
            continue;
        }
        let mut options: Vec<(String, usize)> = Vec::new();
        let j = i + 1;
        if join_prefix && msg.is_word(j) && msg.same_line(i, j) && msg.claim[j] == Claim::Free {
            let next = msg.text(j);
            let b = next.as_bytes();
            let ok = b[0].is_ascii_digit() || (b.len() > 1 && matches!(b[0], b'v' | b'V' | b's' | b'S' | b'x' | b'X') && b[1].is_ascii_digit());
            if ok && next.len() <= 14 {
                // "RM 035 02": the rest of the reference may follow too.
                if ref_continuation(msg, j, j + 1) {
                    let cont = msg.text(j + 1);
                    for sep in ["-", "/", "."] {
                        options.push((format!("{text}{next}{sep}{cont}"), j + 1));
                    }
                }
                options.push((format!("{text}{next}"), j));
            }
        }
        // "5711s", "126610LNs", "5711's": a reference in the plural.
        let text = plural_stem(text).unwrap_or(text);
        let has_digit = text.bytes().any(|b| b.is_ascii_digit());
        // Pure numbers are references only with 4 to 6 digits, and years never.
        let year_or_odd =
            pure_digits(text) && (!(4..=6).contains(&text.len()) || (text.len() == 4 && (1950..=2035).contains(&text.parse::<u32>().unwrap_or(0))));
        if has_digit && claim == Claim::Free && !year_or_odd {
            if let Some(num) = price::parse_number(text) {
                if num.mult || num.currency.is_some() {
                    continue;
                }
            }
            // "5711 1A 010", "4500V 110A-B128": a reference written with
            // spaces for its separators; the grammars decide which fits.
            if ref_continuation(msg, i, j) {
                let a = msg.text(j);
                let k = j + 1;
                if ref_continuation(msg, j, k) {
                    let b = msg.text(k);
                    for s1 in ["/", "-", "."] {
                        for s2 in ["-", "/", "."] {
                            options.push((format!("{text}{s1}{a}{s2}{b}"), k));
                        }
                    }
                }
                for s1 in ["/", "-", "."] {
                    options.push((format!("{text}{s1}{a}"), j));
                }
            }
            if msg.is_word(j) && msg.same_line(i, j) && msg.toks[j].space_before && msg.claim[j] == Claim::Free {
                let next = msg.text(j);
                let word = REF_JOIN_SUFFIX_WORDS.iter().any(|s| s.eq_ignore_ascii_case(next));
                let capitals = next.bytes().all(|b| b.is_ascii_uppercase());
                if REF_JOIN_SUFFIXES.iter().any(|s| s.eq_ignore_ascii_case(next)) && (!word || capitals) {
                    options.push((format!("{text}{next}"), j));
                }
            }
            options.push((text.to_string(), i));
        }
        if options.is_empty() {
            continue;
        }
        let keyword = prev_word(msg, i).is_some_and(|p| REF_KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(msg.text(p))));
        // Numbers written as prices are not references.
        options.retain(|(s, last)| {
            if keyword {
                return true;
            }
            let numeric = s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'\''));
            if !numeric {
                return true;
            }
            let cur_before = i > 0 && msg.tok_cur[i - 1].is_some();
            let k = last + 1;
            // A symbol glued to the next number is that number's ("126334 $14.1k").
            let symbol_of_next = k < n
                && msg.toks[k].kind == Kind::Symbol
                && msg.is_word(k + 1)
                && msg.same_line(k, k + 1)
                && !msg.toks[k + 1].space_before
                && price::parse_number(msg.text(k + 1)).is_some();
            let cur_after = k < n && msg.tok_cur[k].is_some() && msg.same_line(i, k) && !symbol_of_next;
            let unit_after = msg.is_word(k) && msg.same_line(i, k) && {
                let u = msg.text(k);
                u.eq_ignore_ascii_case("k") || NON_PRICE_UNITS.iter().any(|x| x.eq_ignore_ascii_case(u))
            };
            let pct = k < n && msg.text(k) == "%";
            !(cur_before || cur_after || unit_after || pct || has_price_role_before(msg, i))
        });
        let pieces: Vec<RefOption> = if has_digit && claim == Claim::Free && text.contains(['/', ',', '&']) {
            text.split(['/', ',', '&']).filter(|p| p.bytes().any(|b| b.is_ascii_digit())).filter_map(|p| ref_option(p, i)).collect()
        } else {
            Vec::new()
        };
        let keyword_raw = if keyword { options.last().and_then(|(s, l)| reference::normalise(s).map(|n| (n, *l))) } else { None };
        let mut options: Vec<RefOption> = options.iter().filter_map(|(s, l)| ref_option(s, *l)).collect();
        if let Some((norm, last)) = keyword_raw {
            if options.iter().all(|o| o.found.is_empty()) {
                options.push(RefOption { norm, last, found: Vec::new() });
            }
        }
        if options.is_empty() && pieces.is_empty() {
            continue;
        }
        cands.push(RefCand { tok: i, options, pieces, keyword });
    }

    // Pass 1: references that identify their brand on their own widen the
    // context for the weaker grammars.
    let mut ref_ctx = BrandSet::default();
    for c in &cands {
        for o in &c.options {
            if let Some(b) = reference::choose(&o.norm, &o.found, BrandSet::default()).and_then(|h| h.brand) {
                ref_ctx.add(b);
            }
        }
    }
    let ctx = ctx0.union(ref_ctx);

    // Pass 2.
    let mut out = Vec::new();
    let mut consumed_until = 0usize;
    for c in cands {
        if c.tok < consumed_until {
            continue;
        }
        let mut found = false;
        for o in &c.options {
            // A brand alias that itself needs support ("PP") may vouch for a
            // reference that its brand's rules know ("PP 5711").
            // A nickname of the reference's own family may too ("16710 Coke").
            let hit = reference::choose(&o.norm, &o.found, ctx)
                .or_else(|| reference::choose(&o.norm, &o.found, ctx.union(flagged)).filter(|h| h.model.is_some()))
                .or_else(|| reference::choose_by_nickname(&o.norm, &o.found, ctx, nicknames));
            if let Some(hit) = hit {
                for k in c.tok..=o.last {
                    msg.claim[k] = Claim::Ref;
                }
                consumed_until = o.last + 1;
                out.push((c.tok, o.last, hit));
                found = true;
                break;
            }
        }
        if found {
            continue;
        }
        let mut any = false;
        for p in &c.pieces {
            if let Some(hit) = reference::choose(&p.norm, &p.found, ctx) {
                out.push((c.tok, c.tok, hit));
                any = true;
            }
        }
        if any {
            msg.claim[c.tok] = Claim::Ref;
            continue;
        }
        if c.keyword {
            if let Some(o) = c.options.last() {
                for k in c.tok..=o.last {
                    msg.claim[k] = Claim::Ref;
                }
                consumed_until = o.last + 1;
                out.push((c.tok, o.last, RefHit { text: o.norm.clone(), brand: None, model: None, needed_context: true }));
            }
        }
    }
    (out, ref_ctx)
}

struct Attached {
    /// Currency attached to the number token at each index.
    cur: Vec<Option<&'static str>>,
    /// Currency tokens that found a number.
    used: Vec<bool>,
}

fn attach_currencies(msg: &mut Msg) -> Attached {
    let n = msg.toks.len();
    let mut a = Attached { cur: vec![None; n], used: vec![false; n] };
    let num_ok = |msg: &Msg, c: usize, j: usize| -> bool {
        msg.is_word(j) && msg.same_line(c, j) && msg.claim[j] == Claim::Free && price::parse_number(msg.text(j)).is_some()
    };
    for c in 0..n {
        let Some(code) = msg.tok_cur[c] else { continue };
        let next = (c + 1 < n && num_ok(msg, c, c + 1)).then_some(c + 1);
        // Skip a glued letter prefix ("HK" of "HK$").
        let mut p = c;
        if p > 0 && msg.claim[p - 1] == Claim::Currency && msg.tok_cur[p - 1].is_none() {
            p -= 1;
        }
        let prev = (p > 0 && num_ok(msg, c, p - 1) && a.cur[p - 1].is_none()).then(|| p - 1);
        // A year or a tiny number is a poor partner when the other side is
        // a real amount ("US$14,000" after "2015").
        let weak = |j: usize| -> bool {
            match price::parse_number(msg.text(j)) {
                Some(num) => {
                    let v = num.value;
                    num.plain && (v < Decimal::from(100) || (num.int_digits == 4 && v >= Decimal::from(1950) && v <= Decimal::from(2035)))
                }
                None => true,
            }
        };
        let target = match (prev, next) {
            (Some(pv), Some(nx)) => {
                let glued_next = !msg.toks[nx].space_before;
                let glued_prev = !msg.toks[p].space_before;
                if weak(pv) && !weak(nx) {
                    nx
                } else if (weak(nx) && !weak(pv)) || (glued_prev && !glued_next) {
                    pv
                } else {
                    nx
                }
            }
            (Some(pv), None) => pv,
            (None, Some(nx)) => nx,
            (None, None) => continue,
        };
        a.cur[target] = Some(code);
        a.used[c] = true;
    }
    a
}

/// The role of the words around a price, and whether it rests only on a
/// light word ("for", "at") that also precedes years and quantities.
fn price_role(msg: &Msg, i: usize, last: usize) -> (Role, bool) {
    let mut back = Role::None;
    let mut light = false;
    let mut j = i;
    let mut steps = 0;
    while j > 0 {
        j -= 1;
        if !msg.same_line(i, j) {
            break;
        }
        match msg.toks[j].kind {
            Kind::Word => {
                if msg.claim[j] == Claim::Currency {
                    continue;
                }
                if let Some(c) = msg.cue_of(j) {
                    if c.role != Role::None && c.pos != Pos::After {
                        if LIGHT_ROLE_WORDS.contains(&c.phrase) {
                            // "bought 2023 for 14k": keep looking for a
                            // stronger word before the light one.
                            if back == Role::None {
                                back = c.role;
                                light = true;
                            }
                        } else {
                            if back == Role::None || c.role == Role::Anti || light {
                                back = c.role;
                                light = false;
                            }
                            break;
                        }
                    }
                }
                if matches!(msg.claim[j], Claim::Ref | Claim::Price) {
                    break;
                }
                steps += 1;
                if steps >= 3 {
                    break;
                }
            }
            Kind::Symbol => {
                if msg.text(j) == "@" {
                    back = Role::Ask;
                    break;
                }
            }
            // "$41k → $38.5k": the price after the arrow is the new one.
            Kind::Punct if arrow_at(msg, j) => {
                back = Role::Ask;
                light = false;
                break;
            }
            Kind::Punct if matches!(msg.text(j), ":" | "-" | "(" | "=" | "~" | "–" | "—" | "/" | "\u{fe0f}") => {}
            _ => break,
        }
    }
    let mut fwd = Role::None;
    let mut k = last + 1;
    while k < msg.toks.len() && msg.same_line(i, k) {
        if msg.tok_cur[k].is_some() || msg.claim[k] == Claim::Currency || matches!(msg.text(k), ")" | "!") {
            k += 1;
            continue;
        }
        if msg.toks[k].kind == Kind::Punct && arrow_at(msg, k) {
            fwd = Role::Anti;
            break;
        }
        if msg.toks[k].kind == Kind::Word {
            if let Some(c) = msg.cue_of(k) {
                if c.role != Role::None && c.pos != Pos::Before {
                    fwd = c.role;
                }
            }
        }
        break;
    }
    if back == Role::Anti || fwd == Role::Anti {
        (Role::Anti, false)
    } else if back != Role::None {
        (back, light)
    } else {
        (fwd, false)
    }
}

/// An arrow starts or ends at token `k`: "→", "➡", "⇒", "»", "->", "=>".
fn arrow_at(msg: &Msg, k: usize) -> bool {
    match msg.text(k) {
        "→" | "➡" | "⇒" | "⟶" | "»" | ">" => true,
        "-" | "=" | "–" => k + 1 < msg.toks.len() && msg.text(k + 1) == ">" && msg.toks[k + 1].start == msg.toks[k].end,
        _ => false,
    }
}

const LIGHT_ROLE_WORDS: &[&str] = &["for", "at", "just", "only", "now", "from", "around", "about", "approx", "circa"];

fn find_prices(msg: &mut Msg, attached: &Attached) -> (Vec<PriceCand>, Vec<(usize, usize)>) {
    let n = msg.toks.len();
    let mut out = Vec::new();
    let mut toks_out = Vec::new();
    // Prices written in thousands ("14.2", "14k"), and bare whole numbers
    // ending a reference's line ("5167A 66") that are such a price when the
    // rest of the list is written that way.
    let mut in_thousands = false;
    let mut bare_ends: Vec<(usize, Decimal)> = Vec::new();
    for i in 0..n {
        if msg.toks[i].kind != Kind::Word || msg.claim[i] != Claim::Free {
            continue;
        }
        let range = price::parse_range(msg.text(i));
        let Some(num) = price::parse_number(msg.text(i)).or(range.map(|r| r.0)) else {
            continue;
        };
        let mut value = num.value;
        let mut mult = num.mult;
        let mut last = i;
        // "$ 18 500", "5 950 EUR": thousands separated by spaces.
        if num.plain && num.int_digits <= 3 {
            let mut j = i + 1;
            let mut v = value;
            while msg.is_word(j) && msg.same_line(i, j) && msg.claim[j] == Claim::Free && msg.toks[j].space_before {
                let s = msg.text(j);
                if s.len() != 3 || !pure_digits(s) {
                    break;
                }
                v = v * Decimal::from(1000) + Decimal::from(s.parse::<u32>().unwrap_or(0));
                j += 1;
            }
            if j > i + 1 {
                let cur = attached.cur[i].or(attached.cur[j - 1]);
                let roled = has_price_role_before(msg, i);
                if cur.is_some() || roled {
                    value = v;
                    last = j - 1;
                }
            }
        }
        let k = i + 1;
        if !mult && msg.is_word(k) && msg.same_line(i, k) && msg.claim[k] == Claim::Free {
            let w = msg.text(k);
            if w.eq_ignore_ascii_case("k") {
                value = value.checked_mul(Decimal::from(1000)).unwrap_or(value);
                mult = true;
                last = k;
            } else if ["million", "mio", "mil", "mn"].iter().any(|m| m.eq_ignore_ascii_case(w)) && value < Decimal::from(100) {
                value = value.checked_mul(Decimal::from(1_000_000)).unwrap_or(value);
                mult = true;
                last = k;
            }
        }
        let after = last + 1;
        if msg.is_word(after) && msg.same_line(i, after) && msg.claim[after] != Claim::Currency {
            let u = msg.text(after);
            if NON_PRICE_UNITS.iter().any(|x| x.eq_ignore_ascii_case(u)) {
                continue;
            }
        }
        if after < n && msg.same_line(i, after) && msg.text(after) == "%" {
            continue;
        }
        if i > 0 && !msg.toks[i].space_before && matches!(msg.text(i - 1), "#" | "x" | "X") {
            continue;
        }
        let currency = num.currency.or(attached.cur[i]).or(attached.cur[last]);
        // "Selling 2 Daytonas", "3 Subs": a count in front of a watch.
        if currency.is_none() && num.plain && !mult && num.int_digits <= 2 {
            let k = last + 1;
            let watch_next =
                msg.is_word(k) && msg.same_line(i, k) && (msg.claim[k] == Claim::Ref || (msg.claim[k] == Claim::Alias && msg.tok_cue[k].is_none()));
            if watch_next {
                continue;
            }
        }
        let (mut role, light) = price_role(msg, i, last);
        if role == Role::Grade {
            // "condition 9.5" is a grade; "condition 12k" is still a price.
            if !mult && currency.is_none() && value < Decimal::from(100) {
                continue;
            }
            role = Role::None;
        }
        let sep = num.sep || last > i;
        if let Some((lo, hi)) = range {
            // "65-70k": a buyer's ceiling, a seller's floor.
            value = if role == Role::Budget { hi.value } else { lo.value };
            mult = hi.mult;
        }
        let priced = matches!(role, Role::Ask | Role::Budget);
        if num.plain && !mult && currency.is_none() && (!priced || light) && num.int_digits == 4 {
            let y: u32 = msg.text(i).parse().unwrap_or(0);
            if (1950..=2035).contains(&y) {
                continue;
            }
        }
        if !mult && (currency.is_some() || role != Role::None) {
            let small_int = num.frac_digits == 0 && value < Decimal::from(100);
            let short_decimal = num.frac_digits == 1 && value < Decimal::from(1000);
            if small_int || short_decimal {
                value = value.checked_mul(Decimal::from(1000)).unwrap_or(value);
            }
        }
        let mut strong = currency.is_some() || mult || sep || priced;
        // A bare "25.5" at the end of a listing is shorthand for 25.5k.
        let mut shorthand = false;
        if !strong && role == Role::None && num.plain_decimal() && value >= Decimal::ONE && value < Decimal::from(1000) {
            value = value.checked_mul(Decimal::from(1000)).unwrap_or(value);
            strong = true;
            shorthand = true;
        }
        if !strong && value < Decimal::from(1000) {
            let whole = num.plain && range.is_none() && role == Role::None && value >= Decimal::from(10);
            let after_ref = i > 0 && msg.claim[i - 1] == Claim::Ref && msg.toks[i].space_before;
            let line_end = (i + 1..n).take_while(|&k| msg.toks[k].kind != Kind::Newline).all(|k| msg.toks[k].kind == Kind::Punct && msg.text(k) != "?");
            if whole && after_ref && line_end {
                bare_ends.push((i, value));
            }
            continue;
        }
        in_thousands |= mult || shorthand;
        if value < Decimal::from(100) || value > Decimal::from(100_000_000) {
            continue;
        }
        let mut score = 0;
        if currency.is_some() {
            score += 4;
        }
        if mult {
            score += 3;
        }
        if sep {
            score += 2;
        }
        if shorthand {
            score += 1;
        }
        match role {
            Role::Ask | Role::Budget if light => score += 2,
            Role::Ask | Role::Budget => score += 4,
            Role::Anti => score -= 10,
            Role::None | Role::Grade => {}
        }
        if !strong {
            score += 1;
        }
        for c in msg.claim.iter_mut().take(last + 1).skip(i) {
            *c = Claim::Price;
        }
        out.push(PriceCand { value: value.normalize(), currency, score, role, bare_four: !strong && num.int_digits == 4 });
        toks_out.push((i, last));
    }
    if in_thousands {
        for (i, value) in bare_ends {
            msg.claim[i] = Claim::Price;
            out.push(PriceCand { value: (value * Decimal::from(1000)).normalize(), currency: None, score: 2, role: Role::None, bare_four: false });
            toks_out.push((i, i));
        }
    }
    (out, toks_out)
}

// ---------------------------------------------------------------------------
// Grouping mentions into items

struct Grouped {
    items: Vec<Item>,
    /// Prices seen before the first watch (e.g. a "Budget 50k" header).
    pool: Vec<usize>,
    /// Cues of all lines without a watch.
    global: Vec<u16>,
    /// Currency stated in a line without a watch ("All USD").
    msg_currency: Option<&'static str>,
    /// All cues of the message.
    all_cues: Vec<u16>,
    all_prices: Vec<usize>,
}

struct Line {
    first: usize,
    end: usize,
    marker: bool,
    has_identity: bool,
    brand_only: bool,
}

fn line_marker(msg: &Msg, t: usize) -> bool {
    let tok = msg.toks[t];
    match tok.kind {
        Kind::Punct => msg.text(t) != "?" && msg.text(t) != "(",
        Kind::Word => {
            let s = msg.text(t);
            s.len() <= 2 && pure_digits(s) && t + 1 < msg.toks.len() && !msg.toks[t + 1].space_before && matches!(msg.text(t + 1), ")" | "." | ":" | "-")
        }
        _ => false,
    }
}

fn is_strong_deal(c: u16) -> bool {
    let cue = &CUES[c as usize];
    cue.weight >= 3 && matches!(cue.deal, Deal::Sale | Deal::Want)
}

fn group(msg: &Msg, mentions: &[Mention], cands: &[PriceCand]) -> Grouped {
    // First token of every line.
    let mut line_start: Vec<usize> = Vec::new();
    for (k, t) in msg.toks.iter().enumerate() {
        if t.kind != Kind::Newline {
            while line_start.len() <= t.line as usize {
                line_start.push(usize::MAX);
            }
            if line_start[t.line as usize] == usize::MAX {
                line_start[t.line as usize] = k;
            }
        }
    }
    // Lines holding mentions.
    let mut lines: Vec<Line> = Vec::new();
    let mut i = 0;
    while i < mentions.len() {
        let line_no = msg.toks[mentions[i].tok].line;
        let mut j = i;
        while j < mentions.len() && msg.toks[mentions[j].tok].line == line_no {
            j += 1;
        }
        let ms = &mentions[i..j];
        let first_tok = match line_start.get(line_no as usize) {
            Some(&k) if k != usize::MAX => k,
            _ => ms[0].tok,
        };
        let has_identity = ms.iter().any(|m| m.kind.is_identity());
        let brand_only = has_identity && ms.iter().all(|m| !matches!(m.kind, MKind::Model(_) | MKind::Ref(_) | MKind::Price(_)));
        lines.push(Line { first: i, end: j, marker: line_marker(msg, first_tok), has_identity, brand_only });
        i = j;
    }

    let mut g = Grouped { items: Vec::new(), pool: Vec::new(), global: Vec::new(), msg_currency: None, all_cues: Vec::new(), all_prices: Vec::new() };
    let mut header: Vec<u16> = Vec::new();
    let mut header_brand: Option<u16> = None;
    // identity_after[k]: some line at index >= k has a watch.
    let mut identity_after = vec![false; lines.len() + 1];
    for k in (0..lines.len()).rev() {
        identity_after[k] = identity_after[k + 1] || lines[k].has_identity;
    }
    for (li, line) in lines.iter().enumerate() {
        let ms = &mentions[line.first..line.end];
        let cues: Vec<u16> = ms.iter().filter_map(|m| if let MKind::Cue(c) = m.kind { Some(c) } else { None }).collect();
        let prices: Vec<usize> = ms.iter().filter_map(|m| if let MKind::Price(p) = m.kind { Some(p) } else { None }).collect();
        let float = ms.iter().find_map(|m| if let MKind::Float(c) = m.kind { Some(c) } else { None });
        g.all_cues.extend(&cues);
        g.all_prices.extend(&prices);
        let later_identity = identity_after[li + 1];
        let next_identity = lines.get(li + 1).is_some_and(|l| l.has_identity);

        if line.brand_only && next_identity {
            // "Rolex:" above a list: a header naming the brand.
            header_brand = ms.iter().rev().find_map(|m| if let MKind::Brand(b) = m.kind { Some(b) } else { None });
            if !cues.is_empty() {
                if g.items.is_empty() {
                    header.extend(&cues);
                } else {
                    header = cues.clone();
                }
            }
            g.global.extend(&cues);
            if let Some(c) = float {
                g.msg_currency.get_or_insert(c);
            }
            continue;
        }
        if !line.has_identity {
            if let Some(c) = float {
                g.msg_currency.get_or_insert(c);
            }
            g.global.extend(&cues);
            if g.items.is_empty() {
                header.extend(&cues);
                g.pool.extend(&prices);
            } else if later_identity && cues.iter().any(|&c| is_strong_deal(c)) {
                header = cues;
            } else if let Some(last) = g.items.last_mut() {
                last.cues.extend(&cues);
                last.prices.extend(&prices);
            }
            continue;
        }

        // A line with at least one watch.
        let can_continue = g.items.last().is_some_and(|it| it.refs.is_empty() && it.prices.is_empty()) && !line.marker;
        let mut cur = Item::new(&header, header_brand);
        if can_continue {
            if let Some(last) = g.items.pop() {
                // The continued item must not clash with this line's first watch.
                let clash = ms.iter().find(|m| m.kind.is_identity()).is_some_and(|m| last.conflicts(&m.kind, Gap::default()));
                if clash {
                    g.items.push(last);
                } else {
                    cur = last;
                }
            }
        }
        let first_item = g.items.len();
        let mut has_id = cur.has_watch() || !cur.brands.is_empty();
        let mut price_seen = false;
        let mut seen_id = false;
        let mut prefix_cues: Vec<u16> = Vec::new();
        let mut prefix_prices: Vec<usize> = Vec::new();
        let mut line_q = false;
        let mut tail_cues: Vec<u16> = Vec::new();
        // The previous watch mention on the line: its last token and, for a
        // model name, its brand.
        let mut prev_id: Option<(usize, Option<u16>)> = None;
        let mut deal_cue = false;
        for m in ms {
            match &m.kind {
                k if k.is_identity() => {
                    let adjacent_model = match (k, prev_id) {
                        (MKind::Model(mr), Some((end, Some(b)))) => b == mr.brand && end + 1 == m.tok,
                        _ => false,
                    };
                    let gap = Gap { price_seen, adjacent_model, deal_cue };
                    if has_id && cur.conflicts(k, gap) {
                        let mut next = Item::new(&header, header_brand);
                        // "… 19k, WTB 126710BLRO", "… or trade for 126610LV",
                        // "WTS 126610LN, WTB 126710BLRO": an explicit marker
                        // right before the next watch introduces it.
                        for c in tail_cues.drain(..) {
                            if is_strong_deal(c) {
                                if let Some(pos) = cur.cues.iter().rposition(|&x| x == c) {
                                    cur.cues.remove(pos);
                                }
                                next.cues.push(c);
                            }
                        }
                        g.items.push(std::mem::replace(&mut cur, next));
                        price_seen = false;
                    }
                    tail_cues.clear();
                    deal_cue = false;
                    prev_id = Some((
                        m.end,
                        match k {
                            MKind::Model(mr) => Some(mr.brand),
                            _ => None,
                        },
                    ));
                    cur.add_identity(k.clone());
                    has_id = true;
                    seen_id = true;
                }
                MKind::Price(p) => {
                    tail_cues.clear();
                    if seen_id {
                        cur.prices.push(*p);
                        // A bare number ("Speedmaster 3861 310.30…") may be a
                        // calibre; only a written price closes the watch.
                        price_seen |= !cands[*p].bare_four;
                    } else {
                        prefix_prices.push(*p);
                    }
                }
                MKind::Cue(c) => {
                    if seen_id {
                        cur.cues.push(*c);
                        tail_cues.push(*c);
                        deal_cue |= !matches!(CUES[*c as usize].deal, Deal::None | Deal::Chat);
                    } else {
                        prefix_cues.push(*c);
                    }
                }
                MKind::Question => {
                    if seen_id {
                        cur.question = true;
                    } else {
                        line_q = true;
                    }
                }
                _ => {}
            }
        }
        g.items.push(cur);
        // "Daytona 116520 Zenith 2003 $24k": a brand named after a watch and
        // followed by no watch of its own describes that watch (its
        // movement, a collaboration), it is no watch of its own.
        let mut k = first_item + 1;
        while k < g.items.len() {
            let it = &g.items[k];
            let prev = &g.items[k - 1];
            if it.models.is_empty() && it.refs.is_empty() && prev.has_watch() && prev.prices.is_empty() {
                let it = g.items.remove(k);
                let prev = &mut g.items[k - 1];
                prev.prices.extend(it.prices);
                prev.cues.extend(it.cues);
                prev.question |= it.question;
            } else {
                k += 1;
            }
        }
        // "A + B, 15k and 13k": as many prices as watches, but bunched up.
        let line_items = &mut g.items[first_item..];
        if line_items.len() >= 2 && line_items.iter().any(|it| it.prices.is_empty()) {
            let mut all: Vec<usize> = prefix_prices.clone();
            for it in line_items.iter() {
                all.extend(&it.prices);
            }
            if all.len() == line_items.len() {
                all.sort_unstable();
                for (it, p) in line_items.iter_mut().zip(all) {
                    it.prices = vec![p];
                }
                prefix_prices.clear();
            }
        }
        // "5711 or 5712, up to 140k": a budget covers every watch on the line.
        let line_items = &mut g.items[first_item..];
        if line_items.len() >= 2 {
            let budget = line_items.iter().flat_map(|it| it.prices.iter()).copied().find(|&p| cands[p].role == Role::Budget);
            if let Some(b) = budget {
                for it in line_items.iter_mut() {
                    if it.prices.is_empty() {
                        it.prices.push(b);
                    }
                }
            }
        }
        let shared: Vec<u16> = cues.iter().copied().filter(|&c| CUES[c as usize].deal != Deal::Sold).collect();
        for (k, it) in g.items[first_item..].iter_mut().enumerate() {
            it.line_cues = shared.clone();
            // "Looking for: A, B. Selling: C 14k": a watch with its own
            // marker keeps it over the line's opening marker.
            let own_marker = it.cues.iter().any(|&c| is_strong_deal(c));
            it.cues.extend(prefix_cues.iter().filter(|&&c| !(own_marker && is_strong_deal(c))));
            if k == 0 {
                it.prices.extend(&prefix_prices);
            }
            if it.line_currency.is_none() {
                it.line_currency = float;
            }
            it.question |= line_q;
        }
    }
    g
}

// ---------------------------------------------------------------------------
// Signals

#[derive(Clone, Copy, PartialEq, Eq)]
enum DealSource {
    Cue,
    Price,
    Default,
}

#[derive(Default)]
struct Tally {
    sale: u32,
    want: u32,
    check: u32,
    /// Check weight from phrases of weight 2 or more.
    strong_check: u32,
    /// Trade / swap offers.
    trade: u32,
    sold: bool,
}

fn tally(cues: &[u16]) -> Tally {
    let mut t = Tally::default();
    for &c in cues {
        let cue = &CUES[c as usize];
        let w = cue.weight as u32;
        match cue.deal {
            Deal::Sale => t.sale += w,
            Deal::Want => t.want += w,
            Deal::Check => {
                t.check += w;
                if w >= 2 {
                    t.strong_check += w;
                }
            }
            Deal::Sold => t.sold = true,
            Deal::Trade => t.trade += w,
            Deal::None | Deal::Chat => {}
        }
    }
    t
}

fn decide_deal(it: &Item, has_price: bool) -> (DealType, DealSource) {
    let own = tally(&it.cues);
    let own_has = own.sold || own.sale + own.want + own.check + own.trade > 0;
    let line = if own_has { Tally::default() } else { tally(&it.line_cues) };
    let hdr = tally(&it.header);
    if own.sold || (hdr.sold && own.sale < 2 && own.want < 2) {
        return (DealType::Other, DealSource::Cue);
    }
    let sale = own.sale + line.sale + hdr.sale;
    let want = own.want + line.want + hdr.want;
    // A swap offer is no listing, unless the watch also has a price
    // ("19k, open to trades").
    let trade = if has_price { 0 } else { own.trade + line.trade + hdr.trade };
    let check = own.check + line.check + hdr.check + trade;
    let strong_check = own.strong_check + line.strong_check + hdr.strong_check + trade;
    // "best price in the market, 14k": a passing mention of the market is
    // no price check when a price is given.
    let check = if strong_check == 0 && sale == 0 && want == 0 && has_price { 0 } else { check };
    if sale == 0 && want == 0 && check == 0 {
        return if has_price { (DealType::ForSale, DealSource::Price) } else { (DealType::Other, DealSource::Default) };
    }
    if check >= sale && check >= want {
        (DealType::Other, DealSource::Cue)
    } else if want >= sale {
        (DealType::Wanted, DealSource::Cue)
    } else {
        (DealType::ForSale, DealSource::Cue)
    }
}

fn sentiment_of(cues: &[u16]) -> Option<Sentiment> {
    let mut mot = 0;
    let mut firm = 0;
    let mut last = None;
    for &c in cues {
        match CUES[c as usize].sentiment {
            Some(Sentiment::Motivated) => {
                mot += 1;
                last = Some(Sentiment::Motivated);
            }
            Some(Sentiment::Firm) => {
                firm += 1;
                last = Some(Sentiment::Firm);
            }
            _ => {}
        }
    }
    match mot.cmp(&firm) {
        std::cmp::Ordering::Greater => Some(Sentiment::Motivated),
        std::cmp::Ordering::Less => Some(Sentiment::Firm),
        std::cmp::Ordering::Equal => last,
    }
}

fn best_price<'p>(idx: &[usize], prices: &'p [PriceCand]) -> Option<&'p PriceCand> {
    let mut best: Option<&PriceCand> = None;
    for &i in idx {
        let p = &prices[i];
        if p.score > 0 && best.is_none_or(|b| p.score > b.score) {
            best = Some(p);
        }
    }
    best
}

fn single_currency(prices: &[PriceCand]) -> Option<&'static str> {
    let mut found: Option<&'static str> = None;
    for p in prices {
        if let Some(c) = p.currency {
            match found {
                None => found = Some(c),
                Some(f) if f != c => return None,
                _ => {}
            }
        }
    }
    found
}

fn build_signals(g: &Grouped, prices: &[PriceCand]) -> Vec<Signal> {
    let fallback_currency = g.msg_currency.or_else(|| single_currency(prices));
    if g.items.is_empty() {
        return vec![chatter_signal(g, prices, fallback_currency)];
    }
    let single = g.items.len() == 1;
    let mut out = Vec::with_capacity(g.items.len());
    for it in &g.items {
        let r = it.refs.first();
        let explicit = it.brands.first().copied();
        let strong_model = it.models.iter().find(|m| !m.weak);
        let mut brand = r.and_then(|r| r.brand).or(explicit).or(strong_model.map(|m| m.brand));
        let brand_stated = brand.is_some();
        if brand.is_none() {
            brand = it.header_brand;
        }
        if brand.is_none() {
            brand = it.models.iter().find(|m| m.weak).map(|m| m.brand);
        }
        let mut ambiguous = false;
        let text_model = it.models.iter().find(|m| !m.weak && Some(m.brand) == brand);
        let ref_model = r.filter(|r| r.brand.is_some() && r.brand == brand).and_then(|r| r.model.clone());
        // The reference decides the family unless the text names another
        // family outright ("Santos-Dumont" for a WxSA reference).
        let ref_model = match (ref_model, text_model) {
            (Some(rm), Some(tm)) if first_word(&rm) != first_word(tm.name()) => None,
            (rm, _) => rm,
        };
        let model: Option<String> = ref_model.or_else(|| text_model.map(|m| m.name().to_string())).or_else(|| {
            it.models.iter().find(|m| m.weak && Some(m.brand) == brand).map(|m| {
                ambiguous = m.ambiguous;
                m.name().to_string()
            })
        });

        let mut price_idx: &[usize] = &it.prices;
        if price_idx.is_empty() && single {
            price_idx = &g.pool;
        }
        let mut price = best_price(price_idx, prices);
        let (deal_type, source) = decide_deal(it, price.is_some());
        // Sold notices, price checks and swaps carry no deal price: a figure
        // there is a past sale, a market level or an offer received.
        if deal_type == DealType::Other {
            price = None;
        }
        let currency = price.and_then(|p| p.currency.or(it.line_currency).or(fallback_currency));
        let sentiment = sentiment_of(&it.cues)
            .or_else(|| sentiment_of(&it.line_cues))
            .or_else(|| sentiment_of(&it.header))
            .or_else(|| sentiment_of(&g.global))
            .unwrap_or(Sentiment::Neutral);

        let mut conf: f32 = 1.0;
        if brand.is_none() {
            conf -= 0.35;
        } else if !brand_stated {
            conf -= 0.05;
        }
        if model.is_none() {
            conf -= 0.1;
        }
        if r.is_none() {
            conf -= 0.1;
        } else if r.is_some_and(|r| r.needed_context) {
            conf -= 0.05;
        }
        if ambiguous {
            conf -= 0.1;
        }
        match source {
            DealSource::Cue => {}
            DealSource::Price => conf -= 0.1,
            DealSource::Default => conf -= 0.15,
        }
        if it.question && source != DealSource::Cue {
            conf -= 0.1;
        }
        if price.is_none() && deal_type != DealType::Other {
            conf -= 0.1;
        }
        out.push(Signal {
            deal_type,
            brand: brand.map(|b| BRANDS[b as usize].name.to_string()),
            model,
            reference: r.map(|r| r.text.clone()),
            price: price.map(|p| p.value),
            currency: currency.map(str::to_string),
            sentiment,
            confidence: conf.clamp(0.05, 1.0),
        });
    }
    out
}

/// A message without any watch: chatter, or a bare "WTS/WTB" notice.
fn chatter_signal(g: &Grouped, prices: &[PriceCand], fallback_currency: Option<&'static str>) -> Signal {
    let mut sale = 0;
    let mut want = 0;
    let mut sold = false;
    let mut chat = false;
    for &c in &g.all_cues {
        let cue = &CUES[c as usize];
        if cue.deal == Deal::Sold && cue.weight >= 3 {
            sold = true;
        }
        if cue.weight >= 3 {
            match cue.deal {
                Deal::Sale => sale += 1,
                Deal::Want => want += 1,
                Deal::Chat => chat = true,
                _ => {}
            }
        }
    }
    // "WTS/WTB only", "post with WTS or WTB tags": markers named, not used.
    let generic = sale > 0 && want > 0;
    let deal_type = if sold || chat || generic || (sale == 0 && want == 0) {
        DealType::Other
    } else if want >= sale {
        DealType::Wanted
    } else {
        DealType::ForSale
    };
    let price = if deal_type == DealType::Other { None } else { best_price(&g.all_prices, prices) };
    let currency = price.and_then(|p| p.currency.or(fallback_currency));
    Signal {
        deal_type,
        brand: None,
        model: None,
        reference: None,
        price: price.map(|p| p.value),
        currency: currency.map(str::to_string),
        sentiment: sentiment_of(&g.all_cues).unwrap_or(Sentiment::Neutral),
        confidence: if deal_type == DealType::Other { 0.5 } else { 0.3 },
    }
}
