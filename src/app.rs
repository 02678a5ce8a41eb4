//! `<App/>`: the document shell and the router.
//!
//! The signed-in area's routes serve exactly the paths of
//! `domain::nav::NAV` (the sidebar's table); `tests/http.rs` opens every
//! sidebar link of every demo role to keep the two in step.

use crate::ui::layout::AppLayout;
use crate::ui::pages::admin::{audit, organizations, team, team_member};
use crate::ui::pages::dealer::{
    analytics, commissions, deal, deals, desk_commissions, desk_submission, desk_submissions, disputes, inventory, inventory_item, messages, payouts, receipt,
    signals, submission, want_list,
};
use crate::ui::pages::{errors, forgot, invite, kit, login, overview, reset, settings};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, SsrMode};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/dealflow.css" />
        <Title formatter=|t: String| if t.is_empty() { "Dealflow".to_string() } else { format!("{t} · Dealflow") } />
        <Router>
            <Routes fallback=errors::NotFoundPage>
                <Route path=path!("/login") view=login::LoginPage ssr=SsrMode::Async />
                <Route path=path!("/forgot") view=forgot::ForgotPage ssr=SsrMode::Async />
                <Route path=path!("/invite/:token") view=invite::InvitePage ssr=SsrMode::Async />
                <Route path=path!("/reset/:token") view=reset::ResetPage ssr=SsrMode::Async />
                <Route path=path!("/role-disabled") view=errors::RoleDisabledPage ssr=SsrMode::Async />
                // Seller portal: disabled for launch (domain::tenancy::SELLER_PORTAL_ENABLED).
                <Route path=path!("/seller") view=SellerDisabled ssr=SsrMode::Async />
                <Route path=path!("/seller/inventory") view=SellerDisabled ssr=SsrMode::Async />
                <Route path=path!("/seller/sales") view=SellerDisabled ssr=SsrMode::Async />
                <Route path=path!("/seller/settings") view=SellerDisabled ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=AppLayout ssr=SsrMode::Async>
                    <Route path=path!("/") view=overview::OverviewPage ssr=SsrMode::Async />
                    <Route path=path!("/signals") view=signals::SignalsPage ssr=SsrMode::Async />
                    <Route path=path!("/deals") view=deals::BrokerDealsPage ssr=SsrMode::Async />
                    <Route path=path!("/deals/submissions/:id") view=submission::BrokerSubmissionPage ssr=SsrMode::Async />
                    <Route path=path!("/deals/:id") view=deal::BrokerDealPage ssr=SsrMode::Async />
                    <Route path=path!("/commissions") view=commissions::CommissionsPage ssr=SsrMode::Async />
                    <Route path=path!("/commissions/:id/receipt") view=receipt::ReceiptPage ssr=SsrMode::Async />
                    <Route path=path!("/analytics") view=analytics::AnalyticsPage ssr=SsrMode::Async />
                    <Route path=path!("/messages") view=messages::MessagesPage ssr=SsrMode::Async />
                    <Route path=path!("/desk/want-list") view=want_list::WantListPage ssr=SsrMode::Async />
                    <Route path=path!("/desk/submissions") view=desk_submissions::DeskSubmissionsPage ssr=SsrMode::Async />
                    <Route path=path!("/desk/submissions/:id") view=desk_submission::DeskSubmissionPage ssr=SsrMode::Async />
                    <Route path=path!("/desk/inventory") view=inventory::InventoryPage ssr=SsrMode::Async />
                    <Route path=path!("/desk/inventory/:id") view=inventory_item::InventoryItemPage ssr=SsrMode::Async />
                    <Route path=path!("/desk/commissions") view=desk_commissions::DeskCommissionsPage ssr=SsrMode::Async />
                    <Route path=path!("/desk/payouts") view=payouts::PayoutsPage ssr=SsrMode::Async />
                    <Route path=path!("/desk/disputes") view=disputes::DisputesPage ssr=SsrMode::Async />
                    <Route path=path!("/platform/organizations") view=organizations::OrganizationsPage ssr=SsrMode::Async />
                    <Route path=path!("/team") view=team::TeamPage ssr=SsrMode::Async />
                    <Route path=path!("/team/:id") view=team_member::TeamMemberPage ssr=SsrMode::Async />
                    <Route path=path!("/audit") view=audit::AuditPage ssr=SsrMode::Async />
                    <Route path=path!("/settings") view=settings::SettingsPage ssr=SsrMode::Async />
                    // The UI kit: platform admin in demo mode only (404 otherwise).
                    <Route path=path!("/kit") view=kit::KitPage ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// What the server's router serves: the route list (generated once per
/// process: generating it runs the app with resource loading suppressed
/// process-wide, so doing it while another router in the same process
/// renders a page can stall that page — leptos issue 4773; tests build many
/// routers in one process) and the document shell.
#[cfg(feature = "ssr")]
pub fn site() -> crate::server::http::Site {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    let routes = ROUTES.get_or_init(|| leptos_axum::generate_route_list(App)).clone();
    crate::server::http::Site { routes, shell: |options| shell(options).into_any() }
}

#[component]
fn SellerDisabled() -> impl IntoView {
    view! { <Redirect path="/role-disabled" /> }
}
