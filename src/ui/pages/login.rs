//! /login — the sign-in form (works before hydration; `next` returns to the page asked for).

use crate::api::account::Login;
use crate::domain::email::Email;
use crate::dto::account::login_error_message;
use crate::dto::error::AppError;
use crate::ui::components::onboarding::AuthPanel;
use crate::ui::components::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let action = ServerAction::<Login>::new();
    let next = move || query.with(|q| q.get("next")).unwrap_or_default();
    // Errors: from this form's last submission, or from the URL after a
    // JavaScript-off post.
    let result = action.value();
    let form_error = move || match result.get() {
        Some(Err(AppError::Validation { .. })) | Some(Ok(())) => None,
        Some(Err(e)) => Some(e.to_string()),
        None => query.with(|q| q.get("error")).and_then(|c| login_error_message(&c).map(str::to_string)),
    };
    let field = move |name: &'static str| {
        Signal::derive(move || match result.get() {
            Some(Err(e)) => e.field_errors(name),
            _ => Vec::new(),
        })
    };
    let changed = move || query.with(|q| q.get("changed")).is_some();
    // Browser-side check with the same parser the server uses.
    let (email_hint, set_email_hint) = signal(Vec::<String>::new());
    let check_email = move |ev: leptos::ev::FocusEvent| {
        let v = event_target_value(&ev);
        set_email_hint.set(if v.trim().is_empty() { Vec::new() } else { Email::parse(&v).err().map(|e| vec![e.to_string()]).unwrap_or_default() });
    };
    let email_errors = Signal::derive(move || {
        let server = field("email").get();
        if server.is_empty() {
            email_hint.get()
        } else {
            server
        }
    });
    view! {
        <Title text="Sign in" />
        <AuthPanel title="Sign in">
            <p class="muted">"Deals, commissions and payouts — each person sees what is theirs."</p>
            <Show when=changed>
                <div class="alert alert-success" role="status">
                    "Your password was changed. Sign in with the new one."
                </div>
            </Show>
            {move || {
                form_error()
                    .map(|m| {
                        view! {
                            <div class="alert alert-error" role="alert">
                                {m}
                            </div>
                        }
                    })
            }}
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="next" value=next />
                <div class="field">
                    <label class="label" for="f-email">
                        "Email"
                    </label>
                    <input id="f-email" type="email" name="email" autocomplete="username" required autofocus on:blur=check_email />
                    <FieldError errors=email_errors />
                </div>
                <div class="field">
                    <label class="label" for="f-password">
                        "Password"
                    </label>
                    <input id="f-password" type="password" name="password" autocomplete="current-password" required />
                    <FieldError errors=field("password") />
                </div>
                <button type="submit" class="button primary wide" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </ActionForm>
            <p class="login-foot">
                <a href="/forgot">"Forgot your password?"</a>
            </p>
        </AuthPanel>
    }
}
