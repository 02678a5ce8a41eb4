//! Organizations and the modules they enable.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A product module that an organization may enable (SPEC.md "Modules").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Module {
    Dealer,
    Crm,
    Brokerage,
    Marketplace,
}

impl Module {
    pub const ALL: [Module; 4] = [Module::Dealer, Module::Crm, Module::Brokerage, Module::Marketplace];

    pub fn as_str(self) -> &'static str {
        match self {
            Module::Dealer => "dealer",
            Module::Crm => "crm",
            Module::Brokerage => "brokerage",
            Module::Marketplace => "marketplace",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Module::Dealer => "Dealer",
            Module::Crm => "CRM",
            Module::Brokerage => "Brokerage",
            Module::Marketplace => "Marketplace",
        }
    }

    pub fn parse(s: &str) -> Option<Module> {
        Module::ALL.into_iter().find(|m| m.as_str() == s.trim())
    }

    /// Modules are stored as a comma-separated list (portable across SQLite and PostgreSQL).
    pub fn parse_list(s: &str) -> Vec<Module> {
        let mut v: Vec<Module> = s.split(',').filter_map(Module::parse).collect();
        v.sort();
        v.dedup();
        v
    }

    pub fn join(mods: &[Module]) -> String {
        mods.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(",")
    }
}

impl fmt::Display for Module {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The seller portal exists in the data model but is disabled for launch
/// (seed broker-portal). This is the one switch that re-enables it.
pub const SELLER_PORTAL_ENABLED: bool = false;

/// The exact message every seller API answers with while the portal is disabled.
pub const SELLER_DISABLED_MESSAGE: &str = "Seller portal disabled for launch.";

/// An ISO 4217 currency code an organization keeps its books in.
pub fn is_supported_currency(code: &str) -> bool {
    matches!(code, "USD" | "GBP" | "EUR" | "CHF" | "HKD" | "SGD" | "AED" | "CAD" | "AUD" | "JPY")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_list_round_trips_and_ignores_junk() {
        let mods = Module::parse_list("crm, dealer,,bogus,dealer");
        assert_eq!(mods, vec![Module::Dealer, Module::Crm]);
        assert_eq!(Module::join(&mods), "dealer,crm");
    }

    #[test]
    fn seller_portal_is_off_for_launch() {
        assert!(!SELLER_PORTAL_ENABLED);
        assert_eq!(SELLER_DISABLED_MESSAGE, "Seller portal disabled for launch.");
    }
}
