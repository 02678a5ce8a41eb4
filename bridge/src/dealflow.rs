//! The Dealflow side of the bridge: request signing, the two signed hooks
//! (messages and link events), how each answer is interpreted, and the
//! bounded in-memory retry queue for messages.
//!
//! Nothing in here knows about WhatsApp, so it is tested against a local
//! HTTP server (see `tests/dealflow_http.rs`).

use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hmac::{Hmac, KeyInit, Mac};
use reqwest::Url;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// Header carrying the body signature (GitHub/WhatsApp Cloud style).
pub const SIGNATURE_HEADER: &str = "X-Hub-Signature-256";

/// Default number of messages kept while Dealflow is unreachable.
pub const DEFAULT_QUEUE_CAPACITY: usize = 1_000;

/// `sha256=<lowercase hex of HMAC-SHA256(secret, body)>`.
pub fn signature(secret: &[u8], body: &[u8]) -> String {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// One group message as Dealflow's webhook expects it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookMessage {
    pub message_id: String,
    pub group_id: String,
    pub group_name: String,
    pub sender: String,
    /// Unix time in seconds.
    pub timestamp: i64,
    pub text: String,
}

/// Link-state change posted to `{webhook}/link`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum LinkEvent {
    /// A pairing QR code to show the broker.
    Qr { code: String },
    /// The account is linked and the session is up.
    Connected,
    /// The phone removed this linked device.
    LoggedOut,
}

impl LinkEvent {
    pub fn name(&self) -> &'static str {
        match self {
            LinkEvent::Qr { .. } => "qr",
            LinkEvent::Connected => "connected",
            LinkEvent::LoggedOut => "logged_out",
        }
    }
}

/// What an answer from Dealflow means for the bridge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// 200 `{"status":"stored","signals":N}`.
    Stored { signals: u64 },
    /// 200 `{"status":"duplicate"}` (already stored earlier).
    Duplicate,
    /// Any other 2xx (link events answer `{"status":"ok"}`).
    Accepted,
    /// 401: unknown connection, unlinked in Dealflow, or bad signature.
    /// Capture must stop.
    Unlinked,
    /// The request will never succeed as sent (400 bad body, 413 too large,
    /// other 4xx, unexpected 3xx). Logged and dropped.
    Rejected { status: u16, detail: String },
    /// Worth another try later: 5xx, 408, 429, timeouts, network errors.
    Retry { status: Option<u16>, detail: String },
}

impl Outcome {
    pub fn is_delivered(&self) -> bool {
        matches!(
            self,
            Outcome::Stored { .. } | Outcome::Duplicate | Outcome::Accepted
        )
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Stored { signals } => write!(f, "stored ({signals} signals)"),
            Outcome::Duplicate => write!(f, "duplicate"),
            Outcome::Accepted => write!(f, "accepted"),
            Outcome::Unlinked => write!(f, "401 unlinked"),
            Outcome::Rejected { status, detail } => write!(f, "rejected with {status}: {detail}"),
            Outcome::Retry {
                status: Some(s),
                detail,
            } => write!(f, "HTTP {s}: {detail}"),
            Outcome::Retry {
                status: None,
                detail,
            } => write!(f, "{detail}"),
        }
    }
}

/// Problems with the configured webhook or secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    BadUrl(String),
    EmptySecret,
    Http(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::BadUrl(m) => write!(f, "invalid webhook URL: {m}"),
            ConfigError::EmptySecret => write!(f, "the webhook secret is empty"),
            ConfigError::Http(m) => write!(f, "cannot build the HTTP client: {m}"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Backoff for retries: `initial`, doubled each attempt, capped at `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub initial: Duration,
    pub max: Duration,
    /// Give up on one message after this many consecutive 5xx answers (a
    /// message the server keeps failing on must not block the queue
    /// forever). Network errors and 408/429 are retried without limit.
    pub max_server_errors: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            initial: Duration::from_secs(1),
            max: Duration::from_secs(60),
            max_server_errors: 20,
        }
    }
}

impl RetryPolicy {
    /// Delay before retry number `attempt` (1-based).
    pub fn delay(&self, attempt: u32) -> Duration {
        let factor = 1u32
            .checked_shl(attempt.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.initial.saturating_mul(factor).min(self.max)
    }
}

/// Signs and posts to one Dealflow connection's hooks. Cheap to clone.
#[derive(Clone)]
pub struct DealflowClient {
    http: reqwest::Client,
    messages_url: Url,
    link_url: Url,
    secret: Arc<[u8]>,
}

impl fmt::Debug for DealflowClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the secret.
        f.debug_struct("DealflowClient")
            .field("messages_url", &self.messages_url.as_str())
            .field("link_url", &self.link_url.as_str())
            .finish_non_exhaustive()
    }
}

impl DealflowClient {
    /// `webhook` is the connection's hook, e.g.
    /// `http://localhost:3000/hooks/whatsapp/<connection-id>`; link events go
    /// to `<webhook>/link`.
    pub fn new(webhook: &str, secret: &str) -> Result<Self, ConfigError> {
        let messages_url =
            Url::parse(webhook.trim()).map_err(|e| ConfigError::BadUrl(e.to_string()))?;
        if !matches!(messages_url.scheme(), "http" | "https") {
            return Err(ConfigError::BadUrl(format!(
                "scheme must be http or https, not {:?}",
                messages_url.scheme()
            )));
        }
        if messages_url.host_str().is_none_or(str::is_empty) {
            return Err(ConfigError::BadUrl("no host".into()));
        }
        if secret.is_empty() {
            return Err(ConfigError::EmptySecret);
        }
        let mut link_url = messages_url.clone();
        link_url
            .path_segments_mut()
            .map_err(|()| ConfigError::BadUrl("cannot append /link".into()))?
            .pop_if_empty()
            .push("link");
        let http = reqwest::Client::builder()
            .user_agent(concat!(
                "dealflow-whatsapp-bridge/",
                env!("CARGO_PKG_VERSION")
            ))
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            // A redirect would turn the POST into a GET or drop the body;
            // surface it instead (see `classify`).
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ConfigError::Http(e.to_string()))?;
        Ok(DealflowClient {
            http,
            messages_url,
            link_url,
            secret: Arc::from(secret.as_bytes()),
        })
    }

    pub fn messages_url(&self) -> &str {
        self.messages_url.as_str()
    }

    pub fn link_url(&self) -> &str {
        self.link_url.as_str()
    }

    /// One attempt at posting a message.
    pub async fn post_message(&self, message: &WebhookMessage) -> Outcome {
        let body =
            serde_json::to_vec(message).expect("a struct of strings and integers serializes");
        self.post_signed(&self.messages_url, body).await
    }

    /// One attempt at posting a link event.
    pub async fn post_link(&self, event: &LinkEvent) -> Outcome {
        let body = serde_json::to_vec(event).expect("a tagged enum of strings serializes");
        self.post_signed(&self.link_url, body).await
    }

    /// Posts a link event, retrying `Retry` outcomes with backoff until
    /// `give_up_after` has passed. Returns the last outcome.
    pub async fn post_link_with_retry(
        &self,
        event: &LinkEvent,
        policy: &RetryPolicy,
        give_up_after: Duration,
    ) -> Outcome {
        let started = Instant::now();
        let mut attempt = 0u32;
        loop {
            let outcome = self.post_link(event).await;
            let Outcome::Retry { .. } = &outcome else {
                return outcome;
            };
            attempt += 1;
            let wait = policy.delay(attempt);
            if started.elapsed() + wait > give_up_after {
                return outcome;
            }
            tracing::warn!(event = event.name(), %outcome, "link event not delivered; retrying in {wait:?}");
            tokio::time::sleep(wait).await;
        }
    }

    async fn post_signed(&self, url: &Url, body: Vec<u8>) -> Outcome {
        let sig = signature(&self.secret, &body);
        let sent = self
            .http
            .post(url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, sig)
            .body(body)
            .send()
            .await;
        let response = match sent {
            Ok(r) => r,
            Err(e) => {
                return Outcome::Retry {
                    status: None,
                    detail: error_chain(&e),
                };
            }
        };
        let status = response.status().as_u16();
        // Bodies are small JSON; a failure to read one only loses detail.
        let bytes = response.bytes().await.unwrap_or_default();
        classify(status, &bytes)
    }
}

/// `e: source: source…` — reqwest's top-level message alone hides the cause.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        out.push_str(": ");
        out.push_str(&s.to_string());
        cur = s.source();
    }
    out
}

/// Maps an HTTP answer to an [`Outcome`] following Dealflow's contract.
pub fn classify(status: u16, body: &[u8]) -> Outcome {
    #[derive(Deserialize)]
    struct Answer {
        status: Option<String>,
        signals: Option<u64>,
    }
    match status {
        200..=299 => match serde_json::from_slice::<Answer>(body) {
            Ok(Answer {
                status: Some(s),
                signals,
            }) if s == "stored" => Outcome::Stored {
                signals: signals.unwrap_or(0),
            },
            Ok(Answer {
                status: Some(s), ..
            }) if s == "duplicate" => Outcome::Duplicate,
            _ => Outcome::Accepted,
        },
        401 => Outcome::Unlinked,
        408 | 429 | 500..=599 => Outcome::Retry {
            status: Some(status),
            detail: body_excerpt(body),
        },
        300..=399 => Outcome::Rejected {
            status,
            detail: "redirect not followed; point --webhook at the final URL".into(),
        },
        _ => Outcome::Rejected {
            status,
            detail: body_excerpt(body),
        },
    }
}

/// The `error` field of a JSON answer, else the start of the body.
fn body_excerpt(body: &[u8]) -> String {
    #[derive(Deserialize)]
    struct ErrorAnswer {
        error: String,
    }
    if let Ok(ErrorAnswer { error }) = serde_json::from_slice::<ErrorAnswer>(body) {
        return error;
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return "(empty body)".into();
    }
    text.chars().take(200).collect()
}

// ---------------------------------------------------------------------------
// Message queue

/// Why the forwarder stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForwarderExit {
    /// Dealflow answered 401: stop capture, unlink, wipe credentials.
    Unlinked,
    /// `close()` was called and every queued message was handled.
    Drained,
}

/// Counters, mostly for logs and tests.
#[derive(Debug, Default)]
pub struct ForwarderStats {
    pub delivered: AtomicU64,
    pub rejected: AtomicU64,
    pub evicted: AtomicU64,
    pub retries: AtomicU64,
}

struct Shared {
    queue: Mutex<VecDeque<WebhookMessage>>,
    capacity: usize,
    wake: Notify,
    closed: AtomicBool,
    stats: ForwarderStats,
}

/// Producer side of the queue. Clone freely.
#[derive(Clone)]
pub struct ForwarderHandle {
    shared: Arc<Shared>,
}

impl ForwarderHandle {
    /// Queues a message for delivery. When the queue is full the oldest
    /// waiting message is evicted and returned.
    pub fn enqueue(&self, message: WebhookMessage) -> Option<WebhookMessage> {
        let evicted = {
            let mut q = self.shared.queue.lock().expect("queue lock");
            let evicted = if q.len() >= self.shared.capacity {
                q.pop_front()
            } else {
                None
            };
            q.push_back(message);
            evicted
        };
        if let Some(old) = &evicted {
            self.shared.stats.evicted.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(
                message_id = %old.message_id,
                capacity = self.shared.capacity,
                "queue full while Dealflow is unreachable; dropped the oldest message"
            );
        }
        self.shared.wake.notify_one();
        evicted
    }

    /// Messages waiting (not counting one being delivered right now).
    pub fn len(&self) -> usize {
        self.shared.queue.lock().expect("queue lock").len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Stop accepting work once the queue is empty; the worker then ends
    /// with [`ForwarderExit::Drained`].
    pub fn close(&self) {
        self.shared.closed.store(true, Ordering::SeqCst);
        self.shared.wake.notify_one();
    }

    pub fn stats(&self) -> &ForwarderStats {
        &self.shared.stats
    }
}

/// Starts the delivery worker. Messages are posted one at a time, in order;
/// a message being retried is held by the worker (it does not count toward
/// `capacity` and cannot be evicted).
pub fn spawn_forwarder(
    client: DealflowClient,
    policy: RetryPolicy,
    capacity: usize,
) -> (ForwarderHandle, JoinHandle<ForwarderExit>) {
    let shared = Arc::new(Shared {
        queue: Mutex::new(VecDeque::new()),
        capacity: capacity.max(1),
        wake: Notify::new(),
        closed: AtomicBool::new(false),
        stats: ForwarderStats::default(),
    });
    let handle = ForwarderHandle {
        shared: shared.clone(),
    };
    let task = tokio::spawn(forward_loop(client, policy, shared));
    (handle, task)
}

async fn forward_loop(
    client: DealflowClient,
    policy: RetryPolicy,
    shared: Arc<Shared>,
) -> ForwarderExit {
    loop {
        // Wait for the next message (or for close on an empty queue).
        let message = loop {
            let next = shared.queue.lock().expect("queue lock").pop_front();
            if let Some(m) = next {
                break m;
            }
            if shared.closed.load(Ordering::SeqCst) {
                return ForwarderExit::Drained;
            }
            shared.wake.notified().await;
        };

        let mut attempt = 0u32;
        let mut server_errors = 0u32;
        loop {
            let outcome = client.post_message(&message).await;
            match outcome {
                Outcome::Stored { .. } | Outcome::Duplicate | Outcome::Accepted => {
                    shared.stats.delivered.fetch_add(1, Ordering::Relaxed);
                    tracing::debug!(message_id = %message.message_id, group = %message.group_name, %outcome, "message delivered");
                    break;
                }
                Outcome::Unlinked => {
                    tracing::error!(
                        message_id = %message.message_id,
                        "Dealflow answered 401 (connection unlinked, secret renewed, or wrong secret)"
                    );
                    return ForwarderExit::Unlinked;
                }
                Outcome::Rejected { status, ref detail } => {
                    shared.stats.rejected.fetch_add(1, Ordering::Relaxed);
                    tracing::error!(message_id = %message.message_id, status, %detail, "Dealflow rejected the message; skipping it");
                    break;
                }
                Outcome::Retry { status, .. } => {
                    attempt += 1;
                    if status.is_some_and(|s| s >= 500) {
                        server_errors += 1;
                        if server_errors >= policy.max_server_errors {
                            shared.stats.rejected.fetch_add(1, Ordering::Relaxed);
                            tracing::error!(
                                message_id = %message.message_id, %outcome,
                                "giving up on the message after {server_errors} server errors"
                            );
                            break;
                        }
                    }
                    shared.stats.retries.fetch_add(1, Ordering::Relaxed);
                    let wait = policy.delay(attempt);
                    tracing::warn!(
                        message_id = %message.message_id, %outcome, queued = shared.queue.lock().expect("queue lock").len(),
                        "Dealflow unavailable; retrying in {wait:?}"
                    );
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4231_test_case_2() {
        assert_eq!(
            signature(b"Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn link_events_serialize_as_the_contract_says() {
        let s = |e: &LinkEvent| serde_json::to_string(e).unwrap();
        assert_eq!(
            s(&LinkEvent::Qr {
                code: "2@abc,def".into()
            }),
            r#"{"event":"qr","code":"2@abc,def"}"#
        );
        assert_eq!(s(&LinkEvent::Connected), r#"{"event":"connected"}"#);
        assert_eq!(s(&LinkEvent::LoggedOut), r#"{"event":"logged_out"}"#);
    }

    #[test]
    fn answers_are_classified() {
        assert_eq!(
            classify(200, br#"{"status":"stored","signals":3}"#),
            Outcome::Stored { signals: 3 }
        );
        assert_eq!(
            classify(200, br#"{"status":"duplicate"}"#),
            Outcome::Duplicate
        );
        assert_eq!(classify(200, br#"{"status":"ok"}"#), Outcome::Accepted);
        assert_eq!(classify(204, b""), Outcome::Accepted);
        assert_eq!(classify(401, b"{}"), Outcome::Unlinked);
        assert_eq!(
            classify(400, br#"{"error":"`text` is too long."}"#),
            Outcome::Rejected {
                status: 400,
                detail: "`text` is too long.".into()
            }
        );
        assert!(matches!(
            classify(413, b"too big"),
            Outcome::Rejected { status: 413, .. }
        ));
        assert!(matches!(
            classify(302, b""),
            Outcome::Rejected { status: 302, .. }
        ));
        assert!(matches!(
            classify(500, b""),
            Outcome::Retry {
                status: Some(500),
                ..
            }
        ));
        assert!(matches!(
            classify(503, b""),
            Outcome::Retry {
                status: Some(503),
                ..
            }
        ));
        assert!(matches!(
            classify(429, b""),
            Outcome::Retry {
                status: Some(429),
                ..
            }
        ));
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let p = RetryPolicy {
            initial: Duration::from_secs(1),
            max: Duration::from_secs(60),
            max_server_errors: 5,
        };
        let secs: Vec<u64> = (1..=9).map(|a| p.delay(a).as_secs()).collect();
        assert_eq!(secs, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(p.delay(200), Duration::from_secs(60));
    }

    #[test]
    fn a_full_queue_evicts_the_oldest_message() {
        let handle = ForwarderHandle {
            shared: Arc::new(Shared {
                queue: Mutex::new(VecDeque::new()),
                capacity: 2,
                wake: Notify::new(),
                closed: AtomicBool::new(false),
                stats: ForwarderStats::default(),
            }),
        };
        let msg = |id: &str| WebhookMessage {
            message_id: id.into(),
            group_id: "g@g.us".into(),
            group_name: "G".into(),
            sender: "S".into(),
            timestamp: 1,
            text: "t".into(),
        };
        assert_eq!(handle.enqueue(msg("a")), None);
        assert_eq!(handle.enqueue(msg("b")), None);
        assert_eq!(
            handle.enqueue(msg("c")).map(|m| m.message_id),
            Some("a".into())
        );
        assert_eq!(handle.len(), 2);
        assert_eq!(handle.stats().evicted.load(Ordering::Relaxed), 1);
        let ids: Vec<String> = handle
            .shared
            .queue
            .lock()
            .unwrap()
            .iter()
            .map(|m| m.message_id.clone())
            .collect();
        assert_eq!(ids, ["b", "c"]);
    }

    #[test]
    fn link_url_is_derived_from_the_webhook() {
        let c = DealflowClient::new("http://localhost:3000/hooks/whatsapp/abc", "s").unwrap();
        assert_eq!(
            c.link_url(),
            "http://localhost:3000/hooks/whatsapp/abc/link"
        );
        let c = DealflowClient::new("https://dealflow.example/hooks/whatsapp/abc/", "s").unwrap();
        assert_eq!(
            c.link_url(),
            "https://dealflow.example/hooks/whatsapp/abc/link"
        );
        assert_eq!(
            DealflowClient::new("http://h/x", "").unwrap_err(),
            ConfigError::EmptySecret
        );
        assert!(matches!(
            DealflowClient::new("ftp://h/x", "s"),
            Err(ConfigError::BadUrl(_))
        ));
        assert!(matches!(
            DealflowClient::new("not a url", "s"),
            Err(ConfigError::BadUrl(_))
        ));
        let c = DealflowClient::new("http://h/x", "whsec_do_not_print").unwrap();
        assert!(!format!("{c:?}").contains("whsec_do_not_print"));
    }
}
