//! Server functions only, one module per area: each is a few lines — the
//! guard (capability and module), then a call into `server/` — and returns
//! an audience type from `dto/`.

pub mod account;
pub mod admin;
pub mod crm;
pub mod dealer;
pub mod kit;
pub mod notify;
pub mod onboarding;
pub mod portal;
pub mod signals;
