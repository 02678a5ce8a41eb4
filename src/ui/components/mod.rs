//! Building blocks every page uses.

use crate::dto::error::AppError;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Title row of a page.
#[component]
pub fn PageHeader(title: String, #[prop(optional, into)] subtitle: Option<String>, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <header class="page-header">
            <div>
                <h1>{title}</h1>
                {subtitle.map(|s| view! { <p class="page-subtitle">{s}</p> })}
            </div>
            <div class="page-actions">{children.map(|c| c())}</div>
        </header>
    }
}

#[component]
pub fn Card(#[prop(optional, into)] title: Option<String>, children: Children) -> impl IntoView {
    view! {
        <section class="card">
            {title.map(|t| view! { <h2 class="card-title">{t}</h2> })}
            {children()}
        </section>
    }
}

/// A coloured status label.
#[component]
pub fn Pill(#[prop(into)] text: String, #[prop(optional)] tone: &'static str) -> impl IntoView {
    let tone = if tone.is_empty() { "neutral" } else { tone };
    view! { <span class=format!("pill pill-{tone}")>{text}</span> }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <div class="loading" role="status" aria-live="polite"><span class="spinner"></span>"Loading…"</div> }
}

/// Messages for one field, shown next to it.
#[component]
pub fn FieldError(errors: Signal<Vec<String>>) -> impl IntoView {
    view! {
        <Show when=move || !errors.get().is_empty()>
            <p class="field-error" role="alert">{move || errors.get().join(" ")}</p>
        </Show>
    }
}

/// The body of a page when its data failed to load: the 403 and 404 pages
/// for those errors (the server already set the status), the login page
/// when the session ended, a clear message otherwise.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    match error {
        AppError::Unauthorized => {
            let here = leptos_router::hooks::use_location().pathname.get_untracked();
            let path = if here == "/" { "/login".to_string() } else { format!("/login?next={here}") };
            view! { <Redirect path/> }.into_any()
        }
        AppError::Forbidden { .. } => view! { <crate::ui::pages::errors::ForbiddenPanel/> }.into_any(),
        AppError::NotFound => view! { <crate::ui::pages::errors::NotFoundPanel/> }.into_any(),
        other => view! {
            <div class="alert alert-error" role="alert">
                <crate::ui::icons::Icon name="alert"/>
                <span>{other.to_string()}</span>
            </div>
        }
        .into_any(),
    }
}

/// Empty state for a list.
#[component]
pub fn Empty(#[prop(into)] title: String, #[prop(into)] hint: String) -> impl IntoView {
    view! {
        <div class="empty">
            <p class="empty-title">{title}</p>
            <p class="empty-hint">{hint}</p>
        </div>
    }
}

/// The messages for one form field from a server action's last answer.
pub fn action_field_errors<O, S>(value: S, name: &'static str) -> Signal<Vec<String>>
where
    O: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<O, AppError>>> + Copy + Send + Sync + 'static,
{
    Signal::derive(move || match value.get() {
        Some(Err(e)) => e.field_errors(name),
        _ => Vec::new(),
    })
}

/// A server action's failure that is not about one field (a conflict, a
/// missing permission…), as an alert above the form.
pub fn action_alert<O, S>(value: S) -> impl IntoView
where
    O: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<O, AppError>>> + Copy + Send + Sync + 'static,
{
    move || match value.get() {
        Some(Err(e)) if !matches!(e, AppError::Validation { .. }) => Some(view! { <p class="alert alert-error" role="alert">{e.to_string()}</p> }),
        _ => None,
    }
}
