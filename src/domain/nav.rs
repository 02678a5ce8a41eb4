//! The route table: every page a signed-in person can open, with the
//! capability (and module) it needs. The sidebar is generated from this
//! table and the router serves exactly these paths (`app.rs` and the
//! integration test `every_sidebar_link_opens` keep the two in step), so a
//! sidebar never shows a link that does not work.

use super::{Capability, Module, Role};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Workspace,
    Admin,
    Account,
}

impl Section {
    pub fn label(self) -> &'static str {
        match self {
            Section::Workspace => "Workspace",
            Section::Admin => "Administration",
            Section::Account => "Account",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Overview,
    BrokerSignals,
    BrokerDeals,
    BrokerCommissions,
    BrokerAnalytics,
    BrokerMessages,
    DeskWantList,
    DeskSubmissions,
    DeskInventory,
    DeskCommissions,
    DeskPayouts,
    DeskDisputes,
    Contacts,
    Organizations,
    Team,
    Audit,
    Settings,
}

#[derive(Clone, Copy, Debug)]
pub struct NavItem {
    pub page: Page,
    pub path: &'static str,
    pub label: &'static str,
    /// Name of an icon in `ui::icons`.
    pub icon: &'static str,
    pub section: Section,
    pub capability: Capability,
    /// The module the organization must enable; `None` for core pages.
    pub module: Option<Module>,
}

pub const NAV: &[NavItem] = &[
    NavItem {
        page: Page::Overview,
        path: "/",
        label: "Overview",
        icon: "home",
        section: Section::Workspace,
        capability: Capability::AccountSelf,
        module: None,
    },
    NavItem {
        page: Page::BrokerSignals,
        path: "/signals",
        label: "Signals",
        icon: "bolt",
        section: Section::Workspace,
        capability: Capability::BrokerPortal,
        module: Some(Module::Dealer),
    },
    NavItem {
        page: Page::BrokerDeals,
        path: "/deals",
        label: "Deals",
        icon: "briefcase",
        section: Section::Workspace,
        capability: Capability::BrokerPortal,
        module: Some(Module::Dealer),
    },
    NavItem {
        page: Page::BrokerCommissions,
        path: "/commissions",
        label: "Commissions",
        icon: "coins",
        section: Section::Workspace,
        capability: Capability::BrokerPortal,
        module: Some(Module::Dealer),
    },
    NavItem {
        page: Page::BrokerAnalytics,
        path: "/analytics",
        label: "Analytics",
        icon: "chart",
        section: Section::Workspace,
        capability: Capability::BrokerPortal,
        module: Some(Module::Dealer),
    },
    NavItem {
        page: Page::BrokerMessages,
        path: "/messages",
        label: "Messages",
        icon: "chat",
        section: Section::Workspace,
        capability: Capability::BrokerPortal,
        module: Some(Module::Dealer),
    },
    NavItem {
        page: Page::DeskSubmissions,
        path: "/desk/submissions",
        label: "Submissions",
        icon: "tray",
        section: Section::Workspace,
        capability: Capability::DealsReview,
        module: Some(Module::Dealer),
    },
    NavItem {
        page: Page::DeskInventory,
        path: "/desk/inventory",
        label: "Inventory",
        icon: "box",
        section: Section::Workspace,
        capability: Capability::DealsReview,
        module: Some(Module::Dealer),
    },
    NavItem {
        page: Page::DeskCommissions,
        path: "/desk/commissions",
        label: "Commissions",
        icon: "coins",
        section: Section::Workspace,
        capability: Capability::CommissionsApprove,
        module: Some(Module::Dealer),
    },
    NavItem {
        page: Page::DeskPayouts,
        path: "/desk/payouts",
        label: "Payouts",
        icon: "bank",
        section: Section::Workspace,
        capability: Capability::PayoutsReview,
        module: Some(Module::Dealer),
    },
    NavItem {
        page: Page::DeskDisputes,
        path: "/desk/disputes",
        label: "Disputes",
        icon: "flag",
        section: Section::Workspace,
        capability: Capability::DisputesResolve,
        module: Some(Module::Dealer),
    },
    NavItem {
        page: Page::DeskWantList,
        path: "/desk/want-list",
        label: "Want list",
        icon: "star",
        section: Section::Workspace,
        capability: Capability::WantListManage,
        module: Some(Module::Dealer),
    },
    NavItem {
        page: Page::Contacts,
        path: "/contacts",
        label: "Contacts",
        icon: "users",
        section: Section::Workspace,
        capability: Capability::ContactsView,
        module: Some(Module::Crm),
    },
    NavItem {
        page: Page::Organizations,
        path: "/platform/organizations",
        label: "Organizations",
        icon: "building",
        section: Section::Admin,
        capability: Capability::PlatformManage,
        module: None,
    },
    NavItem { page: Page::Team, path: "/team", label: "Team", icon: "users", section: Section::Admin, capability: Capability::TeamManage, module: None },
    NavItem { page: Page::Audit, path: "/audit", label: "Audit log", icon: "shield", section: Section::Admin, capability: Capability::AuditView, module: None },
    NavItem {
        page: Page::Settings,
        path: "/settings",
        label: "Settings",
        icon: "gear",
        section: Section::Account,
        capability: Capability::AccountSelf,
        module: None,
    },
];

/// The entry for a page (every `Page` has exactly one).
pub fn item(page: Page) -> &'static NavItem {
    NAV.iter().find(|i| i.page == page).expect("every Page has a NAV entry")
}

/// What one person's sidebar shows, in table order.
pub fn sidebar_for(role: Role, modules: &[Module]) -> Vec<&'static NavItem> {
    NAV.iter().filter(|i| role.can(i.capability)).filter(|i| i.module.is_none_or(|m| modules.contains(&m))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(role: Role) -> Vec<&'static str> {
        sidebar_for(role, &Module::ALL).into_iter().map(|i| i.label).collect()
    }

    #[test]
    fn paths_are_unique_and_every_page_has_one_entry() {
        for (i, a) in NAV.iter().enumerate() {
            for b in &NAV[i + 1..] {
                assert_ne!(a.path, b.path);
                assert_ne!(a.page, b.page);
            }
        }
    }

    #[test]
    fn sidebars_differ_by_role() {
        assert_eq!(labels(Role::PlatformAdmin), ["Overview", "Organizations", "Audit log", "Settings"]);
        assert_eq!(
            labels(Role::Owner),
            ["Overview", "Submissions", "Inventory", "Commissions", "Payouts", "Disputes", "Want list", "Contacts", "Team", "Audit log", "Settings"]
        );
        assert_eq!(labels(Role::Manager), ["Overview", "Submissions", "Inventory", "Payouts", "Disputes", "Want list", "Contacts", "Settings"]);
        assert_eq!(labels(Role::Staff), ["Overview", "Submissions", "Inventory", "Want list", "Contacts", "Settings"]);
        assert_eq!(labels(Role::Broker), ["Overview", "Signals", "Deals", "Commissions", "Analytics", "Messages", "Settings"]);
        assert_eq!(labels(Role::Viewer), ["Overview", "Contacts", "Settings"]);
        // without the dealer module, none of it
        let none: Vec<&str> = sidebar_for(Role::Owner, &[Module::Brokerage]).into_iter().map(|i| i.label).collect();
        assert_eq!(none, ["Overview", "Team", "Audit log", "Settings"]);
    }
}
