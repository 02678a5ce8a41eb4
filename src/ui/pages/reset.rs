//! /reset/:token — the page behind a one-time password link: a new password
//! (or, for an administrator created on the command line, his first one);
//! then every session of the account ends and he signs in with it.

use crate::api::onboarding::{get_password_link, ResetPassword};
use crate::dto::onboarding::PasswordLinkView;
use crate::ui::components::onboarding::{AuthPanel, DeadLink, NewPasswordFields, PasswordCheck};
use crate::ui::components::{action_alert, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ResetPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let data = Resource::new(token, get_password_link);
    view! {
        <Title text="Choose a password" />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(link) => view! { <ResetForm link token=token() /> }.into_any(),
                    Err(error) => {
                        view! {
                            <AuthPanel title="Choose a password">
                                <DeadLink error />
                            </AuthPanel>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn ResetForm(link: PasswordLinkView, token: String) -> impl IntoView {
    let reset = ServerAction::<ResetPassword>::new();
    let result = reset.value();
    let check = PasswordCheck::new();
    let (title, intro) = if link.first {
        ("Choose your password", format!("Welcome to Dealflow. Choose the password you will sign in with as {}.", link.email))
    } else {
        ("Choose a new password", format!("For {}. Every device signed in to this account is signed out.", link.email))
    };
    view! {
        <AuthPanel title=title>
            <p class="muted">{intro}</p>
            {action_alert(result)}
            <ActionForm action=reset attr:class="form" attr:novalidate=true on:submit=move |ev| check.on_submit(&ev)>
                <input type="hidden" name="token" value=token />
                <input type="email" value=link.email autocomplete="username" hidden readonly />
                <NewPasswordFields result check />
                <button type="submit" class="button primary wide" disabled=move || reset.pending().get()>
                    "Save password"
                </button>
            </ActionForm>
        </AuthPanel>
    }
}
