//! Benchmarks (`dealflow bench …`): each prints its figures beside the bare
//! SQL (or the bare parser) it is built on.

pub mod contacts;
pub mod dealer;
pub mod ledger;
pub mod signals;

use std::time::{Duration, Instant};

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

/// p50 and p95 of `samples` runs of `f` (given the run's index).
pub async fn timed<F, Fut, T>(samples: usize, mut f: F) -> anyhow::Result<(Duration, Duration)>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    let mut times = Vec::with_capacity(samples);
    for i in 0..samples {
        let t = Instant::now();
        f(i).await?;
        times.push(t.elapsed());
    }
    times.sort();
    Ok((percentile(&times, 0.5), percentile(&times, 0.95)))
}
