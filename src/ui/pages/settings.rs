//! /settings — the signed-in person's settings: for a broker the Profile,
//! Payout info, WhatsApp and Password tabs; for everyone else their profile
//! and the password form, and for an owner the organization's time zone.

use crate::api::account::{ChangePassword, SaveOrgDocuments, SaveOrgTimeZone};
use crate::api::portal::{settings_data, SaveBrokerProfile, SavePayoutInfo};
use crate::domain::password::check_new_password;
use crate::domain::time::Zone;
use crate::domain::Capability;
use crate::dto::account::{Me, OrgDocuments};
use crate::dto::error::AppError;
use crate::dto::portal::MySettings;
use crate::dto::uploads::UploadedFile;
use crate::ui::components::dealer::{BrokerSettingsTabs, WHATSAPP_TAB};
use crate::ui::components::time::{date, zone_options, OrgZone};
use crate::ui::components::{action_alert, action_field_errors, Card, FieldError, Load, PageHeader};
use crate::ui::kit::upload::FileUpload;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SettingsPage() -> impl IntoView {
    // Its own resource: one resource read under two <Suspense>s can stall SSR (leptos issue 4851).
    let save_profile = ServerAction::<SaveBrokerProfile>::new();
    let save_payout = ServerAction::<SavePayoutInfo>::new();
    let query = use_query_map();
    let start = if query.with_untracked(|q| q.get("tab").as_deref() == Some("whatsapp")) { WHATSAPP_TAB } else { 0 };
    let tab = RwSignal::new(start);
    let save_zone = ServerAction::<SaveOrgTimeZone>::new();
    let save_documents = ServerAction::<SaveOrgDocuments>::new();
    // The page's one resource, made before its <Load>: a component inside a
    // <Load> may be built more than once on the server, so none creates one.
    let me = Resource::new(
        move || (save_profile.version().get(), save_payout.version().get(), save_zone.version().get(), save_documents.version().get()),
        |_| settings_data(),
    );
    // Once the zone is saved, the frame and every page read dates in it.
    // (Here, not in the form: the form is rebuilt by that very refresh.)
    let org = use_context::<OrgZone>();
    Effect::watch(
        move || save_zone.version().get(),
        move |_, _, _| {
            if let (Some(Ok(())), Some(org)) = (save_zone.value().get_untracked(), org) {
                org.0.refetch();
            }
        },
        false,
    );
    view! {
        <Title text="Settings" />
        <PageHeader title="Settings".to_string() subtitle="Your profile and password" />
        <Load data=me keep=true let:loaded>
            {match loaded {
                Some(MySettings { broker: Some(p), .. }) => {
                    view! {
                        <BrokerSettingsTabs p save_profile save_payout tab>
                            <PasswordForm />
                        </BrokerSettingsTabs>
                    }
                        .into_any()
                }
                Some(MySettings { me, broker: None, documents }) => {
                    let org = me.can(Capability::OrgSettings).then_some(me.org_time_zone);
                    view! {
                        <Profile me />
                        {org.map(|current| view! { <OrganizationForm current save=save_zone /> })}
                        {documents.map(|d| view! { <DocumentsForm d save=save_documents /> })}
                        <PasswordForm />
                    }
                        .into_any()
                }
                None => ().into_any(),
            }}
        </Load>
    }
}

#[component]
fn Profile(me: Me) -> impl IntoView {
    view! {
        <Card title="Profile">
            <dl class="facts">
                <dt>"Name"</dt>
                <dd>{me.name}</dd>
                <dt>"Email"</dt>
                <dd>{me.email}</dd>
                <dt>"Role"</dt>
                <dd>{me.role.label()}</dd>
                <dt>"Organization"</dt>
                <dd>{me.org_name}</dd>
                <dt>"Joined"</dt>
                <dd>{date(me.joined_at)}</dd>
            </dl>
        </Card>
    }
}

/// The owner's organization settings: its time zone, which every date,
/// "this month" and statement day of the organization follows.
#[component]
fn OrganizationForm(current: Zone, save: ServerAction<SaveOrgTimeZone>) -> impl IntoView {
    let value = save.value();
    view! {
        <Card title="Organization">
            <ActionForm action=save attr:class="form narrow">
                {action_alert(value)}
                <div class="field">
                    <label for="org-zone">"Time zone"</label>
                    <select id="org-zone" name="time_zone">
                        {zone_options(current)}
                    </select>
                    <p class="muted small">"Dates and times, “this month” and statement days follow it."</p>
                    <FieldError errors=action_field_errors(value, "time_zone") />
                </div>
                <Show when=move || matches!(value.get(), Some(Ok(())))>
                    <p class="muted small" role="status">
                        "Time zone saved."
                    </p>
                </Show>
                <button type="submit" class="button primary">
                    "Save time zone"
                </button>
            </ActionForm>
        </Card>
    }
}

/// What the organization's printed receipts and statements show about it.
#[component]
fn DocumentsForm(d: OrgDocuments, save: ServerAction<SaveOrgDocuments>) -> impl IntoView {
    let value = save.value();
    let logo = RwSignal::new(None::<UploadedFile>);
    view! {
        <Card title="On printed documents">
            <ActionForm action=save attr:class="form narrow">
                {action_alert(value)}
                <div class="field">
                    <label for="org-address">"Address"</label>
                    <textarea id="org-address" name="address" rows="4">
                        {d.address.clone()}
                    </textarea>
                    <p class="muted small">"Printed under the organization's name on receipts and statements (up to six lines)."</p>
                    <FieldError errors=action_field_errors(value, "address") />
                </div>
                <input type="hidden" name="logo" prop:value=move || logo.get().map(|f| f.id).unwrap_or_default() />
                {d.logo.clone().map(|l| view! { <img class="doc-logo" src=l.url alt="Current logo" /> })}
                <FileUpload label="Logo" id="org-logo" accept="image/*" multiple=false on_uploaded=Callback::new(move |f: UploadedFile| logo.set(Some(f))) />
                <FieldError errors=action_field_errors(value, "logo") />
                <Show when=move || matches!(value.get(), Some(Ok(())))>
                    <p class="muted small" role="status">
                        "Saved: documents print with it from now on."
                    </p>
                </Show>
                <button type="submit" class="button primary">
                    "Save"
                </button>
            </ActionForm>
        </Card>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let result = action.value();
    let (local, set_local) = signal(None::<(&'static str, String)>);
    let field = move |name: &'static str| {
        Signal::derive(move || {
            if let Some((f, m)) = local.get() {
                if f == name {
                    return vec![m];
                }
            }
            match result.get() {
                Some(Err(e)) => e.field_errors(name),
                _ => Vec::new(),
            }
        })
    };
    let other_error = move || match result.get() {
        Some(Err(AppError::Validation { .. })) | Some(Ok(())) | None => None,
        Some(Err(e)) => Some(e.to_string()),
    };
    // The same policy as the server, before the request leaves the browser.
    let new_ref = NodeRef::<leptos::html::Input>::new();
    let confirm_ref = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let (Some(new), Some(confirm)) = (new_ref.get(), confirm_ref.get()) else { return };
        match check_new_password(&new.value(), &confirm.value()) {
            Ok(()) => set_local.set(None),
            Err(m) => {
                ev.prevent_default();
                set_local.set(Some((if m.contains("match") { "confirm" } else { "new_password" }, m.to_string())));
            }
        }
    };
    view! {
        <Card title="Password">
            <p class="muted small">"At least 8 characters. Changing it signs you out everywhere, this browser included."</p>
            {move || {
                other_error()
                    .map(|m| {
                        view! {
                            <div class="alert alert-error" role="alert">
                                {m}
                            </div>
                        }
                    })
            }}
            <ActionForm action=action attr:class="form narrow" attr:novalidate=true on:submit=on_submit>
                <div class="field">
                    <label class="label" for="f-current_password">
                        "Current password"
                    </label>
                    <input id="f-current_password" type="password" name="current_password" autocomplete="current-password" required />
                    <FieldError errors=field("current_password") />
                </div>
                <div class="field">
                    <label class="label" for="f-new_password">
                        "New password"
                    </label>
                    <input id="f-new_password" type="password" node_ref=new_ref name="new_password" autocomplete="new-password" minlength="8" required />
                    <FieldError errors=field("new_password") />
                </div>
                <div class="field">
                    <label class="label" for="f-confirm">
                        "Confirm new password"
                    </label>
                    <input id="f-confirm" type="password" node_ref=confirm_ref name="confirm" autocomplete="new-password" minlength="8" required />
                    <FieldError errors=field("confirm") />
                </div>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    "Change password"
                </button>
            </ActionForm>
        </Card>
    }
}
