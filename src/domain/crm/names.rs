//! People's names as imports bring them: one "full name" cell split into
//! first and last name ("Whitfield, James", "Dr. Anna de la Cruz"), and
//! names typed all in capitals or all in small letters written properly.

/// Courtesy titles dropped in front of a name.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "herr", "frau", "m", "mme", "mlle", "sr", "sra", "srta", "sig", "sig.ra", "dott", "dott.ssa",
    "ing",
];

/// Words that belong to the family name that follows them.
const PARTICLES: &[&str] =
    &["van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du", "la", "le", "st", "bin", "ibn", "al", "ter", "ten"];

/// Suffixes that stay with the family name.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"];

fn bare(word: &str) -> String {
    word.trim_matches(|c: char| c == '.' || c == ',').to_lowercase()
}

/// "James Whitfield" → ("James", "Whitfield"); "Whitfield, James" → the same;
/// "Anna de la Cruz" → ("Anna", "de la Cruz"); a single word is a first name.
pub fn split_full_name(full: &str) -> (String, String) {
    let full = full.trim();
    if let Some((last, first)) = full.split_once(',') {
        let (first, last) = (first.trim(), last.trim());
        // "Whitfield, James" — but not "James Whitfield, Jr."
        if !first.is_empty() && !last.is_empty() && !SUFFIXES.contains(&bare(first).as_str()) {
            return (tidy(first), tidy(last));
        }
    }
    let full = full.replace(',', " ");
    let mut words: Vec<&str> = full.split_whitespace().collect();
    while words.len() > 1 && TITLES.contains(&bare(words[0]).as_str()) {
        words.remove(0);
    }
    match words.len() {
        0 => (String::new(), String::new()),
        1 => (tidy(words[0]), String::new()),
        n => {
            // the family name starts at its particles, or is the last word
            // (with a suffix after it)
            let mut start = n - 1;
            if start > 1 && SUFFIXES.contains(&bare(words[start]).as_str()) {
                start -= 1;
            }
            while start > 1 && PARTICLES.contains(&bare(words[start - 1]).as_str()) {
                start -= 1;
            }
            (tidy(&words[..start].join(" ")), tidy(&words[start..].join(" ")))
        }
    }
}

/// A name written all in capitals or all in small letters, with capitals
/// where they belong ("ANNA KOWALSKA" → "Anna Kowalska", "o'neil" →
/// "O'Neil"); a name with mixed case is kept as typed ("McDonald", "de la Cruz").
pub fn tidy(name: &str) -> String {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let has_upper = name.chars().any(|c| c.is_uppercase());
    let has_lower = name.chars().any(|c| c.is_lowercase());
    if has_upper && has_lower {
        return name;
    }
    let mut out = String::with_capacity(name.len());
    let mut start = true;
    for c in name.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = c.is_whitespace() || c == '-' || c == '\'' || c == '’';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn splits_the_ways_names_are_written() {
        assert_eq!(split_full_name("James Whitfield"), s("James", "Whitfield"));
        assert_eq!(split_full_name("  Whitfield,  James "), s("James", "Whitfield"));
        assert_eq!(split_full_name("Mary Ann Smith"), s("Mary Ann", "Smith"));
        assert_eq!(split_full_name("Dr. Anna de la Cruz"), s("Anna", "de la Cruz"));
        assert_eq!(split_full_name("Ludwig van Beethoven"), s("Ludwig", "van Beethoven"));
        assert_eq!(split_full_name("Martin Luther King Jr."), s("Martin Luther", "King Jr."));
        assert_eq!(split_full_name("James Whitfield, Jr."), s("James", "Whitfield Jr."));
        assert_eq!(split_full_name("Cher"), s("Cher", ""));
        assert_eq!(split_full_name(""), s("", ""));
    }

    #[test]
    fn capitals_where_they_belong() {
        assert_eq!(tidy("ANNA KOWALSKA"), "Anna Kowalska");
        assert_eq!(tidy("o'neil"), "O'Neil");
        assert_eq!(tidy("jean-luc"), "Jean-Luc");
        assert_eq!(tidy("McDonald"), "McDonald");
        assert_eq!(tidy("de la Cruz"), "de la Cruz");
        assert_eq!(tidy("ÉLODIE"), "Élodie");
    }
}
