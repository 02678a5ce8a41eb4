//! The admin pages, one route per file: the platform's organizations, the
//! organization's team and one member, and the audit log.

pub mod audit;
pub mod organizations;
pub mod team;
pub mod team_member;
