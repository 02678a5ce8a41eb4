//! The shared UI kit (issue 3): components every page after the foundation uses.

pub mod dialog;
pub mod kpi;
pub mod table;
pub mod tabs;
pub mod toast;
