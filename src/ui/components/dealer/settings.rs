//! The broker's settings tabs: Profile, Payout info, WhatsApp and Password
//! (the last passed in by the Settings page).

use crate::api::portal::{SaveBrokerProfile, SavePayoutInfo};
use crate::domain::dealer::PayoutMethod;
use crate::dto::portal::BrokerProfile;
use crate::ui::components::signals::WhatsAppTab;
use crate::ui::components::time::date;
use crate::ui::components::{action_alert, action_field_errors, Card, FieldError};
use crate::ui::kit::tabs::Tabs;
use crate::ui::kit::toast::{provide_toasts, ToastRegion};
use leptos::prelude::*;

/// Index of the WhatsApp tab (`/settings?tab=whatsapp` opens it).
pub const WHATSAPP_TAB: usize = 2;

/// The broker's settings: Profile, Payout info, WhatsApp and Password tabs
/// (`children` is the Password tab). The data comes with the Settings
/// page's (one resource, see `settings_data`).
#[component]
pub fn BrokerSettingsTabs(
    p: BrokerProfile,
    save_profile: ServerAction<SaveBrokerProfile>,
    save_payout: ServerAction<SavePayoutInfo>,
    /// Owned by the page, so a save (which reloads the data) keeps the tab.
    tab: RwSignal<usize>,
    children: ChildrenFn,
) -> impl IntoView {
    let toasts = provide_toasts();
    Effect::new(move |_| {
        if let Some(Ok(())) = save_profile.value().get() {
            toasts.success("Profile saved.");
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = save_payout.value().get() {
            toasts.success("Payout details saved.");
        }
    });
    let password = StoredValue::new(children);
    let p = StoredValue::new(p);
    view! {
        <ToastRegion />
        <Tabs label="Settings" tabs=vec!["Profile", "Payout info", "WhatsApp", "Password"] selected=tab />
        <div role="tabpanel">
            {move || match tab.get() {
                0 => view! { <ProfileForm p=p.get_value() save=save_profile /> }.into_any(),
                1 => view! { <PayoutForm p=p.get_value() save=save_payout /> }.into_any(),
                WHATSAPP_TAB => view! { <WhatsAppTab /> }.into_any(),
                _ => password.with_value(|f| f()).into_any(),
            }}
        </div>
    }
}

#[component]
fn ProfileForm(p: BrokerProfile, save: ServerAction<SaveBrokerProfile>) -> impl IntoView {
    let v = save.value();
    view! {
        <Card title="Profile">
            <dl class="facts">
                <dt>"Email"</dt>
                <dd>{p.email.clone()}</dd>
                <dt>"Role"</dt>
                <dd>{p.role.clone()}</dd>
                <dt>"Joined"</dt>
                <dd>{date(p.joined_at)}</dd>
            </dl>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                {action_alert(v)}
                <div class="field">
                    <label for="pr-name">"Display name"</label>
                    <input id="pr-name" name="name" value=p.name.clone() />
                    <FieldError errors=action_field_errors(v, "name") />
                </div>
                <div class="form-row">
                    <div class="field">
                        <label for="pr-phone">"Phone"</label>
                        <input id="pr-phone" name="phone" type="tel" value=p.phone.clone() />
                        <FieldError errors=action_field_errors(v, "phone") />
                    </div>
                    <div class="field">
                        <label for="pr-avatar">"Avatar URL"</label>
                        <input id="pr-avatar" name="avatar_url" value=p.avatar_url.clone() placeholder="https://…" />
                        <FieldError errors=action_field_errors(v, "avatar_url") />
                    </div>
                </div>
                <button type="submit" class="button primary">
                    "Save profile"
                </button>
            </ActionForm>
        </Card>
    }
}

#[component]
fn PayoutForm(p: BrokerProfile, save: ServerAction<SavePayoutInfo>) -> impl IntoView {
    let v = save.value();
    let pi = p.payout;
    let current = pi.method;
    // The number typed is not kept on screen once it is saved.
    let account_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = v.get() {
            if let Some(input) = account_input.get() {
                input.set_value("");
            }
        }
    });
    view! {
        <Card title="Payout info">
            <p class="muted small">"Used when the dealer pays you. The account number is encrypted and never shown again — only its last four characters."</p>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                {action_alert(v)}
                <div class="form-row">
                    <div class="field">
                        <label for="po-inst">"Institution"</label>
                        <input id="po-inst" name="institution" value=pi.institution.clone() />
                        <FieldError errors=action_field_errors(v, "institution") />
                    </div>
                    <div class="field">
                        <label for="po-method">"Preferred method"</label>
                        <select id="po-method" name="method">
                            {PayoutMethod::ALL
                                .iter()
                                .map(|m| {
                                    view! {
                                        <option value=m.as_str() selected=current == Some(*m)>
                                            {m.label()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                        <FieldError errors=action_field_errors(v, "method") />
                    </div>
                </div>
                <div class="form-row">
                    <div class="field">
                        <label for="po-routing">"Routing number"</label>
                        <input id="po-routing" name="routing" value=pi.routing.clone() />
                        <FieldError errors=action_field_errors(v, "routing") />
                    </div>
                    <div class="field">
                        <label for="po-swift">"SWIFT/BIC"</label>
                        <input id="po-swift" name="swift" value=pi.swift.clone() />
                        <FieldError errors=action_field_errors(v, "swift") />
                    </div>
                </div>
                <div class="field">
                    <label for="po-account">"Account number"</label>
                    <input
                        id="po-account"
                        name="account_number"
                        autocomplete="off"
                        node_ref=account_input
                        placeholder=if pi.account_last4.is_empty() {
                            "Account number".to_string()
                        } else {
                            format!("On file: ending {} — leave empty to keep it", pi.account_last4)
                        }
                    />
                    <FieldError errors=action_field_errors(v, "account_number") />
                    {(!pi.account_last4.is_empty())
                        .then(|| {
                            view! {
                                <p class="muted small" data-testid="last4">
                                    "Account on file ends in "
                                    <strong>{pi.account_last4.clone()}</strong>
                                </p>
                            }
                        })}
                </div>
                <div class="field">
                    <label for="po-notes">"Notes"</label>
                    <textarea id="po-notes" name="notes" rows="2">
                        {pi.notes.clone()}
                    </textarea>
                    <FieldError errors=action_field_errors(v, "notes") />
                </div>
                <button type="submit" class="button primary">
                    "Save payout info"
                </button>
            </ActionForm>
        </Card>
    }
}
