//! /audit — sign-ins, refused access and every sensitive action, newest first.

use crate::api::admin::audit_log;
use crate::dto::admin::AuditItem;
use crate::ui::components::time::datetime;
use crate::ui::components::{Empty, Load, PageHeader, Pill};
use crate::ui::kit::table::{Cell, Column, DataTable, TableRow};
use leptos::prelude::*;
use leptos_meta::Title;

fn action_tone(action: &str) -> &'static str {
    match action {
        "login.failed" | "login.throttled" | "access.denied" | "password.change_failed" => "warn",
        "login.succeeded" | "password.changed" => "ok",
        _ => "neutral",
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| audit_log());
    view! {
        <Title text="Audit log" />
        <Load data let:list>
            <PageHeader title="Audit log".to_string() subtitle="Sign-ins, failed sign-ins, refused access and every sensitive action — newest first" />
            {if list.is_empty() {
                view! { <Empty title="Nothing recorded yet" hint="Sign-ins and sensitive actions appear here." /> }.into_any()
            } else {
                view! { <AuditTable list /> }.into_any()
            }}
        </Load>
    }
}

fn audit_row(i: usize, a: AuditItem) -> TableRow {
    let tone = action_tone(&a.action);
    let action = a.action.clone();
    TableRow {
        key: i.to_string(),
        href: None,
        tag: Some(if tone == "warn" { "warn" } else { "other" }.to_string()),
        cells: vec![
            Cell::num(a.at, datetime(a.at)),
            Cell::text(a.action).with_view(move || view! { <Pill text=action.clone() tone=tone/> }.into_any()),
            Cell::text(a.actor.unwrap_or_else(|| "—".into())),
            Cell::text(a.target.unwrap_or_else(|| "—".into())),
            Cell::text(a.ip.unwrap_or_else(|| "—".into())),
        ],
    }
}

#[component]
fn AuditTable(list: Vec<AuditItem>) -> impl IntoView {
    let rows = list.into_iter().enumerate().map(|(i, a)| audit_row(i, a)).collect();
    view! {
        <DataTable
            label="Audit entries"
            rows
            page_size=50
            columns=vec![Column::text("When"), Column::text("Action"), Column::text("Who"), Column::text("About"), Column::text("IP")]
            filters=vec![("Warnings", "warn")]
            csv_href="/export/audit.csv"
            empty_title="Nothing recorded yet"
        />
    }
}
