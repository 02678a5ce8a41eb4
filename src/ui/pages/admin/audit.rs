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
            about_cell(a.about, a.about_href),
            Cell::text(a.ip.unwrap_or_else(|| "—".into())),
        ],
    }
}

/// What the entry is about: the record's title, a link to it when there is one.
fn about_cell(about: Option<String>, href: Option<String>) -> Cell {
    let text = about.unwrap_or_else(|| "—".into());
    match href {
        Some(h) => {
            let t = text.clone();
            Cell::text(text).with_view(move || view! { <a href=h.clone()>{t.clone()}</a> }.into_any())
        }
        None => Cell::text(text),
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
