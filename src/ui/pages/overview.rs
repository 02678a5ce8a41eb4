//! / — the signed-in person's home: the broker's dashboard for a broker;
//! for everyone else who they are, where, and with which access.

use crate::api::dealer::RequestPayout;
use crate::api::portal::{overview_data, FlagWantItem};
use crate::dto::account::Me;
use crate::ui::components::dealer::BrokerDashboardPanel;
use crate::ui::components::time::date;
use crate::ui::components::{Card, Load, PageHeader, Pill};
use crate::ui::kit::toast::{provide_toasts, ToastRegion};
use leptos::prelude::*;
use leptos_meta::Title;

/// The signed-in person's home: who they are, where, and with which access.
#[component]
pub fn OverviewPage() -> impl IntoView {
    // Its own resource: one resource read under two <Suspense>s can stall SSR (leptos issue 4851).
    let toasts = provide_toasts();
    let flag = ServerAction::<FlagWantItem>::new();
    let request = ServerAction::<RequestPayout>::new();
    Effect::new(move |_| match request.value().get() {
        Some(Ok(_)) => toasts.success("Payout requested. The dealer team has been notified."),
        Some(Err(e)) => toasts.error(e.to_string()),
        None => {}
    });
    let me = Resource::new(move || (flag.version().get(), request.version().get()), |_| overview_data());
    view! {
        <Title text="Overview" />
        <Load data=me let:loaded>
            {match loaded {
                Some((me, Some(d))) => {
                    view! {
                        <ToastRegion />
                        <PageHeader title=format!("Welcome, {}", first_name(&me)) subtitle=format!("{} · Broker dashboard", me.org_name) />
                        <BrokerDashboardPanel d flag request />
                    }
                        .into_any()
                }
                Some((me, None)) => view! { <OverviewBody me /> }.into_any(),
                None => ().into_any(),
            }}
        </Load>
    }
}

fn first_name(me: &Me) -> String {
    me.name.split_whitespace().next().unwrap_or("").to_string()
}

#[component]
fn OverviewBody(me: Me) -> impl IntoView {
    let modules = if me.is_platform {
        vec![view! { <Pill text="Platform" tone="info"/> }]
    } else {
        me.modules.iter().map(|m| view! { <Pill text=m.label() tone="info" /> }).collect::<Vec<_>>()
    };
    let caps = me.capabilities.iter().map(|c| view! { <li title=c.as_str()>{c.label()}</li> }).collect_view();
    view! {
        <PageHeader title=format!("Welcome, {}", first_name(&me)) subtitle=format!("{} · {}", me.org_name, me.role.label()) />
        <div class="grid-3">
            <Card title="Organization">
                <dl class="facts">
                    <dt>"Name"</dt>
                    <dd>{me.org_name.clone()}</dd>
                    <dt>"Currency"</dt>
                    <dd>{me.org_currency.clone()}</dd>
                    <dt>"Modules"</dt>
                    <dd class="pills">{modules}</dd>
                </dl>
            </Card>
            <Card title="Your account">
                <dl class="facts">
                    <dt>"Email"</dt>
                    <dd>{me.email.clone()}</dd>
                    <dt>"Role"</dt>
                    <dd>{me.role.label()}</dd>
                    <dt>"Member since"</dt>
                    <dd>{date(me.joined_at)}</dd>
                </dl>
            </Card>
            <Card title="Your access">
                <p class="muted small">"What your role lets you do in Dealflow:"</p>
                <ul class="cap-list">{caps}</ul>
            </Card>
        </div>
    }
    .into_any()
}
