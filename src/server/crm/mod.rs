//! The CRM module on the server.
//!
//! - `read.rs` — an uploaded contact file (CSV in any of the encodings and
//!   delimiters people save, or a workbook through `calamine`) as sheets of
//!   numbered rows;
//! - `import.rs` — the import wizard's preview (the same code as the
//!   `dealflow contacts import-preview` command): sheet, header row,
//!   suggested mapping, and each row's verdict against the organization's
//!   contacts, phones parsed with `phonenumber`;
//! - `runs.rs` — import runs: the kept file, the commit of the confirmed
//!   rows in one transaction, the history and the rollback;
//! - `contacts.rs` — the directory's page of contacts and adding one;
//! - `store.rs` — the one way a contact is written, with the keys the
//!   directory sorts and searches by;
//! - `people.rs` — every login is a contact (broker, investor, team);
//! - `cli.rs` — that command's JSON.

pub mod cli;
pub mod contacts;
pub mod import;
pub mod people;
pub mod read;
pub mod runs;
pub mod store;
