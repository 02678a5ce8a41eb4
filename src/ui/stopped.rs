//! When the browser half stops. A page's code that fails to download (the
//! connection dropped, or a new version was deployed while the tab stayed
//! open) panics inside Leptos 0.8's lazy routes (upstream: the load is
//! `expect`ed), and a panic stops the WASM for good. Instead of a page that
//! silently stops answering clicks, the tab loads the page it was going to
//! (the link just clicked — the router changes the address only once the
//! page's code is there — or else the current address) from the server,
//! which renders it with the current files; if that already happened in the
//! last 30 seconds, or for any other panic, it says so with a Reload link.

use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// The last link clicked: (href, when).
    static CLICKED: RefCell<Option<(String, u64)>> = const { RefCell::new(None) };
    /// When the tab last started leaving the page: downloads it cuts short
    /// are not failures to recover from (that would undo the navigation).
    static LEAVING: RefCell<Option<u64>> = const { RefCell::new(None) };
}

fn now() -> u64 {
    js_sys::Date::now() as u64
}

const RELOADED_AT: &str = "dealflow-reloaded-at";
/// The message of the upstream `expect` on a failed chunk load.
const CHUNK_FAILED: &str = "load callback should succeed";

/// Replaces the panic hook: the console message as before, then recovery.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        after_panic(info.to_string().contains(CHUNK_FAILED));
    }));
    // Where a click was going, seen before the router handles it: a plain
    // click on a link that opens a page in this tab (not a download, not
    // another window, not a ctrl/shift/alt/meta-click).
    let remember = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|ev: web_sys::MouseEvent| {
        if ev.button() != 0 || ev.ctrl_key() || ev.shift_key() || ev.alt_key() || ev.meta_key() {
            return;
        }
        let link = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|el| el.closest("a[href]").ok().flatten());
        let link = link.filter(|a| !a.has_attribute("download") && a.get_attribute("target").is_none_or(|t| t == "_self"));
        if let Some(href) = link.and_then(|a| a.get_attribute("href")) {
            CLICKED.with(|c| *c.borrow_mut() = Some((href, now())));
        }
    });
    if let Some(doc) = leptos::prelude::window().document() {
        let _ = doc.add_event_listener_with_callback_and_bool("click", remember.as_ref().unchecked_ref(), true);
    }
    remember.forget();
    let leaving = Closure::<dyn Fn(web_sys::Event)>::new(|_: web_sys::Event| LEAVING.with(|l| *l.borrow_mut() = Some(now())));
    let _ = leptos::prelude::window().add_event_listener_with_callback("beforeunload", leaving.as_ref().unchecked_ref());
    leaving.forget();
}

fn after_panic(chunk_failed: bool) {
    let window = leptos::prelude::window();
    if chunk_failed {
        let now = now();
        // A download cut short because the tab is going elsewhere (a typed
        // address, a full-page link): let it go. A CSV download also fires
        // `beforeunload` without leaving, hence a few seconds only.
        if LEAVING.with(|l| *l.borrow()).is_some_and(|at| now.saturating_sub(at) < 5_000) {
            return;
        }
        let storage = window.session_storage().ok().flatten();
        let last = storage.as_ref().and_then(|s| s.get_item(RELOADED_AT).ok().flatten()).and_then(|v| v.parse::<u64>().ok());
        if last.is_none_or(|t| now.saturating_sub(t) >= 30_000) {
            if let Some(s) = &storage {
                let _ = s.set_item(RELOADED_AT, &now.to_string());
            }
            let loaded = match going_to(now) {
                Some(href) => window.location().assign(&href),
                None => window.location().reload(),
            };
            if loaded.is_ok() {
                return;
            }
        }
    }
    let message = if chunk_failed {
        "Part of Dealflow could not be downloaded. Check your connection, then reload the page; what you saved is kept."
    } else {
        "Something went wrong in this tab. Reload the page to carry on; what you saved is kept."
    };
    show(message);
}

/// The link clicked in the last 30 seconds, if any.
fn going_to(now: u64) -> Option<String> {
    CLICKED.with(|c| c.borrow().clone()).filter(|(_, at)| now.saturating_sub(*at) < 30_000).map(|(href, _)| href)
}

fn show(message: &str) {
    let Some(doc) = leptos::prelude::window().document() else { return };
    let Some(body) = doc.body() else { return };
    if doc.get_element_by_id("app-stopped").is_some() {
        return;
    }
    let Ok(banner) = doc.create_element("div") else { return };
    banner.set_id("app-stopped");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("class", "app-stopped");
    let Ok(text) = doc.create_element("p") else { return };
    text.set_text_content(Some(message));
    let Ok(reload) = doc.create_element("a") else { return };
    // A plain link (it works without the WASM) to where the tab was going.
    let here = leptos::prelude::window().location().href().unwrap_or_else(|_| "/".into());
    let _ = reload.set_attribute("href", &going_to(now()).unwrap_or(here));
    let _ = reload.set_attribute("class", "button primary small");
    reload.set_text_content(Some("Reload"));
    let _ = banner.append_child(&text);
    let _ = banner.append_child(&reload);
    let first = body.first_child();
    let _ = body.insert_before(banner.unchecked_ref(), first.as_ref());
}
