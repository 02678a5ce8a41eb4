//! KPI card with a month-over-month trend, and the strip that holds them.

use leptos::prelude::*;

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

#[component]
pub fn KpiCard(
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    /// Change against last month in basis points; `None` hides the trend.
    #[prop(optional)]
    trend: Option<i64>,
    /// Whether a rise is good news (earnings) or bad news (outstanding).
    #[prop(default = true)]
    up_is_good: bool,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let trend_view = trend.map(|bps| {
        let dir = if bps > 0 { "up" } else if bps < 0 { "down" } else { "flat" };
        let good = match dir {
            "up" => up_is_good,
            "down" => !up_is_good,
            _ => true,
        };
        let tone = if dir == "flat" { "flat" } else if good { "good" } else { "bad" };
        let arrow = match dir {
            "up" => "▲",
            "down" => "▼",
            _ => "■",
        };
        let text = format_trend(bps);
        let aria = format!("{text} versus last month");
        view! {
            <span class=format!("kpi-trend trend-{tone}") aria-label=aria>
                <span aria-hidden="true">{arrow}" "</span>{text}
                <span class="kpi-trend-note" aria-hidden="true">" vs last month"</span>
            </span>
        }
    });
    view! {
        <div class="kpi-card">
            <p class="kpi-label">{label}</p>
            <p class="kpi-value">{value}</p>
            {trend_view}
            {hint.map(|h| view! { <p class="kpi-hint">{h}</p> })}
        </div>
    }
}

#[component]
pub fn KpiStrip(children: Children) -> impl IntoView {
    view! { <div class="kpi-strip">{children()}</div> }
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
