//! Dealflow WhatsApp bridge: links one personal WhatsApp account (QR code,
//! multi-device) and forwards its group messages to a Dealflow connection's
//! signed webhook.
//!
//! - [`dealflow`]: signing, the message and link hooks, the retry queue.
//! - [`mapping`]: which messages are forwarded and how (pure functions).
//! - [`whatsapp`]: the `whatsapp-rust` bot wiring and the run loop.

pub mod dealflow;
pub mod mapping;
pub mod whatsapp;
