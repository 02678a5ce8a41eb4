//! /messages — the broker's message history from before WhatsApp (read only).

use crate::api::portal::broker_messages;
use crate::dto::portal::LegacyMessage;
use crate::ui::components::time::datetime;
use crate::ui::components::{Empty, Load, PageHeader};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MessagesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| broker_messages());
    view! {
        <Title text="Messages" />
        <PageHeader title="Messages".to_string() subtitle="History from before WhatsApp — read only" />
        <p class="alert alert-info">"Deal conversations happen on WhatsApp now. This inbox keeps the earlier history; new messages cannot be sent here."</p>
        <Load data let:list>
            <MessageList list />
        </Load>
    }
}

#[component]
fn MessageList(list: Vec<LegacyMessage>) -> impl IntoView {
    if list.is_empty() {
        return view! { <Empty title="No messages" hint="There is no earlier history for your account." /> }.into_any();
    }
    view! {
        <ul class="messages" aria-label="Message history">
            {list
                .into_iter()
                .map(|m| {
                    view! {
                        <li class:from-dealer=m.from_dealer>
                            <p class="message-meta">
                                <strong>{m.author}</strong>
                                " · "
                                {datetime(m.sent_at)}
                            </p>
                            <p>{m.body}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
