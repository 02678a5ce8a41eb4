//! Charts: one wrapper around charming, drawn by ECharts in the browser.
//!
//! A page describes a chart as [`ChartData`] (plain, serializable numbers —
//! amounts stay decimals) and renders [`Chart`]. On the server and before
//! hydration the chart is its numbers, as a table; in the browser the wrapper
//! loads `/echarts.min.js` once (only pages that draw a chart load it), turns
//! the data into a charming option, draws it, and keeps the table for screen
//! readers. Charts follow the window's size.

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
                <div class="chart-fallback" class:sr-only=move || drawn.get()>
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
        </figure>
    }
    .into_any()
}

/// The charming option for a chart (what ECharts draws).
#[cfg(feature = "hydrate")]
pub fn option(data: &ChartData) -> charming::Chart {
    use charming::component::{Axis, Grid, Legend, VisualMap, VisualMapChannel};
    use charming::element::{AreaStyle, AxisType, Orient, Sort, Tooltip, Trigger};
    use charming::series::{Bar, Funnel, Heatmap, Line, Pie};
    use rust_decimal::prelude::ToPrimitive;
    use rust_decimal::Decimal;

    // Display only: ECharts positions pixels with JS numbers.
    let num = |v: Decimal| v.to_f64().unwrap_or(0.0);
    let values = |s: usize| -> Vec<f64> { (0..data.labels.len()).map(|i| num(data.value(s, i))).collect() };
    let palette = ["#2563eb", "#16a34a", "#f59e0b", "#db2777", "#7c3aed", "#0891b2", "#64748b"];
    let mut chart = charming::Chart::new().color(palette.to_vec());
    match data.kind {
        ChartKind::Line | ChartKind::Area | ChartKind::Bar => {
            chart = chart
                .tooltip(Tooltip::new().trigger(Trigger::Axis))
                .grid(Grid::new().left(56).right(16).top(if data.series.len() > 1 { 36 } else { 16 }).bottom(28))
                .x_axis(Axis::new().type_(AxisType::Category).data(data.labels.clone()))
                .y_axis(Axis::new().type_(AxisType::Value));
            if data.series.len() > 1 {
                chart = chart.legend(Legend::new().top(0));
            }
            for (i, s) in data.series.iter().enumerate() {
                chart = match data.kind {
                    ChartKind::Bar => chart.series(Bar::new().name(s.name.clone()).data(values(i))),
                    ChartKind::Area => chart.series(Line::new().name(s.name.clone()).smooth(0.3).area_style(AreaStyle::new().opacity(0.25)).data(values(i))),
                    _ => chart.series(Line::new().name(s.name.clone()).smooth(0.3).data(values(i))),
                };
            }
        }
        ChartKind::Sparkline => {
            chart = chart
                .grid(Grid::new().left(2).right(2).top(4).bottom(4))
                .x_axis(Axis::new().type_(AxisType::Category).show(false).data(data.labels.clone()))
                .y_axis(Axis::new().type_(AxisType::Value).show(false))
                .series(Line::new().show_symbol(false).area_style(AreaStyle::new().opacity(0.2)).data(values(0)));
        }
        ChartKind::Donut | ChartKind::Funnel => {
            let items: Vec<(f64, String)> = data.labels.iter().enumerate().map(|(i, l)| (num(data.value(0, i)), l.clone())).collect();
            // Slices and stages carry their own labels: no legend to collide with them.
            chart = chart.tooltip(Tooltip::new().trigger(Trigger::Item));
            let name = data.series.first().map(|s| s.name.clone()).unwrap_or_default();
            chart = if data.kind == ChartKind::Donut {
                chart.series(Pie::new().name(name).radius(vec!["42%", "68%"]).center(vec!["50%", "50%"]).data(items))
            } else {
                // Stages stay in their order (New → … → Converted), whatever their size.
                chart.series(Funnel::new().name(name).sort(Sort::None).left("6%").width("66%").top(8).bottom(8).data(items))
            };
        }
        ChartKind::Heatmap => {
            let mut cells: Vec<Vec<charming::datatype::DataPoint>> = Vec::new();
            let mut max = 0.0f64;
            for s in 0..data.series.len() {
                for i in 0..data.labels.len() {
                    let v = num(data.value(s, i));
                    max = max.max(v);
                    cells.push(vec![(i as f64).into(), (s as f64).into(), v.into()]);
                }
            }
            chart = chart
                .tooltip(Tooltip::new().trigger(Trigger::Item))
                .grid(Grid::new().left(110).right(16).top(8).bottom(64))
                .x_axis(Axis::new().type_(AxisType::Category).data(data.labels.clone()))
                .y_axis(Axis::new().type_(AxisType::Category).data(data.series.iter().map(|s| s.name.clone()).collect()))
                .visual_map(
                    VisualMap::new()
                        .min(0)
                        .max(max.max(1.0))
                        .calculable(true)
                        .orient(Orient::Horizontal)
                        .left("center")
                        .bottom(0)
                        .in_range(VisualMapChannel::new().color(vec!["#f1f5f9", "#93c5fd", "#1d4ed8"])),
                )
                .series(Heatmap::new().data(cells));
        }
    }
    chart
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{option, ChartData, ECHARTS_SRC};
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
        let json = option(data).to_string();
        let instance: std::rc::Rc<RefCell<Option<Instance>>> = Default::default();
        let alive = std::rc::Rc::new(std::cell::Cell::new(true));
        {
            let instance = instance.clone();
            let alive = alive.clone();
            with_echarts(move |ok| {
                if !alive.get() {
                    return;
                }
                let parsed = if ok { js_sys::JSON::parse(&json).ok() } else { None };
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
