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
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // A marker for the browser tests: the page is interactive now.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
