//! Pages and components. Pages never run SQL: they call server functions.

pub mod components;
pub mod icons;
pub mod kit;
pub mod layout;
pub mod pages;
#[cfg(feature = "hydrate")]
pub mod stopped;

/// A route whose page the browser downloads when it is first shown: its
/// code is a WASM chunk of its own (`cargo leptos build --split`), so the
/// first load carries only the sign-in page and the frame. On the server the
/// page renders as before.
///
/// ```ignore
/// lazy_page!(TeamRoute, team::TeamPage);
/// <Route path=path!("/team") view=TeamRoute::page() ssr=SsrMode::Async />
/// ```
#[macro_export]
macro_rules! lazy_page {
    ($route:ident, $page:path) => {
        $crate::lazy_page!(@route $route, $page().into_any());
    };
    // A page for one audience: `Guard` shows it only to roles with its nav
    // entry's capability (in an organization with its module), else 403.
    ($route:ident, $page:path, $guard:expr) => {
        $crate::lazy_page!(@route $route, $crate::ui::components::guarded($guard, || $page().into_any()));
    };
    // A page that needs a capability of its own (beyond its nav entry's).
    ($route:ident, $page:path, capability $cap:expr, $module:expr) => {
        $crate::lazy_page!(@route $route, $crate::ui::components::guarded_by($cap, $module, || $page().into_any()));
    };
    (@route $route:ident, $view:expr) => {
        pub struct $route;

        impl $route {
            /// The route's view (`Lazy::<Self>::new()`, spelt so the `view!` formatter keeps it).
            pub fn page() -> leptos_router::Lazy<$route> {
                leptos_router::Lazy::new()
            }
        }

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> leptos::prelude::AnyView {
                use leptos::prelude::IntoAny;
                $view
            }
        }
    };
}
