//! CSV that is safe to open in a spreadsheet: RFC 4180 quoting, and cells
//! that a spreadsheet would run as a formula are neutralised.

/// One cell. A value starting with `=`, `+`, `-`, `@`, tab or carriage
/// return is prefixed with `'` so spreadsheets show it as text (OWASP CSV
/// injection); then fields containing `"`, `,`, CR or LF are quoted with
/// `"` doubled.
pub fn cell(value: &str) -> String {
    let neutral = match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_string(),
    };
    if neutral.contains(['"', ',', '\r', '\n']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// A numeric cell: plain digits (a negative amount keeps its minus sign, as
/// it is a number, not a formula).
pub fn number(value: &str) -> String {
    let ok = !value.is_empty() && value.trim_start_matches('-').chars().all(|c| c.is_ascii_digit() || c == '.');
    if ok {
        value.to_string()
    } else {
        cell(value)
    }
}

/// One record, CRLF-terminated as RFC 4180 says.
pub fn row<I, S>(cells: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = cells.into_iter().map(|c| cell(c.as_ref())).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(cell("=SUM(A1:A9)"), "'=SUM(A1:A9)");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2+3"), "'-2+3");
        assert_eq!(cell("@cmd"), "'@cmd");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("\r=1"), "\"'\r=1\"");
        assert_eq!(cell("plain"), "plain");
    }

    #[test]
    fn rfc4180_quoting() {
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
        assert_eq!(row(["a", "b,c", ""]), "a,\"b,c\",\r\n");
    }

    #[test]
    fn numbers_keep_their_sign() {
        assert_eq!(number("-12.50"), "-12.50");
        assert_eq!(number("1500"), "1500");
        assert_eq!(number("-1+1"), "'-1+1");
    }
}
