//! Benchmarks (`dealflow bench …`): each prints its figures beside the bare
//! SQL (or the bare parser) it is built on.

pub mod contacts;
pub mod dealer;
pub mod ledger;
pub mod signals;

use std::time::Duration;

/// The `p`-th percentile (0‥1) of sorted samples.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// "1.234 ms"
pub fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}
