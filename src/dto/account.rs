//! The signed-in person as their own browser sees them, and the sign-in
//! form's small rules (error codes in the URL, where to go next).

use crate::domain::time::{Zone, ZoneRules};
use crate::domain::{Capability, Module, Role};
use serde::{Deserialize, Serialize};

/// The signed-in person, as their own browser sees them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub org_name: String,
    pub org_currency: String,
    /// The organization's time zone: dates and times read in it.
    pub org_time_zone: Zone,
    /// Its clocks, for the browser (which has no time-zone database):
    /// deserializing them there makes the zone's dates read as here.
    pub org_zone_rules: ZoneRules,
    pub is_platform: bool,
    pub modules: Vec<Module>,
    pub capabilities: Vec<Capability>,
    pub joined_at: i64,
    /// Unread in-app notifications.
    pub unread: i64,
}

impl Me {
    pub fn can(&self, cap: Capability) -> bool {
        self.capabilities.contains(&cap)
    }

    /// A broker of an organization with the dealer module (the Broker Portal's audience).
    pub fn is_dealer_broker(&self) -> bool {
        self.can(Capability::BrokerPortal) && self.modules.contains(&Module::Dealer)
    }
}

/// A login form's error code in the URL (JavaScript-off form posts).
pub fn login_error_message(code: &str) -> Option<&'static str> {
    match code {
        "credentials" => Some("Email or password is incorrect."),
        "throttled" => Some("Too many failed sign-in attempts. Wait a few minutes, then try again."),
        "email" => Some("Enter a valid email address, like name@example.com."),
        "password" => Some("Enter your password."),
        "failed" => Some("Sign-in failed. Please try again."),
        _ => None,
    }
}

/// Where to go after sign-in: only a path of this site made of plain URL
/// characters (letters, digits and `-._~/?=&%+#:@,;!$*'()`), never another
/// host (`//…`, `/\…`), a control character or a space (browsers drop tabs
/// and newlines, which turns `/\t/evil.example` into `//evil.example`), nor
/// a server-function URL; anything else goes home.
pub fn safe_next(next: Option<&str>) -> String {
    const SAFE: &str = "-._~/?=&%+#:@,;!$*'()";
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/api/")
                && n.len() <= 2000
                && n.chars().all(|c| c.is_ascii_alphanumeric() || SAFE.contains(c)) =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_only_followed_to_local_paths() {
        assert_eq!(safe_next(Some("/team")), "/team");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil")), "/");
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some("/desk/payouts?tab=open&x=%20")), "/desk/payouts?tab=open&x=%20");
        for evil in ["/\t/evil.example", "/\n/evil.example", "/x\r\nSet-Cookie: a=b", "/x\0", "/ /x", "/api/login", "/é"] {
            assert_eq!(safe_next(Some(evil)), "/", "{evil:?}");
        }
    }
}

/// What the organization's printed documents say about it (Settings).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgDocuments {
    /// Postal address, one line per line.
    pub address: String,
    pub logo: Option<crate::dto::uploads::UploadedFile>,
}
