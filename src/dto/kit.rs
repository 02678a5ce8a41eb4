//! The UI kit page's demo rows.

use super::chart::ChartData;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KitRow {
    pub id: String,
    pub watch: String,
    pub broker: String,
    pub status: String,
    pub amount_minor: i64,
    pub at: i64,
}

/// One of the kit's demo charts, drawn on the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KitChart {
    pub title: String,
    pub data: ChartData,
    /// Drawing height in pixels.
    pub height: u32,
    /// Spans the whole row.
    pub wide: bool,
}
