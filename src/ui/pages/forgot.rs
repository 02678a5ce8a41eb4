//! /forgot — "forgot password": an address in, the same answer out whether
//! or not it has a login; the link comes by email.

use crate::api::onboarding::ForgotPassword;
use crate::dto::onboarding::RESET_REQUESTED;
use crate::ui::components::onboarding::AuthPanel;
use crate::ui::components::{action_alert, action_field_errors, FieldError};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ForgotPage() -> impl IntoView {
    let ask = ServerAction::<ForgotPassword>::new();
    let result = ask.value();
    let sent = move || {
        matches!(result.get(), Some(Ok(()))).then(|| {
            view! {
                <div class="alert alert-success" role="status">
                    {RESET_REQUESTED}
                </div>
            }
        })
    };
    view! {
        <Title text="Forgot password" />
        <AuthPanel title="Forgot your password?">
            <p class="muted">"Enter the address you sign in with; we email you a link to choose a new password."</p>
            {sent}
            {action_alert(result)}
            <ActionForm action=ask attr:class="form" attr:novalidate=true>
                <div class="field">
                    <label class="label" for="f-email">
                        "Email"
                    </label>
                    <input id="f-email" type="email" name="email" autocomplete="username" required autofocus />
                    <FieldError errors=action_field_errors(result, "email") />
                </div>
                <button type="submit" class="button primary wide" disabled=move || ask.pending().get()>
                    "Email me a link"
                </button>
            </ActionForm>
            <p>
                <a href="/login">"← Back to sign in"</a>
            </p>
        </AuthPanel>
    }
}
