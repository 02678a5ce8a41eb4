//! Signals: WhatsApp group messages in, parsed leads out.
//!
//! Every connector ends in one place, the signed webhook
//! `POST /hooks/whatsapp/{connection}`: the body is JSON (message id, group
//! id and name, sender, timestamp, text), signed with HMAC-SHA256 over the
//! raw bytes with the connection's secret in `X-Hub-Signature-256:
//! sha256=<hex>` (WhatsApp's own scheme). A message is stored once per
//! connection (a replay answers `duplicate`), with the signals the parser
//! finds in it. The chat-export import and the demo simulator feed the same
//! ingestion; the simulator even signs and goes through the webhook's checks.
//!
//! A broker sees only his own connection's signals; another broker's signal
//! id answers 404. Claiming a signal creates a submission in the same
//! transaction that marks the signal claimed (twice → one submission).
//!
//! - `webhook`: signatures, the two signed hooks and their routes;
//! - `connections`: a broker's connection (secret, link state, the WhatsApp tab);
//! - `ingest`: one message and its signals, stored once;
//! - `import`: chat exports (the offline path);
//! - `leads`: the broker's signal list and claims;
//! - `connectors`: the connector trait and the demo simulator;
//! - `cli`: the `signals parse` and `whatsapp simulate` commands.

pub mod cli;
pub mod connections;
pub mod connectors;
pub mod import;
pub mod ingest;
pub mod leads;
pub mod webhook;

pub use connectors::{demo_messages, DEMO_GROUP};
pub use ingest::IncomingMessage;
pub use webhook::{sign, verify, SIGNATURE_HEADER};

/// Largest webhook body (one message).
pub const MAX_WEBHOOK_BYTES: usize = 64 * 1024;
/// Largest chat export accepted by the import.
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;
/// Longest message text stored.
const MAX_TEXT_CHARS: usize = 16_000;

pub mod action {
    pub const BRIDGE_SET_UP: &str = "whatsapp.bridge_set_up";
    pub const SIMULATOR_STARTED: &str = "whatsapp.simulator_started";
    pub const UNLINKED: &str = "whatsapp.unlinked";
    pub const IMPORTED: &str = "whatsapp.chat_imported";
    pub const SIGNAL_CLAIMED: &str = "signal.claimed";
}
