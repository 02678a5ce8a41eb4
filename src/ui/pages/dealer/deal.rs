//! /deals/:id — one accepted deal as the broker sees it: the watch, the
//! commission terms and the journey from inventory to payment.

use crate::api::dealer::get_broker_deal;
use crate::domain::dealer::{JourneyStep, StepState};
use crate::dto::dealer::BrokerDeal;
use crate::ui::components::dealer::{deal_tone, terms_text};
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
    let steps = d.journey.clone();
    view! {
        <PageHeader title=d.title() subtitle=format!("{} · {}", d.status_text, d.source_type.label())>
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
                        <Pill text=d.status_text.clone() tone=deal_tone(d.status) />
                    </dd>
                </dl>
            </Card>
            <Journey steps />
        </div>
    }
}

#[component]
fn Journey(steps: Vec<JourneyStep>) -> impl IntoView {
    view! {
        <Card title="Journey">
            <ol class="journey">
                {steps
                    .into_iter()
                    .map(|s| {
                        let when = match (s.at, s.state) {
                            (Some(at), _) => date(at),
                            (None, StepState::Current) => "Under way".into(),
                            (None, StepState::Stopped) => String::new(),
                            (None, _) => "Not yet".into(),
                        };
                        view! {
                            <li class:done=s.state == StepState::Done class:current=s.state == StepState::Current class:stopped=s.state == StepState::Stopped>
                                <span class="journey-dot" aria-hidden="true"></span>
                                <span class="journey-label">
                                    {s.label} {(!s.note.is_empty()).then(|| view! { <span class="journey-note">{s.note}</span> })}
                                </span>
                                <span class="muted small">{when}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </Card>
    }
}
