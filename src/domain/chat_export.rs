//! WhatsApp chat exports (the `.txt` that "Export chat → Without media"
//! writes) to timestamped messages.
//!
//! # What a line looks like
//!
//! Every message starts on a *header* line: a date, a time, a terminator and
//! then `Sender: text`.
//!
//! - Android: `12/31/23, 9:41 PM - Alice Smith: text`,
//!   `31/12/2023, 21:41 - Alice: text`, `31.12.23, 21:41 - …`,
//!   `2023-12-31, 21:41 - …`.
//! - iOS: `[31/12/2023, 21:41:05] Alice: text`,
//!   `[12/31/23, 9:41:05 PM] Alice: text`.
//!
//! The date is three numbers separated by `/`, `.` or `-` (the same one
//! twice): either a four-digit year first (`2023-12-31`, always
//! year-month-day) or day and month in some order followed by a two- or
//! four-digit year (two-digit years are 2000 + yy). A comma and/or spaces
//! separate date and time. The time is `H:MM` or `H:MM:SS`, optionally
//! followed by an AM/PM marker in any case, with or without dots (`PM`,
//! `pm`, `p.m.`), after a normal space, a no-break space, U+202F NARROW
//! NO-BREAK SPACE or nothing. Android then has ` - ` (an en dash is accepted
//! too); iOS closes the bracket with `]`. Direction marks (U+200E and
//! friends) and a byte-order mark before the line are ignored.
//!
//! A line that has this shape is a header, even if its numbers are wrong:
//! `31/02/2024, 10:00 - Bob: hi` is an error ("Line 14: 31/02/2024 is not a
//! date."), not continuation text, because silently gluing a broken message
//! onto the previous one would misdate it.
//!
//! # Rules
//!
//! - Lines that are not headers continue the previous message (joined with
//!   `\n`). Lines before the first header are ignored; a file with no header
//!   at all is an error.
//! - The sender is the part of the line before the first `": "` (or the
//!   whole rest when it merely ends with `:`, i.e. a message whose first line
//!   is empty). A header without `": "` is a system line ("Alice created
//!   group …", "Bob added Carol") and is skipped and counted in
//!   [`ChatExport::skipped_system`], together with any continuation lines.
//!   There is deliberately no list of system phrasings: a system line that
//!   happens to contain `": "` (a group renamed to "WTS: Rolex") is read as a
//!   message from "Alice changed the subject to \"WTS". Likewise iOS writes
//!   its notices as `Group name: <U+200E>Alice added Bob`, which is read as
//!   a message from the group.
//! - A message whose whole text is a placeholder carries nothing to read and
//!   is skipped and counted the same way: Android's `<… omitted>` (e.g.
//!   `<Media omitted>`), iOS's `<attached: …>` and `image omitted`,
//!   `video omitted`, `audio omitted`, `sticker omitted`, `GIF omitted`,
//!   `document omitted`, `Contact card omitted`, and `This message was
//!   deleted`, `You deleted this message`, `null` (compared ignoring ASCII
//!   case).
//! - Senders are trimmed and lose every direction mark (U+200E, U+200F,
//!   U+202A–U+202E, U+2066–U+2069) and U+FEFF; a phone number such as
//!   `+44 7700 900123` is otherwise kept as written. Message text is trimmed
//!   of surrounding whitespace and direction marks only.
//! - Day/month order is decided once per file, from the day-month-year
//!   headers (year-first dates are never ambiguous): a first number above 12
//!   means day first, a second number above 12 means month first, both in one
//!   file is an error. When every date fits both readings, the clock decides:
//!   month first if any of those headers uses AM/PM (the US Android
//!   default), day first for a 24-hour clock. [`ChatExport::date_order`] is
//!   the order of the first header, so a caller can show it.
//! - Exports carry local time without a zone: the caller names the phone's
//!   IANA zone, and each time is read in it, daylight-saving changes
//!   included (a time in the hour skipped moves forward by the gap; a time
//!   that happens twice is the first). [`ExportedMessage::local_ms`] keeps
//!   the time as written.
//! - At most [`MAX_MESSAGES`] headers (messages and system lines) are read;
//!   more is an error. Memory use is bounded by the size of the input.

use super::time::Zone;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The most header lines (messages plus system lines) one export may have.
pub const MAX_MESSAGES: usize = 200_000;

/// One message of an export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedMessage {
    /// Unix milliseconds, UTC.
    pub sent_at_ms: i64,
    /// The local time as written in the file, counted as if it were UTC
    /// (the same whichever zone the file is read in).
    pub local_ms: i64,
    pub sender: String,
    /// Every line of the message, joined with `\n`.
    pub text: String,
    /// 1-based line of the file on which the message starts.
    pub line: usize,
}

/// A parsed export, messages in file order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatExport {
    pub messages: Vec<ExportedMessage>,
    /// System lines and placeholder messages (media, deleted) left out.
    pub skipped_system: usize,
    /// How the first header's date was read.
    pub date_order: DateOrder,
}

/// The order of the numbers in an export's dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateOrder {
    /// 31/12/2023
    DayFirst,
    /// 12/31/2023
    MonthFirst,
    /// 2023-12-31
    YearFirst,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChatExportError {
    #[error("This file is empty.")]
    Empty,
    #[error("This file doesn't look like a WhatsApp chat export: no line starts with a date and time.")]
    NoTimestamps,
    #[error(
        "The dates in this file mix day-first and month-first order (line {day_first_line} has \
         {day_first_date}, line {month_first_line} has {month_first_date}), so days can't be told \
         from months."
    )]
    MixedDateOrder { day_first_line: usize, day_first_date: String, month_first_line: usize, month_first_date: String },
    #[error("Line {line}: {date} is not a date.")]
    InvalidDate { line: usize, date: String },
    #[error("Line {line}: {time} is not a time of day.")]
    InvalidTime { line: usize, time: String },
    #[error("This chat has more than 200,000 messages, which is too many to import at once.")]
    TooManyMessages,
}

/// Parses a whole export (see the module documentation for the rules).
///
/// `zone`: the exporting phone's time zone (exports carry local time
/// without one).
pub fn parse_chat_export(text: &str, zone: Zone) -> Result<ChatExport, ChatExportError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim_matches(|c: char| c.is_whitespace() || is_mark(c)).is_empty() {
        return Err(ChatExportError::Empty);
    }
    let survey = survey(text)?;

    let mut messages = Vec::new();
    let mut skipped_system = 0;
    let mut current: Option<Entry> = None;
    for (line_no, line) in numbered_lines(text) {
        match parse_header(line) {
            Some(header) => {
                let local = timestamp(&header, survey.day_month, line_no)?;
                let (sent_at_ms, local_ms) = (zone.instant(local), local.and_utc().timestamp_millis());
                finish(current.take(), &mut messages, &mut skipped_system);
                current = Some(match split_body(header.body) {
                    Some((sender, first_line)) => Entry::Message(ExportedMessage { sent_at_ms, local_ms, sender, text: first_line.to_string(), line: line_no }),
                    None => Entry::System,
                });
            }
            None => {
                if let Some(Entry::Message(message)) = &mut current {
                    message.text.push('\n');
                    message.text.push_str(line);
                }
            }
        }
    }
    finish(current, &mut messages, &mut skipped_system);

    Ok(ChatExport { messages, skipped_system, date_order: survey.first_order })
}

/// The entry being read: a message still collecting continuation lines, or
/// a system line whose continuation lines are dropped with it.
enum Entry {
    Message(ExportedMessage),
    System,
}

fn finish(entry: Option<Entry>, messages: &mut Vec<ExportedMessage>, skipped: &mut usize) {
    match entry {
        None => {}
        Some(Entry::System) => *skipped += 1,
        Some(Entry::Message(mut message)) => {
            let trimmed = message.text.trim_matches(|c: char| c.is_whitespace() || is_mark(c));
            if is_placeholder(trimmed) {
                *skipped += 1;
            } else {
                if trimmed.len() != message.text.len() {
                    message.text = trimmed.to_string();
                }
                messages.push(message);
            }
        }
    }
}

/// Whole-message texts WhatsApp writes instead of content.
fn is_placeholder(text: &str) -> bool {
    const EXACT: [&str; 10] = [
        "image omitted",
        "video omitted",
        "audio omitted",
        "sticker omitted",
        "GIF omitted",
        "document omitted",
        "Contact card omitted",
        "This message was deleted",
        "You deleted this message",
        "null",
    ];
    let android = text.starts_with('<') && text.ends_with(" omitted>");
    let ios_attachment = text.starts_with("<attached: ") && text.ends_with('>');
    android || ios_attachment || EXACT.iter().any(|p| text.eq_ignore_ascii_case(p))
}

/// What the first pass learns about the file.
struct Survey {
    /// The order of the first header's date.
    first_order: DateOrder,
    /// How day-month-year dates are read.
    day_month: DateOrder,
}

/// First pass: counts headers and decides the day/month order.
fn survey(text: &str) -> Result<Survey, ChatExportError> {
    let mut headers = 0usize;
    let mut first_is_year_first = None;
    let mut day_first: Option<(usize, &str)> = None;
    let mut month_first: Option<(usize, &str)> = None;
    let mut twelve_hour = false;
    for (line_no, line) in numbered_lines(text) {
        let Some(header) = parse_header(line) else { continue };
        headers += 1;
        if headers > MAX_MESSAGES {
            return Err(ChatExportError::TooManyMessages);
        }
        match header.date {
            RawDate::YearFirst { .. } => {
                first_is_year_first.get_or_insert(true);
            }
            RawDate::DayMonth { first, second, .. } => {
                first_is_year_first.get_or_insert(false);
                twelve_hour |= header.meridiem.is_some();
                // A date with both numbers above 12 is no evidence either
                // way; it fails validation in the second pass.
                if first > 12 && second <= 12 {
                    day_first.get_or_insert((line_no, header.date_text));
                } else if second > 12 && first <= 12 {
                    month_first.get_or_insert((line_no, header.date_text));
                }
            }
        }
    }
    let Some(first_is_year_first) = first_is_year_first else {
        return Err(ChatExportError::NoTimestamps);
    };
    let day_month = match (day_first, month_first) {
        (Some((day_first_line, day_date)), Some((month_first_line, month_date))) => {
            return Err(ChatExportError::MixedDateOrder {
                day_first_line,
                day_first_date: day_date.to_string(),
                month_first_line,
                month_first_date: month_date.to_string(),
            });
        }
        (Some(_), None) => DateOrder::DayFirst,
        (None, Some(_)) => DateOrder::MonthFirst,
        (None, None) if twelve_hour => DateOrder::MonthFirst,
        (None, None) => DateOrder::DayFirst,
    };
    let first_order = if first_is_year_first { DateOrder::YearFirst } else { day_month };
    Ok(Survey { first_order, day_month })
}

/// 1-based line numbers; `\n` and `\r\n` both end a line.
fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, line)| (i + 1, line.strip_suffix('\r').unwrap_or(line)))
}

/// Direction marks and the byte-order mark: invisible, and never part of a
/// name.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// `Sender: text` to the cleaned sender and the first line of text; `None`
/// for a system line.
fn split_body(body: &str) -> Option<(String, &str)> {
    let (raw_sender, text) = match body.split_once(": ") {
        Some(parts) => parts,
        None => (body.strip_suffix(':')?, ""),
    };
    let sender: String = raw_sender.chars().filter(|c| !is_mark(*c)).collect();
    let sender = sender.trim();
    if sender.is_empty() {
        None
    } else {
        Some((sender.to_string(), text))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Meridiem {
    Am,
    Pm,
}

/// A date as written; the year is already four digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RawDate {
    YearFirst { year: u32, month: u32, day: u32 },
    DayMonth { first: u32, second: u32, year: u32 },
}

/// A line shaped like a message header; its numbers are not checked yet.
#[derive(Debug)]
struct Header<'a> {
    date: RawDate,
    date_text: &'a str,
    hour: u32,
    minute: u32,
    second: u32,
    meridiem: Option<Meridiem>,
    time_text: &'a str,
    /// What follows ` - ` or `] `.
    body: &'a str,
}

/// A read position in a line. Every step either consumes what it matched
/// or leaves the cursor alone, and never slices inside a character.
#[derive(Clone, Copy)]
struct Cursor<'a> {
    rest: &'a str,
}

impl<'a> Cursor<'a> {
    fn eat(&mut self, c: char) -> bool {
        match self.rest.strip_prefix(c) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn eat_one_of(&mut self, choices: &[char]) -> Option<char> {
        let c = self.rest.chars().next().filter(|c| choices.contains(c))?;
        self.eat(c).then_some(c)
    }

    /// Normal, no-break and narrow no-break spaces; how many were eaten.
    fn spaces(&mut self) -> usize {
        let mut count = 0;
        while self.eat_one_of(&[' ', '\u{00A0}', '\u{202F}']).is_some() {
            count += 1;
        }
        count
    }

    /// A run of `min..=max` ASCII digits (a longer run does not match):
    /// its value and length.
    fn number(&mut self, min: usize, max: usize) -> Option<(u32, usize)> {
        let len = self.rest.bytes().take_while(u8::is_ascii_digit).count();
        if len < min || len > max {
            return None;
        }
        let digits = self.rest.get(..len)?;
        let rest = self.rest.get(len..)?;
        // At most four digits (callers pass max <= 4), so no overflow.
        let value = digits.bytes().fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
        self.rest = rest;
        Some((value, len))
    }

    /// The text consumed since `start` (a copy of this cursor taken earlier).
    fn since(&self, start: Cursor<'a>) -> &'a str {
        let len = start.rest.len().saturating_sub(self.rest.len());
        start.rest.get(..len).unwrap_or("")
    }
}

fn parse_header(line: &str) -> Option<Header<'_>> {
    let mut c = Cursor { rest: line.trim_start_matches(is_mark) };
    let bracketed = c.eat('[');

    let date_start = c;
    let date = parse_date(&mut c)?;
    let date_text = c.since(date_start);

    let comma = c.eat(',');
    if c.spaces() == 0 && !comma {
        return None;
    }

    let time_start = c;
    let (hour, _) = c.number(1, 2)?;
    if !c.eat(':') {
        return None;
    }
    let (minute, _) = c.number(2, 2)?;
    let second = if c.eat(':') { c.number(2, 2)?.0 } else { 0 };
    let meridiem = parse_meridiem(&mut c);
    let time_text = c.since(time_start);

    if bracketed {
        if !c.eat(']') {
            return None;
        }
        c.spaces();
    } else {
        if c.spaces() == 0 || c.eat_one_of(&['-', '\u{2013}']).is_none() {
            return None;
        }
        if c.spaces() == 0 && !c.rest.is_empty() {
            return None;
        }
    }
    Some(Header { date, date_text, hour, minute, second, meridiem, time_text, body: c.rest })
}

/// `31/12/2023`, `12/31/23`, `31.12.23`, `2023-12-31`.
fn parse_date(c: &mut Cursor<'_>) -> Option<RawDate> {
    let (first, first_len) = c.number(1, 4)?;
    let sep = c.eat_one_of(&['/', '.', '-'])?;
    match first_len {
        4 => {
            let (month, _) = c.number(1, 2)?;
            if !c.eat(sep) {
                return None;
            }
            let (day, _) = c.number(1, 2)?;
            Some(RawDate::YearFirst { year: first, month, day })
        }
        1 | 2 => {
            let (second, _) = c.number(1, 2)?;
            if !c.eat(sep) {
                return None;
            }
            let year = match c.number(2, 4)? {
                (yy, 2) => 2000 + yy,
                (yyyy, 4) => yyyy,
                _ => return None,
            };
            Some(RawDate::DayMonth { first, second, year })
        }
        _ => None,
    }
}

/// An optional ` AM`, `pm`, ` p.m.` after the time; the cursor only moves
/// when one is there.
fn parse_meridiem(c: &mut Cursor<'_>) -> Option<Meridiem> {
    let mut t = *c;
    t.spaces();
    let meridiem = match t.eat_one_of(&['a', 'A', 'p', 'P'])? {
        'a' | 'A' => Meridiem::Am,
        _ => Meridiem::Pm,
    };
    t.eat('.');
    t.eat_one_of(&['m', 'M'])?;
    t.eat('.');
    if t.rest.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    *c = t;
    Some(meridiem)
}

/// Checks the header's date and time: the local date and time written.
fn timestamp(header: &Header<'_>, day_month: DateOrder, line: usize) -> Result<NaiveDateTime, ChatExportError> {
    let (year, month, day) = match header.date {
        RawDate::YearFirst { year, month, day } => (year, month, day),
        RawDate::DayMonth { first, second, year } => match day_month {
            DateOrder::MonthFirst => (year, first, second),
            DateOrder::DayFirst | DateOrder::YearFirst => (year, second, first),
        },
    };
    let date = i32::try_from(year)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, month, day))
        .ok_or_else(|| ChatExportError::InvalidDate { line, date: header.date_text.to_string() })?;
    let hour = match header.meridiem {
        None if header.hour < 24 => Some(header.hour),
        Some(Meridiem::Am) if (1..=12).contains(&header.hour) => Some(header.hour % 12),
        Some(Meridiem::Pm) if (1..=12).contains(&header.hour) => Some(header.hour % 12 + 12),
        _ => None,
    };
    hour.and_then(|h| date.and_hms_opt(h, header.minute, header.second))
        .ok_or_else(|| ChatExportError::InvalidTime { line, time: header.time_text.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Timelike};
    use proptest::prelude::*;

    /// Unix ms of a UTC date and time.
    fn utc(year: i64, month: u32, day: u32, hour: i64, minute: i64, second: i64) -> i64 {
        let d = NaiveDate::from_ymd_opt(year as i32, month, day).unwrap();
        d.and_hms_opt(hour as u32, minute as u32, second as u32).unwrap().and_utc().timestamp_millis()
    }

    fn zone(name: &str) -> Zone {
        Zone::parse(name).unwrap()
    }

    fn days_in_month(year: u32, month: u32) -> u32 {
        let first = NaiveDate::from_ymd_opt(year as i32, month, 1).unwrap();
        let next = first.checked_add_months(chrono::Months::new(1)).unwrap();
        (next - first).num_days() as u32
    }

    fn parse(text: &str) -> ChatExport {
        match parse_chat_export(text, Zone::UTC) {
            Ok(export) => export,
            Err(e) => panic!("{e}"),
        }
    }

    fn only(export: &ChatExport) -> &ExportedMessage {
        assert_eq!(export.messages.len(), 1, "{export:?}");
        &export.messages[0]
    }

    #[test]
    fn android_us_twelve_hour() {
        let export = parse("12/31/23, 9:41 PM - Alice Smith: text");
        assert_eq!(export.date_order, DateOrder::MonthFirst);
        assert_eq!(
            only(&export),
            &ExportedMessage {
                sent_at_ms: utc(2023, 12, 31, 21, 41, 0),
                local_ms: utc(2023, 12, 31, 21, 41, 0),
                sender: "Alice Smith".into(),
                text: "text".into(),
                line: 1
            }
        );
    }

    #[test]
    fn android_day_first_24_hour() {
        let export = parse("31/12/2023, 21:41 - Alice: text");
        assert_eq!(export.date_order, DateOrder::DayFirst);
        let m = only(&export);
        assert_eq!((m.sent_at_ms, m.sender.as_str(), m.text.as_str()), (utc(2023, 12, 31, 21, 41, 0), "Alice", "text"));
    }

    #[test]
    fn android_dotted_and_year_first() {
        let export = parse("31.12.23, 21:41 - Alice: hallo");
        assert_eq!(export.date_order, DateOrder::DayFirst);
        assert_eq!(only(&export).sent_at_ms, utc(2023, 12, 31, 21, 41, 0));

        let export = parse("2023-12-31, 21:41 - Alice: hej\n2024-01-02, 08:05 - Bob: hej hej");
        assert_eq!(export.date_order, DateOrder::YearFirst);
        assert_eq!(export.messages[0].sent_at_ms, utc(2023, 12, 31, 21, 41, 0));
        assert_eq!(export.messages[1].sent_at_ms, utc(2024, 1, 2, 8, 5, 0));
        assert_eq!(export.messages[1].sender, "Bob");
    }

    #[test]
    fn en_dash_and_no_comma() {
        let export = parse("31/12/2023 21:41 \u{2013} Alice: text");
        assert_eq!(only(&export).sent_at_ms, utc(2023, 12, 31, 21, 41, 0));
    }

    #[test]
    fn ios_24_hour_with_seconds() {
        let export = parse("[31/12/2023, 21:41:05] Alice: text");
        assert_eq!(export.date_order, DateOrder::DayFirst);
        let m = only(&export);
        assert_eq!((m.sent_at_ms, m.sender.as_str(), m.text.as_str()), (utc(2023, 12, 31, 21, 41, 5), "Alice", "text"));
    }

    #[test]
    fn ios_twelve_hour_with_marks() {
        let export = parse("\u{200E}[12/31/23, 9:41:05\u{202F}PM] Alice: text");
        assert_eq!(export.date_order, DateOrder::MonthFirst);
        assert_eq!(only(&export).sent_at_ms, utc(2023, 12, 31, 21, 41, 5));

        let export = parse("[12/31/23, 9:41:05 PM] Alice: text");
        assert_eq!(only(&export).sent_at_ms, utc(2023, 12, 31, 21, 41, 5));
    }

    #[test]
    fn meridiem_spellings() {
        let cases = [
            ("1/2/24, 9:05 am - A: x", 9),
            ("1/2/24, 9:05 pm - A: x", 21),
            ("1/2/24, 9:05 a.m. - A: x", 9),
            ("1/2/24, 9:05\u{202F}p.m. - A: x", 21),
            ("1/2/24, 9:05\u{00A0}P.M. - A: x", 21),
            ("1/2/24, 9:05PM - A: x", 21),
            ("1/2/24, 12:05 AM - A: x", 0),
            ("1/2/24, 12:05 PM - A: x", 12),
            ("[1/2/24, 12:05:00 a.m.] A: x", 0),
        ];
        for (line, hour) in cases {
            let export = parse(line);
            assert_eq!(export.date_order, DateOrder::MonthFirst, "{line}");
            assert_eq!(only(&export).sent_at_ms, utc(2024, 1, 2, hour, 5, 0), "{line}");
        }
    }

    #[test]
    fn bom_and_crlf() {
        let export = parse("\u{FEFF}31/12/2023, 21:41 - Alice: one\r\nsecond line\r\n31/12/2023, 21:42 - Bob: two\r\n");
        assert_eq!(export.messages.len(), 2);
        assert_eq!(export.messages[0].text, "one\nsecond line");
        assert_eq!(export.messages[0].line, 1);
        assert_eq!(export.messages[1].text, "two");
        assert_eq!(export.messages[1].line, 3);
    }

    #[test]
    fn multi_line_messages() {
        let text = "Some preamble the user pasted\n\
                    24/11/2026, 09:41 - Sophie: WTS Rolex Submariner Date 126610LN\n\
                    Box and papers\n\
                    \n\
                    12/31 deadline, 21:00 - pick up\n\
                    24/11/2026, 09:43 - Marc: Nice\n\
                    24/11/2026, 09:44 - Marc: \n\
                    list:\n\
                    - 5711\n";
        let export = parse(text);
        assert_eq!(export.messages.len(), 3);
        assert_eq!(export.messages[0].text, "WTS Rolex Submariner Date 126610LN\nBox and papers\n\n12/31 deadline, 21:00 - pick up");
        assert_eq!(export.messages[0].line, 2);
        assert_eq!(export.messages[1].line, 6);
        assert_eq!(export.messages[2].text, "list:\n- 5711");
        assert_eq!(export.messages[2].line, 7);
    }

    #[test]
    fn message_with_empty_first_line_after_trimmed_colon() {
        let export = parse("24/11/2026, 09:44 - Marc:\nfirst real line");
        let m = only(&export);
        assert_eq!((m.sender.as_str(), m.text.as_str()), ("Marc", "first real line"));
    }

    #[test]
    fn system_lines_are_skipped() {
        let text = "\
24/11/2026, 09:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.
24/11/2026, 09:01 - Alice created group \"Geneva Watch Traders\"
24/11/2026, 09:02 - Bob added Carol
24/11/2026, 09:03 - You joined using this group's invite link
24/11/2026, 09:04 - Alice changed the group description
new rules apply at 10:00
24/11/2026, 09:05 - Carol: hello, all: nice to meet you
";
        let export = parse(text);
        assert_eq!(export.skipped_system, 5);
        let m = only(&export);
        assert_eq!((m.sender.as_str(), m.text.as_str(), m.line), ("Carol", "hello, all: nice to meet you", 7));
    }

    #[test]
    fn only_system_lines_is_not_an_error() {
        let export = parse("24/11/2026, 09:01 - Alice created group \"X\"");
        assert!(export.messages.is_empty());
        assert_eq!(export.skipped_system, 1);
    }

    #[test]
    fn placeholders_are_skipped() {
        let bodies = [
            "<Media omitted>",
            "<Video message omitted>",
            "\u{200E}<attached: 00000012-PHOTO-2023-12-31-21-41-05.jpg>",
            "\u{200E}image omitted",
            "video omitted",
            "This message was deleted",
            "You deleted this message",
            "null",
        ];
        let mut text = String::new();
        for body in bodies {
            text.push_str(&format!("[24/11/2026, 09:00:00] Alice: {body}\n"));
        }
        text.push_str("[24/11/2026, 09:01:00] Alice: the <Media omitted> one was the dial\n");
        let export = parse(&text);
        assert_eq!(export.skipped_system, bodies.len());
        assert_eq!(only(&export).text, "the <Media omitted> one was the dial");
    }

    #[test]
    fn senders_are_cleaned() {
        let export = parse(
            "24/11/2026, 09:00 - \u{202A}+44 7700 900123\u{202C}: WTB 5711\n\
             24/11/2026, 09:01 - \u{200E} Luca Bianchi \u{2069}: ciao\n\
             24/11/2026, 09:02 - +41 79 123 45 67: hi",
        );
        let senders: Vec<&str> = export.messages.iter().map(|m| m.sender.as_str()).collect();
        assert_eq!(senders, ["+44 7700 900123", "Luca Bianchi", "+41 79 123 45 67"]);
    }

    #[test]
    fn day_month_order_is_detected_per_file() {
        // The second date decides for the whole file.
        let export = parse("01/02/2024, 10:00 - A: x\n13/02/2024, 10:00 - A: y");
        assert_eq!(export.date_order, DateOrder::DayFirst);
        assert_eq!(export.messages[0].sent_at_ms, utc(2024, 2, 1, 10, 0, 0));

        let export = parse("01/02/2024, 10:00 - A: x\n02/13/2024, 10:00 - A: y");
        assert_eq!(export.date_order, DateOrder::MonthFirst);
        assert_eq!(export.messages[0].sent_at_ms, utc(2024, 1, 2, 10, 0, 0));
    }

    #[test]
    fn ambiguous_dates_follow_the_clock() {
        let export = parse("01/02/2024, 10:00 - A: x");
        assert_eq!(export.date_order, DateOrder::DayFirst);
        assert_eq!(only(&export).sent_at_ms, utc(2024, 2, 1, 10, 0, 0));

        let export = parse("01/02/24, 10:00 AM - A: x");
        assert_eq!(export.date_order, DateOrder::MonthFirst);
        assert_eq!(only(&export).sent_at_ms, utc(2024, 1, 2, 10, 0, 0));
    }

    #[test]
    fn mixed_day_month_order_is_an_error() {
        let err = parse_chat_export("13/01/2024, 10:00 - A: x\nhello\n01/13/2024, 10:00 - A: y", Zone::UTC).unwrap_err();
        assert_eq!(
            err,
            ChatExportError::MixedDateOrder {
                day_first_line: 1,
                day_first_date: "13/01/2024".into(),
                month_first_line: 3,
                month_first_date: "01/13/2024".into(),
            }
        );
        assert_eq!(
            err.to_string(),
            "The dates in this file mix day-first and month-first order (line 1 has 13/01/2024, line 3 has \
             01/13/2024), so days can't be told from months."
        );
    }

    #[test]
    fn invalid_dates_name_the_line() {
        let text = "28/02/2024, 10:00 - A: x\n29/02/2024, 10:00 - A: leap day\ncontinued\n31/02/2024, 10:00 - A: y";
        let err = parse_chat_export(text, Zone::UTC).unwrap_err();
        assert_eq!(err, ChatExportError::InvalidDate { line: 4, date: "31/02/2024".into() });
        assert_eq!(err.to_string(), "Line 4: 31/02/2024 is not a date.");

        let err = parse_chat_export("29/02/2023, 10:00 - A: x", Zone::UTC).unwrap_err();
        assert_eq!(err.to_string(), "Line 1: 29/02/2023 is not a date.");
        let err = parse_chat_export("13/13/2023, 10:00 - A: x", Zone::UTC).unwrap_err();
        assert_eq!(err.to_string(), "Line 1: 13/13/2023 is not a date.");
        let err = parse_chat_export("2023-00-10, 10:00 - A: x", Zone::UTC).unwrap_err();
        assert_eq!(err.to_string(), "Line 1: 2023-00-10 is not a date.");
    }

    #[test]
    fn invalid_times_name_the_line() {
        let err = parse_chat_export("hi\n31/12/2023, 25:61 - A: x", Zone::UTC).unwrap_err();
        assert_eq!(err, ChatExportError::InvalidTime { line: 2, time: "25:61".into() });
        assert_eq!(err.to_string(), "Line 2: 25:61 is not a time of day.");

        let err = parse_chat_export("12/31/23, 13:05 PM - A: x", Zone::UTC).unwrap_err();
        assert_eq!(err.to_string(), "Line 1: 13:05 PM is not a time of day.");
        let err = parse_chat_export("12/31/23, 0:05 AM - A: x", Zone::UTC).unwrap_err();
        assert_eq!(err.to_string(), "Line 1: 0:05 AM is not a time of day.");
        let err = parse_chat_export("[31/12/2023, 10:00:60] A: x", Zone::UTC).unwrap_err();
        assert_eq!(err.to_string(), "Line 1: 10:00:60 is not a time of day.");
    }

    #[test]
    fn the_phones_zone_is_applied() {
        let export = parse_chat_export("31/12/2023, 21:41 - Alice: text", zone("Europe/Paris")).unwrap();
        assert_eq!(only(&export).sent_at_ms, utc(2023, 12, 31, 20, 41, 0));
        assert_eq!(only(&export).local_ms, utc(2023, 12, 31, 21, 41, 0), "as written");

        // 21:41 in New York (UTC-5 in winter) is 02:41 UTC the next day.
        let export = parse_chat_export("31/12/2023, 21:41 - Alice: text", zone("America/New_York")).unwrap();
        assert_eq!(only(&export).sent_at_ms, utc(2024, 1, 1, 2, 41, 0));
        // …and UTC-4 in summer.
        let export = parse_chat_export("30/06/2024, 21:41 - Alice: text", zone("America/New_York")).unwrap();
        assert_eq!(only(&export).sent_at_ms, utc(2024, 7, 1, 1, 41, 0));
        assert!(parse_chat_export("31/12/2023, 21:41 - Alice: text", zone("Pacific/Kiritimati")).is_ok());
    }

    #[test]
    fn a_chat_across_a_daylight_saving_change_keeps_real_intervals() {
        // London's clocks go forward at 01:00 on 29 March 2026.
        let text = "29/03/2026, 00:30 - A: before\n29/03/2026, 01:30 - B: in the gap\n29/03/2026, 03:30 - C: after";
        let export = parse_chat_export(text, zone("Europe/London")).unwrap();
        let at: Vec<i64> = export.messages.iter().map(|m| m.sent_at_ms).collect();
        assert_eq!(at[0], utc(2026, 3, 29, 0, 30, 0));
        assert_eq!(at[1], utc(2026, 3, 29, 1, 30, 0), "01:30 does not exist: read as 02:30 BST");
        assert_eq!(at[2] - at[0], 2 * 3_600_000, "00:30 GMT to 03:30 BST is two hours");
        // They go back at 02:00 on 25 October: 01:30 happens twice; the first is taken.
        let export = parse_chat_export("25/10/2026, 01:30 - A: twice", zone("Europe/London")).unwrap();
        assert_eq!(only(&export).sent_at_ms, utc(2026, 10, 25, 0, 30, 0));
    }

    #[test]
    fn empty_and_foreign_files() {
        for text in ["", "\u{FEFF}", "  \r\n\n", "\u{200E}\n"] {
            assert_eq!(parse_chat_export(text, Zone::UTC), Err(ChatExportError::Empty), "{text:?}");
        }
        assert_eq!(ChatExportError::Empty.to_string(), "This file is empty.");
        let err = parse_chat_export("name,amount\nAlice,12\n31/12/2023 was a Sunday", Zone::UTC).unwrap_err();
        assert_eq!(err, ChatExportError::NoTimestamps);
        assert_eq!(err.to_string(), "This file doesn't look like a WhatsApp chat export: no line starts with a date and time.");
    }

    #[test]
    fn not_headers() {
        // Each of these is continuation text, not a new message.
        let lines = [
            "12/31, 21:41 - two-field date",
            "123/12/2023, 21:41 - A: three-digit day",
            "31/12/203, 21:41 - A: three-digit year",
            "31/12-2023, 21:41 - A: mixed separators",
            "31/12/2023, 21:4 - A: one-digit minute",
            "31/12/2023, 21:41 A: no dash",
            "31/12/2023,21:41- A: no space before dash",
            "[31/12/2023, 21:41 A: no bracket",
            "31/12/2023, 9:41 Pmax - A: not a meridiem",
        ];
        let mut text = String::from("01/01/2024, 10:00 - A: start");
        for line in lines {
            text.push('\n');
            text.push_str(line);
        }
        let export = parse(&text);
        assert_eq!(only(&export).text.lines().count(), lines.len() + 1);
    }

    #[test]
    fn too_many_messages() {
        let line = "1/1/24, 10:00 - A: x\n";
        let text = line.repeat(MAX_MESSAGES + 1);
        assert_eq!(parse_chat_export(&text, Zone::UTC), Err(ChatExportError::TooManyMessages));
        let text = line.repeat(MAX_MESSAGES);
        assert_eq!(parse_chat_export(&text, Zone::UTC).map(|e| e.messages.len()), Ok(MAX_MESSAGES));
    }

    #[test]
    fn end2end_fixture() {
        let export = parse(include_str!("../../end2end/fixtures/chat-export.txt"));
        assert_eq!(export.date_order, DateOrder::DayFirst);
        assert_eq!(export.skipped_system, 8);
        assert_eq!(export.messages.len(), 14);
        let sub = &export.messages[1];
        assert_eq!(sub.sender, "Sophie Keller");
        assert!(sub.text.starts_with("WTS Rolex Submariner Date 126610LN full set 2023, $14,500 net\n"));
        assert_eq!(sub.text.lines().count(), 3);
        assert_eq!(sub.sent_at_ms, utc(2026, 11, 24, 9, 41, 0));
        let wanted = &export.messages[2];
        assert_eq!((wanted.sender.as_str(), wanted.text.as_str()), ("+44 7700 900123", "WTB Patek 5711/1A-010, HK$ 1.2m budget"));
        assert!(export.messages.windows(2).all(|w| w[0].sent_at_ms <= w[1].sent_at_ms && w[0].line < w[1].line));
    }

    /// Pieces that make lines look almost, or exactly, like headers.
    fn header_fragments() -> impl Strategy<Value = String> {
        const PIECES: &str = "[|]|1|12|13|31|2023|24|0|99|/|.|-|\u{2013}|,|, | |:| - |9:41|21:41|:05|PM|am|a.m.|p|\
            \u{202F}|\u{00A0}|\u{200E}|\u{202A}|\u{FEFF}|\n|\r\n|\r|Alice|Alice: |: |+44 7700 900123|<Media omitted>|\
            null|é|😅|31/12/2023, 21:41 - |12/31/23, 9:41 PM - |[31/12/2023, 21:41:05] ";
        let pieces = prop::sample::select(PIECES.split('|').collect::<Vec<_>>());
        prop::collection::vec(pieces, 0..80).prop_map(|pieces| pieces.concat())
    }

    fn check_invariants(text: &str, zone: Zone) {
        if let Ok(export) = parse_chat_export(text, zone) {
            let lines = text.lines().count();
            let mut previous = 0;
            for m in &export.messages {
                assert!(m.line > previous && m.line <= lines);
                assert!(!m.sender.is_empty() && !m.sender.contains(is_mark));
                previous = m.line;
            }
            assert!(export.messages.len() + export.skipped_system <= lines);
        }
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(text in any::<String>(), z in prop::sample::select(Zone::all().collect::<Vec<_>>())) {
            check_invariants(&text, z);
        }

        #[test]
        fn never_panics_on_header_like_text(text in header_fragments(), z in prop::sample::select(Zone::all().collect::<Vec<_>>())) {
            check_invariants(&text, z);
        }

        #[test]
        fn valid_headers_round_trip(
            year in 2000i64..2100,
            month in 1u32..=12,
            day in 1u32..=31,
            hour in 0i64..24,
            minute in 0i64..60,
            z in prop::sample::select(Zone::all().collect::<Vec<_>>()),
        ) {
            let day = day.min(days_in_month(year as u32, month));
            let text = format!("{day:02}/{month:02}/{year}, {hour:02}:{minute:02} - Alice: hi");
            let export = parse_chat_export(&text, z).unwrap();
            let m = &export.messages[0];
            let local = chrono::DateTime::from_timestamp_millis(m.local_ms).unwrap().naive_utc();
            prop_assert_eq!((local.year() as i64, local.month(), local.day()), (year, month, day));
            prop_assert_eq!((local.hour() as i64, local.minute() as i64), (hour, minute));
            // The instant is the written time less the zone's offset (UTC−12 … UTC+14,
            // plus at most a day skipped, as Samoa skipped 30 December 2011).
            prop_assert!((m.local_ms - m.sent_at_ms).abs() <= 38 * 3_600_000);
        }
    }
}
