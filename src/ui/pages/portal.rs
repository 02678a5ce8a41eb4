//! Broker Portal pages beyond deals and commissions: the dashboard (the
//! broker's home), analytics, legacy messages and the broker's settings
//! (profile, payout details); and the desk's want list.

use super::broker::commission_tone;
use crate::api::dealer::RequestPayout;
use crate::api::portal::*;
use crate::dto::portal::*;
use crate::domain::dealer::*;
use crate::domain::time::{format_date, format_datetime};
use crate::ui::components::{action_alert, action_field_errors, Card, Empty, ErrorPanel, FieldError, Loading, PageHeader, Pill};
use crate::ui::kit::chart::Chart;
use crate::ui::kit::kpi::{KpiCard, KpiStrip};
use crate::ui::kit::tabs::Tabs;
use crate::ui::kit::toast::{provide_toasts, ToastRegion};
use leptos::prelude::*;
use leptos_meta::Title;

fn urgency_label(u: i64) -> (&'static str, &'static str) {
    match u {
        3 => ("Urgent", "danger"),
        2 => ("Normal", "warn"),
        _ => ("Low", "neutral"),
    }
}

// ---------------------------------------------------------------------------
// Dashboard

/// The broker's home: KPIs, funnel, want list, checklist, payouts, charts.
/// Its data comes with the Overview page's (one resource, see `overview_data`).
#[component]
pub fn BrokerDashboardPanel(d: BrokerDashboard, flag: ServerAction<FlagWantItem>, request: ServerAction<RequestPayout>) -> impl IntoView {
    view! { <DashboardBody d flag request/> }
}

#[component]
fn DashboardBody(d: BrokerDashboard, flag: ServerAction<FlagWantItem>, request: ServerAction<RequestPayout>) -> impl IntoView {
    let requestable = d.requestable;
    let can_request = d.open_request.is_none() && requestable.is_positive();
    view! {
        <KpiStrip>
            {d.kpis.into_iter().map(|k| match k.trend {
                Some(t) => view! { <KpiCard label=k.label value=k.value.format() trend=t hint=k.hint/> }.into_any(),
                None => view! { <KpiCard label=k.label value=k.value.format() hint=k.hint/> }.into_any(),
            }).collect_view()}
        </KpiStrip>
        <div class="charts">
            <Chart title="Pipeline" data=d.funnel/>
            <Card title="Action checklist">
                {if d.checklist.is_empty() {
                    view! { <p class="muted">"All caught up."</p> }.into_any()
                } else {
                    view! { <ul class="checklist">{d.checklist.into_iter().map(|c| view! { <li><a href=c.href>{c.text}</a></li> }).collect_view()}</ul> }.into_any()
                }}
            </Card>
        </div>
        <div class="grid-2">
            <Card title="Wanted by the desk">
                {if d.want_list.is_empty() {
                    view! { <p class="muted">"The dealer has no open requests."</p> }.into_any()
                } else {
                    view! {
                        <ul class="want-list">
                            {d.want_list.into_iter().map(|w| {
                                let (label, tone) = urgency_label(w.urgency);
                                let id1 = w.id.clone();
                                let id2 = w.id.clone();
                                let can = w.my_flag == "can_find";
                                let working = w.my_flag == "working_on";
                                view! {
                                    <li>
                                        <div><strong>{w.title()}</strong>" "<Pill text=label tone=tone/></div>
                                        {(!w.notes.is_empty()).then(|| view! { <p class="muted small">{w.notes.clone()}</p> })}
                                        <div class="button-row">
                                            <button type="button" class="button small" class:primary=can aria-pressed=if can { "true" } else { "false" }
                                                on:click=move |_| { flag.dispatch(FlagWantItem { id: id1.clone(), flag: if can { String::new() } else { "can_find".into() } }); }>"I can find this"</button>
                                            <button type="button" class="button small" class:primary=working aria-pressed=if working { "true" } else { "false" }
                                                on:click=move |_| { flag.dispatch(FlagWantItem { id: id2.clone(), flag: if working { String::new() } else { "working_on".into() } }); }>"I’m working on this"</button>
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Card>
            <Card title="Upcoming payouts">
                {if d.upcoming.is_empty() {
                    view! { <p class="muted">"Nothing released for payout yet."</p> }.into_any()
                } else {
                    view! { <ul class="request-list">{d.upcoming.into_iter().map(|c| view! { <li>{c.watch}" · "<strong>{c.amount.format()}</strong>" "<Pill text=c.status.label() tone=commission_tone(c.status)/></li> }).collect_view()}</ul> }.into_any()
                }}
                {d.open_request.map(|r| view! { <p>"Open request: "<strong>{r.total.format()}</strong>" — "{r.status.label()}</p> })}
                {can_request.then(|| view! {
                    <button type="button" class="button primary" on:click=move |_| { request.dispatch(RequestPayout { note: String::new() }); }>
                        "Request payout of "{requestable.format()}
                    </button>
                })}
            </Card>
        </div>
        <div class="charts">
            <Chart title="Earnings (12 months)" data=d.earnings_trend/>
            <Chart title="Brand mix" data=d.brand_mix/>
        </div>
    }
}

// ---------------------------------------------------------------------------
// Analytics

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_broker_analytics());
    view! {
        <Title text="Analytics"/>
        <PageHeader title="Analytics".to_string() subtitle="Earnings, conversion and where your deals come from"/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(a) => view! {
                        <KpiStrip>
                            <KpiCard label="Lifetime earnings" value=a.lifetime.format()/>
                            <KpiCard label="Paid out" value=a.paid.format()/>
                            <KpiCard label="Outstanding" value=a.outstanding.format()/>
                            <KpiCard label="Submission to sale" value=format!("{}", crate::domain::money::BasisPoints(a.conversion_bps))/>
                        </KpiStrip>
                        <div class="charts">
                            <div class="chart-wide"><Chart title="Earned vs paid out (12 months)" data=a.earned_vs_paid/></div>
                            <Chart title="Submission funnel" data=a.funnel/>
                            <Chart title="Earnings by brand" data=a.brand_earnings/>
                            <div class="chart-wide"><Chart title="Submissions per day (30 days)" data=a.velocity height=70/></div>
                            <div class="chart-wide"><Chart title="Source groups (30 days)" data=a.source_heatmap height=240/></div>
                        </div>
                        <Card title="Recent payouts">
                            {if a.recent_payouts.is_empty() {
                                view! { <p class="muted">"No payouts yet."</p> }.into_any()
                            } else {
                                view! { <ul class="request-list">{a.recent_payouts.into_iter().map(|r| view! {
                                    <li><strong>{r.total.format()}</strong>" · paid "{r.paid_on.map(format_date).unwrap_or_default()}{r.method.map(|m| format!(" by {}", m.label()))}</li>
                                }).collect_view()}</ul> }.into_any()
                            }}
                        </Card>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

// ---------------------------------------------------------------------------
// Messages

#[component]
pub fn MessagesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| broker_messages());
    view! {
        <Title text="Messages"/>
        <PageHeader title="Messages".to_string() subtitle="History from before WhatsApp — read only"/>
        <p class="alert alert-info">"Deal conversations happen on WhatsApp now. This inbox keeps the earlier history; new messages cannot be sent here."</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <Empty title="No messages" hint="There is no earlier history for your account."/> }.into_any(),
                    Ok(list) => view! {
                        <ul class="messages" aria-label="Message history">
                            {list.into_iter().map(|m| view! {
                                <li class:from-dealer=m.from_dealer>
                                    <p class="message-meta"><strong>{m.author}</strong>" · "{format_datetime(m.sent_at)}</p>
                                    <p>{m.body}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

// ---------------------------------------------------------------------------
// Settings (broker): profile and payout details

#[component]
fn ProfileForm(p: BrokerProfile, save: ServerAction<SaveBrokerProfile>) -> impl IntoView {
    let v = save.value();
    view! {
        <Card title="Profile">
            <dl class="facts">
                <dt>"Email"</dt><dd>{p.email.clone()}</dd>
                <dt>"Role"</dt><dd>{p.role.clone()}</dd>
                <dt>"Joined"</dt><dd>{format_date(p.joined_at)}</dd>
            </dl>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                {action_alert(v)}
                <div class="field"><label for="pr-name">"Display name"</label><input id="pr-name" name="name" value=p.name.clone()/><FieldError errors=action_field_errors(v, "name")/></div>
                <div class="form-row">
                    <div class="field"><label for="pr-phone">"Phone"</label><input id="pr-phone" name="phone" type="tel" value=p.phone.clone()/><FieldError errors=action_field_errors(v, "phone")/></div>
                    <div class="field"><label for="pr-avatar">"Avatar URL"</label><input id="pr-avatar" name="avatar_url" value=p.avatar_url.clone() placeholder="https://…"/><FieldError errors=action_field_errors(v, "avatar_url")/></div>
                </div>
                <button type="submit" class="button primary">"Save profile"</button>
            </ActionForm>
        </Card>
    }
}

#[component]
fn PayoutForm(p: BrokerProfile, save: ServerAction<SavePayoutInfo>) -> impl IntoView {
    let v = save.value();
    let pi = p.payout;
    let current = pi.method;
    // The number typed is not kept on screen once it is saved.
    let account_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = v.get() {
            if let Some(input) = account_input.get() {
                input.set_value("");
            }
        }
    });
    view! {
        <Card title="Payout info">
            <p class="muted small">"Used when the dealer pays you. The account number is encrypted and never shown again — only its last four characters."</p>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                {action_alert(v)}
                <div class="form-row">
                    <div class="field"><label for="po-inst">"Institution"</label><input id="po-inst" name="institution" value=pi.institution.clone()/><FieldError errors=action_field_errors(v, "institution")/></div>
                    <div class="field">
                        <label for="po-method">"Preferred method"</label>
                        <select id="po-method" name="method">
                            {PayoutMethod::ALL.iter().map(|m| view! { <option value=m.as_str() selected=current == Some(*m)>{m.label()}</option> }).collect_view()}
                        </select>
                        <FieldError errors=action_field_errors(v, "method")/>
                    </div>
                </div>
                <div class="form-row">
                    <div class="field"><label for="po-routing">"Routing number"</label><input id="po-routing" name="routing" value=pi.routing.clone()/><FieldError errors=action_field_errors(v, "routing")/></div>
                    <div class="field"><label for="po-swift">"SWIFT/BIC"</label><input id="po-swift" name="swift" value=pi.swift.clone()/><FieldError errors=action_field_errors(v, "swift")/></div>
                </div>
                <div class="field">
                    <label for="po-account">"Account number"</label>
                    <input id="po-account" name="account_number" autocomplete="off" node_ref=account_input
                        placeholder=if pi.account_last4.is_empty() { "Account number".to_string() } else { format!("On file: ending {} — leave empty to keep it", pi.account_last4) }/>
                    <FieldError errors=action_field_errors(v, "account_number")/>
                    {(!pi.account_last4.is_empty()).then(|| view! { <p class="muted small" data-testid="last4">"Account on file ends in "<strong>{pi.account_last4.clone()}</strong></p> })}
                </div>
                <div class="field"><label for="po-notes">"Notes"</label><textarea id="po-notes" name="notes" rows="2">{pi.notes.clone()}</textarea><FieldError errors=action_field_errors(v, "notes")/></div>
                <button type="submit" class="button primary">"Save payout info"</button>
            </ActionForm>
        </Card>
    }
}

/// The broker's settings: Profile, Payout info and Password tabs. The data
/// comes with the Settings page's (one resource, see `settings_data`).
/// Index of the WhatsApp tab (`/settings?tab=whatsapp` opens it).
pub const WHATSAPP_TAB: usize = 2;

#[component]
pub fn BrokerSettingsTabs(
    p: BrokerProfile,
    save_profile: ServerAction<SaveBrokerProfile>,
    save_payout: ServerAction<SavePayoutInfo>,
    /// Owned by the page, so a save (which reloads the data) keeps the tab.
    tab: RwSignal<usize>,
    children: ChildrenFn,
) -> impl IntoView {
    let toasts = provide_toasts();
    Effect::new(move |_| {
        if let Some(Ok(())) = save_profile.value().get() {
            toasts.success("Profile saved.");
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = save_payout.value().get() {
            toasts.success("Payout details saved.");
        }
    });
    let password = StoredValue::new(children);
    let p = StoredValue::new(p);
    view! {
        <ToastRegion/>
        <Tabs label="Settings" tabs=vec!["Profile", "Payout info", "WhatsApp", "Password"] selected=tab/>
        <div role="tabpanel">
            {move || match tab.get() {
                0 => view! { <ProfileForm p=p.get_value() save=save_profile/> }.into_any(),
                1 => view! { <PayoutForm p=p.get_value() save=save_payout/> }.into_any(),
                WHATSAPP_TAB => view! { <crate::ui::pages::signals::WhatsAppTab/> }.into_any(),
                _ => password.with_value(|f| f()).into_any(),
            }}
        </div>
    }
}

// ---------------------------------------------------------------------------
// Desk: want list

#[component]
pub fn WantListPage() -> impl IntoView {
    let toasts = provide_toasts();
    let add = ServerAction::<AddWantItem>::new();
    let close = ServerAction::<CloseWantItem>::new();
    let data = Resource::new(move || add.version().get() + close.version().get(), |_| desk_want_list());
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            toasts.success("Added to the want list. Brokers see it on their dashboard.");
        }
    });
    let av = add.value();
    view! {
        <Title text="Want list"/>
        <ToastRegion/>
        <PageHeader title="Want list".to_string() subtitle="What the desk is looking for — brokers flag what they can find"/>
        <Card title="Add a watch">
            <ActionForm action=add attr:class="form" attr:novalidate=true>
                {action_alert(av)}
                <div class="form-row">
                    <div class="field"><label for="w-brand">"Brand"</label><input id="w-brand" name="brand"/><FieldError errors=action_field_errors(av, "brand")/></div>
                    <div class="field"><label for="w-model">"Model"</label><input id="w-model" name="model"/><FieldError errors=action_field_errors(av, "model")/></div>
                    <div class="field"><label for="w-ref">"Reference"</label><input id="w-ref" name="reference"/></div>
                    <div class="field">
                        <label for="w-urgency">"Urgency"</label>
                        <select id="w-urgency" name="urgency"><option value="3">"Urgent"</option><option value="2" selected>"Normal"</option><option value="1">"Low"</option></select>
                        <FieldError errors=action_field_errors(av, "urgency")/>
                    </div>
                </div>
                <div class="field"><label for="w-notes">"Notes"</label><input id="w-notes" name="notes"/><FieldError errors=action_field_errors(av, "notes")/></div>
                <button type="submit" class="button primary">"Add"</button>
            </ActionForm>
        </Card>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <Empty title="The want list is empty" hint="Add the watches you are looking for."/> }.into_any(),
                    Ok(list) => view! {
                        <ul class="want-list desk">
                            {list.into_iter().map(|w| {
                                let (label, tone) = urgency_label(w.urgency);
                                let id = w.id.clone();
                                view! {
                                    <li class:closed=!w.open>
                                        <div>
                                            <strong>{watch_title(&w.brand, &w.model, &w.reference)}</strong>" "<Pill text=label tone=tone/>
                                            {(!w.open).then(|| view! { " "<Pill text="Closed"/> })}
                                        </div>
                                        {(!w.notes.is_empty()).then(|| view! { <p class="muted small">{w.notes.clone()}</p> })}
                                        <p class="small">
                                            {if w.brokers.is_empty() { "No broker has flagged it yet.".to_string() } else { w.brokers.iter().map(|(n, f)| format!("{n}: {f}")).collect::<Vec<_>>().join(" · ") }}
                                        </p>
                                        {w.open.then(|| view! { <button type="button" class="button small" on:click=move |_| { close.dispatch(CloseWantItem { id: id.clone() }); }>"Close"</button> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
