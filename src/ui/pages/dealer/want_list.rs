//! /desk/want-list — what the desk is looking for: add a watch, see which
//! brokers flagged it, close it.

use crate::api::portal::{desk_want_list, AddWantItem, CloseWantItem};
use crate::domain::dealer::watch_title;
use crate::dto::portal::DeskWantItem;
use crate::ui::components::dealer::urgency_label;
use crate::ui::components::{action_alert, action_field_errors, Card, Empty, FieldError, Load, PageHeader, Pill};
use crate::ui::kit::toast::{provide_toasts, ToastRegion};
use leptos::prelude::*;
use leptos_meta::Title;

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
    view! {
        <Title text="Want list" />
        <ToastRegion />
        <PageHeader title="Want list".to_string() subtitle="What the desk is looking for — brokers flag what they can find" />
        <AddForm add />
        <Load data let:list>
            <WantList list close />
        </Load>
    }
}

#[component]
fn AddForm(add: ServerAction<AddWantItem>) -> impl IntoView {
    let av = add.value();
    view! {
        <Card title="Add a watch">
            <ActionForm action=add attr:class="form" attr:novalidate=true>
                {action_alert(av)}
                <div class="form-row">
                    <div class="field">
                        <label for="w-brand">"Brand"</label>
                        <input id="w-brand" name="brand" />
                        <FieldError errors=action_field_errors(av, "brand") />
                    </div>
                    <div class="field">
                        <label for="w-model">"Model"</label>
                        <input id="w-model" name="model" />
                        <FieldError errors=action_field_errors(av, "model") />
                    </div>
                    <div class="field">
                        <label for="w-ref">"Reference"</label>
                        <input id="w-ref" name="reference" />
                    </div>
                    <div class="field">
                        <label for="w-urgency">"Urgency"</label>
                        <select id="w-urgency" name="urgency">
                            <option value="3">"Urgent"</option>
                            <option value="2" selected>
                                "Normal"
                            </option>
                            <option value="1">"Low"</option>
                        </select>
                        <FieldError errors=action_field_errors(av, "urgency") />
                    </div>
                </div>
                <div class="field">
                    <label for="w-notes">"Notes"</label>
                    <input id="w-notes" name="notes" />
                    <FieldError errors=action_field_errors(av, "notes") />
                </div>
                <button type="submit" class="button primary">
                    "Add"
                </button>
            </ActionForm>
        </Card>
    }
}

#[component]
fn WantList(list: Vec<DeskWantItem>, close: ServerAction<CloseWantItem>) -> impl IntoView {
    if list.is_empty() {
        return view! { <Empty title="The want list is empty" hint="Add the watches you are looking for." /> }.into_any();
    }
    view! { <ul class="want-list desk">{list.into_iter().map(|w| view! { <WantRow w close /> }).collect_view()}</ul> }.into_any()
}

#[component]
fn WantRow(w: DeskWantItem, close: ServerAction<CloseWantItem>) -> impl IntoView {
    let (label, tone) = urgency_label(w.urgency);
    let id = w.id.clone();
    view! {
        <li class:closed=!w.open>
            <div>
                <strong>{watch_title(&w.brand, &w.model, &w.reference)}</strong>
                " "
                <Pill text=label tone=tone />
                {(!w.open)
                    .then(|| {
                        view! {
                            " "
                            <Pill text="Closed" />
                        }
                    })}
            </div>
            {(!w.notes.is_empty()).then(|| view! { <p class="muted small">{w.notes.clone()}</p> })}
            <p class="small">
                {if w.brokers.is_empty() {
                    "No broker has flagged it yet.".to_string()
                } else {
                    w.brokers.iter().map(|(n, f)| format!("{n}: {f}")).collect::<Vec<_>>().join(" · ")
                }}
            </p>
            {w
                .open
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button small"
                            on:click=move |_| {
                                close.dispatch(CloseWantItem { id: id.clone() });
                            }
                        >
                            "Close"
                        </button>
                    }
                })}
        </li>
    }
}
