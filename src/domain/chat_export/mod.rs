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
mod tests;
