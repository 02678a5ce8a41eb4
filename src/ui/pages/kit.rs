//! /kit — every UI-kit component with demo data (platform admin, demo mode).

use crate::api::kit::{kit_demo_charts, kit_demo_rows, KitValidate};
use crate::domain::kpi::{Trend, TrendBasis};
use crate::domain::money::{Currency, Money};
use crate::dto::error::AppError;
use crate::dto::kit::KitRow;
use crate::ui::components::time::date;
use crate::ui::components::{Card, FieldError, Load, PageHeader, Pill};
use crate::ui::kit::chart::Chart;
use crate::ui::kit::dialog::{ConfirmButton, Modal, TypedConfirmButton};
use crate::ui::kit::kpi::{KpiCard, KpiStrip};
use crate::ui::kit::table::{Cell, Column, DataTable, TableRow};
use crate::ui::kit::tabs::{DateRange, Tabs};
use crate::ui::kit::toast::{provide_toasts, ToastRegion, Toasts};
use crate::ui::kit::upload::FileUpload;
use leptos::prelude::*;
use leptos_meta::Title;

fn tone(status: &str) -> &'static str {
    match status {
        "Paid" => "ok",
        "Awaiting Payout" => "info",
        "Pending Review" => "warn",
        _ => "neutral",
    }
}

#[component]
pub fn KitPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| kit_demo_rows());
    view! {
        <Title text="UI kit" />
        <Load data let:rows>
            <KitBody rows />
        </Load>
    }
}

/// Every chart kind, drawn on the server from the demo rows.
#[component]
fn KitCharts() -> impl IntoView {
    let data = Resource::new(|| (), |_| kit_demo_charts());
    view! {
        <Load data let:charts>
            <div class="charts">
                {charts
                    .into_iter()
                    .map(|c| {
                        let chart = view! { <Chart title=c.title data=c.data height=c.height /> };
                        if c.wide { view! { <div class="chart-wide">{chart}</div> }.into_any() } else { chart.into_any() }
                    })
                    .collect_view()}
            </div>
        </Load>
    }
}

#[component]
fn KitBody(rows: Vec<KitRow>) -> impl IntoView {
    let toasts = provide_toasts();
    let table_rows: Vec<TableRow> = rows.iter().map(kit_row).collect();
    view! {
        <PageHeader title="UI kit".to_string() subtitle="Every shared component with demo data" />
        <ToastRegion />
        <h2 class="kit-heading">"KPI strip"</h2>
        <KpiStrip>
            <KpiCard
                label="Total earned"
                value=usd(4_812_500)
                trend=Some(Trend {
                    bps: 1250,
                    basis: TrendBasis::EndOfLastMonth,
                })
                hint="Lifetime, paid and unpaid"
            />
            <KpiCard
                label="Due / pending"
                value=usd(735_000)
                trend=Some(Trend {
                    bps: -820,
                    basis: TrendBasis::EndOfLastMonth,
                })
                up_is_good=false
            />
            <KpiCard
                label="This month"
                value=usd(128_000)
                trend=Some(Trend {
                    bps: -1000,
                    basis: TrendBasis::SameDaysLastMonth,
                })
            />
            <KpiCard label="Average deal" value=usd(1_450_000) />
        </KpiStrip>

        <h2 class="kit-heading">"Data table"</h2>
        <DataTable
            label="Demo commissions"
            rows=table_rows
            columns=vec![Column::text("Watch"), Column::text("Broker"), Column::text("Status"), Column::num("Commission"), Column::num("Date")]
            filters=vec![("Pending Review", "Pending Review"), ("Awaiting Payout", "Awaiting Payout"), ("Paid", "Paid"), ("Cancelled", "Cancelled")]
            page_size=10
            csv_href="/export/kit.csv"
        />

        <h2 class="kit-heading">"Charts"</h2>
        <KitCharts />

        <div class="grid-2">
            <KitDialogs toasts />
            <KitToasts toasts />
            <KitTabs />
            <KitValidation toasts />
        </div>
        <Card title="File upload">
            <FileUpload
                label="Watch photos"
                id="kit-upload"
                on_uploaded=Callback::new(move |f: crate::dto::uploads::UploadedFile| toasts.success(format!("Uploaded {}.", f.file_name)))
            />
        </Card>
        <section class="card printable">
            <h2 class="card-title">"Printable receipt"</h2>
            <p class="muted small">"Marked printable: prints as a clean document without navigation."</p>
            <dl class="facts">
                <dt>"Paid to"</dt>
                <dd>"Marco Bellini"</dd>
                <dt>"Amount"</dt>
                <dd>{usd(1_250_000)}</dd>
                <dt>"Reference"</dt>
                <dd>"PAY-2026-0042"</dd>
            </dl>
            <button
                type="button"
                class="button no-print"
                on:click=move |_| {
                    let _ = window().print();
                }
            >
                "Print"
            </button>
        </section>
    }
}

/// Minor units as dollars ("$1,450.00").
fn usd(minor: i64) -> String {
    Money::from_minor_units(minor, Currency::USD).format()
}

fn kit_row(r: &KitRow) -> TableRow {
    let status = r.status.clone();
    let t = tone(&r.status);
    TableRow {
        key: r.id.clone(),
        href: Some(format!("/kit#{}", r.id)),
        tag: Some(r.status.clone()),
        cells: vec![
            Cell::text(r.watch.clone()),
            Cell::text(r.broker.clone()),
            Cell::text(r.status.clone()).with_view(move || view! { <Pill text=status.clone() tone=t/> }.into_any()),
            Cell::num(r.amount_minor, usd(r.amount_minor)),
            Cell::num(r.at, date(r.at)),
        ],
    }
}

#[component]
fn KitDialogs(toasts: Toasts) -> impl IntoView {
    let modal_open = RwSignal::new(false);
    view! {
        <Card title="Dialogs">
            <div class="button-row">
                <button type="button" class="button" on:click=move |_| modal_open.set(true)>
                    "Open modal"
                </button>
                <ConfirmButton
                    label="Cancel payout request"
                    question="Cancel the open payout request? You can file a new one later."
                    confirm_label="Yes, cancel it"
                    danger=true
                    on_confirm=Callback::new(move |_| toasts.success("Payout request cancelled."))
                />
                <TypedConfirmButton
                    label="Record large deposit"
                    warning="Deposits of 100,000 or more need a typed confirmation."
                    phrase="DEPOSIT 150,000.00"
                    on_confirm=Callback::new(move |_| toasts.success("Deposit of $150,000.00 recorded."))
                />
            </div>
            <Modal open=modal_open title="Modal dialog">
                <p>"A modal traps attention until it is closed with Escape, the backdrop or a button."</p>
                <div class="modal-actions">
                    <button type="button" class="button primary" on:click=move |_| modal_open.set(false)>
                        "Close"
                    </button>
                </div>
            </Modal>
        </Card>
    }
}

#[component]
fn KitToasts(toasts: Toasts) -> impl IntoView {
    view! {
        <Card title="Toasts and pills">
            <div class="button-row">
                <button type="button" class="button" on:click=move |_| toasts.success("Saved.")>
                    "Success toast"
                </button>
                <button type="button" class="button" on:click=move |_| toasts.error("Could not reach the bank. Try again.")>
                    "Error toast"
                </button>
            </div>
            <p class="pills">
                <Pill text="Pending Review" tone="warn" />
                <Pill text="Awaiting Payout" tone="info" />
                <Pill text="Paid" tone="ok" />
                <Pill text="Disputed" tone="danger" />
                <Pill text="Cancelled" />
            </p>
        </Card>
    }
}

#[component]
fn KitTabs() -> impl IntoView {
    let tab = RwSignal::new(0usize);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    view! {
        <Card title="Tabs and date range">
            <Tabs label="Demo tabs" tabs=vec!["Profile", "Payout info", "Password"] selected=tab />
            <div class="tab-panel" role="tabpanel">
                {move || match tab.get() {
                    0 => "Profile: display name, phone, avatar.",
                    1 => "Payout info: bank details, account number shown as last four.",
                    _ => "Password: at least 8 characters.",
                }}
            </div>
            <DateRange from to />
        </Card>
    }
}

#[component]
fn KitValidation(toasts: Toasts) -> impl IntoView {
    let validate = ServerAction::<KitValidate>::new();
    let field = move |name: &'static str| {
        Signal::derive(move || match validate.value().get() {
            Some(Err(e)) => e.field_errors(name),
            _ => Vec::new(),
        })
    };
    Effect::new(move |_| {
        if let Some(Ok(msg)) = validate.value().get() {
            toasts.success(msg);
        }
    });
    view! {
        <Card title="Server-side validation">
            <ActionForm action=validate attr:class="form" attr:novalidate=true>
                <div class="field">
                    <label class="label" for="f-name">
                        "Name"
                    </label>
                    <input id="f-name" type="text" name="name" />
                    <FieldError errors=field("name") />
                </div>
                <div class="field">
                    <label class="label" for="f-amount">
                        "Amount (USD)"
                    </label>
                    <input id="f-amount" type="text" name="amount" inputmode="decimal" />
                    <FieldError errors=field("amount") />
                </div>
                <button type="submit" class="button primary">
                    "Save"
                </button>
            </ActionForm>
            {move || match validate.value().get() {
                Some(Err(e)) if !matches!(e, AppError::Validation { .. }) => Some(view! { <p class="alert alert-error">{e.to_string()}</p> }),
                _ => None,
            }}
        </Card>
    }
}
