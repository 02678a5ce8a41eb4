//! Signals: WhatsApp group messages parsed into claimable leads, and the
//! broker's WhatsApp connection (Settings → WhatsApp). A broker only ever
//! sees his own connection's messages and signals.

use crate::domain::signals::{DealType, Sentiment};
use serde::{Deserialize, Serialize};

/// Where the chat-export import form posts (multipart: `group`, `zone` — the
/// phone's IANA time zone — and `file`).
pub const IMPORT_ROUTE: &str = "/signals/import";
/// Webhook path prefix; the connection id follows.
pub const WEBHOOK_PREFIX: &str = "/hooks/whatsapp/";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkStatus {
    NotLinked,
    Connecting,
    Connected,
}

impl LinkStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::NotLinked => "not_linked",
            LinkStatus::Connecting => "connecting",
            LinkStatus::Connected => "connected",
        }
    }
    pub fn parse(s: &str) -> Option<LinkStatus> {
        [LinkStatus::NotLinked, LinkStatus::Connecting, LinkStatus::Connected].into_iter().find(|k| k.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            LinkStatus::NotLinked => "Not linked",
            LinkStatus::Connecting => "Connecting",
            LinkStatus::Connected => "Connected",
        }
    }
}

/// How messages reach Dealflow for this broker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConnectionKind {
    /// Any connector (a WhatsApp bridge) posting to the signed webhook.
    Bridge,
    /// The built-in demo chat replayed into the webhook.
    Simulator,
}

impl ConnectionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionKind::Bridge => "bridge",
            ConnectionKind::Simulator => "simulator",
        }
    }
    pub fn parse(s: &str) -> Option<ConnectionKind> {
        [ConnectionKind::Bridge, ConnectionKind::Simulator].into_iter().find(|k| k.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            ConnectionKind::Bridge => "WhatsApp bridge (signed webhook)",
            ConnectionKind::Simulator => "Demo chat simulator",
        }
    }
}

/// The WhatsApp tab of Settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WhatsAppState {
    pub status: LinkStatus,
    pub kind: Option<ConnectionKind>,
    /// Full URL of this broker's webhook (when a connection exists).
    pub webhook_url: Option<String>,
    pub last_message_at: Option<i64>,
    pub messages: i64,
    /// The same counts the Signals page shows.
    pub counts: SignalCounts,
    /// Groups seen so far (for the import form's suggestions).
    pub groups: Vec<String>,
    /// The demo chat simulator is offered (demo data on).
    pub simulator_available: bool,
    /// While linking: the QR code to scan, as SVG made on the server.
    pub qr_svg: Option<String>,
}

/// Shown once, when a bridge connection is set up or its secret renewed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BridgeSecret {
    pub webhook_url: String,
    pub secret: String,
}

/// One signal as its broker sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BrokerSignal {
    pub id: String,
    pub deal_type: DealType,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub reference: Option<String>,
    /// Decimal string as quoted ("14500").
    pub price: Option<String>,
    pub currency: Option<String>,
    pub sentiment: Sentiment,
    /// 0‥100.
    pub confidence: i64,
    pub group_name: String,
    pub sender: String,
    pub sent_at: i64,
    /// The whole message, shown on demand.
    pub raw: String,
    /// Its reference is on the dealer's open Want List.
    pub wanted_by_desk: bool,
    /// The submission it became, once claimed.
    pub submission_id: Option<String>,
}

impl BrokerSignal {
    /// A listing or wanted post that names a watch (brand or reference).
    pub fn actionable(&self) -> bool {
        matches!(self.deal_type, DealType::ForSale | DealType::Wanted) && (self.brand.is_some() || self.reference.is_some())
    }

    /// "USD 14,500", "14,500" (no currency stated), or `None`.
    pub fn quote(&self) -> Option<String> {
        let p = self.price.as_deref()?;
        let (int, frac) = p.split_once('.').unwrap_or((p, ""));
        let (sign, digits) = int.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", int));
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let number = if frac.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}.{frac}") };
        Some(match &self.currency {
            Some(c) => format!("{c} {number}"),
            None => number,
        })
    }

    /// "Rolex Submariner Date 126610LN", or a stand-in when nothing was recognised.
    pub fn title(&self) -> String {
        let t = crate::domain::dealer::watch_title(
            self.brand.as_deref().unwrap_or_default(),
            self.model.as_deref().unwrap_or_default(),
            self.reference.as_deref().unwrap_or_default(),
        );
        if t.is_empty() {
            "No watch recognised".to_string()
        } else {
            t
        }
    }

    /// The asking price a claim starts with: the quote, when it is in the
    /// organization's currency or states none.
    pub fn suggested_asking(&self, org_currency: &str) -> String {
        match (&self.price, &self.currency) {
            (Some(p), None) => p.clone(),
            (Some(p), Some(c)) if c == org_currency => p.clone(),
            _ => String::new(),
        }
    }
}

pub fn deal_type_label(t: DealType) -> &'static str {
    match t {
        DealType::ForSale => "For sale",
        DealType::Wanted => "Wanted",
        DealType::Other => "Other",
    }
}

pub fn sentiment_label(s: Sentiment) -> &'static str {
    match s {
        Sentiment::Motivated => "Motivated",
        Sentiment::Neutral => "Neutral",
        Sentiment::Firm => "Firm",
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignalsPage {
    pub signals: Vec<BrokerSignal>,
    pub counts: SignalCounts,
    /// Newest signal's time and the number claimed: what `signals_marker`
    /// answers, so the page knows when to reload.
    pub newest: Option<i64>,
    pub claimed: i64,
    pub connected: bool,
    /// The organization's currency code (claims are priced in it).
    pub currency: String,
}

/// A broker's signals counted once, by the same rules the Signals page
/// lists them with (`server::signals::leads`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignalCounts {
    /// Every signal read from his messages.
    pub all: i64,
    /// For sale or wanted, naming a watch: what "Actionable" lists.
    pub actionable: i64,
    /// Actionable and not claimed yet: the Signals page's default list.
    pub open: i64,
    pub claimed: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal(price: Option<&str>, currency: Option<&str>) -> BrokerSignal {
        BrokerSignal {
            id: "s".into(),
            deal_type: DealType::ForSale,
            brand: Some("Rolex".into()),
            model: None,
            reference: Some("126610LN".into()),
            price: price.map(str::to_string),
            currency: currency.map(str::to_string),
            sentiment: Sentiment::Neutral,
            confidence: 90,
            group_name: "G".into(),
            sender: "S".into(),
            sent_at: 0,
            raw: String::new(),
            wanted_by_desk: false,
            submission_id: None,
        }
    }

    #[test]
    fn quotes_group_thousands_and_name_the_currency() {
        assert_eq!(signal(Some("14500"), Some("USD")).quote().as_deref(), Some("USD 14,500"));
        assert_eq!(signal(Some("1200000"), Some("HKD")).quote().as_deref(), Some("HKD 1,200,000"));
        assert_eq!(signal(Some("950.5"), None).quote().as_deref(), Some("950.5"));
        assert_eq!(signal(Some("100"), None).quote().as_deref(), Some("100"));
        assert_eq!(signal(None, Some("USD")).quote(), None);
        assert_eq!(signal(None, None).title(), "Rolex 126610LN");
    }

    #[test]
    fn a_lead_needs_a_watch() {
        let mut s = signal(None, None);
        assert!(s.actionable());
        s.deal_type = DealType::Other;
        assert!(!s.actionable());
        s.deal_type = DealType::Wanted;
        s.brand = None;
        assert!(s.actionable(), "a reference alone is enough");
        s.reference = None;
        assert!(!s.actionable(), "a wanted post naming no watch is not a lead");
    }

    #[test]
    fn only_a_quote_in_our_currency_becomes_the_asking_price() {
        assert_eq!(signal(Some("14500"), Some("USD")).suggested_asking("USD"), "14500");
        assert_eq!(signal(Some("14500"), None).suggested_asking("USD"), "14500");
        assert_eq!(signal(Some("6200"), Some("EUR")).suggested_asking("USD"), "");
    }
}
