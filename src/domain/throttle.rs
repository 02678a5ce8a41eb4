//! How long repeated failures make the next attempt wait — sign-in per
//! account and network, the current-password check per person. Pure: the
//! server counts the failures and passes `now`.

/// Failures allowed before the next attempt has to wait.
pub const FREE_FAILURES: usize = 5;
/// The longest wait.
pub const MAX_WAIT_MS: i64 = 15 * 60_000;

/// The wait after `failures` failures in a row: none for the first
/// [`FREE_FAILURES`], then one minute, doubling with every further failure,
/// at most [`MAX_WAIT_MS`] — so a guesser slows to a crawl while nobody is
/// shut out for long.
pub fn progressive_wait_ms(failures: usize) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES).min(16) as u32;
    (60_000i64 << doublings).min(MAX_WAIT_MS)
}

/// Whole seconds from `now` until `until`, at least 1 (a `Retry-After`).
pub fn retry_after_secs(until_ms: i64, now_ms: i64) -> u64 {
    ((until_ms - now_ms + 999) / 1000).max(1) as u64
}

/// "1 minute", "15 minutes": a wait as people read it (rounded up).
pub fn minutes_text(secs: u64) -> String {
    let m = secs.div_ceil(60).max(1);
    if m == 1 {
        "1 minute".to_string()
    } else {
        format!("{m} minutes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_from_a_minute_and_stop_at_fifteen() {
        assert_eq!(progressive_wait_ms(0), 0);
        assert_eq!(progressive_wait_ms(4), 0);
        assert_eq!(progressive_wait_ms(5), 60_000);
        assert_eq!(progressive_wait_ms(6), 120_000);
        assert_eq!(progressive_wait_ms(8), 480_000);
        assert_eq!(progressive_wait_ms(9), MAX_WAIT_MS);
        assert_eq!(progressive_wait_ms(1_000), MAX_WAIT_MS);
    }

    #[test]
    fn retry_after_rounds_up_and_never_says_zero() {
        assert_eq!(retry_after_secs(10_001, 0), 11);
        assert_eq!(retry_after_secs(10_000, 0), 10);
        assert_eq!(retry_after_secs(5, 10), 1);
        assert_eq!(minutes_text(1), "1 minute");
        assert_eq!(minutes_text(61), "2 minutes");
        assert_eq!(minutes_text(900), "15 minutes");
    }
}
