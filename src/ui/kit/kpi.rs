//! KPI card with a month-over-month trend, and the strip that holds them.

use crate::domain::kpi::Trend;
use leptos::prelude::*;

#[component]
pub fn KpiCard(
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    /// Change against last month (`domain::kpi` says against what); `None` hides it.
    #[prop(optional_no_strip)]
    trend: Option<Trend>,
    /// Whether a rise is good news (earnings) or bad news (outstanding).
    #[prop(default = true)]
    up_is_good: bool,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let trend_view = trend.map(|t| {
        let bps = t.bps;
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
        let text = t.text();
        let phrase = t.basis.phrase();
        let aria = format!("{text} {phrase}");
        view! {
            <span class=format!("kpi-trend trend-{tone}") aria-label=aria>
                <span aria-hidden="true">{arrow}" "</span>
                {text}
                <span class="kpi-trend-note" aria-hidden="true">
                    " "
                    {phrase}
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
