//! The UI kit page's data (platform admin, demo mode only): 60 demo rows
//! and a form the server validates.

use crate::domain::money::{Currency, Money};
use crate::dto::chart::{ChartData, ChartKind, ValueFormat};
use crate::dto::error::{AppError, FieldErrors};
use crate::dto::kit::{KitChart, KitRow};
use crate::server::auth::Ctx;
use crate::server::chart::draw;

/// 60 deterministic demo rows (one with a formula-like name, to show the
/// CSV export neutralising it).
pub fn rows() -> Vec<KitRow> {
    const WATCHES: [&str; 6] =
        ["Rolex Submariner 126610LN", "Patek Nautilus 5711/1A", "AP Royal Oak 15500ST", "Omega Speedmaster", "Tudor BB58 79030N", "Cartier Santos WSSA0018"];
    const BROKERS: [&str; 5] = ["Marco Bellini", "Ana Ruiz", "=cmd|' /C calc'!A0", "Li Wei", "Tom Baker"];
    const STATUS: [&str; 4] = ["Pending Review", "Awaiting Payout", "Paid", "Cancelled"];
    (0..60u64)
        .map(|i| {
            let x = i.wrapping_mul(2_654_435_761) % 1_000_003;
            KitRow {
                id: format!("k{i:03}"),
                watch: WATCHES[(x % 6) as usize].to_string(),
                broker: BROKERS[(i % 5) as usize].to_string(),
                status: STATUS[(x % 4) as usize].to_string(),
                amount_minor: 50_000 + (x as i64 % 900) * 1_000,
                at: 1_764_115_200_000 + i as i64 * 86_400_000,
            }
        })
        .collect()
}

/// The kit exists only in demo mode; elsewhere it is "not found".
pub fn enabled(demo: bool) -> Result<(), AppError> {
    if demo {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The kit's rows, in demo mode only.
pub fn demo_rows(ctx: &Ctx) -> Result<Vec<KitRow>, AppError> {
    enabled(ctx.config.demo)?;
    Ok(rows())
}

/// Every chart kind, from the demo rows (amounts in dollars), in demo mode only.
pub fn demo_charts(ctx: &Ctx) -> Result<Vec<KitChart>, AppError> {
    enabled(ctx.config.demo)?;
    Ok(charts(&rows()))
}

fn charts(rows: &[KitRow]) -> Vec<KitChart> {
    use rust_decimal::Decimal;
    let usd = ValueFormat::Money(Currency::USD);
    let dollars = |minor: i64| Decimal::new(minor, 2);
    const MONTHS: [&str; 12] = ["Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"];
    let months: Vec<String> = MONTHS.iter().map(|m| m.to_string()).collect();
    let mut earned = vec![0i64; 12];
    let mut paid = vec![0i64; 12];
    for (i, r) in rows.iter().enumerate() {
        earned[i % 12] += r.amount_minor;
        if r.status == "Paid" {
            paid[(i + 1) % 12] += r.amount_minor;
        }
    }
    let area = ChartData::new(ChartKind::Area, usd, months.clone())
        .series("Earned", earned.iter().map(|v| dollars(*v)).collect())
        .series("Paid out", paid.iter().map(|v| dollars(*v)).collect());
    let bar = ChartData::new(ChartKind::Bar, usd, months.clone()).series("Earned", earned.iter().map(|v| dollars(*v)).collect());
    let line = ChartData::new(ChartKind::Line, ValueFormat::Count, months).series("Submissions", (0..12).map(|i| Decimal::from(8 + (i * 7) % 11)).collect());
    let mut brands: Vec<(String, i64)> = Vec::new();
    for r in rows {
        let brand = r.watch.split_whitespace().next().unwrap_or("Other").to_string();
        match brands.iter_mut().find(|(b, _)| *b == brand) {
            Some((_, n)) => *n += r.amount_minor,
            None => brands.push((brand, r.amount_minor)),
        }
    }
    let donut = ChartData::new(ChartKind::Donut, usd, brands.iter().map(|(b, _)| b.clone()).collect())
        .series("Earnings by brand", brands.iter().map(|(_, v)| dollars(*v)).collect());
    let funnel = ChartData::new(ChartKind::Funnel, ValueFormat::Count, vec!["New".into(), "In Review".into(), "Approved".into(), "Converted".into()])
        .series("Submissions", vec![Decimal::from(60), Decimal::from(41), Decimal::from(23), Decimal::from(14)]);
    let days: Vec<String> = (1..=30).map(|d| format!("{d}")).collect();
    let spark = ChartData::new(ChartKind::Sparkline, ValueFormat::Count, days.clone())
        .series("Submissions per day", (0..30).map(|d| Decimal::from((d * 13 + 5) % 7)).collect());
    let mut heat = ChartData::new(ChartKind::Heatmap, ValueFormat::Count, days);
    for (g, name) in ["Geneva Dealers", "HK Watch Club", "Direct"].iter().enumerate() {
        heat = heat.series(*name, (0..30).map(|d| Decimal::from((d * (g + 3) + g * 5) % 6)).collect());
    }
    let chart = |title: &str, data: ChartData, height: u32, wide: bool| KitChart { title: title.to_string(), data: draw(data), height, wide };
    vec![
        chart("Earned vs paid out (12 months)", area, 260, true),
        chart("Earnings by brand", donut, 260, false),
        chart("Submission funnel", funnel, 260, false),
        chart("Earned per month", bar, 260, false),
        chart("Submissions per month", line, 260, false),
        chart("Submissions, last 30 days", spark, 60, false),
        chart("Signals by group and day", heat, 220, true),
    ]
}

/// A form that the server validates: field errors come back next to the fields.
pub fn validate(ctx: &Ctx, name: &str, amount: &str) -> Result<String, AppError> {
    enabled(ctx.config.demo)?;
    let mut errors = FieldErrors::default();
    if name.trim().is_empty() {
        errors.add("name", "Enter a name.");
    }
    let parsed = Money::parse(amount, Currency::USD);
    if let Err(e) = &parsed {
        errors.add("amount", e.to_string());
    }
    errors.finish()?;
    Ok(format!("Saved {} for {}", parsed.map(|m| m.format()).unwrap_or_default(), name.trim()))
}
