//! Error pages and panels; each sets its HTTP status when rendered on the server.

use crate::domain::tenancy::SELLER_DISABLED_MESSAGE;
use crate::ui::icons::Icon;
use leptos::prelude::*;
use leptos_meta::Title;

fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(s) = http::StatusCode::from_u16(code) {
            res.set_status(s);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

#[component]
fn ErrorBlock(code: u16, title: &'static str, message: String) -> impl IntoView {
    set_status(code);
    view! {
        <Title text=title/>
        <div class="error-block">
            <p class="error-code">{code}</p>
            <h1>{title}</h1>
            <p class="error-message">{message}</p>
            <a class="button" href="/">"Back to overview"</a>
        </div>
    }
}

/// Whole-page 404 (router fallback).
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <main class="standalone">
            <ErrorBlock code=404 title="Page not found" message="There is nothing at this address. It may have moved, or the link may be wrong.".into()/>
        </main>
    }
}

/// 404 inside the signed-in frame (a record that is not there or not yours).
#[component]
pub fn NotFoundPanel() -> impl IntoView {
    view! { <ErrorBlock code=404 title="Not found" message="This record does not exist, or it is not available to you.".into()/> }
}

/// 403 inside the signed-in frame.
#[component]
pub fn ForbiddenPanel() -> impl IntoView {
    view! { <ErrorBlock code=403 title="No access" message="Your role does not include this page. Ask an owner of your organization if you need it.".into()/> }
}

/// Where every seller-portal route lands while the portal is disabled.
#[component]
pub fn RoleDisabledPage() -> impl IntoView {
    view! {
        <Title text="Role disabled"/>
        <main class="standalone">
            <div class="error-block">
                <span class="error-icon"><Icon name="lock"/></span>
                <h1>"Role disabled"</h1>
                <p class="error-message">{SELLER_DISABLED_MESSAGE}</p>
                <p class="muted">"The seller portal will open in a later release. Your account and records are kept."</p>
                <a class="button" href="/">"Back to overview"</a>
            </div>
        </main>
    }
}
