//! The UI kit page's demo rows.

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
