//! Reference-number recognition: a candidate (upper case, no spaces) is
//! tried against every brand's grammars in `catalog.rs`; the reference →
//! model rules give the family.

use super::catalog::{Brand, BRANDS};
use super::pattern;

/// A small set of brand indices (the catalog has at most 128 brands).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct BrandSet(u128);

impl BrandSet {
    pub(super) fn add(&mut self, b: u16) {
        if b < 128 {
            self.0 |= 1u128 << b;
        }
    }
    pub(super) fn has(&self, b: u16) -> bool {
        b < 128 && self.0 & (1u128 << b) != 0
    }
    pub(super) fn union(self, o: BrandSet) -> BrandSet {
        BrandSet(self.0 | o.0)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct RefHit {
    /// Upper case, no spaces: "126610LN", "5711/1A-010", "RM035-02".
    pub text: String,
    pub brand: Option<u16>,
    pub model: Option<String>,
    /// Accepted only because the brand was mentioned (a weaker match).
    pub needed_context: bool,
}

/// Upper-cases a candidate and checks it only has reference characters.
pub(super) fn normalise(raw: &str) -> Option<String> {
    if raw.len() < 3 || raw.len() > 40 {
        return None;
    }
    let mut s = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            'a'..='z' => s.push(c.to_ascii_uppercase()),
            'A'..='Z' | '0'..='9' | '/' | '.' | '-' => s.push(c),
            ' ' => {}
            _ => return None,
        }
    }
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s)
}

/// The model for a reference of `brand`, from the brand's rules.
pub(super) fn model_for(brand: &Brand, norm: &str) -> Option<String> {
    // "M126610LN-0001" / "M79030N-0001": the web form's leading M.
    let key = match norm.as_bytes() {
        [b'M', d, ..] if d.is_ascii_digit() => &norm[1..],
        _ => norm,
    };
    let first = key.as_bytes().first().copied().unwrap_or(0);
    for rule in brand.ref_models {
        if first >= 128 || rule.first & (1u128 << first) == 0 || !key.starts_with(rule.literal) {
            continue;
        }
        if pattern::prefix_match(rule.pattern, key) {
            if rule.model == "@" {
                return Some(head_model(key));
            }
            return Some(rule.model.to_string());
        }
    }
    None
}

/// "RM035-02" → "RM 035", "RM11-03" → "RM 11".
fn head_model(norm: &str) -> String {
    let letters: String = norm.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let rest = norm[letters.len()..].trim_start_matches('-');
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() {
        letters
    } else {
        format!("{letters} {digits}")
    }
}

/// One grammar of one brand that matches a candidate.
#[derive(Clone, Debug)]
pub(super) struct GrammarMatch {
    brand: u16,
    needs_context: bool,
    needs_rule: bool,
    model: Option<String>,
}

/// Every brand grammar matching `norm`, whatever the context.
pub(super) fn matches(norm: &str) -> Vec<GrammarMatch> {
    let mut out = Vec::new();
    let Some(&first) = norm.as_bytes().first() else {
        return out;
    };
    for (bi, b) in BRANDS.iter().enumerate() {
        let mut model: Option<Option<String>> = None;
        for g in b.grammars {
            let fits = norm.len() >= g.min_len && norm.len() <= g.max_len;
            if !fits || first >= 128 || g.first & (1u128 << first) == 0 || !pattern::full_match(g.pattern, norm) {
                continue;
            }
            let m = model.get_or_insert_with(|| model_for(b, norm)).clone();
            out.push(GrammarMatch { brand: bi as u16, needs_context: g.needs_context, needs_rule: g.needs_rule, model: m });
        }
    }
    out
}

/// Picks the best supported brand among the grammar matches. `context`
/// holds the brands evident in the message; grammars that need context
/// only count for those brands.
pub(super) fn choose(norm: &str, found: &[GrammarMatch], context: BrandSet) -> Option<RefHit> {
    let mut best: Option<(i32, &GrammarMatch, bool)> = None;
    for gm in found {
        let in_ctx = context.has(gm.brand);
        let has_model = gm.model.is_some();
        let ok = match (gm.needs_context, gm.needs_rule) {
            (false, false) => true,
            (false, true) => has_model || in_ctx,
            (true, false) => in_ctx,
            (true, true) => in_ctx && has_model,
        };
        if !ok {
            continue;
        }
        let needed_context = gm.needs_context || (gm.needs_rule && !has_model);
        let score = if needed_context { 1 } else { 4 } + if has_model { 2 } else { 0 } + if in_ctx { 3 } else { 0 };
        if best.as_ref().is_none_or(|(s, ..)| score > *s) {
            best = Some((score, gm, needed_context));
        }
    }
    best.map(|(_, gm, needed_context)| RefHit { text: norm.to_string(), brand: Some(gm.brand), model: gm.model.clone(), needed_context })
}

fn family(model: &str) -> &str {
    model.split(' ').next().unwrap_or(model)
}

/// A reference that needs its brand to be evident, vouched for instead by
/// a nickname of the family its brand's rules give it ("16710 Coke",
/// "Pepsi 1675"): `nicknames` are (brand, model) of the nicknames found.
pub(super) fn choose_by_nickname(norm: &str, found: &[GrammarMatch], context: BrandSet, nicknames: &[(u16, &str)]) -> Option<RefHit> {
    let vouched = |brand: u16, model: &str| nicknames.iter().any(|&(b, n)| b == brand && family(n) == family(model));
    let mut extra = context;
    for gm in found {
        if gm.model.as_deref().is_some_and(|m| vouched(gm.brand, m)) {
            extra.add(gm.brand);
        }
    }
    if extra == context {
        return None;
    }
    choose(norm, found, extra).filter(|h| matches!((h.brand, h.model.as_deref()), (Some(b), Some(m)) if vouched(b, m))).map(|mut h| {
        h.needed_context = true;
        h
    })
}

/// `matches` then `choose`.
#[cfg(test)]
pub(super) fn classify(norm: &str, context: BrandSet) -> Option<RefHit> {
    choose(norm, &matches(norm), context)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brand_index(name: &str) -> u16 {
        BRANDS.iter().position(|b| b.name == name).unwrap() as u16
    }

    fn alone(r: &str) -> Option<(String, Option<String>)> {
        let n = normalise(r)?;
        classify(&n, BrandSet::default()).map(|h| (BRANDS[h.brand.unwrap() as usize].name.to_string(), h.model))
    }

    fn with(r: &str, brand: &str) -> Option<(String, Option<String>)> {
        let n = normalise(r)?;
        let mut ctx = BrandSet::default();
        ctx.add(brand_index(brand));
        classify(&n, ctx).map(|h| (BRANDS[h.brand.unwrap() as usize].name.to_string(), h.model))
    }

    fn is(r: &str, brand: &str, model: Option<&str>) {
        let got = alone(r);
        assert_eq!(got, Some((brand.to_string(), model.map(str::to_string))), "reference {r}");
    }

    #[test]
    fn rolex() {
        is("126610LN", "Rolex", Some("Submariner Date"));
        is("126610lv", "Rolex", Some("Submariner Date"));
        is("124060", "Rolex", Some("Submariner"));
        is("126500LN", "Rolex", Some("Daytona"));
        is("116500LN", "Rolex", Some("Daytona"));
        is("126710BLRO", "Rolex", Some("GMT-Master II"));
        is("126720VTNR", "Rolex", Some("GMT-Master II"));
        is("126334", "Rolex", Some("Datejust 41"));
        is("126234", "Rolex", Some("Datejust 36"));
        is("228238", "Rolex", Some("Day-Date"));
        is("224270", "Rolex", Some("Explorer"));
        is("226570", "Rolex", Some("Explorer II"));
        is("126600", "Rolex", Some("Sea-Dweller"));
        is("136660", "Rolex", Some("Deepsea"));
        is("226659", "Rolex", Some("Yacht-Master"));
        is("336934", "Rolex", Some("Sky-Dweller"));
        is("126000", "Rolex", Some("Oyster Perpetual"));
        is("116400GV", "Rolex", Some("Milgauss"));
        is("126900", "Rolex", Some("Air-King"));
        is("M126610LN-0001", "Rolex", Some("Submariner Date"));
        is("16610LN", "Rolex", Some("Submariner Date"));
        // Pure five/four digits need Rolex to be mentioned.
        assert_eq!(alone("16610"), None);
        assert_eq!(with("16610", "Rolex"), Some(("Rolex".into(), Some("Submariner Date".into()))));
        assert_eq!(with("1675", "Rolex"), Some(("Rolex".into(), Some("GMT-Master".into()))));
        // Prices and years are not references.
        for p in ["120000", "650000", "115000", "14500", "2023", "168000"] {
            assert_eq!(alone(p), None, "{p}");
        }
        assert_eq!(with("2023", "Rolex"), None);
        assert_eq!(with("14500", "Rolex"), None);
    }

    #[test]
    fn patek() {
        is("5711/1A-010", "Patek Philippe", Some("Nautilus"));
        is("5711/1A", "Patek Philippe", Some("Nautilus"));
        is("5726/1A", "Patek Philippe", Some("Nautilus"));
        is("5167A", "Patek Philippe", Some("Aquanaut"));
        is("5990/1A-011", "Patek Philippe", Some("Nautilus"));
        is("5712/1A", "Patek Philippe", Some("Nautilus"));
        is("5270P", "Patek Philippe", Some("Grand Complications"));
        is("5227G", "Patek Philippe", Some("Calatrava"));
        // The best-known four-digit references stand alone; others need Patek.
        is("5711", "Patek Philippe", Some("Nautilus"));
        assert_eq!(alone("3940"), None);
        assert_eq!(with("3940", "Patek Philippe"), Some(("Patek Philippe".into(), Some("Grand Complications".into()))));
    }

    #[test]
    fn audemars() {
        is("15500ST.OO.1220ST.01", "Audemars Piguet", Some("Royal Oak"));
        is("15500ST", "Audemars Piguet", Some("Royal Oak"));
        is("26331ST", "Audemars Piguet", Some("Royal Oak Chronograph"));
        is("15202ST", "Audemars Piguet", Some("Royal Oak"));
        is("15202ST.OO.1240ST.01", "Audemars Piguet", Some("Royal Oak"));
        is("26470ST", "Audemars Piguet", Some("Royal Oak Offshore"));
        is("15210OR", "Audemars Piguet", Some("Code 11.59"));
        assert_eq!(with("15202", "Audemars Piguet"), Some(("Audemars Piguet".into(), Some("Royal Oak".into()))));
    }

    #[test]
    fn other_brands() {
        is("310.30.42.50.01.001", "Omega", Some("Speedmaster"));
        is("210.30.42.20.01.010", "Omega", Some("Seamaster"));
        assert_eq!(alone("191.032"), None);
        assert_eq!(with("191.032", "A. Lange & Söhne"), Some(("A. Lange & Söhne".into(), Some("Lange 1".into()))));
        is("RM035-02", "Richard Mille", Some("RM 035"));
        is("RM11-03", "Richard Mille", Some("RM 11"));
        is("RM011", "Richard Mille", Some("RM 011"));
        is("Q1368470", "Jaeger-LeCoultre", Some("Master Ultra Thin"));
        is("Q3858520", "Jaeger-LeCoultre", Some("Reverso"));
        is("WSSA0018", "Cartier", Some("Santos"));
        is("WGSA0030", "Cartier", Some("Santos"));
        is("WSTA0041", "Cartier", Some("Tank"));
        is("IW371605", "IWC", Some("Portugieser"));
        is("PAM01312", "Panerai", Some("Luminor"));
        is("PAM1312", "Panerai", Some("Luminor"));
        is("SBGA211", "Grand Seiko", Some("Snowflake"));
        is("79030N", "Tudor", Some("Black Bay 58"));
        is("M79030N-0001", "Tudor", Some("Black Bay 58"));
        is("25600TB", "Tudor", Some("Pelagos"));
        is("4500V/110A-B128", "Vacheron Constantin", Some("Overseas"));
        is("AB0138241B1P1", "Breitling", Some("Navitimer"));
        is("AB0138211B1A1", "Breitling", Some("Navitimer"));
        is("411.NX.1170.RX", "Hublot", Some("Big Bang"));
        is("CBL2111.FC6453", "TAG Heuer", Some("Monaco"));
        is("WAY201A.BA0927", "TAG Heuer", Some("Aquaracer"));
        is("298600-3001", "Chopard", Some("Alpine Eagle"));
        is("G0A41001", "Piaget", Some("Polo"));
        is("5015-1130-52A", "Blancpain", Some("Fifty Fathoms"));
        is("5177BA/29/9V6", "Breguet", Some("Classique"));
        is("81010-11-431-11A", "Girard-Perregaux", Some("Laureato"));
        is("1183-170-3/43", "Ulysse Nardin", Some("Diver"));
        is("1-36-04-01-02-04", "Glashütte Original", Some("Senator"));
        is("L3.781.4.96.6", "Longines", Some("HydroConquest"));
        is("BR03-92-S", "Bell & Ross", Some("BR 03"));
        is("SKX007K", "Seiko", Some("SKX"));
        is("T137.407.11.041.00", "Tissot", Some("PRX"));
        is("H70455533", "Hamilton", Some("Khaki Field"));
        is("03.3100.3600/69.M3100", "Zenith", Some("Chronomaster"));
    }

    #[test]
    fn every_context_free_example_identifies_its_brand() {
        for b in BRANDS {
            for g in b.grammars {
                for e in g.examples {
                    let n = normalise(e).unwrap();
                    let mut ctx = BrandSet::default();
                    if g.needs_context {
                        ctx.add(brand_index(b.name));
                    }
                    let hit = classify(&n, ctx);
                    if g.needs_context || !g.needs_rule {
                        let hit = hit.unwrap_or_else(|| panic!("{} {e}", b.name));
                        assert_eq!(BRANDS[hit.brand.unwrap() as usize].name, b.name, "{e}");
                    } else if let Some(hit) = hit {
                        assert_eq!(BRANDS[hit.brand.unwrap() as usize].name, b.name, "{e}");
                    }
                }
            }
        }
    }

    #[test]
    fn not_references() {
        for s in ["2023", "03/2024", "41mm", "14500", "4350", "12.03.2024", "B01", "300M", "2x"] {
            assert_eq!(alone(s), None, "{s}");
        }
    }
}
