//! WhatsApp capture, shared by the Signals page and the Settings page: the
//! page poller, and Settings → WhatsApp (link status, bridge secret, chat
//! export import).

use crate::api::signals::{whatsapp_state, SetupBridge, StartSimulator, UnlinkWhatsapp};
use crate::dto::error::AppError;
use crate::dto::signals::{BridgeSecret, LinkStatus, SignalCounts, WhatsAppState, IMPORT_ROUTE};
use crate::ui::components::time::{datetime, zone, zone_options};
use crate::ui::components::{Card, Load, Pill};
use crate::ui::kit::toast::{toast_result, use_toasts};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Bumps `tick` every `seconds` while the page is open (browser only).
pub fn poll(tick: RwSignal<u32>, seconds: u64) {
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(move || tick.update(|t| *t = t.wrapping_add(1)), std::time::Duration::from_secs(seconds)) {
            on_cleanup(move || handle.clear());
        }
    });
}

/// Settings → WhatsApp: the connection (refreshed every 2 seconds) and the
/// chat-export import.
#[component]
pub fn WhatsAppTab() -> impl IntoView {
    let toasts = use_toasts();
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
    let secret = move || bridge.value().get().and_then(|r| r.ok());
    view! {
        <Card title="WhatsApp connection">
            <Load data=state let:st>
                <ConnectionStatus st bridge simulate unlink />
            </Load>
            {move || secret().map(|b| view! { <SecretBox b /> })}
        </Card>
        <ImportCard state />
    }
}

/// A new bridge secret, shown once.
#[component]
fn SecretBox(b: BridgeSecret) -> impl IntoView {
    view! {
        <div class="secret-box" role="status">
            <p>
                <strong>"Copy these now — the secret is shown only once."</strong>
            </p>
            <dl class="facts">
                <dt>"Webhook URL"</dt>
                <dd>
                    <code data-testid="webhook-url">{b.webhook_url}</code>
                </dd>
                <dt>"Secret"</dt>
                <dd>
                    <code data-testid="webhook-secret">{b.secret}</code>
                </dd>
            </dl>
            <p class="muted small">
                "Your bridge posts each group message as JSON — message_id, group_id, group_name, sender, timestamp, text — and signs the raw body with HMAC-SHA256 using the secret, in the header X-Hub-Signature-256: sha256=<hex>."
            </p>
        </div>
    }
}

/// The outcome of the last import, from the address it redirected to.
fn import_notice() -> impl Fn() -> Option<AnyView> + Send + Sync + 'static {
    let query = use_query_map();
    move || {
        query.with(|q| {
            if let Some(err) = q.get("import_error") {
                return Some(
                    view! {
                        <p class="alert alert-error" role="alert">
                            {err}
                        </p>
                    }
                    .into_any(),
                );
            }
            let n = q.get("imported")?;
            let signals = q.get("signals").unwrap_or_default();
            let dup = q.get("duplicates").unwrap_or_default();
            Some(
                view! {
                    <p class="alert alert-success" role="status">
                        {format!("Imported {n} messages with {signals} signals ({dup} were imported before).")}
                        " "
                        <a href="/signals">"See the signals"</a>
                    </p>
                }
                .into_any(),
            )
        })
    }
}

/// A chat export upload: a plain form post, so it works without JavaScript.
#[component]
fn ImportCard(state: LocalResource<Result<WhatsAppState, AppError>>) -> impl IntoView {
    let imported = import_notice();
    // The organization's zone to start with; the phone may be elsewhere.
    let here = zone();
    view! {
        <Card title="Import a chat export">
            {imported}
            <p class="muted">
                "In WhatsApp, open the group → More → Export chat → Without media, and choose the .txt file here. Messages already imported are skipped."
            </p> <form method="post" action=IMPORT_ROUTE enctype="multipart/form-data" class="form">
                <div class="form-row">
                    <div class="field">
                        <label for="imp-group">"Group name"</label>
                        <input id="imp-group" name="group" required list="imp-groups" />
                    </div>
                    <div class="field">
                        <label for="imp-zone">"Phone's time zone"</label>
                        <select id="imp-zone" name="zone">
                            {zone_options(here)}
                        </select>
                    </div>
                </div>
                <datalist id="imp-groups">
                    {move || state.get().and_then(|r| r.ok()).map(|st| st.groups.into_iter().map(|g| view! { <option value=g /> }).collect_view())}
                </datalist>
                <div class="field">
                    <label for="imp-file">"Chat export (.txt)"</label>
                    <input id="imp-file" name="file" type="file" accept=".txt,text/plain" required />
                </div>
                <button type="submit" class="button primary">
                    "Import"
                </button>
            </form>
        </Card>
    }
}

#[component]
fn ConnectionStatus(
    st: WhatsAppState,
    bridge: ServerAction<SetupBridge>,
    simulate: ServerAction<StartSimulator>,
    unlink: ServerAction<UnlinkWhatsapp>,
) -> impl IntoView {
    let tone = match st.status {
        LinkStatus::Connected => "ok",
        LinkStatus::Connecting => "warn",
        LinkStatus::NotLinked => "neutral",
    };
    let linked = st.status != LinkStatus::NotLinked;
    view! {
        <p class="status-line">
            <span>"Status: "</span>
            <span data-testid="wa-status">
                <Pill text=st.status.label() tone />
            </span>
            {st.kind.map(|k| view! { <span class="muted">{format!(" · {}", k.label())}</span> })}
        </p>
        <p class="muted small">
            <span data-testid="wa-counts">
                {format!("{} {} received: {}", st.messages, if st.messages == 1 { "message" } else { "messages" }, signal_counts_text(&st.counts))}
            </span>
            {st.last_message_at.map(|t| format!("; last message {}", datetime(t)))}
        </p>
        {st.webhook_url.clone().map(|u| view! { <p class="small">"Webhook: "<code>{u}</code></p> })}
        {st
            .qr_svg
            .clone()
            .map(|svg| {
                view! {
                    <div class="qr-box">
                        <div class="qr" inner_html=svg role="img" aria-label="QR code to link WhatsApp"></div>
                        <p>"On your phone, open WhatsApp → Settings → Linked devices → Link a device, and scan this code."</p>
                    </div>
                }
            })}
        <p class="muted small">
            "Your personal WhatsApp is linked through a WhatsApp bridge (a companion service next to Dealflow): it shows its QR code here and posts your groups' messages to your webhook, signed with your secret."
        </p>
        <ConnectionButtons linked simulator=st.simulator_available bridge simulate unlink />
    }
}

#[component]
fn ConnectionButtons(
    linked: bool,
    simulator: bool,
    bridge: ServerAction<SetupBridge>,
    simulate: ServerAction<StartSimulator>,
    unlink: ServerAction<UnlinkWhatsapp>,
) -> impl IntoView {
    view! {
        <div class="button-row">
            <button
                type="button"
                class="button"
                on:click=move |_| {
                    bridge.dispatch(SetupBridge {});
                }
            >
                {if linked { "Renew the bridge secret" } else { "Set up a WhatsApp bridge" }}
            </button>
            {simulator
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button"
                            on:click=move |_| {
                                simulate.dispatch(StartSimulator {});
                            }
                        >
                            "Connect the demo chat"
                        </button>
                    }
                })}
            {linked
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button danger"
                            on:click=move |_| {
                                unlink.dispatch(UnlinkWhatsapp {});
                            }
                        >
                            "Unlink WhatsApp"
                        </button>
                    }
                })}
        </div>
    }
}

/// "11 signals, 9 for sale or wanted (7 to claim, 2 claimed)" — the same
/// counts on the Signals page and in the WhatsApp settings.
pub fn signal_counts_text(c: &SignalCounts) -> String {
    format!("{} {}, {} for sale or wanted ({} to claim, {} claimed)", c.all, if c.all == 1 { "signal" } else { "signals" }, c.actionable, c.open, c.claimed)
}
