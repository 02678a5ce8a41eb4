//! Organizations and the modules they enable.

use super::access::Role;
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

    /// What the module is, in a sentence (homes and settings say it so).
    pub fn describe(self) -> &'static str {
        match self {
            Module::Dealer => "Broker Portal and Deal Desk: brokers' leads and WhatsApp signals, inventory, sales, commissions and payouts",
            Module::Crm => "Contacts and relationships: clients, trade partners, brokers, investors and the team",
            Module::Brokerage => "Agents' own workspaces and the managing broker's KPI dashboard",
            Module::Marketplace => "Partner lead allocation, the Kanban and commissions with platform fees",
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

/// The ISO 4217 currencies an organization can keep its books in.
pub const CURRENCIES: [&str; 10] = ["USD", "EUR", "GBP", "CHF", "HKD", "SGD", "AED", "CAD", "AUD", "JPY"];

/// An ISO 4217 currency code an organization keeps its books in.
pub fn is_supported_currency(code: &str) -> bool {
    CURRENCIES.contains(&code)
}

/// The module whose portal an external role (or the agent) works in; team
/// roles work in every module the organization has.
pub fn module_of(role: Role) -> Option<Module> {
    match role {
        Role::Broker | Role::Seller => Some(Module::Dealer),
        Role::Investor => Some(Module::Crm),
        Role::Agent => Some(Module::Brokerage),
        Role::Partner | Role::SalesMember => Some(Module::Marketplace),
        Role::PlatformAdmin | Role::Owner | Role::Manager | Role::Staff | Role::Viewer => None,
    }
}

/// The roles an owner can invite people into, given the organization's
/// modules: every team role, and each external role whose module is on
/// (never the platform admin; the seller while his portal is off).
pub fn invitable_roles(modules: &[Module]) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| *r != Role::PlatformAdmin && (*r != Role::Seller || SELLER_PORTAL_ENABLED))
        .filter(|r| module_of(*r).is_none_or(|m| modules.contains(&m)))
        .collect()
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
    fn invitable_roles_follow_the_modules() {
        let dealer = invitable_roles(&[Module::Dealer]);
        assert_eq!(dealer, vec![Role::Owner, Role::Manager, Role::Staff, Role::Viewer, Role::Broker]);
        let all = invitable_roles(&Module::ALL);
        assert!(all.contains(&Role::Investor) && all.contains(&Role::Agent) && all.contains(&Role::Partner) && all.contains(&Role::SalesMember));
        assert!(!all.contains(&Role::PlatformAdmin) && !all.contains(&Role::Seller));
        assert_eq!(invitable_roles(&[]).len(), 4, "team roles only");
    }

    #[test]
    fn seller_portal_is_off_for_launch() {
        assert!(!SELLER_PORTAL_ENABLED);
        assert_eq!(SELLER_DISABLED_MESSAGE, "Seller portal disabled for launch.");
    }
}
