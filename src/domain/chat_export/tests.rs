//! Tests of the chat-export reader: every line format, the rules, and
//! property tests that it never panics.

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
        ChatExportError::MixedDateOrder { day_first_line: 1, day_first_date: "13/01/2024".into(), month_first_line: 3, month_first_date: "01/13/2024".into() }
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
    let export = parse(include_str!("../../../end2end/fixtures/chat-export.txt"));
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
