//! Dealflow: deal sourcing through outside brokers and partners, an exact
//! money ledger, and each person seeing only what is theirs.
//!
//! One crate, two halves: `ssr` (the axum server) and `hydrate` (the WASM
//! that takes over the server-rendered pages in the browser).

#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod domain;
pub mod dto;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    ui::stopped::install();
    // Pages are lazy (their code is fetched when first shown), so hydration
    // waits for the page's chunk (`hydrate_lazy`, but knowing when it ends).
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else { return };
        leptos::mount::hydrate_from_async(body.clone(), app::App).await.forget();
        // A marker for the browser tests: the page is interactive now.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
