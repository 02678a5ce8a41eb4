//! Signals to claim (broker) and the WhatsApp tab of Settings.
//!
//! The Signals page refreshes itself every few seconds, so messages that
//! arrive while it is open appear without a reload. A claim goes straight
//! through when the parsed fields are enough; otherwise a short form opens
//! with what was parsed and what is missing.

use crate::api::signals::*;
use crate::dto::signals::*;
use crate::dto::error::AppError;
use crate::domain::signals::{DealType, Sentiment};
use crate::domain::time::format_datetime;
use crate::ui::components::{action_field_errors, Card, Empty, ErrorPanel, FieldError, Loading, PageHeader, Pill};
use crate::ui::kit::toast::{provide_toasts, toast_result, ToastRegion, Toasts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

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

/// Bumps `tick` every `seconds` while the page is open (browser only).
fn poll(tick: RwSignal<u32>, seconds: u64) {
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(move || tick.update(|t| *t = t.wrapping_add(1)), std::time::Duration::from_secs(seconds)) {
            on_cleanup(move || handle.clear());
        }
    });
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
    let expanded = RwSignal::new(std::collections::HashSet::<String>::new());
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
        <Title text="Signals"/>
        <ToastRegion/>
        <PageHeader title="Signals".to_string() subtitle="Watch listings and wanted posts from your WhatsApp groups — claim one to make it a deal lead"/>
        <div class="signals-toolbar">
            <div class="chips" role="group" aria-label="Show">
                <button type="button" class="chip" aria-pressed=move || actionable.get().to_string() on:click=move |_| actionable.set(true)>"Actionable"</button>
                <button type="button" class="chip" aria-pressed=move || (!actionable.get()).to_string() on:click=move |_| actionable.set(false)>"All"</button>
            </div>
            <label class="check">
                <input type="checkbox" prop:checked=show_claimed on:change=move |ev| show_claimed.set(event_target_checked(&ev))/>
                " Show claimed"
            </label>
        </div>
        {move || completing.get().map(|s| view! { <CompleteClaim s claim completing/> })}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) if page.signals.is_empty() && !page.connected => view! {
                        <Empty title="No signals yet" hint="Link WhatsApp or import a chat export in Settings → WhatsApp: listings and wanted posts from your groups show up here."/>
                        <p class="center"><a class="button primary" href="/settings?tab=whatsapp">"Set up WhatsApp"</a></p>
                    }.into_any(),
                    Ok(page) if page.signals.is_empty() => view! {
                        <Empty title="Nothing to claim right now" hint="New listings and wanted posts from your groups appear here as they arrive."/>
                    }.into_any(),
                    Ok(page) => {
                        let currency = page.currency.clone();
                        view! {
                            <ul class="signal-list" aria-label="Signals">
                                {page.signals.into_iter().map(|s| view! { <SignalCard s currency=currency.clone() claim last expanded/> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Transition>
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
fn SignalCard(
    s: BrokerSignal,
    currency: String,
    claim: ServerAction<ClaimSignal>,
    last: RwSignal<Option<BrokerSignal>>,
    expanded: RwSignal<std::collections::HashSet<String>>,
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
    let meta = format!("{} · {} · {}", s.group_name, s.sender, format_datetime(s.sent_at));
    let confidence = format!("{}% sure", s.confidence);
    let raw = s.raw.clone();
    let claimed = s.submission_id.clone();
    let is_claimed = claimed.is_some();
    let actionable = s.actionable();
    let (t, sentiment, wanted) = (s.deal_type, s.sentiment, s.wanted_by_desk);
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
        <li class="card signal" class:claimed=is_claimed>
            <div class="signal-head">
                <Pill text=deal_type_label(t) tone=type_tone(t)/>
                {wanted.then(|| view! { <Pill text="Wanted by the desk" tone="warn"/> })}
                <span class="muted small">{meta}</span>
            </div>
            <h3 class="signal-title">{title}</h3>
            <p class="signal-facts">
                {quote.map(|q| view! { <strong class="num">{q}</strong>" · " })}
                <span>{confidence}</span>" · "
                <Pill text=sentiment_label(sentiment) tone=sentiment_tone(sentiment)/>
            </p>
            <details prop:open=is_open>
                <summary on:click=toggle>"Message"</summary>
                <pre class="raw-message">{raw}</pre>
            </details>
            <div class="signal-actions">
                {match claimed {
                    Some(id) => view! { <a class="button small" href=format!("/deals/submissions/{id}")>"Claimed — view the lead"</a> }.into_any(),
                    None if actionable => view! {
                        <button type="button" class="button small primary" disabled=move || claim.pending().get() on:click=quick_claim>"Claim"</button>
                    }.into_any(),
                    None => ().into_any(),
                }}
            </div>
        </li>
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
                <input type="hidden" name="id" value=s.id.clone()/>
                <div class="form-row">
                    <div class="field"><label for="cl-brand">"Brand"</label><input id="cl-brand" name="brand" value=s.brand.clone().unwrap_or_default()/><FieldError errors=action_field_errors(v, "brand")/></div>
                    <div class="field"><label for="cl-model">"Model"</label><input id="cl-model" name="model" value=s.model.clone().unwrap_or_default()/><FieldError errors=action_field_errors(v, "model")/></div>
                </div>
                <div class="form-row">
                    <div class="field"><label for="cl-ref">"Reference"</label><input id="cl-ref" name="reference" value=s.reference.clone().unwrap_or_default()/><FieldError errors=action_field_errors(v, "reference")/></div>
                    <div class="field"><label for="cl-asking">"Asking price (optional)"</label><input id="cl-asking" name="asking" inputmode="decimal" value=String::new()/><FieldError errors=action_field_errors(v, "asking")/></div>
                </div>
                <button type="submit" class="button primary">"Claim"</button>
                " "<button type="button" class="button" on:click=move |_| completing.set(None)>"Not now"</button>
            </ActionForm>
        </Card>
    }
}

// ---------------------------------------------------------------------------
// Settings → WhatsApp

/// UTC offsets a phone can be in, every 30 minutes (minutes east of UTC).
fn offsets() -> impl Iterator<Item = (i32, String)> {
    (-24..=28).map(|half| {
        let m: i32 = half * 30;
        let sign = if m < 0 { '-' } else { '+' };
        (m, format!("UTC{sign}{:02}:{:02}", m.abs() / 60, m.abs() % 60))
    })
}

#[component]
pub fn WhatsAppTab() -> impl IntoView {
    let toasts = crate::ui::kit::toast::use_toasts();
    let bridge = ServerAction::<SetupBridge>::new();
    let simulate = ServerAction::<StartSimulator>::new();
    let unlink = ServerAction::<UnlinkWhatsapp>::new();
    let tick = RwSignal::new(0u32);
    poll(tick, 2);
    // Browser-only: this tab renders inside the Settings page's own suspense.
    let state = LocalResource::new(move || {
        (bridge.version().get(), simulate.version().get(), unlink.version().get(), tick.get());
        whatsapp_state()
    });
    toast_result(toasts, simulate.value(), "Demo WhatsApp linking: the demo phone scans the code, then the chat's messages arrive over half a minute.");
    toast_result(toasts, unlink.value(), "WhatsApp unlinked: capture stopped and the stored credentials are deleted.");
    let query = use_query_map();
    let imported = move || {
        query.with(|q| {
            if let Some(err) = q.get("import_error") {
                return Some(view! { <p class="alert alert-error" role="alert">{err}</p> }.into_any());
            }
            let n = q.get("imported")?;
            let signals = q.get("signals").unwrap_or_default();
            let dup = q.get("duplicates").unwrap_or_default();
            Some(
                view! {
                    <p class="alert alert-success" role="status">
                        {format!("Imported {n} messages with {signals} signals ({dup} were imported before).")}
                        " "<a href="/signals">"See the signals"</a>
                    </p>
                }
                .into_any(),
            )
        })
    };
    let secret = move || bridge.value().get().and_then(|r| r.ok());
    view! {
        <Card title="WhatsApp connection">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match state.await {
                        Ok(st) => view! { <ConnectionStatus st bridge simulate unlink/> }.into_any(),
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    }
                })}
            </Suspense>
            {move || secret().map(|b| view! {
                <div class="secret-box" role="status">
                    <p><strong>"Copy these now — the secret is shown only once."</strong></p>
                    <dl class="facts">
                        <dt>"Webhook URL"</dt><dd><code data-testid="webhook-url">{b.webhook_url}</code></dd>
                        <dt>"Secret"</dt><dd><code data-testid="webhook-secret">{b.secret}</code></dd>
                    </dl>
                    <p class="muted small">"Your bridge posts each group message as JSON — message_id, group_id, group_name, sender, timestamp, text — and signs the raw body with HMAC-SHA256 using the secret, in the header X-Hub-Signature-256: sha256=<hex>."</p>
                </div>
            })}
        </Card>
        <Card title="Import a chat export">
            {imported}
            <p class="muted">"In WhatsApp, open the group → More → Export chat → Without media, and choose the .txt file here. Messages already imported are skipped."</p>
            <form method="post" action=IMPORT_ROUTE enctype="multipart/form-data" class="form">
                <div class="form-row">
                    <div class="field"><label for="imp-group">"Group name"</label><input id="imp-group" name="group" required list="imp-groups"/></div>
                    <div class="field">
                        <label for="imp-offset">"Phone's time zone"</label>
                        <select id="imp-offset" name="offset">
                            {offsets().map(|(m, label)| view! { <option value=m.to_string() selected=m == 0>{label}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <datalist id="imp-groups">
                    {move || state.get().and_then(|r| r.ok()).map(|st| st.groups.into_iter().map(|g| view! { <option value=g/> }).collect_view())}
                </datalist>
                <div class="field"><label for="imp-file">"Chat export (.txt)"</label><input id="imp-file" name="file" type="file" accept=".txt,text/plain" required/></div>
                <button type="submit" class="button primary">"Import"</button>
            </form>
        </Card>
    }
}

#[component]
fn ConnectionStatus(st: WhatsAppState, bridge: ServerAction<SetupBridge>, simulate: ServerAction<StartSimulator>, unlink: ServerAction<UnlinkWhatsapp>) -> impl IntoView {
    let tone = match st.status {
        LinkStatus::Connected => "ok",
        LinkStatus::Connecting => "warn",
        LinkStatus::NotLinked => "neutral",
    };
    let linked = st.status != LinkStatus::NotLinked;
    view! {
        <p class="status-line"><span>"Status: "</span><span data-testid="wa-status"><Pill text=st.status.label() tone/></span>
            {st.kind.map(|k| view! { <span class="muted">{format!(" · {}", k.label())}</span> })}</p>
        <p class="muted small">
            {format!("{} messages and {} signals received", st.messages, st.signals)}
            {st.last_message_at.map(|t| format!("; last message {}", format_datetime(t)))}
        </p>
        {st.webhook_url.clone().map(|u| view! { <p class="small">"Webhook: "<code>{u}</code></p> })}
        {st.qr_svg.clone().map(|svg| view! {
            <div class="qr-box">
                <div class="qr" inner_html=svg role="img" aria-label="QR code to link WhatsApp"></div>
                <p>"On your phone, open WhatsApp → Settings → Linked devices → Link a device, and scan this code."</p>
            </div>
        })}
        <p class="muted small">"Your personal WhatsApp is linked through a WhatsApp bridge (a companion service next to Dealflow): it shows its QR code here and posts your groups' messages to your webhook, signed with your secret."</p>
        <div class="button-row">
            <button type="button" class="button" on:click=move |_| { bridge.dispatch(SetupBridge {}); }>
                {if linked { "Renew the bridge secret" } else { "Set up a WhatsApp bridge" }}
            </button>
            {st.simulator_available.then(|| view! {
                <button type="button" class="button" on:click=move |_| { simulate.dispatch(StartSimulator {}); }>"Connect the demo chat"</button>
            })}
            {linked.then(|| view! {
                <button type="button" class="button danger" on:click=move |_| { unlink.dispatch(UnlinkWhatsapp {}); }>"Unlink WhatsApp"</button>
            })}
        </div>
    }
}
