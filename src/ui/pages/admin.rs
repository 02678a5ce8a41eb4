use crate::api::admin::{audit_log, get_team_member, organizations, team_members};
use crate::dto::admin::{AuditItem, OrgSummary, TeamMember};
use crate::domain::time::{format_date, format_datetime};
use crate::ui::components::{Card, Empty, ErrorPanel, Loading, PageHeader, Pill};
use crate::ui::kit::table::{Cell, Column, DataTable, TableRow};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

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
        <Title text="Team"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <TeamHeader/><Empty title="No one yet" hint="People you invite appear here."/> }.into_any(),
                    Ok(list) => view! { <TeamHeader/><TeamTable list/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TeamTable(list: Vec<TeamMember>) -> impl IntoView {
    let rows = list
        .into_iter()
        .map(|m| {
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
                    Cell::num(m.joined_at, format_date(m.joined_at)),
                ],
            }
        })
        .collect();
    view! {
        <DataTable label="Team members" rows
            columns=vec![Column::text("Name"), Column::text("Email"), Column::text("Role"), Column::text("Status"), Column::num("Joined")]
            filters=vec![("Team", "team"), ("External", "external")]
            csv_href="/export/team.csv"
            empty_title="No one yet"/>
    }
}

#[component]
pub fn TeamMemberPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), get_team_member);
    view! {
        <Title text="Team member"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(m) => view! {
                        <PageHeader title=m.name.clone() subtitle=m.role.label()/>
                        <Card title="Profile">
                            <dl class="facts">
                                <dt>"Email"</dt><dd>{m.email}</dd>
                                <dt>"Role"</dt><dd>{m.role.label()}</dd>
                                <dt>"Status"</dt><dd>{if m.active { "Active" } else { "Deactivated" }}</dd>
                                <dt>"Joined"</dt><dd>{format_date(m.joined_at)}</dd>
                            </dl>
                        </Card>
                        <p><a href="/team">"← All team members"</a></p>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn OrganizationsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| organizations());
    view! {
        <Title text="Organizations"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <PageHeader title="Organizations".to_string() subtitle="Every tenant on this installation"/><Empty title="No organizations" hint="Organizations you create appear here."/> }.into_any(),
                    Ok(list) => view! { <PageHeader title="Organizations".to_string() subtitle="Every tenant on this installation"/><OrgTable list/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrgTable(list: Vec<OrgSummary>) -> impl IntoView {
    let rows = list
        .into_iter()
        .map(|o| {
            let mods = o.modules.iter().map(|m| view! { <Pill text=m.label() tone="info"/> }).collect_view();
            view! {
                <tr>
                    <td>{o.name}</td>
                    <td class="pills">{mods}</td>
                    <td>{o.currency}</td>
                    <td class="num">{o.users}</td>
                    <td class="num">{format_date(o.created_at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr><th scope="col">"Organization"</th><th scope="col">"Modules"</th><th scope="col">"Currency"</th><th scope="col" class="num">"Users"</th><th scope="col" class="num">"Created"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn action_tone(action: &str) -> &'static str {
    match action {
        "login.failed" | "login.throttled" | "access.denied" | "password.change_failed" => "warn",
        "login.succeeded" | "password.changed" => "ok",
        _ => "neutral",
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| audit_log());
    view! {
        <Title text="Audit log"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <AuditHeader/><Empty title="Nothing recorded yet" hint="Sign-ins and sensitive actions appear here."/> }.into_any(),
                    Ok(list) => view! { <AuditHeader/><AuditTable list/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AuditTable(list: Vec<AuditItem>) -> impl IntoView {
    let rows = list
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            let tone = action_tone(&a.action);
            let action = a.action.clone();
            TableRow {
                key: i.to_string(),
                href: None,
                tag: Some(if tone == "warn" { "warn" } else { "other" }.to_string()),
                cells: vec![
                    Cell::num(a.at, format_datetime(a.at)),
                    Cell::text(a.action).with_view(move || view! { <Pill text=action.clone() tone=tone/> }.into_any()),
                    Cell::text(a.actor.unwrap_or_else(|| "—".into())),
                    Cell::text(a.target.unwrap_or_else(|| "—".into())),
                    Cell::text(a.ip.unwrap_or_else(|| "—".into())),
                ],
            }
        })
        .collect();
    view! {
        <DataTable label="Audit entries" rows page_size=50
            columns=vec![Column::text("When"), Column::text("Action"), Column::text("Who"), Column::text("About"), Column::text("IP")]
            filters=vec![("Warnings", "warn")]
            csv_href="/export/audit.csv"
            empty_title="Nothing recorded yet"/>
    }
}

#[component]
fn TeamHeader() -> impl IntoView {
    view! { <PageHeader title="Team".to_string() subtitle="Everyone with a login in your organization"/> }
}

#[component]
fn AuditHeader() -> impl IntoView {
    view! { <PageHeader title="Audit log".to_string() subtitle="Sign-ins, failed sign-ins, refused access and every sensitive action — newest first"/> }
}
