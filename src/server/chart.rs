//! Charts are drawn on the server: the ECharts option for each chart's
//! numbers is built here with charming and travels as JSON inside the
//! chart's data, so the browser's bundle carries no option builder
//! (see `ui::kit::chart`).

use crate::dto::chart::{ChartData, ChartKind};

/// The chart with its ECharts option filled in.
pub fn draw(mut data: ChartData) -> ChartData {
    let mut option = serde_json::to_value(option(&data)).unwrap_or_default();
    // charming writes `Sort::None` as `null`, which ECharts reads as its
    // default, "descending" (stages sorted by size): say "none" outright.
    if let Some(series) = option.get_mut("series").and_then(|s| s.as_array_mut()) {
        for s in series.iter_mut().filter(|s| s["type"] == "funnel") {
            s["sort"] = "none".into();
        }
    }
    data.option = option.to_string();
    data
}

/// The charming option for a chart (what ECharts draws).
fn option(data: &ChartData) -> charming::Chart {
    use charming::component::{Axis, Grid, Legend, LegendType, VisualMap, VisualMapChannel};
    use charming::element::{AreaStyle, AxisType, ItemStyle, Label, LabelLine, LabelPosition, Orient, Sort, Tooltip, Trigger};
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
            // Straight segments: a smoothed curve overshoots (below zero between two small months).
            for (i, s) in data.series.iter().enumerate() {
                let style = || ItemStyle::new().color(s.color.as_str());
                chart = match data.kind {
                    ChartKind::Bar if !s.color.is_empty() => {
                        chart.series(Bar::new().name(s.name.clone()).stack(s.stack.clone()).item_style(style()).data(values(i)))
                    }
                    ChartKind::Bar if !s.stack.is_empty() => chart.series(Bar::new().name(s.name.clone()).stack(s.stack.clone()).data(values(i))),
                    ChartKind::Bar => chart.series(Bar::new().name(s.name.clone()).data(values(i))),
                    ChartKind::Area => chart.series(Line::new().name(s.name.clone()).area_style(AreaStyle::new().opacity(0.25)).data(values(i))),
                    _ => chart.series(Line::new().name(s.name.clone()).data(values(i))),
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
                // A legend instead of labels around the ring: names never overlap or get cut, at any width.
                chart.legend(Legend::new().type_(LegendType::Scroll).orient(Orient::Vertical).right(0).top("middle")).series(
                    Pie::new()
                        .name(name)
                        .radius(vec!["42%", "70%"])
                        .center(vec!["35%", "50%"])
                        .label(Label::new().show(false))
                        .label_line(LabelLine::new().show(false))
                        .data(items),
                )
            } else {
                // Stages stay in their order (New → … → Converted), whatever their size, each labelled with its count.
                chart.series(
                    Funnel::new()
                        .name(name)
                        .sort(Sort::None)
                        .left("4%")
                        .width("60%")
                        .top(8)
                        .bottom(8)
                        .min_size("12%")
                        .label(Label::new().show(true).position(LabelPosition::Right).formatter("{b}: {c}"))
                        .data(items),
                )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;
    use crate::dto::chart::ValueFormat;
    use rust_decimal::Decimal;

    #[test]
    fn every_kind_draws_its_numbers() {
        let labels = vec!["Jan".to_string(), "Feb".to_string()];
        for kind in [ChartKind::Line, ChartKind::Area, ChartKind::Bar, ChartKind::Donut, ChartKind::Funnel, ChartKind::Sparkline, ChartKind::Heatmap] {
            let data = draw(
                ChartData::new(kind, ValueFormat::Money(Currency::USD), labels.clone()).series("Earned", vec![Decimal::new(120_050, 2), Decimal::from(7)]),
            );
            let option: serde_json::Value = serde_json::from_str(&data.option).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            let text = option.to_string();
            assert!(text.contains("1200.5"), "{kind:?} carries the value: {text}");
            assert!(option["series"].is_array(), "{kind:?}");
            if kind == ChartKind::Funnel {
                assert_eq!(option["series"][0]["sort"], "none", "stages keep their order");
            }
            assert!(!text.contains("smooth"), "{kind:?}: straight lines only");
        }
    }
}
