//! /analytics — the broker's earnings, conversion and deal sources.

use crate::api::portal::get_broker_analytics;
use crate::domain::money::BasisPoints;
use crate::dto::dealer::PayoutRequestItem;
use crate::dto::portal::BrokerAnalytics;
use crate::ui::components::time::date;
use crate::ui::components::{Card, Load, PageHeader};
use crate::ui::kit::chart::Chart;
use crate::ui::kit::kpi::{KpiCard, KpiStrip};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_broker_analytics());
    view! {
        <Title text="Analytics" />
        <PageHeader title="Analytics".to_string() subtitle="Earnings, conversion and where your deals come from" />
        <Load data let:a>
            <AnalyticsBody a />
        </Load>
    }
}

#[component]
fn AnalyticsBody(a: BrokerAnalytics) -> impl IntoView {
    view! {
        <KpiStrip>
            <KpiCard label="Lifetime earnings" value=a.lifetime.format() />
            <KpiCard label="Paid out" value=a.paid.format() />
            <KpiCard label="Outstanding" value=a.outstanding.format() />
            <KpiCard label="Submission to sale" value=format!("{}", BasisPoints(a.conversion_bps)) />
        </KpiStrip>
        <div class="charts">
            <div class="chart-wide">
                <Chart title="Earned vs paid out (12 months)" data=a.earned_vs_paid />
            </div>
            <Chart title="Submission funnel" data=a.funnel />
            <Chart title="Earnings by brand" data=a.brand_earnings />
            <div class="chart-wide">
                <Chart title="Submissions per day (30 days)" data=a.velocity height=70 />
            </div>
            <div class="chart-wide">
                <Chart title="Source groups (30 days)" data=a.source_heatmap height=240 />
            </div>
        </div>
        <RecentPayouts list=a.recent_payouts />
    }
}

#[component]
fn RecentPayouts(list: Vec<PayoutRequestItem>) -> impl IntoView {
    view! {
        <Card title="Recent payouts">
            {if list.is_empty() {
                view! { <p class="muted">"No payouts yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="request-list">
                        {list
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <li>
                                        <strong>{r.total.format()}</strong>
                                        " · paid "
                                        {r.paid_on.map(date).unwrap_or_default()}
                                        {r.method.map(|m| format!(" by {}", m.label()))}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </Card>
    }
}
