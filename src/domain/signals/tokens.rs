//! Lexing: raw tokens (words keep their inner joiners, so `5711/1A-010`,
//! `14,500`, `165'000` and `GMT-Master` stay whole) and a normalised
//! word view (lower case, accents folded, split at joiners) used for
//! phrase matching against the catalog and the cue lexicon.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// Letters/digits, possibly with inner joiners (`.` `/` `-` `'` `,` `&`).
    Word,
    /// Currency symbols and `@`.
    Symbol,
    /// Any other visible character (punctuation, emoji, bullets, `?`).
    Punct,
    Newline,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Tok {
    pub kind: Kind,
    pub start: u32,
    pub end: u32,
    pub line: u32,
    /// Whitespace (or the start of the text/line) right before the token.
    pub space_before: bool,
}

impl Tok {
    pub(super) fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start as usize..self.end as usize]
    }
}

pub(super) fn is_joiner(c: char) -> bool {
    matches!(c, '.' | '/' | '-' | '\'' | '\u{2019}' | ',' | '&')
}

fn joiner_ok(prev: char, joiner: char, next: char) -> bool {
    match joiner {
        ',' => prev.is_ascii_digit() && next.is_ascii_digit(),
        '&' => prev.is_alphabetic() && next.is_alphabetic(),
        _ => true,
    }
}

pub(super) fn is_symbol(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '₹' | '₩' | '฿' | '₽' | '₣' | '₺' | '₪' | '₫' | '₱' | '@')
}

/// Splits `src` into tokens. Offsets are byte offsets into `src`.
pub(super) fn lex(src: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(src.len() / 3 + 4);
    let mut line = 0u32;
    let mut space = true;
    let mut it = src.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == '\n' {
            out.push(Tok { kind: Kind::Newline, start: i as u32, end: i as u32 + 1, line, space_before: space });
            line += 1;
            space = true;
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            let mut prev = c;
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphanumeric() {
                    it.next();
                    end = j + d.len_utf8();
                    prev = d;
                } else if is_joiner(d) {
                    let after = src[j + d.len_utf8()..].chars().next();
                    match after {
                        Some(a) if a.is_alphanumeric() && joiner_ok(prev, d, a) => {
                            it.next();
                            end = j + d.len_utf8();
                            prev = d;
                        }
                        _ => break,
                    }
                } else {
                    break;
                }
            }
            out.push(Tok { kind: Kind::Word, start: i as u32, end: end as u32, line, space_before: space });
            space = false;
            continue;
        }
        let kind = if is_symbol(c) { Kind::Symbol } else { Kind::Punct };
        out.push(Tok { kind, start: i as u32, end: (i + c.len_utf8()) as u32, line, space_before: space });
        space = false;
    }
    out
}

/// One normalised word of the word view.
#[derive(Clone, Copy, Debug)]
pub(super) struct Word {
    start: u32,
    end: u32,
    /// Index of the raw token the word comes from.
    pub tok: u32,
    /// A phrase may not continue from the previous word into this one.
    pub brk: bool,
}

pub(super) struct WordView {
    norm: String,
    pub words: Vec<Word>,
}

impl WordView {
    pub(super) fn text(&self, i: usize) -> &str {
        let w = &self.words[i];
        &self.norm[w.start as usize..w.end as usize]
    }
    pub(super) fn len(&self) -> usize {
        self.words.len()
    }
}

/// Builds the word view. Apostrophes vanish (`what's` → `whats`), other
/// joiners split (`GMT-Master` → `gmt` `master`), `?` becomes a word of
/// its own, `&` and abbreviation dots (`F.P. Journe`) are transparent,
/// and every other punctuation mark, symbol or line break separates
/// phrases.
pub(super) fn words(src: &str, toks: &[Tok]) -> WordView {
    let mut norm = String::with_capacity(src.len() + 8);
    let mut words = Vec::with_capacity(toks.len() + 4);
    let mut brk = true;
    let mut last_piece_len = 0usize;
    let mut last_was_word = false;
    for (ti, t) in toks.iter().enumerate() {
        let text = t.text(src);
        match t.kind {
            Kind::Word => {
                let mut piece_start = norm.len();
                let mut first = true;
                let mut chars_in_piece = 0usize;
                for c in text.chars() {
                    if c == '\'' || c == '\u{2019}' {
                        continue;
                    }
                    if is_joiner(c) {
                        if chars_in_piece > 0 {
                            words.push(Word { start: piece_start as u32, end: norm.len() as u32, tok: ti as u32, brk: first && brk });
                            first = false;
                        }
                        piece_start = norm.len();
                        chars_in_piece = 0;
                        continue;
                    }
                    fold_into(c, &mut norm);
                    chars_in_piece += 1;
                }
                if chars_in_piece > 0 {
                    words.push(Word { start: piece_start as u32, end: norm.len() as u32, tok: ti as u32, brk: first && brk });
                }
                last_piece_len = chars_in_piece;
                last_was_word = true;
                brk = false;
            }
            Kind::Punct if text == "?" => {
                let s = norm.len();
                norm.push('?');
                words.push(Word { start: s as u32, end: norm.len() as u32, tok: ti as u32, brk: false });
                brk = true;
                last_was_word = false;
            }
            Kind::Punct if text == "&" => {}
            Kind::Punct if text == "." && last_was_word && last_piece_len == 1 => {}
            _ => {
                brk = true;
                last_was_word = false;
            }
        }
    }
    WordView { norm, words }
}

/// Lower-cases and folds common Latin accents (`Söhne` → `sohne`,
/// `Chronomètre` → `chronometre`, `Glashütte` → `glashutte`).
pub(super) fn fold_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let f = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        _ => {
            for l in c.to_lowercase() {
                out.push(l);
            }
            return;
        }
    };
    out.push_str(f);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<&str> {
        lex(src).iter().map(|t| t.text(src)).collect()
    }

    #[test]
    fn references_and_numbers_stay_whole() {
        assert_eq!(texts("Patek 5711/1A-010 blue"), vec!["Patek", "5711/1A-010", "blue"]);
        assert_eq!(texts("AP 15500ST.OO.1220ST.01."), vec!["AP", "15500ST.OO.1220ST.01", "."]);
        assert_eq!(texts("$14,500 net"), vec!["$", "14,500", "net"]);
        assert_eq!(texts("CHF 165'000"), vec!["CHF", "165'000"]);
        assert_eq!(texts("CHF 165’000"), vec!["CHF", "165’000"]);
        assert_eq!(texts("€6.200,50"), vec!["€", "6.200,50"]);
        assert_eq!(texts("HK$ 138k,"), vec!["HK", "$", "138k", ","]);
        assert_eq!(texts("Rolex,Patek"), vec!["Rolex", ",", "Patek"]);
        assert_eq!(texts("B&P 03/2024"), vec!["B&P", "03/2024"]);
        assert_eq!(texts("2024 - 10.2k"), vec!["2024", "-", "10.2k"]);
    }

    #[test]
    fn lines_and_spacing() {
        let src = "WTS\n1) 124060";
        let t = lex(src);
        assert_eq!(t[0].line, 0);
        assert_eq!(t[1].kind, Kind::Newline);
        assert_eq!(t[2].line, 1);
        assert_eq!(t[2].text(src), "1");
        assert_eq!(t[3].text(src), ")");
        assert!(!t[3].space_before);
        assert!(t[4].space_before);
    }

    #[test]
    fn word_view_splits_and_folds() {
        let src = "GMT-Master II, A. Lange & Söhne what's F.P. Journe Chronomètre?";
        let toks = lex(src);
        let v = words(src, &toks);
        let ws: Vec<&str> = (0..v.len()).map(|i| v.text(i)).collect();
        assert_eq!(ws, vec!["gmt", "master", "ii", "a", "lange", "sohne", "whats", "f", "p", "journe", "chronometre", "?"]);
        // "," breaks, "&" and the abbreviation dot do not.
        assert!(v.words[3].brk);
        assert!(!v.words[4].brk);
        assert!(!v.words[5].brk);
        assert!(!v.words[9].brk);
        assert!(!v.words[11].brk);
    }
}
