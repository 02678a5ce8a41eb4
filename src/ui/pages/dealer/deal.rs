//! /deals/:id — one accepted deal as the broker sees it: the watch, the
//! commission terms and the journey from inventory to payment.

use crate::api::dealer::get_broker_deal;
use crate::dto::dealer::BrokerDeal;
use crate::ui::components::dealer::{deal_tone, journey, terms_text};
use crate::ui::components::time::date;
use crate::ui::components::{Card, Load, PageHeader, Pill};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn BrokerDealPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), get_broker_deal);
    view! {
        <Title text="Deal" />
        <Load data let:d>
            <DealDetail d />
        </Load>
    }
}

#[component]
fn DealDetail(d: BrokerDeal) -> impl IntoView {
    let steps = journey(&d);
    view! {
        <PageHeader title=d.title() subtitle=format!("{} · {}", d.status.label(), d.source_type.label())>
            <a class="button" href="/commissions">
                "Commissions"
            </a>
        </PageHeader>
        <div class="grid-2">
            <Card title="Watch">
                <dl class="facts">
                    <dt>"Brand"</dt>
                    <dd>{d.brand.clone()}</dd>
                    <dt>"Model"</dt>
                    <dd>{d.model.clone()}</dd>
                    <dt>"Reference"</dt>
                    <dd>{if d.reference.is_empty() { "—".to_string() } else { d.reference.clone() }}</dd>
                    <dt>"Source"</dt>
                    <dd>{d.source_type.label()}</dd>
                    <dt>"Asking price"</dt>
                    <dd>{d.asking.map(|m| m.format()).unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Commission"</dt>
                    <dd>{terms_text(d.rate, d.basis, d.share)}</dd>
                    <dt>"Your commission"</dt>
                    <dd>{d.commission.map(|m| m.format()).unwrap_or_else(|| "Set when the watch sells".into())}</dd>
                    <dt>"Status"</dt>
                    <dd>
                        <Pill text=d.status.label() tone=deal_tone(d.status) />
                    </dd>
                </dl>
            </Card>
            <Journey steps />
        </div>
    }
}

#[component]
fn Journey(steps: Vec<(&'static str, Option<i64>)>) -> impl IntoView {
    view! {
        <Card title="Journey">
            <ol class="journey">
                {steps
                    .into_iter()
                    .map(|(label, at)| {
                        view! {
                            <li class:done=at.is_some()>
                                <span class="journey-dot" aria-hidden="true"></span>
                                <span class="journey-label">{label}</span>
                                <span class="muted small">{at.map(date).unwrap_or_else(|| "Not yet".into())}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </Card>
    }
}
