//! Dealflow broker-message parser: turns WhatsApp-style dealer messages
//! ("WTS Rolex Submariner Date 126610LN full set, $14,500 net") into
//! structured [`Signal`]s.
//!
//! The module is pure: no IO, no clock, no global mutable state, no
//! `unsafe`. All knowledge (brands, aliases, model families, reference
//! grammars, currencies, cue phrases) lives as data in `catalog.rs`; the
//! phrase index over it is built at compile time (`lexicon.rs`).
//!
//! Internally it only uses `self::`/`super::` paths, so the directory can be
//! dropped into another crate unchanged (e.g. as `crate::domain::signals`).
//!
//! Files: `catalog.rs` (all data), `lexicon.rs` (compile-time phrase index
//! and longest-match scanner), `tokens.rs` (lexer and word view),
//! `pattern.rs` (tiny matcher for reference grammars), `reference.rs`
//! (reference recognition), `price.rs` (numbers and currencies),
//! `extract.rs` (the pipeline: mentions → items → signals), `tests.rs`.
//! `heldout.jsonl` and `heldout_blind.jsonl` are labelled messages kept
//! apart from the dev set (same format, scored by `score.py`) to measure
//! how the parser generalises; no code reads them.

#![forbid(unsafe_code)]

mod catalog;
mod extract;
mod lexicon;
mod pattern;
mod price;
mod reference;
mod tokens;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What the message does with the watch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DealType {
    ForSale,
    Wanted,
    /// Chatter, sold notices, price checks.
    Other,
}

impl DealType {
    /// The stored / wire name (`for_sale`, `wanted`, `other`).
    pub fn as_str(self) -> &'static str {
        match self {
            DealType::ForSale => "for_sale",
            DealType::Wanted => "wanted",
            DealType::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<DealType> {
        [DealType::ForSale, DealType::Wanted, DealType::Other].into_iter().find(|t| t.as_str() == s)
    }
}

/// How keen the poster sounds about the price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sentiment {
    Motivated,
    Neutral,
    Firm,
}

impl Sentiment {
    pub fn as_str(self) -> &'static str {
        match self {
            Sentiment::Motivated => "motivated",
            Sentiment::Neutral => "neutral",
            Sentiment::Firm => "firm",
        }
    }

    pub fn parse(s: &str) -> Option<Sentiment> {
        [Sentiment::Motivated, Sentiment::Neutral, Sentiment::Firm].into_iter().find(|t| t.as_str() == s)
    }
}

/// One watch mentioned in a message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    pub deal_type: DealType,
    /// Canonical brand name, e.g. "Audemars Piguet" for "AP".
    pub brand: Option<String>,
    /// Model family, e.g. "Submariner Date", "Nautilus", "Royal Oak".
    pub model: Option<String>,
    /// Reference as written, upper case, no inner spaces ("126610LN").
    pub reference: Option<String>,
    /// Price as a decimal; serialised as a decimal string ("14500").
    #[serde(default, with = "rust_decimal::serde::str_option")]
    pub price: Option<Decimal>,
    /// ISO code, only when the message states a currency.
    pub currency: Option<String>,
    pub sentiment: Sentiment,
    /// 0..=1; lower when fields are guessed or missing.
    pub confidence: f32,
}

/// Extracts the signals of one message, in message order. A message
/// without any watch (chatter) yields one `other` signal with empty fields.
pub fn parse_message(text: &str) -> Vec<Signal> {
    extract::parse(text)
}

#[cfg(test)]
mod tests;
