//! The broker's dashboard: KPIs, funnel, want list, checklist, payouts,
//! charts. Shown by the Overview page, whose data includes it.

use super::{commission_tone, urgency_label};
use crate::api::dealer::RequestPayout;
use crate::api::portal::FlagWantItem;
use crate::domain::money::Money;
use crate::dto::dealer::{BrokerCommission, PayoutRequestItem};
use crate::dto::portal::{BrokerDashboard, ChecklistItem, WantItem};
use crate::ui::components::{Card, Pill};
use crate::ui::kit::chart::Chart;
use crate::ui::kit::kpi::{KpiCard, KpiStrip};
use leptos::prelude::*;

/// The broker's home: KPIs, funnel, want list, checklist, payouts, charts.
/// Its data comes with the Overview page's (one resource, see `overview_data`).
#[component]
pub fn BrokerDashboardPanel(d: BrokerDashboard, flag: ServerAction<FlagWantItem>, request: ServerAction<RequestPayout>) -> impl IntoView {
    view! {
        <KpiStrip>{d.kpis.into_iter().map(|k| view! { <KpiCard label=k.label value=k.value.format() trend=k.trend hint=k.hint /> }).collect_view()}</KpiStrip>
        <div class="charts">
            <Chart title="Pipeline" data=d.funnel />
            <Checklist items=d.checklist />
        </div>
        <div class="grid-2">
            <WantedByDesk items=d.want_list flag />
            <UpcomingPayouts upcoming=d.upcoming open_request=d.open_request requestable=d.requestable request />
        </div>
        <div class="charts">
            <Chart title="Earnings (12 months)" data=d.earnings_trend />
            <Chart title="Brand mix" data=d.brand_mix />
        </div>
    }
}

/// A card of links to what needs doing (the broker's checklist, the desk's attention list).
#[component]
pub fn Checklist(
    items: Vec<ChecklistItem>,
    #[prop(into, default = "Action checklist".to_string())] title: String,
    #[prop(into, default = "All caught up.".to_string())] empty: String,
) -> impl IntoView {
    view! {
        <Card title=title>
            {if items.is_empty() {
                view! { <p class="muted">{empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="checklist">
                        {items
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <li>
                                        <a href=c.href>{c.text}</a>
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

#[component]
fn WantedByDesk(items: Vec<WantItem>, flag: ServerAction<FlagWantItem>) -> impl IntoView {
    view! {
        <Card title="Wanted by the desk">
            {if items.is_empty() {
                view! { <p class="muted">"The dealer has no open requests."</p> }.into_any()
            } else {
                view! { <ul class="want-list">{items.into_iter().map(|w| view! { <WantRow w flag /> }).collect_view()}</ul> }.into_any()
            }}
        </Card>
    }
}

/// One wanted watch with the broker's two flags (pressing a set flag clears it).
#[component]
fn WantRow(w: WantItem, flag: ServerAction<FlagWantItem>) -> impl IntoView {
    let (label, tone) = urgency_label(w.urgency);
    let id1 = w.id.clone();
    let id2 = w.id.clone();
    let can = w.my_flag == "can_find";
    let working = w.my_flag == "working_on";
    view! {
        <li>
            <div>
                <strong>{w.title()}</strong>
                " "
                <Pill text=label tone=tone />
            </div>
            {(!w.notes.is_empty()).then(|| view! { <p class="muted small">{w.notes.clone()}</p> })}
            <div class="button-row">
                <button
                    type="button"
                    class="button small"
                    class:primary=can
                    aria-pressed=if can { "true" } else { "false" }
                    on:click=move |_| {
                        flag.dispatch(FlagWantItem {
                            id: id1.clone(),
                            flag: if can { String::new() } else { "can_find".into() },
                        });
                    }
                >
                    "I can find this"
                </button>
                <button
                    type="button"
                    class="button small"
                    class:primary=working
                    aria-pressed=if working { "true" } else { "false" }
                    on:click=move |_| {
                        flag.dispatch(FlagWantItem {
                            id: id2.clone(),
                            flag: if working { String::new() } else { "working_on".into() },
                        });
                    }
                >
                    "I’m working on this"
                </button>
            </div>
        </li>
    }
}

#[component]
fn UpcomingPayouts(
    upcoming: Vec<BrokerCommission>,
    open_request: Option<PayoutRequestItem>,
    requestable: Money,
    request: ServerAction<RequestPayout>,
) -> impl IntoView {
    let can_request = open_request.is_none() && requestable.is_positive();
    view! {
        <Card title="Upcoming payouts">
            {if upcoming.is_empty() {
                view! { <p class="muted">"Nothing released for payout yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="request-list">
                        {upcoming
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <li>{c.watch}" · "<strong>{c.amount.format()}</strong>" "<Pill text=c.status.label() tone=commission_tone(c.status) /></li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }} {open_request.map(|r| view! { <p>"Open request: "<strong>{r.total.format()}</strong>" — "{r.status.label()}</p> })}
            {can_request
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button primary"
                            on:click=move |_| {
                                request
                                    .dispatch(RequestPayout {
                                        note: String::new(),
                                    });
                            }
                        >
                            "Request payout of "
                            {requestable.format()}
                        </button>
                    }
                })}
        </Card>
    }
}
