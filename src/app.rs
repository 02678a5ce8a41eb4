//! `<App/>`: the document shell and the router.
//!
//! The signed-in area's routes serve exactly the paths of
//! `domain::nav::NAV` (the sidebar's table); `tests/http.rs` opens every
//! sidebar link of every demo role to keep the two in step.

use crate::domain::nav::Page;
use crate::domain::{Capability, Module};
use crate::lazy_page;
use crate::ui::layout::AppLayout;
use crate::ui::pages::admin::{audit, organizations, team, team_member};
use crate::ui::pages::crm::{contacts, import};
use crate::ui::pages::dealer::{
    analytics, commissions, deal, deals, desk_commissions, desk_submission, desk_submissions, disputes, inventory, inventory_item, messages, payout_receipt,
    payouts, receipt, signals, submission, want_list,
};
use crate::ui::pages::{errors, forgot, invite, kit, login, overview, reset, settings};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, SsrMode};

// Every page but sign-in is a chunk of its own, fetched when first shown
// (see `ui::lazy_page`); the frame (`AppLayout`) is in the main bundle.
lazy_page!(ForgotRoute, forgot::ForgotPage);
lazy_page!(InviteRoute, invite::InvitePage);
lazy_page!(ResetRoute, reset::ResetPage);
lazy_page!(OverviewRoute, overview::OverviewPage);
lazy_page!(SignalsRoute, signals::SignalsPage, Page::BrokerSignals);
lazy_page!(BrokerDealsRoute, deals::BrokerDealsPage, Page::BrokerDeals);
lazy_page!(BrokerSubmissionRoute, submission::BrokerSubmissionPage, Page::BrokerDeals);
lazy_page!(BrokerDealRoute, deal::BrokerDealPage, Page::BrokerDeals);
lazy_page!(CommissionsRoute, commissions::CommissionsPage, Page::BrokerCommissions);
lazy_page!(ReceiptRoute, receipt::ReceiptPage, Page::BrokerCommissions);
lazy_page!(BrokerPayoutReceiptRoute, payout_receipt::BrokerPayoutReceiptPage, Page::BrokerCommissions);
lazy_page!(DeskPayoutReceiptRoute, payout_receipt::DeskPayoutReceiptPage, Page::DeskPayouts);
lazy_page!(AnalyticsRoute, analytics::AnalyticsPage, Page::BrokerAnalytics);
lazy_page!(MessagesRoute, messages::MessagesPage, Page::BrokerMessages);
lazy_page!(WantListRoute, want_list::WantListPage, Page::DeskWantList);
lazy_page!(DeskSubmissionsRoute, desk_submissions::DeskSubmissionsPage, Page::DeskSubmissions);
lazy_page!(DeskSubmissionRoute, desk_submission::DeskSubmissionPage, Page::DeskSubmissions);
lazy_page!(InventoryRoute, inventory::InventoryPage, Page::DeskInventory);
lazy_page!(InventoryItemRoute, inventory_item::InventoryItemPage, Page::DeskInventory);
lazy_page!(DeskCommissionsRoute, desk_commissions::DeskCommissionsPage, Page::DeskCommissions);
lazy_page!(PayoutsRoute, payouts::PayoutsPage, Page::DeskPayouts);
lazy_page!(DisputesRoute, disputes::DisputesPage, Page::DeskDisputes);
lazy_page!(ContactsRoute, contacts::ContactsPage, Page::Contacts);
lazy_page!(ContactImportRoute, import::ContactImportPage, capability Capability::ContactsImport, Some(Module::Crm));
lazy_page!(OrganizationsRoute, organizations::OrganizationsPage, Page::Organizations);
lazy_page!(TeamRoute, team::TeamPage, Page::Team);
lazy_page!(TeamMemberRoute, team_member::TeamMemberPage, Page::Team);
lazy_page!(AuditRoute, audit::AuditPage, Page::Audit);
lazy_page!(SettingsRoute, settings::SettingsPage);
lazy_page!(KitRoute, kit::KitPage);

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
                <Route path=path!("/forgot") view=ForgotRoute::page() ssr=SsrMode::Async />
                <Route path=path!("/invite/:token") view=InviteRoute::page() ssr=SsrMode::Async />
                <Route path=path!("/reset/:token") view=ResetRoute::page() ssr=SsrMode::Async />
                <Route path=path!("/role-disabled") view=errors::RoleDisabledPage ssr=SsrMode::Async />
                // Seller portal: disabled for launch (domain::tenancy::SELLER_PORTAL_ENABLED).
                <Route path=path!("/seller") view=SellerDisabled ssr=SsrMode::Async />
                <Route path=path!("/seller/inventory") view=SellerDisabled ssr=SsrMode::Async />
                <Route path=path!("/seller/sales") view=SellerDisabled ssr=SsrMode::Async />
                <Route path=path!("/seller/settings") view=SellerDisabled ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=AppLayout ssr=SsrMode::Async>
                    <Route path=path!("/") view=OverviewRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/signals") view=SignalsRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/deals") view=BrokerDealsRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/deals/submissions/:id") view=BrokerSubmissionRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/deals/:id") view=BrokerDealRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/commissions") view=CommissionsRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/commissions/:id/receipt") view=ReceiptRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/commissions/payouts/:id/receipt") view=BrokerPayoutReceiptRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/analytics") view=AnalyticsRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/messages") view=MessagesRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/desk/want-list") view=WantListRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/desk/submissions") view=DeskSubmissionsRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/desk/submissions/:id") view=DeskSubmissionRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/desk/inventory") view=InventoryRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/desk/inventory/:id") view=InventoryItemRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/desk/commissions") view=DeskCommissionsRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/desk/payouts") view=PayoutsRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/desk/payouts/:id/receipt") view=DeskPayoutReceiptRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/desk/disputes") view=DisputesRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/contacts") view=ContactsRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/contacts/import") view=ContactImportRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/platform/organizations") view=OrganizationsRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/team") view=TeamRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/team/:id") view=TeamMemberRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/audit") view=AuditRoute::page() ssr=SsrMode::Async />
                    <Route path=path!("/settings") view=SettingsRoute::page() ssr=SsrMode::Async />
                    // The UI kit: platform admin in demo mode only (404 otherwise).
                    <Route path=path!("/kit") view=KitRoute::page() ssr=SsrMode::Async />
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
