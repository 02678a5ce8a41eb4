//! Chart data: plain, serializable numbers (amounts stay decimals) that the
//! server computes, with the ECharts option the server builds from them
//! (`server::chart::draw`), which the kit's `Chart` hands to ECharts.

use crate::domain::money::{Currency, Money};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChartKind {
    /// Lines over categories (one per series).
    Line,
    /// Lines with the area under them filled.
    Area,
    /// Bars over categories (one bar group per label).
    Bar,
    /// A ring: one slice per label (first series).
    Donut,
    /// Stages from widest to narrowest (first series).
    Funnel,
    /// A small line without axes (first series).
    Sparkline,
    /// A grid: one row per series, one column per label.
    Heatmap,
}

impl ChartKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChartKind::Line => "line",
            ChartKind::Area => "area",
            ChartKind::Bar => "bar",
            ChartKind::Donut => "donut",
            ChartKind::Funnel => "funnel",
            ChartKind::Sparkline => "sparkline",
            ChartKind::Heatmap => "heatmap",
        }
    }
}

/// How the numbers read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ValueFormat {
    Money(Currency),
    Count,
}

impl ValueFormat {
    pub fn format(self, v: Decimal) -> String {
        match self {
            ValueFormat::Money(c) => Money::new(v, c).format(),
            ValueFormat::Count => group(v.round().to_string()),
        }
    }
}

fn group(digits: String) -> String {
    let (sign, d) = digits.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", digits.as_str()));
    let mut out = String::new();
    for (i, ch) in d.chars().enumerate() {
        if i > 0 && (d.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}")
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChartSeries {
    pub name: String,
    /// One value per label (missing values count as zero).
    pub values: Vec<Decimal>,
    /// Bars of series with the same stack name sit on each other ("" for none).
    #[serde(default)]
    pub stack: String,
    /// A fixed colour ("#c4332a") instead of the palette's next ("" for that).
    #[serde(default)]
    pub color: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChartData {
    pub kind: ChartKind,
    pub labels: Vec<String>,
    pub series: Vec<ChartSeries>,
    pub format: ValueFormat,
    /// The ECharts option as JSON, built on the server so the browser's
    /// bundle carries no option builder; empty until drawn.
    #[serde(default)]
    pub option: String,
    /// Lines of text shown under the chart, for everyone (what the chart
    /// means, figures that belong beside it rather than in it).
    #[serde(default)]
    pub notes: Vec<String>,
}

impl ChartData {
    pub fn new(kind: ChartKind, format: ValueFormat, labels: Vec<String>) -> ChartData {
        ChartData { kind, labels, series: Vec::new(), format, option: String::new(), notes: Vec::new() }
    }

    pub fn series(mut self, name: impl Into<String>, values: Vec<Decimal>) -> ChartData {
        self.series.push(ChartSeries { name: name.into(), values, stack: String::new(), color: String::new() });
        self
    }

    /// A series whose bars stack on the other series of `stack`.
    pub fn stacked(mut self, name: impl Into<String>, values: Vec<Decimal>, stack: &str) -> ChartData {
        self.series.push(ChartSeries { name: name.into(), values, stack: stack.into(), color: String::new() });
        self
    }

    /// The last series added draws in `color` (a meaning: red for reversals).
    pub fn colored(mut self, color: &str) -> ChartData {
        if let Some(s) = self.series.last_mut() {
            s.color = color.into();
        }
        self
    }

    pub fn note(mut self, text: impl Into<String>) -> ChartData {
        self.notes.push(text.into());
        self
    }

    /// Slices from `(label, value)` pairs: the `keep` largest (ties by
    /// label), the rest summed into one `other` slice, so a ring stays
    /// readable whatever the number of labels.
    pub fn slices(mut self, name: impl Into<String>, mut items: Vec<(String, Decimal)>, keep: usize, other: &str) -> ChartData {
        items.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        if items.len() > keep + 1 {
            let rest: Decimal = items.drain(keep..).map(|i| i.1).sum();
            items.push((other.to_string(), rest));
        }
        self.labels = items.iter().map(|i| i.0.clone()).collect();
        self.series(name, items.into_iter().map(|i| i.1).collect())
    }

    /// One value (zero when the series is shorter than the labels).
    pub fn value(&self, series: usize, label: usize) -> Decimal {
        self.series.get(series).and_then(|s| s.values.get(label)).copied().unwrap_or_default()
    }

    /// True when there is nothing to draw (no labels, or every value zero).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() || self.series.iter().all(|s| s.values.iter().all(|v| v.is_zero()))
    }

    /// The figures as table rows: a header (`""` + labels) and one row per
    /// series — what screen readers and pre-hydration pages show.
    pub fn table(&self) -> (Vec<String>, Vec<(String, Vec<String>)>) {
        match self.kind {
            // Slices and stages read better as one row per label.
            ChartKind::Donut | ChartKind::Funnel => {
                let name = self.series.first().map(|s| s.name.clone()).unwrap_or_default();
                let head = vec![String::new(), name];
                let rows = (0..self.labels.len()).map(|i| (self.labels[i].clone(), vec![self.format.format(self.value(0, i))])).collect();
                (head, rows)
            }
            _ => {
                let mut head = vec![String::new()];
                head.extend(self.labels.iter().cloned());
                let rows = (0..self.series.len())
                    .map(|s| {
                        let cells = (0..self.labels.len()).map(|i| self.format.format(self.value(s, i))).collect();
                        (self.series[s].name.clone(), cells)
                    })
                    .collect();
                (head, rows)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: i64) -> Decimal {
        Decimal::from(v)
    }

    #[test]
    fn table_has_a_row_per_series_and_formats_money() {
        let c = ChartData::new(ChartKind::Area, ValueFormat::Money(Currency::USD), vec!["Jan".into(), "Feb".into()])
            .series("Earned", vec![d(1200), Decimal::new(4550, 1)])
            .series("Paid", vec![d(0)]);
        let (head, rows) = c.table();
        assert_eq!(head, vec!["", "Jan", "Feb"]);
        assert_eq!(rows[0], ("Earned".to_string(), vec!["$1,200.00".to_string(), "$455.00".to_string()]));
        // A series shorter than the labels reads as zero, not as a gap or a panic.
        assert_eq!(rows[1].1, vec!["$0.00", "$0.00"]);
    }

    #[test]
    fn donut_table_is_one_row_per_slice() {
        let c = ChartData::new(ChartKind::Donut, ValueFormat::Count, vec!["Rolex".into(), "Patek".into()]).series("Deals", vec![d(12_345), d(3)]);
        let (head, rows) = c.table();
        assert_eq!(head, vec!["", "Deals"]);
        assert_eq!(rows, vec![("Rolex".to_string(), vec!["12,345".to_string()]), ("Patek".to_string(), vec!["3".to_string()])]);
    }

    #[test]
    fn slices_keep_the_largest_and_sum_the_rest() {
        let items = |n: i64| (1..=n).map(|i| (format!("B{i}"), d(i))).collect::<Vec<_>>();
        let c = ChartData::new(ChartKind::Donut, ValueFormat::Count, vec![]).slices("Deals", items(9), 5, "Other");
        assert_eq!(c.labels, ["B9", "B8", "B7", "B6", "B5", "Other"]);
        assert_eq!(c.series[0].values.last(), Some(&d(1 + 2 + 3 + 4)));
        // One slice over the limit is shown as itself, not as a one-brand "Other".
        let c = ChartData::new(ChartKind::Donut, ValueFormat::Count, vec![]).slices("Deals", items(6), 5, "Other");
        assert_eq!(c.labels.len(), 6);
        assert!(!c.labels.contains(&"Other".to_string()));
    }

    #[test]
    fn all_zero_is_empty() {
        let c = ChartData::new(ChartKind::Bar, ValueFormat::Count, vec!["a".into()]).series("x", vec![d(0)]);
        assert!(c.is_empty());
        assert!(!c.clone().series("y", vec![d(1)]).is_empty());
        assert!(ChartData::new(ChartKind::Bar, ValueFormat::Count, vec![]).series("x", vec![d(1)]).is_empty());
    }

    #[test]
    fn counts_group_thousands_and_keep_sign() {
        assert_eq!(ValueFormat::Count.format(d(-1_234_567)), "-1,234,567");
        assert_eq!(ValueFormat::Count.format(d(999)), "999");
    }
}
