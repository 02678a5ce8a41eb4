//! /desk/submissions — the desk's review queue: brokers' leads waiting for
//! a decision.

use crate::api::dealer::desk_submissions;
use crate::dto::dealer::DeskSubmission;
use crate::ui::components::dealer::submission_tone;
use crate::ui::components::time::date;
use crate::ui::components::{Empty, Load, PageHeader, Pill};
use crate::ui::kit::table::{Cell, Column, DataTable, TableRow};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DeskSubmissionsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| desk_submissions());
    view! {
        <Title text="Submissions" />
        <PageHeader title="Submissions".to_string() subtitle="Leads from brokers, waiting for a decision" />
        <Load data let:list>
            <SubmissionsTable list />
        </Load>
    }
}

fn submission_row(s: DeskSubmission) -> TableRow {
    let st = s.status;
    TableRow {
        key: s.id.clone(),
        href: Some(format!("/desk/submissions/{}", s.id)),
        tag: Some(s.status.as_str().to_string()),
        cells: vec![
            Cell::text(s.title()),
            Cell::text(s.broker_name.clone()),
            Cell::text(s.status.label()).with_view(move || view! { <Pill text=st.label() tone=submission_tone(st)/> }.into_any()),
            match &s.asking {
                Some(m) => Cell::num(m.to_minor_units().unwrap_or(0), m.format()),
                None => Cell::num(-1, "—"),
            },
            Cell::num(s.photos.len() as i64, s.photos.len().to_string()),
            Cell::text(s.source_group.clone()),
            Cell::num(s.created_at, date(s.created_at)),
        ],
    }
}

#[component]
fn SubmissionsTable(list: Vec<DeskSubmission>) -> impl IntoView {
    if list.is_empty() {
        return view! { <Empty title="No submissions yet" hint="Brokers' leads appear here." /> }.into_any();
    }
    let rows = list.into_iter().map(submission_row).collect();
    view! {
        <DataTable
            label="Submissions"
            rows
            columns=vec![
                Column::text("Watch"),
                Column::text("Broker"),
                Column::text("Status"),
                Column::num("Asking"),
                Column::num("Photos"),
                Column::text("Source"),
                Column::num("Submitted"),
            ]
            filters=vec![("Submitted", "submitted"), ("In Review", "in_review"), ("Approved", "approved"), ("Not Accepted", "not_accepted")]
            page_size=25
        />
    }
    .into_any()
}
