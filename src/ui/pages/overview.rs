//! / — the signed-in person's home: the broker's dashboard for a broker;
//! for the desk what needs attention and its figures; for everyone the
//! organization and its modules in words, and where to go.

use crate::api::dealer::RequestPayout;
use crate::api::portal::{overview_data, FlagWantItem};
use crate::domain::nav::sidebar_for;
use crate::dto::account::Me;
use crate::dto::portal::{DeskHome, Home};
use crate::ui::components::dealer::{BrokerDashboardPanel, Checklist};
use crate::ui::components::time::date;
use crate::ui::components::{Card, Load, PageHeader};
use crate::ui::kit::kpi::{KpiCard, KpiStrip};
use crate::ui::kit::toast::{provide_toasts, ToastRegion};
use leptos::prelude::*;
use leptos_meta::Title;

/// The signed-in person's home: a broker's dashboard; for the desk what
/// needs attention and its figures; for everyone where they are.
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
                Some((me, Home::Broker(d))) => {
                    view! {
                        <ToastRegion />
                        <PageHeader title=format!("Welcome, {}", first_name(&me)) subtitle=format!("{} · Broker dashboard", me.org_name) />
                        <BrokerDashboardPanel d flag request />
                    }
                        .into_any()
                }
                Some((me, Home::Desk(h))) => view! { <DeskHomeBody me h /> }.into_any(),
                Some((me, Home::Plain)) => view! { <PlainHome me /> }.into_any(),
                None => ().into_any(),
            }}
        </Load>
    }
}

fn first_name(me: &Me) -> String {
    me.name.split_whitespace().next().unwrap_or("").to_string()
}

/// The desk's home: what needs attention, the figures, the organization.
#[component]
fn DeskHomeBody(me: Me, h: DeskHome) -> impl IntoView {
    view! {
        <PageHeader title=format!("Welcome, {}", first_name(&me)) subtitle=format!("{} · {}", me.org_name, me.role.label()) />
        <KpiStrip>
            {h
                .figures
                .into_iter()
                .map(|f| {
                    view! {
                        <a class="kpi-link" href=f.href>
                            <KpiCard label=f.label value=f.value trend=f.trend hint=f.hint />
                        </a>
                    }
                })
                .collect_view()}
        </KpiStrip>
        <div class="grid-2">
            <Checklist items=h.attention title="Needs your attention" empty="All caught up: nothing is waiting for you." />
            <OrganizationCard me />
        </div>
    }
}

/// Where the person is and what the organization uses, in words.
#[component]
fn OrganizationCard(me: Me) -> impl IntoView {
    let modules: Vec<(&str, &str)> = if me.is_platform {
        vec![("Platform", "organizations, their first owners and the audit log")]
    } else {
        me.modules.iter().map(|m| (m.label(), m.describe())).collect()
    };
    let modules = modules
        .into_iter()
        .map(|(name, what)| {
            view! {
                <li>
                    <strong>{name}</strong>
                    " — "
                    {what}
                </li>
            }
        })
        .collect_view();
    view! {
        <Card title=me.org_name.clone()>
            <dl class="facts">
                <dt>"Your role"</dt>
                <dd>{me.role.label()}</dd>
                <dt>"Currency"</dt>
                <dd>{me.org_currency.clone()}</dd>
                <dt>"Member since"</dt>
                <dd>{date(me.joined_at)}</dd>
            </dl>
            <h3 class="subheading">"In use here"</h3>
            <ul class="module-list">{modules}</ul>
        </Card>
    }
}

/// Everyone else: the organization in words and the pages of his role.
#[component]
fn PlainHome(me: Me) -> impl IntoView {
    let pages = sidebar_for(me.role, &me.modules).into_iter().filter(|i| i.path != "/").collect::<Vec<_>>();
    view! {
        <PageHeader title=format!("Welcome, {}", first_name(&me)) subtitle=format!("{} · {}", me.org_name, me.role.label()) />
        <div class="grid-2">
            <OrganizationCard me />
            <Card title="Where to go">
                <ul class="checklist">
                    {pages
                        .into_iter()
                        .map(|i| {
                            view! {
                                <li>
                                    <a href=i.path>{i.label}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </Card>
        </div>
    }
}
