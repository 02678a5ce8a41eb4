//! Pieces several pages share: the page frame's building blocks (header,
//! card, pill, loading and error states, the `Load` loader, form errors),
//! and in `dealer` and `signals` what the dealer and WhatsApp pages share.
//! Components never import pages.

pub mod dealer;
pub mod onboarding;
pub mod signals;
pub mod time;

use crate::domain::nav::{self, Page};
use crate::domain::{Capability, Module};
use crate::dto::error::AppError;
use crate::ui::icons::Icon;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use std::future::IntoFuture;
use std::sync::Arc;

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
    view! { <section class="card">{title.map(|t| view! { <h2 class="card-title">{t}</h2> })} {children()}</section> }
}

/// A coloured status label.
#[component]
pub fn Pill(#[prop(into)] text: String, #[prop(optional)] tone: &'static str) -> impl IntoView {
    let tone = if tone.is_empty() { "neutral" } else { tone };
    view! { <span class=format!("pill pill-{tone}")>{text}</span> }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner"></span>
            "Loading…"
        </div>
    }
}

/// Messages for one field, shown next to it.
#[component]
pub fn FieldError(errors: Signal<Vec<String>>) -> impl IntoView {
    view! {
        <Show when=move || !errors.get().is_empty()>
            <p class="field-error" role="alert">
                {move || errors.get().join(" ")}
            </p>
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
            view! { <Redirect path /> }.into_any()
        }
        AppError::Forbidden { .. } => view! { <ForbiddenPanel /> }.into_any(),
        AppError::NotFound => view! { <NotFoundPanel /> }.into_any(),
        other => view! {
            <div class="alert alert-error" role="alert">
                <Icon name="alert" />
                <span>{other.to_string()}</span>
            </div>
        }
        .into_any(),
    }
}

/// A page's data, loaded: `Loading` while `data` is pending, `ErrorPanel`
/// if it failed, the children with the value once it is there:
///
/// ```ignore
/// <Load data let:deal><DealDetail deal/></Load>
/// ```
///
/// `data` is anything that awaits to a `Result<T, AppError>`: a `Resource`,
/// a browser-only `LocalResource`, or a combination such as
/// `dealer::WithCaps`. With `keep=true` the previous children stay on screen
/// while the data reloads (a `<Transition>` instead of a `<Suspense>`).
#[component]
pub fn Load<R, T, C, V>(data: R, children: C, #[prop(optional)] keep: bool) -> impl IntoView
where
    R: IntoFuture<Output = Result<T, AppError>> + Clone + Send + Sync + 'static,
    R::IntoFuture: Send + 'static,
    T: Send + 'static,
    C: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let children = Arc::new(children);
    let org = use_context::<time::OrgZone>();
    let body = move || {
        let (data, children) = (data.clone(), Arc::clone(&children));
        Suspend::new(async move {
            if let Some(org) = org {
                provide_context(org.get().await);
            }
            match data.await {
                Ok(value) => children(value).into_any(),
                Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
            }
        })
    };
    if keep {
        view! { <Transition fallback=Loading>{body}</Transition> }.into_any()
    } else {
        view! { <Suspense fallback=Loading>{body}</Suspense> }.into_any()
    }
}

/// Sets the response's HTTP status when rendered on the server.
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

/// An error's code, title and message, with the way home; sets the status.
#[component]
pub fn ErrorBlock(code: u16, title: &'static str, message: String) -> impl IntoView {
    set_status(code);
    view! {
        <Title text=title />
        <div class="error-block">
            <p class="error-code">{code}</p>
            <h1>{title}</h1>
            <p class="error-message">{message}</p>
            <a class="button" href="/">
                "Back to overview"
            </a>
        </div>
    }
}

/// 404 inside the signed-in frame (a record that is not there or not yours).
#[component]
pub fn NotFoundPanel() -> impl IntoView {
    view! { <ErrorBlock code=404 title="Not found" message="This record does not exist, or it is not available to you.".into() /> }
}

/// 403 inside the signed-in frame.
#[component]
pub fn ForbiddenPanel() -> impl IntoView {
    view! { <ErrorBlock code=403 title="No access" message="Your role does not include this page. Ask an owner of your organization if you need it.".into() /> }
}

/// A page only its audience may open. Its own view (buttons, filters,
/// forms) renders for people whose role has the capability of the page's
/// nav entry in an organization with its module; anyone else gets only the
/// 403 page, with the 403 status from the server. (The server functions
/// check the same capability; this keeps the page from pretending.) When
/// nobody is signed in, or the person cannot be loaded, the page renders and
/// its own data answers (the sign-in redirect, the error panel).
///
/// The wait is one bare `Suspend`, not a `move || Suspend` closure: on the
/// server `<Suspense>` walks its children more than once, and a closure
/// would build the page (and start its resources) once per walk; a build
/// dropped while its server function was still running then serialized an
/// error that the browser hydrated against the page that was rendered.
pub fn guarded(page: Page, body: fn() -> AnyView) -> AnyView {
    let item = nav::item(page);
    guarded_by(item.capability, item.module, body)
}

/// `guarded` for a page that needs more than its nav entry (the contact
/// import needs contacts.import, not contacts.view).
pub fn guarded_by(capability: Capability, module: Option<Module>, body: fn() -> AnyView) -> AnyView {
    let me = use_context::<time::OrgZone>();
    view! {
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                let allowed = match me {
                    Some(time::OrgZone(r)) => {
                        match r.await {
                            Ok(Some(me)) => me.capabilities.contains(&capability) && module.is_none_or(|m| me.modules.contains(&m)),
                            _ => true,
                        }
                    }
                    None => true,
                };
                if allowed { body() } else { view! { <ForbiddenPanel /> }.into_any() }
            })}
        </Suspense>
    }
    .into_any()
}

/// A printable document's page: the document the route's `:id` names,
/// fetched by `fetch`, in the kit's one print layout.
pub fn document_page<Fut>(title: &'static str, fetch: fn(String) -> Fut) -> impl IntoView
where
    Fut: std::future::Future<Output = Result<crate::dto::document::PrintDocument, AppError>> + Send + 'static,
{
    let params = leptos_router::hooks::use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("id").unwrap_or_default()), fetch);
    view! {
        <Title text=title />
        <Load data let:doc>
            <crate::ui::kit::document::PrintableDocument doc />
        </Load>
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
        Some(Err(e)) if !matches!(e, AppError::Validation { .. }) => Some(view! {
            <p class="alert alert-error" role="alert">
                {e.to_string()}
            </p>
        }),
        _ => None,
    }
}
