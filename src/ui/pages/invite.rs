//! /invite/:token — the page behind an invitation link: whom it is from and
//! for, the name and the password to choose; then the new member is signed
//! in on his role's home.

use crate::api::onboarding::{get_invitation, AcceptInvitation};
use crate::dto::onboarding::InvitationView;
use crate::ui::components::onboarding::{AuthPanel, DeadLink, NewPasswordFields, PasswordCheck};
use crate::ui::components::time::date;
use crate::ui::components::{action_alert, action_field_errors, FieldError, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn InvitePage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let data = Resource::new(token, get_invitation);
    view! {
        <Title text="Join Dealflow" />
        <AuthPanel title="Join Dealflow">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(invitation) => view! { <AcceptForm invitation token=token() /> }.into_any(),
                        Err(error) => view! { <DeadLink error /> }.into_any(),
                    }
                })}
            </Suspense>
        </AuthPanel>
    }
}

#[component]
fn AcceptForm(invitation: InvitationView, token: String) -> impl IntoView {
    let accept = ServerAction::<AcceptInvitation>::new();
    let result = accept.value();
    let check = PasswordCheck::new();
    let from = invitation.invited_by.map(|n| format!("{n} invited you")).unwrap_or_else(|| "You are invited".into());
    view! {
        <p class="muted">{format!("{from} to join {} as {}.", invitation.org_name, invitation.role.label())}</p>
        {action_alert(result)}
        <ActionForm action=accept attr:class="form" attr:novalidate=true on:submit=move |ev| check.on_submit(&ev)>
            <input type="hidden" name="token" value=token />
            <div class="field">
                <label class="label" for="f-email">
                    "Email"
                </label>
                <input id="f-email" type="email" value=invitation.email autocomplete="username" readonly />
                <p class="muted small">"You sign in with this address."</p>
            </div>
            <div class="field">
                <label class="label" for="f-name">
                    "Your name"
                </label>
                <input id="f-name" name="name" value=invitation.name autocomplete="name" required />
                <FieldError errors=action_field_errors(result, "name") />
            </div>
            <NewPasswordFields result check />
            <button type="submit" class="button primary wide" disabled=move || accept.pending().get()>
                {move || if accept.pending().get() { "Joining…" } else { "Join and sign in" }}
            </button>
        </ActionForm>
        <p class="muted small">{format!("This invitation works once, until {}.", date(invitation.expires_at))}</p>
    }
}
