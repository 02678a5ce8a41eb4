//! Pages and components. Pages never run SQL: they call server functions.

pub mod components;
pub mod icons;
pub mod kit;
pub mod layout;
pub mod pages;
