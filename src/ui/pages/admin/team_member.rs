//! /team/:id — one member of the organization.

use crate::api::admin::get_team_member;
use crate::dto::admin::TeamMember;
use crate::ui::components::time::date;
use crate::ui::components::{Card, Load, PageHeader};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn TeamMemberPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), get_team_member);
    view! {
        <Title text="Team member" />
        <Load data let:m>
            <MemberDetail m />
        </Load>
    }
}

#[component]
fn MemberDetail(m: TeamMember) -> impl IntoView {
    view! {
        <PageHeader title=m.name.clone() subtitle=m.role.label() />
        <Card title="Profile">
            <dl class="facts">
                <dt>"Email"</dt>
                <dd>{m.email}</dd>
                <dt>"Role"</dt>
                <dd>{m.role.label()}</dd>
                <dt>"Status"</dt>
                <dd>{if m.active { "Active" } else { "Deactivated" }}</dd>
                <dt>"Joined"</dt>
                <dd>{date(m.joined_at)}</dd>
            </dl>
        </Card>
        <p>
            <a href="/team">"← All team members"</a>
        </p>
    }
}
