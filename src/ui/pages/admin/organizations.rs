//! /platform/organizations — every tenant on this installation (platform admin).

use crate::api::admin::organizations;
use crate::dto::admin::OrgSummary;
use crate::ui::components::time::date;
use crate::ui::components::{Empty, Load, PageHeader, Pill};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OrganizationsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| organizations());
    view! {
        <Title text="Organizations" />
        <Load data let:list>
            <PageHeader title="Organizations".to_string() subtitle="Every tenant on this installation" />
            {if list.is_empty() {
                view! { <Empty title="No organizations" hint="Organizations you create appear here." /> }.into_any()
            } else {
                view! { <OrgTable list /> }.into_any()
            }}
        </Load>
    }
}

#[component]
fn OrgTable(list: Vec<OrgSummary>) -> impl IntoView {
    let rows = list
        .into_iter()
        .map(|o| {
            let mods = o.modules.iter().map(|m| view! { <Pill text=m.label() tone="info" /> }).collect_view();
            view! {
                <tr>
                    <td>{o.name}</td>
                    <td class="pills">{mods}</td>
                    <td>{o.currency}</td>
                    <td class="num">{o.users}</td>
                    <td class="num">{date(o.created_at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">"Organization"</th>
                        <th scope="col">"Modules"</th>
                        <th scope="col">"Currency"</th>
                        <th scope="col" class="num">
                            "Users"
                        </th>
                        <th scope="col" class="num">
                            "Created"
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
