//! The signed-in frame: sidebar generated from `domain::nav`, user menu,
//! and the page outlet. Not signed in → the login page.

use crate::api::account::{get_me, Logout};
use crate::domain::nav::{sidebar_for, Section};
use crate::dto::account::Me;
use crate::dto::error::AppError;
use crate::ui::components::time::OrgZone;
use crate::ui::components::ErrorPanel;
use crate::ui::icons::Icon;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};
use leptos_router::hooks::use_location;

#[component]
pub fn AppLayout() -> impl IntoView {
    let me_res = Resource::new(|| (), |_| get_me());
    // Every page's dates read in the organization's zone (see components::time).
    provide_context(OrgZone(me_res));
    let location = use_location();
    let (open, set_open) = signal(false);
    // Close the phone menu after navigating.
    Effect::new(move |_| {
        location.pathname.track();
        set_open.set(false);
    });
    // The frame (sidebar, user menu) waits for the person; the page outlet
    // does not sit inside that wait, so every page creates its resources
    // in the same order on the server and in the browser.
    view! {
        <div class="app" class:nav-open=open>
            <header class="topbar">
                <button
                    class="icon-button"
                    type="button"
                    aria-label="Open menu"
                    aria-controls="sidebar"
                    aria-expanded=move || open.get().to_string()
                    on:click=move |_| set_open.update(|o| *o = !*o)
                >
                    <Icon name="menu" />
                </button>
                <a class="brand" href="/">
                    <span class="brand-mark">"D"</span>
                    "Dealflow"
                </a>
            </header>
            <aside class="sidebar" id="sidebar" aria-label="Main navigation">
                <a class="brand" href="/">
                    <span class="brand-mark">"D"</span>
                    "Dealflow"
                </a>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match me_res.await {
                            Ok(Some(me)) => {
                                provide_context(me.org_time_zone);
                                view! { <SidebarBody me /> }.into_any()
                            }
                            Ok(None) | Err(AppError::Unauthorized) => {
                                let here = location.pathname.get_untracked();
                                let path = if here == "/" { "/login".to_string() } else { format!("/login?next={here}") };
                                view! { <Redirect path /> }.into_any()
                            }
                            Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                        }
                    })}
                </Suspense>
            </aside>
            <div class="scrim" on:click=move |_| set_open.set(false)></div>
            <main class="content" id="main">
                <Outlet />
            </main>
        </div>
    }
}

fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect::<String>().to_uppercase()
}

#[component]
fn SidebarBody(me: Me) -> impl IntoView {
    let items = sidebar_for(me.role, &me.modules);
    let sections = [Section::Workspace, Section::Admin, Section::Account];
    let nav = sections
        .into_iter()
        .filter_map(|section| {
            let links: Vec<_> = items.iter().filter(|i| i.section == section).copied().collect();
            if links.is_empty() {
                return None;
            }
            Some(view! {
                <div class="nav-section">
                    <p class="nav-heading">{section.label()}</p>
                    <ul>
                        {links
                            .into_iter()
                            .map(|i| {
                                view! {
                                    <li>
                                        <A href=i.path exact=true attr:class="nav-link">
                                            <Icon name=i.icon />
                                            <span>{i.label}</span>
                                        </A>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            })
        })
        .collect_view();
    let logout = ServerAction::<Logout>::new();
    let who = initials(&me.name);
    view! {
        <p class="org-name" title="Organization">
            {me.org_name.clone()}
        </p>
        {(!me.role.is_external()).then(|| view! { <NotificationBell unread=me.unread /> })}
        <nav>{nav}</nav>
        <details class="user-menu">
            <summary aria-label="User menu">
                <span class="avatar" aria-hidden="true">
                    {who}
                </span>
                <span class="user-lines">
                    <span class="user-name">{me.name.clone()}</span>
                    <span class="user-role">{me.role.label()}</span>
                </span>
            </summary>
            <div class="user-menu-body">
                <p class="user-email">{me.email.clone()}</p>
                <a href="/settings" class="menu-item">
                    <Icon name="gear" />
                    "Settings"
                </a>
                <ActionForm action=logout>
                    <button type="submit" class="menu-item danger">
                        <Icon name="logout" />
                        "Sign out"
                    </button>
                </ActionForm>
            </div>
        </details>
    }
}

/// The notification bell: the unread count comes with the page; opening it
/// loads the latest notifications (and marks them read).
#[component]
fn NotificationBell(unread: i64) -> impl IntoView {
    use crate::api::notify::OpenNotifications;
    let count = RwSignal::new(unread);
    let open = RwSignal::new(false);
    let load = ServerAction::<OpenNotifications>::new();
    view! {
        <div class="bell">
            <button
                type="button"
                class="bell-button"
                aria-expanded=move || open.get().to_string()
                aria-label=move || format!("Notifications, {} unread", count.get())
                on:click=move |_| {
                    let now = !open.get_untracked();
                    open.set(now);
                    if now {
                        load.dispatch(OpenNotifications {});
                        count.set(0);
                    }
                }
            >
                <Icon name="bell" />
                <span>"Notifications"</span>
                <Show when=move || { count.get() > 0 }>
                    <span class="bell-count">{move || count.get()}</span>
                </Show>
            </button>
            <Show when=move || open.get()>
                <div class="bell-panel" role="region" aria-label="Notifications">
                    {move || match load.value().get() {
                        None => view! { <p class="muted small">"Loading…"</p> }.into_any(),
                        Some(Err(e)) => view! { <p class="field-error">{e.to_string()}</p> }.into_any(),
                        Some(Ok(list)) if list.is_empty() => view! { <p class="muted small">"No notifications yet."</p> }.into_any(),
                        Some(Ok(list)) => {
                            view! {
                                <ul>
                                    {list
                                        .into_iter()
                                        .map(|n| {
                                            view! {
                                                <li class:unread=!n.read>
                                                    <a href=n.link>{n.title}</a>
                                                    <span class="muted small">{crate::ui::components::time::datetime(n.created_at)}</span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    }}
                </div>
            </Show>
        </div>
    }
}
