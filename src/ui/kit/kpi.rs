//! KPI card with a month-over-month trend, and the strip that holds them.

use crate::domain::kpi::format_trend;
use leptos::prelude::*;

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
        let dir = if bps > 0 {
            "up"
        } else if bps < 0 {
            "down"
        } else {
            "flat"
        };
        let good = match dir {
            "up" => up_is_good,
            "down" => !up_is_good,
            _ => true,
        };
        let tone = if dir == "flat" {
            "flat"
        } else if good {
            "good"
        } else {
            "bad"
        };
        let arrow = match dir {
            "up" => "▲",
            "down" => "▼",
            _ => "■",
        };
        let text = format_trend(bps);
        let aria = format!("{text} versus last month");
        view! {
            <span class=format!("kpi-trend trend-{tone}") aria-label=aria>
                <span aria-hidden="true">{arrow}" "</span>
                {text}
                <span class="kpi-trend-note" aria-hidden="true">
                    " vs last month"
                </span>
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
