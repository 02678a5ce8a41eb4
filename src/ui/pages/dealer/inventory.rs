//! /desk/inventory — watches accepted from brokers, with their status and cost.

use crate::api::dealer::desk_inventory;
use crate::dto::dealer::DeskDeal;
use crate::ui::components::dealer::deal_tone;
use crate::ui::components::time::date;
use crate::ui::components::{Empty, Load, PageHeader, Pill};
use crate::ui::kit::table::{Cell, Column, DataTable, TableRow};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn InventoryPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| desk_inventory());
    view! {
        <Title text="Inventory" />
        <PageHeader title="Inventory".to_string() subtitle="Watches accepted from brokers" />
        <Load data let:list>
            <InventoryTable list />
        </Load>
    }
}

fn inventory_row(d: DeskDeal) -> TableRow {
    let st = d.status;
    TableRow {
        key: d.id.clone(),
        href: Some(format!("/desk/inventory/{}", d.id)),
        tag: Some(d.status.as_str().to_string()),
        cells: vec![
            Cell::text(d.title()),
            Cell::text(d.serial.clone()),
            Cell::text(d.broker_name.clone()),
            Cell::text(d.status.label()).with_view(move || view! { <Pill text=st.label() tone=deal_tone(st)/> }.into_any()),
            match &d.cost {
                Some(m) => Cell::num(m.to_minor_units().unwrap_or(0), m.format()),
                None => Cell::num(-1, "Hidden"),
            },
            Cell::num(d.accepted_at, date(d.accepted_at)),
        ],
    }
}

#[component]
fn InventoryTable(list: Vec<DeskDeal>) -> impl IntoView {
    if list.is_empty() {
        return view! { <Empty title="Inventory is empty" hint="Accepted submissions appear here." /> }.into_any();
    }
    let rows = list.into_iter().map(inventory_row).collect();
    view! {
        <DataTable
            label="Inventory"
            rows
            columns=vec![
                Column::text("Watch"),
                Column::text("Serial"),
                Column::text("Broker"),
                Column::text("Status"),
                Column::num("Cost"),
                Column::num("Accepted"),
            ]
            filters=vec![("Active", "active"), ("Pending", "pending"), ("Sold", "sold"), ("Cancelled", "cancelled")]
            page_size=25
        />
    }
    .into_any()
}
