//! Modal dialog, two-step confirmation, typed-phrase confirmation.

use leptos::prelude::*;

/// A modal dialog. Escape or the backdrop closes it; the first button or
/// field gets focus when it opens.
#[component]
pub fn Modal(open: RwSignal<bool>, #[prop(into)] title: String, children: ChildrenFn) -> impl IntoView {
    let title_id = format!("dlg-{}", title.to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    let panel = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if open.get() {
            if let Some(p) = panel.get() {
                if let Ok(Some(el)) = p.query_selector("input, textarea, select, button") {
                    use leptos::wasm_bindgen::JsCast;
                    if let Some(h) = el.dyn_ref::<leptos::web_sys::HtmlElement>() {
                        let _ = h.focus();
                    }
                }
            }
        }
    });
    let children = StoredValue::new(children);
    let tid = title_id.clone();
    view! {
        <Show when=move || open.get()>
            <div class="modal-backdrop" on:click=move |_| open.set(false)></div>
            <div
                class="modal"
                role="dialog"
                aria-modal="true"
                aria-labelledby=tid.clone()
                node_ref=panel
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        open.set(false)
                    }
                }
            >
                <h2 class="modal-title" id=tid.clone()>
                    {title.clone()}
                </h2>
                {children.with_value(|c| c())}
            </div>
        </Show>
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
                <button type="button" class="button" on:click=move |_| open.set(false)>
                    "Cancel"
                </button>
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
                <button type="button" class="button" on:click=move |_| open.set(false)>
                    "Cancel"
                </button>
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
