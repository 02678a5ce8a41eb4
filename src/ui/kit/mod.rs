//! The shared UI kit (issue 3): components every page after the foundation uses.

pub mod chart;
pub mod dialog;
pub mod document;
pub mod kpi;
pub mod table;
pub mod tabs;
pub mod toast;
pub mod upload;
