//! Tabs (WAI-ARIA tablist) and a date-range picker.

use leptos::prelude::*;

/// Tab headers; the caller renders the panel for `selected`.
#[component]
pub fn Tabs(#[prop(into)] label: String, tabs: Vec<&'static str>, selected: RwSignal<usize>) -> impl IntoView {
    let n = tabs.len();
    let buttons = tabs
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            view! {
                <button
                    type="button"
                    role="tab"
                    class="tab"
                    aria-selected=move || (selected.get() == i).to_string()
                    tabindex=move || if selected.get() == i { "0" } else { "-1" }
                    on:click=move |_| selected.set(i)
                    on:keydown=move |ev| match ev.key().as_str() {
                        "ArrowRight" => selected.set((i + 1) % n),
                        "ArrowLeft" => selected.set((i + n - 1) % n),
                        _ => {}
                    }
                >
                    {t}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="tabs" role="tablist" aria-label=label>
            {buttons}
        </div>
    }
}

/// `YYYY-MM-DD` strings; `Err` when the end is before the start.
pub fn check_range(from: &str, to: &str) -> Result<(), &'static str> {
    if !from.is_empty() && !to.is_empty() && to < from {
        return Err("The end date is before the start date.");
    }
    Ok(())
}

/// Two date fields (ISO dates) with a check that the range is in order.
#[component]
pub fn DateRange(from: RwSignal<String>, to: RwSignal<String>) -> impl IntoView {
    let error = move || check_range(&from.get(), &to.get()).err();
    view! {
        <fieldset class="date-range">
            <legend class="label">"Date range"</legend>
            <label class="field inline">
                <span class="label">"From"</span>
                <input type="date" prop:value=from on:change=move |ev| from.set(event_target_value(&ev)) />
            </label>
            <label class="field inline">
                <span class="label">"To"</span>
                <input type="date" prop:value=to on:change=move |ev| to.set(event_target_value(&ev)) />
            </label>
            {move || {
                error()
                    .map(|e| {
                        view! {
                            <p class="field-error" role="alert">
                                {e}
                            </p>
                        }
                    })
            }}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn range_order() {
        assert!(super::check_range("2026-01-01", "2026-02-01").is_ok());
        assert!(super::check_range("2026-03-01", "2026-02-01").is_err());
        assert!(super::check_range("", "2026-02-01").is_ok());
    }
}
