//! KPI formulas shared by every dashboard.

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
    let sign = if bps > 0 { "+" } else if bps < 0 { "−" } else { "" };
    let a = bps.unsigned_abs();
    format!("{sign}{}.{}%", a / 100, (a % 100) / 10)
}

#[cfg(test)]
mod tests {
    use super::*;

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
