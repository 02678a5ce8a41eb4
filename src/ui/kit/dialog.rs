//! Modal dialog, two-step confirmation, typed-phrase confirmation.

use leptos::prelude::*;

/// A modal dialog that behaves as people expect wherever the focus is:
/// a visible close button, Escape closes it, focus moves into it when it
/// opens and back to what had it when it closes, and Tab stays inside
/// while it is open. Children can close it with [`ModalCancel`].
#[component]
pub fn Modal(open: RwSignal<bool>, #[prop(into)] title: String, children: ChildrenFn) -> impl IntoView {
    let title_id = format!("dlg-{}", title.to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    let panel = NodeRef::<leptos::html::Div>::new();
    provide_context(ModalOpen(open));
    #[cfg(feature = "hydrate")]
    browser::manage(open, panel);
    let children = StoredValue::new(children);
    let tid = title_id.clone();
    view! {
        <Show when=move || open.get()>
            <div class="modal-backdrop" on:click=move |_| open.set(false)></div>
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby=tid.clone() node_ref=panel>
                <div class="modal-head">
                    <h2 class="modal-title" id=tid.clone()>
                        {title.clone()}
                    </h2>
                    <button type="button" class="modal-close" aria-label="Close dialog" title="Close" on:click=move |_| open.set(false)>
                        "×"
                    </button>
                </div>
                {children.with_value(|c| c())}
            </div>
        </Show>
    }
}

/// The open dialog's state, for [`ModalCancel`].
#[derive(Clone, Copy)]
struct ModalOpen(RwSignal<bool>);

/// A "Cancel" button that closes the dialog it sits in.
#[component]
pub fn ModalCancel(#[prop(into, default = "Cancel".to_string())] label: String) -> impl IntoView {
    let open = use_context::<ModalOpen>().map(|m| m.0);
    view! {
        <button
            type="button"
            class="button"
            on:click=move |_| {
                if let Some(o) = open {
                    o.set(false);
                }
            }
        >
            {label}
        </button>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{Element, HtmlElement, KeyboardEvent};

    const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

    fn focusables(panel: &Element) -> Vec<HtmlElement> {
        let Ok(list) = panel.query_selector_all(FOCUSABLE) else { return Vec::new() };
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<HtmlElement>().ok()).collect()
    }

    /// While open: Escape and Tab handled at the document (so they work
    /// wherever the focus is), focus moved in, and given back on close.
    pub fn manage(open: RwSignal<bool>, panel: NodeRef<leptos::html::Div>) {
        let opener = StoredValue::new_local(None::<HtmlElement>);
        let listener = StoredValue::new_local(None::<WindowListenerHandle>);
        Effect::new(move |_| {
            if open.get() {
                let active = document().active_element().and_then(|e| e.dyn_into::<HtmlElement>().ok());
                opener.set_value(active);
                let handle = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| on_key(&ev, open, panel));
                listener.set_value(Some(handle));
                // The panel renders in this same tick: focus its first field or button.
                request_animation_frame(move || {
                    if let Some(p) = panel.get_untracked() {
                        let items = focusables(&p);
                        let first = items.iter().find(|e| !e.class_list().contains("modal-close")).or(items.first());
                        if let Some(el) = first {
                            let _ = el.focus();
                        }
                    }
                });
            } else {
                if let Some(h) = listener.try_update_value(|l| l.take()).flatten() {
                    h.remove();
                }
                if let Some(el) = opener.try_update_value(|o| o.take()).flatten() {
                    if el.is_connected() {
                        let _ = el.focus();
                    }
                }
            }
        });
    }

    fn on_key(ev: &KeyboardEvent, open: RwSignal<bool>, panel: NodeRef<leptos::html::Div>) {
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                open.set(false);
            }
            "Tab" => {
                let Some(p) = panel.get_untracked() else { return };
                let items = focusables(&p);
                let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
                let active = document().active_element();
                let inside = active.as_ref().is_some_and(|a| p.contains(Some(a)));
                let at = |e: &HtmlElement| active.as_ref().is_some_and(|a| a == e.unchecked_ref::<Element>());
                if ev.shift_key() && (!inside || at(first)) {
                    ev.prevent_default();
                    let _ = last.focus();
                } else if !ev.shift_key() && (!inside || at(last)) {
                    ev.prevent_default();
                    let _ = first.focus();
                }
            }
            _ => {}
        }
    }
}

/// Two steps: the action button asks, a second button confirms.
#[component]
pub fn ConfirmButton(
    #[prop(into)] label: String,
    #[prop(into)] question: String,
    #[prop(into)] confirm_label: String,
    on_confirm: Callback<()>,
    #[prop(default = false)] danger: bool,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let title = label.clone();
    let class = if danger { "button danger" } else { "button" };
    view! {
        <button type="button" class=class on:click=move |_| open.set(true)>
            {label}
        </button>
        <Modal open title>
            <p>{question.clone()}</p>
            <div class="modal-actions">
                <ModalCancel />
                <button
                    type="button"
                    class=if danger { "button danger-solid" } else { "button primary" }
                    on:click=move |_| {
                        open.set(false);
                        on_confirm.run(());
                    }
                >
                    {confirm_label.clone()}
                </button>
            </div>
        </Modal>
    }
}

/// High-risk actions: the confirm button stays disabled until the exact
/// phrase is typed.
#[component]
pub fn TypedConfirmButton(
    #[prop(into)] label: String,
    #[prop(into)] warning: String,
    /// The phrase to type, e.g. "DEPOSIT 150,000.00".
    #[prop(into)]
    phrase: String,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let (typed, set_typed) = signal(String::new());
    let phrase = StoredValue::new(phrase);
    let matches = move || phrase.with_value(|p| typed.get().trim() == p);
    let title = label.clone();
    view! {
        <button
            type="button"
            class="button danger"
            on:click=move |_| {
                set_typed.set(String::new());
                open.set(true);
            }
        >
            {label}
        </button>
        <Modal open title>
            <p class="alert alert-error">{warning.clone()}</p>
            <label class="field">
                <span class="label">{move || phrase.with_value(|p| format!("Type {p} to confirm"))}</span>
                <input type="text" autocomplete="off" prop:value=typed on:input=move |ev| set_typed.set(event_target_value(&ev)) />
            </label>
            <div class="modal-actions">
                <ModalCancel />
                <button
                    type="button"
                    class="button danger-solid"
                    disabled=move || !matches()
                    on:click=move |_| {
                        if matches() {
                            open.set(false);
                            on_confirm.run(());
                        }
                    }
                >
                    "Confirm"
                </button>
            </div>
        </Modal>
    }
}
