//! /team — everyone with a login in the organization, and the owner's
//! invitations: invite someone with a role, resend or withdraw an open one.

use crate::api::admin::team_members;
use crate::api::onboarding::{team_invitations, InviteMember, ResendInvitation, RevokeInvitation};
use crate::domain::Role;
use crate::dto::admin::TeamMember;
use crate::dto::onboarding::{InvitationItem, InvitationStatus, InviteOutcome};
use crate::ui::components::onboarding::{reset_on_success, InviteOutcomeBox};
use crate::ui::components::time::date;
use crate::ui::components::{action_alert, action_field_errors, Card, Empty, FieldError, Load, PageHeader, Pill};
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
    let invite = ServerAction::<InviteMember>::new();
    let resend = ServerAction::<ResendInvitation>::new();
    let revoke = ServerAction::<RevokeInvitation>::new();
    let data = Resource::new(|| (), |_| team_members());
    let invitations = Resource::new(move || (invite.version().get(), resend.version().get(), revoke.version().get()), |_| team_invitations());
    // What the last invitation or resend did (emailed, or the link to pass on).
    let outcome = RwSignal::new(None::<InviteOutcome>);
    for sent in [invite.value(), resend.value()] {
        Effect::new(move |_| {
            if let Some(Ok(o)) = sent.get() {
                outcome.set(Some(o));
            }
        });
    }
    view! {
        <Title text="Team" />
        <PageHeader title="Team".to_string() subtitle="Everyone with a login in your organization" />
        // One error panel when the page is not the reader's: the members load inside.
        <Load data=invitations let:inv>
            <InviteCard roles=inv.roles.clone() invite outcome />
            <OpenInvitations list=inv.open resend revoke />
            <Load data let:list>
                {if list.is_empty() {
                    view! { <Empty title="No one yet" hint="People you invite appear here." /> }.into_any()
                } else {
                    view! { <TeamTable list /> }.into_any()
                }}
            </Load>
        </Load>
    }
}

/// Invite someone: address, name and role (the roles the organization's modules offer).
#[component]
fn InviteCard(roles: Vec<Role>, invite: ServerAction<InviteMember>, outcome: RwSignal<Option<InviteOutcome>>) -> impl IntoView {
    let value = invite.value();
    let form = reset_on_success(value);
    let (team, external): (Vec<Role>, Vec<Role>) = roles.into_iter().partition(|r| !r.is_external() && *r != Role::Agent);
    let options = |list: Vec<Role>| list.into_iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view();
    view! {
        <Card title="Invite someone">
            <ActionForm action=invite node_ref=form attr:class="form" attr:novalidate=true>
                {action_alert(value)}
                <div class="form-row">
                    <div class="field">
                        <label for="i-email">"Email"</label>
                        <input id="i-email" type="email" name="email" autocomplete="off" required />
                        <FieldError errors=action_field_errors(value, "email") />
                    </div>
                    <div class="field">
                        <label for="i-name">"Name"</label>
                        <input id="i-name" name="name" autocomplete="off" required />
                        <FieldError errors=action_field_errors(value, "name") />
                    </div>
                    <div class="field">
                        <label for="i-role">"Role"</label>
                        <select id="i-role" name="role">
                            <optgroup label="Your team">{options(team)}</optgroup>
                            <optgroup label="Outside partners">{options(external)}</optgroup>
                        </select>
                        <FieldError errors=action_field_errors(value, "role") />
                    </div>
                </div>
                <p class="muted small">"They get a link that works once, for 7 days, to choose a password; then they land on their own home page."</p>
                <button type="submit" class="button primary" disabled=move || invite.pending().get()>
                    "Send invitation"
                </button>
            </ActionForm>
            {move || outcome.get().map(|outcome| view! { <InviteOutcomeBox outcome /> })}
        </Card>
    }
}

/// Invitations not yet accepted nor withdrawn, with resend and withdraw.
#[component]
fn OpenInvitations(list: Vec<InvitationItem>, resend: ServerAction<ResendInvitation>, revoke: ServerAction<RevokeInvitation>) -> impl IntoView {
    if list.is_empty() {
        return ().into_any();
    }
    let failed = move || {
        let resend_error = resend.value().get().and_then(|r| r.err());
        let revoke_error = revoke.value().get().and_then(|r| r.err());
        resend_error.or(revoke_error).map(|e| {
            view! {
                <p class="alert alert-error" role="alert">
                    {e.to_string()}
                </p>
            }
        })
    };
    let rows = list
        .into_iter()
        .map(|i| {
            let tone = if i.status == InvitationStatus::Pending { "info" } else { "warn" };
            let status = match i.status {
                InvitationStatus::Pending => format!("Pending until {}", date(i.expires_at)),
                InvitationStatus::Expired => format!("Expired {}", date(i.expires_at)),
            };
            let (id_resend, id_revoke) = (i.id.clone(), i.id);
            view! {
                <tr>
                    <td>{i.name}</td>
                    <td>{i.email}</td>
                    <td>{i.role.label()}</td>
                    <td>
                        <Pill text=status tone />
                    </td>
                    <td class="invite-actions">
                        <ActionForm action=resend>
                            <input type="hidden" name="id" value=id_resend />
                            <button type="submit" class="button small">
                                "Resend"
                            </button>
                        </ActionForm>
                        <ActionForm action=revoke>
                            <input type="hidden" name="id" value=id_revoke />
                            <button type="submit" class="button small danger">
                                "Withdraw"
                            </button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Card title="Open invitations">
            {failed} <div class="table-wrap">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Email"</th>
                            <th scope="col">"Role"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">
                                <span class="sr-only">"Actions"</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </Card>
    }
    .into_any()
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
