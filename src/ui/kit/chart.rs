//! Charts: one wrapper around ECharts in the browser.
//!
//! A page describes a chart as [`ChartData`] (plain, serializable numbers —
//! amounts stay decimals), which the server draws into an ECharts option
//! (`server::chart::draw`, with charming — kept out of the browser's
//! bundle), and renders [`Chart`]. On the server and before hydration the
//! chart is its numbers, as a table; in the browser the wrapper loads
//! `/echarts.min.js` once (only pages that draw a chart load it), hands it
//! the option, and keeps the table for screen readers. Charts follow the
//! window's size.

use crate::dto::chart::{ChartData, ChartKind};
use leptos::prelude::*;

/// Where the browser finds ECharts (copied from npm's `echarts` at set-up).
pub const ECHARTS_SRC: &str = "/echarts.min.js";

/// A chart with a title, drawn in the browser, its numbers as a table
/// before that and for screen readers.
#[component]
pub fn Chart(
    #[prop(into)] title: String,
    data: ChartData,
    /// Drawing height in pixels.
    #[prop(default = 260)]
    height: u32,
    /// Shown instead of a chart when every value is zero.
    #[prop(into, default = "No data yet.".to_string())]
    empty: String,
) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Div>::new();
    let drawn = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let kind = data.kind.as_str();
    if data.is_empty() {
        return view! {
            <figure class="chart chart-empty" data-chart=kind>
                <figcaption class="chart-title">{title}</figcaption>
                <p class="muted">{empty}</p>
            </figure>
        }
        .into_any();
    }
    #[cfg(feature = "hydrate")]
    {
        let spec = data.clone();
        Effect::new(move |_| {
            if let Some(el) = canvas.get() {
                browser::mount(el, &spec, drawn, failed);
            }
        });
    }
    let (head, rows) = data.table();
    let notes = data.notes.clone();
    let small = matches!(data.kind, ChartKind::Sparkline);
    view! {
        <figure
            class="chart"
            class:chart-small=small
            data-chart=kind
            data-drawn=move || drawn.get().then_some("true")
            data-failed=move || failed.get().then_some("true")
        >
            <figcaption class="chart-title">{title.clone()}</figcaption>
            <div class="chart-body" style=format!("height:{height}px")>
                <div class="chart-canvas" node_ref=canvas aria-hidden="true"></div>
                <div class="chart-fallback" class:sr-only=move || drawn.get() tabindex=move || (!drawn.get()).then_some("0")>
                    <table class="chart-data">
                        <caption class="sr-only">{title}</caption>
                        <thead>
                            <tr>{head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|(name, cells)| {
                                    view! {
                                        <tr>
                                            <th scope="row">{name}</th>
                                            {cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            </div>
            {(!notes.is_empty()).then(|| view! { <ul class="chart-notes">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul> })}
        </figure>
    }
    .into_any()
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{ChartData, ECHARTS_SRC};
    use leptos::prelude::*;
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    #[wasm_bindgen]
    extern "C" {
        type Instance;
        #[wasm_bindgen(js_namespace = echarts, js_name = init)]
        fn echarts_init(el: &web_sys::HtmlElement) -> Instance;
        #[wasm_bindgen(method, js_name = setOption)]
        fn set_option(this: &Instance, option: JsValue);
        #[wasm_bindgen(method)]
        fn resize(this: &Instance);
        #[wasm_bindgen(method)]
        fn dispose(this: &Instance);
    }

    enum Loader {
        Idle,
        Loading(Vec<Box<dyn FnOnce(bool)>>),
        Ready,
        Failed,
    }

    thread_local! {
        static LOADER: RefCell<Loader> = const { RefCell::new(Loader::Idle) };
    }

    fn echarts_present() -> bool {
        js_sys::Reflect::has(&window(), &JsValue::from_str("echarts")).unwrap_or(false)
    }

    fn finish(ok: bool) {
        let waiting = LOADER.with(|l| match std::mem::replace(&mut *l.borrow_mut(), if ok { Loader::Ready } else { Loader::Failed }) {
            Loader::Loading(w) => w,
            _ => Vec::new(),
        });
        for cb in waiting {
            cb(ok);
        }
    }

    /// Runs `cb(true)` once ECharts is on the page (loading it the first
    /// time), or `cb(false)` if it cannot be loaded.
    fn with_echarts(cb: impl FnOnce(bool) + 'static) {
        if echarts_present() {
            return cb(true);
        }
        enum Next {
            Run(bool),
            Wait,
            Load,
        }
        let mut cb: Option<Box<dyn FnOnce(bool)>> = Some(Box::new(cb));
        let next = LOADER.with(|l| {
            let mut l = l.borrow_mut();
            match &mut *l {
                Loader::Ready => Next::Run(true),
                Loader::Failed => Next::Run(false),
                Loader::Loading(waiting) => {
                    waiting.extend(cb.take());
                    Next::Wait
                }
                Loader::Idle => {
                    *l = Loader::Loading(cb.take().into_iter().collect());
                    Next::Load
                }
            }
        });
        match next {
            Next::Run(ok) => {
                if let Some(cb) = cb {
                    cb(ok);
                }
            }
            Next::Wait => {}
            Next::Load => {
                let doc = document();
                let Ok(script) = doc.create_element("script") else { return finish(false) };
                let _ = script.set_attribute("src", ECHARTS_SRC);
                let onload = Closure::once_into_js(|| finish(true));
                let onerror = Closure::once_into_js(|| finish(false));
                let _ = script.add_event_listener_with_callback("load", onload.unchecked_ref());
                let _ = script.add_event_listener_with_callback("error", onerror.unchecked_ref());
                match doc.head() {
                    Some(head) => {
                        let _ = head.append_child(&script);
                    }
                    None => finish(false),
                }
            }
        }
    }

    /// Draws `data` into `el` once ECharts is there; disposes the chart and
    /// its resize listener when the component goes away.
    pub fn mount(el: web_sys::HtmlDivElement, data: &ChartData, drawn: RwSignal<bool>, failed: RwSignal<bool>) {
        let json = data.option.clone();
        let instance: std::rc::Rc<RefCell<Option<Instance>>> = Default::default();
        let alive = std::rc::Rc::new(std::cell::Cell::new(true));
        {
            let instance = instance.clone();
            let alive = alive.clone();
            with_echarts(move |ok| {
                if !alive.get() {
                    return;
                }
                let parsed = if ok && !json.is_empty() { js_sys::JSON::parse(&json).ok() } else { None };
                match parsed {
                    Some(opt) => {
                        let chart = echarts_init(&el);
                        chart.set_option(opt);
                        *instance.borrow_mut() = Some(chart);
                        drawn.set(true);
                    }
                    None => failed.set(true),
                }
            });
        }
        let resize_target = instance.clone();
        let handle = window_event_listener(leptos::ev::resize, move |_| {
            if let Some(chart) = resize_target.borrow().as_ref() {
                chart.resize();
            }
        });
        let cleanup = send_wrapper::SendWrapper::new(move || {
            alive.set(false);
            handle.remove();
            if let Some(chart) = instance.borrow_mut().take() {
                chart.dispose();
            }
        });
        on_cleanup(move || (cleanup.take())());
    }
}
