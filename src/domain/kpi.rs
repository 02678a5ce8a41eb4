//! KPI formulas shared by every dashboard.

use super::time::Zone;

/// Month-over-month change in basis points of the previous value
/// (`None` when there is no previous value to compare with).
pub fn trend_bps(current: i64, previous: i64) -> Option<i64> {
    if previous == 0 {
        return None;
    }
    let diff = current as i128 - previous as i128;
    Some(((diff * 10_000) / (previous as i128).abs()) as i64)
}

/// "+12.5%", "−3.0%", "0.0%".
pub fn format_trend(bps: i64) -> String {
    let sign = if bps > 0 {
        "+"
    } else if bps < 0 {
        "−"
    } else {
        ""
    };
    let a = bps.unsigned_abs();
    format!("{sign}{}.{}%", a / 100, (a % 100) / 10)
}

/// Month-over-month: (this month, last month) sums of `(when, minor)` items
/// relative to `now`, in the calendar months of `zone`.
pub fn this_and_last_month(items: impl IntoIterator<Item = (i64, i64)>, now: i64, zone: Zone) -> (i64, i64) {
    let mut this = 0i64;
    let mut last = 0i64;
    for (at, minor) in items {
        match zone.months_back(at, now) {
            Some(0) => this = this.saturating_add(minor),
            Some(1) => last = last.saturating_add(minor),
            _ => {}
        }
    }
    (this, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_compare_calendar_months() {
        // 2026-03-15 and 2026-02-10 and 2026-01-31
        let mar = 1_773_532_800_000;
        let feb = 1_770_681_600_000;
        let jan = 1_769_817_600_000;
        assert_eq!(this_and_last_month([(mar, 5), (feb, 7), (jan, 100), (mar, 1)], mar, Zone::UTC), (6, 7));
        // 23:30 UTC on 31 January is February in Tokyo.
        let jan_late = jan + 23 * 3_600_000 + 30 * 60_000;
        let tokyo = Zone::parse("Asia/Tokyo").unwrap();
        assert_eq!(this_and_last_month([(jan_late, 3)], mar, Zone::UTC), (0, 0));
        assert_eq!(this_and_last_month([(jan_late, 3)], mar, tokyo), (0, 3));
    }

    #[test]
    fn trends() {
        assert_eq!(trend_bps(1125, 1000), Some(1250));
        assert_eq!(trend_bps(900, 1000), Some(-1000));
        assert_eq!(trend_bps(5, 0), None);
        assert_eq!(format_trend(1250), "+12.5%");
        assert_eq!(format_trend(-1000), "−10.0%");
        assert_eq!(format_trend(0), "0.0%");
    }
}
