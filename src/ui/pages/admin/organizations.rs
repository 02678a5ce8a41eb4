//! /platform/organizations — every tenant on this installation, and a new
//! one with the invitation of its first owner (platform admin).

use crate::api::admin::organizations;
use crate::api::onboarding::CreateOrganization;
use crate::domain::tenancy::CURRENCIES;
use crate::domain::time::Zone;
use crate::domain::Module;
use crate::dto::admin::OrgSummary;
use crate::ui::components::onboarding::{reset_on_success, InviteOutcomeBox};
use crate::ui::components::time::{date, zone_options};
use crate::ui::components::{action_alert, action_field_errors, Card, Empty, FieldError, Load, PageHeader, Pill};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OrganizationsPage() -> impl IntoView {
    let create = ServerAction::<CreateOrganization>::new();
    let data = Resource::new(move || create.version().get(), |_| organizations());
    view! {
        <Title text="Organizations" />
        <PageHeader title="Organizations".to_string() subtitle="Every tenant on this installation" />
        <NewOrgCard create />
        <Load data let:list>
            {if list.is_empty() {
                view! { <Empty title="No organizations yet" hint="Create the first one above; its owner gets an invitation to sign in." /> }.into_any()
            } else {
                view! { <OrgTable list /> }.into_any()
            }}
        </Load>
    }
}

/// A new organization: name, currency, time zone, modules, and its first owner.
#[component]
fn NewOrgCard(create: ServerAction<CreateOrganization>) -> impl IntoView {
    let value = create.value();
    let form = reset_on_success(value);
    let modules = Module::ALL
        .into_iter()
        .map(|m| {
            view! {
                <label class="check">
                    <input type="checkbox" name=m.as_str() value="on" />
                    {m.label()}
                </label>
            }
        })
        .collect_view();
    let done = move || {
        value.get().and_then(|r| r.ok()).map(|o| {
            view! {
                <p class="muted" role="status">
                    {format!("{} is created. Its owner signs in through the invitation:", o.org_name)}
                </p>
                <InviteOutcomeBox outcome=o.invite />
            }
        })
    };
    view! {
        <Card title="New organization">
            <ActionForm action=create node_ref=form attr:class="form" attr:novalidate=true>
                {action_alert(value)}
                <div class="form-row">
                    <div class="field">
                        <label for="o-name">"Name"</label>
                        <input id="o-name" name="name" autocomplete="organization" required />
                        <FieldError errors=action_field_errors(value, "name") />
                    </div>
                    <div class="field">
                        <label for="o-currency">"Currency"</label>
                        <select id="o-currency" name="currency">
                            {CURRENCIES.into_iter().map(|c| view! { <option value=c>{c}</option> }).collect_view()}
                        </select>
                        <FieldError errors=action_field_errors(value, "currency") />
                    </div>
                    <div class="field">
                        <label for="o-zone">"Time zone"</label>
                        <select id="o-zone" name="time_zone">
                            {zone_options(Zone::UTC)}
                        </select>
                        <FieldError errors=action_field_errors(value, "time_zone") />
                    </div>
                </div>
                <fieldset class="field">
                    <legend>"Modules"</legend>
                    <div class="checks">{modules}</div>
                    <FieldError errors=action_field_errors(value, "modules") />
                </fieldset>
                <div class="form-row">
                    <div class="field">
                        <label for="o-owner-name">"First owner's name"</label>
                        <input id="o-owner-name" name="owner_name" autocomplete="off" required />
                        <FieldError errors=action_field_errors(value, "owner_name") />
                    </div>
                    <div class="field">
                        <label for="o-owner-email">"First owner's email"</label>
                        <input id="o-owner-email" type="email" name="owner_email" autocomplete="off" required />
                        <FieldError errors=action_field_errors(value, "owner_email") />
                    </div>
                </div>
                <button type="submit" class="button primary" disabled=move || create.pending().get()>
                    "Create and invite the owner"
                </button>
            </ActionForm>
            {done}
        </Card>
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
                    <td>
                        <span class="pills">{mods}</span>
                    </td>
                    <td>{o.currency}</td>
                    <td class="num">{o.users}</td>
                    <td class="num">{date(o.created_at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Organizations">
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
