//! The data table every list uses: click a header to sort, search box,
//! filter chips, pagination, empty state, row links, CSV export link.
//! Rows arrive as plain data (`TableRow`) so the same table serves every
//! page; sorting and filtering happen in the browser (and on the server for
//! the first render, identically).

use leptos::either::Either;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, PartialOrd)]
pub enum SortKey {
    Num(i64),
    Text(String),
}

pub type CellView = Arc<dyn Fn() -> AnyView + Send + Sync>;

#[derive(Clone)]
pub struct Cell {
    /// What the search box matches and what shows when there is no `view`.
    pub text: String,
    pub sort: SortKey,
    pub view: Option<CellView>,
}

impl Cell {
    pub fn text(t: impl Into<String>) -> Cell {
        let t = t.into();
        Cell { sort: SortKey::Text(t.to_lowercase()), text: t, view: None }
    }
    /// A number shown as `shown` but sorted by `value`.
    pub fn num(value: i64, shown: impl Into<String>) -> Cell {
        Cell { text: shown.into(), sort: SortKey::Num(value), view: None }
    }
    pub fn with_view(mut self, v: impl Fn() -> AnyView + Send + Sync + 'static) -> Cell {
        self.view = Some(Arc::new(v));
        self
    }
}

#[derive(Clone)]
pub struct TableRow {
    pub key: String,
    pub href: Option<String>,
    /// The filter chip this row belongs to (e.g. a status).
    pub tag: Option<String>,
    pub cells: Vec<Cell>,
}

#[derive(Clone, Copy)]
pub struct Column {
    pub label: &'static str,
    pub numeric: bool,
}

impl Column {
    pub const fn text(label: &'static str) -> Column {
        Column { label, numeric: false }
    }
    pub const fn num(label: &'static str) -> Column {
        Column { label, numeric: true }
    }
}

/// Indexes of the rows to show after search, filter and sort (pure, shared by both sides).
pub fn visible_rows(rows: &[TableRow], query: &str, tag: Option<&str>, sort: Option<(usize, bool)>) -> Vec<usize> {
    let q = query.trim().to_lowercase();
    let mut out: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| tag.is_none_or(|t| r.tag.as_deref() == Some(t)))
        .filter(|(_, r)| q.is_empty() || r.cells.iter().any(|c| c.text.to_lowercase().contains(&q)))
        .map(|(i, _)| i)
        .collect();
    if let Some((col, asc)) = sort {
        // stable: equal keys keep their original order
        out.sort_by(|a, b| {
            let ka = rows[*a].cells.get(col).map(|c| &c.sort);
            let kb = rows[*b].cells.get(col).map(|c| &c.sort);
            let o = ka.partial_cmp(&kb).unwrap_or(std::cmp::Ordering::Equal);
            if asc {
                o
            } else {
                o.reverse()
            }
        });
    }
    out
}

#[component]
pub fn DataTable(
    /// Accessible name of the table.
    #[prop(into)]
    label: String,
    columns: Vec<Column>,
    rows: Vec<TableRow>,
    #[prop(default = 25)] page_size: usize,
    /// Filter chips: (label, tag).
    #[prop(optional)]
    filters: Vec<(&'static str, &'static str)>,
    /// Link to the CSV export of this list (a server route).
    #[prop(optional, into)]
    csv_href: Option<String>,
    #[prop(default = "Nothing here yet")] empty_title: &'static str,
    #[prop(default = "")] empty_hint: &'static str,
    #[prop(default = true)] searchable: bool,
) -> impl IntoView {
    let rows = StoredValue::new(rows);
    let (query, set_query) = signal(String::new());
    let (tag, set_tag) = signal(None::<&'static str>);
    let (sort, set_sort) = signal(None::<(usize, bool)>);
    let (page, set_page) = signal(0usize);
    let visible = Memo::new(move |_| rows.with_value(|r| visible_rows(r, &query.get(), tag.get(), sort.get())));
    let pages = move || visible.with(|v| v.len().div_ceil(page_size).max(1));
    // Keep the page in range when the filter shrinks the list.
    Effect::new(move |_| {
        let p = pages();
        if page.get_untracked() >= p {
            set_page.set(p - 1);
        }
    });
    let total = rows.with_value(|r| r.len());
    let header = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let numeric = c.numeric;
            let label = c.label;
            let aria_sort = move || match sort.get() {
                Some((col, true)) if col == i => "ascending",
                Some((col, false)) if col == i => "descending",
                _ => "none",
            };
            let arrow = move || match sort.get() {
                Some((col, true)) if col == i => "↑",
                Some((col, false)) if col == i => "↓",
                _ => "",
            };
            let sort_button = move || {
                view! {
                    <button
                        type="button"
                        class="th-sort"
                        on:click=move |_| {
                            set_sort
                                .update(|s| {
                                    *s = match *s {
                                        Some((col, asc)) if col == i => Some((i, !asc)),
                                        _ => Some((i, true)),
                                    };
                                });
                            set_page.set(0);
                        }
                    >
                        {label}
                        <span class="sort-arrow" aria-hidden="true">
                            {arrow}
                        </span>
                    </button>
                }
            };
            view! {
                <th scope="col" class:num=numeric aria-sort=move || (!label.is_empty()).then(aria_sort)>
                    // An actions column: nothing to sort by, and a name for screen readers.
                    {if label.is_empty() { Either::Left(view! { <span class="sr-only">"Actions"</span> }) } else { Either::Right(sort_button()) }}
                </th>
            }
        })
        .collect_view();
    let labels: Vec<&'static str> = columns.iter().map(|c| c.label).collect();
    let labels = StoredValue::new(labels);
    let numeric: Vec<bool> = columns.iter().map(|c| c.numeric).collect();
    let numeric = StoredValue::new(numeric);
    let body = move || {
        let start = page.get() * page_size;
        let shown: Vec<TableRow> = visible.with(|v| rows.with_value(|all| v.iter().skip(start).take(page_size).map(|i| all[*i].clone()).collect()));
        {
            shown
                .iter()
                .map(|r| {
                    let href = r.href.clone();
                    let cells = r
                        .cells
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let content = match &c.view {
                                Some(v) => v(),
                                None => c.text.clone().into_any(),
                            };
                            let content = match (&href, i) {
                                (Some(h), 0) => view! {
                                    <a href=h.clone() class="row-link">
                                        {content}
                                    </a>
                                }
                                .into_any(),
                                _ => content,
                            };
                            let is_num = numeric.with_value(|n| n.get(i).copied().unwrap_or(false));
                            // On a phone each row is a card: every cell says which column it is.
                            let column = labels.with_value(|l| l.get(i).copied().unwrap_or(""));
                            view! {
                                <td class:num=is_num data-label=column>
                                    {content}
                                </td>
                            }
                        })
                        .collect_view();
                    view! { <tr class:linked=href.is_some()>{cells}</tr> }
                })
                .collect_view()
        }
    };
    let chips = (!filters.is_empty()).then(|| {
        let all = view! {
            <button
                type="button"
                class="chip"
                aria-pressed=move || tag.get().is_none().to_string()
                on:click=move |_| {
                    set_tag.set(None);
                    set_page.set(0);
                }
            >
                "All"
            </button>
        };
        let rest = filters
            .into_iter()
            .map(|(label, t)| {
                view! {
                    <button
                        type="button"
                        class="chip"
                        aria-pressed=move || (tag.get() == Some(t)).to_string()
                        on:click=move |_| {
                            set_tag.set(Some(t));
                            set_page.set(0);
                        }
                    >
                        {label}
                    </button>
                }
            })
            .collect_view();
        view! {
            <div class="chips" role="group" aria-label="Filter">
                {all}
                {rest}
            </div>
        }
    });
    let label_for_search = format!("Search {}", label.to_lowercase());
    view! {
        <div class="data-table">
            <div class="table-toolbar">
                {chips}
                <div class="toolbar-right">
                    {searchable
                        .then(|| {
                            view! {
                                <input
                                    type="search"
                                    class="search"
                                    placeholder="Search…"
                                    aria-label=label_for_search.clone()
                                    prop:value=query
                                    on:input=move |ev| {
                                        set_query.set(event_target_value(&ev));
                                        set_page.set(0);
                                    }
                                />
                            }
                        })}
                    {csv_href
                        .map(|h| {
                            view! {
                                <a class="button" href=h download>
                                    "Export CSV"
                                </a>
                            }
                        })}
                </div>
            </div>
            <Show
                when=move || !visible.with(|v| v.is_empty())
                fallback=move || {
                    view! {
                        <div class="empty">
                            <p class="empty-title">{if total == 0 { empty_title } else { "No matches" }}</p>
                            <p class="empty-hint">{if total == 0 { empty_hint } else { "Try another search or filter." }}</p>
                        </div>
                    }
                }
            >
                <div class="table-wrap" tabindex="0" role="region" aria-label=label.clone()>
                    <table class="table stack" aria-label=label.clone()>
                        <thead>
                            <tr>{header.clone()}</tr>
                        </thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
            </Show>
            <div class="table-footer">
                <span class="muted small">
                    {move || {
                        let n = visible.with(|v| v.len());
                        if n == total { format!("{n} {}", if n == 1 { "row" } else { "rows" }) } else { format!("{n} of {total} rows") }
                    }}
                </span>
                <Show when=move || { pages() > 1 }>
                    <nav class="pager" aria-label="Pages">
                        <button
                            type="button"
                            class="button small"
                            disabled=move || page.get() == 0
                            on:click=move |_| set_page.update(|p| *p = p.saturating_sub(1))
                        >
                            "Previous"
                        </button>
                        <span class="small">{move || format!("Page {} of {}", page.get() + 1, pages())}</span>
                        <button
                            type="button"
                            class="button small"
                            disabled=move || { page.get() + 1 >= pages() }
                            on:click=move |_| set_page.update(|p| *p += 1)
                        >
                            "Next"
                        </button>
                    </nav>
                </Show>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, n: i64, tag: &str) -> TableRow {
        TableRow { key: name.into(), href: None, tag: Some(tag.into()), cells: vec![Cell::text(name), Cell::num(n, n.to_string())] }
    }

    #[test]
    fn search_filter_and_sort() {
        let rows = vec![row("Bravo", 2, "a"), row("alpha", 10, "b"), row("Charlie", 1, "a")];
        let names = |v: Vec<usize>| v.iter().map(|i| rows[*i].key.clone()).collect::<Vec<_>>();
        assert_eq!(names(visible_rows(&rows, "", None, Some((0, true)))), ["alpha", "Bravo", "Charlie"]);
        assert_eq!(names(visible_rows(&rows, "", None, Some((1, false)))), ["alpha", "Bravo", "Charlie"]);
        assert_eq!(names(visible_rows(&rows, "", None, Some((1, true)))), ["Charlie", "Bravo", "alpha"]);
        assert_eq!(names(visible_rows(&rows, "AR", None, None)), ["Charlie"]);
        assert_eq!(names(visible_rows(&rows, "", Some("a"), None)), ["Bravo", "Charlie"]);
    }
}
