//! Toast notifications for success and errors: `provide_toasts()` once at
//! the top, `use_toasts().push(...)` anywhere.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Clone, Debug, PartialEq)]
struct Toast {
    id: u64,
    kind: ToastKind,
    message: String,
}

#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next: RwSignal<u64>,
}

impl Toasts {
    pub fn push(&self, kind: ToastKind, message: impl Into<String>) {
        let id = self.next.get_untracked();
        self.next.set(id + 1);
        self.list.update(|l| l.push(Toast { id, kind, message: message.into() }));
        let list = self.list;
        // Success toasts leave after a few seconds; errors stay until dismissed.
        if kind == ToastKind::Success {
            set_timeout(move || list.update(|l| l.retain(|t| t.id != id)), std::time::Duration::from_secs(5));
        }
    }
    pub fn success(&self, message: impl Into<String>) {
        self.push(ToastKind::Success, message)
    }
    pub fn error(&self, message: impl Into<String>) {
        self.push(ToastKind::Error, message)
    }
}

/// Toasts the outcome of an action that has no form of its own.
pub fn toast_result<O, S>(toasts: Toasts, value: S, ok: &'static str)
where
    O: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<O, crate::dto::error::AppError>>> + Copy + Send + Sync + 'static,
{
    Effect::new(move |_| match value.get() {
        Some(Ok(_)) => toasts.success(ok),
        Some(Err(e)) if !matches!(e, crate::dto::error::AppError::Validation { .. }) => toasts.error(e.to_string()),
        _ => {}
    });
}

pub fn provide_toasts() -> Toasts {
    let t = Toasts { list: RwSignal::new(Vec::new()), next: RwSignal::new(0) };
    provide_context(t);
    t
}

pub fn use_toasts() -> Toasts {
    use_context::<Toasts>().unwrap_or_else(provide_toasts)
}

/// Where toasts appear (once per page frame).
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.list.get() key=|t| t.id let:t>
                <div class=if t.kind == ToastKind::Error { "toast toast-error" } else { "toast toast-success" }>
                    <span>{t.message.clone()}</span>
                    <button type="button" class="toast-close" aria-label="Dismiss" on:click=move |_| toasts.list.update(|l| l.retain(|x| x.id != t.id))>
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
