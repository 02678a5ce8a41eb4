//! /team — everyone with a login in the organization.

use crate::api::admin::team_members;
use crate::dto::admin::TeamMember;
use crate::ui::components::time::date;
use crate::ui::components::{Empty, Load, PageHeader, Pill};
use crate::ui::kit::table::{Cell, Column, DataTable, TableRow};
use leptos::prelude::*;
use leptos_meta::Title;

fn role_tone(member: &TeamMember) -> &'static str {
    if member.role.is_external() {
        "neutral"
    } else {
        "info"
    }
}

#[component]
pub fn TeamPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| team_members());
    view! {
        <Title text="Team" />
        <Load data let:list>
            <PageHeader title="Team".to_string() subtitle="Everyone with a login in your organization" />
            {if list.is_empty() {
                view! { <Empty title="No one yet" hint="People you invite appear here." /> }.into_any()
            } else {
                view! { <TeamTable list /> }.into_any()
            }}
        </Load>
    }
}

fn member_row(m: TeamMember) -> TableRow {
    let tone = role_tone(&m);
    let role = m.role.label();
    TableRow {
        key: m.id.clone(),
        href: Some(format!("/team/{}", m.id)),
        tag: Some(if m.role.is_external() { "external" } else { "team" }.to_string()),
        cells: vec![
            Cell::text(m.name),
            Cell::text(m.email),
            Cell::text(role).with_view(move || view! { <Pill text=role tone=tone/> }.into_any()),
            Cell::text(if m.active { "Active" } else { "Deactivated" }),
            Cell::num(m.joined_at, date(m.joined_at)),
        ],
    }
}

#[component]
fn TeamTable(list: Vec<TeamMember>) -> impl IntoView {
    let rows = list.into_iter().map(member_row).collect();
    view! {
        <DataTable
            label="Team members"
            rows
            columns=vec![Column::text("Name"), Column::text("Email"), Column::text("Role"), Column::text("Status"), Column::num("Joined")]
            filters=vec![("Team", "team"), ("External", "external")]
            csv_href="/export/team.csv"
            empty_title="No one yet"
        />
    }
}
