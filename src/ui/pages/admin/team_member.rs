//! /team/:id — one member of the organization; the owner deactivates him
//! (his sessions end at once, his records stay) or lets him back in.

use crate::api::admin::get_team_member;
use crate::api::onboarding::SetMemberActive;
use crate::dto::admin::TeamMember;
use crate::ui::components::time::date;
use crate::ui::components::{action_alert, Card, Load, PageHeader};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn TeamMemberPage() -> impl IntoView {
    let params = use_params_map();
    let set_active = ServerAction::<SetMemberActive>::new();
    let data = Resource::new(move || (params.with(|p| p.get("id").unwrap_or_default()), set_active.version().get()), |(id, _)| get_team_member(id));
    view! {
        <Title text="Team member" />
        <Load data let:m>
            <MemberDetail m set_active />
        </Load>
    }
}

#[component]
fn MemberDetail(m: TeamMember, set_active: ServerAction<SetMemberActive>) -> impl IntoView {
    let (label, hint, class) = if m.active {
        ("Deactivate", "Signs this person out everywhere at once and stops any new sign-in. Their records and history stay.", "button danger")
    } else {
        ("Let back in", "They can sign in again with their password.", "button")
    };
    view! {
        <PageHeader title=m.name.clone() subtitle=m.role.label() />
        <Card title="Profile">
            <dl class="facts">
                <dt>"Email"</dt>
                <dd>{m.email}</dd>
                <dt>"Role"</dt>
                <dd>{m.role.label()}</dd>
                <dt>"Status"</dt>
                <dd data-testid="member-status">{if m.active { "Active" } else { "Deactivated" }}</dd>
                <dt>"Joined"</dt>
                <dd>{date(m.joined_at)}</dd>
            </dl>
        </Card>
        <Card title="Access">
            {action_alert(set_active.value())} <ActionForm action=set_active attr:class="form narrow">
                <input type="hidden" name="id" value=m.id />
                <input type="hidden" name="active" value=(!m.active).to_string() />
                <p class="muted small">{hint}</p>
                <button type="submit" class=class disabled=move || set_active.pending().get()>
                    {label}
                </button>
            </ActionForm>
        </Card>
        <p>
            <a href="/team">"← All team members"</a>
        </p>
    }
}
