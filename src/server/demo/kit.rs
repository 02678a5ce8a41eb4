//! The UI kit page's data (platform admin, demo mode only): 60 demo rows
//! and a form the server validates.

use crate::domain::money::{Currency, Money};
use crate::dto::error::{AppError, FieldErrors};
use crate::dto::kit::KitRow;
use crate::server::auth::Ctx;

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
