//! KPI formulas shared by every dashboard: what a trend compares, and the
//! funnel of stages with the conversion between them.
//!
//! Two kinds of figure, two kinds of trend (one definition, used by every
//! KPI card):
//! - a flow over this month ("earned this month") is compared month to date
//!   with the same stretch of last month, so the 1st of the month is not
//!   "−100 %" against a whole month;
//! - a running figure (a lifetime total, a balance, a pipeline, an average
//!   over all time) is compared with its own value at the end of last month.
//!
//! A base of zero has no trend (there is nothing to be a percentage of).

use super::time::Zone;
use chrono::Datelike;
use serde::{Deserialize, Serialize};

/// What a trend compares a figure with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TrendBasis {
    /// This month so far against the same days of last month.
    SameDaysLastMonth,
    /// The figure now against its value when last month ended.
    EndOfLastMonth,
}

impl TrendBasis {
    /// The words after the percentage.
    pub fn phrase(self) -> &'static str {
        match self {
            TrendBasis::SameDaysLastMonth => "vs the same days last month",
            TrendBasis::EndOfLastMonth => "since last month ended",
        }
    }
}

/// A change in basis points of its base, and what the base is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trend {
    pub bps: i64,
    pub basis: TrendBasis,
}

impl Trend {
    /// `None` when the base is zero.
    pub fn new(current: i64, base: i64, basis: TrendBasis) -> Option<Trend> {
        trend_bps(current, base).map(|bps| Trend { bps, basis })
    }

    /// A flow this month: `items` are `(when, amount)`; returns this month's
    /// sum so far and its trend against the same days of last month.
    pub fn month_to_date(items: impl IntoIterator<Item = (i64, i64)>, now: i64, zone: Zone) -> (i64, Option<Trend>) {
        let (this, last) = month_to_date(items, now, zone);
        (this, Trend::new(this, last, TrendBasis::SameDaysLastMonth))
    }

    /// A running figure: `value_at(t)` is its value at instant `t`.
    pub fn since_month_end(value_at: impl Fn(i64) -> i64, now: i64, zone: Zone) -> (i64, Option<Trend>) {
        let now_value = value_at(now);
        (now_value, Trend::new(now_value, value_at(zone.month_start(now)), TrendBasis::EndOfLastMonth))
    }

    /// "+12.5%", "−3.0%", or "No change".
    pub fn text(self) -> String {
        if self.bps == 0 {
            "No change".into()
        } else {
            format_trend(self.bps)
        }
    }
}

/// Change in basis points of the previous value (`None` when it is zero).
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

/// Month to date: the sum of `(when, amount)` items from the start of this
/// month (in `zone`) up to `now`, and over the same stretch of last month
/// (its first day up to the same day and time, or its end when shorter).
pub fn month_to_date(items: impl IntoIterator<Item = (i64, i64)>, now: i64, zone: Zone) -> (i64, i64) {
    let this_start = zone.month_start(now);
    let last_start = zone.month_start(this_start - 1);
    let same_moment = zone.months_before(now, 1);
    // Past the end of a shorter last month (31 March vs February): all of it.
    let last_end = if zone.date(same_moment).day() < zone.date(now).day() { this_start } else { same_moment.clamp(last_start, this_start) };
    let mut this = 0i64;
    let mut last = 0i64;
    for (at, amount) in items {
        if (this_start..=now).contains(&at) {
            this = this.saturating_add(amount);
        } else if (last_start..last_end).contains(&at) {
            last = last.saturating_add(amount);
        }
    }
    (this, last)
}

/// One stage of a funnel: how many reached it, and what share of the
/// previous stage that is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelStage {
    pub label: String,
    pub count: i64,
    /// Of the previous stage, in basis points (`None` for the first stage
    /// or when the previous stage is empty).
    pub conversion_bps: Option<i64>,
}

/// Stages in their order (each a subset of the one before) and what fell
/// out along the way, shown beside the funnel rather than as a stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funnel {
    pub stages: Vec<FunnelStage>,
    pub dropped_label: String,
    pub dropped: i64,
}

impl Funnel {
    /// `reached[i]` = how many reached stage `i` (a cumulative count).
    pub fn new(labels: &[&str], reached: &[i64], dropped_label: &str, dropped: i64) -> Funnel {
        let stages = labels
            .iter()
            .zip(reached)
            .enumerate()
            .map(|(i, (label, count))| FunnelStage {
                label: label.to_string(),
                count: *count,
                conversion_bps: i.checked_sub(1).and_then(|p| (reached[p] > 0).then(|| count * 10_000 / reached[p])),
            })
            .collect();
        Funnel { stages, dropped_label: dropped_label.into(), dropped }
    }

    /// "In Review: 30 (83% of New)".
    pub fn stage_text(&self, i: usize) -> String {
        let s = &self.stages[i];
        match (s.conversion_bps, i.checked_sub(1).and_then(|p| self.stages.get(p))) {
            (Some(bps), Some(prev)) => format!("{}: {} ({}% of {})", s.label, s.count, (bps + 50) / 100, prev.label),
            _ => format!("{}: {}", s.label, s.count),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;
    const DAY: i64 = 24 * HOUR;
    // 2026-03-01 00:00 UTC, 2026-02-01 00:00 UTC
    const MAR1: i64 = 1_772_323_200_000;
    const FEB1: i64 = 1_769_904_000_000;

    #[test]
    fn month_to_date_compares_the_same_days() {
        let now = MAR1 + 14 * DAY + 10 * HOUR; // 15 March, 10:00
        let items = [(MAR1 + DAY, 5), (FEB1 + 3 * DAY, 7), (FEB1 + 20 * DAY, 100), (now, 1)];
        // Only 1–15 February up to 10:00 counts against 1–15 March.
        assert_eq!(month_to_date(items, now, Zone::UTC), (6, 7));
        // On the 1st at 09:00, last month's figure is its first nine hours — not the whole month.
        let first = MAR1 + 9 * HOUR;
        assert_eq!(month_to_date([(FEB1 + 8 * HOUR, 3), (FEB1 + 2 * DAY, 50)], first, Zone::UTC), (0, 3));
        assert_eq!(Trend::month_to_date([(FEB1 + 2 * DAY, 50)], first, Zone::UTC), (0, None), "an empty base has no trend");
        // 31 March compares with all of February (the shorter month ends first).
        let mar31 = MAR1 + 30 * DAY + HOUR;
        assert_eq!(month_to_date([(FEB1 + 27 * DAY + 23 * HOUR, 4), (MAR1 + 29 * DAY, 2)], mar31, Zone::UTC), (2, 4));
        // The month is the organization's: 23:30 UTC on 28 February is March in Tokyo.
        let tokyo = Zone::parse("Asia/Tokyo").unwrap();
        let late_feb = MAR1 - 30 * 60_000;
        assert_eq!(month_to_date([(late_feb, 3)], MAR1 + 2 * DAY, Zone::UTC), (0, 0));
        assert_eq!(month_to_date([(late_feb, 3)], MAR1 + 2 * DAY, tokyo), (3, 0));
    }

    #[test]
    fn running_figures_compare_with_last_month_end() {
        let now = MAR1 + 9 * HOUR;
        // A lifetime total of 1,000 that earned nothing this month: no change, not −100 %.
        let lifetime = |t: i64| if t >= FEB1 { 1_000 } else { 0 };
        let (v, t) = Trend::since_month_end(lifetime, now, Zone::UTC);
        assert_eq!((v, t), (1_000, Some(Trend { bps: 0, basis: TrendBasis::EndOfLastMonth })));
        assert_eq!(t.unwrap().text(), "No change");
        let growing = |t: i64| if t > MAR1 { 1_250 } else { 1_000 };
        assert_eq!(Trend::since_month_end(growing, now, Zone::UTC).1.unwrap().text(), "+25.0%");
        assert_eq!(Trend::since_month_end(|_| 7, now, Zone::UTC).1.unwrap().basis.phrase(), "since last month ended");
        assert_eq!(Trend::since_month_end(|t| if t > MAR1 { 7 } else { 0 }, now, Zone::UTC).1, None);
    }

    #[test]
    fn trends() {
        assert_eq!(trend_bps(1125, 1000), Some(1250));
        assert_eq!(trend_bps(900, 1000), Some(-1000));
        assert_eq!(trend_bps(5, 0), None);
        assert_eq!(trend_bps(-50, -100), Some(5000), "a negative base: the sign says the direction");
        assert_eq!(format_trend(1250), "+12.5%");
        assert_eq!(format_trend(-1000), "−10.0%");
        assert_eq!(format_trend(0), "0.0%");
    }

    #[test]
    fn funnel_stages_keep_their_order_and_convert() {
        let f = Funnel::new(&["New", "In Review", "Approved", "Converted"], &[36, 30, 25, 18], "Not accepted", 5);
        assert_eq!(f.stages.iter().map(|s| s.count).collect::<Vec<_>>(), [36, 30, 25, 18]);
        assert_eq!(f.stages[0].conversion_bps, None);
        assert_eq!(f.stages[1].conversion_bps, Some(8333));
        assert_eq!(f.stage_text(0), "New: 36");
        assert_eq!(f.stage_text(1), "In Review: 30 (83% of New)");
        assert_eq!(f.stage_text(3), "Converted: 18 (72% of Approved)");
        let empty = Funnel::new(&["New", "Converted"], &[0, 0], "Not accepted", 0);
        assert_eq!(empty.stages[1].conversion_bps, None);
        assert_eq!(empty.stage_text(1), "Converted: 0");
    }
}
