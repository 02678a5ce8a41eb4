//! /role-disabled (where every seller-portal route lands) and the router's
//! fallback, a whole-page 404. The 403 and 404 panels shown inside the
//! signed-in frame are `ui::components::{ForbiddenPanel, NotFoundPanel}`.

use crate::domain::tenancy::SELLER_DISABLED_MESSAGE;
use crate::ui::components::ErrorBlock;
use crate::ui::icons::Icon;
use leptos::prelude::*;
use leptos_meta::Title;

/// Whole-page 404 (router fallback); sets the status when rendered on the server.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <main class="standalone">
            <ErrorBlock code=404 title="Page not found" message="There is nothing at this address. It may have moved, or the link may be wrong.".into() />
        </main>
    }
}

/// Where every seller-portal route lands while the portal is disabled.
#[component]
pub fn RoleDisabledPage() -> impl IntoView {
    view! {
        <Title text="Role disabled" />
        <main class="standalone">
            <div class="error-block">
                <span class="error-icon">
                    <Icon name="lock" />
                </span>
                <h1>"Role disabled"</h1>
                <p class="error-message">{SELLER_DISABLED_MESSAGE}</p>
                <p class="muted">"The seller portal will open in a later release. Your account and records are kept."</p>
                <a class="button" href="/">
                    "Back to overview"
                </a>
            </div>
        </main>
    }
}
