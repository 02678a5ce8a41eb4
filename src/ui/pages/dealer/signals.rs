//! /signals — signals to claim (broker): listings and wanted posts from the
//! broker's WhatsApp groups.
//!
//! The page looks for new signals every few seconds, so messages that
//! arrive while it is open appear without a reload. A claim goes straight
//! through when the parsed fields are enough; otherwise a short form opens
//! with what was parsed and what is missing.

use crate::api::signals::{broker_signals, signals_marker, ClaimSignal};
use crate::domain::signals::{DealType, Sentiment};
use crate::dto::error::AppError;
use crate::dto::signals::{deal_type_label, sentiment_label, BrokerSignal, SignalsPage as SignalsData};
use crate::ui::components::signals::{poll, signal_counts_text};
use crate::ui::components::time::datetime;
use crate::ui::components::{action_field_errors, Card, Empty, FieldError, Load, PageHeader, Pill};
use crate::ui::kit::toast::{provide_toasts, ToastRegion, Toasts};
use leptos::prelude::*;
use leptos_meta::Title;
use std::collections::HashSet;

/// How often an open Signals page looks for new signals.
const POLL_SECONDS: u64 = 4;

fn type_tone(t: DealType) -> &'static str {
    match t {
        DealType::ForSale => "ok",
        DealType::Wanted => "info",
        DealType::Other => "neutral",
    }
}

fn sentiment_tone(s: Sentiment) -> &'static str {
    match s {
        Sentiment::Motivated => "ok",
        Sentiment::Neutral => "neutral",
        Sentiment::Firm => "warn",
    }
}

#[component]
pub fn SignalsPage() -> impl IntoView {
    let toasts = provide_toasts();
    let actionable = RwSignal::new(true);
    let show_claimed = RwSignal::new(false);
    let tick = RwSignal::new(0u32);
    poll(tick, POLL_SECONDS);
    // The list reloads only when new signals arrived (or claims changed), so
    // an open message or a half-read list is not redrawn every few seconds.
    let refresh = RwSignal::new(0u32);
    let seen = StoredValue::new(None::<(Option<i64>, i64)>);
    let claim = ServerAction::<ClaimSignal>::new();
    // The signal whose quick claim was sent last, and the one being completed.
    let last = RwSignal::new(None::<BrokerSignal>);
    let completing = RwSignal::new(None::<BrokerSignal>);
    // Which messages are expanded: kept here so a reload redraws them open.
    let expanded = RwSignal::new(HashSet::<String>::new());
    let data = Resource::new(
        move || (actionable.get(), show_claimed.get(), claim.version().get(), refresh.get()),
        |(a, c, _, _)| broker_signals(if a { "actionable".into() } else { "all".into() }, c),
    );
    Effect::new(move |_| {
        if tick.get() == 0 {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(now) = signals_marker().await {
                // Compared with what the list shows (or the last answer).
                let shown = data.get_untracked().and_then(|r| r.ok()).map(|p| (p.newest, p.claimed));
                let before = seen.get_value().or(shown);
                seen.set_value(Some(now));
                if before.is_some_and(|b| b != now) {
                    refresh.update(|r| *r = r.wrapping_add(1));
                }
            }
        });
    });
    claim_feedback(toasts, claim, last, completing);
    view! {
        <Title text="Signals" />
        <ToastRegion />
        <PageHeader title="Signals".to_string() subtitle="Watch listings and wanted posts from your WhatsApp groups — claim one to make it a deal lead" />
        <Toolbar actionable show_claimed />
        {move || completing.get().map(|s| view! { <CompleteClaim s claim completing /> })}
        <Load data keep=true let:page>
            <SignalList page claim last expanded />
        </Load>
    }
}

/// Actionable / All, and whether claimed signals show.
#[component]
fn Toolbar(actionable: RwSignal<bool>, show_claimed: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="signals-toolbar">
            <div class="chips" role="group" aria-label="Show">
                <button type="button" class="chip" aria-pressed=move || actionable.get().to_string() on:click=move |_| actionable.set(true)>
                    "Actionable"
                </button>
                <button type="button" class="chip" aria-pressed=move || (!actionable.get()).to_string() on:click=move |_| actionable.set(false)>
                    "All"
                </button>
            </div>
            <label class="check">
                <input type="checkbox" prop:checked=show_claimed on:change=move |ev| show_claimed.set(event_target_checked(&ev)) />
                " Show claimed"
            </label>
        </div>
    }
}

/// Toasts for claims, and opening the completion form when a quick claim
/// lacks a field.
fn claim_feedback(toasts: Toasts, claim: ServerAction<ClaimSignal>, last: RwSignal<Option<BrokerSignal>>, completing: RwSignal<Option<BrokerSignal>>) {
    Effect::new(move |_| match claim.value().get() {
        Some(Ok(_)) => {
            completing.set(None);
            toasts.success("Claimed: the lead is on your Deals page.");
        }
        Some(Err(AppError::Validation { .. })) => {
            if completing.get_untracked().is_none() {
                completing.set(last.get_untracked());
            }
        }
        Some(Err(e)) => toasts.error(e.to_string()),
        None => {}
    });
}

#[component]
fn SignalList(page: SignalsData, claim: ServerAction<ClaimSignal>, last: RwSignal<Option<BrokerSignal>>, expanded: RwSignal<HashSet<String>>) -> impl IntoView {
    if page.signals.is_empty() && !page.connected {
        return view! {
            <Empty
                title="No signals yet"
                hint="Link WhatsApp or import a chat export in Settings → WhatsApp: listings and wanted posts from your groups show up here."
            />
            <p class="center">
                <a class="button primary" href="/settings?tab=whatsapp">
                    "Set up WhatsApp"
                </a>
            </p>
        }
        .into_any();
    }
    if page.signals.is_empty() {
        return view! { <Empty title="Nothing to claim right now" hint="New listings and wanted posts from your groups appear here as they arrive." /> }
            .into_any();
    }
    let currency = page.currency.clone();
    let c = page.counts;
    view! {
        <p class="muted small" data-testid="signal-counts">
            {signal_counts_text(&c)}
        </p>
        <ul class="signal-list" aria-label="Signals">
            {page.signals.into_iter().map(|s| view! { <SignalCard s currency=currency.clone() claim last expanded /> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn SignalCard(
    s: BrokerSignal,
    currency: String,
    claim: ServerAction<ClaimSignal>,
    last: RwSignal<Option<BrokerSignal>>,
    expanded: RwSignal<HashSet<String>>,
) -> impl IntoView {
    let key = StoredValue::new(s.id.clone());
    let is_open = move || key.with_value(|k| expanded.with(|e| e.contains(k)));
    let toggle = move |ev: leptos::ev::MouseEvent| {
        // Controlled once hydrated (the page redraws as signals arrive); a
        // plain <details> before that.
        ev.prevent_default();
        key.with_value(|k| {
            expanded.update(|e| {
                if !e.remove(k) {
                    e.insert(k.clone());
                }
            })
        });
    };
    let quote = s.quote();
    let title = s.title();
    let meta = format!("{} · {} · {}", s.group_name, s.sender, datetime(s.sent_at));
    let confidence = format!("{}% sure", s.confidence);
    let raw = s.raw.clone();
    let is_claimed = s.submission_id.is_some();
    let (t, sentiment, wanted) = (s.deal_type, s.sentiment, s.wanted_by_desk);
    view! {
        <li class="card signal" class:claimed=is_claimed>
            <div class="signal-head">
                <Pill text=deal_type_label(t) tone=type_tone(t) />
                {wanted.then(|| view! { <Pill text="Wanted by the desk" tone="warn" /> })}
                <span class="muted small">{meta}</span>
            </div>
            <h3 class="signal-title">{title}</h3>
            <p class="signal-facts">
                {quote
                    .map(|q| {
                        view! {
                            <strong class="num">{q}</strong>
                            " · "
                        }
                    })} <span>{confidence}</span>" · " <Pill text=sentiment_label(sentiment) tone=sentiment_tone(sentiment) />
            </p>
            <details prop:open=is_open>
                <summary on:click=toggle>"Message"</summary>
                <pre class="raw-message">{raw}</pre>
            </details>
            <ClaimAction s currency claim last />
        </li>
    }
}

/// The link to the lead once claimed, or the quick-claim button.
#[component]
fn ClaimAction(s: BrokerSignal, currency: String, claim: ServerAction<ClaimSignal>, last: RwSignal<Option<BrokerSignal>>) -> impl IntoView {
    let claimed = s.submission_id.clone();
    let actionable = s.actionable();
    let s = StoredValue::new(s);
    let quick_claim = move |_| {
        let sig = s.get_value();
        last.set(Some(sig.clone()));
        claim.dispatch(ClaimSignal {
            id: sig.id.clone(),
            brand: sig.brand.clone().unwrap_or_default(),
            model: sig.model.clone().unwrap_or_default(),
            reference: sig.reference.clone().unwrap_or_default(),
            asking: sig.suggested_asking(&currency),
        });
    };
    view! {
        <div class="signal-actions">
            {match claimed {
                Some(id) => {
                    view! {
                        <a class="button small" href=format!("/deals/submissions/{id}")>
                            "Claimed — view the lead"
                        </a>
                    }
                        .into_any()
                }
                None if actionable => {
                    view! {
                        <button type="button" class="button small primary" disabled=move || claim.pending().get() on:click=quick_claim>
                            "Claim"
                        </button>
                    }
                        .into_any()
                }
                None => ().into_any(),
            }}
        </div>
    }
}

/// The parsed fields as a form, when a claim needs the broker's help.
#[component]
fn CompleteClaim(s: BrokerSignal, claim: ServerAction<ClaimSignal>, completing: RwSignal<Option<BrokerSignal>>) -> impl IntoView {
    let v = claim.value();
    let title = s.title();
    view! {
        <Card title="Complete the lead">
            <p class="muted">{format!("Claiming “{title}”. Fill in what the message did not say.")}</p>
            <ActionForm action=claim attr:class="form" attr:novalidate=true>
                <input type="hidden" name="id" value=s.id.clone() />
                <div class="form-row">
                    <div class="field">
                        <label for="cl-brand">"Brand"</label>
                        <input id="cl-brand" name="brand" value=s.brand.clone().unwrap_or_default() />
                        <FieldError errors=action_field_errors(v, "brand") />
                    </div>
                    <div class="field">
                        <label for="cl-model">"Model"</label>
                        <input id="cl-model" name="model" value=s.model.clone().unwrap_or_default() />
                        <FieldError errors=action_field_errors(v, "model") />
                    </div>
                </div>
                <div class="form-row">
                    <div class="field">
                        <label for="cl-ref">"Reference"</label>
                        <input id="cl-ref" name="reference" value=s.reference.clone().unwrap_or_default() />
                        <FieldError errors=action_field_errors(v, "reference") />
                    </div>
                    <div class="field">
                        <label for="cl-asking">"Asking price (optional)"</label>
                        <input id="cl-asking" name="asking" inputmode="decimal" value=String::new() />
                        <FieldError errors=action_field_errors(v, "asking") />
                    </div>
                </div>
                <button type="submit" class="button primary">
                    "Claim"
                </button>
                " "
                <button type="button" class="button" on:click=move |_| completing.set(None)>
                    "Not now"
                </button>
            </ActionForm>
        </Card>
    }
}
