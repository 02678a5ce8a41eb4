//! Unix-millisecond timestamps (UTC) to calendar dates, without a clock.

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// (year, month 1–12, day 1–31) of a unix-ms instant in UTC
/// (Howard Hinnant's days-to-civil algorithm).
pub fn civil(ms: i64) -> (i64, u32, u32) {
    let days = ms.div_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// "26 Nov 2025"
pub fn format_date(ms: i64) -> String {
    let (y, m, d) = civil(ms);
    format!("{d} {} {y}", MONTHS[(m - 1) as usize])
}

/// "26 Nov 2025, 14:03 UTC"
pub fn format_datetime(ms: i64) -> String {
    let secs = ms.div_euclid(1000).rem_euclid(86_400);
    format!("{}, {:02}:{:02} UTC", format_date(ms), secs / 3600, (secs % 3600) / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(format_date(0), "1 Jan 1970");
        assert_eq!(format_date(1_764_115_200_000), "26 Nov 2025");
        assert_eq!(format_date(951_782_400_000), "29 Feb 2000");
        assert_eq!(format_datetime(1_764_115_200_000 + 14 * 3_600_000 + 3 * 60_000), "26 Nov 2025, 14:03 UTC");
        assert_eq!(format_date(-86_400_000), "31 Dec 1969");
    }
}
