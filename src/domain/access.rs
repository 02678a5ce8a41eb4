//! Roles and capabilities: the one matrix every server function checks.
//!
//! Code never asks "is this user an owner?"; it asks "may this user
//! `ReportsFinancialView`?". The matrix below is the single place that
//! answers, and `tests::seed_cells_are_pinned` pins every cell the
//! requirement documents state.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One role per user (SPEC.md "Roles inside an org").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Operator of the whole installation.
    PlatformAdmin,
    // team
    Owner,
    Manager,
    Staff,
    Viewer,
    /// Brokerage agent (the managing broker is an owner who is also an agent).
    Agent,
    // external
    Broker,
    Partner,
    SalesMember,
    Investor,
    /// Exists; its portal is disabled for launch.
    Seller,
}

crate::stored_code!(Role, "role");

impl Role {
    pub const ALL: [Role; 11] = [
        Role::PlatformAdmin,
        Role::Owner,
        Role::Manager,
        Role::Staff,
        Role::Viewer,
        Role::Agent,
        Role::Broker,
        Role::Partner,
        Role::SalesMember,
        Role::Investor,
        Role::Seller,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::Owner => "owner",
            Role::Manager => "manager",
            Role::Staff => "staff",
            Role::Viewer => "viewer",
            Role::Agent => "agent",
            Role::Broker => "broker",
            Role::Partner => "partner",
            Role::SalesMember => "sales_member",
            Role::Investor => "investor",
            Role::Seller => "seller",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "Platform admin",
            Role::Owner => "Owner",
            Role::Manager => "Manager",
            Role::Staff => "Staff",
            Role::Viewer => "Viewer",
            Role::Agent => "Agent",
            Role::Broker => "Broker",
            Role::Partner => "Channel partner",
            Role::SalesMember => "Sales member",
            Role::Investor => "Investor",
            Role::Seller => "Seller",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// People outside the organization's walls.
    pub fn is_external(self) -> bool {
        matches!(self, Role::Broker | Role::Partner | Role::SalesMember | Role::Investor | Role::Seller)
    }

    pub fn capabilities(self) -> Vec<Capability> {
        Capability::ALL.iter().copied().filter(|c| c.granted_to(self)).collect()
    }

    pub fn can(self, cap: Capability) -> bool {
        cap.granted_to(self)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

macro_rules! capabilities {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal : [$($role:ident),* $(,)?] ),* $(,)?) => {
        /// A permission that a server function checks (never a role name).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Capability {
            $( $(#[$doc])* #[serde(rename = $name)] $variant, )*
        }

        impl Capability {
            pub const ALL: &'static [Capability] = &[$(Capability::$variant),*];

            /// The dotted name used in logs, the audit trail and the UI.
            pub fn as_str(self) -> &'static str {
                match self { $(Capability::$variant => $name,)* }
            }

            pub fn parse(s: &str) -> Option<Capability> {
                match s { $($name => Some(Capability::$variant),)* _ => None }
            }

            /// THE matrix: role → capability.
            pub fn granted_to(self, role: Role) -> bool {
                match self {
                    $(Capability::$variant => matches!(role, $(Role::$role)|*),)*
                }
            }
        }
    };
}

capabilities! {
    // --- every signed-in person -------------------------------------------
    /// Own profile, own password, own overview page.
    AccountSelf = "account.self": [PlatformAdmin, Owner, Manager, Staff, Viewer, Agent, Broker, Partner, SalesMember, Investor, Seller],
    /// Upload files (photos, receipts); each person reads back only his own,
    /// the organization's team reads its organization's.
    FilesUpload = "files.upload": [PlatformAdmin, Owner, Manager, Staff, Agent, Broker, Partner, SalesMember],

    // --- seed: contacts-and-relationships.txt (pinned by tests) -----------
    ContactsView = "contacts.view": [Owner, Manager, Staff, Viewer],
    ContactsManage = "contacts.manage": [Owner, Manager, Staff],
    ContactsDelete = "contacts.delete": [Owner, Manager],
    ContactsImport = "contacts.import": [Owner, Manager],
    ReportsOperationalExport = "reports.operational.export": [Owner, Manager],
    ReportsFinancialView = "reports.financial.view": [Owner],
    ReportsFinancialExport = "reports.financial.export": [Owner],
    FinancialsView = "financials.view": [Owner],
    InvestorsView = "investors.view": [Owner, Manager],
    TeamManage = "team.manage": [Owner],
    /// The organization's own settings (its time zone).
    OrgSettings = "org.settings": [Owner],

    // --- dealer: Deal Desk ---------------------------------------------------
    /// Review submissions: accept into inventory or not accept with a reason.
    DealsReview = "deals.review": [Owner, Manager, Staff],
    /// Record a sale (sale price and buyer).
    DealsRecordSale = "deals.record_sale": [Owner, Manager],
    /// Release (approve) or cancel a broker commission.
    CommissionsApprove = "commissions.approve": [Owner],
    /// Resolve a commission dispute.
    DisputesResolve = "disputes.resolve": [Owner, Manager],
    /// Check a broker's payout request and pass it on for sign-off.
    PayoutsReview = "payouts.review": [Owner, Manager],
    /// Sign off a payout request and record the payment.
    PayoutsSignoff = "payouts.signoff": [Owner],
    /// Reveal a payee's full bank details (audited).
    PayoutDetailsReveal = "payouts.details.reveal": [Owner],
    /// Maintain the dealer's want list.
    WantListManage = "wantlist.manage": [Owner, Manager, Staff],
    /// Read the organization's audit log.
    AuditView = "audit.view": [Owner, PlatformAdmin],

    // --- dealer: Broker Portal ----------------------------------------------
    BrokerPortal = "broker.portal": [Broker],
    SignalsClaim = "signals.claim": [Broker],

    // --- dealer: Seller Portal (disabled for launch; the role keeps its capability)
    SellerPortal = "seller.portal": [Seller],

    // --- crm: investors' own portal -------------------------------------------
    InvestorPortal = "investor.portal": [Investor],

    // --- brokerage ------------------------------------------------------------
    /// An agent's own private pipeline (the managing broker is an owner and also an agent).
    PipelineOwn = "pipeline.own": [Agent, Owner],
    /// Agent KPI dashboard: counts and metrics only for private data.
    AgentKpisView = "agents.kpis.view": [Owner],

    // --- marketplace ----------------------------------------------------------
    PartnerPortal = "partner.portal": [Partner],
    LeadsSubmit = "leads.submit": [Partner, SalesMember],
    LeadsAllocate = "leads.allocate": [Owner, Manager],
    PartnersApprove = "partners.approve": [Owner],
    CommissionsLock = "commissions.lock": [Owner],
    FeesSettle = "fees.settle": [Owner],
    SalesTeamManage = "sales_team.manage": [Owner, Partner],

    // --- platform ---------------------------------------------------------------
    PlatformManage = "platform.manage": [PlatformAdmin],
}

impl Capability {
    /// What the capability lets a person do, in words for the UI.
    pub fn label(self) -> &'static str {
        use Capability::*;
        match self {
            AccountSelf => "Manage your own profile and password",
            FilesUpload => "Upload photos and documents",
            ContactsView => "View contacts",
            ContactsManage => "Add and edit contacts",
            ContactsDelete => "Delete contacts",
            ContactsImport => "Import contacts",
            ReportsOperationalExport => "Export operational reports",
            ReportsFinancialView => "View financial reports",
            ReportsFinancialExport => "Export financial reports",
            FinancialsView => "See costs, balances and bank details",
            InvestorsView => "View investor information",
            TeamManage => "Manage the team and sensitive fields",
            OrgSettings => "Change the organization's settings",
            DealsReview => "Review deal submissions",
            DealsRecordSale => "Record sales",
            CommissionsApprove => "Release or cancel commissions",
            DisputesResolve => "Resolve commission disputes",
            PayoutsReview => "Check payout requests",
            PayoutsSignoff => "Sign off and pay payouts",
            PayoutDetailsReveal => "Reveal full bank details (audited)",
            WantListManage => "Maintain the want list",
            AuditView => "Read the audit log",
            BrokerPortal => "Use the broker portal",
            SignalsClaim => "Claim WhatsApp signals",
            SellerPortal => "Use the seller portal",
            InvestorPortal => "Use the investor portal",
            PipelineOwn => "Work your own private pipeline",
            AgentKpisView => "See agent KPIs",
            PartnerPortal => "Use the partner portal",
            LeadsSubmit => "Submit leads",
            LeadsAllocate => "Allocate leads to partners",
            PartnersApprove => "Approve channel partners",
            CommissionsLock => "Approve and lock commissions",
            FeesSettle => "Settle platform fees",
            SalesTeamManage => "Manage a sales team",
            PlatformManage => "Administer the platform",
        }
    }
}

impl fmt::Display for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn holders(cap: Capability) -> BTreeSet<&'static str> {
        Role::ALL.into_iter().filter(|r| cap.granted_to(*r)).map(|r| r.as_str()).collect()
    }

    fn set(names: &[&'static str]) -> BTreeSet<&'static str> {
        names.iter().copied().collect()
    }

    /// Every cell contacts-and-relationships.txt states, row by row, and
    /// nobody else (no external role, no platform admin) holds them.
    #[test]
    fn seed_cells_are_pinned() {
        use Capability::*;
        let seed: &[(Capability, &[&str])] = &[
            (ContactsView, &["owner", "manager", "staff", "viewer"]),
            (ContactsManage, &["owner", "manager", "staff"]),
            (ContactsDelete, &["owner", "manager"]),
            (ContactsImport, &["owner", "manager"]),
            (ReportsOperationalExport, &["owner", "manager"]),
            (ReportsFinancialView, &["owner"]),
            (ReportsFinancialExport, &["owner"]),
            (FinancialsView, &["owner"]),
            (InvestorsView, &["owner", "manager"]),
            (TeamManage, &["owner"]),
        ];
        for (cap, roles) in seed {
            assert_eq!(holders(*cap), set(roles), "matrix row {cap}");
        }
    }

    #[test]
    fn names_are_unique_and_parse_back() {
        let mut seen = BTreeSet::new();
        for cap in Capability::ALL {
            assert!(seen.insert(cap.as_str()), "duplicate capability name {cap}");
            assert_eq!(Capability::parse(cap.as_str()), Some(*cap));
        }
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }

    #[test]
    fn external_roles_never_see_internal_money() {
        for role in Role::ALL.into_iter().filter(|r| r.is_external()) {
            for cap in [
                Capability::FinancialsView,
                Capability::ReportsFinancialView,
                Capability::ContactsView,
                Capability::InvestorsView,
                Capability::PayoutDetailsReveal,
                Capability::AuditView,
            ] {
                assert!(!role.can(cap), "{role} must not hold {cap}");
            }
        }
    }

    #[test]
    fn every_role_can_manage_its_own_account() {
        for role in Role::ALL {
            assert!(role.can(Capability::AccountSelf));
        }
    }

    #[test]
    fn every_capability_has_a_distinct_label() {
        let labels: BTreeSet<&str> = Capability::ALL.iter().map(|c| c.label()).collect();
        assert_eq!(labels.len(), Capability::ALL.len());
    }

    #[test]
    fn capability_serializes_as_its_dotted_name() {
        let json = serde_json::to_string(&Capability::ReportsFinancialView).unwrap();
        assert_eq!(json, "\"reports.financial.view\"");
    }
}
